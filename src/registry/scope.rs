//! Which services a command looks at: the `ls` filters (pattern, `--app`, `--host`) and one
//! service key narrowed by group/version. Pure, shared by the listing, watch mode, `top` and the
//! commands that pick providers of one key.

use super::model::{interface_of_node, ServiceView};
use super::resolve::Pattern;
use super::url::ServiceKey;

/// The `ls` filters: a service pattern, an application, a host (`ip` or `ip:port`).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub pattern: Option<Pattern>,
    pub app: Option<String>,
    pub host: Option<String>,
}

impl Filter {
    pub fn new(pattern: Option<&str>, app: Option<String>, host: Option<String>) -> Filter {
        Filter {
            pattern: pattern.map(Pattern::new),
            app,
            host,
        }
    }

    /// Whether an interface node (its name as stored, percent-encoded or not) can hold a
    /// matching service. Decided on the name alone, so a listing reads only what it needs.
    pub fn interface_matches(&self, node_name: &str) -> bool {
        match &self.pattern {
            Some(p) => p.matches(&interface_of_node(node_name)),
            None => true,
        }
    }

    /// `--app` and `--host` are judged on the service's providers and consumers.
    pub fn service_matches(&self, v: &ServiceView) -> bool {
        let urls = || {
            v.providers
                .iter()
                .map(|p| &*p.url)
                .chain(v.consumers.iter())
        };
        let app_ok = self
            .app
            .as_ref()
            .is_none_or(|app| urls().any(|u| u.application() == Some(app.as_str())));
        let host_ok = self
            .host
            .as_ref()
            .is_none_or(|h| urls().any(|u| address_matches(h, &u.host, u.port)));
        app_ok && host_ok
    }
}

/// `ip` matches any port; `ip:port` matches exactly.
pub fn address_matches(wanted: &str, host: &str, port: u16) -> bool {
    // An IPv6 host is given in brackets, as svcctl prints it (`[::1]:20880`), or bare (`::1`).
    match super::url::split_address(wanted) {
        Ok((h, None)) => h == host,
        Ok((h, Some(p))) => h == host && p.parse::<u16>().ok() == Some(port),
        Err(_) => false,
    }
}

/// A group/version constraint on a key: `None` or `*` accepts anything.
pub fn key_matches(key: &ServiceKey, group: Option<&str>, version: Option<&str>) -> bool {
    group.is_none_or(|g| g == "*" || key.group.as_deref() == Some(g))
        && version.is_none_or(|v| v == "*" || key.version.as_deref() == Some(v))
}

/// What a live view or a watch covers.
#[derive(Debug, Clone)]
pub enum Scope {
    All(Filter),
    /// One interface node (its name as stored), optionally narrowed to a group/version.
    Service {
        node: String,
        group: Option<String>,
        version: Option<String>,
    },
}

impl Scope {
    pub fn interface_in_scope(&self, name: &str) -> bool {
        match self {
            Scope::All(f) => f.interface_matches(name),
            Scope::Service { node, .. } => node == name,
        }
    }

    pub fn service_in_scope(&self, v: &ServiceView) -> bool {
        match self {
            Scope::All(f) => f.service_matches(v),
            Scope::Service { group, version, .. } => {
                key_matches(&v.key, group.as_deref(), version.as_deref())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::test_views;
    use super::*;

    #[test]
    fn host_filter() {
        assert!(address_matches("10.0.0.1", "10.0.0.1", 20880));
        assert!(address_matches("10.0.0.1:20880", "10.0.0.1", 20880));
        assert!(!address_matches("10.0.0.1:20881", "10.0.0.1", 20880));
        assert!(!address_matches("10.0.0.12", "10.0.0.1", 20880));
        for given in ["::1", "[::1]", "[::1]:20880"] {
            assert!(address_matches(given, "::1", 20880), "{given}");
        }
        for given in ["[::1]:20881", "[::1]20880", "[::1", "[::2]", "::2"] {
            assert!(!address_matches(given, "::1", 20880), "{given}");
        }
    }

    #[test]
    fn keys_match_group_and_version_or_wildcards() {
        let k = ServiceKey::new("com.x.A", Some("g"), Some("1.0"));
        assert!(key_matches(&k, None, None));
        assert!(key_matches(&k, Some("g"), Some("*")));
        assert!(key_matches(&k, Some("*"), Some("1.0")));
        assert!(!key_matches(&k, Some("h"), None));
        assert!(!key_matches(&k, None, Some("2.0")));
        let bare = ServiceKey::new("com.x.A", None, None);
        assert!(!key_matches(&bare, Some("g"), None));
    }

    #[test]
    fn scope_all_filters_by_pattern_app_and_host() {
        const P: &str =
            "dubbo://10.0.0.1:20880/com.x.UserService?interface=com.x.UserService&application=users";
        let views = test_views("com.x.UserService", &[P], &[]);
        let v = &views[0];
        let all = Scope::All(Filter::default());
        assert!(all.interface_in_scope("com.x.Anything"));
        assert!(all.service_in_scope(v));

        let by_name = Scope::All(Filter::new(Some("UserService"), None, None));
        assert!(by_name.interface_in_scope("com.x.UserService"));
        assert!(!by_name.interface_in_scope("com.x.OrderService"));

        let app = |a: &str| Scope::All(Filter::new(None, Some(a.into()), None));
        assert!(app("users").service_in_scope(v));
        assert!(!app("orders").service_in_scope(v));

        let host = |h: &str| Scope::All(Filter::new(None, None, Some(h.into())));
        assert!(host("10.0.0.1").service_in_scope(v));
        assert!(host("10.0.0.1:20880").service_in_scope(v));
        assert!(!host("10.0.0.2").service_in_scope(v));
    }

    #[test]
    fn scope_service_is_one_node_and_its_keys() {
        let s = Scope::Service {
            node: "com.x.A".into(),
            group: Some("g".into()),
            version: None,
        };
        assert!(s.interface_in_scope("com.x.A"));
        assert!(!s.interface_in_scope("com.x.AB"));
        let in_g = test_views(
            "com.x.A",
            &["dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&group=g"],
            &[],
        );
        let bare = test_views(
            "com.x.A",
            &["dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A"],
            &[],
        );
        assert!(s.service_in_scope(&in_g[0]));
        assert!(!s.service_in_scope(&bare[0]));
    }
}
