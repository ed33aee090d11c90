//! Hessian 2.0 as Dubbo speaks it (hessian-lite). Pure: no I/O.

mod decode;
mod encode;
mod value;

pub use decode::{DecodeError, DecodeErrorKind, Decoder, Limits};
pub use encode::{EncodeError, Encoder};
pub use value::Value;
