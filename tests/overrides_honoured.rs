//! Overrides are honoured: a provider disabled with `svcctl disable` receives no calls, and once
//! `svcctl enable`d it receives calls again.
//!
//! Which consumer makes the calls: svcctl's own provider selection (`svcctl invoke -n 40 -o json`,
//! which reads `<root>/<iface>/configurators` and skips disabled providers), because no consumer
//! from npm honours overrides:
//! - dubbo2.js 2.3.9 (the one the interop tests use) lists only `<root>/<iface>/providers`
//!   (es7/zookeeper.js) and picks a provider at random among them (es7/dubbo-agent.js); it never
//!   reads `configurators`, so a disabled provider keeps receiving its calls.
//! - apache-dubbo-consumer 4.0.0 with apache-dubbo-registry 0.0.2 likewise watches only
//!   `providers` (registry-zookeeper.js) and selects at random (select.js).
//!
//! That the calls did (or did not) reach an instance is checked from the provider's side, with
//! the demo provider's own per-request log (`--log-calls`), as well as in svcctl's report.
//!
//! Needs: Debian's `zookeeper` package.

mod support;

use serde_json::Value as Json;
use support::demo::DemoProcess;
use support::{svcctl, Run, ZkServer};

fn assert_ok(r: &Run) {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
}

fn calls_to(report: &Json, addr: &str) -> u64 {
    report["providers"]
        .as_array()
        .expect("providers")
        .iter()
        .find(|p| p["address"] == addr)
        .and_then(|p| p["calls"].as_u64())
        .unwrap_or(0)
}

#[test]
fn disabled_provider_gets_no_calls_and_a_reenabled_one_does_again() {
    let zk = ZkServer::shared().address();
    let root = format!("/overrides-{}", std::process::id());
    let a = DemoProcess::registered(&zk, &root, "a", &["--warmup", "0"]);
    let b = DemoProcess::registered(&zk, &root, "b", &["--warmup", "0"]);
    let run = |args: &[&str]| {
        let mut all = vec!["--registry", zk.as_str(), "--root", root.as_str()];
        all.extend_from_slice(args);
        svcctl(&all)
    };
    let load = || {
        let r = run(&[
            "invoke",
            "UserService.whoami",
            "-n",
            "40",
            "--lb",
            "roundrobin",
            "-o",
            "json",
        ]);
        assert_ok(&r);
        let report = r.json();
        assert_eq!(report["count"], 40);
        assert_eq!(report["ok_count"], 40);
        report
    };

    // Both enabled: both are called.
    let report = load();
    let (a0, b0) = (a.calls(), b.calls());
    assert_eq!(calls_to(&report, &a.addr()), 20, "{report}");
    assert_eq!(calls_to(&report, &b.addr()), 20, "{report}");
    assert_eq!((a0, b0), (20, 20), "as the providers count them");

    // Disable b: an override rule in configurators, as dubbo-admin writes it.
    let r = run(&["disable", "UserService", "--provider", &b.addr(), "--yes"]);
    assert_ok(&r);
    let report = load();
    assert_eq!(calls_to(&report, &b.addr()), 0, "{report}");
    assert_eq!(calls_to(&report, &a.addr()), 40, "{report}");
    assert_eq!(b.calls(), b0, "the disabled provider served calls");
    assert_eq!(a.calls(), a0 + 40);
    // Single calls too.
    for _ in 0..4 {
        let r = run(&["invoke", "UserService.whoami"]);
        assert_ok(&r);
        assert!(
            r.stdout.contains(&format!("a@{}", a.addr())),
            "{}",
            r.stdout
        );
    }
    assert_eq!(b.calls(), b0);

    // Enable it again: it is called again.
    let r = run(&["enable", "UserService", "--provider", &b.addr(), "--yes"]);
    assert_ok(&r);
    let report = load();
    assert_eq!(calls_to(&report, &b.addr()), 20, "{report}");
    assert_eq!(
        b.calls(),
        b0 + 20,
        "the re-enabled provider served no calls"
    );
}
