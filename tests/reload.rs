//! The authoring loop: reloading a KB that changes on disk (through `update`, and live in a
//! pseudo-terminal), and opening the editor at an entity's line.

mod common;

use arctic_brief::app::{Action, App, ListPane, Msg, Pane, ReloadOutcome, prepare, update};
use arctic_brief::kb::{self, EntityRef};
use common::pty::Session;
use std::path::{Path, PathBuf};

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
    assert!(app.status.as_deref().unwrap().contains("--data data/"));
    assert!(update(&mut app, Action::OpenInEditor).is_empty());
    assert!(app.status.as_deref().unwrap().contains("read-only"));
    assert!(app.status.as_deref().unwrap().contains("--data data/"));
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
