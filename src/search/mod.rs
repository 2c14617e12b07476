//! Matching and ranking over the model (no UI types): fzf's extended search syntax
//! ([`query`]), filters ([`filter`]), ranking that puts what the user meant first, typo rescue
//! ([`typo`]), a row cut around its match ([`snippet`]) and resolving a command-line name
//! ([`resolve`]).
//!
//! Every term of a query must match some field of the entity (any order, any field). Each
//! match lands in a [`Tier`]: the exact or prefix name or alias, then the word as a whole word
//! (of a name, then of any field), then a tight fuzzy match on a name, then a contiguous match
//! in another field, then the rest (scattered letters in a name, a word within a short window of
//! a long field; see [`matching`]). An entity ranks by its weakest term's tier, then the summed
//! score, then the shorter name, then the id. When nothing lands above "the rest", names and
//! aliases a typo away are offered as [`Tier::DidYouMean`].
//!
//! Speed: an [`Index`] keeps each searchable string folded and summarised by a character mask that
//! rejects most non-matches without running the matcher; each query word's substring finder is
//! built once per search; a query that extends the previous one only rescans the previous
//! matches, and one with the same words and filters reuses its answer; the scan uses every core;
//! [`Index::search_top`] puts only the best hits in order (a partial selection, the rest ordered
//! later by [`Results::finish_ranking`]); highlight positions are computed only for the rows shown
//! ([`Index::highlight`]). [`worker`] runs searches off the UI thread.

pub mod filter;
mod matching;
pub mod query;
pub mod resolve;
pub mod snippet;
mod typo;
pub mod worker;

pub use filter::Filter;
pub use query::{Query, QueryError, SYNTAX};
pub use resolve::{Resolution, resolve};
pub use snippet::snippet;

use crate::kb::{EntityKind, EntityRef, Kb};
use crate::text::fold;
use fuzzy_matcher::skim::SkimMatcherV2;
use matching::{Needle, lower};
use query::{Atom, Mode};
use std::borrow::Cow;
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
    /// A meeting's or claim's date, a source's publication date, as `2025-02-27`.
    Date,
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
            Field::Date => "date",
            Field::DateText => "date_text",
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

    /// A name or an alias: matched in full fuzzy, ranked first.
    pub fn is_namelike(self) -> bool {
        matches!(self, Field::Name | Field::Title | Field::Alias)
    }
}

/// Where a match landed, best first: the tiers of the ranking.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// A name or alias is the query.
    ExactName,
    /// A name or alias starts with it.
    PrefixName,
    /// It is a whole word of a name or alias (`lavrov` in "Sergei Lavrov", not "Olga Lavrova").
    NameWord,
    /// It is a whole word of another field (`energy` in a claim's text).
    Word,
    /// A tight fuzzy match on a name or alias: within a word, a short window, or word starts.
    Name,
    /// A substring of another field.
    Contiguous,
    /// Nothing better matched; a name or alias a typo away ("did you mean").
    DidYouMean,
    /// The rest: letters scattered over a name, a word within a short window of a long field.
    Other,
    /// An empty query: everything that passes the filters.
    All,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::ExactName => "exact",
            Tier::PrefixName => "prefix",
            Tier::NameWord => "name word",
            Tier::Word => "word",
            Tier::Name => "name",
            Tier::Contiguous => "contiguous",
            Tier::DidYouMean => "did you mean",
            Tier::Other => "other",
            Tier::All => "all",
        }
    }
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

impl Hit {
    /// Whether this is a typo rescue, to be marked "did you mean" (not a match of the query).
    pub fn did_you_mean(&self) -> bool {
        self.tier == Tier::DidYouMean
    }
}

/// One searchable string.
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Entry {
    field: Field,
    sub: u16,
    /// In [`Index::arena`]: the text folded with case kept (for case-sensitive words).
    folded: (u32, u32),
    /// In [`Index::arena`]: folded and lower-cased (for the rest).
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
pub fn field_text(kb: &Kb, entity: EntityRef, field: Field, sub: u16) -> Cow<'_, str> {
    let i = sub as usize;
    fn opt(s: &Option<String>) -> &str {
        s.as_deref().unwrap_or("")
    }
    let s: &str = match (entity, field) {
        (EntityRef::Actor(a), Field::Name) => &kb.actor(a).name,
        (EntityRef::Actor(a), Field::Alias) => &kb.actor(a).aliases[i],
        (EntityRef::Actor(a), Field::Role) => opt(&kb.actor(a).role),
        (EntityRef::Actor(a), Field::Country) => opt(&kb.actor(a).country),
        (EntityRef::Actor(a), Field::Tag) => &kb.actor(a).tags[i],
        (EntityRef::Meeting(m), Field::Title) => &kb.meeting(m).title,
        (EntityRef::Meeting(m), Field::Place) => opt(&kb.meeting(m).place),
        (EntityRef::Meeting(m), Field::DateText) => opt(&kb.meeting(m).date_text),
        (EntityRef::Meeting(m), Field::Topic) => &kb.meeting(m).topics[i],
        (EntityRef::Claim(c), Field::Text) => &kb.claim(c).text,
        (EntityRef::Claim(c), Field::Speaker) => &kb.actor(kb.claim(c).by).name,
        (EntityRef::Claim(c), Field::DateText) => opt(&kb.claim(c).date_text),
        (EntityRef::Claim(c), Field::Tag) => &kb.claim(c).tags[i],
        (EntityRef::Source(s), Field::Title) => &kb.source(s).title,
        (EntityRef::Source(s), Field::Publisher) => kb
            .source(s)
            .publisher
            .map_or("", |p| kb.actor(p).name.as_str()),
        (EntityRef::Source(s), Field::Author) => opt(&kb.source(s).author),
        (_, Field::Date) => {
            let date = match entity {
                EntityRef::Meeting(m) => kb.meeting(m).date,
                EntityRef::Claim(c) => kb.claim(c).date,
                EntityRef::Source(s) => kb.source(s).published,
                EntityRef::Actor(_) => None,
            };
            return date.map_or(Cow::Borrowed(""), |d| Cow::Owned(d.to_string()));
        }
        _ => "",
    };
    Cow::Borrowed(s)
}

/// Every searchable field of `e`, with the position in its list.
fn fields(kb: &Kb, e: EntityRef) -> Vec<(Field, u16)> {
    let mut v: Vec<(Field, u16)> = Vec::new();
    let list = |v: &mut Vec<(Field, u16)>, f: Field, n: usize| {
        v.extend((0..n.min(u16::MAX as usize)).map(|i| (f, i as u16)));
    };
    let when = |v: &mut Vec<(Field, u16)>, f: Field, present: bool| {
        if present {
            v.push((f, 0));
        }
    };
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            v.push((Field::Name, 0));
            list(&mut v, Field::Alias, a.aliases.len());
            when(&mut v, Field::Role, a.role.is_some());
            when(&mut v, Field::Country, a.country.is_some());
            list(&mut v, Field::Tag, a.tags.len());
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            v.push((Field::Title, 0));
            when(&mut v, Field::Place, m.place.is_some());
            when(&mut v, Field::Date, m.date.is_some());
            when(&mut v, Field::DateText, m.date_text.is_some());
            list(&mut v, Field::Topic, m.topics.len());
        }
        EntityRef::Claim(c) => {
            let c = kb.claim(c);
            v.push((Field::Text, 0));
            v.push((Field::Speaker, 0));
            when(&mut v, Field::Date, c.date.is_some());
            when(&mut v, Field::DateText, c.date_text.is_some());
            list(&mut v, Field::Tag, c.tags.len());
        }
        EntityRef::Source(s) => {
            let s = kb.source(s);
            v.push((Field::Title, 0));
            when(&mut v, Field::Publisher, s.publisher.is_some());
            when(&mut v, Field::Author, s.author.is_some());
            when(&mut v, Field::Date, s.published.is_some());
        }
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
    /// Every match, ranked; typo rescues ([`Hit::did_you_mean`]) after the good matches. From
    /// [`Index::search_top`], only the first hits are in order until [`Results::finish_ranking`].
    pub hits: Vec<Hit>,
    /// How many entities were in scope (the `total` of `matches/total`).
    pub total: usize,
    /// The query these are for (to narrow the next one).
    pub query: Query,
    /// Positions in [`Index`] order of the matching entities (typo rescues not included).
    matched: Vec<u32>,
    /// Those that pass the filters and the terms without a negation, when every such entity
    /// was scanned: a query that only edits a negation narrows these.
    positive: Option<Vec<u32>>,
    narrowable: bool,
    /// The rank keys of the hits not yet in order, which are the last ones of `hits`, in the
    /// same order: empty when every hit is ranked.
    unranked: Vec<u64>,
}

impl Results {
    /// Whether every hit is in its final order.
    pub fn is_ranked(&self) -> bool {
        self.unranked.is_empty()
    }

    /// How many hits, first, are in their final order.
    pub fn ranked(&self) -> usize {
        self.hits.len() - self.unranked.len()
    }

    /// This answer again for `query` when it has the same words and filters (a space typed, a
    /// lone `!`), with at least its best `top` hits in order.
    fn again_for(&self, query: &Query, top: usize) -> Option<Results> {
        if !(self.narrowable
            && self.query.terms == query.terms
            && self.query.filters == query.filters)
        {
            return None;
        }
        let mut same = self.clone();
        same.query = query.clone();
        if same.ranked() < top.min(same.hits.len()) {
            same.finish_ranking();
        }
        Some(same)
    }

    /// Puts the hits that [`Index::search_top`] left unordered in order (the ones already
    /// ranked do not move).
    pub fn finish_ranking(&mut self) {
        let from = self.ranked();
        let mut tail: Vec<(u64, Hit)> = std::mem::take(&mut self.unranked)
            .into_iter()
            .zip(self.hits[from..].iter().copied())
            .collect();
        tail.sort_unstable_by_key(|(key, _)| *key);
        for (slot, (_, hit)) in self.hits[from..].iter_mut().zip(tail) {
            *slot = hit;
        }
    }
}

/// What to search: one kind or all, optionally only some entities (a pane's current list).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    pub kind: Option<EntityKind>,
    /// If given, only these entities.
    pub only: Option<Vec<EntityRef>>,
}

/// A query made ready for matching: terms in the order to try them (plain ones first, so a
/// negation is only checked on entities that match the rest).
struct Prepared<'q> {
    terms: Vec<Vec<(&'q Atom, Needle)>>,
    /// How many of `terms`, first, have no negation.
    plain_terms: usize,
    positive: bool,
    /// Two or more plain words joined by spaces: a name that is the whole query ranks as exact.
    joined: Option<(String, bool)>,
    /// The query's words for typo rescue, when every term is one plain word.
    rescue: Option<Vec<Vec<char>>>,
}

impl<'q> Prepared<'q> {
    fn new(q: &'q Query) -> Prepared<'q> {
        let mut terms: Vec<Vec<(&Atom, Needle)>> = q
            .terms
            .iter()
            .map(|t| {
                t.alts
                    .iter()
                    .map(|a| (a, Needle::new(&a.pattern)))
                    .collect()
            })
            .collect();
        terms.sort_by_key(|t| t.iter().any(|(a, _)| a.negated));
        let plain_terms = terms
            .iter()
            .filter(|t| t.iter().all(|(a, _)| !a.negated))
            .count();
        let plain: Vec<&Atom> = q
            .terms
            .iter()
            .filter_map(|t| match &t.alts[..] {
                [a] if !a.negated && a.mode == Mode::Fuzzy => Some(a),
                _ => None,
            })
            .collect();
        let joined = (plain.len() >= 2).then(|| {
            let words: Vec<&str> = plain.iter().map(|a| a.pattern.as_str()).collect();
            (words.join(" "), plain.iter().any(|a| a.case_sensitive))
        });
        let positive: Vec<&Atom> = q
            .terms
            .iter()
            .flat_map(|t| &t.alts)
            .filter(|a| !a.negated)
            .collect();
        let single = q
            .terms
            .iter()
            .filter(|t| !t.alts[0].negated)
            .all(|t| t.alts.len() == 1 && matches!(t.alts[0].mode, Mode::Fuzzy | Mode::Exact));
        let rescue = (single && !positive.is_empty()).then(|| {
            positive
                .iter()
                .flat_map(|a| {
                    lower(&a.pattern)
                        .split(' ')
                        .map(|w| w.chars().collect())
                        .collect::<Vec<Vec<char>>>()
                })
                .filter(|w: &Vec<char>| !w.is_empty())
                .collect()
        });
        Prepared {
            positive: !positive.is_empty(),
            plain_terms,
            terms,
            joined,
            rescue,
        }
    }
}

/// Runs `scan` over `items`, split over every core when there are enough of them.
fn par_scan<T: Send>(items: &[u32], scan: impl Fn(&[u32]) -> Vec<T> + Sync) -> Vec<T> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if workers <= 1 || items.len() <= 4096 {
        return scan(items);
    }
    let chunk = items.len().div_ceil(workers);
    let scan = &scan;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(move || scan(c)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
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
                for (field, sub) in fields(kb, e) {
                    let text = field_text(kb, e, field, sub);
                    let folded = fold::fold(&text);
                    let base = folded.as_deref().unwrap_or(&text);
                    let folded_at = put(&mut arena, base);
                    let lowered = lower(base);
                    let lowered_at = if lowered == base {
                        folded_at
                    } else {
                        put(&mut arena, &lowered)
                    };
                    entries.push(Entry {
                        field,
                        sub,
                        mask: fold::char_mask(&text),
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

    fn entries_of(&self, i: usize) -> &[Entry] {
        &self.entries[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    fn text(&self, e: &Entry, case_sensitive: bool) -> &str {
        let (at, len) = if case_sensitive { e.folded } else { e.lowered };
        &self.arena[at as usize..(at + len) as usize]
    }

    /// Which entities of `kind` a name filter's `value` names (indexed by their KB index): its
    /// id, or an id, name, alias, title or (a source's) publisher with a word starting with each
    /// word of `value`.
    fn named(&self, kb: &Kb, kind: EntityKind, value: &str) -> Vec<bool> {
        let range = self.range(Some(kind));
        let mut set = vec![false; range.len()];
        for i in range {
            let e = self.entities[i];
            let hit = kb.id_of(e) == value
                || filter::words_prefix(kb.id_of(e), value)
                || self.entries_of(i).iter().any(|en| {
                    (en.field.is_namelike() || en.field == Field::Publisher)
                        && filter::words_prefix(self.text(en, false), value)
                });
            let k = match e {
                EntityRef::Actor(x) => x.index(),
                EntityRef::Meeting(x) => x.index(),
                EntityRef::Claim(x) => x.index(),
                EntityRef::Source(x) => x.index(),
            };
            if hit && let Some(slot) = set.get_mut(k) {
                *slot = true;
            }
        }
        set
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
        self.search_top(kb, query, scope, previous, cancel, usize::MAX)
    }

    /// [`Index::search`] with only the best `top` hits put in order (every match is still
    /// found and counted): what a screen shows first, without sorting hundreds of thousands of
    /// hits per keystroke. [`Results::finish_ranking`] orders the rest.
    pub fn search_top(
        &self,
        kb: &Kb,
        query: &Query,
        scope: &Scope,
        previous: Option<&Results>,
        cancel: &AtomicBool,
        top: usize,
    ) -> Results {
        if let Some(same) = previous.and_then(|p| p.again_for(query, top)) {
            return same;
        }
        let range = self.range(scope.kind);
        let only = scope.only.as_ref().map(|v| {
            let mut v = v.clone();
            v.sort_unstable();
            v
        });
        let (candidates, complete) = Index::candidates(query, range.clone(), previous);
        let filters = filter::Resolved::new(&query.filters, |k, v| self.named(kb, k, v));
        let in_scope = |i: u32| -> bool {
            let e = self.entities[i as usize];
            only.as_ref().is_none_or(|o| o.binary_search(&e).is_ok()) && filters.accepts(kb, e)
        };
        let total = match &only {
            Some(o) => o
                .iter()
                .filter(|e| scope.kind.is_none_or(|k| e.kind() == k))
                .count(),
            None => range.len(),
        };
        let prepared = Prepared::new(query);
        let scanned: Vec<(u32, Option<Hit>)> = par_scan(&candidates, |chunk| {
            let matcher = SkimMatcherV2::default().respect_case();
            let mut out = Vec::new();
            for (n, &i) in chunk.iter().enumerate() {
                if n % 1024 == 0 && cancel.load(Ordering::Relaxed) {
                    break;
                }
                if in_scope(i)
                    && let Some(hit) = self.best_hit(i as usize, &prepared, &matcher)
                {
                    out.push((i, hit));
                }
            }
            out
        });
        let positive = complete.then(|| scanned.iter().map(|(i, _)| *i).collect());
        let mut found: Vec<(u32, Hit)> = scanned
            .into_iter()
            .filter_map(|(i, h)| Some((i, h?)))
            .collect();
        let matched: Vec<u32> = found.iter().map(|(i, _)| *i).collect();
        if prepared.rescue.is_some() && !found.iter().any(|(_, h)| h.tier < Tier::DidYouMean) {
            let not_matched = |i: u32| matched.binary_search(&i).is_err() && in_scope(i);
            found.append(&mut self.rescue(range, &not_matched, &prepared, cancel));
        }
        let (hits, unranked) = if prepared.positive {
            self.rank(&found, top)
        } else {
            (found.into_iter().map(|(_, h)| h).collect(), Vec::new())
        };
        Results {
            hits,
            unranked,
            total,
            query: query.clone(),
            matched,
            positive,
            narrowable: !cancel.load(Ordering::Relaxed),
        }
    }

    /// The typo rescues among the entities of `range` that `eligible` lets through.
    fn rescue(
        &self,
        range: std::ops::Range<usize>,
        eligible: &(dyn Fn(u32) -> bool + Sync),
        prepared: &Prepared,
        cancel: &AtomicBool,
    ) -> Vec<(u32, Hit)> {
        let all: Vec<u32> = (range.start as u32..range.end as u32).collect();
        par_scan(&all, |chunk| {
            let mut out = Vec::new();
            for (n, &i) in chunk.iter().enumerate() {
                if n % 1024 == 0 && cancel.load(Ordering::Relaxed) {
                    break;
                }
                if eligible(i)
                    && let Some(hit) = self.rescue_hit(i as usize, prepared)
                {
                    out.push((i, hit));
                }
            }
            out
        })
    }

    /// Which entities to scan, and whether every entity passing the positive terms is among
    /// them: the previous matches when this query extends the previous one; what passed its
    /// terms without a negation when only a negation changed; else the whole range.
    fn candidates(
        query: &Query,
        range: std::ops::Range<usize>,
        previous: Option<&Results>,
    ) -> (Vec<u32>, bool) {
        let all = || (range.start as u32..range.end as u32).collect();
        let Some(p) = previous.filter(|p| p.narrowable) else {
            return (all(), true);
        };
        let no_negation = p.query.positive_terms().len() == p.query.terms.len();
        match &p.positive {
            Some(_) if no_negation && query.extends(&p.query) => (p.matched.clone(), true),
            Some(pos) if query.positive_extends(&p.query) => (pos.clone(), true),
            _ if query.extends(&p.query) => (p.matched.clone(), false),
            _ => (all(), true),
        }
    }

    /// Orders hits best first, the best `top` of them only: the hits, and the rank keys of
    /// those past `top` (left unordered). An empty query keeps the natural order instead.
    fn rank(&self, found: &[(u32, Hit)], top: usize) -> (Vec<Hit>, Vec<u64>) {
        // One packed integer per hit sorts several times faster than a tuple. The last bits
        // are the hit's place in `found`, which is in index order (entities in id order within
        // a kind) within each tier, so it breaks the last tie as the id does.
        debug_assert!(found.len() < 1 << 28);
        let mut keys: Vec<u64> = found
            .iter()
            .enumerate()
            .map(|(n, (i, h))| {
                let score = (0x7fff_i64 - h.score.clamp(-0x7fff, 0x7fff)) as u64; // 16 bits
                let len = u64::from(self.name_len[*i as usize].min(0xffff));
                ((h.tier as u64) << 60) | (score << 44) | (len << 28) | n as u64
            })
            .collect();
        let unranked = if keys.len() > top {
            keys.select_nth_unstable(top);
            keys[..top].sort_unstable();
            keys[top..].to_vec()
        } else {
            keys.sort_unstable();
            Vec::new()
        };
        let hits = keys
            .iter()
            .map(|k| found[(k & ((1 << 28) - 1)) as usize].1)
            .collect();
        (hits, unranked)
    }

    /// Whether the `i`th entity has no field holding `atom` (a negated word).
    fn lacks(&self, i: usize, atom: &Atom, needle: &Needle) -> bool {
        !self.entries_of(i).iter().any(|e| {
            atom.mask & !e.mask == 0
                && matching::holds(atom, needle, self.text(e, atom.case_sensitive))
        })
    }

    /// The best match of one term over the `i`th entity's fields: `(tier, score, entry)`;
    /// `Some(None)` when the term passes only by a negation.
    fn term_hit(
        &self,
        i: usize,
        term: &[(&Atom, Needle)],
        matcher: &SkimMatcherV2,
    ) -> Option<Option<(Tier, i64, usize)>> {
        let entries = self.entries_of(i);
        let mut best: Option<(Tier, i64, usize)> = None;
        let mut passes = false;
        for (atom, needle) in term {
            if atom.negated {
                passes |= self.lacks(i, atom, needle);
                continue;
            }
            for (k, e) in entries.iter().enumerate() {
                // Names and aliases come first; past them no field can beat a whole word.
                if best.is_some_and(|b| {
                    b.0 == Tier::ExactName || (b.0 <= Tier::Word && !e.field.is_namelike())
                }) {
                    break;
                }
                if atom.mask & !e.mask != 0 {
                    continue;
                }
                let text = self.text(e, atom.case_sensitive);
                let Some((tier, score)) =
                    matching::grade(atom, needle, text, e.field.is_namelike(), matcher)
                else {
                    continue;
                };
                // A name outranks an alias that matches as well.
                let score = score + if e.field.is_name() { 8 } else { 0 };
                if best.is_none_or(|b| (tier, -score) < (b.0, -b.1)) {
                    best = Some((tier, score, k));
                }
            }
        }
        match best {
            Some(b) => Some(Some(b)),
            None if passes => Some(None),
            None => None,
        }
    }

    /// The `i`th entity's hit: every term must match; it ranks by its weakest term's tier and
    /// the summed scores, shown on the field of its best term. `None` when a term without a
    /// negation fails, `Some(None)` when only a negation excludes it.
    fn best_hit(&self, i: usize, q: &Prepared, matcher: &SkimMatcherV2) -> Option<Option<Hit>> {
        let entity = self.entities[i];
        let entries = self.entries_of(i);
        let mut worst = Tier::ExactName;
        let mut sum = 0i64;
        let mut shown: Option<(Tier, i64, usize)> = None;
        for (n, term) in q.terms.iter().enumerate() {
            let Some(found) = self.term_hit(i, term, matcher) else {
                // Terms come without a negation first: failing one of those is failing them.
                return if n < q.plain_terms { None } else { Some(None) };
            };
            let Some((tier, score, k)) = found else {
                continue;
            };
            worst = worst.max(tier);
            sum += score;
            if shown.is_none_or(|s| (tier, -score) < (s.0, -s.1)) {
                shown = Some((tier, score, k));
            }
        }
        let Some((_, _, k)) = shown else {
            // Only negations: everything they leave, in the natural order.
            return Some(entries.first().map(|first| Hit {
                entity,
                field: first.field,
                sub: first.sub,
                tier: Tier::All,
                score: 0,
            }));
        };
        let mut field = &entries[k];
        if let Some((joined, case)) = &q.joined
            && worst > Tier::PrefixName
        {
            for e in entries.iter().filter(|e| e.field.is_namelike()) {
                let text = self.text(e, *case);
                let tier = if text == joined {
                    Tier::ExactName
                } else if text.starts_with(joined.as_str()) {
                    Tier::PrefixName
                } else {
                    continue;
                };
                if tier < worst {
                    (worst, field) = (tier, e);
                }
            }
        }
        if field.field == Field::Alias && self.name_holds_every_word(i, q) {
            // Show the name when it has every word as well as the alias (`lavr`: Sergei
            // Lavrov, not "Sergei Lavrov · alias: Lavrov"); the rank stays the alias's.
            field = &entries[0];
        }
        Some(Some(Hit {
            entity,
            field: field.field,
            sub: field.sub,
            tier: worst,
            score: sum,
        }))
    }

    /// Whether the `i`th entity's name (its first field) has every plain word of the query at
    /// the start of one of its words.
    fn name_holds_every_word(&self, i: usize, q: &Prepared) -> bool {
        let Some(name) = self.entries_of(i).first().filter(|e| e.field.is_name()) else {
            return false;
        };
        q.terms[..q.plain_terms].iter().all(|term| {
            term.iter()
                .any(|(a, n)| matching::at_word_start(a, n, self.text(name, a.case_sensitive)))
        })
    }

    /// The `i`th entity as a typo rescue: one of its names or aliases is a few edits from the
    /// query's words, and no negation excludes it.
    fn rescue_hit(&self, i: usize, q: &Prepared) -> Option<Hit> {
        let words = q.rescue.as_ref()?;
        let mut best: Option<(usize, &Entry)> = None;
        for e in self.entries_of(i).iter().filter(|e| e.field.is_namelike()) {
            if let Some((d, _)) = typo::rescue(self.text(e, false), words)
                && best.is_none_or(|b| d < b.0)
            {
                best = Some((d, e));
            }
        }
        let (d, e) = best?;
        let negations = q.terms.iter().flatten().filter(|(a, _)| a.negated);
        if negations.clone().count() > 0 && !negations.clone().all(|(a, n)| self.lacks(i, a, n)) {
            return None;
        }
        Some(Hit {
            entity: self.entities[i],
            field: e.field,
            sub: e.sub,
            tier: Tier::DidYouMean,
            score: 100 - 10 * d as i64 + if e.field.is_name() { 8 } else { 0 },
        })
    }

    /// The characters of the matched field's original text that the query matched, for
    /// highlighting (character indices into [`field_text`]). Computed only for rows on screen.
    /// A typo rescue marks the words that were a typo away.
    pub fn highlight(kb: &Kb, query: &Query, hit: &Hit) -> Vec<usize> {
        if hit.did_you_mean() {
            let original = field_text(kb, hit.entity, hit.field, hit.sub);
            let (folded, map) = fold::fold_with_map(&original);
            let words = Prepared::new(query).rescue.unwrap_or_default();
            return typo::rescue(&lower(&folded), &words)
                .map(|(_, marks)| {
                    marks
                        .into_iter()
                        .filter_map(|i| map.get(i).copied())
                        .collect()
                })
                .unwrap_or_default();
        }
        Index::highlight_field(kb, query, hit.entity, hit.field, hit.sub)
    }

    /// The characters of one field of `entity` that any word of the query matches (character
    /// indices into [`field_text`]): for highlighting every field a row shows, not only the one
    /// a hit names.
    pub fn highlight_field(
        kb: &Kb,
        query: &Query,
        entity: EntityRef,
        field: Field,
        sub: u16,
    ) -> Vec<usize> {
        let original = field_text(kb, entity, field, sub);
        let (folded, map) = fold::fold_with_map(&original);
        let lowered = lower(&folded);
        let matcher = SkimMatcherV2::default().respect_case();
        let mut out: Vec<usize> = query
            .terms
            .iter()
            .flat_map(|t| &t.alts)
            .filter(|a| !a.negated)
            .filter_map(|a| {
                let text = if a.case_sensitive { &folded } else { &lowered };
                matching::positions(a, text, field.is_namelike(), &matcher)
            })
            .flatten()
            .filter_map(|i| map.get(i).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
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
    fn name_word_then_any_whole_word_then_partial_names() {
        let hits = run(&kb_of(PEOPLE), "lavrov", None);
        let ids: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
        // "Lavrov" is a whole word of Sergei's name and of Kim's role, a part of Olga's name.
        assert_eq!(ids, ["sergei-lavrov", "envoy", "olga-lavrova"]);
        assert_eq!(hits[0].2, Tier::NameWord);
        assert_eq!(hits[1], ("envoy".into(), Field::Role, Tier::Word));
        assert_eq!(hits[2].2, Tier::Name);
        let moscow = run(&kb_of(PEOPLE), "moscow", None);
        assert_eq!(moscow[0], ("russia".into(), Field::Alias, Tier::ExactName));
    }

    #[test]
    fn cyrillic_aliases_and_smart_case() {
        let kb = kb_of(PEOPLE);
        assert_eq!(
            run(&kb, "лавров", None)[0],
            ("sergei-lavrov".into(), Field::Alias, Tier::NameWord)
        );
        assert_eq!(run(&kb, "Лавров", None)[0].0, "sergei-lavrov");
        // Capitals must match exactly; the same letters in another case are only a "did you mean".
        for q in ["ЛАВРОВ", "LAVROV"] {
            let hits = run(&kb, q, None);
            assert_eq!(hits[0].0, "sergei-lavrov", "{q}");
            assert!(
                hits.iter().all(|h| h.2 == Tier::DidYouMean),
                "{q}: {hits:?}"
            );
        }
        assert_eq!(run(&kb, "Lavrov", None)[0].0, "sergei-lavrov");
    }

    #[test]
    fn accents_are_optional_for_latin_script() {
        let kb = kb_of(PEOPLE);
        assert_eq!(
            run(&kb, "mute egede", None)[0],
            ("mute-egede".into(), Field::Name, Tier::NameWord)
        );
        assert_eq!(run(&kb, "múte", None)[0].0, "mute-egede");
        assert_eq!(
            run(&kb, "tromso", None)[0],
            ("tromso-forum".into(), Field::Country, Tier::Word)
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

    /// Types `typed` keystroke by keystroke, each answer narrowing the one before, and checks
    /// every answer against a full rescan.
    fn assert_narrowing_matches_a_rescan(kb: &Kb, typed: &[&str]) {
        let index = Index::build(kb);
        let never = AtomicBool::new(false);
        let mut prev: Option<Results> = None;
        for q in typed {
            let query = Query::parse(q).unwrap();
            let narrowed = index.search(kb, &query, &Scope::default(), prev.as_ref(), &never);
            let full = index.search(kb, &query, &Scope::default(), None, &never);
            assert_eq!(narrowed.hits, full.hits, "{q}");
            prev = Some(narrowed);
        }
    }

    #[test]
    fn narrowing_gives_the_same_answer_as_a_rescan() {
        let typed = ["l", "la", "lav", "lavr", "lavro", "lavrov"];
        assert_narrowing_matches_a_rescan(&kb_of(PEOPLE), &typed);
    }

    #[test]
    fn narrowing_across_negations_and_new_words_matches_a_rescan() {
        let typed = [
            "e",
            "en",
            "energy",
            "energy ",
            "energy !",
            "energy !c",
            "energy !ch",
            "energy !c",
            "energy !c a",
            "energy !ch a",
            "energy !ch ar",
            "energy ar",
            "energy arc !",
            "energy arc !x",
            "energy arc !x ",
            "energy | arc",
            "energy",
            "energy  ",
            "energy  '",
        ];
        let kb = crate::kb::load_bundled().unwrap();
        assert_narrowing_matches_a_rescan(&kb, &typed);
    }

    #[test]
    fn ranking_the_top_first_then_the_rest_gives_the_full_ranking() {
        let kb = crate::kb::load_bundled().unwrap();
        let index = Index::build(&kb);
        let never = AtomicBool::new(false);
        for q in [
            "e",
            "a",
            "energy",
            "energy !china",
            "lavorv",
            "kind:claim",
            "!e",
        ] {
            let query = Query::parse(q).unwrap();
            let full = index.search(&kb, &query, &Scope::default(), None, &never);
            assert!(full.is_ranked(), "{q}");
            // Only negations rank nothing: everything comes in the natural order at once.
            let ranks = query.terms.iter().any(|t| !t.alts[0].negated);
            for top in [0, 1, 3, 10, full.hits.len()] {
                let mut part = index.search_top(&kb, &query, &Scope::default(), None, &never, top);
                assert_eq!(part.hits.len(), full.hits.len(), "{q} {top}");
                let ranked = if ranks {
                    top.min(full.hits.len())
                } else {
                    full.hits.len()
                };
                assert_eq!(part.ranked(), ranked, "{q} {top}");
                assert_eq!(part.hits[..ranked], full.hits[..ranked], "{q} {top}");
                part.finish_ranking();
                assert!(part.is_ranked());
                assert_eq!(part, full, "{q} {top}");
            }
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
            ["sergei-lavrov", "envoy", "olga-lavrova"]
        );
        assert!(ids("kind:state lavrov").is_empty());
        assert_eq!(run(&kb, "russia", Some(EntityKind::Meeting)).len(), 0);
    }
}
