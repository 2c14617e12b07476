//! Checks run on a file's text before the YAML parser sees it, for inputs whose parsing cost is
//! out of proportion to their size: libyaml's scanner does work proportional to the open flow
//! collections for every token, so 100k `[` would take a minute to be refused by the parser's
//! own depth limit. One linear pass measures the nesting first and refuses what no KB needs.

use super::locate::{Mark, Spot};
use super::validate::Problem;

/// The deepest flow nesting (`[` and `{`) accepted. The schema needs at most four levels
/// (file, section list, entity, field list), even when a file is written as one JSON object;
/// anything this deep is a mistake or an attack, and is refused before parsing.
pub const MAX_FLOW_DEPTH: usize = 32;

/// The problem with `text` that must stop it from being parsed, if any.
pub(crate) fn check(file: u32, text: &str) -> Option<Problem> {
    let at = too_deep(text)?;
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = 1 + line_breaks(&text[..line_start]);
    let col = text[line_start..at].chars().count();
    let mut p = Problem::new(
        file,
        Spot::At(Mark { line, col }),
        format!("nested more than {MAX_FLOW_DEPTH} levels deep"),
    )
    .label("nested too deeply")
    .help("KB files need at most four levels of nesting; the file was not parsed");
    p.root = true;
    Some(p)
}

/// Line breaks as YAML counts them: `\n`, `\r\n` or a lone `\r`.
fn line_breaks(text: &str) -> usize {
    let b = text.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Plain,
    Single,
    Double,
    Comment,
    /// Inside a block scalar (`|`, `>`) of a node at this column: its text is not YAML.
    Block(usize),
    /// On a line of text of such a block scalar.
    BlockText(usize),
}

/// The byte offset of the bracket that opens one flow level more than [`MAX_FLOW_DEPTH`].
///
/// A light lexer: quoted scalars, comments and block scalars are skipped, and in block context a
/// bracket counts only where a value begins (`key: [`, `- [`, line start), since `see [1` in a
/// plain scalar is text. It may over-count only brackets that open and never close, which a
/// valid KB cannot hold 32 of outside quotes.
fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut state = State::Plain;
    let mut indent = 0usize;
    let mut at_line_start = true;
    let mut line_start = 0;
    // The last byte that was not a space: what decides whether a value begins here.
    let mut prev = b'\n';
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' || c == b'\r' {
            match state {
                State::Comment => state = State::Plain,
                State::BlockText(parent) => state = State::Block(parent),
                _ => {}
            }
            at_line_start = true;
            indent = 0;
            prev = b'\n';
            i += 1;
            line_start = i;
            continue;
        }
        if at_line_start {
            if c == b' ' {
                indent += 1;
                i += 1;
                continue;
            }
            at_line_start = false;
            if let State::Block(parent) = state {
                if indent > parent {
                    state = State::BlockText(parent);
                    continue;
                }
                state = State::Plain;
            }
        }
        match state {
            State::Comment | State::Block(_) | State::BlockText(_) => {}
            State::Single => {
                if c == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        state = State::Plain;
                        prev = c;
                    }
                }
            }
            State::Double => {
                if c == b'\\' {
                    i += 1;
                } else if c == b'"' {
                    state = State::Plain;
                    prev = c;
                }
            }
            State::Plain => {
                let value_starts = depth > 0
                    && matches!(prev, b'[' | b'{' | b',' | b':' | b'?' | b'\n')
                    || depth == 0 && matches!(prev, b':' | b'-' | b'?' | b'\n');
                let spaced = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r');
                match c {
                    b'#' if spaced => state = State::Comment,
                    b'\'' if value_starts => state = State::Single,
                    b'"' if value_starts => state = State::Double,
                    b'|' | b'>' if depth == 0 && value_starts && spaced => {
                        state = State::Block(node_column(&b[line_start..]))
                    }
                    b'[' | b'{' if depth > 0 || value_starts => {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Some(i);
                        }
                    }
                    b']' | b'}' if depth > 0 => depth -= 1,
                    _ => {}
                }
                if c != b' ' && c != b'\t' {
                    prev = c;
                }
            }
        }
        i += 1;
    }
    None
}

/// The column of the node a line holds, past its indentation and any `- ` or `? ` indicators:
/// a block scalar's text must be indented further than this.
fn node_column(line: &[u8]) -> usize {
    let mut i = 0;
    loop {
        while line.get(i) == Some(&b' ') {
            i += 1;
        }
        match (line.get(i), line.get(i + 1)) {
            (Some(b'-' | b'?'), Some(b' ')) => i += 2,
            _ => return i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str) -> Option<(usize, usize)> {
        check(0, text).map(|p| match p.spot {
            Spot::At(m) => (m.line, m.col),
            _ => unreachable!(),
        })
    }

    #[test]
    fn refuses_deep_flow_nesting_where_it_crosses_the_limit() {
        assert_eq!(
            depth_error(&format!("actors: {}", "[".repeat(100_000))),
            Some((1, 8 + MAX_FLOW_DEPTH))
        );
        assert_eq!(
            depth_error(&format!("a: b\r\nc: {}", "{x: ".repeat(40))),
            Some((2, 3 + 4 * MAX_FLOW_DEPTH))
        );
        let ok = format!(
            "a: {}{}",
            "[".repeat(MAX_FLOW_DEPTH),
            "]".repeat(MAX_FLOW_DEPTH)
        );
        assert_eq!(depth_error(&ok), None);
    }

    #[test]
    fn brackets_in_text_do_not_count() {
        let many = |line: &str| line.repeat(MAX_FLOW_DEPTH + 5);
        assert_eq!(depth_error(&many("- summary: see [1 and {2\n")), None);
        assert_eq!(depth_error(&many("- name: '[[' # [[\n")), None);
        assert_eq!(depth_error(&many("- name: \"[\\\"[\"\n")), None);
        assert_eq!(depth_error(&many("- x: 'it''s [['\n")), None);
        assert_eq!(depth_error(&many("- s: |\n    [[ text\n    [[\n")), None);
        assert_eq!(depth_error(&many("- tags: [a, '[', \"{\"]\n")), None);
        assert_eq!(depth_error(&many("- name: O'Brien [x\n")), None);
        // Text after a block scalar's lines is YAML again.
        let evading = format!("- s: |\n  t: {}", "[".repeat(40));
        assert!(depth_error(&evading).is_some());
    }
}
