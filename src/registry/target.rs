//! What `invoke` calls: the providers of one service as the registry lists them (or the one
//! `--provider` names), the protocol each is called over, how the service is addressed on each,
//! and what the metadata report says about its methods.

use serde_json::Value as Json;

use crate::cluster::Candidate;
use crate::error::{Error, Result};
use crate::protocol::dubbo::request::ServiceRef;
use crate::registry::metadata::{self, MethodSignature, TypeDefinition};
use crate::registry::model::services_of;
use crate::registry::resolve::resolve_service;
use crate::registry::scope::key_matches;
use crate::registry::url::ServiceKey;
use crate::registry::zk::Registry;
use crate::registry::ServiceView;

/// The protocol a provider is called over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Dubbo,
    Triple,
}

impl Protocol {
    /// From a provider URL's scheme; `None` for protocols svcctl does not speak.
    pub fn of(name: &str) -> Option<Protocol> {
        match name {
            "dubbo" => Some(Protocol::Dubbo),
            "tri" => Some(Protocol::Triple),
            _ => None,
        }
    }

    /// The URL scheme, as the registry and the JSON documents spell it.
    pub fn scheme(self) -> &'static str {
        match self {
            Protocol::Dubbo => "dubbo",
            Protocol::Triple => "tri",
        }
    }
}

/// The providers to call and how to address the service on each.
#[derive(Debug)]
pub struct Target {
    /// What the user asked for, resolved (`group/iface:version`, or the interface).
    pub label: String,
    pub candidates: Vec<Candidate>,
    /// Per candidate: the exported service as the provider registered it.
    pub services: Vec<ServiceRef>,
    pub signatures: Option<Vec<MethodSignature>>,
    /// Types from the metadata report, for `--template`.
    pub types: Vec<TypeDefinition>,
    /// Per candidate, the protocol it is called over; a Triple candidate's
    /// `services[i].interface` is the path it is called at.
    pub protocols: Vec<Protocol>,
}

/// What to look up.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    /// SERVICE as typed: a short name, an interface, or a service key.
    pub service: &'a str,
    /// `--group` / `--version`, which win over the service key's.
    pub group: Option<&'a str>,
    pub version: Option<&'a str>,
    /// `--triple-mode` was given: only the Triple providers, when there are some.
    pub triple_asked: bool,
    /// An option of the dubbo protocol was given (`--ping`, `--direct`): only the dubbo
    /// providers, when there are some.
    pub dubbo_asked: bool,
}

impl Target {
    pub fn all_triple(&self) -> bool {
        self.protocols.iter().all(|p| *p == Protocol::Triple)
    }

    pub fn any_triple(&self) -> bool {
        self.protocols.contains(&Protocol::Triple)
    }

    /// `--provider HOST:PORT`, `dubbo://HOST:PORT` or `tri://HOST:PORT` (a provider URL as `show`
    /// prints it, path and parameters ignored): that provider alone, no registry.
    pub fn direct(given: &str, q: &Query<'_>) -> Result<Target> {
        let (addr, triple) = direct_address(given, q.triple_asked)?;
        let key = ServiceKey::parse(q.service);
        let mut sref = ServiceRef::new(key.interface.clone());
        if let Some(v) = q.version.map(str::to_string).or(key.version) {
            sref = sref.with_version(v);
        }
        if let Some(g) = q.group.map(str::to_string).or(key.group) {
            sref = sref.with_group(g);
        }
        Ok(Target {
            label: sref.key(),
            candidates: vec![Candidate::new(addr)],
            services: vec![sref],
            signatures: None,
            types: Vec::new(),
            protocols: vec![if triple {
                Protocol::Triple
            } else {
                Protocol::Dubbo
            }],
        })
    }

    /// Registry lookup: the effectively enabled providers of the service, each called over the
    /// protocol it registered (see [`wire_protocols`]), and its metadata. Registry data it had
    /// to skip (a provider node or rule it cannot read) goes to `problems`, also when the
    /// lookup fails: a rule that could not be read may be why no provider is left.
    pub async fn resolve(
        registry: &Registry,
        q: &Query<'_>,
        problems: &mut Vec<crate::registry::model::Problem>,
    ) -> Result<Target> {
        let names = registry.list_interfaces().await?;
        let resolved = resolve_service(q.service, &names)?;
        let group = q.group.map(str::to_string).or(resolved.group.clone());
        let version = q.version.map(str::to_string).or(resolved.version.clone());
        // Without the provider nodes' stats: a call does not care how a provider registered
        // (static or dynamic), and they would cost a round trip of their own.
        let iface = registry
            .read_interface(&resolved.node, false)
            .await?
            .ok_or_else(|| {
                Error::not_found(format!("service {} disappeared", resolved.interface))
            })?;
        let mut views: Vec<_> = services_of(&iface, registry.root(), problems)
            .into_iter()
            .filter(|v| key_matches(&v.key, group.as_deref(), version.as_deref()))
            .filter(|v| !v.providers.is_empty())
            .collect();
        // The metadata report is keyed by the service and its providers' applications, which
        // rules do not change: it is read in the same round trip as the rules.
        let described = views.first().map(|v| (v.key.clone(), v.applications()));
        let mut definition_problems = Vec::new();
        let definition = async {
            match &described {
                Some((key, apps)) => {
                    registry
                        .service_definition(key, apps, &mut definition_problems)
                        .await
                }
                None => Ok(None),
            }
        };
        // Disabled providers and reweights from the config center count as much as registry ones.
        let (applied, definition) = futures::future::join(
            registry.apply_config_center(&mut views, problems),
            definition,
        )
        .await;
        problems.extend(definition_problems);
        applied?;
        let definition = definition?;
        let label =
            ServiceKey::new(&resolved.interface, group.as_deref(), version.as_deref()).to_string();
        let mut target = from_views(
            label,
            &views,
            wire_protocols(&views, q.triple_asked, q.dubbo_asked),
        )?;
        if let Some(d) = definition {
            target.signatures = Some(d.methods);
            target.types = d.types;
        }
        Ok(target)
    }

    /// Parameter types: `--types`, else a unique metadata signature, else none (the provider
    /// resolves the method by name); with where they came from.
    pub fn choose_types(
        &self,
        types_flag: Option<&str>,
        method: &str,
        arity: usize,
    ) -> Result<(Option<Vec<String>>, &'static str)> {
        if let Some(t) = types_flag {
            let types = metadata::split_type_list(t);
            if types.len() != arity {
                return Err(Error::usage(format!(
                    "--types lists {} type(s) but {arity} argument(s) were given",
                    types.len()
                )));
            }
            return Ok((Some(types), "--types"));
        }
        let Some(sigs) = &self.signatures else {
            return Ok((None, "none (provider resolves the method by name)"));
        };
        let named: Vec<&MethodSignature> = sigs.iter().filter(|s| s.name == method).collect();
        if named.is_empty() {
            let mut names: Vec<&str> = sigs.iter().map(|s| s.name.as_str()).collect();
            names.dedup();
            return Err(Error::not_found(format!(
                "{} has no method {method:?} (per the metadata report)",
                self.label
            ))
            .with_hint(format!("methods: {}", names.join(", "))));
        }
        let same_arity: Vec<&&MethodSignature> = named
            .iter()
            .filter(|s| s.parameter_types.len() == arity)
            .collect();
        match same_arity.as_slice() {
            [one] => Ok((Some(one.parameter_types.clone()), "metadata report")),
            [] => Ok((
                None,
                "none (no overload with this many arguments in metadata)",
            )),
            many => {
                let list: Vec<String> = many
                    .iter()
                    .map(|s| format!("{method}({})", s.parameter_types.join(",")))
                    .collect();
                Err(Error::usage(format!(
                    "{method} is overloaded: {} signatures take {arity} argument(s): {}",
                    many.len(),
                    list.join("; ")
                ))
                .with_hint(format!(
                    "pick one with --types, e.g. --types {}",
                    many[0].parameter_types.join(",")
                )))
            }
        }
    }

    /// `--template`: the argument skeleton of the one signature `--types` or the metadata
    /// report names for `method` (any arity), and notes on it (enum constants) by argument.
    pub fn template(&self, types_flag: Option<&str>, method: &str) -> Result<(Json, Vec<String>)> {
        let types = match types_flag {
            Some(t) => metadata::split_type_list(t),
            None => {
                let sigs = self.signatures.as_ref().ok_or_else(|| {
                    Error::not_found(format!(
                        "no metadata report for {}: the argument types are unknown",
                        self.label
                    ))
                    .with_hint("name them with --types, e.g. --types long,java.lang.String")
                })?;
                let named: Vec<&MethodSignature> =
                    sigs.iter().filter(|s| s.name == method).collect();
                match named.as_slice() {
                    [one] => one.parameter_types.clone(),
                    [] => {
                        return Err(Error::not_found(format!(
                            "{} has no method {method:?} (per the metadata report)",
                            self.label
                        )))
                    }
                    many => {
                        let list: Vec<String> = many
                            .iter()
                            .map(|s| format!("{method}({})", s.parameter_types.join(",")))
                            .collect();
                        return Err(Error::usage(format!(
                            "{method} is overloaded: {}",
                            list.join("; ")
                        ))
                        .with_hint("pick one with --types"));
                    }
                }
            }
        };
        let mut notes = Vec::new();
        let skeleton = Json::Array(
            types
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let mut here = Vec::new();
                    let v = metadata::json_skeleton(t, &self.types, &mut here);
                    notes.extend(
                        here.into_iter()
                            .map(|n| match n.strip_prefix("the argument") {
                                Some(rest) => format!("[{i}]{rest}"),
                                None => format!("[{i}].{n}").replace(".[", "["),
                            }),
                    );
                    v
                })
                .collect(),
        );
        Ok((skeleton, notes))
    }
}

/// The candidates of `views` called over one of `wanted`, in registry order; the disabled ones
/// are left out (and named when nothing else is left).
fn from_views(label: String, views: &[ServiceView], wanted: &[Protocol]) -> Result<Target> {
    let mut candidates = Vec::new();
    let mut services = Vec::new();
    let mut disabled = Vec::new();
    let mut protocols = Vec::new();
    for v in views {
        for p in &v.providers {
            let Some(protocol) = Protocol::of(&p.url.protocol).filter(|p| wanted.contains(p))
            else {
                continue;
            };
            let address = p.url.address();
            if !p.effective.enabled {
                disabled.push(address);
                continue;
            }
            let mut c = Candidate::from_provider(p);
            if views.len() > 1 {
                c = c.with_key(format!("{address}/{}", v.key));
            }
            candidates.push(c);
            protocols.push(protocol);
            let path = if protocol == Protocol::Triple {
                p.url.triple_service()
            } else {
                v.key.interface.as_str()
            };
            let mut sref = ServiceRef::new(path.to_string());
            if let Some(ver) = &v.key.version {
                sref = sref.with_version(ver.clone());
            }
            if let Some(g) = &v.key.group {
                sref = sref.with_group(g.clone());
            }
            services.push(sref);
        }
    }
    if candidates.is_empty() {
        return Err(if disabled.is_empty() {
            Error::unreachable(format!("no provider for {label}")).with_hint(
                "`svcctl show` lists what is registered; --group/--version select other registrations",
            )
        } else {
            Error::unreachable(format!(
                "all {} providers of {label} are disabled: {}",
                disabled.len(),
                disabled.join(", ")
            ))
            .with_hint("enable one, or call it anyway with --provider HOST:PORT")
        });
    }
    Ok(Target {
        label,
        candidates,
        services,
        signatures: None,
        types: Vec::new(),
        protocols,
    })
}

/// The protocols to call the service's providers over: each provider in the one it registered,
/// so a service with dubbo and tri:// providers is called over both (the balancer picks among
/// all of them, and failover may go from one protocol to the other). `--triple-mode` narrows
/// that to the Triple providers and a dubbo-only option to the dubbo ones, when there are some.
pub fn wire_protocols(
    views: &[ServiceView],
    triple_asked: bool,
    dubbo_asked: bool,
) -> &'static [Protocol] {
    let has = |proto: &str| {
        views
            .iter()
            .flat_map(|v| &v.providers)
            .any(|p| p.url.protocol == proto)
    };
    match (has("tri"), has("dubbo")) {
        (true, _) if triple_asked => &[Protocol::Triple],
        (true, false) => &[Protocol::Triple],
        (true, true) if dubbo_asked => &[Protocol::Dubbo],
        (true, true) => &[Protocol::Dubbo, Protocol::Triple],
        _ => &[Protocol::Dubbo],
    }
}

/// SERVICE and METHOD from `SERVICE.METHOD` (METHOD is after the last dot); `--ping` takes
/// the whole text as the service and calls `$echo`.
pub fn split_method(target: &str, ping: bool) -> Result<(String, String)> {
    if ping {
        return Ok((target.to_string(), "$echo".to_string()));
    }
    // A service key may carry `:version`; the method follows the last dot of the whole text.
    match target.rsplit_once('.') {
        Some((s, m))
            if !s.is_empty()
                && m.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '$')
                && !m.contains([':', '/']) =>
        {
            Ok((s.to_string(), m.to_string()))
        }
        _ => Err(Error::usage(format!(
            "{target:?} does not name a method: expected SERVICE.METHOD"
        ))
        .with_hint("e.g. `svcctl invoke UserService.getById 42`")),
    }
}

/// `--provider`'s address and whether it names a Triple provider. An IPv6 host comes back in
/// brackets, as connecting and Triple's `http://` URLs need it.
fn direct_address(given: &str, triple_asked: bool) -> Result<(String, bool)> {
    let (scheme, rest) = match given.trim().split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, given.trim()),
    };
    let triple = match scheme {
        None => triple_asked,
        Some(s) if s.eq_ignore_ascii_case("tri") => true,
        Some(s) if s.eq_ignore_ascii_case("dubbo") => false,
        Some(s) => {
            return Err(Error::usage(format!(
                "--provider {given:?}: svcctl calls dubbo:// and tri:// providers, not {s}://"
            ))
            .with_hint("use --provider HOST:PORT, dubbo://HOST:PORT or tri://HOST:PORT"))
        }
    };
    let hostport = rest.split(['/', '?']).next().unwrap_or_default();
    let (host, port) = crate::registry::plan::parse_address(hostport, "--provider")?;
    let Some(port) = port else {
        return Err(Error::usage(format!(
            "--provider {given:?}: expected HOST:PORT (no port given)"
        ))
        .with_hint("e.g. --provider 10.0.0.5:20880, or tri://10.0.0.5:50051"));
    };
    Ok((
        crate::registry::url::HostPort::new(&host, port).to_string(),
        triple,
    ))
}

#[cfg(test)]
mod tests {

    #[test]
    fn direct_addresses_take_the_forms_operators_paste() {
        let ok = |given: &str, asked: bool| super::direct_address(given, asked).unwrap();
        assert_eq!(
            ok("10.0.0.5:20880", false),
            ("10.0.0.5:20880".into(), false)
        );
        assert_eq!(ok("10.0.0.5:20880", true), ("10.0.0.5:20880".into(), true));
        assert_eq!(
            ok(
                "dubbo://10.0.0.5:20880/com.example.UserService?anyhost=true&methods=a,b",
                false
            ),
            ("10.0.0.5:20880".into(), false)
        );
        assert_eq!(
            ok("tri://127.0.0.1:50051?service=x", false),
            ("127.0.0.1:50051".into(), true)
        );
        assert_eq!(
            ok("TRI://127.0.0.1:50051/", false),
            ("127.0.0.1:50051".into(), true)
        );
        assert_eq!(ok("[::1]:20880", false), ("[::1]:20880".into(), false));
        assert_eq!(
            ok("dubbo://[fe80::1]:20880/x", false),
            ("[fe80::1]:20880".into(), false)
        );
    }

    #[test]
    fn direct_addresses_refuse_what_cannot_be_called() {
        for (given, says) in [
            ("10.0.0.5", "no port given"),
            ("dubbo://10.0.0.5/com.example.UserService", "no port given"),
            ("10.0.0.5:0", "port must be 1-65535"),
            ("10.0.0.5:99999", "port must be 1-65535"),
            ("dubbo://[::1/x", "unclosed '['"),
            ("http://10.0.0.5:8080", "not http://"),
            (":20880", "empty host"),
        ] {
            let e = super::direct_address(given, false).unwrap_err().to_string();
            assert!(e.contains(says), "{given}: {e}");
        }
    }

    use super::*;
    use crate::registry::model::test_views;

    #[test]
    fn each_provider_is_called_in_its_protocol_unless_an_option_narrows_it() {
        use Protocol::{Dubbo, Triple};
        let mixed = test_views(
            "com.x.G",
            &[
                "dubbo://10.0.0.1:20880/com.x.G",
                "tri://10.0.0.1:50051/com.x.G",
            ],
            &[],
        );
        assert_eq!(wire_protocols(&mixed, false, false), [Dubbo, Triple]);
        assert_eq!(wire_protocols(&mixed, true, false), [Triple]);
        assert_eq!(wire_protocols(&mixed, false, true), [Dubbo]);
        // Both asked: --triple-mode wins, and the dubbo option is refused later.
        assert_eq!(wire_protocols(&mixed, true, true), [Triple]);
        let tri = test_views("com.x.G", &["tri://127.0.0.1:50051?service=com.x.G"], &[]);
        assert_eq!(wire_protocols(&tri, false, false), [Triple]);
        assert_eq!(wire_protocols(&tri, false, true), [Triple]);
        let dubbo = test_views("com.x.G", &["dubbo://10.0.0.1:20880/com.x.G"], &[]);
        assert_eq!(wire_protocols(&dubbo, true, false), [Dubbo]);
        assert_eq!(wire_protocols(&dubbo, false, true), [Dubbo]);
    }

    #[test]
    fn method_is_after_the_last_dot() {
        assert_eq!(
            split_method("com.example.UserService.getById", false).unwrap(),
            ("com.example.UserService".into(), "getById".into())
        );
        assert_eq!(
            split_method("UserService.getById", false).unwrap(),
            ("UserService".into(), "getById".into())
        );
        assert!(split_method("UserService", false).is_err());
        assert!(split_method("shop/com.x.Order:2.0.0", false).is_err());
        assert_eq!(
            split_method("shop/com.x.Order:2.0.0.create", false).unwrap(),
            ("shop/com.x.Order:2.0.0".into(), "create".into())
        );
    }

    #[test]
    fn splits_types_at_top_level_commas() {
        assert_eq!(
            metadata::split_type_list("long, java.util.Map<java.lang.String,java.lang.Long>,int[]"),
            vec![
                "long",
                "java.util.Map<java.lang.String,java.lang.Long>",
                "int[]"
            ]
        );
        assert!(metadata::split_type_list("").is_empty());
    }

    fn sig(name: &str, types: &[&str]) -> MethodSignature {
        MethodSignature {
            name: name.into(),
            parameter_types: types.iter().map(|t| t.to_string()).collect(),
            return_type: None,
        }
    }

    fn target_with(signatures: Option<Vec<MethodSignature>>) -> Target {
        let views = test_views("com.x.G", &["dubbo://10.0.0.1:20880/com.x.G"], &[]);
        let mut t = from_views("com.x.G".into(), &views, &[Protocol::Dubbo]).unwrap();
        t.signatures = signatures;
        t
    }

    #[test]
    fn types_come_from_the_flag_else_the_one_signature_of_that_arity() {
        let t = target_with(Some(vec![
            sig("greet", &["java.lang.String"]),
            sig("greet", &["int"]),
            sig("getById", &["long"]),
        ]));
        assert_eq!(
            t.choose_types(None, "getById", 1).unwrap(),
            (Some(vec!["long".to_string()]), "metadata report")
        );
        let e = t.choose_types(None, "greet", 1).unwrap_err().to_string();
        assert!(e.contains("greet is overloaded: 2 signatures"), "{e}");
        assert_eq!(
            t.choose_types(Some("int"), "greet", 1).unwrap(),
            (Some(vec!["int".to_string()]), "--types")
        );
        assert!(t.choose_types(Some("int,int"), "greet", 1).is_err());
        // No overload of that arity: the provider resolves it.
        assert_eq!(t.choose_types(None, "greet", 2).unwrap().0, None);
        let e = t.choose_types(None, "nope", 0).unwrap_err();
        assert!(e.to_string().contains("no method \"nope\""), "{e}");
        assert_eq!(
            target_with(None).choose_types(None, "any", 3).unwrap().0,
            None
        );
    }

    #[test]
    fn disabled_and_foreign_providers_are_not_candidates() {
        let views = test_views(
            "com.x.G",
            &[
                "dubbo://10.0.0.1:20880/com.x.G",
                "dubbo://10.0.0.2:20880/com.x.G",
                "tri://10.0.0.3:50051/com.x.G",
                "rest://10.0.0.4:8080/com.x.G",
            ],
            &["override://10.0.0.2:20880/com.x.G?category=configurators&disabled=true"],
        );
        let t = from_views(
            "com.x.G".into(),
            &views,
            &[Protocol::Dubbo, Protocol::Triple],
        )
        .unwrap();
        let addrs: Vec<&str> = t.candidates.iter().map(|c| c.address.as_str()).collect();
        assert_eq!(addrs, ["10.0.0.1:20880", "10.0.0.3:50051"]);
        assert_eq!(t.protocols, [Protocol::Dubbo, Protocol::Triple]);
        assert!(t.any_triple() && !t.all_triple());

        let views = test_views(
            "com.x.G",
            &["dubbo://10.0.0.2:20880/com.x.G"],
            &["override://10.0.0.2:20880/com.x.G?category=configurators&disabled=true"],
        );
        let e = from_views("com.x.G".into(), &views, &[Protocol::Dubbo]).unwrap_err();
        assert!(
            e.to_string()
                .contains("all 1 providers of com.x.G are disabled: 10.0.0.2:20880"),
            "{e}"
        );
    }

    #[test]
    fn a_named_provider_speaks_triple_when_asked() {
        let q = Query {
            service: "g1/com.x.G:1.0",
            version: Some("2.0"),
            ..Query::default()
        };
        let t = Target::direct("10.0.0.1:20880", &q).unwrap();
        assert_eq!(t.protocols, [Protocol::Dubbo]);
        assert_eq!(t.label, "g1/com.x.G:2.0");
        let t = Target::direct("tri://10.0.0.1:50051/", &q).unwrap();
        assert_eq!(t.protocols, [Protocol::Triple]);
        assert_eq!(t.candidates[0].address, "10.0.0.1:50051");
        assert!(Target::direct("10.0.0.1", &q).is_err());
    }
}
