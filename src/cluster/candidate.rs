//! One provider as the load balancer sees it, and Dubbo's weight/warm-up rule (spec §7.1).

/// Weight a provider gets when neither its URL nor an override sets one.
pub const DEFAULT_WEIGHT: i32 = 100;

/// Warm-up period (`warmup` URL parameter) when none is set: ten minutes.
pub const DEFAULT_WARMUP_MS: i64 = 600_000;

/// A provider endpoint after overrides have been applied.
///
/// Balancers only ever read candidates; everything they remember between calls (round-robin
/// `current` weights, hash rings) is keyed by [`Candidate::key`] so that it survives the
/// candidate list being rebuilt or filtered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// `host:port`, exactly as Dubbo's `URL.getAddress()` renders it; the consistent-hash ring
    /// is built from this string, so formatting matters.
    pub address: String,
    /// Configured weight (`<method>.weight`, else `weight`, else 100), before warm-up.
    pub weight: i32,
    /// Provider start time (`timestamp` URL parameter, ms since the epoch), when known.
    pub timestamp_ms: Option<i64>,
    /// Warm-up period (`warmup` URL parameter).
    pub warmup_ms: i64,
    /// Identity of the provider for per-provider state and call statistics. Dubbo uses the
    /// URL identity string (`protocol://host:port/path`); the address alone is the default.
    pub key: String,
}

impl Candidate {
    /// A candidate with the default weight, no known start time and the default warm-up.
    pub fn new(address: impl Into<String>) -> Self {
        let address = address.into();
        Candidate {
            key: address.clone(),
            address,
            weight: DEFAULT_WEIGHT,
            timestamp_ms: None,
            warmup_ms: DEFAULT_WARMUP_MS,
        }
    }

    pub fn with_weight(mut self, weight: i32) -> Self {
        self.weight = weight;
        self
    }

    pub fn with_timestamp_ms(mut self, timestamp_ms: i64) -> Self {
        self.timestamp_ms = Some(timestamp_ms);
        self
    }

    pub fn with_warmup_ms(mut self, warmup_ms: i64) -> Self {
        self.warmup_ms = warmup_ms;
        self
    }

    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    /// A registered provider as the balancer sees it: effective weight after override rules,
    /// its start `timestamp` and `warmup` for Dubbo's warm-up weighting.
    pub fn from_provider(p: &crate::registry::ProviderView) -> Self {
        let mut c = Candidate::new(p.url.address())
            .with_weight(p.effective.weight)
            .with_warmup_ms(p.effective.url.warmup_ms());
        if let Some(ts) = p.url.timestamp_ms() {
            c = c.with_timestamp_ms(ts);
        }
        c
    }

    /// The weight balancers use at `now_ms`: Dubbo 3.x `AbstractLoadBalance.getWeight`.
    ///
    /// - weight ≤ 0 → 0 (such a provider is only picked when every weight is 0);
    /// - start time unknown or ≤ 0 → the configured weight;
    /// - start time in the future (clock skew) → 1;
    /// - `0 < uptime < warmup` → `trunc(uptime / (warmup / weight))` computed in f32 as Java
    ///   does, clamped to `[1, weight]`. Uptime exactly 0 counts as warmed up, as in Java.
    pub fn effective_weight(&self, now_ms: i64) -> i32 {
        let weight = self.weight;
        if weight <= 0 {
            return 0;
        }
        let Some(ts) = self.timestamp_ms.filter(|&ts| ts > 0) else {
            return weight;
        };
        let uptime = now_ms.saturating_sub(ts);
        if uptime < 0 {
            return 1;
        }
        if uptime > 0 && uptime < self.warmup_ms {
            return warmup_weight(uptime, self.warmup_ms, weight);
        }
        weight
    }
}

/// Java: `(int) (uptime / ((float) warmup / weight))`, then `max(1, min(ww, weight))`.
/// Java's int uptime and warmup are promoted to float, and the float→int cast truncates and
/// saturates, which is exactly what Rust's `as` does.
fn warmup_weight(uptime_ms: i64, warmup_ms: i64, weight: i32) -> i32 {
    let ww = (uptime_ms as f32 / (warmup_ms as f32 / weight as f32)) as i32;
    ww.clamp(1, weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    fn started(uptime_ms: i64) -> Candidate {
        Candidate::new("10.0.0.1:20880").with_timestamp_ms(NOW - uptime_ms)
    }

    #[test]
    fn defaults() {
        let c = Candidate::new("10.0.0.1:20880");
        assert_eq!(c.weight, 100);
        assert_eq!(c.warmup_ms, 600_000);
        assert_eq!(c.key, "10.0.0.1:20880");
        assert_eq!(c.effective_weight(NOW), 100);
    }

    #[test]
    fn warmup_weights_at_several_uptimes() {
        // Expected values worked by hand from trunc(uptime / (600000 / weight)):
        // weight 100 → divisor 6000 ms per weight point.
        //   1 ms      → 0.000166 → 0  → clamped up to 1
        //   6000 ms   → 1.0           → 1
        //   59999 ms  → 9.99983       → 9
        //   60000 ms  → 10.0          → 10
        //   300000 ms → 50.0          → 50
        //   599999 ms → 99.99983      → 99
        //   600000 ms → not < warmup  → 100 (full weight)
        //   0 ms      → uptime must be > 0 to warm up → 100
        for (uptime, expected) in [
            (1, 1),
            (6_000, 1),
            (59_999, 9),
            (60_000, 10),
            (300_000, 50),
            (599_999, 99),
            (600_000, 100),
            (3_600_000, 100),
            (0, 100),
        ] {
            assert_eq!(
                started(uptime).effective_weight(NOW),
                expected,
                "uptime {uptime}"
            );
        }
    }

    #[test]
    fn warmup_with_custom_weight_and_period() {
        // weight 7, warmup 60000 → divisor 8571.4287 (f32).
        //   30000 ms → 3.4999998 → 3 ; 59000 ms → 6.8833 → 6 ; 8571 ms → 0.99995 → 0 → 1
        let c = |uptime: i64| {
            Candidate::new("h:1")
                .with_weight(7)
                .with_warmup_ms(60_000)
                .with_timestamp_ms(NOW - uptime)
        };
        assert_eq!(c(30_000).effective_weight(NOW), 3);
        assert_eq!(c(59_000).effective_weight(NOW), 6);
        assert_eq!(c(8_571).effective_weight(NOW), 1);
        assert_eq!(c(8_572).effective_weight(NOW), 1);
        assert_eq!(c(17_143).effective_weight(NOW), 2);
    }

    #[test]
    fn future_start_time_gives_weight_one() {
        assert_eq!(started(-5).effective_weight(NOW), 1);
    }

    #[test]
    fn non_positive_weight_is_zero_even_when_warming() {
        assert_eq!(started(1000).with_weight(0).effective_weight(NOW), 0);
        assert_eq!(started(1000).with_weight(-3).effective_weight(NOW), 0);
        assert_eq!(
            Candidate::new("h:1").with_weight(-3).effective_weight(NOW),
            0
        );
    }

    #[test]
    fn non_positive_timestamp_means_unknown() {
        let c = Candidate::new("h:1").with_timestamp_ms(0);
        assert_eq!(c.effective_weight(NOW), 100);
    }

    #[test]
    fn zero_warmup_disables_warmup() {
        assert_eq!(started(10).with_warmup_ms(0).effective_weight(NOW), 100);
    }
}
