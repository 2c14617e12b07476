//! Query filters (`kind:person`, `by:lavrov`, `after:2025-01-15`, `grade:<=B2`): parsing each
//! `key:value` word, and deciding which entities pass. A filter naming an actor, source or
//! meeting by name is resolved once per search into a set (see [`Resolved`]).
//! An unknown key or a bad value is an error with a suggestion, never silently ignored.

use super::matching::lower;
use super::query::QueryError;
use crate::kb::diag::did_you_mean;
use crate::kb::{
    ActorKind, ClaimMode, ClaimStatus, EntityKind, EntityRef, Grade, Kb, MeetingStatus,
    PartialDate, Reliability,
};
use crate::text::fold;

/// A filter on the entities searched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Filter {
    /// `kind:actor`, `kind:meeting`, ...: one kind of entity.
    Entity(EntityKind),
    /// `kind:person`, `kind:state`, ...: actors of that kind.
    ActorKind(ActorKind),
    /// `tag:energy`: actors or claims with that tag, meetings with that topic (any case).
    Tag(String),
    /// `status:held`, `status:disputed`: meetings or claims with that status.
    Status(String),
    /// `grade:B`, `grade:B2`: claims whose grade starts so (sources: reliability).
    Grade(String),
    /// `grade:<=B2`: reliability at least B and, if given, credibility at least 2.
    GradeAtLeast(Reliability, Option<u8>),
    /// `grade:>=C3`: reliability at most C and, if given, credibility at most 3.
    GradeAtMost(Reliability, Option<u8>),
    /// `mode:quote`: claims rendered so.
    Mode(ClaimMode),
    /// `by:lavrov`: claims by an actor given by id or name words (folded, lower case).
    By(String),
    /// `about:china`: claims about such an actor.
    About(String),
    /// `source:caliber`: claims reported in, meetings citing, or the source itself.
    Source(String),
    /// `meeting:istanbul`: the meeting itself and the claims made at it.
    Meeting(String),
    /// `date:2025-02`: dated within that span.
    Date(PartialDate),
    /// `after:2025-01-15`: dated after that span ends.
    After(PartialDate),
    /// `before:2025-03`: dated before that span starts.
    Before(PartialDate),
}

/// The keys a filter can have.
pub const FILTER_KEYS: &[&str] = &[
    "kind", "tag", "status", "grade", "mode", "by", "about", "source", "meeting", "date", "after",
    "before",
];

fn suggest(word: &str, options: &[&str]) -> String {
    match did_you_mean(word, options.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("one of: {}", options.join(", ")),
    }
}

/// Reads `token` as a filter: `Ok(None)` when it is not one (`12:30`, `http://x`, `Caliber.Az:`).
pub(crate) fn parse(token: &str) -> Result<Option<Filter>, QueryError> {
    let Some((key, value)) = token.split_once(':') else {
        return Ok(None);
    };
    // Only `word:...` with a plain lower-case key is a filter.
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase()) || value.starts_with('/') {
        return Ok(None);
    }
    if value.is_empty() {
        if !FILTER_KEYS.contains(&key) {
            return Ok(None);
        }
        return Err(QueryError::new(
            format!("filter `{key}:` needs a value"),
            example(key),
        ));
    }
    let lower_value = value.to_lowercase();
    let words = || lower(&fold::fold(value).unwrap_or_else(|| value.to_string()));
    let filter = match key {
        "kind" => kind(value, &lower_value)?,
        "tag" => Filter::Tag(lower_value),
        "status" => status(value, &lower_value)?,
        "grade" => grade(value)?,
        "mode" => match ClaimMode::from_keyword(&lower_value) {
            Some(m) => Filter::Mode(m),
            None => {
                return Err(QueryError::new(
                    format!("unknown mode `{value}`"),
                    suggest(&lower_value, ClaimMode::WORDS),
                ));
            }
        },
        "by" => Filter::By(words()),
        "about" => Filter::About(words()),
        "source" => Filter::Source(words()),
        "meeting" => Filter::Meeting(words()),
        "date" | "after" | "before" => {
            let d = PartialDate::parse(value).map_err(|e| {
                QueryError::new(
                    format!("invalid date `{value}` in `{key}:`: {e}"),
                    format!("as in `{key}:2025`, `{key}:2025-02` or `{key}:2025-02-27`"),
                )
            })?;
            match key {
                "date" => Filter::Date(d),
                "after" => Filter::After(d),
                _ => Filter::Before(d),
            }
        }
        _ => {
            return Err(QueryError::new(
                format!("unknown filter `{key}:`"),
                match did_you_mean(key, FILTER_KEYS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}:`?"),
                    None => format!("filters are {}", FILTER_KEYS.join(":, ") + ":"),
                },
            ));
        }
    };
    Ok(Some(filter))
}

fn example(key: &str) -> String {
    let value = match key {
        "kind" => "person",
        "tag" => "energy",
        "status" => "held",
        "grade" => "B2",
        "mode" => "quote",
        "by" | "about" => "lavrov",
        "source" => "caliber",
        "meeting" => "istanbul",
        _ => "2025-02",
    };
    format!("as in `{key}:{value}`")
}

fn kind(value: &str, lower: &str) -> Result<Filter, QueryError> {
    if let Some(k) = EntityKind::from_keyword(lower) {
        return Ok(Filter::Entity(k));
    }
    if let Some(k) = ActorKind::from_keyword(lower) {
        return Ok(Filter::ActorKind(k));
    }
    let mut options: Vec<&str> = EntityKind::WORDS.to_vec();
    options.extend(ActorKind::WORDS);
    Err(QueryError::new(
        format!("unknown kind `{value}`"),
        suggest(lower, &options),
    ))
}

fn status(value: &str, lower: &str) -> Result<Filter, QueryError> {
    if MeetingStatus::from_keyword(lower).is_some() || ClaimStatus::from_keyword(lower).is_some() {
        return Ok(Filter::Status(lower.to_string()));
    }
    let mut options: Vec<&str> = MeetingStatus::WORDS.to_vec();
    options.extend(ClaimStatus::WORDS);
    Err(QueryError::new(
        format!("unknown status `{value}`"),
        suggest(lower, &options),
    ))
}

fn grade(value: &str) -> Result<Filter, QueryError> {
    let upper = value.to_uppercase();
    let (op, rest) = if let Some(r) = upper.strip_prefix("<=") {
        (Some(true), r)
    } else if let Some(r) = upper.strip_prefix(">=") {
        (Some(false), r)
    } else {
        (None, upper.as_str())
    };
    let parsed = match rest.len() {
        1 => Reliability::parse(rest).map(|r| (r, None)),
        2 => Grade::parse(rest).map(|g| (g.reliability, Some(g.credibility))),
        _ => None,
    };
    match (parsed, op) {
        (Some(_), None) => Ok(Filter::Grade(upper)),
        (Some((r, c)), Some(true)) => Ok(Filter::GradeAtLeast(r, c)),
        (Some((r, c)), Some(false)) => Ok(Filter::GradeAtMost(r, c)),
        (None, _) => Err(QueryError::new(
            format!("invalid grade `{value}`"),
            "a reliability letter A-F, optionally a credibility digit 1-6: `grade:B`, `grade:B2`, \
             or at least that good: `grade:<=B2`",
        )),
    }
}

/// A date's span as comparable `yyyymmdd` numbers, first and last day.
fn span(d: PartialDate) -> (u32, u32) {
    let y = u32::from(d.year) * 10_000;
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let x = y + u32::from(m) * 100 + u32::from(day);
            (x, x)
        }
        (Some(m), None) => (y + u32::from(m) * 100 + 1, y + u32::from(m) * 100 + 31),
        _ => (y + 101, y + 1231),
    }
}

fn date_of(kb: &Kb, e: EntityRef) -> Option<PartialDate> {
    match e {
        EntityRef::Meeting(m) => kb.meeting(m).date,
        EntityRef::Claim(c) => kb.claim(c).date,
        EntityRef::Source(s) => kb.source(s).published,
        EntityRef::Actor(_) => None,
    }
}

/// Whether `text` (lower-cased, folded) has, for every word of `value`, a word starting so.
pub(crate) fn words_prefix(text: &str, value: &str) -> bool {
    fn split(s: &str) -> Vec<&str> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect()
    }
    let have = split(text);
    let want = split(value);
    !want.is_empty() && want.iter().all(|w| have.iter().any(|h| h.starts_with(w)))
}

/// The filters of one query, with names resolved: `sets[i]` holds, for a filter naming an
/// actor, source or meeting, which of them it names (by their index in the KB).
pub(crate) struct Resolved<'q> {
    filters: &'q [Filter],
    sets: Vec<Vec<bool>>,
}

impl<'q> Resolved<'q> {
    /// `names(kind, value)` answers which entities of `kind` a name filter's value names.
    pub(crate) fn new(
        filters: &'q [Filter],
        mut names: impl FnMut(EntityKind, &str) -> Vec<bool>,
    ) -> Resolved<'q> {
        let sets = filters
            .iter()
            .map(|f| match f {
                Filter::By(v) | Filter::About(v) => names(EntityKind::Actor, v),
                Filter::Source(v) => names(EntityKind::Source, v),
                Filter::Meeting(v) => names(EntityKind::Meeting, v),
                _ => Vec::new(),
            })
            .collect();
        Resolved { filters, sets }
    }

    /// Whether `e` passes every filter.
    pub(crate) fn accepts(&self, kb: &Kb, e: EntityRef) -> bool {
        self.filters
            .iter()
            .zip(&self.sets)
            .all(|(f, set)| accepts(kb, e, f, set))
    }
}

fn grade_within(g: Option<Grade>, r: Option<Reliability>, f: &Filter) -> bool {
    let (rel, cred) = match (g, r) {
        (Some(g), _) => (g.reliability, Some(g.credibility)),
        (None, Some(r)) => (r, None),
        _ => return false,
    };
    match f {
        Filter::Grade(p) => match g {
            Some(g) => g.to_string().starts_with(p.as_str()),
            None => p.len() == 1 && rel.to_string() == *p,
        },
        Filter::GradeAtLeast(wr, wc) => {
            rel <= *wr && wc.is_none_or(|w| cred.is_some_and(|c| c <= w))
        }
        Filter::GradeAtMost(wr, wc) => {
            rel >= *wr && wc.is_none_or(|w| cred.is_some_and(|c| c >= w))
        }
        _ => false,
    }
}

fn accepts(kb: &Kb, e: EntityRef, f: &Filter, set: &[bool]) -> bool {
    let has = |i: usize| set.get(i).copied().unwrap_or(false);
    let tagged = |tags: &[String], t: &str| tags.iter().any(|x| x.to_lowercase() == t);
    match (f, e) {
        (Filter::Entity(k), _) => e.kind() == *k,
        (Filter::ActorKind(k), EntityRef::Actor(a)) => kb.actor(a).kind == *k,
        (Filter::Tag(t), EntityRef::Actor(a)) => tagged(&kb.actor(a).tags, t),
        (Filter::Tag(t), EntityRef::Claim(c)) => tagged(&kb.claim(c).tags, t),
        (Filter::Tag(t), EntityRef::Meeting(m)) => tagged(&kb.meeting(m).topics, t),
        (Filter::Status(s), EntityRef::Meeting(m)) => kb.meeting(m).status.as_str() == s,
        (Filter::Status(s), EntityRef::Claim(c)) => kb.claim(c).status.as_str() == s,
        (Filter::Grade(_) | Filter::GradeAtLeast(..) | Filter::GradeAtMost(..), _) => match e {
            EntityRef::Claim(c) => grade_within(kb.claim(c).grade, None, f),
            EntityRef::Source(s) => grade_within(None, kb.source(s).reliability, f),
            _ => false,
        },
        (Filter::Mode(m), EntityRef::Claim(c)) => kb.claim(c).mode == *m,
        (Filter::By(_), EntityRef::Claim(c)) => has(kb.claim(c).by.index()),
        (Filter::About(_), EntityRef::Claim(c)) => kb.claim(c).about.iter().any(|a| has(a.index())),
        (Filter::Source(_), EntityRef::Claim(c)) => has(kb.claim(c).source.index()),
        (Filter::Source(_), EntityRef::Meeting(m)) => {
            kb.meeting(m).sources.iter().any(|s| has(s.index()))
        }
        (Filter::Source(_), EntityRef::Source(s)) => has(s.index()),
        (Filter::Meeting(_), EntityRef::Claim(c)) => {
            kb.claim(c).meeting.is_some_and(|m| has(m.index()))
        }
        (Filter::Meeting(_), EntityRef::Meeting(m)) => has(m.index()),
        (Filter::Date(d), _) => date_of(kb, e).is_some_and(|x| {
            let ((s, t), (ws, wt)) = (span(x), span(*d));
            ws <= s && t <= wt
        }),
        (Filter::After(d), _) => date_of(kb, e).is_some_and(|x| span(x).0 > span(*d).1),
        (Filter::Before(d), _) => date_of(kb, e).is_some_and(|x| span(x).1 < span(*d).0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(token: &str) -> String {
        parse(token).unwrap_err().to_string()
    }

    #[test]
    fn keys_and_values() {
        assert_eq!(
            parse("mode:Quote").unwrap(),
            Some(Filter::Mode(ClaimMode::Quote))
        );
        assert_eq!(
            parse("by:Lavróv").unwrap(),
            Some(Filter::By("lavrov".into()))
        );
        assert_eq!(
            parse("grade:<=b2").unwrap(),
            Some(Filter::GradeAtLeast(
                Reliability::parse("B").unwrap(),
                Some(2)
            ))
        );
        assert_eq!(
            parse("after:2025-01-15").unwrap(),
            Some(Filter::After(PartialDate::parse("2025-01-15").unwrap()))
        );
        assert_eq!(parse("12:30").unwrap(), None);
        assert_eq!(parse("http://x").unwrap(), None);
        assert_eq!(
            parse("note:").unwrap(),
            None,
            "`note:` is not a filter key: text"
        );
    }

    #[test]
    fn errors_say_what_and_suggest() {
        assert_eq!(
            err("knd:person"),
            "unknown filter `knd:`; did you mean `kind:`?"
        );
        assert!(err("colour:red").contains("filters are kind:, tag:"));
        assert!(err("kind:persn").ends_with("did you mean `person`?"));
        assert!(err("status:helt").ends_with("did you mean `held`?"));
        assert!(err("mode:quot").ends_with("did you mean `quote`?"));
        assert!(err("grade:G").contains("invalid grade `G`"));
        assert!(err("grade:B7").contains("grade:<=B2"));
        assert!(err("grade:<=").contains("invalid grade"));
        assert_eq!(
            err("tag:"),
            "filter `tag:` needs a value; as in `tag:energy`"
        );
        let e = err("date:2025-02-30");
        assert!(
            e.contains("invalid date `2025-02-30` in `date:`: day 30"),
            "{e}"
        );
        assert!(e.ends_with("as in `date:2025`, `date:2025-02` or `date:2025-02-27`"));
        assert!(err("before:25").contains("expected `YYYY`"));
    }

    #[test]
    fn spans_and_word_prefixes() {
        let d = |s: &str| span(PartialDate::parse(s).unwrap());
        assert_eq!(d("2025"), (20250101, 20251231));
        assert_eq!(d("2025-02"), (20250201, 20250231));
        assert_eq!(d("2025-02-27"), (20250227, 20250227));
        assert!(words_prefix("kirill dmitriev", "dmitr"));
        assert!(words_prefix("caliber.az", "caliber az"));
        assert!(!words_prefix("biden administration", "dmitr"));
        assert!(!words_prefix("x", ""));
    }
}
