//! The problems a load collects, capped while they are collected: per file and kind of problem
//! only the first [`MAX_SHOWN_PER_KIND`] found are kept, the rest only counted. Memory is then
//! bounded by files x kinds x the cap, whatever the input: one participant repeated 200k times
//! keeps 50 problems and a counter, not 200k messages with their places and notes.

use super::validate::Problem;
use std::collections::HashMap;
use std::fmt::{self, Write};

/// The most problems of one kind printed for one file; the rest are counted, not shown, so a
/// field renamed throughout a 100k-entity file gives a screenful, not 100k messages.
pub const MAX_SHOWN_PER_KIND: usize = 50;

/// One kind of problem in one file: how many were found, and which kept problem came last.
#[derive(Debug, Clone, Copy)]
struct Slot {
    found: usize,
    last_kept: usize,
}

/// Problems in the order they were found, at most [`MAX_SHOWN_PER_KIND`] of each kind in each
/// file, with a count of all of them.
#[derive(Default)]
pub(crate) struct Problems {
    kept: Vec<Problem>,
    /// Per file, per kind (see [`kind_of`]). Nested so that a lookup borrows the kind from a
    /// reused buffer: only a kind seen for the first time in a file costs a `String`.
    slots: HashMap<u32, HashMap<String, Slot>>,
    total: usize,
    /// The kind of the problem being pushed, reused from one push to the next.
    scratch: String,
    /// Whether the last problem pushed was kept (so it may still be amended).
    last_was_kept: bool,
    /// How many problems were counted without being built, so tests can see the sites use
    /// [`Problems::count_if_capped`] with the very message they would build.
    #[cfg(test)]
    pub unbuilt: usize,
}

impl Problems {
    /// A collector holding just `p`.
    pub fn one(p: Problem) -> Self {
        let mut ps = Problems::default();
        ps.push(p);
        ps
    }

    /// Counts `p`, and keeps it if fewer than [`MAX_SHOWN_PER_KIND`] of its kind in its file
    /// were kept before it.
    pub fn push(&mut self, p: Problem) {
        self.push_counted(p, 1);
    }

    /// Pushes `p` standing for `found` problems of its kind (itself and `found - 1` dropped
    /// after it), as when merging another collector.
    fn push_counted(&mut self, p: Problem, found: usize) {
        self.total += found;
        kind_of(&p.message, &mut self.scratch);
        let per_file = self.slots.entry(p.file).or_default();
        let slot = match per_file.get_mut(self.scratch.as_str()) {
            Some(slot) => slot,
            None => per_file.entry(self.scratch.clone()).or_insert(Slot {
                found: 0,
                last_kept: usize::MAX,
            }),
        };
        let keep = slot.found < MAX_SHOWN_PER_KIND;
        slot.found += found;
        if keep {
            slot.last_kept = self.kept.len();
            self.kept.push(p);
        }
        self.last_was_kept = keep;
    }

    /// Counts a problem whose message `message` would format to, without it being built, when
    /// as many of its kind in `file` are kept as will be: then the caller builds nothing (no
    /// message, label or help for the 200,000th repeat) and gets `true`. Otherwise `false`, and
    /// the caller pushes the problem as usual.
    pub fn count_if_capped(&mut self, file: u32, message: fmt::Arguments) -> bool {
        self.scratch.clear();
        // Writing into a String cannot fail.
        let _ = KindWriter::new(&mut self.scratch).write_fmt(message);
        let slot = self
            .slots
            .get_mut(&file)
            .and_then(|per_file| per_file.get_mut(self.scratch.as_str()));
        match slot {
            Some(slot) if slot.found >= MAX_SHOWN_PER_KIND => {
                slot.found += 1;
                self.total += 1;
                #[cfg(test)]
                {
                    self.unbuilt += 1;
                }
                self.last_was_kept = false;
                true
            }
            _ => false,
        }
    }

    /// The problem just pushed, when it was kept: to amend it.
    pub fn last_pushed_mut(&mut self) -> Option<&mut Problem> {
        if self.last_was_kept {
            self.kept.last_mut()
        } else {
            None
        }
    }

    /// Adds `other`'s problems after this one's, as if they had been pushed here in their order.
    pub fn extend(&mut self, other: Problems) {
        #[cfg(test)]
        {
            self.unbuilt += other.unbuilt;
        }
        // How many of each kept problem's kind were found after it in `other`: the last kept
        // of a kind carries the dropped rest.
        let mut extra = vec![0usize; other.kept.len()];
        for per_file in other.slots.values() {
            for slot in per_file.values() {
                extra[slot.last_kept] = slot.found - kept_of(slot.found);
            }
        }
        for (p, more) in other.kept.into_iter().zip(extra) {
            self.push_counted(p, 1 + more);
        }
    }

    /// How many problems were found, kept or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many problems are kept: at most files x kinds x [`MAX_SHOWN_PER_KIND`].
    #[cfg(test)]
    pub fn kept(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The kept problems in the order found, each with how many more of its kind were found and
    /// dropped (non-zero only on the last kept of its kind).
    pub fn into_shown(self) -> Vec<(Problem, usize)> {
        let mut more = vec![0usize; self.kept.len()];
        for per_file in self.slots.values() {
            for slot in per_file.values() {
                more[slot.last_kept] = slot.found - kept_of(slot.found);
            }
        }
        self.kept.into_iter().zip(more).collect()
    }
}

/// The problems kept and the count, without the bookkeeping (whose map order varies by run).
impl fmt::Debug for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Problems")
            .field("kept", &self.kept)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

/// How many of `found` problems of one kind are kept.
fn kept_of(found: usize) -> usize {
    found.min(MAX_SHOWN_PER_KIND)
}

/// What makes two problems "alike", written into `out`: the message with its quoted parts and
/// numbers left out, so "unknown field `knid` in actor `a1`" and "... `knid` in actor `a2`" are
/// one kind.
fn kind_of(message: &str, out: &mut String) {
    out.clear();
    // Writing into a String cannot fail.
    let _ = KindWriter::new(out).write_str(message);
}

/// Writes the kind of what is written to it: quoted parts and digits left out.
struct KindWriter<'a> {
    out: &'a mut String,
    quoted: bool,
}

impl<'a> KindWriter<'a> {
    fn new(out: &'a mut String) -> Self {
        KindWriter { out, quoted: false }
    }
}

impl Write for KindWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            match c {
                '`' => {
                    self.quoted = !self.quoted;
                    self.out.push(c);
                }
                _ if self.quoted || c.is_ascii_digit() => {}
                _ => self.out.push(c),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::locate::Spot;

    fn problem(file: u32, message: &str) -> Problem {
        Problem::new(file, Spot::File, message)
    }

    fn unknown(file: u32, n: usize) -> Problem {
        problem(file, &format!("unknown field `knid` in actor `a{n}`"))
    }

    #[test]
    fn keeps_the_first_fifty_of_a_kind_and_counts_the_rest() {
        let mut ps = Problems::default();
        for i in 0..1000 {
            ps.push(unknown(0, i));
            // Amending works exactly for the kept ones.
            assert_eq!(ps.last_pushed_mut().is_some(), i < MAX_SHOWN_PER_KIND);
        }
        ps.push(problem(0, "the file is empty"));
        assert_eq!(ps.total(), 1001);
        assert_eq!(ps.kept(), MAX_SHOWN_PER_KIND + 1);
        let shown = ps.into_shown();
        let messages: Vec<&str> = shown.iter().map(|(p, _)| p.message.as_str()).collect();
        assert_eq!(messages[0], "unknown field `knid` in actor `a0`");
        assert_eq!(messages[49], "unknown field `knid` in actor `a49`");
        assert_eq!(messages[50], "the file is empty");
        let more: Vec<usize> = shown.iter().map(|(_, m)| *m).collect();
        assert_eq!(more[49], 950);
        assert_eq!(more.iter().sum::<usize>(), 950);
    }

    #[test]
    fn counting_a_capped_kind_unbuilt_equals_pushing_it() {
        let (mut pushed, mut counted) = (Problems::default(), Problems::default());
        for i in 0..80 {
            pushed.push(unknown(0, i));
            let id = format!("a{i}");
            if !counted.count_if_capped(
                0,
                format_args!("unknown field `{}` in actor `{id}`", "knid"),
            ) {
                counted.push(unknown(0, i));
            }
            assert_eq!(counted.kept(), pushed.kept());
        }
        assert_eq!(counted.total(), 80);
        assert_eq!(counted.unbuilt, 30);
        // Another kind, or another file, is not capped.
        assert!(!counted.count_if_capped(0, format_args!("the file is empty")));
        assert!(!counted.count_if_capped(1, format_args!("unknown field `x` in actor `a`")));
        let more = |ps: Problems| ps.into_shown().iter().map(|(_, m)| *m).sum::<usize>();
        assert_eq!(more(counted), more(pushed));
    }

    #[test]
    fn kinds_are_counted_per_file() {
        let mut ps = Problems::default();
        for i in 0..60 {
            ps.push(unknown(0, i));
            ps.push(unknown(1, i));
        }
        assert_eq!(ps.kept(), 100);
        let shown = ps.into_shown();
        assert_eq!(shown.iter().filter(|(_, m)| *m == 10).count(), 2);
    }

    #[test]
    fn extending_equals_pushing_in_order() {
        let messages = |ps: Problems| -> Vec<(String, usize)> {
            ps.into_shown()
                .into_iter()
                .map(|(p, m)| (p.message, m))
                .collect()
        };
        let (mut direct, mut first, mut second) = (
            Problems::default(),
            Problems::default(),
            Problems::default(),
        );
        for i in 0..70 {
            direct.push(unknown(0, i));
            first.push(unknown(0, i));
        }
        for i in 70..200 {
            direct.push(unknown(0, i));
            second.push(unknown(0, i));
            direct.push(unknown(1, i));
            second.push(unknown(1, i));
        }
        first.extend(second);
        assert_eq!(first.total(), direct.total());
        assert_eq!(messages(first), messages(direct));
    }
}
