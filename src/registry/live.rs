//! A live view of the registry: the tree in scope read once, then kept current from one
//! persistent recursive watch, emitting typed changes. It survives ZooKeeper outages: after a
//! reconnect (events in between may be lost, ZOOKEEPER-4698) or a lost session (a new one is
//! opened with backoff) it re-reads and diffs, so a consumer never misses a change.
//!
//! [`LiveState`] is the pure part (the in-memory tree and the diffing), [`LiveRegistry`] the I/O
//! around it. `ls -w`, `show -w` and `top` consume the same events.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use tokio::time::Instant;

use super::config_center::ConfigCenterIndex;
use super::diff::{diff, Change};
use super::instance::{AppEntry, AppIndex};
use super::model::{
    churn_fit, churn_reserve_one, churn_settle, services_of, Category, InterfaceNode, Node,
    NodeStat, Problem, ServiceView,
};
use super::scope::Scope;
use super::url::form_encode;
use super::zk::{Registry, RegistryEvent, RegistryWatch};
use crate::error::{Error, Result};

/// Where the ZooKeeper session stands, as a live view sees it. `since_ms` is the wall clock
/// (ms since the Unix epoch) when that state began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    Connected,
    /// The connection dropped; the client is trying to get the same session back.
    Disconnected {
        since_ms: i64,
    },
    /// The session is gone (expired or closed); opening a new one. `why` is the reason it was
    /// lost, then the error of the last failed attempt.
    Reconnecting {
        since_ms: i64,
        why: String,
    },
    /// Connected again; re-reading the tree to catch what was missed.
    Resyncing {
        since_ms: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// Changes to services in scope, in order, with config-center rules applied.
    Changes(Vec<Change>),
    /// The session state moved (disconnect seen, reconnect attempts after expiry, resync
    /// start/end).
    Session(SessionState),
    /// A full re-read finished after a reconnect or a new session; `changes` = how many changes
    /// it found (delivered in the `Changes` event just before), `new_session` true after expiry.
    Resynced { changes: usize, new_session: bool },
}

/// A node appearing in or leaving one category directory of an interface.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeChange {
    Created(Node),
    Deleted(String),
}

/// The tree in scope and the config center, in memory. Pure: every method is a computation on
/// what was read, so the whole update logic is testable without a server.
#[derive(Debug, Clone)]
pub struct LiveState {
    root: String,
    scope: Scope,
    interfaces: BTreeMap<String, InterfaceNode>,
    config: ConfigCenterIndex,
    config_problems: Vec<Problem>,
    node_problems: BTreeMap<String, Vec<Problem>>,
    /// Application instances and their metadata: the source of every interface's
    /// `instances`, kept whole so one application's change can be applied alone.
    apps: AppIndex,
    /// `config_problems`, then `node_problems`, then the applications' problems, flattened for
    /// [`LiveState::problems`].
    problems: Vec<Problem>,
}

impl LiveState {
    pub fn new(
        root: &str,
        scope: Scope,
        interfaces: Vec<InterfaceNode>,
        config: ConfigCenterIndex,
        config_problems: Vec<Problem>,
    ) -> LiveState {
        let mut s = LiveState {
            root: root.to_string(),
            scope,
            interfaces: BTreeMap::new(),
            config,
            config_problems,
            node_problems: BTreeMap::new(),
            apps: AppIndex::default(),
            problems: Vec::new(),
        };
        s.replace_tree(interfaces);
        s
    }

    /// The application index the interfaces' `instances` were made from (a fresh read gives
    /// both), so later application changes can be applied on it.
    pub fn with_apps(mut self, apps: AppIndex) -> LiveState {
        self.apps = apps;
        self.flatten_problems();
        self
    }

    /// What was last read of one application.
    pub fn app(&self, app: &str) -> Option<&AppEntry> {
        self.apps.apps.get(app)
    }

    /// One application read again: its providers replace the old ones in every interface it
    /// provided or provides now. Returns what that changed in scope.
    pub fn set_app(&mut self, app: &str, entry: AppEntry) -> Vec<Change> {
        let mut touched = AppIndex::interfaces_of(&entry);
        if let Some(old) = self.apps.apps.get(app) {
            touched.extend(AppIndex::interfaces_of(old));
        }
        touched.sort();
        touched.dedup();
        if entry == AppEntry::default() {
            self.apps.apps.remove(app);
        } else {
            self.apps.apps.insert(app.to_string(), entry);
        }
        let mut by_iface = self.apps.providers_by_interface();
        let mut out = Vec::new();
        for name in touched {
            if !self.scope.interface_in_scope(&name) {
                continue;
            }
            let mut iface = self
                .interfaces
                .remove(&name)
                .unwrap_or_else(|| InterfaceNode {
                    name: name.clone(),
                    ..Default::default()
                });
            let before = self.views_of(&iface, &self.config, &mut Vec::new());
            iface.instances = by_iface.remove(&name).unwrap_or_default();
            let after = self.views_of(&iface, &self.config, &mut Vec::new());
            out.extend(diff(&before, &after));
            self.interfaces.insert(name, iface);
        }
        self.flatten_problems();
        out
    }

    /// What could not be followed of an interface's service-name mappings, as last read.
    pub fn set_mapping_problems(&mut self, interface: &str, problems: Vec<Problem>) {
        if !self.scope.interface_in_scope(interface) {
            return;
        }
        let iface = self
            .interfaces
            .entry(interface.to_string())
            .or_insert_with(|| InterfaceNode {
                name: interface.to_string(),
                ..Default::default()
            });
        if iface.app_problems == problems {
            return;
        }
        iface.app_problems = problems;
        let mut all = Vec::new();
        services_of(iface, &self.root, &mut all);
        self.set_node_problems(interface, all);
    }

    pub fn root(&self) -> &str {
        &self.root
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Nodes that could not be parsed and config-center documents that did not, as last read.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Every service view in scope, config-center rules applied, sorted by key.
    pub fn views(&self) -> Vec<ServiceView> {
        let mut out: Vec<ServiceView> = self
            .interfaces
            .values()
            .flat_map(|i| self.views_of(i, &self.config, &mut Vec::new()))
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }

    /// [`LiveState::views`] one interface at a time, unsorted across interfaces: for a consumer
    /// that files them away (at 100,000 providers a list of all of them at once is ~100 MB).
    pub fn views_iter(&self) -> impl Iterator<Item = ServiceView> + '_ {
        self.interfaces
            .values()
            .flat_map(|i| self.views_of(i, &self.config, &mut Vec::new()))
    }

    /// Everything in scope as ADDED changes, the start of a `-o jsonl` stream: the same as
    /// `diff(&[], &self.views())`, made one service at a time so the tree never exists as
    /// views and changes all at once (at 100,000 providers that was most of `ls -w`'s memory,
    /// which the allocator then kept for the rest of the watch).
    pub fn replay(&self) -> impl Iterator<Item = Change> + '_ {
        self.views_iter()
            .flat_map(|v| diff(&[], std::slice::from_ref(&v)))
    }

    fn views_of(
        &self,
        iface: &InterfaceNode,
        config: &ConfigCenterIndex,
        problems: &mut Vec<Problem>,
    ) -> Vec<ServiceView> {
        services_of(iface, &self.root, problems)
            .into_iter()
            .map(|mut v| {
                v.apply_config_center(&config.layers(&self.root, &v.key, &v.applications()));
                v
            })
            .filter(|v| self.scope.service_in_scope(v))
            .collect()
    }

    /// Interfaces in scope with provider nodes read without their stat: what a first read
    /// without stats left for [`LiveState::fill_stats`].
    pub fn unstated(&self) -> Vec<String> {
        self.interfaces
            .values()
            .filter(|i| {
                i.nodes(Category::Providers)
                    .iter()
                    .any(|n| n.stat.is_none())
            })
            .map(|i| i.name.clone())
            .collect()
    }

    /// The provider nodes of `interface` that have no stat yet.
    pub fn unstated_in(&self, interface: &str) -> Vec<String> {
        self.interfaces.get(interface).map_or_else(Vec::new, |i| {
            i.nodes(Category::Providers)
                .iter()
                .filter(|n| n.stat.is_none())
                .map(|n| n.name.clone())
                .collect()
        })
    }

    /// Stats read for provider nodes of `interface` that had none. A node that has one by now
    /// (it was created again, and its event read it) or is gone keeps what it has. Returns the
    /// changes: providers whose registration is now known, `registration` their one field.
    pub fn fill_stats(&mut self, interface: &str, stats: Vec<(String, NodeStat)>) -> Vec<Change> {
        let Some(mut iface) = self.interfaces.remove(interface) else {
            return Vec::new();
        };
        let before = self.views_of(&iface, &self.config, &mut Vec::new());
        let mut touched = false;
        if let Some(list) = iface.nodes.get_mut(&Category::Providers) {
            for (name, stat) in stats {
                if let Some(n) = list.iter_mut().find(|n| n.name == name && n.stat.is_none()) {
                    n.stat = Some(stat);
                    touched = true;
                }
            }
        }
        let changes = if touched {
            let after = self.views_of(&iface, &self.config, &mut Vec::new());
            diff(&before, &after)
        } else {
            Vec::new()
        };
        self.interfaces.insert(interface.to_string(), iface);
        changes
    }

    /// Whether a node is known, so a caller can skip work (a stat) for a duplicate create.
    pub fn contains(&self, interface: &str, category: Category, node: &str) -> bool {
        self.interfaces
            .get(interface)
            .is_some_and(|i| i.nodes(category).iter().any(|n| n.name == node))
    }

    /// Applies one node event and returns what it changed in scope. A node outside the scope,
    /// a create of a known node or a delete of an unknown one changes nothing.
    pub fn apply(
        &mut self,
        interface: &str,
        category: Category,
        change: NodeChange,
    ) -> Vec<Change> {
        if !self.scope.interface_in_scope(interface) {
            return Vec::new();
        }
        let mut iface = self
            .interfaces
            .remove(interface)
            .unwrap_or_else(|| InterfaceNode {
                name: interface.to_string(),
                ..Default::default()
            });
        let before = self.views_of(&iface, &self.config, &mut Vec::new());
        let list = iface.nodes.entry(category).or_default();
        let touched = match change {
            NodeChange::Created(node) => {
                let new = !list.iter().any(|n| n.name == node.name);
                if new {
                    // Not by doubling: 10,000 interfaces each with a list of ten that gained
                    // one node would otherwise hold room for twenty.
                    churn_reserve_one(list);
                    list.push(node);
                }
                new
            }
            NodeChange::Deleted(name) => {
                let len = list.len();
                list.retain(|n| n.name != name);
                churn_settle(list);
                list.len() != len
            }
        };
        if !touched {
            self.interfaces.insert(interface.to_string(), iface);
            return Vec::new();
        }
        let mut problems = Vec::new();
        let after = self.views_of(&iface, &self.config, &mut problems);
        self.set_node_problems(interface, problems);
        self.interfaces.insert(interface.to_string(), iface);
        diff(&before, &after)
    }

    /// A new config center (a rule document changed): what it changed in scope.
    pub fn set_config(
        &mut self,
        config: ConfigCenterIndex,
        config_problems: Vec<Problem>,
    ) -> Vec<Change> {
        let mut out = Vec::new();
        for iface in self.interfaces.values() {
            let old = self.views_of(iface, &self.config, &mut Vec::new());
            let new = self.views_of(iface, &config, &mut Vec::new());
            out.extend(diff(&old, &new));
        }
        self.config = config;
        self.config_problems = config_problems;
        self.flatten_problems();
        out
    }

    /// A fresh read (after a reconnect): replaces everything and returns the difference.
    pub fn replace(
        &mut self,
        interfaces: Vec<InterfaceNode>,
        apps: AppIndex,
        config: ConfigCenterIndex,
        config_problems: Vec<Problem>,
    ) -> Vec<Change> {
        let mut fresh = LiveState::new(
            &self.root,
            self.scope.clone(),
            interfaces,
            config,
            config_problems,
        )
        .with_apps(apps);
        let mut names: Vec<&String> = self
            .interfaces
            .keys()
            .chain(fresh.interfaces.keys())
            .collect();
        names.sort();
        names.dedup();
        let empty = InterfaceNode::default();
        let mut out = Vec::new();
        for name in names {
            let old = self.views_of(
                self.interfaces.get(name).unwrap_or(&empty),
                &self.config,
                &mut Vec::new(),
            );
            let new = fresh.views_of(
                fresh.interfaces.get(name).unwrap_or(&empty),
                &fresh.config,
                &mut Vec::new(),
            );
            out.extend(diff(&old, &new));
        }
        std::mem::swap(self, &mut fresh);
        out
    }

    fn replace_tree(&mut self, interfaces: Vec<InterfaceNode>) {
        self.interfaces.clear();
        self.node_problems.clear();
        for mut iface in interfaces {
            if !self.scope.interface_in_scope(&iface.name) {
                continue;
            }
            for list in iface.nodes.values_mut() {
                churn_fit(list);
            }
            let mut problems = Vec::new();
            services_of(&iface, &self.root, &mut problems);
            if !problems.is_empty() {
                self.node_problems.insert(iface.name.clone(), problems);
            }
            self.interfaces.insert(iface.name.clone(), iface);
        }
        self.flatten_problems();
    }

    fn set_node_problems(&mut self, interface: &str, problems: Vec<Problem>) {
        let old = self
            .node_problems
            .get(interface)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if old == problems.as_slice() {
            return;
        }
        if problems.is_empty() {
            self.node_problems.remove(interface);
        } else {
            self.node_problems.insert(interface.to_string(), problems);
        }
        self.flatten_problems();
    }

    fn flatten_problems(&mut self) {
        self.problems = self
            .config_problems
            .iter()
            .chain(self.node_problems.values().flatten())
            .cloned()
            .chain(self.apps.problems())
            .collect();
    }
}

/// What the I/O loop does next.
#[derive(Debug)]
enum Phase {
    Watching,
    /// The session is gone: try a new one at `at`, then wait `delay` more after a failure.
    Reconnecting {
        at: Instant,
        delay: Duration,
    },
    /// Connected again: re-arm the watch (when `rewatch`) and re-read everything.
    Resync {
        new_session: bool,
        rewatch: bool,
    },
}

const FIRST_RETRY: Duration = Duration::from_millis(500);
const MAX_RETRY: Duration = Duration::from_secs(5);

/// The registry tree in scope, kept current. See the module docs.
pub struct LiveRegistry {
    registry: Registry,
    watch: RegistryWatch,
    apps_watch: RegistryWatch,
    stats: bool,
    /// Interfaces whose provider nodes were first read without their stat
    /// ([`LiveRegistry::start_stats_later`]): read between watch events, which go first.
    unstated: VecDeque<String>,
    state: LiveState,
    session: SessionState,
    phase: Phase,
    pending: VecDeque<LiveEvent>,
    /// A watch event taken off the watch whose handling awaited (a stat, a config read) and may
    /// have been cancelled: handled again first, so dropping `next()` never loses a change.
    inflight: Option<RegistryEvent>,
}

impl LiveRegistry {
    /// Arms the persistent recursive watch before the first read (so nothing between read and
    /// watch is lost), reads the tree in scope (with provider stats when `stats`: static/dynamic
    /// needs the ephemeral owner) and the config center.
    pub async fn start(registry: Registry, scope: Scope, stats: bool) -> Result<LiveRegistry> {
        Self::start_with_progress(registry, scope, stats, |_, _| {}).await
    }

    /// [`LiveRegistry::start`], calling `progress(done, total)` as interfaces are read.
    pub async fn start_with_progress(
        registry: Registry,
        scope: Scope,
        stats: bool,
        progress: impl FnMut(usize, usize),
    ) -> Result<LiveRegistry> {
        // The whole root: config-center rules live outside the services' nodes.
        let watch = registry.watch(registry.root()).await?;
        let apps_watch = registry.watch_apps().await?;
        let (interfaces, apps, config, config_problems) =
            read_all(&registry, &scope, stats, progress).await?;
        let state = LiveState::new(registry.root(), scope, interfaces, config, config_problems)
            .with_apps(apps);
        Ok(LiveRegistry {
            registry,
            watch,
            apps_watch,
            stats,
            unstated: VecDeque::new(),
            state,
            session: SessionState::Connected,
            phase: Phase::Watching,
            pending: VecDeque::new(),
            inflight: None,
        })
    }

    /// [`LiveRegistry::start`] with stats, but the first read without them: one stat request
    /// per provider tripled the time to a first view (6.3 s against 1.6 s at 50,000 providers).
    /// Providers are `Registration::Unknown` until their stat is read; [`LiveRegistry::next`]
    /// reads them between watch events and reports each as a MODIFIED change of its
    /// `registration` alone. New nodes are read with their stat, and a resync reads all of them.
    pub async fn start_stats_later(registry: Registry, scope: Scope) -> Result<LiveRegistry> {
        let mut live = Self::start_with_progress(registry, scope, false, |_, _| {}).await?;
        live.stats = true;
        live.unstated = live.state.unstated().into();
        Ok(live)
    }

    /// Every service view in scope right now (config-center rules applied), sorted by key.
    pub fn views(&self) -> Vec<ServiceView> {
        self.state.views()
    }

    /// Unparsable nodes in scope and unparsable config-center documents, as last read.
    pub fn problems(&self) -> &[Problem] {
        self.state.problems()
    }

    /// The current session's registry (a new one after a lost session), for reads and writes.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn session(&self) -> &SessionState {
        &self.session
    }

    pub fn state(&self) -> &LiveState {
        &self.state
    }

    /// The next event. Dropping the future at any await is safe: nothing read is lost and the
    /// next call carries on. After a lost session it reconnects with backoff (announcing each
    /// attempt), re-reads and diffs. Errors only for problems a retry cannot fix (access
    /// refused, a request failing on a healthy connection).
    pub async fn next(&mut self) -> Result<LiveEvent> {
        loop {
            if let Some(ev) = self.pending.pop_front() {
                return Ok(ev);
            }
            match self.phase {
                Phase::Watching => {
                    let ev = match self.inflight.take() {
                        Some(ev) => ev,
                        None if !self.unstated.is_empty() => {
                            // A registry event that is ready goes first. Otherwise one batch of
                            // stats is read to the end: raced against the watch, a batch would
                            // be cut short, and sent again, by every event of a busy registry.
                            // (Dropped mid-batch, nothing was applied: it is read again.)
                            let ready = futures::FutureExt::now_or_never(async {
                                tokio::select! {
                                    ev = self.watch.next() => ev,
                                    ev = self.apps_watch.next() => ev,
                                }
                            });
                            if let Some(ev) = ready {
                                ev
                            } else {
                                let batch: Vec<(String, Vec<String>)> = self
                                    .unstated
                                    .iter()
                                    .take(STAT_BATCH)
                                    .map(|i| (i.clone(), self.state.unstated_in(i)))
                                    .collect();
                                match read_stats(&self.registry, self.state.root(), batch).await {
                                    Ok(read) => self.apply_stats(read),
                                    Err(e) => {
                                        // The resync after the outage reads every stat; asking
                                        // again until then would only spin.
                                        self.unstated.clear();
                                        self.after_failure(e)?;
                                    }
                                }
                                continue;
                            }
                        }
                        None => tokio::select! {
                            ev = self.watch.next() => ev,
                            ev = self.apps_watch.next() => ev,
                        },
                    };
                    self.inflight = Some(ev.clone());
                    let handled = self.handle(ev).await;
                    self.inflight = None;
                    if let Err(e) = handled {
                        self.after_failure(e)?;
                    }
                }
                Phase::Reconnecting { at, delay } => {
                    tokio::time::sleep_until(at).await;
                    let target = self.registry.target.clone();
                    let attempt = async {
                        let r = Registry::connect(&target).await?;
                        let w = r.watch(r.root()).await?;
                        let a = r.watch_apps().await?;
                        Ok::<_, Error>((r, w, a))
                    };
                    match attempt.await {
                        Ok((r, w, a)) => {
                            self.registry = r;
                            self.watch = w;
                            self.apps_watch = a;
                            self.phase = Phase::Resync {
                                new_session: true,
                                rewatch: false,
                            };
                            self.set_session(SessionState::Resyncing { since_ms: now_ms() });
                        }
                        Err(e) => {
                            self.phase = Phase::Reconnecting {
                                at: Instant::now() + delay,
                                delay: (delay * 2).min(MAX_RETRY),
                            };
                            let since_ms = match self.session {
                                SessionState::Reconnecting { since_ms, .. } => since_ms,
                                _ => now_ms(),
                            };
                            self.set_session(SessionState::Reconnecting {
                                since_ms,
                                why: e.to_string(),
                            });
                        }
                    }
                }
                Phase::Resync {
                    new_session,
                    rewatch,
                } => match self.resync(rewatch).await {
                    Ok(changes) => {
                        self.phase = Phase::Watching;
                        let n = changes.len();
                        if n > 0 {
                            self.pending.push_back(LiveEvent::Changes(changes));
                        }
                        self.pending.push_back(LiveEvent::Resynced {
                            changes: n,
                            new_session,
                        });
                        self.set_session(SessionState::Connected);
                    }
                    Err(e) => {
                        // Lost the connection again mid-read: the watch reports what follows
                        // (a reconnect resyncs, an expiry opens a new session).
                        self.phase = Phase::Watching;
                        self.after_failure(e)?;
                    }
                },
            }
        }
    }

    /// Stats read for a batch of [`LiveRegistry::unstated`] interfaces: applied, and the
    /// interfaces done.
    fn apply_stats(&mut self, read: Vec<(String, Vec<(String, NodeStat)>)>) {
        let mut changes = Vec::new();
        for (interface, stats) in read {
            changes.extend(self.state.fill_stats(&interface, stats));
            if self.unstated.front() == Some(&interface) {
                self.unstated.pop_front();
            } else {
                self.unstated.retain(|i| *i != interface);
            }
        }
        self.push_changes(changes);
    }

    /// A request failed. On a dead connection that is the outage's doing and the watch will tell
    /// what comes next (a reconnect re-reads everything, so the lost event does not matter);
    /// on a live one it is a real error.
    fn after_failure(&mut self, e: Error) -> Result<()> {
        // Both checks: a connection error seen after the client already reconnected elsewhere
        // is still the outage's doing (and the reconnect resyncs).
        let connection = self.registry.take_connection_failure();
        if self.registry.is_connected() && !connection {
            return Err(e);
        }
        if matches!(
            self.session,
            SessionState::Connected | SessionState::Resyncing { .. }
        ) {
            self.set_session(SessionState::Disconnected { since_ms: now_ms() });
        }
        Ok(())
    }

    /// Records a session state and announces it. Every reconnect attempt is announced, even
    /// one failing the same way, so a consumer can say it is still trying.
    fn set_session(&mut self, s: SessionState) {
        if self.session != s || matches!(s, SessionState::Reconnecting { .. }) {
            self.session = s.clone();
            self.pending.push_back(LiveEvent::Session(s));
        }
    }

    async fn handle(&mut self, ev: RegistryEvent) -> Result<()> {
        let (interface, category, change) = match ev {
            RegistryEvent::Created {
                interface,
                category,
                node,
            } => {
                if !self.state.scope().interface_in_scope(&interface)
                    || self.state.contains(&interface, category, &node)
                {
                    return Ok(());
                }
                let stat = if self.stats && category == Category::Providers {
                    let path = format!(
                        "{}/{interface}/{}/{node}",
                        self.state.root(),
                        category.dir()
                    );
                    match self.registry.stat(&path).await? {
                        Some(s) => Some(s),
                        None => return Ok(()), // gone again already
                    }
                } else {
                    None
                };
                (
                    interface,
                    category,
                    NodeChange::Created(Node::new(node, stat)),
                )
            }
            RegistryEvent::Deleted {
                interface,
                category,
                node,
            } => (interface, category, NodeChange::Deleted(node)),
            RegistryEvent::AppChanged(app) => {
                let known = self.state.app(&app).cloned();
                let entry = self.registry.read_app(&app, known.as_ref()).await?;
                let changes = self.state.set_app(&app, entry);
                self.push_changes(changes);
                return Ok(());
            }
            RegistryEvent::MappingChanged(interface) => {
                let node = form_encode(&interface);
                if !self.state.scope().interface_in_scope(&node) {
                    return Ok(());
                }
                let mut problems = Vec::new();
                let apps = self
                    .registry
                    .mapped_applications(&interface, &mut problems)
                    .await?;
                // A complete application is kept current by the instances watch. One whose
                // metadata could not be had (its MetadataService not answering yet) has no
                // event of its own to retry on; a provider writes its mapping once it serves.
                let mut changes = Vec::new();
                for app in apps {
                    let known = self.state.app(&app).cloned();
                    if known
                        .as_ref()
                        .is_some_and(|k| !k.metadata.values().any(Option::is_none))
                    {
                        continue;
                    }
                    let entry = self.registry.read_app(&app, known.as_ref()).await?;
                    changes.extend(self.state.set_app(&app, entry));
                }
                self.state.set_mapping_problems(&node, problems);
                self.push_changes(changes);
                return Ok(());
            }
            RegistryEvent::ConfigChanged => {
                let mut problems = Vec::new();
                let config = self.registry.config_center_index(&mut problems).await?;
                let changes = self.state.set_config(config, problems);
                self.push_changes(changes);
                return Ok(());
            }
            RegistryEvent::Disconnected => {
                // A failed request may have noticed first; keep the earlier time.
                if !matches!(self.session, SessionState::Disconnected { .. }) {
                    self.set_session(SessionState::Disconnected { since_ms: now_ms() });
                }
                return Ok(());
            }
            RegistryEvent::Reconnected => {
                self.phase = Phase::Resync {
                    new_session: false,
                    // Register the watch again rather than trust the client's automatic reset
                    // of persistent watches, which was seen to go quiet after a server restart.
                    rewatch: true,
                };
                self.set_session(SessionState::Resyncing { since_ms: now_ms() });
                return Ok(());
            }
            RegistryEvent::SessionLost(why) => {
                self.phase = Phase::Reconnecting {
                    at: Instant::now(),
                    delay: FIRST_RETRY,
                };
                self.set_session(SessionState::Reconnecting {
                    since_ms: now_ms(),
                    why,
                });
                return Ok(());
            }
        };
        let changes = self.state.apply(&interface, category, change);
        self.push_changes(changes);
        Ok(())
    }

    fn push_changes(&mut self, changes: Vec<Change>) {
        if !changes.is_empty() {
            self.pending.push_back(LiveEvent::Changes(changes));
        }
    }

    /// Re-reads the tree and the config center; commits only once all of it is read, so a
    /// cancelled or failed resync leaves the old state whole.
    async fn resync(&mut self, rewatch: bool) -> Result<Vec<Change>> {
        let watches = if rewatch {
            Some((
                self.registry.watch(self.registry.root()).await?,
                self.registry.watch_apps().await?,
            ))
        } else {
            None
        };
        let (interfaces, apps, config, problems) =
            read_all(&self.registry, self.state.scope(), self.stats, |_, _| {}).await?;
        if let Some((w, a)) = watches {
            self.watch = w;
            self.apps_watch = a;
        }
        // Read with every stat: none is left to fill in.
        self.unstated.clear();
        Ok(self.state.replace(interfaces, apps, config, problems))
    }
}

/// Interfaces whose provider stats one step of [`LiveRegistry::next`] reads: enough requests
/// in flight to keep the session busy, few enough that a watch event waits little (at 10
/// providers an interface, a batch took tens of ms here; 64 instead made the whole fill at
/// 50,000 providers take 3.9 s, not 3.0).
const STAT_BATCH: usize = 128;

/// The stats of `batch`'s provider nodes (pipelined); nodes gone meanwhile are left out.
async fn read_stats(
    registry: &Registry,
    root: &str,
    batch: Vec<(String, Vec<String>)>,
) -> Result<Vec<(String, Vec<(String, NodeStat)>)>> {
    let reads = batch.into_iter().map(|(interface, names)| async move {
        let dir = format!("{root}/{interface}/{}", Category::Providers.dir());
        let found = registry.stats_in(&dir, names).await?;
        Ok::<_, Error>((interface, found))
    });
    futures::future::join_all(reads).await.into_iter().collect()
}

/// Reads the interfaces a scope covers, every application instance, and the config center.
async fn read_all(
    registry: &Registry,
    scope: &Scope,
    stats: bool,
    mut progress: impl FnMut(usize, usize),
) -> Result<(
    Vec<InterfaceNode>,
    AppIndex,
    ConfigCenterIndex,
    Vec<Problem>,
)> {
    let (names, apps) = match scope {
        Scope::All(f) => registry.all_interfaces(|n| f.interface_matches(n)).await?,
        // Every application, not only the mapped ones: an instance that starts providing this
        // interface later is applied from the index.
        Scope::Service { node, .. } => (vec![node.clone()], registry.read_apps(None).await?),
    };
    let total = names.len();
    let mut interfaces = Vec::with_capacity(total);
    registry
        .scan_each(&names, stats, &apps, |iface, done| {
            interfaces.push(iface);
            progress(done, total);
        })
        .await?;
    let mut problems = Vec::new();
    let config = registry.config_center_index(&mut problems).await?;
    Ok((interfaces, apps, config, problems))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::diff::ChangeKind;
    use super::super::model::{NodeStat, Registration};
    use super::super::scope::Filter;
    use super::super::url::form_encode;
    use super::*;

    const A: &str = "dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&application=a&weight=100";
    const B: &str = "dubbo://10.0.0.2:20880/com.x.A?interface=com.x.A&application=a";
    const C: &str = "consumer://10.0.0.9/com.x.A?interface=com.x.A&application=c";
    const OFF_B: &str = "override://10.0.0.2:20880/com.x.A?disabled=true";

    fn node(url: &str) -> Node {
        Node::new(
            form_encode(url),
            Some(NodeStat {
                ephemeral_owner: 7,
                ctime_ms: 0,
                mtime_ms: 0,
                version: 0,
            }),
        )
    }

    fn iface(name: &str, providers: &[&str]) -> InterfaceNode {
        let mut i = InterfaceNode {
            name: name.into(),
            ..Default::default()
        };
        i.nodes.insert(
            Category::Providers,
            providers.iter().map(|u| node(u)).collect(),
        );
        i
    }

    fn state(scope: Scope, interfaces: Vec<InterfaceNode>) -> LiveState {
        LiveState::new(
            "/dubbo",
            scope,
            interfaces,
            ConfigCenterIndex::default(),
            vec![],
        )
    }

    fn all() -> Scope {
        Scope::All(Filter::default())
    }

    /// (kind, object, address) of each change, the shape the watch output is made of.
    fn summary(changes: &[Change]) -> Vec<(ChangeKind, &'static str, String)> {
        changes
            .iter()
            .map(|c| match c {
                Change::Provider { kind, provider, .. } => {
                    (*kind, "provider", provider.url.address())
                }
                Change::Consumer { kind, url, .. } => (*kind, "consumer", url.address()),
                Change::Rule { kind, rule, .. } => (*kind, "rule", rule.url.address()),
            })
            .collect()
    }

    #[test]
    fn stats_filled_in_late_change_the_registration_alone() {
        let mut bare = iface("com.x.A", &[A, B]);
        for n in bare.nodes.get_mut(&Category::Providers).unwrap() {
            n.stat = None;
        }
        let mut s = state(all(), vec![bare, iface("com.x.B", &[])]);
        assert_eq!(s.unstated(), ["com.x.A"]);
        assert_eq!(s.unstated_in("com.x.A").len(), 2);
        let persistent = NodeStat {
            ephemeral_owner: 0,
            ctime_ms: 1,
            mtime_ms: 1,
            version: 0,
        };
        // Only B's stat came back (A left meanwhile): B alone changes, and only its registration.
        let changes = s.fill_stats("com.x.A", vec![(form_encode(B), persistent)]);
        let [Change::Provider {
            kind: ChangeKind::Modified,
            provider,
            changed,
            ..
        }] = changes.as_slice()
        else {
            panic!("{changes:#?}");
        };
        assert_eq!(provider.url.address(), "10.0.0.2:20880");
        assert_eq!(provider.registration, Registration::Static);
        assert_eq!(changed, &["registration"]);
        assert_eq!(s.unstated_in("com.x.A"), [form_encode(A)]);
        // A stat already known is kept: a second read changes nothing.
        let again = NodeStat {
            ephemeral_owner: 9,
            ..persistent
        };
        assert!(s
            .fill_stats("com.x.A", vec![(form_encode(B), again)])
            .is_empty());
        assert!(s.fill_stats("com.x.Gone", vec![]).is_empty());
    }

    #[test]
    fn created_and_deleted_nodes_become_added_and_removed() {
        let mut s = state(all(), vec![iface("com.x.A", &[A])]);
        let added = s.apply("com.x.A", Category::Providers, NodeChange::Created(node(B)));
        assert_eq!(
            summary(&added),
            vec![(ChangeKind::Added, "provider", "10.0.0.2:20880".into())]
        );
        assert_eq!(s.views()[0].providers.len(), 2);

        let consumer = s.apply("com.x.A", Category::Consumers, NodeChange::Created(node(C)));
        assert_eq!(
            summary(&consumer),
            vec![(ChangeKind::Added, "consumer", "10.0.0.9".into())]
        );

        let removed = s.apply(
            "com.x.A",
            Category::Providers,
            NodeChange::Deleted(form_encode(A)),
        );
        assert_eq!(
            summary(&removed),
            vec![(ChangeKind::Removed, "provider", "10.0.0.1:20880".into())]
        );
        let left: Vec<String> = s.views()[0]
            .providers
            .iter()
            .map(|p| p.url.address())
            .collect();
        assert_eq!(left, vec!["10.0.0.2:20880"]);
    }

    #[test]
    fn views_iter_yields_the_views() {
        let s = state(
            all(),
            vec![iface("com.x.B", &[B]), iface("com.x.A", &[A, B])],
        );
        let mut streamed: Vec<ServiceView> = s.views_iter().collect();
        streamed.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(streamed, s.views());
        assert_eq!(streamed.len(), 2);
    }

    #[test]
    fn replay_is_the_whole_tree_as_added_in_key_order() {
        let q = "dubbo://10.0.0.3:20880/com.x.Q?interface=com.x.Q";
        let g = "dubbo://10.0.0.4:20880/com.x.A?interface=com.x.A&group=g";
        let mut s = state(
            all(),
            vec![iface("com.x.Q", &[q]), iface("com.x.A", &[A, B, g])],
        );
        s.apply("com.x.A", Category::Consumers, NodeChange::Created(node(C)));
        s.apply(
            "com.x.A",
            Category::Configurators,
            NodeChange::Created(node(OFF_B)),
        );
        let replayed: Vec<Change> = s.replay().collect();
        assert_eq!(replayed, diff(&[], &s.views()));
        assert_eq!(
            summary(&replayed),
            vec![
                (ChangeKind::Added, "provider", "10.0.0.1:20880".into()),
                (ChangeKind::Added, "provider", "10.0.0.2:20880".into()),
                (ChangeKind::Added, "consumer", "10.0.0.9".into()),
                (ChangeKind::Added, "rule", "10.0.0.2:20880".into()),
                (ChangeKind::Added, "provider", "10.0.0.4:20880".into()),
                (ChangeKind::Added, "provider", "10.0.0.3:20880".into()),
            ]
        );
    }

    #[test]
    fn a_directory_gives_back_room_when_its_nodes_leave() {
        let mut s = state(all(), vec![iface("com.x.A", &[A])]);
        let urls: Vec<String> = (0..30)
            .map(|i| format!("dubbo://10.0.1.{i}:20880/com.x.A?interface=com.x.A"))
            .collect();
        for u in &urls {
            s.apply("com.x.A", Category::Providers, NodeChange::Created(node(u)));
        }
        for u in &urls {
            s.apply(
                "com.x.A",
                Category::Providers,
                NodeChange::Deleted(form_encode(u)),
            );
        }
        let list = s.interfaces["com.x.A"].nodes(Category::Providers);
        assert_eq!(list.len(), 1);
        let cap = s.interfaces["com.x.A"].nodes[&Category::Providers].capacity();
        assert!(cap <= 5, "{cap}");
        assert_eq!(s.views()[0].providers.len(), 1);
    }

    #[test]
    fn duplicates_and_unknown_deletes_change_nothing() {
        let mut s = state(all(), vec![iface("com.x.A", &[A])]);
        assert!(s.contains("com.x.A", Category::Providers, &form_encode(A)));
        assert!(s
            .apply("com.x.A", Category::Providers, NodeChange::Created(node(A)))
            .is_empty());
        assert!(s
            .apply(
                "com.x.A",
                Category::Providers,
                NodeChange::Deleted(form_encode(B))
            )
            .is_empty());
        assert_eq!(s.views()[0].providers.len(), 1);
    }

    #[test]
    fn a_new_interface_appears_and_out_of_scope_nodes_are_ignored() {
        let mut s = state(Scope::All(Filter::new(Some("com.x.*"), None, None)), vec![]);
        assert!(s.views().is_empty());
        let ch = s.apply("com.x.A", Category::Providers, NodeChange::Created(node(A)));
        assert_eq!(summary(&ch).len(), 1);
        let other = "dubbo://10.0.0.5:20880/org.y.B?interface=org.y.B";
        assert!(s
            .apply(
                "org.y.B",
                Category::Providers,
                NodeChange::Created(node(other))
            )
            .is_empty());
        assert!(!s.contains("org.y.B", Category::Providers, &form_encode(other)));
        assert_eq!(s.views().len(), 1);
    }

    #[test]
    fn a_rule_node_modifies_the_provider_it_disables() {
        let mut s = state(all(), vec![iface("com.x.A", &[A, B])]);
        let ch = s.apply(
            "com.x.A",
            Category::Configurators,
            NodeChange::Created(node(OFF_B)),
        );
        assert_eq!(
            summary(&ch),
            vec![
                (ChangeKind::Modified, "provider", "10.0.0.2:20880".into()),
                (ChangeKind::Added, "rule", "10.0.0.2:20880".into()),
            ]
        );
        let b = &s.views()[0].providers[1];
        assert!(!b.effective.enabled);
    }

    #[test]
    fn a_config_center_rule_applies_to_views_and_changes() {
        let mut s = state(all(), vec![iface("com.x.A", &[A, B])]);
        let mut config = ConfigCenterIndex::default();
        let doc = super::super::config_center::service_rule_path(
            "/dubbo",
            &super::super::url::ServiceKey::new("com.x.A", None, None),
        );
        config.insert(
            doc,
            vec![crate::registry::url::DubboUrl::parse(OFF_B).unwrap()],
        );
        let ch = s.set_config(config, vec![]);
        assert!(
            matches!(&ch[..], [
                Change::Provider { kind: ChangeKind::Modified, changed, .. },
                Change::Rule { kind: ChangeKind::Added, rule, .. },
            ] if changed == &vec!["enabled".to_string()] && rule.config_center.is_some()),
            "{ch:?}"
        );
        assert!(!s.views()[0].providers[1].effective.enabled);
        // A node event keeps applying the config center.
        let again = s.apply(
            "com.x.A",
            Category::Providers,
            NodeChange::Deleted(form_encode(A)),
        );
        assert_eq!(
            summary(&again),
            vec![(ChangeKind::Removed, "provider", "10.0.0.1:20880".into())]
        );
        assert!(!s.views()[0].providers[0].effective.enabled);
        let cleared = s.set_config(ConfigCenterIndex::default(), vec![]);
        assert_eq!(
            summary(&cleared),
            vec![
                (ChangeKind::Modified, "provider", "10.0.0.2:20880".into()),
                (ChangeKind::Removed, "rule", "10.0.0.2:20880".into()),
            ]
        );
    }

    #[test]
    fn replace_reports_what_changed_while_away() {
        let mut s = state(
            all(),
            vec![iface("com.x.A", &[A]), iface("com.x.Gone", &[])],
        );
        let q = "dubbo://10.0.0.3:20880/com.x.Q?interface=com.x.Q";
        let ch = s.replace(
            vec![iface("com.x.A", &[B]), iface("com.x.Q", &[q])],
            AppIndex::default(),
            ConfigCenterIndex::default(),
            vec![],
        );
        assert_eq!(
            summary(&ch),
            vec![
                (ChangeKind::Removed, "provider", "10.0.0.1:20880".into()),
                (ChangeKind::Added, "provider", "10.0.0.2:20880".into()),
                (ChangeKind::Added, "provider", "10.0.0.3:20880".into()),
            ]
        );
        let keys: Vec<String> = s.views().iter().map(|v| v.key.to_string()).collect();
        assert_eq!(keys, vec!["com.x.A", "com.x.Q"]);
        assert!(s
            .replace(
                vec![iface("com.x.A", &[B]), iface("com.x.Q", &[q])],
                AppIndex::default(),
                ConfigCenterIndex::default(),
                vec![]
            )
            .is_empty());
    }

    fn app_entry(app: &str, instances: &[(&str, &str)], services: &str) -> AppEntry {
        let read = instances
            .iter()
            .map(|(id, rev)| {
                let doc = format!(
                    r#"{{"payload":{{"metadata":{{"dubbo.metadata.revision":"{rev}"}}}}}}"#
                );
                (id.to_string(), doc.into_bytes(), None)
            })
            .collect();
        let mut e = super::super::instance::parse_app("/services", app, read);
        let revs = e.revisions();
        let docs = revs
            .into_iter()
            .map(|r| {
                (
                    r,
                    super::super::instance::MetadataSource::Registry(
                        format!(r#"{{"services":{{{services}}}}}"#).into_bytes(),
                    ),
                )
            })
            .collect();
        super::super::instance::add_metadata(&mut e, "/dubbo", app, docs);
        e
    }

    /// An application's instances coming and going change the interfaces its metadata names,
    /// including one the interface-level tree never had, and a provider registered both ways is
    /// one provider whose kind changes.
    #[test]
    fn application_instances_become_provider_changes() {
        use super::super::model::Discovery;
        let mut s = state(all(), vec![iface("com.x.A", &[A])]);
        let svc = r#""com.x.A:dubbo":{"name":"com.x.A","protocol":"dubbo","port":20880},"com.x.Only:tri":{"name":"com.x.Only","protocol":"tri","port":50051}"#;
        let ch = s.set_app("app", app_entry("app", &[("10.0.0.1:20880", "r1")], svc));
        assert_eq!(
            summary(&ch),
            vec![
                (ChangeKind::Modified, "provider", "10.0.0.1:20880".into()),
                (ChangeKind::Added, "provider", "10.0.0.1:50051".into()),
            ]
        );
        let views = s.views();
        let kinds: Vec<(String, Discovery)> = views
            .iter()
            .map(|v| (v.key.to_string(), v.providers[0].discovery))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("com.x.A".into(), Discovery::Both),
                ("com.x.Only".into(), Discovery::Application)
            ]
        );
        // A second instance of the same revision adds providers; the app leaving removes them
        // and turns the shared provider back to interface-level.
        let two = app_entry(
            "app",
            &[("10.0.0.1:20880", "r1"), ("10.0.0.9:20880", "r1")],
            svc,
        );
        let ch = s.set_app("app", two);
        assert_eq!(ch.len(), 2, "{:?}", summary(&ch));
        let ch = s.set_app("app", AppEntry::default());
        assert_eq!(
            summary(&ch),
            vec![
                (ChangeKind::Removed, "provider", "10.0.0.9:20880".into()),
                (ChangeKind::Modified, "provider", "10.0.0.1:20880".into()),
                (ChangeKind::Removed, "provider", "10.0.0.1:50051".into()),
                (ChangeKind::Removed, "provider", "10.0.0.9:50051".into()),
            ]
        );
        assert_eq!(s.views()[0].providers[0].discovery, Discovery::Interface);
    }

    #[test]
    fn service_scope_keeps_to_its_group() {
        let g = "dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&group=g";
        let mut s = state(
            Scope::Service {
                node: "com.x.A".into(),
                group: Some("g".into()),
                version: None,
            },
            vec![iface("com.x.A", &[g]), iface("com.x.B", &[])],
        );
        assert_eq!(s.views().len(), 1);
        // Same interface, other group: outside the scope.
        assert!(s
            .apply("com.x.A", Category::Providers, NodeChange::Created(node(B)))
            .is_empty());
        assert_eq!(s.views().len(), 1);
    }

    #[test]
    fn unparsable_nodes_are_problems_until_they_go() {
        let mut s = state(all(), vec![iface("com.x.A", &[A])]);
        let bad = Node::new("not%a%url".into(), None);
        s.apply("com.x.A", Category::Providers, NodeChange::Created(bad));
        assert_eq!(s.problems().len(), 1, "{:?}", s.problems());
        assert!(s.problems()[0]
            .path
            .starts_with("/dubbo/com.x.A/providers/"));
        s.apply(
            "com.x.A",
            Category::Providers,
            NodeChange::Deleted("not%a%url".into()),
        );
        assert!(s.problems().is_empty());
    }

    /// `top` runs the live view in a spawned task.
    #[test]
    fn mapping_problems_stay_until_the_mapping_is_fixed() {
        let mut s = state(all(), vec![iface("com.x.A", &[A])]);
        let p = Problem {
            path: "/dubbo/mapping/com.x.A".into(),
            error: "the service-name mapping names the application \"..\"".into(),
        };
        s.set_mapping_problems("com.x.A", vec![p.clone()]);
        assert_eq!(s.problems(), std::slice::from_ref(&p));
        assert_eq!(s.views()[0].providers.len(), 1, "the providers stay");
        // An interface known only from its mapping.
        s.set_mapping_problems("com.x.B", vec![p.clone()]);
        assert_eq!(s.problems().len(), 2);
        s.set_mapping_problems("com.x.A", vec![]);
        s.set_mapping_problems("com.x.B", vec![]);
        assert!(s.problems().is_empty(), "{:?}", s.problems());
    }

    #[test]
    fn the_live_view_and_its_next_future_are_send() {
        fn send<T: Send>(_: &T) {}
        fn check(mut live: LiveRegistry) {
            send(&live.next());
            send(&live);
        }
        let _ = check;
    }
}
