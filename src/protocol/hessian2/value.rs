//! The Hessian 2 value model shared by the encoder, the decoder and the JSON mapping.

/// One Hessian value.
///
/// Shared references that point at a value already fully decoded are resolved by the decoder
/// (the referenced value is cloned, within the decoder's node budget). A reference to a value
/// that is still being decoded (a cycle such as `Throwable.cause == this`) stays as
/// [`Value::Ref`] with the 0-based slot index, so a decoded tree is always finite.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i32),
    Long(i64),
    Double(f64),
    /// Milliseconds since the Unix epoch, UTC.
    Date(i64),
    String(String),
    Binary(Vec<u8>),
    /// Any list form; `type_name` is `None` for untyped lists (`java.util.ArrayList` on the Java side).
    List {
        type_name: Option<String>,
        items: Vec<Value>,
    },
    /// Any map form; `type_name` is `None` for `H` maps (`java.util.HashMap`). Keys may be any value.
    Map {
        type_name: Option<String>,
        entries: Vec<(Value, Value)>,
    },
    /// An object instance: class name and fields in wire order.
    Object {
        class: String,
        fields: Vec<(String, Value)>,
    },
    /// A back-reference to a value still under construction (a cycle), by ref slot index.
    Ref(u32),
}

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A field of an object, by name.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object { fields, .. } => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }
}
