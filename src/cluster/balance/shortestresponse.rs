//! `shortestresponse` (§7.5): prefer the provider expected to answer soonest, estimated as
//! (mean successful response time) × (calls in flight + 1).

use std::collections::HashMap;

use rand::Rng;

use super::{weighted_tie_break, Balance, SelectContext};
use crate::cluster::candidate::Candidate;
use crate::cluster::stats::StatsSnapshot;

/// Dubbo 3.x `shortestResponseSlidePeriod` default.
pub const DEFAULT_SLIDE_PERIOD_MS: i64 = 30_000;

/// Counter values at the start of the current window; the window's mean uses only calls
/// finished since.
#[derive(Debug, Clone, Copy, Default)]
struct WindowStart {
    succeeded: u64,
    succeeded_elapsed_us: u128,
}

impl WindowStart {
    fn of(s: &StatsSnapshot) -> Self {
        WindowStart {
            succeeded: s.succeeded,
            succeeded_elapsed_us: s.succeeded_elapsed.as_micros(),
        }
    }
}

/// Shortest response, 3.x flavour: means are over a sliding window that restarts every
/// `slide_period_ms` (so a provider that was slow long ago gets another chance). Response times
/// are kept in microseconds where Dubbo uses milliseconds, so close providers still differ.
#[derive(Debug, Clone)]
pub struct ShortestResponseBalancer {
    slide_period_ms: i64,
    window_started_ms: Option<i64>,
    // method → provider key → counters at window start
    windows: HashMap<String, HashMap<String, WindowStart>>,
}

impl Default for ShortestResponseBalancer {
    fn default() -> Self {
        Self::new()
    }
}

impl ShortestResponseBalancer {
    pub fn new() -> Self {
        Self::with_slide_period_ms(DEFAULT_SLIDE_PERIOD_MS)
    }

    /// A period ≤ 0 restarts the window on every call after the first, which leaves only the
    /// calls finished in between; use `i64::MAX` for lifetime means (Dubbo 2.7.x behaviour).
    pub fn with_slide_period_ms(slide_period_ms: i64) -> Self {
        ShortestResponseBalancer {
            slide_period_ms,
            window_started_ms: None,
            windows: HashMap::new(),
        }
    }

    /// Estimated response time in microseconds: window mean × (active + 1).
    fn estimate_us(&mut self, ctx: &SelectContext<'_>, c: &Candidate) -> u128 {
        let now = ctx.stats_of(c);
        let start = self
            .windows
            .entry(ctx.method.to_owned())
            .or_default()
            .entry(c.key.clone())
            .or_default();
        let succeeded = now.succeeded.saturating_sub(start.succeeded);
        let mean_us = if succeeded == 0 {
            0
        } else {
            now.succeeded_elapsed
                .as_micros()
                .saturating_sub(start.succeeded_elapsed_us)
                / u128::from(succeeded)
        };
        mean_us * (u128::from(now.active) + 1)
    }

    fn maybe_restart_window(&mut self, ctx: &SelectContext<'_>) {
        let started = *self.window_started_ms.get_or_insert(ctx.now_ms);
        if ctx.now_ms.saturating_sub(started) <= self.slide_period_ms {
            return;
        }
        for (method, providers) in &mut self.windows {
            for (key, start) in providers.iter_mut() {
                let snapshot = ctx.stats.map(|s| s.get(key, method)).unwrap_or_default();
                *start = WindowStart::of(&snapshot);
            }
        }
        self.window_started_ms = Some(ctx.now_ms);
    }
}

impl Balance for ShortestResponseBalancer {
    fn name(&self) -> &'static str {
        "shortestresponse"
    }

    fn select<R: Rng + ?Sized>(
        &mut self,
        candidates: &[Candidate],
        ctx: &SelectContext<'_>,
        rng: &mut R,
    ) -> Option<usize> {
        match candidates.len() {
            0 => return None,
            1 => return Some(0),
            _ => {}
        }
        let weights: Vec<i32> = candidates
            .iter()
            .map(|c| c.effective_weight(ctx.now_ms))
            .collect();
        let estimates: Vec<u128> = candidates
            .iter()
            .map(|c| self.estimate_us(ctx, c))
            .collect();
        // Like Dubbo, the window restarts after this call's estimates were taken.
        self.maybe_restart_window(ctx);
        let shortest = *estimates.iter().min()?;
        let tied: Vec<usize> = (0..candidates.len())
            .filter(|&i| estimates[i] == shortest)
            .collect();
        Some(weighted_tie_break(&tied, &weights, rng))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::stats::{CallGuard, CallStats};
    use rand::rngs::SmallRng;
    use rand::SeedableRng;
    use std::time::Duration;

    fn cands(n: usize) -> Vec<Candidate> {
        (0..n).map(|i| Candidate::new(format!("p{i}:1"))).collect()
    }

    fn history(stats: &CallStats, c: &Candidate, elapsed_ms: &[u64]) {
        for &ms in elapsed_ms {
            stats.record(&c.key, "m", true, Duration::from_millis(ms));
        }
    }

    fn busy(stats: &CallStats, c: &Candidate, n: usize) -> Vec<CallGuard> {
        (0..n).map(|_| stats.begin(&c.key, "m")).collect()
    }

    fn pick(
        b: &mut ShortestResponseBalancer,
        c: &[Candidate],
        stats: &CallStats,
        now: i64,
    ) -> usize {
        let ctx = SelectContext::new("m", now).with_stats(stats);
        b.select(c, &ctx, &mut SmallRng::seed_from_u64(1)).unwrap()
    }

    #[test]
    fn estimate_is_mean_times_active_plus_one() {
        let c = cands(3);
        let stats = CallStats::new();
        // p0: mean 10 ms, 2 in flight → 30 ms. p1: mean 20 ms, idle → 20 ms.
        // p2: mean 8 ms, 3 in flight → 32 ms.
        history(&stats, &c[0], &[5, 15]);
        history(&stats, &c[1], &[20]);
        history(&stats, &c[2], &[8, 8, 8]);
        let _g0 = busy(&stats, &c[0], 2);
        let _g2 = busy(&stats, &c[2], 3);
        let mut b = ShortestResponseBalancer::new();
        let ctx = SelectContext::new("m", 0).with_stats(&stats);
        assert_eq!(b.estimate_us(&ctx, &c[0]), 30_000);
        assert_eq!(b.estimate_us(&ctx, &c[1]), 20_000);
        assert_eq!(b.estimate_us(&ctx, &c[2]), 32_000);
        assert_eq!(pick(&mut b, &c, &stats, 0), 1);
        // One more call in flight on p1 → 40 ms; p0 (30 ms) becomes the shortest.
        let _g1 = busy(&stats, &c[1], 1);
        assert_eq!(pick(&mut b, &c, &stats, 0), 0);
    }

    #[test]
    fn failures_do_not_count_towards_the_mean() {
        let c = cands(2);
        let stats = CallStats::new();
        history(&stats, &c[0], &[10]);
        stats.record(&c[0].key, "m", false, Duration::from_secs(5));
        history(&stats, &c[1], &[11]);
        assert_eq!(pick(&mut ShortestResponseBalancer::new(), &c, &stats, 0), 0);
    }

    #[test]
    fn untried_provider_estimates_zero_and_wins() {
        let c = cands(2);
        let stats = CallStats::new();
        history(&stats, &c[0], &[1]);
        assert_eq!(pick(&mut ShortestResponseBalancer::new(), &c, &stats, 0), 1);
    }

    #[test]
    fn ties_use_weights() {
        let c = vec![
            Candidate::new("a:1").with_weight(1),
            Candidate::new("b:1").with_weight(9),
        ];
        let stats = CallStats::new();
        let ctx = SelectContext::new("m", 0).with_stats(&stats);
        let mut b = ShortestResponseBalancer::new();
        let mut rng = SmallRng::seed_from_u64(4);
        let mut counts = [0usize; 2];
        for _ in 0..20_000 {
            counts[b.select(&c, &ctx, &mut rng).unwrap()] += 1;
        }
        assert!(
            (counts[1] as f64 / 20_000.0 - 0.9).abs() < 0.01,
            "{counts:?}"
        );
    }

    #[test]
    fn window_restart_forgets_old_history() {
        let c = cands(2);
        let stats = CallStats::new();
        let mut b = ShortestResponseBalancer::new();
        // p0 was slow, p1 fast: p1 wins.
        history(&stats, &c[0], &[100]);
        history(&stats, &c[1], &[10]);
        assert_eq!(pick(&mut b, &c, &stats, 0), 1);
        // Still inside the 30 s window: same answer even though p0 then had fast calls
        // (mean (100+2+2+2)/4 = 26.5 ms > 10 ms).
        history(&stats, &c[0], &[2, 2, 2]);
        assert_eq!(pick(&mut b, &c, &stats, 30_000), 1);
        // Past the window: this call still sees the old window and restarts it afterwards.
        assert_eq!(pick(&mut b, &c, &stats, 30_001), 1);
        // New window: p0 3 ms vs p1 20 ms, both measured since the restart.
        history(&stats, &c[0], &[3]);
        history(&stats, &c[1], &[20]);
        assert_eq!(pick(&mut b, &c, &stats, 30_002), 0);
    }
}
