//! The graph view (`g`): the ego-network of an entity, as state (centre, depth, relation
//! families shown, selected node, earlier centres) and as laid-out geometry. The layout is pure
//! and deterministic: the centre in the middle column, each hop one column further out on either
//! side, a node's neighbours beside it in a block of rows (sorted by relation, then label) with
//! the node at the block's middle, so the connectors of different nodes never share a cell. What
//! does not fit the rows is folded per node into one `+37 claims` node. Laid out once per
//! (centre, depth, relations, area), in `update`; drawing ([`crate::ui`]) only reads it.

use crate::kb::{EntityKind, EntityRef, Graph, GraphOptions, Kb, NodeRef, Rel, RelSet};
use crate::text::{self, width::fit};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// The deepest ego-network the view draws.
pub const MAX_DEPTH: u32 = 3;
/// Columns between two hops: the parent's line, the vertical bus, the relation's mark.
const GAP: u16 = 3;
/// Narrowest useful label column: below it the view draws fewer hops.
const MIN_COLUMN: u16 = 8;
/// Earlier centres remembered for Backspace.
const MAX_TRAIL: usize = 100;
/// Characters of a label looked at (neutralised, then fitted): labels are short on screen.
const LABEL_CHARS: usize = 160;

/// The relations, in five families that can be shown or hidden (keys 1-5).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Affiliations,
    Meetings,
    Claims,
    Sources,
    ClaimLinks,
}

impl Family {
    pub const ALL: [Family; 5] = [
        Family::Affiliations,
        Family::Meetings,
        Family::Claims,
        Family::Sources,
        Family::ClaimLinks,
    ];

    pub fn of(rel: Rel) -> Family {
        match rel {
            Rel::Affiliation => Family::Affiliations,
            Rel::Participation | Rel::AtMeeting => Family::Meetings,
            Rel::Said | Rel::About => Family::Claims,
            Rel::ReportedIn | Rel::Published | Rel::Relayed | Rel::Cites => Family::Sources,
            Rel::Supports | Rel::Contradicts | Rel::Qualifies => Family::ClaimLinks,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Affiliations => "affiliations",
            Family::Meetings => "meetings",
            Family::Claims => "claims",
            Family::Sources => "sources",
            Family::ClaimLinks => "claim links",
        }
    }

    /// The name where the legend is narrow.
    pub fn short_name(self) -> &'static str {
        match self {
            Family::Affiliations => "affil.",
            Family::Meetings => "meet.",
            Family::Claims => "claims",
            Family::Sources => "src",
            Family::ClaimLinks => "links",
        }
    }

    pub fn rels(self) -> impl Iterator<Item = Rel> {
        Rel::ALL.into_iter().filter(move |r| Family::of(*r) == self)
    }

    pub fn is_on(self, kinds: RelSet) -> bool {
        self.rels().any(|r| kinds.contains(r))
    }

    /// `kinds` with this family's relations all shown, or all hidden if any was shown.
    pub fn toggle(self, kinds: RelSet) -> RelSet {
        let on = self.is_on(kinds);
        self.rels()
            .fold(kinds, |k, r| if on { k.without(r) } else { k.with(r) })
    }
}

/// The one-character mark of a relation, drawn where its line meets the node it leads to (shape,
/// not colour alone, tells relations apart).
pub fn mark(rel: Rel) -> char {
    match rel {
        Rel::Affiliation => '=',
        Rel::Participation | Rel::AtMeeting => 'm',
        Rel::Said => 's',
        Rel::About => 'a',
        Rel::ReportedIn => 'r',
        Rel::Published => 'p',
        Rel::Relayed => 'v',
        Rel::Cites => 'c',
        Rel::Supports => '+',
        Rel::Contradicts => 'x',
        Rel::Qualifies => '~',
    }
}

/// What a drawn node stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// A node of the graph: an entity, or a group the neighbourhood left out (`+70 claims`).
    Node(NodeRef),
    /// Neighbours of one node that did not fit the rows: the graph's nodes, and how many
    /// entities they stand for.
    Fold {
        of: Option<EntityRef>,
        members: Vec<NodeRef>,
        count: usize,
    },
}

impl Shown {
    pub fn entity(&self) -> Option<EntityRef> {
        match self {
            Shown::Node(NodeRef::Entity(e)) => Some(*e),
            _ => None,
        }
    }
}

/// A node where it is drawn: its label's cells (one row), what it is, and how it hangs off its
/// parent (the node one hop nearer the centre).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub what: Shown,
    pub hop: u32,
    pub x: u16,
    pub y: u16,
    /// The label, neutralised and fitted to its column.
    pub label: String,
    pub parent: Option<usize>,
    /// The relation between the parent and this node.
    pub rel: Option<Rel>,
}

impl Placed {
    pub fn width(&self) -> u16 {
        self.label.width() as u16
    }
    /// The cell at the middle of the label, for spatial moves.
    fn middle(&self) -> (i32, i32) {
        (
            i32::from(self.x) + i32::from(self.width()) / 2,
            i32::from(self.y),
        )
    }
}

/// Directions a connector cell joins, as bits.
pub const UP: u8 = 1;
pub const DOWN: u8 = 2;
pub const LEFT: u8 = 4;
pub const RIGHT: u8 = 8;

/// One cell of a connector: the directions it joins, or the mark of the relation it leads in by.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Wire {
    pub x: u16,
    pub y: u16,
    pub dirs: u8,
    /// Set on the cell beside a node: the relation it is reached by (drawn as its mark).
    pub rel: Option<Rel>,
}

/// What a layout was made for: laid out again only when one of these changes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct LayoutKey {
    pub center: EntityRef,
    pub depth: u32,
    pub kinds: RelSet,
    pub area: Rect,
}

/// The laid-out graph: nodes (the centre first) and connector cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Laid {
    pub key: LayoutKey,
    pub nodes: Vec<Placed>,
    pub wires: Vec<Wire>,
    /// Nodes in the neighbourhood, drawn or folded.
    pub reached: usize,
    /// Hops drawn (fewer than asked for when the area is too narrow).
    pub hops: u32,
}

/// The graph view's state.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphState {
    pub center: EntityRef,
    pub depth: u32,
    pub kinds: RelSet,
    /// Among [`Laid::nodes`].
    pub selected: usize,
    /// Earlier centres, most recent last (Backspace).
    pub trail: Vec<EntityRef>,
    pub laid: Option<Laid>,
    /// The node to select once laid out again (after Backspace: the centre left).
    want: Option<Shown>,
    /// The graph's keys are shown over it (`?`).
    pub keys_shown: bool,
    /// The first of the graph's keys shown, when the window is too short for them all.
    pub keys_offset: usize,
    /// Detail had the focus when the graph opened: it gets it back on closing (Detail beside
    /// the graph only shows the selected node, so it is not focused meanwhile).
    detail_focused: bool,
}

impl GraphState {
    pub fn new(center: EntityRef) -> GraphState {
        GraphState {
            center,
            depth: 1,
            kinds: RelSet::all(),
            selected: 0,
            trail: Vec::new(),
            laid: None,
            want: None,
            keys_shown: false,
            keys_offset: 0,
            detail_focused: false,
        }
    }

    pub fn selected(&self) -> Option<&Placed> {
        self.laid.as_ref().and_then(|l| l.nodes.get(self.selected))
    }

    /// The entity of the selected node (none for a group).
    pub fn selected_entity(&self) -> Option<EntityRef> {
        self.selected().and_then(|p| p.what.entity())
    }

    /// Lays the graph out again if what it was laid out for changed, keeping the selected node
    /// when it is still drawn (else the centre). Bounded: the neighbourhood is a view's.
    pub fn settle(&mut self, kb: &Kb, area: Rect) {
        let key = LayoutKey {
            center: self.center,
            depth: self.depth,
            kinds: self.kinds,
            area,
        };
        if self.laid.as_ref().is_some_and(|l| l.key == key) && self.want.is_none() {
            return;
        }
        let keep = self
            .want
            .take()
            .or_else(|| self.selected().map(|p| p.what.clone()));
        let laid = lay_out_key(kb, key);
        self.selected = keep
            .and_then(|k| laid.nodes.iter().position(|p| p.what == k))
            .unwrap_or(0);
        self.laid = Some(laid);
    }

    /// Makes `e` the centre, remembering the one before.
    pub fn recentre(&mut self, e: EntityRef) {
        self.trail.push(self.center);
        if self.trail.len() > MAX_TRAIL {
            self.trail.remove(0);
        }
        self.center = e;
        self.want = Some(Shown::Node(NodeRef::Entity(e)));
    }

    /// Back to the centre before, selecting the one left; whether there was one.
    pub fn back(&mut self) -> bool {
        match self.trail.pop() {
            Some(e) => {
                self.want = Some(Shown::Node(NodeRef::Entity(self.center)));
                self.center = e;
                true
            }
            None => false,
        }
    }

    /// Moves the selection to the nearest node in a direction (`dx`, `dy` one of -1, 0, 1);
    /// whether it moved.
    pub fn step(&mut self, dx: i32, dy: i32) -> bool {
        let Some(laid) = &self.laid else {
            return false;
        };
        match nearest(laid, self.selected, dx, dy) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }
}

/// The node nearest to node `from` in the direction (`dx`, `dy`): ahead of it, scoring the
/// distance ahead plus twice the distance aside (rows count double: cells are tall).
pub fn nearest(laid: &Laid, from: usize, dx: i32, dy: i32) -> Option<usize> {
    let (fx, fy) = laid.nodes.get(from)?.middle();
    laid.nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != from)
        .filter_map(|(i, p)| {
            let (x, y) = p.middle();
            let (ax, ay) = (x - fx, (y - fy) * 2);
            let ahead = ax * dx + ay * dy;
            let aside = (ax * dy).abs() + (ay * dx).abs();
            (ahead > 0).then_some((ahead + 2 * aside, i))
        })
        .min()
        .map(|(_, i)| i)
}

/// Lays out the view's neighbourhood for `key`.
pub fn lay_out_key(kb: &Kb, key: LayoutKey) -> Laid {
    let g = kb.neighbourhood(key.center, &GraphOptions::view(key.depth, key.kinds));
    let mut laid = lay_out(kb, &g, key.area);
    laid.key = key;
    laid
}

/// A node's label: neutralised, looked at as far as a screen could show.
fn label_of(kb: &Kb, n: NodeRef) -> String {
    let full = kb.node_label(n);
    let head: String = full.chars().take(LABEL_CHARS).collect();
    text::line(&head).into_owned()
}

/// The graph as a tree: each node's parent (the first node one hop nearer it is linked to) and
/// the relation between them, and each node's children sorted by relation then label.
struct Tree {
    labels: Vec<String>,
    parent: Vec<Option<(usize, Rel)>>,
    children: Vec<Vec<usize>>,
}

fn tree(kb: &Kb, g: &Graph) -> Tree {
    let n = g.nodes.len();
    let labels: Vec<String> = g.nodes.iter().map(|x| label_of(kb, x.node)).collect();
    let mut parent: Vec<Option<(usize, Rel)>> = vec![None; n];
    for e in &g.edges {
        for (p, c) in [(e.from, e.to), (e.to, e.from)] {
            if g.nodes[c].hop == g.nodes[p].hop + 1 && parent[c].is_none_or(|(q, _)| p < q) {
                parent[c] = Some((p, e.rel));
            }
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (c, p) in parent.iter().enumerate() {
        if let Some((p, _)) = p {
            children[*p].push(c);
        }
    }
    // Sort keys made once, not per comparison.
    let lower: Vec<String> = labels.iter().map(|l| l.to_lowercase()).collect();
    for kids in &mut children {
        kids.sort_by(|a, b| {
            let key = |i: usize| (parent[i].map(|(_, r)| r), &lower[i], i);
            key(*a).cmp(&key(*b))
        });
    }
    Tree {
        labels,
        parent,
        children,
    }
}

/// A node being laid out on one side: what it shows, its hop, its relation to its parent, and
/// its children among the slots.
struct Slot {
    what: Shown,
    hop: u32,
    rel: Option<Rel>,
    graph_node: Option<usize>,
    kids: Vec<usize>,
    row: u16,
}

/// How many rows each group gets out of `budget`: one each first (while there are rows), then
/// one more each in turn while a group wants more.
fn share(wants: &[usize], budget: usize) -> Vec<usize> {
    let mut got = vec![0usize; wants.len()];
    let mut left = budget;
    loop {
        let mut gave = false;
        for (g, w) in got.iter_mut().zip(wants) {
            if left > 0 && *g < *w {
                *g += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            return got;
        }
    }
}

/// One node's children as slots: the first `rows - 1` and a fold of the rest when they are more
/// than `rows`.
fn child_slots(
    g: &Graph,
    t: &Tree,
    slots: &mut Vec<Slot>,
    parent: usize,
    kids: &[usize],
    rows: usize,
) {
    let hop = slots[parent].hop + 1;
    let shown = if kids.len() > rows {
        rows.saturating_sub(1)
    } else {
        kids.len()
    };
    for &k in &kids[..shown] {
        slots.push(Slot {
            what: Shown::Node(g.nodes[k].node),
            hop,
            rel: t.parent[k].map(|(_, r)| r),
            graph_node: Some(k),
            kids: Vec::new(),
            row: 0,
        });
        let at = slots.len() - 1;
        slots[parent].kids.push(at);
    }
    let rest = &kids[shown..];
    if rest.is_empty() || rows == 0 {
        return;
    }
    let members: Vec<NodeRef> = rest.iter().map(|k| g.nodes[*k].node).collect();
    let count = members
        .iter()
        .map(|m| match m {
            NodeRef::Group { count, .. } => *count,
            NodeRef::Entity(_) => 1,
        })
        .sum();
    let rels: Vec<Option<Rel>> = rest.iter().map(|k| t.parent[*k].map(|(_, r)| r)).collect();
    let rel = rels[0].filter(|r| rels.iter().all(|x| *x == Some(*r)));
    slots.push(Slot {
        what: Shown::Fold {
            of: slots[parent].what.entity(),
            members,
            count,
        },
        hop,
        rel,
        graph_node: None,
        kids: Vec::new(),
        row: 0,
    });
    let at = slots.len() - 1;
    slots[parent].kids.push(at);
}

/// Lays out one side (hop-1 nodes `first`, hanging off slot 0, the centre) in `rows` rows, up
/// to `hops` hops: each hop shares the rows the hops before left.
fn side(g: &Graph, t: &Tree, slots: &mut Vec<Slot>, first: &[usize], rows: usize, hops: u32) {
    let deeper = hops > 1 && first.iter().any(|i| !t.children[*i].is_empty());
    let budget = if deeper { rows.div_ceil(2) } else { rows };
    let before = slots.len();
    child_slots(g, t, slots, 0, first, budget);
    let mut level: Vec<usize> = (before..slots.len()).collect();
    let mut used = level.len();
    for _ in 1..hops {
        let parents: Vec<usize> = level
            .iter()
            .copied()
            .filter(|s| {
                slots[*s]
                    .graph_node
                    .is_some_and(|n| !t.children[n].is_empty())
            })
            .collect();
        // Children take their parent's row, and share the rows left.
        let wants: Vec<usize> = parents
            .iter()
            .map(|s| t.children[slots[*s].graph_node.unwrap_or(0)].len())
            .collect();
        let extra = share(
            &wants.iter().map(|w| w - 1).collect::<Vec<_>>(),
            rows - used,
        );
        let mut next = Vec::new();
        for (p, more) in parents.iter().zip(extra) {
            let kids = t.children[slots[*p].graph_node.unwrap_or(0)].clone();
            let at = slots.len();
            child_slots(g, t, slots, *p, &kids, 1 + more);
            used += more;
            next.extend(at..slots.len());
        }
        level = next;
    }
}

/// Gives the leaves of the subtree at `s` rows in order from `*next` (`step` apart) and each
/// inner node the middle row of its children.
fn place_rows(slots: &mut [Slot], s: usize, next: &mut u16, step: u16) {
    if slots[s].kids.is_empty() {
        slots[s].row = *next;
        *next += step;
        return;
    }
    let kids = slots[s].kids.clone();
    for k in &kids {
        place_rows(slots, *k, next, step);
    }
    let (a, b) = (slots[kids[0]].row, slots[kids[kids.len() - 1]].row);
    slots[s].row = a + (b - a) / 2;
}

fn leaves(slots: &[Slot], s: usize) -> usize {
    match slots[s].kids.len() {
        0 => 1,
        _ => slots[s].kids.iter().map(|k| leaves(slots, *k)).sum(),
    }
}

/// Rows every hop-1 subtree in `tops` in order, centred in the area's `height` rows (a blank
/// row between leaves when they fit so).
fn place_side(slots: &mut [Slot], tops: &[usize], top: u16, height: u16) {
    let n: usize = tops.iter().map(|s| leaves(slots, *s)).sum();
    if n == 0 {
        return;
    }
    let step = if 2 * n - 1 <= height as usize { 2 } else { 1 };
    let span = ((n - 1) * step as usize + 1) as u16;
    let mut next = top + height.saturating_sub(span) / 2;
    for s in tops {
        place_rows(slots, *s, &mut next, step);
    }
}

/// The hops that fit across `width` columns with labels at least [`MIN_COLUMN`] wide.
fn hops_that_fit(width: u16, wanted: u32) -> u32 {
    (0..=wanted)
        .rev()
        .find(|d| {
            let cols = 2 * *d as u16 + 1;
            width.saturating_sub(2 * *d as u16 * GAP) / cols >= MIN_COLUMN
        })
        .unwrap_or(0)
}

/// Lays out `g` (a view's neighbourhood) in `area`: see the module's description.
pub fn lay_out(kb: &Kb, g: &Graph, area: Rect) -> Laid {
    let t = tree(kb, g);
    let max_hop = g.nodes.iter().map(|n| n.hop).max().unwrap_or(0);
    let hops = hops_that_fit(area.width, max_hop);
    let mut slots = vec![Slot {
        what: Shown::Node(g.nodes[0].node),
        hop: 0,
        rel: None,
        graph_node: Some(0),
        kids: Vec::new(),
        row: area.y + area.height.saturating_sub(1) / 2,
    }];
    let first = &t.children[0];
    let (right, left) = first.split_at(first.len().div_ceil(2));
    let rows = area.height as usize;
    let mut tops = [Vec::new(), Vec::new()];
    for (s, half) in [right, left].into_iter().enumerate() {
        if hops == 0 || rows == 0 {
            break;
        }
        let before = slots[0].kids.len();
        side(g, &t, &mut slots, half, rows, hops);
        tops[s] = slots[0].kids[before..].to_vec();
        place_side(&mut slots, &tops[s], area.y, area.height);
    }
    let geometry = Columns::new(area, hops);
    let mut nodes = Vec::with_capacity(slots.len());
    let mut wires = Vec::new();
    let mut index = vec![0usize; slots.len()];
    place_nodes(
        &slots, &t, &geometry, &tops, &mut nodes, &mut wires, &mut index,
    );
    Laid {
        key: LayoutKey {
            center: match g.nodes[0].node {
                NodeRef::Entity(e) => e,
                NodeRef::Group { of, .. } => of,
            },
            depth: g.depth,
            kinds: RelSet::all(),
            area,
        },
        nodes,
        wires,
        reached: g.nodes.len(),
        hops,
    }
}

/// Where the columns are: the centre's in the middle, each hop one column out on either side.
struct Columns {
    x0: u16,
    width: u16,
    hops: u32,
}

impl Columns {
    fn new(area: Rect, hops: u32) -> Columns {
        let cols = 2 * hops as u16 + 1;
        let gaps = 2 * hops as u16 * GAP;
        let width = (area.width.saturating_sub(gaps) / cols).max(1);
        let used = width * cols + gaps;
        Columns {
            x0: area.x + area.width.saturating_sub(used) / 2,
            width,
            hops,
        }
    }
    /// The left edge of the column of `hop` on side `s` (0 right, 1 left).
    fn x(&self, hop: u32, s: usize) -> u16 {
        let c = if s == 0 {
            self.hops + hop
        } else {
            self.hops - hop
        };
        self.x0 + c as u16 * (self.width + GAP)
    }
}

/// Turns slots into placed nodes (labels fitted and aligned towards the centre) and connector
/// cells; `index` maps slots to nodes.
fn place_nodes(
    slots: &[Slot],
    t: &Tree,
    cols: &Columns,
    tops: &[Vec<usize>; 2],
    nodes: &mut Vec<Placed>,
    wires: &mut Vec<Wire>,
    index: &mut [usize],
) {
    let centre = &slots[0];
    let w = cols.width as usize;
    let label = fit(&t.labels[0], w.saturating_sub(2).max(1));
    let x = cols.x(0, 0) + (cols.width.saturating_sub(label.width() as u16)) / 2;
    nodes.push(Placed {
        what: centre.what.clone(),
        hop: 0,
        x,
        y: centre.row,
        label,
        parent: None,
        rel: None,
    });
    for (s, top) in tops.iter().enumerate() {
        let mut stack: Vec<(usize, usize)> = top.iter().rev().map(|k| (*k, 0)).collect();
        while let Some((k, parent_slot)) = stack.pop() {
            let slot = &slots[k];
            let text = match (&slot.what, slot.graph_node) {
                (_, Some(n)) => t.labels[n].clone(),
                (Shown::Fold { members, count, .. }, None) => fold_label(members, *count),
                _ => String::new(),
            };
            let label = fit(&text, w.saturating_sub(1).max(1));
            let cx = cols.x(slot.hop, s);
            let x = if s == 0 {
                cx + 1
            } else {
                (cx + cols.width).saturating_sub(1 + label.width() as u16)
            };
            index[k] = nodes.len();
            nodes.push(Placed {
                what: slot.what.clone(),
                hop: slot.hop,
                x,
                y: slot.row,
                label,
                parent: Some(index[parent_slot]),
                rel: slot.rel,
            });
            stack.extend(slot.kids.iter().rev().map(|c| (*c, k)));
        }
        wire_up(top, 0, s, cols, nodes, index, wires);
        for k in slot_order(slots, top) {
            wire_up(&slots[k].kids, k, s, cols, nodes, index, wires);
        }
    }
}

/// The slots of the subtrees in `tops`, parents before children.
fn slot_order(slots: &[Slot], tops: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> = tops.iter().rev().copied().collect();
    while let Some(k) = stack.pop() {
        out.push(k);
        stack.extend(slots[k].kids.iter().rev());
    }
    out
}

/// `+37 claims` (`+37 more` when the kinds are mixed).
fn fold_label(members: &[NodeRef], count: usize) -> String {
    let kind = |m: &NodeRef| match m {
        NodeRef::Entity(e) => e.kind(),
        NodeRef::Group { kind, .. } => *kind,
    };
    let kinds: Vec<EntityKind> = members.iter().map(kind).collect();
    match kinds.first() {
        Some(k) if kinds.iter().all(|x| x == k) => {
            let what = if count == 1 { k.as_str() } else { k.plural() };
            format!("+{count} {what}")
        }
        _ => format!("+{count} more"),
    }
}

/// The connector from slot `k` (on side `s`) to its children `kids`: along its row to the bus, down
/// the bus over its children's rows, and to each child's mark.
fn wire_up(
    kids: &[usize],
    k: usize,
    s: usize,
    cols: &Columns,
    nodes: &[Placed],
    index: &[usize],
    wires: &mut Vec<Wire>,
) {
    if kids.is_empty() {
        return;
    }
    let me = &nodes[index[k]];
    let hop = me.hop;
    // The gap beyond this node's column: its line, the bus, the children's marks.
    let (line_x, bus, mark_x, toward, back) = if s == 0 {
        let g = cols.x(hop, 0) + cols.width;
        (g, g + 1, g + 2, RIGHT, LEFT)
    } else {
        let g = cols.x(hop + 1, 1) + cols.width;
        (g + 2, g + 1, g, LEFT, RIGHT)
    };
    let (from, to) = if s == 0 {
        ((me.x + me.width() + 1).min(line_x), line_x)
    } else {
        (line_x, me.x.saturating_sub(2).max(line_x))
    };
    for x in from..=to {
        wires.push(Wire {
            x,
            y: me.y,
            dirs: LEFT | RIGHT,
            rel: None,
        });
    }
    let rows: Vec<u16> = kids.iter().map(|c| nodes[index[*c]].y).collect();
    let top = rows.iter().copied().chain([me.y]).min().unwrap_or(me.y);
    let bottom = rows.iter().copied().chain([me.y]).max().unwrap_or(me.y);
    for y in top..=bottom {
        let mut dirs = 0;
        if y > top {
            dirs |= UP;
        }
        if y < bottom {
            dirs |= DOWN;
        }
        if y == me.y {
            dirs |= back;
        }
        if rows.contains(&y) {
            dirs |= toward;
        }
        wires.push(Wire {
            x: bus,
            y,
            dirs,
            rel: None,
        });
    }
    for c in kids {
        let p = &nodes[index[*c]];
        wires.push(Wire {
            x: mark_x,
            y: p.y,
            dirs: LEFT | RIGHT,
            rel: p.rel,
        });
    }
}

/// Where the graph view draws: the graph's pane (nodes above, the legend on its last inner
/// row), Detail beside it (below it on narrow terminals, none on small ones), the status bar.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct GraphAreas {
    pub graph: Rect,
    pub nodes: Rect,
    pub legend: Option<Rect>,
    pub detail: Option<Rect>,
    pub status: Rect,
}

/// The graph view's areas in a `width` x `height` terminal with `top` rows kept for a banner.
pub fn areas(width: u16, height: u16, top: u16) -> GraphAreas {
    use ratatui::layout::{Constraint, Layout};
    let top = if height >= super::layout::MIN_HEIGHT + top {
        top
    } else {
        0
    };
    let area = Rect::new(0, top, width, height.saturating_sub(top));
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let (graph, detail) = if width >= 100 {
        let [g, d] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(body);
        (g, Some(d))
    } else if height >= 20 {
        let [g, d] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
        (g, Some(d))
    } else {
        (body, None)
    };
    let inner = Rect::new(
        graph.x + 1,
        graph.y + 1,
        graph.width.saturating_sub(2),
        graph.height.saturating_sub(2),
    );
    let (nodes, legend) = if inner.height >= 4 {
        let [n, l] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        (n, Some(l))
    } else {
        (inner, None)
    };
    GraphAreas {
        graph,
        nodes,
        legend,
        detail,
        status,
    }
}

/// How many of the graph's keys (`?`) a window `height` rows tall shows at once: the overlay
/// keeps a row above and below, and its border takes two.
pub fn keys_visible(height: u16) -> usize {
    height.saturating_sub(4) as usize
}

/// How many rows the graph's keys (`?`) take, from the keymap in force.
fn graph_keys_count(app: &super::App) -> usize {
    let title = super::keymap::Scope::Graph.title();
    app.keymap
        .help_sections()
        .into_iter()
        .find(|(t, _)| *t == title)
        .map_or(0, |(_, rows)| rows.len())
}

impl super::App {
    /// The graph view's areas at the app's size.
    pub fn graph_areas(&self) -> GraphAreas {
        areas(self.width, self.height, self.banner_rows())
    }

    /// `g`: the graph of the focused list's selection (or Detail's entity).
    pub(super) fn open_graph(&mut self) {
        let target = match self.focus.list() {
            Some(p) => self.list(p).current(),
            None => self.detail_target(),
        };
        let Some(e) = target else {
            self.status = Some("nothing selected to draw the graph of".into());
            return;
        };
        let mut g = GraphState::new(e);
        if self.focus == super::Pane::Detail {
            g.detail_focused = true;
            self.focus = self.shown.into();
        }
        self.mode = super::Mode::Graph(Box::new(g));
        self.settle_graph();
    }

    /// Lays the open graph out again if its centre, depth, relations or area changed.
    pub(super) fn settle_graph(&mut self) {
        let nodes = self.graph_areas().nodes;
        if let super::Mode::Graph(g) = &mut self.mode {
            g.settle(&self.kb, nodes);
        }
    }

    /// Takes the open graph out (the app browses meanwhile), as a reload must before the KB its
    /// entity numbers belong to is replaced.
    pub(super) fn take_graph(&mut self) -> Option<Box<GraphState>> {
        match std::mem::take(&mut self.mode) {
            super::Mode::Graph(g) => Some(g),
            other => {
                self.mode = other;
                None
            }
        }
    }

    /// After a reload: the graph taken out before it, its centres carried over by id (closed if
    /// its centre is gone).
    pub(super) fn graph_reloaded(&mut self, graph: Option<Box<GraphState>>, old: &Kb) {
        let Some(mut g) = graph else {
            return;
        };
        let Some(center) = self.kb.same_as_in(old, g.center) else {
            let before = self.status.take().unwrap_or_default();
            self.status = Some(format!(
                "{before} · the graph's centre is gone: graph closed"
            ));
            if g.detail_focused {
                self.focus = super::Pane::Detail;
            }
            return;
        };
        let want = g.selected_entity().and_then(|e| self.kb.same_as_in(old, e));
        g.center = center;
        g.trail = g
            .trail
            .iter()
            .filter_map(|e| self.kb.same_as_in(old, *e))
            .collect();
        g.laid = None;
        g.selected = 0;
        g.want = want.map(|e| Shown::Node(NodeRef::Entity(e)));
        self.mode = super::Mode::Graph(g);
        self.settle_graph();
    }

    /// A key in the graph view.
    pub(super) fn graph_mode(&mut self, a: super::Action) -> Vec<super::Effect> {
        use super::Action as A;
        let super::Mode::Graph(g) = &mut self.mode else {
            return Vec::new();
        };
        let moved = match a {
            A::Quit => return vec![super::Effect::Quit],
            A::ToggleHelp => {
                g.keys_shown = !g.keys_shown;
                g.keys_offset = 0;
                false
            }
            A::PageDown | A::PageUp => return self.graph_keys_scroll(a == A::PageDown),
            A::ToggleGraph | A::Close if g.keys_shown => {
                g.keys_shown = false;
                false
            }
            A::ToggleGraph | A::Close => {
                if g.detail_focused {
                    self.focus = super::Pane::Detail;
                }
                self.mode = super::Mode::Browse;
                return Vec::new();
            }
            A::Left => return self.graph_step(-1, 0),
            A::Right => return self.graph_step(1, 0),
            A::Up => return self.graph_step(0, -1),
            A::Down => return self.graph_step(0, 1),
            A::Top => {
                g.selected = 0;
                true
            }
            A::Activate => return self.graph_enter(),
            A::Back => {
                if !g.back() {
                    self.status = Some("no centre before this one (Esc closes the graph)".into());
                }
                true
            }
            A::Deeper | A::Shallower => {
                let depth = if a == A::Deeper {
                    g.depth + 1
                } else {
                    g.depth.saturating_sub(1)
                };
                if (1..=MAX_DEPTH).contains(&depth) {
                    g.depth = depth;
                } else {
                    self.status = Some(format!("the graph draws 1 to {MAX_DEPTH} hops"));
                }
                true
            }
            A::ToggleRelations(n) => {
                if let Some(f) = Family::ALL.get(usize::from(n).wrapping_sub(1)) {
                    g.kinds = f.toggle(g.kinds);
                }
                true
            }
            A::OpenNode => return self.graph_open_node(),
            A::NotInGraph(key) => {
                self.status = Some(format!(
                    "`{key}` works in the lists, not in the graph (? lists its keys)"
                ));
                false
            }
            // The graph stays open; `graph_reloaded` carries it over to the KB read.
            A::Reload => return super::update::reload(self),
            A::Click(x, y) => return self.graph_click(x, y),
            _ => false,
        };
        if moved {
            self.settle_graph();
        }
        Vec::new()
    }

    /// PgDn / PgUp: scrolls the graph's keys (`?`) when the window is too short for them.
    fn graph_keys_scroll(&mut self, down: bool) -> Vec<super::Effect> {
        let rows = graph_keys_count(self);
        let page = keys_visible(self.height);
        let super::Mode::Graph(g) = &mut self.mode else {
            return Vec::new();
        };
        if !g.keys_shown {
            self.status =
                Some("PgDn and PgUp scroll the keys (?); arrows move between nodes".into());
            return Vec::new();
        }
        let last = rows.saturating_sub(page);
        let at = g.keys_offset.min(last);
        g.keys_offset = if down {
            (at + page).min(last)
        } else {
            at.saturating_sub(page)
        };
        Vec::new()
    }

    /// An arrow or hjkl: the nearest node that way, or why there is none.
    fn graph_step(&mut self, dx: i32, dy: i32) -> Vec<super::Effect> {
        let super::Mode::Graph(g) = &mut self.mode else {
            return Vec::new();
        };
        if g.step(dx, dy) {
            return Vec::new();
        }
        let alone = g.laid.as_ref().is_some_and(|l| l.nodes.len() <= 1);
        self.status = Some(
            match alone {
                true if g.kinds == RelSet::none() => {
                    "every relation is hidden: 1-5 show them again"
                }
                true => "nothing linked to draw around the centre",
                false => "no node that way",
            }
            .into(),
        );
        Vec::new()
    }

    /// Enter: recentre on the selected entity; a group's members are listed beside already.
    fn graph_enter(&mut self) -> Vec<super::Effect> {
        let super::Mode::Graph(g) = &mut self.mode else {
            return Vec::new();
        };
        match g.selected_entity() {
            Some(e) if e == g.center => {
                self.status = Some("already the centre".into());
            }
            Some(e) => {
                g.recentre(e);
                self.note_visit(e);
                self.settle_graph();
            }
            None => {
                self.status =
                    Some("a group: its members are listed in Detail; open one from there".into());
            }
        }
        Vec::new()
    }

    /// `o`: leaves the graph for the selected entity in the lists.
    fn graph_open_node(&mut self) -> Vec<super::Effect> {
        let super::Mode::Graph(g) = &self.mode else {
            return Vec::new();
        };
        match g.selected_entity() {
            Some(e) => {
                self.mode = super::Mode::Browse;
                self.go_to(e);
            }
            None => self.status = Some("a group has no place in the lists".into()),
        }
        Vec::new()
    }

    /// A click selects the node under it; a click on the selected node recentres on it.
    fn graph_click(&mut self, x: u16, y: u16) -> Vec<super::Effect> {
        let super::Mode::Graph(g) = &mut self.mode else {
            return Vec::new();
        };
        let Some(laid) = &g.laid else {
            return Vec::new();
        };
        let hit = laid
            .nodes
            .iter()
            .position(|p| p.y == y && x >= p.x && x < p.x + p.width());
        match hit {
            Some(i) if i == g.selected => self.graph_enter(),
            Some(i) => {
                g.selected = i;
                Vec::new()
            }
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::load_texts;
    use std::borrow::Cow;
    use std::collections::HashSet;
    use std::fmt::Write as _;

    /// `a` said `n` claims, each about `b`; `a` is affiliated with `org`, which published `s`.
    fn talker(n: usize) -> Kb {
        let mut y = "actors:
  - {id: a, name: Alpha, kind: person, affiliations: [org]}
  - {id: b, name: Beta, kind: person}
  - {id: org, name: Org, kind: organisation}
sources:
  - {id: s, title: Source, publisher: org}
meetings:
  - {id: m, title: Meeting, status: held, participants: [a, b], sources: [s]}
claims:
"
        .to_string();
        for i in 0..n {
            let _ = writeln!(
                y,
                "  - {{id: c{i}, text: T{i:03}, by: a, source: s, about: [b]}}"
            );
        }
        load_texts("t", vec![("t.yaml".into(), Cow::Owned(y))]).unwrap()
    }

    fn laid(kb: &Kb, id: &str, depth: u32, area: Rect) -> Laid {
        let key = LayoutKey {
            center: kb.lookup(id).unwrap(),
            depth,
            kinds: RelSet::all(),
            area,
        };
        lay_out_key(kb, key)
    }

    /// Labels and connectors inside the area, no cell used twice.
    fn check(l: &Laid, area: Rect) {
        let mut used = HashSet::new();
        for p in &l.nodes {
            assert!(!p.label.is_empty(), "{p:?}");
            assert!(
                p.x >= area.x && p.x + p.width() <= area.x + area.width,
                "{p:?}"
            );
            assert!(
                p.y >= area.y && p.y < area.y + area.height,
                "{p:?} {area:?}"
            );
            for x in p.x..p.x + p.width() {
                assert!(used.insert((x, p.y)), "label over a cell used: {p:?}");
            }
        }
        for w in &l.wires {
            assert!(area.contains((w.x, w.y).into()), "{w:?} {area:?}");
            assert!(used.insert((w.x, w.y)), "connector over a cell used: {w:?}");
        }
    }

    #[test]
    fn every_bundled_neighbourhood_fits_without_overlaps() {
        let kb = crate::kb::load_bundled().unwrap();
        let areas = [
            Rect::new(1, 1, 78, 11),
            Rect::new(1, 1, 70, 36),
            Rect::new(0, 2, 118, 20),
            Rect::new(1, 1, 20, 3),
            Rect::new(0, 0, 5, 1),
        ];
        for kind in EntityKind::ALL {
            for e in kb.all_of(*kind) {
                for depth in 1..=MAX_DEPTH {
                    for area in areas {
                        let key = LayoutKey {
                            center: e,
                            depth,
                            kinds: RelSet::all(),
                            area,
                        };
                        let l = lay_out_key(&kb, key);
                        check(&l, area);
                        assert_eq!(l.nodes[0].what, Shown::Node(NodeRef::Entity(e)));
                        assert_eq!(l, lay_out_key(&kb, key), "deterministic");
                    }
                }
            }
        }
    }

    #[test]
    fn past_fifty_neighbours_the_rest_are_folded_and_counted() {
        let kb = talker(120);
        let area = Rect::new(0, 0, 100, 10);
        let l = laid(&kb, "a", 1, area);
        check(&l, area);
        let labels: Vec<&str> = l.nodes.iter().map(|p| p.label.as_str()).collect();
        // Ten rows a side: nine neighbours and a fold of the rest on each.
        assert_eq!(l.nodes.len(), 1 + 10 + 10, "{labels:?}");
        let claims = |w: &Shown| match w {
            Shown::Node(NodeRef::Entity(EntityRef::Claim(_))) => 1,
            Shown::Node(NodeRef::Group { count, .. }) | Shown::Fold { count, .. } => *count,
            Shown::Node(_) => 0,
        };
        assert_eq!(l.nodes.iter().map(|p| claims(&p.what)).sum::<usize>(), 120);
        let folds = l
            .nodes
            .iter()
            .filter(|p| matches!(p.what, Shown::Fold { .. }))
            .count();
        assert_eq!(folds, 2, "{labels:?}");
        assert!(labels.contains(&"+18 claims"), "{labels:?}");
        // In a large area the view's own group (past 50 by one relation) shows as it is.
        let big = Rect::new(0, 0, 200, 120);
        let l = laid(&kb, "a", 1, big);
        check(&l, big);
        let labels: Vec<&str> = l.nodes.iter().map(|p| p.label.as_str()).collect();
        assert!(labels.contains(&"+70 claims"), "{labels:?}");
        assert_eq!(l.nodes.len(), 1 + 1 + 1 + 50 + 1);
    }

    #[test]
    fn neighbours_sit_either_side_sorted_by_relation_then_label() {
        let kb = talker(4);
        let area = Rect::new(0, 0, 90, 20);
        let l = laid(&kb, "a", 1, area);
        let centre = &l.nodes[0];
        assert_eq!(centre.label, "Alpha");
        let right: Vec<&str> = l.nodes[1..]
            .iter()
            .filter(|p| p.x > centre.x)
            .map(|p| p.label.as_str())
            .collect();
        let left: Vec<&str> = l.nodes[1..]
            .iter()
            .filter(|p| p.x < centre.x)
            .map(|p| p.label.as_str())
            .collect();
        assert_eq!(right, ["Org", "Meeting", "Alpha: T000"]);
        assert_eq!(left, ["Alpha: T001", "Alpha: T002", "Alpha: T003"]);
        let rels: Vec<Option<Rel>> = l.nodes.iter().map(|p| p.rel).collect();
        assert_eq!(rels[1], Some(Rel::Affiliation));
        // Every neighbour's line ends in its relation's mark, beside it.
        for p in &l.nodes[1..] {
            let beside = if p.x > centre.x {
                p.x - 2
            } else {
                p.x + p.width() + 1
            };
            assert!(
                l.wires
                    .iter()
                    .any(|w| (w.x, w.y) == (beside, p.y) && w.rel == p.rel),
                "{p:?}"
            );
        }
    }

    #[test]
    fn spatial_moves_go_the_right_way() {
        let kb = talker(6);
        let area = Rect::new(0, 0, 100, 24);
        let mut st = GraphState::new(kb.lookup("a").unwrap());
        st.depth = 2;
        st.settle(&kb, area);
        let laid = st.laid.clone().unwrap();
        let at = |st: &GraphState| laid.nodes[st.selected].clone();
        let c = at(&st);
        assert!(st.step(1, 0));
        let r = at(&st);
        assert!(r.x > c.x && r.hop == 1, "{r:?}");
        assert!(st.step(0, 1));
        let d = at(&st);
        assert!(d.y > r.y, "{d:?}");
        assert!(st.step(-1, 0));
        assert!(at(&st).middle().0 < d.middle().0);
        st.selected = 0;
        assert!(st.step(-1, 0));
        assert!(at(&st).x < c.x);
        // Nothing further up than the top row.
        let top = laid.nodes.iter().map(|p| p.y).min().unwrap();
        st.selected = laid.nodes.iter().position(|p| p.y == top).unwrap();
        assert!(!st.step(0, -1));
    }

    #[test]
    fn recentring_and_back_keep_the_trail() {
        let kb = talker(3);
        let area = Rect::new(0, 0, 100, 24);
        let a = kb.lookup("a").unwrap();
        let org = kb.lookup("org").unwrap();
        let mut st = GraphState::new(a);
        st.settle(&kb, area);
        st.recentre(org);
        st.settle(&kb, area);
        assert_eq!(st.selected_entity(), Some(org));
        assert_eq!(st.laid.as_ref().unwrap().key.center, org);
        assert!(st.back());
        st.settle(&kb, area);
        assert_eq!(st.center, a);
        assert_eq!(
            st.selected_entity(),
            Some(org),
            "the centre left is selected"
        );
        assert!(!st.back());
        let kinds = Family::Claims.toggle(st.kinds);
        assert!(!Family::Claims.is_on(kinds) && Family::Sources.is_on(kinds));
        assert_eq!(Family::Claims.toggle(kinds), RelSet::all());
    }
}
