//! The terminal's set-up and restore: raw mode, the alternate screen, mouse capture and the
//! cursor, entered once and always put back (on quit, on error through [`Guard`]'s `Drop`, and on
//! panic through a hook that restores first, then lets the panic message print on the normal
//! screen).
//!
//! Some endings run no code in the process at all: SIGTERM, SIGHUP, SIGKILL, and an allocation
//! failure (Rust aborts without unwinding, so no hook or `Drop` runs). For those, [`supervise`]
//! makes the browser a child of a small supervising process: the binary runs itself again, the
//! parent saves the terminal's settings (termios), forwards SIGTERM, SIGHUP, SIGINT and SIGQUIT
//! to the child, waits, and if the child died by a signal while the terminal was still raw, puts
//! the settings back and leaves the alternate screen, mouse capture and hidden cursor itself.
//! `ARCTIC_BRIEF_NO_SUPERVISOR=1` runs the browser in one process (for a debugger or `strace`).

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use std::io::{self, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

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
pub struct Guard;

/// Sets the terminal up for the app: raw mode, the alternate screen, mouse capture, no cursor.
pub fn enter_terminal() -> io::Result<()> {
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
    pub fn enter() -> io::Result<Guard> {
        let guard = Guard;
        enter_terminal()?;
        // Debug and test builds only: a way for end-to-end tests to prove that an allocation
        // failure (an abort, which runs no hook) still leaves a restored terminal.
        if cfg!(debug_assertions) && std::env::var_os("ARCTIC_BRIEF_TEST_ABORT").is_some() {
            std::alloc::handle_alloc_error(std::alloc::Layout::new::<[u8; 1 << 30]>());
        }
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}

/// Set to turn the supervising process off.
pub const NO_SUPERVISOR: &str = "ARCTIC_BRIEF_NO_SUPERVISOR";

/// Set by the supervisor for its child, so the child does not supervise again.
const SUPERVISED: &str = "ARCTIC_BRIEF_SUPERVISED";

/// The supervised child's pid, for the signal handler (0: none yet).
static CHILD: AtomicI32 = AtomicI32::new(0);

/// The signals the supervisor passes on to the browser instead of dying of them.
const FORWARDED: [libc::c_int; 4] = [libc::SIGTERM, libc::SIGHUP, libc::SIGINT, libc::SIGQUIT];

extern "C" fn forward(sig: libc::c_int) {
    let pid = CHILD.load(Ordering::SeqCst);
    // `kill` is async-signal-safe; pid 0 would signal our whole process group.
    if pid > 0 {
        // SAFETY: a plain system call on a pid we spawned.
        unsafe { libc::kill(pid, sig) };
    }
}

fn set_handlers(handler: libc::sighandler_t) {
    for sig in FORWARDED {
        // SAFETY: installs a handler that only calls `kill` (or the default disposition).
        unsafe { libc::signal(sig, handler) };
    }
}

/// The terminal settings of stdin, when it is a terminal.
fn termios() -> Option<libc::termios> {
    // SAFETY: `tcgetattr` fills the zeroed struct, which is plain data.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    (unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut t) } == 0).then_some(t)
}

/// Runs the browser as a supervised child (see the module docs) and returns its exit code; or
/// `None` when this process is to run the browser itself: it is the child, supervision is turned
/// off, stdin is not a terminal, or the child cannot be started. Call it first thing in `main`'s
/// browser path, before any thread starts.
pub fn supervise() -> Option<ExitCode> {
    if std::env::var_os(SUPERVISED).is_some() {
        // SAFETY: called before the process starts any thread; the editor `o` runs must not
        // inherit the marker.
        unsafe { std::env::remove_var(SUPERVISED) };
        return None;
    }
    if std::env::var_os(NO_SUPERVISOR).is_some_and(|v| !v.is_empty()) {
        return None;
    }
    let saved = termios()?;
    let exe = std::env::current_exe().ok()?;
    // Handlers (unlike an ignored signal) are reset by `exec`, so the child gets the defaults.
    set_handlers(forward as *const () as libc::sighandler_t);
    let spawned = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(SUPERVISED, "1")
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(_) => {
            set_handlers(libc::SIG_DFL);
            return None;
        }
    };
    CHILD.store(child.id() as i32, Ordering::SeqCst);
    let status = child.wait();
    CHILD.store(0, Ordering::SeqCst);
    let Ok(status) = status else {
        return Some(ExitCode::from(1));
    };
    Some(match status.signal() {
        None => ExitCode::from(status.code().unwrap_or(1) as u8),
        Some(sig) => {
            restore_after(&saved, sig);
            ExitCode::from(128u8.wrapping_add(sig as u8))
        }
    })
}

/// After the child died of `sig`: if it left the terminal raw, put back `saved` and leave the
/// alternate screen, mouse capture and hidden cursor; say so for an abnormal death.
fn restore_after(saved: &libc::termios, sig: libc::c_int) {
    let cooked = |t: &libc::termios| t.c_lflag & (libc::ICANON | libc::ECHO);
    // Raw mode is the first thing set up and the last put back: a cooked terminal means the
    // child had not started drawing or had already restored (the editor was running).
    let raw = termios().is_some_and(|now| cooked(&now) != cooked(saved));
    if raw {
        let mut out = io::stdout();
        let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
        let _ = out.flush();
        // SAFETY: puts back the settings read from the same terminal at start-up.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, saved) };
    }
    let why = match sig {
        libc::SIGTERM | libc::SIGHUP | libc::SIGINT | libc::SIGQUIT | libc::SIGPIPE => return,
        libc::SIGABRT => "aborted (out of memory?)".to_string(),
        libc::SIGKILL => "was killed (SIGKILL; out of memory?)".to_string(),
        n => format!("died of signal {n}"),
    };
    let restored = if raw {
        "; the terminal was restored"
    } else {
        ""
    };
    eprintln!("arctic-brief: the browser {why}{restored}");
}
