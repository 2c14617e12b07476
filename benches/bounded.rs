//! Bounded cost (issue 12): each hostile input at size n and 2n, timed through the whole load
//! (`kb::load_texts`, as `check` runs it, diagnostics rendered), with time(2n)/time(n) (linear
//! growth gives about 2; the goal is at most 2.5) and the peak memory of the 2n run. Then the
//! peak memory of a full load of the generated 100k-actor KB against its size on disk.
//!
//! `cargo bench --bench bounded` (scale: `ARCTIC_BENCH_SCALE=1` is the default, 0.1 for a quick
//! look; runs per size: `ARCTIC_BENCH_RUNS=3`; the full-load size: `ARCTIC_BENCH_SIZES=100000`;
//! only the inputs whose name contains a word: `ARCTIC_BENCH_ONLY=participant`).
//!
//! Wall time on a shared machine swings with the other processes' load, so the ratio of the
//! process's CPU time (user and system, all threads, over all runs) is printed too: it is what
//! the code costs, whatever else the machine runs.

#[path = "common/alloc.rs"]
mod alloc;
mod common;

use arctic_brief::kb;
use std::borrow::Cow;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

fn actor(id: &str) -> String {
    format!("  - id: {id}\n    name: N\n    kind: person\n")
}

/// One 64 KiB anchored scalar aliased `n` times from one list (the 366 KB file at 100k).
fn alias_list(n: usize) -> String {
    let mut s = format!(
        "actors:\n  - id: a\n    name: &big {}\n    kind: person\n    aliases:\n",
        "x".repeat(64 * 1024 - 1)
    );
    s.push_str(&"      - *big\n".repeat(n));
    s
}

/// The same, with the aliases spread over `n` entities (the file's budget, not the list's).
fn alias_entities(n: usize) -> String {
    let mut s = format!(
        "actors:\n  - id: a\n    name: &big {}\n    kind: person\n",
        "x".repeat(64 * 1024 - 1)
    );
    for i in 0..n {
        s.push_str(&format!("  - {{id: b{i}, name: *big, kind: person}}\n"));
    }
    s
}

/// `kind:` renamed `knid:` in every one of `n` actors: `n` problems.
fn renamed_field(n: usize) -> String {
    let mut s = String::from("actors:\n");
    for i in 0..n {
        s.push_str(&format!("  - id: a{i}\n    name: N\n    knid: person\n"));
    }
    s
}

fn participants(n: usize) -> String {
    let mut s = String::from("actors:\n");
    for i in 0..n {
        s.push_str(&actor(&format!("a{i}")));
    }
    let ids: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    s.push_str(&format!(
        "meetings:\n  - id: m\n    title: T\n    status: held\n    participants: [{}]\n",
        ids.join(", ")
    ));
    s
}

fn supports(n: usize) -> String {
    let mut s = format!(
        "actors:\n{}sources:\n  - {{id: s, title: S}}\nclaims:\n",
        actor("a")
    );
    for i in 0..n {
        s.push_str(&format!("  - {{id: c{i}, text: T, by: a, source: s}}\n"));
    }
    let ids: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    s.push_str(&format!(
        "  - {{id: big, text: T, by: a, source: s, supports: [{}]}}\n",
        ids.join(", ")
    ));
    s
}

fn repeats(n: usize) -> String {
    format!(
        "actors:\n{}meetings:\n  - id: m\n    title: T\n    status: held\n    participants: [{}]\n",
        actor("a"),
        vec!["a"; n].join(", ")
    )
}

fn deep(n: usize) -> String {
    format!("actors:\n{}    tags: {}\n", actor("a"), "[".repeat(n))
}

/// One line holding one scalar of `n` bytes.
fn huge_line(n: usize) -> String {
    format!("actors:\n{}    summary: {}\n", actor("a"), "s".repeat(n))
}

/// Loads one in-memory file as `check` does, rendering what it reports.
fn check(text: &str) -> usize {
    let files = vec![("kb.yaml".to_string(), Cow::Owned(text.to_string()))];
    match kb::load_texts("bench", files) {
        Ok(kb) => kb.len(),
        Err(e) => e.render().len(),
    }
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn env_f64(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time (user and system) this process has used so far, all threads together.
fn cpu_time() -> std::time::Duration {
    let t = |v: libc::timeval| {
        std::time::Duration::from_secs(v.tv_sec as u64)
            + std::time::Duration::from_micros(v.tv_usec as u64)
    };
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return std::time::Duration::ZERO;
    }
    t(u.ru_utime) + t(u.ru_stime)
}

/// An input: its name, how to make it at size n, and the n measured (before scaling).
type Case = (&'static str, fn(usize) -> String, usize);

fn main() {
    if common::listing_only() {
        return;
    }
    let scale = env_f64("ARCTIC_BENCH_SCALE", 1.0);
    let runs = env_f64("ARCTIC_BENCH_RUNS", 3.0) as usize;
    let cases: [Case; 8] = [
        ("64 KiB alias x n in one list", alias_list, 100_000),
        ("64 KiB alias x n entities", alias_entities, 100_000),
        ("`knid:` in n actors", renamed_field, 10_000),
        ("meeting with n participants", participants, 100_000),
        ("claim supporting n claims", supports, 100_000),
        ("one participant n times", repeats, 100_000),
        ("n `[`", deep, 100_000),
        ("n-byte one-line scalar", huge_line, 100_000_000),
    ];
    let only = std::env::var("ARCTIC_BENCH_ONLY").unwrap_or_default();
    println!(
        "| input | n | size (2n) | time(n) | time(2n) | time(2n)/time(n) | CPU(2n)/CPU(n) | peak memory (2n) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (name, make, n) in cases.into_iter().filter(|c| c.0.contains(&only)) {
        let n = ((n as f64 * scale) as usize).max(1);
        let small = make(n);
        let large = make(2 * n);
        let c0 = cpu_time();
        let t1 = alloc::measure(runs, || check(&small)).median;
        let c1 = cpu_time() - c0;
        drop(small);
        let c0 = cpu_time();
        let m2 = alloc::measure(runs, || check(&large));
        let c2 = cpu_time() - c0;
        let ratio = m2.median.as_secs_f64() / t1.as_secs_f64();
        let cpu_ratio = c2.as_secs_f64() / c1.as_secs_f64();
        println!(
            "| {name} | {n} | {} | {:.1} ms | {:.1} ms | {ratio:.2} | {cpu_ratio:.2} | {} |",
            mb(large.len()),
            t1.as_secs_f64() * 1e3,
            m2.median.as_secs_f64() * 1e3,
            mb(m2.peak)
        );
    }
    println!();
    println!("| actors | YAML size | full load | peak memory | peak / YAML size |");
    println!("|---:|---:|---:|---:|---:|");
    for n in common::sizes(&[100_000]) {
        let dir = common::kb_dir(n);
        let size: u64 = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .map(|e| e.metadata().map_or(0, |m| m.len()))
            .sum();
        let m = alloc::measure(1, || kb::load_path(&dir).expect("the generated KB loads"));
        println!(
            "| {n} | {} | {:.0} ms | {} | {:.1}x |",
            mb(size as usize),
            m.median.as_secs_f64() * 1e3,
            mb(m.peak),
            m.peak as f64 / size as f64
        );
    }
}
