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

/// Where a binding applies: the mode the app is in.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The panes.
    Browse,
    /// A search line (the pane filter or the jump popup): printable keys are typed.
    Query,
    /// The help overlay.
    Help,
    /// "overwrite exports/x.md? (y/N)": `y` answers yes, any other key no.
    Confirm,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Browse => "Browsing",
            Scope::Query => "In a search (/ or Ctrl-P); other keys type",
            Scope::Help => "In this help",
            Scope::Confirm => "At an \"overwrite?\" question; any other key answers no",
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scopes: &'static [Scope],
    pub help: &'static str,
}

use KeyCode as K;
use Scope::{Browse as B, Confirm as C, Help as H, Query as Q};

/// Every key binding, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Key::plain(K::Tab)],
        action: Action::FocusNext,
        scopes: &[B],
        help: "next pane",
    },
    Binding {
        keys: &[Key::plain(K::BackTab)],
        action: Action::FocusPrev,
        scopes: &[B],
        help: "previous pane",
    },
    Binding {
        keys: &[Key::plain(K::Down), Key::ch('j')],
        action: Action::Down,
        scopes: &[B, H],
        help: "move down",
    },
    Binding {
        keys: &[Key::plain(K::Up), Key::ch('k')],
        action: Action::Up,
        scopes: &[B, H],
        help: "move up",
    },
    Binding {
        keys: &[Key::plain(K::PageDown)],
        action: Action::PageDown,
        scopes: &[B, H, Q],
        help: "page down",
    },
    Binding {
        keys: &[Key::plain(K::PageUp)],
        action: Action::PageUp,
        scopes: &[B, H, Q],
        help: "page up",
    },
    Binding {
        keys: &[Key::plain(K::Home), Key::ch('g')],
        action: Action::Top,
        scopes: &[B, H],
        help: "first item",
    },
    Binding {
        keys: &[Key::plain(K::End), Key::ch('G')],
        action: Action::Bottom,
        scopes: &[B, H],
        help: "last item",
    },
    Binding {
        keys: &[Key::plain(K::Enter)],
        action: Action::Activate,
        scopes: &[B],
        help: "open the item in Detail; in Detail, follow the link",
    },
    Binding {
        keys: &[Key::plain(K::Backspace), Key::alt(K::Left)],
        action: Action::Back,
        scopes: &[B],
        help: "back (history)",
    },
    Binding {
        keys: &[Key::alt(K::Right)],
        action: Action::Forward,
        scopes: &[B],
        help: "forward (history)",
    },
    Binding {
        keys: &[Key::ch('a')],
        action: Action::ToggleLinked,
        scopes: &[B],
        help: "linked / all items (Actors or Detail: every pane)",
    },
    Binding {
        keys: &[Key::ch('/')],
        action: Action::OpenFilter,
        scopes: &[B],
        help: "filter the pane: type to search it",
    },
    Binding {
        keys: &[Key::ctrl('p'), Key::ch(':')],
        action: Action::OpenJump,
        scopes: &[B],
        help: "jump to anything: search every entity",
    },
    Binding {
        keys: &[Key::ch('e')],
        action: Action::Export,
        scopes: &[B],
        help: "export the selected item (or Detail's link) as a Markdown note",
    },
    Binding {
        keys: &[Key::ch('y')],
        action: Action::Copy,
        scopes: &[B],
        help: "copy that note to the clipboard (OSC 52)",
    },
    Binding {
        keys: &[Key::ch('t')],
        action: Action::ToggleTimeline,
        scopes: &[B],
        help: "timeline: meetings and dated claims by date (again: back)",
    },
    Binding {
        keys: &[Key::ch('o')],
        action: Action::OpenInEditor,
        scopes: &[B],
        help: "open the file that defines it in $VISUAL / $EDITOR, at its line",
    },
    Binding {
        keys: &[Key::ch('r')],
        action: Action::Reload,
        scopes: &[B],
        help: "reload the KB from disk now",
    },
    Binding {
        keys: &[Key::ch('y'), Key::ch('Y')],
        action: Action::Confirm(true),
        scopes: &[C],
        help: "yes, overwrite",
    },
    Binding {
        keys: &[Key::plain(K::Down)],
        action: Action::Down,
        scopes: &[Q],
        help: "next result",
    },
    Binding {
        keys: &[Key::plain(K::Up)],
        action: Action::Up,
        scopes: &[Q],
        help: "previous result",
    },
    Binding {
        keys: &[Key::plain(K::Enter)],
        action: Action::Activate,
        scopes: &[Q],
        help: "choose the result and close the search",
    },
    Binding {
        keys: &[Key::plain(K::Backspace)],
        action: Action::DeleteChar,
        scopes: &[Q],
        help: "delete a character",
    },
    Binding {
        keys: &[Key::ctrl('u')],
        action: Action::ClearInput,
        scopes: &[Q],
        help: "clear the query",
    },
    Binding {
        keys: &[Key::plain(K::Esc)],
        action: Action::CloseOverlay,
        scopes: &[Q],
        help: "cancel: back to the list as it was",
    },
    Binding {
        keys: &[Key::ch('?')],
        action: Action::ToggleHelp,
        scopes: &[B, H],
        help: "this help",
    },
    Binding {
        keys: &[Key::plain(K::Esc)],
        action: Action::CloseOverlay,
        scopes: &[H],
        help: "close this help",
    },
    Binding {
        keys: &[Key::ch('q')],
        action: Action::Quit,
        scopes: &[B, H],
        help: "quit",
    },
    Binding {
        keys: &[Key::ctrl('c')],
        action: Action::Quit,
        scopes: &[B, H, Q, C],
        help: "quit",
    },
];

/// The action bound to `key` in `scope`. In a search, an unbound printable key is typed.
pub fn action_for(key: Key, scope: Scope) -> Option<Action> {
    let bound = BINDINGS
        .iter()
        .find(|b| b.scopes.contains(&scope) && b.keys.contains(&key))
        .map(|b| b.action.clone());
    match (bound, key.code) {
        (Some(a), _) => Some(a),
        (None, _) if scope == Scope::Confirm => Some(Action::Confirm(false)),
        (None, KeyCode::Char(c))
            if scope == Scope::Query && !key.ctrl && !key.alt && !c.is_control() =>
        {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// The help screen's sections: a title, then keys and what they do, straight from [`BINDINGS`].
/// (The help's own keys, scrolling and closing, are named in its title.)
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    [Scope::Browse, Scope::Query, Scope::Confirm]
        .into_iter()
        .map(|scope| {
            let lines = BINDINGS
                .iter()
                .filter(|b| b.scopes.contains(&scope))
                .map(|b| {
                    let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
                    (keys.join(" / "), b.help)
                })
                .collect();
            (scope.title(), lines)
        })
        .collect()
}

/// Every binding's keys and help, once each.
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
                let shared = a.scopes.iter().any(|s| b.scopes.contains(s));
                for k in a.keys {
                    assert!(!(shared && b.keys.contains(k)), "{k:?} bound twice");
                }
            }
        }
    }

    #[test]
    fn dispatch_follows_the_table() {
        assert_eq!(action_for(Key::ch('j'), Scope::Browse), Some(Action::Down));
        assert_eq!(action_for(Key::ctrl('c'), Scope::Help), Some(Action::Quit));
        assert_eq!(
            action_for(Key::alt(KeyCode::Left), Scope::Browse),
            Some(Action::Back)
        );
        assert_eq!(action_for(Key::plain(KeyCode::Esc), Scope::Browse), None);
        assert_eq!(
            action_for(Key::plain(KeyCode::Esc), Scope::Help),
            Some(Action::CloseOverlay)
        );
        assert_eq!(action_for(Key::plain(KeyCode::Tab), Scope::Help), None);
        assert_eq!(action_for(Key::ch('x'), Scope::Browse), None);
        assert_eq!(
            action_for(Key::ch('/'), Scope::Browse),
            Some(Action::OpenFilter)
        );
        assert_eq!(
            action_for(Key::ctrl('p'), Scope::Browse),
            Some(Action::OpenJump)
        );
    }

    #[test]
    fn a_confirmation_takes_y_and_nothing_else() {
        assert_eq!(
            action_for(Key::ch('y'), Scope::Confirm),
            Some(Action::Confirm(true))
        );
        assert_eq!(
            action_for(Key::ch('n'), Scope::Confirm),
            Some(Action::Confirm(false))
        );
        assert_eq!(
            action_for(Key::plain(KeyCode::Enter), Scope::Confirm),
            Some(Action::Confirm(false))
        );
        assert_eq!(
            action_for(Key::ch('q'), Scope::Confirm),
            Some(Action::Confirm(false))
        );
        assert_eq!(
            action_for(Key::ctrl('c'), Scope::Confirm),
            Some(Action::Quit)
        );
        assert_eq!(action_for(Key::ch('y'), Scope::Browse), Some(Action::Copy));
    }

    #[test]
    fn in_a_search_keys_are_typed() {
        assert_eq!(
            action_for(Key::ch('j'), Scope::Query),
            Some(Action::Input('j'))
        );
        assert_eq!(
            action_for(Key::ch('q'), Scope::Query),
            Some(Action::Input('q'))
        );
        assert_eq!(
            action_for(Key::ch('Л'), Scope::Query),
            Some(Action::Input('Л'))
        );
        assert_eq!(
            action_for(Key::plain(KeyCode::Backspace), Scope::Query),
            Some(Action::DeleteChar)
        );
        assert_eq!(
            action_for(Key::ctrl('u'), Scope::Query),
            Some(Action::ClearInput)
        );
        assert_eq!(action_for(Key::ctrl('c'), Scope::Query), Some(Action::Quit));
        assert_eq!(
            action_for(Key::plain(KeyCode::Down), Scope::Query),
            Some(Action::Down)
        );
    }

    #[test]
    fn help_lists_every_binding() {
        let lines = help_lines();
        assert_eq!(lines.len(), BINDINGS.len());
        assert!(lines.iter().any(|(k, h)| k == "Ctrl-C" && *h == "quit"));
        assert!(lines.iter().any(|(k, _)| k == "Backspace / Alt-←"));
        let sections = help_sections();
        assert_eq!(sections.len(), 3);
        let listed: usize = sections.iter().map(|(_, l)| l.len()).sum();
        let expected: usize = BINDINGS
            .iter()
            .map(|b| b.scopes.iter().filter(|s| **s != Scope::Help).count())
            .sum();
        assert_eq!(listed, expected);
    }
}
