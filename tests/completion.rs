//! Registry-aware completion end to end: the real `svcctl` binary answering the requests the
//! shell scripts make (`COMPLETE=bash svcctl -- WORDS…`), against a real ZooKeeper seeded with
//! the demo registry, and against a ZooKeeper that is down (no hang, last list used).
//!
//! Needs: Debian's `zookeeper` package.

mod support;

use std::net::TcpListener;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::{runtime, seed, svcctl_cmd, ZkServer};

struct Completer {
    cache: tempfile::TempDir,
    config: std::path::PathBuf,
}

impl Completer {
    fn new() -> Completer {
        let cache = tempfile::tempdir().unwrap();
        let config = cache.path().join("config.toml");
        std::fs::write(
            &config,
            "current_context = \"staging\"\n\
             [contexts.staging]\nregistry = \"zookeeper://127.0.0.1:1\"\n\
             [contexts.prod]\nregistry = \"zookeeper://127.0.0.1:2\"\n\
             [contexts.prod-eu]\nregistry = \"zookeeper://127.0.0.1:3\"\n",
        )
        .unwrap();
        Completer { cache, config }
    }

    /// The candidates for the last word, as the bash registration asks for them; and how long
    /// it took.
    fn complete(&self, words: &[&str]) -> (Vec<String>, Duration) {
        self.complete_within(words, None)
    }

    /// [`Completer::complete`] with `SVCCTL_COMPLETE_TIMEOUT` set: tests of what is offered
    /// give a loaded CI machine more than the default 300 ms, which the deadline tests keep.
    fn complete_within(&self, words: &[&str], deadline: Option<&str>) -> (Vec<String>, Duration) {
        let mut all = vec!["--", "svcctl"];
        all.extend_from_slice(words);
        let t0 = Instant::now();
        let mut cmd = svcctl_cmd(&all);
        if let Some(d) = deadline {
            cmd.env("SVCCTL_COMPLETE_TIMEOUT", d);
        }
        let out = cmd
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", words.len().to_string())
            .env("_CLAP_IFS", "\n")
            .env("XDG_CACHE_HOME", self.cache.path())
            .env("SVCCTL_CONFIG", &self.config)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let took = t0.elapsed();
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        (
            text.lines()
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            took,
        )
    }

    fn cache_files(&self) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(self.cache.path().join("svcctl/complete"))
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default()
    }
}

/// The demo registry (fixtures/demo-registry.txt) under a root of its own.
fn seeded(zk: &ZkServer, root: &str) {
    let text =
        std::fs::read_to_string(support::project_dir().join("fixtures/demo-registry.txt")).unwrap();
    let entries: Vec<seed::Entry> = seed::parse(&text)
        .into_iter()
        .map(|e| match e {
            // Ephemeral entries would vanish with the seeding session; completion reads the same.
            seed::Entry::Url { url, .. } => seed::Entry::Url {
                ephemeral: false,
                url,
            },
            other => other,
        })
        .collect();
    runtime().block_on(async {
        let client = zk.client().await;
        seed::seed(
            &client,
            root,
            &entries,
            &support::project_dir().join("fixtures"),
        )
        .await;
    });
}

#[test]
fn candidates_come_from_the_registry() {
    let zk = ZkServer::shared();
    let root = format!("/complete-{}", std::process::id());
    seeded(zk, &root);
    let c = Completer::new();
    let reg = zk.address();
    let at = |rest: &[&str]| {
        let mut w = vec!["--registry", reg.as_str(), "--root", root.as_str()];
        w.extend_from_slice(rest);
        c.complete_within(&w, Some("10s")).0
    };

    // Services, short and full, for every verb that takes SERVICE.
    for verb in [
        "show",
        "disable",
        "enable",
        "static",
        "dynamic",
        "unregister",
        "ls",
        "top",
    ] {
        assert_eq!(at(&[verb, "User"]), vec!["UserProfileService"], "{verb}");
        assert_eq!(
            at(&[verb, "com.example.U"]),
            vec!["com.example.UserProfileService"],
            "{verb}"
        );
    }
    // Case does not have to match when nothing else does (SERVICE resolves that way too).
    assert_eq!(at(&["show", "audit"]), vec!["AuditLog"]);
    assert_eq!(
        at(&["weight", "com.example.S"]),
        vec!["com.example.ShipmentService"]
    );
    assert_eq!(
        at(&["register", "--static", "Inv"]),
        vec!["InventoryService"]
    );
    // Methods after SERVICE. (from the providers' methods=), for invoke and bench.
    assert_eq!(
        at(&["invoke", "UserProfileService.f"]),
        vec!["UserProfileService.findByName"]
    );
    assert_eq!(
        at(&["bench", "com.example.ShipmentService."]),
        vec![
            "com.example.ShipmentService.cancel",
            "com.example.ShipmentService.ship",
            "com.example.ShipmentService.track"
        ]
    );
    // The providers of the service on the command line.
    assert_eq!(
        at(&["disable", "UserProfileService", "--provider", "10.20.1.1"]),
        vec!["10.20.1.11:20880", "10.20.1.12:20880", "10.20.1.13:20880"]
    );
    assert_eq!(
        at(&["invoke", "ShipmentService.track", "-1", "--provider", ""]),
        vec!["10.20.3.31:20881", "10.20.3.32:20881", "10.20.3.33:20881"]
    );
    assert_eq!(
        at(&["enable", "ShipmentService", "--host", "10.20.3.3"]),
        vec!["10.20.3.31", "10.20.3.32", "10.20.3.33"]
    );
    assert_eq!(
        at(&["show", "ShipmentService", "--group", ""]),
        vec!["outlet", "shop"]
    );
    assert_eq!(
        at(&["invoke", "UserProfileService.getById", "--version", ""]),
        vec!["1.0.0", "2.0.0"]
    );
    assert_eq!(
        at(&["disable", "UserProfileService", "--app", "user"]),
        vec!["user-service", "user-service-v2"]
    );
    // Fixed values and contexts need no registry.
    assert_eq!(
        at(&["invoke", "x", "--lb", "r"]),
        vec!["random", "roundrobin"]
    );
    assert_eq!(
        at(&["bench", "x", "--cluster", "fa"]),
        vec!["failover", "failfast", "failsafe"]
    );
    assert_eq!(at(&["ls", "-o", "j"]), vec!["json", "jsonl"]);
    assert_eq!(c.complete(&["--context", "pr"]).0, vec!["prod", "prod-eu"]);
    let names: Vec<String> = c
        .complete(&["context", "use", ""])
        .0
        .into_iter()
        .filter(|w| !w.starts_with('-'))
        .collect();
    assert_eq!(names, vec!["prod", "prod-eu", "staging"]);
}

#[test]
fn with_zookeeper_down_tab_returns_within_the_deadline() {
    let c = Completer::new();
    // A port that accepts connections and never answers: the worst case (no refusal).
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_addr = silent.local_addr().unwrap().to_string();
    // A closed port.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    for reg in [&silent_addr, &closed] {
        let (got, took) = c.complete(&["--registry", reg, "show", "U"]);
        assert!(got.is_empty(), "{got:?}");
        // 300 ms deadline plus the process start of a debug binary.
        assert!(took < Duration::from_millis(1500), "{reg}: took {took:?}");
        let (got, took) = c.complete(&[
            "--registry",
            reg,
            "invoke",
            "UserService.getById",
            "--provider",
            "",
        ]);
        assert!(got.is_empty(), "{got:?}");
        assert!(took < Duration::from_millis(1500), "{reg}: took {took:?}");
    }
    // SVCCTL_COMPLETE_TIMEOUT gives a slow registry longer, and is still a bound.
    let (got, took) = c.complete_within(&["--registry", &silent_addr, "show", "U"], Some("1500ms"));
    assert!(got.is_empty(), "{got:?}");
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_millis(3000),
        "took {took:?}"
    );
    drop(silent);
}

#[test]
fn the_cache_answers_while_zookeeper_is_down() {
    let mut zk = ZkServer::start();
    seeded(&zk, "/dubbo");
    let c = Completer::new();
    let reg = zk.address();
    let (got, _) = c.complete_within(&["--registry", &reg, "show", "Ship"], Some("10s"));
    assert_eq!(got, vec!["ShipmentService"]);
    let (got, _) = c.complete_within(
        &["--registry", &reg, "invoke", "ShipmentService.t"],
        Some("10s"),
    );
    assert_eq!(got, vec!["ShipmentService.track"]);
    assert!(!c.cache_files().is_empty(), "nothing cached");
    zk.stop();
    // The test sets the cache's age itself: ZooKeeper's shutdown alone can outlast the 5 s TTL
    // on a loaded machine, and a stale entry would be asked about instead of answering.
    let written = |ms: i64| {
        for f in c.cache_files() {
            let mut doc: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
            doc["written_ms"] = serde_json::json!(ms);
            std::fs::write(&f, serde_json::to_vec(&doc).unwrap()).unwrap();
        }
    };
    let now_ms = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
    };
    // Where ZooKeeper was, a port that accepts connections and never answers: a completion
    // that asks it waits out its whole deadline, so the time taken tells whether it asked,
    // with a margin no loaded machine's process start comes near.
    let silent = TcpListener::bind(&reg).expect("rebind ZooKeeper's port after it stopped");

    // Within the TTL: the cache answers without asking.
    written(now_ms());
    let (got, took) = c.complete_within(&["--registry", &reg, "show", "Ship"], Some("10s"));
    assert_eq!(got, vec!["ShipmentService"]);
    assert!(
        took < Duration::from_secs(5),
        "took {took:?}: the registry was asked"
    );
    // Past the TTL: the registry is asked, does not answer by the deadline, and the last list
    // is used.
    written(0);
    let (got, took) = c.complete_within(&["--registry", &reg, "show", "Ship"], Some("2s"));
    assert_eq!(got, vec!["ShipmentService"]);
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(7),
        "took {took:?}"
    );
    // Past the TTL with nothing listening: refused, and the last list at once, not after the
    // deadline.
    drop(silent);
    written(0);
    let (got, took) = c.complete_within(
        &["--registry", &reg, "invoke", "ShipmentService.t"],
        Some("10s"),
    );
    assert_eq!(got, vec!["ShipmentService.track"]);
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn completion_scripts_register_the_dynamic_completer() {
    let run = |args: &[&str], env: Option<&str>| {
        let mut cmd = svcctl_cmd(args);
        if let Some(shell) = env {
            cmd.env("COMPLETE", shell);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = run(&["completions", shell], None);
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
        assert_eq!(
            script,
            run(&[], Some(shell)),
            "{shell}: `completions` prints what COMPLETE={shell} does"
        );
        let fixed = run(&["completions", shell, "--static"], None);
        assert!(fixed.contains("unregister"), "{shell}: {fixed}");
        assert!(!fixed.contains("COMPLETE="), "{shell}");
    }
}

/// The bash registration, sourced by a real bash and called as bash calls it on TAB.
#[test]
fn bash_completes_through_the_registration() {
    let zk = ZkServer::shared();
    let root = format!("/complete-bash-{}", std::process::id());
    seeded(zk, &root);
    let c = Completer::new();
    let bin = env!("CARGO_BIN_EXE_svcctl");
    let script = format!(
        "source <('{bin}' completions bash)\n\
         COMP_WORDS=(svcctl --root {root} invoke UserProfileService.get)\nCOMP_CWORD=4\nCOMP_TYPE=9\n\
         _clap_complete_svcctl svcctl UserProfileService.get invoke\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n"
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .env("SVCCTL_REGISTRY", zk.address())
        .env("SVCCTL_CONFIG", &c.config)
        .env("XDG_CACHE_HOME", c.cache.path())
        .env("SVCCTL_COMPLETE_TIMEOUT", "10s")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .collect::<Vec<_>>(),
        vec!["UserProfileService.getById"],
        "{out:?}"
    );
}
