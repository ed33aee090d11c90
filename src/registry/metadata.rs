//! Method signatures from Dubbo's metadata report in ZooKeeper: the 2.7 service definition at
//! `<root>/metadata/<iface>[/<version>][/<group>]/provider/<app>` and, for 3.x, the application
//! metadata at `<root>/metadata/<app>/<revision>` (which carries method names, not signatures).

use serde_json::Value as Json;

use super::url::ServiceKey;
use super::zk::Registry;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct MethodSignature {
    pub name: String,
    pub parameter_types: Vec<String>,
    pub return_type: Option<String>,
}

/// The 2.7 service-definition path (segments omitted when absent, as Dubbo does).
pub fn definition_path(root: &str, key: &ServiceKey, application: &str) -> String {
    let mut p = format!("{root}/metadata/{}", key.interface);
    if let Some(v) = &key.version {
        p.push('/');
        p.push_str(v);
    }
    if let Some(g) = &key.group {
        p.push('/');
        p.push_str(g);
    }
    p.push_str("/provider/");
    p.push_str(application);
    p
}

/// Parses a `FullServiceDefinition` tolerantly: unknown fields ignored, missing ones tolerated.
pub fn parse_definition(data: &[u8]) -> Option<Vec<MethodSignature>> {
    let json: Json = serde_json::from_slice(data).ok()?;
    let methods = json.get("methods")?.as_array()?;
    let mut out: Vec<MethodSignature> = methods
        .iter()
        .filter_map(|m| {
            let name = m.get("name")?.as_str()?.to_string();
            let parameter_types = m
                .get("parameterTypes")
                .and_then(Json::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let return_type = m
                .get("returnType")
                .and_then(Json::as_str)
                .map(str::to_string);
            Some(MethodSignature {
                name,
                parameter_types,
                return_type,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then(a.parameter_types.len().cmp(&b.parameter_types.len()))
    });
    Some(out)
}

/// Dubbo 3 service-name mapping (`<root>/mapping/<iface>`): comma-separated application names.
pub fn parse_mapping(data: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(data)
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// The metadata revision an application instance (`/services/<app>/<ip:port>`, Curator JSON)
/// advertises in `payload.metadata["dubbo.metadata.revision"]`.
pub fn parse_instance_revision(data: &[u8]) -> Option<String> {
    let json: Json = serde_json::from_slice(data).ok()?;
    let rev = json
        .pointer("/payload/metadata/dubbo.metadata.revision")?
        .as_str()?;
    Some(rev.to_string()).filter(|r| !r.is_empty())
}

/// Method names of `key` in a Dubbo 3 `MetadataInfo` document (`<root>/metadata/<app>/<revision>`),
/// from the matching service's `methods` parameter. 3.x application metadata carries no
/// parameter types.
pub fn parse_metadata_info(data: &[u8], key: &ServiceKey) -> Option<Vec<String>> {
    let json: Json = serde_json::from_slice(data).ok()?;
    let services = json.get("services")?.as_object()?;
    let field = |svc: &Json, k: &str| {
        svc.get(k)
            .and_then(Json::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let service = services.values().find(|svc| {
        let name = field(svc, "name").or_else(|| field(svc, "path"));
        let protocol = field(svc, "protocol");
        name.as_deref() == Some(key.interface.as_str())
            && field(svc, "group") == key.group
            && field(svc, "version").filter(|v| v != "0.0.0") == key.version
            && protocol.as_deref().is_none_or(|p| p == "dubbo")
    })?;
    let methods = service.pointer("/params/methods")?.as_str()?;
    let mut names: Vec<String> = methods
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty() && *m != "*")
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    Some(names)
}

/// Method names of `key` from Dubbo 3 application-level metadata: interface → applications
/// (mapping) → instances → revisions → `MetadataInfo`. `None` when any link is missing.
pub async fn fetch_app_metadata_methods(
    registry: &Registry,
    key: &ServiceKey,
) -> Result<Option<Vec<String>>> {
    let root = registry.root();
    let Some(mapping) = registry
        .data(&format!("{root}/mapping/{}", key.interface))
        .await?
    else {
        return Ok(None);
    };
    for app in parse_mapping(&mapping)
        .iter()
        .filter(|a| usable_path_segment(a))
    {
        let Some(instances) = registry.children(&format!("/services/{app}")).await? else {
            continue;
        };
        let mut revisions: Vec<String> = Vec::new();
        for inst in instances {
            if let Some(data) = registry.data(&format!("/services/{app}/{inst}")).await? {
                revisions.extend(parse_instance_revision(&data).filter(|r| usable_path_segment(r)));
            }
        }
        revisions.sort();
        revisions.dedup();
        for rev in revisions {
            if let Some(data) = registry
                .data(&format!("{root}/metadata/{app}/{rev}"))
                .await?
            {
                if let Some(names) = parse_metadata_info(&data, key) {
                    return Ok(Some(names));
                }
            }
        }
    }
    Ok(None)
}

/// Names from the registry go into ZooKeeper paths: ZooKeeper rejects control characters and
/// some code points, and a `/` would walk elsewhere in the tree.
fn usable_path_segment(a: &str) -> bool {
    !a.is_empty()
        && a != "."
        && a != ".."
        && !a.chars().any(|c| {
            c.is_control() || c == '/' || ('\u{e000}'..='\u{f8ff}').contains(&c) || c >= '\u{fff0}'
        })
}

/// Reads the signatures of `key` published by any of `applications`; `None` when no report exists.
pub async fn fetch_signatures(
    registry: &Registry,
    key: &ServiceKey,
    applications: &[String],
) -> Result<Option<Vec<MethodSignature>>> {
    // Application names come from URLs anyone can write; ZooKeeper rejects paths with control
    // characters, and a `/` would walk elsewhere in the tree.
    let usable = |a: &&String| {
        !a.is_empty()
            && !a.chars().any(|c| {
                c.is_control()
                    || c == '/'
                    || ('\u{e000}'..='\u{f8ff}').contains(&c)
                    || c >= '\u{fff0}'
            })
    };
    for app in applications.iter().filter(usable) {
        if let Some(data) = registry
            .data(&definition_path(registry.root(), key, app))
            .await?
        {
            if let Some(sigs) = parse_definition(&data) {
                return Ok(Some(sigs));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_omit_absent_segments() {
        let k = ServiceKey::new("com.x.A", None, Some("1.0.0"));
        assert_eq!(
            definition_path("/dubbo", &k, "app"),
            "/dubbo/metadata/com.x.A/1.0.0/provider/app"
        );
        let k = ServiceKey::new("com.x.A", Some("g"), None);
        assert_eq!(
            definition_path("/dubbo", &k, "app"),
            "/dubbo/metadata/com.x.A/g/provider/app"
        );
    }

    #[test]
    fn parses_3x_application_metadata() {
        assert_eq!(
            parse_mapping(b"inventory-app, other ,"),
            vec!["inventory-app", "other"]
        );
        let instance = br#"{"name":"inventory-app","id":"10.0.0.1:20880","address":"10.0.0.1","port":20880,
            "payload":{"@class":"org.apache.dubbo.registry.zookeeper.ZookeeperInstance","id":"10.0.0.1:20880","name":"inventory-app",
            "metadata":{"dubbo.metadata.revision":"a1b2c3","dubbo.metadata.storage-type":"remote"}},"registrationTimeUTC":1,"serviceType":"DYNAMIC"}"#;
        assert_eq!(parse_instance_revision(instance).as_deref(), Some("a1b2c3"));
        assert_eq!(parse_instance_revision(b"{}"), None);
        let info = br#"{"app":"inventory-app","revision":"a1b2c3","services":{
            "com.x.Inventory:dubbo":{"name":"com.x.Inventory","protocol":"dubbo","port":20880,"path":"com.x.Inventory","params":{"methods":"reserve,release,count"}},
            "g1/com.x.Inventory:2.0.0:dubbo":{"name":"com.x.Inventory","group":"g1","version":"2.0.0","protocol":"dubbo","params":{"methods":"only"}},
            "com.x.Inventory:tri":{"name":"com.x.Inventory","protocol":"tri","params":{"methods":"tri"}}}}"#;
        let plain = ServiceKey::new("com.x.Inventory", None, None);
        assert_eq!(
            parse_metadata_info(info, &plain),
            Some(vec!["count".into(), "release".into(), "reserve".into()])
        );
        let grouped = ServiceKey::new("com.x.Inventory", Some("g1"), Some("2.0.0"));
        assert_eq!(
            parse_metadata_info(info, &grouped),
            Some(vec!["only".into()])
        );
        assert_eq!(
            parse_metadata_info(info, &ServiceKey::new("com.x.Other", None, None)),
            None
        );
        assert!(
            !usable_path_segment("..")
                && !usable_path_segment("a/b")
                && usable_path_segment("库存")
        );
    }

    #[test]
    fn parses_27_definition() {
        let data = br#"{"canonicalName":"com.example.UserService","codeSource":"file:/app.jar",
            "methods":[{"name":"getById","parameterTypes":["long"],"returnType":"com.example.User"},
                       {"name":"find","parameterTypes":["java.lang.String","int"],"returnType":"java.util.List<com.example.User>","annotations":[]}],
            "types":[{"type":"long"}],"parameters":{"side":"provider"}}"#;
        let sigs = parse_definition(data).unwrap();
        assert_eq!(sigs.len(), 2);
        assert_eq!(sigs[0].name, "find");
        assert_eq!(sigs[0].parameter_types, vec!["java.lang.String", "int"]);
        assert_eq!(sigs[1].return_type.as_deref(), Some("com.example.User"));
        assert_eq!(parse_definition(b"not json"), None);
        assert_eq!(
            parse_definition(br#"{"methods":[{"nameless":1}]}"#),
            Some(vec![])
        );
    }
}
