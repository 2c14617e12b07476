//! The link graph written out: Graphviz DOT, Mermaid (for a Markdown note) and JSON
//! (`arctic-brief graph`). Deterministic (the order of [`Graph`]). Every label is KB text: it goes
//! through [`text::line`] and then the format's own escaping, so a hostile name can neither break
//! the syntax nor reach a terminal raw. Node names in the output are ours (`actor:sergei-lavrov`,
//! `n0`), never KB text.

use crate::kb::{EntityRef, Graph, Kb, NodeRef, Rel};
use crate::text;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// Claim texts are long: their labels stop after this many characters (names and titles are
/// shown whole).
const CLAIM_CHARS: usize = 80;

/// The node's label, shortened when a claim's, then neutralised (after shortening, so a
/// placeholder is never cut).
fn label(kb: &Kb, n: NodeRef) -> String {
    let full = kb.node_label(n);
    if !matches!(n, NodeRef::Entity(EntityRef::Claim(_))) || full.chars().nth(CLAIM_CHARS).is_none()
    {
        return text::line(&full).into_owned();
    }
    let cut: String = full.chars().take(CLAIM_CHARS).collect();
    format!("{}…", text::line(&cut))
}

/// The kind shown under an entity's label: `person`, `meeting`, ...
fn kind_word(kb: &Kb, n: NodeRef) -> &'static str {
    match n {
        NodeRef::Entity(EntityRef::Actor(a)) => kb.actor(a).kind.as_str(),
        NodeRef::Entity(e) => e.kind().as_str(),
        NodeRef::Group { .. } => "group",
    }
}

/// A node's name in the output: `actor:sergei-lavrov` (ids are `[a-z0-9-]`), `group:3`.
fn key(kb: &Kb, g: &Graph, i: usize) -> String {
    match g.nodes[i].node {
        NodeRef::Entity(e) => format!("{}:{}", e.kind(), kb.id_of(e)),
        NodeRef::Group { .. } => format!("group:{i}"),
    }
}

/// Inside a DOT double-quoted string only `"` and `\` are special.
fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot_shape(n: NodeRef) -> &'static str {
    match n {
        NodeRef::Entity(EntityRef::Actor(_)) => "ellipse",
        NodeRef::Entity(EntityRef::Meeting(_)) => "hexagon",
        NodeRef::Entity(EntityRef::Claim(_)) => "box",
        NodeRef::Entity(EntityRef::Source(_)) => "note",
        NodeRef::Group { .. } => "plaintext",
    }
}

fn dot_edge_style(r: Rel) -> &'static str {
    match r {
        Rel::Supports => ", color=\"darkgreen\"",
        Rel::Contradicts => ", color=\"red\", style=\"bold\"",
        Rel::Qualifies => ", color=\"orange\", style=\"dashed\"",
        _ => "",
    }
}

/// The graph as a Graphviz `digraph`.
pub fn dot(kb: &Kb, g: &Graph) -> String {
    let mut out = String::from(
        "digraph \"arctic-brief\" {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for (i, n) in g.nodes.iter().enumerate() {
        let centre = if g.center.is_some() && n.hop == 0 {
            ", style=\"bold\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\\n({})\", shape={}{centre}];",
            key(kb, g, i),
            dot_escape(&label(kb, n.node)),
            kind_word(kb, n.node),
            dot_shape(n.node)
        );
    }
    for e in &g.edges {
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\"{}];",
            key(kb, g, e.from),
            key(kb, g, e.to),
            e.rel.label(),
            dot_edge_style(e.rel)
        );
    }
    out.push_str("}\n");
    out
}

/// Inside a Mermaid quoted label, characters Mermaid or the HTML it renders to would read are
/// written as entity codes (`#quot;`, `#35;`).
fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '#' | '&' | '<' | '>' | '`' | '\\' | '|' | '{' | '}' | '[' | ']' | ';' => {
                let _ = write!(out, "#{};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn mermaid_arrow(r: Rel) -> &'static str {
    match r {
        Rel::Supports => "==>",
        Rel::Contradicts | Rel::Qualifies => "-.->",
        _ => "-->",
    }
}

/// The graph as a Mermaid `flowchart`, nodes named `n0`, `n1`, ... in graph order.
pub fn mermaid(kb: &Kb, g: &Graph) -> String {
    let mut out = String::from("flowchart LR\n");
    for (i, n) in g.nodes.iter().enumerate() {
        let (open, close) = match n.node {
            NodeRef::Entity(EntityRef::Actor(_)) => ("([", "])"),
            NodeRef::Entity(EntityRef::Meeting(_)) => ("{{", "}}"),
            NodeRef::Entity(EntityRef::Source(_)) => ("[/", "/]"),
            _ => ("[", "]"),
        };
        let _ = writeln!(
            out,
            "  n{i}{open}\"{} ({})\"{close}",
            mermaid_escape(&label(kb, n.node)),
            kind_word(kb, n.node)
        );
    }
    for e in &g.edges {
        let _ = writeln!(
            out,
            "  n{} {}|{}| n{}",
            e.from,
            mermaid_arrow(e.rel),
            e.rel.label(),
            e.to
        );
    }
    if let Some(c) = g
        .center
        .and_then(|_| g.nodes.iter().position(|n| n.hop == 0))
    {
        let _ = writeln!(out, "  style n{c} stroke-width:3px");
    }
    out
}

/// The graph as JSON: `{"center", "depth", "nodes": [{"key", "entity", "id", "name", "hop"}],
/// "edges": [{"from", "to", "relation"}]}`; a group node has `"group": {"of", "relation",
/// "entity", "count"}` instead of an id.
pub fn json(kb: &Kb, g: &Graph) -> Value {
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| match n.node {
            NodeRef::Entity(e) => json!({
                "key": key(kb, g, i), "entity": e.kind(), "id": kb.id_of(e),
                "name": kb.node_label(n.node), "hop": n.hop,
            }),
            NodeRef::Group { of, rel, kind, count } => json!({
                "key": key(kb, g, i), "hop": n.hop,
                "group": { "of": kb.id_of(of), "relation": rel.key(), "entity": kind, "count": count },
            }),
        })
        .collect();
    let edges: Vec<Value> = g
        .edges
        .iter()
        .map(|e| json!({ "from": key(kb, g, e.from), "to": key(kb, g, e.to), "relation": e.rel.key() }))
        .collect();
    json!({
        "center": g.center.map(|c| super::json::link(kb, c)),
        "depth": g.depth, "nodes": nodes, "edges": edges,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{GraphOptions, RelSet, load_texts};
    use std::borrow::Cow;

    /// Names built to break out of a DOT string or a Mermaid label, or to reach a terminal.
    const HOSTILE: &str = r#"actors:
  - {id: evil, name: "Evil\" ]; \"pwn\" -> \"x\" [label=\"", kind: person}
  - {id: pipe, name: "a|b]) --> n0[\"x\"] ; %% #quot; `md` <b>bold</b> {x} \\ end", kind: group}
  - {id: esc, name: "bell\u0007 esc\u001b[31m red\u009b nl\nnext", kind: media}
sources:
  - {id: s, title: "}\n digraph { \"", publisher: esc}
claims:
  - {id: c, text: "\"];\n}\nflowchart TD\n  z[\"pwned\"]", by: evil, source: s, about: [pipe]}
"#;

    fn graph() -> (Kb, Graph) {
        let kb = load_texts("t", vec![("t.yaml".into(), Cow::Owned(HOSTILE.into()))])
            .unwrap_or_else(|e| panic!("{}", e.render()));
        let g = kb.neighbourhood(
            kb.lookup("c").unwrap(),
            &GraphOptions::complete(2, RelSet::all()),
        );
        (kb, g)
    }

    /// Replaces each DOT double-quoted string with `Q`, checking its escapes.
    fn dot_skeleton(line: &str) -> String {
        let mut out = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                out.push(c);
                continue;
            }
            loop {
                match chars.next() {
                    Some('\\') => assert!(chars.next().is_some(), "{line}"),
                    Some('"') => break,
                    Some(_) => {}
                    None => panic!("unterminated string: {line}"),
                }
            }
            out.push('Q');
        }
        out
    }

    #[test]
    fn hostile_names_cannot_break_dot() {
        let (kb, g) = graph();
        assert_eq!(g.nodes.len(), 5);
        let dot = dot(&kb, &g);
        assert!(crate::text::is_clean(&dot), "{dot:?}");
        let lines: Vec<&str> = dot.lines().collect();
        assert_eq!(lines[0], "digraph \"arctic-brief\" {");
        assert_eq!(lines.last(), Some(&"}"));
        let allowed = [
            "  Q [label=Q, shape=ellipse, style=Q];",
            "  Q [label=Q, shape=ellipse];",
            "  Q [label=Q, shape=box, style=Q];",
            "  Q [label=Q, shape=note];",
            "  Q -> Q [label=Q];",
        ];
        let body = &lines[4..lines.len() - 1];
        assert_eq!(body.len(), g.nodes.len() + g.edges.len());
        for line in body {
            assert!(allowed.contains(&dot_skeleton(line).as_str()), "{line}");
        }
        assert!(dot.contains(r#"label="Evil\" ]; \"pwn\" -> \"x\" [label=\"\n(person)""#));
        assert!(dot.contains("bell␇ esc␛[31m red<U+009B> nl␤next"), "{dot}");
    }

    #[test]
    fn hostile_names_cannot_break_mermaid() {
        let (kb, g) = graph();
        let m = mermaid(&kb, &g);
        assert!(crate::text::is_clean(&m), "{m:?}");
        let lines: Vec<&str> = m.lines().collect();
        assert_eq!(lines[0], "flowchart LR");
        assert_eq!(lines.len(), 1 + g.nodes.len() + g.edges.len() + 1);
        for (i, line) in lines[1..=g.nodes.len()].iter().enumerate() {
            let head = format!("  n{i}");
            assert!(line.starts_with(&head), "{line}");
            let first = line.find('"').expect("a quoted label");
            let last = line.rfind('"').unwrap();
            let label = &line[first + 1..last];
            // Entity codes taken out, nothing Mermaid or HTML would read is left.
            let mut bare = String::new();
            let mut rest = label;
            while let Some(at) = rest.find('#') {
                bare.push_str(&rest[..at]);
                let code: String = rest[at + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                assert!(!code.is_empty(), "{line}");
                let after = &rest[at + 1 + code.len()..];
                assert!(after.starts_with(';'), "{line}");
                rest = &after[1..];
            }
            bare.push_str(rest);
            assert!(
                !bare.contains(['"', '<', '>', '`', '[', ']', '{', '}', '|', ';', '\\', '#']),
                "{line}"
            );
            let shape = (&line[head.len()..first], &line[last + 1..]);
            assert!(
                [("([", "])"), ("[", "]"), ("[/", "/]"), ("{{", "}}")].contains(&shape),
                "{line}"
            );
        }
        // Edge lines name nodes by number and carry only our labels.
        let expected: Vec<String> = g
            .edges
            .iter()
            .map(|e| {
                format!(
                    "  n{} {}|{}| n{}",
                    e.from,
                    mermaid_arrow(e.rel),
                    e.rel.label(),
                    e.to
                )
            })
            .collect();
        assert_eq!(
            &lines[1 + g.nodes.len()..lines.len() - 1],
            expected.as_slice()
        );
        assert!(
            m.contains("Evil#34; #93;#59; #34;pwn#34; -#62; #34;x#34; #91;label=#34; (person)"),
            "{m}"
        );
    }

    #[test]
    fn json_keeps_the_text_and_names_nodes_by_key() {
        let (kb, g) = graph();
        let v = json(&kb, &g);
        assert_eq!(v["center"]["id"], "c");
        assert_eq!(v["nodes"][0]["key"], "claim:c");
        assert_eq!(v["nodes"].as_array().unwrap().len(), g.nodes.len());
        let edges = v["edges"].as_array().unwrap();
        assert!(
            edges
                .iter()
                .any(|e| e["from"] == "actor:evil" && e["relation"] == "said")
        );
    }
}
