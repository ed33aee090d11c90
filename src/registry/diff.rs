//! What changed between two reads of the same services: the events watch mode prints. Pure.
//! Providers are matched by address, so a provider that re-registers with a new URL (a new node
//! name in ZooKeeper) is one MODIFIED event, not REMOVED + ADDED.

use std::collections::BTreeMap;

use super::model::{ProviderView, RuleView, ServiceView};
use super::url::{DubboUrl, ServiceKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "ADDED",
            ChangeKind::Removed => "REMOVED",
            ChangeKind::Modified => "MODIFIED",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Provider {
        kind: ChangeKind,
        service: ServiceKey,
        provider: Box<ProviderView>,
        changed: Vec<String>,
    },
    Consumer {
        kind: ChangeKind,
        service: ServiceKey,
        url: DubboUrl,
    },
    Rule {
        kind: ChangeKind,
        service: ServiceKey,
        rule: Box<RuleView>,
    },
}

fn provider_id(p: &ProviderView) -> String {
    format!("{}://{}", p.url.protocol, p.url.address())
}

fn changed_fields(a: &ProviderView, b: &ProviderView) -> Vec<String> {
    let mut out = Vec::new();
    if a.effective.enabled != b.effective.enabled {
        out.push("enabled".to_string());
    }
    if a.effective.weight != b.effective.weight {
        out.push("weight".to_string());
    }
    if a.registration != b.registration {
        out.push("registration".to_string());
    }
    if a.discovery != b.discovery {
        out.push("discovery".to_string());
    }
    if a.url != b.url {
        let mut keys: Vec<&str> = a
            .url
            .params
            .iter()
            .chain(&b.url.params)
            .map(|(k, _)| k)
            .collect();
        keys.sort();
        keys.dedup();
        out.extend(
            keys.into_iter()
                .filter(|k| a.url.param(k) != b.url.param(k))
                .map(|k| format!("url.{k}")),
        );
        if out.is_empty() {
            out.push("url".to_string());
        }
    }
    out
}

pub fn diff(old: &[ServiceView], new: &[ServiceView]) -> Vec<Change> {
    let empty = |key: &ServiceKey| ServiceView {
        key: key.clone(),
        providers: vec![],
        consumers: vec![],
        rules: vec![],
    };
    let old_by: BTreeMap<&ServiceKey, &ServiceView> = old.iter().map(|v| (&v.key, v)).collect();
    let new_by: BTreeMap<&ServiceKey, &ServiceView> = new.iter().map(|v| (&v.key, v)).collect();
    let mut keys: Vec<&ServiceKey> = old_by.keys().chain(new_by.keys()).copied().collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let (o_empty, n_empty) = (empty(key), empty(key));
        let o = old_by.get(key).copied().unwrap_or(&o_empty);
        let n = new_by.get(key).copied().unwrap_or(&n_empty);
        diff_service(o, n, &mut out);
    }
    out
}

fn diff_service(o: &ServiceView, n: &ServiceView, out: &mut Vec<Change>) {
    let service = n.key.clone();
    let op: BTreeMap<String, &ProviderView> =
        o.providers.iter().map(|p| (provider_id(p), p)).collect();
    let np: BTreeMap<String, &ProviderView> =
        n.providers.iter().map(|p| (provider_id(p), p)).collect();
    for (id, p) in &op {
        if !np.contains_key(id) {
            out.push(Change::Provider {
                kind: ChangeKind::Removed,
                service: service.clone(),
                provider: Box::new((*p).clone()),
                changed: vec![],
            });
        }
    }
    for (id, p) in &np {
        match op.get(id) {
            None => out.push(Change::Provider {
                kind: ChangeKind::Added,
                service: service.clone(),
                provider: Box::new((*p).clone()),
                changed: vec![],
            }),
            Some(before) => {
                let changed = changed_fields(before, p);
                if !changed.is_empty() {
                    out.push(Change::Provider {
                        kind: ChangeKind::Modified,
                        service: service.clone(),
                        provider: Box::new((*p).clone()),
                        changed,
                    });
                }
            }
        }
    }
    let oc: Vec<String> = o.consumers.iter().map(DubboUrl::to_full_string).collect();
    let nc: Vec<String> = n.consumers.iter().map(DubboUrl::to_full_string).collect();
    for (s, u) in oc.iter().zip(&o.consumers) {
        if !nc.contains(s) {
            out.push(Change::Consumer {
                kind: ChangeKind::Removed,
                service: service.clone(),
                url: u.clone(),
            });
        }
    }
    for (s, u) in nc.iter().zip(&n.consumers) {
        if !oc.contains(s) {
            out.push(Change::Consumer {
                kind: ChangeKind::Added,
                service: service.clone(),
                url: u.clone(),
            });
        }
    }
    for r in &o.rules {
        if !n.rules.iter().any(|x| x.node_name == r.node_name) {
            out.push(Change::Rule {
                kind: ChangeKind::Removed,
                service: service.clone(),
                rule: Box::new(r.clone()),
            });
        }
    }
    for r in &n.rules {
        if !o.rules.iter().any(|x| x.node_name == r.node_name) {
            out.push(Change::Rule {
                kind: ChangeKind::Added,
                service: service.clone(),
                rule: Box::new(r.clone()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::test_views;
    use super::*;

    fn views(providers: &[&str], rules: &[&str]) -> Vec<ServiceView> {
        test_views("com.x.A", providers, rules)
    }

    const A: &str = "dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&timestamp=1";
    const A2: &str = "dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&timestamp=2";
    const B: &str = "dubbo://10.0.0.2:20880/com.x.A?interface=com.x.A";
    const OFF: &str = "override://10.0.0.2:20880/com.x.A?disabled=true";

    #[test]
    fn added_removed_and_re_registered() {
        let ch = diff(&views(&[A], &[]), &views(&[A2, B], &[]));
        let kinds: Vec<(ChangeKind, String, Vec<String>)> = ch
            .iter()
            .map(|c| match c {
                Change::Provider {
                    kind,
                    provider,
                    changed,
                    ..
                } => (*kind, provider.url.address(), changed.clone()),
                _ => panic!("unexpected {c:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                (
                    ChangeKind::Modified,
                    "10.0.0.1:20880".into(),
                    vec!["url.timestamp".into()]
                ),
                (ChangeKind::Added, "10.0.0.2:20880".into(), vec![]),
            ]
        );
        let gone = diff(&views(&[A, B], &[]), &views(&[B], &[]));
        assert!(matches!(
            &gone[0],
            Change::Provider {
                kind: ChangeKind::Removed,
                ..
            }
        ));
    }

    #[test]
    fn a_rule_shows_as_rule_event_and_provider_state_change() {
        let ch = diff(&views(&[A, B], &[]), &views(&[A, B], &[OFF]));
        assert_eq!(ch.len(), 2, "{ch:?}");
        assert!(
            matches!(&ch[0], Change::Provider { kind: ChangeKind::Modified, changed, .. } if changed == &vec!["enabled".to_string()])
        );
        assert!(matches!(
            &ch[1],
            Change::Rule {
                kind: ChangeKind::Added,
                ..
            }
        ));
        assert!(diff(&views(&[A], &[OFF]), &views(&[A], &[OFF])).is_empty());
    }
}
