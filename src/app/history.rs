//! Browsing history: every time Detail is made to show a different entity (Enter on a row,
//! following a link, a jump, a timeline item, a click on a selected row) the place before it is
//! recorded, so Back returns to exactly that place (view, focus, every list's selection and
//! linked/all choice, Detail's link cursor) and Forward undoes Back.

use super::panes::{ListPane, Pane, View};
use crate::kb::{ClaimScope, EntityRef, Kb};
use std::collections::VecDeque;

/// The most places kept each way; older ones are dropped.
pub const MAX_HISTORY: usize = 1000;

/// One list's part of a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPlace {
    pub pane: ListPane,
    pub selected: Option<EntityRef>,
    pub linked: bool,
}

/// Everything needed to put the screen back as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub view: View,
    pub focus: Pane,
    /// The list whose selection Detail shows.
    pub shown: ListPane,
    pub link: usize,
    pub lists: Vec<ListPlace>,
    pub claim_scope: Option<ClaimScope>,
}

impl Place {
    /// Whether two places show the same thing (view, focus, Detail's entity), whatever their
    /// cursors: such places are one step in the history.
    pub fn same_spot(&self, other: &Place) -> bool {
        self.view == other.view && self.focus == other.focus && self.entity() == other.entity()
    }

    /// The entity Detail shows at this place.
    pub fn entity(&self) -> Option<EntityRef> {
        self.lists
            .iter()
            .find(|l| l.pane == self.shown)
            .and_then(|l| l.selected)
    }

    /// The same place in a reloaded KB: entities that vanished are forgotten; `None` when the
    /// entity Detail showed is gone.
    pub fn carried(&self, old: &Kb, new: &Kb) -> Option<Place> {
        let map = |e: EntityRef| new.same_as_in(old, e);
        let entity = self.entity()?;
        map(entity)?;
        let lists = self
            .lists
            .iter()
            .map(|l| ListPlace {
                selected: l.selected.and_then(map),
                ..*l
            })
            .collect();
        let claim_scope = self
            .claim_scope
            .and_then(|s| map(s.entity()))
            .and_then(ClaimScope::of);
        Some(Place {
            lists,
            claim_scope,
            ..self.clone()
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct History {
    back: VecDeque<Place>,
    forward: Vec<Place>,
    /// Where the last step landed. If the user then moves on by other means (Tab, moving the
    /// selection), that landing place is still a step of its own: it is recorded with the next.
    landed: Option<Place>,
}

impl History {
    fn push(&mut self, place: Place) {
        if let Some(top) = self.back.back_mut()
            && top.same_spot(&place)
        {
            *top = place;
            return;
        }
        self.back.push_back(place);
        if self.back.len() > MAX_HISTORY {
            self.back.pop_front();
        }
    }

    /// Records a step from `here` to `to`; the forward places are dropped.
    pub fn record(&mut self, here: Place, to: Place) {
        if let Some(landed) = self.landed.take()
            && !landed.same_spot(&here)
        {
            self.push(landed);
        }
        self.push(here);
        self.landed = Some(to);
        self.forward.clear();
    }

    /// The place to go back to, remembering `here` for Forward.
    pub fn back(&mut self, here: Place) -> Option<Place> {
        if let Some(landed) = self.landed.take()
            && !landed.same_spot(&here)
        {
            self.push(landed);
        }
        let to = self.back.pop_back()?;
        self.forward.push(here);
        self.landed = Some(to.clone());
        Some(to)
    }

    /// The place to go forward to, remembering `here` for Back.
    pub fn forward(&mut self, here: Place) -> Option<Place> {
        let to = self.forward.pop()?;
        self.push(here);
        self.landed = Some(to.clone());
        Some(to)
    }

    pub fn back_len(&self) -> usize {
        self.back.len()
    }

    pub fn forward_len(&self) -> usize {
        self.forward.len()
    }

    /// The history carried into a reloaded KB (places whose entity vanished are dropped).
    pub fn carried(&self, old: &Kb, new: &Kb) -> History {
        History {
            landed: self.landed.as_ref().and_then(|p| p.carried(old, new)),
            back: self
                .back
                .iter()
                .filter_map(|p| p.carried(old, new))
                .collect(),
            forward: self
                .forward
                .iter()
                .filter_map(|p| p.carried(old, new))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::ActorId;

    fn place(i: u32) -> Place {
        Place {
            view: View::Lists,
            focus: Pane::Actors,
            shown: ListPane::Actors,
            link: 0,
            lists: vec![ListPlace {
                pane: ListPane::Actors,
                selected: Some(EntityRef::Actor(ActorId(i))),
                linked: false,
            }],
            claim_scope: None,
        }
    }

    #[test]
    fn back_and_forward_walk_the_same_places() {
        let mut h = History::default();
        h.record(place(0), place(1));
        h.record(place(1), place(2));
        assert_eq!(h.back(place(2)), Some(place(1)));
        assert_eq!(h.back(place(1)), Some(place(0)));
        assert_eq!(h.back(place(0)), None);
        assert_eq!(h.forward(place(0)), Some(place(1)));
        assert_eq!(h.forward(place(1)), Some(place(2)));
        assert_eq!(h.forward(place(2)), None);
        h.back(place(2));
        h.record(place(1), place(3));
        assert_eq!(h.forward_len(), 0, "a new step drops the forward places");
    }

    #[test]
    fn a_landing_left_by_other_means_is_still_a_step() {
        let mut h = History::default();
        h.record(place(0), place(1));
        // The user moves on from 1 to 2 without a recorded step, then takes one from 2 to 3.
        h.record(place(2), place(3));
        assert_eq!(h.back(place(3)), Some(place(2)));
        assert_eq!(
            h.back(place(2)),
            Some(place(1)),
            "the landing at 1 is not skipped"
        );
        assert_eq!(h.back(place(1)), Some(place(0)));
    }

    #[test]
    fn history_is_bounded() {
        let mut h = History::default();
        for i in 0..(MAX_HISTORY as u32 + 10) {
            h.record(place(i), place(i + 1));
        }
        assert_eq!(h.back_len(), MAX_HISTORY);
    }
}
