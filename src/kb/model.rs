//! The typed knowledge-base model: ids, the closed vocabularies, partial dates, Admiralty grades and
//! the four entity kinds. Plain data; loading and validation live in `load` and `validate`.

use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
        pub struct $name(pub(crate) u32);
        impl $name {
            /// Position of the entity in its kind's list (`Kb::actors()` and so on).
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

typed_id!(
    /// An actor, by position in [`crate::kb::Kb::actors`].
    ActorId
);
typed_id!(
    /// A meeting, by position in [`crate::kb::Kb::meetings`].
    MeetingId
);
typed_id!(
    /// A claim, by position in [`crate::kb::Kb::claims`].
    ClaimId
);
typed_id!(
    /// A source, by position in [`crate::kb::Kb::sources`].
    SourceId
);

/// Any entity of the KB.
#[derive(
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub enum EntityRef {
    Actor(ActorId),
    Meeting(MeetingId),
    Claim(ClaimId),
    Source(SourceId),
}

impl EntityRef {
    pub fn kind(self) -> EntityKind {
        match self {
            EntityRef::Actor(_) => EntityKind::Actor,
            EntityRef::Meeting(_) => EntityKind::Meeting,
            EntityRef::Claim(_) => EntityKind::Claim,
            EntityRef::Source(_) => EntityKind::Source,
        }
    }
}

/// Defines a closed vocabulary of YAML keywords with parsing, display and the list of all values.
macro_rules! keyword_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
        pub enum $name { $($variant),+ }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every keyword, in declaration order.
            pub const WORDS: &'static [&'static str] = &[$($word),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            pub fn from_keyword(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
    };
}

keyword_enum!(
    /// The four kinds of entity, as named on the command line (`--kind actor`).
    EntityKind { Actor => "actor", Meeting => "meeting", Claim => "claim", Source => "source" }
);

impl EntityKind {
    /// The top-level YAML key that lists entities of this kind.
    pub fn section(self) -> &'static str {
        match self {
            EntityKind::Actor => "actors",
            EntityKind::Meeting => "meetings",
            EntityKind::Claim => "claims",
            EntityKind::Source => "sources",
        }
    }

    pub fn plural(self) -> &'static str {
        self.section()
    }
}

keyword_enum!(
    /// What sort of actor this is. Unnamed sources are `anonymous`.
    ActorKind {
        Person => "person",
        State => "state",
        Organisation => "organisation",
        Alliance => "alliance",
        Media => "media",
        Group => "group",
        Anonymous => "anonymous",
    }
);

keyword_enum!(
    /// Where a meeting stands.
    MeetingStatus {
        Proposed => "proposed",
        Scheduled => "scheduled",
        Held => "held",
        Ongoing => "ongoing",
        Cancelled => "cancelled",
    }
);

keyword_enum!(
    /// How the source renders the claim.
    ClaimMode {
        Quote => "quote",
        Paraphrase => "paraphrase",
        Assessment => "assessment",
        Background => "background",
    }
);

keyword_enum!(
    /// What is known of the claim's truth.
    ClaimStatus {
        Reported => "reported",
        Confirmed => "confirmed",
        Disputed => "disputed",
        Denied => "denied",
        Retracted => "retracted",
    }
);

/// Admiralty source reliability, `A` (completely reliable) to `F` (cannot be judged).
#[derive(
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct Reliability(u8);

impl Reliability {
    pub fn parse(s: &str) -> Option<Self> {
        match s.as_bytes() {
            [c @ b'A'..=b'F'] => Some(Reliability(*c)),
            _ => None,
        }
    }
    pub fn letter(self) -> char {
        self.0 as char
    }
    pub fn meaning(self) -> &'static str {
        match self.0 {
            b'A' => "completely reliable",
            b'B' => "usually reliable",
            b'C' => "fairly reliable",
            b'D' => "not usually reliable",
            b'E' => "unreliable",
            _ => "reliability cannot be judged",
        }
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

impl Serialize for Reliability {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An Admiralty grade: source reliability `A`-`F` and information credibility `1`-`6` (`B2`).
#[derive(
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct Grade {
    pub reliability: Reliability,
    pub credibility: u8,
}

impl Grade {
    pub fn parse(s: &str) -> Option<Self> {
        match s.as_bytes() {
            [r, c @ b'1'..=b'6'] => Some(Grade {
                reliability: Reliability::parse(std::str::from_utf8(&[*r]).ok()?)?,
                credibility: c - b'0',
            }),
            _ => None,
        }
    }
    pub fn credibility_meaning(self) -> &'static str {
        match self.credibility {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
    /// `B2 · usually reliable · probably true`.
    pub fn spelled_out(self) -> String {
        format!(
            "{self} · {} · {}",
            self.reliability.meaning(),
            self.credibility_meaning()
        )
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.reliability, self.credibility)
    }
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A date known to a year, a month or a day. Orders by precision within its span: `2025` before
/// `2025-01`, `2025-02` before `2025-02-01`.
#[derive(
    Copy,
    Clone,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Shape,
    Month(u8),
    Day {
        day: u8,
        month: u8,
        days_in_month: u8,
    },
    YearZero,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Shape => f.write_str("expected `YYYY`, `YYYY-MM` or `YYYY-MM-DD`"),
            DateError::Month(m) => write!(f, "there is no month {m}"),
            DateError::Day {
                day,
                month,
                days_in_month,
            } => write!(
                f,
                "day {day} does not exist in that month ({} has {days_in_month} days)",
                MONTH_NAMES[*month as usize - 1]
            ),
            DateError::YearZero => f.write_str("there is no year 0"),
        }
    }
}

pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl PartialDate {
    pub fn parse(s: &str) -> Result<Self, DateError> {
        fn digits(s: &str, n: usize) -> Option<u16> {
            (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        }
        let mut parts = s.split('-');
        let year = parts
            .next()
            .and_then(|p| digits(p, 4))
            .ok_or(DateError::Shape)?;
        let month = match parts.next() {
            None => None,
            Some(p) => Some(digits(p, 2).ok_or(DateError::Shape)? as u8),
        };
        let day = match parts.next() {
            None => None,
            Some(p) => Some(digits(p, 2).ok_or(DateError::Shape)? as u8),
        };
        if parts.next().is_some() {
            return Err(DateError::Shape);
        }
        if year == 0 {
            return Err(DateError::YearZero);
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError::Month(m));
            }
            if let Some(d) = day {
                let max = days_in_month(year, m);
                if d == 0 || d > max {
                    return Err(DateError::Day {
                        day: d,
                        month: m,
                        days_in_month: max,
                    });
                }
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// The date spelled out at its precision: `2025`, `February 2025`, `27 February 2025`.
    pub fn long_form(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTH_NAMES[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTH_NAMES[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The longest id accepted.
pub const MAX_ID_LEN: usize = 64;

/// Whether `s` is a valid id: `[a-z0-9][a-z0-9-]*`, at most 64 characters.
pub fn is_valid_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_ID_LEN
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// A valid id made from free text, for suggestions: `Sergei Lavrov` -> `sergei-lavrov`.
pub fn slugify(s: &str) -> Option<String> {
    let mut out = String::new();
    let folded = crate::text::fold::fold(s);
    let s = folded.as_deref().unwrap_or(s);
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(MAX_ID_LEN).collect();
    let out = out.trim_end_matches('-').to_string();
    is_valid_id(&out).then_some(out)
}

/// Which file an entity came from and where in it, so its line can be found again on demand.
#[derive(Copy, Clone, Debug, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Origin {
    /// Index into [`crate::kb::Kb::files`].
    pub file: u32,
    /// Position of the entity in its file's list for its kind.
    pub item: u32,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    pub role: Option<String>,
    pub affiliations: Vec<ActorId>,
    pub country: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    /// Names of fields whose values are inferred rather than stated by the source.
    pub inferred: Vec<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Meeting {
    pub id: String,
    pub title: String,
    pub status: MeetingStatus,
    pub participants: Vec<ActorId>,
    pub date: Option<PartialDate>,
    pub date_text: Option<String>,
    pub place: Option<String>,
    pub topics: Vec<String>,
    pub summary: Option<String>,
    pub sources: Vec<SourceId>,
    pub inferred: Vec<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Claim {
    pub id: String,
    pub text: String,
    pub by: ActorId,
    pub source: SourceId,
    pub about: Vec<ActorId>,
    pub meeting: Option<MeetingId>,
    pub date: Option<PartialDate>,
    pub date_text: Option<String>,
    pub mode: ClaimMode,
    pub status: ClaimStatus,
    pub grade: Option<Grade>,
    pub supports: Vec<ClaimId>,
    pub contradicts: Vec<ClaimId>,
    pub qualifies: Vec<ClaimId>,
    pub tags: Vec<String>,
    pub inferred: Vec<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<ActorId>,
    pub author: Option<String>,
    pub published: Option<PartialDate>,
    pub url: Option<String>,
    /// The chain it came through, as the source words it: `foreign media`.
    pub via: Option<String>,
    /// The actors it came through, as the source names them (an unnamed relay is an `anonymous`
    /// actor): what `via` says, as links.
    pub relayed_by: Vec<ActorId>,
    pub reliability: Option<Reliability>,
    pub inferred: Vec<String>,
    pub origin: Origin,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_precision_and_check_the_calendar() {
        assert_eq!(PartialDate::parse("2025").unwrap().to_string(), "2025");
        assert_eq!(
            PartialDate::parse("2025-02").unwrap().to_string(),
            "2025-02"
        );
        assert_eq!(
            PartialDate::parse("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        assert!(matches!(
            PartialDate::parse("2025-02-30"),
            Err(DateError::Day { .. })
        ));
        assert!(matches!(
            PartialDate::parse("2025-02-29"),
            Err(DateError::Day { .. })
        ));
        assert!(matches!(
            PartialDate::parse("1900-02-29"),
            Err(DateError::Day { .. })
        ));
        assert!(PartialDate::parse("2000-02-29").is_ok());
        assert_eq!(PartialDate::parse("2025-13"), Err(DateError::Month(13)));
        for bad in [
            "25",
            "2025-2",
            "2025-02-3",
            "2025/02",
            "",
            "2025-02-03-04",
            "２０２５",
            "0000",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_order_at_their_precision() {
        let d = |s| PartialDate::parse(s).unwrap();
        let mut v = [
            d("2025-02-01"),
            d("2025"),
            d("2024-12-31"),
            d("2025-02"),
            d("2025-01"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            s,
            ["2024-12-31", "2025", "2025-01", "2025-02", "2025-02-01"]
        );
        assert_eq!(d("2025-02-27").long_form(), "27 February 2025");
    }

    #[test]
    fn grades() {
        let g = Grade::parse("B2").unwrap();
        assert_eq!(g.spelled_out(), "B2 · usually reliable · probably true");
        for bad in ["b2", "G1", "B7", "B0", "B", "B22", "", "2B"] {
            assert!(Grade::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            Reliability::parse("F").unwrap().meaning(),
            "reliability cannot be judged"
        );
        assert!(Reliability::parse("G").is_none());
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("sergei-lavrov"));
        assert!(is_valid_id("2025-talks"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("Sergei"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(&"a".repeat(65)));
        assert!(is_valid_id(&"a".repeat(64)));
        assert_eq!(slugify("Sergei Lavrov").as_deref(), Some("sergei-lavrov"));
        assert_eq!(slugify("Caliber.Az").as_deref(), Some("caliber-az"));
        assert_eq!(
            slugify("Múte Bourup Egede").as_deref(),
            Some("mute-bourup-egede")
        );
        assert_eq!(slugify("Tromsø").as_deref(), Some("tromso"));
        assert_eq!(slugify("Сергей"), None);
    }

    #[test]
    fn keywords() {
        assert_eq!(
            ActorKind::from_keyword("anonymous"),
            Some(ActorKind::Anonymous)
        );
        assert_eq!(ActorKind::from_keyword("Person"), None);
        assert_eq!(MeetingStatus::WORDS.len(), 5);
    }
}
