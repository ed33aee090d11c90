//! A real terminal for TUI tests: tmux on a private socket, with send-keys and capture-pane.
#![allow(dead_code)]

use std::cell::Cell;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
    pub name: String,
    /// An Escape was sent and the screen not read since (see [`Tmux::keys`]).
    escape_pending: Cell<bool>,
}

/// tmux is installed by scripts/install-deps.sh; missing, the test fails rather than skips.
pub fn require_tmux() {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "this test needs tmux (scripts/install-deps.sh installs it)"
    );
}

impl Tmux {
    /// Runs `command` (a shell command line) in a new detached session of `w`×`h`. After the
    /// command ends the pane prints `EXIT=<code>` and stays, so its last screen can be read.
    pub fn start(command: &str, w: u16, h: u16) -> Tmux {
        require_tmux();
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = dir.path().join("tmux.sock");
        let t = Tmux {
            socket,
            _dir: dir,
            name: "t".into(),
            escape_pending: Cell::new(false),
        };
        let wrapped = format!("{command}; echo EXIT=$?; sleep 600");
        let st = t
            .cmd()
            .args(["new-session", "-d", "-s", &t.name, "-x"])
            .arg(w.to_string())
            .arg("-y")
            .arg(h.to_string())
            .arg(wrapped)
            .status()
            .expect("run tmux");
        assert!(st.success(), "tmux new-session failed");
        t
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(&self.socket);
        c
    }

    /// Sends keys by tmux name. An Escape must be the last key sent until the screen shows its
    /// effect: when the app reads ESC together with what follows, crossterm parses the pair as
    /// one key (ESC ESC is a single Esc, ESC x is Alt+x), which happens only under load, so
    /// this refuses it every time instead.
    pub fn keys(&self, keys: &[&str]) {
        self.no_escape_pending();
        if let Some(i) = keys.iter().position(|k| *k == "Escape") {
            assert!(
                i + 1 == keys.len(),
                "send no key after Escape in one call: {keys:?}"
            );
        }
        self.escape_pending.set(keys.last() == Some(&"Escape"));
        let st = self
            .cmd()
            .args(["send-keys", "-t", &self.name])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(st.success());
    }

    /// Types text literally (no key-name lookup).
    pub fn type_text(&self, text: &str) {
        self.no_escape_pending();
        let st = self
            .cmd()
            .args(["send-keys", "-l", "-t", &self.name, text])
            .status()
            .expect("send-keys");
        assert!(st.success());
    }

    fn no_escape_pending(&self) {
        assert!(
            !self.escape_pending.get(),
            "wait for the screen to show the Escape's effect before the next key"
        );
    }

    pub fn capture(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn display(&self, fmt: &str) -> String {
        let out = self
            .cmd()
            .args(["display", "-p", "-t", &self.name, fmt])
            .output()
            .expect("display");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn alternate_on(&self) -> bool {
        self.display("#{alternate_on}") == "1"
    }

    /// The pid of the command under the pane's shell.
    pub fn command_pid(&self) -> Option<u32> {
        let shell = self.display("#{pane_pid}");
        let out = Command::new("pgrep").args(["-P", &shell]).output().ok()?;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .next()
    }

    /// Waits until the screen satisfies `pred`; on timeout, fails showing the screen.
    pub fn wait_for(&self, what: &str, within: Duration, pred: impl Fn(&str) -> bool) -> String {
        let t0 = Instant::now();
        loop {
            let screen = self.capture();
            if pred(&screen) {
                self.escape_pending.set(false);
                return screen;
            }
            if t0.elapsed() > within {
                panic!("timed out after {within:?} waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn wait_text(&self, text: &str, within: Duration) -> String {
        self.wait_for(&format!("{text:?}"), within, |s| s.contains(text))
    }

    /// The exit code the pane printed, once the command ended.
    pub fn wait_exit(&self, within: Duration) -> i32 {
        let screen = self.wait_for("the command to exit", within, |s| s.contains("EXIT="));
        let code = screen
            .split("EXIT=")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|c| c.parse().ok())
            .unwrap_or(-1);
        code
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

/// The line of the screen that contains `needle`.
pub fn line_with<'a>(screen: &'a str, needle: &str) -> Option<&'a str> {
    screen.lines().find(|l| l.contains(needle))
}
