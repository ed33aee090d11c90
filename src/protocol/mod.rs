//! Wire formats: Hessian 2, the Dubbo binary protocol, Triple (HTTP/2), and the text answers providers give
//! about their load (Dubbo's telnet `count`, Prometheus exposition).

pub mod attempt;
pub mod coalesce;
pub mod conn;
pub mod dubbo;
pub mod hessian2;
pub mod plan;
pub mod prometheus;
pub mod telnet;
pub mod triple;
