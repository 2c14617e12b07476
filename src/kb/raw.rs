//! The lenient first pass over a KB file: `serde_yaml` deserializes straight into these shapes, which
//! accept any well-formed YAML and keep what is wrong with it (unknown keys, wrong types, duplicate
//! keys) as data instead of failing. Validation then reports every problem at once.
//!
//! Only YAML syntax errors and serde_yaml's own safety limits (recursion depth, alias expansion)
//! abort a file, because after those there is nothing trustworthy left to check.

use super::chunk::Pieces;
use super::model::EntityKind;
use super::validate::MAX_TEXT_BYTES;
use serde::de::{
    self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess,
};
use std::cell::Cell;
use std::fmt;

pub(crate) const ACTOR_FIELDS: &[&str] = &[
    "id",
    "name",
    "kind",
    "aliases",
    "role",
    "affiliations",
    "country",
    "tags",
    "summary",
    "inferred",
];
pub(crate) const MEETING_FIELDS: &[&str] = &[
    "id",
    "title",
    "status",
    "participants",
    "date",
    "date_text",
    "place",
    "topics",
    "summary",
    "sources",
    "inferred",
];
pub(crate) const CLAIM_FIELDS: &[&str] = &[
    "id",
    "text",
    "by",
    "source",
    "about",
    "meeting",
    "date",
    "date_text",
    "mode",
    "status",
    "grade",
    "supports",
    "contradicts",
    "qualifies",
    "tags",
    "inferred",
];
pub(crate) const SOURCE_FIELDS: &[&str] = &[
    "id",
    "title",
    "publisher",
    "author",
    "published",
    "url",
    "via",
    "relayed_by",
    "reliability",
    "inferred",
];
pub(crate) const SECTIONS: &[&str] = &["actors", "meetings", "claims", "sources"];

/// The field names an entity of `kind` may have, in schema order.
pub fn fields_of(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Actor => ACTOR_FIELDS,
        EntityKind::Meeting => MEETING_FIELDS,
        EntityKind::Claim => CLAIM_FIELDS,
        EntityKind::Source => SOURCE_FIELDS,
    }
}

fn section_kind(i: usize) -> EntityKind {
    [
        EntityKind::Actor,
        EntityKind::Meeting,
        EntityKind::Claim,
        EntityKind::Source,
    ][i]
}

/// A field value before validation. Mappings are drained, not kept: no field takes one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawValue {
    Null,
    Bool(bool),
    /// A number as YAML resolved it, formatted back to text.
    Number(String),
    Str(String),
    /// A string longer than any field takes, kept only as its length in bytes: a 200 MB scalar
    /// is reported, never copied.
    TooLong(usize),
    /// A list holding more than [`MAX_LIST_BYTES`] of text: the bytes read, and the entry that
    /// crossed the bound. Nothing else of it is kept.
    ListTooLong {
        bytes: usize,
        at: usize,
    },
    Seq(Vec<RawValue>),
    Map,
    Tagged,
}

impl RawValue {
    /// "a string", "a list", ... for messages.
    pub fn describe(&self) -> String {
        match self {
            RawValue::Null => "null (an empty value)".into(),
            RawValue::Bool(b) => format!("the boolean `{b}`"),
            RawValue::Number(n) => format!("the number `{n}`"),
            RawValue::Str(_) | RawValue::TooLong(_) => "a string".into(),
            RawValue::Seq(_) | RawValue::ListTooLong { .. } => "a list".into(),
            RawValue::Map => "a mapping".into(),
            RawValue::Tagged => "a tagged value".into(),
        }
    }
}

/// One entity as written: known fields by position in the kind's field table, plus what was wrong
/// with its keys.
/// The most fields any kind has (claims).
pub(crate) const MAX_FIELDS: usize = 16;

#[derive(Debug)]
pub(crate) struct RawEntity {
    /// Inline rather than a `Vec`: one allocation fewer per entity on the hot path.
    pub fields: [Option<RawValue>; MAX_FIELDS],
    pub unknown: Vec<String>,
    pub duplicates: Vec<usize>,
    /// Set when the list item was not a mapping at all.
    pub not_a_mapping: Option<&'static str>,
    /// Set, to the bytes read before giving up, when the entity holds more than
    /// [`MAX_ENTITY_BYTES`] of text; nothing else is kept of it then.
    pub too_big: Option<usize>,
}

impl Default for RawEntity {
    fn default() -> Self {
        RawEntity {
            fields: std::array::from_fn(|_| None),
            unknown: Vec::new(),
            duplicates: Vec::new(),
            not_a_mapping: None,
            too_big: None,
        }
    }
}

/// What became of a section: its entries were handed to the [`EntitySink`] as they were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawSection {
    Items(usize),
    NotAList(&'static str),
}

/// Receives each entity the moment it has been read, so a file is never held twice in memory
/// (raw and validated) and validation overlaps parsing.
pub(crate) trait EntitySink {
    fn entity(&mut self, kind: EntityKind, item: usize, raw: RawEntity);
}

#[derive(Debug, Default)]
pub(crate) enum RootShape {
    #[default]
    Mapping,
    Empty,
    Other(&'static str),
}

#[derive(Debug, Default)]
pub(crate) struct RawFile {
    pub sections: [Option<RawSection>; 4],
    pub unknown_sections: Vec<String>,
    pub duplicate_sections: Vec<usize>,
    pub root: RootShape,
}

/// What a lenient seed does with each YAML shape. Anything it does not take is drained and
/// recorded through `other`, so no shape ever fails deserialization.
trait Shape<'de>: Sized {
    type Out;
    /// The file's expansion budget, which every value read draws on.
    fn budget(&self) -> &Budget;
    fn other(self, found: &'static str) -> Self::Out;
    fn string(self, _s: String) -> Self::Out {
        self.other("a string")
    }
    /// A borrowed string; shapes that only inspect it override this to skip the copy.
    fn str(self, s: &str) -> Self::Out {
        self.string(s.to_owned())
    }
    fn number(self, _text: String) -> Self::Out {
        self.other("a number")
    }
    fn boolean(self, _b: bool) -> Self::Out {
        self.other("a boolean")
    }
    fn null(self) -> Self::Out {
        self.other("null")
    }
    fn tagged(self) -> Self::Out {
        self.other("a tagged value")
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Out, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.other("a list"))
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Out, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.other("a mapping"))
    }
}

/// How much one file's YAML may expand to, in bytes of text plus [`NODE_COST`] per node. Text
/// written out costs at most about what it takes in the file; aliases (`*name`) can make a small
/// file expand to gigabytes, so the total is bounded in proportion to the file's size and the
/// parse stops at the alias that crosses the bound.
pub(crate) struct Budget {
    left: Cell<usize>,
    /// Where the reader is, for the message when the budget runs out.
    place: Cell<Place>,
    crossed: Cell<Option<Place>>,
}

/// What one node (a value, list or mapping) costs: about what it occupies in memory per byte of
/// text, so 100k aliases to an empty value are bounded too.
const NODE_COST: usize = 8;
/// How many times its own size a file may expand to.
pub(crate) const EXPANSION_FACTOR: usize = 8;
/// Expansion every file may use whatever its size, so small files may still use anchors freely.
pub(crate) const EXPANSION_SLACK: usize = 1 << 20;
/// The most text one list may hold, all entries together, aliases expanded: room for a meeting
/// with 100k participants, far from what 100k aliases of a 64 KiB value make.
pub(crate) const MAX_LIST_BYTES: usize = 4 << 20;
/// The most text one entity may hold, all fields together, aliases expanded.
pub(crate) const MAX_ENTITY_BYTES: usize = 8 << 20;

/// Where in the file a value is being read: section, item, field and list entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Place {
    pub section: Option<usize>,
    pub item: usize,
    pub key: Option<&'static str>,
    pub sub: Option<usize>,
}

impl Budget {
    pub fn for_text(text: &str) -> Budget {
        Budget {
            left: Cell::new(expansion_limit(text)),
            place: Cell::new(Place::default()),
            crossed: Cell::new(None),
        }
    }

    fn spend<E: de::Error>(&self, cost: usize) -> Result<(), E> {
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => {
                self.crossed.set(Some(self.place.get()));
                Err(E::custom("the file expands beyond its alias budget"))
            }
        }
    }

    fn set_section(&self, section: Option<usize>) {
        self.place.set(Place {
            section,
            ..Place::default()
        });
    }

    fn update(&self, f: impl FnOnce(&mut Place)) {
        let mut p = self.place.get();
        f(&mut p);
        self.place.set(p);
    }
}

/// Why a file could not be read into shapes.
#[derive(Debug)]
pub(crate) enum ParseFailure {
    Yaml(serde_yaml::Error),
    /// Aliases expand the file beyond its budget: where the reader was when it ran out, and
    /// the budget.
    Expansion(Place, usize),
}

struct Lenient<S>(S);

impl<'de, S: Shape<'de>> DeserializeSeed<'de> for Lenient<S> {
    type Value = S::Out;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<S::Out, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, S: Shape<'de>> de::Visitor<'de> for Lenient<S> {
    type Value = S::Out;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST)?;
        Ok(self.0.boolean(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST)?;
        Ok(self.0.number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST)?;
        Ok(self.0.number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST)?;
        Ok(self.0.number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST)?;
        Ok(self.0.number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST)?;
        Ok(self.0.number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST + v.len())?;
        Ok(self.0.str(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST + v.len())?;
        Ok(self.0.string(v))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<S::Out, E> {
        Ok(self.0.other("binary data"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST)?;
        Ok(self.0.null())
    }
    fn visit_none<E: de::Error>(self) -> Result<S::Out, E> {
        self.0.budget().spend(NODE_COST)?;
        Ok(self.0.null())
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<S::Out, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<S::Out, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<S::Out, A::Error> {
        self.0.budget().spend(NODE_COST)?;
        self.0.seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<S::Out, A::Error> {
        self.0.budget().spend(NODE_COST)?;
        self.0.map(map)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<S::Out, A::Error> {
        let (IgnoredAny, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant::<IgnoredAny>()?;
        Ok(self.0.tagged())
    }
}

/// A field value: every shape is kept, mappings only as a marker.
struct ValueShape<'b>(&'b Budget);

/// The bytes of text a value holds, for the per-list and per-entity bounds.
fn weight(v: &RawValue) -> usize {
    match v {
        RawValue::Str(s) => s.len(),
        // Nothing of them is kept.
        RawValue::TooLong(_) | RawValue::ListTooLong { .. } => 1,
        RawValue::Seq(items) => items.iter().map(weight).sum(),
        _ => 1,
    }
}

impl<'de> Shape<'de> for ValueShape<'_> {
    type Out = RawValue;
    fn budget(&self) -> &Budget {
        self.0
    }
    fn other(self, found: &'static str) -> RawValue {
        match found {
            "a mapping" => RawValue::Map,
            _ => RawValue::Tagged,
        }
    }
    fn string(self, s: String) -> RawValue {
        if s.len() > MAX_TEXT_BYTES {
            return RawValue::TooLong(s.len());
        }
        RawValue::Str(s)
    }
    fn str(self, s: &str) -> RawValue {
        if s.len() > MAX_TEXT_BYTES {
            return RawValue::TooLong(s.len());
        }
        RawValue::Str(s.to_owned())
    }
    fn number(self, text: String) -> RawValue {
        RawValue::Number(text)
    }
    fn boolean(self, b: bool) -> RawValue {
        RawValue::Bool(b)
    }
    fn null(self) -> RawValue {
        RawValue::Null
    }
    /// A list, bounded in total: past [`MAX_LIST_BYTES`] the rest is skipped (aliases in it are
    /// not expanded) and the list is kept only as its size.
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let budget = self.0;
        let top = budget.place.get().sub.is_none();
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        let mut total = 0usize;
        loop {
            if top {
                budget.update(|p| p.sub = Some(items.len()));
            }
            let Some(v) = seq.next_element_seed(Lenient(ValueShape(budget)))? else {
                break;
            };
            total += weight(&v);
            items.push(v);
            if total > MAX_LIST_BYTES {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                let at = items.len() - 1;
                if top {
                    budget.update(|p| p.sub = None);
                }
                return Ok(RawValue::ListTooLong { bytes: total, at });
            }
        }
        if top {
            budget.update(|p| p.sub = None);
        }
        Ok(RawValue::Seq(items))
    }
}

/// A mapping key, matched against a table of known names without allocating for known ones.
enum Key {
    Known(usize),
    Unknown(String),
}

struct KeyShape<'b>(&'static [&'static str], &'b Budget);

impl<'de> Shape<'de> for KeyShape<'_> {
    type Out = Key;
    fn budget(&self) -> &Budget {
        self.1
    }
    fn other(self, found: &'static str) -> Key {
        Key::Unknown(format!("<{found}>"))
    }
    fn string(self, s: String) -> Key {
        self.str(&s)
    }
    fn str(self, s: &str) -> Key {
        match self.0.iter().position(|k| *k == s) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(s.chars().take(MAX_KEY_CHARS).collect()),
        }
    }
    fn number(self, text: String) -> Key {
        Key::Unknown(text)
    }
    fn boolean(self, b: bool) -> Key {
        Key::Unknown(b.to_string())
    }
    fn null(self) -> Key {
        Key::Unknown("null".into())
    }
}

/// The longest unknown key kept for its message; no known key is near this long.
const MAX_KEY_CHARS: usize = 200;

struct EntityShape<'b>(&'static [&'static str], &'b Budget);

impl<'de> Shape<'de> for EntityShape<'_> {
    type Out = RawEntity;
    fn budget(&self) -> &Budget {
        self.1
    }
    fn other(self, found: &'static str) -> RawEntity {
        RawEntity {
            not_a_mapping: Some(found),
            ..RawEntity::default()
        }
    }
    /// An entity, bounded in total: past [`MAX_ENTITY_BYTES`] the rest is skipped unexpanded.
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEntity, A::Error> {
        let budget = self.1;
        let mut e = RawEntity::default();
        let mut total = 0usize;
        while let Some(key) = map.next_key_seed(Lenient(KeyShape(self.0, budget)))? {
            match key {
                Key::Known(i) => {
                    budget.update(|p| p.key = Some(self.0[i]));
                    let v = map.next_value_seed(Lenient(ValueShape(budget)))?;
                    budget.update(|p| p.key = None);
                    total += weight(&v);
                    if e.fields[i].is_some() {
                        e.duplicates.push(i);
                    } else {
                        e.fields[i] = Some(v);
                    }
                }
                Key::Unknown(name) => {
                    map.next_value::<IgnoredAny>()?;
                    total += name.len();
                    e.unknown.push(name);
                }
            }
            if total > MAX_ENTITY_BYTES {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Ok(RawEntity {
                    too_big: Some(total),
                    ..RawEntity::default()
                });
            }
        }
        Ok(e)
    }
}

struct SectionShape<'s, 'b, K> {
    kind: EntityKind,
    sink: &'s mut K,
    budget: &'b Budget,
}

impl<'de, K: EntitySink> Shape<'de> for SectionShape<'_, '_, K> {
    type Out = RawSection;
    fn budget(&self) -> &Budget {
        self.budget
    }
    fn other(self, found: &'static str) -> RawSection {
        RawSection::NotAList(found)
    }
    fn null(self) -> RawSection {
        // `actors:` with nothing under it is an empty list, as a user would mean it.
        RawSection::Items(0)
    }
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawSection, A::Error> {
        let fields = fields_of(self.kind);
        let mut item = 0;
        loop {
            self.budget.update(|p| p.item = item);
            let seed = Lenient(EntityShape(fields, self.budget));
            let Some(e) = seq.next_element_seed(seed)? else {
                break;
            };
            self.sink.entity(self.kind, item, e);
            item += 1;
        }
        Ok(RawSection::Items(item))
    }
}

struct FileShape<'s, 'b, K>(&'s mut K, &'b Budget);

impl<'de, K: EntitySink> Shape<'de> for FileShape<'_, '_, K> {
    type Out = RawFile;
    fn budget(&self) -> &Budget {
        self.1
    }
    fn other(self, found: &'static str) -> RawFile {
        RawFile {
            root: RootShape::Other(found),
            ..RawFile::default()
        }
    }
    fn null(self) -> RawFile {
        RawFile {
            root: RootShape::Empty,
            ..RawFile::default()
        }
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFile, A::Error> {
        let budget = self.1;
        let mut file = RawFile::default();
        while let Some(key) = map.next_key_seed(Lenient(KeyShape(SECTIONS, budget)))? {
            match key {
                // A second list of the same kind is reported, not read: its entries' places
                // would be ambiguous.
                Key::Known(i) if file.sections[i].is_some() => {
                    map.next_value::<IgnoredAny>()?;
                    file.duplicate_sections.push(i);
                }
                Key::Known(i) => {
                    let shape = SectionShape {
                        kind: section_kind(i),
                        sink: &mut *self.0,
                        budget,
                    };
                    budget.set_section(Some(i));
                    file.sections[i] = Some(map.next_value_seed(Lenient(shape))?);
                    budget.set_section(None);
                }
                Key::Unknown(name) => {
                    map.next_value::<IgnoredAny>()?;
                    file.unknown_sections.push(name);
                }
            }
        }
        Ok(file)
    }
}

/// Deserializes one KB file, handing every entity to `sink` as it is read. Fails only on what
/// makes the YAML itself unusable, or when aliases expand it beyond its budget.
pub(crate) fn parse(text: &str, sink: &mut impl EntitySink) -> Result<RawFile, ParseFailure> {
    let budget = Budget::for_text(text);
    let de = serde_yaml::Deserializer::from_str(text);
    let result = Lenient(FileShape(sink, &budget)).deserialize(de);
    match (result, budget.crossed.get()) {
        (_, Some(place)) => Err(ParseFailure::Expansion(place, expansion_limit(text))),
        (Ok(file), None) => Ok(file),
        (Err(e), None) => Err(ParseFailure::Yaml(e)),
    }
}

/// How many bytes `text` may expand to, aliases included.
fn expansion_limit(text: &str) -> usize {
    text.len()
        .saturating_mul(EXPANSION_FACTOR)
        .saturating_add(EXPANSION_SLACK)
}

/// Hands each entity on with its index in the whole list, not in its piece.
struct Shifted<'s, K> {
    sink: &'s mut K,
    by: usize,
}

impl<K: EntitySink> EntitySink for Shifted<'_, K> {
    fn entity(&mut self, kind: EntityKind, item: usize, raw: RawEntity) {
        self.sink.entity(kind, item + self.by, raw);
    }
}

/// Deserializes the file `whole` piece by piece (see [`super::chunk`]), handing every entity
/// to `sink` with its index in the whole list, one piece's YAML events in memory at a time.
/// `None` when any piece fails in any way, or is not the one section list the cut promised:
/// the caller then parses the whole file, whose result and diagnostics are the reference. The
/// pieces share the whole file's alias budget.
pub(crate) fn parse_pieces(
    pieces: &Pieces<'_>,
    whole: &str,
    sink: &mut impl EntitySink,
) -> Option<RawFile> {
    let budget = Budget::for_text(whole);
    let mut section = None;
    let mut items = 0;
    for i in 0..pieces.bodies.len() {
        let text = pieces.text(i);
        let mut shifted = Shifted {
            sink: &mut *sink,
            by: items,
        };
        let de = serde_yaml::Deserializer::from_str(&text);
        let file = Lenient(FileShape(&mut shifted, &budget)).deserialize(de);
        let file = file.ok().filter(|_| budget.crossed.get().is_none())?;
        let clean = matches!(file.root, RootShape::Mapping)
            && file.unknown_sections.is_empty()
            && file.duplicate_sections.is_empty();
        let mut lists = file
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_some());
        let (s, Some(RawSection::Items(n))) = lists.next()? else {
            return None;
        };
        if !clean || lists.next().is_some() || section.is_some_and(|k| k != s) {
            return None;
        }
        section = Some(s);
        items += n;
    }
    let mut file = RawFile::default();
    file.sections[section?] = Some(RawSection::Items(items));
    Some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Collect(Vec<(EntityKind, usize, RawEntity)>);

    impl EntitySink for Collect {
        fn entity(&mut self, kind: EntityKind, item: usize, raw: RawEntity) {
            self.0.push((kind, item, raw));
        }
    }

    fn parse_collect(text: &str) -> Result<(RawFile, Vec<RawEntity>), ParseFailure> {
        let mut sink = Collect::default();
        let file = parse(text, &mut sink)?;
        Ok((file, sink.0.into_iter().map(|(_, _, e)| e).collect()))
    }

    fn actors(text: &str) -> Vec<RawEntity> {
        let (file, items) = parse_collect(text).unwrap();
        assert_eq!(file.sections[0], Some(RawSection::Items(items.len())));
        items
    }

    #[test]
    fn keeps_wrong_types_unknown_and_duplicate_keys() {
        let a = actors(
            "actors:\n- id: x\n  name: 12\n  particpants: [a]\n  id: y\n  tags: [a, {b: c}]\n",
        );
        let e = &a[0];
        assert_eq!(e.fields[0], Some(RawValue::Str("x".into())));
        assert_eq!(e.fields[1], Some(RawValue::Number("12".into())));
        assert_eq!(e.unknown, ["particpants"]);
        assert_eq!(e.duplicates, [0]);
        assert_eq!(
            e.fields[7],
            Some(RawValue::Seq(vec![
                RawValue::Str("a".into()),
                RawValue::Map
            ]))
        );
    }

    #[test]
    fn non_mapping_items_and_sections() {
        let a = actors("actors:\n- just a string\n- !tag {a: b}\n");
        assert_eq!(a[0].not_a_mapping, Some("a string"));
        assert_eq!(a[1].not_a_mapping, Some("a tagged value"));
        let (f, _) = parse_collect("meetings: 5\nactor: []\n").unwrap();
        assert!(matches!(
            f.sections[1],
            Some(RawSection::NotAList("a number"))
        ));
        assert_eq!(f.unknown_sections, ["actor"]);
        assert!(matches!(
            parse_collect("").unwrap().0.root,
            RootShape::Empty
        ));
        assert!(matches!(
            parse_collect("- a").unwrap().0.root,
            RootShape::Other("a list")
        ));
    }

    #[test]
    fn quoted_numbers_stay_strings() {
        let a = actors("actors:\n- id: '12'\n  name: 2025\n");
        assert_eq!(a[0].fields[0], Some(RawValue::Str("12".into())));
        assert_eq!(a[0].fields[1], Some(RawValue::Number("2025".into())));
    }

    #[test]
    fn hostile_yaml_fails_with_an_error() {
        assert!(parse_collect(&("a: ".to_string() + &"[".repeat(10_000))).is_err());
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (n, p) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            bomb.push_str(&format!(
                "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        bomb.push_str("actors:\n- id: x\n  tags: *i\n");
        assert!(parse_collect(&bomb).is_err());
    }
}
