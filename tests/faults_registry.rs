//! Faults in a real 3-member ZooKeeper ensemble (tests/support/ensemble.rs) while the real
//! `svcctl` binary follows or changes the registry: a member SIGKILLed (a crash), a member
//! frozen with SIGSTOP (a hung server: its sockets stay open and silent), the whole ensemble
//! frozen past the session timeout (the session expires).
//!
//! Timing: the ensemble ticks every 200 ms, so svcctl's 10 s session is negotiated down to 4 s
//! and the client gives up a silent connection after about 2/3 of that. Bounds below are those
//! timeouts plus a margin for a loaded 2-core CI machine.
//!
//! Needs: Debian's `zookeeper` package.

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use futures::FutureExt;
use serde_json::Value;
use support::ensemble::{Ensemble, MAX_SESSION};
use support::faults::{member_of, others, with_zk, Streaming};
use support::seed::{create, form_encode};

const IFACE: &str = "com.example.FaultService";

fn url(ip: &str) -> String {
    format!("dubbo://{ip}:20880/{IFACE}?interface={IFACE}&application=faults&methods=ping&side=provider")
}

fn node_path(root: &str, ip: &str) -> String {
    format!("{root}/{IFACE}/providers/{}", form_encode(&url(ip)))
}

/// Creates a provider node through the given members (persistent: it must not depend on the
/// seeding session, which ends at once).
fn add_provider(ens: &Ensemble, via: &[u32], root: &str, ip: &str) {
    let path = node_path(root, ip);
    with_zk(ens, via, move |c| {
        async move {
            create(c, &path, b"", false).await;
        }
        .boxed()
    });
}

fn remove_provider(ens: &Ensemble, via: &[u32], root: &str, ip: &str) {
    let path = node_path(root, ip);
    with_zk(ens, via, move |c| {
        async move { c.delete(&path, None).await.expect("delete provider") }.boxed()
    });
}

/// How long a change may take to show while svcctl is on a failed member: the client notices
/// the silence (2/3 of the session), connects elsewhere (a connect timeout at worst), re-reads.
fn failover_bound() -> Duration {
    MAX_SESSION + Duration::from_secs(8)
}

fn is_provider(v: &Value, kind: &str, ip: &str) -> bool {
    v["type"] == kind && v["object"] == "provider" && v["address"] == format!("{ip}:20880")
}

#[test]
fn ls_watch_loses_no_change_when_a_member_is_killed_or_frozen() {
    let mut ens = Ensemble::start();
    let root = "/dubbo";
    add_provider(&ens, &[1, 2, 3], root, "10.9.0.1");
    let addr = ens.address();
    let dir = ens.dir.path().to_path_buf();
    let mut watch = Streaming::start(
        &["--registry", &addr, "ls", "-w", "-o", "jsonl", IFACE],
        &dir,
        "ls-w",
        &[],
    );
    watch.until(Duration::from_secs(15), "the first provider", |v| {
        is_provider(v, "ADDED", "10.9.0.1")
    });

    // 1. The member svcctl is connected to crashes; a provider registers meanwhile.
    let pid = watch.pid();
    let m = member_of(&ens, pid, Duration::from_secs(5));
    ens.member(m).kill();
    let t0 = Instant::now();
    add_provider(&ens, &others(&ens, &[m]), root, "10.9.0.2");
    let (_, at) = watch.until(failover_bound(), "ADDED after a SIGKILL", |v| {
        is_provider(v, "ADDED", "10.9.0.2")
    });
    eprintln!("kill zk{m}: change shown after {:?}", at - t0);
    ens.member(m).restart();
    ens.wait_serving(Duration::from_secs(30));

    // 2. The member svcctl is on now hangs; a provider leaves and one registers meanwhile.
    let m = member_of(&ens, pid, Duration::from_secs(10));
    ens.member(m).freeze();
    let t0 = Instant::now();
    let via = others(&ens, &[m]);
    remove_provider(&ens, &via, root, "10.9.0.1");
    add_provider(&ens, &via, root, "10.9.0.3");
    let (_, at) = watch.until(failover_bound(), "REMOVED after a SIGSTOP", |v| {
        is_provider(v, "REMOVED", "10.9.0.1")
    });
    watch.until(Duration::from_secs(5), "ADDED after a SIGSTOP", |v| {
        is_provider(v, "ADDED", "10.9.0.3")
    });
    eprintln!("freeze zk{m}: change shown after {:?}", at - t0);
    assert_ne!(
        member_of(&ens, pid, Duration::from_secs(5)),
        m,
        "svcctl is still on the frozen member"
    );
    ens.member(m).thaw();

    // Still following after the faults.
    add_provider(&ens, &[1, 2, 3], root, "10.9.0.4");
    watch.until(Duration::from_secs(10), "ADDED after the thaw", |v| {
        is_provider(v, "ADDED", "10.9.0.4")
    });
    // Every change is reported once: the events replay to the registry's final state.
    let mut live = BTreeSet::new();
    for line in &watch.seen {
        let v: Value = serde_json::from_str(line).unwrap();
        if v["object"] != "provider" {
            continue;
        }
        let a = v["address"].as_str().unwrap().to_string();
        match v["type"].as_str().unwrap() {
            "ADDED" => assert!(live.insert(a.clone()), "{a} added twice: {:#?}", watch.seen),
            "REMOVED" => assert!(live.remove(&a), "{a} removed unseen: {:#?}", watch.seen),
            _ => {}
        }
    }
    let want: BTreeSet<String> = ["10.9.0.2", "10.9.0.3", "10.9.0.4"]
        .iter()
        .map(|ip| format!("{ip}:20880"))
        .collect();
    assert_eq!(live, want, "{:#?}", watch.seen);
}
