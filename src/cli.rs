//! The command line: arguments (clap), where the KB comes from, and the `check`, `list`, `show`,
//! `export`, `search`, `board`, `graph` and (hidden) `generate` commands; [`tools`] has the
//! commands that fit the tool into a setup (`init`, `config`, `schema`, `completions`, `man`).
//! Exit codes: 0 ok, 1 a KB or config problem or nothing found, 2 usage.

pub mod tools;

use crate::cache::{Cache, Loaded, LoadedFrom, Need};
use crate::export;
use crate::kb::{self, EntityKind, Kb, LoadError};
use crate::search::Index;
use crate::text;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "arctic-brief",
    version,
    about = "A terminal briefing browser for Arctic geopolitics knowledge bases",
    long_about = "A terminal briefing browser for Arctic geopolitics knowledge bases.\n\n\
        Without a command, opens the browser on the KB (q quits). The KB is the directory or YAML \
        file given with --data, else the one named by ARCTIC_BRIEF_DATA, else the config file's \
        `data`, else the briefing bundled in the binary.\n\n\
        Settings (keys, theme, mouse, default KB, export dir) are read from the config file: \
        `arctic-brief config path` says where it is looked for, `arctic-brief config default` \
        prints a commented one.",
    after_help = "Start a KB of your own with `arctic-brief init DIR`; `arctic-brief schema` gives \
        editors a JSON Schema of its files."
)]
pub struct Cli {
    /// KB directory (every *.yaml / *.yml below it) or single YAML file [default: the bundled briefing]
    #[arg(long, global = true, value_name = "PATH", env = "ARCTIC_BRIEF_DATA")]
    pub data: Option<PathBuf>,

    /// Where the browser's `e` writes notes (created when missing) [default: the config's
    /// `export-dir`, else exports]
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,

    /// The config file [default: $ARCTIC_BRIEF_CONFIG, else $XDG_CONFIG_HOME/arctic-brief/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Colour in the browser: auto (unless NO_COLOR is set), always or never [default: the
    /// config's `color`, else auto]
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<crate::config::ColorChoice>,

    /// Do not reload the browser when the KB's files change (`r` still reloads)
    #[arg(long)]
    pub no_watch: bool,

    /// Do not capture the mouse in the browser, so the terminal's own text selection works
    #[arg(long)]
    pub no_mouse: bool,

    /// Neither read nor write the snapshot cache ($XDG_CACHE_HOME/arctic-brief): load the YAML
    #[arg(long, global = true, env = "ARCTIC_BRIEF_NO_CACHE", value_parser = clap::builder::BoolishValueParser::new())]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the KB: every problem to stderr, a one-line summary to stdout
    Check {
        /// human: rustc-style with the line and a caret; short: `path:line:col: error: message`
        /// per line (editors' quickfix, CI annotations); json: one object per line to stdout
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
    },
    /// List entities, sorted by kind then id: kind, id, name or title
    List {
        /// Only entities of this kind
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// A JSON array of {"entity", "id", "name"} objects
        #[arg(long)]
        json: bool,
    },
    /// Show one entity: every field, and every link and backlink grouped by relation
    Show {
        /// The entity's id, e.g. sergei-lavrov, or a unique name or alias (`lavrov`)
        #[arg(add = tools::entity_ids())]
        id: String,
        /// The entity as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Export one entity as a Markdown note (or JSON), a briefing document, or the whole KB as a vault
    #[command(
        after_help = "Examples:\n  arctic-brief export sergei-lavrov -o notes/lavrov.md\n  arctic-brief export --briefing 'tag:energy status:confirmed' -o energy.md\n  arctic-brief export --all vault/"
    )]
    Export {
        /// The entity's id, e.g. sergei-lavrov, or a unique name or alias (`lavrov`)
        #[arg(required_unless_present_any = ["briefing", "all"], conflicts_with_all = ["briefing", "all"])]
        #[arg(add = tools::entity_ids())]
        id: Option<String>,
        /// One briefing document on SELECTOR: an id, a name or title, or a search query
        /// (`tag:energy`, `about:china status:confirmed`)
        #[arg(long, value_name = "SELECTOR", conflicts_with = "all")]
        briefing: Option<String>,
        /// Every entity as a note in DIR, plus an index note per kind: an Obsidian vault. Re-runs
        /// update it, removing only notes an earlier run wrote. With --format stix: one STIX 2.1
        /// bundle of the whole KB, DIR/bundle.json (replaced by re-runs)
        #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "json"])]
        all: Option<PathBuf>,
        /// md: a note with YAML front matter, wiki links and footnoted sources; json: the entity
        /// with its resolved links; stix: a STIX 2.1 bundle (the entity and its neighbours, the
        /// briefing's selection, or with --all the whole KB as DIR/bundle.json)
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        /// Same as --format json
        #[arg(long, conflicts_with = "briefing")]
        json: bool,
        /// Write to FILE instead of stdout (`-` is stdout); its directory is created when
        /// missing; an existing FILE is refused without --force
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists: a symlink is replaced by the file (its target is never
        /// written); a read-only file is never replaced
        #[arg(long)]
        force: bool,
    },
    /// Search every entity, best match first, fzf's syntax plus filters (exit 1 when nothing
    /// matches, as grep does)
    #[command(after_help = syntax_help())]
    Search {
        /// The query: words and filters, e.g. `lavrov`, `energy !china`, `kind:claim by:lavrov`
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only entities of this kind
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// At most this many results (0: all)
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// A JSON array with score, tier and matched character positions
        #[arg(long)]
        json: bool,
    },
    /// The contested-claims board: every cluster of claims joined by supports / contradicts /
    /// qualifies, by side, strongest first, flagged problems on top
    Board {
        /// Only the clusters holding a claim made by or about this actor
        #[arg(long, value_name = "ID", conflicts_with = "meeting")]
        actor: Option<String>,
        /// Only the clusters holding a claim made at this meeting
        #[arg(long, value_name = "ID")]
        meeting: Option<String>,
        /// The board as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// The link graph around one entity (or the whole KB) as Graphviz DOT, Mermaid or JSON
    #[command(
        after_help = "Relations: affiliated_with, took_part_in, said, about, at_meeting, reported_in, published, relayed, cites, supports, contradicts, qualifies.\nExamples: arctic-brief graph sergei-lavrov --depth 2 | dot -Tsvg > lavrov.svg\n          arctic-brief graph wedge-hope --format mermaid"
    )]
    Graph {
        /// The entity in the middle, e.g. sergei-lavrov
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<String>,
        /// Hops from the entity
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=10))]
        depth: u32,
        #[arg(long, value_enum, default_value = "dot")]
        format: GraphFormat,
        /// The whole KB instead of one entity's neighbourhood
        #[arg(long)]
        all: bool,
        /// Only these relations, comma-separated (default: all)
        #[arg(long, value_name = "REL,...", value_delimiter = ',', value_parser = parse_rel)]
        relations: Vec<kb::Rel>,
    },
    /// Write a starter KB into DIR: the bundled briefing as an example and a README on the format
    Init {
        /// The directory (created when missing; must be empty unless --force)
        dir: PathBuf,
        /// Write into a non-empty DIR (existing files are still never overwritten)
        #[arg(long)]
        force: bool,
    },
    /// The config file: where it is looked for, or a commented default
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a JSON Schema (draft 2020-12) of a KB file, for editors' YAML language servers
    Schema,
    /// Print a shell completion script (commands, flags, kinds and the KB's entity ids)
    #[command(
        after_help = "bash: arctic-brief completions bash > ~/.local/share/bash-completion/completions/arctic-brief\n\
        zsh:  arctic-brief completions zsh > \"${fpath[1]}/_arctic-brief\"\n\
        fish: arctic-brief completions fish > ~/.config/fish/completions/arctic-brief.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: tools::Shell,
    },
    /// Print the man page (roff), e.g. `arctic-brief man | man -l -`
    Man,
    /// Write a synthetic KB for benchmarks and tests
    #[command(hide = true)]
    Generate {
        /// Number of actors (meetings N/2, claims 2N, sources N/10)
        #[arg(long)]
        actors: usize,
        /// Directory to write into (created; must be empty or absent)
        #[arg(long)]
        out: PathBuf,
        /// How many files each kind is split over
        #[arg(long, default_value_t = 4)]
        files: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum ConfigAction {
    /// Where the config file is looked for, and whether it is there
    Path,
    /// A commented config with every setting at its default
    Default,
    /// Read the config file and report its problems (exit 1 if any)
    Check,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Short,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Json,
    Stix,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

fn parse_rel(s: &str) -> Result<kb::Rel, String> {
    kb::Rel::parse(s).ok_or_else(|| {
        let all: Vec<String> = kb::Rel::ALL.iter().map(|r| r.key()).collect();
        format!("expected one of {}", all.join(", "))
    })
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum KindArg {
    Actor,
    Meeting,
    Claim,
    Source,
}

impl From<KindArg> for EntityKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Actor => EntityKind::Actor,
            KindArg::Meeting => EntityKind::Meeting,
            KindArg::Claim => EntityKind::Claim,
            KindArg::Source => EntityKind::Source,
        }
    }
}

/// The query language for `search --help`, from [`crate::search::SYNTAX`].
fn syntax_help() -> String {
    let mut s = String::from("Query language (each word must match; any order):\n");
    for (example, meaning) in crate::search::SYNTAX {
        s.push_str(&format!("  {example:<18} {meaning}\n"));
    }
    s.push_str("Typos: when nothing matches well, names a typo away are listed as `did you mean`.");
    s
}

/// Loads the KB the user asked for, through the snapshot cache, with its search index when the
/// load produced one. A note about the cache goes to stderr; progress too, for a slow load with
/// stderr on a terminal.
pub fn load_indexed(data: Option<&std::path::Path>) -> Result<Loaded, LoadError> {
    load_indexed_for(data, Need::All)
}

/// As [`load_indexed`], decoding from a valid snapshot only what `need` says.
fn load_indexed_for(data: Option<&std::path::Path>, need: Need) -> Result<Loaded, LoadError> {
    let Some(p) = data else {
        return kb::load_bundled().map(|kb| Loaded {
            kb,
            index: None,
            from: LoadedFrom::Yaml {
                why: "bundled".into(),
            },
            note: None,
        });
    };
    let cache = Cache::user();
    let progress = kb::Progress::default();
    let loaded = if std::io::stderr().is_terminal() {
        crate::progress_line::while_loading(&p.display().to_string(), &progress, || {
            cache.load_for(p, &progress, need)
        })
    } else {
        cache.load_for(p, &progress, need)
    };
    if let Ok(Loaded { note: Some(n), .. }) = &loaded {
        err(&format!("arctic-brief: note: {}\n", text::line(n)));
    }
    loaded
}

/// Loads the KB the user asked for (see [`load_indexed`]).
pub fn load(data: Option<&std::path::Path>) -> Result<Kb, LoadError> {
    load_indexed(data).map(|l| l.kb)
}

/// Writes to stdout, neutralising KB text; a closed pipe (`| head`) ends output quietly. The text
/// keeps its newlines, so every one-line field in it must already have gone through
/// [`text::line`].
pub(crate) fn out(s: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text::block(s).as_bytes())
        .and_then(|_| stdout.flush())
        .is_ok()
}

fn out_json(v: &serde_json::Value) -> bool {
    let s = serde_json::to_string_pretty(v).unwrap_or_default();
    let mut stdout = std::io::stdout().lock();
    let hardened = text::harden_json(&s);
    writeln!(stdout, "{hardened}")
        .and_then(|_| stdout.flush())
        .is_ok()
}

/// Writes a message to stderr with KB text neutralised.
pub fn print_error(s: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(text::block(s).as_bytes());
}

pub(crate) fn err(s: &str) {
    print_error(s)
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `data: 21 actors, 3 meetings, 17 claims, 1 source`.
pub fn summary(kb: &Kb) -> String {
    format!(
        "{}: {}, {}, {}, {}",
        text::line(kb.label()),
        plural(kb.actors().len(), "actor", "actors"),
        plural(kb.meetings().len(), "meeting", "meetings"),
        plural(kb.claims().len(), "claim", "claims"),
        plural(kb.sources().len(), "source", "sources"),
    )
}

fn load_or_report(data: Option<&std::path::Path>) -> Result<Kb, ExitCode> {
    load(data).map_err(|e| {
        err(&e.render());
        ExitCode::from(1)
    })
}

/// Loads the KB and finds what `arg` names: an id, else a unique name or alias (a note on
/// stderr says which id), reporting none or several (with "did you mean" candidates).
fn load_entity(data: Option<&std::path::Path>, arg: &str) -> Result<(Kb, kb::EntityRef), ExitCode> {
    let kb = load_or_report(data)?;
    match find(&kb, arg) {
        Some(e) => Ok((kb, e)),
        None => Err(ExitCode::from(1)),
    }
}

/// Finds what `arg` names in `kb`: an id, else a unique name or alias (a note on stderr says
/// which id), reporting none or several (with "did you mean" candidates) on stderr.
fn find(kb: &Kb, arg: &str) -> Option<kb::EntityRef> {
    use crate::search::Resolution;
    let row = |e: kb::EntityRef| {
        format!(
            "  {:<7}  {}  {}\n",
            e.kind().as_str(),
            kb.id_of(e),
            text::line(kb.title_of(e))
        )
    };
    match crate::search::resolve(kb, arg) {
        Resolution::Found { entity, by_name } => {
            if by_name {
                err(&format!(
                    "note: `{}` is {} `{}`\n",
                    text::line(arg),
                    entity.kind().as_str(),
                    kb.id_of(entity)
                ));
            }
            Some(entity)
        }
        Resolution::Ambiguous(many) => {
            let mut s = format!(
                "error: `{}` names {} entities in {}; give one of their ids:\n",
                text::line(arg),
                many.len(),
                text::line(kb.label())
            );
            many.iter().take(20).for_each(|e| s.push_str(&row(*e)));
            if many.len() > 20 {
                s.push_str(&format!("  … {} more\n", many.len() - 20));
            }
            err(&s);
            None
        }
        Resolution::NotFound { did_you_mean, id } => {
            let mut s = format!(
                "error: no entity with id or name `{}` in {}",
                text::line(arg),
                text::line(kb.label())
            );
            let id = id.and_then(|i| kb.lookup(&i));
            let names: Vec<_> = did_you_mean
                .into_iter()
                .filter(|e| Some(*e) != id)
                .collect();
            match (id, names.is_empty()) {
                (Some(e), true) => s.push_str(&format!("; did you mean `{}`?\n", kb.id_of(e))),
                (Some(e), false) => {
                    s.push_str(&format!("; did you mean `{}`? or:\n", kb.id_of(e)));
                }
                (None, false) => s.push_str("; did you mean:\n"),
                (None, true) => s.push_str("; `arctic-brief list` shows every id\n"),
            }
            names.iter().take(10).for_each(|e| s.push_str(&row(*e)));
            err(&s);
            None
        }
    }
}

/// The note (or JSON) for entity `id`.
fn entity_text(kb: &Kb, format: Format, id: &str) -> Result<String, ExitCode> {
    let Some(e) = find(kb, id) else {
        return Err(ExitCode::from(1));
    };
    Ok(match format {
        Format::Md => export::markdown::note(kb, e),
        Format::Stix => export::stix::entity_bundle(kb, e),
        Format::Json => {
            let json =
                serde_json::to_string_pretty(&export::json::entity(kb, e)).unwrap_or_default();
            format!("{}\n", text::harden_json(&json))
        }
    })
}

/// The briefing document on `selector`.
fn briefing_text(kb: &Kb, format: Format, selector: &str) -> Result<String, ExitCode> {
    if format == Format::Json {
        err(
            "error: --briefing writes Markdown or STIX; JSON is for one entity (`export ID --json`)\n",
        );
        return Err(ExitCode::from(2));
    }
    match export::briefing::select(kb, selector) {
        Ok(sel) if format == Format::Stix => Ok(export::stix::selection_bundle(kb, &sel.items)),
        Ok(sel) => {
            let scope = export::briefing::scope_line(kb, &sel.described);
            Ok(export::briefing::document(kb, &sel.items, &scope))
        }
        Err(e) => {
            err(&format!("error: {}\n", text::line(&e)));
            Err(ExitCode::from(1))
        }
    }
}

fn export_vault(kb: &Kb, format: Format, dir: &std::path::Path, force: bool) -> ExitCode {
    match format {
        Format::Md => {}
        Format::Stix => return export_stix_all(kb, dir, force),
        Format::Json => {
            err(
                "error: --all writes Markdown notes (a vault) or a STIX bundle; JSON is for one entity\n",
            );
            return ExitCode::from(2);
        }
    }
    match export::vault::write(dir, &export::vault::plan(kb)) {
        Ok(r) => {
            err(&format!(
                "{}: {} written, {} unchanged, {} removed\n",
                text::line(&dir.to_string_lossy()),
                r.written,
                r.unchanged,
                r.removed
            ));
            for p in &r.skipped {
                err(&format!(
                    "warning: {} was not written by arctic-brief; left as it is\n",
                    text::line(&dir.join(p).to_string_lossy())
                ));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            err(&format!("error: {}\n", text::line(&e.to_string())));
            ExitCode::from(1)
        }
    }
}

/// `export --all DIR --format stix`: the whole KB as one bundle, DIR/bundle.json. A bundle an
/// earlier run wrote (it names the `arctic-brief` author identity) is replaced; any other file
/// there only with --force.
fn export_stix_all(kb: &Kb, dir: &std::path::Path, force: bool) -> ExitCode {
    let path = dir.join(export::stix::BUNDLE_FILE);
    let ours = std::fs::read_to_string(&path).is_ok_and(|s| export::stix::written_by_us(&s));
    write_output(Some(path), &export::stix::kb_bundle(kb), force || ours)
}

/// Writes an export to stdout or, creating its directory, to `output`.
fn write_output(output: Option<PathBuf>, contents: &str, force: bool) -> ExitCode {
    let Some(path) = output.filter(|p| p.as_os_str() != "-") else {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout
            .write_all(contents.as_bytes())
            .and_then(|_| stdout.flush());
        return ExitCode::SUCCESS;
    };
    match export::write::write_note(&path, contents.as_bytes(), force) {
        Ok(()) => {
            err(&format!("wrote {}\n", text::line(&path.to_string_lossy())));
            ExitCode::SUCCESS
        }
        Err(export::write::WriteError::Exists(p)) => {
            err(&format!(
                "error: {} exists; not overwritten (use --force to replace it)\n",
                text::line(&p.to_string_lossy())
            ));
            ExitCode::from(1)
        }
        Err(e) => {
            err(&format!("error: {}\n", text::line(&e.to_string())));
            ExitCode::from(1)
        }
    }
}

/// Said after `show` on the bundled briefing, whose "defined in" names files only a source
/// checkout has.
const BUNDLED_NOTE: &str = "note: the bundled briefing is built into the program; \
    `arctic-brief init DIR` writes an editable copy of it\n";

/// Runs a command; `None` is handled by the caller (the browser).
pub fn run(data: Option<PathBuf>, command: Command) -> ExitCode {
    let data = data.as_deref();
    match command {
        Command::Check { format } => tools::check(data, format),
        Command::List { kind, json } => {
            let kb = match load_or_report(data) {
                Ok(kb) => kb,
                Err(code) => return code,
            };
            let items = kb.sorted(kind.map(Into::into));
            if json {
                let v: Vec<serde_json::Value> =
                    items.iter().map(|e| export::json::link(&kb, *e)).collect();
                out_json(&serde_json::Value::from(v));
            } else {
                let width = items
                    .iter()
                    .map(|e| kb.id_of(*e).len())
                    .max()
                    .unwrap_or(0)
                    .min(40);
                let mut s = String::new();
                for e in &items {
                    s.push_str(&format!(
                        "{:<7}  {:<width$}  {}\n",
                        e.kind().as_str(),
                        text::line(kb.id_of(*e)),
                        text::line(kb.title_of(*e))
                    ));
                    if s.len() > 1 << 16 {
                        if !out(&s) {
                            return ExitCode::SUCCESS;
                        }
                        s.clear();
                    }
                }
                out(&s);
            }
            ExitCode::SUCCESS
        }
        Command::Show { id, json } => {
            let (kb, e) = match load_entity(data, &id) {
                Ok(found) => found,
                Err(code) => return code,
            };
            if json {
                out_json(&export::json::entity(&kb, e));
            } else {
                out(&export::plain::describe(&kb, e));
                if kb.is_bundled() {
                    err(BUNDLED_NOTE);
                }
            }
            ExitCode::SUCCESS
        }
        Command::Export {
            id,
            briefing,
            all,
            format,
            json,
            output,
            force,
        } => {
            let format = if json { Format::Json } else { format };
            let kb = match load_or_report(data) {
                Ok(kb) => kb,
                Err(code) => return code,
            };
            let contents = match (id, briefing, all) {
                (_, _, Some(dir)) => return export_vault(&kb, format, &dir, force),
                (_, Some(selector), _) => match briefing_text(&kb, format, &selector) {
                    Ok(text) => text,
                    Err(code) => return code,
                },
                (Some(id), _, _) => match entity_text(&kb, format, &id) {
                    Ok(text) => text,
                    Err(code) => return code,
                },
                (None, None, None) => return ExitCode::from(2),
            };
            write_output(output, &contents, force)
        }
        Command::Search {
            query,
            kind,
            limit,
            json,
        } => {
            let query = match crate::search::Query::parse(&query.join(" ")) {
                Ok(q) => q,
                Err(e) => {
                    err(&format!("error: {}\n", text::line(&e.to_string())));
                    return ExitCode::from(2);
                }
            };
            let kind: Option<EntityKind> = kind.map(Into::into);
            // A search over actors without filters reads only the index and the actors, and
            // shows only actors: a warm start decodes nothing else (the biggest part of its time).
            let need = if kind == Some(EntityKind::Actor) && query.filters.is_empty() {
                Need::ActorSearch
            } else {
                Need::All
            };
            let loaded = match load_indexed_for(data, need) {
                Ok(l) => l,
                Err(e) => {
                    err(&e.render());
                    return ExitCode::from(1);
                }
            };
            let index = loaded
                .index
                .unwrap_or_else(|| crate::search::Index::build(&loaded.kb));
            let code = search(&loaded.kb, &index, &query, kind, limit, json);
            // The process ends with this answer: freeing every string of a large KB one by one
            // would take longer than the search did.
            std::mem::forget(loaded.kb);
            std::mem::forget(index);
            code
        }
        Command::Board {
            actor,
            meeting,
            json,
        } => board(data, actor, meeting, json),
        Command::Graph {
            id,
            depth,
            format,
            all,
            relations,
        } => graph(data, id, depth, format, all, &relations),
        Command::Init { .. }
        | Command::Config { .. }
        | Command::Schema
        | Command::Completions { .. }
        | Command::Man => tools::standalone(&command, None).unwrap_or(ExitCode::from(2)),
        Command::Generate {
            actors,
            out: dir,
            files,
            seed,
        } => {
            match kb::synth::write_kb(
                &dir,
                &kb::synth::Params {
                    actors,
                    files: files.max(1),
                    seed,
                },
            ) {
                Ok(stats) => {
                    out(&format!(
                        "{}: wrote {} files, {} bytes\n",
                        text::line(&dir.to_string_lossy()),
                        stats.files,
                        stats.bytes
                    ));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    err(&format!(
                        "error: cannot write `{}`: {}\n",
                        text::line(&dir.to_string_lossy()),
                        text::line(&e.to_string())
                    ));
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// `an actor`, `a meeting`, ...
fn a_kind(k: EntityKind) -> String {
    let article = if k == EntityKind::Actor { "an" } else { "a" };
    format!("{article} {k}")
}

/// Finds the entity an option names, which must be of `kind`; reports the problem otherwise.
fn scope_entity(
    kb: &Kb,
    option: &str,
    id: &str,
    kind: EntityKind,
) -> Result<kb::ClaimScope, ExitCode> {
    let found = kb.lookup(id);
    match found.and_then(kb::ClaimScope::of) {
        Some(scope) if scope.entity().kind() == kind => Ok(scope),
        _ => {
            let why = match found {
                Some(e) => format!(
                    "`{}` is {}, not {}",
                    text::line(id),
                    a_kind(e.kind()),
                    a_kind(kind)
                ),
                None => {
                    let hint = kb
                        .suggest_id(id)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    format!(
                        "no {kind} with id `{}` in {}{hint}",
                        text::line(id),
                        text::line(kb.label())
                    )
                }
            };
            err(&format!("error: {option}: {why}\n"));
            Err(ExitCode::from(1))
        }
    }
}

/// `arctic-brief board`.
fn board(
    data: Option<&std::path::Path>,
    actor: Option<String>,
    meeting: Option<String>,
    json: bool,
) -> ExitCode {
    let kb = match load_or_report(data) {
        Ok(kb) => kb,
        Err(code) => return code,
    };
    let scope = match (actor, meeting) {
        (Some(a), _) => scope_entity(&kb, "--actor", &a, EntityKind::Actor).map(Some),
        (None, Some(m)) => scope_entity(&kb, "--meeting", &m, EntityKind::Meeting).map(Some),
        (None, None) => Ok(None),
    };
    let scope = match scope {
        Ok(s) => s,
        Err(code) => return code,
    };
    let clusters = kb.contested_clusters(scope);
    if json {
        out_json(&export::board::json(&kb, &clusters, scope));
    } else {
        out(&export::board::plain(&kb, &clusters, scope));
    }
    ExitCode::SUCCESS
}

/// `arctic-brief graph`.
fn graph(
    data: Option<&std::path::Path>,
    id: Option<String>,
    depth: u32,
    format: GraphFormat,
    all: bool,
    relations: &[kb::Rel],
) -> ExitCode {
    let kinds = if relations.is_empty() {
        kb::RelSet::all()
    } else {
        relations.iter().fold(kb::RelSet::none(), |s, r| s.with(*r))
    };
    let (kb, g) = match (all, id) {
        (false, Some(id)) => match load_entity(data, &id) {
            Ok((kb, e)) => {
                let g = kb.neighbourhood(e, &kb::GraphOptions::complete(depth, kinds));
                (kb, g)
            }
            Err(code) => return code,
        },
        _ => match load_or_report(data) {
            Ok(kb) => {
                let g = kb.whole_graph(kinds);
                (kb, g)
            }
            Err(code) => return code,
        },
    };
    match format {
        GraphFormat::Dot => out(&export::graph::dot(&kb, &g)),
        GraphFormat::Mermaid => out(&export::graph::mermaid(&kb, &g)),
        GraphFormat::Json => out_json(&export::graph::json(&kb, &g)),
    };
    ExitCode::SUCCESS
}

fn search(
    kb: &Kb,
    index: &Index,
    query: &crate::search::Query,
    kind: Option<EntityKind>,
    limit: usize,
    json: bool,
) -> ExitCode {
    use crate::search::Scope;
    let scope = Scope { kind, only: None };
    let never = std::sync::atomic::AtomicBool::new(false);
    let t = std::time::Instant::now();
    let results = index.search(kb, query, &scope, None, &never);
    crate::cache::timing("search", t);
    // Typo rescues are offered, but only real matches make a success (as grep).
    let code = if results.hits.iter().any(|h| !h.did_you_mean()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    let shown = if limit == 0 {
        results.hits.len()
    } else {
        limit.min(results.hits.len())
    };
    let hits = &results.hits[..shown];
    if json {
        let v: Vec<serde_json::Value> = hits.iter().map(|h| hit_json(kb, query, h)).collect();
        out_json(&serde_json::Value::from(v));
        return code;
    }
    if hits.first().is_some_and(|h| h.did_you_mean()) {
        err(&format!(
            "no good match for `{}`; did you mean:\n",
            text::line(&query.text)
        ));
    }
    let width = hits
        .iter()
        .map(|h| kb.id_of(h.entity).len())
        .max()
        .unwrap_or(0)
        .min(40);
    let mut s = String::new();
    for h in hits {
        s.push_str(&format!(
            "{:<7}  {:<width$}  {}  {}\n",
            h.entity.kind().as_str(),
            text::line(kb.id_of(h.entity)),
            text::line(kb.title_of(h.entity)),
            matched_note(kb, h),
        ));
    }
    if shown < results.hits.len() {
        s.push_str(&format!(
            "… {} more (--limit 0 shows all)\n",
            results.hits.len() - shown
        ));
    }
    out(&s);
    code
}

/// `(alias: Moscow)`, `(name)`, `(did you mean: alias: Lavrov)`: which field matched.
fn matched_note(kb: &Kb, h: &crate::search::Hit) -> String {
    let value = crate::search::field_text(kb, h.entity, h.field, h.sub);
    let what = if *value == *kb.title_of(h.entity) || h.tier == crate::search::Tier::All {
        h.field.as_str().to_string()
    } else {
        format!("{}: {}", h.field.as_str(), text::line(&value))
    };
    if h.did_you_mean() {
        format!("(did you mean: {what})")
    } else {
        format!("({what})")
    }
}

fn hit_json(kb: &Kb, query: &crate::search::Query, h: &crate::search::Hit) -> serde_json::Value {
    let mut o = export::json::link(kb, h.entity);
    if let serde_json::Value::Object(m) = &mut o {
        let value = crate::search::field_text(kb, h.entity, h.field, h.sub);
        m.insert("field".into(), h.field.as_str().into());
        m.insert("value".into(), value.as_ref().into());
        m.insert("score".into(), h.score.into());
        m.insert("tier".into(), h.tier.as_str().into());
        m.insert("did_you_mean".into(), h.did_you_mean().into());
        m.insert(
            "positions".into(),
            crate::search::Index::highlight(kb, query, h).into(),
        );
    }
    o
}
