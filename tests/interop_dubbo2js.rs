//! Interop: dubbo2.js (an npm Dubbo consumer we did not write) discovers the demo provider in a
//! real ZooKeeper and calls it. Also checks the provider registers like a Java 2.7 provider and
//! unregisters on SIGTERM.
//!
//! Needs: Debian's `zookeeper` package, `node`, and `npm ci` in tests/interop/js.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::{project_dir, runtime, start_ready, ChildGuard, ZkServer};
use svcctl::registry::url::DubboUrl;

fn require_node_and_deps() -> std::path::PathBuf {
    let js_dir = project_dir().join("tests/interop/js");
    let node = Command::new("node").arg("--version").output();
    assert!(
        matches!(&node, Ok(o) if o.status.success()),
        "interop test needs Node.js on PATH (`node --version` failed: {node:?}); install nodejs, then run `npm ci` in {}",
        js_dir.display()
    );
    assert!(
        js_dir.join("node_modules/dubbo2.js").is_dir(),
        "interop test needs the npm packages: run `npm ci` in {}",
        js_dir.display()
    );
    js_dir
}

/// Starts the demo provider binary and waits for its `ready <port>` line.
fn start_provider(args: &[&str]) -> (ChildGuard, u16) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_svcctl-demo-provider"));
    cmd.args(args);
    let (guard, port, _) = start_ready(&mut cmd, "demo provider", Duration::from_secs(20));
    (guard, port)
}

async fn providers(zk: &zookeeper_client::Client, iface: &str) -> Vec<DubboUrl> {
    let path = format!("/dubbo/{iface}/providers");
    let names = zk.list_children(&path).await.unwrap_or_default();
    names
        .iter()
        .map(|n| DubboUrl::from_node_name(n).expect("provider node name parses"))
        .collect()
}

#[test]
fn dubbo2js_calls_demo_provider_through_zookeeper() {
    let js_dir = require_node_and_deps();
    let zk = ZkServer::start();
    let (mut provider, port) = start_provider(&[
        "--port",
        "0",
        "--registry",
        &zk.address(),
        "--instance",
        "interop-a",
        "--weight",
        "150",
    ]);
    let rt = runtime();
    let client = rt.block_on(zk.client());

    // Registered like a Java 2.7 provider.
    rt.block_on(async {
        let users = providers(&client, "com.example.UserService").await;
        assert_eq!(users.len(), 1, "{users:?}");
        let u = &users[0];
        assert_eq!(u.address(), format!("127.0.0.1:{port}"));
        for (k, v) in [
            ("side", "provider"),
            ("dubbo", "2.0.2"),
            ("release", "2.7.23"),
            ("version", "1.0.0"),
            ("weight", "150"),
            ("interface", "com.example.UserService"),
            (
                "methods",
                "failOnDemand,findByName,getById,greet,slow,whoami",
            ),
        ] {
            assert_eq!(u.param(k), Some(v), "param {k} of {u}");
        }
        let orders = providers(&client, "com.example.OrderService").await;
        assert_eq!(orders[0].param("group"), Some("shop"));
        let node = format!(
            "/dubbo/com.example.UserService/providers/{}",
            u.to_node_name()
        );
        let (_, stat) = client
            .get_data(&node)
            .await
            .expect("provider node exists under its Java-encoded name");
        assert_ne!(stat.ephemeral_owner, 0, "provider node must be ephemeral");
        let (_, stat) = client
            .get_data("/dubbo/com.example.UserService/configurators")
            .await
            .expect("configurators");
        assert_eq!(stat.ephemeral_owner, 0, "configurators node is persistent");
    });

    // A third-party consumer finds it through ZooKeeper and calls it.
    let out = Command::new("node")
        .arg("call-demo.js")
        .arg(zk.address())
        .current_dir(&js_dir)
        .output()
        .expect("run node call-demo.js");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "dubbo2.js consumer failed ({}):\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status
    );
    let result: serde_json::Value =
        serde_json::from_str(stdout.trim()).expect("call-demo.js prints JSON");
    assert_eq!(result["whoami"], format!("interop-a@127.0.0.1:{port}"));
    assert_eq!(result["user"]["name"], "alice");
    assert_eq!(result["greet"], "Hello, number 7!");
    assert_eq!(result["count"], 6);

    // SIGTERM: exits promptly and removes its nodes.
    let child = provider.child();
    let t0 = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "demo provider did not exit within 10 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "demo provider exit status {status}");
    provider.0 = None;
    rt.block_on(async {
        assert!(
            providers(&client, "com.example.UserService")
                .await
                .is_empty(),
            "provider node removed on SIGTERM"
        );
    });
}
