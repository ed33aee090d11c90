//! The `types` of the demo's metadata report, shaped as Dubbo 2.7 publishes them: nested
//! `TypeDefinition` objects serialized by fastjson, which writes a bean or enum definition in
//! full where it first meets it and as `{"$ref": "<path>"}` everywhere after, paths such as
//! `$.types[0].properties.lines.items[0]`. Fields are sorted and empty lists kept, as fastjson
//! writes them.

use std::collections::HashMap;

use serde_json::{json, Map, Value as Json};

use crate::registry::metadata::split_type_list;

const BUILDERS: &str = "org.apache.dubbo.metadata.definition.builder.";

/// What the demo knows about a class: bean properties (name, type) in order, or enum constants.
pub enum Shape {
    Bean(Vec<(String, String)>),
    Enum(Vec<String>),
}

/// The `types` array for `type_names` (in that order), looking classes up with `shape_of`.
pub fn fastjson_types(type_names: &[&str], shape_of: &dyn Fn(&str) -> Option<Shape>) -> Json {
    let mut w = Writer {
        shape_of,
        written: HashMap::new(),
    };
    let items = type_names
        .iter()
        .enumerate()
        .map(|(i, t)| w.definition(t, &format!("$.types[{i}]"), 0))
        .collect();
    Json::Array(items)
}

struct Writer<'a> {
    shape_of: &'a dyn Fn(&str) -> Option<Shape>,
    /// Bean and enum definitions already written, by class, with where.
    written: HashMap<String, String>,
}

impl Writer<'_> {
    fn definition(&mut self, t: &str, path: &str, depth: usize) -> Json {
        let t = t.trim();
        let (raw, args) = match t.split_once('<') {
            Some((r, g)) => (
                r.trim(),
                split_type_list(g.trim_end().trim_end_matches('>')),
            ),
            None => (t, Vec::new()),
        };
        let shape = if t.ends_with("[]") || depth > 8 {
            None
        } else {
            (self.shape_of)(raw)
        };
        if shape.is_some() {
            if let Some(at) = self.written.get(raw) {
                return json!({ "$ref": at });
            }
            self.written.insert(raw.to_string(), path.to_string());
        }
        let mut enums = Vec::new();
        let mut items = Vec::new();
        let mut properties = Map::new();
        let builder = match (&shape, t.strip_suffix("[]")) {
            (_, Some(component)) => {
                items.push(self.definition(component, &format!("{path}.items[0]"), depth + 1));
                "ArrayTypeBuilder"
            }
            (Some(Shape::Enum(constants)), None) => {
                enums = constants.iter().map(|c| Json::from(c.as_str())).collect();
                "EnumTypeBuilder"
            }
            (Some(Shape::Bean(fields)), None) => {
                for (name, ft) in fields {
                    let at = format!("{path}.properties.{name}");
                    let d = self.definition(ft, &at, depth + 1);
                    properties.insert(name.clone(), d);
                }
                "DefaultTypeBuilder"
            }
            (None, None) if !args.is_empty() => {
                for (i, a) in args.iter().enumerate() {
                    items.push(self.definition(a, &format!("{path}.items[{i}]"), depth + 1));
                }
                if raw.ends_with("Map") {
                    "MapTypeBuilder"
                } else {
                    "CollectionTypeBuilder"
                }
            }
            (None, None) => "DefaultTypeBuilder",
        };
        json!({
            "enums": enums,
            "items": items,
            "properties": properties,
            "type": t,
            "typeBuilderName": format!("{BUILDERS}{builder}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_definitions_become_references() {
        let shape_of = |c: &str| match c {
            "com.x.A" => Some(Shape::Bean(vec![
                ("b".into(), "java.util.List<com.x.B>".into()),
                ("e".into(), "com.x.E".into()),
                ("again".into(), "com.x.B".into()),
            ])),
            "com.x.B" => Some(Shape::Bean(vec![("n".into(), "int".into())])),
            "com.x.E" => Some(Shape::Enum(vec!["X".into(), "Y".into()])),
            _ => None,
        };
        let types = fastjson_types(&["com.x.A", "com.x.B", "long"], &shape_of);
        assert_eq!(
            types[0]["properties"]["b"]["items"][0]["properties"]["n"]["type"],
            "int"
        );
        assert_eq!(
            types[0]["properties"]["again"],
            json!({"$ref": "$.types[0].properties.b.items[0]"})
        );
        assert_eq!(
            types[1],
            json!({"$ref": "$.types[0].properties.b.items[0]"})
        );
        assert_eq!(types[0]["properties"]["e"]["enums"], json!(["X", "Y"]));
        assert_eq!(types[2]["type"], "long");
    }
}
