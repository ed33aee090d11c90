//! Two lines: where we are and in what state, then the totals and which sources are live.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::super::event::{Session, SourceKind};
use super::super::state::TopState;
use super::super::theme::Theme;
use super::cell;
use crate::output::short_duration;

pub fn session_text(state: &TopState) -> (String, bool) {
    let for_ = |since: i64| short_duration(state.now_ms - since);
    match &state.session {
        Session::Starting => ("reading the registry".into(), false),
        Session::Connected => ("connected".into(), true),
        Session::Disconnected { since_ms } => (
            format!("disconnected {} (showing the last state)", for_(*since_ms)),
            false,
        ),
        Session::Reconnecting { since_ms, why } => (
            format!(
                "session lost ({}), reconnecting {}",
                cell(why, 30),
                for_(*since_ms)
            ),
            false,
        ),
        Session::Resyncing { since_ms } => (
            format!("resyncing after reconnect {}", for_(*since_ms)),
            false,
        ),
        Session::Failed { why } => (
            format!(
                "not following the registry: {} (showing the last state)",
                cell(why, 60)
            ),
            false,
        ),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &TopState, theme: &Theme) {
    let (session, ok) = session_text(state);
    let mut first = vec![
        Span::styled("svcctl top ", theme.header()),
        Span::raw(cell(&state.registry, 60)),
        Span::raw("  "),
        Span::styled(session, if ok { theme.good() } else { theme.bad() }),
    ];
    if state.read_only {
        first.push(Span::styled("  read-only", theme.warn()));
    }
    if state.frozen.is_some() {
        first.push(Span::styled("  FROZEN (p resumes)", theme.warn()));
    }
    let data = state.shown();
    let (mut services, mut enabled, mut disabled, mut consumers) = (0, 0, 0, 0);
    for e in data.services.values() {
        services += 1;
        consumers += e.consumers.len();
        for r in e.providers.values().filter(|r| r.removed_ms.is_none()) {
            if r.provider.effective.enabled {
                enabled += 1;
            } else {
                disabled += 1;
            }
        }
    }
    let (added, removed) = data.churn_of(None, state.now_ms);
    let live: Vec<&str> = SourceKind::ALL
        .iter()
        .filter(|k| {
            state.sources.get(k).is_some_and(|s| {
                s.last_ok_ms.is_some_and(|t| {
                    state.now_ms - t <= 3 * state.refresh.as_millis() as i64 + 2000
                })
            })
        })
        .map(|k| k.as_str())
        .collect();
    let sources = if live.is_empty() {
        "none".to_string()
    } else {
        live.join(",")
    };
    let every = humantime::format_duration(state.refresh).to_string();
    // Narrow terminals get the same figures with short labels.
    let (svc, prov, dis, cons, churn, src, ev) = if area.width >= 110 {
        (
            "services ",
            "providers ",
            " disabled",
            "consumers ",
            "churn/1m ",
            "sources ",
            "every ",
        )
    } else {
        ("svc ", "prov ", "d", "cons ", "churn ", "src ", "")
    };
    let second = Line::from(vec![
        Span::raw(format!(
            "{svc}{services}  {prov}{enabled}/{disabled}{dis}  {cons}{consumers}  {churn}"
        )),
        Span::styled(format!("+{added}"), theme.good()),
        Span::raw("/"),
        Span::styled(format!("-{removed}"), theme.bad()),
        Span::raw(format!("  {src}{sources}  {ev}{every}")),
    ]);
    frame.render_widget(Paragraph::new(vec![Line::from(first), second]), area);
}
