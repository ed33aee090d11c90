//! svcctl: a command-line toolkit for Apache Dubbo services on a ZooKeeper registry.
//!
//! The binary only parses arguments and calls [`main_with`]; everything else lives here so tests
//! can drive commands in-process.

pub mod cli;
pub mod cluster;
pub mod commands;
pub mod complete;
pub mod config;
pub mod demo;
pub mod error;
pub mod exit;
pub mod output;
pub mod protocol;
pub mod registry;
pub mod tui;

pub use error::{Error, Result};

use output::{sanitize, Out};

/// Runs a parsed command line to completion and returns the process exit code. Errors are
/// printed to stderr as `svcctl: error: …` plus a `hint:` line.
pub fn main_with(cli: cli::Cli) -> i32 {
    let out = Out::new(cli.global.output, cli.global.color, cli.global.no_headers);
    // Calls and load runs are latency-bound: one thread avoids cross-thread wake-ups between the
    // caller, the connection's reader and writer tasks (measured: ~45% more calls/s at
    // concurrency 1-128 against a local provider). Registry commands keep a second worker so
    // the ZooKeeper session keeps its heartbeats while a confirmation prompt blocks.
    let mut builder = if matches!(
        cli.command,
        cli::Command::Invoke(_) | cli::Command::Bench(_)
    ) {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(2);
        b
    };
    limit_malloc_arenas();
    let runtime = match builder.enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("svcctl: error: cannot start the async runtime: {e}");
            return exit::FAILURE;
        }
    };
    let result = runtime.block_on(commands::dispatch(cli, out));
    // Don't wait for lingering connection tasks (ZooKeeper session close is best-effort).
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(_) => exit::OK,
        Err(e) => report(&e),
    }
}

/// glibc gives threads their own heaps (up to eight per core), and tokio moves tasks between
/// its workers, so long-lived nodes and rows end up spread over several heaps, each with its
/// own free space. Under sustained churn (`top -b` at 100,000 providers, 500 changes/s) that
/// left ever more sub-page holes: RSS grew ~20 MB a minute while the bytes in use grew ~3, and
/// `malloc_trim` returned nothing. With fewer heaps the holes are reused (measured: a cap of
/// two halved the growth). `MALLOC_ARENA_MAX` in the environment still wins.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_ARENA_MAX: std::ffi::c_int = -8;
        extern "C" {
            fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            // SAFETY: mallopt is thread-safe and only sets an allocator parameter.
            unsafe {
                mallopt(M_ARENA_MAX, 1);
            }
        }
    }
}

/// Prints an error the one way svcctl prints errors, and returns its exit code.
pub fn report(e: &Error) -> i32 {
    if e.kind() == error::ErrorKind::Interrupted {
        // Not a failure of svcctl's: the user asked it to stop.
        eprintln!("svcctl: interrupted");
    } else if e.kind() != error::ErrorKind::BrokenPipe {
        eprintln!("svcctl: error: {}", sanitize(&e.to_string()));
        if let Some(h) = e.hint() {
            eprintln!("hint: {}", sanitize(h));
        }
    }
    e.exit_code()
}
