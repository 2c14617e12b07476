//! End-to-end: the real binary in a pseudo-terminal, driven by keys, its screen parsed with vt100.

mod common;

use common::pty::{Session, assert_restored, find};

/// A user's path through the bundled briefing, asserting on the parsed screen at each step.
fn walk(cols: u16, rows: u16) {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    let mut s = Session::start(
        cols,
        rows,
        &["--export-dir", exports.to_str().unwrap()],
        &[],
    );
    // The main screen.
    s.wait_for("Actors 1/21");
    s.wait_for("Meetings · United States (3)");
    s.wait_for("? help  q quit");
    // `/` + `lavr` + Enter selects Sergei Lavrov.
    s.send(b"/lavr");
    s.wait_for("Actors · filter 1/21");
    s.send(b"\r");
    s.wait_for_gone("· filter");
    s.wait_for("Meetings · Sergei Lavrov (1)");
    s.wait_for("Russian Foreign Minister");
    // His meeting is shown, and followed.
    s.wait_for("2025-02-27");
    s.send(b"\r");
    s.wait_for("▶ Russia (state)");
    s.send(b"j\r");
    s.wait_for("Detail · meeting");
    s.wait_for("Place      Istanbul");
    // Backspace returns.
    s.send(b"\x7f");
    s.wait_for("Detail · actor");
    s.wait_for("Role       Russian Foreign");
    // Ctrl-P jumps to a claim.
    s.send(b"\x10");
    s.wait_for("Jump to");
    s.send(b"hope arctic");
    s.wait_for("claim   One individual");
    s.send(b"\r");
    s.wait_for("Detail · claim");
    s.wait_for("claim · paraphrase · wedge-hope");
    // `e` exports the note into the export dir.
    s.send(b"e");
    s.wait_for("exported");
    let note = std::fs::read_to_string(exports.join("wedge-hope.md")).unwrap();
    assert!(
        note.contains("\n# Claim by One individual familiar with the talks\n"),
        "{note}"
    );
    // `?` shows the help; Esc closes it.
    s.send(b"?");
    s.wait_for("Esc or ? closes");
    s.send(b"\x1b");
    s.wait_for_gone("Esc or ? closes");
    // `q` quits, and the terminal is restored.
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    assert_restored(&s.raw());
}

#[test]
fn a_users_walk_at_120x40() {
    walk(120, 40);
}

#[test]
fn a_users_walk_at_80x24() {
    walk(80, 24);
}

#[test]
fn search_and_jump_in_a_real_terminal() {
    let mut s = Session::start(120, 40, &[], &[]);
    s.wait_for("Actors 1/21");
    s.send(b"/lavr");
    s.wait_for("Actors · filter 1/21");
    s.wait_for("/ lavr");
    s.send(b"\r");
    s.wait_for_gone("· filter");
    s.wait_for("Meetings · Sergei Lavrov (1)");
    // His meeting, followed; then back.
    s.send(b"\rj\r");
    s.wait_for("Place      Istanbul");
    s.send(b"\x7f");
    s.wait_for("Role       Russian Foreign Minister");
    // Ctrl-P to a claim.
    s.send(b"\x10");
    s.wait_for("Jump to");
    s.send("wedge unlikely".as_bytes());
    s.wait_for("wedge between Russia and China is seen as an unlikely");
    s.send(b"\r");
    s.wait_for("Detail · claim");
    s.wait_for("Qualifies (1)");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    assert_restored(&s.raw());
}

#[test]
fn export_and_copy_from_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("notes");
    let mut s = Session::start(120, 40, &["--export-dir", exports.to_str().unwrap()], &[]);
    s.wait_for("Actors 1/21");
    s.send(b"/lavr\re");
    s.wait_for("exported");
    let file = exports.join("sergei-lavrov.md");
    let note = std::fs::read_to_string(&file).unwrap();
    assert!(note.contains("\n# Sergei Lavrov\n"), "{note}");
    s.send(b"e");
    s.wait_for("? (y/N)");
    s.send(b"n");
    s.wait_for("not overwritten");
    s.send(b"y");
    s.wait_for("copied the note to the clipboard");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let raw = s.raw();
    assert!(
        find(&raw, b"\x1b]52;c;LS0tCmlkOiBzZXJnZWktbGF2cm92").is_some(),
        "the OSC 52 payload is the note"
    );
}

#[test]
fn resize_mid_session_redraws_at_once() {
    let mut s = Session::start(120, 40, &[], &[]);
    s.wait_for("Actors 1/21");
    s.resize(40, 12);
    s.wait_for("Actors  Meetin… Claims");
    s.resize(12, 4);
    s.wait_for("terminal");
    s.resize(120, 40);
    s.wait_for("Sources · United States (1)");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    assert_restored(&s.raw());
}

#[test]
fn ctrl_c_quits_and_restores() {
    let mut s = Session::start(80, 24, &[], &[]);
    s.wait_for("Actors 1/21");
    s.send(b"\x03");
    assert_eq!(s.wait_exit(), 0);
    assert_restored(&s.raw());
}

#[test]
fn a_panic_restores_the_terminal_then_prints_its_message() {
    let mut s = Session::start(100, 30, &[], &[("ARCTIC_BRIEF_TEST_PANIC", "1")]);
    let code = s.wait_exit();
    assert_ne!(code, 0);
    let raw = s.raw();
    assert_restored(&raw);
    let message = find(&raw, b"forced panic for testing").expect("the panic message is printed");
    let left = find(&raw, b"\x1b[?1049l").unwrap();
    assert!(message > left, "the message comes after the restore");
}

#[test]
fn hostile_kb_text_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let evil = r#"\e]52;c;SGVsbG8=\a\e[2J\e]8;;http://evil\e\\x\e]8;;\e\\\x9b31m\u202e"#;
    std::fs::write(
        dir.path().join("kb.yaml"),
        format!(
            "actors:\n  - id: a\n    name: \"Evil{evil}\"\n    kind: person\n    summary: \"{evil}\"\n    aliases: [\"{evil}\"]\nclaims:\n  - id: c\n    text: \"Claim{evil}\"\n    by: a\n    source: s\nsources:\n  - id: s\n    title: \"T{evil}\"\n"
        ),
    )
    .unwrap();
    let mut s = Session::start(120, 40, &["--data", dir.path().to_str().unwrap()], &[]);
    s.wait_for("Actors (1)");
    s.wait_for("Evil␛]52;c;SGVsbG8=␇");
    s.send(b"\t\t\r");
    s.wait_for("Detail · claim");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let raw = s.raw();
    for (what, seq) in [
        ("OSC 52", &b"\x1b]52"[..]),
        ("OSC 8", b"\x1b]8"),
        ("clear screen", b"\x1b[2J"),
        ("C1 CSI", "\u{9b}".as_bytes()),
        ("bidi override", "\u{202e}".as_bytes()),
        ("BEL", b"\x07"),
    ] {
        assert!(
            find(&raw, seq).is_none(),
            "{what} from the KB reached the terminal"
        );
    }
}

#[test]
fn a_kb_on_disk_opens_on_the_loading_screen_then_fills_the_panes() {
    let kb = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let cache = tempfile::tempdir().unwrap();
    let cache_home = cache.path().to_str().unwrap();
    for round in ["cold", "warm"] {
        let mut s = Session::start(
            100,
            30,
            &["--data", kb.to_str().unwrap()],
            &[("XDG_CACHE_HOME", cache_home)],
        );
        s.wait_for("Actors (2)");
        s.send(b"q");
        assert_eq!(s.wait_exit(), 0, "{round}");
        let raw = s.raw();
        // Ratatui moves the cursor over blank cells, so words are looked for one at a time.
        let loading = find(&raw, b"Loading")
            .unwrap_or_else(|| panic!("{round}: {}", String::from_utf8_lossy(&raw)));
        let panes = find(&raw, b"Actors (2)").expect(round);
        assert!(loading < panes, "{round}: the loading screen comes first");
        assert_restored(&raw);
    }
    assert_eq!(
        std::fs::read_dir(cache.path().join("arctic-brief"))
            .unwrap()
            .count(),
        1,
        "the first start wrote a snapshot"
    );
}

#[test]
fn q_and_ctrl_c_quit_during_the_load() {
    // A KB large enough that a debug build takes seconds to load it, without the cache.
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_arctic-brief"))
        .args([
            "generate",
            "--actors",
            "20000",
            "--out",
            kb.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    for key in [&b"q"[..], b"\x03"] {
        let args = ["--no-cache", "--data", kb.to_str().unwrap()];
        let mut s = Session::start(100, 30, &args, &[]);
        s.wait_for("knowledge base");
        s.send(key);
        assert_eq!(s.wait_exit(), 0, "{key:?}");
        let raw = s.raw();
        assert!(
            find(&raw, b"Actors (").is_none(),
            "{key:?}: quit before the panes"
        );
        assert_restored(&raw);
    }
}

#[test]
fn a_kb_with_problems_shows_them_on_the_restored_terminal() {
    let kb = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/bad-id");
    let mut s = Session::start(100, 30, &["--data", kb.to_str().unwrap()], &[]);
    assert_eq!(s.wait_exit(), 1);
    let raw = s.raw();
    let problem = find(&raw, b"actors.yaml:").expect("the problem is shown");
    let restored = find(&raw, b"\x1b[?1049l").expect("the screen is restored");
    assert!(restored < problem, "shown after the terminal is restored");
}

/// Starts the browser on the bundled KB, waits for it, sends `sig` to the browser itself or to
/// the process started (the supervisor); returns the session once it has exited, and the code.
fn signalled(sig: libc::c_int, to_browser: bool, env: &[(&str, &str)]) -> (Session, u32) {
    let mut s = Session::start(100, 30, &[], env);
    s.wait_for("Detail · actor");
    assert!(!s.is_cooked(), "the browser runs in raw mode");
    let pid = if to_browser { s.browser_pid() } else { s.pid() };
    s.kill(pid, sig);
    let code = s.wait_exit();
    (s, code)
}

#[test]
fn sigterm_sighup_and_sigint_restore_the_terminal() {
    for (sig, to_browser) in [
        (libc::SIGTERM, true),
        (libc::SIGTERM, false),
        (libc::SIGHUP, true),
        (libc::SIGHUP, false),
        (libc::SIGINT, true),
    ] {
        let (s, code) = signalled(sig, to_browser, &[]);
        let what = format!(
            "signal {sig} to the {}",
            if to_browser { "browser" } else { "supervisor" }
        );
        assert_eq!(code, 128 + sig as u32, "{what}");
        assert_restored(&s.raw());
        assert!(s.is_cooked(), "{what}: raw mode left on");
    }
}

#[test]
fn without_the_supervisor_sigterm_leaves_the_terminal_raw() {
    // What the supervisor is for (and proof that the checks above can fail).
    let (s, _) = signalled(libc::SIGTERM, true, &[("ARCTIC_BRIEF_NO_SUPERVISOR", "1")]);
    assert!(!s.is_cooked(), "raw mode is left on");
    assert!(find(&s.raw(), b"\x1b[?1049l").is_none());
}

#[test]
fn an_allocation_failure_restores_the_terminal() {
    let mut s = Session::start(100, 30, &[], &[("ARCTIC_BRIEF_TEST_ABORT", "1")]);
    let code = s.wait_exit();
    assert_eq!(code, 128 + libc::SIGABRT as u32);
    let raw = s.raw();
    assert!(
        find(&raw, b"\x1b[?1049h").is_some(),
        "the browser had set up the terminal"
    );
    assert_restored(&raw);
    assert!(s.is_cooked(), "raw mode left on");
    let said = find(
        &raw,
        b"the browser aborted (out of memory?); the terminal was restored",
    );
    assert!(said.is_some(), "{}", String::from_utf8_lossy(&raw));
    assert!(
        find(&raw, b"memory allocation of").is_some(),
        "Rust's own message is kept"
    );
}
