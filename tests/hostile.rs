//! The hostile-input corpus (`tests/fixtures/hostile/`, plus cases made here that git should not
//! hold): every KB is either refused with a precise message or loaded safely; for a KB that loads,
//! the bytes the browser writes to the terminal, its exported notes and its clipboard payloads hold
//! none of the escape sequences that came from the data.

mod common;

use assert_cmd::Command;
use common::pty::{Session, find};
use std::path::{Path, PathBuf};

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
}

/// `check` on `dir`: exit 1 and every fragment in stderr, which itself holds no raw controls.
fn refused(dir: &Path, fragments: &[&str]) {
    let out = Command::cargo_bin("arctic-brief")
        .unwrap()
        .args(["check", "--data"])
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}: {stderr}", dir.display());
    for f in fragments {
        assert!(
            stderr.contains(f),
            "{}: expected {f:?} in\n{stderr}",
            dir.display()
        );
    }
    assert!(
        !stderr
            .chars()
            .any(|c| c != '\n' && arctic_brief::text::is_unsafe_char(c)),
        "{stderr:?}"
    );
}

#[test]
fn refused_with_a_precise_message() {
    refused(
        &hostile("deep-nesting"),
        &[
            "kb.yaml:5:43",
            "nested more than 32 levels deep",
            "nested too deeply",
        ],
    );
    refused(
        &hostile("alias-bomb"),
        &[
            "kb.yaml:14:14",
            "YAML aliases expand this file beyond",
            "alias bomb",
        ],
    );
    refused(
        &hostile("duplicate-keys"),
        &[
            "kb.yaml:4:5",
            "field `name` appears twice",
            "kb.yaml:6:1",
            "`actors` appears twice",
        ],
    );
    refused(
        &hostile("non-utf8"),
        &[
            "kb.yaml:3:15",
            "not valid UTF-8 (byte 0xe9)",
            "3 |     name: \"caf\u{fffd}",
        ],
    );
    refused(
        &hostile("empty-files"),
        &[
            "empty.yaml:1:1",
            "comment-only.yml:1:1",
            "the file is empty",
        ],
    );
    refused(&hostile("no-yaml"), &["no `.yaml` or `.yml` files under"]);
}

#[test]
fn a_one_megabyte_string() {
    let dir = tempfile::tempdir().unwrap();
    let big = "\u{1b}[2J".repeat(1 << 18);
    std::fs::write(
        dir.path().join("kb.yaml"),
        format!(
            "actors:\n  - id: a\n    name: A\n    kind: person\n    summary: \"{}\"\n",
            big.replace('\u{1b}', "\\e")
        ),
    )
    .unwrap();
    refused(
        dir.path(),
        &["kb.yaml:5:14", "is too long", "the limit is 65536"],
    );
}

#[test]
fn a_symlink_loop_and_an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.yaml"),
        "actors:\n  - {id: a, name: A, kind: person}\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    refused(dir.path(), &["loops back"]);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.yaml"),
        "actors:\n  - {id: a, name: A, kind: person}\n",
    )
    .unwrap();
    let unreadable = dir.path().join("secret.yaml");
    // Permissions do not stop root; a file whose reads fail does (the process's own memory file
    // fails with an I/O error at offset 0).
    std::os::unix::fs::symlink("/proc/self/mem", &unreadable).unwrap();
    refused(dir.path(), &["secret.yaml", "cannot read file"]);
}

/// The browser on the hostile KB `name`, `cols` wide, exporting into a fresh directory.
fn browse(name: &str, cols: u16) -> (tempfile::TempDir, PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    let kb = hostile(name);
    let args = [
        "--data",
        kb.to_str().unwrap(),
        "--export-dir",
        exports.to_str().unwrap(),
    ];
    let s = Session::start(cols, 45, &args, &[]);
    (dir, exports, s)
}

#[test]
fn escapes_in_every_field_load_safely_and_never_reach_the_terminal_files_or_clipboard() {
    let (_dir, exports, mut s) = browse("escapes", 150);
    s.wait_for("Actors (2)");
    // The hostile text is on screen, as visible placeholders.
    s.wait_for("Evil Actor ␛[31m␛[2J␛]52;c;SGVsbG8=␇");
    s.wait_for("<U+202E>RLO");
    // Every pane and its Detail; export and copy one entity of each kind.
    for (tabs, id) in [
        (0, "evil-actor"),
        (1, "evil-meeting"),
        (2, "evil-claim"),
        (3, "evil-source"),
    ] {
        s.send(&b"\t".repeat(tabs));
        s.send(b"e");
        // The note is written off the UI thread: wait for its answer, not the "exporting" line.
        s.wait_for("exported ");
        s.wait_for(&format!("{id}.md"));
        s.send(b"y");
        s.wait_for("copied the note");
        s.send(b"\r");
        s.wait_for(&format!("· {id}"));
        // From Detail, Tab comes back round to Actors.
        s.send(b"\t");
    }
    // Links followed and back, a search, the jump popup, the help.
    s.send(b"\rj\rj\r\x7f\x7f");
    s.send(b"/evil");
    s.wait_for("/ links: evil");
    // Esc on its own (ESC followed at once by a key reads as Alt plus that key).
    s.send(b"\x1b");
    s.wait_for_gone("/ links: evil");
    s.send(b"\x10claim");
    s.wait_for("Jump to");
    s.send(b"\r?");
    s.wait_for("Esc or ? closes");
    s.send(b"\x1b");
    s.wait_for_gone("Esc or ? closes");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let raw = s.raw();
    for (what, seq) in [
        ("ESC [31m ESC [2J from the data", &b"\x1b[31m\x1b[2J"[..]),
        ("OSC 52 from the data", b"\x1b]52;c;SGVsbG8="),
        ("OSC 8 from the data", b"\x1b]8;;https://evil"),
        ("C1 CSI", "\u{9b}".as_bytes()),
        ("C1 NEL", "\u{85}".as_bytes()),
        ("backspace", b"\x08"),
        ("bidi override", "\u{202e}".as_bytes()),
        ("bidi isolate", "\u{2066}".as_bytes()),
        ("RLM", "\u{200f}".as_bytes()),
    ] {
        assert!(find(&raw, seq).is_none(), "{what} reached the terminal");
    }
    // No BEL at all, once our own OSC 52 sequences (which end with one) are taken out.
    let text = String::from_utf8_lossy(&raw).into_owned();
    let mut without_copies = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("\x1b]52;c;") {
        without_copies.push_str(&rest[..at]);
        let after = &rest[at..];
        rest = &after[after.find('\x07').map_or(after.len(), |i| i + 1)..];
    }
    without_copies.push_str(rest);
    assert!(
        !without_copies.contains('\x07'),
        "a BEL from the data reached the terminal"
    );
    // The exported notes are clean, and what was copied is exactly a clean note.
    let mut notes = Vec::new();
    for e in std::fs::read_dir(&exports).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && arctic_brief::text::is_unsafe_char(c)),
            "{text:?}"
        );
        assert!(!text.contains('\r') && !text.contains('\t'));
        notes.push(text);
    }
    assert_eq!(notes.len(), 4);
    let mut payloads = 0;
    for part in text.split("\x1b]52;c;").skip(1) {
        let payload = &part[..part.find('\x07').unwrap()];
        assert!(
            notes
                .iter()
                .any(|n| arctic_brief::export::clipboard::base64(n.as_bytes()) == payload),
            "a copied payload is not a clean note"
        );
        payloads += 1;
    }
    assert!(payloads >= 4, "{payloads}");
}

/// Runs the binary with `args` on the KB `dir`; stdout and stderr.
fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = Command::cargo_bin("arctic-brief")
        .unwrap()
        .args(args)
        .arg("--data")
        .arg(dir)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every way the CLI prints a KB: `list`, `search`, `board`, `show`, `export` and `graph` of every
/// entity, as text, Markdown, JSON, DOT and Mermaid; each labelled by its command line.
fn every_output(dir: &Path, ids: &[&str], query: &str) -> Vec<(String, String)> {
    let mut commands: Vec<Vec<&str>> = vec![
        vec!["check"],
        vec!["list"],
        vec!["list", "--json"],
        vec!["search", query, "--limit", "0"],
        vec!["search", query, "--limit", "0", "--json"],
        vec!["board"],
        vec!["board", "--json"],
        vec!["graph", "--all"],
        vec!["graph", "--all", "--format", "mermaid"],
        vec!["graph", "--all", "--format", "json"],
    ];
    for id in ids {
        commands.push(vec!["show", id]);
        commands.push(vec!["show", id, "--json"]);
        commands.push(vec!["export", id]);
        commands.push(vec!["export", id, "--format", "json"]);
        commands.push(vec!["graph", id, "--depth", "2"]);
        commands.push(vec!["graph", id, "--format", "mermaid"]);
    }
    commands
        .into_iter()
        .map(|args| {
            let (stdout, stderr) = run(dir, &args);
            assert!(!stdout.is_empty(), "{args:?}: no output; {stderr}");
            (args.join(" "), format!("{stdout}{stderr}"))
        })
        .collect()
}

#[test]
fn one_line_fields_cannot_forge_a_line_of_output() {
    let dir = hostile("forged-lines");
    let ids = [
        "forger",
        "outlet",
        "forged-meeting",
        "forged-claim",
        "forged-source",
    ];
    let outputs = every_output(&dir, &ids, "line1");
    for (what, out) in &outputs {
        for line in out.lines() {
            assert!(
                !line.trim_start().starts_with("error: fake"),
                "{what}: a forged line:\n{out}"
            );
        }
        assert!(arctic_brief::text::is_clean(out), "{what}: {out:?}");
    }
    // The text is there, on one line, with its newlines shown.
    let shown = "line1␤error: fake diagnostic␍␤error: fake CRLF<U+2028>error: fake LS<U+0085>";
    // (The corpus's claims have no links: its board is empty, and the board's own hostile test is
    // in `export::board`. Mermaid writes the placeholders' `<` `>` as entity codes, which render
    // back to the same text; its escaping is tested in `export::graph`.)
    for (what, out) in &outputs {
        if !what.contains("json") && what != "check" && what != "board" && !what.contains("mermaid")
        {
            assert!(out.contains(shown), "{what}:\n{out}");
        }
    }
    // The multi-line summary keeps its lines, under its label.
    let (show, _) = run(&dir, &["show", "forger"]);
    assert!(
        show.contains("  summary      summary line one\n               summary line two\n"),
        "{show}"
    );
}

#[test]
fn invisible_characters_show_as_placeholders_in_every_output() {
    let dir = hostile("invisible");
    let ids = [
        "ghost",
        "emoji",
        "ghost-meeting",
        "ghost-claim",
        "ghost-source",
    ];
    let outputs = every_output(&dir, &ids, "zero");
    let hidden = [
        '\u{200b}',
        '\u{2060}',
        '\u{ad}',
        '\u{feff}',
        '\u{e0041}',
        '\u{200e}',
        '\u{2068}',
        '\u{180e}',
        '\u{3164}',
    ];
    for (what, out) in &outputs {
        assert!(arctic_brief::text::is_clean(out), "{what}: {out:?}");
        assert!(!out.contains(hidden), "{what}: {out:?}");
        assert!(
            !out.contains("\u{fe0f}\u{fe0f}"),
            "{what}: a run of selectors"
        );
        if !what.contains("json") && what != "check" && what != "board" && !what.contains("mermaid")
        {
            // Notes escape `<` and `>` (a placeholder must not read as an HTML tag in Markdown).
            let shown = out.replace("&lt;", "<").replace("&gt;", ">");
            assert!(
                shown.contains("zero<U+200B>width word<U+2060>joiner soft<U+00AD>hyphen bom<U+FEFF> tag<U+E0041><U+E0042> vs\u{fe0f}<U+FE0F> zwj<U+200D>x"),
                "{what}:\n{out}"
            );
        }
    }
    // Emoji sequences and a Persian word keep their selectors and joiners.
    let emoji = "Fire ❤\u{fe0f}\u{200d}🔥 family 👨\u{200d}👩\u{200d}👧 Persian می\u{200c}خواهم";
    let (show, _) = run(&dir, &["show", "emoji"]);
    assert!(show.contains(emoji), "{show}");
    let (json, _) = run(&dir, &["show", "ghost", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["name"]
            .as_str()
            .unwrap()
            .starts_with("Ghost zero\u{200b}width"),
        "JSON keeps the data, escaped"
    );
}

#[test]
fn invisible_characters_show_in_the_browser_notes_and_clipboard() {
    let (_dir, exports, mut s) = browse("invisible", 200);
    s.wait_for("Actors (2)");
    s.wait_for("Ghost zero<U+200B>width word<U+2060>joiner");
    s.send(b"/ghost\r");
    s.wait_for("Role       zero<U+200B>width");
    s.send(b"e");
    // Written off the UI thread: wait for its answer, not the "exporting" line.
    s.wait_for("exported ");
    s.wait_for("ghost.md");
    s.send(b"y");
    s.wait_for("copied the note");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    for c in [
        '\u{200b}',
        '\u{2060}',
        '\u{ad}',
        '\u{feff}',
        '\u{e0041}',
        '\u{3164}',
    ] {
        assert!(!raw.contains(c), "{c:?} reached the terminal");
    }
    let note = std::fs::read_to_string(exports.join("ghost.md")).unwrap();
    assert!(arctic_brief::text::is_clean(&note), "{note:?}");
    assert!(note.contains("# Ghost zero&lt;U+200B&gt;width"), "{note}");
    let payload = arctic_brief::export::clipboard::base64(note.as_bytes());
    assert!(raw.contains(&payload), "the clipboard holds the clean note");
}

// --- Cost bounded by size (issue 12): inputs whose cost was out of proportion to their size.
// Sizes are kept small enough for a debug build; `benches/bounded.rs` doubles them and times.

/// Loads one in-memory file: the rendered diagnostics and the number of problems, or `None`
/// when it loads.
fn load_one(text: String) -> Option<(String, usize)> {
    let files = vec![("kb.yaml".to_string(), std::borrow::Cow::Owned(text))];
    match arctic_brief::kb::load_texts("t", files) {
        Ok(_) => None,
        Err(e) => Some((e.render(), e.problems)),
    }
}

fn actor(id: &str) -> String {
    format!("  - id: {id}\n    name: N\n    kind: person\n")
}

#[test]
fn an_alias_of_a_big_scalar_repeated_is_refused_at_the_alias_that_crosses_the_bound() {
    // The issue's case: one 64 KiB anchored scalar, aliased from a list 100k times in 366 KB.
    let big = "x".repeat(64 * 1024 - 1);
    let mut text = format!("actors:\n  - id: a\n    name: &big {big}\n    kind: person\n");
    text.push_str("    aliases:\n");
    for _ in 0..100_000 {
        text.push_str("      - *big\n");
    }
    let (out, n) = load_one(text).expect("refused");
    assert_eq!(n, 1, "{out}");
    // The list's bound (4 MiB) is crossed first, at its 65th alias, on line 70.
    assert!(
        out.contains("`aliases` of actor `a` holds too much text"),
        "{out}"
    );
    assert!(out.contains("kb.yaml:70:9"), "{out}");
    assert!(out.contains("70 |       - *big"), "{out}");

    // Spread over many entities, the file's bound stops it at one alias too.
    let mut text = format!("actors:\n  - id: a\n    name: &big {big}\n    kind: person\n");
    for i in 0..400 {
        text.push_str(&format!(
            "  - id: b{i}\n    name: *big\n    kind: person\n    role: *big\n"
        ));
    }
    let (out, n) = load_one(text).expect("refused");
    assert_eq!(n, 1, "{out}");
    assert!(
        out.contains("YAML aliases expand this file beyond"),
        "{out}"
    );
    let at = out.lines().find(|l| l.contains("-->")).unwrap();
    let line: usize = at.rsplit(':').nth(1).unwrap().parse().unwrap();
    let shown = out
        .lines()
        .find(|l| l.starts_with(&format!("{line} |")))
        .unwrap();
    assert!(shown.ends_with("*big"), "the caret is on an alias: {out}");
}

#[test]
fn a_list_or_an_entity_expanding_past_its_bound_is_refused() {
    // A file large enough (a 1 MB comment) that its own budget allows what one list may not.
    let pad = format!("# {}\n", "p".repeat(1 << 20));
    let big = "y".repeat(60_000);
    let aliases = vec!["*t"; 80].join(", ");
    let text = format!(
        "{pad}actors:\n  - id: a\n    name: &t {big}\n    kind: person\n    aliases: [{aliases}]\n"
    );
    let (out, _) = load_one(text).expect("refused");
    assert!(
        out.contains("`aliases` of actor `a` holds too much text (4200000 bytes by entry #70"),
        "{out}"
    );
    assert!(out.contains("kb.yaml:6:291"), "{out}");
    assert!(out.contains("^^ this entry crosses the bound"), "{out}");
    let half = vec!["*t"; 69].join(", ");
    let text = format!(
        "{pad}actors:\n  - id: a\n    name: &t {big}\n    kind: person\n    \
         aliases: [{half}]\n    tags: [{half}]\n    role: *t\n"
    );
    let (out, _) = load_one(text).expect("refused");
    assert!(
        out.contains("entry #1 of `actors` holds more than 8388608 bytes"),
        "{out}"
    );
    assert!(out.contains("kb.yaml:3:5"), "{out}");
}

#[test]
fn thousands_of_problems_of_one_kind_print_fifty_and_count_all() {
    let n = 2_000;
    let mut text = String::from("actors:\n");
    for i in 0..n {
        text.push_str(&format!("  - id: a{i}\n    name: N\n    knid: person\n"));
    }
    let (out, problems) = load_one(text).expect("refused");
    assert_eq!(problems, n);
    assert_eq!(out.matches("error: unknown field `knid`").count(), 50);
    assert!(out.contains("did you mean `kind`?"), "{out}");
    assert!(
        out.contains("= note: and 1,950 more like this in kb.yaml"),
        "{out}"
    );
    assert!(out.contains("2000 problems in 1 file"), "{out}");
    // The last shown is the 50th actor, at its own line.
    assert!(out.contains("kb.yaml:151:5"), "{out}");
    assert!(!out.contains("kb.yaml:154:5"), "{out}");
}

#[test]
fn a_meeting_with_many_participants_and_a_claim_supporting_many_claims_load() {
    let n = 20_000;
    let mut text = String::from("actors:\n");
    let mut claims = String::from("claims:\n");
    let mut ids = Vec::new();
    for i in 0..n {
        text.push_str(&actor(&format!("a{i}")));
        claims.push_str(&format!("  - {{id: c{i}, text: T, by: a0, source: s}}\n"));
        ids.push(format!("a{i}"));
    }
    let cids: Vec<String> = (1..n).map(|i| format!("c{i}")).collect();
    text.push_str(&format!(
        "meetings:\n  - id: m\n    title: T\n    status: held\n    participants: [{}]\n",
        ids.join(", ")
    ));
    text.push_str(&claims);
    text.push_str(&format!(
        "  - {{id: big, text: T, by: a0, source: s, supports: [{}]}}\n",
        cids.join(", ")
    ));
    text.push_str("sources:\n  - {id: s, title: S}\n");
    let files = vec![("kb.yaml".to_string(), std::borrow::Cow::Owned(text))];
    let kb = arctic_brief::kb::load_texts("t", files).expect("loads");
    let m = kb.lookup("m").unwrap();
    let parts = kb
        .relations(m)
        .into_iter()
        .find(|r| r.label == "Participants");
    assert_eq!(parts.unwrap().targets.len(), n);
    let big = kb.lookup("big").unwrap();
    let supports = kb
        .relations(big)
        .into_iter()
        .find(|r| r.label == "Supports");
    assert_eq!(supports.unwrap().targets.len(), n - 1);
}

#[test]
fn one_participant_repeated_many_times_is_reported_briefly() {
    let n = 20_000;
    let text = format!(
        "actors:\n{}meetings:\n  - id: m\n    title: T\n    status: held\n    participants: [{}]\n",
        actor("a"),
        vec!["a"; n].join(", ")
    );
    let (out, problems) = load_one(text).expect("refused");
    assert_eq!(problems, n - 1);
    assert_eq!(out.matches("is listed twice in `participants`").count(), 50);
    assert!(out.contains("and 19,949 more like this"), "{out}");
    assert!(out.len() < 50 * 1000, "{} bytes of diagnostics", out.len());
    // An unknown id repeated as often is one search for a suggestion, and as brief.
    let text = format!(
        "actors:\n{}meetings:\n  - id: m\n    title: T\n    status: held\n    participants: [{}]\n",
        actor("a"),
        (0..n)
            .map(|i| format!("zz{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (out, problems) = load_one(text).expect("refused");
    assert_eq!(problems, n);
    assert!(out.contains("and 19,950 more like this"), "{out}");
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    for open in ["[", "{a: ", "[{a: "] {
        let text = format!("actors:\n{}  tags: {}\n", actor("a"), open.repeat(100_000));
        let (out, n) = load_one(text).expect("refused");
        assert_eq!(n, 1);
        assert!(out.contains("nested more than 32 levels deep"), "{out}");
        assert!(out.contains("kb.yaml:5:"), "{out}");
    }
}

#[test]
fn a_huge_line_shows_only_the_part_around_the_spot() {
    // One line of flow YAML, 0.4 MB long, with its mistake at the very end.
    let mut text = String::from("{actors: [");
    for i in 0..10_000 {
        text.push_str(&format!("{{id: a{i}, name: N, kind: person}}, "));
    }
    text.push_str("{id: z, name: N, kind: persn}]}\n");
    let col = text.find("persn").unwrap() + 1;
    let (out, n) = load_one(text).expect("refused");
    assert_eq!(n, 1);
    assert!(out.contains(&format!("kb.yaml:1:{col}")), "{out}");
    assert!(out.contains("persn}]}"), "{out}");
    assert!(out.contains("did you mean `person`?"), "{out}");
    assert!(out.len() < 1000, "{out}");
    // A scalar far larger than any field is refused without being copied.
    let text = format!(
        "actors:\n{}    summary: {}\n",
        actor("a"),
        "s".repeat(2 << 20)
    );
    let (out, _) = load_one(text).expect("refused");
    assert!(out.contains("is too long (2097152 bytes"), "{out}");
    assert!(out.len() < 1000, "{out}");
}

#[test]
fn symlinks_are_followed_to_yaml_and_inside_the_kb_only() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir_all(kb.join("people")).unwrap();
    std::fs::write(kb.join("people/a.yaml"), format!("actors:\n{}", actor("a"))).unwrap();
    // Upper-case extensions are YAML too.
    std::fs::write(kb.join("B.YAML"), format!("actors:\n{}", actor("b"))).unwrap();
    std::fs::write(kb.join("c.Yml"), format!("actors:\n{}", actor("c"))).unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("d.yaml"), format!("actors:\n{}", actor("d"))).unwrap();
    let shared = dir.path().join("shared.yaml");
    std::fs::write(&shared, format!("actors:\n{}", actor("e"))).unwrap();
    let link =
        |target: &Path, name: &str| std::os::unix::fs::symlink(target, kb.join(name)).unwrap();
    link(Path::new("/nonexistent/notes.txt"), "dangling.txt");
    link(Path::new("/usr"), "usr");
    link(&outside, "outside");
    link(&kb.join("people"), "people-again");
    link(&shared, "shared.yaml");
    let loaded = arctic_brief::kb::load_path(&kb).expect("loads");
    let mut ids: Vec<&str> = loaded.actors().iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    // Not `d` (a directory outside the KB) nor anything under /usr; `a` once, though the link
    // to people/ reaches it again; the dangling link to a text file is skipped.
    assert_eq!(ids, ["a", "b", "c", "e"], "{ids:?}");
}

// --- Diagnostics that point at the cause (issue 12).

fn load_many(files: &[(&str, &str)]) -> arctic_brief::kb::LoadError {
    let files = files
        .iter()
        .map(|(n, t)| (n.to_string(), std::borrow::Cow::Owned(t.to_string())))
        .collect();
    arctic_brief::kb::load_texts("t", files).expect_err("refused")
}

#[test]
fn a_syntax_error_comes_first_and_its_consequences_say_so() {
    let leaders = "actors:\n  - id: putin\n    name: Putin\n    kind: person\n  - id: lavrov\n    name: \"Lavrov\n    kind: person\n";
    let claims = "claims:\n  - {id: c1, text: T, by: lavrov, source: s}\n  - {id: c2, text: T, by: putin, source: s}\nsources:\n  - {id: s, title: S}\n";
    let e = load_many(&[("a-claims.yaml", claims), ("people/leaders.yaml", leaders)]);
    let first = &e.diagnostics[0];
    assert!(
        first.location.as_ref().unwrap().file == "people/leaders.yaml",
        "{}",
        e.render()
    );
    let out = e.render();
    // `putin` parsed before the error, so it resolves; `lavrov` may be in the broken file.
    assert!(!out.contains("unknown actor `putin`"), "{out}");
    assert!(
        out.contains("may be defined in people/leaders.yaml, which failed to parse"),
        "{out}"
    );
    assert_eq!(e.problems, 2, "{out}");
}

#[test]
fn locations_are_right_with_a_bom_cr_line_breaks_and_control_characters() {
    let e = load_many(&[(
        "kb.yaml",
        "\u{feff}actors:\n  - id: a\n    name: A\n    kind: persn\n",
    )]);
    assert!(e.render().contains("kb.yaml:4:11"), "{}", e.render());
    let e = load_many(&[(
        "kb.yaml",
        "# note\ractors:\r  - id: a\r    name: A\r    kind: persn\r",
    )]);
    let out = e.render();
    assert!(out.contains("kb.yaml:5:11"), "{out}");
    assert!(out.contains("5 |     kind: persn"), "{out}");
    for (c, name) in [('\u{0}', "U+0000 (NUL)"), ('\u{1b}', "U+001B (ESC)")] {
        let text = format!("actors:\n  - id: a\n    name: \"A{c}B\"\n    kind: person\n");
        let out = load_many(&[("kb.yaml", &text)]).render();
        assert!(out.contains("kb.yaml:3:13"), "{out}");
        assert!(out.contains(name), "{out}");
    }
}

#[test]
fn suggestions_keep_the_data_as_written() {
    let out = load_many(&[(
        "kb.yaml",
        "actors:\n  - id: a\n    name: 0o17\n    kind: country\n    role: FALSE\nclaims:\n  - {id: c, text: T, by: a, source: s, mode: quotation, date: 2025-02-3}\nsources:\n  - {id: s, title: S}\n",
    )])
    .render();
    for want in [
        "quote it to keep it as written: '0o17'",
        "quote it to keep it as written: 'FALSE'",
        "did you mean `state`?",
        "did you mean `quote`?",
        "did you mean `2025-02-03`?",
    ] {
        assert!(out.contains(want), "{want}: {out}");
    }
}

#[test]
fn syntax_errors_show_the_line_a_caret_and_a_hint() {
    let out = load_many(&[("kb.yaml", "actors:\n  - id: a\n    name: Talks: day one\n")]).render();
    assert!(out.contains("kb.yaml:3:16"), "{out}");
    assert!(out.contains("3 |     name: Talks: day one"), "{out}");
    assert!(out.contains("quote the value"), "{out}");
    let out = load_many(&[("kb.yaml", "actors:\n  - id: a\n\tname: A\n")]).render();
    assert!(out.contains("replace the tab with spaces"), "{out}");
}

#[test]
fn repeats_in_any_list_are_reported() {
    let out = load_many(&[(
        "kb.yaml",
        "actors:\n  - id: a\n    name: A\n    kind: person\n    aliases: [X, X]\n    tags: [t, t]\n    inferred: [role, role]\n    role: R\n",
    )])
    .render();
    for key in ["aliases", "tags", "inferred"] {
        assert!(
            out.contains(&format!("is listed twice in `{key}`")),
            "{key}: {out}"
        );
    }
}
