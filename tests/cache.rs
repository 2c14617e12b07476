//! The snapshot cache is never stale: every kind of change to a KB's files falls back to a full
//! load (and rewrites the snapshot), a damaged or foreign snapshot is refused, a KB with problems
//! is never cached, and the tool works (saying so once) when the cache cannot be written.
//! Every test uses its own temporary cache directory.

use arctic_brief::cache::{Cache, Loaded, LoadedFrom, key, store};
use arctic_brief::kb::{EntityRef, Kb, Progress};
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
