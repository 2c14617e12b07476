//! Per-file validation: turns the lenient raw shapes into typed entities, recording every problem
//! (types, required fields, unknown keys, enums, dates, grades, ids) with the place it sits.
//! References are kept as pending ids here and resolved across the whole KB in `load`.

use super::diag::did_you_mean;
use super::locate::Spot;
use super::model::*;
use super::problems::Problems;
use super::raw::{
    EXPANSION_FACTOR, EntitySink, MAX_ENTITY_BYTES, MAX_FIELDS, MAX_LIST_BYTES, ParseFailure,
    Place, RawEntity, RawFile, RawSection, RawValue, RootShape, SECTIONS, fields_of,
};
use std::collections::HashSet;

/// The longest text accepted in one field. A summary of this size is some ten thousand words;
/// anything longer is far more likely an accident or an attack than a note.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// A problem found while loading, placed by a [`Spot`] in file `file`; located later.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub file: u32,
    pub spot: Spot,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub entity: Option<String>,
    /// Another place the problem involves, with what to say of it ("first defined here").
    pub related: Option<(u32, Spot, String)>,
    /// A root cause (the file could not be read or parsed): shown before everything else, since
    /// what follows may only be its consequence.
    pub root: bool,
    /// The help should quote the value exactly as written in the file (`'0o17'`), which only the
    /// located source line knows: YAML has already turned it into a number or a boolean.
    pub quote_as_written: bool,
}

impl Problem {
    pub fn new(file: u32, spot: Spot, message: impl Into<String>) -> Self {
        Problem {
            file,
            spot,
            message: message.into(),
            label: None,
            help: None,
            entity: None,
            related: None,
            root: false,
            quote_as_written: false,
        }
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A reference field: which entity kind it must point at and its YAML key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RefField {
    Affiliations,
    Participants,
    MeetingSources,
    By,
    ClaimSource,
    About,
    Meeting,
    Supports,
    Contradicts,
    Qualifies,
    Publisher,
    RelayedBy,
}

impl RefField {
    pub fn expected(self) -> EntityKind {
        use RefField::*;
        match self {
            Affiliations | Participants | By | About | Publisher | RelayedBy => EntityKind::Actor,
            Meeting => EntityKind::Meeting,
            MeetingSources | ClaimSource => EntityKind::Source,
            Supports | Contradicts | Qualifies => EntityKind::Claim,
        }
    }
    pub fn key(self) -> &'static str {
        use RefField::*;
        match self {
            Affiliations => "affiliations",
            Participants => "participants",
            MeetingSources => "sources",
            By => "by",
            ClaimSource => "source",
            About => "about",
            Meeting => "meeting",
            Supports => "supports",
            Contradicts => "contradicts",
            Qualifies => "qualifies",
            Publisher => "publisher",
            RelayedBy => "relayed_by",
        }
    }
}

/// A reference by id waiting for the whole KB's ids to be known.
#[derive(Debug, Clone)]
pub(crate) struct PendingRef {
    /// The referring entity, by its index within this file's list of its kind.
    pub owner: EntityRef,
    pub field: RefField,
    pub target: String,
    /// Its entry in a list of references; `u32::MAX` for a single reference. The place is
    /// rebuilt from this only when the reference fails, so a million pending references carry
    /// four bytes of position each instead of a whole [`Spot`].
    pub sub: u32,
}

impl PendingRef {
    /// Where the reference is written.
    pub fn spot(&self, item: u32) -> Spot {
        let (section, item, key) = (self.owner.kind().section(), item as usize, self.field.key());
        match self.sub {
            u32::MAX => Spot::Value { section, item, key },
            sub => Spot::SubItem {
                section,
                item,
                key,
                sub: sub as usize,
            },
        }
    }
}

/// What one file contributes: its entities (indices local to the file), pending references and
/// problems. Entities with problems are still kept (with placeholder values) so that their ids
/// resolve and one mistake does not cascade into many.
#[derive(Debug, Default)]
pub(crate) struct FileModel {
    pub actors: Vec<Actor>,
    pub meetings: Vec<Meeting>,
    pub claims: Vec<Claim>,
    pub sources: Vec<Source>,
    pub refs: Vec<PendingRef>,
    pub problems: Problems,
    /// The file could not be read or parsed to its end: what it defines may be incomplete.
    pub failed: bool,
}

/// Why a file stopped being read part-way.
pub(crate) enum FileFailure {
    Yaml(serde_yaml::Error),
    /// Its aliases expand it beyond its budget; the problem is placed at the alias.
    Expansion(Box<Problem>),
}

/// Stand-in for a reference not yet resolved; never survives a successful load.
pub(crate) const UNRESOLVED: u32 = u32::MAX;

fn kind_name(kind: EntityKind) -> &'static str {
    kind.as_str()
}

fn field_list(kind: EntityKind) -> String {
    fields_of(kind).join(", ")
}

/// How messages name an entity: "actor `a1`", or "actor #3 (no valid id)". Written straight
/// into the message, so naming costs no string of its own.
struct Who<'a> {
    kind: EntityKind,
    id: &'a str,
    item: usize,
}

impl std::fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.id.is_empty() {
            write!(
                f,
                "{} #{} (no valid id)",
                kind_name(self.kind),
                self.item + 1
            )
        } else {
            write!(f, "{} `{}`", kind_name(self.kind), self.id)
        }
    }
}

/// The fields of one entity being taken apart, with its context for messages.
struct Fields<'a> {
    file: u32,
    kind: EntityKind,
    section: &'static str,
    item: usize,
    names: &'static [&'static str],
    values: [Option<RawValue>; MAX_FIELDS],
    id: String,
    problems: &'a mut Problems,
    refs: &'a mut Vec<PendingRef>,
    owner: EntityRef,
    /// Required fields already reported as misspelt (`particpants`): not reported missing too.
    misspelt: Vec<&'static str>,
}

impl Fields<'_> {
    fn who(&self) -> Who<'_> {
        Who {
            kind: self.kind,
            id: &self.id,
            item: self.item,
        }
    }

    fn value_spot(&self, key: &'static str) -> Spot {
        Spot::Value {
            section: self.section,
            item: self.item,
            key,
        }
    }

    fn sub_spot(&self, key: &'static str, sub: usize) -> Spot {
        Spot::SubItem {
            section: self.section,
            item: self.item,
            key,
            sub,
        }
    }

    fn report(&mut self, spot: Spot, message: String, label: Option<String>, help: Option<String>) {
        let mut p = Problem::new(self.file, spot, message);
        p.label = label;
        p.help = help;
        p.entity = (!self.id.is_empty()).then(|| self.id.clone());
        self.problems.push(p);
    }

    /// Marks the problem just reported: its help quotes the value as the file writes it.
    fn quote_as_written(&mut self) {
        if let Some(p) = self.problems.last_pushed_mut() {
            p.quote_as_written = true;
        }
    }

    fn slot(&self, key: &str) -> usize {
        self.names
            .iter()
            .position(|n| *n == key)
            .expect("field is in its table")
    }

    /// The raw value of `key`, `None` when absent or null.
    fn take(&mut self, key: &'static str, required: bool) -> Option<RawValue> {
        let i = self.slot(key);
        match self.values[i].take() {
            Some(RawValue::Null) if required => {
                let msg = format!("`{key}` of {} has no value", self.who());
                self.report(
                    self.value_spot(key),
                    msg,
                    Some("a value is required here".into()),
                    None,
                );
                None
            }
            Some(RawValue::Null) | None if !required => None,
            None if self.misspelt.contains(&key) => None,
            None => {
                let msg = format!("{} is missing the required field `{key}`", self.who());
                let help = format!(
                    "{} fields are: {}",
                    kind_name(self.kind),
                    field_list(self.kind)
                );
                self.report(
                    Spot::Item {
                        section: self.section,
                        item: self.item,
                    },
                    msg,
                    Some(format!("`{key}` must be given")),
                    Some(help),
                );
                None
            }
            v => v,
        }
    }

    fn check_string(
        &mut self,
        key: &'static str,
        spot: Spot,
        v: RawValue,
        what: &str,
    ) -> Option<String> {
        match v {
            RawValue::TooLong(len) => {
                let msg = format!(
                    "`{key}` of {} is too long ({len} bytes; the limit is {MAX_TEXT_BYTES})",
                    self.who(),
                );
                self.report(spot, msg, Some("text too long".into()), None);
                None
            }
            RawValue::Str(s) => Some(s),
            RawValue::Number(n) => {
                let msg = format!(
                    "`{key}` of {} must be {what}, found the number `{n}`",
                    self.who()
                );
                let help = format!("quote it to keep it as written: '{n}'");
                self.report(spot, msg, Some("expected a string".into()), Some(help));
                self.quote_as_written();
                None
            }
            RawValue::Bool(b) => {
                let msg = format!(
                    "`{key}` of {} must be {what}, found the boolean `{b}`",
                    self.who()
                );
                let help = format!("quote it to keep it as written: '{b}'");
                self.report(spot, msg, Some("expected a string".into()), Some(help));
                self.quote_as_written();
                None
            }
            other => {
                let msg = format!(
                    "`{key}` of {} must be {what}, found {}",
                    self.who(),
                    other.describe()
                );
                self.report(spot, msg, Some("expected a string".into()), None);
                None
            }
        }
    }

    /// A text field. Required ones must also be non-empty.
    fn text(&mut self, key: &'static str, required: bool) -> Option<String> {
        let v = self.take(key, required)?;
        let s = self.check_string(key, self.value_spot(key), v, "text")?;
        if s.trim().is_empty() {
            if required {
                let msg = format!("`{key}` of {} is empty", self.who());
                self.report(
                    self.value_spot(key),
                    msg,
                    Some("a value is required here".into()),
                    None,
                );
            }
            return None;
        }
        Some(s)
    }

    /// Walks a list of strings, handing each good entry and its position to `each`; returns how
    /// many entries the list had (bad ones included), `None` when the field is absent.
    fn list(
        &mut self,
        key: &'static str,
        mut each: impl FnMut(&mut Self, usize, String),
    ) -> Option<usize> {
        let v = self.take(key, false)?;
        let items = match v {
            RawValue::Seq(items) => items,
            RawValue::ListTooLong { bytes, at } => {
                let msg = format!(
                    "`{key}` of {} holds too much text ({bytes} bytes by entry #{}, aliases \
                     expanded; a list holds at most {MAX_LIST_BYTES})",
                    self.who(),
                    at + 1
                );
                let label = "this entry crosses the bound".to_string();
                self.report(self.sub_spot(key, at), msg, Some(label), None);
                return Some(1);
            }
            other => {
                let example = match &other {
                    RawValue::Str(s) => format!("write it as a list: `{key}: [{s}]`"),
                    _ => format!("write it as a list: `{key}: [a, b]`"),
                };
                let msg = format!(
                    "`{key}` of {} must be a list, found {}",
                    self.who(),
                    other.describe()
                );
                self.report(
                    self.value_spot(key),
                    msg,
                    Some("expected a list".into()),
                    Some(example),
                );
                return Some(1);
            }
        };
        let given = items.len();
        // Every list is checked for repeats the same way, in one pass: a hash set, so a list of
        // 100k entries costs 100k lookups, not 100k squared comparisons.
        let mut seen: HashSet<String> = HashSet::new();
        for (i, item) in items.into_iter().enumerate() {
            let spot = self.sub_spot(key, i);
            if let Some(s) = self.check_string(key, spot.clone(), item, "a list of strings") {
                if s.trim().is_empty() {
                    let msg = format!("`{key}` of {} has an empty entry", self.who());
                    self.report(spot, msg, Some("empty".into()), None);
                } else if seen.contains(&s) {
                    // Past the cap, a repeat is only counted: 200k repeats build no messages.
                    let who = Who {
                        kind: self.kind,
                        id: &self.id,
                        item: self.item,
                    };
                    if self.problems.count_if_capped(
                        self.file,
                        format_args!("`{s}` is listed twice in `{key}` of {who}"),
                    ) {
                        continue;
                    }
                    let msg = format!("`{s}` is listed twice in `{key}` of {}", self.who());
                    let help = "remove the repeat: each entry of a list counts once".to_string();
                    self.report(spot, msg, Some("listed again here".into()), Some(help));
                } else {
                    seen.insert(s.clone());
                    each(self, i, s);
                }
            }
        }
        Some(given)
    }

    /// A plain list of strings (aliases, tags, topics).
    fn strings(&mut self, key: &'static str) -> Vec<String> {
        let mut out = Vec::new();
        self.list(key, |_, _, s| out.push(s));
        // Pushing leaves room for four: most lists here hold one or two, for the KB's lifetime.
        out.shrink_to_fit();
        out
    }

    fn keyword<T>(
        &mut self,
        key: &'static str,
        required: bool,
        words: &[&'static str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = self.take(key, required)?;
        let s = self.check_string(key, self.value_spot(key), v, "a keyword")?;
        if let Some(t) = parse(&s) {
            return Some(t);
        }
        let label = match did_you_mean(&s, words.iter().copied()).or_else(|| meant(&s, words)) {
            Some(w) => format!("did you mean `{w}`?"),
            None => format!("not a {key}"),
        };
        let msg = format!("invalid {key} `{s}` for {}", self.who());
        let help = format!("expected one of: {}", words.join(", "));
        self.report(self.value_spot(key), msg, Some(label), Some(help));
        None
    }

    fn date(&mut self, key: &'static str) -> Option<PartialDate> {
        let v = self.take(key, false)?;
        let s = match v {
            // `published: 2025` arrives as a number; a bare year is what the user meant.
            RawValue::Number(n) if n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()) => n,
            RawValue::Number(n) => {
                let msg = format!("invalid {key} `{n}` for {}", self.who());
                self.report(
                    self.value_spot(key),
                    msg,
                    Some("not a date".into()),
                    Some("write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, e.g. `2025-02-27`".into()),
                );
                return None;
            }
            other => self.check_string(key, self.value_spot(key), other, "a date")?,
        };
        match PartialDate::parse(s.trim()) {
            Ok(d) => Some(d),
            Err(e) => {
                let msg = format!("invalid {key} `{s}` for {}: {e}", self.who());
                let help = "write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, e.g. `2025-02-27`; put the \
                            wording of the source in `date_text`";
                let label = match near_date(s.trim()) {
                    Some(d) => format!("did you mean `{d}`?"),
                    None => "invalid date".into(),
                };
                self.report(self.value_spot(key), msg, Some(label), Some(help.into()));
                None
            }
        }
    }

    fn grade(&mut self) -> Option<Grade> {
        let v = self.take("grade", false)?;
        let s = self.check_string("grade", self.value_spot("grade"), v, "an Admiralty grade")?;
        if let Some(g) = Grade::parse(&s) {
            return Some(g);
        }
        let label = match Grade::parse(&s.to_ascii_uppercase()) {
            Some(g) => format!("did you mean `{g}`?"),
            None => "not an Admiralty grade".into(),
        };
        let msg = format!("invalid grade `{s}` for {}", self.who());
        let help = "a grade is a source reliability letter A-F followed by an information \
                    credibility digit 1-6, e.g. `B2`";
        self.report(
            self.value_spot("grade"),
            msg,
            Some(label),
            Some(help.into()),
        );
        None
    }

    fn reliability(&mut self) -> Option<Reliability> {
        let v = self.take("reliability", false)?;
        let s = self.check_string("reliability", self.value_spot("reliability"), v, "a letter")?;
        if let Some(r) = Reliability::parse(&s) {
            return Some(r);
        }
        let label = match Reliability::parse(&s.to_ascii_uppercase()) {
            Some(r) => format!("did you mean `{r}`?"),
            None => "not a reliability letter".into(),
        };
        let msg = format!("invalid reliability `{s}` for {}", self.who());
        let help = "reliability is one Admiralty letter: A (completely reliable) to E \
                    (unreliable), F (cannot be judged)";
        self.report(
            self.value_spot("reliability"),
            msg,
            Some(label),
            Some(help.into()),
        );
        None
    }

    fn check_ref_id(&mut self, key: &'static str, spot: Spot, id: &str) -> bool {
        if is_valid_id(id) {
            return true;
        }
        let msg = format!("invalid id `{id}` in `{key}` of {}", self.who());
        let help = slugify(id).map(|s| format!("did you mean `{s}`?"));
        self.report(spot, msg, Some("ids are lower-case slugs".into()), help);
        false
    }

    /// A single reference; returns whether one was given.
    fn reference(&mut self, field: RefField, required: bool) {
        let key = field.key();
        let Some(v) = self.take(key, required) else {
            return;
        };
        let spot = self.value_spot(key);
        let Some(id) = self.check_string(key, spot.clone(), v, "an id") else {
            return;
        };
        if self.check_ref_id(key, spot, &id) {
            self.refs.push(PendingRef {
                owner: self.owner,
                field,
                target: id,
                sub: u32::MAX,
            });
        }
    }

    /// A list of references; returns how many entries were given, `None` when absent.
    fn references(&mut self, field: RefField) -> Option<usize> {
        let key = field.key();
        self.list(key, |f, i, id| {
            let spot = f.sub_spot(key, i);
            if !f.check_ref_id(key, spot, &id) {
                return;
            }
            f.refs.push(PendingRef {
                owner: f.owner,
                field,
                target: id,
                sub: i as u32,
            });
        })
    }

    /// The entity's id: kept when valid, reported otherwise.
    fn id_field(&mut self) {
        let Some(id) = self.text("id", true) else {
            return;
        };
        if is_valid_id(&id) {
            self.id = id;
            return;
        }
        let label = if id.len() > MAX_ID_LEN {
            format!(
                "{} characters; ids have at most {MAX_ID_LEN}",
                id.chars().count()
            )
        } else {
            "ids are lower-case slugs: `[a-z0-9][a-z0-9-]*`".into()
        };
        let help = slugify(&id).map(|s| format!("try `{s}`"));
        let msg = format!(
            "invalid id `{id}` for {} #{}",
            self.kind.as_str(),
            self.item + 1
        );
        self.report(self.value_spot("id"), msg, Some(label), help);
    }

    /// Unknown keys (with a "did you mean") and keys given twice.
    fn keys(&mut self, unknown: &[String], duplicates: &[usize]) {
        let (kind, section, item) = (self.kind, self.section, self.item);
        for name in unknown {
            let meant = did_you_mean(name, self.names.iter().copied());
            // A misspelt required field is not also reported missing, even past the cap.
            if let Some(w) = meant {
                self.misspelt.push(w);
            }
            // Past the cap, an unknown field is only counted: nothing is built for it.
            let who = Who {
                kind,
                id: &self.id,
                item,
            };
            if self
                .problems
                .count_if_capped(self.file, format_args!("unknown field `{name}` in {who}"))
            {
                continue;
            }
            let label = match meant {
                Some(w) => format!("did you mean `{w}`?"),
                None => format!("not a {} field", kind.as_str()),
            };
            let msg = format!("unknown field `{name}` in {}", self.who());
            let help = format!("{} fields are: {}", kind.as_str(), field_list(kind));
            let spot = Spot::Key {
                section,
                item,
                key: name.clone(),
                occurrence: 0,
            };
            self.report(spot, msg, Some(label), Some(help));
        }
        for &i in duplicates {
            let key = self.names[i];
            let msg = format!("field `{key}` appears twice in {}", self.who());
            let spot = Spot::Key {
                section,
                item,
                key: key.into(),
                occurrence: 1,
            };
            self.report(
                spot,
                msg,
                Some("second value here".into()),
                Some("keep one; YAML does not allow a key twice in a mapping".into()),
            );
        }
    }

    /// The outlet that publishes a source does not also relay it to itself: `relayed_by` names
    /// the actors between the outlet and what it reports.
    /// `first` is where this entity's references start in `refs`, so the check costs only them.
    fn publisher_not_relay(&mut self, first: usize) {
        let own = &self.refs[first.min(self.refs.len())..];
        let Some(publisher) = own
            .iter()
            .find(|r| r.field == RefField::Publisher)
            .map(|r| r.target.clone())
        else {
            return;
        };
        let spots: Vec<Spot> = own
            .iter()
            .filter(|r| r.field == RefField::RelayedBy && r.target == publisher)
            .map(|r| r.spot(self.item as u32))
            .collect();
        for spot in spots {
            let msg = format!(
                "`{publisher}` is the publisher of {}, and is named in its `relayed_by` too",
                self.who()
            );
            let help = "`relayed_by` names the actors the source came through on its way to the \
                        publisher (`foreign media`), not the publisher itself";
            self.report(
                spot,
                msg,
                Some("the publisher does not relay its own source".into()),
                Some(help.into()),
            );
        }
    }

    fn inferred(&mut self) -> Vec<String> {
        let mut listed = Vec::new();
        self.list("inferred", |_, i, name| listed.push((i, name)));
        let mut out = Vec::new();
        for (i, name) in listed {
            let spot = self.sub_spot("inferred", i);
            let pos = self.names.iter().position(|n| *n == name);
            match pos {
                Some(p) if name != "id" && name != "inferred" => {
                    if self.values[p].is_none() {
                        let msg = format!(
                            "`inferred` names `{name}`, but {} has no `{name}`",
                            self.who()
                        );
                        self.report(spot, msg, Some("no such value to mark".into()), None);
                    } else {
                        out.push(name);
                    }
                }
                _ => {
                    let candidates = self
                        .names
                        .iter()
                        .copied()
                        .filter(|n| *n != "id" && *n != "inferred");
                    let label = match did_you_mean(&name, candidates) {
                        Some(w) => format!("did you mean `{w}`?"),
                        None => format!("not a {} field", kind_name(self.kind)),
                    };
                    let msg = format!(
                        "`inferred` of {} names `{name}`, which is not a field it can infer",
                        self.who()
                    );
                    self.report(spot, msg, Some(label), None);
                }
            }
        }
        out
    }
}

/// What a keyword outside the list most likely meant: a common synonym (`country` for a
/// state), or the one keyword sharing its first four letters (`quotation` -> `quote`).
fn meant(word: &str, words: &[&'static str]) -> Option<&'static str> {
    const SYNONYMS: &[(&str, &str)] = &[
        ("country", "state"),
        ("nation", "state"),
        ("government", "state"),
        ("organization", "organisation"),
        ("org", "organisation"),
        ("agency", "organisation"),
        ("company", "organisation"),
        ("individual", "person"),
        ("people", "group"),
        ("press", "media"),
        ("outlet", "media"),
        ("newspaper", "media"),
        ("unnamed", "anonymous"),
        ("unknown", "anonymous"),
        ("coalition", "alliance"),
        ("bloc", "alliance"),
        ("quoted", "quote"),
        ("direct", "quote"),
        ("indirect", "paraphrase"),
        ("analysis", "assessment"),
        ("opinion", "assessment"),
        ("context", "background"),
        ("planned", "proposed"),
        ("happened", "held"),
        ("done", "held"),
        ("canceled", "cancelled"),
        ("denial", "denied"),
    ];
    let lower = word.trim().to_lowercase();
    if let Some((_, w)) = SYNONYMS
        .iter()
        .find(|(s, w)| *s == lower && words.contains(w))
    {
        return words.iter().copied().find(|x| x == w);
    }
    let stem: String = lower.chars().take(4).collect();
    if stem.chars().count() < 4 {
        return None;
    }
    let mut hits = words.iter().copied().filter(|w| w.starts_with(&stem));
    match (hits.next(), hits.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The valid date a near miss was meant to be: digits padded and separators made dashes
/// (`2025-02-3` -> `2025-02-03`, `2025/2/3` -> `2025-02-03`).
fn near_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) || parts[0].len() != 4 {
        return None;
    }
    if parts[1..].iter().any(|p| p.len() > 2) {
        return None;
    }
    let fixed: Vec<String> = std::iter::once(parts[0].to_string())
        .chain(parts[1..].iter().map(|p| format!("{p:0>2}")))
        .collect();
    let fixed = fixed.join("-");
    (fixed != s && PartialDate::parse(&fixed).is_ok()).then_some(fixed)
}

/// Validates entities as the parser hands them over.
struct Validator {
    file: u32,
    out: FileModel,
}

impl EntitySink for Validator {
    fn entity(&mut self, kind: EntityKind, item: usize, raw: RawEntity) {
        entity(&mut self.out, self.file, kind, kind.section(), item, raw);
    }
}

/// Parses and validates one file. On a YAML-level failure, what was validated before it is
/// returned with the failure, so the entities defined before a syntax error still resolve.
pub(crate) fn parse_and_validate(file: u32, text: &str) -> (FileModel, Option<FileFailure>) {
    parse_in_pieces(file, text, super::chunk::PIECE_BYTES)
}

/// [`parse_and_validate`], reading a file of the plain shape in pieces of about `piece_bytes`.
fn parse_in_pieces(file: u32, text: &str, piece_bytes: usize) -> (FileModel, Option<FileFailure>) {
    let fresh = || Validator {
        file,
        out: FileModel::default(),
    };
    // A large file is read piece by piece, so its YAML events are never all in memory at once;
    // if any piece fails, the whole file is read again below and speaks for itself.
    if let Some(pieces) = super::chunk::split(text, piece_bytes) {
        let mut v = fresh();
        if let Some(raw) = super::raw::parse_pieces(&pieces, text, &mut v) {
            return (validate_file(file, raw, v.out), None);
        }
    }
    let mut v = fresh();
    match super::raw::parse(text, &mut v) {
        Ok(raw) => (validate_file(file, raw, v.out), None),
        Err(ParseFailure::Yaml(e)) => (v.out, Some(FileFailure::Yaml(e))),
        Err(ParseFailure::Expansion(place, limit)) => {
            let p = expansion_problem(file, place, limit);
            (v.out, Some(FileFailure::Expansion(Box::new(p))))
        }
    }
}

fn expansion_problem(file: u32, place: Place, limit: usize) -> Problem {
    let spot = match (place.section.map(|s| SECTIONS[s]), place.key, place.sub) {
        (None, ..) => Spot::File,
        (Some(section), None, _) => Spot::Item {
            section,
            item: place.item,
        },
        (Some(section), Some(key), None) => Spot::Value {
            section,
            item: place.item,
            key,
        },
        (Some(section), Some(key), Some(sub)) => Spot::SubItem {
            section,
            item: place.item,
            key,
            sub,
        },
    };
    Problem::new(
        file,
        spot,
        format!("YAML aliases expand this file beyond {limit} bytes"),
    )
    .label("expanding this crosses the bound")
    .help(format!(
        "a file may expand, aliases (`*name`) included, to {EXPANSION_FACTOR} times its size \
         plus 1 MiB: an alias bomb? Write the values out instead"
    ))
}

/// The file-level checks, once every entity has been seen.
fn validate_file(file: u32, raw: RawFile, mut out: FileModel) -> FileModel {
    match raw.root {
        RootShape::Mapping => {}
        RootShape::Empty => {
            out.problems.push(
                Problem::new(file, Spot::File, "the file is empty")
                    .label("no `actors`, `meetings`, `claims` or `sources`")
                    .help("remove the file, or add a top-level `actors:`, `meetings:`, `claims:` or `sources:` list"),
            );
            return out;
        }
        RootShape::Other(found) => {
            out.problems.push(
                Problem::new(file, Spot::File, format!("the file must be a mapping, found {found}"))
                    .label("expected top-level keys")
                    .help("a KB file is a mapping with any of the keys `actors`, `meetings`, `claims`, `sources`, each a list"),
            );
            return out;
        }
    }
    for name in raw.unknown_sections {
        let label = match did_you_mean(&name, SECTIONS.iter().copied()) {
            Some(w) => format!("did you mean `{w}`?"),
            None => "not a KB section".into(),
        };
        out.problems.push(
            Problem::new(
                file,
                Spot::SectionKeyNamed { name: name.clone() },
                format!("unknown top-level key `{name}`"),
            )
            .label(label)
            .help("the top-level keys are `actors`, `meetings`, `claims` and `sources`"),
        );
    }
    for i in raw.duplicate_sections {
        let section = SECTIONS[i];
        out.problems.push(
            Problem::new(
                file,
                Spot::SectionKey {
                    section,
                    occurrence: 1,
                },
                format!("`{section}` appears twice in this file"),
            )
            .label("second list here")
            .help("merge the two lists into one"),
        );
    }
    let kinds = [
        EntityKind::Actor,
        EntityKind::Meeting,
        EntityKind::Claim,
        EntityKind::Source,
    ];
    for (i, section) in raw.sections.into_iter().enumerate() {
        if let Some(RawSection::NotAList(found)) = section {
            let name = SECTIONS[i];
            out.problems.push(
                Problem::new(
                    file,
                    Spot::SectionKey {
                        section: name,
                        occurrence: 0,
                    },
                    format!("`{name}` must be a list, found {found}"),
                )
                .label("expected a list of entries")
                .help(format!(
                    "write each {} as a list item starting with `- id: ...`",
                    kinds[i].as_str()
                )),
            );
        }
    }
    out
}

fn entity(
    out: &mut FileModel,
    file: u32,
    kind: EntityKind,
    section: &'static str,
    item: usize,
    raw: RawEntity,
) {
    if let Some(found) = raw.not_a_mapping {
        out.problems.push(
            Problem::new(
                file,
                Spot::Item { section, item },
                format!(
                    "entry #{} of `{section}` must be a mapping, found {found}",
                    item + 1
                ),
            )
            .label(format!(
                "expected a {} with `id:` and its fields",
                kind.as_str()
            )),
        );
        return;
    }
    if let Some(total) = raw.too_big {
        out.problems.push(
            Problem::new(
                file,
                Spot::Item { section, item },
                format!(
                    "entry #{} of `{section}` holds more than {MAX_ENTITY_BYTES} bytes of text \
                     ({total} read, aliases expanded)",
                    item + 1
                ),
            )
            .label("too large")
            .help("no entity needs this much; shorten its fields or split it"),
        );
        return;
    }
    let names = fields_of(kind);
    let origin = Origin {
        file,
        item: item as u32,
    };
    let owner = match kind {
        EntityKind::Actor => EntityRef::Actor(ActorId(out.actors.len() as u32)),
        EntityKind::Meeting => EntityRef::Meeting(MeetingId(out.meetings.len() as u32)),
        EntityKind::Claim => EntityRef::Claim(ClaimId(out.claims.len() as u32)),
        EntityKind::Source => EntityRef::Source(SourceId(out.sources.len() as u32)),
    };
    let mut f = Fields {
        file,
        kind,
        section,
        item,
        names,
        values: raw.fields,
        id: String::new(),
        problems: &mut out.problems,
        refs: &mut out.refs,
        owner,
        misspelt: Vec::new(),
    };
    // The id first, so every later message can name the entity.
    f.id_field();
    f.keys(&raw.unknown, &raw.duplicates);
    let inferred = f.inferred();
    match kind {
        EntityKind::Actor => {
            let actor = actor(&mut f, inferred, origin);
            out.actors.push(actor);
        }
        EntityKind::Meeting => {
            let meeting = meeting(&mut f, inferred, origin);
            out.meetings.push(meeting);
        }
        EntityKind::Claim => {
            let claim = claim(&mut f, inferred, origin);
            out.claims.push(claim);
        }
        EntityKind::Source => {
            let source = source(&mut f, inferred, origin);
            out.sources.push(source);
        }
    }
}

/// An actor's fields, once its id, keys and `inferred` are checked.
fn actor(f: &mut Fields, inferred: Vec<String>, origin: Origin) -> Actor {
    let name = f.text("name", true);
    let actor_kind = f.keyword("kind", true, ActorKind::WORDS, ActorKind::from_keyword);
    let aliases = f.strings("aliases");
    let role = f.text("role", false);
    f.references(RefField::Affiliations);
    let country = f.text("country", false);
    let tags = f.strings("tags");
    let summary = f.text("summary", false);
    let id = std::mem::take(&mut f.id);
    Actor {
        id,
        name: name.unwrap_or_default(),
        kind: actor_kind.unwrap_or(ActorKind::Anonymous),
        aliases,
        role,
        affiliations: Vec::new(),
        country,
        tags,
        summary,
        inferred,
        origin,
    }
}

/// A meeting's fields, once its id, keys and `inferred` are checked.
fn meeting(f: &mut Fields, inferred: Vec<String>, origin: Origin) -> Meeting {
    let title = f.text("title", true);
    let status = f.keyword(
        "status",
        true,
        MeetingStatus::WORDS,
        MeetingStatus::from_keyword,
    );
    match f.values[f.slot("participants")] {
        None | Some(RawValue::Null) => {
            f.take("participants", true);
        }
        _ => {
            if f.references(RefField::Participants) == Some(0) {
                let msg = format!("{} has no participants", f.who());
                f.report(
                    f.value_spot("participants"),
                    msg,
                    Some("list at least one actor id".into()),
                    None,
                );
            }
        }
    }
    let date = f.date("date");
    let date_text = f.text("date_text", false);
    let place = f.text("place", false);
    let topics = f.strings("topics");
    let summary = f.text("summary", false);
    f.references(RefField::MeetingSources);
    let id = std::mem::take(&mut f.id);
    Meeting {
        id,
        title: title.unwrap_or_default(),
        status: status.unwrap_or(MeetingStatus::Proposed),
        participants: Vec::new(),
        date,
        date_text,
        place,
        topics,
        summary,
        sources: Vec::new(),
        inferred,
        origin,
    }
}

/// A claim's fields, once its id, keys and `inferred` are checked.
fn claim(f: &mut Fields, inferred: Vec<String>, origin: Origin) -> Claim {
    let text = f.text("text", true);
    f.reference(RefField::By, true);
    f.reference(RefField::ClaimSource, true);
    f.references(RefField::About);
    f.reference(RefField::Meeting, false);
    let date = f.date("date");
    let date_text = f.text("date_text", false);
    let mode = f.keyword("mode", false, ClaimMode::WORDS, ClaimMode::from_keyword);
    let status = f.keyword(
        "status",
        false,
        ClaimStatus::WORDS,
        ClaimStatus::from_keyword,
    );
    let grade = f.grade();
    f.references(RefField::Supports);
    f.references(RefField::Contradicts);
    f.references(RefField::Qualifies);
    let tags = f.strings("tags");
    let id = std::mem::take(&mut f.id);
    Claim {
        id,
        text: text.unwrap_or_default(),
        by: ActorId(UNRESOLVED),
        source: SourceId(UNRESOLVED),
        about: Vec::new(),
        meeting: None,
        date,
        date_text,
        mode: mode.unwrap_or(ClaimMode::Paraphrase),
        status: status.unwrap_or(ClaimStatus::Reported),
        grade,
        supports: Vec::new(),
        contradicts: Vec::new(),
        qualifies: Vec::new(),
        tags,
        inferred,
        origin,
    }
}

/// A source's fields, once its id, keys and `inferred` are checked.
fn source(f: &mut Fields, inferred: Vec<String>, origin: Origin) -> Source {
    let title = f.text("title", true);
    let first_ref = f.refs.len();
    f.reference(RefField::Publisher, false);
    let author = f.text("author", false);
    let published = f.date("published");
    let url = f.text("url", false);
    let via = f.text("via", false);
    f.references(RefField::RelayedBy);
    f.publisher_not_relay(first_ref);
    let reliability = f.reliability();
    let id = std::mem::take(&mut f.id);
    Source {
        id,
        title: title.unwrap_or_default(),
        publisher: None,
        author,
        published,
        url,
        via,
        relayed_by: Vec::new(),
        reliability,
        inferred,
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a file makes, in pieces of `piece_bytes` (a whole file when `usize::MAX`).
    fn made(text: &str, piece_bytes: usize) -> String {
        let (model, failure) = parse_in_pieces(3, text, piece_bytes);
        let failure = match failure {
            Some(FileFailure::Yaml(e)) => e.to_string(),
            Some(FileFailure::Expansion(p)) => format!("{p:?}"),
            None => String::new(),
        };
        format!("{model:#?}\n{failure}")
    }

    #[test]
    fn a_file_read_in_pieces_makes_what_it_makes_whole() {
        let texts = [
            // Problems of every sort, spread over many entries.
            "claims:\n  - id: a\n    text: T\n    by: x\n    source: s\n    mode: quote\n    status: reported\n  - id: b\n    text: 12\n    nope: 1\n    by: [y]\n    about: [x, x]\n  - not a mapping\n  -\n  - id: a\n    text: |\n      - looks like an entry\n    date: 2025-02-30\n",
            // An alias to an anchor in an earlier piece: the pieces fail, the whole file is read.
            "actors:\n  - id: a\n    name: &n Name\n    kind: person\n  - id: b\n    name: *n\n    kind: person\n",
            // A quoted scalar running over a line that looks like an entry.
            "actors:\n  - id: a\n    name: \"one\n  - two\"\n    kind: person\n  - id: b\n    name: B\n    kind: state\n",
            // A syntax error in a later piece: entities before it are kept, as when whole.
            "actors:\n  - id: a\n    name: A\n    kind: person\n  - id: b\n    name: \"B\n",
            // Entries at column 0, CRLF line ends.
            "sources:\r\n- id: s1\r\n  title: One\r\n- id: s2\r\n  title: Two\r\n  publisher: p\r\n",
        ];
        for text in texts {
            assert!(super::super::chunk::split(text, 1).is_some(), "{text:?}");
            assert_eq!(made(text, 1), made(text, usize::MAX), "{text:?}");
        }
    }

    #[test]
    fn keywords_outside_the_list_are_matched_to_what_was_meant() {
        assert_eq!(meant("country", ActorKind::WORDS), Some("state"));
        assert_eq!(meant("Quotation", ClaimMode::WORDS), Some("quote"));
        assert_eq!(meant("canceled", MeetingStatus::WORDS), Some("cancelled"));
        assert_eq!(meant("zzz", ClaimMode::WORDS), None);
        // A synonym of another enum's keyword is no suggestion here.
        assert_eq!(meant("country", ClaimMode::WORDS), None);
    }

    #[test]
    fn near_miss_dates_are_padded() {
        assert_eq!(near_date("2025-02-3").as_deref(), Some("2025-02-03"));
        assert_eq!(near_date("2025/2/3").as_deref(), Some("2025-02-03"));
        assert_eq!(near_date("2025-2").as_deref(), Some("2025-02"));
        assert_eq!(near_date("2025-02-30"), None);
        assert_eq!(near_date("25-02-03"), None);
        assert_eq!(near_date("soon"), None);
    }
}
