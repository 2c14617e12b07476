//! A counting allocator for peak-memory figures, shared by the benchmarks that report them:
//! `#[path = "common/alloc.rs"] mod alloc;` then `#[global_allocator] static A: alloc::Counting`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Counting costs a contended atomic per allocation, which would distort multi-threaded timings:
/// timed runs leave it off, and one separate run per contender measures memory.
static COUNTING: AtomicBool = AtomicBool::new(false);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            if new_size > layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

pub struct Measure {
    pub median: Duration,
    pub peak: usize,
}

/// Median wall time of `f` over `runs`; what `f` returns is dropped outside the timing, as a
/// program keeps what it loads.
pub fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Measure {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let kept = std::hint::black_box(f());
        times.push(t.elapsed());
        drop(kept);
    }
    times.sort();
    // Memory: one more run with the counting allocator on. Frees of blocks allocated before
    // counting began can drive LIVE below zero, so it starts from a large base.
    const BASE: usize = 1 << 40;
    LIVE.store(BASE, Ordering::Relaxed);
    PEAK.store(BASE, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let kept = std::hint::black_box(f());
    COUNTING.store(false, Ordering::Relaxed);
    drop(kept);
    Measure {
        median: times[times.len() / 2],
        peak: PEAK.load(Ordering::Relaxed) - BASE,
    }
}
