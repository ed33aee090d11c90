//! The hostile corpus (`fixtures/hostile-registry.txt`) through every output path of the
//! registry commands, against a real ZooKeeper: tables, `-o wide/json/jsonl/name`, `show`,
//! `host`, watch lines, `top -b`, errors and hints, mutation plans (`--dry-run`), `-v` diagnostics and the
//! confirmation prompt on a terminal. No raw control, C1, bidi or zero-width character from the
//! registry may reach stdout or stderr, and the data must still be shown (escaped), not dropped.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use support::seed::{self, form_encode};
use support::{project_dir, svcctl_cmd, ZkServer};

struct Hostile {
    rt: tokio::runtime::Runtime,
    client: zookeeper_client::Client,
    root: String,
    registry: String,
}

/// What one run printed, as bytes: a lossy conversion would hide a stray C1 byte.
struct Raw {
    code: i32,
    stdout: String,
    stderr: String,
}

fn seeded(root: &str) -> Hostile {
    let zk = ZkServer::shared();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let text =
        std::fs::read_to_string(project_dir().join("fixtures/hostile-registry.txt")).unwrap();
    let entries = seed::parse(&text);
    let client = rt.block_on(async {
        let client = zk.client().await;
        seed::seed(&client, root, &entries, &project_dir().join("fixtures")).await;
        client
    });
    Hostile {
        rt,
        client,
        root: root.to_string(),
        registry: zk.address(),
    }
}

fn utf8(bytes: Vec<u8>, stream: &str) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{stream} is not UTF-8: {e}"))
}

/// A character a terminal would act on or that hides text. `\n` is the only control allowed.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n') || svcctl::output::sanitize::is_invisible_format(c)
}

fn assert_clean(text: &str, what: &str) {
    if let Some((i, c)) = text.char_indices().find(|(_, c)| unsafe_char(*c)) {
        let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
        panic!(
            "{what}: raw U+{:04X} at byte {i}, after {:?}",
            c as u32,
            &text[from..i]
        );
    }
}

impl Hostile {
    fn run(&self, args: &[&str]) -> Raw {
        let mut all = vec!["--registry", &self.registry, "--root", &self.root];
        all.extend_from_slice(args);
        let out = svcctl_cmd(&all).stdin(Stdio::null()).output().unwrap();
        let r = Raw {
            code: out.status.code().unwrap_or(-1),
            stdout: utf8(out.stdout, "stdout"),
            stderr: utf8(out.stderr, "stderr"),
        };
        let what = args.join(" ");
        assert_clean(&r.stdout, &format!("stdout of `{what}`"));
        assert_clean(&r.stderr, &format!("stderr of `{what}`"));
        r
    }

    /// Runs a command that must succeed and returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, 0, "`{}`: {}", args.join(" "), r.stderr);
        r.stdout
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }
}

/// Escaped forms of the corpus in text output: shown, not dropped.
const ESCAPED_TEXT: &[&str] = &["\\x1b[31mred", "\\x9b", "\\u{202e}", "\\x07"];

#[test]
fn listings_show_hostile_registrations_escaped_in_every_format() {
    let h = seeded("/h_ls");
    let table = h.ok(&["ls"]);
    for e in [
        "g\\x1b[31mred",
        "com.example.Esc\\x1b[2JService",
        "com.example.Evil\\u{202e}cod.exe",
    ] {
        assert!(table.contains(e), "{e} missing from:\n{table}");
    }
    // The application-level registration: its group and release come from metadata.
    assert!(table.contains("\\x1b[31mappgroup"), "{table}");
    let wide = h.ok(&["ls", "-o", "wide"]);
    assert!(wide.contains("\\x9b31m3.2"), "{wide}");
    assert!(wide.contains("\\x9b31m3.3"), "{wide}");
    let names = h.ok(&["ls", "-o", "name"]);
    assert!(
        names.contains("g\\x1b[31mred/com.example.HostileService:1.0.0"),
        "{names}"
    );
    let r = h.run(&["ls"]);
    assert!(
        r.stderr
            .contains("services/hostile-instance-app/10.66.3.2:20880")
            && r.stderr.contains("../../zookeeper\\x1b[2J"),
        "the instance with a revision that would leave the tree is reported: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("holds a control character"),
        "the derived config-center path is reported: {}",
        r.stderr
    );
    for format in ["json", "jsonl"] {
        let out = h.ok(&["ls", "-o", format]);
        // Still JSON with the same value: escaped as \u001b, not dropped.
        assert!(out.contains("\\u001b[31mred"), "{out}");
        let list: Value = serde_json::from_str(&out).unwrap();
        let groups: Vec<&str> = list["services"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["group"].as_str())
            .collect();
        assert!(groups.contains(&"g\x1b[31mred"), "{list:#}");
        assert!(
            list["problems"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["path"]
                    .as_str()
                    .unwrap()
                    .contains("g\x1b[31mred.configurators")),
            "{:#}",
            list["problems"]
        );
    }
}

/// The reported bug: a group holding ESC made `show` exit 7 "registry unreachable", because the
/// metadata report path built from the group reached ZooKeeper, which refused it.
#[test]
fn show_reports_paths_built_from_hostile_data_instead_of_failing() {
    let h = seeded("/h_show");
    for args in [
        &["show", "HostileService", "--group", "g\x1b[31mred"][..],
        &["show", "HostileService"],
        &["show", "HostileService", "-o", "wide"],
    ] {
        let r = h.run(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            r.stdout
                .contains("Service:  g\\x1b[31mred/com.example.HostileService:1.0.0"),
            "{}",
            r.stdout
        );
        assert!(
            r.stderr.contains(
                "/metadata/com.example.HostileService/1.0.0/g\\x1b[31mred/provider/hostile-app"
            ) && r.stderr.contains("holds a control character"),
            "{}",
            r.stderr
        );
    }
    let all = h.ok(&["show", "HostileService", "-o", "wide"]);
    for e in ESCAPED_TEXT {
        assert!(all.contains(e), "{e} missing from:\n{all}");
    }
    // The metadata report's method names and types, and a config-center rule's values.
    assert!(
        all.contains("ping\\x1b[2J(java.lang.String\\x9b31m)"),
        "{all}"
    );
    let doc = h.json(&[
        "show",
        "HostileService",
        "--group",
        "g\x1b[31mred",
        "-o",
        "json",
    ]);
    assert_eq!(doc["group"], "g\x1b[31mred");
    assert_eq!(doc["providers"][0]["address"], "10.66.0.1:20880");
    let problems: Vec<&str> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert!(
        problems.contains(
            &"/h_show/metadata/com.example.HostileService/1.0.0/g\x1b[31mred/provider/hostile-app"
        ) && problems.contains(
            &"/h_show/config/dubbo/com.example.HostileService:1.0.0:g\x1b[31mred.configurators"
        ),
        "{problems:#?}"
    );
    let many = h.json(&["show", "HostileService", "-o", "json"]);
    let text = many.to_string();
    assert!(
        text.contains("\u{202e}") && text.contains("\u{9b}"),
        "same values after parsing"
    );
    h.ok(&["show", "HostileService", "-o", "jsonl"]);
    h.ok(&["show", "HostileService", "-o", "name"]);
    // An interface name holding ESC: the mapping path built from it is reported, not sent.
    let esc = h.run(&["show", "com.example.Esc\x1b[2JService"]);
    assert_eq!(esc.code, 0, "{}", esc.stderr);
    assert!(
        esc.stderr
            .contains("/mapping/com.example.Esc\\x1b[2JService"),
        "{}",
        esc.stderr
    );
    let bidi = h.ok(&["show", "com.example.Evil\u{202e}cod.exe", "-o", "wide"]);
    assert!(bidi.contains("bidi\\u{200b}app"), "{bidi}");
}

#[test]
fn host_errors_and_hints_are_escaped() {
    let h = seeded("/h_host");
    let host = h.ok(&["host", "10.66.0.2"]);
    assert!(
        host.contains("\\x1b]8;;http://evil.example/\\x07click-me"),
        "{host}"
    );
    h.ok(&["host", "10.66.0.2", "-o", "json"]);
    h.ok(&["host", "10.66.0.1", "-o", "name"]);
    // Not found: the hint lists the registered keys, hostile ones included.
    let missing = h.run(&["show", "HostileService", "--group", "nope"]);
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("g\\x1b[31mred"),
        "{}",
        missing.stderr
    );
    // A selection that matches nothing lists the providers per key.
    let none = h.run(&[
        "disable",
        "HostileService",
        "--provider",
        "10.99.9.9",
        "--dry-run",
    ]);
    assert_ne!(none.code, 0);
    assert!(none.stderr.contains("\\x1b"), "{}", none.stderr);
}

#[test]
fn mutation_plans_and_results_are_escaped() {
    let h = seeded("/h_mut");
    // Static provider: the plan rewrites its node, whose URL holds DEL and ESC.
    let plan = h.ok(&[
        "disable",
        "HostileService",
        "--version",
        "1.0.0",
        "--provider",
        "10.66.0.3:20880",
        "--dry-run",
    ]);
    assert!(plan.contains("static\\x7f\\x1b[2Japp"), "{plan}");
    assert!(plan.contains("(dry run)"), "{plan}");
    let json = h.json(&[
        "disable",
        "HostileService",
        "--version",
        "1.0.0",
        "--provider",
        "10.66.0.3:20880",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(json["result"], "dry_run");
    assert!(
        strings(&json)
            .iter()
            .any(|s| s.contains("static\u{7f}\u{1b}[2Japp")),
        "the plan names the node by its decoded URL: {json:#}"
    );
    // Dynamic provider with an OSC 8 application: an override rule is planned.
    let dynamic = h.ok(&[
        "weight",
        "HostileService",
        "--version",
        "1.0.0",
        "--provider",
        "10.66.0.2:20880",
        "50",
        "--dry-run",
    ]);
    assert!(dynamic.contains("override://10.66.0.2:20880"), "{dynamic}");
    // Applied for real, with --yes: the result and undo lines.
    let applied = h.ok(&[
        "disable",
        "HostileService",
        "--version",
        "1.0.0",
        "--provider",
        "10.66.0.3:20880",
        "--yes",
    ]);
    assert!(applied.contains("undo:"), "{applied}");
}

/// `top -b`, one iteration, without probing the (unreachable) providers.
#[test]
fn top_batch_output_is_escaped() {
    let h = seeded("/h_top");
    for format in ["table", "wide", "jsonl"] {
        let out = h.ok(&[
            "top",
            "-b",
            "-n",
            "1",
            "--no-probe",
            "-d",
            "100ms",
            "-o",
            format,
            "HostileService",
        ]);
        assert!(out.contains("10.66.0.2:20880"), "{format}: {out}");
    }
    let table = h.ok(&[
        "top",
        "-b",
        "-n",
        "1",
        "--no-probe",
        "HostileService",
        "-o",
        "wide",
    ]);
    for e in [
        "\\x1b]8;;http://evil.example/\\x07click-me",
        "static\\x7f\\x1b[2Japp",
        "g\\x1b[31mred/com.example.HostileService:1.0.0",
    ] {
        assert!(table.contains(e), "{e} missing from:\n{table}");
    }
}

#[test]
fn verbose_invoke_diagnostics_are_escaped() {
    let h = seeded("/h_invoke");
    // The metadata report names the method and its (hostile) parameter type: `-v` shows both,
    // and the type is then refused as no Java type name, a usage error naming it.
    let r = h.run(&[
        "-v",
        "invoke",
        "HostileService.ping\x1b[2J",
        "--version",
        "2.0.0",
        "--dry-run",
        "\"x\"",
    ]);
    assert!(
        r.stderr.contains(
            "ping\\x1b[2J: 1 candidate provider(s); parameter types: java.lang.String\\x9b31m"
        ),
        "-v names the method and types: {}",
        r.stderr
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("java.lang.String\\u{9b}31m"),
        "{}",
        r.stderr
    );
}

/// Every string in a JSON value.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => vec![],
    }
}

fn line_reader(stdout: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).split(b'\n').map_while(Result::ok) {
            if tx.send(utf8(line, "a watch line")).is_err() {
                break;
            }
        }
    });
    rx
}

/// Watch lines (table and JSONL) for a hostile provider that arrives while watching.
#[test]
fn watch_lines_are_escaped() {
    let h = seeded("/h_watch");
    for (n, format) in ["table", "jsonl"].into_iter().enumerate() {
        let mut child = svcctl_cmd(&[
            "--registry",
            &h.registry,
            "--root",
            &h.root,
            "ls",
            "-w",
            "-o",
            format,
            "HostileService",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
        let rx = line_reader(child.stdout.take().unwrap());
        let err_rx = line_reader(child.stderr.take().unwrap());
        let guard = support::ChildGuard(Some(child));
        // The initial listing (table) or replay (jsonl) comes first: wait for it, then add.
        let first = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("first line");
        assert_clean(&first, "first watch line");
        let url = format!("dubbo://10.66.3.{n}:20880/com.example.HostileService?application=w%1B[41m%C2%9B%E2%80%AEwatch&interface=com.example.HostileService&version=1.0.0&group=g%1B[31mred&side=provider");
        let path = format!(
            "{}/com.example.HostileService/providers/{}",
            h.root,
            form_encode(&url)
        );
        h.rt.block_on(seed::create(&h.client, &path, b"", true));
        let wanted = format!("10.66.3.{n}:20880");
        let line = loop {
            let l = rx
                .recv_timeout(Duration::from_secs(10))
                .expect("the ADDED line within 10s");
            assert_clean(&l, "watch line");
            if l.contains(&wanted) && l.contains("ADDED") {
                break l;
            }
        };
        if format == "jsonl" {
            let ev: Value = serde_json::from_str(&line).unwrap();
            assert_eq!(
                ev["provider"]["application"],
                "w\x1b[41m\u{9b}\u{202e}watch"
            );
            assert!(
                line.contains("\\u009b") && line.contains("\\u202e"),
                "{line}"
            );
        } else {
            assert!(line.contains("g\\x1b[31mred"), "{line}");
            assert!(line.contains("app=w\\x1b[41m\\x9b\\u{202e}watch"), "{line}");
        }
        drop(guard);
        while let Ok(l) = err_rx.recv_timeout(Duration::from_millis(500)) {
            assert_clean(&l, "watch stderr");
        }
    }
}

/// The confirmation prompt on a real terminal (a pty from util-linux `script`). The terminal
/// stream holds the prompt library's own sequences, so this looks for the corpus's.
#[test]
fn confirmation_prompt_on_a_terminal_carries_no_hostile_sequence() {
    support::require_script();
    let h = seeded("/h_prompt");
    let cmd = format!(
        "{} --registry {} --root {} disable HostileService --version 1.0.0 --provider 10.66.0.3:20880",
        env!("CARGO_BIN_EXE_svcctl"),
        h.registry,
        h.root
    );
    let mut child = std::process::Command::new("/usr/bin/script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("SVCCTL_CONFIG", "/nonexistent/svcctl-test-config.toml")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = utf8(out.stdout, "the terminal");
    assert_eq!(out.status.code(), Some(10), "{text}");
    assert!(
        text.contains("[y/N]") && text.contains("static\\x7f\\x1b[2Japp"),
        "{text}"
    );
    for raw in [
        "\x1b[2Japp",
        "\x7f",
        "\u{9b}",
        "\u{202e}",
        "\u{200b}",
        "\x07",
        "\x1b]8;;",
        "\x1b[31mred",
    ] {
        assert!(
            !text.contains(raw),
            "raw {raw:?} reached the terminal:\n{text:?}"
        );
    }
}
