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
use support::faults::{
    failover_bound, is_provider, member_of, others, snapshot_addresses, with_zk, FaultProviders,
    Streaming,
};
use support::seed::create;

const IFACE: &str = "com.example.FaultService";
const PROVIDERS: FaultProviders = FaultProviders {
    interface: IFACE,
    application: "faults",
};

#[test]
fn ls_watch_loses_no_change_when_a_member_is_killed_or_frozen() {
    let mut ens = Ensemble::start();
    let root = "/dubbo";
    PROVIDERS.add(&ens, &[1, 2, 3], root, "127.0.9.1");
    let addr = ens.address();
    let dir = ens.dir.path().to_path_buf();
    let mut watch = Streaming::start(
        &["--registry", &addr, "ls", "-w", "-o", "jsonl", IFACE],
        &dir,
        "ls-w",
        &[],
    );
    watch.until(Duration::from_secs(15), "the first provider", |v| {
        is_provider(v, "ADDED", "127.0.9.1")
    });

    // 1. The member svcctl is connected to crashes; a provider registers meanwhile.
    let pid = watch.pid();
    let m = member_of(&ens, pid, Duration::from_secs(5));
    ens.member(m).kill();
    let t0 = Instant::now();
    PROVIDERS.add(&ens, &others(&ens, &[m]), root, "127.0.9.2");
    let (_, at) = watch.until(failover_bound(), "ADDED after a SIGKILL", |v| {
        is_provider(v, "ADDED", "127.0.9.2")
    });
    eprintln!("kill zk{m}: change shown after {:?}", at - t0);
    ens.member(m).restart();
    ens.wait_serving(Duration::from_secs(30));

    // 2. The member svcctl is on now hangs; a provider leaves and one registers meanwhile.
    let m = member_of(&ens, pid, Duration::from_secs(10));
    ens.member(m).freeze();
    let t0 = Instant::now();
    let via = others(&ens, &[m]);
    PROVIDERS.remove(&ens, &via, root, "127.0.9.1");
    PROVIDERS.add(&ens, &via, root, "127.0.9.3");
    let (_, at) = watch.until(failover_bound(), "REMOVED after a SIGSTOP", |v| {
        is_provider(v, "REMOVED", "127.0.9.1")
    });
    watch.until(Duration::from_secs(5), "ADDED after a SIGSTOP", |v| {
        is_provider(v, "ADDED", "127.0.9.3")
    });
    eprintln!("freeze zk{m}: change shown after {:?}", at - t0);
    assert_ne!(
        member_of(&ens, pid, Duration::from_secs(5)),
        m,
        "svcctl is still on the frozen member"
    );
    ens.member(m).thaw();
    ens.wait_serving(Duration::from_secs(30));

    // 3. The leader hangs: writes stall until the others elect a new one, and a follower drops
    // its clients meanwhile. A provider registered through the new leader still shows.
    let leader = ens.leader().expect("a leader");
    ens.member(leader).freeze();
    let t0 = Instant::now();
    PROVIDERS.add(&ens, &others(&ens, &[leader]), root, "127.0.9.7");
    let (_, at) = watch.until(failover_bound(), "ADDED with the leader frozen", |v| {
        is_provider(v, "ADDED", "127.0.9.7")
    });
    eprintln!("freeze leader zk{leader}: change shown after {:?}", at - t0);
    ens.member(leader).thaw();
    ens.wait_serving(Duration::from_secs(30));

    // Still following after the faults.
    PROVIDERS.add(&ens, &[1, 2, 3], root, "127.0.9.4");
    watch.until(Duration::from_secs(10), "ADDED after the thaw", |v| {
        is_provider(v, "ADDED", "127.0.9.4")
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
    let want: BTreeSet<String> = ["127.0.9.2", "127.0.9.3", "127.0.9.4", "127.0.9.7"]
        .iter()
        .map(|ip| format!("{ip}:20880"))
        .collect();
    assert_eq!(live, want, "{:#?}", watch.seen);
    // A member failing is normally no lost session (the client takes the session to another
    // member), but on a starved machine the 4 s session can expire during an election: then
    // stderr must say so, and that a resync followed.
    let stderr = watch.stderr_text();
    eprintln!("ls -w stderr:\n{stderr}");
    let mut lost = false;
    for line in stderr.lines() {
        if line.contains("session lost") {
            lost = true;
        } else if line.contains("resynchronised") {
            lost = false;
        }
    }
    assert!(!lost, "a lost session without a resync after it:\n{stderr}");
}

/// The providers a `top -b` JSON snapshot shows as present (tombstones left out).
fn addresses(ips: &[&str]) -> BTreeSet<String> {
    ips.iter().map(|ip| format!("{ip}:20880")).collect()
}

/// The largest gap between consecutive stdout lines of a stream.
fn largest_gap(times: &[Instant]) -> Duration {
    times
        .windows(2)
        .map(|w| w[1] - w[0])
        .max()
        .unwrap_or_default()
}

/// Takes snapshots until one shows exactly `want`; returns the arrival times seen meanwhile.
fn snapshots_until(
    top: &mut Streaming,
    within: Duration,
    what: &str,
    want: &BTreeSet<String>,
    times: &mut Vec<Instant>,
) -> Value {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (v, at) = top.until(left.max(Duration::from_millis(1)), what, |_| true);
        times.push(at);
        if &snapshot_addresses(&v) == want {
            return v;
        }
        assert!(Instant::now() < deadline, "{what}: last snapshot {v}");
    }
}

#[test]
fn top_batch_keeps_printing_when_a_member_is_killed_or_frozen() {
    let mut ens = Ensemble::start();
    let root = "/dubbo";
    PROVIDERS.add(&ens, &[1, 2, 3], root, "127.0.9.1");
    let addr = ens.address();
    let dir = ens.dir.path().to_path_buf();
    let mut top = Streaming::start(
        &[
            "--registry",
            &addr,
            "top",
            "-b",
            "-o",
            "jsonl",
            "-d",
            "500ms",
        ],
        &dir,
        "top-b",
        &[],
    );
    let mut times = Vec::new();
    snapshots_until(
        &mut top,
        Duration::from_secs(15),
        "the first provider",
        &addresses(&["127.0.9.1"]),
        &mut times,
    );
    times.clear();

    let pid = top.pid();
    let m = member_of(&ens, pid, Duration::from_secs(5));
    ens.member(m).kill();
    PROVIDERS.add(&ens, &others(&ens, &[m]), root, "127.0.9.2");
    snapshots_until(
        &mut top,
        failover_bound(),
        "a provider added after a SIGKILL",
        &addresses(&["127.0.9.1", "127.0.9.2"]),
        &mut times,
    );
    ens.member(m).restart();
    ens.wait_serving(Duration::from_secs(30));

    let m = member_of(&ens, pid, Duration::from_secs(10));
    ens.member(m).freeze();
    let via = others(&ens, &[m]);
    PROVIDERS.remove(&ens, &via, root, "127.0.9.1");
    PROVIDERS.add(&ens, &via, root, "127.0.9.3");
    let last = snapshots_until(
        &mut top,
        failover_bound(),
        "the changes made while a member is frozen",
        &addresses(&["127.0.9.2", "127.0.9.3"]),
        &mut times,
    );
    ens.member(m).thaw();
    assert_eq!(last["session"]["state"], "connected", "{last}");
    // Snapshots kept their 500 ms pace through both faults (the registry feed is not the
    // printing loop's business); 2 s allows for a loaded machine.
    let gap = largest_gap(&times);
    eprintln!("top -b: {} snapshots, largest gap {gap:?}", times.len());
    assert!(gap < Duration::from_secs(2), "a snapshot came {gap:?} late");
    // The final snapshot is the tree.
    let tree: BTreeSet<String> = with_zk(&ens, &[1, 2, 3], |c| {
        async move {
            c.list_children(&format!("{root}/{IFACE}/providers"))
                .await
                .unwrap()
        }
        .boxed()
    })
    .into_iter()
    .map(|n| {
        let u = svcctl::registry::url::DubboUrl::from_node_name(&n).expect("node name");
        u.address()
    })
    .collect();
    assert_eq!(snapshot_addresses(&last), tree);
}

/// A session of its own holding an ephemeral provider, as a registered application does, on a
/// runtime thread that keeps it alive until dropped.
struct EphemeralOwner {
    _rt: tokio::runtime::Runtime,
    _client: zookeeper_client::Client,
}

impl EphemeralOwner {
    fn new(ens: &Ensemble, root: &str, ip: &str) -> EphemeralOwner {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let path = PROVIDERS.node_path(root, ip);
        let client = rt.block_on(async {
            let c = ens.client_on(&[1, 2, 3]).await;
            create(&c, &path, b"", true).await;
            c
        });
        EphemeralOwner {
            _rt: rt,
            _client: client,
        }
    }
}

#[test]
fn session_expiry_opens_a_new_session_and_resyncs_ls_watch_and_top() {
    let mut ens = Ensemble::start();
    let root = "/dubbo";
    PROVIDERS.add(&ens, &[1, 2, 3], root, "127.0.9.1");
    // Its session expires with svcctl's: the node goes while svcctl has no session, a change
    // only a full re-read can find.
    let owner = EphemeralOwner::new(&ens, root, "127.0.9.5");
    let addr = ens.address();
    let dir = ens.dir.path().to_path_buf();
    let mut watch = Streaming::start(
        &["--registry", &addr, "ls", "-w", "-o", "jsonl", IFACE],
        &dir,
        "ls-w",
        &[],
    );
    let mut top = Streaming::start(
        &[
            "--registry",
            &addr,
            "top",
            "-b",
            "-o",
            "jsonl",
            "-d",
            "500ms",
        ],
        &dir,
        "top-b",
        &[],
    );
    // The table form says it in words, on stderr.
    let mut top_table = Streaming::start(
        &["--registry", &addr, "top", "-b", "-d", "500ms"],
        &dir,
        "top-b-table",
        &[],
    );
    watch.until(Duration::from_secs(15), "the ephemeral provider", |v| {
        is_provider(v, "ADDED", "127.0.9.5")
    });
    let mut times = Vec::new();
    let first = snapshots_until(
        &mut top,
        Duration::from_secs(15),
        "both providers",
        &addresses(&["127.0.9.1", "127.0.9.5"]),
        &mut times,
    );
    let since0 = first["session"]["since_ms"].as_i64().unwrap();
    top_table.first_line(Duration::from_secs(15));

    // The whole registry hangs past the client's view of the session (7/5 of it), then thaws.
    ens.freeze_all();
    std::thread::sleep(MAX_SESSION * 7 / 5 + Duration::from_secs(2));
    ens.thaw_all();
    let thawed = Instant::now();
    drop(owner);
    ens.wait_serving(Duration::from_secs(30));
    PROVIDERS.add(&ens, &[1, 2, 3], root, "127.0.9.6");

    // ls -w: the ephemeral node's removal and the new provider, and stderr says what happened.
    let bound = MAX_SESSION * 2 + Duration::from_secs(10);
    watch.seen_or_until(bound, "REMOVED of the expired session's node", |v| {
        is_provider(v, "REMOVED", "127.0.9.5")
    });
    watch.seen_or_until(bound, "ADDED after the new session", |v| {
        is_provider(v, "ADDED", "127.0.9.6")
    });
    eprintln!("ls -w caught up {:?} after the thaw", thawed.elapsed());
    // The note follows the resync's changes (stdout first, then stderr): give it a moment.
    let t0 = Instant::now();
    while !watch.stderr_text().contains("resynchronised with")
        && t0.elapsed() < Duration::from_secs(5)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let stderr = watch.stderr_text();
    assert!(stderr.contains("ZooKeeper session lost"), "{stderr}");
    assert!(stderr.contains("resynchronised with"), "{stderr}");

    // top -b: snapshots went on through the freeze, said the session was not connected, and
    // came back connected in a new session (a later since_ms) with the tree as it is.
    let last = snapshots_until(
        &mut top,
        bound,
        "the tree after the expiry",
        &addresses(&["127.0.9.1", "127.0.9.6"]),
        &mut times,
    );
    let states: Vec<String> = top
        .seen
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["session"]["state"].to_string())
        .collect();
    assert!(
        states.iter().any(|s| s.contains("reconnecting")),
        "top -b never said the session was lost: {states:?}"
    );
    assert_eq!(last["session"]["state"], "connected", "{last}");
    assert!(
        last["session"]["since_ms"].as_i64().unwrap() > since0,
        "{last}"
    );
    let gap = largest_gap(&times);
    assert!(gap < Duration::from_secs(2), "a snapshot came {gap:?} late");
    eprintln!(
        "top -b: {} snapshots, largest gap {gap:?}; {states:?}",
        times.len()
    );
    let t0 = Instant::now();
    while !top_table.stderr_text().contains("in a new session") {
        assert!(
            t0.elapsed() < Duration::from_secs(5),
            "top -b (table) did not say it resynchronised in a new session:\n{}",
            top_table.stderr_text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("{}", top_table.stderr_text().trim());
}

/// Every node under the interface with its data: what a mutation may have written.
fn tree(ens: &Ensemble, via: &[u32], root: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let base = format!("{root}/{IFACE}");
    with_zk(ens, via, move |c| {
        async move {
            let mut out = std::collections::BTreeMap::new();
            let mut stack = vec![base];
            while let Some(p) = stack.pop() {
                let Ok((data, _)) = c.get_data(&p).await else {
                    continue;
                };
                out.insert(p.clone(), data);
                for ch in c.list_children(&p).await.unwrap_or_default() {
                    stack.push(format!("{p}/{ch}"));
                }
            }
            out
        }
        .boxed()
    })
}

type Tree = std::collections::BTreeMap<String, Vec<u8>>;

/// Runs `svcctl disable` for one provider through `registry`; returns the run.
fn disable(registry: &str, ip: &str, extra: &[&str]) -> support::Run {
    let provider = format!("{ip}:20880");
    let mut args = vec![
        "--registry",
        registry,
        "disable",
        IFACE,
        "--provider",
        &provider,
        "--yes",
    ];
    args.extend_from_slice(extra);
    support::svcctl(&args)
}

/// The plan `disable` would apply, as (op, path), read through healthy members.
fn plan(registry: &str, ip: &str) -> Vec<(String, String)> {
    let r = disable(registry, ip, &["--dry-run", "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()["plan"]["ops"]
        .as_array()
        .expect("plan ops")
        .iter()
        .map(|o| {
            (
                o["op"].as_str().unwrap().to_string(),
                o["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Applied wholly (every create of the plan is there, every delete gone, nothing else
/// touched) or not at all (the tree as before); exit 0 only when applied, and a failure
/// explained on one error line.
fn wholly_or_not_at_all(r: &support::Run, plan: &[(String, String)], before: &Tree, after: &Tree) {
    let out = format!(
        "exit {} after {:?}\nstdout:\n{}\nstderr:\n{}\nplan: {plan:#?}",
        r.code, r.elapsed, r.stdout, r.stderr
    );
    let applied = after != before;
    if applied {
        let touched: BTreeSet<&String> = plan.iter().map(|(_, p)| p).collect();
        for (op, path) in plan {
            match op.as_str() {
                "create" => assert!(after.contains_key(path), "{path} missing\n{out}"),
                "delete" => assert!(!after.contains_key(path), "{path} still there\n{out}"),
                _ => {}
            }
        }
        for (p, d) in before.iter().filter(|(p, _)| !touched.contains(p)) {
            assert_eq!(after.get(p), Some(d), "{p} changed outside the plan\n{out}");
        }
        for p in after.keys().filter(|p| !before.contains_key(*p)) {
            assert!(touched.contains(p), "{p} created outside the plan\n{out}");
        }
    } else {
        assert_ne!(r.code, 0, "exit 0 but nothing written\n{out}");
    }
    if r.code != 0 {
        let errors = r
            .stderr
            .lines()
            .filter(|l| l.starts_with("svcctl: error:"))
            .count();
        assert_eq!(errors, 1, "{out}");
    } else {
        assert!(applied, "{out}");
    }
}

#[test]
fn a_mutation_with_a_frozen_or_killed_member_is_whole_or_nothing_and_bounded() {
    let mut ens = Ensemble::start();
    let root = "/dubbo";
    // One more than the test disables: svcctl refuses to disable the last one.
    for n in 1..=8 {
        PROVIDERS.add(&ens, &[1, 2, 3], root, &format!("127.0.9.{n}"));
    }
    let leader = ens.leader().expect("a leader");
    let followers = others(&ens, &[leader]);
    let (f1, f2) = (followers[0], followers[1]);

    // 1. Only a hung member to talk to: a clear refusal within the connect timeout.
    ens.member(f1).freeze();
    let healthy = format!(
        "{},{}",
        ens.member(leader).address(),
        ens.member(f2).address()
    );
    let before = tree(&ens, &[leader, f2], root);
    let ops = plan(&healthy, "127.0.9.1");
    let only_frozen = ens.member(f1).address();
    let r = disable(&only_frozen, "127.0.9.1", &["--connect-timeout", "2s"]);
    eprintln!("frozen member only: exit {} after {:?}", r.code, r.elapsed);
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(5), "{:?}", r.elapsed);
    assert!(
        r.stderr.contains("cannot connect to ZooKeeper"),
        "{}",
        r.stderr
    );
    wholly_or_not_at_all(&r, &ops, &before, &tree(&ens, &[leader, f2], root));

    // 2. A hung member and a live one given: whichever svcctl tries first (the client shuffles
    // them; five runs try the hung one first with probability 31/32), the change is made within
    // the connect timeout, each member getting its share of it.
    let pair = format!("{},{}", ens.member(f1).address(), ens.member(f2).address());
    for ip in [
        "127.0.9.1",
        "127.0.9.2",
        "127.0.9.3",
        "127.0.9.4",
        "127.0.9.5",
    ] {
        let before = tree(&ens, &[leader, f2], root);
        let ops = plan(&healthy, ip);
        let r = disable(&pair, ip, &["--connect-timeout", "3s"]);
        eprintln!("one member frozen: exit {} after {:?}", r.code, r.elapsed);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.elapsed < Duration::from_secs(5), "{:?}", r.elapsed);
        wholly_or_not_at_all(&r, &ops, &before, &tree(&ens, &[leader, f2], root));
    }
    ens.member(f1).thaw();
    ens.wait_serving(Duration::from_secs(30));

    // 3. The leader hangs, then 4. it crashes, while svcctl writes through the followers: until
    // they elect a new leader they refuse clients. Every attempt is whole or nothing and quick,
    // and one soon succeeds.
    for (fault, ip) in [("frozen", "127.0.9.6"), ("killed", "127.0.9.7")] {
        let leader = ens.leader().expect("a leader");
        let followers = others(&ens, &[leader]);
        let via: String = followers
            .iter()
            .map(|id| ens.members.iter().find(|m| m.id == *id).unwrap().address())
            .collect::<Vec<_>>()
            .join(",");
        let ops = plan(&via, ip);
        // Read before the fault: opening a session is itself a write, which would wait for the
        // new leader and let svcctl find the ensemble healthy again.
        let before = tree(&ens, &followers, root);
        if fault == "frozen" {
            ens.member(leader).freeze();
        } else {
            ens.member(leader).kill();
        }
        let t0 = Instant::now();
        let mut attempts = Vec::new();
        loop {
            let r = disable(&via, ip, &[]);
            assert!(r.elapsed < Duration::from_secs(7), "{:?}", r.elapsed);
            wholly_or_not_at_all(&r, &ops, &before, &tree(&ens, &followers, root));
            attempts.push(format!(
                "exit {} after {:?}: {}",
                r.code,
                r.elapsed,
                r.stderr.lines().next().unwrap_or("").trim()
            ));
            if r.code == 0 {
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "no success with the leader {fault}: {attempts:?}\nlast:\n{}",
                r.stderr
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        eprintln!("leader {fault}: {attempts:?}");
        if fault == "frozen" {
            ens.member(leader).thaw();
        }
        ens.wait_serving(Duration::from_secs(30));
    }
}
