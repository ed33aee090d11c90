//! The active-count sources: svcctl's own load (what its balancer sees) and the providers' own
//! counters. One task polls them at the refresh pace and sends `Event::Stats`; a source that
//! does not answer in time never holds up the screen.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::event::{Counters, Event, SourceKind, StatSample};
use super::state::TopState;
use crate::registry::url::{DubboUrl, ServiceKey};

/// Samples svcctl's own calls: one sample per provider of the loaded service.
pub type LoadSampler = Arc<dyn Fn() -> Vec<StatSample> + Send + Sync>;

/// Most provider exchanges per round: a services view over a huge registry probes the first
/// ones (a providers view only probes its service).
pub const MAX_PROBES: usize = 512;

/// The provider-side sources: where to ask, the prober (connection limits, timeouts), and the
/// last answer of each target, for interval means.
#[derive(Clone)]
pub struct ProbeConfig {
    pub source: crate::cluster::probe::SourceConfig,
    pub prober: crate::cluster::probe::Prober,
    last: Arc<std::sync::Mutex<LastAnswers>>,
}

/// Each target's last counters and when they came (ms), for interval means.
type LastAnswers =
    std::collections::HashMap<(String, ServiceKey), (crate::cluster::probe::Counters, u64)>;

impl ProbeConfig {
    pub fn new(qos_port: u16, timeout: Duration) -> crate::error::Result<ProbeConfig> {
        use crate::cluster::probe::{PollOptions, Prober, SourceConfig};
        let prober = Prober::new(PollOptions {
            timeout,
            ..PollOptions::default()
        })
        .map_err(|e| crate::error::Error::other(format!("cannot set up the probes: {e}")))?;
        Ok(ProbeConfig {
            source: SourceConfig {
                qos_port: Some(qos_port),
                ..SourceConfig::default()
            },
            prober,
            last: Default::default(),
        })
    }
}

#[derive(Clone, Default)]
pub struct Sources {
    pub probe: Option<ProbeConfig>,
    pub load: Option<LoadSampler>,
}

/// What to poll: the live providers in scope, and how often.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// The URLs shared with the dashboard's rows: a round copies no provider.
    pub providers: Vec<(ServiceKey, Arc<DubboUrl>)>,
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

/// Polls the providers' own counters (telnet `count`, QoS metrics), one event per source.
async fn probe_round(cfg: &ProbeConfig, providers: &[(ServiceKey, Arc<DubboUrl>)]) -> Vec<Event> {
    use crate::cluster::probe::{self, ProbeTarget};
    let targets: Vec<ProbeTarget> = providers
        .iter()
        .take(MAX_PROBES)
        .map(|(key, url)| {
            let mut t = ProbeTarget::from_url(url, &cfg.source);
            // The view's key (config-center rules can't change it, but a URL's own service
            // key is what registered it): keep the one the rows are filed under.
            t.service = key.clone();
            t
        })
        .collect();
    let reports = cfg.prober.poll(&targets).await;
    let now = u64::try_from(crate::commands::now_ms()).unwrap_or(0);
    let mut last = cfg.last.lock().unwrap_or_else(|e| e.into_inner());
    let (mut telnet, mut metrics) = (Vec::new(), Vec::new());
    // Reports come in the order of the targets, so each is paired with its provider's URL.
    for (r, (_, url)) in reports.into_iter().zip(providers) {
        let t = &r.target;
        // A provider without a source is filed under the source its release would use, so
        // the detail view says "telnet: no executes limit" or "metrics: QoS turned off".
        let kind = match probe::family(url) {
            probe::SourceKind::Metrics => SourceKind::Metrics,
            probe::SourceKind::Telnet => SourceKind::Telnet,
        };
        let id = (t.provider.clone(), t.service.clone());
        let result = match r.result {
            Ok(c) => {
                let mean_ms = last
                    .get(&id)
                    .and_then(|(p, at)| probe::rates(p, *at, &c, now))
                    .and_then(|r| r.mean_ms)
                    .or(c.mean_ms);
                last.insert(id, (c.clone(), now));
                Ok(Counters {
                    active: c.active,
                    total: Some(c.total),
                    failed: Some(c.failed),
                    mean_ms,
                })
            }
            Err(e) => {
                last.remove(&id);
                Err(e.to_string())
            }
        };
        let sample = StatSample {
            address: t.provider.clone(),
            interface: t.service.interface.clone(),
            group: t.service.group.clone(),
            version: t.service.version.clone(),
            result,
        };
        match kind {
            SourceKind::Metrics => metrics.push(sample),
            _ => telnet.push(sample),
        }
    }
    vec![
        Event::Stats {
            source: SourceKind::Telnet,
            samples: telnet,
        },
        Event::Stats {
            source: SourceKind::Metrics,
            samples: metrics,
        },
    ]
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

/// The address part of a stats key (`host:port`, or a URL identity `proto://host:port/path`).
fn address_of(key: &str) -> &str {
    let rest = key.split_once("://").map_or(key, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// Turns svcctl's own call counters (shared with the load run's balancer) into samples for one
/// service. The mean latency is over the last interval, not since the start, so a provider
/// that just slowed down shows it.
pub fn load_sampler(stats: Arc<crate::cluster::CallStats>, key: ServiceKey) -> LoadSampler {
    use std::collections::HashMap;
    let previous: std::sync::Mutex<HashMap<String, (u64, Duration)>> = Default::default();
    Arc::new(move || {
        let mut by_address: HashMap<String, (u64, u64, u64, Duration)> = HashMap::new();
        for (provider, _method, s) in stats.snapshot_all() {
            let e = by_address
                .entry(address_of(&provider).to_string())
                .or_default();
            e.0 += u64::from(s.active);
            e.1 += s.succeeded + s.failed;
            e.2 += s.failed;
            e.3 += s.succeeded_elapsed + s.failed_elapsed;
        }
        let mut prev = previous.lock().unwrap_or_else(|e| e.into_inner());
        by_address
            .into_iter()
            .map(|(address, (active, total, failed, elapsed))| {
                let (p_total, p_elapsed) = prev.get(&address).copied().unwrap_or_default();
                let mean_ms = (total > p_total).then(|| {
                    elapsed.saturating_sub(p_elapsed).as_secs_f64() * 1000.0
                        / (total - p_total) as f64
                });
                prev.insert(address.clone(), (total, elapsed));
                StatSample {
                    address,
                    interface: key.interface.clone(),
                    group: key.group.clone(),
                    version: key.version.clone(),
                    result: Ok(Counters {
                        active,
                        total: Some(total),
                        failed: Some(failed),
                        mean_ms,
                    }),
                }
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_samples_sum_methods_and_give_interval_means() {
        let stats = Arc::new(crate::cluster::CallStats::new());
        let key = ServiceKey::new("com.x.A", Some("g"), None);
        let sample = load_sampler(stats.clone(), key);
        stats.record("10.0.0.1:20880", "a", true, Duration::from_millis(10));
        stats.record("10.0.0.1:20880", "b", false, Duration::from_millis(30));
        let _inflight = stats.begin("dubbo://10.0.0.2:20880/com.x.A", "a");
        let mut s = sample();
        s.sort_by(|a, b| a.address.cmp(&b.address));
        assert_eq!(s.len(), 2);
        let c = s[0].result.clone().expect("counters");
        assert_eq!((c.active, c.total, c.failed), (0, Some(2), Some(1)));
        assert_eq!(c.mean_ms, Some(20.0));
        assert_eq!(s[1].address, "10.0.0.2:20880");
        assert_eq!(s[1].result.as_ref().map(|c| c.active), Ok(1));
        assert_eq!(s[0].group.as_deref(), Some("g"));
        stats.record("10.0.0.1:20880", "a", true, Duration::from_millis(4));
        let s = sample();
        let c = s
            .iter()
            .find(|x| x.address == "10.0.0.1:20880")
            .expect("row");
        assert_eq!(c.result.as_ref().ok().and_then(|c| c.mean_ms), Some(4.0));
    }
}
