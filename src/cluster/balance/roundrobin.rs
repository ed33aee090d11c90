//! `roundrobin` (§7.3): smooth weighted round robin, as nginx and Dubbo ≥ 2.6.5 do it.

use std::collections::HashMap;

use rand::Rng;

use super::{Balance, SelectContext};
use crate::cluster::candidate::Candidate;

/// Entries not seen for this long are forgotten (only when the provider set changed size).
const RECYCLE_PERIOD_MS: i64 = 60_000;

#[derive(Debug, Clone)]
struct WeightedCursor {
    weight: i32,
    current: i64,
    last_seen_ms: i64,
}

/// Smooth weighted round robin. Per method, per provider key: a `current` counter that grows
/// by the provider's weight every call and drops by the total when chosen, so heavier
/// providers are picked more often but never in long bursts (5,1,1 → A A B A C A A).
#[derive(Debug, Clone, Default)]
pub struct RoundRobinBalancer {
    by_method: HashMap<String, HashMap<String, WeightedCursor>>,
}

impl RoundRobinBalancer {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Balance for RoundRobinBalancer {
    fn name(&self) -> &'static str {
        "roundrobin"
    }

    fn select<R: Rng + ?Sized>(
        &mut self,
        candidates: &[Candidate],
        ctx: &SelectContext<'_>,
        _rng: &mut R,
    ) -> Option<usize> {
        match candidates.len() {
            0 => return None,
            1 => return Some(0),
            _ => {}
        }
        let cursors = self.by_method.entry(ctx.method.to_owned()).or_default();
        let now = ctx.now_ms;
        let mut total: i64 = 0;
        let mut best: Option<(usize, i64)> = None;
        for (i, c) in candidates.iter().enumerate() {
            let weight = c.effective_weight(now);
            let cursor = cursors
                .entry(c.key.clone())
                .or_insert_with(|| WeightedCursor {
                    weight,
                    current: 0,
                    last_seen_ms: now,
                });
            // A changed weight (override, warm-up step) restarts this provider's cycle.
            if cursor.weight != weight {
                cursor.weight = weight;
                cursor.current = 0;
            }
            cursor.current += i64::from(weight);
            cursor.last_seen_ms = now;
            // Strictly greater: the first of equal maxima (list order) wins.
            if best.is_none_or(|(_, max)| cursor.current > max) {
                best = Some((i, cursor.current));
            }
            total += i64::from(weight);
        }
        if cursors.len() != candidates.len() {
            cursors.retain(|_, cur| now - cur.last_seen_ms <= RECYCLE_PERIOD_MS);
        }
        let (chosen, _) = best?;
        if let Some(cursor) = cursors.get_mut(&candidates[chosen].key) {
            cursor.current -= total;
        }
        Some(chosen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::SmallRng;
    use rand::SeedableRng;

    fn named(weights: &[(&str, i32)]) -> Vec<Candidate> {
        weights
            .iter()
            .map(|&(name, w)| Candidate::new(format!("{name}:20880")).with_weight(w))
            .collect()
    }

    fn sequence(b: &mut RoundRobinBalancer, cands: &[Candidate], method: &str, n: usize) -> String {
        let ctx = SelectContext::new(method, 0);
        let mut rng = SmallRng::seed_from_u64(0);
        (0..n)
            .map(|_| {
                let i = b.select(cands, &ctx, &mut rng).unwrap();
                cands[i].address.chars().next().unwrap()
            })
            .collect()
    }

    #[test]
    fn smooth_5_1_1_sequence_repeats() {
        let cands = named(&[("A", 5), ("B", 1), ("C", 1)]);
        let mut b = RoundRobinBalancer::new();
        assert_eq!(sequence(&mut b, &cands, "m", 21), "AABACAA".repeat(3));
    }

    #[test]
    fn equal_weights_cycle_in_list_order() {
        let cands = named(&[("A", 100), ("B", 100), ("C", 100)]);
        let mut b = RoundRobinBalancer::new();
        assert_eq!(sequence(&mut b, &cands, "m", 6), "ABCABC");
    }

    #[test]
    fn methods_have_independent_cycles() {
        let cands = named(&[("A", 5), ("B", 1), ("C", 1)]);
        let mut b = RoundRobinBalancer::new();
        assert_eq!(sequence(&mut b, &cands, "m1", 3), "AAB");
        assert_eq!(sequence(&mut b, &cands, "m2", 3), "AAB");
        assert_eq!(sequence(&mut b, &cands, "m1", 4), "ACAA");
    }

    #[test]
    fn weight_change_resets_that_provider() {
        let mut cands = named(&[("A", 1), ("B", 1)]);
        let mut b = RoundRobinBalancer::new();
        assert_eq!(sequence(&mut b, &cands, "m", 1), "A");
        // currents now A=-1, B=1. B's weight changes to 3 → reset to 0.
        // Next: A=0, B=3 → B (B=-1). Then A=1, B=2 → B (B=-2). Then A=2, B=1 → A (A=-2).
        cands[1].weight = 3;
        assert_eq!(sequence(&mut b, &cands, "m", 3), "BBA");
    }

    #[test]
    fn zero_weight_provider_is_not_chosen_while_others_have_weight() {
        let cands = named(&[("A", 0), ("B", 2), ("C", 1)]);
        let mut b = RoundRobinBalancer::new();
        let s = sequence(&mut b, &cands, "m", 30);
        assert!(!s.contains('A'), "{s}");
        assert_eq!(s.matches('B').count(), 20);
    }

    #[test]
    fn removed_providers_are_recycled_after_a_minute() {
        let cands = named(&[("A", 1), ("B", 1), ("C", 1)]);
        let mut b = RoundRobinBalancer::new();
        let mut rng = SmallRng::seed_from_u64(0);
        b.select(&cands, &SelectContext::new("m", 0), &mut rng);
        b.select(&cands[..2], &SelectContext::new("m", 30_000), &mut rng);
        assert_eq!(b.by_method["m"].len(), 3, "C was seen 30 s ago: kept");
        b.select(&cands[..2], &SelectContext::new("m", 60_001), &mut rng);
        assert_eq!(b.by_method["m"].len(), 2, "C unseen for > 60 s: dropped");
    }
}
