//! Churn: additions and removals per second over the window, and the newest events.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Sparkline};
use ratatui::Frame;

use super::super::state::{TopState, WINDOW_S};
use super::super::theme::Theme;
use super::{cell, clock};

/// Per-second counts of the window, oldest first, exactly `WINDOW_S` of them.
pub fn series(state: &TopState) -> (Vec<u64>, Vec<u64>) {
    let now_s = state.now_ms.div_euclid(1000);
    let mut added = vec![0u64; WINDOW_S];
    let mut removed = vec![0u64; WINDOW_S];
    for c in &state.shown().churn {
        let back = now_s - c.second;
        if (0..WINDOW_S as i64).contains(&back) {
            let i = WINDOW_S - 1 - back as usize;
            added[i] = u64::from(c.added);
            removed[i] = u64::from(c.removed);
        }
    }
    (added, removed)
}

pub fn draw(frame: &mut Frame, area: Rect, state: &TopState, theme: &Theme) {
    let block = Block::bordered().title(format!(" churn, last {WINDOW_S}s "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let spark_w = (inner.width / 3).clamp(10, WINDOW_S as u16 + 4);
    let [spark, log] =
        Layout::horizontal([Constraint::Length(spark_w), Constraint::Min(10)]).areas(inner);
    let (added, removed) = series(state);
    let half = spark.height / 2;
    let [a_area, r_area] =
        Layout::vertical([Constraint::Length(half.max(1)), Constraint::Min(1)]).areas(spark);
    let bars = usize::from(spark_w.saturating_sub(3));
    let tail = |v: &[u64]| v[v.len().saturating_sub(bars)..].to_vec();
    for (label, data, style, area) in [
        ("+ ", tail(&added), theme.good(), a_area),
        ("- ", tail(&removed), theme.bad(), r_area),
    ] {
        let [l, s] = Layout::horizontal([Constraint::Length(2), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(Span::styled(label, style)), l);
        frame.render_widget(Sparkline::default().data(&data).style(style), s);
    }
    let shown = state.shown();
    let lines: Vec<Line> = shown
        .log
        .iter()
        .rev()
        .take(usize::from(log.height))
        .map(|e| {
            let style = match e.mark {
                '+' => theme.good(),
                '-' => theme.bad(),
                _ => theme.warn(),
            };
            Line::from(vec![
                Span::styled(clock(e.time_ms), theme.dim()),
                Span::raw(" "),
                Span::styled(e.mark.to_string(), style),
                Span::raw(format!(
                    " {} {} {}",
                    cell(&e.service.to_string(), 40),
                    cell(&e.address, 24),
                    cell(&e.what, 40)
                )),
            ])
        })
        .collect();
    let body = if lines.is_empty() {
        Paragraph::new(Span::styled("no changes yet", theme.dim()))
    } else {
        Paragraph::new(lines)
    };
    frame.render_widget(body, log.inner(ratatui::layout::Margin::new(1, 0)));
}
