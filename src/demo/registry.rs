//! Registering the demo provider in ZooKeeper exactly like a Java Dubbo 2.7 provider:
//! an ephemeral node under `/dubbo/<interface>/providers/` named by the URL-encoded provider
//! URL, persistent parents, and an empty `/configurators` node.

use zookeeper_client::{Acls, Client, CreateMode, Error as ZkError};

use super::services::ServiceDef;
use super::DemoConfig;
use crate::registry::url::form_encode;

/// The provider URL a Java 2.7 provider would register for `service` (parameters sorted).
pub fn provider_url(
    config: &DemoConfig,
    service: &ServiceDef,
    port: u16,
    pid: u32,
    timestamp_ms: u128,
) -> String {
    let mut params: Vec<(&str, String)> = vec![
        ("anyhost", "false".into()),
        ("application", config.application.clone()),
        ("deprecated", "false".into()),
        ("dubbo", "2.0.2".into()),
        ("dynamic", "true".into()),
        ("generic", "false".into()),
        ("interface", service.interface.into()),
        ("methods", service.method_names().join(",")),
        ("pid", pid.to_string()),
        ("release", "2.7.23".into()),
        // Java: the API jar's version, else the service version.
        ("revision", service.version.unwrap_or("0.0.0").into()),
        ("side", "provider".into()),
        ("timestamp", timestamp_ms.to_string()),
    ];
    if let Some(v) = service.version {
        params.push(("version", v.into()));
    }
    if let Some(g) = service.group {
        params.push(("group", g.into()));
    }
    if let Some(w) = config.weight {
        params.push(("weight", w.to_string()));
    }
    params.sort_by(|a, b| a.0.cmp(b.0));
    let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(
        "dubbo://{}:{port}/{}?{}",
        config.host,
        service.interface,
        query.join("&")
    )
}

/// The ZooKeeper path of the provider node for `url`.
pub fn provider_node_path(interface: &str, url: &str) -> String {
    format!("/dubbo/{interface}/providers/{}", form_encode(url))
}

/// Live registrations; the nodes are ephemeral, so they also vanish if the process dies.
pub struct Registration {
    client: Client,
    paths: Vec<String>,
}

impl Registration {
    /// Connects to ZooKeeper (`host:port[,…]`) and registers every service.
    pub async fn register(
        zk_connect: &str,
        config: &DemoConfig,
        services: &[ServiceDef],
        port: u16,
    ) -> Result<Registration, ZkError> {
        let client = Client::connect(zk_connect).await?;
        let pid = std::process::id();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        // Curator (which Dubbo uses) stores the local address as the default node data.
        let data = config.host.as_bytes();
        let persistent = CreateMode::Persistent.with_acls(Acls::anyone_all());
        let ephemeral = CreateMode::Ephemeral.with_acls(Acls::anyone_all());
        let mut paths = Vec::new();
        for service in services {
            let base = format!("/dubbo/{}", service.interface);
            for dir in [
                "/dubbo".to_string(),
                base.clone(),
                format!("{base}/providers"),
                format!("{base}/configurators"),
            ] {
                match client.create(&dir, data, &persistent).await {
                    Ok(_) | Err(ZkError::NodeExists) => {}
                    Err(e) => return Err(e),
                }
            }
            let path = provider_node_path(
                service.interface,
                &provider_url(config, service, port, pid, now),
            );
            // A node left by a previous session of ours (same URL) would block the create.
            match client.create(&path, data, &ephemeral).await {
                Ok(_) => {}
                Err(ZkError::NodeExists) => {
                    let _ = client.delete(&path, None).await;
                    client.create(&path, data, &ephemeral).await?;
                }
                Err(e) => return Err(e),
            }
            paths.push(path);
        }
        Ok(Registration { client, paths })
    }

    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Deletes the provider nodes (consumers see them go at once, not after session expiry).
    pub async fn unregister(self) {
        for p in &self.paths {
            let _ = self.client.delete(p, None).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::services::catalog;

    #[test]
    fn node_name_parses_back_with_the_registry_model() {
        let services = catalog();
        let url = provider_url(&DemoConfig::default(), &services[0], 20881, 7, 1);
        let path = provider_node_path(services[0].interface, &url);
        let name = path.rsplit('/').next().unwrap();
        let parsed = crate::registry::url::DubboUrl::from_node_name(name).unwrap();
        assert_eq!(parsed.interface(), "com.example.UserService");
        assert_eq!(parsed.version(), Some("1.0.0"));
        assert_eq!(parsed.address(), "127.0.0.1:20881");
        assert_eq!(
            parsed.methods(),
            [
                "failOnDemand",
                "findByName",
                "getById",
                "greet",
                "slow",
                "whoami"
            ]
        );
    }

    #[test]
    fn provider_url_like_java_27() {
        let cfg = DemoConfig {
            weight: Some(200),
            ..DemoConfig::default()
        };
        let services = catalog();
        let url = provider_url(&cfg, &services[1], 20880, 42, 1_700_000_000_000);
        assert_eq!(
            url,
            "dubbo://127.0.0.1:20880/com.example.OrderService?anyhost=false&application=svcctl-demo-provider\
             &deprecated=false&dubbo=2.0.2&dynamic=true&generic=false&group=shop&interface=com.example.OrderService\
             &methods=count,getOrder,listOrders&pid=42&release=2.7.23&revision=2.0.0&side=provider\
             &timestamp=1700000000000&version=2.0.0&weight=200"
        );
        let path = provider_node_path("com.example.OrderService", &url);
        assert!(path.starts_with(
            "/dubbo/com.example.OrderService/providers/dubbo%3A%2F%2F127.0.0.1%3A20880%2F"
        ));
        assert!(path.contains("methods%3Dcount%2CgetOrder%2ClistOrders"));
    }
}
