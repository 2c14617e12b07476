//! Corroboration: how claims bear on each other and how far each one can be trusted, computed from
//! the model on request (nothing here runs at load, so loading costs the same with or without it).
//!
//! - [`Kb::corroboration`]: for one claim, the claims that support, contradict or qualify it, and
//!   that it supports, contradicts or qualifies, transitively, as trees; the number of independent
//!   sources behind it; and its [`Flag`]s. Linear in the claims reached.
//! - [`Kb::contested_clusters`]: every cluster of claims joined by supports / contradicts /
//!   qualifies, each claim placed on a side, strongest first, flagged clusters first. Linear in the
//!   KB (a union-find over the claim links, and a bounded walk per claim shown).
//!
//! Independence: a source counts once per publisher and once per relay chain. Two outlets relaying
//! the same "foreign media" share one [`Provenance`], so they count once.

use super::Kb;
use super::model::*;
use std::collections::{HashSet, VecDeque};

/// How one claim bears on another.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimLink {
    Supports,
    Contradicts,
    Qualifies,
}

/// Which way a link is followed: from the claim to the claims it names (`Out`: "supports"), or
/// from the claims that name it (`In`: "supported by").
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Way {
    Out,
    In,
}

impl ClaimLink {
    pub const ALL: [ClaimLink; 3] = [
        ClaimLink::Supports,
        ClaimLink::Contradicts,
        ClaimLink::Qualifies,
    ];

    /// The relation as read from the claim: `supports`, `supported by`, ...
    pub fn label(self, way: Way) -> &'static str {
        match (self, way) {
            (ClaimLink::Supports, Way::Out) => "supports",
            (ClaimLink::Supports, Way::In) => "supported by",
            (ClaimLink::Contradicts, Way::Out) => "contradicts",
            (ClaimLink::Contradicts, Way::In) => "contradicted by",
            (ClaimLink::Qualifies, Way::Out) => "qualifies",
            (ClaimLink::Qualifies, Way::In) => "qualified by",
        }
    }
}

/// One claim in a [`Tree`], in pre-order: `depth` 1 is linked to the root directly.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct TreeRow {
    pub claim: ClaimId,
    pub depth: u32,
    /// The row this one hangs under (`None` for depth 1).
    pub parent: Option<usize>,
}

/// The claims reached from a root claim by one link followed one way, transitively. Each claim
/// appears once, at its shortest distance from the root; a cycle back to a claim already shown
/// (the root included) is not followed again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    pub link: ClaimLink,
    pub way: Way,
    pub rows: Vec<TreeRow>,
}

impl Tree {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    /// The relation name: `supported by`, ...
    pub fn label(&self) -> &'static str {
        self.link.label(self.way)
    }
    pub fn claims(&self) -> impl Iterator<Item = ClaimId> + '_ {
        self.rows.iter().map(|r| r.claim)
    }
}

/// Where a source's information comes from, for counting independent sources: the relay chain
/// when it has one (`relayed_by`, else its `via` words, folded), else its publisher, else itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provenance {
    Relay(Vec<ActorId>),
    Via(String),
    Publisher(ActorId),
    Alone(SourceId),
}

/// A problem worth an analyst's attention.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    /// `confirmed`, but only by its own speaker (its source published by the speaker, or every
    /// supporting claim said by the speaker).
    OwnSpeakerOnly,
    /// `confirmed` on one independent source.
    SingleSource,
    /// `confirmed`, and contradicts (or is contradicted by) this claim, also `confirmed`.
    ConfirmedContradiction(ClaimId),
    /// The grade's reliability letter is better than the source's own `reliability`.
    GradeAboveSource {
        grade: Grade,
        reliability: Reliability,
    },
    /// An `assessment` without a grade.
    UngradedAssessment,
}

impl Flag {
    /// A stable keyword for JSON and filters: `single-source`, ...
    pub fn code(self) -> &'static str {
        match self {
            Flag::OwnSpeakerOnly => "own-speaker-only",
            Flag::SingleSource => "single-source",
            Flag::ConfirmedContradiction(_) => "confirmed-contradiction",
            Flag::GradeAboveSource { .. } => "grade-above-source",
            Flag::UngradedAssessment => "ungraded-assessment",
        }
    }

    /// The problem in words (KB ids included; neutralise on the way out).
    pub fn describe(self, kb: &Kb) -> String {
        match self {
            Flag::OwnSpeakerOnly => "confirmed only by its own speaker".into(),
            Flag::SingleSource => "confirmed by a single independent source".into(),
            Flag::ConfirmedContradiction(c) => format!(
                "confirmed, yet contradicted by `{}`, also confirmed",
                kb.claim(c).id
            ),
            Flag::GradeAboveSource { grade, reliability } => {
                format!("graded {grade}, better than its source's reliability {reliability}")
            }
            Flag::UngradedAssessment => "an assessment without a grade".into(),
        }
    }
}

/// Everything known about how far one claim is corroborated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corroboration {
    pub claim: ClaimId,
    /// Six trees: supports, supported by, contradicts, contradicted by, qualifies, qualified by.
    pub trees: Vec<Tree>,
    /// The sources behind the claim: its own, then those of the claims supporting it
    /// (transitively), each once.
    pub sources: Vec<SourceId>,
    /// How many of `sources` are independent of each other (see [`Provenance`]).
    pub independent_sources: usize,
    pub flags: Vec<Flag>,
}

impl Corroboration {
    /// The tree for one link followed one way.
    pub fn tree(&self, link: ClaimLink, way: Way) -> &Tree {
        self.trees
            .iter()
            .find(|t| t.link == link && t.way == way)
            .expect("every link and way has a tree")
    }
}

/// What backs a claim: its sources and how many are independent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backing {
    pub sources: Vec<SourceId>,
    pub independent: usize,
    /// Whether every supporting claim was reached (a bounded walk may stop early; the count is
    /// then a lower bound).
    pub complete: bool,
    own_speaker_only: bool,
}

/// Order of trust among statuses, best first.
fn status_rank(s: ClaimStatus) -> u8 {
    match s {
        ClaimStatus::Confirmed => 0,
        ClaimStatus::Reported => 1,
        ClaimStatus::Disputed => 2,
        ClaimStatus::Denied => 3,
        ClaimStatus::Retracted => 4,
    }
}

impl Kb {
    /// The claims `c` links to by `link` (`Out`), or that link to `c` (`In`).
    pub fn claim_links(&self, c: ClaimId, link: ClaimLink, way: Way) -> &[ClaimId] {
        let claim = self.claim(c);
        let l = &self.links;
        match (link, way) {
            (ClaimLink::Supports, Way::Out) => &claim.supports,
            (ClaimLink::Supports, Way::In) => l.claim_supported_by.get(c.index()),
            (ClaimLink::Contradicts, Way::Out) => &claim.contradicts,
            (ClaimLink::Contradicts, Way::In) => l.claim_contradicted_by.get(c.index()),
            (ClaimLink::Qualifies, Way::Out) => &claim.qualifies,
            (ClaimLink::Qualifies, Way::In) => l.claim_qualified_by.get(c.index()),
        }
    }

    /// Breadth-first walk from `root` along one link, at most `budget` claims: each claim once
    /// with its parent's position and depth, and whether the walk reached everything.
    fn reach(
        &self,
        root: ClaimId,
        link: ClaimLink,
        way: Way,
        budget: usize,
    ) -> (Vec<(ClaimId, Option<usize>, u32)>, bool) {
        let mut seen: HashSet<ClaimId> = HashSet::from([root]);
        let mut out: Vec<(ClaimId, Option<usize>, u32)> = Vec::new();
        let mut queue: VecDeque<(Option<usize>, ClaimId, u32)> = VecDeque::from([(None, root, 0)]);
        while let Some((at, c, depth)) = queue.pop_front() {
            for &next in self.claim_links(c, link, way) {
                if !seen.insert(next) {
                    continue;
                }
                if out.len() == budget {
                    return (out, false);
                }
                out.push((next, at, depth + 1));
                queue.push_back((Some(out.len() - 1), next, depth + 1));
            }
        }
        (out, true)
    }

    /// The tree of claims reached from `root` along `link` followed `way`, in pre-order.
    pub fn claim_tree(&self, root: ClaimId, link: ClaimLink, way: Way) -> Tree {
        self.claim_tree_within(root, link, way, usize::MAX).0
    }

    /// As [`Kb::claim_tree`], with at most `budget` claims (the nearest, breadth first), and
    /// whether it holds every claim reached.
    pub fn claim_tree_within(
        &self,
        root: ClaimId,
        link: ClaimLink,
        way: Way,
        budget: usize,
    ) -> (Tree, bool) {
        let (bfs, complete) = self.reach(root, link, way, budget);
        // Children lists over breadth-first positions, then an iterative pre-order walk: linear.
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); bfs.len()];
        let mut tops = Vec::new();
        for (i, (_, parent, _)) in bfs.iter().enumerate() {
            match parent {
                Some(p) => children[*p].push(i),
                None => tops.push(i),
            }
        }
        let mut rows = Vec::with_capacity(bfs.len());
        let mut stack: Vec<(usize, Option<usize>)> =
            tops.iter().rev().map(|&i| (i, None)).collect();
        while let Some((i, parent_row)) = stack.pop() {
            let (claim, _, depth) = bfs[i];
            rows.push(TreeRow {
                claim,
                depth,
                parent: parent_row,
            });
            let row = rows.len() - 1;
            stack.extend(children[i].iter().rev().map(|&k| (k, Some(row))));
        }
        (Tree { link, way, rows }, complete)
    }

    /// Where a source's information comes from, for counting independent sources.
    pub fn provenance(&self, s: SourceId) -> Provenance {
        let src = self.source(s);
        if !src.relayed_by.is_empty() {
            return Provenance::Relay(src.relayed_by.clone());
        }
        if let Some(via) = src.via.as_deref().filter(|v| !v.trim().is_empty()) {
            let words: Vec<String> = via.split_whitespace().map(str::to_lowercase).collect();
            return Provenance::Via(words.join(" "));
        }
        match src.publisher {
            Some(p) => Provenance::Publisher(p),
            None => Provenance::Alone(s),
        }
    }

    /// What backs `c`: its own source and those of `supporters`.
    fn backing(&self, c: ClaimId, supporters: &[ClaimId], complete: bool) -> Backing {
        let claim = self.claim(c);
        let mut seen = HashSet::new();
        let sources: Vec<SourceId> = std::iter::once(claim.source)
            .chain(supporters.iter().map(|s| self.claim(*s).source))
            .filter(|s| seen.insert(*s))
            .collect();
        let independent = sources
            .iter()
            .map(|s| self.provenance(*s))
            .collect::<HashSet<_>>()
            .len();
        let own_source = self.source(claim.source).publisher == Some(claim.by);
        let own_supporters = supporters.iter().all(|s| self.claim(*s).by == claim.by);
        Backing {
            sources,
            independent,
            complete,
            own_speaker_only: own_supporters && (own_source || !supporters.is_empty()),
        }
    }

    /// What backs `c`, walking at most `budget` supporting claims.
    pub fn backing_within(&self, c: ClaimId, budget: usize) -> Backing {
        let (reached, complete) = self.reach(c, ClaimLink::Supports, Way::In, budget);
        let supporters: Vec<ClaimId> = reached.into_iter().map(|(s, _, _)| s).collect();
        self.backing(c, &supporters, complete)
    }

    /// The problems with `c`, given what backs it.
    pub fn flags_of(&self, c: ClaimId, backing: &Backing) -> Vec<Flag> {
        let claim = self.claim(c);
        let mut flags = Vec::new();
        if claim.status == ClaimStatus::Confirmed {
            if backing.own_speaker_only {
                flags.push(Flag::OwnSpeakerOnly);
            } else if backing.independent <= 1 {
                flags.push(Flag::SingleSource);
            }
            let mut others: Vec<ClaimId> = [Way::Out, Way::In]
                .iter()
                .flat_map(|w| self.claim_links(c, ClaimLink::Contradicts, *w))
                .copied()
                .filter(|o| *o != c && self.claim(*o).status == ClaimStatus::Confirmed)
                .collect();
            others.sort_unstable();
            others.dedup();
            flags.extend(others.into_iter().map(Flag::ConfirmedContradiction));
        }
        if let (Some(grade), Some(reliability)) =
            (claim.grade, self.source(claim.source).reliability)
            && grade.reliability < reliability
        {
            flags.push(Flag::GradeAboveSource { grade, reliability });
        }
        if claim.mode == ClaimMode::Assessment && claim.grade.is_none() {
            flags.push(Flag::UngradedAssessment);
        }
        flags
    }

    /// Everything about how far `c` is corroborated. Linear in the claims reached.
    pub fn corroboration(&self, c: ClaimId) -> Corroboration {
        let mut trees = Vec::with_capacity(6);
        for link in ClaimLink::ALL {
            for way in [Way::Out, Way::In] {
                trees.push(self.claim_tree(c, link, way));
            }
        }
        let supporters: Vec<ClaimId> = trees
            .iter()
            .find(|t| t.link == ClaimLink::Supports && t.way == Way::In)
            .map(|t| t.claims().collect())
            .unwrap_or_default();
        let backing = self.backing(c, &supporters, true);
        let flags = self.flags_of(c, &backing);
        Corroboration {
            claim: c,
            trees,
            sources: backing.sources,
            independent_sources: backing.independent,
            flags,
        }
    }

    /// How strong a claim is, for ordering (smaller is stronger): status, then grade (ungraded
    /// last), then more independent sources, then id.
    pub fn strength_key(
        &self,
        c: ClaimId,
        independent: usize,
    ) -> (u8, (bool, Option<Grade>), std::cmp::Reverse<usize>, &str) {
        let claim = self.claim(c);
        (
            status_rank(claim.status),
            (claim.grade.is_none(), claim.grade),
            std::cmp::Reverse(independent),
            claim.id.as_str(),
        )
    }
}

/// The side of a cluster a claim stands on.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stance {
    /// With the cluster's strongest claim (and what supports it).
    Main,
    /// Against it: contradicts the main side.
    Opposed,
    /// Joined to the others only by `qualifies` (qualifying them, or qualified by them).
    Qualifying,
}

impl Stance {
    pub fn label(self) -> &'static str {
        match self {
            Stance::Main => "Side A",
            Stance::Opposed => "Side B (contradicts side A)",
            Stance::Qualifying => "Qualifications",
        }
    }
}

/// One claim on the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardClaim {
    pub claim: ClaimId,
    pub independent_sources: usize,
    /// False when the walk over supporting claims stopped at [`BOARD_REACH`]: the count is then
    /// "at least".
    pub sources_complete: bool,
    pub flags: Vec<Flag>,
}

/// The claims of one side of a cluster, strongest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    pub stance: Stance,
    pub claims: Vec<BoardClaim>,
}

/// A set of claims joined by supports / contradicts / qualifies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// Non-empty sides in [`Stance`] order.
    pub sides: Vec<Side>,
    /// How many flags its claims carry.
    pub flag_count: usize,
    /// Whether its contradictions cannot be split in two sides (A contradicts B contradicts C
    /// contradicts A).
    pub inconsistent: bool,
}

impl Cluster {
    pub fn len(&self) -> usize {
        self.sides.iter().map(|s| s.claims.len()).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Whether claims in it contradict each other.
    pub fn is_contested(&self) -> bool {
        self.inconsistent || self.sides.iter().any(|s| s.stance == Stance::Opposed)
    }
    pub fn claims(&self) -> impl Iterator<Item = &BoardClaim> {
        self.sides.iter().flat_map(|s| s.claims.iter())
    }
}

/// How many supporting claims the board walks per claim to count its independent sources: enough
/// to rank claims, and it keeps the board linear on a claim supported by 100k others.
pub const BOARD_REACH: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{ClaimScope, EntityRef, load_texts};
    use std::borrow::Cow;
    use std::fmt::Write as _;

    pub(crate) fn kb_of(text: &str) -> Kb {
        load_texts("t", vec![("t.yaml".into(), Cow::Owned(text.into()))])
            .unwrap_or_else(|e| panic!("{}", e.render()))
    }

    /// Two outlets relaying the same wire, one reporting directly, and a speaker's own channel.
    pub(crate) const BASE: &str = "actors:
  - {id: a, name: Speaker A, kind: person}
  - {id: b, name: Speaker B, kind: person}
  - {id: one, name: Outlet One, kind: media}
  - {id: two, name: Outlet Two, kind: media}
  - {id: wire, name: Foreign media, kind: anonymous}
sources:
  - {id: s1, title: S1, publisher: one, via: foreign media, relayed_by: [wire], reliability: C}
  - {id: s2, title: S2, publisher: two, via: foreign media, relayed_by: [wire]}
  - {id: s3, title: S3, publisher: two}
  - {id: s4, title: S4, publisher: a}
  - {id: s5, title: S5, publisher: one, via: Foreign   Media}
  - {id: s6, title: S6, publisher: two, via: foreign media}
claims:
";

    fn claim(id: &str, extra: &str) -> String {
        format!("  - {{id: {id}, text: T {id}, by: a, source: s3{extra}}}\n")
    }

    fn id(kb: &Kb, s: &str) -> ClaimId {
        match kb.lookup(s) {
            Some(EntityRef::Claim(c)) => c,
            other => panic!("{s}: {other:?}"),
        }
    }

    fn rows(kb: &Kb, t: &Tree) -> Vec<(String, u32)> {
        t.rows
            .iter()
            .map(|r| (kb.claim(r.claim).id.clone(), r.depth))
            .collect()
    }

    #[test]
    fn trees_run_both_ways_transitively_and_stop_at_cycles() {
        let mut y = BASE.to_string();
        y += &claim("c1", ", supports: [c2]");
        y += &claim("c2", ", supports: [c3, c4]");
        y += &claim("c3", ", supports: [c1]");
        y += &claim("c4", ", qualifies: [c1]");
        let kb = kb_of(&y);
        let co = kb.corroboration(id(&kb, "c1"));
        let s = |t: &str, d| (t.to_string(), d);
        assert_eq!(
            rows(&kb, co.tree(ClaimLink::Supports, Way::Out)),
            [s("c2", 1), s("c3", 2), s("c4", 2)]
        );
        assert_eq!(
            rows(&kb, co.tree(ClaimLink::Supports, Way::In)),
            [s("c3", 1), s("c2", 2)]
        );
        assert_eq!(
            rows(&kb, co.tree(ClaimLink::Qualifies, Way::In)),
            [s("c4", 1)]
        );
        assert!(co.tree(ClaimLink::Contradicts, Way::Out).is_empty());
        let t = co.tree(ClaimLink::Supports, Way::Out);
        assert_eq!(t.rows[0].parent, None);
        assert_eq!(t.rows[1].parent, Some(0));
        assert_eq!(t.rows[2].parent, Some(0));
        assert_eq!(t.label(), "supports");
    }

    #[test]
    fn a_claim_supported_by_many_or_by_a_long_chain_is_reached_once_each() {
        let mut y = BASE.to_string();
        y += &claim("hub", "");
        for i in 0..3000 {
            y += &claim(&format!("f{i}"), ", supports: [hub]");
        }
        for i in 0..3000 {
            let next = if i == 0 {
                "hub".to_string()
            } else {
                format!("l{}", i - 1)
            };
            y += &claim(&format!("l{i}"), &format!(", supports: [{next}]"));
        }
        let kb = kb_of(&y);
        let co = kb.corroboration(id(&kb, "hub"));
        let t = co.tree(ClaimLink::Supports, Way::In);
        assert_eq!(t.len(), 6000);
        assert_eq!(t.rows.iter().map(|r| r.depth).max(), Some(3000));
        // Every supporter reports in s3: one source, whatever their number.
        assert_eq!(co.sources.len(), 1);
        assert_eq!(co.independent_sources, 1);
        let bounded = kb.backing_within(id(&kb, "hub"), BOARD_REACH);
        assert!(!bounded.complete);
        assert!(kb.backing_within(id(&kb, "l2999"), BOARD_REACH).complete);
    }

    #[test]
    fn sources_count_once_per_publisher_and_once_per_relay_chain() {
        let mut y = BASE.to_string();
        y += "  - {id: x, text: X, by: b, source: s1}\n";
        y += "  - {id: y1, text: Y, by: b, source: s2, supports: [x]}\n";
        y += "  - {id: y2, text: Y, by: b, source: s3, supports: [x]}\n";
        let kb = kb_of(&y);
        let co = kb.corroboration(id(&kb, "x"));
        assert_eq!(co.sources.len(), 3);
        // s1 and s2 both come through the wire: one; s3 is Outlet Two's own: two.
        assert_eq!(co.independent_sources, 2);
        let src = |s: &str| match kb.lookup(s) {
            Some(EntityRef::Source(s)) => s,
            _ => unreachable!(),
        };
        assert_eq!(kb.provenance(src("s5")), kb.provenance(src("s6")));
        assert_eq!(
            kb.provenance(src("s5")),
            Provenance::Via("foreign media".into())
        );
        assert_ne!(kb.provenance(src("s3")), kb.provenance(src("s4")));
    }

    #[test]
    fn flags_name_each_problem() {
        let mut y = BASE.to_string();
        y += "  - {id: lone, text: L, by: b, source: s3, status: confirmed, grade: C2}\n";
        y += "  - {id: own, text: O, by: a, source: s4, status: confirmed, grade: C2}\n";
        y += "  - {id: p, text: P, by: b, source: s3, status: confirmed, grade: C2}\n";
        y += "  - {id: q, text: Q, by: a, source: s1, status: confirmed, grade: C2, contradicts: [p]}\n";
        y += "  - {id: high, text: H, by: b, source: s1, grade: A2}\n";
        y += "  - {id: same, text: S, by: b, source: s1, grade: C2}\n";
        y += "  - {id: guess, text: G, by: b, source: s3, mode: assessment}\n";
        y += "  - {id: backed, text: B, by: b, source: s3, status: confirmed, grade: C2}\n";
        y += "  - {id: b2, text: B, by: a, source: s1, supports: [backed]}\n";
        let kb = kb_of(&y);
        let flags = |s: &str| kb.corroboration(id(&kb, s)).flags;
        assert_eq!(flags("lone"), [Flag::SingleSource]);
        assert_eq!(flags("own"), [Flag::OwnSpeakerOnly]);
        let (p, q) = (id(&kb, "p"), id(&kb, "q"));
        assert_eq!(
            flags("p"),
            [Flag::SingleSource, Flag::ConfirmedContradiction(q)]
        );
        assert_eq!(
            flags("q"),
            [Flag::SingleSource, Flag::ConfirmedContradiction(p)]
        );
        let g = flags("high");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].code(), "grade-above-source");
        assert!(g[0].describe(&kb).contains("A2") && g[0].describe(&kb).contains(" C"));
        assert!(flags("same").is_empty(), "same letter is not better");
        assert_eq!(flags("guess"), [Flag::UngradedAssessment]);
        assert!(flags("backed").is_empty(), "two independent sources");
    }

    #[test]
    fn clusters_put_claims_on_sides_and_flagged_ones_first() {
        let mut y = BASE.to_string();
        y += "  - {id: m1, text: M, by: a, source: s3, status: reported, grade: B2}\n";
        y += "  - {id: m2, text: M, by: a, source: s1, grade: C3, supports: [m1]}\n";
        y += "  - {id: o1, text: O, by: b, source: s3, grade: D4, contradicts: [m1]}\n";
        y += "  - {id: o2, text: O, by: b, source: s3, grade: E5, supports: [o1]}\n";
        y += "  - {id: k1, text: K, by: b, source: s3, grade: A1, qualifies: [m2]}\n";
        y += "  - {id: f1, text: F, by: b, source: s3, mode: assessment}\n";
        y += "  - {id: f2, text: F, by: b, source: s3, supports: [f1]}\n";
        y += "  - {id: alone, text: A, by: b, source: s3}\n";
        let kb = kb_of(&y);
        let board = kb.contested_clusters(None);
        assert_eq!(board.len(), 2);
        let ids = |side: &Side| -> Vec<String> {
            side.claims
                .iter()
                .map(|b| kb.claim(b.claim).id.clone())
                .collect()
        };
        // The flagged cluster (an ungraded assessment) comes first, however small.
        assert_eq!(board[0].flag_count, 1);
        assert_eq!(ids(&board[0].sides[0]), ["f1", "f2"]);
        let c = &board[1];
        assert!(c.is_contested() && !c.inconsistent);
        let stances: Vec<Stance> = c.sides.iter().map(|s| s.stance).collect();
        assert_eq!(stances, [Stance::Main, Stance::Opposed, Stance::Qualifying]);
        // k1 is the best graded but only qualifies: m1 anchors side A.
        assert_eq!(ids(&c.sides[0]), ["m1", "m2"]);
        assert_eq!(ids(&c.sides[1]), ["o1", "o2"]);
        assert_eq!(ids(&c.sides[2]), ["k1"]);
        assert_eq!(c.sides[0].claims[0].independent_sources, 2);
        // Narrowed to an actor or a meeting.
        let only = |s: &str| match kb.lookup(s) {
            Some(EntityRef::Actor(a)) => kb.contested_clusters(Some(ClaimScope::Actor(a))).len(),
            _ => unreachable!(),
        };
        assert_eq!(only("a"), 1);
        assert_eq!(only("b"), 2);
        assert_eq!(only("one"), 0);
    }

    #[test]
    fn an_odd_ring_of_contradictions_is_marked_inconsistent() {
        let mut y = BASE.to_string();
        y += &claim("r1", ", contradicts: [r2]");
        y += &claim("r2", ", contradicts: [r3]");
        y += &claim("r3", ", contradicts: [r1]");
        let kb = kb_of(&y);
        let board = kb.contested_clusters(None);
        assert_eq!(board.len(), 1);
        assert!(board[0].inconsistent && board[0].is_contested());
        assert_eq!(board[0].len(), 3);
    }

    #[test]
    fn the_bundled_briefing_has_its_clusters_and_no_flags() {
        let kb = crate::kb::load_bundled().unwrap();
        let board = kb.contested_clusters(None);
        let mut out = String::new();
        for c in &board {
            for s in &c.sides {
                let ids: Vec<&str> = s
                    .claims
                    .iter()
                    .map(|b| kb.claim(b.claim).id.as_str())
                    .collect();
                let _ = writeln!(out, "{:?}: {}", s.stance, ids.join(" "));
            }
        }
        assert!(board.iter().all(|c| c.flag_count == 0), "{out}");
        assert!(
            out.contains("Main: wedge-hope\nQualifying: wedge-unlikely"),
            "{out}"
        );
        assert!(out.contains("dmitriev-energy-discussed"), "{out}");
        for c in 0..kb.claims().len() {
            assert!(kb.corroboration(ClaimId(c as u32)).flags.is_empty());
        }
    }
}
