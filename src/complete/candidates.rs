//! Completion candidates from registry data. Pure: the data comes from the cache or ZooKeeper,
//! the word being completed from the shell.

use serde::{Deserialize, Serialize};

use crate::registry::model::interface_of_node;
use crate::registry::resolve::resolve_service;

/// What completion needs to know about one provider of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderFacts {
    pub address: String,
    pub host: String,
    pub group: Option<String>,
    pub version: Option<String>,
    pub application: Option<String>,
    pub methods: Vec<String>,
}

/// Candidates that start with `current`; if none does, those that do ignoring case (SERVICE
/// resolves short names case-insensitively, so `user` should still find `UserService`).
pub fn matching(current: &str, mut all: Vec<String>) -> Vec<String> {
    all.sort();
    all.dedup();
    let exact: Vec<String> = all
        .iter()
        .filter(|c| c.starts_with(current))
        .cloned()
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let lower = current.to_lowercase();
    all.into_iter()
        .filter(|c| c.to_lowercase().starts_with(&lower))
        .collect()
}

/// Every full interface name, and each simple name that is unique (so resolves on its own).
pub fn service_names(nodes: &[String]) -> Vec<String> {
    let full: Vec<String> = nodes.iter().map(|n| interface_of_node(n)).collect();
    let simple = |i: &str| i.rsplit('.').next().unwrap_or(i).to_string();
    let mut out = full.clone();
    for i in &full {
        let s = simple(i);
        let clashes = full
            .iter()
            .filter(|j| simple(j).eq_ignore_ascii_case(&s))
            .count();
        if clashes == 1 && s != *i {
            out.push(s);
        }
    }
    out
}

/// The SERVICE part of a `SERVICE.METHOD` word, when it names a registered service: the text
/// before the last dot, or the whole word when it is already a service (then its methods are
/// offered right away). Returns (service as typed, its interface node).
pub fn service_of_target(word: &str, nodes: &[String]) -> Option<(String, String)> {
    let names = service_names(nodes);
    if names.iter().any(|n| n == word) {
        if let Ok(r) = resolve_service(word, nodes) {
            return Some((word.to_string(), r.node));
        }
    }
    let (service, _) = word.rsplit_once('.')?;
    resolve_service(service, nodes)
        .ok()
        .map(|r| (service.to_string(), r.node))
}

/// `SERVICE.method` for every method the providers list.
pub fn methods(service: &str, providers: &[ProviderFacts]) -> Vec<String> {
    providers
        .iter()
        .flat_map(|p| p.methods.iter())
        .map(|m| format!("{service}.{m}"))
        .collect()
}

pub fn addresses(providers: &[ProviderFacts]) -> Vec<String> {
    providers.iter().map(|p| p.address.clone()).collect()
}

pub fn hosts(providers: &[ProviderFacts]) -> Vec<String> {
    providers.iter().map(|p| p.host.clone()).collect()
}

pub fn applications(providers: &[ProviderFacts]) -> Vec<String> {
    providers
        .iter()
        .filter_map(|p| p.application.clone())
        .collect()
}

pub fn groups(providers: &[ProviderFacts]) -> Vec<String> {
    providers.iter().filter_map(|p| p.group.clone()).collect()
}

pub fn versions(providers: &[ProviderFacts]) -> Vec<String> {
    providers.iter().filter_map(|p| p.version.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes() -> Vec<String> {
        [
            "com.example.UserService",
            "com.example.OrderService",
            "org.acme.audit.AuditLog",
            "com.example.AuditLog",
            "com.example.UserProfileService",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn facts(addr: &str, methods: &[&str]) -> ProviderFacts {
        ProviderFacts {
            address: addr.into(),
            host: addr.split(':').next().unwrap().into(),
            group: None,
            version: Some("1.0.0".into()),
            application: Some("app".into()),
            methods: methods.iter().map(|m| m.to_string()).collect(),
        }
    }

    #[test]
    fn short_names_only_when_unique() {
        let names = service_names(&nodes());
        assert!(names.contains(&"UserService".to_string()));
        assert!(names.contains(&"com.example.UserService".to_string()));
        assert!(
            !names.contains(&"AuditLog".to_string()),
            "ambiguous: {names:?}"
        );
        assert!(names.contains(&"org.acme.audit.AuditLog".to_string()));
    }

    #[test]
    fn prefix_then_case_insensitive() {
        let names = service_names(&nodes());
        assert_eq!(
            matching("User", names.clone()),
            vec!["UserProfileService", "UserService"]
        );
        assert_eq!(
            matching("user", names.clone()),
            vec!["UserProfileService", "UserService"]
        );
        assert_eq!(
            matching("com.example.O", names.clone()),
            vec!["com.example.OrderService"]
        );
        assert!(matching("nothing", names).is_empty());
    }

    #[test]
    fn the_service_of_a_method_word() {
        let n = nodes();
        assert_eq!(
            service_of_target("UserService.get", &n),
            Some(("UserService".into(), "com.example.UserService".into()))
        );
        assert_eq!(
            service_of_target("UserService", &n),
            Some(("UserService".into(), "com.example.UserService".into()))
        );
        assert_eq!(
            service_of_target("com.example.UserService.", &n),
            Some((
                "com.example.UserService".into(),
                "com.example.UserService".into()
            ))
        );
        // A package prefix is not a service; an ambiguous short name is not either.
        assert_eq!(service_of_target("com.example.Us", &n), None);
        assert_eq!(service_of_target("AuditLog.append", &n), None);
        assert_eq!(service_of_target("User", &n), None);
    }

    #[test]
    fn methods_and_addresses_from_providers() {
        let p = vec![
            facts("10.0.0.1:20880", &["getById", "greet"]),
            facts("10.0.0.2:20880", &["getById"]),
        ];
        assert_eq!(
            matching("UserService.g", methods("UserService", &p)),
            vec!["UserService.getById", "UserService.greet"]
        );
        assert_eq!(
            matching("10.0.0.", addresses(&p)),
            vec!["10.0.0.1:20880", "10.0.0.2:20880"]
        );
        assert_eq!(matching("", hosts(&p)), vec!["10.0.0.1", "10.0.0.2"]);
        assert_eq!(matching("", versions(&p)), vec!["1.0.0"]);
        assert!(groups(&p).is_empty());
    }
}
