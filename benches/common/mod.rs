//! What the benchmarks share: the generated KBs they measure, cached under the target directory.

use arctic_brief::kb;
use std::path::{Path, PathBuf};

/// The directory of a generated KB of `n` actors (seed 42, 4 files per kind), made on first use.
pub fn kb_dir(n: usize) -> PathBuf {
    // The version changes whenever the generator does, so a stale cached KB is never measured.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-kb-v3-{n}"));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        kb::synth::write_kb(
            &dir,
            &kb::synth::Params {
                actors: n,
                files: 4,
                seed: 42,
            },
        )
        .expect("generate the benchmark KB");
        std::fs::write(&done, "").expect("mark the KB complete");
    }
    dir
}

/// The KB sizes to measure: `ARCTIC_BENCH_SIZES=1000,100000`, else `default`.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    std::env::var("ARCTIC_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// Whether cargo only wants the target listed or smoke-tested (`cargo test --benches`).
pub fn listing_only() -> bool {
    std::env::args().any(|a| a == "--list" || a == "--test")
}

/// Runs per measurement: `ARCTIC_BENCH_RUNS=5`, else `default`. (Not every bench repeats runs.)
#[allow(dead_code)]
pub fn runs(default: usize) -> usize {
    std::env::var("ARCTIC_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
