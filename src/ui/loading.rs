//! The loading screen: the browser's frame with the KB's path and a progress bar (files and
//! bytes read, entities validated, an estimate of the time left) while the KB loads.

use super::theme::Theme;
use crate::app::loading::Loading;
use crate::text::width::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};

/// Draws the loading screen for `state`.
pub fn draw(frame: &mut Frame, state: &Loading) {
    let area = frame.area();
    let theme = Theme::new(state.no_color);
    let title = format!(" arctic-brief: {} ", crate::text::line(&state.label));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(fit(&title, area.width.saturating_sub(2) as usize));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [_, head, bar, stats, _, hint] = Layout::vertical([
        Constraint::Percentage(40),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);
    let width = inner.width as usize;
    let line = |s: &str| Line::raw(fit(s, width));
    frame.render_widget(Paragraph::new(line("Loading the knowledge base…")), head);
    let fraction = state.progress.fraction();
    frame.render_widget(
        Gauge::default()
            .gauge_style(theme.selected)
            .ratio(fraction)
            .label(format!("{:.0}%", fraction * 100.0)),
        bar,
    );
    frame.render_widget(
        Paragraph::new(line(&state.progress.describe(state.elapsed))),
        stats,
    );
    frame.render_widget(Paragraph::new(line("q quit")), hint);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::progress::ProgressSnapshot;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::time::Duration;

    #[test]
    fn shows_the_path_a_bar_the_counts_and_how_to_quit() {
        let mut state = Loading::new("/kb/\x1b[31mred", true);
        state.progress = ProgressSnapshot {
            files_total: 4,
            bytes_total: 100 << 20,
            files_done: 2,
            bytes_done: 50 << 20,
            entities: 1234,
        };
        state.elapsed = Duration::from_secs(2);
        let mut t = Terminal::new(TestBackend::new(70, 12)).unwrap();
        t.draw(|f| draw(f, &state)).unwrap();
        let screen: String = t
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("arctic-brief: /kb/"), "{screen}");
        assert!(!screen.contains('\x1b'), "the path is neutralised");
        assert!(screen.contains("50%"), "{screen}");
        assert!(
            screen.contains("2/4 files  50/100 MB  1234 entities  ~2 s left"),
            "{screen}"
        );
        assert!(screen.contains("q quit"), "{screen}");
    }
}
