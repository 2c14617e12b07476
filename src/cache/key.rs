//! What a snapshot is valid for: the binary and format it was written by, the KB's canonical root,
//! and every file's path (relative to the root), size, modification time, change time, inode and
//! content hash.
//!
//! Checking a snapshot does not re-read the KB: a file whose size, mtime, ctime and inode are
//! as recorded is unchanged, because any write to a file, and any change of its mtime
//! (`touch -r`, an editor restoring it), sets its ctime to the current time, which no program can
//! set back (short of changing the system clock). The one gap is the timestamps' granularity: a
//! file changed twice within one tick of its ctime could keep every stat field. So, as git does
//! for its index ("racily clean" entries), a file whose ctime or mtime falls within
//! [`RACY_WINDOW_NS`] of the moment the key was computed (or after it) is "racy" and its content
//! hash (XXH3-64, recorded for every file) is checked again on every read. Where there is no ctime
//! (non-Unix platforms) every file counts as racy, so its content is always hashed. The list of
//! paths is compared whole and in order, so an added, removed or renamed file changes the key even
//! when every byte of content is the same.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Bumped whenever the snapshot's layout or meaning changes in a way the schema hash cannot see
/// (the header's own layout, how keys are computed).
pub const FORMAT_VERSION: u32 = 2;

/// The binary's version, part of every key.
pub const BINARY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A hash of the source files that define what a snapshot holds (model, links, search index,
/// this module), computed by `build.rs`: a rebuilt binary whose types changed refuses old
/// snapshots even when its version number did not move.
pub const SCHEMA: &str = env!("ARCTIC_BRIEF_SCHEMA");

/// How close to the key's computation a file's timestamps must be for its stat to be distrusted:
/// two seconds, the coarsest timestamp of the file systems a KB may live on (FAT, SMB).
pub const RACY_WINDOW_NS: u64 = 2_000_000_000;

/// One KB file as it was when the snapshot was written.
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct FileKey {
    /// The path relative to the KB root, as raw bytes (file names need not be UTF-8).
    pub path: Vec<u8>,
    pub size: u64,
    /// Nanoseconds since the Unix epoch (0 when the platform has no mtime).
    pub mtime_ns: u64,
    /// The inode change time, nanoseconds since the Unix epoch (0 where there is none).
    pub ctime_ns: u64,
    /// The inode number (0 where there is none).
    pub ino: u64,
    /// XXH3-64 of the file's bytes.
    pub hash: u64,
}

/// Everything a snapshot must match, besides its own integrity.
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Key {
    pub format: u32,
    pub version: String,
    pub schema: String,
    /// The KB's canonical path, as raw bytes.
    pub root: Vec<u8>,
    /// When the key's computation began, nanoseconds since the Unix epoch: what makes a file
    /// racy (see the module's docs).
    pub keyed_at_ns: u64,
    pub files: Vec<FileKey>,
}

impl Key {
    /// Whether `self` and `other` describe the same files and binary (when each was computed
    /// aside).
    pub fn same_files(&self, other: &Key) -> bool {
        (
            self.format,
            &self.version,
            &self.schema,
            &self.root,
            &self.files,
        ) == (
            other.format,
            &other.version,
            &other.schema,
            &other.root,
            &other.files,
        )
    }
}

/// The KB root's canonical path (what names the snapshot), or `None` when it cannot be resolved.
pub fn canonical_root(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// The key of the KB at `root` made of `files` as they are now. `None` when a file cannot be read
/// (the full load then reports it precisely).
pub fn compute(root: &Path, canonical: &Path, files: &[PathBuf]) -> Option<Key> {
    let keyed_at_ns = now_ns();
    let mut buf = Vec::new();
    let mut keys = Vec::with_capacity(files.len());
    for f in files {
        keys.push(file_key(root, f, &mut buf)?);
    }
    Some(Key {
        format: FORMAT_VERSION,
        version: BINARY_VERSION.to_string(),
        schema: SCHEMA.to_string(),
        root: canonical.as_os_str().as_encoded_bytes().to_vec(),
        keyed_at_ns,
        files: keys,
    })
}

fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Whether the snapshot keyed `then` is still valid for the KB at `root` made of `files`: the same
/// binary, root and file list, every file's stat as recorded, and every racy file's content hash
/// as recorded. Reads no file that is not racy.
pub fn still_valid(then: &Key, root: &Path, canonical: &Path, files: &[PathBuf]) -> bool {
    if then.format != FORMAT_VERSION
        || then.version != BINARY_VERSION
        || then.schema != SCHEMA
        || then.root != canonical.as_os_str().as_encoded_bytes()
        || then.files.len() != files.len()
    {
        return false;
    }
    let mut buf = Vec::new();
    files.iter().zip(&then.files).all(|(f, was)| {
        let Some(file) = open_regular(f) else {
            return false;
        };
        let Some(now) = file.metadata().ok().map(|m| Stat::of(&m)) else {
            return false;
        };
        let racy = now.ctime_ns == 0
            || now
                .ctime_ns
                .max(now.mtime_ns)
                .saturating_add(RACY_WINDOW_NS)
                >= then.keyed_at_ns;
        relative(root, f) == was.path.as_slice()
            && (now.size, now.mtime_ns, now.ctime_ns, now.ino)
                == (was.size, was.mtime_ns, was.ctime_ns, was.ino)
            && (!racy || hash_of(file, now.size, &mut buf) == Some(was.hash))
    })
}

/// The stat fields of a key.
struct Stat {
    size: u64,
    mtime_ns: u64,
    ctime_ns: u64,
    ino: u64,
}

impl Stat {
    fn of(meta: &std::fs::Metadata) -> Stat {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        #[cfg(unix)]
        let (ctime_ns, ino) = {
            use std::os::unix::fs::MetadataExt;
            let ns = (meta.ctime() as u64)
                .saturating_mul(1_000_000_000)
                .saturating_add(meta.ctime_nsec() as u64);
            (ns, meta.ino())
        };
        #[cfg(not(unix))]
        let (ctime_ns, ino) = (0, 0);
        Stat {
            size: meta.len(),
            mtime_ns,
            ctime_ns,
            ino,
        }
    }
}

/// `path` relative to the KB root, as raw bytes (the file's own name when the KB is one file).
fn relative<'a>(root: &Path, path: &'a Path) -> &'a [u8] {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = if rel.as_os_str().is_empty() {
        path.file_name().map_or(path, Path::new)
    } else {
        rel
    };
    rel.as_os_str().as_encoded_bytes()
}

/// XXH3-64 of the whole of `file`, which should be `size` bytes long; `buf` is reused between
/// files so hashing allocates once. `None` when it cannot be read or is too large.
fn hash_of(mut file: std::fs::File, size: u64, buf: &mut Vec<u8>) -> Option<u64> {
    // The loader refuses larger files with a message; do not read them whole first.
    if size > crate::kb::MAX_FILE_BYTES {
        return None;
    }
    buf.clear();
    // Hash what is read, not what the metadata said: a file growing between the two is caught
    // by the size check against the bytes actually hashed.
    file.read_to_end(buf).ok()?;
    (buf.len() as u64 == size).then(|| xxhash_rust::xxh3::xxh3_64(buf))
}

/// One file's key; `buf` is reused between files so hashing allocates once.
fn file_key(root: &Path, path: &Path, buf: &mut Vec<u8>) -> Option<FileKey> {
    let file = open_regular(path)?;
    let stat = Stat::of(&file.metadata().ok()?);
    let hash = hash_of(file, stat.size, buf)?;
    Some(FileKey {
        path: relative(root, path).to_vec(),
        size: stat.size,
        mtime_ns: stat.mtime_ns,
        ctime_ns: stat.ctime_ns,
        ino: stat.ino,
        hash,
    })
}

/// Opens `path` only if it is a regular file. Opened non-blocking, so a FIFO named `*.yaml` (which
/// the loader refuses with a message) cannot hang the key's computation.
fn open_regular(path: &Path) -> Option<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    file.metadata().ok()?.is_file().then_some(file)
}

/// The snapshot's file name for a KB root: a hash of its canonical path, so any root maps to a
/// fixed-length, filesystem-safe name (the header repeats the full path against collisions).
pub fn snapshot_name(canonical: &Path) -> String {
    let h = xxhash_rust::xxh3::xxh3_64(canonical.as_os_str().as_encoded_bytes());
    format!("{h:016x}.snap")
}
