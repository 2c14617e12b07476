//! Cutting one large KB file into pieces that parse on their own, so its peak memory is bounded
//! by the piece, not the file: `serde_yaml` loads a whole document's events (several times the
//! text's size) before deserializing any of it, so a 20 MB file of claims cost about 150 MB at
//! once.
//!
//! Only the plain shape is cut: comments, then one top-level section key (`claims:`), then its
//! block list, every entry starting at the same indentation with `- `. A piece is the section key
//! followed by whole entries. Whatever else a file holds (several sections, flow style, a
//! directive, a document marker, a tab, a line less indented than the list) is left whole.
//!
//! Cutting can still misjudge a file whose entries span lines in ways only a YAML parser sees (a
//! quoted scalar or a flow list running on over a line that looks like an entry; an alias to an
//! anchor in an earlier piece). Every such misjudgement makes some piece fail to parse, so the
//! caller parses the whole file again whenever any piece fails: a file's result, and every
//! diagnostic's position, is always that of the whole file.

use super::raw::SECTIONS;

/// About how much text one piece holds (it ends at the first entry boundary past this).
pub(crate) const PIECE_BYTES: usize = 256 << 10;

/// A file cut into pieces: the section key's line, then each piece's entries.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Pieces<'t> {
    /// The section key's line, newline included (`claims:\n`).
    pub header: &'t str,
    /// Whole entries of the list, in order; the text of a piece is `header` then this.
    pub bodies: Vec<&'t str>,
}

impl Pieces<'_> {
    /// The text of piece `i`, as a YAML document of its own.
    pub fn text(&self, i: usize) -> String {
        let body = self.bodies[i];
        let mut s = String::with_capacity(self.header.len() + body.len());
        s.push_str(self.header);
        s.push_str(body);
        s
    }
}

/// The pieces of `text` of about `piece_bytes` each, or `None` when the file is not of the
/// plain shape or would give a single piece.
pub(crate) fn split(text: &str, piece_bytes: usize) -> Option<Pieces<'_>> {
    let (header, body_start) = find_header(text)?;
    let body = &text[body_start..];
    let mut indent = None;
    let mut bodies = Vec::new();
    let mut piece_start = 0;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let at = pos;
        pos += line.len();
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[spaces..];
        if is_blank_or_comment(rest) {
            continue;
        }
        let entry = rest.starts_with('-') && rest[1..].starts_with([' ', '\n', '\r']);
        let entry = entry || rest == "-";
        match indent {
            None if entry => indent = Some(spaces),
            None => return None,
            Some(k) if spaces > k => {}
            Some(k) if spaces == k && entry => {
                if at - piece_start >= piece_bytes {
                    bodies.push(&body[piece_start..at]);
                    piece_start = at;
                }
            }
            Some(_) => return None,
        }
        if rest.starts_with('\t') {
            return None;
        }
    }
    bodies.push(&body[piece_start..]);
    (bodies.len() > 1).then_some(Pieces { header, bodies })
}

fn is_blank_or_comment(rest: &str) -> bool {
    let t = rest.trim_end_matches(['\n', '\r']);
    t.is_empty() || t.starts_with('#')
}

/// The line `section:` (a known section, nothing after it but a comment), preceded only by blank
/// and comment lines; and where the lines after it start.
fn find_header(text: &str) -> Option<(&str, usize)> {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_start_matches(' ');
        if is_blank_or_comment(trimmed) && !trimmed.starts_with('\t') {
            continue;
        }
        let (key, after) = line.split_once(':')?;
        let after = after.trim_end_matches(['\n', '\r']).trim_start_matches(' ');
        let plain = after.is_empty() || after.starts_with('#');
        if !SECTIONS.contains(&key) || !plain || !line.ends_with('\n') {
            return None;
        }
        return Some((&text[start..pos], pos));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(text: &str, n: usize) -> Option<Vec<&str>> {
        split(text, n).map(|p| p.bodies)
    }

    #[test]
    fn cuts_a_plain_list_at_entry_boundaries() {
        let text = "# people\nactors:\n  - id: a\n    name: A\n  # a comment\n  - id: b\n    tags:\n    - x\n  - id: c\n";
        let p = split(text, 1).unwrap();
        assert_eq!(p.header, "actors:\n");
        assert_eq!(
            p.bodies,
            [
                "  - id: a\n    name: A\n  # a comment\n",
                "  - id: b\n    tags:\n    - x\n",
                "  - id: c\n"
            ]
        );
        assert_eq!(p.text(1), "actors:\n  - id: b\n    tags:\n    - x\n");
        // Pieces grow to the size asked for.
        let p = split(text, 30).unwrap();
        assert_eq!(p.bodies.len(), 2);
        assert_eq!(p.bodies.concat(), &text[text.find("  - id: a").unwrap()..]);
    }

    #[test]
    fn entries_at_column_zero_and_crlf() {
        let text = "claims:\r\n- id: a\r\n  text: x\r\n-\r\n  id: b\r\n";
        assert_eq!(
            bodies(text, 1).unwrap(),
            ["- id: a\r\n  text: x\r\n", "-\r\n  id: b\r\n"]
        );
    }

    #[test]
    fn leaves_every_other_shape_whole() {
        for text in [
            // One piece only.
            "actors:\n  - id: a\n",
            // Two sections.
            "actors:\n  - id: a\nclaims:\n  - id: b\n",
            // A line less indented than the list, or at its indentation but not an entry.
            "actors:\n  - id: a\n x: 1\n  - id: b\n",
            "actors:\n  - id: a\n  x: 1\n  - id: b\n",
            // Flow style, an anchor or a tag on the section, an unknown section.
            "actors: [{id: a}, {id: b}]\n",
            "actors: &all\n  - id: a\n  - id: b\n",
            "actors: !!seq\n  - id: a\n  - id: b\n",
            "people:\n  - id: a\n  - id: b\n",
            // Directives and document markers, a tab, a key with a space before the colon.
            "%YAML 1.2\n---\nactors:\n  - id: a\n  - id: b\n",
            "---\nactors:\n  - id: a\n  - id: b\n",
            "actors:\n  - id: a\n\t- id: b\n  - id: c\n",
            "actors :\n  - id: a\n  - id: b\n",
            // No newline after the key, no list, CR-only line ends.
            "actors:",
            "actors:\n",
            "actors:\r  - id: a\r  - id: b\r",
            "",
        ] {
            assert_eq!(split(text, 1), None, "{text:?}");
        }
    }
}
