//! Triple peers started for a test: dubbo-node (npm `@apachedubbo/dubbo-node`), which registers
//! nowhere, so the test writes its registration.
#![allow(dead_code)]

use std::process::Command;
use std::time::Duration;

use super::{free_port, project_dir, start_ready, ChildGuard};

/// The dubbo-node provider of tests/interop/triple/js on h2c: `com.example.JsGreeter` with
/// greet/echo/fail/crash. Returns the process and its port.
pub fn start_js_provider() -> (ChildGuard, u16) {
    start_js_flavour(None)
}

/// [`start_js_provider`], or with `flavour` "json-only" its gRPC protocols off, or with "http1"
/// on an HTTP/1.1 server.
pub fn start_js_flavour(flavour: Option<&str>) -> (ChildGuard, u16) {
    let dir = project_dir().join("tests/interop/triple/js");
    assert!(
        dir.join("node_modules/@apachedubbo/dubbo-node").is_dir(),
        "this test needs the npm packages: run scripts/install-deps.sh triple (npm ci in {})",
        dir.display()
    );
    let port = free_port();
    let mut cmd = Command::new("node");
    cmd.arg("provider.js")
        .arg(port.to_string())
        .current_dir(&dir);
    cmd.args(flavour);
    let (child, ready, _) = start_ready(&mut cmd, "provider.js", Duration::from_secs(30));
    assert_eq!(ready, port);
    (child, port)
}
