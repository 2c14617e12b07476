//! Detail's corroboration of one claim: the six trees (supports, supported by, contradicts,
//! contradicted by, qualifies, qualified by), each transitive and cut at [`DETAIL_REACH`] claims,
//! with the rows that close a cycle marked, and what backs the claim. Computed once per claim and
//! KB and kept in the [`App`], so a redraw or a key costs the rows it shows, not the claims the
//! claim reaches (a claim supported by 100k others included).
//!
//! The trees take the place of the six direct claim-to-claim relations among Detail's links:
//! their first level is those direct links, and every row is a link that Enter follows.

use super::App;
use crate::kb::{Backing, ClaimId, ClaimLink, Flag, Kb, Tree, Way};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, Weak};

/// The most claims each tree of Detail holds (the nearest first); `show` lists them all.
pub const DETAIL_REACH: usize = 500;

/// The relation names of the trees, as Detail's link groups name them, in Detail's order.
pub const TREES: [(ClaimLink, Way, &str); 6] = [
    (ClaimLink::Supports, Way::Out, "Supports"),
    (ClaimLink::Supports, Way::In, "Supported by"),
    (ClaimLink::Contradicts, Way::Out, "Contradicts"),
    (ClaimLink::Contradicts, Way::In, "Contradicted by"),
    (ClaimLink::Qualifies, Way::Out, "Qualifies"),
    (ClaimLink::Qualifies, Way::In, "Qualified by"),
];

/// One tree as Detail shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownTree {
    pub label: &'static str,
    pub tree: Tree,
    /// Whether it holds every claim reached (else it was cut at [`DETAIL_REACH`]).
    pub complete: bool,
    /// Per row: whether its claim links back (the same way) to the root or to a claim above it.
    pub cycles: Vec<bool>,
}

/// A tree row's place, for drawing it as a link of Detail.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct LinkMark {
    /// 1: linked to Detail's claim directly.
    pub depth: u32,
    /// Its claim links back to Detail's claim or to a claim above it.
    pub cycle: bool,
    /// The last row of a tree that was cut at [`DETAIL_REACH`].
    pub cut_after: bool,
}

impl ShownTree {
    /// The tree's rows as Detail's links: label, claim, place.
    pub fn marked_links(
        &self,
    ) -> impl Iterator<Item = (&'static str, crate::kb::EntityRef, Option<LinkMark>)> + '_ {
        let last = self.tree.len().saturating_sub(1);
        self.tree.rows.iter().enumerate().map(move |(i, r)| {
            let mark = LinkMark {
                depth: r.depth,
                cycle: self.cycles[i],
                cut_after: !self.complete && i == last,
            };
            (self.label, crate::kb::EntityRef::Claim(r.claim), Some(mark))
        })
    }
}

/// A claim's corroboration as Detail shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimTrees {
    pub claim: ClaimId,
    /// In [`TREES`] order, every one (empty ones too).
    pub trees: Vec<ShownTree>,
    pub backing: Backing,
    pub flags: Vec<Flag>,
}

impl ClaimTrees {
    /// Bounded: each tree walks at most [`DETAIL_REACH`] claims, the backing as many supporters.
    pub fn of(kb: &Kb, claim: ClaimId) -> ClaimTrees {
        let trees = TREES
            .iter()
            .map(|&(link, way, label)| {
                let (tree, complete) = kb.claim_tree_within(claim, link, way, DETAIL_REACH);
                let cycles = cycles(kb, claim, &tree);
                ShownTree {
                    label,
                    tree,
                    complete,
                    cycles,
                }
            })
            .collect();
        let backing = kb.backing_within(claim, DETAIL_REACH);
        let flags = kb.flags_of(claim, &backing);
        ClaimTrees {
            claim,
            trees,
            backing,
            flags,
        }
    }
}

/// Which rows of `tree` (rooted at `root`, in pre-order) link back to the root or to a claim on
/// their path from it: linear in the links of the tree's claims.
fn cycles(kb: &Kb, root: ClaimId, tree: &Tree) -> Vec<bool> {
    let mut path: Vec<ClaimId> = Vec::new();
    let mut on_path: HashSet<ClaimId> = HashSet::from([root]);
    tree.rows
        .iter()
        .map(|row| {
            // Pre-order: leave the claims deeper than this row's parent.
            while path.len() >= row.depth as usize {
                if let Some(left) = path.pop() {
                    on_path.remove(&left);
                }
            }
            path.push(row.claim);
            on_path.insert(row.claim);
            kb.claim_links(row.claim, tree.link, tree.way)
                .iter()
                .any(|t| *t != row.claim && on_path.contains(t))
        })
        .collect()
}

/// The last claim's trees, for the KB they were computed on.
#[derive(Debug, Default)]
pub struct TreeCache(Mutex<Option<(Weak<Kb>, Arc<ClaimTrees>)>>);

impl App {
    /// The corroboration Detail shows for `c`: computed on the first call for this claim and KB,
    /// then taken from the cache.
    pub fn claim_trees(&self, c: ClaimId) -> Arc<ClaimTrees> {
        let mut cache = self.trees.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((kb, trees)) = cache.as_ref()
            && trees.claim == c
            && Weak::ptr_eq(kb, &Arc::downgrade(&self.kb))
        {
            return trees.clone();
        }
        let trees = Arc::new(ClaimTrees::of(&self.kb, c));
        *cache = Some((Arc::downgrade(&self.kb), trees.clone()));
        trees
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::load_texts;
    use std::borrow::Cow;

    fn kb_of(claims: &str) -> Kb {
        let text = format!(
            "actors:\n  - id: a\n    name: A\n    kind: person\nsources:\n  - id: s\n    title: S\n\
             claims:\n{claims}"
        );
        load_texts("t", vec![("kb.yaml".into(), Cow::Owned(text))]).unwrap()
    }

    fn claim(id: &str, supports: &str) -> String {
        format!(
            "  - id: {id}\n    by: a\n    text: {id}\n    source: s\n    supports: [{supports}]\n"
        )
    }

    #[test]
    fn a_cycle_back_to_the_root_or_a_claim_above_is_marked() {
        // c0 <- c1 <- c2 <- c0 (supported by, walked from c0), and c3 supports c1 only.
        let kb = kb_of(
            &[
                claim("c0", "c2"),
                claim("c1", "c0"),
                claim("c2", "c1"),
                claim("c3", "c1"),
            ]
            .concat(),
        );
        let c0 = ClaimId(0);
        let t = ClaimTrees::of(&kb, c0);
        let by = &t.trees[1];
        assert_eq!(by.label, "Supported by");
        let ids: Vec<&str> = by.tree.claims().map(|c| kb.claim(c).id.as_str()).collect();
        assert_eq!(ids, ["c1", "c2", "c3"]);
        // c2 is supported by c0, the root: a cycle. c1 and c3 are not.
        assert_eq!(by.cycles, [false, true, false]);
        assert!(by.complete);
    }

    #[test]
    fn trees_are_cut_at_the_reach_and_say_so() {
        let mut claims = claim("root", "");
        for i in 0..DETAIL_REACH + 20 {
            claims.push_str(&claim(&format!("s{i}"), "root"));
        }
        let kb = kb_of(&claims);
        let t = ClaimTrees::of(&kb, ClaimId(0));
        assert_eq!(t.trees[1].tree.len(), DETAIL_REACH);
        assert!(!t.trees[1].complete);
        assert!(!t.backing.complete);
    }
}
