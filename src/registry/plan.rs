//! Registry mutation plans. Pure: every builder takes what was read from ZooKeeper (a
//! [`TreeState`]) and returns the exact list of ZooKeeper operations that would make the change,
//! or an error saying why it must not be made. Nothing here does I/O; `apply.rs` commits a plan
//! as one multi-op.
//!
//! What is written follows dubbo-admin, so the console, Dubbo consumers and svcctl agree:
//! - dynamic (ephemeral) providers are disabled, re-enabled and reweighted with `override://`
//!   rules under `/configurators`, in the exact form dubbo-admin 2.6 writes
//!   (`Override#toUrl`: `override://HOST:PORT/IFACE?category=configurators&disabled=true&dynamic=false&enabled=true[&group=..][&version=..]`,
//!   parameters sorted as Java's `toFullString` writes them);
//! - static (persistent, `dynamic=false`) providers are disabled by rewriting their own node with
//!   `enabled=false` and re-enabled by removing that key (`ProviderServiceImpl#updateProvider`).
//!
//! Every builder simulates its own result with the same rules engine `svcctl show` uses
//! ([`rules::effective`]) and refuses to return a plan that would not reach the requested state.

use std::collections::BTreeMap;

use serde::Serialize;

use super::config_center::ConfigCenterIndex;
use super::model::{
    application_names, Category, InterfaceNode, Node, NodeStat, Registration, ServiceView,
};
use super::rules;
use super::url::{form_encode, DubboUrl, ServiceKey};
use crate::error::{Error, Result};

/// The verbs that produce plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Disable,
    Enable,
    Weight,
    Register,
    Unregister,
    Static,
    Dynamic,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Disable => "disable",
            Action::Enable => "enable",
            Action::Weight => "weight",
            Action::Register => "register",
            Action::Unregister => "unregister",
            Action::Static => "static",
            Action::Dynamic => "dynamic",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    /// Create a persistent node.
    Create,
    /// Delete a node whose data version is still `expected_version`.
    Delete,
    /// Replace a node's data if its version is still `expected_version`.
    SetData,
    /// Fail the whole multi-op unless the node exists with data version `expected_version`.
    Check,
}

impl OpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Create => "create",
            OpKind::Delete => "delete",
            OpKind::SetData => "set_data",
            OpKind::Check => "check",
        }
    }
}

/// One ZooKeeper operation of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Op {
    pub op: OpKind,
    /// The ZooKeeper path, node name exactly as stored (form-encoded).
    pub path: String,
    /// The same path with the interface and node name decoded, for people.
    pub display_path: String,
    /// The node's decoded URL; `None` for directories.
    pub url: Option<String>,
    /// The data version the node must still have (delete, set_data, check).
    pub expected_version: Option<i32>,
    /// Bytes written by create/set_data. Dubbo ignores a registration node's data (svcctl
    /// writes none); a config-center rule document is its data.
    #[serde(skip)]
    pub data: Vec<u8>,
    /// `data` as text, for a node whose data is its meaning (a config-center rule document):
    /// what the plan shows people and JSON readers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Why this operation is in the plan, in one line.
    pub reason: String,
}

impl Op {
    /// An operation on a node that holds no registration URL: a directory, or a config-center
    /// rule document whose `content` is its data.
    pub fn plain(
        op: OpKind,
        path: String,
        display_path: String,
        expected_version: Option<i32>,
        content: Option<String>,
        reason: String,
    ) -> Op {
        Op {
            op,
            path,
            display_path,
            url: None,
            expected_version,
            data: content
                .as_deref()
                .map(|c| c.as_bytes().to_vec())
                .unwrap_or_default(),
            content,
            reason,
        }
    }
}

/// A directory whose children the plan was computed from. ZooKeeper's multi-op can only check a
/// node's *data* version, so the children version (`cversion`) is compared right before the
/// commit: a rule added or removed by someone else since the read makes the plan stale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guard {
    pub path: String,
    /// `cversion` when read; `None` when the directory did not exist.
    pub cversion: Option<i32>,
}

/// An ordered list of ZooKeeper operations, what they achieve, and how to undo them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub action: Action,
    /// The service key the plan changes.
    pub service: String,
    pub ops: Vec<Op>,
    pub guards: Vec<Guard>,
    /// One line per target that changes, e.g. `provider 10.0.0.5:20880 disabled`.
    pub changes: Vec<String>,
    /// One line per target already in the requested state.
    pub unchanged: Vec<String>,
    /// svcctl commands that undo the change (registry flags are appended by the command layer).
    pub undo: Vec<String>,
    pub warnings: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.ops.iter().all(|o| o.op == OpKind::Check)
    }

    /// One line: what the plan does, or that there is nothing to do.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            if self.unchanged.is_empty() {
                format!("{}: unchanged", self.service)
            } else {
                format!("{}: unchanged", self.unchanged.join("; "))
            }
        } else {
            self.changes.join("; ")
        }
    }
}

/// What was read from ZooKeeper for one interface: its nodes (with stats for providers and
/// configurators) and the children versions of its category directories.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeState {
    pub root: String,
    /// Provider and configurator nodes carry their stats.
    pub iface: InterfaceNode,
    /// Whether `<root>/<interface>` exists.
    pub exists: bool,
    /// Ancestors of the interface node (the root and its parents) that do not exist yet,
    /// outermost first: a first registration in an empty ZooKeeper creates them, as Dubbo does.
    pub missing_parents: Vec<String>,
    /// `cversion` of each category directory that exists.
    pub dirs: BTreeMap<Category, i32>,
    /// Config-center rules: they decide effective state too, so plans are checked against them.
    pub config_center: ConfigCenterIndex,
}

impl TreeState {
    /// The state of an interface that is not in the registry yet.
    pub fn absent(root: &str, interface: &str) -> TreeState {
        TreeState {
            root: root.to_string(),
            iface: InterfaceNode {
                name: form_encode(interface),
                ..Default::default()
            },
            exists: false,
            missing_parents: Vec::new(),
            dirs: BTreeMap::new(),
            config_center: ConfigCenterIndex::default(),
        }
    }

    pub fn interface_path(&self) -> String {
        format!("{}/{}", self.root, self.iface.name)
    }

    pub fn dir(&self, c: Category) -> String {
        format!("{}/{}", self.interface_path(), c.dir())
    }

    fn display_dir(&self, c: Category) -> String {
        format!("{}/{}/{}", self.root, self.iface.interface(), c.dir())
    }

    pub fn views(&self) -> Vec<ServiceView> {
        super::model::services_of(&self.iface, &self.root, &mut Vec::new())
    }
}

// ---------------------------------------------------------------------------------------------
// Target selection
// ---------------------------------------------------------------------------------------------

/// Which providers a command acts on: `--provider HOST[:PORT]`, `--host IP`, `--app NAME`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    pub providers: Vec<String>,
    pub hosts: Vec<String>,
    pub app: Option<String>,
}

impl Selector {
    pub fn is_empty(&self) -> bool {
        self.providers.is_empty() && self.hosts.is_empty() && self.app.is_none()
    }
}

/// `HOST[:PORT]` → (host, port). IPv6 literals go in brackets: `[fe80::1]:20880`.
pub fn parse_address(s: &str, flag: &str) -> Result<(String, Option<u16>)> {
    let s = s.trim();
    let bad = |why: &str| {
        Error::usage(format!("invalid {flag} {s:?}: {why}"))
            .with_hint(format!("use {flag} HOST:PORT, e.g. {flag} 10.0.0.5:20880"))
    };
    let (host, port) = crate::registry::url::split_address(s).map_err(bad)?;
    if host.is_empty() {
        return Err(bad("empty host"));
    }
    if host.contains(['/', '?', '&', '=', ' ', '@']) {
        return Err(bad("not a host name or IP address"));
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(0) | Err(_) => return Err(bad("port must be 1-65535")),
            Ok(n) => Some(n),
        },
    };
    Ok((host.to_string(), port))
}

fn addresses(view: &ServiceView) -> String {
    let mut a: Vec<String> = view.providers.iter().map(|p| p.url.address()).collect();
    a.dedup();
    if a.is_empty() {
        "none".into()
    } else {
        a.join(", ")
    }
}

/// The providers of `view` the selector names, in address order. Every part of the selector
/// must match something: a typo is an error that lists what is registered, never a silent no-op.
pub fn select(view: &ServiceView, sel: &Selector) -> Result<Vec<usize>> {
    if sel.is_empty() {
        return Err(Error::usage(
            "name the providers to change with --provider HOST[:PORT], --host IP or --app NAME",
        )
        .with_hint(format!("providers of {}: {}", view.key, addresses(view))));
    }
    let mut by_address: Vec<usize> = Vec::new();
    let wanted = sel
        .providers
        .iter()
        .map(|p| (p, "--provider"))
        .chain(sel.hosts.iter().map(|h| (h, "--host")));
    for (text, flag) in wanted {
        let (host, port) = parse_address(text, flag)?;
        if flag == "--host" && port.is_some() {
            return Err(Error::usage(format!(
                "--host takes an IP or host name without a port, got {text:?}"
            ))
            .with_hint("use --provider HOST:PORT for one provider"));
        }
        let hits: Vec<usize> = view
            .providers
            .iter()
            .enumerate()
            .filter(|(_, p)| p.url.host == host && port.is_none_or(|port| p.url.port == port))
            .map(|(i, _)| i)
            .collect();
        if hits.is_empty() {
            return Err(Error::not_found(format!(
                "{} is not a provider of {}",
                text.trim(),
                view.key
            ))
            .with_hint(format!("registered providers: {}", addresses(view))));
        }
        by_address.extend(hits);
    }
    let mut chosen: Vec<usize> = if sel.providers.is_empty() && sel.hosts.is_empty() {
        (0..view.providers.len()).collect()
    } else {
        by_address
    };
    if let Some(app) = &sel.app {
        chosen.retain(|&i| view.providers[i].url.application() == Some(app.as_str()));
        if chosen.is_empty() {
            let apps = view.applications();
            return Err(Error::not_found(format!(
                "no selected provider of {} belongs to application {app:?}",
                view.key
            ))
            .with_hint(if apps.is_empty() {
                "the providers do not name an application".to_string()
            } else {
                format!("applications: {}", apps.join(", "))
            }));
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(chosen)
}

// ---------------------------------------------------------------------------------------------
// The draft: a copy of the tree that plan builders change, recording operations as they go.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    url: DubboUrl,
    stat: Option<NodeStat>,
    /// Present in the registry when read (as opposed to created by this plan).
    original: bool,
}

impl Entry {
    fn from_node(n: &Node) -> Option<Entry> {
        Some(Entry {
            name: n.name.clone(),
            url: DubboUrl::clone(n.url.as_ref().ok()?),
            stat: n.stat,
            original: true,
        })
    }

    fn is_ephemeral(&self) -> bool {
        self.stat.is_some_and(|s| s.ephemeral_owner != 0)
    }

    fn owner(&self) -> i64 {
        self.stat.map(|s| s.ephemeral_owner).unwrap_or(0)
    }
}

struct Draft<'t> {
    tree: &'t TreeState,
    key: ServiceKey,
    interface: String,
    /// Every override/route node of the interface (all service keys: rules are evaluated over
    /// the whole directory).
    rules: Vec<Entry>,
    /// Provider nodes of this service key only.
    providers: Vec<Entry>,
    /// Provider nodes of other service keys (only their names matter: name clashes).
    other_provider_names: Vec<String>,
    ops: Vec<Op>,
    guards: Vec<Guard>,
}

impl<'t> Draft<'t> {
    fn new(tree: &'t TreeState, key: &ServiceKey) -> Draft<'t> {
        let interface = tree.iface.interface();
        let rules = tree
            .iface
            .nodes(Category::Configurators)
            .iter()
            .filter_map(Entry::from_node)
            .collect();
        let mut providers = Vec::new();
        let mut other_provider_names = Vec::new();
        for n in tree.iface.nodes(Category::Providers) {
            match Entry::from_node(n) {
                Some(e) if ServiceKey::new(&interface, e.url.group(), e.url.version()) == *key => {
                    providers.push(e)
                }
                _ => other_provider_names.push(n.name.clone()),
            }
        }
        Draft {
            tree,
            key: key.clone(),
            interface,
            rules,
            providers,
            other_provider_names,
            ops: Vec::new(),
            guards: Vec::new(),
        }
    }

    fn list(&mut self, c: Category) -> &mut Vec<Entry> {
        match c {
            Category::Providers => &mut self.providers,
            _ => &mut self.rules,
        }
    }

    fn guard(&mut self, c: Category) {
        let path = self.tree.dir(c);
        if !self.guards.iter().any(|g| g.path == path) {
            self.guards.push(Guard {
                path,
                cversion: self.tree.dirs.get(&c).copied(),
            });
        }
    }

    fn rule_urls(&self) -> Vec<DubboUrl> {
        self.rules.iter().map(|r| r.url.clone()).collect()
    }

    /// A provider's state as consumers will compute it after this plan: the registry rules as
    /// drafted, then the config center's.
    fn effective(&self, provider: &DubboUrl) -> rules::Effective {
        let apps = application_names(self.providers.iter().map(|p| &p.url));
        let layers = self
            .tree
            .config_center
            .layers(&self.tree.root, &self.key, &apps);
        rules::effective_layered(provider, &self.rule_urls(), &layers, None)
    }

    fn enabled_count(&self) -> usize {
        self.providers
            .iter()
            .filter(|p| self.effective(&p.url).enabled)
            .count()
    }

    fn op(&self, op: OpKind, c: Category, e: &Entry, reason: String) -> Op {
        Op {
            op,
            path: format!("{}/{}", self.tree.dir(c), e.name),
            display_path: format!("{}/{}", self.tree.display_dir(c), e.url),
            url: Some(e.url.to_full_string()),
            expected_version: match op {
                OpKind::Create => None,
                _ => e.stat.map(|s| s.version),
            },
            data: Vec::new(),
            content: None,
            reason,
        }
    }

    /// Creates the interface node and the category directory when they are missing (Dubbo's
    /// registry creates them on demand too).
    fn ensure_dir(&mut self, c: Category) {
        let mut dirs: Vec<(String, String)> = self
            .tree
            .missing_parents
            .iter()
            .map(|p| (p.clone(), p.clone()))
            .collect();
        if !self.tree.exists {
            dirs.push((
                self.tree.interface_path(),
                format!("{}/{}", self.tree.root, self.interface),
            ));
        }
        if !self.tree.dirs.contains_key(&c) {
            dirs.push((self.tree.dir(c), self.tree.display_dir(c)));
        }
        for (path, display_path) in dirs {
            if !self.ops.iter().any(|o| o.path == path) {
                self.ops.push(Op::plain(
                    OpKind::Create,
                    path,
                    display_path,
                    None,
                    None,
                    "directory does not exist yet".into(),
                ));
            }
        }
    }

    /// Creates a node for `url` unless one with that name is already there. A node deleted
    /// earlier in this plan is kept instead (the two operations cancel out).
    fn create(&mut self, c: Category, url: DubboUrl, reason: String) {
        let name = url.to_node_name();
        if self.list(c).iter().any(|e| e.name == name) {
            return;
        }
        let path = format!("{}/{}", self.tree.dir(c), name);
        if let Some(i) = self
            .ops
            .iter()
            .position(|o| o.op == OpKind::Delete && o.path == path)
        {
            self.ops.remove(i);
            let original = self
                .tree
                .iface
                .nodes(c)
                .iter()
                .find(|n| n.name == name)
                .and_then(Entry::from_node);
            if let Some(e) = original {
                self.list(c).push(e);
                return;
            }
        }
        self.guard(c);
        self.ensure_dir(c);
        let entry = Entry {
            name,
            url,
            stat: None,
            original: false,
        };
        let op = self.op(OpKind::Create, c, &entry, reason);
        self.ops.push(op);
        self.list(c).push(entry);
    }

    /// Deletes the node at `idx` of category `c`, expecting the version that was read.
    fn delete(&mut self, c: Category, idx: usize, reason: String) {
        let entry = self.list(c).remove(idx);
        let path = format!("{}/{}", self.tree.dir(c), entry.name);
        if entry.original {
            self.guard(c);
            let op = self.op(OpKind::Delete, c, &entry, reason);
            self.ops.push(op);
        } else {
            self.ops
                .retain(|o| !(o.op == OpKind::Create && o.path == path));
        }
    }

    /// Fails the plan at commit time unless the node is still exactly as read.
    fn check(&mut self, c: Category, idx: usize, reason: String) {
        let entry = self.list(c)[idx].clone();
        let op = self.op(OpKind::Check, c, &entry, reason);
        if !self
            .ops
            .iter()
            .any(|o| o.path == op.path && o.op == OpKind::Check)
        {
            self.ops.push(op);
        }
    }

    /// Removes parameter `key` from the rule at `idx`: the rule is deleted, and re-created
    /// without the key when it still sets something else.
    fn strip_rule_param(&mut self, idx: usize, key: &str, reason: String) {
        let mut url = self.rules[idx].url.clone();
        self.delete(Category::Configurators, idx, reason.clone());
        url.remove_param(key);
        url.sort_params();
        if rules::settable_params(&url).next().is_some() {
            self.create(
                Category::Configurators,
                url,
                format!("{reason}; its other parameters are kept"),
            );
        }
    }

    /// Replaces provider `idx` by a node for `new_url` (delete with version + create, one
    /// multi-op) and returns the new entry's index.
    fn rewrite_provider(&mut self, idx: usize, new_url: DubboUrl, reason: &str) -> Result<usize> {
        let new_name = new_url.to_node_name();
        if new_name == self.providers[idx].name {
            return Ok(idx);
        }
        self.refuse_name_clash(&new_name)?;
        self.delete(Category::Providers, idx, format!("{reason}: old node"));
        self.create(Category::Providers, new_url, format!("{reason}: new node"));
        self.provider_idx(&new_name)
            .ok_or_else(|| Error::other("internal: rewritten provider node missing from the plan"))
    }

    fn refuse_name_clash(&self, name: &str) -> Result<()> {
        if let Some(e) = self.providers.iter().find(|e| e.name == name) {
            let owner = if e.is_ephemeral() {
                format!("an ephemeral node owned by session 0x{:x}", e.owner())
            } else {
                "a persistent node".to_string()
            };
            return Err(Error::refused(format!(
                "a provider node with that exact name already exists ({owner}): {}",
                e.url
            ))
            .with_hint(
                "ZooKeeper holds one node per name; svcctl never replaces or takes over an existing registration",
            ));
        }
        if self.other_provider_names.iter().any(|n| n == name) {
            return Err(Error::refused(
                "a provider node with that exact name already exists under another service key",
            ));
        }
        Ok(())
    }

    fn provider_idx(&self, name: &str) -> Option<usize> {
        self.providers.iter().position(|p| p.name == name)
    }

    fn finish(mut self, action: Action) -> Plan {
        // Checks first, then directories, then deletes, then creates: a rewrite's delete and
        // create are one atomic multi-op either way, but this order reads naturally.
        let rank = |o: &Op| match o.op {
            OpKind::Check => 0,
            OpKind::Create if o.url.is_none() => 1,
            OpKind::Delete => 2,
            OpKind::SetData => 3,
            OpKind::Create => 4,
        };
        self.ops.sort_by_key(rank);
        if self.ops.iter().all(|o| o.op == OpKind::Check) {
            // Nothing to write: no need to guard anything.
            self.guards.clear();
        } else {
            // Every decision above was taken from the effective state, which the rules decide:
            // a rule added or removed meanwhile makes the plan stale, whatever it writes.
            self.guard(Category::Configurators);
        }
        Plan {
            action,
            service: self.key.to_string(),
            ops: self.ops,
            guards: self.guards,
            changes: Vec::new(),
            unchanged: Vec::new(),
            undo: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// A rule written for exactly this provider, in the form dubbo-admin and svcctl write: same
/// host and port, same service key, active, not scoped to a consumer application and not a
/// new-style (config-center) rule. Only these are replaced or removed by svcctl.
fn targets_exactly(rule: &DubboUrl, provider: &DubboUrl, key: &ServiceKey) -> bool {
    rule.protocol == "override"
        && rule.port != 0
        && rule.port == provider.port
        && rule.host == provider.host
        && rule.interface() == key.interface
        && rule.group() == key.group.as_deref()
        && rule.version() == key.version.as_deref()
        && rule.bool_param("enabled") != Some(false)
        && rule.application().is_none()
        && rule.username.is_none()
        && rule.param("configVersion").is_none()
        && rule.nonempty("providerAddresses").is_none()
        && !rule.params.iter().any(|(k, _)| k.starts_with('~'))
}

/// The override dubbo-admin writes for one provider (`Override#toUrl`): address, interface,
/// `category=configurators`, `dynamic=false`, `enabled=true`, the service's group and version,
/// and the one parameter it sets. Parameters sorted, as Java's `URL#toFullString` writes them.
pub fn admin_override(provider: &DubboUrl, key: &ServiceKey, param: (&str, &str)) -> DubboUrl {
    let mut params = vec![
        ("category".to_string(), "configurators".to_string()),
        ("dynamic".to_string(), "false".to_string()),
        ("enabled".to_string(), "true".to_string()),
        (param.0.to_string(), param.1.to_string()),
    ];
    if let Some(g) = &key.group {
        params.push(("group".into(), g.clone()));
    }
    if let Some(v) = &key.version {
        params.push(("version".into(), v.clone()));
    }
    DubboUrl::new(
        "override",
        &provider.host,
        provider.port,
        &key.interface,
        params,
    )
}

/// Quotes a word for a POSIX shell when it needs it, so undo lines can be pasted.
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._:/@=,+-%".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn provider_flags(addrs: &[String]) -> String {
    addrs
        .iter()
        .map(|a| format!("--provider {}", shell_quote(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn disabling_rules(eff: &rules::Effective, rules: &[DubboUrl]) -> Vec<String> {
    eff.applied
        .iter()
        .filter_map(|i| rules.get(*i))
        .filter(|r| r.param("disabled").is_some())
        .map(|r| r.to_full_string())
        .collect()
}

/// The "last enabled provider" rail. Dubbo consumers ignore a provider list that would become
/// empty (RegistryDirectory keeps its old invokers), so disabling or removing the last enabled
/// provider does not stop traffic; it only makes the registry lie. `--force` overrides.
fn last_provider_rail(
    plan: &mut Plan,
    before: usize,
    after: usize,
    force: bool,
    verb: &str,
) -> Result<()> {
    if before > 0 && after == 0 {
        let what = format!(
            "this would {verb} the last enabled provider of {}",
            plan.service
        );
        if !force {
            return Err(Error::refused(format!(
                "{what}: Dubbo consumers keep their old provider list when it would become empty, so traffic would not stop"
            ))
            .with_hint("pass --force if you mean it (e.g. the service is being retired)"));
        }
        plan.warnings
            .push(format!("{what} (--force): consumers may keep calling it"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// disable / enable
// ---------------------------------------------------------------------------------------------

/// Disables the selected providers of `view` (indexes from [`select`]).
pub fn disable(
    tree: &TreeState,
    view: &ServiceView,
    targets: &[usize],
    force: bool,
) -> Result<Plan> {
    let (mut plan, before, after) = disable_unrailed(tree, view, targets)?;
    last_provider_rail(&mut plan, before, after, force, "disable")?;
    Ok(plan)
}

/// [`disable`] without the last-provider rail: the plan, and the enabled providers before and
/// after it.
fn disable_unrailed(
    tree: &TreeState,
    view: &ServiceView,
    targets: &[usize],
) -> Result<(Plan, usize, usize)> {
    let mut d = Draft::new(tree, &view.key);
    let before = d.enabled_count();
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let mut changed_addrs = Vec::new();
    for &t in targets {
        let pv = &view.providers[t];
        let addr = pv.url.address();
        let Some(mut idx) = d.provider_idx(&pv.node_name) else {
            continue;
        };
        let eff = d.effective(&d.providers[idx].url);
        if !eff.enabled {
            unchanged.push(format!("provider {addr} already disabled"));
            continue;
        }
        // Same-address rules that re-enable it would fight the new rule (same host, same
        // priority: Dubbo's order between them is arbitrary), so they go.
        let p_url = d.providers[idx].url.clone();
        while let Some(r) = d.rules.iter().position(|r| {
            targets_exactly(&r.url, &p_url, &view.key)
                && r.url
                    .param("disabled")
                    .is_some_and(|v| !v.trim().eq_ignore_ascii_case("true"))
        }) {
            d.strip_rule_param(
                r,
                "disabled",
                format!("rule re-enables {addr} (disabled=false); replaced by the disable rule"),
            );
        }
        if d.providers[idx].is_ephemeral() {
            let rule = admin_override(&p_url, &view.key, ("disabled", "true"));
            d.create(
                Category::Configurators,
                rule,
                format!("disable {addr}: the override dubbo-admin writes for a dynamic provider"),
            );
        } else {
            // Static registration: rewrite its own node, as dubbo-admin does.
            let mut url = p_url.clone();
            url.set_param("enabled", "false");
            url.sort_params();
            idx = d.rewrite_provider(
                idx,
                url,
                &format!("disable static provider {addr} (enabled=false)"),
            )?;
        }
        let after = d.effective(&d.providers[idx].url);
        if after.enabled {
            return Err(Error::refused(format!(
                "cannot disable {addr}: another rule keeps it enabled"
            ))
            .with_hint(
                "`svcctl show` lists the rules that apply to it; remove the conflicting rule first",
            ));
        }
        changes.push(format!("provider {addr} disabled"));
        changed_addrs.push(addr);
    }
    let after = d.enabled_count();
    let mut plan = d.finish(Action::Disable);
    plan.changes = changes;
    plan.unchanged = unchanged;
    if !changed_addrs.is_empty() {
        plan.undo.push(format!(
            "svcctl enable {} {}",
            shell_quote(&plan.service),
            provider_flags(&changed_addrs)
        ));
    }
    Ok((plan, before, after))
}

/// Re-enables the selected providers. Removes the same-address rules that disable them (and,
/// for static providers, the node's `enabled=false`). Only when a broader rule (for example an
/// `override://0.0.0.0/…?disabled=true`) would still disable a provider does it write a
/// `disabled=false` override for that address, as dubbo-admin 2.6's `enableProvider` does; the
/// broader rule is left in place because it may be meant for other providers.
pub fn enable(tree: &TreeState, view: &ServiceView, targets: &[usize]) -> Result<Plan> {
    let mut d = Draft::new(tree, &view.key);
    let before = d.enabled_count();
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let mut warnings = Vec::new();
    let mut changed_addrs = Vec::new();
    for &t in targets {
        let pv = &view.providers[t];
        let addr = pv.url.address();
        let Some(mut idx) = d.provider_idx(&pv.node_name) else {
            continue;
        };
        if d.effective(&d.providers[idx].url).enabled {
            unchanged.push(format!("provider {addr} already enabled"));
            continue;
        }
        let p_url = d.providers[idx].url.clone();
        while let Some(r) = d.rules.iter().position(|r| {
            targets_exactly(&r.url, &p_url, &view.key)
                && r.url
                    .param("disabled")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        }) {
            d.strip_rule_param(
                r,
                "disabled",
                format!("rule disables {addr} (disabled=true)"),
            );
        }
        if !d.providers[idx].is_ephemeral() && p_url.bool_param("enabled") == Some(false) {
            let mut url = p_url.clone();
            url.remove_param("enabled");
            url.sort_params();
            idx = d.rewrite_provider(
                idx,
                url,
                &format!("enable static provider {addr} (drop enabled=false)"),
            )?;
        }
        let eff = d.effective(&d.providers[idx].url);
        if !eff.enabled {
            let broader = disabling_rules(&eff, &d.rule_urls());
            let why = if broader.is_empty() {
                "its own URL says enabled=false".to_string()
            } else {
                format!("still disabled by {}", broader.join(", "))
            };
            let url = d.providers[idx].url.clone();
            d.create(
                Category::Configurators,
                admin_override(&url, &view.key, ("disabled", "false")),
                format!("enable {addr}: {why}"),
            );
            warnings.push(format!(
                "{addr}: {why}; a disabled=false override for {addr} wins over it (the broader rule is kept)"
            ));
        }
        if !d.effective(&d.providers[idx].url).enabled {
            return Err(Error::refused(format!(
                "cannot enable {addr}: another rule keeps it disabled"
            ))
            .with_hint("`svcctl show` lists the rules that apply to it"));
        }
        changes.push(format!("provider {addr} enabled"));
        changed_addrs.push(addr);
    }
    let mut plan = d.finish(Action::Enable);
    plan.changes = changes;
    plan.unchanged = unchanged;
    plan.warnings = warnings;
    if !changed_addrs.is_empty() {
        // Undoing an enable that brought the service back from zero must pass the rail.
        let force = if before == 0 { " --force" } else { "" };
        plan.undo.push(format!(
            "svcctl disable {} {}{force}",
            shell_quote(&plan.service),
            provider_flags(&changed_addrs)
        ));
    }
    Ok(plan)
}

// ---------------------------------------------------------------------------------------------
// weight
// ---------------------------------------------------------------------------------------------

/// A weight argument: `150`, `x2` (or `*2`), `/2`, `+10`, `-10`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightChange {
    Set(i64),
    Times(f64),
    Divide(f64),
    Add(i64),
}

impl WeightChange {
    pub fn parse(s: &str) -> Result<WeightChange> {
        let s = s.trim();
        let bad = || {
            Error::usage(format!("invalid weight {s:?}"))
                .with_hint("use N (e.g. 200), xN or *N (multiply), /N (divide), +N or -N (relative to the current weight)")
        };
        let factor = |t: &str| -> Result<f64> {
            let f: f64 = t.trim().parse().map_err(|_| bad())?;
            if !f.is_finite() || f <= 0.0 {
                return Err(bad());
            }
            Ok(f)
        };
        let int = |t: &str| -> Result<i64> { t.trim().parse::<i64>().map_err(|_| bad()) };
        Ok(if let Some(t) = s.strip_prefix(['x', 'X', '*']) {
            WeightChange::Times(factor(t)?)
        } else if let Some(t) = s.strip_prefix('/') {
            WeightChange::Divide(factor(t)?)
        } else if let Some(t) = s.strip_prefix('+') {
            WeightChange::Add(int(t)?)
        } else if let Some(t) = s.strip_prefix('-') {
            WeightChange::Add(-int(t)?)
        } else {
            WeightChange::Set(int(s)?)
        })
    }

    /// The new weight from the current effective one. Fractions are truncated, as dubbo-admin's
    /// "double"/"halve" do. Results below 1 are refused rather than clamped: Dubbo's random
    /// balancer treats an all-zero weight set as uniform, so weight 0 does not reliably drain a
    /// provider; `svcctl disable` does.
    pub fn apply(self, current: i32) -> Result<i32> {
        let cur = current as i64;
        let new = match self {
            WeightChange::Set(n) => n,
            WeightChange::Add(n) => cur.saturating_add(n),
            WeightChange::Times(f) => (cur as f64 * f) as i64,
            WeightChange::Divide(f) => (cur as f64 / f) as i64,
        };
        if new < 1 {
            return Err(Error::usage(format!(
                "weight {new} (from current {current}) is below 1"
            ))
            .with_hint("weights must be at least 1; to stop traffic to a provider use `svcctl disable`"));
        }
        i32::try_from(new).map_err(|_| {
            Error::usage(format!(
                "weight {new} is too large (Dubbo weights are 32-bit)"
            ))
        })
    }
}

/// Reweights the selected providers with a per-address override (`weight=N`), as dubbo-admin
/// does. Setting a provider back to its own registered weight removes the override instead.
pub fn weight(
    tree: &TreeState,
    view: &ServiceView,
    targets: &[usize],
    change: WeightChange,
) -> Result<Plan> {
    let mut d = Draft::new(tree, &view.key);
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let mut undo: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for &t in targets {
        let pv = &view.providers[t];
        let addr = pv.url.address();
        let Some(idx) = d.provider_idx(&pv.node_name) else {
            continue;
        };
        let p_url = d.providers[idx].url.clone();
        let current = d.effective(&p_url).weight;
        let new = change.apply(current)?;
        if new == current {
            unchanged.push(format!("provider {addr} weight already {new}"));
            continue;
        }
        while let Some(r) = d.rules.iter().position(|r| {
            targets_exactly(&r.url, &p_url, &view.key) && r.url.param("weight").is_some()
        }) {
            d.strip_rule_param(
                r,
                "weight",
                format!("rule sets the weight of {addr}; replaced"),
            );
        }
        let registered = p_url.weight().unwrap_or(super::url::DEFAULT_WEIGHT);
        if d.effective(&p_url).weight != new {
            d.create(
                Category::Configurators,
                admin_override(&p_url, &view.key, ("weight", &new.to_string())),
                format!("weight of {addr}: {current} -> {new}"),
            );
        }
        if d.effective(&p_url).weight != new {
            return Err(Error::refused(format!(
                "cannot set the weight of {addr} to {new}: another rule overrides it"
            ))
            .with_hint("`svcctl show` lists the rules that apply to it"));
        }
        let note = if new == registered {
            " (its registered weight)"
        } else {
            ""
        };
        changes.push(format!("provider {addr} weight {current} -> {new}{note}"));
        undo.entry(current).or_default().push(addr);
    }
    let mut plan = d.finish(Action::Weight);
    plan.changes = changes;
    plan.unchanged = unchanged;
    plan.undo = undo
        .into_iter()
        .map(|(w, addrs)| {
            format!(
                "svcctl weight {} {w} {}",
                shell_quote(&plan.service),
                provider_flags(&addrs)
            )
        })
        .collect();
    Ok(plan)
}

// ---------------------------------------------------------------------------------------------
// register --static / unregister / static / dynamic
// ---------------------------------------------------------------------------------------------

/// Parameters that are about a process, not a service: not copied from a template provider.
const PROCESS_KEYS: &[&str] = &["pid", "anyhost", "enabled", "bind.ip", "bind.port"];

/// Applies `--param k=v` (set) and `--param k=` (remove).
pub fn apply_params(url: &mut DubboUrl, params: &[String]) -> Result<()> {
    for p in params {
        let (k, v) = p.split_once('=').ok_or_else(|| {
            Error::usage(format!("invalid --param {p:?}: expected KEY=VALUE"))
                .with_hint("e.g. --param weight=50; --param KEY= removes a key")
        })?;
        let k = k.trim();
        if k.is_empty() || k.contains(['&', '?', '/', ' ']) || v.contains('&') {
            return Err(Error::usage(format!(
                "invalid --param {p:?}: keys cannot be empty or contain &, ?, /, space; values cannot contain &"
            )));
        }
        if k == "dynamic" {
            return Err(Error::usage(
                "--param dynamic is not allowed: static registrations are always dynamic=false",
            ));
        }
        if v.is_empty() {
            url.remove_param(k);
        } else {
            url.set_param(k, v.trim());
        }
    }
    Ok(())
}

/// Checks a provider URL given by the user and makes it a static registration (`dynamic=false`,
/// `interface` set, parameters sorted).
pub fn static_provider_url(mut url: DubboUrl) -> Result<DubboUrl> {
    let text = url.to_full_string();
    let bad = |why: &str| {
        Error::usage(format!("cannot register {text}: {why}"))
            .with_hint("give a provider URL like dubbo://10.0.0.5:20880/com.example.DemoService?application=demo&methods=a,b")
    };
    if [
        "override",
        "route",
        "condition",
        "consumer",
        "empty",
        "absent",
    ]
    .contains(&url.protocol.as_str())
    {
        return Err(bad(&format!(
            "{}:// is not a provider protocol",
            url.protocol
        )));
    }
    if url.protocol.is_empty()
        || !url
            .protocol
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-+.".contains(c))
    {
        return Err(bad("invalid protocol"));
    }
    if url.port == 0 {
        return Err(bad("the address needs a port"));
    }
    if url.host == "0.0.0.0" || url.host.contains(['/', '?', '&', '=', ' ']) {
        return Err(bad("the host must be the provider's reachable address"));
    }
    if url.interface().is_empty() {
        return Err(bad("no interface (URL path or interface= parameter)"));
    }
    if url.category().is_some_and(|c| c != "providers") {
        return Err(bad("category must be providers"));
    }
    if url.params.iter().any(|(k, _)| k.is_empty()) {
        return Err(bad("empty parameter name"));
    }
    if url.path.is_empty() {
        url.path = url.interface().to_string();
    }
    if url.param("interface").is_none() {
        let i = url.path.clone();
        url.set_param("interface", &i);
    }
    url.set_param("dynamic", "false");
    url.sort_params();
    Ok(url)
}

/// A static provider URL for `key` at `address`, copied from a registered provider of the same
/// service key (a live one, the most recently started): methods, application, versions and settings
/// carry over; process-specific keys (pid, anyhost, enabled) are dropped and `timestamp` is now.
/// Without a provider to copy from, a minimal URL is built and a warning says what is missing.
pub fn template_static_url(
    view: Option<&ServiceView>,
    key: &ServiceKey,
    host: &str,
    port: u16,
    params: &[String],
    now_ms: i64,
) -> Result<(DubboUrl, Vec<String>)> {
    let mut warnings = Vec::new();
    let template = view.and_then(|v| {
        // A live provider describes the service best (a static one may itself be a copy);
        // among those, the most recently started.
        v.providers.iter().max_by_key(|p| {
            (
                p.registration == Registration::Dynamic,
                p.url.protocol == "dubbo",
                p.url.timestamp_ms().unwrap_or(0),
            )
        })
    });
    let mut url = match template {
        Some(p) => {
            let mut u = DubboUrl::clone(&p.url);
            for k in PROCESS_KEYS {
                u.remove_param(k);
            }
            u.username = None;
            u.password = None;
            u
        }
        None => {
            warnings.push(format!(
                "no registered provider of {key} to copy from: the registration has no methods or application; add them with --param methods=a,b --param application=NAME"
            ));
            let mut params = vec![("side".to_string(), "provider".to_string())];
            if let Some(g) = &key.group {
                params.push(("group".into(), g.clone()));
            }
            if let Some(v) = &key.version {
                params.push(("version".into(), v.clone()));
            }
            DubboUrl::new("dubbo", host, port, &key.interface, params)
        }
    };
    url.host = host.to_string();
    url.port = port;
    url.set_param("interface", &key.interface);
    url.set_param("timestamp", &now_ms.to_string());
    apply_params(&mut url, params)?;
    let url = static_provider_url(url)?;
    if url.service_key() != *key {
        return Err(Error::usage(format!(
            "--param changes the service key to {}, not {key}",
            url.service_key()
        )));
    }
    Ok((url, warnings))
}

/// Creates a persistent provider node for `url` (already made static by
/// [`static_provider_url`]).
pub fn register_static(tree: &TreeState, url: DubboUrl) -> Result<Plan> {
    let key = ServiceKey::new(&tree.iface.interface(), url.group(), url.version());
    let mut d = Draft::new(tree, &key);
    let addr = url.address();
    let name = url.to_node_name();
    let at_address: Vec<&Entry> = d
        .providers
        .iter()
        .filter(|p| p.url.host == url.host && p.url.port == url.port)
        .collect();
    let mut plan_unchanged = Vec::new();
    if at_address
        .iter()
        .any(|p| !p.is_ephemeral() && same_registration(&p.url, &url))
    {
        plan_unchanged.push(format!("provider {addr} already registered statically"));
    } else if let Some(existing) = at_address.first() {
        let (what, hint) = if existing.is_ephemeral() {
            (
                format!(
                    "{addr} is already registered by a live provider (session 0x{:x})",
                    existing.owner()
                ),
                format!(
                    "a second registration would give it a double share of traffic; `svcctl static {key} --provider {addr}` pins the live one"
                ),
            )
        } else {
            (
                format!("{addr} already has a static registration: {}", existing.url),
                format!("`svcctl unregister {key} --address {addr}` removes it first"),
            )
        };
        return Err(Error::refused(what).with_hint(hint));
    } else {
        d.refuse_name_clash(&name)?;
        d.create(
            Category::Providers,
            url.clone(),
            format!("static registration of {addr} (persistent, dynamic=false)"),
        );
    }
    let mut plan = d.finish(Action::Register);
    if plan_unchanged.is_empty() {
        plan.changes
            .push(format!("provider {addr} registered statically"));
        plan.undo.push(format!(
            "svcctl unregister {} --address {}",
            shell_quote(&plan.service),
            shell_quote(&addr)
        ));
    }
    plan.unchanged = plan_unchanged;
    Ok(plan)
}

/// Two provider URLs that differ at most in their start time are the same registration (a
/// templated registration gets a fresh `timestamp` on every run; re-running must be a no-op).
fn same_registration(a: &DubboUrl, b: &DubboUrl) -> bool {
    let norm = |u: &DubboUrl| {
        let mut u = u.clone();
        u.remove_param("timestamp");
        u.sort_params();
        u.to_full_string()
    };
    norm(a) == norm(b)
}

/// Deletes the static (persistent) registrations of `view` at `host:port`. Ephemeral nodes belong
/// to a live provider's session and are refused (Dubbo issue 7124: deleting or re-creating them
/// leaves zombies or loses the provider).
/// What `unregister URL` removes: the static registrations of the URL's service key at its
/// address. The URL is checked as `register --static URL` checks it, so any URL that register
/// took is accepted here; its other parameters need not match the node (register adds some).
pub fn unregister_url_target(text: &str) -> Result<(ServiceKey, String, u16)> {
    let url = DubboUrl::parse(text)
        .map_err(|e| Error::usage(format!("invalid provider URL {text:?}: {e}")))?;
    let url = static_provider_url(url)?;
    if url.port == 0 {
        return Err(Error::usage(format!(
            "the provider URL {text:?} has no port: a registration is HOST:PORT"
        )));
    }
    Ok((url.service_key(), url.host.clone(), url.port))
}

/// The service key exactly as given (no group or version means none, not any).
pub fn view_of_key(tree: &TreeState, key: &ServiceKey) -> Result<ServiceView> {
    let views = tree.views();
    if let Some(v) = views.iter().find(|v| &v.key == key) {
        return Ok(v.clone());
    }
    let keys: Vec<String> = views
        .iter()
        .filter(|v| !v.providers.is_empty())
        .map(|v| v.key.to_string())
        .collect();
    let err = Error::not_found(format!("{key} has no providers registered"));
    Err(if keys.is_empty() {
        err
    } else {
        err.with_hint(format!(
            "registered under: {} (the URL's group= and version= name the key)",
            keys.join(", ")
        ))
    })
}

pub fn unregister(
    tree: &TreeState,
    view: &ServiceView,
    host: &str,
    port: u16,
    force: bool,
) -> Result<Plan> {
    let mut d = Draft::new(tree, &view.key);
    let before = d.enabled_count();
    let addr = DubboUrl::new("dubbo", host, port, "", vec![]).address();
    let at: Vec<usize> = (0..d.providers.len())
        .filter(|&i| d.providers[i].url.host == host && d.providers[i].url.port == port)
        .collect();
    if at.is_empty() {
        return Err(
            Error::not_found(format!("{addr} is not a provider of {}", view.key))
                .with_hint(format!("registered providers: {}", addresses(view))),
        );
    }
    let statics: Vec<Entry> = at
        .iter()
        .map(|&i| d.providers[i].clone())
        .filter(|e| !e.is_ephemeral())
        .collect();
    if statics.is_empty() {
        let owner = d.providers[at[0]].owner();
        return Err(Error::refused(format!(
            "{addr} is registered by a live provider (ephemeral node owned by session 0x{owner:x}); svcctl only removes static registrations"
        ))
        .with_hint(format!(
            "deleting another session's ephemeral node confuses Dubbo (issue 7124); to stop its traffic use `svcctl disable {} --provider {addr}`",
            view.key
        )));
    }
    let mut undo = Vec::new();
    for e in &statics {
        if let Some(i) = d.provider_idx(&e.name) {
            d.delete(
                Category::Providers,
                i,
                format!("remove the static registration of {addr}"),
            );
            undo.push(format!(
                "svcctl register --static {}",
                shell_quote(&e.url.to_full_string())
            ));
        }
    }
    let live = at.len() > statics.len();
    let after = d.enabled_count();
    let mut plan = d.finish(Action::Unregister);
    plan.changes.push(format!(
        "provider {addr} unregistered (static registration removed)"
    ));
    if live {
        plan.warnings.push(format!(
            "{addr} also has a live (ephemeral) registration, which stays"
        ));
    }
    plan.undo = undo;
    last_provider_rail(&mut plan, before, after, force, "unregister")?;
    Ok(plan)
}

fn single_address(view: &ServiceView, targets: &[usize], flag: &str) -> Result<(String, u16)> {
    let mut addrs: Vec<(String, u16)> = targets
        .iter()
        .map(|&i| {
            (
                view.providers[i].url.host.clone(),
                view.providers[i].url.port,
            )
        })
        .collect();
    addrs.dedup();
    match addrs.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(Error::usage(format!(
            "{flag} must name exactly one provider address; it matches {}",
            addrs
                .iter()
                .map(|(h, p)| format!("{h}:{p}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_hint(format!("use {flag} HOST:PORT"))),
    }
}

/// Pins a live provider: a persistent copy of its current URL with `dynamic=false`, so it stays
/// registered when its session ends. The live ephemeral node is only *checked* (so the pin is of
/// what was read), never written.
///
/// The pinned node's name differs from the live one because the `dynamic` parameter differs
/// (absent/true vs false), exactly as Java would name the two. If the live URL already says
/// `dynamic=false` the names would be identical; ZooKeeper cannot hold both, so that is refused
/// rather than replacing the live node.
pub fn pin(tree: &TreeState, view: &ServiceView, targets: &[usize]) -> Result<Plan> {
    let (host, port) = single_address(view, targets, "--provider")?;
    let mut d = Draft::new(tree, &view.key);
    let addr = view.providers[targets[0]].url.address();
    let at: Vec<usize> = (0..d.providers.len())
        .filter(|&i| d.providers[i].url.host == host && d.providers[i].url.port == port)
        .collect();
    let live: Vec<usize> = at
        .iter()
        .copied()
        .filter(|&i| d.providers[i].is_ephemeral())
        .collect();
    if at.iter().any(|&i| !d.providers[i].is_ephemeral()) {
        let mut plan = d.finish(Action::Static);
        plan.unchanged
            .push(format!("provider {addr} already static"));
        return Ok(plan);
    }
    let &[li] = live.as_slice() else {
        return Err(Error::refused(format!(
            "{addr} has {} live registrations of {}; pin them one by one with the exact node",
            live.len(),
            view.key
        )));
    };
    let live_entry = d.providers[li].clone();
    let mut url = live_entry.url.clone();
    url.set_param("dynamic", "false");
    url.sort_params();
    let name = url.to_node_name();
    if name == live_entry.name {
        return Err(Error::refused(format!(
            "{addr}'s live URL already says dynamic=false, so its pinned copy would have the same node name, owned by session 0x{:x}",
            live_entry.owner()
        ))
        .with_hint("svcctl never replaces or takes over another session's ephemeral node (Dubbo issue 7124)"));
    }
    d.refuse_name_clash(&name)?;
    d.check(
        Category::Providers,
        li,
        format!(
            "live registration of {addr} (session 0x{:x}) is read, never written",
            live_entry.owner()
        ),
    );
    d.create(
        Category::Providers,
        url,
        format!("pin {addr}: persistent copy of its live URL with dynamic=false"),
    );
    let mut plan = d.finish(Action::Static);
    plan.changes
        .push(format!("provider {addr} pinned (static)"));
    plan.warnings.push(format!(
        "while the live registration exists, consumers see two URLs for {addr} and may give it up to twice its share of calls"
    ));
    plan.undo.push(format!(
        "svcctl dynamic {} --provider {}",
        shell_quote(&plan.service),
        shell_quote(&addr)
    ));
    Ok(plan)
}

/// Removes the static registration(s) at one address, leaving the provider's own ephemeral
/// registration. Without a live registration that would unregister the provider entirely, so it
/// is refused unless `force`.
pub fn unpin(tree: &TreeState, view: &ServiceView, targets: &[usize], force: bool) -> Result<Plan> {
    let (host, port) = single_address(view, targets, "--provider")?;
    let mut d = Draft::new(tree, &view.key);
    let before = d.enabled_count();
    let addr = view.providers[targets[0]].url.address();
    let at: Vec<Entry> = d
        .providers
        .iter()
        .filter(|p| p.url.host == host && p.url.port == port)
        .cloned()
        .collect();
    let statics: Vec<&Entry> = at.iter().filter(|e| !e.is_ephemeral()).collect();
    let live = at.iter().any(|e| e.is_ephemeral());
    if statics.is_empty() {
        let mut plan = d.finish(Action::Dynamic);
        plan.unchanged
            .push(format!("provider {addr} already dynamic (not pinned)"));
        return Ok(plan);
    }
    if !live && !force {
        return Err(Error::refused(format!(
            "{addr} has no live registration: removing its static registration would unregister it"
        ))
        .with_hint(format!(
            "use `svcctl unregister {} --address {addr}` for that, or pass --force",
            view.key
        )));
    }
    let mut undo = Vec::new();
    for e in &statics {
        if let Some(i) = d.provider_idx(&e.name) {
            d.delete(
                Category::Providers,
                i,
                format!("remove the pin of {addr}; its live registration stays"),
            );
            undo.push(if live {
                format!(
                    "svcctl static {} --provider {}",
                    shell_quote(&view.key.to_string()),
                    shell_quote(&addr)
                )
            } else {
                format!(
                    "svcctl register --static {}",
                    shell_quote(&e.url.to_full_string())
                )
            });
        }
    }
    undo.dedup();
    let after = d.enabled_count();
    let mut plan = d.finish(Action::Dynamic);
    plan.changes
        .push(format!("provider {addr} dynamic again (pin removed)"));
    plan.undo = undo;
    last_provider_rail(&mut plan, before, after, force, "unregister")?;
    Ok(plan)
}

pub mod config_center;

#[cfg(test)]
mod tests;
