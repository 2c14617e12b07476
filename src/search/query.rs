//! The query language: free text plus `key:value` filters, `kind:person tag:energy lavrov`.
//! Unknown filter keys are errors with a suggestion, never silently ignored.

use crate::kb::diag::did_you_mean;
use crate::kb::{ActorKind, ClaimStatus, EntityKind, EntityRef, Kb, MeetingStatus};

/// A filter on the entities searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `kind:actor`, `kind:meeting`, ...: one kind of entity.
    Entity(EntityKind),
    /// `kind:person`, `kind:state`, ...: actors of that kind.
    ActorKind(ActorKind),
    /// `tag:energy`: actors or claims with that tag (any case).
    Tag(String),
    /// `status:held`, `status:disputed`: meetings or claims with that status.
    Status(String),
    /// `grade:B`, `grade:B2`: claims whose grade starts so.
    Grade(String),
}

/// The keys a filter can have.
pub const FILTER_KEYS: &[&str] = &["kind", "tag", "status", "grade"];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The free text, filters removed.
    pub text: String,
    pub filters: Vec<Filter>,
}

/// Why a query could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn suggest(word: &str, options: &[&str]) -> String {
    match did_you_mean(word, options.iter().copied()) {
        Some(s) => format!("; did you mean `{s}`?"),
        None => format!("; one of: {}", options.join(", ")),
    }
}

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut text: Vec<&str> = Vec::new();
        let mut filters = Vec::new();
        for word in input.split(' ') {
            let Some((key, value)) = word.split_once(':') else {
                text.push(word);
                continue;
            };
            // Only `word:...` with a plain lower-case key is a filter; `12:30` or `http://` is text.
            if key.is_empty()
                || !key.chars().all(|c| c.is_ascii_lowercase())
                || value.starts_with('/')
            {
                text.push(word);
                continue;
            }
            let err = |message: String| Err(QueryError { message });
            if value.is_empty() {
                return err(format!("filter `{key}:` needs a value, as in `{key}:...`"));
            }
            let lower = value.to_lowercase();
            let filter = match key {
                "kind" => {
                    if let Some(k) = EntityKind::from_keyword(&lower) {
                        Filter::Entity(k)
                    } else if let Some(k) = ActorKind::from_keyword(&lower) {
                        Filter::ActorKind(k)
                    } else {
                        let mut options: Vec<&str> = EntityKind::WORDS.to_vec();
                        options.extend(ActorKind::WORDS);
                        return err(format!(
                            "unknown kind `{value}`{}",
                            suggest(&lower, &options)
                        ));
                    }
                }
                "tag" => Filter::Tag(lower),
                "status" => {
                    let known = MeetingStatus::from_keyword(&lower).is_some()
                        || ClaimStatus::from_keyword(&lower).is_some();
                    if !known {
                        let mut options: Vec<&str> = MeetingStatus::WORDS.to_vec();
                        options.extend(ClaimStatus::WORDS);
                        return err(format!(
                            "unknown status `{value}`{}",
                            suggest(&lower, &options)
                        ));
                    }
                    Filter::Status(lower)
                }
                "grade" => {
                    let upper = value.to_uppercase();
                    let b = upper.as_bytes();
                    let ok = match b {
                        [r] => (b'A'..=b'F').contains(r),
                        [r, c] => (b'A'..=b'F').contains(r) && (b'1'..=b'6').contains(c),
                        _ => false,
                    };
                    if !ok {
                        return err(format!(
                            "invalid grade `{value}`: a reliability letter A-F, optionally followed by a credibility digit 1-6"
                        ));
                    }
                    Filter::Grade(upper)
                }
                _ => {
                    return err(format!(
                        "unknown filter `{key}:`{}",
                        suggest(key, FILTER_KEYS)
                    ));
                }
            };
            filters.push(filter);
        }
        Ok(Query {
            text: text.join(" ").trim().to_string(),
            filters,
        })
    }

    /// Whether every match of `self` is also a match of `earlier`: the same filters and text
    /// that extends it (a fuzzy match of the longer text implies one of the shorter).
    pub fn extends(&self, earlier: &Query) -> bool {
        self.filters == earlier.filters && self.text.starts_with(earlier.text.as_str())
    }

    /// Whether `e` passes every filter.
    pub fn filters_accept(&self, kb: &Kb, e: EntityRef) -> bool {
        self.filters.iter().all(|f| match f {
            Filter::Entity(k) => e.kind() == *k,
            Filter::ActorKind(k) => matches!(e, EntityRef::Actor(a) if kb.actor(a).kind == *k),
            Filter::Tag(t) => match e {
                EntityRef::Actor(a) => kb.actor(a).tags.iter().any(|x| x.to_lowercase() == *t),
                EntityRef::Claim(c) => kb.claim(c).tags.iter().any(|x| x.to_lowercase() == *t),
                EntityRef::Meeting(m) => {
                    kb.meeting(m).topics.iter().any(|x| x.to_lowercase() == *t)
                }
                EntityRef::Source(_) => false,
            },
            Filter::Status(s) => match e {
                EntityRef::Meeting(m) => kb.meeting(m).status.as_str() == s,
                EntityRef::Claim(c) => kb.claim(c).status.as_str() == s,
                _ => false,
            },
            Filter::Grade(g) => match e {
                EntityRef::Claim(c) => kb
                    .claim(c)
                    .grade
                    .is_some_and(|x| x.to_string().starts_with(g.as_str())),
                _ => false,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_filters() {
        let q = Query::parse("kind:person  lavrov tag:Energy").unwrap();
        assert_eq!(q.text, "lavrov");
        assert_eq!(
            q.filters,
            [
                Filter::ActorKind(ActorKind::Person),
                Filter::Tag("energy".into())
            ]
        );
        let q = Query::parse("status:held grade:b kind:meeting").unwrap();
        assert_eq!(
            q.filters,
            [
                Filter::Status("held".into()),
                Filter::Grade("B".into()),
                Filter::Entity(EntityKind::Meeting)
            ]
        );
        assert_eq!(
            Query::parse("12:30 http://x Caliber.Az:").unwrap().filters,
            []
        );
    }

    #[test]
    fn unknown_keys_and_values_are_reported() {
        let e = Query::parse("knd:person").unwrap_err();
        assert_eq!(e.message, "unknown filter `knd:`; did you mean `kind`?");
        assert!(
            Query::parse("kind:persn")
                .unwrap_err()
                .message
                .contains("did you mean `person`?")
        );
        assert!(
            Query::parse("status:helt")
                .unwrap_err()
                .message
                .contains("did you mean `held`?")
        );
        assert!(Query::parse("grade:G").is_err());
        assert!(Query::parse("grade:B7").is_err());
        assert!(Query::parse("tag:").is_err());
        assert!(
            Query::parse("colour:red")
                .unwrap_err()
                .message
                .contains("one of: kind, tag, status, grade")
        );
    }

    #[test]
    fn extension() {
        let a = Query::parse("kind:person la").unwrap();
        let b = Query::parse("kind:person lav").unwrap();
        assert!(b.extends(&a));
        assert!(!a.extends(&b));
        assert!(!Query::parse("lav").unwrap().extends(&a));
    }
}
