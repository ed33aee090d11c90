//! Overlays drawn over the table: help (from the keymap table), a provider's details, and the
//! confirmation of a mutation showing the exact change.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::super::keymap::{self, key_name};
use super::super::state::{provider_id, Overlay, TopState};
use super::super::theme::Theme;
use super::{age, cell, centered, millis, rate};
use crate::output::short_duration;

pub fn draw(frame: &mut Frame, area: Rect, state: &TopState, theme: &Theme) {
    let Some(overlay) = &state.overlay else {
        return;
    };
    let (title, lines) = match overlay {
        Overlay::Help => (" keys (any key closes) ".to_string(), help(state, theme)),
        Overlay::Detail(id) => (" provider ".to_string(), detail(state, id, theme)),
        Overlay::Planning(what) => (
            " reading the registry ".to_string(),
            vec![Line::from(format!("planning: {}", cell(what, 200)))],
        ),
        Overlay::Confirm(p) => {
            let mut lines = vec![
                Line::from(Span::styled(cell(&p.title, 200), theme.header())),
                Line::from(format!("registry: {}", cell(&state.registry, 100))),
                Line::from(""),
            ];
            lines.extend(p.lines.iter().map(|l| Line::from(cell(l, 400))));
            lines.push(Line::from(""));
            lines.push(if p.unchanged {
                Line::from("already in that state: nothing to write (any key closes)")
            } else {
                Line::from(vec![
                    Span::styled("y", theme.key()),
                    Span::raw(" apply   "),
                    Span::styled("any other key", theme.key()),
                    Span::raw(" cancel (nothing is written)"),
                ])
            });
            (" confirm ".to_string(), lines)
        }
    };
    let width = area.width.saturating_sub(4).min(100);
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title)),
        rect,
    );
}

fn help(state: &TopState, theme: &Theme) -> Vec<Line<'static>> {
    keymap::for_view(state.providers_view().is_some())
        .map(|b| {
            let keys = match b.alt {
                Some(a) => format!("{} {}", key_name(b.key), key_name(a)),
                None => key_name(b.key),
            };
            Line::from(vec![
                Span::styled(format!("{keys:<10}"), theme.key()),
                Span::raw(b.desc),
            ])
        })
        .collect()
}

fn detail(state: &TopState, id: &str, theme: &Theme) -> Vec<Line<'static>> {
    let now = state.now_ms;
    let Some(key) = state.providers_view() else {
        return vec![];
    };
    let Some(row) = state.shown().services.get(key).and_then(|e| {
        e.providers
            .values()
            .find(|r| provider_id(&r.provider) == id)
    }) else {
        return vec![Line::from("this provider is gone")];
    };
    let p = &row.provider;
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<13}"), theme.key()),
            Span::raw(v),
        ])
    };
    let mut lines = vec![
        kv("service", cell(&key.to_string(), 200)),
        kv("address", cell(&row.address(), 100)),
        kv("application", cell(p.url.application().unwrap_or("-"), 100)),
        kv("state", row.state(now).as_str().to_string()),
        kv(
            "weight",
            format!(
                "registered {}, effective {}",
                p.url.weight().unwrap_or(100),
                p.effective.weight
            ),
        ),
        kv("registration", p.registration.as_str().to_string()),
        kv(
            "uptime",
            p.uptime_ms(now).map_or("-".into(), short_duration),
        ),
        kv(
            "last change",
            match row.last_change_ms {
                Some(_) => format!(
                    "{} ago ({})",
                    age(now, row.last_change_ms),
                    cell(&row.last_changed.join(","), 80)
                ),
                None => "none seen".into(),
            },
        ),
    ];
    match row.shown() {
        Some((k, c, s)) => lines.push(kv(
            "active",
            format!(
                "{} from {} (calls/s {}, errors/s {}, mean {})",
                c.active,
                k.as_str(),
                rate(s.calls_per_s),
                rate(s.errors_per_s),
                millis(c.mean_ms)
            ),
        )),
        None => lines.push(kv(
            "active",
            format!("- ({})", cell(&row.no_source_reason(), 300)),
        )),
    }
    for (k, s) in &row.stats {
        if let Err(e) = &s.result {
            lines.push(kv(k.as_str(), cell(e, 300)));
        }
    }
    lines.push(kv("url", cell(&p.url.to_full_string(), 2000)));
    lines
}
