//! The panes: which can be focused ([`Pane`]), the list panes as a closed set ([`ListPane`]) with
//! each one's state ([`ListView`]) held in [`Lists`], and the views that arrange them ([`View`]).

use crate::kb::{ClaimScope, EntityKind, EntityRef, SortBy};

/// A list pane: one of the four entity lists, or the timeline.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ListPane {
    Actors,
    Meetings,
    Claims,
    Sources,
    /// Meetings and dated claims on a time axis (`t`).
    Timeline,
}

impl ListPane {
    pub const ALL: [ListPane; 5] = [
        ListPane::Actors,
        ListPane::Meetings,
        ListPane::Claims,
        ListPane::Sources,
        ListPane::Timeline,
    ];

    pub fn name(self) -> &'static str {
        Pane::from(self).name()
    }

    /// The list pane that holds entities of `kind`.
    pub fn of(kind: EntityKind) -> ListPane {
        match kind {
            EntityKind::Actor => ListPane::Actors,
            EntityKind::Meeting => ListPane::Meetings,
            EntityKind::Claim => ListPane::Claims,
            EntityKind::Source => ListPane::Sources,
        }
    }

    /// The kind of entity the pane lists (the timeline mixes kinds).
    pub fn kind(self) -> Option<EntityKind> {
        match self {
            ListPane::Actors => Some(EntityKind::Actor),
            ListPane::Meetings => Some(EntityKind::Meeting),
            ListPane::Claims => Some(EntityKind::Claim),
            ListPane::Sources => Some(EntityKind::Source),
            ListPane::Timeline => None,
        }
    }
}

/// A pane that can have the focus: a list, or Detail.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    Actors,
    Meetings,
    Claims,
    Sources,
    Timeline,
    Detail,
    /// The contested-claims board (`c`).
    Board,
}

impl Pane {
    pub fn name(self) -> &'static str {
        match self {
            Pane::Actors => "Actors",
            Pane::Meetings => "Meetings",
            Pane::Claims => "Claims",
            Pane::Sources => "Sources",
            Pane::Timeline => "Timeline",
            Pane::Detail => "Detail",
            Pane::Board => "Board",
        }
    }

    /// The list this pane is, unless it is Detail.
    pub fn list(self) -> Option<ListPane> {
        match self {
            Pane::Actors => Some(ListPane::Actors),
            Pane::Meetings => Some(ListPane::Meetings),
            Pane::Claims => Some(ListPane::Claims),
            Pane::Sources => Some(ListPane::Sources),
            Pane::Timeline => Some(ListPane::Timeline),
            Pane::Detail | Pane::Board => None,
        }
    }

    /// The list pane that holds entities of `kind`.
    pub fn of(kind: EntityKind) -> Pane {
        ListPane::of(kind).into()
    }
}

impl From<ListPane> for Pane {
    fn from(p: ListPane) -> Pane {
        match p {
            ListPane::Actors => Pane::Actors,
            ListPane::Meetings => Pane::Meetings,
            ListPane::Claims => Pane::Claims,
            ListPane::Sources => Pane::Sources,
            ListPane::Timeline => Pane::Timeline,
        }
    }
}

/// What the screen shows: the four lists with Detail, the timeline with Actors and Detail, or the
/// contested-claims board with Detail.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum View {
    #[default]
    Lists,
    Timeline,
    /// The contested-claims board with Detail (`c`).
    Board,
}

impl View {
    /// The panes of the view, in Tab order.
    pub fn panes(self) -> &'static [Pane] {
        match self {
            View::Lists => &[
                Pane::Actors,
                Pane::Meetings,
                Pane::Claims,
                Pane::Sources,
                Pane::Detail,
            ],
            View::Timeline => &[Pane::Actors, Pane::Timeline, Pane::Detail],
            View::Board => &[Pane::Board, Pane::Detail],
        }
    }

    pub fn shows(self, pane: Pane) -> bool {
        self.panes().contains(&pane)
    }
}

/// One list pane: what it shows and where its cursor is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListView {
    pub items: Vec<EntityRef>,
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
    /// Showing only what is linked to the anchor, rather than everything of its kind.
    pub linked: bool,
    /// What a linked list is linked to (shown in the title).
    pub anchor: Option<EntityRef>,
    /// Long rows continue on further lines (`w`).
    pub wrap: bool,
    /// The order of the rows (`s`).
    pub sort: SortBy,
}

impl ListView {
    pub fn current(&self) -> Option<EntityRef> {
        self.items.get(self.selected).copied()
    }

    /// Moves the selection to `to` (clamped) and keeps it in view; whether it moved.
    pub fn select(&mut self, to: usize, page: usize) -> bool {
        if self.items.is_empty() {
            return false;
        }
        let before = self.selected;
        self.selected = to.min(self.items.len() - 1);
        self.scroll_into_view(page);
        self.selected != before
    }

    /// Selects `e` when listed; whether it is.
    pub fn select_entity(&mut self, e: EntityRef, page: usize) -> bool {
        match self.items.iter().position(|x| *x == e) {
            Some(i) => {
                self.select(i, page);
                true
            }
            None => false,
        }
    }

    /// Puts in new items, keeping the selected entity when it is still there, else the row
    /// number (clamped).
    pub fn replace(&mut self, items: Vec<EntityRef>, anchor: Option<EntityRef>, page: usize) {
        let keep = self.current();
        let row = self.selected;
        self.items = items;
        self.anchor = anchor;
        self.selected = keep
            .and_then(|k| self.items.iter().position(|e| *e == k))
            .unwrap_or_else(|| row.min(self.items.len().saturating_sub(1)));
        self.scroll_into_view(page);
    }

    /// Scrolls so the selection is among the `page` visible rows, with no empty rows below the
    /// last item.
    pub fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.items.len().saturating_sub(page));
    }
}

/// Every list pane's state, one field each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lists {
    pub actors: ListView,
    pub meetings: ListView,
    pub claims: ListView,
    pub sources: ListView,
    pub timeline: ListView,
    /// What Claims (and so Sources) are linked to: the selected actor, or the meeting last moved to.
    pub claim_scope: Option<ClaimScope>,
}

impl Lists {
    pub fn get(&self, pane: ListPane) -> &ListView {
        match pane {
            ListPane::Actors => &self.actors,
            ListPane::Meetings => &self.meetings,
            ListPane::Claims => &self.claims,
            ListPane::Sources => &self.sources,
            ListPane::Timeline => &self.timeline,
        }
    }
    pub fn get_mut(&mut self, pane: ListPane) -> &mut ListView {
        match pane {
            ListPane::Actors => &mut self.actors,
            ListPane::Meetings => &mut self.meetings,
            ListPane::Claims => &mut self.claims,
            ListPane::Sources => &mut self.sources,
            ListPane::Timeline => &mut self.timeline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::ActorId;

    fn items(n: u32) -> Vec<EntityRef> {
        (0..n).map(|i| EntityRef::Actor(ActorId(i))).collect()
    }

    #[test]
    fn selection_stays_in_view_and_clamps() {
        let mut v = ListView {
            items: items(100),
            ..ListView::default()
        };
        assert!(v.select(50, 10));
        assert_eq!((v.selected, v.offset), (50, 41));
        assert!(v.select(500, 10));
        assert_eq!((v.selected, v.offset), (99, 90));
        assert!(v.select(0, 10));
        assert_eq!(v.offset, 0);
        assert!(!v.select(0, 10));
    }

    #[test]
    fn replacing_items_keeps_the_selected_entity() {
        let mut v = ListView {
            items: items(10),
            selected: 5,
            ..ListView::default()
        };
        v.replace(items(10).into_iter().rev().collect(), None, 3);
        assert_eq!(v.current(), Some(EntityRef::Actor(ActorId(5))));
        v.replace(items(2), None, 3);
        assert_eq!(
            v.selected, 1,
            "a vanished selection falls back to a row that exists"
        );
    }
}
