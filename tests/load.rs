//! `svcctl invoke` load mode and `svcctl bench` end to end: a real ZooKeeper, demo provider
//! instances registering themselves (`--root`), and the real `svcctl` binary.
//!
//! Needs: Debian's `zookeeper` package (and util-linux `script` for the terminal test).

mod support;

use std::io::Read;
use std::process::Stdio;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value as Json;
use support::demo::DemoProcess;
use support::{svcctl, svcctl_cmd, Run, ZkServer};

/// A registry root of its own in the shared ZooKeeper.
struct Env {
    registry: String,
    root: String,
}

impl Env {
    fn new(name: &str) -> Env {
        static N: AtomicU32 = AtomicU32::new(0);
        Env {
            registry: ZkServer::shared().address(),
            root: format!(
                "/load-{name}-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ),
        }
    }

    fn provider(&self, instance: &str, extra: &[&str]) -> DemoProcess {
        DemoProcess::registered(&self.registry, &self.root, instance, extra)
    }

    fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec!["--registry", &self.registry, "--root", &self.root];
        all.extend_from_slice(args);
        all
    }

    fn run(&self, args: &[&str]) -> Run {
        svcctl(&self.args(args))
    }
}

fn assert_code(r: &Run, code: i32) {
    assert_eq!(
        r.code, code,
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
}

/// Calls per provider address in a JSON report.
fn calls_by_provider(report: &Json) -> Vec<(String, u64)> {
    report["providers"]
        .as_array()
        .expect("providers array")
        .iter()
        .map(|p| {
            (
                p["address"].as_str().unwrap().to_string(),
                p["calls"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn calls_to(report: &Json, addr: &str) -> u64 {
    calls_by_provider(report)
        .into_iter()
        .find(|(a, _)| a == addr)
        .map(|(_, n)| n)
        .unwrap_or(0)
}

#[test]
fn rps_limits_the_rate_across_workers() {
    let env = Env::new("rps");
    let _p = env.provider("a", &[]);
    let t0 = Instant::now();
    let r = env.run(&[
        "invoke",
        "UserService.whoami",
        "-n",
        "50",
        "-c",
        "4",
        "--rps",
        "100",
        "-o",
        "json",
    ]);
    let wall = t0.elapsed();
    assert_code(&r, 0);
    let report = r.json();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["count"], 50);
    assert_eq!(report["ok_count"], 50);
    assert_eq!(report["rps"], 100.0);
    assert_eq!(report["stop_reason"], "done");
    // Call k starts at k/100 s: the 50th at 0.49 s. A lower bound only (slow machines are fine).
    assert!(
        report["total_ms"].as_f64().unwrap() >= 450.0,
        "{}",
        report["total_ms"]
    );
    assert!(wall >= Duration::from_millis(450), "{wall:?}");
    // Usage errors.
    let r = env.run(&["invoke", "UserService.whoami", "-n", "5", "--rps", "0"]);
    assert_code(&r, 2);
    let r = env.run(&["invoke", "UserService.whoami", "--rps", "10"]);
    assert_code(&r, 2);
    assert!(r.stderr.contains("-n N or -z DURATION"), "{}", r.stderr);
}

#[test]
fn duration_stops_the_run_with_reason_duration() {
    let env = Env::new("duration");
    let _p = env.provider("a", &[]);
    let r = env.run(&[
        "bench",
        "UserService.whoami",
        "-z",
        "700ms",
        "--rps",
        "40",
        "-c",
        "2",
        "-o",
        "json",
    ]);
    assert_code(&r, 0);
    let report = r.json();
    assert_eq!(report["stop_reason"], "duration");
    let count = report["count"].as_u64().unwrap();
    // Slots k/40 s before 0.7 s: at most 28 calls.
    assert!((1..=28).contains(&count), "{count}");
    assert!(report["total_ms"].as_f64().unwrap() >= 650.0);
}

#[test]
fn ctrl_c_prints_the_report_and_exits_130() {
    let env = Env::new("sigint");
    let p = env.provider("a", &[]);
    let args = env.args(&[
        "invoke",
        "UserService.whoami",
        "-z",
        "30s",
        "-c",
        "2",
        "--rps",
        "200",
        "-o",
        "json",
    ]);
    let mut child = svcctl_cmd(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn svcctl");
    // Wait until calls are flowing (the provider's own log), so the run is under way.
    let t0 = Instant::now();
    while p.calls() < 20 {
        assert!(
            t0.elapsed() < Duration::from_secs(15),
            "no calls reached the provider"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let sent = Instant::now();
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) },
        0
    );
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "svcctl did not stop within 5 s of SIGINT"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(
        status.code(),
        Some(130),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let report: Json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("report is not JSON ({e}):\n{stdout}\nstderr:\n{stderr}"));
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["stop_reason"], "interrupted");
    assert!(report["count"].as_u64().unwrap() >= 20, "{report}");
    assert!(stderr.contains("interrupted"), "{stderr}");
}

#[test]
fn roundrobin_splits_evenly_and_the_providers_agree() {
    let env = Env::new("rr");
    // No warm-up: a provider that just started would weigh 1 for its first 10 minutes.
    let a = env.provider("a", &["--warmup", "0"]);
    let b = env.provider("b", &["--warmup", "0"]);
    let r = env.run(&[
        "invoke",
        "UserService.whoami",
        "-n",
        "100",
        "--lb",
        "roundrobin",
        "-o",
        "json",
    ]);
    assert_code(&r, 0);
    let report = r.json();
    assert_eq!(report["balancer"], "roundrobin");
    for p in [&a, &b] {
        let n = calls_to(&report, &p.addr());
        assert!((40..=60).contains(&n), "{}: {n} of 100", p.addr());
        // The provider's own count matches the report.
        assert_eq!(p.calls() as u64, n, "{} served", p.addr());
    }
    let rows = report["providers"].as_array().unwrap();
    assert!(rows.iter().all(|p| p["weight"] == 100), "{rows:?}");
    let share: f64 = rows.iter().map(|p| p["share"].as_f64().unwrap()).sum();
    assert!((share - 1.0).abs() < 1e-9, "{share}");

    // The text report has the per-provider table.
    let r = env.run(&[
        "bench",
        "UserService.whoami",
        "-n",
        "10",
        "--lb",
        "roundrobin",
    ]);
    assert_code(&r, 0);
    assert!(r.stdout.contains("balancer roundrobin"), "{}", r.stdout);
    assert!(r.stdout.contains("Stop reason:  done"), "{}", r.stdout);
    let table = r
        .stdout
        .split("Providers:")
        .nth(1)
        .expect("providers table");
    assert!(
        table.contains("Weight") && table.contains("Share"),
        "{table}"
    );
    assert!(
        table.contains(&a.addr()) && table.contains(&b.addr()),
        "{table}"
    );
}

#[test]
fn weighted_random_follows_an_override_weight() {
    let env = Env::new("weight");
    let heavy = env.provider("heavy", &["--warmup", "0"]);
    let light = env.provider("light", &["--warmup", "0"]);
    // An override rule (as dubbo-admin writes it) makes one provider weigh 300, the other 100.
    let r = env.run(&[
        "weight",
        "UserService",
        "300",
        "--provider",
        &heavy.addr(),
        "--yes",
    ]);
    assert_code(&r, 0);
    let r = env.run(&[
        "bench",
        "UserService.whoami",
        "-n",
        "400",
        "-c",
        "4",
        "--lb",
        "random",
        "-o",
        "json",
    ]);
    assert_code(&r, 0);
    let report = r.json();
    let rows = report["providers"].as_array().unwrap();
    let weight_of = |addr: &str| {
        rows.iter()
            .find(|p| p["address"] == addr)
            .map(|p| p["weight"].clone())
    };
    assert_eq!(weight_of(&heavy.addr()), Some(300.into()), "{rows:?}");
    assert_eq!(weight_of(&light.addr()), Some(100.into()), "{rows:?}");
    let h = calls_to(&report, &heavy.addr()) as f64;
    let l = calls_to(&report, &light.addr()) as f64;
    assert_eq!(h + l, 400.0);
    // Expected 3:1 (75 %); wide bounds (more than 6 standard deviations).
    let share = h / 400.0;
    assert!((0.62..=0.88).contains(&share), "heavy got {h}, light {l}");
}

#[test]
fn bench_defaults_to_200_calls() {
    let env = Env::new("bench");
    let _p = env.provider("a", &[]);
    let r = env.run(&[
        "bench",
        "UserService.getById",
        "[1]",
        "-c",
        "4",
        "-o",
        "json",
    ]);
    assert_code(&r, 0);
    let report = r.json();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["method"], "getById");
    assert_eq!(report["count"], 200);
    assert_eq!(report["ok_count"], 200);
    assert_eq!(report["concurrency"], 4);
}

/// The progress bar is drawn only when stderr is a terminal (a pty from util-linux `script`).
#[test]
fn progress_bar_only_on_a_terminal() {
    let env = Env::new("tty");
    let _p = env.provider("a", &[]);
    let args = ["bench", "UserService.whoami", "-n", "30", "--rps", "60"];
    let r = env.run(&args);
    assert_code(&r, 0);
    assert!(!r.stderr.contains("/30 calls"), "{}", r.stderr);
    support::require_script();
    let cmd = format!(
        "{} {} -o json",
        env!("CARGO_BIN_EXE_svcctl"),
        env.args(&args).join(" ")
    );
    let out = std::process::Command::new("/usr/bin/script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("SVCCTL_CONFIG", "/nonexistent/svcctl-test-config.toml")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("/30 calls"), "{text}");
    assert!(text.contains("\"stop_reason\": \"done\""), "{text}");
    // --no-progress turns it off on a terminal too.
    let out = std::process::Command::new("/usr/bin/script")
        .args(["-qec", &format!("{cmd} --no-progress"), "/dev/null"])
        .env("SVCCTL_CONFIG", "/nonexistent/svcctl-test-config.toml")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("/30 calls"), "{text}");
}

/// `--connections 4`: the provider sees four consumer connections from one svcctl while the
/// run is under way, and every call of the run is answered over them.
#[test]
fn connections_opens_that_many_sockets_to_each_provider() {
    let env = Env::new("connections");
    let p = env.provider("a", &[]);
    let zk_port: u16 = env
        .registry
        .rsplit_once(':')
        .and_then(|(_, port)| port.parse().ok())
        .expect("registry port");
    let args = env.args(&[
        "invoke",
        "UserService.whoami",
        "-z",
        "3s",
        "-c",
        "8",
        "--rps",
        "400",
        "--connections",
        "4",
        "-o",
        "json",
    ]);
    let child = svcctl_cmd(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn svcctl");
    // The consumer side of the provider's sockets: every established one but ZooKeeper's.
    let consumers = || {
        support::faults::remote_ports(p.pid())
            .into_iter()
            .filter(|port| *port != zk_port)
            .count()
    };
    let t0 = Instant::now();
    let mut seen = 0;
    while t0.elapsed() < Duration::from_millis(2500) {
        seen = seen.max(consumers());
        if seen >= 4 && p.calls() > 100 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("svcctl finished");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(seen, 4, "consumer connections the provider saw");
    let report: Json = serde_json::from_str(&stdout).expect("JSON report");
    assert_eq!(report["connections"], 4);
    assert_eq!(report["error_count"], 0, "{report}");
    assert!(report["ok_count"].as_u64().unwrap() > 100, "{report}");

    // 0 is refused by the argument parser, with the range.
    let r = env.run(&[
        "invoke",
        "UserService.whoami",
        "-n",
        "1",
        "--connections",
        "0",
    ]);
    assert_code(&r, 2);
    assert!(r.stderr.contains("--connections"), "{}", r.stderr);
}
