//! The palette popup: the query line, then commands (with their keys) and entities (with their
//! kind and the matched characters marked), the selected row highlighted.

use super::rows::result_row;
use super::theme::Theme;
use super::{fit, note, prompt, safe};
use crate::app::keymap::Keymap;
use crate::app::palette::command_label;
use crate::app::{App, PaletteItem, PaletteState, layout};
use crate::search::Query;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

fn title(p: &PaletteState, recent: usize) -> String {
    let what = if p.commands {
        "Commands and entities"
    } else {
        "Jump to"
    };
    let commands = p
        .items
        .iter()
        .filter(|i| matches!(i, PaletteItem::Command(_)))
        .count();
    let entities = p.items.len() - commands;
    let count = match (p.search.text().trim().is_empty(), p.commands) {
        (true, true) => format!("{commands} commands, {recent} recent"),
        (true, false) => format!("{recent} recent"),
        (false, true) => format!("{commands} commands, {entities}/{} entities", p.total),
        (false, false) => format!("{entities}/{}", p.total),
    };
    let pending = if p.search.is_pending() { " …" } else { "" };
    format!(" {what} · {count}{pending} ")
}

fn command_row(keymap: &Keymap, i: usize, theme: &Theme, width: usize) -> Vec<Span<'static>> {
    let (name, key) = command_label(keymap, i);
    let help = crate::app::keymap::BINDINGS[i].help;
    let head = format!("command :{name:<12}");
    let rest = width.saturating_sub(head.width() + key.width() + 2);
    let text = fit(help, rest);
    let pad = width.saturating_sub(head.width() + text.width() + key.width() + 1);
    vec![
        Span::styled(head, theme.accent),
        Span::raw(text),
        Span::raw(" ".repeat(pad + 1)),
        Span::styled(key, theme.bold),
    ]
}

pub fn draw(frame: &mut Frame, app: &App, p: &PaletteState, theme: &Theme, area: Rect) {
    let rect = layout::popup_rect(area.width, area.height);
    frame.render_widget(Clear, rect);
    let recent = app.recent.len().min(p.items.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.accent)
        .title(fit(
            &title(p, recent),
            rect.width.saturating_sub(4) as usize,
        ))
        .title_alignment(Alignment::Center);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return;
    }
    let sigil = if p.commands { ":" } else { ">" };
    let s = &p.search;
    let line = Rect::new(inner.x, inner.y, inner.width, 1);
    prompt::draw(
        frame,
        theme,
        sigil,
        &s.line,
        s.is_pending(),
        s.error.is_some(),
        line,
    );
    let list = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1),
    );
    let width = list.width as usize;
    if let Some(e) = &s.error {
        note(frame, theme, &safe(&e.to_string()), list);
        return;
    }
    if p.items.is_empty() && !s.is_pending() {
        let msg = if s.text().trim().is_empty() {
            "type to search every actor, meeting, claim and source"
        } else {
            "no match"
        };
        note(frame, theme, msg, list);
        return;
    }
    let query = Query::parse(s.text()).unwrap_or_default();
    let lines: Vec<Line> = p
        .items
        .iter()
        .enumerate()
        .skip(p.offset)
        .take(list.height as usize)
        .map(|(i, item)| {
            let spans = match item {
                PaletteItem::Command(c) => command_row(&app.keymap, *c, theme, width),
                PaletteItem::Entity(e, hit) => {
                    let kind = format!("{:<8}", e.kind().as_str());
                    let mut spans = vec![Span::styled(kind, theme.date)];
                    let w = width.saturating_sub(8);
                    spans.extend(result_row(&app.kb, theme, &query, hit.as_ref(), *e, w));
                    spans
                }
            };
            let line = Line::from(spans);
            if i == p.selected {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
