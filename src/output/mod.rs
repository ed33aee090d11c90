//! Everything that turns values into text: formats, tables, colour, sanitising, and the stable
//! JSON documents.

pub mod host;
pub mod invoke;
pub mod json;
pub mod list;
pub mod load;
pub mod mutation;
pub mod remote;
pub mod sanitize;
pub mod service;
pub mod top;
pub mod watch;

use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use comfy_table::{presets, Cell, ContentArrangement, Table};

pub use sanitize::{sanitize, truncate};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned columns for people
    #[default]
    Table,
    /// Table with more columns
    Wide,
    /// One JSON document
    Json,
    /// One JSON object per line (watch events, streams)
    Jsonl,
    /// One name per line, for pipelines
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Text styles; all empty unless colour is on, so printing code never branches on colour.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    pub good: (&'static str, &'static str),
    pub bad: (&'static str, &'static str),
    pub warn: (&'static str, &'static str),
    pub dim: (&'static str, &'static str),
    pub bold: (&'static str, &'static str),
}

impl Styles {
    pub fn new(choice: ColorChoice, is_tty: bool) -> Styles {
        let on = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_tty
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map(|t| t != "dumb").unwrap_or(true)
            }
        };
        if !on {
            return Styles::default();
        }
        const RESET: &str = "\x1b[0m";
        Styles {
            good: ("\x1b[32m", RESET),
            bad: ("\x1b[31;1m", RESET),
            warn: ("\x1b[33m", RESET),
            dim: ("\x1b[2m", RESET),
            bold: ("\x1b[1m", RESET),
        }
    }

    pub fn paint(style: (&str, &str), text: &str) -> String {
        if style.0.is_empty() {
            text.to_string()
        } else {
            format!("{}{}{}", style.0, text, style.1)
        }
    }
}

/// Where results go. Writes to stdout and turns a closed pipe (`svcctl ls | head`) into a quiet
/// exit instead of an error.
pub struct Out {
    pub format: Format,
    pub styles: Styles,
    pub no_headers: bool,
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    buffer: Option<Vec<u8>>,
}

impl Out {
    pub fn new(format: Format, color: ColorChoice, no_headers: bool) -> Out {
        let stdout_tty = std::io::stdout().is_terminal();
        Out {
            format,
            styles: Styles::new(color, stdout_tty),
            no_headers,
            stdout_tty,
            stderr_tty: std::io::stderr().is_terminal(),
            buffer: None,
        }
    }

    /// An `Out` that collects what would be printed (for in-process tests).
    pub fn capture(format: Format) -> Out {
        Out {
            format,
            styles: Styles::default(),
            no_headers: false,
            stdout_tty: false,
            stderr_tty: false,
            buffer: Some(Vec::new()),
        }
    }

    pub fn captured(&self) -> String {
        String::from_utf8_lossy(self.buffer.as_deref().unwrap_or_default()).into_owned()
    }

    pub fn write_str(&mut self, s: &str) -> Result<()> {
        self.write_bytes(s.as_bytes())
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        if let Some(b) = &mut self.buffer {
            b.extend_from_slice(bytes);
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(bytes)
            .and_then(|_| stdout.flush())
            .map_err(write_error)
    }

    pub fn line(&mut self, s: &str) -> Result<()> {
        self.write_str(&format!("{s}\n"))
    }

    /// One JSON document: indented, or on one line with `-o jsonl`.
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> Result<()> {
        self.json_as(value, self.format != Format::Jsonl)
    }

    /// One JSON value on one line, whatever the format (stream events).
    pub fn json_line<T: serde::Serialize>(&mut self, value: &T) -> Result<()> {
        self.json_as(value, false)
    }

    /// Every JSON svcctl prints goes through here, so every document is terminal-safe.
    pub fn json_as<T: serde::Serialize>(&mut self, value: &T, pretty: bool) -> Result<()> {
        let encode_error = |e: serde_json::Error| match e.io_error_kind() {
            Some(_) => write_error(std::io::Error::from(e)),
            None => Error::other(format!("cannot encode JSON: {e}")),
        };
        if self.buffer.is_some() {
            let mut buf = Vec::new();
            json::write_into(value, pretty, &mut buf).map_err(encode_error)?;
            buf.push(b'\n');
            return self.write_bytes(&buf);
        }
        // Streamed, not built whole first: `top -b` writes a snapshot of tens of MB a second at
        // 100,000 providers, and a buffer holding one (64 MB once grown) was its largest
        // allocation.
        let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        json::write_into(value, pretty, &mut w).map_err(encode_error)?;
        w.write_all(b"\n")
            .and_then(|_| w.flush())
            .map_err(write_error)
    }

    /// One JSON line that `write` encodes itself, as [`Out::json_as`] would have (the
    /// newline is added here): `top -b -o jsonl`'s snapshot, which writes in large chunks.
    pub fn json_line_with(
        &mut self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        if let Some(b) = &mut self.buffer {
            write(b).map_err(write_error)?;
            b.push(b'\n');
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        write(&mut stdout)
            .and_then(|_| stdout.write_all(b"\n"))
            .and_then(|_| stdout.flush())
            .map_err(write_error)
    }

    pub fn table(&mut self, headers: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
        let text = render_table(headers, rows, self.no_headers, self.stdout_tty);
        if !text.is_empty() {
            self.line(&text)?;
        }
        Ok(())
    }

    pub fn wide(&self) -> bool {
        self.format == Format::Wide
    }

    pub fn is_json(&self) -> bool {
        matches!(self.format, Format::Json | Format::Jsonl)
    }
}

/// A failed write to stdout; a closed pipe (`svcctl ls | head`) is a quiet exit.
fn write_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::broken_pipe()
    } else {
        Error::from(e)
    }
}

/// Borderless, whitespace-aligned, UPPERCASE headers: survives grep/awk. Cells are sanitised here
/// so no caller can forget.
pub fn render_table(
    headers: &[&str],
    rows: Vec<Vec<String>>,
    no_headers: bool,
    tty: bool,
) -> String {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    table.set_content_arrangement(if tty {
        ContentArrangement::Dynamic
    } else {
        ContentArrangement::Disabled
    });
    if !no_headers {
        table.set_header(headers.iter().map(|h| Cell::new(h.to_uppercase())));
    }
    for row in rows {
        table.add_row(row.iter().map(|c| Cell::new(sanitize(c))));
    }
    if rows_empty(&table) && no_headers {
        return String::new();
    }
    // comfy-table pads every cell by one space on the left; strip it so columns start at 0.
    table
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(&l).trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn rows_empty(t: &Table) -> bool {
    t.row_count() == 0
}

/// A progress bar on stderr, only when stderr is a terminal and the work is big enough to notice.
pub fn progress(out: &Out, len: usize, what: &str) -> Option<indicatif::ProgressBar> {
    if !out.stderr_tty || len < 200 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len} [{bar:30}] {per_sec}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    Some(bar)
}

/// Reports registry data that could not be used, one line each on stderr.
pub fn warn_problems(problems: &[crate::registry::model::Problem]) {
    for p in problems {
        eprintln!("{}", problem_line(p));
    }
}

/// The warning for a registry node or path svcctl could not use; all of it may be registry data.
pub fn problem_line(p: &crate::registry::model::Problem) -> String {
    format!(
        "svcctl: warning: skipped {}: {}",
        sanitize(&p.path),
        sanitize(&p.error)
    )
}

/// Human durations for tables: `3d4h`, `12m`, `45s`.
pub fn short_duration(ms: i64) -> String {
    if ms < 0 {
        return "-".into();
    }
    let s = ms / 1000;
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    if d > 0 {
        format!("{d}d{h}h")
    } else if h > 0 {
        format!("{h}h{m}m")
    } else if m > 0 {
        format!("{m}m{}s", s % 60)
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_borderless_and_sanitised() {
        let t = render_table(
            &["service", "providers"],
            vec![
                vec!["com.x.A".into(), "2".into()],
                vec!["evil\x1b[2J".into(), "1".into()],
            ],
            false,
            false,
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "SERVICE      PROVIDERS");
        assert_eq!(lines[1], "com.x.A      2");
        assert_eq!(lines[2], "evil\\x1b[2J  1");
    }

    #[test]
    fn durations() {
        assert_eq!(short_duration(45_000), "45s");
        assert_eq!(short_duration(125_000), "2m5s");
        assert_eq!(short_duration(3 * 3_600_000 + 60_000), "3h1m");
        assert_eq!(short_duration(2 * 86_400_000 + 3_600_000), "2d1h");
        assert_eq!(short_duration(-5), "-");
    }

    #[test]
    fn no_color_means_plain_styles() {
        assert_eq!(Styles::new(ColorChoice::Never, true).good.0, "");
        assert_eq!(Styles::new(ColorChoice::Always, false).good.0, "\x1b[32m");
    }
}

/// `2026-11-25T16:04:05Z` from epoch milliseconds (UTC), without a date library.
pub fn iso_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        tod / 3600,
        (tod % 3600) / 60,
        tod % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod time_tests {
    #[test]
    fn iso_times() {
        assert_eq!(super::iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::iso_time(1_700_000_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(super::iso_time(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(super::iso_time(-1000), "1969-12-31T23:59:59Z");
    }
}
