//! The help overlay's content, built from the keymap table (so help and dispatch agree), wrapped
//! to a width and narrowed by the help's own filter (`/` in help): a pure model that drawing styles
//! and `update` uses to bound scrolling.

use super::keymap;
use crate::text::width::wrap;

/// Columns the key names take.
pub const KEY_WIDTH: usize = 20;

/// One row of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Title(String),
    /// Keys (on the first row of an entry) and a row of what they do.
    Entry(String, String),
    Blank,
    Note(String),
}

/// The notes after the keys: the mouse, the legend, the search language.
const NOTES: &[&str] = &[
    "Mouse: a click selects the row under it (in Detail, the link; in the palette, the result); \
     a click on the selected row, or a double-click, opens it; the wheel moves one row per notch \
     in the pane under the pointer. Start with --no-mouse to let the terminal select text.",
    "Marks: ! before a claim means it is contested (disputed, denied, retracted or contradicted); \
     grades are Admiralty codes, A1 best, F6 worst; ~ before a date in a list or the timeline, and \
     (inferred) in Detail, mark a date the source implies rather than states.",
];

/// The help's rows at `width` columns, keeping only entries whose keys or words contain `filter`
/// (case-insensitive).
pub fn rows(keymap: &keymap::Keymap, width: usize, filter: &str) -> Vec<Row> {
    let needle = filter.trim().to_lowercase();
    let keep = |keys: &str, text: &str| {
        needle.is_empty()
            || keys.to_lowercase().contains(&needle)
            || text.to_lowercase().contains(&needle)
    };
    let mut rows = Vec::new();
    let text_width = width.saturating_sub(KEY_WIDTH).max(10);
    for (title, entries) in keymap.help_sections() {
        let entries: Vec<_> = entries.into_iter().filter(|(k, h)| keep(k, h)).collect();
        if entries.is_empty() {
            continue;
        }
        if !rows.is_empty() {
            rows.push(Row::Blank);
        }
        rows.extend(wrap(title, width).into_iter().map(Row::Title));
        for (keys, help) in entries {
            for (i, piece) in wrap(help, text_width).into_iter().enumerate() {
                let k = if i == 0 { keys.clone() } else { String::new() };
                rows.push(Row::Entry(k, piece));
            }
        }
    }
    let syntax: Vec<_> = crate::search::SYNTAX
        .iter()
        .filter(|(k, h)| keep(k, h))
        .collect();
    if !syntax.is_empty() {
        if !rows.is_empty() {
            rows.push(Row::Blank);
        }
        let title = "The search language (/, : and Ctrl-P; also `arctic-brief search`)";
        rows.extend(wrap(title, width).into_iter().map(Row::Title));
        for (example, help) in syntax {
            for (i, piece) in wrap(help, text_width).into_iter().enumerate() {
                let k = if i == 0 {
                    crate::text::width::fit(example, KEY_WIDTH - 1)
                } else {
                    String::new()
                };
                rows.push(Row::Entry(k, piece));
            }
        }
    }
    if rows.is_empty() {
        rows.push(Row::Note(format!("no key matches “{}”", filter.trim())));
    }
    for note in NOTES.iter().filter(|n| keep("", n)) {
        rows.push(Row::Blank);
        rows.extend(wrap(note, width).into_iter().map(Row::Note));
    }
    rows
}

/// The furthest the help scrolls at this size.
pub fn max_scroll(keymap: &keymap::Keymap, width: u16, height: u16, filter: &str) -> usize {
    let rect = super::layout::help_rect(width, height);
    let inner_w = rect.width.saturating_sub(2) as usize;
    let inner_h = rect.height.saturating_sub(2) as usize;
    rows(keymap, inner_w, filter).len().saturating_sub(inner_h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn help_wraps_instead_of_cutting() {
        let km = keymap::Keymap::default();
        for width in [30, 50, 76] {
            for row in rows(&km, width, "") {
                match row {
                    Row::Entry(k, t) => {
                        assert!(k.width() <= KEY_WIDTH && t.width() <= width - KEY_WIDTH)
                    }
                    Row::Title(t) | Row::Note(t) => assert!(t.width() <= width, "{t}"),
                    Row::Blank => {}
                }
            }
        }
        let all: String = rows(&km, 30, "")
            .iter()
            .filter_map(|r| match r {
                Row::Entry(_, t) => Some(t.clone() + " "),
                _ => None,
            })
            .collect();
        assert!(all.contains("the timeline stays"), "long help is all there");
    }

    #[test]
    fn the_filter_keeps_matching_keys() {
        let km = keymap::Keymap::default();
        let rows = rows(&km, 76, "timeline");
        assert!(
            rows.iter()
                .any(|r| matches!(r, Row::Entry(k, _) if k == "t"))
        );
        assert!(
            !rows
                .iter()
                .any(|r| matches!(r, Row::Entry(k, _) if k == "y"))
        );
        let none = super::rows(&km, 76, "zzzz");
        assert!(matches!(none[0], Row::Note(_)));
    }
}
