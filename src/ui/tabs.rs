//! The tab line of the single-pane arrangement: every pane of the view, the focused one marked.

use super::theme::Theme;
use crate::app::App;
use crate::text::width::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let panes = app.panes();
    let slot = (area.width as usize / panes.len()).max(1);
    let spans: Vec<Span> = panes
        .iter()
        .map(|p| {
            let label = fit(p.name(), slot.saturating_sub(1));
            let text = format!("{label:<slot$}");
            let style = if *p == app.focus {
                theme.tab
            } else {
                theme.dim
            };
            Span::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
