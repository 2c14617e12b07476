//! Load benchmark: the whole load (parse, validation, link index) against the bare serde_yaml
//! deserialization of the same files into plain structs, at 1k, 10k and 100k generated actors.
//!
//! `cargo bench --bench load` (sizes: `ARCTIC_BENCH_SIZES=1000,10000`; runs per size:
//! `ARCTIC_BENCH_RUNS=5`). Prints a Markdown table for BENCHMARKS.md. Peak memory is measured by
//! a counting allocator: the most bytes live at once during the measured call.

mod common;
use arctic_brief::kb;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[path = "common/alloc.rs"]
mod alloc;
use alloc::measure;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// The schema as plain serde structs: what a loader without diagnostics would deserialize into.
#[allow(dead_code)]
mod bare {
    use super::Deserialize;

    #[derive(Deserialize)]
    pub struct File {
        #[serde(default)]
        pub actors: Vec<Actor>,
        #[serde(default)]
        pub meetings: Vec<Meeting>,
        #[serde(default)]
        pub claims: Vec<Claim>,
        #[serde(default)]
        pub sources: Vec<Source>,
    }
    #[derive(Deserialize)]
    pub struct Actor {
        pub id: String,
        pub name: String,
        pub kind: String,
        #[serde(default)]
        pub aliases: Vec<String>,
        pub role: Option<String>,
        #[serde(default)]
        pub affiliations: Vec<String>,
        pub country: Option<String>,
        #[serde(default)]
        pub tags: Vec<String>,
        pub summary: Option<String>,
    }
    #[derive(Deserialize)]
    pub struct Meeting {
        pub id: String,
        pub title: String,
        pub status: String,
        pub participants: Vec<String>,
        pub date: Option<serde_yaml::Value>,
        pub date_text: Option<String>,
        pub place: Option<String>,
        #[serde(default)]
        pub topics: Vec<String>,
        pub summary: Option<String>,
        #[serde(default)]
        pub sources: Vec<String>,
    }
    #[derive(Deserialize)]
    pub struct Claim {
        pub id: String,
        pub text: String,
        pub by: String,
        pub source: String,
        #[serde(default)]
        pub about: Vec<String>,
        pub meeting: Option<String>,
        pub date: Option<serde_yaml::Value>,
        pub date_text: Option<String>,
        pub mode: Option<String>,
        pub status: Option<String>,
        pub grade: Option<String>,
        #[serde(default)]
        pub supports: Vec<String>,
        #[serde(default)]
        pub contradicts: Vec<String>,
        #[serde(default)]
        pub qualifies: Vec<String>,
        #[serde(default)]
        pub tags: Vec<String>,
    }
    #[derive(Deserialize)]
    pub struct Source {
        pub id: String,
        pub title: String,
        pub publisher: Option<String>,
        pub author: Option<String>,
        pub published: Option<serde_yaml::Value>,
        pub url: Option<String>,
        pub via: Option<String>,
        pub reliability: Option<String>,
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

/// Reads and deserializes every file into the bare structs, one after the other, keeping them
/// (a loader keeps what it loaded).
fn bare_sequential(paths: &[PathBuf]) -> Vec<bare::File> {
    paths
        .iter()
        .map(|p| serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// The same on two threads, as the loader spreads files over the machine's cores.
fn bare_parallel(paths: &[PathBuf]) -> Vec<bare::File> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let out: Vec<std::sync::Mutex<Option<bare::File>>> =
        paths.iter().map(|_| Default::default()).collect();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(p) = paths.get(i) else { break };
                    let f: bare::File =
                        serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
                    *out[i].lock().unwrap() = Some(f);
                }
            });
        }
    });
    out.into_iter()
        .map(|m| m.into_inner().unwrap().unwrap())
        .collect()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this with no size work to do.
    if common::listing_only() {
        return;
    }
    let sizes = common::sizes(&[1_000, 10_000, 100_000]);
    let runs = common::runs(5);
    println!(
        "| actors | KB size | bare parse, 1 thread | bare parse, {} threads | full load | load / bare 1t | load / bare {}t | load throughput | peak memory (load) | peak memory (bare 1t) |",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let dir = common::kb_dir(n);
        let paths = files(&dir);
        let bytes: u64 = paths
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .sum();
        let runs = if n >= 100_000 { runs.min(3) } else { runs };
        // Warm the page cache so every contender reads from memory.
        bare_sequential(&paths);
        let seq = measure(runs, || bare_sequential(&paths));
        let par = measure(runs, || bare_parallel(&paths));
        let load = measure(runs, || {
            kb::load_path(&dir).unwrap_or_else(|e| panic!("{}", e.render()))
        });
        let mb = bytes as f64 / 1e6;
        let s = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
        println!(
            "| {n} | {mb:.1} MB | {} | {} | {} | {:.2}x | {:.2}x | {:.1} MB/s | {:.0} MB | {:.0} MB |",
            s(seq.median),
            s(par.median),
            s(load.median),
            load.median.as_secs_f64() / seq.median.as_secs_f64(),
            load.median.as_secs_f64() / par.median.as_secs_f64(),
            mb / load.median.as_secs_f64(),
            load.peak as f64 / 1e6,
            seq.peak as f64 / 1e6,
        );
    }
}
