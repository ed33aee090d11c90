//! What every registry mutation shares: the read-only and `--yes` rails, reading the tree,
//! picking the service key and providers, confirming, applying, and the undo command (the plan
//! and the result are printed by `output::mutation`). Also `disable` and `enable` themselves.

use std::io::IsTerminal;

use crate::cli::{KeyArgs, MutationFlags, ProviderSelection, ToggleArgs};
use crate::config::RegistryTarget;
use crate::error::{Error, ErrorKind, Result};
use crate::output::{self, sanitize};
use crate::registry::apply;
use crate::registry::model::{Discovery, ServiceView};
use crate::registry::plan::{self, shell_quote, OpKind, Plan, Selector, TreeState};
use crate::registry::resolve::{resolve_service, ResolvedService};
use crate::registry::zk::Registry;

use super::Ctx;
use crate::registry::scope::key_matches;

/// Refuses before connecting: a read-only registry, or no way to confirm. A dry run is a read,
/// so it is allowed in both cases.
pub fn preflight(ctx: &Ctx, flags: &MutationFlags) -> Result<RegistryTarget> {
    let target = ctx.target()?;
    if flags.dry_run {
        return Ok(target);
    }
    if target.read_only {
        let why = match (&target.context, ctx.global.read_only) {
            (_, true) => "--read-only is set".to_string(),
            (Some(c), false) => format!("context {c} is read-only"),
            (None, false) => "the registry is read-only".to_string(),
        };
        return Err(Error::refused(format!(
            "{why}: svcctl will not change {}",
            target.display()
        ))
        .with_hint(
            "--dry-run shows what would change; use a context without read_only = true to apply",
        ));
    }
    if !flags.yes && !interactive() {
        return Err(
            Error::usage("--yes required when not running interactively")
                .with_hint("add --yes to apply without a prompt, or --dry-run to see the plan"),
        );
    }
    Ok(target)
}

/// A prompt needs a terminal to read the answer from and one to show it on.
fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Connects and resolves SERVICE like `show` does; returns the registry, the interface's tree
/// and the group/version the user asked for (flags win over the SERVICE key).
pub async fn load(
    target: &RegistryTarget,
    service: &str,
    key: &KeyArgs,
) -> Result<(Registry, TreeState, ResolvedService)> {
    let registry = Registry::connect(target).await?;
    let names = registry.list_interfaces().await?;
    let mut resolved = resolve_service(service, &names)?;
    if key.group.is_some() {
        resolved.group = key.group.clone();
    }
    if key.version.is_some() {
        resolved.version = key.version.clone();
    }
    // Application-level providers: disable/enable/weight change them through the config
    // center; the other verbs say why they cannot, rather than that they do not exist.
    let tree = apply::read_tree_with_instances(&registry, &resolved.node).await?;
    Ok((registry, tree, resolved))
}

pub fn selector(s: &ProviderSelection) -> Selector {
    Selector {
        providers: s.providers.clone(),
        hosts: s.hosts.clone(),
        app: s.app.clone(),
    }
}

/// The one service key the command acts on, and the selected providers in it. When SERVICE has
/// several keys (versions, groups), the selection decides; if it matches providers of more than
/// one key, the user has to say which.
/// `through_config_center`: the verb can change providers found by application (through the
/// config center); otherwise selecting one is refused with the reason.
pub fn choose_view(
    tree: &TreeState,
    resolved: &ResolvedService,
    sel: &Selector,
    through_config_center: bool,
) -> Result<(ServiceView, Vec<usize>)> {
    let all: Vec<ServiceView> = tree
        .views()
        .into_iter()
        .filter(|v| !v.providers.is_empty())
        .collect();
    let (g, v) = (resolved.group.as_deref(), resolved.version.as_deref());
    let views: Vec<ServiceView> = all
        .iter()
        .filter(|x| key_matches(&x.key, g, v))
        .cloned()
        .collect();
    let keys = |vs: &[ServiceView]| {
        vs.iter()
            .map(|x| x.key.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if views.is_empty() {
        return Err(if all.is_empty() {
            Error::not_found(format!(
                "{} has no providers registered",
                resolved.interface
            ))
        } else {
            Error::not_found(format!(
                "{} has no providers with group={} version={}",
                resolved.interface,
                g.unwrap_or("(none)"),
                v.unwrap_or("(none)")
            ))
            .with_hint(format!("registered: {}", keys(&all)))
        });
    }
    if views.len() == 1 {
        let chosen = plan::select(&views[0], sel)?;
        if !through_config_center {
            refuse_application_level(&views[0], &chosen)?;
        }
        return Ok((
            views.into_iter().next().unwrap_or_else(|| unreachable!()),
            chosen,
        ));
    }
    let mut hits = Vec::new();
    let mut first_usage = None;
    for view in &views {
        match plan::select(view, sel) {
            Ok(c) => hits.push((view.clone(), c)),
            Err(e) if e.kind() == ErrorKind::Usage => {
                first_usage.get_or_insert(e);
            }
            Err(_) => {}
        }
    }
    if let Some(e) = first_usage {
        return Err(e);
    }
    match hits.len() {
        1 => {
            let (view, chosen) = hits.remove(0);
            if !through_config_center {
                refuse_application_level(&view, &chosen)?;
            }
            Ok((view, chosen))
        }
        0 => {
            let detail: Vec<String> = views
                .iter()
                .map(|x| {
                    let a: Vec<String> = x.providers.iter().map(|p| p.url.address()).collect();
                    format!("{}: {}", x.key, a.join(", "))
                })
                .collect();
            Err(Error::not_found(format!(
                "the selection matches no provider of {}",
                resolved.interface
            ))
            .with_hint(format!("registered: {}", detail.join("; "))))
        }
        _ => Err(Error::not_found(format!(
            "the selection matches providers of several service keys: {}",
            keys(&hits.iter().map(|h| h.0.clone()).collect::<Vec<_>>())
        ))
        .with_hint("pass --version/--group, or SERVICE as group/interface:version")),
    }
}

/// A static (persistent) copy or a removal acts on registry nodes, and a provider registered
/// only as an application instance has none: there is no node to pin or unregister.
fn refuse_application_level(view: &ServiceView, chosen: &[usize]) -> Result<()> {
    let only_app: Vec<String> = chosen
        .iter()
        .map(|&i| &view.providers[i])
        .filter(|p| p.discovery == Discovery::Application)
        .map(|p| p.url.address())
        .collect();
    if only_app.is_empty() {
        return Ok(());
    }
    Err(Error::usage(format!(
        "{} of {} {} registered only at application level (Dubbo 3 instances): there is no \
         provider node in the registry to pin, unpin or unregister",
        only_app.join(", "),
        view.key,
        if only_app.len() == 1 { "is" } else { "are" }
    ))
    .with_hint(format!(
        "the instance belongs to the provider's own session; to stop its traffic use `svcctl \
         disable {} --provider ADDRESS`, which writes a config-center rule its consumers read",
        shell_quote(&view.key.to_string())
    )))
}

/// The flags that point another svcctl run at the same registry, for undo lines.
fn registry_flags(target: &RegistryTarget) -> String {
    let mut s = match &target.context {
        Some(c) => format!(" --context {}", shell_quote(c)),
        None => {
            let scheme = if target.tls.is_some() {
                "zookeeper+tls"
            } else {
                "zookeeper"
            };
            let mut s = format!(
                " --registry {}",
                shell_quote(&format!("{scheme}://{}", target.connect_string()))
            );
            // The context would have carried the TLS files; a bare address needs them named.
            if let Some(tls) = &target.tls {
                for (flag, file) in [
                    ("--tls-ca", &tls.ca),
                    ("--tls-cert", &tls.cert),
                    ("--tls-key", &tls.key),
                ] {
                    if let Some(f) = file {
                        s.push_str(&format!(
                            " {flag} {}",
                            shell_quote(&f.display().to_string())
                        ));
                    }
                }
            }
            s
        }
    };
    if target.root != crate::config::DEFAULT_ROOT {
        s.push_str(&format!(" --root {}", shell_quote(&target.root)));
    }
    s
}

/// Prints, confirms and applies a plan. The one path every mutation takes.
pub async fn execute(
    ctx: &mut Ctx,
    registry: &Registry,
    mut plan: Plan,
    flags: &MutationFlags,
) -> Result<()> {
    let target = &registry.target;
    let suffix = registry_flags(target);
    for u in &mut plan.undo {
        u.push_str(&suffix);
    }
    if flags.dry_run && target.read_only {
        plan.warnings.push(format!(
            "{} is read-only: applying this plan would be refused",
            target.display()
        ));
    }
    let json = ctx.out.is_json();
    for w in &plan.warnings {
        eprintln!("svcctl: warning: {}", sanitize(w));
    }
    if plan.is_empty() {
        return output::mutation::result(&mut ctx.out, target, &plan, "unchanged");
    }
    if flags.dry_run {
        if !json {
            output::mutation::plan(&mut ctx.out, &plan, target, true, false)?;
        }
        return output::mutation::result(&mut ctx.out, target, &plan, "dry_run");
    }
    if !flags.yes {
        // preflight made sure we are on a terminal. The plan goes where the prompt is when
        // stdout carries JSON.
        output::mutation::plan(&mut ctx.out, &plan, target, false, json)?;
        let question = format!(
            "Apply {} to {}?",
            output::mutation::count(
                plan.ops.iter().filter(|o| o.op != OpKind::Check).count(),
                "change"
            ),
            target.display()
        );
        let answer = dialoguer::Confirm::new()
            .with_prompt(sanitize(&question))
            .default(false)
            .interact_opt()
            .map_err(|e| {
                Error::usage(format!("cannot ask for confirmation: {e}"))
                    .with_hint("pass --yes to apply without a prompt")
            })?;
        if answer != Some(true) {
            return Err(Error::aborted());
        }
    }
    apply::apply(registry, &plan).await?;
    output::mutation::result(&mut ctx.out, target, &plan, "applied")
}

/// `svcctl disable` / `svcctl enable`.
pub async fn toggle(ctx: &mut Ctx, args: &ToggleArgs, enable: bool) -> Result<()> {
    let target = preflight(ctx, &args.flags)?;
    let (registry, tree, resolved) = load(&target, &args.service, &args.key).await?;
    let (view, chosen) = choose_view(&tree, &resolved, &selector(&args.select), true)?;
    let cc = apply::read_config_center_for(&registry, &tree, &view, &chosen).await?;
    let force = args.flags.force;
    let plan = match (&cc, enable) {
        (Some(cc), true) => plan::config_center::enable(&tree, cc, &view, &chosen)?,
        (Some(cc), false) => plan::config_center::disable(&tree, cc, &view, &chosen, force)?,
        (None, true) => plan::enable(&tree, &view, &chosen)?,
        (None, false) => plan::disable(&tree, &view, &chosen, force)?,
    };
    execute(ctx, &registry, plan, &args.flags).await
}
