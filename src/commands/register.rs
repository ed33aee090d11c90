//! `svcctl register --static` and `svcctl unregister`: persistent (`dynamic=false`) provider
//! registrations made by a person. Only static registrations: a dynamic one would be an
//! ephemeral node of svcctl's own session and vanish when svcctl exits.

use crate::cli::{KeyArgs, RegisterArgs, UnregisterArgs};
use crate::error::{Error, ErrorKind, Result};
use crate::registry::apply;
use crate::registry::plan::{self, parse_address, Selector};
use crate::registry::resolve::resolve_service;
use crate::registry::url::{form_encode, DubboUrl, ServiceKey};
use crate::registry::zk::Registry;

use super::mutate::{choose_view, execute, preflight};
use super::{now_ms, Ctx};
use crate::registry::scope::key_matches;

fn address_with_port(s: &str, flag: &str) -> Result<(String, u16)> {
    match parse_address(s, flag)? {
        (h, Some(p)) => Ok((h, p)),
        (_, None) => Err(Error::usage(format!(
            "{flag} needs a port: HOST:PORT, got {s:?}"
        ))),
    }
}

pub async fn register(ctx: &mut Ctx, args: &RegisterArgs) -> Result<()> {
    if !args.static_ {
        return Err(Error::usage("svcctl only makes static registrations: pass --static")
            .with_hint("a dynamic registration is an ephemeral node that would vanish when svcctl exits; live providers register themselves"));
    }
    let is_url = args.target.contains("://");
    // Everything that can be checked without the registry is checked first.
    let given_url = if is_url {
        if args.address.is_some() {
            return Err(Error::usage(
                "--address is for SERVICE; a URL already has its address",
            ));
        }
        let mut url = DubboUrl::parse(&args.target)
            .map_err(|e| Error::usage(format!("invalid provider URL {:?}: {e}", args.target)))?;
        plan::apply_params(&mut url, &args.params)?;
        Some(plan::static_provider_url(url)?)
    } else {
        None
    };
    let address = match (&given_url, &args.address) {
        (Some(_), _) => None,
        (None, Some(a)) => Some(address_with_port(a, "--address")?),
        (None, None) => return Err(Error::usage(
            "register --static SERVICE needs --address HOST:PORT",
        )
        .with_hint(
            "or give a full provider URL: svcctl register --static 'dubbo://HOST:PORT/IFACE?...'",
        )),
    };
    let target = preflight(ctx, &args.flags)?;
    let registry = Registry::connect(&target).await?;
    // An empty registry (no root yet) is fine: the first registration creates it.
    let names = match registry.list_interfaces().await {
        Ok(n) => n,
        Err(e) if e.kind() == ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    let (tree, url, warnings) = match given_url {
        Some(url) => {
            let node = form_encode(url.interface());
            let tree = if names.contains(&node) {
                apply::read_tree(&registry, &node).await?
            } else {
                apply::absent_tree(&registry, url.interface()).await?
            };
            (tree, url, Vec::new())
        }
        None => {
            let (host, port) = address.unwrap_or_default();
            let input = ServiceKey::parse(args.target.trim());
            let group = args.key.group.clone().or(input.group.clone());
            let version = args.key.version.clone().or(input.version.clone());
            let tree = match resolve_service(&args.target, &names) {
                Ok(r) => apply::read_tree(&registry, &r.node).await?,
                // A new service must be named in full: a short name cannot be guessed.
                Err(e)
                    if e.kind() == ErrorKind::NotFound
                        && input.interface.contains('.')
                        && !input.interface.contains(['*', ' ']) =>
                {
                    apply::absent_tree(&registry, &input.interface).await?
                }
                Err(e) => return Err(e),
            };
            let interface = tree.iface.interface();
            let views: Vec<_> = tree
                .views()
                .into_iter()
                .filter(|v| !v.providers.is_empty())
                .filter(|v| key_matches(&v.key, group.as_deref(), version.as_deref()))
                .collect();
            let key = match views.as_slice() {
                [one] => one.key.clone(),
                [] => ServiceKey::new(&interface, group.as_deref(), version.as_deref()),
                many => {
                    let keys: Vec<String> = many.iter().map(|v| v.key.to_string()).collect();
                    return Err(Error::usage(format!(
                        "{interface} is registered under several service keys: {}",
                        keys.join(", ")
                    ))
                    .with_hint("pass --group/--version, or SERVICE as group/interface:version"));
                }
            };
            let view = views.iter().find(|v| v.key == key);
            let (url, warnings) =
                plan::template_static_url(view, &key, &host, port, &args.params, now_ms())?;
            (tree, url, warnings)
        }
    };
    let mut plan = plan::register_static(&tree, url)?;
    plan.warnings.extend(warnings);
    execute(ctx, &registry, plan, &args.flags).await
}

pub async fn unregister(ctx: &mut Ctx, args: &UnregisterArgs) -> Result<()> {
    if args.target.contains("://") {
        return unregister_url(ctx, args).await;
    }
    let Some(address) = &args.address else {
        return Err(
            Error::usage("unregister SERVICE needs --address HOST:PORT").with_hint(
                "or give the provider URL that was registered: svcctl unregister 'dubbo://HOST:PORT/IFACE?...'",
            ),
        );
    };
    let (host, port) = address_with_port(address, "--address")?;
    let target = preflight(ctx, &args.flags)?;
    let (registry, tree, resolved) = super::mutate::load(&target, &args.target, &args.key).await?;
    let sel = Selector {
        providers: vec![address.clone()],
        ..Default::default()
    };
    let (view, _) = choose_view(&tree, &resolved, &sel, false)?;
    let plan = plan::unregister(&tree, &view, &host, port, args.flags.force)?;
    execute(ctx, &registry, plan, &args.flags).await
}

/// `unregister URL`: the URL's own service key (exactly) and address.
async fn unregister_url(ctx: &mut Ctx, args: &UnregisterArgs) -> Result<()> {
    if args.address.is_some() || args.key.group.is_some() || args.key.version.is_some() {
        return Err(Error::usage(
            "--address, --group and --version are for SERVICE; a URL already names its address, group and version",
        ));
    }
    let (key, host, port) = plan::unregister_url_target(&args.target)?;
    let target = preflight(ctx, &args.flags)?;
    let exact = KeyArgs {
        group: key.group.clone(),
        version: key.version.clone(),
    };
    let (registry, tree, _) = super::mutate::load(&target, &key.interface, &exact).await?;
    let view = plan::view_of_key(&tree, &key)?;
    let plan = plan::unregister(&tree, &view, &host, port, args.flags.force)?;
    execute(ctx, &registry, plan, &args.flags).await
}
