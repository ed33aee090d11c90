//! The demo provider: a Dubbo 2.7-style provider written in Rust, used by the tests and the
//! README quick start. It serves Dubbo/Hessian2 (direct calls, generic `$invoke`, `$echo`,
//! heartbeats) and registers in ZooKeeper the way a Java provider does.
//!
//! It also reports its load the two ways `svcctl top` reads it: Dubbo 2.7's telnet `count` on
//! the Dubbo port and Dubbo 3's QoS `GET /metrics`.
//!
//! Layout: `services` (what is exported, pure), `dispatch` (request → answer, pure),
//! `stats` (live counters and their two renderings), `telnet` (console line → answer, pure),
//! `server` (TCP I/O), `qos` (HTTP I/O), `registry` (ZooKeeper registration).

pub mod dispatch;
pub mod instance;
pub mod ledger;
pub mod qos;
pub mod registry;
pub mod server;
pub mod services;
pub mod stats;
pub mod telnet;
pub mod typedefs;

pub use registry::Registration;
pub use server::{DemoConfig, DemoProvider, DEFAULT_EXECUTES};
