//! Which source can tell a provider's in-flight count, decided from its registered URL alone
//! (pure). The rules are Dubbo's (live-stats spec §1–§2): 2.7 counts only under an `executes`
//! limit and answers `count` only when allowed; 3.x has QoS metrics on a configured port.

use super::{DEFAULT_METRICS_PATH, DEFAULT_QOS_PORT};
use crate::registry::url::DubboUrl;

/// The part of the configuration that sources need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceConfig {
    /// QoS port of Dubbo 3 providers (not in the registry). `None` turns the metrics source off.
    pub qos_port: Option<u16>,
    /// Path of the metrics page on that port.
    pub metrics_path: String,
}

impl Default for SourceConfig {
    fn default() -> Self {
        SourceConfig {
            qos_port: Some(DEFAULT_QOS_PORT),
            metrics_path: DEFAULT_METRICS_PATH.to_string(),
        }
    }
}

/// An HTTP endpoint serving Prometheus text; one per host and port, shared by every service of
/// the application listening there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricsEndpoint {
    pub host: String,
    pub port: u16,
    /// Starts with `/`.
    pub path: String,
}

impl MetricsEndpoint {
    pub fn url(&self) -> String {
        format!(
            "http://{}{}",
            crate::registry::url::HostPort::new(&self.host, self.port),
            self.path
        )
    }
}

/// Where a provider's in-flight count comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// `count <service>` on the provider's Dubbo port (`addr` is `host:port`). `service` is
    /// what to name: the path, or `group/path:version` when the URL has a group or version
    /// (Dubbo 2.7 matches either, and only the key tells same-named services apart).
    ///
    /// `prompt` is the provider's own telnet prompt (its `prompt` URL parameter), which ends
    /// each reply instead of Dubbo's.
    Telnet {
        addr: String,
        service: String,
        prompt: Option<String>,
    },
    /// `GET` Prometheus text from the provider's QoS port.
    Metrics(MetricsEndpoint),
    /// No source; the reason is for the detail view ("-" in the table).
    None { reason: String },
}

/// The kind of a source, for display and the `active_source` JSON field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Telnet,
    Metrics,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Telnet => "telnet",
            SourceKind::Metrics => "metrics",
        }
    }
}

impl Source {
    pub fn kind(&self) -> Option<SourceKind> {
        match self {
            Source::Telnet { .. } => Some(SourceKind::Telnet),
            Source::Metrics(_) => Some(SourceKind::Metrics),
            Source::None { .. } => None,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Source::None { reason } => Some(reason),
            _ => None,
        }
    }
}

/// `3.2.16` → `[3, 2, 16]`; `2.7.13-SNAPSHOT` → `[2, 7, 13]`. `None` when it does not start
/// with a number.
fn version_numbers(v: &str) -> Option<Vec<u32>> {
    let nums: Vec<u32> = v
        .trim()
        .split('.')
        .map_while(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .take(4)
        .collect();
    (!nums.is_empty()).then_some(nums)
}

/// The Dubbo release a URL announces: `release` (2.7+), else `dubbo` when it looks like a
/// release (2.6 wrote its release there; 2.7 and 3.x write the protocol version `2.0.2`).
fn release(url: &DubboUrl) -> Option<Vec<u32>> {
    if let Some(r) = url.nonempty("release").and_then(version_numbers) {
        return Some(r);
    }
    url.nonempty("dubbo")
        .and_then(version_numbers)
        .filter(|v| v.as_slice() != [2, 0, 2])
}

/// Values Dubbo's `@Activate(value = "executes")` treats as "not set".
fn activates(value: &str) -> bool {
    let v = value.trim();
    // The filter parses it as a number; anything else would not count either.
    !v.is_empty() && v.parse::<i64>().is_ok_and(|n| n != 0)
}

/// Whether `executes` or some `<method>.executes` is set, which is what switches on the
/// ExecuteLimitFilter that feeds 2.7's counters.
fn has_executes(url: &DubboUrl) -> bool {
    url.params
        .iter()
        .any(|(k, v)| (k == "executes" || k.ends_with(".executes")) && activates(v))
}

/// Which source a provider of this release would be asked through (when it has one at all):
/// QoS metrics from Dubbo 3 on, the telnet `count` command before.
pub fn family(url: &DubboUrl) -> SourceKind {
    let major = release(url).as_ref().and_then(|r| r.first().copied());
    if major.is_some_and(|m| m >= 3) {
        SourceKind::Metrics
    } else {
        SourceKind::Telnet
    }
}

/// Decides the source for one registered provider URL.
pub fn choose_source(url: &DubboUrl, config: &SourceConfig) -> Source {
    if family(url) == SourceKind::Metrics {
        return metrics_source(url, config);
    }
    let release = release(url);
    if url.protocol != "dubbo" {
        return Source::None {
            reason: format!(
                "no in-flight source for {}:// providers before Dubbo 3",
                crate::output::sanitize(&url.protocol)
            ),
        };
    }
    // 2.7.13 turned telnet commands off unless listed in the protocol's `telnet` parameter.
    let gated = release
        .as_ref()
        .is_some_and(|r| r.as_slice() >= [2, 7, 13].as_slice());
    match url.param("telnet") {
        Some(list) if !list.split(',').any(|c| c.trim() == "count") => {
            return Source::None {
                reason: format!(
                    "telnet count not enabled (telnet={})",
                    crate::output::sanitize(&crate::output::truncate(list, 60))
                ),
            };
        }
        None if gated => {
            return Source::None {
                reason: "telnet count not enabled (no telnet parameter; off by default since Dubbo 2.7.13)"
                    .into(),
            };
        }
        _ => {}
    }
    if !has_executes(url) {
        return Source::None {
            reason: "no executes limit: Dubbo counts nothing".into(),
        };
    }
    let path = if url.path.is_empty() {
        url.interface()
    } else {
        url.path.as_str()
    };
    // `0.0.0` is Dubbo's "no version"; the bare path matches such a service in every release.
    let group = url.group();
    let version = url.version();
    let mut service = String::new();
    if let Some(g) = group {
        service.push_str(g);
        service.push('/');
    }
    service.push_str(path);
    if let Some(v) = version {
        service.push(':');
        service.push_str(v);
    }
    // Dubbo reads it with `getParameterAndDecoded`: one more percent-decoding than the rest.
    let prompt = url
        .param("prompt")
        .map(|p| crate::registry::url::percent_decode(p, true).unwrap_or_else(|_| p.to_string()))
        .filter(|p| !p.trim().is_empty());
    Source::Telnet {
        addr: url.address(),
        service,
        prompt,
    }
}

fn metrics_source(url: &DubboUrl, config: &SourceConfig) -> Source {
    for key in ["qos.enable", "qos-enable"] {
        if url.param(key).is_some_and(|v| v.trim() == "false") {
            return Source::None {
                reason: format!("QoS turned off on the provider ({key}=false)"),
            };
        }
    }
    let Some(port) = config.qos_port else {
        return Source::None {
            reason: "metrics source off (no QoS port configured)".into(),
        };
    };
    let path = if config.metrics_path.starts_with('/') {
        config.metrics_path.clone()
    } else {
        format!("/{}", config.metrics_path)
    };
    Source::Metrics(MetricsEndpoint {
        host: url.host.clone(),
        port,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(params: &str) -> DubboUrl {
        DubboUrl::parse(&format!(
            "dubbo://10.0.0.5:20880/com.example.DemoService?interface=com.example.DemoService&{params}"
        ))
        .unwrap()
    }

    fn pick(params: &str) -> Source {
        choose_source(&url(params), &SourceConfig::default())
    }

    fn reason(params: &str) -> String {
        match pick(params) {
            Source::None { reason } => reason,
            other => panic!("expected no source for {params:?}, got {other:?}"),
        }
    }

    #[test]
    fn dubbo_27_with_telnet_count_and_executes_uses_telnet() {
        assert_eq!(
            pick("release=2.7.23&telnet=ls,count,status&executes=200"),
            Source::Telnet {
                addr: "10.0.0.5:20880".into(),
                service: "com.example.DemoService".into(),
                prompt: None,
            }
        );
        // Method-level limits activate the filter too.
        assert!(matches!(
            pick("release=2.7.23&telnet=count&sayHello.executes=10"),
            Source::Telnet { .. }
        ));
        // Group and version are named so same-named services are told apart.
        assert_eq!(
            pick("release=2.7.8&telnet=count&executes=5&version=0.0.0"),
            Source::Telnet {
                addr: "10.0.0.5:20880".into(),
                service: "com.example.DemoService".into(),
                prompt: None,
            }
        );
        assert_eq!(
            pick("release=2.7.8&telnet=count&executes=5&group=shop&version=2.0.0"),
            Source::Telnet {
                addr: "10.0.0.5:20880".into(),
                service: "shop/com.example.DemoService:2.0.0".into(),
                prompt: None,
            }
        );
    }

    #[test]
    fn before_2_7_13_telnet_needs_no_list() {
        assert!(matches!(
            pick("release=2.7.12&executes=5"),
            Source::Telnet { .. }
        ));
        // 2.6 announced its release in `dubbo`.
        assert!(matches!(
            pick("dubbo=2.6.5&executes=5"),
            Source::Telnet { .. }
        ));
        assert!(reason("release=2.7.13&executes=5").contains("telnet count not enabled"));
        assert!(reason("release=2.7.23-SNAPSHOT&executes=5").contains("2.7.13"));
    }

    #[test]
    fn reasons_name_what_is_missing() {
        assert_eq!(
            reason("release=2.7.23&telnet=count"),
            "no executes limit: Dubbo counts nothing"
        );
        assert_eq!(
            reason("release=2.7.23&telnet=count&executes=0"),
            "no executes limit: Dubbo counts nothing"
        );
        assert_eq!(
            reason("release=2.7.23&telnet=ls,status&executes=10"),
            "telnet count not enabled (telnet=ls,status)"
        );
        // Hostile telnet lists are escaped and cut.
        let r = reason(&format!(
            "release=2.7.23&telnet=\u{1b}[2J{}",
            "x".repeat(500)
        ));
        assert!(!r.contains('\u{1b}') && r.len() < 120, "{r}");
        let tri = DubboUrl::parse("tri://10.0.0.5:50051/a.B?release=2.7.23").unwrap();
        assert!(
            matches!(choose_source(&tri, &SourceConfig::default()), Source::None { reason } if reason.contains("tri://"))
        );
    }

    #[test]
    fn dubbo_3_uses_qos_metrics() {
        let cfg = SourceConfig::default();
        for params in [
            "release=3.2.16",
            "release=3.0.0&executes=5&telnet=count",
            "dubbo=3.1.0",
        ] {
            assert_eq!(
                choose_source(&url(params), &cfg),
                Source::Metrics(MetricsEndpoint {
                    host: "10.0.0.5".into(),
                    port: 22222,
                    path: "/metrics".into()
                }),
                "{params}"
            );
        }
        let tri = DubboUrl::parse("tri://10.0.0.6:50051/a.B?release=3.3.1").unwrap();
        let custom = SourceConfig {
            qos_port: Some(9090),
            metrics_path: "prom".into(),
        };
        match choose_source(&tri, &custom) {
            Source::Metrics(e) => assert_eq!(e.url(), "http://10.0.0.6:9090/prom"),
            other => panic!("{other:?}"),
        }
        let off = SourceConfig {
            qos_port: None,
            ..SourceConfig::default()
        };
        assert!(
            matches!(choose_source(&url("release=3.2.0"), &off), Source::None { reason } if reason.contains("no QoS port"))
        );
        assert!(reason("release=3.2.0&qos.enable=false").contains("qos.enable=false"));
    }

    #[test]
    fn versions_parse_leniently() {
        assert_eq!(version_numbers("3.2.16"), Some(vec![3, 2, 16]));
        assert_eq!(version_numbers("2.7.13-SNAPSHOT"), Some(vec![2, 7, 13]));
        assert_eq!(version_numbers("x"), None);
        assert_eq!(version_numbers(""), None);
        assert!(version_numbers(&"9".repeat(50)).is_none());
        let ipv6 = MetricsEndpoint {
            host: "::1".into(),
            port: 1,
            path: "/m".into(),
        };
        assert_eq!(ipv6.url(), "http://[::1]:1/m");
    }
}
