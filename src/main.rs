//! The `arctic-brief` binary: parses the command line and runs a command or the browser.

use arctic_brief::app::keymap::Keymap;
use arctic_brief::cli::{self, Cli};
use arctic_brief::tui::Start;
use arctic_brief::ui::theme::Theme;
use clap::{CommandFactory, Parser};
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    arctic_brief::kb::return_large_buffers();
    // Answers the shell's completion requests (the scripts of `completions` set COMPLETE).
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(cli::tools::COMPLETE_VAR)
        .complete();
    let args = Cli::parse();
    arctic_brief::cache::set_enabled(!args.no_cache);
    let config_flag = args.config.as_deref();
    if let Some(code) = args
        .command
        .as_ref()
        .and_then(|c| cli::tools::standalone(c, config_flag))
    {
        return code;
    }
    // A config with problems stops everything: silently ignoring a setting is worse.
    let config = match arctic_brief::config::load(config_flag) {
        Ok(c) => c,
        Err(e) => {
            cli::print_error(&e.render());
            return ExitCode::from(1);
        }
    };
    let data = args.data.clone().or_else(|| config.data.clone());
    match args.command {
        Some(command) => cli::run(data, command),
        None => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let look = Look {
                export_dir: args
                    .export_dir
                    .or(config.export_dir.clone())
                    .unwrap_or_else(|| "exports".into()),
                mouse: !args.no_mouse && config.mouse.unwrap_or(true),
                theme: config.theme_for(args.color, no_color),
                keymap: config.keymap,
                wrap: config.wrap,
                sort: config.sort,
            };
            browse(data, look, !args.no_watch)
        }
    }
}

/// The browser's settings from the command line and the config file.
struct Look {
    export_dir: std::path::PathBuf,
    mouse: bool,
    keymap: Keymap,
    theme: Theme,
    wrap: Option<bool>,
    sort: Option<arctic_brief::kb::SortBy>,
}

fn browse(data: Option<std::path::PathBuf>, look: Look, watch: bool) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "error: the browser needs a terminal; for plain output try `arctic-brief list` or `arctic-brief show ID`"
        );
        return ExitCode::from(2);
    }
    // The browser runs as a child of a supervisor that restores the terminal however it ends.
    if let Some(code) = arctic_brief::terminal::supervise() {
        return code;
    }
    // A KB on disk loads behind the loading screen (from its snapshot when valid); the bundled
    // one is in the binary and loads at once.
    let start = match &data {
        Some(p) => Start::Load(p.clone()),
        None => match arctic_brief::kb::load_bundled() {
            Ok(kb) => Start::Kb(Box::new(kb)),
            Err(e) => {
                cli::print_error(&e.render());
                return ExitCode::from(1);
            }
        },
    };
    let source = arctic_brief::tui::Source {
        path: data,
        watch,
        mouse: look.mouse,
        keymap: look.keymap,
        theme: look.theme,
        wrap: look.wrap,
        sort: look.sort,
    };
    match arctic_brief::tui::run(start, look.export_dir, source) {
        Ok(None) => ExitCode::SUCCESS,
        // Problems show as they always have: on the restored terminal, then exit 1.
        Ok(Some(e)) => {
            cli::print_error(&e.render());
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: terminal: {e}");
            ExitCode::from(1)
        }
    }
}
