//! Analyst views benchmark: what the contested-claims board, corroboration and the link graph cost
//! on generated KBs of 1k, 10k and 100k actors, against the load they must not slow. Nothing of
//! this runs at load (each is computed on request), so the load itself is unchanged; the table
//! says what a request costs next to it.
//!
//! `cargo bench --bench analyst` (sizes: `ARCTIC_BENCH_SIZES=1000,100000`; runs:
//! `ARCTIC_BENCH_RUNS=5`). Prints Markdown tables for BENCHMARKS.md: the computations, then the
//! graph view's redraw (neighbourhood, layout and a full 200x50 frame into `TestBackend`).

mod common;
use arctic_brief::app::graph::{self, GraphState};
use arctic_brief::app::{App, Mode};
use arctic_brief::kb::{self, ClaimId, EntityKind, EntityRef, GraphOptions, Kb, RelSet};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
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

/// One graph view redraw as the event loop does it on a key (`g`, `+`, Enter): the view's
/// neighbourhood of `center` at `depth`, its layout, and a full frame.
fn graph_redraw(app: &mut App, term: &mut Terminal<TestBackend>, center: EntityRef, depth: u32) {
    let mut st = GraphState::new(center);
    st.depth = depth;
    st.settle(&app.kb, graph::areas(200, 50, 0).nodes);
    app.mode = Mode::Graph(Box::new(st));
    term.draw(|f| arctic_brief::ui::draw(f, app)).unwrap();
}

/// The graph view's row: depth 2 over 200 actors (median / worst of each centre's best of
/// three), and the busiest actor at depths 1 and 3 (median / worst of 20).
fn graph_view_row(n: usize, kb: &Arc<Kb>, sample: &[EntityRef], hub: EntityRef) -> String {
    let mut app = App::new(kb.clone(), 200, 50);
    let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
    // Each centre's best of three: the shared machine's pauses would otherwise be the worst.
    let mut best: Vec<Duration> = sample
        .iter()
        .map(|e| {
            (0..3)
                .map(|_| {
                    let t = Instant::now();
                    graph_redraw(&mut app, &mut term, *e, 2);
                    t.elapsed()
                })
                .min()
                .unwrap_or_default()
        })
        .collect();
    best.sort();
    let (med, worst) = (best[best.len() / 2], best[best.len() - 1]);
    let (hub1, hub1_worst) = time(20, || graph_redraw(&mut app, &mut term, hub, 1));
    let (hub3, hub3_worst) = time(20, || graph_redraw(&mut app, &mut term, hub, 3));
    format!(
        "| {n} | {} / {} | {} / {} | {} / {} |",
        ms(med),
        ms(worst),
        ms(hub1),
        ms(hub1_worst),
        ms(hub3),
        ms(hub3_worst)
    )
}

fn main() {
    if common::listing_only() {
        return;
    }
    let mut graph_rows = Vec::new();
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
        graph_rows.push(graph_view_row(n, &Arc::new(kb), &sample, hub));
    }
    println!(
        "\n| actors | graph view redraw, depth 2, 200 actors (best of 3 each): median / worst | busiest actor, depth 1: median / worst | busiest actor, depth 3: median / worst |"
    );
    println!("|---:|---:|---:|---:|");
    for row in graph_rows {
        println!("{row}");
    }
}
