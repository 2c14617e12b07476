//! The graph view's keys (`g`), pressed as a user would through the shared driver: opening on
//! the selection, moving between nodes, recentring with a trail of centres, hops, relation
//! families, leaving for a node in the lists, and closing back to where the user was.

mod common;

use arctic_brief::app::graph::{Family, GraphState, Shown};
use arctic_brief::app::keymap::{Key, KeyCode};
use arctic_brief::app::{Action, ListPane, Mode, Pane};
use arctic_brief::kb::{EntityRef, NodeRef, Rel};
use common::flow::Flow;

const G: Key = Key::ch('g');
const ENTER: Key = Key::plain(KeyCode::Enter);
const BACK: Key = Key::plain(KeyCode::Backspace);
const ESC: Key = Key::plain(KeyCode::Esc);

fn graph(f: &Flow) -> &GraphState {
    match &f.app.mode {
        Mode::Graph(g) => g,
        m => panic!("not in the graph: {m:?}"),
    }
}

fn center(f: &Flow) -> String {
    f.id(Some(graph(f).center))
}

fn selected(f: &Flow) -> String {
    let g = graph(f);
    let p = g.selected().expect("a node is selected");
    match &p.what {
        Shown::Node(NodeRef::Entity(e)) => f.id(Some(*e)),
        _ => p.label.clone(),
    }
}

/// The graph of `actor`, opened from the Actors list.
fn opened(actor: &str) -> Flow {
    let mut f = Flow::bundled(120, 40);
    f.select_actor(actor);
    f.press(&[G]);
    f
}

#[test]
fn g_opens_the_graph_of_the_selection_and_esc_or_g_returns() {
    let mut f = Flow::bundled(120, 40);
    f.select_actor("sergei-lavrov");
    f.press(&[Key::ch('j')]);
    let before = (f.app.focus, f.ids(ListPane::Claims), f.shown());
    f.press(&[Key::ch('k'), G]);
    assert_eq!(center(&f), "sergei-lavrov");
    assert_eq!(
        selected(&f),
        "sergei-lavrov",
        "the centre is selected first"
    );
    assert_eq!(f.shown(), "sergei-lavrov", "Detail shows the selected node");
    let laid = graph(&f).laid.as_ref().expect("laid out on opening");
    assert!(laid.nodes.len() > 2, "{laid:?}");
    f.press(&[ESC]);
    assert!(matches!(f.app.mode, Mode::Browse));
    f.press(&[Key::ch('j')]);
    assert_eq!((f.app.focus, f.ids(ListPane::Claims), f.shown()), before);
    f.press(&[G, G]);
    assert!(matches!(f.app.mode, Mode::Browse), "g again closes it");
    // From Detail, the graph is of Detail's entity.
    f.press(&[Key::plain(KeyCode::Tab); 4]);
    assert_eq!(f.app.focus, Pane::Detail);
    let shown = f.shown();
    f.press(&[G]);
    assert_eq!(center(&f), shown);
    assert_ne!(
        f.app.focus,
        Pane::Detail,
        "Detail beside the graph is not focused"
    );
    f.press(&[ESC]);
    assert_eq!(f.app.focus, Pane::Detail, "and has the focus back after");
    assert_eq!(f.shown(), shown);
}

#[test]
fn arrows_and_hjkl_move_to_the_nearest_node_that_way() {
    let mut f = opened("united-states");
    let x = |f: &Flow| graph(f).selected().unwrap().x;
    let y = |f: &Flow| graph(f).selected().unwrap().y;
    let (cx, cy) = (x(&f), y(&f));
    f.press(&[Key::ch('l')]);
    assert!(x(&f) > cx);
    let (rx, ry) = (x(&f), y(&f));
    f.press(&[Key::ch('j')]);
    assert!(y(&f) > ry && x(&f) == rx, "down the same column");
    f.press(&[Key::plain(KeyCode::Up)]);
    assert_eq!(y(&f), ry);
    f.press(&[Key::plain(KeyCode::Home)]);
    assert_eq!((x(&f), y(&f)), (cx, cy));
    f.press(&[Key::ch('h')]);
    assert!(x(&f) < cx);
    f.press(&[Key::plain(KeyCode::Right)]);
    assert_eq!((x(&f), y(&f)), (cx, cy), "back to the centre");
    // Detail follows the selection.
    f.press(&[Key::ch('l')]);
    assert_eq!(f.shown(), selected(&f));
}

#[test]
fn enter_recentres_and_backspace_returns_to_the_centre_before() {
    let mut f = opened("sergei-lavrov");
    f.press(&[Key::ch('l')]);
    let first = selected(&f);
    f.press(&[ENTER]);
    assert_eq!(center(&f), first);
    assert_eq!(selected(&f), first);
    assert_eq!(
        f.app.recent.first().map(|e| f.id(Some(*e))),
        Some(first.clone())
    );
    f.press(&[Key::ch('l')]);
    let second = selected(&f);
    f.press(&[ENTER]);
    assert_eq!(center(&f), second);
    f.press(&[BACK]);
    assert_eq!(center(&f), first);
    assert_eq!(selected(&f), second, "the centre left is selected");
    f.press(&[BACK]);
    assert_eq!(center(&f), "sergei-lavrov");
    f.press(&[BACK]);
    assert_eq!(center(&f), "sergei-lavrov");
    assert!(
        f.app
            .status
            .as_deref()
            .unwrap_or("")
            .contains("no centre before")
    );
    f.press(&[Key::plain(KeyCode::Home), ENTER]);
    assert_eq!(f.app.status.as_deref(), Some("already the centre"));
}

#[test]
fn plus_and_minus_change_the_hops_within_one_to_three() {
    let mut f = opened("sergei-lavrov");
    assert_eq!(graph(&f).depth, 1);
    let one = graph(&f).laid.as_ref().unwrap().reached;
    f.press(&[Key::ch('+')]);
    assert_eq!(graph(&f).depth, 2);
    assert!(graph(&f).laid.as_ref().unwrap().reached > one);
    f.press(&[Key::ch('='), Key::ch('+')]);
    assert_eq!(graph(&f).depth, 3);
    assert!(
        f.app
            .status
            .as_deref()
            .unwrap_or("")
            .contains("1 to 3 hops")
    );
    f.press(&[Key::ch('-'), Key::ch('-'), Key::ch('-')]);
    assert_eq!(graph(&f).depth, 1);
    assert_eq!(graph(&f).laid.as_ref().unwrap().reached, one);
}

#[test]
fn number_keys_hide_and_show_families_of_relations() {
    let mut f = opened("sergei-lavrov");
    let rels = |f: &Flow| -> Vec<Rel> {
        let laid = graph(f).laid.as_ref().unwrap();
        laid.nodes.iter().filter_map(|p| p.rel).collect()
    };
    assert!(rels(&f).contains(&Rel::Said));
    f.press(&[Key::ch('3')]);
    assert!(!Family::Claims.is_on(graph(&f).kinds));
    assert!(!rels(&f).iter().any(|r| Family::of(*r) == Family::Claims));
    assert!(!rels(&f).is_empty(), "the other families stay");
    for k in ['1', '2', '4', '5'] {
        f.press(&[Key::ch(k)]);
    }
    assert_eq!(
        graph(&f).laid.as_ref().unwrap().nodes.len(),
        1,
        "only the centre"
    );
    for k in ['1', '2', '3', '4', '5'] {
        f.press(&[Key::ch(k)]);
    }
    assert!(rels(&f).contains(&Rel::Said));
}

#[test]
fn o_leaves_the_graph_for_the_node_in_the_lists() {
    let mut f = opened("sergei-lavrov");
    f.press(&[Key::ch('l')]);
    let node = selected(&f);
    f.press(&[Key::ch('o')]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(f.shown(), node);
    f.press(&[BACK]);
    assert_eq!(
        f.shown(),
        "sergei-lavrov",
        "the history has the place before"
    );
}

#[test]
fn a_group_is_not_recentred_on_and_q_quits() {
    let mut f = opened("united-states");
    // Two hops on a small screen fold: find a fold by moving down the outer right column.
    f.send(Action::Resize(80, 24));
    f.press(&[Key::ch('+'), Key::ch('l'), Key::ch('l')]);
    let mut guard = 0;
    while !matches!(graph(&f).selected().unwrap().what, Shown::Fold { .. }) && guard < 40 {
        f.press(&[Key::ch('j')]);
        guard += 1;
    }
    let sel = graph(&f).selected().unwrap().clone();
    if let Shown::Fold { count, .. } = sel.what {
        assert!(sel.label.starts_with(&format!("+{count} ")), "{sel:?}");
        f.press(&[ENTER]);
        assert!(f.app.status.as_deref().unwrap_or("").contains("a group"));
        assert_eq!(f.app.detail_target(), None);
    } else {
        panic!("no fold at 80x24: {:?}", graph(&f).laid);
    }
    f.press(&[Key::ch('q')]);
    assert!(f.quit);
}

#[test]
fn resizing_lays_out_again_for_the_new_area() {
    let mut f = opened("sergei-lavrov");
    let big = graph(&f).laid.as_ref().unwrap().key.area;
    f.send(Action::Resize(80, 24));
    let small = graph(&f).laid.as_ref().unwrap().key.area;
    assert!(small.height < big.height, "{small:?} {big:?}");
    assert_eq!(small, f.app.graph_areas().nodes);
    let e: EntityRef = graph(&f).center;
    assert_eq!(f.app.detail_target(), Some(e));
}

fn kb_of(yaml: &str) -> arctic_brief::kb::Kb {
    arctic_brief::kb::load_texts(
        "t",
        vec![("t.yaml".into(), std::borrow::Cow::Owned(yaml.into()))],
    )
    .unwrap()
}

fn reloaded(f: &mut Flow, yaml: &str) {
    use arctic_brief::app::{Msg, ReloadOutcome, prepare};
    let prepared = prepare(&f.app.kb, kb_of(yaml));
    f.send(Msg::Reloaded(Box::new(ReloadOutcome::Loaded(prepared))));
}

#[test]
fn a_reload_carries_the_centres_over_by_id_and_closes_without_its_centre() {
    let kb = "actors:
  - {id: a, name: A, kind: person, affiliations: [b]}
  - {id: b, name: B, kind: organisation}
";
    let mut f = Flow::new(arctic_brief::app::App::new(kb_of(kb), 120, 40));
    f.select_actor("a");
    f.press(&[G, Key::ch('l'), ENTER]);
    assert_eq!(center(&f), "b");
    // Numbered differently now: a new actor comes first.
    reloaded(
        &mut f,
        "actors:
  - {id: z, name: Z, kind: person}
  - {id: a, name: A, kind: person, affiliations: [b]}
  - {id: b, name: B, kind: organisation}
",
    );
    assert_eq!(center(&f), "b");
    assert_eq!(selected(&f), "b");
    f.press(&[BACK]);
    assert_eq!(center(&f), "a", "the trail is carried over too");
    reloaded(
        &mut f,
        "actors:\n  - {id: b, name: B, kind: organisation}\n",
    );
    assert!(matches!(f.app.mode, Mode::Browse), "its centre is gone");
    assert!(
        f.app
            .status
            .as_deref()
            .unwrap_or("")
            .contains("centre is gone")
    );
}

#[test]
fn the_palette_opens_it_and_a_click_selects_then_recentres() {
    let mut f = Flow::bundled(120, 40);
    f.select_actor("united-states");
    f.press(&[Key::ch(':')]);
    f.type_text("graph");
    f.press(&[ENTER]);
    assert_eq!(center(&f), "united-states");
    let target = graph(&f).laid.as_ref().unwrap().nodes[1].clone();
    f.send(Action::Click(target.x + 1, target.y));
    assert_eq!(graph(&f).selected, 1);
    assert_eq!(center(&f), "united-states");
    f.send(Action::Click(target.x, target.y));
    assert_eq!(Some(graph(&f).center), target.what.entity());
    // A click on no node changes nothing.
    let before = graph(&f).selected;
    f.send(Action::Click(0, 0));
    assert_eq!(graph(&f).selected, before);
}

#[test]
fn question_mark_shows_the_graph_keys_and_esc_hides_them_first() {
    let mut f = opened("united-states");
    f.press(&[Key::ch('?')]);
    assert!(graph(&f).keys_shown);
    f.press(&[Key::ch('l')]);
    assert!(graph(&f).keys_shown, "moving keeps them shown");
    f.press(&[ESC]);
    assert!(!graph(&f).keys_shown);
    f.press(&[Key::ch('?'), Key::ch('?')]);
    assert!(!graph(&f).keys_shown);
    f.press(&[ESC]);
    assert!(matches!(f.app.mode, Mode::Browse));
}

#[test]
fn r_reloads_from_the_graph_too_and_the_graph_stays() {
    use arctic_brief::app::Effect;
    let kb = "actors:
  - {id: a, name: A, kind: person, affiliations: [b]}
  - {id: b, name: B, kind: organisation}
";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kb.yaml"), kb).unwrap();
    let on_disk = arctic_brief::kb::load_path(dir.path()).unwrap();
    let mut f = Flow::new(arctic_brief::app::App::new(on_disk, 120, 40));
    f.select_actor("a");
    f.press(&[G, Key::ch('r')]);
    assert_eq!(
        f.runner.log.last(),
        Some(&Effect::Reload),
        "{:?}",
        f.runner.log
    );
    assert_eq!(f.app.status.as_deref(), Some("reloading…"));
    assert_eq!(center(&f), "a", "the graph stays open while the KB is read");
    // The bundled briefing says why it does not reload, in the graph as in the lists.
    let mut f = opened("russia");
    f.press(&[Key::ch('r')]);
    assert!(
        f.app.status.as_deref().unwrap_or("").contains("read-only"),
        "{:?}",
        f.app.status
    );
    assert_eq!(center(&f), "russia");
}

#[test]
fn a_move_with_no_node_that_way_says_so() {
    let mut f = opened("united-states");
    // Up from the topmost node.
    for _ in 0..40 {
        f.press(&[Key::ch('k')]);
    }
    let top = selected(&f);
    f.press(&[Key::ch('k')]);
    assert_eq!(selected(&f), top);
    assert_eq!(f.app.status.as_deref(), Some("no node that way"));
    // Every relation hidden: only the centre, and the keys that bring them back.
    for n in ['1', '2', '3', '4', '5'] {
        f.press(&[Key::ch(n)]);
    }
    f.press(&[Key::ch('l')]);
    let status = f.app.status.clone().unwrap_or_default();
    assert!(status.contains("every relation is hidden"), "{status}");
    assert!(status.contains("1-5"), "{status}");
}

#[test]
fn a_lists_key_in_the_graph_says_it_does_not_work_here() {
    let mut f = opened("united-states");
    let before = selected(&f);
    for k in [Key::plain(KeyCode::Tab), Key::ch('/'), Key::ch('c')] {
        f.press(&[k]);
        assert!(
            matches!(f.app.mode, Mode::Graph(_)),
            "{k:?}: still the graph"
        );
        let status = f.app.status.clone().unwrap_or_default();
        assert!(status.contains("not in the graph"), "{k:?}: {status}");
        assert!(status.contains('?'), "{k:?}: {status}");
    }
    assert_eq!(selected(&f), before);
    // A key bound nowhere says nothing.
    f.press(&[ESC, G]);
    f.press(&[Key::ch('Z')]);
    assert_eq!(f.app.status, None);
}
