//! Helpers for fault tests: a long-running `svcctl` whose stdout lines arrive on a channel, which
//! ensemble member a process is connected to (from /proc), and one-shot registry writes through
//! chosen members.
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::ensemble::Ensemble;
use super::{svcctl_cmd, ChildGuard};

/// A running `svcctl` (watch, top -b): stdout lines with the time they arrived, stderr in a file.
pub struct Streaming {
    pub child: ChildGuard,
    pub lines: mpsc::Receiver<(Instant, String)>,
    pub stderr: PathBuf,
    /// Every line taken off `lines` so far.
    pub seen: Vec<String>,
}

impl Streaming {
    pub fn start(args: &[&str], dir: &Path, name: &str, env: &[(&str, &str)]) -> Streaming {
        let stderr = dir.join(format!("{name}.stderr"));
        let mut cmd = svcctl_cmd(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = ChildGuard(Some(
            cmd.stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(std::fs::File::create(&stderr).unwrap())
                .spawn()
                .expect("spawn svcctl"),
        ));
        let (tx, rx) = mpsc::channel();
        let stdout = child.child().stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Streaming {
            child,
            lines: rx,
            stderr,
            seen: Vec::new(),
        }
    }

    pub fn pid(&mut self) -> u32 {
        self.child.child().id()
    }

    pub fn stderr_text(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Waits for the first stdout line, whatever it is (a table title): the process is up.
    pub fn first_line(&mut self, within: Duration) -> String {
        match self.lines.recv_timeout(within) {
            Ok((_, line)) => {
                self.seen.push(line.clone());
                line
            }
            Err(e) => panic!(
                "no output within {within:?} ({e}); stderr:\n{}",
                self.stderr_text()
            ),
        }
    }

    /// Like [`Streaming::until`], but a line already taken counts too (events of one fault may
    /// come in either order).
    pub fn seen_or_until(
        &mut self,
        within: Duration,
        what: &str,
        want: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let earlier = self
            .seen
            .iter()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| want(v));
        match earlier {
            Some(v) => v,
            None => self.until(within, what, want).0,
        }
    }

    /// Takes JSON lines until `want` accepts one; returns it and when it arrived. Panics with
    /// what was seen (and svcctl's stderr) if none does within `within`.
    pub fn until(
        &mut self,
        within: Duration,
        what: &str,
        want: impl Fn(&serde_json::Value) -> bool,
    ) -> (serde_json::Value, Instant) {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self
                .lines
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                Ok((at, line)) => {
                    self.seen.push(line.clone());
                    let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| {
                        panic!("svcctl printed a line that is not JSON ({e}): {line}")
                    });
                    if want(&v) {
                        return (v, at);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = self.child.child().try_wait();
                    panic!(
                        "svcctl ended ({status:?}) before {what}; saw:\n{}\nstderr:\n{}",
                        self.seen.join("\n"),
                        self.stderr_text()
                    )
                }
            }
            if Instant::now() >= deadline {
                panic!(
                    "{what}: not seen within {within:?}; saw:\n{}\nstderr:\n{}",
                    self.seen[self.seen.len().saturating_sub(20)..].join("\n"),
                    self.stderr_text()
                );
            }
        }
    }
}

/// Socket inodes a process holds.
fn socket_inodes(pid: u32) -> HashSet<u64> {
    let mut out = HashSet::new();
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return out;
    };
    for fd in dir.flatten() {
        if let Ok(target) = std::fs::read_link(fd.path()) {
            let t = target.to_string_lossy();
            if let Some(n) = t.strip_prefix("socket:[").and_then(|r| r.strip_suffix(']')) {
                if let Ok(n) = n.parse() {
                    out.insert(n);
                }
            }
        }
    }
    out
}

/// The remote ports of a process's established TCP connections (IPv4 and IPv6 tables).
pub fn remote_ports(pid: u32) -> Vec<u16> {
    let inodes = socket_inodes(pid);
    let mut ports = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            if cols.len() < 10 || cols[3] != "01" {
                continue;
            }
            let Ok(inode) = cols[9].parse::<u64>() else {
                continue;
            };
            if !inodes.contains(&inode) {
                continue;
            }
            if let Some(port) = cols[2]
                .rsplit_once(':')
                .and_then(|(_, p)| u16::from_str_radix(p, 16).ok())
            {
                ports.push(port);
            }
        }
    }
    ports
}

/// The ensemble member a process holds a client connection to, waiting for one to appear.
pub fn member_of(ens: &Ensemble, pid: u32, within: Duration) -> u32 {
    let t0 = Instant::now();
    loop {
        let ports = remote_ports(pid);
        if let Some(m) = ens.members.iter().find(|m| {
            ports.contains(&m.client_port) || m.secure_port.is_some_and(|p| ports.contains(&p))
        }) {
            return m.id;
        }
        assert!(
            t0.elapsed() < within,
            "process {pid} has no connection to the ensemble (remote ports {ports:?})"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs one registry operation through a fresh session on the given members.
pub fn with_zk<T>(
    ens: &Ensemble,
    ids: &[u32],
    f: impl for<'a> FnOnce(&'a zookeeper_client::Client) -> futures::future::BoxFuture<'a, T>,
) -> T {
    let rt = super::runtime();
    rt.block_on(async {
        let c = tokio::time::timeout(Duration::from_secs(15), ens.client_on(ids))
            .await
            .unwrap_or_else(|_| panic!("no session on members {ids:?} within 15 s"));
        let out = tokio::time::timeout(Duration::from_secs(15), f(&c))
            .await
            .unwrap_or_else(|_| panic!("registry operation on members {ids:?} hung"));
        out
    })
}

/// Members other than `ids`.
pub fn others(ens: &Ensemble, ids: &[u32]) -> Vec<u32> {
    ens.members
        .iter()
        .map(|m| m.id)
        .filter(|id| !ids.contains(id))
        .collect()
}

/// Provider nodes of one interface on loopback addresses nothing listens on (`top` probes them,
/// and a closed loopback port refuses at once; an unroutable address would stall each probe),
/// written through chosen members: the harness's side of the registry, not svcctl's.
pub struct FaultProviders {
    pub interface: &'static str,
    pub application: &'static str,
}

impl FaultProviders {
    pub fn url(&self, ip: &str) -> String {
        let (iface, app) = (self.interface, self.application);
        format!("dubbo://{ip}:20880/{iface}?interface={iface}&application={app}&methods=ping&side=provider")
    }

    pub fn node_path(&self, root: &str, ip: &str) -> String {
        let url = super::seed::form_encode(&self.url(ip));
        format!("{root}/{}/providers/{url}", self.interface)
    }

    /// A persistent node: it must not depend on the writing session, which ends at once.
    pub fn add(&self, ens: &Ensemble, via: &[u32], root: &str, ip: &str) {
        use futures::FutureExt;
        let path = self.node_path(root, ip);
        with_zk(ens, via, move |c| {
            async move { super::seed::create(c, &path, b"", false).await }.boxed()
        });
    }

    pub fn remove(&self, ens: &Ensemble, via: &[u32], root: &str, ip: &str) {
        use futures::FutureExt;
        let path = self.node_path(root, ip);
        with_zk(ens, via, move |c| {
            async move {
                let tries = std::sync::atomic::AtomicU32::new(0);
                let r = super::seed::retrying(|| {
                    tries.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    c.delete(&path, None)
                })
                .await;
                match r {
                    Ok(()) => {}
                    // A retry finds the node gone when the lost attempt was applied.
                    Err(zookeeper_client::Error::NoNode) if tries.into_inner() > 1 => {}
                    Err(e) => panic!("delete provider {path}: {e}"),
                }
            }
            .boxed()
        });
    }
}

/// How long a change may take to show while svcctl is on a failed member: the client notices
/// the silence (2/3 of the session), connects elsewhere (a connect timeout at worst), re-reads.
pub fn failover_bound() -> Duration {
    super::ensemble::MAX_SESSION + Duration::from_secs(6)
}

/// A watch event (`-o jsonl`) of `kind` about the provider at `ip`.
pub fn is_provider(v: &serde_json::Value, kind: &str, ip: &str) -> bool {
    v["type"] == kind && v["object"] == "provider" && v["address"] == format!("{ip}:20880")
}

/// The addresses of a `top -b` snapshot's providers, tombstones left out.
pub fn snapshot_addresses(v: &serde_json::Value) -> std::collections::BTreeSet<String> {
    v["providers"]
        .as_array()
        .expect("providers")
        .iter()
        .filter(|p| p["removed"] == false)
        .map(|p| p["address"].as_str().unwrap().to_string())
        .collect()
}
