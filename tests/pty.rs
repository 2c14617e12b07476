//! End-to-end: the real binary in a pseudo-terminal, driven by keys, its screen parsed with vt100.
//! Waits are for screen contents with a bounded timeout, never fixed sleeps alone.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Everything the program wrote, raw.
    raw: Arc<Mutex<Vec<u8>>>,
    parser: Arc<Mutex<vt100::Parser>>,
}

const TIMEOUT: Duration = Duration::from_secs(20);

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

impl Session {
    fn start(cols: u16, rows: u16, args: &[&str], env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_arctic-brief"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("ARCTIC_BRIEF_DATA");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let (raw2, parser2) = (raw.clone(), parser.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                raw2.lock().unwrap().extend_from_slice(&buf[..n]);
                parser2.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            master: pair.master,
            writer,
            child,
            raw,
            parser,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen after the timeout.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    fn wait_for_gone(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if !self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?} to go; screen:\n{}",
            self.screen()
        );
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain what was written before the exit.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the program did not exit; screen:\n{}", self.screen());
    }

    fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The terminal was put back: alternate screen left, cursor shown, mouse reporting off.
fn assert_restored(raw: &[u8]) {
    for (what, seq) in [
        ("alternate screen left", &b"\x1b[?1049l"[..]),
        ("cursor shown", b"\x1b[?25h"),
        ("mouse capture off", b"\x1b[?1000l"),
    ] {
        let entered = match seq {
            b"\x1b[?1049l" => find(raw, b"\x1b[?1049h"),
            _ => None,
        };
        let left = find(raw, seq);
        assert!(left.is_some(), "{what}: {seq:?} not in the output");
        if let (Some(e), Some(l)) = (entered, left) {
            assert!(l > e, "{what}: restored after entering");
        }
    }
}

#[test]
fn a_users_walk_through_the_briefing() {
    let mut s = Session::start(120, 40, &[], &[]);
    s.wait_for("Actors (20)");
    s.wait_for("Meetings · United States (3)");
    // Down to Sergei Lavrov.
    for _ in 0..12 {
        s.send(b"j");
    }
    s.wait_for("Meetings · Sergei Lavrov (1)");
    s.wait_for("Role       Russian Foreign Minister");
    // Open Detail, move to his meeting, follow it.
    s.send(b"\r");
    s.wait_for("▶ Russia (state)");
    s.send(b"j\r");
    s.wait_for("Detail · meeting");
    s.wait_for("Place      Istanbul");
    // Back.
    s.send(b"\x7f");
    s.wait_for("Detail · actor");
    s.wait_for("Sergei Lavrov");
    // Help, then close it.
    s.send(b"?");
    s.wait_for("Esc or ? closes");
    s.send(b"\x1b");
    s.wait_for_gone("Esc or ? closes");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    assert_restored(&s.raw());
}

#[test]
fn search_and_jump_in_a_real_terminal() {
    let mut s = Session::start(120, 40, &[], &[]);
    s.wait_for("Actors (20)");
    s.send(b"/lavr");
    s.wait_for("Actors 1/20");
    s.wait_for("/ lavr");
    s.send(b"\r");
    s.wait_for("Actors (20)");
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
    s.wait_for("claim   Caliber.Az: Driving a wedge");
    s.send(b"\r");
    s.wait_for("Detail · claim");
    s.wait_for("Contradicts (1)");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    assert_restored(&s.raw());
}

#[test]
fn export_and_copy_from_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("notes");
    let mut s = Session::start(120, 40, &["--export-dir", exports.to_str().unwrap()], &[]);
    s.wait_for("Actors (20)");
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
    s.wait_for("Actors (20)");
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
    s.wait_for("Actors (20)");
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
