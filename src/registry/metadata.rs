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

/// A service's methods as far as the registry tells them: full signatures from a metadata
/// report, or names only (from Dubbo 3 application metadata or the providers' `methods=`).
#[derive(Debug, Clone, PartialEq)]
pub struct KnownMethod {
    pub name: String,
    pub parameter_types: Option<Vec<String>>,
    pub return_type: Option<String>,
}

impl KnownMethod {
    pub fn named(name: String) -> KnownMethod {
        KnownMethod {
            name,
            parameter_types: None,
            return_type: None,
        }
    }
}

impl From<MethodSignature> for KnownMethod {
    fn from(s: MethodSignature) -> KnownMethod {
        KnownMethod {
            name: s.name,
            parameter_types: Some(s.parameter_types),
            return_type: s.return_type,
        }
    }
}

/// Where a service's [`KnownMethod`]s came from, as `show -o json` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodsSource {
    /// The 2.7 metadata report: signatures.
    Metadata,
    /// Dubbo 3 `MetadataInfo` (read, or the providers' URLs made from it): names.
    AppMetadata,
    /// The provider URLs' `methods=`: names.
    Url,
}

impl MethodsSource {
    pub fn as_str(self) -> &'static str {
        match self {
            MethodsSource::Metadata => "metadata",
            MethodsSource::AppMetadata => "app-metadata",
            MethodsSource::Url => "url",
        }
    }
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
///
/// 2.7 serializes with fastjson, which writes a type definition it has already written as a
/// reference: `{"$ref": "$.types[3]"}`, `{"$ref": "$.types[0].properties.buyer"}`, and the
/// relative `@` / `..` forms. The order of `types` changes between provider starts, so a
/// definition may sit anywhere: references are resolved against the whole document (cycles
/// stop), and definitions nested in properties or `items` count as much as top-level ones.
pub fn parse_types(json: &Json) -> Vec<TypeDefinition> {
    let Some(types) = json.get("types").and_then(Json::as_array) else {
        return Vec::new();
    };
    let mut found = Found::default();
    for (i, t) in types.iter().enumerate() {
        let path = vec![Seg::Key("types".into()), Seg::Index(i)];
        collect(json, t, path, &mut found, 0, true);
    }
    found.defs
}

/// One step of a fastjson reference path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Default)]
struct Found {
    defs: Vec<TypeDefinition>,
    /// Paths of definitions already walked (a cycle or a shared definition is walked once).
    seen: std::collections::HashSet<Vec<Seg>>,
}

/// Deep enough for any real bean graph; a hostile document cannot make us recurse further.
const MAX_TYPE_DEPTH: usize = 64;

/// Records the definition `v` (at `path`) and the ones nested in it. Nested definitions of
/// scalars (`{"type": "long"}` under a property) carry nothing the name does not say and are
/// left out; top-level entries are all kept.
fn collect(root: &Json, v: &Json, path: Vec<Seg>, found: &mut Found, depth: usize, top: bool) {
    if depth > MAX_TYPE_DEPTH {
        return;
    }
    let Some((def, path)) = resolve(root, v, path) else {
        return;
    };
    if !found.seen.insert(path.clone()) {
        return;
    }
    let Some(name) = def.get("type").and_then(Json::as_str) else {
        return;
    };
    let mut nested = Vec::new();
    let properties = match def.get("properties").and_then(Json::as_object) {
        Some(props) => props
            .iter()
            .filter_map(|(k, pv)| {
                let mut p = path.clone();
                p.extend([Seg::Key("properties".into()), Seg::Key(k.clone())]);
                let ty = match pv.as_str() {
                    Some(t) => t.to_string(),
                    None => {
                        let (d, at) = resolve(root, pv, p)?;
                        nested.push((d, at));
                        d.get("type")?.as_str()?.to_string()
                    }
                };
                Some((k.clone(), ty))
            })
            .collect(),
        None => Vec::new(),
    };
    if let Some(items) = def.get("items").and_then(Json::as_array) {
        for (i, it) in items.iter().enumerate() {
            let mut p = path.clone();
            p.extend([Seg::Key("items".into()), Seg::Index(i)]);
            if let Some(r) = resolve(root, it, p) {
                nested.push(r);
            }
        }
    }
    let enum_constants: Vec<String> = def
        .get("enums")
        .or_else(|| def.get("enum"))
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let td = TypeDefinition {
        name: name.to_string(),
        properties,
        enum_constants,
    };
    let informative = !td.properties.is_empty() || !td.enum_constants.is_empty();
    // The same class may be described twice (a recursion placeholder and the full one).
    match found.defs.iter_mut().find(|d| d.name == td.name) {
        Some(old) if old.properties.is_empty() && old.enum_constants.is_empty() => *old = td,
        Some(_) => {}
        None if top || informative => found.defs.push(td),
        None => {}
    }
    for (d, at) in nested {
        collect(root, d, at, found, depth + 1, false);
    }
}

/// Follows `$ref`s from `v` (found at `path`) to a definition and the path it lives at.
fn resolve<'a>(root: &'a Json, v: &'a Json, path: Vec<Seg>) -> Option<(&'a Json, Vec<Seg>)> {
    let (mut v, mut path) = (v, path);
    // Each hop is one reference; a chain longer than this is a loop of references.
    for _ in 0..32 {
        let obj = v.as_object()?;
        // Dubbo's own TypeDefinition has a `$ref` property (a class name, for recursive
        // beans) that fastjson writes next to `type`: such an object is a definition.
        let reference = match obj.get("$ref").and_then(Json::as_str) {
            Some(r) if !obj.contains_key("type") => r,
            _ => return Some((v, path)),
        };
        match reference_path(reference, &path) {
            Some(target) => {
                v = lookup(root, &target)?;
                path = target;
            }
            // Not a path: Dubbo's recursion marker names the class; find its definition.
            None => {
                let types = root.get("types")?.as_array()?;
                let i = types
                    .iter()
                    .position(|t| t.get("type").and_then(Json::as_str) == Some(reference))?;
                v = &types[i];
                path = vec![Seg::Key("types".into()), Seg::Index(i)];
            }
        }
    }
    None
}

/// The absolute path a fastjson reference denotes, seen from a value at `from`: `$…` from the
/// root, `@` the object or map holding the reference, `..` the holder's parent.
fn reference_path(reference: &str, from: &[Seg]) -> Option<Vec<Seg>> {
    if let Some(rest) = reference.strip_prefix('$') {
        return parse_ref_path(rest);
    }
    // `from` ends with the key the reference sits under; drop it to get its holder.
    let holder = &from[..from.len().checked_sub(1)?];
    if reference == "@" {
        return Some(holder.to_vec());
    }
    let ups = reference
        .split('/')
        .try_fold(0usize, |n, p| (p == "..").then_some(n + 1))?;
    // The holder is a map or list (`properties`, `items`); its parent is the definition.
    holder
        .get(..holder.len().checked_sub(ups)?)
        .map(<[Seg]>::to_vec)
}

/// `.types[3].properties.x` (after the `$`) as path steps; `['key']` and `["key"]` too.
fn parse_ref_path(mut s: &str) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    while !s.is_empty() {
        if let Some(rest) = s.strip_prefix('.') {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            if end == 0 {
                return None;
            }
            out.push(Seg::Key(rest[..end].to_string()));
            s = &rest[end..];
        } else if let Some(rest) = s.strip_prefix('[') {
            let end = rest.find(']')?;
            let inner = &rest[..end];
            let quoted = inner
                .strip_prefix('\'')
                .and_then(|k| k.strip_suffix('\''))
                .or_else(|| inner.strip_prefix('"').and_then(|k| k.strip_suffix('"')));
            out.push(match quoted {
                Some(k) => Seg::Key(k.to_string()),
                None => Seg::Index(inner.parse().ok()?),
            });
            s = &rest[end + 1..];
        } else {
            return None;
        }
    }
    Some(out)
}

fn lookup<'a>(root: &'a Json, path: &[Seg]) -> Option<&'a Json> {
    path.iter().try_fold(root, |v, seg| match seg {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(*i),
    })
}

/// A JSON value of the right shape for a parameter of type `type_name`, for `invoke --template`:
/// what `invoke` accepts back as it is (POJOs as objects with `class`, enums by their first
/// constant, dates in the ISO form results print). `notes` gets one line per enum naming the
/// other constants, under the path of the value (`[0].status`).
pub fn json_skeleton(type_name: &str, types: &[TypeDefinition], notes: &mut Vec<String>) -> Json {
    let mut left = MAX_SKELETON_VALUES;
    let json = skeleton(type_name.trim(), types, 0, "", notes, &mut left);
    if left < 0 {
        notes.push(format!(
            "the template stops at {MAX_SKELETON_VALUES} values (the types nest too widely); fill in the nulls"
        ));
    }
    json
}

/// Values one template may hold: far more than a real signature needs, few enough to print.
const MAX_SKELETON_VALUES: i64 = 10_000;

fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn skeleton(
    t: &str,
    types: &[TypeDefinition],
    depth: usize,
    path: &str,
    notes: &mut Vec<String>,
    left: &mut i64,
) -> Json {
    // Types that fan out (a bean whose properties are all of its own type) would expand
    // exponentially within the depth limit; past the budget the rest of the template is null.
    *left -= 1;
    if *left < 0 {
        return Json::Null;
    }
    // Self-referencing beans (a tree node with children) stop after a few levels.
    if depth > 4 {
        return Json::Null;
    }
    if let Some(elem) = t.strip_suffix("[]") {
        let elem = elem.trim();
        if elem == "byte" {
            return Json::from("");
        }
        return Json::Array(vec![skeleton(
            elem,
            types,
            depth + 1,
            &format!("{path}[0]"),
            notes,
            left,
        )]);
    }
    let (raw, generics) = match t.split_once('<') {
        Some((r, g)) => (r.trim(), Some(g.trim_end().trim_end_matches('>'))),
        None => (t, None),
    };
    let type_arg = |i: usize| generics.and_then(|g| split_type_list(g).into_iter().nth(i));
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
        "char" | "java.lang.Character" => Json::from(" "),
        "java.lang.String" | "java.lang.CharSequence" => Json::from(""),
        "java.util.Date" | "java.sql.Timestamp" | "java.sql.Time" | "java.sql.Date" => {
            Json::from("1970-01-01T00:00:00.000Z")
        }
        "java.time.LocalDate" => Json::from("1970-01-01"),
        "java.time.LocalDateTime" => Json::from("1970-01-01T00:00:00"),
        "java.time.LocalTime" => Json::from("00:00:00"),
        "java.util.List"
        | "java.util.ArrayList"
        | "java.util.LinkedList"
        | "java.util.Collection"
        | "java.util.Set"
        | "java.util.HashSet"
        | "java.util.LinkedHashSet"
        | "java.util.TreeSet"
        | "java.lang.Iterable" => Json::Array(
            type_arg(0)
                .map(|e| {
                    vec![skeleton(
                        &e,
                        types,
                        depth + 1,
                        &format!("{path}[0]"),
                        notes,
                        left,
                    )]
                })
                .unwrap_or_default(),
        ),
        "java.util.Map"
        | "java.util.HashMap"
        | "java.util.LinkedHashMap"
        | "java.util.TreeMap"
        | "java.util.concurrent.ConcurrentHashMap" => match type_arg(1) {
            Some(v) => {
                let key = match type_arg(0).as_deref().map(str::trim) {
                    Some(
                        "int" | "long" | "short" | "byte" | "java.lang.Integer" | "java.lang.Long"
                        | "java.lang.Short" | "java.lang.Byte",
                    ) => "0",
                    _ => "key",
                };
                let value = skeleton(&v, types, depth + 1, &child_path(path, key), notes, left);
                serde_json::json!({ key: value })
            }
            None => Json::Object(Default::default()),
        },
        "java.lang.Object" => Json::Null,
        other => match find_type(types, other) {
            Some(d) if !d.enum_constants.is_empty() => {
                if d.enum_constants.len() > 1 {
                    let at = if path.is_empty() {
                        "the argument"
                    } else {
                        path
                    };
                    notes.push(format!(
                        "{at}: enum {other} is one of {}",
                        d.enum_constants.join(", ")
                    ));
                }
                Json::from(d.enum_constants[0].clone())
            }
            Some(d) if !d.properties.is_empty() => {
                let mut m = serde_json::Map::new();
                m.insert("class".into(), Json::from(d.name.clone()));
                for (name, ty) in &d.properties {
                    m.insert(
                        name.clone(),
                        skeleton(ty, types, depth + 1, &child_path(path, name), notes, left),
                    );
                }
                Json::Object(m)
            }
            _ => Json::Null,
        },
    }
}

/// A definition by class name; canonical (`Outer.Inner`) and binary (`Outer$Inner`) names match.
pub fn find_type<'a>(types: &'a [TypeDefinition], name: &str) -> Option<&'a TypeDefinition> {
    let canonical = name.replace('$', ".");
    types
        .iter()
        .find(|d| d.name == name)
        .or_else(|| types.iter().find(|d| d.name.replace('$', ".") == canonical))
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

/// Dubbo 3's service-name mapping node of an interface: its content names the applications.
pub fn mapping_path(root: &str, interface: &str) -> String {
    format!("{root}/mapping/{interface}")
}

/// Dubbo 2.7's service-name mapping of an interface: a directory in the config center with one
/// child per application (the child's data is only the time it was written). The config center
/// hangs off the same root as the rule documents (`<root>/config/dubbo`).
pub fn legacy_mapping_dir(root: &str, interface: &str) -> String {
    format!("{root}/config/mapping/{interface}")
}

/// The directories whose children are the interfaces that have a mapping, 3.x then 2.7.
pub fn mapping_dirs(root: &str) -> [String; 2] {
    [format!("{root}/mapping"), format!("{root}/config/mapping")]
}

/// The applications an interface's mappings name: the union of Dubbo 3's content (`content`,
/// the node at [`mapping_path`]) and Dubbo 2.7's children (of [`legacy_mapping_dir`]), in first
/// appearance order. Names are registry data that become paths: one that cannot be one node
/// name (empty, `.`/`..`, a `/`, a control character) is reported against the node that named
/// it and never followed. A trailing comma or a blank node is Dubbo's own leniency, not a name.
pub fn mapped_applications(
    root: &str,
    interface: &str,
    content: Option<&[u8]>,
    children: Option<&[String]>,
    problems: &mut Vec<super::model::Problem>,
) -> Vec<String> {
    let mut named: Vec<(String, String)> = Vec::new();
    if let Some(data) = content {
        let path = mapping_path(root, interface);
        let text = String::from_utf8_lossy(data);
        let items: Vec<&str> = text.split(',').map(str::trim).collect();
        let last = items.len().saturating_sub(1);
        for (i, name) in items.into_iter().enumerate() {
            if name.is_empty() && (i == last || text.trim().is_empty()) {
                continue;
            }
            named.push((path.clone(), name.to_string()));
        }
    }
    if let Some(children) = children {
        let dir = legacy_mapping_dir(root, interface);
        named.extend(children.iter().map(|c| (format!("{dir}/{c}"), c.clone())));
    }
    let mut out: Vec<String> = Vec::new();
    for (path, name) in named {
        if let Some(why) = super::url::segment_name_problem(&name) {
            let error = format!(
                "the service-name mapping names the application \"{name}\", which holds {why}: not followed"
            );
            if !problems.iter().any(|p| p.path == path && p.error == error) {
                problems.push(super::model::Problem { path, error });
            }
        } else if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// A watched path that belongs to a service-name mapping → the interface it maps: Dubbo 3's
/// `<root>/mapping/<iface>`, Dubbo 2.7's `<root>/config/mapping/<iface>[/<app>]`.
pub fn interface_of_mapping_path(root: &str, path: &str) -> Option<String> {
    let rest = path.strip_prefix(root)?;
    let iface = if let Some(r) = rest.strip_prefix("/mapping/") {
        r.split_once('/').map_or(Some(r), |_| None)?
    } else {
        let r = rest.strip_prefix("/config/mapping/")?;
        match r.split('/').collect::<Vec<_>>().as_slice() {
            [iface] | [iface, _] => *iface,
            _ => return None,
        }
    };
    (!iface.is_empty()).then(|| iface.to_string())
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

    /// Found while fuzzing (by review, confirmed through the fuzz harness): an 839-byte
    /// definition of a type with 40 properties of its own type expanded to 40^5 values and
    /// took over 4 GB before the depth limit stopped it.
    #[test]
    fn widely_nested_types_stop_at_the_value_budget() {
        let props: Vec<String> = (0..40).map(|i| format!(r#""p{i}":"com.x.A""#)).collect();
        let doc = format!(
            r#"{{"methods":[],"types":[{{"type":"com.x.A","properties":{{{}}}}}]}}"#,
            props.join(",")
        );
        let def = parse_service_definition(doc.as_bytes()).unwrap();
        let mut notes = Vec::new();
        let t = json_skeleton("com.x.A", &def.types, &mut notes);
        fn count(j: &Json) -> usize {
            1 + match j {
                Json::Object(m) => m.values().map(count).sum(),
                Json::Array(a) => a.iter().map(count).sum(),
                _ => 0,
            }
        }
        let n = count(&t);
        assert!(n <= 2 * MAX_SKELETON_VALUES as usize, "{n} values");
        assert_eq!(t["class"], "com.x.A");
        assert!(
            notes.iter().any(|n| n.contains("stops at 10000 values")),
            "{notes:?}"
        );
    }

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
        let mut notes = Vec::new();
        let order = json_skeleton("com.x.Order", &def.types, &mut notes);
        assert_eq!(order["class"], "com.x.Order");
        assert_eq!(order["id"], 0);
        assert_eq!(
            order["lines"],
            serde_json::json!([{"class": "com.x.Line", "sku": "", "qty": 0, "price": 0.0}])
        );
        assert_eq!(order["status"], "NEW");
        assert_eq!(order["tags"], serde_json::json!([""]));
        assert_eq!(order["attrs"], serde_json::json!({"key": 0}));
        assert_eq!(order["placedAt"], "1970-01-01T00:00:00.000Z");
        assert!(
            notes.contains(&"status: enum com.x.Status is one of NEW, PAID".to_string()),
            "{notes:?}"
        );
        // A self-referencing bean stops instead of recursing forever.
        assert!(order["parent"]["parent"]["parent"]["parent"].is_object());
        assert_eq!(
            json_skeleton("int[]", &[], &mut notes),
            serde_json::json!([0])
        );
        assert_eq!(
            json_skeleton("byte[]", &[], &mut notes),
            serde_json::json!("")
        );
        assert_eq!(json_skeleton("com.x.Unknown", &[], &mut notes), Json::Null);
        assert_eq!(
            split_type_list("K, java.util.List<V<W, X>>"),
            vec!["K", "java.util.List<V<W, X>>"]
        );
    }

    /// The shape fastjson gives a 2.7 `FullServiceDefinition` (fields sorted, empty lists
    /// kept, a definition written once and referenced after), in both orders of `types`.
    fn fastjson_report(order_first: bool) -> String {
        let b = "org.apache.dubbo.metadata.definition.builder.DefaultTypeBuilder";
        let c = "org.apache.dubbo.metadata.definition.builder.CollectionTypeBuilder";
        let e = "org.apache.dubbo.metadata.definition.builder.EnumTypeBuilder";
        let prim = |t: &str| {
            format!(
                r#"{{"enums":[],"items":[],"properties":{{}},"type":"{t}","typeBuilderName":"{b}"}}"#
            )
        };
        // The full definitions, written where fastjson meets them first.
        let status = format!(
            r#"{{"enums":["NEW","PAID","VOID"],"items":[],"properties":{{}},"type":"com.x.Status","typeBuilderName":"{e}"}}"#
        );
        let line_full = |status_ref: &str| {
            format!(
                r#"{{"enums":[],"items":[],"properties":{{"price":{},"qty":{},"status":{status_ref}}},"type":"com.x.Line","typeBuilderName":"{b}"}}"#,
                prim("java.math.BigDecimal"),
                prim("int")
            )
        };
        let order_full = |lines: &str, status_ref: &str| {
            format!(
                r#"{{"enums":[],"items":[],"properties":{{"id":{},"lines":{{"enums":[],"items":[{lines}],"properties":{{}},"type":"java.util.List<com.x.Line>","typeBuilderName":"{c}"}},"parent":{{"$ref":".."}},"status":{status_ref},"when":{}}},"type":"com.x.Order","typeBuilderName":"{b}"}}"#,
                prim("long"),
                prim("java.util.Date")
            )
        };
        let types = if order_first {
            // Order first: Line and Status are met inside it; their own entries refer back,
            // one of them through a deep path.
            let status_at = "$.types[0].properties.lines.items[0].properties.status";
            vec![
                order_full(&line_full(&status), &format!(r#"{{"$ref":"{status_at}"}}"#)),
                r#"{"$ref":"$.types[0].properties.lines.items[0]"}"#.to_string(),
                format!(r#"{{"$ref":"{status_at}"}}"#),
            ]
        } else {
            // Status first, Line before Order: Order points back at both.
            vec![
                status.clone(),
                line_full(r#"{"$ref":"$.types[0]"}"#),
                order_full(r#"{"$ref":"$.types[1]"}"#, r#"{"$ref":"$.types[0]"}"#),
            ]
        };
        format!(
            r#"{{"canonicalName":"com.x.OrderService","codeSource":"file:/app.jar","methods":[{{"name":"place","parameterTypes":["com.x.Order"],"returnType":"com.x.Status"}}],"parameters":{{"side":"provider"}},"types":[{}]}}"#,
            types.join(",")
        )
    }

    #[test]
    fn fastjson_references_resolve_in_both_orders() {
        for order_first in [true, false] {
            let text = fastjson_report(order_first);
            let def = parse_service_definition(text.as_bytes()).unwrap();
            let order = find_type(&def.types, "com.x.Order").expect("Order");
            assert_eq!(
                order.properties,
                vec![
                    ("id".to_string(), "long".to_string()),
                    ("lines".into(), "java.util.List<com.x.Line>".into()),
                    ("parent".into(), "com.x.Order".into()),
                    ("status".into(), "com.x.Status".into()),
                    ("when".into(), "java.util.Date".into()),
                ],
                "order_first={order_first}"
            );
            let line = find_type(&def.types, "com.x.Line").expect("Line");
            assert_eq!(line.properties.len(), 3, "order_first={order_first}");
            assert_eq!(line.properties[2], ("status".into(), "com.x.Status".into()));
            let status = find_type(&def.types, "com.x.Status").expect("Status");
            assert_eq!(status.enum_constants, ["NEW", "PAID", "VOID"]);
            let mut notes = Vec::new();
            let t = json_skeleton("com.x.Order", &def.types, &mut notes);
            assert_eq!(t["lines"][0]["status"], "NEW", "order_first={order_first}");
            assert_eq!(t["lines"][0]["price"], 0.0);
            assert_eq!(t["when"], "1970-01-01T00:00:00.000Z");
            assert!(
                notes
                    .iter()
                    .any(|n| n == "lines[0].status: enum com.x.Status is one of NEW, PAID, VOID"),
                "{notes:?}"
            );
        }
    }

    #[test]
    fn references_may_point_forward() {
        // Another writer (or a hand-edited report) may refer ahead; the result is the same.
        let data = br#"{"methods":[],"types":[
            {"type":"com.x.A","properties":{"b":{"$ref":"$.types[1]"},"c":{"$ref":"$.types[1].properties.c"}}},
            {"type":"com.x.B","properties":{"n":{"type":"int"},"c":{"type":"com.x.C","enums":["ON","OFF"]}}}]}"#;
        let def = parse_service_definition(data).unwrap();
        let a = find_type(&def.types, "com.x.A").unwrap();
        assert_eq!(
            a.properties,
            vec![
                ("b".to_string(), "com.x.B".to_string()),
                ("c".into(), "com.x.C".into())
            ]
        );
        assert_eq!(
            find_type(&def.types, "com.x.C").unwrap().enum_constants,
            ["ON", "OFF"]
        );
        assert_eq!(
            find_type(&def.types, "com.x.B").unwrap().properties.len(),
            2
        );
    }

    #[test]
    fn hostile_references_terminate() {
        // References to each other, to themselves, out of range, and malformed.
        let data =
            br#"{"methods":[],"types":[{"$ref":"$.types[1]"},{"$ref":"$.types[0]"},{"$ref":"@"},
            {"$ref":"$.types[99]"},{"$ref":"$.types[x"},{"$ref":"../../../.."},
            {"type":"com.x.A","properties":{"me":{"$ref":"$.types[6]"},"b":{"$ref":"com.x.B"}}},
            {"type":"com.x.B","$ref":"com.x.B","properties":{"a":{"$ref":"$.types[6]"}}}]}"#;
        let def = parse_service_definition(data).unwrap();
        let names: Vec<&str> = def.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["com.x.A", "com.x.B"]);
        let a = find_type(&def.types, "com.x.A").unwrap();
        assert_eq!(
            a.properties,
            vec![
                ("me".to_string(), "com.x.A".to_string()),
                ("b".into(), "com.x.B".into())
            ]
        );
        let mut notes = Vec::new();
        // A bean graph with cycles still gives a finite template.
        let t = json_skeleton("com.x.A", &def.types, &mut notes);
        assert!(t["me"]["me"].is_object());
        assert_eq!(
            parse_ref_path(".types[3].properties.x"),
            Some(vec![
                Seg::Key("types".into()),
                Seg::Index(3),
                Seg::Key("properties".into()),
                Seg::Key("x".into())
            ])
        );
        assert_eq!(
            parse_ref_path("['a.b'][0]"),
            Some(vec![Seg::Key("a.b".into()), Seg::Index(0)])
        );
        assert_eq!(parse_ref_path(".types[-1]"), None);
    }

    #[test]
    fn both_mapping_forms_are_read_and_united() {
        use super::super::model::Problem;
        let children = vec!["legacy-app".to_string(), "users-app".to_string()];
        let mut problems: Vec<Problem> = Vec::new();
        let apps = mapped_applications(
            "/dubbo",
            "com.x.A",
            Some(b"users-app, new-app,"),
            Some(&children),
            &mut problems,
        );
        assert_eq!(apps, ["users-app", "new-app", "legacy-app"]);
        assert!(problems.is_empty(), "{problems:?}");
        // Either form alone.
        let only_legacy =
            mapped_applications("/g1", "com.x.A", None, Some(&children), &mut problems);
        assert_eq!(only_legacy, ["legacy-app", "users-app"]);
        assert_eq!(
            mapped_applications("/g1", "com.x.A", Some(b"a"), None, &mut problems),
            ["a"]
        );
        assert!(mapped_applications("/g1", "com.x.A", Some(b" "), None, &mut problems).is_empty());
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn hostile_mapped_names_are_reported_not_followed() {
        use super::super::model::Problem;
        let mut problems: Vec<Problem> = Vec::new();
        let children = vec!["..".to_string(), "ok-2".to_string()];
        let apps = mapped_applications(
            "/dubbo",
            "com.x.A",
            Some("ok,..,,.,a/../b,esc\u{1b}[2J,del\u{7f}".as_bytes()),
            Some(&children),
            &mut problems,
        );
        assert_eq!(apps, ["ok", "ok-2"]);
        let reported: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| {
                let name = p.error.split('"').nth(1).unwrap();
                (p.path.as_str(), name)
            })
            .collect();
        assert_eq!(
            reported,
            [
                ("/dubbo/mapping/com.x.A", ".."),
                ("/dubbo/mapping/com.x.A", ""),
                ("/dubbo/mapping/com.x.A", "."),
                ("/dubbo/mapping/com.x.A", "a/../b"),
                ("/dubbo/mapping/com.x.A", "esc\u{1b}[2J"),
                ("/dubbo/mapping/com.x.A", "del\u{7f}"),
                ("/dubbo/config/mapping/com.x.A/..", ".."),
            ]
        );
        assert!(
            problems[1].error.contains("an empty segment"),
            "{problems:?}"
        );
        assert!(
            problems[4].error.contains("a control character"),
            "{problems:?}"
        );
        assert!(problems[3].error.contains("a /"), "{problems:?}");
        // Read twice (show reads the mapping twice): reported once.
        mapped_applications("/dubbo", "com.x.A", Some(b".."), None, &mut problems);
        assert_eq!(problems.len(), 7);
    }

    #[test]
    fn mapping_paths_follow_the_root() {
        assert_eq!(mapping_path("/dubbo", "com.x.A"), "/dubbo/mapping/com.x.A");
        assert_eq!(
            legacy_mapping_dir("/g1", "com.x.A"),
            "/g1/config/mapping/com.x.A"
        );
        assert_eq!(
            mapping_dirs("/g1"),
            ["/g1/mapping".to_string(), "/g1/config/mapping".to_string()]
        );
        let of = |p: &str| interface_of_mapping_path("/g1", p);
        assert_eq!(of("/g1/mapping/com.x.A").as_deref(), Some("com.x.A"));
        assert_eq!(of("/g1/config/mapping/com.x.A").as_deref(), Some("com.x.A"));
        assert_eq!(
            of("/g1/config/mapping/com.x.A/app-a").as_deref(),
            Some("com.x.A")
        );
        for not in [
            "/g1/mapping",
            "/g1/mapping/com.x.A/x",
            "/g1/config/mapping",
            "/g1/config/mapping/com.x.A/app/x",
            "/g1/config/dubbo/com.x.A.configurators",
            "/g2/mapping/com.x.A",
            "/g1/com.x.A/providers/x",
        ] {
            assert_eq!(of(not), None, "{not}");
        }
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
