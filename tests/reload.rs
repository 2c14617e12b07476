//! The authoring loop: reloading a KB that changes on disk (through `update`, and live in a
//! pseudo-terminal), and opening the editor at an entity's line.

mod common;

use arctic_brief::app::{Action, App, ListPane, Msg, Pane, ReloadOutcome, prepare, update};
use arctic_brief::kb::{self, EntityRef};
use arctic_brief::watch::{Notice, Reloader};
use common::pty::Session;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

const KB: &str = "\
actors:
  - {id: russia, name: Russia, kind: state}
  - {id: sergei-lavrov, name: Sergei Lavrov, kind: person, affiliations: [russia]}
  - {id: kirill-dmitriev, name: Kirill Dmitriev, kind: person}
meetings:
  - id: istanbul
    title: Istanbul talks
    status: scheduled
    participants: [russia]
claims:
  - {id: c1, text: Talks are set., by: sergei-lavrov, source: s, meeting: istanbul}
sources:
  - {id: s, title: A source}
";

fn kb_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir(&kb).unwrap();
    std::fs::write(kb.join("kb.yaml"), KB).unwrap();
    (dir, kb)
}

/// Loads the KB at `path` again and hands the outcome to the app, as the reload thread does.
fn reload(app: &mut App, path: &Path) {
    let outcome = match kb::load_path(path) {
        Ok(new) => ReloadOutcome::Loaded(prepare(&app.kb, new)),
        Err(e) => ReloadOutcome::failed(&e),
    };
    update(app, Msg::Reloaded(Box::new(outcome)));
}

fn current(app: &App, pane: ListPane) -> String {
    app.list(pane)
        .current()
        .map(|e| app.kb.id_of(e).to_string())
        .unwrap_or_default()
}

fn go(app: &mut App, id: &str) {
    let e = app.kb.lookup(id).unwrap();
    app.go_to(e);
}

#[test]
fn an_edit_appears_and_the_selection_is_kept() {
    let (_d, path) = kb_dir();
    let mut app = App::new(kb::load_path(&path).unwrap(), 120, 40);
    go(&mut app, "sergei-lavrov");
    let file = path.join("kb.yaml");
    let edited = KB
        .replace(
            "sergei-lavrov, name: Sergei Lavrov,",
            "sergei-lavrov, name: Sergey Lavrov,",
        )
        .replace(
            "sources:\n",
            "  - {id: c2, text: A second claim., by: sergei-lavrov, source: s}\nsources:\n",
        );
    std::fs::write(&file, edited).unwrap();
    reload(&mut app, &path);
    assert_eq!(
        app.status.as_deref(),
        Some("reloaded: +1 claim, 1 actor changed")
    );
    assert_eq!(current(&app, ListPane::Actors), "sergei-lavrov");
    assert_eq!(
        app.kb
            .title_of(app.list(ListPane::Actors).current().unwrap()),
        "Sergey Lavrov"
    );
    assert_eq!(
        app.list(ListPane::Claims).items.len(),
        2,
        "the linked pane shows the new claim"
    );
    assert!(app.banner.is_none());
}

#[test]
fn a_broken_edit_keeps_the_last_good_kb_and_the_fix_clears_the_banner() {
    let (_d, path) = kb_dir();
    let mut app = App::new(kb::load_path(&path).unwrap(), 120, 40);
    go(&mut app, "sergei-lavrov");
    let file = path.join("kb.yaml");
    std::fs::write(&file, KB.replace("status: scheduled", "status: sheduled")).unwrap();
    reload(&mut app, &path);
    let banner = app.banner.clone().unwrap();
    assert!(
        banner.contains("kb.yaml:8:13: invalid status `sheduled`"),
        "{banner}"
    );
    assert!(banner.contains("showing the last good KB"));
    assert_eq!(app.kb.actors().len(), 3, "the last good KB stays");
    assert_eq!(current(&app, ListPane::Actors), "sergei-lavrov");
    // Two problems: the first is shown, the rest counted.
    std::fs::write(
        &file,
        KB.replace("status: scheduled", "status: sheduled")
            .replace("kind: person}", "kind: persn}"),
    )
    .unwrap();
    reload(&mut app, &path);
    assert!(
        app.banner
            .as_deref()
            .unwrap()
            .contains("kb.yaml:4:56: invalid kind `persn`"),
        "{:?}",
        app.banner
    );
    assert!(
        app.banner
            .as_deref()
            .unwrap()
            .contains("(and 1 more problem)"),
        "{:?}",
        app.banner
    );
    std::fs::write(&file, KB).unwrap();
    reload(&mut app, &path);
    assert!(app.banner.is_none());
    assert_eq!(app.status.as_deref(), Some("reloaded: no changes"));
}

#[test]
fn a_deleted_selection_falls_back_to_its_neighbour_and_history_drops_it() {
    let (_d, path) = kb_dir();
    let mut app = App::new(kb::load_path(&path).unwrap(), 120, 40);
    go(&mut app, "russia");
    go(&mut app, "sergei-lavrov");
    assert_eq!(app.list(ListPane::Actors).selected, 1);
    let without = KB
        .replace(
            "  - {id: sergei-lavrov, name: Sergei Lavrov, kind: person, affiliations: [russia]}\n",
            "",
        )
        .replace("by: sergei-lavrov", "by: kirill-dmitriev");
    std::fs::write(path.join("kb.yaml"), without).unwrap();
    reload(&mut app, &path);
    assert_eq!(
        app.status.as_deref(),
        Some("reloaded: -1 actor, 1 claim changed")
    );
    assert_eq!(
        current(&app, ListPane::Actors),
        "kirill-dmitriev",
        "the neighbour at the same place"
    );
    update(&mut app, Action::Back);
    assert_eq!(
        app.detail_target()
            .map(|e| app.kb.id_of(e).to_string())
            .as_deref(),
        Some("russia")
    );
}

#[test]
fn pane_choices_are_kept_across_a_reload() {
    let (_d, path) = kb_dir();
    let mut app = App::new(kb::load_path(&path).unwrap(), 120, 40);
    go(&mut app, "sergei-lavrov");
    update(&mut app, Action::FocusNext);
    update(&mut app, Action::ToggleLinked);
    assert!(!app.list(ListPane::Meetings).linked);
    reload(&mut app, &path);
    assert!(!app.list(ListPane::Meetings).linked);
    assert!(app.list(ListPane::Claims).linked);
    assert_eq!(app.focus, Pane::Meetings);
}

#[test]
fn the_bundled_kb_explains_itself() {
    let mut app = App::new(kb::load_bundled().unwrap(), 120, 40);
    assert!(update(&mut app, Action::Reload).is_empty());
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .contains("arctic-brief init DIR")
    );
    assert!(update(&mut app, Action::OpenInEditor).is_empty());
    assert!(app.status.as_deref().unwrap().contains("read-only"));
    assert!(
        app.status
            .as_deref()
            .unwrap()
            .contains("arctic-brief init DIR")
    );
    let Some(EntityRef::Actor(_)) = app.export_target() else {
        panic!()
    };
}

#[test]
fn live_reload_in_a_real_terminal() {
    let (_d, path) = kb_dir();
    let mut s = Session::start(120, 30, &["--data", path.to_str().unwrap()], &[]);
    s.wait_for("Actors (3)");
    std::fs::write(
        path.join("kb.yaml"),
        KB.replace(
            "  - {id: kirill-dmitriev",
            "  - {id: new-actor, name: New Actor, kind: group}\n  - {id: kirill-dmitriev",
        ),
    )
    .unwrap();
    s.wait_for("reloaded: +1 actor");
    s.wait_for("Actors (4)");
    std::fs::write(
        path.join("kb.yaml"),
        KB.replace("kind: state", "kind: stat"),
    )
    .unwrap();
    s.wait_for("KB has problems");
    s.wait_for("kb.yaml:2:38: invalid kind `stat`");
    s.wait_for("Actors (4)");
    std::fs::write(path.join("kb.yaml"), KB).unwrap();
    s.wait_for("reloaded: -1 actor");
    s.wait_for_gone("KB has problems");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_single_file_given_by_a_relative_path_is_watched() {
    // Regression: a relative `--data kb.yaml` once had no directory to watch.
    let (_d, path) = kb_dir();
    let mut s = Session::start_in(Some(&path), 120, 30, &["--data", "kb.yaml"], &[]);
    s.wait_for("Actors (3)");
    std::fs::write(
        path.join("kb.yaml"),
        KB.replace("name: Russia,", "name: Russian Federation,"),
    )
    .unwrap();
    s.wait_for("reloaded: 1 actor changed");
    s.wait_for("Russian Federation");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn no_watch_waits_for_r() {
    let (_d, path) = kb_dir();
    let mut s = Session::start(
        120,
        30,
        &["--data", path.to_str().unwrap(), "--no-watch"],
        &[],
    );
    s.wait_for("Actors (3)");
    std::fs::write(
        path.join("kb.yaml"),
        KB.replace(
            "  - {id: kirill-dmitriev",
            "  - {id: new-actor, name: New Actor, kind: group}\n  - {id: kirill-dmitriev",
        ),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert!(
        s.screen().contains("Actors (3)"),
        "not reloaded without being asked"
    );
    s.send(b"r");
    s.wait_for("reloaded: +1 actor");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}

/// A fake editor that records its arguments, named like a real one so its family is chosen.
fn fake_editor(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let record = dir.join(format!("{name}.args"));
    let script = dir.join(name);
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, record)
}

fn wait_file(p: &Path) -> String {
    let start = std::time::Instant::now();
    while start.elapsed() < common::pty::TIMEOUT {
        if let Ok(s) = std::fs::read_to_string(p)
            && !s.is_empty()
        {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{} never written", p.display());
}

#[test]
fn o_opens_the_editor_at_the_entitys_line_and_resumes() {
    let (d, path) = kb_dir();
    for (name, expected) in [("nvim", "+3\n{file}\n"), ("code", "-g\n{file}:3\n")] {
        let (script, record) = fake_editor(d.path(), name);
        let mut s = Session::start(
            120,
            30,
            &["--data", path.to_str().unwrap()],
            &[("VISUAL", script.to_str().unwrap()), ("EDITOR", "nano")],
        );
        s.wait_for("Actors (3)");
        s.send(b"j");
        s.wait_for("sergei-lavrov");
        s.send(b"o");
        let args = wait_file(&record);
        assert_eq!(
            args,
            expected.replace("{file}", path.join("kb.yaml").to_str().unwrap()),
            "{name}"
        );
        // Back in the browser, redrawn, and reloaded.
        s.wait_for("reloaded: no changes");
        s.wait_for("Actors (3)");
        s.send(b"q");
        assert_eq!(s.wait_exit(), 0);
    }
}

/// A reloader watching `path`, its notices on a channel.
fn watching(path: &Path) -> (Reloader, mpsc::Receiver<Notice>) {
    let kb = Arc::new(kb::load_path(path).unwrap());
    let (tx, rx) = mpsc::channel();
    let r = Reloader::start(path.to_path_buf(), kb, true, move |n| tx.send(n).is_ok());
    (r, rx)
}

/// Waits for the first notice that `want` accepts, skipping others; panics after the timeout.
fn wait_notice(rx: &mpsc::Receiver<Notice>, what: &str, want: impl Fn(&Notice) -> bool) {
    let start = std::time::Instant::now();
    while let Some(left) = common::pty::TIMEOUT.checked_sub(start.elapsed()) {
        match rx.recv_timeout(left) {
            Ok(n) if want(&n) => return,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no notice: {what}");
}

fn actors_loaded(n: &Notice, count: usize) -> bool {
    matches!(n, Notice::Reloaded(ReloadOutcome::Loaded(p)) if p.kb.actors().len() == count)
}

fn with_actor(id: &str) -> String {
    KB.replace(
        "  - {id: kirill-dmitriev",
        &format!("  - {{id: {id}, name: {id}, kind: group}}\n  - {{id: kirill-dmitriev"),
    )
}

#[test]
fn the_watch_survives_the_kb_directory_being_deleted_and_recreated() {
    let (_d, path) = kb_dir();
    let (_r, rx) = watching(&path);
    std::fs::remove_dir_all(&path).unwrap();
    wait_notice(
        &rx,
        "the directory is gone",
        |n| matches!(n, Notice::Status(s) if s.contains("is gone") && s.contains("watching for it")),
    );
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("kb.yaml"), with_actor("back-again")).unwrap();
    wait_notice(&rx, "reloaded once the directory is back", |n| {
        actors_loaded(n, 4)
    });
    // The watch is armed on the new directory: a later edit is seen too.
    std::fs::write(
        path.join("kb.yaml"),
        with_actor("back-again").replace("kind: state", "kind: alliance"),
    )
    .unwrap();
    wait_notice(
        &rx,
        "an edit in the new directory",
        |n| matches!(n, Notice::Reloaded(ReloadOutcome::Loaded(p)) if p.summary.contains("1 actor changed")),
    );
}

#[test]
fn a_single_file_kb_is_watched_again_after_its_directory_is_recreated() {
    let (_d, path) = kb_dir();
    let (_r, rx) = watching(&path.join("kb.yaml"));
    std::fs::remove_dir_all(&path).unwrap();
    wait_notice(
        &rx,
        "the directory is gone",
        |n| matches!(n, Notice::Status(s) if s.contains("is gone")),
    );
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("kb.yaml"), with_actor("back-again")).unwrap();
    wait_notice(&rx, "reloaded once back", |n| actors_loaded(n, 4));
}

#[test]
fn activity_under_dot_directories_does_not_reload() {
    let (_d, path) = kb_dir();
    let (_r, rx) = watching(&path);
    // What a commit does: objects, the index, refs; and an editor's hidden state.
    for dir in [".git/objects/ab", ".git/refs/heads", ".obsidian"] {
        std::fs::create_dir_all(path.join(dir)).unwrap();
    }
    std::fs::write(path.join(".git/objects/ab/cdef"), "x").unwrap();
    std::fs::write(path.join(".git/index"), "x").unwrap();
    std::fs::write(path.join(".git/refs/heads/main.yaml"), "x").unwrap();
    std::fs::write(path.join(".obsidian/workspace.yml"), "x").unwrap();
    // Longer than the debounce: a reload caused by the above would have been sent by now.
    std::thread::sleep(std::time::Duration::from_millis(600));
    std::fs::write(path.join("kb.yaml"), with_actor("real-change")).unwrap();
    let first = rx.recv_timeout(common::pty::TIMEOUT).expect("a reload");
    assert!(
        actors_loaded(&first, 4),
        "the first reload is the real change: {first:?}"
    );
}

#[test]
fn it_says_when_watching_is_not_possible() {
    let (_d, path) = kb_dir();
    let kb = Arc::new(kb::load_path(&path).unwrap());
    let (tx, rx) = mpsc::channel();
    let missing = path.join("no-such-dir");
    let _r = Reloader::start(missing, kb, true, move |n| tx.send(n).is_ok());
    wait_notice(
        &rx,
        "not watching",
        |n| matches!(n, Notice::Status(s) if s.contains("not watching") && s.contains("no-such-dir") && s.contains("press r")),
    );
}

#[test]
fn the_browser_says_the_kb_directory_is_gone_and_reloads_when_it_is_back() {
    let (_d, path) = kb_dir();
    let mut s = Session::start(200, 30, &["--data", path.to_str().unwrap()], &[]);
    s.wait_for("Actors (3)");
    std::fs::remove_dir_all(&path).unwrap();
    s.wait_for("is gone; showing the last KB read");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("kb.yaml"), with_actor("back-again")).unwrap();
    s.wait_for("Actors (4)");
    s.send(b"q");
    assert_eq!(s.wait_exit(), 0);
}
