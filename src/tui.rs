//! The event loop: terminal set-up and restore, reading keys, mouse and resizes, turning them into
//! actions for [`crate::app::update`], drawing, and carrying out effects.
//!
//! The terminal is always restored: on quit, on error (a guard's `Drop`) and on panic (a hook that
//! restores first, then lets the panic message print on the normal screen).

use crate::app::driver::{self, Runner, Step};
use crate::app::keymap::{Key, KeyCode};
use crate::app::{
    Action, App, CopyError, EditorError, Effect, Msg as AppMsg, ReloadOutcome, keymap,
};
use crate::editor;
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
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

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

/// Sets the terminal up for the app: raw mode, the alternate screen, mouse capture, no cursor.
fn enter_terminal() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        cursor::Hide
    )
}

impl Guard {
    fn enter() -> io::Result<Guard> {
        let guard = Guard;
        enter_terminal()?;
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
        event::KeyCode::Delete => KeyCode::Delete,
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

/// Writes a note (creating the export directory when missing); the outcome as a message.
pub fn write_note(path: std::path::PathBuf, contents: &str, overwrite: bool) -> AppMsg {
    let result = write::write_note(&path, contents.as_bytes(), overwrite).map_err(Arc::new);
    AppMsg::Exported { path, result }
}

/// What wakes the event loop.
enum Msg {
    Terminal(Event),
    Search(Response),
    Reloaded(ReloadOutcome),
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

/// How long the KB files must stay quiet after a change before they are read: editors often
/// write a file in several steps.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Reloads the KB at `path` off the UI thread, when asked (`r`, after the editor) or when a file
/// under it changes; several requests in quick succession make one reload.
struct Reloader {
    requests: mpsc::Sender<()>,
    /// Kept alive for as long as the reloader: dropping it stops watching.
    _watcher: Option<notify::RecommendedWatcher>,
}

impl Reloader {
    fn start(path: PathBuf, current: Arc<Kb>, watch: bool, tx: mpsc::Sender<Msg>) -> Reloader {
        let (requests, incoming) = mpsc::channel::<()>();
        let watcher = if watch {
            watch_kb(&path, requests.clone())
        } else {
            None
        };
        std::thread::Builder::new()
            .name("reload".into())
            .spawn(move || {
                let mut current = current;
                while incoming.recv().is_ok() {
                    while incoming.recv_timeout(DEBOUNCE).is_ok() {}
                    let outcome = match crate::kb::load_path(&path) {
                        Ok(kb) => {
                            let prepared = crate::app::prepare(&current, kb);
                            current = prepared.kb.clone();
                            ReloadOutcome::Loaded(prepared)
                        }
                        Err(e) => ReloadOutcome::failed(&e),
                    };
                    if tx.send(Msg::Reloaded(outcome)).is_err() {
                        break;
                    }
                }
            })
            .expect("the reload thread starts");
        Reloader {
            requests,
            _watcher: watcher,
        }
    }

    fn request(&self) {
        let _ = self.requests.send(());
    }
}

/// Watches the KB directory (or a single file's directory) for changes to YAML files.
fn watch_kb(path: &Path, requests: mpsc::Sender<()>) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    // Absolute, so a relative `--data kb.yaml` has a directory to watch and events compare equal.
    let path = &std::fs::canonicalize(path).ok()?;
    let single = path.is_file().then(|| path.to_path_buf());
    let is_single = single.is_some();
    let root = if is_single {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        path.to_path_buf()
    };
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        let relevant = event.paths.iter().any(|p| match &single {
            Some(f) => p == f,
            None => p.extension().is_some_and(|x| x == "yaml" || x == "yml") || p.is_dir(),
        });
        if relevant {
            let _ = requests.send(());
        }
    })
    .ok()?;
    let mode = if is_single {
        RecursiveMode::NonRecursive
    } else {
        RecursiveMode::Recursive
    };
    watcher.watch(&root, mode).ok()?;
    Some(watcher)
}

/// Where the KB comes from, for the browser: the path (when on disk) and whether to watch it;
/// and whether to capture the mouse.
pub struct Source {
    pub path: Option<PathBuf>,
    pub watch: bool,
    pub mouse: bool,
}

/// Suspends the browser, runs the editor on `file` at `line`, and puts the browser back.
fn edit(
    file: &Path,
    line: usize,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    gate: &InputGate,
    mouse: bool,
) -> Result<(PathBuf, usize), EditorError> {
    let editor = editor::configured(
        std::env::var("VISUAL").ok().as_deref(),
        std::env::var("EDITOR").ok().as_deref(),
    );
    let (program, args) = editor::command(&editor, file, line);
    gate.pause();
    restore_terminal();
    let status = std::process::Command::new(&program).args(&args).status();
    let back = (|| -> io::Result<()> {
        enter_terminal()?;
        if !mouse {
            execute!(io::stdout(), DisableMouseCapture)?;
        }
        // A blank screen and fresh buffers redraw everything. (`Terminal::clear` would ask the
        // terminal for the cursor position, which not every terminal answers.)
        execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))?;
        *terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok(())
    })();
    gate.resume();
    back.map_err(|e| EditorError::Terminal(Arc::new(e)))?;
    match status {
        Ok(s) if s.success() => Ok((file.to_path_buf(), line)),
        Ok(s) => Err(EditorError::Failed {
            program,
            status: s.to_string(),
        }),
        Err(err) => Err(EditorError::Start {
            program,
            source: Arc::new(err),
        }),
    }
}

/// Carries effects out for the real browser: the search worker, the file system, the
/// clipboard, the reloader and the editor.
struct TerminalRunner<'a> {
    worker: Worker,
    spawn_worker: &'a dyn Fn(Arc<Kb>) -> Worker,
    reloader: Option<Reloader>,
    terminal: &'a mut Terminal<CrosstermBackend<io::Stdout>>,
    gate: Arc<InputGate>,
    mouse: bool,
}

impl Runner for TerminalRunner<'_> {
    fn run(&mut self, app: &App, effect: Effect) -> io::Result<Step> {
        Ok(match effect {
            Effect::Quit => Step::Quit,
            Effect::Search(request) => {
                self.worker.submit(request);
                Step::Done
            }
            Effect::WriteNote {
                path,
                contents,
                overwrite,
            } => Step::Answer(write_note(path, &contents, overwrite)),
            Effect::Copy { text, .. } => {
                let in_tmux = std::env::var_os("TMUX").is_some();
                let result = clipboard::copy(&mut io::stdout(), &text, in_tmux)
                    .map(|_| text.len())
                    .map_err(|e| CopyError(Arc::new(e)));
                Step::Answer(AppMsg::Copied(result))
            }
            Effect::Reload => {
                if let Some(r) = &self.reloader {
                    r.request();
                }
                Step::Done
            }
            Effect::KbChanged => {
                self.worker = (self.spawn_worker)(app.kb.clone());
                Step::Done
            }
            Effect::Edit { file, line, .. } => {
                let result = edit(&file, line, self.terminal, &self.gate, self.mouse);
                Step::Answer(AppMsg::EditorDone(result))
            }
        })
    }
}

/// Runs the browser on `kb` until the user quits; `e` writes notes into `export_dir`.
pub fn run(kb: Kb, export_dir: PathBuf, source: Source) -> io::Result<()> {
    install_panic_hook();
    let _guard = Guard::enter()?;
    if !source.mouse {
        execute!(io::stdout(), DisableMouseCapture)?;
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let kb = Arc::new(kb);
    let mut app = App::new(kb.clone(), size.width, size.height);
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.export_dir = export_dir;
    app.mouse = source.mouse;
    // One queue for keys, search answers and reloads: the loop sleeps until one arrives, and
    // neither a search nor a reload ever holds up a keystroke.
    let (tx, rx) = mpsc::channel::<Msg>();
    let search_tx = tx.clone();
    let spawn_worker = move |kb: Arc<Kb>| {
        let search_tx = search_tx.clone();
        Worker::spawn(kb, move |r| {
            let _ = search_tx.send(Msg::Search(r));
        })
    };
    let reloader = source
        .path
        .clone()
        .filter(|_| !kb.is_bundled())
        .map(|p| Reloader::start(p, kb.clone(), source.watch, tx.clone()));
    let gate = Arc::new(InputGate::default());
    spawn_input(tx.clone(), gate.clone())?;
    let mut runner = TerminalRunner {
        worker: spawn_worker(kb.clone()),
        spawn_worker: &spawn_worker,
        reloader,
        terminal: &mut terminal,
        gate,
        mouse: source.mouse,
    };
    // Debug and test builds only: a way for end-to-end tests to prove the panic path restores.
    let forced_panic =
        cfg!(debug_assertions) && std::env::var_os("ARCTIC_BRIEF_TEST_PANIC").is_some();
    loop {
        runner.terminal.draw(|frame| ui::draw(frame, &app))?;
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
            let msg = match msg {
                Msg::Terminal(ev) => match action_for_event(&ev, app.key_scope()) {
                    Some(a) => AppMsg::Action(a),
                    None => continue,
                },
                Msg::Search(r) => AppMsg::SearchAnswer(Box::new(r)),
                Msg::Reloaded(outcome) => AppMsg::Reloaded(Box::new(outcome)),
                Msg::Failed(e) => return Err(e),
            };
            if let AppMsg::Action(Action::Resize(..)) = msg {
                runner.terminal.autoresize()?;
            }
            if driver::dispatch(&mut app, msg, &mut runner)? {
                return Ok(());
            }
        }
    }
}
