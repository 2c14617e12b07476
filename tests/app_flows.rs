//! Key sequences driven through the pure `update`, asserting the state a user would see: focus,
//! selection, linked filtering, following links and the history.

use arctic_brief::app::keymap::{self, Key, KeyCode};
use arctic_brief::app::{Action, App, Effect, Pane, update};
use arctic_brief::kb::{self, EntityRef, Kb};

fn app() -> App {
    App::new(kb::load_bundled().unwrap(), 120, 40)
}

fn press(app: &mut App, keys: &[Key]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for k in keys {
        if let Some(a) = keymap::action_for(*k, app.help) {
            effects.extend(update(app, a));
        }
    }
    effects
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
