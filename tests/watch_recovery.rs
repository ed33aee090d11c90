//! Watch mode across a ZooKeeper outage: the stream keeps going, and what changed while svcctl
//! could not see events is re-read and reported (ZOOKEEPER-4698: events during a reconnect can
//! be lost, so a follower must resynchronise).

mod support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::demo::DemoProcess;
use support::{svcctl_cmd, ChildGuard, ZkServer};

fn events_until(
    rx: &mpsc::Receiver<String>,
    want: impl Fn(&Value) -> bool,
    within: Duration,
    stderr: &std::path::Path,
) -> Vec<Value> {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            let v: Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            let done = want(&v);
            seen.push(v);
            if done {
                return seen;
            }
        }
    }
    let log = std::fs::read_to_string(stderr).unwrap_or_default();
    panic!("expected event not seen within {within:?}; saw {seen:#?}\nsvcctl stderr:\n{log}");
}

#[test]
fn watch_survives_a_zookeeper_restart() {
    let mut zk = ZkServer::start();
    // A provider that will crash while ZooKeeper is down, so its session can never come back.
    let doomed = DemoProcess::registered(&zk.address(), "/dubbo", "doomed", &[]);
    let a_addr = doomed.addr();
    let stderr_file = zk.dir.path().join("svcctl.stderr");
    let mut child = ChildGuard(Some(
        svcctl_cmd(&[
            "--registry",
            &zk.address(),
            "ls",
            "-w",
            "-o",
            "jsonl",
            "UserService",
        ])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr_file).unwrap())
        .spawn()
        .unwrap(),
    ));
    let (tx, rx) = mpsc::channel();
    let stdout = child.child().stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = events_until(
        &rx,
        |e| e["type"] == "ADDED" && e["address"] == a_addr.as_str(),
        Duration::from_secs(10),
        &stderr_file,
    );
    assert_eq!(first.len(), 1);

    zk.stop();
    // SIGKILL: no chance to close its session; after the restart the server expires it and
    // removes the provider's ephemeral node.
    std::process::Command::new("kill")
        .args(["-KILL", &doomed.pid().to_string()])
        .status()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    zk.restart();
    let removed = events_until(
        &rx,
        |e| e["type"] == "REMOVED" && e["address"] == a_addr.as_str(),
        Duration::from_secs(40),
        &stderr_file,
    );
    assert!(
        removed.iter().all(|e| e["address"] == a_addr.as_str()),
        "{removed:#?}"
    );

    // New registrations after the outage are still followed.
    let fresh = DemoProcess::registered(&zk.address(), "/dubbo", "fresh", &[]);
    let b_addr = fresh.addr();
    events_until(
        &rx,
        |e| e["type"] == "ADDED" && e["address"] == b_addr.as_str(),
        Duration::from_secs(10),
        &stderr_file,
    );

    drop(child);
    let stderr = std::fs::read_to_string(&stderr_file).unwrap();
    assert!(
        stderr.contains("resynchronised") || stderr.contains("reconnecting"),
        "{stderr}"
    );
}
