//! The event loop: terminal set-up and restore, reading keys, mouse and resizes, turning them into
//! actions for [`crate::app::update`], drawing, and carrying out effects.
//!
//! The terminal is always restored: on quit, on error (a guard's `Drop`) and on panic (a hook that
//! restores first, then lets the panic message print on the normal screen).

use crate::app::keymap::{Key, KeyCode};
use crate::app::{Action, App, Effect, ExportOutcome, keymap, update};
use crate::export::{clipboard, write};
use crate::kb::Kb;
use crate::search::worker::{Response, Worker};
use crate::ui;
use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, KeyModifiers, MouseButton,
    MouseEventKind,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

/// Whether the terminal is currently set up for the app (raw, alternate screen, mouse).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as it was. Only the first call after set-up does anything, so the panic
/// hook and the guard's `Drop` do not restore twice (which would print sequences after the
/// panic message).
pub fn restore_terminal() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal when dropped, so an early return or error cannot leave it raw.
struct Guard;

impl Guard {
    fn enter() -> io::Result<Guard> {
        terminal::enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let guard = Guard;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            cursor::Hide
        )?;
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// The app's key for a terminal key event, if it is one the app knows.
pub fn translate_key(code: event::KeyCode, modifiers: KeyModifiers) -> Option<Key> {
    let code = match code {
        event::KeyCode::Char(c) => KeyCode::Char(c),
        event::KeyCode::Enter => KeyCode::Enter,
        event::KeyCode::Tab => KeyCode::Tab,
        event::KeyCode::BackTab => KeyCode::BackTab,
        event::KeyCode::Backspace => KeyCode::Backspace,
        event::KeyCode::Esc => KeyCode::Esc,
        event::KeyCode::Up => KeyCode::Up,
        event::KeyCode::Down => KeyCode::Down,
        event::KeyCode::Left => KeyCode::Left,
        event::KeyCode::Right => KeyCode::Right,
        event::KeyCode::PageUp => KeyCode::PageUp,
        event::KeyCode::PageDown => KeyCode::PageDown,
        event::KeyCode::Home => KeyCode::Home,
        event::KeyCode::End => KeyCode::End,
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: modifiers.contains(KeyModifiers::CONTROL),
        alt: modifiers.contains(KeyModifiers::ALT),
    })
}

/// The action for a terminal event in the app's current key scope.
pub fn action_for_event(ev: &Event, scope: keymap::Scope) -> Option<Action> {
    match ev {
        Event::Key(k) if matches!(k.kind, KeyEventKind::Press | KeyEventKind::Repeat) => {
            keymap::action_for(translate_key(k.code, k.modifiers)?, scope)
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::Scroll(m.column, m.row, 1)),
            MouseEventKind::ScrollUp => Some(Action::Scroll(m.column, m.row, -1)),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

/// Writes a note for `e` (creating the export directory when missing); the outcome as an action.
pub fn write_note(path: std::path::PathBuf, contents: &str, overwrite: bool) -> Action {
    let outcome = match write::write_note(&path, contents.as_bytes(), overwrite) {
        Ok(()) => ExportOutcome::Written,
        Err(write::WriteError::Exists(_)) => ExportOutcome::Exists,
        Err(e) => ExportOutcome::Failed(e.to_string()),
    };
    Action::Exported(path, outcome)
}

/// What wakes the event loop.
enum Msg {
    Terminal(Event),
    Search(Response),
    /// The terminal could not be read.
    Failed(io::Error),
}

/// Runs the browser on `kb` until the user quits; `e` writes notes into `export_dir`.
pub fn run(kb: Kb, export_dir: std::path::PathBuf) -> io::Result<()> {
    install_panic_hook();
    let _guard = Guard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let kb = Arc::new(kb);
    let mut app = App::new(kb.clone(), size.width, size.height);
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.export_dir = export_dir;
    // One queue for keys and search answers: the loop sleeps until either arrives, and a search
    // never holds up a keystroke.
    let (tx, rx) = mpsc::channel::<Msg>();
    let search_tx = tx.clone();
    let worker = Worker::spawn(kb, move |r| {
        let _ = search_tx.send(Msg::Search(r));
    });
    std::thread::Builder::new()
        .name("terminal input".into())
        .spawn(move || {
            loop {
                let msg = match event::read() {
                    Ok(ev) => Msg::Terminal(ev),
                    Err(e) => Msg::Failed(e),
                };
                let failed = matches!(msg, Msg::Failed(_));
                if tx.send(msg).is_err() || failed {
                    break;
                }
            }
        })?;
    // Debug and test builds only: a way for end-to-end tests to prove the panic path restores.
    let forced_panic =
        cfg!(debug_assertions) && std::env::var_os("ARCTIC_BRIEF_TEST_PANIC").is_some();
    loop {
        terminal.draw(|frame| ui::draw(frame, &app))?;
        if forced_panic {
            panic!("forced panic for testing (ARCTIC_BRIEF_TEST_PANIC)");
        }
        let Ok(msg) = rx.recv() else { return Ok(()) };
        // Apply everything already queued before drawing again: typing fast costs one frame.
        let mut pending = vec![msg];
        while let Ok(more) = rx.try_recv() {
            pending.push(more);
        }
        for msg in pending {
            let action = match msg {
                Msg::Terminal(ev) => match action_for_event(&ev, app.key_scope()) {
                    Some(a) => a,
                    None => continue,
                },
                Msg::Search(r) => Action::SearchResults(Box::new(r)),
                Msg::Failed(e) => return Err(e),
            };
            if let Action::Resize(..) = action {
                terminal.autoresize()?;
            }
            let mut effects = update(&mut app, action);
            while let Some(effect) = effects.pop() {
                let answer = match effect {
                    Effect::Quit => return Ok(()),
                    Effect::Search(request) => {
                        worker.submit(request);
                        continue;
                    }
                    Effect::WriteNote {
                        path,
                        contents,
                        overwrite,
                    } => write_note(path, &contents, overwrite),
                    Effect::Copy { text, .. } => {
                        let in_tmux = std::env::var_os("TMUX").is_some();
                        let result = clipboard::copy(&mut io::stdout(), &text, in_tmux)
                            .map(|_| text.len())
                            .map_err(|e| e.to_string());
                        Action::Copied(result)
                    }
                };
                effects.extend(update(&mut app, answer));
            }
        }
    }
}
