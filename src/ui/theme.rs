//! The styles in use, one per role: a dark and a light built-in theme whose roles the config
//! file may set one by one, or (with `NO_COLOR` or `--color never`) only bold, reverse and
//! underline, so the selection and the focused pane stay visible without colour.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Debug, PartialEq)]
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

/// The built-in themes: for dark and for light terminal backgrounds.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Base {
    Dark,
    Light,
}

impl Base {
    pub const NAMES: [&'static str; 2] = ["dark", "light"];

    pub fn from_name(name: &str) -> Option<Base> {
        match name {
            "dark" => Some(Base::Dark),
            "light" => Some(Base::Light),
            _ => None,
        }
    }
}

/// Every role's name in the config file, with what it colours.
pub const ROLES: &[(&str, &str)] = &[
    ("accent", "pane borders and titles, headings"),
    ("mark", "matched characters in search results"),
    ("dim", "secondary text: ids, counts, notes"),
    ("warn", "problems and warnings"),
    ("date", "dates"),
    ("grade", "source grades"),
    ("selected", "the selected row of the focused pane"),
    ("selected-unfocused", "the selected row of other panes"),
    ("status", "the status bar"),
    ("tab", "the active tab"),
    ("banner", "the \"KB has problems\" banner"),
    ("bold", "emphasis: keys, names"),
    ("grade-1", "grades and reliabilities of the best rank (A1)"),
    ("grade-2", "grades of the second rank (B2 and better)"),
    ("grade-3", "grades of the third rank (C3 and better)"),
    ("grade-4", "grades of the fourth rank (D4 and better)"),
    ("grade-5", "grades of the fifth rank (E5 and better)"),
    ("grade-6", "grades of the worst rank (F or 6)"),
    ("header", "the column names above a list's rows"),
];

impl Theme {
    /// The dark theme, or the colourless one.
    pub fn new(no_color: bool) -> Theme {
        if no_color {
            Theme::plain()
        } else {
            Theme::built_in(Base::Dark)
        }
    }

    /// The style of the role named `name` (see [`ROLES`]).
    pub fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "accent" => &mut self.accent,
            "mark" => &mut self.mark,
            "dim" => &mut self.dim,
            "warn" => &mut self.warn,
            "date" => &mut self.date,
            "grade" => &mut self.grade,
            "selected" => &mut self.selected,
            "selected-unfocused" => &mut self.selected_unfocused,
            "status" => &mut self.status,
            "tab" => &mut self.tab,
            "banner" => &mut self.banner,
            "bold" => &mut self.bold,
            "grade-1" => &mut self.grades[0],
            "grade-2" => &mut self.grades[1],
            "grade-3" => &mut self.grades[2],
            "grade-4" => &mut self.grades[3],
            "grade-5" => &mut self.grades[4],
            "grade-6" => &mut self.grades[5],
            "header" => &mut self.header,
            _ => return None,
        })
    }

    pub fn built_in(base: Base) -> Theme {
        match base {
            Base::Dark => Theme::dark(),
            Base::Light => Theme::light(),
        }
    }

    /// For light backgrounds: darker foregrounds, no grey text that fades into white.
    fn light() -> Theme {
        Theme {
            accent: Style::new().fg(Color::Blue),
            mark: Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            date: Style::new().fg(Color::Magenta),
            grade: Style::new().fg(Color::Green),
            status: Style::new().fg(Color::White).bg(Color::DarkGray),
            tab: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            // The rest reads on either background.
            ..Theme::dark()
        }
    }

    /// Without colour: only bold, reverse and underline.
    pub fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let plain = Style::new();
        Theme {
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
        }
    }

    fn dark() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
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
