//! The styles in use: colours, or (with `NO_COLOR`) only bold, reverse and underline, so the
//! selection and the focused pane stay visible without colour.

use ratatui::style::{Color, Modifier, Style};

pub struct Theme {
    pub accent: Style,
    /// Matched characters in search results.
    pub mark: Style,
    pub dim: Style,
    pub warn: Style,
    pub date: Style,
    pub grade: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub status: Style,
    pub tab: Style,
    pub banner: Style,
    pub bold: Style,
    /// Grades and reliabilities from best (A1) to worst (F6).
    pub grades: [Style; 6],
    /// The column names above a list's rows.
    pub header: Style,
}

impl Theme {
    pub fn new(no_color: bool) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if no_color {
            let plain = Style::new();
            return Theme {
                accent: bold,
                mark: plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                dim: plain,
                warn: bold,
                date: plain,
                grade: plain,
                selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                selected_unfocused: plain.add_modifier(Modifier::UNDERLINED),
                status: plain.add_modifier(Modifier::REVERSED),
                tab: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                banner: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                bold,
                // Without colour the grade's own letters and digits carry the scale.
                grades: [plain; 6],
                header: plain.add_modifier(Modifier::UNDERLINED),
            };
        }
        Theme {
            accent: Style::new().fg(Color::Cyan),
            mark: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            dim: Style::new().fg(Color::DarkGray),
            warn: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            date: Style::new().fg(Color::Yellow),
            grade: Style::new().fg(Color::Magenta),
            selected: Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            status: Style::new().fg(Color::Black).bg(Color::Gray),
            tab: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            banner: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            bold,
            grades: [
                Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                Style::new().fg(Color::Green),
                Style::new().fg(Color::Yellow),
                Style::new().fg(Color::LightRed),
                Style::new().fg(Color::Red),
                Style::new().fg(Color::Magenta),
            ],
            header: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::UNDERLINED),
        }
    }
}
