//! `cargo bench --bench registry`: builds a registry of 10,000 services x 10 providers (+2
//! consumers each) in a real ZooKeeper, then times `svcctl ls` and `svcctl show` against Debian's
//! `zkCli.sh ls -R /dubbo` in the same run, and reports peak RSS. Ratios, not absolute targets:
//! target `ls` >= 10x faster than zkCli, peak RSS < 150 MB.
//! Sizes can be reduced for a quick look: SVCCTL_BENCH_SERVICES=1000.

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::seed::form_encode;
use zookeeper_client as zk;

/// `cargo bench` passes `--bench`; `cargo test --all-targets` runs this file without it, and then
/// a small registry checks that the benchmark itself still works without costing CI minutes.
fn services() -> usize {
    let full = std::env::args().any(|a| a == "--bench");
    let default = if full { 10_000 } else { 50 };
    std::env::var("SVCCTL_BENCH_SERVICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
const PROVIDERS: usize = 10;
const CONSUMERS: usize = 2;

/// Runs a command to completion; returns wall time and the child's peak RSS in KiB.
fn measure(cmd: &mut Command) -> (Duration, i64, bool) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // wait4 gives this child's own peak RSS (getrusage(CHILDREN) would mix all children).
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    std::mem::forget(child);
    (
        start.elapsed(),
        usage.ru_maxrss,
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    )
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn build_registry(client: &zk::Client, n: usize) {
    let opts = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    let _ = client.create("/dubbo", b"", &opts).await;
    let mut pending = Vec::new();
    let mut ops = 0usize;
    let mut writer = client.new_multi_writer();
    for s in 0..n {
        let iface = format!("com.bench.domain{:02}.Service{s:05}", s % 50);
        let base = format!("/dubbo/{iface}");
        for dir in [
            base.clone(),
            format!("{base}/providers"),
            format!("{base}/consumers"),
            format!("{base}/configurators"),
        ] {
            writer.add_create(&dir, b"", &opts).unwrap();
        }
        for p in 0..PROVIDERS {
            let url = format!(
                "dubbo://10.{}.{}.{}:20880/{iface}?anyhost=true&application=app-{}&deprecated=false&dubbo=2.0.2&dynamic=true&generic=false&interface={iface}&methods=get,find,create,update,delete&pid={}&release=2.7.23&side=provider&timestamp=1764000000000&version=1.0.0",
                s / 65536, (s / 256) % 256, s % 256 + p, s % 300, 1000 + p
            );
            writer
                .add_create(
                    &format!("{base}/providers/{}", form_encode(&url)),
                    b"",
                    &opts,
                )
                .unwrap();
        }
        for c in 0..CONSUMERS {
            let url = format!("consumer://10.200.{}.{c}/{iface}?application=client-{c}&category=consumers&interface={iface}&side=consumer&version=1.0.0", s % 256);
            writer
                .add_create(
                    &format!("{base}/consumers/{}", form_encode(&url)),
                    b"",
                    &opts,
                )
                .unwrap();
        }
        ops += 4 + PROVIDERS + CONSUMERS;
        if ops >= 800 {
            // Several multi-ops in flight at once keep the seeding itself fast.
            let w = std::mem::replace(&mut writer, client.new_multi_writer());
            pending.push(w);
            ops = 0;
        }
        if pending.len() >= 16 {
            let commits: Vec<_> = pending.iter_mut().map(|w| w.commit()).collect();
            for r in futures::future::join_all(commits).await {
                r.expect("seed batch");
            }
            pending.clear();
        }
    }
    pending.push(writer);
    let commits: Vec<_> = pending.iter_mut().map(|w| w.commit()).collect();
    for r in futures::future::join_all(commits).await {
        r.expect("seed batch");
    }
}

fn main() {
    let n = services();
    let zk = support::ZkServer::start();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let t = Instant::now();
    rt.block_on(async { build_registry(&zk.client().await, n).await });
    let nodes = n * (1 + 3 + PROVIDERS + CONSUMERS);
    println!("registry: {n} services x {PROVIDERS} providers + {CONSUMERS} consumers = {nodes} nodes, built in {:.1}s", t.elapsed().as_secs_f64());

    let svcctl = env!("CARGO_BIN_EXE_svcctl");
    let addr = zk.address();
    let runs = 5;
    let (mut ls_times, mut ls_rss) = (Vec::new(), 0);
    for _ in 0..runs {
        let (d, rss, ok) =
            measure(Command::new(svcctl).args(["--registry", &addr, "ls", "-o", "name"]));
        assert!(ok, "svcctl ls failed");
        ls_times.push(d);
        ls_rss = ls_rss.max(rss);
    }
    let (mut show_times, mut show_rss) = (Vec::new(), 0);
    for _ in 0..runs {
        let (d, rss, ok) = measure(Command::new(svcctl).args([
            "--registry",
            &addr,
            "show",
            "com.bench.domain42.Service00042",
        ]));
        assert!(ok, "svcctl show failed");
        show_times.push(d);
        show_rss = show_rss.max(rss);
    }
    let zkcli = "/usr/share/zookeeper/bin/zkCli.sh";
    let mut zk_times = Vec::new();
    let mut zk_rss = 0;
    for _ in 0..if n >= 1000 { 2 } else { 1 } {
        let (d, rss, ok) =
            measure(Command::new(zkcli).args(["-server", &addr, "ls", "-R", "/dubbo"]));
        assert!(ok, "zkCli failed");
        zk_times.push(d);
        zk_rss = zk_rss.max(rss);
    }
    let (ls, show, zkc) = (median(ls_times), median(show_times), median(zk_times));
    println!("{:<34} {:>10} {:>12}", "command", "median", "peak RSS");
    println!(
        "{:<34} {:>8.0}ms {:>9.1} MB",
        "zkCli.sh ls -R /dubbo (baseline)",
        zkc.as_secs_f64() * 1e3,
        zk_rss as f64 / 1024.0
    );
    println!(
        "{:<34} {:>8.0}ms {:>9.1} MB",
        "svcctl ls",
        ls.as_secs_f64() * 1e3,
        ls_rss as f64 / 1024.0
    );
    println!(
        "{:<34} {:>8.0}ms {:>9.1} MB",
        "svcctl show <one service>",
        show.as_secs_f64() * 1e3,
        show_rss as f64 / 1024.0
    );
    let ratio = zkc.as_secs_f64() / ls.as_secs_f64();
    println!(
        "svcctl ls is {ratio:.1}x faster than zkCli ls -R (target >= 10x): {}",
        if ratio >= 10.0 { "MET" } else { "NOT MET" }
    );
    println!(
        "svcctl ls peak RSS {:.1} MB (target < 150 MB): {}",
        ls_rss as f64 / 1024.0,
        if ls_rss < 150 * 1024 {
            "MET"
        } else {
            "NOT MET"
        }
    );
}
