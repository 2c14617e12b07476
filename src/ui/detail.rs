//! Detail: the rows [`crate::app::detail`] builds, styled by role; the selected link marked when
//! Detail has the focus; a filter's query line on the bottom border while its links are filtered.

use super::theme::Theme;
use super::{fit, pane_block, prompt};
use crate::app::detail::{self, LABEL_WIDTH, Row};
use crate::app::{App, FilterTarget, Mode, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn styled(row: Row, app: &App, theme: &Theme) -> Line<'static> {
    match row {
        Row::Heading(t) => Line::styled(t, theme.bold),
        Row::Subheading(t) | Row::Note(t) => Line::styled(t, theme.dim),
        Row::Blank => Line::raw(""),
        Row::Field(label, value) => {
            let label = format!("{:<LABEL_WIDTH$} ", label.unwrap_or(""));
            Line::from(vec![Span::styled(label, theme.dim), Span::raw(value)])
        }
        Row::Group(label, count) => Line::styled(
            format!("{label} ({count})"),
            theme.accent.add_modifier(Modifier::BOLD),
        ),
        Row::Link(i, text) => {
            let selected = i == app.link && app.focus == Pane::Detail;
            let marker = if selected { "▶ " } else { "  " };
            let style = if selected {
                theme.selected
            } else {
                Style::new()
            };
            Line::from(vec![Span::raw(marker), Span::raw(text)]).style(style)
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let shown = app.detail_target().map(|e| e.kind().as_str()).unwrap_or("");
    // The block's inner area does not depend on its title: the rows (and the link count the
    // title needs) are built once, before the block.
    let inner = pane_block(app, theme, Pane::Detail, String::new()).inner(area);
    let height = inner.height as usize;
    let (rows, n) = detail::rows_and_links(app, inner.width as usize, height);
    let links = if n > 0 {
        format!(" · link {}/{n}", (app.link + 1).min(n))
    } else {
        String::new()
    };
    let title = fit(
        &format!(" Detail · {shown}{links} "),
        area.width.saturating_sub(4) as usize,
    );
    let block = pane_block(app, theme, Pane::Detail, title);
    frame.render_widget(block, area);
    if let Mode::Filter(f) = &app.mode
        && f.target == FilterTarget::Links
    {
        prompt::on_border(frame, theme, "/ links:", &f.search, area);
    }
    let top = detail::scroll(&rows, app.link, app.focus == Pane::Detail, height);
    let visible: Vec<Line> = rows
        .into_iter()
        .skip(top)
        .take(height)
        .map(|r| styled(r, app, theme))
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
