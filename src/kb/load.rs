//! Loading a KB: finding its files, reading and parsing them in parallel, merging, checking ids and
//! references across the whole KB, building the link index, and turning every problem into a
//! located [`Diagnostic`].

use super::diag::{Diagnostic, Location, did_you_mean, token_span_in};
use super::guard;
use super::links::Links;
use super::locate::{self, LineIndex, Mark, Marks, Spot, Wanted};
use super::model::*;
use super::problems::Problems;
use super::progress::Progress;
use super::validate::{FileFailure, FileModel, PendingRef, Problem, RefField, parse_and_validate};
use super::{Kb, KbFile};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The largest KB file read. Larger files are refused before reading.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a KB could not be loaded: every problem found, in file and line order.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub label: String,
    /// The problems shown: root causes first, then in file and line order. Of many problems of
    /// one kind in one file only the first [`MAX_SHOWN_PER_KIND`](super::problems::MAX_SHOWN_PER_KIND) are here; the last of them
    /// carries a note "and N more like this".
    pub diagnostics: Vec<Diagnostic>,
    /// How many problems were found in all, shown or not.
    pub problems: usize,
    /// How many KB files were examined.
    pub files: usize,
}

impl LoadError {
    fn single(label: &str, d: Diagnostic) -> Self {
        LoadError {
            label: label.to_string(),
            diagnostics: vec![d],
            problems: 1,
            files: 0,
        }
    }

    /// Every diagnostic rendered, then a summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&d.render());
            out.push('\n');
        }
        let n = self.problems;
        let files: Vec<&str> = {
            let mut f: Vec<&str> = self
                .diagnostics
                .iter()
                .filter_map(|d| d.location.as_ref().map(|l| l.file.as_str()))
                .collect();
            f.dedup();
            f.sort_unstable();
            f.dedup();
            f
        };
        let in_files = match files.len() {
            0 => String::new(),
            1 => " in 1 file".to_string(),
            k => format!(" in {k} files"),
        };
        out.push_str(&format!(
            "error: {}: {n} problem{}{in_files}; the KB was not loaded\n",
            crate::text::line(&self.label),
            if n == 1 { "" } else { "s" },
        ));
        out
    }
}

/// Makes every large buffer (a file's text, a parser's events, a kind's entity list) come from
/// its own mapping, given back to the system when freed. glibc otherwise raises its threshold
/// for that after the first large buffer is freed, and later ones come from the heap, where
/// memory freed stays resident: a 100k-actor load peaked about 60 MB higher (the parsed files'
/// lists still resident while the KB's were filled), and the browser kept it. Growing such a
/// buffer is then a remap, never a copy. Call once, at start, before any thread.
pub fn return_large_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter of the allocator; it is called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
    }
}

/// Loads the KB at `path`: a directory (every `*.yaml` / `*.yml` below it, recursively, in sorted
/// path order, hidden entries skipped) or a single file.
pub fn load_path(path: &Path) -> Result<Kb, LoadError> {
    load_files(path, kb_files(path)?, &Progress::default())
}

/// Loads in-memory files, each a display name and its text (the bundled briefing, tests).
pub fn load_texts(label: &str, files: Vec<(String, Cow<'static, str>)>) -> Result<Kb, LoadError> {
    let inputs = files
        .into_iter()
        .map(|(display, text)| KbFile {
            display,
            path: None,
            text: Some(text),
        })
        .collect();
    load_inputs(label.to_string(), inputs)
}

/// The files [`load_path`] would read for `path`, in the order it reads them: what a cache keys on.
pub fn kb_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let label = path.display().to_string();
    discover(path).map_err(|d| LoadError::single(&label, *d))
}

/// Loads exactly `files` (from [`kb_files`]) as the KB at `path`, counting progress in `progress`.
pub fn load_files(path: &Path, files: Vec<PathBuf>, progress: &Progress) -> Result<Kb, LoadError> {
    let inputs: Vec<KbFile> = files
        .into_iter()
        .map(|p| KbFile {
            display: p.display().to_string(),
            path: Some(p),
            text: None,
        })
        .collect();
    load_inputs_with(path.display().to_string(), inputs, progress)
}

fn discover(path: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let mut d = Diagnostic::new(format!(
            "cannot read KB `{}`: {}",
            path.display(),
            io_reason(&e)
        ));
        d.help = Some(
            "give a KB directory or YAML file with --data PATH, or set ARCTIC_BRIEF_DATA".into(),
        );
        Box::new(d)
    })?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut walk = Walk {
        root: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        visited: Vec::new(),
        files: Vec::new(),
        real_files: Default::default(),
        problems: Vec::new(),
    };
    walk.dir(path);
    let (mut files, problems) = (walk.files, walk.problems);
    if !problems.is_empty() {
        let mut d = Diagnostic::new(format!("cannot read KB directory `{}`", path.display()));
        d.notes = problems;
        return Err(Box::new(d));
    }
    if files.is_empty() {
        let mut d = Diagnostic::new(format!(
            "no `.yaml` or `.yml` files under `{}`",
            path.display()
        ));
        d.help = Some("a KB is a directory of YAML files with `actors`, `meetings`, `claims` or `sources` lists".into());
        return Err(Box::new(d));
    }
    files.sort();
    Ok(files)
}

/// Whether `path` names a YAML file: `.yaml` or `.yml`, in any case (`KB.YAML`).
fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
}

/// Finding a KB directory's files. Hidden entries are skipped. Symbolic links are followed to
/// YAML files wherever they point, and to directories only inside the KB's own root (so a link
/// to `/usr` is not walked); anything else a link names (a dangling link, a link to a non-YAML
/// file or to a directory outside the KB) is skipped, unless its own name says YAML, which is
/// then reported as unreadable.
struct Walk {
    root: PathBuf,
    /// The directories being walked, by their real path: a link back to one is a loop.
    visited: Vec<PathBuf>,
    files: Vec<PathBuf>,
    /// The real paths of the files found: a file reached twice (by a link to a directory of
    /// the KB) is read once.
    real_files: std::collections::HashSet<PathBuf>,
    problems: Vec<String>,
}

impl Walk {
    fn file(&mut self, path: &Path) {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if self.real_files.insert(real) {
            self.files.push(path.to_path_buf());
        }
    }

    fn dir(&mut self, dir: &Path) {
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if self.visited.contains(&real) {
            self.problems.push(format!(
                "`{}`: a symbolic link loops back to a directory above it",
                dir.display()
            ));
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                let reason = io_reason(&e);
                self.problems.push(format!("`{}`: {reason}", dir.display()));
                return;
            }
        };
        self.visited.push(real);
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                self.link(&path);
            } else if kind.is_dir() {
                self.dir(&path);
            } else if is_yaml_name(&path) {
                self.file(&path);
            }
        }
        self.visited.pop();
    }

    fn link(&mut self, path: &Path) {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let inside = std::fs::canonicalize(path).is_ok_and(|t| t.starts_with(&self.root));
                if inside {
                    self.dir(path);
                }
            }
            // A file (or FIFO, device...) by a YAML name is read, and refused there if it is not
            // a plain readable file; so is a dangling link by a YAML name.
            _ if is_yaml_name(path) => self.file(path),
            _ => {}
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// What a worker made of one file.
struct Parsed {
    model: FileModel,
    /// The text of a file read from disk, kept only when the file has a problem to show; a
    /// problem found later (a reference) reads the file again. Clean files keep nothing, so a
    /// large KB is not held twice while it loads.
    text: Option<String>,
    /// How many bytes the file had (for the load's progress).
    bytes: u64,
}

/// The text YAML sees: a UTF-8 byte-order mark is not part of it, and editors do not show it,
/// so columns on line 1 are counted after it.
pub(crate) fn content(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn read_and_parse(index: u32, input: &KbFile) -> Parsed {
    let read;
    let text = match &input.text {
        Some(t) => t.as_ref(),
        None => match read_text(index, input.path.as_deref().unwrap_or(Path::new(""))) {
            Ok(t) => {
                read = t;
                read.as_str()
            }
            Err((p, shown)) => {
                let mut p = *p;
                p.root = true;
                return Parsed {
                    model: FileModel {
                        problems: Problems::one(p),
                        failed: true,
                        ..FileModel::default()
                    },
                    text: Some(shown),
                    bytes: 0,
                };
            }
        },
    };
    let model = parse_file(index, content(text));
    let keep = input.text.is_none() && !model.problems.is_empty();
    Parsed {
        model,
        bytes: text.len() as u64,
        text: keep.then(|| text.to_string()),
    }
}

fn parse_file(index: u32, text: &str) -> FileModel {
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    if text.split(['\n', '\r']).all(blank) {
        let p = Problem::new(index, Spot::File, "the file is empty")
            .label("no `actors`, `meetings`, `claims` or `sources`")
            .help("remove the file, or add a top-level `actors:`, `meetings:`, `claims:` or `sources:` list");
        return FileModel {
            problems: Problems::one(p),
            ..FileModel::default()
        };
    }
    if let Some(p) = guard::check(index, text) {
        return FileModel {
            problems: Problems::one(p),
            failed: true,
            ..FileModel::default()
        };
    }
    let (mut model, failure) = parse_and_validate(index, text);
    if let Some(failure) = failure {
        let mut p = match failure {
            FileFailure::Yaml(e) => yaml_problem(index, text, &e),
            FileFailure::Expansion(p) => *p,
        };
        p.root = true;
        model.problems.push(p);
        model.failed = true;
    }
    model
}

/// The file's text, or the problem with it and what of the text can be shown (the lossy decoding
/// of a non-UTF-8 file, so the diagnostic can quote the offending line).
fn read_text(index: u32, path: &Path) -> Result<String, (Box<Problem>, String)> {
    let fail = |msg: String| {
        (
            Box::new(Problem::new(index, Spot::File, msg)),
            String::new(),
        )
    };
    let meta = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read file: {}", io_reason(&e))))?;
    if !meta.is_file() {
        return Err(fail(
            "not a regular file (a KB file must be a plain YAML file)".into(),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "file too large: {} bytes (the limit is {MAX_FILE_BYTES}); split it into several files",
            meta.len()
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| fail(format!("cannot read file: {}", io_reason(&e))))?;
    String::from_utf8(bytes).map_err(|e| {
        let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&good[line_start..]).chars().count();
        let bad = e.as_bytes()[good.len()];
        let problem = Problem::new(
            index,
            Spot::At(Mark { line, col }),
            format!("the file is not valid UTF-8 (byte 0x{bad:02x})"),
        )
        .label("invalid byte here")
        .help("KB files must be UTF-8; re-save the file as UTF-8");
        (Box::new(problem), shown)
    })
}

/// A YAML-level failure (syntax, nesting, alias expansion), placed where serde_yaml says.
fn yaml_problem(index: u32, text: &str, e: &serde_yaml::Error) -> Problem {
    let full = e.to_string();
    let message = strip_positions(&full);
    let (spot, label, help) = if full.contains("recursion limit exceeded") {
        (
            None,
            "nested too deeply",
            Some("KB files need at most four levels of nesting".to_string()),
        )
    } else if full.contains("repetition limit exceeded") {
        (
            None,
            "too many alias expansions",
            Some(
                "the file expands YAML aliases (`*name`) into a huge document: an alias bomb?"
                    .to_string(),
            ),
        )
    } else if full.contains("more than one document") {
        let second = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("---"))
            .map(|(i, _)| i + 1)
            .find(|&i| {
                text.lines()
                    .take(i - 1)
                    .any(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("---"))
            });
        (
            second.map(|line| Spot::At(Mark { line, col: 0 })),
            "second document starts here",
            Some("a KB file holds one YAML document; split it into two files".to_string()),
        )
    } else if full.contains("control characters are not allowed") {
        return control_problem(index, text).unwrap_or_else(|| {
            Problem::new(index, Spot::File, strip_positions(&full)).label("YAML syntax error")
        });
    } else {
        (
            None,
            "YAML syntax error",
            syntax_hint(text, &full, e.location()),
        )
    };
    let spot = spot.unwrap_or_else(|| match e.location() {
        Some(l) => Spot::At(Mark {
            line: l.line(),
            col: l.column().saturating_sub(1),
        }),
        None => Spot::File,
    });
    let mut p = Problem::new(index, spot, message).label(label);
    p.help = help;
    // "..., while parsing a flow sequence at line 8 column 19": say where that construct began.
    if let Some((what, line, col)) = context_position(&full) {
        p.related = Some((
            index,
            Spot::At(Mark {
                line,
                col: col.saturating_sub(1),
            }),
            format!("{what} started here"),
        ));
    }
    p
}

/// A hint for the syntax errors people make most: a `: ` inside an unquoted value, and a tab
/// where YAML wants spaces.
fn syntax_hint(text: &str, msg: &str, at: Option<serde_yaml::Location>) -> Option<String> {
    let line = at.and_then(|l| {
        LineIndex::new(text)
            .line(text, l.line())
            .map(str::to_string)
    });
    let tab_in_indent = line
        .as_deref()
        .is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'));
    if tab_in_indent {
        return Some("YAML indents with spaces only: replace the tab with spaces".into());
    }
    if msg.contains("mapping values are not allowed") {
        return Some(
            "a value holding `: ` must be quoted: quote the value, e.g. `title: \"Talks: day one\"`"
                .into(),
        );
    }
    if msg.contains("cannot start any token") && line.is_some_and(|l| l.contains('\t')) {
        return Some("YAML does not allow a tab here: use spaces".into());
    }
    None
}

/// The first character YAML does not allow (a C0 or C1 control other than tab and line
/// breaks, as a NUL or an ESC pasted from a terminal), placed where it is.
fn control_problem(index: u32, text: &str) -> Option<Problem> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
            || ('\u{7f}'..='\u{9f}').contains(&c) && c != '\u{85}'
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    let at = text.find(bad)?;
    let c = text[at..].chars().next()?;
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = LineIndex::new(&text[..line_start]).lines();
    let col = text[line_start..at].chars().count();
    let name = match c {
        '\0' => " (NUL)",
        '\u{1b}' => " (ESC)",
        '\u{7f}' => " (DEL)",
        _ => "",
    };
    Some(
        Problem::new(
            index,
            Spot::At(Mark { line, col }),
            format!("the control character U+{:04X}{name} is not allowed in YAML", c as u32),
        )
        .label("control character here")
        .help("remove it, or write it as an escape inside double quotes (`\\e` for ESC, `\\0` for NUL)"),
    )
}

/// From "..., while parsing a flow sequence at line 8 column 19", the construct and its position.
fn context_position(msg: &str) -> Option<(String, usize, usize)> {
    let i = msg.find(", while ")?;
    let rest = &msg[i + 2..];
    let j = rest.find(" at line ")?;
    let what = rest[..j].trim_start_matches("while ").to_string();
    let mut nums = rest[j..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    let line = nums.next()?.parse().ok()?;
    let col = nums.next()?.parse().ok()?;
    Some((what, line, col))
}

/// serde_yaml's messages end with "at line 2 column 3"; the diagnostic shows the place itself.
fn strip_positions(msg: &str) -> String {
    let mut out = String::new();
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let skip = tail
            .find(" column ")
            .map(|j| {
                let after = &tail[j + " column ".len()..];
                j + " column ".len()
                    + after
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(after.len())
            })
            .unwrap_or(0);
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out
}

pub(crate) fn load_inputs(label: String, inputs: Vec<KbFile>) -> Result<Kb, LoadError> {
    load_inputs_with(label, inputs, &Progress::default())
}

fn load_inputs_with(
    label: String,
    inputs: Vec<KbFile>,
    progress: &Progress,
) -> Result<Kb, LoadError> {
    let (mut kb, texts, problems) = gather(label, inputs, progress);
    if !problems.is_empty() {
        let files = kb.files.len();
        let count = problems.total();
        return Err(LoadError {
            diagnostics: locate_all(&kb, texts, problems),
            problems: count,
            label: kb.label,
            files,
        });
    }
    kb.links = Links::build(&kb.actors, &kb.meetings, &kb.claims, &kb.sources);
    Ok(kb)
}

/// Parses every file and merges them into a KB with its ids registered and references
/// resolved, with the texts of the files that have problems and the problems (capped).
fn gather(
    label: String,
    inputs: Vec<KbFile>,
    progress: &Progress,
) -> (Kb, Vec<Option<String>>, Problems) {
    let parsed = parse_all(&inputs, progress);
    let mut problems = Problems::default();
    let mut texts = Vec::with_capacity(parsed.len());
    let mut failed = Vec::new();
    let mut kb = Kb {
        actors: Vec::new(),
        meetings: Vec::new(),
        claims: Vec::new(),
        sources: Vec::new(),
        ids: HashMap::new(),
        links: Links::default(),
        files: inputs,
        label,
    };
    let total = |f: fn(&FileModel) -> usize| parsed.iter().map(|p| f(&p.model)).sum::<usize>();
    kb.actors.reserve_exact(total(|m| m.actors.len()));
    kb.meetings.reserve_exact(total(|m| m.meetings.len()));
    kb.claims.reserve_exact(total(|m| m.claims.len()));
    kb.sources.reserve_exact(total(|m| m.sources.len()));
    // References stay grouped by file, so they can be resolved in parallel.
    let mut refs: Vec<Vec<PendingRef>> = Vec::with_capacity(parsed.len());
    for (i, p) in parsed.into_iter().enumerate() {
        let mut m = p.model;
        texts.push(p.text);
        if m.failed {
            failed.push(i as u32);
        }
        let (oa, om, oc, os) = (
            kb.actors.len() as u32,
            kb.meetings.len() as u32,
            kb.claims.len() as u32,
            kb.sources.len() as u32,
        );
        for r in &mut m.refs {
            r.owner = match r.owner {
                EntityRef::Actor(a) => EntityRef::Actor(ActorId(a.0 + oa)),
                EntityRef::Meeting(x) => EntityRef::Meeting(MeetingId(x.0 + om)),
                EntityRef::Claim(x) => EntityRef::Claim(ClaimId(x.0 + oc)),
                EntityRef::Source(x) => EntityRef::Source(SourceId(x.0 + os)),
            };
        }
        refs.push(m.refs);
        problems.extend(m.problems);
        kb.actors.extend(m.actors);
        kb.meetings.extend(m.meetings);
        kb.claims.extend(m.claims);
        kb.sources.extend(m.sources);
    }
    register_ids(&mut kb, &mut problems);
    resolve(&mut kb, refs, &failed, &mut problems);
    (kb, texts, problems)
}

/// Reads, parses and validates every file, spread over the machine's cores.
fn parse_all(inputs: &[KbFile], progress: &Progress) -> Vec<Parsed> {
    let indexed: Vec<(u32, &KbFile)> = inputs
        .iter()
        .enumerate()
        .map(|(i, f)| (i as u32, f))
        .collect();
    parallel_map(indexed, |(i, f)| {
        let parsed = read_and_parse(i, f);
        let m = &parsed.model;
        let entities = m.actors.len() + m.meetings.len() + m.claims.len() + m.sources.len();
        progress.file_done(parsed.bytes, entities as u64);
        parsed
    })
}

fn id_spot(kind: EntityKind, origin: Origin) -> (u32, Spot) {
    (
        origin.file,
        Spot::Value {
            section: kind.section(),
            item: origin.item as usize,
            key: "id",
        },
    )
}

fn register_ids(kb: &mut Kb, problems: &mut Problems) {
    let total = kb.actors.len() + kb.meetings.len() + kb.claims.len() + kb.sources.len();
    let mut ids: HashMap<String, EntityRef> = HashMap::with_capacity(total);
    let entries = kb
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), EntityRef::Actor(ActorId(i as u32)), a.origin))
        .chain(kb.meetings.iter().enumerate().map(|(i, m)| {
            (
                m.id.as_str(),
                EntityRef::Meeting(MeetingId(i as u32)),
                m.origin,
            )
        }))
        .chain(
            kb.claims
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), EntityRef::Claim(ClaimId(i as u32)), c.origin)),
        )
        .chain(kb.sources.iter().enumerate().map(|(i, s)| {
            (
                s.id.as_str(),
                EntityRef::Source(SourceId(i as u32)),
                s.origin,
            )
        }));
    for (id, e, origin) in entries {
        if id.is_empty() {
            continue;
        }
        if let Some(&first) = ids.get(id) {
            let (file, spot) = id_spot(e.kind(), origin);
            // Past the cap, a duplicate is only counted: nothing is built for it.
            if problems.count_if_capped(file, format_args!("duplicate id `{id}`")) {
                continue;
            }
            let first_origin = kb.origin(first);
            let (ffile, fspot) = id_spot(first.kind(), first_origin);
            let mut p = Problem::new(file, spot, format!("duplicate id `{id}`"))
                .label(format!(
                    "already used by {} defined earlier",
                    article(first.kind())
                ))
                .help("ids are unique across the whole KB and all kinds; rename one of them");
            p.entity = Some(id.to_string());
            p.related = Some((
                ffile,
                fspot,
                format!("`{id}` is first defined as {} here", article(first.kind())),
            ));
            problems.push(p);
            continue;
        }
        ids.insert(id.to_string(), e);
    }
    kb.ids = ids;
}

/// How many candidate comparisons suggestions may cost in one load, so a KB with thousands of
/// broken references against 100k ids still fails fast.
const SUGGESTION_BUDGET: usize = 2_000_000;

/// A reference after lookup: where to attach it, or why it failed (with what the message needs).
enum Lookup {
    Found(EntityRef, RefField, EntityRef),
    Failed(Box<PendingRef>, Option<EntityKind>),
}

fn resolve(kb: &mut Kb, refs: Vec<Vec<PendingRef>>, failed: &[u32], problems: &mut Problems) {
    // Hashing a million ids and freeing their strings is the costly part: done on every core,
    // one file's references at a time. Attaching is cheap and needs `&mut Kb`: done after.
    let ids = &kb.ids;
    let lookup_file = |file_refs: Vec<PendingRef>| -> Vec<Lookup> {
        file_refs
            .into_iter()
            .map(|r| match ids.get(&r.target) {
                Some(&t) if t.kind() == r.field.expected() && t != r.owner => {
                    Lookup::Found(r.owner, r.field, t)
                }
                Some(&t) => Lookup::Failed(Box::new(r), Some(t.kind())),
                None => Lookup::Failed(Box::new(r), None),
            })
            .collect()
    };
    let looked_up: Vec<Vec<Lookup>> = parallel_map(refs, lookup_file);
    // An id missing because the file defining it failed to parse is not a second mistake.
    let unparsed = unparsed_note(kb, failed);
    let mut suggestions = Suggestions::default();
    for lookup in looked_up.into_iter().flatten() {
        match lookup {
            Lookup::Found(owner, field, target) => attach(kb, owner, field, target),
            Lookup::Failed(r, found) => {
                // Past the cap, a failure is only counted: no suggestion sought, nothing built.
                let message = RefMessage::new(kb, &r, found);
                if problems.count_if_capped(kb.origin(r.owner).file, format_args!("{message}")) {
                    continue;
                }
                let failure = match found {
                    Some(kind) if kind != r.field.expected() => RefFailure::WrongKind(kind),
                    Some(_) => RefFailure::ItSelf,
                    None if unparsed.is_some() => RefFailure::Unparsed(unparsed.clone()),
                    None => RefFailure::Unknown(suggestions.get(kb, &r.target, r.field.expected())),
                };
                problems.push(reference_problem(kb, &r, failure));
            }
        }
    }
}

/// "may be defined in people.yaml, which failed to parse", when any file did.
fn unparsed_note(kb: &Kb, failed: &[u32]) -> Option<String> {
    let name = |i: &u32| {
        kb.files
            .get(*i as usize)
            .map_or_else(String::new, |f| f.display.clone())
    };
    match failed {
        [] => None,
        [one] => Some(format!(
            "may be defined in {}, which failed to parse",
            name(one)
        )),
        [first, rest @ ..] => Some(format!(
            "may be defined in {} or {} other files that failed to parse",
            name(first),
            rest.len()
        )),
    }
}

/// Suggestions for unknown ids, each worked out once: 100k references to one missing id cost
/// one search, and all searches together stay within a fixed number of comparisons, so a KB
/// with thousands of broken references against 100k ids still fails fast.
#[derive(Default)]
struct Suggestions {
    spent: usize,
    known: HashMap<(String, EntityKind), Option<String>>,
}

impl Suggestions {
    fn get(&mut self, kb: &Kb, word: &str, kind: EntityKind) -> Option<String> {
        if let Some(s) = self.known.get(&(word.to_string(), kind)) {
            return s.clone();
        }
        let n = kb.count(kind);
        let s = if self.spent + n > SUGGESTION_BUDGET {
            None
        } else {
            self.spent += n;
            suggest(kb, word, kind)
        };
        self.known.insert((word.to_string(), kind), s.clone());
        s
    }
}

/// Applies `f` to every item on the machine's cores, keeping the order.
fn parallel_map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.into_iter().map(f).collect();
    }
    let inputs: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let outputs: Vec<Mutex<Option<U>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slot) = inputs.get(i) else { break };
                    let item = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                    if let Some(item) = item {
                        *outputs[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(f(item));
                    }
                }
            });
        }
    });
    outputs
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item was mapped")
        })
        .collect()
}

enum RefFailure {
    Unknown(Option<String>),
    /// Unknown, while some file failed to parse: the note says which.
    Unparsed(Option<String>),
    WrongKind(EntityKind),
    ItSelf,
}

/// The message for a reference that does not resolve; built only on failure, so resolving a good
/// KB's million references allocates nothing per reference.
fn reference_problem(kb: &Kb, r: &PendingRef, failure: RefFailure) -> Problem {
    let origin = kb.origin(r.owner);
    let owner_id = kb.id_of(r.owner);
    let expected = r.field.expected();
    let found = match failure {
        RefFailure::WrongKind(found) => Some(found),
        RefFailure::ItSelf => Some(expected),
        _ => None,
    };
    let message = RefMessage::new(kb, r, found).to_string();
    let label = match failure {
        RefFailure::Unknown(Some(s)) => format!("did you mean `{s}`?"),
        RefFailure::Unknown(None) => format!("no {} has this id", expected.as_str()),
        RefFailure::Unparsed(note) => note.unwrap_or_default(),
        RefFailure::WrongKind(_) => format!("expected the id of {}", article(expected)),
        RefFailure::ItSelf => "a claim cannot relate to itself".into(),
    };
    let mut p = Problem::new(origin.file, r.spot(origin.item), message).label(label);
    p.entity = (!owner_id.is_empty()).then(|| owner_id.to_string());
    p
}

/// The message of a reference that does not resolve, given what its target turned out to be
/// (`None`: no such id); written on demand, so a capped failure costs no string.
struct RefMessage<'a> {
    r: &'a PendingRef,
    owner_id: &'a str,
    item: u32,
    found: Option<EntityKind>,
}

impl<'a> RefMessage<'a> {
    fn new(kb: &'a Kb, r: &'a PendingRef, found: Option<EntityKind>) -> Self {
        RefMessage {
            r,
            owner_id: kb.id_of(r.owner),
            item: kb.origin(r.owner).item,
            found,
        }
    }
}

impl std::fmt::Display for RefMessage<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = self.r.owner.kind().as_str();
        let who = |f: &mut std::fmt::Formatter<'_>| {
            if self.owner_id.is_empty() {
                write!(f, "{kind} #{}", self.item + 1)
            } else {
                write!(f, "{kind} `{}`", self.owner_id)
            }
        };
        let (key, expected, target) = (self.r.field.key(), self.r.field.expected(), &self.r.target);
        match self.found {
            None => {
                write!(f, "unknown {} `{target}` in `{key}` of ", expected.as_str())?;
                who(f)
            }
            Some(found) if found != expected => {
                write!(f, "`{target}` is {}, but `{key}` of ", article(found))?;
                who(f)?;
                write!(f, " takes {}", article(expected))
            }
            Some(_) => {
                who(f)?;
                write!(f, " names itself in `{key}`")
            }
        }
    }
}

fn article(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Actor => "an actor",
        EntityKind::Meeting => "a meeting",
        EntityKind::Claim => "a claim",
        EntityKind::Source => "a source",
    }
}

fn attach(kb: &mut Kb, owner: EntityRef, field: RefField, target: EntityRef) {
    use RefField::*;
    match (owner, target) {
        (EntityRef::Actor(a), EntityRef::Actor(t)) => kb.actors[a.index()].affiliations.push(t),
        (EntityRef::Meeting(m), EntityRef::Actor(t)) => kb.meetings[m.index()].participants.push(t),
        (EntityRef::Meeting(m), EntityRef::Source(t)) => kb.meetings[m.index()].sources.push(t),
        (EntityRef::Claim(c), t) => {
            let claim = &mut kb.claims[c.index()];
            match (field, t) {
                (By, EntityRef::Actor(t)) => claim.by = t,
                (About, EntityRef::Actor(t)) => claim.about.push(t),
                (ClaimSource, EntityRef::Source(t)) => claim.source = t,
                (Meeting, EntityRef::Meeting(t)) => claim.meeting = Some(t),
                (Supports, EntityRef::Claim(t)) => claim.supports.push(t),
                (Contradicts, EntityRef::Claim(t)) => claim.contradicts.push(t),
                (Qualifies, EntityRef::Claim(t)) => claim.qualifies.push(t),
                _ => unreachable!("reference kinds are checked before attaching"),
            }
        }
        (EntityRef::Source(s), EntityRef::Actor(t)) => match field {
            RelayedBy => kb.sources[s.index()].relayed_by.push(t),
            _ => kb.sources[s.index()].publisher = Some(t),
        },
        _ => unreachable!("reference kinds are checked before attaching"),
    }
}

/// A likely intended id of `kind` for the unknown `word`: a close spelling, or the one id that
/// has `word` as a whole part (`lavrov` -> `sergei-lavrov`).
fn suggest(kb: &Kb, word: &str, kind: EntityKind) -> Option<String> {
    let ids = || -> Box<dyn Iterator<Item = &str>> {
        match kind {
            EntityKind::Actor => Box::new(kb.actors.iter().map(|a| a.id.as_str())),
            EntityKind::Meeting => Box::new(kb.meetings.iter().map(|a| a.id.as_str())),
            EntityKind::Claim => Box::new(kb.claims.iter().map(|a| a.id.as_str())),
            EntityKind::Source => Box::new(kb.sources.iter().map(|a| a.id.as_str())),
        }
    };
    if let Some(s) = did_you_mean(word, ids().filter(|s| !s.is_empty())) {
        return Some(s.to_string());
    }
    let prefix = format!("{word}-");
    let mut parts = ids().filter(|id| id.split('-').any(|p| p == word) || id.starts_with(&prefix));
    match (parts.next(), parts.next()) {
        (Some(one), None) => Some(one.to_string()),
        _ => None,
    }
}

/// Turns problems into located diagnostics: the first [`MAX_SHOWN_PER_KIND`](super::problems::MAX_SHOWN_PER_KIND) of each kind in each
/// file, root causes first, then by file, line and column. Each file is indexed once, so the cost
/// is linear in the files and the problems shown, however many problems there are.
fn locate_all(kb: &Kb, texts: Vec<Option<String>>, problems: Problems) -> Vec<Diagnostic> {
    let shown = cap_per_kind(kb, problems);
    // The entities whose places are needed, so each file's scan records only those.
    let mut wanted: HashMap<u32, Wanted> = HashMap::new();
    let spots = shown.iter().flat_map(|(p, _)| {
        std::iter::once((p.file, &p.spot)).chain(p.related.as_ref().map(|(f, s, _)| (*f, s)))
    });
    for (file, spot) in spots {
        let w = wanted.entry(file).or_default();
        if let Some((section, item)) = spot.entity() {
            w.entry(section.to_string()).or_default().insert(item);
        }
    }
    let mut placer = Placer {
        kb,
        texts,
        views: HashMap::new(),
        wanted,
    };
    let mut out: Vec<(bool, u32, usize, usize, Diagnostic)> = Vec::with_capacity(shown.len());
    for (p, more) in shown {
        let placed = placer.place(p.file, &p.spot);
        let mut d = Diagnostic::new(p.message);
        if !matches!(p.spot, Spot::File)
            && let Some((line, start)) = placed.excerpt.filter(|(l, _)| !l.trim().is_empty())
        {
            if p.quote_as_written {
                let col = placed.location.col - 1 - start;
                let token: String = line.chars().skip(col).take(placed.span).collect();
                d.help = Some(format!(
                    "quote it to keep it as written: '{}'",
                    token.replace('\'', "''")
                ));
            }
            d.source_line = Some(line);
            d.source_start = start;
        }
        d.span = placed.span;
        d.label = p.label;
        d.help = d.help.or(p.help);
        d.entity = p.entity;
        if let Some((rfile, rspot, what)) = p.related {
            let rloc = placer.place(rfile, &rspot).location;
            d.notes.push(format!("{what}: {rloc}"));
        }
        d.notes.extend(more);
        let (line, col) = (placed.location.line, placed.location.col);
        d.location = Some(placed.location);
        out.push((!p.root, p.file, line, col, d));
    }
    out.sort_by_key(|(later, f, l, c, _)| (*later, *f, *l, *c));
    out.into_iter().map(|(_, _, _, _, d)| d).collect()
}

/// The problems to show, each with the "and N more like this" note its kind needs: the first
/// [`MAX_SHOWN_PER_KIND`](super::problems::MAX_SHOWN_PER_KIND) of each kind in each file, in the order they were found.
fn cap_per_kind(kb: &Kb, problems: Problems) -> Vec<(Problem, Option<String>)> {
    let note = |file: u32, more: usize| {
        let name = kb
            .files
            .get(file as usize)
            .map_or("", |f| f.display.as_str());
        format!("and {} more like this in {name}", thousands(more))
    };
    problems
        .into_shown()
        .into_iter()
        .map(|(p, more)| {
            let note = (more > 0).then(|| note(p.file, more));
            (p, note)
        })
        .collect()
}

/// `9950` -> `9,950`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// One file's text, its line starts and (once a problem needs them) its YAML positions.
struct View {
    text: String,
    lines: LineIndex,
    marks: Option<Marks>,
}

struct Placed {
    location: Location,
    /// The source line around the spot, and the character column it starts at.
    excerpt: Option<(String, usize)>,
    span: usize,
}

/// Places problems, reading and indexing each file at most once.
struct Placer<'k> {
    kb: &'k Kb,
    texts: Vec<Option<String>>,
    views: HashMap<u32, View>,
    wanted: HashMap<u32, Wanted>,
}

impl Placer<'_> {
    fn view(&mut self, file: u32) -> &mut View {
        let (kb, texts) = (self.kb, &mut self.texts);
        self.views.entry(file).or_insert_with(|| {
            let kept = texts.get_mut(file as usize).and_then(Option::take);
            let text = kept.unwrap_or_else(|| file_text(kb.files.get(file as usize)));
            let text = match content(&text).len() == text.len() {
                true => text,
                false => content(&text).to_string(),
            };
            View {
                lines: LineIndex::new(&text),
                text,
                marks: None,
            }
        })
    }

    fn place(&mut self, file: u32, spot: &Spot) -> Placed {
        // Small: the entities with a problem shown in this file.
        let wanted = self.wanted.get(&file).cloned().unwrap_or_default();
        let view = self.view(file);
        let mark = match spot {
            Spot::File => Mark { line: 1, col: 0 },
            Spot::At(m) => *m,
            _ => view
                .marks
                .get_or_insert_with(|| Marks::scan_for(&view.text, Some(&wanted)))
                .find(spot),
        };
        let line = view.lines.line(&view.text, mark.line);
        let excerpt = line.map(|l| locate::excerpt(l, mark.col));
        // A syntax error points at one character; a value's caret covers its token.
        let span = match (spot, &excerpt, line) {
            (Spot::At(_), ..) | (_, None, _) | (.., None) => 1,
            (_, Some((l, start)), Some(full)) => {
                let in_flow = full.chars().take(mark.col).any(|c| c == '[' || c == '{');
                token_span_in(l, mark.col.saturating_sub(*start), in_flow)
            }
        };
        let file_name = self
            .kb
            .files
            .get(file as usize)
            .map_or_else(String::new, |f| f.display.clone());
        Placed {
            location: Location {
                file: file_name,
                line: mark.line,
                col: mark.col + 1,
            },
            excerpt,
            span,
        }
    }
}

/// The text of a KB file read again to show a problem in it (lossily: it was valid UTF-8 when
/// loaded, and a message must not fail because the file changed since).
fn file_text(file: Option<&KbFile>) -> String {
    match file {
        Some(KbFile { text: Some(t), .. }) => t.to_string(),
        Some(KbFile {
            path: Some(p),
            text: None,
            ..
        }) => std::fs::read(p)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::problems::MAX_SHOWN_PER_KIND;
    use super::*;

    fn kb_of(text: &str) -> Kb {
        load_texts("t", vec![("t.yaml".into(), Cow::Owned(text.into()))])
            .unwrap_or_else(|e| panic!("{}", e.render()))
    }

    const RELAYED: &str = "actors:
  - {id: outlet, name: Outlet, kind: media}
  - {id: wire, name: Foreign media, kind: anonymous}
sources:
  - {id: s, title: S, publisher: outlet, via: foreign media, relayed_by: [wire]}
";

    #[test]
    fn a_relay_links_both_ways_and_counts_in_the_fingerprint() {
        let kb = kb_of(RELAYED);
        let rel = |id: &str, label: &str| -> Vec<String> {
            kb.relations(kb.lookup(id).unwrap())
                .into_iter()
                .find(|r| r.label == label)
                .map(|r| r.targets.iter().map(|t| kb.id_of(*t).to_string()).collect())
                .unwrap_or_default()
        };
        assert_eq!(rel("s", "Relayed by"), ["wire"]);
        assert_eq!(rel("wire", "Relayed"), ["s"]);
        assert!(rel("outlet", "Relayed").is_empty());
        let other = kb_of(&RELAYED.replace(", relayed_by: [wire]", ""));
        let s = |kb: &Kb| kb.fingerprint(kb.lookup("s").unwrap());
        assert_ne!(s(&kb), s(&other), "a changed relay is a changed source");
    }

    /// One meeting listing one participant `n` times (the bounded bench's input).
    fn repeats(n: usize) -> Vec<KbFile> {
        let text = format!(
            "actors:\n  - {{id: a, name: N, kind: person}}\nmeetings:\n  - id: m\n    title: T\n    status: held\n    participants: [{}]\n",
            vec!["a"; n].join(", ")
        );
        vec![KbFile {
            display: "kb.yaml".into(),
            path: None,
            text: Some(Cow::Owned(text)),
        }]
    }

    #[test]
    fn repeats_are_counted_not_kept_while_loading() {
        let (_, _, problems) = gather("t".into(), repeats(200_000), &Progress::default());
        assert_eq!(problems.total(), 199_999);
        assert_eq!(problems.kept(), MAX_SHOWN_PER_KIND);
        assert_eq!(problems.unbuilt, 199_999 - MAX_SHOWN_PER_KIND);
        // What `check` prints is what it printed when every problem was kept, then capped.
        let e = load_inputs("t".into(), repeats(200_000)).unwrap_err();
        assert_eq!(e.problems, 199_999);
        assert_eq!(e.diagnostics.len(), MAX_SHOWN_PER_KIND);
        let out = e.render();
        assert_eq!(
            out.matches("is listed twice in `participants` of meeting `m`")
                .count(),
            50
        );
        assert_eq!(
            out.matches("and 199,949 more like this in kb.yaml").count(),
            1
        );
        assert!(out.ends_with("error: t: 199999 problems in 1 file; the KB was not loaded\n"));
    }

    #[test]
    fn every_site_that_fires_per_item_builds_nothing_past_the_cap() {
        let n = 80;
        let mut text = String::from("actors:\n  - {id: a, name: N, kind: person}\n");
        for i in 0..n {
            // An unknown field and a duplicate id.
            text.push_str(&format!(
                "  - {{id: d, name: N, kind: person, knid: {i}}}\n"
            ));
        }
        text.push_str("claims:\n");
        for i in 0..n {
            // Unknown, of the wrong kind, itself.
            text.push_str(&format!(
                "  - {{id: c{i}, text: T, by: a, source: zz{i}, supports: [a, c{i}]}}\n"
            ));
        }
        let file = KbFile {
            display: "kb.yaml".into(),
            path: None,
            text: Some(Cow::Owned(text)),
        };
        let (_, _, problems) = gather("t".into(), vec![file], &Progress::default());
        let kinds = 5;
        assert_eq!(
            problems.total(),
            kinds * n - 1,
            "the first `d` is no duplicate"
        );
        assert_eq!(problems.kept(), kinds * MAX_SHOWN_PER_KIND);
        assert_eq!(problems.unbuilt, kinds * (n - MAX_SHOWN_PER_KIND) - 1);
    }

    #[test]
    fn positions_are_stripped_from_yaml_messages() {
        assert_eq!(
            strip_positions(
                "did not find expected ',' or ']' at line 2 column 2, while parsing a flow sequence at line 1 column 4"
            ),
            "did not find expected ',' or ']', while parsing a flow sequence"
        );
        assert_eq!(strip_positions("plain"), "plain");
        assert_eq!(
            context_position(
                "did not find expected ',' at line 2 column 2, while parsing a flow sequence at line 1 column 4"
            ),
            Some(("parsing a flow sequence".to_string(), 1, 4))
        );
    }
}
