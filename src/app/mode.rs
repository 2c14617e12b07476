//! The modes the browser is in, each owning its own state: browsing, the help overlay, a filter
//! on a pane, the palette, and the "overwrite?" question. Which keys apply comes from the mode
//! alone ([`Mode::scope`]).

use super::history::Place;
use super::keymap::Scope;
use super::line_edit::LineEdit;
use super::panes::{ListPane, ListView};
use super::search_box::SearchBox;
use crate::kb::EntityRef;
use crate::search::Hit;
use std::collections::HashSet;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub enum Mode {
    #[default]
    Browse,
    Help(HelpState),
    Filter(FilterState),
    Palette(PaletteState),
    /// "overwrite exports/x.md? (y/N)".
    Confirm(PendingOverwrite),
    /// The link graph (`g`) of an entity; the lists stay as they were underneath.
    Graph(Box<super::graph::GraphState>),
}

impl Mode {
    /// Which keys apply.
    pub fn scope(&self) -> Scope {
        match self {
            Mode::Browse => Scope::Browse,
            Mode::Help(h) if h.typing => Scope::HelpFilter,
            Mode::Help(_) => Scope::Help,
            // Keys typed after Enter but before the answer are meant for the browser, once the
            // choice is made: they are kept and replayed then.
            Mode::Filter(f) if f.search.enter_pending => Scope::Browse,
            Mode::Palette(p) if p.search.enter_pending => Scope::Browse,
            Mode::Filter(_) | Mode::Palette(_) => Scope::Search,
            Mode::Confirm(_) => Scope::Confirm,
            Mode::Graph(_) => Scope::Graph,
        }
    }

    /// The open search box, if any.
    pub fn search(&self) -> Option<&SearchBox> {
        match self {
            Mode::Filter(f) => Some(&f.search),
            Mode::Palette(p) => Some(&p.search),
            _ => None,
        }
    }

    /// Whether Enter was pressed in a search whose answer has not arrived yet.
    pub fn awaiting_choice(&self) -> bool {
        self.search().is_some_and(|s| s.enter_pending)
    }
}

/// The help overlay: where it is scrolled to, and the filter on its keys (`/`).
#[derive(Debug, Clone, Default)]
pub struct HelpState {
    pub scroll: usize,
    pub filter: LineEdit,
    /// Whether keys type into the filter.
    pub typing: bool,
}

/// What a filter narrows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterTarget {
    List(ListPane),
    /// Detail's link rows.
    Links,
    /// The contested-claims board (its clusters holding a matching claim).
    Board,
}

/// A live filter (`/`) on a list pane or on Detail's links.
#[derive(Debug, Clone)]
pub struct FilterState {
    pub target: FilterTarget,
    pub search: SearchBox,
    /// The list as it was, for Esc (and to search only what a linked list shows).
    pub saved: ListView,
    /// Detail's link cursor as it was.
    pub saved_link: usize,
    /// Where the user was, recorded in the history when a choice moves Detail.
    pub saved_place: Option<Place>,
    /// For a links filter: the targets that match.
    pub matched: Option<HashSet<EntityRef>>,
}

/// One row of the palette.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PaletteItem {
    /// A command: the index of its binding in [`super::keymap::BINDINGS`].
    Command(usize),
    /// An entity, with its match (none for a recent item listed under an empty query).
    Entity(EntityRef, Option<Hit>),
}

/// The palette: `:` lists commands and entities, Ctrl-P entities (recent first).
#[derive(Debug, Clone, Default)]
pub struct PaletteState {
    pub search: SearchBox,
    /// Opened with `:`: commands are offered, before entities.
    pub commands: bool,
    pub items: Vec<PaletteItem>,
    pub selected: usize,
    pub offset: usize,
    /// How many entities were searched.
    pub total: usize,
}

/// A note waiting for the user to allow overwriting its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingOverwrite {
    pub path: PathBuf,
    pub job: super::action::ExportJob,
}
