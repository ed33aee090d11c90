//! The providers view of one service: state, weight, registration (and how: interface or
//! application level) and the ACTIVE figures.

use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};
use ratatui::Frame;

use super::super::state::{RowState, TopState};
use super::super::theme::Theme;
use super::services::sort_note;
use super::{age, cell, fit, millis, rate, Col};
use crate::output::short_duration;
use crate::registry::url::ServiceKey;

const COLS: [Col; 15] = [
    Col {
        header: "ADDRESS",
        width: 21,
        priority: 0,
        wide_only: false,
    },
    Col {
        header: "MARK",
        width: 7,
        priority: 1,
        wide_only: false,
    },
    Col {
        header: "APPLICATION",
        width: 18,
        priority: 4,
        wide_only: false,
    },
    Col {
        header: "STATE",
        width: 10,
        priority: 0,
        wide_only: false,
    },
    Col {
        header: "WEIGHT",
        width: 9,
        priority: 2,
        wide_only: false,
    },
    Col {
        header: "REG",
        width: 7,
        priority: 5,
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
        width: 7,
        priority: 1,
        wide_only: false,
    },
    Col {
        header: "ERR/S",
        width: 5,
        priority: 3,
        wide_only: false,
    },
    Col {
        header: "MEAN",
        width: 7,
        priority: 3,
        wide_only: false,
    },
    Col {
        header: "UPTIME",
        width: 6,
        priority: 5,
        wide_only: false,
    },
    Col {
        header: "CHANGED",
        width: 7,
        priority: 4,
        wide_only: false,
    },
    Col {
        header: "SOURCE",
        width: 7,
        priority: 6,
        wide_only: true,
    },
    Col {
        header: "PROTOCOL",
        width: 8,
        priority: 7,
        wide_only: true,
    },
    // Dubbo 3 instances, or registered both ways: worth a column when there is room.
    Col {
        header: "DISCOVERY",
        width: 11,
        priority: 6,
        wide_only: false,
    },
];

pub fn draw(frame: &mut Frame, area: Rect, state: &TopState, key: &ServiceKey, theme: &Theme) {
    let now = state.now_ms;
    let rows = state.provider_rows(key);
    let keep = fit(&COLS, area.width.saturating_sub(4), state.wide);
    let header = Row::new(keep.iter().map(|&i| Cell::from(COLS[i].header))).style(theme.header());
    let visible = usize::from(area.height.saturating_sub(3));
    let start = super::window_start(state.selected, visible);
    let body = rows.iter().skip(start).take(visible).map(|r| {
        let st = r.state(now);
        let shown = r.shown();
        let p = &r.provider;
        let registered = p.url.weight().unwrap_or(100);
        let weight = if registered == p.effective.weight {
            registered.to_string()
        } else {
            format!("{registered}→{}", p.effective.weight)
        };
        let mark = if r.removed_ms.is_some() {
            "removed"
        } else if r.is_new(now) {
            "new"
        } else {
            ""
        };
        let state_word = match st {
            // The tombstone's last registry state; MARK says it left.
            RowState::Removed if !p.effective.enabled => RowState::Disabled.as_str(),
            RowState::Removed => "-",
            s => s.as_str(),
        };
        let cells: Vec<Cell> = keep
            .iter()
            .map(|&i| {
                let text = match i {
                    0 => cell(&r.address(), 21),
                    1 => mark.to_string(),
                    2 => cell(p.url.application().unwrap_or("-"), 18),
                    3 => state_word.to_string(),
                    4 => weight.clone(),
                    5 => p.registration.as_str().to_string(),
                    6 => shown.map_or("-".into(), |(_, c, _)| c.active.to_string()),
                    7 => rate(shown.and_then(|(_, _, s)| s.calls_per_s)),
                    8 => rate(shown.and_then(|(_, _, s)| s.errors_per_s)),
                    9 => millis(shown.and_then(|(_, c, _)| c.mean_ms)),
                    10 => p.uptime_ms(now).map_or("-".into(), short_duration),
                    11 => age(now, r.last_change_ms),
                    12 => shown.map_or("-".into(), |(k, _, _)| k.as_str().to_string()),
                    13 => cell(&p.url.protocol, 8),
                    _ => p.discovery.as_str().to_string(),
                };
                let style = match (i, st) {
                    (1, _) if r.removed_ms.is_some() => theme.bad(),
                    (1, _) => theme.new_row(),
                    (3, RowState::Disabled) => theme.bad(),
                    (3, RowState::Warming) => theme.warn(),
                    (3, RowState::Enabled) => theme.good(),
                    _ => ratatui::style::Style::default(),
                };
                Cell::from(text).style(style)
            })
            .collect();
        let row = Row::new(cells);
        if r.removed_ms.is_some() {
            row.style(theme.tombstone())
        } else {
            row
        }
    });
    let widths: Vec<Constraint> = keep
        .iter()
        .map(|&i| Constraint::Length(COLS[i].width))
        .collect();
    let title = format!(
        " {} providers ({}){} ",
        cell(&key.to_string(), 60),
        rows.len(),
        sort_note(state)
    );
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
        let msg = if state.filter.text.is_empty() {
            "no providers registered for this service"
        } else {
            "no provider matches the filter (Esc clears it)"
        };
        super::empty_note(frame, area, msg, theme);
    }
}
