//! `svcctl context ls|use|show|set|delete`: named registries in the config file.

use serde::Serialize;

use crate::cli::ContextCommand;
use crate::config::{self, ConfigFile, ContextConfig};
use crate::error::{Error, Result};
use crate::output::Format;

use super::Ctx;

#[derive(Serialize)]
struct ContextJson<'a> {
    name: &'a str,
    current: bool,
    /// The address as configured, its password (if it holds one) masked.
    registry: String,
    root: &'a str,
    read_only: bool,
}

pub fn run(ctx: &mut Ctx, cmd: &ContextCommand) -> Result<()> {
    let path = ctx
        .global
        .config
        .clone()
        .or_else(ConfigFile::default_path)
        .ok_or_else(|| {
            Error::usage("cannot locate the config file: neither SVCCTL_CONFIG nor HOME is set")
        })?;
    let mut file = ConfigFile::load(&path)?;
    match cmd {
        ContextCommand::Ls => {
            let current = ctx.global.context.clone().or(file.current_context.clone());
            let items: Vec<ContextJson> = file
                .contexts
                .iter()
                .map(|(name, c)| ContextJson {
                    name,
                    current: current.as_deref() == Some(name.as_str()),
                    registry: config::mask_credentials(&c.registry),
                    root: c.root.as_deref().unwrap_or(config::DEFAULT_ROOT),
                    read_only: c.read_only,
                })
                .collect();
            match ctx.out.format {
                Format::Json | Format::Jsonl => ctx.out.json(&items),
                Format::Name => {
                    for i in &items {
                        ctx.out.line(i.name)?;
                    }
                    Ok(())
                }
                _ => {
                    if items.is_empty() {
                        eprintln!(
                            "svcctl: no contexts in {}; add one with `svcctl context set NAME --server zookeeper://host:2181`",
                            path.display()
                        );
                    }
                    let rows = items
                        .iter()
                        .map(|i| {
                            vec![
                                if i.current { "*".into() } else { String::new() },
                                i.name.to_string(),
                                i.registry.clone(),
                                i.root.to_string(),
                                if i.read_only {
                                    "yes".into()
                                } else {
                                    "no".into()
                                },
                            ]
                        })
                        .collect();
                    ctx.out
                        .table(&["current", "name", "registry", "root", "read-only"], rows)
                }
            }
        }
        ContextCommand::Use { name } => {
            if !file.contexts.contains_key(name) {
                let known: Vec<&str> = file.contexts.keys().map(String::as_str).collect();
                return Err(Error::not_found(format!(
                    "no context named {name:?} in {}",
                    path.display()
                ))
                .with_hint(format!(
                    "known contexts: {}",
                    if known.is_empty() {
                        "(none)".into()
                    } else {
                        known.join(", ")
                    }
                )));
            }
            file.current_context = Some(name.clone());
            file.save(&path)?;
            eprintln!("svcctl: switched to context {name}");
            Ok(())
        }
        ContextCommand::Show => {
            let t = ctx.target()?;
            #[derive(Serialize)]
            struct Shown<'a> {
                context: Option<&'a str>,
                hosts: &'a str,
                chroot: Option<&'a str>,
                root: &'a str,
                digest: bool,
                session_timeout_ms: u128,
                connect_timeout_ms: u128,
                read_only: bool,
                tls: bool,
                tls_ca: Option<String>,
                tls_cert: Option<String>,
                tls_key: Option<String>,
                config_file: String,
            }
            let tls_file = |f: fn(&config::TlsSettings) -> &Option<std::path::PathBuf>| {
                t.tls
                    .as_ref()
                    .and_then(|s| f(s).as_ref())
                    .map(|p| p.display().to_string())
            };
            let shown = Shown {
                context: t.context.as_deref(),
                hosts: &t.hosts,
                chroot: t.chroot.as_deref(),
                root: &t.root,
                digest: t.digest.is_some(),
                session_timeout_ms: t.session_timeout.as_millis(),
                connect_timeout_ms: t.connect_timeout.as_millis(),
                read_only: t.read_only,
                tls: t.tls.is_some(),
                tls_ca: tls_file(|s| &s.ca),
                tls_cert: tls_file(|s| &s.cert),
                tls_key: tls_file(|s| &s.key),
                config_file: path.display().to_string(),
            };
            if ctx.out.is_json() {
                return ctx.out.json(&shown);
            }
            let rows = vec![
                vec![
                    "context".into(),
                    shown.context.unwrap_or("(none)").to_string(),
                ],
                vec!["hosts".into(), shown.hosts.to_string()],
                vec!["chroot".into(), shown.chroot.unwrap_or("-").to_string()],
                vec!["root".into(), shown.root.to_string()],
                vec![
                    "digest auth".into(),
                    if shown.digest {
                        "yes".into()
                    } else {
                        "no".into()
                    },
                ],
                vec![
                    "session timeout".into(),
                    humantime::format_duration(t.session_timeout).to_string(),
                ],
                vec![
                    "connect timeout".into(),
                    humantime::format_duration(t.connect_timeout).to_string(),
                ],
                vec![
                    "read-only".into(),
                    if t.read_only {
                        "yes".into()
                    } else {
                        "no".into()
                    },
                ],
                vec![
                    "tls".into(),
                    match (shown.tls, &shown.tls_ca) {
                        (false, _) => "no".into(),
                        (true, Some(ca)) => format!("yes, CA {ca}"),
                        (true, None) => "yes, CA: the system's bundle".into(),
                    },
                ],
                vec![
                    "tls client cert".into(),
                    match (&shown.tls_cert, &shown.tls_key) {
                        (Some(c), Some(k)) => format!("{c} (key {k})"),
                        _ => "-".into(),
                    },
                ],
                vec!["config file".into(), shown.config_file.clone()],
            ];
            ctx.out.table(&["setting", "value"], rows)
        }
        ContextCommand::Set {
            name,
            server,
            dubbo_root,
            digest,
            session_timeout,
            qos_port,
            readonly,
        } => {
            config::parse_registry(server)?;
            if let Some(t) = session_timeout {
                config::parse_duration(t, "--session-timeout")?;
            }
            if let Some(d) = digest {
                if !d.contains(':') {
                    return Err(Error::usage("--digest must be user:password"));
                }
            }
            // The global --tls-* flags name the context's files; stored absolute, so the context
            // works from any directory.
            let absolute = |p: &Option<std::path::PathBuf>| -> Result<Option<String>> {
                let Some(p) = p else { return Ok(None) };
                let abs = std::path::absolute(p).map_err(|e| {
                    Error::usage(format!("cannot resolve the path {}: {e}", p.display()))
                })?;
                Ok(Some(abs.display().to_string()))
            };
            let g = &ctx.global;
            if g.tls_cert.is_some() != g.tls_key.is_some() {
                return Err(Error::usage(
                    "--tls-cert and --tls-key go together (a client certificate and its key)",
                ));
            }
            file.contexts.insert(
                name.clone(),
                ContextConfig {
                    registry: server.clone(),
                    root: dubbo_root.clone(),
                    digest: digest.clone(),
                    session_timeout: session_timeout.clone(),
                    connect_timeout: None,
                    qos_port: *qos_port,
                    read_only: *readonly,
                    tls_ca: absolute(&g.tls_ca)?,
                    tls_cert: absolute(&g.tls_cert)?,
                    tls_key: absolute(&g.tls_key)?,
                },
            );
            if file.current_context.is_none() {
                file.current_context = Some(name.clone());
            }
            file.save(&path)?;
            eprintln!("svcctl: context {name} saved to {}", path.display());
            Ok(())
        }
        ContextCommand::Delete { name } => {
            if file.contexts.remove(name).is_none() {
                return Err(Error::not_found(format!("no context named {name:?}")));
            }
            if file.current_context.as_deref() == Some(name.as_str()) {
                file.current_context = None;
            }
            file.save(&path)?;
            eprintln!("svcctl: context {name} deleted");
            Ok(())
        }
    }
}
