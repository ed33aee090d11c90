//! `svcctl host ADDRESS`: the services a host provides or consumes, as a table, names or JSON.

use crate::error::Result;
use crate::output::json::HostReport;
use crate::output::{sanitize, Format, Out};

/// Prints the report in the format asked for. Service names, addresses and applications are
/// registry data: the table and name forms sanitise them (JSON escapes them).
pub fn print(out: &mut Out, report: &HostReport) -> Result<()> {
    let entries = &report.entries;
    match out.format {
        Format::Json | Format::Jsonl => out.json(report),
        Format::Name => {
            for e in entries {
                out.line(&sanitize(&e.service))?;
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
            out.table(
                &["role", "service", "address", "application", "state"],
                rows,
            )
        }
    }
}
