//! The command line, declared with clap. Only declarations: behaviour lives in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};

use crate::complete as comp;

use crate::output::{ColorChoice, Format};

const AFTER_HELP: &str = "\
Registry selection (first match wins): --registry, SVCCTL_REGISTRY, --context, SVCCTL_CONTEXT,
the config file's current context, zookeeper://127.0.0.1:2181.
Config file: $SVCCTL_CONFIG, else $XDG_CONFIG_HOME/svcctl/config.toml, else ~/.config/svcctl/config.toml.";

#[derive(Debug, Parser)]
#[command(
    name = "svcctl",
    version,
    about = "Inspect, control and call Apache Dubbo services registered in ZooKeeper",
    long_about = "svcctl reads the Dubbo registry in ZooKeeper (who provides and consumes a service right now), \
changes registrations the way Dubbo and its admin console do, and calls services over the Dubbo protocol.",
    after_long_help = after_long_help()
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

fn after_long_help() -> String {
    format!(
        "{AFTER_HELP}\n\nExit status:\n{}",
        crate::exit::table_text()
    )
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Registry address: zookeeper://host:port[,host:port...][/chroot] (zookeeper+tls:// for TLS)
    // --zk and --zookeeper are what Dubbo's other tools (and our own test scripts) call it.
    #[arg(
        long,
        global = true,
        env = "SVCCTL_REGISTRY",
        value_name = "URL",
        aliases = ["zk", "zookeeper"]
    )]
    pub registry: Option<String>,
    /// Named context from the config file
    #[arg(long, global = true, env = "SVCCTL_CONTEXT", value_name = "NAME",
          add = ArgValueCompleter::new(comp::context_name))]
    pub context: Option<String>,
    /// Config file with contexts
    #[arg(long, global = true, env = "SVCCTL_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Dubbo root node in ZooKeeper
    #[arg(long, global = true, value_name = "PATH")]
    pub root: Option<String>,
    /// Output format
    #[arg(short, long, global = true, value_enum, default_value_t = Format::Table)]
    pub output: Format,
    /// When to colour output (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Omit table headers
    #[arg(long, global = true)]
    pub no_headers: bool,
    /// How long to wait for a ZooKeeper session, e.g. 3s
    #[arg(long, global = true, value_name = "DURATION")]
    pub connect_timeout: Option<String>,
    /// Refuse every registry mutation
    #[arg(long, global = true)]
    pub read_only: bool,
    /// TLS to ZooKeeper, trusting the CA certificate(s) in this PEM file (turns TLS on, as
    /// zookeeper+tls:// does; without it TLS trusts the system's CA bundle)
    #[arg(long, global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub tls_ca: Option<PathBuf>,
    /// Client certificate (PEM) for ZooKeeper servers that require one (ssl.clientAuth)
    #[arg(long, global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub tls_cert: Option<PathBuf>,
    /// Private key (PEM) of --tls-cert
    #[arg(long, global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub tls_key: Option<PathBuf>,
    /// More detail on stderr
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List services: providers (enabled/disabled), consumers, applications
    #[command(visible_alias = "list")]
    Ls(LsArgs),
    /// Show one service: providers, consumers, rules and methods
    #[command(visible_alias = "describe")]
    Show(ShowArgs),
    /// Every service a host provides or consumes
    Host(HostArgs),
    /// Live dashboard: provider churn and calls in flight per provider
    #[command(after_long_help = TOP_HELP)]
    Top(TopArgs),
    /// Call a service method over the Dubbo protocol (generic invoke by default)
    #[command(visible_alias = "call", after_long_help = LOAD_HELP)]
    Invoke(InvokeArgs),
    /// Load-test a method: `invoke` in load mode (200 calls unless -n or -z is given)
    #[command(after_long_help = LOAD_HELP)]
    Bench(InvokeArgs),
    /// Stop traffic to providers (override rule, enabled=false on a static registration, or a config-center rule)
    #[command(after_long_help = MUTATION_HELP)]
    Disable(ToggleArgs),
    /// Let disabled providers receive traffic again
    #[command(after_long_help = MUTATION_HELP)]
    Enable(ToggleArgs),
    /// Set providers' load-balancing weight: N, xN, /N, +N or -N
    #[command(after_long_help = MUTATION_HELP)]
    Weight(WeightArgs),
    /// Register a provider statically (persistent node, dynamic=false)
    #[command(after_long_help = MUTATION_HELP)]
    Register(RegisterArgs),
    /// Remove a static registration (never a live provider's own node)
    #[command(after_long_help = MUTATION_HELP)]
    Unregister(UnregisterArgs),
    /// Pin a live provider: keep it registered after its process exits
    #[command(name = "static", after_long_help = MUTATION_HELP)]
    Pin(PinArgs),
    /// Remove a pin, leaving the provider's own live registration
    #[command(name = "dynamic", after_long_help = MUTATION_HELP)]
    Unpin(PinArgs),
    /// Manage named registry contexts
    #[command(subcommand)]
    Context(ContextCommand),
    /// Print a shell completion script (registry-aware; experimental)
    #[command(after_long_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Write completions and man pages (for packagers)
    #[command(hide = true)]
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Case-insensitive substring or glob (*, ?, [..]) matched against the service key
    #[arg(add = ArgValueCompleter::new(comp::service))]
    pub pattern: Option<String>,
    /// Only services with a provider or consumer of this application
    #[arg(long, value_name = "APP")]
    pub app: Option<String>,
    /// Only services with a provider or consumer on this host (ip or ip:port)
    #[arg(long, value_name = "ADDRESS")]
    pub host: Option<String>,
    /// Print the list, then one line per change
    #[arg(short, long)]
    pub watch: bool,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// A service (opens on its providers) or a pattern like `ls` takes
    #[arg(value_name = "PATTERN|SERVICE", add = ArgValueCompleter::new(comp::service))]
    pub target: Option<String>,
    /// Only services with a provider or consumer of this application
    #[arg(long, value_name = "APP")]
    pub app: Option<String>,
    /// Only services with a provider or consumer on this host (ip or ip:port)
    #[arg(long, value_name = "ADDRESS")]
    pub host: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Batch mode: print the providers every interval, no keys, no full screen
    #[arg(short, long)]
    pub batch: bool,
    /// Batch mode: stop after N snapshots
    #[arg(short = 'n', long = "iterations", value_name = "N")]
    pub iterations: Option<u64>,
    /// Refresh interval (the active-count sources are polled at this pace)
    #[arg(
        short = 'd',
        long = "delay",
        value_name = "DURATION",
        default_value = "1s"
    )]
    pub delay: String,
    /// QoS port of Dubbo 3 providers, for the metrics source [default: the context's, else 22222]
    #[arg(long, value_name = "PORT")]
    pub qos_port: Option<u16>,
    /// Do not poll providers (telnet count, QoS metrics)
    #[arg(long)]
    pub no_probe: bool,
    /// Drive calls to SERVICE while watching: 'METHOD [JSON ARGS]', e.g. 'getById [42]'
    #[arg(long, value_name = "'METHOD ARGS'")]
    pub load: Option<String>,
    /// With --load: calls per second in total
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub rps: Option<f64>,
    /// With --load: calls in flight
    #[arg(short = 'c', long, value_name = "C", default_value_t = 4,
          value_parser = positive_count::<usize>)]
    pub concurrency: usize,
    /// With --load: load balancer (random, roundrobin, leastactive, shortestresponse, consistenthash)
    #[arg(long, value_name = "NAME", default_value = "random")]
    pub lb: String,
    /// With --load: cluster mode (failover, failfast, failsafe, forking, broadcast)
    #[arg(long, value_name = "MODE", default_value = "failover")]
    pub cluster: String,
    /// Per-call and per-probe timeout
    #[arg(long, value_name = "DURATION", default_value = "1s")]
    pub timeout: String,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Full interface, unique short name (UserService) or service key (group/iface:version)
    #[arg(add = ArgValueCompleter::new(comp::service))]
    pub service: String,
    /// Only this group
    #[arg(long, add = ArgValueCompleter::new(comp::group))]
    pub group: Option<String>,
    /// Only this version
    #[arg(long, add = ArgValueCompleter::new(comp::version))]
    pub version: Option<String>,
    /// Print the service, then one line per change
    #[arg(short, long)]
    pub watch: bool,
}

const COMPLETIONS_HELP: &str = "\
The script registers svcctl as its own completer: on TAB the shell runs svcctl with COMPLETE set, \
and svcctl completes service names (full and unique short), SERVICE.METHOD, --provider/--host/--app/\
--group/--version of that service, --context names and fixed values from the registry the command \
line names. It waits at most 300 ms for ZooKeeper and keeps what it read for 5 s in \
$XDG_CACHE_HOME/svcctl/complete; with ZooKeeper down it completes from the last list read. \
Experimental: it uses clap_complete's unstable dynamic engine, so source the output anew \
(e.g. `source <(svcctl completions bash)` in ~/.bashrc) rather than keeping an old copy.
  bash:        source <(svcctl completions bash)
  zsh:         source <(svcctl completions zsh)
  fish:        svcctl completions fish | source
  elvish:      eval (svcctl completions elvish | slurp)
  powershell:  svcctl completions powershell | Out-String | Invoke-Expression";

const TOP_HELP: &str = "\
SERVICE that resolves to one service (as for `show`) opens on its providers; a PATTERN, or nothing, \
opens the services view (Enter drills in, Esc comes back). Press ? for the keys.

ACTIVE is the number of calls in flight now. Sources, in order of preference:
  load     --load 'METHOD ARGS': svcctl's own calls through the same balancer as invoke
  telnet   Dubbo 2.x providers whose URL has `executes` and lists `count` in `telnet`
           (the `count <interface>` telnet command on the provider's port)
  metrics  Dubbo 3 providers with metrics on: GET http://HOST:QOS-PORT/metrics (Prometheus text)
A provider no source covers shows `-`; Enter on it says why.

Batch mode (-b) prints the providers every -d interval, -n times (default: until interrupted); \
with -o json or -o jsonl, one JSON snapshot per interval: time_ms, registry, session, message, providers \
[{service, address, application, state, weight, registered_weight, registration, active, \
active_source, calls_per_s, errors_per_s, mean_ms, uptime_ms, last_change_ms, removed}].

Without a terminal and without -b, top refuses (exit 2): use -b, or `svcctl ls -w -o jsonl`.";

const LOAD_HELP: &str = "\
Load mode: -n N calls and/or -z DURATION, -c C in flight, --rps R calls per second in total. \
`svcctl bench S.m ARGS -n 1000 -c 8` is `svcctl invoke S.m ARGS -n 1000 -c 8`; bench alone makes 200 calls.

The report (-o json: one document with schema_version) gives latency percentiles, a histogram, the \
status and error distributions and the per-provider distribution (weight, calls, share), and says why \
the run stopped: done, duration (-z elapsed) or interrupted. Ctrl-C stops early: the calls finished so \
far are reported, calls in flight are dropped, and svcctl exits 130. A progress bar is drawn on stderr \
only when it is a terminal.";

const MUTATION_HELP: &str = "\
Every change is planned first and applied as one atomic ZooKeeper multi-op.
  --dry-run   print the plan (each line marked \"(dry run)\") and change nothing
  -y, --yes   apply without asking; required when stdin/stderr is not a terminal
On a terminal the plan is shown and confirmed (default: no). Each change prints the command that
undoes it. disable, enable and weight change a provider found by application (Dubbo 3
register-mode=instance) through a consumer-side item in the service's config-center rule document
(<root>/config/dubbo/<iface>:<version>:<group>.configurators), where its consumers read rules. Exit codes: 0 done or unchanged, 2 usage (e.g. --yes missing), 3 service or provider not
found, 8 registry changed concurrently (nothing written; re-run), 9 refused (read-only, or a safety
rail such as disabling the last enabled provider: see --force), 10 answered no.";

/// How a mutation runs: plan only, confirmation, safety rails.
#[derive(Debug, Args, Clone, Default)]
pub struct MutationFlags {
    /// Print the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Apply without asking (required when not running interactively)
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Go ahead even when a safety rail refuses (e.g. the last enabled provider)
    #[arg(long)]
    pub force: bool,
}

/// Group and version narrowing of SERVICE (also accepted inside SERVICE as group/iface:version).
#[derive(Debug, Args, Clone, Default)]
pub struct KeyArgs {
    /// Service group
    #[arg(long, add = ArgValueCompleter::new(comp::group))]
    pub group: Option<String>,
    /// Service version
    #[arg(long, add = ArgValueCompleter::new(comp::version))]
    pub version: Option<String>,
}

/// Which providers of the service to change.
#[derive(Debug, Args, Clone, Default)]
pub struct ProviderSelection {
    /// A provider address; without a port, every port on that host (repeatable)
    #[arg(long = "provider", value_name = "HOST[:PORT]",
          add = ArgValueCompleter::new(comp::provider_address))]
    pub providers: Vec<String>,
    /// Every provider on this host, all ports (repeatable)
    #[arg(long = "host", value_name = "IP", add = ArgValueCompleter::new(comp::provider_host))]
    pub hosts: Vec<String>,
    /// Every provider of this application (combined with --provider/--host: only those)
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(comp::application))]
    pub app: Option<String>,
}

#[derive(Debug, Args)]
pub struct ToggleArgs {
    /// Full interface, unique short name (UserService) or service key (group/iface:version)
    #[arg(add = ArgValueCompleter::new(comp::service))]
    pub service: String,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub select: ProviderSelection,
    #[command(flatten)]
    pub flags: MutationFlags,
}

#[derive(Debug, Args)]
pub struct WeightArgs {
    /// Full interface, unique short name (UserService) or service key (group/iface:version)
    #[arg(add = ArgValueCompleter::new(comp::service))]
    pub service: String,
    /// New weight: N, or relative to the current effective weight: xN (or *N), /N, +N, -N
    #[arg(allow_hyphen_values = true, value_name = "WEIGHT")]
    pub weight: String,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub select: ProviderSelection,
    #[command(flatten)]
    pub flags: MutationFlags,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Make a static (persistent, dynamic=false) registration; the only kind svcctl makes, since
    /// a dynamic one would vanish with svcctl's session
    #[arg(long = "static")]
    pub static_: bool,
    /// A provider URL (dubbo://HOST:PORT/IFACE?k=v...), or SERVICE with --address
    #[arg(value_name = "URL|SERVICE", add = ArgValueCompleter::new(comp::service))]
    pub target: String,
    /// HOST:PORT of the provider (with SERVICE: the URL is copied from a registered provider)
    #[arg(long, value_name = "HOST:PORT")]
    pub address: Option<String>,
    /// Set a URL parameter (repeatable); KEY= removes it
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub flags: MutationFlags,
}

#[derive(Debug, Args)]
pub struct UnregisterArgs {
    /// The provider URL given to `register --static` (its service key and address), or
    /// SERVICE (full interface, unique short name or group/iface:version) with --address
    #[arg(value_name = "URL|SERVICE", add = ArgValueCompleter::new(comp::service))]
    pub target: String,
    /// HOST:PORT of the static registration to remove (with SERVICE)
    #[arg(long, value_name = "HOST:PORT", add = ArgValueCompleter::new(comp::provider_address))]
    pub address: Option<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub flags: MutationFlags,
}

#[derive(Debug, Args)]
pub struct PinArgs {
    /// Full interface, unique short name (UserService) or service key (group/iface:version)
    #[arg(add = ArgValueCompleter::new(comp::service))]
    pub service: String,
    /// HOST:PORT of the provider
    #[arg(long, value_name = "HOST:PORT", add = ArgValueCompleter::new(comp::provider_address))]
    pub provider: String,
    #[command(flatten)]
    pub key: KeyArgs,
    #[command(flatten)]
    pub flags: MutationFlags,
}

#[derive(Debug, Args)]
pub struct InvokeArgs {
    /// SERVICE.METHOD: a full interface, unique short name or service key, then the method
    /// (with --ping: just SERVICE)
    #[arg(add = ArgValueCompleter::new(comp::service_method))]
    pub target: String,
    /// Arguments as a JSON array; a single non-array value is one argument (a negative number
    /// such as -1 needs no `--`)
    #[arg(value_name = "ARGS", allow_negative_numbers = true)]
    pub args: Option<String>,
    /// Arguments from JSON text, @FILE or @- (stdin)
    #[arg(
        short = 'd',
        long = "data",
        value_name = "JSON|@FILE|@-",
        conflicts_with = "args"
    )]
    pub data: Option<String>,
    /// Service group (`*` matches any)
    #[arg(long, add = ArgValueCompleter::new(comp::group))]
    pub group: Option<String>,
    /// Service version (`*` matches any)
    #[arg(long, add = ArgValueCompleter::new(comp::version))]
    pub version: Option<String>,
    /// Extra attachment sent with the call (repeatable)
    #[arg(long = "attachment", value_name = "K=V")]
    pub attachments: Vec<String>,
    /// Per-call timeout, e.g. 3s or 300ms
    #[arg(long, default_value = "3s", value_name = "DURATION")]
    pub timeout: String,
    /// Parameter types, comma separated (e.g. long,java.lang.String); picks an overload
    #[arg(long, value_name = "T1,T2")]
    pub types: Option<String>,
    /// Call this provider directly, without the registry: HOST:PORT, or a provider URL
    /// (dubbo://HOST:PORT/..., tri://HOST:PORT for Triple) as `show` prints it
    #[arg(long, value_name = "HOST:PORT", add = ArgValueCompleter::new(comp::provider_address))]
    pub provider: Option<String>,
    /// Triple wire form: auto (gRPC framing first, unary JSON when the provider refuses it),
    /// grpc or json. Also calls only a service's tri:// providers when it has dubbo ones too
    #[arg(long, value_name = "MODE", value_parser = ["auto", "grpc", "json"])]
    pub triple_mode: Option<String>,
    /// Load balancer: random, roundrobin, leastactive, shortestresponse, consistenthash
    #[arg(long, default_value = "random", value_name = "NAME",
          add = ArgValueCandidates::new(comp::balancers))]
    pub lb: String,
    /// Cluster strategy: failover, failfast, failsafe, forking, broadcast
    #[arg(long, default_value = "failover", value_name = "NAME",
          add = ArgValueCandidates::new(comp::clusters))]
    pub cluster: String,
    /// failover: extra attempts on other providers
    #[arg(long, default_value_t = 2)]
    pub retries: i32,
    /// forking: providers called at once
    #[arg(long)]
    pub forks: Option<i32>,
    /// Force a typed (non-generic) call with the real method descriptor
    #[arg(long)]
    pub direct: bool,
    /// Resolve the provider and print the encoded request; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Liveness check with `$echo` instead of a method call
    #[arg(long)]
    pub ping: bool,
    /// Print a JSON skeleton of the method's arguments (from --types or the metadata report)
    /// instead of calling it
    #[arg(long, conflicts_with_all = ["ping", "dry_run"])]
    pub template: bool,
    /// Load mode: make N calls and print a report
    #[arg(short = 'n', long = "requests", value_name = "N",
          value_parser = positive_count::<u64>)]
    pub requests: Option<u64>,
    /// Load mode: calls in flight at once
    #[arg(short = 'c', long, default_value_t = 1, value_name = "C",
          value_parser = positive_count::<usize>)]
    pub concurrency: usize,
    /// Load mode: dubbo connections to each provider, calls taken over them in turn, as with
    /// Dubbo's `connections` reference parameter (Triple providers keep one HTTP/2 connection)
    #[arg(long, default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub connections: u16,
    /// Load mode: run for this long (e.g. 10s)
    #[arg(short = 'z', long = "duration", value_name = "DURATION")]
    pub duration: Option<String>,
    /// Load mode: at most R calls per second in total, across all workers (call k starts at k/R s)
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub rps: Option<f64>,
    /// Load mode: no progress bar (it is only drawn when stderr is a terminal anyway)
    #[arg(long, visible_alias = "no-tui")]
    pub no_progress: bool,
    /// Counters shared with a caller that watches the run (`top --load`); not a flag.
    #[arg(skip)]
    pub shared_stats: Option<std::sync::Arc<crate::cluster::CallStats>>,
}

#[derive(Debug, Args)]
pub struct HostArgs {
    /// ip or ip:port
    pub address: String,
}

#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// List contexts (CURRENT marks the one in use)
    Ls,
    /// Make NAME the current context
    Use {
        #[arg(add = ArgValueCompleter::new(comp::context_name))]
        name: String,
    },
    /// Show the resolved registry settings
    Show,
    /// Add or replace a context
    Set {
        name: String,
        /// zookeeper://host:port[,host:port...][/chroot], or zookeeper+tls://... (the global
        /// --tls-ca, --tls-cert and --tls-key given with it are kept in the context)
        #[arg(long = "server", value_name = "URL")]
        server: String,
        #[arg(long = "dubbo-root", value_name = "PATH")]
        dubbo_root: Option<String>,
        /// Digest credentials user:password
        #[arg(long)]
        digest: Option<String>,
        #[arg(long)]
        session_timeout: Option<String>,
        /// QoS port of the context's Dubbo 3 providers (`top`'s metrics source)
        #[arg(long, value_name = "PORT")]
        qos_port: Option<u16>,
        /// Mark the context read-only (mutations refused)
        #[arg(long = "readonly")]
        readonly: bool,
    },
    /// Remove a context
    Delete {
        #[arg(add = ArgValueCompleter::new(comp::context_name))]
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
    /// clap's static script (subcommands and flags only) instead of the registration of the
    /// registry-aware completer
    #[arg(long = "static")]
    pub static_: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Directory holding completions/ and man/
    #[arg(long, default_value = ".")]
    pub out_dir: PathBuf,
}

/// A count of at least 1 (`-n`, `-c`): 0 calls, or 0 in flight, would run nothing.
fn positive_count<T>(s: &str) -> Result<T, String>
where
    T: std::str::FromStr + PartialEq + From<u8>,
    T::Err: std::fmt::Display,
{
    match s.trim().parse::<T>() {
        Ok(n) if n == T::from(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{e}: expected a whole number of at least 1")),
    }
}
