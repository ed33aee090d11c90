//! Wire formats: Hessian 2, the Dubbo binary protocol, and the text answers providers give
//! about their load (Dubbo's telnet `count`, Prometheus exposition).

pub mod conn;
pub mod dubbo;
pub mod hessian2;
pub mod prometheus;
pub mod telnet;
