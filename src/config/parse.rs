//! Reading the config file's TOML into a [`Config`]: every key checked against what it may be,
//! every problem a [`Diagnostic`] at its `file:line:col` with the line, a caret under the value
//! and a did-you-mean. All problems are collected, not just the first.

use super::{ColorChoice, Config};
use crate::app::Action;
use crate::app::keymap::{Key, Keymap, KeymapError, Override, Scope, action_names};
use crate::kb::diag::{Diagnostic, Location, did_you_mean};
use crate::ui::theme::{Base, ROLES, Theme};
use ratatui::style::{Color, Modifier, Style};
use std::ops::Range;
use std::path::PathBuf;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

type Value<'i> = Spanned<DeValue<'i>>;

const TOP: &[&str] = &[
    "data",
    "export-dir",
    "mouse",
    "color",
    "view",
    "theme",
    "keys",
];
const STYLE_KEYS: &[&str] = &["fg", "bg", "bold", "italic", "underline", "reversed", "dim"];
const COLORS: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark-gray",
    "light-red",
    "light-green",
    "light-yellow",
    "light-blue",
    "light-magenta",
    "light-cyan",
    "white",
    "reset",
];

/// The text being read and the problems found so far.
struct Doc<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Diagnostic>,
}

impl Doc<'_> {
    /// A problem at `span`, with the caret's label and a help line.
    fn error(&mut self, span: Range<usize>, message: String, label: Option<String>) -> &mut Self {
        let start = span.start.min(self.text.len());
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let end = span.end.clamp(start, line_end);
        let mut d = Diagnostic::new(message);
        d.location = Some(Location {
            file: self.file.to_string(),
            line: self.text[..start].matches('\n').count() + 1,
            col: self.text[line_start..start].chars().count() + 1,
        });
        d.source_line = Some(
            self.text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        );
        d.span = self.text[start..end].chars().count().max(1);
        d.label = label;
        self.problems.push(d);
        self
    }

    fn help(&mut self, help: impl Into<String>) {
        if let Some(d) = self.problems.last_mut() {
            d.help = Some(help.into());
        }
    }

    /// An unknown key: its name, where, and the nearest known one.
    fn unknown(&mut self, key: &Spanned<std::borrow::Cow<str>>, what: &str, known: &[&str]) {
        let name = key.get_ref();
        let label =
            did_you_mean(name, known.iter().copied()).map(|s| format!("did you mean `{s}`?"));
        self.error(key.span(), format!("unknown {what} `{name}`"), label)
            .help(format!("known here: {}", known.join(", ")));
    }

    fn string<'v>(&mut self, v: &'v Value, what: &str) -> Option<&'v str> {
        let s = v.get_ref().as_str();
        if s.is_none() {
            self.error(v.span(), format!("{what} must be a string"), None);
        }
        s
    }

    fn bool(&mut self, v: &Value, what: &str) -> Option<bool> {
        let b = v.get_ref().as_bool();
        if b.is_none() {
            self.error(v.span(), format!("{what} must be true or false"), None);
        }
        b
    }

    fn table<'v, 'i>(&mut self, v: &'v Value<'i>, what: &str) -> Option<&'v DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.error(v.span(), format!("{what} must be a table"), None);
                None
            }
        }
    }

    /// One of `names`, else a problem with the nearest.
    fn one_of<'n>(&mut self, v: &Value, what: &str, names: &[&'n str]) -> Option<&'n str> {
        let s = self.string(v, what)?;
        if let Some(n) = names.iter().find(|n| **n == s) {
            return Some(n);
        }
        let label = did_you_mean(s, names.iter().copied()).map(|n| format!("did you mean `{n}`?"));
        self.error(v.span(), format!("{what} cannot be `{s}`"), label)
            .help(format!("one of: {}", names.join(", ")));
        None
    }
}

/// Reads config text (`file` names it in messages): the settings, or every problem in it.
pub fn parse(text: &str, file: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut doc = Doc {
        file,
        text,
        problems: Vec::new(),
    };
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_string();
            doc.error(span, format!("not valid TOML: {message}"), None);
            return Err(doc.problems);
        }
    };
    let mut config = Config::default();
    for (key, value) in root.get_ref().iter() {
        match key.get_ref().as_ref() {
            "data" => config.data = doc.string(value, "`data`").map(PathBuf::from),
            "export-dir" => {
                config.export_dir = doc.string(value, "`export-dir`").map(PathBuf::from)
            }
            "mouse" => config.mouse = doc.bool(value, "`mouse`"),
            "color" => {
                config.color = doc
                    .one_of(value, "`color`", &["auto", "always", "never"])
                    .map(|c| match c {
                        "always" => ColorChoice::Always,
                        "never" => ColorChoice::Never,
                        _ => ColorChoice::Auto,
                    })
            }
            "view" => {
                if let Some(t) = doc.table(value, "`view`") {
                    view(&mut doc, t, &mut config);
                }
            }
            "theme" => {
                if let Some(t) = doc.table(value, "`theme`") {
                    config.theme = theme(&mut doc, t);
                }
            }
            "keys" => {
                if let Some(t) = doc.table(value, "`keys`") {
                    config.keymap = keys(&mut doc, t);
                }
            }
            _ => doc.unknown(key, "setting", TOP),
        }
    }
    if doc.problems.is_empty() {
        Ok(config)
    } else {
        Err(doc.problems)
    }
}

/// The names `[view] sort` takes, in `SortBy` order.
const SORTS: &[&str] = &["as-written", "name", "date", "grade", "status"];

/// `[view]`: how lists start (`wrap`, `sort`); `w` and `s` still change each list.
fn view(doc: &mut Doc, t: &DeTable, config: &mut Config) {
    use crate::kb::SortBy;
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "wrap" => config.wrap = doc.bool(value, "`view.wrap`"),
            "sort" => {
                config.sort = doc.one_of(value, "`view.sort`", SORTS).map(|s| match s {
                    "name" => SortBy::Name,
                    "date" => SortBy::Date,
                    "grade" => SortBy::Grade,
                    "status" => SortBy::Status,
                    _ => SortBy::Written,
                })
            }
            _ => doc.unknown(key, "view setting", &["wrap", "sort"]),
        }
    }
}

/// `[theme]`: the base first, wherever it is written, then each role over it.
fn theme(doc: &mut Doc, t: &DeTable) -> Theme {
    let base = t
        .iter()
        .find(|(k, _)| k.get_ref() == "base")
        .and_then(|(_, v)| doc.one_of(v, "`theme.base`", &Base::NAMES))
        .and_then(Base::from_name)
        .unwrap_or(Base::Dark);
    let mut theme = Theme::built_in(base);
    let roles: Vec<&str> = std::iter::once("base")
        .chain(ROLES.iter().map(|(n, _)| *n))
        .collect();
    for (key, value) in t.iter() {
        let name = key.get_ref().as_ref();
        if name == "base" {
            continue;
        }
        let Some(style) = theme.role_mut(name) else {
            doc.unknown(key, "theme role", &roles);
            continue;
        };
        if let Some(s) = role_style(doc, name, value, *style) {
            *style = s;
        }
    }
    theme
}

/// A role's value: a colour (the foreground over the base's style) or a whole style table.
fn role_style(doc: &mut Doc, role: &str, v: &Value, base: Style) -> Option<Style> {
    match v.get_ref() {
        DeValue::String(s) => Some(base.fg(color(doc, s, v.span())?)),
        DeValue::Table(t) => {
            let mut style = Style::new();
            for (key, value) in t.iter() {
                let what = format!("`theme.{role}.{}`", key.get_ref());
                let modifier = match key.get_ref().as_ref() {
                    "fg" | "bg" => {
                        let text = doc.string(value, &what)?;
                        let c = color(doc, text, value.span())?;
                        style = if key.get_ref() == "fg" {
                            style.fg(c)
                        } else {
                            style.bg(c)
                        };
                        continue;
                    }
                    "bold" => Modifier::BOLD,
                    "italic" => Modifier::ITALIC,
                    "underline" => Modifier::UNDERLINED,
                    "reversed" => Modifier::REVERSED,
                    "dim" => Modifier::DIM,
                    _ => {
                        doc.unknown(key, "style key", STYLE_KEYS);
                        continue;
                    }
                };
                if doc.bool(value, &what)? {
                    style = style.add_modifier(modifier);
                }
            }
            Some(style)
        }
        _ => {
            doc.error(
                v.span(),
                format!("`theme.{role}` must be a colour or a style table"),
                None,
            )
            .help("e.g. \"cyan\", \"#88c0d0\", or { fg = \"black\", bg = \"cyan\", bold = true }");
            None
        }
    }
}

/// A colour by name (`light-red`), `#rrggbb` or palette index.
fn color(doc: &mut Doc, s: &str, span: Range<usize>) -> Option<Color> {
    let known = COLORS.contains(&s) || s.starts_with('#') || s.parse::<u8>().is_ok();
    match s.parse::<Color>() {
        Ok(c) if known => Some(c),
        _ => {
            let label =
                did_you_mean(s, COLORS.iter().copied()).map(|n| format!("did you mean `{n}`?"));
            doc.error(span, format!("`{s}` is not a colour"), label)
                .help(format!(
                    "a name ({}), \"#rrggbb\" or \"0\"..\"255\"",
                    COLORS.join(", ")
                ));
            None
        }
    }
}

/// Where each override came from: its action name and each key's value.
struct Placed {
    name: Range<usize>,
    keys: Vec<Range<usize>>,
}

/// `[keys.MODE]`: the overrides, applied to the table's keymap.
fn keys(doc: &mut Doc, t: &DeTable) -> Keymap {
    let mut overrides = Vec::new();
    let mut places = Vec::new();
    let scope_names: Vec<&str> = crate::app::keymap::SCOPES
        .iter()
        .map(|s| s.name())
        .collect();
    // In file order, so messages follow the file (the parsed tables are sorted by key).
    let mut modes: Vec<_> = t.iter().collect();
    modes.sort_by_key(|(k, _)| k.span().start);
    for (mode, actions) in modes {
        let Some(scope) = Scope::from_name(mode.get_ref()) else {
            doc.unknown(mode, "mode", &scope_names);
            continue;
        };
        let Some(actions) = doc.table(actions, &format!("`keys.{}`", scope.name())) else {
            continue;
        };
        let mut actions: Vec<_> = actions.iter().collect();
        actions.sort_by_key(|(k, _)| k.span().start);
        for (action, value) in actions {
            let (keys, spans) = key_list(doc, value);
            overrides.push(Override {
                scope,
                action: action.get_ref().to_string(),
                keys,
            });
            places.push(Placed {
                name: action.span(),
                keys: spans,
            });
        }
    }
    match Keymap::with_overrides(&overrides) {
        Ok(map) => {
            check_quit(doc, &map, &overrides, &places);
            map
        }
        Err(errors) => {
            for e in errors {
                keymap_error(doc, e, &overrides, &places);
            }
            Keymap::default()
        }
    }
}

/// One key (`"q"`) or several (`["q", "Ctrl-c"]`), each read; the bad ones reported.
fn key_list(doc: &mut Doc, v: &Value) -> (Vec<Key>, Vec<Range<usize>>) {
    let items: Vec<&Value> = match v.get_ref() {
        DeValue::Array(a) => a.iter().collect(),
        _ => vec![v],
    };
    let mut keys = Vec::new();
    let mut spans = Vec::new();
    for item in items {
        let Some(text) = doc.string(item, "a key") else {
            continue;
        };
        match Key::parse(text) {
            Ok(k) => {
                keys.push(k);
                spans.push(item.span());
            }
            Err(bad) => {
                let label = bad.suggestion.map(|s| format!("did you mean `{s}`?"));
                doc.error(item.span(), bad.message, label);
            }
        }
    }
    (keys, spans)
}

fn keymap_error(doc: &mut Doc, e: KeymapError, overrides: &[Override], places: &[Placed]) {
    match e {
        KeymapError::UnknownAction { index, suggestion } => {
            let o = &overrides[index];
            let label = suggestion.map(|s| format!("did you mean `{s}`?"));
            doc.error(
                places[index].name.clone(),
                format!("no action `{}` in the {} mode", o.action, o.scope.name()),
                label,
            )
            .help(format!(
                "actions there: {}",
                action_names(o.scope).join(", ")
            ));
        }
        KeymapError::Conflict { index, first, key } => {
            let o = &overrides[index];
            let at = o.keys.iter().position(|k| *k == key).unwrap_or(0);
            let span = places[index]
                .keys
                .get(at)
                .cloned()
                .unwrap_or(places[index].name.clone());
            let line = doc.text[..places[first].name.start.min(doc.text.len())]
                .matches('\n')
                .count()
                + 1;
            doc.error(
                span,
                format!(
                    "`{}` is given to both `{}` and `{}` in the {} mode",
                    key.label(),
                    overrides[first].action,
                    o.action,
                    o.scope.name()
                ),
                Some(format!(
                    "also given to `{}` on line {line}",
                    overrides[first].action
                )),
            )
            .help("a key does one thing per mode: keep it for one action");
        }
    }
}

/// Refuses a keymap that leaves no key to quit while browsing (`:q` needs `:` too).
fn check_quit(doc: &mut Doc, map: &Keymap, overrides: &[Override], places: &[Placed]) {
    if map.key_for(&Action::Quit, Scope::Browse).is_some() {
        return;
    }
    let culprit = overrides
        .iter()
        .position(|o| o.scope == Scope::Browse && o.action == "quit")
        .or_else(|| overrides.iter().position(|o| o.scope == Scope::Browse))
        .unwrap_or(0);
    doc.error(
        places[culprit].name.clone(),
        "no key is left to quit while browsing".into(),
        None,
    )
    .help("give `quit` a key in [keys.browse], e.g. quit = [\"q\"]");
}
