//! The lenient first pass over a KB file: `serde_yaml` deserializes straight into these shapes, which
//! accept any well-formed YAML and keep what is wrong with it (unknown keys, wrong types, duplicate
//! keys) as data instead of failing. Validation then reports every problem at once.
//!
//! Only YAML syntax errors and serde_yaml's own safety limits (recursion depth, alias expansion)
//! abort a file, because after those there is nothing trustworthy left to check.

use super::model::EntityKind;
use serde::de::{
    self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess,
};
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
            RawValue::Str(_) => "a string".into(),
            RawValue::Seq(_) => "a list".into(),
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
}

impl Default for RawEntity {
    fn default() -> Self {
        RawEntity {
            fields: std::array::from_fn(|_| None),
            unknown: Vec::new(),
            duplicates: Vec::new(),
            not_a_mapping: None,
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
        Ok(self.0.boolean(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<S::Out, E> {
        Ok(self.0.number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<S::Out, E> {
        Ok(self.0.number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<S::Out, E> {
        Ok(self.0.number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<S::Out, E> {
        Ok(self.0.number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<S::Out, E> {
        Ok(self.0.number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<S::Out, E> {
        Ok(self.0.str(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<S::Out, E> {
        Ok(self.0.string(v))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<S::Out, E> {
        Ok(self.0.other("binary data"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<S::Out, E> {
        Ok(self.0.null())
    }
    fn visit_none<E: de::Error>(self) -> Result<S::Out, E> {
        Ok(self.0.null())
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<S::Out, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<S::Out, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<S::Out, A::Error> {
        self.0.seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<S::Out, A::Error> {
        self.0.map(map)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<S::Out, A::Error> {
        let (IgnoredAny, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant::<IgnoredAny>()?;
        Ok(self.0.tagged())
    }
}

/// A field value: every shape is kept, mappings only as a marker.
struct ValueShape;

impl<'de> Shape<'de> for ValueShape {
    type Out = RawValue;
    fn other(self, found: &'static str) -> RawValue {
        match found {
            "a mapping" => RawValue::Map,
            _ => RawValue::Tagged,
        }
    }
    fn string(self, s: String) -> RawValue {
        RawValue::Str(s)
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
    fn seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(v) = seq.next_element_seed(Lenient(ValueShape))? {
            items.push(v);
        }
        Ok(RawValue::Seq(items))
    }
}

/// A mapping key, matched against a table of known names without allocating for known ones.
enum Key {
    Known(usize),
    Unknown(String),
}

struct KeyShape(&'static [&'static str]);

impl<'de> Shape<'de> for KeyShape {
    type Out = Key;
    fn other(self, found: &'static str) -> Key {
        Key::Unknown(format!("<{found}>"))
    }
    fn string(self, s: String) -> Key {
        match self.0.iter().position(|k| *k == s) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(s),
        }
    }
    fn str(self, s: &str) -> Key {
        match self.0.iter().position(|k| *k == s) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(s.to_owned()),
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

struct EntityShape(&'static [&'static str]);

impl<'de> Shape<'de> for EntityShape {
    type Out = RawEntity;
    fn other(self, found: &'static str) -> RawEntity {
        RawEntity {
            not_a_mapping: Some(found),
            ..RawEntity::default()
        }
    }
    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawEntity, A::Error> {
        let mut e = RawEntity::default();
        while let Some(key) = map.next_key_seed(Lenient(KeyShape(self.0)))? {
            match key {
                Key::Known(i) => {
                    let v = map.next_value_seed(Lenient(ValueShape))?;
                    if e.fields[i].is_some() {
                        e.duplicates.push(i);
                    } else {
                        e.fields[i] = Some(v);
                    }
                }
                Key::Unknown(name) => {
                    map.next_value::<IgnoredAny>()?;
                    e.unknown.push(name);
                }
            }
        }
        Ok(e)
    }
}

struct SectionShape<'s, K> {
    kind: EntityKind,
    sink: &'s mut K,
}

impl<'de, K: EntitySink> Shape<'de> for SectionShape<'_, K> {
    type Out = RawSection;
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
        while let Some(e) = seq.next_element_seed(Lenient(EntityShape(fields)))? {
            self.sink.entity(self.kind, item, e);
            item += 1;
        }
        Ok(RawSection::Items(item))
    }
}

struct FileShape<'s, K>(&'s mut K);

impl<'de, K: EntitySink> Shape<'de> for FileShape<'_, K> {
    type Out = RawFile;
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
        let mut file = RawFile::default();
        while let Some(key) = map.next_key_seed(Lenient(KeyShape(SECTIONS)))? {
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
                    };
                    file.sections[i] = Some(map.next_value_seed(Lenient(shape))?);
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
/// makes the YAML itself unusable.
pub(crate) fn parse(text: &str, sink: &mut impl EntitySink) -> Result<RawFile, serde_yaml::Error> {
    let de = serde_yaml::Deserializer::from_str(text);
    Lenient(FileShape(sink)).deserialize(de)
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

    fn parse_collect(text: &str) -> Result<(RawFile, Vec<RawEntity>), serde_yaml::Error> {
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
