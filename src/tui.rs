//! The event loop: reading keys, mouse and resizes, turning them into actions for
//! [`crate::app::update`], drawing, and carrying out effects. The terminal's set-up and restore
//! live in [`crate::terminal`].

use crate::app::driver::{self, Runner, Step};
use crate::app::keymap::{Key, KeyCode, Keymap};
use crate::app::loading::{self, LoadMsg, LoadStep, Loading};
use crate::app::{Action, App, CopyError, EditorError, Effect, Msg as AppMsg, keymap};
use crate::cache::{Cache, Loaded};
use crate::editor;
use crate::export::{clipboard, write};
use crate::kb::{Kb, LoadError, Progress};
use crate::search::worker::{Response, Worker};
use crate::terminal::{Guard, enter_terminal, install_panic_hook, restore_terminal};
use crate::ui;
use crate::watch::{Notice, Reloader};
use crossterm::event::{
    self, DisableMouseCapture, Event, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

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
pub fn action_for_event(ev: &Event, keymap: &Keymap, scope: keymap::Scope) -> Option<Action> {
    match ev {
        Event::Key(k) if matches!(k.kind, KeyEventKind::Press | KeyEventKind::Repeat) => {
            keymap.action_for(translate_key(k.code, k.modifiers)?, scope)
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
    /// From the reloader: a reloaded KB, or a line for the status bar.
    Reload(Notice),
    /// The terminal could not be read.
    Failed(io::Error),
    /// The KB loaded off the UI thread, or why it did not.
    Loaded(Box<Result<Loaded, LoadError>>),
    /// A report for `update` from a thread of the runner's (how an export went).
    App(AppMsg),
}

/// What the browser starts on: a KB already in memory, or a path to load while the first frames
/// are drawn.
pub enum Start {
    Kb(Box<Kb>),
    Load(PathBuf),
}

/// How the wait for a load ended.
enum Waited {
    Loaded(Box<Loaded>),
    Failed(LoadError),
    Quit,
}

/// Loads `path` on another thread while drawing the loading screen; `q` and Ctrl-C quit.
fn wait_for_load(
    path: &Path,
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    tx: &mpsc::Sender<Msg>,
    rx: &mpsc::Receiver<Msg>,
    no_color: bool,
) -> io::Result<Waited> {
    let progress = Arc::new(Progress::default());
    let started = Instant::now();
    {
        let (path, progress, tx) = (path.to_path_buf(), progress.clone(), tx.clone());
        std::thread::Builder::new()
            .name("load".into())
            .spawn(move || {
                let loaded = Cache::user().load(&path, &progress);
                let _ = tx.send(Msg::Loaded(Box::new(loaded)));
            })?;
    }
    let mut state = Loading::new(&path.display().to_string(), no_color);
    loop {
        terminal.draw(|frame| ui::loading::draw(frame, &state))?;
        let msg = match rx.recv_timeout(LOAD_TICK) {
            Ok(Msg::Loaded(result)) => {
                return Ok(match *result {
                    Ok(l) => Waited::Loaded(Box::new(l)),
                    Err(e) => Waited::Failed(e),
                });
            }
            Ok(Msg::Failed(e)) => return Err(e),
            Ok(Msg::Terminal(Event::Resize(..))) => {
                terminal.autoresize()?;
                continue;
            }
            Ok(Msg::Terminal(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                match translate_key(k.code, k.modifiers) {
                    Some(key) => LoadMsg::Key(key),
                    None => continue,
                }
            }
            Ok(_) => continue,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                LoadMsg::Progress(progress.snapshot(), started.elapsed())
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(Waited::Quit),
        };
        if loading::update(&mut state, msg) == LoadStep::Quit {
            return Ok(Waited::Quit);
        }
    }
}

/// How often the loading screen redraws its progress.
const LOAD_TICK: Duration = Duration::from_millis(100);

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

/// Where the KB comes from, for the browser: the path (when on disk) and whether to watch it;
/// and whether to capture the mouse.
pub struct Source {
    pub path: Option<PathBuf>,
    pub watch: bool,
    pub mouse: bool,
    /// The keys and the theme in force (the config file's; the theme already colourless when
    /// `NO_COLOR` or `--color never` says so).
    pub keymap: Keymap,
    pub theme: ui::theme::Theme,
    /// The config's `[view]` defaults: wrapping and the order lists start in.
    pub wrap: Option<bool>,
    pub sort: Option<crate::kb::SortBy>,
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
    /// The event queue, for answers that come back from other threads.
    tx: mpsc::Sender<Msg>,
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
                job,
                overwrite,
            } => {
                // Building a large note and writing it grow with the KB: off the UI thread, the
                // answer comes back through the event queue.
                let (kb, tx) = (app.kb.clone(), self.tx.clone());
                std::thread::Builder::new()
                    .name("export".into())
                    .spawn(move || {
                        let contents = job.render(&kb);
                        let _ = tx.send(Msg::App(write_note(path, &contents, overwrite)));
                    })?;
                Step::Done
            }
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
            Effect::ComputeBoard { scope } => {
                // Linear in the KB (hundreds of ms at 100k): off the UI thread.
                let (kb, tx) = (app.kb.clone(), self.tx.clone());
                std::thread::Builder::new()
                    .name("board".into())
                    .spawn(move || {
                        let clusters = Arc::new(kb.contested_clusters(scope));
                        let _ = tx.send(Msg::App(AppMsg::BoardComputed {
                            kb,
                            scope,
                            clusters,
                        }));
                    })?;
                Step::Done
            }
            Effect::Edit { file, line, .. } => {
                let result = edit(&file, line, self.terminal, &self.gate, self.mouse);
                Step::Answer(AppMsg::EditorDone(result))
            }
        })
    }
}

/// Recently visited entities of this KB, from the last session; the file they are kept in.
fn restore_recent(app: &mut App, source: &Source) -> Option<PathBuf> {
    let dir = crate::config::state_dir()?;
    let file = crate::config::recent::file_for(&dir, source.path.as_deref());
    app.recent = crate::config::recent::load(&file, &app.kb);
    Some(file)
}

/// Keeps the recently visited entities for next time; losing them is not worth an error on the
/// way out.
fn keep_recent(app: &App, source: &Source, file: Option<&Path>) {
    if let Some(f) = file {
        let _ = crate::config::recent::save(f, source.path.as_deref(), &app.kb, &app.recent);
    }
}

/// Runs the browser until the user quits; `e` writes notes into `export_dir`. A KB to load is
/// loaded while the loading screen is drawn; its problems are returned (to print once the
/// terminal is restored), as is `None` when the user quit.
pub fn run(start: Start, export_dir: PathBuf, source: Source) -> io::Result<Option<LoadError>> {
    install_panic_hook();
    let _guard = Guard::enter()?;
    if !source.mouse {
        execute!(io::stdout(), DisableMouseCapture)?;
    }
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    // `--color`, the config and NO_COLOR decided the theme; the loading screen follows it too.
    let no_color = source.theme == ui::theme::Theme::plain();
    // One queue for keys, search answers, reloads and the first load: the loop sleeps until one
    // arrives, and neither a search nor a reload ever holds up a keystroke.
    let (tx, rx) = mpsc::channel::<Msg>();
    let gate = Arc::new(InputGate::default());
    spawn_input(tx.clone(), gate.clone())?;
    let (kb, index, note) = match start {
        Start::Kb(kb) => (*kb, None, None),
        Start::Load(path) => match wait_for_load(&path, &mut terminal, &tx, &rx, no_color)? {
            Waited::Loaded(l) => (l.kb, l.index, l.note),
            Waited::Failed(e) => return Ok(Some(e)),
            Waited::Quit => return Ok(None),
        },
    };
    let size = terminal.size()?;
    let kb = Arc::new(kb);
    let mut app = App::new(kb.clone(), size.width, size.height);
    app.no_color = source.theme == ui::theme::Theme::plain();
    app.keymap = source.keymap.clone();
    app.apply_view_defaults(source.wrap, source.sort);
    let recent_file = restore_recent(&mut app, &source);
    app.export_dir = export_dir;
    app.mouse = source.mouse;
    let search_tx = tx.clone();
    let spawn_worker = move |kb: Arc<Kb>| {
        let search_tx = search_tx.clone();
        Worker::spawn(kb, move |r| {
            let _ = search_tx.send(Msg::Search(r));
        })
    };
    let reloader = source.path.clone().filter(|_| !kb.is_bundled()).map(|p| {
        let reload_tx = tx.clone();
        Reloader::start(p, kb.clone(), source.watch, move |n| {
            reload_tx.send(Msg::Reload(n)).is_ok()
        })
    });
    let first_tx = tx.clone();
    let mut runner = TerminalRunner {
        // The first worker starts on the index the load brought (from the snapshot), if any.
        worker: Worker::spawn_with_index(kb.clone(), index, move |r| {
            let _ = first_tx.send(Msg::Search(r));
        }),
        spawn_worker: &spawn_worker,
        reloader,
        terminal: &mut terminal,
        gate,
        mouse: source.mouse,
        tx: tx.clone(),
    };
    if let Some(n) = note
        && driver::dispatch(&mut app, AppMsg::Status(n), &mut runner)?
    {
        return Ok(None);
    }
    event_loop(&mut app, &mut runner, &rx, &source.theme)?;
    keep_recent(&app, &source, recent_file.as_deref());
    Ok(None)
}

/// Draws, waits for the next message, applies everything queued, and again, until the user
/// quits (or the terminal cannot be read).
fn event_loop(
    app: &mut App,
    runner: &mut TerminalRunner,
    rx: &mpsc::Receiver<Msg>,
    theme: &ui::theme::Theme,
) -> io::Result<()> {
    // Debug and test builds only: a way for end-to-end tests to prove the panic path restores.
    let forced_panic =
        cfg!(debug_assertions) && std::env::var_os("ARCTIC_BRIEF_TEST_PANIC").is_some();
    loop {
        runner
            .terminal
            .draw(|frame| ui::draw_with(frame, app, theme))?;
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
                Msg::Terminal(ev) => match action_for_event(&ev, &app.keymap, app.key_scope()) {
                    Some(a) => AppMsg::Action(a),
                    None => continue,
                },
                Msg::Search(r) => AppMsg::SearchAnswer(Box::new(r)),
                Msg::Reload(Notice::Reloaded(outcome)) => AppMsg::Reloaded(Box::new(outcome)),
                Msg::Reload(Notice::Status(line)) => AppMsg::Status(line),
                Msg::Failed(e) => return Err(e),
                Msg::Loaded(_) => continue,
                Msg::App(m) => m,
            };
            if let AppMsg::Action(Action::Resize(..)) = msg {
                runner.terminal.autoresize()?;
            }
            if driver::dispatch(app, msg, runner)? {
                return Ok(());
            }
        }
    }
}
