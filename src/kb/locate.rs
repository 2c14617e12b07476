//! Finding where a problem sits in a KB file: `path:line:col` for a section, an entity, a key or a
//! value. Only run on files that have problems, so a good KB pays nothing for it. Uses yaml-rust2's
//! pull parser (iterative, so deep nesting cannot overflow the stack) purely for its position marks.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};

/// A place in a KB file, described by its YAML path. Coarser places are the fallback for finer ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Spot {
    File,
    /// A position already known (syntax errors come with one).
    At(Mark),
    SectionKey {
        section: &'static str,
        occurrence: usize,
    },
    SectionKeyNamed {
        name: String,
    },
    Item {
        section: &'static str,
        item: usize,
    },
    Key {
        section: &'static str,
        item: usize,
        key: String,
        occurrence: usize,
    },
    Value {
        section: &'static str,
        item: usize,
        key: &'static str,
    },
    SubItem {
        section: &'static str,
        item: usize,
        key: &'static str,
        sub: usize,
    },
}

/// A position: 1-based line, 0-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mark {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Slot {
    /// The `occurrence`-th key named by the last segment, inside the map at the other segments.
    Key(Vec<Seg>, usize),
    /// The node at this path.
    Node(Vec<Seg>),
    /// The first key of the mapping at this path (where a block entity visibly starts).
    FirstKey(Vec<Seg>),
}

enum Frame {
    Map {
        key: Option<String>,
        seen: HashMap<String, usize>,
        first: bool,
    },
    Seq {
        index: usize,
    },
}

/// Every position of interest in one file, up to the depth the schema has (4 levels).
pub(crate) struct Marks {
    slots: HashMap<Slot, Mark>,
}

const MAX_DEPTH: usize = 4;

/// Which entities a scan records, by section name and item index; `None` records every one.
/// Problems are shown for a few entities of a large file: recording only theirs keeps the scan
/// from building a path for every key of 100k entities.
pub(crate) type Wanted = HashMap<String, std::collections::HashSet<usize>>;

impl Spot {
    /// The section and item this place is in, when it is in one.
    pub fn entity(&self) -> Option<(&str, usize)> {
        match self {
            Spot::Item { section, item }
            | Spot::Key { section, item, .. }
            | Spot::Value { section, item, .. }
            | Spot::SubItem { section, item, .. } => Some((section, *item)),
            _ => None,
        }
    }
}

impl Marks {
    #[cfg(test)]
    pub fn scan(text: &str) -> Marks {
        Marks::scan_for(text, None)
    }

    /// Like [`Marks::scan`], recording places only within the `wanted` entities (and the
    /// top-level keys).
    pub fn scan_for(text: &str, wanted: Option<&Wanted>) -> Marks {
        let mut scan = Scan {
            slots: HashMap::new(),
            stack: Vec::new(),
            complex_key_depth: None,
            wanted,
        };
        let mut parser = Parser::new_from_str(text);
        while let Ok((event, m)) = parser.next_token() {
            let mark = Mark {
                line: m.line(),
                col: m.col(),
            };
            if !scan.event(&event, mark) {
                break;
            }
        }
        Marks { slots: scan.slots }
    }

    /// The best known position for `spot`, falling back to coarser places.
    /// (Scanned with a `wanted` set, only the places of those entities are known.)
    pub fn find(&self, spot: &Spot) -> Mark {
        let k = |s: &str| Seg::Key(s.to_string());
        let i = Seg::Index;
        let item_mark = |section: &str, item: usize| {
            let p = vec![k(section), i(item)];
            self.slots
                .get(&Slot::FirstKey(p.clone()))
                .or_else(|| self.slots.get(&Slot::Node(p)))
                .copied()
        };
        let section_mark = |section: &str| self.slots.get(&Slot::Key(vec![k(section)], 0)).copied();
        let found = match spot {
            Spot::File => None,
            Spot::At(mark) => Some(*mark),
            Spot::SectionKey {
                section,
                occurrence,
            } => self
                .slots
                .get(&Slot::Key(vec![k(section)], *occurrence))
                .copied(),
            Spot::SectionKeyNamed { name } => self.slots.get(&Slot::Key(vec![k(name)], 0)).copied(),
            Spot::Item { section, item } => {
                item_mark(section, *item).or_else(|| section_mark(section))
            }
            Spot::Key {
                section,
                item,
                key,
                occurrence,
            } => self
                .slots
                .get(&Slot::Key(vec![k(section), i(*item), k(key)], *occurrence))
                .copied()
                .or_else(|| item_mark(section, *item)),
            Spot::Value { section, item, key } => self
                .slots
                .get(&Slot::Node(vec![k(section), i(*item), k(key)]))
                .copied()
                .or_else(|| item_mark(section, *item)),
            Spot::SubItem {
                section,
                item,
                key,
                sub,
            } => self
                .slots
                .get(&Slot::Node(vec![k(section), i(*item), k(key), i(*sub)]))
                .or_else(|| {
                    self.slots
                        .get(&Slot::Node(vec![k(section), i(*item), k(key)]))
                })
                .copied()
                .or_else(|| item_mark(section, *item)),
        };
        found.unwrap_or(Mark { line: 1, col: 0 })
    }
}

/// Whether places at this depth are recorded: always above the entities, and within an entity
/// only when it is wanted.
fn records(stack: &[Frame], wanted: Option<&Wanted>) -> bool {
    let Some(wanted) = wanted else {
        return true;
    };
    match (stack.first(), stack.get(1)) {
        (
            Some(Frame::Map {
                key: Some(section), ..
            }),
            Some(Frame::Seq { index }),
        ) => wanted
            .get(section.as_str())
            .is_some_and(|items| items.contains(index)),
        _ => true,
    }
}

/// The state of [`Marks::scan_for`]: the places recorded so far and where the parser is.
struct Scan<'w> {
    slots: HashMap<Slot, Mark>,
    stack: Vec<Frame>,
    /// Set, to the stack's depth at the key, while inside a complex key (a list used as a key),
    /// which is passed over: the schema has none.
    complex_key_depth: Option<usize>,
    wanted: Option<&'w Wanted>,
}

impl Scan<'_> {
    /// Takes the parser's next event; `false` at the end of the stream.
    fn event(&mut self, event: &Event, mark: Mark) -> bool {
        let starts = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
        );
        if let Some(depth) = self.complex_key_depth {
            self.in_complex_key(event, depth);
            return true;
        }
        if starts && !records(&self.stack, self.wanted) {
            self.pass_over(event);
            return true;
        }
        if starts {
            if matches!(self.stack.last(), Some(Frame::Map { key: None, .. })) {
                self.key(event, mark);
                return true;
            }
            if self.node(event, mark) {
                return true;
            }
        } else if matches!(event, Event::SequenceEnd | Event::MappingEnd) {
            self.stack.pop();
        } else {
            return !matches!(event, Event::StreamEnd);
        }
        // A node just ended: advance its parent.
        self.advance_parent();
        true
    }

    fn in_complex_key(&mut self, event: &Event, depth: usize) {
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                self.stack.push(Frame::Seq { index: 0 })
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
                if self.stack.len() == depth {
                    self.complex_key_depth = None;
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some("<complex key>".into());
                    }
                }
            }
            _ => {}
        }
    }

    /// A node of an entity not recorded: only the stack follows it.
    fn pass_over(&mut self, event: &Event) {
        match event {
            Event::SequenceStart(..) => self.stack.push(Frame::Seq { index: 0 }),
            Event::MappingStart(..) => self.stack.push(Frame::new_map()),
            _ => {
                if let Some(Frame::Map { key: k @ None, .. }) = self.stack.last_mut() {
                    *k = Some(String::new());
                } else {
                    self.advance_parent();
                }
            }
        }
    }

    /// A mapping's key: its place, and the first key's, are recorded.
    fn key(&mut self, event: &Event, mark: Mark) {
        let name = match event {
            Event::Scalar(s, ..) => s.clone(),
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                self.complex_key_depth = Some(self.stack.len());
                self.stack.push(Frame::Seq { index: 0 });
                return;
            }
            _ => "<alias>".into(),
        };
        // Paths are only built near the top, so deep nesting stays linear.
        let shallow = self.stack.len() <= MAX_DEPTH;
        let parent = if shallow {
            path_of(&self.stack)
        } else {
            Vec::new()
        };
        if let Some(Frame::Map { key, seen, first }) = self.stack.last_mut() {
            let n = seen.entry(name.clone()).or_insert(0);
            if shallow {
                let mut p = parent.clone();
                if *first {
                    self.slots.entry(Slot::FirstKey(parent)).or_insert(mark);
                    *first = false;
                }
                p.push(Seg::Key(name.clone()));
                self.slots.entry(Slot::Key(p, *n)).or_insert(mark);
            }
            *n += 1;
            *key = Some(name);
        }
    }

    /// A value (or list entry) starts: its place is recorded. Whether it opened a collection.
    fn node(&mut self, event: &Event, mark: Mark) -> bool {
        if self.stack.len() <= MAX_DEPTH {
            self.slots
                .entry(Slot::Node(path_of(&self.stack)))
                .or_insert(mark);
        }
        match event {
            Event::SequenceStart(..) => self.stack.push(Frame::Seq { index: 0 }),
            Event::MappingStart(..) => self.stack.push(Frame::new_map()),
            _ => return false,
        }
        true
    }

    fn advance_parent(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index }) => *index += 1,
            None => {}
        }
    }
}

impl Frame {
    fn new_map() -> Frame {
        Frame::Map {
            key: None,
            seen: HashMap::new(),
            first: true,
        }
    }
}

/// The YAML path of the node the stack is at.
fn path_of(stack: &[Frame]) -> Vec<Seg> {
    stack
        .iter()
        .filter_map(|f| match f {
            Frame::Map { key: Some(k), .. } => Some(Seg::Key(k.clone())),
            Frame::Map { key: None, .. } => None,
            Frame::Seq { index } => Some(Seg::Index(*index)),
        })
        .collect()
}

/// Where every line of a text starts, found in one pass, so placing thousands of problems costs
/// one scan of the file instead of one per problem. Lines end at `\n`, `\r\n` or a lone `\r`, as
/// YAML counts them.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                    continue;
                }
                b'\r' | b'\n' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// How many lines the text has (a text ending in a line break has an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Line `line` (1-based) of `text` without its line break; `None` past the end.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        if start > text.len() || (start == text.len() && line > 1) {
            return None;
        }
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        let l = text.get(start..end)?;
        Some(l.trim_end_matches(['\n', '\r']))
    }
}

/// How many characters of a long line are kept on each side of the spot. Wider than any window
/// a diagnostic shows, so the window never sees the cut.
pub(crate) const EXCERPT_CHARS: usize = 200;

/// The part of `line` around character `col` that a diagnostic can show, and the character
/// column it starts at. Walks only as far as the excerpt reaches, so a 200 MB line costs no more
/// than a short one past the spot, and never collects the whole line.
pub(crate) fn excerpt(line: &str, col: usize) -> (String, usize) {
    let start = col.saturating_sub(EXCERPT_CHARS);
    let mut chars = line.char_indices().skip(start);
    let Some((from, _)) = chars.next() else {
        return (String::new(), start);
    };
    let to = chars
        .nth((col - start) + EXCERPT_CHARS)
        .map_or(line.len(), |(i, _)| i);
    (line[from..to].to_string(), start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
# a comment
actors:
  - id: sergei-lavrov
    name: Sergei Lavrov
    tags: [a, bé, c]
  - {id: x, kind: y}
  - id: z
    aliases:
      - Z
      - Зет
    id: dup
claims: []
";

    #[test]
    fn finds_keys_values_items_and_list_entries() {
        let m = Marks::scan(TEXT);
        let at = |s: Spot| {
            let mk = m.find(&s);
            (mk.line, mk.col)
        };
        assert_eq!(
            at(Spot::SectionKey {
                section: "actors",
                occurrence: 0
            }),
            (2, 0)
        );
        assert_eq!(
            at(Spot::SectionKey {
                section: "claims",
                occurrence: 0
            }),
            (12, 0)
        );
        assert_eq!(
            at(Spot::Item {
                section: "actors",
                item: 0
            }),
            (3, 4)
        );
        assert_eq!(
            at(Spot::Item {
                section: "actors",
                item: 1
            }),
            (6, 5)
        );
        assert_eq!(
            at(Spot::Value {
                section: "actors",
                item: 0,
                key: "name"
            }),
            (4, 10)
        );
        assert_eq!(
            at(Spot::SubItem {
                section: "actors",
                item: 0,
                key: "tags",
                sub: 2
            }),
            (5, 18)
        );
        assert_eq!(
            at(Spot::Value {
                section: "actors",
                item: 1,
                key: "kind"
            }),
            (6, 18)
        );
        assert_eq!(
            at(Spot::SubItem {
                section: "actors",
                item: 2,
                key: "aliases",
                sub: 1
            }),
            (10, 8)
        );
        let key = |k: &str, o| Spot::Key {
            section: "actors",
            item: 2,
            key: k.into(),
            occurrence: o,
        };
        assert_eq!(at(key("id", 1)), (11, 4));
        // Unknown places fall back to the entity, then the file.
        assert_eq!(
            at(Spot::Value {
                section: "actors",
                item: 2,
                key: "role"
            }),
            (7, 4)
        );
        assert_eq!(
            at(Spot::Item {
                section: "sources",
                item: 0
            }),
            (1, 0)
        );
    }

    #[test]
    fn a_wanted_set_records_only_its_entities() {
        let mut wanted = Wanted::new();
        wanted.entry("actors".into()).or_default().insert(2);
        let m = Marks::scan_for(TEXT, Some(&wanted));
        let value = |item| Spot::Value {
            section: "actors",
            item,
            key: "id",
        };
        assert_eq!(m.find(&value(2)), Marks::scan(TEXT).find(&value(2)));
        // Others fall back to their section's key.
        assert_eq!(m.find(&value(0)), Mark { line: 1, col: 0 });
        let claims = Spot::SectionKey {
            section: "claims",
            occurrence: 0,
        };
        assert_eq!(m.find(&claims), Mark { line: 12, col: 0 });
    }

    #[test]
    fn line_index_counts_every_kind_of_line_break() {
        let text = "a\nb\r\nc\rd";
        let ix = LineIndex::new(text);
        let lines: Vec<_> = (1..=5).map(|n| ix.line(text, n)).collect();
        assert_eq!(lines, [Some("a"), Some("b"), Some("c"), Some("d"), None]);
        let ix = LineIndex::new("x\n");
        assert_eq!(ix.line("x\n", 2), None);
        assert_eq!(LineIndex::new("").line("", 1), Some(""));
    }

    #[test]
    fn excerpts_stay_near_the_spot() {
        let long = "é".repeat(10_000);
        let (e, start) = excerpt(&long, 5_000);
        assert_eq!(start, 5_000 - EXCERPT_CHARS);
        assert_eq!(e.chars().count(), 2 * EXCERPT_CHARS + 1);
        assert_eq!(excerpt("abc", 1), ("abc".to_string(), 0));
        assert_eq!(excerpt("abc", 7), ("abc".to_string(), 0));
        assert_eq!(excerpt(&"x".repeat(300), 250).1, 50);
    }

    #[test]
    fn survives_deep_nesting_and_broken_yaml() {
        let deep = format!("actors: {}", "[".repeat(100_000));
        let m = Marks::scan(&deep);
        assert_eq!(
            m.find(&Spot::SectionKey {
                section: "actors",
                occurrence: 0
            })
            .line,
            1
        );
        Marks::scan("a: [\n  b: {");
        Marks::scan("? [a, b]\n: c\nactors: [{id: x}]\n");
    }
}
