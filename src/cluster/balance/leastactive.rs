//! `leastactive` (§7.4): prefer the provider with the fewest calls in flight from this consumer.

use rand::Rng;

use super::{weighted_tie_break, Balance, SelectContext};
use crate::cluster::candidate::Candidate;

/// Least active. Stateless: the in-flight counts come from [`SelectContext::stats`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LeastActiveBalancer;

impl Balance for LeastActiveBalancer {
    fn name(&self) -> &'static str {
        "leastactive"
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
        let actives: Vec<u32> = candidates.iter().map(|c| ctx.stats_of(c).active).collect();
        let least = *actives.iter().min()?;
        let tied: Vec<usize> = (0..candidates.len())
            .filter(|&i| actives[i] == least)
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

    fn cands(weights: &[i32]) -> Vec<Candidate> {
        weights
            .iter()
            .enumerate()
            .map(|(i, &w)| Candidate::new(format!("p{i}:1")).with_weight(w))
            .collect()
    }

    /// Puts `actives[i]` calls in flight on candidate i; keep the guards alive.
    fn in_flight(stats: &CallStats, cands: &[Candidate], actives: &[u32]) -> Vec<CallGuard> {
        cands
            .iter()
            .zip(actives)
            .flat_map(|(c, &n)| (0..n).map(|_| stats.begin(&c.key, "m")))
            .collect()
    }

    fn counts(cands: &[Candidate], stats: &CallStats, n: usize) -> Vec<usize> {
        let ctx = SelectContext::new("m", 0).with_stats(stats);
        let mut rng = SmallRng::seed_from_u64(11);
        let mut counts = vec![0; cands.len()];
        for _ in 0..n {
            counts[LeastActiveBalancer.select(cands, &ctx, &mut rng).unwrap()] += 1;
        }
        counts
    }

    #[test]
    fn picks_the_unique_minimum() {
        let c = cands(&[100, 100, 100]);
        let stats = CallStats::new();
        let _g = in_flight(&stats, &c, &[3, 1, 2]);
        assert_eq!(counts(&c, &stats, 100), [0, 100, 0]);
    }

    #[test]
    fn other_methods_do_not_count() {
        let c = cands(&[100, 100]);
        let stats = CallStats::new();
        let _busy = stats.begin(&c[1].key, "other");
        let _g = in_flight(&stats, &c, &[1, 0]);
        assert_eq!(counts(&c, &stats, 50), [0, 50]);
    }

    #[test]
    fn ties_broken_by_weight() {
        // p0 and p2 tie at 0 in flight; weights 1 and 3 → 25 % / 75 %. p1 is busier.
        let c = cands(&[1, 50, 3]);
        let stats = CallStats::new();
        let _g = in_flight(&stats, &c, &[0, 1, 0]);
        let got = counts(&c, &stats, 40_000);
        assert_eq!(got[1], 0);
        let share = got[2] as f64 / 40_000.0;
        assert!((share - 0.75).abs() < 0.015, "{got:?}");
    }

    #[test]
    fn ties_with_equal_weights_are_uniform() {
        let c = cands(&[100, 100, 100, 100]);
        let stats = CallStats::new();
        let _g = in_flight(&stats, &c, &[2, 0, 0, 0]);
        let got = counts(&c, &stats, 30_000);
        assert_eq!(got[0], 0);
        for &n in &got[1..] {
            assert!((n as f64 / 30_000.0 - 1.0 / 3.0).abs() < 0.015, "{got:?}");
        }
    }

    #[test]
    fn without_stats_everyone_ties() {
        let c = cands(&[0, 1, 0]);
        let ctx = SelectContext::new("m", 0);
        let mut rng = SmallRng::seed_from_u64(2);
        for _ in 0..100 {
            assert_eq!(LeastActiveBalancer.select(&c, &ctx, &mut rng), Some(1));
        }
    }
}
