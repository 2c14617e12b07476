//! Start-up benchmark: the real binary in a pseudo-terminal at 200x50, timed from spawn to its
//! first frame, with its peak and resident memory; and `arctic-brief search` against
//! `fzf --filter` over the same actor names and aliases, side by side in one run.
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

struct Startup {
    first_frame: Duration,
    /// Peak and resident MB right after the first frame.
    at_first_frame: (f64, f64),
    /// Peak and resident MB once the search index has been built in the background.
    settled: (f64, f64),
}

fn start(dir: &Path, actors: usize) -> Startup {
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
    cmd.env("TERM", "xterm-256color");
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
    let first_frame = loop {
        if parser
            .lock()
            .unwrap()
            .screen()
            .contents()
            .contains("Actors (")
        {
            break t.elapsed();
        }
        assert!(t.elapsed() < Duration::from_secs(120), "no first frame");
        std::thread::sleep(Duration::from_micros(500));
    };
    let at_first_frame = memory(pid);
    // The index is built on the search thread; a search answers (the title shows
    // `matches/total`) once it is ready.
    writer.write_all(b"/zz").unwrap();
    writer.flush().unwrap();
    let waited = Instant::now();
    let answered = format!("/{actors} ");
    while !parser
        .lock()
        .unwrap()
        .screen()
        .contents()
        .contains(&answered)
        && waited.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let settled = memory(pid);
    writer.write_all(b"\x1b").unwrap();
    std::thread::sleep(Duration::from_millis(50));
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let _ = child.wait();
    Startup {
        first_frame,
        at_first_frame,
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
        "| actors | time to first frame (median of 3) | peak / resident memory at first frame | peak / resident once the search index is built |"
    );
    println!("|---:|---:|---:|---:|");
    let mut comparisons = Vec::new();
    for &n in &sizes {
        let dir = common::kb_dir(n);
        let mut runs: Vec<Startup> = (0..3).map(|_| start(&dir, n)).collect();
        runs.sort_by_key(|r| r.first_frame);
        let m = &runs[1];
        println!(
            "| {n} | {} | {:.0} MB / {:.0} MB | {:.0} MB / {:.0} MB |",
            ms(m.first_frame),
            m.at_first_frame.0,
            m.at_first_frame.1,
            m.settled.0,
            m.settled.1
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
        "| actors | `arctic-brief search lavrov --kind actor --limit 0` (whole process: load, index, search) | the same search, index ready (in process, as in the browser) | `fzf --filter lavrov` over the names file (whole process) | whole process ratio | index-ready ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
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
        let ours = time_command(
            5,
            || {
                let mut c = Command::new(binary());
                c.args([
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
        );
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
            "| {n} | {} | {:.1} ms | {} | {:.1}x | {:.2}x |",
            ms(ours),
            in_process.as_secs_f64() * 1e3,
            ms(fzf),
            ours.as_secs_f64() / fzf.as_secs_f64(),
            in_process.as_secs_f64() / fzf.as_secs_f64()
        );
    }
}
