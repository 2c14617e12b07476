//! Drawing: a pure function of the app state into a ratatui `Frame`. Every string from the KB is
//! neutralised here (see [`crate::text`]) and fitted by display width; only visible rows are built.

pub mod layout;

use crate::app::{App, Pane, keymap};
use crate::export::{claim_date, meeting_date, published_date};
use crate::kb::{ClaimStatus, EntityRef, Kb};
use crate::search::{self, Field, Hit, Index, Query};
use crate::text;
use layout::Mode;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The styles in use: colours, or (with `NO_COLOR`) only bold, reverse and underline, so the
/// selection and the focused pane stay visible without colour.
struct Theme {
    accent: Style,
    /// Matched characters in search results.
    mark: Style,
    dim: Style,
    warn: Style,
    date: Style,
    grade: Style,
    selected: Style,
    selected_unfocused: Style,
    status: Style,
    tab: Style,
    banner: Style,
}

impl Theme {
    fn of(app: &App) -> Theme {
        if app.no_color {
            let plain = Style::new();
            return Theme {
                accent: plain.add_modifier(Modifier::BOLD),
                mark: plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                dim: plain,
                warn: plain.add_modifier(Modifier::BOLD),
                date: plain,
                grade: plain,
                selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                selected_unfocused: plain.add_modifier(Modifier::UNDERLINED),
                status: plain.add_modifier(Modifier::REVERSED),
                tab: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                banner: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            };
        }
        Theme {
            accent: Style::new().fg(Color::Cyan),
            mark: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            dim: Style::new().fg(Color::DarkGray),
            warn: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            date: Style::new().fg(Color::Yellow),
            grade: Style::new().fg(Color::Magenta),
            selected: Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            status: Style::new().fg(Color::Black).bg(Color::Gray),
            tab: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            banner: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        }
    }
}

/// `s` cut to `width` display columns, with an ellipsis when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Word-wraps `s` (one line of text, already safe) to `width` columns.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ') {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w > width {
            // A word longer than the line is split by characters.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
            continue;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    lines.push(line);
    lines
}

fn safe(s: &str) -> String {
    text::line(s).into_owned()
}

fn pane_block(app: &App, theme: &Theme, pane: Pane, title: String) -> Block<'static> {
    // The focused pane differs by border shape, not colour alone.
    let focused = app.focus == pane;
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused { theme.accent } else { theme.dim })
        .title(Span::styled(
            title,
            if focused {
                theme.accent.add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            },
        ))
}

fn title(app: &App, pane: Pane, width: u16) -> String {
    let view = app.list(pane);
    let n = view.items.len();
    let max = width.saturating_sub(4) as usize;
    if let Some(f) = app.filter.as_ref().filter(|f| f.pane == pane) {
        let t = match &f.results {
            Some(r) => format!(
                " {} {}/{}{} ",
                pane.name(),
                r.hits.len(),
                r.total,
                if f.pending { " …" } else { "" }
            ),
            None => format!(
                " {} ({n}){} ",
                pane.name(),
                if f.pending { " …" } else { "" }
            ),
        };
        return fit(&t, max);
    }
    let t = match (view.linked, view.anchor) {
        (true, Some(anchor)) => format!(
            " {} · {} ({n}) ",
            pane.name(),
            safe(app.kb.title_of(anchor))
        ),
        (true, None) => format!(" {} · nothing selected ({n}) ", pane.name()),
        _ => format!(" {} ({n}) ", pane.name()),
    };
    fit(&t, max)
}

/// The spans of one list row, fitted to `width`.
fn row(kb: &Kb, theme: &Theme, e: EntityRef, width: usize) -> Vec<Span<'static>> {
    let (dim, warn) = (theme.dim, theme.warn);
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            let kind = a.kind.as_str();
            let name = fit(&safe(&a.name), width.saturating_sub(kind.len() + 1));
            let pad = width.saturating_sub(name.width() + kind.len());
            vec![
                Span::raw(name),
                Span::raw(" ".repeat(pad)),
                Span::styled(kind, dim),
            ]
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            let date = m
                .date
                .map_or_else(|| "undated".to_string(), |d| d.to_string());
            let status = m.status.as_str();
            let room = width.saturating_sub(11 + status.len() + 1);
            let title = fit(&safe(&m.title), room);
            let pad = width.saturating_sub(11 + title.width() + status.len());
            vec![
                Span::styled(format!("{date:<10} "), theme.date),
                Span::raw(title),
                Span::raw(" ".repeat(pad)),
                Span::styled(status, dim),
            ]
        }
        EntityRef::Claim(c) => {
            let claim = kb.claim(c);
            let contested = matches!(
                claim.status,
                ClaimStatus::Disputed | ClaimStatus::Denied | ClaimStatus::Retracted
            ) || !kb.links().claim_contradicted_by.get(c.index()).is_empty();
            let mark = if contested { "! " } else { "  " };
            let grade = claim.grade.map(|g| g.to_string()).unwrap_or_default();
            let speaker = fit(&safe(&kb.actor(claim.by).name), 18);
            let room = width.saturating_sub(2 + speaker.width() + 2 + grade.len() + 1);
            let body = fit(&safe(&claim.text), room);
            let pad = width.saturating_sub(2 + speaker.width() + 2 + body.width() + grade.len());
            vec![
                Span::styled(mark, warn),
                Span::styled(speaker, Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(": "),
                Span::raw(body),
                Span::raw(" ".repeat(pad)),
                Span::styled(grade, theme.grade),
            ]
        }
        EntityRef::Source(s) => {
            let s = kb.source(s);
            let outlet = s
                .publisher
                .map(|p| safe(&kb.actor(p).name))
                .unwrap_or_default();
            let outlet = fit(&outlet, width / 3);
            let title = fit(&safe(&s.title), width.saturating_sub(outlet.width() + 1));
            let pad = width.saturating_sub(title.width() + outlet.width());
            vec![
                Span::raw(title),
                Span::raw(" ".repeat(pad)),
                Span::styled(outlet, dim),
            ]
        }
    }
}

/// `raw` as spans, each character neutralised, those at `marked` positions (character indices)
/// in `mark` style; cut to `width` columns with an ellipsis. Returns the spans and columns used.
fn marked_spans(
    raw: &str,
    marked: &[usize],
    base: Style,
    mark: Style,
    width: usize,
) -> (Vec<Span<'static>>, usize) {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_marked = false;
    let mut used = 0;
    let total = text::line(raw).width();
    let flush = |spans: &mut Vec<Span<'static>>, run: &mut String, marked: bool| {
        if !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(run),
                if marked { mark } else { base },
            ));
        }
    };
    for (i, c) in raw.chars().enumerate() {
        let mut buf = [0u8; 4];
        let piece = text::line(c.encode_utf8(&mut buf)).into_owned();
        let w = piece.width();
        let cut = total > width && used + w + 1 > width;
        if used + w > width || cut {
            flush(&mut spans, &mut run, run_marked);
            if width > used {
                spans.push(Span::styled("…", base));
                used += 1;
            }
            return (spans, used);
        }
        let is_marked = marked.contains(&i);
        if is_marked != run_marked {
            flush(&mut spans, &mut run, run_marked);
            run_marked = is_marked;
        }
        run.push_str(&piece);
        used += w;
    }
    flush(&mut spans, &mut run, run_marked);
    (spans, used)
}

/// What names an entity in a result row, and the field that holds it.
fn primary_field(e: EntityRef) -> Field {
    match e {
        EntityRef::Actor(_) => Field::Name,
        EntityRef::Meeting(_) | EntityRef::Source(_) => Field::Title,
        EntityRef::Claim(_) => Field::Text,
    }
}

/// The dim tag at the right of a row: actor kind, meeting status, claim grade, source outlet.
fn row_tag(kb: &Kb, e: EntityRef) -> String {
    match e {
        EntityRef::Actor(a) => kb.actor(a).kind.to_string(),
        EntityRef::Meeting(m) => kb.meeting(m).status.to_string(),
        EntityRef::Claim(c) => kb.claim(c).grade.map(|g| g.to_string()).unwrap_or_default(),
        EntityRef::Source(s) => kb
            .source(s)
            .publisher
            .map(|p| safe(&kb.actor(p).name))
            .unwrap_or_default(),
    }
}

/// A timeline row: the time axis (year and month shown where they change, the day when known),
/// then the item. `previous` is the row above it on screen.
fn timeline_row(
    kb: &Kb,
    theme: &Theme,
    e: EntityRef,
    previous: Option<EntityRef>,
    width: usize,
) -> Vec<Span<'static>> {
    let date = crate::app::timeline_date(kb, e);
    let before = previous.map(|p| crate::app::timeline_date(kb, p));
    let (year, month) = match date {
        None => {
            let first = before.is_none_or(|d| d.is_some());
            (
                if first {
                    "undated".to_string()
                } else {
                    String::new()
                },
                String::new(),
            )
        }
        Some(d) => {
            let same_year = before.flatten().is_some_and(|b| b.year == d.year);
            let same_month = same_year && before.flatten().is_some_and(|b| b.month == d.month);
            let year = if same_year {
                String::new()
            } else {
                d.year.to_string()
            };
            let month = match d.month {
                Some(m) if !same_month => crate::kb::MONTH_NAMES[m as usize - 1][..3].to_string(),
                _ => String::new(),
            };
            (year, month)
        }
    };
    let day = date
        .and_then(|d| d.day)
        .map(|d| format!("{d:>2}"))
        .unwrap_or_default();
    let axis = format!("{year:<7} {month:<3} {day:>2} │ ");
    let kind = match e {
        EntityRef::Meeting(_) => "meeting ",
        _ => "claim ",
    };
    let rest = width.saturating_sub(axis.width() + kind.len());
    let mut spans = vec![
        Span::styled(axis, theme.date),
        Span::styled(kind, theme.dim),
    ];
    match e {
        // The meeting row's own 11-column date is replaced by the axis.
        EntityRef::Meeting(_) => spans.extend(row(kb, theme, e, rest + 11).into_iter().skip(1)),
        _ => spans.extend(row(kb, theme, e, rest)),
    }
    spans
}

/// A search result row: the name with the matched characters marked, and the matched field when
/// it is not the name (`Russia · alias: Moscow`).
fn result_row(
    kb: &Kb,
    theme: &Theme,
    query: &Query,
    hit: Option<&Hit>,
    e: EntityRef,
    width: usize,
) -> Vec<Span<'static>> {
    let tag = fit(&row_tag(kb, e), width / 3);
    let budget = width.saturating_sub(tag.width() + 1);
    let marks = hit
        .map(|h| Index::highlight(kb, query, h))
        .unwrap_or_default();
    let mark = theme.mark;
    let primary = primary_field(e);
    let mut spans = Vec::new();
    let mut used = 0;
    let mut push = |spans: &mut Vec<Span<'static>>, raw: &str, marked: &[usize], style: Style| {
        let (s, w) = marked_spans(raw, marked, style, mark, budget.saturating_sub(used));
        spans.extend(s);
        used += w;
    };
    if let EntityRef::Claim(c) = e {
        let speaker = &kb.actor(kb.claim(c).by).name;
        let on_speaker = hit.is_some_and(|h| h.field == Field::Speaker);
        push(
            &mut spans,
            speaker,
            if on_speaker { &marks } else { &[] },
            Style::new().add_modifier(Modifier::BOLD),
        );
        push(&mut spans, ": ", &[], Style::new());
        let on_text = hit.is_some_and(|h| h.field == Field::Text);
        push(
            &mut spans,
            &kb.claim(c).text,
            if on_text { &marks } else { &[] },
            Style::new(),
        );
    } else {
        let on_primary = hit.is_none_or(|h| h.field == primary);
        push(
            &mut spans,
            kb.title_of(e),
            if on_primary { &marks } else { &[] },
            Style::new(),
        );
        if let Some(h) = hit.filter(|h| h.field != primary && h.tier != search::Tier::All) {
            push(
                &mut spans,
                &format!(" · {}: ", h.field.as_str()),
                &[],
                theme.dim,
            );
            push(
                &mut spans,
                &search::field_text(kb, e, h.field, h.sub),
                &marks,
                Style::new(),
            );
        }
    }
    let pad = width.saturating_sub(used + tag.width());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(tag, theme.dim));
    spans
}

fn draw_list(frame: &mut Frame, app: &App, theme: &Theme, pane: Pane, area: Rect) {
    let block = pane_block(app, theme, pane, title(app, pane, area.width));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let view = app.list(pane);
    let width = inner.width as usize;
    let filter = app.filter.as_ref().filter(|f| f.pane == pane);
    if let Some(f) = filter {
        // The query line sits on the pane's bottom border.
        let line = Rect::new(
            area.x + 1,
            area.y + area.height.saturating_sub(1),
            area.width.saturating_sub(2),
            1,
        );
        draw_prompt(frame, theme, "/", &f.input, f.error.as_deref(), line);
    }
    let results = filter.and_then(|f| f.results.as_ref());
    if let Some(r) = results.filter(|r| r.hits.is_empty()) {
        let msg = match filter.and_then(|f| f.error.as_deref()) {
            Some(_) => "fix the query to search".to_string(),
            None => format!("no match for “{}”", safe(&r.query.text)),
        };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&msg, width), theme.dim)),
            inner,
        );
        return;
    }
    if view.items.is_empty() {
        let msg = if view.linked {
            match view.anchor {
                Some(a) => format!(
                    "nothing linked to {}; `a` shows all",
                    safe(app.kb.title_of(a))
                ),
                None => "nothing selected".to_string(),
            }
        } else {
            "empty".to_string()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(&msg, width), theme.dim)),
            inner,
        );
        return;
    }
    // Only the rows that fit are built.
    let lines: Vec<Line> = view
        .items
        .iter()
        .enumerate()
        .skip(view.offset)
        .take(inner.height as usize)
        .map(|(i, e)| {
            let spans = match results {
                Some(r) => result_row(&app.kb, theme, &r.query, r.hits.get(i), *e, width),
                None if pane == Pane::Timeline => {
                    let previous = i
                        .checked_sub(1)
                        .filter(|p| *p >= view.offset)
                        .map(|p| view.items[p]);
                    timeline_row(&app.kb, theme, *e, previous, width)
                }
                None => row(&app.kb, theme, *e, width),
            };
            let line = Line::from(spans);
            if i == view.selected {
                let style = if app.focus == pane || (app.focus == Pane::Detail && app.shown == pane)
                {
                    theme.selected
                } else {
                    theme.selected_unfocused
                };
                line.style(style)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Detail's content as lines, and the line index of each link row.
fn detail_lines(app: &App, theme: &Theme, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let kb = &app.kb;
    let dim = theme.dim;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut link_rows = Vec::new();
    let Some(e) = app.detail_target() else {
        lines.push(Line::styled("nothing selected", dim));
        return (lines, link_rows);
    };
    let label_w = 10;
    let field = |lines: &mut Vec<Line<'static>>, name: &str, value: Option<String>| {
        let Some(value) = value else { return };
        let mut first = true;
        for para in text::block(&value).lines() {
            for piece in wrap(para, width.saturating_sub(label_w + 1)) {
                let label = if first {
                    format!("{name:<label_w$} ")
                } else {
                    " ".repeat(label_w + 1)
                };
                first = false;
                lines.push(Line::from(vec![Span::styled(label, dim), Span::raw(piece)]));
            }
        }
    };
    let heading = |lines: &mut Vec<Line<'static>>, s: &str, sub: String| {
        for piece in wrap(&safe(s), width) {
            lines.push(Line::styled(
                piece,
                Style::new().add_modifier(Modifier::BOLD),
            ));
        }
        lines.push(Line::styled(fit(&sub, width), dim));
        lines.push(Line::raw(""));
    };
    let join = |v: &[String]| (!v.is_empty()).then(|| v.join(", "));
    match e {
        EntityRef::Actor(a) => {
            let a = kb.actor(a);
            heading(
                &mut lines,
                &a.name,
                format!("actor · {} · {}", a.kind, safe(&a.id)),
            );
            field(&mut lines, "Role", a.role.clone());
            field(&mut lines, "Aliases", join(&a.aliases));
            field(&mut lines, "Country", a.country.clone());
            field(&mut lines, "Tags", join(&a.tags));
            field(&mut lines, "Summary", a.summary.clone());
            field(&mut lines, "Inferred", join(&a.inferred));
        }
        EntityRef::Meeting(m) => {
            let m = kb.meeting(m);
            heading(
                &mut lines,
                &m.title,
                format!("meeting · {} · {}", m.status, safe(&m.id)),
            );
            field(&mut lines, "Date", meeting_date(m));
            field(&mut lines, "Status", Some(m.status.to_string()));
            field(&mut lines, "Place", m.place.clone());
            field(&mut lines, "Topics", join(&m.topics));
            field(&mut lines, "Summary", m.summary.clone());
        }
        EntityRef::Claim(c) => {
            let claim = kb.claim(c);
            let src = kb.source(claim.source);
            let speaker = &kb.actor(claim.by).name;
            let per = src
                .publisher
                .map(|p| format!(", per {}", kb.actor(p).name))
                .unwrap_or_default();
            heading(
                &mut lines,
                &format!("Claim by {speaker}{per}"),
                format!("claim · {} · {}", claim.mode, safe(&claim.id)),
            );
            let quoted = match claim.mode {
                crate::kb::ClaimMode::Quote => format!("“{}”", claim.text),
                _ => claim.text.clone(),
            };
            field(&mut lines, "Text", Some(quoted));
            field(&mut lines, "Mode", Some(claim.mode.to_string()));
            field(&mut lines, "Status", Some(claim.status.to_string()));
            field(&mut lines, "Grade", claim.grade.map(|g| g.spelled_out()));
            field(&mut lines, "Date", claim_date(claim));
            let mut source = src.title.clone();
            if let Some(p) = src.publisher {
                source.push_str(&format!(" · {}", kb.actor(p).name));
            }
            if let Some(a) = &src.author {
                source.push_str(&format!(" · {a}"));
            }
            field(&mut lines, "Source", Some(source));
            field(&mut lines, "Tags", join(&claim.tags));
        }
        EntityRef::Source(s) => {
            let s = kb.source(s);
            heading(&mut lines, &s.title, format!("source · {}", safe(&s.id)));
            field(
                &mut lines,
                "Outlet",
                s.publisher.map(|p| kb.actor(p).name.clone()),
            );
            field(&mut lines, "Author", s.author.clone());
            field(&mut lines, "Published", published_date(s));
            field(&mut lines, "Via", s.via.clone());
            field(&mut lines, "URL", s.url.clone());
            field(
                &mut lines,
                "Reliability",
                s.reliability.map(|r| format!("{r} · {}", r.meaning())),
            );
        }
    }
    let links = app.detail_links();
    let mut current: Option<&str> = None;
    for (i, (label, target)) in links.iter().enumerate() {
        if current != Some(label) {
            lines.push(Line::raw(""));
            let count = links.iter().filter(|(l, _)| l == label).count();
            lines.push(Line::styled(
                format!("{label} ({count})"),
                theme.accent.add_modifier(Modifier::BOLD),
            ));
            current = Some(label);
        }
        let selected = i == app.link && app.focus == Pane::Detail;
        let marker = if selected { "▶ " } else { "  " };
        let body = fit(
            &safe(&crate::export::link_line(kb, *target)),
            width.saturating_sub(2),
        );
        let style = if selected {
            theme.selected
        } else {
            Style::new()
        };
        link_rows.push(lines.len());
        lines.push(Line::from(vec![Span::raw(marker), Span::raw(body)]).style(style));
    }
    (lines, link_rows)
}

fn draw_detail(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let shown = app.detail_target().map(|e| e.kind().as_str()).unwrap_or("");
    let block = pane_block(
        app,
        theme,
        Pane::Detail,
        fit(
            &format!(" Detail · {shown} "),
            area.width.saturating_sub(4) as usize,
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (lines, link_rows) = detail_lines(app, theme, inner.width as usize);
    let height = inner.height as usize;
    // Keep the selected link in view; otherwise show from the top.
    let scroll = match link_rows.get(app.link) {
        Some(&row) if app.focus == Pane::Detail && row >= height => row + 1 - height,
        _ => 0,
    };
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

fn draw_tabs(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let panes = app.panes();
    let slot = (area.width as usize / panes.len()).max(1);
    let spans: Vec<Span> = panes
        .iter()
        .map(|p| {
            let label = fit(p.name(), slot.saturating_sub(1));
            let text = format!("{label:<slot$}");
            if *p == app.focus {
                Span::styled(text, theme.tab)
            } else {
                Span::styled(text, theme.dim)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let text = match &app.status {
        Some(s) => safe(s),
        None => {
            let hint = if app.filter.is_some() || app.jump.is_some() {
                "type to search  ↑↓ choose  Enter select  Esc cancel  Ctrl-U clear  kind: tag: status: grade: filters"
            } else if app.focus == Pane::Detail {
                "↑↓ link  Enter follow  Backspace back  e export link  Tab pane  a linked/all  ? help  q quit"
            } else {
                "↑↓ move  Enter open  / filter  Ctrl-P jump  e export  y copy  Tab pane  Backspace back  a linked/all  ? help  q quit"
            };
            format!("{} · {hint}", safe(app.kb.label()))
        }
    };
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&text, area.width as usize), theme.status)),
        area,
    );
}

/// A search line: `/ query▏`, or the reason the query cannot run.
fn draw_prompt(
    frame: &mut Frame,
    theme: &Theme,
    sigil: &str,
    input: &str,
    error: Option<&str>,
    area: Rect,
) {
    let width = area.width as usize;
    let shown = safe(input);
    // Keep the end of a long query (where the cursor is) in view.
    let room = width.saturating_sub(sigil.width() + 3);
    let tail: String = {
        let mut w = 0;
        let mut v: Vec<char> = Vec::new();
        for c in shown.chars().rev() {
            w += c.width().unwrap_or(0);
            if w > room {
                break;
            }
            v.push(c);
        }
        v.into_iter().rev().collect()
    };
    let mut spans = vec![
        Span::styled(
            format!("{sigil} "),
            theme.accent.add_modifier(Modifier::BOLD),
        ),
        Span::styled(tail.clone(), Style::new().add_modifier(Modifier::BOLD)),
        Span::styled("▏", theme.accent),
    ];
    if let Some(e) = error {
        let left = width.saturating_sub(sigil.width() + 2 + tail.width() + 2);
        spans.push(Span::styled(
            format!(" {}", fit(&safe(e), left)),
            theme.warn,
        ));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_jump(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let Some(j) = &app.jump else { return };
    let rect = layout::jump_rect(area.width, area.height);
    frame.render_widget(Clear, rect);
    let count = if j.input.trim().is_empty() {
        format!("{} recent", app.recent.len().min(j.items.len()))
    } else {
        format!("{}/{}", j.items.len(), j.total)
    };
    let title = format!(" Jump to · {count}{} ", if j.pending { " …" } else { "" });
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.accent)
        .title(fit(&title, rect.width.saturating_sub(4) as usize))
        .title_alignment(Alignment::Center);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return;
    }
    draw_prompt(
        frame,
        theme,
        ">",
        &j.input,
        j.error.as_deref(),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
    let list = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let width = list.width as usize;
    let query = Query::parse(&j.input).unwrap_or_default();
    if j.items.is_empty() && !j.pending {
        let msg = if j.error.is_some() {
            "fix the query to search"
        } else if j.input.trim().is_empty() {
            "type to search every actor, meeting, claim and source"
        } else {
            "no match"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(fit(msg, width), theme.dim)),
            list,
        );
        return;
    }
    let lines: Vec<Line> = j
        .items
        .iter()
        .enumerate()
        .skip(j.offset)
        .take(list.height as usize)
        .map(|(i, e)| {
            let kind = format!("{:<8}", e.kind().as_str());
            let mut spans = vec![Span::styled(kind, theme.date)];
            let hit = j.hits.get(i).copied().flatten();
            spans.extend(result_row(
                &app.kb,
                theme,
                &query,
                hit.as_ref(),
                *e,
                width.saturating_sub(8),
            ));
            let line = Line::from(spans);
            if i == j.selected {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn draw_help(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let w = area.width.saturating_sub(4).min(76);
    let h = area.height.saturating_sub(2).min(help_height() as u16);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.accent)
        .title(" Keys · ↑↓ scroll · Esc or ? closes ")
        .title_alignment(Alignment::Center);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let key_w = 20;
    let mut lines: Vec<Line> = Vec::new();
    for (title, entries) in keymap::help_sections() {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            fit(title, inner.width as usize),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ));
        for (keys, help) in entries {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{:<key_w$}", fit(&keys, key_w - 1)),
                    theme.accent.add_modifier(Modifier::BOLD),
                ),
                Span::raw(fit(help, (inner.width as usize).saturating_sub(key_w))),
            ]));
        }
    }
    lines.push(Line::raw(""));
    let mouse = "Mouse: click a pane or a row to select it; the wheel scrolls the pane under it.";
    lines.extend(
        wrap(mouse, inner.width as usize)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim)),
    );
    let scroll = app
        .help_scroll
        .min(lines.len().saturating_sub(inner.height as usize));
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// Lines the help needs: every section's title and keys, blank lines between, the mouse note
/// and the borders.
fn help_height() -> usize {
    keymap::help_sections()
        .iter()
        .map(|(_, l)| l.len() + 2)
        .sum::<usize>()
        + 4
}

/// Draws the whole screen for `app`.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme::of(app);
    let screen = app.screen_at(area.width, area.height);
    if let (Some(banner), true) = (&app.banner, screen.mode != Mode::TooSmall) {
        let line = Rect::new(area.x, area.y, area.width, 1);
        let text = fit(
            &format!(" ⚠ KB has problems: {}", safe(banner)),
            area.width as usize,
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.banner)), line);
    }
    if screen.mode == Mode::TooSmall {
        let msg = format!(
            "terminal too small ({}x{}); need {}x{}",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        let lines: Vec<Line> = wrap(&msg, area.width as usize)
            .into_iter()
            .map(Line::raw)
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    if let Some(tabs) = screen.tabs {
        draw_tabs(frame, app, &theme, tabs);
    }
    for (pane, rect) in &screen.panes {
        match pane {
            Pane::Detail => draw_detail(frame, app, &theme, *rect),
            p => draw_list(frame, app, &theme, *p, *rect),
        }
    }
    draw_status(frame, app, &theme, screen.status);
    if app.jump.is_some() {
        draw_jump(frame, app, &theme, area);
    }
    if app.help {
        draw_help(frame, app, &theme, area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_display_width() {
        assert_eq!(fit("Sergei Lavrov", 20), "Sergei Lavrov");
        assert_eq!(fit("Sergei Lavrov", 8), "Sergei …");
        assert_eq!(fit("中国中国中国", 7), "中国中…");
        assert!(fit("中国中国中国", 7).width() <= 7);
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn wrap_respects_width() {
        let lines = wrap("the quick brown fox jumps over the lazy dog", 10);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "the quick brown fox jumps over the lazy dog"
        );
        let long = wrap(&"x".repeat(25), 10);
        assert_eq!(long.len(), 3);
    }
}
