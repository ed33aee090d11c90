//! What svcctl knows about a registry after reading it: raw nodes, grouped into services, with
//! the effective provider state computed. Pure: built from data the I/O layer fetched.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::rules::{self, Effective, RuleScope};
use super::url::{percent_decode, DubboUrl, ServiceKey, UrlError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Providers,
    Consumers,
    Configurators,
    Routers,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Providers,
        Category::Consumers,
        Category::Configurators,
        Category::Routers,
    ];

    pub fn dir(self) -> &'static str {
        match self {
            Category::Providers => "providers",
            Category::Consumers => "consumers",
            Category::Configurators => "configurators",
            Category::Routers => "routers",
        }
    }

    pub fn from_dir(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.dir() == s)
    }
}

/// The parts of a ZooKeeper `Stat` svcctl uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeStat {
    /// Session id owning an ephemeral node; 0 for a persistent node.
    pub ephemeral_owner: i64,
    pub ctime_ms: i64,
    pub mtime_ms: i64,
    pub version: i32,
}

/// One child of a category directory: its raw name, the URL parsed from it (or why not), and its
/// stat when it was fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub name: String,
    /// Shared with every view built from this node: at 100,000 providers one parsed copy each
    /// is what `top` can afford, not one per view, change and dashboard row.
    pub url: Result<Arc<DubboUrl>, UrlError>,
    pub stat: Option<NodeStat>,
}

impl Node {
    pub fn new(name: String, stat: Option<NodeStat>) -> Node {
        let url = DubboUrl::from_node_name(&name).map(Arc::new);
        Node { name, url, stat }
    }
}

/// `/<root>/<interface>` and its category children.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InterfaceNode {
    /// The child name under the root, as stored (URL-encoded interface name).
    pub name: String,
    pub nodes: BTreeMap<Category, Vec<Node>>,
    /// Providers registered at application level (Dubbo 3 `register-mode=instance`), made from
    /// their instances and metadata by [`super::instance`]; node names are `app/id/...`.
    pub instances: Vec<Node>,
    /// What could not be used of the applications the mapping names for this interface.
    pub app_problems: Vec<Problem>,
}

/// The interface an interface node's name stands for: decoded (kept raw when it does not decode).
pub fn interface_of_node(name: &str) -> String {
    percent_decode(name, true).unwrap_or_else(|_| name.to_string())
}

impl InterfaceNode {
    /// The interface name, decoded from the node name (kept raw when it does not decode).
    pub fn interface(&self) -> String {
        interface_of_node(&self.name)
    }

    pub fn nodes(&self, c: Category) -> &[Node] {
        self.nodes.get(&c).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// How a provider is registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// Ephemeral node: goes away with the provider's session.
    Dynamic,
    /// Persistent node: registered by a person (`dynamic=false`), stays until unregistered.
    Static,
    /// Stat not read.
    Unknown,
}

impl Registration {
    pub fn as_str(self) -> &'static str {
        match self {
            Registration::Dynamic => "dynamic",
            Registration::Static => "static",
            Registration::Unknown => "unknown",
        }
    }
}

/// Where a provider is registered: the interface-level tree (`/dubbo/<iface>/providers`), as an
/// application instance (`/services/<app>/<ip:port>`, Dubbo 3), or both (Dubbo 3's default
/// `register-mode=all`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Discovery {
    Interface,
    Application,
    Both,
}

impl Discovery {
    pub fn as_str(self) -> &'static str {
        match self {
            Discovery::Interface => "interface",
            Discovery::Application => "application",
            Discovery::Both => "both",
        }
    }

    /// The kind of a service from its providers' kinds: one kind when they agree, `both` when
    /// the service can be found either way.
    pub fn of_service(kinds: impl Iterator<Item = Discovery>) -> Option<Discovery> {
        kinds.reduce(|a, b| if a == b { a } else { Discovery::Both })
    }
}

/// A provider of one service key, with its effective state.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderView {
    /// The interface-level node name, or for an application-level provider `app/id/...` (see
    /// [`super::instance`]): never a path to write to.
    pub node_name: String,
    pub url: Arc<DubboUrl>,
    pub stat: Option<NodeStat>,
    pub effective: Effective,
    pub registration: Registration,
    pub discovery: Discovery,
    /// `/services/<app>/<id>` of the instance, when registered at application level.
    pub instance_path: Option<String>,
}

impl ProviderView {
    /// A persistent node whose URL says `dynamic=true` is usually a zombie left behind by a
    /// crashed provider or a bad tool (Dubbo issue 7124): worth flagging.
    pub fn registration_mismatch(&self) -> bool {
        // An instance's URL is made by svcctl from its metadata: there is no flag to disagree.
        if self.discovery == Discovery::Application {
            return false;
        }
        let url_dynamic = self.url.bool_param("dynamic") != Some(false);
        match self.registration {
            Registration::Static => url_dynamic,
            Registration::Dynamic => !url_dynamic,
            Registration::Unknown => false,
        }
    }

    /// Since the provider started: its URL's `timestamp`, or for an application instance
    /// (whose URL has none) when its node was created.
    pub fn uptime_ms(&self, now_ms: i64) -> Option<i64> {
        self.started_ms().map(|t| now_ms - t)
    }

    /// When the provider started (epoch ms), as [`ProviderView::uptime_ms`] counts from.
    pub fn started_ms(&self) -> Option<i64> {
        self.url.timestamp_ms().or_else(|| {
            (self.discovery == Discovery::Application)
                .then_some(self.stat?.ctime_ms)
                .filter(|t| *t > 0)
        })
    }

    /// Still warming up as Dubbo computes it: started less than `warmup` ms ago by the URL's
    /// `timestamp`. Dubbo 3 instance URLs carry none (apache/dubbo#9990), so consumers that
    /// find a provider by application never warm it up.
    pub fn warming_up(&self, now_ms: i64) -> bool {
        warming_at(self.url.timestamp_ms(), self.url.warmup_ms(), now_ms)
    }
}

/// [`ProviderView::warming_up`] from the URL's `timestamp` and `warmup`, read once by a
/// caller that asks every second.
pub fn warming_at(timestamp_ms: Option<i64>, warmup_ms: i64, now_ms: i64) -> bool {
    timestamp_ms
        .map(|t| now_ms - t)
        .is_some_and(|u| u >= 0 && u < warmup_ms)
}

/// A rule under `/configurators` or `/routers` and what it does to this service.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleView {
    pub category: Category,
    /// The node the rule was read from: a child name under the category directory, or the
    /// config-center path for dynamic configuration rules.
    pub node_name: String,
    /// `Some(path)` for a config-center rule, `None` for an `override://` node in the registry.
    pub config_center: Option<String>,
    /// Shared with the node it was read from (see [`Node::url`]).
    pub url: Arc<DubboUrl>,
    /// For override rules: which providers it applies to, or why it does not.
    pub targets: Vec<(String, RuleScope)>,
}

/// A node that could not be parsed; shown, never dropped silently.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: String,
    pub error: String,
}

/// Checks a path built from registry data (a group, version, application or interface name)
/// before it is sent. A path ZooKeeper would refuse is recorded as a problem of the
/// registration it came from and the caller skips the read: a group holding an escape
/// character is hostile data, not a reason to fail the whole command.
pub fn derived_path_ok(path: &str, problems: &mut Vec<Problem>) -> bool {
    match super::url::path_problem(path) {
        None => true,
        Some(why) => {
            if !problems.iter().any(|p| p.path == path) {
                problems.push(Problem {
                    path: path.to_string(),
                    error: format!(
                        "this path is built from registry data and holds {why}, which ZooKeeper does not allow in a path"
                    ),
                });
            }
            false
        }
    }
}

/// Everything about one service key.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceView {
    pub key: ServiceKey,
    pub providers: Vec<ProviderView>,
    pub consumers: Vec<DubboUrl>,
    pub rules: Vec<RuleView>,
}

impl ServiceView {
    /// Adds config-center rules and recomputes every provider's effective state. Dubbo applies
    /// the registry's configurators first, then the config center's application-level, then
    /// service-level rules, each list in its own order; `layers` come in that order as
    /// (config path, rules).
    pub fn apply_config_center(&mut self, layers: &[(String, Vec<DubboUrl>)]) {
        if layers.iter().all(|(_, rules)| rules.is_empty()) {
            return;
        }
        let registry_rules: Vec<Arc<DubboUrl>> = self
            .rules
            .iter()
            .filter(|r| r.category == Category::Configurators && r.config_center.is_none())
            .map(|r| r.url.clone())
            .collect();
        for p in &mut self.providers {
            let registry_rules = registry_rules_for(p, &registry_rules);
            p.effective = rules::effective_layered_shared(&p.url, registry_rules, layers, None);
        }
        for (path, layer) in layers {
            for url in layer
                .iter()
                .filter(|u| rules::rule_matches_service(u, &self.key))
            {
                let targets = self
                    .providers
                    .iter()
                    .map(|p| (p.url.address(), rules::rule_scope(url, &p.url, None)))
                    .collect();
                self.rules.push(RuleView {
                    category: Category::Configurators,
                    node_name: path.clone(),
                    config_center: Some(path.clone()),
                    url: Arc::new(url.clone()),
                    targets,
                });
            }
        }
    }

    pub fn enabled_providers(&self) -> usize {
        self.providers
            .iter()
            .filter(|p| p.effective.enabled)
            .count()
    }

    /// The providers' applications, sorted and unique.
    pub fn applications(&self) -> Vec<String> {
        application_names(self.providers.iter().map(|p| &*p.url))
    }

    /// How the service is registered; interface-level when it has no providers (its directory
    /// is what was found).
    pub fn discovery(&self) -> Discovery {
        Discovery::of_service(self.providers.iter().map(|p| p.discovery))
            .unwrap_or(Discovery::Interface)
    }
}

/// The registry's own rules (`<root>/<interface>/configurators`) that a provider's consumers
/// read: none for one registered only at application level, since Dubbo 3 consumers that find
/// providers by application take rules from the config center alone.
fn registry_rules_for<'a, R>(p: &ProviderView, rules: &'a [R]) -> &'a [R] {
    if p.discovery == Discovery::Application {
        &[]
    } else {
        rules
    }
}

/// The `application` names of some URLs, sorted and unique.
pub fn application_names<'a>(urls: impl Iterator<Item = &'a DubboUrl>) -> Vec<String> {
    let mut apps: Vec<String> = urls
        .filter_map(|u| u.application().map(str::to_string))
        .collect();
    apps.sort();
    apps.dedup();
    apps
}

/// The view of `url`'s service key under `interface` (Java ignores entries whose interface
/// differs from the directory's), made on first use.
fn view_for<'a>(
    by_key: &'a mut BTreeMap<ServiceKey, ServiceView>,
    interface: &str,
    url: &DubboUrl,
) -> &'a mut ServiceView {
    let key = ServiceKey::new(interface, url.group(), url.version());
    by_key.entry(key.clone()).or_insert_with(|| ServiceView {
        key,
        providers: Vec::new(),
        consumers: Vec::new(),
        rules: Vec::new(),
    })
}

/// A provider as read, before rules: its effective state is computed once the interface's
/// rules are known.
fn new_provider(
    node: &Node,
    url: Arc<DubboUrl>,
    discovery: Discovery,
    instance_path: Option<String>,
) -> ProviderView {
    let registration = match node.stat {
        Some(s) if s.ephemeral_owner == 0 => Registration::Static,
        Some(_) => Registration::Dynamic,
        None => Registration::Unknown,
    };
    ProviderView {
        node_name: node.name.clone(),
        effective: Effective {
            url: url.clone(),
            enabled: true,
            weight: 0,
            applied: vec![],
        },
        url,
        stat: node.stat,
        registration,
        discovery,
        instance_path,
    }
}

/// The room a list that churn keeps changing holds for `len` items: a function of its length
/// alone. A list that only grew by one and shrank with a margin (as these did) holds room set
/// by the most items it ever had, so under churn the whole model creeps towards every list's
/// high-water mark; and lists fitted exactly on every change reallocate between many distinct
/// sizes and fragment the heap. Multiples of four are a few sizes, reused as lists swap them.
fn churn_room(len: usize) -> usize {
    if len <= 2 {
        len
    } else {
        len.div_ceil(4) * 4
    }
}

/// Before pushing one item onto a churned list (see [`churn_room`]).
pub fn churn_reserve_one<T>(list: &mut Vec<T>) {
    if list.len() == list.capacity() {
        list.reserve_exact(churn_room(list.len() + 1) - list.len());
    }
}

/// A list read whole, about to be churned: given the room churn will keep it at, so the
/// blocks it was read into (one per length) do not stay behind as holes of sizes no list
/// has once it changes (see [`churn_room`]).
pub fn churn_fit<T>(list: &mut Vec<T>) {
    let room = churn_room(list.len());
    if list.capacity() < room {
        list.reserve_exact(room - list.len());
    } else {
        churn_settle(list);
    }
}

/// After removing items from a churned list (see [`churn_room`]).
pub fn churn_settle<T>(list: &mut Vec<T>) {
    let room = churn_room(list.len());
    if list.capacity() > room {
        list.shrink_to(room);
    }
}

/// Builds the service views of one interface node. Providers, consumers and rules are grouped by
/// service key; a rule belongs to every key it matches.
pub fn services_of(
    iface: &InterfaceNode,
    root: &str,
    problems: &mut Vec<Problem>,
) -> Vec<ServiceView> {
    let interface = iface.interface();
    let mut by_key: BTreeMap<ServiceKey, ServiceView> = BTreeMap::new();
    problems.extend(iface.app_problems.iter().cloned());
    let mut rules_urls: Vec<(Category, &Node, Arc<DubboUrl>)> = Vec::new();
    for cat in Category::ALL {
        for node in iface.nodes(cat) {
            let url = match &node.url {
                Ok(u) => u.clone(),
                Err(e) => {
                    problems.push(Problem {
                        path: format!("{root}/{}/{}/{}", iface.name, cat.dir(), node.name),
                        error: e.to_string(),
                    });
                    continue;
                }
            };
            match cat {
                Category::Providers | Category::Consumers => {
                    let view = view_for(&mut by_key, &interface, &url);
                    if cat == Category::Providers {
                        view.providers
                            .push(new_provider(node, url, Discovery::Interface, None));
                    } else {
                        view.consumers.push((*url).clone());
                    }
                }
                Category::Configurators | Category::Routers => rules_urls.push((cat, node, url)),
            }
        }
    }
    for node in &iface.instances {
        let Ok(url) = &node.url else { continue };
        let view = view_for(&mut by_key, &interface, url);
        let instance_path = node
            .name
            .splitn(3, '/')
            .take(2)
            .collect::<Vec<_>>()
            .join("/");
        let instance_path = Some(format!(
            "{}/{instance_path}",
            super::instance::services_root(root)
        ));
        // Registered both ways (Dubbo 3's default): one provider, the interface-level URL kept
        // since it carries every parameter the provider exported.
        if let Some(p) = view.providers.iter_mut().find(|p| {
            p.discovery == Discovery::Interface
                && p.url.protocol == url.protocol
                && p.url.address() == url.address()
        }) {
            p.discovery = Discovery::Both;
            p.instance_path = instance_path;
            continue;
        }
        view.providers.push(new_provider(
            node,
            url.clone(),
            Discovery::Application,
            instance_path,
        ));
    }
    let overrides: Vec<Arc<DubboUrl>> = rules_urls
        .iter()
        .filter(|(c, _, _)| *c == Category::Configurators)
        .map(|(_, _, u)| u.clone())
        .collect();
    for view in by_key.values_mut() {
        for p in &mut view.providers {
            p.effective = rules::effective_shared(&p.url, registry_rules_for(p, &overrides), None);
        }
        for (cat, node, url) in &rules_urls {
            let applies_to_key =
                *cat == Category::Routers || rules::rule_matches_service(url, &view.key);
            if !applies_to_key {
                continue;
            }
            let targets = if *cat == Category::Configurators {
                view.providers
                    .iter()
                    .map(|p| (p.url.address(), rules::rule_scope(url, &p.url, None)))
                    .collect()
            } else {
                Vec::new()
            };
            view.rules.push(RuleView {
                config_center: None,
                category: *cat,
                node_name: node.name.clone(),
                url: url.clone(),
                targets,
            });
        }
        view.providers.sort_by_key(|p| p.url.address());
    }
    by_key.into_values().collect()
}

/// Names under the root that belong to Dubbo itself, not to services.
pub const RESERVED_ROOT_CHILDREN: &[&str] = &["metadata", "config", "mapping", "services"];

/// Service views of one interface built from decoded URLs (providers as live ephemeral nodes,
/// rules under `configurators`), for unit tests elsewhere in the crate.
#[cfg(test)]
pub(crate) fn test_views(interface: &str, providers: &[&str], rules: &[&str]) -> Vec<ServiceView> {
    let stat = Some(NodeStat {
        ephemeral_owner: 5,
        ctime_ms: 0,
        mtime_ms: 0,
        version: 0,
    });
    let nodes = |urls: &[&str]| {
        urls.iter()
            .map(|u| Node::new(super::url::form_encode(u), stat))
            .collect()
    };
    let mut iface = InterfaceNode {
        name: interface.into(),
        ..Default::default()
    };
    iface.nodes.insert(Category::Providers, nodes(providers));
    iface.nodes.insert(Category::Configurators, nodes(rules));
    services_of(&iface, "/dubbo", &mut vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_paths_zookeeper_refuses_are_reported_once() {
        let mut problems = Vec::new();
        assert!(derived_path_ok(
            "/dubbo/metadata/com.x.A/1.0.0/provider/app",
            &mut problems
        ));
        assert!(problems.is_empty());
        let bad = "/dubbo/metadata/com.x.A/1.0.0/g\u{1b}[31m/provider/app";
        assert!(!derived_path_ok(bad, &mut problems));
        assert!(!derived_path_ok(bad, &mut problems));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, bad);
        assert!(
            problems[0].error.contains("a control character"),
            "{:?}",
            problems[0]
        );
    }

    fn node(url: &str, ephemeral_owner: i64) -> Node {
        let stat = NodeStat {
            ephemeral_owner,
            ctime_ms: 0,
            mtime_ms: 0,
            version: 0,
        };
        Node::new(super::super::url::form_encode(url), Some(stat))
    }

    #[test]
    fn groups_by_service_key_and_applies_rules() {
        let mut iface = InterfaceNode {
            name: "com.x.A".into(),
            ..Default::default()
        };
        iface.nodes.insert(
            Category::Providers,
            vec![
                node("dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&version=1.0.0&application=a", 77),
                node("dubbo://10.0.0.2:20880/com.x.A?interface=com.x.A&version=1.0.0&application=a&dynamic=false", 0),
                node("dubbo://10.0.0.3:20880/com.x.A?interface=com.x.A&version=2.0.0&application=b", 78),
            ],
        );
        iface.nodes.insert(
            Category::Consumers,
            vec![node(
                "consumer://10.1.0.1/com.x.A?interface=com.x.A&version=1.0.0&application=c",
                90,
            )],
        );
        iface.nodes.insert(
            Category::Configurators,
            vec![
                node(
                    "override://10.0.0.1:20880/com.x.A?disabled=true&version=1.0.0&enabled=true",
                    0,
                ),
                Node::new("garbage%ZZ".into(), None),
            ],
        );
        let mut problems = vec![];
        let views = services_of(&iface, "/dubbo", &mut problems);
        assert_eq!(views.len(), 2);
        let v1 = &views[0];
        assert_eq!(v1.key.to_string(), "com.x.A:1.0.0");
        assert_eq!(v1.providers.len(), 2);
        assert_eq!(v1.enabled_providers(), 1);
        assert_eq!(v1.consumers.len(), 1);
        assert_eq!(v1.rules.len(), 1);
        assert_eq!(v1.providers[0].registration, Registration::Dynamic);
        assert_eq!(v1.providers[1].registration, Registration::Static);
        assert!(!v1.providers[1].registration_mismatch());
        let v2 = &views[1];
        assert_eq!(v2.enabled_providers(), 1);
        assert!(
            v2.rules.is_empty(),
            "a rule for 1.0.0 must not be listed under 2.0.0"
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].path.ends_with("/configurators/garbage%ZZ"));
    }

    #[test]
    fn persistent_node_with_dynamic_url_is_flagged() {
        let mut iface = InterfaceNode {
            name: "com.x.A".into(),
            ..Default::default()
        };
        iface.nodes.insert(
            Category::Providers,
            vec![node("dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A", 0)],
        );
        let views = services_of(&iface, "/dubbo", &mut vec![]);
        assert!(views[0].providers[0].registration_mismatch());
    }

    /// Triple providers of both shapes sit under the same service key as dubbo ones: the Java
    /// shape (path, interface, methods) and dubbo-python's (only `service=`).
    #[test]
    fn triple_providers_are_listed_with_their_service() {
        let mut iface = InterfaceNode {
            name: "com.x.Greeter".into(),
            ..Default::default()
        };
        iface.nodes.insert(
            Category::Providers,
            vec![
                Node::new(
                    "tri%3A%2F%2F127.0.0.1%3A50051%3Fservice%3Dcom.x.Greeter".into(),
                    Some(NodeStat {
                        ephemeral_owner: 9,
                        ctime_ms: 0,
                        mtime_ms: 0,
                        version: 0,
                    }),
                ),
                node(
                    "tri://10.0.0.7:50052/com.x.Greeter?interface=com.x.Greeter&methods=greet&application=g",
                    8,
                ),
                node("dubbo://10.0.0.8:20880/com.x.Greeter?interface=com.x.Greeter", 7),
            ],
        );
        let mut problems = vec![];
        let views = services_of(&iface, "/dubbo", &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(views.len(), 1);
        let v = &views[0];
        assert_eq!(v.key.to_string(), "com.x.Greeter");
        let listed: Vec<(String, &str)> = v
            .providers
            .iter()
            .map(|p| (p.url.address(), p.url.protocol.as_str()))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("10.0.0.7:50052".to_string(), "tri"),
                ("10.0.0.8:20880".to_string(), "dubbo"),
                ("127.0.0.1:50051".to_string(), "tri"),
            ]
        );
        assert_eq!(v.enabled_providers(), 3);
        let python = &v.providers[2];
        assert_eq!(python.registration, Registration::Dynamic);
        assert_eq!(python.url.interface(), "com.x.Greeter");
        assert!(python.url.methods().is_empty());
        assert_eq!(v.applications(), vec!["g".to_string()]);
    }

    /// Dubbo 3 consumers that find a provider by application read only config-center rules: a
    /// registry override for its address changes the interface-level provider, not the
    /// application-level one.
    #[test]
    fn registry_rules_skip_application_level_providers() {
        let mut iface = InterfaceNode {
            name: "com.x.A".into(),
            ..Default::default()
        };
        iface.nodes.insert(
            Category::Providers,
            vec![node("dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A", 5)],
        );
        iface.nodes.insert(
            Category::Configurators,
            vec![node(
                "override://0.0.0.0/com.x.A?disabled=true&enabled=true",
                0,
            )],
        );
        iface.instances = vec![Node {
            name: "app/10.0.0.2:20880/dubbo/com.x.A".into(),
            url: DubboUrl::parse(
                "dubbo://10.0.0.2:20880/com.x.A?interface=com.x.A&application=app",
            )
            .map(Arc::new),
            stat: None,
        }];
        let v = &services_of(&iface, "/dubbo", &mut vec![])[0];
        let state: Vec<(String, Discovery, bool)> = v
            .providers
            .iter()
            .map(|p| (p.url.address(), p.discovery, p.effective.enabled))
            .collect();
        assert_eq!(
            state,
            vec![
                ("10.0.0.1:20880".into(), Discovery::Interface, false),
                ("10.0.0.2:20880".into(), Discovery::Application, true),
            ]
        );
        assert_eq!(v.discovery(), Discovery::Both);
        assert_eq!(
            v.providers[1].instance_path.as_deref(),
            Some("/services/app/10.0.0.2:20880")
        );
    }

    #[test]
    fn warm_up_window() {
        let mut iface = InterfaceNode {
            name: "com.x.A".into(),
            ..Default::default()
        };
        iface.nodes.insert(
            Category::Providers,
            vec![node(
                "dubbo://10.0.0.1:20880/com.x.A?timestamp=1000000&warmup=60000",
                1,
            )],
        );
        let p = &services_of(&iface, "/dubbo", &mut vec![])[0].providers[0];
        assert!(p.warming_up(1_030_000));
        assert!(!p.warming_up(1_060_000));
        assert_eq!(p.uptime_ms(1_030_000), Some(30_000));
    }
}

#[cfg(test)]
mod churn_room_tests {
    use super::*;

    #[test]
    fn a_churned_lists_room_depends_on_its_length_alone() {
        // The same length reached by growing, by shrinking from a peak, or from a fitted
        // list: the same capacity, and never short of the length.
        for len in 0..40usize {
            let mut grown: Vec<u64> = Vec::new();
            for i in 0..len {
                churn_reserve_one(&mut grown);
                grown.push(i as u64);
            }
            let mut read: Vec<u64> = (0..len as u64).collect();
            churn_fit(&mut read);
            assert_eq!(grown.capacity(), read.capacity(), "len {len}");
            let mut shrunk: Vec<u64> = Vec::with_capacity(len + 37);
            shrunk.extend(0..len as u64 + 30);
            shrunk.truncate(len);
            churn_settle(&mut shrunk);
            assert_eq!(grown.capacity(), shrunk.capacity(), "len {len}");
            assert!(
                grown.capacity() >= len && grown.capacity() <= len + 3,
                "len {len}"
            );
        }
    }
}
