//! The demo provider's live call counters and the two ways it reports them: the telnet `count`
//! table of Dubbo 2.7 and the `dubbo_provider_*` Prometheus families of Dubbo 3 (live-stats
//! spec §1–§2). Counting is a mutex-guarded map; rendering is pure.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use super::services::ServiceDef;

/// Counters of one method, cumulative since start except `active`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MethodStats {
    pub total: u64,
    pub failed: u64,
    pub active: u64,
    pub elapsed_ms: u64,
    pub max_ms: u64,
}

impl MethodStats {
    /// Dubbo's `RpcStatus.getAverageElapsed`: whole milliseconds.
    pub fn average_ms(&self) -> u64 {
        self.elapsed_ms.checked_div(self.total).unwrap_or(0)
    }
}

/// Counters of every (interface, method) called so far.
#[derive(Debug, Default)]
pub struct CallCounters {
    methods: Mutex<BTreeMap<(String, String), MethodStats>>,
}

/// A call being counted; [`CallCounters::end`] closes it.
#[derive(Debug)]
pub struct Started {
    key: (String, String),
    at: Instant,
}

impl CallCounters {
    /// Counts a call as started (in flight) now.
    pub fn begin(&self, interface: &str, method: &str) -> Started {
        let key = (interface.to_string(), method.to_string());
        self.lock().entry(key.clone()).or_default().active += 1;
        Started {
            key,
            at: Instant::now(),
        }
    }

    /// Counts a call as started unless `limit` calls of the method are already in flight
    /// (Dubbo's `RpcStatus.beginCount` with `executes`).
    pub fn try_begin(&self, interface: &str, method: &str, limit: Option<u32>) -> Option<Started> {
        let key = (interface.to_string(), method.to_string());
        let mut map = self.lock();
        let s = map.entry(key.clone()).or_default();
        if limit.is_some_and(|l| s.active >= u64::from(l)) {
            return None;
        }
        s.active += 1;
        Some(Started {
            key,
            at: Instant::now(),
        })
    }

    /// Counts a started call as finished, failed or not.
    pub fn end(&self, call: Started, failed: bool) {
        let ms = call.at.elapsed().as_millis().min(u64::MAX as u128) as u64;
        let mut map = self.lock();
        let s = map.entry(call.key).or_default();
        s.active = s.active.saturating_sub(1);
        s.total += 1;
        if failed {
            s.failed += 1;
        }
        s.elapsed_ms = s.elapsed_ms.saturating_add(ms);
        s.max_ms = s.max_ms.max(ms);
    }

    /// Calls of `interface.method` in flight now.
    pub fn active(&self, interface: &str, method: &str) -> u64 {
        self.get(interface, method).active
    }

    pub fn get(&self, interface: &str, method: &str) -> MethodStats {
        self.lock()
            .get(&(interface.to_string(), method.to_string()))
            .copied()
            .unwrap_or_default()
    }

    /// Every method called so far, by (interface, method).
    pub fn snapshot(&self) -> Vec<((String, String), MethodStats)> {
        self.lock().iter().map(|(k, v)| (k.clone(), *v)).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<(String, String), MethodStats>> {
        // A panic elsewhere while holding the lock leaves counts that are still usable.
        self.methods.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The `count` table for a service, every method listed (zeros for those never called), the
/// way 2.7's `TelnetUtils.toTable` draws it: `+---+` borders, cells padded by one space, lines
/// ending in `\r\n`.
pub fn count_table(service: &ServiceDef, counters: &CallCounters, only: Option<&str>) -> String {
    let header = ["method", "total", "failed", "active", "average", "max"];
    let rows: Vec<[String; 6]> = service
        .method_names()
        .into_iter()
        .filter(|m| only.is_none_or(|o| o == *m))
        .map(|m| {
            let s = counters.get(service.interface, m);
            [
                m.to_string(),
                s.total.to_string(),
                s.failed.to_string(),
                s.active.to_string(),
                format!("{}ms", s.average_ms()),
                format!("{}ms", s.max_ms),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.len());
        }
    }
    let border: String = widths.iter().fold("+".to_string(), |mut b, w| {
        b.push_str(&"-".repeat(w + 2));
        b.push('+');
        b
    });
    let line = |cells: &[&str]| {
        let mut l = "|".to_string();
        for (c, w) in cells.iter().zip(widths) {
            let _ = write!(l, " {c:<w$} |");
        }
        l
    };
    let mut out = format!("{border}\r\n{}\r\n{border}\r\n", line(&header));
    for r in &rows {
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        out.push_str(&line(&cells));
        out.push_str("\r\n");
    }
    out.push_str(&border);
    out
}

/// Escapes a label value for the exposition format.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The `dubbo_provider_*` families a Dubbo 3.2.3+ provider serves on QoS `/metrics`, for the
/// methods called so far (Dubbo creates series at the first call), with the label set and
/// number style of micrometer's simpleclient writer (`,}` and `1.0`).
pub fn metrics_body(application: &str, services: &[ServiceDef], counters: &CallCounters) -> String {
    type Pick = fn(&MethodStats) -> f64;
    let families: [(&str, &str, &str, Pick); 6] = [
        (
            "dubbo_provider_requests_processing_total",
            "gauge",
            "Processing Provider Requests",
            |s| s.active as f64,
        ),
        (
            "dubbo_provider_requests_total",
            "counter",
            "Total Requests",
            |s| s.total as f64,
        ),
        (
            "dubbo_provider_requests_succeed_total",
            "counter",
            "Succeed Requests",
            |s| (s.total - s.failed) as f64,
        ),
        (
            "dubbo_provider_requests_failed_total",
            "counter",
            "Total Failed Requests",
            |s| s.failed as f64,
        ),
        (
            "dubbo_provider_rt_milliseconds_sum",
            "gauge",
            "Sum Response Time",
            |s| s.elapsed_ms as f64,
        ),
        (
            "dubbo_provider_rt_milliseconds_avg",
            "gauge",
            "Average Response Time",
            |s| {
                if s.total == 0 {
                    f64::NAN
                } else {
                    s.elapsed_ms as f64 / s.total as f64
                }
            },
        ),
    ];
    let snapshot = counters.snapshot();
    let mut out = String::new();
    for (name, kind, help, pick) in families {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for ((iface, method), s) in &snapshot {
            let Some(svc) = services.iter().find(|d| d.interface == iface) else {
                continue;
            };
            let v = pick(s);
            let value = if v.is_nan() {
                "NaN".to_string()
            } else {
                format!("{v:?}")
            };
            let _ = writeln!(
                out,
                "{name}{{application_module_id=\"1.1\",application_name=\"{}\",group=\"{}\",interface=\"{}\",method=\"{}\",version=\"{}\",}} {value}",
                label(application),
                label(svc.group.unwrap_or("")),
                label(iface),
                label(method),
                label(svc.version.unwrap_or("")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::probe::{from_count_table, from_metrics};
    use crate::demo::services::catalog;
    use crate::protocol::prometheus::parse;
    use crate::protocol::telnet::{parse_count_reply, CountReply};
    use crate::registry::url::ServiceKey;

    #[test]
    fn counters_follow_calls() {
        let c = CallCounters::default();
        let a = c.begin("com.example.UserService", "slow");
        let b = c.begin("com.example.UserService", "slow");
        assert_eq!(c.active("com.example.UserService", "slow"), 2);
        c.end(a, false);
        c.end(b, true);
        let s = c.get("com.example.UserService", "slow");
        assert_eq!((s.active, s.total, s.failed), (0, 2, 1));
    }

    #[test]
    fn the_table_parses_back_with_the_probe_parser() {
        let services = catalog();
        let c = CallCounters::default();
        let inflight = c.begin("com.example.UserService", "slow");
        let done = c.begin("com.example.UserService", "getById");
        c.end(done, false);
        let table = count_table(&services[0], &c, None);
        assert!(table.starts_with("+--------------+-------+"), "{table}");
        assert!(
            table.contains("| slow         | 0     | 0      | 1      | 0ms     | 0ms |"),
            "{table}"
        );
        let CountReply::Table(rows) = parse_count_reply(format!("{table}\r\ntelnet>").as_bytes())
        else {
            panic!("{table}")
        };
        assert_eq!(rows.len(), services[0].method_names().len());
        let sum = from_count_table(&rows);
        assert_eq!((sum.active, sum.total), (1, 1));
        let one = count_table(&services[0], &c, Some("slow"));
        assert_eq!(one.matches("\r\n").count(), 4, "{one}");
        c.end(inflight, false);
    }

    #[test]
    fn the_metrics_body_parses_back_with_the_probe_parser() {
        let services = catalog();
        let c = CallCounters::default();
        assert!(!metrics_body("app\"x", &services, &c).contains("interface="));
        let _a = c.begin("shop-ignored", "x");
        let _b = c.begin("com.example.OrderService", "count");
        let d = c.begin("com.example.OrderService", "getOrder");
        c.end(d, true);
        let body = metrics_body("app\"x", &services, &c);
        let e = parse(&body);
        assert_eq!(e.bad_lines, 0, "{:?}\n{body}", e.first_error);
        assert_eq!(e.samples[0].label("application_name"), Some("app\"x"));
        let key = ServiceKey::new("com.example.OrderService", Some("shop"), Some("2.0.0"));
        let sum = from_metrics(&e, &key, Some("app\"x")).unwrap();
        assert_eq!(
            (sum.active, sum.total, sum.failed, sum.methods),
            (1, 1, 1, 2)
        );
        assert!(
            body.contains("method=\"count\",version=\"2.0.0\",} NaN"),
            "{body}"
        );
    }
}
