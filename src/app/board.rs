//! The contested-claims board (`c`): every cluster of claims joined by supports / contradicts /
//! qualifies, as rows (cluster headings, side headings, claim rows) with a cursor on the claim
//! rows. The clusters are computed off the UI thread ([`Effect::ComputeBoard`], answered by
//! [`Msg::BoardComputed`]) once per KB and narrowing (all clusters, or those of one actor or
//! meeting), kept until a reload; meanwhile the board says "computing…" and every key still works.
//!
//! The selected claim is also selected in the Claims list (switched to "all" when it is not
//! listed there), so Detail shows it and the history's places carry the board's cursor.
//!
//! A filter (`/`) keeps whole clusters: those holding at least one claim that matches, so each
//! match is read with the claims for and against it; the cursor lands on the first match.

use super::panes::{ListPane, Pane, View};
use super::{Action, App, Effect};
use crate::kb::{ClaimId, ClaimScope, Cluster, EntityRef, Kb};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One row of the board, as drawn.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BoardRow {
    /// A cluster's heading: its position in the board's clusters.
    Cluster(usize),
    /// A side's heading within a cluster.
    Side { cluster: usize, side: usize },
    /// A claim: its cluster, side and place on that side.
    Claim {
        cluster: usize,
        side: usize,
        at: usize,
    },
}

/// The board's state: the computed clusters, what narrows them, the rows and the cursor.
#[derive(Debug, Clone, Default)]
pub struct BoardState {
    /// Clusters per narrowing, for the current KB.
    computed: HashMap<Option<ClaimScope>, Arc<Vec<Cluster>>>,
    /// Narrowings asked for whose clusters have not come back yet.
    pending: HashSet<Option<ClaimScope>>,
    /// The actor or meeting `a` narrows to: selected when the board was opened.
    pub anchor: Option<ClaimScope>,
    /// Showing only the clusters linked to the anchor.
    pub only_anchor: bool,
    /// The claims a filter matched, and its query (no filter: `None`).
    pub matched: Option<(HashSet<ClaimId>, String)>,
    /// The rows shown (the clusters kept by the filter), built when something changes.
    pub rows: Vec<BoardRow>,
    /// The selected row (always a claim row while there is one).
    pub selected: usize,
    /// The first visible row.
    pub offset: usize,
    /// How many clusters `rows` holds (counted when they are built, not per frame).
    shown_clusters: usize,
    /// The filter and selected claim before `/` opened, for Esc.
    pub saved: Option<Snapshot>,
}

/// The board's filter and selected claim at one moment.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    matched: Option<(HashSet<ClaimId>, String)>,
    claim: Option<ClaimId>,
}

impl BoardState {
    /// Its filter and selected claim now.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            matched: self.matched.clone(),
            claim: self.current(),
        }
    }

    /// What narrows the clusters now.
    pub fn scope(&self) -> Option<ClaimScope> {
        self.anchor.filter(|_| self.only_anchor)
    }

    /// The clusters shown, once computed.
    pub fn clusters(&self) -> Option<&Arc<Vec<Cluster>>> {
        self.computed.get(&self.scope())
    }

    /// Whether the clusters shown are still being computed.
    pub fn computing(&self) -> bool {
        self.clusters().is_none()
    }

    /// The claim on `row`.
    pub fn claim_at(&self, row: usize) -> Option<ClaimId> {
        let clusters = self.clusters()?;
        match self.rows.get(row)? {
            BoardRow::Claim { cluster, side, at } => {
                Some(clusters[*cluster].sides[*side].claims[*at].claim)
            }
            _ => None,
        }
    }

    /// The selected claim.
    pub fn current(&self) -> Option<ClaimId> {
        self.claim_at(self.selected)
    }

    /// How many clusters are shown (after the filter).
    pub fn clusters_shown(&self) -> usize {
        self.shown_clusters
    }

    /// Rebuilds the rows from the clusters and the filter, keeping `keep` selected when shown.
    fn rebuild(&mut self, keep: Option<ClaimId>, page: usize) {
        self.rows.clear();
        self.shown_clusters = 0;
        let Some(clusters) = self.computed.get(&self.scope()).cloned() else {
            self.selected = 0;
            self.offset = 0;
            return;
        };
        let matched = self.matched.as_ref().map(|(m, _)| m);
        let mut first_match = None;
        for (ci, cluster) in clusters.iter().enumerate() {
            if let Some(m) = matched
                && !cluster.claims().any(|b| m.contains(&b.claim))
            {
                continue;
            }
            self.rows.push(BoardRow::Cluster(ci));
            self.shown_clusters += 1;
            for (si, side) in cluster.sides.iter().enumerate() {
                self.rows.push(BoardRow::Side {
                    cluster: ci,
                    side: si,
                });
                for (at, b) in side.claims.iter().enumerate() {
                    if first_match.is_none() && matched.is_some_and(|m| m.contains(&b.claim)) {
                        first_match = Some(self.rows.len());
                    }
                    self.rows.push(BoardRow::Claim {
                        cluster: ci,
                        side: si,
                        at,
                    });
                }
            }
        }
        let kept = keep.and_then(|k| (0..self.rows.len()).find(|&r| self.claim_at(r) == Some(k)));
        let row = kept.or(first_match).unwrap_or(0);
        self.offset = 0;
        self.select_near(row, true, page);
    }

    /// Selects the claim row at `row` or the nearest one (searching down first when `down`).
    fn select_near(&mut self, row: usize, down: bool, page: usize) {
        if self.rows.is_empty() {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        let is_claim = |r: &BoardRow| matches!(r, BoardRow::Claim { .. });
        let row = row.min(self.rows.len() - 1);
        let after = (row..self.rows.len()).find(|&r| is_claim(&self.rows[r]));
        let before = (0..=row).rev().find(|&r| is_claim(&self.rows[r]));
        let found = if down {
            after.or(before)
        } else {
            before.or(after)
        };
        self.selected = found.unwrap_or(0);
        self.scroll_into_view(page);
    }

    /// Keeps the selected row visible, with its cluster's and side's headings when they fit.
    pub fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        // The headings just above the selection belong with it.
        let mut top = self.selected;
        while top > 0 && !matches!(self.rows[top - 1], BoardRow::Claim { .. }) {
            top -= 1;
        }
        if self.selected < top + page && top < self.offset {
            self.offset = top;
        } else if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(page));
    }

    /// Moves the cursor by a key: claim rows only, headings skipped.
    fn step(&mut self, a: &Action, page: usize) {
        if self.rows.is_empty() {
            return;
        }
        let s = self.selected;
        let is_claim = |r: usize| matches!(self.rows[r], BoardRow::Claim { .. });
        let last = self.rows.len() - 1;
        let target = match a {
            Action::Down => (s + 1..=last).find(|&r| is_claim(r)).unwrap_or(s),
            Action::Up => (0..s).rev().find(|&r| is_claim(r)).unwrap_or(s),
            Action::PageDown => return self.select_near(s + page, true, page),
            Action::PageUp => return self.select_near(s.saturating_sub(page), false, page),
            Action::Top => return self.select_near(0, true, page),
            Action::Bottom => return self.select_near(last, false, page),
            _ => s,
        };
        self.selected = target;
        self.scroll_into_view(page);
    }
}

impl App {
    /// Rows the board shows at once at the current size (inside its border, below its header).
    pub(super) fn board_page(&self) -> usize {
        self.screen()
            .rect(Pane::Board)
            .map_or(1, |r| (r.height.saturating_sub(3) as usize).max(1))
    }

    /// `c`: the board on or off. Its anchor (for `a`) is Detail's actor or meeting, else the
    /// one the Claims list follows; a new anchor starts with every cluster shown.
    pub(super) fn toggle_board(&mut self) {
        if self.view == View::Board {
            self.set_view(View::Lists);
            return;
        }
        let anchor = self
            .detail_target()
            .and_then(ClaimScope::of)
            .or(self.lists.claim_scope);
        if anchor != self.board.anchor {
            self.board.anchor = anchor;
            self.board.only_anchor = false;
        }
        self.set_view(View::Board);
        self.board_refresh(None);
        self.board_selection_moved();
    }

    /// Asks for the clusters of the current narrowing unless they are at hand or on their way
    /// (called after every action while the board is shown).
    pub(super) fn board_request(&mut self) -> Vec<Effect> {
        let scope = self.board.scope();
        if self.board.computed.contains_key(&scope) || !self.board.pending.insert(scope) {
            return Vec::new();
        }
        vec![Effect::ComputeBoard { scope }]
    }

    /// Rebuilds the board's rows keeping the selected claim (or `keep`).
    fn board_refresh(&mut self, keep: Option<ClaimId>) {
        let keep =
            keep.or(self.board.current())
                .or_else(|| match self.list(ListPane::Claims).current() {
                    Some(EntityRef::Claim(c)) => Some(c),
                    _ => None,
                });
        let page = self.board_page();
        self.board.rebuild(keep, page);
    }

    /// The board's cursor moved: Detail shows its claim (through the Claims list).
    fn board_selection_moved(&mut self) {
        if let Some(c) = self.board.current() {
            self.select_entity(EntityRef::Claim(c));
            self.shown = ListPane::Claims;
            self.link = 0;
        }
    }

    /// Clusters computed off the UI thread: kept when they are for the current KB.
    pub(super) fn board_computed(
        &mut self,
        kb: &Arc<Kb>,
        scope: Option<ClaimScope>,
        clusters: Arc<Vec<Cluster>>,
    ) {
        if !Arc::ptr_eq(kb, &self.kb) {
            return;
        }
        self.board.pending.remove(&scope);
        self.board.computed.insert(scope, clusters);
        if self.view == View::Board && self.board.scope() == scope {
            self.board_refresh(None);
            if self.focus == Pane::Board {
                self.board_selection_moved();
            }
        }
    }

    /// A new KB: the clusters are stale. Asks again when the board is shown.
    pub(super) fn board_reloaded(&mut self) -> Vec<Effect> {
        self.board.computed.clear();
        self.board.pending.clear();
        self.board.matched = None;
        // Old entity numbers mean nothing in the new KB: the anchor is what the (carried) Claims
        // list follows.
        self.board.anchor = self.lists.claim_scope;
        if self.board.anchor.is_none() {
            self.board.only_anchor = false;
        }
        // No clusters now: no rows.
        self.board.rebuild(None, 1);
        if self.view != View::Board {
            return Vec::new();
        }
        self.board_request()
    }

    /// After Back or Forward lands on the board: its cursor follows the Claims list.
    pub(super) fn board_follow_claims(&mut self) {
        if self.view != View::Board {
            return;
        }
        let keep = match self.list(ListPane::Claims).current() {
            Some(EntityRef::Claim(c)) => Some(c),
            _ => None,
        };
        let page = self.board_page();
        self.board.rebuild(keep, page);
    }

    /// Whether the board shows claim `c` (so Detail's moves to it keep the board).
    pub(super) fn board_shows(&self, c: ClaimId) -> bool {
        (0..self.board.rows.len()).any(|r| self.board.claim_at(r) == Some(c))
    }

    /// Selects `c` on the board.
    pub(super) fn board_select(&mut self, c: ClaimId) {
        let page = self.board_page();
        self.board.rebuild(Some(c), page);
    }

    /// A key while the board is shown; `None` when the key means what it means elsewhere.
    pub(super) fn board_action(&mut self, a: &Action) -> Option<Vec<Effect>> {
        let on_board = self.focus == Pane::Board;
        match a {
            Action::Close if self.board.matched.is_some() => {
                self.board_set_filter(None);
                self.status = Some("Board: filter dropped".into());
            }
            Action::Close => {
                self.set_view(View::Lists);
            }
            Action::ToggleLinked => return Some(self.board_toggle_anchor()),
            Action::Activate if on_board => self.board_open(),
            Action::Click(x, y) if on_board || self.over_board(*x, *y) => self.board_click(*x, *y),
            Action::Scroll(x, y, d) if self.over_board(*x, *y) => {
                let m = if *d > 0 { Action::Down } else { Action::Up };
                self.board_move(&m);
            }
            Action::ToggleWrap | Action::CycleSort if on_board => {
                self.status = Some("the board keeps its order: strongest first".into());
            }
            m if on_board && super::update::is_move(m) => self.board_move(m),
            _ => return None,
        }
        Some(Vec::new())
    }

    fn over_board(&self, x: u16, y: u16) -> bool {
        self.screen().pane_at(x, y).map(|(p, _)| p) == Some(Pane::Board)
    }

    /// Moves the board's cursor; Detail follows.
    pub(super) fn board_move(&mut self, a: &Action) {
        let page = self.board_page();
        let before = self.board.current();
        self.board.step(a, page);
        if self.board.current() != before {
            self.board_selection_moved();
        }
    }

    /// Enter: Detail shows the selected claim and takes the focus (a step in the history).
    fn board_open(&mut self) {
        if self.board.current().is_some() {
            self.board_selection_moved();
            self.open_row(ListPane::Claims);
        } else if self.board.computing() {
            self.status =
                Some("Board: still computing; Enter opens a claim once it is shown".into());
        } else {
            self.status = Some("Board: no claim to open on an empty board".into());
        }
    }

    /// A click on the board: focus it and select the claim row there; a click on the selected
    /// row opens it.
    fn board_click(&mut self, x: u16, y: u16) {
        let Some(rect) = self.screen().rect(Pane::Board) else {
            return;
        };
        let was_focused = self.focus == Pane::Board;
        self.focus = Pane::Board;
        let first = rect.y + 2;
        if x <= rect.x || x + 1 >= rect.x + rect.width || y < first || y + 1 >= rect.y + rect.height
        {
            return;
        }
        let row = self.board.offset + (y - first) as usize;
        if self.board.claim_at(row).is_none() {
            return;
        }
        if was_focused && row == self.board.selected {
            self.board_open();
        } else {
            self.board.selected = row;
            self.board_selection_moved();
        }
    }

    /// `a` on the board: only the clusters linked to the anchor, or all.
    fn board_toggle_anchor(&mut self) -> Vec<Effect> {
        let Some(anchor) = self.board.anchor else {
            self.status = Some(
                "Board: select an actor or meeting first, then `c`, to see only its clusters"
                    .into(),
            );
            return Vec::new();
        };
        self.board.only_anchor = !self.board.only_anchor;
        self.status = Some(if self.board.only_anchor {
            format!(
                "Board: only clusters linked to {}",
                crate::text::line(self.kb.title_of(anchor.entity()))
            )
        } else {
            "Board: every cluster".into()
        });
        self.board_refresh(None);
        self.board_selection_moved();
        Vec::new()
    }

    /// Narrows the board to the clusters holding one of `matched` (none: every cluster).
    pub(super) fn board_set_filter(&mut self, matched: Option<(HashSet<ClaimId>, String)>) {
        let filtering = matched.is_some();
        self.board.matched = matched;
        // A new filter lands on its first match; dropping it keeps the claim in hand.
        let keep = if filtering {
            None
        } else {
            self.board.current()
        };
        let page = self.board_page();
        self.board.rebuild(keep, page);
        self.board_selection_moved();
    }

    /// Esc in the board's filter: the filter and cursor as they were before `/`.
    pub(super) fn board_restore(&mut self) {
        let Some(saved) = self.board.saved.take() else {
            return;
        };
        self.board.matched = saved.matched;
        let page = self.board_page();
        self.board.rebuild(saved.claim, page);
        self.board_selection_moved();
    }

    /// The claims the board shows (after its narrowing and filter), in its order: what `E`
    /// briefs from the board when nothing is marked.
    pub(super) fn board_shown_claims(&self) -> Vec<EntityRef> {
        (0..self.board.rows.len())
            .filter_map(|r| self.board.claim_at(r).map(EntityRef::Claim))
            .collect()
    }

    /// The board's claims in words, for a briefing's scope line.
    pub(super) fn board_described(&self) -> String {
        let mut what = "the contested-claims board".to_string();
        if let Some(a) = self.board.scope() {
            what.push_str(&format!(", linked to {}", self.kb.title_of(a.entity())));
        }
        if let Some((_, q)) = &self.board.matched {
            what.push_str(&format!(", filtered by “{q}”"));
        }
        what
    }

    /// Goes to `c` from Detail while the board is shown, keeping the board when it lists `c`.
    pub(super) fn board_place(&mut self, c: ClaimId) -> bool {
        if !self.board_shows(c) {
            return false;
        }
        self.board_select(c);
        true
    }
}
