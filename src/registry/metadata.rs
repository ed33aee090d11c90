//! Method signatures from Dubbo's metadata report in ZooKeeper: the 2.7 service definition at
//! `<root>/metadata/<iface>[/<version>][/<group>]/provider/<app>` and, for 3.x, the application
//! metadata at `<root>/metadata/<app>/<revision>` (which carries method names, not signatures).

use serde_json::Value as Json;

use super::url::ServiceKey;

#[derive(Debug, Clone, PartialEq)]
pub struct MethodSignature {
    pub name: String,
    pub parameter_types: Vec<String>,
    pub return_type: Option<String>,
}

/// A type from the report's `types` list: bean properties (name -> type name) or enum constants.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TypeDefinition {
    pub name: String,
    pub properties: Vec<(String, String)>,
    pub enum_constants: Vec<String>,
}

/// What a 2.7 service definition says: signatures and the types they use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceDefinition {
    pub methods: Vec<MethodSignature>,
    pub types: Vec<TypeDefinition>,
}

/// Parses the `types` of a `FullServiceDefinition`. 2.7 writes property values as nested type
/// objects (`{"type": "long"}`), 3.x as type-name strings; enums as `enum` or `enums`.
pub fn parse_types(json: &Json) -> Vec<TypeDefinition> {
    let Some(types) = json.get("types").and_then(Json::as_array) else {
        return Vec::new();
    };
    types
        .iter()
        .filter_map(|t| {
            let name = t.get("type")?.as_str()?.to_string();
            let properties = t
                .get("properties")
                .and_then(Json::as_object)
                .map(|props| {
                    props
                        .iter()
                        .filter_map(|(k, v)| {
                            let ty = v
                                .as_str()
                                .or_else(|| v.get("type").and_then(Json::as_str))?;
                            Some((k.clone(), ty.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let enum_constants = t
                .get("enums")
                .or_else(|| t.get("enum"))
                .and_then(Json::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|e| e.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            Some(TypeDefinition {
                name,
                properties,
                enum_constants,
            })
        })
        .collect()
}

/// A JSON value of the right shape for a parameter of type `type_name`, for `invoke --template`:
/// what generic invoke accepts (POJOs as maps with `class`, enums by name, dates as text).
pub fn json_skeleton(type_name: &str, types: &[TypeDefinition]) -> Json {
    skeleton(type_name.trim(), types, 0)
}

fn skeleton(t: &str, types: &[TypeDefinition], depth: usize) -> Json {
    // Self-referencing beans (a tree node with children) stop after a few levels.
    if depth > 4 {
        return Json::Null;
    }
    if let Some(elem) = t.strip_suffix("[]") {
        return Json::Array(vec![skeleton(elem, types, depth + 1)]);
    }
    let (raw, generics) = match t.split_once('<') {
        Some((r, g)) => (r.trim(), Some(g.trim_end_matches('>'))),
        None => (t, None),
    };
    let first_arg = || generics.and_then(|g| split_type_list(g).into_iter().next());
    match raw {
        "byte"
        | "short"
        | "int"
        | "long"
        | "java.lang.Byte"
        | "java.lang.Short"
        | "java.lang.Integer"
        | "java.lang.Long"
        | "java.math.BigInteger" => Json::from(0),
        "float" | "double" | "java.lang.Float" | "java.lang.Double" | "java.math.BigDecimal" => {
            Json::from(0.0)
        }
        "boolean" | "java.lang.Boolean" => Json::Bool(false),
        "char" | "java.lang.Character" | "java.lang.String" | "java.lang.CharSequence" => {
            Json::from("")
        }
        "java.util.Date" | "java.sql.Timestamp" => Json::from("1970-01-01 00:00:00"),
        "java.time.LocalDate" | "java.sql.Date" => Json::from("1970-01-01"),
        "java.time.LocalDateTime" => Json::from("1970-01-01T00:00:00"),
        "java.time.LocalTime" | "java.sql.Time" => Json::from("00:00:00"),
        "java.util.List"
        | "java.util.ArrayList"
        | "java.util.LinkedList"
        | "java.util.Collection"
        | "java.util.Set"
        | "java.util.HashSet"
        | "java.util.TreeSet"
        | "java.lang.Iterable" => Json::Array(
            first_arg()
                .map(|e| vec![skeleton(&e, types, depth + 1)])
                .unwrap_or_default(),
        ),
        "java.util.Map"
        | "java.util.HashMap"
        | "java.util.LinkedHashMap"
        | "java.util.TreeMap"
        | "java.util.concurrent.ConcurrentHashMap" => {
            let value = generics.and_then(|g| split_type_list(g).into_iter().nth(1));
            match value {
                Some(v) => serde_json::json!({ "key": skeleton(&v, types, depth + 1) }),
                None => Json::Object(Default::default()),
            }
        }
        "java.lang.Object" => Json::Null,
        other => match types.iter().find(|d| d.name == other) {
            Some(d) if !d.enum_constants.is_empty() => Json::from(d.enum_constants[0].clone()),
            Some(d) if !d.properties.is_empty() => {
                let mut m = serde_json::Map::new();
                m.insert("class".into(), Json::from(other));
                for (name, ty) in &d.properties {
                    m.insert(name.clone(), skeleton(ty, types, depth + 1));
                }
                Json::Object(m)
            }
            _ => Json::Null,
        },
    }
}

/// Splits a list of Java type names at top-level commas (`K, java.util.List<V>`,
/// `long,java.util.Map<K,V>`), dropping empty entries. Used for generic arguments and for
/// `--types`.
pub fn split_type_list(g: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut cur) = (0usize, String::new());
    for c in g.chars() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur.trim().to_string());
    out.retain(|t| !t.is_empty());
    out
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
    parse_service_definition(data).map(|d| d.methods)
}

/// Signatures and types of a `FullServiceDefinition`.
pub fn parse_service_definition(data: &[u8]) -> Option<ServiceDefinition> {
    let json: Json = serde_json::from_slice(data).ok()?;
    let methods = parse_methods(&json)?;
    Some(ServiceDefinition {
        methods,
        types: parse_types(&json),
    })
}

fn parse_methods(json: &Json) -> Option<Vec<MethodSignature>> {
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
    fn skeletons_follow_the_declared_types() {
        // 2.7 writes properties as nested type objects, 3.x as type-name strings.
        let data = br#"{"methods":[{"name":"create","parameterTypes":["com.x.Order"],"returnType":"long"}],
            "types":[{"type":"com.x.Order","properties":{"id":{"type":"long"},"lines":{"type":"java.util.List<com.x.Line>"},
                       "status":{"type":"com.x.Status"},"tags":{"type":"java.lang.String[]"},"attrs":"java.util.Map<java.lang.String,java.lang.Integer>",
                       "placedAt":"java.util.Date","parent":"com.x.Order"}},
                     {"type":"com.x.Line","properties":{"sku":"java.lang.String","qty":"int","price":"java.math.BigDecimal"}},
                     {"type":"com.x.Status","enums":["NEW","PAID"]}]}"#;
        let def = parse_service_definition(data).unwrap();
        assert_eq!(def.types.len(), 3);
        let order = json_skeleton("com.x.Order", &def.types);
        assert_eq!(order["class"], "com.x.Order");
        assert_eq!(order["id"], 0);
        assert_eq!(
            order["lines"],
            serde_json::json!([{"class": "com.x.Line", "sku": "", "qty": 0, "price": 0.0}])
        );
        assert_eq!(order["status"], "NEW");
        assert_eq!(order["tags"], serde_json::json!([""]));
        assert_eq!(order["attrs"], serde_json::json!({"key": 0}));
        assert_eq!(order["placedAt"], "1970-01-01 00:00:00");
        // A self-referencing bean stops instead of recursing forever.
        assert!(order["parent"]["parent"]["parent"]["parent"].is_object());
        assert_eq!(json_skeleton("int[]", &[]), serde_json::json!([0]));
        assert_eq!(json_skeleton("com.x.Unknown", &[]), Json::Null);
        assert_eq!(
            split_type_list("K, java.util.List<V<W, X>>"),
            vec!["K", "java.util.List<V<W, X>>"]
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
