//! Key sequences run as the event loop runs them: through `app::driver::dispatch` with the
//! synchronous runner (searches answered at once, notes written for real).

use arctic_brief::app::driver::{SyncRunner, dispatch};
use arctic_brief::app::keymap::{self, Key};
use arctic_brief::app::{Action, App, ListPane, Msg};
use arctic_brief::kb::EntityRef;

/// An app with the runner that carries out its effects.
pub struct Flow {
    pub app: App,
    pub runner: SyncRunner,
    /// Whether an effect asked to quit.
    pub quit: bool,
}

impl Flow {
    pub fn new(app: App) -> Flow {
        Flow {
            app,
            runner: SyncRunner::default(),
            quit: false,
        }
    }

    pub fn bundled(width: u16, height: u16) -> Flow {
        Flow::new(App::new(
            arctic_brief::kb::load_bundled().unwrap(),
            width,
            height,
        ))
    }

    /// Applies a message (an action or a report) and every effect that follows.
    pub fn send(&mut self, msg: impl Into<Msg>) {
        if dispatch(&mut self.app, msg, &mut self.runner).unwrap() {
            self.quit = true;
        }
    }

    /// Presses keys as a user would: each through the keymap of the mode the app is in then.
    pub fn press(&mut self, keys: &[Key]) {
        for k in keys {
            if let Some(a) = keymap::action_for(*k, self.app.key_scope()) {
                self.send(a);
            }
        }
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(&[Key::ch(c)]);
        }
    }

    pub fn id(&self, e: Option<EntityRef>) -> String {
        e.map(|e| self.app.kb.id_of(e).to_string())
            .unwrap_or_default()
    }

    pub fn ids(&self, pane: ListPane) -> Vec<String> {
        self.app
            .list(pane)
            .items
            .iter()
            .map(|e| self.app.kb.id_of(*e).to_string())
            .collect()
    }

    /// The id Detail shows.
    pub fn shown(&self) -> String {
        self.id(self.app.detail_target())
    }

    /// Moves the Actors selection to `actor` with plain moves (not recorded in the history).
    pub fn select_actor(&mut self, actor: &str) {
        let want = self.app.kb.lookup(actor).unwrap();
        self.send(Action::Top);
        while self.app.list(ListPane::Actors).current() != Some(want) {
            let before = self.app.list(ListPane::Actors).selected;
            self.send(Action::Down);
            assert_ne!(
                before,
                self.app.list(ListPane::Actors).selected,
                "{actor} not found"
            );
        }
    }

    /// Moves Detail's link cursor to the first link under `label`.
    pub fn select_link(&mut self, label: &str) {
        let at = self
            .app
            .detail_links()
            .iter()
            .position(|(l, _)| *l == label)
            .unwrap_or_else(|| panic!("no {label} link"));
        self.send(Action::Top);
        for _ in 0..at {
            self.send(Action::Down);
        }
    }
}
