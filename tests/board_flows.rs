//! The contested-claims board's keys, as pure updates through the shared driver: `c` opens it
//! (its clusters computed by an effect whose answer comes back as a message) and closes it, the
//! cursor skips headings, Enter opens the claim in Detail and Backspace comes back, `/` narrows
//! it to the clusters holding a match, `a` to the clusters of the anchor, Esc leaves, a reload
//! asks for the clusters again.

mod common;

use arctic_brief::app::board::BoardRow;
use arctic_brief::app::keymap::{Key, KeyCode};
use arctic_brief::app::{Action, App, Effect, ListPane, Mode, Msg, Pane, View};
use arctic_brief::kb::{ClaimScope, EntityRef};
use common::flow::Flow;
use std::collections::HashSet;

fn opened() -> Flow {
    let mut f = Flow::bundled(120, 40);
    f.press(&[Key::ch('c')]);
    assert_eq!(f.app.view, View::Board);
    assert!(!f.app.board.computing(), "the sync runner answers at once");
    f
}

fn is_claim(app: &App, row: usize) -> bool {
    matches!(app.board.rows[row], BoardRow::Claim { .. })
}

/// How many claims the board's clusters hold.
fn board_len(f: &Flow) -> usize {
    f.app
        .board
        .clusters()
        .unwrap()
        .iter()
        .map(|c| c.len())
        .sum()
}

/// The id of the board's selected claim.
fn board_claim(f: &Flow) -> String {
    f.id(f.app.board.current().map(EntityRef::Claim))
}

#[test]
fn c_opens_the_board_with_detail_on_its_claim_and_c_or_esc_closes_it() {
    let mut f = opened();
    assert_eq!(f.app.focus, Pane::Board);
    assert!(f.app.board.clusters_shown() > 0);
    assert!(is_claim(&f.app, f.app.board.selected));
    assert_eq!(f.shown(), board_claim(&f), "Detail shows the board's claim");
    f.press(&[Key::ch('c')]);
    assert_eq!(f.app.view, View::Lists);
    assert!(f.app.panes().contains(&f.app.focus));
    f.press(&[Key::ch('c')]);
    assert_eq!(f.app.view, View::Board);
    f.press(&[Key::plain(KeyCode::Esc)]);
    assert_eq!(f.app.view, View::Lists);
    // Esc elsewhere does nothing.
    f.press(&[Key::plain(KeyCode::Esc)]);
    assert_eq!(f.app.view, View::Lists);
}

#[test]
fn the_board_waits_for_its_clusters_and_keys_still_work() {
    let mut f = Flow::bundled(80, 24);
    f.runner.hold_board = true;
    f.press(&[Key::ch('c')]);
    assert!(f.app.board.computing());
    assert!(
        f.runner.log.contains(&Effect::ComputeBoard { scope: None }),
        "{:?}",
        f.runner.log
    );
    f.press(&[Key::ch('j'), Key::ch('G'), Key::plain(KeyCode::Enter)]);
    f.press(&[Key::ch('k')]);
    assert!(f.app.board.computing());
    let asked = f.runner.log.len();
    f.press(&[Key::ch('j')]);
    assert_eq!(f.runner.log.len(), asked, "asked once, not per key");
    // An answer computed on another KB is dropped.
    let other = std::sync::Arc::new(arctic_brief::kb::load_bundled().unwrap());
    f.send(Msg::BoardComputed {
        clusters: std::sync::Arc::new(other.contested_clusters(None)),
        kb: other,
        scope: None,
    });
    assert!(f.app.board.computing(), "a stale answer is not taken");
    let kb = f.app.kb.clone();
    f.send(Msg::BoardComputed {
        clusters: std::sync::Arc::new(kb.contested_clusters(None)),
        kb,
        scope: None,
    });
    assert!(!f.app.board.computing());
    assert!(is_claim(&f.app, f.app.board.selected));
}

#[test]
fn moves_skip_headings_and_detail_follows() {
    let mut f = opened();
    f.press(&[Key::plain(KeyCode::Home)]);
    let first = f.app.board.selected;
    assert!(first > 0, "headings come first");
    assert!(is_claim(&f.app, first));
    assert!((0..first).all(|r| !is_claim(&f.app, r)));
    let mut seen = vec![board_claim(&f)];
    loop {
        let before = f.app.board.selected;
        f.press(&[Key::ch('j')]);
        if f.app.board.selected == before {
            break;
        }
        assert!(is_claim(&f.app, f.app.board.selected));
        assert_eq!(f.shown(), board_claim(&f));
        seen.push(board_claim(&f));
    }
    let claims = board_len(&f);
    assert_eq!(seen.len(), claims, "every claim is reached once");
    f.press(&[Key::plain(KeyCode::Home)]);
    assert_eq!(f.app.board.selected, first);
    f.press(&[Key::ch('G')]);
    let last = f.app.board.rows.len() - 1;
    assert!(is_claim(&f.app, last));
    assert_eq!(f.app.board.selected, last);
    f.press(&[Key::plain(KeyCode::PageUp)]);
    assert!(is_claim(&f.app, f.app.board.selected));
    f.press(&[Key::plain(KeyCode::PageDown)]);
    assert_eq!(f.app.board.selected, last);
    f.press(&[Key::plain(KeyCode::Up), Key::plain(KeyCode::Down)]);
    assert_eq!(f.app.board.selected, last);
}

#[test]
fn enter_opens_the_claim_in_detail_and_backspace_returns_to_the_board() {
    let mut f = opened();
    f.press(&[Key::ch('j')]);
    let claim = board_claim(&f);
    f.press(&[Key::plain(KeyCode::Enter)]);
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.app.view, View::Board);
    assert_eq!(f.shown(), claim);
    // Following an actor link leaves the board for the lists.
    f.select_link("Said by");
    f.press(&[Key::plain(KeyCode::Enter)]);
    assert_eq!(f.app.view, View::Lists);
    assert!(f.shown() != claim);
    f.press(&[Key::plain(KeyCode::Backspace)]);
    assert_eq!(f.app.view, View::Board);
    assert_eq!(f.app.focus, Pane::Detail);
    f.press(&[Key::plain(KeyCode::Backspace)]);
    assert_eq!(f.app.view, View::Board);
    assert_eq!(f.app.focus, Pane::Board);
    assert_eq!(board_claim(&f), claim, "the board's place is back");
    assert_eq!(f.shown(), claim);
}

#[test]
fn following_a_claim_link_from_detail_keeps_the_board_and_moves_its_cursor() {
    let mut f = opened();
    f.press(&[Key::plain(KeyCode::Home), Key::plain(KeyCode::Enter)]);
    let from = board_claim(&f);
    let at = f
        .app
        .detail_links()
        .iter()
        .position(|(_, t)| matches!(t, EntityRef::Claim(_)))
        .expect("a clustered claim links to a claim");
    f.send(Action::Top);
    for _ in 0..at {
        f.send(Action::Down);
    }
    let target = f.id(Some(f.app.detail_links()[at].1));
    f.press(&[Key::plain(KeyCode::Enter)]);
    assert_eq!(f.app.view, View::Board);
    assert_eq!(f.shown(), target);
    assert_eq!(board_claim(&f), target);
    f.press(&[Key::plain(KeyCode::Backspace)]);
    assert_eq!(f.shown(), from);
}

#[test]
fn slash_keeps_the_clusters_holding_a_match_until_esc() {
    let mut f = opened();
    let all = f.app.board.clusters_shown();
    assert!(all > 1);
    // A claim of the last cluster, found by its id.
    f.press(&[Key::ch('G')]);
    let wanted = board_claim(&f);
    // Its id's first word (a `-` would start a negation).
    let query = wanted.split('-').next().unwrap().to_string();
    f.press(&[Key::plain(KeyCode::Home), Key::ch('/')]);
    assert!(matches!(f.app.mode, Mode::Filter(_)));
    f.type_text(&query);
    assert!(f.app.board.clusters_shown() < all, "narrowed");
    let landed = board_claim(&f);
    assert!(
        landed.contains(&query),
        "the cursor lands on a match: {landed}"
    );
    let earlier_matches = (0..f.app.board.selected)
        .filter_map(|r| f.app.board.claim_at(r))
        .filter(|c| f.app.kb.claim(*c).id.contains(&query))
        .count();
    assert_eq!(earlier_matches, 0, "on the first match");
    f.press(&[Key::plain(KeyCode::Enter)]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert!(
        f.app.board.matched.is_some(),
        "Enter keeps the narrowed board"
    );
    assert!(f.app.board.clusters_shown() < all);
    f.press(&[Key::plain(KeyCode::Esc)]);
    assert_eq!(f.app.view, View::Board, "the first Esc drops the filter");
    assert_eq!(f.app.board.clusters_shown(), all);
    assert_eq!(board_claim(&f), landed, "the claim in hand stays selected");
    // Esc in the filter puts the board back as it was.
    f.press(&[Key::plain(KeyCode::Home)]);
    let before = board_claim(&f);
    f.press(&[Key::ch('/')]);
    f.type_text(&query);
    f.press(&[Key::plain(KeyCode::Esc)]);
    assert_eq!(f.app.board.clusters_shown(), all);
    assert_eq!(board_claim(&f), before);
    // A query that matches nothing leaves no rows, and no panic on keys.
    f.press(&[Key::ch('/')]);
    f.type_text("zzqqxxnothing");
    assert!(f.app.board.rows.is_empty());
    f.press(&[Key::plain(KeyCode::Down), Key::plain(KeyCode::Enter)]);
    assert!(f.app.board.current().is_none());
    f.press(&[Key::plain(KeyCode::Esc), Key::plain(KeyCode::Esc)]);
    assert_eq!(f.app.view, View::Lists);
}

#[test]
fn a_shows_only_the_clusters_of_the_anchor() {
    let mut f = Flow::bundled(120, 40);
    // An actor who speaks in some cluster but not all.
    let kb = f.app.kb.clone();
    let clusters = kb.contested_clusters(None);
    let speaker = kb
        .claim(clusters.last().unwrap().claims().next().unwrap().claim)
        .by;
    let actor_id = kb.actor(speaker).id.clone();
    f.select_actor(&actor_id);
    f.press(&[Key::ch('c')]);
    assert_eq!(f.app.board.anchor, Some(ClaimScope::Actor(speaker)));
    let all = f.app.board.clusters_shown();
    f.press(&[Key::ch('a')]);
    assert!(f.app.board.only_anchor);
    let mine: HashSet<EntityRef> = kb
        .claims_in(ClaimScope::Actor(speaker))
        .into_iter()
        .collect();
    let shown = f.app.board.clusters().unwrap();
    assert!(!shown.is_empty() && shown.len() <= all);
    for c in shown.iter() {
        assert!(
            c.claims()
                .any(|b| mine.contains(&EntityRef::Claim(b.claim)))
        );
    }
    assert!(
        f.app
            .status
            .as_deref()
            .unwrap()
            .contains("only clusters linked to")
    );
    f.press(&[Key::ch('a')]);
    assert_eq!(f.app.board.clusters_shown(), all);
}

#[test]
fn a_without_an_anchor_says_what_to_do() {
    let mut f = Flow::bundled(120, 40);
    f.app.lists.claim_scope = None;
    f.press(&[Key::ch('t'), Key::ch('t')]);
    // The palette's `board` command opens it too.
    f.press(&[Key::ch(':')]);
    f.type_text("board");
    f.press(&[Key::plain(KeyCode::Enter)]);
    assert_eq!(f.app.view, View::Board);
    f.app.board.anchor = None;
    f.press(&[Key::ch('a')]);
    assert!(!f.app.board.only_anchor);
    assert!(f.app.status.as_deref().unwrap().contains("select an actor"));
}

#[test]
fn a_reload_asks_for_the_clusters_again() {
    let mut f = opened();
    f.runner.hold_board = true;
    let new = arctic_brief::kb::load_bundled().unwrap();
    let prepared = arctic_brief::app::prepare(&f.app.kb, new);
    f.send(Msg::Reloaded(Box::new(
        arctic_brief::app::ReloadOutcome::Loaded(prepared),
    )));
    assert!(f.app.board.computing(), "the old clusters are dropped");
    assert!(f.runner.log.contains(&Effect::ComputeBoard { scope: None }));
    assert_eq!(f.app.view, View::Board);
}

#[test]
fn clicks_and_the_wheel_move_the_board_cursor() {
    let mut f = opened();
    let rect = f.app.screen().rect(Pane::Board).unwrap();
    f.press(&[Key::plain(KeyCode::Home)]);
    let first = f.app.board.selected;
    // The row below the header is the first cluster's heading: a click there selects nothing.
    f.send(Action::Click(rect.x + 3, rect.y + 2));
    assert_eq!(f.app.board.selected, first);
    let y = rect.y + 2 + (first + 1) as u16;
    f.send(Action::Click(rect.x + 3, y));
    assert_eq!(f.app.board.selected, first + 1);
    f.send(Action::Scroll(rect.x + 3, y, 1));
    assert!(f.app.board.selected > first + 1);
    f.send(Action::Click(rect.x + 3, y));
    f.send(Action::Click(rect.x + 3, y));
    assert_eq!(
        f.app.focus,
        Pane::Detail,
        "a click on the selected row opens it"
    );
    assert_eq!(f.app.list(ListPane::Claims).current().map(|_| ()), Some(()));
}

#[test]
fn space_marks_the_board_claim_and_moves_down() {
    let mut f = opened();
    f.press(&[Key::plain(KeyCode::Home)]);
    let first = f.app.board.current().unwrap();
    f.press(&[Key::ch(' ')]);
    assert!(f.app.is_marked(EntityRef::Claim(first)));
    assert_ne!(f.app.board.current(), Some(first), "moves down the board");
    assert_eq!(f.app.focus, Pane::Board);
}

#[test]
fn a_resize_keeps_the_cursor_in_view() {
    let mut f = opened();
    f.press(&[Key::ch('G')]);
    f.send(Action::Resize(80, 24));
    let page = f.app.screen().rect(Pane::Board).unwrap().height as usize - 3;
    let b = &f.app.board;
    assert!(b.selected >= b.offset && b.selected < b.offset + page);
    f.send(Action::Resize(30, 8));
    f.press(&[Key::plain(KeyCode::Home), Key::ch('j')]);
    assert!(is_claim(&f.app, f.app.board.selected));
}

#[test]
fn e_briefs_the_claims_the_board_shows_when_nothing_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = opened();
    f.app.export_dir = dir.path().to_path_buf();
    let shown = board_len(&f);
    f.press(&[Key::ch('E')]);
    let Some(Effect::WriteNote {
        job: arctic_brief::app::action::ExportJob::Briefing { items, scope },
        ..
    }) = f.runner.log.last()
    else {
        panic!("{:?}", f.runner.log)
    };
    assert_eq!(items.len(), shown, "every claim of the board, no other");
    assert!(items.iter().all(|e| matches!(e, EntityRef::Claim(_))));
    assert!(scope.contains("contested-claims board"), "{scope}");
}

#[test]
fn leaving_the_board_focuses_the_list_detail_follows() {
    // Regression: Esc left the focus on Actors while Detail still showed the board's claim.
    let mut f = opened();
    f.press(&[Key::ch('j')]);
    let claim = board_claim(&f);
    f.press(&[Key::plain(KeyCode::Esc)]);
    assert_eq!(f.app.view, View::Lists);
    assert_eq!(f.app.focus, Pane::Claims);
    assert_eq!(
        f.shown(),
        claim,
        "Detail shows the claim the focused list selects"
    );
    let focused = f.app.lists.get(ListPane::Claims).current();
    assert_eq!(f.id(focused), claim);
}

#[test]
fn g_on_the_board_graphs_its_claim_and_esc_comes_back_to_the_board() {
    let mut f = opened();
    let claim = board_claim(&f);
    f.press(&[Key::ch('g')]);
    assert!(matches!(f.app.mode, Mode::Graph(_)));
    assert_eq!(f.shown(), claim, "the graph starts on the board's claim");
    f.press(&[Key::plain(KeyCode::Esc)]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(f.app.view, View::Board);
    assert_eq!(board_claim(&f), claim);
}

#[test]
fn an_empty_board_leaves_detail_empty_not_on_a_claim_it_does_not_show() {
    let mut f = Flow::bundled(120, 40);
    // An actor with claims but none in a cluster: `a` narrows the board to nothing.
    let lonely = f
        .app
        .kb
        .all_of(arctic_brief::kb::EntityKind::Actor)
        .into_iter()
        .find(|e| {
            let scope = ClaimScope::of(*e);
            scope.is_some_and(|s| f.app.kb.contested_clusters(Some(s)).is_empty())
        })
        .expect("an actor of the briefing outside every cluster");
    let id = f.id(Some(lonely));
    f.select_actor(&id);
    f.press(&[Key::ch('c'), Key::ch('a')]);
    assert!(f.app.board.only_anchor);
    assert_eq!(f.app.board.clusters_shown(), 0);
    assert_eq!(
        f.shown(),
        "",
        "Detail shows no claim the board does not list"
    );
    assert_eq!(f.app.export_target(), None, "so `e` writes none");
    f.press(&[Key::plain(KeyCode::Enter)]);
    assert_eq!(f.app.focus, Pane::Board);
    let status = f.app.status.clone().unwrap_or_default();
    assert!(
        status.contains("no claim to open"),
        "Enter says why: {status}"
    );
    f.press(&[Key::ch('a')]);
    assert_eq!(
        f.shown(),
        board_claim(&f),
        "all clusters again: Detail on the cursor"
    );
    // A filter that matches nothing empties the board too; Esc restores it.
    f.press(&[Key::ch('/')]);
    f.type_text("zzzz-no-such-text");
    assert_eq!(f.shown(), "");
    f.press(&[Key::plain(KeyCode::Esc)]);
    assert_eq!(f.shown(), board_claim(&f));
}
