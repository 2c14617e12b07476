//! The Markdown note for one entity: YAML front matter, a heading, the summary or claim text, then
//! a section per relation listing linked entities as Obsidian wiki links `[[id|Name]]`. Every claim
//! shown carries its attribution and a footnote citing its source; sources are numbered footnotes.
//! A source's note names the actors it was relayed by; an actor's note, the sources it relayed.
//! Deterministic (no timestamps), and every piece of KB text is neutralised on the way in, so the
//! note holds no control characters (newlines are layout; tabs become spaces).

use crate::kb::{
    ActorId, Claim, ClaimId, ClaimMode, EntityRef, Kb, MeetingId, SourceId, claim_date,
    meeting_date, published_date,
};
use crate::text;
use serde_yaml::{Mapping, Value};
use std::fmt::Write as _;

/// One-line KB text, safe.
fn s(t: &str) -> String {
    text::line(t).into_owned()
}

/// Multi-line KB text, safe.
fn block(t: &str) -> String {
    text::block(t).trim_end().to_string()
}

/// `[[id|Name]]`, with the characters that would end the link early replaced.
fn wiki(kb: &Kb, e: EntityRef, label: &str) -> String {
    let label: String = s(label)
        .chars()
        .map(|c| match c {
            '|' => '¦',
            '[' => '(',
            ']' => ')',
            c => c,
        })
        .collect();
    format!("[[{}|{label}]]", kb.id_of(e))
}

/// The numbered footnotes of one note, in order of first citation.
#[derive(Default)]
struct Footnotes(Vec<SourceId>);

impl Footnotes {
    fn cite(&mut self, s: SourceId) -> String {
        let n = match self.0.iter().position(|x| *x == s) {
            Some(i) => i + 1,
            None => {
                self.0.push(s);
                self.0.len()
            }
        };
        format!("[^{n}]")
    }

    fn render(&self, kb: &Kb, out: &mut String) {
        if self.0.is_empty() {
            return;
        }
        out.push('\n');
        for (i, id) in self.0.iter().enumerate() {
            let _ = writeln!(out, "[^{}]: {}", i + 1, citation(kb, *id));
        }
    }
}

/// A source as a citation: author, "title", outlet, date, via, url.
pub fn citation(kb: &Kb, id: SourceId) -> String {
    let src = kb.source(id);
    let mut parts = Vec::new();
    if let Some(a) = &src.author {
        parts.push(s(a));
    }
    parts.push(format!("\"{}\"", s(&src.title)));
    if let Some(p) = src.publisher {
        parts.push(s(&kb.actor(p).name));
    }
    if let Some(d) = published_date(src) {
        parts.push(d);
    }
    if let Some(v) = &src.via {
        parts.push(format!("via {}", s(v)));
    }
    if let Some(u) = &src.url {
        parts.push(format!("<{}>", s(u)));
    }
    parts.join(", ")
}

/// "Sergei Lavrov, per Caliber.Az; reported; grade C3"; an outlet's own statement is
/// "Caliber.Az (own reporting); ...".
pub fn attribution(kb: &Kb, c: &Claim) -> String {
    let src = kb.source(c.source);
    let speaker = s(&kb.actor(c.by).name);
    let mut a = if src.publisher == Some(c.by) {
        format!("{speaker} (own reporting); {}", c.status)
    } else {
        let outlet = src
            .publisher
            .map(|p| kb.actor(p).name.as_str())
            .unwrap_or(src.title.as_str());
        format!("{speaker}, per {}; {}", s(outlet), c.status)
    };
    if let Some(g) = c.grade {
        let _ = write!(a, "; grade {g}");
    }
    a
}

/// The claim's words, marked by how the source renders them.
fn claim_words(c: &Claim) -> String {
    match c.mode {
        ClaimMode::Quote => format!("“{}”", s(&c.text)),
        _ => s(&c.text),
    }
}

/// One list item for a claim: its words as a link to its note, how they are rendered, the
/// attribution and a footnote.
fn claim_item(kb: &Kb, id: ClaimId, notes: &mut Footnotes) -> String {
    let c = kb.claim(id);
    let cite = notes.cite(c.source);
    format!(
        "- {} ({}) — {}{cite}",
        wiki(kb, EntityRef::Claim(id), &claim_words(c)),
        c.mode,
        attribution(kb, c),
    )
}

fn meeting_item(kb: &Kb, id: MeetingId, role: Option<&str>) -> String {
    let m = kb.meeting(id);
    let date = meeting_date(m)
        .map(|d| s(&d))
        .unwrap_or_else(|| "undated".into());
    let role = role.map(|r| format!(" · {r}")).unwrap_or_default();
    format!(
        "- {date} · {} · {}{role}",
        wiki(kb, EntityRef::Meeting(id), &m.title),
        m.status
    )
}

fn actor_item(kb: &Kb, e: EntityRef) -> String {
    match e {
        EntityRef::Actor(a) => {
            let actor = kb.actor(a);
            let role = actor
                .role
                .as_deref()
                .map(|r| format!(", {}", s(r)))
                .unwrap_or_default();
            format!("- {} ({}{role})", wiki(kb, e, &actor.name), actor.kind)
        }
        _ => format!("- {}", wiki(kb, e, kb.title_of(e))),
    }
}

/// The opening of an actor's or a meeting's note: heading, a line of facts, a labelled list
/// (aliases, topics) and the summary.
fn lead(
    out: &mut String,
    heading: &str,
    facts: Vec<String>,
    listed: (&str, &[String]),
    summary: Option<&str>,
) {
    let _ = writeln!(out, "# {}\n", s(heading));
    let _ = writeln!(out, "{}", facts.join(" · "));
    let (label, items) = listed;
    if !items.is_empty() {
        let items: Vec<String> = items.iter().map(|x| s(x)).collect();
        let _ = writeln!(out, "\n**{label}:** {}", items.join(", "));
    }
    if let Some(summary) = summary {
        let _ = writeln!(out, "\n{}", block(summary));
    }
}

fn section(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {title}\n");
    for i in items {
        let _ = writeln!(out, "{i}");
    }
}

fn list(v: &[String]) -> Value {
    Value::Sequence(v.iter().map(|x| Value::String(s(x))).collect())
}

fn front_matter(fields: Vec<(&str, Value)>) -> String {
    let mut m = Mapping::new();
    for (k, v) in fields {
        let empty = matches!(&v, Value::Null) || matches!(&v, Value::Sequence(x) if x.is_empty());
        if !empty {
            m.insert(Value::String(k.to_string()), v);
        }
    }
    let yaml = serde_yaml::to_string(&Value::Mapping(m)).unwrap_or_default();
    format!("---\n{yaml}---\n")
}

fn opt(v: Option<String>) -> Value {
    v.map(|x| Value::String(s(&x))).unwrap_or(Value::Null)
}

fn ids_of(kb: &Kb, v: impl IntoIterator<Item = SourceId>) -> Value {
    let mut ids: Vec<String> = Vec::new();
    for id in v {
        let name = kb.source(id).id.clone();
        if !ids.contains(&name) {
            ids.push(name);
        }
    }
    list(&ids)
}

/// The Markdown note for `e`.
/// The Markdown note for `e`.
pub fn note(kb: &Kb, e: EntityRef) -> String {
    let mut body = String::new();
    let mut notes = Footnotes::default();
    let front = match e {
        EntityRef::Actor(a) => actor_note(kb, a, &mut body, &mut notes),
        EntityRef::Meeting(m) => meeting_note(kb, m, &mut body, &mut notes),
        EntityRef::Claim(c) => claim_note(kb, c, &mut body, &mut notes),
        EntityRef::Source(s) => source_note(kb, s, &mut body, &mut notes),
    };
    let mut out = front;
    out.push('\n');
    out.push_str(&body);
    notes.render(kb, &mut out);
    out
}

/// A linked source as a list item, with its footnote.
fn source_item(kb: &Kb, id: SourceId, notes: &mut Footnotes) -> String {
    format!(
        "- {}{}",
        wiki(kb, EntityRef::Source(id), &kb.source(id).title),
        notes.cite(id)
    )
}

fn actor_items(kb: &Kb, ids: &[ActorId]) -> Vec<String> {
    ids.iter()
        .map(|x| actor_item(kb, EntityRef::Actor(*x)))
        .collect()
}

fn claim_items(kb: &Kb, ids: &[ClaimId], notes: &mut Footnotes) -> Vec<String> {
    ids.iter().map(|c| claim_item(kb, *c, notes)).collect()
}

/// An actor's note body; returns its front matter.
fn actor_note(kb: &Kb, a: ActorId, body: &mut String, notes: &mut Footnotes) -> String {
    let l = kb.links();
    let actor = kb.actor(a);
    let mut facts = vec![format!("*{}*", actor.kind)];
    facts.extend(actor.role.as_deref().map(s));
    facts.extend(actor.country.as_deref().map(s));
    lead(
        body,
        &actor.name,
        facts,
        ("Also known as", &actor.aliases),
        actor.summary.as_deref(),
    );
    section(
        body,
        "Affiliated with",
        &actor_items(kb, &actor.affiliations),
    );
    let affiliates = actor_items(kb, l.actor_affiliates.get(a.index()));
    section(body, "Affiliated", &affiliates);
    // Meetings it took part in and meetings its claims concern, together, in meeting order.
    let took: Vec<MeetingId> = l.actor_meetings.get(a.index()).to_vec();
    let spoke = l
        .actor_meetings_spoken
        .get(a.index())
        .iter()
        .copied()
        .filter(|m| !took.contains(m));
    let mut meetings: Vec<(MeetingId, &str)> = took
        .iter()
        .map(|m| (*m, "took part"))
        .chain(spoke.map(|m| (m, "spoke about")))
        .collect();
    meetings.sort_by(|(x, _), (y, _)| kb.meeting_order(*x).cmp(&kb.meeting_order(*y)));
    let meeting_items: Vec<String> = meetings
        .iter()
        .map(|(m, role)| meeting_item(kb, *m, Some(role)))
        .collect();
    section(body, "Meetings", &meeting_items);
    let made = claim_items(kb, l.actor_claims_made.get(a.index()), notes);
    section(body, "Claims made", &made);
    let about = claim_items(kb, l.actor_claims_about.get(a.index()), notes);
    section(body, "Claims about", &about);
    let published: Vec<String> = l
        .actor_sources_published
        .get(a.index())
        .iter()
        .map(|x| source_item(kb, *x, notes))
        .collect();
    section(body, "Published", &published);
    let relayed: Vec<String> = l
        .actor_sources_relayed
        .get(a.index())
        .iter()
        .map(|x| source_item(kb, *x, notes))
        .collect();
    section(body, "Relayed", &relayed);
    front_matter(vec![
        ("id", Value::String(actor.id.clone())),
        ("kind", Value::String("actor".into())),
        ("actor_kind", Value::String(actor.kind.to_string())),
        ("name", Value::String(s(&actor.name))),
        ("aliases", list(&actor.aliases)),
        ("role", opt(actor.role.clone())),
        ("country", opt(actor.country.clone())),
        ("tags", list(&actor.tags)),
        ("inferred", list(&actor.inferred)),
        ("sources", ids_of(kb, notes.0.iter().copied())),
    ])
}

/// A meeting's note body; returns its front matter.
fn meeting_note(kb: &Kb, m: MeetingId, body: &mut String, notes: &mut Footnotes) -> String {
    let meeting = kb.meeting(m);
    let date = meeting_date(meeting).map(|d| s(&d));
    let mut facts = vec![format!("*{}*", meeting.status)];
    facts.extend(date);
    facts.extend(meeting.place.as_deref().map(s));
    lead(
        body,
        &meeting.title,
        facts,
        ("Topics", &meeting.topics),
        meeting.summary.as_deref(),
    );
    section(
        body,
        "Participants",
        &actor_items(kb, &meeting.participants),
    );
    let claims = claim_items(kb, kb.links().meeting_claims.get(m.index()), notes);
    section(body, "Claims", &claims);
    let sources: Vec<String> = meeting
        .sources
        .iter()
        .map(|x| source_item(kb, *x, notes))
        .collect();
    section(body, "Sources", &sources);
    front_matter(vec![
        ("id", Value::String(meeting.id.clone())),
        ("kind", Value::String("meeting".into())),
        ("title", Value::String(s(&meeting.title))),
        ("status", Value::String(meeting.status.to_string())),
        ("date", opt(meeting.date.map(|d| d.to_string()))),
        ("date_text", opt(meeting.date_text.clone())),
        ("place", opt(meeting.place.clone())),
        ("topics", list(&meeting.topics)),
        ("inferred", list(&meeting.inferred)),
        ("sources", ids_of(kb, notes.0.iter().copied())),
    ])
}

/// A claim's note body; returns its front matter.
fn claim_note(kb: &Kb, c: ClaimId, body: &mut String, notes: &mut Footnotes) -> String {
    let l = kb.links();
    let claim = kb.claim(c);
    let speaker = s(&kb.actor(claim.by).name);
    let _ = writeln!(body, "# Claim by {speaker}\n");
    let cite = notes.cite(claim.source);
    let rendered = match claim.mode {
        ClaimMode::Quote => format!("“{}”{cite}\n>\n> — {speaker} (quoted)", s(&claim.text)),
        mode => format!(
            "{}{cite}\n>\n> — {speaker} ({mode}, not a quotation)",
            s(&claim.text)
        ),
    };
    let _ = writeln!(body, "> {rendered}");
    let _ = writeln!(body, "\n**Attribution:** {}", attribution(kb, claim));
    if let Some(g) = claim.grade {
        let _ = writeln!(body, "\n**Grade:** {}", g.spelled_out());
    }
    let _ = writeln!(
        body,
        "\n**Status:** {} · **Mode:** {}",
        claim.status, claim.mode
    );
    if let Some(d) = claim_date(claim) {
        let _ = writeln!(body, "\n**Date:** {}", s(&d));
    }
    section(body, "Said by", &actor_items(kb, &[claim.by]));
    section(body, "About", &actor_items(kb, &claim.about));
    if let Some(m) = claim.meeting {
        section(body, "At meeting", &[meeting_item(kb, m, None)]);
    }
    let groups: [(&str, &[ClaimId]); 6] = [
        ("Supports", &claim.supports),
        ("Supported by", l.claim_supported_by.get(c.index())),
        ("Contradicts", &claim.contradicts),
        ("Contradicted by", l.claim_contradicted_by.get(c.index())),
        ("Qualifies", &claim.qualifies),
        ("Qualified by", l.claim_qualified_by.get(c.index())),
    ];
    for (title, ids) in groups {
        let items = claim_items(kb, ids, notes);
        section(body, title, &items);
    }
    let src = kb.source(claim.source);
    let reported = format!(
        "- {}{cite}",
        wiki(kb, EntityRef::Source(claim.source), &src.title)
    );
    section(body, "Reported in", &[reported]);
    front_matter(vec![
        ("id", Value::String(claim.id.clone())),
        ("kind", Value::String("claim".into())),
        ("title", Value::String(format!("Claim by {speaker}"))),
        ("by", Value::String(kb.actor(claim.by).id.clone())),
        ("mode", Value::String(claim.mode.to_string())),
        ("status", Value::String(claim.status.to_string())),
        ("grade", opt(claim.grade.map(|g| g.to_string()))),
        ("date", opt(claim.date.map(|d| d.to_string()))),
        ("date_text", opt(claim.date_text.clone())),
        ("tags", list(&claim.tags)),
        ("inferred", list(&claim.inferred)),
        ("sources", ids_of(kb, notes.0.iter().copied())),
    ])
}

/// A source's note body; returns its front matter.
fn source_note(kb: &Kb, id: SourceId, body: &mut String, notes: &mut Footnotes) -> String {
    let l = kb.links();
    let src = kb.source(id);
    let _ = writeln!(body, "# {}\n", s(&src.title));
    let cite = notes.cite(id);
    let _ = writeln!(body, "{}{cite}", citation(kb, id));
    if let Some(r) = src.reliability {
        let _ = writeln!(body, "\n**Reliability:** {r} · {}", r.meaning());
    }
    let publisher: Vec<ActorId> = src.publisher.into_iter().collect();
    let relayed_by: Vec<String> = src
        .relayed_by
        .iter()
        .map(|a| kb.actor(*a).id.clone())
        .collect();
    section(body, "Publisher", &actor_items(kb, &publisher));
    section(body, "Relayed by", &actor_items(kb, &src.relayed_by));
    let claims = claim_items(kb, l.source_claims.get(id.index()), notes);
    section(body, "Claims reported", &claims);
    let meetings: Vec<String> = kb
        .by_date(l.source_meetings.get(id.index()).to_vec())
        .into_iter()
        .map(|m| meeting_item(kb, m, None))
        .collect();
    section(body, "Cited by meetings", &meetings);
    front_matter(vec![
        ("id", Value::String(src.id.clone())),
        ("kind", Value::String("source".into())),
        ("title", Value::String(s(&src.title))),
        (
            "publisher",
            opt(src.publisher.map(|p| kb.actor(p).id.clone())),
        ),
        ("author", opt(src.author.clone())),
        ("published", opt(src.published.map(|d| d.to_string()))),
        ("via", opt(src.via.clone())),
        ("relayed_by", list(&relayed_by)),
        ("url", opt(src.url.clone())),
        ("reliability", opt(src.reliability.map(|r| r.to_string()))),
        ("inferred", list(&src.inferred)),
        ("sources", ids_of(kb, [id])),
    ])
}
