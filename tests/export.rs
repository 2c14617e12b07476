//! Exported notes: golden files for each kind, front matter that reads back, JSON with the
//! documented shape, overwrite refusal (CLI and TUI flows), unwritable directories, and hostile
//! KB text that never reaches a file or the clipboard.

use arctic_brief::app::driver::{SyncRunner, dispatch};
use arctic_brief::app::{Action, App, Effect, Mode, Msg, update};
use arctic_brief::export::{clipboard, json, markdown};
use arctic_brief::kb::{self, Kb};
use assert_cmd::Command;
use std::borrow::Cow;

fn bundled() -> Kb {
    kb::load_bundled().unwrap()
}

fn note(kb: &Kb, id: &str) -> String {
    markdown::note(kb, kb.lookup(id).unwrap())
}

/// The front matter of a note, parsed.
fn front_matter(note: &str) -> serde_yaml::Mapping {
    let rest = note
        .strip_prefix("---\n")
        .expect("starts with front matter");
    let end = rest.find("\n---\n").expect("front matter ends");
    serde_yaml::from_str(&rest[..end + 1]).expect("front matter is valid YAML")
}

#[test]
fn golden_actor_note() {
    insta::assert_snapshot!(note(&bundled(), "sergei-lavrov"));
}

#[test]
fn golden_meeting_note() {
    insta::assert_snapshot!(note(&bundled(), "istanbul-embassy-staffing-meeting"));
}

#[test]
fn golden_claim_note() {
    insta::assert_snapshot!(note(&bundled(), "wedge-hope"));
}

#[test]
fn golden_source_note() {
    insta::assert_snapshot!(note(&bundled(), "caliber-az-arctic-cooperation"));
}

#[test]
fn front_matter_reads_back() {
    let kb = bundled();
    for e in kb.sorted(None) {
        let n = markdown::note(&kb, e);
        let fm = front_matter(&n);
        assert_eq!(fm.get("id").and_then(|v| v.as_str()), Some(kb.id_of(e)));
        assert_eq!(
            fm.get("kind").and_then(|v| v.as_str()),
            Some(e.kind().as_str())
        );
    }
    let fm = front_matter(&note(&kb, "wedge-hope"));
    assert_eq!(fm.get("grade").and_then(|v| v.as_str()), Some("F3"));
    assert_eq!(fm.get("status").and_then(|v| v.as_str()), Some("reported"));
    let fm = front_matter(&note(&kb, "sergei-lavrov"));
    let aliases: Vec<&str> = fm["aliases"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(aliases.contains(&"Сергей Лавров"));
    assert_eq!(
        fm["sources"][0].as_str(),
        Some("caliber-az-arctic-cooperation")
    );
    let fm = front_matter(&note(&kb, "istanbul-embassy-staffing-meeting"));
    assert_eq!(fm.get("date").and_then(|v| v.as_str()), Some("2025-02-27"));
}

#[test]
fn notes_are_deterministic() {
    let a = bundled();
    let b = bundled();
    for e in a.sorted(None) {
        assert_eq!(
            markdown::note(&a, e),
            markdown::note(&b, b.lookup(a.id_of(e)).unwrap())
        );
    }
}

#[test]
fn every_claim_in_a_note_is_attributed_and_cited() {
    let kb = bundled();
    let n = note(&kb, "sergei-lavrov");
    assert!(
        n.contains("— Sergei Lavrov, per Caliber.Az; reported; grade C3[^1]"),
        "{n}"
    );
    assert!(n.contains("[^1]: Vugar Khalilov, \"Media: US, Russia consider joint exploration of natural resources in Arctic\", Caliber.Az, 2025 (inferred), via foreign media"));
    let n = note(&kb, "caliber-az-arctic-cooperation");
    let claim_lines = n
        .lines()
        .filter(|l| l.starts_with("- [[") && l.contains(" — "))
        .count();
    assert_eq!(claim_lines, kb.claims().len());
    assert!(
        n.lines()
            .filter(|l| l.starts_with("- [[") && l.contains(" — "))
            .all(|l| l.ends_with("[^1]"))
    );
}

#[test]
fn notes_link_a_source_and_its_relay_both_ways() {
    let kb = bundled();
    let source = note(&kb, "caliber-az-arctic-cooperation");
    assert!(
        source.contains("## Relayed by\n\n- [[foreign-media|Foreign media]] (anonymous)\n"),
        "{source}"
    );
    assert_eq!(
        front_matter(&source)["relayed_by"][0].as_str(),
        Some("foreign-media")
    );
    let relay = note(&kb, "foreign-media");
    assert!(
        relay.contains("## Relayed\n\n- [[caliber-az-arctic-cooperation|Media: US, Russia"),
        "{relay}"
    );
}

#[test]
fn json_has_the_documented_shape() {
    let kb = bundled();
    let v = json::entity(&kb, kb.lookup("sergei-lavrov").unwrap());
    let text = serde_json::to_string(&v).unwrap();
    let back: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back["entity"], "actor");
    assert_eq!(back["id"], "sergei-lavrov");
    assert_eq!(back["kind"], "person");
    assert_eq!(back["affiliations"], serde_json::json!(["russia"]));
    assert_eq!(back["defined_in"]["file"], "data/actors.yaml");
    let spoke = &back["relations"]["spoke_about"][0];
    assert_eq!(spoke["entity"], "meeting");
    assert_eq!(spoke["id"], "istanbul-embassy-staffing-meeting");
    assert!(spoke["name"].is_string());
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("arctic-brief").unwrap();
    c.env_remove("ARCTIC_BRIEF_DATA");
    c
}

#[test]
fn cli_export_to_stdout_and_file() {
    let out = bin().args(["export", "sergei-lavrov"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("---\nid: sergei-lavrov\n"));
    assert!(text.contains("\n# Sergei Lavrov\n"));
    let out = bin()
        .args(["export", "sergei-lavrov", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
    let out = bin()
        .args(["export", "wedge-hope", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["relations"]["qualified_by"][0]["id"], "wedge-unlikely");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lavrov.md");
    let f = file.to_str().unwrap();
    let out = bin()
        .args(["export", "sergei-lavrov", "-o", f])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    // Refused without --force: exit 1, the file untouched.
    std::fs::write(&file, "my own notes").unwrap();
    let out = bin()
        .args(["export", "sergei-lavrov", "-o", f])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists; not overwritten (use --force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own notes");
    let out = bin()
        .args(["export", "sergei-lavrov", "-o", f, "--force"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["lavrov.md"], "no temporary file left");
}

#[test]
fn cli_export_errors() {
    let out = bin().args(["export", "sergei-lavrof"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `sergei-lavrov`?"));
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let inside = blocker.path().join("x.md");
    let out = bin()
        .args(["export", "sergei-lavrov", "-o", inside.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot write"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        bin()
            .args(["export", "x", "--format", "pdf"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

/// Runs effects as the event loop does (writing for real), feeding the answers back.
/// Runs an action as the event loop does (the shared driver), notes written for real; the
/// effects other than note writes.
fn run(app: &mut App, action: Action) -> Vec<Effect> {
    let mut runner = SyncRunner::default();
    dispatch(app, action, &mut runner).unwrap();
    runner
        .log
        .into_iter()
        .filter(|e| !matches!(e, Effect::WriteNote { .. }))
        .collect()
}

#[test]
fn tui_export_asks_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(bundled(), 120, 40);
    app.export_dir = dir.path().join("exports");
    let lavrov = app.kb.lookup("sergei-lavrov").unwrap();
    app.go_to(lavrov);
    run(&mut app, Action::Export);
    let file = dir.path().join("exports/sergei-lavrov.md");
    assert_eq!(
        app.status.as_deref(),
        Some(format!("exported {}", file.display()).as_str())
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("# Sergei Lavrov")
    );
    std::fs::write(&file, "edited by hand").unwrap();
    run(&mut app, Action::Export);
    assert_eq!(
        app.status.as_deref(),
        Some(format!("overwrite {}? (y/N)", file.display()).as_str())
    );
    assert_eq!(app.key_scope(), arctic_brief::app::keymap::Scope::Confirm);
    run(&mut app, Action::Confirm(false));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "edited by hand");
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .starts_with("not overwritten")
    );
    run(&mut app, Action::Export);
    run(&mut app, Action::Confirm(true));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("# Sergei Lavrov")
    );
    assert!(app.status.as_deref().unwrap().starts_with("exported"));
}

#[test]
fn tui_export_of_a_detail_link_and_unwritable_dirs() {
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let mut app = App::new(bundled(), 120, 40);
    app.export_dir = blocker.path().join("exports");
    let lavrov = app.kb.lookup("sergei-lavrov").unwrap();
    app.go_to(lavrov);
    update(&mut app, Action::Activate); // into Detail, the first link selected: Russia
    assert_eq!(app.export_target(), app.kb.lookup("russia"));
    run(&mut app, Action::Export);
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .starts_with("export failed: cannot write"),
        "{:?}",
        app.status
    );
    assert!(matches!(app.mode, Mode::Browse), "the app carries on");
}

#[test]
fn copy_sends_the_note() {
    let mut app = App::new(bundled(), 120, 40);
    let effects = update(&mut app, Action::Copy);
    let [Effect::Copy { text, what }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(what, "united-states");
    assert!(text.contains("# United States"));
    let mut sink = Vec::new();
    clipboard::copy(&mut sink, text, false).unwrap();
    let s = String::from_utf8(sink).unwrap();
    let payload = s
        .strip_prefix("\x1b]52;c;")
        .unwrap()
        .strip_suffix('\x07')
        .unwrap();
    assert_eq!(payload, clipboard::base64(text.as_bytes()));
    update(&mut app, Msg::Copied(Ok(text.len())));
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .contains("copied the note to the clipboard")
    );
}

#[test]
fn hostile_kb_exports_contain_no_control_characters() {
    let evil = r#"\e]52;c;SGVsbG8=\a\e[2J\e]8;;http://x\e\\y\x9b1m\u202eevil\u2066\r\b\ttab"#;
    let yaml = format!(
        "actors:\n  - id: a\n    name: \"A{evil}\"\n    kind: person\n    aliases: [\"{evil}\"]\n    role: \"{evil}\"\n    summary: \"{evil}\\n{evil}\"\n    tags: [\"{evil}\"]\n  - id: b\n    name: \"B|]]{evil}\"\n    kind: media\nmeetings:\n  - id: m\n    title: \"{evil}\"\n    status: held\n    participants: [a]\n    date_text: \"{evil}\"\n    place: \"{evil}\"\n    topics: [\"{evil}\"]\n    sources: [s]\nclaims:\n  - id: c\n    text: \"{evil}\"\n    by: a\n    source: s\n    about: [b]\n    meeting: m\n    mode: quote\n  - id: d\n    text: \"{evil}\"\n    by: b\n    source: s\n    contradicts: [c]\nsources:\n  - id: s\n    title: \"{evil}\"\n    publisher: b\n    author: \"{evil}\"\n    url: \"{evil}\"\n    via: \"{evil}\"\n"
    );
    let kb = kb::load_texts("hostile", vec![("h.yaml".into(), Cow::Owned(yaml))])
        .unwrap_or_else(|e| panic!("{}", e.render()));
    for e in kb.sorted(None) {
        let n = markdown::note(&kb, e);
        let bad: Vec<char> = n
            .chars()
            .filter(|c| *c != '\n' && arctic_brief::text::is_unsafe_char(*c))
            .collect();
        assert!(bad.is_empty(), "{}: {bad:?}", kb.id_of(e));
        assert!(!n.contains('\t'));
        front_matter(&n);
        let mut sink = Vec::new();
        clipboard::copy(&mut sink, &n, true).unwrap();
        let s = String::from_utf8(sink).unwrap();
        assert_eq!(
            s.matches("]52;").count(),
            2,
            "one plain and one tmux-wrapped sequence"
        );
        let j = serde_json::to_string(&json::entity(&kb, e)).unwrap();
        let hardened = arctic_brief::text::harden_json(&j);
        assert!(!hardened.chars().any(arctic_brief::text::is_unsafe_char));
    }
    // The wiki link survives names with `|` and `]]`.
    let n = markdown::note(&kb, kb.lookup("d").unwrap());
    assert!(n.contains("[[b|B¦))"), "{n}");
}
