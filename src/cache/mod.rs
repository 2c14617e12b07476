//! The snapshot cache: after a successful load of a KB on disk, the validated model, its link
//! index and its search index are written as one binary snapshot in the user's cache directory
//! (`$XDG_CACHE_HOME/arctic-brief/`, else `~/.cache/arctic-brief/`), named by the KB's canonical
//! path. A later load uses the snapshot only when its key (see [`key`]) matches the KB's files as
//! they are now; anything else is a full load that rewrites it.
//!
//! Never a source of problems: only a KB that loaded without any is written, so a snapshot never
//! hides a diagnostic; a cache that cannot be read or written is skipped with one note.
//! Sits above `kb` and `search` (it stores both) and below the app and the command line.

pub mod key;
pub mod store;

use crate::kb::{self, EntityRef, Kb, KbFile, Links, LoadError, Progress};
use crate::search::Index;
use key::Key;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use store::{Body, Refused};

/// The environment variable that turns the cache off (as `--no-cache` does).
pub const NO_CACHE_ENV: &str = "ARCTIC_BRIEF_NO_CACHE";

/// Where snapshots live, or why there are none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cache {
    /// Snapshots in this directory (created on first write).
    Dir(PathBuf),
    /// `--no-cache`: neither read nor written, silently.
    Off,
    /// No cache directory could be found; the reason is noted once.
    Unavailable(String),
}

/// Where a loaded KB came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadedFrom {
    Snapshot,
    /// From the snapshot, the actors' index and the actors only ([`Need::ActorSearch`]): the
    /// KB's meetings, claims, sources, links and id table are empty, and must not be shown.
    SnapshotActors,
    /// A full load; `why` says why the snapshot was not used (for traces and tests).
    Yaml {
        why: String,
    },
}

/// What a caller needs of a snapshot: decoding is a warm start's main cost, so a search over
/// actors decodes the index and the actors alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The whole model: the browser and every command but an actor search.
    All,
    /// The actors' own index and the actors, for `search --kind actor` without filters:
    /// [`Index::search`] over actors reads only the index, and the answer shows only actors'
    /// ids, names and fields (no id is looked up, so the KB has no id table). A full load
    /// still gives the whole KB.
    ActorSearch,
}

/// A KB ready to use, with its search index when the load produced one.
pub struct Loaded {
    pub kb: Kb,
    pub index: Option<Index>,
    pub from: LoadedFrom,
    /// Said once to the user when the cache could not be used (an unwritable directory).
    pub note: Option<String>,
}

/// Whether [`Cache::user`] uses the cache; `--no-cache` turns it off for the whole process.
static ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Turns the snapshot cache on or off for every later [`Cache::user`] (`main` does, from
/// `--no-cache`).
pub fn set_enabled(enabled: bool) {
    ENABLED.store(enabled, std::sync::atomic::Ordering::SeqCst);
}

impl Cache {
    /// The cache this process uses: [`Cache::from_env`] unless [`set_enabled`] turned it off.
    pub fn user() -> Cache {
        Cache::from_env(ENABLED.load(std::sync::atomic::Ordering::SeqCst))
    }

    /// The user's cache: `$XDG_CACHE_HOME/arctic-brief`, else `$HOME/.cache/arctic-brief`;
    /// [`Cache::Off`] when `enabled` is false.
    pub fn from_env(enabled: bool) -> Cache {
        if !enabled {
            return Cache::Off;
        }
        let non_empty = |v: &str| std::env::var_os(v).filter(|s| !s.is_empty());
        let base = non_empty("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| non_empty("HOME").map(|h| PathBuf::from(h).join(".cache")));
        match base {
            Some(b) => Cache::Dir(b.join("arctic-brief")),
            None => Cache::Unavailable("neither XDG_CACHE_HOME nor HOME is set".into()),
        }
    }

    /// Loads the KB at `path`, from its snapshot when that is valid, else from its YAML (then
    /// writing the snapshot). Problems are those of the full load, never of the cache.
    pub fn load(&self, path: &Path, progress: &Progress) -> Result<Loaded, LoadError> {
        self.load_for(path, progress, Need::All)
    }

    /// As [`Cache::load`], decoding from a valid snapshot only what `need` says (a full load
    /// always gives the whole KB).
    pub fn load_for(
        &self,
        path: &Path,
        progress: &Progress,
        need: Need,
    ) -> Result<Loaded, LoadError> {
        let files = kb::kb_files(path)?;
        let (dir, canonical) = match (self, key::canonical_root(path)) {
            (Cache::Dir(d), Some(c)) => (d, c),
            (Cache::Unavailable(why), _) => {
                let note = once(Some(format!(
                    "no snapshot cache ({why}); loading without it"
                )));
                return full_load(path, files, progress, "no cache directory", note);
            }
            _ => return full_load(path, files, progress, "cache off", None),
        };
        let snap = dir.join(key::snapshot_name(&canonical));
        let t = std::time::Instant::now();
        let opened = store::open(&snap, |k| {
            k.version == key::BINARY_VERSION
                && k.schema == key::SCHEMA
                && k.root == canonical.as_os_str().as_encoded_bytes()
        });
        timing("snapshot: open and check its header", t);
        let why = match opened {
            Ok(s) if key::still_valid(s.key(), path, &canonical, &files) => {
                timing("key: check the KB's files", t);
                match from_snapshot(path, files.clone(), &s, need) {
                    Ok(loaded) => return Ok(loaded),
                    Err(r) => format!("{r:?}"),
                }
            }
            Ok(_) => "the KB changed".to_string(),
            Err(r) => format!("{r:?}"),
        };
        // The key is taken before the load: an edit during the load then makes it differ from
        // the one taken after (see `write_back`), and the snapshot is not written.
        let now = key::compute(path, &canonical, &files);
        let mut loaded = full_load(path, files.clone(), progress, &why, None)?;
        loaded.note = once(write_back(
            dir,
            &snap,
            now,
            path,
            &canonical,
            &files,
            &mut loaded,
        ));
        Ok(loaded)
    }
}

fn full_load(
    path: &Path,
    files: Vec<PathBuf>,
    progress: &Progress,
    why: &str,
    note: Option<String>,
) -> Result<Loaded, LoadError> {
    let bytes = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    progress.plan(files.len() as u64, bytes);
    let kb = kb::load_files(path, files, progress)?;
    Ok(Loaded {
        kb,
        index: None,
        from: LoadedFrom::Yaml { why: why.into() },
        note,
    })
}

/// Writes the snapshot of a fresh load, when the files are still what was hashed before it (an
/// edit during the load would otherwise be cached under the old key). Returns a note when the
/// cache cannot be written.
fn write_back(
    dir: &Path,
    snap: &Path,
    before: Option<Key>,
    path: &Path,
    canonical: &Path,
    files: &[PathBuf],
    loaded: &mut Loaded,
) -> Option<String> {
    let before = before?;
    if !key::compute(path, canonical, files).is_some_and(|after| after.same_files(&before)) {
        return None;
    }
    let index = Index::build(&loaded.kb);
    let actor_index = actor_index(&mut loaded.kb);
    let kb = &mut loaded.kb;
    let body = Body {
        actors: std::mem::take(&mut kb.actors),
        meetings: std::mem::take(&mut kb.meetings),
        claims: std::mem::take(&mut kb.claims),
        sources: std::mem::take(&mut kb.sources),
        links: std::mem::take(&mut kb.links),
        index,
        actor_index: Some(actor_index),
    };
    let written = std::fs::create_dir_all(dir).and_then(|_| store::write(snap, &before, &body));
    kb.actors = body.actors;
    kb.meetings = body.meetings;
    kb.claims = body.claims;
    kb.sources = body.sources;
    kb.links = body.links;
    loaded.index = Some(body.index);
    written.err().map(|e| {
        format!(
            "cannot write the snapshot cache in {} ({e}); loading without it",
            dir.display()
        )
    })
}

/// The index of `kb`'s actors alone: the index of a KB whose other kinds are set aside (an
/// actor's searchable fields are its own, so its entries are those of the whole index, at the
/// same positions, actors coming first).
fn actor_index(kb: &mut Kb) -> Index {
    let meetings = std::mem::take(&mut kb.meetings);
    let claims = std::mem::take(&mut kb.claims);
    let sources = std::mem::take(&mut kb.sources);
    let index = Index::build(kb);
    kb.meetings = meetings;
    kb.claims = claims;
    kb.sources = sources;
    index
}

/// A KB rebuilt from a snapshot: the model from its sections (all of them, or only the actors
/// for [`Need::ActorSearch`]), the file list and label from this call (so paths show as the user
/// gave them now), the id table rebuilt.
fn from_snapshot(
    path: &Path,
    files: Vec<PathBuf>,
    snap: &store::Snapshot,
    need: Need,
) -> Result<Loaded, Refused> {
    let t = std::time::Instant::now();
    let body = match need {
        Need::All => snap.body(false)?,
        Need::ActorSearch => {
            let (index, actors) = std::thread::scope(|s| {
                let actors = s.spawn(|| snap.actors());
                let index = snap.actor_index();
                let actors = actors
                    .join()
                    .unwrap_or(Err(Refused::Damaged("a section does not decode")));
                (index, actors)
            });
            Body {
                actors: actors?,
                meetings: Vec::new(),
                claims: Vec::new(),
                sources: Vec::new(),
                links: Links::default(),
                index: index?,
                actor_index: None,
            }
        }
    };
    timing("snapshot: check, validate and decode its sections", t);
    let mut kb = Kb {
        actors: body.actors,
        meetings: body.meetings,
        claims: body.claims,
        sources: body.sources,
        ids: HashMap::new(),
        links: body.links,
        files: files
            .into_iter()
            .map(|p| KbFile {
                display: p.display().to_string(),
                path: Some(p),
                text: None,
            })
            .collect(),
        label: path.display().to_string(),
    };
    // An actor search looks no id up: its KB goes without the table (a tenth of its time).
    if need == Need::All {
        let t = std::time::Instant::now();
        kb.ids = ids_of(&kb);
        timing("snapshot: the id table", t);
    }
    Ok(Loaded {
        kb,
        index: Some(body.index),
        from: match need {
            Need::All => LoadedFrom::Snapshot,
            Need::ActorSearch => LoadedFrom::SnapshotActors,
        },
        note: None,
    })
}

fn ids_of(kb: &Kb) -> HashMap<String, EntityRef> {
    use crate::kb::{ActorId, ClaimId, MeetingId, SourceId};
    let mut ids = HashMap::with_capacity(kb.len());
    let n = |i: usize| i as u32;
    for (i, a) in kb.actors.iter().enumerate() {
        ids.insert(a.id.clone(), EntityRef::Actor(ActorId(n(i))));
    }
    for (i, m) in kb.meetings.iter().enumerate() {
        ids.insert(m.id.clone(), EntityRef::Meeting(MeetingId(n(i))));
    }
    for (i, c) in kb.claims.iter().enumerate() {
        ids.insert(c.id.clone(), EntityRef::Claim(ClaimId(n(i))));
    }
    for (i, s) in kb.sources.iter().enumerate() {
        ids.insert(s.id.clone(), EntityRef::Source(SourceId(n(i))));
    }
    ids
}

/// The environment variable that prints how long each step of a load took, on stderr.
pub const TIMINGS_ENV: &str = "ARCTIC_BRIEF_TIMINGS";

/// With [`TIMINGS_ENV`] set, says on stderr how long `what` took since `since` (for profiling a
/// start-up without a profiler; nothing is printed otherwise).
pub fn timing(what: &str, since: std::time::Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os(TIMINGS_ENV).is_some_and(|v| !v.is_empty())) {
        eprintln!(
            "arctic-brief: timing: {what}: {:.1} ms",
            since.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// Whether a note about the cache was already given in this process: it is said once.
static NOTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn once(note: Option<String>) -> Option<String> {
    let first = !NOTED.swap(true, std::sync::atomic::Ordering::SeqCst);
    note.filter(|_| first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::EntityKind;
    use crate::search::{Query, Scope};

    #[test]
    fn the_actors_index_answers_an_actor_search_as_the_whole_index_does() {
        let mut kb = crate::kb::load_bundled().unwrap();
        let whole = Index::build(&kb);
        let actors = actor_index(&mut kb);
        assert!(actors.len() < whole.len());
        let scope = Scope {
            kind: Some(EntityKind::Actor),
            only: None,
        };
        let never = std::sync::atomic::AtomicBool::new(false);
        for q in [
            "lavrov", "russ", "min", "sergei l", "a", "lavrof", "!russia", "^s",
        ] {
            let query = Query::parse(q).unwrap();
            let a = whole.search(&kb, &query, &scope, None, &never);
            let b = actors.search(&kb, &query, &scope, None, &never);
            assert_eq!((&a.hits, a.total), (&b.hits, b.total), "{q}");
        }
    }

    #[test]
    fn cargo_keeps_the_cache_of_tests_under_target() {
        let dir = std::env::var("XDG_CACHE_HOME").unwrap_or_default();
        assert!(dir.ends_with("target/test-cache"), "{dir}");
    }
}
