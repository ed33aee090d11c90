//! Watch mode for `ls -w` and `show -w`: keep the tree read at start in memory, apply each
//! ZooKeeper event to it, and print what changed for the services in scope.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::output::json::{ConsumerJson, ProviderJson, RuleJson, WatchEvent};
use crate::output::{self, Format, Styles};
use crate::registry::config_center::ConfigCenterIndex;
use crate::registry::diff::{diff, Change, ChangeKind};
use crate::registry::model::{services_of, Category, InterfaceNode, Node, ServiceView, Snapshot};
use crate::registry::url::ServiceKey;
use crate::registry::zk::{Registry, RegistryEvent, RegistryWatch};

use super::ls::Filter;
use super::{now_ms, Ctx};

pub enum Scope {
    All(Filter),
    /// One interface node, optionally narrowed to a group/version.
    Service {
        node: String,
        group: Option<String>,
        version: Option<String>,
    },
}

impl Scope {
    fn interface_in_scope(&self, name: &str) -> bool {
        match self {
            Scope::All(f) => f.interface_matches(name),
            Scope::Service { node, .. } => node == name,
        }
    }

    fn service_in_scope(&self, v: &ServiceView) -> bool {
        match self {
            Scope::All(f) => f.service_matches(v),
            Scope::Service { group, version, .. } => {
                key_matches(&v.key, group.as_deref(), version.as_deref())
            }
        }
    }

    fn wants_stats(&self) -> bool {
        matches!(self, Scope::Service { .. })
    }
}

pub fn key_matches(key: &ServiceKey, group: Option<&str>, version: Option<&str>) -> bool {
    group.is_none_or(|g| g == "*" || key.group.as_deref() == Some(g))
        && version.is_none_or(|v| v == "*" || key.version.as_deref() == Some(v))
}

fn views_in_scope(
    iface: &InterfaceNode,
    root: &str,
    scope: &Scope,
    config: &ConfigCenterIndex,
) -> Vec<ServiceView> {
    services_of(iface, root, &mut Vec::new())
        .into_iter()
        .map(|mut v| {
            v.apply_config_center(&config.layers(root, &v.key, &v.applications()));
            v
        })
        .filter(|v| scope.service_in_scope(v))
        .collect()
}

/// Prints what changed between two reads (either of which may miss interfaces).
fn print_diffs(
    ctx: &mut Ctx,
    root: &str,
    scope: &Scope,
    before: (&BTreeMap<String, InterfaceNode>, &ConfigCenterIndex),
    after: (&BTreeMap<String, InterfaceNode>, &ConfigCenterIndex),
) -> Result<usize> {
    let mut names: Vec<&String> = before.0.keys().chain(after.0.keys()).collect();
    names.sort();
    names.dedup();
    let empty = InterfaceNode::default();
    let mut count = 0;
    for name in names {
        let old = views_in_scope(before.0.get(name).unwrap_or(&empty), root, scope, before.1);
        let new = views_in_scope(after.0.get(name).unwrap_or(&empty), root, scope, after.1);
        for c in diff(&old, &new) {
            print_change(ctx, &c)?;
            count += 1;
        }
    }
    Ok(count)
}

/// Reads the part of the tree a scope covers, as a fresh start after a lost session.
async fn read_state(registry: &Registry, scope: &Scope) -> Result<BTreeMap<String, InterfaceNode>> {
    let names: Vec<String> = match scope {
        Scope::All(f) => registry
            .list_interfaces()
            .await?
            .into_iter()
            .filter(|n| f.interface_matches(n))
            .collect(),
        Scope::Service { node, .. } => vec![node.clone()],
    };
    let snapshot = registry.scan(&names, scope.wants_stats(), &|_| {}).await?;
    Ok(snapshot
        .interfaces
        .into_iter()
        .map(|i| (i.name.clone(), i))
        .collect())
}

/// After a session expired: open a new one (retrying until it works or the user interrupts) and
/// watch again.
async fn reconnect(registry: &mut Registry, why: &str) -> Result<RegistryWatch> {
    eprintln!(
        "svcctl: ZooKeeper session lost ({why}); reconnecting to {}",
        registry.target.display()
    );
    let mut delay = std::time::Duration::from_millis(500);
    loop {
        let attempt = async {
            let r = Registry::connect(&registry.target).await?;
            let w = r.watch(r.root()).await?;
            Ok::<_, Error>((r, w))
        };
        tokio::select! {
            r = attempt => match r {
                Ok((r, w)) => {
                    *registry = r;
                    return Ok(w);
                }
                Err(e) => eprintln!("svcctl: still reconnecting: {}", output::sanitize(&e.to_string())),
            },
            _ = tokio::signal::ctrl_c() => return Err(Error::registry("interrupted while reconnecting")),
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(std::time::Duration::from_secs(5));
    }
}

/// Re-reads the watched tree and the config center and prints what changed while events may
/// have been missed.
async fn resync(
    ctx: &mut Ctx,
    registry: &Registry,
    state: &mut BTreeMap<String, InterfaceNode>,
    config: &mut ConfigCenterIndex,
    scope: &Scope,
) -> Result<()> {
    let fresh = read_state(registry, scope).await?;
    let fresh_config = registry.config_center_index(&mut Vec::new()).await?;
    let root = registry.root().to_string();
    let count = print_diffs(ctx, &root, scope, (state, config), (&fresh, &fresh_config))?;
    *state = fresh;
    *config = fresh_config;
    eprintln!(
        "svcctl: resynchronised with {}: {count} change(s) while disconnected",
        registry.target.display()
    );
    Ok(())
}

/// Prints changes until interrupted. A lost session is re-established and the tree re-read, so
/// the stream stays correct across ZooKeeper outages. With `-o jsonl` the current state is first
/// replayed as ADDED events, so a consumer of the stream needs nothing else.
pub async fn follow(
    ctx: &mut super::Ctx,
    mut registry: Registry,
    mut watch: RegistryWatch,
    snapshot: Snapshot,
    scope: Scope,
) -> Result<()> {
    let root = snapshot.root.clone();
    let mut config = registry.config_center_index(&mut Vec::new()).await?;
    let mut state: BTreeMap<String, InterfaceNode> = snapshot
        .interfaces
        .into_iter()
        .map(|i| (i.name.clone(), i))
        .collect();
    if ctx.out.format == Format::Jsonl {
        for iface in state.values() {
            let views = views_in_scope(iface, &root, &scope, &config);
            for c in diff(&[], &views) {
                print_change(ctx, &c)?;
            }
        }
    }
    loop {
        let event = tokio::select! {
            ev = watch.next() => ev,
            _ = tokio::signal::ctrl_c() => return Ok(()),
        };
        let (interface, category, node, created) = match event {
            RegistryEvent::Created {
                interface,
                category,
                node,
            } => (interface, category, node, true),
            RegistryEvent::Deleted {
                interface,
                category,
                node,
            } => (interface, category, node, false),
            RegistryEvent::SessionLost(why) => {
                watch = reconnect(&mut registry, &why).await?;
                resync(ctx, &registry, &mut state, &mut config, &scope).await?;
                continue;
            }
            RegistryEvent::Reconnected => {
                // Register the watch again rather than trust the client's automatic reset of
                // persistent watches, which was seen to go quiet after a server restart.
                watch = registry.watch(registry.root()).await?;
                resync(ctx, &registry, &mut state, &mut config, &scope).await?;
                continue;
            }
            RegistryEvent::ConfigChanged => {
                let fresh = registry.config_center_index(&mut Vec::new()).await?;
                print_diffs(ctx, &root, &scope, (&state, &config), (&state, &fresh))?;
                config = fresh;
                continue;
            }
        };
        if !scope.interface_in_scope(&interface) {
            continue;
        }
        let iface = state
            .entry(interface.clone())
            .or_insert_with(|| InterfaceNode {
                name: interface.clone(),
                ..Default::default()
            });
        let before = views_in_scope(iface, &root, &scope, &config);
        let list = iface.nodes.entry(category).or_default();
        if created {
            if list.iter().any(|n| n.name == node) {
                continue;
            }
            let stat = if scope.wants_stats() && category == Category::Providers {
                let path = format!("{root}/{interface}/{}/{node}", category.dir());
                match registry.stat(&path).await? {
                    Some(s) => Some(s),
                    None => continue, // gone again already
                }
            } else {
                None
            };
            list.push(Node::new(node, stat));
        } else {
            list.retain(|n| n.name != node);
        }
        let after = views_in_scope(iface, &root, &scope, &config);
        for c in diff(&before, &after) {
            print_change(ctx, &c)?;
        }
    }
}

pub fn change_event(c: &Change, now: i64) -> WatchEvent {
    let base = |kind: ChangeKind, object: &'static str, service: &ServiceKey| WatchEvent {
        kind: kind.as_str(),
        object,
        service: service.to_string(),
        time_ms: now,
        address: None,
        changed: vec![],
        provider: None,
        consumer: None,
        rule: None,
    };
    match c {
        Change::Provider {
            kind,
            service,
            provider,
            changed,
        } => {
            let mut e = base(*kind, "provider", service);
            e.address = Some(provider.url.address());
            e.changed = changed.clone();
            e.provider = Some(ProviderJson::from_view(provider, &[], now));
            e
        }
        Change::Consumer { kind, service, url } => {
            let mut e = base(*kind, "consumer", service);
            e.address = Some(url.address());
            e.consumer = Some(ConsumerJson::from(url));
            e
        }
        Change::Rule {
            kind,
            service,
            rule,
        } => {
            let mut e = base(*kind, "rule", service);
            e.address = Some(rule.url.address());
            e.rule = Some(RuleJson::from(rule.as_ref()));
            e
        }
    }
}

fn print_change(ctx: &mut Ctx, c: &Change) -> Result<()> {
    let now = now_ms();
    let ev = change_event(c, now);
    match ctx.out.format {
        Format::Json | Format::Jsonl => ctx.out.json_line(&ev),
        Format::Name => ctx.out.line(&output::sanitize(&format!(
            "{} {}",
            ev.kind,
            ev.address.unwrap_or_default()
        ))),
        Format::Table | Format::Wide => {
            let s = &ctx.out.styles;
            let kind = match ev.kind {
                "ADDED" => Styles::paint(s.good, "ADDED   "),
                "REMOVED" => Styles::paint(s.bad, "REMOVED "),
                _ => Styles::paint(s.warn, "MODIFIED"),
            };
            let detail = match c {
                Change::Provider {
                    provider, changed, ..
                } => {
                    let state = if provider.effective.enabled {
                        "enabled"
                    } else {
                        "DISABLED"
                    };
                    let mut d = format!(
                        "app={} weight={} {state}",
                        provider.url.application().unwrap_or("-"),
                        provider.effective.weight
                    );
                    if !changed.is_empty() {
                        d.push_str(&format!(" changed={}", changed.join(",")));
                    }
                    d
                }
                Change::Consumer { url, .. } => format!("app={}", url.application().unwrap_or("-")),
                Change::Rule { rule, .. } => rule.url.to_full_string(),
            };
            let line = format!(
                "{} {kind} {:<8} {} {} {}",
                output::iso_time(now),
                ev.object,
                output::sanitize(&ev.service),
                output::sanitize(ev.address.as_deref().unwrap_or("-")),
                output::sanitize(&detail)
            );
            ctx.out.line(&line)
        }
    }
}
