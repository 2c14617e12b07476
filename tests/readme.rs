//! The README tells the truth: its key table names every binding of the keymap, and its screen
//! capture is the current rendering.

use arctic_brief::app::keymap;

const README: &str = include_str!("../README.md");

/// The README's key tables are exactly what the keymap (and so the help overlay) says.
#[test]
fn readme_key_tables_are_the_keymap() {
    let start = "<!-- keys: generated from src/app/keymap.rs; a test keeps them equal -->\n";
    let end = "<!-- keys end -->";
    let from = README.find(start).expect("the README marks its key tables") + start.len();
    let to = README[from..].find(end).expect("the key tables end") + from;
    let expected = keymap::markdown();
    assert!(
        README[from..to].trim() == expected.trim(),
        "README's key tables differ from the keymap; put this between the markers:\n{expected}"
    );
}

#[test]
fn readme_screen_capture_is_current() {
    let snap = include_str!("snapshots/ui_render__main_screen_120x40.snap");
    let screen: Vec<&str> = snap.lines().skip(4).collect();
    assert!(screen.len() > 30);
    for line in &screen {
        assert!(
            README.contains(line),
            "README's screen capture is stale at {line:?}"
        );
    }
}
