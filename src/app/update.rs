//! `update`: applies a [`Msg`] to the [`App`] and returns the effects to run, in order. It
//! dispatches on the mode, so which keys apply is decided in one place.

use super::browse::Landing;
use super::{
    Action, App, Effect, ListPane, Mode, Msg, Pane, PendingOverwrite, ReloadOutcome, help,
};
use crate::export::write::WriteError;
use std::path::PathBuf;
use std::sync::Arc;

/// Applies `msg` to `app`. Pure: no I/O; what must happen outside is returned, in order.
pub fn update(app: &mut App, msg: impl Into<Msg>) -> Vec<Effect> {
    match msg.into() {
        Msg::Action(a) => action(app, a),
        Msg::SearchAnswer(response) => {
            let mut effects = match app.mode {
                Mode::Filter(_) => app.filter_answer(&response),
                Mode::Palette(_) => app.palette_answer(&response),
                _ => Vec::new(),
            };
            if !app.mode.awaiting_choice() {
                for a in std::mem::take(&mut app.deferred) {
                    effects.extend(action(app, a));
                }
            }
            effects
        }
        Msg::Exported { path, result } => {
            exported(app, path, result);
            Vec::new()
        }
        Msg::Copied(result) => {
            app.status = Some(match result {
                Ok(n) => format!("copied the note to the clipboard ({n} bytes, OSC 52)"),
                Err(e) => e.to_string(),
            });
            Vec::new()
        }
        Msg::Reloaded(outcome) => reloaded(app, *outcome),
        Msg::Status(line) => {
            app.status = Some(line);
            Vec::new()
        }
        Msg::BoardComputed {
            kb,
            scope,
            clusters,
        } => {
            app.board_computed(&kb, scope, clusters);
            Vec::new()
        }
        Msg::EditorDone(result) => match result {
            Ok((path, line)) => {
                app.status = Some(format!("edited {}:{line}", path.display()));
                vec![Effect::Reload]
            }
            Err(e) => {
                app.status = Some(e.to_string());
                Vec::new()
            }
        },
    }
}

fn action(app: &mut App, a: Action) -> Vec<Effect> {
    if let Action::Resize(w, h) = a {
        resize(app, w, h);
        return Vec::new();
    }
    if !matches!(a, Action::Scroll(..)) {
        app.status = None;
    }
    if app.mode.awaiting_choice() {
        if a == Action::Quit {
            return vec![Effect::Quit];
        }
        app.deferred.push(a);
        return Vec::new();
    }
    let mut effects = match app.mode {
        Mode::Browse => browse(app, a),
        Mode::Help(_) => help_mode(app, a),
        Mode::Filter(_) => filter_mode(app, a),
        Mode::Palette(_) => palette_mode(app, a),
        Mode::Confirm(_) => confirm_mode(app, a),
        Mode::Graph(_) => app.graph_mode(a),
    };
    app.settle_wrapped();
    if app.view == super::View::Board {
        // Whatever led here (`c`, `a`, Back to a board place), the board's clusters are asked for.
        effects.extend(app.board_request());
    }
    effects
}

fn resize(app: &mut App, w: u16, h: u16) {
    app.width = w;
    app.height = h;
    for p in ListPane::ALL {
        let page = app.page(p);
        app.lists.get_mut(p).scroll_into_view(page);
    }
    app.palette_move(|s, _, _| s);
    let page = app.board_page();
    app.board.scroll_into_view(page);
    app.settle_wrapped();
    app.settle_graph();
    if let Mode::Help(state) = &mut app.mode {
        state.scroll = state
            .scroll
            .min(help::max_scroll(&app.keymap, w, h, state.filter.text()));
    }
}

/// Moves by an action in a list of `n` rows with `page` rows visible.
fn step(a: &Action, s: usize, n: usize, page: usize) -> usize {
    match a {
        Action::Down => s + 1,
        Action::Up => s.saturating_sub(1),
        Action::PageDown => s + page,
        Action::PageUp => s.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => n.saturating_sub(1),
        _ => s,
    }
}

pub(super) fn is_move(a: &Action) -> bool {
    matches!(
        a,
        Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
    )
}

/// Moves the cursor of the focused pane: a list's selection, or Detail's link.
fn move_in(app: &mut App, pane: Pane, a: &Action) {
    match pane.list() {
        Some(p) => app.move_selection(p, |s, n, page| step(a, s, n, page)),
        None if pane == Pane::Board => app.board_move(a),
        None => {
            let n = app.detail_links().len();
            if n > 0 {
                app.link = step(a, app.link, n, 10).min(n - 1);
            }
        }
    }
}

fn browse(app: &mut App, a: Action) -> Vec<Effect> {
    let focus = app.focus;
    if a == Action::ToggleBoard {
        app.toggle_board();
        return Vec::new();
    }
    if app.view == super::View::Board
        && let Some(effects) = app.board_action(&a)
    {
        return effects;
    }
    match a {
        Action::Quit => return vec![Effect::Quit],
        Action::ToggleHelp => app.mode = Mode::Help(Default::default()),
        Action::FocusNext => app.cycle_focus(1),
        Action::FocusPrev => app.cycle_focus(-1),
        ref m if is_move(m) => move_in(app, focus, m),
        Action::Activate => match focus.list() {
            Some(p) => app.open_row(p),
            None => app.follow_link(),
        },
        Action::Back => app.back(),
        Action::Forward => app.forward(),
        Action::ToggleLinked => app.toggle_linked(),
        Action::OpenFilter => return app.open_filter(),
        Action::OpenJump => return app.open_palette(false),
        Action::OpenPalette => return app.open_palette(true),
        Action::Export => return export(app),
        Action::Copy => return copy(app),
        Action::Reload => return reload(app),
        Action::ToggleTimeline => {
            let to = match app.view {
                super::View::Lists | super::View::Board => super::View::Timeline,
                super::View::Timeline => super::View::Lists,
            };
            app.set_view(to);
        }
        Action::OpenInEditor => return open_in_editor(app),
        Action::ToggleWrap => app.toggle_wrap(),
        Action::ToggleMark => app.toggle_mark(),
        Action::ExportBriefing => return export_briefing(app),
        Action::CycleSort => app.cycle_sort(),
        Action::ToggleGraph => app.open_graph(),
        Action::Click(x, y) => app.browse_click(x, y),
        Action::Scroll(x, y, delta) => app.wheel(x, y, delta),
        _ => {}
    }
    Vec::new()
}

fn help_mode(app: &mut App, a: Action) -> Vec<Effect> {
    let (w, h) = (app.width, app.height);
    let Mode::Help(state) = &mut app.mode else {
        return Vec::new();
    };
    let page = super::layout::help_rect(w, h)
        .height
        .saturating_sub(2)
        .max(1) as usize;
    let max = help::max_scroll(&app.keymap, w, h, state.filter.text());
    match a {
        Action::Quit => return vec![Effect::Quit],
        Action::ToggleHelp => app.mode = Mode::Browse,
        Action::Close if state.typing => {
            state.typing = false;
            state.filter.apply(super::Edit::Clear);
            state.scroll = 0;
        }
        Action::Close => app.mode = Mode::Browse,
        Action::Activate => state.typing = false,
        Action::OpenFilter => state.typing = true,
        Action::Edit(e) => {
            state.filter.apply(e);
            state.scroll = 0;
        }
        Action::Scroll(_, _, d) => {
            let down = Action::Down;
            let up = Action::Up;
            let m = if d > 0 { &down } else { &up };
            state.scroll = step(m, state.scroll, max + 1, page).min(max);
        }
        ref m if is_move(m) => state.scroll = step(m, state.scroll, max + 1, page).min(max),
        _ => {}
    }
    Vec::new()
}

fn filter_mode(app: &mut App, a: Action) -> Vec<Effect> {
    let Some(pane) = app.filter_pane() else {
        return Vec::new();
    };
    match a {
        Action::Quit => return vec![Effect::Quit],
        Action::Edit(e) => return app.filter_edit(e),
        ref m if is_move(m) => move_in(app, pane, m),
        Action::Activate => app.filter_choose(),
        Action::Close => app.filter_cancel(),
        Action::Click(x, y) => app.filter_click(pane, x, y),
        Action::Scroll(x, y, d) if app.screen().pane_at(x, y).map(|(p, _)| p) == Some(pane) => {
            move_in(app, pane, if d > 0 { &Action::Down } else { &Action::Up });
        }
        _ => {}
    }
    Vec::new()
}

fn palette_mode(app: &mut App, a: Action) -> Vec<Effect> {
    match a {
        Action::Quit => return vec![Effect::Quit],
        Action::Edit(e) => return app.palette_edit(e),
        ref m if is_move(m) => app.palette_move(|s, n, page| step(m, s, n, page)),
        Action::Activate => return app.palette_choose(),
        Action::Close => app.mode = Mode::Browse,
        Action::Click(x, y) => return app.palette_click(x, y),
        Action::Scroll(_, _, d) => {
            let m = if d > 0 { Action::Down } else { Action::Up };
            app.palette_move(|s, n, page| step(&m, s, n, page));
        }
        _ => {}
    }
    Vec::new()
}

fn confirm_mode(app: &mut App, a: Action) -> Vec<Effect> {
    let Mode::Confirm(pending) = std::mem::take(&mut app.mode) else {
        return Vec::new();
    };
    match a {
        Action::Quit => vec![Effect::Quit],
        Action::Confirm(true) => {
            app.last_export = Some(pending.clone());
            vec![Effect::WriteNote {
                path: pending.path,
                job: pending.job,
                overwrite: true,
            }]
        }
        _ => {
            app.status = Some(format!("not overwritten: {}", pending.path.display()));
            Vec::new()
        }
    }
}

fn export(app: &mut App) -> Vec<Effect> {
    let Some(e) = app.export_target() else {
        app.status = Some("nothing selected to export".into());
        return Vec::new();
    };
    let Some(path) = crate::export::write::note_path(&app.export_dir, app.kb.id_of(e), "md") else {
        app.status = Some("this item's id cannot name a file".into());
        return Vec::new();
    };
    let job = super::action::ExportJob::Note(e);
    start_export(app, path, job)
}

fn exported(app: &mut App, path: PathBuf, result: Result<(), Arc<WriteError>>) {
    let shown = path.display().to_string();
    let pending = app.last_export.take();
    match result.as_ref().map_err(|e| &**e) {
        Ok(()) => app.status = Some(format!("exported {shown}")),
        Err(WriteError::Exists(_)) => match pending.filter(|p| p.path == path) {
            Some(p) => {
                app.status = Some(format!("overwrite {shown}? (y/N)"));
                app.mode = Mode::Confirm(p);
            }
            None => app.status = Some(format!("{shown} exists; not overwritten")),
        },
        Err(e) => app.status = Some(format!("export failed: {e}")),
    }
}

/// Asks for `job` to be written to `path` (never over a file without asking), remembering it
/// for the "overwrite?" question.
fn start_export(app: &mut App, path: PathBuf, job: super::action::ExportJob) -> Vec<Effect> {
    app.last_export = Some(PendingOverwrite {
        path: path.clone(),
        job: job.clone(),
    });
    app.status = Some(format!("exporting {}…", path.display()));
    vec![Effect::WriteNote {
        path,
        job,
        overwrite: false,
    }]
}

/// `E`: the marked items, or what the focused list shows, as one briefing document.
fn export_briefing(app: &mut App) -> Vec<Effect> {
    let (items, described) = if app.marked.is_empty() && app.focus == Pane::Board {
        (app.board_shown_claims(), app.board_described())
    } else if app.marked.is_empty() {
        let pane = app.focus.list().unwrap_or(app.shown);
        let items = app.list(pane).items.clone();
        let what = match app.list(pane).anchor {
            Some(a) => format!("{} linked to {}", pane.name(), app.kb.title_of(a)),
            None => format!("every item of {}", pane.name()),
        };
        (items, what)
    } else {
        let n = app.marked.len();
        (
            app.marked.clone(),
            format!("{n} marked item{}", if n == 1 { "" } else { "s" }),
        )
    };
    if items.is_empty() {
        app.status = Some("nothing to brief: mark items with Space, or focus a list".into());
        return Vec::new();
    }
    let scope = crate::export::briefing::scope_line(&app.kb, &crate::text::line(&described));
    let job = super::action::ExportJob::Briefing {
        items: items.clone(),
        scope,
    };
    let name = format!("briefing-{}", app.kb.id_of(items[0]));
    let Some(path) = crate::export::write::note_path(&app.export_dir, &name, "md") else {
        app.status = Some("this briefing's name cannot name a file".into());
        return Vec::new();
    };
    start_export(app, path, job)
}

fn copy(app: &mut App) -> Vec<Effect> {
    let Some(e) = app.export_target() else {
        app.status = Some("nothing selected to copy".into());
        return Vec::new();
    };
    vec![Effect::Copy {
        text: crate::export::markdown::note(&app.kb, e),
        what: app.kb.id_of(e).to_string(),
    }]
}

/// Says why the bundled briefing cannot be reloaded or edited, and how to work on a copy.
const BUNDLED_READ_ONLY: &str = "the bundled briefing is built into the program and read-only; \
    to edit a copy: arctic-brief init DIR, then arctic-brief --data DIR";

pub(super) fn reload(app: &mut App) -> Vec<Effect> {
    if app.kb.is_bundled() {
        app.status = Some(BUNDLED_READ_ONLY.into());
        return Vec::new();
    }
    app.status = Some("reloading…".into());
    vec![Effect::Reload]
}

fn open_in_editor(app: &mut App) -> Vec<Effect> {
    if app.kb.is_bundled() {
        app.status = Some(BUNDLED_READ_ONLY.into());
        return Vec::new();
    }
    let Some(entity) = app.export_target() else {
        app.status = Some("nothing selected to edit".into());
        return Vec::new();
    };
    match app.kb.definition(entity) {
        Some((file, line)) => match file.path.clone() {
            Some(file) => vec![Effect::Edit { entity, file, line }],
            None => {
                app.status = Some(BUNDLED_READ_ONLY.into());
                Vec::new()
            }
        },
        None => {
            app.status = Some("cannot find where this item is defined".into());
            Vec::new()
        }
    }
}

fn reloaded(app: &mut App, outcome: ReloadOutcome) -> Vec<Effect> {
    match outcome {
        ReloadOutcome::Loaded(p) => {
            // Open searches and questions refer to the old KB: close them as Esc would.
            match app.mode {
                Mode::Filter(_) => app.filter_cancel(),
                Mode::Palette(_) | Mode::Confirm(_) => app.mode = Mode::Browse,
                _ => {}
            }
            app.deferred.clear();
            let edited = app.status.clone().filter(|s| s.starts_with("edited "));
            // The graph's entity numbers are the old KB's: out of the way while it is replaced.
            let old = app.kb.clone();
            let graph = app.take_graph();
            app.replace_kb(p);
            app.graph_reloaded(graph, &old);
            if let Some(edited) = edited {
                let summary = app.status.take().unwrap_or_default();
                app.status = Some(format!("{edited} · {summary}"));
            }
            let mut effects = vec![Effect::KbChanged];
            effects.extend(app.board_reloaded());
            effects
        }
        ReloadOutcome::Failed { first, more } => {
            let more = match more {
                0 => String::new(),
                1 => " (and 1 more problem)".to_string(),
                n => format!(" (and {n} more problems)"),
            };
            app.banner = Some(format!("{first}{more} · showing the last good KB"));
            if app.status.as_deref() == Some("reloading…") {
                app.status = None;
            }
            Vec::new()
        }
    }
}

impl App {
    /// A click while browsing: focus the pane under it and select the row or link there; a click
    /// on the selected row of the focused pane opens (or follows) it, as a double-click does.
    pub(super) fn browse_click(&mut self, x: u16, y: u16) {
        let screen = self.screen();
        if let Some((pane, rect)) = screen.pane_at(x, y) {
            let was_focused = self.focus == pane;
            match pane.list() {
                None => {
                    let link = super::detail::link_at(self, x, y);
                    self.focus = Pane::Detail;
                    match link {
                        Some(i) if was_focused && i == self.link => self.follow_link(),
                        Some(i) => self.link = i,
                        None => {}
                    }
                }
                Some(p) => {
                    let inner = rect.height.saturating_sub(2) as usize;
                    let first = rect.y + 1 + super::columns::header_rows(p, inner) as u16;
                    let inside = y >= first && y + 1 < rect.y + rect.height;
                    let row = self.item_at_row(p, y.saturating_sub(first) as usize);
                    self.focus_pane(pane);
                    if let Some(row) = row.filter(|_| inside) {
                        if was_focused && row == self.list(p).selected {
                            self.open_row(p);
                        } else {
                            self.move_selection(p, |_, _, _| row);
                        }
                    }
                }
            }
        } else if let Some(tabs) = screen.tabs.filter(|t| y == t.y) {
            // The tab line names every pane in order, evenly spaced.
            let panes = self.panes();
            let slot = (x as usize * panes.len()) / tabs.width.max(1) as usize;
            if let Some(p) = panes.get(slot) {
                self.focus_pane(*p);
            }
        }
    }

    /// A click while filtering: only the filtered pane's rows answer.
    fn filter_click(&mut self, pane: Pane, x: u16, y: u16) {
        let Some((hit, rect)) = self.screen().pane_at(x, y) else {
            return;
        };
        if hit != pane {
            return;
        }
        match pane.list() {
            Some(p) => {
                let inner = rect.height.saturating_sub(2) as usize;
                let first = rect.y + 1 + super::columns::header_rows(p, inner) as u16;
                let inside = y >= first && y + 1 < rect.y + rect.height;
                let row = self.item_at_row(p, y.saturating_sub(first) as usize);
                if let Some(row) = row.filter(|_| inside) {
                    if row == self.list(p).selected {
                        self.filter_choose();
                    } else {
                        self.move_selection(p, |_, _, _| row);
                    }
                }
            }
            None => match super::detail::link_at(self, x, y) {
                Some(i) if i == self.link => self.filter_choose(),
                Some(i) => self.link = i,
                None => {}
            },
        }
    }

    /// The wheel: one row per notch in the pane under the pointer, without moving the focus.
    pub(super) fn wheel(&mut self, x: u16, y: u16, delta: i8) {
        if let Some((pane, _)) = self.screen().pane_at(x, y) {
            let a = if delta > 0 { Action::Down } else { Action::Up };
            move_in(self, pane, &a);
        }
    }

    /// Goes to `entity` as a jump does (focus on its list), recording the place before.
    pub fn go_to(&mut self, entity: crate::kb::EntityRef) {
        self.navigate(entity, Landing::List);
    }
}
