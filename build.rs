//! Compiles the bundled briefing (`data/**/*.yaml`) into the binary, so an installed
//! `arctic-brief` works from any directory. Edits under `data/` are picked up at the next build.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// A hash of the sources that define the snapshot cache's contents, so a binary whose types changed
/// never reads a snapshot written by one whose types did not (see `src/cache/key.rs`).
fn schema_hash(root: &Path) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in [
        "src/kb/model.rs",
        "src/kb/links.rs",
        "src/search/mod.rs",
        "src/cache/key.rs",
        "src/cache/store.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
        std::fs::read(root.join(f)).unwrap_or_default().hash(&mut h);
    }
    println!("cargo:rustc-env=ARCTIC_BRIEF_SCHEMA={:016x}", h.finish());
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets this"));
    let data = root.join("data");
    println!("cargo:rerun-if-changed=data");
    schema_hash(&root);
    let mut files = Vec::new();
    collect(&data, &mut files);
    files.sort();
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root).expect("under the manifest dir");
        let shown = rel.to_string_lossy().replace('\\', "/");
        code.push_str(&format!(
            "    ({shown:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets this")).join("bundled.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
