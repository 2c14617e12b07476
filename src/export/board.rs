//! The contested-claims board and a claim's corroboration as text and JSON (`arctic-brief board`,
//! the corroboration part of `show`). Pure functions over the model; every KB value goes out
//! through [`text::line`].

use super::link_line;
use crate::kb::{
    BoardClaim, ClaimId, ClaimLink, ClaimScope, Cluster, Corroboration, EntityRef, Flag, Kb,
    Stance, Way,
};
use crate::text;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// `board`'s JSON keyword for a side.
fn stance_key(s: Stance) -> &'static str {
    match s {
        Stance::Main => "main",
        Stance::Opposed => "opposed",
        Stance::Qualifying => "qualifying",
    }
}

/// A flag as JSON: `{"code", "message"}`, and the other claim's id when there is one.
pub fn flag_json(kb: &Kb, f: Flag) -> Value {
    let mut v = json!({ "code": f.code(), "message": f.describe(kb) });
    if let (Flag::ConfirmedContradiction(c), Value::Object(m)) = (f, &mut v) {
        m.insert("claim".into(), kb.claim(c).id.clone().into());
    }
    v
}

/// `3`, or `3+` when the walk over supporting claims stopped early.
fn count(b: &BoardClaim) -> String {
    let more = if b.sources_complete { "" } else { "+" };
    format!("{}{more}", b.independent_sources)
}

/// The links of `c` to other claims, as `supports x, y; qualified by z`.
fn claim_links_line(kb: &Kb, c: ClaimId) -> String {
    let mut parts = Vec::new();
    for link in ClaimLink::ALL {
        for way in [Way::Out, Way::In] {
            let ids: Vec<&str> = kb
                .claim_links(c, link, way)
                .iter()
                .map(|t| kb.claim(*t).id.as_str())
                .collect();
            if !ids.is_empty() {
                parts.push(format!("{} {}", link.label(way), ids.join(", ")));
            }
        }
    }
    parts.join("; ")
}

/// What the board is narrowed to, in words.
fn scope_words(kb: &Kb, scope: Option<ClaimScope>) -> String {
    match scope {
        None => String::new(),
        Some(s) => {
            let e = s.entity();
            format!(" linked to {} `{}`", e.kind(), kb.id_of(e))
        }
    }
}

/// The board as text: one block per cluster, its sides, each claim with grade, status, mode,
/// independent sources, speaker and text, its links, and its flags under it.
pub fn plain(kb: &Kb, clusters: &[Cluster], scope: Option<ClaimScope>) -> String {
    let mut out = String::new();
    let claims: usize = clusters.iter().map(Cluster::len).sum();
    let _ = writeln!(
        out,
        "Contested-claims board{}: {} {}, {claims} claims",
        text::line(&scope_words(kb, scope)),
        clusters.len(),
        if clusters.len() == 1 {
            "cluster"
        } else {
            "clusters"
        }
    );
    let _ = writeln!(
        out,
        "Columns: grade, status, mode, independent sources; `!` marks a flagged claim."
    );
    for (i, c) in clusters.iter().enumerate() {
        let mut tags = vec![format!("{} claims", c.len())];
        if c.is_contested() {
            tags.push("contested".into());
        }
        if c.inconsistent {
            tags.push("sides inconsistent".into());
        }
        if c.flag_count > 0 {
            tags.push(format!("{} flagged", c.flag_count));
        }
        let _ = writeln!(out, "\nCluster {} · {}", i + 1, tags.join(" · "));
        for side in &c.sides {
            let _ = writeln!(out, "  {}", side.stance.label());
            for b in &side.claims {
                board_claim(&mut out, kb, b);
            }
        }
    }
    out
}

fn board_claim(out: &mut String, kb: &Kb, b: &BoardClaim) {
    let c = kb.claim(b.claim);
    let grade = c.grade.map_or("--".to_string(), |g| g.to_string());
    let mark = if b.flags.is_empty() { ' ' } else { '!' };
    let _ = writeln!(
        out,
        "   {mark}{grade:<3}{:<10}{:<11}{:>3} src  {}",
        c.status.as_str(),
        c.mode.as_str(),
        count(b),
        text::line(&c.id)
    );
    let _ = writeln!(
        out,
        "        {}",
        text::line(&link_line(kb, EntityRef::Claim(b.claim)))
    );
    let _ = writeln!(
        out,
        "        ({})",
        text::line(&claim_links_line(kb, b.claim))
    );
    for f in &b.flags {
        let _ = writeln!(out, "        ! {}", text::line(&f.describe(kb)));
    }
}

/// The board as JSON: `{"kb", "scope", "clusters": [{"contested", "inconsistent", "flag_count",
/// "sides": [{"side", "label", "claims": [{"id", "text", "by", "grade", "status", "mode",
/// "independent_sources", "sources_complete", "flags", "supports", ...}]}]}]}`.
pub fn json(kb: &Kb, clusters: &[Cluster], scope: Option<ClaimScope>) -> Value {
    let clusters: Vec<Value> = clusters
        .iter()
        .map(|c| {
            let sides: Vec<Value> = c
                .sides
                .iter()
                .map(|s| {
                    let claims: Vec<Value> =
                        s.claims.iter().map(|b| board_claim_json(kb, b)).collect();
                    json!({ "side": stance_key(s.stance), "label": s.stance.label(), "claims": claims })
                })
                .collect();
            json!({
                "contested": c.is_contested(), "inconsistent": c.inconsistent,
                "flag_count": c.flag_count, "claims": c.len(), "sides": sides,
            })
        })
        .collect();
    let scope = scope.map(|s| super::json::link(kb, s.entity()));
    json!({ "kb": kb.label(), "scope": scope, "clusters": clusters })
}

fn board_claim_json(kb: &Kb, b: &BoardClaim) -> Value {
    let c = kb.claim(b.claim);
    let mut v = json!({
        "id": c.id, "text": c.text,
        "by": { "id": kb.actor(c.by).id, "name": kb.actor(c.by).name },
        "grade": c.grade, "status": c.status, "mode": c.mode,
        "independent_sources": b.independent_sources, "sources_complete": b.sources_complete,
        "flags": b.flags.iter().map(|f| flag_json(kb, *f)).collect::<Vec<_>>(),
    });
    if let Value::Object(m) = &mut v {
        for link in ClaimLink::ALL {
            for way in [Way::Out, Way::In] {
                let ids: Vec<&str> = kb
                    .claim_links(b.claim, link, way)
                    .iter()
                    .map(|t| kb.claim(*t).id.as_str())
                    .collect();
                m.insert(link.label(way).replace(' ', "_"), ids.into());
            }
        }
    }
    v
}

/// A claim's corroboration as JSON, for `show --json`: `{"independent_sources", "sources",
/// "flags", "trees": {"supported_by": [{"id", "depth", "parent"}], ...}}`.
pub fn corroboration_json(kb: &Kb, co: &Corroboration) -> Value {
    let mut trees = serde_json::Map::new();
    for t in &co.trees {
        let rows: Vec<Value> = t
            .rows
            .iter()
            .map(|r| {
                let parent = r.parent.map(|p| kb.claim(t.rows[p].claim).id.clone());
                json!({ "id": kb.claim(r.claim).id, "depth": r.depth, "parent": parent })
            })
            .collect();
        trees.insert(t.label().replace(' ', "_"), rows.into());
    }
    json!({
        "independent_sources": co.independent_sources,
        "sources": co.sources.iter().map(|s| kb.source(*s).id.clone()).collect::<Vec<_>>(),
        "flags": co.flags.iter().map(|f| flag_json(kb, *f)).collect::<Vec<_>>(),
        "trees": trees,
    })
}

/// A claim's corroboration as text, for `show`: independent sources, flags, then each non-empty
/// tree indented by depth.
pub fn corroboration_plain(out: &mut String, kb: &Kb, co: &Corroboration) {
    let _ = writeln!(out, "\nCorroboration");
    let ids: Vec<&str> = co
        .sources
        .iter()
        .map(|s| kb.source(*s).id.as_str())
        .collect();
    let _ = writeln!(
        out,
        "  {} independent of {} {} ({})",
        co.independent_sources,
        ids.len(),
        if ids.len() == 1 { "source" } else { "sources" },
        text::line(&ids.join(", "))
    );
    if co.flags.is_empty() {
        let _ = writeln!(out, "  no flags");
    }
    for f in &co.flags {
        let _ = writeln!(out, "  ! {}", text::line(&f.describe(kb)));
    }
    for t in co.trees.iter().filter(|t| !t.is_empty()) {
        let _ = writeln!(out, "  {} ({}, transitively)", t.label(), t.len());
        for r in &t.rows {
            let indent = "  ".repeat(r.depth.min(16) as usize);
            let _ = writeln!(
                out,
                "  {indent}{}  {}",
                text::line(&kb.claim(r.claim).id),
                text::line(&link_line(kb, EntityRef::Claim(r.claim)))
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::load_texts;
    use std::borrow::Cow;

    const HOSTILE: &str = "actors:
  - {id: a, name: \"A\\nerror: fake\\u001b[2J\", kind: person}
sources:
  - {id: s, title: S}
claims:
  - {id: c1, text: \"one\\nerror: forged line\\u202e\", by: a, source: s, status: confirmed}
  - {id: c2, text: \"two\\u0007\", by: a, source: s, status: confirmed, contradicts: [c1]}
";

    #[test]
    fn the_board_and_corroboration_neutralise_kb_text() {
        let kb = load_texts("t", vec![("t.yaml".into(), Cow::Owned(HOSTILE.into()))])
            .unwrap_or_else(|e| panic!("{}", e.render()));
        let clusters = kb.contested_clusters(None);
        let out = plain(&kb, &clusters, None);
        assert!(crate::text::is_clean(&out), "{out:?}");
        assert!(
            out.lines().all(|l| !l.trim_start().starts_with("error:")),
            "{out}"
        );
        assert!(
            out.contains("A␤error: fake␛[2J: one␤error: forged line<U+202E>"),
            "{out}"
        );
        // Both confirmed, contradicting each other, each on a single source: flagged, on top.
        assert!(
            out.contains("Cluster 1 · 2 claims · contested · 4 flagged"),
            "{out}"
        );
        assert!(out.contains("        ! confirmed, yet contradicted by `c1`, also confirmed\n"));
        let mut show = String::new();
        let c1 = match kb.lookup("c1") {
            Some(EntityRef::Claim(c)) => c,
            _ => unreachable!(),
        };
        corroboration_plain(&mut show, &kb, &kb.corroboration(c1));
        assert!(crate::text::is_clean(&show), "{show:?}");
        assert!(
            show.contains("  ! confirmed by a single independent source\n"),
            "{show}"
        );
        let v = json(&kb, &clusters, None);
        assert_eq!(
            v["clusters"][0]["sides"][1]["claims"][0]["flags"][1]["claim"],
            "c1"
        );
    }
}
