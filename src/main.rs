//! The `arctic-brief` binary: parses the command line and runs a command or the browser.

use arctic_brief::cli::{self, Cli};
use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Cli::parse();
    cli::set_cache(!args.no_cache);
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
    // A large KB takes seconds to load: say so rather than leave a silent terminal.
    let label = data.as_deref().map_or_else(
        || "the bundled briefing".to_string(),
        |p| p.display().to_string(),
    );
    let loading = data.is_some() && std::io::stderr().is_terminal();
    if loading {
        cli::print_error(&format!("arctic-brief: loading {label}…"));
    }
    let loaded = cli::load(data.as_deref());
    if loading {
        // Back to the start of the line and clear it (our own sequence, not KB text).
        eprint!("\r\x1b[2K");
    }
    let kb = match loaded {
        Ok(kb) => kb,
        Err(e) => {
            cli::print_error(&e.render());
            return ExitCode::from(1);
        }
    };
    let source = arctic_brief::tui::Source {
        path: data,
        watch,
        mouse,
    };
    match arctic_brief::tui::run(kb, export_dir, source) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: terminal: {e}");
            ExitCode::from(1)
        }
    }
}
