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
