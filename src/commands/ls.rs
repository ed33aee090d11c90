//! `svcctl ls [PATTERN]`: one row per service key.

use crate::cli::LsArgs;
use crate::error::{Error, Result};
use crate::output::json::{ProblemJson, ServiceList, ServiceSummary, SCHEMA_VERSION};
use crate::output::{self, Format, Out};
use crate::registry::config_center;
use crate::registry::model::{derived_path_ok, services_of, Problem, ServiceView};
use crate::registry::resolve::Pattern;
use crate::registry::url::percent_decode;
use crate::registry::url::ServiceKey;

use super::{watch, Ctx};

/// The `--app` / `--host` filters, shared with watch mode.
pub struct Filter {
    pub pattern: Option<Pattern>,
    pub app: Option<String>,
    pub host: Option<String>,
}

impl Filter {
    pub fn from_args(a: &LsArgs) -> Filter {
        Filter {
            pattern: a.pattern.as_deref().map(Pattern::new),
            app: a.app.clone(),
            host: a.host.clone(),
        }
    }

    pub fn interface_matches(&self, node_name: &str) -> bool {
        match &self.pattern {
            Some(p) => p.matches(
                &percent_decode(node_name, true).unwrap_or_else(|_| node_name.to_string()),
            ),
            None => true,
        }
    }

    pub fn service_matches(&self, v: &ServiceView) -> bool {
        let urls = || v.providers.iter().map(|p| &p.url).chain(v.consumers.iter());
        let app_ok = self
            .app
            .as_ref()
            .is_none_or(|app| urls().any(|u| u.application() == Some(app.as_str())));
        let host_ok = self
            .host
            .as_ref()
            .is_none_or(|h| urls().any(|u| address_matches(h, &u.host, u.port)));
        app_ok && host_ok
    }
}

/// `ip` matches any port; `ip:port` matches exactly.
pub fn address_matches(wanted: &str, host: &str, port: u16) -> bool {
    match wanted.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => h == host && p.parse::<u16>().ok() == Some(port),
        _ => wanted == host,
    }
}

pub async fn run(ctx: &mut Ctx, args: &LsArgs) -> Result<()> {
    let filter = Filter::from_args(args);
    let registry = ctx.registry().await?;
    // Watch before the first read, so no change between the read and the watch is lost.
    let watcher = if args.watch {
        Some(registry.watch(registry.root()).await?)
    } else {
        None
    };
    let names: Vec<String> = registry
        .list_interfaces()
        .await?
        .into_iter()
        .filter(|n| filter.interface_matches(n))
        .collect();
    let bar = output::progress(&ctx.out, names.len(), "reading services");
    let tick = |n: usize| {
        if let Some(b) = &bar {
            b.set_position(n as u64)
        }
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let config_center = registry.config_center_index(&mut problems).await?;
    let root = registry.root().to_string();
    let with_rules = |mut v: ServiceView, problems: &mut Vec<Problem>| {
        let apps = v.applications();
        // Rule documents are looked up in the index, not read, but a path ZooKeeper could
        // not hold still says the registration is hostile: report it as `show` does.
        for path in config_center::layer_paths(&root, &v.key, &apps) {
            derived_path_ok(&path, problems);
        }
        v.apply_config_center(&config_center.layers(&root, &v.key, &apps));
        v
    };
    // Watch mode needs the whole tree to diff against; a plain listing keeps one row per
    // service and drops the nodes as it goes.
    let snapshot = if watcher.is_some() {
        let snapshot = registry.scan(&names, false, &tick).await?;
        let (views, p) = snapshot.services();
        problems.extend(p);
        rows = views
            .into_iter()
            .map(|v| with_rules(v, &mut problems))
            .filter(|v| filter.service_matches(v))
            .map(|v| ServiceRow::from_view(&v))
            .collect();
        Some(snapshot)
    } else {
        registry
            .scan_each(&names, false, |iface, n| {
                let views = services_of(&iface, registry.root(), &mut problems);
                rows.extend(
                    views
                        .into_iter()
                        .map(|v| with_rules(v, &mut problems))
                        .filter(|v| filter.service_matches(v))
                        .map(|v| ServiceRow::from_view(&v)),
                );
                tick(n);
            })
            .await?;
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        None
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let registry_name = registry.target.display();
    for p in &problems {
        eprintln!("{}", output::problem_line(p));
    }
    if rows.is_empty() && !args.watch {
        if args.pattern.is_some() || args.app.is_some() || args.host.is_some() {
            return Err(
                Error::not_found(format!("no service matches in {registry_name}"))
                    .with_hint("`svcctl ls` without filters lists everything"),
            );
        }
        eprintln!(
            "svcctl: no services registered under {} in {registry_name}",
            registry.root()
        );
    }
    if !(args.watch && ctx.out.format == Format::Jsonl) {
        print_list(&mut ctx.out, &registry_name, &rows, &problems)?;
    }
    if let (Some(w), Some(snapshot)) = (watcher, snapshot) {
        watch::follow(ctx, registry, w, snapshot, watch::Scope::All(filter)).await?;
    }
    Ok(())
}

/// What a listing shows of one service key, computed as soon as its interface is read.
pub struct ServiceRow {
    pub key: ServiceKey,
    pub summary: ServiceSummary,
    pub methods: usize,
    pub releases: Vec<String>,
}

impl ServiceRow {
    pub fn from_view(v: &ServiceView) -> ServiceRow {
        let mut methods: Vec<&str> = v.providers.iter().flat_map(|p| p.url.methods()).collect();
        methods.sort_unstable();
        methods.dedup();
        let mut releases: Vec<String> = v
            .providers
            .iter()
            .filter_map(|p| p.url.nonempty("release").map(str::to_string))
            .collect();
        releases.sort();
        releases.dedup();
        ServiceRow {
            key: v.key.clone(),
            summary: ServiceSummary::from_view(v),
            methods: methods.len(),
            releases,
        }
    }
}

pub fn print_list(
    out: &mut Out,
    registry: &str,
    rows: &[ServiceRow],
    problems: &[Problem],
) -> Result<()> {
    match out.format {
        Format::Json | Format::Jsonl => out.json(&ServiceList {
            schema_version: SCHEMA_VERSION,
            registry: registry.to_string(),
            services: rows.iter().map(|r| &r.summary).collect(),
            problems: problems.iter().map(ProblemJson::from).collect(),
        }),
        Format::Name => {
            let mut text = String::new();
            for r in rows {
                text.push_str(&output::sanitize(&r.summary.service));
                text.push('\n');
            }
            out.write_str(&text)
        }
        Format::Table | Format::Wide => {
            let wide = out.wide();
            let mut headers = vec![
                "service",
                "group",
                "version",
                "providers",
                "consumers",
                "applications",
            ];
            if wide {
                headers.extend(["methods", "release"]);
            }
            let table_rows = rows
                .iter()
                .map(|r| {
                    let s = &r.summary;
                    let providers = if s.providers.disabled > 0 {
                        format!("{} ({} disabled)", s.providers.total, s.providers.disabled)
                    } else {
                        s.providers.total.to_string()
                    };
                    let mut row = vec![
                        s.interface.clone(),
                        s.group.clone().unwrap_or_else(|| "-".into()),
                        s.version.clone().unwrap_or_else(|| "-".into()),
                        providers,
                        s.consumers.to_string(),
                        output::truncate(&s.applications.join(","), 60),
                    ];
                    if wide {
                        row.push(r.methods.to_string());
                        row.push(r.releases.join(","));
                    }
                    row
                })
                .collect();
            out.table(&headers, table_rows)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_filter() {
        assert!(address_matches("10.0.0.1", "10.0.0.1", 20880));
        assert!(address_matches("10.0.0.1:20880", "10.0.0.1", 20880));
        assert!(!address_matches("10.0.0.1:20881", "10.0.0.1", 20880));
        assert!(!address_matches("10.0.0.12", "10.0.0.1", 20880));
    }
}
