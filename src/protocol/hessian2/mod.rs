//! Hessian 2.0 as Dubbo speaks it (hessian-lite). Pure: no I/O.

mod decode;
mod encode;
mod json;
mod value;

pub use decode::{DecodeError, DecodeErrorKind, Decoder, Limits};
pub use encode::{EncodeError, Encoder};
pub use json::{
    erased_type_name, from_json, from_json_typed, java_descriptor, to_json, ArgError, ArgMode,
    ClassShape, TypeCatalog,
};
pub use value::Value;

pub(crate) use json::java_decimal_text;
