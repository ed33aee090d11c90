//! Registering the demo provider in ZooKeeper exactly like a Java Dubbo 2.7 provider:
//! an ephemeral node under `<root>/<interface>/providers/` named by the URL-encoded provider
//! URL, persistent parents, an empty `/configurators` node, and the 2.7 metadata report (the
//! `FullServiceDefinition` JSON at `<root>/metadata/<iface>/<version>[/<group>]/provider/<app>`)
//! so `svcctl show` lists signatures and `svcctl invoke` picks overloads from it.

use serde_json::{json, Value as Json};
use zookeeper_client::{Acls, Client, CreateMode, Error as ZkError};

use super::services::ServiceDef;
use super::DemoConfig;
use crate::registry::metadata::definition_path;
use crate::registry::url::{form_encode, ServiceKey};

/// The URL parameters a Java 2.7 provider registers for `service`, sorted by key.
fn url_params(
    config: &DemoConfig,
    service: &ServiceDef,
    pid: u32,
    timestamp_ms: u128,
) -> Vec<(&'static str, String)> {
    let mut params: Vec<(&str, String)> = vec![
        ("anyhost", "false".into()),
        ("application", config.application.clone()),
        ("deprecated", "false".into()),
        ("dubbo", "2.0.2".into()),
        ("dynamic", "true".into()),
        ("generic", "false".into()),
        ("interface", service.interface.into()),
        ("methods", service.method_names().join(",")),
        ("pid", pid.to_string()),
        ("release", config.release.clone()),
        // Java: the API jar's version, else the service version.
        ("revision", service.version.unwrap_or("0.0.0").into()),
        ("side", "provider".into()),
        ("timestamp", timestamp_ms.to_string()),
    ];
    if let Some(v) = service.version {
        params.push(("version", v.into()));
    }
    if let Some(g) = service.group {
        params.push(("group", g.into()));
    }
    if let Some(w) = config.weight {
        params.push(("weight", w.to_string()));
    }
    if let Some(w) = config.warmup_ms {
        params.push(("warmup", w.to_string()));
    }
    // What `svcctl top` reads to know it may ask `count` (live-stats spec §1).
    if let Some(n) = config.executes.filter(|n| *n > 0) {
        params.push(("executes", n.to_string()));
    }
    if let Some(t) = config.telnet.as_deref().filter(|t| !t.is_empty()) {
        params.push(("telnet", t.to_string()));
    }
    // As Java writes a parameter: percent-encoded, so the prompt survives the URL.
    if let Some(p) = config.telnet_prompt.as_deref().filter(|p| !p.is_empty()) {
        params.push(("prompt", crate::registry::url::form_encode(p)));
    }
    params.sort_by(|a, b| a.0.cmp(b.0));
    params
}

/// The provider URL a Java 2.7 provider would register for `service` (parameters sorted).
pub fn provider_url(
    config: &DemoConfig,
    service: &ServiceDef,
    port: u16,
    pid: u32,
    timestamp_ms: u128,
) -> String {
    let query: Vec<String> = url_params(config, service, pid, timestamp_ms)
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    format!(
        "dubbo://{}/{}?{}",
        crate::registry::url::HostPort::new(&config.host, port),
        service.interface,
        query.join("&")
    )
}

/// `root` as a path prefix: a leading `/`, no trailing one (`/` itself becomes ``).
pub fn normalize_root(root: &str) -> String {
    let trimmed = root.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

/// The ZooKeeper path of the provider node for `url` under `root`.
pub fn provider_node_path(root: &str, interface: &str, url: &str) -> String {
    format!(
        "{}/{interface}/providers/{}",
        normalize_root(root),
        form_encode(url)
    )
}

/// Where the 2.7 metadata report of `service` goes.
pub fn metadata_path(root: &str, config: &DemoConfig, service: &ServiceDef) -> String {
    let key = ServiceKey::new(service.interface, service.group, service.version);
    definition_path(&normalize_root(root), &key, &config.application)
}

/// Fields of the POJOs the demo services return, as Java's TypeDefinitionBuilder lists them.
fn pojo_properties(type_name: &str) -> Option<Json> {
    Some(match type_name {
        "com.example.User" => json!({
            "id": "long",
            "name": "java.lang.String",
            "email": "java.lang.String",
            "tags": "java.util.List<java.lang.String>",
            "createdAt": "java.util.Date",
        }),
        "com.example.Order" => json!({
            "id": "long",
            "userId": "long",
            "amount": "double",
            "items": "java.util.List<java.lang.String>",
            "createdAt": "java.util.Date",
        }),
        _ => return None,
    })
}

/// What the report says about a demo class: its bean properties or enum constants.
fn demo_shape(class: &str) -> Option<super::typedefs::Shape> {
    use super::{ledger, typedefs::Shape};
    if let Some(fields) = ledger::pojo_fields(class) {
        return Some(Shape::Bean(
            fields
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        ));
    }
    if let Some(constants) = ledger::enum_constants(class) {
        return Some(Shape::Enum(
            constants.iter().map(|c| c.to_string()).collect(),
        ));
    }
    let props = pojo_properties(class)?;
    Some(Shape::Bean(
        props
            .as_object()?
            .iter()
            .map(|(n, t)| {
                (
                    n.clone(),
                    t.as_str().unwrap_or("java.lang.Object").to_string(),
                )
            })
            .collect(),
    ))
}

/// The `FullServiceDefinition` a Java 2.7 provider publishes for `service`: canonical name,
/// methods with parameter and return types, the types they use, and the URL parameters.
pub fn service_definition(
    config: &DemoConfig,
    service: &ServiceDef,
    pid: u32,
    timestamp_ms: u128,
) -> Json {
    let methods: Vec<Json> = service
        .methods
        .iter()
        .map(|m| {
            json!({
                "name": m.name,
                "parameterTypes": m.param_types,
                "returnType": m.return_type,
            })
        })
        .collect();
    let mut type_names: Vec<&str> = service
        .methods
        .iter()
        .flat_map(|m| m.param_types.iter().copied().chain([m.return_type]))
        .collect();
    type_names.sort_unstable();
    type_names.dedup();
    let types = super::typedefs::fastjson_types(&type_names, &demo_shape);
    let parameters: serde_json::Map<String, Json> = url_params(config, service, pid, timestamp_ms)
        .into_iter()
        .map(|(k, v)| (k.to_string(), Json::String(v)))
        .collect();
    json!({
        "canonicalName": service.interface,
        "codeSource": "file:/svcctl-demo-provider",
        "methods": methods,
        "types": types,
        "parameters": parameters,
    })
}

/// Creates `path`'s missing ancestors as persistent nodes.
async fn ensure_parents(client: &Client, path: &str, data: &[u8]) -> Result<(), ZkError> {
    let persistent = CreateMode::Persistent.with_acls(Acls::anyone_all());
    let mut cur = String::new();
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        cur.push('/');
        cur.push_str(part);
        match client.create(&cur, data, &persistent).await {
            Ok(_) | Err(ZkError::NodeExists) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes what a Dubbo 3 provider writes for application-level discovery: the mapping of each
/// interface to the application (a comma list, added to), the `MetadataInfo` document when
/// storage is remote, and the ephemeral instance node, whose path is returned.
async fn register_instance(
    client: &Client,
    config: &DemoConfig,
    services: &[ServiceDef],
    port: u16,
    root: &str,
    now_ms: u128,
) -> Result<String, ZkError> {
    let persistent = CreateMode::Persistent.with_acls(Acls::anyone_all());
    let ephemeral = CreateMode::Ephemeral.with_acls(Acls::anyone_all());
    for s in services {
        let path = format!("{root}/mapping/{}", s.interface);
        ensure_parents(client, &path, b"").await?;
        // Dubbo updates the list with a compare-and-set on the node version.
        loop {
            match client.get_data(&path).await {
                Ok((data, stat)) => {
                    let text = String::from_utf8_lossy(&data).to_string();
                    let mut apps: Vec<&str> = text.split(',').filter(|a| !a.is_empty()).collect();
                    if apps.contains(&config.application.as_str()) {
                        break;
                    }
                    apps.push(&config.application);
                    match client
                        .set_data(&path, apps.join(",").as_bytes(), Some(stat.version))
                        .await
                    {
                        Ok(_) => break,
                        Err(ZkError::BadVersion) => continue,
                        Err(e) => return Err(e),
                    }
                }
                Err(ZkError::NoNode) => {
                    match client
                        .create(&path, config.application.as_bytes(), &persistent)
                        .await
                    {
                        Ok(_) => break,
                        Err(ZkError::NodeExists) => continue,
                        Err(e) => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }
    let meta = super::instance::metadata(config, services, port);
    if config.metadata_remote {
        let path = format!("{root}/metadata/{}/{}", config.application, meta.revision);
        ensure_parents(client, &path, b"").await?;
        let doc = meta.document.to_string();
        match client.create(&path, doc.as_bytes(), &persistent).await {
            Ok(_) | Err(ZkError::NodeExists) => {}
            Err(e) => return Err(e),
        }
    }
    let dir = crate::registry::instance::services_root(if root.is_empty() { "/" } else { root });
    let path = format!("{dir}/{}/{}:{port}", config.application, config.host);
    ensure_parents(client, &path, b"").await?;
    let data = super::instance::instance_json(config, port, &meta, config.metadata_remote, now_ms)
        .to_string();
    match client.create(&path, data.as_bytes(), &ephemeral).await {
        Ok(_) => {}
        Err(ZkError::NodeExists) => {
            let _ = client.delete(&path, None).await;
            client.create(&path, data.as_bytes(), &ephemeral).await?;
        }
        Err(e) => return Err(e),
    }
    Ok(path)
}

/// Live registrations; the nodes are ephemeral, so they also vanish if the process dies.
pub struct Registration {
    client: Client,
    paths: Vec<String>,
}

impl Registration {
    /// Connects to ZooKeeper (`host:port[,…]`) and registers every service.
    pub async fn register(
        zk_connect: &str,
        config: &DemoConfig,
        services: &[ServiceDef],
        port: u16,
    ) -> Result<Registration, ZkError> {
        let client = Client::connect(zk_connect).await?;
        let pid = std::process::id();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        // Curator (which Dubbo uses) stores the local address as the default node data.
        let data = config.host.as_bytes();
        let persistent = CreateMode::Persistent.with_acls(Acls::anyone_all());
        let ephemeral = CreateMode::Ephemeral.with_acls(Acls::anyone_all());
        let root = normalize_root(&config.root);
        let mut paths = Vec::new();
        // The MetadataService is exported, never registered (as in Dubbo).
        let services: Vec<&ServiceDef> = services
            .iter()
            .filter(|s| s.interface != crate::registry::metadata_service::INTERFACE)
            .collect();
        if config.register_mode.application_level() {
            let owned: Vec<ServiceDef> = super::services::catalog()
                .into_iter()
                .filter(|c| services.iter().any(|s| s.interface == c.interface))
                .collect();
            paths.push(register_instance(&client, config, &owned, port, &root, now).await?);
        }
        if !config.register_mode.interface_level() {
            return Ok(Registration { client, paths });
        }
        for service in services {
            let base = format!("{root}/{}", service.interface);
            ensure_parents(&client, &format!("{base}/providers/x"), data).await?;
            match client
                .create(&format!("{base}/configurators"), data, &persistent)
                .await
            {
                Ok(_) | Err(ZkError::NodeExists) => {}
                Err(e) => return Err(e),
            }
            let path = provider_node_path(
                &root,
                service.interface,
                &provider_url(config, service, port, pid, now),
            );
            // A node left by a previous session of ours (same URL) would block the create.
            match client.create(&path, data, &ephemeral).await {
                Ok(_) => {}
                Err(ZkError::NodeExists) => {
                    let _ = client.delete(&path, None).await;
                    client.create(&path, data, &ephemeral).await?;
                }
                Err(e) => return Err(e),
            }
            paths.push(path);
            // The metadata report is persistent, as Java's ZookeeperMetadataReport writes it,
            // and shared by every instance of the application (the last one writes it).
            let meta_path = metadata_path(&root, config, service);
            let definition = service_definition(config, service, pid, now).to_string();
            ensure_parents(&client, &meta_path, b"").await?;
            match client
                .create(&meta_path, definition.as_bytes(), &persistent)
                .await
            {
                Ok(_) => {}
                Err(ZkError::NodeExists) => {
                    client
                        .set_data(&meta_path, definition.as_bytes(), None)
                        .await?;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Registration { client, paths })
    }

    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Deletes the provider nodes (consumers see them go at once, not after session expiry).
    pub async fn unregister(self) {
        for p in &self.paths {
            let _ = self.client.delete(p, None).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::services::catalog;

    #[test]
    fn node_name_parses_back_with_the_registry_model() {
        let services = catalog();
        let url = provider_url(&DemoConfig::default(), &services[0], 20881, 7, 1);
        let path = provider_node_path("/dubbo", services[0].interface, &url);
        let name = path.rsplit('/').next().unwrap();
        let parsed = crate::registry::url::DubboUrl::from_node_name(name).unwrap();
        assert_eq!(parsed.interface(), "com.example.UserService");
        assert_eq!(parsed.version(), Some("1.0.0"));
        assert_eq!(parsed.address(), "127.0.0.1:20881");
        assert_eq!(
            parsed.methods(),
            [
                "failOnDemand",
                "findByName",
                "getById",
                "greet",
                "slow",
                "whoami"
            ]
        );
    }

    #[test]
    fn provider_url_like_java_27() {
        let cfg = DemoConfig {
            weight: Some(200),
            executes: None,
            telnet: None,
            ..DemoConfig::default()
        };
        let services = catalog();
        let url = provider_url(&cfg, &services[1], 20880, 42, 1_700_000_000_000);
        assert_eq!(
            url,
            "dubbo://127.0.0.1:20880/com.example.OrderService?anyhost=false&application=svcctl-demo-provider\
             &deprecated=false&dubbo=2.0.2&dynamic=true&generic=false&group=shop&interface=com.example.OrderService\
             &methods=count,getOrder,listOrders&pid=42&release=2.7.23&revision=2.0.0&side=provider\
             &timestamp=1700000000000&version=2.0.0&weight=200"
        );
        let path = provider_node_path("dubbo/", "com.example.OrderService", &url);
        assert!(path.starts_with(
            "/dubbo/com.example.OrderService/providers/dubbo%3A%2F%2F127.0.0.1%3A20880%2F"
        ));
        assert!(path.contains("methods%3Dcount%2CgetOrder%2ClistOrders"));
    }

    #[test]
    fn the_url_tells_top_where_to_ask() {
        use crate::cluster::probe::{choose_source, Source, SourceConfig};
        use crate::registry::url::DubboUrl;
        let services = catalog();
        let parse = |cfg: &DemoConfig| {
            DubboUrl::parse(&provider_url(cfg, &services[1], 20880, 1, 1)).unwrap()
        };
        let url = parse(&DemoConfig::default());
        assert_eq!(url.param("executes"), Some("1000"));
        assert_eq!(url.param("telnet"), Some("count"));
        assert_eq!(
            choose_source(&url, &SourceConfig::default()),
            Source::Telnet {
                addr: "127.0.0.1:20880".into(),
                service: "shop/com.example.OrderService:2.0.0".into(),
                prompt: None,
            }
        );
        let no_limit = parse(&DemoConfig {
            executes: None,
            ..DemoConfig::default()
        });
        assert_eq!(no_limit.param("executes"), None);
        assert_eq!(
            choose_source(&no_limit, &SourceConfig::default()).reason(),
            Some("no executes limit: Dubbo counts nothing")
        );
        let three = parse(&DemoConfig {
            release: "3.2.16".into(),
            ..DemoConfig::default()
        });
        assert!(matches!(
            choose_source(&three, &SourceConfig::default()),
            Source::Metrics(_)
        ));
    }

    #[test]
    fn roots_normalize() {
        assert_eq!(normalize_root("/dubbo"), "/dubbo");
        assert_eq!(normalize_root("dubbo/"), "/dubbo");
        assert_eq!(normalize_root("/a/b"), "/a/b");
        assert_eq!(normalize_root("/"), "");
        assert_eq!(
            provider_node_path("/", "I", "dubbo://h:1/I"),
            "/I/providers/dubbo%3A%2F%2Fh%3A1%2FI"
        );
    }

    #[test]
    fn metadata_report_parses_back_with_signatures() {
        let services = catalog();
        let cfg = DemoConfig {
            root: "/t".into(),
            ..DemoConfig::default()
        };
        assert_eq!(
            metadata_path(&cfg.root, &cfg, &services[0]),
            "/t/metadata/com.example.UserService/1.0.0/provider/svcctl-demo-provider"
        );
        assert_eq!(
            metadata_path(&cfg.root, &cfg, &services[1]),
            "/t/metadata/com.example.OrderService/2.0.0/shop/provider/svcctl-demo-provider"
        );
        let def = service_definition(&cfg, &services[0], 1, 2);
        assert_eq!(def["canonicalName"], "com.example.UserService");
        assert_eq!(def["parameters"]["version"], "1.0.0");
        let sigs = crate::registry::metadata::parse_definition(def.to_string().as_bytes())
            .expect("parses");
        let greet: Vec<Vec<String>> = sigs
            .iter()
            .filter(|s| s.name == "greet")
            .map(|s| s.parameter_types.clone())
            .collect();
        assert_eq!(greet.len(), 3, "{greet:?}");
        assert!(greet.contains(&vec!["int".to_string()]));
        let get = sigs.iter().find(|s| s.name == "getById").unwrap();
        assert_eq!(get.parameter_types, ["long"]);
        assert_eq!(get.return_type.as_deref(), Some("com.example.User"));
        let user_type = def["types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "com.example.User")
            .unwrap();
        assert_eq!(user_type["properties"]["id"]["type"], "long");
    }

    #[test]
    fn ledger_report_uses_fastjson_references_and_parses_back() {
        let services = catalog();
        let ledger = services
            .iter()
            .find(|s| s.interface == "com.example.LedgerService")
            .unwrap();
        let def = service_definition(&DemoConfig::default(), ledger, 1, 2);
        let text = def.to_string();
        // InvoiceLine and InvoiceStatus are written inside Invoice, then referenced.
        assert!(
            text.contains(r#"{"$ref":"$.types[0].properties.status"}"#),
            "{text}"
        );
        let parsed = crate::registry::metadata::parse_service_definition(text.as_bytes()).unwrap();
        let find = |n: &str| crate::registry::metadata::find_type(&parsed.types, n).cloned();
        let line = find("com.example.InvoiceLine").expect("InvoiceLine resolved");
        assert_eq!(line.properties.len(), 3);
        let status = find("com.example.InvoiceStatus").expect("InvoiceStatus resolved");
        assert_eq!(status.enum_constants, ["DRAFT", "ISSUED", "PAID", "VOID"]);
        let invoice = find("com.example.Invoice").unwrap();
        assert!(invoice
            .properties
            .contains(&("issuedAt".to_string(), "java.util.Date".to_string())));
    }
}
