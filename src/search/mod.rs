//! Matching and ranking over the model (no UI types): fuzzy search with `fuzzy-matcher`'s
//! SkimMatcherV2, smart case, accent-insensitive for Latin script, field filters in the query, and
//! ranking that puts what the user meant first.
//!
//! Ranking: an exact, then a prefix match on the name (an actor's name, a meeting's or source's
//! title; a claim has none); then the query as a whole word of the name; then any other match on the
//! name; then an alias; then any other field. Within a tier a higher fuzzy score first, then the
//! shorter name, then the id.
//!
//! Speed: an [`Index`] keeps each searchable string folded and summarised by a character mask that
//! rejects most non-matches without running the matcher; a query that extends the previous one only
//! rescans the previous matches; the scan uses every core; highlight positions are computed only for
//! the rows shown ([`Index::highlight`]). [`worker`] runs searches off the UI thread.

pub mod query;
pub mod worker;

pub use query::{Filter, Query, QueryError};

use crate::kb::{EntityKind, EntityRef, Kb};
use crate::text::fold;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::sync::atomic::{AtomicBool, Ordering};

/// Which field of an entity a string comes from.
#[derive(
    Copy, Clone, Debug, PartialEq, Eq, Hash, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub enum Field {
    Name,
    Alias,
    Role,
    Country,
    Tag,
    Title,
    Place,
    DateText,
    Topic,
    Text,
    Speaker,
    Publisher,
    Author,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias => "alias",
            Field::Role => "role",
            Field::Country => "country",
            Field::Tag => "tag",
            Field::Title => "title",
            Field::Place => "place",
            Field::DateText => "date",
            Field::Topic => "topic",
            Field::Text => "text",
            Field::Speaker => "speaker",
            Field::Publisher => "publisher",
            Field::Author => "author",
        }
    }

    /// Whether this field is what names the entity: an actor's name, a meeting's or source's
    /// title. A claim has no name; its text ranks with the other fields.
    pub fn is_name(self) -> bool {
        matches!(self, Field::Name | Field::Title)
    }
}

/// Where a match landed, best first: the tiers of the ranking.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    ExactName,
    PrefixName,
    /// The query is a whole word of the name (`lavrov` in "Sergei Lavrov", not "Olga Lavrova").
    NameWord,
    Name,
    Alias,
    Other,
    /// An empty query: everything that passes the filters.
    All,
}

/// One result: the entity, the field and value that matched best, and its rank.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub entity: EntityRef,
    pub field: Field,
    /// Which value of a list field (the second alias is 1).
    pub sub: u16,
    pub tier: Tier,
    pub score: i64,
}

/// One searchable string.
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Entry {
    field: Field,
    sub: u16,
    /// In [`Index::arena`]: the text folded with case kept (for case-sensitive queries).
    folded: (u32, u32),
    /// In [`Index::arena`]: folded with non-ASCII capitals lowered (for the rest).
    lowered: (u32, u32),
    mask: u64,
}

/// The searchable strings of a KB, grouped by entity.
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Index {
    entries: Vec<Entry>,
    /// Every searchable text, folded, back to back: a scan reads memory in order instead of
    /// chasing each entity's own strings.
    arena: String,
    /// `entries[starts[i]..starts[i+1]]` belong to the `i`th entity of [`Index::entities`].
    starts: Vec<u32>,
    entities: Vec<EntityRef>,
    /// Where each kind's entities begin in `entities`.
    kind_start: [usize; 5],
    /// Each entity's name length in characters, for tie-breaks.
    name_len: Vec<u32>,
}

/// The original text of a field value.
pub fn field_text(kb: &Kb, entity: EntityRef, field: Field, sub: u16) -> &str {
    let i = sub as usize;
    match (entity, field) {
        (EntityRef::Actor(a), Field::Name) => &kb.actor(a).name,
        (EntityRef::Actor(a), Field::Alias) => &kb.actor(a).aliases[i],
        (EntityRef::Actor(a), Field::Role) => kb.actor(a).role.as_deref().unwrap_or(""),
        (EntityRef::Actor(a), Field::Country) => kb.actor(a).country.as_deref().unwrap_or(""),
        (EntityRef::Actor(a), Field::Tag) => &kb.actor(a).tags[i],
        (EntityRef::Meeting(m), Field::Title) => &kb.meeting(m).title,
        (EntityRef::Meeting(m), Field::Place) => kb.meeting(m).place.as_deref().unwrap_or(""),
        (EntityRef::Meeting(m), Field::DateText) => {
            kb.meeting(m).date_text.as_deref().unwrap_or("")
        }
        (EntityRef::Meeting(m), Field::Topic) => &kb.meeting(m).topics[i],
        (EntityRef::Claim(c), Field::Text) => &kb.claim(c).text,
        (EntityRef::Claim(c), Field::Speaker) => &kb.actor(kb.claim(c).by).name,
        (EntityRef::Source(s), Field::Title) => &kb.source(s).title,
        (EntityRef::Source(s), Field::Publisher) => kb
            .source(s)
            .publisher
            .map_or("", |p| kb.actor(p).name.as_str()),
        (EntityRef::Source(s), Field::Author) => kb.source(s).author.as_deref().unwrap_or(""),
        _ => "",
    }
}

/// Every searchable value of `e`: field, position in its list, text.
fn values(kb: &Kb, e: EntityRef) -> Vec<(Field, u16, &str)> {
    let mut v: Vec<(Field, u16, &str)> = Vec::new();
    let list = |v: &mut Vec<(Field, u16, &'_ str)>, f: Field, items: &[String]| {
        v.extend((0..items.len().min(u16::MAX as usize)).map(|i| (f, i as u16, "")));
    };
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            v.push((Field::Name, 0, ""));
            list(&mut v, Field::Alias, &a.aliases);
            if a.role.is_some() {
                v.push((Field::Role, 0, ""));
            }
            if a.country.is_some() {
                v.push((Field::Country, 0, ""));
            }
            list(&mut v, Field::Tag, &a.tags);
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            v.push((Field::Title, 0, ""));
            if m.place.is_some() {
                v.push((Field::Place, 0, ""));
            }
            if m.date_text.is_some() {
                v.push((Field::DateText, 0, ""));
            }
            list(&mut v, Field::Topic, &m.topics);
        }
        EntityRef::Claim(_) => {
            v.push((Field::Text, 0, ""));
            v.push((Field::Speaker, 0, ""));
        }
        EntityRef::Source(s) => {
            let s = kb.source(s);
            v.push((Field::Title, 0, ""));
            if s.publisher.is_some() {
                v.push((Field::Publisher, 0, ""));
            }
            if s.author.is_some() {
                v.push((Field::Author, 0, ""));
            }
        }
    }
    for item in &mut v {
        item.2 = field_text(kb, e, item.0, item.1);
    }
    v
}

fn kind_slot(k: EntityKind) -> usize {
    match k {
        EntityKind::Actor => 0,
        EntityKind::Meeting => 1,
        EntityKind::Claim => 2,
        EntityKind::Source => 3,
    }
}

/// What one search found, plus what lets the next keystroke narrow instead of rescanning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    /// Every match, ranked.
    pub hits: Vec<Hit>,
    /// How many entities were in scope (the `total` of `matches/total`).
    pub total: usize,
    /// The query these are for (to narrow the next one).
    pub query: Query,
    /// Positions in [`Index`] order of the matching entities.
    matched: Vec<u32>,
    narrowable: bool,
}

/// What to search: one kind or all, optionally only some entities (a pane's current list).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    pub kind: Option<EntityKind>,
    /// If given, only these entities.
    pub only: Option<Vec<EntityRef>>,
}

impl Index {
    /// Indexes every searchable field of `kb`. Linear in the KB; run it off the UI thread.
    pub fn build(kb: &Kb) -> Index {
        let mut entries = Vec::new();
        let mut starts = Vec::new();
        let mut entities = Vec::new();
        let mut kind_start = [0usize; 5];
        let mut name_len = Vec::new();
        let mut arena = String::new();
        let put = |arena: &mut String, t: &str| -> (u32, u32) {
            let start = arena.len() as u32;
            arena.push_str(t);
            (start, t.len() as u32)
        };
        for (slot, kind) in [
            EntityKind::Actor,
            EntityKind::Meeting,
            EntityKind::Claim,
            EntityKind::Source,
        ]
        .into_iter()
        .enumerate()
        {
            kind_start[slot] = entities.len();
            for e in kb.sorted(Some(kind)).into_iter() {
                starts.push(entries.len() as u32);
                entities.push(e);
                name_len.push(kb.title_of(e).chars().count() as u32);
                for (field, sub, text) in values(kb, e) {
                    let folded = fold::fold(text);
                    let base = folded.as_deref().unwrap_or(text);
                    let folded_at = put(&mut arena, base);
                    let lowered_at = match fold::lower_non_ascii(base) {
                        Some(l) => put(&mut arena, &l),
                        None => folded_at,
                    };
                    entries.push(Entry {
                        field,
                        sub,
                        mask: fold::char_mask(text),
                        folded: folded_at,
                        lowered: lowered_at,
                    });
                }
            }
        }
        kind_start[4] = entities.len();
        starts.push(entries.len() as u32);
        // Entities within a kind come in id order (`Kb::sorted`); the order only matters for ties.
        arena.shrink_to_fit();
        Index {
            entries,
            arena,
            starts,
            entities,
            kind_start,
            name_len,
        }
    }

    /// How many strings are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn range(&self, kind: Option<EntityKind>) -> std::ops::Range<usize> {
        match kind {
            Some(k) => self.kind_start[kind_slot(k)]..self.kind_start[kind_slot(k) + 1],
            None => 0..self.entities.len(),
        }
    }

    /// Runs `query` over `scope`. With `previous` results of a query this one extends (same
    /// filters and scope), only their matches are rescanned. `cancel` stops early (the answer is
    /// then incomplete and should be dropped).
    pub fn search(
        &self,
        kb: &Kb,
        query: &Query,
        scope: &Scope,
        previous: Option<&Results>,
        cancel: &AtomicBool,
    ) -> Results {
        let range = self.range(scope.kind);
        let only = scope.only.as_ref().map(|v| {
            let mut v = v.clone();
            v.sort_unstable();
            v
        });
        let candidates: Vec<u32> = match previous {
            Some(p) if p.narrowable && query.extends(&p.query) => p.matched.clone(),
            _ => (range.start as u32..range.end as u32).collect(),
        };
        let in_scope = |i: u32| -> bool {
            let e = self.entities[i as usize];
            only.as_ref().is_none_or(|o| o.binary_search(&e).is_ok()) && query.filters_accept(kb, e)
        };
        let total = match &only {
            Some(o) => o
                .iter()
                .filter(|e| scope.kind.is_none_or(|k| e.kind() == k))
                .count(),
            None => range.len(),
        };
        let prepared = Prepared::new(query);
        let scan = |chunk: &[u32]| -> Vec<(u32, Hit)> {
            let matcher = if prepared.case_sensitive {
                SkimMatcherV2::default().respect_case()
            } else {
                SkimMatcherV2::default().ignore_case()
            };
            let mut out = Vec::new();
            for (n, &i) in chunk.iter().enumerate() {
                if n % 1024 == 0 && cancel.load(Ordering::Relaxed) {
                    break;
                }
                if !in_scope(i) {
                    continue;
                }
                if let Some(hit) = self.best_hit(i as usize, &prepared, &matcher) {
                    out.push((i, hit));
                }
            }
            out
        };
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut found: Vec<(u32, Hit)> = if workers > 1 && candidates.len() > 4096 {
            let chunk = candidates.len().div_ceil(workers);
            std::thread::scope(|s| {
                let handles: Vec<_> = candidates
                    .chunks(chunk)
                    .map(|c| s.spawn(move || scan(c)))
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_default())
                    .collect()
            })
        } else {
            scan(&candidates)
        };
        let matched: Vec<u32> = found.iter().map(|(i, _)| *i).collect();
        if prepared.text.is_empty() {
            // An empty query lists everything in scope in its natural order (matched already is).
        } else {
            // One packed integer per hit sorts several times faster than a tuple. Entities are
            // indexed in id order within a kind, so the position breaks the last tie.
            let key = |i: u32, h: &Hit| -> u64 {
                let score = (0x7fff_i64 - h.score.clamp(-0x7fff, 0x7fff)) as u64; // 16 bits, best first
                let len = u64::from(self.name_len[i as usize].min(0xffff));
                ((h.tier as u64) << 60) | (score << 44) | (len << 28) | u64::from(i)
            };
            debug_assert!(self.entities.len() < 1 << 28);
            found.sort_unstable_by_key(|(i, h)| key(*i, h));
        }
        Results {
            hits: found.into_iter().map(|(_, h)| h).collect(),
            total,
            query: query.clone(),
            matched,
            narrowable: !cancel.load(Ordering::Relaxed),
        }
    }

    /// The best match among the fields of the `i`th entity.
    fn best_hit(&self, i: usize, q: &Prepared, matcher: &SkimMatcherV2) -> Option<Hit> {
        let entity = self.entities[i];
        let entries = &self.entries[self.starts[i] as usize..self.starts[i + 1] as usize];
        if q.text.is_empty() {
            let first = entries.first()?;
            return Some(Hit {
                entity,
                field: first.field,
                sub: 0,
                tier: Tier::All,
                score: 0,
            });
        }
        let mut best: Option<Hit> = None;
        // Entries come name first, then aliases, then the rest: once a field of a better tier
        // has matched, the fields after it cannot outrank it.
        for e in entries {
            let field_tier = if e.field.is_name() {
                Tier::ExactName
            } else if e.field == Field::Alias {
                Tier::Alias
            } else {
                Tier::Other
            };
            if best.is_some_and(|b| b.tier < field_tier) {
                break;
            }
            if q.mask & !e.mask != 0 {
                continue;
            }
            let (at, len) = if q.case_sensitive {
                e.folded
            } else {
                e.lowered
            };
            let text = &self.arena[at as usize..(at + len) as usize];
            let Some(score) = matcher.fuzzy_match(text, &q.pattern) else {
                continue;
            };
            let tier = if e.field.is_name() {
                if q.equals(text) {
                    Tier::ExactName
                } else if q.prefixes(text) {
                    Tier::PrefixName
                } else if q.is_word_of(text) {
                    Tier::NameWord
                } else {
                    Tier::Name
                }
            } else if e.field == Field::Alias {
                Tier::Alias
            } else {
                Tier::Other
            };
            let hit = Hit {
                entity,
                field: e.field,
                sub: e.sub,
                tier,
                score,
            };
            if best.is_none_or(|b| (hit.tier, -hit.score) < (b.tier, -b.score)) {
                best = Some(hit);
            }
        }
        best
    }

    /// The characters of the matched field's original text that the query matched, for
    /// highlighting (character indices into [`field_text`]). Computed only for rows on screen.
    pub fn highlight(kb: &Kb, query: &Query, hit: &Hit) -> Vec<usize> {
        let prepared = Prepared::new(query);
        if prepared.text.is_empty() {
            return Vec::new();
        }
        let original = field_text(kb, hit.entity, hit.field, hit.sub);
        let (folded, map) = fold::fold_with_map(original);
        let text = if prepared.case_sensitive {
            folded
        } else {
            fold::lower_non_ascii(&folded).unwrap_or(folded)
        };
        let matcher = if prepared.case_sensitive {
            SkimMatcherV2::default().respect_case()
        } else {
            SkimMatcherV2::default().ignore_case()
        };
        match matcher.fuzzy_indices(&text, &prepared.pattern) {
            Some((_, idx)) => idx
                .into_iter()
                .filter_map(|i| map.get(i).copied())
                .collect(),
            None => Vec::new(),
        }
    }
}

/// A query made ready for matching.
struct Prepared {
    text: String,
    pattern: String,
    case_sensitive: bool,
    mask: u64,
}

impl Prepared {
    fn new(q: &Query) -> Prepared {
        let text = q.text.trim().to_string();
        let folded = fold::fold(&text).unwrap_or_else(|| text.clone());
        // Smart case, Unicode-aware: any capital makes the whole query case-sensitive.
        let case_sensitive = text.chars().any(char::is_uppercase);
        Prepared {
            mask: fold::char_mask(&folded),
            pattern: folded,
            case_sensitive,
            text,
        }
    }

    fn equals(&self, text: &str) -> bool {
        if self.case_sensitive {
            text == self.pattern
        } else {
            text.len() == self.pattern.len() && text.eq_ignore_ascii_case(&self.pattern)
        }
    }

    /// Whether the query occurs in `text` as a whole word. Allocates nothing: it runs for every
    /// name that matches.
    fn is_word_of(&self, text: &str) -> bool {
        let (hay, needle) = (text.as_bytes(), self.pattern.as_bytes());
        if needle.is_empty() || needle.len() > hay.len() {
            return false;
        }
        let boundary_before = |at: usize| {
            text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        let boundary_after = |at: usize| {
            text[at..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        (0..=hay.len() - needle.len()).any(|at| {
            let window = &hay[at..at + needle.len()];
            let same = if self.case_sensitive {
                window == needle
            } else {
                window.eq_ignore_ascii_case(needle)
            };
            same && text.is_char_boundary(at)
                && text.is_char_boundary(at + needle.len())
                && boundary_before(at)
                && boundary_after(at + needle.len())
        })
    }

    fn prefixes(&self, text: &str) -> bool {
        if self.case_sensitive {
            text.starts_with(&self.pattern)
        } else {
            text.get(..self.pattern.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(&self.pattern))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb;
    use std::borrow::Cow;

    fn kb_of(yaml: &str) -> Kb {
        kb::load_texts("t", vec![("t.yaml".into(), Cow::Owned(yaml.to_string()))])
            .unwrap_or_else(|e| panic!("{}", e.render()))
    }

    fn run(kb: &Kb, q: &str, kind: Option<EntityKind>) -> Vec<(String, Field, Tier)> {
        let index = Index::build(kb);
        let query = Query::parse(q).unwrap();
        let r = index.search(
            kb,
            &query,
            &Scope { kind, only: None },
            None,
            &AtomicBool::new(false),
        );
        r.hits
            .iter()
            .map(|h| (kb.id_of(h.entity).to_string(), h.field, h.tier))
            .collect()
    }

    const PEOPLE: &str = r#"
actors:
  - {id: lav, name: Lav, kind: person}
  - {id: lavinia-smith, name: Lavinia Smith, kind: person}
  - {id: sergei-lavrov, name: Sergei Lavrov, kind: person, aliases: [Сергей Лавров, S. Lavrov], role: Foreign Minister}
  - {id: olga-lavrova, name: Olga Lavrova, kind: person}
  - {id: mute-egede, name: Múte Bourup Egede, kind: person, role: Premier of Greenland, country: Greenland}
  - {id: russia, name: Russia, kind: state, aliases: [Moscow], tags: [energy]}
  - {id: envoy, name: Kim, kind: person, role: Envoy on Lavrov matters}
  - {id: tromso-forum, name: Arctic Forum, kind: organisation, country: Tromsø}
"#;

    #[test]
    fn exact_then_prefix_then_fuzzy_name() {
        let hits = run(&kb_of(PEOPLE), "lav", None);
        assert_eq!(hits[0], ("lav".into(), Field::Name, Tier::ExactName));
        assert_eq!(hits[1].0, "lavinia-smith");
        assert_eq!(hits[1].2, Tier::PrefixName);
        assert!(hits[2..].iter().all(|h| h.2 >= Tier::Name));
    }

    #[test]
    fn ties_go_to_the_shorter_name_then_the_id() {
        let kb = kb_of(
            "actors:\n  - {id: b, name: Anna Lavrova, kind: person}\n  - {id: a, name: Olga Lavrova, kind: person}\n  - {id: c, name: Olga Lavrovna, kind: person}\n",
        );
        let ids: Vec<String> = run(&kb, "lavrova", None).into_iter().map(|h| h.0).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }

    #[test]
    fn name_before_alias_before_other_fields() {
        let hits = run(&kb_of(PEOPLE), "lavrov", None);
        let ids: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
        // "Lavrov" is a whole word of Sergei's name, a part of Olga's; the role match comes last.
        assert_eq!(ids, ["sergei-lavrov", "olga-lavrova", "envoy"]);
        assert_eq!(hits[0].2, Tier::NameWord);
        assert_eq!(hits[1].2, Tier::Name);
        assert_eq!(hits[2].1, Field::Role);
        assert_eq!(hits[2].2, Tier::Other);
        let moscow = run(&kb_of(PEOPLE), "moscow", None);
        assert_eq!(moscow[0], ("russia".into(), Field::Alias, Tier::Alias));
    }

    #[test]
    fn cyrillic_aliases_and_smart_case() {
        let kb = kb_of(PEOPLE);
        assert_eq!(
            run(&kb, "лавров", None)[0],
            ("sergei-lavrov".into(), Field::Alias, Tier::Alias)
        );
        assert_eq!(run(&kb, "Лавров", None)[0].0, "sergei-lavrov");
        assert!(
            run(&kb, "ЛАВРОВ", None).is_empty(),
            "capitals must match exactly"
        );
        assert!(run(&kb, "LAVROV", None).is_empty());
        assert_eq!(run(&kb, "Lavrov", None)[0].0, "sergei-lavrov");
    }

    #[test]
    fn accents_are_optional_for_latin_script() {
        let kb = kb_of(PEOPLE);
        assert_eq!(
            run(&kb, "mute egede", None)[0],
            ("mute-egede".into(), Field::Name, Tier::Name)
        );
        assert_eq!(run(&kb, "múte", None)[0].0, "mute-egede");
        assert_eq!(
            run(&kb, "tromso", None)[0],
            ("tromso-forum".into(), Field::Country, Tier::Other)
        );
    }

    #[test]
    fn highlights_land_on_the_original_characters() {
        let kb = kb_of(PEOPLE);
        let index = Index::build(&kb);
        let q = Query::parse("mute").unwrap();
        let r = index.search(&kb, &q, &Scope::default(), None, &AtomicBool::new(false));
        assert_eq!(Index::highlight(&kb, &q, &r.hits[0]), [0, 1, 2, 3]);
        let q = Query::parse("лавров").unwrap();
        let r = index.search(&kb, &q, &Scope::default(), None, &AtomicBool::new(false));
        let hl = Index::highlight(&kb, &q, &r.hits[0]);
        let alias: Vec<char> = "Сергей Лавров".chars().collect();
        let lit: String = hl.iter().map(|&i| alias[i]).collect();
        assert_eq!(lit, "Лавров");
    }

    #[test]
    fn decomposed_and_wide_text_highlight() {
        let kb = kb_of("actors:\n  - {id: a, name: \"Mu\u{301}te 中国\", kind: person}\n");
        let index = Index::build(&kb);
        let q = Query::parse("mute中").unwrap();
        let r = index.search(&kb, &q, &Scope::default(), None, &AtomicBool::new(false));
        assert_eq!(Index::highlight(&kb, &q, &r.hits[0]), [0, 1, 3, 4, 6]);
    }

    #[test]
    fn narrowing_gives_the_same_answer_as_a_rescan() {
        let kb = kb_of(PEOPLE);
        let index = Index::build(&kb);
        let never = AtomicBool::new(false);
        let mut prev: Option<Results> = None;
        for q in ["l", "la", "lav", "lavr", "lavro", "lavrov"] {
            let query = Query::parse(q).unwrap();
            let narrowed = index.search(&kb, &query, &Scope::default(), prev.as_ref(), &never);
            let full = index.search(&kb, &query, &Scope::default(), None, &never);
            assert_eq!(narrowed.hits, full.hits, "{q}");
            prev = Some(narrowed);
        }
    }

    #[test]
    fn filters_and_scope() {
        let kb = kb_of(PEOPLE);
        let ids = |q: &str| {
            run(&kb, q, None)
                .into_iter()
                .map(|h| h.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("kind:state"), ["russia"]);
        assert_eq!(ids("tag:energy"), ["russia"]);
        assert_eq!(
            ids("kind:person lavrov"),
            ["sergei-lavrov", "olga-lavrova", "envoy"]
        );
        assert!(ids("kind:state lavrov").is_empty());
        assert_eq!(run(&kb, "russia", Some(EntityKind::Meeting)).len(), 0);
    }
}
