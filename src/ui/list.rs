//! A list pane: its title (what it is linked to, where the cursor is when it overflows, the
//! filter's count), its visible rows, and the filter's query line on its bottom border.

use super::cells;
use super::rows::{result_row, timeline_row};
use super::theme::Theme;
use super::{fit, note, pane_block, prompt, safe};
use crate::app::columns;
use crate::app::{App, FilterState, FilterTarget, ListPane, Mode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The pane's title: ` Claims · Sergei Lavrov 3/12 `.
fn title(app: &App, pane: ListPane, rows: usize, width: u16) -> String {
    let view = app.list(pane);
    let n = view.items.len();
    let max = width.saturating_sub(4) as usize;
    let count = if n > rows {
        format!("{}/{n}", view.selected + 1)
    } else {
        format!("({n})")
    };
    let t = match (&app.mode, view.linked, view.anchor) {
        (Mode::Filter(f), _, _) if f.target == FilterTarget::List(pane) => {
            let total = f.search.results.as_ref().map_or(n, |r| r.total);
            format!(" {} · filter {}/{total} ", pane.name(), n)
        }
        (_, true, Some(anchor)) => format!(
            " {} · {} {count} ",
            pane.name(),
            safe(app.kb.title_of(anchor))
        ),
        (_, true, None) => format!(" {} · nothing selected {count} ", pane.name()),
        _ => format!(" {} {count} ", pane.name()),
    };
    let mut t = t;
    if view.sort != crate::kb::SortBy::Written {
        t = format!("{}· by {} ", t, view.sort.as_str());
    }
    if view.wrap {
        t = format!("{}· wrap ", t);
    }
    fit(&t, max)
}

/// What the pane says instead of rows, if it has none to show.
fn empty_note(app: &App, pane: ListPane, filter: Option<&FilterState>) -> Option<String> {
    let view = app.list(pane);
    if let Some(e) = filter.and_then(|f| f.search.error.as_ref()) {
        return Some(safe(&e.to_string()));
    }
    if let Some(r) = filter
        .and_then(|f| f.search.results.as_ref())
        .filter(|r| r.hits.is_empty())
    {
        let q = safe(&r.query.text);
        return Some(format!("no match for “{q}”; Esc puts the list back"));
    }
    if !view.items.is_empty() {
        return None;
    }
    Some(match (view.linked, view.anchor) {
        (true, Some(a)) => format!(
            "nothing linked to {}; `a` shows all",
            safe(app.kb.title_of(a))
        ),
        (true, None) => "nothing selected".to_string(),
        _ => "empty".to_string(),
    })
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, pane: ListPane, area: Rect) {
    let inner_rows = area.height.saturating_sub(2) as usize;
    let block = pane_block(
        app,
        theme,
        pane.into(),
        title(app, pane, inner_rows, area.width),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let filter = match &app.mode {
        Mode::Filter(f) if f.target == FilterTarget::List(pane) => Some(f),
        _ => None,
    };
    if let Some(f) = filter {
        prompt::on_border(frame, theme, "/", &f.search, area);
    }
    if let Some(msg) = empty_note(app, pane, filter) {
        note(frame, theme, &msg, inner);
        return;
    }
    let lines = visible_lines(app, theme, pane, filter, inner);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The lines the pane shows: the header, then rows from the first visible one until the pane is
/// full (a wrapped row takes several lines), the selection highlighted.
fn visible_lines(
    app: &App,
    theme: &Theme,
    pane: ListPane,
    filter: Option<&FilterState>,
    inner: Rect,
) -> Vec<Line<'static>> {
    let view = app.list(pane);
    // A one-column gutter marks the rows marked for a briefing.
    let width = (inner.width as usize).saturating_sub(columns::MARK_GUTTER);
    let results = filter.and_then(|f| f.search.results.as_ref());
    let active = app.is_active(pane);
    let mut lines: Vec<Line> = Vec::new();
    if columns::header_rows(pane, inner.height as usize) > 0 {
        lines.push(match results {
            Some(_) => Line::styled(
                format!(" {}", fit("best matches first", width)),
                theme.header,
            ),
            None => gutter(cells::header(pane, theme, width, view.wrap), " ", theme),
        });
    }
    // Only the rows that fit are built; a wrapped row takes several lines.
    let height = inner.height as usize;
    for (i, e) in view.items.iter().enumerate().skip(view.offset) {
        if lines.len() >= height {
            break;
        }
        let rows = match results {
            Some(r) => vec![Line::from(result_row(
                &app.kb,
                theme,
                &r.query,
                r.hits.get(i),
                *e,
                width,
            ))],
            None if pane == ListPane::Timeline => {
                let previous = i
                    .checked_sub(1)
                    .filter(|p| *p >= view.offset)
                    .map(|p| view.items[p]);
                vec![Line::from(timeline_row(
                    &app.kb, theme, *e, previous, width,
                ))]
            }
            None => cells::lines(&app.kb, theme, pane, *e, width, view.wrap),
        };
        let style = match (i == view.selected, active) {
            (true, true) => Some(theme.selected),
            (true, false) => Some(theme.selected_unfocused),
            _ => None,
        };
        let marked = app.is_marked(*e);
        lines.extend(rows.into_iter().enumerate().map(|(n, l)| {
            let mark = if marked && n == 0 { "●" } else { " " };
            let l = gutter(l, mark, theme);
            match style {
                Some(s) => l.style(s),
                None => l,
            }
        }));
    }
    lines.truncate(height);
    lines
}

/// `line` after the mark gutter holding `mark`.
fn gutter(line: Line<'static>, mark: &'static str, theme: &Theme) -> Line<'static> {
    let style = line.style;
    let mut spans = vec![ratatui::text::Span::styled(mark, theme.warn)];
    spans.extend(line.spans);
    Line::from(spans).style(style)
}
