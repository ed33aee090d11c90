//! Triple (Dubbo 3's HTTP/2 protocol) against peers we did not write:
//! - dubbo-python (PyPI `apache-dubbo==3.0.0b1`, tests/interop/triple/provider.py), which
//!   registers itself in ZooKeeper as `tri://127.0.0.1:PORT?service=NAME` and speaks only the
//!   gRPC form over h2c;
//! - dubbo-js (npm `@apachedubbo/dubbo-node@3.0.0-alpha`, tests/interop/triple/js/provider.js),
//!   which serves both forms and registers nowhere, so the test writes its provider node; once
//!   more with its gRPC protocols off, for the automatic switch to the JSON form.
//!
//! dubbo-python hangs a worker forever on a malformed request, so it is sent well-formed calls
//! only; the hung-peer test uses a socket that never answers instead.
//!
//! Needs: Debian's `zookeeper`, `scripts/install-deps.sh triple` (the venv in .peers/venv and
//! `npm ci` in tests/interop/triple/js).

mod support;

use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde_json::json;
use support::{free_port, project_dir, seed, start_ready, svcctl, ChildGuard, Run, ZkServer};

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}{}x{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

fn assert_code(r: &Run, code: i32) {
    assert_eq!(
        r.code, code,
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
}

/// `svcctl --registry ZK --root ROOT ARGS...`
fn run(root: &str, args: &[&str]) -> Run {
    let registry = ZkServer::shared().address();
    let mut all = vec!["--registry", &registry, "--root", root];
    all.extend_from_slice(args);
    svcctl(&all)
}

/// A dubbo-python provider of its own service, registered under `/dubbo`.
struct PyProvider {
    _child: ChildGuard,
    port: u16,
    service: String,
}

impl PyProvider {
    fn start() -> PyProvider {
        let python = project_dir().join(".peers/venv/bin/python");
        assert!(
            python.exists(),
            "the Triple test needs dubbo-python: run scripts/install-deps.sh triple (creates {})",
            python.display()
        );
        let service = unique("com.example.PyGreeter");
        let port = free_port();
        let mut cmd = Command::new(python);
        cmd.arg(project_dir().join("tests/interop/triple/provider.py"))
            .arg(ZkServer::shared().address())
            .arg(port.to_string())
            .arg(&service)
            .stderr(std::process::Stdio::null());
        let (child, ready, _) = start_ready(&mut cmd, "provider.py", Duration::from_secs(60));
        assert_eq!(ready, port);
        PyProvider {
            _child: child,
            port,
            service,
        }
    }

    fn invoke(&self, method: &str, extra: &[&str]) -> Run {
        let target = format!("{}.{method}", self.service);
        let mut all = vec!["invoke", &target];
        all.extend_from_slice(extra);
        run("/dubbo", &all)
    }
}

fn start_js(flavour: Option<&str>) -> (ChildGuard, u16) {
    support::peers::start_js_flavour(flavour)
}

const JS_SERVICE: &str = "com.example.JsGreeter";

/// The dubbo-js provider's URL(s), as a Java Dubbo 3 provider registers Triple: path and
/// `interface` set, methods listed.
fn js_urls(port: u16, versions: &[Option<&str>]) -> Vec<String> {
    versions
        .iter()
        .map(|v| {
            let mut url = format!(
                "tri://127.0.0.1:{port}/{JS_SERVICE}?application=js-greeter&interface={JS_SERVICE}&methods=greet,echo,fail,crash&side=provider"
            );
            if let Some(v) = v {
                url.push_str(&format!("&version={v}"));
            }
            url
        })
        .collect()
}

/// The session owning registered provider nodes, with the runtime that keeps it alive (its
/// pings must go on while the test waits on svcctl, or the session expires and the nodes go).
struct Registered {
    _client: zookeeper_client::Client,
    _rt: tokio::runtime::Runtime,
}

/// Writes provider nodes of `JS_SERVICE` under `root`. Ephemeral: they live as long as the
/// returned session.
fn register(root: &str, urls: &[String]) -> Registered {
    register_at(root, JS_SERVICE, urls)
}

/// Writes provider nodes of `service` under `root`, ephemeral as in [`register`].
fn register_at(root: &str, service: &str, urls: &[String]) -> Registered {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let client = rt.block_on(async {
        let zk = ZkServer::shared().client().await;
        let dir = format!("{root}/{service}/providers");
        seed::ensure_path(&zk, &dir).await;
        for url in urls {
            seed::create(&zk, &format!("{dir}/{}", form_encode(url)), b"", true).await;
        }
        zk
    });
    Registered {
        _client: client,
        _rt: rt,
    }
}

fn register_js(root: &str, port: u16, versions: &[Option<&str>]) -> Registered {
    register(root, &js_urls(port, versions))
}

/// Java's `URLEncoder.encode`, as the registry writes node names.
fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn dubbo_python_provider_is_listed_and_called() {
    let p = PyProvider::start();
    let addr = format!("127.0.0.1:{}", p.port);

    let ls = run("/dubbo", &["ls", "-o", "json"]);
    assert_code(&ls, 0);
    let ls = ls.json();
    let entry = ls["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["interface"] == json!(p.service))
        .unwrap_or_else(|| panic!("{} not listed: {ls}", p.service));
    assert_eq!(entry["providers"]["enabled"], 1);

    let show = run("/dubbo", &["show", &p.service, "-o", "json"]);
    assert_code(&show, 0);
    let show = show.json();
    assert_eq!(show["providers"][0]["address"], json!(addr));
    assert_eq!(show["providers"][0]["protocol"], "tri");
    assert_eq!(show["providers"][0]["enabled"], true);

    let host = run("/dubbo", &["host", &addr, "-o", "json"]);
    assert_code(&host, 0);
    let host = host.json();
    assert_eq!(host["entries"][0]["service"], json!(p.service));
    assert_eq!(host["entries"][0]["role"], "provider");

    for mode in [None, Some("grpc")] {
        let mut extra = vec!["[\"py\"]", "-o", "json"];
        if let Some(m) = mode {
            extra.extend(["--triple-mode", m]);
        }
        let r = p.invoke("greet", &extra);
        assert_code(&r, 0);
        let doc = r.json();
        assert_eq!(doc["result"], "hello, py", "{mode:?}");
        assert_eq!(doc["triple_form"], "grpc", "{mode:?}");
        assert_eq!(doc["provider"], json!(addr));
    }
    // Plain output is the result as JSON; nested values pass through untouched.
    let r = p.invoke("echo", &[r#"[1, {"a": [true, null, 2.5]}, "x"]"#]);
    assert_code(&r, 0);
    let echoed: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(echoed, json!([1, {"a": [true, null, 2.5]}, "x"]));

    // dubbo-python speaks gRPC framing only: 415 with grpc-status 12.
    let r = p.invoke("greet", &["[\"py\"]", "--triple-mode", "json"]);
    assert_code(&r, 3);
    assert!(r.stderr.contains("grpc-status 12"), "{}", r.stderr);
    assert!(r.stderr.contains("--triple-mode grpc"), "{}", r.stderr);

    // A raised exception: trailers-only grpc-status 13, its message on one line.
    let r = p.invoke("fail", &["[\"bad thing\"]"]);
    assert_code(&r, 4);
    assert!(
        r.stderr
            .contains("grpc-status 13 (INTERNAL): Invoke method failed: bad thing"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr
            .lines()
            .filter(|l| l.starts_with("svcctl: error"))
            .count(),
        1
    );

    let r = p.invoke("nope", &["[1]"]);
    assert_code(&r, 3);
    assert!(r.stderr.contains("grpc-status 12"), "{}", r.stderr);

    // The method sleeps past the timeout: svcctl gives up on time.
    let r = p.invoke("slow", &["[5]", "--timeout", "400ms"]);
    assert_code(&r, 5);
    assert!(r.elapsed < Duration::from_secs(4), "{:?}", r.elapsed);
    assert!(r.stderr.contains("within 400 ms"), "{}", r.stderr);
}

#[test]
fn dubbo_js_provider_in_both_forms() {
    let (_js, port) = start_js(None);
    let root = format!("/{}", unique("tri"));
    let _zk = register_js(&root, port, &[None, Some("2.0.0")]);
    let addr = format!("127.0.0.1:{port}");

    let ls = run(&root, &["ls", "-o", "json"]);
    assert_code(&ls, 0);
    let ls = ls.json();
    let services = ls["services"].as_array().unwrap();
    assert_eq!(services.len(), 2, "{ls}");
    assert!(
        services.iter().all(|s| s["interface"] == JS_SERVICE),
        "{ls}"
    );

    let show = run(
        &root,
        &["show", "JsGreeter", "--version", "2.0.0", "-o", "json"],
    );
    assert_code(&show, 0);
    let show = show.json();
    assert_eq!(show["providers"][0]["protocol"], "tri", "{show}");
    assert_eq!(show["providers"][0]["address"], json!(addr));
    assert_eq!(show["methods"].as_array().unwrap().len(), 4, "{show}");
    let host = run(&root, &["host", &addr, "-o", "json"]);
    assert_code(&host, 0);
    assert_eq!(host.json()["entries"].as_array().unwrap().len(), 2);

    for (mode, form) in [
        (None, "grpc"),
        (Some("grpc"), "grpc"),
        (Some("json"), "json"),
    ] {
        let mut args = vec!["invoke", "JsGreeter.greet", "[\"js\"]", "-o", "json"];
        if let Some(m) = mode {
            args.extend(["--triple-mode", m]);
        }
        // Two registrations (none and 2.0.0): --version picks one, sent as tri-service-version.
        args.extend(["--version", "2.0.0"]);
        let r = run(&root, &args);
        assert_code(&r, 0);
        let doc = r.json();
        assert_eq!(doc["result"], "v2 hi js", "{mode:?}");
        assert_eq!(doc["triple_form"], form, "{mode:?}");

        // Without a version, straight to the provider (no registry).
        let mut direct = vec![
            "invoke",
            "--provider",
            &addr,
            "--triple-mode",
            mode.unwrap_or("auto"),
        ];
        let target = format!("{JS_SERVICE}.greet");
        direct.extend([target.as_str(), "[\"js\"]"]);
        let r = svcctl(&direct);
        assert_code(&r, 0);
        assert_eq!(r.stdout.trim(), "\"hi js\"", "{mode:?}");

        let fail = format!("{JS_SERVICE}.fail");
        let crash = format!("{JS_SERVICE}.crash");
        let nope = format!("{JS_SERVICE}.nope");
        let m = mode.unwrap_or("auto");
        let call = |target: &str, args: &str| {
            svcctl(&[
                "invoke",
                "--provider",
                &format!("tri://{addr}"),
                "--triple-mode",
                m,
                target,
                args,
            ])
        };
        // A DubboError with a code: that code and its message, percent-decoded in trailers.
        let r = call(&fail, "[\"no user 7\"]");
        assert_code(&r, 4);
        assert!(
            r.stderr.contains("grpc-status 5 (NOT_FOUND): no user 7"),
            "{mode:?}: {}",
            r.stderr
        );
        let r = call(&crash, "[]");
        assert_code(&r, 4);
        assert!(
            r.stderr.contains("grpc-status 13"),
            "{mode:?}: {}",
            r.stderr
        );
        let r = call(&nope, "[]");
        assert_code(&r, 3);
        assert!(
            r.stderr.contains("grpc-status 12"),
            "{mode:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn auto_mode_switches_to_json_when_grpc_is_refused() {
    let (_js, port) = start_js(Some("json-only"));
    let root = format!("/{}", unique("trijson"));
    // The same service has a dubbo provider too (nobody listens there): a call picks either,
    // and fails over from the dead dubbo one to the Triple one; --triple-mode selects the Triple
    // providers only, so not even one attempt goes to the dead one.
    let mut urls = js_urls(port, &[None]);
    urls.push(format!(
        "dubbo://127.0.0.1:{}/{JS_SERVICE}?interface={JS_SERVICE}&methods=greet",
        free_port()
    ));
    let _zk = register(&root, &urls);
    let r = run(
        &root,
        &["invoke", "JsGreeter.greet", "[\"x\"]", "-o", "json"],
    );
    assert_code(&r, 0);
    let doc = r.json();
    assert_eq!(doc["result"], "hi x", "{doc}");
    assert_eq!(doc["protocol"], "tri", "{doc}");

    let r = run(
        &root,
        &[
            "invoke",
            "JsGreeter.greet",
            "[\"auto\"]",
            "--triple-mode",
            "auto",
            "--retries",
            "0",
            "-o",
            "json",
        ],
    );
    assert_code(&r, 0);
    let doc = r.json();
    assert_eq!(doc["result"], "hi auto");
    assert_eq!(doc["triple_form"], "json");

    let r = run(
        &root,
        &[
            "invoke",
            "JsGreeter.greet",
            "[\"x\"]",
            "--triple-mode",
            "grpc",
        ],
    );
    assert_code(&r, 3);
    assert!(r.stderr.contains("HTTP 415"), "{}", r.stderr);
    assert!(r.stderr.contains("--triple-mode json"), "{}", r.stderr);

    // The JSON form's errors: HTTP status plus a JSON body.
    let r = run(
        &root,
        &[
            "invoke",
            "JsGreeter.fail",
            "[\"gone\"]",
            "--triple-mode",
            "json",
            "-o",
            "json",
        ],
    );
    assert_code(&r, 4);
    let doc = r.json();
    assert_eq!(doc["error"]["grpc_status"], 5);
    assert_eq!(doc["error"]["grpc_message"], "gone");
    assert_eq!(doc["error"]["http_status"], 404);
    assert_eq!(doc["error"]["triple_form"], "json");
}

/// An HTTP/1.1-only server cannot carry the gRPC form; auto mode goes on in the JSON form.
#[test]
fn http1_only_provider_gets_the_json_form() {
    let (_js, port) = start_js(Some("http1"));
    let provider = format!("tri://127.0.0.1:{port}");
    let target = format!("{JS_SERVICE}.greet");
    let call = |mode: &str| {
        svcctl(&[
            "invoke",
            "--provider",
            &provider,
            "--triple-mode",
            mode,
            &target,
            "[\"h1\"]",
            "-o",
            "json",
        ])
    };
    for mode in ["auto", "json"] {
        let r = call(mode);
        assert_code(&r, 0);
        let doc = r.json();
        assert_eq!(doc["result"], "hi h1", "{mode}");
        assert_eq!(doc["triple_form"], "json", "{mode}");
    }
    let r = call("grpc");
    assert_code(&r, 6);
    assert!(r.stdout.contains("does not speak HTTP/2"), "{}", r.stdout);
}

/// A peer that accepts connections and never says a word (the way dubbo-python behaves once
/// its workers hang): every form times out within the call timeout.
#[test]
fn a_hung_peer_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    for mode in ["auto", "grpc", "json"] {
        let r = svcctl(&[
            "invoke",
            "--provider",
            &format!("tri://{addr}"),
            "--triple-mode",
            mode,
            "--timeout",
            "300ms",
            "com.example.Hung.call",
            "[]",
        ]);
        assert_code(&r, 5);
        // Well under the 3 s connect timeout: the call timeout bounds the HTTP/2 handshake too.
        assert!(
            r.elapsed < Duration::from_millis(2500),
            "{mode}: {:?}",
            r.elapsed
        );
        assert!(r.stderr.contains("within 300 ms"), "{mode}: {}", r.stderr);
    }
    // A dry run names the request and sends nothing (the silent peer would make it time out).
    let r = svcctl(&[
        "invoke",
        "--provider",
        &format!("tri://{addr}"),
        "--dry-run",
        "--version",
        "1.0.0",
        "com.example.Hung.call",
        "[1, \"a\"]",
    ]);
    assert_code(&r, 0);
    assert!(
        r.stdout.contains("POST /com.example.Hung/call"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("tri-service-version: 1.0.0"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(r#"body: [1,"a"]"#), "{}", r.stdout);
    // Dubbo-only options are refused before anything is sent, in load mode too.
    let r = svcctl(&[
        "invoke",
        "--provider",
        &format!("tri://{addr}"),
        "--direct",
        "-n",
        "5",
        "com.example.Hung.call",
    ]);
    assert_code(&r, 2);
    assert!(
        r.stderr.contains("not available for Triple"),
        "{}",
        r.stderr
    );
    // Nobody listening: unreachable.
    let closed = format!("tri://127.0.0.1:{}", free_port());
    let r = svcctl(&[
        "invoke",
        "--provider",
        &closed,
        "com.example.Gone.call",
        "[]",
    ]);
    assert_code(&r, 6);
}

/// The load report of `invoke ... -n/-z ... -o json`: its status distribution as a map.
fn statuses(report: &serde_json::Value) -> std::collections::BTreeMap<String, u64> {
    report["status_distribution"]
        .as_array()
        .unwrap_or_else(|| panic!("no status_distribution: {report}"))
        .iter()
        .map(|s| {
            (
                s["status"].as_str().unwrap().to_string(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn provider_row<'a>(report: &'a serde_json::Value, addr: &str) -> &'a serde_json::Value {
    report["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["address"] == addr)
        .unwrap_or_else(|| panic!("no row for {addr}: {report}"))
}

/// Load mode over Triple against dubbo-python: found through the registry, every call answered,
/// and a raising method counted under its gRPC status without failover repeating it. At most
/// 6 in flight: the provider has 10 worker threads.
#[test]
fn load_mode_against_dubbo_python() {
    let p = PyProvider::start();
    let addr = format!("127.0.0.1:{}", p.port);
    let r = p.invoke(
        "greet",
        &["[\"load\"]", "-z", "2s", "-c", "6", "-o", "json"],
    );
    assert_code(&r, 0);
    let doc = r.json();
    let ok = doc["ok_count"].as_u64().unwrap();
    assert!(ok > 0, "{doc}");
    assert_eq!(doc["error_count"], 0, "{doc}");
    assert_eq!(doc["count"], ok, "{doc}");
    assert_eq!(doc["stop_reason"], "duration", "{doc}");
    assert_eq!(doc["active_at_end"], 0, "{doc}");
    assert_eq!(statuses(&doc), [("OK".to_string(), ok)].into());
    assert_eq!(provider_row(&doc, &addr)["calls"], ok);

    let r = p.invoke(
        "fail",
        &["[\"under load\"]", "-n", "40", "-c", "4", "-o", "json"],
    );
    assert_code(&r, 0);
    let doc = r.json();
    assert_eq!(doc["error_count"], 40, "{doc}");
    assert_eq!(statuses(&doc), [("INTERNAL".to_string(), 40)].into());
    // The method's answer: not retried (failover would have made 3 attempts per call).
    assert_eq!(doc["failed_attempts"], 0, "{doc}");
    let message = doc["error_distribution"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("grpc-status 13 (INTERNAL): Invoke method failed: under load"),
        "{doc}"
    );

    // The text report, with a rate limit.
    let r = p.invoke("echo", &["[1]", "-n", "20", "-c", "2", "--rps", "100"]);
    assert_code(&r, 0);
    assert!(r.stdout.contains("[OK] 20 responses"), "{}", r.stdout);
    assert!(r.stdout.contains(&addr), "{}", r.stdout);
}

/// Load mode against dubbo-js in both forms (it takes any concurrency), its error statuses, and
/// the automatic switch to the JSON form while many calls are in flight at once.
#[test]
fn load_mode_against_dubbo_js() {
    let (_js, port) = start_js(None);
    let root = format!("/{}", unique("triload"));
    let _zk = register_js(&root, port, &[None]);
    let addr = format!("127.0.0.1:{port}");
    for mode in ["auto", "grpc", "json"] {
        let r = run(
            &root,
            &[
                "invoke",
                "JsGreeter.greet",
                "[\"load\"]",
                "--triple-mode",
                mode,
                "-z",
                "2s",
                "-c",
                "16",
                "-o",
                "json",
            ],
        );
        assert_code(&r, 0);
        let doc = r.json();
        let ok = doc["ok_count"].as_u64().unwrap();
        assert!(ok > 0, "{mode}: {doc}");
        assert_eq!(doc["error_count"], 0, "{mode}: {doc}");
        assert_eq!(
            statuses(&doc),
            [("OK".to_string(), ok)].into(),
            "{mode}: {doc}"
        );
        assert_eq!(provider_row(&doc, &addr)["calls"], ok, "{mode}");
        // dubbo-js takes both forms: automatic mode settles on gRPC, the first one tried.
        let form = if mode == "json" { "json" } else { "grpc" };
        assert_eq!(provider_row(&doc, &addr)["protocol"], "tri", "{mode}");
        assert_eq!(provider_row(&doc, &addr)["triple_form"], form, "{mode}");
    }
    // Load mode only checks replies: in both forms its errors are those of a single call.
    for (method, status) in [
        ("fail", "NOT_FOUND"),
        ("crash", "INTERNAL"),
        ("nope", "UNIMPLEMENTED"),
    ] {
        for mode in ["auto", "json"] {
            let target = format!("JsGreeter.{method}");
            let r = run(
                &root,
                &[
                    "invoke",
                    &target,
                    "[\"x\"]",
                    "--triple-mode",
                    mode,
                    "-n",
                    "30",
                    "-c",
                    "8",
                    "-o",
                    "json",
                ],
            );
            assert_code(&r, 0);
            let doc = r.json();
            assert_eq!(doc["error_count"], 30, "{method} {mode}: {doc}");
            assert_eq!(
                statuses(&doc),
                [(status.to_string(), 30)].into(),
                "{method} {mode}: {doc}"
            );
            let single = run(
                &root,
                &["invoke", &target, "[\"x\"]", "--triple-mode", mode],
            );
            let message = doc["error_distribution"][0]["message"].as_str().unwrap();
            assert!(
                message.starts_with("grpc-status ") && single.stderr.contains(message),
                "{method} {mode}: load mode says {message:?}, a single call {:?}",
                single.stderr
            );
        }
    }

    // `svcctl bench` is load mode with 200 calls by default.
    let r = svcctl(&[
        "bench",
        "--provider",
        &format!("tri://{addr}"),
        &format!("{JS_SERVICE}.echo"),
        "[1, \"two\"]",
        "-c",
        "8",
        "-o",
        "json",
    ]);
    assert_code(&r, 0);
    let doc = r.json();
    assert_eq!(statuses(&doc), [("OK".to_string(), 200)].into(), "{doc}");

    // gRPC framing refused: every call still answered, in the JSON form.
    let (_json_only, json_port) = start_js(Some("json-only"));
    let r = svcctl(&[
        "invoke",
        "--provider",
        &format!("tri://127.0.0.1:{json_port}"),
        &format!("{JS_SERVICE}.greet"),
        "[\"switch\"]",
        "-n",
        "200",
        "-c",
        "32",
        "-o",
        "json",
    ]);
    assert_code(&r, 0);
    let doc = r.json();
    assert_eq!(statuses(&doc), [("OK".to_string(), 200)].into(), "{doc}");
    assert_eq!(
        provider_row(&doc, &format!("127.0.0.1:{json_port}"))["triple_form"],
        "json",
        "the form learned, reported: {doc}"
    );
}

/// One service with a dubbo provider (the demo) and a Triple one (dubbo-python serving the same
/// interface): load mode and single calls call each in its own protocol.
#[test]
fn load_mode_over_dubbo_and_triple_providers_of_one_service() {
    let zk = ZkServer::shared().address();
    let demo = support::demo::DemoProcess::registered(&zk, "/dubbo", "mixed", &[]);
    let python = project_dir().join(".peers/venv/bin/python");
    assert!(python.exists(), "run scripts/install-deps.sh triple");
    let port = free_port();
    let mut cmd = Command::new(python);
    cmd.arg(project_dir().join("tests/interop/triple/provider.py"))
        .arg(&zk)
        .arg(port.to_string())
        .arg("com.example.UserService")
        .stderr(std::process::Stdio::null());
    let (_py, ready, _) = start_ready(&mut cmd, "provider.py", Duration::from_secs(60));
    assert_eq!(ready, port);
    let tri_addr = format!("127.0.0.1:{port}");

    // greet is overloaded on the demo provider: --types picks the dubbo one (Triple takes the
    // JSON as it is).
    let args = [
        "invoke",
        "UserService.greet",
        "[\"mix\"]",
        "--types",
        "java.lang.String",
    ];
    let mut load = args.to_vec();
    load.extend(["-z", "2s", "-c", "4", "--lb", "roundrobin", "-o", "json"]);
    let r = run("/dubbo", &load);
    assert_code(&r, 0);
    let doc = r.json();
    let ok = doc["ok_count"].as_u64().unwrap();
    assert!(ok > 0, "{doc}");
    assert_eq!(doc["error_count"], 0, "{doc}");
    assert_eq!(statuses(&doc), [("OK".to_string(), ok)].into());
    let dubbo_calls = provider_row(&doc, &demo.addr())["calls"].as_u64().unwrap();
    let tri_calls = provider_row(&doc, &tri_addr)["calls"].as_u64().unwrap();
    assert!(dubbo_calls > 0 && tri_calls > 0, "{doc}");
    assert_eq!(dubbo_calls + tri_calls, ok);
    // The report says which protocol each provider was called in, and Triple's form.
    let dubbo_row = provider_row(&doc, &demo.addr());
    assert_eq!(
        (&dubbo_row["protocol"], &dubbo_row["triple_form"]),
        (&json!("dubbo"), &json!(null)),
        "{doc}"
    );
    let tri_row = provider_row(&doc, &tri_addr);
    assert_eq!(
        (&tri_row["protocol"], &tri_row["triple_form"]),
        (&json!("tri"), &json!("grpc")),
        "dubbo-python speaks the gRPC form: {doc}"
    );
    // And the text report, in a column.
    let mut text = args.to_vec();
    text.extend(["-n", "20", "-c", "2", "--lb", "roundrobin"]);
    let r = run("/dubbo", &text);
    assert_code(&r, 0);
    let table = r
        .stdout
        .split("Providers:")
        .nth(1)
        .expect("providers table");
    let row_of = |addr: &str| {
        table
            .lines()
            .find(|l| l.trim_start().starts_with(addr))
            .unwrap_or_else(|| panic!("no row for {addr}: {table}"))
            .to_string()
    };
    assert!(
        table.lines().nth(1).unwrap().contains("Protocol"),
        "{table}"
    );
    assert!(
        row_of(&demo.addr()).split_whitespace().nth(1) == Some("dubbo"),
        "{table}"
    );
    assert!(row_of(&tri_addr).contains(" tri (grpc) "), "{table}");

    // --triple-mode narrows the load to the Triple provider (and --types means nothing there).
    let mut tri_only = args[..3].to_vec();
    tri_only.extend(["-n", "20", "-c", "2", "--triple-mode", "grpc", "-o", "json"]);
    let r = run("/dubbo", &tri_only);
    assert_code(&r, 0);
    let doc = r.json();
    assert_eq!(doc["providers"].as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(provider_row(&doc, &tri_addr)["calls"], 20);

    // A single call: the balancer picks among the providers of both protocols, the chosen one
    // is called in its own, and the envelope and -v say which answered. Consistent hashing on
    // the argument, as the demo is still warming up (a weighted pick would favour Python).
    let mut seen = std::collections::BTreeSet::new();
    for n in 0..40 {
        let who = format!("mix{n}");
        let arg = json!([who]).to_string();
        let single = [
            "invoke",
            "UserService.greet",
            &arg,
            "--types",
            "java.lang.String",
            "--lb",
            "consistenthash",
            "-o",
            "json",
            "-v",
        ];
        let r = run("/dubbo", &single);
        assert_code(&r, 0);
        let doc = r.json();
        let (addr, result) = match doc["protocol"].as_str() {
            Some("dubbo") => (demo.addr(), format!("Hello, {who}!")),
            Some("tri") => {
                assert_eq!(doc["triple_form"], "grpc", "{doc}");
                (tri_addr.clone(), format!("hello, {who}"))
            }
            other => panic!("protocol {other:?}: {doc}"),
        };
        let protocol = doc["protocol"].as_str().unwrap();
        assert_eq!(doc["provider"], json!(addr), "{doc}");
        assert_eq!(doc["result"], json!(result), "{doc}");
        assert_eq!(doc["attempts"][0]["protocol"], protocol, "{doc}");
        let answered = format!("answered by {protocol}://{addr}");
        assert!(r.stderr.contains(&answered), "{}", r.stderr);
        // The dry run picks the same provider, and shows the request in its protocol.
        let mut dry = single[..7].to_vec();
        dry.push("--dry-run");
        let dry = run("/dubbo", &dry);
        assert_code(&dry, 0);
        let line = format!("target: {protocol}://{addr}/");
        assert!(dry.stdout.starts_with(&line), "{line}\n{}", dry.stdout);
        seen.insert(protocol.to_string());
        if seen.len() == 2 {
            break;
        }
    }
    assert_eq!(seen.len(), 2, "40 arguments all hashed to {seen:?}");

    // --triple-mode narrows a single call to the Triple provider, a dubbo-only option to the
    // dubbo one.
    for _ in 0..4 {
        let r = run(
            "/dubbo",
            &[
                "invoke",
                "UserService.greet",
                "[\"t\"]",
                "--triple-mode",
                "auto",
                "-o",
                "json",
            ],
        );
        assert_code(&r, 0);
        assert_eq!(r.json()["provider"], json!(tri_addr));
        let r = run(
            "/dubbo",
            &["invoke", "--ping", "com.example.UserService", "-o", "json"],
        );
        assert_code(&r, 0);
        let doc = r.json();
        assert_eq!(doc["provider"], json!(demo.addr()), "{doc}");
        assert_eq!(doc["protocol"], "dubbo", "{doc}");
    }
}

/// Calls `args` `n` times with failover; every call must be answered by `live` in `protocol`.
/// Returns how many were answered after a failed attempt on the other provider, in `dead_in`.
fn crossings(root: &str, args: &[&str], live: &str, protocol: &str, dead_in: &str) -> usize {
    let mut crossed = 0;
    for _ in 0..24 {
        let mut all = args.to_vec();
        all.extend(["--retries", "2", "-o", "json"]);
        let r = run(root, &all);
        assert_code(&r, 0);
        let doc = r.json();
        assert_eq!(doc["provider"], json!(live), "{doc}");
        assert_eq!(doc["protocol"], protocol, "{doc}");
        let attempts = doc["attempts"].as_array().unwrap();
        match attempts.as_slice() {
            [ok] => assert_eq!(ok["protocol"], protocol, "{doc}"),
            [failed, ok] => {
                assert_eq!(failed["protocol"], dead_in, "{doc}");
                assert_eq!(failed["outcome"]["kind"], "failed", "{doc}");
                assert_eq!(ok["protocol"], protocol, "{doc}");
                crossed += 1;
            }
            _ => panic!("{doc}"),
        }
    }
    crossed
}

/// Failover goes from one protocol to the other: a dead dubbo provider beside a live Triple one,
/// and a dead Triple provider beside a live dubbo one. Every call is answered; with random
/// picks, some only after the dead provider failed (24 calls miss it with odds 2^-24).
#[test]
fn failover_crosses_protocols() {
    let zk = ZkServer::shared().address();
    let py = PyProvider::start();
    let dead_dubbo = format!("127.0.0.1:{}", free_port());
    let _dead = register_at(
        "/dubbo",
        &py.service,
        &[format!(
            "dubbo://{dead_dubbo}/{0}?interface={0}&methods=greet&side=provider",
            py.service
        )],
    );
    let target = format!("{}.greet", py.service);
    let tri = format!("127.0.0.1:{}", py.port);
    let n = crossings(
        "/dubbo",
        &["invoke", &target, "[\"x\"]"],
        &tri,
        "tri",
        "dubbo",
    );
    assert!(n > 0, "no call went to the dead dubbo provider first");

    let root = format!("/{}", unique("xproto"));
    let demo = support::demo::DemoProcess::registered(&zk, &root, "xproto", &[]);
    let dead_tri = format!("127.0.0.1:{}", free_port());
    let _dead = rt_register(&root, &dead_tri);
    let args = [
        "invoke",
        "UserService.greet",
        "[\"x\"]",
        "--types",
        "java.lang.String",
    ];
    let n = crossings(&root, &args, &demo.addr(), "dubbo", "tri");
    assert!(n > 0, "no call went to the dead Triple provider first");
}

/// A tri:// provider node of the demo's UserService at `addr`, where nothing listens.
fn rt_register(root: &str, addr: &str) -> Registered {
    const SERVICE: &str = "com.example.UserService";
    register_at(
        root,
        SERVICE,
        &[format!(
            "tri://{addr}/{SERVICE}?interface={SERVICE}&methods=greet&side=provider"
        )],
    )
}

/// `top -b --load` on a Triple-only service: the load's own counters show calls in flight and
/// a call rate for the provider.
#[test]
fn top_load_on_a_triple_provider() {
    let p = PyProvider::start();
    let addr = format!("127.0.0.1:{}", p.port);
    let r = run(
        "/dubbo",
        &[
            "top",
            &p.service,
            "--load",
            "slow [0.2]",
            "-c",
            "4",
            "--no-probe",
            "-b",
            "-n",
            "8",
            "-d",
            "400ms",
            "-o",
            "jsonl",
        ],
    );
    assert_code(&r, 0);
    let rows: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .map(|snap| {
            let providers = snap["providers"].as_array().expect("providers").clone();
            assert_eq!(providers.len(), 1, "{snap}");
            providers[0].clone()
        })
        .collect();
    assert_eq!(rows.len(), 8, "{}", r.stdout);
    assert!(
        rows.iter().all(|p| p["address"] == json!(addr)),
        "{}",
        r.stdout
    );
    let busy = rows
        .iter()
        .filter(|p| p["active"].as_u64().unwrap_or(0) > 0)
        .count();
    let calling = rows
        .iter()
        .filter(|p| p["calls_per_s"].as_f64().unwrap_or(0.0) > 0.0)
        .count();
    assert!(busy > 0 && calling > 0, "{}", r.stdout);
    assert!(
        rows.iter().any(|p| p["active_source"] == "load"),
        "{}",
        r.stdout
    );
    assert!(
        rows.iter()
            .all(|p| p["errors_per_s"].as_f64().unwrap_or(0.0) == 0.0),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("load stopped"), "{}", r.stderr);
}
