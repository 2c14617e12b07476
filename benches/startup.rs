//! Start-up benchmark: the real binary in a pseudo-terminal at 200x50, timed from spawn to its
//! first frame (the loading screen) and to its first searchable frame, cold (no snapshot: a full
//! load that writes one), warm (from the snapshot) and without the cache, with its peak and
//! resident memory; and `arctic-brief search`, cold and warm, against `fzf --filter` over the
//! same actor names and aliases, side by side in one run. Snapshots go to
//! `target/tmp/bench-cache`, never to the user's cache.
//!
//! `cargo bench --bench startup` (sizes: `ARCTIC_BENCH_SIZES=1000,10000,100000`). Needs a release
//! build of the binary (`cargo build --release`) and, for the comparison, fzf on the PATH.

mod common;

use arctic_brief::kb::{self, EntityKind, EntityRef};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn binary() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/arctic-brief")
}

/// `VmHWM` (peak resident) and `VmRSS` (resident) of the browser started as `pid`, in MB: the
/// supervising process's child, where there is one (the supervisor itself holds almost nothing).
fn memory(pid: u32) -> (f64, f64) {
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"));
    let pid = children
        .ok()
        .and_then(|c| c.split_whitespace().next().and_then(|p| p.parse().ok()))
        .unwrap_or(pid);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// How the browser is started: which cache state it meets.
#[derive(Clone, Copy, PartialEq)]
enum Cache {
    /// No snapshot yet: a full load that writes one.
    Cold,
    /// A valid snapshot.
    Warm,
    /// `--no-cache`.
    Off,
}

fn cache_home() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp/bench-cache")
}

fn clear_cache() {
    let _ = std::fs::remove_dir_all(cache_home());
}

struct Startup {
    /// The first frame of any kind (the loading screen, or the browser when the load was quicker).
    any_frame: Duration,
    first_frame: Duration,
    /// When a search typed at the first frame was answered (the index ready).
    answered: Duration,
    /// Peak and resident MB once the search index has been built in the background.
    settled: (f64, f64),
}

/// Whether the browser (not the loading screen) is on `screen`: the Actors pane's title, which is
/// ` Actors (n) ` when every row fits and ` Actors 1/n ` (the cursor's place) when they overflow,
/// as they always do at the bench's sizes. (Looking for `Actors (` alone never saw the browser
/// at 1k actors and more: the cause of the bench's "no first frame".)
fn browser_drawn(screen: &str) -> bool {
    screen.contains(" Actors (") || screen.contains(" Actors 1/")
}

/// Whether the Actors filter has answered a query that matches (almost) nothing: its title
/// ` Actors · filter m/n ` shows fewer than all `actors` (before the answer, it shows every row).
fn filter_answered(screen: &str, actors: usize) -> bool {
    let Some(at) = screen.find("Actors · filter ") else {
        return false;
    };
    let rest = &screen[at + "Actors · filter ".len()..];
    let count = rest.split(' ').next().unwrap_or("");
    let Some((m, n)) = count.split_once('/') else {
        return false;
    };
    n.parse() == Ok(actors) && m.parse::<usize>().is_ok_and(|m| m < actors)
}

fn start(dir: &Path, actors: usize, cache: Cache) -> Startup {
    if cache == Cache::Cold {
        clear_cache();
    }
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(binary());
    cmd.args(["--data", dir.to_str().unwrap()]);
    if cache == Cache::Off {
        cmd.arg("--no-cache");
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CACHE_HOME", cache_home());
    let t = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let pid = child.process_id().unwrap_or(0);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        50.try_into().unwrap(),
        200.try_into().unwrap(),
        0,
    )));
    let p2 = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p2.lock().unwrap().process(&buf[..n]);
        }
    });
    let any_frame = loop {
        let screen = parser.lock().unwrap().screen().contents();
        if screen.contains("arctic-brief:") || browser_drawn(&screen) {
            break t.elapsed();
        }
        assert!(t.elapsed() < Duration::from_secs(120), "no frame");
        std::thread::sleep(Duration::from_micros(200));
    };
    let first_frame = loop {
        if browser_drawn(&parser.lock().unwrap().screen().contents()) {
            break t.elapsed();
        }
        assert!(t.elapsed() < Duration::from_secs(120), "no first frame");
        std::thread::sleep(Duration::from_micros(500));
    };
    // The index is built on the search thread; a search answers (the title shows
    // `matches/total`) once it is ready.
    writer.write_all(b"/qzxqzx").unwrap();
    writer.flush().unwrap();
    let waited = Instant::now();
    while !filter_answered(&parser.lock().unwrap().screen().contents(), actors)
        && waited.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let answered = t.elapsed();
    let settled = memory(pid);
    writer.write_all(b"\x1b").unwrap();
    std::thread::sleep(Duration::from_millis(50));
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let _ = child.wait();
    Startup {
        any_frame,
        first_frame,
        answered,
        settled,
    }
}

/// Median wall time of running `cmd` `runs` times with stdout discarded.
fn time_command(runs: usize, mut cmd: impl FnMut() -> Command, stdin: Option<&Path>) -> Duration {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut c = cmd();
            c.stdout(Stdio::null()).stderr(Stdio::null());
            if let Some(p) = stdin {
                c.stdin(std::fs::File::open(p).unwrap());
            }
            let t = Instant::now();
            let status = c.status().expect("runs");
            let e = t.elapsed();
            assert!(status.success() || status.code() == Some(1));
            e
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

/// Median (by time to the searchable frame) of 3 starts.
fn median_start(dir: &Path, n: usize, cache: Cache) -> Startup {
    let mut runs: Vec<Startup> = (0..3).map(|_| start(dir, n, cache)).collect();
    runs.sort_by_key(|r| r.first_frame);
    runs.swap_remove(1)
}

fn main() {
    if common::listing_only() {
        return;
    }
    assert!(
        binary().exists(),
        "build the binary first: cargo build --release"
    );
    let sizes = common::sizes(&[1_000, 10_000, 100_000]);
    println!(
        "| actors | YAML bytes per actor | cold: first frame / browser | no cache: browser | snapshot write cost | warm: first frame / browser / search answered | peak during a cold load | peak / resident, warm, index built |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut comparisons = Vec::new();
    for &n in &sizes {
        let dir = common::kb_dir(n);
        let yaml: u64 = kb::kb_files(&dir)
            .unwrap()
            .iter()
            .map(|f| std::fs::metadata(f).unwrap().len())
            .sum();
        let off = median_start(&dir, n, Cache::Off);
        let cold = median_start(&dir, n, Cache::Cold);
        let warm = median_start(&dir, n, Cache::Warm);
        let cost = cold.first_frame.as_secs_f64() / off.first_frame.as_secs_f64() - 1.0;
        println!(
            "| {n} | {} | {} / {} | {} | {:+.0}% | {} / {} / {} | {:.0} MB ({:.1}x the YAML) | {:.0} MB / {:.0} MB |",
            yaml / n as u64,
            ms(cold.any_frame),
            ms(cold.first_frame),
            ms(off.first_frame),
            cost * 100.0,
            ms(warm.any_frame),
            ms(warm.first_frame),
            ms(warm.answered),
            cold.settled.0,
            cold.settled.0 * 1024.0 * 1024.0 / yaml as f64,
            warm.settled.0,
            warm.settled.1,
        );
        // The same names for fzf: every actor name and alias, one per line.
        let kb = kb::load_path(&dir).unwrap_or_else(|e| panic!("{}", e.render()));
        let names_file = dir.with_extension("names.txt");
        let mut names = String::new();
        for e in kb.sorted(Some(EntityKind::Actor)) {
            let EntityRef::Actor(a) = e else { continue };
            let a = kb.actor(a);
            names.push_str(&a.name);
            names.push('\n');
            for alias in &a.aliases {
                names.push_str(alias);
                names.push('\n');
            }
        }
        std::fs::write(&names_file, names).unwrap();
        comparisons.push((n, dir, names_file));
    }
    let has_fzf = Command::new("fzf")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    println!();
    if !has_fzf {
        println!("fzf is not installed: the comparison is skipped (apt-get install fzf).");
        return;
    }
    println!(
        "| actors | `arctic-brief search lavrov --kind actor --limit 0`, warm (snapshot) | the same, `--no-cache` (full load) | the same search, index ready (in process, as in the browser) | `fzf --filter lavrov` over the names file (whole process) | warm ratio | index-ready ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for (n, dir, names) in comparisons {
        let kb = kb::load_path(&dir).unwrap();
        let index = arctic_brief::search::Index::build(&kb);
        let query = arctic_brief::search::Query::parse("lavrov").unwrap();
        let scope = arctic_brief::search::Scope {
            kind: Some(EntityKind::Actor),
            only: None,
        };
        let never = std::sync::atomic::AtomicBool::new(false);
        let _ = index.search(&kb, &query, &scope, None, &never);
        let mut v: Vec<Duration> = (0..9)
            .map(|_| {
                let t = Instant::now();
                let r = index.search(&kb, &query, &scope, None, &never);
                let marks: Vec<_> = r
                    .hits
                    .iter()
                    .take(50)
                    .map(|h| arctic_brief::search::Index::highlight(&kb, &query, h))
                    .collect();
                std::hint::black_box(marks);
                t.elapsed()
            })
            .collect();
        v.sort();
        let in_process = v[4];
        let ours = |extra: &'static [&'static str]| {
            time_command(
                5,
                || {
                    let mut c = Command::new(binary());
                    c.env("XDG_CACHE_HOME", cache_home()).args(extra).args([
                        "search",
                        "--data",
                        dir.to_str().unwrap(),
                        "--kind",
                        "actor",
                        "--limit",
                        "0",
                        "lavrov",
                    ]);
                    c
                },
                None,
            )
        };
        let _ = ours(&[]); // writes the snapshot when there is none
        let warm = ours(&[]);
        let cold = ours(&["--no-cache"]);
        let fzf = time_command(
            5,
            || {
                let mut c = Command::new("fzf");
                c.args(["--filter", "lavrov"]);
                c
            },
            Some(&names),
        );
        println!(
            "| {n} | {} | {} | {:.1} ms | {} | {:.1}x | {:.2}x |",
            ms(warm),
            ms(cold),
            in_process.as_secs_f64() * 1e3,
            ms(fzf),
            warm.as_secs_f64() / fzf.as_secs_f64(),
            in_process.as_secs_f64() / fzf.as_secs_f64()
        );
    }
}
