//! Asking a Dubbo 3 provider for its metadata: `org.apache.dubbo.metadata.MetadataService`, the
//! service every Dubbo 3 application exports (group = application name, version 1.0.0) so that
//! consumers can learn what an instance of a revision serves when the metadata is not in the
//! registry (`dubbo.metadata.storage-type=local`, the default).

use std::time::Duration;

use serde_json::Value as Json;

use crate::protocol::conn::{ConnectOptions, Connection};
use crate::protocol::dubbo::request::{Invocation, ServiceRef};
use crate::protocol::hessian2::{to_json, Value};

pub const INTERFACE: &str = "org.apache.dubbo.metadata.MetadataService";
pub const VERSION: &str = "1.0.0";

/// How long one instance may take to answer: a listing waits for the slowest application.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// The invocation of `getMetadataInfo(revision)` on `app`'s MetadataService.
pub fn invocation(app: &str, revision: &str, timeout: Duration) -> Invocation {
    let service = ServiceRef {
        interface: INTERFACE.to_string(),
        version: Some(VERSION.to_string()),
        group: Some(app.to_string()),
    };
    Invocation::direct(
        service,
        "getMetadataInfo",
        "Ljava/lang/String;",
        vec![Value::String(revision.to_string())],
        timeout,
    )
}

/// Calls `getMetadataInfo(revision)` at `addr` and returns the `MetadataInfo` object rendered as
/// JSON (null when the provider does not know the revision). Errors are one line for a problem
/// report.
pub async fn fetch(
    addr: &str,
    app: &str,
    revision: &str,
    timeout: Duration,
) -> Result<Json, String> {
    let opts = ConnectOptions {
        connect_timeout: timeout,
        ..ConnectOptions::default()
    };
    let work = async {
        let conn = Connection::connect(addr, &opts)
            .await
            .map_err(|e| e.to_string())?;
        let reply = conn
            .call(&invocation(app, revision, timeout), timeout)
            .await
            .map_err(|e| e.to_string());
        conn.close();
        let value = reply?.into_value().map_err(|e| e.to_string())?;
        Ok(to_json(&value))
    };
    // Connect and call each have the timeout; the whole exchange may not take much longer.
    match tokio::time::timeout(timeout * 2, work).await {
        Ok(r) => r,
        Err(_) => Err(format!("no answer within {} ms", (timeout * 2).as_millis())),
    }
}
