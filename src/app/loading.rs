//! The browser before its KB is loaded: what the loading screen shows (the KB's path, the load's
//! progress, the time so far) and the pure `update` that keys and progress ticks go through. The
//! browser proper ([`crate::app::App`]) starts once the load ends; until then only quitting is
//! possible, and it is always possible.

use super::keymap::{Key, KeyCode};
use crate::kb::progress::ProgressSnapshot;
use std::time::Duration;

/// The loading screen's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loading {
    /// The KB's path as the user gave it (neutralised when drawn).
    pub label: String,
    pub progress: ProgressSnapshot,
    pub elapsed: Duration,
    pub no_color: bool,
}

/// What reaches the loading screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadMsg {
    /// The load's counters at `elapsed` since it began.
    Progress(ProgressSnapshot, Duration),
    Key(Key),
}

/// What the event loop does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStep {
    /// Keep drawing and waiting for the load.
    Wait,
    /// The user asked to quit (`q`, `Esc`, Ctrl-C): leave without waiting for the load.
    Quit,
}

impl Loading {
    pub fn new(label: &str, no_color: bool) -> Loading {
        Loading {
            label: label.to_string(),
            progress: ProgressSnapshot::default(),
            elapsed: Duration::ZERO,
            no_color,
        }
    }
}

pub fn update(state: &mut Loading, msg: LoadMsg) -> LoadStep {
    match msg {
        LoadMsg::Progress(p, elapsed) => {
            state.progress = p;
            state.elapsed = elapsed;
            LoadStep::Wait
        }
        LoadMsg::Key(k) => match (k.code, k.ctrl) {
            (KeyCode::Char('q') | KeyCode::Esc, false) | (KeyCode::Char('c'), true) => {
                LoadStep::Quit
            }
            _ => LoadStep::Wait,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, ctrl: bool) -> LoadMsg {
        LoadMsg::Key(Key {
            code,
            ctrl,
            alt: false,
        })
    }

    #[test]
    fn quitting_works_during_the_load_and_nothing_else_does() {
        let mut s = Loading::new("kb", false);
        assert_eq!(
            update(&mut s, key(KeyCode::Char('q'), false)),
            LoadStep::Quit
        );
        assert_eq!(
            update(&mut s, key(KeyCode::Char('c'), true)),
            LoadStep::Quit
        );
        assert_eq!(update(&mut s, key(KeyCode::Esc, false)), LoadStep::Quit);
        assert_eq!(
            update(&mut s, key(KeyCode::Char('j'), false)),
            LoadStep::Wait
        );
        assert_eq!(
            update(&mut s, key(KeyCode::Char('c'), false)),
            LoadStep::Wait
        );
    }

    #[test]
    fn progress_is_kept() {
        let mut s = Loading::new("kb", false);
        let p = ProgressSnapshot {
            files_total: 4,
            files_done: 1,
            ..ProgressSnapshot::default()
        };
        update(&mut s, LoadMsg::Progress(p, Duration::from_secs(2)));
        assert_eq!((s.progress, s.elapsed), (p, Duration::from_secs(2)));
    }
}
