//! Drawing: a pure function of the app state into a ratatui `Frame`, one widget per file. Every
//! string from the KB is neutralised here (see [`crate::text`]) and fitted by display width; only
//! visible rows are built. Geometry comes from [`crate::app::layout`], so clicks land on what is
//! drawn.

mod board;
mod cells;
mod detail;
mod graph;
mod help;
mod list;
pub mod loading;
mod palette;
mod prompt;
pub mod rows;
mod status;
mod tabs;
pub mod theme;

use crate::app::layout::{self, Arrangement};
use crate::app::{App, Mode, Pane};
use crate::text::{self, width::wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use theme::Theme;

pub use crate::text::width::{fit, fit_name_in, wrap as wrap_text};

/// One line of KB text, neutralised for the terminal.
fn safe(s: &str) -> String {
    text::line(s).into_owned()
}

/// Draws the whole screen for `app` in the dark theme (or without colour, per `app.no_color`).
pub fn draw(frame: &mut Frame, app: &App) {
    draw_with(frame, app, &Theme::new(app.no_color));
}

/// Draws the whole screen for `app` in `theme` (the config file's, or the colourless one).
pub fn draw_with(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let screen = app.screen_at(area.width, area.height);
    if screen.arrangement == Arrangement::TooSmall {
        let msg = format!(
            "terminal too small ({}x{}); need {}x{}",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        let lines: Vec<Line> = wrap(&msg, area.width as usize)
            .into_iter()
            .map(Line::raw)
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    if let Some(banner) = &app.banner {
        let line = Rect::new(area.x, area.y, area.width, 1);
        let text = fit(
            &format!(" ⚠ KB has problems: {}", safe(banner)),
            area.width as usize,
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.banner)), line);
    }
    if let Mode::Graph(g) = &app.mode {
        graph::draw(frame, app, g, theme, area);
        return;
    }
    if let Some(tabs) = screen.tabs {
        tabs::draw(frame, app, theme, tabs);
    }
    for (pane, rect) in &screen.panes {
        match pane.list() {
            None if *pane == Pane::Board => board::draw(frame, app, theme, *rect),
            None => detail::draw(frame, app, theme, *rect),
            Some(p) => list::draw(frame, app, theme, p, *rect),
        }
    }
    status::draw(frame, app, theme, screen.status);
    match &app.mode {
        Mode::Palette(p) => palette::draw(frame, app, p, theme, area),
        Mode::Help(h) => help::draw(frame, h, &app.keymap, theme, area),
        _ => {}
    }
}

/// The block around a pane: thick and bright when focused (shape, not colour alone).
fn pane_block(
    app: &App,
    theme: &Theme,
    pane: Pane,
    title: String,
) -> ratatui::widgets::Block<'static> {
    use ratatui::widgets::{Block, BorderType, Borders};
    let focused = app.focus == pane;
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused { theme.accent } else { theme.dim })
        .title(Span::styled(
            title,
            if focused {
                theme.accent.add_modifier(ratatui::style::Modifier::BOLD)
            } else {
                ratatui::style::Style::new()
            },
        ))
}

/// A dim note in place of rows, wrapped so it is never cut off.
fn note(frame: &mut Frame, theme: &Theme, text: &str, area: Rect) {
    let lines: Vec<Line> = wrap(text, area.width as usize)
        .into_iter()
        .map(|l| Line::styled(l, theme.dim))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
