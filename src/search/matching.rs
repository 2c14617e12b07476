//! Matching one query word ([`Atom`]) against one field's text, and grading the match into a
//! [`Tier`]. Texts and patterns arrive folded (accents off) and, unless the word is
//! case-sensitive, lower-cased by [`lower`], one character for one, so a character index in
//! them is an index in the folded original.
//!
//! Names, aliases and titles keep full fuzzy matching (SkimMatcherV2), but a match whose letters
//! are scattered ranks with the rest. Every other field (claim text, role, topics...) matches a
//! fuzzy word only as a substring or within a short window of `pattern + SLACK` characters, so
//! `dmitr` never matches "a**dmi**nis**tr**ation" and `pentagon` never a sentence that merely
//! holds its letters.

use super::Tier;
use super::query::{Atom, Mode};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use memchr::memmem;

/// How many extra characters a fuzzy word may span in a long field (a dropped or doubled letter).
/// Constant, so a longer word never matches where a shorter prefix of it did not: narrowing stays
/// exact.
pub(crate) const SLACK: usize = 2;

/// A query word made ready to scan many texts: its characters, and a substring finder built
/// once (a search tries the same word on hundreds of thousands of strings; `str::contains` and
/// `match_indices` rebuild their searcher for each one and do not vectorise the scan).
pub(crate) struct Needle {
    pub(crate) chars: Vec<char>,
    finder: memmem::Finder<'static>,
}

impl Needle {
    pub(crate) fn new(pattern: &str) -> Needle {
        Needle {
            chars: pattern.chars().collect(),
            finder: memmem::Finder::new(pattern.as_bytes()).into_owned(),
        }
    }

    /// Whether `text` holds the word.
    fn found_in(&self, text: &str) -> bool {
        self.finder.find(text.as_bytes()).is_some()
    }
}

/// Lower-cases one character to one character (those with a longer lower case stay as they are).
pub(crate) fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// Lower-cases `s` character for character (see [`lower_char`]).
pub(crate) fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(lower_char).collect()
}

fn word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Whether the byte range `at..end` of `text` stands at a word start / word end.
fn starts_word(text: &str, at: usize) -> bool {
    !word_char(text[..at].chars().next_back())
}
fn ends_word(text: &str, end: usize) -> bool {
    !word_char(text[end..].chars().next())
}

/// The best occurrence of the word in `text`: `(byte offset, word start, whole word)`, a whole
/// word first, then a word start, then the first.
fn occurrence(text: &str, needle: &Needle) -> Option<(usize, bool, bool)> {
    let len = needle.finder.needle().len();
    if len == 0 {
        // An empty word "occurs" at every character boundary, not at every byte.
        let boundaries = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        return best_occurrence(text, 0, boundaries);
    }
    // Matches do not overlap, as with `match_indices`; a UTF-8 word found in UTF-8 text starts
    // and ends on character boundaries.
    best_occurrence(text, len, needle.finder.find_iter(text.as_bytes()))
}

fn best_occurrence(
    text: &str,
    len: usize,
    found: impl Iterator<Item = usize>,
) -> Option<(usize, bool, bool)> {
    let mut best: Option<(usize, bool, bool)> = None;
    // A few occurrences tell enough; a one-letter word in a long text has hundreds.
    for at in found.take(16) {
        let start = starts_word(text, at);
        let whole = start && ends_word(text, at + len);
        if best.is_none_or(|b| (whole, start) > (b.2, b.1)) {
            best = Some((at, start, whole));
        }
        if whole {
            break;
        }
    }
    best
}

/// The tightest window of `text` holding `pat`'s characters in order, at most `max` characters
/// long: `(byte offset, length in characters)`. Linear in `text` times `max`.
fn window(text: &str, pat: &[char], max: usize) -> Option<(usize, usize)> {
    let first = *pat.first()?;
    if first.is_ascii() && pat.iter().all(char::is_ascii) {
        let mut bytes = [0u8; 128];
        if pat.len() <= bytes.len() {
            for (b, c) in bytes.iter_mut().zip(pat) {
                *b = *c as u8;
            }
            return window_ascii(text.as_bytes(), &bytes[..pat.len()], max);
        }
    }
    let mut best: Option<(usize, usize)> = None;
    for (at, c) in text.char_indices() {
        if c != first {
            continue;
        }
        let (mut k, mut len) = (1, 1);
        for c in text[at + c.len_utf8()..].chars() {
            if k == pat.len() || len == max {
                break;
            }
            len += 1;
            if c == pat[k] {
                k += 1;
            }
        }
        if k == pat.len() && best.is_none_or(|b| len < b.1) {
            best = Some((at, len));
            if len == pat.len() {
                break;
            }
        }
    }
    best
}

/// [`window`] for an ASCII word, over bytes (a non-ASCII character counts its bytes, which only
/// makes the window stricter; [`positions`] then finds the same or a tighter one).
fn window_ascii(text: &[u8], pat: &[u8], max: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut from = 0;
    while let Some(off) = text[from..].iter().position(|&b| b == pat[0]) {
        let at = from + off;
        from = at + 1;
        let mut k = 1;
        let mut len = 1;
        while k < pat.len() && len < max && at + len < text.len() {
            if text[at + len] == pat[k] {
                k += 1;
            }
            len += 1;
        }
        if k == pat.len() && best.is_none_or(|b| len < b.1) {
            best = Some((at, len));
        }
    }
    best
}

/// Whether `pat` matches `text` taking each run of its letters at a word start (`mute egede` in
/// "Mute Bourup Egede", `rdf` in "Russian Direct Fund"). Greedy.
fn word_starts(text: &str, pat: &[char]) -> bool {
    let (mut k, mut prev, mut joined) = (0, None::<char>, false);
    for c in text.chars() {
        if k == pat.len() {
            break;
        }
        let at_start = !word_char(prev);
        if c == pat[k] && (joined || at_start) {
            k += 1;
            joined = true;
        } else {
            joined = false;
        }
        prev = Some(c);
    }
    k == pat.len()
}

/// The tier of a substring match at the best occurrence.
fn substring_tier(text: &str, needle: &Needle, namelike: bool) -> Option<(Tier, usize)> {
    let (at, start, whole) = occurrence(text, needle)?;
    let tier = match (namelike, whole) {
        _ if namelike && text.len() == needle.finder.needle().len() => Tier::ExactName,
        _ if namelike && at == 0 => Tier::PrefixName,
        (true, true) => Tier::NameWord,
        (true, false) => Tier::Name,
        (false, true) => Tier::Word,
        (false, false) if start => Tier::Contiguous,
        (false, false) => Tier::Contiguous,
    };
    Some((tier, at))
}

/// The score of a match in a field that is not a name. Flat: where in a sentence a word stands
/// says little, so ties go to the shorter text (denser in what was asked).
fn place_score(_at: usize) -> i64 {
    64
}

/// How `atom` (not negated) matches `text`: its tier and a score (higher is better), or `None`.
pub(crate) fn grade(
    atom: &Atom,
    needle: &Needle,
    text: &str,
    namelike: bool,
    matcher: &SkimMatcherV2,
) -> Option<(Tier, i64)> {
    let pat = atom.pattern.as_str();
    let pat_chars = needle.chars.as_slice();
    // A contiguous match needs no matcher for its score: longer words and earlier, word-start
    // matches score higher, on the scale of SkimMatcherV2's scores for the same match.
    let skim = |t: Tier, at: usize| {
        let s = if namelike {
            let start = at == 0 || starts_word(text, at);
            16 * pat_chars.len() as i64 + if start { 24 } else { 0 } - (at.min(64) / 8) as i64
        } else {
            place_score(at)
        };
        (t, s)
    };
    match atom.mode {
        Mode::Fuzzy | Mode::Exact => {
            if let Some((t, at)) = substring_tier(text, needle, namelike) {
                return Some(skim(t, at));
            }
            if atom.mode == Mode::Exact {
                return None;
            }
            if namelike {
                let score = matcher.fuzzy_match(text, pat)?;
                let tight = window(text, pat_chars, pat_chars.len() + SLACK).is_some()
                    || word_starts(text, pat_chars);
                Some((if tight { Tier::Name } else { Tier::Other }, score))
            } else {
                let (at, len) = window(text, pat_chars, pat_chars.len() + SLACK)?;
                Some((
                    Tier::Other,
                    place_score(at) - 8 * (len - pat_chars.len()) as i64,
                ))
            }
        }
        Mode::Prefix | Mode::Equal => {
            let hit = if atom.mode == Mode::Equal {
                text == pat
            } else {
                text.starts_with(pat)
            };
            if !hit {
                return None;
            }
            let t = match (
                namelike,
                text.len() == pat.len(),
                ends_word(text, pat.len()),
            ) {
                (true, true, _) => Tier::ExactName,
                (true, false, _) => Tier::PrefixName,
                (false, _, true) => Tier::Word,
                (false, _, false) => Tier::Contiguous,
            };
            Some(skim(t, 0))
        }
        Mode::Suffix => {
            let at = text.len().checked_sub(pat.len())?;
            if !text.ends_with(pat) {
                return None;
            }
            let t = match (namelike, at == 0, starts_word(text, at)) {
                (true, true, _) => Tier::ExactName,
                (true, false, true) => Tier::NameWord,
                (true, false, false) => Tier::Name,
                (false, _, true) => Tier::Word,
                (false, _, false) => Tier::Contiguous,
            };
            Some(skim(t, at))
        }
    }
}

/// Whether `text` holds `atom` at the start of a word (`lavr` in "Sergei Lavrov").
pub(crate) fn at_word_start(atom: &Atom, needle: &Needle, text: &str) -> bool {
    match atom.mode {
        Mode::Fuzzy | Mode::Exact => occurrence(text, needle).is_some_and(|o| o.1),
        Mode::Prefix | Mode::Equal => holds(atom, needle, text),
        Mode::Suffix => false,
    }
}

/// Whether `text` holds `atom` as its operators say (a negated word is tested with this).
pub(crate) fn holds(atom: &Atom, needle: &Needle, text: &str) -> bool {
    let pat = atom.pattern.as_str();
    match atom.mode {
        Mode::Fuzzy | Mode::Exact => needle.found_in(text),
        Mode::Prefix => text.starts_with(pat),
        Mode::Suffix => text.ends_with(pat),
        Mode::Equal => text == pat,
    }
}

/// The character indices in `text` that `atom` matched, as [`grade`] matched them.
pub(crate) fn positions(
    atom: &Atom,
    text: &str,
    namelike: bool,
    matcher: &SkimMatcherV2,
) -> Option<Vec<usize>> {
    let pat = atom.pattern.as_str();
    let needle = Needle::new(pat);
    let pat_chars = &needle.chars;
    let m = pat_chars.len();
    let run = |at: usize| {
        let first = text[..at].chars().count();
        (first..first + m).collect::<Vec<_>>()
    };
    match atom.mode {
        Mode::Fuzzy | Mode::Exact => {
            if let Some((at, ..)) = occurrence(text, &needle) {
                return Some(run(at));
            }
            if atom.mode == Mode::Exact {
                return None;
            }
            if namelike {
                return matcher.fuzzy_indices(text, pat).map(|(_, v)| v);
            }
            let (at, len) = window(text, pat_chars, m + SLACK)?;
            let first = text[..at].chars().count();
            let mut k = 0;
            let mut out = Vec::with_capacity(m);
            for (i, c) in text[at..].chars().take(len).enumerate() {
                if k < m && c == pat_chars[k] {
                    out.push(first + i);
                    k += 1;
                }
            }
            Some(out)
        }
        Mode::Prefix | Mode::Equal => holds(atom, &needle, text).then(|| run(0)),
        Mode::Suffix => holds(atom, &needle, text).then(|| run(text.len() - pat.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Query;

    fn atom(word: &str) -> Atom {
        Query::parse(word).unwrap().terms[0].alts[0].clone()
    }

    fn tier(word: &str, text: &str, namelike: bool) -> Option<Tier> {
        let a = atom(word);
        let needle = Needle::new(&a.pattern);
        let text = lower(text);
        grade(&a, &needle, &text, namelike, &SkimMatcherV2::default()).map(|g| g.0)
    }

    #[test]
    fn names_rank_by_how_the_word_lands() {
        assert_eq!(tier("lav", "lav", true), Some(Tier::ExactName));
        assert_eq!(tier("lav", "Lavinia Smith", true), Some(Tier::PrefixName));
        assert_eq!(tier("lavrov", "Sergei Lavrov", true), Some(Tier::NameWord));
        assert_eq!(tier("lavrov", "Olga Lavrova", true), Some(Tier::Name));
        assert_eq!(tier("dmitriev", "Kirill Dmitriyev", true), Some(Tier::Name));
        assert_eq!(tier("mteg", "Mute Egede", true), Some(Tier::Other));
        assert_eq!(
            tier("dmitr", "Biden administration", true),
            Some(Tier::Other)
        );
        assert_eq!(
            tier("kd", "Kirill Dmitriev", true),
            Some(Tier::Name),
            "initials"
        );
    }

    #[test]
    fn long_fields_match_only_within_a_window() {
        let text =
            "US and Russian diplomats are set to meet in Istanbul to discuss embassy staffing";
        assert_eq!(tier("energy", text, false), None);
        assert_eq!(tier("dmitr", "the Biden administration said", false), None);
        assert_eq!(
            tier("energy", "about energy, mostly", false),
            Some(Tier::Word)
        );
        assert_eq!(tier("energ", "about energy", false), Some(Tier::Contiguous));
        assert_eq!(tier("enrgy", "about energy", false), Some(Tier::Other));
        assert_eq!(
            tier("pentagon", "the Pentagon's strategy", false),
            Some(Tier::Word)
        );
        assert_eq!(
            tier("pentag", "the Pentagon's strategy", false),
            Some(Tier::Contiguous)
        );
        assert_eq!(tier("pentagon", "a potential agreement on", false), None);
    }

    #[test]
    fn anchors() {
        assert_eq!(tier("^serg", "Sergei Lavrov", true), Some(Tier::PrefixName));
        assert_eq!(tier("^lav", "Sergei Lavrov", true), None);
        assert_eq!(tier("lavrov$", "Sergei Lavrov", true), Some(Tier::NameWord));
        assert_eq!(tier("^nato$", "NATO", true), Some(Tier::ExactName));
        assert_eq!(tier("^nato$", "NATO allies", true), None);
        assert_eq!(tier("'rgy", "energy", false), Some(Tier::Contiguous));
        assert_eq!(tier("'enrgy", "energy", false), None);
    }

    #[test]
    fn positions_follow_the_match() {
        let m = SkimMatcherV2::default();
        let p = |w: &str, t: &str, n: bool| positions(&atom(w), &lower(t), n, &m);
        assert_eq!(
            p("lavrov", "Olga Lavrova", true),
            Some(vec![5, 6, 7, 8, 9, 10])
        );
        assert_eq!(p("enrgy", "an energy", false), Some(vec![3, 4, 6, 7, 8]));
        assert_eq!(p("ov$", "Лавров ov", false), Some(vec![7, 8]));
        assert_eq!(p("^лав", "Лавров", false), Some(vec![0, 1, 2]));
        assert_eq!(p("zz", "abc", false), None);
    }

    /// The occurrence search as it was written with `std` (the oracle for the finder).
    fn occurrence_std(text: &str, pat: &str) -> Option<(usize, bool, bool)> {
        let mut best: Option<(usize, bool, bool)> = None;
        for (at, _) in text.match_indices(pat).take(16) {
            let start = starts_word(text, at);
            let whole = start && ends_word(text, at + pat.len());
            if best.is_none_or(|b| (whole, start) > (b.2, b.1)) {
                best = Some((at, start, whole));
            }
            if whole {
                break;
            }
        }
        best
    }

    proptest::proptest! {
        #[test]
        fn the_finder_finds_what_std_finds(
            text in "[ab é,.Лл-]{0,40}",
            pat in "[ab éЛл]{0,3}",
        ) {
            let needle = Needle::new(&pat);
            proptest::prop_assert_eq!(occurrence(&text, &needle), occurrence_std(&text, &pat));
            proptest::prop_assert_eq!(needle.found_in(&text), text.contains(pat.as_str()));
        }
    }

    #[test]
    fn one_for_one_lower_case() {
        assert_eq!(lower("İSTANBUL Лавров"), "İstanbul лавров");
        assert_eq!(lower("İ").chars().count(), 1);
    }
}
