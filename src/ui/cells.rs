//! A list row as columns ([`crate::app::columns`]): each cell fitted to its width, the flexible
//! text column cut with an ellipsis or, when the pane wraps, continued on further lines; and the
//! header line naming the columns. Grades are coloured on a scale from A1 (best) to F6 (worst).

use super::safe;
use super::theme::Theme;
use crate::app::ListPane;
use crate::app::columns::{self, Column};
use crate::kb::{EntityRef, Grade, Kb};
use crate::text::width::{fit, wrap};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// How bad a grade is, 0 (A1) to 5 (F6): the worse of its two halves.
pub fn grade_rank(g: Grade) -> usize {
    let letter = (g.reliability.letter() as u8).saturating_sub(b'A') as usize;
    letter.max(g.credibility.saturating_sub(1) as usize).min(5)
}

/// A short date with `~` when the source only implies it.
fn date_cell(date: Option<crate::kb::PartialDate>, inferred: bool) -> String {
    match date {
        Some(d) if inferred => format!("~{d}"),
        Some(d) => d.to_string(),
        None => "undated".into(),
    }
}

/// The text of one cell (not the flexible column) and its style.
fn cell(kb: &Kb, theme: &Theme, e: EntityRef, col: Column) -> (String, Style) {
    let dim = theme.dim;
    match (col, e) {
        (Column::Mark, EntityRef::Claim(c)) if kb.is_contested(c) => ("!".into(), theme.warn),
        (Column::Grade, EntityRef::Claim(c)) => match kb.claim(c).grade {
            Some(g) => (g.to_string(), theme.grades[grade_rank(g)]),
            None => ("--".into(), dim),
        },
        (Column::Status, EntityRef::Claim(c)) => (kb.claim(c).status.to_string(), dim),
        (Column::Status, EntityRef::Meeting(m)) => (kb.meeting(m).status.to_string(), dim),
        (Column::Mode, EntityRef::Claim(c)) => (kb.claim(c).mode.to_string(), dim),
        (Column::Date, EntityRef::Claim(c)) => {
            let claim = kb.claim(c);
            (date_cell(claim.date, claim.date_inferred()), theme.date)
        }
        (Column::Date, EntityRef::Meeting(m)) => {
            let m = kb.meeting(m);
            (date_cell(m.date, m.date_inferred()), theme.date)
        }
        (Column::Date, EntityRef::Source(s)) => {
            let s = kb.source(s);
            (date_cell(s.published, s.published_inferred()), theme.date)
        }
        (Column::Speaker, EntityRef::Claim(c)) => (
            format!("{}:", safe(&kb.actor(kb.claim(c).by).name)),
            theme.bold,
        ),
        (Column::Participants, EntityRef::Meeting(m)) => {
            (kb.meeting(m).participants.len().to_string(), dim)
        }
        (Column::Publisher, EntityRef::Source(s)) => (
            kb.source(s)
                .publisher
                .map(|p| safe(&kb.actor(p).name))
                .unwrap_or_default(),
            dim,
        ),
        (Column::Reliability, EntityRef::Source(s)) => match kb.source(s).reliability {
            Some(r) => {
                let rank = (r.letter() as u8).saturating_sub(b'A') as usize;
                (r.to_string(), theme.grades[rank.min(5)])
            }
            None => ("-".into(), dim),
        },
        (Column::Kind, EntityRef::Actor(a)) => (kb.actor(a).kind.to_string(), dim),
        (Column::Kind, e) => (e.kind().to_string(), dim),
        _ => (String::new(), dim),
    }
}

/// `s` fitted to `width` and padded to it; right-aligned for numbers.
fn padded(s: &str, width: usize, right: bool) -> String {
    let s = fit(s, width.saturating_sub(1));
    let pad = width.saturating_sub(s.width());
    if right {
        format!("{}{s} ", " ".repeat(pad.saturating_sub(1)))
    } else {
        format!("{s}{}", " ".repeat(pad))
    }
}

/// The lines of one row of `pane` at `width`: one, or (wrapping) as many as its text needs.
pub fn lines(
    kb: &Kb,
    theme: &Theme,
    pane: ListPane,
    e: EntityRef,
    width: usize,
    wrapped: bool,
) -> Vec<Line<'static>> {
    laid_out(
        kb,
        theme,
        &columns::layout_for(pane, width, wrapped),
        e,
        wrapped,
    )
}

/// One row in the given columns: one line, or as many as its wrapped text needs.
pub fn laid_out(
    kb: &Kb,
    theme: &Theme,
    layout: &[(Column, usize)],
    e: EntityRef,
    wrapped: bool,
) -> Vec<Line<'static>> {
    let text = safe(columns::text_of(kb, e));
    let text_width = layout
        .iter()
        .find(|(c, _)| *c == Column::Text)
        .map_or(0, |(_, w)| *w);
    // Each cell keeps its last column as the gap to the next.
    let room = text_width.saturating_sub(1).max(1);
    let pieces = if wrapped {
        wrap(&text, room)
    } else {
        vec![fit(&text, room)]
    };
    let mut out = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.into_iter().enumerate() {
        let spans: Vec<Span<'static>> = layout
            .iter()
            .map(|(col, w)| match col {
                Column::Text => Span::raw(padded(&piece, *w, false)),
                _ if i > 0 => Span::raw(" ".repeat(*w)),
                _ => {
                    let (s, style) = cell(kb, theme, e, *col);
                    Span::styled(padded(&s, *w, *col == Column::Participants), style)
                }
            })
            .collect();
        out.push(Line::from(spans));
    }
    out
}

/// The header line naming the columns shown at `width`.
pub fn header(pane: ListPane, theme: &Theme, width: usize, wrapped: bool) -> Line<'static> {
    let spans: Vec<Span<'static>> = columns::layout_for(pane, width, wrapped)
        .iter()
        .map(|(col, w)| Span::raw(padded(col.title(pane), *w, false)))
        .collect();
    Line::from(spans).style(theme.header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_rank_by_their_worse_half() {
        let g = |s: &str| Grade::parse(s).unwrap();
        assert_eq!(grade_rank(g("A1")), 0);
        assert_eq!(grade_rank(g("B2")), 1);
        assert_eq!(grade_rank(g("A6")), 5);
        assert_eq!(grade_rank(g("F1")), 5);
        assert_eq!(grade_rank(g("C2")), 2);
    }
}
