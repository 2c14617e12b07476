//! Diagnostics: what is wrong with a KB, where (`path:line:col`), shown rustc-style with the
//! offending line, a caret under the spot and a suggestion where one exists.

use crate::text;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// A position in a KB file as shown to the user: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One problem with a KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, naming the entity where known.
    pub message: String,
    pub location: Option<Location>,
    /// The id of the entity the problem is in, where known.
    pub entity: Option<String>,
    /// The offending source line, verbatim; of a long line, only the part around the spot.
    pub source_line: Option<String>,
    /// The character column of the line where `source_line` starts (0 unless it was cut).
    pub source_start: usize,
    /// How many characters the caret underlines (at least 1).
    pub span: usize,
    /// Short text after the carets ("did you mean `held`?").
    pub label: Option<String>,
    pub help: Option<String>,
    /// Related places ("first defined here").
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            location: None,
            entity: None,
            source_line: None,
            source_start: 0,
            span: 1,
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// The rustc-style rendering, with every piece of KB text neutralised for the terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "error: {}", text::line(&self.message));
        let Some(loc) = &self.location else {
            for h in self.help.iter() {
                let _ = writeln!(out, "  = help: {}", text::line(h));
            }
            for n in &self.notes {
                let _ = writeln!(out, "  = note: {}", text::line(n));
            }
            return out;
        };
        let num = loc.line.to_string();
        let pad = " ".repeat(num.len());
        let _ = writeln!(out, "{pad}--> {}", text::line(&loc.to_string()));
        if let Some(src) = &self.source_line {
            let _ = writeln!(out, "{pad} |");
            let col = loc.col.saturating_sub(1).saturating_sub(self.source_start);
            let (shown, caret_at, carets) = window(src, col, self.span.max(1), self.source_start);
            let _ = writeln!(out, "{num} | {}", shown.trim_end());
            let _ = write!(
                out,
                "{pad} | {}{}",
                " ".repeat(caret_at),
                "^".repeat(carets)
            );
            if let Some(label) = &self.label {
                let _ = write!(out, " {}", text::line(label));
            }
            out.push('\n');
        } else if let Some(label) = &self.label {
            let _ = writeln!(out, "{pad} = {}", text::line(label));
        }
        if let Some(h) = &self.help {
            let _ = writeln!(out, "{pad} = help: {}", text::line(h));
        }
        for n in &self.notes {
            let _ = writeln!(out, "{pad} = note: {}", text::line(n));
        }
        out
    }
}

/// The widest source line shown; longer ones are cut to a window around the spot.
const MAX_SHOWN: usize = 100;

/// The sanitised source line to show (cut to a window around the spot when long), the display
/// column of the caret and how many carets: measured on the line as it displays.
/// `cut` is where `src` starts in its line: a line already cut shows `…` where it was cut.
fn window(src: &str, col: usize, span: usize, cut: usize) -> (String, usize, usize) {
    let chars: Vec<char> = src.chars().collect();
    let col = col.min(chars.len());
    let span = span.min(MAX_SHOWN / 2);
    let (start, end) = if chars.len() <= MAX_SHOWN {
        (0, chars.len())
    } else {
        let start = col.saturating_sub(MAX_SHOWN / 3);
        (start, (start + MAX_SHOWN).min(chars.len()))
    };
    let piece = |a: usize, b: usize| -> String { chars[a.min(b)..b].iter().collect() };
    let lead = if start > 0 || cut > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let before = format!("{lead}{}", text::line(&piece(start, col)));
    let spot = text::line(&piece(col, (col + span).min(end))).into_owned();
    let shown = format!(
        "{before}{spot}{}{tail}",
        text::line(&piece((col + span).min(end), end))
    );
    (shown, before.width(), spot.width().max(1))
}

/// The closest of `candidates` to `word`, if close enough to be what was meant.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let len_gap = c.chars().count().abs_diff(word.chars().count());
        if len_gap > limit && !c.eq_ignore_ascii_case(word) {
            continue;
        }
        // Optimal string alignment: a swapped pair (`knid` for `kind`) is one edit, as typists make it.
        let d = strsim::osa_distance(&lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The caret span of the scalar starting at character `col` (0-based) of `line`: a quoted
/// string to its closing quote, a plain one to the end of its token.
#[cfg(test)]
fn token_span(line: &str, col: usize) -> usize {
    let in_flow = line.chars().take(col).any(|c| c == '[' || c == '{');
    token_span_in(line, col, in_flow)
}

/// [`token_span`] where the caller knows whether the spot is inside `[...]` or `{...}` (the
/// line it has may be cut before the bracket).
pub(crate) fn token_span_in(line: &str, col: usize, in_flow: bool) -> usize {
    let chars: Vec<char> = line.chars().skip(col).take(MAX_SHOWN).collect();
    let Some(&first) = chars.first() else {
        return 1;
    };
    if first == '"' || first == '\'' {
        let mut i = 1;
        while i < chars.len() {
            if first == '"' && chars[i] == '\\' {
                i += 2;
                continue;
            }
            if chars[i] == first {
                if first == '\'' && chars.get(i + 1) == Some(&'\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i += 1;
        }
        return chars.len().max(1);
    }
    let mut end = 0;
    for (i, &c) in chars.iter().enumerate() {
        if in_flow && matches!(c, ',' | ']' | '}') {
            break;
        }
        if c == '#' && i > 0 && chars[i - 1] == ' ' {
            break;
        }
        if c == ':' && chars.get(i + 1).is_none_or(|n| *n == ' ') {
            break;
        }
        end = i + 1;
    }
    let token: String = chars[..end].iter().collect();
    token.trim_end().chars().count().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let fields = ["participants", "place", "title"];
        assert_eq!(did_you_mean("particpants", fields), Some("participants"));
        assert_eq!(did_you_mean("Title", fields), Some("title"));
        assert_eq!(did_you_mean("zzz", fields), None);
        assert_eq!(did_you_mean("helt", ["held", "ongoing"]), Some("held"));
        assert_eq!(did_you_mean("knid", ["id", "kind", "name"]), Some("kind"));
    }

    #[test]
    fn spans() {
        assert_eq!(token_span("    particpants: [a]", 4), 11);
        assert_eq!(token_span("  status: helt # note", 10), 4);
        assert_eq!(token_span("  by: \"x y\" ", 6), 5);
        assert_eq!(token_span("  tags: [a, bad, c]", 12), 3);
        assert_eq!(token_span("", 3), 1);
    }

    #[test]
    fn renders_with_a_caret_under_the_spot_and_no_raw_controls() {
        let mut d = Diagnostic::new("unknown field `particpants` in meeting `istanbul`");
        d.location = Some(Location {
            file: "data/meetings.yaml".into(),
            line: 12,
            col: 5,
        });
        d.source_line = Some("    particpants: [united-states]".into());
        d.span = 11;
        d.label = Some("did you mean `participants`?".into());
        let r = d.render();
        assert_eq!(
            r,
            "error: unknown field `particpants` in meeting `istanbul`\n  \
             --> data/meetings.yaml:12:5\n   |\n12 |     particpants: [united-states]\n   |     \
             ^^^^^^^^^^^ did you mean `participants`?\n"
        );
        let mut h = Diagnostic::new("bad \u{1b}[2J");
        h.location = Some(Location {
            file: "x\u{1b}.yaml".into(),
            line: 1,
            col: 3,
        });
        h.source_line = Some("a\u{1b}b: c".into());
        let r = h.render();
        assert!(
            !r.chars()
                .any(|c| c != '\n' && crate::text::is_unsafe_char(c)),
            "{r:?}"
        );
        // The caret stays under `b` even though ESC renders as a placeholder.
        assert!(r.contains("1 | a␛b: c\n  |   ^"), "{r}");
    }
}
