//! The help overlay: the rows [`crate::app::help`] builds from the keymap, wrapped, scrolled, and
//! narrowed by the help's own filter (shown on the bottom border while typed).

use super::theme::Theme;
use super::{fit, prompt};
use crate::app::help::{self, KEY_WIDTH, Row};
use crate::app::keymap::Keymap;
use crate::app::{HelpState, layout};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

pub fn draw(frame: &mut Frame, state: &HelpState, keymap: &Keymap, theme: &Theme, area: Rect) {
    let rect = layout::help_rect(area.width, area.height);
    frame.render_widget(Clear, rect);
    let title = " Keys · ↑↓ PgUp PgDn g G scroll · / filter · Esc or ? closes ";
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.accent)
        .title(fit(title, rect.width.saturating_sub(4) as usize))
        .title_alignment(Alignment::Center);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if state.typing || !state.filter.text().is_empty() {
        let line = Rect::new(
            rect.x + 1,
            rect.y + rect.height.saturating_sub(1),
            rect.width.saturating_sub(2),
            1,
        );
        prompt::draw(frame, theme, "/", &state.filter, false, false, line);
    }
    let rows = help::rows(keymap, inner.width as usize, state.filter.text());
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(state.scroll)
        .take(inner.height as usize)
        .map(|row| match row {
            Row::Title(t) => Line::styled(t, theme.bold.add_modifier(Modifier::UNDERLINED)),
            Row::Entry(keys, text) => Line::from(vec![
                Span::styled(
                    format!("{keys:<KEY_WIDTH$}"),
                    theme.accent.add_modifier(Modifier::BOLD),
                ),
                Span::raw(text),
            ]),
            Row::Blank => Line::raw(""),
            Row::Note(t) => Line::styled(t, theme.dim),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
