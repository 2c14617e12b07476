//! Neutralising untrusted text before it reaches a terminal, a file or the clipboard.
//!
//! Every string that comes from a knowledge base passes through here on its way out. Control
//! characters (C0, DEL, C1), bidirectional overrides and invisible format characters are replaced by
//! visible placeholders, so an escape sequence hidden in a YAML file is shown, never interpreted.

pub mod fold;
pub mod width;

use std::borrow::Cow;
use std::fmt::Write as _;

/// How many spaces a tab becomes.
pub const TAB_WIDTH: usize = 4;

/// Whether `c` is one that must never be written out as itself.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}')
}

fn push_placeholder(out: &mut String, c: char) {
    match c {
        // C0 controls and DEL have dedicated visible "control pictures" (␛ for ESC).
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'),
        _ => {
            let _ = write!(out, "<U+{:04X}>", c as u32);
        }
    }
}

fn needs_work(s: &str, keep_newlines: bool) -> bool {
    s.chars()
        .any(|c| is_unsafe_char(c) && !(keep_newlines && c == '\n'))
}

/// One-line form: newlines become `␤`, tabs a single space, other unsafe characters placeholders.
pub fn line(s: &str) -> Cow<'_, str> {
    if !needs_work(s, false) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            '\n' => out.push('\u{2424}'),
            c if is_unsafe_char(c) => push_placeholder(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Multi-line form: newlines are kept as layout, tabs become spaces, the rest as [`line`].
pub fn block(s: &str) -> Cow<'_, str> {
    if !needs_work(s, true) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str(&" ".repeat(TAB_WIDTH)),
            c if is_unsafe_char(c) => push_placeholder(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escapes, inside already serialised JSON, the characters that `serde_json` leaves raw but a
/// terminal could act on (C1 controls, bidi overrides). The JSON still decodes to the same data.
pub fn harden_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe_char) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_char(c) && c != '\n' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            line("Sergei Lavrov, Сергей Лавров, 中国"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(block("two\nlines"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        let hostile = "a\u{1b}[31mred\u{1b}]52;c;SGVsbG8=\u{7}\u{9b}2J\u{202e}evil\r";
        let out = line(hostile);
        assert!(!out.chars().any(is_unsafe_char), "{out:?}");
        assert_eq!(out, "a␛[31mred␛]52;c;SGVsbG8=␇<U+009B>2J<U+202E>evil␍");
    }

    #[test]
    fn layout_characters() {
        assert_eq!(line("a\tb\nc"), "a b␤c");
        assert_eq!(block("a\tb\nc\r"), "a    b\nc␍");
    }

    #[test]
    fn json_hardening_keeps_the_data() {
        let json = serde_json::to_string("x\u{202e}y\u{85}z\u{1b}").unwrap();
        let hard = harden_json(&json);
        assert!(!hard.chars().any(is_unsafe_char));
        let back: String = serde_json::from_str(&hard).unwrap();
        assert_eq!(back, "x\u{202e}y\u{85}z\u{1b}");
    }
}
