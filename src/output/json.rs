//! The stable JSON documents (`-o json` / `-o jsonl`). Field names are snake_case and only ever
//! added to; `schema_version` changes if a field's meaning changes. Documented in the README.

use serde::Serialize;

use crate::registry::model::{Problem, ProviderView, RuleView, ServiceView};
use crate::registry::rules::RuleScope;
use crate::registry::DubboUrl;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct ServiceList<'a> {
    pub schema_version: u32,
    pub registry: String,
    pub services: Vec<&'a ServiceSummary>,
    pub problems: Vec<ProblemJson>,
}

#[derive(Debug, Serialize)]
pub struct ServiceSummary {
    pub service: String,
    pub interface: String,
    pub group: Option<String>,
    pub version: Option<String>,
    pub providers: ProviderCounts,
    pub consumers: usize,
    pub applications: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ProviderCounts {
    pub total: usize,
    pub enabled: usize,
    pub disabled: usize,
}

impl ServiceSummary {
    pub fn from_view(v: &ServiceView) -> ServiceSummary {
        let enabled = v.enabled_providers();
        ServiceSummary {
            service: v.key.to_string(),
            interface: v.key.interface.clone(),
            group: v.key.group.clone(),
            version: v.key.version.clone(),
            providers: ProviderCounts {
                total: v.providers.len(),
                enabled,
                disabled: v.providers.len() - enabled,
            },
            consumers: v.consumers.len(),
            applications: v.applications(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ProblemJson {
    pub path: String,
    pub error: String,
}

impl From<&Problem> for ProblemJson {
    fn from(p: &Problem) -> Self {
        ProblemJson {
            path: p.path.clone(),
            error: p.error.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ServiceDetail {
    pub schema_version: u32,
    pub registry: String,
    pub service: String,
    pub interface: String,
    pub group: Option<String>,
    pub version: Option<String>,
    pub providers: Vec<ProviderJson>,
    pub consumers: Vec<ConsumerJson>,
    pub rules: Vec<RuleJson>,
    pub methods: Vec<MethodJson>,
    /// Where the method list came from: `metadata` (2.7 report, signatures), `app-metadata`
    /// (Dubbo 3 application metadata, names) or `url` (provider URLs, names).
    pub methods_source: &'static str,
    pub problems: Vec<ProblemJson>,
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct ProviderJson {
    pub address: String,
    pub host: String,
    pub port: u16,
    pub protocol: String,
    pub application: Option<String>,
    pub group: Option<String>,
    pub version: Option<String>,
    /// Effective state after override rules.
    pub enabled: bool,
    /// Effective weight after override rules.
    pub weight: i32,
    /// The weight the provider registered (absent = default 100).
    pub registered_weight: Option<i32>,
    /// `static` (persistent node), `dynamic` (ephemeral node) or `unknown`.
    pub registration: &'static str,
    /// The node kind and the URL's `dynamic` flag disagree (often a zombie registration).
    pub registration_mismatch: bool,
    pub timestamp_ms: Option<i64>,
    pub uptime_ms: Option<i64>,
    pub warming_up: bool,
    /// The weight balancers use right now: `weight` scaled down while warming up (Dubbo 3.x formula).
    pub current_weight: i32,
    pub serialization: Option<String>,
    pub dubbo: Option<String>,
    pub release: Option<String>,
    pub methods: Vec<String>,
    /// Decoded URLs of the override rules that changed this provider, in the order applied.
    pub rules_applied: Vec<String>,
    /// The provider URL as registered (decoded once).
    pub url: String,
    /// The raw ZooKeeper node name.
    pub node: String,
}

impl ProviderJson {
    pub fn from_view(p: &ProviderView, rules: &[DubboUrl], now_ms: i64) -> ProviderJson {
        let u = &p.url;
        ProviderJson {
            address: u.address(),
            host: u.host.clone(),
            port: u.port,
            protocol: u.protocol.clone(),
            application: u.application().map(str::to_string),
            group: u.group().map(str::to_string),
            version: u.version().map(str::to_string),
            enabled: p.effective.enabled,
            weight: p.effective.weight,
            registered_weight: u.weight(),
            registration: p.registration.as_str(),
            registration_mismatch: p.registration_mismatch(),
            timestamp_ms: u.timestamp_ms(),
            uptime_ms: p.uptime_ms(now_ms),
            warming_up: p.warming_up(now_ms),
            current_weight: crate::cluster::Candidate::from_provider(p).effective_weight(now_ms),
            serialization: u.nonempty("serialization").map(str::to_string),
            dubbo: u.nonempty("dubbo").map(str::to_string),
            release: u.nonempty("release").map(str::to_string),
            methods: u.methods().into_iter().map(str::to_string).collect(),
            rules_applied: p
                .effective
                .applied
                .iter()
                .filter_map(|i| rules.get(*i))
                .map(|r| r.to_full_string())
                .collect(),
            url: u.to_full_string(),
            node: p.node_name.clone(),
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct ConsumerJson {
    pub address: String,
    pub application: Option<String>,
    pub url: String,
}

impl From<&DubboUrl> for ConsumerJson {
    fn from(u: &DubboUrl) -> Self {
        ConsumerJson {
            address: u.address(),
            application: u.application().map(str::to_string),
            url: u.to_full_string(),
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct RuleJson {
    /// `configurators` or `routers`
    pub category: &'static str,
    /// `registry` (a node under the category directory) or `config-center`
    pub source: &'static str,
    pub url: String,
    pub node: String,
    pub targets: Vec<RuleTarget>,
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct RuleTarget {
    pub address: String,
    pub applies: bool,
    pub reason: Option<String>,
}

impl From<&RuleView> for RuleJson {
    fn from(r: &RuleView) -> Self {
        RuleJson {
            category: r.category.dir(),
            source: if r.config_center.is_some() {
                "config-center"
            } else {
                "registry"
            },
            url: r.url.to_full_string(),
            node: r.node_name.clone(),
            targets: r
                .targets
                .iter()
                .map(|(address, scope)| RuleTarget {
                    address: address.clone(),
                    applies: *scope == RuleScope::Applies,
                    reason: match scope {
                        RuleScope::Applies => None,
                        RuleScope::Skipped(why) => Some(why.clone()),
                    },
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct MethodJson {
    pub name: String,
    pub parameter_types: Option<Vec<String>>,
    pub return_type: Option<String>,
}

/// One line of `-w -o jsonl`.
#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct WatchEvent {
    /// `ADDED`, `REMOVED` or `MODIFIED`
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `provider`, `consumer` or `rule`
    pub object: &'static str,
    pub service: String,
    pub time_ms: i64,
    pub address: Option<String>,
    /// Fields that changed, for MODIFIED providers.
    pub changed: Vec<String>,
    pub provider: Option<ProviderJson>,
    pub consumer: Option<ConsumerJson>,
    pub rule: Option<RuleJson>,
}

#[derive(Debug, Serialize)]
pub struct HostReport {
    pub schema_version: u32,
    pub registry: String,
    pub address: String,
    pub entries: Vec<HostEntry>,
}

#[derive(Debug, Serialize)]
pub struct HostEntry {
    /// `provider` or `consumer`
    pub role: &'static str,
    pub service: String,
    pub address: String,
    pub application: Option<String>,
    pub enabled: Option<bool>,
    pub url: String,
}

/// The result of a mutation (`disable`, `enable`, `weight`, `register`, `unregister`, `static`,
/// `dynamic`): the plan and what happened to it.
#[derive(Debug, Serialize)]
pub struct MutationJson {
    pub schema_version: u32,
    pub registry: String,
    /// `applied`, `dry_run` or `unchanged`.
    pub result: &'static str,
    pub dry_run: bool,
    pub applied: bool,
    /// One line: what changed, or what was already in the requested state.
    pub summary: String,
    pub plan: crate::registry::plan::Plan,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::model::test_views;

    #[test]
    fn provider_json_reports_the_warm_up_weight() {
        let now = 1_800_000_000_000;
        // Started 60 s ago with the default 10 min warm-up: 60000 / (600000 / 100) = 10.
        let url = format!(
            "dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&timestamp={}",
            now - 60_000
        );
        let view = &test_views("com.x.A", &[&url], &[])[0];
        let j = ProviderJson::from_view(&view.providers[0], &[], now);
        assert!(j.warming_up);
        assert_eq!((j.weight, j.current_weight), (100, 10));
        let later = ProviderJson::from_view(&view.providers[0], &[], now + 600_000);
        assert_eq!((later.warming_up, later.current_weight), (false, 100));
    }
}
