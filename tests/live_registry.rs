//! The registry's live view driven directly (as `top` does, in a spawned task feeding a channel)
//! against a real ZooKeeper: node changes arrive as typed changes with static/dynamic known, a
//! config-center rule shows as what it does, and an outage is reported as session states and
//! caught up by a resync.

mod support;

use std::time::Duration;

use support::seed::{create, ensure_path, form_encode};
use support::ZkServer;
use svcctl::config::{self, Selection};
use svcctl::registry::diff::{Change, ChangeKind};
use svcctl::registry::live::{LiveEvent, LiveRegistry, SessionState};
use svcctl::registry::model::Registration;
use svcctl::registry::scope::{Filter, Scope};
use svcctl::registry::zk::Registry;
use tokio::sync::mpsc;

const IFACE: &str = "com.example.LiveService";

fn provider(ip: &str) -> String {
    format!("dubbo://{ip}:20880/{IFACE}?interface={IFACE}&application=live&methods=ping")
}

async fn registry(zk: &ZkServer, root: &str) -> Registry {
    registry_with(zk, root, None).await
}

async fn registry_with(zk: &ZkServer, root: &str, session_timeout: Option<Duration>) -> Registry {
    let mut target = config::resolve(&Selection {
        registry: Some(zk.address()),
        context: None,
        root: Some(root.to_string()),
        config_path: Some("/nonexistent/svcctl-test-config.toml".into()),
        connect_timeout: Some(Duration::from_secs(5)),
        read_only: false,
        tls: Default::default(),
    })
    .unwrap();
    if let Some(t) = session_timeout {
        target.session_timeout = t;
    }
    Registry::connect(&target).await.unwrap()
}

/// Runs the live view in its own task, the way a dashboard would, and forwards its events.
fn spawn(mut live: LiveRegistry) -> mpsc::UnboundedReceiver<(LiveEvent, SessionState)> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let ev = live.next().await.expect("live view failed");
            if tx.send((ev, live.session().clone())).is_err() {
                return;
            }
        }
    });
    rx
}

/// Receives events until `want` accepts one; returns everything seen up to it.
async fn until(
    rx: &mut mpsc::UnboundedReceiver<(LiveEvent, SessionState)>,
    within: Duration,
    want: impl Fn(&LiveEvent) -> bool,
) -> Vec<LiveEvent> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some((ev, _))) => {
                let done = want(&ev);
                seen.push(ev);
                if done {
                    return seen;
                }
            }
            Ok(None) => panic!("live view task ended; saw {seen:#?}"),
            Err(_) => panic!("expected event not seen within {within:?}; saw {seen:#?}"),
        }
    }
}

fn provider_change(ev: &LiveEvent, want: ChangeKind, addr: &str) -> bool {
    match ev {
        LiveEvent::Changes(cs) => cs.iter().any(|c| {
            matches!(c, Change::Provider { kind, provider, .. }
                if *kind == want && provider.url.address() == addr)
        }),
        _ => false,
    }
}

#[test]
fn live_view_follows_nodes_and_config_center_rules() {
    let zk = ZkServer::shared();
    let root = "/t_live";
    support::runtime().block_on(async {
        let seed = zk.client().await;
        let a = provider("10.1.0.1");
        let dir = format!("{root}/{IFACE}/providers");
        create(&seed, &format!("{dir}/{}", form_encode(&a)), b"", true).await;
        ensure_path(&seed, &format!("{root}/config/dubbo")).await;

        let live = LiveRegistry::start(
            registry(zk, root).await,
            Scope::All(Filter::new(Some("LiveService"), None, None)),
            true,
        )
        .await
        .unwrap();
        assert_eq!(live.session(), &SessionState::Connected);
        let views = live.views();
        assert_eq!(views.len(), 1, "{views:#?}");
        assert_eq!(views[0].key.interface, IFACE);
        assert_eq!(views[0].providers.len(), 1);
        // Stats were read: the seed client's ephemeral node is a dynamic registration.
        assert_eq!(views[0].providers[0].registration, Registration::Dynamic);
        assert!(live.problems().is_empty(), "{:?}", live.problems());
        let mut rx = spawn(live);

        // A persistent node is a static registration; the stat is read as it arrives.
        let b = provider("10.1.0.2");
        let b_path = format!("{dir}/{}", form_encode(&b));
        create(&seed, &b_path, b"", false).await;
        let seen = until(&mut rx, Duration::from_secs(10), |e| {
            provider_change(e, ChangeKind::Added, "10.1.0.2:20880")
        })
        .await;
        let Some(LiveEvent::Changes(cs)) = seen.last() else {
            unreachable!()
        };
        assert_eq!(cs.len(), 1, "{cs:#?}");
        let Change::Provider { provider, .. } = &cs[0] else {
            unreachable!()
        };
        assert_eq!(provider.registration, Registration::Static);

        // A config-center rule: the provider it disables is MODIFIED, the rule is ADDED.
        let yaml = format!(
            "configVersion: v2.7\nscope: service\nkey: {IFACE}\nconfigs:\n  - side: consumer\n    providerAddresses: [\"10.1.0.2:20880\"]\n    parameters: {{disabled: true}}\n"
        );
        let rule_path = format!("{root}/config/dubbo/{IFACE}::.configurators");
        create(&seed, &rule_path, yaml.as_bytes(), false).await;
        let seen = until(&mut rx, Duration::from_secs(10), |e| {
            provider_change(e, ChangeKind::Modified, "10.1.0.2:20880")
        })
        .await;
        let Some(LiveEvent::Changes(cs)) = seen.last() else {
            unreachable!()
        };
        assert!(
            cs.iter().any(|c| matches!(c, Change::Provider { provider, changed, .. }
                if !provider.effective.enabled && changed == &vec!["enabled".to_string()])),
            "{cs:#?}"
        );
        assert!(
            cs.iter().any(|c| matches!(c, Change::Rule { kind: ChangeKind::Added, rule, .. }
                if rule.config_center.as_deref() == Some(rule_path.as_str()))),
            "{cs:#?}"
        );

        seed.delete(&b_path, None).await.unwrap();
        until(&mut rx, Duration::from_secs(10), |e| {
            provider_change(e, ChangeKind::Removed, "10.1.0.2:20880")
        })
        .await;

        // Outside the scope: nothing arrives for it, while the in-scope delete below does.
        let other = "dubbo://10.1.0.9:20880/com.example.Other?interface=com.example.Other";
        create(
            &seed,
            &format!("{root}/com.example.Other/providers/{}", form_encode(other)),
            b"",
            false,
        )
        .await;
        seed.delete(&format!("{dir}/{}", form_encode(&a)), None)
            .await
            .unwrap();
        let seen = until(&mut rx, Duration::from_secs(10), |e| {
            provider_change(e, ChangeKind::Removed, "10.1.0.1:20880")
        })
        .await;
        assert!(
            seen.iter().all(|e| !provider_change(e, ChangeKind::Added, "10.1.0.9:20880")),
            "{seen:#?}"
        );
    });
}

#[test]
fn live_view_reports_an_outage_and_resyncs() {
    let mut zk = ZkServer::start();
    let root = "/t_live_outage";
    let rt = support::runtime();
    let mut rx = rt.block_on(async {
        let seed = zk.client().await;
        let a = provider("10.2.0.1");
        create(
            &seed,
            &format!("{root}/{IFACE}/providers/{}", form_encode(&a)),
            b"",
            false,
        )
        .await;
        let live = LiveRegistry::start(
            registry(&zk, root).await,
            Scope::All(Filter::default()),
            false,
        )
        .await
        .unwrap();
        assert_eq!(live.views().len(), 1);
        spawn(live)
    });

    zk.stop();
    let down = rt.block_on(until(&mut rx, Duration::from_secs(20), |e| {
        matches!(
            e,
            LiveEvent::Session(
                SessionState::Disconnected { .. } | SessionState::Reconnecting { .. }
            )
        )
    }));
    let since = match down.last() {
        Some(LiveEvent::Session(SessionState::Disconnected { since_ms }))
        | Some(LiveEvent::Session(SessionState::Reconnecting { since_ms, .. })) => *since_ms,
        other => panic!("{other:?}"),
    };
    assert!(since > 1_600_000_000_000, "wall-clock ms: {since}");

    zk.restart();
    rt.block_on(async {
        let seen = until(&mut rx, Duration::from_secs(40), |e| {
            matches!(e, LiveEvent::Session(SessionState::Connected))
        })
        .await;
        // Resyncing is announced before the re-read, and the re-read's result before Connected.
        let resyncing = seen
            .iter()
            .position(|e| matches!(e, LiveEvent::Session(SessionState::Resyncing { .. })))
            .unwrap_or_else(|| panic!("no Resyncing in {seen:#?}"));
        let resynced = seen
            .iter()
            .position(|e| matches!(e, LiveEvent::Resynced { .. }))
            .unwrap_or_else(|| panic!("no Resynced in {seen:#?}"));
        assert!(resyncing < resynced, "{seen:#?}");
        // Nothing changed while down (the node is persistent).
        assert!(
            matches!(seen[resynced], LiveEvent::Resynced { changes: 0, .. }),
            "{seen:#?}"
        );

        // The watch works again after the restart (it was re-registered, not trusted).
        let seed = zk.client().await;
        let b = provider("10.2.0.2");
        create(
            &seed,
            &format!("{root}/{IFACE}/providers/{}", form_encode(&b)),
            b"",
            false,
        )
        .await;
        until(&mut rx, Duration::from_secs(10), |e| {
            provider_change(e, ChangeKind::Added, "10.2.0.2:20880")
        })
        .await;
    });
}

#[test]
fn live_view_opens_a_new_session_after_expiry() {
    let mut zk = ZkServer::start();
    let root = "/t_live_expiry";
    let rt = support::runtime();
    let mut rx = rt.block_on(async {
        let seed = zk.client().await;
        let a = provider("10.3.0.1");
        create(
            &seed,
            &format!("{root}/{IFACE}/providers/{}", form_encode(&a)),
            b"",
            false,
        )
        .await;
        // ZooKeeper's shortest session (2 ticks): the client gives it up soon after the
        // server goes away.
        let r = registry_with(&zk, root, Some(Duration::from_secs(4))).await;
        let live = LiveRegistry::start(r, Scope::All(Filter::default()), false)
            .await
            .unwrap();
        spawn(live)
    });

    zk.stop();
    let seen = rt.block_on(async {
        let mut seen = until(&mut rx, Duration::from_secs(30), |e| {
            matches!(e, LiveEvent::Session(SessionState::Reconnecting { .. }))
        })
        .await;
        // Attempts against the stopped server fail and each is announced, with its error.
        seen.extend(
            until(&mut rx, Duration::from_secs(15), |e| {
                matches!(e, LiveEvent::Session(SessionState::Reconnecting { .. }))
            })
            .await,
        );
        seen
    });
    let reconnecting: Vec<(i64, &str)> = seen
        .iter()
        .filter_map(|e| match e {
            LiveEvent::Session(SessionState::Reconnecting { since_ms, why }) => {
                Some((*since_ms, why.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(reconnecting.len(), 2, "{seen:#?}");
    assert_eq!(
        reconnecting[0].0, reconnecting[1].0,
        "an outage keeps its start time: {seen:#?}"
    );
    assert!(reconnecting[1].1.contains("cannot connect"), "{seen:#?}");

    zk.restart();
    rt.block_on(async {
        let seen = until(&mut rx, Duration::from_secs(30), |e| {
            matches!(e, LiveEvent::Session(SessionState::Connected))
        })
        .await;
        assert!(
            seen.iter().any(|e| matches!(
                e,
                LiveEvent::Resynced {
                    changes: 0,
                    new_session: true
                }
            )),
            "{seen:#?}"
        );
        let seed = zk.client().await;
        let b = provider("10.3.0.2");
        create(
            &seed,
            &format!("{root}/{IFACE}/providers/{}", form_encode(&b)),
            b"",
            false,
        )
        .await;
        until(&mut rx, Duration::from_secs(10), |e| {
            provider_change(e, ChangeKind::Added, "10.3.0.2:20880")
        })
        .await;
    });
}

/// `top`'s start: the first view comes before the providers' stats, so static/dynamic is
/// unknown in it; the stats follow as MODIFIED changes of `registration` alone, one per
/// provider, and a node created meanwhile comes with its stat.
#[test]
fn stats_read_after_the_first_view_arrive_as_registration_changes() {
    let zk = ZkServer::shared();
    let root = "/t_live_lazy";
    support::runtime().block_on(async {
        let seed = zk.client().await;
        let dir = format!("{root}/{IFACE}/providers");
        let (dynamic, fixed) = (provider("10.3.0.1"), provider("10.3.0.2"));
        create(
            &seed,
            &format!("{dir}/{}", form_encode(&dynamic)),
            b"",
            true,
        )
        .await;
        create(&seed, &format!("{dir}/{}", form_encode(&fixed)), b"", false).await;
        ensure_path(&seed, &format!("{root}/config/dubbo")).await;

        let live = LiveRegistry::start_stats_later(
            registry(zk, root).await,
            Scope::All(Filter::new(Some("LiveService"), None, None)),
        )
        .await
        .unwrap();
        let views = live.views();
        assert_eq!(views.len(), 1, "{views:#?}");
        let first: Vec<Registration> = views[0].providers.iter().map(|p| p.registration).collect();
        assert_eq!(first, [Registration::Unknown, Registration::Unknown]);
        let mut rx = spawn(live);
        let seen = until(&mut rx, Duration::from_secs(10), |e| {
            matches!(e, LiveEvent::Changes(_))
        })
        .await;
        let Some(LiveEvent::Changes(cs)) = seen.last() else {
            unreachable!()
        };
        let mut filled: Vec<(String, Registration, Vec<String>)> = cs
            .iter()
            .map(|c| match c {
                Change::Provider {
                    kind: ChangeKind::Modified,
                    provider,
                    changed,
                    ..
                } => (
                    provider.url.address(),
                    provider.registration,
                    changed.clone(),
                ),
                other => panic!("not a registration fill: {other:#?}"),
            })
            .collect();
        filled.sort_by(|a, b| a.0.cmp(&b.0));
        let registration = vec!["registration".to_string()];
        assert_eq!(
            filled,
            [
                (
                    "10.3.0.1:20880".into(),
                    Registration::Dynamic,
                    registration.clone()
                ),
                ("10.3.0.2:20880".into(), Registration::Static, registration),
            ]
        );

        // Created after the start: read with its stat, as with `start`.
        let late = provider("10.3.0.3");
        create(&seed, &format!("{dir}/{}", form_encode(&late)), b"", false).await;
        let seen = until(&mut rx, Duration::from_secs(10), |e| {
            provider_change(e, ChangeKind::Added, "10.3.0.3:20880")
        })
        .await;
        let Some(LiveEvent::Changes(cs)) = seen.last() else {
            unreachable!()
        };
        let Change::Provider { provider, .. } = &cs[0] else {
            unreachable!()
        };
        assert_eq!(provider.registration, Registration::Static);
    });
}
