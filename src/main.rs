//! The `arctic-brief` binary: parses the command line and runs a command or the browser.

use arctic_brief::cli::{self, Cli};
use arctic_brief::tui::Start;
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    arctic_brief::cache::set_enabled(!args.no_cache);
    match args.command {
        Some(command) => cli::run(args.data, command),
        None => browse(args.data, args.export_dir, !args.no_watch, !args.no_mouse),
    }
}

fn browse(
    data: Option<std::path::PathBuf>,
    export_dir: std::path::PathBuf,
    watch: bool,
    mouse: bool,
) -> ExitCode {
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
        mouse,
    };
    match arctic_brief::tui::run(start, export_dir, source) {
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
