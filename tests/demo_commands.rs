//! Every svcctl command the README and scripts/demo.sh suggest works on the demo: the demo
//! registry (fixtures/demo-registry.txt) in a ZooKeeper of its own at the default root, two demo
//! providers registered there as scripts/demo.sh starts them, and each command run as written
//! with SVCCTL_REGISTRY set. A command that reaches an unreachable provider fails here (exit
//! code, or an invoke slower than its 3 s timeout).
//!
//! Needs: Debian's `zookeeper` package.

mod support;

use std::io::BufRead;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::demo::DemoProcess;
use support::{seed, svcctl_cmd, ChildGuard, ZkServer};

/// Splits a shell line into words: single and double quotes, `#` comments, and a pipeline cut
/// at the first unquoted `|` (the part after it is not svcctl's).
fn shell_words(line: &str) -> (Vec<String>, bool) {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut piped = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') if !in_word => break,
            (None, '|') => {
                piped = true;
                break;
            }
            // A redirect to a file: the test writes stdout there (see `redirect_of`).
            (None, '>') => break,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
        let _ = chars.peek();
    }
    if in_word {
        words.push(cur);
    }
    (words, piped)
}

/// `svcctl …` lines in the README's code blocks (also `$ svcctl …` transcripts), and the
/// `target/release/svcctl …` lines of scripts/demo.sh.
fn suggested_commands() -> Vec<String> {
    let root = support::project_dir();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut in_code = false;
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        let l = line.trim_start();
        let l = l.strip_prefix("$ ").unwrap_or(l);
        if in_code && l.starts_with("svcctl ") {
            out.push(l.to_string());
        }
    }
    let demo = std::fs::read_to_string(root.join("scripts/demo.sh")).unwrap();
    for line in demo.lines() {
        if let Some((_, rest)) = line.split_once("target/release/svcctl ") {
            out.push(format!("svcctl {rest}"));
        }
    }
    out
}

/// `> FILE` at the end of a command line, if any.
fn redirect_of(line: &str) -> Option<String> {
    let before_comment = line.split(" #").next().unwrap_or(line);
    let (_, file) = before_comment.rsplit_once('>')?;
    Some(file.trim().to_string()).filter(|f| !f.is_empty() && !f.contains(' '))
}

/// Run lengths a test can afford; the command is otherwise as written.
fn shorten(words: &mut [String]) {
    for w in words.iter_mut() {
        match w.as_str() {
            "30s" => *w = "1s".into(),
            "10000" => *w = "1000".into(),
            _ => {}
        }
    }
}

#[test]
fn every_suggested_command_works_on_the_demo() {
    let zk = ZkServer::start();
    let registry = format!("zookeeper://{}", zk.address());
    // The seeding session owns the ephemeral entries: keep it alive (pinging) throughout.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let text =
        std::fs::read_to_string(support::project_dir().join("fixtures/demo-registry.txt")).unwrap();
    let _client = rt.block_on(async {
        let client = zk.client().await;
        seed::seed(
            &client,
            "/dubbo",
            &seed::parse(&text),
            &support::project_dir().join("fixtures"),
        )
        .await;
        client
    });
    let _providers: Vec<DemoProcess> = ["demo-1", "demo-2"]
        .iter()
        .map(|i| DemoProcess::registered(&zk.address(), "/dubbo", i, &[]))
        .collect();

    let commands = suggested_commands();
    assert!(
        commands.len() >= 20,
        "found only {} commands: {commands:?}",
        commands.len()
    );
    assert!(
        commands.iter().any(|c| c.contains("OrderService")),
        "{commands:?}"
    );
    let mut failures = Vec::new();
    // Files the commands write and read (`> invoice.json`, `-d @invoice.json`) live here.
    let workdir = tempfile::tempdir().unwrap();
    for line in &commands {
        let (mut words, piped) = shell_words(line);
        assert_eq!(words[0], "svcctl", "{line}");
        words.remove(0);
        shorten(&mut words);
        // The dashboard needs a terminal (tests/top_tui.rs drives it in tmux); here it runs in
        // batch mode, which shares its state, sources and load.
        if words[0] == "top" && !words.iter().any(|w| w == "-b") {
            words.extend(["-b", "-n", "2", "-d", "300ms"].map(String::from));
        }
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let mut cmd = svcctl_cmd(&args);
        cmd.env("SVCCTL_REGISTRY", &registry)
            .current_dir(workdir.path());
        if args.contains(&"-w") {
            // Watch mode runs until stopped: it must print the current list.
            let mut child = ChildGuard(Some(
                cmd.stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap(),
            ));
            let stdout = child.child().stdout.take().unwrap();
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                for l in std::io::BufReader::new(stdout)
                    .lines()
                    .map_while(Result::ok)
                {
                    let _ = tx.send(l);
                }
            });
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(first) if first.contains("SERVICE") => {}
                other => failures.push(format!("{line}: watch printed {other:?}")),
            }
            continue;
        }
        let t0 = Instant::now();
        let out = cmd.stdin(Stdio::null()).output().unwrap();
        let took = t0.elapsed();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if let Some(file) = redirect_of(line) {
            std::fs::write(workdir.path().join(file), &out.stdout).unwrap();
        }
        let single_call =
            args[0] == "invoke" && !args.iter().any(|a| ["-n", "-z", "-c"].contains(a));
        if !out.status.success() {
            failures.push(format!("{line}: exit {:?}\n{stderr}", out.status.code()));
        } else if single_call && took > Duration::from_millis(2500) {
            failures.push(format!(
                "{line}: took {took:?} (a provider timed out?)\n{stderr}"
            ));
        } else if stdout.trim().is_empty() {
            failures.push(format!("{line}: printed nothing\n{stderr}"));
        } else if piped && serde_json::from_str::<serde_json::Value>(&stdout).is_err() {
            failures.push(format!("{line}: the pipeline gets no JSON:\n{stdout}"));
        }
        // A call that happened to pick a good provider proves little: broadcast calls every
        // enabled provider of the service, so one unreachable address fails it, whatever the
        // network does with the packets.
        let calls = single_call
            && !args
                .iter()
                .any(|a| ["--dry-run", "--template", "--cluster"].contains(a));
        if calls {
            let mut all = args.clone();
            all.extend(["--cluster", "broadcast"]);
            let mut cmd = svcctl_cmd(&all);
            cmd.env("SVCCTL_REGISTRY", &registry)
                .current_dir(workdir.path());
            let out = cmd.stdin(Stdio::null()).output().unwrap();
            if !out.status.success() {
                failures.push(format!(
                    "{line} --cluster broadcast: exit {:?}\n{}",
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn shell_words_split_like_a_shell() {
    assert_eq!(
        shell_words(r#"svcctl invoke X.greet '["a","b"]' --types a,b   # comment"#),
        (
            vec![
                "svcctl",
                "invoke",
                "X.greet",
                r#"["a","b"]"#,
                "--types",
                "a,b"
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            false
        )
    );
    assert_eq!(
        shell_words("svcctl ls -o json | jq '.x'"),
        (
            vec!["svcctl", "ls", "-o", "json"]
                .into_iter()
                .map(String::from)
                .collect(),
            true
        )
    );
}
