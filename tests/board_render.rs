//! The contested-claims board and Detail's corroboration trees drawn into ratatui's `TestBackend`:
//! insta snapshots at 80x24 and 120x40, readable without colour, and the hostile corpus drawn in
//! the board (and in Detail from it) without a control character reaching a cell.

mod common;

use arctic_brief::app::keymap::{Key, KeyCode};
use arctic_brief::app::{App, Pane, View};
use arctic_brief::kb::{self, Kb};
use arctic_brief::ui;
use common::flow::Flow;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::borrow::Cow;
use std::path::Path;

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    t
}

/// The screen as text, one line per row.
fn screen_text(app: &App) -> String {
    let t = render(app);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn board(w: u16, h: u16) -> Flow {
    let mut f = Flow::bundled(w, h);
    f.press(&[Key::ch('c'), Key::plain(KeyCode::Home)]);
    assert_eq!(f.app.view, View::Board);
    f
}

#[test]
fn board_80x24() {
    let f = board(80, 24);
    insta::assert_snapshot!(screen_text(&f.app));
}

#[test]
fn board_120x40() {
    let f = board(120, 40);
    insta::assert_snapshot!(screen_text(&f.app));
}

#[test]
fn the_status_bar_says_what_a_does_on_the_board() {
    let f = board(200, 50);
    let text = screen_text(&f.app);
    assert!(text.contains("a only/all clusters"), "{text}");
}

#[test]
fn board_narrow_single_pane_60x20() {
    let f = board(60, 20);
    let text = screen_text(&f.app);
    assert!(text.contains("Board"), "{text}");
    assert!(text.contains('▶'), "the cursor shows:\n{text}");
}

#[test]
fn board_while_computing_says_so() {
    let mut f = Flow::bundled(80, 24);
    f.runner.hold_board = true;
    f.press(&[Key::ch('c')]);
    let text = screen_text(&f.app);
    assert!(text.contains("computing"), "{text}");
}

#[test]
fn without_colour_the_cursor_grades_and_flags_are_still_read() {
    let mut f = Flow::new(App::new(tree_kb(), 120, 40));
    f.app.no_color = true;
    f.press(&[Key::ch('c'), Key::plain(KeyCode::Home)]);
    let text = screen_text(&f.app);
    assert!(text.contains("▶ ⚑"), "cursor and flag as marks:\n{text}");
    assert!(text.contains("A1"), "grades as text:\n{text}");
    assert!(
        text.contains("grade-above-source"),
        "the flag named:\n{text}"
    );
}

/// Claims linked in a chain with a cycle and a contradiction, and one flagged problem.
fn tree_kb() -> Kb {
    kb::load_texts("trees", vec![("kb.yaml".into(), Cow::Owned(tree_yaml()))])
        .unwrap_or_else(|e| panic!("{}", e.render()))
}

fn tree_yaml() -> String {
    let text = "actors:
  - {id: a, name: Analyst A, kind: person}
  - {id: b, name: Minister B, kind: person}
  - {id: one, name: Outlet One, kind: media}
  - {id: two, name: Outlet Two, kind: media}
sources:
  - {id: s1, title: Report one, publisher: one, reliability: B}
  - {id: s2, title: Report two, publisher: two, reliability: C}
claims:
  - {id: root, text: The pipeline deal is signed, by: a, source: s1, status: confirmed, grade: A1}
  - {id: near, text: Officials confirm the signing, by: b, source: s2, supports: [root]}
  - {id: far, text: A leaked memo backs the officials, by: a, source: s1, supports: [near]}
  - {id: loop, text: The deal proves the memo right, by: b, source: s2, supports: [far], qualifies: [root]}
  - {id: back, text: The memo is backed by the deal, by: a, source: s1, supports: [loop]}
  - {id: against, text: No deal was signed, by: b, source: s2, contradicts: [root], status: denied}
";
    let mut text = text.to_string();
    // `root` supports `back`: a cycle root <- near <- far <- loop <- back <- root.
    text = text.replace(
        "status: confirmed, grade: A1}",
        "status: confirmed, grade: A1, supports: [back]}",
    );
    text
}

#[test]
fn detail_with_corroboration_trees_120x40() {
    let mut f = Flow::new(App::new(tree_kb(), 120, 40));
    f.press(&[
        Key::ch('c'),
        Key::plain(KeyCode::Home),
        Key::plain(KeyCode::Enter),
    ]);
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.shown(), "root");
    let text = screen_text(&f.app);
    assert!(text.contains("↳"), "deeper rows are indented:\n{text}");
    assert!(text.contains("↻ cycle"), "the cycle is marked:\n{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_deep_tree_row_is_followed_like_any_link() {
    let mut f = Flow::new(App::new(tree_kb(), 120, 40));
    f.app.go_to(f.app.kb.lookup("root").unwrap());
    f.press(&[Key::plain(KeyCode::Enter)]);
    let links = f.app.detail_links();
    let at = links
        .iter()
        .position(|(l, t)| *l == "Supported by" && f.app.kb.id_of(*t) == "far")
        .expect("far supports root through near");
    f.send(arctic_brief::app::Action::Top);
    for _ in 0..at {
        f.send(arctic_brief::app::Action::Down);
    }
    f.press(&[Key::plain(KeyCode::Enter)]);
    assert_eq!(f.shown(), "far");
    f.press(&[Key::plain(KeyCode::Backspace)]);
    assert_eq!(f.shown(), "root");
}

#[test]
fn the_trees_are_computed_once_per_claim_and_kb() {
    let mut app = App::new(tree_kb(), 120, 40);
    let root = match app.kb.lookup("root") {
        Some(kb::EntityRef::Claim(c)) => c,
        other => panic!("{other:?}"),
    };
    let first = app.claim_trees(root);
    assert!(std::sync::Arc::ptr_eq(&first, &app.claim_trees(root)));
    // Another KB (a reload): computed again, though the claim's number is the same.
    app.kb = std::sync::Arc::new(tree_kb());
    let again = app.claim_trees(root);
    assert!(!std::sync::Arc::ptr_eq(&first, &again));
    assert_eq!(*first, *again);
}

/// No cell of the screen holds a control or invisible character.
fn assert_clean(app: &App, what: &str) {
    let text = screen_text(app);
    for (y, line) in text.lines().enumerate() {
        let bad = line
            .chars()
            .find(|c| arctic_brief::text::is_unsafe_char(*c));
        assert!(bad.is_none(), "{what}: {bad:?} on row {y}: {line:?}");
    }
}

#[test]
fn the_hostile_corpus_never_reaches_a_cell_from_the_board() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut boards = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let Ok(kb) = kb::load_path(&dir) else {
            continue;
        };
        for (w, h) in [(120, 40), (80, 24), (40, 12)] {
            let mut f = Flow::new(App::new(kb.clone(), w, h));
            f.press(&[Key::ch('c'), Key::plain(KeyCode::Home)]);
            let what = format!("{} {w}x{h}", dir.display());
            assert_clean(&f.app, &what);
            boards += usize::from(!f.app.board.rows.is_empty());
            for _ in 0..f.app.board.rows.len() {
                f.press(&[Key::ch('j')]);
                assert_clean(&f.app, &what);
            }
            f.press(&[Key::plain(KeyCode::Enter)]);
            assert_clean(&f.app, &format!("{what} detail"));
            f.press(&[Key::plain(KeyCode::Backspace), Key::ch('/')]);
            f.type_text("evil");
            assert_clean(&f.app, &format!("{what} filter"));
        }
    }
    assert!(boards > 0, "some hostile KB has clusters to show");
}

#[test]
fn a_narrow_title_cuts_the_actor_name_not_the_filter_or_the_narrowing() {
    let mut f = board(80, 24);
    f.press(&[Key::ch('/')]);
    f.type_text("arctic");
    f.press(&[Key::plain(KeyCode::Enter)]);
    let top = screen_text(&f.app).lines().next().unwrap().to_string();
    assert!(top.contains(" · all · “arctic” "), "{top}");
    f.press(&[Key::ch('a')]);
    let top = screen_text(&f.app).lines().next().unwrap().to_string();
    assert!(top.contains(" · only United"), "{top}");
    assert!(top.contains("“arctic” "), "{top}");
    // With room, the whole: the hint for `a`, the name, the filter.
    f.send(arctic_brief::app::Action::Resize(200, 40));
    let top = screen_text(&f.app).lines().next().unwrap().to_string();
    assert!(
        top.contains("only linked to United States · filter “arctic” "),
        "{top}"
    );
}

#[test]
fn detail_claim_links_show_grade_and_status_before_the_text_at_80x24() {
    let long = "This statement about the pipeline deal runs on well past any pane's width";
    let text = tree_yaml()
        .replace("No deal was signed", long)
        .replace("status: denied}", "status: denied, grade: E5}");
    let kb = kb::load_texts("t", vec![("kb.yaml".into(), Cow::Owned(text))]).unwrap();
    let mut f = Flow::new(App::new(kb, 80, 24));
    f.app.go_to(f.app.kb.lookup("root").unwrap());
    f.press(&[Key::plain(KeyCode::Enter)]);
    let links = f.app.detail_links();
    let at = links
        .iter()
        .position(|(l, _)| *l == "Contradicted by")
        .expect("root is contradicted");
    f.send(arctic_brief::app::Action::Top);
    for _ in 0..at {
        f.send(arctic_brief::app::Action::Down);
    }
    let screen = screen_text(&f.app);
    let row = screen
        .lines()
        .find(|l| l.contains("Minister B: This"))
        .unwrap_or_else(|| panic!("the contradicting claim's row:\n{screen}"));
    assert!(row.contains("E5 denied"), "{row}");
}

#[test]
fn a_marked_claim_shows_its_mark_on_the_board() {
    let mut f = board(120, 40);
    let first = f.app.board.current().unwrap();
    f.press(&[Key::ch(' ')]);
    assert!(f.app.is_marked(arctic_brief::kb::EntityRef::Claim(first)));
    let text = f.app.kb.claim(first).text.clone();
    let head: String = text.chars().take(20).collect();
    let screen = screen_text(&f.app);
    let row = screen
        .lines()
        .find(|l| l.contains(&head) && l.starts_with('┃'))
        .unwrap_or_else(|| panic!("the claim's row:\n{screen}"));
    assert!(row.contains('●'), "{row}");
    let unmarked = screen
        .lines()
        .filter(|l| l.starts_with('┃') && l.contains(" reported "))
        .filter(|l| l.contains('●'))
        .count();
    assert_eq!(unmarked, 1, "only the marked row:\n{screen}");
}
