//! The contested-claims board: every cluster of claims joined by supports / contradicts /
//! qualifies, each claim on a side, strongest first, flagged clusters first. Computed on request
//! from the model, linear in the KB: a union-find over the claim links finds the clusters, then
//! each claim shown costs a walk of at most [`BOARD_REACH`] supporting claims.

use super::corroboration::{BOARD_REACH, BoardClaim, ClaimLink, Cluster, Side, Stance, Way};
use super::model::*;
use super::{ClaimScope, EntityRef, Kb};
use std::collections::{HashMap, HashSet, VecDeque};

/// Union-find over claim positions, with path halving.
struct Sets(Vec<u32>);

impl Sets {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let up = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = up;
            x = up;
        }
        x
    }
    fn join(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b) as usize] = a.min(b);
        }
    }
}

/// Where a claim sits within its cluster: its block (claims joined by supports / contradicts)
/// and which half of the block.
#[derive(Copy, Clone)]
struct Mark {
    block: usize,
    flipped: bool,
}

impl Kb {
    /// Every group of two or more claims joined by supports / contradicts / qualifies, each in KB
    /// order, groups in the order of their first claim.
    pub fn claim_components(&self) -> Vec<Vec<ClaimId>> {
        let n = self.claims.len();
        let mut sets = Sets((0..n as u32).collect());
        for (i, c) in self.claims.iter().enumerate() {
            for t in c.supports.iter().chain(&c.contradicts).chain(&c.qualifies) {
                sets.join(i as u32, t.0);
            }
        }
        let roots: Vec<u32> = (0..n as u32).map(|i| sets.find(i)).collect();
        let mut size = vec![0u32; n];
        for r in &roots {
            size[*r as usize] += 1;
        }
        let mut slot: HashMap<u32, usize> = HashMap::new();
        let mut groups: Vec<Vec<ClaimId>> = Vec::new();
        for (i, r) in roots.iter().enumerate() {
            if size[*r as usize] < 2 {
                continue;
            }
            let at = *slot.entry(*r).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[at].push(ClaimId(i as u32));
        }
        groups
    }

    /// The contested-claims board, narrowed to the clusters holding a claim of `scope` (made by
    /// or about an actor, or at a meeting) when given. Flagged clusters first, then those with
    /// contradictions, then larger ones.
    pub fn contested_clusters(&self, scope: Option<ClaimScope>) -> Vec<Cluster> {
        let wanted: Option<HashSet<ClaimId>> = scope.map(|s| {
            self.claims_in(s)
                .into_iter()
                .filter_map(|e| match e {
                    EntityRef::Claim(c) => Some(c),
                    _ => None,
                })
                .collect()
        });
        let mut clusters: Vec<Cluster> = self
            .claim_components()
            .into_iter()
            .filter(|g| {
                wanted
                    .as_ref()
                    .is_none_or(|w| g.iter().any(|c| w.contains(c)))
            })
            .map(|g| self.cluster(&g))
            .collect();
        clusters.sort_by_cached_key(|c| {
            let first = c.claims().next().map(|b| self.claim(b.claim).id.clone());
            (
                c.flag_count == 0,
                !c.is_contested(),
                std::cmp::Reverse(c.len()),
                first,
            )
        });
        clusters
    }

    /// Splits a cluster's claims into blocks joined by supports (same half) and contradicts
    /// (other half); says whether some contradiction falls within one half.
    fn blocks(&self, members: &[ClaimId]) -> (HashMap<ClaimId, Mark>, bool) {
        let mut marks: HashMap<ClaimId, Mark> = HashMap::with_capacity(members.len());
        let mut inconsistent = false;
        let mut blocks = 0;
        for &start in members {
            if marks.contains_key(&start) {
                continue;
            }
            marks.insert(
                start,
                Mark {
                    block: blocks,
                    flipped: false,
                },
            );
            let mut queue = VecDeque::from([start]);
            while let Some(c) = queue.pop_front() {
                let here = marks[&c];
                for (link, flips) in [(ClaimLink::Supports, false), (ClaimLink::Contradicts, true)]
                {
                    for way in [Way::Out, Way::In] {
                        for &next in self.claim_links(c, link, way) {
                            let want = here.flipped ^ flips;
                            match marks.get(&next) {
                                Some(m) => inconsistent |= m.flipped != want,
                                None => {
                                    marks.insert(
                                        next,
                                        Mark {
                                            block: blocks,
                                            flipped: want,
                                        },
                                    );
                                    queue.push_back(next);
                                }
                            }
                        }
                    }
                }
            }
            blocks += 1;
        }
        (marks, inconsistent)
    }

    /// Whether a claim only qualifies others: it names claims it qualifies, and neither supports
    /// nor contradicts anything, nor is supported or contradicted.
    fn only_qualifies(&self, c: ClaimId) -> bool {
        !self.claim(c).qualifies.is_empty()
            && [ClaimLink::Supports, ClaimLink::Contradicts]
                .iter()
                .all(|l| {
                    [Way::Out, Way::In]
                        .iter()
                        .all(|w| self.claim_links(c, *l, *w).is_empty())
                })
    }

    /// One cluster of the board.
    fn cluster(&self, members: &[ClaimId]) -> Cluster {
        let mut shown: Vec<BoardClaim> = members
            .iter()
            .map(|&c| {
                let backing = self.backing_within(c, BOARD_REACH);
                BoardClaim {
                    claim: c,
                    independent_sources: backing.independent,
                    sources_complete: backing.complete,
                    flags: self.flags_of(c, &backing),
                }
            })
            .collect();
        shown.sort_by(|a, b| {
            self.strength_key(a.claim, a.independent_sources)
                .cmp(&self.strength_key(b.claim, b.independent_sources))
        });
        let (marks, inconsistent) = self.blocks(members);
        // The anchor is the strongest claim that stands for something itself: a claim that only
        // qualifies others is a comment on the contest, not a side of it.
        let anchor = shown
            .iter()
            .find(|b| !self.only_qualifies(b.claim))
            .or(shown.first())
            .map(|b| marks[&b.claim]);
        let stance = |c: ClaimId| match anchor {
            Some(a) if marks[&c].block == a.block => {
                if marks[&c].flipped == a.flipped {
                    Stance::Main
                } else {
                    Stance::Opposed
                }
            }
            _ => Stance::Qualifying,
        };
        let mut sides: Vec<Side> = Vec::new();
        for want in [Stance::Main, Stance::Opposed, Stance::Qualifying] {
            let claims: Vec<BoardClaim> = shown
                .iter()
                .filter(|b| stance(b.claim) == want)
                .cloned()
                .collect();
            if !claims.is_empty() {
                sides.push(Side {
                    stance: want,
                    claims,
                });
            }
        }
        Cluster {
            flag_count: shown.iter().map(|b| b.flags.len()).sum(),
            sides,
            inconsistent,
        }
    }
}
