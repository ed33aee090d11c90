//! svcctl: a command-line toolkit for Apache Dubbo services on a ZooKeeper registry.
//!
//! The binary only parses arguments and calls [`run`]; everything else lives here so tests can
//! drive commands in-process.

pub mod demo;
pub mod error;
pub mod exit;
pub mod protocol;

pub use error::{Error, Result};
