//! What flows into `update` and out of it: [`Action`]s are what the user asks for (from the keymap
//! or the mouse); [`Msg`] adds what the event loop reports back (search answers, reloads, how an
//! export, a copy or the editor went); [`Effect`]s are what `update` asks the event loop to do, in
//! order. Failures travel as error types and become words only where they are shown.

use super::line_edit::Edit;
use crate::export::write::WriteError;
use crate::kb::EntityRef;
use crate::search::worker::{Request, Response};
use std::path::PathBuf;
use std::sync::Arc;

/// What the user can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: open the row in Detail, follow Detail's link, choose a result.
    Activate,
    Back,
    Forward,
    ToggleLinked,
    ToggleHelp,
    /// Esc: close what is open.
    Close,
    Quit,
    /// `/`: filter the focused pane (in Detail, its links; in help, the keys).
    OpenFilter,
    /// Ctrl-P: the palette over every entity.
    OpenJump,
    /// `:`: the palette with commands first.
    OpenPalette,
    /// An edit to the open search line.
    Edit(Edit),
    /// `e`: write the selected item's note to the export directory.
    Export,
    /// `y`: copy the selected item's note to the clipboard.
    Copy,
    /// The answer to "overwrite?".
    Confirm(bool),
    /// `r`: reload the KB now.
    Reload,
    /// `o`: open the file that defines the selected item in the editor.
    OpenInEditor,
    /// `t`: the timeline view on or off.
    ToggleTimeline,
    /// `w`: long rows of the focused list wrap, or are cut.
    ToggleWrap,
    /// `s`: the focused list's next sort order.
    CycleSort,
    /// Space: mark or unmark the selected item (for a briefing).
    ToggleMark,
    /// `E`: one briefing document of the marked items (or of what the focused list shows).
    ExportBriefing,
    /// `g`: the link graph of the selected item (again, or Esc: back to where the user was).
    ToggleGraph,
    /// In the graph: the nearest node to the left.
    Left,
    /// In the graph: the nearest node to the right.
    Right,
    /// In the graph: one hop more.
    Deeper,
    /// In the graph: one hop less.
    Shallower,
    /// In the graph: show or hide a family of relations (1-5, see `app::graph::Family`).
    ToggleRelations(u8),
    /// In the graph: leave it for the selected node in the lists.
    OpenNode,
    /// In the graph: a key that works in the lists but not there (its name, for the status bar).
    NotInGraph(String),
    /// `c`: the contested-claims board on or off.
    ToggleBoard,
    Resize(u16, u16),
    /// A left click at a cell.
    Click(u16, u16),
    /// The mouse wheel at a cell: positive is down, one row per notch.
    Scroll(u16, u16, i8),
}

/// What an export writes, built from the KB when it runs (not in `update`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportJob {
    /// One entity's Markdown note.
    Note(EntityRef),
    /// One briefing document of these items, under this scope line.
    Briefing {
        items: Vec<EntityRef>,
        scope: String,
    },
}

impl ExportJob {
    /// The text to write; linear in what it covers.
    pub fn render(&self, kb: &crate::kb::Kb) -> String {
        match self {
            ExportJob::Note(e) => crate::export::markdown::note(kb, *e),
            ExportJob::Briefing { items, scope } => {
                crate::export::briefing::document(kb, items, scope)
            }
        }
    }
}

/// Why the editor did not run or did not finish well.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EditorError {
    #[error("cannot start the editor `{program}`: {source} (set $VISUAL or $EDITOR)")]
    Start {
        program: String,
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("the editor `{program}` exited with {status}")]
    Failed { program: String, status: String },
    #[error("cannot set the terminal up again after the editor: {0}")]
    Terminal(Arc<std::io::Error>),
}

/// Why a copy to the clipboard failed.
#[derive(Debug, Clone, thiserror::Error)]
#[error("copy failed: {0}")]
pub struct CopyError(pub Arc<std::io::Error>);

/// Everything `update` takes: the user's actions and the event loop's reports.
#[derive(Debug, Clone)]
pub enum Msg {
    Action(Action),
    /// An answer from the search worker.
    SearchAnswer(Box<Response>),
    /// How a note write went.
    Exported {
        path: PathBuf,
        result: Result<(), Arc<WriteError>>,
    },
    /// How a copy went: the bytes sent.
    Copied(Result<usize, CopyError>),
    /// A reload finished.
    Reloaded(Box<super::ReloadOutcome>),
    /// The editor ran (on this file, at this line) or could not.
    EditorDone(Result<(PathBuf, usize), EditorError>),
    /// A line for the status bar from the event loop's helpers (the KB watcher: "not watching …").
    Status(String),
    /// The board's clusters, computed on `kb` for `scope`.
    BoardComputed {
        kb: Arc<crate::kb::Kb>,
        scope: Option<crate::kb::ClaimScope>,
        clusters: Arc<Vec<crate::kb::Cluster>>,
    },
}

impl From<Action> for Msg {
    fn from(a: Action) -> Msg {
        Msg::Action(a)
    }
}

/// What `update` asks the event loop to do, in the order given.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Quit,
    /// Run this search off the UI thread; answer with [`Msg::SearchAnswer`].
    Search(Request),
    /// Build what `job` names and write it to `path` atomically (creating its directory),
    /// replacing an existing file only when `overwrite`; answer with [`Msg::Exported`]. The
    /// building and writing grow with the KB, so the event loop does them off the UI thread.
    WriteNote {
        path: PathBuf,
        job: ExportJob,
        overwrite: bool,
    },
    /// Put `text` on the clipboard (OSC 52); answer with [`Msg::Copied`].
    Copy {
        text: String,
        what: String,
    },
    /// Load the KB again from disk; answer with [`Msg::Reloaded`].
    Reload,
    /// The KB was replaced (it is `App::kb` now): searches must use it from now on.
    KbChanged,
    /// Compute the contested-claims board's clusters for `scope` (linear in the KB, so off the
    /// UI thread); answer with [`Msg::BoardComputed`].
    ComputeBoard {
        scope: Option<crate::kb::ClaimScope>,
    },
    /// Suspend the browser, edit `file` at `line`, resume; answer with [`Msg::EditorDone`].
    Edit {
        entity: EntityRef,
        file: PathBuf,
        line: usize,
    },
}
