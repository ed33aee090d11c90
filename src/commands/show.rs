//! `svcctl show SERVICE`: providers with their effective state, consumers, the rules that apply,
//! and method signatures when a metadata report exists.

use crate::cli::ShowArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::output::json::{
    ConsumerJson, MethodJson, ProblemJson, ProviderJson, RuleJson, ServiceDetail, SCHEMA_VERSION,
};
use crate::registry::config_center;
use crate::registry::live::LiveRegistry;
use crate::registry::model::{services_of, Problem, ServiceView};
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
    output::warn_problems(&problems);
    for d in &mut details {
        d.problems = problems.iter().map(ProblemJson::from).collect();
    }
    output::service::print_details(&mut ctx.out, &details, watch)
}

async fn detail(
    registry: &Registry,
    v: &ServiceView,
    now: i64,
    problems: &mut Vec<Problem>,
) -> Result<ServiceDetail> {
    let (methods, methods_source) = registry.known_methods(v, problems).await?;
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
            .map(|p| provider_json(p, v, now))
            .collect(),
        consumers: v.consumers.iter().map(ConsumerJson::from).collect(),
        rules: v.rules.iter().map(RuleJson::from).collect(),
        methods: methods.into_iter().map(MethodJson::from).collect(),
        methods_source: methods_source.as_str(),
        problems: vec![],
    })
}

fn provider_json(p: &crate::registry::ProviderView, v: &ServiceView, now: i64) -> ProviderJson {
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
