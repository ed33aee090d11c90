//! Watch mode for `ls -w` and `show -w`: print the live view's changes until interrupted. The
//! view itself (the tree in memory, reconnects, resyncs) is [`LiveRegistry`].

use crate::error::{Error, Result};
use crate::output::json::{ConsumerJson, ProviderJson, RuleJson, WatchEvent};
use crate::output::{self, Format, Styles};
use crate::registry::diff::{diff, Change, ChangeKind};
use crate::registry::live::{LiveEvent, LiveRegistry, SessionState};
use crate::registry::url::ServiceKey;

use super::{now_ms, Ctx};

/// Prints changes until interrupted. A lost session is re-established and the tree re-read, so
/// the stream stays correct across ZooKeeper outages. With `-o jsonl` the current state is first
/// replayed as ADDED events, so a consumer of the stream needs nothing else.
pub async fn follow(ctx: &mut Ctx, mut live: LiveRegistry) -> Result<()> {
    if ctx.out.format == Format::Jsonl {
        for c in diff(&[], &live.views()) {
            print_change(ctx, &c)?;
        }
    }
    let mut first_attempt = true;
    loop {
        let event = tokio::select! {
            ev = live.next() => ev?,
            _ = tokio::signal::ctrl_c() => {
                return match live.session() {
                    SessionState::Reconnecting { .. } => {
                        Err(Error::registry("interrupted while reconnecting"))
                    }
                    _ => Ok(()),
                };
            }
        };
        match event {
            LiveEvent::Changes(changes) => {
                for c in &changes {
                    print_change(ctx, c)?;
                }
            }
            LiveEvent::Session(SessionState::Reconnecting { why, .. }) => {
                // The first announcement is the loss itself; later ones are failed attempts.
                if first_attempt {
                    eprintln!(
                        "svcctl: ZooKeeper session lost ({why}); reconnecting to {}",
                        live.registry().target.display()
                    );
                } else {
                    eprintln!("svcctl: still reconnecting: {why}");
                }
                first_attempt = false;
            }
            LiveEvent::Session(_) => {}
            LiveEvent::Resynced { changes, .. } => {
                first_attempt = true;
                eprintln!(
                    "svcctl: resynchronised with {}: {changes} change(s) while disconnected",
                    live.registry().target.display()
                );
            }
        }
    }
}

pub fn change_event(c: &Change, now: i64) -> WatchEvent {
    let base = |kind: ChangeKind, object: &'static str, service: &ServiceKey| WatchEvent {
        kind: kind.as_str(),
        object,
        service: service.to_string(),
        time_ms: now,
        address: None,
        changed: vec![],
        provider: None,
        consumer: None,
        rule: None,
    };
    match c {
        Change::Provider {
            kind,
            service,
            provider,
            changed,
        } => {
            let mut e = base(*kind, "provider", service);
            e.address = Some(provider.url.address());
            e.changed = changed.clone();
            e.provider = Some(ProviderJson::from_view(provider, &[], now));
            e
        }
        Change::Consumer { kind, service, url } => {
            let mut e = base(*kind, "consumer", service);
            e.address = Some(url.address());
            e.consumer = Some(ConsumerJson::from(url));
            e
        }
        Change::Rule {
            kind,
            service,
            rule,
        } => {
            let mut e = base(*kind, "rule", service);
            e.address = Some(rule.url.address());
            e.rule = Some(RuleJson::from(rule.as_ref()));
            e
        }
    }
}

fn print_change(ctx: &mut Ctx, c: &Change) -> Result<()> {
    let now = now_ms();
    let ev = change_event(c, now);
    match ctx.out.format {
        Format::Json | Format::Jsonl => {
            let line = serde_json::to_string(&ev)
                .map_err(|e| Error::other(format!("cannot encode JSON: {e}")))?;
            ctx.out.line(&line)
        }
        Format::Name => ctx.out.line(&output::sanitize(&format!(
            "{} {}",
            ev.kind,
            ev.address.unwrap_or_default()
        ))),
        Format::Table | Format::Wide => {
            let s = &ctx.out.styles;
            let kind = match ev.kind {
                "ADDED" => Styles::paint(s.good, "ADDED   "),
                "REMOVED" => Styles::paint(s.bad, "REMOVED "),
                _ => Styles::paint(s.warn, "MODIFIED"),
            };
            let detail = match c {
                Change::Provider {
                    provider, changed, ..
                } => {
                    let state = if provider.effective.enabled {
                        "enabled"
                    } else {
                        "DISABLED"
                    };
                    let mut d = format!(
                        "app={} weight={} {state}",
                        provider.url.application().unwrap_or("-"),
                        provider.effective.weight
                    );
                    if !changed.is_empty() {
                        d.push_str(&format!(" changed={}", changed.join(",")));
                    }
                    d
                }
                Change::Consumer { url, .. } => format!("app={}", url.application().unwrap_or("-")),
                Change::Rule { rule, .. } => rule.url.to_full_string(),
            };
            let line = format!(
                "{} {kind} {:<8} {} {} {}",
                output::iso_time(now),
                ev.object,
                output::sanitize(&ev.service),
                output::sanitize(ev.address.as_deref().unwrap_or("-")),
                output::sanitize(&detail)
            );
            ctx.out.line(&line)
        }
    }
}
