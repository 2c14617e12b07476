//! Showing a long text around its match: `…staffing levels in Istanbul…` with the highlight
//! positions moved along, so a row never hides why it matched. Pure; widths are terminal cells
//! (wide characters count two). The result is safe to draw: control and invisible characters
//! become the visible placeholders of [`crate::text::line`].

use crate::text;
use unicode_width::UnicodeWidthChar;

const ELLIPSIS: char = '…';

/// One drawn piece: its text, the original character it stands for, its width.
struct Piece {
    text: String,
    from: usize,
    width: usize,
}

fn pieces(s: &str) -> Vec<Piece> {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            let mut buf = [0u8; 4];
            let raw: &str = c.encode_utf8(&mut buf);
            let safe = text::line(raw).into_owned();
            let width = safe.chars().map(|c| c.width().unwrap_or(0)).sum();
            Piece {
                text: safe,
                from: i,
                width,
            }
        })
        .collect()
}

/// `text` cut to `width` cells around `positions` (character indices into `text`, as
/// [`super::Index::highlight`] gives): the first match is kept in view with context on both
/// sides, preferring to start at a word; `…` marks what is cut at either end. Returns the shown
/// string and the character indices in it of the highlighted characters.
pub fn snippet(text: &str, positions: &[usize], width: usize) -> (String, Vec<usize>) {
    let all = pieces(text);
    let total: usize = all.iter().map(|p| p.width).sum();
    let mut marks: Vec<usize> = positions
        .iter()
        .copied()
        .filter(|&p| p < all.len())
        .collect();
    marks.sort_unstable();
    marks.dedup();
    if total <= width {
        return render(&all, 0, all.len(), false, false, &marks);
    }
    if width == 0 {
        return (String::new(), Vec::new());
    }
    let (first, last) = match (marks.first(), marks.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => (0, 0),
    };
    let cells = |a: usize, b: usize| all[a..b].iter().map(|p| p.width).sum::<usize>();
    // Room between two ellipses; the match span first, then context split before and after.
    let room = width.saturating_sub(2);
    let span = cells(first, (last + 1).min(all.len()));
    let before = if span >= room { 0 } else { (room - span) / 2 };
    let mut start = first;
    while start > 0 && cells(start - 1, first) <= before {
        start -= 1;
    }
    // Start at a word when one begins a little later but still before the match.
    if start > 0
        && let Some(k) = (start..first).find(|&k| {
            k > 0 && all[k - 1].text == " " && all[k].text != " " && 2 * (k - start) <= before
        })
    {
        start = k;
    }
    if marks.is_empty() {
        start = 0;
    }
    let lead = start > 0;
    let budget = width - usize::from(lead);
    let mut end = start;
    let mut used = 0;
    while end < all.len() && used + all[end].width <= budget {
        used += all[end].width;
        end += 1;
    }
    if end == all.len() {
        // The match is near the end: spend what is left on context before it.
        while start > 0 && used + all[start - 1].width + usize::from(start > 1) <= width {
            start -= 1;
            used += all[start].width;
        }
        let lead = start > 0;
        return render(&all, start, end, lead, false, &marks);
    }
    // Make room for the closing ellipsis.
    while end > start && used + 1 > budget {
        end -= 1;
        used -= all[end].width;
    }
    if lead && used == 0 {
        // Too narrow for any text between two ellipses.
        return (ELLIPSIS.to_string(), Vec::new());
    }
    render(&all, start, end, lead, true, &marks)
}

fn render(
    all: &[Piece],
    start: usize,
    end: usize,
    lead: bool,
    trail: bool,
    marks: &[usize],
) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut at = 0;
    let mut shown = Vec::new();
    if lead {
        out.push(ELLIPSIS);
        at += 1;
    }
    for p in &all[start..end] {
        let n = p.text.chars().count();
        if marks.binary_search(&p.from).is_ok() {
            shown.extend(at..at + n);
        }
        out.push_str(&p.text);
        at += n;
    }
    if trail {
        out.push(ELLIPSIS);
    }
    (out, shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    const TEXT: &str = "US and Russian diplomats are set to meet on February 27 to discuss \
                        restoring embassy staffing levels in Istanbul next week, the Russian foreign ministry said.";

    fn marked(s: &str, marks: &[usize]) -> String {
        let chars: Vec<char> = s.chars().collect();
        marks.iter().map(|&i| chars[i]).collect()
    }

    #[test]
    fn short_text_is_unchanged() {
        assert_eq!(
            snippet("Lavrov", &[0, 1], 10),
            ("Lavrov".into(), vec![0, 1])
        );
        assert_eq!(snippet("", &[3], 5), (String::new(), vec![]));
    }

    #[test]
    fn a_late_match_is_shown_with_context() {
        let at = TEXT.find("Istanbul").unwrap();
        let pos: Vec<usize> = (at..at + 8).collect();
        let (s, m) = snippet(TEXT, &pos, 30);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(s.width(), 30, "{s}");
        assert_eq!(marked(&s, &m), "Istanbul");
        assert!(s.contains("levels in Istanbul"), "{s}");
    }

    #[test]
    fn an_early_match_cuts_only_the_end() {
        let (s, m) = snippet(TEXT, &[0, 1], 20);
        assert!(!s.starts_with('…') && s.ends_with('…'));
        assert_eq!(s.width(), 20);
        assert_eq!(marked(&s, &m), "US");
        let (s, m) = snippet(TEXT, &[], 12);
        assert_eq!((s.as_str(), m), ("US and Russ…", vec![]));
    }

    #[test]
    fn a_match_at_the_end_cuts_only_the_start() {
        let n = TEXT.chars().count();
        let (s, m) = snippet(TEXT, &[n - 5, n - 4, n - 3, n - 2], 24);
        assert!(s.starts_with('…') && !s.ends_with('…'), "{s}");
        assert_eq!(marked(&s, &m), "said");
        assert!(s.width() <= 24);
    }

    #[test]
    fn wide_characters_and_control_characters() {
        let text = "前言前言前言前言前言 北极能源 合作前言前言前言";
        let at = text.chars().position(|c| c == '能').unwrap();
        let (s, m) = snippet(text, &[at, at + 1], 12);
        assert!(s.width() <= 12, "{s}");
        assert_eq!(marked(&s, &m), "能源");
        let (s, m) = snippet("a\u{1b}[2Jb energy", &[7, 8], 40);
        assert!(!s.contains('\u{1b}'), "{s:?}");
        assert_eq!(marked(&s, &m), "en");
        for w in 0..6 {
            let (s, _) = snippet(TEXT, &[50], w);
            assert!(s.width() <= w, "{w}: {s}");
        }
    }
}
