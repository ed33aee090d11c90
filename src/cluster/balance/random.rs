//! `random` (§7.2): pick with probability proportional to the effective weight.

use rand::Rng;

use super::{Balance, SelectContext};
use crate::cluster::candidate::Candidate;

/// Weighted random. Stateless.
///
/// Unlike Dubbo 3.x this always honours differing weights: Dubbo only looks at weights when the
/// *first* provider's URL carries `weight` or `timestamp`, which ignores an override that sets
/// the weight of any other provider.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomBalancer;

impl Balance for RandomBalancer {
    fn name(&self) -> &'static str {
        "random"
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
        // cumulative[i] = w[0] + ... + w[i]
        let mut cumulative = Vec::with_capacity(candidates.len());
        let mut total: i64 = 0;
        let first = candidates[0].effective_weight(ctx.now_ms);
        let mut same_weight = true;
        for c in candidates {
            let w = c.effective_weight(ctx.now_ms);
            same_weight &= w == first;
            total += i64::from(w);
            cumulative.push(total);
        }
        if total > 0 && !same_weight {
            let offset = rng.gen_range(0..total);
            // First index whose cumulative weight exceeds the offset; zero-weight entries share
            // their predecessor's cumulative value and so can never be that index.
            return Some(cumulative.partition_point(|&cum| cum <= offset));
        }
        Some(rng.gen_range(0..candidates.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::SmallRng;
    use rand::SeedableRng;

    fn weighted(weights: &[i32]) -> Vec<Candidate> {
        weights
            .iter()
            .enumerate()
            .map(|(i, &w)| Candidate::new(format!("10.0.0.{i}:20880")).with_weight(w))
            .collect()
    }

    fn spread(cands: &[Candidate], picks: usize, seed: u64) -> Vec<usize> {
        let ctx = SelectContext::new("m", 0);
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut b = RandomBalancer;
        let mut counts = vec![0; cands.len()];
        for _ in 0..picks {
            counts[b.select(cands, &ctx, &mut rng).unwrap()] += 1;
        }
        counts
    }

    fn assert_share(counts: &[usize], expected: &[f64], tolerance: f64) {
        let n: usize = counts.iter().sum();
        for (i, (&c, &e)) in counts.iter().zip(expected).enumerate() {
            let share = c as f64 / n as f64;
            assert!(
                (share - e).abs() < tolerance,
                "candidate {i}: share {share:.4}, expected {e:.4} (counts {counts:?})"
            );
        }
    }

    #[test]
    fn weighted_spread_1_2_7() {
        let counts = spread(&weighted(&[1, 2, 7]), 100_000, 42);
        // Standard deviation of a share over 100k picks is ≤ 0.0016; 0.01 is > 6σ.
        assert_share(&counts, &[0.1, 0.2, 0.7], 0.01);
    }

    #[test]
    fn weighted_spread_with_many_candidates() {
        let counts = spread(&weighted(&[5, 0, 10, 5, 0, 20, 10]), 100_000, 7);
        assert_share(&counts, &[0.1, 0.0, 0.2, 0.1, 0.0, 0.4, 0.2], 0.01);
    }

    #[test]
    fn zero_weight_never_chosen() {
        let counts = spread(&weighted(&[0, 3, 0, 1, 0]), 20_000, 1);
        assert_eq!((counts[0], counts[2], counts[4]), (0, 0, 0));
        assert!(counts[1] > counts[3]);
    }

    #[test]
    fn all_zero_weights_are_uniform() {
        let counts = spread(&weighted(&[0, 0, 0, 0]), 40_000, 3);
        assert_share(&counts, &[0.25; 4], 0.015);
    }

    #[test]
    fn equal_weights_are_uniform() {
        let counts = spread(&weighted(&[100, 100, 100]), 60_000, 9);
        assert_share(&counts, &[1.0 / 3.0; 3], 0.012);
    }

    #[test]
    fn warming_provider_gets_a_smaller_share() {
        let now = 1_000_000_000;
        // Started 60 s ago: 100 * 60000/600000 = 10 → shares 100:10.
        let cands = vec![
            Candidate::new("a:1"),
            Candidate::new("b:1").with_timestamp_ms(now - 60_000),
        ];
        let ctx = SelectContext::new("m", now);
        let mut rng = SmallRng::seed_from_u64(5);
        let mut counts = [0usize; 2];
        for _ in 0..55_000 {
            counts[RandomBalancer.select(&cands, &ctx, &mut rng).unwrap()] += 1;
        }
        assert_share(&counts, &[100.0 / 110.0, 10.0 / 110.0], 0.01);
    }

    #[test]
    fn single_candidate_needs_no_randomness() {
        let mut rng = rand::rngs::mock::StepRng::new(u64::MAX, 0);
        let ctx = SelectContext::new("m", 0);
        assert_eq!(
            RandomBalancer.select(&weighted(&[0]), &ctx, &mut rng),
            Some(0)
        );
    }
}
