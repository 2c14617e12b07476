//! JSON for one entity: its fields and its links grouped by relation (`show --json`).
//!
//! Shape: `{"entity", "id", <the entity's fields as in the YAML, references as ids>,
//! "defined_in": {"file", "line"}, "relations": {"<relation>": [{"entity", "id", "name"}]}}`.
//! `entity` is the entity kind (`actor`, `meeting`, `claim`, `source`); an actor's own `kind`
//! (`person`, `state`, ...) keeps its YAML name. Relation keys are the relation labels in snake
//! case (`took_part_in`, `contradicted_by`, ...). A date (`date`, `published`) is an object,
//! `{"value": "2025-02-27", "inferred": true}`, so an inferred date never passes for a stated one.
//! A claim also has `"corroboration"` (see [`super::board::corroboration_json`]).

use crate::kb::{EntityRef, Kb, PartialDate};
use serde_json::{Map, Value, json};

fn snake(label: &str) -> String {
    label.to_lowercase().replace(' ', "_")
}

fn ids<T: Copy>(kb: &Kb, v: &[T], f: impl Fn(T) -> EntityRef) -> Value {
    Value::from(
        v.iter()
            .map(|x| kb.id_of(f(*x)).to_string())
            .collect::<Vec<_>>(),
    )
}

/// A date with whether it is inferred: `{"value": "2025", "inferred": true}`; null when absent.
pub fn date(d: Option<PartialDate>, inferred: bool) -> Value {
    match d {
        Some(d) => json!({ "value": d, "inferred": inferred }),
        None => Value::Null,
    }
}

/// A short reference to `e`: kind, id and name or title.
pub fn link(kb: &Kb, e: EntityRef) -> Value {
    json!({ "entity": e.kind(), "id": kb.id_of(e), "name": kb.title_of(e) })
}

pub fn entity(kb: &Kb, e: EntityRef) -> Value {
    let mut o = Map::new();
    o.insert("entity".into(), json!(e.kind()));
    o.insert("id".into(), json!(kb.id_of(e)));
    let fields = match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            json!({
                "name": a.name, "kind": a.kind, "aliases": a.aliases, "role": a.role,
                "affiliations": ids(kb, &a.affiliations, EntityRef::Actor), "country": a.country,
                "tags": a.tags, "summary": a.summary, "inferred": a.inferred,
            })
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            json!({
                "title": m.title, "status": m.status,
                "participants": ids(kb, &m.participants, EntityRef::Actor),
                "date": date(m.date, m.date_inferred()), "date_text": m.date_text, "place": m.place, "topics": m.topics,
                "summary": m.summary, "sources": ids(kb, &m.sources, EntityRef::Source),
                "inferred": m.inferred,
            })
        }
        EntityRef::Claim(c) => {
            let c = kb.claim(c);
            json!({
                "text": c.text, "by": kb.actor(c.by).id, "source": kb.source(c.source).id,
                "about": ids(kb, &c.about, EntityRef::Actor),
                "meeting": c.meeting.map(|m| kb.meeting(m).id.clone()),
                "date": date(c.date, c.date_inferred()), "date_text": c.date_text, "mode": c.mode, "status": c.status,
                "grade": c.grade, "grade_meaning": c.grade.map(|g| g.spelled_out()),
                "supports": ids(kb, &c.supports, EntityRef::Claim),
                "contradicts": ids(kb, &c.contradicts, EntityRef::Claim),
                "qualifies": ids(kb, &c.qualifies, EntityRef::Claim),
                "tags": c.tags, "inferred": c.inferred,
            })
        }
        EntityRef::Source(s) => {
            let s = kb.source(s);
            json!({
                "title": s.title, "publisher": s.publisher.map(|p| kb.actor(p).id.clone()),
                "author": s.author, "published": date(s.published, s.published_inferred()), "url": s.url, "via": s.via,
                "relayed_by": ids(kb, &s.relayed_by, EntityRef::Actor),
                "reliability": s.reliability, "inferred": s.inferred,
            })
        }
    };
    if let Value::Object(f) = fields {
        o.extend(f);
    }
    if let Some((file, line)) = kb.definition(e) {
        o.insert(
            "defined_in".into(),
            json!({ "file": file.display, "line": line }),
        );
    }
    let mut rels = Map::new();
    for r in kb.relations(e) {
        rels.insert(
            snake(r.label),
            Value::from(r.targets.iter().map(|t| link(kb, *t)).collect::<Vec<_>>()),
        );
    }
    o.insert("relations".into(), Value::Object(rels));
    if let EntityRef::Claim(c) = e {
        o.insert(
            "corroboration".into(),
            super::board::corroboration_json(kb, &kb.corroboration(c)),
        );
    }
    Value::Object(o)
}
