//! Folding text for matching and for ids: Latin letters lose their accents (`Múte` -> `Mute`, `Tromsø` ->
//! `Tromso`), as fzf does by default; other scripts are kept. Folding is one character to at
//! most one character, so a position in folded text maps back to the original character.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Latin letters that do not decompose under NFD but have an obvious unaccented base.
fn special(c: char) -> Option<char> {
    Some(match c {
        'ø' => 'o',
        'Ø' => 'O',
        'ł' => 'l',
        'Ł' => 'L',
        'đ' | 'ð' => 'd',
        'Đ' | 'Ð' => 'D',
        'ı' => 'i',
        'ħ' => 'h',
        'Ħ' => 'H',
        'ŧ' => 't',
        'Ŧ' => 'T',
        _ => return None,
    })
}

/// The folded form of one character: `Some(base)`, or `None` when it is a combining mark that
/// follows a Latin letter and disappears.
pub fn fold_char(c: char, after_latin: bool) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    if after_latin && is_combining_mark(c) {
        return None;
    }
    if let Some(s) = special(c) {
        return Some(s);
    }
    let mut decomposed = std::iter::once(c).nfd();
    match decomposed.next() {
        Some(base) if base.is_ascii_alphabetic() && decomposed.all(is_combining_mark) => Some(base),
        _ => Some(c),
    }
}

/// Folds `s`; `map[i]` is the index (in characters) in `s` of the `i`th folded character.
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut after_latin = false;
    for (i, c) in s.chars().enumerate() {
        if let Some(f) = fold_char(c, after_latin) {
            out.push(f);
            map.push(i);
            after_latin = f.is_ascii_alphabetic();
        }
    }
    (out, map)
}

/// Folds `s`, or `None` when folding changes nothing.
pub fn fold(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let (f, _) = fold_with_map(s);
    (f != s).then_some(f)
}

/// Lower-cases the characters that the matcher's own (ASCII-only) case folding would miss, so a
/// lower-case `лавров` matches `Лавров`. One character to one character.
pub fn lower_non_ascii(s: &str) -> Option<String> {
    if s.is_ascii() || !s.chars().any(|c| !c.is_ascii() && c.is_uppercase()) {
        return None;
    }
    Some(
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    c
                } else {
                    c.to_lowercase().next().unwrap_or(c)
                }
            })
            .collect(),
    )
}

/// A 64-bit summary of which characters `s` contains, case- and accent-insensitively. If a
/// query's mask has a bit the text's mask lacks, the text cannot match.
pub fn char_mask(s: &str) -> u64 {
    let mut m = 0u64;
    for c in s.chars() {
        m |= char_bit(c);
    }
    m
}

pub fn char_bit(c: char) -> u64 {
    let c = fold_char(c, false).unwrap_or(c);
    let c = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    };
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        ' ' => 0,
        c => 1 << (36 + (c as u32 % 28)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_accents_fold_other_scripts_stay() {
        assert_eq!(
            fold("Múte Bourup Egede").as_deref(),
            Some("Mute Bourup Egede")
        );
        assert_eq!(fold("Tromsø").as_deref(), Some("Tromso"));
        assert_eq!(fold("Łukasz Nørgaard").as_deref(), Some("Lukasz Norgaard"));
        assert_eq!(fold("Sergei Lavrov"), None);
        assert_eq!(fold("Сергей Лавров"), None, "Cyrillic is not folded");
        assert_eq!(fold("Йошкар"), None);
        assert_eq!(fold("中国"), None);
    }

    #[test]
    fn decomposed_input_maps_back_to_the_base_letters() {
        let s = "Mu\u{301}te";
        let (f, map) = fold_with_map(s);
        assert_eq!(f, "Mute");
        assert_eq!(map, [0, 1, 3, 4]);
    }

    #[test]
    fn masks_reject_impossible_matches() {
        let text = char_mask("Sergei Lavrov");
        assert_eq!(char_mask("lav") & !text, 0);
        assert_eq!(char_mask("LAV") & !text, 0);
        assert_ne!(char_mask("lavz") & !text, 0);
        assert_eq!(char_mask("tromso") & !char_mask("Tromsø"), 0);
        assert_eq!(char_mask("лав") & !char_mask("Лавров"), 0);
    }

    #[test]
    fn non_ascii_lowering() {
        assert_eq!(
            lower_non_ascii("Сергей Лавров").as_deref(),
            Some("сергей лавров")
        );
        assert_eq!(lower_non_ascii("Sergei"), None);
        assert_eq!(lower_non_ascii("Zoë Håkansson"), None);
    }
}
