//! The commands that fit arctic-brief into a user's setup rather than read a KB: `init` (a
//! starter KB), `config path|default|check`, `schema`, `completions` (with the KB's entity ids,
//! completed dynamically), `man`; and `check`'s machine-readable formats.

use super::{CheckFormat, Cli, Command, ConfigAction, err, out, plural, summary};
use crate::kb::diag::Diagnostic;
use crate::{config, text};
use clap::CommandFactory;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The shells `completions` writes for.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// The variable the completion scripts set when they ask the binary for candidates.
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Runs a command that needs neither the config file nor a KB; `None` for the others.
pub fn standalone(command: &Command, config_flag: Option<&Path>) -> Option<ExitCode> {
    Some(match command {
        Command::Init { dir, force } => init(dir, *force),
        Command::Config { action } => config_command(action, config_flag),
        Command::Schema => {
            out(SCHEMA);
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => completions(*shell),
        Command::Man => man(),
        _ => return None,
    })
}

fn config_command(action: &ConfigAction, flag: Option<&Path>) -> ExitCode {
    match action {
        ConfigAction::Path => {
            out(&config::describe_path(flag));
            ExitCode::SUCCESS
        }
        ConfigAction::Default => {
            out(&config::default_text());
            ExitCode::SUCCESS
        }
        ConfigAction::Check => match config::load(flag) {
            Ok(_) => {
                let shown =
                    config::locate(flag).map_or_else(String::new, |(p, _)| p.display().to_string());
                out(&format!("{}: ok\n", text::line(&shown)));
                ExitCode::SUCCESS
            }
            Err(e) => {
                err(&e.render());
                ExitCode::from(1)
            }
        },
    }
}

/// The JSON Schema of a KB file.
pub const SCHEMA: &str = include_str!("kb.schema.json");

/// The README `init` writes beside the example.
const STARTER_README: &str = include_str!("starter-readme.md");

/// `init DIR`: the bundled briefing's files and a README, refusing a non-empty DIR without
/// `--force` and never replacing a file.
fn init(dir: &Path, force: bool) -> ExitCode {
    let shown = text::line(&dir.to_string_lossy()).into_owned();
    let non_empty = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    if non_empty && !force {
        err(&format!(
            "error: `{shown}` is not empty; choose a new directory, or add --force to write \
             beside what is there (no file is ever overwritten)\n"
        ));
        return ExitCode::from(1);
    }
    let mut files: Vec<(PathBuf, &str)> = crate::kb::bundled_files()
        .iter()
        .map(|(name, text)| {
            let rel = name.strip_prefix("data/").unwrap_or(name);
            (dir.join(rel), *text)
        })
        .collect();
    files.push((dir.join("README.md"), STARTER_README));
    let mut wrote = 0;
    for (path, contents) in files {
        let p = text::line(&path.to_string_lossy()).into_owned();
        let made = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
            })
            .and_then(|mut f| f.write_all(contents.as_bytes()));
        match made {
            Ok(()) => {
                wrote += 1;
                err(&format!("wrote {p}\n"));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                err(&format!("kept {p} (exists; not overwritten)\n"));
            }
            Err(e) => {
                err(&format!(
                    "error: cannot write {p}: {}\n",
                    text::line(&e.to_string())
                ));
                return ExitCode::from(1);
            }
        }
    }
    out(&format!(
        "{shown}: {}; next: arctic-brief check --data {shown}, then arctic-brief --data {shown}\n",
        plural(wrote, "file written", "files written")
    ));
    ExitCode::SUCCESS
}

fn completions(shell: Shell) -> ExitCode {
    use clap_complete::env::EnvCompleter;
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &clap_complete::env::Bash,
        Shell::Zsh => &clap_complete::env::Zsh,
        Shell::Fish => &clap_complete::env::Fish,
    };
    let name = "arctic-brief";
    let mut buf = Vec::new();
    let made = completer.write_registration(COMPLETE_VAR, name, name, name, &mut buf);
    print_generated(made.map(|()| buf))
}

/// The man page, from the same clap definitions as `--help`.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(buf)
}

fn man() -> ExitCode {
    print_generated(man_page())
}

/// Prints what we generated (a script, a page: our own text, not the KB's), or why it failed.
fn print_generated(made: std::io::Result<Vec<u8>>) -> ExitCode {
    match made {
        Ok(bytes) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(&bytes).and_then(|_| stdout.flush());
            ExitCode::SUCCESS
        }
        Err(e) => {
            err(&format!("error: {}\n", text::line(&e.to_string())));
            ExitCode::from(1)
        }
    }
}

/// Completes entity ids from the KB the command line being completed names (`--data`), else
/// `ARCTIC_BRIEF_DATA`, the config's `data`, or the bundled briefing; each with its title.
pub fn entity_ids() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let words: Vec<String> = std::env::args().collect();
        let named = words.iter().enumerate().find_map(|(i, w)| {
            w.strip_prefix("--data=")
                .map(str::to_string)
                .or_else(|| (w == "--data").then(|| words.get(i + 1).cloned()).flatten())
        });
        let data = named
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("ARCTIC_BRIEF_DATA").map(PathBuf::from))
            .or_else(|| config::load(None).ok().and_then(|c| c.data));
        let Ok(kb) = super::load(data.as_deref()) else {
            return Vec::new();
        };
        kb.sorted(None)
            .into_iter()
            .map(|e| {
                let title = text::line(kb.title_of(e)).into_owned();
                CompletionCandidate::new(text::line(kb.id_of(e)).into_owned())
                    .help(Some(title.into()))
            })
            .collect()
    })
}

/// `check` in the format asked for: the KB's problems and the exit code.
pub fn check(data: Option<&Path>, format: CheckFormat) -> ExitCode {
    let e = match super::load(data) {
        Ok(kb) => {
            let line = format!("{}: ok\n", summary(&kb));
            match format {
                CheckFormat::Human => out(&line),
                _ => {
                    err(&line);
                    true
                }
            };
            return ExitCode::SUCCESS;
        }
        Err(e) => e,
    };
    // Every problem found, not only those shown: past 50 of a kind per file the rest are counted
    // (see `kb::MAX_SHOWN_PER_KIND`), and the summary must not say 50 when there are 200,000.
    let shown = e.diagnostics.len();
    let hidden = if e.problems > shown {
        format!(" ({shown} shown)")
    } else {
        String::new()
    };
    let failed = format!(
        "{}: {}{hidden}: failed\n",
        text::line(&e.label),
        plural(e.problems.max(shown), "problem", "problems")
    );
    match format {
        CheckFormat::Human => {
            err(&e.render());
            out(&failed);
        }
        CheckFormat::Short => {
            let lines: String = e.diagnostics.iter().map(short).collect();
            out(&lines);
            err(&failed);
        }
        CheckFormat::Json => {
            let mut lines = String::new();
            for d in &e.diagnostics {
                let json = serde_json::to_string(&json(d)).unwrap_or_default();
                lines.push_str(&text::harden_json(&json));
                lines.push('\n');
            }
            let mut stdout = std::io::stdout().lock();
            let _ = stdout
                .write_all(lines.as_bytes())
                .and_then(|_| stdout.flush());
            err(&failed);
        }
    }
    ExitCode::from(1)
}

/// `path:line:col: error: message`, as compilers write it and editors' quickfix reads it.
pub fn short(d: &Diagnostic) -> String {
    let place = d
        .location
        .as_ref()
        .map_or_else(String::new, |l| format!("{l}: "));
    let mut msg = d.message.clone();
    if let Some(label) = &d.label {
        msg.push_str(&format!(" ({label})"));
    }
    format!("{}error: {}\n", text::line(&place), text::line(&msg))
}

/// The suggestion in a "did you mean `x`?" label.
fn suggestion(d: &Diagnostic) -> Option<String> {
    let label = d.label.as_deref()?;
    let rest = label.split_once("did you mean `")?.1;
    Some(rest.split_once('`')?.0.to_string())
}

/// One diagnostic as an object: severity, message, file, line, column, end, entity, help,
/// suggestion (1-based lines and columns; `end` is the column after the underlined span).
pub fn json(d: &Diagnostic) -> serde_json::Value {
    let loc = d.location.as_ref();
    serde_json::json!({
        "severity": "error",
        "message": d.message,
        "file": loc.map(|l| l.file.clone()),
        "line": loc.map(|l| l.line),
        "column": loc.map(|l| l.col),
        "end": loc.map(|l| serde_json::json!({"line": l.line, "column": l.col + d.span.max(1)})),
        "entity": d.entity,
        "label": d.label,
        "help": d.help,
        "suggestion": suggestion(d),
        "notes": d.notes,
    })
}
