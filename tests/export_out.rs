//! Exports that leave the program, run as a user runs them: the briefing document, the vault,
//! and the command line's consistency (issue 15): `--json`, created directories, concurrent
//! forced writes, long names, directories, Markdown injection.

use assert_cmd::Command;
use std::path::Path;

fn bin() -> Command {
    let mut c = Command::cargo_bin("arctic-brief").unwrap();
    c.env_remove("ARCTIC_BRIEF_DATA");
    c
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A KB with a contradiction cluster of three, a pair, a quote, an inferred date and hostile text.
const KB: &str = r#"
actors:
  - id: alpha
    name: "Alpha ]] [[beta|Forged"
    kind: person
    summary: "Line one\n[^1]: forged footnote\n<script>alert(1)</script> [click](http://evil)"
    tags: [energy, "two words"]
  - id: beta
    name: Beta
    kind: state
  - id: outlet
    name: Outlet
    kind: media
meetings:
  - id: summit
    title: The Summit
    status: held
    date: 2025-03-01
    participants: [alpha, beta]
claims:
  - id: c1
    text: "The talks went well."
    by: alpha
    source: s1
    about: [beta]
    meeting: summit
    mode: quote
    status: confirmed
    grade: A1
    date: 2025-03-01
    tags: [energy]
  - id: c2
    text: "The talks failed."
    by: beta
    source: s2
    meeting: summit
    mode: paraphrase
    status: disputed
    grade: C3
    contradicts: [c1]
  - id: c3
    text: "There were no talks."
    by: outlet
    source: s2
    mode: assessment
    status: denied
    grade: E5
    contradicts: [c1, c2]
    date: 2025
    inferred: [date]
  - id: c4
    text: "Beta will attend."
    by: beta
    source: s1
    mode: paraphrase
    status: reported
  - id: c5
    text: "Beta will not attend."
    by: outlet
    source: s2
    mode: paraphrase
    status: reported
    contradicts: [c4]
sources:
  - id: s1
    title: "Report | one"
    publisher: outlet
    author: A. Writer
    published: 2025-03-02
    reliability: B
  - id: s2
    title: Second report
    via: wire
    published: 2025
    inferred: [published]
"#;

fn kb_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kb.yaml"), KB).unwrap();
    dir
}

fn data(dir: &tempfile::TempDir) -> String {
    dir.path().join("kb.yaml").to_string_lossy().into_owned()
}

#[test]
fn json_flag_is_format_json() {
    let (code, a, _) = run(&["export", "sergei-lavrov", "--json"]);
    assert_eq!(code, 0);
    let (_, b, _) = run(&["export", "sergei-lavrov", "--format", "json"]);
    assert_eq!(a, b);
    assert!(a.starts_with('{'));
}

#[test]
fn output_directory_is_created_and_a_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes/deep/x.md");
    let (code, _, err) = run(&["export", "sergei-lavrov", "-o", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&p).unwrap().contains("Lavrov"));
    let (code, _, err) = run(&[
        "export",
        "sergei-lavrov",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn export_dir_is_only_offered_to_the_browser() {
    let (code, _, err) = run(&["export", "sergei-lavrov", "--export-dir", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("--export-dir"), "{err}");
    let (_, help, _) = run(&["export", "--help"]);
    assert!(!help.contains("--export-dir"), "{help}");
    let (_, help, _) = run(&["--help"]);
    assert!(help.contains("--export-dir"), "{help}");
}

#[test]
fn concurrent_forced_exports_all_write_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("same.md");
    let children: Vec<_> = (0..24)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("arctic-brief"))
                .args(["export", "sergei-lavrov", "--force", "-o"])
                .arg(&p)
                .env_remove("ARCTIC_BRIEF_DATA")
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_, expected, _) = run(&["export", "sergei-lavrov"]);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), expected);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["same.md"], "temporary files left behind");
}

#[test]
fn a_250_byte_file_name_works() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(format!("{}.md", "x".repeat(247)));
    let (code, _, err) = run(&["export", "sergei-lavrov", "-o", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(p.exists());
}

#[test]
fn markdown_injection_is_neutralised() {
    let dir = kb_dir();
    let (code, note, err) = run(&["export", "alpha", "--data", &data(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(!note.contains("\n[^1]: forged"), "{note}");
    assert!(note.contains("\\[^1\\]: forged"), "{note}");
    assert!(!note.contains("<script>"), "{note}");
    assert!(note.contains("&lt;script&gt;"), "{note}");
    assert!(!note.contains("[click](http"), "{note}");
    let (_, claim, _) = run(&["export", "c1", "--data", &data(&dir)]);
    assert!(
        claim.contains("[[alpha|Alpha )) ((beta¦Forged]]"),
        "a name closed the wiki link: {claim}"
    );
    assert!(
        note.contains("- two-words"),
        "tags are Obsidian tags: {note}"
    );
}

#[test]
fn only_quotes_are_quotation_blocks() {
    let dir = kb_dir();
    let (_, quote, _) = run(&["export", "c1", "--data", &data(&dir)]);
    assert!(quote.contains("> “The talks went well.”"), "{quote}");
    let (_, para, _) = run(&["export", "c2", "--data", &data(&dir)]);
    assert!(!para.lines().any(|l| l.starts_with('>')), "{para}");
    assert!(para.contains("(paraphrase, not a quotation)"), "{para}");
}

fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading}: {doc}"));
    let rest = &doc[start + heading.len()..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn briefing_on_a_meeting_has_every_section_and_is_deterministic() {
    let dir = kb_dir();
    let args = ["export", "--briefing", "summit", "--data", &data(&dir)];
    let (code, doc, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc, run(&args).1, "same KB and selector, same bytes");
    assert!(doc.starts_with("# Briefing: The Summit\n"), "{doc}");
    assert!(
        doc.contains("Selected: The Summit (a meeting); from "),
        "{doc}"
    );
    assert!(doc.contains("data as of 2025-03-02"), "{doc}");
    let bluf = section(&doc, "## Bottom line up front");
    assert!(
        bluf.contains("2 claims from 2 sources by 2 speakers: 1 confirmed, 1 disputed"),
        "{bluf}"
    );
    assert!(bluf.contains("Contested: The talks failed."), "{bluf}");
    let key = section(&doc, "## Key claims");
    assert!(key.contains("### Confirmed (1)"), "{key}");
    assert!(
        key.contains(
            "grade A1 · completely reliable · confirmed by other sources; quote; 2025-03-01"
        ),
        "{key}"
    );
    let contra = section(&doc, "## Contradictions");
    assert!(
        contra.contains("A cluster of 3 claims, 3 contradictions"),
        "{contra}"
    );
    assert!(contra.contains("2025 (inferred)"), "{contra}");
    let actors = section(&doc, "## Actors involved");
    assert!(actors.contains("[[beta|Beta]]"), "{actors}");
    let meetings = section(&doc, "## Meetings involved");
    assert!(meetings.contains("[[summit|The Summit]]"), "{meetings}");
    let sources = section(&doc, "## Sources");
    assert!(
        sources.contains(
            "| 1 | Report \\| one | Outlet | A. Writer | 2025-03-02 | — | B · usually reliable |"
        ),
        "{sources}"
    );
    let inferred = section(&doc, "## Inferred values");
    assert!(
        inferred.contains("source Second report: published inferred"),
        "{inferred}"
    );
    assert!(
        inferred.contains("claim by Outlet: date inferred"),
        "{inferred}"
    );
    assert!(doc.contains("\n[^1]: A. Writer, \"Report | one\""), "{doc}");
    assert!(doc.contains("\n[^2]: \"Second report\""), "{doc}");
}

#[test]
fn briefing_pairs_and_queries() {
    let dir = kb_dir();
    let (code, doc, err) = run(&[
        "export",
        "--briefing",
        "status:reported",
        "--data",
        &data(&dir),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        doc.contains("the query `status:reported` (2 results)"),
        "{doc}"
    );
    let contra = section(&doc, "## Contradictions");
    assert!(
        contra.contains("Beta will not attend.")
            && contra.contains("\n  contradicts Beta will attend."),
        "{contra}"
    );
    let (code, _, err) = run(&["export", "--briefing", "zzqqxx", "--data", &data(&dir)]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing matches `zzqqxx`"), "{err}");
    let out = tempfile::tempdir().unwrap();
    let p = out.path().join("b/brief.md");
    let (code, _, err) = run(&[
        "export",
        "--briefing",
        "Beta",
        "-o",
        p.to_str().unwrap(),
        "--data",
        &data(&dir),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&p)
            .unwrap()
            .starts_with("# Briefing: Beta\n")
    );
}

/// Every `[[target|` or `[[target]]` in the vault names a note in it.
fn assert_links_resolve(vault: &Path) {
    let mut notes = std::collections::HashSet::new();
    let mut texts = Vec::new();
    for e in walkdir::WalkDir::new(vault) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "md") {
            notes.insert(e.path().file_stem().unwrap().to_string_lossy().into_owned());
            texts.push(std::fs::read_to_string(e.path()).unwrap());
        }
    }
    let mut links = 0;
    for t in texts {
        // Front matter: only reference values (`- '[[Name]]'`, `by: '[[Name]]'`) are links.
        let body = t.split_once("\n---\n").map_or(t.as_str(), |(_, b)| b);
        let refs = t
            .lines()
            .filter_map(|l| l.split_once("'[["))
            .map(|(_, r)| r);
        for piece in body.split("[[").skip(1).chain(refs) {
            let end = piece.find(['|', ']']).unwrap();
            assert!(
                notes.contains(&piece[..end]),
                "unresolved [[{}",
                &piece[..end]
            );
            links += 1;
        }
    }
    assert!(links > 20, "too few links checked: {links}");
}

#[test]
fn vault_links_resolve_and_reruns_touch_only_its_own_notes() {
    let dir = kb_dir();
    let out = tempfile::tempdir().unwrap();
    let vault = out.path().join("vault");
    let v = vault.to_str().unwrap();
    let (code, _, err) = run(&["export", "--all", v, "--data", &data(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert_links_resolve(&vault);
    let lavrov = vault.join("Actors/Beta.md");
    let text = std::fs::read_to_string(&lavrov).unwrap();
    assert!(text.contains("# Beta"), "{text}");
    let summit = std::fs::read_to_string(vault.join("Meetings/The Summit.md")).unwrap();
    assert!(
        summit.contains("participants:\n- '[[Alpha beta Forged]]'\n- '[[Beta]]'"),
        "{summit}"
    );
    let mine = vault.join("Actors/my own.md");
    std::fs::write(&mine, "mine").unwrap();
    // Delete c5 and re-run: its note goes, everything else stays.
    let (head, tail) = KB.split_once("  - id: c5\n").unwrap();
    let smaller = format!("{head}{}", &tail[tail.find("sources:").unwrap()..]);
    std::fs::write(dir.path().join("kb.yaml"), smaller).unwrap();
    let (code, _, err) = run(&["export", "--all", v, "--data", &data(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 removed"), "{err}");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    assert_links_resolve(&vault);
    let (_, _, err) = run(&["export", "--all", v, "--data", &data(&dir)]);
    assert!(err.contains("0 written"), "{err}");
}
