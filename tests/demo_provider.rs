//! The demo provider as a complete fixture: it registers under any root (`--root`) and publishes
//! a Dubbo 2.7 metadata report, so `svcctl show` prints its signatures and `svcctl invoke` picks
//! overloads from them, with nothing written by hand.
//!
//! Needs: Debian's `zookeeper` package.

mod support;

use serde_json::Value as Json;
use support::demo::DemoProcess;
use support::{svcctl, Run, ZkServer};

fn run(zk: &str, root: &str, args: &[&str]) -> Run {
    let mut all = vec!["--registry", zk, "--root", root];
    all.extend_from_slice(args);
    svcctl(&all)
}

#[test]
fn registers_under_its_root_with_a_metadata_report() {
    let zk = ZkServer::shared().address();
    let root = format!("/demo-fixture-{}", std::process::id());
    let p = DemoProcess::registered(&zk, &root, "a", &[]);

    let r = run(&zk, &root, &["show", "UserService", "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = r.json();
    assert_eq!(d["service"], "com.example.UserService:1.0.0");
    assert_eq!(d["providers"][0]["address"], p.addr());
    assert_eq!(d["methods_source"], "metadata");
    let sig = |name: &str| -> Vec<Json> {
        d["methods"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["name"] == name)
            .cloned()
            .collect()
    };
    assert_eq!(sig("greet").len(), 3, "{:#}", d["methods"]);
    assert_eq!(sig("getById").len(), 1, "{:#}", d["methods"]);
    let table = run(&zk, &root, &["show", "UserService"]);
    assert!(
        table.stdout.contains("getById(long)"),
        "signatures in the table:\n{}",
        table.stdout
    );

    // Overloads resolve from the report: ambiguous by arity → listed, exit 2.
    let r = run(&zk, &root, &["invoke", "UserService.greet", r#"["x"]"#]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("greet(java.lang.String)") && r.stderr.contains("greet(int)"),
        "{}",
        r.stderr
    );
    let r = run(&zk, &root, &["invoke", "UserService.getById", "[1]", "-v"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("(metadata report)"), "{}", r.stderr);
    assert_eq!(r.json()["name"], "alice");

    // The grouped service has its report under the group.
    let r = run(
        &zk,
        &root,
        &["invoke", "shop/com.example.OrderService:2.0.0.count", "-v"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json(), serde_json::json!(6));
    assert!(r.stderr.contains("(metadata report)"), "{}", r.stderr);
}
