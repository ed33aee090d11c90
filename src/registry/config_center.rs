//! Dynamic configuration rules from Dubbo's config center in ZooKeeper (2.7+ and 3.x, what the
//! newer dubbo-admin writes): `<root>/config/dubbo/<iface>:<version>:<group>.configurators` for a
//! service and `<root>/config/dubbo/<application>.configurators` for an application. The content
//! is a YAML `ConfiguratorConfig` (or, from old tools, a JSON array of `override://` URLs). Each
//! item becomes `override://` URLs the way Dubbo's `ConfigParser` builds them, so the same rules
//! engine evaluates them. Pure: no I/O.

use yaml_rust2::parser::{Event, EventReceiver, Parser};
use yaml_rust2::{Yaml, YamlLoader};

use super::url::{DubboUrl, ServiceKey};

/// Where a service's rules live (empty parts kept: `com.x.A::`, `com.x.A:1.0.0:g1`).
pub fn service_rule_path(root: &str, key: &ServiceKey) -> String {
    format!(
        "{root}/config/dubbo/{}:{}:{}.configurators",
        key.interface,
        key.version.as_deref().unwrap_or(""),
        key.group.as_deref().unwrap_or("")
    )
}

/// Where an application's rules live.
pub fn app_rule_path(root: &str, application: &str) -> String {
    format!("{root}/config/dubbo/{application}.configurators")
}

/// The rule documents that apply to a service, in the order Dubbo applies them: each provider
/// application's, then the service's own.
/// An application name is one node name: one holding `/` would point elsewhere and is left
/// out. Other characters ZooKeeper refuses are left in, so the caller reports them.
pub fn layer_paths(root: &str, key: &ServiceKey, applications: &[String]) -> Vec<String> {
    let mut paths: Vec<String> = applications
        .iter()
        .filter(|a| !a.contains('/'))
        .map(|a| app_rule_path(root, a))
        .collect();
    paths.push(service_rule_path(root, key));
    paths
}

/// The config center's rule documents by path, read once for listings, watch mode and
/// mutation plans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigCenterIndex {
    documents: std::collections::BTreeMap<String, Vec<DubboUrl>>,
}

impl ConfigCenterIndex {
    pub fn insert(&mut self, path: String, rules: Vec<DubboUrl>) {
        self.documents.insert(path, rules);
    }

    /// The layers that apply to a service, in the order Dubbo applies them.
    pub fn layers(
        &self,
        root: &str,
        key: &ServiceKey,
        applications: &[String],
    ) -> Vec<(String, Vec<DubboUrl>)> {
        layer_paths(root, key, applications)
            .into_iter()
            .filter_map(|p| self.documents.get(&p).map(|rules| (p, rules.clone())))
            .collect()
    }

    /// Applies the rules that concern `view` to it, as `show` would after reading them. Rule
    /// documents are looked up here, not read, but a layer path ZooKeeper could not hold still
    /// says the registration is hostile: it goes to `problems`, as a read would report it.
    pub fn apply_to(
        &self,
        root: &str,
        view: &mut super::ServiceView,
        problems: &mut Vec<super::model::Problem>,
    ) {
        let apps = view.applications();
        for path in layer_paths(root, &view.key, &apps) {
            super::model::derived_path_ok(&path, problems);
        }
        view.apply_config_center(&self.layers(root, &view.key, &apps));
    }
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn strings(y: &Yaml) -> Vec<String> {
    match y {
        Yaml::Array(a) => a.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// `[group/]interface[:version]` as the rule's `key` and `services` entries write it, rendered
/// as Dubbo's `appendService` does: path, then `group`/`version` parameters.
fn service_part(service: &str) -> (String, Vec<(String, String)>) {
    let key = ServiceKey::parse(service);
    let mut params = Vec::new();
    if let Some(g) = key.group {
        params.push(("group".to_string(), g));
    }
    if let Some(v) = key.version {
        params.push(("version".to_string(), v));
    }
    (key.interface, params)
}

/// More YAML nodes than any rule needs. The loader copies an anchored node for every alias of
/// it, so a few hundred bytes of nested aliases ("billion laughs") would otherwise expand to
/// gigabytes; the count is taken from parser events, before anything is copied.
const MAX_YAML_NODES: usize = 100_000;

/// Nodes `text` has once every alias is expanded, saturating.
fn expanded_nodes(text: &str) -> Result<usize, yaml_rust2::ScanError> {
    #[derive(Default)]
    struct Counter {
        total: usize,
        /// Open collections: anchor id and the count when they started.
        open: Vec<(usize, usize)>,
        /// Expanded size of each anchored node.
        sizes: std::collections::HashMap<usize, usize>,
    }
    impl EventReceiver for Counter {
        fn on_event(&mut self, ev: Event) {
            match ev {
                Event::Scalar(_, _, anchor, _) => {
                    self.total = self.total.saturating_add(1);
                    if anchor > 0 {
                        self.sizes.insert(anchor, 1);
                    }
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    self.open.push((anchor, self.total));
                    self.total = self.total.saturating_add(1);
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some((anchor, start)) = self.open.pop() {
                        if anchor > 0 {
                            self.sizes.insert(anchor, self.total - start);
                        }
                    }
                }
                Event::Alias(id) => {
                    let size = self.sizes.get(&id).copied().unwrap_or(1);
                    self.total = self.total.saturating_add(size);
                }
                _ => {}
            }
        }
    }
    let mut counter = Counter::default();
    Parser::new_from_str(text).load(&mut counter, true)?;
    Ok(counter.total)
}

/// Parses a config-center rule document into `override://` URLs.
pub fn parse_rules(text: &str) -> Result<Vec<DubboUrl>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    if trimmed.starts_with('[') {
        let list: Vec<String> = serde_json::from_str(trimmed)
            .map_err(|e| format!("not a JSON list of override URLs: {e}"))?;
        return list
            .iter()
            .map(|u| DubboUrl::parse(u).map_err(|e| format!("{u:?}: {e}")))
            .collect();
    }
    let nodes = expanded_nodes(trimmed).map_err(|e| format!("invalid YAML: {e}"))?;
    if nodes > MAX_YAML_NODES {
        return Err(format!(
            "the rule expands to {nodes} YAML nodes through aliases (*name), over the \
             {MAX_YAML_NODES} a rule may have; write the values out instead of aliasing them"
        ));
    }
    let docs = YamlLoader::load_from_str(trimmed).map_err(|e| format!("invalid YAML: {e}"))?;
    let doc = docs.first().ok_or("empty YAML document")?;
    let key = scalar(&doc["key"]).ok_or("the rule has no `key`")?;
    let scope = scalar(&doc["scope"]).unwrap_or_else(|| "service".into());
    let config_version = scalar(&doc["configVersion"]).unwrap_or_else(|| "v2.7".into());
    let config_enabled = doc["enabled"].as_bool().unwrap_or(true);
    let Some(items) = doc["configs"].as_vec() else {
        return Err("the rule has no `configs` list".into());
    };
    let mut urls = Vec::new();
    for item in items {
        let mut params: Vec<(String, String)> = Vec::new();
        if let Some(side) = scalar(&item["side"]) {
            params.push(("side".into(), side));
        }
        if let Some(map) = item["parameters"].as_hash() {
            for (k, v) in map {
                if let (Some(k), Some(v)) = (scalar(k), scalar(v)) {
                    params.push((k, v));
                }
            }
        }
        let provider_addresses = strings(&item["providerAddresses"]);
        if !provider_addresses.is_empty() {
            params.push(("providerAddresses".into(), provider_addresses.join(",")));
        }
        // General items follow the rule's switch; typed ones (weight, disabled, ...) their own.
        let general = scalar(&item["type"]).is_none_or(|t| t == "general");
        let enabled = if general {
            config_enabled
        } else {
            item["enabled"].as_bool().unwrap_or(true) && config_enabled
        };
        params.push(("enabled".into(), enabled.to_string()));
        params.push(("configVersion".into(), config_version.clone()));
        let mut addresses = strings(&item["addresses"]);
        if addresses.is_empty() {
            addresses.push("0.0.0.0".into());
        }
        let (services, scope_params): (Vec<String>, Vec<(String, String)>) =
            if scope == "application" {
                let mut services = strings(&item["services"]);
                if services.is_empty() {
                    services.push("*".into());
                }
                (
                    services,
                    vec![
                        ("category".into(), "appdynamicconfigurators".into()),
                        ("application".into(), key.clone()),
                    ],
                )
            } else {
                (
                    vec![key.clone()],
                    vec![("category".into(), "dynamicconfigurators".into())],
                )
            };
        let applications = if scope == "application" {
            Vec::new()
        } else {
            strings(&item["applications"])
        };
        for address in &addresses {
            for service in &services {
                let (path, service_params) = service_part(service);
                let base: Vec<(String, String)> = service_params
                    .iter()
                    .chain(&scope_params)
                    .chain(&params)
                    .cloned()
                    .collect();
                let url_for = |extra: Option<&String>| {
                    let mut all = base.clone();
                    if let Some(app) = extra {
                        all.push(("application".into(), app.clone()));
                    }
                    DubboUrl::parse(&format!("override://{address}/{path}"))
                        .map(|mut u| {
                            u.params = all.into();
                            u
                        })
                        .map_err(|e| format!("address {address:?}: {e}"))
                };
                if applications.is_empty() {
                    urls.push(url_for(None)?);
                } else {
                    for app in &applications {
                        urls.push(url_for(Some(app))?);
                    }
                }
            }
        }
    }
    Ok(urls)
}

// ---------------------------------------------------------------------------------------------
// Editing a service's rule document: svcctl's registration control for providers that consumers
// find by application, which read rules from here only.
// ---------------------------------------------------------------------------------------------

/// Item keys svcctl writes or tolerates in an item it may change; an item with any other key
/// (`applications`, `match`, ...) says more than "this provider" and is someone else's.
const OWN_ITEM_KEYS: &[&str] = &[
    "side",
    "addresses",
    "providerAddresses",
    "parameters",
    "type",
    "enabled",
];

/// A service-scope rule document opened for editing. Only its `configs` list is changed; every
/// other key and item is written back as read (through the YAML model: values survive,
/// comments and layout do not).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleEditor {
    doc: yaml_rust2::yaml::Hash,
    /// The document as read, to tell whether anything changed; `None` for a new document.
    original: Option<(String, yaml_rust2::yaml::Hash)>,
}

fn ykey(k: &str) -> Yaml {
    Yaml::String(k.to_string())
}

fn emit(doc: &yaml_rust2::yaml::Hash) -> String {
    let mut out = String::new();
    let mut emitter = yaml_rust2::YamlEmitter::new(&mut out);
    // Emitting into a String cannot fail; a failure would leave an empty text, which the
    // re-parse in `rules` refuses rather than writing it.
    let _ = emitter.dump(&Yaml::Hash(doc.clone()));
    let body = out.strip_prefix("---\n").unwrap_or(&out);
    format!("{body}\n")
}

impl RuleEditor {
    /// Opens the document at a service's rule path: `None` (or an empty node) starts a new one
    /// for `key`. A document svcctl cannot edit without losing something is an error saying
    /// why: the old JSON-list form, one that does not parse, several YAML documents in one node.
    pub fn open(text: Option<&str>, key: &ServiceKey) -> Result<RuleEditor, String> {
        let text = text.unwrap_or("");
        if text.trim().is_empty() {
            let mut doc = yaml_rust2::yaml::Hash::new();
            doc.insert(ykey("configVersion"), ykey("v2.7"));
            doc.insert(ykey("scope"), ykey("service"));
            doc.insert(ykey("key"), Yaml::String(key.to_string()));
            doc.insert(ykey("enabled"), Yaml::Boolean(true));
            doc.insert(ykey("configs"), Yaml::Array(Vec::new()));
            return Ok(RuleEditor {
                doc,
                original: None,
            });
        }
        if text.trim_start().starts_with('[') {
            return Err(
                "it is in the old form, a JSON list of override:// URLs, which svcctl does not \
                 rewrite"
                    .into(),
            );
        }
        // The reader's checks first (alias bombs, a `key`, a `configs` list).
        parse_rules(text).map_err(|e| format!("it does not parse: {e}"))?;
        let docs = YamlLoader::load_from_str(text).map_err(|e| format!("invalid YAML: {e}"))?;
        if docs.len() != 1 {
            return Err(format!(
                "it holds {} YAML documents; Dubbo reads the first only and svcctl would drop \
                 the others",
                docs.len()
            ));
        }
        let Some(Yaml::Hash(doc)) = docs.into_iter().next() else {
            return Err("it is not a YAML mapping".into());
        };
        Ok(RuleEditor {
            original: Some((text.to_string(), doc.clone())),
            doc,
        })
    }

    pub fn is_new(&self) -> bool {
        self.original.is_none()
    }

    /// Whether the `configs` list differs from what was read (a new document: has any item).
    pub fn changed(&self) -> bool {
        match &self.original {
            Some((_, doc)) => *doc != self.doc,
            None => !self.is_empty(),
        }
    }

    /// No items left: the document says nothing and is better removed.
    pub fn is_empty(&self) -> bool {
        self.doc
            .get(&ykey("configs"))
            .and_then(Yaml::as_vec)
            .is_none_or(Vec::is_empty)
    }

    /// Writing the document back changes more than its items: the text read was not in the
    /// form svcctl emits (comments, quoting, flow style, key order are lost).
    pub fn reformats(&self) -> bool {
        self.original
            .as_ref()
            .is_some_and(|(text, doc)| emit(doc).trim() != text.trim())
    }

    fn configs_mut(&mut self) -> &mut Vec<Yaml> {
        let slot = self
            .doc
            .entry(ykey("configs"))
            .or_insert_with(|| Yaml::Array(Vec::new()));
        if !matches!(slot, Yaml::Array(_)) {
            *slot = Yaml::Array(Vec::new());
        }
        match slot {
            Yaml::Array(a) => a,
            _ => unreachable!("set to an array above"),
        }
    }

    /// Removes parameter `param` from every item that is exactly a consumer-side rule for the
    /// provider at `address` (the shape [`RuleEditor::add`] writes, nothing narrower or
    /// broader) and whose value satisfies `which`; an item left without parameters goes.
    /// Returns how many items were changed.
    pub fn strip(&mut self, address: &str, param: &str, which: impl Fn(&str) -> bool) -> usize {
        let mut changed = 0;
        let items = self.configs_mut();
        let mut i = 0;
        while i < items.len() {
            let hit = targets_exactly(&items[i], address)
                && scalar(&items[i]["parameters"][param]).is_some_and(|v| which(&v));
            if !hit {
                i += 1;
                continue;
            }
            changed += 1;
            let mut empty = false;
            if let Yaml::Hash(item) = &mut items[i] {
                if let Some(Yaml::Hash(params)) = item.get_mut(&ykey("parameters")) {
                    params.remove(&ykey(param));
                    empty = params.is_empty();
                }
            }
            if empty {
                items.remove(i);
            } else {
                i += 1;
            }
        }
        changed
    }

    /// Appends a consumer-side item for one provider: every consumer of the service (2.7+ and
    /// 3.x) applies it to that provider's URL.
    pub fn add(&mut self, address: &str, param: &str, value: Yaml) {
        let mut params = yaml_rust2::yaml::Hash::new();
        params.insert(ykey(param), value);
        let mut item = yaml_rust2::yaml::Hash::new();
        item.insert(ykey("side"), ykey("consumer"));
        item.insert(ykey("addresses"), Yaml::Array(vec![ykey("0.0.0.0")]));
        item.insert(ykey("providerAddresses"), Yaml::Array(vec![ykey(address)]));
        item.insert(ykey("parameters"), Yaml::Hash(params));
        self.configs_mut().push(Yaml::Hash(item));
    }

    /// The document's text as it would be written.
    pub fn text(&self) -> String {
        emit(&self.doc)
    }

    /// The document's rules as the reader turns them into `override://` URLs.
    pub fn rules(&self) -> Result<Vec<DubboUrl>, String> {
        parse_rules(&self.text())
    }
}

fn targets_exactly(item: &Yaml, address: &str) -> bool {
    let Some(h) = item.as_hash() else {
        return false;
    };
    let addresses = strings(&item["addresses"]);
    h.keys()
        .all(|k| k.as_str().is_some_and(|k| OWN_ITEM_KEYS.contains(&k)))
        && scalar(&item["side"]).as_deref() == Some("consumer")
        && (addresses.is_empty() || addresses == ["0.0.0.0"])
        && strings(&item["providerAddresses"]) == [address]
        && scalar(&item["type"]).is_none_or(|t| t == "general")
        && item["enabled"].as_bool() != Some(false)
        && item["parameters"].as_hash().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::rules::{effective, rule_scope, RuleScope};

    const PROVIDER: &str = "dubbo://10.0.0.5:20880/com.example.DemoService?application=demo&interface=com.example.DemoService&version=1.0.0&weight=100";

    #[test]
    fn paths_keep_empty_parts() {
        let k = ServiceKey::new("com.x.A", None, None);
        assert_eq!(
            service_rule_path("/dubbo", &k),
            "/dubbo/config/dubbo/com.x.A::.configurators"
        );
        let k = ServiceKey::new("com.x.A", Some("g1"), Some("1.0.0"));
        assert_eq!(
            service_rule_path("/dubbo", &k),
            "/dubbo/config/dubbo/com.x.A:1.0.0:g1.configurators"
        );
        assert_eq!(
            app_rule_path("/dubbo", "demo"),
            "/dubbo/config/dubbo/demo.configurators"
        );
    }

    #[test]
    fn service_scope_consumer_side_disable_applies() {
        let yaml = "configVersion: v2.7\nscope: service\nkey: com.example.DemoService:1.0.0\nenabled: true\nconfigs:\n  - addresses: [0.0.0.0]\n    side: consumer\n    providerAddresses: [\"10.0.0.5:20880\"]\n    parameters:\n      disabled: true\n";
        let urls = parse_rules(yaml).unwrap();
        assert_eq!(urls.len(), 1);
        let u = &urls[0];
        assert_eq!(u.protocol, "override");
        assert_eq!(u.host, "0.0.0.0");
        assert_eq!(u.interface(), "com.example.DemoService");
        assert_eq!(u.version(), Some("1.0.0"));
        assert_eq!(u.param("category"), Some("dynamicconfigurators"));
        assert_eq!(u.param("configVersion"), Some("v2.7"));
        let provider = DubboUrl::parse(PROVIDER).unwrap();
        assert!(!effective(&provider, &urls, None).enabled);
        let other = DubboUrl::parse(&PROVIDER.replace("10.0.0.5", "10.0.0.6")).unwrap();
        assert!(
            effective(&other, &urls, None).enabled,
            "providerAddresses limits the rule"
        );
    }

    #[test]
    fn provider_side_weight_is_left_to_the_provider_and_disabled_switch_is_honoured() {
        let yaml = "configVersion: v3.0\nscope: service\nkey: com.example.DemoService:1.0.0\nconfigs:\n  - side: provider\n    addresses: [\"10.0.0.5:20880\"]\n    parameters: {weight: 300}\n";
        let urls = parse_rules(yaml).unwrap();
        let provider = DubboUrl::parse(PROVIDER).unwrap();
        assert!(
            matches!(rule_scope(&urls[0], &provider, None), RuleScope::Skipped(r) if r.contains("provider-side"))
        );
        assert_eq!(urls[0].param("weight"), Some("300"));
        let off = "configVersion: v2.7\nscope: service\nkey: com.example.DemoService:1.0.0\nenabled: false\nconfigs:\n  - side: consumer\n    parameters: {timeout: 5000}\n";
        assert_eq!(parse_rules(off).unwrap()[0].param("enabled"), Some("false"));
    }

    #[test]
    fn application_scope_and_json_lists() {
        let yaml = "configVersion: v2.7\nscope: application\nkey: billing\nconfigs:\n  - side: consumer\n    services: [com.example.DemoService]\n    parameters:\n      timeout: 5000\n";
        let u = &parse_rules(yaml).unwrap()[0];
        assert_eq!(u.param("application"), Some("billing"));
        assert_eq!(u.param("category"), Some("appdynamicconfigurators"));
        assert_eq!(u.param("timeout"), Some("5000"));
        let json = r#"["override://0.0.0.0/com.example.DemoService?weight=5&version=1.0.0"]"#;
        assert_eq!(parse_rules(json).unwrap()[0].weight(), Some(5));
        let provider = DubboUrl::parse(PROVIDER).unwrap();
        assert_eq!(
            effective(&provider, &parse_rules(json).unwrap(), None).weight,
            5
        );
    }

    /// Found while fuzzing (by review of the YAML loader, which clones an anchored node for each
    /// alias; confirmed through the fuzz harness): 421 bytes of nested aliases took over 4 GB.
    #[test]
    fn alias_bombs_are_refused_before_expansion() {
        let mut doc = String::from(
            "key: a.B\nconfigs:\n- parameters: {}\nx0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
        );
        for i in 1..=9 {
            let refs = vec![format!("*a{}", i - 1); 9].join(",");
            doc.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
        }
        let err = parse_rules(&doc).unwrap_err();
        assert!(err.contains("aliases") && err.contains("100000"), "{err}");
        // A rule with a few aliases still parses.
        let small = "key: a.B\nconfigs:\n- side: consumer\n  parameters: &p {weight: 5}\n- side: provider\n  parameters: *p\n";
        let urls = parse_rules(small).unwrap();
        assert_eq!(urls.len(), 2);
        assert!(
            urls.iter().all(|u| u.param("weight") == Some("5")),
            "{urls:?}"
        );
    }

    #[test]
    fn the_editor_changes_only_items_of_exactly_its_shape() {
        let key = ServiceKey::new("com.x.A", None, Some("1.0.0"));
        let a = "10.0.0.5:20880";
        // Broader or narrower than "this provider, every consumer": not svcctl's to change.
        let text = "key: com.x.A:1.0.0\nconfigs:\n- side: consumer\n  providerAddresses: [\"10.0.0.5:20880\", \"10.0.0.6:20880\"]\n  parameters: {disabled: true}\n- side: consumer\n  providerAddresses: [\"10.0.0.5:20880\"]\n  applications: [billing]\n  parameters: {disabled: true}\n- side: provider\n  addresses: [\"10.0.0.5:20880\"]\n  parameters: {disabled: true}\n- side: consumer\n  addresses: [0.0.0.0]\n  providerAddresses: [\"10.0.0.5:20880\"]\n  parameters: {disabled: true, timeout: 300}\n";
        let mut e = RuleEditor::open(Some(text), &key).unwrap();
        assert!(!e.changed() && e.reformats());
        assert_eq!(e.strip(a, "disabled", |v| v == "true"), 1);
        assert!(e.changed());
        let rules = e.rules().unwrap();
        assert_eq!(rules.len(), 4, "every item is kept");
        assert_eq!(rules[3].param("disabled"), None);
        assert_eq!(
            rules[3].param("timeout"),
            Some("300"),
            "its other parameter stays"
        );
        assert!(rules[..3]
            .iter()
            .all(|r| r.param("disabled") == Some("true")));
        // svcctl's own text reads back as written.
        let mut fresh = RuleEditor::open(None, &key).unwrap();
        fresh.add(a, "weight", Yaml::Integer(7));
        let again = RuleEditor::open(Some(&fresh.text()), &key).unwrap();
        assert!(!again.reformats());
        assert_eq!(again.rules().unwrap()[0].weight(), Some(7));
    }

    #[test]
    fn bad_documents_are_errors_not_panics() {
        assert!(parse_rules("key: x\n").unwrap_err().contains("configs"));
        assert!(parse_rules("configs: []\n").unwrap_err().contains("key"));
        assert!(parse_rules(": : :\n  - [").is_err());
        assert!(parse_rules("[1, 2]").is_err());
        assert_eq!(parse_rules("  ").unwrap(), vec![]);
    }
}
