//! Hessian 2.0 as Dubbo speaks it (hessian-lite). Pure: no I/O.

mod value;

pub use value::Value;
