//! UI state and the pure `update(state, msg) -> effects`. The state is an explicit [`Mode`] (with
//! each mode's own state), a [`View`] of typed panes ([`Lists`]), Detail's link cursor, and the
//! browsing [`History`]. No I/O here: the event loop in `tui` turns keys and mouse events into
//! [`Action`]s, carries out the [`Effect`]s `update` returns, in order, and reports back as
//! [`Msg`]s. [`driver`] is that loop without a terminal, shared by the tests.

pub mod action;
pub mod board;
mod browse;
pub mod columns;
pub mod detail;
pub mod driver;
mod filter;
pub mod graph;
pub mod help;
pub mod history;
pub mod keymap;
pub mod layout;
pub mod line_edit;
pub mod loading;
pub mod mode;
pub mod palette;
pub mod panes;
pub mod search_box;
pub mod status;
pub mod trees;
mod update;

pub use action::{Action, CopyError, EditorError, Effect, Msg};
pub use history::{History, Place};
pub use line_edit::{Edit, LineEdit};
pub use mode::{
    FilterState, FilterTarget, HelpState, Mode, PaletteItem, PaletteState, PendingOverwrite,
};
pub use panes::{ListPane, ListView, Lists, Pane, View};
pub use search_box::SearchBox;
pub use update::update;

use crate::kb::{EntityKind, EntityRef, Kb};
use std::path::PathBuf;
use std::sync::Arc;

/// How many recently visited entities are remembered.
const MAX_RECENT: usize = 50;

/// Everything of each kind, and the whole timeline, in the order the "all" lists show them. The
/// whole timeline (every meeting and dated claim, sorted) is built the first time it is shown.
#[derive(Debug, Clone, Default)]
pub struct AllLists {
    pub actors: Vec<EntityRef>,
    pub meetings: Vec<EntityRef>,
    pub claims: Vec<EntityRef>,
    pub sources: Vec<EntityRef>,
    timeline: std::sync::OnceLock<Vec<EntityRef>>,
}

impl AllLists {
    /// Linear in the KB: built off the UI thread on reload.
    pub fn of(kb: &Kb) -> AllLists {
        AllLists {
            actors: kb.all_of(EntityKind::Actor),
            meetings: kb.all_of(EntityKind::Meeting),
            claims: kb.all_of(EntityKind::Claim),
            sources: kb.all_of(EntityKind::Source),
            timeline: std::sync::OnceLock::new(),
        }
    }

    /// As [`AllLists::of`], with the whole timeline built too (for a reload off the UI thread).
    pub fn with_timeline(kb: &Kb) -> AllLists {
        let all = AllLists::of(kb);
        let _ = all.timeline.set(kb.timeline_all());
        all
    }

    pub fn get(&self, kb: &Kb, pane: ListPane) -> &[EntityRef] {
        match pane {
            ListPane::Actors => &self.actors,
            ListPane::Meetings => &self.meetings,
            ListPane::Claims => &self.claims,
            ListPane::Sources => &self.sources,
            ListPane::Timeline => self.timeline.get_or_init(|| kb.timeline_all()),
        }
    }
}

/// The whole UI state.
#[derive(Debug)]
pub struct App {
    pub kb: Arc<Kb>,
    pub mode: Mode,
    pub view: View,
    pub focus: Pane,
    /// The list whose selection Detail shows.
    pub shown: ListPane,
    pub lists: Lists,
    /// The cursor among Detail's link rows.
    pub link: usize,
    pub history: History,
    pub status: Option<String>,
    /// Shown across the top while the KB on disk has problems (the last good KB stays on screen).
    pub banner: Option<String>,
    pub width: u16,
    pub height: u16,
    /// Draw without colour (the `NO_COLOR` convention).
    pub no_color: bool,
    /// Whether the mouse is captured (off: the terminal's own selection works).
    pub mouse: bool,
    /// Recently visited entities, newest first.
    pub recent: Vec<EntityRef>,
    /// Items marked (Space) for a briefing, in the order they were marked.
    pub marked: Vec<EntityRef>,
    /// The keys in force (the table's, with the config file's overrides).
    pub keymap: keymap::Keymap,
    /// Where `e` writes notes.
    pub export_dir: PathBuf,
    /// Numbers search requests, so stale answers are recognised.
    generation: u64,
    /// Keys pressed after Enter but before the search answer it waits for; replayed, in order,
    /// once that answer has been chosen from.
    deferred: Vec<Action>,
    /// The note last sent to be written, kept until its answer in case it must ask to overwrite.
    last_export: Option<PendingOverwrite>,
    all: AllLists,
    /// The contested-claims board's clusters, rows and cursor.
    pub board: board::BoardState,
    /// The corroboration trees of the claim Detail showed last.
    trees: trees::TreeCache,
}

impl App {
    pub fn new(kb: impl Into<Arc<Kb>>, width: u16, height: u16) -> App {
        let kb: Arc<Kb> = kb.into();
        let all = AllLists::of(&kb);
        App::with_lists(kb, all, width, height)
    }

    /// As [`App::new`], with the "all" lists already built.
    pub fn with_lists(kb: Arc<Kb>, all: AllLists, width: u16, height: u16) -> App {
        let mut app = App {
            kb,
            mode: Mode::Browse,
            view: View::Lists,
            focus: Pane::Actors,
            shown: ListPane::Actors,
            lists: Lists::default(),
            link: 0,
            history: History::default(),
            status: None,
            banner: None,
            width,
            height,
            no_color: false,
            mouse: true,
            recent: Vec::new(),
            marked: Vec::new(),
            keymap: keymap::Keymap::default(),
            export_dir: PathBuf::from("exports"),
            generation: 0,
            deferred: Vec::new(),
            last_export: None,
            all,
            board: Default::default(),
            trees: Default::default(),
        };
        for p in [
            ListPane::Meetings,
            ListPane::Claims,
            ListPane::Sources,
            ListPane::Timeline,
        ] {
            app.lists.get_mut(p).linked = true;
        }
        app.rebuild(ListPane::Actors);
        app.actor_moved();
        app
    }

    pub fn list(&self, pane: ListPane) -> &ListView {
        self.lists.get(pane)
    }

    /// The entity Detail shows: the list's selection, or in the graph the selected node's. A
    /// board with no claim to show (narrowed or filtered to nothing) shows none in Detail either,
    /// rather than a claim the board does not list.
    pub fn detail_target(&self) -> Option<EntityRef> {
        if let Mode::Graph(g) = &self.mode {
            return g.selected_entity();
        }
        if self.view == View::Board
            && self.board.clusters().is_some()
            && self.board.current().is_none()
        {
            return None;
        }
        self.list(self.shown).current()
    }

    /// Detail's link rows, in display order: relation label and target (only those matching a
    /// filter on the links, while one is open).
    pub fn detail_links(&self) -> Vec<(&'static str, EntityRef)> {
        self.detail_links_marked()
            .into_iter()
            .map(|(l, t, _)| (l, t))
            .collect()
    }

    /// As [`App::detail_links`], with each tree row's place in its tree.
    pub fn detail_links_marked(&self) -> Vec<(&'static str, EntityRef, Option<trees::LinkMark>)> {
        let matched = match &self.mode {
            Mode::Filter(f) if f.target == FilterTarget::Links => f.matched.as_ref(),
            _ => None,
        };
        let mut links = self.all_detail_links_marked();
        if let Some(m) = matched {
            links.retain(|(_, t, _)| m.contains(t));
        }
        links
    }

    /// Detail's link rows without a filter.
    pub fn all_detail_links(&self) -> Vec<(&'static str, EntityRef)> {
        self.all_detail_links_marked()
            .into_iter()
            .map(|(l, t, _)| (l, t))
            .collect()
    }

    /// Detail's link rows without a filter: the entity's relations; for a claim, its six
    /// claim-to-claim relations followed transitively, as trees (see [`trees`]), each tree row
    /// with its depth and whether it closes a cycle.
    fn all_detail_links_marked(&self) -> Vec<(&'static str, EntityRef, Option<trees::LinkMark>)> {
        let Some(e) = self.detail_target() else {
            return Vec::new();
        };
        let trees = match e {
            EntityRef::Claim(c) => Some(self.claim_trees(c)),
            _ => None,
        };
        let by_tree = |label: &str| trees::TREES.iter().any(|(_, _, l)| *l == label);
        let mut links: Vec<(&'static str, EntityRef, Option<trees::LinkMark>)> = self
            .kb
            .relations(e)
            .into_iter()
            .filter(|r| trees.is_none() || !by_tree(r.label))
            .flat_map(|r| r.targets.into_iter().map(move |t| (r.label, t, None)))
            .collect();
        for t in trees.iter().flat_map(|t| &t.trees) {
            links.extend(t.marked_links());
        }
        links
    }

    /// Rows the reload-problem banner takes at the top.
    pub fn banner_rows(&self) -> u16 {
        u16::from(self.banner.is_some())
    }

    /// The layout at a given size (drawing uses the frame's size, which can lead `width`).
    pub fn screen_at(&self, width: u16, height: u16) -> layout::Screen {
        layout::screen_below(width, height, self.focus, self.banner_rows(), self.view)
    }

    pub fn screen(&self) -> layout::Screen {
        self.screen_at(self.width, self.height)
    }

    /// The panes of the current view, in Tab order.
    pub fn panes(&self) -> &'static [Pane] {
        self.view.panes()
    }

    /// Which keys apply now.
    pub fn key_scope(&self) -> keymap::Scope {
        self.mode.scope()
    }

    /// Whether a list pane draws as selected-and-focused (Detail focused counts for the list it
    /// shows).
    pub fn is_active(&self, pane: ListPane) -> bool {
        self.focus == Pane::from(pane) || (self.focus == Pane::Detail && self.shown == pane)
    }

    /// What `e` and `y` act on: the link selected in Detail when Detail is focused, else the
    /// entity Detail shows.
    pub fn export_target(&self) -> Option<EntityRef> {
        if self.focus == Pane::Detail
            && let Some((_, t)) = self.detail_links().get(self.link)
        {
            return Some(*t);
        }
        self.detail_target()
    }

    fn note_visit(&mut self, entity: EntityRef) {
        self.recent.retain(|e| *e != entity);
        self.recent.insert(0, entity);
        self.recent.truncate(MAX_RECENT);
    }
}

/// A reloaded KB made ready to replace the current one: the work that grows with the KB (the
/// "all" lists, what changed) done off the UI thread.
#[derive(Debug, Clone)]
pub struct PreparedKb {
    pub kb: Arc<Kb>,
    pub all: AllLists,
    /// "reloaded: +1 claim, 1 actor changed".
    pub summary: String,
}

/// Compares `new` with `old` and prepares it; linear in the KB, so call it off the UI thread.
pub fn prepare(old: &Kb, new: Kb) -> PreparedKb {
    let summary = format!("reloaded: {}", new.changes_since(old));
    let all = AllLists::with_timeline(&new);
    PreparedKb {
        kb: Arc::new(new),
        all,
        summary,
    }
}

/// The outcome of a reload, as the UI receives it.
#[derive(Debug, Clone)]
pub enum ReloadOutcome {
    Loaded(PreparedKb),
    /// The KB on disk has problems: the first, located, and how many more.
    Failed {
        first: String,
        more: usize,
    },
}

impl ReloadOutcome {
    pub fn failed(e: &crate::kb::LoadError) -> ReloadOutcome {
        let first = e
            .diagnostics
            .first()
            .map_or_else(String::new, |d| match &d.location {
                Some(l) => format!("{l}: {}", d.message),
                None => d.message.clone(),
            });
        ReloadOutcome::Failed {
            first,
            // Every problem counts, not only the ones shown.
            more: e.problems.saturating_sub(1),
        }
    }
}
