//! One row of a list, the timeline, or search results, as styled spans fitted to a width. Every
//! string from the KB is neutralised here; matched characters are marked.

use super::safe;
use super::theme::Theme;
use crate::kb::{EntityRef, Kb};
use crate::search::{self, Field, Hit, Index, Query};
use crate::text::{self, width::fit};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

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
    // Each character neutralised in its context (a joiner inside an emoji stays, as in `line`).
    let mut pieces: Vec<(usize, String)> = Vec::new();
    text::line_pieces(raw, |i, piece| pieces.push((i, piece.to_string())));
    let marked: std::collections::HashSet<usize> = marked.iter().copied().collect();
    for (i, piece) in pieces {
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
pub fn timeline_row(
    kb: &Kb,
    theme: &Theme,
    e: EntityRef,
    previous: Option<EntityRef>,
    width: usize,
) -> Vec<Span<'static>> {
    let date = kb.timeline_date(e);
    let before = previous.map(|p| kb.timeline_date(p));
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
    let inferred = match e {
        EntityRef::Meeting(m) => kb.meeting(m).date_inferred(),
        EntityRef::Claim(c) => kb.claim(c).date_inferred(),
        _ => false,
    };
    let kind = match (e, inferred) {
        (EntityRef::Meeting(_), false) => " meeting ",
        (EntityRef::Meeting(_), true) => "~meeting ",
        (_, false) => " claim ",
        (_, true) => "~claim ",
    };
    let rest = width.saturating_sub(axis.width() + kind.len());
    let mut spans = vec![
        Span::styled(axis, theme.date),
        Span::styled(kind, theme.dim),
    ];
    let spec = match e {
        EntityRef::Meeting(_) => crate::app::columns::TIMELINE_MEETING,
        _ => crate::app::columns::TIMELINE_CLAIM,
    };
    let layout = crate::app::columns::fit_columns(spec, rest);
    if let Some(line) = super::cells::laid_out(kb, theme, &layout, e, false).pop() {
        spans.extend(line.spans);
    }
    spans
}

/// A search result row: the name with the matched characters marked, and the matched field when
/// it is not the name (`Russia · alias: Moscow`).
pub fn result_row(
    kb: &Kb,
    theme: &Theme,
    query: &Query,
    hit: Option<&Hit>,
    e: EntityRef,
    width: usize,
) -> Vec<Span<'static>> {
    // A row found only by typo rescue says so where its tag would be.
    let rescued = hit.is_some_and(|h| h.did_you_mean());
    let tag = if rescued {
        fit("did you mean?", width / 3)
    } else {
        fit(&row_tag(kb, e), width / 3)
    };
    let budget = width.saturating_sub(tag.width() + 1);
    let marks = hit
        .map(|h| Index::highlight(kb, query, h))
        .unwrap_or_default();
    let mark = theme.mark;
    let primary = primary_field(e);
    let mut spans = Vec::new();
    let mut used = 0;
    // A field with a match is shown around it (`…staffing levels in Istanbul…`), so the reason a
    // row matched is always on screen; one without is cut at its end.
    let mut push = |spans: &mut Vec<Span<'static>>, raw: &str, marked: &[usize], style: Style| {
        let room = budget.saturating_sub(used);
        let (s, w) = if marked.is_empty() {
            marked_spans(raw, marked, style, mark, room)
        } else {
            let (shown, marks) = search::snippet(raw, marked, room);
            marked_spans(&shown, &marks, style, mark, room)
        };
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
    spans.push(Span::styled(
        tag,
        if rescued { theme.warn } else { theme.dim },
    ));
    spans
}
