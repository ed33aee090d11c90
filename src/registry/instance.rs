//! Dubbo 3 application-level discovery (`register-mode=instance`): application instances under
//! `/services/<app>/<ip:port>`, each naming a metadata revision whose `MetadataInfo` lists the
//! services the instance serves. Pure: the I/O layer reads the nodes, this turns them into
//! provider nodes that sit next to interface-level ones, so every command sees both the same way.
//!
//! Everything here is registry data written by anyone: documents are parsed tolerantly, names are
//! checked before they become paths, and what cannot be used is a [`Problem`], not a panic.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::model::{Node, NodeStat, Problem};
use super::url::{form_encode, is_path_segment, DubboUrl};

/// Where application instances live (Curator's service-discovery base path in Dubbo 3):
/// `/services` for the default registry group, `/<group>/services` under another group's root,
/// as Dubbo 3 prefixes the registry group.
pub fn services_root(root: &str) -> String {
    if root == "/dubbo" || root.is_empty() || root == "/" {
        "/services".to_string()
    } else {
        format!("{}/services", root.trim_end_matches('/'))
    }
}

/// One `/services/<app>/<id>` node, as far as svcctl uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub app: String,
    /// The child name (`ip:port`).
    pub id: String,
    pub host: String,
    pub port: u16,
    pub revision: Option<String>,
    /// `dubbo.metadata.storage-type`: `remote` (metadata in the registry) or `local` (only in
    /// the provider's MetadataService).
    pub storage_type: Option<String>,
    /// `dubbo.endpoints`: port per protocol when the instance exports several.
    pub endpoints: Vec<(String, u16)>,
    /// The port of the instance's MetadataService (`dubbo.metadata-service.url-params`), where
    /// `local` metadata is asked for.
    pub metadata_service_port: Option<u16>,
    pub registered_ms: Option<i64>,
    pub stat: Option<NodeStat>,
}

impl Instance {
    /// Parses the Curator JSON of an instance node. The node name (`ip:port`) is the fallback for
    /// an address the document does not carry.
    pub fn parse(
        app: &str,
        id: &str,
        data: &[u8],
        stat: Option<NodeStat>,
    ) -> Result<Instance, String> {
        let json: Json =
            serde_json::from_slice(data).map_err(|e| format!("instance data is not JSON ({e})"))?;
        if !json.is_object() {
            return Err("instance data is not a JSON object".into());
        }
        let (id_host, id_port) = split_id(id);
        let host = json
            .get("address")
            .and_then(Json::as_str)
            .filter(|h| !h.is_empty())
            .map(str::to_string)
            .or(id_host)
            .ok_or("the instance has no address")?;
        let port = json
            .get("port")
            .and_then(Json::as_u64)
            .and_then(|p| u16::try_from(p).ok())
            .or(id_port)
            .unwrap_or(0);
        let meta = json.pointer("/payload/metadata");
        let meta_str = |k: &str| {
            meta.and_then(|m| m.get(k))
                .and_then(Json::as_str)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let endpoints = meta_str("dubbo.endpoints")
            .map(|e| parse_endpoints(&e))
            .unwrap_or_default();
        let metadata_service_port = meta_str("dubbo.metadata-service.url-params")
            .and_then(|p| serde_json::from_str::<Json>(&p).ok())
            .and_then(|p| text(&p, "port"))
            .and_then(|p| p.parse().ok());
        Ok(Instance {
            app: app.to_string(),
            id: id.to_string(),
            host,
            port,
            revision: meta_str("dubbo.metadata.revision"),
            storage_type: meta_str("dubbo.metadata.storage-type"),
            endpoints,
            metadata_service_port,
            registered_ms: json.get("registrationTimeUTC").and_then(Json::as_i64),
            stat,
        })
    }

    /// The port a service of `protocol` is reached on: the service's own port, else the
    /// endpoint for its protocol, else the instance's port.
    fn port_for(&self, protocol: &str, service_port: Option<u16>) -> u16 {
        service_port
            .filter(|p| *p != 0)
            .or_else(|| {
                self.endpoints
                    .iter()
                    .find(|(p, _)| p == protocol)
                    .map(|(_, port)| *port)
            })
            .unwrap_or(self.port)
    }
}

fn split_id(id: &str) -> (Option<String>, Option<u16>) {
    match id.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() => (Some(h.to_string()), p.parse().ok()),
        _ => (Some(id.to_string()).filter(|h| !h.is_empty()), None),
    }
}

/// `[{"port":20880,"protocol":"dubbo"},…]`; entries without both fields are skipped.
fn parse_endpoints(text: &str) -> Vec<(String, u16)> {
    let Ok(Json::Array(items)) = serde_json::from_str::<Json>(text) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|e| {
            let protocol = e.get("protocol")?.as_str()?.to_string();
            let port = u16::try_from(e.get("port")?.as_u64()?).ok()?;
            Some((protocol, port))
        })
        .collect()
}

/// One service in a `MetadataInfo`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceInfo {
    pub name: String,
    pub group: Option<String>,
    pub version: Option<String>,
    pub protocol: String,
    pub port: Option<u16>,
    pub path: String,
    pub params: Vec<(String, String)>,
}

/// `/<root>/metadata/<app>/<revision>`: the services an application's instances of that
/// revision export.
#[derive(Debug, Clone, PartialEq)]
pub struct MetadataInfo {
    pub services: Vec<ServiceInfo>,
}

/// A string field that may also be written as a number (ports and versions in hand-written
/// documents).
fn text(j: &Json, k: &str) -> Option<String> {
    match j.get(k)? {
        Json::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl MetadataInfo {
    pub fn parse(data: &[u8]) -> Result<MetadataInfo, String> {
        let json: Json =
            serde_json::from_slice(data).map_err(|e| format!("metadata is not JSON ({e})"))?;
        MetadataInfo::from_json(&json)
    }

    /// From the JSON document in the registry, or from the Hessian `MetadataInfo` object a
    /// MetadataService returns, rendered as JSON (same field names).
    pub fn from_json(json: &Json) -> Result<MetadataInfo, String> {
        let services = json
            .get("services")
            .and_then(Json::as_object)
            .ok_or("metadata has no \"services\" object")?;
        let mut out = Vec::new();
        for (key, svc) in services {
            // The key is `[group/]interface[:version]:protocol`; the fields win when present.
            let name = text(svc, "name")
                .or_else(|| text(svc, "path"))
                .or_else(|| key_interface(key));
            let Some(name) = name else { continue };
            let params: Vec<(String, String)> = svc
                .get("params")
                .and_then(Json::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| {
                            let v = match v {
                                Json::String(s) => s.clone(),
                                Json::Number(_) | Json::Bool(_) => v.to_string(),
                                _ => return None,
                            };
                            Some((k.clone(), v))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let param = |k: &str| {
                params
                    .iter()
                    .find(|(pk, _)| pk == k)
                    .map(|(_, v)| v.clone())
                    .filter(|v| !v.is_empty())
            };
            out.push(ServiceInfo {
                group: text(svc, "group").or_else(|| param("group")),
                version: text(svc, "version")
                    .or_else(|| param("version"))
                    .filter(|v| v != "0.0.0"),
                protocol: text(svc, "protocol")
                    .or_else(|| key.rsplit_once(':').map(|(_, p)| p.to_string()))
                    .unwrap_or_else(|| "dubbo".into()),
                port: text(svc, "port").and_then(|p| p.parse().ok()),
                path: text(svc, "path").unwrap_or_else(|| name.clone()),
                name,
                params,
            });
        }
        Ok(MetadataInfo { services: out })
    }
}

fn key_interface(key: &str) -> Option<String> {
    let no_group = key.rsplit_once('/').map_or(key, |(_, r)| r);
    let iface = no_group.split(':').next()?;
    Some(iface.to_string()).filter(|i| !i.is_empty())
}

/// What was read of one application: its instances and the metadata of their revisions
/// (`None` for a revision whose document is not in the registry).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppEntry {
    pub instances: Vec<Instance>,
    pub metadata: BTreeMap<String, Option<MetadataInfo>>,
    pub problems: Vec<Problem>,
}

impl AppEntry {
    /// The revisions the instances name that are safe to read as a path segment.
    pub fn revisions(&self) -> Vec<String> {
        let mut revs: Vec<String> = self
            .instances
            .iter()
            .filter_map(|i| i.revision.clone())
            .filter(|r| is_path_segment(r))
            .collect();
        revs.sort();
        revs.dedup();
        revs
    }
}

/// Every application read, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppIndex {
    pub apps: BTreeMap<String, AppEntry>,
}

/// An application-level provider: the instance it came from and the URL made of it.
pub fn provider_url(inst: &Instance, svc: &ServiceInfo) -> DubboUrl {
    let mut params: Vec<(String, String)> = svc
        .params
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "interface" | "group" | "version" | "application"
            )
        })
        .cloned()
        .collect();
    params.push(("interface".into(), svc.name.clone()));
    if let Some(g) = &svc.group {
        params.push(("group".into(), g.clone()));
    }
    if let Some(v) = &svc.version {
        params.push(("version".into(), v.clone()));
    }
    params.push(("application".into(), inst.app.clone()));
    // No `timestamp` is made up: Dubbo 3 instance URLs have none, so its consumers do not warm
    // these providers up (apache/dubbo#9990), and svcctl's balancers must not either.
    let port = inst.port_for(&svc.protocol, svc.port);
    DubboUrl::new(&svc.protocol, &inst.host, port, &svc.path, params)
}

impl AppIndex {
    /// Application-level provider nodes by interface node name (the form-encoded interface, as
    /// the interface-level tree names it). A node's name is `<app>/<id>/<protocol>` plus the
    /// service key, which no interface-level node name can be (those are encoded URLs without
    /// a raw `/`), so the two kinds never collide.
    pub fn providers_by_interface(&self) -> BTreeMap<String, Vec<Node>> {
        let mut out: BTreeMap<String, Vec<Node>> = BTreeMap::new();
        for entry in self.apps.values() {
            for (iface, node) in entry_nodes(entry) {
                out.entry(iface).or_default().push(node);
            }
        }
        for nodes in out.values_mut() {
            nodes.sort_by(|a, b| a.name.cmp(&b.name));
        }
        out
    }

    /// The interfaces (node names) one application's entry provides.
    pub fn interfaces_of(entry: &AppEntry) -> Vec<String> {
        let mut v: Vec<String> = entry_nodes(entry).into_iter().map(|(i, _)| i).collect();
        v.sort();
        v.dedup();
        v
    }

    pub fn problems(&self) -> Vec<Problem> {
        self.apps
            .values()
            .flat_map(|e| e.problems.clone())
            .collect()
    }
}

fn entry_nodes(entry: &AppEntry) -> Vec<(String, Node)> {
    let mut out = Vec::new();
    for inst in &entry.instances {
        let Some(Some(info)) = inst.revision.as_ref().and_then(|r| entry.metadata.get(r)) else {
            continue;
        };
        for svc in &info.services {
            let url = provider_url(inst, svc);
            let name = format!(
                "{}/{}/{}/{}",
                inst.app,
                inst.id,
                svc.protocol,
                url.service_key()
            );
            out.push((
                form_encode(&svc.name),
                Node {
                    name,
                    url: Ok(std::sync::Arc::new(url)),
                    stat: inst.stat,
                },
            ));
        }
    }
    out
}

/// Turns the nodes read for one application into its entry: instances parsed (or reported),
/// revisions to fetch listed. `read` are `(id, data, stat)` of `/services/<app>/<id>`.
pub fn parse_app(
    services_root: &str,
    app: &str,
    read: Vec<(String, Vec<u8>, Option<NodeStat>)>,
) -> AppEntry {
    let mut entry = AppEntry::default();
    for (id, data, stat) in read {
        match Instance::parse(app, &id, &data, stat) {
            Ok(i) => {
                if let Some(rev) = i.revision.as_deref().filter(|r| !is_path_segment(r)) {
                    entry.problems.push(Problem {
                        path: format!("{services_root}/{app}/{id}"),
                        error: format!(
                            "the instance's metadata revision {rev} cannot be one ZooKeeper node \
                             name: its services are not listed"
                        ),
                    });
                }
                entry.instances.push(i)
            }
            Err(e) => entry.problems.push(Problem {
                path: format!("{services_root}/{app}/{id}"),
                error: e,
            }),
        }
    }
    entry.instances.sort_by(|a, b| a.id.cmp(&b.id));
    entry
}

/// Where the metadata of one revision came from.
#[derive(Debug, Clone, PartialEq)]
pub enum MetadataSource {
    /// The document at `<root>/metadata/<app>/<revision>`.
    Registry(Vec<u8>),
    /// Not in the registry; the MetadataService of the instance at `at` was asked (storage-type
    /// `local`, Dubbo 3's default) and answered this `MetadataInfo`, as JSON, or failed.
    Provider {
        at: String,
        result: Result<Json, String>,
    },
    /// Neither: nothing to read.
    Missing,
    /// Read before: revisions name their content, so it has not changed.
    Known(MetadataInfo),
}

/// The instances of `entry` that name `rev` and keep their metadata in the provider, in the
/// order to ask them: each instance's MetadataService answers for every instance of its revision.
pub fn local_instances<'a>(entry: &'a AppEntry, rev: &str) -> Vec<&'a Instance> {
    entry
        .instances
        .iter()
        .filter(|i| {
            i.revision.as_deref() == Some(rev) && i.storage_type.as_deref() != Some("remote")
        })
        .collect()
}

/// Where an instance's MetadataService listens: the port its url-params name, else the
/// instance's own (dubbo) port.
pub fn metadata_service_address(inst: &Instance) -> String {
    let port = inst.metadata_service_port.unwrap_or(inst.port);
    DubboUrl::new("dubbo", &inst.host, port, "", vec![]).address()
}

/// Records the metadata of each revision. A revision whose metadata could not be had is
/// reported: the services of its instances stay unknown.
pub fn add_metadata(
    entry: &mut AppEntry,
    root: &str,
    app: &str,
    docs: Vec<(String, MetadataSource)>,
) {
    for (rev, source) in docs {
        let path = format!("{root}/metadata/{app}/{rev}");
        let parsed = match source {
            MetadataSource::Known(info) => Ok(info),
            MetadataSource::Registry(d) => MetadataInfo::parse(&d),
            MetadataSource::Provider { at, result } => result
                .map_err(|e| {
                    format!(
                        "not in the registry (storage-type local), and the MetadataService at \
                         {at} did not give it: {e}"
                    )
                })
                .and_then(|j| {
                    if j.is_null() {
                        Err(format!(
                            "not in the registry (storage-type local), and the MetadataService \
                             at {at} does not know this revision"
                        ))
                    } else {
                        MetadataInfo::from_json(&j)
                            .map_err(|e| format!("from the MetadataService at {at}: {e}"))
                    }
                }),
            MetadataSource::Missing => Err(if local_instances(entry, &rev).is_empty() {
                "the instances name this metadata revision but it is not in the registry".into()
            } else {
                "the instances' metadata is kept in the provider (storage-type local) and is not \
                 in the registry: their services are not listed"
                    .into()
            }),
        };
        let info = match parsed {
            Ok(i) => Some(i),
            Err(error) => {
                entry.problems.push(Problem { path, error });
                None
            }
        };
        entry.metadata.insert(rev, info);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSTANCE: &str = r#"{"name":"inventory-app","id":"10.20.6.61:20880","address":"10.20.6.61","port":20880,"sslPort":null,"payload":{"@class":"org.apache.dubbo.registry.zookeeper.ZookeeperInstance","id":"10.20.6.61:20880","name":"inventory-app","metadata":{"dubbo.metadata.revision":"6c1f","dubbo.metadata.storage-type":"remote","dubbo.endpoints":"[{\"port\":20880,\"protocol\":\"dubbo\"},{\"port\":50051,\"protocol\":\"tri\"}]"}},"registrationTimeUTC":1764001100000,"serviceType":"DYNAMIC","uriSpec":null}"#;

    const INFO: &str = r#"{"app":"inventory-app","revision":"6c1f","services":{
        "com.example.InventoryService:dubbo":{"name":"com.example.InventoryService","protocol":"dubbo","port":20880,"path":"com.example.InventoryService","params":{"methods":"reserve,stockOf","interface":"com.example.InventoryService","application":"inventory-app","side":"provider"}},
        "shop/com.example.Stock:1.0.0:tri":{"name":"com.example.Stock","group":"shop","version":"1.0.0","protocol":"tri","path":"com.example.Stock","params":{"methods":"get"}}}}"#;

    fn entry() -> AppEntry {
        let mut e = parse_app(
            "/services",
            "inventory-app",
            vec![(
                "10.20.6.61:20880".into(),
                INSTANCE.as_bytes().to_vec(),
                None,
            )],
        );
        add_metadata(
            &mut e,
            "/dubbo",
            "inventory-app",
            vec![(
                "6c1f".into(),
                MetadataSource::Registry(INFO.as_bytes().to_vec()),
            )],
        );
        e
    }

    #[test]
    fn an_instance_and_its_revision_become_one_provider_per_service() {
        let e = entry();
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert_eq!(e.instances[0].endpoints.len(), 2);
        let mut index = AppIndex::default();
        index.apps.insert("inventory-app".into(), e);
        let by_iface = index.providers_by_interface();
        let inv = &by_iface["com.example.InventoryService"][0];
        let url = inv.url.as_ref().unwrap();
        assert_eq!(
            url.to_string().split('?').next(),
            Some("dubbo://10.20.6.61:20880/com.example.InventoryService")
        );
        assert_eq!(url.application(), Some("inventory-app"));
        assert_eq!(url.methods(), vec!["reserve", "stockOf"]);
        assert_eq!(
            url.timestamp_ms(),
            None,
            "no warm-up from a made-up timestamp"
        );
        // The tri service has no port of its own: the endpoint for its protocol is used.
        let stock = by_iface["com.example.Stock"][0].url.as_ref().unwrap();
        assert_eq!(stock.address(), "10.20.6.61:50051");
        assert_eq!(stock.protocol, "tri");
        assert_eq!(
            stock.service_key().to_string(),
            "shop/com.example.Stock:1.0.0"
        );
    }

    #[test]
    fn missing_and_broken_documents_are_problems() {
        let mut e = parse_app(
            "/services",
            "a",
            vec![
                ("10.0.0.1:1".into(), b"not json".to_vec(), None),
                (
                    "10.0.0.2:2".into(),
                    br#"{"payload":{"metadata":{"dubbo.metadata.revision":"r1","dubbo.metadata.storage-type":"local"}}}"#.to_vec(),
                    None,
                ),
            ],
        );
        assert_eq!(e.problems.len(), 1);
        // The address comes from the node name when the document has none.
        assert_eq!(e.instances[0].host, "10.0.0.2");
        assert_eq!(e.instances[0].port, 2);
        assert_eq!(e.revisions(), vec!["r1".to_string()]);
        add_metadata(
            &mut e,
            "/dubbo",
            "a",
            vec![("r1".into(), MetadataSource::Missing)],
        );
        assert!(
            e.problems[1].error.contains("storage-type local"),
            "{:?}",
            e.problems
        );
        let mut index = AppIndex::default();
        index.apps.insert("a".into(), e);
        assert!(index.providers_by_interface().is_empty());
    }

    #[test]
    fn hostile_revisions_are_not_read_as_paths() {
        let data = br#"{"payload":{"metadata":{"dubbo.metadata.revision":"../../zookeeper"}}}"#;
        let e = parse_app(
            "/services",
            "a",
            vec![("10.0.0.1:1".into(), data.to_vec(), None)],
        );
        assert!(e.revisions().is_empty());
        assert!(
            e.problems[0]
                .error
                .contains("cannot be one ZooKeeper node name"),
            "{:?}",
            e.problems
        );
    }

    #[test]
    fn instances_live_under_the_registry_group() {
        assert_eq!(services_root("/dubbo"), "/services");
        assert_eq!(services_root("/prod"), "/prod/services");
    }

    #[test]
    fn service_fields_fall_back_to_the_key() {
        let info = MetadataInfo::parse(br#"{"services":{"g/com.x.A:2.0:tri":{"port":"7","params":{"version":"2.0","group":"g"}}}}"#).unwrap();
        let s = &info.services[0];
        assert_eq!(s.name, "com.x.A");
        assert_eq!(
            (s.group.as_deref(), s.version.as_deref()),
            (Some("g"), Some("2.0"))
        );
        assert_eq!((s.protocol.as_str(), s.port), ("tri", Some(7)));
    }
}
