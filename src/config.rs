//! Where the registry is: `--registry` > `SVCCTL_REGISTRY` > `--context`/`SVCCTL_CONTEXT` > the
//! config file's current context > the built-in default. The contexts file is
//! `$SVCCTL_CONFIG`, else `$XDG_CONFIG_HOME/svcctl/config.toml`, else `~/.config/svcctl/config.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::registry::url::path_problem;

pub const DEFAULT_REGISTRY: &str = "zookeeper://127.0.0.1:2181";
pub const DEFAULT_ROOT: &str = "/dubbo";
pub const DEFAULT_SESSION_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_context: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, ContextConfig>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContextConfig {
    /// `zookeeper://h1:2181,h2:2181/chroot`
    pub registry: String,
    /// Dubbo root node, default `/dubbo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// Digest credentials `user:password` for ACL-protected registries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// e.g. "10s"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_timeout: Option<String>,
    #[serde(default)]
    pub read_only: bool,
}

impl ConfigFile {
    pub fn default_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("SVCCTL_CONFIG") {
            return Some(PathBuf::from(p));
        }
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        Some(base.join("svcctl").join("config.toml"))
    }

    /// Reads the file; a missing file is an empty config, a malformed one an error naming the file.
    pub fn load(path: &Path) -> Result<ConfigFile> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
            Err(e) => {
                return Err(Error::usage(format!(
                    "cannot read config file {}: {e}",
                    path.display()
                )))
            }
        };
        toml::from_str(&text).map_err(|e| {
            Error::usage(format!(
                "config file {} is not valid: {}",
                path.display(),
                e.message()
            ))
            .with_hint("see `svcctl context --help` for the format")
        })
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = toml::to_string_pretty(self)
            .map_err(|e| Error::other(format!("cannot write config: {e}")))?;
        // Write-then-rename so a crash never leaves a truncated config behind.
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    }
}

/// A resolved registry to talk to.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryTarget {
    /// Context name, or `None` when given by flag/env/default.
    pub context: Option<String>,
    /// `host:port,host:port` for the ZooKeeper client.
    pub hosts: String,
    /// ZooKeeper chroot from the registry address, e.g. `/prod`.
    pub chroot: Option<String>,
    pub root: String,
    pub digest: Option<String>,
    pub session_timeout: Duration,
    pub connect_timeout: Duration,
    pub read_only: bool,
}

impl RegistryTarget {
    /// How the registry is named in messages and prompts: context and address.
    pub fn display(&self) -> String {
        let addr = format!("{}{}", self.hosts, self.chroot.as_deref().unwrap_or(""));
        match &self.context {
            Some(c) => format!("context {c} (zookeeper://{addr}{})", self.root_suffix()),
            None => format!("zookeeper://{addr}{}", self.root_suffix()),
        }
    }

    fn root_suffix(&self) -> String {
        if self.root == DEFAULT_ROOT {
            String::new()
        } else {
            format!(" root {}", self.root)
        }
    }

    /// The connect string for the ZooKeeper client, chroot included.
    pub fn connect_string(&self) -> String {
        format!("{}{}", self.hosts, self.chroot.as_deref().unwrap_or(""))
    }
}

/// Parses `zookeeper://h1:2181,h2:2182/chroot` (also `zk://` or a bare host list).
pub fn parse_registry(s: &str) -> Result<(String, Option<String>)> {
    let s = s.trim();
    let rest = s
        .strip_prefix("zookeeper://")
        .or_else(|| s.strip_prefix("zk://"))
        .unwrap_or(s);
    if rest.contains("://") {
        return Err(Error::usage(format!(
            "unsupported registry address {s:?}: only ZooKeeper is supported"
        ))
        .with_hint("use zookeeper://host:port[,host:port...][/chroot]"));
    }
    // Dubbo-style `?backup=h2:2181` query: fold backups into the host list.
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (hosts, chroot) = match main.split_once('/') {
        Some((h, c)) => (h, Some(format!("/{}", c.trim_end_matches('/')))),
        None => (main, None),
    };
    let mut list: Vec<String> = hosts
        .split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .collect();
    for kv in query.split('&') {
        if let Some(b) = kv.strip_prefix("backup=") {
            list.extend(
                b.split(',')
                    .map(str::trim)
                    .filter(|h| !h.is_empty())
                    .map(str::to_string),
            );
        }
    }
    if list.is_empty() {
        return Err(
            Error::usage(format!("registry address {s:?} names no host"))
                .with_hint("use zookeeper://host:port[,host:port...][/chroot]"),
        );
    }
    for h in &mut list {
        let (host, port) = match h.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (h.as_str(), None),
        };
        if host.is_empty() {
            return Err(Error::usage(format!(
                "registry address {s:?} has an empty host"
            )));
        }
        match port {
            Some(p) if p.parse::<u16>().is_err() => {
                return Err(Error::usage(format!(
                    "registry address {s:?} has an invalid port {p:?}"
                )));
            }
            None => *h = format!("{host}:2181"),
            _ => {}
        }
    }
    let chroot = chroot.filter(|c| c != "/");
    if let Some(why) = chroot.as_deref().and_then(path_problem) {
        return Err(Error::usage(format!(
            "registry address {s:?} has a chroot ZooKeeper does not allow: it holds {why}"
        ))
        .with_hint("use zookeeper://host:port[,host:port...][/chroot]"));
    }
    Ok((list.join(","), chroot))
}

pub fn parse_duration(s: &str, what: &str) -> Result<Duration> {
    let s = s.trim();
    // A bare number is milliseconds, as Dubbo's own timeouts are.
    if let Ok(ms) = s.parse::<u64>() {
        return Ok(Duration::from_millis(ms));
    }
    humantime::parse_duration(s).map_err(|e| {
        Error::usage(format!("invalid {what} {s:?}: {e}")).with_hint("use e.g. 500ms, 3s, 1m")
    })
}

/// What the command line and environment say about the registry.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub registry: Option<String>,
    pub context: Option<String>,
    pub root: Option<String>,
    pub config_path: Option<PathBuf>,
    pub connect_timeout: Option<Duration>,
    pub read_only: bool,
}

pub fn resolve(sel: &Selection) -> Result<RegistryTarget> {
    let path = sel.config_path.clone().or_else(ConfigFile::default_path);
    let file = match &path {
        Some(p) => ConfigFile::load(p)?,
        None => ConfigFile::default(),
    };
    let mut target = RegistryTarget {
        context: None,
        hosts: String::new(),
        chroot: None,
        root: DEFAULT_ROOT.to_string(),
        digest: None,
        session_timeout: DEFAULT_SESSION_TIMEOUT,
        connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        read_only: sel.read_only,
    };
    let address = if let Some(r) = &sel.registry {
        r.clone()
    } else {
        let ctx_name = sel.context.clone().or_else(|| file.current_context.clone());
        match ctx_name {
            Some(name) => {
                let ctx = file.contexts.get(&name).ok_or_else(|| {
                    let known: Vec<&str> = file.contexts.keys().map(String::as_str).collect();
                    Error::not_found(format!("no context named {name:?}")).with_hint(if known.is_empty() {
                        "no contexts are configured; `svcctl context set NAME --registry ...` adds one".to_string()
                    } else {
                        format!("known contexts: {}", known.join(", "))
                    })
                })?;
                target.context = Some(name.clone());
                target.root = ctx.root.clone().unwrap_or_else(|| DEFAULT_ROOT.to_string());
                target.digest = ctx.digest.clone();
                if let Some(t) = &ctx.session_timeout {
                    target.session_timeout = parse_duration(t, "session_timeout")?;
                }
                if let Some(t) = &ctx.connect_timeout {
                    target.connect_timeout = parse_duration(t, "connect_timeout")?;
                }
                target.read_only |= ctx.read_only;
                ctx.registry.clone()
            }
            None => DEFAULT_REGISTRY.to_string(),
        }
    };
    let (hosts, chroot) = parse_registry(&address)?;
    target.hosts = hosts;
    target.chroot = chroot;
    if let Some(root) = &sel.root {
        target.root = root.clone();
    }
    if !target.root.starts_with('/') {
        target.root.insert(0, '/');
    }
    if target.root.len() > 1 {
        target.root = target.root.trim_end_matches('/').to_string();
    }
    if let Some(why) = path_problem(&target.root) {
        return Err(Error::usage(format!(
            "root {:?} is not a valid ZooKeeper path: it holds {why}",
            target.root
        ))
        .with_hint("--root names the Dubbo root node, e.g. /dubbo"));
    }
    if let Some(t) = sel.connect_timeout {
        target.connect_timeout = t;
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_addresses() {
        assert_eq!(
            parse_registry("zookeeper://127.0.0.1:2181").unwrap(),
            ("127.0.0.1:2181".into(), None)
        );
        assert_eq!(
            parse_registry("zk://h1:2181,h2:2182/prod").unwrap(),
            ("h1:2181,h2:2182".into(), Some("/prod".into()))
        );
        assert_eq!(parse_registry("h1").unwrap(), ("h1:2181".into(), None));
        assert_eq!(
            parse_registry("zookeeper://h1:2181?backup=h2:2181,h3:2181").unwrap(),
            ("h1:2181,h2:2181,h3:2181".into(), None)
        );
        assert!(parse_registry("nacos://h:8848").is_err());
        assert!(parse_registry("zookeeper://").is_err());
        assert!(parse_registry("zookeeper://h:99999").is_err());
        assert!(parse_registry("zookeeper://h:1/a\u{1b}b").is_err());
        assert!(parse_registry("zookeeper://h:1/a//b").is_err());
    }

    #[test]
    fn context_resolution_and_precedence() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "current_context = \"prod\"\n[contexts.prod]\nregistry = \"zk://p1:2181,p2:2181/chroot\"\nroot = \"/dubbo2\"\nread_only = true\nsession_timeout = \"20s\"\n[contexts.dev]\nregistry = \"127.0.0.1:2999\"\n",
        )
        .unwrap();
        let sel = Selection {
            config_path: Some(path.clone()),
            ..Default::default()
        };
        let t = resolve(&sel).unwrap();
        assert_eq!(t.context.as_deref(), Some("prod"));
        assert_eq!(t.hosts, "p1:2181,p2:2181");
        assert_eq!(t.chroot.as_deref(), Some("/chroot"));
        assert_eq!(t.root, "/dubbo2");
        assert!(t.read_only);
        assert_eq!(t.session_timeout, Duration::from_secs(20));
        let dev = resolve(&Selection {
            context: Some("dev".into()),
            ..sel.clone()
        })
        .unwrap();
        assert_eq!(dev.hosts, "127.0.0.1:2999");
        assert!(!dev.read_only);
        let flag = resolve(&Selection {
            registry: Some("zk://x:1".into()),
            ..sel.clone()
        })
        .unwrap();
        assert_eq!(flag.hosts, "x:1");
        assert_eq!(flag.context, None);
        let missing = resolve(&Selection {
            context: Some("nope".into()),
            ..sel
        })
        .unwrap_err();
        assert_eq!(missing.exit_code(), crate::exit::NOT_FOUND);
        assert!(missing.hint().unwrap().contains("dev, prod"));
    }

    #[test]
    fn malformed_config_is_a_usage_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[contexts.x]\nregistri = \"typo\"\n").unwrap();
        let e = resolve(&Selection {
            config_path: Some(path.clone()),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.exit_code(), crate::exit::USAGE);
        assert!(e.to_string().contains(&path.display().to_string()));
    }

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("1500", "t").unwrap(),
            Duration::from_millis(1500)
        );
        assert_eq!(parse_duration("3s", "t").unwrap(), Duration::from_secs(3));
        assert!(parse_duration("soon", "t").is_err());
    }
}
