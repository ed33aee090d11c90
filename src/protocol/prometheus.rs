//! The Prometheus text exposition format 0.0.4, as Dubbo 3's QoS `metrics` command and dubbo-go
//! serve it (live-stats spec §2). Pure: a body in, samples out.
//!
//! Our own small parser rather than a crate. The crates.io candidates do not fit:
//! `prometheus-parse` 0.2 splits label pairs on `,` and `=` without honouring quotes or escapes
//! (a label value holding `,` `=` `"` or `\n` comes out wrong) and pulls in regex and chrono;
//! `openmetrics-parser` 0.5 is LGPL-3.0 (this project is Apache-2.0) and brings a pest grammar.
//! The format is line-based and small; a strict parser is ~200 lines.
//!
//! Strict per line, tolerant per body: a line that breaks the grammar is skipped and counted in
//! [`Exposition::bad_lines`] (one odd series from some other library must not hide the Dubbo
//! ones), and nothing panics on any input.

/// Most labels kept on one sample; real Dubbo series have about eight.
const MAX_LABELS: usize = 64;
/// Longest metric or label name accepted.
const MAX_NAME: usize = 256;

/// One sample line: `name{labels} value [timestamp_ms]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    /// In the order written, escapes resolved.
    pub labels: Vec<(String, String)>,
    /// `NaN`, `+Inf` and `-Inf` are values too.
    pub value: f64,
    pub timestamp_ms: Option<i64>,
}

impl Sample {
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exposition {
    pub samples: Vec<Sample>,
    /// `# TYPE name kind` lines seen (for the families that were kept).
    pub types: Vec<(String, String)>,
    /// Lines that were neither blank, a comment nor a valid sample.
    pub bad_lines: usize,
    /// 1-based number and reason of the first bad line, for an error message.
    pub first_error: Option<(usize, &'static str)>,
}

/// Parses a whole body, keeping every sample.
pub fn parse(body: &str) -> Exposition {
    parse_filtered(body, |_| true)
}

/// Parses a body, keeping only samples (and TYPE lines) whose metric name passes `keep`; lines
/// of other families are still checked only as far as their name, so a JVM's hundreds of series
/// cost little.
pub fn parse_filtered(body: &str, keep: impl Fn(&str) -> bool) -> Exposition {
    let mut out = Exposition::default();
    for (i, raw) in body.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.trim_end().is_empty() {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            if let Some((name, kind)) = type_line(comment) {
                if keep(name) {
                    out.types.push((name.to_string(), kind.to_string()));
                }
            }
            continue;
        }
        let name_end = trimmed
            .find(|c: char| !is_name_char(c, true))
            .unwrap_or(trimmed.len());
        if name_end > 0 && !keep(&trimmed[..name_end]) {
            continue;
        }
        match parse_sample(trimmed) {
            Ok(s) => out.samples.push(s),
            Err(why) => {
                out.bad_lines += 1;
                if out.first_error.is_none() {
                    out.first_error = Some((i + 1, why));
                }
            }
        }
    }
    out
}

/// `TYPE name kind` after the `#`.
fn type_line(comment: &str) -> Option<(&str, &str)> {
    let mut words = comment.split_ascii_whitespace();
    if words.next()? != "TYPE" {
        return None;
    }
    let name = words.next()?;
    let kind = words.next()?;
    Some((name, kind))
}

fn is_name_char(c: char, metric: bool) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (metric && c == ':')
}

fn valid_name(s: &str, metric: bool) -> bool {
    !s.is_empty()
        && s.len() <= MAX_NAME
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| is_name_char(c, metric))
}

/// One sample line (leading blanks already gone).
pub fn parse_sample(line: &str) -> Result<Sample, &'static str> {
    let name_end = line
        .find(|c: char| !is_name_char(c, true))
        .unwrap_or(line.len());
    let name = &line[..name_end];
    if !valid_name(name, true) {
        return Err("bad metric name");
    }
    let mut rest = &line[name_end..];
    let mut labels = Vec::new();
    if let Some(after) = rest.strip_prefix('{') {
        let (parsed, tail) = parse_labels(after)?;
        labels = parsed;
        rest = tail;
    }
    if !rest.starts_with([' ', '\t']) {
        return Err("no value after the name");
    }
    let mut words = rest.split_ascii_whitespace();
    let value = parse_value(words.next().ok_or("no value")?)?;
    let timestamp_ms = match words.next() {
        None => None,
        Some(t) => Some(t.parse::<i64>().map_err(|_| "bad timestamp")?),
    };
    if words.next().is_some() {
        return Err("text after the timestamp");
    }
    Ok(Sample {
        name: name.to_string(),
        labels,
        value,
        timestamp_ms,
    })
}

type Labels = Vec<(String, String)>;

/// `a="x",b="y"}` (after the `{`; a trailing comma is allowed, as simpleclient writes it).
/// Returns the labels and the text after the `}`.
fn parse_labels(mut s: &str) -> Result<(Labels, &str), &'static str> {
    let mut labels = Vec::new();
    loop {
        s = s.trim_start_matches([' ', '\t']);
        if let Some(rest) = s.strip_prefix('}') {
            return Ok((labels, rest));
        }
        let name_end = s.find(|c: char| !is_name_char(c, false)).unwrap_or(s.len());
        let name = &s[..name_end];
        if !valid_name(name, false) {
            return Err("bad label name");
        }
        s = s[name_end..].trim_start_matches([' ', '\t']);
        s = s.strip_prefix('=').ok_or("no '=' after a label name")?;
        s = s.trim_start_matches([' ', '\t']);
        s = s.strip_prefix('"').ok_or("label value not quoted")?;
        let (value, rest) = label_value(s)?;
        if labels.len() >= MAX_LABELS {
            return Err("too many labels");
        }
        labels.push((name.to_string(), value));
        s = rest.trim_start_matches([' ', '\t']);
        if let Some(rest) = s.strip_prefix(',') {
            s = rest;
        } else if !s.starts_with('}') {
            return Err("expected ',' or '}' after a label value");
        }
    }
}

/// A label value up to its closing quote: `\\`, `\"` and `\n` are the only escapes.
fn label_value(s: &str) -> Result<(String, &str), &'static str> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[i + 1..])),
            '\\' => match chars.next() {
                Some((_, '\\')) => out.push('\\'),
                Some((_, '"')) => out.push('"'),
                Some((_, 'n')) => out.push('\n'),
                _ => return Err("bad escape in a label value"),
            },
            c => out.push(c),
        }
    }
    Err("unterminated label value")
}

/// Go's `ParseFloat` spellings: decimals, exponents, `NaN`, `+Inf`, `-Inf`.
fn parse_value(s: &str) -> Result<f64, &'static str> {
    match s {
        "NaN" => return Ok(f64::NAN),
        "+Inf" | "Inf" => return Ok(f64::INFINITY),
        "-Inf" => return Ok(f64::NEG_INFINITY),
        _ => {}
    }
    // Rust would also take "inf", "infinity" and "nan" in any case; the format does not.
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return Err("bad value");
    }
    s.parse::<f64>().map_err(|_| "bad value")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Shaped like the QoS `metrics` answer of a Dubbo 3.2 provider (micrometer's simpleclient
    /// writer: trailing comma in the label set, values as doubles), trimmed to a few families.
    pub(crate) const DUBBO_32: &str = include_str!("../../fixtures/metrics-dubbo-3.2.txt");

    #[test]
    fn parses_a_dubbo_32_body() {
        let e = parse(DUBBO_32);
        assert_eq!(e.bad_lines, 0, "{:?}", e.first_error);
        assert_eq!(e.samples.len(), 8);
        let s = &e.samples[1];
        assert_eq!(s.name, "dubbo_provider_requests_processing_total");
        assert_eq!(
            s.label("interface"),
            Some("org.apache.dubbo.demo.DemoService")
        );
        assert_eq!(s.label("method"), Some("sayHello"));
        assert_eq!(s.label("group"), Some(""));
        assert_eq!(s.labels.len(), 8);
        assert_eq!(s.value, 3.0);
        assert!(e.samples[7].value.is_nan());
        assert!(e
            .types
            .contains(&("dubbo_provider_requests_total".into(), "counter".into())));
    }

    #[test]
    fn the_filter_skips_other_families() {
        let e = parse_filtered(DUBBO_32, |n| n.starts_with("dubbo_provider_"));
        assert_eq!(e.samples.len(), 7);
        assert!(e.types.iter().all(|(n, _)| n.starts_with("dubbo_")));
    }

    #[test]
    fn escapes_timestamps_and_special_values() {
        let body = "a{x=\"q\\\"uote\\\\back\\nline,=}\"} +Inf 1700000000000\n\
                    b -Inf\n\
                    c{} 1e3\n\
                    d{ y = \"1\" , } -0.5\r\n\
                    # a plain comment\n\
                    #TYPE e gauge\n";
        let e = parse(body);
        assert_eq!(e.bad_lines, 0, "{:?}", e.first_error);
        assert_eq!(e.samples[0].label("x"), Some("q\"uote\\back\nline,=}"));
        assert_eq!(e.samples[0].value, f64::INFINITY);
        assert_eq!(e.samples[0].timestamp_ms, Some(1_700_000_000_000));
        assert_eq!(e.samples[1].value, f64::NEG_INFINITY);
        assert_eq!(e.samples[2].value, 1000.0);
        assert_eq!(e.samples[3].label("y"), Some("1"));
        assert_eq!(e.types, vec![("e".to_string(), "gauge".to_string())]);
    }

    #[test]
    fn bad_lines_are_counted_not_fatal() {
        let body = "good 1\n\
                    9bad 1\n\
                    nolabelclose{a=\"1\" 2\n\
                    unquoted{a=1} 2\n\
                    badescape{a=\"\\t\"} 2\n\
                    novalue\n\
                    novalue2{a=\"1\"}\n\
                    word{a=\"1\"} infinity\n\
                    extra 1 2 3\n\
                    ts 1 notatime\n\
                    glued{a=\"1\"}2\n\
                    also_good{a=\"\"} 0\n";
        let e = parse(body);
        let names: Vec<&str> = e.samples.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["good", "also_good"]);
        assert_eq!(e.bad_lines, 10);
        assert_eq!(e.first_error, Some((2, "bad metric name")));
    }

    #[test]
    fn hostile_bodies_never_panic() {
        let huge_value = format!("m{{a=\"{}\"}} 1\n", "v".repeat(1 << 20));
        assert_eq!(parse(&huge_value).samples.len(), 1);
        let huge_name = format!("{} 1\n", "n".repeat(10_000));
        assert_eq!(parse(&huge_name).bad_lines, 1);
        let many_labels: String = (0..100).map(|i| format!("l{i}=\"x\",")).collect();
        assert_eq!(parse(&format!("m{{{many_labels}}} 1")).bad_lines, 1);
        for junk in [
            "{",
            "}",
            "m{",
            "m{a",
            "m{a=",
            "m{a=\"",
            "m{a=\"\\",
            "m{a=\"é\\",
            "\u{0}\u{1b}[2J 1",
            "m{a=\"\u{1b}]0;x\u{7}\"} 1",
            "# TYPE",
            "#",
            "m 1 99999999999999999999999",
        ] {
            let _ = parse(junk);
        }
        // Control characters in values survive parsing; the output layer escapes them.
        let e = parse("m{a=\"\u{1b}[31m\"} 1");
        assert_eq!(e.samples[0].label("a"), Some("\u{1b}[31m"));
        let binary: String =
            String::from_utf8_lossy(&(0..=255u8).cycle().take(50_000).collect::<Vec<u8>>())
                .into_owned();
        let _ = parse(&binary);
    }
}
