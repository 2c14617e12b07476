//! The plain-text description of one entity (`arctic-brief show ID`): every field, then every link
//! and backlink grouped by relation. Every value goes out through [`text::line`] (one-line
//! fields: a newline shows as `␤`, so KB text cannot start a line of its own) or [`text::block`]
//! (the multi-line summary, each of its lines indented under its label).

use super::link_line;
use crate::kb::{EntityRef, Kb, claim_date, meeting_date, published_date};
use crate::text;
use std::fmt::Write as _;

const LABEL_WIDTH: usize = 12;

/// A one-line field.
fn field(out: &mut String, name: &str, value: Option<&str>) {
    let Some(value) = value else { return };
    let _ = writeln!(out, "  {name:<LABEL_WIDTH$} {}", text::line(value));
}

/// A multi-line field: its lines kept, each under the label.
fn block_field(out: &mut String, name: &str, value: Option<&str>) {
    let Some(value) = value else { return };
    let value = text::block(value);
    let mut lines = value.lines();
    let _ = writeln!(out, "  {name:<LABEL_WIDTH$} {}", lines.next().unwrap_or(""));
    for rest in lines {
        let _ = writeln!(out, "  {:<LABEL_WIDTH$} {rest}", "");
    }
}

/// A list field on one line, each item neutralised on its own.
fn list(out: &mut String, name: &str, items: &[String]) {
    if !items.is_empty() {
        let items: Vec<_> = items.iter().map(|x| text::line(x)).collect();
        field(out, name, Some(&items.join(", ")));
    }
}

/// `show`'s text for `e`.
pub fn describe(kb: &Kb, e: EntityRef) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", e.kind(), text::line(kb.id_of(e)));
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            field(&mut out, "name", Some(&a.name));
            field(&mut out, "kind", Some(a.kind.as_str()));
            list(&mut out, "aliases", &a.aliases);
            field(&mut out, "role", a.role.as_deref());
            field(&mut out, "country", a.country.as_deref());
            list(&mut out, "tags", &a.tags);
            block_field(&mut out, "summary", a.summary.as_deref());
            list(&mut out, "inferred", &a.inferred);
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            field(&mut out, "title", Some(&m.title));
            field(&mut out, "status", Some(m.status.as_str()));
            field(&mut out, "date", meeting_date(m).as_deref());
            field(&mut out, "place", m.place.as_deref());
            list(&mut out, "topics", &m.topics);
            block_field(&mut out, "summary", m.summary.as_deref());
        }
        EntityRef::Claim(c) => {
            let c = kb.claim(c);
            field(&mut out, "text", Some(&c.text));
            field(&mut out, "by", Some(&kb.actor(c.by).name));
            let src = kb.source(c.source);
            let outlet = src.publisher.map(|p| kb.actor(p).name.as_str());
            let reported = match (outlet, &src.author) {
                (Some(o), Some(a)) => format!("{} ({o}, {a})", src.title),
                (Some(o), None) => format!("{} ({o})", src.title),
                (None, Some(a)) => format!("{} ({a})", src.title),
                (None, None) => src.title.clone(),
            };
            field(&mut out, "reported in", Some(&reported));
            field(&mut out, "date", claim_date(c).as_deref());
            field(&mut out, "mode", Some(c.mode.as_str()));
            field(&mut out, "status", Some(c.status.as_str()));
            field(
                &mut out,
                "grade",
                c.grade.map(|g| g.spelled_out()).as_deref(),
            );
            list(&mut out, "tags", &c.tags);
        }
        EntityRef::Source(s) => {
            let s = kb.source(s);
            field(&mut out, "title", Some(&s.title));
            field(
                &mut out,
                "publisher",
                s.publisher.map(|p| kb.actor(p).name.as_str()),
            );
            field(&mut out, "author", s.author.as_deref());
            field(&mut out, "published", published_date(s).as_deref());
            field(&mut out, "url", s.url.as_deref());
            field(&mut out, "via", s.via.as_deref());
            let rel = s.reliability.map(|r| format!("{r} · {}", r.meaning()));
            field(&mut out, "reliability", rel.as_deref());
        }
    }
    if let Some((file, line)) = kb.definition(e) {
        field(
            &mut out,
            "defined in",
            Some(&format!("{}:{line}", file.display)),
        );
    }
    for rel in kb.relations(e) {
        let _ = writeln!(out, "\n{} ({})", rel.label, rel.targets.len());
        let width = rel
            .targets
            .iter()
            .map(|t| kb.id_of(*t).len())
            .max()
            .unwrap_or(0);
        for t in rel.targets {
            let _ = writeln!(
                out,
                "  {:<8} {:<width$}  {}",
                t.kind().as_str(),
                text::line(kb.id_of(t)),
                text::line(&link_line(kb, t))
            );
        }
    }
    if let EntityRef::Claim(c) = e {
        super::board::corroboration_plain(&mut out, kb, &kb.corroboration(c));
    }
    out
}
