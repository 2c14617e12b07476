//! Finding the entity a command-line argument means: an id, else a name, alias or title (any
//! case, accents optional), else every word of it as whole words of one; with "did you mean"
//! candidates when nothing fits. Pure, linear in the KB.

use super::matching::lower;
use super::typo;
use crate::kb::{EntityKind, EntityRef, Kb};
use crate::text::fold;

/// What an argument names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one entity: `by_name` when it was not given by its id (the caller says which id
    /// it used).
    Found { entity: EntityRef, by_name: bool },
    /// Several entities carry that name; listed in KB order.
    Ambiguous(Vec<EntityRef>),
    /// Nothing: entities whose names are a typo away (closest first), and the closest id.
    NotFound {
        did_you_mean: Vec<EntityRef>,
        id: Option<String>,
    },
}

fn key(s: &str) -> String {
    lower(&fold::fold(s).unwrap_or_else(|| s.to_string()))
}

/// Every name an entity goes by: an actor's name and aliases, a meeting's or source's title.
fn names(kb: &Kb, e: EntityRef) -> Vec<&str> {
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            std::iter::once(a.name.as_str())
                .chain(a.aliases.iter().map(String::as_str))
                .collect()
        }
        EntityRef::Meeting(_) | EntityRef::Source(_) => vec![kb.title_of(e)],
        EntityRef::Claim(_) => Vec::new(),
    }
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

fn one_or_many(found: Vec<EntityRef>) -> Option<Resolution> {
    match found.len() {
        0 => None,
        1 => Some(Resolution::Found {
            entity: found[0],
            by_name: true,
        }),
        _ => Some(Resolution::Ambiguous(found)),
    }
}

/// Resolves `input` (see the module docs).
pub fn resolve(kb: &Kb, input: &str) -> Resolution {
    if let Some(entity) = kb.lookup(input) {
        return Resolution::Found {
            entity,
            by_name: false,
        };
    }
    let want = key(input.trim());
    let want_words = words(&want);
    let named: Vec<(EntityRef, Vec<String>)> =
        [EntityKind::Actor, EntityKind::Meeting, EntityKind::Source]
            .into_iter()
            .flat_map(|k| kb.sorted(Some(k)))
            .map(|e| (e, names(kb, e).into_iter().map(key).collect()))
            .collect();
    let exact: Vec<EntityRef> = named
        .iter()
        .filter(|(_, ns)| ns.contains(&want))
        .map(|(e, _)| *e)
        .collect();
    if let Some(r) = one_or_many(exact) {
        return r;
    }
    let by_words: Vec<EntityRef> = named
        .iter()
        .filter(|(_, ns)| {
            !want_words.is_empty()
                && ns.iter().any(|n| {
                    let have = words(n);
                    want_words.iter().all(|w| have.contains(w))
                })
        })
        .map(|(e, _)| *e)
        .collect();
    if let Some(r) = one_or_many(by_words) {
        return r;
    }
    let query: Vec<Vec<char>> = want_words.iter().map(|w| w.chars().collect()).collect();
    let mut close: Vec<(usize, EntityRef)> = named
        .iter()
        .filter_map(|(e, ns)| {
            let best = ns
                .iter()
                .filter_map(|n| typo::rescue(n, &query).map(|r| r.0))
                .min()?;
            Some((best, *e))
        })
        .collect();
    close.sort_by_key(|(d, _)| *d);
    Resolution::NotFound {
        did_you_mean: close.into_iter().map(|(_, e)| e).collect(),
        id: kb.suggest_id(input).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(kb: &Kb, r: &Resolution) -> String {
        match r {
            Resolution::Found { entity, by_name } => format!(
                "{}{}",
                kb.id_of(*entity),
                if *by_name { " (name)" } else { "" }
            ),
            Resolution::Ambiguous(v) => {
                v.iter().map(|e| kb.id_of(*e)).collect::<Vec<_>>().join(",")
            }
            Resolution::NotFound { did_you_mean, id } => format!(
                "none: {}; id {id:?}",
                did_you_mean
                    .iter()
                    .map(|e| kb.id_of(*e))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    #[test]
    fn ids_names_aliases_words_and_typos() {
        let kb = crate::kb::load_bundled().unwrap();
        let r = |s: &str| id(&kb, &resolve(&kb, s));
        assert_eq!(r("sergei-lavrov"), "sergei-lavrov");
        assert_eq!(r("lavrov"), "sergei-lavrov (name)");
        assert_eq!(r("Dmitriev"), "kirill-dmitriev (name)");
        assert_eq!(r("сергей лавров"), "sergei-lavrov (name)");
        assert_eq!(r("kirill"), "kirill-dmitriev (name)");
        assert_eq!(r("Sergei  LAVROV"), "sergei-lavrov (name)");
        assert_eq!(r("russia"), "russia");
        assert_eq!(
            r("US-Russia talks"),
            "saudi-arabia-us-russia-talks,us-russia-arctic-talks"
        );
        assert_eq!(r("lavorv"), "none: sergei-lavrov; id None");
        assert_eq!(r("dmitirev"), "none: kirill-dmitriev; id None");
        assert_eq!(
            r("sergei-lavrof"),
            "none: sergei-lavrov; id Some(\"sergei-lavrov\")"
        );
        assert_eq!(r("zzqqxx"), "none: ; id None");
        assert_eq!(r(""), "none: ; id None");
    }
}
