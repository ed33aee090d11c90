//! `svcctl invoke` end to end: a real ZooKeeper, the real demo provider binary (serving only;
//! each test registers it under its own root), and the real `svcctl` binary.
//!
//! Needs: Debian's `zookeeper` package.

mod support;

use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use support::{runtime, seed, start_ready, svcctl, ChildGuard, Run, ZkServer};

const USER_SERVICE: &str = "com.example.UserService";

/// Starts the demo provider binary (no self-registration) and waits for `ready <port>`.
fn start_provider(instance: &str) -> (ChildGuard, u16) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_svcctl-demo-provider"));
    cmd.args(["--port", "0", "--no-register", "--instance", instance]);
    let (guard, port, _) = start_ready(&mut cmd, "demo provider", Duration::from_secs(20));
    (guard, port)
}

fn provider_url(port: u16) -> String {
    format!(
        "dubbo://127.0.0.1:{port}/{USER_SERVICE}?anyhost=false&application=svcctl-demo-provider\
         &deprecated=false&dubbo=2.0.2&dynamic=true&generic=false&interface={USER_SERVICE}\
         &methods=failOnDemand,findByName,getById,greet,slow,whoami&pid=1&release=2.7.23\
         &revision=1.0.0&side=provider&timestamp=1&version=1.0.0"
    )
}

const METADATA: &str = r#"{"canonicalName":"com.example.UserService","codeSource":"file:/demo.jar",
 "methods":[
  {"name":"getById","parameterTypes":["long"],"returnType":"com.example.User"},
  {"name":"findByName","parameterTypes":["java.lang.String"],"returnType":"java.util.List"},
  {"name":"greet","parameterTypes":["java.lang.String"],"returnType":"java.lang.String"},
  {"name":"greet","parameterTypes":["int"],"returnType":"java.lang.String"},
  {"name":"greet","parameterTypes":["java.lang.String","java.lang.String"],"returnType":"java.lang.String"},
  {"name":"failOnDemand","parameterTypes":["boolean"],"returnType":"java.lang.String"},
  {"name":"slow","parameterTypes":["long"],"returnType":"java.lang.String"},
  {"name":"whoami","parameterTypes":[],"returnType":"java.lang.String"}],
 "types":[],"parameters":{"side":"provider"}}"#;

/// A registry root of its own with the given providers (and optionally a metadata report).
struct Registry {
    registry: String,
    root: String,
}

impl Registry {
    fn new(ports: &[u16], metadata: bool, extra: &[String]) -> Registry {
        static N: AtomicU32 = AtomicU32::new(0);
        let zk = ZkServer::shared();
        let root = format!(
            "/invoke-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut entries: Vec<seed::Entry> = ports
            .iter()
            .map(|p| seed::Entry::Url {
                ephemeral: false,
                url: provider_url(*p),
            })
            .collect();
        entries.extend(extra.iter().map(|u| seed::Entry::Url {
            ephemeral: false,
            url: u.clone(),
        }));
        runtime().block_on(async {
            let client = zk.client().await;
            seed::seed(&client, &root, &entries, std::path::Path::new(".")).await;
            if metadata {
                seed::create(
                    &client,
                    &format!("{root}/metadata/{USER_SERVICE}/1.0.0/provider/svcctl-demo-provider"),
                    METADATA.as_bytes(),
                    false,
                )
                .await;
            }
        });
        Registry {
            registry: zk.address(),
            root,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--registry", &self.registry, "--root", &self.root, "invoke"];
        all.extend_from_slice(args);
        svcctl(&all)
    }
}

fn assert_code(r: &Run, code: i32) {
    assert_eq!(
        r.code, code,
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
}

#[test]
fn get_by_id_through_the_registry_by_short_name() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&["UserService.getById", "[1]"]);
    assert_code(&r, 0);
    let user = r.json();
    assert_eq!(user["class"], "com.example.User");
    assert_eq!(user["id"], 1);
    assert_eq!(user["name"], "alice");
    // Full interface name and a single non-array argument work too.
    let r = reg.run(&["com.example.UserService.getById", "2", "-v"]);
    assert_code(&r, 0);
    assert_eq!(r.json()["id"], 2);
    assert!(r.stderr.contains("metadata report"), "{}", r.stderr);
    assert!(r.stderr.contains("attachments sent"), "{}", r.stderr);
    assert!(r.stderr.contains("round trip"), "{}", r.stderr);
}

#[test]
fn overloads_need_types() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&["UserService.greet", r#"["x"]"#]);
    assert_code(&r, 2);
    assert!(
        r.stderr.contains("greet(java.lang.String)") && r.stderr.contains("greet(int)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--types"), "{}", r.stderr);
    // The two-argument overload is unique by arity.
    let r = reg.run(&["UserService.greet", r#"["a","b"]"#]);
    assert_code(&r, 0);
    let r = reg.run(&[
        "UserService.greet",
        r#"["a","b"]"#,
        "--types",
        "java.lang.String,java.lang.String",
    ]);
    assert_code(&r, 0);
    assert_eq!(r.json(), serde_json::json!("a, b!"));
    let r = reg.run(&["UserService.greet", "[3]", "--types", "int"]);
    assert_code(&r, 0);
}

#[test]
fn without_metadata_the_provider_reports_the_ambiguity() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], false, &[]);
    let r = reg.run(&["UserService.greet", r#"["x"]"#]);
    assert_code(&r, 4);
    assert!(r.stderr.contains("Not unique method"), "{}", r.stderr);
    assert!(r.stderr.contains("70"), "{}", r.stderr);
    let r = reg.run(&[
        "UserService.greet",
        r#"["x"]"#,
        "--types",
        "java.lang.String",
    ]);
    assert_code(&r, 0);
}

#[test]
fn remote_exception_exits_4_with_the_class() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&["UserService.failOnDemand", "[true]"]);
    assert_code(&r, 4);
    assert!(
        r.stderr.contains("java.lang.IllegalArgumentException"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let r = reg.run(&["UserService.failOnDemand", "[true]", "-o", "json"]);
    assert_code(&r, 4);
    let j = r.json();
    assert_eq!(j["status"], "exception");
    assert_eq!(
        j["exception"]["class"],
        "java.lang.IllegalArgumentException"
    );
    assert_eq!(j["attempts"].as_array().unwrap().len(), 1, "not retried");
}

#[test]
fn timeout_exits_5_quickly() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&[
        "UserService.slow",
        "[5000]",
        "--timeout",
        "300ms",
        "--cluster",
        "failfast",
    ]);
    assert_code(&r, 5);
    assert!(r.elapsed < Duration::from_secs(3), "took {:?}", r.elapsed);
}

#[test]
fn closed_provider_port_exits_6() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = svcctl(&[
        "invoke",
        "com.example.UserService.whoami",
        "--version",
        "1.0.0",
        "--provider",
        &format!("127.0.0.1:{port}"),
    ]);
    assert_code(&r, 6);
    assert!(r.stderr.contains("cannot reach"), "{}", r.stderr);
}

#[test]
fn bad_arguments_exit_2() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&["UserService.getById", "[1"]);
    assert_code(&r, 2);
    assert!(r.stderr.contains("not valid JSON"), "{}", r.stderr);
    let r = reg.run(&["UserService.getById", r#"["abc"]"#]);
    assert_code(&r, 2);
    assert!(r.stderr.contains("argument 0"), "{}", r.stderr);
    let r = reg.run(&["UserService.getById", r#"["abc"]"#, "--types", "long"]);
    assert_code(&r, 2);
}

#[test]
fn unknown_method_is_reported() {
    let (_p, port) = start_provider("a");
    // With a metadata report: known before calling.
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&["UserService.nope", "[]"]);
    assert_code(&r, 3);
    assert!(
        r.stderr.contains("nope") && r.stderr.contains("getById"),
        "{}",
        r.stderr
    );
    // Without: the provider says so.
    let reg = Registry::new(&[port], false, &[]);
    let r = reg.run(&["UserService.nope", "[]"]);
    assert_code(&r, 4);
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
}

#[test]
fn disabled_provider_is_never_called() {
    let (_a, pa) = start_provider("a");
    let (_b, pb) = start_provider("b");
    let (_c, pc) = start_provider("c");
    let disable = format!(
        "override://127.0.0.1:{pc}/{USER_SERVICE}?category=configurators&disabled=true\
         &dynamic=false&enabled=true&version=1.0.0"
    );
    let reg = Registry::new(&[pa, pb, pc], true, &[disable]);
    let r = reg.run(&["UserService.whoami", "-n", "20", "-o", "json"]);
    assert_code(&r, 0);
    let report = r.json();
    assert_eq!(report["count"], 20);
    assert_eq!(report["ok_count"], 20);
    let providers: Vec<String> = report["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["address"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !providers.contains(&format!("127.0.0.1:{pc}")),
        "{providers:?}"
    );
    for _ in 0..3 {
        let r = reg.run(&["UserService.whoami"]);
        assert_code(&r, 0);
        assert!(!r.stdout.contains("c@"), "{}", r.stdout);
    }
    // Only the disabled one left: exit 6 naming it.
    let reg = Registry::new(
        &[pc],
        false,
        &[format!(
            "override://127.0.0.1:{pc}/{USER_SERVICE}?category=configurators&disabled=true\
             &dynamic=false&enabled=true&version=1.0.0"
        )],
    );
    let r = reg.run(&["UserService.whoami"]);
    assert_code(&r, 6);
    assert!(
        r.stderr.contains("disabled") && r.stderr.contains(&pc.to_string()),
        "{}",
        r.stderr
    );
}

#[test]
fn roundrobin_alternates() {
    let (_a, pa) = start_provider("a");
    let (_b, pb) = start_provider("b");
    let reg = Registry::new(&[pa, pb], true, &[]);
    let r = reg.run(&["UserService.whoami", "-n", "8", "--lb", "roundrobin", "-v"]);
    assert_code(&r, 0);
    let order: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains(": call "))
        .map(|l| l.split_whitespace().nth(3).unwrap())
        .collect();
    assert_eq!(order.len(), 8, "{}", r.stderr);
    for w in order.windows(2) {
        assert_ne!(w[0], w[1], "roundrobin repeated a provider: {order:?}");
    }
}

#[test]
fn dry_run_sends_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&["UserService.getById", "[7]", "--dry-run"]);
    assert_code(&r, 0);
    assert!(
        r.stdout.contains(&format!("127.0.0.1:{port}")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("magic"), "{}", r.stdout);
    assert!(r.stdout.contains("$invoke"), "{}", r.stdout);
    assert!(r.stdout.contains("getById"), "{}", r.stdout);
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "dry run connected to the provider"
    );
}

#[test]
fn json_envelope() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&["UserService.whoami", "-o", "json"]);
    assert_code(&r, 0);
    let j = r.json();
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["provider"], format!("127.0.0.1:{port}"));
    assert_eq!(j["service"], "com.example.UserService");
    assert_eq!(j["method"], "whoami");
    assert_eq!(j["status"], "ok");
    assert!(j["elapsed_ms"].as_f64().unwrap() >= 0.0);
    assert_eq!(j["attempts"][0]["outcome"]["kind"], "ok");
    assert_eq!(j["attempts"][0]["choice"]["balancer"], "random");
    assert_eq!(j["result"], format!("a@127.0.0.1:{port}"));
}

#[test]
fn ping_and_pinned_provider() {
    let (_p, port) = start_provider("a");
    let addr = format!("127.0.0.1:{port}");
    let r = svcctl(&[
        "invoke",
        "com.example.UserService",
        "--ping",
        "--version",
        "1.0.0",
        "--provider",
        &addr,
    ]);
    assert_code(&r, 0);
    assert_eq!(r.json(), serde_json::json!("ping"));
    let r = svcctl(&[
        "invoke",
        "com.example.UserService.getById",
        "[3]",
        "--version",
        "1.0.0",
        "--provider",
        &addr,
        "--direct",
        "--types",
        "long",
    ]);
    assert_code(&r, 0);
    assert_eq!(r.json()["id"], 3);
}

/// A TCP "provider" that reads one request frame and answers with `reply` (or nothing), for
/// faults the demo provider cannot produce.
fn fake_provider(reply: Vec<u8>, then_close: bool) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let mut header = [0u8; 16];
            if s.read_exact(&mut header).is_err() {
                continue;
            }
            let len = u32::from_be_bytes(header[12..16].try_into().unwrap()) as usize;
            let mut body = vec![0u8; len];
            let _ = s.read_exact(&mut body);
            if reply.is_empty() {
                // Hang: keep the connection open without answering.
                std::thread::sleep(std::time::Duration::from_secs(30));
                continue;
            }
            let mut out = reply.clone();
            // Echo the request id so the reply is matched to the call.
            if out.len() >= 12 && out[0] == 0xda && out[1] == 0xbb {
                out[4..12].copy_from_slice(&header[4..12]);
            }
            let _ = s.write_all(&out);
            if then_close {
                let _ = s.shutdown(std::net::Shutdown::Both);
            }
        }
    });
    port
}

#[test]
fn misbehaving_providers_give_one_line_errors() {
    let pinned = |port: u16, extra: &[&str]| {
        let addr = format!("127.0.0.1:{port}");
        let mut args = vec![
            "invoke",
            "com.example.UserService.getById",
            "[1]",
            "--provider",
            &addr,
            "--types",
            "long",
            "--cluster",
            "failfast",
        ];
        args.extend_from_slice(extra);
        support::svcctl(&args)
    };
    let one_error_line = |r: &Run| {
        let errors: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.starts_with("svcctl: error:"))
            .collect();
        assert_eq!(errors.len(), 1, "{}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    };
    // Text instead of a Dubbo frame (what a telnet port or another protocol answers).
    let r = pinned(
        fake_provider(b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec(), true),
        &[],
    );
    assert_code(&r, 6);
    one_error_line(&r);
    // A header promising 100 bytes, then the connection closes after 3.
    let mut truncated = vec![0xda, 0xbb, 0x02, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100];
    truncated.extend_from_slice(&[0x91, 0x05, b'h']);
    let r = pinned(fake_provider(truncated, true), &[]);
    assert_code(&r, 6);
    one_error_line(&r);
    // A header announcing a 64 MiB body: refused before the body is read.
    let oversize = vec![0xda, 0xbb, 0x02, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0x04, 0, 0, 0];
    let r = pinned(fake_provider(oversize, false), &[]);
    assert_code(&r, 6);
    one_error_line(&r);
    assert!(
        r.stderr.contains("limit") || r.stderr.contains("payload") || r.stderr.contains("large"),
        "{}",
        r.stderr
    );
    // A well-framed reply whose Hessian body is garbage.
    let mut bad_body = vec![0xda, 0xbb, 0x02, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
    bad_body.extend_from_slice(&[0x91, 0x40]);
    let r = pinned(fake_provider(bad_body, false), &[]);
    assert_code(&r, 6);
    one_error_line(&r);
    // A provider that accepts the call and never answers: the call timeout, not a hang.
    let r = pinned(fake_provider(Vec::new(), false), &["--timeout", "400ms"]);
    assert_code(&r, 5);
    one_error_line(&r);
    assert!(
        r.elapsed < std::time::Duration::from_secs(5),
        "took {:?}",
        r.elapsed
    );
}

#[test]
fn template_prints_an_argument_skeleton_from_the_metadata_report() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], true, &[]);
    let r = reg.run(&["UserService.getById", "--template"]);
    assert_code(&r, 0);
    assert_eq!(r.json(), serde_json::json!([0]));
    let r = reg.run(&["UserService.greet", "--template"]);
    assert_code(&r, 2);
    assert!(r.stderr.contains("overloaded"), "{}", r.stderr);
    let r = reg.run(&[
        "UserService.greet",
        "--template",
        "--types",
        "java.lang.String,int",
    ]);
    assert_eq!(r.json(), serde_json::json!(["", 0]));

    // A bean parameter, described by the report's `types` (3.x string form), and no provider
    // needs to answer: nothing is sent.
    let desk = "dubbo://127.0.0.1:1/com.example.OrderDesk?application=desk&interface=com.example.OrderDesk";
    let reg = Registry::new(&[], false, &[desk.to_string()]);
    let report = r#"{"canonicalName":"com.example.OrderDesk","methods":[{"name":"place","parameterTypes":["com.example.Order","boolean"],"returnType":"long"}],
        "types":[{"type":"com.example.Order","properties":{"id":"long","items":"java.util.List<com.example.Item>","note":"java.lang.String"}},
                 {"type":"com.example.Item","properties":{"sku":"java.lang.String","qty":"int"}}]}"#;
    runtime().block_on(async {
        let client = ZkServer::shared().client().await;
        let path = format!("{}/metadata/com.example.OrderDesk/provider/desk", reg.root);
        seed::create(&client, &path, report.as_bytes(), false).await;
    });
    let r = reg.run(&["OrderDesk.place", "--template"]);
    assert_code(&r, 0);
    assert_eq!(
        r.json(),
        serde_json::json!([
            {"class": "com.example.Order", "id": 0, "items": [{"class": "com.example.Item", "sku": "", "qty": 0}], "note": ""},
            false
        ])
    );
    let none = reg.run(&["OrderDesk.cancel", "--template"]);
    assert_code(&none, 3);
}

/// A provider on IPv6 loopback, registered as Java writes it (`dubbo://[::1]:PORT/…`): called,
/// shown and found by the address svcctl prints, and disabled by an override rule that reads
/// back as the same provider.
#[test]
fn an_ipv6_provider_is_called_shown_and_disabled_by_its_bracketed_address() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_svcctl-demo-provider"));
    cmd.args([
        "--port",
        "0",
        "--no-register",
        "--instance",
        "six",
        "--host",
        "::1",
    ]);
    let (_p, port, _) = start_ready(&mut cmd, "demo provider on ::1", Duration::from_secs(20));
    let url = provider_url(port).replace("127.0.0.1", "[::1]");
    let reg = Registry::new(&[], true, &[url]);
    let address = format!("[::1]:{port}");

    let r = reg.run(&["UserService.whoami"]);
    assert_code(&r, 0);
    assert!(r.stdout.contains("six@"), "{}", r.stdout);

    let base = ["--registry", &reg.registry, "--root", &reg.root];
    let with = |args: &[&str]| {
        let mut all = base.to_vec();
        all.extend_from_slice(args);
        svcctl(&all)
    };
    let shown = with(&["show", USER_SERVICE, "-o", "json"]);
    assert_code(&shown, 0);
    assert!(
        shown.stdout.contains(&format!("\"address\":\"{address}\""))
            || shown
                .stdout
                .contains(&format!("\"address\": \"{address}\"")),
        "{}",
        shown.stdout
    );
    let host = with(&["host", &address]);
    assert_code(&host, 0);
    assert!(host.stdout.contains(USER_SERVICE), "{}", host.stdout);

    let disabled = with(&[
        "disable",
        "UserService",
        "--provider",
        &address,
        "--yes",
        "--force",
    ]);
    assert_code(&disabled, 0);
    let r = reg.run(&["UserService.whoami"]);
    assert_code(&r, 6);
    assert!(
        r.stderr.contains("disabled") && r.stderr.contains(&address),
        "{}",
        r.stderr
    );
    assert_code(
        &with(&["enable", "UserService", "--provider", &address, "--yes"]),
        0,
    );
    let r = reg.run(&["UserService.whoami"]);
    assert_code(&r, 0);
    assert!(r.stdout.contains("six@"), "{}", r.stdout);
}

/// A rule node svcctl cannot read may be what would have disabled a provider: the call goes
/// on, and says on stderr which node it skipped.
#[test]
fn an_unreadable_rule_is_reported_not_dropped() {
    let (_p, port) = start_provider("a");
    let reg = Registry::new(&[port], true, &[]);
    runtime().block_on(async {
        let client = ZkServer::shared().client().await;
        seed::create(
            &client,
            &format!("{}/{USER_SERVICE}/configurators/override%ZZ", reg.root),
            b"",
            false,
        )
        .await;
    });
    let r = reg.run(&["UserService.whoami"]);
    assert_code(&r, 0);
    let warning = r
        .stderr
        .lines()
        .find(|l| l.starts_with("svcctl: warning: skipped"))
        .unwrap_or_else(|| panic!("no warning:\n{}", r.stderr));
    assert!(warning.contains("configurators/override%ZZ"), "{warning}");
}
