//! The whole KB as an Obsidian vault (`export --all DIR`): one note per entity in a folder per kind
//! (`Actors/`, `Meetings/`, `Claims/`, `Sources/`), named by its human name or title, plus an
//! index note per kind. Every wiki link names a note in the vault; front-matter references are
//! `[[Name]]` links, tags are Obsidian tags.
//!
//! [`plan`] is pure: it names every note ([`Names`]) and builds its text. [`write`] puts the plan
//! on disk and keeps a manifest (`.arctic-brief-vault.json`) of the notes it wrote, so a re-run
//! rewrites changed notes, removes the notes of deleted entities it wrote before, and never touches
//! any other file (a file in the way that it did not write is left alone and reported).

use super::markdown::{self, Cx, wiki};
use super::write::{WriteError, write_note};
use crate::kb::{EntityKind, EntityRef, Kb};
use crate::text;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// The manifest of the notes a vault export wrote, relative to the vault.
pub const MANIFEST: &str = ".arctic-brief-vault.json";

/// Longest note name, in characters (file systems allow 255 bytes; this leaves room for `.md`
/// and multi-byte characters).
const MAX_NAME: usize = 60;

/// Every entity's note name in the vault, unique without regard to case.
pub struct Names {
    by_kind: [Vec<String>; 4],
}

fn kind_index(k: EntityKind) -> usize {
    match k {
        EntityKind::Actor => 0,
        EntityKind::Meeting => 1,
        EntityKind::Claim => 2,
        EntityKind::Source => 3,
    }
}

fn entity_index(e: EntityRef) -> usize {
    match e {
        EntityRef::Actor(x) => x.index(),
        EntityRef::Meeting(x) => x.index(),
        EntityRef::Claim(x) => x.index(),
        EntityRef::Source(x) => x.index(),
    }
}

/// The folder (and index note) of a kind.
pub fn folder(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Actor => "Actors",
        EntityKind::Meeting => "Meetings",
        EntityKind::Claim => "Claims",
        EntityKind::Source => "Sources",
    }
}

/// Text as a file name Obsidian and every common file system accept: no path or link syntax,
/// no control characters, no leading dot, at most [`MAX_NAME`] characters (cut at a word).
pub fn file_name(t: &str) -> String {
    let cleaned: String = text::line(t)
        .chars()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#' | '^' | '[' | ']' => ' ',
            '\u{2424}' => ' ',
            c => c,
        })
        .collect();
    let mut out = String::new();
    for word in cleaned.split_whitespace() {
        let extra = word.chars().count() + usize::from(!out.is_empty());
        if out.chars().count() + extra > MAX_NAME {
            if out.is_empty() {
                out = word.chars().take(MAX_NAME).collect();
            }
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_matches(|c: char| c == '.' || c == ' ').to_string()
}

/// The name an entity would like: an actor's name, a title, or for a claim its speaker and words.
fn wanted(kb: &Kb, e: EntityRef) -> String {
    let raw = match e {
        EntityRef::Claim(c) => {
            let c = kb.claim(c);
            format!("{} – {}", kb.actor(c.by).name, c.text)
        }
        _ => kb.title_of(e).to_string(),
    };
    let name = file_name(&raw);
    let reserved = matches!(
        name.to_ascii_uppercase().split('.').next().unwrap_or(""),
        "CON"
            | "PRN"
            | "AUX"
            | "NUL"
            | "COM1"
            | "LPT1"
            | "ACTORS"
            | "MEETINGS"
            | "CLAIMS"
            | "SOURCES"
    );
    if name.is_empty() || reserved {
        kb.id_of(e).to_string()
    } else {
        name
    }
}

impl Names {
    /// Names every entity: its wanted name, or where several want the same one (case aside),
    /// each of them that name with its id, `Name (id)`.
    pub fn new(kb: &Kb) -> Names {
        let all = kb.sorted(None);
        let wants: Vec<String> = all.iter().map(|e| wanted(kb, *e)).collect();
        let mut count: HashMap<String, usize> = HashMap::new();
        for w in &wants {
            *count.entry(w.to_lowercase()).or_default() += 1;
        }
        // The index notes' names are reserved by `wanted`.
        let mut used: HashSet<String> = HashSet::new();
        let mut by_kind: [Vec<String>; 4] = [
            vec![String::new(); kb.actors().len()],
            vec![String::new(); kb.meetings().len()],
            vec![String::new(); kb.claims().len()],
            vec![String::new(); kb.sources().len()],
        ];
        for (e, w) in all.iter().zip(wants) {
            let mut name = if count[&w.to_lowercase()] > 1 {
                format!("{w} ({})", kb.id_of(*e))
            } else {
                w
            };
            // A `Name (id)` that still meets another name: number it (only contrived KBs get here).
            let base = name.clone();
            let mut n = 2;
            while !used.insert(name.to_lowercase()) {
                name = format!("{base} {n}");
                n += 1;
            }
            by_kind[kind_index(e.kind())][entity_index(*e)] = name;
        }
        Names { by_kind }
    }

    pub fn get(&self, e: EntityRef) -> &str {
        &self.by_kind[kind_index(e.kind())][entity_index(e)]
    }

    /// The note's path in the vault, relative.
    pub fn path(&self, e: EntityRef) -> PathBuf {
        Path::new(folder(e.kind())).join(format!("{}.md", self.get(e)))
    }
}

/// The index note of one kind: every entity of it as a link, in the order `list` uses.
fn index_note(cx: &Cx, kind: EntityKind) -> String {
    let items = cx.kb.sorted(Some(kind));
    let mut out = format!(
        "---\nkind: index\nof: {}\n---\n\n# {}\n\n{} {}.\n\n",
        kind.plural(),
        folder(kind),
        items.len(),
        kind.plural()
    );
    for e in items {
        let _ = writeln!(out, "- {}", wiki(cx, e, &super::link_line(cx.kb, e)));
    }
    out
}

/// Every note of the vault: relative path and text, sorted by path.
pub fn plan(kb: &Kb) -> Vec<(PathBuf, String)> {
    let names = Names::new(kb);
    let cx = Cx {
        kb,
        vault: Some(&names),
    };
    let mut notes: Vec<(PathBuf, String)> = kb
        .sorted(None)
        .into_iter()
        .map(|e| (names.path(e), markdown::note_in(&cx, e)))
        .collect();
    for k in [
        EntityKind::Actor,
        EntityKind::Meeting,
        EntityKind::Claim,
        EntityKind::Source,
    ] {
        notes.push((
            PathBuf::from(format!("{}.md", folder(k))),
            index_note(&cx, k),
        ));
    }
    notes.sort_by(|a, b| a.0.cmp(&b.0));
    notes
}

/// What a vault export did.
#[derive(Debug, Default)]
pub struct Report {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Files in the way that this export did not write before: left as they are.
    pub skipped: Vec<PathBuf>,
}

/// A manifest entry is trusted only as a plain relative path inside the vault.
fn inside(p: &Path) -> bool {
    !p.as_os_str().is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

fn read_manifest(dir: &Path) -> BTreeSet<PathBuf> {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else {
        return BTreeSet::new();
    };
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v.get("notes")
        .and_then(|n| n.as_array())
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(PathBuf::from))
        .filter(|p| inside(p))
        .collect()
}

fn write_manifest(dir: &Path, owned: &BTreeSet<PathBuf>) -> Result<(), WriteError> {
    let notes: Vec<String> = owned
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let v = serde_json::json!({ "written_by": "arctic-brief export --all", "notes": notes });
    let text = serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    write_note(&dir.join(MANIFEST), text.as_bytes(), true)
}

/// Writes `notes` (from [`plan`]) into `dir`, as the module docs describe.
pub fn write(dir: &Path, notes: &[(PathBuf, String)]) -> Result<Report, WriteError> {
    if dir.is_file() {
        return Err(WriteError::Io {
            path: dir.to_path_buf(),
            error: std::io::Error::other("is a file, not a directory"),
        });
    }
    let before = read_manifest(dir);
    let mut owned = BTreeSet::new();
    let mut report = Report::default();
    for (rel, text) in notes {
        let path = dir.join(rel);
        let existing = std::fs::symlink_metadata(&path).ok();
        if existing.is_some() && !before.contains(rel) {
            report.skipped.push(rel.clone());
            continue;
        }
        owned.insert(rel.clone());
        let same = existing.is_some_and(|m| m.is_file())
            && std::fs::read(&path).is_ok_and(|b| b == text.as_bytes());
        if same {
            report.unchanged += 1;
        } else {
            write_note(&path, text.as_bytes(), true)?;
            report.written += 1;
        }
    }
    for gone in before.difference(&owned) {
        if std::fs::remove_file(dir.join(gone)).is_ok() {
            report.removed += 1;
        }
    }
    write_manifest(dir, &owned)?;
    Ok(report)
}
