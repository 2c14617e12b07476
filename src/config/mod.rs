//! The config file: where it is looked for (`--config`, `ARCTIC_BRIEF_CONFIG`, else
//! `$XDG_CONFIG_HOME/arctic-brief/config.toml`, `~/.config/...` on macOS too), reading it into
//! [`Config`] (keymap, theme, mouse, default KB, export dir, colour), its commented default, and
//! the state dir (recently visited entities). A config with problems is reported like a KB
//! problem, every problem located, and the program does not start.

mod parse;
pub mod recent;

use crate::app::keymap::{Key, Keymap, SCOPES};
use crate::kb::diag::Diagnostic;
use crate::ui::theme::Theme;
use etcetera::BaseStrategy;
use std::path::{Path, PathBuf};

pub use parse::parse;

/// The variable that names the config file.
pub const ENV: &str = "ARCTIC_BRIEF_CONFIG";

/// `--color` and the config's `color`: colour unless `NO_COLOR` is set, always, or never.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// What the config file sets; `None` leaves the command line's or the built-in default.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The KB opened when neither `--data` nor `ARCTIC_BRIEF_DATA` names one.
    pub data: Option<PathBuf>,
    pub export_dir: Option<PathBuf>,
    pub mouse: Option<bool>,
    pub color: Option<ColorChoice>,
    /// `[view] wrap`: every list starts with its long rows wrapped.
    pub wrap: Option<bool>,
    /// `[view] sort`: the order lists start in, where a list allows it.
    pub sort: Option<crate::kb::SortBy>,
    pub keymap: Keymap,
    /// The coloured theme: the chosen base with the file's roles.
    pub theme: Theme,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            data: None,
            export_dir: None,
            mouse: None,
            color: None,
            wrap: None,
            sort: None,
            keymap: Keymap::default(),
            theme: Theme::new(false),
        }
    }
}

impl Config {
    /// The theme to draw with: `--color` (else the config's `color`) decides, and `auto` means
    /// colour unless `NO_COLOR` is set to something.
    pub fn theme_for(&self, flag: Option<ColorChoice>, no_color_env: bool) -> Theme {
        let colour = match flag.or(self.color).unwrap_or_default() {
            ColorChoice::Auto => !no_color_env,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
        };
        if colour {
            self.theme.clone()
        } else {
            Theme::plain()
        }
    }
}

/// Why the config file was looked for where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    Default,
}

/// Where the config file is looked for, and why there.
pub fn locate(flag: Option<&Path>) -> Option<(PathBuf, Origin)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), Origin::Flag));
    }
    if let Some(p) = std::env::var_os(ENV).filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(p), Origin::Env));
    }
    // The XDG layout on every Unix, macOS included, as users of helix, lazygit and yazi expect.
    let xdg = etcetera::base_strategy::Xdg::new().ok()?;
    Some((
        xdg.config_dir().join("arctic-brief").join("config.toml"),
        Origin::Default,
    ))
}

/// Where per-KB state (recently visited entities) is kept: `$XDG_STATE_HOME/arctic-brief`.
pub fn state_dir() -> Option<PathBuf> {
    let xdg = etcetera::base_strategy::Xdg::new().ok()?;
    Some(xdg.state_dir()?.join("arctic-brief"))
}

/// A config that cannot be used: every problem found, located.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub diagnostics: Vec<Diagnostic>,
}

impl ConfigError {
    /// Every problem, rustc-style, then what happens now.
    pub fn render(&self) -> String {
        let mut out: String = self.diagnostics.iter().map(Diagnostic::render).collect();
        let n = self.diagnostics.len();
        out.push_str(&format!(
            "error: the config file has {n} problem{}; fix it (or point --config at another \
             file) to start\n",
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

/// Reads the config file: none at the default place is the defaults; one named by `--config` or
/// `ARCTIC_BRIEF_CONFIG` must exist.
pub fn load(flag: Option<&Path>) -> Result<Config, ConfigError> {
    let Some((path, origin)) = locate(flag) else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && origin == Origin::Default => {
            return Ok(Config::default());
        }
        Err(e) => {
            let mut d = Diagnostic::new(format!(
                "cannot read the config file `{}`: {e}",
                path.display()
            ));
            d.help = Some(match origin {
                Origin::Flag => "--config names it".into(),
                Origin::Env => format!("{ENV} names it"),
                Origin::Default => "`arctic-brief config default` prints a starting point".into(),
            });
            return Err(ConfigError {
                diagnostics: vec![d],
            });
        }
    };
    let mut config = parse(&text, &path.display().to_string())
        .map_err(|diagnostics| ConfigError { diagnostics })?;
    let base = path.parent().unwrap_or(Path::new("."));
    config.data = config.data.map(|p| resolve(&p, base));
    config.export_dir = config.export_dir.map(|p| resolve(&p, base));
    Ok(config)
}

/// `~/x` under the home directory; a relative path against the config file's directory.
fn resolve(p: &Path, base: &Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    if p.is_relative() {
        base.join(p)
    } else {
        p.to_path_buf()
    }
}

/// `arctic-brief config path`: where the file is looked for, why, and whether it is there.
pub fn describe_path(flag: Option<&Path>) -> String {
    match locate(flag) {
        None => "no config file: neither HOME nor XDG_CONFIG_HOME is set\n".into(),
        Some((path, origin)) => {
            let why = match origin {
                Origin::Flag => "named by --config".to_string(),
                Origin::Env => format!("named by {ENV}"),
                Origin::Default => "the default place".to_string(),
            };
            let there = if path.is_file() {
                "exists"
            } else {
                "not there yet: `arctic-brief config default > FILE` writes one"
            };
            format!("{}\n# {why}; {there}\n", path.display())
        }
    }
}

/// `arctic-brief config default`: the commented default config, ending with every mode's
/// actions and their default keys.
pub fn default_text() -> String {
    let mut out = include_str!("default.toml").to_string();
    let keymap = Keymap::default();
    for scope in SCOPES {
        out.push_str(&format!("#\n# [keys.{}]\n", scope.name()));
        for (name, keys, help) in keymap.actions(scope) {
            let keys: Vec<String> = keys
                .iter()
                .map(|k| format!("\"{}\"", key_text(k)))
                .collect();
            let first_line = help.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push_str(&format!(
                "# {name} = [{}]  # {}\n",
                keys.join(", "),
                crate::text::width::fit(&first_line, 60)
            ));
        }
    }
    out
}

/// A key as the config file writes it (the help's label, which [`Key::parse`] reads back).
fn key_text(k: &Key) -> String {
    k.label().replace('"', "\\\"")
}

#[cfg(test)]
mod tests;
