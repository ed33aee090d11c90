//! Provider-side in-flight counts for `svcctl top` (issue 7, live-stats spec §1–§2): where to
//! ask a provider (pure, from its registered URL), what its answer means (pure), and the probes
//! that ask (I/O, in [`poll`]).
//!
//! Two sources exist. A Dubbo 2.7 provider prints per-method counters for `count <service>` on
//! its Dubbo port, but only when the service has an `executes` limit (nothing else feeds the
//! counters) and, since 2.7.13, only when `telnet=count` allows the command. A Dubbo 3 provider
//! with the metrics module serves Prometheus text on its QoS port (`GET /metrics`), whose number
//! is not in the registry and so comes from configuration. When neither applies the answer is a
//! reason, never a made-up 0.

pub mod counters;
pub mod poll;
pub mod source;

pub use counters::{from_count_table, from_metrics, rates, Counters, Rates};
pub use poll::{fetch_metrics, http_client, telnet_count, telnet_counts, PollOptions, Prober};
pub use source::{choose_source, family, MetricsEndpoint, Source, SourceConfig, SourceKind};

use crate::registry::url::{DubboUrl, ServiceKey};

/// Where Dubbo 3's QoS server listens unless configured otherwise.
pub const DEFAULT_QOS_PORT: u16 = 22222;
/// The QoS command serving Prometheus text.
pub const DEFAULT_METRICS_PATH: &str = "/metrics";

/// One thing to ask: a service on a provider, and how.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProbeTarget {
    /// `host:port` of the provider (its Dubbo port, as registered).
    pub provider: String,
    pub service: ServiceKey,
    /// The provider's `application`; metrics series of another application are not counted.
    pub application: Option<String>,
    pub source: Source,
}

impl ProbeTarget {
    /// The target for a registered provider URL.
    pub fn from_url(url: &DubboUrl, config: &SourceConfig) -> ProbeTarget {
        ProbeTarget {
            provider: url.address(),
            service: url.service_key(),
            application: url.application().map(str::to_string),
            source: choose_source(url, config),
        }
    }
}

/// What one probe of one target gave.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeReport {
    pub target: ProbeTarget,
    pub result: Result<Counters, ProbeError>,
}

/// Why a probe has no numbers. Provider-supplied text in these is already sanitized and
/// bounded, so it can be shown as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    /// The target has no source (see [`Source::None`]); no I/O was done.
    #[error("{0}")]
    NoSource(String),
    #[error("no answer within {0} ms")]
    Timeout(u64),
    #[error("cannot connect to {addr}: {message}")]
    Connect { addr: String, message: String },
    #[error("connection to {addr} failed: {message}")]
    Io { addr: String, message: String },
    /// QoS refused us: HTTP 403, or 2.7's `Foreign Ip Not Permitted.`.
    #[error("refused: {0} (the provider's QoS does not trust this host: on 3.x whitelist it with qos.accept.foreign.ip.whitelist or allow the command with qos.anonymous.access.allow.commands; on 2.7 set qos.accept.foreign.ip=true)")]
    Forbidden(String),
    /// `Command: count disabled for security reasons ...`.
    #[error("telnet count disabled by the provider: {0}")]
    Disabled(String),
    /// `No such service ...`: the provider does not export it (any more).
    #[error("the provider answered: {0}")]
    NoSuchService(String),
    #[error("HTTP {status} from {url}")]
    Http { status: u16, url: String },
    #[error("answer larger than {0} bytes")]
    TooLarge(usize),
    #[error("unexpected answer: {0}")]
    Unexpected(String),
    /// The metrics body has no `dubbo_provider_*` series for the service: no metrics module on
    /// the provider side, or no call yet (Dubbo and dubbo-go create series at the first call).
    #[error("no dubbo_provider metrics for {0} (series appear after the service's first call; is the metrics module on?)")]
    NoSeries(String),
    /// The metrics at the configured port are another application's.
    #[error("the metrics there are application {found:?}'s, not {expected:?}'s (another application holds that QoS port?)")]
    OtherApplication { expected: String, found: String },
}

/// Provider text made safe to show and short.
fn clean(s: &str) -> String {
    crate::output::sanitize(&crate::output::truncate(s.trim(), 200))
}
