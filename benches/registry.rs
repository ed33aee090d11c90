//! `cargo bench --bench registry`: builds a registry of 10,000 services x 10 providers (+2
//! consumers each) in a real ZooKeeper, then times `svcctl ls` and `svcctl show` against Debian's
//! `zkCli.sh ls -R /dubbo` in the same run, and reports peak RSS. Ratios, not absolute targets:
//! target `ls` >= 10x faster than zkCli, peak RSS < 150 MB.
//! Sizes can be reduced for a quick look: SVCCTL_BENCH_SERVICES=1000.

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::Command;
use std::time::Instant;

use support::bulk::{build_registry, measure, median};

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

fn main() {
    let n = services();
    let zk = support::ZkServer::start();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let t = Instant::now();
    rt.block_on(async { build_registry(&zk.client().await, n, PROVIDERS, CONSUMERS).await });
    let nodes = n * (1 + 3 + PROVIDERS + CONSUMERS);
    println!("registry: {n} services x {PROVIDERS} providers + {CONSUMERS} consumers = {nodes} nodes, built in {:.1}s", t.elapsed().as_secs_f64());

    let svcctl = env!("CARGO_BIN_EXE_svcctl");
    let addr = zk.address();
    let runs = 5;
    let (mut ls_times, mut ls_rss) = (Vec::new(), 0);
    for _ in 0..runs {
        let (d, u) = measure(Command::new(svcctl).args(["--registry", &addr, "ls", "-o", "name"]));
        assert!(u.ok, "svcctl ls failed");
        ls_times.push(d);
        ls_rss = ls_rss.max(u.max_rss_kib);
    }
    let (mut show_times, mut show_rss) = (Vec::new(), 0);
    for _ in 0..runs {
        let (d, u) = measure(Command::new(svcctl).args([
            "--registry",
            &addr,
            "show",
            "com.bench.domain42.Service00042",
        ]));
        assert!(u.ok, "svcctl show failed");
        show_times.push(d);
        show_rss = show_rss.max(u.max_rss_kib);
    }
    let zkcli = "/usr/share/zookeeper/bin/zkCli.sh";
    let mut zk_times = Vec::new();
    let mut zk_rss = 0;
    for _ in 0..if n >= 1000 { 2 } else { 1 } {
        let (d, u) = measure(Command::new(zkcli).args(["-server", &addr, "ls", "-R", "/dubbo"]));
        assert!(u.ok, "zkCli failed");
        zk_times.push(d);
        zk_rss = zk_rss.max(u.max_rss_kib);
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
