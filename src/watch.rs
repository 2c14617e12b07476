//! Live reload: watching the KB's files and reloading the KB off the UI thread, debounced, when
//! they change or when asked.

use crate::app::ReloadOutcome;
use crate::kb::Kb;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// How long the KB files must stay quiet after a change before they are read: editors often
/// write a file in several steps.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Reloads the KB at `path` off the UI thread, when asked (`r`, after the editor) or when a file
/// under it changes; several requests in quick succession make one reload.
pub struct Reloader {
    requests: mpsc::Sender<()>,
    /// Kept alive for as long as the reloader: dropping it stops watching.
    _watcher: Option<notify::RecommendedWatcher>,
}

impl Reloader {
    /// Starts the reload thread; `send` hands each outcome to the event loop and returns false
    /// once nobody is listening.
    pub fn start(
        path: PathBuf,
        current: Arc<Kb>,
        watch: bool,
        send: impl Fn(ReloadOutcome) -> bool + Send + 'static,
    ) -> Reloader {
        let (requests, incoming) = mpsc::channel::<()>();
        let watcher = if watch {
            watch_kb(&path, requests.clone())
        } else {
            None
        };
        std::thread::Builder::new()
            .name("reload".into())
            .spawn(move || {
                let mut current = current;
                while incoming.recv().is_ok() {
                    while incoming.recv_timeout(DEBOUNCE).is_ok() {}
                    let outcome = match crate::kb::load_path(&path) {
                        Ok(kb) => {
                            let prepared = crate::app::prepare(&current, kb);
                            current = prepared.kb.clone();
                            ReloadOutcome::Loaded(prepared)
                        }
                        Err(e) => ReloadOutcome::failed(&e),
                    };
                    if !send(outcome) {
                        break;
                    }
                }
            })
            .expect("the reload thread starts");
        Reloader {
            requests,
            _watcher: watcher,
        }
    }

    pub fn request(&self) {
        let _ = self.requests.send(());
    }
}

/// Watches the KB directory (or a single file's directory) for changes to YAML files.
fn watch_kb(path: &Path, requests: mpsc::Sender<()>) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    // Absolute, so a relative `--data kb.yaml` has a directory to watch and events compare equal.
    let path = &std::fs::canonicalize(path).ok()?;
    let single = path.is_file().then(|| path.to_path_buf());
    let is_single = single.is_some();
    let root = if is_single {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        path.to_path_buf()
    };
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        let relevant = event.paths.iter().any(|p| match &single {
            Some(f) => p == f,
            None => p.extension().is_some_and(|x| x == "yaml" || x == "yml") || p.is_dir(),
        });
        if relevant {
            let _ = requests.send(());
        }
    })
    .ok()?;
    let mode = if is_single {
        RecursiveMode::NonRecursive
    } else {
        RecursiveMode::Recursive
    };
    watcher.watch(&root, mode).ok()?;
    Some(watcher)
}
