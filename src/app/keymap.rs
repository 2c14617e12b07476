//! The keymap: one table drives key dispatch, the help screen, the status bar's hints and the
//! palette's commands, so they cannot disagree. Keys are our own small type, so the app layer knows
//! nothing of the terminal library.

use super::Action;
use super::line_edit::Edit;
use crate::kb::diag::did_you_mean;

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
    /// The link graph (`g`).
    Graph,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Browse => "Browsing",
            Scope::Search => "In a search (/, : or Ctrl-P); other keys type",
            Scope::Help => "In this help",
            Scope::HelpFilter => "Typing a filter on this help",
            Scope::Confirm => "At an \"overwrite?\" question; any other key answers no",
            Scope::Graph => "In the link graph (g)",
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
use Scope::{Browse as B, Confirm as C, Graph as GR, Help as H, HelpFilter as HF, Search as S};

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
    bind(&[Key::plain(K::Home)], Action::Top, &[B], "first item"),
    bind(
        &[Key::plain(K::Home), Key::ch('g')],
        Action::Top,
        &[H],
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
        "linked / all items (in Actors or Detail: every pane; on the board: only the clusters \
         of the actor or meeting selected when it opened, or all)",
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
        &[Key::ch('c')],
        Action::ToggleBoard,
        &[B],
        "contested-claims board: clusters of claims that support, contradict or qualify each \
         other, by side, strongest first, flagged first (again: back)",
    )
    .hint(10, "board")
    .command(&["board", "contested"]),
    bind(
        &[Key::plain(K::Esc)],
        Action::Close,
        &[B],
        "on the board: drop its filter, else leave it",
    ),
    bind(
        &[Key::ch(' ')],
        Action::ToggleMark,
        &[B],
        "mark or unmark the selected item (in Detail: the link) for a briefing; moves down",
    )
    .hint(15, "mark")
    .command(&["mark"]),
    bind(
        &[Key::ch('E')],
        Action::ExportBriefing,
        &[B],
        "export the marked items (none marked: what the focused list shows) as one briefing",
    )
    .hint(16, "briefing")
    .command(&["briefing"]),
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
    bind(
        &[Key::ch('g')],
        Action::ToggleGraph,
        &[B],
        "link graph of the selected item: its neighbours around it, up to 3 hops",
    )
    .hint(10, "graph")
    .command(&["graph"]),
    bind(
        &[Key::ch('?')],
        Action::ToggleHelp,
        &[B, H, GR],
        "this help (in the graph: its keys)",
    )
    .command(&["help"]),
    bind(&[Key::ch('q')], Action::Quit, &[B, H, GR], "quit").command(&["quit", "q", "exit"]),
    bind(
        &[Key::ctrl('c')],
        Action::Quit,
        &[B, H, HF, S, C, GR],
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
    bind(
        &[Key::plain(K::Left), Key::ch('h')],
        Action::Left,
        &[GR],
        "the nearest node to the left",
    )
    .hint(1, "move"),
    bind(
        &[Key::plain(K::Right), Key::ch('l')],
        Action::Right,
        &[GR],
        "the nearest node to the right",
    ),
    bind(
        &[Key::plain(K::Up), Key::ch('k')],
        Action::Up,
        &[GR],
        "the nearest node above",
    ),
    bind(
        &[Key::plain(K::Down), Key::ch('j')],
        Action::Down,
        &[GR],
        "the nearest node below",
    ),
    bind(
        &[Key::plain(K::Home)],
        Action::Top,
        &[GR],
        "select the centre",
    ),
    bind(
        &[Key::plain(K::Enter)],
        Action::Activate,
        &[GR],
        "recentre on the selected node (a group: its members are listed beside)",
    )
    .hint(2, "recentre"),
    bind(
        &[Key::plain(K::Backspace)],
        Action::Back,
        &[GR],
        "back to the centre before",
    )
    .hint(3, "back"),
    bind(
        &[Key::ch('+'), Key::ch('=')],
        Action::Deeper,
        &[GR],
        "one hop more (up to 3)",
    )
    .hint(4, "hops"),
    bind(&[Key::ch('-')], Action::Shallower, &[GR], "one hop less"),
    bind(
        &[Key::ch('1')],
        Action::ToggleRelations(1),
        &[GR],
        "show or hide affiliations (=)",
    )
    .hint(5, "relations"),
    bind(
        &[Key::ch('2')],
        Action::ToggleRelations(2),
        &[GR],
        "show or hide meetings: took part in, at meeting (m)",
    ),
    bind(
        &[Key::ch('3')],
        Action::ToggleRelations(3),
        &[GR],
        "show or hide claims: said (s), about (a)",
    ),
    bind(
        &[Key::ch('4')],
        Action::ToggleRelations(4),
        &[GR],
        "show or hide sources: reported in (r), published (p), relayed (v), cites (c)",
    ),
    bind(
        &[Key::ch('5')],
        Action::ToggleRelations(5),
        &[GR],
        "show or hide claim links: supports (+), contradicts (x), qualifies (~)",
    ),
    bind(
        &[Key::ch('o')],
        Action::OpenNode,
        &[GR],
        "leave the graph for the selected node in the lists (history as usual)",
    )
    .hint(6, "open"),
    bind(
        &[Key::ch('r')],
        Action::Reload,
        &[GR],
        "reload the KB from disk now (the graph stays open)",
    ),
    bind(
        &[Key::plain(K::Esc), Key::ch('g')],
        Action::ToggleGraph,
        &[GR],
        "close the keys shown, else the graph: back to where you were",
    ),
    bind(
        &[Key::plain(K::PageDown)],
        Action::PageDown,
        &[GR],
        "scroll the keys shown (?) down (a window too short for them)",
    ),
    bind(
        &[Key::plain(K::PageUp)],
        Action::PageUp,
        &[GR],
        "scroll the keys shown (?) up",
    ),
];

/// Every scope, in the order the help lists them.
pub const SCOPES: [Scope; 6] = [
    Scope::Browse,
    Scope::Search,
    Scope::Help,
    Scope::HelpFilter,
    Scope::Confirm,
    Scope::Graph,
];

impl Scope {
    /// The scope's name in the config file (`[keys.browse]`).
    pub fn name(self) -> &'static str {
        match self {
            Scope::Browse => "browse",
            Scope::Search => "search",
            Scope::Help => "help",
            Scope::HelpFilter => "help-filter",
            Scope::Confirm => "confirm",
            Scope::Graph => "graph",
        }
    }

    pub fn from_name(name: &str) -> Option<Scope> {
        SCOPES.into_iter().find(|s| s.name() == name)
    }
}

/// The name an action of the table has in the config file (`quit`, `cursor-left`); empty for
/// actions no key is bound to (resizes, clicks, typing).
pub fn action_name(a: &Action) -> &'static str {
    match a {
        Action::FocusNext => "next-pane",
        Action::FocusPrev => "previous-pane",
        Action::Up => "up",
        Action::Down => "down",
        Action::PageUp => "page-up",
        Action::PageDown => "page-down",
        Action::Top => "top",
        Action::Bottom => "bottom",
        Action::Activate => "activate",
        Action::Back => "back",
        Action::Forward => "forward",
        Action::ToggleLinked => "linked-all",
        Action::ToggleHelp => "help",
        Action::Close => "close",
        Action::Quit => "quit",
        Action::OpenFilter => "filter",
        Action::OpenJump => "jump",
        Action::OpenPalette => "palette",
        Action::Edit(e) => edit_name(e),
        Action::Export => "export",
        Action::Copy => "copy",
        Action::Confirm(true) => "confirm",
        Action::Reload => "reload",
        Action::OpenInEditor => "edit",
        Action::ToggleTimeline => "timeline",
        Action::ToggleWrap => "wrap",
        Action::CycleSort => "sort",
        Action::ToggleMark => "mark",
        Action::ExportBriefing => "briefing",
        Action::ToggleGraph => "graph",
        Action::Left => "left",
        Action::Right => "right",
        Action::Deeper => "deeper",
        Action::Shallower => "shallower",
        Action::ToggleRelations(1) => "affiliations",
        Action::ToggleRelations(2) => "meetings",
        Action::ToggleRelations(3) => "claims",
        Action::ToggleRelations(4) => "sources",
        Action::ToggleRelations(5) => "claim-links",
        Action::ToggleRelations(_) => "",
        Action::OpenNode => "open-node",
        Action::ToggleBoard => "board",
        Action::Confirm(false)
        | Action::Resize(..)
        | Action::Click(..)
        | Action::Scroll(..)
        | Action::NotInGraph(_) => "",
    }
}

fn edit_name(e: &Edit) -> &'static str {
    match e {
        Edit::Left => "cursor-left",
        Edit::Right => "cursor-right",
        Edit::Home => "cursor-start",
        Edit::End => "cursor-end",
        Edit::Backspace => "delete-back",
        Edit::Delete => "delete",
        Edit::DeleteWord => "delete-word",
        Edit::Clear => "clear",
        Edit::Insert(_) => "",
    }
}

/// The names of the actions bound in `scope`, in table order, once each.
pub fn action_names(scope: Scope) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.scopes.contains(&scope)) {
        let n = action_name(&b.action);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

/// Why a key name is not one: the message, and the nearest key name where one is close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadKey {
    pub message: String,
    pub suggestion: Option<String>,
}

/// Named keys as the config file writes them (matched without regard to case).
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("space", KeyCode::Char(' ')),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
];

impl Key {
    /// Reads a key as the help writes it or as helix and lazygit users write them: `q`, `G`,
    /// `Enter`, `Ctrl-c`, `C-c`, `ctrl+c`, `Alt-Left`, `A-left`, `Shift-Tab`, `Space`, `PgDn`.
    pub fn parse(text: &str) -> Result<Key, BadKey> {
        let mut rest = text;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        while let Some((m, after)) = split_modifier(rest) {
            match m.as_str() {
                "ctrl" | "c" | "control" => ctrl = true,
                "alt" | "a" | "m" | "meta" | "option" => alt = true,
                _ => shift = true,
            }
            rest = after;
        }
        let code = key_code(rest).ok_or_else(|| bad_key(text, rest))?;
        let code = match (shift, code) {
            (true, KeyCode::Tab) => KeyCode::BackTab,
            (true, KeyCode::Char(c)) if c.is_lowercase() => {
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            (true, KeyCode::Char(_) | KeyCode::BackTab) => code,
            (true, _) => {
                return Err(BadKey {
                    message: format!("`{text}`: Shift goes only with a letter or Tab"),
                    suggestion: None,
                });
            }
            (false, code) => code,
        };
        // Terminals send Ctrl with a letter as the letter's lower case.
        let code = match code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        Ok(Key { code, ctrl, alt })
    }
}

/// `Ctrl-x` -> (`ctrl`, `x`): a known modifier and what follows its `-` or `+`.
fn split_modifier(s: &str) -> Option<(String, &str)> {
    let at = s.find(['-', '+'])?;
    let (m, after) = (s[..at].to_lowercase(), &s[at + 1..]);
    let known = [
        "ctrl", "c", "control", "alt", "a", "m", "meta", "option", "shift", "s",
    ];
    (known.contains(&m.as_str()) && !after.is_empty()).then_some((m, after))
}

fn key_code(s: &str) -> Option<KeyCode> {
    let lower = s.to_lowercase();
    if let Some((_, c)) = NAMED.iter().find(|(n, _)| *n == lower) {
        return Some(*c);
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => Some(KeyCode::Char(c)),
        _ => None,
    }
}

fn bad_key(text: &str, base: &str) -> BadKey {
    let lower = base.to_lowercase();
    let names = NAMED.iter().map(|(n, _)| *n).filter(|n| n.is_ascii());
    let suggestion = did_you_mean(&lower, names).map(|n| {
        let mut named = n.to_string();
        named[..1].make_ascii_uppercase();
        text[..text.len() - base.len()].to_string() + &named
    });
    BadKey {
        message: format!(
            "`{text}` is not a key; a key is one character or a name (Enter, Esc, Tab, Space, \
             Backspace, Delete, Up, Down, Left, Right, Home, End, PgUp, PgDn), with Ctrl-, Alt- \
             or Shift- in front"
        ),
        suggestion,
    }
}

/// One place a key works: a binding of the table, in one scope, with the keys it has there.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    scope: Scope,
    binding: usize,
    keys: Vec<Key>,
}

/// A user's setting: in `scope`, the action named `action` has exactly `keys` (none: unbound).
#[derive(Clone, Debug)]
pub struct Override {
    pub scope: Scope,
    pub action: String,
    pub keys: Vec<Key>,
}

/// Why overrides cannot make a keymap; `index` is the override at fault.
#[derive(Clone, Debug, PartialEq)]
pub enum KeymapError {
    /// No action of that name in that scope; the nearest name there, if any.
    UnknownAction {
        index: usize,
        suggestion: Option<&'static str>,
    },
    /// The key is given to two actions of one scope (`first` is the other override).
    Conflict {
        index: usize,
        first: usize,
        key: Key,
    },
}

/// The keys in force: the table's, with the user's overrides. Dispatch, the help, the status
/// bar and the palette all read it, so they follow the config file.
#[derive(Clone, Debug, PartialEq)]
pub struct Keymap {
    entries: Vec<Entry>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let mut entries = Vec::new();
        for scope in SCOPES {
            for (binding, b) in BINDINGS.iter().enumerate() {
                if b.scopes.contains(&scope) {
                    entries.push(Entry {
                        scope,
                        binding,
                        keys: b.keys.to_vec(),
                    });
                }
            }
        }
        Keymap { entries }
    }
}

impl Keymap {
    /// The table with `overrides` applied in order. An override gives its action exactly the
    /// keys it lists in its scope; a key it takes is taken from the table's other actions there
    /// (the user said what they want), but two overrides may not claim one key in one scope.
    pub fn with_overrides(overrides: &[Override]) -> Result<Keymap, Vec<KeymapError>> {
        let mut map = Keymap::default();
        let mut errors = Vec::new();
        let mut claimed: Vec<(Scope, Key, usize)> = Vec::new();
        for (index, o) in overrides.iter().enumerate() {
            let names = action_names(o.scope);
            if !names.contains(&o.action.as_str()) {
                let suggestion = did_you_mean(&o.action, names.iter().copied());
                errors.push(KeymapError::UnknownAction { index, suggestion });
                continue;
            }
            for key in &o.keys {
                match claimed.iter().find(|(s, k, _)| *s == o.scope && k == key) {
                    Some((_, _, first)) if *first != index => errors.push(KeymapError::Conflict {
                        index,
                        first: *first,
                        key: *key,
                    }),
                    Some(_) => {}
                    None => claimed.push((o.scope, *key, index)),
                }
            }
            map.set(o);
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// Gives `o.action` exactly `o.keys` in `o.scope`, taking them from any other entry there.
    fn set(&mut self, o: &Override) {
        let is_it =
            |e: &Entry| e.scope == o.scope && action_name(&BINDINGS[e.binding].action) == o.action;
        let Some(first) = self.entries.iter().position(is_it) else {
            return;
        };
        let binding = self.entries[first].binding;
        let mut keys: Vec<Key> = Vec::with_capacity(o.keys.len());
        for k in &o.keys {
            if !keys.contains(k) {
                keys.push(*k);
            }
        }
        for e in self.entries.iter_mut().filter(|e| e.scope == o.scope) {
            e.keys.retain(|k| !keys.contains(k));
        }
        self.entries[first] = Entry {
            scope: o.scope,
            binding,
            keys,
        };
        let mut i = 0;
        self.entries.retain(|e| {
            i += 1;
            i - 1 == first || !is_it(e)
        });
    }

    fn in_scope(&self, scope: Scope) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.scope == scope)
    }

    /// The action bound to `key` in `scope`. Typing scopes type an unbound printable key; at a
    /// question any other key answers no.
    pub fn action_for(&self, key: Key, scope: Scope) -> Option<Action> {
        let bound = self
            .in_scope(scope)
            .find(|e| e.keys.contains(&key))
            .map(|e| BINDINGS[e.binding].action.clone());
        match (bound, key.code) {
            (Some(a), _) => Some(a),
            (None, _) if scope == Scope::Confirm => Some(Action::Confirm(false)),
            // A key of the lists does nothing in the graph: said, not silently dropped.
            (None, _) if scope == Scope::Graph && self.action_for(key, Scope::Browse).is_some() => {
                Some(Action::NotInGraph(key.label()))
            }
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

    /// Each action of `scope` by its config name, with all its keys and its first help line.
    pub fn actions(&self, scope: Scope) -> Vec<(&'static str, Vec<Key>, &'static str)> {
        let mut out: Vec<(&'static str, Vec<Key>, &'static str)> = Vec::new();
        for e in self.in_scope(scope) {
            let b = &BINDINGS[e.binding];
            let name = action_name(&b.action);
            match out.iter_mut().find(|(n, _, _)| *n == name) {
                Some((_, keys, _)) => keys.extend(e.keys.iter().copied()),
                None => out.push((name, e.keys.clone(), b.help)),
            }
        }
        out
    }

    /// The first key of `action` in `scope`, as the help names it.
    pub fn key_for(&self, action: &Action, scope: Scope) -> Option<String> {
        self.in_scope(scope)
            .filter(|e| BINDINGS[e.binding].action == *action)
            .find_map(|e| e.keys.first())
            .map(Key::label)
    }

    /// The help screen's sections: a title, then keys and what they do. Unbound entries are
    /// left out.
    pub fn help_sections(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        SCOPES
            .into_iter()
            .map(|scope| {
                let lines = self
                    .in_scope(scope)
                    .filter(|e| !e.keys.is_empty())
                    .map(|e| (label_of(&e.keys), BINDINGS[e.binding].help))
                    .collect();
                (scope.title(), lines)
            })
            .collect()
    }

    /// The status bar's hints for `scope`, best first: the key and its word (`/ filter`).
    pub fn hints(&self, scope: Scope) -> Vec<(String, &'static str)> {
        let mut v: Vec<(u8, String, &'static str)> = self
            .in_scope(scope)
            .filter_map(|e| {
                let (rank, word) = BINDINGS[e.binding].hint?;
                Some((rank, e.keys.first()?.label(), word))
            })
            .collect();
        v.sort_by_key(|(rank, _, _)| *rank);
        v.into_iter().map(|(_, k, w)| (k, w)).collect()
    }

    /// The key the palette shows beside command `binding` (its first key while browsing).
    pub fn command_key(&self, binding: usize) -> String {
        self.in_scope(Scope::Browse)
            .find(|e| e.binding == binding)
            .and_then(|e| e.keys.first())
            .map(Key::label)
            .unwrap_or_default()
    }
}

fn label_of(keys: &[Key]) -> String {
    let keys: Vec<String> = keys.iter().map(Key::label).collect();
    keys.join(" / ")
}

/// The table's keymap, built once.
fn defaults() -> &'static Keymap {
    static DEFAULT: std::sync::LazyLock<Keymap> = std::sync::LazyLock::new(Keymap::default);
    &DEFAULT
}

/// The action the table's keymap binds to `key` in `scope` (see [`Keymap::action_for`]).
pub fn action_for(key: Key, scope: Scope) -> Option<Action> {
    defaults().action_for(key, scope)
}

/// The keys of a binding as the help names them: `Backspace / Alt-←`.
pub fn keys_label(b: &Binding) -> String {
    label_of(b.keys)
}

/// The table's help sections (see [`Keymap::help_sections`]).
pub fn help_sections() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    defaults().help_sections()
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

/// The table's status bar hints (see [`Keymap::hints`]).
pub fn hints(scope: Scope) -> Vec<(String, &'static str)> {
    defaults().hints(scope)
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
        assert_eq!(
            action_for(Key::plain(KeyCode::Esc), Scope::Browse),
            Some(Action::Close)
        );
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
        assert_eq!(sections.len(), SCOPES.len());
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
            Scope::Graph,
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
            "graph",
        ] {
            assert!(names.contains(&want), "{want}");
        }
    }
}
