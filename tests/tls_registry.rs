//! TLS to ZooKeeper against Debian's ZooKeeper with a `secureClientPort` (Netty connection
//! factory) and a CA made at test time with openssl: reads and the watch over TLS, contexts that
//! hold the TLS files, and clean, bounded failures for a wrong CA, a plain-vs-TLS port mismatch,
//! a missing or refused client certificate (`ssl.clientAuth=need`) and bad certificate files.

mod support;

use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use support::seed::{self, form_encode};
use support::tls::{Pki, TlsZk};
use support::{project_dir, svcctl, svcctl_cmd, svcctl_watching, Run};

const ROOT: &str = "/t_tls";
/// Failures must come back within the connect timeout they were given, not hang.
const CONNECT_TIMEOUT: &str = "4s";
const BOUND: Duration = Duration::from_secs(4);

struct Env {
    pki: Pki,
    /// `ssl.clientAuth=none`: a CA is all a client needs.
    open: TlsZk,
    /// `ssl.clientAuth=need`: a client certificate signed by the CA is required.
    mutual: TlsZk,
    rt: tokio::runtime::Runtime,
    /// The seeding session (through the plain port), holding the ephemeral providers.
    clients: Vec<zookeeper_client::Client>,
}

fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let pki = Pki::new();
        let open = TlsZk::start(&pki, "none");
        let mutual = TlsZk::start(&pki, "need");
        // A worker thread keeps the seeding sessions' pings going while tests block on svcctl.
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let text =
            std::fs::read_to_string(project_dir().join("fixtures/demo-registry.txt")).unwrap();
        let entries = seed::parse(&text);
        let clients = rt.block_on(async {
            let mut clients = Vec::new();
            for zk in [&open, &mutual] {
                let client = zk.server.client().await;
                seed::seed(&client, ROOT, &entries, &project_dir().join("fixtures")).await;
                clients.push(client);
            }
            clients
        });
        Env {
            pki,
            open,
            mutual,
            rt,
            clients,
        }
    })
}

fn run(registry: &str, tls: &[&str], args: &[&str]) -> Run {
    let mut all = vec![
        "--registry",
        registry,
        "--root",
        ROOT,
        "--connect-timeout",
        CONNECT_TIMEOUT,
    ];
    all.extend_from_slice(tls);
    all.extend_from_slice(args);
    svcctl(&all)
}

fn names(r: &Run) -> Vec<&str> {
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout.lines().collect()
}

const SERVICES: [&str; 8] = [
    "com.example.InventoryService",
    "com.example.NotifyService:1.0.0",
    "com.example.PaymentService:1.0.0",
    "outlet/com.example.ShipmentService:2.0.0",
    "shop/com.example.ShipmentService:2.0.0",
    "com.example.UserProfileService:1.0.0",
    "com.example.UserProfileService:2.0.0",
    "org.acme.audit.AuditLog",
];

/// A clean failure: the exit code, one error line and a hint, within the connect timeout.
fn assert_fails(r: &Run, code: i32, says: &[&str], hint_says: &str) {
    assert_eq!(r.code, code, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let mut lines = r.stderr.lines();
    let error = lines.next().unwrap_or_default();
    assert!(error.starts_with("svcctl: error: "), "{}", r.stderr);
    for s in says {
        assert!(error.contains(s), "{s:?} not in {error:?}");
    }
    let hint = lines.next().unwrap_or_default();
    assert!(
        hint.starts_with("hint: ") && hint.contains(hint_says),
        "{hint_says:?} not in {hint:?}"
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.elapsed < BOUND, "took {:?}", r.elapsed);
}

#[test]
fn ls_and_show_over_tls_with_the_ca() {
    let e = env();
    let ca = e.pki.file("ca.pem");
    let tls = ["--tls-ca", ca.as_str()];
    let r = run(&e.open.tls_address(), &tls, &["ls", "-o", "name"]);
    assert_eq!(names(&r), SERVICES);
    // The scheme alone turns TLS on; so does --tls-ca with a bare address.
    let bare = format!("127.0.0.1:{}", e.open.secure_port);
    assert_eq!(names(&run(&bare, &tls, &["ls", "-o", "name"])), SERVICES);
    // By name too: the server certificate lists localhost.
    let by_name = format!("zookeeper+tls://localhost:{}", e.open.secure_port);
    assert_eq!(names(&run(&by_name, &tls, &["ls", "-o", "name"])), SERVICES);

    let show = run(
        &e.open.tls_address(),
        &tls,
        &[
            "show",
            "UserProfileService",
            "--version",
            "1.0.0",
            "-o",
            "json",
        ],
    );
    assert_eq!(show.code, 0, "{}", show.stderr);
    let d = show.json();
    assert_eq!(d["service"], "com.example.UserProfileService:1.0.0");
    assert_eq!(d["providers"].as_array().unwrap().len(), 3, "{d}");
    // The registry is named with its TLS scheme.
    assert_eq!(
        d["registry"],
        format!("{} root {ROOT}", e.open.tls_address()),
        "{d}"
    );
    // The metadata report came over the same session.
    assert_eq!(d["methods_source"], "metadata", "{d}");
}

#[test]
fn the_persistent_watch_follows_changes_over_tls() {
    let e = env();
    let ca = e.pki.file("ca.pem");
    let (_child, rx) = svcctl_watching(
        &[
            "--registry",
            &e.open.tls_address(),
            "--tls-ca",
            &ca,
            "--root",
            ROOT,
            "show",
            "ShipmentService",
            "--group",
            "shop",
            "-w",
            "-o",
            "jsonl",
        ],
        Stdio::null(),
    );
    let next = || -> serde_json::Value {
        let line = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("a watch event within 10s");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    };
    // The current state first: two providers, one consumer, the config-center rule.
    for _ in 0..4 {
        assert_eq!(next()["type"], "ADDED");
    }
    let url = "dubbo://10.20.3.35:20881/com.example.ShipmentService?application=shipment-service&group=shop&interface=com.example.ShipmentService&version=2.0.0&timestamp=1764000000000";
    let path = format!(
        "{ROOT}/com.example.ShipmentService/providers/{}",
        form_encode(url)
    );
    // Written through the plain port; seen through the TLS session's watch.
    e.rt.block_on(seed::create(&e.clients[0], &path, b"", true));
    let added = next();
    assert_eq!(
        (added["type"].as_str(), added["address"].as_str()),
        (Some("ADDED"), Some("10.20.3.35:20881")),
        "{added}"
    );
    e.rt.block_on(async { e.clients[0].delete(&path, None).await.unwrap() });
    assert_eq!(next()["type"], "REMOVED");
}

#[test]
fn a_context_keeps_the_tls_files() {
    let e = env();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let config_s = config.display().to_string();
    // `context set` stores the global --tls-* flags, as absolute paths (given relative here).
    let set = svcctl_cmd(&[
        "--config",
        &config_s,
        "context",
        "set",
        "secure",
        "--server",
        &e.mutual.tls_address(),
        "--dubbo-root",
        ROOT,
        "--tls-ca",
        "ca.pem",
        "--tls-cert",
        "client.pem",
        "--tls-key",
        "client.key",
    ])
    .current_dir(e.pki.dir.path())
    .output()
    .unwrap();
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let shown = svcctl(&["--config", &config_s, "context", "show", "-o", "json"]).json();
    assert_eq!(shown["tls"], true, "{shown}");
    assert_eq!(shown["tls_ca"], e.pki.file("ca.pem"), "{shown}");
    assert_eq!(shown["tls_key"], e.pki.file("client.key"), "{shown}");
    let ls = svcctl(&["--config", &config_s, "ls", "-o", "name"]);
    assert_eq!(names(&ls), SERVICES);

    // Written by hand: a relative path is relative to the config file.
    std::fs::copy(e.pki.path("ca.pem"), dir.path().join("zk-ca.pem")).unwrap();
    std::fs::write(
        &config,
        format!(
            "current_context = \"open\"\n[contexts.open]\nregistry = \"{}\"\nroot = \"{ROOT}\"\ntls_ca = \"zk-ca.pem\"\n",
            e.open.tls_address()
        ),
    )
    .unwrap();
    let ls = svcctl_cmd(&["--config", &config_s, "ls", "-o", "name"])
        .current_dir("/")
        .output()
        .unwrap();
    assert!(
        ls.status.success(),
        "{}",
        String::from_utf8_lossy(&ls.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&ls.stdout)
            .lines()
            .collect::<Vec<_>>(),
        SERVICES
    );
}

#[test]
fn a_wrong_ca_is_refused_clearly() {
    let e = env();
    let other = e.pki.file("other-ca.pem");
    let r = run(
        &e.open.tls_address(),
        &["--tls-ca", &other],
        &["ls", "-o", "json"],
    );
    assert_fails(
        &r,
        7,
        &["is not trusted", "UnknownIssuer", &e.open.tls_address()],
        "--tls-ca",
    );
    assert!(
        r.stderr.contains(&other),
        "names the CA in use: {}",
        r.stderr
    );
    // Without --tls-ca the system's bundle is trusted, and it does not know the test CA.
    let r = run(&e.open.tls_address(), &[], &["ls"]);
    if std::path::Path::new("/etc/ssl/certs/ca-certificates.crt").exists() {
        assert_fails(&r, 7, &["is not trusted", "UnknownIssuer"], "the system's");
    } else {
        assert_fails(&r, 2, &["no CA bundle"], "--tls-ca");
    }
}

#[test]
fn a_plain_vs_tls_port_mismatch_says_which_way() {
    let e = env();
    // Plaintext to the TLS port.
    let plain_to_tls = run(
        &format!("zookeeper://127.0.0.1:{}", e.open.secure_port),
        &[],
        &["ls"],
    );
    assert_fails(
        &plain_to_tls,
        7,
        &["speaks TLS", "plaintext"],
        "zookeeper+tls://",
    );
    // TLS to the plain port.
    let ca = e.pki.file("ca.pem");
    let tls_to_plain = run(
        &format!("zookeeper+tls://127.0.0.1:{}", e.open.server.port),
        &["--tls-ca", &ca],
        &["show", "UserProfileService"],
    );
    assert_fails(
        &tls_to_plain,
        7,
        &["TLS handshake", "plaintext ZooKeeper port"],
        "zookeeper://",
    );
    // The plain port itself still works without TLS.
    let plain = run(&e.open.server.address(), &[], &["ls", "-o", "name"]);
    assert_eq!(names(&plain), SERVICES);
}

#[test]
fn mutual_tls_needs_a_client_certificate_the_server_trusts() {
    let e = env();
    let (ca, cert, key) = (
        e.pki.file("ca.pem"),
        e.pki.file("client.pem"),
        e.pki.file("client.key"),
    );
    let addr = e.mutual.tls_address();
    let without = run(&addr, &["--tls-ca", &ca], &["ls"]);
    assert_fails(
        &without,
        7,
        &["requires a TLS client certificate"],
        "--tls-cert",
    );
    // A certificate the server's trust store does not know (the other CA's own).
    let (other_cert, other_key) = (e.pki.file("other-ca.pem"), e.pki.file("other-ca.key"));
    let refused = run(
        &addr,
        &[
            "--tls-ca",
            &ca,
            "--tls-cert",
            &other_cert,
            "--tls-key",
            &other_key,
        ],
        &["ls"],
    );
    assert_fails(
        &refused,
        7,
        &["refused the TLS client certificate", &other_cert],
        "ssl.trustStore",
    );
    let with = run(
        &addr,
        &["--tls-ca", &ca, "--tls-cert", &cert, "--tls-key", &key],
        &["ls", "-o", "name"],
    );
    assert_eq!(names(&with), SERVICES);
}

#[test]
fn bad_certificate_files_are_usage_errors_naming_the_file() {
    let e = env();
    let addr = e.open.tls_address();
    let missing = e.pki.file("no-such-ca.pem");
    assert_fails(
        &run(&addr, &["--tls-ca", &missing], &["ls"]),
        2,
        &["cannot read the TLS CA file", &missing],
        "--tls-ca",
    );
    // A key where the CA belongs.
    let key = e.pki.file("client.key");
    assert_fails(
        &run(&addr, &["--tls-ca", &key], &["ls"]),
        2,
        &["holds no certificate", &key],
        "--tls-ca",
    );
    let (ca, cert) = (e.pki.file("ca.pem"), e.pki.file("client.pem"));
    let server_key = e.pki.file("server.key");
    assert_fails(
        &run(
            &addr,
            &[
                "--tls-ca",
                &ca,
                "--tls-cert",
                &cert,
                "--tls-key",
                &server_key,
            ],
            &["ls"],
        ),
        2,
        &["does not go with the certificate", &server_key],
        "--tls-key",
    );
    assert_fails(
        &run(&addr, &["--tls-ca", &ca, "--tls-cert", &cert], &["ls"]),
        2,
        &["needs its private key"],
        "--tls-key",
    );
}

#[test]
fn a_mutation_over_mutual_tls_writes_and_its_undo_names_the_tls_files() {
    let e = env();
    let (ca, cert, key) = (
        e.pki.file("ca.pem"),
        e.pki.file("client.pem"),
        e.pki.file("client.key"),
    );
    let tls = [
        "--tls-ca",
        ca.as_str(),
        "--tls-cert",
        cert.as_str(),
        "--tls-key",
        key.as_str(),
    ];
    let addr = e.mutual.tls_address();
    let service = ["UserProfileService", "--version", "1.0.0"];
    let disable = run(
        &addr,
        &tls,
        &[
            &["disable"][..],
            &service,
            &["--provider", "10.20.1.13:20880", "--yes", "-o", "json"],
        ]
        .concat(),
    );
    assert_eq!(disable.code, 0, "{}", disable.stderr);
    let doc = disable.json();
    assert_eq!(doc["result"], "applied", "{doc}");
    let undo = doc["plan"]["undo"][0].as_str().unwrap_or_default();
    assert!(
        undo.contains(&format!("--registry {addr}"))
            && undo.contains(&format!("--tls-ca {ca}"))
            && undo.contains(&format!("--tls-key {key}")),
        "{undo}"
    );
    let enabled = |r: &Run| -> serde_json::Value {
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.json()["providers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["address"] == "10.20.1.13:20880")
            .unwrap()["enabled"]
            .clone()
    };
    let show = || {
        run(
            &addr,
            &tls,
            &[&["show"][..], &service, &["-o", "json"]].concat(),
        )
    };
    assert_eq!(enabled(&show()), false);
    // The undo line runs as printed.
    let words: Vec<&str> = undo
        .strip_prefix("svcctl ")
        .unwrap()
        .split(' ')
        .chain(["--yes"])
        .collect();
    let r = svcctl(&words);
    assert_eq!(r.code, 0, "{undo}: {}", r.stderr);
    assert_eq!(enabled(&show()), true);
}

#[test]
fn the_watch_reconnects_over_tls_after_a_server_restart() {
    let e = env();
    // A server of its own: restarting a shared one would disturb the other tests.
    let mut zk = TlsZk::start(&e.pki, "need");
    let (ca, cert, key) = (
        e.pki.file("ca.pem"),
        e.pki.file("client.pem"),
        e.pki.file("client.key"),
    );
    let root = "/t_tls_restart";
    let provider = |n: u8| {
        let url = format!("dubbo://10.9.9.{n}:20880/com.example.Echo?application=echo&interface=com.example.Echo&timestamp=1764000000000");
        format!("{root}/com.example.Echo/providers/{}", form_encode(&url))
    };
    e.rt.block_on(async {
        let c = zk.server.client().await;
        seed::create(&c, &provider(1), b"", false).await;
    });
    let (_child, rx) = svcctl_watching(
        &[
            "--registry",
            &zk.tls_address(),
            "--tls-ca",
            &ca,
            "--tls-cert",
            &cert,
            "--tls-key",
            &key,
            "--root",
            root,
            "ls",
            "-w",
            "-o",
            "jsonl",
        ],
        Stdio::null(),
    );
    let until_provider = |addr: &str| {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        while std::time::Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                let v: serde_json::Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                if v["type"] == "ADDED" && v["address"] == addr {
                    return;
                }
                seen.push(v);
            }
        }
        panic!("no ADDED {addr} within 30s; saw {seen:#?}");
    };
    until_provider("10.9.9.1:20880");
    zk.server.restart();
    // Written after the restart: only a watch that came back over TLS sees it.
    e.rt.block_on(async {
        let c = zk.server.client().await;
        seed::create(&c, &provider(2), b"", false).await;
    });
    until_provider("10.9.9.2:20880");
}
