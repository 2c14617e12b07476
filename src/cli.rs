//! The command line: arguments (clap), where the KB comes from, and the `check`, `list`, `show`
//! and (hidden) `generate` commands. Exit codes: 0 ok, 1 a KB problem or nothing found, 2 usage.

use crate::cache::{Cache, Loaded, LoadedFrom};
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
        Without a command, opens the browser on the KB. The KB is the directory or YAML file given \
        with --data, else the one named by ARCTIC_BRIEF_DATA, else the briefing bundled in the binary."
)]
pub struct Cli {
    /// KB directory (every *.yaml / *.yml below it) or single YAML file [default: the bundled briefing]
    #[arg(long, global = true, value_name = "PATH", env = "ARCTIC_BRIEF_DATA")]
    pub data: Option<PathBuf>,

    /// Where the browser's `e` writes notes (created when missing)
    #[arg(long, global = true, value_name = "DIR", default_value = "exports")]
    pub export_dir: PathBuf,

    /// Do not reload the browser when the KB's files change (`r` still reloads)
    #[arg(long, global = true)]
    pub no_watch: bool,

    /// Do not capture the mouse in the browser, so the terminal's own text selection works
    #[arg(long, global = true)]
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
    Check,
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
        /// The entity's id, e.g. sergei-lavrov
        id: String,
        /// The entity as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Export one entity as a Markdown note (or JSON), to stdout or a file
    Export {
        /// The entity's id, e.g. sergei-lavrov
        id: String,
        /// md: a note with YAML front matter, wiki links and footnoted sources; json: the entity
        /// with its resolved links
        #[arg(long, value_enum, default_value = "md")]
        format: Format,
        /// Write to FILE instead of stdout (`-` is stdout); an existing FILE is refused without --force
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Fuzzy-search every entity, best match first (exit 1 when nothing matches, as grep does)
    #[command(
        after_help = "Filters, combinable with text: kind:person (or kind:meeting ...), tag:energy, status:held, grade:B (prefix).\nSmart case: a lower-case query matches any case; a capital must match exactly. Accents are optional for Latin script."
    )]
    Search {
        /// The query: words and filters, e.g. `lavrov`, `kind:person tag:energy`
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

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Json,
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

/// Loads the KB the user asked for, through the snapshot cache, with its search index when the
/// load produced one. A note about the cache goes to stderr; progress too, for a slow load with
/// stderr on a terminal.
pub fn load_indexed(data: Option<&std::path::Path>) -> Result<Loaded, LoadError> {
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
            cache.load(p, &progress)
        })
    } else {
        cache.load(p, &progress)
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
fn out(s: &str) -> bool {
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

fn err(s: &str) {
    print_error(s)
}

fn plural(n: usize, one: &str, many: &str) -> String {
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

/// Loads the KB and finds `id` in it, reporting either failure (with a "did you mean").
fn load_entity(data: Option<&std::path::Path>, id: &str) -> Result<(Kb, kb::EntityRef), ExitCode> {
    let kb = load_or_report(data)?;
    let Some(e) = kb.lookup(id) else {
        let hint = kb
            .suggest_id(id)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_else(|| "; `arctic-brief list` shows every id".into());
        err(&format!(
            "error: no entity with id `{}` in {}{hint}\n",
            text::line(id),
            text::line(kb.label())
        ));
        return Err(ExitCode::from(1));
    };
    Ok((kb, e))
}

/// Runs a command; `None` is handled by the caller (the browser).
pub fn run(data: Option<PathBuf>, command: Command) -> ExitCode {
    let data = data.as_deref();
    match command {
        Command::Check => match load(data) {
            Ok(kb) => {
                out(&format!("{}: ok\n", summary(&kb)));
                ExitCode::SUCCESS
            }
            Err(e) => {
                err(&e.render());
                let n = e.diagnostics.len();
                out(&format!(
                    "{}: {}: failed\n",
                    text::line(&e.label),
                    plural(n, "problem", "problems")
                ));
                ExitCode::from(1)
            }
        },
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
            }
            ExitCode::SUCCESS
        }
        Command::Export {
            id,
            format,
            output,
            force,
        } => {
            let (kb, e) = match load_entity(data, &id) {
                Ok(found) => found,
                Err(code) => return code,
            };
            let contents = match format {
                Format::Md => export::markdown::note(&kb, e),
                Format::Json => {
                    let json = serde_json::to_string_pretty(&export::json::entity(&kb, e))
                        .unwrap_or_default();
                    format!("{}\n", text::harden_json(&json))
                }
            };
            match output.filter(|p| p.as_os_str() != "-") {
                None => {
                    let mut stdout = std::io::stdout().lock();
                    let _ = stdout
                        .write_all(contents.as_bytes())
                        .and_then(|_| stdout.flush());
                    ExitCode::SUCCESS
                }
                Some(path) => {
                    match export::write::write_atomic(&path, contents.as_bytes(), force) {
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
            }
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
            let loaded = match load_indexed(data) {
                Ok(l) => l,
                Err(e) => {
                    err(&e.render());
                    return ExitCode::from(1);
                }
            };
            let index = loaded
                .index
                .unwrap_or_else(|| crate::search::Index::build(&loaded.kb));
            search(
                &loaded.kb,
                &index,
                &query,
                kind.map(Into::into),
                limit,
                json,
            )
        }
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

fn search(
    kb: &Kb,
    index: &Index,
    query: &crate::search::Query,
    kind: Option<EntityKind>,
    limit: usize,
    json: bool,
) -> ExitCode {
    use crate::search::{Scope, field_text};
    let scope = Scope { kind, only: None };
    let results = index.search(
        kb,
        query,
        &scope,
        None,
        &std::sync::atomic::AtomicBool::new(false),
    );
    if results.hits.is_empty() {
        if json {
            out_json(&serde_json::Value::Array(Vec::new()));
        }
        return ExitCode::from(1);
    }
    let shown = if limit == 0 {
        results.hits.len()
    } else {
        limit.min(results.hits.len())
    };
    let hits = &results.hits[..shown];
    if json {
        let v: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                let mut o = export::json::link(kb, h.entity);
                if let serde_json::Value::Object(m) = &mut o {
                    m.insert("field".into(), h.field.as_str().into());
                    m.insert(
                        "value".into(),
                        field_text(kb, h.entity, h.field, h.sub).into(),
                    );
                    m.insert("score".into(), h.score.into());
                    m.insert("tier".into(), format!("{:?}", h.tier).to_lowercase().into());
                    m.insert("positions".into(), Index::highlight(kb, query, h).into());
                }
                o
            })
            .collect();
        out_json(&serde_json::Value::from(v));
        return ExitCode::SUCCESS;
    }
    let width = hits
        .iter()
        .map(|h| kb.id_of(h.entity).len())
        .max()
        .unwrap_or(0)
        .min(40);
    let mut s = String::new();
    for h in hits {
        let value = field_text(kb, h.entity, h.field, h.sub);
        let matched = if value == kb.title_of(h.entity) || h.tier == crate::search::Tier::All {
            format!("({})", h.field.as_str())
        } else {
            format!("({}: {})", h.field.as_str(), text::line(value))
        };
        s.push_str(&format!(
            "{:<7}  {:<width$}  {}  {matched}\n",
            h.entity.kind().as_str(),
            text::line(kb.id_of(h.entity)),
            text::line(kb.title_of(h.entity)),
        ));
    }
    if shown < results.hits.len() {
        s.push_str(&format!(
            "… {} more (--limit 0 shows all)\n",
            results.hits.len() - shown
        ));
    }
    out(&s);
    ExitCode::SUCCESS
}
