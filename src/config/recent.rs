//! Recently visited entities, kept per KB in the state dir
//! (`$XDG_STATE_HOME/arctic-brief/recent/`), so the jump popup lists them first next time too.
//! One file per KB, named by a hash of the KB's path; its first line names the KB for a human
//! reading the directory, then one id per line, newest first. The file is untrusted input: only
//! valid ids that name an entity of the KB are taken, at most [`MAX`].

use crate::kb::{EntityRef, Kb, is_valid_id};
use std::path::{Path, PathBuf};

/// The most ids kept.
pub const MAX: usize = 50;

/// The most bytes read from a recent file (50 ids of 64 bytes, a path, with room to spare).
const MAX_BYTES: u64 = 64 * 1024;

/// The file that keeps `kb_path`'s recent entities (`None`: the bundled briefing) under `dir`.
pub fn file_for(dir: &Path, kb_path: Option<&Path>) -> PathBuf {
    let key = match kb_path {
        None => "bundled".to_string(),
        Some(p) => {
            let full = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            format!("{:016x}", fnv1a(full.to_string_lossy().as_bytes()))
        }
    };
    dir.join("recent").join(format!("{key}.txt"))
}

/// FNV-1a: stable across runs and platforms, unlike the standard library's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The entities of `kb` the file lists, newest first; nothing when it is missing or unreadable.
pub fn load(file: &Path, kb: &Kb) -> Vec<EntityRef> {
    use std::io::Read;
    let mut text = String::new();
    let read = std::fs::File::open(file).and_then(|f| f.take(MAX_BYTES).read_to_string(&mut text));
    if read.is_err() {
        return Vec::new();
    }
    let mut out: Vec<EntityRef> = Vec::new();
    for id in text.lines().skip(1).map(str::trim) {
        if out.len() == MAX {
            break;
        }
        if let Some(e) = is_valid_id(id).then(|| kb.lookup(id)).flatten()
            && !out.contains(&e)
        {
            out.push(e);
        }
    }
    out
}

/// Writes `recent` for the KB at `kb_path` (atomically: a reader never sees half a file).
pub fn save(
    file: &Path,
    kb_path: Option<&Path>,
    kb: &Kb,
    recent: &[EntityRef],
) -> std::io::Result<()> {
    let name = kb_path.map_or_else(
        || "the bundled briefing".into(),
        |p| p.display().to_string(),
    );
    // The header is one line whatever the path holds.
    let mut text = format!(
        "# arctic-brief: recently visited in {}\n",
        name.replace(['\r', '\n'], "?")
    );
    for e in recent.iter().take(MAX) {
        text.push_str(kb.id_of(*e));
        text.push('\n');
    }
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension("txt.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_entities_round_trip_per_kb_and_bad_lines_are_dropped() {
        let kb = crate::kb::load_bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = file_for(dir.path(), None);
        assert!(load(&file, &kb).is_empty());
        let a = kb.lookup("sergei-lavrov").unwrap();
        let b = kb.lookup("russia").unwrap();
        save(&file, None, &kb, &[a, b]).unwrap();
        assert_eq!(load(&file, &kb), vec![a, b]);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            text + "no-such-id\nBad Id\nsergei-lavrov\n\u{1b}[2J\n",
        )
        .unwrap();
        assert_eq!(load(&file, &kb), vec![a, b]);
        let other = file_for(dir.path(), Some(Path::new("/some/kb")));
        assert_ne!(other, file);
        assert_eq!(other, file_for(dir.path(), Some(Path::new("/some/kb"))));
        assert!(load(&other, &kb).is_empty());
    }
}
