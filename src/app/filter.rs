//! The live filter (`/`) on a list pane or on Detail's links: the pane narrows as the user types,
//! Enter keeps the chosen row (recorded in the history when Detail moves), Esc puts everything back
//! as it was.

use super::browse::Landing;
use super::search_box::Ask;
use super::{App, Effect, FilterState, FilterTarget, ListPane, Mode, Pane};
use crate::kb::EntityRef;
use crate::search::Scope;
use crate::search::worker::Response;

impl App {
    pub(super) fn open_filter(&mut self) -> Vec<Effect> {
        let target = match self.focus.list() {
            Some(p) => FilterTarget::List(p),
            None if self.focus == Pane::Board => FilterTarget::Board,
            None => FilterTarget::Links,
        };
        let saved = match target {
            FilterTarget::List(p) => self.list(p).clone(),
            FilterTarget::Links | FilterTarget::Board => Default::default(),
        };
        if target == FilterTarget::Board {
            self.board.saved = Some(self.board.snapshot());
        }
        self.mode = Mode::Filter(FilterState {
            target,
            search: Default::default(),
            saved,
            saved_link: self.link,
            saved_place: Some(self.here()),
            matched: None,
        });
        Vec::new()
    }

    /// What the filter searches: exactly what the pane lists (a linked list, the timeline,
    /// Detail's links), or everything of its kind.
    fn filter_scope(&self) -> Scope {
        let Mode::Filter(f) = &self.mode else {
            return Scope::default();
        };
        match f.target {
            FilterTarget::List(ListPane::Timeline) => Scope {
                kind: None,
                only: Some(f.saved.items.clone()),
            },
            FilterTarget::List(p) => Scope {
                kind: p.kind(),
                only: f.saved.linked.then(|| f.saved.items.clone()),
            },
            // Every claim: a match outside the board's clusters keeps no cluster, and listing
            // the board's claims would cost the UI thread a pass over them per keystroke.
            FilterTarget::Board => Scope {
                kind: Some(crate::kb::EntityKind::Claim),
                only: None,
            },
            FilterTarget::Links => {
                // Every link Detail lists, a claim's trees included.
                let mut targets: Vec<EntityRef> = self
                    .all_detail_links()
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect();
                targets.sort_unstable();
                targets.dedup();
                Scope {
                    kind: None,
                    only: Some(targets),
                }
            }
        }
    }

    pub(super) fn filter_edit(&mut self, edit: super::Edit) -> Vec<Effect> {
        let Mode::Filter(f) = &mut self.mode else {
            return Vec::new();
        };
        if !f.search.line.apply(edit) {
            return Vec::new();
        }
        let scope = self.filter_scope();
        let Mode::Filter(f) = &mut self.mode else {
            return Vec::new();
        };
        let ask = f.search.ask(&mut self.generation, || scope);
        let (target, broken) = (f.target, f.search.error.is_some());
        match ask {
            Ask::Search(r) => vec![Effect::Search(r)],
            Ask::Nothing => {
                self.show_unfiltered();
                Vec::new()
            }
            Ask::Unchanged => {
                if broken {
                    self.show_results(target, &[]);
                }
                Vec::new()
            }
        }
    }

    /// The pane as it was before the filter (an empty query shows everything it showed).
    fn show_unfiltered(&mut self) {
        let Mode::Filter(f) = &mut self.mode else {
            return;
        };
        f.matched = None;
        match f.target {
            FilterTarget::List(p) => {
                let saved = f.saved.clone();
                *self.lists.get_mut(p) = saved;
                self.selection_moved(p);
            }
            FilterTarget::Links => self.link = f.saved_link,
            FilterTarget::Board => self.board_set_filter(None),
        }
    }

    /// The pane shows `hits`, best first, with the top one selected.
    fn show_results(&mut self, target: FilterTarget, hits: &[EntityRef]) {
        match target {
            FilterTarget::List(p) => {
                let page = self.page(p);
                let view = self.lists.get_mut(p);
                view.items = hits.to_vec();
                view.selected = 0;
                view.offset = 0;
                view.scroll_into_view(page);
                self.selection_moved(p);
            }
            FilterTarget::Links => {
                if let Mode::Filter(f) = &mut self.mode {
                    f.matched = Some(hits.iter().copied().collect());
                }
                self.link = 0;
            }
            FilterTarget::Board => {
                let query = match &self.mode {
                    Mode::Filter(f) => f.search.text().to_string(),
                    _ => String::new(),
                };
                let claims = hits
                    .iter()
                    .filter_map(|e| match e {
                        EntityRef::Claim(c) => Some(*c),
                        _ => None,
                    })
                    .collect();
                self.board_set_filter(Some((claims, query)));
            }
        }
    }

    /// The same results with the tail put in order ([`Response::refines`]): the selection
    /// stays on the entity it was on, as does the view.
    fn reorder_results(&mut self, target: FilterTarget, hits: Vec<EntityRef>) {
        match target {
            FilterTarget::List(p) => {
                let page = self.page(p);
                let view = self.lists.get_mut(p);
                let chosen = view.items.get(view.selected).copied();
                view.items = hits;
                if let Some(at) = chosen.and_then(|c| view.items.iter().position(|e| *e == c)) {
                    view.selected = at;
                }
                view.scroll_into_view(page);
            }
            FilterTarget::Links => {
                if let Mode::Filter(f) = &mut self.mode {
                    f.matched = Some(hits.into_iter().collect());
                }
            }
            // The board keeps whole clusters in their own order: the first answer already held
            // every match, only its order changes.
            FilterTarget::Board => {}
        }
    }

    /// An answer from the search worker; whether the filter took it.
    pub(super) fn filter_answer(&mut self, response: &Response) -> Vec<Effect> {
        let Mode::Filter(f) = &mut self.mode else {
            return Vec::new();
        };
        let refinement = f.search.refinement(response);
        if !f.search.answer(response) {
            return Vec::new();
        }
        let target = f.target;
        let enter = f.search.enter_pending;
        let hits: Vec<EntityRef> = response.results.hits.iter().map(|h| h.entity).collect();
        if refinement {
            self.reorder_results(target, hits);
            return Vec::new();
        }
        self.show_results(target, &hits);
        if enter {
            self.filter_choose();
        }
        Vec::new()
    }

    /// Enter: keep the chosen item (selected in the pane as it was, or followed from Detail); a
    /// fast typist's Enter before the answer takes the top result when it comes.
    pub(super) fn filter_choose(&mut self) {
        let Mode::Filter(f) = &mut self.mode else {
            return;
        };
        if f.search.is_pending() {
            f.search.enter_pending = true;
            return;
        }
        let filtered = f.search.results.is_some();
        let Mode::Filter(f) = std::mem::take(&mut self.mode) else {
            return;
        };
        match f.target {
            // The board stays narrowed to the clusters that match (Esc on the board drops it).
            FilterTarget::Board => {
                self.board.saved = None;
                if !filtered {
                    self.board_set_filter(None);
                }
            }
            FilterTarget::Links => {
                let chosen = self
                    .detail_links_matching(&f)
                    .get(self.link)
                    .map(|(_, t)| *t);
                self.link = f.saved_link;
                if let Some(e) = chosen {
                    self.link = 0;
                    self.navigate(e, Landing::Detail);
                }
            }
            FilterTarget::List(p) => {
                let chosen = self.list(p).current().filter(|_| filtered);
                *self.lists.get_mut(p) = f.saved;
                self.selection_moved(p);
                self.focus = p.into();
                self.shown = p;
                if let Some(e) = chosen {
                    if p == ListPane::Timeline {
                        self.select_in(p, e);
                    } else {
                        self.select_entity(e);
                    }
                    self.link = 0;
                    if let Some(place) = f.saved_place.filter(|pl| pl.entity() != Some(e)) {
                        let to = self.here();
                        self.history.record(place, to);
                    }
                    self.note_visit(e);
                }
            }
        }
    }

    /// Detail's links narrowed as the (just closed) filter `f` narrowed them.
    fn detail_links_matching(&self, f: &FilterState) -> Vec<(&'static str, EntityRef)> {
        let all = self.detail_links();
        match &f.matched {
            Some(m) => all.into_iter().filter(|(_, t)| m.contains(t)).collect(),
            None => all,
        }
    }

    /// Esc: the pane exactly as it was.
    pub(super) fn filter_cancel(&mut self) {
        if let Mode::Filter(f) = std::mem::take(&mut self.mode) {
            match f.target {
                FilterTarget::List(p) => {
                    *self.lists.get_mut(p) = f.saved;
                    self.selection_moved(p);
                }
                FilterTarget::Links => self.link = f.saved_link,
                FilterTarget::Board => self.board_restore(),
            }
        }
    }

    /// The pane the filter narrows, as a focusable pane.
    pub(super) fn filter_pane(&self) -> Option<Pane> {
        match &self.mode {
            Mode::Filter(f) => Some(match f.target {
                FilterTarget::List(p) => p.into(),
                FilterTarget::Links => Pane::Detail,
                FilterTarget::Board => Pane::Board,
            }),
            _ => None,
        }
    }
}
