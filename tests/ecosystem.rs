//! The commands that fit arctic-brief into a setup, run as a user runs them: the config file
//! (found, applied, and refused with located problems), `init`, `check --format`, completions
//! (with the KB's ids) and the man page kept in sync with the clap definitions.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The binary with no KB and no config from the environment: the config is looked for in an
/// empty XDG dir.
fn bin(home: &Path) -> Command {
    let mut c = Command::cargo_bin("arctic-brief").unwrap();
    c.env_remove("ARCTIC_BRIEF_DATA")
        .env_remove("ARCTIC_BRIEF_CONFIG")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home);
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = bin(home)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_config_file_is_found_where_xdg_says_and_its_data_is_the_default_kb() {
    let home = tempfile::tempdir().unwrap();
    let r = run(home.path(), &["config", "path"], &[]);
    let expected = home.path().join("config/arctic-brief/config.toml");
    assert!(
        r.stdout.starts_with(&format!("{}\n", expected.display())),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("not there yet"));
    std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
    let valid = fixture("valid");
    std::fs::write(&expected, format!("data = {:?}\n", valid.to_str().unwrap())).unwrap();
    let r = run(home.path(), &["list", "--kind", "meeting"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("istanbul-talks"), "{}", r.stdout);
    // --data still wins over the config.
    let r = run(home.path(), &["check", "--data", "-"], &[]);
    assert_ne!(r.code, 0);
    // ARCTIC_BRIEF_CONFIG names another file; --config wins over it.
    let other = home.path().join("other.toml");
    std::fs::write(&other, "mouse = false\n").unwrap();
    let r = run(
        home.path(),
        &["config", "path"],
        &[("ARCTIC_BRIEF_CONFIG", other.to_str().unwrap())],
    );
    assert!(
        r.stdout.contains("named by ARCTIC_BRIEF_CONFIG; exists"),
        "{}",
        r.stdout
    );
    let r = run(
        home.path(),
        &["config", "path", "--config", expected.to_str().unwrap()],
        &[("ARCTIC_BRIEF_CONFIG", other.to_str().unwrap())],
    );
    assert!(r.stdout.contains("named by --config"), "{}", r.stdout);
}

#[test]
fn a_config_with_problems_stops_the_program_with_each_located() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("c.toml");
    std::fs::write(
        &file,
        "[keys.browse]\ntimelime = \"T\"\n[theme]\naccent = \"cyn\"\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    for args in [vec!["list"], vec!["config", "check"], vec![]] {
        let mut a = args.clone();
        a.extend(["--config", f]);
        let r = run(home.path(), &a, &[]);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.contains(&format!("--> {f}:2:1")), "{}", r.stderr);
        assert!(
            r.stderr.contains("did you mean `timeline`?"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains(&format!("--> {f}:4:10")), "{}", r.stderr);
        assert!(
            r.stderr.contains("the config file has 2 problems"),
            "{}",
            r.stderr
        );
    }
    // What helps fix it still works.
    assert_eq!(
        run(home.path(), &["config", "default", "--config", f], &[]).code,
        0
    );
    // A config named explicitly must exist.
    let r = run(
        home.path(),
        &["list", "--config", "/nonexistent/c.toml"],
        &[],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("cannot read the config file"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_default_config_is_a_valid_config() {
    let home = tempfile::tempdir().unwrap();
    let r = run(home.path(), &["config", "default"], &[]);
    let file = home.path().join("c.toml");
    std::fs::write(&file, &r.stdout).unwrap();
    let r = run(
        home.path(),
        &["config", "check", "--config", file.to_str().unwrap()],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn init_writes_a_starter_kb_and_never_overwrites() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("kb");
    let d = dir.to_str().unwrap();
    let r = run(home.path(), &["init", d], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.join("README.md").is_file() && dir.join("actors.yaml").is_file());
    let r = run(home.path(), &["check", "--data", d], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Not again into a non-empty directory...
    let r = run(home.path(), &["init", d], &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("is not empty") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    // ...and with --force, what is there stays as it is.
    std::fs::write(dir.join("actors.yaml"), "actors: []\n").unwrap();
    std::fs::remove_file(dir.join("README.md")).unwrap();
    let r = run(home.path(), &["init", d, "--force"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("actors.yaml")).unwrap(),
        "actors: []\n"
    );
    assert!(
        r.stderr.contains("kept") && dir.join("README.md").is_file(),
        "{}",
        r.stderr
    );
}

#[test]
fn show_on_the_bundled_briefing_points_at_init() {
    let home = tempfile::tempdir().unwrap();
    let r = run(home.path(), &["show", "sergei-lavrov"], &[]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("arctic-brief init DIR"), "{}", r.stderr);
    let src =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app/update.rs"))
            .unwrap();
    assert!(!src.contains("--data data/"));
}

#[test]
fn check_speaks_the_formats_editors_and_ci_read() {
    let home = tempfile::tempdir().unwrap();
    let dir = fixture("broken/bad-enum");
    let d = dir.to_str().unwrap();
    let r = run(
        home.path(),
        &["check", "--format", "short", "--data", d],
        &[],
    );
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[1].starts_with(&format!("{d}/rest.yaml:7:13: error: invalid status `helt`")),
        "{}",
        lines[1]
    );
    assert!(r.stderr.contains("2 problems: failed"));

    let r = run(
        home.path(),
        &["check", "--format", "json", "--data", d],
        &[],
    );
    assert_eq!(r.code, 1);
    let objects: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 2);
    let o = &objects[1];
    assert_eq!(o["severity"], "error");
    assert_eq!(o["file"], format!("{d}/rest.yaml"));
    assert_eq!(
        (o["line"].as_u64(), o["column"].as_u64()),
        (Some(7), Some(13))
    );
    assert_eq!(o["end"]["column"].as_u64(), Some(17));
    assert_eq!(o["entity"], "istanbul-talks");
    assert_eq!(o["suggestion"], "held");
    assert!(o["help"].as_str().unwrap().contains("proposed, scheduled"));

    let r = run(home.path(), &["check", "--format", "json"], &[]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn completions_cover_every_shell_and_complete_entity_ids() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let r = run(home.path(), &["completions", shell], &[]);
        assert_eq!(r.code, 0, "{shell}");
        assert!(
            r.stdout.contains("COMPLETE=") || r.stdout.contains("COMPLETE"),
            "{shell}"
        );
    }
    // What the scripts ask: the ids of the KB named on the line being completed, with titles.
    let valid = fixture("valid");
    let r = run(
        home.path(),
        &[
            "--",
            "arctic-brief",
            "show",
            "--data",
            valid.to_str().unwrap(),
            "ist",
        ],
        &[("COMPLETE", "fish")],
    );
    assert_eq!(r.stdout, "istanbul-talks\tIstanbul talks\n", "{}", r.stderr);
    let r = run(
        home.path(),
        &["--", "arctic-brief", "show", "sergei-l"],
        &[("COMPLETE", "fish")],
    );
    assert_eq!(r.stdout, "sergei-lavrov\tSergei Lavrov\n");
    let r = run(
        home.path(),
        &["--", "arctic-brief", "list", "--kind", "m"],
        &[("COMPLETE", "fish")],
    );
    assert_eq!(r.stdout, "meeting\n");
}

#[test]
fn the_man_page_in_doc_is_the_one_the_binary_prints() {
    let home = tempfile::tempdir().unwrap();
    let r = run(home.path(), &["man"], &[]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains(".SH NAME") && r.stdout.contains("completions"));
    let kept =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("doc/arctic-brief.1"))
            .unwrap();
    assert!(
        kept == r.stdout,
        "doc/arctic-brief.1 is stale: regenerate it with `cargo run -- man > doc/arctic-brief.1`"
    );
}
