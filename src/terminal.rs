//! The terminal's set-up and restore: raw mode, the alternate screen, mouse capture and the
//! cursor, entered once and always put back (on quit, on error through [`Guard`]'s `Drop`, and on
//! panic through a hook that restores first, then lets the panic message print on the normal
//! screen).

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

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
