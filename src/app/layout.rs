//! Screen geometry: which panes are shown where at a given terminal size, and where the popups
//! go. Shared by drawing (`ui`) and by mouse hit-testing in `update`, so a click lands on what was
//! drawn; it lives in `app` so that `ui` depends on `app` and never the other way round.

use super::panes::{Pane, View};
use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the app shows a "terminal too small" notice.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrangement {
    TooSmall,
    /// One pane at a time, with a tab line naming them all.
    Single,
    /// Lists stacked on the left, Detail on the right.
    TwoColumns,
    /// Actors and Sources, Meetings and Claims, Detail.
    ThreeColumns,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub arrangement: Arrangement,
    pub panes: Vec<(Pane, Rect)>,
    /// The tab line in single-pane mode.
    pub tabs: Option<Rect>,
    pub status: Rect,
}

impl Screen {
    pub fn rect(&self, pane: Pane) -> Option<Rect> {
        self.panes.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r)
    }
    /// The pane under the cell `(x, y)`.
    pub fn pane_at(&self, x: u16, y: u16) -> Option<(Pane, Rect)> {
        self.panes
            .iter()
            .find(|(_, r)| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)
            .copied()
    }
}

/// Where the palette popup goes: centred, most of the screen.
pub fn popup_rect(width: u16, height: u16) -> Rect {
    let w = (width.saturating_mul(4) / 5).max(width.min(40)).min(width);
    let h = (height.saturating_mul(7) / 10)
        .max(height.min(8))
        .min(height.saturating_sub(1));
    Rect::new((width - w) / 2, (height.saturating_sub(1) - h) / 2, w, h)
}

/// Where the help overlay goes: centred, at most 76 columns wide, the full height less a row above
/// and below.
pub fn help_rect(width: u16, height: u16) -> Rect {
    let w = width.saturating_sub(4).min(76);
    let h = height.saturating_sub(2);
    Rect::new((width - w) / 2, (height - h) / 2, w, h)
}

/// Lays out a `width` x `height` terminal with `focus` as the focused pane.
pub fn screen(width: u16, height: u16, focus: Pane) -> Screen {
    screen_below(width, height, focus, 0, View::Lists)
}

/// As [`screen`], with the top `top` rows kept for a banner, for the normal or the timeline view.
pub fn screen_below(width: u16, height: u16, focus: Pane, top: u16, view: View) -> Screen {
    let top = if height >= MIN_HEIGHT + top { top } else { 0 };
    let area = Rect::new(0, top, width, height - top);
    let height = area.height;
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Screen {
            arrangement: Arrangement::TooSmall,
            panes: Vec::new(),
            tabs: None,
            status: area,
        };
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if width < 80 || height < 20 {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        return Screen {
            arrangement: Arrangement::Single,
            panes: vec![(focus, pane)],
            tabs: Some(tabs),
            status,
        };
    }
    if view == View::Timeline {
        return timeline_screen(body, status, width);
    }
    if view == View::Board {
        return board_screen(body, status, width);
    }
    if width >= 150 {
        return three_columns(body, status);
    }
    two_columns(body, status)
}

/// The timeline view: Actors over the Timeline at the left, Detail at the right.
fn timeline_screen(body: Rect, status: Rect, width: u16) -> Screen {
    let [left, right] = if width >= 150 {
        Layout::horizontal([Constraint::Percentage(65), Constraint::Percentage(35)]).areas(body)
    } else {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    };
    let [actors, timeline_area] =
        Layout::vertical([Constraint::Percentage(30), Constraint::Percentage(70)]).areas(left);
    Screen {
        arrangement: by_width(width),
        panes: vec![
            (Pane::Actors, actors),
            (Pane::Timeline, timeline_area),
            (Pane::Detail, right),
        ],
        tabs: None,
        status,
    }
}

/// How a view of two side-by-side columns counts, by the terminal's width.
fn by_width(width: u16) -> Arrangement {
    if width >= 150 {
        Arrangement::ThreeColumns
    } else {
        Arrangement::TwoColumns
    }
}

/// The board view: the board at the left, Detail at the right.
fn board_screen(body: Rect, status: Rect, width: u16) -> Screen {
    let [board, detail] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
    Screen {
        arrangement: by_width(width),
        panes: vec![(Pane::Board, board), (Pane::Detail, detail)],
        tabs: None,
        status,
    }
}

/// Actors and Sources, Meetings and Claims, Detail: three columns for wide terminals.
fn three_columns(body: Rect, status: Rect) -> Screen {
    let [c1, c2, c3] = Layout::horizontal([
        Constraint::Percentage(25),
        Constraint::Percentage(40),
        Constraint::Percentage(35),
    ])
    .areas(body);
    let [actors, sources] =
        Layout::vertical([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(c1);
    let [meetings, claims] =
        Layout::vertical([Constraint::Percentage(35), Constraint::Percentage(65)]).areas(c2);
    Screen {
        arrangement: Arrangement::ThreeColumns,
        panes: vec![
            (Pane::Actors, actors),
            (Pane::Meetings, meetings),
            (Pane::Claims, claims),
            (Pane::Sources, sources),
            (Pane::Detail, c3),
        ],
        tabs: None,
        status,
    }
}

/// Lists stacked at the left, Detail at the right.
fn two_columns(body: Rect, status: Rect) -> Screen {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    let [actors, meetings, claims, sources] = Layout::vertical([
        Constraint::Percentage(30),
        Constraint::Percentage(22),
        Constraint::Percentage(33),
        Constraint::Percentage(15),
    ])
    .areas(left);
    Screen {
        arrangement: Arrangement::TwoColumns,
        panes: vec![
            (Pane::Actors, actors),
            (Pane::Meetings, meetings),
            (Pane::Claims, claims),
            (Pane::Sources, sources),
            (Pane::Detail, right),
        ],
        tabs: None,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_by_size() {
        assert_eq!(
            screen(1, 1, Pane::Actors).arrangement,
            Arrangement::TooSmall
        );
        assert_eq!(
            screen(60, 20, Pane::Claims).arrangement,
            Arrangement::Single
        );
        assert_eq!(screen(60, 20, Pane::Claims).panes[0].0, Pane::Claims);
        assert_eq!(
            screen(120, 40, Pane::Actors).arrangement,
            Arrangement::TwoColumns
        );
        assert_eq!(
            screen(200, 50, Pane::Actors).arrangement,
            Arrangement::ThreeColumns
        );
    }

    #[test]
    fn panes_tile_without_overlap() {
        for (w, h) in [
            (80, 20),
            (80, 24),
            (120, 40),
            (200, 60),
            (149, 24),
            (150, 20),
            (30, 8),
        ] {
            let s = screen(w, h, Pane::Detail);
            for (i, (_, a)) in s.panes.iter().enumerate() {
                assert!(
                    a.height >= 3 || s.arrangement == Arrangement::Single,
                    "{w}x{h}: {a:?}"
                );
                for (_, b) in &s.panes[i + 1..] {
                    assert!(a.intersection(*b).is_empty(), "{w}x{h}");
                }
            }
        }
    }
}
