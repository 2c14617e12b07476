//! Redraw benchmark: moving the selection and redrawing at 200x50, on generated KBs of 1k, 10k and
//! 100k actors measured in the same run, so the ratios show how the cost grows with the KB.
//!
//! `cargo bench --bench render` (sizes: `ARCTIC_BENCH_SIZES=1000,100000`). Drawing goes to
//! ratatui's `TestBackend`: the whole frame is built and diffed, only the terminal write is absent.
//! A second table: the contested-claims board (`c`), once its clusters are computed.

mod common;
use arctic_brief::app::{Action, App, update};
use arctic_brief::kb;
use arctic_brief::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

struct Stats {
    median: Duration,
    p99: Duration,
    worst: Duration,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    Stats {
        median: v[v.len() / 2],
        p99: v[v.len() * 99 / 100],
        worst: *v.last().unwrap(),
    }
}

/// `steps` times: apply `action`, then draw; the time of each step.
fn steps(app: &mut App, term: &mut Terminal<TestBackend>, action: Action, steps: usize) -> Stats {
    let mut times = Vec::with_capacity(steps);
    for _ in 0..steps {
        let t = Instant::now();
        update(app, action.clone());
        term.draw(|f| ui::draw(f, app)).unwrap();
        times.push(t.elapsed());
    }
    stats(times)
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    if common::listing_only() {
        return;
    }
    let sizes = common::sizes(&[1_000, 10_000, 100_000]);
    println!(
        "| actors | first frame (App::new + draw) | move in Actors + redraw: median / p99 / worst | move in all Claims + redraw: median / p99 / worst |"
    );
    println!("|---:|---:|---:|---:|");
    for n in sizes {
        let kb = kb::load_path(&common::kb_dir(n)).unwrap_or_else(|e| panic!("{}", e.render()));
        let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
        let t = Instant::now();
        let mut app = App::new(kb, 200, 50);
        term.draw(|f| ui::draw(f, &app)).unwrap();
        let first = t.elapsed();
        let actors = steps(&mut app, &mut term, Action::Down, 500);
        // Claims with every claim listed (2N rows), the largest list there is.
        update(&mut app, Action::FocusNext);
        update(&mut app, Action::FocusNext);
        update(&mut app, Action::ToggleLinked);
        let claims = steps(&mut app, &mut term, Action::Down, 500);
        println!(
            "| {n} | {} | {} / {} / {} | {} / {} / {} |",
            ms(first),
            ms(actors.median),
            ms(actors.p99),
            ms(actors.worst),
            ms(claims.median),
            ms(claims.p99),
            ms(claims.worst),
        );
    }
    board(&common::sizes(&[1_000, 10_000, 100_000]));
}

/// The board view: a move of its cursor (Detail follows, computing the new claim's trees) and a
/// full frame at 200x50, after the clusters were computed (off the UI thread in the browser; here
/// by the synchronous runner, timed apart).
fn board(sizes: &[usize]) {
    use arctic_brief::app::driver::{SyncRunner, dispatch};
    println!();
    println!(
        "| actors | clusters (computed once) | board: move + redraw, median / p99 / worst | board, moves at the bottom and back to the top: median / worst |"
    );
    println!("|---:|---:|---:|---:|");
    for &n in sizes {
        let kb = kb::load_path(&common::kb_dir(n)).unwrap_or_else(|e| panic!("{}", e.render()));
        let mut term = Terminal::new(TestBackend::new(200, 50)).unwrap();
        let mut app = App::new(kb, 200, 50);
        let t = Instant::now();
        dispatch(&mut app, Action::ToggleBoard, &mut SyncRunner::default()).unwrap();
        let computed = t.elapsed();
        assert!(!app.board.computing());
        term.draw(|f| ui::draw(f, &app)).unwrap();
        let moves = steps(&mut app, &mut term, Action::Down, 500);
        // The far end of the board, and back: the rows drawn are found by position, not by
        // walking the board.
        let mut times = Vec::new();
        for a in [Action::Bottom, Action::Top].iter().cycle().take(40) {
            times.extend([steps(&mut app, &mut term, a.clone(), 1).worst]);
        }
        let ends = stats(times);
        println!(
            "| {n} | {} ({} clusters) | {} / {} / {} | {} / {} |",
            ms(computed),
            app.board.clusters().map_or(0, |c| c.len()),
            ms(moves.median),
            ms(moves.p99),
            ms(moves.worst),
            ms(ends.median),
            ms(ends.worst),
        );
    }
}
