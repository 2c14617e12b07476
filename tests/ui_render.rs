//! Rendering into ratatui's `TestBackend`: snapshots of the main screens (insta), every size from
//! 1x1 up without a panic, and hostile KB text that never reaches a cell as a control character.

mod common;

use arctic_brief::app::driver::{SyncRunner, dispatch};
use arctic_brief::app::{Action, App, Edit, ListPane, update};
use arctic_brief::kb::{self, Kb};
use common::screen::{assert_clean, render, screen_text};
use proptest::prelude::*;
use std::borrow::Cow;

fn bundled(w: u16, h: u16) -> App {
    App::new(kb::load_bundled().unwrap(), w, h)
}

fn select(app: &mut App, id: &str) {
    let e = app.kb.lookup(id).unwrap();
    app.go_to(e);
}

#[test]
fn main_screen_120x40() {
    let mut app = bundled(120, 40);
    select(&mut app, "sergei-lavrov");
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn single_pane_60x20() {
    let mut app = bundled(60, 20);
    select(&mut app, "sergei-lavrov");
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn main_screen_80x24() {
    let mut app = bundled(80, 24);
    select(&mut app, "wedge-hope");
    update(&mut app, Action::Activate);
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn wide_screen_200x50_three_columns() {
    let mut app = bundled(200, 50);
    select(&mut app, "istanbul-embassy-staffing-meeting");
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn help_overlay() {
    let mut app = bundled(120, 40);
    update(&mut app, Action::ToggleHelp);
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn tiny_20x5() {
    let app = bundled(20, 5);
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn no_color_keeps_selection_and_focus_visible() {
    use ratatui::style::{Color, Modifier};
    let mut app = bundled(120, 40);
    app.no_color = true;
    let t = render(&app);
    let buf = t.backend().buffer();
    let mut reversed = false;
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            assert!(
                matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                "colour at {x},{y}"
            );
            reversed |= c.modifier.contains(Modifier::REVERSED);
        }
    }
    assert!(reversed, "the selection is reversed");
    // The focused pane has a heavy border.
    assert_eq!(buf[(0, 0)].symbol(), "┏");
}

fn hostile_kb() -> Kb {
    let evil = r#"\e[31m\e]52;c;SGVsbG8=\a\e]8;;http://x\e\\link\e]8;;\e\\\x9b2J\u202eevil\u2066\r\b\x07\ttab中国😀"#;
    let text = format!(
        r#"
actors:
  - id: a
    name: "A{evil}"
    kind: person
    aliases: ["{evil}"]
    role: "{evil}"
    country: "{evil}"
    tags: ["{evil}"]
    summary: "{evil}\nsecond line {evil}"
  - id: b
    name: "B"
    kind: state
meetings:
  - id: m
    title: "M{evil}"
    status: held
    participants: [a, b]
    date_text: "{evil}"
    place: "{evil}"
    topics: ["{evil}"]
    summary: "{evil}"
    sources: [s]
claims:
  - id: c
    text: "C{evil}"
    by: a
    source: s
    about: [b]
    meeting: m
    date_text: "{evil}"
    tags: ["{evil}"]
  - id: d
    text: "D{evil}"
    by: b
    source: s
    contradicts: [c]
sources:
  - id: s
    title: "S{evil}"
    publisher: b
    author: "{evil}"
    url: "{evil}"
    via: "{evil}"
"#
    );
    kb::load_texts("hostile", vec![("hostile.yaml".into(), Cow::Owned(text))])
        .unwrap_or_else(|e| panic!("{}", e.render()))
}

#[test]
fn hostile_text_never_reaches_a_cell() {
    let kb = hostile_kb();
    for (w, h) in [(120, 40), (80, 24), (200, 50), (40, 12)] {
        let mut app = App::new(kb.clone(), w, h);
        for pane in [
            ListPane::Actors,
            ListPane::Meetings,
            ListPane::Claims,
            ListPane::Sources,
        ] {
            let first = app.list(pane).items.first().copied();
            if let Some(e) = first {
                app.go_to(e);
                let t = render(&app);
                assert_clean(&t, &format!("{w}x{h} {pane:?}"));
                update(&mut app, Action::Activate);
                assert_clean(&render(&app), &format!("{w}x{h} {pane:?} detail"));
            }
        }
    }
    let app = App::new(kb, 120, 40);
    let text = screen_text(&render(&app));
    assert!(
        text.contains("A␛[31m␛]52;c;SGVsbG8=␇"),
        "placeholders are visible:\n{text}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn any_size_renders_without_panic(w in 1u16..=300, h in 1u16..=100, moves in prop::collection::vec(0u8..13, 0..14)) {
        let mut app = bundled(w, h);
        for m in moves {
            let a = match m {
                0 => Action::Down,
                1 => Action::FocusNext,
                2 => Action::Activate,
                3 => Action::Back,
                4 => Action::ToggleLinked,
                5 => Action::PageDown,
                6 => Action::ToggleHelp,
                7 => Action::OpenFilter,
                8 => Action::OpenJump,
                9 => Action::Edit(Edit::Insert('a')),
                10 => Action::Edit(Edit::Backspace),
                11 => Action::Close,
                _ => Action::Click(w / 2, h / 2),
            };
            act(&mut app, a);
        }
        render(&app);
    }
}

/// Runs `action` as the event loop does (the shared driver), answering searches synchronously.
fn act(app: &mut App, action: Action) {
    dispatch(app, action, &mut SyncRunner::default()).unwrap();
}

fn type_in(app: &mut App, text: &str) {
    for c in text.chars() {
        act(app, Action::Edit(Edit::Insert(c)));
    }
}

#[test]
fn pane_filter_with_highlights() {
    use ratatui::style::Modifier;
    let mut app = bundled(120, 40);
    app.no_color = true;
    act(&mut app, Action::OpenFilter);
    type_in(&mut app, "lavr");
    let t = render(&app);
    insta::assert_snapshot!(screen_text(&t));
    // The matched letters of "Sergei Lavrov" are marked, and only they.
    let buf = t.backend().buffer();
    let row: String = (0..20).map(|x| buf[(x, 1)].symbol().to_string()).collect();
    assert!(
        row.starts_with("┃ Sergei Lavrov"),
        "the gutter, then the name: {row}"
    );
    let marked: String = (0..20)
        .filter(|&x| buf[(x, 1)].modifier.contains(Modifier::UNDERLINED))
        .map(|x| buf[(x, 1)].symbol().to_string())
        .collect();
    assert_eq!(marked, "Lavr");
}

#[test]
fn jump_popup() {
    let mut app = bundled(120, 40);
    select(&mut app, "sergei-lavrov");
    act(&mut app, Action::OpenJump);
    type_in(&mut app, "moscow");
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn timeline_screen() {
    let mut app = bundled(120, 30);
    update(&mut app, Action::ToggleTimeline);
    update(&mut app, Action::ToggleLinked);
    insta::assert_snapshot!(screen_text(&render(&app)));
}

#[test]
fn command_palette_80x24() {
    let mut app = bundled(80, 24);
    act(&mut app, Action::OpenPalette);
    type_in(&mut app, "ex");
    let text = screen_text(&render(&app));
    assert!(text.contains(":export"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn help_wraps_at_80x24() {
    let mut app = bundled(80, 24);
    act(&mut app, Action::ToggleHelp);
    let text = screen_text(&render(&app));
    insta::assert_snapshot!(text);
    act(&mut app, Action::OpenFilter);
    type_in(&mut app, "palette");
    let filtered = screen_text(&render(&app));
    assert!(filtered.contains("command palette"), "{filtered}");
    assert!(!filtered.contains("copy that note"), "{filtered}");
}

#[test]
fn detail_links_filter() {
    let mut app = bundled(120, 40);
    select(&mut app, "russia");
    act(&mut app, Action::Activate);
    act(&mut app, Action::OpenFilter);
    type_in(&mut app, "istanbul");
    let text = screen_text(&render(&app));
    assert!(text.contains("/ links: istanbul"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn every_pane_says_where_it_is_when_it_overflows_and_the_status_bar_keeps_help_and_quit() {
    let mut app = bundled(80, 24);
    act(&mut app, Action::Bottom);
    let text = screen_text(&render(&app));
    assert!(text.contains("Actors 21/21"), "{text}");
    let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(last.ends_with("? help  q quit"), "{last}");
    for (w, h) in [(60, 20), (100, 30), (200, 50)] {
        let mut app = bundled(w, h);
        act(&mut app, Action::Resize(w, h));
        let text = screen_text(&render(&app));
        let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        assert!(last.ends_with("? help  q quit"), "{w}x{h}: {last}");
    }
}

/// Regression (issue 13): an inferred date looked exact in the lists and the timeline.
#[test]
fn inferred_dates_are_marked_in_lists_and_the_timeline() {
    let mut app = bundled(120, 40);
    let text = screen_text(&render(&app));
    let row = text
        .lines()
        .find(|l| l.contains("Recent US-Russia talks"))
        .unwrap();
    assert!(row.contains("~2025 "), "{row}");
    act(&mut app, Action::ToggleTimeline);
    let text = screen_text(&render(&app));
    let row = text
        .lines()
        .find(|l| l.contains("Recent US-Russia talks"))
        .unwrap();
    assert!(row.contains("~meeting"), "{row}");
    assert!(text.contains(" meeting"), "stated dates carry no mark");
}

#[test]
fn claims_with_columns_wrapped_and_sorted_120x40() {
    let mut app = bundled(120, 40);
    select(&mut app, "russia");
    act(&mut app, Action::FocusNext);
    act(&mut app, Action::FocusNext);
    act(&mut app, Action::ToggleWrap);
    act(&mut app, Action::CycleSort);
    let text = screen_text(&render(&app));
    assert!(text.contains("· by name · wrap"), "{text}");
    insta::assert_snapshot!(text);
}
