//! Watch mode output (`ls -w`, `show -w`): one line or JSON event per registry change, and the
//! notes about the ZooKeeper session.

use super::json::{ConsumerJson, ProviderJson, RuleJson, WatchEvent};
use super::{iso_time, sanitize, Format, Out, Styles};
use crate::error::{Error, Result};
use crate::registry::diff::{Change, ChangeKind};
use crate::registry::live::{LiveEvent, SessionState};
use crate::registry::url::ServiceKey;

/// The JSON form of a change (`-o json`/`-o jsonl`), one object per line.
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

/// One change as watch mode prints it: a JSON event, `KIND address`, or a table line with the
/// time, kind, object, service, address and what the object is now.
pub fn change_line(c: &Change, now: i64, format: Format, styles: &Styles) -> Result<String> {
    let ev = change_event(c, now);
    match format {
        Format::Json | Format::Jsonl => super::json::to_string(&ev, false)
            .map_err(|e| Error::other(format!("cannot encode JSON: {e}"))),
        Format::Name => Ok(sanitize(&format!(
            "{} {}",
            ev.kind,
            ev.address.unwrap_or_default()
        ))),
        Format::Table | Format::Wide => {
            let s = styles;
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
            Ok(format!(
                "{} {kind} {:<8} {} {} {}",
                iso_time(now),
                ev.object,
                sanitize(&ev.service),
                sanitize(ev.address.as_deref().unwrap_or("-")),
                sanitize(&detail)
            ))
        }
    }
}

pub fn print_change(out: &mut Out, c: &Change, now: i64) -> Result<()> {
    let line = change_line(c, now, out.format, &out.styles)?;
    out.line(&line)
}

/// The stderr notes about the session while following: the loss, each failed attempt to get a
/// new one, and what a resync found.
#[derive(Debug)]
pub struct SessionNotes {
    first_attempt: bool,
}

impl Default for SessionNotes {
    fn default() -> Self {
        SessionNotes {
            first_attempt: true,
        }
    }
}

impl SessionNotes {
    /// The note for a live event, if it deserves one. `registry` names the registry.
    pub fn note(&mut self, ev: &LiveEvent, registry: &str) -> Option<String> {
        match ev {
            LiveEvent::Session(SessionState::Reconnecting { why, .. }) => {
                // The first announcement is the loss itself; later ones are failed attempts.
                let first = std::mem::replace(&mut self.first_attempt, false);
                Some(sanitize(&if first {
                    format!("svcctl: ZooKeeper session lost ({why}); reconnecting to {registry}")
                } else {
                    format!("svcctl: still reconnecting: {why}")
                }))
            }
            LiveEvent::Resynced { changes, .. } => {
                self.first_attempt = true;
                Some(sanitize(&format!(
                    "svcctl: resynchronised with {registry}: {changes} change(s) while disconnected"
                )))
            }
            LiveEvent::Session(_) | LiveEvent::Changes(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::diff::diff;
    use crate::registry::model::test_views;

    const A: &str =
        "dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&application=app%1B%5B31m&weight=50";

    fn added() -> Change {
        diff(&[], &test_views("com.x.A", &[A], &[])).remove(0)
    }

    #[test]
    fn table_line_names_kind_object_service_address_and_state() {
        let line = change_line(&added(), 0, Format::Table, &Styles::default()).unwrap();
        assert_eq!(
            line,
            "1970-01-01T00:00:00Z ADDED    provider com.x.A 10.0.0.1:20880 app=app\\x1b[31m weight=50 enabled"
        );
    }

    #[test]
    fn name_and_json_lines() {
        let c = added();
        assert_eq!(
            change_line(&c, 0, Format::Name, &Styles::default()).unwrap(),
            "ADDED 10.0.0.1:20880"
        );
        let json = change_line(&c, 7, Format::Jsonl, &Styles::default()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["type"], "ADDED");
        assert_eq!(v["object"], "provider");
        assert_eq!(v["time_ms"], 7);
        assert_eq!(v["address"], "10.0.0.1:20880");
        assert_eq!(v["provider"]["weight"], 50);
    }

    #[test]
    fn session_notes_say_lost_once_then_still_trying_then_resynchronised() {
        let mut n = SessionNotes::default();
        let lost = |why: &str| {
            LiveEvent::Session(SessionState::Reconnecting {
                since_ms: 1,
                why: why.into(),
            })
        };
        assert_eq!(
            n.note(&lost("Expired"), "zk:2181/dubbo").as_deref(),
            Some("svcctl: ZooKeeper session lost (Expired); reconnecting to zk:2181/dubbo")
        );
        assert_eq!(
            n.note(&lost("refused"), "zk:2181/dubbo").as_deref(),
            Some("svcctl: still reconnecting: refused")
        );
        assert_eq!(
            n.note(&LiveEvent::Session(SessionState::Connected), "r"),
            None
        );
        let done = LiveEvent::Resynced {
            changes: 3,
            new_session: true,
        };
        assert_eq!(
            n.note(&done, "zk:2181/dubbo").as_deref(),
            Some("svcctl: resynchronised with zk:2181/dubbo: 3 change(s) while disconnected")
        );
        // The next outage is announced as a loss again.
        assert!(n
            .note(&lost("Expired"), "r")
            .unwrap()
            .contains("session lost"));
    }
}
