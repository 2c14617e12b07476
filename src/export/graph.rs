//! The link graph written out: Graphviz DOT, Mermaid (for a Markdown note) and JSON
//! (`arctic-brief graph`). Deterministic (the order of [`Graph`]). Every label is KB text: it goes
//! through [`text::line`] and then the format's own escaping, so a hostile name can neither break
//! the syntax nor reach a terminal raw. Node names in the output are ours (`actor:sergei-lavrov`,
//! `n0`), never KB text.

use crate::kb::{EntityRef, Graph, Kb, NodeRef, Rel};
use crate::text;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// Claim texts are long: labels stop after this many characters.
const LABEL_CHARS: usize = 80;

/// The node's label, neutralised and shortened.
fn label(kb: &Kb, n: NodeRef) -> String {
    let full = kb.node_label(n);
    let one = text::line(&full);
    let mut out: String = one.chars().take(LABEL_CHARS).collect();
    if one.chars().nth(LABEL_CHARS).is_some() {
        out.push('…');
    }
    out
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
