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
    let mut lexer = Lexer {
        b: text.as_bytes(),
        depth: 0,
        state: State::Plain,
        indent: 0,
        at_line_start: true,
        line_start: 0,
        prev: b'\n',
    };
    let mut i = 0;
    while i < lexer.b.len() {
        match lexer.step(i) {
            Ok(next) => i = next,
            Err(at) => return Some(at),
        }
    }
    None
}

/// The state of [`too_deep`]'s pass.
struct Lexer<'t> {
    b: &'t [u8],
    depth: usize,
    state: State,
    indent: usize,
    at_line_start: bool,
    line_start: usize,
    /// The last byte that was not a space: what decides whether a value begins here.
    prev: u8,
}

impl Lexer<'_> {
    /// Takes the byte at `i`: where to go on, or `Err` with `i` when it opens one level too many.
    fn step(&mut self, i: usize) -> Result<usize, usize> {
        let c = self.b[i];
        if c == b'\n' || c == b'\r' {
            match self.state {
                State::Comment => self.state = State::Plain,
                State::BlockText(parent) => self.state = State::Block(parent),
                _ => {}
            }
            self.at_line_start = true;
            self.indent = 0;
            self.prev = b'\n';
            self.line_start = i + 1;
            return Ok(i + 1);
        }
        if self.at_line_start {
            if c == b' ' {
                self.indent += 1;
                return Ok(i + 1);
            }
            self.at_line_start = false;
            if let State::Block(parent) = self.state {
                if self.indent > parent {
                    self.state = State::BlockText(parent);
                    return Ok(i);
                }
                self.state = State::Plain;
            }
        }
        match self.state {
            State::Comment | State::Block(_) | State::BlockText(_) => Ok(i + 1),
            State::Single => Ok(self.single_quoted(i)),
            State::Double => Ok(self.double_quoted(i)),
            State::Plain => self.plain(i),
        }
    }

    fn single_quoted(&mut self, i: usize) -> usize {
        if self.b[i] != b'\'' {
            return i + 1;
        }
        if self.b.get(i + 1) == Some(&b'\'') {
            return i + 2;
        }
        self.state = State::Plain;
        self.prev = b'\'';
        i + 1
    }

    fn double_quoted(&mut self, i: usize) -> usize {
        match self.b[i] {
            b'\\' => i + 2,
            b'"' => {
                self.state = State::Plain;
                self.prev = b'"';
                i + 1
            }
            _ => i + 1,
        }
    }

    fn plain(&mut self, i: usize) -> Result<usize, usize> {
        let (b, c, depth) = (self.b, self.b[i], self.depth);
        let value_starts = depth > 0
            && matches!(self.prev, b'[' | b'{' | b',' | b':' | b'?' | b'\n')
            || depth == 0 && matches!(self.prev, b':' | b'-' | b'?' | b'\n');
        let spaced = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r');
        match c {
            b'#' if spaced => self.state = State::Comment,
            b'\'' if value_starts => self.state = State::Single,
            b'"' if value_starts => self.state = State::Double,
            b'|' | b'>' if depth == 0 && value_starts && spaced => {
                self.state = State::Block(node_column(&b[self.line_start..]))
            }
            b'[' | b'{' if depth > 0 || value_starts => {
                self.depth += 1;
                if self.depth > MAX_FLOW_DEPTH {
                    return Err(i);
                }
            }
            b']' | b'}' if depth > 0 => self.depth -= 1,
            _ => {}
        }
        if c != b' ' && c != b'\t' {
            self.prev = c;
        }
        Ok(i + 1)
    }
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
