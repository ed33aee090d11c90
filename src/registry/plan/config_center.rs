//! Registration control through Dubbo's config center, for providers that consumers find by
//! application (Dubbo 3 `register-mode=instance`). Those consumers never read the registry's
//! `/configurators`: they take dynamic configuration from the config center alone, so
//! `disable`, `enable` and `weight` edit the service's rule document
//! (`<root>/config/dubbo/<iface>:<version>:<group>.configurators`) as dubbo-admin and Dubbo's
//! documentation write it:
//!
//! ```yaml
//! configVersion: v2.7
//! scope: service
//! key: group/com.example.UserService:1.0.0
//! enabled: true
//! configs:
//!   - side: consumer
//!     addresses: ["0.0.0.0"]
//!     providerAddresses: ["10.0.0.5:20880"]
//!     parameters: {disabled: true}
//! ```
//!
//! The item is consumer-side so that every 2.7+/3.x consumer applies it to that provider's URL;
//! a provider-side item would be applied by the provider itself, which then re-registers.
//!
//! A provider registered at both levels is changed in both places in one multi-op: the
//! registry override dubbo-admin 2.6 writes, for consumers that find it by interface (Dubbo 2.6
//! ones read nothing else), and the config-center item, for those that find it by application.
//! Each part is planned as its readers compute state, and the whole is checked as each kind of
//! consumer will see it.
//!
//! Pure, like the rest of the plans: the document is read by `apply::read_config_center` with
//! its data version, written back with SetData on that version (Create when absent, Delete when
//! its last item goes), so a concurrent edit makes the commit fail as stale.

use super::{
    disable_unrailed, enable as registry_enable, last_provider_rail, provider_flags, shell_quote,
    weight as registry_weight, Action, Guard, Op, OpKind, Plan, TreeState, WeightChange,
};
use crate::error::{Error, Result};
use crate::registry::config_center::{self as cc, parse_rules, RuleEditor};
use crate::registry::model::{Category, Discovery, ServiceView};
use crate::registry::rules::{self, Effective, RuleScope};
use crate::registry::url::DubboUrl;
use yaml_rust2::Yaml;

/// A config-center rule document as read for planning.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub path: String,
    /// The node's text and data version; `None` when there is no such node.
    pub node: Option<(String, i32)>,
}

/// What was read of the config center to plan a change of one service.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigCenterState {
    /// The directory holding the rule documents (`<root>/config/dubbo`).
    pub dir: String,
    /// Its children version when read; `None` when it did not exist.
    pub dir_cversion: Option<i32>,
    /// Ancestors of the service's document that do not exist, outermost first.
    pub missing_parents: Vec<String>,
    /// The documents that apply to the service in the order Dubbo applies them: each provider
    /// application's, then the service's own (always last, read even when absent).
    pub documents: Vec<Document>,
}

/// The documents a plan for `view` reads, in layer order (see [`ConfigCenterState::documents`]).
pub fn document_paths(root: &str, view: &ServiceView) -> Vec<String> {
    cc::layer_paths(root, &view.key, &view.applications())
}

/// Whether changing these providers involves the config center: some of them are found by
/// application.
pub fn needed(view: &ServiceView, targets: &[usize]) -> bool {
    targets
        .iter()
        .any(|&i| view.providers[i].discovery != Discovery::Interface)
}

/// What a command asks of the selected providers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    Disable,
    Enable,
    Weight(WeightChange),
}

impl Change {
    fn action(self) -> Action {
        match self {
            Change::Disable => Action::Disable,
            Change::Enable => Action::Enable,
            Change::Weight(_) => Action::Weight,
        }
    }
}

pub fn disable(
    tree: &TreeState,
    state: &ConfigCenterState,
    view: &ServiceView,
    targets: &[usize],
    force: bool,
) -> Result<Plan> {
    plan(tree, state, view, targets, Change::Disable, force)
}

pub fn enable(
    tree: &TreeState,
    state: &ConfigCenterState,
    view: &ServiceView,
    targets: &[usize],
) -> Result<Plan> {
    plan(tree, state, view, targets, Change::Enable, false)
}

pub fn weight(
    tree: &TreeState,
    state: &ConfigCenterState,
    view: &ServiceView,
    targets: &[usize],
    change: WeightChange,
) -> Result<Plan> {
    plan(tree, state, view, targets, Change::Weight(change), false)
}

/// The two ways a consumer can see a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// Found by interface: the registry's rules, then the config center's.
    Interface,
    /// Found by application: the config center's rules only.
    Application,
}

impl Reader {
    fn of(d: Discovery) -> &'static [Reader] {
        match d {
            Discovery::Interface => &[Reader::Interface],
            Discovery::Application => &[Reader::Application],
            Discovery::Both => &[Reader::Interface, Reader::Application],
        }
    }

    fn consumers(self) -> &'static str {
        match self {
            Reader::Interface => "consumers that find it by interface",
            Reader::Application => "consumers that find it by application",
        }
    }
}

/// The registry as a plan leaves it: rule URLs and provider URLs of the interface.
struct RegistryAfter {
    rules: Vec<DubboUrl>,
    providers: Vec<DubboUrl>,
}

fn registry_after(tree: &TreeState, ops: &[Op]) -> RegistryAfter {
    let mut lists = Vec::new();
    for cat in [Category::Configurators, Category::Providers] {
        let dir = format!("{}/", tree.dir(cat));
        let mut nodes: Vec<(String, DubboUrl)> = tree
            .iface
            .nodes(cat)
            .iter()
            .filter_map(|n| {
                let url = n.url.as_ref().ok()?;
                Some((format!("{dir}{}", n.name), DubboUrl::clone(url)))
            })
            .collect();
        for op in ops.iter().filter(|o| o.path.starts_with(&dir)) {
            match op.op {
                OpKind::Delete => nodes.retain(|(p, _)| *p != op.path),
                OpKind::Create => {
                    if let Some(url) = op.url.as_deref().and_then(|u| DubboUrl::parse(u).ok()) {
                        nodes.push((op.path.clone(), url));
                    }
                }
                OpKind::SetData | OpKind::Check => {}
            }
        }
        lists.push(nodes.into_iter().map(|(_, u)| u).collect());
    }
    let providers = lists.pop().unwrap_or_default();
    let rules = lists.pop().unwrap_or_default();
    RegistryAfter { rules, providers }
}

/// The state `reader` computes for `url` from the registry's `rules` and the config center's
/// `layers`.
fn seen(
    reader: Reader,
    url: &DubboUrl,
    registry_rules: &[DubboUrl],
    layers: &[(String, Vec<DubboUrl>)],
) -> Effective {
    let registry_rules = match reader {
        Reader::Interface => registry_rules,
        Reader::Application => &[],
    };
    rules::effective_layered(url, registry_rules, layers, None)
}

/// The config-center rules that disable `url` as `reader` sees it, for messages.
fn disabling(url: &DubboUrl, layers: &[(String, Vec<DubboUrl>)]) -> Vec<String> {
    layers
        .iter()
        .flat_map(|(path, rules)| rules.iter().map(move |r| (path, r)))
        .filter(|(_, r)| r.bool_param("disabled") == Some(true))
        .filter(|(_, r)| rules::rule_scope(r, url, None) == RuleScope::Applies)
        .map(|(path, r)| format!("{} (in {path})", r.to_full_string()))
        .collect()
}

fn is_true(v: &str) -> bool {
    v.trim().eq_ignore_ascii_case("true")
}

fn refuse_document(path: &str, why: &str) -> Error {
    Error::refused(format!(
        "cannot change the config-center rules at {path}: {why}; nothing was written"
    ))
    .with_hint(
        "edit that document with dubbo-admin (or fix it by hand, keeping Dubbo's YAML form) and re-run",
    )
}

/// Merges registry plans for disjoint providers: their operations on distinct nodes, the
/// directories and guards they share once.
fn merge_registry(into: &mut Vec<Op>, guards: &mut Vec<Guard>, part: Plan) {
    for op in part.ops {
        if !into.iter().any(|o| o.op == op.op && o.path == op.path) {
            into.push(op);
        }
    }
    for g in part.guards {
        if !guards.iter().any(|x| x.path == g.path) {
            guards.push(g);
        }
    }
}

fn plan(
    tree: &TreeState,
    state: &ConfigCenterState,
    view: &ServiceView,
    targets: &[usize],
    change: Change,
    force: bool,
) -> Result<Plan> {
    let (service_doc, app_docs) = state
        .documents
        .split_last()
        .ok_or_else(|| Error::other("internal: no config-center document to plan against"))?;
    let path = service_doc.path.clone();
    let original_text = service_doc.node.as_ref().map(|(t, _)| t.as_str());
    let mut editor =
        RuleEditor::open(original_text, &view.key).map_err(|why| refuse_document(&path, &why))?;
    // Layers as Dubbo applies them; an application document that does not parse is skipped,
    // as `svcctl show` and Dubbo skip it.
    let app_layers: Vec<(String, Vec<DubboUrl>)> = app_docs
        .iter()
        .filter_map(|d| {
            let (text, _) = d.node.as_ref()?;
            parse_rules(text).ok().map(|r| (d.path.clone(), r))
        })
        .collect();
    let layers_with = |rules: Vec<DubboUrl>| {
        let mut l = app_layers.clone();
        l.push((path.clone(), rules));
        l
    };
    let own_rules = |e: &RuleEditor| {
        e.rules()
            .map_err(|why| Error::other(format!("internal: the edited rule does not parse: {why}")))
    };
    let layers_before = layers_with(match original_text {
        Some(t) => parse_rules(t).map_err(|why| refuse_document(&path, &why))?,
        None => Vec::new(),
    });
    let registry_before: Vec<DubboUrl> = tree
        .iface
        .nodes(Category::Configurators)
        .iter()
        .filter_map(|n| n.url.as_ref().ok().map(|u| DubboUrl::clone(u)))
        .collect();

    // One entry per selected address (a provider listed twice is changed once).
    let mut chosen: Vec<usize> = Vec::new();
    for &t in targets {
        let addr = view.providers[t].url.address();
        if !chosen
            .iter()
            .any(|&c| view.providers[c].url.address() == addr)
        {
            chosen.push(t);
        }
    }

    // The weight each provider should get, from the state its consumers see now (for one
    // registered both ways, what interface-level consumers see, which `svcctl show` reports).
    let mut wanted_weight: Vec<(usize, i32, i32)> = Vec::new();
    if let Change::Weight(w) = change {
        for &t in &chosen {
            let p = &view.providers[t];
            let reader = Reader::of(p.discovery)[0];
            let current = seen(reader, &p.url, &registry_before, &layers_before).weight;
            wanted_weight.push((t, current, w.apply(current)?));
        }
    }
    let weight_of = |t: usize| wanted_weight.iter().find(|w| w.0 == t).map(|w| (w.1, w.2));

    // The config-center part: consumers that find a provider by application.
    let mut edits: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    for &t in &chosen {
        let p = &view.providers[t];
        if p.discovery == Discovery::Interface {
            continue;
        }
        let addr = p.url.address();
        let now = |e: &RuleEditor| -> Result<Effective> {
            Ok(seen(
                Reader::Application,
                &p.url,
                &[],
                &layers_with(own_rules(e)?),
            ))
        };
        match change {
            Change::Disable => {
                if !now(&editor)?.enabled {
                    continue;
                }
                // A same-address item that re-enables it would fight the new one.
                if editor.strip(&addr, "disabled", |v| !is_true(v)) > 0 {
                    edits.push(format!("remove the item that re-enables {addr}"));
                }
                // Written even when removing that item is enough (a broader rule disables it):
                // "disable this provider" must hold when the broader rule goes.
                editor.add(&addr, "disabled", Yaml::Boolean(true));
                edits.push(format!("add a consumer-side item disabling {addr}"));
            }
            Change::Enable => {
                if now(&editor)?.enabled {
                    continue;
                }
                if editor.strip(&addr, "disabled", is_true) > 0 {
                    edits.push(format!("remove the item that disables {addr}"));
                }
                let eff = now(&editor)?;
                if !eff.enabled {
                    let layers = layers_with(own_rules(&editor)?);
                    let broader = disabling(&p.url, &layers);
                    let why = if broader.is_empty() {
                        "its own URL says enabled=false".to_string()
                    } else {
                        format!("still disabled by {}", broader.join(", "))
                    };
                    editor.add(&addr, "disabled", Yaml::Boolean(false));
                    edits.push(format!("add an item re-enabling {addr} ({why})"));
                    warnings.push(format!(
                        "{addr}: {why}; a disabled: false item for {addr} wins over it for consumers that find it by application (the broader rule is kept)"
                    ));
                }
            }
            Change::Weight(_) => {
                let Some((current, new)) = weight_of(t) else {
                    continue;
                };
                if now(&editor)?.weight == new {
                    continue;
                }
                if editor.strip(&addr, "weight", |_| true) > 0 {
                    edits.push(format!("remove the item weighting {addr}"));
                }
                if now(&editor)?.weight != new {
                    editor.add(&addr, "weight", Yaml::Integer(i64::from(new)));
                    edits.push(format!(
                        "add a consumer-side item: weight of {addr} {current} -> {new}"
                    ));
                }
            }
        }
    }

    // The registry part, for providers found by interface. One registered both ways is
    // planned as a consumer that reads only the registry sees it (Dubbo 2.6): the override is
    // for such consumers, the config-center item above for the others.
    let registry_only = TreeState {
        config_center: Default::default(),
        ..tree.clone()
    };
    let mut ops: Vec<Op> = Vec::new();
    let mut guards: Vec<Guard> = Vec::new();
    for (kind, tree_used) in [
        (Discovery::Interface, tree),
        (Discovery::Both, &registry_only),
    ] {
        let part: Vec<usize> = chosen
            .iter()
            .copied()
            .filter(|&t| view.providers[t].discovery == kind)
            .collect();
        if part.is_empty() {
            continue;
        }
        let plans = match change {
            Change::Disable => vec![disable_unrailed(tree_used, view, &part)?.0],
            Change::Enable => vec![registry_enable(tree_used, view, &part)?],
            Change::Weight(_) => part
                .iter()
                .map(|&t| {
                    let (_, new) = weight_of(t).unwrap_or((0, 0));
                    registry_weight(tree_used, view, &[t], WeightChange::Set(i64::from(new)))
                })
                .collect::<Result<Vec<_>>>()?,
        };
        for p in plans {
            warnings.extend(p.warnings.iter().cloned());
            merge_registry(&mut ops, &mut guards, p);
        }
    }

    // The document's operations.
    if editor.changed() {
        let reason = edits.join("; ");
        let content = editor.text();
        let mut doc_ops: Vec<Op> = app_docs
            .iter()
            .filter_map(|d| {
                let (_, version) = d.node.as_ref()?;
                Some(Op::plain(
                    OpKind::Check,
                    d.path.clone(),
                    d.path.clone(),
                    Some(*version),
                    None,
                    "application rules the plan was computed with".into(),
                ))
            })
            .collect();
        let op = |kind: OpKind, version: Option<i32>, content: Option<&str>, reason: String| {
            Op::plain(
                kind,
                path.clone(),
                path.clone(),
                version,
                content.map(str::to_string),
                reason,
            )
        };
        match &service_doc.node {
            Some((_, version)) if editor.is_empty() => doc_ops.push(op(
                OpKind::Delete,
                Some(*version),
                None,
                format!("{reason}; no items are left, so the document goes"),
            )),
            Some((_, version)) => {
                doc_ops.push(op(OpKind::SetData, Some(*version), Some(&content), reason));
                if editor.reformats() {
                    warnings.push(format!(
                        "{path} is written back from its parsed YAML: every key and item is kept, its comments and formatting are not"
                    ));
                }
            }
            None => {
                for parent in &state.missing_parents {
                    doc_ops.push(Op::plain(
                        OpKind::Create,
                        parent.clone(),
                        parent.clone(),
                        None,
                        None,
                        "directory does not exist yet".into(),
                    ));
                }
                doc_ops.push(op(
                    OpKind::Create,
                    None,
                    Some(&content),
                    format!("{reason} (new rule document)"),
                ));
            }
        }
        ops.extend(doc_ops);
        if !guards.iter().any(|g| g.path == state.dir) {
            guards.push(Guard {
                path: state.dir.clone(),
                cversion: state.dir_cversion,
            });
        }
    }

    // The whole, as each kind of consumer will see it.
    let after = registry_after(tree, &ops);
    let layers_after = layers_with(own_rules(&editor)?);
    let url_after = |p: &crate::registry::model::ProviderView| -> DubboUrl {
        after
            .providers
            .iter()
            .find(|u| {
                u.protocol == p.url.protocol
                    && u.address() == p.url.address()
                    && u.service_key() == p.url.service_key()
            })
            .cloned()
            .unwrap_or_else(|| DubboUrl::clone(&p.url))
    };
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let mut changed_addrs = Vec::new();
    let mut undo_weights: std::collections::BTreeMap<i32, Vec<String>> = Default::default();
    for &t in &chosen {
        let p = &view.providers[t];
        let addr = p.url.address();
        let mut was_done = true;
        for &reader in Reader::of(p.discovery) {
            let before = seen(reader, &p.url, &registry_before, &layers_before);
            let now = seen(reader, &url_after(p), &after.rules, &layers_after);
            let (done_before, done_now, what) = match change {
                Change::Disable => (
                    !before.enabled,
                    !now.enabled,
                    "another rule keeps it enabled",
                ),
                Change::Enable => (
                    before.enabled,
                    now.enabled,
                    "another rule keeps it disabled",
                ),
                Change::Weight(_) => {
                    let new = weight_of(t).map(|w| w.1).unwrap_or(now.weight);
                    (
                        before.weight == new,
                        now.weight == new,
                        "another rule overrides its weight",
                    )
                }
            };
            if !done_now {
                let verb = match change {
                    Change::Disable => "disable",
                    Change::Enable => "enable",
                    Change::Weight(_) => "reweight",
                };
                return Err(Error::refused(format!(
                    "cannot {verb} {addr}: {what} for {}",
                    reader.consumers()
                ))
                .with_hint(
                    "`svcctl show` lists the rules that apply to it (config-center ones with their document); remove the conflicting rule first",
                ));
            }
            was_done &= done_before;
        }
        let line = match change {
            Change::Disable if was_done => format!("provider {addr} already disabled"),
            Change::Disable => format!("provider {addr} disabled"),
            Change::Enable if was_done => format!("provider {addr} already enabled"),
            Change::Enable => format!("provider {addr} enabled"),
            Change::Weight(_) => {
                let (current, new) = weight_of(t).unwrap_or((0, 0));
                if was_done {
                    format!("provider {addr} weight already {new}")
                } else {
                    undo_weights.entry(current).or_default().push(addr.clone());
                    format!("provider {addr} weight {current} -> {new}")
                }
            }
        };
        if was_done {
            unchanged.push(line);
        } else {
            changes.push(line);
            changed_addrs.push(addr);
        }
    }

    let service = view.key.to_string();
    let rank = |o: &Op| match o.op {
        OpKind::Check => 0,
        _ => 1,
    };
    ops.sort_by_key(rank);
    if ops.iter().all(|o| o.op == OpKind::Check) {
        ops.clear();
        guards.clear();
    }
    let mut plan = Plan {
        action: change.action(),
        service: service.clone(),
        ops,
        guards,
        changes,
        unchanged,
        undo: Vec::new(),
        warnings: Vec::new(),
    };
    // The last-provider rail, for each kind of consumer: the providers it can find.
    let mut from_zero = false;
    for reader in [Reader::Interface, Reader::Application] {
        let (mut before, mut now) = (0, 0);
        for p in view
            .providers
            .iter()
            .filter(|p| Reader::of(p.discovery).contains(&reader))
        {
            before += usize::from(seen(reader, &p.url, &registry_before, &layers_before).enabled);
            now += usize::from(seen(reader, &url_after(p), &after.rules, &layers_after).enabled);
        }
        from_zero |= before == 0 && now > 0;
        if change == Change::Disable {
            last_provider_rail(&mut plan, before, now, force, "disable")?;
        }
    }
    // The registry parts' own rails counted only part of the providers.
    warnings.retain(|w| !w.starts_with("this would "));
    plan.warnings.extend(warnings);
    let mut seen_warnings = std::collections::HashSet::new();
    plan.warnings.retain(|w| seen_warnings.insert(w.clone()));
    if !changed_addrs.is_empty() {
        let q = shell_quote(&service);
        plan.undo = match change {
            Change::Disable => vec![format!(
                "svcctl enable {q} {}",
                provider_flags(&changed_addrs)
            )],
            Change::Enable => vec![format!(
                "svcctl disable {q} {}{}",
                provider_flags(&changed_addrs),
                if from_zero { " --force" } else { "" }
            )],
            Change::Weight(_) => undo_weights
                .into_iter()
                .map(|(w, addrs)| format!("svcctl weight {q} {w} {}", provider_flags(&addrs)))
                .collect(),
        };
    }
    Ok(plan)
}

#[cfg(test)]
mod tests;
