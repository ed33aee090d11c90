//! `svcctl host ADDRESS`: every service a host provides or consumes.

use crate::cli::HostArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::output::json::{HostEntry, HostReport, SCHEMA_VERSION};

use crate::registry::model::{services_of, ServiceView};
use crate::registry::url::ServiceKey;

use super::Ctx;
use crate::registry::scope::address_matches;

/// The providers and consumers of one service that sit on `wanted` (ip or ip:port).
fn host_entries(v: &ServiceView, wanted: &str) -> Vec<HostEntry> {
    let service = v.key.to_string();
    let providers = v
        .providers
        .iter()
        .filter(|p| address_matches(wanted, &p.url.host, p.url.port))
        .map(|p| HostEntry {
            role: "provider",
            service: service.clone(),
            address: p.url.address(),
            application: p.url.application().map(str::to_string),
            enabled: Some(p.effective.enabled),
            url: p.url.to_full_string(),
        });
    let consumers = v
        .consumers
        .iter()
        .filter(|c| address_matches(wanted, &c.host, c.port))
        .map(|c| HostEntry {
            role: "consumer",
            service: service.clone(),
            address: c.address(),
            application: c.application().map(str::to_string),
            enabled: None,
            url: c.to_full_string(),
        });
    providers.chain(consumers).collect()
}

/// ADDRESS is an ip, ip:port, or an IPv6 literal (bracketed with a port): anything else (a port
/// that is not a number, an unclosed bracket) cannot match and is said so.
fn validate_address(wanted: &str) -> Result<()> {
    crate::registry::plan::parse_address(wanted, "ADDRESS")
        .map(|_| ())
        .map_err(|e| e.with_hint("pass an ip or ip:port, e.g. 10.0.0.5:20880 or [::1]:20880"))
}

pub async fn run(ctx: &mut Ctx, args: &HostArgs) -> Result<()> {
    let wanted = args.address.trim();
    if wanted.is_empty() {
        return Err(Error::usage("ADDRESS is empty")
            .with_hint("pass an ip or ip:port, e.g. 10.0.0.5:20880"));
    }
    validate_address(wanted)?;
    let registry = ctx.registry().await?;
    let (names, apps) = registry.all_interfaces(|_| true).await?;
    let bar = output::progress(&ctx.out, names.len(), "reading services");
    // Like `ls`: registry overrides and config-center rules both decide a provider's state, and
    // only what matches is kept while streaming through the interfaces.
    let mut problems = apps.problems();
    let config_center = registry.config_center_index(&mut problems).await?;
    let root = registry.root().to_string();
    let mut entries = Vec::new();
    registry
        .scan_each(&names, false, &apps, |iface, n| {
            for mut v in services_of(&iface, &root, &mut problems) {
                config_center.apply_to(&root, &mut v, &mut problems);
                entries.extend(host_entries(&v, wanted));
            }
            if let Some(b) = &bar {
                b.set_position(n as u64)
            }
        })
        .await?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    output::warn_problems(&problems);
    // Same order as `ls`: by service key (interface, group, version), providers first.
    entries.sort_by_cached_key(|e| {
        (
            ServiceKey::parse(&e.service),
            e.role != "provider",
            e.address.clone(),
        )
    });
    if entries.is_empty() {
        return Err(Error::not_found(format!(
            "no service is provided or consumed by {wanted} in {}",
            registry.target.display()
        ))
        .with_hint(
            "give the address as registered (ip or ip:port); `svcctl show SERVICE` lists addresses",
        ));
    }
    output::host::print(
        &mut ctx.out,
        &HostReport {
            schema_version: SCHEMA_VERSION,
            registry: registry.target.display(),
            address: wanted.to_string(),
            entries,
        },
    )
}
