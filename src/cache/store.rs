//! The snapshot file: a fixed prefix, the key, then the body (model, link index, search index),
//! both archived with rkyv. Reading checks the prefix, the key, the body's length and hash before
//! rkyv validates and decodes it, so a truncated, corrupt or foreign file is refused, never
//! trusted. Writing goes to a unique temporary file renamed into place, so concurrent writers
//! and readers only ever see a whole snapshot.
//!
//! Layout (little-endian): `MAGIC` (8 bytes), format (u32), key length (u32), body length (u64),
//! body hash (u64, XXH3-64), the key padded to 16 bytes, the body.

use super::key::{FORMAT_VERSION, Key};
use crate::kb::{Actor, Claim, Links, Meeting, Source};
use crate::search::Index;
use rkyv::rancor;
use rkyv::ser::writer::IoWriter;
use rkyv::util::AlignedVec;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

const MAGIC: &[u8; 8] = b"ABSNAPv\0";
const PREFIX: usize = 32;
const ALIGN: usize = 16;

/// What a snapshot holds besides its key: everything a load computes that is costly to redo.
#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Body {
    pub actors: Vec<Actor>,
    pub meetings: Vec<Meeting>,
    pub claims: Vec<Claim>,
    pub sources: Vec<Source>,
    pub links: Links,
    pub index: Index,
}

/// Why a snapshot was not used; shown only in traces and tests, never as a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Unreadable(String),
    /// Wrong magic, truncated, a failed hash or validation.
    Damaged(&'static str),
    /// Written by another binary, schema or format, or for another root.
    Foreign,
}

fn padded(n: usize) -> usize {
    n.div_ceil(ALIGN) * ALIGN
}

/// Writes `key` and `body` to `path` atomically (a temporary file in the same directory, then a
/// rename). The body is archived straight into the file, hashed and counted on the way, and the
/// prefix is written last: a 100k-actor body is 200 MB, which must not be held in memory next to
/// the model it archives. Errors are returned, never panicked on: a cache is optional.
pub fn write(path: &Path, key: &Key, body: &Body) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("snap");
    let tmp = dir.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()));
    let written = write_file(&tmp, key, body).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

fn write_file(tmp: &Path, key: &Key, body: &Body) -> std::io::Result<()> {
    let to_io = |e: rancor::Error| std::io::Error::other(e.to_string());
    let key_bytes = rkyv::to_bytes::<rancor::Error>(key).map_err(to_io)?;
    let mut f = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(tmp)?);
    // The prefix's place, filled in once the body's length and hash are known.
    f.write_all(&[0u8; PREFIX])?;
    f.write_all(&key_bytes)?;
    f.write_all(&[0u8; ALIGN][..padded(key_bytes.len()) - key_bytes.len()])?;
    let hashed = Hashed {
        out: f,
        hash: xxhash_rust::xxh3::Xxh3::new(),
        len: 0,
    };
    let hashed = rkyv::api::high::to_bytes_in::<_, rancor::Error>(body, IoWriter::new(hashed))
        .map_err(to_io)?
        .into_inner();
    let mut prefix = Vec::with_capacity(PREFIX);
    prefix.extend_from_slice(MAGIC);
    prefix.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    prefix.extend_from_slice(&(key_bytes.len() as u32).to_le_bytes());
    prefix.extend_from_slice(&hashed.len.to_le_bytes());
    prefix.extend_from_slice(&hashed.hash.digest().to_le_bytes());
    let mut f = hashed.out.into_inner().map_err(|e| e.into_error())?;
    f.seek(SeekFrom::Start(0))?;
    f.write_all(&prefix)?;
    f.flush()
}

/// Passes bytes on to `out`, hashing and counting them.
struct Hashed<W> {
    out: W,
    hash: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hash.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Reads the key of the snapshot at `path` and, when `accept` approves it, the body.
pub fn read(path: &Path, accept: impl FnOnce(&Key) -> bool) -> Result<(Key, Body), Refused> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(Refused::Unreadable(e.to_string())),
    };
    let file_len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut prefix = [0u8; PREFIX];
    f.read_exact(&mut prefix)
        .map_err(|_| Refused::Damaged("shorter than its prefix"))?;
    if &prefix[..8] != MAGIC {
        return Err(Refused::Damaged("not a snapshot"));
    }
    let word = |at: usize| u32::from_le_bytes(prefix[at..at + 4].try_into().unwrap_or_default());
    let long = |at: usize| u64::from_le_bytes(prefix[at..at + 8].try_into().unwrap_or_default());
    if word(8) != FORMAT_VERSION {
        return Err(Refused::Foreign);
    }
    let (key_len, body_len, body_hash) = (word(12) as usize, long(16), long(24));
    let expected = PREFIX as u64 + padded(key_len) as u64 + body_len;
    if file_len != expected {
        return Err(Refused::Damaged("truncated or extended"));
    }
    let key_bytes = read_aligned(&mut f, padded(key_len))?;
    let key: Key = rkyv::from_bytes::<Key, rancor::Error>(&key_bytes[..key_len])
        .map_err(|_| Refused::Damaged("its key does not decode"))?;
    if !accept(&key) {
        return Err(Refused::Foreign);
    }
    let body_bytes = read_aligned(&mut f, body_len as usize)?;
    if xxhash_rust::xxh3::xxh3_64(&body_bytes) != body_hash {
        return Err(Refused::Damaged("its body fails its hash"));
    }
    let body = decode_body(&body_bytes)?;
    Ok((key, body))
}

fn read_aligned(f: &mut std::fs::File, len: usize) -> Result<AlignedVec, Refused> {
    let mut buf = AlignedVec::<ALIGN>::with_capacity(len);
    buf.resize(len, 0);
    f.read_exact(&mut buf)
        .map_err(|_| Refused::Damaged("shorter than it says"))?;
    Ok(buf)
}

/// Validates the archived body, then decodes its parts on two threads (the claims, the largest
/// part, on one; the rest on the other): decoding allocates every string, and is the warm
/// start's main cost.
fn decode_body(bytes: &[u8]) -> Result<Body, Refused> {
    let archived = rkyv::access::<ArchivedBody, rancor::Error>(bytes)
        .map_err(|_| Refused::Damaged("its body does not validate"))?;
    let bad = |_| Refused::Damaged("its body does not decode");
    std::thread::scope(|s| {
        let claims = s.spawn(|| rkyv::deserialize::<Vec<Claim>, rancor::Error>(&archived.claims));
        let actors =
            rkyv::deserialize::<Vec<Actor>, rancor::Error>(&archived.actors).map_err(bad)?;
        let meetings =
            rkyv::deserialize::<Vec<Meeting>, rancor::Error>(&archived.meetings).map_err(bad)?;
        let sources =
            rkyv::deserialize::<Vec<Source>, rancor::Error>(&archived.sources).map_err(bad)?;
        let links = rkyv::deserialize::<Links, rancor::Error>(&archived.links).map_err(bad)?;
        let index = rkyv::deserialize::<Index, rancor::Error>(&archived.index).map_err(bad)?;
        let claims = claims
            .join()
            .map_err(|_| Refused::Damaged("its body does not decode"))?
            .map_err(bad)?;
        Ok(Body {
            actors,
            meetings,
            claims,
            sources,
            links,
            index,
        })
    })
}
