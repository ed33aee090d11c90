//! `ls`, `show`, `host`, watch mode and contexts against a real ZooKeeper seeded with the demo
//! registry (both URL dialects, groups, versions, overrides, static and dynamic providers).

mod support;

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use support::seed::{self, form_encode};
use support::{line_reader, next_event, project_dir, service, svcctl, svcctl_cmd, ZkServer};

/// A seeded registry under its own root; ephemeral nodes live as long as this value.
struct Seeded {
    _rt: tokio::runtime::Runtime,
    client: zookeeper_client::Client,
    root: String,
    registry: String,
}

fn runtime() -> tokio::runtime::Runtime {
    // A worker thread keeps the seeding session's pings going while the test blocks on svcctl.
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

fn seeded(root: &str) -> Seeded {
    let zk = ZkServer::shared();
    let rt = runtime();
    let text = std::fs::read_to_string(project_dir().join("fixtures/demo-registry.txt")).unwrap();
    let entries = seed::parse(&text);
    let client = rt.block_on(async {
        let client = zk.client().await;
        seed::seed(&client, root, &entries, &project_dir().join("fixtures")).await;
        client
    });
    Seeded {
        _rt: rt,
        client,
        root: root.to_string(),
        registry: zk.address(),
    }
}

impl Seeded {
    fn run(&self, args: &[&str]) -> support::Run {
        let mut all = vec!["--registry", &self.registry, "--root", &self.root];
        all.extend_from_slice(args);
        svcctl(&all)
    }

    fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self._rt.block_on(f)
    }
}

#[test]
fn ls_lists_every_service_key_from_both_dialects() {
    let s = seeded("/t_ls");
    let r = s.run(&["ls", "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list = r.json();
    let keys: Vec<&str> = list["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        vec![
            "com.example.InventoryService",
            "com.example.NotifyService:1.0.0",
            "com.example.PaymentService:1.0.0",
            "outlet/com.example.ShipmentService:2.0.0",
            "shop/com.example.ShipmentService:2.0.0",
            "com.example.UserProfileService:1.0.0",
            "com.example.UserProfileService:2.0.0",
            "org.acme.audit.AuditLog",
        ]
    );
    let users = service(&list, "com.example.UserProfileService:1.0.0");
    assert_eq!(users["providers"]["total"], 3);
    // The three registration kinds of the fixture: interface-level only, both ways (one
    // provider, not two), application-level only (dubbo and tri endpoints of one instance).
    assert_eq!(users["discovery"], "interface");
    let inventory = service(&list, "com.example.InventoryService");
    assert_eq!(
        (
            inventory["discovery"].as_str(),
            &inventory["providers"]["total"]
        ),
        (Some("both"), &serde_json::json!(1))
    );
    let payment = service(&list, "com.example.PaymentService:1.0.0");
    assert_eq!(
        (
            payment["discovery"].as_str(),
            &payment["providers"]["total"]
        ),
        (Some("application"), &serde_json::json!(2))
    );
    assert_eq!(payment["applications"], serde_json::json!(["payment-app"]));
    assert_eq!(
        users["providers"]["disabled"], 1,
        "the dubbo-admin override disables 10.20.1.12"
    );
    assert_eq!(users["consumers"], 1);
    assert_eq!(users["applications"], serde_json::json!(["user-service"]));
    assert_eq!(
        service(&list, "shop/com.example.ShipmentService:2.0.0")["providers"]["total"],
        2
    );
    assert_eq!(
        service(&list, "shop/com.example.ShipmentService:2.0.0")["providers"]["disabled"],
        1,
        "the config-center rule counts in the listing too"
    );
    assert_eq!(
        service(&list, "shop/com.example.ShipmentService:2.0.0")["consumers"],
        1
    );
    assert_eq!(
        service(&list, "com.example.NotifyService:1.0.0")["group"],
        Value::Null
    );
    assert!(list["problems"].as_array().unwrap().is_empty());

    let table = s.run(&["ls"]);
    let header = table.stdout.lines().next().unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        [
            "SERVICE",
            "GROUP",
            "VERSION",
            "PROVIDERS",
            "CONSUMERS",
            "APPLICATIONS",
            "DISCOVERY"
        ]
    );
    assert!(table.stdout.contains("3 (1 disabled)"), "{}", table.stdout);

    let names = s.run(&["ls", "-o", "name", "shipment"]);
    assert_eq!(
        names.stdout,
        "outlet/com.example.ShipmentService:2.0.0\nshop/com.example.ShipmentService:2.0.0\n"
    );
}

#[test]
fn ls_filters_pattern_app_host() {
    let s = seeded("/t_filter");
    let names = |args: &[&str]| {
        let mut a = vec!["ls", "-o", "name"];
        a.extend_from_slice(args);
        let r = s.run(&a);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout.lines().map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(
        names(&["*.USER*"]),
        vec![
            "com.example.UserProfileService:1.0.0",
            "com.example.UserProfileService:2.0.0"
        ]
    );
    assert_eq!(
        names(&["--app", "billing"]),
        vec!["com.example.UserProfileService:2.0.0"]
    );
    assert_eq!(
        names(&["--host", "10.20.3.33"]),
        vec!["outlet/com.example.ShipmentService:2.0.0"]
    );
    assert_eq!(
        names(&["--host", "10.20.1.11:20880"]),
        vec!["com.example.UserProfileService:1.0.0"]
    );
    let none = s.run(&["ls", "no-such-thing"]);
    assert_eq!(none.code, 3);
    assert!(
        none.stderr.contains("no service matches"),
        "{}",
        none.stderr
    );
}

#[test]
fn show_decodes_effective_state_rules_and_signatures() {
    let s = seeded("/t_show");
    let r = s.run(&[
        "show",
        "UserProfileService",
        "--version",
        "1.0.0",
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = r.json();
    assert_eq!(d["service"], "com.example.UserProfileService:1.0.0");
    let p = |addr: &str| {
        d["providers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["address"] == addr)
            .unwrap()
            .clone()
    };
    let p11 = p("10.20.1.11:20880");
    assert_eq!(
        (p11["enabled"].as_bool(), p11["weight"].as_i64()),
        (Some(true), Some(50)),
        "weight override"
    );
    assert_eq!(p11["registration"], "dynamic");
    assert_eq!(p11["release"], "2.7.23");
    assert_eq!(
        p11["methods"],
        serde_json::json!(["getById", "findByName", "greet", "updateEmail"])
    );
    assert_eq!(p11["rules_applied"].as_array().unwrap().len(), 1);
    let p12 = p("10.20.1.12:20880");
    assert_eq!(p12["enabled"], false);
    assert_eq!(p12["registered_weight"], 200);
    let p13 = p("10.20.1.13:20880");
    assert_eq!(p13["registration"], "static");
    assert_eq!(p13["registration_mismatch"], false);
    assert_eq!(d["consumers"][0]["application"], "web-frontend");
    // The app-scoped rule is listed with why it does not apply to a plain consumer.
    let scoped = d["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["url"].as_str().unwrap().contains("application=billing"))
        .unwrap();
    assert!(scoped["targets"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("billing"));
    assert_eq!(d["methods_source"], "metadata");
    let greet: Vec<&Value> = d["methods"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["name"] == "greet")
        .collect();
    assert_eq!(greet.len(), 2, "overloads come from the metadata report");

    let table = s.run(&["show", "com.example.UserProfileService:1.0.0"]);
    assert!(table.stdout.contains("DISABLED"), "{}", table.stdout);
    assert!(table.stdout.contains("50 (was 100)"), "{}", table.stdout);
    assert!(
        table
            .stdout
            .contains("boolean updateEmail(long, java.lang.String)"),
        "{}",
        table.stdout
    );

    // dubbo-js dialect: methods from `method=`, no metadata.
    let js = s.run(&["show", "NotifyService", "-o", "json"]).json();
    assert_eq!(
        js["providers"][0]["methods"],
        serde_json::json!(["send", "broadcast"])
    );
    assert_eq!(js["methods_source"], "url");
    // Dubbo 3 application metadata: names via mapping -> instance revision -> MetadataInfo.
    let inv = s.run(&["show", "InventoryService", "-o", "json"]).json();
    assert_eq!(inv["methods_source"], "app-metadata");
    let names: Vec<&str> = inv["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["release", "reserve", "stockOf"]);
    // A service key with a group.
    let order = s
        .run(&[
            "show",
            "shop/com.example.ShipmentService:2.0.0",
            "-o",
            "json",
        ])
        .json();
    assert_eq!(order["providers"].as_array().unwrap().len(), 2);
    // The config-center YAML rule disables 10.20.3.32 and is listed with where it came from.
    let enabled: Vec<(&str, bool)> = order["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["address"].as_str().unwrap(),
                p["enabled"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        enabled,
        [("10.20.3.31:20881", true), ("10.20.3.32:20881", false)]
    );
    let rule = &order["rules"][0];
    assert_eq!(rule["source"], "config-center");
    assert!(rule["node"]
        .as_str()
        .unwrap()
        .ends_with("/config/dubbo/com.example.ShipmentService:2.0.0:shop.configurators"));
}

#[test]
fn show_errors_name_what_exists() {
    let s = seeded("/t_showerr");
    let unknown = s.run(&["show", "NoSuchService"]);
    assert_eq!(unknown.code, 3);
    assert!(
        unknown.stderr.contains("no service \"NoSuchService\""),
        "{}",
        unknown.stderr
    );
    let wrong_version = s.run(&["show", "UserProfileService", "--version", "9.9.9"]);
    assert_eq!(wrong_version.code, 3);
    assert!(
        wrong_version
            .stderr
            .contains("com.example.UserProfileService:1.0.0"),
        "{}",
        wrong_version.stderr
    );
    // Two interfaces with the simple name AuditLog make the short name ambiguous.
    s.block_on(seed::create(
        &s.client,
        &format!(
            "{}/com.other.AuditLog/providers/{}",
            s.root,
            form_encode("dubbo://10.9.9.9:1/com.other.AuditLog?interface=com.other.AuditLog")
        ),
        b"",
        true,
    ));
    let ambiguous = s.run(&["show", "auditlog"]);
    assert_eq!(ambiguous.code, 3);
    assert!(
        ambiguous.stderr.contains("ambiguous"),
        "{}",
        ambiguous.stderr
    );
    assert!(
        ambiguous.stderr.contains("com.other.AuditLog")
            && ambiguous.stderr.contains("org.acme.audit.AuditLog")
    );
}

#[test]
fn host_lists_provided_and_consumed_services() {
    let s = seeded("/t_host");
    let r = s.run(&["host", "10.30.0.5", "-o", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let services: Vec<(String, String)> = r.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["role"].as_str().unwrap().to_string(),
                e["service"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        services,
        vec![
            (
                "consumer".into(),
                "shop/com.example.ShipmentService:2.0.0".into()
            ),
            (
                "consumer".into(),
                "com.example.UserProfileService:1.0.0".into()
            )
        ]
    );
    let missing = s.run(&["host", "192.0.2.1"]);
    assert_eq!(missing.code, 3);
}

/// `host` tells a provider's state as `show` does: the demo registry's config-center rule (the
/// YAML dubbo-admin writes) disables 10.20.3.32, and only it. An address that cannot match is a
/// usage error, not "nothing found".
#[test]
fn host_shows_the_state_config_center_rules_give() {
    let s = seeded("/t_host_cc");
    let state = |addr: &str| {
        let r = s.run(&["host", addr, "-o", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["service"] == "shop/com.example.ShipmentService:2.0.0")
            .map(|e| e["enabled"].clone())
            .unwrap_or_else(|| panic!("no ShipmentService entry for {addr}"))
    };
    assert_eq!(state("10.20.3.32:20881"), false);
    assert_eq!(state("10.20.3.31:20881"), true);
    let table = s.run(&["host", "10.20.3.32"]);
    assert!(
        table
            .stdout
            .lines()
            .any(|l| l.contains("ShipmentService") && l.contains("DISABLED")),
        "{}",
        table.stdout
    );
    for bad in ["10.20.3.32:port", "[::1"] {
        let r = s.run(&["host", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("invalid ADDRESS"), "{}", r.stderr);
    }
}

#[test]
fn unreachable_registry_fails_fast_with_the_address() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let r = svcctl(&["--registry", &addr, "--connect-timeout", "3s", "ls"]);
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(r.stderr.contains(&addr), "{}", r.stderr);
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().count(),
        2,
        "one error line and one hint: {}",
        r.stderr
    );
    assert!(r.elapsed < Duration::from_secs(10), "took {:?}", r.elapsed);
    // A listener that never speaks ZooKeeper: bounded by the connect timeout, not a hang.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_addr = silent.local_addr().unwrap().to_string();
    let r = svcctl(&["--registry", &silent_addr, "--connect-timeout", "1s", "ls"]);
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(8), "took {:?}", r.elapsed);
}

#[test]
fn one_ensemble_member_down_does_not_matter() {
    let s = seeded("/t_ensemble");
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let ensemble = format!("zookeeper://127.0.0.1:{dead},{}", s.registry);
    let r = svcctl(&[
        "--registry",
        &ensemble,
        "--root",
        &s.root,
        "ls",
        "-o",
        "name",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("com.example.UserProfileService:1.0.0"));
}

#[test]
fn missing_root_and_empty_registry_are_told_apart() {
    let zk = ZkServer::shared();
    let missing = svcctl(&[
        "--registry",
        &zk.address(),
        "--root",
        "/t_nothing_here",
        "ls",
    ]);
    assert_eq!(missing.code, 3, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("/t_nothing_here"),
        "{}",
        missing.stderr
    );
    let rt = runtime();
    rt.block_on(async { seed::ensure_path(&zk.client().await, "/t_empty").await });
    let empty = svcctl(&["--registry", &zk.address(), "--root", "/t_empty", "ls"]);
    assert_eq!(empty.code, 0, "{}", empty.stderr);
    assert!(
        empty.stderr.contains("no services registered"),
        "{}",
        empty.stderr
    );
    let show = svcctl(&[
        "--registry",
        &zk.address(),
        "--root",
        "/t_empty",
        "show",
        "UserProfileService",
    ]);
    assert_eq!(show.code, 3);
}

#[test]
fn zk_and_zookeeper_name_the_registry_too() {
    let zk = ZkServer::shared();
    let rt = runtime();
    rt.block_on(async { seed::ensure_path(&zk.client().await, "/t_alias").await });
    for flag in ["--zk", "--zookeeper"] {
        let r = svcctl(&[flag, &zk.address(), "--root", "/t_alias", "ls"]);
        assert_eq!(r.code, 0, "{flag}: {}", r.stderr);
        assert!(
            r.stderr.contains("no services registered"),
            "{flag}: {}",
            r.stderr
        );
    }
}

#[test]
fn hostile_registry_data_is_escaped_or_reported() {
    let s = seeded("/t_hostile");
    let dir = "com.example.UserProfileService/providers";
    let escape = form_encode("dubbo://10.6.6.6:20880/com.example.UserProfileService?interface=com.example.UserProfileService&version=1.0.0&application=\x1b[2J\x1b]0;pwned\x07evil\u{202e}txt");
    let long = form_encode(&format!("dubbo://10.6.6.7:20880/com.example.UserProfileService?interface=com.example.UserProfileService&version=1.0.0&application={}", "a".repeat(20_000)));
    let dup = form_encode("dubbo://10.6.6.8:20880/com.example.UserProfileService?interface=com.example.UserProfileService&version=1.0.0&weight=1&weight=9");
    for name in [
        escape.as_str(),
        "dubbo%3A%2F%2Fbad%ZZescape",
        "%FF%FEnot-utf8",
        long.as_str(),
        dup.as_str(),
        "not-a-url",
    ] {
        s.block_on(seed::create(
            &s.client,
            &format!("{}/{dir}/{name}", s.root),
            b"",
            false,
        ));
    }
    // Non-UTF-8 bytes in a metadata document: methods fall back to URL names.
    s.block_on(seed::create(
        &s.client,
        &format!(
            "{}/metadata/com.example.UserProfileService/2.0.0/provider/user-service-v2",
            s.root
        ),
        &[0xff, 0xfe, 0x00, 0x80],
        false,
    ));
    let table = s.run(&["show", "UserProfileService", "--version", "1.0.0"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        !table.stdout.contains('\x1b')
            && !table.stdout.contains('\x07')
            && !table.stdout.contains('\u{202e}')
    );
    assert!(table.stdout.contains("\\x1b[2J"), "{}", table.stdout);
    assert!(
        table.stderr.contains("invalid percent-encoding") && table.stderr.contains("not UTF-8"),
        "{}",
        table.stderr
    );
    assert!(!table.stderr.contains('\x1b'));
    let json = s
        .run(&[
            "show",
            "UserProfileService",
            "--version",
            "1.0.0",
            "-o",
            "json",
        ])
        .json();
    let dup_provider = json["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["address"] == "10.6.6.8:20880")
        .unwrap();
    assert_eq!(
        dup_provider["weight"], 9,
        "the last duplicate wins, as in Java"
    );
    // Three unusable nodes, and the two paths built from the hostile application name
    // (its config-center rules and its metadata report), which ZooKeeper cannot hold.
    assert_eq!(
        json["problems"].as_array().unwrap().len(),
        5,
        "{:#}",
        json["problems"]
    );
    let v2 = s.run(&[
        "show",
        "UserProfileService",
        "--version",
        "2.0.0",
        "-o",
        "json",
    ]);
    assert_eq!(v2.code, 0, "{}", v2.stderr);
    assert_eq!(v2.json()["methods_source"], "url");
    let ls = s.run(&["ls"]);
    assert_eq!(ls.code, 0);
    assert!(!ls.stdout.contains('\x1b'));
}

#[test]
fn churn_during_scans_is_not_fatal() {
    let s = seeded("/t_churn");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let root = s.root.clone();
    let registry = s.registry.clone();
    // Another session adds and removes providers as fast as it can while svcctl reads.
    let churner = std::thread::spawn(move || {
        let rt = runtime();
        rt.block_on(async {
            let c = zookeeper_client::Client::connect(&registry).await.unwrap();
            let mut i = 0u32;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                let name = form_encode(&format!("dubbo://10.7.0.{}:20880/com.example.UserProfileService?interface=com.example.UserProfileService&version=1.0.0", i % 200));
                let path = format!("{root}/com.example.UserProfileService/providers/{name}");
                seed::create(&c, &path, b"", true).await;
                let _ = c.delete(&path, None).await;
                i += 1;
            }
        });
    });
    for _ in 0..15 {
        let r = s.run(&[
            "show",
            "UserProfileService",
            "--version",
            "1.0.0",
            "-o",
            "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let r = s.run(&["ls", "-o", "name"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churner.join().unwrap();
}

/// Reads lines from a child's stdout on a thread so the test can wait with a deadline.
#[test]
fn watch_streams_changes_as_json_lines() {
    let s = seeded("/t_watch");
    let mut child = svcctl_cmd(&[
        "--registry",
        &s.registry,
        "--root",
        &s.root,
        "show",
        "ShipmentService",
        "--group",
        "shop",
        "-w",
        "-o",
        "jsonl",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let rx = line_reader(child.stdout.take().unwrap());
    // Current state replayed first: two providers, one consumer, the config-center rule.
    let initial: Vec<Value> = (0..4).map(|_| next_event(&rx)).collect();
    assert!(initial.iter().all(|e| e["type"] == "ADDED"), "{initial:?}");
    assert_eq!(
        initial.iter().filter(|e| e["object"] == "provider").count(),
        2
    );
    assert_eq!(initial[3]["rule"]["source"], "config-center", "{initial:?}");

    let url = "dubbo://10.20.3.34:20881/com.example.ShipmentService?application=shipment-service&group=shop&interface=com.example.ShipmentService&version=2.0.0&timestamp=1764000000000";
    let path = format!(
        "{}/com.example.ShipmentService/providers/{}",
        s.root,
        form_encode(url)
    );
    s.block_on(seed::create(&s.client, &path, b"", true));
    let added = next_event(&rx);
    assert_eq!(
        (
            added["type"].as_str(),
            added["object"].as_str(),
            added["address"].as_str()
        ),
        (Some("ADDED"), Some("provider"), Some("10.20.3.34:20881"))
    );
    assert_eq!(added["service"], "shop/com.example.ShipmentService:2.0.0");
    assert_eq!(added["provider"]["registration"], "dynamic");

    let rule = "override://10.20.3.34:20881/com.example.ShipmentService?category=configurators&disabled=true&dynamic=false&enabled=true&group=shop&version=2.0.0";
    let rule_path = format!(
        "{}/com.example.ShipmentService/configurators/{}",
        s.root,
        form_encode(rule)
    );
    s.block_on(seed::create(&s.client, &rule_path, b"", false));
    let modified = next_event(&rx);
    assert_eq!(
        (modified["type"].as_str(), modified["object"].as_str()),
        (Some("MODIFIED"), Some("provider")),
        "{modified}"
    );
    assert_eq!(modified["changed"], serde_json::json!(["enabled"]));
    assert_eq!(modified["provider"]["enabled"], false);
    assert_eq!(next_event(&rx)["object"], "rule");

    // A provider of another group is out of scope: the next event must be the removal.
    let outlet = "dubbo://10.20.3.39:20881/com.example.ShipmentService?group=outlet&interface=com.example.ShipmentService&version=2.0.0";
    s.block_on(seed::create(
        &s.client,
        &format!(
            "{}/com.example.ShipmentService/providers/{}",
            s.root,
            form_encode(outlet)
        ),
        b"",
        true,
    ));
    s.block_on(async { s.client.delete(&path, None).await.unwrap() });
    let removed = next_event(&rx);
    assert_eq!(
        (removed["type"].as_str(), removed["address"].as_str()),
        (Some("REMOVED"), Some("10.20.3.34:20881")),
        "{removed}"
    );

    // A config-center rule edited in place (dubbo-admin rewrites the YAML): 10.20.3.31 is
    // disabled too, and the stream says so.
    let yaml = "configVersion: v2.7\nscope: service\nkey: shop/com.example.ShipmentService:2.0.0\nconfigs:\n  - side: consumer\n    providerAddresses: [\"10.20.3.31:20881\", \"10.20.3.32:20881\"]\n    parameters: {disabled: true}\n";
    let config_path = format!(
        "{}/config/dubbo/com.example.ShipmentService:2.0.0:shop.configurators",
        s.root
    );
    s.block_on(async {
        s.client
            .set_data(&config_path, yaml.as_bytes(), None)
            .await
            .unwrap()
    });
    let edited = next_event(&rx);
    assert_eq!(
        (
            edited["type"].as_str(),
            edited["address"].as_str(),
            edited["provider"]["enabled"].as_bool()
        ),
        (Some("MODIFIED"), Some("10.20.3.31:20881"), Some(false)),
        "{edited}"
    );
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn ls_watch_prints_table_then_change_lines() {
    let s = seeded("/t_lswatch");
    let mut child = svcctl_cmd(&[
        "--registry",
        &s.registry,
        "--root",
        &s.root,
        "ls",
        "-w",
        "notify",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let rx = line_reader(child.stdout.take().unwrap());
    let header = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(header.starts_with("SERVICE"), "{header}");
    let row = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(row.starts_with("com.example.NotifyService"), "{row}");
    let url = "dubbo://10.20.4.42:20880/com.example.NotifyService?version=1.0.0&method=send%2Cbroadcast&side=provider";
    s.block_on(seed::create(
        &s.client,
        &format!(
            "{}/com.example.NotifyService/providers/{}",
            s.root,
            form_encode(url)
        ),
        b"",
        true,
    ));
    let line = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        &words[1..5],
        [
            "ADDED",
            "provider",
            "com.example.NotifyService:1.0.0",
            "10.20.4.42:20880"
        ],
        "{line}"
    );
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn contexts_select_registry_root_and_credentials() {
    let zk = ZkServer::shared();
    let rt = runtime();
    // An ACL-protected registry: only the digest user may read it.
    rt.block_on(async {
        let c = zookeeper_client::Client::connector()
            .with_auth("digest", b"ops:s3cret")
            .connect(&zk.address())
            .await
            .unwrap();
        let acl = zookeeper_client::Acls::creator_all();
        let opts = zookeeper_client::CreateMode::Persistent.with_acls(acl);
        let _ = c.create("/t_acl", b"", &opts).await;
        let _ = c.create("/t_acl/com.example.Secret", b"", &opts).await;
        let _ = c
            .create("/t_acl/com.example.Secret/providers", b"", &opts)
            .await;
        let name =
            form_encode("dubbo://10.1.1.1:20880/com.example.Secret?interface=com.example.Secret");
        let _ = c
            .create(
                &format!("/t_acl/com.example.Secret/providers/{name}"),
                b"",
                &opts,
            )
            .await;
    });
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let cfg_s = cfg.to_str().unwrap();
    let ctx = |args: &[&str]| {
        let mut a = vec!["--config", cfg_s];
        a.extend_from_slice(args);
        svcctl(&a)
    };
    let addr = format!("zookeeper://{}", zk.address());
    assert_eq!(
        ctx(&[
            "context",
            "set",
            "secure",
            "--server",
            &addr,
            "--dubbo-root",
            "/t_acl",
            "--digest",
            "ops:s3cret"
        ])
        .code,
        0
    );
    assert_eq!(
        ctx(&[
            "context",
            "set",
            "nocreds",
            "--server",
            &addr,
            "--dubbo-root",
            "/t_acl",
            "--readonly"
        ])
        .code,
        0
    );
    let ls = ctx(&["context", "ls"]);
    let current: Vec<&str> = ls.stdout.lines().filter(|l| l.starts_with('*')).collect();
    assert_eq!(current.len(), 1, "{}", ls.stdout);
    assert!(current[0].contains("secure"));
    let ok = ctx(&["ls", "-o", "name"]);
    assert_eq!(
        (ok.code, ok.stdout.as_str()),
        (0, "com.example.Secret\n"),
        "{}",
        ok.stderr
    );
    let denied = ctx(&["--context", "nocreds", "ls"]);
    assert_eq!(denied.code, 7, "{}", denied.stderr);
    assert!(
        denied.stderr.contains("refused access") && denied.stderr.contains("digest"),
        "{}",
        denied.stderr
    );
    assert_eq!(ctx(&["context", "use", "nocreds"]).code, 0);
    let shown = ctx(&["context", "show", "-o", "json"]).json();
    assert_eq!(
        (shown["context"].as_str(), shown["read_only"].as_bool()),
        (Some("nocreds"), Some(true))
    );
    let bad = ctx(&["context", "use", "nope"]);
    assert_eq!(bad.code, 3);
    assert!(bad.stderr.contains("nocreds, secure"), "{}", bad.stderr);
    // Environment beats the file; the flag beats the environment.
    let env = svcctl_cmd(&["--config", cfg_s, "context", "show", "-o", "json"])
        .env("SVCCTL_CONTEXT", "secure")
        .output()
        .unwrap();
    let env: Value = serde_json::from_slice(&env.stdout).unwrap();
    assert_eq!(env["context"], "secure");
}
