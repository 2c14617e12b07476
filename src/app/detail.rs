//! What Detail shows, as rows of neutralised text with their roles, wrapped to a width: the
//! heading, the fields, then the link rows grouped by relation. Drawing styles these rows by role;
//! `update` uses the same rows to find the link under a click and the scroll that keeps the
//! selected link in view, so a click lands on what was drawn.

use super::{App, Pane};
use crate::export::link_line;
use crate::kb::{ClaimMode, EntityRef, Kb};
use crate::kb::{claim_date, meeting_date, published_date};
use crate::text::width::{fit, wrap};
use crate::text::{self};

/// Columns the field labels take.
pub const LABEL_WIDTH: usize = 10;

/// One row of Detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// The entity's name or title (one row of it).
    Heading(String),
    /// "actor · person · id".
    Subheading(String),
    Blank,
    /// A field's label (on its first row only) and a row of its value.
    Field(Option<&'static str>, String),
    /// A relation's name and how many links it has.
    Group(&'static str, usize),
    /// A link row: its index among the links, and its text.
    Link(usize, String),
    /// "nothing selected", "no link matches".
    Note(String),
}

fn safe(s: &str) -> String {
    text::line(s).into_owned()
}

/// Detail's rows for the app's current state at `width` columns, as far as `height` visible rows
/// need (an entity with 100k links builds only the rows up to the screen's end).
pub fn rows(app: &App, width: usize, height: usize) -> Vec<Row> {
    rows_and_links(app, width, height).0
}

/// [`rows`] and how many links Detail lists (for its title): the links are gathered once per
/// frame, not once for the rows and again for the count.
pub fn rows_and_links(app: &App, width: usize, height: usize) -> (Vec<Row>, usize) {
    let Some(e) = app.detail_target() else {
        return (vec![Row::Note("nothing selected".into())], 0);
    };
    let mut rows = entity_rows(app, e, width);
    if let super::Mode::Filter(f) = &app.mode
        && f.target == super::FilterTarget::Links
        && let Some(error) = &f.search.error
    {
        rows.push(Row::Blank);
        rows.extend(
            wrap(&safe(&error.to_string()), width)
                .into_iter()
                .map(Row::Note),
        );
        return (rows, app.detail_links().len());
    }
    let links = app.detail_links_marked();
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (label, _, _) in &links {
        *counts.entry(label).or_default() += 1;
    }
    let mut current: Option<&str> = None;
    let mut selected_row = None;
    for (i, (label, target, mark)) in links.iter().enumerate() {
        // Enough rows: the selected link is placed and a screen's worth follows it.
        if selected_row.is_some_and(|r: usize| rows.len() > r.max(height) + height) {
            break;
        }
        if current != Some(label) {
            rows.push(Row::Blank);
            rows.push(Row::Group(label, counts[label]));
            current = Some(label);
        }
        if i == app.link {
            selected_row = Some(rows.len());
        }
        let text = safe(&detail_link_line(&app.kb, *target));
        let body = match mark {
            Some(m) => fit(&tree_line(m, &text), width.saturating_sub(2)),
            None => fit(&text, width.saturating_sub(2)),
        };
        rows.push(Row::Link(i, body));
        if mark.is_some_and(|m| m.cut_after) {
            let note = format!(
                "… cut at the {} nearest claims; `arctic-brief show` lists them all",
                super::trees::DETAIL_REACH
            );
            rows.extend(wrap(&note, width).into_iter().map(Row::Note));
        }
    }
    if links.is_empty()
        && matches!(&app.mode, super::Mode::Filter(f) if f.target == super::FilterTarget::Links)
    {
        rows.push(Row::Blank);
        rows.push(Row::Note("no link matches the filter".into()));
    }
    (rows, links.len())
}

/// A link row's text. A claim's grade and status come first, as in the lists and on the board:
/// after its text they were cut from every row but the shortest.
fn detail_link_line(kb: &Kb, e: EntityRef) -> String {
    let EntityRef::Claim(id) = e else {
        return link_line(kb, e);
    };
    let c = kb.claim(id);
    let grade = c.grade.map_or_else(|| "--".to_string(), |g| g.to_string());
    format!("{grade} {} · {}: {}", c.status, kb.actor(c.by).name, c.text)
}

/// A corroboration tree's row: indented by its depth (deep trees stop indenting at 8 levels),
/// `↻ cycle` when its claim links back to Detail's claim or to one above it.
fn tree_line(mark: &super::trees::LinkMark, text: &str) -> String {
    let indent = match mark.depth {
        0 | 1 => String::new(),
        d => format!("{}↳ ", "  ".repeat(d.min(8) as usize - 2)),
    };
    let cycle = if mark.cycle { "↻ cycle · " } else { "" };
    format!("{indent}{cycle}{text}")
}

/// Pushes a field's rows: its label on the first, its value wrapped (paragraphs kept).
fn field(rows: &mut Vec<Row>, width: usize, name: &'static str, value: Option<String>) {
    let Some(value) = value else { return };
    let mut first = true;
    for para in text::block(&value).lines() {
        for piece in wrap(para, width.saturating_sub(LABEL_WIDTH + 1)) {
            rows.push(Row::Field(first.then_some(name), piece));
            first = false;
        }
    }
}

/// Pushes the heading (wrapped), its subheading and a blank row.
fn heading(rows: &mut Vec<Row>, width: usize, title: &str, sub: String) {
    for piece in wrap(&safe(title), width) {
        rows.push(Row::Heading(piece));
    }
    rows.push(Row::Subheading(fit(&safe(&sub), width)));
    rows.push(Row::Blank);
}

fn join(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| v.join(", "))
}

/// The heading and fields of `e`.
fn entity_rows(app: &App, e: EntityRef, width: usize) -> Vec<Row> {
    let kb = &app.kb;
    let mut rows = Vec::new();
    let r = &mut rows;
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            heading(r, width, &a.name, format!("actor · {} · {}", a.kind, a.id));
            field(r, width, "Role", a.role.clone());
            field(r, width, "Aliases", join(&a.aliases));
            field(r, width, "Country", a.country.clone());
            field(r, width, "Tags", join(&a.tags));
            field(r, width, "Summary", a.summary.clone());
            field(r, width, "Inferred", join(&a.inferred));
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            heading(
                r,
                width,
                &m.title,
                format!("meeting · {} · {}", m.status, m.id),
            );
            field(r, width, "Date", meeting_date(m));
            field(r, width, "Status", Some(m.status.to_string()));
            field(r, width, "Place", m.place.clone());
            field(r, width, "Topics", join(&m.topics));
            field(r, width, "Summary", m.summary.clone());
        }
        EntityRef::Claim(c) => claim_rows(app, c, width, r),
        EntityRef::Source(s) => {
            let s = kb.source(s);
            heading(r, width, &s.title, format!("source · {}", s.id));
            field(
                r,
                width,
                "Outlet",
                s.publisher.map(|p| kb.actor(p).name.clone()),
            );
            field(r, width, "Author", s.author.clone());
            field(r, width, "Published", published_date(s));
            field(r, width, "Via", s.via.clone());
            field(r, width, "URL", s.url.clone());
            let reliability = s.reliability.map(|x| format!("{x} · {}", x.meaning()));
            field(r, width, "Reliability", reliability);
        }
    }
    rows
}

fn claim_rows(app: &App, c: crate::kb::ClaimId, width: usize, r: &mut Vec<Row>) {
    let kb: &Kb = &app.kb;
    let claim = kb.claim(c);
    let src = kb.source(claim.source);
    let speaker = &kb.actor(claim.by).name;
    let per = src
        .publisher
        .map(|p| format!(", per {}", kb.actor(p).name))
        .unwrap_or_default();
    heading(
        r,
        width,
        &format!("Claim by {speaker}{per}"),
        format!("claim · {} · {}", claim.mode, claim.id),
    );
    let quoted = match claim.mode {
        ClaimMode::Quote => format!("“{}”", claim.text),
        _ => claim.text.clone(),
    };
    field(r, width, "Text", Some(quoted));
    field(r, width, "Mode", Some(claim.mode.to_string()));
    field(r, width, "Status", Some(claim.status.to_string()));
    field(r, width, "Grade", claim.grade.map(|g| g.spelled_out()));
    field(r, width, "Date", claim_date(claim));
    let mut source = src.title.clone();
    if let Some(p) = src.publisher {
        source.push_str(&format!(" · {}", kb.actor(p).name));
    }
    if let Some(a) = &src.author {
        source.push_str(&format!(" · {a}"));
    }
    field(r, width, "Source", Some(source));
    field(r, width, "Tags", join(&claim.tags));
    // How far the claim is backed: computed once per claim (bounded), then cached.
    let trees = app.claim_trees(c);
    let n = trees.backing.independent;
    let of = trees.backing.sources.len();
    let least = if trees.backing.complete {
        ""
    } else {
        "at least "
    };
    field(
        r,
        width,
        "Backing",
        Some(format!(
            "{least}{n} independent source{} ({of} in all, its own and its supporters')",
            if n == 1 { "" } else { "s" }
        )),
    );
    for flag in &trees.flags {
        field(r, width, "Flag", Some(format!("⚑ {}", flag.describe(kb))));
    }
}

/// The first row shown when `height` rows fit: the top, or as far down as keeps the selected
/// link in view once the user has moved to the links (Detail focused, or the cursor moved).
pub fn scroll(rows: &[Row], link: usize, focused: bool, height: usize) -> usize {
    if height == 0 || (!focused && link == 0) {
        return 0;
    }
    match rows
        .iter()
        .position(|r| matches!(r, Row::Link(i, _) if *i == link))
    {
        Some(row) if row >= height => row + 1 - height,
        _ => 0,
    }
}

/// The link under the cell `(x, y)` in Detail, if any.
pub fn link_at(app: &App, x: u16, y: u16) -> Option<usize> {
    let rect = app.screen().rect(Pane::Detail)?;
    let inside =
        x > rect.x && x + 1 < rect.x + rect.width && y > rect.y && y + 1 < rect.y + rect.height;
    if !inside {
        return None;
    }
    let (width, height) = (
        rect.width.saturating_sub(2) as usize,
        rect.height.saturating_sub(2) as usize,
    );
    let rows = rows(app, width, height);
    let top = scroll(&rows, app.link, app.focus == Pane::Detail, height);
    match rows.get(top + (y - rect.y - 1) as usize) {
        Some(Row::Link(i, _)) => Some(*i),
        _ => None,
    }
}
