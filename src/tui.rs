//! The event loop: reading keys, mouse and resizes, turning them into actions for
//! [`crate::app::update`], drawing, and carrying out effects. The terminal's set-up and restore
//! live in [`crate::terminal`].

use crate::app::keymap::{Key, KeyCode};
use crate::app::{Action, App, Effect, ExportOutcome, keymap, update};
use crate::editor;
use crate::export::{clipboard, write};
use crate::kb::Kb;
use crate::search::worker::{Response, Worker};
use crate::terminal::{Guard, enter_terminal, install_panic_hook, restore_terminal};
use crate::ui;
use crate::watch::{Notice, Reloader};
use crossterm::event::{self, Event, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use crossterm::execute;
use crossterm::terminal;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

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
    /// From the reloader: a reloaded KB, or a line for the status bar.
    Reload(Notice),
    /// The terminal could not be read.
    Failed(io::Error),
}

/// Lets the event loop stop the input thread from reading the terminal (while an editor runs).
#[derive(Default)]
struct InputGate {
    paused: AtomicBool,
    /// Set by the input thread once it has seen `paused` and is not reading.
    idle: AtomicBool,
}

impl InputGate {
    fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let start = std::time::Instant::now();
        while !self.idle.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

fn spawn_input(tx: mpsc::Sender<Msg>, gate: Arc<InputGate>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("terminal input".into())
        .spawn(move || {
            loop {
                if gate.paused.load(Ordering::SeqCst) {
                    gate.idle.store(true, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                gate.idle.store(false, Ordering::SeqCst);
                // Poll with a timeout so a pause is noticed between reads.
                let msg = match event::poll(Duration::from_millis(50)) {
                    Ok(false) => continue,
                    Ok(true) => match event::read() {
                        Ok(ev) => Msg::Terminal(ev),
                        Err(e) => Msg::Failed(e),
                    },
                    Err(e) => Msg::Failed(e),
                };
                let failed = matches!(msg, Msg::Failed(_));
                if tx.send(msg).is_err() || failed {
                    break;
                }
            }
        })?;
    Ok(())
}

/// Where the KB comes from, for the browser: the path (when on disk) and whether to watch it.
pub struct Source {
    pub path: Option<PathBuf>,
    pub watch: bool,
}

/// Suspends the browser, runs the editor on `e`'s file at its line, and puts the browser back.
fn edit(
    app: &mut App,
    e: crate::kb::EntityRef,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    gate: &InputGate,
) -> io::Result<Action> {
    let Some((file, line)) = app.kb.definition(e) else {
        app.status = Some("cannot find where this item is defined".into());
        return Ok(Action::CloseOverlay);
    };
    let Some(path) = file.path.clone() else {
        app.status = Some(
            "the bundled briefing is read-only; to edit it, open a copy: arctic-brief --data data/"
                .into(),
        );
        return Ok(Action::CloseOverlay);
    };
    let editor = editor::configured(
        std::env::var("VISUAL").ok().as_deref(),
        std::env::var("EDITOR").ok().as_deref(),
    );
    let (program, args) = editor::command(&editor, &path, line);
    gate.pause();
    restore_terminal();
    let status = std::process::Command::new(&program).args(&args).status();
    enter_terminal()?;
    // A blank screen and fresh buffers redraw everything. (`Terminal::clear` would ask the
    // terminal for the cursor position, which not every terminal answers.)
    execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))?;
    *terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    gate.resume();
    app.status = Some(match status {
        Ok(s) if s.success() => format!("edited {}:{line}", path.display()),
        Ok(s) => format!("the editor `{program}` exited with {s}"),
        Err(err) => format!("cannot start the editor `{program}`: {err} (set $VISUAL or $EDITOR)"),
    });
    Ok(Action::Reload)
}

/// Runs the browser on `kb` until the user quits; `e` writes notes into `export_dir`.
pub fn run(kb: Kb, export_dir: PathBuf, source: Source) -> io::Result<()> {
    install_panic_hook();
    let _guard = Guard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let kb = Arc::new(kb);
    let mut app = App::new(kb.clone(), size.width, size.height);
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.export_dir = export_dir;
    // One queue for keys, search answers and reloads: the loop sleeps until one arrives, and
    // neither a search nor a reload ever holds up a keystroke.
    let (tx, rx) = mpsc::channel::<Msg>();
    let spawn_worker = |kb: Arc<Kb>| {
        let search_tx = tx.clone();
        Worker::spawn(kb, move |r| {
            let _ = search_tx.send(Msg::Search(r));
        })
    };
    let mut worker = spawn_worker(kb.clone());
    let reloader = source.path.clone().filter(|_| !kb.is_bundled()).map(|p| {
        let reload_tx = tx.clone();
        Reloader::start(p, kb.clone(), source.watch, move |n| {
            reload_tx.send(Msg::Reload(n)).is_ok()
        })
    });
    let gate = Arc::new(InputGate::default());
    spawn_input(tx.clone(), gate.clone())?;
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
                Msg::Reload(Notice::Reloaded(outcome)) => Action::Reloaded(Box::new(outcome)),
                Msg::Reload(Notice::Status(line)) => {
                    app.status = Some(line);
                    continue;
                }
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
                    Effect::Reload => {
                        if let Some(r) = &reloader {
                            r.request();
                        }
                        continue;
                    }
                    Effect::KbChanged => {
                        worker = spawn_worker(app.kb.clone());
                        continue;
                    }
                    Effect::Edit(e) => edit(&mut app, e, &mut terminal, &gate)?,
                };
                effects.extend(update(&mut app, answer));
            }
        }
    }
}
