//! Writing an export safely: atomically (a temporary file in the same directory, then a rename or
//! a hard link), never replacing an existing file without consent, never writing through a
//! symlink, and never leaving a stray temporary file behind from this or an earlier, interrupted
//! run.
//!
//! Temporary files are named `.arctic-brief-tmp-<pid>-<n>-<nanos>`, independent of the target's
//! name, so a legal 250-byte file name stays legal. While a process writes one it holds an
//! exclusive lock on it; cleanup removes only temporary files that are both older than
//! [`STALE_AFTER`] and unlocked (their writer is gone), so concurrent exports of the same file never
//! delete each other's work.
//!
//! `overwrite` (the CLI's `--force`) replaces a regular file or a symlink; a symlink is replaced
//! by the new file (the file it points to is untouched). A read-only file is never replaced: its
//! mode says someone meant to keep it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How old an unlocked temporary file must be before cleanup treats it as abandoned.
pub const STALE_AFTER: Duration = Duration::from_secs(600);

/// Why an export was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file exists and overwriting was not allowed; it is untouched.
    Exists(PathBuf),
    /// The path names a directory.
    IsDir(PathBuf),
    /// The file is read-only; even with overwrite it is left as it is.
    ReadOnly(PathBuf),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{} exists; not overwritten", p.display()),
            WriteError::IsDir(p) => write!(
                f,
                "{} is a directory; name a file in it, e.g. {}",
                p.display(),
                p.join("note.md").display()
            ),
            WriteError::ReadOnly(p) => write!(
                f,
                "{} is read-only; not overwritten (make it writable to replace it)",
                p.display()
            ),
            WriteError::Io { path, error } => {
                write!(f, "cannot write {}: {}", path.display(), reason(error))
            }
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "no such directory".into(),
        io::ErrorKind::StorageFull => "no space left on the device".into(),
        io::ErrorKind::ReadOnlyFilesystem => "read-only file system".into(),
        io::ErrorKind::InvalidFilename => "file name too long or invalid".into(),
        _ => e.to_string(),
    }
}

const TMP_MARK: &str = ".arctic-brief-tmp-";

fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    dir_of(path).join(format!("{TMP_MARK}{}-{n}-{nanos}", std::process::id()))
}

/// Whether a temporary file was abandoned: old, and no process holds its lock.
fn abandoned(p: &Path) -> bool {
    let old = std::fs::symlink_metadata(p)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age >= STALE_AFTER);
    old && std::fs::File::open(p).is_ok_and(|f| f.try_lock().is_ok())
}

/// Removes temporary files that interrupted earlier exports left in `path`'s directory.
fn remove_stale_temps(path: &Path) {
    let Ok(entries) = std::fs::read_dir(dir_of(path)) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        if n.starts_with('.') && n.contains(TMP_MARK) && abandoned(&e.path()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// What is at `path` now, and whether the write may go ahead.
fn check_target(path: &Path, overwrite: bool) -> Result<(), WriteError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(WriteError::IsDir(path.to_path_buf()));
    }
    if !overwrite {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    if meta.is_file() && meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    Ok(())
}

/// Writes `contents` to `path` atomically. Without `overwrite`, an existing `path` is left as it
/// is and [`WriteError::Exists`] returned.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: bool) -> Result<(), WriteError> {
    let io_err = |error: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    if path.is_dir() {
        return Err(WriteError::IsDir(path.to_path_buf()));
    }
    remove_stale_temps(path);
    check_target(path, overwrite)?;
    let temp = temp_path(path);
    let result = (|| -> Result<(), WriteError> {
        // create_new: never follow or reuse a file someone else put at the temporary name.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(io_err)?;
        // Held until `f` is dropped: tells other processes' cleanup this file is in use.
        let _ = f.try_lock();
        f.write_all(contents).map_err(io_err)?;
        f.sync_all().map_err(io_err)?;
        if overwrite {
            // rename replaces a symlink itself, never the file it points to.
            return std::fs::rename(&temp, path).map_err(io_err);
        }
        // A hard link fails if the target exists: no window in which another file is clobbered.
        match std::fs::hard_link(&temp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists(path.to_path_buf()))
            }
            // File systems without hard links: check, then rename.
            Err(_) if std::fs::symlink_metadata(path).is_err() => {
                std::fs::rename(&temp, path).map_err(io_err)
            }
            Err(_) => Err(WriteError::Exists(path.to_path_buf())),
        }
    })();
    let _ = std::fs::remove_file(&temp);
    result
}

/// Writes a note to `path` as [`write_atomic`] does, first creating its directory when missing.
pub fn write_note(path: &Path, contents: &[u8], overwrite: bool) -> Result<(), WriteError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(dir)
    {
        return Err(WriteError::Io {
            path: dir.to_path_buf(),
            error,
        });
    }
    write_atomic(path, contents, overwrite)
}

/// The export file for entity id `id` in `dir`. The name comes from the validated id alone (a
/// slug: no separators, no dots), so the path cannot leave `dir`.
pub fn note_path(dir: &Path, id: &str, extension: &str) -> Option<PathBuf> {
    if !crate::kb::is_valid_id(id) {
        return None;
    }
    Some(dir.join(format!("{id}.{extension}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(TMP_MARK))
            .collect()
    }

    #[test]
    fn writes_refuses_and_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        write_atomic(&p, b"one", false).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        assert!(matches!(
            write_atomic(&p, b"two", false),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"one", "untouched");
        write_atomic(&p, b"three", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        assert!(leftovers(dir.path()).is_empty());
    }

    fn age(p: &Path, by: Duration) {
        let f = std::fs::File::options().write(true).open(p).unwrap();
        f.set_modified(std::time::SystemTime::now() - by).unwrap();
    }

    #[test]
    fn abandoned_temporary_files_are_removed_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!(".x.md{TMP_MARK}99999999-0"));
        let stale2 = dir.path().join(format!("{TMP_MARK}99999999-1-5"));
        let fresh = dir.path().join(format!("{TMP_MARK}99999998-0-7"));
        for p in [&stale, &stale2, &fresh] {
            std::fs::write(p, b"half a note").unwrap();
        }
        age(&stale, STALE_AFTER * 2);
        age(&stale2, STALE_AFTER * 2);
        write_atomic(&dir.path().join("x.md"), b"whole", false).unwrap();
        assert_eq!(
            leftovers(dir.path()),
            vec![fresh.file_name().unwrap().to_string_lossy()]
        );
    }

    #[test]
    fn a_locked_old_temporary_file_is_in_use_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let busy = dir.path().join(format!("{TMP_MARK}99999997-0-1"));
        std::fs::write(&busy, b"being written").unwrap();
        age(&busy, STALE_AFTER * 2);
        let holder = std::fs::File::open(&busy).unwrap();
        holder.lock().unwrap();
        write_atomic(&dir.path().join("y.md"), b"whole", false).unwrap();
        assert!(busy.exists(), "another writer's temporary file was removed");
    }

    #[test]
    fn concurrent_forced_writes_each_succeed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("same.md");
        let bodies: Vec<Vec<u8>> = (0..16u8).map(|i| vec![b'a' + i; 4096]).collect();
        std::thread::scope(|s| {
            for b in &bodies {
                let p = &p;
                s.spawn(move || write_atomic(p, b, true).unwrap());
            }
        });
        assert!(bodies.contains(&std::fs::read(&p).unwrap()));
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_250_byte_file_name_works() {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("{}.md", "n".repeat(247));
        assert_eq!(name.len(), 250);
        write_atomic(&dir.path().join(&name), b"x", false).unwrap();
        write_atomic(&dir.path().join(&name), b"y", true).unwrap();
        assert_eq!(std::fs::read(dir.path().join(&name)).unwrap(), b"y");
    }

    #[test]
    fn a_directory_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        for force in [false, true] {
            let e = write_atomic(dir.path(), b"x", force).unwrap_err();
            assert!(matches!(e, WriteError::IsDir(_)), "{e}");
            assert!(e.to_string().contains("is a directory"), "{e}");
        }
    }

    #[test]
    fn read_only_files_are_kept_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("keep.md");
        std::fs::write(&p, b"mine").unwrap();
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&p, perm).unwrap();
        let e = write_atomic(&p, b"new", true).unwrap_err();
        assert!(e.to_string().contains("read-only"), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"mine");
    }

    #[cfg(unix)]
    #[test]
    fn force_replaces_a_symlink_never_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, b"precious").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(matches!(
            write_atomic(&link, b"note", false),
            Err(WriteError::Exists(_))
        ));
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(matches!(
            write_atomic(&dangling, b"note", false),
            Err(WriteError::Exists(_))
        ));
        assert!(!dir.path().join("nowhere").exists());
        write_atomic(&link, b"note", true).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"precious");
        assert!(!std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&link).unwrap(), b"note");
    }

    #[test]
    fn errors_name_the_path_and_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/dir/x.md");
        let e = write_atomic(&missing, b"x", false).unwrap_err();
        assert!(e.to_string().contains("no/such/dir/x.md"), "{e}");
        assert!(e.to_string().contains("no such directory"), "{e}");
    }

    #[test]
    fn paths_cannot_leave_the_directory() {
        let dir = Path::new("exports");
        assert_eq!(
            note_path(dir, "sergei-lavrov", "md").unwrap(),
            Path::new("exports/sergei-lavrov.md")
        );
        for bad in ["../etc/passwd", "a/b", "..", ".hidden", "", "A"] {
            assert!(note_path(dir, bad, "md").is_none(), "{bad}");
        }
    }
}
