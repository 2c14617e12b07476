//! The contested-claims board: its title (how many clusters, the narrowing, the filter), a header
//! naming the columns, and only the visible rows: cluster headings, side headings, and claim rows
//! (flag mark, grade coloured like the lists, status, independent sources, speaker, then the
//! flags' names and the text). Columns give way as the pane narrows, the text last.

use super::cells::grade_rank;
use super::theme::Theme;
use super::{fit, fit_name_in, note, pane_block, prompt, safe};
use crate::app::board::BoardRow;
use crate::app::{App, FilterTarget, Mode, Pane};
use crate::kb::{BoardClaim, Cluster, EntityRef};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// The claim row's columns that can give way: (width, present).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Widths {
    status: usize,
    sources: usize,
    speaker: usize,
}

/// Which columns a claim row keeps at `width`: the speaker gives way first, then the status,
/// then the source count; the text keeps at least 10 columns.
fn widths(width: usize) -> Widths {
    // Marker, flag mark and grade always stay.
    let fixed = 2 + 2 + 3;
    let mut w = Widths {
        status: 10,
        sources: 4,
        speaker: 10,
    };
    let used = |w: &Widths| fixed + w.status + w.sources + w.speaker;
    for drop in [
        |w: &mut Widths| w.speaker = 0,
        |w: &mut Widths| w.status = 0,
        |w: &mut Widths| w.sources = 0,
    ] {
        if used(&w) + 10 <= width {
            break;
        }
        drop(&mut w);
    }
    w
}

/// `s` fitted to `width` and padded to it (empty for a dropped column).
fn cell(s: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let s = fit(s, width.saturating_sub(1));
    let pad = width.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(pad))
}

fn header(width: usize, theme: &Theme) -> Line<'static> {
    let w = widths(width);
    let text = format!(
        "    {}{}{}{}{}",
        cell("gr", 3),
        cell("status", w.status),
        cell("src", w.sources),
        cell("by", w.speaker),
        "text (⚑ flagged; src: independent sources)"
    );
    Line::styled(fit(&text, width), theme.header)
}

fn cluster_line(cluster: &Cluster, number: usize, theme: &Theme, width: usize) -> Line<'static> {
    let n = cluster.len();
    let mut spans = vec![Span::styled(
        format!("#{number} · {n} claim{}", if n == 1 { "" } else { "s" }),
        theme.bold,
    )];
    if cluster.flag_count > 0 {
        spans.push(Span::styled(
            format!(
                " · ⚑ {} flag{}",
                cluster.flag_count,
                plural(cluster.flag_count)
            ),
            theme.warn,
        ));
    }
    if cluster.inconsistent {
        spans.push(Span::styled(" · sides cannot be told apart", theme.warn));
    } else if cluster.is_contested() {
        spans.push(Span::styled(" · contested", theme.warn));
    }
    fit_spans(spans, width)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Cuts a line of spans to `width` columns.
fn fit_spans(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut left = width;
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        if left == 0 {
            break;
        }
        let text = fit(&s.content, left);
        left = left.saturating_sub(text.width());
        out.push(Span::styled(text, s.style));
    }
    Line::from(out)
}

/// One claim row.
fn claim_line(
    app: &App,
    b: &BoardClaim,
    selected: bool,
    theme: &Theme,
    width: usize,
) -> Line<'static> {
    let kb = &app.kb;
    let w = widths(width);
    let claim = kb.claim(b.claim);
    let (grade, grade_style) = match claim.grade {
        Some(g) => (g.to_string(), theme.grades[grade_rank(g)]),
        None => ("--".into(), theme.dim),
    };
    let sources = format!(
        "{}{}",
        b.independent_sources,
        if b.sources_complete { "" } else { "+" }
    );
    let speaker = format!("{}:", safe(&kb.actor(claim.by).name));
    let mut text = String::new();
    for f in &b.flags {
        text.push_str(f.code());
        text.push_str(" · ");
    }
    text.push_str(&safe(&claim.text));
    let fixed = 2 + 2 + 3 + w.status + w.sources + w.speaker;
    let spans = vec![
        Span::raw(if selected { "▶" } else { " " }),
        // Marked for a briefing (Space), as the lists show it.
        Span::styled(
            if app.is_marked(EntityRef::Claim(b.claim)) {
                "●"
            } else {
                " "
            },
            theme.warn,
        ),
        Span::styled(if b.flags.is_empty() { "  " } else { "⚑ " }, theme.warn),
        Span::styled(cell(&grade, 3), grade_style),
        Span::styled(cell(&claim.status.to_string(), w.status), theme.dim),
        Span::raw(cell(&sources, w.sources)),
        Span::styled(cell(&speaker, w.speaker), theme.bold),
        Span::raw(fit(&text, width.saturating_sub(fixed))),
    ];
    let line = Line::from(spans);
    if selected {
        line.style(theme.selected)
    } else {
        line
    }
}

/// The pane's title: ` Board · 12 clusters · all `, the narrowing and the filter. Where that does
/// not fit with 6 columns of the actor's name, a terse form keeps the narrowing and the filter in
/// sight: ` Board · 3/12 · only Russia · “ice” ` (the hint for `a` is dropped, the name is cut).
fn title(app: &App, width: u16) -> String {
    let board = &app.board;
    let width = width.saturating_sub(4) as usize;
    let name = board.anchor.map(|a| safe(app.kb.title_of(a.entity())));
    let (count, terse_count) = match board.clusters() {
        None => ("computing…".to_string(), "computing…".to_string()),
        Some(all) => {
            let shown = board.clusters_shown();
            match &board.matched {
                Some(_) => (
                    format!("{shown}/{} clusters", all.len()),
                    format!("{shown}/{}", all.len()),
                ),
                None => (
                    format!("{shown} cluster{}", plural(shown)),
                    shown.to_string(),
                ),
            }
        }
    };
    let query = match (&app.mode, &board.matched) {
        (Mode::Filter(f), _) if f.target == FilterTarget::Board => None,
        (_, Some((_, q))) => Some(safe(q)),
        _ => None,
    };
    let filter = query.as_ref().map(|q| format!(" · filter “{q}”"));
    let (narrowing, close) = match (&name, board.only_anchor) {
        (Some(_), true) => ("only linked to ", ""),
        // Says what `a` would narrow to.
        (Some(_), false) => ("all (a: only ", ")"),
        (None, _) => ("all", ""),
    };
    let head = format!(" Board · {count} · {narrowing}");
    let tail = format!("{close}{} ", filter.unwrap_or_default());
    let name = name.unwrap_or_default();
    if head.width() + tail.width() + name.width().min(6) <= width {
        return fit_name_in(&head, &name, &tail, width);
    }
    let tail = format!(
        "{} ",
        query.map(|q| format!(" · “{q}”")).unwrap_or_default()
    );
    match board.only_anchor {
        true => fit_name_in(
            &format!(" Board · {terse_count} · only "),
            &name,
            &tail,
            width,
        ),
        false => fit(&format!(" Board · {terse_count} · all{tail}"), width),
    }
}

/// What the board says instead of rows, if it has none to show.
fn empty_note(app: &App) -> Option<String> {
    let board = &app.board;
    let filter = match &app.mode {
        Mode::Filter(f) if f.target == FilterTarget::Board => Some(f),
        _ => None,
    };
    if let Some(e) = filter.and_then(|f| f.search.error.as_ref()) {
        return Some(safe(&e.to_string()));
    }
    let clusters = match board.clusters() {
        None => return Some("computing the clusters… (keys still work)".into()),
        Some(c) => c,
    };
    if !board.rows.is_empty() {
        return None;
    }
    Some(match (&board.matched, clusters.is_empty(), board.scope()) {
        (Some((_, q)), false, _) => {
            format!(
                "no cluster holds a claim matching “{}”; Esc drops the filter",
                safe(q)
            )
        }
        (_, true, Some(a)) => format!(
            "no claim linked to {} supports, contradicts or qualifies another; `a` shows all",
            safe(app.kb.title_of(a.entity()))
        ),
        _ => "no claim supports, contradicts or qualifies another".into(),
    })
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let block = pane_block(app, theme, Pane::Board, title(app, area.width));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Mode::Filter(f) = &app.mode
        && f.target == FilterTarget::Board
    {
        prompt::on_border(frame, theme, "/ board:", &f.search, area);
    }
    if inner.height == 0 {
        return;
    }
    let width = inner.width as usize;
    if let Some(text) = empty_note(app) {
        note(frame, theme, &text, inner);
        return;
    }
    let Some(clusters) = app.board.clusters() else {
        return;
    };
    let page = inner.height.saturating_sub(1) as usize;
    let focused = app.focus == Pane::Board;
    let mut lines = vec![header(width, theme)];
    let board = &app.board;
    for (i, row) in board.rows.iter().enumerate().skip(board.offset).take(page) {
        lines.push(match *row {
            BoardRow::Cluster(c) => cluster_line(&clusters[c], c + 1, theme, width),
            BoardRow::Side { cluster, side } => Line::styled(
                fit(
                    &format!("  {}", clusters[cluster].sides[side].stance.label()),
                    width,
                ),
                theme.accent.add_modifier(Modifier::BOLD),
            ),
            BoardRow::Claim { cluster, side, at } => {
                let b = &clusters[cluster].sides[side].claims[at];
                let selected = i == board.selected;
                let line = claim_line(app, b, selected, theme, width);
                if selected && !focused {
                    line.style(theme.selected_unfocused)
                } else {
                    line
                }
            }
        });
    }
    frame.render_widget(Paragraph::new(lines).style(Style::new()), inner);
}
