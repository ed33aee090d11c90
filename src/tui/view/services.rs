//! The services view: one row per service key with its providers, consumers, churn and load.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};
use ratatui::Frame;

use super::super::state::TopState;
use super::super::theme::Theme;
use super::{cell, fit, rate, Col};

const COLS: [Col; 6] = [
    Col {
        header: "SERVICE",
        width: 34,
        priority: 0,
        wide_only: false,
    },
    Col {
        header: "PROVIDERS",
        width: 9,
        priority: 0,
        wide_only: false,
    },
    Col {
        header: "CONSUMERS",
        width: 9,
        priority: 2,
        wide_only: false,
    },
    Col {
        header: "CHURN",
        width: 9,
        priority: 1,
        wide_only: false,
    },
    Col {
        header: "ACTIVE",
        width: 6,
        priority: 0,
        wide_only: false,
    },
    Col {
        header: "CALLS/S",
        width: 8,
        priority: 1,
        wide_only: false,
    },
];

pub fn draw(frame: &mut Frame, area: Rect, state: &TopState, theme: &Theme) {
    let rows = state.service_rows();
    let inner_width = area.width.saturating_sub(4);
    let keep = fit(&COLS, inner_width, state.wide);
    // The service name takes what the fixed columns leave.
    let fixed: u16 = keep
        .iter()
        .filter(|&&i| i != 0)
        .map(|&i| COLS[i].width + 1)
        .sum();
    let name_width = inner_width
        .saturating_sub(fixed)
        .max(COLS[0].width.min(inner_width));
    let header = Row::new(keep.iter().map(|&i| Cell::from(COLS[i].header))).style(theme.header());
    let visible = usize::from(area.height.saturating_sub(3));
    let start = super::window_start(state.selected, visible);
    // Only the rows on screen become widgets: 10k services must not mean 10k rows a frame.
    let body = rows.iter().skip(start).take(visible).map(|(key, _, t)| {
        let churn = if t.added + t.removed == 0 {
            Line::from("-")
        } else {
            Line::from(vec![
                Span::styled(format!("+{}", t.added), theme.good()),
                Span::raw("/"),
                Span::styled(format!("-{}", t.removed), theme.bad()),
            ])
        };
        let providers = if t.disabled > 0 {
            Line::from(vec![
                Span::raw(format!("{}/", t.enabled)),
                Span::styled(format!("{}d", t.disabled), theme.warn()),
            ])
        } else {
            Line::from(t.enabled.to_string())
        };
        let cells: Vec<Cell> = keep
            .iter()
            .map(|&i| match i {
                0 => Cell::from(cell(&key.to_string(), usize::from(name_width))),
                1 => Cell::from(providers.clone()),
                2 => Cell::from(t.consumers.to_string()),
                3 => Cell::from(churn.clone()),
                4 => Cell::from(t.active.map_or("-".into(), |a| a.to_string())),
                _ => Cell::from(rate(t.calls_per_s)),
            })
            .collect();
        Row::new(cells)
    });
    let widths: Vec<Constraint> = keep
        .iter()
        .map(|&i| {
            if i == 0 {
                Constraint::Length(name_width)
            } else {
                Constraint::Length(COLS[i].width)
            }
        })
        .collect();
    let title = format!(" services ({}){} ", rows.len(), sort_note(state));
    let table = Table::new(body, widths)
        .header(header)
        .block(Block::bordered().title(title))
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶ ");
    let mut ts = TableState::default().with_selected(if rows.is_empty() {
        None
    } else {
        Some(state.selected - start)
    });
    frame.render_stateful_widget(table, area, &mut ts);
    if rows.is_empty() {
        let msg = if !state.loaded {
            "reading the registry..."
        } else if state.filter.text.is_empty() {
            "no services in scope"
        } else {
            "no service matches the filter (Esc clears it)"
        };
        let inner = Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: 1,
        };
        frame.render_widget(
            ratatui::widgets::Paragraph::new(msg).style(theme.dim()),
            inner,
        );
    }
}

pub(super) fn sort_note(state: &TopState) -> String {
    match state.sort {
        None => String::new(),
        Some((k, rev)) => {
            format!(" sorted by {k:?}{}", if rev { " (reversed)" } else { "" }).to_lowercase()
        }
    }
}
