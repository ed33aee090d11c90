//! `svcctl host ADDRESS`: every service a host provides or consumes.

use crate::cli::HostArgs;
use crate::error::{Error, Result};
use crate::output::json::{HostEntry, HostReport, SCHEMA_VERSION};
use crate::output::{self, Format};

use super::ls::address_matches;
use super::Ctx;

pub async fn run(ctx: &mut Ctx, args: &HostArgs) -> Result<()> {
    let wanted = args.address.trim();
    if wanted.is_empty() {
        return Err(Error::usage("ADDRESS is empty")
            .with_hint("pass an ip or ip:port, e.g. 10.0.0.5:20880"));
    }
    let registry = ctx.registry().await?;
    let names = registry.list_interfaces().await?;
    let bar = output::progress(&ctx.out, names.len(), "reading services");
    let snapshot = registry
        .scan(&names, false, &|n| {
            if let Some(b) = &bar {
                b.set_position(n as u64)
            }
        })
        .await?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let (views, _) = snapshot.services();
    let mut entries = Vec::new();
    for v in &views {
        for p in v
            .providers
            .iter()
            .filter(|p| address_matches(wanted, &p.url.host, p.url.port))
        {
            entries.push(HostEntry {
                role: "provider",
                service: v.key.to_string(),
                address: p.url.address(),
                application: p.url.application().map(str::to_string),
                enabled: Some(p.effective.enabled),
                url: p.url.to_full_string(),
            });
        }
        for c in v
            .consumers
            .iter()
            .filter(|c| address_matches(wanted, &c.host, c.port))
        {
            entries.push(HostEntry {
                role: "consumer",
                service: v.key.to_string(),
                address: c.address(),
                application: c.application().map(str::to_string),
                enabled: None,
                url: c.to_full_string(),
            });
        }
    }
    if entries.is_empty() {
        return Err(Error::not_found(format!(
            "no service is provided or consumed by {wanted} in {}",
            registry.target.display()
        ))
        .with_hint(
            "give the address as registered (ip or ip:port); `svcctl show SERVICE` lists addresses",
        ));
    }
    match ctx.out.format {
        Format::Json | Format::Jsonl => ctx.out.json(&HostReport {
            schema_version: SCHEMA_VERSION,
            registry: registry.target.display(),
            address: wanted.to_string(),
            entries,
        }),
        Format::Name => {
            for e in &entries {
                ctx.out.line(&output::sanitize(&e.service))?;
            }
            Ok(())
        }
        Format::Table | Format::Wide => {
            let rows = entries
                .iter()
                .map(|e| {
                    vec![
                        e.role.to_string(),
                        e.service.clone(),
                        e.address.clone(),
                        e.application.clone().unwrap_or_else(|| "-".into()),
                        match e.enabled {
                            Some(true) => "enabled".into(),
                            Some(false) => "DISABLED".into(),
                            None => "-".into(),
                        },
                    ]
                })
                .collect();
            ctx.out.table(
                &["role", "service", "address", "application", "state"],
                rows,
            )
        }
    }
}
