//! The status bar's words: a message when there is one, else the keymap's hints for the current
//! mode in priority order, dropped whole from the end as the width shrinks; the way to help and to
//! quit is always there, at the right.

use super::keymap::Scope;
use super::{Action, App, Mode, Pane};
use crate::text::width::fit;
use unicode_width::UnicodeWidthStr;

/// The status bar split in two: what varies (left) and what is always shown (right).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub left: String,
    pub right: String,
}

/// The way out of `scope` (help, close or cancel, then quit), with the keys the keymap gives
/// them; an action the user left without a key is left out.
fn always_shown(app: &App, scope: Scope) -> String {
    let pieces: &[(Action, &str)] = match scope {
        Scope::Browse => &[(Action::ToggleHelp, "help"), (Action::Quit, "quit")],
        Scope::Help => &[(Action::Close, "close"), (Action::Quit, "quit")],
        Scope::Search | Scope::HelpFilter => &[(Action::Close, "cancel"), (Action::Quit, "quit")],
        Scope::Confirm => &[(Action::Confirm(true), "overwrite · other keys: no")],
        Scope::Graph => &[(Action::ToggleGraph, "close"), (Action::Quit, "quit")],
    };
    let words: Vec<String> = pieces
        .iter()
        .filter_map(|(a, word)| Some(format!("{} {word}", app.keymap.key_for(a, scope)?)))
        .collect();
    words.join("  ")
}

/// The status bar at `width` columns.
pub fn line(app: &App, width: usize) -> StatusLine {
    let scope = app.key_scope();
    let right = always_shown(app, scope);
    let room = width.saturating_sub(right.width() + 2);
    if let Some(message) = &app.status {
        let left = fit(&crate::text::line(message), room);
        return StatusLine { left, right };
    }
    let mut left = String::new();
    if !app.marked.is_empty() && scope == Scope::Browse {
        left = format!("● {} marked", app.marked.len());
    }
    for (key, word) in app.keymap.hints(scope) {
        let word = match (scope, word) {
            (Scope::Browse, "open") if app.focus == Pane::Detail => "follow",
            (Scope::Browse, "linked/all") if app.view == super::View::Board => "only/all clusters",
            _ => word,
        };
        let hint = format!("{key} {word}");
        let sep = if left.is_empty() { 0 } else { 2 };
        if left.width() + sep + hint.width() > room {
            break;
        }
        if sep > 0 {
            left.push_str("  ");
        }
        left.push_str(&hint);
    }
    if matches!(app.mode, Mode::Browse) {
        let label = format!("  · {}", crate::text::line(app.kb.label()));
        if left.width() + label.width() <= room {
            left.push_str(&label);
        }
    }
    StatusLine { left, right }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap;

    fn app() -> App {
        App::new(crate::kb::load_bundled().unwrap(), 80, 24)
    }

    #[test]
    fn help_and_quit_are_always_there_and_hints_are_never_cut() {
        let app = app();
        for width in [24, 40, 60, 80, 120, 200] {
            let s = line(&app, width);
            assert_eq!(s.right, "? help  q quit");
            assert!(s.left.width() + s.right.width() + 2 <= width.max(16));
            for piece in s
                .left
                .split("  ")
                .filter(|p| !p.is_empty() && !p.starts_with('·'))
            {
                assert!(
                    keymap::hints(Scope::Browse)
                        .iter()
                        .any(|(k, w)| piece == format!("{k} {w}")),
                    "{piece:?} at {width}"
                );
            }
        }
        assert!(line(&app, 80).left.starts_with("Enter open  / filter"));
    }
}
