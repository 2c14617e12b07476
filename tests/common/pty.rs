//! A pseudo-terminal harness for end-to-end tests: the real binary, its screen parsed by vt100.
//! Waits are for screen contents with a bounded timeout, never fixed sleeps alone.

#![allow(dead_code)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Session {
    master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Everything the program wrote, raw.
    raw: Arc<Mutex<Vec<u8>>>,
    parser: Arc<Mutex<vt100::Parser>>,
}

pub const TIMEOUT: Duration = Duration::from_secs(20);

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

impl Session {
    pub fn start(cols: u16, rows: u16, args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_in(None, cols, rows, args, env)
    }

    /// As [`Session::start`], in the working directory `cwd`.
    pub fn start_in(
        cwd: Option<&std::path::Path>,
        cols: u16,
        rows: u16,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Session {
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
        if let Some(dir) = cwd {
            cmd.cwd(dir);
        }
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

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen after the timeout.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    pub fn wait_for_gone(&self, text: &str) {
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

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
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

    pub fn wait_exit(&mut self) -> u32 {
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

    /// The pid of the process started (the supervisor, when there is one).
    pub fn pid(&self) -> i32 {
        self.child.process_id().unwrap() as i32
    }

    /// The pid of the browser: the supervisor's only child, or the process itself when it runs
    /// unsupervised. Waits for the child to exist.
    pub fn browser_pid(&self) -> i32 {
        let pid = self.pid();
        let children = format!("/proc/{pid}/task/{pid}/children");
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            let list = std::fs::read_to_string(&children).unwrap_or_default();
            if let Some(child) = list.split_whitespace().next() {
                return child.parse().unwrap();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        pid
    }

    pub fn kill(&self, pid: i32, sig: libc::c_int) {
        // SAFETY: a plain system call on a pid this test started.
        assert_eq!(unsafe { libc::kill(pid, sig) }, 0, "kill {pid} {sig}");
    }

    /// Whether the terminal is in its normal (cooked) mode: line editing and echo on.
    pub fn is_cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().unwrap();
        // SAFETY: `tcgetattr` fills plain data from the pty's master side.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
        t.c_lflag & (libc::ICANON | libc::ECHO) == (libc::ICANON | libc::ECHO)
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The terminal was put back: alternate screen left, cursor shown, mouse reporting off.
pub fn assert_restored(raw: &[u8]) {
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
