//! `ls`: the service listing, one row per service key, in every format.

use super::json::{ProblemJson, ServiceList, ServiceSummary, SCHEMA_VERSION};
use super::{Format, Out};
use crate::error::Result;
use crate::registry::model::{Problem, ServiceView};
use crate::registry::url::ServiceKey;

/// The note of a listing that found nothing at all (not an error: an empty registry is one).
pub fn nothing_registered(root: &str, registry: &str) -> String {
    format!("svcctl: no services registered under {root} in {registry}")
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
                text.push_str(&super::sanitize(&r.summary.service));
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
                "discovery",
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
                        super::truncate(&s.applications.join(","), 60),
                        s.discovery.to_string(),
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
