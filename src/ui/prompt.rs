//! A search line: the sigil, the query with its cursor kept in view, and a pending mark while the
//! answer is awaited. (A broken query's reason is drawn in full where results would be.)

use super::safe;
use super::theme::Theme;
use crate::app::LineEdit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The last characters of `s` that fit in `room` columns.
fn tail(s: &str, room: usize) -> String {
    let mut used = 0;
    let mut v: Vec<char> = Vec::new();
    for c in s.chars().rev() {
        used += c.width().unwrap_or(0);
        if used > room {
            break;
        }
        v.push(c);
    }
    v.into_iter().rev().collect()
}

pub fn draw(
    frame: &mut Frame,
    theme: &Theme,
    sigil: &str,
    line: &LineEdit,
    pending: bool,
    broken: bool,
    area: Rect,
) {
    let width = area.width as usize;
    let (before, after) = line.split();
    let (before, after) = (safe(before), safe(after));
    let status = if broken {
        " ✗"
    } else if pending {
        " …"
    } else {
        ""
    };
    let room = width.saturating_sub(sigil.width() + 2 + status.width());
    // Keep the cursor in view: the end of what is before it, then as much after it as fits.
    let head = tail(&before, room.saturating_sub(1));
    let rest = super::fit(&after, room.saturating_sub(head.width() + 1));
    let spans = vec![
        Span::styled(
            format!("{sigil} "),
            theme.accent.add_modifier(Modifier::BOLD),
        ),
        Span::styled(head, theme.bold),
        Span::styled("▏", theme.accent),
        Span::styled(rest, theme.bold),
        Span::styled(status, if broken { theme.warn } else { theme.dim }),
    ];
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A search box's query line drawn on the bottom border of the pane in `area`.
pub fn on_border(
    frame: &mut Frame,
    theme: &Theme,
    sigil: &str,
    search: &crate::app::SearchBox,
    area: Rect,
) {
    let line = Rect::new(
        area.x + 1,
        area.y + area.height.saturating_sub(1),
        area.width.saturating_sub(2),
        1,
    );
    draw(
        frame,
        theme,
        sigil,
        &search.line,
        search.is_pending(),
        search.error.is_some(),
        line,
    );
}
