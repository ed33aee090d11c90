//! Benchmark-sized registries: thousands of services with a fixed number of providers and
//! consumers each, written in pipelined multi-ops so seeding 100,000 providers takes seconds.
//! Shared by `benches/registry.rs` and `benches/top.rs`.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::seed::form_encode;
use zookeeper_client as zk;

/// The interface of service number `s`.
pub fn interface(s: usize) -> String {
    format!("com.bench.domain{:02}.Service{s:05}", s % 50)
}

/// The provider URL of service `s` on `host:port`. Loopback addresses (127.0.0.0/8), so anything
/// that connects to a provider stays on this machine. The pid has a fixed width: the benches'
/// writers number new providers upwards, and a tree under churn must not lengthen with them
/// (a soak would count the longer names as svcctl's growth).
pub fn provider_url(s: usize, host: &str, port: u16, pid: usize) -> String {
    let iface = interface(s);
    format!(
        "dubbo://{host}:{port}/{iface}?anyhost=true&application=app-{}&deprecated=false&dubbo=2.0.2&dynamic=true&generic=false&interface={iface}&methods=get,find,create,update,delete&pid={pid:07}&release=2.7.23&side=provider&timestamp=1764000000000&version=1.0.0",
        s % 300
    )
}

/// Host of the seeded provider `p` of service `s`: unique within the service.
pub fn seeded_host(s: usize, p: usize) -> String {
    format!("127.{}.{}.{}", 1 + (s / 256) % 200, s % 256, p + 1)
}

pub fn consumer_url(s: usize, c: usize) -> String {
    let iface = interface(s);
    format!("consumer://127.250.{}.{c}/{iface}?application=client-{c}&category=consumers&interface={iface}&side=consumer&version=1.0.0", s % 256)
}

/// Creates `/dubbo` and `n` services with `providers` providers and `consumers` consumers each
/// (persistent nodes, so they outlive the seeding session).
pub async fn build_registry(client: &zk::Client, n: usize, providers: usize, consumers: usize) {
    let opts = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    let _ = client.create("/dubbo", b"", &opts).await;
    let mut pending = Vec::new();
    let mut ops = 0usize;
    let mut writer = client.new_multi_writer();
    for s in 0..n {
        let base = format!("/dubbo/{}", interface(s));
        for dir in [
            base.clone(),
            format!("{base}/providers"),
            format!("{base}/consumers"),
            format!("{base}/configurators"),
        ] {
            writer.add_create(&dir, b"", &opts).unwrap();
        }
        for p in 0..providers {
            let url = provider_url(s, &seeded_host(s, p), 20880, 1000 + p);
            writer
                .add_create(
                    &format!("{base}/providers/{}", form_encode(&url)),
                    b"",
                    &opts,
                )
                .unwrap();
        }
        for c in 0..consumers {
            writer
                .add_create(
                    &format!("{base}/consumers/{}", form_encode(&consumer_url(s, c))),
                    b"",
                    &opts,
                )
                .unwrap();
        }
        ops += 4 + providers + consumers;
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

/// What the kernel says a finished child used.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub ok: bool,
    /// Peak RSS in KiB.
    pub max_rss_kib: i64,
    pub cpu: Duration,
}

/// Waits for a spawned child and returns its own resource usage (wait4: getrusage(CHILDREN)
/// would mix all children of this process).
pub fn wait_usage(child: Child) -> Usage {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    // Reaped above: the Child must not wait or kill a pid that may be reused.
    std::mem::forget(child);
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Usage {
        ok: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        max_rss_kib: usage.ru_maxrss,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
    }
}

/// Runs a command to completion, output discarded; wall time and usage.
pub fn measure(cmd: &mut Command) -> (Duration, Usage) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let usage = wait_usage(child);
    (start.elapsed(), usage)
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The value at quantile `q` (0..=1) of `v`.
pub fn quantile(mut v: Vec<Duration>, q: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    let i = ((v.len() - 1) as f64 * q).round() as usize;
    v[i]
}
