//! The load-mode report as text, in the sections ghz and oha print, and the envelope a load
//! run prints it in (text or JSON).

use std::fmt::{self, Write as _};

use serde_json::{json, Value as Json};

use crate::cluster::report::ProviderRow;
use crate::cluster::Report;
use crate::error::Result;
use crate::output::json::SCHEMA_VERSION;
use crate::output::{sanitize, Out};

/// What a load run was, for the report's first line or its JSON envelope.
#[derive(Debug, Clone, Copy)]
pub struct LoadRun<'a> {
    pub service: &'a str,
    pub method: &'a str,
    pub balancer: &'a str,
    pub cluster: &'a str,
    pub concurrency: usize,
    /// Dubbo connections per provider (`--connections`).
    pub connections: usize,
    pub rps: Option<f64>,
}

/// Prints a finished run: one JSON document with `run`'s fields and the report's, or a header
/// line and the text report.
pub fn print_report(out: &mut Out, run: &LoadRun<'_>, report: &Report) -> Result<()> {
    if out.is_json() {
        let mut m = serde_json::Map::new();
        m.insert("schema_version".into(), json!(SCHEMA_VERSION));
        m.insert("service".into(), json!(run.service));
        m.insert("method".into(), json!(run.method));
        m.insert("balancer".into(), json!(run.balancer));
        m.insert("cluster".into(), json!(run.cluster));
        m.insert("concurrency".into(), json!(run.concurrency));
        m.insert("connections".into(), json!(run.connections));
        m.insert("rps".into(), json!(run.rps));
        if let Ok(Json::Object(fields)) = serde_json::to_value(report) {
            m.extend(fields);
        }
        return out.json(&Json::Object(m));
    }
    out.line(&header_line(run, report.count))?;
    out.write_str(&render_text(report))
}

/// `SERVICE.METHOD: N call(s), concurrency C[, K connections per provider], balancer B[, at
/// most R calls/s]`.
fn header_line(run: &LoadRun<'_>, count: u64) -> String {
    let limit = run
        .rps
        .map(|r| format!(", at most {r} calls/s"))
        .unwrap_or_default();
    let connections = match run.connections {
        1 => String::new(),
        n => format!(", {n} connections per provider"),
    };
    sanitize(&format!(
        "{}.{}: {count} call(s), concurrency {}{connections}, balancer {}{limit}",
        run.service, run.method, run.concurrency, run.balancer
    ))
}

/// A provider's protocol as the report's text shows it: `dubbo`, `tri (grpc)`, `tri (json)`.
fn protocol_cell(p: &ProviderRow) -> String {
    match (&p.protocol, &p.triple_form) {
        (Some(proto), Some(form)) => format!("{proto} ({form})"),
        (Some(proto), None) => proto.clone(),
        (None, _) => "-".into(),
    }
}

/// Milliseconds in the most readable unit.
fn human_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 1.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{:.0} µs", ms * 1000.0)
    }
}

/// Width of the longest histogram bar.
const BAR_WIDTH: u64 = 40;

/// The report as text, in the sections ghz and oha print.
pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_text(&mut out, report);
    out
}

fn write_text(out: &mut String, r: &Report) -> fmt::Result {
    writeln!(out, "Summary:")?;
    writeln!(out, "  Count:        {}", r.count)?;
    writeln!(out, "  Total:        {}", human_ms(r.total_ms))?;
    if r.count > 0 {
        writeln!(out, "  Slowest:      {}", human_ms(r.slowest_ms))?;
        writeln!(out, "  Fastest:      {}", human_ms(r.fastest_ms))?;
        writeln!(out, "  Average:      {}", human_ms(r.average_ms))?;
    }
    writeln!(out, "  Requests/sec: {:.2}", r.rate_per_sec)?;
    if r.failed_attempts > 0 {
        writeln!(
            out,
            "  Failed attempts: {} (retries included)",
            r.failed_attempts
        )?;
    }
    if r.active_at_end > 0 {
        writeln!(out, "  In flight at the end: {}", r.active_at_end)?;
    }
    writeln!(out, "  Stop reason:  {}", r.stop_reason)?;

    if !r.histogram.is_empty() {
        writeln!(out)?;
        writeln!(out, "Response time histogram:")?;
        let max = r
            .histogram
            .iter()
            .map(|b| b.count)
            .max()
            .unwrap_or(0)
            .max(1);
        let marks: Vec<String> = r
            .histogram
            .iter()
            .map(|b| format!("{:.3}", b.mark_ms))
            .collect();
        let counts: Vec<String> = r
            .histogram
            .iter()
            .map(|b| format!("[{}]", b.count))
            .collect();
        let mark_w = marks.iter().map(String::len).max().unwrap_or(0);
        let count_w = counts.iter().map(String::len).max().unwrap_or(0);
        for ((b, mark), count) in r.histogram.iter().zip(&marks).zip(&counts) {
            let bar = "∎".repeat(usize::try_from(b.count * BAR_WIDTH / max).unwrap_or(0));
            writeln!(out, "  {mark:>mark_w$} ms {count:<count_w$} |{bar}")?;
        }
    }

    if !r.latency_distribution.is_empty() {
        writeln!(out)?;
        writeln!(out, "Latency distribution:")?;
        for p in &r.latency_distribution {
            let pct = format!("{}", p.percentile);
            writeln!(out, "  {pct:>4} % in {}", human_ms(p.latency_ms))?;
        }
    }

    if !r.status_distribution.is_empty() {
        writeln!(out)?;
        writeln!(out, "Status distribution:")?;
        let labels: Vec<String> = r
            .status_distribution
            .iter()
            .map(|s| format!("[{}]", s.status))
            .collect();
        let w = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        for (s, label) in r.status_distribution.iter().zip(&labels) {
            let noun = if s.count == 1 {
                "response"
            } else {
                "responses"
            };
            writeln!(out, "  {label:<w$} {} {noun}", s.count)?;
        }
    }

    if !r.error_distribution.is_empty() {
        writeln!(out)?;
        writeln!(out, "Error distribution:")?;
        let counts: Vec<String> = r
            .error_distribution
            .iter()
            .map(|e| format!("[{}]", e.count))
            .collect();
        let w = counts.iter().map(String::len).max().unwrap_or(0);
        for (e, count) in r.error_distribution.iter().zip(&counts) {
            // Messages come from providers (exception texts): hostile data, like the registry.
            writeln!(out, "  {count:<w$} {}", sanitize(&e.message))?;
        }
    }

    if !r.providers.is_empty() {
        writeln!(out)?;
        writeln!(out, "Providers:")?;
        let rows: Vec<[String; 7]> = r
            .providers
            .iter()
            .map(|p| {
                [
                    sanitize(&p.address),
                    sanitize(&protocol_cell(p)),
                    p.weight
                        .map(|w| w.to_string())
                        .unwrap_or_else(|| "-".into()),
                    p.calls.to_string(),
                    format!("{:.1} %", p.share * 100.0),
                    p.errors.to_string(),
                    if p.calls == 0 {
                        "-".into()
                    } else {
                        human_ms(p.mean_latency_ms)
                    },
                ]
            })
            .collect();
        let header = [
            "Address", "Protocol", "Weight", "Calls", "Share", "Errors", "Mean",
        ];
        let mut widths = header.map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let [aw, pw, ww, cw, sw, ew, mw] = widths;
        writeln!(
            out,
            "  {:<aw$}  {:<pw$}  {:>ww$}  {:>cw$}  {:>sw$}  {:>ew$}  {:>mw$}",
            header[0], header[1], header[2], header[3], header[4], header[5], header[6]
        )?;
        for [a, p, w, c, s, e, m] in &rows {
            writeln!(
                out,
                "  {a:<aw$}  {p:<pw$}  {w:>ww$}  {c:>cw$}  {s:>sw$}  {e:>ew$}  {m:>mw$}"
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::cluster::report::fixtures::{mixed, three_expected};
    use crate::cluster::report::ErrorCount;
    use crate::cluster::{LoadRecorder, StopReason};

    #[test]
    fn an_empty_report_has_no_histogram() {
        let rep = LoadRecorder::new().report(Duration::from_secs(1), StopReason::Error);
        let text = render_text(&rep);
        assert!(text.contains("Count:        0"), "{text}");
        assert!(text.contains("Stop reason:  error"), "{text}");
        assert!(!text.contains("histogram"), "{text}");
    }

    #[test]
    fn a_provider_of_unknown_protocol_shows_a_dash() {
        let mut rep = mixed().report(Duration::from_secs(2), StopReason::Done);
        rep.set_protocol("10.0.0.2:20880", "tri", Some("json"));
        assert!(render_text(&rep).contains("\n  10.0.0.1:20880  -          "));
    }

    #[test]
    fn text_has_every_section() {
        let mut rep = mixed().report(Duration::from_secs(2), StopReason::Done);
        rep.set_protocol("10.0.0.1:20880", "dubbo", None);
        rep.set_protocol("10.0.0.2:20880", "tri", Some("grpc"));
        let text = render_text(&rep);
        let expected = "\
Summary:
  Count:        6
  Total:        2.00 s
  Slowest:      1.00 s
  Fastest:      2.00 ms
  Average:      335.67 ms
  Requests/sec: 3.00
  Failed attempts: 3 (retries included)
  Stop reason:  done

Response time histogram:
   101.800 ms [4] |∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎
   201.600 ms [0] |
   301.400 ms [0] |
   401.200 ms [0] |
   501.000 ms [0] |
   600.800 ms [0] |
   700.600 ms [0] |
   800.400 ms [0] |
   900.200 ms [0] |
  1000.000 ms [2] |∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎

Latency distribution:
    10 % in 2.00 ms
    25 % in 3.00 ms
    50 % in 4.00 ms
    75 % in 1.00 s
    90 % in 1.00 s
    95 % in 1.00 s
    99 % in 1.00 s
  99.9 % in 1.00 s

Status distribution:
  [OK]             3 responses
  [CLIENT_TIMEOUT] 2 responses
  [BIZ_EXCEPTION]  1 response

Error distribution:
  [2] timeout after 1000 ms
  [1] java.lang.IllegalArgumentException: bad id

Providers:
  Address         Protocol    Weight  Calls   Share  Errors       Mean
  10.0.0.1:20880  dubbo            -      2  33.3 %       0    3.00 ms
  10.0.0.2:20880  tri (grpc)       -      4  66.7 %       3  502.00 ms
";
        assert_eq!(text, expected);
    }

    #[test]
    fn expected_providers_show_as_zero_rows_and_errors_are_escaped() {
        let rep = three_expected();
        let mut hostile = rep.clone();
        hostile.error_distribution = vec![ErrorCount {
            message: "remote: \u{1b}]0;owned\u{7} \u{9b}2J \u{202e}".into(),
            count: 1,
        }];
        let text = render_text(&hostile);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n') && !text.contains('\u{202e}'),
            "{text:?}"
        );
        assert!(
            text.contains("remote: \\x1b]0;owned\\x07 \\x9b2J \\u{202e}"),
            "{text}"
        );
        let text = render_text(&rep);
        assert!(text.contains("Stop reason:  interrupted"), "{text}");
        assert!(
            text.contains("10.0.0.3:20880  -            100      0   0.0 %       0        -"),
            "{text}"
        );
    }

    #[test]
    fn the_header_names_the_run_and_its_pace() {
        let run = LoadRun {
            service: "com.x.A\u{1b}[2J",
            method: "m",
            balancer: "random",
            cluster: "failover",
            concurrency: 8,
            connections: 1,
            rps: Some(50.0),
        };
        assert_eq!(
            header_line(&run, 3),
            "com.x.A\\x1b[2J.m: 3 call(s), concurrency 8, balancer random, at most 50 calls/s"
        );
        let free = LoadRun {
            rps: None,
            connections: 4,
            ..run
        };
        assert!(
            header_line(&free, 3)
                .ends_with("concurrency 8, 4 connections per provider, balancer random"),
            "{}",
            header_line(&free, 3)
        );
    }
}
