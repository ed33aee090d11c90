//! `svcctl top -b`: the providers table and the JSON snapshot, both from a [`TopState`].

use serde::Serialize;

use super::json::SCHEMA_VERSION;
use super::short_duration;
use crate::tui::event::Session;
use crate::tui::state::{RowState, TopState};
use crate::tui::view::header::session_text;

#[derive(Debug, Serialize)]
pub struct TopSnapshotJson {
    pub schema_version: u32,
    pub time_ms: i64,
    pub registry: String,
    pub session: SessionJson,
    pub providers: Vec<TopProviderJson>,
}

#[derive(Debug, Serialize)]
pub struct SessionJson {
    /// starting, connected, disconnected, reconnecting, resyncing, failed
    pub state: &'static str,
    pub since_ms: i64,
}

#[derive(Debug, Serialize)]
pub struct TopProviderJson {
    pub service: String,
    pub address: String,
    pub application: Option<String>,
    /// enabled, disabled, warming up, removed
    pub state: &'static str,
    /// The effective weight (after override rules and warm-up is not applied).
    pub weight: i32,
    pub registered_weight: i32,
    /// static, dynamic, unknown
    pub registration: &'static str,
    /// Calls in flight; null when no source covers the provider (see active_reason).
    pub active: Option<u64>,
    /// load, telnet or metrics
    pub active_source: Option<&'static str>,
    pub active_reason: Option<String>,
    pub calls_per_s: Option<f64>,
    pub errors_per_s: Option<f64>,
    pub mean_ms: Option<f64>,
    pub uptime_ms: Option<i64>,
    /// When the last change to this provider was seen (epoch ms); null if none since start.
    pub last_change_ms: Option<i64>,
    /// A tombstone: the provider left less than 10 s ago.
    pub removed: bool,
}

fn session_state(s: &Session) -> &'static str {
    match s {
        Session::Starting => "starting",
        Session::Connected => "connected",
        Session::Disconnected { .. } => "disconnected",
        Session::Reconnecting { .. } => "reconnecting",
        Session::Resyncing { .. } => "resyncing",
        Session::Failed { .. } => "failed",
    }
}

/// Every provider in scope (the focused service only, when there is one), in key/address order.
pub fn snapshot(state: &TopState) -> TopSnapshotJson {
    let now = state.now_ms;
    let focus = state.providers_view();
    let mut providers = Vec::new();
    for (key, entry) in &state.data.services {
        if focus.is_some_and(|k| k != key) {
            continue;
        }
        for row in entry.providers.values() {
            let p = &row.provider;
            let shown = row.shown();
            providers.push(TopProviderJson {
                service: key.to_string(),
                address: row.address(),
                application: p.url.application().map(str::to_string),
                state: row.state(now).as_str(),
                weight: p.effective.weight,
                registered_weight: p.url.weight().unwrap_or(100),
                registration: p.registration.as_str(),
                active: shown.map(|(_, c, _)| c.active),
                active_source: shown.map(|(k, _, _)| k.as_str()),
                active_reason: shown.is_none().then(|| row.no_source_reason()),
                calls_per_s: shown.and_then(|(_, _, s)| s.calls_per_s),
                errors_per_s: shown.and_then(|(_, _, s)| s.errors_per_s),
                mean_ms: shown.and_then(|(_, c, _)| c.mean_ms),
                uptime_ms: p.uptime_ms(now),
                last_change_ms: row.last_change_ms,
                removed: row.removed_ms.is_some(),
            });
        }
    }
    TopSnapshotJson {
        schema_version: SCHEMA_VERSION,
        time_ms: now,
        registry: state.registry.clone(),
        session: SessionJson {
            state: session_state(&state.session),
            since_ms: state.session_since_ms,
        },
        providers,
    }
}

/// The batch table: a title line (time, registry, session) and one row per provider.
pub fn table(state: &TopState, wide: bool) -> (String, Vec<&'static str>, Vec<Vec<String>>) {
    let snap = snapshot(state);
    let (session, _) = session_text(state);
    let title = format!(
        "{}  {}  {session}  {} providers",
        super::iso_time(snap.time_ms),
        snap.registry,
        snap.providers.len()
    );
    let mut headers = vec![
        "service", "address", "state", "weight", "active", "calls/s", "err/s", "mean", "uptime",
    ];
    if wide {
        headers.extend(["application", "registration", "source", "changed"]);
    }
    let num = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.1}"));
    let rows = snap
        .providers
        .iter()
        .map(|p| {
            let state = if p.removed {
                RowState::Removed.as_str()
            } else {
                p.state
            };
            let weight = if p.weight == p.registered_weight {
                p.weight.to_string()
            } else {
                format!("{}->{}", p.registered_weight, p.weight)
            };
            let mut row = vec![
                p.service.clone(),
                p.address.clone(),
                state.to_string(),
                weight,
                p.active.map_or("-".into(), |a| a.to_string()),
                num(p.calls_per_s),
                num(p.errors_per_s),
                p.mean_ms.map_or("-".into(), |m| format!("{m:.1}ms")),
                p.uptime_ms.map_or("-".into(), short_duration),
            ];
            if wide {
                row.push(p.application.clone().unwrap_or_else(|| "-".into()));
                row.push(p.registration.to_string());
                row.push(p.active_source.unwrap_or("-").to_string());
                row.push(
                    p.last_change_ms
                        .map_or("-".into(), |t| short_duration(snap.time_ms - t)),
                );
            }
            row
        })
        .collect();
    (title, headers, rows)
}
