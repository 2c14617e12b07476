//! The status bar: the message or the keymap's hints at the left, help and quit at the right
//! (the words come from [`crate::app::status`]).

use super::theme::Theme;
use crate::app::{App, status};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let width = area.width as usize;
    let s = status::line(app, width);
    let right = if s.right.width() < width {
        s.right
    } else {
        String::new()
    };
    let pad = width.saturating_sub(s.left.width() + right.width());
    let line = Line::from(vec![
        Span::raw(s.left),
        Span::raw(" ".repeat(pad)),
        Span::styled(
            right,
            theme.status.add_modifier(ratatui::style::Modifier::BOLD),
        ),
    ])
    .style(theme.status);
    frame.render_widget(Paragraph::new(line), area);
}
