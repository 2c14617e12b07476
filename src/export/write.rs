//! Writing an export safely: atomically (a temporary file in the same directory, then a rename or
//! a hard link), never replacing an existing file without consent, and never leaving a stray
//! temporary file behind from this or an earlier, interrupted run.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why an export was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file exists and overwriting was not allowed; it is untouched.
    Exists(PathBuf),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{} exists; not overwritten", p.display()),
            WriteError::Io { path, error } => {
                write!(f, "cannot write {}: {}", path.display(), reason(error))
            }
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Exists(_) => None,
            WriteError::Io { error, .. } => Some(error),
        }
    }
}

fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "no such directory".into(),
        io::ErrorKind::StorageFull => "no space left on the device".into(),
        io::ErrorKind::ReadOnlyFilesystem => "read-only file system".into(),
        _ => e.to_string(),
    }
}

const TMP_MARK: &str = ".arctic-brief-tmp-";

fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}{TMP_MARK}{}-{n}", std::process::id()))
}

/// Removes temporary files an interrupted earlier export of `path` left behind.
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}{TMP_MARK}", name.to_string_lossy());
    let own = format!("{prefix}{}-", std::process::id());
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && !n.starts_with(&own) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes `contents` to `path` atomically. Without `overwrite`, an existing `path` is left as it
/// is and [`WriteError::Exists`] returned.
pub fn write_atomic(path: &Path, contents: &[u8], overwrite: bool) -> Result<(), WriteError> {
    let io_err = |error: io::Error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    remove_stale_temps(path);
    if !overwrite && path.exists() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let temp = temp_path(path);
    let result = (|| -> Result<(), WriteError> {
        // create_new: never follow or reuse a file someone else put at the temporary name.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(io_err)?;
        f.write_all(contents).map_err(io_err)?;
        f.sync_all().map_err(io_err)?;
        drop(f);
        if overwrite {
            return std::fs::rename(&temp, path).map_err(io_err);
        }
        // A hard link fails if the target exists: no window in which another file is clobbered.
        match std::fs::hard_link(&temp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists(path.to_path_buf()))
            }
            // File systems without hard links: check, then rename.
            Err(_) if !path.exists() => std::fs::rename(&temp, path).map_err(io_err),
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

    #[test]
    fn stale_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!(".x.md{TMP_MARK}99999999-0"));
        std::fs::write(&stale, b"half a note").unwrap();
        write_atomic(&dir.path().join("x.md"), b"whole", false).unwrap();
        assert!(leftovers(dir.path()).is_empty());
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
