//! The bottom line: the filter being typed, a message, or key hints from the keymap table.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::super::keymap::{self, key_name, Action};
use super::super::state::TopState;
use super::super::theme::Theme;
use super::cell;

pub fn draw(frame: &mut Frame, area: Rect, state: &TopState, theme: &Theme) {
    let line = if state.filter.editing {
        Line::from(vec![
            Span::styled("/", theme.key()),
            Span::raw(cell(&state.filter.text, 200)),
            Span::styled("█", theme.dim()),
            Span::styled("  Enter keeps, Esc clears", theme.dim()),
        ])
    } else if let Some((msg, _)) = &state.message {
        Line::from(Span::styled(cell(msg, 300), theme.warn()))
    } else {
        let mut spans = Vec::new();
        let mut used = 0usize;
        if !state.filter.text.is_empty() {
            used += state.filter.text.chars().count().min(40) + 10;
            spans.push(Span::styled(
                format!("filter: {}  ", cell(&state.filter.text, 40)),
                theme.warn(),
            ));
        }
        for b in keymap::for_view(state.providers_view().is_some()) {
            if let Some(h) = b.hint {
                let key = match b.action {
                    Action::Slower => "+/-".to_string(),
                    Action::Sort(_) => "N/I/C..".to_string(),
                    _ => key_name(b.key),
                };
                // Hints that do not fit are left out whole rather than cut (`?` lists them all).
                used += key.chars().count() + h.chars().count() + 3;
                if used > usize::from(area.width) {
                    break;
                }
                spans.push(Span::styled(key, theme.key()));
                spans.push(Span::raw(format!(" {h}  ")));
            }
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}
