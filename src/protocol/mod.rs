//! Wire formats: Hessian 2 and the Dubbo binary protocol.

pub mod conn;
pub mod dubbo;
pub mod hessian2;
