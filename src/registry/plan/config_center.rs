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
use crate::registry::model::{Category, Discovery, ProviderView, ServiceView};
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

type Layers = Vec<(String, Vec<DubboUrl>)>;

/// What every part of a plan is computed from: the service's own rule document (the one
/// edited), the rules each kind of consumer applies now, and the providers chosen.
struct Context<'a> {
    tree: &'a TreeState,
    state: &'a ConfigCenterState,
    view: &'a ServiceView,
    change: Change,
    service_doc: &'a Document,
    app_docs: &'a [Document],
    /// The application documents that parse, as Dubbo applies them.
    app_layers: Layers,
    layers_before: Layers,
    registry_before: Vec<DubboUrl>,
    /// One target per selected address (a provider listed twice is changed once).
    chosen: Vec<usize>,
    /// For a weight change: (target, its weight now, the weight asked for).
    weights: Vec<(usize, i32, i32)>,
}

impl<'a> Context<'a> {
    /// Reads the documents and the registry's rules; returns the editor of the service's own
    /// document with it.
    fn read(
        tree: &'a TreeState,
        state: &'a ConfigCenterState,
        view: &'a ServiceView,
        targets: &[usize],
        change: Change,
    ) -> Result<(Context<'a>, RuleEditor)> {
        let (service_doc, app_docs) = state
            .documents
            .split_last()
            .ok_or_else(|| Error::other("internal: no config-center document to plan against"))?;
        let path = &service_doc.path;
        let original_text = service_doc.node.as_ref().map(|(t, _)| t.as_str());
        let editor = RuleEditor::open(original_text, &view.key)
            .map_err(|why| refuse_document(path, &why))?;
        // An application document that does not parse is skipped, as `svcctl show` and Dubbo
        // skip it.
        let app_layers: Layers = app_docs
            .iter()
            .filter_map(|d| {
                let (text, _) = d.node.as_ref()?;
                parse_rules(text).ok().map(|r| (d.path.clone(), r))
            })
            .collect();
        let own_before = match original_text {
            Some(t) => parse_rules(t).map_err(|why| refuse_document(path, &why))?,
            None => Vec::new(),
        };
        let registry_before: Vec<DubboUrl> = tree
            .iface
            .nodes(Category::Configurators)
            .iter()
            .filter_map(|n| n.url.as_ref().ok().map(|u| DubboUrl::clone(u)))
            .collect();
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
        let mut cx = Context {
            tree,
            state,
            view,
            change,
            service_doc,
            app_docs,
            app_layers,
            layers_before: Vec::new(),
            registry_before,
            chosen,
            weights: Vec::new(),
        };
        cx.layers_before = cx.layers_with(own_before);
        // The weight each provider should get, from the state its consumers see now (for one
        // registered both ways, what interface-level consumers see, which `svcctl show`
        // reports).
        if let Change::Weight(w) = change {
            for &t in &cx.chosen {
                let p = &view.providers[t];
                let reader = Reader::of(p.discovery)[0];
                let current = seen(reader, &p.url, &cx.registry_before, &cx.layers_before).weight;
                cx.weights.push((t, current, w.apply(current)?));
            }
        }
        Ok((cx, editor))
    }

    /// The service's own document.
    fn path(&self) -> &str {
        &self.service_doc.path
    }

    /// The layers with `rules` as the service's own document.
    fn layers_with(&self, rules: Vec<DubboUrl>) -> Layers {
        let mut l = self.app_layers.clone();
        l.push((self.path().to_string(), rules));
        l
    }

    /// (weight now, weight asked for) of a target, for a weight change.
    fn weight_of(&self, t: usize) -> Option<(i32, i32)> {
        self.weights.iter().find(|w| w.0 == t).map(|w| (w.1, w.2))
    }
}

fn own_rules(e: &RuleEditor) -> Result<Vec<DubboUrl>> {
    e.rules()
        .map_err(|why| Error::other(format!("internal: the edited rule does not parse: {why}")))
}

/// Plans a change of the chosen providers for each kind of consumer, then checks the whole.
fn plan(
    tree: &TreeState,
    state: &ConfigCenterState,
    view: &ServiceView,
    targets: &[usize],
    change: Change,
    force: bool,
) -> Result<Plan> {
    let (cx, mut editor) = Context::read(tree, state, view, targets, change)?;
    let mut warnings = Vec::new();
    let edits = edit_config_center(&cx, &mut editor, &mut warnings)?;
    let (mut ops, mut guards) = plan_registry(&cx, &mut warnings)?;
    if editor.changed() {
        ops.extend(document_ops(&cx, &editor, &edits, &mut warnings));
        if !guards.iter().any(|g| g.path == state.dir) {
            guards.push(Guard {
                path: state.dir.clone(),
                cversion: state.dir_cversion,
            });
        }
    }
    check_whole(&cx, &editor, ops, guards, warnings, force)
}

/// The config-center part, for consumers that find a provider by application: edits the
/// service's document in `editor`; returns what each edit does, for the operation's reason.
fn edit_config_center(
    cx: &Context,
    editor: &mut RuleEditor,
    warnings: &mut Vec<String>,
) -> Result<Vec<String>> {
    let mut edits: Vec<String> = Vec::new();
    for &t in &cx.chosen {
        let p = &cx.view.providers[t];
        if p.discovery == Discovery::Interface {
            continue;
        }
        let addr = p.url.address();
        let now = |e: &RuleEditor| -> Result<Effective> {
            Ok(seen(
                Reader::Application,
                &p.url,
                &[],
                &cx.layers_with(own_rules(e)?),
            ))
        };
        match cx.change {
            Change::Disable => {
                if !now(editor)?.enabled {
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
                if now(editor)?.enabled {
                    continue;
                }
                if editor.strip(&addr, "disabled", is_true) > 0 {
                    edits.push(format!("remove the item that disables {addr}"));
                }
                let eff = now(editor)?;
                if !eff.enabled {
                    let layers = cx.layers_with(own_rules(editor)?);
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
                let Some((current, new)) = cx.weight_of(t) else {
                    continue;
                };
                if now(editor)?.weight == new {
                    continue;
                }
                if editor.strip(&addr, "weight", |_| true) > 0 {
                    edits.push(format!("remove the item weighting {addr}"));
                }
                if now(editor)?.weight != new {
                    editor.add(&addr, "weight", Yaml::Integer(i64::from(new)));
                    edits.push(format!(
                        "add a consumer-side item: weight of {addr} {current} -> {new}"
                    ));
                }
            }
        }
    }
    Ok(edits)
}

/// The registry part, for providers found by interface: the registry plans' operations and
/// guards, their warnings added to `warnings`. One registered both ways is planned as a
/// consumer that reads only the registry sees it (Dubbo 2.6): the override is for such
/// consumers, the config-center item for the others.
fn plan_registry(cx: &Context, warnings: &mut Vec<String>) -> Result<(Vec<Op>, Vec<Guard>)> {
    let registry_only = TreeState {
        config_center: Default::default(),
        ..cx.tree.clone()
    };
    let mut ops: Vec<Op> = Vec::new();
    let mut guards: Vec<Guard> = Vec::new();
    for (kind, tree_used) in [
        (Discovery::Interface, cx.tree),
        (Discovery::Both, &registry_only),
    ] {
        let part: Vec<usize> = cx
            .chosen
            .iter()
            .copied()
            .filter(|&t| cx.view.providers[t].discovery == kind)
            .collect();
        if part.is_empty() {
            continue;
        }
        let plans = match cx.change {
            Change::Disable => vec![disable_unrailed(tree_used, cx.view, &part)?.0],
            Change::Enable => vec![registry_enable(tree_used, cx.view, &part)?],
            Change::Weight(_) => part
                .iter()
                .map(|&t| {
                    let (_, new) = cx.weight_of(t).unwrap_or((0, 0));
                    registry_weight(tree_used, cx.view, &[t], WeightChange::Set(i64::from(new)))
                })
                .collect::<Result<Vec<_>>>()?,
        };
        for p in plans {
            warnings.extend(p.warnings.iter().cloned());
            merge_registry(&mut ops, &mut guards, p);
        }
    }
    Ok((ops, guards))
}

/// The operations that write the edited document: checks of the application documents the
/// plan was computed with, then the document's SetData, Delete (no item left) or Create (with
/// its missing parents).
fn document_ops(
    cx: &Context,
    editor: &RuleEditor,
    edits: &[String],
    warnings: &mut Vec<String>,
) -> Vec<Op> {
    let path = cx.path();
    let reason = edits.join("; ");
    let content = editor.text();
    let mut doc_ops: Vec<Op> = cx
        .app_docs
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
            path.to_string(),
            path.to_string(),
            version,
            content.map(str::to_string),
            reason,
        )
    };
    match &cx.service_doc.node {
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
            for parent in &cx.state.missing_parents {
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
    doc_ops
}

/// The registry and the config center as the planned operations leave them.
struct After {
    registry: RegistryAfter,
    layers: Layers,
}

impl After {
    /// What `reader` will compute for provider `p`.
    fn seen(&self, reader: Reader, p: &ProviderView) -> Effective {
        let url = self
            .registry
            .providers
            .iter()
            .find(|u| {
                u.protocol == p.url.protocol
                    && u.address() == p.url.address()
                    && u.service_key() == p.url.service_key()
            })
            .cloned()
            .unwrap_or_else(|| DubboUrl::clone(&p.url));
        seen(reader, &url, &self.registry.rules, &self.layers)
    }
}

/// What the whole does to the chosen providers, as each kind of consumer will see it.
#[derive(Default)]
struct Outcome {
    changes: Vec<String>,
    unchanged: Vec<String>,
    changed_addrs: Vec<String>,
    /// For the undo of a weight change: the providers by their weight before.
    undo_weights: std::collections::BTreeMap<i32, Vec<String>>,
}

/// The combined check: every chosen provider ends in the requested state for every kind of
/// consumer that finds it (else a refusal naming the kind), and the last-provider rail for
/// each kind; then the plan with its lines, warnings and undo.
fn check_whole(
    cx: &Context,
    editor: &RuleEditor,
    mut ops: Vec<Op>,
    mut guards: Vec<Guard>,
    mut warnings: Vec<String>,
    force: bool,
) -> Result<Plan> {
    let after = After {
        registry: registry_after(cx.tree, &ops),
        layers: cx.layers_with(own_rules(editor)?),
    };
    let outcome = outcome(cx, &after)?;

    let service = cx.view.key.to_string();
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
        action: cx.change.action(),
        service: service.clone(),
        ops,
        guards,
        changes: outcome.changes,
        unchanged: outcome.unchanged,
        undo: Vec::new(),
        warnings: Vec::new(),
    };
    // The last-provider rail, for each kind of consumer: the providers it can find.
    let mut from_zero = false;
    for reader in [Reader::Interface, Reader::Application] {
        let (mut before, mut now) = (0, 0);
        for p in cx
            .view
            .providers
            .iter()
            .filter(|p| Reader::of(p.discovery).contains(&reader))
        {
            before +=
                usize::from(seen(reader, &p.url, &cx.registry_before, &cx.layers_before).enabled);
            now += usize::from(after.seen(reader, p).enabled);
        }
        from_zero |= before == 0 && now > 0;
        if cx.change == Change::Disable {
            last_provider_rail(&mut plan, before, now, force, "disable")?;
        }
    }
    // The registry parts' own rails counted only part of the providers.
    warnings.retain(|w| !w.starts_with("this would "));
    plan.warnings.extend(warnings);
    let mut seen_warnings = std::collections::HashSet::new();
    plan.warnings.retain(|w| seen_warnings.insert(w.clone()));
    if !outcome.changed_addrs.is_empty() {
        let q = shell_quote(&service);
        let changed = &outcome.changed_addrs;
        plan.undo = match cx.change {
            Change::Disable => vec![format!("svcctl enable {q} {}", provider_flags(changed))],
            Change::Enable => vec![format!(
                "svcctl disable {q} {}{}",
                provider_flags(changed),
                if from_zero { " --force" } else { "" }
            )],
            Change::Weight(_) => outcome
                .undo_weights
                .into_iter()
                .map(|(w, addrs)| format!("svcctl weight {q} {w} {}", provider_flags(&addrs)))
                .collect(),
        };
    }
    Ok(plan)
}

/// Each chosen provider before and after, for every kind of consumer that finds it: a
/// refusal when one will not see the requested state, else its change or unchanged line.
fn outcome(cx: &Context, after: &After) -> Result<Outcome> {
    let mut out = Outcome::default();
    for &t in &cx.chosen {
        let p = &cx.view.providers[t];
        let addr = p.url.address();
        let mut was_done = true;
        for &reader in Reader::of(p.discovery) {
            let before = seen(reader, &p.url, &cx.registry_before, &cx.layers_before);
            let now = after.seen(reader, p);
            let (done_before, done_now, what) = match cx.change {
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
                    let new = cx.weight_of(t).map(|w| w.1).unwrap_or(now.weight);
                    (
                        before.weight == new,
                        now.weight == new,
                        "another rule overrides its weight",
                    )
                }
            };
            if !done_now {
                let verb = match cx.change {
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
        let line = match cx.change {
            Change::Disable if was_done => format!("provider {addr} already disabled"),
            Change::Disable => format!("provider {addr} disabled"),
            Change::Enable if was_done => format!("provider {addr} already enabled"),
            Change::Enable => format!("provider {addr} enabled"),
            Change::Weight(_) => {
                let (current, new) = cx.weight_of(t).unwrap_or((0, 0));
                if was_done {
                    format!("provider {addr} weight already {new}")
                } else {
                    out.undo_weights
                        .entry(current)
                        .or_default()
                        .push(addr.clone());
                    format!("provider {addr} weight {current} -> {new}")
                }
            }
        };
        if was_done {
            out.unchanged.push(line);
        } else {
            out.changes.push(line);
            out.changed_addrs.push(addr);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
