//! The cluster layer: which provider gets a call (load balancers, spec §7.1–§7.6), what happens
//! when it fails (cluster strategies, §7.7–§7.8), the call statistics both rely on, and the
//! statistics model of load mode.
//!
//! Everything here is pure: no sockets; balancers never read the clock (the caller passes
//! `now_ms`) and take randomness from a caller-supplied RNG. Only the strategy executor measures
//! attempt durations (monotonic `Instant`) and, for forking with a timeout, uses Tokio's timer.
//! The exceptions are `probe`, whose pure half (sources, counters, rates) sits beside the
//! probes that ask providers for their in-flight counts (`probe::poll`, network I/O), and
//! `invoke`, which makes one call of `svcctl invoke` through the protocol clients.

pub mod balance;
pub mod candidate;
pub mod invoke;
pub mod probe;
pub mod report;
pub mod stats;
pub mod strategy;

pub use balance::{
    consistent_hash_key, Balance, BalancerKind, HashOptions, LoadBalancer, SelectContext,
    SharedLoadBalancer, UnknownName,
};
pub use candidate::{Candidate, DEFAULT_WARMUP_MS, DEFAULT_WEIGHT};
pub use report::{LoadRecorder, ProviderSlot, Report, SampleOutcome, StopReason};
pub use stats::{CallGuard, CallStats, PairStats, StatsSnapshot};
pub use strategy::{
    select_excluding, Attempt, AttemptOutcome, CallError, Choice, Cluster, ClusterError,
    ClusterInvoker, ClusterOptions, ClusterOutcome, Retryable, SelectionPath,
};

/// The maps a call touches, keyed by provider address and method: foldhash (seeded per process)
/// instead of SipHash, which was about a tenth of a load run's instructions per call.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
