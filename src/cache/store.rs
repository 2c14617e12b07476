//! The snapshot file: a header (a fixed prefix with the section table, then the key), and the
//! body as sections (the search index, the actors' index, actors, meetings, claims, sources,
//! links), each archived
//! with rkyv on its own. A reader memory-maps the file, checks the prefix, the file's length and
//! the header's hash, decodes the key, and only then checks, validates and decodes the sections
//! it needs, each against its own hash: a truncated, corrupt or foreign file, or a section spliced
//! from another snapshot, is refused, never trusted. Writing goes to a unique temporary file
//! renamed into place, so concurrent writers and readers only ever see a whole snapshot.
//!
//! Layout (little-endian): `MAGIC` (8 bytes), format (u32), key length (u32), header hash (u64,
//! XXH3-64 of the section table and the key bytes), the section table (per section in [`PARTS`]
//! order: length u64, XXH3-64 u64), zero padding to [`PREFIX`] bytes; the key, then each section,
//! each padded to 16 bytes. The header hash binds every section's hash to this key, so sections
//! of two snapshots cannot be mixed without the header's hash failing.

use super::key::{FORMAT_VERSION, Key};
use crate::kb::{Actor, Claim, Links, Meeting, Source};
use crate::search::Index;
use rkyv::rancor;
use rkyv::ser::writer::IoWriter;
use std::io::{Seek, Write};
use std::ops::Range;
use std::path::Path;

const MAGIC: &[u8; 8] = b"ABSNAPv\0";
const ALIGN: usize = 16;
/// Where the section table starts.
const TABLE: usize = 24;
/// The prefix's length: magic, format, key length, header hash, table, padding.
pub const PREFIX: usize = 256;

/// What a snapshot holds besides its key: everything a load computes that is costly to redo.
pub struct Body {
    pub actors: Vec<Actor>,
    pub meetings: Vec<Meeting>,
    pub claims: Vec<Claim>,
    pub sources: Vec<Source>,
    pub links: Links,
    pub index: Index,
    /// The index of a KB made of the actors alone: what `search --kind actor` reads (a fraction
    /// of [`Body::index`], which holds every kind's text). `None` only when a reader did not
    /// decode it; [`write`] refuses a body without it.
    pub actor_index: Option<Index>,
}

/// The sections of a snapshot, in file order: the search index first (what a search reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Index,
    ActorIndex,
    Actors,
    Meetings,
    Claims,
    Sources,
    Links,
}

/// Every section, in file order.
pub const PARTS: [Part; 7] = [
    Part::Index,
    Part::ActorIndex,
    Part::Actors,
    Part::Meetings,
    Part::Claims,
    Part::Sources,
    Part::Links,
];

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

fn archive<T>(value: &T) -> std::io::Result<rkyv::util::AlignedVec>
where
    T: for<'a> rkyv::Serialize<
            rkyv::api::high::HighSerializer<
                rkyv::util::AlignedVec,
                rkyv::ser::allocator::ArenaHandle<'a>,
                rancor::Error,
            >,
        >,
{
    rkyv::to_bytes::<rancor::Error>(value).map_err(|e| std::io::Error::other(e.to_string()))
}

/// The file a snapshot is written to.
type Out = std::io::BufWriter<std::fs::File>;

/// Archives `value` straight into `f` as one section (hashed and counted on the way, then
/// padded), so a section's bytes are never held in memory: at 100k actors the search index's
/// section alone is over 140 MB. Returns the section's length and hash for the table.
fn write_section<'f, T>(f: &'f mut Out, value: &T) -> std::io::Result<(u64, u64)>
where
    T: for<'a> rkyv::Serialize<
            rkyv::api::high::HighSerializer<
                IoWriter<Hashed<&'f mut Out>>,
                rkyv::ser::allocator::ArenaHandle<'a>,
                rancor::Error,
            >,
        >,
{
    let hashed = Hashed {
        out: f,
        hash: xxhash_rust::xxh3::Xxh3::new(),
        len: 0,
    };
    let hashed = rkyv::api::high::to_bytes_in::<_, rancor::Error>(value, IoWriter::new(hashed))
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .into_inner();
    let (len, hash) = (hashed.len, hashed.hash.digest());
    let f = hashed.out;
    let len_usize = usize::try_from(len).map_err(std::io::Error::other)?;
    f.write_all(&[0u8; ALIGN][..padded(len_usize) - len_usize])?;
    Ok((len, hash))
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

/// Writes `key` and `body` to `path` atomically (a temporary file in the same directory, then a
/// rename). Each section is archived straight into the file, so no section's bytes are held in
/// memory next to the model they archive. Errors are returned, never panicked on: a cache is optional.
pub fn write(path: &Path, key: &Key, body: &Body) -> std::io::Result<()> {
    let key_bytes = archive(key)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("snap");
    let tmp = dir.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        f.write_all(&[0u8; PREFIX])?;
        write_padded(&mut f, &key_bytes)?;
        let mut table = Vec::with_capacity(PARTS.len() * 16);
        for part in PARTS {
            let (len, hash) = match part {
                Part::Index => write_section(&mut f, &body.index)?,
                Part::ActorIndex => match &body.actor_index {
                    Some(index) => write_section(&mut f, index)?,
                    None => return Err(std::io::Error::other("a body without its actor index")),
                },
                Part::Actors => write_section(&mut f, &body.actors)?,
                Part::Meetings => write_section(&mut f, &body.meetings)?,
                Part::Claims => write_section(&mut f, &body.claims)?,
                Part::Sources => write_section(&mut f, &body.sources)?,
                Part::Links => write_section(&mut f, &body.links)?,
            };
            table.extend_from_slice(&len.to_le_bytes());
            table.extend_from_slice(&hash.to_le_bytes());
        }
        let mut prefix = Vec::with_capacity(PREFIX);
        prefix.extend_from_slice(MAGIC);
        prefix.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        prefix.extend_from_slice(&(key_bytes.len() as u32).to_le_bytes());
        prefix.extend_from_slice(&header_hash(&table, &key_bytes).to_le_bytes());
        prefix.extend_from_slice(&table);
        prefix.resize(PREFIX, 0);
        f.seek(std::io::SeekFrom::Start(0))?;
        f.write_all(&prefix)?;
        f.into_inner().map_err(|e| e.into_error())?.flush()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

fn write_padded(f: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    f.write_all(bytes)?;
    f.write_all(&[0u8; ALIGN][..padded(bytes.len()) - bytes.len()])
}

fn header_hash(table: &[u8], key: &[u8]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(table);
    h.update(key);
    h.digest()
}

/// An open snapshot whose header is sound and whose key was accepted; its sections are checked
/// only when read.
pub struct Snapshot {
    /// The file, mapped read-only. Snapshots are only ever replaced by a rename, never written
    /// in place, so the mapped bytes do not change under a reader (see [`open`]).
    map: memmap2::Mmap,
    key: Key,
    sections: [(Range<usize>, u64); PARTS.len()],
}

/// Opens the snapshot at `path`: checks its prefix, length and header hash, decodes its key, and
/// returns it when `accept` approves the key.
pub fn open(path: &Path, accept: impl FnOnce(&Key) -> bool) -> Result<Snapshot, Refused> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(Refused::Unreadable(e.to_string())),
    };
    let len = file.metadata().map_or(0, |m| m.len());
    if len < PREFIX as u64 {
        return Err(Refused::Damaged("shorter than its prefix"));
    }
    // SAFETY: the map is read-only and private to this process. This binary never writes a
    // snapshot in place (a new one is written aside and renamed over it), so the mapped file's
    // bytes stay as they were; every byte read from the map is then checked (hashes, rkyv
    // validation) before it is trusted. Only another program truncating the file while it is
    // mapped could fault a read, as with any memory-mapped reader (ripgrep's, git's).
    let map =
        unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Refused::Unreadable(e.to_string()))?;
    parse(map, accept)
}

fn parse(map: memmap2::Mmap, accept: impl FnOnce(&Key) -> bool) -> Result<Snapshot, Refused> {
    if &map[..8] != MAGIC {
        return Err(Refused::Damaged("not a snapshot"));
    }
    let word = |at: usize| u32::from_le_bytes(map[at..at + 4].try_into().unwrap_or_default());
    let long = |at: usize| u64::from_le_bytes(map[at..at + 8].try_into().unwrap_or_default());
    if word(8) != FORMAT_VERSION {
        return Err(Refused::Foreign);
    }
    let key_len = word(12) as usize;
    let mut sections: [(Range<usize>, u64); PARTS.len()] = Default::default();
    let mut at = (PREFIX as u64).saturating_add(padded(key_len) as u64);
    for (i, s) in sections.iter_mut().enumerate() {
        let (len, hash) = (long(TABLE + 16 * i), long(TABLE + 16 * i + 8));
        let end = at.saturating_add(len);
        if end > map.len() as u64 {
            return Err(Refused::Damaged("truncated"));
        }
        *s = (at as usize..end as usize, hash);
        at = end.div_ceil(ALIGN as u64) * ALIGN as u64;
    }
    if at != map.len() as u64 {
        return Err(Refused::Damaged("truncated or extended"));
    }
    let table = &map[TABLE..TABLE + 16 * PARTS.len()];
    let key_bytes = &map[PREFIX..PREFIX + key_len];
    if header_hash(table, key_bytes) != long(16) {
        return Err(Refused::Damaged("its header fails its hash"));
    }
    let key: Key = rkyv::from_bytes::<Key, rancor::Error>(key_bytes)
        .map_err(|_| Refused::Damaged("its key does not decode"))?;
    if !accept(&key) {
        return Err(Refused::Foreign);
    }
    Ok(Snapshot { map, key, sections })
}

impl Snapshot {
    /// The key the snapshot was written under.
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// Where one section lies in the file (for tests and diagnostics).
    pub fn section(&self, part: Part) -> Range<usize> {
        self.sections[part as usize].0.clone()
    }

    /// The bytes of one section, once they pass their hash.
    fn bytes(&self, part: Part) -> Result<&[u8], Refused> {
        let (range, hash) = &self.sections[part as usize];
        let bytes = &self.map[range.clone()];
        if xxhash_rust::xxh3::xxh3_64(bytes) != *hash {
            return Err(Refused::Damaged("a section fails its hash"));
        }
        Ok(bytes)
    }

    /// Checks, validates and decodes one section as a `T` (the type [`write`] archived there).
    fn decode<T>(&self, part: Part) -> Result<T, Refused>
    where
        T: rkyv::Archive,
        T::Archived: for<'a> rkyv::bytecheck::CheckBytes<rkyv::api::high::HighValidator<'a, rancor::Error>>
            + rkyv::Deserialize<T, rkyv::api::high::HighDeserializer<rancor::Error>>,
    {
        rkyv::from_bytes::<T, rancor::Error>(self.bytes(part)?)
            .map_err(|_| Refused::Damaged("a section does not validate"))
    }

    /// The search index alone.
    pub fn index(&self) -> Result<Index, Refused> {
        self.decode(Part::Index)
    }

    /// The index of the actors alone (see [`Body::actor_index`]).
    pub fn actor_index(&self) -> Result<Index, Refused> {
        self.decode(Part::ActorIndex)
    }

    /// The actors alone.
    pub fn actors(&self) -> Result<Vec<Actor>, Refused> {
        self.decode(Part::Actors)
    }

    /// Every section (the actor index only `with_actor_index`), decoded on two threads (the
    /// claims and the links on one; the rest on the other): decoding allocates every string, and
    /// is a warm start's main cost.
    pub fn body(&self, with_actor_index: bool) -> Result<Body, Refused> {
        std::thread::scope(|s| {
            let other = s.spawn(|| {
                let claims = self.decode::<Vec<Claim>>(Part::Claims)?;
                Ok::<_, Refused>((claims, self.decode::<Links>(Part::Links)?))
            });
            let index = self.index()?;
            let actors = self.decode(Part::Actors)?;
            let meetings = self.decode(Part::Meetings)?;
            let sources = self.decode(Part::Sources)?;
            let actor_index = match with_actor_index {
                true => Some(self.actor_index()?),
                false => None,
            };
            let (claims, links) = other
                .join()
                .map_err(|_| Refused::Damaged("a section does not decode"))??;
            Ok(Body {
                actors,
                meetings,
                claims,
                sources,
                links,
                index,
                actor_index,
            })
        })
    }
}

/// Reads the key of the snapshot at `path` and, when `accept` approves it, the whole body.
pub fn read(path: &Path, accept: impl FnOnce(&Key) -> bool) -> Result<(Key, Body), Refused> {
    let snap = open(path, accept)?;
    let body = snap.body(true)?;
    Ok((snap.key, body))
}
