//! The command line, run as a user runs it: exit codes, stdout/stderr split, and a precise
//! `path:line:col` diagnostic for every broken KB in `tests/fixtures/broken/`.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("arctic-brief").unwrap();
    c.env_remove("ARCTIC_BRIEF_DATA");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = bin().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `check` on a broken fixture: exit 1, and every expected fragment in stderr.
fn check_broken(case: &str, expected: &[&str]) -> Run {
    let dir = fixture(&format!("broken/{case}"));
    let r = run(&["check", "--data", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{case}: {}", r.stderr);
    for e in expected {
        assert!(
            r.stderr.contains(e),
            "{case}: expected {e:?} in\n{}",
            r.stderr
        );
    }
    assert!(r.stdout.contains("failed"), "{case}: {}", r.stdout);
    r
}

#[test]
fn check_bundled_is_ok() {
    let r = run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "bundled briefing: 21 actors, 3 meetings, 20 claims, 1 source: ok\n"
    );
    assert!(r.stderr.is_empty());
}

#[test]
fn check_directory_and_single_file() {
    let r = run(&["check", "--data", fixture("valid").to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .ends_with("valid: 2 actors, 1 meeting, 1 claim, 1 source: ok\n"),
        "{}",
        r.stdout
    );
    let one = fixture("valid/actors.yaml");
    let r = run(&["check", "--data", one.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("2 actors, 0 meetings, 0 claims, 0 sources: ok")
    );
}

#[test]
fn data_comes_from_the_environment_when_not_given() {
    let out = bin()
        .env("ARCTIC_BRIEF_DATA", fixture("valid"))
        .arg("check")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 actors"));
    // --data wins over the environment.
    let out = bin()
        .env("ARCTIC_BRIEF_DATA", fixture("broken/bad-date"))
        .args(["check", "--data", fixture("valid").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn missing_kb_path() {
    let r = run(&["check", "--data", "/nonexistent/kb"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("cannot read KB `/nonexistent/kb`: no such file or directory"),
        "{}",
        r.stderr
    );
}

#[test]
fn yaml_syntax_error() {
    check_broken(
        "syntax-error",
        &[
            "rest.yaml:9:7",
            "did not find expected ',' or ']'",
            "started here:",
            "rest.yaml:8:19",
        ],
    );
}

#[test]
fn wrong_types() {
    check_broken(
        "wrong-type",
        &[
            "actors.yaml:6:11",
            "`name` of actor `russia` must be text, found a list",
            "rest.yaml:8:19",
            "write it as a list: `participants: [russia]`",
        ],
    );
}

#[test]
fn missing_required_field() {
    check_broken(
        "missing-field",
        &[
            "rest.yaml:5:5",
            "meeting `istanbul-talks` is missing the required field `title`",
        ],
    );
}

#[test]
fn unknown_field_is_never_dropped() {
    let r = check_broken(
        "unknown-field",
        &[
            "rest.yaml:8:5",
            "unknown field `particpants` in meeting `istanbul-talks`",
            "did you mean `participants`?",
        ],
    );
    assert!(
        r.stderr.contains(
            "8 |     particpants: [russia, sergei-lavrov]\n  |     ^^^^^^^^^^^ did you mean"
        ),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr
            .contains("missing the required field `participants`"),
        "the typo is the one problem"
    );
}

#[test]
fn invalid_enums() {
    check_broken(
        "bad-enum",
        &[
            "actors.yaml:7:11",
            "invalid kind `nation` for actor `russia`",
            "expected one of: person, state, organisation, alliance, media, group, anonymous",
            "rest.yaml:7:13",
            "did you mean `held`?",
        ],
    );
}

#[test]
fn invalid_date() {
    check_broken(
        "bad-date",
        &[
            "rest.yaml:8:11",
            "invalid date `2025-02-30`",
            "February has 28 days",
        ],
    );
}

#[test]
fn invalid_grade_and_reliability() {
    check_broken(
        "bad-grade",
        &[
            "rest.yaml:14:12",
            "invalid grade `b2`",
            "did you mean `B2`?",
        ],
    );
    check_broken(
        "bad-reliability",
        &["rest.yaml:4:18", "invalid reliability `G`"],
    );
}

#[test]
fn invalid_id() {
    check_broken(
        "bad-id",
        &[
            "actors.yaml:5:9",
            "invalid id `Russia Federation`",
            "try `russia-federation`",
        ],
    );
}

#[test]
fn duplicate_id_names_both_places() {
    check_broken(
        "duplicate-id",
        &[
            "rest.yaml:2:9",
            "duplicate id `russia`",
            "first defined as an actor here",
            "actors.yaml:5:9",
        ],
    );
}

#[test]
fn unknown_reference_with_suggestion() {
    check_broken(
        "unknown-ref",
        &[
            "rest.yaml:12:9",
            "unknown actor `lavrov` in `by` of claim `c1`",
            "did you mean `sergei-lavrov`?",
        ],
    );
}

#[test]
fn a_relay_is_checked_like_any_reference() {
    check_broken(
        "bad-relay",
        &[
            "kb.yaml:18:18",
            "`caliber-az` is the publisher of source `article`, and is named in its `relayed_by` too",
            "the publisher does not relay its own source",
            "kb.yaml:18:30",
            "unknown actor `foriegn-media` in `relayed_by` of source `article`",
            "did you mean `foreign-media`?",
            "kb.yaml:18:45",
            "`talks` is a meeting, but `relayed_by` of source `article` takes an actor",
            "kb.yaml:18:67",
            "`foreign-media` is listed twice in `relayed_by` of source `article`",
            "4 problems in 1 file",
        ],
    );
}

#[test]
fn reference_of_the_wrong_kind() {
    check_broken(
        "wrong-kind-ref",
        &[
            "rest.yaml:12:9",
            "`istanbul-talks` is a meeting, but `by` of claim `c1` takes an actor",
        ],
    );
}

#[test]
fn duplicate_key() {
    check_broken(
        "duplicate-key",
        &[
            "actors.yaml:5:5",
            "field `name` appears twice in actor `sergei-lavrov`",
        ],
    );
}

#[test]
fn unknown_section_and_non_mapping_file() {
    check_broken(
        "unknown-section",
        &[
            "actors.yaml:1:1",
            "unknown top-level key `actor`",
            "did you mean `actors`?",
        ],
    );
    check_broken(
        "not-a-mapping",
        &[
            "actors.yaml:1:1",
            "the file must be a mapping, found a list",
        ],
    );
}

#[test]
fn hostile_yaml_fails_fast() {
    check_broken(
        "alias-bomb",
        &[
            "actors.yaml:17:14",
            "YAML aliases expand this file beyond",
            "alias bomb",
        ],
    );
    check_broken(
        "deep-nesting",
        &["actors.yaml:8:43", "nested more than 32 levels deep"],
    );
    check_broken(
        "non-utf8",
        &["actors.yaml:3:18", "not valid UTF-8 (byte 0xff)"],
    );
    check_broken("empty-file", &["empty.yaml:1:1", "the file is empty"]);
    check_broken("no-yaml", &["no `.yaml` or `.yml` files under"]);
    check_broken(
        "multiple-documents",
        &["actors.yaml:8:1", "second document starts here"],
    );
}

#[test]
fn huge_scalars_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(1 << 20);
    std::fs::write(
        dir.path().join("a.yaml"),
        format!("actors:\n  - id: a\n    name: n\n    kind: person\n    summary: {big}\n"),
    )
    .unwrap();
    let r = run(&["check", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("a.yaml:5:14"),
        "{}",
        &r.stderr[..r.stderr.len().min(2000)]
    );
    assert!(
        r.stderr
            .contains("is too long (1048576 bytes; the limit is 65536)")
    );
    assert!(
        r.stderr.len() < 4000,
        "the offending line is shown cut, not whole"
    );
}

#[test]
fn symlink_loops_and_fifos_do_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("valid/actors.yaml"), dir.path().join("actors.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let r = run(&["check", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("loops back"), "{}", r.stderr);

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("valid/actors.yaml"), dir.path().join("actors.yaml")).unwrap();
    let fifo = dir.path().join("pipe.yaml");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success());
    if ok.unwrap_or(false) {
        let r = run(&["check", "--data", dir.path().to_str().unwrap()]);
        assert_eq!(r.code, 1);
        assert!(
            r.stderr.contains("pipe.yaml:1:1") && r.stderr.contains("not a regular file"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn all_problems_in_all_files_are_reported_in_one_run() {
    let r = check_broken(
        "many-errors",
        &[
            "a-actors.yaml:4:11", // role: 5
            "a-actors.yaml:8:11", // kind: stat
            "did you mean `state`?",
            "b-rest.yaml:7:13",  // status: done
            "b-rest.yaml:12:9",  // by: lavrov
            "b-rest.yaml:14:12", // grade: Z9
            "b-rest.yaml:15:11", // date: 2025-13
            "c-more.yaml:2:9",   // duplicate c1
            "c-more.yaml:5:13",  // unknown source
            "c-more.yaml:8:5",   // txt
            "did you mean `text`?",
            "d-broken.yaml", // syntax error, while the others are still checked
        ],
    );
    assert!(
        r.stderr
            .contains("problems in 4 files; the KB was not loaded"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("10 problems: failed"), "{}", r.stdout);
}

#[test]
fn hostile_text_in_diagnostics_is_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "actors:\n  - id: a\n    name: \"\\e]52;c;SGVsbG8=\\a\"\n    kind: \"\\e[2J\\u202Eperson\"\n",
    )
    .unwrap();
    let r = run(&["check", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{202e}'),
        "{:?}",
        r.stderr
    );
    assert!(r.stderr.contains("␛[2J<U+202E>person"), "{}", r.stderr);
}

#[test]
fn list_is_sorted_by_kind_then_id() {
    let r = run(&["list"]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 45);
    assert!(
        lines[0].starts_with("actor    biden-administration"),
        "{}",
        lines[0]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("actor    sergei-lavrov") && l.ends_with("Sergei Lavrov"))
    );
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let firsts: Vec<usize> = ["actor", "meeting", "claim", "source"]
        .iter()
        .map(|k| kinds.iter().position(|x| x == k).unwrap())
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]));
    let r = run(&["list", "--kind", "meeting"]);
    assert_eq!(r.stdout.lines().count(), 3);
    assert!(r.stdout.lines().all(|l| l.starts_with("meeting")));
}

#[test]
fn list_json() {
    let r = run(&["list", "--kind", "source", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{
            "entity": "source",
            "id": "caliber-az-arctic-cooperation",
            "name": "Media: US, Russia consider joint exploration of natural resources in Arctic"
        }])
    );
}

#[test]
fn show_lists_fields_and_grouped_links() {
    let r = run(&["show", "sergei-lavrov"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for expected in [
        "actor sergei-lavrov",
        "role         Russian Foreign Minister",
        "aliases      Sergey Lavrov, Lavrov, Сергей Лавров",
        "defined in   data/actors.yaml:",
        "Affiliated with (1)",
        "Spoke about (1)",
        "istanbul-embassy-staffing-meeting  2025-02-27 (inferred) · US-Russia diplomats' meeting in Istanbul",
        "Said (1)",
    ] {
        assert!(r.stdout.contains(expected), "{expected:?} in\n{}", r.stdout);
    }
    let r = run(&["show", "wedge-hope"]);
    assert!(
        r.stdout
            .contains("grade        F3 · reliability cannot be judged · possibly true")
    );
    assert!(
        r.stdout
            .contains("Qualified by (1)\n  claim    wedge-unlikely"),
        "{}",
        r.stdout
    );
    let r = run(&["show", "istanbul-embassy-staffing-meeting"]);
    assert!(
        r.stdout
            .contains("date         2025-02-27 (inferred; the source says \"February 27\")"),
        "{}",
        r.stdout
    );
}

#[test]
fn show_json_has_fields_and_relations() {
    let r = run(&["show", "wedge-unlikely", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["entity"], "claim");
    assert_eq!(v["by"], "caliber-az");
    assert_eq!(v["grade"], "C3");
    assert_eq!(v["qualifies"], serde_json::json!(["wedge-hope"]));
    assert_eq!(v["contradicts"], serde_json::json!([]));
    assert_eq!(v["relations"]["qualifies"][0]["id"], "wedge-hope");
    assert_eq!(v["relations"]["said_by"][0]["name"], "Caliber.Az");
    let r = run(&["show", "caliber-az-arctic-cooperation", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["relayed_by"], serde_json::json!(["foreign-media"]));
    assert_eq!(v["relations"]["relayed_by"][0]["name"], "Foreign media");
}

/// A KB with one stated, one inferred and one undated meeting, all citing one source; the
/// undated one is listed first in the file.
const DATED_KB: &str = "actors:
  - id: a
    name: A
    kind: state
sources:
  - id: s
    title: The source
    published: 2025
    inferred: [published]
meetings:
  - id: undated-talks
    title: Undated talks
    status: held
    participants: [a]
    sources: [s]
  - id: guessed
    title: Guessed talks
    status: held
    participants: [a]
    date: 2025
    date_text: recent
    inferred: [date]
    sources: [s]
  - id: stated
    title: Stated talks
    status: held
    participants: [a]
    date: 2024-05-01
    sources: [s]
";

fn dated_kb() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kb.yaml"), DATED_KB).unwrap();
    dir
}

/// The relation rows of one group of `show`'s output.
fn group<'a>(stdout: &'a str, label: &str) -> Vec<&'a str> {
    stdout
        .split("\n\n")
        .find(|g| g.starts_with(label))
        .map(|g| g.lines().skip(1).collect())
        .unwrap_or_default()
}

#[test]
fn show_marks_inferred_dates_in_relation_rows() {
    // Regression: relation rows printed an inferred date bare, as if the article stated it.
    let dir = dated_kb();
    let data = dir.path().to_str().unwrap();
    let r = run(&["show", "a", "--data", data]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = group(&r.stdout, "Took part in");
    assert!(
        rows[0].ends_with("stated         2024-05-01 · Stated talks · held"),
        "{rows:?}"
    );
    assert!(
        rows[1].ends_with("guessed        2025 (inferred) · Guessed talks · held"),
        "{rows:?}"
    );
    assert!(
        rows[2].ends_with("undated-talks  undated · Undated talks · held"),
        "{rows:?}"
    );
    // The bundled briefing infers every meeting date: no dated row may look exact.
    for id in ["russia", "sergei-lavrov", "caliber-az-arctic-cooperation"] {
        let r = run(&["show", id]);
        let dated: Vec<&str> = r
            .stdout
            .lines()
            .filter(|l| l.starts_with("  meeting ") && !l.contains(" undated · "))
            .collect();
        assert!(!dated.is_empty(), "{id}: {}", r.stdout);
        for l in dated {
            assert!(l.contains(" (inferred) · "), "{id}: {l}");
        }
    }
    assert!(
        run(&["show", "russia"]).stdout.contains(
            "saudi-arabia-us-russia-talks       2025 (inferred) · Recent US-Russia talks in Saudi Arabia · held"
        )
    );
}

#[test]
fn cited_by_meetings_are_in_meeting_order() {
    // Regression: a source's meetings came in file order (undated first), unlike "Took part in".
    let dir = dated_kb();
    let data = dir.path().to_str().unwrap();
    let order = |stdout: &str, label: &str| -> Vec<String> {
        group(stdout, label)
            .iter()
            .map(|l| l.split_whitespace().nth(1).unwrap().to_string())
            .collect()
    };
    let source = run(&["show", "s", "--data", data]).stdout;
    let actor = run(&["show", "a", "--data", data]).stdout;
    assert_eq!(
        order(&source, "Cited by meetings"),
        ["stated", "guessed", "undated-talks"]
    );
    assert_eq!(
        order(&source, "Cited by meetings"),
        order(&actor, "Took part in")
    );
    let note = run(&["export", "s", "--data", data]).stdout;
    let cited: Vec<&str> = note
        .lines()
        .filter(|l| l.starts_with("- ") && l.contains("talks]]"))
        .collect();
    assert_eq!(cited.len(), 3, "{note}");
    assert!(
        cited[0].contains("[[stated|") && cited[1].contains("[[guessed|"),
        "{note}"
    );
    assert!(cited[2].starts_with("- undated · "), "{note}");
}

#[test]
fn json_dates_say_whether_they_are_inferred() {
    // Regression: `show --json` gave an inferred date as a bare string, like a stated one.
    let dir = dated_kb();
    let data = dir.path().to_str().unwrap();
    let json = |id: &str| -> serde_json::Value {
        serde_json::from_str(&run(&["show", id, "--json", "--data", data]).stdout).unwrap()
    };
    assert_eq!(
        json("guessed")["date"],
        serde_json::json!({"value": "2025", "inferred": true})
    );
    assert_eq!(
        json("stated")["date"],
        serde_json::json!({"value": "2024-05-01", "inferred": false})
    );
    assert_eq!(json("undated-talks")["date"], serde_json::Value::Null);
    assert_eq!(
        json("s")["published"],
        serde_json::json!({"value": "2025", "inferred": true})
    );
    let r = run(&["show", "istanbul-embassy-staffing-meeting", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["date"]["inferred"], true);
    assert_eq!(v["date"]["value"], "2025-02-27");
}

#[test]
fn show_unknown_id_suggests() {
    let r = run(&["show", "sergei-lavrof"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no entity with id or name `sergei-lavrof`")
    );
    assert!(
        r.stderr.contains("; did you mean `sergei-lavrov`?\n"),
        "{}",
        r.stderr
    );
    let r = run(&["show", "zzqqxx"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("`arctic-brief list` shows every id"),
        "{}",
        r.stderr
    );
}

#[test]
fn show_and_export_take_a_name_or_alias() {
    let r = run(&["show", "lavrov"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("actor sergei-lavrov"), "{}", r.stdout);
    assert!(
        r.stderr
            .starts_with("note: `lavrov` is actor `sergei-lavrov`\n"),
        "{}",
        r.stderr
    );
    let r = run(&["show", "Dmitriev", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"id\": \"kirill-dmitriev\""));
    assert!(r.stderr.contains("`kirill-dmitriev`"));
    let r = run(&["export", "Сергей Лавров"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("id: sergei-lavrov"), "{}", r.stdout);
    let r = run(&["show", "sergei-lavrov"]);
    assert!(
        !r.stderr.contains("is actor"),
        "an id needs no note: {}",
        r.stderr
    );
}

#[test]
fn several_names_are_listed_and_typos_get_did_you_mean() {
    let r = run(&["show", "US-Russia talks"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("`US-Russia talks` names 2 entities"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("meeting  saudi-arabia-us-russia-talks"));
    assert!(r.stderr.contains("meeting  us-russia-arctic-talks"));
    for (typo, id) in [("lavorv", "sergei-lavrov"), ("dmitirev", "kirill-dmitriev")] {
        let r = run(&["export", typo]);
        assert_eq!(r.code, 1, "{typo}");
        assert!(r.stderr.contains("did you mean:"), "{}", r.stderr);
        assert!(r.stderr.contains(id), "{typo}: {}", r.stderr);
    }
}

#[test]
fn search_marks_did_you_mean_and_takes_the_extended_syntax() {
    let r = run(&["search", "lavorv"]);
    assert_eq!(r.code, 1, "only a typo rescue: nothing matched");
    assert!(
        r.stdout.starts_with("actor    sergei-lavrov"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("(did you mean: name)"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("no good match for `lavorv`; did you mean:")
    );
    let r = run(&["search", "dmitirev", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v[0]["id"], "kirill-dmitriev");
    assert_eq!(v[0]["did_you_mean"], true);
    assert_eq!(v[0]["tier"], "did you mean");
    let r = run(&[
        "search", "energy", "arctic", "--kind", "claim", "--limit", "0",
    ]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("claim    dmitriev-energy-discussed"),
        "{}",
        r.stdout
    );
    let r = run(&["search", "energy", "!china", "--limit", "0"]);
    assert!(
        !r.stdout.contains("china-arctic-investment"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("dmitriev-energy-discussed"),
        "{}",
        r.stdout
    );
    let r = run(&["search", "grade:<=B2"]);
    assert_eq!(
        r.code, 1,
        "no claim in the briefing is that good: {}",
        r.stdout
    );
    let r = run(&["search", "date:2025-13"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("there is no month 13"), "{}", r.stderr);
    let r = run(&["search", &"x".repeat(100_000)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("longer than"), "{}", r.stderr);
    let r = run(&["search", "--help"]);
    assert!(r.stdout.contains("!china"), "{}", r.stdout);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(run(&["frobnicate"]).code, 2);
    assert_eq!(run(&["list", "--kind", "person"]).code, 2);
    assert_eq!(run(&["show"]).code, 2);
    for cmd in [
        &["--help"][..],
        &["check", "--help"],
        &["list", "--help"],
        &["show", "--help"],
    ] {
        let r = run(cmd);
        assert_eq!(r.code, 0, "{cmd:?}");
        assert!(r.stdout.contains("--data"), "{cmd:?}: {}", r.stdout);
    }
}

#[test]
fn search_ranks_and_reports_the_matched_field() {
    let r = run(&["search", "lavrov"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let first = r.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("actor    sergei-lavrov") && first.ends_with("(name)"),
        "{first}"
    );
    let r = run(&["search", "moscow", "--limit", "1"]);
    assert!(r.stdout.starts_with("actor    russia"), "{}", r.stdout);
    assert!(r.stdout.contains("(alias: Moscow)"));
    assert!(r.stdout.contains("more (--limit 0 shows all)"));
    let r = run(&["search", "kind:meeting", "status:held"]);
    assert_eq!(r.stdout.lines().count(), 1);
    assert!(
        r.stdout
            .starts_with("meeting  saudi-arabia-us-russia-talks")
    );
    let r = run(&["search", "energy", "--kind", "claim", "--limit", "0"]);
    assert!(
        r.stdout.lines().all(|l| l.starts_with("claim")),
        "{}",
        r.stdout
    );
}

#[test]
fn search_json_has_score_and_positions() {
    let r = run(&["search", "лавров", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let hit = &v[0];
    assert_eq!(hit["id"], "sergei-lavrov");
    assert_eq!(hit["field"], "alias");
    assert_eq!(hit["value"], "Сергей Лавров");
    assert_eq!(hit["positions"], serde_json::json!([7, 8, 9, 10, 11, 12]));
    assert!(hit["score"].as_i64().unwrap() > 0);
}

#[test]
fn search_exit_codes() {
    let r = run(&["search", "zzqqxx"]);
    assert_eq!(r.code, 1, "nothing matched, as grep");
    assert!(r.stdout.is_empty());
    let r = run(&["search", "knd:person"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("unknown filter `knd:`; did you mean `kind:`?"),
        "{}",
        r.stderr
    );
    assert_eq!(run(&["search"]).code, 2);
    let r = run(&[
        "search",
        "--data",
        fixture("broken/bad-date").to_str().unwrap(),
        "x",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("invalid date"));
}

#[test]
fn search_finds_accented_names_without_accents() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "actors:\n  - {id: mute-egede, name: Múte Bourup Egede, kind: person}\n  - {id: forum, name: Arctic Forum, kind: organisation, country: Tromsø}\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let r = run(&["search", "--data", d, "mute", "egede"]);
    assert!(r.stdout.starts_with("actor    mute-egede"), "{}", r.stdout);
    let r = run(&["search", "--data", d, "tromso"]);
    assert!(r.stdout.contains("(country: Tromsø)"), "{}", r.stdout);
}

#[test]
fn check_summary_counts_every_problem_not_only_those_shown() {
    // Regression: stdout said "50 problems: failed" when 119 were found and 50 shown.
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb.yaml");
    std::fs::write(
        &kb,
        format!(
            "actors:\n  - id: a\n    name: A\n    kind: person\nmeetings:\n  - id: m\n    title: T\n    status: held\n    participants: [{}]\n",
            vec!["a"; 120].join(", ")
        ),
    )
    .unwrap();
    let r = run(&["--data", kb.to_str().unwrap(), "check"]);
    assert!(
        r.stdout.contains("119 problems (50 shown): failed"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("and 69 more like this"), "{}", r.stderr);
}
