//! Drawing the app into ratatui's `TestBackend` and reading the screen back as text, for the
//! rendering tests and their snapshots.

#![allow(dead_code)]

use arctic_brief::app::App;
use arctic_brief::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The app drawn at its own size.
pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    t
}

/// The screen as text, one line per row, trailing blanks cut.
pub fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Asserts no cell holds a control or invisible character.
pub fn assert_clean(t: &Terminal<TestBackend>, what: &str) {
    let buf = t.backend().buffer();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(arctic_brief::text::is_unsafe_char),
                "{what}: control character {sym:?} at {x},{y}"
            );
        }
    }
}
