//! The provider-side in-flight sources of `svcctl top` end to end: demo provider binaries
//! registered in a real ZooKeeper, their registered URLs read back with `svcctl show`, the
//! source chosen from each URL, and the real probes (telnet `count` on the Dubbo port, QoS
//! `GET /metrics`) asked while slow calls are in flight. Plus the bounds: a peer that accepts
//! and never answers costs one probe timeout.
//!
//! Needs: Debian's `zookeeper` package.

mod support;

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use support::demo::DemoProcess;
use support::{free_port, svcctl, ZkServer};
use svcctl::cluster::probe::{
    fetch_metrics, http_client, rates, telnet_count, Counters, MetricsEndpoint, PollOptions,
    ProbeError, ProbeReport, ProbeTarget, Prober, Source, SourceConfig,
};
use svcctl::protocol::conn::{ConnectOptions, Connection};
use svcctl::protocol::dubbo::{Invocation, ServiceRef};
use svcctl::protocol::hessian2::Value;
use svcctl::registry::url::DubboUrl;

const T: Duration = Duration::from_secs(10);
const USERS: &str = "com.example.UserService";

fn users() -> ServiceRef {
    ServiceRef::new(USERS).with_version("1.0.0")
}

fn root(name: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "/probe-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// The provider URL of `service` at `addr` as registered, read back through `svcctl show`.
fn registered_url(zk: &str, root: &str, service: &str, addr: &str) -> DubboUrl {
    let r = svcctl(&[
        "--registry",
        zk,
        "--root",
        root,
        "show",
        service,
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let show = r.json();
    let p = show["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["address"] == addr)
        .unwrap_or_else(|| panic!("no provider {addr} in {show:#}"));
    DubboUrl::parse(p["url"].as_str().unwrap()).unwrap()
}

fn counters(report: &ProbeReport) -> &Counters {
    report
        .result
        .as_ref()
        .unwrap_or_else(|e| panic!("{:?}: {e}", report.target))
}

/// Starts `n` calls of `slow(ms)` on one connection; they stay in flight for `ms`.
async fn slow_calls(addr: &str, n: usize, ms: i64) -> Vec<tokio::task::JoinHandle<()>> {
    let conn = std::sync::Arc::new(
        Connection::connect(addr, &ConnectOptions::default())
            .await
            .unwrap(),
    );
    (0..n)
        .map(|_| {
            let c = conn.clone();
            tokio::spawn(async move {
                let inv = Invocation::direct(users(), "slow", "J", vec![Value::Long(ms)], T);
                c.call(&inv, T).await.unwrap().into_value().unwrap();
            })
        })
        .collect()
}

async fn quick_calls(addr: &str, n: usize) {
    let c = Connection::connect(addr, &ConnectOptions::default())
        .await
        .unwrap();
    for i in 0..n {
        let inv = Invocation::direct(users(), "getById", "J", vec![Value::Long(i as i64)], T);
        c.call(&inv, T).await.unwrap().into_value().unwrap();
    }
}

/// Polls until every target reports at least `active` calls in flight (the calls were sent
/// just before; give them a moment to reach the provider).
async fn poll_until_active(
    prober: &Prober,
    targets: &[ProbeTarget],
    active: u64,
) -> Vec<ProbeReport> {
    let t0 = Instant::now();
    loop {
        let reports = prober.poll(targets).await;
        let done = reports
            .iter()
            .all(|r| r.result.as_ref().is_ok_and(|c| c.active >= active));
        if done || t0.elapsed() > Duration::from_secs(5) {
            return reports;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_sources_see_calls_in_flight_and_totals_grow() {
    let zk = ZkServer::shared().address();
    let root = root("live");
    let qos27 = free_port().to_string();
    let qos3 = free_port().to_string();
    // A 2.7-style provider (telnet count) and a Dubbo 3-style one (QoS metrics); the first
    // also serves QoS so both sources can be read from the same process.
    let p27 = DemoProcess::registered(&zk, &root, "a", &["--qos-port", &qos27]);
    let p3 = DemoProcess::registered(
        &zk,
        &root,
        "b",
        &["--release", "3.2.16", "--qos-port", &qos3],
    );
    let url27 = registered_url(&zk, &root, USERS, &p27.addr());
    let url3 = registered_url(&zk, &root, USERS, &p3.addr());
    assert!(url27.param("executes").is_some() && url27.param("telnet") == Some("count"));

    let cfg3 = SourceConfig {
        qos_port: p3.qos_port,
        ..SourceConfig::default()
    };
    let telnet = ProbeTarget::from_url(&url27, &SourceConfig::default());
    let metrics3 = ProbeTarget::from_url(&url3, &cfg3);
    assert_eq!(
        telnet.source,
        Source::Telnet {
            addr: p27.addr(),
            service: format!("{USERS}:1.0.0"),
            prompt: None,
        }
    );
    assert_eq!(
        metrics3.source,
        Source::Metrics(MetricsEndpoint {
            host: "127.0.0.1".into(),
            port: p3.qos_port.unwrap(),
            path: "/metrics".into()
        })
    );
    // The 2.7 provider's QoS page, asked directly for the same service.
    let metrics27 = ProbeTarget {
        provider: p27.addr(),
        service: url27.service_key(),
        application: url27.application().map(str::to_string),
        source: Source::Metrics(MetricsEndpoint {
            host: "127.0.0.1".into(),
            port: p27.qos_port.unwrap(),
            path: "/metrics".into(),
        }),
    };
    let prober = Prober::new(PollOptions::default()).unwrap();

    // Before any call: telnet prints zeros; metrics has no series yet (as Dubbo: they appear
    // at the first call), which is a reason, not a 0.
    let before = prober.poll(&[telnet.clone(), metrics3.clone()]).await;
    let c = counters(&before[0]);
    assert_eq!((c.active, c.total), (0, 0));
    assert!(
        matches!(before[1].result, Err(ProbeError::NoSeries(_))),
        "{:?}",
        before[1].result
    );

    // Two services of one Dubbo port: one connection, a table each.
    let orders = ProbeTarget::from_url(
        &registered_url(&zk, &root, "OrderService", &p27.addr()),
        &SourceConfig::default(),
    );
    let both = prober.poll(&[telnet.clone(), orders]).await;
    assert_eq!(counters(&both[0]).methods, 6);
    assert_eq!(counters(&both[1]).methods, 3);

    quick_calls(&p27.addr(), 5).await;
    quick_calls(&p3.addr(), 5).await;
    let t_before = Instant::now();
    let base = prober
        .poll(&[telnet.clone(), metrics27.clone(), metrics3.clone()])
        .await;
    let mut slow = slow_calls(&p27.addr(), 4, 2500).await;
    slow.extend(slow_calls(&p3.addr(), 3, 2500).await);

    let targets = [telnet.clone(), metrics27.clone(), metrics3.clone()];
    let during = poll_until_active(&prober, &targets[..2], 4).await;
    let during3 = poll_until_active(&prober, &targets[2..], 3).await;
    for (r, want) in during.iter().zip([4, 4]).chain(during3.iter().zip([3])) {
        let c = counters(r);
        assert_eq!(c.active, want, "{:?}: {c:?}", r.target.source);
        assert!(c.total >= 5, "{c:?}");
    }
    // A QoS port held by another application is not read as this provider's.
    let wrong_app = ProbeTarget {
        application: Some("billing".into()),
        ..metrics3.clone()
    };
    let r = prober.poll(&[wrong_app]).await;
    assert!(
        matches!(&r[0].result, Err(ProbeError::OtherApplication { found, .. }) if found == "svcctl-demo-provider"),
        "{:?}",
        r[0].result
    );
    // Telnet and metrics of the same provider agree.
    assert_eq!(counters(&during[0]).total, counters(&during[1]).total);
    assert!(counters(&during[0]).mean_ms.is_some());

    for h in slow {
        h.await.unwrap();
    }
    let after = prober.poll(&targets).await;
    let t_after = Instant::now();
    for (b, a) in base.iter().zip(&after) {
        let (b, a) = (counters(b), counters(a));
        assert_eq!(a.active, 0, "{a:?}");
        assert!(a.total >= b.total + 3, "totals grow: {b:?} -> {a:?}");
    }
    // The slow calls took ~2500 ms each: the metrics' exact elapsed sum shows it.
    let (b3, a3) = (counters(&base[2]), counters(&after[2]));
    let ms = t_after.duration_since(t_before).as_millis() as u64;
    let r = rates(b3, 0, a3, ms).unwrap();
    assert!(r.calls_per_s > 0.0, "{r:?}");
    let interval_mean = r.mean_ms.unwrap();
    assert!(
        (2000.0..3000.0).contains(&interval_mean),
        "mean of the interval's 3 slow calls: {interval_mean}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn providers_that_cannot_tell_get_a_reason_not_zero() {
    let zk = ZkServer::shared().address();
    let root = root("reasons");
    let no_limit = DemoProcess::registered(&zk, &root, "a", &["--executes", "0"]);
    let no_telnet = DemoProcess::registered(&zk, &root, "b", &["--telnet", ""]);
    let t_limit = ProbeTarget::from_url(
        &registered_url(&zk, &root, USERS, &no_limit.addr()),
        &SourceConfig::default(),
    );
    let t_telnet = ProbeTarget::from_url(
        &registered_url(&zk, &root, USERS, &no_telnet.addr()),
        &SourceConfig::default(),
    );
    assert_eq!(
        t_limit.source.reason(),
        Some("no executes limit: Dubbo counts nothing")
    );
    assert!(
        t_telnet
            .source
            .reason()
            .is_some_and(|r| r.starts_with("telnet count not enabled")),
        "{:?}",
        t_telnet.source
    );
    let reports = Prober::new(PollOptions::default())
        .unwrap()
        .poll(&[t_limit, t_telnet])
        .await;
    assert_eq!(
        reports[0].result,
        Err(ProbeError::NoSource(
            "no executes limit: Dubbo counts nothing".into()
        ))
    );
    assert!(matches!(reports[1].result, Err(ProbeError::NoSource(_))));

    // Asked anyway, each answers as Dubbo would: zeros without executes (which is why the
    // reason is shown instead), the security refusal without the telnet list.
    let _calls = slow_calls(&no_limit.addr(), 2, 1500).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let rows = telnet_count(&no_limit.addr(), USERS, T, 64 * 1024)
        .await
        .unwrap();
    assert!(
        rows.iter().all(|r| r.active == 0 && r.total == 0),
        "{rows:?}"
    );
    let refused = telnet_count(&no_telnet.addr(), USERS, T, 64 * 1024).await;
    assert!(
        matches!(&refused, Err(ProbeError::Disabled(m)) if m.contains("security reasons")),
        "{refused:?}"
    );
    let missing = telnet_count(&no_limit.addr(), "com.example.Nope", T, 64 * 1024).await;
    assert!(
        matches!(missing, Err(ProbeError::NoSuchService(_))),
        "{missing:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusing_qos_is_a_clear_reason() {
    let qos = free_port().to_string();
    let p = DemoProcess::start(&["--qos-port", &qos, "--qos-deny", "--release", "3.2.16"]);
    let endpoint = MetricsEndpoint {
        host: "127.0.0.1".into(),
        port: p.qos_port.unwrap(),
        path: "/metrics".into(),
    };
    let r = fetch_metrics(&http_client().unwrap(), &endpoint, T, 1 << 20).await;
    let Err(e @ ProbeError::Forbidden(_)) = r else {
        panic!("{r:?}")
    };
    assert!(e.to_string().contains("403"), "{e}");
    assert!(
        e.to_string().contains("qos.accept.foreign.ip.whitelist"),
        "{e}"
    );
    // A 2.7 QoS says "Foreign Ip Not Permitted." on connect and closes: no HTTP at all.
    let p27 = DemoProcess::start(&["--qos-port", &free_port().to_string(), "--qos-deny"]);
    let e27 = MetricsEndpoint {
        port: p27.qos_port.unwrap(),
        ..endpoint.clone()
    };
    let r = fetch_metrics(&http_client().unwrap(), &e27, T, 1 << 20).await;
    assert!(
        matches!(&r, Err(ProbeError::Forbidden(m)) if m == "Foreign Ip Not Permitted."),
        "{r:?}"
    );
    let wrong_path = MetricsEndpoint {
        path: "/nope".into(),
        ..endpoint
    };
    let p2 = DemoProcess::start(&["--qos-port", &free_port().to_string()]);
    let wrong = MetricsEndpoint {
        port: p2.qos_port.unwrap(),
        ..wrong_path
    };
    let r = fetch_metrics(&http_client().unwrap(), &wrong, T, 1 << 20).await;
    assert!(
        matches!(r, Err(ProbeError::Http { status: 404, .. })),
        "{r:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_that_never_answers_costs_one_timeout() {
    // Accepts, reads, never writes: a hung JVM. Sockets are held until the test ends.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let closed_port = free_port();
    let hung = |source| ProbeTarget {
        provider: format!("127.0.0.1:{port}"),
        service: svcctl::registry::url::ServiceKey::new(USERS, None, None),
        application: None,
        source,
    };
    // Ten services on one hung Dubbo port (one connection), twenty hung metrics endpoints
    // (paths differ, so twenty GETs), and a closed port: 22 exchanges at concurrency 16.
    let telnet = (0..10).map(|i| {
        hung(Source::Telnet {
            addr: format!("127.0.0.1:{port}"),
            service: format!("{USERS}{i}"),
            prompt: None,
        })
    });
    let metrics = (0..20).map(|i| {
        hung(Source::Metrics(MetricsEndpoint {
            host: "127.0.0.1".into(),
            port,
            path: format!("/metrics{i}"),
        }))
    });
    let closed = hung(Source::Telnet {
        addr: format!("127.0.0.1:{closed_port}"),
        service: USERS.into(),
        prompt: None,
    });
    let targets: Vec<ProbeTarget> = telnet.chain(metrics).chain([closed]).collect();
    let opts = PollOptions {
        timeout: Duration::from_millis(300),
        ..PollOptions::default()
    };
    let prober = Prober::new(opts).unwrap();
    let t0 = Instant::now();
    let reports = prober.poll(&targets).await;
    let took = t0.elapsed();
    // 21 hung exchanges, 16 at a time: two rounds of one timeout each, not 21 (nor 31).
    assert!(took >= Duration::from_millis(600), "poll took {took:?}");
    assert!(took < Duration::from_millis(1500), "poll took {took:?}");
    for r in &reports[..30] {
        assert_eq!(r.result, Err(ProbeError::Timeout(300)), "{:?}", r.target);
    }
    assert!(
        matches!(&reports[30].result, Err(ProbeError::Connect { .. })),
        "{:?}",
        reports[30].result
    );
    hold.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_over_the_cap_are_refused() {
    // A peer that streams text forever, never a prompt.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                use tokio::io::AsyncWriteExt;
                let line = [b'x'; 1024];
                while s.write_all(&line).await.is_ok() {}
            });
        }
    });
    let r = telnet_count(&addr, USERS, T, 16 * 1024).await;
    assert_eq!(r, Err(ProbeError::TooLarge(16 * 1024)));
    let endpoint = MetricsEndpoint {
        host: "127.0.0.1".into(),
        port: addr.rsplit(':').next().unwrap().parse().unwrap(),
        path: "/metrics".into(),
    };
    // Not HTTP at all: an error, promptly, not a hang or a huge buffer.
    let r = fetch_metrics(&http_client().unwrap(), &endpoint, T, 16 * 1024).await;
    assert!(r.is_err(), "{r:?}");
}

/// A provider with its own telnet prompt (`<dubbo:protocol prompt="...">`, registered as
/// `prompt=`): the probe ends each reply there, and sees the calls in flight, instead of
/// waiting for Dubbo's prompt until it times out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_telnet_prompt_ends_the_reply() {
    let zk = ZkServer::shared().address();
    let root = root("prompt");
    let p = DemoProcess::registered(&zk, &root, "a", &["--telnet-prompt", "shop> "]);
    let url = registered_url(&zk, &root, USERS, &p.addr());
    let target = ProbeTarget::from_url(&url, &SourceConfig::default());
    assert_eq!(
        target.source,
        Source::Telnet {
            addr: p.addr(),
            service: format!("{USERS}:1.0.0"),
            prompt: Some("shop> ".into()),
        }
    );
    let _calls = slow_calls(&p.addr(), 3, 2000).await;
    let prober = Prober::new(PollOptions {
        timeout: Duration::from_secs(1),
        ..PollOptions::default()
    })
    .unwrap();
    let started = Instant::now();
    let reports = poll_until_active(&prober, std::slice::from_ref(&target), 3).await;
    assert_eq!(counters(&reports[0]).active, 3, "{reports:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
