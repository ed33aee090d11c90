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

#[derive(Clone, Default, Serialize, Deserialize, PartialEq)]
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
    /// QoS port of the context's Dubbo 3 providers, for `top`'s metrics source (default 22222).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qos_port: Option<u16>,
    #[serde(default)]
    pub read_only: bool,
    /// PEM file with the CA certificate(s) of the servers' TLS certificates; setting it turns TLS
    /// on. A relative path is relative to the config file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_ca: Option<String>,
    /// PEM files of a client certificate and its key, for servers with `ssl.clientAuth=need`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_cert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_key: Option<String>,
}

/// Written by hand so a `{:?}` anywhere can never print a password.
impl std::fmt::Debug for ContextConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContextConfig")
            .field("registry", &mask_credentials(&self.registry))
            .field("root", &self.root)
            .field("digest", &self.digest.as_ref().map(|_| "***"))
            .field("session_timeout", &self.session_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_only", &self.read_only)
            .field("tls_ca", &self.tls_ca)
            .field("tls_cert", &self.tls_cert)
            .field("tls_key", &self.tls_key)
            .finish()
    }
}

impl ConfigFile {
    /// Whether the file holds a secret: digest credentials, in a context or in an address.
    pub fn has_credentials(&self) -> bool {
        self.contexts
            .values()
            .any(|c| c.digest.is_some() || registry_credentials(&c.registry).is_some())
    }

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
        let file: ConfigFile = toml::from_str(&text).map_err(|e| {
            Error::usage(format!(
                "config file {} is not valid: {}",
                path.display(),
                e.message()
            ))
            .with_hint("see `svcctl context --help` for the format")
        })?;
        if file.has_credentials() {
            if let Some(warning) = exposure_warning(path) {
                // Once per process: several steps of one command read the file.
                static WARNED: std::sync::Once = std::sync::Once::new();
                WARNED.call_once(|| eprintln!("svcctl: warning: {warning}"));
            }
        }
        Ok(file)
    }

    /// Writes the file readable by its owner only (it may hold credentials), whatever mode an
    /// earlier version had: the new file replaces it.
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                private_dir(dir)?;
            }
        }
        let text = toml::to_string_pretty(self)
            .map_err(|e| Error::other(format!("cannot write config: {e}")))?;
        // Write-then-rename so a crash never leaves a truncated config behind.
        let tmp = path.with_extension("toml.tmp");
        let _ = std::fs::remove_file(&tmp);
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = private_file(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::other(format!("cannot write config file {}: {e}", path.display()))
        })
    }
}

/// A new file only its owner can read or write (0600), created atomically with that mode so
/// the content is never readable by others, not even for a moment.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Creates a directory (and its missing parents) only the owner can enter (0700), as ssh does
/// for `~/.ssh`.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// The warning for a credentials file others can read (as ssh and kubectl warn), or `None`.
#[cfg(unix)]
pub fn exposure_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "config file {} holds credentials and is readable by others (mode {mode:04o}); run `chmod 600 {}`",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
pub fn exposure_warning(_path: &Path) -> Option<String> {
    None
}

/// A resolved registry to talk to.
#[derive(Clone, PartialEq)]
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
    /// The context's QoS port for Dubbo 3 providers, if it sets one.
    pub qos_port: Option<u16>,
    /// TLS to every ensemble member, when set.
    pub tls: Option<TlsSettings>,
}

/// Where the TLS material is (files are read when connecting, so `context show` works without
/// them). No CA means the system's CA bundle.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TlsSettings {
    pub ca: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
}

/// Written by hand so a `{:?}` anywhere can never print the digest password.
impl std::fmt::Debug for RegistryTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryTarget")
            .field("context", &self.context)
            .field("hosts", &self.hosts)
            .field("chroot", &self.chroot)
            .field("root", &self.root)
            .field("digest", &self.digest.as_ref().map(|_| "***"))
            .field("session_timeout", &self.session_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_only", &self.read_only)
            .field("tls", &self.tls)
            .finish()
    }
}

impl RegistryTarget {
    /// How the registry is named in messages and prompts: context and address.
    pub fn display(&self) -> String {
        let addr = format!("{}{}", self.hosts, self.chroot.as_deref().unwrap_or(""));
        let scheme = if self.tls.is_some() {
            "zookeeper+tls"
        } else {
            "zookeeper"
        };
        match &self.context {
            Some(c) => format!("context {c} ({scheme}://{addr}{})", self.root_suffix()),
            None => format!("{scheme}://{addr}{}", self.root_suffix()),
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

/// Where `user:password@` sits in a registry address, if anywhere: the byte range of the user
/// info (without the `@`) and the address that follows it.
fn credentials_span(s: &str) -> Option<(usize, usize)> {
    let start = SCHEMES
        .iter()
        .find(|p| s.starts_with(*p))
        .map_or(0, |p| p.len());
    let authority_end = s[start..].find(['/', '?']).map_or(s.len(), |i| start + i);
    let at = s[start..authority_end].rfind('@')? + start;
    Some((start, at))
}

/// The digest credentials of a Dubbo-style address (`zookeeper://user:password@host:2181`,
/// which Dubbo itself uses as ZooKeeper digest auth).
pub fn registry_credentials(s: &str) -> Option<String> {
    let s = s.trim();
    credentials_span(s).map(|(a, b)| s[a..b].to_string())
}

/// The address with its password replaced by `***`, for anything shown or logged.
pub fn mask_credentials(s: &str) -> String {
    match credentials_span(s) {
        Some((a, b)) => {
            let user = s[a..b].split_once(':').map_or(&s[a..b], |(u, _)| u);
            format!("{}{user}:***{}", &s[..a], &s[b..])
        }
        None => s.to_string(),
    }
}

/// The address prefixes svcctl reads; the `+tls` ones ask for TLS to every member.
const SCHEMES: [&str; 4] = ["zookeeper://", "zk://", "zookeeper+tls://", "zk+tls://"];

/// Whether an address asks for TLS by its scheme (`zookeeper+tls://`, `zk+tls://`).
pub fn registry_wants_tls(s: &str) -> bool {
    let s = s.trim();
    s.starts_with("zookeeper+tls://") || s.starts_with("zk+tls://")
}

/// Parses `zookeeper://[user:password@]h1:2181,h2:2182/chroot` (also `zk://`, the `+tls` forms,
/// or a bare host list). Credentials are left out of the result (see [`registry_credentials`]) and out of
/// every message.
pub fn parse_registry(s: &str) -> Result<(String, Option<String>)> {
    let masked = mask_credentials(s.trim());
    let s = masked.as_str();
    let without = match credentials_span(s) {
        Some((a, b)) => format!("{}{}", &s[..a], &s[b + 1..]),
        None => s.to_string(),
    };
    let rest = SCHEMES
        .iter()
        .find_map(|p| without.strip_prefix(p))
        .unwrap_or(&without);
    if rest.contains("://") {
        return Err(Error::usage(format!(
            "unsupported registry address {s:?}: only ZooKeeper is supported"
        ))
        .with_hint("use zookeeper://host:port[,host:port...][/chroot], or zookeeper+tls://host:port for TLS"));
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
    let d = match s.parse::<u64>() {
        Ok(ms) => Duration::from_millis(ms),
        Err(_) => humantime::parse_duration(s).map_err(|e| {
            Error::usage(format!("invalid {what} {s:?}: {e}")).with_hint("use e.g. 500ms, 3s, 1m")
        })?,
    };
    // Every duration svcctl takes is a timeout or a run time: zero would fail every call at
    // once (or run nothing), and there is no "unbounded" to mean by it.
    if d.is_zero() {
        return Err(
            Error::usage(format!("invalid {what} {s:?}: must be more than 0"))
                .with_hint("use e.g. 500ms, 3s, 1m"),
        );
    }
    Ok(d)
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
    /// `--tls-ca`, `--tls-cert`, `--tls-key`: they replace the context's.
    pub tls: TlsSettings,
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
        qos_port: None,
        tls: None,
    };
    let mut tls = TlsSettings::default();
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
                target.qos_port = ctx.qos_port;
                // As kubectl does with kubeconfig paths: relative to the file that names them.
                let base = path.as_deref().and_then(Path::parent);
                let in_file = |p: &Option<String>| {
                    p.as_deref().map(|p| match base {
                        Some(dir) => dir.join(p),
                        None => PathBuf::from(p),
                    })
                };
                tls = TlsSettings {
                    ca: in_file(&ctx.tls_ca),
                    cert: in_file(&ctx.tls_cert),
                    key: in_file(&ctx.tls_key),
                };
                ctx.registry.clone()
            }
            None => DEFAULT_REGISTRY.to_string(),
        }
    };
    let (hosts, chroot) = parse_registry(&address)?;
    if let Some(d) = registry_credentials(&address) {
        target.digest = Some(d);
    }
    target.hosts = hosts;
    target.chroot = chroot;
    let flags = &sel.tls;
    for (ours, flag) in [
        (&mut tls.ca, &flags.ca),
        (&mut tls.cert, &flags.cert),
        (&mut tls.key, &flags.key),
    ] {
        if flag.is_some() {
            ours.clone_from(flag);
        }
    }
    match (&tls.cert, &tls.key) {
        (Some(_), None) => {
            return Err(
                Error::usage("a TLS client certificate needs its private key")
                    .with_hint("add --tls-key FILE (or tls_key in the context)"),
            )
        }
        (None, Some(_)) => {
            return Err(Error::usage("a TLS client key needs its certificate")
                .with_hint("add --tls-cert FILE (or tls_cert in the context)"))
        }
        _ => {}
    }
    // A CA or a client certificate only makes sense with TLS: naming one turns it on.
    if registry_wants_tls(&address) || tls != TlsSettings::default() {
        target.tls = Some(tls);
    }
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
    fn credentials_in_an_address_are_used_and_never_shown() {
        let a = "zookeeper://ops:pa:ss@h1:2181,h2:2181/chroot";
        assert_eq!(registry_credentials(a).as_deref(), Some("ops:pa:ss"));
        assert_eq!(
            parse_registry(a).unwrap(),
            ("h1:2181,h2:2181".into(), Some("/chroot".into()))
        );
        assert_eq!(
            mask_credentials(a),
            "zookeeper://ops:***@h1:2181,h2:2181/chroot"
        );
        // An @ after the host list is not user info.
        assert_eq!(registry_credentials("zk://h1:2181/a@b"), None);
        assert_eq!(mask_credentials("h1:2181"), "h1:2181");
        let e = parse_registry("zk://ops:hunter2@h:99999").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");

        let t = resolve(&Selection {
            registry: Some("zookeeper://ops:hunter2@127.0.0.1:2181".into()),
            config_path: Some("/nonexistent/config.toml".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(t.digest.as_deref(), Some("ops:hunter2"));
        assert_eq!(t.hosts, "127.0.0.1:2181");
        assert!(!t.display().contains("hunter2") && !t.connect_string().contains("hunter2"));
        assert!(!format!("{t:?}").contains("hunter2"), "{t:?}");
        let c = ContextConfig {
            registry: "zk://ops:hunter2@h:1".into(),
            digest: Some("ops:hunter2".into()),
            ..Default::default()
        };
        assert!(!format!("{c:?}").contains("hunter2"), "{c:?}");
    }

    #[cfg(unix)]
    #[test]
    fn the_config_file_is_written_owner_only_and_an_exposed_one_is_noticed() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("config.toml");
        let mut file = ConfigFile::default();
        file.contexts.insert(
            "prod".into(),
            ContextConfig {
                registry: "zk://h:1".into(),
                digest: Some("ops:pw".into()),
                ..Default::default()
            },
        );
        assert!(file.has_credentials());
        file.save(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(exposure_warning(&path), None);
        // A file someone made world-readable is replaced by a private one on rewrite.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let warning = exposure_warning(&path).unwrap();
        assert!(
            warning.contains("mode 0644") && warning.contains("chmod 600"),
            "{warning}"
        );
        file.save(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(ConfigFile::load(&path).unwrap(), file);
        // A stale temporary file from a crash does not keep its mode or block the write.
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, "junk").unwrap();
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o666)).unwrap();
        file.save(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert!(!tmp.exists());
        let plain = ConfigFile {
            contexts: [("dev".to_string(), ContextConfig::default())].into(),
            ..Default::default()
        };
        assert!(!plain.has_credentials());
    }

    #[test]
    fn tls_from_the_scheme_the_flags_or_the_context() {
        let plain = resolve(&Selection {
            registry: Some("zookeeper://h:2181".into()),
            config_path: Some("/nonexistent/config.toml".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(plain.tls, None);
        assert_eq!(plain.display(), "zookeeper://h:2181");
        let by_scheme = resolve(&Selection {
            registry: Some("zk+tls://ops:pw@h1:2281,h2:2281/chroot".into()),
            config_path: Some("/nonexistent/config.toml".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(by_scheme.tls, Some(TlsSettings::default()));
        assert_eq!(by_scheme.hosts, "h1:2281,h2:2281");
        assert_eq!(by_scheme.digest.as_deref(), Some("ops:pw"));
        assert_eq!(
            by_scheme.display(),
            "zookeeper+tls://h1:2281,h2:2281/chroot"
        );
        assert_eq!(
            mask_credentials("zookeeper+tls://ops:pw@h:1"),
            "zookeeper+tls://ops:***@h:1"
        );
        let by_flag = resolve(&Selection {
            registry: Some("h:2281".into()),
            config_path: Some("/nonexistent/config.toml".into()),
            tls: TlsSettings {
                ca: Some("ca.pem".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
        assert_eq!(by_flag.tls.unwrap().ca, Some(PathBuf::from("ca.pem")));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[contexts.prod]\nregistry = \"zookeeper+tls://p:2281\"\ntls_ca = \"certs/ca.pem\"\ntls_cert = \"/abs/client.pem\"\ntls_key = \"/abs/client.key\"\n",
        )
        .unwrap();
        let sel = Selection {
            context: Some("prod".into()),
            config_path: Some(path.clone()),
            ..Default::default()
        };
        let t = resolve(&sel).unwrap().tls.unwrap();
        assert_eq!(t.ca, Some(dir.path().join("certs/ca.pem")));
        assert_eq!(t.cert, Some(PathBuf::from("/abs/client.pem")));
        // A flag replaces the context's file, the others stay.
        let t = resolve(&Selection {
            tls: TlsSettings {
                ca: Some("/other/ca.pem".into()),
                ..Default::default()
            },
            ..sel.clone()
        })
        .unwrap()
        .tls
        .unwrap();
        assert_eq!(t.ca, Some(PathBuf::from("/other/ca.pem")));
        assert_eq!(t.key, Some(PathBuf::from("/abs/client.key")));
        // Half a client identity is a usage error naming the missing half.
        let e = resolve(&Selection {
            registry: Some("zookeeper+tls://h:2281".into()),
            config_path: Some("/nonexistent/config.toml".into()),
            tls: TlsSettings {
                cert: Some("c.pem".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.exit_code(), crate::exit::USAGE);
        assert!(e.hint().unwrap().contains("--tls-key"), "{e:?}");
    }

    #[test]
    fn durations() {
        assert_eq!(
            parse_duration("1500", "t").unwrap(),
            Duration::from_millis(1500)
        );
        assert_eq!(parse_duration("3s", "t").unwrap(), Duration::from_secs(3));
        assert!(parse_duration("soon", "t").is_err());
        for zero in ["0", "0s", "0ms", " 0 "] {
            let e = parse_duration(zero, "--timeout").unwrap_err();
            assert_eq!(e.exit_code(), crate::exit::USAGE);
            assert!(e.to_string().contains("must be more than 0"), "{e}");
        }
    }
}
