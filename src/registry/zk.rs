//! ZooKeeper I/O: sessions, pipelined reads of the Dubbo tree, and the persistent recursive watch.

use futures::stream::{self, StreamExt};
use futures::FutureExt;
use zookeeper_client as zk;

use super::config_center::{self, ConfigCenterIndex};
use super::instance::{self, AppEntry, AppIndex, MetadataSource};
use super::metadata::{self, ServiceDefinition};
use super::metadata_service;
use super::model::{
    derived_path_ok, Category, InterfaceNode, Node, NodeStat, Problem, ServiceView,
    RESERVED_ROOT_CHILDREN,
};
use super::url::{form_encode, is_path_segment, path_problem, DubboUrl, ServiceKey};
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

    /// Where this registry's application instances live (see [`instance::services_root`]).
    pub fn services_root(&self) -> String {
        instance::services_root(self.root())
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

    /// The interface nodes under the root, and the interfaces only registered at application
    /// level (named by the service-name mapping, `<root>/mapping/<interface>`). A missing root is
    /// "not found", not an empty list.
    pub async fn list_interfaces(&self) -> Result<Vec<String>> {
        // One round trip for both: a cold `invoke` waits on each.
        let (mapped, listed) = futures::future::join(
            self.mapped_interfaces(),
            self.client.list_children(self.root()),
        )
        .await;
        let mapped = mapped?;
        match listed {
            Ok(mut names) => {
                names.retain(|n| !RESERVED_ROOT_CHILDREN.contains(&n.as_str()));
                names.extend(mapped);
                names.sort();
                names.dedup();
                Ok(names)
            }
            Err(zk::Error::NoNode) if !mapped.is_empty() => Ok(mapped),
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

    /// Every interface to read for a whole-registry view: the ones [`Registry::list_interfaces`]
    /// names and any that application instances provide without a mapping, those matching
    /// `keep`; with the application index they were found in.
    pub async fn all_interfaces(
        &self,
        keep: impl Fn(&str) -> bool,
    ) -> Result<(Vec<String>, AppIndex)> {
        let apps = self.read_apps(None).await?;
        let listed = match self.list_interfaces().await {
            Ok(n) => n,
            // An empty root with application instances is still a registry to show.
            Err(e) if e.exit_code() == crate::exit::NOT_FOUND && !apps.apps.is_empty() => {
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        let mut names: Vec<String> = listed
            .into_iter()
            .chain(apps.providers_by_interface().into_keys())
            .filter(|n| keep(n))
            .collect();
        names.sort();
        names.dedup();
        Ok((names, apps))
    }

    /// Interfaces with a service-name mapping, as interface node names: Dubbo 3's
    /// `<root>/mapping/<iface>` and Dubbo 2.7's `<root>/config/mapping/<iface>/<app>`, both.
    /// Dubbo 3 writes one for every exported service; for one registered only as application
    /// instances it is the only trace under the root.
    async fn mapped_interfaces(&self) -> Result<Vec<String>> {
        let dirs = metadata::mapping_dirs(self.root());
        let lists =
            futures::future::join_all(dirs.iter().map(|d| self.client.list_children(d))).await;
        let mut names: Vec<String> = Vec::new();
        for (dir, r) in dirs.iter().zip(lists) {
            match r {
                Ok(n) => names.extend(n.iter().map(|i| form_encode(i))),
                Err(zk::Error::NoNode) => {}
                Err(e) => return Err(self.err(e, &format!("listing {dir}"))),
            }
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// The applications the service-name mappings name for an interface: the union of Dubbo
    /// 3's node and Dubbo 2.7's children (see [`metadata::mapped_applications`]). Names that
    /// cannot be followed, and mapping paths ZooKeeper cannot hold, go to `problems`.
    pub async fn mapped_applications(
        &self,
        interface: &str,
        problems: &mut Vec<Problem>,
    ) -> Result<Vec<String>> {
        let root = self.root();
        let node = metadata::mapping_path(root, interface);
        let dir = metadata::legacy_mapping_dir(root, interface);
        // Both checked before either is sent; the two reads go out together.
        let node_ok = derived_path_ok(&node, problems);
        let dir_ok = derived_path_ok(&dir, problems);
        let (content, children) = futures::future::join(
            async {
                match node_ok {
                    true => self.data(&node).await,
                    false => Ok(None),
                }
            },
            async {
                match dir_ok {
                    true => self.children(&dir).await,
                    false => Ok(None),
                }
            },
        )
        .await;
        let (content, children) = (content?, children?);
        Ok(metadata::mapped_applications(
            root,
            interface,
            content.as_deref(),
            children.as_deref(),
            problems,
        ))
    }

    /// Reads application instances and their metadata: `only` those applications, or every one
    /// under `/services`. Application names and revisions that cannot be one path segment are
    /// reported, not read.
    pub async fn read_apps(&self, only: Option<Vec<String>>) -> Result<AppIndex> {
        let names = match only {
            Some(n) => n,
            None => self
                .children(&self.services_root())
                .await?
                .unwrap_or_default(),
        };
        let mut index = AppIndex::default();
        let services_root = self.services_root();
        let services_root = services_root.as_str();
        let mut reads = stream::iter(names)
            .map(|app| async move {
                if !is_path_segment(&app) {
                    let mut e = AppEntry::default();
                    derived_path_ok(&format!("{services_root}/{app}"), &mut e.problems);
                    if e.problems.is_empty() {
                        e.problems.push(Problem {
                            path: format!("{services_root}/{app}"),
                            error: "the application name cannot be one ZooKeeper node name".into(),
                        });
                    }
                    return Ok((app, e));
                }
                let entry = self.read_app(&app, None).await?;
                Ok::<_, Error>((app, entry))
            })
            .buffer_unordered(16);
        while let Some(r) = reads.next().await {
            let (app, entry) = r?;
            index.apps.insert(app, entry);
        }
        Ok(index)
    }

    /// One application: its instances (data and stat, requests pipelined) and the metadata of
    /// each revision they name: from `known` (an earlier read) when it had it, else from the
    /// registry, else from an instance's MetadataService. A vanished application is an empty
    /// entry.
    pub async fn read_app(&self, app: &str, known: Option<&AppEntry>) -> Result<AppEntry> {
        let services_root = self.services_root();
        let dir = format!("{services_root}/{app}");
        let Some(ids) = self.children(&dir).await? else {
            return Ok(AppEntry::default());
        };
        let reads: Vec<_> = ids
            .iter()
            .map(|id| self.client.get_data(&format!("{dir}/{id}")))
            .collect();
        let results = futures::future::join_all(reads).await;
        let mut nodes = Vec::with_capacity(ids.len());
        for (id, r) in ids.into_iter().zip(results) {
            match r {
                Ok((data, stat)) => nodes.push((id, data, Some(stat_of(&stat)))),
                Err(zk::Error::NoNode) => {}
                Err(e) => return Err(self.err(e, &format!("reading {dir}/{id}"))),
            }
        }
        let mut entry = instance::parse_app(&services_root, app, nodes);
        let mut read = Vec::new();
        let mut wanted = Vec::new();
        for rev in entry.revisions() {
            match known.and_then(|k| k.metadata.get(&rev)) {
                Some(Some(info)) => read.push((rev, MetadataSource::Known(info.clone()))),
                _ => wanted.push(rev),
            }
        }
        let docs = futures::future::join_all(
            wanted
                .iter()
                .map(|rev| self.data_unchecked(format!("{}/metadata/{app}/{rev}", self.root()))),
        )
        .await;
        let mut ask = Vec::new();
        for (rev, d) in wanted.into_iter().zip(docs) {
            match d? {
                Some(doc) => read.push((rev, MetadataSource::Registry(doc))),
                None => ask.push(rev),
            }
        }
        let asked = futures::future::join_all(ask.into_iter().map(|rev| {
            let entry = &entry;
            async move {
                let source =
                    ask_providers(app, &rev, &instance::local_instances(entry, &rev)).await;
                (rev, source)
            }
        }))
        .await;
        read.extend(asked);
        instance::add_metadata(&mut entry, self.root(), app, read);
        Ok(entry)
    }

    async fn data_unchecked(&self, path: String) -> Result<Option<Vec<u8>>> {
        self.data(&path).await
    }

    /// Application-level providers of one interface: the mapping names the applications.
    async fn interface_apps(&self, interface: &str) -> Result<(AppIndex, Vec<Problem>)> {
        let mut problems = Vec::new();
        let apps = self.mapped_applications(interface, &mut problems).await?;
        if apps.is_empty() {
            return Ok((AppIndex::default(), problems));
        }
        Ok((self.read_apps(Some(apps)).await?, problems))
    }

    /// Reads the category children of the given interfaces (many requests in flight at once)
    /// and attaches their application-level providers from `apps`, handing each interface to
    /// `each` as soon as it is read, so a caller that only needs a summary never holds the whole
    /// tree (10k services x 10 providers is ~100k URLs). Order of delivery is completion order;
    /// `each` gets the number finished so far. With `stats`, provider nodes carry their stat
    /// (static/dynamic needs the ephemeral owner).
    pub async fn scan_each(
        &self,
        interfaces: &[String],
        stats: bool,
        apps: &AppIndex,
        mut each: impl FnMut(InterfaceNode, usize),
    ) -> Result<()> {
        let root = self.root();
        let mut by_iface = apps.providers_by_interface();
        let mut done = 0usize;
        let mut reads = stream::iter(interfaces.iter().cloned())
            .map(|name| self.read_interface_at(root, name, stats))
            .buffer_unordered(IN_FLIGHT / 4);
        while let Some(r) = reads.next().await {
            done += 1;
            if let Some(mut node) = r? {
                node.instances = by_iface.remove(&node.name).unwrap_or_default();
                each(node, done);
            }
        }
        Ok(())
    }

    /// One interface node, with its application-level providers; `None` if it vanished while
    /// we were reading (churn is not an error).
    pub async fn read_interface(&self, name: &str, stats: bool) -> Result<Option<InterfaceNode>> {
        // The interface node and its application-level side are read together: the mapping
        // needs only the name.
        let interface = super::model::interface_of_node(name);
        let (node, apps) = futures::future::join(
            self.read_interface_at(self.root(), name.to_string(), stats),
            self.interface_apps(&interface),
        )
        .await;
        let Some(mut node) = node? else {
            return Ok(None);
        };
        let (apps, mut problems) = apps?;
        problems.extend(apps.problems());
        node.app_problems = problems;
        node.instances = apps
            .providers_by_interface()
            .remove(&node.name)
            .unwrap_or_default();
        Ok(Some(node))
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
                self.stats_in(&dir, names)
                    .await?
                    .into_iter()
                    .map(|(n, st)| Node::new(n, Some(st)))
                    .collect()
            } else {
                names.into_iter().map(|n| Node::new(n, None)).collect()
            };
            iface.nodes.insert(cat, nodes);
        }
        Ok(Some(iface))
    }

    /// The stats of the children `names` of `dir`, requests pipelined. A child deleted since it
    /// was listed (a provider that left) is left out.
    pub async fn stats_in(&self, dir: &str, names: Vec<String>) -> Result<Vec<(String, NodeStat)>> {
        let stat_reads: Vec<_> = names
            .iter()
            .map(|n| self.client.check_stat(&format!("{dir}/{n}")))
            .collect();
        let stats = futures::future::join_all(stat_reads).await;
        let mut found = Vec::with_capacity(names.len());
        for (n, s) in names.into_iter().zip(stats) {
            match s {
                Ok(Some(st)) => found.push((n, stat_of(&st))),
                Ok(None) | Err(zk::Error::NoNode) => {}
                Err(e) => return Err(self.err(e, &format!("reading {dir}/{n}"))),
            }
        }
        Ok(found)
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
        // Every name is one node name (checked by the mapping read): none reads elsewhere.
        for app in self.mapped_applications(&key.interface, problems).await? {
            let app_path = format!("{}/{app}", self.services_root());
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

    /// What the registry tells of `view`'s methods, best source first: the metadata report's
    /// signatures, Dubbo 3 application metadata's names, then the names in the providers' URLs
    /// (sorted, once each). Paths built from registry data that ZooKeeper cannot hold go to
    /// `problems`.
    pub async fn known_methods(
        &self,
        view: &ServiceView,
        problems: &mut Vec<Problem>,
    ) -> Result<(Vec<metadata::KnownMethod>, metadata::MethodsSource)> {
        use metadata::{KnownMethod, MethodsSource};
        if let Some(d) = self
            .service_definition(&view.key, &view.applications(), problems)
            .await?
        {
            let methods = d.methods.into_iter().map(KnownMethod::from).collect();
            return Ok((methods, MethodsSource::Metadata));
        }
        if let Some(names) = self.app_metadata_methods(&view.key, problems).await? {
            let methods = names.into_iter().map(KnownMethod::named).collect();
            return Ok((methods, MethodsSource::AppMetadata));
        }
        let mut names: Vec<String> = view
            .providers
            .iter()
            .flat_map(|p| p.url.methods())
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        // Application-level providers' URLs are made from their MetadataInfo.
        let source = if view
            .providers
            .iter()
            .any(|p| p.discovery == super::model::Discovery::Application)
        {
            MethodsSource::AppMetadata
        } else {
            MethodsSource::Url
        };
        Ok((names.into_iter().map(KnownMethod::named).collect(), source))
    }

    /// Applies each view's config-center rules to its providers (see
    /// [`ServiceView::apply_config_center`]); unreadable rule documents go to `problems`.
    pub async fn apply_config_center(
        &self,
        views: &mut [ServiceView],
        problems: &mut Vec<Problem>,
    ) -> Result<()> {
        let reads = views.iter().map(|v| async move {
            let mut found = Vec::new();
            let layers = self
                .config_center_rules(&v.key, &v.applications(), &mut found)
                .await;
            (layers, found)
        });
        let read = futures::future::join_all(reads).await;
        for (v, (layers, found)) in views.iter_mut().zip(read) {
            problems.extend(found);
            v.apply_config_center(&layers?);
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
        let paths: Vec<String> = config_center::layer_paths(self.root(), key, applications)
            .into_iter()
            .filter(|path| derived_path_ok(path, problems))
            .collect();
        // All layers in one round trip; applied (and their problems told) in Dubbo's order.
        let docs = futures::future::join_all(paths.iter().map(|path| async move {
            let mut found = Vec::new();
            let doc = self.config_center_document(path, &mut found).await;
            (doc, found)
        }))
        .await;
        let mut layers = Vec::new();
        for (path, (doc, found)) in paths.into_iter().zip(docs) {
            problems.extend(found);
            if let Some(rules) = doc? {
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
            apps: false,
            path: path.to_string(),
            ended: false,
        })
    }

    /// A persistent recursive watch on the application instances (`/services`): every instance
    /// arriving, leaving or changing its revision becomes [`RegistryEvent::AppChanged`]. Session
    /// events are left to the watch on the root, so they are reported once.
    pub async fn watch_apps(&self) -> Result<RegistryWatch> {
        let mut w = self.watch(&self.services_root()).await?;
        w.apps = true;
        Ok(w)
    }
}

/// Asks the MetadataService of the instances of one revision, one after the other until one
/// answers (they all serve the same revision; the first may be gone already).
async fn ask_providers(app: &str, rev: &str, instances: &[&instance::Instance]) -> MetadataSource {
    let mut last = MetadataSource::Missing;
    for inst in instances.iter().take(2) {
        let at = instance::metadata_service_address(inst);
        let result = metadata_service::fetch(&at, app, rev, metadata_service::TIMEOUT).await;
        let done = result.is_ok();
        last = MetadataSource::Provider { at, result };
        if done {
            break;
        }
    }
    last
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
    /// An instance of this application arrived, left or changed, or the metadata of one of its
    /// revisions did: its application-level providers must be read again.
    AppChanged(String),
    /// A service-name mapping of this interface (as named in the mapping path) was written or
    /// removed, Dubbo 3's node or a Dubbo 2.7 child: the applications it names must be read
    /// again.
    MappingChanged(String),
}

pub struct RegistryWatch {
    watcher: zk::PersistentWatcher,
    root: String,
    disconnected: bool,
    /// Watching the application instances rather than the root (see [`Registry::watch_apps`]).
    apps: bool,
    /// The watched path.
    path: String,
    /// The session ended: the client has dropped the watch's channel, and asking it for more
    /// would panic inside the client.
    ended: bool,
}

impl RegistryWatch {
    /// The next change to a provider/consumer/rule node. Other events (data changes, directory
    /// nodes) are skipped.
    pub async fn next(&mut self) -> RegistryEvent {
        loop {
            if self.ended {
                // The watch on the root reports the end; a new session brings new watches.
                return std::future::pending().await;
            }
            let ev = self.watcher.changed().await;
            let terminal = ev.event_type == zk::EventType::Session
                && matches!(
                    ev.session_state,
                    zk::SessionState::Expired
                        | zk::SessionState::Closed
                        | zk::SessionState::AuthFailed
                );
            if terminal {
                self.ended = true;
                if self.apps {
                    continue;
                }
                return RegistryEvent::SessionLost(format!("{:?}", ev.session_state));
            }
            if self.apps {
                match ev.event_type {
                    zk::EventType::NodeCreated
                    | zk::EventType::NodeDeleted
                    | zk::EventType::NodeDataChanged => {
                        if let Some(app) = app_of_instance_path(&self.path, &ev.path) {
                            return RegistryEvent::AppChanged(app);
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match ev.event_type {
                zk::EventType::NodeCreated
                | zk::EventType::NodeDeleted
                | zk::EventType::NodeDataChanged
                    if app_of_metadata_path(&self.root, &ev.path).is_some() =>
                {
                    if let Some(app) = app_of_metadata_path(&self.root, &ev.path) {
                        return RegistryEvent::AppChanged(app);
                    }
                }
                zk::EventType::NodeCreated
                | zk::EventType::NodeDeleted
                | zk::EventType::NodeDataChanged
                    if metadata::interface_of_mapping_path(&self.root, &ev.path).is_some() =>
                {
                    if let Some(iface) = metadata::interface_of_mapping_path(&self.root, &ev.path) {
                        return RegistryEvent::MappingChanged(iface);
                    }
                }
                // The end of the session was handled above.
                zk::EventType::Session => match ev.session_state {
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

/// `/services/<app>` or `/services/<app>/<id>` → the application.
pub fn app_of_instance_path(services_root: &str, path: &str) -> Option<String> {
    let rest = path.strip_prefix(services_root)?.strip_prefix('/')?;
    let mut parts = rest.split('/');
    let app = parts.next().filter(|a| !a.is_empty())?;
    match (parts.next(), parts.next()) {
        (None, _) | (Some(_), None) => Some(app.to_string()),
        _ => None,
    }
}

/// `<root>/metadata/<app>/<revision>` (Dubbo 3 application metadata) → the application. The 2.7
/// service definitions under `<root>/metadata/<interface>/...` are deeper.
pub fn app_of_metadata_path(root: &str, path: &str) -> Option<String> {
    let rest = path.strip_prefix(root)?.strip_prefix("/metadata/")?;
    let (app, rev) = rest.split_once('/')?;
    (!app.is_empty() && !rev.is_empty() && !rev.contains('/')).then(|| app.to_string())
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
    fn application_event_paths() {
        assert_eq!(
            app_of_instance_path("/services", "/services/app-a/10.0.0.1:20880").as_deref(),
            Some("app-a")
        );
        assert_eq!(
            app_of_instance_path("/services", "/services/app-a").as_deref(),
            Some("app-a")
        );
        assert_eq!(app_of_instance_path("/services", "/services"), None);
        assert_eq!(app_of_instance_path("/services", "/services/a/b/c"), None);
        assert_eq!(
            app_of_metadata_path("/dubbo", "/dubbo/metadata/app-a/6c1f").as_deref(),
            Some("app-a")
        );
        assert_eq!(
            app_of_metadata_path("/dubbo", "/dubbo/metadata/com.x.A/provider/app"),
            None
        );
        assert_eq!(
            app_of_metadata_path("/dubbo", "/dubbo/metadata/app-a"),
            None
        );
    }

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
