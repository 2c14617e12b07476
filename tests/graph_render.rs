//! The graph view rendered into ratatui's `TestBackend`: snapshots at 80x24 and 120x40 on the
//! bundled briefing (one and two hops, a group selected), every size without a panic, and the
//! hostile corpus drawn in the graph without a control character reaching a cell.

mod common;

use arctic_brief::app::graph::Shown;
use arctic_brief::app::{Action, App, Mode, update};
use arctic_brief::kb::{self, EntityKind};
use arctic_brief::ui;
use common::screen::{assert_clean, render, screen_text};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;

/// The bundled briefing at `w` x `h` with the graph of `id` open.
fn graph_of(id: &str, w: u16, h: u16) -> App {
    let mut app = App::new(kb::load_bundled().unwrap(), w, h);
    let e = app.kb.lookup(id).unwrap();
    app.go_to(e);
    update(&mut app, Action::ToggleGraph);
    assert!(matches!(app.mode, Mode::Graph(_)));
    app
}

#[test]
fn graph_80x24() {
    let app = graph_of("united-states", 80, 24);
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn graph_120x40() {
    let mut app = graph_of("sergei-lavrov", 120, 40);
    update(&mut app, Action::Right);
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn graph_two_hops_120x40() {
    let mut app = graph_of("united-states", 120, 40);
    update(&mut app, Action::Deeper);
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn graph_two_hops_80x24_with_a_group_selected() {
    let mut app = graph_of("united-states", 80, 24);
    update(&mut app, Action::Deeper);
    update(&mut app, Action::Right);
    update(&mut app, Action::Right);
    for _ in 0..30 {
        let Mode::Graph(g) = &app.mode else {
            unreachable!()
        };
        if matches!(g.selected().map(|p| &p.what), Some(Shown::Fold { .. })) {
            break;
        }
        update(&mut app, Action::Down);
    }
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn every_size_draws_without_a_panic() {
    let mut app = graph_of("united-states", 120, 40);
    update(&mut app, Action::Deeper);
    update(&mut app, Action::Deeper);
    for w in (1..=130).step_by(7) {
        for h in (1..=45).step_by(4) {
            update(&mut app, Action::Resize(w, h));
            render(&app);
        }
    }
    // A frame of another size than the app was told (a resize not yet handled) still draws.
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| ui::draw(f, &app)).unwrap();
}

#[test]
fn the_hostile_corpus_draws_without_escapes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    for case in ["escapes", "forged-lines", "invisible"] {
        let kb = kb::load_path(&root.join(case)).unwrap();
        for kind in EntityKind::ALL {
            for e in kb.all_of(*kind) {
                for (w, h) in [(80, 24), (120, 40)] {
                    let mut app = App::new(kb.clone(), w, h);
                    app.go_to(e);
                    update(&mut app, Action::ToggleGraph);
                    for step in [Action::Deeper, Action::Right, Action::Down] {
                        update(&mut app, step);
                        assert_clean(&render(&app), &format!("{case} {w}x{h}"));
                    }
                }
            }
        }
    }
}

#[test]
fn question_mark_lists_the_graph_keys_over_it_at_80x24() {
    let mut app = graph_of("united-states", 80, 24);
    update(&mut app, Action::ToggleHelp);
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn a_long_centre_name_is_cut_before_the_hops_and_node_count() {
    let mut app = App::new(kb::load_bundled().unwrap(), 80, 24);
    let long = app
        .kb
        .all_of(EntityKind::Claim)
        .into_iter()
        .max_by_key(|e| app.kb.title_of(*e).len())
        .unwrap();
    assert!(
        app.kb.title_of(long).len() > 80,
        "a claim with a long title"
    );
    app.go_to(long);
    update(&mut app, Action::ToggleGraph);
    let top = screen_text(&render(&app))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(top.contains(" · 1 hop · "), "{top}");
    assert!(top.contains(" nodes "), "{top}");
}

#[test]
fn the_legend_shows_every_family_and_which_are_off_when_all_are_hidden() {
    for (w, h) in [(100, 30), (80, 24), (60, 20)] {
        let mut app = graph_of("united-states", w, h);
        for n in 1..=5 {
            update(&mut app, Action::ToggleRelations(n));
        }
        let screen = screen_text(&render(&app));
        let legend = screen
            .lines()
            .find(|l| l.contains("1 ") && l.contains(" off"))
            .unwrap_or_else(|| panic!("{w}x{h}: no legend\n{screen}"));
        assert_eq!(legend.matches(" off").count(), 5, "{w}x{h}: {legend}");
        assert!(legend.contains("5 "), "{w}x{h}: {legend}");
    }
}

#[test]
fn the_graph_keys_scroll_with_pgdn_when_the_window_is_too_short_for_them() {
    let mut app = graph_of("united-states", 60, 20);
    update(&mut app, Action::ToggleHelp);
    let screen = screen_text(&render(&app));
    assert!(!screen.contains("Esc / g"), "cut at 60x20:\n{screen}");
    assert!(
        screen.contains("PgDn"),
        "the title says how to see more:\n{screen}"
    );
    let Mode::Graph(g) = &app.mode else {
        unreachable!()
    };
    let selected = g.selected;
    update(&mut app, Action::PageDown);
    let screen = screen_text(&render(&app));
    assert!(screen.contains("Esc / g"), "the last keys:\n{screen}");
    let Mode::Graph(g) = &app.mode else {
        unreachable!()
    };
    assert_eq!(g.selected, selected, "the graph's selection stays");
    update(&mut app, Action::PageUp);
    assert!(
        screen_text(&render(&app)).contains("this help"),
        "back to the top"
    );
}
