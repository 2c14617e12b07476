//! The link graph: an entity's ego-network up to N hops (affiliations, meetings, claims by and
//! about, sources, relays, claim-to-claim links), or the whole KB, as plain nodes and edges that
//! the graph view draws and the exports write. Deterministic: nodes by hop, kind and id; edges by
//! their ends and relation. Cost: linear in the nodes and links reached.

use super::{EntityKind, EntityRef, Kb};
use std::collections::HashMap;

/// A relation between two entities, read from `from` to `to` (see [`Rel::label`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rel {
    /// actor -> actor it is affiliated with
    Affiliation,
    /// actor -> meeting it took part in
    Participation,
    /// actor -> claim it made
    Said,
    /// claim -> actor it is about
    About,
    /// claim -> meeting it was made at
    AtMeeting,
    /// claim -> source it is reported in
    ReportedIn,
    /// actor -> source it published
    Published,
    /// actor -> source that came through it
    Relayed,
    /// meeting -> source it cites
    Cites,
    Supports,
    Contradicts,
    Qualifies,
}

impl Rel {
    pub const ALL: [Rel; 12] = [
        Rel::Affiliation,
        Rel::Participation,
        Rel::Said,
        Rel::About,
        Rel::AtMeeting,
        Rel::ReportedIn,
        Rel::Published,
        Rel::Relayed,
        Rel::Cites,
        Rel::Supports,
        Rel::Contradicts,
        Rel::Qualifies,
    ];

    /// The relation as an edge label, read from `from` to `to`: `took part in`, `said`, ...
    pub fn label(self) -> &'static str {
        match self {
            Rel::Affiliation => "affiliated with",
            Rel::Participation => "took part in",
            Rel::Said => "said",
            Rel::About => "about",
            Rel::AtMeeting => "at meeting",
            Rel::ReportedIn => "reported in",
            Rel::Published => "published",
            Rel::Relayed => "relayed",
            Rel::Cites => "cites",
            Rel::Supports => "supports",
            Rel::Contradicts => "contradicts",
            Rel::Qualifies => "qualifies",
        }
    }

    /// The label in snake case, for JSON: `took_part_in`.
    pub fn key(self) -> String {
        self.label().replace(' ', "_")
    }

    /// The relation named by a label or key, as typed on the command line.
    pub fn parse(s: &str) -> Option<Rel> {
        let s = s.trim().replace(['_', '-'], " ");
        Rel::ALL.into_iter().find(|r| r.label() == s)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of relations to draw (the graph view toggles them).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct RelSet(u16);

impl RelSet {
    pub fn all() -> RelSet {
        RelSet(Rel::ALL.iter().fold(0, |acc, r| acc | r.bit()))
    }
    pub fn none() -> RelSet {
        RelSet(0)
    }
    pub fn contains(self, r: Rel) -> bool {
        self.0 & r.bit() != 0
    }
    pub fn with(self, r: Rel) -> RelSet {
        RelSet(self.0 | r.bit())
    }
    pub fn without(self, r: Rel) -> RelSet {
        RelSet(self.0 & !r.bit())
    }
    pub fn toggle(self, r: Rel) -> RelSet {
        RelSet(self.0 ^ r.bit())
    }
}

impl Default for RelSet {
    fn default() -> Self {
        RelSet::all()
    }
}

/// A node of the graph: an entity, or the neighbours of one relation left out of a view
/// (`+37 claims`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum NodeRef {
    Entity(EntityRef),
    Group {
        /// The entity whose neighbours these are.
        of: EntityRef,
        rel: Rel,
        kind: EntityKind,
        count: usize,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub node: NodeRef,
    /// Hops from the centre (0 for the centre, and for every node of the whole-KB graph).
    pub hop: u32,
}

/// An edge between two nodes (positions in [`Graph::nodes`]), read `from` `rel` `to`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub rel: Rel,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graph {
    /// The entity in the middle; `None` for the whole KB.
    pub center: Option<EntityRef>,
    pub depth: u32,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// What [`Kb::neighbourhood`] reaches.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct GraphOptions {
    /// Hops from the centre.
    pub depth: u32,
    /// The relations followed and drawn.
    pub kinds: RelSet,
    /// For a view: past this many new neighbours of one node by one relation, the rest become
    /// one group node. `None` (exports): every neighbour.
    pub group_over: Option<usize>,
    /// For a view: once this many nodes are in, every further new neighbour is grouped.
    pub max_nodes: Option<usize>,
    /// For a view: links looked at per node, relation and direction; the rest are only counted
    /// (into the group node), so the worst case is bounded by the budget, not the KB.
    pub scan: Option<usize>,
}

impl GraphOptions {
    /// Everything up to `depth` hops, as the exports want.
    pub fn complete(depth: u32, kinds: RelSet) -> Self {
        GraphOptions {
            depth,
            kinds,
            group_over: None,
            max_nodes: None,
            scan: None,
        }
    }
    /// What a terminal view can draw legibly: 50 neighbours per relation, 400 nodes in all.
    pub fn view(depth: u32, kinds: RelSet) -> Self {
        GraphOptions {
            depth,
            kinds,
            group_over: Some(VIEW_GROUP_OVER),
            max_nodes: Some(VIEW_MAX_NODES),
            scan: Some(VIEW_SCAN),
        }
    }
}

/// Neighbours of one relation shown one by one in a view before the rest are grouped.
pub const VIEW_GROUP_OVER: usize = 50;
/// Nodes in a view before every further new neighbour is grouped.
pub const VIEW_MAX_NODES: usize = 400;
/// Links a view looks at per node, relation and direction: room for [`VIEW_GROUP_OVER`] new
/// neighbours and some already drawn.
pub const VIEW_SCAN: usize = 64;

/// The neighbours of an entity by one relation in one direction: the first `items` (as many as
/// the scan budget allows, in KB order) and how many there are in all.
struct Run {
    rel: Rel,
    /// Whether the entity is the relation's `from`.
    forward: bool,
    kind: EntityKind,
    items: Vec<EntityRef>,
    total: usize,
}

/// Adds a run: relation, direction, kind at the other end, the first neighbours, how many in all.
type AddRun<'a> = dyn FnMut(Rel, bool, EntityKind, Vec<EntityRef>, usize) + 'a;

/// The first `scan` of `v` as entity references (only those are made: the cost is bounded by
/// the budget, not by how many links an entity has), and how many `v` holds.
fn take<T: Copy>(v: &[T], scan: usize, f: fn(T) -> EntityRef) -> (Vec<EntityRef>, usize) {
    (v.iter().take(scan).map(|x| f(*x)).collect(), v.len())
}

/// The graph under construction.
#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    at: HashMap<NodeRef, usize>,
    /// With repeats (a link is met from both of its ends); [`finish`] sorts and dedups.
    edges: Vec<Edge>,
}

impl Builder {
    fn node(&mut self, n: NodeRef, hop: u32) -> (usize, bool) {
        if let Some(&i) = self.at.get(&n) {
            return (i, false);
        }
        self.nodes.push(Node { node: n, hop });
        self.at.insert(n, self.nodes.len() - 1);
        (self.nodes.len() - 1, true)
    }
    fn edge(&mut self, here: usize, there: usize, rel: Rel, forward: bool) {
        let (from, to) = if forward {
            (here, there)
        } else {
            (there, here)
        };
        self.edges.push(Edge { from, to, rel });
    }
}

impl Kb {
    /// The neighbours of `e` by the relations in `kinds`, one run per relation and direction,
    /// each holding at most `scan` of them (the rest only counted), in KB order.
    fn neighbours(&self, e: EntityRef, kinds: RelSet, scan: usize) -> Vec<Run> {
        let mut out: Vec<Run> = Vec::new();
        let mut add = |rel: Rel, forward: bool, kind: EntityKind, items: Vec<EntityRef>, total| {
            if kinds.contains(rel) && total > 0 {
                out.push(Run {
                    rel,
                    forward,
                    kind,
                    items,
                    total,
                });
            }
        };
        match e {
            EntityRef::Actor(_) | EntityRef::Meeting(_) => {
                self.actor_meeting_runs(e, scan, &mut add)
            }
            EntityRef::Claim(_) | EntityRef::Source(_) => self.claim_source_runs(e, scan, &mut add),
        }
        out
    }

    fn actor_meeting_runs(&self, e: EntityRef, scan: usize, add: &mut AddRun<'_>) {
        use EntityKind::{Actor as A, Claim as C, Meeting as M, Source as S};
        use EntityRef::{Actor, Claim, Meeting, Source};
        let l = &self.links;
        match e {
            EntityRef::Actor(x) => {
                let i = x.index();
                let (v, n) = take(&self.actor(x).affiliations, scan, Actor);
                add(Rel::Affiliation, true, A, v, n);
                let (v, n) = take(l.actor_affiliates.get(i), scan, Actor);
                add(Rel::Affiliation, false, A, v, n);
                let (v, n) = take(l.actor_meetings.get(i), scan, Meeting);
                add(Rel::Participation, true, M, v, n);
                let (v, n) = take(l.actor_claims_made.get(i), scan, Claim);
                add(Rel::Said, true, C, v, n);
                let (v, n) = take(l.actor_claims_about.get(i), scan, Claim);
                add(Rel::About, false, C, v, n);
                let (v, n) = take(l.actor_sources_published.get(i), scan, Source);
                add(Rel::Published, true, S, v, n);
                let (v, n) = take(l.actor_sources_relayed.get(i), scan, Source);
                add(Rel::Relayed, true, S, v, n);
            }
            EntityRef::Meeting(x) => {
                let meeting = self.meeting(x);
                let (v, n) = take(&meeting.participants, scan, Actor);
                add(Rel::Participation, false, A, v, n);
                let (v, n) = take(l.meeting_claims.get(x.index()), scan, Claim);
                add(Rel::AtMeeting, false, C, v, n);
                let (v, n) = take(&meeting.sources, scan, Source);
                add(Rel::Cites, true, S, v, n);
            }
            _ => {}
        }
    }

    fn claim_source_runs(&self, e: EntityRef, scan: usize, add: &mut AddRun<'_>) {
        use EntityKind::{Actor as A, Claim as C, Meeting as M, Source as S};
        use EntityRef::{Actor, Claim, Meeting, Source};
        let l = &self.links;
        match e {
            EntityRef::Claim(x) => {
                let claim = self.claim(x);
                let i = x.index();
                add(Rel::Said, false, A, vec![Actor(claim.by)], 1);
                let (v, n) = take(&claim.about, scan, Actor);
                add(Rel::About, true, A, v, n);
                let (v, n) = take(claim.meeting.as_slice(), scan, Meeting);
                add(Rel::AtMeeting, true, M, v, n);
                add(Rel::ReportedIn, true, S, vec![Source(claim.source)], 1);
                for (rel, out, back) in [
                    (Rel::Supports, &claim.supports, l.claim_supported_by.get(i)),
                    (
                        Rel::Contradicts,
                        &claim.contradicts,
                        l.claim_contradicted_by.get(i),
                    ),
                    (
                        Rel::Qualifies,
                        &claim.qualifies,
                        l.claim_qualified_by.get(i),
                    ),
                ] {
                    let (v, n) = take(out, scan, Claim);
                    add(rel, true, C, v, n);
                    let (v, n) = take(back, scan, Claim);
                    add(rel, false, C, v, n);
                }
            }
            EntityRef::Source(x) => {
                let src = self.source(x);
                let i = x.index();
                let (v, n) = take(src.publisher.as_slice(), scan, Actor);
                add(Rel::Published, false, A, v, n);
                let (v, n) = take(&src.relayed_by, scan, Actor);
                add(Rel::Relayed, false, A, v, n);
                let (v, n) = take(l.source_claims.get(i), scan, Claim);
                add(Rel::ReportedIn, false, C, v, n);
                let (v, n) = take(l.source_meetings.get(i), scan, Meeting);
                add(Rel::Cites, false, M, v, n);
            }
            _ => {}
        }
    }

    /// The neighbours of `of` by `rel` (either direction), at most `limit` of them, in KB order:
    /// what a group node stands for.
    pub fn neighbours_by(&self, of: EntityRef, rel: Rel, limit: usize) -> Vec<EntityRef> {
        let kinds = RelSet::none().with(rel);
        let mut out: Vec<EntityRef> = Vec::new();
        for run in self.neighbours(of, kinds, limit) {
            out.extend(run.items.into_iter().take(limit - out.len()));
        }
        out
    }

    /// The ego-network of `center` up to `opts.depth` hops: every entity reached and every link
    /// among them (links between the outermost nodes included), grouped for a view as
    /// `opts` says. Linear in the entities and links reached.
    pub fn neighbourhood(&self, center: EntityRef, opts: &GraphOptions) -> Graph {
        let mut b = Builder::default();
        b.node(NodeRef::Entity(center), 0);
        let mut frontier = vec![0usize];
        for hop in 0..=opts.depth {
            let mut next = Vec::new();
            for &here in &frontier {
                let NodeRef::Entity(e) = b.nodes[here].node else {
                    continue;
                };
                let expand = hop < opts.depth;
                next.extend(self.expand(&mut b, here, e, hop, expand, opts));
            }
            frontier = next;
        }
        finish(self, b, Some(center), opts.depth)
    }

    /// Links `here` to its neighbours: new neighbours become nodes at `hop + 1` when `expand`
    /// (past the view's limits, one group node per relation and direction); known ones get the
    /// edge only. A view looks at no more than `opts.scan` links per relation and direction: the
    /// rest are counted into the group, so the cost per node is bounded however linked it is.
    fn expand(
        &self,
        b: &mut Builder,
        here: usize,
        e: EntityRef,
        hop: u32,
        expand: bool,
        opts: &GraphOptions,
    ) -> Vec<usize> {
        let mut added = Vec::new();
        let scan = opts.scan.unwrap_or(usize::MAX);
        for run in self.neighbours(e, opts.kinds, scan) {
            let (mut shown, mut left_out) = (0usize, run.total - run.items.len());
            for other in run.items {
                let node = NodeRef::Entity(other);
                if let Some(&there) = b.at.get(&node) {
                    b.edge(here, there, run.rel, run.forward);
                    continue;
                }
                let full = opts.group_over.is_some_and(|k| shown >= k)
                    || opts.max_nodes.is_some_and(|k| b.nodes.len() >= k);
                if full {
                    left_out += 1;
                    continue;
                }
                if expand {
                    shown += 1;
                    let (there, _) = b.node(node, hop + 1);
                    b.edge(here, there, run.rel, run.forward);
                    added.push(there);
                }
            }
            if expand && left_out > 0 {
                let group = NodeRef::Group {
                    of: e,
                    rel: run.rel,
                    kind: run.kind,
                    count: left_out,
                };
                let (there, _) = b.node(group, hop + 1);
                b.edge(here, there, run.rel, run.forward);
            }
        }
        added
    }

    /// Every entity of the KB and every link between them by the relations in `kinds` (narrowed
    /// to some relations: only the entities with such a link).
    pub fn whole_graph(&self, kinds: RelSet) -> Graph {
        let mut b = Builder::default();
        for kind in EntityKind::ALL {
            for e in self.all_of(*kind) {
                b.node(NodeRef::Entity(e), 0);
            }
        }
        for i in 0..b.nodes.len() {
            let NodeRef::Entity(e) = b.nodes[i].node else {
                continue;
            };
            for run in self.neighbours(e, kinds, usize::MAX) {
                if run.forward {
                    for other in run.items {
                        let there = b.at[&NodeRef::Entity(other)];
                        b.edge(i, there, run.rel, true);
                    }
                }
            }
        }
        if kinds != RelSet::all() {
            // Narrowed to some relations, the graph is about them: entities without such a link
            // would only bury it.
            let mut linked = vec![false; b.nodes.len()];
            for e in &b.edges {
                linked[e.from] = true;
                linked[e.to] = true;
            }
            let mut kept = Builder::default();
            let mut new_at = vec![usize::MAX; b.nodes.len()];
            for (i, n) in b.nodes.iter().enumerate().filter(|(i, _)| linked[*i]) {
                new_at[i] = kept.node(n.node, 0).0;
            }
            kept.edges = b
                .edges
                .iter()
                .map(|e| Edge {
                    from: new_at[e.from],
                    to: new_at[e.to],
                    rel: e.rel,
                })
                .collect();
            b = kept;
        }
        finish(self, b, None, 0)
    }

    /// A node's name in a view or an export (KB text: neutralise on the way out): an entity's
    /// title (a claim's speaker and text), or `+37 claims` for a group.
    pub fn node_label(&self, n: NodeRef) -> String {
        match n {
            NodeRef::Entity(EntityRef::Claim(c)) => {
                let c = self.claim(c);
                format!("{}: {}", self.actor(c.by).name, c.text)
            }
            NodeRef::Entity(e) => self.title_of(e).to_string(),
            NodeRef::Group { kind, count, .. } => {
                let what = if count == 1 {
                    kind.as_str()
                } else {
                    kind.plural()
                };
                format!("+{count} {what}")
            }
        }
    }
}

/// Puts nodes in their final order (the centre, then by hop, kind and id, groups after the
/// entities of their hop) and edges by their ends and relation.
fn finish(kb: &Kb, b: Builder, center: Option<EntityRef>, depth: u32) -> Graph {
    let key = |n: &Node| match n.node {
        NodeRef::Entity(e) => (n.hop, false, e.kind(), kb.id_of(e), None),
        NodeRef::Group { of, rel, kind, .. } => (n.hop, true, kind, kb.id_of(of), Some(rel)),
    };
    let mut order: Vec<usize> = (0..b.nodes.len()).collect();
    order.sort_by(|x, y| key(&b.nodes[*x]).cmp(&key(&b.nodes[*y])));
    let mut new_at = vec![0usize; b.nodes.len()];
    for (new, old) in order.iter().enumerate() {
        new_at[*old] = new;
    }
    let nodes: Vec<Node> = order.iter().map(|i| b.nodes[*i]).collect();
    let mut edges: Vec<Edge> = b
        .edges
        .into_iter()
        .map(|e| Edge {
            from: new_at[e.from],
            to: new_at[e.to],
            rel: e.rel,
        })
        .collect();
    edges.sort_unstable();
    edges.dedup();
    Graph {
        center,
        depth,
        nodes,
        edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::load_texts;
    use std::borrow::Cow;
    use std::fmt::Write as _;

    fn kb_of(text: &str) -> Kb {
        load_texts("t", vec![("t.yaml".into(), Cow::Owned(text.into()))])
            .unwrap_or_else(|e| panic!("{}", e.render()))
    }

    /// `a` said `n` claims reported in `s`, each about `b`; `c0` and `c1` support each other.
    fn talker(n: usize) -> Kb {
        let mut y = "actors:
  - {id: a, name: A, kind: person, affiliations: [org]}
  - {id: b, name: B, kind: person}
  - {id: org, name: Org, kind: organisation}
sources:
  - {id: s, title: S, publisher: org}
meetings:
  - {id: m, title: M, status: held, participants: [a, b], sources: [s]}
claims:
"
        .to_string();
        for i in 0..n {
            let link = match i {
                0 => ", supports: [c1]",
                1 => ", supports: [c0]",
                _ => "",
            };
            let _ = writeln!(
                y,
                "  - {{id: c{i}, text: T{i}, by: a, source: s, about: [b]{link}}}"
            );
        }
        kb_of(&y)
    }

    fn names(kb: &Kb, g: &Graph) -> Vec<String> {
        g.nodes.iter().map(|n| kb.node_label(n.node)).collect()
    }

    fn edges(kb: &Kb, g: &Graph) -> Vec<String> {
        let id = |i: usize| match g.nodes[i].node {
            NodeRef::Entity(e) => kb.id_of(e).to_string(),
            n => kb.node_label(n),
        };
        g.edges
            .iter()
            .map(|e| format!("{} {} {}", id(e.from), e.rel.label(), id(e.to)))
            .collect()
    }

    #[test]
    fn one_hop_holds_every_relation_and_the_links_among_the_neighbours() {
        let kb = talker(2);
        let a = kb.lookup("a").unwrap();
        let g = kb.neighbourhood(a, &GraphOptions::complete(1, RelSet::all()));
        assert_eq!(g.center, Some(a));
        assert_eq!(names(&kb, &g), ["A", "Org", "M", "A: T0", "A: T1"]);
        assert_eq!(
            edges(&kb, &g),
            [
                "a affiliated with org",
                "a took part in m",
                "a said c0",
                "a said c1",
                "c0 supports c1",
                "c1 supports c0",
            ]
        );
        let g0 = kb.neighbourhood(a, &GraphOptions::complete(0, RelSet::all()));
        assert_eq!(names(&kb, &g0), ["A"]);
        assert!(g0.edges.is_empty());
        // Two hops reach the source through the claims, the meeting and the publisher, once.
        let g2 = kb.neighbourhood(a, &GraphOptions::complete(2, RelSet::all()));
        assert_eq!(
            g2.nodes.iter().filter(|n| n.hop == 2).count(),
            2,
            "{:?}",
            names(&kb, &g2)
        );
        assert!(edges(&kb, &g2).contains(&"org published s".to_string()));
        assert_eq!(
            g2,
            kb.neighbourhood(a, &GraphOptions::complete(2, RelSet::all()))
        );
    }

    #[test]
    fn relations_can_be_left_out() {
        let kb = talker(3);
        let a = kb.lookup("a").unwrap();
        let kinds = RelSet::all().without(Rel::Said).toggle(Rel::Affiliation);
        assert!(!kinds.contains(Rel::Affiliation) && kinds.contains(Rel::About));
        let g = kb.neighbourhood(a, &GraphOptions::complete(1, kinds));
        assert_eq!(names(&kb, &g), ["A", "M"]);
        let only = kb.whole_graph(RelSet::none().with(Rel::Supports));
        assert_eq!(edges(&kb, &only), ["c0 supports c1", "c1 supports c0"]);
    }

    #[test]
    fn a_view_groups_past_fifty_neighbours_and_exports_keep_them_all() {
        let kb = talker(120);
        let a = kb.lookup("a").unwrap();
        let full = kb.neighbourhood(a, &GraphOptions::complete(1, RelSet::all()));
        assert_eq!(full.nodes.len(), 1 + 1 + 1 + 120);
        let view = kb.neighbourhood(a, &GraphOptions::view(1, RelSet::all()));
        let names = names(&kb, &view);
        assert_eq!(names.len(), 1 + 1 + 1 + VIEW_GROUP_OVER + 1);
        assert_eq!(names.last().map(String::as_str), Some("+70 claims"));
        assert!(edges(&kb, &view).contains(&"a said +70 claims".to_string()));
        // The node budget holds at two hops, however many claims `b` is the subject of.
        let b = kb.lookup("b").unwrap();
        let opts = GraphOptions {
            max_nodes: Some(10),
            ..GraphOptions::view(2, RelSet::all())
        };
        let g = kb.neighbourhood(b, &opts);
        let entities = g
            .nodes
            .iter()
            .filter(|n| matches!(n.node, NodeRef::Entity(_)))
            .count();
        assert!(entities <= 10, "{entities}");
    }

    #[test]
    fn a_view_scans_a_bounded_number_of_links_and_counts_the_rest() {
        let kb = talker(120);
        let a = kb.lookup("a").unwrap();
        let opts = GraphOptions {
            scan: Some(5),
            group_over: None,
            ..GraphOptions::view(1, RelSet::all())
        };
        let g = kb.neighbourhood(a, &opts);
        let names = names(&kb, &g);
        assert_eq!(names.len(), 1 + 1 + 1 + 5 + 1, "{names:?}");
        assert_eq!(names.last().map(String::as_str), Some("+115 claims"));
        // A group stands for neighbours that can be listed, as far as a limit.
        let b = kb.lookup("b").unwrap();
        let about = kb.neighbours_by(b, Rel::About, 7);
        assert_eq!(about.len(), 7);
        assert_eq!(kb.id_of(about[0]), "c0");
        assert_eq!(kb.neighbours_by(b, Rel::Participation, 100).len(), 1);
    }

    #[test]
    fn the_whole_kb_has_every_link_once() {
        let kb = crate::kb::load_bundled().unwrap();
        let g = kb.whole_graph(RelSet::all());
        assert_eq!(g.nodes.len(), kb.len());
        let said = g.edges.iter().filter(|e| e.rel == Rel::Said).count();
        assert_eq!(said, kb.claims().len());
        let mut seen = std::collections::HashSet::new();
        assert!(g.edges.iter().all(|e| seen.insert(*e)));
        assert_eq!(Rel::parse("took_part_in"), Some(Rel::Participation));
        assert_eq!(Rel::parse("reported-in"), Some(Rel::ReportedIn));
        assert_eq!(Rel::parse("nope"), None);
    }
}
