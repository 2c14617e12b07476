//! The README tells the truth: its key table names every binding of the keymap, and its screen
//! capture is the current rendering.

use arctic_brief::app::keymap;

const README: &str = include_str!("../README.md");

#[test]
fn readme_key_table_lists_every_key() {
    for (keys, _) in keymap::help_lines() {
        for key in keys.split(" / ") {
            assert!(README.contains(key), "README's key table misses {key:?}");
        }
    }
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
