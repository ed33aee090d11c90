//! What a person types and reads around `invoke`: a provider's error as one line (full text
//! under -v and in -o json) and negative numbers as arguments. Against the real demo provider
//! binary, called directly (`--provider`), so no registry is needed.

mod support;

use std::time::Duration;

use support::{start_ready, svcctl, ChildGuard, Run};

fn start_provider() -> (ChildGuard, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_svcctl-demo-provider"));
    cmd.args(["--port", "0", "--no-register"]);
    let (guard, port, _) = start_ready(&mut cmd, "demo provider", Duration::from_secs(20));
    (guard, format!("127.0.0.1:{port}"))
}

fn invoke(addr: &str, args: &[&str]) -> Run {
    let mut all = vec!["invoke", "--provider", addr, "--version", "1.0.0"];
    all.extend_from_slice(args);
    svcctl(&all)
}

fn error_lines(r: &Run) -> Vec<&str> {
    r.stderr
        .lines()
        .filter(|l| l.starts_with("svcctl: error:"))
        .collect()
}

#[test]
fn a_status_error_is_one_line_with_the_full_text_under_v_and_in_json() {
    let (_p, addr) = start_provider();
    // The demo provider answers an unknown generic method as a Java 2.7 provider does: status
    // 70 with the whole stack trace (RpcException caused by NoSuchMethodException) as text.
    let r = invoke(&addr, &["com.example.UserService.nope", "[]"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    let lines = error_lines(&r);
    assert_eq!(lines.len(), 1, "{}", r.stderr);
    assert_eq!(
        lines[0],
        "svcctl: error: provider returned status 70 (SERVICE_ERROR): org.apache.dubbo.rpc.RpcException: \
         com.example.UserService.nope() (caused by java.lang.NoSuchMethodException)"
    );
    assert!(
        !r.stderr.contains("\\n") && !r.stderr.contains("\\t") && !r.stderr.contains("at org."),
        "no stack on the error line or elsewhere without -v:\n{}",
        r.stderr
    );

    let r = invoke(&addr, &["com.example.UserService.nope", "[]", "-v"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert_eq!(error_lines(&r).len(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("\n        at org.apache.dubbo.rpc.filter.GenericFilter.invoke(GenericFilter.java:139)\n"),
        "real newlines under -v:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "\n    Caused by: java.lang.NoSuchMethodException: com.example.UserService.nope()\n"
        ),
        "{}",
        r.stderr
    );

    let r = invoke(&addr, &["com.example.UserService.nope", "[]", "-o", "json"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["status"], "error");
    assert_eq!(j["error"]["status"], "SERVICE_ERROR");
    assert_eq!(j["error"]["status_code"], 70);
    let full = j["error"]["provider_message"].as_str().unwrap();
    assert!(
        full.starts_with(
            "org.apache.dubbo.rpc.RpcException: com.example.UserService.nope()\n\tat "
        ),
        "{full}"
    );
    assert!(
        full.contains("\nCaused by: java.lang.NoSuchMethodException"),
        "{full}"
    );
    assert!(!j["error"]["message"].as_str().unwrap().contains('\n'));
}

#[test]
fn a_thrown_exception_is_one_line() {
    let (_p, addr) = start_provider();
    let r = invoke(&addr, &["com.example.UserService.failOnDemand", "true"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        vec![
            "svcctl: error: com.example.UserService:1.0.0.failOnDemand: remote exception: \
              java.lang.IllegalArgumentException: failOnDemand(true): failing as asked"
        ],
    );
}

#[test]
fn negative_numbers_are_arguments() {
    let (_p, addr) = start_provider();
    let r = invoke(
        &addr,
        &["com.example.UserService.greet", "-1", "--types", "int"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json(), serde_json::json!("Hello, number -1!"));
    // Flags after a negative argument are still flags.
    let r = invoke(
        &addr,
        &[
            "com.example.UserService.greet",
            "-7",
            "-v",
            "--types",
            "int",
            "-o",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["result"], "Hello, number -7!");
    assert!(
        r.stderr.contains("attachments sent"),
        "-v parsed: {}",
        r.stderr
    );
    // Floats and exponents: the dry run shows the value that would be sent.
    for (arg, shown) in [("-1.5", "double -1.5"), ("-1e3", "-1000")] {
        let r = invoke(&addr, &["com.example.UserService.greet", arg, "--dry-run"]);
        assert_eq!(r.code, 0, "{arg}: {}", r.stderr);
        assert!(r.stdout.contains(shown), "{arg}:\n{}", r.stdout);
    }
    // bench takes them too, with its load flags around them.
    let r = svcctl(&[
        "bench",
        "com.example.UserService.greet",
        "-2",
        "-n",
        "3",
        "--types",
        "int",
        "--provider",
        &addr,
        "--version",
        "1.0.0",
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["ok_count"], 3);
    // An unknown flag is still refused (it is not a number).
    let r = invoke(&addr, &["com.example.UserService.greet", "-x"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("'-x'"), "{}", r.stderr);
}

/// `--provider` takes a provider URL as `show` prints it: the address is called, its path and
/// parameters are ignored. A URL of another protocol, or no port, is a usage error (exit 2)
/// that says which, before anything is sent.
#[test]
fn provider_urls_pasted_from_show_are_called() {
    let (_p, addr) = start_provider();
    let url = format!(
        "dubbo://{addr}/com.example.UserService?anyhost=true&methods=getById,whoami&version=1.0.0"
    );
    let r = invoke(
        &url,
        &["com.example.UserService.getById", "[7]", "-o", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["result"]["id"], 7, "{}", r.stdout);

    let port = addr.rsplit_once(':').unwrap().1;
    for (given, says) in [
        (format!("http://127.0.0.1:{port}"), "not http://"),
        (
            "dubbo://127.0.0.1/com.example.UserService".to_string(),
            "no port given",
        ),
    ] {
        let r = invoke(&given, &["com.example.UserService.getById", "[7]"]);
        assert_eq!(r.code, 2, "{given}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{given}: {}", r.stderr);
        assert!(r.stderr.contains("hint:"), "{given}: {}", r.stderr);
    }
}

/// Counts and durations that would run nothing, or fail every call at once, are usage errors
/// naming the flag, before anything is sent (the provider sees no call).
#[test]
fn zero_counts_and_durations_are_refused_by_name() {
    let p = support::demo::DemoProcess::start(&["--no-register"]);
    let addr = p.addr();
    let call = "com.example.UserService.whoami";
    for (args, flag) in [
        (vec![call, "--timeout", "0s"], "--timeout"),
        (vec![call, "--timeout", "0"], "--timeout"),
        (vec![call, "-n", "0"], "--requests"),
        (vec![call, "-n", "5", "-c", "0"], "--concurrency"),
        (vec![call, "-z", "0ms"], "--duration"),
        (vec![call, "-n", "5", "--rps", "-1"], "--rps"),
    ] {
        let r = invoke(&addr, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(flag), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
    assert_eq!(p.calls(), 0);
}
