//! A 3-member ZooKeeper ensemble (Debian's `QuorumPeerMain`) on loopback, for fault tests: each
//! member can be killed (SIGKILL: a crash), frozen (SIGSTOP: a hung server whose sockets stay
//! open and silent), thawed (SIGCONT) and restarted on its own data dir.
//!
//! With [`EnsembleTls`] each member also gets a TLS port (`secureClientPort`, Netty connection
//! factory) with the certificates of scripts/tls-certs.sh, as [`super::tls::TlsZk`] does for one
//! server; the plain port stays for seeding and for the harness's own `srvr` checks.
//!
//! Ticks are short (`TICK_MS`) so elections, failover and session expiry take seconds: a session
//! is negotiated down to at most 20 ticks (`MAX_SESSION`), whatever the client asks for.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::free_port;

pub const TICK_MS: u64 = 200;
/// ZooKeeper's default `maxSessionTimeout` (20 ticks): svcctl's default 10 s session becomes this.
pub const MAX_SESSION: Duration = Duration::from_millis(20 * TICK_MS);

pub struct Member {
    pub id: u32,
    pub client_port: u16,
    /// The TLS port, in an ensemble started with [`EnsembleTls`].
    pub secure_port: Option<u16>,
    /// Serves clients without a vote (see [`EnsembleTls::observer_keystore`]).
    pub observer: bool,
    quorum_port: u16,
    election_port: u16,
    dir: PathBuf,
    /// The bash wrapper that owns the JVM (see [`Member::spawn`]) and the JVM's pid.
    wrapper: Option<Child>,
    pid: u32,
}

pub struct Ensemble {
    pub members: Vec<Member>,
    pub dir: tempfile::TempDir,
    /// One ensemble at a time per test binary: three JVMs each on a 2-core CI machine would
    /// make the timing bounds of the fault tests meaningless. Dropped after the members.
    _turn: Turn,
}

/// TLS on every member: the PKI of scripts/tls-certs.sh in `dir` (the server certificate
/// `server-keystore.pem`, client certificates checked against `ca.pem`).
pub struct EnsembleTls {
    pub dir: PathBuf,
    /// ZooKeeper's `ssl.clientAuth`: `none`, `want` or `need`.
    pub client_auth: String,
    /// A fourth member, an observer (it serves clients and has no vote, so the quorum is still
    /// the three), whose TLS port shows this keystore of `dir` instead: a member whose
    /// certificate the clients do not trust.
    pub observer_keystore: Option<String>,
}

/// The right to run an ensemble in this test binary, held by the [`Ensemble`]. Not a
/// `MutexGuard`, so that an ensemble can be shared by the tests of a binary (a `static` needs
/// it `Send`).
struct Turn;

static BUSY: std::sync::Mutex<bool> = std::sync::Mutex::new(false);
static FREED: std::sync::Condvar = std::sync::Condvar::new();

impl Turn {
    fn take() -> Turn {
        let mut busy = BUSY.lock().unwrap_or_else(|e| e.into_inner());
        while *busy {
            busy = FREED.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy = true;
        Turn
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        *BUSY.lock().unwrap_or_else(|e| e.into_inner()) = false;
        FREED.notify_one();
    }
}

impl Ensemble {
    /// Starts three members and waits until they elected a leader and all serve.
    pub fn start() -> Ensemble {
        Self::start_with(None)
    }

    /// Starts three members with TLS ports (and the observer `tls` asks for), and waits until
    /// all serve.
    pub fn start_tls(tls: &EnsembleTls) -> Ensemble {
        assert!(
            Path::new("/usr/share/java/netty-codec.jar").exists(),
            "ZooKeeper's TLS port needs Netty: run scripts/install-deps.sh zookeeper (or apt-get install libnetty-java)"
        );
        Self::start_with(Some(tls))
    }

    fn start_with(tls: Option<&EnsembleTls>) -> Ensemble {
        assert!(
            Path::new("/usr/share/java/zookeeper.jar").exists(),
            "Debian's zookeeper package is not installed: run scripts/install-deps.sh zookeeper"
        );
        let turn = Turn::take();
        // Under the target dir rather than /tmp, which other jobs on a shared machine clean.
        let dir = tempfile::Builder::new()
            .prefix("zk-ensemble")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temp dir");
        let count = if tls.is_some_and(|t| t.observer_keystore.is_some()) {
            4
        } else {
            3
        };
        let mut members: Vec<Member> = (1..=count)
            .map(|id| Member {
                id,
                client_port: free_port(),
                secure_port: tls.map(|_| free_port()),
                observer: id == 4,
                quorum_port: free_port(),
                election_port: free_port(),
                dir: dir.path().join(format!("zk{id}")),
                wrapper: None,
                pid: 0,
            })
            .collect();
        let servers: String = members
            .iter()
            .map(|m| {
                format!(
                    "server.{}=127.0.0.1:{}:{}{}\n",
                    m.id,
                    m.quorum_port,
                    m.election_port,
                    if m.observer { ":observer" } else { "" }
                )
            })
            .collect();
        for m in &members {
            let mut more = servers.clone();
            if let (Some(t), Some(port)) = (tls, m.secure_port) {
                let keystore = match &t.observer_keystore {
                    Some(k) if m.observer => k.as_str(),
                    _ => "server-keystore.pem",
                };
                more += &format!(
                    "secureClientPort={port}\nsecureClientPortAddress=127.0.0.1\n\
                     serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory\n\
                     ssl.keyStore.location={dir}/{keystore}\nssl.keyStore.type=PEM\n\
                     ssl.trustStore.location={dir}/ca.pem\nssl.trustStore.type=PEM\n\
                     ssl.clientAuth={auth}\n",
                    dir = t.dir.display(),
                    auth = t.client_auth
                );
            }
            if m.observer {
                more += "peerType=observer\n";
            }
            m.write_config(&more);
        }
        for m in &mut members {
            m.spawn();
        }
        let e = Ensemble {
            members,
            dir,
            _turn: turn,
        };
        e.wait_serving(Duration::from_secs(60));
        e
    }

    /// `zookeeper+tls://host:port,...` over the TLS ports of members `ids`, for `--registry`.
    pub fn tls_address(&self, ids: &[u32]) -> String {
        let hosts: Vec<String> = ids
            .iter()
            .map(|id| {
                let m = self.members.iter().find(|m| m.id == *id).unwrap();
                format!("127.0.0.1:{}", m.secure_port.expect("an ensemble with TLS"))
            })
            .collect();
        format!("zookeeper+tls://{}", hosts.join(","))
    }

    /// `host:port,host:port,host:port`, for `--registry`.
    pub fn address(&self) -> String {
        self.members
            .iter()
            .map(|m| format!("127.0.0.1:{}", m.client_port))
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn member(&mut self, id: u32) -> &mut Member {
        self.members.iter_mut().find(|m| m.id == id).unwrap()
    }

    /// The member that leads right now, by its own `srvr` answer.
    pub fn leader(&self) -> Option<u32> {
        self.members
            .iter()
            .find(|m| m.mode().as_deref() == Some("leader"))
            .map(|m| m.id)
    }

    /// Waits until every member that runs and is not frozen answers as leader or follower.
    pub fn wait_serving(&self, within: Duration) {
        let t0 = Instant::now();
        loop {
            let modes: Vec<Option<String>> = self.members.iter().map(Member::mode).collect();
            let live: Vec<&Member> = self.members.iter().filter(|m| m.is_live()).collect();
            if !live.is_empty()
                && self
                    .members
                    .iter()
                    .zip(&modes)
                    .filter(|(m, _)| m.is_live())
                    .all(|(_, mode)| mode.is_some())
            {
                return;
            }
            if t0.elapsed() > within {
                let logs: String = self
                    .members
                    .iter()
                    .map(|m| format!("--- zk{} ---\n{}\n", m.id, m.log_tail()))
                    .collect();
                panic!("ensemble not serving within {within:?}: {modes:?}\n{logs}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A client session on the given members only (so a test can steer around a frozen one).
    pub async fn client_on(&self, ids: &[u32]) -> zookeeper_client::Client {
        let addr = self
            .members
            .iter()
            .filter(|m| ids.contains(&m.id))
            .map(|m| format!("127.0.0.1:{}", m.client_port))
            .collect::<Vec<_>>()
            .join(",");
        // The requested session timeout is also how long connect keeps trying (the server
        // negotiates the session itself down to MAX_SESSION). The default 6 s gave up while a
        // loaded machine's ensemble was still coming back from a fault (a member frozen or an
        // election): callers bound the wait themselves (with_zk: 15 s).
        zookeeper_client::Client::connector()
            .with_session_timeout(Duration::from_secs(15))
            .connect(&addr)
            .await
            .unwrap_or_else(|e| {
                let logs: String = self
                    .members
                    .iter()
                    .map(|m| format!("--- zk{} ---\n{}\n", m.id, m.log_tail()))
                    .collect();
                panic!("connect to ensemble members {ids:?}: {e}\n{logs}")
            })
    }

    /// Freezes every member (the whole registry hangs), returning when all are stopped.
    pub fn freeze_all(&mut self) {
        for m in &mut self.members {
            m.freeze();
        }
    }

    pub fn thaw_all(&mut self) {
        for m in &mut self.members {
            m.thaw();
        }
    }
}

impl Member {
    fn write_config(&self, servers: &str) {
        std::fs::create_dir_all(self.dir.join("data")).unwrap();
        std::fs::write(self.dir.join("data/myid"), format!("{}\n", self.id)).unwrap();
        std::fs::write(
            self.dir.join("zoo.cfg"),
            format!(
                "tickTime={TICK_MS}\ninitLimit=10\nsyncLimit=5\ndataDir={}\nclientPort={}\n\
                 clientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n\
                 4lw.commands.whitelist=*\nstandaloneEnabled=false\n\
                 cnxTimeout=500\n{servers}",
                self.dir.join("data").display(),
                self.client_port
            ),
        )
        .unwrap();
        std::fs::write(
            self.dir.join("log4j.properties"),
            "log4j.rootLogger=INFO,CONSOLE\nlog4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\n\
             log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\n\
             log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1} - %m%n\n",
        )
        .unwrap();
    }

    /// Starts the JVM under a bash wrapper that prints its pid and, when this process's end of
    /// the wrapper's stdin closes (the test ends, or panics, or is killed), kills it (thawing it
    /// first: a stopped JVM would keep a SIGTERM pending forever). No member outlives the test.
    fn spawn(&mut self) {
        let mut cp = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar".to_string();
        if self.secure_port.is_some() {
            // Not in the Class-Path of Debian's zookeeper.jar (see scripts/zk-start.sh).
            cp += ":/usr/share/java/netty-codec.jar:/usr/share/java/netty-resolver.jar";
        }
        let script = format!(
            "java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp {cp} \
             -Dlog4j.configuration=file:{dir}/log4j.properties \
             -Dzookeeper.admin.enableServer=false -Dzookeeper.4lw.commands.whitelist='*' \
             org.apache.zookeeper.server.quorum.QuorumPeerMain {dir}/zoo.cfg >>{dir}/zk.log 2>&1 &\n\
             pid=$!; echo $pid; cat >/dev/null; kill -CONT $pid 2>/dev/null; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null",
            dir = self.dir.display()
        );
        let mut child = Command::new("bash")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start zookeeper member");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        self.pid = line.trim().parse().expect("member pid");
        self.wrapper = Some(child);
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.client_port)
    }

    /// Started and not killed since (it may be frozen).
    pub fn is_running(&self) -> bool {
        self.wrapper.is_some()
    }

    /// Running and not frozen, as far as this harness did it.
    fn is_live(&self) -> bool {
        self.wrapper.is_some() && !self.frozen()
    }

    fn frozen(&self) -> bool {
        std::fs::read_to_string(format!("/proc/{}/stat", self.pid))
            .ok()
            .and_then(|s| {
                s.rsplit_once(')')
                    .map(|(_, rest)| rest.trim_start().starts_with('T'))
            })
            .unwrap_or(false)
    }

    fn signal(&self, sig: libc::c_int) {
        // SAFETY: kill(2) on the pid of a JVM this harness started.
        let rc = unsafe { libc::kill(self.pid as libc::pid_t, sig) };
        assert_eq!(rc, 0, "signal {sig} to zk{} (pid {})", self.id, self.pid);
    }

    /// SIGKILL, as a crash: no goodbye to clients or peers.
    pub fn kill(&mut self) {
        if let Some(mut w) = self.wrapper.take() {
            self.signal(libc::SIGKILL);
            drop(w.stdin.take());
            let _ = w.wait();
        }
    }

    /// SIGSTOP: the member hangs with its sockets open. Returns once the kernel says it stopped.
    pub fn freeze(&mut self) {
        self.signal(libc::SIGSTOP);
        let t0 = Instant::now();
        while !self.frozen() {
            assert!(
                t0.elapsed() < Duration::from_secs(5),
                "zk{} did not stop",
                self.id
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn thaw(&mut self) {
        self.signal(libc::SIGCONT);
    }

    /// Starts a killed member again on its data dir and ports.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// `leader`, `follower`, or `None` when not serving (down, frozen, electing).
    pub fn mode(&self) -> Option<String> {
        if !self.is_live() {
            return None;
        }
        let out = four_letter(self.client_port, "srvr")?;
        out.lines()
            .find_map(|l| l.strip_prefix("Mode: "))
            .map(|m| m.trim().to_string())
    }

    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("zk.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

fn four_letter(port: u16, cmd: &str) -> Option<String> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    s.set_read_timeout(Some(Duration::from_millis(1000))).ok()?;
    s.write_all(cmd.as_bytes()).ok()?;
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    Some(out)
}

impl Drop for Member {
    fn drop(&mut self) {
        if let Some(mut w) = self.wrapper.take() {
            drop(w.stdin.take());
            let _ = w.wait();
        }
    }
}
