//! Fitting text to terminal columns: cutting with an ellipsis and word-wrapping, by display width
//! (wide characters take two columns). Used on text that is already neutralised.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` cut to `width` display columns, with an ellipsis when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `head`, `name` and `tail` in `width` columns, `name` cut first: a title whose counts and
/// filter (in `head` and `tail`) matter more than the whole of a long name. `name` keeps a few
/// columns even when the rest is wider; then the whole is cut at the end.
pub fn fit_name_in(head: &str, name: &str, tail: &str, width: usize) -> String {
    let room = width.saturating_sub(head.width() + tail.width()).max(6);
    fit(&format!("{head}{}{tail}", fit(name, room)), width)
}

/// Word-wraps `s` (one line of text) to `width` columns; a word longer than a line is split.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ') {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w > width {
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
            continue;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_display_width() {
        assert_eq!(fit("Sergei Lavrov", 20), "Sergei Lavrov");
        assert_eq!(fit("Sergei Lavrov", 8), "Sergei …");
        assert_eq!(fit("中国中国中国", 7), "中国中…");
        assert!(fit("中国中国中国", 7).width() <= 7);
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wrap_respects_width() {
        let lines = wrap("the quick brown fox jumps over the lazy dog", 10);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "the quick brown fox jumps over the lazy dog"
        );
        assert_eq!(wrap(&"x".repeat(25), 10).len(), 3);
        assert!(wrap("中国中国中国", 3).iter().all(|l| l.width() <= 3));
    }
}
