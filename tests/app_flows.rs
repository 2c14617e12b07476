//! Key sequences driven through the pure `update` with the shared driver (as the event loop
//! runs them), asserting what a user would see: focus, selection, linked panes, following links,
//! the history, the search box, the palette, help and the mouse.

mod common;

use arctic_brief::app::keymap::{self, Key, KeyCode};
use arctic_brief::app::{
    Action, App, EditorError, Effect, FilterTarget, ListPane, Mode, PaletteItem, Pane, View,
};
use arctic_brief::kb::{self};
use common::flow::Flow;

const J: Key = Key::ch('j');
const K: Key = Key::ch('k');
const TAB: Key = Key::plain(KeyCode::Tab);
const BACKTAB: Key = Key::plain(KeyCode::BackTab);
const ENTER: Key = Key::plain(KeyCode::Enter);
const BACK: Key = Key::plain(KeyCode::Backspace);
const SLASH: Key = Key::ch('/');
const ESC: Key = Key::plain(KeyCode::Esc);
const FORWARD: Key = Key::alt(KeyCode::Right);

fn flow() -> Flow {
    Flow::bundled(120, 40)
}

fn filter_text(f: &Flow) -> String {
    match &f.app.mode {
        Mode::Filter(s) => s.search.text().to_string(),
        m => panic!("not filtering: {m:?}"),
    }
}

#[test]
fn starts_on_the_first_actor_with_linked_panes() {
    let f = flow();
    assert_eq!(f.app.focus, Pane::Actors);
    assert_eq!(f.shown(), "united-states");
    assert!(f.app.list(ListPane::Meetings).linked);
    assert_eq!(f.app.list(ListPane::Meetings).items.len(), 3);
}

#[test]
fn moving_in_actors_narrows_meetings_and_claims() {
    let mut f = flow();
    f.select_actor("sergei-lavrov");
    assert_eq!(
        f.ids(ListPane::Meetings),
        ["istanbul-embassy-staffing-meeting"]
    );
    assert_eq!(f.ids(ListPane::Claims), ["istanbul-meeting-announced"]);
    assert_eq!(f.ids(ListPane::Sources), ["caliber-az-arctic-cooperation"]);
    assert_eq!(f.id(f.app.list(ListPane::Meetings).anchor), "sergei-lavrov");
    f.select_actor("kirill-dmitriev");
    assert_eq!(f.ids(ListPane::Meetings), ["saudi-arabia-us-russia-talks"]);
    assert_eq!(f.ids(ListPane::Claims), ["dmitriev-energy-discussed"]);
    f.select_actor("saudi-arabia");
    assert!(f.ids(ListPane::Meetings).is_empty());
}

#[test]
fn moving_in_meetings_narrows_claims_to_that_meeting() {
    let mut f = flow();
    f.select_actor("russia");
    f.press(&[TAB]);
    assert_eq!(f.app.focus, Pane::Meetings);
    assert_eq!(
        f.id(f.app.list(ListPane::Meetings).current()),
        "saudi-arabia-us-russia-talks",
        "meetings sorted by date"
    );
    f.press(&[J]);
    assert_eq!(
        f.ids(ListPane::Claims),
        ["istanbul-meeting-announced", "istanbul-eases-tensions"]
    );
    assert_eq!(
        f.id(f.app.list(ListPane::Claims).anchor),
        "istanbul-embassy-staffing-meeting"
    );
    assert_eq!(f.shown(), "istanbul-embassy-staffing-meeting");
    f.press(&[K]);
    assert_eq!(f.ids(ListPane::Claims), ["dmitriev-energy-discussed"]);
}

#[test]
fn a_toggles_linked_and_all() {
    let mut f = flow();
    f.select_actor("sergei-lavrov");
    f.press(&[TAB, TAB]);
    assert_eq!(f.app.focus, Pane::Claims);
    f.press(&[Key::ch('a')]);
    assert!(!f.app.list(ListPane::Claims).linked);
    assert_eq!(
        f.app.list(ListPane::Claims).items.len(),
        f.app.kb.claims().len()
    );
    assert_eq!(
        f.id(f.app.list(ListPane::Claims).current()),
        "istanbul-meeting-announced",
        "selection kept"
    );
    assert!(
        f.app.list(ListPane::Meetings).linked,
        "only the focused pane"
    );
    f.press(&[Key::ch('a')]);
    assert!(f.app.list(ListPane::Claims).linked);
    f.press(&[BACKTAB, BACKTAB, Key::ch('a')]);
    assert_eq!(f.app.focus, Pane::Actors);
    assert!(
        !f.app.list(ListPane::Meetings).linked
            && !f.app.list(ListPane::Claims).linked
            && !f.app.list(ListPane::Sources).linked
    );
    assert_eq!(f.app.list(ListPane::Meetings).items.len(), 3);
    assert!(f.app.status.as_deref().unwrap().contains("all items"));
}

#[test]
fn follow_keeps_focus_in_detail_and_back_and_forward_walk_every_place() {
    let mut f = flow();
    f.select_actor("sergei-lavrov");
    f.press(&[ENTER]);
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.app.detail_links()[0].0, "Affiliated with");
    // Down to the Istanbul meeting link ("Spoke about"), follow it: Detail shows it, focus stays.
    f.press(&[J, ENTER]);
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.shown(), "istanbul-embassy-staffing-meeting");
    assert_eq!(
        f.id(f.app.list(ListPane::Meetings).current()),
        "istanbul-embassy-staffing-meeting",
        "the lists follow"
    );
    f.select_link("Claims");
    f.press(&[ENTER]);
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.shown(), "istanbul-meeting-announced");
    f.press(&[BACK]);
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.shown(), "istanbul-embassy-staffing-meeting");
    f.press(&[BACK]);
    assert_eq!(f.shown(), "sergei-lavrov");
    assert_eq!(f.app.link, 1, "the link cursor is restored");
    f.press(&[BACK]);
    assert_eq!(f.app.focus, Pane::Actors, "before Enter: the Actors row");
    assert_eq!(f.shown(), "sergei-lavrov");
    f.press(&[BACK]);
    assert!(
        f.app
            .status
            .as_deref()
            .unwrap()
            .contains("no earlier place")
    );
    f.press(&[FORWARD]);
    assert_eq!(
        (f.app.focus, f.shown().as_str()),
        (Pane::Detail, "sergei-lavrov")
    );
    f.press(&[FORWARD]);
    assert_eq!(f.shown(), "istanbul-embassy-staffing-meeting");
    f.press(&[FORWARD]);
    assert_eq!(f.shown(), "istanbul-meeting-announced");
    f.press(&[Key::alt(KeyCode::Left)]);
    assert_eq!(f.shown(), "istanbul-embassy-staffing-meeting");
}

/// The sequence: Enter, Enter (follow), Tab Tab, Enter on a claim, then Backspace lands
/// on what Detail showed just before the last step, and each further Backspace on the step before,
/// never two steps back.
#[test]
fn backspace_never_skips_a_place() {
    let mut f = flow();
    f.select_actor("sergei-lavrov");
    f.press(&[ENTER]);
    f.select_link("Said");
    f.press(&[ENTER]);
    assert_eq!(f.shown(), "istanbul-meeting-announced");
    f.press(&[TAB, TAB, TAB]);
    assert_eq!(f.app.focus, Pane::Claims);
    let before_last_step = f.app.here();
    f.press(&[J, K, ENTER]);
    assert_eq!(f.app.focus, Pane::Detail);
    f.press(&[BACK]);
    assert_eq!(
        f.app.here(),
        before_last_step,
        "exactly the place before the last step"
    );
    f.press(&[BACK]);
    assert_eq!(
        (f.app.focus, f.shown().as_str()),
        (Pane::Detail, "istanbul-meeting-announced")
    );
    f.press(&[BACK]);
    assert_eq!(
        (f.app.focus, f.shown().as_str()),
        (Pane::Detail, "sergei-lavrov")
    );
    f.press(&[BACK]);
    assert_eq!(
        (f.app.focus, f.shown().as_str()),
        (Pane::Actors, "sergei-lavrov")
    );
    f.press(&[BACK]);
    assert!(
        f.app
            .status
            .as_deref()
            .unwrap()
            .contains("no earlier place")
    );
    for _ in 0..4 {
        f.press(&[FORWARD]);
    }
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.app.shown, ListPane::Claims);
}

#[test]
fn every_way_of_opening_records_a_place() {
    let mut f = flow();
    let mut steps = 0;
    let mut recorded = |f: &Flow, what: &str| {
        let n = f.app.history.back_len();
        assert!(n > steps, "{what} recorded no place ({n})");
        steps = n;
    };
    f.press(&[J, ENTER]);
    recorded(&f, "Enter on a row");
    f.press(&[ENTER]);
    recorded(&f, "following a link");
    f.press(&[Key::ctrl('p')]);
    f.type_text("wedge unlikely");
    f.press(&[ENTER]);
    assert_eq!(f.shown(), "wedge-unlikely");
    recorded(&f, "a jump");
    f.press(&[Key::ch('t'), ENTER]);
    recorded(&f, "a timeline item");
    f.press(&[Key::ch('t')]);
    let rect = f.app.screen().rect(Pane::Actors).unwrap();
    let row = f.app.list(ListPane::Actors).selected - f.app.list(ListPane::Actors).offset;
    let y = rect.y + 1 + row as u16;
    f.send(Action::Click(rect.x + 2, y));
    f.send(Action::Click(rect.x + 2, y));
    assert_eq!(f.app.focus, Pane::Detail, "a second click opens");
    recorded(&f, "a click on the selected row");
}

#[test]
fn following_to_an_unlinked_item_switches_its_pane_to_all() {
    let mut f = flow();
    f.select_actor("sergei-lavrov");
    f.press(&[ENTER]);
    f.select_link("Said");
    f.press(&[ENTER]);
    assert_eq!(f.shown(), "istanbul-meeting-announced");
    let wedge = f.app.kb.lookup("wedge-hope").unwrap();
    f.app.go_to(wedge);
    assert!(!f.app.list(ListPane::Claims).linked);
    assert_eq!(f.shown(), "wedge-hope");
    f.press(&[ENTER]);
    f.select_link("Qualified by");
    f.press(&[ENTER]);
    assert_eq!(f.shown(), "wedge-unlikely");
}

#[test]
fn following_an_actor_link_moves_the_actor_selection() {
    let mut f = flow();
    f.select_actor("sergei-lavrov");
    f.press(&[ENTER, ENTER]); // "Affiliated with" Russia
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.shown(), "russia");
    assert_eq!(f.id(f.app.list(ListPane::Actors).current()), "russia");
    assert_eq!(f.id(f.app.list(ListPane::Meetings).anchor), "russia");
}

#[test]
fn tab_cycles_every_pane_both_ways() {
    let mut f = flow();
    let mut seen = Vec::new();
    for _ in 0..5 {
        f.press(&[TAB]);
        seen.push(f.app.focus);
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
    f.press(&[BACKTAB]);
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(
        f.app.shown,
        ListPane::Actors,
        "Detail keeps showing the last list's selection"
    );
}

#[test]
fn paging_and_ends() {
    let mut f = flow();
    f.press(&[Key::ch('G')]);
    assert_eq!(f.app.list(ListPane::Actors).selected, 20);
    f.press(&[Key::plain(KeyCode::Home)]);
    assert_eq!(f.app.list(ListPane::Actors).selected, 0);
    f.press(&[Key::plain(KeyCode::PageDown)]);
    assert!(f.app.list(ListPane::Actors).selected > 1);
    f.press(&[Key::plain(KeyCode::End), J, J]);
    assert_eq!(
        f.app.list(ListPane::Actors).selected,
        20,
        "clamped at the end"
    );
    let view = f.app.list(ListPane::Actors);
    assert!(view.offset <= view.selected);
}

#[test]
fn help_scrolls_filters_and_closes() {
    let mut f = Flow::bundled(80, 24);
    f.press(&[Key::ch('?')]);
    assert!(matches!(f.app.mode, Mode::Help(_)));
    f.press(&[J, J]);
    assert_eq!(
        f.app.list(ListPane::Actors).selected,
        0,
        "keys scroll the help, not the panes"
    );
    let scroll = |f: &Flow| match &f.app.mode {
        Mode::Help(h) => h.scroll,
        _ => panic!(),
    };
    assert_eq!(scroll(&f), 2);
    f.press(&[Key::ch('G')]);
    let bottom = scroll(&f);
    assert!(bottom > 2);
    f.press(&[J]);
    assert_eq!(scroll(&f), bottom, "no scrolling past the end");
    f.press(&[Key::ch('g'), Key::plain(KeyCode::PageDown)]);
    assert!(scroll(&f) > 5);
    // `/` filters the keys; typed keys go to the filter, not to scrolling or quitting.
    f.press(&[SLASH]);
    f.type_text("quit");
    match &f.app.mode {
        Mode::Help(h) => assert_eq!((h.filter.text(), h.typing), ("quit", true)),
        _ => panic!(),
    }
    assert!(!f.quit);
    f.press(&[ENTER]);
    assert_eq!(f.app.key_scope(), keymap::Scope::Help);
    f.press(&[ESC]);
    assert!(matches!(f.app.mode, Mode::Browse));
    f.press(&[Key::ch('q')]);
    assert!(f.quit);
}

#[test]
fn clicks_select_rows_and_links_and_a_second_click_opens() {
    let mut f = flow();
    let screen = f.app.screen();
    let meetings = screen.rect(Pane::Meetings).unwrap();
    // Below the border and the header line: the second meeting.
    f.send(Action::Click(meetings.x + 3, meetings.y + 3));
    assert_eq!(f.app.focus, Pane::Meetings);
    assert_eq!(f.app.list(ListPane::Meetings).selected, 1);
    assert_eq!(f.app.history.back_len(), 0, "a first click only selects");
    // The wheel moves one row per notch in the pane under the pointer, focus unchanged.
    let actors = screen.rect(Pane::Actors).unwrap();
    f.send(Action::Scroll(actors.x + 1, actors.y + 1, 1));
    assert_eq!(f.app.list(ListPane::Actors).selected, 1);
    f.send(Action::Scroll(actors.x + 1, actors.y + 1, -1));
    assert_eq!(f.app.list(ListPane::Actors).selected, 0);
    assert_eq!(f.app.focus, Pane::Meetings, "the wheel does not move focus");
    // In Detail, a click selects the link under it; a second click follows it.
    let shown = f.shown();
    let detail = screen.rect(Pane::Detail).unwrap();
    let (x, y) = (0..detail.height)
        .map(|dy| (detail.x + 3, detail.y + dy))
        .find(|(x, y)| arctic_brief::app::detail::link_at(&f.app, *x, *y) == Some(2))
        .expect("a third link row on screen");
    f.send(Action::Click(x, y));
    assert_eq!((f.app.focus, f.app.link), (Pane::Detail, 2));
    assert_eq!(f.shown(), shown);
    let target = f.app.detail_links()[2].1;
    f.send(Action::Click(x, y));
    assert_eq!(f.app.detail_target(), Some(target));
    // A click on a border selects nothing new.
    let before = f.app.list(ListPane::Meetings).selected;
    f.send(Action::Click(meetings.x + 3, meetings.y));
    assert_eq!(f.app.list(ListPane::Meetings).selected, before);
}

#[test]
fn clicks_in_the_palette_select_and_choose() {
    let mut f = flow();
    f.press(&[Key::ctrl('p')]);
    f.type_text("istanbul");
    let rect = arctic_brief::app::layout::popup_rect(120, 40);
    f.send(Action::Click(rect.x + 4, rect.y + 3));
    match &f.app.mode {
        Mode::Palette(p) => assert_eq!(p.selected, 1),
        m => panic!("{m:?}"),
    }
    let second = match &f.app.mode {
        Mode::Palette(p) => match p.items[1] {
            PaletteItem::Entity(e, _) => e,
            _ => panic!(),
        },
        _ => panic!(),
    };
    f.send(Action::Click(rect.x + 4, rect.y + 3));
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(f.app.detail_target(), Some(second));
}

#[test]
fn resize_keeps_the_selection_in_view() {
    let mut f = flow();
    f.press(&[Key::ch('G')]);
    f.send(Action::Resize(60, 12));
    let view = f.app.list(ListPane::Actors);
    assert!(view.selected >= view.offset);
    f.send(Action::Resize(1, 1));
    f.send(Action::Down);
    f.send(Action::Resize(200, 50));
    assert_eq!(f.app.list(ListPane::Actors).selected, 20);
}

#[test]
fn slash_filters_the_pane_live_and_enter_keeps_the_choice() {
    let mut f = flow();
    f.press(&[SLASH]);
    assert!(matches!(f.app.mode, Mode::Filter(_)));
    f.type_text("lavr");
    assert_eq!(filter_text(&f), "lavr");
    assert_eq!(f.ids(ListPane::Actors), ["sergei-lavrov"]);
    assert_eq!(
        f.shown(),
        "sergei-lavrov",
        "Detail previews the highlighted result"
    );
    f.press(&[ENTER]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(
        f.app.list(ListPane::Actors).items.len(),
        21,
        "the filter clears"
    );
    assert_eq!(
        f.id(f.app.list(ListPane::Actors).current()),
        "sergei-lavrov"
    );
    assert_eq!(
        f.ids(ListPane::Meetings),
        ["istanbul-embassy-staffing-meeting"]
    );
    f.press(&[BACK]);
    assert_eq!(
        f.shown(),
        "united-states",
        "back to where the search started"
    );
}

#[test]
fn esc_restores_the_list_and_selection() {
    let mut f = flow();
    f.press(&[J, J]);
    let before = f.app.list(ListPane::Actors).clone();
    let meetings_before = f.ids(ListPane::Meetings);
    f.press(&[SLASH]);
    f.type_text("dmitr");
    assert_eq!(f.ids(ListPane::Actors)[0], "kirill-dmitriev");
    assert_ne!(
        f.ids(ListPane::Meetings),
        meetings_before,
        "linked panes follow the preview"
    );
    f.press(&[ESC]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(f.app.list(ListPane::Actors), &before);
    assert_eq!(f.ids(ListPane::Meetings), meetings_before);
}

#[test]
fn the_search_line_edits_as_readline_and_moves_as_fzf() {
    let mut f = flow();
    f.press(&[SLASH]);
    f.type_text("jk");
    assert_eq!(filter_text(&f), "jk", "j and k are typed, not moves");
    f.press(&[Key::ctrl('u')]);
    assert_eq!(filter_text(&f), "");
    assert_eq!(
        f.app.list(ListPane::Actors).items.len(),
        21,
        "an empty query shows the pane"
    );
    f.type_text("kind:prson");
    // Left to the typo, insert, Delete, Home/End, Ctrl-W.
    for _ in 0..4 {
        f.press(&[Key::plain(KeyCode::Left)]);
    }
    f.type_text("e");
    assert_eq!(filter_text(&f), "kind:person");
    let people = f.ids(ListPane::Actors);
    assert!(
        people.contains(&"sergei-lavrov".to_string()) && !people.contains(&"russia".to_string())
    );
    f.press(&[Key::ctrl('a'), Key::plain(KeyCode::Delete)]);
    assert_eq!(filter_text(&f), "ind:person");
    f.press(&[Key::ctrl('e')]);
    f.type_text(" lav");
    f.press(&[Key::ctrl('w')]);
    assert_eq!(filter_text(&f), "ind:person ");
    f.press(&[Key::ctrl('u')]);
    f.type_text("kind:person");
    f.press(&[Key::ctrl('n')]);
    assert_eq!(f.app.list(ListPane::Actors).selected, 1);
    f.press(&[Key::ctrl('j'), Key::ctrl('k'), Key::ctrl('p')]);
    assert_eq!(f.app.list(ListPane::Actors).selected, 0);
    f.press(&[Key::plain(KeyCode::Backspace)]);
    assert_eq!(filter_text(&f), "kind:perso");
    match &f.app.mode {
        Mode::Filter(s) => assert!(
            s.search
                .error
                .as_ref()
                .unwrap()
                .to_string()
                .contains("person")
        ),
        _ => panic!(),
    }
    f.press(&[Key::ctrl('u')]);
    f.type_text("zzzz");
    assert!(f.app.list(ListPane::Actors).items.is_empty());
    f.press(&[ENTER]);
    assert_eq!(
        f.app.list(ListPane::Actors).items.len(),
        21,
        "Enter on no result just closes"
    );
}

#[test]
fn filtering_a_linked_pane_searches_only_what_it_shows() {
    let mut f = flow();
    f.select_actor("russia");
    f.press(&[TAB, TAB]);
    let shown = f.app.list(ListPane::Claims).items.len();
    f.press(&[SLASH]);
    f.type_text("wedge");
    let total = match &f.app.mode {
        Mode::Filter(s) => s.search.results.as_ref().unwrap().total,
        _ => panic!(),
    };
    assert_eq!(total, shown);
    let found = f.ids(ListPane::Claims);
    assert!(found.contains(&"wedge-hope".to_string()));
    assert!(found.len() <= shown);
    assert!(
        !found.contains(&"polar-silk-road".to_string()),
        "only claims linked to Russia"
    );
}

#[test]
fn slash_in_detail_filters_its_links_and_enter_follows() {
    let mut f = flow();
    f.select_actor("russia");
    f.press(&[ENTER]);
    let all = f.app.detail_links().len();
    f.press(&[SLASH]);
    match &f.app.mode {
        Mode::Filter(s) => assert_eq!(s.target, FilterTarget::Links),
        m => panic!("{m:?}"),
    }
    assert_eq!(
        f.app.focus,
        Pane::Detail,
        "no silent switch to another pane"
    );
    f.type_text("istanbul");
    let links = f.app.detail_links();
    assert!(!links.is_empty() && links.len() < all);
    let first = links[0].1;
    f.press(&[ENTER]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(f.app.detail_target(), Some(first));
    assert_eq!(f.app.focus, Pane::Detail);
    f.press(&[BACK]);
    assert_eq!(f.shown(), "russia");
    // Esc puts every link back.
    f.press(&[SLASH]);
    f.type_text("zzzz");
    assert!(f.app.detail_links().is_empty());
    f.press(&[ESC]);
    assert_eq!(f.app.detail_links().len(), all);
}

#[test]
fn ctrl_p_jumps_to_entities_recent_first() {
    let mut f = flow();
    f.select_actor("sergei-lavrov");
    f.press(&[ENTER]);
    f.press(&[Key::ctrl('p')]);
    let first = match &f.app.mode {
        Mode::Palette(p) => p.items[0],
        m => panic!("{m:?}"),
    };
    assert_eq!(
        first,
        PaletteItem::Entity(f.app.kb.lookup("sergei-lavrov").unwrap(), None),
        "recent first"
    );
    f.type_text("wedge unlikely");
    f.press(&[ENTER]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(f.app.focus, Pane::Claims);
    assert_eq!(f.shown(), "wedge-unlikely");
    f.press(&[BACK]);
    assert_eq!(f.shown(), "sergei-lavrov");
}

#[test]
fn the_colon_palette_offers_commands_with_their_keys_and_q_quits() {
    let mut f = flow();
    f.press(&[Key::ch(':')]);
    let commands = match &f.app.mode {
        Mode::Palette(p) => p
            .items
            .iter()
            .filter(|i| matches!(i, PaletteItem::Command(_)))
            .count(),
        m => panic!("{m:?}"),
    };
    assert!(
        commands >= 10,
        "quit, export, copy, timeline, reload, help, linked/all…"
    );
    f.type_text("timeline");
    f.press(&[ENTER]);
    assert_eq!(f.app.view, View::Timeline);
    f.press(&[Key::ch(':')]);
    f.press(&[ESC]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert!(!f.quit);
    // `:q` Enter quits, even before the entity search answers.
    f.runner.hold_searches = true;
    f.press(&[Key::ch(':'), Key::ch('q'), ENTER]);
    assert!(f.quit);
}

#[test]
fn enter_before_the_answer_takes_the_top_result_when_it_comes() {
    let mut f = flow();
    f.runner.hold_searches = true;
    f.press(&[SLASH]);
    f.type_text("lavr");
    // Enter arrives before any answer, then `j`: a move meant for the list once the choice is made.
    f.press(&[ENTER]);
    assert!(
        matches!(f.app.mode, Mode::Filter(_)),
        "still waiting for the answer"
    );
    assert_eq!(f.app.key_scope(), keymap::Scope::Browse);
    f.press(&[J]);
    let newest = f.runner.held.pop().unwrap();
    let answer = f.runner.answer(&f.app, &newest);
    f.runner.hold_searches = false;
    f.send(answer);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(
        f.id(f.app.list(ListPane::Actors).current()),
        "kirill-dmitriev",
        "Lavrov chosen, then one down"
    );
    // The same for the palette.
    f.runner.hold_searches = true;
    f.press(&[Key::ctrl('p')]);
    f.type_text("wedge unl");
    f.press(&[ENTER]);
    let newest = f.runner.held.pop().unwrap();
    let answer = f.runner.answer(&f.app, &newest);
    f.send(answer);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(f.shown(), "wedge-unlikely");
}

#[test]
fn stale_search_answers_are_ignored() {
    let mut f = flow();
    f.runner.hold_searches = true;
    f.press(&[SLASH]);
    f.type_text("la");
    let new = f.runner.held.pop().unwrap();
    let old = f.runner.held.pop().unwrap();
    let (old_answer, new_answer) = (f.runner.answer(&f.app, &old), f.runner.answer(&f.app, &new));
    f.send(new_answer);
    let shown = f.ids(ListPane::Actors);
    f.send(old_answer);
    assert_eq!(
        f.ids(ListPane::Actors),
        shown,
        "the older answer does not replace the newer"
    );
    assert_eq!(filter_text(&f), "la");
}

#[test]
fn timeline_orders_by_date_at_its_precision() {
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
    let ordered: Vec<&str> = kb
        .timeline_order(kb.sorted(None))
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
    let mut f = flow();
    f.select_actor("sergei-lavrov");
    f.press(&[Key::ch('t')]);
    assert_eq!(f.app.view, View::Timeline);
    assert_eq!(f.app.focus, Pane::Timeline);
    assert_eq!(
        f.ids(ListPane::Timeline),
        [
            "istanbul-embassy-staffing-meeting",
            "istanbul-meeting-announced"
        ]
    );
    assert_eq!(f.id(f.app.list(ListPane::Timeline).anchor), "sergei-lavrov");
    f.press(&[TAB]);
    assert_eq!(f.app.focus, Pane::Detail);
    f.press(&[TAB]);
    assert_eq!(f.app.focus, Pane::Actors);
    f.press(&[J]);
    assert_eq!(
        f.id(f.app.list(ListPane::Timeline).anchor),
        "kirill-dmitriev",
        "the timeline follows the actor"
    );
    f.press(&[TAB, Key::ch('a')]);
    assert!(!f.app.list(ListPane::Timeline).linked);
    assert_eq!(f.app.list(ListPane::Timeline).items.len(), 3 + 3);
    // Enter opens the item in Detail and the timeline stays; Backspace comes back to the row.
    f.press(&[J]);
    let chosen = f.app.list(ListPane::Timeline).current().unwrap();
    f.press(&[ENTER]);
    assert_eq!(f.app.view, View::Timeline);
    assert_eq!(f.app.focus, Pane::Detail);
    assert_eq!(f.app.detail_target(), Some(chosen));
    f.press(&[BACK]);
    assert_eq!(f.app.focus, Pane::Timeline);
    assert_eq!(f.app.list(ListPane::Timeline).current(), Some(chosen));
    // Following a link to something the timeline does not list leaves it for the lists.
    while !matches!(
        f.app.list(ListPane::Timeline).current(),
        Some(kb::EntityRef::Claim(_))
    ) {
        f.press(&[J]);
    }
    f.press(&[ENTER]);
    f.select_link("Reported in");
    f.press(&[ENTER]);
    assert_eq!(f.app.view, View::Lists);
    assert_eq!(
        f.app.detail_target().unwrap().kind(),
        kb::EntityKind::Source
    );
    f.press(&[BACK]);
    assert_eq!(f.app.view, View::Timeline, "back restores the view too");
    f.press(&[Key::ch('t')]);
    assert_eq!(f.app.view, View::Lists);
    assert_eq!(f.app.focus, Pane::Detail, "Detail stays focused");
    assert_eq!(f.app.shown, ListPane::Actors, "and shows the actor");
}

#[test]
fn search_works_in_the_timeline() {
    let mut f = flow();
    f.press(&[Key::ch('t'), Key::ch('a'), SLASH]);
    f.type_text("istanbul");
    assert_eq!(
        f.ids(ListPane::Timeline)[0],
        "istanbul-embassy-staffing-meeting"
    );
    f.press(&[Key::plain(KeyCode::Down), ENTER]);
    assert!(matches!(f.app.mode, Mode::Browse));
    assert_eq!(
        f.app.list(ListPane::Timeline).items.len(),
        6,
        "the timeline as it was"
    );
    assert_eq!(
        f.id(f.app.list(ListPane::Timeline).current()),
        "istanbul-meeting-announced"
    );
}

fn kb_on_disk() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kb.yaml");
    std::fs::write(
        &file,
        "actors:\n  - {id: a, name: A, kind: person}\nclaims:\n  - {id: c, text: T, by: a, source: s}\nsources:\n  - {id: s, title: S}\n",
    )
    .unwrap();
    let kb = kb::load_path(&file).unwrap();
    (dir, App::new(kb, 120, 40))
}

/// Regression: `o` with an editor that cannot start said "reloaded: no changes" (the status set
/// outside `update` was wiped); the failure is now a message through `update`, and nothing reloads.
#[test]
fn an_editor_that_cannot_start_says_so() {
    let (_dir, app) = kb_on_disk();
    let mut f = Flow::new(app);
    f.runner.editor = Some(EditorError::Start {
        program: "no-such-editor".into(),
        source: std::sync::Arc::new(std::io::Error::from(std::io::ErrorKind::NotFound)),
    });
    f.press(&[Key::ch('o')]);
    let status = f.app.status.clone().unwrap();
    assert!(
        status.contains("cannot start the editor `no-such-editor`"),
        "{status}"
    );
    assert!(
        !f.runner.log.contains(&Effect::Reload),
        "{:?}",
        f.runner.log
    );
    // An editor that works: the edit is reported and a reload asked for, in that order.
    f.runner.editor = None;
    f.press(&[Key::ch('o')]);
    assert!(f.app.status.as_deref().unwrap().starts_with("edited "));
    let n = f.runner.log.len();
    assert!(matches!(f.runner.log[n - 2], Effect::Edit { .. }));
    assert_eq!(f.runner.log[n - 1], Effect::Reload);
}

#[test]
fn help_quit_and_escape() {
    let mut f = flow();
    f.press(&[Key::ch('?')]);
    f.press(&[ESC]);
    assert!(matches!(f.app.mode, Mode::Browse));
    f.press(&[Key::ctrl('c')]);
    assert!(f.quit);
}

/// Detail builds only the rows the screen needs: an actor with thousands of claims costs a
/// screenful, wherever the link cursor is.
#[test]
fn detail_rows_are_bounded_by_the_screen() {
    use std::borrow::Cow;
    let mut yaml = String::from(
        "actors:\n  - {id: a, name: A, kind: person}\nsources:\n  - {id: s, title: S}\nclaims:\n",
    );
    for i in 0..5000 {
        yaml.push_str(&format!(
            "  - {{id: c{i}, text: Claim {i}, by: a, source: s}}\n"
        ));
    }
    let kb = kb::load_texts("t", vec![("t.yaml".into(), Cow::Owned(yaml))]).unwrap();
    let mut f = Flow::new(App::new(kb, 120, 40));
    f.press(&[ENTER]);
    let rows = arctic_brief::app::detail::rows(&f.app, 60, 30);
    assert!(rows.len() < 100, "{}", rows.len());
    f.press(&[Key::ch('G')]);
    assert_eq!(f.app.link, 4999);
    let rows = arctic_brief::app::detail::rows(&f.app, 60, 30);
    let top = arctic_brief::app::detail::scroll(&rows, f.app.link, true, 30);
    assert!(
        rows[top..]
            .iter()
            .any(|r| matches!(r, arctic_brief::app::detail::Row::Link(4999, _))),
        "the selected link is on screen"
    );
}

#[test]
fn w_wraps_the_focused_list_and_keeps_the_selection_in_view() {
    let mut f = Flow::bundled(200, 50);
    f.press(&[TAB, TAB, Key::ch('a')]);
    assert_eq!(f.app.focus, Pane::Claims);
    f.press(&[Key::ch('w')]);
    assert!(f.app.list(ListPane::Claims).wrap);
    assert!(
        !f.app.list(ListPane::Meetings).wrap,
        "only the focused list"
    );
    // Every move keeps the selected row's lines on screen, down to the last row.
    let n = f.app.list(ListPane::Claims).items.len();
    for _ in 0..n {
        f.press(&[J]);
        let view = f.app.list(ListPane::Claims);
        assert!(view.offset <= view.selected);
    }
    assert_eq!(f.app.list(ListPane::Claims).selected, n - 1);
    assert!(
        f.app.list(ListPane::Claims).offset > 0,
        "wrapped rows scroll sooner"
    );
    f.press(&[Key::plain(KeyCode::Home)]);
    assert_eq!(f.app.list(ListPane::Claims).offset, 0);
    // A click lands on the wrapped row drawn there: the second row starts below the first's lines.
    let rect = f.app.screen().rect(Pane::Claims).unwrap();
    let first_lines = arctic_brief::app::columns::wrapped_height(
        &f.app.kb,
        ListPane::Claims,
        f.app.list(ListPane::Claims).items[0],
        rect.width as usize - 2 - arctic_brief::app::columns::MARK_GUTTER,
    ) as u16;
    assert!(first_lines > 1, "the first claim wraps at this width");
    // Border, header, then the first row's lines: its second line is still the first row (cut
    // rows would put the second row there).
    f.press(&[J]);
    f.send(Action::Click(rect.x + 5, rect.y + 3));
    assert_eq!(f.app.list(ListPane::Claims).selected, 0);
    f.press(&[Key::ch('w')]);
    assert!(!f.app.list(ListPane::Claims).wrap);
}

/// The grades of the Claims list's rows, in the order shown.
fn claim_grades(f: &Flow) -> Vec<String> {
    f.app
        .list(ListPane::Claims)
        .items
        .iter()
        .filter_map(|e| match e {
            kb::EntityRef::Claim(c) => f.app.kb.claim(*c).grade.map(|g| g.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn s_cycles_the_sort_and_the_choice_survives_a_reload() {
    let mut f = flow();
    f.press(&[TAB, TAB, Key::ch('a')]);
    f.press(&[Key::ch('s')]);
    assert_eq!(f.app.list(ListPane::Claims).sort, kb::SortBy::Name);
    f.press(&[Key::ch('s'), Key::ch('s')]);
    assert_eq!(f.app.list(ListPane::Claims).sort, kb::SortBy::Grade);
    let grades = claim_grades(&f);
    assert!(grades.windows(2).all(|w| w[0] <= w[1]), "{grades:?}");
    assert!(f.app.status.as_deref().unwrap().contains("sorted by grade"));
    // A reload keeps the order chosen.
    let again = kb::load_bundled().unwrap();
    let prepared = arctic_brief::app::prepare(&f.app.kb, again);
    f.send(arctic_brief::app::Msg::Reloaded(Box::new(
        arctic_brief::app::ReloadOutcome::Loaded(prepared),
    )));
    assert_eq!(f.app.list(ListPane::Claims).sort, kb::SortBy::Grade);
    let after = claim_grades(&f);
    assert_eq!(after, grades);
    // The timeline keeps its order.
    f.press(&[Key::ch('t'), Key::ch('s')]);
    assert!(f.app.status.as_deref().unwrap().contains("keeps its order"));
}

#[test]
fn space_marks_and_e_exports_one_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = flow();
    f.app.export_dir = dir.path().join("exports");
    f.select_actor("russia");
    f.press(&[TAB, TAB]);
    let first = f.app.list(ListPane::Claims).current().unwrap();
    f.press(&[Key::ch(' ')]);
    assert_eq!(f.app.marked, [first]);
    assert_eq!(f.app.list(ListPane::Claims).selected, 1, "Space moves down");
    let second = f.app.list(ListPane::Claims).current().unwrap();
    f.press(&[Key::ch(' ')]);
    assert_eq!(f.app.marked, [first, second]);
    assert!(f.app.status.as_deref().unwrap().starts_with("2 marked"));
    // Space again on a marked row unmarks it.
    f.press(&[K, Key::ch(' ')]);
    assert_eq!(f.app.marked, [first]);
    f.press(&[Key::ch(' ')]);
    f.press(&[Key::ch('E')]);
    let status = f.app.status.clone().unwrap();
    assert!(status.starts_with("exported "), "{status}");
    let path = dir
        .path()
        .join("exports")
        .join(format!("briefing-{}.md", f.app.kb.id_of(first)));
    let doc = std::fs::read_to_string(&path).unwrap();
    assert!(doc.starts_with("# Briefing"), "{doc}");
    assert!(doc.contains("2 marked items"), "{doc}");
    // The same again asks before overwriting, as `e` does.
    f.press(&[Key::ch('E')]);
    assert!(matches!(f.app.mode, Mode::Confirm(_)));
    f.press(&[Key::ch('n')]);
    assert!(
        f.app
            .status
            .as_deref()
            .unwrap()
            .starts_with("not overwritten")
    );
}

#[test]
fn the_configs_view_defaults_start_every_list_so() {
    let mut f = flow();
    f.app
        .apply_view_defaults(Some(true), Some(kb::SortBy::Grade));
    assert!(f.app.list(ListPane::Claims).wrap && f.app.list(ListPane::Actors).wrap);
    assert_eq!(f.app.list(ListPane::Claims).sort, kb::SortBy::Grade);
    assert_eq!(
        f.app.list(ListPane::Actors).sort,
        kb::SortBy::Written,
        "actors cannot sort by grade"
    );
}

/// `update` only names what to export; the note is built and written where the runner does its
/// work (off the UI thread in the browser), so a huge note never holds up a keystroke.
#[test]
fn exports_are_built_by_the_runner_not_by_update() {
    let mut f = flow();
    let effects = arctic_brief::app::update(&mut f.app, Action::Export);
    let [Effect::WriteNote { job, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        *job,
        arctic_brief::app::action::ExportJob::Note(f.app.detail_target().unwrap())
    );
    assert!(f.app.status.as_deref().unwrap().starts_with("exporting "));
}

/// Detail says how far a claim is backed, and what the model flags about it.
#[test]
fn detail_shows_a_claims_backing_and_flags() {
    use std::borrow::Cow;
    let yaml = "\
actors:
  - {id: a, name: A, kind: person}
claims:
  - {id: c, text: Confirmed on one source., by: a, source: s, status: confirmed, mode: assessment}
sources:
  - {id: s, title: S}
";
    let kb = kb::load_texts("t", vec![("t.yaml".into(), Cow::Borrowed(yaml))]).unwrap();
    let mut f = Flow::new(App::new(kb, 120, 40));
    let c = f.app.kb.lookup("c").unwrap();
    f.app.go_to(c);
    let rows = arctic_brief::app::detail::rows(&f.app, 100, 40);
    let text: Vec<String> = rows
        .iter()
        .filter_map(|r| match r {
            arctic_brief::app::detail::Row::Field(_, v) => Some(v.clone()),
            _ => None,
        })
        .collect();
    assert!(
        text.iter().any(|t| t.starts_with("1 independent source")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|t| t.contains("single independent source")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("assessment without a grade")),
        "{text:?}"
    );
}

#[test]
fn a_refined_answer_orders_the_rest_and_keeps_the_selection() {
    use arctic_brief::search::Index;
    use arctic_brief::search::worker::Response;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    let mut f = flow();
    f.runner.hold_searches = true;
    f.press(&[SLASH]);
    f.type_text("e");
    let request = f.runner.held.pop().unwrap();
    let index = Index::build(&f.app.kb);
    let never = AtomicBool::new(false);
    let full = index.search(&f.app.kb, &request.query, &request.scope, None, &never);
    // The worker's first answer: every match, only the best two in order.
    let mut part = index.search_top(&f.app.kb, &request.query, &request.scope, None, &never, 2);
    assert!(!part.is_ranked(), "enough actors hold an e");
    let answer = |results, refines| {
        arctic_brief::app::Msg::SearchAnswer(Box::new(Response {
            generation: request.generation,
            results: Arc::new(results),
            elapsed: std::time::Duration::ZERO,
            refines,
        }))
    };
    f.send(answer(part.clone(), false));
    assert_eq!(f.app.list(ListPane::Actors).items.len(), full.hits.len());
    for _ in 0..4 {
        f.send(Action::Down);
    }
    let chosen = f.app.list(ListPane::Actors).current();
    part.finish_ranking();
    f.send(answer(part, true));
    let want: Vec<String> = full
        .hits
        .iter()
        .map(|h| f.app.kb.id_of(h.entity).to_string())
        .collect();
    assert_eq!(f.ids(ListPane::Actors), want, "the full ranking");
    assert_eq!(
        f.app.list(ListPane::Actors).current(),
        chosen,
        "the selection stays on its entity"
    );
    assert!(matches!(f.app.mode, Mode::Filter(_)));
}
