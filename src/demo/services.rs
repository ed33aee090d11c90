//! The services the demo provider exports, written as a Java developer would see them: an
//! interface name, a version/group, and methods with Java parameter types.
//!
//! Handlers work on Hessian values. Arguments are coerced leniently (an int where a long is
//! declared is fine), like Dubbo's PojoUtils does for generic calls.

use std::time::Duration;

use crate::protocol::hessian2::Value;

/// What a handler produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Returned {
    Value(Value),
    /// Reply with the value after sleeping (for `slow`).
    After(Duration, Value),
}

/// A Java exception a handler throws: becomes a Throwable object on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct Thrown {
    pub class: &'static str,
    pub message: String,
    /// Method name shown in the top stack frame.
    pub method: &'static str,
}

/// Why the arguments could not be used (wrong count or type).
#[derive(Debug, Clone, PartialEq)]
pub struct BadArgument(pub String);

pub type HandlerResult = Result<Result<Returned, Thrown>, BadArgument>;

/// Facts about the serving instance a handler may use.
#[derive(Debug, Clone)]
pub struct CallContext {
    pub instance: String,
    pub host: String,
    pub port: u16,
    /// The revision and `MetadataInfo` the MetadataService serves, when registered at
    /// application level.
    pub metadata: Option<super::instance::ServedMetadata>,
}

pub struct MethodDef {
    pub name: &'static str,
    /// Java type names as `$invoke` callers pass them (`long`, `java.lang.String`, …).
    pub param_types: &'static [&'static str],
    pub return_type: &'static str,
    pub handler: fn(&CallContext, &[Value]) -> HandlerResult,
}

impl MethodDef {
    /// The JVM descriptor of the parameter list.
    pub fn descriptor(&self) -> String {
        self.param_types
            .iter()
            .map(|t| java_descriptor(t))
            .collect()
    }
}

pub struct ServiceDef {
    pub interface: &'static str,
    pub version: Option<&'static str>,
    pub group: Option<&'static str>,
    /// Class name of the implementation (shown in stack traces).
    pub impl_class: &'static str,
    pub methods: Vec<MethodDef>,
}

impl ServiceDef {
    /// Distinct method names, sorted (the `methods` URL parameter).
    pub fn method_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&str> = self.methods.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// Descriptor of one Java type name (`long` → `J`, `java.lang.String` → `Ljava/lang/String;`,
/// `int[]` → `[I`).
pub fn java_descriptor(type_name: &str) -> String {
    // `java.util.List<X>` is `java.util.List` to the JVM.
    if let Some((raw, _)) = type_name.split_once('<') {
        let dims = type_name.rsplit('>').next().unwrap_or("");
        return java_descriptor(&format!("{}{}", raw.trim(), dims.trim()));
    }
    if let Some(component) = type_name.strip_suffix("[]") {
        return format!("[{}", java_descriptor(component));
    }
    match type_name {
        "boolean" => "Z".into(),
        "byte" => "B".into(),
        "char" => "C".into(),
        "short" => "S".into(),
        "int" => "I".into(),
        "long" => "J".into(),
        "float" => "F".into(),
        "double" => "D".into(),
        "void" => "V".into(),
        other => format!("L{};", other.replace('.', "/")),
    }
}

/// All services of the demo provider.
pub fn catalog() -> Vec<ServiceDef> {
    vec![
        user_service(),
        order_service(),
        super::ledger::ledger_service(),
    ]
}

const USER: &str = "com.example.User";
const ORDER: &str = "com.example.Order";
/// 2024-05-01T12:00:00Z; a fixed "createdAt" keeps outputs reproducible.
const EPOCH_BASE_MS: i64 = 1_714_564_800_000;

fn user_service() -> ServiceDef {
    ServiceDef {
        interface: "com.example.UserService",
        version: Some("1.0.0"),
        group: None,
        impl_class: "com.example.UserServiceImpl",
        methods: vec![
            MethodDef {
                name: "getById",
                param_types: &["long"],
                return_type: USER,
                handler: |_, a| {
                    let id = arg_long(a, 0)?;
                    Ok(Ok(Returned::Value(user(id).unwrap_or(Value::Null))))
                },
            },
            MethodDef {
                name: "findByName",
                param_types: &["java.lang.String"],
                return_type: "java.util.List",
                handler: |_, a| {
                    let needle = arg_string(a, 0)?.unwrap_or_default().to_lowercase();
                    let items = (1..=USER_NAMES.len() as i64)
                        .filter(|id| {
                            USER_NAMES[*id as usize - 1]
                                .to_lowercase()
                                .contains(&needle)
                        })
                        .filter_map(user)
                        .collect();
                    Ok(Ok(Returned::Value(Value::List {
                        type_name: None,
                        items,
                    })))
                },
            },
            MethodDef {
                name: "greet",
                param_types: &["java.lang.String"],
                return_type: "java.lang.String",
                handler: |_, a| {
                    let name = arg_string(a, 0)?.unwrap_or_else(|| "nobody".into());
                    Ok(Ok(Returned::Value(Value::String(format!(
                        "Hello, {name}!"
                    )))))
                },
            },
            MethodDef {
                name: "greet",
                param_types: &["java.lang.String", "java.lang.String"],
                return_type: "java.lang.String",
                handler: |_, a| {
                    let greeting = arg_string(a, 0)?.unwrap_or_else(|| "Hello".into());
                    let name = arg_string(a, 1)?.unwrap_or_else(|| "nobody".into());
                    Ok(Ok(Returned::Value(Value::String(format!(
                        "{greeting}, {name}!"
                    )))))
                },
            },
            MethodDef {
                name: "greet",
                param_types: &["int"],
                return_type: "java.lang.String",
                handler: |_, a| {
                    let n = arg_int(a, 0)?;
                    Ok(Ok(Returned::Value(Value::String(format!(
                        "Hello, number {n}!"
                    )))))
                },
            },
            MethodDef {
                name: "failOnDemand",
                param_types: &["boolean"],
                return_type: "java.lang.String",
                handler: |_, a| {
                    if arg_bool(a, 0)? {
                        Ok(Err(Thrown {
                            class: "java.lang.IllegalArgumentException",
                            message: "failOnDemand(true): failing as asked".into(),
                            method: "failOnDemand",
                        }))
                    } else {
                        Ok(Ok(Returned::Value(Value::string("did not fail"))))
                    }
                },
            },
            MethodDef {
                name: "slow",
                param_types: &["long"],
                return_type: "long",
                handler: |_, a| {
                    let millis = arg_long(a, 0)?.clamp(0, 600_000);
                    Ok(Ok(Returned::After(
                        Duration::from_millis(millis as u64),
                        Value::Long(millis),
                    )))
                },
            },
            MethodDef {
                name: "whoami",
                param_types: &[],
                return_type: "java.lang.String",
                handler: |ctx, _| {
                    Ok(Ok(Returned::Value(Value::String(format!(
                        "{}@{}:{}",
                        ctx.instance, ctx.host, ctx.port
                    )))))
                },
            },
        ],
    }
}

fn order_service() -> ServiceDef {
    ServiceDef {
        interface: "com.example.OrderService",
        version: Some("2.0.0"),
        group: Some("shop"),
        impl_class: "com.example.OrderServiceImpl",
        methods: vec![
            MethodDef {
                name: "getOrder",
                param_types: &["long"],
                return_type: ORDER,
                handler: |_, a| {
                    Ok(Ok(Returned::Value(
                        order(arg_long(a, 0)?).unwrap_or(Value::Null),
                    )))
                },
            },
            MethodDef {
                name: "listOrders",
                param_types: &["long"],
                return_type: "java.util.List",
                handler: |_, a| {
                    let user_id = arg_long(a, 0)?;
                    let items = (1..=ORDER_COUNT)
                        .filter(|id| order_user(*id) == user_id)
                        .filter_map(order)
                        .collect();
                    Ok(Ok(Returned::Value(Value::List {
                        type_name: None,
                        items,
                    })))
                },
            },
            MethodDef {
                name: "count",
                param_types: &[],
                return_type: "int",
                handler: |_, _| Ok(Ok(Returned::Value(Value::Int(ORDER_COUNT as i32)))),
            },
        ],
    }
}

const USER_NAMES: [&str; 4] = ["alice", "bob", "carol", "alicia"];
const ORDER_COUNT: i64 = 6;

/// Users 1–4 have names of their own; 5–100 exist as `user<id>` (so the README's
/// `getById 42` finds someone); any other id is unknown (null).
const USER_COUNT: i64 = 100;

fn user(id: i64) -> Option<Value> {
    if !(1..=USER_COUNT).contains(&id) {
        return None;
    }
    let name = match USER_NAMES.get(usize::try_from(id - 1).ok()?) {
        Some(n) => (*n).to_string(),
        None => format!("user{id}"),
    };
    let tags = if id % 2 == 1 {
        vec!["admin", "beta"]
    } else {
        vec!["beta"]
    };
    Some(Value::Object {
        class: USER.into(),
        fields: vec![
            ("id".into(), Value::Long(id)),
            ("name".into(), Value::String(name.clone())),
            ("email".into(), Value::String(format!("{name}@example.com"))),
            (
                "tags".into(),
                Value::List {
                    type_name: None,
                    items: tags.into_iter().map(Value::string).collect(),
                },
            ),
            (
                "createdAt".into(),
                Value::Date(EPOCH_BASE_MS + id * 86_400_000),
            ),
        ],
    })
}

fn order_user(id: i64) -> i64 {
    (id - 1) % 3 + 1
}

fn order(id: i64) -> Option<Value> {
    if !(1..=ORDER_COUNT).contains(&id) {
        return None;
    }
    let items: Vec<Value> = (0..id % 3 + 1)
        .map(|i| Value::String(format!("sku-{}", 100 + id * 10 + i)))
        .collect();
    Some(Value::Object {
        class: ORDER.into(),
        fields: vec![
            ("id".into(), Value::Long(id)),
            ("userId".into(), Value::Long(order_user(id))),
            ("amount".into(), Value::Double(id as f64 * 12.5)),
            (
                "items".into(),
                Value::List {
                    type_name: None,
                    items,
                },
            ),
            (
                "createdAt".into(),
                Value::Date(EPOCH_BASE_MS + id * 3_600_000),
            ),
        ],
    })
}

fn arg(a: &[Value], i: usize) -> Result<&Value, BadArgument> {
    a.get(i)
        .ok_or_else(|| BadArgument(format!("missing argument {i}")))
}

fn arg_long(a: &[Value], i: usize) -> Result<i64, BadArgument> {
    match arg(a, i)? {
        Value::Long(v) => Ok(*v),
        Value::Int(v) => Ok(*v as i64),
        Value::Double(v) if v.fract() == 0.0 => Ok(*v as i64),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| BadArgument(format!("argument {i}: {s:?} is not a long"))),
        other => Err(BadArgument(format!(
            "argument {i}: expected a long, got {}",
            kind(other)
        ))),
    }
}

fn arg_int(a: &[Value], i: usize) -> Result<i32, BadArgument> {
    let v = arg_long(a, i)?;
    i32::try_from(v).map_err(|_| BadArgument(format!("argument {i}: {v} does not fit an int")))
}

fn arg_bool(a: &[Value], i: usize) -> Result<bool, BadArgument> {
    match arg(a, i)? {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" || s == "false" => Ok(s == "true"),
        Value::Int(n) => Ok(*n != 0),
        other => Err(BadArgument(format!(
            "argument {i}: expected a boolean, got {}",
            kind(other)
        ))),
    }
}

fn arg_string(a: &[Value], i: usize) -> Result<Option<String>, BadArgument> {
    match arg(a, i)? {
        Value::String(s) => Ok(Some(s.clone())),
        Value::Null => Ok(None),
        other => Err(BadArgument(format!(
            "argument {i}: expected a string, got {}",
            kind(other)
        ))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "int",
        Value::Long(_) => "long",
        Value::Double(_) => "double",
        Value::Date(_) => "date",
        Value::String(_) => "string",
        Value::Binary(_) => "binary",
        Value::List { .. } => "list",
        Value::Map { .. } => "map",
        Value::Object { .. } => "object",
        Value::Ref(_) => "reference",
    }
}

/// PojoUtils.generalize for results of generic calls: POJOs become maps with a `class` entry;
/// lists and maps are generalized element-wise; scalars, numbers and dates stay as they are;
/// enums become their names.
pub fn generalize(v: &Value) -> Value {
    match v {
        // Numbers and dates stay as they are (BigDecimal, BigInteger, java.sql.*).
        Value::Object { class, .. }
            if class.starts_with("java.math.") || class.starts_with("java.sql.") =>
        {
            v.clone()
        }
        // An enum becomes its name().
        Value::Object { class, fields } if super::ledger::enum_constants(class).is_some() => fields
            .iter()
            .find(|(k, _)| k == "name")
            .map_or(Value::Null, |(_, n)| n.clone()),
        Value::Object { class, fields } => {
            let mut entries = vec![(Value::string("class"), Value::String(class.clone()))];
            entries.extend(
                fields
                    .iter()
                    .map(|(k, v)| (Value::String(k.clone()), generalize(v))),
            );
            Value::Map {
                type_name: None,
                entries,
            }
        }
        Value::List { type_name, items } => Value::List {
            type_name: type_name.clone(),
            items: items.iter().map(generalize).collect(),
        },
        Value::Map { type_name, entries } => Value::Map {
            type_name: type_name.clone(),
            entries: entries
                .iter()
                .map(|(k, v)| (generalize(k), generalize(v)))
                .collect(),
        },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_of_demo_methods() {
        let svc = user_service();
        let descs: Vec<(&str, String)> = svc
            .methods
            .iter()
            .map(|m| (m.name, m.descriptor()))
            .collect();
        assert!(descs.contains(&("greet", "Ljava/lang/String;Ljava/lang/String;".into())));
        assert!(descs.contains(&("greet", "I".into())));
        assert!(descs.contains(&("getById", "J".into())));
        assert!(descs.contains(&("whoami", "".into())));
        assert_eq!(java_descriptor("int[]"), "[I");
        assert_eq!(
            svc.method_names(),
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
    fn generalize_turns_pojos_into_maps_with_class() {
        let g = generalize(&user(1).unwrap());
        let Value::Map {
            type_name: None,
            entries,
        } = g
        else {
            panic!()
        };
        assert_eq!(entries[0], (Value::string("class"), Value::string(USER)));
        assert!(entries
            .iter()
            .any(|(k, v)| k.as_str() == Some("id") && *v == Value::Long(1)));
    }

    #[test]
    fn lenient_argument_coercion() {
        assert_eq!(arg_long(&[Value::Int(5)], 0), Ok(5));
        assert_eq!(arg_long(&[Value::string("7")], 0), Ok(7));
        assert!(arg_long(&[Value::Bool(true)], 0).is_err());
        assert!(arg_long(&[], 0).is_err());
    }
}
