//! The `arctic-brief` binary: parses the command line and runs a command or the browser.

use arctic_brief::cli::{self, Cli};
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(args.data, command),
        None => browse(args.data, args.export_dir, !args.no_watch),
    }
}

fn browse(
    data: Option<std::path::PathBuf>,
    export_dir: std::path::PathBuf,
    watch: bool,
) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "error: the browser needs a terminal; for plain output try `arctic-brief list` or `arctic-brief show ID`"
        );
        return ExitCode::from(2);
    }
    let kb = match cli::load(data.as_deref()) {
        Ok(kb) => kb,
        Err(e) => {
            cli::print_error(&e.render());
            return ExitCode::from(1);
        }
    };
    let source = arctic_brief::tui::Source { path: data, watch };
    match arctic_brief::tui::run(kb, export_dir, source) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: terminal: {e}");
            ExitCode::from(1)
        }
    }
}
