//! Dubbo 2.7's telnet console on the Dubbo port, as far as `svcctl top` uses it: the reply to
//! `count <service>` (live-stats spec §1). Pure: the bytes a probe read in, typed answers out.
//!
//! A reply is whatever the provider printed between the command and its next prompt. The prompt
//! is `dubbo>` on a fresh connection and `telnet>` after a command (both may be configured away,
//! so the end of a reply is also the end of the stream).

/// Prompts a Dubbo provider prints after a command (and on connect).
pub const PROMPTS: [&str; 2] = ["telnet>", "dubbo>"];

/// The column names of `TelnetUtils.toTable` for `count` on a provider, in order.
pub const COUNT_COLUMNS: [&str; 6] = ["method", "total", "failed", "active", "average", "max"];

/// Longest method name kept; anything longer is hostile or garbage.
const MAX_NAME: usize = 512;
/// Most method rows kept from one table (a Java interface with more is not a real one).
const MAX_ROWS: usize = 4096;

/// One row of the `count` table. `total`, `failed`, `average_ms` and `max_ms` are cumulative
/// since the provider started; `active` is the number of calls in flight now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodCount {
    pub method: String,
    pub total: u64,
    pub failed: u64,
    pub active: u64,
    pub average_ms: u64,
    pub max_ms: u64,
}

/// What a provider answered to `count`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountReply {
    /// The table (the last one, if `times` made it print several).
    Table(Vec<MethodCount>),
    /// `Command: count disabled for security reasons, ...` (2.7.13+ without `telnet=count`).
    Disabled(String),
    /// `No such service ...`: the provider does not export what we named.
    NoSuchService(String),
    /// `Foreign Ip Not Permitted.` (a QoS port with `acceptForeignIp=false`).
    Forbidden(String),
    /// `Unsupported command: count` and the like.
    Unsupported(String),
    /// Anything else: the first line, trimmed and bounded (not sanitized: the caller's output
    /// layer does that).
    Other(String),
}

/// The prompts that end a reply: Dubbo's own two, and first the provider's `prompt` URL
/// parameter when it sets one (`<dubbo:protocol prompt="...">`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prompts<'a> {
    custom: Option<&'a str>,
}

impl<'a> Prompts<'a> {
    /// Dubbo's prompts plus `custom` (trimmed; an empty one is no prompt).
    pub fn with(custom: Option<&'a str>) -> Prompts<'a> {
        Prompts {
            custom: custom.map(str::trim).filter(|p| !p.is_empty()),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &'a str> {
        self.custom.into_iter().chain(PROMPTS)
    }
}

/// Whether `buf` (what was read after sending a command) holds a complete reply: some text
/// followed by a prompt. Leading prompts (the greeting `dubbo>`, or the prompt answering an
/// empty line) do not count as a reply.
pub fn reply_complete(buf: &[u8]) -> bool {
    reply_complete_with(buf, Prompts::default())
}

/// [`reply_complete`] for a provider with its own prompt.
pub fn reply_complete_with(buf: &[u8], prompts: Prompts<'_>) -> bool {
    let text = String::from_utf8_lossy(buf);
    let body = strip_leading_prompts(&text, prompts);
    let trimmed = body.trim_end_matches([' ', '\r', '\n', '\t']);
    prompts.iter().any(|p| {
        trimmed
            .strip_suffix(p)
            .is_some_and(|before| !before.trim().is_empty())
    })
}

fn strip_leading_prompts<'s>(mut s: &'s str, prompts: Prompts<'_>) -> &'s str {
    loop {
        let t = s.trim_start_matches([' ', '\r', '\n', '\t']);
        match prompts.iter().find_map(|p| t.strip_prefix(p)) {
            Some(rest) => s = rest,
            None => return t,
        }
    }
}

/// The reply text without prompts: leading prompts and a trailing one removed.
fn reply_text(buf: &[u8], prompts: Prompts<'_>) -> String {
    let text = String::from_utf8_lossy(buf);
    let mut body = strip_leading_prompts(&text, prompts).trim_end();
    for p in prompts.iter() {
        if let Some(b) = body.strip_suffix(p) {
            body = b.trim_end();
            break;
        }
    }
    body.to_string()
}

/// Classifies and parses the reply to `count` (prompts may still be in `buf`).
pub fn parse_count_reply(buf: &[u8]) -> CountReply {
    parse_count_reply_with(buf, Prompts::default())
}

/// [`parse_count_reply`] for a provider with its own prompt.
pub fn parse_count_reply_with(buf: &[u8], prompts: Prompts<'_>) -> CountReply {
    let text = reply_text(buf, prompts);
    if let Some(rows) = parse_count_table(&text) {
        return CountReply::Table(rows);
    }
    let first = first_line(&text);
    if first.starts_with("Command: ") && first.contains("disabled") {
        CountReply::Disabled(first)
    } else if first.starts_with("No such service") {
        CountReply::NoSuchService(first)
    } else if first.contains("Foreign Ip Not Permitted") {
        CountReply::Forbidden(first)
    } else if first.starts_with("Unsupported command") {
        CountReply::Unsupported(first)
    } else {
        CountReply::Other(first)
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    crate::output::truncate(line.unwrap_or(""), 200)
}

/// Parses the last `count` table in `text`: a header row naming [`COUNT_COLUMNS`] (any order,
/// extra columns ignored), then data rows until a border or the end. `None` when there is no
/// header or a data row does not parse (a half-read table is not a table).
pub fn parse_count_table(text: &str) -> Option<Vec<MethodCount>> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let header_at = lines.iter().rposition(|l| is_header(l))?;
    let header = cells(lines[header_at]);
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let idx: Vec<usize> = COUNT_COLUMNS
        .iter()
        .map(|c| col(c))
        .collect::<Option<Vec<_>>>()?;
    let mut rows = Vec::new();
    let mut seen_data = false;
    for line in &lines[header_at + 1..] {
        if line.starts_with('+') {
            // The border under the header, then the one closing the table.
            if seen_data {
                break;
            }
            continue;
        }
        if !line.starts_with('|') {
            if line.is_empty() || is_prompt(line) {
                break;
            }
            return None;
        }
        seen_data = true;
        let c = cells(line);
        if c.len() < header.len() || rows.len() >= MAX_ROWS {
            return None;
        }
        let method = c[idx[0]];
        if method.is_empty() || method.len() > MAX_NAME {
            return None;
        }
        rows.push(MethodCount {
            method: method.to_string(),
            total: number(c[idx[1]])?,
            failed: number(c[idx[2]])?,
            active: number(c[idx[3]])?,
            average_ms: millis(c[idx[4]])?,
            max_ms: millis(c[idx[5]])?,
        });
    }
    Some(rows)
}

fn is_prompt(line: &str) -> bool {
    PROMPTS.iter().any(|p| line.starts_with(p))
}

fn is_header(line: &str) -> bool {
    line.starts_with('|') && {
        let c = cells(line);
        c.first().is_some_and(|m| m.eq_ignore_ascii_case("method"))
            && c.iter().any(|h| h.eq_ignore_ascii_case("active"))
    }
}

/// The cells of `| a | b |`, trimmed.
fn cells(line: &str) -> Vec<&str> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(str::trim).collect()
}

fn number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `400ms` (TelnetUtils prints a unit), or a bare number.
fn millis(s: &str) -> Option<u64> {
    number(s.strip_suffix("ms").unwrap_or(s).trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec's table (§1), as a 2.7.23 provider sends it, closed and followed by the prompt.
    const SPEC_TABLE: &str = "+--------------+-------+--------+--------+---------+-------+\r\n\
| method       | total | failed | active | average | max   |\r\n\
+--------------+-------+--------+--------+---------+-------+\r\n\
| pause        | 232   | 0      | 8      | 400ms   | 404ms |\r\n\
| sayHello     | 17    | 2      | 0      | 1ms     | 9ms   |\r\n\
+--------------+-------+--------+--------+---------+-------+\r\n\
\r\ntelnet>";

    #[test]
    fn parses_the_spec_table() {
        let buf = format!("dubbo>{SPEC_TABLE}");
        assert!(reply_complete(buf.as_bytes()));
        let CountReply::Table(rows) = parse_count_reply(buf.as_bytes()) else {
            panic!("not a table: {:?}", parse_count_reply(buf.as_bytes()));
        };
        assert_eq!(
            rows,
            vec![
                MethodCount {
                    method: "pause".into(),
                    total: 232,
                    failed: 0,
                    active: 8,
                    average_ms: 400,
                    max_ms: 404,
                },
                MethodCount {
                    method: "sayHello".into(),
                    total: 17,
                    failed: 2,
                    active: 0,
                    average_ms: 1,
                    max_ms: 9,
                },
            ]
        );
    }

    #[test]
    fn the_greeting_prompt_alone_is_not_a_reply() {
        assert!(!reply_complete(b"dubbo>"));
        assert!(!reply_complete(b"\r\ndubbo> \r\ntelnet>"));
        assert!(!reply_complete(b"+----+\r\n| method |"));
        assert!(reply_complete(b"No such service Foo\r\ntelnet>"));
        assert!(reply_complete(b"dubbo>No such service Foo\r\ndubbo>"));
    }

    #[test]
    fn a_providers_own_prompt_ends_a_reply_too() {
        let shop = Prompts::with(Some("shop> "));
        let reply = b"No such service Foo\r\nshop> ";
        assert!(!reply_complete(reply));
        assert!(reply_complete_with(reply, shop));
        assert!(
            !reply_complete_with(b"shop> ", shop),
            "a greeting is no reply"
        );
        assert_eq!(
            parse_count_reply_with(reply, shop),
            CountReply::NoSuchService("No such service Foo".into())
        );
        // Dubbo's own still end it, and an empty prompt is none.
        assert!(reply_complete_with(b"No such service Foo\r\ntelnet>", shop));
        assert_eq!(Prompts::with(Some("  ")), Prompts::default());
    }

    #[test]
    fn a_table_cut_before_its_border_still_parses_whole_rows() {
        let cut = "| method | total | failed | active | average | max |\r\n\
+---+\r\n| pause | 1 | 0 | 1 | 3ms | 3ms |\r\n";
        let CountReply::Table(rows) = parse_count_reply(cut.as_bytes()) else {
            panic!()
        };
        assert_eq!(rows.len(), 1);
        // A row cut in the middle is not taken.
        let half = "| method | total | failed | active | average | max |\r\n| pause | 1 | 0";
        assert!(matches!(
            parse_count_reply(half.as_bytes()),
            CountReply::Other(_)
        ));
    }

    #[test]
    fn the_last_of_repeated_tables_wins() {
        let two = SPEC_TABLE.replace("232", "1").replace("\r\ntelnet>", "") + SPEC_TABLE;
        let CountReply::Table(rows) = parse_count_reply(two.as_bytes()) else {
            panic!()
        };
        assert_eq!(rows[0].total, 232);
    }

    #[test]
    fn columns_are_found_by_name() {
        let t = "| method | max | active | total | failed | average | extra |\r\n\
| m | 5ms | 2 | 10 | 1 | 4ms | x |\r\n";
        let CountReply::Table(rows) = parse_count_reply(t.as_bytes()) else {
            panic!()
        };
        assert_eq!(
            (
                rows[0].total,
                rows[0].failed,
                rows[0].active,
                rows[0].average_ms,
                rows[0].max_ms
            ),
            (10, 1, 2, 4, 5)
        );
    }

    #[test]
    fn refusals_are_classified() {
        let disabled = "Command: count disabled for security reasons, please enable support by listing the commands through 'telnet'\r\ntelnet>";
        assert!(matches!(
            parse_count_reply(disabled.as_bytes()),
            CountReply::Disabled(m) if m.contains("security reasons")
        ));
        assert!(matches!(
            parse_count_reply(b"No such service com.example.Nope\r\ntelnet>"),
            CountReply::NoSuchService(m) if m == "No such service com.example.Nope"
        ));
        assert!(matches!(
            parse_count_reply(b"\r\nForeign Ip Not Permitted.\r\n"),
            CountReply::Forbidden(_)
        ));
        assert!(matches!(
            parse_count_reply(b"Unsupported command: count\r\ntelnet>"),
            CountReply::Unsupported(_)
        ));
        assert_eq!(parse_count_reply(b""), CountReply::Other(String::new()));
    }

    #[test]
    fn an_empty_table_has_no_rows() {
        let t = "+---+\r\n| method | total | failed | active | average | max |\r\n+---+\r\n+---+\r\ntelnet>";
        assert_eq!(
            parse_count_reply(t.as_bytes()),
            CountReply::Table(Vec::new())
        );
    }

    #[test]
    fn hostile_input_never_panics_and_is_bounded() {
        // Huge numbers, signs, control characters, a huge line, binary junk.
        let header = "| method | total | failed | active | average | max |\r\n";
        for row in [
            "| m | 99999999999999999999999 | 0 | 0 | 0ms | 0ms |",
            "| m | -1 | 0 | 0 | 0ms | 0ms |",
            "| m | 1 | 0 | 0 | 0 s | 0ms |",
            "| m | 1 | 0 |",
            "| | 1 | 0 | 0 | 0ms | 0ms |",
            "| m\u{1b}[2J | 1 | 0 | 0 | 0ms | 0ms | | | |",
        ] {
            let _ = parse_count_reply(format!("{header}{row}\r\n").as_bytes());
        }
        let long_name = format!(
            "{header}| {} | 1 | 0 | 0 | 0ms | 0ms |\r\n",
            "m".repeat(10_000)
        );
        assert!(!matches!(
            parse_count_reply(long_name.as_bytes()),
            CountReply::Table(_)
        ));
        let huge = "x".repeat(1 << 20);
        match parse_count_reply(huge.as_bytes()) {
            CountReply::Other(m) => assert!(m.chars().count() <= 201),
            other => panic!("{other:?}"),
        }
        let junk: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let _ = parse_count_reply(&junk);
        let _ = reply_complete(&junk);
        let many: String = std::iter::once(header.to_string())
            .chain((0..MAX_ROWS + 1).map(|i| format!("| m{i} | 1 | 0 | 0 | 0ms | 0ms |\r\n")))
            .collect();
        assert!(!matches!(
            parse_count_reply(many.as_bytes()),
            CountReply::Table(_)
        ));
        // Control characters in a method name are kept for the output layer to sanitize.
        let ctl = format!("{header}| a\u{7}b | 1 | 0 | 0 | 0ms | 0ms |\r\n");
        assert!(
            matches!(parse_count_reply(ctl.as_bytes()), CountReply::Table(r) if r[0].method == "a\u{7}b")
        );
    }
}
