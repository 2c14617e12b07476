//! Fuzz targets for the loader and the search query language, built on proptest so they run on
//! the stable toolchain. In `cargo test` each runs for a few seconds; for a long run:
//!
//! ```sh
//! ARCTIC_FUZZ_SECONDS=600 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! A failing input is shrunk, written to `tests/fixtures/fuzz/` and replayed by every later run
//! (see TESTING.md).

use arctic_brief::kb::{self, Kb};
use arctic_brief::search::{Index, Query, Scope};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Seed texts the mutations start from: the bundled briefing and every YAML fixture.
fn corpus() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        fixtures(),
    ];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                && let Ok(t) = std::fs::read_to_string(&p)
                && t.len() < 64 * 1024
            {
                out.push(t);
            }
        }
    }
    out.sort();
    out
}

const TOKENS: &[&str] = &[
    "\n",
    " ",
    "  ",
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!tag ",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">\n",
    "'",
    "\"",
    "#",
    "~",
    "null",
    "true",
    "2025-02-30",
    "2025",
    "B7",
    "b2",
    "id: x\n",
    "by: ",
    "source: ",
    "<<: *a\n",
    "\u{1b}[2J",
    "\u{202e}",
    "\u{85}",
    "\t",
    "\r",
    "\u{0}",
    "Лавров",
    "中国",
    "😀",
    "\\",
    "%YAML 1.2\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, String),
    Delete(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
    /// A UTF-8 byte-order mark in front.
    Bom,
    /// Every line break made `\r` (classic Mac) or `\r\n` (Windows).
    LineBreaks(bool),
    /// Flow nesting `depth` deep (`[` or `{a: `), left open or closed.
    Nest(usize, usize, bool, bool),
    /// An anchor on a value and a list of `n` aliases to it.
    Aliases(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (
            any::<usize>(),
            prop::sample::select(TOKENS).prop_map(str::to_string)
        )
            .prop_map(|(at, t)| Mutation::Insert(at, t)),
        (any::<usize>(), "\\PC{1,3}").prop_map(|(at, t)| Mutation::Insert(at, t)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        Just(Mutation::Bom),
        any::<bool>().prop_map(Mutation::LineBreaks),
        (any::<usize>(), 1usize..200, any::<bool>(), any::<bool>())
            .prop_map(|(at, d, b, c)| Mutation::Nest(at, d, b, c)),
        (any::<usize>(), 1usize..3000).prop_map(|(at, n)| Mutation::Aliases(at, n)),
    ]
}

fn char_floor(s: &str, at: usize) -> usize {
    let mut at = at % (s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(mut s: String, m: &Mutation) -> String {
    match m {
        Mutation::Insert(at, t) => {
            let at = char_floor(&s, *at);
            s.insert_str(at, t);
            s
        }
        Mutation::Delete(at, n) => {
            let a = char_floor(&s, *at);
            let b = char_floor(&s, (a + n).min(s.len()));
            s.replace_range(a..b.max(a), "");
            s
        }
        Mutation::DuplicateLine(i) => {
            let mut lines: Vec<&str> = s.lines().collect();
            if !lines.is_empty() {
                let i = i % lines.len();
                lines.insert(i, lines[i]);
            }
            lines.join("\n")
        }
        Mutation::SwapLines(a, b) => {
            let mut lines: Vec<&str> = s.lines().collect();
            if !lines.is_empty() {
                let n = lines.len();
                lines.swap(a % n, b % n);
            }
            lines.join("\n")
        }
        Mutation::Truncate(at) => {
            let at = char_floor(&s, *at);
            s.truncate(at);
            s
        }
        Mutation::Bom => format!("\u{feff}{s}"),
        Mutation::LineBreaks(cr_only) => s.replace('\n', if *cr_only { "\r" } else { "\r\n" }),
        Mutation::Nest(at, depth, braces, closed) => {
            let (open, close) = if *braces { ("{a: ", "}") } else { ("[", "]") };
            let mut t = open.repeat(*depth);
            if *closed {
                t.push_str(&close.repeat(*depth));
            }
            let at = char_floor(&s, *at);
            s.insert_str(at, &t);
            s
        }
        Mutation::Aliases(at, n) => {
            let at = char_floor(&s, *at);
            let anchor = format!("&big {}", "x".repeat(4000));
            s.insert_str(
                at,
                &format!("{anchor}\n    aliases: [{}]\n", vec!["*big"; *n].join(", ")),
            );
            s
        }
    }
}

/// Files for one load: mutated corpus texts, or raw bytes read leniently.
fn kb_input(corpus: Vec<String>) -> impl Strategy<Value = Vec<String>> {
    let n = corpus.len();
    let mutated = (0..n, prop::collection::vec(mutation(), 0..12))
        .prop_map(move |(i, ms)| ms.iter().fold(corpus[i].clone(), apply));
    let raw = prop::collection::vec(any::<u8>(), 0..400)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned());
    prop::collection::vec(prop_oneof![8 => mutated, 1 => raw], 1..4)
}

fn load(files: &[String]) -> Result<Kb, kb::LoadError> {
    let files = files
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("f{i}.yaml"), Cow::Owned(t.clone())))
        .collect();
    kb::load_texts("fuzz", files)
}

/// The loader's contract: an answer, never a panic; diagnostics free of control characters; an
/// accepted KB whose every link resolves, and whose notes and screens render.
fn check_load(files: &[String]) -> Result<(), TestCaseError> {
    let outcome = std::panic::catch_unwind(|| match load(files) {
        Err(e) => {
            let r = e.render();
            assert!(!e.diagnostics.is_empty());
            assert!(
                !r.chars()
                    .any(|c| c != '\n' && arctic_brief::text::is_unsafe_char(c)),
                "{r:?}"
            );
        }
        Ok(kb) => {
            for e in kb.sorted(None) {
                assert_eq!(kb.lookup(kb.id_of(e)), Some(e));
                let note = arctic_brief::export::markdown::note(&kb, e);
                assert!(
                    !note
                        .chars()
                        .any(|c| c != '\n' && arctic_brief::text::is_unsafe_char(c))
                );
            }
        }
    });
    outcome.map_err(|p| TestCaseError::fail(panic_message(&p)))
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn query_input() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "kind:",
            "tag:",
            "status:",
            "grade:",
            "knd:",
            ":",
            "::",
            "kind:person",
            "kind:meeting",
            "grade:B",
            "grade:b2",
            "status:held",
            "http://",
            "mode:quote",
            "by:lav",
            "about:",
            "source:caliber",
            "meeting:x",
            "date:2025-02",
            "after:2025-01-15",
            "before:2025",
            "grade:<=B2",
            "grade:>=",
            "!",
            "^",
            "$",
            "'",
            "|",
            " | ",
            "\\ ",
            "\\",
            "!^",
            "lavorv",
            " ",
            "  ",
            "lav",
            "Лав",
            "ø",
            "é",
            "e\u{301}",
            "中",
            "😀",
            "İ",
            "ß",
            "\u{1b}",
            "\u{202e}",
        ])
        .prop_map(str::to_string),
        "\\PC{0,4}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

fn check_query(kb: &Kb, index: &Index, q: &str) -> Result<(), TestCaseError> {
    let outcome = std::panic::catch_unwind(|| {
        if let Ok(query) = Query::parse(q) {
            let never = AtomicBool::new(false);
            let r = index.search(kb, &query, &Scope::default(), None, &never);
            for h in r.hits.iter().take(50) {
                let text = arctic_brief::search::field_text(kb, h.entity, h.field, h.sub);
                let n = text.chars().count();
                let marks = Index::highlight(kb, &query, h);
                for &p in &marks {
                    assert!(p < n, "highlight {p} past the end of {text:?}");
                }
                // The row cut around its match fits and keeps the marks on shown characters.
                let (shown, at) = arctic_brief::search::snippet(&text, &marks, 24);
                assert!(unicode_width::UnicodeWidthStr::width(shown.as_str()) <= 24);
                let len = shown.chars().count();
                assert!(at.iter().all(|&i| i < len), "{shown:?} {at:?}");
            }
            // Searching with a prefix's answer at hand (narrowed when the index sees it can
            // be) must agree with a full scan.
            if let Some(cut) = q.char_indices().map(|(i, _)| i).nth(q.chars().count() / 2)
                && let Ok(shorter) = Query::parse(&q[..cut])
            {
                let prev = index.search(kb, &shorter, &Scope::default(), None, &never);
                let narrowed = index.search(kb, &query, &Scope::default(), Some(&prev), &never);
                assert_eq!(narrowed.hits, r.hits);
            }
        }
    });
    outcome.map_err(|p| TestCaseError::fail(panic_message(&p)))
}

fn seconds() -> Duration {
    let s = std::env::var("ARCTIC_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0f64);
    Duration::from_secs_f64(s)
}

/// Runs `check` on inputs from `strategy` until the time is up, in batches with fresh seeds.
/// A failure is shrunk, saved under `tests/fixtures/fuzz/<name>-N.txt` and reported.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    save: impl Fn(&S::Value) -> String,
    check: impl Fn(&S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let deadline = Instant::now() + seconds();
    let mut cases = 0u64;
    while Instant::now() < deadline {
        let mut runner = TestRunner::new(Config {
            cases: 256,
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, |v| check(&v)) {
            if let proptest::test_runner::TestError::Fail(why, input) = &e {
                let dir = fixtures().join("fuzz");
                let _ = std::fs::create_dir_all(&dir);
                let n = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
                let path = dir.join(format!("{name}-{n}.txt"));
                let _ = std::fs::write(&path, save(input));
                panic!("{name}: {why}; input saved to {}", path.display());
            }
            panic!("{name}: {e}");
        }
        cases += 256;
    }
    eprintln!("{name}: {cases} cases in {:?}, no failure", seconds());
}

#[test]
fn fuzz_loader() {
    let corpus = corpus();
    assert!(corpus.len() > 10);
    // Several files are saved as one, separated by a line the replay splits on.
    fuzz(
        "loader",
        kb_input(corpus),
        |files| files.join("\n\u{1}FILE\u{1}\n"),
        |files| check_load(files),
    );
}

#[test]
fn fuzz_query() {
    let kb = kb::load_bundled().unwrap();
    let index = Index::build(&kb);
    // Hostile queries (issue 12: a 100k-character query took 64 s): each answers at once with
    // an error or a bounded search, never a hang or a panic.
    let hostile = [
        "e".repeat(100_000),
        "lavrov ".repeat(3_000),
        "a | ".repeat(5_000),
        "! ^ $ ' | !^ ^$ '$ ".repeat(50),
        "| | |".to_string(),
        "|".repeat(600),
        "!".repeat(400),
        format!("{} lavrov", "\\ ".repeat(200)),
        "é\u{301}".repeat(60),
        "kind:claim ".repeat(40),
    ];
    for q in &hostile {
        let r = check_query(&kb, &index, q);
        assert!(r.is_ok(), "{:?}…: {r:?}", &q[..q.len().min(40)]);
    }
    for q in &hostile[..3] {
        assert!(Query::parse(q).is_err(), "a query this long is refused");
    }
    fuzz(
        "query",
        query_input(),
        |q| q.clone(),
        |q| check_query(&kb, &index, q),
    );
}

/// Every input a fuzz run ever failed on, replayed.
#[test]
fn fuzz_regressions() {
    let kb = kb::load_bundled().unwrap();
    let index = Index::build(&kb);
    let Ok(entries) = std::fs::read_dir(fixtures().join("fuzz")) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
        let result = if name.starts_with("loader-") {
            let files: Vec<String> = text
                .split("\n\u{1}FILE\u{1}\n")
                .map(str::to_string)
                .collect();
            check_load(&files)
        } else if name.starts_with("query-") {
            check_query(&kb, &index, &text)
        } else {
            continue;
        };
        assert!(result.is_ok(), "{name}: {result:?}");
    }
}
