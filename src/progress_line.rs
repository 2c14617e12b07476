//! The command line's load progress: a single line on stderr, drawn only when a load takes longer
//! than [`QUIET_FOR`] (a fast load, or a warm start from the snapshot, prints nothing) and erased
//! when it ends. The caller decides whether stderr is a terminal.

use crate::kb::Progress;
use crate::kb::progress::ProgressSnapshot;
use std::io::Write;
use std::time::{Duration, Instant};

/// Loads faster than this show no progress at all.
pub const QUIET_FOR: Duration = Duration::from_millis(500);
const TICK: Duration = Duration::from_millis(100);
const BAR: usize = 20;

/// Runs `load` on another thread while this one redraws the progress line from `progress`.
pub fn while_loading<T: Send>(
    label: &str,
    progress: &Progress,
    load: impl FnOnce() -> T + Send,
) -> T {
    let start = Instant::now();
    std::thread::scope(|s| {
        let worker = s.spawn(load);
        let mut drawn = false;
        while !worker.is_finished() {
            std::thread::park_timeout(TICK);
            if start.elapsed() >= QUIET_FOR && !worker.is_finished() {
                draw(&line(label, &progress.snapshot(), start.elapsed()));
                drawn = true;
            }
        }
        if drawn {
            // Back to the start of the line and clear it (our own sequence, not KB text).
            draw("");
        }
        match worker.join() {
            Ok(v) => v,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

fn draw(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = write!(e, "\r\x1b[2K{text}").and_then(|_| e.flush());
}

/// `loading kb/  [#####...............]  1/4 files  30/118 MB  52,000 entities  ~4 s left`.
pub fn line(label: &str, p: &ProgressSnapshot, elapsed: Duration) -> String {
    let filled = (p.fraction() * BAR as f64).round() as usize;
    let bar: String = "#".repeat(filled) + &".".repeat(BAR - filled.min(BAR));
    format!(
        "loading {}  [{bar}]  {}",
        crate::text::line(label),
        p.describe(elapsed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_files_bytes_entities_and_time_left() {
        let p = ProgressSnapshot {
            files_total: 4,
            bytes_total: 100 * 1024 * 1024,
            files_done: 1,
            bytes_done: 25 * 1024 * 1024,
            entities: 52_000,
        };
        let l = line("kb\x1b[2J", &p, Duration::from_secs(1));
        assert!(l.contains("[#####...............]"), "{l}");
        assert!(
            l.contains("1/4 files  25/100 MB  52000 entities  ~3 s left"),
            "{l}"
        );
        assert!(!l.contains('\x1b'), "the label is neutralised: {l:?}");
    }

    #[test]
    fn a_quick_load_prints_nothing_and_returns_its_value() {
        let p = Progress::default();
        assert_eq!(while_loading("kb", &p, || 7), 7);
    }
}
