//! `svcctl show SERVICE`: providers with their effective state, consumers, the rules that apply,
//! and method signatures when a metadata report exists.

use crate::cli::ShowArgs;
use crate::error::{Error, Result};
use crate::output::json::{
    ConsumerJson, MethodJson, ProblemJson, ProviderJson, RuleJson, ServiceDetail, SCHEMA_VERSION,
};
use crate::output::{self, Format, Styles};
use crate::registry::config_center;
use crate::registry::live::LiveRegistry;
use crate::registry::model::{services_of, Category, Discovery, Problem, ServiceView};
use crate::registry::resolve::resolve_service;
use crate::registry::rules::RuleScope;
use crate::registry::scope::{key_matches, Scope};
use crate::registry::zk::Registry;

use super::watch;
use super::{now_ms, Ctx};

pub async fn run(ctx: &mut Ctx, args: &ShowArgs) -> Result<()> {
    if args.service.trim().is_empty() {
        return Err(Error::usage("SERVICE is empty").with_hint(
            "name a service: its interface, a unique short name or group/interface:version",
        ));
    }
    let registry = ctx.registry().await?;
    let names = registry.list_interfaces().await?;
    let resolved = resolve_service(&args.service, &names)?;
    let group = args.group.clone().or(resolved.group.clone());
    let version = args.version.clone().or(resolved.version.clone());
    if args.watch {
        let scope = Scope::Service {
            node: resolved.node.clone(),
            group,
            version,
        };
        let live = LiveRegistry::start(registry, scope, true).await?;
        let views = live.views();
        // The live view reads every config-center document; report only those these services
        // use, as a plain `show` does.
        let root = live.registry().root();
        let own = format!("{root}/{}/", resolved.node);
        let layers: Vec<String> = views
            .iter()
            .flat_map(|v| config_center::layer_paths(root, &v.key, &v.applications()))
            .collect();
        let (mut problems, config): (Vec<Problem>, Vec<Problem>) = live
            .problems()
            .iter()
            .filter(|p| p.path.starts_with(&own) || layers.contains(&p.path))
            .cloned()
            .partition(|p| p.path.starts_with(&own));
        problems.extend(config);
        print_views(ctx, live.registry(), &views, &problems, true).await?;
        return watch::follow(ctx, live).await;
    }
    let iface = registry
        .read_interface(&resolved.node, true)
        .await?
        .ok_or_else(|| {
            Error::not_found(format!(
                "service {} disappeared while reading it",
                resolved.interface
            ))
        })?;
    let mut problems = Vec::new();
    let all = services_of(&iface, registry.root(), &mut problems);
    let mut views: Vec<ServiceView> = all
        .iter()
        .filter(|v| key_matches(&v.key, group.as_deref(), version.as_deref()))
        .cloned()
        .collect();
    registry
        .apply_config_center(&mut views, &mut problems)
        .await?;
    if views.is_empty() {
        let available: Vec<String> = all.iter().map(|v| v.key.to_string()).collect();
        return Err(if available.is_empty() {
            Error::not_found(format!(
                "{} has no providers or consumers registered",
                resolved.interface
            ))
            .with_hint("the service node exists but is empty; its providers may all be down")
        } else {
            Error::not_found(format!(
                "{} has no providers or consumers with group={} version={}",
                resolved.interface,
                group.as_deref().unwrap_or("(none)"),
                version.as_deref().unwrap_or("(none)")
            ))
            .with_hint(format!("registered: {}", available.join(", ")))
        });
    }
    print_views(ctx, &registry, &views, &problems, false).await
}

async fn print_views(
    ctx: &mut Ctx,
    registry: &Registry,
    views: &[ServiceView],
    problems: &[Problem],
    watch: bool,
) -> Result<()> {
    // Reading metadata can find more: paths built from registry data that ZooKeeper refuses.
    let mut problems = problems.to_vec();
    let now = now_ms();
    let mut details = Vec::new();
    for v in views {
        details.push(detail(registry, v, now, &mut problems).await?);
    }
    for p in &problems {
        eprintln!("{}", output::problem_line(p));
    }
    for d in &mut details {
        d.problems = problems.iter().map(ProblemJson::from).collect();
    }
    match ctx.out.format {
        Format::Jsonl if watch => {}
        Format::Json | Format::Jsonl => {
            if details.len() == 1 {
                ctx.out.json(&details[0])?
            } else {
                ctx.out.json(&details)?
            }
        }
        Format::Name => {
            for d in &details {
                for p in &d.providers {
                    ctx.out.line(&output::sanitize(&p.address))?;
                }
            }
        }
        Format::Table | Format::Wide => {
            for (i, d) in details.iter().enumerate() {
                if i > 0 {
                    ctx.out.line("")?;
                }
                print_detail(ctx, d)?;
            }
        }
    }
    Ok(())
}

async fn detail(
    registry: &Registry,
    v: &ServiceView,
    now: i64,
    problems: &mut Vec<Problem>,
) -> Result<ServiceDetail> {
    let rule_urls: Vec<_> = v
        .rules
        .iter()
        .filter(|r| r.category == Category::Configurators)
        .map(|r| crate::registry::url::DubboUrl::clone(&r.url))
        .collect();
    // Applied-rule indexes refer to the configurators of the whole interface; rebuild that list
    // in the same order the model used.
    let signatures = registry
        .service_definition(&v.key, &v.applications(), problems)
        .await?
        .map(|d| d.methods);
    let (methods, methods_source) = match signatures {
        Some(sigs) => (
            sigs.into_iter()
                .map(|s| MethodJson {
                    name: s.name,
                    parameter_types: Some(s.parameter_types),
                    return_type: s.return_type,
                })
                .collect(),
            "metadata",
        ),
        None => {
            let named = |names: Vec<String>| -> Vec<MethodJson> {
                names
                    .into_iter()
                    .map(|name| MethodJson {
                        name,
                        parameter_types: None,
                        return_type: None,
                    })
                    .collect()
            };
            match registry.app_metadata_methods(&v.key, problems).await? {
                Some(names) => (named(names), "app-metadata"),
                None => {
                    let mut names: Vec<String> = v
                        .providers
                        .iter()
                        .flat_map(|p| p.url.methods())
                        .map(str::to_string)
                        .collect();
                    names.sort();
                    names.dedup();
                    // Application-level providers' URLs are made from their MetadataInfo.
                    let source = if v
                        .providers
                        .iter()
                        .any(|p| p.discovery == Discovery::Application)
                    {
                        "app-metadata"
                    } else {
                        "url"
                    };
                    (named(names), source)
                }
            }
        }
    };
    Ok(ServiceDetail {
        schema_version: SCHEMA_VERSION,
        registry: registry.target.display(),
        service: v.key.to_string(),
        interface: v.key.interface.clone(),
        group: v.key.group.clone(),
        version: v.key.version.clone(),
        discovery: v.discovery().as_str(),
        providers: v
            .providers
            .iter()
            .map(|p| provider_json(p, v, &rule_urls, now))
            .collect(),
        consumers: v.consumers.iter().map(ConsumerJson::from).collect(),
        rules: v.rules.iter().map(RuleJson::from).collect(),
        methods,
        methods_source,
        problems: vec![],
    })
}

fn provider_json(
    p: &crate::registry::ProviderView,
    v: &ServiceView,
    _rules: &[crate::registry::DubboUrl],
    now: i64,
) -> ProviderJson {
    let mut j = ProviderJson::from_view(p, &[], now);
    // Name the rules that changed this provider by what they are, not by index.
    j.rules_applied = v
        .rules
        .iter()
        .filter(|r| {
            r.targets
                .iter()
                .any(|(addr, s)| *addr == j.address && *s == RuleScope::Applies)
        })
        .map(|r| r.url.to_full_string())
        .collect();
    j
}

fn print_detail(ctx: &mut Ctx, d: &ServiceDetail) -> Result<()> {
    let styles = ctx.out.styles.clone();
    let enabled = d.providers.iter().filter(|p| p.enabled).count();
    let head = |k: &str| Styles::paint(styles.bold, k);
    ctx.out.line(&format!(
        "{} {}",
        head("Service: "),
        output::sanitize(&d.service)
    ))?;
    ctx.out.line(&format!(
        "{} {}",
        head("Registry:"),
        output::sanitize(&d.registry)
    ))?;
    ctx.out
        .line(&format!("{} {}", head("Discovery:"), d.discovery))?;
    ctx.out.line("")?;
    ctx.out.line(&head(&format!(
        "Providers ({}, {enabled} enabled)",
        d.providers.len()
    )))?;
    let wide = ctx.out.wide();
    let mut headers = vec![
        "address",
        "application",
        "weight",
        "state",
        "registration",
        "discovery",
        "uptime",
        "protocol",
        "serialization",
        "release",
    ];
    if wide {
        headers.extend(["dubbo", "methods", "rules"]);
    }
    let rows = d
        .providers
        .iter()
        .map(|p| {
            let mut state = if p.enabled {
                "enabled".to_string()
            } else {
                "DISABLED".to_string()
            };
            if p.warming_up {
                state.push_str(" (warming up)");
            }
            let mut reg = p.registration.to_string();
            if p.registration_mismatch {
                reg.push_str(if p.registration == "static" {
                    " (dynamic=true: zombie?)"
                } else {
                    " (dynamic=false)"
                });
            }
            let mut weight = match p.registered_weight {
                Some(w) if w != p.weight => format!("{} (was {w})", p.weight),
                None if p.weight != 100 => format!("{} (was 100)", p.weight),
                _ => p.weight.to_string(),
            };
            if p.current_weight != p.weight {
                weight.push_str(&format!(" (now {})", p.current_weight));
            }
            let mut row = vec![
                p.address.clone(),
                p.application.clone().unwrap_or_else(|| "-".into()),
                weight,
                state,
                reg,
                p.discovery.to_string(),
                p.uptime_ms
                    .map(output::short_duration)
                    .unwrap_or_else(|| "-".into()),
                p.protocol.clone(),
                // Hessian 2 is the dubbo protocol's default only; Triple's depends on the peer.
                p.serialization.clone().unwrap_or_else(|| {
                    if p.protocol == "dubbo" {
                        "hessian2"
                    } else {
                        "-"
                    }
                    .into()
                }),
                p.release
                    .clone()
                    .or(p.dubbo.clone())
                    .unwrap_or_else(|| "-".into()),
            ];
            if wide {
                row.push(p.dubbo.clone().unwrap_or_else(|| "-".into()));
                row.push(output::truncate(&p.methods.join(","), 60));
                row.push(p.rules_applied.len().to_string());
            }
            row
        })
        .collect();
    ctx.out.table(&headers, rows)?;
    ctx.out.line("")?;
    ctx.out
        .line(&head(&format!("Consumers ({})", d.consumers.len())))?;
    if !d.consumers.is_empty() {
        let rows = d
            .consumers
            .iter()
            .map(|c| {
                vec![
                    c.address.clone(),
                    c.application.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        ctx.out.table(&["address", "application"], rows)?;
    }
    if !d.rules.is_empty() {
        ctx.out.line("")?;
        ctx.out.line(&head(&format!("Rules ({})", d.rules.len())))?;
        for r in &d.rules {
            ctx.out.line(&format!("  {}", output::sanitize(&r.url)))?;
            if r.source == "config-center" {
                ctx.out.line(&format!(
                    "    from the config center: {}",
                    output::sanitize(&r.node)
                ))?;
            }
            for t in &r.targets {
                let line = match &t.reason {
                    None => format!("    applies to {}", t.address),
                    Some(why) => format!("    not {}: {why}", t.address),
                };
                ctx.out.line(&output::sanitize(&line))?;
            }
        }
    }
    ctx.out.line("")?;
    let source = match d.methods_source {
        "metadata" => "from metadata report",
        "app-metadata" => "names from Dubbo 3 application metadata",
        _ => "names from provider URLs",
    };
    ctx.out
        .line(&head(&format!("Methods ({}, {source})", d.methods.len())))?;
    for m in &d.methods {
        let line = match &m.parameter_types {
            Some(types) => format!(
                "  {} {}({})",
                m.return_type.as_deref().unwrap_or("?"),
                m.name,
                types.join(", ")
            ),
            None => format!("  {}", m.name),
        };
        ctx.out.line(&output::sanitize(&line))?;
    }
    Ok(())
}
