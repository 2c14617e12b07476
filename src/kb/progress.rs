//! How far a load has got, shared between the loading thread and whoever draws a progress bar:
//! files and bytes read and parsed, entities validated, and an estimate of the time left.
//! Counters only; knows nothing of how progress is shown.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Bytes per second assumed before the first file is done: about the YAML parser's slowest rate
/// measured here (BENCHMARKS.md), so a first estimate errs on the long side.
const ASSUMED_BYTES_PER_SEC: f64 = 15.0 * 1024.0 * 1024.0;

/// Load progress counters; every field is updated with relaxed atomics (a bar needs no ordering).
#[derive(Debug, Default)]
pub struct Progress {
    files_total: AtomicU64,
    bytes_total: AtomicU64,
    files_done: AtomicU64,
    bytes_done: AtomicU64,
    entities: AtomicU64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgressSnapshot {
    pub files_total: u64,
    pub bytes_total: u64,
    pub files_done: u64,
    pub bytes_done: u64,
    pub entities: u64,
}

impl Progress {
    /// Records what the load will read, once its files are known.
    pub fn plan(&self, files: u64, bytes: u64) {
        self.files_total.store(files, Ordering::Relaxed);
        self.bytes_total.store(bytes, Ordering::Relaxed);
    }

    /// One file read, parsed and validated: its size and how many entities it held.
    pub fn file_done(&self, bytes: u64, entities: u64) {
        self.files_done.fetch_add(1, Ordering::Relaxed);
        self.bytes_done.fetch_add(bytes, Ordering::Relaxed);
        self.entities.fetch_add(entities, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> ProgressSnapshot {
        ProgressSnapshot {
            files_total: self.files_total.load(Ordering::Relaxed),
            bytes_total: self.bytes_total.load(Ordering::Relaxed),
            files_done: self.files_done.load(Ordering::Relaxed),
            bytes_done: self.bytes_done.load(Ordering::Relaxed),
            entities: self.entities.load(Ordering::Relaxed),
        }
    }
}

impl ProgressSnapshot {
    /// The share of bytes done, 0.0 to 1.0 (0.0 while the plan is unknown).
    pub fn fraction(&self) -> f64 {
        if self.bytes_total == 0 {
            return 0.0;
        }
        (self.bytes_done as f64 / self.bytes_total as f64).min(1.0)
    }

    /// Time left after `elapsed`: from the rate so far once some bytes are done, else from an
    /// assumed rate. `None` while the plan is unknown.
    pub fn time_left(&self, elapsed: Duration) -> Option<Duration> {
        if self.bytes_total == 0 {
            return None;
        }
        let left = self.bytes_total.saturating_sub(self.bytes_done) as f64;
        let rate = if self.bytes_done > 0 && elapsed.as_secs_f64() > 0.0 {
            self.bytes_done as f64 / elapsed.as_secs_f64()
        } else {
            ASSUMED_BYTES_PER_SEC
        };
        let total_guess = self.bytes_total as f64 / ASSUMED_BYTES_PER_SEC;
        let secs = if self.bytes_done == 0 {
            (total_guess - elapsed.as_secs_f64()).max(0.0)
        } else {
            left / rate
        };
        Some(Duration::from_secs_f64(secs))
    }
}

impl ProgressSnapshot {
    /// `1/4 files  30/118 MB  52000 entities  ~4 s left`: what a progress bar says beside it.
    pub fn describe(&self, elapsed: Duration) -> String {
        let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
        let left = self
            .time_left(elapsed)
            .map(|d| format!("  ~{} s left", d.as_secs_f64().ceil() as u64))
            .unwrap_or_default();
        format!(
            "{}/{} files  {:.0}/{:.0} MB  {} entities{left}",
            self.files_done,
            self.files_total,
            mb(self.bytes_done),
            mb(self.bytes_total),
            self.entities,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_estimates() {
        let p = Progress::default();
        assert_eq!(p.snapshot().time_left(Duration::ZERO), None);
        p.plan(2, 200);
        assert_eq!(p.snapshot().fraction(), 0.0);
        p.file_done(100, 7);
        let s = p.snapshot();
        assert_eq!((s.files_done, s.bytes_done, s.entities), (1, 100, 7));
        assert_eq!(s.fraction(), 0.5);
        // 100 bytes in 1 s: the other 100 take another second.
        assert_eq!(
            s.time_left(Duration::from_secs(1)),
            Some(Duration::from_secs(1))
        );
        p.file_done(100, 3);
        assert_eq!(
            p.snapshot().time_left(Duration::from_secs(2)),
            Some(Duration::ZERO)
        );
    }
}
