//! The keymap: one table drives both key dispatch and the help screen, so they cannot disagree.
//! Keys are our own small type, so the app layer knows nothing of the terminal library.

use super::Action;

/// A key as the app sees it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Tab,
    BackTab,
    Backspace,
    Esc,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

/// A key with its modifiers. Shift is folded into the character (`G`) or the code (`BackTab`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }
    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }
    pub const fn alt(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: true,
        }
    }

    /// How the help screen names the key: `Ctrl-C`, `Alt-←`, `Shift-Tab`, `g`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{}", base.to_uppercase()),
            (_, true) => format!("Alt-{base}"),
            _ => base,
        }
    }
}

/// Where a binding applies.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The panes.
    Browse,
    /// The help overlay.
    Help,
    /// Both.
    Global,
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    pub help: &'static str,
}

use KeyCode as K;

/// Every key binding, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::plain(K::Tab)],
        action: Action::FocusNext,
        scope: Scope::Browse,
        help: "next pane",
    },
    Binding {
        keys: &[Key::plain(K::BackTab)],
        action: Action::FocusPrev,
        scope: Scope::Browse,
        help: "previous pane",
    },
    Binding {
        keys: &[Key::plain(K::Down), Key::ch('j')],
        action: Action::Down,
        scope: Scope::Global,
        help: "move down",
    },
    Binding {
        keys: &[Key::plain(K::Up), Key::ch('k')],
        action: Action::Up,
        scope: Scope::Global,
        help: "move up",
    },
    Binding {
        keys: &[Key::plain(K::PageDown)],
        action: Action::PageDown,
        scope: Scope::Global,
        help: "page down",
    },
    Binding {
        keys: &[Key::plain(K::PageUp)],
        action: Action::PageUp,
        scope: Scope::Global,
        help: "page up",
    },
    Binding {
        keys: &[Key::plain(K::Home), Key::ch('g')],
        action: Action::Top,
        scope: Scope::Global,
        help: "first item",
    },
    Binding {
        keys: &[Key::plain(K::End), Key::ch('G')],
        action: Action::Bottom,
        scope: Scope::Global,
        help: "last item",
    },
    Binding {
        keys: &[Key::plain(K::Enter)],
        action: Action::Activate,
        scope: Scope::Browse,
        help: "open the item in Detail; in Detail, follow the link",
    },
    Binding {
        keys: &[Key::plain(K::Backspace), Key::alt(K::Left)],
        action: Action::Back,
        scope: Scope::Browse,
        help: "back (history)",
    },
    Binding {
        keys: &[Key::alt(K::Right)],
        action: Action::Forward,
        scope: Scope::Browse,
        help: "forward (history)",
    },
    Binding {
        keys: &[Key::ch('a')],
        action: Action::ToggleLinked,
        scope: Scope::Browse,
        help: "linked / all items (Actors or Detail: every pane)",
    },
    Binding {
        keys: &[Key::ch('?')],
        action: Action::ToggleHelp,
        scope: Scope::Global,
        help: "this help",
    },
    Binding {
        keys: &[Key::plain(K::Esc)],
        action: Action::CloseOverlay,
        scope: Scope::Help,
        help: "close this help",
    },
    Binding {
        keys: &[Key::ch('q'), Key::ctrl('c')],
        action: Action::Quit,
        scope: Scope::Global,
        help: "quit",
    },
];

/// The action bound to `key` where `in_help` says whether the help overlay is open.
pub fn action_for(key: Key, in_help: bool) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| match b.scope {
            Scope::Global => true,
            Scope::Browse => !in_help,
            Scope::Help => in_help,
        })
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action)
}

/// The help screen's lines: keys and what they do, straight from [`BINDINGS`].
pub fn help_lines() -> Vec<(String, &'static str)> {
    BINDINGS
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
            (keys.join(" / "), b.help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let overlap =
                    a.scope == b.scope || a.scope == Scope::Global || b.scope == Scope::Global;
                for k in a.keys {
                    assert!(!(overlap && b.keys.contains(k)), "{k:?} bound twice");
                }
            }
        }
    }

    #[test]
    fn dispatch_follows_the_table() {
        assert_eq!(action_for(Key::ch('j'), false), Some(Action::Down));
        assert_eq!(action_for(Key::ctrl('c'), true), Some(Action::Quit));
        assert_eq!(
            action_for(Key::alt(KeyCode::Left), false),
            Some(Action::Back)
        );
        assert_eq!(action_for(Key::plain(KeyCode::Esc), false), None);
        assert_eq!(
            action_for(Key::plain(KeyCode::Esc), true),
            Some(Action::CloseOverlay)
        );
        assert_eq!(action_for(Key::plain(KeyCode::Tab), true), None);
        assert_eq!(action_for(Key::ch('x'), false), None);
    }

    #[test]
    fn help_lists_every_binding() {
        let lines = help_lines();
        assert_eq!(lines.len(), BINDINGS.len());
        assert!(lines.iter().any(|(k, h)| k == "q / Ctrl-C" && *h == "quit"));
        assert!(lines.iter().any(|(k, _)| k == "Backspace / Alt-←"));
    }
}
