//! `svcctl top -b`: the providers table and the JSON snapshot, both from a [`TopState`].

use std::borrow::Cow;
use std::io;

use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::Serialize;

use super::json::SCHEMA_VERSION;
use super::short_duration;
use crate::registry::url::{DubboUrl, HostPort, ServiceKey};
use crate::tui::event::Session;
use crate::tui::state::{ProviderRow, RowState, ServiceEntry, TopState};

/// One `-o json` / `-o jsonl` snapshot. Serialized straight from the state, provider by
/// provider: at 100,000 providers a copy of every row first cost more than the encoding.
pub struct TopSnapshotJson<'a> {
    state: &'a TopState,
}

#[derive(Debug, Serialize)]
pub struct SessionJson {
    /// starting, connected, disconnected, reconnecting, resyncing, failed
    pub state: &'static str,
    pub since_ms: i64,
}

#[derive(Debug, Serialize)]
pub struct TopProviderJson<'a> {
    pub service: &'a str,
    pub address: Address<'a>,
    pub application: Option<&'a str>,
    /// enabled, disabled, warming up, removed
    pub state: &'static str,
    /// The effective weight (after override rules and warm-up is not applied).
    pub weight: i32,
    pub registered_weight: i32,
    /// static, dynamic, unknown
    pub registration: &'static str,
    /// interface, application (a Dubbo 3 instance) or both
    pub discovery: &'static str,
    /// Calls in flight; null when no source covers the provider (see active_reason).
    pub active: Option<u64>,
    /// load, telnet or metrics
    pub active_source: Option<&'static str>,
    pub active_reason: Option<Cow<'static, str>>,
    pub calls_per_s: Option<f64>,
    pub errors_per_s: Option<f64>,
    pub mean_ms: Option<f64>,
    pub uptime_ms: Option<i64>,
    /// When the last change to this provider was seen (epoch ms); null if none since start.
    pub last_change_ms: Option<i64>,
    /// A tombstone: the provider left less than 10 s ago.
    pub removed: bool,
}

/// A provider's `host:port`, written straight into the output: a snapshot names 100,000
/// providers a second, and a `String` for each was most of the allocations `top -b` made.
#[derive(Debug, Clone, Copy)]
pub struct Address<'a>(&'a DubboUrl);

impl std::fmt::Display for Address<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        HostPort::new(&self.0.host, self.0.port).fmt(f)
    }
}

impl Serialize for Address<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
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

/// The session state as the header and the batch title say it, and whether it is healthy.
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
                super::sanitize::truncate(&super::sanitize(why), 30),
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
                super::sanitize::truncate(&super::sanitize(why), 60)
            ),
            false,
        ),
    }
}

/// The services in scope: the focused one only, when there is one.
fn in_scope(state: &TopState) -> impl Iterator<Item = (&ServiceKey, &ServiceEntry)> {
    let focus = state.providers_view();
    state
        .data
        .services
        .iter()
        .filter(move |(k, _)| focus.is_none_or(|f| f == *k))
}

/// Every provider in scope, in key/address order: `f(service, provider)` for each.
fn each_provider(state: &TopState, mut f: impl FnMut(TopProviderJson<'_>)) {
    let now = state.now_ms;
    for (key, entry) in in_scope(state) {
        let service = key.to_string();
        for row in entry.providers.values() {
            f(provider_json(&service, row, now));
        }
    }
}

/// The snapshot as one `-o jsonl` line (without the newline): the bytes [`snapshot`] encodes
/// compactly, with the layout written here and only the values encoded. At 100,000 providers
/// a second, escaping the same seventeen field names for every provider, field by field, was
/// over half of what `top -b` did. Written to `w` in chunks of about 64 KiB.
pub fn write_jsonl(state: &TopState, w: &mut dyn io::Write) -> io::Result<()> {
    use super::json::{push_str, push_value};
    const CHUNK: usize = 1 << 16;
    let mut buf = Vec::with_capacity(CHUNK + 4096);
    buf.extend_from_slice(br#"{"schema_version":"#);
    push_value(&mut buf, &SCHEMA_VERSION)?;
    buf.extend_from_slice(br#","time_ms":"#);
    push_value(&mut buf, &state.now_ms)?;
    buf.extend_from_slice(br#","registry":"#);
    push_str(&mut buf, &state.registry)?;
    buf.extend_from_slice(br#","session":"#);
    push_value(&mut buf, &session_json(state))?;
    buf.extend_from_slice(br#","message":"#);
    push_value(&mut buf, &state.message.as_ref().map(|(text, _)| text))?;
    buf.extend_from_slice(br#","providers":["#);
    let now = state.now_ms;
    let mut first = true;
    // `{"service":"<key>","address":`, once per service.
    let mut head = Vec::new();
    let mut service = String::new();
    for (key, entry) in in_scope(state) {
        use std::fmt::Write as _;
        service.clear();
        let _ = write!(service, "{key}");
        head.clear();
        head.extend_from_slice(br#"{"service":"#);
        push_str(&mut head, &service)?;
        head.extend_from_slice(br#","address":"#);
        for row in entry.providers.values() {
            if !first {
                buf.push(b',');
            }
            first = false;
            buf.extend_from_slice(&head);
            push_provider_rest(&mut buf, &provider_json(&service, row, now))?;
            if buf.len() >= CHUNK {
                w.write_all(&buf)?;
                buf.clear();
            }
        }
    }
    buf.extend_from_slice(b"]}");
    w.write_all(&buf)
}

/// A provider's fields from `address` on, and the closing brace (see [`write_jsonl`]), in
/// [`TopProviderJson`]'s order.
fn push_provider_rest(buf: &mut Vec<u8>, p: &TopProviderJson<'_>) -> serde_json::Result<()> {
    use super::json::{push_static, push_str, push_value};
    let null = |buf: &mut Vec<u8>| buf.extend_from_slice(b"null");
    let url = p.address.0;
    if url.port == 0 && !url.host.contains(':') {
        push_str(buf, &url.host)?;
    } else if url
        .host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.')
    {
        buf.push(b'"');
        buf.extend_from_slice(url.host.as_bytes());
        buf.push(b':');
        push_value(buf, &url.port)?;
        buf.push(b'"');
    } else {
        push_value(buf, &p.address)?;
    }
    buf.extend_from_slice(br#","application":"#);
    match p.application {
        Some(a) => push_str(buf, a)?,
        None => null(buf),
    }
    buf.extend_from_slice(br#","state":"#);
    push_static(buf, p.state);
    buf.extend_from_slice(br#","weight":"#);
    push_value(buf, &p.weight)?;
    buf.extend_from_slice(br#","registered_weight":"#);
    push_value(buf, &p.registered_weight)?;
    buf.extend_from_slice(br#","registration":"#);
    push_static(buf, p.registration);
    buf.extend_from_slice(br#","discovery":"#);
    push_static(buf, p.discovery);
    buf.extend_from_slice(br#","active":"#);
    push_value(buf, &p.active)?;
    buf.extend_from_slice(br#","active_source":"#);
    match p.active_source {
        Some(s) => push_static(buf, s),
        None => null(buf),
    }
    buf.extend_from_slice(br#","active_reason":"#);
    match &p.active_reason {
        Some(Cow::Borrowed(s)) => push_static(buf, s),
        // A source's error: registry and network text.
        Some(Cow::Owned(s)) => push_str(buf, s)?,
        None => null(buf),
    }
    buf.extend_from_slice(br#","calls_per_s":"#);
    push_value(buf, &p.calls_per_s)?;
    buf.extend_from_slice(br#","errors_per_s":"#);
    push_value(buf, &p.errors_per_s)?;
    buf.extend_from_slice(br#","mean_ms":"#);
    push_value(buf, &p.mean_ms)?;
    buf.extend_from_slice(br#","uptime_ms":"#);
    push_value(buf, &p.uptime_ms)?;
    buf.extend_from_slice(br#","last_change_ms":"#);
    push_value(buf, &p.last_change_ms)?;
    buf.extend_from_slice(if p.removed {
        br#","removed":true}"#.as_slice()
    } else {
        br#","removed":false}"#.as_slice()
    });
    Ok(())
}

fn session_json(state: &TopState) -> SessionJson {
    SessionJson {
        state: session_state(&state.session),
        since_ms: state.session_since_ms,
    }
}

fn provider_json<'a>(service: &'a str, row: &'a ProviderRow, now: i64) -> TopProviderJson<'a> {
    let p = &row.provider;
    let shown = row.shown();
    TopProviderJson {
        service,
        address: Address(&row.provider.url),
        application: row.application(),
        state: row.state(now).as_str(),
        weight: p.effective.weight,
        registered_weight: row.registered_weight().unwrap_or(100),
        registration: p.registration.as_str(),
        discovery: p.discovery.as_str(),
        active: shown.map(|(_, c, _)| c.active),
        active_source: shown.map(|(k, _, _)| k.as_str()),
        active_reason: shown.is_none().then(|| row.no_source_reason()),
        calls_per_s: shown.and_then(|(_, _, s)| s.calls_per_s),
        errors_per_s: shown.and_then(|(_, _, s)| s.errors_per_s),
        mean_ms: shown.and_then(|(_, c, _)| c.mean_ms),
        uptime_ms: row.uptime_ms(now),
        last_change_ms: row.last_change_ms,
        removed: row.removed_ms.is_some(),
    }
}

/// The snapshot of `state`, fields `schema_version`, `time_ms`, `registry`, `session`,
/// `providers` (see [`TopProviderJson`]).
pub fn snapshot(state: &TopState) -> TopSnapshotJson<'_> {
    TopSnapshotJson { state }
}

impl Serialize for TopSnapshotJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let state = self.state;
        let mut m = s.serialize_struct("TopSnapshotJson", 6)?;
        m.serialize_field("schema_version", &SCHEMA_VERSION)?;
        m.serialize_field("time_ms", &state.now_ms)?;
        m.serialize_field("registry", &state.registry)?;
        m.serialize_field("session", &session_json(state))?;
        // The latest note (e.g. "resynchronised in a new session: 3 change(s) ..."), so a
        // script sees what the table's stderr line says.
        m.serialize_field("message", &state.message.as_ref().map(|(text, _)| text))?;
        m.serialize_field("providers", &Providers(state))?;
        m.end()
    }
}

struct Providers<'a>(&'a TopState);

impl Serialize for Providers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut result = Ok(());
        each_provider(self.0, |p| {
            if result.is_ok() {
                result = seq.serialize_element(&p);
            }
        });
        result?;
        seq.end()
    }
}

/// The batch table: a title line (time, registry, session) and one row per provider.
pub fn table(state: &TopState, wide: bool) -> (String, Vec<&'static str>, Vec<Vec<String>>) {
    let (session, _) = session_text(state);
    let mut rows = Vec::new();
    each_provider(state, |p| rows.push(table_row(&p, wide, state.now_ms)));
    let title = format!(
        "{}  {}  {session}  {} providers",
        super::iso_time(state.now_ms),
        state.registry,
        rows.len()
    );
    let mut headers = vec![
        "service", "address", "state", "weight", "active", "calls/s", "err/s", "mean", "uptime",
    ];
    if wide {
        headers.extend([
            "application",
            "registration",
            "discovery",
            "source",
            "changed",
        ]);
    }
    (title, headers, rows)
}

fn table_row(p: &TopProviderJson<'_>, wide: bool, now_ms: i64) -> Vec<String> {
    let num = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.1}"));
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
        p.service.to_string(),
        p.address.to_string(),
        state.to_string(),
        weight,
        p.active.map_or("-".into(), |a| a.to_string()),
        num(p.calls_per_s),
        num(p.errors_per_s),
        p.mean_ms.map_or("-".into(), |m| format!("{m:.1}ms")),
        p.uptime_ms.map_or("-".into(), short_duration),
    ];
    if wide {
        row.push(p.application.unwrap_or("-").to_string());
        row.push(p.registration.to_string());
        row.push(p.discovery.to_string());
        row.push(p.active_source.unwrap_or("-").to_string());
        row.push(
            p.last_change_ms
                .map_or("-".into(), |t| short_duration(now_ms - t)),
        );
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::model::test_views;
    use crate::tui::event::{Event, RegistryUpdate};

    fn state() -> TopState {
        let iface = "com.example.UserService";
        let url = |h: &str| {
            format!("dubbo://{h}/{iface}?interface={iface}&application=user-app&weight=200&timestamp=1000&warmup=0")
        };
        let views = test_views(
            iface,
            &[&url("10.0.0.1:20880"), &url("10.0.0.2:20880")],
            &["override://10.0.0.2:20880/com.example.UserService?category=configurators&disabled=true"],
        );
        let mut s = TopState::new("zookeeper://127.0.0.1:2181/dubbo".into(), false, 61_000);
        s.reduce(Event::Registry(RegistryUpdate::Loaded(views)), 61_000);
        s
    }

    /// The documented fields, in their order, written straight from the state.
    #[test]
    fn the_snapshot_has_the_documented_fields() {
        let s = state();
        let text = serde_json::to_string(&snapshot(&s)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let top: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(
            top,
            [
                "schema_version",
                "time_ms",
                "registry",
                "session",
                "message",
                "providers"
            ]
        );
        assert_eq!(v["time_ms"], 61_000);
        assert_eq!(v["session"]["state"], "connected");
        let p = v["providers"].as_array().unwrap();
        assert_eq!(p.len(), 2);
        let fields: Vec<&str> = p[0]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            fields,
            [
                "service",
                "address",
                "application",
                "state",
                "weight",
                "registered_weight",
                "registration",
                "discovery",
                "active",
                "active_source",
                "active_reason",
                "calls_per_s",
                "errors_per_s",
                "mean_ms",
                "uptime_ms",
                "last_change_ms",
                "removed"
            ]
        );
        assert_eq!(p[0]["service"], "com.example.UserService");
        assert_eq!(p[0]["address"], "10.0.0.1:20880");
        assert_eq!(p[0]["application"], "user-app");
        assert_eq!(p[0]["state"], "enabled");
        assert_eq!(p[0]["weight"], 200);
        assert_eq!(p[0]["uptime_ms"], 60_000);
        assert!(p[0]["active"].is_null());
        assert!(p[0]["active_reason"]
            .as_str()
            .unwrap()
            .contains("no active-count source"));
        assert_eq!(p[1]["state"], "disabled");
        assert_eq!(p[1]["removed"], false);
    }

    /// The address is written straight from the URL, as `DubboUrl::address` spells it, through
    /// the terminal-safe encoder like every other string.
    #[test]
    fn the_address_is_host_port_or_host_and_escaped() {
        let iface = "com.example.UserService";
        let views = test_views(
            iface,
            &[
                &format!("dubbo://10.0.0.7/{iface}?interface={iface}"),
                &format!("dubbo://h\u{9b}2J:20880/{iface}?interface={iface}"),
            ],
            &[],
        );
        let mut s = TopState::new("zookeeper://127.0.0.1:2181/dubbo".into(), false, 61_000);
        s.reduce(Event::Registry(RegistryUpdate::Loaded(views)), 61_000);
        let mut buf = Vec::new();
        crate::output::json::write_into(&snapshot(&s), false, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(!text.contains('\u{9b}'), "{text}");
        assert!(text.contains(r#""address":"h\u009b2J:20880""#), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut shown: Vec<&str> = v["providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["address"].as_str().unwrap())
            .collect();
        shown.sort();
        let mut want: Vec<String> = s
            .data
            .services
            .values()
            .flat_map(|e| e.providers.values().map(|r| r.provider.url.address()))
            .collect();
        want.sort();
        assert_eq!(shown, want);
        assert_eq!(shown, ["10.0.0.7", "h\u{9b}2J:20880"]);
    }

    /// A state with every kind of row a snapshot can show, and hostile text in every string
    /// field registry data reaches: C0/C1 controls, bidi and zero-width characters, quotes,
    /// backslashes, non-ASCII.
    fn hostile_state() -> TopState {
        use crate::registry::diff::{Change, ChangeKind};
        use crate::registry::model::{services_of, InterfaceNode, Node, NodeStat};
        use crate::tui::event::{Counters, SourceKind, StatSample};
        use std::sync::Arc;

        let t0 = 1_795_622_400_000;
        let iface = "com.ex\u{9b}ample.Us\u{202e}er\"Svc\\";
        let url = |hp: &str, extra: &str| {
            format!(
                "dubbo://{hp}/{iface}?anyhost=true&application=app\u{200b}-\u{1b}[2J\u{85}é✓😀\"q\\&interface={iface}&methods=get,find&timestamp={}{extra}",
                t0 - 86_400_000
            )
        };
        let stat = |owner: i64, ctime_ms: i64| {
            Some(NodeStat {
                ephemeral_owner: owner,
                ctime_ms,
                mtime_ms: 0,
                version: 0,
            })
        };
        let node =
            |u: &str, owner: i64| Node::new(crate::registry::url::form_encode(u), stat(owner, 0));
        let mut inode = InterfaceNode {
            name: crate::registry::url::form_encode(iface),
            ..Default::default()
        };
        inode.nodes.insert(
            crate::registry::model::Category::Providers,
            vec![
                node(&url("10.0.0.1:20880", "&weight=200"), 5),
                node(&url("10.0.0.2:20880", "&weight=x\u{7f}"), 0),
                node(&url("10.0.0.3:20880", "&warmup=600000"), 5),
                // Warming up: started a minute before the clock below.
                node(
                    &format!("dubbo://10.0.0.4:20880/{iface}?interface={iface}&timestamp={}", t0 - 60_000),
                    5,
                ),
                node(&format!("dubbo://h\u{9f}st\u{2028}/{iface}?interface={iface}&application=&timestamp=bad"), 5),
                node(&url("10.0.0.5:20880", "&group=g\u{1b}\u{feff}&version=1.0.0"), 5),
            ],
        );
        inode.nodes.insert(
            crate::registry::model::Category::Configurators,
            vec![
                node(
                    &format!(
                        "override://10.0.0.2:20880/{iface}?category=configurators&disabled=true"
                    ),
                    0,
                ),
                node(
                    &format!("override://10.0.0.1:20880/{iface}?category=configurators&weight=50"),
                    0,
                ),
            ],
        );
        // Application level only: uptime from the instance node's ctime.
        let inst = DubboUrl::parse(&format!(
            "tri://10.0.0.6:50051/{iface}?application=inst-app&interface={iface}"
        ))
        .unwrap();
        inode.instances.push(Node {
            name: "inst-app/10.0.0.6:50051/x".into(),
            url: Ok(Arc::new(inst)),
            stat: stat(7, t0 - 5_000),
        });
        let mut views = services_of(&inode, "/dubbo", &mut vec![]);
        views.extend(crate::registry::model::test_views(
            "com.example.Plain",
            &["dubbo://[::1]:20880/com.example.Plain?interface=com.example.Plain&application=plain&version=2.0.0&group=shop&weight=0"],
            &[],
        ));
        let mut s = TopState::new(
            "context pr\u{9b}od (zookeeper://127.0.0.1:2181/\"dubbo\")".into(),
            false,
            t0,
        );
        s.reduce(Event::Registry(RegistryUpdate::Loaded(views.clone())), t0);
        let key = views[0].key.clone();
        let sample = |addr: &str, result: Result<Counters, String>| StatSample {
            address: addr.into(),
            interface: key.interface.clone(),
            group: None,
            version: None,
            result,
        };
        for (at, total) in [(t0 + 1_000, 100), (t0 + 3_000, 350)] {
            s.reduce(
                Event::Stats {
                    source: SourceKind::Telnet,
                    samples: vec![
                        sample(
                            "10.0.0.1:20880",
                            Ok(Counters {
                                active: 3,
                                total: Some(total),
                                failed: Some(total / 50),
                                mean_ms: Some(2.25),
                            }),
                        ),
                        sample("10.0.0.2:20880", Err("refused \u{9b}\"\\ \u{202e}x".into())),
                        sample(
                            "10.0.0.3:20880",
                            Ok(Counters {
                                active: 0,
                                total: None,
                                failed: None,
                                mean_ms: None,
                            }),
                        ),
                    ],
                },
                at,
            );
        }
        s.reduce(
            Event::Stats {
                source: SourceKind::Metrics,
                samples: vec![sample("10.0.0.2:20880", Err("no metrics port".into()))],
            },
            t0 + 3_000,
        );
        let provider = |i: usize| Box::new(views[0].providers[i].clone());
        let changes = vec![
            Change::Provider {
                kind: ChangeKind::Removed,
                service: key.clone(),
                provider: provider(2),
                changed: vec![],
            },
            Change::Provider {
                kind: ChangeKind::Modified,
                service: key.clone(),
                provider: provider(1),
                changed: vec!["enabled".into()],
            },
            Change::Provider {
                kind: ChangeKind::Added,
                service: key.clone(),
                provider: provider(3),
                changed: vec![],
            },
        ];
        s.reduce(
            Event::Registry(RegistryUpdate::Changes(changes)),
            t0 + 4_000,
        );
        s.reduce(
            Event::RegistryError("lost \u{1b}]0;t\u{7}\u{9d} \"x\"".into()),
            t0 + 4_500,
        );
        s.reduce(
            Event::Registry(RegistryUpdate::Session(
                crate::tui::event::Session::Connected,
            )),
            t0 + 4_600,
        );
        s.reduce(Event::Tick, t0 + 5_000);
        s
    }

    /// Byte for byte what the snapshot was before its encoding was made cheaper: compact (what
    /// `-o jsonl` prints), pretty (`-o json`), and one service in focus.
    #[test]
    fn the_snapshot_bytes_are_unchanged() {
        let mut s = hostile_state();
        let encode = |s: &TopState, pretty: bool| {
            let mut buf = Vec::new();
            crate::output::json::write_into(&snapshot(s), pretty, &mut buf).unwrap();
            String::from_utf8(buf).unwrap()
        };
        let compact = encode(&s, false);
        assert!(
            !compact
                .chars()
                .any(|c| c.is_control() || crate::output::sanitize::is_invisible_format(c)),
            "{compact}"
        );
        insta::assert_snapshot!("snapshot_compact", compact);
        insta::assert_snapshot!("snapshot_pretty", encode(&s, true));
        let jsonl = |s: &TopState| {
            let mut buf = Vec::new();
            write_jsonl(s, &mut buf).unwrap();
            String::from_utf8(buf).unwrap()
        };
        assert_eq!(
            jsonl(&s),
            compact,
            "the -o jsonl writer is the compact encoding"
        );
        let key = s.data.services.keys().next().unwrap().clone();
        s.focus(key);
        insta::assert_snapshot!("snapshot_focus", encode(&s, false));
        assert_eq!(jsonl(&s), encode(&s, false));
        let empty = TopState::new("r".into(), false, 0);
        assert_eq!(jsonl(&empty), encode(&empty, false));
    }

    #[test]
    fn the_table_has_a_row_per_provider() {
        let s = state();
        let (title, headers, rows) = table(&s, true);
        assert!(title.ends_with("2 providers"), "{title}");
        assert_eq!(headers.len(), 14);
        assert_eq!(
            rows[1][..3],
            ["com.example.UserService", "10.0.0.2:20880", "disabled"]
        );
        assert_eq!(rows[1].len(), 14);
    }
}
