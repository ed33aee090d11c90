//! ZooKeeper I/O: sessions, pipelined reads of the Dubbo tree, and the persistent recursive watch.

use futures::stream::{self, StreamExt};
use futures::FutureExt;
use zookeeper_client as zk;

use super::config_center::{self, ConfigCenterIndex};
use super::metadata::{self, ServiceDefinition};
use super::model::{
    derived_path_ok, Category, InterfaceNode, Node, NodeStat, Problem, ServiceView, Snapshot,
    RESERVED_ROOT_CHILDREN,
};
use super::url::{path_problem, DubboUrl, ServiceKey};
use crate::config::RegistryTarget;
use crate::error::{Error, Result};

/// Requests kept in flight on the one session while scanning. ZooKeeper answers in order, so the
/// limit only bounds memory; it is high enough that the round trip never idles the pipe.
const IN_FLIGHT: usize = 512;

pub struct Registry {
    client: zk::Client,
    pub target: RegistryTarget,
    /// A request failed because the connection did (see [`Registry::take_connection_failure`]).
    connection_failed: std::sync::atomic::AtomicBool,
}

/// Errors the client gives a request when the connection under it failed, not the request:
/// its own I/O and silence errors (`Custom`) included. The session recovers on its own.
fn is_connection_error(e: &zk::Error) -> bool {
    matches!(
        e,
        zk::Error::ConnectionLoss
            | zk::Error::SessionExpired
            | zk::Error::SessionMoved
            | zk::Error::ClientClosed
            | zk::Error::NoHosts
            | zk::Error::Timeout
            | zk::Error::Custom(_)
    )
}

/// Maps a client error to svcctl's error, naming the registry.
pub fn zk_error(e: zk::Error, target: &RegistryTarget, doing: &str) -> Error {
    let reg = target.display();
    match e {
        zk::Error::NoAuth | zk::Error::AuthFailed => {
            Error::registry(format!("{doing}: {reg} refused access ({e})")).with_hint(
                if target.digest.is_some() {
                    "the digest credentials in use are not allowed here: check the user:password of the context or address"
                } else {
                    "set digest credentials in the context (digest = \"user:password\") or the address (zookeeper://user:password@host:port)"
                },
            )
        }
        zk::Error::SessionExpired
        | zk::Error::ConnectionLoss
        | zk::Error::ClientClosed
        | zk::Error::NoHosts => {
            Error::registry(format!("{doing}: lost the session with {reg} ({e})"))
                .with_hint("check that ZooKeeper is up; re-run the command")
        }
        // Paths are checked before they are sent (see `path_problem`); one that still gets
        // here is svcctl's bug, and in no case an outage of the registry.
        zk::Error::BadArguments(why) => Error::other(format!(
            "{doing}: not a valid ZooKeeper path ({why}); nothing was sent to {reg}"
        ))
        .with_hint("the path comes from registry data ZooKeeper cannot address; please report it"),
        other => Error::registry(format!("{doing}: {other} ({reg})")),
    }
}

/// How long one ensemble member may take to give a session. A hung member (the process
/// stopped, its socket open and silent) accepts the TCP connection and never answers: with the
/// whole connect timeout spent on it, the members after it were never tried. So each member gets
/// its share. The client also uses this as the silence after which it leaves a member for
/// another, so it is never below two seconds: a loaded but healthy server (a GC pause) must not
/// make every client hop.
fn member_timeout(target: &RegistryTarget) -> std::time::Duration {
    let members = target
        .hosts
        .split(',')
        .filter(|h| !h.is_empty())
        .count()
        .max(1) as u32;
    let share = target.connect_timeout / members;
    share
        .max(std::time::Duration::from_secs(2).min(target.connect_timeout))
        .min(target.session_timeout)
}

fn stat_of(s: &zk::Stat) -> NodeStat {
    NodeStat {
        ephemeral_owner: s.ephemeral_owner,
        ctime_ms: s.ctime,
        mtime_ms: s.mtime,
        version: s.version,
    }
}

impl Registry {
    /// Opens a session, bounded by the connect timeout: never hangs on a dead address.
    pub async fn connect(target: &RegistryTarget) -> Result<Registry> {
        let started = std::time::Instant::now();
        // Bad certificate files are the caller's mistake, told before any connection.
        let tls = target.tls.as_ref().map(super::tls::load).transpose()?;
        let mut connector = zk::Client::connector()
            .with_session_timeout(target.session_timeout)
            .with_connection_timeout(member_timeout(target))
            // Try each ensemble member once and report refusal at once instead of cycling until
            // the timeout; one member down still connects through the others.
            .with_fail_eagerly();
        if let Some(d) = &target.digest {
            connector = connector.with_auth("digest", d.as_bytes());
        }
        let connect_string = target.connect_string();
        let attempt = match &tls {
            // Every member without a scheme of its own is TLS.
            Some(t) => connector
                .with_tls(t.options.clone())
                .secure_connect(&connect_string)
                .left_future(),
            None => connector.connect(&connect_string).right_future(),
        };
        let unreachable = |detail: String| {
            Error::registry(format!("cannot connect to ZooKeeper at {}: {detail}", target.display())).with_hint(
                "check that ZooKeeper is running and reachable at that address, or pick another with --registry / --context",
            )
        };
        match tokio::time::timeout(target.connect_timeout, attempt).await {
            Err(_) => Err(unreachable(format!(
                "no session within {}",
                humantime::format_duration(target.connect_timeout)
            ))),
            // Refused early: a handshake of svcctl's own may say why (TLS or not), in what is
            // left of the connect timeout.
            Ok(Err(e)) => Err(super::tls::diagnose(
                target,
                tls.as_ref(),
                member_timeout(target),
                started + target.connect_timeout,
            )
            .await
            .unwrap_or_else(|| unreachable(e.to_string()))),
            Ok(Ok(client)) => Ok(Registry {
                client,
                target: target.clone(),
                connection_failed: Default::default(),
            }),
        }
    }

    pub fn client(&self) -> &zk::Client {
        &self.client
    }

    pub fn root(&self) -> &str {
        &self.target.root
    }

    /// Whether the session is connected right now (a failed request while it is not was the
    /// connection's fault, not the request's).
    pub fn is_connected(&self) -> bool {
        matches!(
            self.client.state(),
            zk::SessionState::SyncConnected | zk::SessionState::ConnectedReadOnly
        )
    }

    /// Whether a request failed because of the connection since the last call. The session
    /// state alone cannot say: the client may be connected to another member again by the time
    /// the failed request's caller looks (a member that went silent is left in under two
    /// seconds, the next one answers in milliseconds).
    pub fn take_connection_failure(&self) -> bool {
        self.connection_failed
            .swap(false, std::sync::atomic::Ordering::SeqCst)
    }

    fn err(&self, e: zk::Error, doing: &str) -> Error {
        if is_connection_error(&e) {
            self.connection_failed
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        zk_error(e, &self.target, doing)
    }

    /// Refuses, before sending, a path ZooKeeper would refuse, naming it.
    fn checked<'p>(&self, path: &'p str, doing: &str) -> Result<&'p str> {
        match path_problem(path) {
            None => Ok(path),
            Some(why) => Err(Error::other(format!(
                "{doing} {path}: not a valid ZooKeeper path ({why})"
            ))
            .with_hint("the path comes from registry data ZooKeeper cannot address")),
        }
    }

    /// The interface nodes under the root. A missing root is "not found", not an empty list.
    pub async fn list_interfaces(&self) -> Result<Vec<String>> {
        match self.client.list_children(self.root()).await {
            Ok(mut names) => {
                names.retain(|n| !RESERVED_ROOT_CHILDREN.contains(&n.as_str()));
                names.sort();
                Ok(names)
            }
            Err(zk::Error::NoNode) => Err(Error::not_found(format!(
                "there is no {} node in {}: nothing is registered there",
                self.root(),
                self.target.display()
            ))
            .with_hint(
                "check --registry/--context, or --root if Dubbo uses another registry group",
            )),
            Err(e) => Err(self.err(e, "listing services")),
        }
    }

    /// Reads the category children of the given interfaces, many requests in flight at once.
    /// With `stats`, also fetches each provider node's stat (ephemeral owner) for static/dynamic.
    /// `progress` is called with the number of interfaces finished so far.
    pub async fn scan(
        &self,
        interfaces: &[String],
        stats: bool,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Snapshot> {
        let mut out = Vec::with_capacity(interfaces.len());
        self.scan_each(interfaces, stats, |node, done| {
            out.push(node);
            progress(done);
        })
        .await?;
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Snapshot {
            root: self.root().to_string(),
            interfaces: out,
        })
    }

    /// Like [`Registry::scan`], but hands each interface to `each` as soon as it is read, so a
    /// caller that only needs a summary never holds the whole tree (10k services x 10 providers
    /// is ~100k URLs). Order of delivery is completion order.
    pub async fn scan_each(
        &self,
        interfaces: &[String],
        stats: bool,
        mut each: impl FnMut(InterfaceNode, usize),
    ) -> Result<()> {
        let root = self.root();
        let mut done = 0usize;
        let mut reads = stream::iter(interfaces.iter().cloned())
            .map(|name| self.read_interface_at(root, name, stats))
            .buffer_unordered(IN_FLIGHT / 4);
        while let Some(r) = reads.next().await {
            done += 1;
            if let Some(node) = r? {
                each(node, done);
            }
        }
        Ok(())
    }

    /// One interface node; `None` if it vanished while we were reading (churn is not an error).
    pub async fn read_interface(&self, name: &str, stats: bool) -> Result<Option<InterfaceNode>> {
        self.read_interface_at(self.root(), name.to_string(), stats)
            .await
    }

    async fn read_interface_at(
        &self,
        root: &str,
        name: String,
        stats: bool,
    ) -> Result<Option<InterfaceNode>> {
        let base = format!("{root}/{name}");
        // Issue the four list requests before awaiting any: they are pipelined on the session.
        let lists: Vec<_> = Category::ALL
            .iter()
            .map(|c| self.client.list_children(&format!("{base}/{}", c.dir())))
            .collect();
        let results = futures::future::join_all(lists).await;
        let mut iface = InterfaceNode {
            name,
            ..Default::default()
        };
        for (cat, r) in Category::ALL.into_iter().zip(results) {
            let names = match r {
                Ok(n) => n,
                Err(zk::Error::NoNode) => continue,
                Err(e) => return Err(self.err(e, &format!("reading {base}/{}", cat.dir()))),
            };
            let nodes = if stats && cat == Category::Providers {
                let dir = format!("{base}/{}", cat.dir());
                let stat_reads: Vec<_> = names
                    .iter()
                    .map(|n| self.client.check_stat(&format!("{dir}/{n}")))
                    .collect();
                let stats = futures::future::join_all(stat_reads).await;
                let mut nodes = Vec::with_capacity(names.len());
                for (n, s) in names.into_iter().zip(stats) {
                    match s {
                        Ok(Some(st)) => nodes.push(Node::new(n, Some(stat_of(&st)))),
                        // Deleted between list and stat: the provider left; skip it.
                        Ok(None) | Err(zk::Error::NoNode) => {}
                        Err(e) => return Err(self.err(e, &format!("reading {dir}/{n}"))),
                    }
                }
                nodes
            } else {
                names.into_iter().map(|n| Node::new(n, None)).collect()
            };
            iface.nodes.insert(cat, nodes);
        }
        Ok(Some(iface))
    }

    /// Stat of one node, `None` when it does not exist.
    pub async fn stat(&self, path: &str) -> Result<Option<NodeStat>> {
        match self.client.check_stat(self.checked(path, "reading")?).await {
            Ok(s) => Ok(s.as_ref().map(stat_of)),
            Err(zk::Error::NoNode) => Ok(None),
            Err(e) => Err(self.err(e, &format!("reading {path}"))),
        }
    }

    /// Data of one node, `None` when it does not exist.
    pub async fn data(&self, path: &str) -> Result<Option<Vec<u8>>> {
        match self.client.get_data(self.checked(path, "reading")?).await {
            Ok((d, _)) => Ok(Some(d)),
            Err(zk::Error::NoNode) => Ok(None),
            Err(e) => Err(self.err(e, &format!("reading {path}"))),
        }
    }

    pub async fn children(&self, path: &str) -> Result<Option<Vec<String>>> {
        match self
            .client
            .list_children(self.checked(path, "listing")?)
            .await
        {
            Ok(c) => Ok(Some(c)),
            Err(zk::Error::NoNode) => Ok(None),
            Err(e) => Err(self.err(e, &format!("listing {path}"))),
        }
    }

    /// The 2.7 metadata report (signatures and types) of `key` published by any of
    /// `applications`; `None` when no report exists. Report paths ZooKeeper cannot hold go to
    /// `problems`.
    pub async fn service_definition(
        &self,
        key: &ServiceKey,
        applications: &[String],
        problems: &mut Vec<Problem>,
    ) -> Result<Option<ServiceDefinition>> {
        for app in applications {
            let path = metadata::definition_path(self.root(), key, app);
            if !derived_path_ok(&path, problems) {
                continue;
            }
            if let Some(data) = self.data(&path).await? {
                if let Some(def) = metadata::parse_service_definition(&data) {
                    return Ok(Some(def));
                }
            }
        }
        Ok(None)
    }

    /// Method names of `key` from Dubbo 3 application-level metadata: interface → applications
    /// (mapping) → instances → revisions → `MetadataInfo`. `None` when any link is missing.
    /// Every link is registry data: paths ZooKeeper cannot hold go to `problems`.
    pub async fn app_metadata_methods(
        &self,
        key: &ServiceKey,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<Vec<String>>> {
        let root = self.root();
        let mapping_path = format!("{root}/mapping/{}", key.interface);
        if !derived_path_ok(&mapping_path, problems) {
            return Ok(None);
        }
        let Some(mapping) = self.data(&mapping_path).await? else {
            return Ok(None);
        };
        // An application name is one node name; a `/` in it would read somewhere else.
        for app in metadata::parse_mapping(&mapping)
            .iter()
            .filter(|a| !a.contains('/'))
        {
            let app_path = format!("/services/{app}");
            if !derived_path_ok(&app_path, problems) {
                continue;
            }
            let Some(instances) = self.children(&app_path).await? else {
                continue;
            };
            let mut revisions: Vec<String> = Vec::new();
            for inst in instances {
                if let Some(data) = self.data(&format!("{app_path}/{inst}")).await? {
                    revisions.extend(
                        metadata::parse_instance_revision(&data).filter(|r| !r.contains('/')),
                    );
                }
            }
            revisions.sort();
            revisions.dedup();
            for rev in revisions {
                let path = format!("{root}/metadata/{app}/{rev}");
                if !derived_path_ok(&path, problems) {
                    continue;
                }
                if let Some(data) = self.data(&path).await? {
                    if let Some(names) = metadata::parse_metadata_info(&data, key) {
                        return Ok(Some(names));
                    }
                }
            }
        }
        Ok(None)
    }

    /// Applies each view's config-center rules to its providers (see
    /// [`ServiceView::apply_config_center`]); unreadable rule documents go to `problems`.
    pub async fn apply_config_center(
        &self,
        views: &mut [ServiceView],
        problems: &mut Vec<Problem>,
    ) -> Result<()> {
        for v in views {
            let layers = self
                .config_center_rules(&v.key, &v.applications(), problems)
                .await?;
            v.apply_config_center(&layers);
        }
        Ok(())
    }

    /// Config-center rules for a service, in the order Dubbo applies them (see
    /// [`config_center::layer_paths`]). A rule document that does not parse is reported in
    /// `problems` and skipped.
    pub async fn config_center_rules(
        &self,
        key: &ServiceKey,
        applications: &[String],
        problems: &mut Vec<Problem>,
    ) -> Result<Vec<(String, Vec<DubboUrl>)>> {
        let mut layers = Vec::new();
        for path in config_center::layer_paths(self.root(), key, applications) {
            if !derived_path_ok(&path, problems) {
                continue;
            }
            if let Some(rules) = self.config_center_document(&path, problems).await? {
                layers.push((path, rules));
            }
        }
        Ok(layers)
    }

    /// Every `*.configurators` document in the config center, read once, for listings that
    /// evaluate many services (`ls`). Usually a handful of nodes.
    pub async fn config_center_index(
        &self,
        problems: &mut Vec<Problem>,
    ) -> Result<ConfigCenterIndex> {
        let dir = format!("{}/config/dubbo", self.root());
        let mut index = ConfigCenterIndex::default();
        let Some(children) = self.children(&dir).await? else {
            return Ok(index);
        };
        for name in children
            .into_iter()
            .filter(|n| n.ends_with(".configurators"))
        {
            let path = format!("{dir}/{name}");
            if let Some(rules) = self.config_center_document(&path, problems).await? {
                index.insert(path, rules);
            }
        }
        Ok(index)
    }

    async fn config_center_document(
        &self,
        path: &str,
        problems: &mut Vec<Problem>,
    ) -> Result<Option<Vec<DubboUrl>>> {
        let data = match self.client.get_data(self.checked(path, "reading")?).await {
            Ok((d, _)) => d,
            Err(zk::Error::NoNode) => return Ok(None),
            Err(e) => return Err(self.err(e, &format!("reading {path}"))),
        };
        match config_center::parse_rules(&String::from_utf8_lossy(&data)) {
            Ok(rules) => Ok(Some(rules)),
            Err(error) => {
                problems.push(Problem {
                    path: path.to_string(),
                    error,
                });
                Ok(None)
            }
        }
    }

    /// A persistent recursive watch on `path` (ZooKeeper ≥ 3.6): one registration, every change
    /// below it, no one-shot re-arming storms.
    pub async fn watch(&self, path: &str) -> Result<RegistryWatch> {
        let watcher = self
            .client
            .watch(path, zk::AddWatchMode::PersistentRecursive)
            .await
            .map_err(|e| self.err(e, &format!("watching {path}")))?;
        Ok(RegistryWatch {
            watcher,
            root: self.root().to_string(),
            disconnected: false,
        })
    }
}

/// A change below the root, decoded from a watch event.
#[derive(Debug, Clone, PartialEq)]
pub enum RegistryEvent {
    Created {
        interface: String,
        category: Category,
        node: String,
    },
    Deleted {
        interface: String,
        category: Category,
        node: String,
    },
    /// A config-center rule document was created, changed or deleted.
    ConfigChanged,
    /// The connection to the server dropped; the session may still come back.
    Disconnected,
    /// The connection came back after a disconnect. Events in between may be lost
    /// (ZOOKEEPER-4698), so a follower must re-read what it watches.
    Reconnected,
    /// The session ended; the watch is dead.
    SessionLost(String),
}

pub struct RegistryWatch {
    watcher: zk::PersistentWatcher,
    root: String,
    disconnected: bool,
}

impl RegistryWatch {
    /// The next change to a provider/consumer/rule node. Other events (data changes, directory
    /// nodes) are skipped.
    pub async fn next(&mut self) -> RegistryEvent {
        loop {
            let ev = self.watcher.changed().await;
            match ev.event_type {
                zk::EventType::Session => match ev.session_state {
                    zk::SessionState::Expired
                    | zk::SessionState::Closed
                    | zk::SessionState::AuthFailed => {
                        return RegistryEvent::SessionLost(format!("{:?}", ev.session_state));
                    }
                    zk::SessionState::Disconnected if !self.disconnected => {
                        self.disconnected = true;
                        return RegistryEvent::Disconnected;
                    }
                    zk::SessionState::SyncConnected | zk::SessionState::ConnectedReadOnly
                        if self.disconnected =>
                    {
                        self.disconnected = false;
                        return RegistryEvent::Reconnected;
                    }
                    _ => continue,
                },
                zk::EventType::NodeCreated
                | zk::EventType::NodeDeleted
                | zk::EventType::NodeDataChanged
                    if is_config_center_rule(&self.root, &ev.path) =>
                {
                    return RegistryEvent::ConfigChanged;
                }
                zk::EventType::NodeCreated | zk::EventType::NodeDeleted => {
                    if let Some((interface, category, node)) =
                        split_event_path(&self.root, &ev.path)
                    {
                        return if ev.event_type == zk::EventType::NodeCreated {
                            RegistryEvent::Created {
                                interface,
                                category,
                                node,
                            }
                        } else {
                            RegistryEvent::Deleted {
                                interface,
                                category,
                                node,
                            }
                        };
                    }
                }
                _ => continue,
            }
        }
    }
}

/// `<root>/config/dubbo/<key>.configurators`: a config-center rule document.
pub fn is_config_center_rule(root: &str, path: &str) -> bool {
    path.strip_prefix(root)
        .and_then(|p| p.strip_prefix("/config/dubbo/"))
        .is_some_and(|name| !name.contains('/') && name.ends_with(".configurators"))
}

/// `/dubbo/<iface>/<category>/<node>` → parts; anything else → None.
pub fn split_event_path(root: &str, path: &str) -> Option<(String, Category, String)> {
    let rest = path.strip_prefix(root)?.strip_prefix('/')?;
    let mut parts = rest.splitn(3, '/');
    let iface = parts.next()?;
    let cat = Category::from_dir(parts.next()?)?;
    let node = parts.next()?;
    if node.contains('/') || node.is_empty() {
        return None;
    }
    Some((iface.to_string(), cat, node.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_paths() {
        assert_eq!(
            split_event_path("/dubbo", "/dubbo/com.x.A/providers/dubbo%3A%2F%2Fh"),
            Some((
                "com.x.A".into(),
                Category::Providers,
                "dubbo%3A%2F%2Fh".into()
            ))
        );
        assert_eq!(split_event_path("/dubbo", "/dubbo/com.x.A/providers"), None);
        assert_eq!(split_event_path("/dubbo", "/dubbo/com.x.A/other/x"), None);
        assert_eq!(
            split_event_path("/dubbo", "/other/com.x.A/providers/x"),
            None
        );
    }

    #[test]
    fn connection_errors_are_told_from_request_errors() {
        for e in [
            zk::Error::ConnectionLoss,
            zk::Error::SessionExpired,
            zk::Error::Timeout,
            zk::Error::NoHosts,
        ] {
            assert!(is_connection_error(&e), "{e}");
        }
        for e in [
            zk::Error::NoNode,
            zk::Error::NoAuth,
            zk::Error::BadVersion,
            zk::Error::NodeExists,
            zk::Error::BadArguments(&"bad path"),
        ] {
            assert!(!is_connection_error(&e), "{e}");
        }
    }

    #[test]
    fn each_member_gets_a_share_of_the_connect_timeout() {
        use std::time::Duration;
        let target = |hosts: &str, connect: u64| RegistryTarget {
            context: None,
            hosts: hosts.into(),
            chroot: None,
            root: "/dubbo".into(),
            digest: None,
            session_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_millis(connect),
            read_only: false,
            qos_port: None,
            tls: None,
        };
        assert_eq!(member_timeout(&target("a:1", 5000)), Duration::from_secs(5));
        assert_eq!(
            member_timeout(&target("a:1,b:1,c:1", 6000)),
            Duration::from_secs(2)
        );
        // Never below two seconds, nor beyond the whole connect timeout.
        assert_eq!(
            member_timeout(&target("a:1,b:1,c:1,d:1,e:1,f:1,g:1", 3000)),
            Duration::from_secs(2)
        );
        assert_eq!(
            member_timeout(&target("a:1,b:1", 500)),
            Duration::from_millis(500)
        );
        // Nor beyond the session.
        assert_eq!(
            member_timeout(&RegistryTarget {
                session_timeout: Duration::from_secs(2),
                ..target("a:1", 5000)
            }),
            Duration::from_secs(2)
        );
    }
}
