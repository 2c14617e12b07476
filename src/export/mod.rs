//! Turning entities into text that leaves the program: the Markdown note (`markdown`), the
//! plain-text description printed by `show` (`plain`), JSON (`json`); writing notes safely
//! (`write`) and copying them with OSC 52 (`clipboard`). The text builders are pure functions over
//! the model. `board` renders the contested-claims board and a claim's corroboration, `graph`
//! the link graph as DOT, Mermaid or JSON; `stix` STIX 2.1 bundles.

pub mod board;
pub mod briefing;
pub mod clipboard;
pub mod graph;
pub mod json;
pub mod markdown;
pub mod plain;
pub mod stix;
pub mod vault;
pub mod write;

use crate::kb::{EntityRef, Kb, meeting_date_short};

/// One line naming a linked entity: an actor's name and kind, a meeting's date (marked when
/// inferred), title and status, a claim's speaker, text and grade, a source's title.
pub fn link_line(kb: &Kb, e: EntityRef) -> String {
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            format!("{} ({})", a.name, a.kind)
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            format!("{} · {} · {}", meeting_date_short(m), m.title, m.status)
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
