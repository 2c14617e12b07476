//! Turning entities into text that leaves the program: the Markdown note (`markdown`), the
//! plain-text description printed by `show` (`plain`), JSON (`json`); writing notes safely
//! (`write`) and copying them with OSC 52 (`clipboard`). The text builders are pure functions over
//! the model.

pub mod clipboard;
pub mod json;
pub mod markdown;
pub mod plain;
pub mod write;

use crate::kb::{Claim, EntityRef, Kb, Meeting, PartialDate, Source};

/// A date at its precision, with its inference and the source's own words when they add something:
/// `2025-02-27 (inferred; the source says "February 27")`.
pub fn date_phrase(
    date: Option<PartialDate>,
    text: Option<&str>,
    inferred: bool,
) -> Option<String> {
    let mut notes = Vec::new();
    if inferred {
        notes.push("inferred".to_string());
    }
    match (date, text) {
        (Some(d), Some(t)) if t != d.to_string() => notes.push(format!("the source says \"{t}\"")),
        (None, Some(t)) => return Some(format!("\"{t}\" (as the source words it)")),
        (None, None) => return None,
        _ => {}
    }
    let d = date?;
    Some(if notes.is_empty() {
        d.to_string()
    } else {
        format!("{d} ({})", notes.join("; "))
    })
}

/// A meeting's date as [`date_phrase`] words it, marked inferred when `inferred` names it.
pub fn meeting_date(m: &Meeting) -> Option<String> {
    date_phrase(
        m.date,
        m.date_text.as_deref(),
        m.inferred.iter().any(|f| f == "date"),
    )
}

/// A claim's date as [`date_phrase`] words it.
pub fn claim_date(c: &Claim) -> Option<String> {
    date_phrase(
        c.date,
        c.date_text.as_deref(),
        c.inferred.iter().any(|f| f == "date"),
    )
}

/// A source's publication date as [`date_phrase`] words it.
pub fn published_date(s: &Source) -> Option<String> {
    date_phrase(
        s.published,
        None,
        s.inferred.iter().any(|f| f == "published"),
    )
}

/// One line naming a linked entity: an actor's name and kind, a meeting's date, title and status,
/// a claim's speaker, text and grade, a source's title.
pub fn link_line(kb: &Kb, e: EntityRef) -> String {
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            format!("{} ({})", a.name, a.kind)
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            let date = m
                .date
                .map_or_else(|| "undated".to_string(), |d| d.to_string());
            format!("{date} · {} · {}", m.title, m.status)
        }
        EntityRef::Claim(c) => {
            let c = kb.claim(c);
            let grade = c.grade.map(|g| format!(" [{g}]")).unwrap_or_default();
            format!("{}: {}{grade}", kb.actor(c.by).name, c.text)
        }
        EntityRef::Source(s) => {
            let s = kb.source(s);
            let by = s
                .publisher
                .map(|p| format!(" · {}", kb.actor(p).name))
                .unwrap_or_default();
            format!("{}{by}", s.title)
        }
    }
}
