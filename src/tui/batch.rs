//! `top -b`: the same state and sources as the dashboard, printed every interval instead of
//! drawn. For scripts: no keys, no full screen, a table or one JSON snapshot per interval.

use std::time::Duration;

use tokio::sync::mpsc;

use super::app::{initial_state, registry_feed, Settings};
use super::event::Event;
use super::sources::targets_of;
use super::state::TopState;
use crate::commands::now_ms;
use crate::error::Result;
use crate::output::{self, Format, Out};
use crate::registry::live::LiveRegistry;

pub async fn run(
    out: &mut Out,
    live: LiveRegistry,
    mut settings: Settings,
    iterations: Option<u64>,
) -> Result<()> {
    let mut state = initial_state(&live, &settings);
    let (tx, mut rx) = mpsc::channel::<Event>(4096);
    let feed = tokio::spawn(registry_feed(live, tx));
    let interrupt = tokio::signal::ctrl_c();
    tokio::pin!(interrupt);
    let mut load = settings.load.take();
    let mut printed = 0u64;
    let mut next = tokio::time::Instant::now();
    // Tombstones, ages and the churn window move once a second, as on the dashboard, however
    // long the print interval: expiring only when printing kept every provider that left in
    // the last minute under `-d 60s` (27 MB at 500 changes/s and 100,000 providers).
    let second = Duration::from_secs(1);
    let mut tick = tokio::time::interval_at(next + second, second);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let result = 'run: loop {
        // The poll list is a walk over every provider (100,000 entries, each URL shared):
        // only worth it when something polls.
        if settings.sources.any() {
            for ev in settings.sources.round(&targets_of(&state)).await {
                state.reduce(ev, now_ms());
            }
        }
        while let Ok(ev) = rx.try_recv() {
            state.reduce(ev, now_ms());
        }
        state.reduce(Event::Tick, now_ms());
        if let Err(e) = print(out, &state) {
            break 'run Err(e);
        }
        printed += 1;
        if iterations.is_some_and(|n| printed >= n) {
            break 'run Ok(());
        }
        next += settings.refresh.max(Duration::from_millis(100));
        // Keep taking registry events while waiting, so the feed never backs up.
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(next) => break,
                _ = tick.tick() => {
                    state.reduce(Event::Tick, now_ms());
                }
                ev = rx.recv() => match ev {
                    Some(ev) => {
                        state.reduce(ev, now_ms());
                    }
                    // The feed ended: its error was delivered as an event; keep printing the
                    // last state, as the dashboard does.
                    None => {
                        tokio::time::sleep_until(next).await;
                        break;
                    }
                },
                _ = &mut interrupt => break 'run Ok(()),
                r = async { load.as_mut().expect("guarded").await }, if load.is_some() => {
                    load = None;
                    if let Err(e) = r {
                        eprintln!("svcctl: {}", output::sanitize(&e));
                    }
                }
            }
        }
    };
    feed.abort();
    result
}

fn print(out: &mut Out, state: &TopState) -> Result<()> {
    match out.format {
        Format::Jsonl => out.json_line_with(|w| output::top::write_jsonl(state, w)),
        Format::Json => out.json(&output::top::snapshot(state)),
        _ => {
            let (title, headers, rows) = output::top::table(state, out.wide());
            out.line(&output::sanitize(&title))?;
            out.table(&headers, rows)?;
            if let Some((msg, _)) = &state.message {
                eprintln!("svcctl: {}", output::sanitize(msg));
            }
            out.line("")
        }
    }
}
