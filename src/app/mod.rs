//! UI state and the pure `update(state, action) -> effects`: what is focused, what each pane
//! lists and has selected, the link cursor in Detail, and the browsing history. No I/O here; the
//! event loop in `tui` turns keys and mouse events into [`Action`]s and carries out [`Effect`]s.

pub mod keymap;

use crate::kb::{EntityKind, EntityRef, Kb, MeetingId};
use crate::search::worker::{Request, Response};
use crate::search::{Hit, Query, Results, Scope};
use crate::ui::layout;
use std::path::PathBuf;
use std::sync::Arc;

/// The panes, in Tab order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Actors,
    Meetings,
    Claims,
    Sources,
    /// Meetings and dated claims on a time axis (`t`).
    Timeline,
    Detail,
}

impl Pane {
    /// The panes of the normal view, in Tab order.
    pub const ALL: [Pane; 5] = [
        Pane::Actors,
        Pane::Meetings,
        Pane::Claims,
        Pane::Sources,
        Pane::Detail,
    ];
    /// The panes of the timeline view, in Tab order.
    pub const TIMELINE_VIEW: [Pane; 3] = [Pane::Actors, Pane::Timeline, Pane::Detail];
    pub const LISTS: [Pane; 5] = [
        Pane::Actors,
        Pane::Meetings,
        Pane::Claims,
        Pane::Sources,
        Pane::Timeline,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pane::Actors => "Actors",
            Pane::Meetings => "Meetings",
            Pane::Claims => "Claims",
            Pane::Sources => "Sources",
            Pane::Timeline => "Timeline",
            Pane::Detail => "Detail",
        }
    }
    fn index(self) -> usize {
        match self {
            Pane::Actors => 0,
            Pane::Meetings => 1,
            Pane::Claims => 2,
            Pane::Sources => 3,
            Pane::Timeline => 4,
            Pane::Detail => 5,
        }
    }
    /// The list pane that holds entities of `kind`.
    pub fn of(kind: EntityKind) -> Pane {
        match kind {
            EntityKind::Actor => Pane::Actors,
            EntityKind::Meeting => Pane::Meetings,
            EntityKind::Claim => Pane::Claims,
            EntityKind::Source => Pane::Sources,
        }
    }
}

/// What the user can ask for. Key actions come from the keymap; the rest from the event loop.
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
    Activate,
    Back,
    Forward,
    ToggleLinked,
    ToggleHelp,
    CloseOverlay,
    Quit,
    Resize(u16, u16),
    Click(u16, u16),
    /// Mouse wheel at a cell: positive is down.
    Scroll(u16, u16, i8),
    /// `/`: filter the focused pane.
    OpenFilter,
    /// Ctrl-P: the jump popup over every entity.
    OpenJump,
    /// A character typed into a search line.
    Input(char),
    DeleteChar,
    ClearInput,
    /// Answers from the search worker.
    SearchResults(Box<Response>),
    /// `e`: write the selected item's note to the export directory.
    Export,
    /// `y`: copy the selected item's note to the clipboard.
    Copy,
    /// The answer to "overwrite?".
    Confirm(bool),
    /// How a note write went (from the event loop).
    Exported(PathBuf, ExportOutcome),
    /// How a copy went (from the event loop): the bytes sent, or why not.
    Copied(Result<usize, String>),
    /// `r`: reload the KB now.
    Reload,
    /// A reload finished (from the event loop).
    Reloaded(Box<ReloadOutcome>),
    /// `o`: open the file that defines the selected item in the editor.
    OpenInEditor,
    /// `t`: the timeline view on or off.
    ToggleTimeline,
}

/// What became of a note write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportOutcome {
    Written,
    /// The file exists and was left alone.
    Exists,
    Failed(String),
}

/// What `update` asks the event loop to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Quit,
    /// Run this search off the UI thread and send back [`Action::SearchResults`].
    Search(Request),
    /// Write `contents` to `path` atomically (creating its directory), replacing an existing file
    /// only when `overwrite`; answer with [`Action::Exported`].
    WriteNote {
        path: PathBuf,
        contents: String,
        overwrite: bool,
    },
    /// Put `text` on the clipboard (OSC 52); answer with [`Action::Copied`].
    Copy {
        text: String,
        what: String,
    },
    /// Load the KB again from disk; answer with [`Action::Reloaded`].
    Reload,
    /// The KB was replaced (it is `App::kb` now): searches must use it from now on.
    KbChanged,
    /// Suspend the browser, edit the file defining this entity at its line, resume and reload.
    Edit(EntityRef),
}

/// A note waiting for the user to allow overwriting its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingOverwrite {
    pub path: PathBuf,
    pub contents: String,
}

/// The live filter of one pane (`/`).
#[derive(Debug, Clone)]
pub struct PaneFilter {
    pub pane: Pane,
    pub input: String,
    /// Why the query cannot run (an unknown filter key), shown in place of results.
    pub error: Option<String>,
    /// The results the pane shows, aligned with its items; `None` while the query is empty.
    pub results: Option<Arc<Results>>,
    /// Whether an answer to the newest keystroke is still awaited.
    pub pending: bool,
    /// Enter came before the answer: choose the top result when it arrives.
    confirm_on_answer: bool,
    generation: u64,
    /// The pane as it was, for Esc.
    saved: ListView,
    saved_place: Option<Place>,
}

/// The jump popup (Ctrl-P): every entity of every kind.
#[derive(Debug, Clone, Default)]
pub struct Jump {
    pub input: String,
    pub error: Option<String>,
    /// What the popup lists: recently visited first when the query is empty.
    pub items: Vec<EntityRef>,
    /// The match behind each item (none for a recent item with an empty query).
    pub hits: Vec<Option<Hit>>,
    pub selected: usize,
    pub offset: usize,
    pub pending: bool,
    /// Enter came before the answer: jump to the top result when it arrives.
    confirm_on_answer: bool,
    /// How many entities were searched.
    pub total: usize,
    generation: u64,
}

/// One list pane: what it shows and where its cursor is.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    pub items: Vec<EntityRef>,
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
    /// Showing only what is linked to the anchor, rather than everything of its kind.
    pub linked: bool,
    /// What a linked list is linked to (shown in the title).
    pub anchor: Option<EntityRef>,
}

impl ListView {
    pub fn current(&self) -> Option<EntityRef> {
        self.items.get(self.selected).copied()
    }
}

/// A place in the browsing history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub pane: Pane,
    pub entity: EntityRef,
    pub in_detail: bool,
    pub link: usize,
}

/// The whole UI state.
#[derive(Debug)]
pub struct App {
    pub kb: Arc<Kb>,
    pub focus: Pane,
    /// The list pane whose selection Detail shows.
    pub shown: Pane,
    pub lists: [ListView; 5],
    /// The cursor among Detail's link rows.
    pub link: usize,
    pub back: Vec<Place>,
    pub forward: Vec<Place>,
    pub help: bool,
    pub help_scroll: usize,
    pub status: Option<String>,
    pub width: u16,
    pub height: u16,
    /// Draw without colour (the `NO_COLOR` convention).
    pub no_color: bool,
    pub filter: Option<PaneFilter>,
    pub jump: Option<Jump>,
    /// Recently visited entities, newest first.
    pub recent: Vec<EntityRef>,
    /// Numbers search requests, so stale answers are recognised.
    generation: u64,
    /// Where `e` writes notes.
    pub export_dir: PathBuf,
    /// Shown across the top while the KB on disk has problems (the last good KB stays on screen).
    pub banner: Option<String>,
    /// The timeline view (Actors, Timeline, Detail) instead of the four lists.
    pub timeline: bool,
    /// An export waiting for "overwrite? (y/N)".
    pub confirm: Option<PendingOverwrite>,
    /// The note last sent to be written, kept until its answer in case it must ask to overwrite.
    last_export: Option<PendingOverwrite>,
    /// Keys pressed after Enter but before the search answer it waits for; replayed, in order,
    /// once that answer has been chosen from.
    deferred: Vec<Action>,
    /// Everything of each kind, in the order the "all" lists show it.
    all: [Vec<EntityRef>; 4],
    /// What Claims (and so Sources) are linked to: the actor, or the meeting last moved to.
    claims_anchor: Option<EntityRef>,
}

/// The most history kept; older places are dropped.
const MAX_HISTORY: usize = 1000;

/// How many recently visited entities are remembered.
const MAX_RECENT: usize = 50;

impl App {
    pub fn new(kb: impl Into<Arc<Kb>>, width: u16, height: u16) -> App {
        let kb: Arc<Kb> = kb.into();
        let all = all_lists(&kb);
        let mut app = App {
            focus: Pane::Actors,
            shown: Pane::Actors,
            lists: Default::default(),
            link: 0,
            back: Vec::new(),
            forward: Vec::new(),
            help: false,
            help_scroll: 0,
            status: None,
            width,
            height,
            no_color: false,
            filter: None,
            jump: None,
            recent: Vec::new(),
            generation: 0,
            export_dir: PathBuf::from("exports"),
            banner: None,
            timeline: false,
            confirm: None,
            last_export: None,
            deferred: Vec::new(),
            claims_anchor: None,
            all,
            kb,
        };
        app.lists[0].items = app.all[0].clone();
        for p in [Pane::Meetings, Pane::Claims, Pane::Sources, Pane::Timeline] {
            app.lists[p.index()].linked = true;
        }
        app.actor_moved();
        app
    }

    pub fn list(&self, pane: Pane) -> &ListView {
        &self.lists[pane.index().min(4)]
    }

    /// The entity Detail shows.
    pub fn detail_target(&self) -> Option<EntityRef> {
        self.list(self.shown).current()
    }

    /// Detail's link rows, in display order: relation label and target.
    pub fn detail_links(&self) -> Vec<(&'static str, EntityRef)> {
        let Some(e) = self.detail_target() else {
            return Vec::new();
        };
        self.kb
            .relations(e)
            .into_iter()
            .flat_map(|r| r.targets.into_iter().map(move |t| (r.label, t)))
            .collect()
    }

    /// Rows the reload-problem banner takes at the top.
    pub fn banner_rows(&self) -> u16 {
        u16::from(self.banner.is_some())
    }

    /// The layout at a given size (drawing uses the frame's size, which can lead `width`).
    pub fn screen_at(&self, width: u16, height: u16) -> layout::Screen {
        layout::screen_below(width, height, self.focus, self.banner_rows(), self.timeline)
    }

    pub fn screen(&self) -> layout::Screen {
        layout::screen_below(
            self.width,
            self.height,
            self.focus,
            self.banner_rows(),
            self.timeline,
        )
    }

    /// Rows visible in a list pane at the current size (at least 1).
    fn page(&self, pane: Pane) -> usize {
        let s = layout::screen_below(
            self.width,
            self.height,
            pane,
            self.banner_rows(),
            self.timeline,
        );
        s.rect(pane)
            .map_or(1, |r| r.height.saturating_sub(2).max(1) as usize)
    }

    /// Recomputes a linked pane after its anchor moved; an "all" pane does not depend on it.
    fn refresh(&mut self, pane: Pane) {
        if self.list(pane).linked || self.list(pane).items.is_empty() {
            self.rebuild(pane);
        }
    }

    fn rebuild(&mut self, pane: Pane) {
        let keep = self.list(pane).current();
        let (items, anchor) = if self.list(pane).linked {
            self.linked_items(pane)
        } else if pane == Pane::Timeline {
            let meetings = self.all[1].iter().copied();
            let claims = self.all[2].iter().copied();
            (
                timeline_order(&self.kb, meetings.chain(claims).collect()),
                None,
            )
        } else {
            (self.all[pane.index()].clone(), None)
        };
        let page = self.page(pane);
        let view = &mut self.lists[pane.index()];
        view.items = items;
        view.anchor = anchor;
        view.selected = keep
            .and_then(|k| view.items.iter().position(|e| *e == k))
            .unwrap_or(0);
        view.offset = 0;
        scroll_into_view(view, page);
    }

    /// What a linked pane shows, and what it is linked to.
    fn linked_items(&self, pane: Pane) -> (Vec<EntityRef>, Option<EntityRef>) {
        let kb = &self.kb;
        let links = kb.links();
        let actor = self.lists[0].current();
        match pane {
            Pane::Actors | Pane::Detail => (self.all[0].clone(), None),
            Pane::Timeline => {
                let Some(EntityRef::Actor(a)) = actor else {
                    return (Vec::new(), actor);
                };
                let meetings = links
                    .actor_meetings
                    .get(a.index())
                    .iter()
                    .chain(links.actor_meetings_spoken.get(a.index()))
                    .map(|m| EntityRef::Meeting(*m));
                let claims = links
                    .actor_claims_made
                    .get(a.index())
                    .iter()
                    .chain(links.actor_claims_about.get(a.index()))
                    .map(|c| EntityRef::Claim(*c));
                (timeline_order(kb, meetings.chain(claims).collect()), actor)
            }
            Pane::Meetings => {
                let Some(EntityRef::Actor(a)) = actor else {
                    return (Vec::new(), actor);
                };
                let mut v: Vec<EntityRef> = links
                    .actor_meetings
                    .get(a.index())
                    .iter()
                    .chain(links.actor_meetings_spoken.get(a.index()))
                    .map(|m| EntityRef::Meeting(*m))
                    .collect();
                sort_meetings(kb, &mut v);
                v.dedup();
                (v, actor)
            }
            Pane::Claims => match self.claims_anchor {
                Some(EntityRef::Actor(a)) => {
                    let mut ids: Vec<u32> = links
                        .actor_claims_made
                        .get(a.index())
                        .iter()
                        .chain(links.actor_claims_about.get(a.index()))
                        .map(|c| c.0)
                        .collect();
                    ids.sort_unstable();
                    ids.dedup();
                    let v = ids
                        .into_iter()
                        .map(|i| EntityRef::Claim(crate::kb::ClaimId(i)))
                        .collect();
                    (v, self.claims_anchor)
                }
                Some(EntityRef::Meeting(m)) => (
                    links
                        .meeting_claims
                        .get(m.index())
                        .iter()
                        .map(|c| EntityRef::Claim(*c))
                        .collect(),
                    self.claims_anchor,
                ),
                _ => (Vec::new(), self.claims_anchor),
            },
            Pane::Sources => {
                let mut ids: Vec<u32> = self.lists[2]
                    .items
                    .iter()
                    .filter_map(|c| match c {
                        EntityRef::Claim(c) => Some(kb.claim(*c).source.0),
                        _ => None,
                    })
                    .collect();
                if let Some(EntityRef::Meeting(m)) = self.claims_anchor {
                    ids.extend(kb.meeting(m).sources.iter().map(|s| s.0));
                }
                ids.sort_unstable();
                ids.dedup();
                let v = ids
                    .into_iter()
                    .map(|i| EntityRef::Source(crate::kb::SourceId(i)))
                    .collect();
                (v, self.claims_anchor)
            }
        }
    }

    /// The actor selection changed: everything downstream follows it.
    fn actor_moved(&mut self) {
        self.claims_anchor = self.lists[0].current();
        self.refresh(Pane::Meetings);
        self.refresh(Pane::Claims);
        self.refresh(Pane::Sources);
        if self.timeline {
            self.refresh(Pane::Timeline);
        }
    }

    /// The selection in `pane` changed.
    fn selection_moved(&mut self, pane: Pane) {
        match pane {
            Pane::Actors => self.actor_moved(),
            Pane::Meetings => {
                if let Some(m) = self.list(Pane::Meetings).current() {
                    self.claims_anchor = Some(m);
                }
                self.refresh(Pane::Claims);
                self.refresh(Pane::Sources);
            }
            Pane::Claims => {}
            Pane::Sources | Pane::Timeline | Pane::Detail => {}
        }
        if pane == self.shown {
            self.link = 0;
        }
    }

    fn move_selection(&mut self, pane: Pane, to: impl Fn(usize, usize, usize) -> usize) {
        if pane == Pane::Detail {
            return;
        }
        let page = self.page(pane);
        let view = &mut self.lists[pane.index()];
        if view.items.is_empty() {
            return;
        }
        let before = view.selected;
        view.selected = to(view.selected, view.items.len(), page).min(view.items.len() - 1);
        scroll_into_view(view, page);
        if view.selected != before {
            self.selection_moved(pane);
        }
    }

    /// Selects `entity` in its own pane, switching that pane to "all" when the entity is not in
    /// its linked list. Returns the pane.
    fn select_entity(&mut self, entity: EntityRef) -> Pane {
        let pane = Pane::of(entity.kind());
        if !self.list(pane).items.contains(&entity) {
            self.lists[pane.index()].linked = false;
            self.rebuild(pane);
        }
        let page = self.page(pane);
        let view = &mut self.lists[pane.index()];
        if let Some(i) = view.items.iter().position(|e| *e == entity) {
            let moved = view.selected != i;
            view.selected = i;
            scroll_into_view(view, page);
            if moved {
                self.selection_moved(pane);
            }
        }
        pane
    }

    /// Selects `entity` in `pane` when it is listed there; whether it was.
    fn select_in(&mut self, pane: Pane, entity: EntityRef) -> bool {
        let page = self.page(pane);
        let view = &mut self.lists[pane.index()];
        let Some(i) = view.items.iter().position(|e| *e == entity) else {
            return false;
        };
        let moved = view.selected != i;
        view.selected = i;
        scroll_into_view(view, page);
        if moved {
            self.selection_moved(pane);
        }
        true
    }

    fn set_timeline(&mut self, on: bool) {
        self.timeline = on;
        if on {
            self.rebuild(Pane::Timeline);
            self.focus = Pane::Timeline;
            self.shown = Pane::Timeline;
        } else {
            if matches!(self.focus, Pane::Timeline) {
                self.focus = Pane::Actors;
            }
            if self.shown == Pane::Timeline {
                self.shown = Pane::Actors;
            }
        }
        self.link = 0;
    }

    fn here(&self) -> Option<Place> {
        Some(Place {
            pane: self.shown,
            entity: self.detail_target()?,
            in_detail: self.focus == Pane::Detail,
            link: self.link,
        })
    }

    /// Shows `entity` as following a link does, recording where we were.
    pub fn go_to(&mut self, entity: EntityRef) {
        if let Some(here) = self.here() {
            push_bounded(&mut self.back, here);
            self.forward.clear();
        }
        // The timeline view shows only Actors besides itself: going to anything else leaves it.
        if self.timeline && entity.kind() != EntityKind::Actor {
            self.set_timeline(false);
        }
        let pane = self.select_entity(entity);
        self.focus = pane;
        self.shown = pane;
        self.link = 0;
        self.note_visit(entity);
    }

    /// Puts a reloaded KB in place, keeping every selection, each pane's linked/all choice and the
    /// history wherever their ids still exist; a vanished selection falls back to its neighbour.
    fn replace_kb(&mut self, p: PreparedKb) -> Vec<Effect> {
        // Open searches refer to the old KB: close them as Esc would.
        if self.filter.is_some() {
            self.filter_cancel();
        }
        self.jump = None;
        self.deferred.clear();
        let old = self.kb.clone();
        let new = p.kb.clone();
        let map = |e: EntityRef| new.lookup(old.id_of(e)).filter(|n| n.kind() == e.kind());
        let before: Vec<(Option<EntityRef>, usize)> = self
            .lists
            .iter()
            .map(|v| (v.current().and_then(map), v.selected))
            .collect();
        let anchor = self.claims_anchor.and_then(map);
        let link = self.link;
        self.back = self
            .back
            .iter()
            .filter_map(|pl| map(pl.entity).map(|e| Place { entity: e, ..*pl }))
            .collect();
        self.forward = self
            .forward
            .iter()
            .filter_map(|pl| map(pl.entity).map(|e| Place { entity: e, ..*pl }))
            .collect();
        self.recent = self.recent.iter().filter_map(|e| map(*e)).collect();
        self.kb = new.clone();
        self.all = p.all;
        for view in &mut self.lists {
            view.items.clear();
            view.anchor = None;
        }
        let reselect = |app: &mut App, pane: Pane| {
            let (entity, index) = before[pane.index()];
            let page = app.page(pane);
            let view = &mut app.lists[pane.index()];
            view.selected = entity
                .and_then(|e| view.items.iter().position(|x| *x == e))
                .unwrap_or_else(|| index.min(view.items.len().saturating_sub(1)));
            view.offset = 0;
            scroll_into_view(view, page);
        };
        self.lists[0].items = self.all[0].clone();
        reselect(self, Pane::Actors);
        self.claims_anchor = self.lists[0].current();
        self.rebuild(Pane::Meetings);
        reselect(self, Pane::Meetings);
        if let Some(a @ EntityRef::Meeting(_)) = anchor {
            self.claims_anchor = Some(a);
        }
        self.rebuild(Pane::Claims);
        reselect(self, Pane::Claims);
        self.rebuild(Pane::Sources);
        reselect(self, Pane::Sources);
        self.link = link.min(self.detail_links().len().saturating_sub(1));
        self.banner = None;
        self.status = Some(p.summary);
        vec![Effect::KbChanged]
    }

    fn note_visit(&mut self, entity: EntityRef) {
        self.recent.retain(|e| *e != entity);
        self.recent.insert(0, entity);
        self.recent.truncate(MAX_RECENT);
    }

    /// What `e` and `y` act on: the link selected in Detail when Detail is focused, else the
    /// focused pane's selection.
    pub fn export_target(&self) -> Option<EntityRef> {
        if self.focus == Pane::Detail
            && let Some((_, t)) = self.detail_links().get(self.link)
        {
            return Some(*t);
        }
        self.detail_target()
    }

    fn export(&mut self) -> Vec<Effect> {
        let Some(e) = self.export_target() else {
            self.status = Some("nothing selected to export".into());
            return Vec::new();
        };
        let Some(path) = crate::export::write::note_path(&self.export_dir, self.kb.id_of(e), "md")
        else {
            self.status = Some("this item's id cannot name a file".into());
            return Vec::new();
        };
        let contents = crate::export::markdown::note(&self.kb, e);
        self.last_export = Some(PendingOverwrite {
            path: path.clone(),
            contents: contents.clone(),
        });
        vec![Effect::WriteNote {
            path,
            contents,
            overwrite: false,
        }]
    }

    fn copy(&mut self) -> Vec<Effect> {
        let Some(e) = self.export_target() else {
            self.status = Some("nothing selected to copy".into());
            return Vec::new();
        };
        let text = crate::export::markdown::note(&self.kb, e);
        vec![Effect::Copy {
            text,
            what: self.kb.id_of(e).to_string(),
        }]
    }

    /// Whether Enter was pressed in a search whose answer has not arrived yet.
    fn awaiting_choice(&self) -> bool {
        self.filter.as_ref().is_some_and(|f| f.confirm_on_answer)
            || self.jump.as_ref().is_some_and(|j| j.confirm_on_answer)
    }

    /// Which keys apply now.
    pub fn key_scope(&self) -> keymap::Scope {
        if self.awaiting_choice() {
            // Keys typed after Enter are meant for the browser, once the choice is made.
            keymap::Scope::Browse
        } else if self.confirm.is_some() {
            keymap::Scope::Confirm
        } else if self.help {
            keymap::Scope::Help
        } else if self.filter.is_some() || self.jump.is_some() {
            keymap::Scope::Query
        } else {
            keymap::Scope::Browse
        }
    }

    /// A search request for `input` over `scope`, or the reason it cannot run.
    fn request(&mut self, input: &str, scope: Scope) -> Result<Request, String> {
        let query = Query::parse(input).map_err(|e| e.to_string())?;
        self.generation += 1;
        Ok(Request {
            generation: self.generation,
            query,
            scope,
        })
    }

    fn open_filter(&mut self) -> Vec<Effect> {
        let pane = if self.focus == Pane::Detail {
            self.shown
        } else {
            self.focus
        };
        self.focus = pane;
        self.shown = pane;
        self.filter = Some(PaneFilter {
            pane,
            input: String::new(),
            error: None,
            results: None,
            pending: false,
            confirm_on_answer: false,
            generation: 0,
            saved: self.list(pane).clone(),
            saved_place: self.here(),
        });
        Vec::new()
    }

    /// The filter's input changed: search again, or show the pane as it was for an empty query.
    fn filter_changed(&mut self) -> Vec<Effect> {
        let Some(f) = &self.filter else {
            return Vec::new();
        };
        let (pane, input) = (f.pane, f.input.clone());
        let scope = match pane {
            // The timeline mixes kinds: search exactly what it lists.
            Pane::Timeline => Scope {
                kind: None,
                only: Some(f.saved.items.clone()),
            },
            _ => Scope {
                kind: Some(match pane {
                    Pane::Meetings => EntityKind::Meeting,
                    Pane::Claims => EntityKind::Claim,
                    Pane::Sources => EntityKind::Source,
                    _ => EntityKind::Actor,
                }),
                only: f.saved.linked.then(|| f.saved.items.clone()),
            },
        };
        if input.trim().is_empty() {
            let saved = f.saved.clone();
            if let Some(f) = self.filter.as_mut() {
                f.error = None;
                f.results = None;
                f.pending = false;
                f.generation = u64::MAX;
            }
            self.lists[pane.index()] = saved;
            self.selection_moved(pane);
            return Vec::new();
        }
        let request = self.request(&input, scope);
        let Some(f) = self.filter.as_mut() else {
            return Vec::new();
        };
        match request {
            Ok(r) => {
                f.error = None;
                f.pending = true;
                f.generation = r.generation;
                vec![Effect::Search(r)]
            }
            Err(e) => {
                // Stale results under an error would look like answers to the broken query.
                f.error = Some(e);
                f.pending = false;
                f.generation = u64::MAX;
                f.results = Some(Arc::new(Results::default()));
                self.lists[pane.index()].items.clear();
                self.lists[pane.index()].selected = 0;
                self.lists[pane.index()].offset = 0;
                self.selection_moved(pane);
                Vec::new()
            }
        }
    }

    fn filter_results(&mut self, response: Response) {
        let Some(f) = self.filter.as_mut() else {
            return;
        };
        if response.generation != f.generation {
            return;
        }
        let pane = f.pane;
        f.pending = false;
        let items: Vec<EntityRef> = response.results.hits.iter().map(|h| h.entity).collect();
        f.results = Some(response.results);
        let confirm = f.confirm_on_answer;
        let view = &mut self.lists[pane.index()];
        view.items = items;
        view.selected = 0;
        view.offset = 0;
        self.selection_moved(pane);
        if confirm {
            self.filter_confirm();
        }
    }

    /// Enter in the filter: keep the chosen item selected in the pane as it was.
    fn filter_confirm(&mut self) {
        let Some(f) = self.filter.take() else { return };
        let chosen = self.list(f.pane).current().filter(|_| f.results.is_some());
        self.lists[f.pane.index()] = f.saved;
        self.selection_moved(f.pane);
        self.focus = f.pane;
        self.shown = f.pane;
        if let Some(e) = chosen {
            if let Some(place) = f.saved_place.filter(|p| p.entity != e) {
                push_bounded(&mut self.back, place);
                self.forward.clear();
            }
            if f.pane == Pane::Timeline {
                self.select_in(Pane::Timeline, e);
            } else {
                self.select_entity(e);
            }
            self.link = 0;
            self.note_visit(e);
        }
    }

    /// Esc in the filter: the pane exactly as it was.
    fn filter_cancel(&mut self) {
        let Some(f) = self.filter.take() else { return };
        self.lists[f.pane.index()] = f.saved;
        self.selection_moved(f.pane);
    }

    fn open_jump(&mut self) -> Vec<Effect> {
        self.jump = Some(Jump {
            items: self.recent.clone(),
            hits: vec![None; self.recent.len()],
            ..Jump::default()
        });
        self.jump_changed()
    }

    fn jump_changed(&mut self) -> Vec<Effect> {
        let input = self
            .jump
            .as_ref()
            .map(|j| j.input.clone())
            .unwrap_or_default();
        let request = self.request(&input, Scope::default());
        let Some(j) = self.jump.as_mut() else {
            return Vec::new();
        };
        match request {
            Ok(r) => {
                j.error = None;
                j.pending = true;
                j.generation = r.generation;
                vec![Effect::Search(r)]
            }
            Err(e) => {
                j.error = Some(e);
                j.pending = false;
                j.generation = u64::MAX;
                j.items.clear();
                j.hits.clear();
                j.selected = 0;
                j.offset = 0;
                Vec::new()
            }
        }
    }

    fn jump_results(&mut self, response: Response) {
        let recent = self.recent.clone();
        let Some(j) = self.jump.as_mut() else { return };
        if response.generation != j.generation {
            return;
        }
        j.pending = false;
        j.total = response.results.total;
        let hits = &response.results.hits;
        if j.input.trim().is_empty() {
            // Recently visited first, then everything else.
            j.items = recent.clone();
            j.hits = vec![None; recent.len()];
            for h in hits.iter().filter(|h| !recent.contains(&h.entity)) {
                j.items.push(h.entity);
                j.hits.push(Some(*h));
            }
        } else {
            j.items = hits.iter().map(|h| h.entity).collect();
            j.hits = hits.iter().map(|h| Some(*h)).collect();
        }
        j.selected = 0;
        j.offset = 0;
        if j.confirm_on_answer {
            self.jump_confirm();
        }
    }

    /// Enter in the jump popup: go to the highlighted item, or to the top result once it arrives.
    fn jump_confirm(&mut self) {
        let Some(j) = self.jump.as_mut() else { return };
        if j.pending {
            j.confirm_on_answer = true;
            return;
        }
        let chosen = j.items.get(j.selected).copied();
        self.jump = None;
        if let Some(e) = chosen {
            self.go_to(e);
        }
    }

    fn jump_page(&self) -> usize {
        layout::jump_rect(self.width, self.height)
            .height
            .saturating_sub(3)
            .max(1) as usize
    }

    fn jump_move(&mut self, to: impl Fn(usize, usize, usize) -> usize) {
        let page = self.jump_page();
        let Some(j) = self.jump.as_mut() else { return };
        if j.items.is_empty() {
            return;
        }
        j.selected = to(j.selected, j.items.len(), page).min(j.items.len() - 1);
        if j.selected < j.offset {
            j.offset = j.selected;
        } else if j.selected >= j.offset + page {
            j.offset = j.selected + 1 - page;
        }
    }

    /// Edits the open search line.
    fn edit_input(&mut self, edit: impl Fn(&mut String)) -> Vec<Effect> {
        if let Some(j) = self.jump.as_mut() {
            edit(&mut j.input);
            return self.jump_changed();
        }
        if let Some(f) = self.filter.as_mut() {
            edit(&mut f.input);
            return self.filter_changed();
        }
        Vec::new()
    }

    fn restore(&mut self, place: Place) {
        if place.pane == Pane::Timeline {
            if !self.timeline {
                self.set_timeline(true);
            }
            if !self.select_in(Pane::Timeline, place.entity) {
                self.lists[Pane::Timeline.index()].linked = false;
                self.rebuild(Pane::Timeline);
                self.select_in(Pane::Timeline, place.entity);
            }
            self.shown = Pane::Timeline;
            self.focus = if place.in_detail {
                Pane::Detail
            } else {
                Pane::Timeline
            };
            self.link = place.link.min(self.detail_links().len().saturating_sub(1));
            return;
        }
        if self.timeline && place.entity.kind() != EntityKind::Actor {
            self.set_timeline(false);
        }
        let pane = self.select_entity(place.entity);
        self.shown = pane;
        self.focus = if place.in_detail { Pane::Detail } else { pane };
        self.link = place.link.min(self.detail_links().len().saturating_sub(1));
    }

    /// The panes of the current view, in Tab order.
    pub fn panes(&self) -> &'static [Pane] {
        if self.timeline {
            &Pane::TIMELINE_VIEW
        } else {
            &Pane::ALL
        }
    }

    fn cycle_focus(&mut self, step: isize) {
        let order = self.panes();
        let i = order.iter().position(|p| *p == self.focus).unwrap_or(0) as isize;
        let next = order[(i + step).rem_euclid(order.len() as isize) as usize];
        self.focus = next;
        if next != Pane::Detail {
            if self.shown != next {
                self.link = 0;
            }
            self.shown = next;
        }
    }

    fn toggle_linked(&mut self) {
        if self.timeline {
            let view = &mut self.lists[Pane::Timeline.index()];
            view.linked = !view.linked;
            let to = view.linked;
            self.rebuild(Pane::Timeline);
            self.status = Some(format!(
                "Timeline: {}",
                if to { "linked items" } else { "all items" }
            ));
            return;
        }
        let dependent = [Pane::Meetings, Pane::Claims, Pane::Sources];
        let targets: Vec<Pane> = if dependent.contains(&self.focus) {
            vec![self.focus]
        } else {
            dependent.to_vec()
        };
        let to = !targets.iter().any(|p| self.list(*p).linked);
        for p in &targets {
            self.lists[p.index()].linked = to;
        }
        // Claims feed Sources: rebuild in order.
        for p in dependent {
            self.rebuild(p);
        }
        self.status = Some(format!(
            "{}: {}",
            targets
                .iter()
                .map(|p| p.name())
                .collect::<Vec<_>>()
                .join(", "),
            if to { "linked items" } else { "all items" }
        ));
    }
}

/// Everything of each kind, in the order the "all" lists show it (meetings by date).
fn all_lists(kb: &Kb) -> [Vec<EntityRef>; 4] {
    let all_of = |k: EntityKind| -> Vec<EntityRef> {
        let n = kb.count(k);
        let mut v: Vec<EntityRef> = (0..n as u32)
            .map(|i| match k {
                EntityKind::Actor => EntityRef::Actor(crate::kb::ActorId(i)),
                EntityKind::Meeting => EntityRef::Meeting(MeetingId(i)),
                EntityKind::Claim => EntityRef::Claim(crate::kb::ClaimId(i)),
                EntityKind::Source => EntityRef::Source(crate::kb::SourceId(i)),
            })
            .collect();
        if k == EntityKind::Meeting {
            sort_meetings(kb, &mut v);
        }
        v
    };
    [
        all_of(EntityKind::Actor),
        all_of(EntityKind::Meeting),
        all_of(EntityKind::Claim),
        all_of(EntityKind::Source),
    ]
}

/// A reloaded KB made ready to replace the current one: the work that grows with the KB (the
/// "all" lists, what changed) done off the UI thread.
#[derive(Debug, Clone)]
pub struct PreparedKb {
    pub kb: Arc<Kb>,
    all: [Vec<EntityRef>; 4],
    /// "reloaded: +1 claim, 1 actor changed".
    pub summary: String,
}

impl PartialEq for PreparedKb {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.kb, &other.kb)
    }
}

/// Compares `new` with `old` and prepares it; linear in the KB, so call it off the UI thread.
pub fn prepare(old: &Kb, new: Kb) -> PreparedKb {
    let mut parts: Vec<String> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let plural = |n: usize, k: EntityKind| {
        if n == 1 {
            k.as_str().to_string()
        } else {
            k.plural().to_string()
        }
    };
    for kind in [
        EntityKind::Actor,
        EntityKind::Meeting,
        EntityKind::Claim,
        EntityKind::Source,
    ] {
        let (mut added, mut removed, mut differ) = (0, 0, 0);
        for e in new.sorted(Some(kind)) {
            match old.lookup(new.id_of(e)) {
                None => added += 1,
                Some(o) if o.kind() != kind => added += 1,
                Some(o) if old.fingerprint(o) != new.fingerprint(e) => differ += 1,
                Some(_) => {}
            }
        }
        for e in old.sorted(Some(kind)) {
            if new.lookup(old.id_of(e)).is_none_or(|n| n.kind() != kind) {
                removed += 1;
            }
        }
        if added > 0 {
            parts.push(format!("+{added} {}", plural(added, kind)));
        }
        if removed > 0 {
            parts.push(format!("-{removed} {}", plural(removed, kind)));
        }
        if differ > 0 {
            changed.push(format!("{differ} {} changed", plural(differ, kind)));
        }
    }
    parts.extend(changed);
    let summary = if parts.is_empty() {
        "reloaded: no changes".to_string()
    } else {
        format!("reloaded: {}", parts.join(", "))
    };
    let all = all_lists(&new);
    PreparedKb {
        kb: Arc::new(new),
        all,
        summary,
    }
}

/// The outcome of a reload, as the UI receives it.
#[derive(Debug, Clone, PartialEq)]
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
            more: e.diagnostics.len().saturating_sub(1),
        }
    }
}

fn push_bounded(stack: &mut Vec<Place>, place: Place) {
    if stack.last() != Some(&place) {
        stack.push(place);
    }
    if stack.len() > MAX_HISTORY {
        stack.remove(0);
    }
}

/// The date an entity sits at on the timeline.
pub fn timeline_date(kb: &Kb, e: EntityRef) -> Option<crate::kb::PartialDate> {
    match e {
        EntityRef::Meeting(m) => kb.meeting(m).date,
        EntityRef::Claim(c) => kb.claim(c).date,
        _ => None,
    }
}

/// Timeline order: by date at its precision (a year before its months, a month before its days),
/// meetings before claims on the same date, undated meetings last; undated claims are left out.
pub fn timeline_order(kb: &Kb, mut v: Vec<EntityRef>) -> Vec<EntityRef> {
    v.retain(|e| match e {
        EntityRef::Meeting(_) => true,
        EntityRef::Claim(c) => kb.claim(*c).date.is_some(),
        _ => false,
    });
    v.sort_by(|a, b| {
        let key = |e: &EntityRef| {
            let d = timeline_date(kb, *e);
            (
                d.is_none(),
                d,
                matches!(e, EntityRef::Claim(_)),
                kb.id_of(*e),
            )
        };
        key(a).cmp(&key(b))
    });
    v.dedup();
    v
}

fn sort_meetings(kb: &Kb, v: &mut [EntityRef]) {
    v.sort_by(|a, b| {
        let key = |e: &EntityRef| match e {
            EntityRef::Meeting(m) => kb.meeting_order(*m),
            _ => (true, None, ""),
        };
        key(a).cmp(&key(b))
    });
}

fn scroll_into_view(view: &mut ListView, page: usize) {
    if view.selected < view.offset {
        view.offset = view.selected;
    } else if view.selected >= view.offset + page {
        view.offset = view.selected + 1 - page;
    }
    let max_offset = view.items.len().saturating_sub(page);
    view.offset = view.offset.min(max_offset);
}

/// Applies `action` to `app`. Pure: no I/O; what must happen outside is returned.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if !matches!(
        action,
        Action::Resize(..) | Action::Scroll(..) | Action::SearchResults(..)
    ) {
        app.status = None;
    }
    if let Action::Resize(w, h) = action {
        app.width = w;
        app.height = h;
        for p in Pane::LISTS {
            let page = app.page(p);
            scroll_into_view(&mut app.lists[p.index()], page);
        }
        app.jump_move(|s, _, _| s);
        return Vec::new();
    }
    match action {
        Action::Exported(path, outcome) => {
            let shown = path.display().to_string();
            match outcome {
                ExportOutcome::Written => {
                    app.confirm = None;
                    app.last_export = None;
                    app.status = Some(format!("exported {shown}"));
                }
                ExportOutcome::Exists => {
                    app.status = Some(format!("overwrite {shown}? (y/N)"));
                    app.confirm = app.last_export.take().filter(|p| p.path == path);
                }
                ExportOutcome::Failed(why) => {
                    app.confirm = None;
                    app.last_export = None;
                    app.status = Some(format!("export failed: {why}"));
                }
            }
            return Vec::new();
        }
        Action::Copied(result) => {
            app.status = Some(match result {
                Ok(n) => format!("copied the note to the clipboard ({n} bytes, OSC 52)"),
                Err(why) => format!("copy failed: {why}"),
            });
            return Vec::new();
        }
        Action::Reloaded(outcome) => {
            return match *outcome {
                ReloadOutcome::Loaded(p) => app.replace_kb(p),
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
            };
        }
        Action::Confirm(yes) => {
            let Some(pending) = app.confirm.take() else {
                return Vec::new();
            };
            if yes {
                return vec![Effect::WriteNote {
                    path: pending.path,
                    contents: pending.contents,
                    overwrite: true,
                }];
            }
            app.status = Some(format!("not overwritten: {}", pending.path.display()));
            return Vec::new();
        }
        _ => {}
    }
    if let Action::SearchResults(response) = action {
        if app.jump.is_some() {
            app.jump_results(*response);
        } else {
            app.filter_results(*response);
        }
        let mut effects = Vec::new();
        if !app.awaiting_choice() {
            for a in std::mem::take(&mut app.deferred) {
                effects.extend(update(app, a));
            }
        }
        return effects;
    }
    if app.awaiting_choice() {
        if action == Action::Quit {
            return vec![Effect::Quit];
        }
        app.deferred.push(action);
        return Vec::new();
    }
    if app.jump.is_some() && !app.help {
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Input(c) => return app.edit_input(|s| s.push(c)),
            Action::DeleteChar => {
                return app.edit_input(|s| {
                    s.pop();
                });
            }
            Action::ClearInput => return app.edit_input(String::clear),
            Action::Down => app.jump_move(|s, _, _| s + 1),
            Action::Up => app.jump_move(|s, _, _| s.saturating_sub(1)),
            Action::PageDown => app.jump_move(|s, _, p| s + p),
            Action::PageUp => app.jump_move(|s, _, p| s.saturating_sub(p)),
            Action::CloseOverlay => app.jump = None,
            Action::Activate => app.jump_confirm(),
            _ => {}
        }
        return Vec::new();
    }
    if let Some(pane) = app.filter.as_ref().map(|f| f.pane).filter(|_| !app.help) {
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Input(c) => return app.edit_input(|s| s.push(c)),
            Action::DeleteChar => {
                return app.edit_input(|s| {
                    s.pop();
                });
            }
            Action::ClearInput => return app.edit_input(String::clear),
            Action::Down => app.move_selection(pane, |s, _, _| s + 1),
            Action::Up => app.move_selection(pane, |s, _, _| s.saturating_sub(1)),
            Action::PageDown => app.move_selection(pane, |s, _, page| s + page),
            Action::PageUp => app.move_selection(pane, |s, _, page| s.saturating_sub(page)),
            Action::Activate => {
                // A fast typist's Enter can beat the answer: take the top result when it comes.
                match app.filter.as_mut() {
                    Some(f) if f.pending => f.confirm_on_answer = true,
                    _ => app.filter_confirm(),
                }
            }
            Action::CloseOverlay => app.filter_cancel(),
            _ => {}
        }
        return Vec::new();
    }
    if app.help {
        match action {
            Action::ToggleHelp | Action::CloseOverlay => app.help = false,
            Action::Quit => return vec![Effect::Quit],
            Action::Down => app.help_scroll += 1,
            Action::Up => app.help_scroll = app.help_scroll.saturating_sub(1),
            Action::PageDown => app.help_scroll += 10,
            Action::PageUp => app.help_scroll = app.help_scroll.saturating_sub(10),
            Action::Top => app.help_scroll = 0,
            _ => {}
        }
        return Vec::new();
    }
    let focus = app.focus;
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::ToggleHelp => {
            app.help = true;
            app.help_scroll = 0;
        }
        Action::CloseOverlay => {}
        Action::FocusNext => app.cycle_focus(1),
        Action::FocusPrev => app.cycle_focus(-1),
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::Top
        | Action::Bottom
            if focus == Pane::Detail =>
        {
            let n = app.detail_links().len();
            if n > 0 {
                app.link = match action {
                    Action::Down => (app.link + 1).min(n - 1),
                    Action::Up => app.link.saturating_sub(1),
                    Action::PageDown => (app.link + 10).min(n - 1),
                    Action::PageUp => app.link.saturating_sub(10),
                    Action::Top => 0,
                    _ => n - 1,
                };
            }
        }
        Action::Down => app.move_selection(focus, |s, _, _| s + 1),
        Action::Up => app.move_selection(focus, |s, _, _| s.saturating_sub(1)),
        Action::PageDown => app.move_selection(focus, |s, _, page| s + page),
        Action::PageUp => app.move_selection(focus, |s, _, page| s.saturating_sub(page)),
        Action::Top => app.move_selection(focus, |_, _, _| 0),
        Action::Bottom => app.move_selection(focus, |_, n, _| n.saturating_sub(1)),
        Action::Activate => {
            if focus == Pane::Detail {
                if let Some((_, target)) = app.detail_links().get(app.link).copied() {
                    app.go_to(target);
                }
            } else if focus == Pane::Timeline {
                // As following a link: to the item in its own pane, recorded in the history.
                if let Some(e) = app.list(focus).current() {
                    app.go_to(e);
                }
            } else if let Some(e) = app.list(focus).current() {
                app.shown = focus;
                app.focus = Pane::Detail;
                app.link = 0;
                app.note_visit(e);
            }
        }
        Action::Back => match app.back.pop() {
            Some(place) => {
                if let Some(here) = app.here() {
                    push_bounded(&mut app.forward, here);
                }
                app.restore(place);
            }
            None => app.status = Some("no earlier place in the history".into()),
        },
        Action::Forward => match app.forward.pop() {
            Some(place) => {
                if let Some(here) = app.here() {
                    push_bounded(&mut app.back, here);
                }
                app.restore(place);
            }
            None => app.status = Some("no later place in the history".into()),
        },
        Action::ToggleLinked => app.toggle_linked(),
        Action::OpenFilter => return app.open_filter(),
        Action::Export => return app.export(),
        Action::Copy => return app.copy(),
        Action::Reload => {
            if app.kb.is_bundled() {
                app.status = Some("the bundled briefing is built in and does not change; to edit a copy: --data data/".into());
            } else {
                app.status = Some("reloading…".into());
                return vec![Effect::Reload];
            }
        }
        Action::ToggleTimeline => {
            let on = !app.timeline;
            app.set_timeline(on);
        }
        Action::OpenInEditor => {
            if app.kb.is_bundled() {
                app.status = Some(
                    "the bundled briefing is read-only (it is built into the program); to edit it, open a copy: arctic-brief --data data/".into(),
                );
            } else if let Some(e) = app.export_target() {
                return vec![Effect::Edit(e)];
            }
        }
        Action::OpenJump => return app.open_jump(),
        Action::Input(_) | Action::DeleteChar | Action::ClearInput => {}
        Action::Resize(..) | Action::SearchResults(..) => {}
        Action::Confirm(_) | Action::Exported(..) | Action::Copied(_) | Action::Reloaded(_) => {}
        Action::Click(x, y) => {
            let screen = app.screen();
            if let Some((pane, rect)) = screen.pane_at(x, y) {
                app.focus = pane;
                if pane != Pane::Detail {
                    if app.shown != pane {
                        app.link = 0;
                    }
                    app.shown = pane;
                    let row = y.saturating_sub(rect.y + 1) as usize;
                    let inside = y > rect.y && y + 1 < rect.y + rect.height;
                    let target = app.list(pane).offset + row;
                    if inside && target < app.list(pane).items.len() {
                        app.move_selection(pane, |_, _, _| target);
                    }
                }
            } else if let Some(tabs) = screen.tabs.filter(|t| y == t.y) {
                // The tab line names every pane in order, evenly spaced.
                let panes = app.panes();
                let slot = (x as usize * panes.len()) / tabs.width.max(1) as usize;
                if let Some(p) = panes.get(slot) {
                    app.focus = *p;
                    if *p != Pane::Detail {
                        app.shown = *p;
                    }
                }
            }
        }
        Action::Scroll(x, y, delta) => {
            if let Some((pane, _)) = app.screen().pane_at(x, y) {
                let step = |s: usize| {
                    if delta > 0 {
                        s + 3
                    } else {
                        s.saturating_sub(3)
                    }
                };
                if pane == Pane::Detail {
                    let n = app.detail_links().len();
                    app.link = step(app.link).min(n.saturating_sub(1));
                } else {
                    app.move_selection(pane, |s, _, _| step(s));
                }
            }
        }
    }
    Vec::new()
}
