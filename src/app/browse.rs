//! Moving about: what each list shows (linked to the selection upstream, or everything), moving
//! selections, opening an entity in Detail, following links, the history's places, the views and
//! the linked/all choice. Every transition that makes Detail show a different entity goes through
//! [`App::navigate`], which records the place before it.

use super::history::{ListPlace, Place};
use super::panes::{ListPane, Pane, View};
use super::{App, PreparedKb};
use crate::kb::{ClaimScope, EntityRef};

/// Where Detail's entity goes when navigating to it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Landing {
    /// Focus stays in (or moves to) Detail: Enter on a row, following a link.
    Detail,
    /// Focus on the entity's own list: a jump from the palette or a filter.
    List,
}

impl App {
    /// Where a list pane is drawn at the current size (the single-pane arrangement shows it
    /// alone), if the view shows it.
    fn pane_rect(&self, pane: ListPane) -> Option<ratatui::layout::Rect> {
        super::layout::screen_below(
            self.width,
            self.height,
            pane.into(),
            self.banner_rows(),
            self.view,
        )
        .rect(pane.into())
    }

    /// Rows visible in a list pane at the current size (at least 1).
    pub(super) fn page(&self, pane: ListPane) -> usize {
        self.pane_rect(pane).map_or(1, |r| {
            let inner = r.height.saturating_sub(2) as usize;
            inner
                .saturating_sub(super::columns::header_rows(pane, inner))
                .max(1)
        })
    }

    /// The width of a list pane's rows: inside its border, after the mark gutter.
    pub(super) fn inner_width(&self, pane: ListPane) -> usize {
        self.pane_rect(pane).map_or(1, |r| {
            (r.width.saturating_sub(2) as usize).saturating_sub(super::columns::MARK_GUTTER)
        })
    }

    /// Lines each row of `pane` takes from its first visible row on, as drawn.
    pub(super) fn row_heights(&self, pane: ListPane) -> impl Iterator<Item = usize> + '_ {
        let view = self.list(pane);
        let width = self.inner_width(pane);
        view.items.iter().skip(view.offset).map(move |e| {
            if view.wrap {
                super::columns::wrapped_height(&self.kb, pane, *e, width)
            } else {
                1
            }
        })
    }

    /// The item under screen row `row` (0: the first row below the header), if any.
    pub(super) fn item_at_row(&self, pane: ListPane, row: usize) -> Option<usize> {
        let mut top = 0;
        for (i, h) in self.row_heights(pane).enumerate() {
            if row < top + h {
                return Some(self.list(pane).offset + i);
            }
            top += h;
            if top > row {
                break;
            }
        }
        None
    }

    /// Keeps the selection of every wrapping list in view (its rows take several lines).
    pub(super) fn settle_wrapped(&mut self) {
        for pane in ListPane::ALL {
            if !self.list(pane).wrap || self.list(pane).items.is_empty() {
                continue;
            }
            let page = self.page(pane);
            let width = self.inner_width(pane);
            let kb = self.kb.clone();
            let view = self.lists.get_mut(pane);
            let height = |e: &EntityRef| super::columns::wrapped_height(&kb, pane, *e, width);
            if view.selected < view.offset {
                view.offset = view.selected;
            }
            // Lines from the first visible row down to the selection's last line.
            let mut used: usize = view.items[view.offset..=view.selected]
                .iter()
                .map(height)
                .sum();
            while used > page && view.offset < view.selected {
                used -= height(&view.items[view.offset]);
                view.offset += 1;
            }
        }
    }

    /// Space: marks or unmarks the focused list's selection (in Detail, the selected link), then
    /// moves down, as fzf's Tab does.
    pub(super) fn toggle_mark(&mut self) {
        let Some(e) = self.export_target() else {
            self.status = Some("nothing selected to mark".into());
            return;
        };
        match self.marked.iter().position(|m| *m == e) {
            Some(i) => {
                self.marked.remove(i);
            }
            None => self.marked.push(e),
        }
        match self.focus.list() {
            Some(p) => self.move_selection(p, |s, _, _| s + 1),
            None if self.focus == Pane::Board => self.board_move(&super::Action::Down),
            None => {
                let n = self.detail_links().len();
                self.link = (self.link + 1).min(n.saturating_sub(1));
            }
        }
        self.status = Some(format!(
            "{} marked · E exports them as one briefing",
            self.marked.len()
        ));
    }

    /// Whether `e` is marked for a briefing.
    pub fn is_marked(&self, e: EntityRef) -> bool {
        self.marked.contains(&e)
    }

    /// The config's `[view]` defaults: every list's wrapping, and its order where the list
    /// allows that order.
    pub fn apply_view_defaults(&mut self, wrap: Option<bool>, sort: Option<crate::kb::SortBy>) {
        for pane in ListPane::ALL {
            if let Some(w) = wrap {
                self.lists.get_mut(pane).wrap = w;
            }
            if let Some(s) = sort.filter(|s| crate::kb::SortBy::choices(pane.kind()).contains(s)) {
                self.lists.get_mut(pane).sort = s;
            }
        }
        for pane in ListPane::ALL {
            self.rebuild(pane);
        }
        self.settle_wrapped();
    }

    /// `w`: the focused list's long rows wrap onto further lines, or are cut again.
    pub(super) fn toggle_wrap(&mut self) {
        let Some(pane) = self.focus.list() else {
            self.status = Some("Detail always wraps; `w` wraps the rows of a list".into());
            return;
        };
        let view = self.lists.get_mut(pane);
        view.wrap = !view.wrap;
        let on = view.wrap;
        let page = self.page(pane);
        self.lists.get_mut(pane).scroll_into_view(page);
        self.status = Some(format!(
            "{}: {}",
            pane.name(),
            if on {
                "long rows wrap"
            } else {
                "long rows are cut"
            }
        ));
    }

    /// `s`: the focused list's next order.
    pub(super) fn cycle_sort(&mut self) {
        let Some(pane) = self.focus.list() else {
            self.status = Some("`s` sorts a list; Detail keeps its order".into());
            return;
        };
        let choices = crate::kb::SortBy::choices(pane.kind());
        if choices.len() < 2 {
            self.status = Some(format!("{} keeps its order", pane.name()));
            return;
        }
        let now = self.list(pane).sort;
        let at = choices.iter().position(|c| *c == now).unwrap_or(0);
        let next = choices[(at + 1) % choices.len()];
        self.lists.get_mut(pane).sort = next;
        self.rebuild(pane);
        if pane == ListPane::Claims {
            self.rebuild(ListPane::Sources);
        }
        self.status = Some(format!("{}: sorted by {}", pane.name(), next.as_str()));
    }

    /// Recomputes what `pane` lists, keeping its selection where it can.
    pub(super) fn rebuild(&mut self, pane: ListPane) {
        let (mut items, anchor) = if self.list(pane).linked {
            self.linked_items(pane)
        } else {
            (self.all.get(&self.kb, pane).to_vec(), None)
        };
        self.kb.sort_list(&mut items, self.list(pane).sort);
        let page = self.page(pane);
        self.lists.get_mut(pane).replace(items, anchor, page);
    }

    /// What a linked pane shows, and what it is linked to (the rules live in `kb`).
    fn linked_items(&self, pane: ListPane) -> (Vec<EntityRef>, Option<EntityRef>) {
        let kb = &self.kb;
        let actor = self.lists.actors.current();
        let scope = self.lists.claim_scope;
        match (pane, actor) {
            (ListPane::Actors, _) => (self.all.actors.clone(), None),
            (ListPane::Meetings, Some(EntityRef::Actor(a))) => (kb.meetings_of(a), actor),
            (ListPane::Timeline, Some(EntityRef::Actor(a))) => (kb.timeline_of(a), actor),
            (ListPane::Meetings | ListPane::Timeline, _) => (Vec::new(), actor),
            (ListPane::Claims, _) => (
                scope.map(|s| kb.claims_in(s)).unwrap_or_default(),
                scope.map(ClaimScope::entity),
            ),
            (ListPane::Sources, _) => (
                kb.sources_behind(&self.lists.claims.items, scope),
                scope.map(ClaimScope::entity),
            ),
        }
    }

    /// The actor selection changed: everything downstream follows it.
    pub(super) fn actor_moved(&mut self) {
        self.lists.claim_scope = self.lists.actors.current().and_then(ClaimScope::of);
        for p in [
            ListPane::Meetings,
            ListPane::Claims,
            ListPane::Sources,
            ListPane::Timeline,
        ] {
            if self.list(p).linked {
                self.rebuild(p);
            }
        }
    }

    /// The selection in `pane` changed: the lists downstream follow it.
    pub(super) fn selection_moved(&mut self, pane: ListPane) {
        match pane {
            ListPane::Actors => self.actor_moved(),
            ListPane::Meetings => {
                if let Some(m) = self.lists.meetings.current().and_then(ClaimScope::of) {
                    self.lists.claim_scope = Some(m);
                }
                for p in [ListPane::Claims, ListPane::Sources] {
                    if self.list(p).linked {
                        self.rebuild(p);
                    }
                }
            }
            ListPane::Claims | ListPane::Sources | ListPane::Timeline => {}
        }
        if pane == self.shown {
            self.link = 0;
        }
    }

    /// Moves the selection of `pane` to `to(selected, len, page)`.
    pub(super) fn move_selection(
        &mut self,
        pane: ListPane,
        to: impl Fn(usize, usize, usize) -> usize,
    ) {
        let page = self.page(pane);
        let view = self.lists.get_mut(pane);
        if view.items.is_empty() {
            return;
        }
        let target = to(view.selected, view.items.len(), page);
        if view.select(target, page) {
            self.selection_moved(pane);
        }
    }

    /// Selects `entity` in `pane` when it is listed there; whether it is.
    pub(super) fn select_in(&mut self, pane: ListPane, entity: EntityRef) -> bool {
        let page = self.page(pane);
        let view = self.lists.get_mut(pane);
        let before = view.current();
        if !view.select_entity(entity, page) {
            return false;
        }
        if before != Some(entity) {
            self.selection_moved(pane);
        }
        true
    }

    /// Selects `entity` in its own list, switching that list to "all" when the entity is not in
    /// its linked list. Returns the pane.
    pub(super) fn select_entity(&mut self, entity: EntityRef) -> ListPane {
        let pane = ListPane::of(entity.kind());
        if !self.list(pane).items.contains(&entity) {
            self.lists.get_mut(pane).linked = false;
            self.rebuild(pane);
        }
        self.select_in(pane, entity);
        pane
    }

    /// Where the user is now, as the history keeps it.
    pub fn here(&self) -> Place {
        Place {
            view: self.view,
            focus: self.focus,
            shown: self.shown,
            link: self.link,
            lists: ListPane::ALL
                .iter()
                .map(|p| ListPlace {
                    pane: *p,
                    selected: self.list(*p).current(),
                    linked: self.list(*p).linked,
                })
                .collect(),
            claim_scope: self.lists.claim_scope,
        }
    }

    /// Shows `entity` in Detail, recording the place before in the history.
    pub(super) fn navigate(&mut self, entity: EntityRef, landing: Landing) {
        let before = self.here();
        let pane = self.place_entity(entity);
        self.shown = pane;
        self.focus = match landing {
            Landing::Detail => Pane::Detail,
            Landing::List if self.view == View::Board => Pane::Board,
            Landing::List => pane.into(),
        };
        self.link = 0;
        let to = self.here();
        if to != before {
            self.history.record(before, to);
        }
        self.note_visit(entity);
    }

    /// Selects `entity` where the current view shows it: the timeline keeps its items and
    /// actors; anything else leaves the timeline for the lists.
    fn place_entity(&mut self, entity: EntityRef) -> ListPane {
        if self.view == View::Board {
            // A claim the board lists keeps the board (its cursor moves there); anything else
            // is shown with the lists.
            if let EntityRef::Claim(c) = entity
                && self.board_place(c)
            {
                return self.select_entity(entity);
            }
            self.set_view(View::Lists);
        }
        if self.view == View::Timeline {
            if self.select_in(ListPane::Timeline, entity) {
                return ListPane::Timeline;
            }
            if let EntityRef::Actor(_) = entity {
                return self.select_entity(entity);
            }
            self.set_view(View::Lists);
        }
        self.select_entity(entity)
    }

    /// Enter on the focused list's row: Detail shows it.
    pub(super) fn open_row(&mut self, pane: ListPane) {
        let Some(e) = self.list(pane).current() else {
            return;
        };
        let before = self.here();
        self.shown = pane;
        self.focus = Pane::Detail;
        self.link = 0;
        let to = self.here();
        self.history.record(before, to);
        self.note_visit(e);
    }

    /// Enter in Detail: Detail shows the selected link's target.
    pub(super) fn follow_link(&mut self) {
        if let Some((_, target)) = self.detail_links().get(self.link).copied() {
            self.navigate(target, super::browse::Landing::Detail);
        }
    }

    /// Puts the screen back to `place`.
    pub(super) fn restore(&mut self, place: &Place) {
        if self.view != place.view {
            self.set_view(place.view);
        }
        for lp in &place.lists {
            if lp.pane == ListPane::Claims {
                self.lists.claim_scope = place.claim_scope;
            }
            self.lists.get_mut(lp.pane).linked = lp.linked;
            self.rebuild(lp.pane);
            if let Some(e) = lp.selected {
                let page = self.page(lp.pane);
                self.lists.get_mut(lp.pane).select_entity(e, page);
            }
        }
        self.lists.claim_scope = place.claim_scope;
        self.shown = place.shown;
        self.focus = place.focus;
        self.board_follow_claims();
        self.link = place.link.min(self.detail_links().len().saturating_sub(1));
    }

    pub(super) fn back(&mut self) {
        match self.history.back(self.here()) {
            Some(place) => self.restore(&place),
            None => self.status = Some("no earlier place in the history".into()),
        }
    }

    pub(super) fn forward(&mut self) {
        match self.history.forward(self.here()) {
            Some(place) => self.restore(&place),
            None => self.status = Some("no later place in the history".into()),
        }
    }

    /// Switches the view; focus and Detail move to a pane the view shows.
    pub(super) fn set_view(&mut self, view: View) {
        self.view = view;
        match view {
            View::Timeline => {
                self.rebuild(ListPane::Timeline);
                self.focus = Pane::Timeline;
                self.shown = ListPane::Timeline;
            }
            View::Lists => {
                if !view.shows(self.shown.into()) {
                    self.shown = ListPane::Actors;
                }
                // Back from a view that hid the focused pane: focus the list Detail shows (the
                // board's claim stays selected and read), never a list Detail does not follow.
                if !view.shows(self.focus) {
                    self.focus = self.shown.into();
                }
            }
            View::Board => {
                // Detail shows the board's claim through the Claims list.
                self.focus = Pane::Board;
                self.shown = ListPane::Claims;
            }
        }
        self.link = 0;
    }

    pub(super) fn cycle_focus(&mut self, step: isize) {
        let order = self.panes();
        let i = order.iter().position(|p| *p == self.focus).unwrap_or(0) as isize;
        let next = order[(i + step).rem_euclid(order.len() as isize) as usize];
        self.focus_pane(next);
    }

    /// Focuses `pane`; a list pane becomes the one Detail shows.
    pub(super) fn focus_pane(&mut self, pane: Pane) {
        self.focus = pane;
        if let Some(list) = pane.list() {
            if self.shown != list {
                self.link = 0;
            }
            self.shown = list;
        }
    }

    pub(super) fn toggle_linked(&mut self) {
        if self.view == View::Timeline {
            let view = &mut self.lists.timeline;
            view.linked = !view.linked;
            let to = view.linked;
            self.rebuild(ListPane::Timeline);
            self.status = Some(format!("Timeline: {}", linked_word(to)));
            return;
        }
        let dependent = [ListPane::Meetings, ListPane::Claims, ListPane::Sources];
        let targets: Vec<ListPane> = match self.focus.list() {
            Some(p) if dependent.contains(&p) => vec![p],
            _ => dependent.to_vec(),
        };
        let to = !targets.iter().any(|p| self.list(*p).linked);
        for p in &targets {
            self.lists.get_mut(*p).linked = to;
        }
        // Claims feed Sources: rebuild in order.
        for p in dependent {
            self.rebuild(p);
        }
        let names: Vec<&str> = targets.iter().map(|p| p.name()).collect();
        self.status = Some(format!("{}: {}", names.join(", "), linked_word(to)));
    }

    /// Puts a reloaded KB in place, keeping every selection, each pane's linked/all choice and the
    /// history wherever their ids still exist; a vanished selection falls back to its neighbour.
    pub(super) fn replace_kb(&mut self, p: PreparedKb) {
        let old = self.kb.clone();
        let here = self.here();
        self.history = self.history.carried(&old, &p.kb);
        self.recent = self
            .recent
            .iter()
            .filter_map(|e| p.kb.same_as_in(&old, *e))
            .collect();
        self.marked = self
            .marked
            .iter()
            .filter_map(|e| p.kb.same_as_in(&old, *e))
            .collect();
        self.kb = p.kb;
        self.all = p.all;
        for lp in &here.lists {
            if lp.pane == ListPane::Claims {
                // A meeting's claims stay a meeting's; otherwise the actor's.
                let actor = self.lists.actors.current().and_then(ClaimScope::of);
                self.lists.claim_scope = here
                    .claim_scope
                    .and_then(|s| self.kb.same_as_in(&old, s.entity()))
                    .and_then(ClaimScope::of)
                    .or(actor);
            }
            let kept = lp.selected.and_then(|e| self.kb.same_as_in(&old, e));
            // Old entity numbers mean nothing in the new KB: forget them before rebuilding.
            self.lists.get_mut(lp.pane).items.clear();
            let row = self.list(lp.pane).selected;
            self.rebuild(lp.pane);
            let page = self.page(lp.pane);
            let view = self.lists.get_mut(lp.pane);
            if !kept.is_some_and(|e| view.select_entity(e, page)) {
                view.select(row, page);
            }
        }
        self.link = here.link.min(self.detail_links().len().saturating_sub(1));
        self.banner = None;
        self.status = Some(p.summary);
    }
}

fn linked_word(linked: bool) -> &'static str {
    if linked { "linked items" } else { "all items" }
}
