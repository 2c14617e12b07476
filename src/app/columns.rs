//! The columns of each list pane and how they give way as the pane narrows: each pane has its
//! columns in display order, one flexible column (the text, a title or a name) that takes what is
//! left, and a fixed order in which the others are dropped when it would get too little. Pure, so
//! drawing, the header line, wrapped row heights and mouse hit-testing all agree.

use super::panes::ListPane;
use crate::kb::{EntityRef, Kb};
use crate::text::width::wrap;

/// A column of a list row.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// `!` for a contested claim.
    Mark,
    Grade,
    Status,
    Mode,
    Date,
    Speaker,
    /// The flexible column: a claim's text, a meeting's or source's title, an actor's name.
    Text,
    /// How many took part in a meeting.
    Participants,
    Publisher,
    /// A source's reliability letter.
    Reliability,
    /// An actor's kind.
    Kind,
}

impl Column {
    /// The header's word for the column.
    pub fn title(self, pane: ListPane) -> &'static str {
        match (self, pane) {
            (Column::Mark, _) => "",
            (Column::Grade, _) => "gr",
            (Column::Status, _) => "status",
            (Column::Mode, _) => "mode",
            (Column::Date, _) => "date",
            (Column::Speaker, _) => "by",
            (Column::Text, ListPane::Claims) => "text (! contested, ~ inferred date)",
            (Column::Text, ListPane::Actors) => "name",
            (Column::Text, _) => "title",
            (Column::Participants, _) => "who",
            (Column::Publisher, _) => "outlet",
            (Column::Reliability, _) => "rel",
            (Column::Kind, _) => "kind",
        }
    }
}

/// A pane's columns: (column, width, rank at which it gives way; 0 never), in display order. The
/// flexible column's width is the least it keeps before another column gives way.
fn spec(pane: ListPane) -> &'static [(Column, usize, u8)] {
    use Column::*;
    match pane {
        ListPane::Claims => &[
            (Mark, 2, 0),
            (Grade, 3, 5),
            (Status, 10, 4),
            (Mode, 11, 2),
            (Date, 12, 1),
            (Speaker, 12, 3),
            (Text, 10, 0),
        ],
        ListPane::Meetings => &[
            (Date, 12, 3),
            (Text, 14, 0),
            (Participants, 4, 1),
            (Status, 10, 2),
        ],
        ListPane::Sources => &[
            (Text, 18, 0),
            (Publisher, 16, 2),
            (Date, 12, 1),
            (Reliability, 4, 3),
        ],
        ListPane::Actors | ListPane::Timeline => &[(Text, 12, 0), (Kind, 13, 1)],
    }
}

/// A timeline row after its time axis: a meeting's title and status.
pub const TIMELINE_MEETING: &[(Column, usize, u8)] =
    &[(Column::Text, 12, 0), (Column::Status, 10, 1)];
/// A timeline row after its time axis: a claim's mark, speaker, text and grade.
pub const TIMELINE_CLAIM: &[(Column, usize, u8)] = &[
    (Column::Mark, 2, 0),
    (Column::Speaker, 12, 1),
    (Column::Text, 12, 0),
    (Column::Grade, 3, 2),
];

/// The columns shown at `width` and their widths; the flexible column takes the rest.
pub fn layout(pane: ListPane, width: usize) -> Vec<(Column, usize)> {
    fit_columns(spec(pane), width)
}

/// The least a wrapped text keeps: wrapping exists to read it, so other columns give way sooner.
pub const MIN_WRAPPED_TEXT: usize = 22;

/// [`layout`] for a list whose rows wrap (`wrapped`) or are cut.
pub fn layout_for(pane: ListPane, width: usize, wrapped: bool) -> Vec<(Column, usize)> {
    if !wrapped {
        return layout(pane, width);
    }
    let spec: Vec<(Column, usize, u8)> = spec(pane)
        .iter()
        .map(|&(c, w, r)| {
            (
                c,
                if c == Column::Text {
                    w.max(MIN_WRAPPED_TEXT)
                } else {
                    w
                },
                r,
            )
        })
        .collect();
    fit_columns(&spec, width)
}

/// `spec`'s columns that fit at `width`, dropped in their rank order, the flexible one taking the
/// rest.
pub fn fit_columns(spec: &[(Column, usize, u8)], width: usize) -> Vec<(Column, usize)> {
    let mut kept: Vec<(Column, usize, u8)> = spec.to_vec();
    let is_text = |c: &Column| *c == Column::Text;
    loop {
        // The others' widths plus the least the text keeps.
        let needed: usize = kept.iter().map(|(_, w, _)| *w).sum();
        if needed <= width {
            break;
        }
        // Drop the column that gives way first among those left.
        let Some(i) = kept
            .iter()
            .enumerate()
            .filter(|(_, (_, _, rank))| *rank > 0)
            .min_by_key(|(_, (_, _, rank))| *rank)
            .map(|(i, _)| i)
        else {
            break;
        };
        kept.remove(i);
    }
    let fixed: usize = kept
        .iter()
        .filter(|(c, _, _)| !is_text(c))
        .map(|(_, w, _)| *w)
        .sum();
    kept.into_iter()
        .map(|(c, w, _)| {
            (
                c,
                if is_text(&c) {
                    width.saturating_sub(fixed)
                } else {
                    w
                },
            )
        })
        .collect()
}

/// Rows the header line takes in a pane with `inner_height` rows: none where it would leave
/// fewer than three rows for the items.
pub fn header_rows(pane: ListPane, inner_height: usize) -> usize {
    usize::from(has_header(pane) && inner_height >= 4)
}

/// Columns every list row starts with: `●` when the row is marked for a briefing.
pub const MARK_GUTTER: usize = 1;

/// Whether a pane draws a header line above its rows.
pub fn has_header(pane: ListPane) -> bool {
    matches!(
        pane,
        ListPane::Claims | ListPane::Meetings | ListPane::Sources
    )
}

/// The flexible column's text of a row, unneutralised (the caller neutralises).
pub fn text_of(kb: &Kb, e: EntityRef) -> &str {
    match e {
        EntityRef::Claim(c) => &kb.claim(c).text,
        _ => kb.title_of(e),
    }
}

/// How many lines a row takes when wrapped at `width` (at least 1).
pub fn wrapped_height(kb: &Kb, pane: ListPane, e: EntityRef, width: usize) -> usize {
    let text_width = layout_for(pane, width, true)
        .iter()
        .find(|(c, _)| *c == Column::Text)
        .map_or(width, |(_, w)| *w)
        .saturating_sub(1)
        .max(1);
    wrap(&crate::text::line(text_of(kb, e)), text_width)
        .len()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pane: ListPane, width: usize) -> Vec<Column> {
        layout(pane, width).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn columns_give_way_in_order_and_text_stays() {
        use Column::*;
        assert_eq!(
            names(ListPane::Claims, 100),
            [Mark, Grade, Status, Mode, Date, Speaker, Text]
        );
        assert_eq!(
            names(ListPane::Claims, 50),
            [Mark, Grade, Status, Mode, Speaker, Text]
        );
        assert_eq!(
            names(ListPane::Claims, 38),
            [Mark, Grade, Status, Speaker, Text]
        );
        assert_eq!(names(ListPane::Claims, 10), [Mark, Text]);
        for w in [0, 5, 38, 60, 100, 300] {
            let l = layout(ListPane::Claims, w);
            let total: usize = l.iter().map(|(_, w)| *w).sum();
            assert!(total <= w.max(2), "{w}: {l:?}");
        }
    }

    #[test]
    fn status_and_grade_stay_at_80x24() {
        // Claims is 38 columns wide inside its border at 80x24.
        let cols = names(ListPane::Claims, 38);
        assert!(cols.contains(&Column::Status) && cols.contains(&Column::Grade));
        assert!(cols.contains(&Column::Speaker));
        assert!(names(ListPane::Meetings, 38).contains(&Column::Status));
        assert!(names(ListPane::Sources, 38).contains(&Column::Reliability));
    }
}
