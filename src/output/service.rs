//! `show`: one service's detail (providers, consumers, rules, methods) in every format.

use super::json::ServiceDetail;
use super::{Format, Out, Styles};
use crate::error::Result;

/// The details of the services `show` found. In watch mode with `-o jsonl` nothing is printed:
/// the change stream that follows replays the state as events.
pub fn print_details(out: &mut Out, details: &[ServiceDetail], watch: bool) -> Result<()> {
    match out.format {
        Format::Jsonl if watch => {}
        Format::Json | Format::Jsonl => {
            if details.len() == 1 {
                out.json(&details[0])?
            } else {
                out.json(&details)?
            }
        }
        Format::Name => {
            for d in details {
                for p in &d.providers {
                    out.line(&super::sanitize(&p.address))?;
                }
            }
        }
        Format::Table | Format::Wide => {
            for (i, d) in details.iter().enumerate() {
                if i > 0 {
                    out.line("")?;
                }
                print_detail(out, d)?;
            }
        }
    }
    Ok(())
}

fn print_detail(out: &mut Out, d: &ServiceDetail) -> Result<()> {
    let styles = out.styles.clone();
    let enabled = d.providers.iter().filter(|p| p.enabled).count();
    let head = |k: &str| Styles::paint(styles.bold, k);
    out.line(&format!(
        "{} {}",
        head("Service: "),
        super::sanitize(&d.service)
    ))?;
    out.line(&format!(
        "{} {}",
        head("Registry:"),
        super::sanitize(&d.registry)
    ))?;
    out.line(&format!("{} {}", head("Discovery:"), d.discovery))?;
    out.line("")?;
    out.line(&head(&format!(
        "Providers ({}, {enabled} enabled)",
        d.providers.len()
    )))?;
    let wide = out.wide();
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
                    .map(super::short_duration)
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
                row.push(super::truncate(&p.methods.join(","), 60));
                row.push(p.rules_applied.len().to_string());
            }
            row
        })
        .collect();
    out.table(&headers, rows)?;
    out.line("")?;
    out.line(&head(&format!("Consumers ({})", d.consumers.len())))?;
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
        out.table(&["address", "application"], rows)?;
    }
    if !d.rules.is_empty() {
        out.line("")?;
        out.line(&head(&format!("Rules ({})", d.rules.len())))?;
        for r in &d.rules {
            out.line(&format!("  {}", super::sanitize(&r.url)))?;
            if r.source == "config-center" {
                out.line(&format!(
                    "    from the config center: {}",
                    super::sanitize(&r.node)
                ))?;
            }
            for t in &r.targets {
                let line = match &t.reason {
                    None => format!("    applies to {}", t.address),
                    Some(why) => format!("    not {}: {why}", t.address),
                };
                out.line(&super::sanitize(&line))?;
            }
        }
    }
    out.line("")?;
    let source = match d.methods_source {
        "metadata" => "from metadata report",
        "app-metadata" => "names from Dubbo 3 application metadata",
        _ => "names from provider URLs",
    };
    out.line(&head(&format!("Methods ({}, {source})", d.methods.len())))?;
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
        out.line(&super::sanitize(&line))?;
    }
    Ok(())
}
