//! The graph view: the laid-out graph ([`crate::app::graph`]) drawn into buffer cells, with
//! box-drawing connectors, each relation's mark beside the node it leads to (coloured by family),
//! the legend of marks and of the families shown (keys 1-5), and Detail beside it showing the
//! selected node (for a group, the entities it stands for). Labels were neutralised and fitted
//! by the layout; group texts here are neutralised here.

use super::theme::Theme;
use super::{detail, fit, fit_name_in, pane_block, safe, status};
use crate::app::graph::{
    DOWN, Family, GraphAreas, GraphState, LEFT, Laid, LayoutKey, Placed, RIGHT, Shown, UP,
    lay_out_key, mark,
};
use crate::app::{App, Pane};
use crate::kb::{NodeRef, Rel};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The style of a relation's lines and mark.
fn rel_style(theme: &Theme, rel: Rel) -> Style {
    match rel {
        Rel::Contradicts => theme.warn,
        Rel::Supports => theme.grades[0],
        Rel::Qualifies => theme.grades[3],
        r => match Family::of(r) {
            Family::Affiliations => theme.accent,
            Family::Meetings => theme.date,
            Family::Sources => theme.grade,
            Family::Claims | Family::ClaimLinks => theme.bold,
        },
    }
}

/// The box-drawing character joining the directions in `dirs`.
fn line_char(dirs: u8) -> &'static str {
    match dirs {
        d if d == UP | DOWN | LEFT | RIGHT => "┼",
        d if d == UP | DOWN | RIGHT => "├",
        d if d == UP | DOWN | LEFT => "┤",
        d if d == DOWN | LEFT | RIGHT => "┬",
        d if d == UP | LEFT | RIGHT => "┴",
        d if d == DOWN | RIGHT => "┌",
        d if d == DOWN | LEFT => "┐",
        d if d == UP | RIGHT => "└",
        d if d == UP | LEFT => "┘",
        d if d & (UP | DOWN) != 0 && d & (LEFT | RIGHT) == 0 => "│",
        _ => "─",
    }
}

/// The whole screen while the graph is open.
pub fn draw(frame: &mut Frame, app: &App, g: &GraphState, theme: &Theme, area: Rect) {
    let a: GraphAreas = crate::app::graph::areas(area.width, area.height, app.banner_rows());
    let key = LayoutKey {
        center: g.center,
        depth: g.depth,
        kinds: g.kinds,
        area: a.nodes,
    };
    // The layout made in `update` is used as long as it fits what is drawn; a frame of another
    // size (it can lead the app's) gets its own, once.
    let fresh;
    let laid = match &g.laid {
        Some(l) if l.key == key => l,
        _ => {
            fresh = lay_out_key(&app.kb, key);
            &fresh
        }
    };
    let selected = g.selected.min(laid.nodes.len().saturating_sub(1));
    draw_graph(frame, app, g, laid, selected, theme, &a);
    if let Some(rect) = a.detail {
        match laid.nodes.get(selected).map(|p| &p.what) {
            Some(Shown::Node(NodeRef::Entity(_))) => detail::draw(frame, app, theme, rect),
            Some(what) => group(frame, app, theme, laid, what, rect),
            None => {}
        }
    }
    status::draw(frame, app, theme, a.status);
    if g.keys_shown {
        keys(frame, app, theme, area, g.keys_offset);
    }
}

/// The graph's keys (`?`), from the keymap in force, over the graph.
fn keys(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, offset: usize) {
    use crate::app::keymap::Scope;
    use ratatui::widgets::{Block, BorderType, Borders, Clear};
    let rows: Vec<(String, &str)> = app
        .keymap
        .help_sections()
        .into_iter()
        .find(|(title, _)| *title == Scope::Graph.title())
        .map(|(_, rows)| rows)
        .unwrap_or_default();
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let width = area.width.saturating_sub(4).min(76);
    let height = (rows.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let inner_width = width.saturating_sub(2) as usize;
    let lines: Vec<Line> = rows
        .iter()
        .map(|(k, help)| {
            let help = fit(help, inner_width.saturating_sub(key_width + 2));
            Line::from(vec![
                Span::styled(format!("{k:<key_width$}  "), theme.bold),
                Span::raw(help),
            ])
        })
        .collect();
    // Too short a window for them all: PgDn / PgUp scroll (the title says so).
    let page = crate::app::graph::keys_visible(area.height);
    let offset = offset.min(rows.len().saturating_sub(page));
    let title = if rows.len() > page {
        " Graph keys · PgDn PgUp scroll · ? or Esc closes "
    } else {
        " Graph keys · ? or Esc closes "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.accent)
        .title(title);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((offset as u16, 0)),
        rect,
    );
}

/// The graph's pane: title, connectors, labels, legend.
fn draw_graph(
    frame: &mut Frame,
    app: &App,
    g: &GraphState,
    laid: &Laid,
    selected: usize,
    theme: &Theme,
    a: &GraphAreas,
) {
    let name = safe(app.kb.title_of(g.center));
    let hops = if g.depth == 1 { "hop" } else { "hops" };
    let fewer = if laid.hops < g.depth && laid.nodes.len() > 1 {
        format!(" (room for {})", laid.hops)
    } else {
        String::new()
    };
    let counts = format!(
        " · {} {hops}{fewer} · {}/{} nodes ",
        g.depth,
        laid.nodes.len(),
        laid.reached
    );
    // The hops and node count matter more than the whole of a long claim's text.
    let title = fit_name_in(
        " Graph · ",
        &name,
        &counts,
        a.graph.width.saturating_sub(4) as usize,
    );
    let block = pane_block(app, theme, app.focus, title)
        .border_type(ratatui::widgets::BorderType::Thick)
        .border_style(theme.accent);
    frame.render_widget(block, a.graph);
    let buf = frame.buffer_mut();
    let clip = a.nodes.intersection(buf.area);
    for w in &laid.wires {
        if !clip.contains((w.x, w.y).into()) {
            continue;
        }
        let (symbol, style) = match w.rel {
            Some(r) => (
                mark(r).to_string(),
                rel_style(theme, r).add_modifier(Modifier::BOLD),
            ),
            None => (line_char(w.dirs).to_string(), theme.dim),
        };
        buf[(w.x, w.y)].set_symbol(&symbol).set_style(style);
    }
    for (i, p) in laid.nodes.iter().enumerate() {
        let style = node_style(theme, p, i == 0, i == selected);
        let width = clip.right().saturating_sub(p.x);
        if p.y >= clip.top() && p.y < clip.bottom() && p.x >= clip.left() {
            buf.set_stringn(p.x, p.y, &p.label, width as usize, style);
        }
    }
    if let Some(rect) = a.legend {
        frame.render_widget(Paragraph::new(legend(g, theme, rect.width)), rect);
    }
}

fn node_style(theme: &Theme, p: &Placed, centre: bool, selected: bool) -> Style {
    let base = match &p.what {
        _ if centre => theme.bold,
        Shown::Fold { .. } | Shown::Node(NodeRef::Group { .. }) => theme.dim,
        Shown::Node(_) => Style::new(),
    };
    if selected {
        theme.selected.add_modifier(Modifier::BOLD)
    } else {
        base
    }
}

/// The legend: each family's key, name, marks and whether it is shown; short names when the
/// full ones do not fit, cut at the width when even those do not.
fn legend(g: &GraphState, theme: &Theme, width: u16) -> Line<'static> {
    // Names shrink, then go (the marks stay), before a family falls off the end: which
    // families are off, and their keys, matter most when the graph looks empty.
    // `names`: None for none, Some(true) for the short ones.
    let items = |names: Option<bool>| -> Vec<(String, Style)> {
        Family::ALL
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let on = f.is_on(g.kinds);
                let mut marks = String::new();
                for m in f.rels().map(mark) {
                    if !marks.contains(m) {
                        marks.push(m);
                    }
                }
                let name = match names {
                    Some(true) => format!("{} ", f.short_name()),
                    Some(false) => format!("{} ", f.name()),
                    None => String::new(),
                };
                let off = if on { "" } else { " off" };
                let style = match f.rels().next() {
                    Some(r) if on => rel_style(theme, r),
                    _ => theme.dim.add_modifier(Modifier::CROSSED_OUT),
                };
                (format!("{} {name}{marks}{off} ", i + 1), style)
            })
            .collect()
    };
    let len = |v: &[(String, Style)]| v.iter().map(|(t, _)| t.chars().count()).sum::<usize>();
    let chosen = [Some(false), Some(true)]
        .into_iter()
        .map(items)
        .find(|v| len(v) <= width as usize + 1)
        .unwrap_or_else(|| items(None));
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (text, style) in chosen {
        let n = text.chars().count();
        if used + n > width as usize + 1 {
            break;
        }
        used += n;
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

/// Detail for a group node: what it stands for, and its members (those not drawn) as far as
/// the rows go.
fn group(frame: &mut Frame, app: &App, theme: &Theme, laid: &Laid, what: &Shown, area: Rect) {
    let block = pane_block(app, theme, Pane::Detail, " Detail · group ".into());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let rows = inner.height as usize;
    let kb = &app.kb;
    let (of, members): (_, Vec<NodeRef>) = match what {
        Shown::Fold { of, members, .. } => (*of, members.clone()),
        Shown::Node(NodeRef::Group { of, rel, .. }) => {
            let drawn = |e: &crate::kb::EntityRef| {
                laid.nodes
                    .iter()
                    .any(|p| p.what == Shown::Node(NodeRef::Entity(*e)))
            };
            // Bounded: as many as could be drawn, plus a screen's worth.
            let found = kb.neighbours_by(*of, *rel, laid.nodes.len() + rows);
            let members = found.into_iter().filter(|e| !drawn(e));
            (Some(*of), members.map(NodeRef::Entity).collect())
        }
        Shown::Node(_) => return,
    };
    let mut lines = vec![Line::styled(fit(&group_heading(what), width), theme.bold)];
    if let Some(of) = of {
        let near = format!("neighbours of {}", safe(kb.title_of(of)));
        lines.push(Line::styled(fit(&near, width), theme.dim));
    }
    lines.push(Line::raw(""));
    for m in members.iter().take(rows.saturating_sub(lines.len())) {
        let text = safe(&kb.node_label(*m));
        lines.push(Line::from(vec![
            Span::styled("· ", theme.dim),
            Span::raw(fit(&text, width.saturating_sub(2))),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn group_heading(what: &Shown) -> String {
    match what {
        Shown::Fold { count, .. } => format!("{count} more, folded to fit the rows"),
        Shown::Node(NodeRef::Group { count, rel, .. }) => {
            format!("{count} more by \"{}\", past the view's limit", rel.label())
        }
        Shown::Node(_) => String::new(),
    }
}
