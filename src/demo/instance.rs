//! The demo provider as a Dubbo 3 application (`--register-mode instance|all`): what a Java
//! 3.x provider writes for application-level discovery (an ephemeral instance node in Curator's
//! JSON under the services root, the service-name mapping, and with `remote` storage the
//! `MetadataInfo` document) and the `MetadataService` it exports so consumers can ask for the
//! metadata when it is kept `local` (Dubbo 3's default).

use std::sync::Arc;

use serde_json::{json, Value as Json};

use super::services::{BadArgument, CallContext, HandlerResult, MethodDef, Returned, ServiceDef};
use super::DemoConfig;
use crate::protocol::hessian2::Value;
use crate::registry::metadata_service;

/// How the demo registers, as Dubbo 3's `dubbo.registry.register-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegisterMode {
    /// Interface-level nodes only (Dubbo 2.x, and 3.x with `interface`).
    #[default]
    Interface,
    /// Application instance only (`instance`).
    Instance,
    /// Both (`all`, Dubbo 3.2's default).
    All,
}

impl RegisterMode {
    pub fn interface_level(self) -> bool {
        self != RegisterMode::Instance
    }

    pub fn application_level(self) -> bool {
        self != RegisterMode::Interface
    }
}

/// The metadata of this instance: its revision and the `MetadataInfo` document.
#[derive(Debug, Clone)]
pub struct AppMetadata {
    pub revision: String,
    pub document: Json,
}

/// `<group/>interface<:version>:protocol`, the key of a service in `MetadataInfo`.
fn service_key(s: &ServiceDef) -> String {
    let mut k = String::new();
    if let Some(g) = s.group {
        k.push_str(g);
        k.push('/');
    }
    k.push_str(s.interface);
    if let Some(v) = s.version {
        k.push(':');
        k.push_str(v);
    }
    k.push_str(":dubbo");
    k
}

/// The `MetadataInfo` of the demo's exported services on `port`. The revision is a hash of the
/// services' content, as Dubbo's is (an MD5 there; any stable digest names a revision).
pub fn metadata(config: &DemoConfig, services: &[ServiceDef], port: u16) -> AppMetadata {
    let mut entries = serde_json::Map::new();
    for s in services {
        let mut params = serde_json::Map::new();
        params.insert("application".into(), json!(config.application));
        params.insert("dubbo".into(), json!("2.0.2"));
        params.insert("interface".into(), json!(s.interface));
        params.insert("methods".into(), json!(s.method_names().join(",")));
        params.insert("release".into(), json!(config.release));
        params.insert("side".into(), json!("provider"));
        if let Some(v) = s.version {
            params.insert("version".into(), json!(v));
        }
        if let Some(g) = s.group {
            params.insert("group".into(), json!(g));
        }
        let mut info = json!({
            "name": s.interface,
            "protocol": "dubbo",
            "port": port,
            "path": s.interface,
            "params": params,
        });
        if let Some(v) = s.version {
            info["version"] = json!(v);
        }
        if let Some(g) = s.group {
            info["group"] = json!(g);
        }
        entries.insert(service_key(s), info);
    }
    let content = Json::Object(entries.clone()).to_string();
    // FNV-1a, 64 bits.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{}{content}", config.application).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let revision = format!("{h:016x}");
    let document = json!({
        "app": config.application,
        "revision": revision,
        "services": entries,
    });
    AppMetadata { revision, document }
}

/// The instance node's content, as Curator's `ServiceInstance` JSON with Dubbo's payload.
pub fn instance_json(
    config: &DemoConfig,
    port: u16,
    meta: &AppMetadata,
    remote: bool,
    now_ms: u128,
) -> Json {
    let id = format!("{}:{port}", config.host);
    let url_params = json!({
        "port": port.to_string(),
        "protocol": "dubbo",
        "version": metadata_service::VERSION,
        "dubbo": "2.0.2",
        "release": config.release,
        "side": "provider",
    })
    .to_string();
    json!({
        "name": config.application,
        "id": id,
        "address": config.host,
        "port": port,
        "sslPort": null,
        "payload": {
            "@class": "org.apache.dubbo.registry.zookeeper.ZookeeperInstance",
            "id": id,
            "name": config.application,
            "metadata": {
                "dubbo.metadata.revision": meta.revision,
                "dubbo.metadata.storage-type": if remote { "remote" } else { "local" },
                "dubbo.metadata-service.url-params": url_params,
                "dubbo.endpoints": json!([{"port": port, "protocol": "dubbo"}]).to_string(),
            }
        },
        "registrationTimeUTC": now_ms as u64,
        "serviceType": "DYNAMIC",
        "uriSpec": null,
    })
}

fn string_map(m: &Json) -> Value {
    let entries = m
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                    (Value::string(k.as_str()), Value::String(v))
                })
                .collect()
        })
        .unwrap_or_default();
    Value::Map {
        type_name: None,
        entries,
    }
}

fn opt_string(j: &Json) -> Value {
    j.as_str().map_or(Value::Null, Value::string)
}

/// The `MetadataInfo` as the Java object a MetadataService returns: the fields Dubbo 3
/// serializes (the rest are transient), services in a map by key.
pub fn metadata_value(meta: &AppMetadata) -> Value {
    let doc = &meta.document;
    let services = doc["services"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, s)| {
                    let fields = vec![
                        ("name".to_string(), opt_string(&s["name"])),
                        ("group".to_string(), opt_string(&s["group"])),
                        ("version".to_string(), opt_string(&s["version"])),
                        ("protocol".to_string(), opt_string(&s["protocol"])),
                        (
                            "port".to_string(),
                            Value::Int(s["port"].as_i64().unwrap_or(0) as i32),
                        ),
                        ("path".to_string(), opt_string(&s["path"])),
                        ("params".to_string(), string_map(&s["params"])),
                    ];
                    (
                        Value::string(k.as_str()),
                        Value::Object {
                            class: "org.apache.dubbo.metadata.MetadataInfo$ServiceInfo".into(),
                            fields,
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Value::Object {
        class: "org.apache.dubbo.metadata.MetadataInfo".into(),
        fields: vec![
            ("app".to_string(), opt_string(&doc["app"])),
            (
                "revision".to_string(),
                Value::string(meta.revision.as_str()),
            ),
            (
                "services".to_string(),
                Value::Map {
                    type_name: Some("java.util.concurrent.ConcurrentHashMap".into()),
                    entries: services,
                },
            ),
        ],
    }
}

fn get_metadata_info(ctx: &CallContext, a: &[Value]) -> HandlerResult {
    let revision = match a.first() {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(_) => return Err(BadArgument("argument 0: expected a string".into())),
    };
    // Dubbo answers null for a revision it does not have (an instance restarted with others).
    let value = match &ctx.metadata {
        Some(m) if m.0 == revision => m.1.clone(),
        _ => Value::Null,
    };
    Ok(Ok(Returned::Value(value)))
}

/// The MetadataService every Dubbo 3 application exports (group = the application).
pub fn metadata_service(application: &str) -> ServiceDef {
    ServiceDef {
        interface: metadata_service::INTERFACE,
        version: Some(metadata_service::VERSION),
        // One per process: the group is a 'static name in the service table.
        group: Some(Box::leak(application.to_string().into_boxed_str())),
        impl_class: "org.apache.dubbo.config.metadata.MetadataServiceDelegation",
        methods: vec![MethodDef {
            name: "getMetadataInfo",
            param_types: &["java.lang.String"],
            return_type: "org.apache.dubbo.metadata.MetadataInfo",
            handler: get_metadata_info,
        }],
    }
}

/// What the MetadataService handler serves: the revision and its value.
pub type ServedMetadata = Arc<(String, Value)>;
