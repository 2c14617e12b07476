//! The palette: `:` offers commands (each shown with its key) and then every entity; Ctrl-P offers
//! entities (recently visited first under an empty query) and then commands. Commands are matched
//! here, synchronously (there are a handful); entities come from the search worker.

use super::browse::Landing;
use super::keymap::{self, BINDINGS};
use super::search_box::Ask;
use super::{App, Effect, Mode, PaletteItem, PaletteState};
use crate::search::Scope;
use crate::search::worker::Response;

/// How well a command's names match what was typed: lower is better; `None` for no match.
fn command_rank(names: &[&str], typed: &str) -> Option<u8> {
    let typed = typed.trim().trim_start_matches(':').to_lowercase();
    if typed.is_empty() {
        return Some(3);
    }
    names
        .iter()
        .filter_map(|n| {
            if *n == typed {
                Some(0)
            } else if n.starts_with(&typed) {
                Some(1)
            } else if n.contains(&typed) {
                Some(2)
            } else {
                None
            }
        })
        .min()
}

/// The commands matching `typed`, best first (table order among equals).
pub fn matching_commands(typed: &str) -> Vec<(usize, u8)> {
    let mut v: Vec<(usize, u8)> = keymap::commands()
        .filter_map(|(i, b)| command_rank(b.commands, typed).map(|r| (i, r)))
        .collect();
    v.sort_by_key(|(i, r)| (*r, *i));
    v
}

impl App {
    /// Opens the palette: with commands first (`:`) or entities first (Ctrl-P).
    pub(super) fn open_palette(&mut self, commands: bool) -> Vec<Effect> {
        let mut state = PaletteState {
            commands,
            ..PaletteState::default()
        };
        let request = state.search.ask_all(&mut self.generation, Scope::default());
        self.mode = Mode::Palette(state);
        self.fill_palette();
        vec![Effect::Search(request)]
    }

    /// Rebuilds the palette's rows from the typed text and the latest entity answer.
    fn fill_palette(&mut self) {
        let recent = self.recent.clone();
        let Mode::Palette(p) = &mut self.mode else {
            return;
        };
        let typed = p.search.text().trim().to_string();
        let commands: Vec<PaletteItem> = if p.commands || !typed.is_empty() {
            matching_commands(&typed)
                .into_iter()
                .map(|(i, _)| PaletteItem::Command(i))
                .collect()
        } else {
            Vec::new()
        };
        let mut entities: Vec<PaletteItem> = Vec::new();
        let hits = p
            .search
            .results
            .as_ref()
            .map(|r| r.hits.as_slice())
            .unwrap_or(&[]);
        if typed.is_empty() {
            entities.extend(recent.iter().map(|e| PaletteItem::Entity(*e, None)));
            entities.extend(
                hits.iter()
                    .filter(|h| !recent.contains(&h.entity))
                    .map(|h| PaletteItem::Entity(h.entity, Some(*h))),
            );
        } else {
            entities.extend(hits.iter().map(|h| PaletteItem::Entity(h.entity, Some(*h))));
        }
        p.items = if p.commands {
            commands.into_iter().chain(entities).collect()
        } else {
            entities.into_iter().chain(commands).collect()
        };
        p.selected = 0;
        p.offset = 0;
    }

    pub(super) fn palette_edit(&mut self, edit: super::Edit) -> Vec<Effect> {
        let Mode::Palette(p) = &mut self.mode else {
            return Vec::new();
        };
        if !p.search.line.apply(edit) {
            return Vec::new();
        }
        let effects = match p.search.ask(&mut self.generation, Scope::default) {
            Ask::Search(r) => vec![Effect::Search(r)],
            // An empty query lists everything, recent first.
            Ask::Nothing => vec![Effect::Search(
                p.search.ask_all(&mut self.generation, Scope::default()),
            )],
            Ask::Unchanged => Vec::new(),
        };
        self.fill_palette();
        effects
    }

    pub(super) fn palette_answer(&mut self, response: &Response) -> Vec<Effect> {
        let Mode::Palette(p) = &mut self.mode else {
            return Vec::new();
        };
        let refinement = p.search.refinement(response);
        if !p.search.answer(response) {
            return Vec::new();
        }
        p.total = response.results.total;
        let enter = p.search.enter_pending;
        let kept = (p.selected, p.offset);
        self.fill_palette();
        if refinement && let Mode::Palette(p) = &mut self.mode {
            // Only rows past the first ranked ones moved; the cursor stays where it was.
            (p.selected, p.offset) = kept;
        }
        if enter {
            return self.palette_choose();
        }
        Vec::new()
    }

    /// Enter: run the command or go to the entity. Before the entity answer, an exactly named
    /// command (`:q`) runs at once; otherwise the top result is taken when the answer comes.
    pub(super) fn palette_choose(&mut self) -> Vec<Effect> {
        let Mode::Palette(p) = &mut self.mode else {
            return Vec::new();
        };
        if p.search.is_pending() {
            let exact = p.commands
                && p.selected == 0
                && matches!(p.items.first(), Some(PaletteItem::Command(i))
                    if command_rank(BINDINGS[*i].commands, p.search.text()) == Some(0));
            if !exact {
                p.search.enter_pending = true;
                return Vec::new();
            }
        }
        let chosen = p.items.get(p.selected).copied();
        self.mode = Mode::Browse;
        match chosen {
            Some(PaletteItem::Command(i)) => super::update(self, BINDINGS[i].action.clone()),
            Some(PaletteItem::Entity(e, _)) => {
                self.navigate(e, Landing::List);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Rows of results the palette shows at the current size.
    pub(super) fn palette_page(&self) -> usize {
        super::layout::popup_rect(self.width, self.height)
            .height
            .saturating_sub(3)
            .max(1) as usize
    }

    pub(super) fn palette_move(&mut self, to: impl Fn(usize, usize, usize) -> usize) {
        let page = self.palette_page();
        let Mode::Palette(p) = &mut self.mode else {
            return;
        };
        if p.items.is_empty() {
            return;
        }
        p.selected = to(p.selected, p.items.len(), page).min(p.items.len() - 1);
        if p.selected < p.offset {
            p.offset = p.selected;
        } else if p.selected >= p.offset + page {
            p.offset = p.selected + 1 - page;
        }
    }

    /// A click in the palette: selects the result under it; a click on the selected one chooses.
    pub(super) fn palette_click(&mut self, x: u16, y: u16) -> Vec<Effect> {
        let rect = super::layout::popup_rect(self.width, self.height);
        let first_row = rect.y + 2;
        let inside = x > rect.x
            && x + 1 < rect.x + rect.width
            && y >= first_row
            && y + 1 < rect.y + rect.height;
        if !inside {
            return Vec::new();
        }
        let Mode::Palette(p) = &mut self.mode else {
            return Vec::new();
        };
        let row = p.offset + (y - first_row) as usize;
        if row >= p.items.len() {
            return Vec::new();
        }
        if row == p.selected {
            return self.palette_choose();
        }
        p.selected = row;
        Vec::new()
    }
}

/// What the palette shows for a command row: its first name and its key.
pub fn command_label(keymap: &keymap::Keymap, i: usize) -> (&'static str, String) {
    (BINDINGS[i].commands[0], keymap.command_key(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;

    #[test]
    fn q_names_quit_exactly_and_prefixes_match() {
        let q = matching_commands("q");
        assert_eq!(BINDINGS[q[0].0].action, Action::Quit);
        assert_eq!(q[0].1, 0);
        let t = matching_commands(":tim");
        assert_eq!(BINDINGS[t[0].0].action, Action::ToggleTimeline);
        assert!(matching_commands("zzz").is_empty());
        assert!(matching_commands("").len() >= 10);
    }
}
