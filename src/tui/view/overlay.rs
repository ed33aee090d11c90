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
    // The answer line of a confirmation is drawn apart, so a long plan can never push it off.
    let mut answer: Option<Line> = None;
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
            answer = Some(if p.unchanged {
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
    let width = area.width.saturating_sub(4).min(110);
    let inner_w = usize::from(width.saturating_sub(2)).max(1);
    let wrapped: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_w).max(1))
        .sum();
    let extra = if answer.is_some() { 2 } else { 0 };
    let height = (wrapped as u16 + 2 + extra).min(area.height.saturating_sub(2));
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered().title(title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let body = match &answer {
        Some(_) if inner.height >= 2 => Rect {
            height: inner.height - 2,
            ..inner
        },
        _ => inner,
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
    if let Some(a) = answer {
        if inner.height >= 1 {
            let last = Rect {
                y: inner.y + inner.height - 1,
                height: 1,
                ..inner
            };
            frame.render_widget(Paragraph::new(a), last);
        }
    }
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
        kv("discovery", discovery_text(p)),
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
                    cell(&row.last_changed.joined(), 80)
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

/// `interface`, or for a Dubbo 3 instance its kind and node, cut to fit.
fn discovery_text(p: &crate::registry::ProviderView) -> String {
    match &p.instance_path {
        Some(path) => cell(&format!("{} ({path})", p.discovery.as_str()), 200),
        None => p.discovery.as_str().to_string(),
    }
}
