//! TLS to a 3-member ZooKeeper ensemble (tests/support/ensemble.rs with TLS ports,
//! `ssl.clientAuth=need`, the CA of scripts/tls-certs.sh) while members fail: `ls -w` and
//! `top -b` follow changes over TLS when the member they are on is SIGKILLed (the watch also when
//! it is frozen with SIGSTOP), a mutation over mutual TLS goes through with a member down, and a
//! member whose certificate another CA signed (an observer, so the quorum is still the three) is
//! refused while the client takes its session to the others.
//!
//! One ensemble serves every test of this file (starting one takes about 10 s); the tests take
//! turns on it and leave every member running.
//!
//! Needs: Debian's `zookeeper` and `libnetty-java` packages, openssl.

mod support;

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::ensemble::{Ensemble, EnsembleTls};
use support::faults::{
    failover_bound, is_provider, member_of, remote_ports, snapshot_addresses, FaultProviders,
    Streaming,
};
use support::tls::Pki;

const IFACE: &str = "com.example.TlsFaultService";
const PROVIDERS: FaultProviders = FaultProviders {
    interface: IFACE,
    application: "tls-faults",
};
/// The voting members; 4 is the observer with the other CA's certificate.
const VOTERS: [u32; 3] = [1, 2, 3];
const UNTRUSTED: u32 = 4;

struct Env {
    pki: Pki,
    ens: Ensemble,
}

/// The members' data dirs and the PKI, removed when the binary exits.
static DATA: OnceLock<[std::path::PathBuf; 2]> = OnceLock::new();

extern "C" fn remove_data() {
    for dir in DATA.get().into_iter().flatten() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The shared ensemble, every member running (a test that failed midway may have left one
/// killed or frozen).
fn env() -> MutexGuard<'static, Env> {
    static ENV: OnceLock<Mutex<Env>> = OnceLock::new();
    let mut env = ENV
        .get_or_init(|| {
            let pki = Pki::new();
            let ens = Ensemble::start_tls(&EnsembleTls {
                dir: pki.dir.path().to_path_buf(),
                client_auth: "need".into(),
                observer_keystore: Some("other-server-keystore.pem".into()),
            });
            // A static is never dropped: remove the members' data dirs and the PKI when the
            // binary exits (the JVMs end then too, with the pipes to their wrappers).
            let _ = DATA.set([ens.dir.path().to_path_buf(), pki.dir.path().to_path_buf()]);
            // SAFETY: registers a plain function that takes no locks, once.
            unsafe { libc::atexit(remove_data) };
            Mutex::new(Env { pki, ens })
        })
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    for m in &mut env.ens.members {
        if m.is_running() {
            m.thaw();
        } else {
            m.restart();
        }
    }
    env.ens.wait_serving(Duration::from_secs(30));
    env
}

impl Env {
    /// The global flags for mutual TLS with the test CA.
    fn tls(&self) -> Vec<String> {
        vec![
            "--tls-ca".into(),
            self.pki.file("ca.pem"),
            "--tls-cert".into(),
            self.pki.file("client.pem"),
            "--tls-key".into(),
            self.pki.file("client.key"),
        ]
    }

    /// svcctl over TLS to members `ids`, under `root`.
    fn args(&self, ids: &[u32], root: &str, rest: &[&str]) -> Vec<String> {
        let mut all = vec![
            "--registry".to_string(),
            self.ens.tls_address(ids),
            "--root".into(),
            root.into(),
        ];
        all.extend(self.tls());
        all.extend(rest.iter().map(|s| s.to_string()));
        all
    }

    fn run(&self, ids: &[u32], root: &str, rest: &[&str]) -> support::Run {
        let args = self.args(ids, root, rest);
        support::svcctl(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }
}

fn voters_but(ids: &[u32]) -> Vec<u32> {
    VOTERS.into_iter().filter(|id| !ids.contains(id)).collect()
}

/// The member a process holds its connection to, which must be a TLS port.
fn tls_member_of(ens: &Ensemble, pid: u32) -> u32 {
    let m = member_of(ens, pid, Duration::from_secs(10));
    let member = ens.members.iter().find(|x| x.id == m).unwrap();
    let ports = remote_ports(pid);
    assert!(
        ports.contains(&member.secure_port.unwrap()),
        "svcctl is on zk{m} but not on its TLS port: remote ports {ports:?}"
    );
    m
}

/// The events of a watch replay to `want` (each provider added once, removed only when seen).
fn assert_replays_to(seen: &[String], want: &[&str]) {
    let mut live = BTreeSet::new();
    for line in seen {
        let v: Value = serde_json::from_str(line).unwrap();
        if v["object"] != "provider" {
            continue;
        }
        let a = v["address"].as_str().unwrap().to_string();
        match v["type"].as_str().unwrap() {
            "ADDED" => assert!(live.insert(a.clone()), "{a} added twice: {seen:#?}"),
            "REMOVED" => assert!(live.remove(&a), "{a} removed unseen: {seen:#?}"),
            _ => {}
        }
    }
    let want: BTreeSet<String> = want.iter().map(|ip| format!("{ip}:20880")).collect();
    assert_eq!(live, want, "{seen:#?}");
}

/// Follows `root` over TLS to members `ids`; kills the member svcctl is on while a provider
/// registers and one leaves, and checks the watch saw both through another member. Returns the
/// killed member (restarted before returning) and the watch's stderr.
fn watch_through_a_kill(e: &mut Env, ids: &[u32], root: &str) -> (u32, String) {
    PROVIDERS.add(&e.ens, &VOTERS, root, "127.0.9.1");
    let args = e.args(ids, root, &["ls", "-w", "-o", "jsonl", IFACE]);
    let dir = e.ens.dir.path().to_path_buf();
    let mut watch = Streaming::start(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &dir,
        &format!("ls-w{}", root.replace('/', "-")),
        &[],
    );
    watch.until(Duration::from_secs(15), "the first provider", |v| {
        is_provider(v, "ADDED", "127.0.9.1")
    });
    let pid = watch.pid();
    let m = tls_member_of(&e.ens, pid);
    assert_ne!(
        m, UNTRUSTED,
        "svcctl holds a session on the untrusted member"
    );

    e.ens.member(m).kill();
    let t0 = Instant::now();
    let via = voters_but(&[m]);
    PROVIDERS.add(&e.ens, &via, root, "127.0.9.2");
    PROVIDERS.remove(&e.ens, &via, root, "127.0.9.1");
    let (_, at) = watch.until(failover_bound(), "ADDED after the SIGKILL", |v| {
        is_provider(v, "ADDED", "127.0.9.2")
    });
    watch.seen_or_until(Duration::from_secs(5), "REMOVED after the SIGKILL", |v| {
        is_provider(v, "REMOVED", "127.0.9.1")
    });
    eprintln!("TLS watch, zk{m} killed: change shown after {:?}", at - t0);
    let now_on = tls_member_of(&e.ens, pid);
    assert!(
        now_on != m && now_on != UNTRUSTED,
        "svcctl now on zk{now_on} (killed zk{m}, untrusted zk{UNTRUSTED})"
    );

    e.ens.member(m).restart();
    e.ens.wait_serving(Duration::from_secs(30));
    // Still following, through whichever member, once the ensemble is whole again.
    PROVIDERS.add(&e.ens, &VOTERS, root, "127.0.9.3");
    watch.until(Duration::from_secs(10), "ADDED after the restart", |v| {
        is_provider(v, "ADDED", "127.0.9.3")
    });
    assert_replays_to(&watch.seen, &["127.0.9.2", "127.0.9.3"]);
    (m, watch.stderr_text())
}

#[test]
fn ls_watch_over_tls_follows_changes_when_its_member_is_killed() {
    let mut e = env();
    let (m, stderr) = watch_through_a_kill(&mut e, &VOTERS, "/t_tls_watch");
    eprintln!("ls -w stderr (zk{m} killed):\n{stderr}");
    // The failover is said on stderr, naming the registry with its TLS scheme: a reconnect to
    // another member (or, on a starved machine, a lost session) and the re-read after it.
    let registry = e.ens.tls_address(&VOTERS);
    assert!(
        stderr.contains(&format!("svcctl: resynchronised with {registry}")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn ls_watch_over_tls_leaves_a_frozen_member() {
    let mut e = env();
    let root = "/t_tls_frozen";
    PROVIDERS.add(&e.ens, &VOTERS, root, "127.0.9.1");
    let args = e.args(&VOTERS, root, &["ls", "-w", "-o", "jsonl", IFACE]);
    let dir = e.ens.dir.path().to_path_buf();
    let mut watch = Streaming::start(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &dir,
        "ls-w-frozen",
        &[],
    );
    watch.until(Duration::from_secs(15), "the first provider", |v| {
        is_provider(v, "ADDED", "127.0.9.1")
    });
    let pid = watch.pid();
    // A hung member keeps its TLS connection open and silent: only the client's own timeout
    // (2/3 of the session) tells it to go elsewhere, through a new handshake.
    let m = tls_member_of(&e.ens, pid);
    e.ens.member(m).freeze();
    let t0 = Instant::now();
    PROVIDERS.add(&e.ens, &voters_but(&[m]), root, "127.0.9.2");
    let (_, at) = watch.until(failover_bound(), "ADDED with its member frozen", |v| {
        is_provider(v, "ADDED", "127.0.9.2")
    });
    eprintln!("TLS watch, zk{m} frozen: change shown after {:?}", at - t0);
    let now_on = tls_member_of(&e.ens, pid);
    e.ens.member(m).thaw();
    assert!(now_on != m, "svcctl is still on the frozen zk{m}");
    e.ens.wait_serving(Duration::from_secs(30));
    assert_replays_to(&watch.seen, &["127.0.9.1", "127.0.9.2"]);
}

/// The `enabled` flag of provider `ip` in a `show -o json` run.
fn enabled(r: &support::Run, ip: &str) -> Value {
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.json();
    doc["providers"]
        .as_array()
        .expect("providers")
        .iter()
        .find(|p| p["address"] == format!("{ip}:20880"))
        .unwrap_or_else(|| panic!("no {ip} in {doc:#}"))["enabled"]
        .clone()
}

#[test]
fn a_mutation_over_mutual_tls_goes_through_the_ensemble_with_a_member_down() {
    let mut e = env();
    let root = "/t_tls_mutation";
    // One more than the test disables: svcctl refuses to disable the last one.
    for n in 1..=4 {
        PROVIDERS.add(&e.ens, &VOTERS, root, &format!("127.0.9.{n}"));
    }
    let leader = e.ens.leader().expect("a leader");
    let down = voters_but(&[leader])[0];
    e.ens.member(down).kill();

    // Without a client certificate the ensemble refuses, and says why.
    let ca = e.pki.file("ca.pem");
    let r = support::svcctl(&[
        "--registry",
        &e.ens.tls_address(&VOTERS),
        "--root",
        root,
        "--tls-ca",
        &ca,
        "disable",
        IFACE,
        "--provider",
        "127.0.9.1:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(
        r.stderr.contains("requires a TLS client certificate"),
        "{}",
        r.stderr
    );

    // With all three members given, the down one among them (the client shuffles them, so
    // three runs find it first with probability 19/27), each mutation is applied.
    for n in 1..=3 {
        let provider = format!("127.0.9.{n}:20880");
        let r = e.run(
            &VOTERS,
            root,
            &[
                "disable",
                IFACE,
                "--provider",
                &provider,
                "--yes",
                "-o",
                "json",
            ],
        );
        eprintln!(
            "disable with zk{down} down: exit {} after {:?}",
            r.code, r.elapsed
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.json()["result"], "applied", "{}", r.stdout);
        assert!(r.elapsed < Duration::from_secs(10), "{:?}", r.elapsed);
    }
    // Read back over TLS, and through the plain port of each live member: the writes are the
    // ensemble's, not one member's.
    let show = e.run(&VOTERS, root, &["show", IFACE, "-o", "json"]);
    for (ip, want) in [
        ("127.0.9.1", false),
        ("127.0.9.3", false),
        ("127.0.9.4", true),
    ] {
        assert_eq!(enabled(&show, ip), want, "{ip}: {}", show.stdout);
    }
    for id in voters_but(&[down]) {
        let plain = e.ens.member(id).address();
        let show = support::svcctl(&[
            "--registry",
            &plain,
            "--root",
            root,
            "show",
            IFACE,
            "-o",
            "json",
        ]);
        assert_eq!(enabled(&show, "127.0.9.2"), false, "via zk{id}");
    }
    e.ens.member(down).restart();
    e.ens.wait_serving(Duration::from_secs(30));
}

/// Lines of a member's log that tell of a refused TLS handshake.
fn refused_handshakes(e: &Env, id: u32) -> usize {
    let log = std::fs::read_to_string(e.ens.dir.path().join(format!("zk{id}/zk.log")))
        .unwrap_or_default();
    log.lines()
        .filter(|l| l.contains("Unsuccessful handshake"))
        .count()
}

#[test]
fn a_member_with_a_certificate_of_another_ca_is_refused_and_the_client_uses_the_others() {
    let mut e = env();
    let root = "/t_tls_untrusted";
    PROVIDERS.add(&e.ens, &VOTERS, root, "127.0.9.9");
    let untrusted = e
        .ens
        .members
        .iter()
        .find(|m| m.id == UNTRUSTED)
        .unwrap()
        .secure_port
        .unwrap();

    // Alone, it is refused, named, and the CA in use is named.
    let r = e.run(&[UNTRUSTED], root, &["ls", "-o", "name"]);
    assert_eq!(r.code, 7, "{}", r.stderr);
    let error = r.stderr.lines().next().unwrap_or_default();
    assert!(
        error.contains("is not trusted")
            && error.contains("UnknownIssuer")
            && error.contains(&format!("127.0.0.1:{untrusted}")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&e.pki.file("ca.pem")), "{}", r.stderr);

    // Listed with a trusted member, it is tried (the client shuffles them: five runs miss it
    // with probability 1/32) and left for the other.
    let before = refused_handshakes(&e, UNTRUSTED);
    for _ in 0..5 {
        let r = e.run(&[UNTRUSTED, 1], root, &["ls", "-o", "name"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stdout.trim(), IFACE, "{}", r.stderr);
    }
    let tried = refused_handshakes(&e, UNTRUSTED) - before;
    eprintln!("untrusted zk{UNTRUSTED} refused {tried} handshake(s) in 5 runs");
    assert!(tried > 0, "the untrusted member was never tried");

    // And when the member a watch is on dies, the watch goes on through the trusted member
    // left, never the untrusted one.
    let (m, stderr) = watch_through_a_kill(&mut e, &[UNTRUSTED, 1, 2], "/t_tls_untrusted_watch");
    eprintln!("ls -w over zk4,1,2 (zk{m} killed):\n{stderr}");
}

/// The providers a `top -b` JSON snapshot shows as present (tombstones left out).
/// Takes `top -b` snapshots until one shows exactly the providers at `ips`.
fn snapshot_with(top: &mut Streaming, within: Duration, what: &str, ips: &[&str]) -> Value {
    let want: BTreeSet<String> = ips.iter().map(|ip| format!("{ip}:20880")).collect();
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (v, _) = top.until(left.max(Duration::from_millis(1)), what, |_| true);
        if snapshot_addresses(&v) == want {
            return v;
        }
        assert!(Instant::now() < deadline, "{what}: last snapshot {v}");
    }
}

#[test]
fn top_batch_over_tls_keeps_up_when_its_member_is_killed() {
    let mut e = env();
    let root = "/t_tls_top";
    PROVIDERS.add(&e.ens, &VOTERS, root, "127.0.9.1");
    let args = e.args(&VOTERS, root, &["top", "-b", "-o", "jsonl", "-d", "500ms"]);
    let dir = e.ens.dir.path().to_path_buf();
    let mut top = Streaming::start(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        &dir,
        "top-b-tls",
        &[],
    );
    snapshot_with(
        &mut top,
        Duration::from_secs(15),
        "the first provider",
        &["127.0.9.1"],
    );
    let pid = top.pid();
    let m = tls_member_of(&e.ens, pid);
    e.ens.member(m).kill();
    let via = voters_but(&[m]);
    PROVIDERS.add(&e.ens, &via, root, "127.0.9.2");
    PROVIDERS.remove(&e.ens, &via, root, "127.0.9.1");
    let last = snapshot_with(
        &mut top,
        failover_bound(),
        "the changes made after the SIGKILL",
        &["127.0.9.2"],
    );
    assert_eq!(last["session"]["state"], "connected", "{last}");
    let now_on = tls_member_of(&e.ens, pid);
    assert!(now_on != m, "top is still on the killed zk{m}");
    e.ens.member(m).restart();
    e.ens.wait_serving(Duration::from_secs(30));
}
