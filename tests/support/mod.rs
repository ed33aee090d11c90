//! Real parts for integration tests: a ZooKeeper server from Debian's `zookeeper` package on a
//! free loopback port with a throwaway data dir, a ZooKeeper client for seeding, and a runner for
//! the `svcctl` binary.
#![allow(dead_code)]

pub mod bulk;
pub mod demo;
pub mod ensemble;
pub mod faults;
pub mod peers;
pub mod seed;
pub mod tls;
pub mod tmux;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct ZkServer {
    pub port: u16,
    pub dir: tempfile::TempDir,
    /// JVM heap (`-Xmx`), when not the script's default.
    heap: Option<String>,
    /// More settings for scripts/zk-start.sh (its `ZK_*` variables), e.g. a TLS port.
    env: Vec<(String, String)>,
    child: Child,
}

/// A loopback port free right now (for servers that cannot pick their own).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl ZkServer {
    /// Starts a server and waits until it answers `ruok`. The server runs under a shell that kills
    /// it when this process's end of the pipe closes, so no ZooKeeper outlives the test binary.
    pub fn start() -> ZkServer {
        Self::start_with(None)
    }

    /// [`ZkServer::start`] with a bigger JVM heap (e.g. `"2g"`), for benchmark-sized trees.
    pub fn start_with_heap(heap: &str) -> ZkServer {
        Self::start_with(Some(heap.to_string()))
    }

    fn start_with(heap: Option<String>) -> ZkServer {
        Self::start_env(heap, Vec::new())
    }

    /// A server started with more of scripts/zk-start.sh's `ZK_*` settings.
    pub fn start_env(heap: Option<String>, env: Vec<(String, String)>) -> ZkServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let child = Self::spawn(port, dir.path(), heap.as_deref(), &env);
        ZkServer {
            port,
            dir,
            heap,
            env,
            child,
        }
    }

    /// Stops the server (as a crash would: no clean session close for its clients).
    pub fn stop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }

    /// Starts the server again on the same port and data dir: sessions and nodes come back.
    pub fn restart(&mut self) {
        self.stop();
        self.child = Self::spawn(self.port, self.dir.path(), self.heap.as_deref(), &self.env);
    }

    fn spawn(
        port: u16,
        dir: &std::path::Path,
        heap: Option<&str>,
        env: &[(String, String)],
    ) -> Child {
        assert!(
            std::path::Path::new("/usr/share/java/zookeeper.jar").exists(),
            "Debian's zookeeper package is not installed: run scripts/test.sh (it installs it) or apt-get install zookeeper"
        );
        let script = project_dir().join("scripts/zk-start.sh");
        let mut cmd = Command::new("bash");
        if let Some(h) = heap {
            cmd.env("ZK_HEAP", h);
        }
        cmd.envs(env.iter().map(|(k, v)| (k, v)));
        let mut child = cmd
            .arg("-c")
            .arg(format!(
                "pid=$(\"{}\" {port} \"{}\") || exit 1; echo ready; cat >/dev/null; kill $pid; wait $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.05; done",
                script.display(),
                dir.display()
            ))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start zookeeper");
        let mut line = [0u8; 6];
        let mut out = child.stdout.take().unwrap();
        out.read_exact(&mut line).unwrap_or_else(|_| {
            let log = std::fs::read_to_string(dir.join("zk.log")).unwrap_or_default();
            panic!("zookeeper did not start:\n{log}")
        });
        assert_eq!(&line, b"ready\n");
        child
    }

    /// The one server shared by the tests of a test binary (each test uses its own root).
    pub fn shared() -> &'static ZkServer {
        static SERVER: OnceLock<ZkServer> = OnceLock::new();
        SERVER.get_or_init(ZkServer::start)
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn four_letter(&self, cmd: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.write_all(cmd.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    pub async fn client(&self) -> zookeeper_client::Client {
        zookeeper_client::Client::connect(&self.address())
            .await
            .expect("connect to test zookeeper")
    }
}

impl Drop for ZkServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

pub fn svcctl_cmd(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_svcctl"));
    cmd.args(args)
        .env_remove("SVCCTL_REGISTRY")
        .env_remove("SVCCTL_CONTEXT")
        .env("SVCCTL_CONFIG", "/nonexistent/svcctl-test-config.toml")
        .env("NO_COLOR", "1");
    cmd
}

pub fn svcctl(args: &[&str]) -> Run {
    let start = Instant::now();
    let out = svcctl_cmd(args)
        .stdin(Stdio::null())
        .output()
        .expect("run svcctl");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// Starts a long-running svcctl (`-w`, `top -b`) with its stdout lines arriving on the returned
/// receiver, and stderr where `stderr` says.
pub fn svcctl_watching(
    args: &[&str],
    stderr: Stdio,
) -> (ChildGuard, std::sync::mpsc::Receiver<String>) {
    let mut child = ChildGuard(Some(
        svcctl_cmd(args)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start svcctl"),
    ));
    let lines = line_reader(child.child().stdout.take().expect("piped stdout"));
    (child, lines)
}

/// A peer process (provider, consumer, svcctl itself) that is killed when dropped, so none
/// outlives a failing test.
pub struct ChildGuard(pub Option<Child>);

impl ChildGuard {
    pub fn child(&mut self) -> &mut Child {
        self.0.as_mut().expect("child already taken")
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Spawns a peer that announces itself with a first stdout line `ready <port>` and waits for
/// it. Later stdout lines arrive on the returned receiver.
pub fn start_ready(
    cmd: &mut Command,
    what: &str,
    within: Duration,
) -> (ChildGuard, u16, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("start {what}: {e}"));
    let stdout = child.stdout.take().unwrap();
    let guard = ChildGuard(Some(child));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let line = rx
        .recv_timeout(within)
        .unwrap_or_else(|_| panic!("{what} did not print `ready <port>` within {within:?}"));
    let port = line
        .trim()
        .strip_prefix("ready ")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line from {what}: {line:?}"));
    (guard, port, rx)
}

/// Terminal tests run svcctl under a pseudo-terminal from util-linux `script(1)` (Debian's
/// essential `bsdutils`). Missing, the test fails: a skipped terminal test proves nothing.
pub fn require_script() {
    assert!(
        std::path::Path::new("/usr/bin/script").exists(),
        "this test needs /usr/bin/script (apt-get install bsdutils)"
    );
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The lines a child prints, as they come, for a test that reads them with a timeout.
pub fn line_reader(stdout: std::process::ChildStdout) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The next line from [`line_reader`] as JSON (a watch event), within 10 s.
pub fn next_event(rx: &std::sync::mpsc::Receiver<String>) -> serde_json::Value {
    let line = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a watch event within 10s");
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

/// The entry for service key `key` in an `ls -o json` document.
pub fn service<'a>(list: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    list["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"] == key)
        .unwrap_or_else(|| panic!("no {key} in {list:#}"))
}

/// The providers of a `show -o json` run, which must have succeeded: address → (enabled,
/// weight, registration).
pub fn shown_providers(r: &Run) -> std::collections::BTreeMap<String, (bool, i64, String)> {
    assert_eq!(
        r.code, 0,
        "show failed\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
    let doc = r.json();
    let mut out = std::collections::BTreeMap::new();
    for p in doc["providers"].as_array().expect("providers") {
        let address = p["address"].as_str().unwrap().to_string();
        let state = (
            p["enabled"].as_bool().unwrap(),
            p["weight"].as_i64().unwrap(),
            p["registration"].as_str().unwrap().to_string(),
        );
        assert!(
            out.insert(address.clone(), state).is_none(),
            "{address} shown twice: {doc:#}"
        );
    }
    out
}
