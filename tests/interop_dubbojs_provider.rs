//! Interop: svcctl against a Dubbo provider we did not write, the dubbo-js server from npm
//! (`apache-dubbo-service` + `apache-dubbo-registry`, run by tests/interop/js/dubbojs-provider.js)
//! registered in a real ZooKeeper. Each test gives the provider its own registry root.
//!
//! What this provider does differently from Java (peers.md §2): no generic `$invoke` (it answers
//! SERVICE_NOT_FOUND, so svcctl falls back to a typed call), exceptions come back as plain
//! strings, and its own URL dialect lists methods as `method=a%2Cb` (no `interface=`).
//!
//! Needs: Debian's `zookeeper` package, `node`, and `npm ci` in tests/interop/js
//! (`scripts/install-deps.sh node`).

mod support;

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use support::{project_dir, start_ready, svcctl, ChildGuard, Run, ZkServer};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum UrlStyle {
    /// What dubbo-js registers by itself.
    Js,
    /// A Java 2.7-shaped URL (`methods=`, `interface=`, `application=` …).
    Java,
}

/// A dubbo-js provider registered under a registry root of its own.
struct JsProvider {
    child: ChildGuard,
    port: u16,
    root: String,
}

impl JsProvider {
    fn start(style: UrlStyle) -> JsProvider {
        static N: AtomicU32 = AtomicU32::new(0);
        let js_dir = project_dir().join("tests/interop/js");
        let node = Command::new("node").arg("--version").output();
        assert!(
            matches!(&node, Ok(o) if o.status.success()),
            "interop test needs Node.js on PATH (`node --version` failed: {node:?})"
        );
        assert!(
            js_dir.join("node_modules/apache-dubbo-service").is_dir(),
            "interop test needs the npm packages: run scripts/install-deps.sh node (npm ci in {})",
            js_dir.display()
        );
        let root = format!(
            "/dubbojs-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut cmd = Command::new("node");
        cmd.arg("dubbojs-provider.js")
            .current_dir(&js_dir)
            .env("ZK", ZkServer::shared().address())
            .env("ZK_ROOT", &root)
            .env(
                "URL_STYLE",
                match style {
                    UrlStyle::Js => "js",
                    UrlStyle::Java => "java",
                },
            )
            .env_remove("DUBBO_PORT");
        let (guard, port, _) =
            start_ready(&mut cmd, "dubbojs-provider.js", Duration::from_secs(30));
        JsProvider {
            child: guard,
            port,
            root,
        }
    }

    /// Runs `svcctl --registry ZK --root ROOT ARGS...`.
    fn svcctl(&self, args: &[&str]) -> Run {
        let registry = ZkServer::shared().address();
        let mut all = vec!["--registry", &registry, "--root", &self.root];
        all.extend_from_slice(args);
        svcctl(&all)
    }

    fn invoke(&self, args: &[&str]) -> Run {
        let mut all = vec!["invoke"];
        all.extend_from_slice(args);
        self.svcctl(&all)
    }
}

fn assert_code(r: &Run, code: i32) {
    assert_eq!(
        r.code, code,
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
}

fn methods_of_provider(show: &serde_json::Value) -> Vec<String> {
    let mut m: Vec<String> = show["providers"][0]["methods"]
        .as_array()
        .expect("providers[0].methods")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    m.sort();
    m
}

#[test]
fn ls_and_show_see_both_url_dialects() {
    for style in [UrlStyle::Js, UrlStyle::Java] {
        let p = JsProvider::start(style);
        let r = p.svcctl(&["ls", "-o", "json"]);
        assert_code(&r, 0);
        let ls = r.json();
        let services = ls["services"].as_array().unwrap();
        assert_eq!(services.len(), 1, "{style:?}: {ls}");
        assert_eq!(services[0]["interface"], "com.example.UserService");
        assert_eq!(services[0]["version"], "1.0.0");
        assert_eq!(
            services[0]["group"],
            json!(null),
            "`group=` (empty) is no group"
        );
        assert_eq!(services[0]["providers"]["enabled"], 1);
        assert_eq!(ls["problems"], json!([]), "{style:?}");
        let apps = match style {
            UrlStyle::Js => json!([]),
            UrlStyle::Java => json!(["svcctl-dubbojs-provider"]),
        };
        assert_eq!(services[0]["applications"], apps, "{style:?}");

        let r = p.svcctl(&["show", "UserService", "-o", "json"]);
        assert_code(&r, 0);
        let show = r.json();
        assert_eq!(
            show["providers"][0]["address"],
            format!("127.0.0.1:{}", p.port)
        );
        assert_eq!(show["methods_source"], "url", "{style:?}");
        let names: Vec<&str> = show["methods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["echo", "getById", "getMap"], "{style:?}");
        assert_eq!(
            methods_of_provider(&show),
            ["echo", "getById", "getMap"],
            "{style:?}"
        );
        let url = show["providers"][0]["url"].as_str().unwrap();
        match style {
            // dubbo-js: `method=` whose commas are %2C inside the value (double-encoded in
            // the node name); svcctl decodes them.
            UrlStyle::Js => {
                assert!(url.contains("method=getById,getMap,echo"), "{url}");
                let node = show["providers"][0]["node"].as_str().unwrap();
                assert!(
                    node.contains("method%3DgetById%252CgetMap%252Cecho"),
                    "{node}"
                );
            }
            UrlStyle::Java => assert!(url.contains("methods=echo,getById,getMap"), "{url}"),
        }

        // Text output lists the methods too.
        let r = p.svcctl(&["show", "UserService"]);
        assert_code(&r, 0);
        for m in ["getById", "getMap", "echo"] {
            assert!(r.stdout.contains(m), "{style:?}: {}", r.stdout);
        }
    }
}

#[test]
fn get_by_id_through_the_typed_fallback() {
    let p = JsProvider::start(UrlStyle::Js);
    let r = p.invoke(&["UserService.getById", "[42]"]);
    assert_code(&r, 0);
    assert_eq!(
        r.stdout.trim(),
        "{\n  \"class\": \"com.example.User\",\n  \"id\": 42,\n  \"name\": \"user-42\"\n}"
    );
    assert_eq!(
        r.json(),
        json!({"class": "com.example.User", "id": 42, "name": "user-42"})
    );

    // -v says why and how: $invoke rejected once (not retried), then a typed call.
    let r = p.invoke(&["UserService.getById", "[42]", "-v"]);
    assert_code(&r, 0);
    assert!(
        r.stderr.contains("does not accept $invoke") && r.stderr.contains("SERVICE_NOT_FOUND"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("call: getById I (typed fallback)"),
        "{}",
        r.stderr
    );
    let attempts: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("attempt "))
        .collect();
    assert_eq!(attempts.len(), 2, "{}", r.stderr);
    assert!(attempts[0].contains("failed"), "{}", attempts[0]);
    assert!(attempts[1].contains("ok"), "{}", attempts[1]);

    // The JSON envelope records both attempts; the rejected $invoke is a failure, not an answer.
    let r = p.invoke(&["UserService.getById", "[42]", "-o", "json"]);
    assert_code(&r, 0);
    let j = r.json();
    assert_eq!(j["status"], "ok");
    assert_eq!(j["provider"], format!("127.0.0.1:{}", p.port));
    assert_eq!(j["attempts"][0]["outcome"]["kind"], "failed");
    assert_eq!(j["attempts"][1]["outcome"]["kind"], "ok");
    assert_eq!(j["result"]["name"], "user-42");

    // An untyped map comes back as a plain JSON object.
    let r = p.invoke(&["UserService.getMap", "[7]"]);
    assert_code(&r, 0);
    assert_eq!(r.json(), json!({"id": 7, "name": "user-7"}));
}

#[test]
fn declared_long_types_work_direct_and_through_the_fallback() {
    let p = JsProvider::start(UrlStyle::Java);
    // A typed call straight away: one attempt, descriptor J.
    let r = p.invoke(&[
        "UserService.getById",
        "[42]",
        "--types",
        "long",
        "--direct",
        "-v",
    ]);
    assert_code(&r, 0);
    assert_eq!(
        r.json(),
        json!({"class": "com.example.User", "id": 42, "name": "user-42"})
    );
    assert!(r.stderr.contains("call: getById J"), "{}", r.stderr);
    assert!(!r.stderr.contains("typed fallback"), "{}", r.stderr);
    assert!(!r.stderr.contains("$invoke"), "{}", r.stderr);
    // --types without --direct: generic first, then typed with the declared type.
    let r = p.invoke(&["UserService.getById", "[42]", "--types", "long", "-v"]);
    assert_code(&r, 0);
    assert_eq!(r.json()["id"], 42);
    assert!(
        r.stderr.contains("call: getById J (typed fallback)"),
        "{}",
        r.stderr
    );
    // A long beyond 2^53 survives the trip through JavaScript only as far as JS numbers go;
    // a value that fits exactly must come back exactly.
    let r = p.invoke(&[
        "UserService.getById",
        "[4294967296123]",
        "--types",
        "long",
        "--direct",
    ]);
    assert_code(&r, 0);
    assert_eq!(r.json()["id"], 4294967296123i64);
    assert_eq!(r.json()["name"], "user-4294967296123");
}

#[test]
fn string_exception_exits_4() {
    let p = JsProvider::start(UrlStyle::Js);
    let r = p.invoke(&["UserService.getById", "[-1]"]);
    assert_code(&r, 4);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("no such user -1"), "{}", r.stderr);
    assert!(r.stderr.contains("plain string"), "{}", r.stderr);
    assert!(!r.stderr.contains("unknown class"), "{}", r.stderr);
    let r = p.invoke(&["UserService.getById", "[-1]", "-o", "json"]);
    assert_code(&r, 4);
    let j = r.json();
    assert_eq!(j["status"], "exception");
    assert_eq!(j["exception"]["class"], json!(null));
    assert_eq!(j["exception"]["message"], "no such user -1");
    // $invoke rejected, then the typed call threw: the exception is not retried.
    let kinds: Vec<&str> = j["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["failed", "business_error"]);
}

#[test]
fn echo_round_trips_text() {
    let p = JsProvider::start(UrlStyle::Js);
    let long: String = std::iter::once('a')
        .chain(std::iter::repeat_n('\u{1F600}', 34_999))
        .chain(std::iter::once('b'))
        .collect();
    for s in [
        "hello".to_string(),
        "héllo wörld — ünïcödé".to_string(),
        "non-BMP: \u{1F600} \u{1D11E} \u{20BB7} end".to_string(),
        "中文 русский ελληνικά".to_string(),
        "quotes \" and \\ backslash\nnewline".to_string(),
        // 70000 UTF-16 units: several hessian chunks, surrogate pairs across the boundaries.
        long,
    ] {
        let args = serde_json::to_string(&[&s]).unwrap();
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), &args).unwrap();
        let data = format!("@{}", file.path().display());
        let r = p.invoke(&["UserService.echo", "-d", &data]);
        assert_code(&r, 0);
        assert_eq!(r.json(), json!(s), "echo of {} chars", s.chars().count());
    }
    // Non-string values come back unchanged too.
    let r = p.invoke(&["UserService.echo", r#"[{"k": [1, 2, "three"]}]"#]);
    assert_code(&r, 0);
    assert_eq!(r.json(), json!({"k": [1, 2, "three"]}));
}

#[test]
fn load_mode_switches_to_typed_calls() {
    let p = JsProvider::start(UrlStyle::Js);
    let r = p.invoke(&[
        "UserService.getById",
        "[42]",
        "-n",
        "200",
        "-c",
        "8",
        "-o",
        "json",
    ]);
    assert_code(&r, 0);
    let report = r.json();
    assert_eq!(report["count"], 200, "{report}");
    assert_eq!(report["ok_count"], 200, "{report}");
    assert_eq!(report["error_count"], 0, "{report}");
}

#[test]
fn provider_leaves_the_registry_on_sigterm() {
    let mut p = JsProvider::start(UrlStyle::Java);
    let r = p.svcctl(&["ls", "-o", "json"]);
    assert_eq!(r.json()["services"][0]["providers"]["total"], 1);
    let child = p.child.child();
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let t0 = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "dubbo-js provider did not exit within 10 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    p.child.0 = None;
    let r = p.svcctl(&["ls", "-o", "json"]);
    assert_code(&r, 0);
    let services = r.json()["services"].clone();
    let total: u64 = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["providers"]["total"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 0, "ephemeral node removed: {services}");
    let r = p.invoke(&["UserService.getById", "[1]"]);
    assert_ne!(r.code, 0);
}

/// dubbo-js writes with Nagle's algorithm on (Node's default): it holds each reply until the
/// previous one is acknowledged, and the kernel delays an ACK by 40 ms while the client neither
/// reads nor sends. A load run's reply coalescing waits to read, so it must back off from such a
/// provider: the median call stays far below the delayed ACK.
#[test]
fn load_mode_keeps_a_nagle_provider_streaming() {
    let p = JsProvider::start(UrlStyle::Js);
    let r = p.invoke(&[
        "UserService.getById",
        "[42]",
        "--direct",
        "--types",
        "long",
        "-n",
        "3000",
        "-c",
        "16",
        "-o",
        "json",
    ]);
    assert_code(&r, 0);
    let report = r.json();
    assert_eq!(report["ok_count"], 3000, "{report}");
    let p50 = report["latency_distribution"]
        .as_array()
        .and_then(|d| d.iter().find(|p| p["percentile"] == 50.0))
        .and_then(|p| p["latency_ms"].as_f64())
        .unwrap_or_else(|| panic!("no p50 in {report}"));
    assert!(
        p50 < 20.0,
        "p50 {p50} ms: calls wait for delayed ACKs (40 ms) behind the receive low-water mark"
    );
}
