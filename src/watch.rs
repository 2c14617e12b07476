//! Live reload: watching the KB's files and reloading the KB off the UI thread, debounced, when
//! they change or when asked.
//!
//! The watch survives the KB directory being deleted and recreated (`rm -rf kb && git clone …`):
//! the directory's parent is watched too, and while the directory is gone its return is also
//! checked every [`POLL`], so the watch is re-armed and the KB reloaded as soon as it is back.
//! Activity under dot-directories (`.git`, `.obsidian`), which the loader skips, never triggers a
//! reload. What the browser should tell the user (the directory is gone, watching is not
//! possible) comes out as [`Notice::Status`].

use crate::app::ReloadOutcome;
use crate::kb::Kb;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// How long the KB files must stay quiet after a change before they are read: editors often
/// write a file in several steps.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// How often, while the KB directory is gone, to look for it again (in case its parent cannot be
/// watched or its re-creation was missed).
pub const POLL: Duration = Duration::from_millis(500);

/// What the reloader tells the event loop.
#[derive(Debug)]
pub enum Notice {
    Reloaded(ReloadOutcome),
    /// A line for the status bar: watching stopped, could not start, or resumed.
    Status(String),
}

/// What wakes the reload thread.
#[derive(Debug, PartialEq, Eq)]
pub enum Signal {
    /// A KB file changed, or the user asked (`r`, after the editor).
    Reload,
    /// The watched directory disappeared (deleted or moved away).
    RootGone,
    /// The watched directory is there again.
    RootBack,
    /// The reloader was dropped.
    Stop,
}

/// Reloads the KB at `path` off the UI thread, when asked (`r`, after the editor) or when a file
/// under it changes; several requests in quick succession make one reload.
pub struct Reloader {
    requests: mpsc::Sender<Signal>,
}

impl Reloader {
    /// Starts the reload thread (and the watch, when `watch`); `send` hands each notice to the
    /// event loop and returns false once nobody is listening.
    pub fn start(
        path: PathBuf,
        current: Arc<Kb>,
        watch: bool,
        send: impl Fn(Notice) -> bool + Send + 'static,
    ) -> Reloader {
        let (requests, incoming) = mpsc::channel::<Signal>();
        let watched = if watch {
            match Watched::start(&path, requests.clone()) {
                Ok(w) => Some(w),
                Err(message) => {
                    send(Notice::Status(message));
                    None
                }
            }
        } else {
            None
        };
        let mut thread = ReloadThread {
            path,
            current,
            watched,
            gone: false,
            send: Box::new(send),
        };
        std::thread::Builder::new()
            .name("reload".into())
            .spawn(move || thread.run(&incoming))
            .expect("the reload thread starts");
        Reloader { requests }
    }

    pub fn request(&self) {
        let _ = self.requests.send(Signal::Reload);
    }
}

impl Drop for Reloader {
    fn drop(&mut self) {
        // The watcher's callback holds a sender too, so the channel alone would never close.
        let _ = self.requests.send(Signal::Stop);
    }
}

/// The reload thread's state: the last KB loaded, and the watch it re-arms.
struct ReloadThread {
    path: PathBuf,
    current: Arc<Kb>,
    watched: Option<Watched>,
    /// Whether the watched directory is known to be gone.
    gone: bool,
    send: Box<dyn Fn(Notice) -> bool + Send>,
}

impl ReloadThread {
    fn run(&mut self, incoming: &mpsc::Receiver<Signal>) {
        let mut queued = Vec::new();
        loop {
            let signal = match queued.pop() {
                Some(s) => s,
                None => match self.next(incoming) {
                    Some(s) => s,
                    None => return,
                },
            };
            let go_on = match signal {
                Signal::Stop => false,
                Signal::Reload => {
                    // Debounce: wait for quiet, keeping what is not a reload for afterwards.
                    while let Ok(s) = incoming.recv_timeout(DEBOUNCE) {
                        if s != Signal::Reload {
                            queued.insert(0, s);
                        }
                    }
                    self.reload()
                }
                Signal::RootGone => self.root_gone(),
                Signal::RootBack => self.root_back(),
            };
            if !go_on {
                return;
            }
        }
    }

    /// The next signal; while the directory is gone, a timeout checks whether it is back.
    fn next(&self, incoming: &mpsc::Receiver<Signal>) -> Option<Signal> {
        if !self.gone {
            return incoming.recv().ok();
        }
        match incoming.recv_timeout(POLL) {
            Ok(s) => Some(s),
            Err(mpsc::RecvTimeoutError::Timeout) => Some(Signal::RootBack),
            Err(mpsc::RecvTimeoutError::Disconnected) => None,
        }
    }

    fn reload(&mut self) -> bool {
        // Through the cache, so a change the user saved also refreshes the snapshot.
        let loaded = crate::cache::Cache::user().load(&self.path, &crate::kb::Progress::default());
        let outcome = match loaded.map(|l| l.kb) {
            Ok(kb) => {
                let prepared = crate::app::prepare(&self.current, kb);
                self.current = prepared.kb.clone();
                ReloadOutcome::Loaded(prepared)
            }
            Err(e) => ReloadOutcome::failed(&e),
        };
        (self.send)(Notice::Reloaded(outcome))
    }

    fn root_gone(&mut self) -> bool {
        let Some(w) = &self.watched else { return true };
        if self.gone || w.root.exists() {
            return true;
        }
        self.gone = true;
        (self.send)(Notice::Status(format!(
            "{} is gone; showing the last KB read, and watching for it to come back",
            w.root.display()
        )))
    }

    fn root_back(&mut self) -> bool {
        let Some(w) = &mut self.watched else {
            return true;
        };
        if !self.gone || !w.root.exists() {
            return true;
        }
        self.gone = false;
        if let Err(e) = w.arm() {
            self.watched = None;
            let message = format!("not watching the KB any more: {e}; press r to reload");
            return (self.send)(Notice::Status(message));
        }
        // Files may have been written before the watch was back: read them all now.
        self.reload()
    }
}

/// A live watch on the KB: its directory (recursively) or, for a single file, the file's
/// directory; and the parent of that directory, to see it come back after a removal.
struct Watched {
    watcher: notify::RecommendedWatcher,
    root: PathBuf,
    mode: RecursiveMode,
}

impl Watched {
    /// Starts watching `path`; the error is a message for the status bar.
    fn start(path: &Path, requests: mpsc::Sender<Signal>) -> Result<Watched, String> {
        let not_watching = |e: &dyn std::fmt::Display| {
            format!(
                "not watching {} for changes: {e}; press r to reload",
                path.display()
            )
        };
        // Absolute, so a relative `--data kb.yaml` has a directory to watch and events compare
        // equal.
        let path = std::fs::canonicalize(path).map_err(|e| not_watching(&e))?;
        let single = path.is_file().then(|| path.clone());
        let root = match &single {
            Some(f) => f.parent().unwrap_or(Path::new("/")).to_path_buf(),
            None => path.clone(),
        };
        let mode = if single.is_some() {
            RecursiveMode::NonRecursive
        } else {
            RecursiveMode::Recursive
        };
        let filter = Filter {
            root: root.clone(),
            single,
        };
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Some(signal) = res.ok().and_then(|e| filter.signal(&e)) {
                let _ = requests.send(signal);
            }
        })
        .map_err(|e| not_watching(&e))?;
        let mut watched = Watched {
            watcher,
            root,
            mode,
        };
        watched.arm().map_err(|e| not_watching(&e))?;
        // Best effort: without it, the directory's return is still found by polling.
        if let Some(parent) = watched.root.parent() {
            let _ = watched.watcher.watch(parent, RecursiveMode::NonRecursive);
        }
        Ok(watched)
    }

    /// (Re-)watches the directory, dropping whatever watch the old one left behind.
    fn arm(&mut self) -> notify::Result<()> {
        let _ = self.watcher.unwatch(&self.root);
        self.watcher.watch(&self.root, self.mode)
    }
}

/// Which file-system events matter, and what they mean.
#[derive(Debug, Clone)]
pub struct Filter {
    /// The watched directory (the KB's, or a single file's).
    pub root: PathBuf,
    /// The KB file, when the KB is a single file.
    pub single: Option<PathBuf>,
}

impl Filter {
    /// The signal for `event`, if any: the directory itself gone or back, or a change to a KB
    /// file (a YAML file, or a directory that may hold some) outside dot-directories.
    pub fn signal(&self, event: &notify::Event) -> Option<Signal> {
        if matches!(event.kind, EventKind::Access(_)) {
            return None;
        }
        if event.paths.iter().any(|p| p == &self.root) {
            return Some(if self.root.exists() {
                Signal::RootBack
            } else {
                Signal::RootGone
            });
        }
        let relevant = event.paths.iter().any(|p| self.is_kb_path(p, &event.kind));
        relevant.then_some(Signal::Reload)
    }

    fn is_kb_path(&self, p: &Path, kind: &EventKind) -> bool {
        if let Some(f) = &self.single {
            return p == f;
        }
        let Ok(inside) = p.strip_prefix(&self.root) else {
            // The parent's other entries.
            return false;
        };
        if inside
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            return false;
        }
        let yaml = p
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"));
        let folder = matches!(
            kind,
            EventKind::Create(notify::event::CreateKind::Folder)
                | EventKind::Remove(notify::event::RemoveKind::Folder)
        );
        yaml || folder || p.is_dir()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    fn dir_filter() -> Filter {
        Filter {
            root: PathBuf::from("/nonexistent/kb"),
            single: None,
        }
    }

    #[test]
    fn yaml_changes_reload_and_dot_directories_do_not() {
        let f = dir_filter();
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let create = EventKind::Create(CreateKind::File);
        for p in ["/nonexistent/kb/a.yaml", "/nonexistent/kb/sub/b.YML"] {
            assert_eq!(f.signal(&event(modify, p)), Some(Signal::Reload), "{p}");
        }
        for p in [
            "/nonexistent/kb/.git/index.lock",
            "/nonexistent/kb/.git/refs/heads/x.yaml",
            "/nonexistent/kb/sub/.obsidian/workspace.yaml",
            "/nonexistent/kb/.hidden.yaml",
            "/nonexistent/kb/notes.md",
            "/nonexistent/kb/4913",
            "/nonexistent/other/a.yaml",
            "/nonexistent/kb-old/a.yaml",
        ] {
            assert_eq!(f.signal(&event(create, p)), None, "{p}");
        }
        let gone_dir = EventKind::Remove(RemoveKind::Folder);
        assert_eq!(
            f.signal(&event(gone_dir, "/nonexistent/kb/sub")),
            Some(Signal::Reload)
        );
        assert_eq!(
            f.signal(&event(gone_dir, "/nonexistent/kb/.git/objects")),
            None
        );
        let read = EventKind::Access(notify::event::AccessKind::Any);
        assert_eq!(f.signal(&event(read, "/nonexistent/kb/a.yaml")), None);
    }

    #[test]
    fn the_directory_itself_gone_or_back() {
        let f = dir_filter();
        let e = event(EventKind::Remove(RemoveKind::Folder), "/nonexistent/kb");
        assert_eq!(f.signal(&e), Some(Signal::RootGone));
        let here = Filter {
            root: std::env::temp_dir(),
            single: None,
        };
        let e = notify::Event::new(EventKind::Create(CreateKind::Folder))
            .add_path(std::env::temp_dir());
        assert_eq!(here.signal(&e), Some(Signal::RootBack));
    }

    #[test]
    fn a_single_file_only_its_own_events() {
        let f = Filter {
            root: PathBuf::from("/nonexistent"),
            single: Some(PathBuf::from("/nonexistent/kb.yaml")),
        };
        let modify = EventKind::Modify(ModifyKind::Any);
        assert_eq!(
            f.signal(&event(modify, "/nonexistent/kb.yaml")),
            Some(Signal::Reload)
        );
        assert_eq!(f.signal(&event(modify, "/nonexistent/other.yaml")), None);
    }
}
