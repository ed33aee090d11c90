//! A provider's answer turned into one set of counters per service (pure), and counters of two
//! polls turned into rates.

use super::ProbeError;
use crate::protocol::prometheus::{Exposition, Sample};
use crate::protocol::telnet::MethodCount;
use crate::registry::url::ServiceKey;

/// One service on one provider, summed over its methods.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Counters {
    /// Calls in flight now.
    pub active: u64,
    /// Calls since the provider started (cumulative).
    pub total: u64,
    /// Failed calls since the provider started (cumulative).
    pub failed: u64,
    /// Mean latency since the provider started, when the source has it.
    pub mean_ms: Option<f64>,
    /// Sum of all call durations since start (cumulative), when the source has it exactly;
    /// [`rates`] turns it into the mean of the last interval.
    pub elapsed_ms: Option<f64>,
    /// Methods the numbers cover.
    pub methods: usize,
}

/// Sums a `count` table. 2.7 prints the average as whole milliseconds (elapsed / total), so
/// the since-start mean is weighted by each method's total, and no exact elapsed sum exists.
pub fn from_count_table(rows: &[MethodCount]) -> Counters {
    let mut c = Counters {
        methods: rows.len(),
        ..Counters::default()
    };
    let mut weighted = 0f64;
    for r in rows {
        c.active = c.active.saturating_add(r.active);
        c.total = c.total.saturating_add(r.total);
        c.failed = c.failed.saturating_add(r.failed);
        weighted += r.average_ms as f64 * r.total as f64;
    }
    if c.total > 0 {
        c.mean_ms = Some(weighted / c.total as f64);
    }
    c
}

/// The in-flight gauge: `dubbo_provider_requests_processing_total` since 3.2.3,
/// `dubbo_provider_requests_processing` in 3.2.0–3.2.2.
pub fn is_processing(name: &str) -> bool {
    name == "dubbo_provider_requests_processing_total"
        || name == "dubbo_provider_requests_processing"
}

const TOTAL: &str = "dubbo_provider_requests_total";
const FAILED: &str = "dubbo_provider_requests_failed_total";
const RT_AVG: &str = "dubbo_provider_rt_milliseconds_avg";
const RT_SUM: &str = "dubbo_provider_rt_milliseconds_sum";

/// The metric families [`from_metrics`] reads (a filter for `parse_filtered`).
pub fn wanted_family(name: &str) -> bool {
    is_processing(name) || matches!(name, TOTAL | FAILED | RT_AVG | RT_SUM)
}

/// Whether a series belongs to `service`. Dubbo writes `group=""` and `version=""` when unset.
fn same_service(s: &Sample, service: &ServiceKey) -> bool {
    fn norm(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty() && *v != "0.0.0")
    }
    s.label("interface") == Some(service.interface.as_str())
        && norm(s.label("group")) == service.group.as_deref()
        && norm(s.label("version")) == service.version.as_deref()
}

/// A counter or gauge as a count: negative, NaN or infinite values are not numbers we show.
fn as_count(v: f64) -> Option<u64> {
    (v.is_finite() && v >= 0.0).then(|| v.round().min(u64::MAX as f64) as u64)
}

/// Sums the `dubbo_provider_*` series of `service` in a metrics body. Series without an
/// in-flight gauge and without a request counter mean the body says nothing about the service.
/// With `application`, series labelled with another `application_name` are not ours: the QoS
/// port is configured, not registered, so it may belong to another application on that host.
pub fn from_metrics(
    body: &Exposition,
    service: &ServiceKey,
    application: Option<&str>,
) -> Result<Counters, ProbeError> {
    let mut other_app: Option<&str> = None;
    let ours = |s: &&Sample| {
        same_service(s, service)
            && match (application, s.label("application_name")) {
                (Some(want), Some(got)) => want == got,
                _ => true,
            }
    };
    for s in body.samples.iter().filter(|s| same_service(s, service)) {
        if let (Some(want), Some(got)) = (application, s.label("application_name")) {
            if want != got && other_app.is_none() {
                other_app = Some(got);
            }
        }
    }
    let result = sum_series(body.samples.iter().filter(ours), service);
    match (result, other_app) {
        (Err(ProbeError::NoSeries(_)), Some(found)) => Err(ProbeError::OtherApplication {
            expected: crate::output::sanitize(application.unwrap_or_default()),
            found: super::clean(found),
        }),
        (r, _) => r,
    }
}

fn sum_series<'a>(
    samples: impl Iterator<Item = &'a Sample>,
    service: &ServiceKey,
) -> Result<Counters, ProbeError> {
    let mut c = Counters::default();
    let mut methods: Vec<&str> = Vec::new();
    let mut seen = false;
    let (mut avg_weighted, mut avg_weight) = (0f64, 0u64);
    let mut avg_by_method: Vec<(&str, f64)> = Vec::new();
    let mut total_by_method: Vec<(&str, u64)> = Vec::new();
    let mut sum = 0f64;
    let mut have_sum = false;
    for s in samples {
        let method = s.label("method").unwrap_or("");
        let name = s.name.as_str();
        if is_processing(name) || name == TOTAL {
            seen = true;
            if !methods.contains(&method) {
                methods.push(method);
            }
        }
        if is_processing(name) {
            if let Some(n) = as_count(s.value) {
                c.active = c.active.saturating_add(n);
            }
        } else if name == TOTAL {
            if let Some(n) = as_count(s.value) {
                c.total = c.total.saturating_add(n);
                total_by_method.push((method, n));
            }
        } else if name == FAILED {
            if let Some(n) = as_count(s.value) {
                c.failed = c.failed.saturating_add(n);
            }
        } else if name == RT_AVG {
            if s.value.is_finite() && s.value >= 0.0 {
                avg_by_method.push((method, s.value));
            }
        } else if name == RT_SUM && s.value.is_finite() && s.value >= 0.0 {
            sum += s.value;
            have_sum = true;
        }
    }
    if !seen {
        return Err(ProbeError::NoSeries(crate::output::sanitize(
            &service.to_string(),
        )));
    }
    c.methods = methods.len();
    if have_sum {
        c.elapsed_ms = Some(sum);
    }
    for (m, avg) in &avg_by_method {
        let n = total_by_method
            .iter()
            .find(|(tm, _)| tm == m)
            .map_or(0, |(_, n)| *n);
        avg_weighted += avg * n as f64;
        avg_weight = avg_weight.saturating_add(n);
    }
    c.mean_ms = if have_sum && c.total > 0 {
        Some(sum / c.total as f64)
    } else if avg_weight > 0 {
        Some(avg_weighted / avg_weight as f64)
    } else {
        None
    };
    Ok(c)
}

/// Per-second figures between two polls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    pub calls_per_s: f64,
    pub errors_per_s: f64,
    /// Mean latency of the calls of this interval, when the source gives an exact elapsed sum
    /// and calls happened.
    pub mean_ms: Option<f64>,
}

/// Rates from two polls of the same target, `prev` taken at `prev_ms` and `cur` at `cur_ms`
/// (any monotonic millisecond clock). `None` when no time passed or a counter went backwards
/// (the provider restarted: the next pair of polls has rates again).
pub fn rates(prev: &Counters, prev_ms: u64, cur: &Counters, cur_ms: u64) -> Option<Rates> {
    let dt_ms = cur_ms.checked_sub(prev_ms).filter(|d| *d > 0)?;
    let calls = cur.total.checked_sub(prev.total)?;
    let errors = cur.failed.checked_sub(prev.failed)?;
    let secs = dt_ms as f64 / 1000.0;
    let mean_ms = match (prev.elapsed_ms, cur.elapsed_ms) {
        (Some(a), Some(b)) if calls > 0 && b >= a => Some((b - a) / calls as f64),
        _ => None,
    };
    Some(Rates {
        calls_per_s: calls as f64 / secs,
        errors_per_s: errors as f64 / secs,
        mean_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::prometheus::{parse, parse_filtered};

    fn row(method: &str, total: u64, failed: u64, active: u64, avg: u64) -> MethodCount {
        MethodCount {
            method: method.into(),
            total,
            failed,
            active,
            average_ms: avg,
            max_ms: avg * 2,
        }
    }

    #[test]
    fn a_count_table_sums_over_methods() {
        let c = from_count_table(&[row("pause", 232, 0, 8, 400), row("hi", 768, 3, 1, 1)]);
        assert_eq!((c.active, c.total, c.failed, c.methods), (9, 1000, 3, 2));
        let mean = c.mean_ms.unwrap();
        assert!(
            (mean - (232.0 * 400.0 + 768.0) / 1000.0).abs() < 1e-9,
            "{mean}"
        );
        assert_eq!(c.elapsed_ms, None);
        let idle = from_count_table(&[row("a", 0, 0, 0, 0)]);
        assert_eq!(idle.mean_ms, None);
        assert_eq!(idle.methods, 1);
    }

    const BODY: &str = crate::protocol::prometheus::tests::DUBBO_32;

    #[test]
    fn a_dubbo_32_body_sums_per_service() {
        let e = parse_filtered(BODY, wanted_family);
        let key = ServiceKey::new("org.apache.dubbo.demo.DemoService", None, None);
        let c = from_metrics(&e, &key, None).unwrap();
        assert_eq!((c.active, c.total, c.failed, c.methods), (4, 1600, 12, 2));
        // Only sayHello has a finite average; weighted by its total.
        assert_eq!(c.mean_ms, Some(2.5));
        assert_eq!(c.elapsed_ms, None);
        // Another group or version is another service.
        let other = ServiceKey::new("org.apache.dubbo.demo.DemoService", Some("g"), None);
        assert!(matches!(
            from_metrics(&e, &other, None),
            Err(ProbeError::NoSeries(_))
        ));
        let v = ServiceKey::new("org.apache.dubbo.demo.DemoService", None, Some("1.0"));
        assert!(from_metrics(&e, &v, None).is_err());
        // The right application, or none named: counted; another one: said so.
        assert!(from_metrics(&e, &key, Some("demo-provider")).is_ok());
        assert_eq!(
            from_metrics(&e, &key, Some("billing")),
            Err(ProbeError::OtherApplication {
                expected: "billing".into(),
                found: "demo-provider".into()
            })
        );
    }

    #[test]
    fn the_pre_323_gauge_name_and_sums_count() {
        let body = "dubbo_provider_requests_processing{interface=\"a.B\",method=\"m\",group=\"g\",version=\"1\"} 2\n\
                    dubbo_provider_requests_total{interface=\"a.B\",method=\"m\",group=\"g\",version=\"1\"} 10\n\
                    dubbo_provider_rt_milliseconds_sum{interface=\"a.B\",method=\"m\",group=\"g\",version=\"1\"} 55\n\
                    dubbo_provider_requests_processing{interface=\"a.B\",method=\"n\",group=\"g\",version=\"1\"} NaN\n\
                    dubbo_provider_requests_total{interface=\"a.B\",method=\"n\",group=\"g\",version=\"1\"} -4\n";
        let c = from_metrics(
            &parse(body),
            &ServiceKey::new("a.B", Some("g"), Some("1")),
            Some("unlabelled series are not refused"),
        )
        .unwrap();
        assert_eq!((c.active, c.total, c.methods), (2, 10, 2));
        assert_eq!(c.elapsed_ms, Some(55.0));
        assert_eq!(c.mean_ms, Some(5.5));
    }

    #[test]
    fn no_series_is_an_error_not_zero() {
        let e = parse("jvm_threads_live_threads 3\n");
        assert!(matches!(
            from_metrics(&e, &ServiceKey::new("a.B", None, None), None),
            Err(ProbeError::NoSeries(s)) if s == "a.B"
        ));
    }

    #[test]
    fn rates_come_from_deltas() {
        let a = Counters {
            total: 100,
            failed: 1,
            elapsed_ms: Some(1000.0),
            ..Counters::default()
        };
        let b = Counters {
            total: 150,
            failed: 6,
            elapsed_ms: Some(1500.0),
            ..Counters::default()
        };
        let r = rates(&a, 1_000, &b, 3_000).unwrap();
        assert_eq!(r.calls_per_s, 25.0);
        assert_eq!(r.errors_per_s, 2.5);
        assert_eq!(r.mean_ms, Some(10.0));
        // A restart (counters back to small numbers) and a clock that did not move give nothing.
        assert_eq!(rates(&b, 0, &a, 1000), None);
        assert_eq!(rates(&a, 5, &b, 5), None);
        assert_eq!(rates(&a, 6, &b, 5), None);
        // No calls in the interval: no interval mean.
        assert_eq!(rates(&a, 0, &a, 1000).unwrap().mean_ms, None);
    }
}
