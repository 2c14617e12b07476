//! How the model's dates are put into words, so every view (Detail, `show`, notes, JSON) says the
//! same thing and none shows an inferred date as if the source had stated it.
//!
//! Two forms: the full phrase for a date field (`2025-02-27 (inferred; the source says "February
//! 27")`) and the short one for a row that names a linked entity (`2025-02-27 (inferred)`).

use super::model::{Claim, Meeting, PartialDate, Source};

/// What one row says when an entity has no date.
pub const UNDATED: &str = "undated";

/// The mark an inferred date carries in every view.
pub const INFERRED_MARK: &str = "(inferred)";

/// Whether `field` is listed in an entity's `inferred`.
pub fn is_inferred(inferred: &[String], field: &str) -> bool {
    inferred.iter().any(|f| f == field)
}

impl Meeting {
    /// Whether the meeting's `date` is inferred rather than stated by the source.
    pub fn date_inferred(&self) -> bool {
        self.date.is_some() && is_inferred(&self.inferred, "date")
    }
}

impl Claim {
    /// Whether the claim's `date` is inferred rather than stated by the source.
    pub fn date_inferred(&self) -> bool {
        self.date.is_some() && is_inferred(&self.inferred, "date")
    }
}

impl Source {
    /// Whether the source's `published` date is inferred rather than stated.
    pub fn published_inferred(&self) -> bool {
        self.published.is_some() && is_inferred(&self.inferred, "published")
    }
}

/// A date at its precision, with its inference and the source's own words when they add something:
/// `2025-02-27 (inferred; the source says "February 27")`.
pub fn date_phrase(
    date: Option<PartialDate>,
    text: Option<&str>,
    inferred: bool,
) -> Option<String> {
    let mut notes = Vec::new();
    if inferred {
        notes.push("inferred".to_string());
    }
    match (date, text) {
        (Some(d), Some(t)) if t != d.to_string() => notes.push(format!("the source says \"{t}\"")),
        (None, Some(t)) => return Some(format!("\"{t}\" (as the source words it)")),
        (None, None) => return None,
        _ => {}
    }
    let d = date?;
    Some(if notes.is_empty() {
        d.to_string()
    } else {
        format!("{d} ({})", notes.join("; "))
    })
}

/// A date in one short row: `2025-02-27`, `2025-02-27 (inferred)`, or `undated`.
pub fn short_date(date: Option<PartialDate>, inferred: bool) -> String {
    match date {
        None => UNDATED.to_string(),
        Some(d) if inferred => format!("{d} {INFERRED_MARK}"),
        Some(d) => d.to_string(),
    }
}

/// A meeting's date as [`date_phrase`] words it, marked inferred when `inferred` names it.
pub fn meeting_date(m: &Meeting) -> Option<String> {
    date_phrase(m.date, m.date_text.as_deref(), m.date_inferred())
}

/// A meeting's date as [`short_date`] words it, for a row naming the meeting.
pub fn meeting_date_short(m: &Meeting) -> String {
    short_date(m.date, m.date_inferred())
}

/// A claim's date as [`date_phrase`] words it.
pub fn claim_date(c: &Claim) -> Option<String> {
    date_phrase(c.date, c.date_text.as_deref(), c.date_inferred())
}

/// A source's publication date as [`date_phrase`] words it.
pub fn published_date(s: &Source) -> Option<String> {
    date_phrase(s.published, None, s.published_inferred())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<PartialDate> {
        Some(PartialDate::parse(s).unwrap())
    }

    #[test]
    fn phrases_mark_inference_and_keep_the_sources_words() {
        assert_eq!(
            date_phrase(d("2025-02-27"), Some("February 27"), true).as_deref(),
            Some("2025-02-27 (inferred; the source says \"February 27\")")
        );
        assert_eq!(
            date_phrase(d("2025"), Some("2025"), false).as_deref(),
            Some("2025")
        );
        assert_eq!(
            date_phrase(d("2025"), None, true).as_deref(),
            Some("2025 (inferred)")
        );
        assert_eq!(
            date_phrase(None, Some("recent"), false).as_deref(),
            Some("\"recent\" (as the source words it)")
        );
        assert_eq!(date_phrase(None, None, true), None);
    }

    #[test]
    fn short_dates_mark_inference() {
        assert_eq!(short_date(d("2025-02-27"), true), "2025-02-27 (inferred)");
        assert_eq!(short_date(d("2025-02"), false), "2025-02");
        assert_eq!(short_date(None, true), "undated");
    }

    #[test]
    fn inferred_needs_the_value_itself() {
        let inferred = vec!["date".to_string()];
        assert!(is_inferred(&inferred, "date"));
        assert!(!is_inferred(&inferred, "published"));
    }
}
