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
    // Only the rows on screen are built: with 10,000 services, formatting every row each frame
    // was most of the frame. The window is where ratatui would scroll a fresh TableState to
    // (the selected row on the last line), so the picture is the same.
    let visible = usize::from(area.height.saturating_sub(3)).max(1);
    let first = state.selected.saturating_sub(visible - 1);
    let (total, rows) = state.service_rows_window(first, visible);
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
    let body = rows.iter().map(|(key, _, t)| {
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
    let title = format!(" services ({total}){} ", sort_note(state));
    let table = Table::new(body, widths)
        .header(header)
        .block(Block::bordered().title(title))
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶ ");
    let mut ts = TableState::default().with_selected(if total == 0 {
        None
    } else {
        Some(state.selected - first)
    });
    frame.render_stateful_widget(table, area, &mut ts);
    if total == 0 {
        let msg = if !state.loaded {
            "reading the registry..."
        } else if state.filter.text.is_empty() {
            "no services in scope"
        } else {
            "no service matches the filter (Esc clears it)"
        };
        super::empty_note(frame, area, msg, theme);
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

#[cfg(test)]
mod tests {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use crate::registry::model::test_views;
    use crate::tui::event::{Event, RegistryUpdate};
    use crate::tui::state::TopState;
    use crate::tui::theme::Theme;
    use crate::tui::view;

    fn many(n: usize) -> TopState {
        let mut views = Vec::new();
        for i in 0..n {
            let iface = format!("com.example.S{i:03}");
            let url = format!("dubbo://10.0.0.1:20880/{iface}?interface={iface}&application=a");
            views.extend(test_views(&iface, &[&url], &[]));
        }
        let mut s = TopState::new("test".into(), false, 0);
        s.reduce(Event::Registry(RegistryUpdate::Loaded(views)), 0);
        s
    }

    fn screen(s: &TopState) -> Vec<String> {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| view::draw(f, s, &Theme { color: false }))
            .unwrap();
        let buf = t.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    /// Only the rows on screen are built; the picture must be what scrolling all the rows gave:
    /// the selection on the last line of the table, the rows before it above.
    #[test]
    fn a_selection_far_down_shows_on_the_last_table_line() {
        let mut s = many(100);
        s.selected = 70;
        let lines = screen(&s);
        let at = lines
            .iter()
            .position(|l| l.contains('▶'))
            .expect("a selected row");
        assert!(lines[at].contains("com.example.S070"), "{lines:#?}");
        assert!(lines[at - 1].contains("com.example.S069"), "{lines:#?}");
        assert!(
            lines[at + 1].contains('└'),
            "the selection is the table's last line: {lines:#?}"
        );
        assert!(lines.iter().any(|l| l.contains("services (100)")));

        s.selected = 0;
        let lines = screen(&s);
        let at = lines.iter().position(|l| l.contains('▶')).unwrap();
        assert!(lines[at].contains("com.example.S000"));
        assert!(
            lines[at - 1].contains("SERVICE"),
            "first row under the header"
        );
    }
}
