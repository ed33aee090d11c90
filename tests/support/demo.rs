//! The demo provider binary as a test peer: registered by itself (`--registry`, `--root`) or
//! serving only, with its per-request log (`--log-calls`) collected so a test can see from the
//! provider's side which calls reached it.
#![allow(dead_code)]

use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct DemoProcess {
    child: Option<Child>,
    pub port: u16,
    /// The QoS port, when started with `--qos-port`.
    pub qos_port: Option<u16>,
    /// Every `call …` line the provider printed so far.
    calls: Arc<Mutex<Vec<String>>>,
}

impl DemoProcess {
    /// Starts `svcctl-demo-provider --port 0 --log-calls ARGS…` and waits for `ready <port>`.
    pub fn start(args: &[&str]) -> DemoProcess {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_svcctl-demo-provider"));
        cmd.args(["--port", "0", "--log-calls"]).args(args);
        let (mut guard, port, lines) =
            super::start_ready(&mut cmd, "demo provider", Duration::from_secs(20));
        // With QoS on, the next line is `qos <port>`.
        let qos_port = args.contains(&"--qos-port").then(|| {
            let line = lines
                .recv_timeout(Duration::from_secs(5))
                .expect("demo provider did not print `qos <port>`");
            line.strip_prefix("qos ")
                .and_then(|p| p.trim().parse().ok())
                .unwrap_or_else(|| panic!("unexpected line after ready: {line:?}"))
        });
        let calls = Arc::new(Mutex::new(Vec::new()));
        let sink = calls.clone();
        std::thread::spawn(move || {
            for line in lines {
                if line.starts_with("call ") {
                    sink.lock().unwrap().push(line);
                }
            }
        });
        // Dropping a DemoProcess stops the provider gracefully (see Drop), not with SIGKILL.
        DemoProcess {
            child: guard.0.take(),
            port,
            qos_port,
            calls,
        }
    }

    /// Starts an instance registered in `zk` under `root`.
    pub fn registered(zk: &str, root: &str, instance: &str, extra: &[&str]) -> DemoProcess {
        let mut args = vec!["--registry", zk, "--root", root, "--instance", instance];
        args.extend_from_slice(extra);
        DemoProcess::start(&args)
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Calls served so far, by the provider's own log. Waits a little for the log to settle
    /// (the line is printed before the reply is sent, but read by another thread).
    pub fn calls(&self) -> usize {
        let mut last = self.calls.lock().unwrap().len();
        let t0 = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(50));
            let now = self.calls.lock().unwrap().len();
            if now == last || t0.elapsed() > Duration::from_secs(2) {
                return now;
            }
            last = now;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }
}

impl Drop for DemoProcess {
    /// SIGTERM first, so the provider removes its nodes at once; then kill.
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &c.id().to_string()])
                .status();
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs(3) {
                if matches!(c.try_wait(), Ok(Some(_))) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
