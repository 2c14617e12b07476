//! The snapshot cache is never stale: every kind of change to a KB's files falls back to a full
//! load (and rewrites the snapshot), a damaged or foreign snapshot is refused, a KB with problems
//! is never cached, and the tool works (saying so once) when the cache cannot be written.
//! Every test uses its own temporary cache directory.

use arctic_brief::cache::{Cache, Loaded, LoadedFrom, Need, key, store};
use arctic_brief::kb::{EntityKind, EntityRef, Kb, Progress};
use arctic_brief::search::{Query, Scope};
use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime};

const ACTORS: &str = "actors:
  - id: sergei-lavrov
    name: Sergei Lavrov
    kind: person
  - id: russia
    name: Russia
    kind: state
";

const REST: &str = "sources:
  - id: tass-1
    title: TASS report
    publisher: russia
claims:
  - id: c1
    text: The Arctic is a zone of dialogue
    by: sergei-lavrov
    source: tass-1
";

struct Fixture {
    _tmp: tempfile::TempDir,
    kb: PathBuf,
    cache_dir: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let kb = tmp.path().join("kb");
        std::fs::create_dir(&kb).unwrap();
        std::fs::write(kb.join("actors.yaml"), ACTORS).unwrap();
        std::fs::write(kb.join("rest.yaml"), REST).unwrap();
        let cache_dir = tmp.path().join("cache");
        Fixture {
            _tmp: tmp,
            kb,
            cache_dir,
        }
    }
    fn cache(&self) -> Cache {
        Cache::Dir(self.cache_dir.join("arctic-brief"))
    }
    fn load(&self) -> Loaded {
        self.cache()
            .load(&self.kb, &Progress::default())
            .unwrap_or_else(|e| panic!("{}", e.render()))
    }
    /// Loads twice: the first from YAML (writing the snapshot), the second from the snapshot.
    fn warm(&self) -> Loaded {
        let _ = self.load();
        let l = self.load();
        assert_eq!(l.from, LoadedFrom::Snapshot);
        l
    }
    fn snapshot(&self) -> PathBuf {
        let dir = self.cache_dir.join("arctic-brief");
        let mut snaps: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(snaps.len(), 1, "one snapshot and no leftovers: {snaps:?}");
        snaps.pop().unwrap()
    }
}

fn is_full_load(l: &Loaded) -> bool {
    matches!(l.from, LoadedFrom::Yaml { .. })
}

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

fn set_mtime(p: &Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

/// Everything a user can see of a KB: each entity's fingerprint, links and file.
fn view(kb: &Kb) -> Vec<String> {
    kb.sorted(None)
        .into_iter()
        .map(|e: EntityRef| {
            let rel: Vec<String> = kb
                .relations(e)
                .iter()
                .map(|r| format!("{}:{:?}", r.label, r.targets))
                .collect();
            let file = &kb.files()[kb.origin(e).file as usize].display;
            format!("{} {} {file} {rel:?}", kb.id_of(e), kb.fingerprint(e))
        })
        .collect()
}

#[test]
fn a_warm_load_gives_the_same_kb_and_index_as_a_full_load() {
    let f = Fixture::new();
    let cold = f.load();
    assert!(is_full_load(&cold));
    let warm = f.load();
    assert_eq!(warm.from, LoadedFrom::Snapshot);
    assert_eq!(view(&cold.kb), view(&warm.kb));
    assert_eq!(warm.kb.label(), cold.kb.label());
    assert_eq!(warm.kb.lookup("c1"), cold.kb.lookup("c1"));
    let q = Query::parse("lavrov").unwrap();
    let search = |l: &Loaded| {
        let index = l.index.as_ref().expect("both loads hand over the index");
        let r = index.search(&l.kb, &q, &Scope::default(), None, &AtomicBool::new(false));
        r.hits
            .iter()
            .map(|h| (h.entity, h.score))
            .collect::<Vec<_>>()
    };
    assert!(!search(&warm).is_empty());
    assert_eq!(search(&cold), search(&warm));
    // The definition line is read from the file as it is now, through the paths of this load.
    let c1 = warm.kb.lookup("c1").unwrap();
    assert_eq!(warm.kb.definition(c1).map(|(_, line)| line), Some(6));
}

#[test]
fn an_edit_keeping_size_and_mtime_is_seen() {
    let f = Fixture::new();
    f.warm();
    let p = f.kb.join("actors.yaml");
    let before = mtime(&p);
    let edited = ACTORS.replace("Sergei Lavrov", "Sergei LAVROV");
    assert_eq!(edited.len(), ACTORS.len());
    std::fs::write(&p, &edited).unwrap();
    set_mtime(&p, before);
    assert_eq!(mtime(&p), before);
    let l = f.load();
    assert!(is_full_load(&l), "{:?}", l.from);
    let lavrov = l.kb.lookup("sergei-lavrov").unwrap();
    assert_eq!(l.kb.title_of(lavrov), "Sergei LAVROV");
    // ...and the rewritten snapshot has the new text.
    let again = f.load();
    assert_eq!(again.from, LoadedFrom::Snapshot);
    assert_eq!(again.kb.title_of(lavrov), "Sergei LAVROV");
}

#[test]
fn a_touch_falls_back_to_a_full_load() {
    let f = Fixture::new();
    f.warm();
    let p = f.kb.join("rest.yaml");
    set_mtime(&p, mtime(&p) + Duration::from_secs(5));
    assert!(is_full_load(&f.load()));
    assert_eq!(f.load().from, LoadedFrom::Snapshot);
}

#[test]
fn a_renamed_file_falls_back_to_a_full_load() {
    let f = Fixture::new();
    f.warm();
    std::fs::rename(f.kb.join("rest.yaml"), f.kb.join("zz-rest.yaml")).unwrap();
    let l = f.load();
    assert!(is_full_load(&l));
    let c1 = l.kb.lookup("c1").unwrap();
    assert!(
        l.kb.definition(c1)
            .unwrap()
            .0
            .display
            .ends_with("zz-rest.yaml")
    );
}

#[test]
fn an_added_file_falls_back_to_a_full_load() {
    let f = Fixture::new();
    f.warm();
    std::fs::write(
        f.kb.join("more.yaml"),
        "actors:\n  - id: norway\n    name: Norway\n    kind: state\n",
    )
    .unwrap();
    let l = f.load();
    assert!(is_full_load(&l));
    assert!(l.kb.lookup("norway").is_some());
    assert_eq!(f.load().from, LoadedFrom::Snapshot);
}

#[test]
fn a_deleted_file_falls_back_to_a_full_load() {
    let f = Fixture::new();
    std::fs::write(
        f.kb.join("more.yaml"),
        "actors:\n  - id: norway\n    name: Norway\n    kind: state\n",
    )
    .unwrap();
    f.warm();
    std::fs::remove_file(f.kb.join("more.yaml")).unwrap();
    let l = f.load();
    assert!(is_full_load(&l));
    assert!(l.kb.lookup("norway").is_none());
}

#[test]
fn a_corrupt_snapshot_is_refused_and_rewritten() {
    let f = Fixture::new();
    f.warm();
    let snap = f.snapshot();
    let mut bytes = std::fs::read(&snap).unwrap();
    // A byte inside the body, where a name's letters are: it would still be valid UTF-8.
    let at = bytes.len() - bytes.len() / 3;
    bytes[at] ^= 0x01;
    std::fs::write(&snap, &bytes).unwrap();
    let l = f.load();
    assert!(is_full_load(&l), "{:?}", l.from);
    assert_eq!(f.load().from, LoadedFrom::Snapshot);
}

#[test]
fn a_truncated_or_garbage_snapshot_is_refused() {
    let f = Fixture::new();
    f.warm();
    let snap = f.snapshot();
    let bytes = std::fs::read(&snap).unwrap();
    for cut in [0, 7, 40, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&snap, &bytes[..cut]).unwrap();
        assert!(is_full_load(&f.load()), "cut at {cut}");
        std::fs::write(&snap, &bytes[..cut]).unwrap();
    }
    std::fs::write(&snap, vec![0xA5u8; bytes.len()]).unwrap();
    assert!(is_full_load(&f.load()));
}

#[test]
fn a_snapshot_from_another_version_schema_or_root_is_refused() {
    let f = Fixture::new();
    f.warm();
    let snap = f.snapshot();
    let changes: [fn(&mut key::Key); 3] = [
        |k| k.version = "0.0.0-other".into(),
        |k| k.schema = "another-schema".into(),
        |k| k.root = b"/somewhere/else".to_vec(),
    ];
    for change in changes {
        let (mut k, body) = store::read(&snap, |_| true).unwrap();
        change(&mut k);
        store::write(&snap, &k, &body).unwrap();
        let l = f.load();
        assert_eq!(
            l.from,
            LoadedFrom::Yaml {
                why: "Foreign".into()
            }
        );
    }
    // A different format number in the prefix is refused before the key is even read.
    let mut bytes = std::fs::read(&snap).unwrap();
    bytes[8] = bytes[8].wrapping_add(1);
    std::fs::write(&snap, &bytes).unwrap();
    assert_eq!(
        f.load().from,
        LoadedFrom::Yaml {
            why: "Foreign".into()
        }
    );
}

#[test]
fn a_kb_with_problems_is_never_cached() {
    let f = Fixture::new();
    std::fs::write(f.kb.join("bad.yaml"), "actors:\n  - id: Bad Id\n").unwrap();
    assert!(f.cache().load(&f.kb, &Progress::default()).is_err());
    assert!(
        !f.cache_dir.exists(),
        "nothing written for a KB with problems"
    );
    // A cached KB that breaks reports its problems, not the old snapshot.
    std::fs::remove_file(f.kb.join("bad.yaml")).unwrap();
    f.warm();
    std::fs::write(f.kb.join("bad.yaml"), "actors:\n  - id: Bad Id\n").unwrap();
    let e = f.cache().load(&f.kb, &Progress::default()).err().unwrap();
    assert!(e.render().contains("bad.yaml"), "{}", e.render());
}

#[test]
fn a_fifo_in_the_kb_is_reported_not_waited_on() {
    let f = Fixture::new();
    let fifo = f.kb.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    let e = f.cache().load(&f.kb, &Progress::default()).err().unwrap();
    assert!(e.render().contains("not a regular file"), "{}", e.render());
}

#[test]
fn the_snapshot_is_named_by_the_canonical_path_and_shows_paths_as_given() {
    let f = Fixture::new();
    f.warm();
    let link = f.kb.with_file_name("kb-link");
    std::os::unix::fs::symlink(&f.kb, &link).unwrap();
    let l = f.cache().load(&link, &Progress::default()).unwrap();
    assert_eq!(l.from, LoadedFrom::Snapshot);
    assert_eq!(l.kb.label(), link.display().to_string());
    assert!(
        l.kb.files()[0]
            .display
            .starts_with(&link.display().to_string())
    );
}

#[test]
fn cache_off_neither_reads_nor_writes() {
    let f = Fixture::new();
    let l = Cache::Off.load(&f.kb, &Progress::default()).unwrap();
    assert!(is_full_load(&l) && l.note.is_none());
    f.warm();
    let l = Cache::Off.load(&f.kb, &Progress::default()).unwrap();
    assert!(is_full_load(&l));
}

#[test]
fn progress_counts_files_bytes_and_entities_of_a_full_load() {
    let f = Fixture::new();
    let p = Progress::default();
    f.cache().load(&f.kb, &p).unwrap();
    let s = p.snapshot();
    assert_eq!((s.files_total, s.files_done), (2, 2));
    assert_eq!(s.bytes_done, (ACTORS.len() + REST.len()) as u64);
    assert_eq!(s.bytes_total, s.bytes_done);
    assert_eq!(s.entities, 4);
}

// --- the command line ---

fn bin(cache_home: &Path) -> Command {
    let mut c = Command::cargo_bin("arctic-brief").unwrap();
    c.env_remove("ARCTIC_BRIEF_DATA")
        .env_remove("ARCTIC_BRIEF_NO_CACHE")
        .env("XDG_CACHE_HOME", cache_home);
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_cli_writes_then_uses_the_snapshot_with_the_same_answers() {
    let f = Fixture::new();
    let search = || {
        run(bin(&f.cache_dir)
            .args(["--data"])
            .arg(&f.kb)
            .args(["search", "lavrov"]))
    };
    let cold = search();
    assert_eq!(cold.0, 0, "{}", cold.2);
    assert_eq!(cold.2, "", "a successful cached load says nothing");
    f.snapshot();
    assert_eq!(search(), cold);
}

#[test]
fn no_cache_neither_writes_nor_needs_a_cache() {
    let f = Fixture::new();
    let (code, _, stderr) = run(bin(&f.cache_dir)
        .arg("--no-cache")
        .arg("--data")
        .arg(&f.kb)
        .arg("check"));
    assert_eq!((code, stderr.as_str()), (0, ""));
    let (code, _, _) = run(bin(&f.cache_dir)
        .env("ARCTIC_BRIEF_NO_CACHE", "1")
        .arg("--data")
        .arg(&f.kb)
        .arg("check"));
    assert_eq!(code, 0);
    assert!(!f.cache_dir.exists());
}

#[test]
fn an_unwritable_cache_dir_is_noted_once_and_the_tool_works() {
    let f = Fixture::new();
    // A file where the cache directory should be: unwritable even for root.
    std::fs::write(&f.cache_dir, "not a directory").unwrap();
    let (code, stdout, stderr) = run(bin(&f.cache_dir).arg("--data").arg(&f.kb).arg("check"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(": ok"), "{stdout}");
    assert_eq!(stderr.matches("note:").count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot write the snapshot cache"),
        "{stderr}"
    );
}

#[test]
fn no_cache_directory_at_all_is_noted_and_the_tool_works() {
    let f = Fixture::new();
    let (code, _, stderr) = run(bin(&f.cache_dir)
        .env_remove("XDG_CACHE_HOME")
        .env_remove("HOME")
        .arg("--data")
        .arg(&f.kb)
        .arg("check"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr.matches("note: no snapshot cache").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn a_missing_cache_dir_is_created() {
    let f = Fixture::new();
    let deep = f.cache_dir.join("not/yet/there");
    let (code, _, stderr) = run(bin(&deep).arg("--data").arg(&f.kb).arg("check"));
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_dir(deep.join("arctic-brief"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn two_processes_writing_at_once_leave_one_whole_snapshot() {
    let f = Fixture::new();
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("arctic-brief"))
            .env("XDG_CACHE_HOME", &f.cache_dir)
            .env_remove("ARCTIC_BRIEF_NO_CACHE")
            .arg("--data")
            .arg(&f.kb)
            .args(["list", "--kind", "actor"])
            .output()
            .unwrap()
    };
    for _ in 0..4 {
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(spawn);
            let b = s.spawn(spawn);
            (a.join().unwrap(), b.join().unwrap())
        });
        assert!(a.status.success() && b.status.success());
        assert_eq!(a.stdout, b.stdout);
        assert!(a.stderr.is_empty() && b.stderr.is_empty());
        f.snapshot();
        assert_eq!(f.load().from, LoadedFrom::Snapshot);
        std::fs::remove_file(f.snapshot()).unwrap();
    }
}

// --- the snapshot's sections and the stat-based key ---

fn why(l: &Loaded) -> String {
    match &l.from {
        LoadedFrom::Yaml { why } => why.clone(),
        other => panic!("not a full load: {other:?}"),
    }
}

/// The snapshot's bytes and where each section lies.
fn sections(snap: &Path) -> (Vec<u8>, Vec<std::ops::Range<usize>>) {
    let s = store::open(snap, |_| true).unwrap();
    let ranges = store::PARTS.iter().map(|p| s.section(*p)).collect();
    (std::fs::read(snap).unwrap(), ranges)
}

#[test]
fn each_section_is_checked_on_its_own() {
    let f = Fixture::new();
    f.warm();
    let snap = f.snapshot();
    let (bytes, ranges) = sections(&snap);
    for (part, range) in store::PARTS.iter().zip(ranges) {
        assert!(!range.is_empty(), "{part:?}");
        let mut damaged = bytes.clone();
        damaged[range.start + range.len() / 2] ^= 0x01;
        std::fs::write(&snap, &damaged).unwrap();
        // The actors' index is read only by an actor search; every other section by any load.
        let need = match part {
            store::Part::ActorIndex => Need::ActorSearch,
            _ => Need::All,
        };
        let l = f
            .cache()
            .load_for(&f.kb, &Progress::default(), need)
            .unwrap();
        assert!(
            why(&l).contains("a section fails its hash"),
            "{part:?}: {:?}",
            l.from
        );
        // Cut inside the section: the table no longer fits the file.
        std::fs::write(&snap, &bytes[..range.start + range.len() / 2]).unwrap();
        assert!(why(&f.load()).contains("truncated"), "{part:?}");
    }
    assert_eq!(f.load().from, LoadedFrom::Snapshot);
}

#[test]
fn an_actor_search_decodes_only_the_actors_index_and_the_actors() {
    let f = Fixture::new();
    f.warm();
    let snap = f.snapshot();
    let (mut bytes, ranges) = sections(&snap);
    let claims = ranges[store::PARTS
        .iter()
        .position(|p| *p == store::Part::Claims)
        .unwrap()]
    .clone();
    bytes[claims.start + claims.len() / 2] ^= 0x01;
    std::fs::write(&snap, &bytes).unwrap();
    let partial = f
        .cache()
        .load_for(&f.kb, &Progress::default(), Need::ActorSearch)
        .unwrap();
    assert_eq!(partial.from, LoadedFrom::SnapshotActors);
    let index = partial.index.as_ref().unwrap();
    let query = Query::parse("lavrov").unwrap();
    let scope = Scope {
        kind: Some(EntityKind::Actor),
        only: None,
    };
    let hits = index
        .search(&partial.kb, &query, &scope, None, &AtomicBool::new(false))
        .hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(partial.kb.id_of(hits[0].entity), "sergei-lavrov");
    // The whole KB needs the damaged section: refused, loaded again, rewritten.
    assert!(why(&f.load()).contains("a section fails its hash"));
    assert_eq!(f.load().from, LoadedFrom::Snapshot);
}

#[test]
fn sections_of_two_snapshots_do_not_mix() {
    let f = Fixture::new();
    f.warm();
    let snap = f.snapshot();
    let (old, old_ranges) = sections(&snap);
    let p = f.kb.join("actors.yaml");
    std::fs::write(&p, ACTORS.replace("Sergei Lavrov", "Sergei LAVROV")).unwrap();
    assert!(is_full_load(&f.load()));
    let (new, new_ranges) = sections(&snap);
    let actors = store::PARTS
        .iter()
        .position(|p| *p == store::Part::Actors)
        .unwrap();
    let (was, now) = (old_ranges[actors].clone(), new_ranges[actors].clone());
    assert_eq!(was.len(), now.len(), "an edit of the same length");
    assert_ne!(old[was.clone()], new[now.clone()]);
    // The old actors in the new snapshot: the header's hash of that section refuses them.
    let mut spliced = new.clone();
    spliced[now].copy_from_slice(&old[was]);
    std::fs::write(&snap, &spliced).unwrap();
    assert!(why(&f.load()).contains("a section fails its hash"));
    // The old section table too: the header's own hash, over the table and the key, refuses it.
    let mut spliced = new.clone();
    spliced[24..store::PREFIX].copy_from_slice(&old[24..store::PREFIX]);
    std::fs::write(&snap, &spliced).unwrap();
    assert!(why(&f.load()).contains("its header fails its hash"));
    let l = f.load();
    assert_eq!(l.from, LoadedFrom::Snapshot);
    let lavrov = l.kb.lookup("sergei-lavrov").unwrap();
    assert_eq!(l.kb.title_of(lavrov), "Sergei LAVROV");
}

/// Rewrites the snapshot's key through `change`, keeping its body.
fn rekey(snap: &Path, change: impl FnOnce(&mut key::Key)) {
    let (mut k, body) = store::read(snap, |_| true).unwrap();
    change(&mut k);
    store::write(snap, &k, &body).unwrap();
}

fn an_hour_after(k: &key::Key) -> u64 {
    let newest = k.files.iter().map(|f| f.ctime_ns.max(f.mtime_ns)).max();
    newest.unwrap() + 3_600_000_000_000
}

#[test]
#[cfg(unix)]
fn files_not_racy_are_trusted_by_their_stat_and_an_edit_still_changes_it() {
    let f = Fixture::new();
    f.warm();
    let snap = f.snapshot();
    // As if keyed an hour after the files last changed, with a content hash that no longer
    // matches: a file that is not racy is not read again, so the snapshot is still used...
    rekey(&snap, |k| {
        k.keyed_at_ns = an_hour_after(k);
        k.files[0].hash ^= 1;
    });
    assert_eq!(f.load().from, LoadedFrom::Snapshot);
    // ...and an edit keeping the size and the mtime still changes the file's ctime.
    rekey(&snap, |k| k.keyed_at_ns = an_hour_after(k));
    // Past one tick of the file system's clock since the file was written: in use, the racy
    // window (switched off above) covers an edit within the same tick.
    std::thread::sleep(Duration::from_millis(50));
    let p = f.kb.join("actors.yaml");
    let before = mtime(&p);
    std::fs::write(&p, ACTORS.replace("Sergei Lavrov", "Sergei LAVROV")).unwrap();
    set_mtime(&p, before);
    let l = f.load();
    assert_eq!(why(&l), "the KB changed");
    let lavrov = l.kb.lookup("sergei-lavrov").unwrap();
    assert_eq!(l.kb.title_of(lavrov), "Sergei LAVROV");
}

#[test]
fn a_racy_file_is_hashed_again() {
    let f = Fixture::new();
    f.warm();
    let snap = f.snapshot();
    // Keyed just now, the files changed just before: their stat may hide an edit within one
    // timestamp tick, so their content is checked.
    rekey(&snap, |k| k.files[1].hash ^= 1);
    assert_eq!(why(&f.load()), "the KB changed");
    assert_eq!(f.load().from, LoadedFrom::Snapshot);
}

#[test]
fn a_cli_actor_search_from_the_snapshot_answers_as_a_full_load() {
    let f = Fixture::new();
    for args in [
        &["search", "--kind", "actor", "lavrov"][..],
        &["search", "--kind", "actor", "--json", "russ"],
        &["search", "--kind", "actor", "lavrof"],
        &["search", "--kind", "actor", "lavrov", "kind:person"],
    ] {
        let search = |extra: &[&str]| {
            run(bin(&f.cache_dir)
                .args(extra)
                .arg("--data")
                .arg(&f.kb)
                .args(args))
        };
        let full = search(&["--no-cache"]);
        assert!(!full.1.is_empty(), "{args:?}: {full:?}");
        assert_eq!(search(&[]), full, "{args:?}: cold");
        assert_eq!(search(&[]), full, "{args:?}: warm");
        assert_eq!(search(&["--no-cache"]), full);
    }
}
