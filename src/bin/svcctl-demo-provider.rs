//! Demo Dubbo provider for tests and the README quick start.
//!
//! Prints `ready <port>` on stdout once it serves (and is registered, with its 2.7 metadata
//! report), then `qos <port>` when the QoS port is on; unregisters and tells its consumers it is going away (readonly event) on SIGTERM or
//! Ctrl-C.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use svcctl::demo::instance::RegisterMode;
use svcctl::demo::{DemoConfig, DemoProvider, Registration};

#[derive(Parser, Debug)]
#[command(
    name = "svcctl-demo-provider",
    version,
    about = "Demo Dubbo provider (com.example.UserService, com.example.OrderService)"
)]
struct Args {
    /// TCP port on --host (0 picks a free one; the chosen port is printed).
    #[arg(long, default_value_t = 20880)]
    port: u16,
    /// Address to listen on and to register, e.g. ::1 for IPv6 loopback.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// ZooKeeper to register in, e.g. 127.0.0.1:2181. Without it the provider only serves.
    #[arg(long)]
    registry: Option<String>,
    /// Instance name returned by UserService.whoami().
    #[arg(long, default_value = "demo")]
    instance: String,
    /// `weight` URL parameter to register (load-balancing weight).
    #[arg(long)]
    weight: Option<u32>,
    /// `warmup` URL parameter in ms (consumers ramp the weight up for this long after start;
    /// Dubbo's default is 10 minutes). 0 turns warm-up off.
    #[arg(long, value_name = "MS")]
    warmup: Option<u64>,
    /// `application` URL parameter to register.
    #[arg(long, default_value = "svcctl-demo-provider")]
    application: String,
    /// Dubbo root node to register under (and to write the metadata report under).
    #[arg(long, default_value = "/dubbo", value_name = "PATH")]
    root: String,
    /// Serve without registering even if --registry is given.
    #[arg(long)]
    no_register: bool,
    /// Print `call <interface>.<method>` on stdout for each request served (after `ready`).
    #[arg(long)]
    log_calls: bool,
    /// `executes` URL parameter: concurrent calls allowed per method (more are refused). It is
    /// what makes Dubbo count calls for telnet `count`; 0 registers none (counters stay 0).
    #[arg(long, default_value_t = svcctl::demo::DEFAULT_EXECUTES, value_name = "N")]
    executes: u32,
    /// `telnet` URL parameter: console commands allowed on the Dubbo port ("" for none, as a
    /// 2.7.13+ provider without the parameter).
    #[arg(long, default_value = "count", value_name = "LIST")]
    telnet: String,
    /// `prompt` URL parameter: the telnet console's prompt instead of Dubbo's.
    #[arg(long, value_name = "TEXT")]
    telnet_prompt: Option<String>,
    /// `release` URL parameter; a 3.x release makes `svcctl top` read QoS metrics instead.
    #[arg(long, default_value = "2.7.23")]
    release: String,
    /// QoS HTTP port on --host serving `GET /metrics` (Prometheus text, Dubbo 3 style).
    /// 0 or absent: off.
    #[arg(long, value_name = "PORT")]
    qos_port: Option<u16>,
    /// Refuse every QoS caller, as Dubbo does one it does not trust: HTTP 403 with a 3.x
    /// --release, 2.7's "Foreign Ip Not Permitted." on connect otherwise.
    #[arg(long)]
    qos_deny: bool,
    /// What to register, as Dubbo 3's register-mode: interface-level nodes (`interface`), an
    /// application instance with its metadata and MetadataService (`instance`), or both (`all`).
    #[arg(long, value_enum, default_value = "interface")]
    register_mode: RegisterModeArg,
    /// Where an application instance keeps its metadata: only in the MetadataService (`local`,
    /// Dubbo 3's default) or also in the registry (`remote`).
    #[arg(long, value_enum, default_value = "local")]
    metadata_storage: StorageArg,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum RegisterModeArg {
    Interface,
    Instance,
    All,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum StorageArg {
    Local,
    Remote,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = DemoConfig {
        instance: args.instance,
        application: args.application,
        weight: args.weight,
        warmup_ms: args.warmup,
        root: args.root,
        log_calls: args.log_calls,
        executes: Some(args.executes).filter(|n| *n > 0),
        telnet: Some(args.telnet).filter(|t| !t.is_empty()),
        telnet_prompt: args.telnet_prompt,
        release: args.release,
        qos_port: args.qos_port.filter(|p| *p > 0),
        qos_deny: args.qos_deny,
        register_mode: match args.register_mode {
            RegisterModeArg::Interface => RegisterMode::Interface,
            RegisterModeArg::Instance => RegisterMode::Instance,
            RegisterModeArg::All => RegisterMode::All,
        },
        metadata_remote: matches!(args.metadata_storage, StorageArg::Remote),
        host: args.host.clone(),
    };
    let provider = match DemoProvider::bind(args.port, config.clone()).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "svcctl-demo-provider: cannot listen on {} port {} (or the QoS port {:?}): {e}",
                args.host, args.port, config.qos_port
            );
            return ExitCode::from(1);
        }
    };
    let registration = match (&args.registry, args.no_register) {
        (Some(zk), false) => {
            match Registration::register(zk, &config, provider.services(), provider.port()).await {
                Ok(r) => Some(r),
                Err(e) => {
                    eprintln!("svcctl-demo-provider: cannot register in ZooKeeper {zk}: {e}");
                    return ExitCode::from(7);
                }
            }
        }
        _ => None,
    };
    println!("ready {}", provider.port());
    if let Some(q) = provider.qos_port() {
        println!("qos {q}");
    }
    let _ = std::io::stdout().flush();

    wait_for_shutdown_signal().await;
    if let Some(r) = registration {
        r.unregister().await;
    }
    provider.shutdown().await;
    // Give consumers a moment to read the readonly event before the sockets close.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    ExitCode::SUCCESS
}

async fn wait_for_shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
