//! Key sequences driven through the pure `update`, asserting the state a user would see: focus,
//! selection, linked filtering, following links and the history.

use arctic_brief::app::keymap::{self, Key, KeyCode};
use arctic_brief::app::{Action, App, Effect, Pane, update};
use arctic_brief::kb::{self, EntityRef, Kb};
use arctic_brief::search::Index;
use arctic_brief::search::worker::Response;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

fn app() -> App {
    App::new(kb::load_bundled().unwrap(), 120, 40)
}

/// Applies an action as the event loop would, running searches synchronously and feeding their
/// answers back. Returns the effects other than searches.
fn act(app: &mut App, action: Action) -> Vec<Effect> {
    let mut out = Vec::new();
    let mut queue = vec![action];
    while let Some(a) = queue.pop() {
        for effect in update(app, a) {
            match effect {
                Effect::Search(request) => {
                    let index = Index::build(&app.kb);
                    let results = index.search(
                        &app.kb,
                        &request.query,
                        &request.scope,
                        None,
                        &AtomicBool::new(false),
                    );
                    queue.push(Action::SearchResults(Box::new(Response {
                        generation: request.generation,
                        results: Arc::new(results),
                        elapsed: Duration::ZERO,
                    })));
                }
                other => out.push(other),
            }
        }
    }
    out
}

fn press(app: &mut App, keys: &[Key]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for k in keys {
        if let Some(a) = keymap::action_for(*k, app.key_scope()) {
            effects.extend(act(app, a));
        }
    }
    effects
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, &[Key::ch(c)]);
    }
}

fn id(app: &App, e: Option<EntityRef>) -> String {
    e.map(|e| app.kb.id_of(e).to_string()).unwrap_or_default()
}

fn ids(app: &App, pane: Pane) -> Vec<String> {
    app.list(pane)
        .items
        .iter()
        .map(|e| app.kb.id_of(*e).to_string())
        .collect()
}

fn select_actor(app: &mut App, actor: &str) {
    let want = app.kb.lookup(actor).unwrap();
    update(app, Action::Top);
    while app.list(Pane::Actors).current() != Some(want) {
        let before = app.list(Pane::Actors).selected;
        update(app, Action::Down);
        assert_ne!(before, app.list(Pane::Actors).selected, "{actor} not found");
    }
}

const J: Key = Key::ch('j');
const K: Key = Key::ch('k');
const TAB: Key = Key::plain(KeyCode::Tab);
const BACKTAB: Key = Key::plain(KeyCode::BackTab);
const ENTER: Key = Key::plain(KeyCode::Enter);
const BACK: Key = Key::plain(KeyCode::Backspace);

fn kb_of(app: &App) -> &Kb {
    &app.kb
}

#[test]
fn starts_on_the_first_actor_with_linked_panes() {
    let app = app();
    assert_eq!(app.focus, Pane::Actors);
    assert_eq!(id(&app, app.detail_target()), "united-states");
    assert!(app.list(Pane::Meetings).linked);
    assert_eq!(app.list(Pane::Meetings).items.len(), 3);
}

#[test]
fn moving_in_actors_narrows_meetings_and_claims() {
    let mut app = app();
    select_actor(&mut app, "sergei-lavrov");
    assert_eq!(
        ids(&app, Pane::Meetings),
        ["istanbul-embassy-staffing-meeting"]
    );
    assert_eq!(ids(&app, Pane::Claims), ["istanbul-meeting-announced"]);
    assert_eq!(ids(&app, Pane::Sources), ["caliber-az-arctic-cooperation"]);
    assert_eq!(id(&app, app.list(Pane::Meetings).anchor), "sergei-lavrov");
    select_actor(&mut app, "kirill-dmitriev");
    assert_eq!(ids(&app, Pane::Meetings), ["saudi-arabia-us-russia-talks"]);
    assert_eq!(ids(&app, Pane::Claims), ["dmitriev-energy-discussed"]);
    select_actor(&mut app, "saudi-arabia");
    assert!(ids(&app, Pane::Meetings).is_empty());
}

#[test]
fn moving_in_meetings_narrows_claims_to_that_meeting() {
    let mut app = app();
    select_actor(&mut app, "russia");
    press(&mut app, &[TAB]);
    assert_eq!(app.focus, Pane::Meetings);
    let first = id(&app, app.list(Pane::Meetings).current());
    assert_eq!(
        first, "saudi-arabia-us-russia-talks",
        "meetings sorted by date"
    );
    press(&mut app, &[J]);
    assert_eq!(
        id(&app, app.list(Pane::Meetings).current()),
        "istanbul-embassy-staffing-meeting"
    );
    assert_eq!(
        ids(&app, Pane::Claims),
        ["istanbul-meeting-announced", "istanbul-eases-tensions"]
    );
    assert_eq!(
        id(&app, app.list(Pane::Claims).anchor),
        "istanbul-embassy-staffing-meeting"
    );
    assert_eq!(
        id(&app, app.detail_target()),
        "istanbul-embassy-staffing-meeting"
    );
    press(&mut app, &[K]);
    assert_eq!(ids(&app, Pane::Claims), ["dmitriev-energy-discussed"]);
}

#[test]
fn a_toggles_linked_and_all() {
    let mut app = app();
    select_actor(&mut app, "sergei-lavrov");
    press(&mut app, &[TAB, TAB]);
    assert_eq!(app.focus, Pane::Claims);
    press(&mut app, &[Key::ch('a')]);
    assert!(!app.list(Pane::Claims).linked);
    assert_eq!(
        app.list(Pane::Claims).items.len(),
        kb_of(&app).claims().len()
    );
    assert_eq!(
        id(&app, app.list(Pane::Claims).current()),
        "istanbul-meeting-announced",
        "selection kept"
    );
    assert!(app.list(Pane::Meetings).linked, "only the focused pane");
    press(&mut app, &[Key::ch('a')]);
    assert!(app.list(Pane::Claims).linked);
    // From Actors, every dependent pane at once.
    press(&mut app, &[BACKTAB, BACKTAB, Key::ch('a')]);
    assert_eq!(app.focus, Pane::Actors);
    assert!(
        !app.list(Pane::Meetings).linked
            && !app.list(Pane::Claims).linked
            && !app.list(Pane::Sources).linked
    );
    assert_eq!(app.list(Pane::Meetings).items.len(), 3);
    assert!(app.status.as_deref().unwrap().contains("all items"));
}

#[test]
fn follow_back_and_forward() {
    let mut app = app();
    select_actor(&mut app, "sergei-lavrov");
    press(&mut app, &[ENTER]);
    assert_eq!(app.focus, Pane::Detail);
    let links = app.detail_links();
    assert_eq!(links[0].0, "Affiliated with");
    // Down to the Istanbul meeting link ("Spoke about"), follow it.
    press(&mut app, &[J, ENTER]);
    assert_eq!(app.focus, Pane::Meetings);
    assert_eq!(
        id(&app, app.detail_target()),
        "istanbul-embassy-staffing-meeting"
    );
    // Into its claims and on to a claim.
    press(&mut app, &[ENTER]);
    let claim_at = app
        .detail_links()
        .iter()
        .position(|(l, _)| *l == "Claims")
        .unwrap();
    for _ in 0..claim_at {
        press(&mut app, &[J]);
    }
    press(&mut app, &[ENTER]);
    assert_eq!(app.focus, Pane::Claims);
    assert_eq!(id(&app, app.detail_target()), "istanbul-meeting-announced");
    press(&mut app, &[BACK]);
    assert_eq!(app.focus, Pane::Detail);
    assert_eq!(
        id(&app, app.detail_target()),
        "istanbul-embassy-staffing-meeting"
    );
    press(&mut app, &[BACK]);
    assert_eq!(id(&app, app.detail_target()), "sergei-lavrov");
    assert_eq!(app.link, 1, "the link cursor is restored");
    press(&mut app, &[BACK]);
    assert!(app.status.as_deref().unwrap().contains("no earlier place"));
    press(&mut app, &[Key::alt(KeyCode::Right)]);
    assert_eq!(
        id(&app, app.detail_target()),
        "istanbul-embassy-staffing-meeting"
    );
    press(&mut app, &[Key::alt(KeyCode::Right)]);
    assert_eq!(id(&app, app.detail_target()), "istanbul-meeting-announced");
    press(&mut app, &[Key::alt(KeyCode::Left)]);
    assert_eq!(
        id(&app, app.detail_target()),
        "istanbul-embassy-staffing-meeting"
    );
}

#[test]
fn following_to_an_unlinked_item_switches_its_pane_to_all() {
    let mut app = app();
    select_actor(&mut app, "sergei-lavrov");
    // Lavrov's claim, then its contradiction-free neighbours: follow "Said" -> claim -> "About" Russia.
    press(&mut app, &[ENTER]);
    let said = app
        .detail_links()
        .iter()
        .position(|(l, _)| *l == "Said")
        .unwrap();
    for _ in 0..said {
        press(&mut app, &[J]);
    }
    press(&mut app, &[ENTER]);
    assert_eq!(id(&app, app.detail_target()), "istanbul-meeting-announced");
    // Go to the wedge claim, which is not linked to Lavrov: Claims switches to all.
    let wedge = app.kb.lookup("wedge-hope").unwrap();
    app.go_to(wedge);
    assert!(!app.list(Pane::Claims).linked);
    assert_eq!(id(&app, app.detail_target()), "wedge-hope");
    press(&mut app, &[ENTER]);
    let contradicted = app
        .detail_links()
        .iter()
        .position(|(l, _)| *l == "Contradicted by")
        .unwrap();
    for _ in 0..contradicted {
        press(&mut app, &[J]);
    }
    press(&mut app, &[ENTER]);
    assert_eq!(id(&app, app.detail_target()), "wedge-unlikely");
}

#[test]
fn following_an_actor_link_moves_the_actor_selection() {
    let mut app = app();
    select_actor(&mut app, "sergei-lavrov");
    press(&mut app, &[ENTER, ENTER]); // "Affiliated with" Russia
    assert_eq!(app.focus, Pane::Actors);
    assert_eq!(id(&app, app.list(Pane::Actors).current()), "russia");
    assert_eq!(id(&app, app.list(Pane::Meetings).anchor), "russia");
}

#[test]
fn tab_cycles_every_pane_both_ways() {
    let mut app = app();
    let mut seen = Vec::new();
    for _ in 0..5 {
        press(&mut app, &[TAB]);
        seen.push(app.focus);
    }
    assert_eq!(
        seen,
        [
            Pane::Meetings,
            Pane::Claims,
            Pane::Sources,
            Pane::Detail,
            Pane::Actors
        ]
    );
    press(&mut app, &[BACKTAB]);
    assert_eq!(app.focus, Pane::Detail);
    assert_eq!(
        app.shown,
        Pane::Actors,
        "Detail keeps showing the last list's selection"
    );
}

#[test]
fn paging_and_ends() {
    let mut app = app();
    press(&mut app, &[Key::ch('G')]);
    assert_eq!(app.list(Pane::Actors).selected, 19);
    press(&mut app, &[Key::ch('g')]);
    assert_eq!(app.list(Pane::Actors).selected, 0);
    press(&mut app, &[Key::plain(KeyCode::PageDown)]);
    let page = app.list(Pane::Actors).selected;
    assert!(page > 1, "{page}");
    press(&mut app, &[Key::plain(KeyCode::End), J, J]);
    assert_eq!(app.list(Pane::Actors).selected, 19, "clamped at the end");
    let view = app.list(Pane::Actors);
    assert!(view.offset <= view.selected);
}

#[test]
fn help_quit_and_escape() {
    let mut app = app();
    press(&mut app, &[Key::ch('?')]);
    assert!(app.help);
    press(&mut app, &[J]);
    assert_eq!(
        app.list(Pane::Actors).selected,
        0,
        "keys scroll the help, not the panes"
    );
    press(&mut app, &[Key::plain(KeyCode::Esc)]);
    assert!(!app.help);
    assert_eq!(press(&mut app, &[Key::ch('q')]), [Effect::Quit]);
    assert_eq!(press(&mut app, &[Key::ctrl('c')]), [Effect::Quit]);
    press(&mut app, &[Key::ch('?')]);
    assert_eq!(press(&mut app, &[Key::ch('q')]), [Effect::Quit]);
}

#[test]
fn mouse_click_focuses_and_selects_and_the_wheel_scrolls() {
    let mut app = app();
    let screen = app.screen();
    let meetings = screen.rect(Pane::Meetings).unwrap();
    update(&mut app, Action::Click(meetings.x + 3, meetings.y + 2));
    assert_eq!(app.focus, Pane::Meetings);
    assert_eq!(app.list(Pane::Meetings).selected, 1);
    let actors = screen.rect(Pane::Actors).unwrap();
    update(&mut app, Action::Scroll(actors.x + 1, actors.y + 1, 1));
    assert_eq!(app.list(Pane::Actors).selected, 3);
    assert_eq!(app.focus, Pane::Meetings, "the wheel does not move focus");
    let detail = screen.rect(Pane::Detail).unwrap();
    update(&mut app, Action::Click(detail.x + 2, detail.y + 2));
    assert_eq!(app.focus, Pane::Detail);
    // A click on a border or past the last row selects nothing new.
    let before = app.list(Pane::Meetings).selected;
    update(&mut app, Action::Click(meetings.x + 3, meetings.y));
    assert_eq!(app.list(Pane::Meetings).selected, before);
}

#[test]
fn resize_keeps_the_selection_in_view() {
    let mut app = app();
    press(&mut app, &[Key::ch('G')]);
    update(&mut app, Action::Resize(60, 12));
    let view = app.list(Pane::Actors);
    assert!(view.selected >= view.offset);
    update(&mut app, Action::Resize(1, 1));
    update(&mut app, Action::Down);
    update(&mut app, Action::Resize(200, 50));
    assert_eq!(app.list(Pane::Actors).selected, 19);
}

const SLASH: Key = Key::ch('/');
const ESC: Key = Key::plain(KeyCode::Esc);

#[test]
fn slash_filters_the_pane_live_and_enter_keeps_the_choice() {
    let mut app = app();
    press(&mut app, &[SLASH]);
    assert!(app.filter.is_some());
    type_text(&mut app, "lavr");
    let f = app.filter.as_ref().unwrap();
    assert_eq!(f.input, "lavr");
    let r = f.results.as_ref().unwrap();
    assert_eq!(r.total, 20);
    assert_eq!(ids(&app, Pane::Actors), ["sergei-lavrov"]);
    // Detail previews the highlighted result at once.
    assert_eq!(id(&app, app.detail_target()), "sergei-lavrov");
    press(&mut app, &[ENTER]);
    assert!(app.filter.is_none());
    assert_eq!(app.list(Pane::Actors).items.len(), 20, "the filter clears");
    assert_eq!(
        id(&app, app.list(Pane::Actors).current()),
        "sergei-lavrov",
        "the choice stays selected"
    );
    assert_eq!(
        ids(&app, Pane::Meetings),
        ["istanbul-embassy-staffing-meeting"]
    );
    // Backspace returns to where the search started.
    press(&mut app, &[BACK]);
    assert_eq!(id(&app, app.detail_target()), "united-states");
}

#[test]
fn esc_restores_the_list_and_selection() {
    let mut app = app();
    press(&mut app, &[J, J]);
    let before = app.list(Pane::Actors).clone();
    let meetings_before = ids(&app, Pane::Meetings);
    press(&mut app, &[SLASH]);
    type_text(&mut app, "dmitr");
    // Fuzzy: "Biden aDMInisTRation" matches too, ranked below the name that starts a word.
    assert_eq!(ids(&app, Pane::Actors)[0], "kirill-dmitriev");
    assert_ne!(
        ids(&app, Pane::Meetings),
        meetings_before,
        "linked panes follow the preview"
    );
    press(&mut app, &[ESC]);
    assert!(app.filter.is_none());
    assert_eq!(app.list(Pane::Actors).items, before.items);
    assert_eq!(app.list(Pane::Actors).selected, before.selected);
    assert_eq!(ids(&app, Pane::Meetings), meetings_before);
}

#[test]
fn typing_editing_and_moving_in_the_filter() {
    let mut app = app();
    press(&mut app, &[SLASH]);
    type_text(&mut app, "jk");
    assert_eq!(
        app.filter.as_ref().unwrap().input,
        "jk",
        "j and k are typed, not moves"
    );
    press(&mut app, &[Key::ctrl('u')]);
    assert_eq!(app.filter.as_ref().unwrap().input, "");
    assert_eq!(
        app.list(Pane::Actors).items.len(),
        20,
        "an empty query shows the pane as it was"
    );
    type_text(&mut app, "kind:person");
    let people = ids(&app, Pane::Actors);
    assert!(
        people.contains(&"sergei-lavrov".to_string()) && !people.contains(&"russia".to_string())
    );
    press(&mut app, &[Key::plain(KeyCode::Down)]);
    assert_eq!(app.list(Pane::Actors).selected, 1);
    press(&mut app, &[Key::plain(KeyCode::Backspace)]);
    assert_eq!(app.filter.as_ref().unwrap().input, "kind:perso");
    assert!(
        app.filter
            .as_ref()
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("did you mean `person`?")
    );
    press(&mut app, &[Key::ctrl('u')]);
    type_text(&mut app, "zzzz");
    assert!(app.list(Pane::Actors).items.is_empty());
    press(&mut app, &[ENTER]);
    assert_eq!(
        app.list(Pane::Actors).items.len(),
        20,
        "Enter on no result just closes"
    );
}

#[test]
fn filtering_a_linked_pane_searches_only_what_it_shows() {
    let mut app = app();
    select_actor(&mut app, "russia");
    press(&mut app, &[TAB, TAB]);
    let shown = app.list(Pane::Claims).items.len();
    press(&mut app, &[SLASH]);
    type_text(&mut app, "wedge");
    let r = app.filter.as_ref().unwrap().results.as_ref().unwrap();
    assert_eq!(r.total, shown);
    let found = ids(&app, Pane::Claims);
    assert_eq!(
        found[..2],
        ["wedge-hope", "wedge-unlikely"],
        "whole-word matches first"
    );
    assert!(found.len() <= shown);
    assert!(
        !found.contains(&"polar-silk-road".to_string()),
        "only claims linked to Russia"
    );
}

#[test]
fn ctrl_p_jumps_anywhere_and_backspace_returns() {
    let mut app = app();
    select_actor(&mut app, "sergei-lavrov");
    press(&mut app, &[ENTER]);
    press(&mut app, &[Key::ctrl('p')]);
    let j = app.jump.as_ref().unwrap();
    assert_eq!(
        j.items[0],
        app.kb.lookup("sergei-lavrov").unwrap(),
        "recent first"
    );
    type_text(&mut app, "wedge unlikely");
    let j = app.jump.as_ref().unwrap();
    assert_eq!(id(&app, j.items.first().copied()), "wedge-unlikely");
    press(&mut app, &[ENTER]);
    assert!(app.jump.is_none());
    assert_eq!(app.focus, Pane::Claims);
    assert_eq!(id(&app, app.detail_target()), "wedge-unlikely");
    press(&mut app, &[BACK]);
    assert_eq!(id(&app, app.detail_target()), "sergei-lavrov");
    // `:` opens it too; Esc closes without moving.
    press(&mut app, &[Key::ch(':')]);
    assert!(app.jump.is_some());
    press(&mut app, &[ESC]);
    assert!(app.jump.is_none());
    assert_eq!(id(&app, app.detail_target()), "sergei-lavrov");
}

#[test]
fn stale_search_answers_are_ignored() {
    let mut app = app();
    press(&mut app, &[SLASH]);
    let first = update(&mut app, Action::Input('l'));
    let second = update(&mut app, Action::Input('a'));
    let (Some(Effect::Search(old)), Some(Effect::Search(new))) = (first.first(), second.first())
    else {
        panic!("searches expected")
    };
    let index = Index::build(&app.kb);
    let never = AtomicBool::new(false);
    let answer = |r: &arctic_brief::search::worker::Request| {
        Action::SearchResults(Box::new(Response {
            generation: r.generation,
            results: Arc::new(index.search(&app.kb, &r.query, &r.scope, None, &never)),
            elapsed: Duration::ZERO,
        }))
    };
    let (old_answer, new_answer) = (answer(old), answer(new));
    update(&mut app, new_answer);
    let shown = ids(&app, Pane::Actors);
    update(&mut app, old_answer);
    assert_eq!(
        ids(&app, Pane::Actors),
        shown,
        "the older answer does not replace the newer"
    );
    assert_eq!(app.filter.as_ref().unwrap().input, "la");
}

#[test]
fn enter_before_the_answer_takes_the_top_result_when_it_comes() {
    let mut app = app();
    update(&mut app, Action::OpenFilter);
    let mut requests = Vec::new();
    for c in "lavr".chars() {
        for e in update(&mut app, Action::Input(c)) {
            if let Effect::Search(r) = e {
                requests.push(r);
            }
        }
    }
    // Enter arrives before any answer, then `j`: a move meant for the list once the choice is made.
    update(&mut app, Action::Activate);
    assert!(app.filter.is_some(), "still waiting for the answer");
    assert_eq!(app.key_scope(), keymap::Scope::Browse);
    assert_eq!(keymap::action_for(J, app.key_scope()), Some(Action::Down));
    update(&mut app, Action::Down);
    let newest = requests.pop().unwrap();
    let index = Index::build(&app.kb);
    let results = index.search(
        &app.kb,
        &newest.query,
        &newest.scope,
        None,
        &AtomicBool::new(false),
    );
    update(
        &mut app,
        Action::SearchResults(Box::new(Response {
            generation: newest.generation,
            results: Arc::new(results),
            elapsed: Duration::ZERO,
        })),
    );
    assert!(app.filter.is_none());
    assert_eq!(
        id(&app, app.list(Pane::Actors).current()),
        "kirill-dmitriev",
        "Lavrov chosen, then one down"
    );
    // The same for the jump popup.
    update(&mut app, Action::OpenJump);
    let mut last = None;
    for c in "wedge unl".chars() {
        for e in update(&mut app, Action::Input(c)) {
            if let Effect::Search(r) = e {
                last = Some(r);
            }
        }
    }
    update(&mut app, Action::Activate);
    let r = last.unwrap();
    let results = index.search(&app.kb, &r.query, &r.scope, None, &AtomicBool::new(false));
    update(
        &mut app,
        Action::SearchResults(Box::new(Response {
            generation: r.generation,
            results: Arc::new(results),
            elapsed: Duration::ZERO,
        })),
    );
    assert!(app.jump.is_none(), "{:?}", app.jump);
    assert_eq!(id(&app, app.detail_target()), "wedge-unlikely", "{:?}", r);
}

#[test]
fn timeline_orders_by_date_at_its_precision() {
    use arctic_brief::app::timeline_order;
    use std::borrow::Cow;
    let yaml = "\
actors:
  - {id: a, name: A, kind: person}
meetings:
  - {id: m-undated, title: Undated, status: proposed, participants: [a]}
  - {id: m-day, title: Day, status: held, participants: [a], date: 2025-02-01}
  - {id: m-year, title: Year, status: held, participants: [a], date: 2025}
  - {id: m-month, title: Month, status: held, participants: [a], date: 2025-02}
  - {id: m-old, title: Old, status: held, participants: [a], date: 2024-12-31}
claims:
  - {id: c-undated, text: Undated claim, by: a, source: s}
  - {id: c-month, text: Month claim, by: a, source: s, date: 2025-02}
  - {id: c-jan, text: January claim, by: a, source: s, date: 2025-01}
sources:
  - {id: s, title: S}
";
    let kb = kb::load_texts("t", vec![("t.yaml".into(), Cow::Borrowed(yaml))]).unwrap();
    let all = kb.sorted(None);
    let ordered: Vec<&str> = timeline_order(&kb, all)
        .into_iter()
        .map(|e| kb.id_of(e))
        .collect();
    assert_eq!(
        ordered,
        [
            "m-old",
            "m-year",
            "c-jan",
            "m-month",
            "c-month",
            "m-day",
            "m-undated"
        ]
    );
}

#[test]
fn timeline_view_flow() {
    let mut app = app();
    select_actor(&mut app, "sergei-lavrov");
    press(&mut app, &[Key::ch('t')]);
    assert!(app.timeline);
    assert_eq!(app.focus, Pane::Timeline);
    assert_eq!(
        ids(&app, Pane::Timeline),
        [
            "istanbul-embassy-staffing-meeting",
            "istanbul-meeting-announced"
        ]
    );
    assert_eq!(id(&app, app.list(Pane::Timeline).anchor), "sergei-lavrov");
    // Tab cycles Actors, Timeline, Detail.
    press(&mut app, &[TAB]);
    assert_eq!(app.focus, Pane::Detail);
    press(&mut app, &[TAB]);
    assert_eq!(app.focus, Pane::Actors);
    press(&mut app, &[J]);
    assert_eq!(
        id(&app, app.list(Pane::Timeline).anchor),
        "kirill-dmitriev",
        "the timeline follows the actor"
    );
    press(&mut app, &[TAB, Key::ch('a')]);
    assert!(!app.list(Pane::Timeline).linked);
    assert_eq!(
        app.list(Pane::Timeline).items.len(),
        3 + 3,
        "every meeting and every dated claim"
    );
    // Enter jumps to the item as following a link does; Backspace comes back to the timeline.
    press(&mut app, &[J]);
    let chosen = app.list(Pane::Timeline).current().unwrap();
    press(&mut app, &[ENTER]);
    assert!(!app.timeline);
    assert_eq!(app.focus, Pane::of(chosen.kind()));
    assert_eq!(app.detail_target(), Some(chosen));
    let jumped = id(&app, app.detail_target());
    press(&mut app, &[BACK]);
    assert!(app.timeline);
    assert_eq!(app.focus, Pane::Timeline);
    assert_eq!(id(&app, app.list(Pane::Timeline).current()), jumped);
    press(&mut app, &[Key::ch('t')]);
    assert!(!app.timeline);
    assert_eq!(app.focus, Pane::Actors);
}

#[test]
fn search_works_in_the_timeline() {
    let mut app = app();
    press(&mut app, &[Key::ch('t'), Key::ch('a'), SLASH]);
    type_text(&mut app, "istanbul");
    assert_eq!(
        ids(&app, Pane::Timeline)[0],
        "istanbul-embassy-staffing-meeting"
    );
    press(&mut app, &[Key::plain(KeyCode::Down), ENTER]);
    assert!(app.filter.is_none());
    assert_eq!(
        app.list(Pane::Timeline).items.len(),
        6,
        "the timeline as it was"
    );
    assert_eq!(
        id(&app, app.list(Pane::Timeline).current()),
        "istanbul-meeting-announced"
    );
}
