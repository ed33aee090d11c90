//! Shell completion that knows the registry (experimental: it rides on clap_complete's
//! `unstable-dynamic` engine, `COMPLETE=$SHELL svcctl`).
//!
//! The shell runs `svcctl -- <words>` with `COMPLETE` set; clap finds the argument under the
//! cursor and calls the completer attached to it here. Completers that need the registry read
//! it through a small on-disk cache and give up after [`DEADLINE`], so TAB never hangs on a
//! ZooKeeper that is down: then the last list read is used, or nothing.

pub mod cache;
pub mod candidates;

use std::ffi::{OsStr, OsString};
use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;

use crate::cli::Cli;
use crate::cluster::{BalancerKind, Cluster};
use crate::config::{self, ConfigFile, RegistryTarget, Selection};
use crate::registry::model::services_of;
use crate::registry::zk::Registry;
use cache::Cache;
use candidates::{matching, ProviderFacts};

/// How long one TAB may wait for the registry, connection included, unless
/// [`DEADLINE_ENV`] says otherwise.
pub const DEADLINE: Duration = Duration::from_millis(300);
/// A registry across a VPN or an ocean can take longer than [`DEADLINE`] to answer; this
/// environment variable (`800ms`, `2s`) gives TAB more time. An unreadable value keeps the
/// default: a completion has nowhere to report an error.
pub const DEADLINE_ENV: &str = "SVCCTL_COMPLETE_TIMEOUT";
/// How long a list read from the registry is used without asking again.
pub const TTL: Duration = Duration::from_secs(5);
/// The environment variable that turns a run into a completion request.
pub const ENV_VAR: &str = "COMPLETE";

/// The words of the command line being completed (after `--`), for completers that depend on
/// other arguments (`--provider` needs SERVICE, every registry read needs `--registry`).
static WORDS: OnceLock<Vec<String>> = OnceLock::new();

/// Call first thing in `main`: answers a completion request and exits, or returns for a normal
/// run.
pub fn run_if_requested() {
    if std::env::var_os(ENV_VAR).is_none_or(|v| v.is_empty() || v == "0") {
        return;
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    let words = args
        .iter()
        .position(|a| a == "--")
        .map(|i| args[i + 1..].to_vec())
        .unwrap_or_default();
    let index = std::env::var("_CLAP_COMPLETE_INDEX")
        .ok()
        .and_then(|i| i.parse::<usize>().ok())
        .unwrap_or(words.len().saturating_sub(1));
    // Only the words before the cursor are context; the one under it is what is completed.
    let before = words
        .iter()
        .take(index)
        .skip(1)
        .map(|w| w.to_string_lossy().into_owned())
        .collect();
    let _ = WORDS.set(before);
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(ENV_VAR)
        .complete();
}

/// What the words before the cursor say: the verb, its positionals, and the flags given.
#[derive(Debug, Default, PartialEq)]
pub struct Line {
    pub verb: Option<String>,
    pub positionals: Vec<String>,
    pub flags: Vec<(String, String)>,
}

impl Line {
    pub fn flag(&self, long: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(k, _)| k == long)
            .map(|(_, v)| v.as_str())
    }

    /// Parses words (without the program name) the way clap would, as far as completion needs:
    /// which flags take a value comes from the command definition.
    pub fn parse(cmd: &clap::Command, words: &[String]) -> Line {
        let mut line = Line::default();
        let mut sub: Option<clap::Command> = None;
        let mut it = words.iter().peekable();
        let takes_value = |a: &clap::Arg| a.get_action().takes_values();
        while let Some(w) = it.next() {
            let scope = sub.as_ref().unwrap_or(cmd);
            let find_long = |name: &str| {
                scope
                    .get_arguments()
                    .chain(cmd.get_arguments())
                    .find(|a| {
                        a.get_long() == Some(name)
                            || a.get_all_aliases().is_some_and(|al| al.contains(&name))
                    })
                    .cloned()
            };
            let find_short = |c: char| {
                scope
                    .get_arguments()
                    .chain(cmd.get_arguments())
                    .find(|a| a.get_short() == Some(c))
                    .cloned()
            };
            if w == "--" {
                line.positionals.extend(it.by_ref().cloned());
                break;
            }
            if let Some(rest) = w.strip_prefix("--") {
                let (name, inline) = match rest.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (rest, None),
                };
                let Some(arg) = find_long(name) else { continue };
                let id = arg.get_id().to_string();
                if !takes_value(&arg) {
                    line.flags.push((id, String::new()));
                } else if let Some(v) = inline.or_else(|| it.next().cloned()) {
                    line.flags.push((id, v));
                }
                continue;
            }
            if let Some(shorts) = w.strip_prefix('-').filter(|s| !s.is_empty()) {
                // `-1`, `-1.5`: a negative number is a value, not flags.
                if shorts.parse::<f64>().is_err() {
                    for (i, c) in shorts.char_indices() {
                        let Some(arg) = find_short(c) else { break };
                        let id = arg.get_id().to_string();
                        if takes_value(&arg) {
                            let attached = &shorts[i + c.len_utf8()..];
                            let v = if attached.is_empty() {
                                it.next().cloned()
                            } else {
                                Some(attached.trim_start_matches('=').to_string())
                            };
                            if let Some(v) = v {
                                line.flags.push((id, v));
                            }
                            break;
                        }
                        line.flags.push((id, String::new()));
                    }
                    continue;
                }
            }
            if line.verb.is_none() {
                if let Some(s) = cmd.find_subcommand(w) {
                    line.verb = Some(s.get_name().to_string());
                    let mut s = s.clone();
                    s.build();
                    sub = Some(s);
                    continue;
                }
            }
            line.positionals.push(w.clone());
        }
        line
    }

    /// The registry the command would use: the same precedence as a normal run.
    pub fn target(&self) -> Option<RegistryTarget> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        config::resolve(&Selection {
            registry: self
                .flag("registry")
                .map(String::from)
                .or_else(|| env("SVCCTL_REGISTRY")),
            context: self
                .flag("context")
                .map(String::from)
                .or_else(|| env("SVCCTL_CONTEXT")),
            root: self.flag("root").map(String::from),
            config_path: self.flag("config").map(Into::into),
            connect_timeout: None,
            read_only: false,
            tls: config::TlsSettings {
                ca: self.flag("tls_ca").map(Into::into),
                cert: self.flag("tls_cert").map(Into::into),
                key: self.flag("tls_key").map(Into::into),
            },
        })
        .ok()
    }

    /// SERVICE as typed: the first positional (for invoke and bench, without `.METHOD`).
    fn service(&self) -> Option<&str> {
        self.positionals.first().map(String::as_str)
    }
}

fn line() -> Line {
    let words = WORDS.get().cloned().unwrap_or_default();
    let mut cmd = Cli::command();
    cmd.build();
    Line::parse(&cmd, &words)
}

fn now_ms() -> i64 {
    crate::commands::now_ms()
}

/// Runs one registry read under the deadline; a fresh cache entry answers without asking, a
/// failed or late read falls back to whatever the cache has.
fn cached<T, F, Fut>(target: &RegistryTarget, what: &str, read: F) -> Option<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
    F: FnOnce(RegistryTarget) -> Fut,
    Fut: Future<Output = crate::Result<T>>,
{
    let cache = Cache::new(TTL);
    let hit = cache.get::<T>(target, what, now_ms());
    if let Some(h) = &hit {
        if h.fresh {
            return hit.map(|h| h.value);
        }
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let deadline = deadline(std::env::var(DEADLINE_ENV).ok().as_deref());
    let mut t = target.clone();
    t.connect_timeout = deadline;
    let got = rt.block_on(async { tokio::time::timeout(deadline, read(t)).await });
    // Don't wait for the session to close: the answer is what matters.
    rt.shutdown_background();
    match got {
        Ok(Ok(v)) => {
            cache.put(target, what, &v, now_ms());
            Some(v)
        }
        _ => hit.map(|h| h.value),
    }
}

/// [`DEADLINE`], or the value of [`DEADLINE_ENV`] when it is a duration from 1 ms to a minute
/// (longer would let TAB hang, which completion must never do).
fn deadline(value: Option<&str>) -> Duration {
    value
        .and_then(|v| humantime::parse_duration(v.trim()).ok())
        .filter(|d| (Duration::from_millis(1)..=Duration::from_secs(60)).contains(d))
        .unwrap_or(DEADLINE)
}

/// Interface node names under the root.
fn service_nodes(target: &RegistryTarget) -> Vec<String> {
    cached(target, "services", |t| async move {
        Registry::connect(&t).await?.list_interfaces().await
    })
    .unwrap_or_default()
}

/// The providers of one interface node.
fn providers(target: &RegistryTarget, node: &str) -> Vec<ProviderFacts> {
    let what = format!("providers\n{node}");
    let node = node.to_string();
    cached(target, &what, |t| async move {
        let registry = Registry::connect(&t).await?;
        let Some(iface) = registry.read_interface(&node, false).await? else {
            return Ok(Vec::new());
        };
        Ok(services_of(&iface, registry.root(), &mut Vec::new())
            .into_iter()
            .flat_map(|v| {
                v.providers.into_iter().map(move |p| ProviderFacts {
                    address: p.url.address(),
                    host: p.url.host.clone(),
                    group: v.key.group.clone(),
                    version: v.key.version.clone(),
                    application: p.url.application().map(String::from),
                    methods: p.url.methods().into_iter().map(String::from).collect(),
                })
            })
            .collect())
    })
    .unwrap_or_default()
}

fn to_candidates(words: Vec<String>) -> Vec<CompletionCandidate> {
    words.into_iter().map(CompletionCandidate::new).collect()
}

fn current_str(current: &OsStr) -> String {
    current.to_string_lossy().into_owned()
}

/// SERVICE: full interface names and unique short names.
pub fn service(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current_str(current);
    let Some(target) = line().target() else {
        return Vec::new();
    };
    let nodes = service_nodes(&target);
    to_candidates(matching(&current, candidates::service_names(&nodes)))
}

/// SERVICE.METHOD: services, and the methods of the service once it is named.
pub fn service_method(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current_str(current);
    let Some(target) = line().target() else {
        return Vec::new();
    };
    let nodes = service_nodes(&target);
    let mut all = candidates::service_names(&nodes);
    if let Some((typed, node)) = candidates::service_of_target(&current, &nodes) {
        all.extend(candidates::methods(&typed, &providers(&target, &node)));
    }
    to_candidates(matching(&current, all))
}

/// The providers of the SERVICE on this command line.
fn line_providers() -> Vec<ProviderFacts> {
    let line = line();
    let (Some(target), Some(service)) = (line.target(), line.service()) else {
        return Vec::new();
    };
    let nodes = service_nodes(&target);
    let node = if matches!(line.verb.as_deref(), Some("invoke" | "bench")) {
        candidates::service_of_target(service, &nodes).map(|(_, n)| n)
    } else {
        crate::registry::resolve::resolve_service(service, &nodes)
            .ok()
            .map(|r| r.node)
    };
    node.map(|n| providers(&target, &n)).unwrap_or_default()
}

macro_rules! from_providers {
    ($(#[$doc:meta] $name:ident => $pick:path;)*) => {$(
        #[$doc]
        pub fn $name(current: &OsStr) -> Vec<CompletionCandidate> {
            to_candidates(matching(&current_str(current), $pick(&line_providers())))
        }
    )*};
}

from_providers! {
    /// `--provider`/`--address`: HOST:PORT of the service's providers.
    provider_address => candidates::addresses;
    /// `--host`: the hosts of the service's providers.
    provider_host => candidates::hosts;
    /// `--app`: the applications providing the service.
    application => candidates::applications;
    /// `--group`: the groups the service is registered under.
    group => candidates::groups;
    /// `--version`: the versions the service is registered under.
    version => candidates::versions;
}

/// `--context`: the contexts in the config file.
pub fn context_name(current: &OsStr) -> Vec<CompletionCandidate> {
    let line = line();
    let path = line
        .flag("config")
        .map(Into::into)
        .or_else(ConfigFile::default_path);
    let names = path
        .and_then(|p| ConfigFile::load(&p).ok())
        .map(|f| f.contexts.into_keys().collect())
        .unwrap_or_default();
    to_candidates(matching(&current_str(current), names))
}

/// `--lb`: the balancers.
pub fn balancers() -> Vec<CompletionCandidate> {
    BalancerKind::ALL
        .iter()
        .map(|b| CompletionCandidate::new(b.name()))
        .collect()
}

/// `--cluster`: the cluster strategies.
pub fn clusters() -> Vec<CompletionCandidate> {
    Cluster::ALL
        .iter()
        .map(|c| CompletionCandidate::new(c.name()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> Line {
        let mut cmd = Cli::command();
        cmd.build();
        let w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        Line::parse(&cmd, &w)
    }

    #[test]
    fn the_deadline_can_be_raised_but_never_unbounded() {
        assert_eq!(deadline(None), DEADLINE);
        assert_eq!(deadline(Some("2s")), Duration::from_secs(2));
        assert_eq!(deadline(Some(" 800ms ")), Duration::from_millis(800));
        for bad in ["", "soon", "0s", "5m", "-1s"] {
            assert_eq!(deadline(Some(bad)), DEADLINE, "{bad:?}");
        }
    }

    #[test]
    fn finds_the_verb_service_and_registry_flags() {
        let l = parse(&[
            "--registry",
            "zk://10.0.0.1:2181",
            "-v",
            "disable",
            "UserService",
            "--group=shop",
            "--provider",
            "10.0.0.1:20880",
        ]);
        assert_eq!(l.verb.as_deref(), Some("disable"));
        assert_eq!(l.positionals, vec!["UserService"]);
        assert_eq!(l.flag("registry"), Some("zk://10.0.0.1:2181"));
        assert_eq!(l.flag("group"), Some("shop"));
        assert_eq!(l.flag("providers"), Some("10.0.0.1:20880"));
    }

    #[test]
    fn values_of_flags_are_not_positionals() {
        let l = parse(&[
            "invoke",
            "-o",
            "json",
            "--lb",
            "random",
            "UserService.getById",
            "-1",
            "-n5",
            "-c",
            "2",
        ]);
        assert_eq!(l.verb.as_deref(), Some("invoke"));
        assert_eq!(l.positionals, vec!["UserService.getById", "-1"]);
        assert_eq!(l.flag("output"), Some("json"));
        assert_eq!(l.flag("requests"), Some("5"));
        let l = parse(&["list", "--context", "prod"]);
        assert_eq!(l.verb.as_deref(), Some("ls"), "aliases name the verb");
        assert_eq!(l.flag("context"), Some("prod"));
        assert!(l.positionals.is_empty());
    }

    #[test]
    fn the_target_follows_the_flags() {
        let l = parse(&["--registry", "127.0.0.1:2999", "--root", "/x", "ls"]);
        let t = l.target().unwrap();
        assert_eq!(t.hosts, "127.0.0.1:2999");
        assert_eq!(t.root, "/x");
    }
}
