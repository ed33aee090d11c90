//! The registry: the Dubbo URL model, override rules, the service model built from a read, and
//! the ZooKeeper I/O that produces it.

pub mod apply;
pub mod config_center;
pub mod diff;
pub mod instance;
pub mod live;
pub mod metadata;
pub mod metadata_service;
pub mod model;
pub mod plan;
pub mod resolve;
pub mod rules;
pub mod scope;
pub mod target;
pub mod tls;
pub mod url;
pub mod zk;

pub use model::{Category, Discovery, ProviderView, ServiceView};
pub use url::{DubboUrl, ServiceKey};
