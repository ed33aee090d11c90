//! Per-(provider, method) call counters: Dubbo's `RpcStatus`, as this consumer sees it.
//!
//! `leastactive` reads the in-flight count, `shortestresponse` the successful-call totals; the
//! `top` dashboard and load mode read snapshots. Counters are atomics behind a shared map so a
//! call in progress only touches its own counters.

use super::FastMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Counters of one (provider, method) pair.
#[derive(Debug, Default)]
struct Counters {
    active: AtomicU32,
    succeeded: AtomicU64,
    succeeded_elapsed_us: AtomicU64,
    failed: AtomicU64,
    failed_elapsed_us: AtomicU64,
    cancelled: AtomicU64,
    max_elapsed_us: AtomicU64,
}

impl Counters {
    fn end(&self, ok: bool, elapsed: Duration) {
        let us = duration_us(elapsed);
        if ok {
            self.succeeded.fetch_add(1, Ordering::Relaxed);
            self.succeeded_elapsed_us.fetch_add(us, Ordering::Relaxed);
        } else {
            self.failed.fetch_add(1, Ordering::Relaxed);
            self.failed_elapsed_us.fetch_add(us, Ordering::Relaxed);
        }
        self.max_elapsed_us.fetch_max(us, Ordering::Relaxed);
    }

    fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            active: self.active.load(Ordering::Relaxed),
            succeeded: self.succeeded.load(Ordering::Relaxed),
            succeeded_elapsed: Duration::from_micros(
                self.succeeded_elapsed_us.load(Ordering::Relaxed),
            ),
            failed: self.failed.load(Ordering::Relaxed),
            failed_elapsed: Duration::from_micros(self.failed_elapsed_us.load(Ordering::Relaxed)),
            cancelled: self.cancelled.load(Ordering::Relaxed),
            max_elapsed: Duration::from_micros(self.max_elapsed_us.load(Ordering::Relaxed)),
        }
    }
}

fn duration_us(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// A point-in-time copy of one (provider, method) pair's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StatsSnapshot {
    /// Calls started and not yet finished.
    pub active: u32,
    /// Calls that got an answer from the provider. As in Dubbo, a business exception is an
    /// answer: it counts here, not under `failed`.
    pub succeeded: u64,
    /// Sum of the elapsed times of `succeeded` calls.
    pub succeeded_elapsed: Duration,
    /// Calls that ended in a transport, timeout or status error.
    pub failed: u64,
    pub failed_elapsed: Duration,
    /// Calls abandoned before they finished (e.g. the losers of a forking call).
    pub cancelled: u64,
    /// Longest finished call.
    pub max_elapsed: Duration,
}

impl StatsSnapshot {
    /// Mean elapsed time of successful calls, zero when there were none (Dubbo's rule, so an
    /// unused provider looks fastest to `shortestresponse`).
    pub fn succeeded_average(&self) -> Duration {
        if self.succeeded == 0 {
            Duration::ZERO
        } else {
            self.succeeded_elapsed / u32::try_from(self.succeeded).unwrap_or(u32::MAX)
        }
    }

    /// Finished calls, successful or not.
    pub fn total(&self) -> u64 {
        self.succeeded + self.failed
    }
}

/// Thread-safe registry of counters keyed by provider identity ([`super::Candidate::key`])
/// and method name. Share it with `Arc<CallStats>`.
#[derive(Debug, Default)]
pub struct CallStats {
    // provider key → method → counters. Nested so lookups work with borrowed `&str`s.
    by_provider: RwLock<FastMap<String, FastMap<String, Arc<Counters>>>>,
}

impl CallStats {
    pub fn new() -> Self {
        Self::default()
    }

    fn counters(&self, provider: &str, method: &str) -> Arc<Counters> {
        if let Some(c) = self
            .by_provider
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(provider)
            .and_then(|m| m.get(method))
        {
            return Arc::clone(c);
        }
        let mut map = self.by_provider.write().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            map.entry(provider.to_owned())
                .or_default()
                .entry(method.to_owned())
                .or_default(),
        )
    }

    /// Marks a call as in flight. The returned guard must be finished with the outcome;
    /// dropping it unfinished counts the call as cancelled.
    pub fn begin(&self, provider: &str, method: &str) -> CallGuard {
        let counters = self.counters(provider, method);
        counters.active.fetch_add(1, Ordering::Relaxed);
        CallGuard {
            counters,
            finished: false,
        }
    }

    /// The counters of one pair, resolved once for many calls: a load worker's calls then
    /// start and end without a map lookup (two per call, most of the statistics' cost).
    pub fn pair(&self, provider: &str, method: &str) -> PairStats {
        PairStats(self.counters(provider, method))
    }

    /// Records an already finished call without going through a guard.
    pub fn record(&self, provider: &str, method: &str, ok: bool, elapsed: Duration) {
        self.counters(provider, method).end(ok, elapsed);
    }

    /// Counters for one pair; all zero when the pair was never seen.
    pub fn get(&self, provider: &str, method: &str) -> StatsSnapshot {
        self.by_provider
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(provider)
            .and_then(|m| m.get(method))
            .map(|c| c.snapshot())
            .unwrap_or_default()
    }

    /// Every pair seen so far, sorted by provider then method (for dashboards and reports).
    pub fn snapshot_all(&self) -> Vec<(String, String, StatsSnapshot)> {
        let map = self.by_provider.read().unwrap_or_else(|e| e.into_inner());
        let mut rows: Vec<_> = map
            .iter()
            .flat_map(|(provider, methods)| {
                methods
                    .iter()
                    .map(move |(method, c)| (provider.clone(), method.clone(), c.snapshot()))
            })
            .collect();
        rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        rows
    }
}

/// The counters of one (provider, method) pair of a [`CallStats`], from [`CallStats::pair`]:
/// the same counters the map holds (entries are never removed), without the lookup.
#[derive(Debug, Clone)]
pub struct PairStats(Arc<Counters>);

impl PairStats {
    /// Calls in flight.
    pub fn active(&self) -> u32 {
        self.0.active.load(Ordering::Relaxed)
    }

    /// [`CallStats::begin`] for this pair.
    pub fn begin(&self) -> CallGuard {
        self.0.active.fetch_add(1, Ordering::Relaxed);
        CallGuard {
            counters: Arc::clone(&self.0),
            finished: false,
        }
    }
}

/// "This call is in flight". Owns its counters, so it can move into a spawned task.
#[derive(Debug)]
#[must_use = "finish the guard with the call's outcome; dropping it counts the call as cancelled"]
pub struct CallGuard {
    counters: Arc<Counters>,
    finished: bool,
}

impl CallGuard {
    /// Ends the call: `ok` when the provider answered (including business exceptions).
    pub fn finish(mut self, ok: bool, elapsed: Duration) {
        self.finished = true;
        self.counters.active.fetch_sub(1, Ordering::Relaxed);
        self.counters.end(ok, elapsed);
    }
}

impl Drop for CallGuard {
    fn drop(&mut self) {
        if !self.finished {
            self.counters.active.fetch_sub(1, Ordering::Relaxed);
            self.counters.cancelled.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn guard_tracks_active_and_outcomes() {
        let stats = CallStats::new();
        let a = stats.begin("p1", "m");
        let b = stats.begin("p1", "m");
        let other = stats.begin("p1", "n");
        assert_eq!(stats.get("p1", "m").active, 2);
        assert_eq!(stats.get("p1", "n").active, 1);
        assert_eq!(stats.get("p2", "m"), StatsSnapshot::default());

        a.finish(true, ms(10));
        b.finish(false, ms(30));
        let s = stats.get("p1", "m");
        assert_eq!(s.active, 0);
        assert_eq!(s.succeeded, 1);
        assert_eq!(s.succeeded_elapsed, ms(10));
        assert_eq!(s.failed, 1);
        assert_eq!(s.failed_elapsed, ms(30));
        assert_eq!(s.max_elapsed, ms(30));
        assert_eq!(s.total(), 2);

        drop(other);
        let n = stats.get("p1", "n");
        assert_eq!((n.active, n.cancelled, n.total()), (0, 1, 0));
    }

    #[test]
    fn succeeded_average_is_zero_without_successes() {
        let stats = CallStats::new();
        assert_eq!(stats.get("p", "m").succeeded_average(), Duration::ZERO);
        stats.record("p", "m", true, ms(10));
        stats.record("p", "m", true, ms(20));
        stats.record("p", "m", false, ms(1000));
        assert_eq!(stats.get("p", "m").succeeded_average(), ms(15));
    }

    #[test]
    fn concurrent_updates_are_not_lost() {
        let stats = Arc::new(CallStats::new());
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let stats = Arc::clone(&stats);
                std::thread::spawn(move || {
                    for i in 0..1000 {
                        let g = stats.begin("p", "m");
                        g.finish(i % 2 == 0, Duration::from_micros(1));
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let s = stats.get("p", "m");
        assert_eq!((s.active, s.succeeded, s.failed), (0, 2000, 2000));
        assert_eq!(s.succeeded_elapsed, Duration::from_micros(2000));
    }

    #[test]
    fn snapshot_all_is_sorted() {
        let stats = CallStats::new();
        stats.record("b", "x", true, ms(1));
        stats.record("a", "y", true, ms(1));
        stats.record("a", "x", true, ms(1));
        let keys: Vec<_> = stats
            .snapshot_all()
            .into_iter()
            .map(|(p, m, _)| format!("{p}.{m}"))
            .collect();
        assert_eq!(keys, ["a.x", "a.y", "b.x"]);
    }
}
