//! `cargo bench --bench invoke`: how fast `svcctl invoke` is, in one run against a real ZooKeeper:
//!
//! (a) cold: `svcctl invoke UserService.getById ID` through the registry, from process start
//!     to the printed result, 30 runs, median and p90 (target: median < 25 ms). Also against the
//!     dubbo-js provider (one extra round trip: `$invoke` is rejected, then the typed call), and
//!     node + dubbo2.js doing the same single call, for scale. With `SVCCTL_BENCH_BASELINE`
//!     (below) the demo row is also run with that binary, in turn with this build's runs.
//! (b) load: `svcctl invoke UserService.getById ID --direct --types long -n N -c C -o json`
//!     at concurrency 1, 16 and 128, side by side with tests/interop/js/load-dubbo2js.js (the same
//!     getById(long ID) request on the wire, same concurrency, same provider), against svcctl's
//!     demo provider and against the dubbo-js provider. Ratios are svcctl / dubbo2.js (target:
//!     several times the calls per second).
//! (c) client CPU: for every svcctl load run, the CPU time of the svcctl process (getrusage
//!     RUSAGE_CHILDREN around it, user and system) divided by the calls, next to the provider's
//!     CPU per call over the same run (/proc/PID/stat), so it is clear what the client costs
//!     (targets, issue 10: <= 5 us at c=16, <= 3 us at c=128, on the demo provider). With
//!     `SVCCTL_BENCH_BASELINE=/path/to/older/svcctl` the same runs are repeated with that binary
//!     (e.g. a release build of the parent commit) for a same-run before/after.
//! (d) two Java-class consumers (tests/interop/java-consumer) making the calls of (c): a lean
//!     one (two threads, a pre-encoded body) and a Dubbo-shaped one (Dubbo 2.7's synchronous
//!     consumer path on Netty: caller threads, per-call encoding, futures, timeouts).
//! (e) Triple: the same load and CPU figures for `svcctl invoke --provider tri://... -n N -c C`
//!     against the dubbo-node Triple provider of the tests (tests/interop/triple/js/provider.js),
//!     in the gRPC form and in the JSON form, next to svcctl over the dubbo protocol against the
//!     dubbo-js provider in the same run (both providers are Node.js, so the rows compare the
//!     protocols rather than the servers).
//!
//! `cargo bench` passes `--bench`; `cargo test --all-targets` runs this file without it, and then
//! a few calls check in a few seconds that the benchmark itself still works.
//! Needs: Debian's `zookeeper` package, `node`, `npm ci` in tests/interop/js and in
//! tests/interop/triple/js (scripts/install-deps.sh node triple), and for (d) javac with
//! libhessian-java and libnetty-java (scripts/install-deps.sh hessian).

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value as Json;
use support::{project_dir, ZkServer};

struct Sizes {
    cold_runs: usize,
    /// Calls per Triple CPU run (e), by concurrency: the Node.js HTTP/2 server is the slow side.
    triple_calls: fn(usize) -> usize,
    /// Calls per load run, by concurrency.
    calls: fn(usize) -> usize,
    /// Calls per CPU run (c): enough that process start-up is noise next to the calls.
    cpu_calls: fn(usize) -> usize,
    /// Rounds of (c) and (d), each client once per round: the rows are medians.
    cpu_rounds: usize,
}

fn sizes() -> Sizes {
    if std::env::args().any(|a| a == "--bench") {
        Sizes {
            cold_runs: 30,
            triple_calls: |c| if c == 1 { 5_000 } else { 20_000 },
            calls: |c| if c == 1 { 5_000 } else { 20_000 },
            cpu_calls: |c| if c == 1 { 20_000 } else { 200_000 },
            cpu_rounds: 3,
        }
    } else {
        Sizes {
            cold_runs: 3,
            triple_calls: |c| c * 4,
            calls: |c| c * 4,
            cpu_calls: |c| c * 4,
            cpu_rounds: 1,
        }
    }
}

const CONCURRENCY: [usize; 3] = [1, 16, 128];

/// Kills the child when dropped.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Spawns a server process and waits for its `ready <port>` line.
fn start_ready(mut cmd: Command, what: &str) -> (ChildGuard, u16) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("start {what}: {e}"));
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        // Keep draining so the child never blocks on a full pipe.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let guard = ChildGuard(child);
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("{what} did not print `ready <port>` in 30 s"));
    let port = line
        .trim()
        .strip_prefix("ready ")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line from {what}: {line:?}"));
    (guard, port)
}

fn js_dir() -> PathBuf {
    let dir = project_dir().join("tests/interop/js");
    assert!(
        dir.join("node_modules/dubbo2.js").is_dir()
            && dir.join("node_modules/apache-dubbo-service").is_dir(),
        "the invoke benchmark needs the npm packages: run scripts/install-deps.sh node"
    );
    dir
}

/// The two providers: where they are registered, and a user id each one knows (the demo
/// provider has users 1-4 and answers null for others; the dubbo-js one makes up any user).
struct Provider {
    name: &'static str,
    root: &'static str,
    args: &'static str,
    user: &'static str,
}

const DEMO: Provider = Provider {
    name: "demo (Rust)",
    root: "/dubbo",
    args: "[1]",
    user: "alice",
};
const DUBBOJS: Provider = Provider {
    name: "dubbo-js",
    root: "/dubbojs",
    args: "[42]",
    user: "user-42",
};

fn svcctl(zk: &str, root: &str, args: &[&str]) -> Command {
    svcctl_bin(env!("CARGO_BIN_EXE_svcctl"), zk, root, args)
}

fn svcctl_bin(bin: &str, zk: &str, root: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(["--registry", zk, "--root", root])
        .args(args)
        .env_remove("SVCCTL_REGISTRY")
        .env_remove("SVCCTL_CONTEXT")
        .env("SVCCTL_CONFIG", "/nonexistent/svcctl-bench-config.toml")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
}

/// Runs to completion; wall time from spawn to exit, and stdout.
fn timed(cmd: &mut Command, what: &str) -> (Duration, String) {
    let t0 = Instant::now();
    let out = cmd.output().unwrap_or_else(|e| panic!("run {what}: {e}"));
    let elapsed = t0.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    (elapsed, stdout)
}

/// Nearest-rank percentile of a sorted slice.
fn percentile(sorted: &[Duration], pct: f64) -> Duration {
    let rank = ((pct / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

struct Cold {
    label: String,
    median: Duration,
    p90: Duration,
}

fn cold(label: &str, runs: usize, mut make: impl FnMut() -> Command, check: &dyn Fn(&str)) -> Cold {
    cold_interleaved(runs, vec![(label.to_string(), &mut make)], check)
        .pop()
        .expect("one row")
}

/// [`cold`] for several commands at once, run in turn, so a slow moment of the machine hits
/// them all (this build against a baseline binary).
fn cold_interleaved(
    runs: usize,
    mut makers: Vec<(String, &mut dyn FnMut() -> Command)>,
    check: &dyn Fn(&str),
) -> Vec<Cold> {
    // Untimed runs first: page cache, ZooKeeper session paths, and the JITs of ZooKeeper and
    // the provider, which are seconds old here and never are in production (after a single
    // warm-up run, the rows measured ZooKeeper's warm-up as much as svcctl).
    for _ in 0..runs.min(10) {
        for (label, make) in makers.iter_mut() {
            let (_, out) = timed(&mut make(), label);
            check(&out);
        }
    }
    let mut times: Vec<Vec<Duration>> = makers.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for ((label, make), t) in makers.iter_mut().zip(&mut times) {
            let (d, out) = timed(&mut make(), label);
            check(&out);
            t.push(d);
        }
    }
    makers
        .into_iter()
        .zip(times)
        .map(|((label, _), mut t)| {
            t.sort();
            Cold {
                label,
                median: percentile(&t, 50.0),
                p90: percentile(&t, 90.0),
            }
        })
        .collect()
}

/// One load run's headline numbers.
#[derive(Clone, Copy)]
struct Load {
    rate: f64,
    p50: f64,
    p99: f64,
}

/// CPU seconds (user, system) of this process's waited-for children so far.
fn children_cpu() -> (f64, f64) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    assert_eq!(rc, 0, "getrusage: {}", std::io::Error::last_os_error());
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (secs(ru.ru_utime), secs(ru.ru_stime))
}

/// CPU seconds (user + system) a running process has used, from /proc/PID/stat.
fn process_cpu(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .unwrap_or_else(|e| panic!("read /proc/{pid}/stat: {e}"));
    // The command name (field 2) may contain spaces; utime and stime are fields 14 and 15.
    let after_name = &stat[stat.rfind(')').expect("stat has (comm)") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    // SAFETY: sysconf has no preconditions.
    ticks / unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64
}

/// What one svcctl load run cost, per call, in microseconds.
#[derive(Clone, Copy)]
struct Cpu {
    user: f64,
    sys: f64,
    provider: f64,
}

impl Cpu {
    fn total(&self) -> f64 {
        self.user + self.sys
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The median round of (c) by client CPU, with the median calls/s of all rounds.
fn median_run(runs: &[(f64, Cpu)]) -> (f64, Cpu) {
    let rate = median(runs.iter().map(|r| r.0).collect());
    let mut by_cpu: Vec<&Cpu> = runs.iter().map(|r| &r.1).collect();
    by_cpu.sort_by(|a, b| a.total().total_cmp(&b.total()));
    (rate, *by_cpu[by_cpu.len() / 2])
}

fn svcctl_load(zk: &str, p: &Provider, n: usize, c: usize) -> Load {
    let (_, out) = timed(
        &mut svcctl(
            zk,
            p.root,
            &[
                "invoke",
                "UserService.getById",
                p.args,
                "--direct",
                "--types",
                "long",
                "-n",
                &n.to_string(),
                "-c",
                &c.to_string(),
                "-o",
                "json",
            ],
        ),
        "svcctl invoke -n",
    );
    let report: Json = serde_json::from_str(&out).expect("svcctl load report is JSON");
    assert_eq!(
        report["ok_count"].as_u64(),
        Some(n as u64),
        "svcctl load against {}: {report}",
        p.name
    );
    let pct = |want: f64| {
        report["latency_distribution"]
            .as_array()
            .expect("latency_distribution")
            .iter()
            .find(|e| e["percentile"].as_f64() == Some(want))
            .and_then(|e| e["latency_ms"].as_f64())
            .unwrap_or_else(|| panic!("no p{want} in {report}"))
    };
    Load {
        rate: report["rate_per_sec"].as_f64().expect("rate_per_sec"),
        p50: pct(50.0),
        p99: pct(99.0),
    }
}

/// One svcctl load run against `provider` (the demo provider's UserService, addressed directly
/// so the registry lookup does not count): calls/s and CPU per call of client and provider.
fn cpu_run(bin: &str, provider: &str, provider_pid: u32, n: usize, c: usize) -> (f64, Cpu) {
    let call = [
        "invoke",
        "com.example.UserService.getById",
        DEMO.args,
        "--provider",
        provider,
        "--version",
        "1.0.0",
        "--direct",
        "--types",
        "long",
    ];
    cpu_run_of(bin, &call, provider_pid, n, c)
}

/// `svcctl CALL -n N -c C -o json` (CALL naming the provider directly): calls/s and CPU per call
/// of client and provider.
fn cpu_run_of(bin: &str, call: &[&str], provider_pid: u32, n: usize, c: usize) -> (f64, Cpu) {
    let prov0 = process_cpu(provider_pid);
    let (u0, s0) = children_cpu();
    let (_, out) = timed(
        Command::new(bin)
            .args(call)
            .args(["-n", &n.to_string(), "-c", &c.to_string(), "-o", "json"])
            .env_remove("SVCCTL_REGISTRY")
            .env_remove("SVCCTL_CONTEXT")
            .env("SVCCTL_CONFIG", "/nonexistent/svcctl-bench-config.toml")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null()),
        "svcctl invoke --provider -n",
    );
    let (u1, s1) = children_cpu();
    let prov1 = process_cpu(provider_pid);
    let report: Json = serde_json::from_str(&out).expect("svcctl load report is JSON");
    assert_eq!(
        report["ok_count"].as_u64(),
        Some(n as u64),
        "{bin} {call:?}: {report}"
    );
    let per_call = |secs: f64| secs * 1e6 / n as f64;
    let cpu = Cpu {
        user: per_call(u1 - u0),
        sys: per_call(s1 - s0),
        provider: per_call(prov1 - prov0),
    };
    (report["rate_per_sec"].as_f64().expect("rate_per_sec"), cpu)
}

fn dubbo2js_load(zk: &str, p: &Provider, n: usize, c: usize) -> Load {
    let (_, out) = timed(
        Command::new("node")
            .arg("load-dubbo2js.js")
            .args(["--zk", zk, "--root", p.root])
            .args(["-n", &n.to_string(), "-c", &c.to_string()])
            .args(["--id", p.args.trim_matches(['[', ']'])])
            .current_dir(js_dir())
            .stdin(Stdio::null()),
        "node load-dubbo2js.js",
    );
    let report: Json = serde_json::from_str(out.trim()).expect("load-dubbo2js.js prints JSON");
    assert_eq!(report["ok_count"].as_u64(), Some(n as u64), "{report}");
    let f = |k: &str| report[k].as_f64().unwrap_or_else(|| panic!("no {k}"));
    Load {
        rate: f("rate_per_sec"),
        p50: f("p50_ms"),
        p99: f("p99_ms"),
    }
}

/// The jars the Java consumers are built with: Debian's libhessian-java, and libnetty-java's
/// (netty-all.jar there is an empty aggregate, so the modules are named).
const HESSIAN_JAR: &str = "/usr/share/java/hessian.jar";
const NETTY_JARS: [&str; 5] = [
    "/usr/share/java/netty-common.jar",
    "/usr/share/java/netty-buffer.jar",
    "/usr/share/java/netty-transport.jar",
    "/usr/share/java/netty-codec.jar",
    "/usr/share/java/netty-resolver.jar",
];

/// The two Java-class consumers of (d).
#[derive(Clone, Copy)]
enum JavaClient {
    /// LoadConsumer: two threads, one pre-encoded body, writes batched while the window is full.
    Lean,
    /// NettyConsumer: Dubbo 2.7's synchronous consumer path on Netty.
    DubboShaped,
}

impl JavaClient {
    const ALL: [JavaClient; 2] = [JavaClient::Lean, JavaClient::DubboShaped];

    fn main_class(self) -> &'static str {
        match self {
            JavaClient::Lean => "LoadConsumer",
            JavaClient::DubboShaped => "NettyConsumer",
        }
    }

    fn label(self) -> &'static str {
        match self {
            JavaClient::Lean => "lean",
            JavaClient::DubboShaped => "dubbo-shaped",
        }
    }
}

fn java_classpath(classes: &std::path::Path) -> String {
    let mut cp = vec![HESSIAN_JAR.to_string()];
    cp.extend(NETTY_JARS.iter().map(|j| j.to_string()));
    cp.push(classes.display().to_string());
    cp.join(":")
}

/// Compiles tests/interop/java-consumer into the target dir.
fn java_consumer_classes() -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("java-consumer");
    std::fs::create_dir_all(&out).unwrap();
    let src = project_dir().join("tests/interop/java-consumer");
    let status = Command::new("javac")
        .args(["-nowarn", "-d"])
        .arg(&out)
        .arg("-cp")
        .arg(java_classpath(&out))
        .arg(src.join("LoadConsumer.java"))
        .arg(src.join("NettyConsumer.java"))
        .arg(src.join("Measure.java"))
        .arg(src.join("User.java"))
        .status()
        .expect("run javac");
    assert!(
        status.success(),
        "javac of the Java consumers failed: they need openjdk-17-jdk-headless, libhessian-java and libnetty-java (scripts/install-deps.sh hessian)"
    );
    out
}

struct JavaLoad {
    rate: f64,
    cpu_us: f64,
}

/// One run of a Java consumer against the demo provider on `port`.
fn java_load(
    client: JavaClient,
    classes: &std::path::Path,
    port: u16,
    n: usize,
    c: usize,
) -> JavaLoad {
    let (_, out) = timed(
        Command::new("java")
            // Caucho reflects into JDK classes; Java 17 needs the opens (as gen.sh).
            .args([
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED",
                "--add-opens",
                "java.base/java.util=ALL-UNNAMED",
                "--add-opens",
                "java.base/java.math=ALL-UNNAMED",
                "-cp",
            ])
            .arg(java_classpath(classes))
            .arg(client.main_class())
            .args([
                "127.0.0.1",
                &port.to_string(),
                &n.to_string(),
                &c.to_string(),
            ])
            .arg(DEMO.args.trim_matches(['[', ']']))
            .stdin(Stdio::null()),
        client.main_class(),
    );
    let report: Json = serde_json::from_str(out.trim())
        .unwrap_or_else(|e| panic!("{} prints JSON ({e}): {out}", client.main_class()));
    assert_eq!(report["ok_count"].as_u64(), Some(n as u64), "{report}");
    JavaLoad {
        rate: report["rate_per_sec"].as_f64().expect("rate_per_sec"),
        cpu_us: report["cpu_us_per_call"].as_f64().expect("cpu_us_per_call"),
    }
}

fn triple_js_dir() -> PathBuf {
    let dir = project_dir().join("tests/interop/triple/js");
    assert!(
        dir.join("node_modules/@apachedubbo/dubbo-node").is_dir(),
        "the invoke benchmark needs the Triple npm packages: run scripts/install-deps.sh triple"
    );
    dir
}

fn main() {
    let sizes = sizes();
    let js = js_dir();
    let triple_js = triple_js_dir();
    let zk = ZkServer::start();
    let addr = zk.address();

    let mut demo_cmd = Command::new(env!("CARGO_BIN_EXE_svcctl-demo-provider"));
    demo_cmd.args(["--port", "0", "--registry", &addr, "--instance", "bench"]);
    let (demo, demo_port) = start_ready(demo_cmd, "svcctl-demo-provider");
    let mut js_cmd = Command::new("node");
    js_cmd
        .arg("dubbojs-provider.js")
        .current_dir(&js)
        .env("ZK", &addr)
        .env("ZK_ROOT", DUBBOJS.root)
        .env("URL_STYLE", "java")
        .env_remove("DUBBO_PORT");
    let (dubbojs, js_port) = start_ready(js_cmd, "dubbojs-provider.js");
    let mut tri_cmd = Command::new("node");
    tri_cmd
        .arg("provider.js")
        .arg(support::free_port().to_string())
        .current_dir(&triple_js);
    let (triple_node, tri_port) = start_ready(tri_cmd, "triple provider.js");
    println!(
        "ZooKeeper {addr}; demo provider 127.0.0.1:{demo_port} (root {}), dubbo-js provider 127.0.0.1:{js_port} (root {}), dubbo-node Triple provider 127.0.0.1:{tri_port}",
        DEMO.root, DUBBOJS.root
    );

    // (a) cold invocations.
    let expect_user = |p: &'static Provider| {
        move |out: &str| {
            let got: Json = serde_json::from_str(out).expect("svcctl prints JSON");
            assert_eq!(got["class"], "com.example.User", "{out}");
            assert_eq!(got["name"], p.user, "{out}");
        }
    };
    let expect_dubbo2js = |out: &str| {
        let r: Json = serde_json::from_str(out.trim()).expect("load-dubbo2js.js prints JSON");
        assert_eq!(r["ok_count"], 1, "{out}");
    };
    let baseline = std::env::var("SVCCTL_BENCH_BASELINE")
        .ok()
        .filter(|b| !b.is_empty());
    let demo_call = ["invoke", "UserService.getById", DEMO.args];
    let mut this_cold = || svcctl(&addr, DEMO.root, &demo_call);
    let mut base_cold;
    let mut demo_makers: Vec<(String, &mut dyn FnMut() -> Command)> =
        vec![("svcctl invoke, demo provider, [1]".into(), &mut this_cold)];
    if let Some(b) = &baseline {
        base_cold = || svcctl_bin(b, &addr, DEMO.root, &demo_call);
        demo_makers.push(("baseline: the same".into(), &mut base_cold));
    }
    let mut demo_colds =
        cold_interleaved(sizes.cold_runs, demo_makers, &expect_user(&DEMO)).into_iter();
    let colds = [
        demo_colds.next().expect("this build's row"),
        cold(
            "svcctl invoke, dubbo-js (typed fallback), [42]",
            sizes.cold_runs,
            || {
                svcctl(
                    &addr,
                    DUBBOJS.root,
                    &["invoke", "UserService.getById", DUBBOJS.args],
                )
            },
            &expect_user(&DUBBOJS),
        ),
        cold(
            "node + dubbo2.js, one call, demo provider, 1",
            sizes.cold_runs.min(10),
            || {
                let mut c = Command::new("node");
                c.arg("load-dubbo2js.js")
                    .args([
                        "--zk", &addr, "--root", DEMO.root, "-n", "1", "-c", "1", "--id", "1",
                    ])
                    .current_dir(&js)
                    .stdin(Stdio::null());
                c
            },
            &expect_dubbo2js,
        ),
    ];
    let base_cold = demo_colds.next();

    // (c) client CPU per call, this build and (if given) a baseline build, interleaved per
    // concurrency so both see the same machine load.
    let demo_addr = format!("127.0.0.1:{demo_port}");
    let mut cpu_rows = Vec::new();
    let mut java_classes = None;
    let mut java_rows = Vec::new();
    for c in CONCURRENCY {
        let n = (sizes.cpu_calls)(c);
        let mut bins = vec![("this build", env!("CARGO_BIN_EXE_svcctl").to_string())];
        if let Some(b) = &baseline {
            bins.push(("baseline", b.clone()));
        }
        let mut runs: Vec<Vec<(f64, Cpu)>> = bins.iter().map(|_| Vec::new()).collect();
        let mut java_runs: Vec<Vec<JavaLoad>> =
            JavaClient::ALL.iter().map(|_| Vec::new()).collect();
        // Rounds interleave the clients, so a slow moment of the machine hits them all.
        for _ in 0..sizes.cpu_rounds {
            for (i, (_, bin)) in bins.iter().enumerate() {
                runs[i].push(cpu_run(bin, &demo_addr, demo.0.id(), n, c));
            }
            // (d) the Java-class consumers, right after svcctl at the same N and C.
            if c > 1 {
                let classes = java_classes.get_or_insert_with(java_consumer_classes);
                for (client, client_runs) in JavaClient::ALL.iter().zip(&mut java_runs) {
                    client_runs.push(java_load(*client, classes, demo_port, n, c));
                }
            }
        }
        for (client, client_runs) in JavaClient::ALL.iter().zip(&java_runs) {
            if client_runs.is_empty() {
                continue;
            }
            // Each round's ratio, svcctl ÷ Java, as well as the ratio of the medians.
            let ratios: Vec<f64> = runs[0]
                .iter()
                .zip(client_runs)
                .map(|(s, j)| s.0 / j.rate)
                .collect();
            let java = JavaLoad {
                rate: median(client_runs.iter().map(|j| j.rate).collect()),
                cpu_us: median(client_runs.iter().map(|j| j.cpu_us).collect()),
            };
            java_rows.push((
                *client,
                c,
                n,
                median(runs[0].iter().map(|r| r.0).collect()),
                java,
                ratios,
            ));
        }
        for ((label, _), r) in bins.iter().zip(&runs) {
            let (rate, cpu) = median_run(r);
            cpu_rows.push((*label, c, n, rate, cpu));
        }
    }

    // (e) Triple against dubbo-node, and the dubbo protocol against dubbo-js, interleaved per
    // concurrency.
    let svcctl_bin = env!("CARGO_BIN_EXE_svcctl");
    let js_addr = format!("127.0.0.1:{js_port}");
    let tri_provider = format!("tri://127.0.0.1:{tri_port}");
    let dubbo_call = [
        "invoke",
        "com.example.UserService.getById",
        DUBBOJS.args,
        "--provider",
        js_addr.as_str(),
        "--version",
        "1.0.0",
        "--direct",
        "--types",
        "long",
    ];
    let triple_call = |mode: &'static str| {
        [
            "invoke",
            "com.example.JsGreeter.greet",
            "[\"bench\"]",
            "--provider",
            tri_provider.as_str(),
            "--triple-mode",
            mode,
        ]
    };
    let mut triple_rows = Vec::new();
    for c in CONCURRENCY {
        let n = (sizes.triple_calls)(c);
        let runs: [(&str, Vec<&str>, u32); 3] = [
            ("dubbo, dubbo-js", dubbo_call.to_vec(), dubbojs.0.id()),
            (
                "tri grpc, dubbo-node",
                triple_call("grpc").to_vec(),
                triple_node.0.id(),
            ),
            (
                "tri json, dubbo-node",
                triple_call("json").to_vec(),
                triple_node.0.id(),
            ),
        ];
        for (label, call, pid) in runs {
            let (rate, cpu) = cpu_run_of(svcctl_bin, &call, pid, n, c);
            triple_rows.push((label, c, n, rate, cpu));
        }
    }

    // (b) load, both clients, both providers.
    let mut rows = Vec::new();
    for p in [&DEMO, &DUBBOJS] {
        for c in CONCURRENCY {
            let n = (sizes.calls)(c);
            let s = svcctl_load(&addr, p, n, c);
            let d = dubbo2js_load(&addr, p, n, c);
            rows.push((p.name, c, n, s, d));
        }
    }

    println!();
    println!(
        "(a) cold `svcctl invoke UserService.getById ID` via the registry: process start to printed result, {} runs",
        sizes.cold_runs
    );
    println!("{:<48} {:>10} {:>10}", "", "median", "p90");
    for c in &colds {
        println!(
            "{:<48} {:>7.1} ms {:>7.1} ms",
            c.label,
            ms(c.median),
            ms(c.p90)
        );
    }
    if let Some(b) = &base_cold {
        println!(
            "{:<48} {:>7.1} ms {:>7.1} ms   (SVCCTL_BENCH_BASELINE, run in turn with the first row; this build / baseline: median {:.2}x, p90 {:.2}x)",
            b.label,
            ms(b.median),
            ms(b.p90),
            ms(colds[0].median) / ms(b.median),
            ms(colds[0].p90) / ms(b.p90)
        );
    }
    let demo_cold = ms(colds[0].median);
    println!(
        "target: median < 25 ms against the demo provider: {}",
        if demo_cold < 25.0 { "met" } else { "NOT met" }
    );

    println!();
    println!("(b) load: getById(long ID) (1 on demo, 42 on dubbo-js), typed on the wire for both clients; svcctl `invoke --direct --types long -n N -c C -o json` vs dubbo2.js (load-dubbo2js.js)");
    println!(
        "{:<12} {:>4} {:>6} | {:>10} {:>8} {:>8} | {:>10} {:>8} {:>8} | {:>7} {:>7}",
        "provider",
        "c",
        "N",
        "svcctl/s",
        "p50 ms",
        "p99 ms",
        "dubbo2js/s",
        "p50 ms",
        "p99 ms",
        "x rate",
        "x p99"
    );
    for (name, c, n, s, d) in &rows {
        println!(
            "{:<12} {:>4} {:>6} | {:>10.0} {:>8.3} {:>8.3} | {:>10.0} {:>8.3} {:>8.3} | {:>6.2}x {:>6.2}x",
            name,
            c,
            n,
            s.rate,
            s.p50,
            s.p99,
            d.rate,
            d.p50,
            d.p99,
            s.rate / d.rate,
            d.p99 / s.p99
        );
    }
    println!("x rate = svcctl calls/s ÷ dubbo2.js calls/s; x p99 = dubbo2.js p99 ÷ svcctl p99 (above 1: svcctl better). Client and provider share the machine's cores.");

    println!();
    println!("(c) CPU per call: svcctl `invoke com.example.UserService.getById [1] --provider {demo_addr} --direct --types long -n N -c C`, demo provider; client = getrusage of the svcctl process, provider = /proc/PID/stat over the same run; {} interleaved round(s): median calls/s, and the round of median client CPU", sizes.cpu_rounds);
    match &baseline {
        Some(b) => println!("baseline: {b} (SVCCTL_BENCH_BASELINE)"),
        None => println!("no baseline: set SVCCTL_BENCH_BASELINE to an older svcctl binary for a before/after in this run"),
    }
    println!(
        "{:<10} {:>4} {:>6} | {:>9} | {:>9} {:>8} {:>8} | {:>11} | {:>6}",
        "build", "c", "N", "calls/s", "client us", "user", "sys", "provider us", "target"
    );
    for (label, c, n, rate, cpu) in &cpu_rows {
        let target = match c {
            16 => Some(5.0),
            128 => Some(3.0),
            _ => None,
        };
        let verdict = match target {
            Some(t) if cpu.total() <= t => format!("<= {t} met"),
            Some(t) => format!("> {t}"),
            None => "-".into(),
        };
        println!(
            "{:<10} {:>4} {:>6} | {:>9.0} | {:>9.2} {:>8.2} {:>8.2} | {:>11.2} | {:>6}",
            label,
            c,
            n,
            rate,
            cpu.total(),
            cpu.user,
            cpu.sys,
            cpu.provider,
            verdict
        );
    }
    println!("client us = user + sys µs of CPU per call (issue 10 targets: <= 5 at c=16, <= 3 at c=128). Clock-tick resolution (10 ms) makes small runs coarse.");

    println!();
    println!("(d) the same calls from two Java-class consumers (tests/interop/java-consumer, Caucho Hessian 2, C2-compiled after N/2 warm-up calls), each run right after svcctl in every round of (c); medians");
    println!("    lean = LoadConsumer: one connection, a writer and a reader thread, one pre-encoded request body, writes batched while the window is full");
    println!("    dubbo-shaped = NettyConsumer: Dubbo 2.7's sync consumer path on Netty 4.1 NIO: C caller threads, per-call invocation, encoding, future map and timer timeout, one writeAndFlush per call; no proxy or filter chain");
    println!(
        "{:<12} {:>4} {:>6} | {:>9} {:>9} | {:>7} {:>9} | {:>9} | {:>9} {:>9}",
        "java client",
        "c",
        "N",
        "svcctl/s",
        "java/s",
        "x rate",
        "rounds",
        "target",
        "svcctl us",
        "java us"
    );
    for (client, c, n, svcctl_rate, java, ratios) in &java_rows {
        let svcctl_cpu = cpu_rows
            .iter()
            .find(|r| r.0 == "this build" && r.1 == *c)
            .map(|r| r.4.total())
            .unwrap_or(f64::NAN);
        let ratio = svcctl_rate / java.rate;
        let lo = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = ratios.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!(
            "{:<12} {:>4} {:>6} | {:>9.0} {:>9.0} | {:>6.2}x {:>9} | {:>9} | {:>9.2} {:>9.2}",
            client.label(),
            c,
            n,
            svcctl_rate,
            java.rate,
            ratio,
            format!("{lo:.2}-{hi:.2}"),
            if ratio >= 1.5 { ">=1.5 met" } else { "< 1.5" },
            svcctl_cpu,
            java.cpu_us
        );
    }
    println!("java us = the JVM's process CPU time (all threads: JIT, GC) over the timed calls ÷ calls; svcctl us as in (c); rounds = the lowest and highest of each round's own ratio. Target (issue 10): svcctl calls/s >= 1.5x a Java-class consumer's.");

    println!();
    println!("(e) Triple: svcctl `invoke com.example.JsGreeter.greet [\"bench\"] --provider {tri_provider} --triple-mode grpc|json -n N -c C` against dubbo-node, next to svcctl `invoke com.example.UserService.getById [42] --provider {js_addr} --direct --types long` over the dubbo protocol against dubbo-js (both Node.js providers); CPU as in (c)");
    println!(
        "{:<22} {:>4} {:>6} | {:>9} | {:>9} {:>8} {:>8} | {:>11}",
        "protocol, provider", "c", "N", "calls/s", "client us", "user", "sys", "provider us"
    );
    for (label, c, n, rate, cpu) in &triple_rows {
        println!(
            "{:<22} {:>4} {:>6} | {:>9.0} | {:>9.2} {:>8.2} {:>8.2} | {:>11.2}",
            label,
            c,
            n,
            rate,
            cpu.total(),
            cpu.user,
            cpu.sys,
            cpu.provider
        );
    }
}
