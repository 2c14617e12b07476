//! The briefing document (`export --briefing SELECTOR`, the browser's `E`): one Markdown document
//! gathering the claims of a selection (a meeting, an actor, a source, a query's results, marked
//! items) with a bottom line up front, the claims by status, contradictions, the actors and
//! meetings involved, a source table, inferred values disclosed, and numbered footnotes.
//!
//! [`document`] is a pure function of the KB, the selection and the scope line: the same input
//! gives the same bytes. [`select`] turns a command-line selector into a selection; it is the one
//! place that calls the search engine.

use super::markdown::{self, Cx, Footnotes, md, wiki};
use crate::kb::{ClaimId, ClaimScope, ClaimStatus, EntityRef, Kb, MeetingId, SourceId, claim_date};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// The selection a selector names, and words describing it for the scope line.
pub struct Selection {
    pub items: Vec<EntityRef>,
    pub described: String,
}

fn article(kind: crate::kb::EntityKind) -> &'static str {
    match kind {
        crate::kb::EntityKind::Actor => "an actor",
        crate::kb::EntityKind::Meeting => "a meeting",
        crate::kb::EntityKind::Claim => "a claim",
        crate::kb::EntityKind::Source => "a source",
    }
}

/// An entity id, an exact name or title (any case), or else a query in the search language.
pub fn select(kb: &Kb, selector: &str) -> Result<Selection, String> {
    let one = |e: EntityRef| Selection {
        items: vec![e],
        described: format!("{} ({})", md(kb.title_of(e)), article(e.kind())),
    };
    if let Some(e) = kb.lookup(selector.trim()) {
        return Ok(one(e));
    }
    let wanted = selector.trim().to_lowercase();
    let named: Vec<EntityRef> = kb
        .sorted(None)
        .into_iter()
        .filter(|e| !matches!(e, EntityRef::Claim(_)))
        .filter(|e| kb.title_of(*e).to_lowercase() == wanted)
        .collect();
    if let [e] = named[..] {
        return Ok(one(e));
    }
    let items = query_hits(kb, selector)?;
    if items.is_empty() {
        return Err(format!(
            "nothing matches `{}`; give an id (`arctic-brief list`), a name or a query",
            crate::text::line(selector)
        ));
    }
    Ok(Selection {
        described: format!("the query `{}` ({} results)", md(selector), items.len()),
        items,
    })
}

/// The entities a search-language query matches, best first. The only call into `search`.
fn query_hits(kb: &Kb, selector: &str) -> Result<Vec<EntityRef>, String> {
    use crate::search::{Index, Query, Scope};
    let query = Query::parse(selector).map_err(|e| e.to_string())?;
    let index = Index::build(kb);
    let scope = Scope {
        kind: None,
        only: None,
    };
    let stop = std::sync::atomic::AtomicBool::new(false);
    let results = index.search(kb, &query, &scope, None, &stop);
    let mut seen = HashSet::new();
    Ok(results
        .hits
        .iter()
        .map(|h| h.entity)
        .filter(|e| seen.insert(*e))
        .collect())
}

/// The claims a selection gathers: a claim itself; an actor's claims made and about it; a
/// meeting's or a source's claims. Each once, in first-gathered order.
pub fn claims_of(kb: &Kb, selection: &[EntityRef]) -> Vec<ClaimId> {
    let l = kb.links();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for e in selection {
        let batch: Vec<ClaimId> = match *e {
            EntityRef::Claim(c) => vec![c],
            EntityRef::Actor(a) => kb.scope_claims(ClaimScope::Actor(a)).collect(),
            EntityRef::Meeting(m) => kb.scope_claims(ClaimScope::Meeting(m)).collect(),
            EntityRef::Source(s) => l.source_claims.get(s.index()).to_vec(),
        };
        out.extend(batch.into_iter().filter(|c| seen.insert(*c)));
    }
    out
}

/// Strongest first: best grade (ungraded last), then date (latest first), then id.
fn strength_order(kb: &Kb, claims: &mut [ClaimId]) {
    claims.sort_by(|a, b| {
        let (x, y) = (kb.claim(*a), kb.claim(*b));
        let gx = x.grade.map(|g| (g.reliability, g.credibility));
        let gy = y.grade.map(|g| (g.reliability, g.credibility));
        (gx.is_none(), gx)
            .cmp(&(gy.is_none(), gy))
            .then(y.date.cmp(&x.date))
            .then(x.id.cmp(&y.id))
    });
}

/// The latest date anywhere in the KB: when the data stands, for the scope line.
pub fn data_as_of(kb: &Kb) -> Option<String> {
    let dates = kb
        .meetings()
        .iter()
        .filter_map(|m| m.date)
        .chain(kb.claims().iter().filter_map(|c| c.date))
        .chain(kb.sources().iter().filter_map(|s| s.published));
    dates.max().map(|d| d.to_string())
}

/// The scope line for `described` in `kb`: what, from which KB, as of when.
pub fn scope_line(kb: &Kb, described: &str) -> String {
    let when = data_as_of(kb)
        .map(|d| format!(", data as of {d}"))
        .unwrap_or_default();
    format!(
        "Selected: {described}; from {}{when}.",
        md(if kb.is_bundled() {
            "the bundled briefing"
        } else {
            kb.label()
        })
    )
}

/// The briefing document for `selection`, headed by `scope_line` (Markdown, already escaped:
/// [`scope_line`] builds one). Deterministic.
pub fn document(kb: &Kb, selection: &[EntityRef], scope_line: &str) -> String {
    let cx = Cx { kb, vault: None };
    let mut claims = claims_of(kb, selection);
    strength_order(kb, &mut claims);
    let mut notes = Footnotes::default();
    let mut out = format!("# Briefing: {}\n\n{scope_line}\n", title(kb, selection));
    bluf(&cx, &claims, &mut out);
    key_claims(&cx, &claims, &mut notes, &mut out);
    let groups = contradiction_groups(kb, &claims);
    contradictions(&cx, &groups, &mut notes, &mut out);
    involved(&cx, selection, &claims, &mut out);
    source_table(kb, notes.sources(), &mut out);
    // Everything shown: the selection's claims and the claims they are contradicted by.
    let shown: Vec<ClaimId> = claims
        .iter()
        .copied()
        .chain(groups.iter().flat_map(|g| g.0.iter().copied()))
        .collect();
    inferred(kb, selection, &shown, notes.sources(), &mut out);
    notes.render(kb, &mut out);
    out
}

fn title(kb: &Kb, selection: &[EntityRef]) -> String {
    match selection {
        [e] => md(kb.title_of(*e)),
        [] => "nothing selected".into(),
        many => format!("{} items", many.len()),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// “words” for a quotation, the words as they stand otherwise; escaped.
fn words(kb: &Kb, c: ClaimId) -> String {
    let c = kb.claim(c);
    match c.mode {
        crate::kb::ClaimMode::Quote => format!("“{}”", md(&c.text)),
        _ => md(&c.text),
    }
}

/// `“words” — [[speaker]]`.
fn said(cx: &Cx, c: ClaimId) -> String {
    let by = cx.kb.claim(c).by;
    let name = &cx.kb.actor(by).name;
    format!(
        "{} — {}",
        words(cx.kb, c),
        wiki(cx, EntityRef::Actor(by), name)
    )
}

fn grade_words(kb: &Kb, c: ClaimId) -> String {
    kb.claim(c)
        .grade
        .map(|g| format!("grade {}", g.spelled_out()))
        .unwrap_or_else(|| "ungraded".into())
}

fn contested(kb: &Kb, c: ClaimId) -> bool {
    let claim = kb.claim(c);
    matches!(claim.status, ClaimStatus::Disputed | ClaimStatus::Denied)
        || !claim.contradicts.is_empty()
        || !kb.links().claim_contradicted_by.get(c.index()).is_empty()
}

fn bluf(cx: &Cx, claims: &[ClaimId], out: &mut String) {
    let kb = cx.kb;
    let _ = writeln!(out, "\n## Bottom line up front\n");
    if claims.is_empty() {
        let _ = writeln!(out, "- No claims in this selection.");
        return;
    }
    let mut by_status: BTreeMap<ClaimStatus, usize> = BTreeMap::new();
    let mut sources = HashSet::new();
    let mut speakers = HashSet::new();
    for c in claims {
        let claim = kb.claim(*c);
        *by_status.entry(claim.status).or_default() += 1;
        sources.insert(claim.source);
        speakers.insert(claim.by);
    }
    let counts: Vec<String> = by_status.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let _ = writeln!(
        out,
        "- {} from {} by {}: {}.",
        plural(claims.len(), "claim", "claims"),
        plural(sources.len(), "source", "sources"),
        plural(speakers.len(), "speaker", "speakers"),
        counts.join(", ")
    );
    let strongest = claims.iter().filter(|c| {
        let claim = kb.claim(**c);
        claim.grade.is_some() && !contested(kb, **c)
    });
    for c in strongest.take(3) {
        let _ = writeln!(
            out,
            "- Strongest: {} ({}).",
            said(cx, *c),
            grade_words(kb, *c)
        );
    }
    for c in claims.iter().filter(|c| contested(kb, **c)).take(3) {
        let _ = writeln!(
            out,
            "- Contested: {} ({}; {}).",
            said(cx, *c),
            kb.claim(*c).status,
            grade_words(kb, *c)
        );
    }
}

/// One claim with everything a reader weighs it by.
fn claim_line(cx: &Cx, c: ClaimId, notes: &mut Footnotes) -> String {
    let claim = cx.kb.claim(c);
    let date = claim_date(claim)
        .map(|d| format!("; {}", md(&d)))
        .unwrap_or_default();
    format!(
        "{}; {}; {}{date}{}",
        said(cx, c),
        grade_words(cx.kb, c),
        claim.mode,
        notes.cite(claim.source)
    )
}

fn key_claims(cx: &Cx, claims: &[ClaimId], notes: &mut Footnotes, out: &mut String) {
    if claims.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Key claims");
    for status in ClaimStatus::ALL {
        let these: Vec<&ClaimId> = claims
            .iter()
            .filter(|c| cx.kb.claim(**c).status == *status)
            .collect();
        if these.is_empty() {
            continue;
        }
        let heading = format!("{status}");
        let mut chars = heading.chars();
        let heading: String = chars
            .next()
            .map(|f| f.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        let _ = writeln!(out, "\n### {heading} ({})\n", these.len());
        for c in these {
            let _ = writeln!(out, "- {}", claim_line(cx, *c, notes));
        }
    }
}

/// Connected groups of contradicting claims touching the selection: each group's claims (in
/// strength order) and its contradiction pairs.
type Group = (Vec<ClaimId>, Vec<(ClaimId, ClaimId)>);

fn contradiction_groups(kb: &Kb, claims: &[ClaimId]) -> Vec<Group> {
    let l = kb.links();
    let mut edges: Vec<(ClaimId, ClaimId)> = Vec::new();
    let mut seen = HashSet::new();
    for c in claims {
        let claim = kb.claim(*c);
        for d in claim.contradicts.iter().map(|d| (*c, *d)).chain(
            l.claim_contradicted_by
                .get(c.index())
                .iter()
                .map(|d| (*d, *c)),
        ) {
            if seen.insert(d) {
                edges.push(d);
            }
        }
    }
    // Union-find over the claims the edges touch.
    let mut parent: HashMap<ClaimId, ClaimId> = HashMap::new();
    fn root(p: &mut HashMap<ClaimId, ClaimId>, mut x: ClaimId) -> ClaimId {
        while let Some(&up) = p.get(&x).filter(|up| **up != x) {
            let grand = p.get(&up).copied().unwrap_or(up);
            p.insert(x, grand);
            x = up;
        }
        x
    }
    for (a, b) in &edges {
        parent.entry(*a).or_insert(*a);
        parent.entry(*b).or_insert(*b);
        let (ra, rb) = (root(&mut parent, *a), root(&mut parent, *b));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    let mut groups: HashMap<ClaimId, Group> = HashMap::new();
    for (a, b) in edges {
        let r = root(&mut parent, a);
        groups.entry(r).or_default().1.push((a, b));
    }
    let mut out: Vec<Group> = groups
        .into_values()
        .map(|(_, mut pairs)| {
            let mut members: Vec<ClaimId> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
            members.sort();
            members.dedup();
            strength_order(kb, &mut members);
            pairs.sort_by(|x, y| {
                let key =
                    |p: &(ClaimId, ClaimId)| (kb.claim(p.0).id.clone(), kb.claim(p.1).id.clone());
                key(x).cmp(&key(y))
            });
            (members, pairs)
        })
        .collect();
    out.sort_by(|x, y| kb.claim(x.0[0]).id.cmp(&kb.claim(y.0[0]).id));
    out
}

fn contradictions(cx: &Cx, groups: &[Group], notes: &mut Footnotes, out: &mut String) {
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Contradictions\n");
    for (members, pairs) in groups {
        if let [(a, b)] = pairs[..] {
            let _ = writeln!(
                out,
                "- {}{}\n  contradicts {}{}",
                said(cx, a),
                notes.cite(cx.kb.claim(a).source),
                said(cx, b),
                notes.cite(cx.kb.claim(b).source)
            );
            continue;
        }
        let _ = writeln!(
            out,
            "- A cluster of {} claims, {} contradictions:",
            members.len(),
            pairs.len()
        );
        let number: HashMap<ClaimId, usize> = members
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i + 1))
            .collect();
        for (i, c) in members.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, claim_line(cx, *c, notes));
        }
        let edges: Vec<String> = pairs
            .iter()
            .map(|(a, b)| format!("{} contradicts {}", number[a], number[b]))
            .collect();
        let _ = writeln!(out, "  - {}.", edges.join("; "));
    }
}

fn involved(cx: &Cx, selection: &[EntityRef], claims: &[ClaimId], out: &mut String) {
    let kb = cx.kb;
    let mut made: HashMap<crate::kb::ActorId, (usize, usize)> = HashMap::new();
    let mut meetings: HashSet<MeetingId> = HashSet::new();
    for e in selection {
        match *e {
            EntityRef::Actor(a) => {
                made.entry(a).or_default();
            }
            EntityRef::Meeting(m) => {
                meetings.insert(m);
                for a in &kb.meeting(m).participants {
                    made.entry(*a).or_default();
                }
            }
            _ => {}
        }
    }
    for c in claims {
        let claim = kb.claim(*c);
        made.entry(claim.by).or_default().0 += 1;
        for a in &claim.about {
            made.entry(*a).or_default().1 += 1;
        }
        meetings.extend(claim.meeting);
    }
    let mut actors: Vec<_> = made.into_iter().collect();
    actors.sort_by(|(x, _), (y, _)| {
        let (x, y) = (kb.actor(*x), kb.actor(*y));
        x.name.cmp(&y.name).then(x.id.cmp(&y.id))
    });
    if !actors.is_empty() {
        let _ = writeln!(out, "\n## Actors involved\n");
    }
    for (a, (said, about)) in actors {
        let _ = writeln!(
            out,
            "{} — {} made, {} about",
            markdown::actor_item(cx, EntityRef::Actor(a)),
            plural(said, "claim", "claims"),
            plural(about, "claim", "claims"),
        );
    }
    let meetings = kb.by_date(meetings.into_iter().collect());
    if !meetings.is_empty() {
        let _ = writeln!(out, "\n## Meetings involved\n");
    }
    for m in meetings {
        let _ = writeln!(out, "{}", markdown::meeting_item(cx, m, None));
    }
}

/// A table cell: escaped, with `|` (which would end the cell) escaped too.
fn cell(t: &str) -> String {
    md(t).replace('|', "\\|")
}

fn source_table(kb: &Kb, sources: &[SourceId], out: &mut String) {
    if sources.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Sources\n");
    let _ = writeln!(
        out,
        "| # | Source | Publisher | Author | Date | Via | Reliability |\n|---|---|---|---|---|---|---|"
    );
    for (i, s) in sources.iter().enumerate() {
        let src = kb.source(*s);
        let opt = |v: Option<String>| v.map(|v| cell(&v)).unwrap_or_else(|| "—".into());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            cell(&src.title),
            opt(src.publisher.map(|p| kb.actor(p).name.clone())),
            opt(src.author.clone()),
            opt(crate::kb::published_date(src)),
            opt(src.via.clone()),
            opt(src.reliability.map(|r| format!("{r} · {}", r.meaning()))),
        );
    }
}

/// Every value in the document the KB marks as inferred rather than stated by a source.
fn inferred(
    kb: &Kb,
    selection: &[EntityRef],
    claims: &[ClaimId],
    sources: &[SourceId],
    out: &mut String,
) {
    let mut seen = HashSet::new();
    let entities = selection
        .iter()
        .copied()
        .chain(claims.iter().map(|c| EntityRef::Claim(*c)))
        .chain(claims.iter().map(|c| EntityRef::Actor(kb.claim(*c).by)))
        .chain(
            claims
                .iter()
                .filter_map(|c| kb.claim(*c).meeting.map(EntityRef::Meeting)),
        )
        .chain(sources.iter().map(|s| EntityRef::Source(*s)));
    let mut lines = Vec::new();
    for e in entities.filter(|e| seen.insert(*e)) {
        let fields = match e {
            EntityRef::Actor(a) => &kb.actor(a).inferred,
            EntityRef::Meeting(m) => &kb.meeting(m).inferred,
            EntityRef::Claim(c) => &kb.claim(c).inferred,
            EntityRef::Source(s) => &kb.source(s).inferred,
        };
        if fields.is_empty() {
            continue;
        }
        let fields: Vec<String> = fields.iter().map(|f| md(f)).collect();
        let what = match e {
            EntityRef::Claim(c) => format!("claim by {}", md(&kb.actor(kb.claim(c).by).name)),
            _ => format!("{} {}", e.kind(), md(kb.title_of(e))),
        };
        lines.push(format!("- {what}: {} inferred", fields.join(", ")));
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## Inferred values\n\nThese are the analyst's inference, not stated by the source:\n"
    );
    for l in lines {
        let _ = writeln!(out, "{l}");
    }
}
