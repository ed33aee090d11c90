//! `svcctl top` as a person uses it: the real binary in a real terminal (tmux), against a real
//! ZooKeeper and demo providers that come and go. Also batch mode and the refusals.
//!
//! Needs: Debian's `zookeeper` package and tmux (scripts/install-deps.sh installs both).

mod support;

use std::time::Duration;

use support::demo::DemoProcess;
use support::tmux::{line_with, Tmux};
use support::{svcctl, ZkServer};

const USER: &str = "com.example.UserService";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_svcctl")
}

/// The command line of `svcctl ARGS` against `root` of the shared test ZooKeeper.
fn top_command(zk: &ZkServer, root: &str, args: &str) -> String {
    format!(
        "NO_COLOR=1 SVCCTL_CONFIG=/nonexistent {} --registry zookeeper://{} --root {root} {args}",
        bin(),
        zk.address()
    )
}

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn follows_churn_and_restores_the_terminal() {
    let zk = ZkServer::shared();
    let root = "/top-churn";
    let a = DemoProcess::registered(&zk.address(), root, "a", &[]);
    let b = DemoProcess::registered(&zk.address(), root, "b", &[]);
    let tmux = Tmux::start(&top_command(zk, root, &format!("top {USER}")), 120, 36);
    let screen = tmux.wait_text(&b.addr(), WAIT);
    assert!(screen.contains(&a.addr()), "{screen}");
    assert!(screen.contains("ACTIVE"), "{screen}");
    assert!(screen.contains("connected"), "{screen}");
    assert!(
        tmux.alternate_on(),
        "the dashboard uses the alternate screen"
    );

    // A provider arrives: marked `new` (a word, not only a colour).
    let c = DemoProcess::registered(&zk.address(), root, "c", &[]);
    let screen = tmux.wait_for("the new provider", WAIT, |s| {
        line_with(s, &c.addr()).is_some_and(|l| l.contains("new"))
    });
    assert!(screen.contains(&format!("+ {USER}")), "logged: {screen}");

    // One leaves: a tombstone marked `removed`, then it goes.
    let gone = a.addr();
    drop(a);
    tmux.wait_for("the tombstone", WAIT, |s| {
        line_with(s, &gone).is_some_and(|l| l.contains("removed"))
    });
    tmux.wait_for("the tombstone to go", WAIT, |s| {
        line_with(s, &gone).is_none_or(|l| l.contains(" - "))
            && !s
                .lines()
                .any(|l| l.contains(&gone) && l.contains("removed"))
    });

    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(WAIT), 0);
    assert!(!tmux.alternate_on(), "q leaves the alternate screen");
    drop((b, c));
}

#[test]
fn keys_help_filter_drill_down_and_sigterm() {
    let zk = ZkServer::shared();
    let root = "/top-keys";
    let a = DemoProcess::registered(&zk.address(), root, "a", &[]);
    let tmux = Tmux::start(&top_command(zk, root, "top"), 100, 30);
    tmux.wait_text("services (", WAIT);
    tmux.wait_text(USER, WAIT);
    tmux.keys(&["?"]);
    let help = tmux.wait_text("any key closes", WAIT);
    assert!(help.contains("freeze the display"), "{help}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("help to close", WAIT, |s| !s.contains("any key closes"));

    tmux.keys(&["/"]);
    tmux.type_text("UserServ");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_text("filter: UserServ", WAIT);
    assert!(!screen.contains("OrderService"), "{screen}");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_text("providers (1)", WAIT);
    assert!(screen.contains(&a.addr()), "{screen}");
    tmux.keys(&["Enter"]);
    let detail = tmux.wait_text("registration", WAIT);
    assert!(
        detail.contains("no active-count source") || detail.contains("active"),
        "{detail}"
    );
    // One Esc at a time, each seen done before the next: two ESC bytes the app reads at once
    // are a single Esc to crossterm's parser (ESC ESC is one key), so under load the second was
    // lost and the dashboard stayed on the providers view.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the detail to close", WAIT, |s| {
        !s.contains("registration") && s.contains("providers (1)")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_text("services (", WAIT);

    let pid = tmux.command_pid().expect("svcctl's pid");
    let st = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(st.success());
    assert_eq!(tmux.wait_exit(WAIT), 0, "SIGTERM leaves like q");
    assert!(!tmux.alternate_on(), "terminal restored after SIGTERM");
}

#[test]
fn load_shows_what_the_balancer_sees() {
    let zk = ZkServer::shared();
    let root = "/top-load";
    let a = DemoProcess::registered(&zk.address(), root, "a", &[]);
    let b = DemoProcess::registered(&zk.address(), root, "b", &[]);
    let tmux = Tmux::start(
        &top_command(
            zk,
            root,
            &format!("top {USER} --load 'slow [300]' -c 8 --lb roundrobin --no-probe"),
        ),
        140,
        30,
    );
    // Calls stay in flight 300 ms each, 8 at a time over two providers: ACTIVE counts them.
    let screen = tmux.wait_for("calls in flight from the load", WAIT, |s| {
        [a.addr(), b.addr()].iter().all(|addr| {
            line_with(s, addr).is_some_and(|l| {
                l.split_whitespace()
                    .any(|w| w.parse::<u64>().is_ok_and(|n| (1..=8).contains(&n)))
            })
        }) && s.contains("sources load")
    });
    assert!(screen.contains("ACTIVE"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(WAIT), 0);
    assert!(a.calls() > 0 && b.calls() > 0, "both providers were called");
}

#[test]
fn disable_from_the_dashboard_asks_first() {
    let zk = ZkServer::shared();
    let root = "/top-mutate";
    let a = DemoProcess::registered(&zk.address(), root, "a", &[]);
    let _b = DemoProcess::registered(&zk.address(), root, "b", &[]);
    let tmux = Tmux::start(&top_command(zk, root, &format!("top {USER}")), 140, 36);
    tmux.wait_text(&a.addr(), WAIT);
    // The first row is the lower address: a's port or b's; select a's row explicitly.
    tmux.keys(&["/"]);
    tmux.type_text(&a.addr());
    tmux.keys(&["Enter"]);
    tmux.wait_text("providers (1)", WAIT);
    tmux.keys(&["d"]);
    let confirm = tmux.wait_text("y apply", WAIT);
    assert!(confirm.contains("disable"), "{confirm}");
    assert!(
        confirm.contains("configurators"),
        "the exact change is shown: {confirm}"
    );
    tmux.keys(&["n"]);
    tmux.wait_text("nothing changed", WAIT);
    let show = svcctl(&[
        "--registry",
        &format!("zookeeper://{}", zk.address()),
        "--root",
        root,
        "show",
        USER,
        "-o",
        "json",
    ]);
    assert!(
        !show.stdout.contains("\"enabled\": false"),
        "nothing written after no: {}",
        show.stdout
    );
    tmux.keys(&["d"]);
    tmux.wait_text("y apply", WAIT);
    tmux.keys(&["y"]);
    tmux.wait_for("the provider to show disabled", WAIT, |s| {
        line_with(s, &a.addr()).is_some_and(|l| l.contains("disabled"))
    });
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(WAIT), 0);

    // Read-only: the key is refused, nothing is planned.
    let tmux = Tmux::start(
        &top_command(zk, root, &format!("--read-only top {USER}")),
        140,
        36,
    );
    tmux.wait_text(&a.addr(), WAIT);
    tmux.keys(&["e"]);
    // The header says `read-only` from the start; the refusal is the message.
    tmux.wait_text("svcctl will not change this registry", WAIT);
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(WAIT), 0);
}

#[test]
fn batch_mode_prints_json_snapshots() {
    let zk = ZkServer::shared();
    let root = "/top-batch";
    let a = DemoProcess::registered(&zk.address(), root, "a", &[]);
    let reg = format!("zookeeper://{}", zk.address());
    let run = svcctl(&[
        "--registry",
        &reg,
        "--root",
        root,
        "top",
        USER,
        "-b",
        "-n",
        "2",
        "-d",
        "200ms",
        "-o",
        "jsonl",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    let snap = &lines[1];
    assert_eq!(snap["session"]["state"], "connected");
    assert!(snap["time_ms"].as_i64().is_some());
    let providers = snap["providers"].as_array().expect("providers");
    assert_eq!(providers.len(), 1);
    let p = &providers[0];
    assert_eq!(p["address"], a.addr());
    for field in [
        "service",
        "application",
        "state",
        "weight",
        "registered_weight",
        "registration",
        "active",
        "active_source",
        "calls_per_s",
        "errors_per_s",
        "mean_ms",
        "uptime_ms",
        "last_change_ms",
        "removed",
    ] {
        assert!(p.get(field).is_some(), "missing {field}: {p}");
    }
    assert_eq!(p["registration"], "dynamic");
    // Its stat was read after the first snapshot: that is no change of the provider's.
    assert!(p["last_change_ms"].is_null(), "{p}");

    let table = svcctl(&["--registry", &reg, "--root", root, "top", "-b", "-n", "1"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table.stdout.contains("ACTIVE") && table.stdout.contains(&a.addr()),
        "{}",
        table.stdout
    );
}

#[test]
fn refuses_without_a_terminal_and_reports_an_unreachable_registry() {
    let run = svcctl(&["--registry", "zookeeper://127.0.0.1:1", "top"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("-b") && run.stderr.contains("ls -w -o jsonl"),
        "{}",
        run.stderr
    );

    let run = svcctl(&[
        "--registry",
        "zookeeper://127.0.0.1:1",
        "--connect-timeout",
        "2s",
        "top",
        "-b",
    ]);
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot connect to ZooKeeper"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("svcctl: error"))
            .count(),
        1
    );

    let tmux_zk = Tmux::start(
        &format!(
            "SVCCTL_CONFIG=/nonexistent {} --registry zookeeper://127.0.0.1:1 --connect-timeout 2s top",
            bin()
        ),
        100,
        20,
    );
    assert_eq!(tmux_zk.wait_exit(WAIT), 7);
    let screen = tmux_zk.capture();
    assert!(screen.contains("cannot connect to ZooKeeper"), "{screen}");
    assert!(!tmux_zk.alternate_on());
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// In-flight counts from the providers themselves: a 2.7-style provider through telnet
/// `count`, a 3.x-style one through QoS metrics, while another process keeps calls in flight.
#[test]
fn provider_counts_from_telnet_and_metrics() {
    let zk = ZkServer::shared();
    let root = "/top-probes";
    let qos = free_port().to_string();
    let old = DemoProcess::registered(&zk.address(), root, "old", &[]);
    let new = DemoProcess::registered(
        &zk.address(),
        root,
        "new",
        &["--release", "3.2.16", "--qos-port", &qos],
    );
    let reg = format!("zookeeper://{}", zk.address());
    // Slow calls from a separate svcctl: 6 in flight, 3 s each, spread over both providers.
    let mut load = support::svcctl_cmd(&[
        "--registry",
        &reg,
        "--root",
        root,
        "bench",
        &format!("{USER}.slow"),
        "[3000]",
        "-z",
        "20s",
        "-c",
        "6",
        "--lb",
        "roundrobin",
        "--timeout",
        "10s",
    ])
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .expect("start the load");
    let tmux = Tmux::start(
        &top_command(zk, root, &format!("top {USER} --qos-port {qos} -d 500ms")),
        160,
        36,
    );
    let active = |line: &str, source: &str| {
        line.contains(source)
            && line
                .split_whitespace()
                .any(|w| w.parse::<u64>().is_ok_and(|n| (1..=6).contains(&n)))
    };
    // Keys typed before the dashboard is up reach a terminal not yet in raw mode.
    tmux.wait_text(&new.addr(), WAIT);
    tmux.keys(&["w"]);
    let screen = tmux.wait_for("telnet and metrics counts", WAIT, |s| {
        line_with(s, &old.addr()).is_some_and(|l| active(l, "telnet"))
            && line_with(s, &new.addr()).is_some_and(|l| active(l, "metrics"))
    });
    assert!(screen.contains("sources telnet,metrics"), "{screen}");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(WAIT), 0);
    let _ = load.kill();
    let _ = load.wait();
}
