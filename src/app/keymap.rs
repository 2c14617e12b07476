//! The keymap: one table drives key dispatch, the help screen, the status bar's hints and the
//! palette's commands, so they cannot disagree. Keys are our own small type, so the app layer knows
//! nothing of the terminal library.

use super::Action;
use super::line_edit::Edit;

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
    Delete,
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
            KeyCode::Delete => "Delete".into(),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{}", base.to_uppercase()),
            (_, true) => format!("Alt-{base}"),
            _ => base,
        }
    }
}

/// Where a binding applies: the key scope of the mode the app is in.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The panes.
    Browse,
    /// A search line (a pane filter or the palette): printable keys are typed.
    Search,
    /// The help overlay.
    Help,
    /// Typing a filter on the help's keys.
    HelpFilter,
    /// "overwrite exports/x.md? (y/N)": `y` answers yes, any other key no.
    Confirm,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Browse => "Browsing",
            Scope::Search => "In a search (/, : or Ctrl-P); other keys type",
            Scope::Help => "In this help",
            Scope::HelpFilter => "Typing a filter on this help",
            Scope::Confirm => "At an \"overwrite?\" question; any other key answers no",
        }
    }
}

/// One row of the table: keys, the action, where it applies, and how it is described.
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scopes: &'static [Scope],
    pub help: &'static str,
    /// In the status bar: its rank (lower first) and a word or two after the key.
    pub hint: Option<(u8, &'static str)>,
    /// Names the palette (`:`) offers it under; the first is shown.
    pub commands: &'static [&'static str],
}

use KeyCode as K;
use Scope::{Browse as B, Confirm as C, Help as H, HelpFilter as HF, Search as S};

const fn bind(
    keys: &'static [Key],
    action: Action,
    scopes: &'static [Scope],
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        scopes,
        help,
        hint: None,
        commands: &[],
    }
}

impl Binding {
    const fn hint(mut self, rank: u8, word: &'static str) -> Binding {
        self.hint = Some((rank, word));
        self
    }
    const fn command(mut self, names: &'static [&'static str]) -> Binding {
        self.commands = names;
        self
    }
}

/// Every key binding, in the order the help screen lists them.
pub const BINDINGS: &[Binding] = &[
    bind(
        &[Key::plain(K::Enter)],
        Action::Activate,
        &[B],
        "open the row in Detail; in Detail, follow the selected link (Detail shows it, the lists \
         follow); in the timeline, open the item in Detail (the timeline stays)",
    )
    .hint(1, "open"),
    bind(&[Key::plain(K::Tab)], Action::FocusNext, &[B], "next pane").hint(4, "pane"),
    bind(
        &[Key::plain(K::BackTab)],
        Action::FocusPrev,
        &[B],
        "previous pane",
    ),
    bind(
        &[Key::plain(K::Down), Key::ch('j')],
        Action::Down,
        &[B, H],
        "move down",
    ),
    bind(
        &[Key::plain(K::Up), Key::ch('k')],
        Action::Up,
        &[B, H],
        "move up",
    ),
    bind(
        &[Key::plain(K::PageDown)],
        Action::PageDown,
        &[B, H, S],
        "page down",
    ),
    bind(
        &[Key::plain(K::PageUp)],
        Action::PageUp,
        &[B, H, S],
        "page up",
    ),
    bind(
        &[Key::plain(K::Home), Key::ch('g')],
        Action::Top,
        &[B, H],
        "first item",
    ),
    bind(
        &[Key::plain(K::End), Key::ch('G')],
        Action::Bottom,
        &[B, H],
        "last item",
    ),
    bind(
        &[Key::plain(K::Backspace), Key::alt(K::Left)],
        Action::Back,
        &[B],
        "back to the place before (history)",
    )
    .hint(5, "back")
    .command(&["back"]),
    bind(
        &[Key::alt(K::Right)],
        Action::Forward,
        &[B],
        "forward again (history)",
    )
    .command(&["forward"]),
    bind(
        &[Key::ch('a')],
        Action::ToggleLinked,
        &[B],
        "linked / all items (in Actors or Detail: every pane)",
    )
    .hint(8, "linked/all")
    .command(&["linked/all", "linked", "all"]),
    bind(
        &[Key::ch('/')],
        Action::OpenFilter,
        &[B],
        "filter the focused pane (in Detail: its links); type to search it",
    )
    .hint(2, "filter")
    .command(&["filter"]),
    bind(
        &[Key::ch(':')],
        Action::OpenPalette,
        &[B],
        "command palette: commands and every entity (:q quits)",
    )
    .hint(3, "palette"),
    bind(
        &[Key::ctrl('p')],
        Action::OpenJump,
        &[B],
        "jump to any entity (recently visited first)",
    )
    .hint(9, "jump"),
    bind(
        &[Key::ch('e')],
        Action::Export,
        &[B],
        "export the selected item (in Detail: the link) as a Markdown note",
    )
    .hint(6, "export")
    .command(&["export"]),
    bind(
        &[Key::ch('y')],
        Action::Copy,
        &[B],
        "copy that note to the clipboard (OSC 52)",
    )
    .hint(7, "copy")
    .command(&["copy"]),
    bind(
        &[Key::ch('t')],
        Action::ToggleTimeline,
        &[B],
        "timeline: meetings and dated claims by date (again: back)",
    )
    .hint(10, "timeline")
    .command(&["timeline"]),
    bind(
        &[Key::ch('w')],
        Action::ToggleWrap,
        &[B],
        "wrap the focused list's long rows onto further lines (again: cut them)",
    )
    .hint(13, "wrap")
    .command(&["wrap"]),
    bind(
        &[Key::ch('s')],
        Action::CycleSort,
        &[B],
        "sort the focused list: as written, name, date, grade, status (as the list allows)",
    )
    .hint(14, "sort")
    .command(&["sort"]),
    bind(
        &[Key::ch('o')],
        Action::OpenInEditor,
        &[B],
        "open the file that defines it in $VISUAL / $EDITOR, at its line",
    )
    .hint(11, "edit")
    .command(&["edit", "open"]),
    bind(
        &[Key::ch('r')],
        Action::Reload,
        &[B],
        "reload the KB from disk now",
    )
    .hint(12, "reload")
    .command(&["reload"]),
    bind(&[Key::ch('?')], Action::ToggleHelp, &[B, H], "this help").command(&["help"]),
    bind(&[Key::ch('q')], Action::Quit, &[B, H], "quit").command(&["quit", "q", "exit"]),
    bind(
        &[Key::ctrl('c')],
        Action::Quit,
        &[B, H, HF, S, C],
        "quit at once",
    ),
    bind(
        &[Key::plain(K::Down), Key::ctrl('n'), Key::ctrl('j')],
        Action::Down,
        &[S],
        "next result",
    )
    .hint(3, "move"),
    bind(
        &[Key::plain(K::Up), Key::ctrl('p'), Key::ctrl('k')],
        Action::Up,
        &[S],
        "previous result",
    ),
    bind(
        &[Key::plain(K::Enter)],
        Action::Activate,
        &[S],
        "choose the result (before the answer: the top one when it comes)",
    )
    .hint(1, "choose"),
    bind(
        &[Key::plain(K::Esc)],
        Action::Close,
        &[S],
        "cancel: back to the list as it was",
    ),
    bind(
        &[Key::plain(K::Left)],
        Action::Edit(Edit::Left),
        &[S, HF],
        "cursor left",
    ),
    bind(
        &[Key::plain(K::Right)],
        Action::Edit(Edit::Right),
        &[S, HF],
        "cursor right",
    ),
    bind(
        &[Key::plain(K::Home), Key::ctrl('a')],
        Action::Edit(Edit::Home),
        &[S, HF],
        "cursor to the start",
    ),
    bind(
        &[Key::plain(K::End), Key::ctrl('e')],
        Action::Edit(Edit::End),
        &[S, HF],
        "cursor to the end",
    ),
    bind(
        &[Key::plain(K::Backspace)],
        Action::Edit(Edit::Backspace),
        &[S, HF],
        "delete the character before the cursor",
    ),
    bind(
        &[Key::plain(K::Delete)],
        Action::Edit(Edit::Delete),
        &[S, HF],
        "delete the character under the cursor",
    ),
    bind(
        &[Key::ctrl('w')],
        Action::Edit(Edit::DeleteWord),
        &[S, HF],
        "delete the word before the cursor",
    )
    .hint(4, "word"),
    bind(
        &[Key::ctrl('u')],
        Action::Edit(Edit::Clear),
        &[S, HF],
        "clear the query",
    )
    .hint(5, "clear"),
    bind(
        &[Key::ch('/')],
        Action::OpenFilter,
        &[H],
        "filter these keys",
    )
    .hint(2, "filter keys"),
    bind(
        &[Key::plain(K::Esc)],
        Action::Close,
        &[H],
        "close this help",
    ),
    bind(
        &[Key::plain(K::Enter)],
        Action::Activate,
        &[HF],
        "keep the filter, scroll again",
    )
    .hint(1, "done"),
    bind(
        &[Key::plain(K::Esc)],
        Action::Close,
        &[HF],
        "drop the filter",
    ),
    bind(
        &[Key::ch('y'), Key::ch('Y')],
        Action::Confirm(true),
        &[C],
        "yes, overwrite",
    )
    .hint(1, "overwrite"),
];

/// The action bound to `key` in `scope`. Typing scopes type an unbound printable key; at a
/// question any other key answers no.
pub fn action_for(key: Key, scope: Scope) -> Option<Action> {
    let bound = BINDINGS
        .iter()
        .find(|b| b.scopes.contains(&scope) && b.keys.contains(&key))
        .map(|b| b.action.clone());
    match (bound, key.code) {
        (Some(a), _) => Some(a),
        (None, _) if scope == Scope::Confirm => Some(Action::Confirm(false)),
        (None, KeyCode::Char(c))
            if matches!(scope, Scope::Search | Scope::HelpFilter)
                && !key.ctrl
                && !key.alt
                && !c.is_control() =>
        {
            Some(Action::Edit(Edit::Insert(c)))
        }
        _ => None,
    }
}

/// The keys of a binding as the help names them: `Backspace / Alt-←`.
pub fn keys_label(b: &Binding) -> String {
    let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
    keys.join(" / ")
}

/// The help screen's sections: a title, then keys and what they do, straight from [`BINDINGS`].
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    [
        Scope::Browse,
        Scope::Search,
        Scope::Help,
        Scope::HelpFilter,
        Scope::Confirm,
    ]
    .into_iter()
    .map(|scope| {
        let lines = BINDINGS
            .iter()
            .filter(|b| b.scopes.contains(&scope))
            .map(|b| (keys_label(b), b.help))
            .collect();
        (scope.title(), lines)
    })
    .collect()
}

/// The key tables as Markdown, one per scope, as the README carries them (a test keeps the two
/// equal). `|` in a key name is escaped.
pub fn markdown() -> String {
    let mut out = String::new();
    for (title, entries) in help_sections() {
        out.push_str(&format!(
            "**{title}**\n\n| keys | what they do |\n|---|---|\n"
        ));
        for (keys, help) in entries {
            let keys: Vec<String> = keys
                .split(" / ")
                .map(|k| format!("`{}`", k.replace('|', "\\|")))
                .collect();
            out.push_str(&format!("| {} | {help} |\n", keys.join(" / ")));
        }
        out.push('\n');
    }
    out
}

/// Every binding's keys and help, once each.
pub fn help_lines() -> Vec<(String, &'static str)> {
    BINDINGS.iter().map(|b| (keys_label(b), b.help)).collect()
}

/// The status bar's hints for `scope`, best first: the key and its word (`/ filter`).
pub fn hints(scope: Scope) -> Vec<(String, &'static str)> {
    let mut v: Vec<(u8, String, &'static str)> = BINDINGS
        .iter()
        .filter(|b| b.scopes.contains(&scope))
        .filter_map(|b| b.hint.map(|(rank, word)| (rank, b.keys[0].label(), word)))
        .collect();
    v.sort_by_key(|(rank, _, _)| *rank);
    v.into_iter().map(|(_, k, w)| (k, w)).collect()
}

/// The bindings the palette offers as commands, in table order.
pub fn commands() -> impl Iterator<Item = (usize, &'static Binding)> {
    BINDINGS
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.commands.is_empty())
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
            Some(Action::Close)
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
            action_for(Key::ch('j'), Scope::Search),
            Some(Action::Edit(Edit::Insert('j')))
        );
        assert_eq!(
            action_for(Key::ch('q'), Scope::Search),
            Some(Action::Edit(Edit::Insert('q')))
        );
        assert_eq!(
            action_for(Key::ch('Л'), Scope::Search),
            Some(Action::Edit(Edit::Insert('Л')))
        );
        assert_eq!(
            action_for(Key::plain(KeyCode::Backspace), Scope::Search),
            Some(Action::Edit(Edit::Backspace))
        );
        assert_eq!(
            action_for(Key::ctrl('u'), Scope::Search),
            Some(Action::Edit(Edit::Clear))
        );
        assert_eq!(
            action_for(Key::ctrl('c'), Scope::Search),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Key::plain(KeyCode::Down), Scope::Search),
            Some(Action::Down)
        );
    }

    #[test]
    fn help_lists_every_binding() {
        let lines = help_lines();
        assert_eq!(lines.len(), BINDINGS.len());
        assert!(
            lines
                .iter()
                .any(|(k, h)| k == "Ctrl-C" && *h == "quit at once")
        );
        assert!(lines.iter().any(|(k, _)| k == "Backspace / Alt-←"));
        let sections = help_sections();
        assert_eq!(sections.len(), 5);
        let listed: usize = sections.iter().map(|(_, l)| l.len()).sum();
        let expected: usize = BINDINGS.iter().map(|b| b.scopes.len()).sum();
        assert_eq!(listed, expected);
    }

    #[test]
    fn search_lines_edit_as_readline_and_move_as_fzf() {
        let s = Scope::Search;
        let edit = |k| action_for(k, s);
        assert_eq!(
            edit(Key::plain(KeyCode::Left)),
            Some(Action::Edit(Edit::Left))
        );
        assert_eq!(edit(Key::ctrl('a')), Some(Action::Edit(Edit::Home)));
        assert_eq!(edit(Key::ctrl('e')), Some(Action::Edit(Edit::End)));
        assert_eq!(edit(Key::ctrl('w')), Some(Action::Edit(Edit::DeleteWord)));
        assert_eq!(
            edit(Key::plain(KeyCode::Delete)),
            Some(Action::Edit(Edit::Delete))
        );
        assert_eq!(edit(Key::ctrl('n')), Some(Action::Down));
        assert_eq!(edit(Key::ctrl('j')), Some(Action::Down));
        assert_eq!(edit(Key::ctrl('p')), Some(Action::Up));
        assert_eq!(edit(Key::ctrl('k')), Some(Action::Up));
    }

    #[test]
    fn every_scope_has_hints_and_the_palette_has_the_named_commands() {
        for scope in [
            Scope::Browse,
            Scope::Search,
            Scope::Help,
            Scope::HelpFilter,
            Scope::Confirm,
        ] {
            assert!(!hints(scope).is_empty(), "{scope:?}");
        }
        let names: Vec<&str> = commands()
            .flat_map(|(_, b)| b.commands.iter().copied())
            .collect();
        for want in [
            "quit",
            "q",
            "export",
            "copy",
            "timeline",
            "reload",
            "help",
            "linked/all",
        ] {
            assert!(names.contains(&want), "{want}");
        }
    }
}
