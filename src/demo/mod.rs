//! The demo provider: a Dubbo 2.7-style provider written in Rust, used by the tests and the
//! README quick start. It serves Dubbo/Hessian2 (direct calls, generic `$invoke`, `$echo`,
//! heartbeats) and registers in ZooKeeper the way a Java provider does.
//!
//! Layout: `services` (what is exported, pure), `dispatch` (request → answer, pure),
//! `server` (TCP I/O), `registry` (ZooKeeper registration).

pub mod dispatch;
pub mod ledger;
pub mod registry;
pub mod server;
pub mod services;
pub mod typedefs;

pub use registry::Registration;
pub use server::{DemoConfig, DemoProvider};
