//! Neutralising untrusted text before it reaches a terminal, a file or the clipboard.
//!
//! Every string that comes from a knowledge base passes through here on its way out. Control
//! characters (C0, DEL, C1), bidirectional overrides and invisible format characters (zero-width
//! space, word joiner, soft hyphen, byte-order mark, tag characters, stray variation selectors and
//! joiners) are replaced by visible placeholders, so an escape sequence or hidden text in a YAML
//! file is shown, never interpreted or hidden. One-line fields ([`line`]) also show newlines as
//! `␤`, so KB text cannot forge a line of output.

pub mod fold;
pub mod width;

use std::borrow::Cow;
use std::fmt::Write as _;

/// How many spaces a tab becomes.
pub const TAB_WIDTH: usize = 4;

/// Whether `c` is one that must never be written out as itself, wherever it stands: C0, DEL and C1
/// controls, line and paragraph separators, and the invisible format characters (Unicode's `Cf`
/// category: zero-width space, word joiner, soft hyphen, bidi marks, overrides and isolates, the
/// byte-order mark, tag characters, interlinear annotation marks and the like), plus the few
/// non-`Cf` characters that draw nothing at all (combining grapheme joiner, Hangul fillers, Khmer
/// inherent vowels). Variation selectors and the zero-width (non-)joiner depend on their
/// neighbours: see [`is_unsafe_at`].
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{ad}'
        | '\u{34f}'
        | '\u{600}'..='\u{605}'
        | '\u{61c}'
        | '\u{6dd}'
        | '\u{70f}'
        | '\u{890}'..='\u{891}'
        | '\u{8e2}'
        | '\u{115f}' | '\u{1160}'
        | '\u{17b4}' | '\u{17b5}'
        | '\u{180e}'
        | '\u{200b}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{3164}'
        | '\u{feff}'
        | '\u{ffa0}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{110bd}' | '\u{110cd}'
        | '\u{13430}'..='\u{1343f}'
        | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e007f}')
}

/// Variation selectors (and Mongolian free variation selectors): invisible, they only choose how
/// the character before them is drawn.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{180b}'..='\u{180d}' | '\u{180f}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}')
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

/// A character that a joiner may stand beside: a visible one outside ASCII (emoji, Arabic,
/// Persian, Indic scripts), or a variation selector already attached to one.
fn joins(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !is_unsafe_char(c) && !is_joiner(c)
}

/// Whether `c` must be replaced, given `prev`, the character before it if that one was written as
/// itself, and `next`, the character after it. A variation selector is kept only straight after
/// a visible character (so `❤️` stays, but a run of selectors hiding data after an emoji, or one
/// at the start of a field, shows); a zero-width joiner or non-joiner only between two visible
/// non-ASCII characters (emoji sequences, Persian and Indic words), never inside ASCII text where
/// it could only split a name invisibly.
pub fn is_unsafe_at(prev: Option<char>, c: char, next: Option<char>) -> bool {
    if is_variation_selector(c) {
        return !prev
            .is_some_and(|p| !p.is_whitespace() && !is_variation_selector(p) && !is_joiner(p));
    }
    if is_joiner(c) {
        return !(prev.is_some_and(joins)
            && next.is_some_and(|n| joins(n) && !is_variation_selector(n)));
    }
    is_unsafe_char(c)
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

/// `s` with every character that [`is_unsafe_at`] (except a newline when `keep_newlines`) passed
/// to `replace`; borrowed when there is none. One pass, linear in `s`.
fn rewrite<'a>(
    s: &'a str,
    keep_newlines: bool,
    replace: impl Fn(&mut String, char),
) -> Cow<'a, str> {
    let mut out: Option<String> = None;
    let mut prev = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let bad = is_unsafe_at(prev, c, next) && !(keep_newlines && c == '\n');
        if bad {
            let o = out.get_or_insert_with(|| {
                let mut o = String::with_capacity(s.len() + 16);
                o.push_str(&s[..i]);
                o
            });
            replace(o, c);
            prev = None;
        } else {
            if let Some(o) = &mut out {
                o.push(c);
            }
            prev = Some(c);
        }
    }
    out.map_or(Cow::Borrowed(s), Cow::Owned)
}

/// One-line form: newlines become `␤`, tabs a single space, other unsafe characters placeholders.
/// Every field meant to be one line goes through this on its way out, so KB text can never start
/// a line of output of its own.
pub fn line(s: &str) -> Cow<'_, str> {
    rewrite(s, false, |out, c| match c {
        '\t' => out.push(' '),
        '\n' => out.push('\u{2424}'),
        c => push_placeholder(out, c),
    })
}

/// [`line`] for each character of `s` in turn, judged in its context (which a character passed
/// alone to [`line`] would lose): `each(index, piece)` gets the character's index among `s`'s
/// characters and what to draw for it. For drawing with per-character styles (highlights).
pub fn line_pieces(s: &str, mut each: impl FnMut(usize, &str)) {
    let mut prev = None;
    let mut chars = s.chars().enumerate().peekable();
    let mut piece = String::new();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        piece.clear();
        if is_unsafe_at(prev, c, next) {
            match c {
                '\t' => piece.push(' '),
                '\n' => piece.push('\u{2424}'),
                c => push_placeholder(&mut piece, c),
            }
            prev = None;
        } else {
            piece.push(c);
            prev = Some(c);
        }
        each(i, &piece);
    }
}

/// Multi-line form: newlines are kept as layout, tabs become spaces, the rest as [`line`].
pub fn block(s: &str) -> Cow<'_, str> {
    rewrite(s, true, |out, c| match c {
        '\t' => out.push_str(&" ".repeat(TAB_WIDTH)),
        c => push_placeholder(out, c),
    })
}

/// Whether `s` can be written out as it is: [`block`] would leave it unchanged.
pub fn is_clean(s: &str) -> bool {
    matches!(block(s), Cow::Borrowed(_))
}

/// Escapes, inside already serialised JSON, the characters that `serde_json` leaves raw but a
/// terminal could act on or that would hide (C1 controls, bidi overrides, invisible format
/// characters). The JSON still decodes to the same data.
pub fn harden_json(json: &str) -> Cow<'_, str> {
    rewrite(json, true, |out, c| {
        for unit in c.encode_utf16(&mut [0; 2]) {
            let _ = write!(out, "\\u{unit:04x}");
        }
    })
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

    #[test]
    fn invisible_characters_become_visible() {
        for (c, shown) in [
            ('\u{200b}', "<U+200B>"),
            ('\u{2060}', "<U+2060>"),
            ('\u{ad}', "<U+00AD>"),
            ('\u{feff}', "<U+FEFF>"),
            ('\u{2066}', "<U+2066>"),
            ('\u{e0041}', "<U+E0041>"),
            ('\u{e0001}', "<U+E0001>"),
            ('\u{180e}', "<U+180E>"),
            ('\u{3164}', "<U+3164>"),
            ('\u{34f}', "<U+034F>"),
            ('\u{1d173}', "<U+1D173>"),
        ] {
            let s = format!("Lav{c}rov");
            assert_eq!(line(&s), format!("Lav{shown}rov"), "{c:?}");
            assert_eq!(block(&s), format!("Lav{shown}rov"), "{c:?}");
            assert!(!is_clean(&s));
        }
        // A hidden message in tag characters shows in full.
        let tagged: String = "hi"
            .chars()
            .map(|c| char::from_u32(0xe0000 + c as u32).unwrap())
            .collect();
        assert_eq!(line(&format!("ok{tagged}")), "ok<U+E0068><U+E0069>");
    }

    #[test]
    fn variation_selectors_and_joiners_stay_where_they_draw_something() {
        // Emoji presentation, an emoji ZWJ sequence, a keycap, Persian with a ZWNJ.
        for s in [
            "❤\u{fe0f}",
            "👨\u{200d}👩\u{200d}👧",
            "❤\u{fe0f}\u{200d}🔥",
            "#\u{fe0f}\u{20e3}",
            "می\u{200c}خواهم",
        ] {
            assert!(matches!(line(s), Cow::Borrowed(_)), "{s:?}");
            assert!(is_clean(s));
        }
        // Alone, at the start, in a run, or splitting ASCII text, they hide: shown.
        assert_eq!(line("\u{fe0f}x"), "<U+FE0F>x");
        assert_eq!(line("a \u{fe0f}"), "a <U+FE0F>");
        assert_eq!(
            line("😀\u{e0100}\u{e0101}\u{e0102}"),
            "😀\u{e0100}<U+E0101><U+E0102>"
        );
        assert_eq!(line("Lav\u{200d}rov"), "Lav<U+200D>rov");
        assert_eq!(line("\u{200c}ab"), "<U+200C>ab");
        assert_eq!(line("中\u{200d}"), "中<U+200D>");
        assert_eq!(line("中\u{200d}\u{200d}文"), "中<U+200D><U+200D>文");
    }

    #[test]
    fn pieces_judge_each_character_in_its_context() {
        let s = "a\u{1b}❤\u{fe0f}\u{200b}\n";
        let mut pieces = Vec::new();
        line_pieces(s, |i, p| pieces.push((i, p.to_string())));
        let joined: String = pieces.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(joined, line(s));
        assert_eq!(pieces[3], (3, "\u{fe0f}".to_string()));
        assert_eq!(pieces.len(), s.chars().count());
    }

    #[test]
    fn one_line_fields_cannot_forge_a_line() {
        let forged = "line1\nerror: fake diagnostic\r\u{2028}x\u{85}y";
        let out = line(forged);
        assert!(!out.contains(['\n', '\r', '\u{2028}', '\u{85}']), "{out:?}");
        assert_eq!(out, "line1␤error: fake diagnostic␍<U+2028>x<U+0085>y");
    }

    #[test]
    fn json_hardening_escapes_invisible_and_astral_characters_as_json() {
        let data = "a\u{200b}b\u{e0041}c\u{feff}❤\u{fe0f}";
        let json = serde_json::to_string(data).unwrap();
        let hard = harden_json(&json);
        assert!(
            hard.contains("\\u200b") && hard.contains("\\udb40\\udc41"),
            "{hard}"
        );
        assert!(is_clean(&hard));
        let back: String = serde_json::from_str(&hard).unwrap();
        assert_eq!(back, data);
    }
}
