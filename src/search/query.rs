//! The query language, fzf's extended search plus `key:value` filters:
//! `kind:claim energy arctic !china`, `^serg | ^kir`, `by:lavrov after:2025-01`.
//!
//! Space-separated terms are ANDed and match in any order, each against any searchable field of
//! the same entity. A term is fuzzy by default; `'term` is an exact substring, `^term` a prefix,
//! `term$` a suffix, `^term$` the whole field, `!term` excludes (exact substring; `!^term`,
//! `!term$` anchored); `a | b` is a term matching either side. Smart case per term: a term with a
//! capital letter is case-sensitive. `\ ` is a literal space. Filters are in [`super::filter`].
//!
//! Parsing is bounded: a query longer than [`MAX_QUERY_CHARS`], a term longer than
//! [`MAX_TERM_CHARS`] or more than [`MAX_TERMS`] terms is refused with an error, so a hostile
//! query costs no more than a long one.

pub use super::filter::{FILTER_KEYS, Filter};
use super::matching::lower;
use crate::text::fold;

/// The longest query searched, in characters.
pub const MAX_QUERY_CHARS: usize = 512;
/// The longest single term, in characters.
pub const MAX_TERM_CHARS: usize = 100;
/// The most terms (counting each side of a `|`).
pub const MAX_TERMS: usize = 32;

/// The query language in brief, for the help overlay and `search --help`.
pub const SYNTAX: &[(&str, &str)] = &[
    (
        "lavrov",
        "fuzzy: the letters in order (names in full, long text within a word)",
    ),
    (
        "energy arctic",
        "every word, in any order, in any field of the same item",
    ),
    ("'energy", "exact: contains `energy`"),
    ("^serg", "prefix: a field starts with `serg`"),
    ("tov$", "suffix: a field ends with `tov`"),
    ("!china", "not: no field contains `china` (also !^x, !x$)"),
    ("nato | otan", "either word"),
    (
        "Lavrov",
        "a capital makes that word case-sensitive; accents are optional",
    ),
    ("kirill\\ d", "a literal space inside a word"),
    (
        "kind:person",
        "kind:actor|meeting|claim|source, or an actor kind",
    ),
    ("tag:energy", "actor or claim tag, meeting topic"),
    ("status:held", "meeting or claim status"),
    (
        "grade:B2",
        "claim grade (prefix); grade:<=B2 at least B and 2",
    ),
    (
        "mode:quote",
        "claim mode: quote, paraphrase, assessment, background",
    ),
    ("by:lavrov", "claims by an actor (id or name words)"),
    ("about:china", "claims about an actor (id or name words)"),
    (
        "source:caliber",
        "claims and meetings from a source (id or title words)",
    ),
    (
        "meeting:istanbul",
        "a meeting and its claims (id or title words)",
    ),
    (
        "date:2025-02",
        "dated within 2025-02 (date:2025, date:2025-02-27)",
    ),
    (
        "after:2025-01-15",
        "dated after that day (before: likewise)",
    ),
];

/// How an [`Atom`] matches a field.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The letters in order (long text: within a short window).
    Fuzzy,
    /// `'x`: a substring.
    Exact,
    /// `^x`: the field starts with it.
    Prefix,
    /// `x$`: the field ends with it.
    Suffix,
    /// `^x$`: the whole field.
    Equal,
}

/// One word of a query with its operators applied.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Atom {
    pub mode: Mode,
    /// `!x`: the entity matches when no field does.
    pub negated: bool,
    /// The word as typed, operators and escapes removed.
    pub word: String,
    /// `word` folded (accents off), and lower-cased unless the word is case-sensitive.
    pub pattern: String,
    /// Smart case: the word has a capital.
    pub case_sensitive: bool,
    /// The characters of `pattern` ([`fold::char_mask`]): a field lacking one cannot match.
    pub mask: u64,
}

/// A term: one atom, or several joined by `|` (any may match).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    pub alts: Vec<Atom>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The text terms as typed, filters removed (empty: list everything that passes the filters).
    pub text: String,
    /// Every term must match.
    pub terms: Vec<Term>,
    /// Every filter must accept.
    pub filters: Vec<Filter>,
}

/// Why a query could not be understood: what is wrong, and what to type instead. Shown in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub suggestion: Option<String>,
}

impl QueryError {
    pub(crate) fn new(message: impl Into<String>, suggestion: impl Into<String>) -> QueryError {
        QueryError {
            message: message.into(),
            suggestion: Some(suggestion.into()).filter(|s| !s.is_empty()),
        }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        match &self.suggestion {
            Some(s) => write!(f, "; {s}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for QueryError {}

/// Splits on unescaped spaces; `\ ` is a space inside a word. Linear in the input.
fn tokens(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => {
                cur.push(' ');
                chars.next();
            }
            ' ' | '\t' | '\n' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A word with its operators read off, or `None` when nothing is left but operators.
fn atom(token: &str) -> Option<Atom> {
    let (negated, rest) = match token.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, token),
    };
    let (exact, rest) = match rest.strip_prefix('\'') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (prefix, rest) = match rest.strip_prefix('^') {
        Some(r) if !exact => (true, r),
        _ => (false, rest),
    };
    let (suffix, word) = match rest.strip_suffix('$') {
        Some(r) if !exact => (true, r),
        _ => (false, rest),
    };
    if word.is_empty() {
        return None;
    }
    let mode = match (prefix, suffix) {
        (true, true) => Mode::Equal,
        (true, false) => Mode::Prefix,
        (false, true) => Mode::Suffix,
        // fzf: a negated word is matched exactly.
        _ if exact || negated => Mode::Exact,
        _ => Mode::Fuzzy,
    };
    let case_sensitive = word.chars().any(char::is_uppercase);
    let folded = fold::fold(word).unwrap_or_else(|| word.to_string());
    let pattern = if case_sensitive {
        folded
    } else {
        lower(&folded)
    };
    Some(Atom {
        mode,
        negated,
        word: word.to_string(),
        mask: fold::char_mask(&pattern),
        pattern,
        case_sensitive,
    })
}

fn too_long(input: &str) -> Option<QueryError> {
    // Count no further than the limit: a 100k-character paste is refused in constant time.
    let n = input.chars().take(MAX_QUERY_CHARS + 1).count();
    (n > MAX_QUERY_CHARS).then(|| {
        QueryError::new(
            format!("the query is longer than {MAX_QUERY_CHARS} characters"),
            "search for a few distinctive words",
        )
    })
}

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        if let Some(e) = too_long(input) {
            return Err(e);
        }
        let mut filters = Vec::new();
        let mut terms: Vec<Term> = Vec::new();
        let mut text: Vec<String> = Vec::new();
        let (mut join, mut atoms, mut bare) = (false, 0usize, false);
        // Whether the word before was a filter or a term (for `|`).
        let mut after_filter = false;
        let or_filter = || {
            QueryError::new(
                "`|` joins words, not filters",
                "filters are all required; run one query per filter value",
            )
        };
        for token in tokens(input) {
            if token == "|" {
                if after_filter {
                    return Err(or_filter());
                }
                // fzf: `a | b`; a dangling `|` (while typing `a |`) joins nothing.
                join = !terms.is_empty();
                continue;
            }
            if let Some(filter) = super::filter::parse(&token)? {
                if join {
                    return Err(or_filter());
                }
                filters.push(filter);
                after_filter = true;
                continue;
            }
            after_filter = false;
            let Some(a) = atom(&token) else {
                // Operators alone (`!` while typing `!china`) add nothing.
                bare = true;
                continue;
            };
            if a.word.chars().count() > MAX_TERM_CHARS {
                return Err(QueryError::new(
                    format!("a word is longer than {MAX_TERM_CHARS} characters"),
                    "search for a shorter part of it",
                ));
            }
            atoms += 1;
            if atoms > MAX_TERMS {
                return Err(QueryError::new(
                    format!("the query has more than {MAX_TERMS} words"),
                    "a few distinctive words find as much",
                ));
            }
            match terms.last_mut() {
                Some(t) if join => t.alts.push(a),
                _ => terms.push(Term { alts: vec![a] }),
            }
            text.push(token);
            join = false;
        }
        if bare && terms.is_empty() && filters.is_empty() {
            return Err(QueryError::new(
                "the query has operators but no word to search for",
                "put a word after them: `!china`, `^serg`, `'energy`, `tov$`",
            ));
        }
        Ok(Query {
            text: text.join(" "),
            terms,
            filters,
        })
    }

    /// Whether the query has a term that ranks (a word that is not only a negation).
    pub fn has_positive(&self) -> bool {
        self.terms.iter().any(|t| t.alts.iter().any(|a| !a.negated))
    }

    /// Whether every match of `self` is also a match of `earlier`, so narrowing `earlier`'s
    /// matches finds them all: the same filters; `earlier`'s terms, the last one possibly
    /// lengthened (a fuzzy, exact or prefix word typed on), then any new terms.
    pub fn extends(&self, earlier: &Query) -> bool {
        self.filters == earlier.filters
            && terms_extend(
                &self.terms.iter().collect::<Vec<_>>(),
                &earlier.terms.iter().collect::<Vec<_>>(),
            )
    }

    /// The terms without a negation (`!x`), which rank; the others only exclude.
    pub fn positive_terms(&self) -> Vec<&Term> {
        self.terms
            .iter()
            .filter(|t| t.alts.iter().all(|a| !a.negated))
            .collect()
    }

    /// Whether [`Query::extends`] holds for the terms without a negation: editing `!chin` to
    /// `!china` can narrow what matched `energy` alone.
    pub fn positive_extends(&self, earlier: &Query) -> bool {
        self.filters == earlier.filters
            && terms_extend(&self.positive_terms(), &earlier.positive_terms())
    }
}

fn terms_extend(new: &[&Term], old: &[&Term]) -> bool {
    if new.len() < old.len() {
        return false;
    }
    let n = old.len();
    if n == 0 {
        return true;
    }
    if new[..n - 1] != old[..n - 1] {
        return false;
    }
    let (old, new) = (old[n - 1], new[n - 1]);
    if old == new {
        return true;
    }
    match (&old.alts[..], &new.alts[..]) {
        ([a], [b]) => {
            !a.negated
                && !b.negated
                && a.mode == b.mode
                && matches!(a.mode, Mode::Fuzzy | Mode::Exact | Mode::Prefix)
                && (!a.case_sensitive || b.case_sensitive)
                && if a.case_sensitive {
                    b.pattern.starts_with(a.pattern.as_str())
                } else {
                    lower(&b.pattern).starts_with(a.pattern.as_str())
                }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{ActorKind, EntityKind};

    fn modes(q: &str) -> Vec<Vec<(Mode, bool, String)>> {
        Query::parse(q)
            .unwrap()
            .terms
            .iter()
            .map(|t| {
                t.alts
                    .iter()
                    .map(|a| (a.mode, a.negated, a.pattern.clone()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn operators() {
        use Mode::*;
        let s = |x: &str| x.to_string();
        assert_eq!(
            modes("energy 'arctic ^serg tov$ ^nato$ !china !^us !x$"),
            [
                vec![(Fuzzy, false, s("energy"))],
                vec![(Exact, false, s("arctic"))],
                vec![(Prefix, false, s("serg"))],
                vec![(Suffix, false, s("tov"))],
                vec![(Equal, false, s("nato"))],
                vec![(Exact, true, s("china"))],
                vec![(Prefix, true, s("us"))],
                vec![(Suffix, true, s("x"))],
            ]
        );
        assert_eq!(
            modes("nato | otan | ^us energy"),
            [
                vec![
                    (Fuzzy, false, s("nato")),
                    (Fuzzy, false, s("otan")),
                    (Prefix, false, s("us"))
                ],
                vec![(Fuzzy, false, s("energy"))]
            ]
        );
        // `'` keeps `^` and `$` literal, as fzf does.
        assert_eq!(modes("'^a$"), [vec![(Exact, false, s("^a$"))]]);
    }

    #[test]
    fn smart_case_accents_and_escaped_spaces_per_term() {
        let q = Query::parse("Lavrov énergie kirill\\ d").unwrap();
        let a: Vec<&Atom> = q.terms.iter().map(|t| &t.alts[0]).collect();
        assert!(a[0].case_sensitive && a[0].pattern == "Lavrov");
        assert!(!a[1].case_sensitive && a[1].pattern == "energie");
        assert_eq!(a[2].pattern, "kirill d");
        assert_eq!(q.text, "Lavrov énergie kirill d");
        let q = Query::parse("ЛАВРОВ").unwrap();
        assert!(q.terms[0].alts[0].case_sensitive);
    }

    #[test]
    fn dangling_pipes_and_lone_operators() {
        assert_eq!(modes("a |").len(), 1);
        assert_eq!(modes("| a").len(), 1);
        assert_eq!(modes("a | | b")[0].len(), 2);
        assert_eq!(modes("energy !").len(), 1, "a lone `!` while typing");
        let e = Query::parse("! ^ $ ' !^$").unwrap_err();
        assert!(e.message.contains("no word"), "{e}");
        assert!(e.suggestion.unwrap().contains("!china"));
        assert!(Query::parse("| | |").unwrap().terms.is_empty());
        assert!(Query::parse("kind:actor | kind:meeting").is_err());
        assert!(Query::parse("x | kind:meeting").is_err());
        assert!(Query::parse("").unwrap().terms.is_empty());
    }

    #[test]
    fn hostile_sizes_are_refused() {
        let long = "a".repeat(100_000);
        assert!(
            Query::parse(&long)
                .unwrap_err()
                .message
                .contains("longer than")
        );
        let many = "ab ".repeat(100);
        assert!(
            Query::parse(&many)
                .unwrap_err()
                .message
                .contains("more than")
        );
        let word = "b".repeat(MAX_TERM_CHARS + 1);
        assert!(Query::parse(&word).unwrap_err().message.contains("a word"));
        assert!(Query::parse(&"x ".repeat(MAX_TERMS)).is_ok());
    }

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
        assert_eq!(q.filters.len(), 3);
        assert_eq!(q.filters[2], Filter::Entity(EntityKind::Meeting));
        assert_eq!(
            Query::parse("12:30 http://x Caliber.Az:").unwrap().filters,
            []
        );
    }

    #[test]
    fn extension() {
        let p = |s: &str| Query::parse(s).unwrap();
        assert!(p("kind:person lav").extends(&p("kind:person la")));
        assert!(!p("kind:person la").extends(&p("kind:person lav")));
        assert!(!p("lav").extends(&p("kind:person la")));
        assert!(p("energy a").extends(&p("energy")));
        assert!(p("energy !c").extends(&p("energy !")));
        assert!(
            !p("energy !ch").extends(&p("energy !c")),
            "a longer negation drops less"
        );
        assert!(!p("tov$").extends(&p("to$")));
        assert!(p("Lav").extends(&p("la")));
        assert!(!p("lav").extends(&p("La")));
        assert!(!p("a | bc").extends(&p("a | b")));
        assert!(p("energy !ch").positive_extends(&p("energy !c")));
        assert!(p("energy !ch x").positive_extends(&p("energy !c")));
        assert!(!p("energy !ch").positive_extends(&p("energy x !c")));
        assert!(!p("tag:a energy !ch").positive_extends(&p("energy !c")));
    }

    #[test]
    fn errors_display_message_and_suggestion() {
        let e = Query::parse("knd:person").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown filter `knd:`; did you mean `kind:`?"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().starts_with("unknown filter"));
    }
}
