//! What one call sends, worked out before anything is sent: the JSON arguments converted to
//! Hessian values for the parameter types chosen (or guessed), as a generic `$invoke`, a typed
//! call or an `$echo`, and the same arguments as a Triple call.

use std::time::Duration;

use serde_json::Value as Json;

use crate::error::{Error, Result};
use crate::protocol::dubbo::request::{Invocation, ServiceRef};
use crate::protocol::hessian2::{
    erased_type_name, from_json_typed, java_descriptor, ArgMode, ClassShape, TypeCatalog, Value,
};
use crate::protocol::triple::Call;
use crate::registry::metadata::TypeDefinition;

/// Everything needed to build the invocation for a candidate.
#[derive(Clone)]
pub struct Plan {
    pub method: String,
    /// The original JSON arguments.
    pub args: Vec<Json>,
    pub types: Option<Vec<String>>,
    pub direct: bool,
    pub ping: bool,
    pub timeout: Duration,
    pub attachments: Vec<(String, String)>,
    /// Field types and enum constants from the metadata report, for POJO arguments.
    pub catalog: TypeCatalog,
}

impl Plan {
    pub fn invocation(&self, service: &ServiceRef) -> Result<Invocation> {
        let mut inv = if self.ping {
            let value = match self.args.first() {
                Some(j) => convert(0, j, None, ArgMode::Generic, &self.catalog)?,
                None => Value::string("ping"),
            };
            Invocation::echo(service.clone(), value, self.timeout)
        } else if self.direct {
            let types: Vec<String> = match &self.types {
                Some(t) => t.clone(),
                None => self.args.iter().map(inferred_type_name).collect(),
            };
            let mut descriptor = String::new();
            for t in &types {
                descriptor.push_str(
                    &java_descriptor(t)
                        .map_err(|e| Error::usage(format!("parameter type {t:?}: {e}")))?,
                );
            }
            let args = self
                .args
                .iter()
                .enumerate()
                .map(|(i, j)| {
                    let declared = types.get(i).map(String::as_str);
                    convert(i, j, declared, ArgMode::Direct, &self.catalog)
                })
                .collect::<Result<Vec<_>>>()?;
            Invocation::direct(
                service.clone(),
                self.method.clone(),
                descriptor,
                args,
                self.timeout,
            )
        } else {
            let types = match &self.types {
                Some(t) => Some(
                    t.iter()
                        .map(|t| {
                            erased_type_name(t)
                                .map_err(|e| Error::usage(format!("parameter type {t:?}: {e}")))
                        })
                        .collect::<Result<Vec<_>>>()?,
                ),
                None => None,
            };
            let args = self
                .args
                .iter()
                .enumerate()
                .map(|(i, j)| {
                    let declared = self
                        .types
                        .as_ref()
                        .and_then(|t| t.get(i))
                        .map(String::as_str);
                    convert(i, j, declared, ArgMode::Generic, &self.catalog)
                })
                .collect::<Result<Vec<_>>>()?;
            Invocation::generic(
                service.clone(),
                self.method.clone(),
                types,
                args,
                self.timeout,
            )
        };
        for (k, v) in &self.attachments {
            inv.set_attachment(k.clone(), v.clone());
        }
        Ok(inv)
    }

    /// The Triple call of the plan on `service`.
    pub fn triple_call(&self, service: &ServiceRef) -> Call {
        triple_call(
            service,
            &self.method,
            &self.args,
            self.timeout,
            &self.attachments,
        )
    }

    /// Arguments as Java's `String.valueOf` would render them (consistent hashing).
    pub fn hash_arguments(&self) -> Vec<String> {
        self.args
            .iter()
            .map(|j| match j {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    }
}

pub fn convert(
    index: usize,
    j: &Json,
    declared: Option<&str>,
    mode: ArgMode,
    catalog: &TypeCatalog,
) -> Result<Value> {
    from_json_typed(j, declared, mode, catalog).map_err(|e| {
        let what = match declared {
            Some(t) => format!("argument {index} (declared {t})"),
            None => format!("argument {index}"),
        };
        Error::usage(format!("{what}: {e}"))
    })
}

/// The metadata report's types as the converter wants them.
pub fn type_catalog(types: &[TypeDefinition]) -> TypeCatalog {
    let mut catalog = TypeCatalog::default();
    for t in types {
        if !t.properties.is_empty() || !t.enum_constants.is_empty() {
            catalog.insert(
                &t.name,
                ClassShape {
                    fields: t.properties.clone(),
                    enum_constants: t.enum_constants.clone(),
                },
            );
        }
    }
    catalog
}

/// Java type guessed from a JSON value (spec §5.3), for typed calls without known types.
pub fn inferred_type_name(j: &Json) -> String {
    match j {
        Json::String(_) | Json::Null => "java.lang.String".into(),
        Json::Bool(_) => "boolean".into(),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                if i32::try_from(i).is_ok() {
                    "int".into()
                } else {
                    "long".into()
                }
            } else if n
                .to_string()
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-')
            {
                "java.math.BigInteger".into()
            } else {
                "double".into()
            }
        }
        Json::Array(_) => "java.util.List".into(),
        Json::Object(m) => match m.get("class").and_then(Json::as_str) {
            Some(c) => c.to_string(),
            None => match m.get("$type").and_then(Json::as_str) {
                Some(t) => t.to_string(),
                None => "java.util.Map".into(),
            },
        },
    }
}

/// The Triple call of `method` on the service as one provider registered it: the JSON
/// arguments go out as they are.
pub fn triple_call(
    svc: &ServiceRef,
    method: &str,
    args: &[Json],
    timeout: Duration,
    attachments: &[(String, String)],
) -> Call {
    let mut c = Call::new(&svc.interface, method, args, timeout);
    c.group = svc.group.clone();
    c.version = svc.version.clone();
    c.attachments = attachments.to_vec();
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn infers_types_from_json() {
        assert_eq!(inferred_type_name(&json!("x")), "java.lang.String");
        assert_eq!(inferred_type_name(&json!(5)), "int");
        assert_eq!(inferred_type_name(&json!(5_000_000_000i64)), "long");
        assert_eq!(inferred_type_name(&json!(1.5)), "double");
        let huge: Json = serde_json::from_str("123456789012345678901234567890").unwrap();
        assert_eq!(inferred_type_name(&huge), "java.math.BigInteger");
        assert_eq!(inferred_type_name(&json!({"a": 1})), "java.util.Map");
    }
}
