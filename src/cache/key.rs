//! What a snapshot is valid for: the binary and format it was written by, the KB's canonical root,
//! and every file's path (relative to the root), size, modification time and content hash.
//!
//! The content hash (XXH3-64 of the whole file) is what makes the key safe: size and mtime alone
//! miss an edit that keeps both (an editor restoring the mtime, `touch -r`, two writes within one
//! timestamp tick). Size and mtime are kept too, so a `touch` also counts as a change, as users of
//! make-like tools expect. The list of paths is compared whole and in order, so an added, removed
//! or renamed file changes the key even when every byte of content is the same.

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

/// One KB file as it was when the snapshot was written.
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct FileKey {
    /// The path relative to the KB root, as raw bytes (file names need not be UTF-8).
    pub path: Vec<u8>,
    pub size: u64,
    /// Nanoseconds since the Unix epoch (0 when the platform has no mtime).
    pub mtime_ns: u64,
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
    pub files: Vec<FileKey>,
}

/// The KB root's canonical path (what names the snapshot), or `None` when it cannot be resolved.
pub fn canonical_root(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// The key of the KB at `root` made of `files` as they are now. `None` when a file cannot be read
/// (the full load then reports it precisely).
pub fn compute(root: &Path, canonical: &Path, files: &[PathBuf]) -> Option<Key> {
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
        files: keys,
    })
}

/// One file's key; `buf` is reused between files so hashing allocates once.
fn file_key(root: &Path, path: &Path, buf: &mut Vec<u8>) -> Option<FileKey> {
    let mut file = open_regular(path)?;
    let meta = file.metadata().ok()?;
    // The loader refuses larger files with a message; do not read them whole first.
    if meta.len() > crate::kb::MAX_FILE_BYTES {
        return None;
    }
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    buf.clear();
    // Hash what is read, not what the metadata said: a file growing between the two is caught
    // by the size check against the bytes actually hashed.
    file.read_to_end(buf).ok()?;
    if buf.len() as u64 != meta.len() {
        return None;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = if rel.as_os_str().is_empty() {
        path.file_name().map_or(path, Path::new)
    } else {
        rel
    };
    Some(FileKey {
        path: rel.as_os_str().as_encoded_bytes().to_vec(),
        size: meta.len(),
        mtime_ns,
        hash: xxhash_rust::xxh3::xxh3_64(buf),
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
