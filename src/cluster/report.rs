//! Load-mode statistics: samples in, a serializable report out (its text is `output::load`).
//!
//! Every latency is kept (as u32 microseconds, 4 bytes a call: a few MB for millions of calls),
//! so percentiles are exact rather than estimated; everything else is aggregated on the fly.
//! Latency figures cover every finished call, failed ones included, as ghz does.

use super::FastMap;
use std::fmt;
use std::time::Duration;

use serde::Serialize;

/// Status label of a successful call in the status distribution.
pub const OK_STATUS: &str = "OK";

/// Percentiles reported, in thousandths (so 99.9 % is exact integer arithmetic).
const PERCENTILES_PERMILLE: [u64; 8] = [100, 250, 500, 750, 900, 950, 990, 999];

/// Buckets in the response-time histogram.
const HISTOGRAM_BUCKETS: u64 = 10;

/// How one sampled call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleOutcome<'a> {
    Ok,
    /// `status` is a short label for the status distribution (e.g. a Dubbo status name such as
    /// `CLIENT_TIMEOUT`, or `BIZ_EXCEPTION`, `NETWORK`); `message` groups the error
    /// distribution, so it should not contain per-call details like request ids.
    Error {
        status: &'a str,
        message: &'a str,
    },
}

/// Why the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The requested number of calls was made.
    Done,
    /// The requested duration elapsed.
    Duration,
    /// The user interrupted the run (Ctrl-C).
    Interrupted,
    /// An error aborted the run (e.g. no provider left).
    Error,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StopReason::Done => "done",
            StopReason::Duration => "duration",
            StopReason::Interrupted => "interrupted",
            StopReason::Error => "error",
        })
    }
}

#[derive(Debug, Clone, Default)]
struct ProviderTotals {
    calls: u64,
    errors: u64,
    failed_attempts: u64,
    latency_sum_us: u64,
    /// The load-balancing weight the run started with, when known.
    weight: Option<i32>,
}

/// Collects samples during a run. One per worker, [`merge`](Self::merge)d at the end, or one
/// behind a mutex.
#[derive(Debug, Clone, Default)]
pub struct LoadRecorder {
    latencies_us: Vec<u32>,
    latency_sum_us: u64,
    errors: u64,
    failed_attempts: u64,
    /// Calls that ended OK: counted apart from `statuses` so that most calls hash nothing.
    oks: u64,
    /// Statuses of the failed calls.
    statuses: FastMap<String, u64>,
    error_messages: FastMap<String, u64>,
    /// Provider address → its slot in `totals`.
    providers: FastMap<String, usize>,
    totals: Vec<ProviderTotals>,
}

/// A provider's row in a [`LoadRecorder`], from [`LoadRecorder::expect_provider`]: recording
/// by slot finds the row without hashing the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderSlot(usize);

impl LoadRecorder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The slot of `provider`'s row, made when it has none.
    pub fn slot(&mut self, provider: &str) -> ProviderSlot {
        if let Some(&i) = self.providers.get(provider) {
            return ProviderSlot(i);
        }
        self.totals.push(ProviderTotals::default());
        let i = self.totals.len() - 1;
        self.providers.insert(provider.to_owned(), i);
        ProviderSlot(i)
    }

    /// Records one finished call to `provider` (its address).
    pub fn record(&mut self, provider: &str, latency: Duration, outcome: SampleOutcome<'_>) {
        let slot = self.slot(provider);
        self.record_at(slot, latency, outcome);
    }

    /// [`LoadRecorder::record`] for the provider of `slot`.
    pub fn record_at(&mut self, slot: ProviderSlot, latency: Duration, outcome: SampleOutcome<'_>) {
        let us = u32::try_from(latency.as_micros()).unwrap_or(u32::MAX);
        self.latencies_us.push(us);
        self.latency_sum_us += u64::from(us);
        let totals = &mut self.totals[slot.0];
        totals.calls += 1;
        totals.latency_sum_us += u64::from(us);
        match outcome {
            SampleOutcome::Ok => self.oks += 1,
            SampleOutcome::Error { status, message } => {
                self.errors += 1;
                totals.errors += 1;
                bump(&mut self.error_messages, message);
                bump(&mut self.statuses, status);
            }
        }
    }

    /// Records one failed attempt on `provider` (timeout, network error, non-OK status), also
    /// when failover then succeeded elsewhere: the call's sample alone would hide it.
    pub fn record_failed_attempt(&mut self, provider: &str) {
        let slot = self.slot(provider);
        self.record_failed_attempt_at(slot);
    }

    /// [`LoadRecorder::record_failed_attempt`] for the provider of `slot`.
    pub fn record_failed_attempt_at(&mut self, slot: ProviderSlot) {
        self.failed_attempts += 1;
        self.totals[slot.0].failed_attempts += 1;
    }

    /// Lists a candidate provider before the run, with the weight the balancer was given, so the
    /// report shows every candidate (one the balancer never picked gets a row with 0 calls).
    /// The slot it returns records that provider's calls.
    pub fn expect_provider(&mut self, provider: &str, weight: i32) -> ProviderSlot {
        let slot = self.slot(provider);
        self.totals[slot.0].weight = Some(weight);
        slot
    }

    /// Calls recorded so far.
    pub fn count(&self) -> u64 {
        self.latencies_us.len() as u64
    }

    /// Failed calls recorded so far.
    pub fn error_count(&self) -> u64 {
        self.errors
    }

    /// Folds another worker's samples into this one.
    pub fn merge(&mut self, other: LoadRecorder) {
        self.latencies_us.extend(other.latencies_us);
        self.latency_sum_us += other.latency_sum_us;
        self.errors += other.errors;
        self.failed_attempts += other.failed_attempts;
        self.oks += other.oks;
        for (k, n) in other.statuses {
            *self.statuses.entry(k).or_default() += n;
        }
        for (k, n) in other.error_messages {
            *self.error_messages.entry(k).or_default() += n;
        }
        for (k, i) in other.providers {
            let t = &other.totals[i];
            let slot = self.slot(&k);
            let mine = &mut self.totals[slot.0];
            mine.calls += t.calls;
            mine.errors += t.errors;
            mine.failed_attempts += t.failed_attempts;
            mine.latency_sum_us += t.latency_sum_us;
            mine.weight = mine.weight.or(t.weight);
        }
    }

    /// The report for a run that took `total` wall time and ended for `stop_reason`.
    pub fn report(&self, total: Duration, stop_reason: StopReason) -> Report {
        let mut sorted = self.latencies_us.clone();
        sorted.sort_unstable();
        let count = sorted.len() as u64;
        let fastest_us = sorted.first().copied().unwrap_or(0);
        let slowest_us = sorted.last().copied().unwrap_or(0);
        let total_secs = total.as_secs_f64();

        let latency_distribution = if sorted.is_empty() {
            Vec::new()
        } else {
            PERCENTILES_PERMILLE
                .iter()
                .map(|&permille| Percentile {
                    percentile: permille as f64 / 10.0,
                    latency_ms: us_to_ms(u64::from(nearest_rank(&sorted, permille))),
                })
                .collect()
        };

        let mut statuses = self.statuses.clone();
        if self.oks > 0 {
            *statuses.entry(OK_STATUS.to_owned()).or_default() += self.oks;
        }
        let mut status_distribution: Vec<StatusCount> = statuses
            .into_iter()
            .map(|(status, count)| StatusCount { status, count })
            .collect();
        status_distribution.sort_by(|a, b| b.count.cmp(&a.count).then(a.status.cmp(&b.status)));

        let mut error_distribution: Vec<ErrorCount> = self
            .error_messages
            .iter()
            .map(|(message, &count)| ErrorCount {
                message: message.clone(),
                count,
            })
            .collect();
        error_distribution.sort_by(|a, b| b.count.cmp(&a.count).then(a.message.cmp(&b.message)));

        let mut providers: Vec<ProviderRow> = self
            .providers
            .iter()
            .map(|(address, &i)| (address, &self.totals[i]))
            .map(|(address, t)| ProviderRow {
                address: address.clone(),
                protocol: None,
                triple_form: None,
                weight: t.weight,
                calls: t.calls,
                share: if count == 0 {
                    0.0
                } else {
                    t.calls as f64 / count as f64
                },
                errors: t.errors,
                failed_attempts: t.failed_attempts,
                mean_latency_ms: if t.calls == 0 {
                    0.0
                } else {
                    us_to_ms(t.latency_sum_us) / t.calls as f64
                },
            })
            .collect();
        providers.sort_by(|a, b| a.address.cmp(&b.address));

        Report {
            count,
            ok_count: count - self.errors,
            error_count: self.errors,
            failed_attempts: self.failed_attempts,
            active_at_end: 0,
            total_ms: total_secs * 1000.0,
            rate_per_sec: if total_secs > 0.0 {
                count as f64 / total_secs
            } else {
                0.0
            },
            fastest_ms: us_to_ms(u64::from(fastest_us)),
            slowest_ms: us_to_ms(u64::from(slowest_us)),
            average_ms: if count == 0 {
                0.0
            } else {
                us_to_ms(self.latency_sum_us) / count as f64
            },
            latency_distribution,
            histogram: histogram(&sorted),
            status_distribution,
            error_distribution,
            providers,
            stop_reason,
        }
    }
}

fn bump(map: &mut FastMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}

fn us_to_ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

/// Nearest-rank percentile: the smallest sample with at least `permille`/1000 of the samples at
/// or below it. `sorted` must be non-empty.
fn nearest_rank(sorted: &[u32], permille: u64) -> u32 {
    let n = sorted.len() as u64;
    let rank = (permille * n).div_ceil(1000).max(1);
    sorted[usize::try_from(rank - 1)
        .unwrap_or(usize::MAX)
        .min(sorted.len() - 1)]
}

/// Ten equal-width buckets between fastest and slowest, each labelled with its upper bound and
/// counting the latencies above the previous bound up to and including its own (the first also
/// holds the fastest). All-equal latencies make a single bucket.
fn histogram(sorted: &[u32]) -> Vec<HistogramBucket> {
    let (Some(&fastest), Some(&slowest)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let n = sorted.len() as f64;
    let span = u64::from(slowest - fastest);
    if span == 0 {
        return vec![HistogramBucket {
            mark_ms: us_to_ms(u64::from(fastest)),
            count: sorted.len() as u64,
            frequency: 1.0,
        }];
    }
    let mut counts = [0u64; HISTOGRAM_BUCKETS as usize];
    for &l in sorted {
        // Bucket i holds latencies in (fastest + span·i/10, fastest + span·(i+1)/10]; in integers
        // that is ceil(10·(l − fastest) / span) − 1.
        let scaled = u64::from(l - fastest) * HISTOGRAM_BUCKETS;
        let i = scaled.div_ceil(span).saturating_sub(1);
        counts[usize::try_from(i).unwrap_or(0).min(counts.len() - 1)] += 1;
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, &count)| HistogramBucket {
            mark_ms: (f64::from(fastest)
                + span as f64 * (i as f64 + 1.0) / HISTOGRAM_BUCKETS as f64)
                / 1000.0,
            count,
            frequency: count as f64 / n,
        })
        .collect()
}

/// Load-run summary. Field names are part of the JSON output: keep them stable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub count: u64,
    pub ok_count: u64,
    pub error_count: u64,
    /// Attempts that failed, on any provider, including those failover retried elsewhere.
    pub failed_attempts: u64,
    /// Calls still counted in flight once the run ended (set by the runner; anything but 0 is a
    /// leak in the bookkeeping the balancers rely on).
    pub active_at_end: u64,
    /// Wall time of the run.
    pub total_ms: f64,
    /// Calls per second of wall time.
    pub rate_per_sec: f64,
    pub fastest_ms: f64,
    pub slowest_ms: f64,
    pub average_ms: f64,
    /// p10, p25, p50, p75, p90, p95, p99, p99.9 (empty when there were no calls).
    pub latency_distribution: Vec<Percentile>,
    pub histogram: Vec<HistogramBucket>,
    /// Most frequent first.
    pub status_distribution: Vec<StatusCount>,
    /// Most frequent first.
    pub error_distribution: Vec<ErrorCount>,
    /// Sorted by address.
    pub providers: Vec<ProviderRow>,
    pub stop_reason: StopReason,
}

impl Report {
    /// Says which protocol (and, for Triple, which form) the provider at `address` was called
    /// in; the recorder only knows addresses.
    pub fn set_protocol(&mut self, address: &str, protocol: &str, triple_form: Option<&str>) {
        for p in self.providers.iter_mut().filter(|p| p.address == address) {
            p.protocol = Some(protocol.to_string());
            p.triple_form = triple_form.map(str::to_string);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Percentile {
    /// e.g. 50.0, 99.9
    pub percentile: f64,
    pub latency_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistogramBucket {
    /// Upper bound of the bucket.
    pub mark_ms: f64,
    pub count: u64,
    /// Share of all calls, 0–1.
    pub frequency: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    pub status: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCount {
    pub message: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderRow {
    pub address: String,
    /// The protocol the provider was called in, `dubbo` or `tri` (`None` for a row that is no
    /// candidate, such as calls that found no provider).
    pub protocol: Option<String>,
    /// For `tri`, the Triple form the calls used: `grpc` or `json` (`None` when none was
    /// settled: in automatic mode no call was answered).
    pub triple_form: Option<String>,
    /// Load-balancing weight at the start of the run (`None` when not known).
    pub weight: Option<i32>,
    pub calls: u64,
    /// Share of all calls, 0–1: what the balancer did with the weights.
    pub share: f64,
    pub errors: u64,
    /// Failed attempts on this provider, retried or not.
    pub failed_attempts: u64,
    pub mean_latency_ms: f64,
}

/// Recorders the tests of this report and of its rendering share.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// Three providers expected (weights 300, 100, 100), called 3, 1 and 0 times, interrupted.
    pub fn three_expected() -> Report {
        let mut r = LoadRecorder::new();
        r.expect_provider("10.0.0.1:20880", 300);
        r.expect_provider("10.0.0.2:20880", 100);
        r.expect_provider("10.0.0.3:20880", 100);
        for _ in 0..3 {
            r.record(
                "10.0.0.1:20880",
                Duration::from_millis(1),
                SampleOutcome::Ok,
            );
        }
        r.record(
            "10.0.0.2:20880",
            Duration::from_millis(1),
            SampleOutcome::Ok,
        );
        r.report(Duration::from_secs(1), StopReason::Interrupted)
    }

    /// Six calls on two providers: oks, timeouts, a business exception and failed attempts.
    pub fn mixed() -> LoadRecorder {
        let mut r = LoadRecorder::new();
        let timeout = SampleOutcome::Error {
            status: "CLIENT_TIMEOUT",
            message: "timeout after 1000 ms",
        };
        let biz = SampleOutcome::Error {
            status: "BIZ_EXCEPTION",
            message: "java.lang.IllegalArgumentException: bad id",
        };
        r.record(
            "10.0.0.1:20880",
            Duration::from_millis(2),
            SampleOutcome::Ok,
        );
        r.record(
            "10.0.0.1:20880",
            Duration::from_millis(4),
            SampleOutcome::Ok,
        );
        r.record("10.0.0.2:20880", Duration::from_millis(1000), timeout);
        r.record("10.0.0.2:20880", Duration::from_millis(1000), timeout);
        r.record("10.0.0.2:20880", Duration::from_millis(3), biz);
        r.record(
            "10.0.0.2:20880",
            Duration::from_millis(5),
            SampleOutcome::Ok,
        );
        // The two timeouts, and one attempt failover retried on 10.0.0.2.
        r.record_failed_attempt("10.0.0.2:20880");
        r.record_failed_attempt("10.0.0.2:20880");
        r.record_failed_attempt("10.0.0.1:20880");
        r
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{mixed, three_expected};
    use super::*;
    use rand::rngs::SmallRng;
    use rand::seq::SliceRandom;
    use rand::SeedableRng;

    fn us(n: u64) -> Duration {
        Duration::from_micros(n)
    }

    fn ms(us: u64) -> f64 {
        us as f64 / 1000.0
    }

    #[test]
    fn percentiles_of_ten_samples() {
        let mut r = LoadRecorder::new();
        // 10, 20, ..., 100 µs, recorded out of order.
        for n in [70, 10, 100, 40, 20, 90, 30, 60, 50, 80] {
            r.record("a:1", us(n), SampleOutcome::Ok);
        }
        let rep = r.report(Duration::from_secs(1), StopReason::Done);
        let got: Vec<(f64, f64)> = rep
            .latency_distribution
            .iter()
            .map(|p| (p.percentile, p.latency_ms))
            .collect();
        // Nearest rank: ceil(p·n) → 10 %: 1st, 25 %: 3rd, 50 %: 5th, 75 %: 8th, 90 %: 9th,
        // 95 %, 99 %, 99.9 %: 10th.
        assert_eq!(
            got,
            [
                (10.0, ms(10)),
                (25.0, ms(30)),
                (50.0, ms(50)),
                (75.0, ms(80)),
                (90.0, ms(90)),
                (95.0, ms(100)),
                (99.0, ms(100)),
                (99.9, ms(100)),
            ]
        );
        assert_eq!(rep.fastest_ms, ms(10));
        assert_eq!(rep.slowest_ms, ms(100));
        assert_eq!(rep.average_ms, ms(550) / 10.0);
        assert_eq!((rep.count, rep.ok_count, rep.error_count), (10, 10, 0));
        assert_eq!(rep.rate_per_sec, 10.0);
    }

    #[test]
    fn percentiles_of_a_thousand_samples() {
        let mut samples: Vec<u64> = (1..=1000).collect();
        samples.shuffle(&mut SmallRng::seed_from_u64(8));
        let mut r = LoadRecorder::new();
        for n in samples {
            r.record("a:1", us(n), SampleOutcome::Ok);
        }
        let rep = r.report(Duration::from_millis(500), StopReason::Duration);
        let got: Vec<f64> = rep
            .latency_distribution
            .iter()
            .map(|p| p.latency_ms)
            .collect();
        assert_eq!(got, [100, 250, 500, 750, 900, 950, 990, 999].map(ms));
        assert_eq!(rep.rate_per_sec, 2000.0);
    }

    #[test]
    fn histogram_bucket_counts() {
        let mut r = LoadRecorder::new();
        // fastest 100 µs, slowest 1100 µs → ten buckets of 100 µs, upper bounds 200 … 1100.
        for n in [100, 150, 200, 201, 650, 1000, 1050, 1100] {
            r.record("a:1", us(n), SampleOutcome::Ok);
        }
        let rep = r.report(Duration::from_secs(1), StopReason::Done);
        let counts: Vec<u64> = rep.histogram.iter().map(|b| b.count).collect();
        // 100,150,200 ≤ 200 | 201 ≤ 300 | 650 ≤ 700 | 1000 ≤ 1000 | 1050,1100 ≤ 1100
        assert_eq!(counts, [3, 1, 0, 0, 0, 1, 0, 0, 1, 2]);
        let marks: Vec<f64> = rep.histogram.iter().map(|b| b.mark_ms).collect();
        assert_eq!(
            marks,
            [200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100].map(ms)
        );
        assert_eq!(rep.histogram[0].frequency, 3.0 / 8.0);
    }

    #[test]
    fn histogram_of_identical_latencies_is_one_bucket() {
        let mut r = LoadRecorder::new();
        for _ in 0..5 {
            r.record("a:1", us(42), SampleOutcome::Ok);
        }
        let rep = r.report(Duration::from_secs(1), StopReason::Done);
        assert_eq!(
            rep.histogram,
            [HistogramBucket {
                mark_ms: ms(42),
                count: 5,
                frequency: 1.0
            }]
        );
    }

    #[test]
    fn status_error_and_provider_tables() {
        let rep = mixed().report(Duration::from_secs(2), StopReason::Interrupted);
        assert_eq!((rep.count, rep.ok_count, rep.error_count), (6, 3, 3));
        let statuses: Vec<(&str, u64)> = rep
            .status_distribution
            .iter()
            .map(|s| (s.status.as_str(), s.count))
            .collect();
        assert_eq!(
            statuses,
            [("OK", 3), ("CLIENT_TIMEOUT", 2), ("BIZ_EXCEPTION", 1)]
        );
        let errors: Vec<(&str, u64)> = rep
            .error_distribution
            .iter()
            .map(|e| (e.message.as_str(), e.count))
            .collect();
        assert_eq!(
            errors,
            [
                ("timeout after 1000 ms", 2),
                ("java.lang.IllegalArgumentException: bad id", 1)
            ]
        );
        assert_eq!(
            rep.providers,
            [
                ProviderRow {
                    address: "10.0.0.1:20880".into(),
                    protocol: None,
                    triple_form: None,
                    weight: None,
                    calls: 2,
                    share: 2.0 / 6.0,
                    errors: 0,
                    failed_attempts: 1,
                    mean_latency_ms: 3.0
                },
                ProviderRow {
                    address: "10.0.0.2:20880".into(),
                    protocol: None,
                    triple_form: None,
                    weight: None,
                    calls: 4,
                    share: 4.0 / 6.0,
                    errors: 3,
                    failed_attempts: 2,
                    mean_latency_ms: 2008.0 / 4.0
                },
            ]
        );
        assert_eq!(rep.rate_per_sec, 3.0);
        assert_eq!(rep.failed_attempts, 3);
    }

    #[test]
    fn merging_workers_equals_recording_in_one() {
        let whole = mixed().report(Duration::from_secs(1), StopReason::Done);
        let mut a = LoadRecorder::new();
        let mut b = LoadRecorder::new();
        a.record(
            "10.0.0.1:20880",
            Duration::from_millis(2),
            SampleOutcome::Ok,
        );
        a.record(
            "10.0.0.1:20880",
            Duration::from_millis(4),
            SampleOutcome::Ok,
        );
        a.record(
            "10.0.0.2:20880",
            Duration::from_millis(1000),
            SampleOutcome::Error {
                status: "CLIENT_TIMEOUT",
                message: "timeout after 1000 ms",
            },
        );
        a.record_failed_attempt("10.0.0.2:20880");
        let mut c = LoadRecorder::new();
        c.record_failed_attempt("10.0.0.1:20880");
        c.record_failed_attempt("10.0.0.2:20880");
        c.record(
            "10.0.0.2:20880",
            Duration::from_millis(1000),
            SampleOutcome::Error {
                status: "CLIENT_TIMEOUT",
                message: "timeout after 1000 ms",
            },
        );
        c.record(
            "10.0.0.2:20880",
            Duration::from_millis(3),
            SampleOutcome::Error {
                status: "BIZ_EXCEPTION",
                message: "java.lang.IllegalArgumentException: bad id",
            },
        );
        c.record(
            "10.0.0.2:20880",
            Duration::from_millis(5),
            SampleOutcome::Ok,
        );
        b.merge(c);
        a.merge(b);
        assert_eq!(a.count(), 6);
        assert_eq!(a.report(Duration::from_secs(1), StopReason::Done), whole);
    }

    #[test]
    fn empty_report() {
        let rep = LoadRecorder::new().report(Duration::from_secs(1), StopReason::Error);
        assert_eq!(rep.count, 0);
        assert!(rep.latency_distribution.is_empty() && rep.histogram.is_empty());
        assert_eq!(rep.average_ms, 0.0);
    }

    #[test]
    fn json_field_names_are_stable() {
        let rep = mixed().report(Duration::from_secs(2), StopReason::Done);
        let json = serde_json::to_value(&rep).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(
            keys(&json),
            [
                "count",
                "ok_count",
                "error_count",
                "failed_attempts",
                "active_at_end",
                "total_ms",
                "rate_per_sec",
                "fastest_ms",
                "slowest_ms",
                "average_ms",
                "latency_distribution",
                "histogram",
                "status_distribution",
                "error_distribution",
                "providers",
                "stop_reason"
            ]
        );
        assert_eq!(json["stop_reason"], "done");
        assert_eq!(json["latency_distribution"][7]["percentile"], 99.9);
        assert_eq!(json["providers"][0]["mean_latency_ms"], 3.0);
        let row_keys = keys(&json["providers"][0]);
        assert_eq!(
            row_keys,
            [
                "address",
                "protocol",
                "triple_form",
                "weight",
                "calls",
                "share",
                "errors",
                "failed_attempts",
                "mean_latency_ms"
            ]
        );
        // Unknown until the runner says: null, not a guess.
        assert_eq!(json["providers"][0]["protocol"], serde_json::Value::Null);
        let mut rep = rep;
        rep.set_protocol("10.0.0.2:20880", "tri", Some("json"));
        rep.set_protocol("10.0.0.9:20880", "dubbo", None);
        let json = serde_json::to_value(&rep).unwrap();
        assert_eq!(json["providers"][1]["protocol"], "tri");
        assert_eq!(json["providers"][1]["triple_form"], "json");
        assert_eq!(json["providers"][0]["protocol"], serde_json::Value::Null);
        assert_eq!(json["histogram"][0]["count"], 4);
    }

    #[test]
    fn expected_providers_show_weight_and_zero_rows() {
        let rep = three_expected();
        assert_eq!(rep.count, 4, "expected providers are not calls");
        let rows: Vec<(&str, Option<i32>, u64, f64)> = rep
            .providers
            .iter()
            .map(|p| (p.address.as_str(), p.weight, p.calls, p.share))
            .collect();
        assert_eq!(
            rows,
            [
                ("10.0.0.1:20880", Some(300), 3, 0.75),
                ("10.0.0.2:20880", Some(100), 1, 0.25),
                ("10.0.0.3:20880", Some(100), 0, 0.0),
            ]
        );
    }
}
