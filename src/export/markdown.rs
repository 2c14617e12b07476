//! The Markdown note for one entity: YAML front matter, a heading, the summary or claim text, then
//! a section per relation listing linked entities as Obsidian wiki links `[[id|Name]]`. Every claim
//! shown carries its attribution and a footnote citing its source; sources are numbered footnotes.
//! A source's note names the actors it was relayed by; an actor's note, the sources it relayed.
//! Deterministic (no timestamps), and every piece of KB text is neutralised on the way in, so the
//! note holds no control characters (newlines are layout; tabs become spaces), and Markdown
//! injection is defused: in the body, KB text has `[`, `]`, `\\` and `` ` `` escaped and `<`, `>`,
//! `&` written as entities, so a summary line `[^1]: ...` cannot forge a footnote, raw HTML shows
//! as text, and a name cannot close a wiki link or open a new one.
//!
//! The same builder writes the vault's notes ([`super::vault`]): a [`Cx`] carries, for a vault,
//! the file name each entity's note has there; links and front-matter references then point at
//! those names (references as `"[[Name]]"` links Obsidian's properties and graph pick up).

use crate::kb::{
    ActorId, Claim, ClaimId, ClaimMode, EntityRef, Kb, MeetingId, SourceId, claim_date,
    meeting_date, published_date,
};
use crate::text;
use serde_yaml::{Mapping, Value};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// The model plus how to name link targets: by id (a single note) or by vault file name.
pub struct Cx<'a> {
    pub kb: &'a Kb,
    pub vault: Option<&'a super::vault::Names>,
}

impl std::ops::Deref for Cx<'_> {
    type Target = Kb;
    fn deref(&self) -> &Kb {
        self.kb
    }
}

impl Cx<'_> {
    /// The name a wiki link to `e` uses.
    fn target(&self, e: EntityRef) -> &str {
        match self.vault {
            Some(names) => names.get(e),
            None => self.kb.id_of(e),
        }
    }

    /// A front-matter reference: the id, or in a vault a `[[Name]]` link.
    fn reference(&self, e: EntityRef) -> Value {
        match self.vault {
            Some(names) => Value::String(format!("[[{}]]", names.get(e))),
            None => Value::String(self.kb.id_of(e).to_string()),
        }
    }

    fn references(&self, es: impl IntoIterator<Item = EntityRef>) -> Value {
        let mut seen = HashSet::new();
        Value::Sequence(
            es.into_iter()
                .filter(|e| seen.insert(*e))
                .map(|e| self.reference(e))
                .collect(),
        )
    }
}

/// One-line KB text, safe for YAML (serde_yaml quotes it as needed).
fn s(t: &str) -> String {
    text::line(t).into_owned()
}

/// Escapes what Markdown or HTML would read as syntax, for KB text in a note's body.
fn escape_into(out: &mut String, t: &str) {
    for c in t.chars() {
        match c {
            '\\' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
}

/// One-line KB text for a note's body: safe and with Markdown syntax defused.
pub fn md(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    escape_into(&mut out, &text::line(t));
    out
}

/// Multi-line KB text for a note's body, as [`md`] but keeping line breaks.
pub fn md_block(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    escape_into(&mut out, text::block(t).trim_end());
    out
}

/// A wiki link label: the characters that would end the link early or read as HTML replaced.
pub fn wiki_label(label: &str) -> String {
    s(label)
        .chars()
        .map(|c| match c {
            '|' => '¦',
            '[' => '(',
            ']' => ')',
            '<' => '‹',
            '>' => '›',
            c => c,
        })
        .collect()
}

/// `[[target|Name]]`, with the characters that would end the link early replaced.
pub fn wiki(kb: &Cx, e: EntityRef, label: &str) -> String {
    format!("[[{}|{}]]", kb.target(e), wiki_label(label))
}

/// The numbered footnotes of one document, in order of first citation; looked up by map, so a
/// note citing 100k sources stays linear.
#[derive(Default)]
pub struct Footnotes {
    order: Vec<SourceId>,
    number: HashMap<SourceId, usize>,
}

impl Footnotes {
    pub fn cite(&mut self, s: SourceId) -> String {
        let next = self.order.len() + 1;
        let n = *self.number.entry(s).or_insert(next);
        if n == next {
            self.order.push(s);
        }
        format!("[^{n}]")
    }

    /// The sources cited, in footnote order.
    pub fn sources(&self) -> &[SourceId] {
        &self.order
    }

    pub fn render(&self, kb: &Kb, out: &mut String) {
        if self.order.is_empty() {
            return;
        }
        out.push('\n');
        for (i, id) in self.order.iter().enumerate() {
            let _ = writeln!(out, "[^{}]: {}", i + 1, citation(kb, *id));
        }
    }
}

/// A source as a citation: author, "title", outlet, date, via, url.
pub fn citation(kb: &Kb, id: SourceId) -> String {
    let src = kb.source(id);
    let mut parts = Vec::new();
    if let Some(a) = &src.author {
        parts.push(md(a));
    }
    parts.push(format!("\"{}\"", md(&src.title)));
    if let Some(p) = src.publisher {
        parts.push(md(&kb.actor(p).name));
    }
    if let Some(d) = published_date(src) {
        parts.push(md(&d));
    }
    if let Some(v) = &src.via {
        parts.push(format!("via {}", md(v)));
    }
    if let Some(u) = &src.url {
        parts.push(md(u));
    }
    parts.join(", ")
}

/// "Sergei Lavrov, per Caliber.Az; reported; grade C3"; an outlet's own statement is
/// "Caliber.Az (own reporting); ...".
pub fn attribution(kb: &Kb, c: &Claim) -> String {
    let src = kb.source(c.source);
    let speaker = md(&kb.actor(c.by).name);
    let mut a = if src.publisher == Some(c.by) {
        format!("{speaker} (own reporting); {}", c.status)
    } else {
        let outlet = src
            .publisher
            .map(|p| kb.actor(p).name.as_str())
            .unwrap_or(src.title.as_str());
        format!("{speaker}, per {}; {}", md(outlet), c.status)
    };
    if let Some(g) = c.grade {
        let _ = write!(a, "; grade {g}");
    }
    a
}

/// The claim's words, marked by how the source renders them.
fn claim_words(c: &Claim) -> String {
    match c.mode {
        ClaimMode::Quote => format!("“{}”", c.text),
        _ => c.text.clone(),
    }
}

/// One list item for a claim: its words as a link to its note, how they are rendered, the
/// attribution and a footnote.
pub fn claim_item(kb: &Cx, id: ClaimId, notes: &mut Footnotes) -> String {
    let c = kb.claim(id);
    let cite = notes.cite(c.source);
    format!(
        "- {} ({}) — {}{cite}",
        wiki(kb, EntityRef::Claim(id), &claim_words(c)),
        c.mode,
        attribution(kb, c),
    )
}

pub fn meeting_item(kb: &Cx, id: MeetingId, role: Option<&str>) -> String {
    let m = kb.meeting(id);
    let date = meeting_date(m)
        .map(|d| md(&d))
        .unwrap_or_else(|| "undated".into());
    let role = role.map(|r| format!(" · {r}")).unwrap_or_default();
    format!(
        "- {date} · {} · {}{role}",
        wiki(kb, EntityRef::Meeting(id), &m.title),
        m.status
    )
}

pub fn actor_item(kb: &Cx, e: EntityRef) -> String {
    match e {
        EntityRef::Actor(a) => {
            let actor = kb.actor(a);
            let role = actor
                .role
                .as_deref()
                .map(|r| format!(", {}", md(r)))
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
    let _ = writeln!(out, "# {}\n", md(heading));
    let _ = writeln!(out, "{}", facts.join(" · "));
    let (label, items) = listed;
    if !items.is_empty() {
        let items: Vec<String> = items.iter().map(|x| md(x)).collect();
        let _ = writeln!(out, "\n**{label}:** {}", items.join(", "));
    }
    if let Some(summary) = summary {
        let _ = writeln!(out, "\n{}", md_block(summary));
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

/// An Obsidian tag: no spaces or punctuation other than `-`, `_` and `/`; `None` when nothing is
/// left or only digits are (Obsidian needs a non-numeric character).
pub fn tag(t: &str) -> Option<String> {
    // Neutralised first: some invisible characters (Hangul filler) count as alphanumeric.
    let t: String = text::line(t)
        .trim()
        .trim_start_matches('#')
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/'))
        .collect();
    (!t.is_empty() && !t.chars().all(|c| c.is_ascii_digit())).then_some(t)
}

fn tags(v: &[String]) -> Value {
    let mut seen = HashSet::new();
    Value::Sequence(
        v.iter()
            .filter_map(|t| tag(t))
            .filter(|t| seen.insert(t.clone()))
            .map(Value::String)
            .collect(),
    )
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

fn sources_of(kb: &Cx, v: &[SourceId]) -> Value {
    kb.references(v.iter().map(|s| EntityRef::Source(*s)))
}

fn actors_of(kb: &Cx, v: &[ActorId]) -> Value {
    kb.references(v.iter().map(|a| EntityRef::Actor(*a)))
}

/// The Markdown note for `e`.
pub fn note(kb: &Kb, e: EntityRef) -> String {
    note_in(&Cx { kb, vault: None }, e)
}

/// The Markdown note for `e`, its links named as `kb` says.
pub fn note_in(kb: &Cx, e: EntityRef) -> String {
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
fn source_item(kb: &Cx, id: SourceId, notes: &mut Footnotes) -> String {
    format!(
        "- {}{}",
        wiki(kb, EntityRef::Source(id), &kb.source(id).title),
        notes.cite(id)
    )
}

fn actor_items(kb: &Cx, ids: &[ActorId]) -> Vec<String> {
    ids.iter()
        .map(|x| actor_item(kb, EntityRef::Actor(*x)))
        .collect()
}

fn claim_items(kb: &Cx, ids: &[ClaimId], notes: &mut Footnotes) -> Vec<String> {
    ids.iter().map(|c| claim_item(kb, *c, notes)).collect()
}

/// An actor's note body; returns its front matter.
fn actor_note(kb: &Cx, a: ActorId, body: &mut String, notes: &mut Footnotes) -> String {
    let l = kb.links();
    let actor = kb.actor(a);
    let mut facts = vec![format!("*{}*", actor.kind)];
    facts.extend(actor.role.as_deref().map(md));
    facts.extend(actor.country.as_deref().map(md));
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
    let took_set: HashSet<MeetingId> = took.iter().copied().collect();
    let spoke = l
        .actor_meetings_spoken
        .get(a.index())
        .iter()
        .copied()
        .filter(|m| !took_set.contains(m));
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
        ("affiliations", actors_of(kb, &actor.affiliations)),
        ("country", opt(actor.country.clone())),
        ("tags", tags(&actor.tags)),
        ("inferred", list(&actor.inferred)),
        ("sources", sources_of(kb, notes.sources())),
    ])
}

/// A meeting's note body; returns its front matter.
fn meeting_note(kb: &Cx, m: MeetingId, body: &mut String, notes: &mut Footnotes) -> String {
    let meeting = kb.meeting(m);
    let date = meeting_date(meeting).map(|d| md(&d));
    let mut facts = vec![format!("*{}*", meeting.status)];
    facts.extend(date);
    facts.extend(meeting.place.as_deref().map(md));
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
        ("participants", actors_of(kb, &meeting.participants)),
        ("topics", list(&meeting.topics)),
        ("inferred", list(&meeting.inferred)),
        ("sources", sources_of(kb, notes.sources())),
    ])
}

/// A claim's note body; returns its front matter.
fn claim_note(kb: &Cx, c: ClaimId, body: &mut String, notes: &mut Footnotes) -> String {
    let l = kb.links();
    let claim = kb.claim(c);
    let speaker = md(&kb.actor(claim.by).name);
    let _ = writeln!(body, "# Claim by {speaker}\n");
    let cite = notes.cite(claim.source);
    // Only a quotation is set as one; other modes are the source's words about what was said.
    let _ = match claim.mode {
        ClaimMode::Quote => writeln!(
            body,
            "> “{}”{cite}\n>\n> — {speaker} (quoted)",
            md(&claim.text)
        ),
        mode => writeln!(
            body,
            "{}{cite}\n\n— {speaker} ({mode}, not a quotation)",
            md(&claim.text)
        ),
    };
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
        let _ = writeln!(body, "\n**Date:** {}", md(&d));
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
        (
            "title",
            Value::String(format!("Claim by {}", s(&kb.actor(claim.by).name))),
        ),
        ("by", kb.reference(EntityRef::Actor(claim.by))),
        ("about", actors_of(kb, &claim.about)),
        ("mode", Value::String(claim.mode.to_string())),
        ("status", Value::String(claim.status.to_string())),
        ("grade", opt(claim.grade.map(|g| g.to_string()))),
        ("date", opt(claim.date.map(|d| d.to_string()))),
        ("date_text", opt(claim.date_text.clone())),
        ("tags", tags(&claim.tags)),
        ("inferred", list(&claim.inferred)),
        ("sources", sources_of(kb, notes.sources())),
    ])
}

/// A source's note body; returns its front matter.
fn source_note(kb: &Cx, id: SourceId, body: &mut String, notes: &mut Footnotes) -> String {
    let l = kb.links();
    let src = kb.source(id);
    let _ = writeln!(body, "# {}\n", md(&src.title));
    let cite = notes.cite(id);
    let _ = writeln!(body, "{}{cite}", citation(kb, id));
    if let Some(r) = src.reliability {
        let _ = writeln!(body, "\n**Reliability:** {r} · {}", r.meaning());
    }
    let publisher: Vec<ActorId> = src.publisher.into_iter().collect();
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
            src.publisher
                .map(|p| kb.reference(EntityRef::Actor(p)))
                .unwrap_or(Value::Null),
        ),
        ("author", opt(src.author.clone())),
        ("published", opt(src.published.map(|d| d.to_string()))),
        ("via", opt(src.via.clone())),
        ("relayed_by", actors_of(kb, &src.relayed_by)),
        ("url", opt(src.url.clone())),
        ("reliability", opt(src.reliability.map(|r| r.to_string()))),
        ("inferred", list(&src.inferred)),
        ("sources", sources_of(kb, &[id])),
    ])
}
