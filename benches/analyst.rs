//! Analyst views benchmark: what the contested-claims board, corroboration and the link graph cost
//! on generated KBs of 1k, 10k and 100k actors, against the load they must not slow. Nothing of
//! this runs at load (each is computed on request), so the load itself is unchanged; the table
//! says what a request costs next to it.
//!
//! `cargo bench --bench analyst` (sizes: `ARCTIC_BENCH_SIZES=1000,100000`; runs:
//! `ARCTIC_BENCH_RUNS=5`). Prints a Markdown table for BENCHMARKS.md.

mod common;
use arctic_brief::kb::{self, ClaimId, EntityKind, EntityRef, GraphOptions, Kb, RelSet};
use std::time::{Duration, Instant};

/// Median and worst of `runs` timings of `f`.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[v.len() / 2], *v.last().unwrap())
}

/// Median and worst of `f` over each of `items`, each once.
fn over<I: Copy, T>(items: &[I], mut f: impl FnMut(I) -> T) -> (Duration, Duration) {
    let mut v: Vec<Duration> = items
        .iter()
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(f(*i));
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[v.len() / 2], *v.last().unwrap())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// The actor who said the most claims: the densest neighbourhood.
fn busiest(kb: &Kb) -> EntityRef {
    kb.all_of(EntityKind::Actor)
        .into_iter()
        .max_by_key(|e| match e {
            EntityRef::Actor(a) => kb.links().actor_claims_made.get(a.index()).len(),
            _ => 0,
        })
        .expect("a generated KB has actors")
}

fn claims(kb: &Kb) -> Vec<ClaimId> {
    kb.all_of(EntityKind::Claim)
        .into_iter()
        .filter_map(|e| match e {
            EntityRef::Claim(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn main() {
    if common::listing_only() {
        return;
    }
    let runs = common::runs(5);
    println!(
        "| actors | claims | load | board (all clusters) | board / load | corroboration of every claim | corroboration per claim, median / worst | graph view depth 1 / 2 / 3, busiest actor | graph view depth 2, 200 actors, median / worst | whole-KB graph |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in common::sizes(&[1_000, 10_000, 100_000]) {
        let dir = common::kb_dir(n);
        let runs = if n >= 100_000 { runs.min(3) } else { runs };
        let (load, _) = time(runs, || kb::load_path(&dir).unwrap());
        let kb = kb::load_path(&dir).unwrap();
        let (board, _) = time(runs, || kb.contested_clusters(None));
        let claims = claims(&kb);
        let t = Instant::now();
        for c in &claims {
            std::hint::black_box(kb.corroboration(*c));
        }
        let every = t.elapsed();
        let (per_med, per_worst) = over(&claims, |c| kb.corroboration(c));
        let hub = busiest(&kb);
        let depth = |d| {
            time(runs, || {
                kb.neighbourhood(hub, &GraphOptions::view(d, RelSet::all()))
            })
            .0
        };
        let actors = kb.all_of(EntityKind::Actor);
        let sample: Vec<EntityRef> = actors
            .iter()
            .step_by((actors.len() / 200).max(1))
            .copied()
            .collect();
        let (g_med, g_worst) = over(&sample, |e| {
            kb.neighbourhood(e, &GraphOptions::view(2, RelSet::all()))
        });
        let (whole, _) = time(runs.min(3), || kb.whole_graph(RelSet::all()));
        println!(
            "| {n} | {} | {} | {} | {:.1}% | {} | {} / {} | {} / {} / {} | {} / {} | {} |",
            claims.len(),
            ms(load),
            ms(board),
            100.0 * board.as_secs_f64() / load.as_secs_f64(),
            ms(every),
            ms(per_med),
            ms(per_worst),
            ms(depth(1)),
            ms(depth(2)),
            ms(depth(3)),
            ms(g_med),
            ms(g_worst),
            ms(whole),
        );
    }
}
