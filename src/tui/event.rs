//! Everything that can change the dashboard arrives as one [`Event`]: keys and resizes from the
//! terminal, registry changes, counters from the active-count sources and from svcctl's own
//! load, and the ticks that age markers and rates. The reducer in `state.rs` is the only reader.

use ratatui::crossterm::event::KeyEvent;

use crate::registry::diff::Change;
use crate::registry::model::ServiceView;
use crate::registry::url::ServiceKey;

/// The registry session as the header shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Session {
    /// Reading the tree for the first time.
    Starting,
    Connected,
    /// The connection dropped; the client is trying the ensemble again within the session.
    Disconnected {
        since_ms: i64,
    },
    /// The session expired; opening a new one.
    Reconnecting {
        since_ms: i64,
        why: String,
    },
    /// Re-reading the tree after a reconnect or a new session.
    Resyncing {
        since_ms: i64,
    },
    /// The registry feed stopped on an error no retry fixes (e.g. access refused); the view
    /// keeps its last state.
    Failed {
        why: String,
    },
}

/// Where an ACTIVE figure came from. The order is the order of preference when a provider has
/// several: what svcctl's own balancer sees under `--load`, then the provider's own counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    Load,
    Telnet,
    Metrics,
}

impl SourceKind {
    pub const ALL: [SourceKind; 3] = [SourceKind::Load, SourceKind::Telnet, SourceKind::Metrics];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Load => "load",
            SourceKind::Telnet => "telnet",
            SourceKind::Metrics => "metrics",
        }
    }
}

/// Cumulative counters of one provider of one service, as a source reports them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counters {
    /// Calls in flight now.
    pub active: u64,
    /// Calls finished since the source started counting.
    pub total: Option<u64>,
    pub failed: Option<u64>,
    /// Mean latency, when the source has one.
    pub mean_ms: Option<f64>,
}

/// One source's answer for one provider of one interface. `group`/`version` narrow the match
/// when the source knows them (metrics labels); `None` matches any (telnet `count` is per
/// interface).
#[derive(Debug, Clone, PartialEq)]
pub struct StatSample {
    pub address: String,
    pub interface: String,
    pub group: Option<String>,
    pub version: Option<String>,
    /// The counters, or why there are none (the detail view shows it).
    pub result: Result<Counters, String>,
}

impl StatSample {
    pub fn matches(&self, key: &ServiceKey, address: &str) -> bool {
        self.address == address
            && self.interface == key.interface
            && self
                .group
                .as_ref()
                .is_none_or(|g| key.group.as_ref() == Some(g))
            && self
                .version
                .as_ref()
                .is_none_or(|v| key.version.as_ref() == Some(v))
    }
}

/// What a registry task reports.
#[derive(Debug, Clone)]
pub enum RegistryUpdate {
    /// The state after the first read: every service in scope.
    Loaded(Vec<ServiceView>),
    Changes(Vec<Change>),
    Session(Session),
    Resynced {
        changes: usize,
        new_session: bool,
    },
}

/// A mutation plan read and ready for confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanPreview {
    pub id: u64,
    pub title: String,
    /// The exact ZooKeeper operations, one per line.
    pub lines: Vec<String>,
    /// True when the plan changes nothing (already in the asked state).
    pub unchanged: bool,
}

#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    Resize(u16, u16),
    /// Once a second (ages, rates, tombstones) and at every refresh.
    Tick,
    Registry(RegistryUpdate),
    Stats {
        source: SourceKind,
        samples: Vec<StatSample>,
    },
    /// The registry could not be reached or read; the view keeps its last state.
    RegistryError(String),
    Plan(Result<PlanPreview, String>),
    Mutated(Result<String, String>),
    /// SIGTERM or SIGHUP: leave like `q`.
    Terminate,
}
