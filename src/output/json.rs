//! The stable JSON documents (`-o json` / `-o jsonl`). Field names are snake_case and only ever
//! added to; `schema_version` changes if a field's meaning changes. Documented in the README.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::registry::model::{Problem, ProviderView, RuleView, ServiceView};
use crate::registry::rules::RuleScope;
use crate::registry::DubboUrl;

pub const SCHEMA_VERSION: u32 = 1;

/// Encodes `value` as JSON (indented with `pretty`) the one way svcctl writes JSON: besides what
/// JSON requires, C1 controls and invisible format characters are written as `\uXXXX`, so a
/// document printed to a terminal cannot drive it. The value is unchanged for any JSON reader.
pub fn to_string<T: Serialize + ?Sized>(value: &T, pretty: bool) -> serde_json::Result<String> {
    let mut buf = Vec::with_capacity(256);
    write_into(value, pretty, &mut buf)?;
    // serde_json writes only UTF-8, and the escapes added below are ASCII.
    Ok(String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// [`to_string`] written to `buf`, a buffer or a stream: a `top -b` snapshot at 100,000
/// providers is tens of MB, better streamed than held whole.
pub fn write_into<T: Serialize + ?Sized, W: io::Write>(
    value: &T,
    pretty: bool,
    buf: &mut W,
) -> serde_json::Result<()> {
    if pretty {
        let mut ser = serde_json::Serializer::with_formatter(
            &mut *buf,
            TerminalSafe(PrettyFormatter::with_indent(b"  ")),
        );
        value.serialize(&mut ser)?;
    } else {
        let mut ser =
            serde_json::Serializer::with_formatter(&mut *buf, TerminalSafe(CompactFormatter));
        value.serialize(&mut ser)?;
    }
    Ok(())
}

/// `value` appended to `buf`, as [`write_into`] encodes it compactly: for a document laid out
/// by its caller, which encodes only the values this way (`output::top::write_jsonl`).
pub fn push_value<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *buf, TerminalSafe(CompactFormatter));
    value.serialize(&mut ser)
}

/// A string value, as [`push_value`] writes it: copied between quotes when nothing in it is
/// escaped (the usual case, checked a word at a time), else encoded.
pub fn push_str(buf: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    if plain(s.as_bytes()) {
        buf.reserve(s.len() + 2);
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
        Ok(())
    } else {
        push_value(buf, s)
    }
}

/// A string from svcctl's own code (a state's name, a fixed message), which needs no escape:
/// copied without the check, which for `top -b`'s five such fields per provider was a sixth
/// of the snapshot. Registry data is never `'static`.
pub fn push_static(buf: &mut Vec<u8>, s: &'static str) {
    debug_assert!(plain(s.as_bytes()), "{s:?} needs escaping: use push_str");
    buf.reserve(s.len() + 2);
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that is DEL (0x7f) or above, and maybe of bytes above one
/// that is: exact as to whether there is one. (Low seven bits + 1 never carries into the next
/// byte.)
fn del_or_above(x: u64) -> u64 {
    (x | ((x & !HIGH) + ONES)) & HIGH
}

/// Like [`del_or_above`] for bytes below `n` (n <= 0x80), the classic "has less" test.
fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * n as u64) & !x & HIGH
}

/// Whether a string's bytes need no escape at all, from serde_json (controls, `"`, `\`) or
/// from [`TerminalSafe`] (DEL and above, where every character it escapes starts).
fn plain(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        if del_or_above(x)
            | below(x, 0x20)
            | below(x ^ (ONES * b'"' as u64), 1)
            | below(x ^ (ONES * b'\\' as u64), 1)
            != 0
        {
            return false;
        }
    }
    words
        .remainder()
        .iter()
        .all(|b| (0x20..0x7f).contains(b) && *b != b'"' && *b != b'\\')
}

/// Whether every byte is below DEL (0x7f), a word at a time: a byte-wise loop here was a
/// quarter of a `top -b` snapshot's instructions.
fn below_del(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        if del_or_above(u64::from_le_bytes(w.try_into().expect("eight bytes"))) != 0 {
            return false;
        }
    }
    words.remainder().iter().all(|b| *b < 0x7f)
}

/// Wraps a formatter (compact or pretty) and escapes the extra characters inside strings and
/// keys. Layout is delegated unchanged.
struct TerminalSafe<F>(F);

impl<F: Formatter> Formatter for TerminalSafe<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Everything to escape is DEL or above: most text (addresses, names, numbers) is
        // checked eight bytes at a time, not decoded.
        if below_del(fragment.as_bytes()) {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if super::sanitize::json_needs_escape(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // Every such character is in the Basic Multilingual Plane: one \u unit.
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[derive(Debug, Serialize)]
pub struct ServiceList<'a> {
    pub schema_version: u32,
    pub registry: String,
    pub services: Vec<&'a ServiceSummary>,
    pub problems: Vec<ProblemJson>,
}

#[derive(Debug, Serialize)]
pub struct ServiceSummary {
    pub service: String,
    pub interface: String,
    pub group: Option<String>,
    pub version: Option<String>,
    pub providers: ProviderCounts,
    pub consumers: usize,
    pub applications: Vec<String>,
    /// How the providers are registered: `interface` (the `/dubbo/<interface>` tree),
    /// `application` (Dubbo 3 instances under `/services`) or `both`.
    pub discovery: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ProviderCounts {
    pub total: usize,
    pub enabled: usize,
    pub disabled: usize,
}

impl ServiceSummary {
    pub fn from_view(v: &ServiceView) -> ServiceSummary {
        let enabled = v.enabled_providers();
        ServiceSummary {
            service: v.key.to_string(),
            interface: v.key.interface.clone(),
            group: v.key.group.clone(),
            version: v.key.version.clone(),
            providers: ProviderCounts {
                total: v.providers.len(),
                enabled,
                disabled: v.providers.len() - enabled,
            },
            consumers: v.consumers.len(),
            applications: v.applications(),
            discovery: v.discovery().as_str(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ProblemJson {
    pub path: String,
    pub error: String,
}

impl From<&Problem> for ProblemJson {
    fn from(p: &Problem) -> Self {
        ProblemJson {
            path: p.path.clone(),
            error: p.error.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ServiceDetail {
    pub schema_version: u32,
    pub registry: String,
    pub service: String,
    pub interface: String,
    pub group: Option<String>,
    pub version: Option<String>,
    /// `interface`, `application` or `both`, as in `ls`.
    pub discovery: &'static str,
    pub providers: Vec<ProviderJson>,
    pub consumers: Vec<ConsumerJson>,
    pub rules: Vec<RuleJson>,
    pub methods: Vec<MethodJson>,
    /// Where the method list came from: `metadata` (2.7 report, signatures), `app-metadata`
    /// (Dubbo 3 application metadata, names) or `url` (provider URLs, names).
    pub methods_source: &'static str,
    pub problems: Vec<ProblemJson>,
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct ProviderJson {
    pub address: String,
    pub host: String,
    pub port: u16,
    pub protocol: String,
    pub application: Option<String>,
    pub group: Option<String>,
    pub version: Option<String>,
    /// Effective state after override rules.
    pub enabled: bool,
    /// Effective weight after override rules.
    pub weight: i32,
    /// The weight the provider registered (absent = default 100).
    pub registered_weight: Option<i32>,
    /// `static` (persistent node), `dynamic` (ephemeral node) or `unknown`.
    pub registration: &'static str,
    /// The node kind and the URL's `dynamic` flag disagree (often a zombie registration).
    pub registration_mismatch: bool,
    /// `interface`, `application` (a Dubbo 3 instance under `/services`) or `both`.
    pub discovery: &'static str,
    /// The instance node (`/services/<app>/<ip:port>`) of an application-level provider.
    pub instance: Option<String>,
    pub timestamp_ms: Option<i64>,
    pub uptime_ms: Option<i64>,
    pub warming_up: bool,
    /// The weight balancers use right now: `weight` scaled down while warming up (Dubbo 3.x formula).
    pub current_weight: i32,
    pub serialization: Option<String>,
    pub dubbo: Option<String>,
    pub release: Option<String>,
    pub methods: Vec<String>,
    /// Decoded URLs of the override rules that changed this provider, in the order applied.
    pub rules_applied: Vec<String>,
    /// The provider URL as registered (decoded once).
    pub url: String,
    /// The raw ZooKeeper node name.
    pub node: String,
}

impl ProviderJson {
    pub fn from_view(p: &ProviderView, rules: &[DubboUrl], now_ms: i64) -> ProviderJson {
        let u = &p.url;
        ProviderJson {
            address: u.address(),
            host: u.host.clone(),
            port: u.port,
            protocol: u.protocol.clone(),
            application: u.application().map(str::to_string),
            group: u.group().map(str::to_string),
            version: u.version().map(str::to_string),
            enabled: p.effective.enabled,
            weight: p.effective.weight,
            registered_weight: u.weight(),
            registration: p.registration.as_str(),
            registration_mismatch: p.registration_mismatch(),
            discovery: p.discovery.as_str(),
            instance: p.instance_path.clone(),
            timestamp_ms: u.timestamp_ms(),
            uptime_ms: p.uptime_ms(now_ms),
            warming_up: p.warming_up(now_ms),
            current_weight: crate::cluster::Candidate::from_provider(p).effective_weight(now_ms),
            serialization: u.nonempty("serialization").map(str::to_string),
            dubbo: u.nonempty("dubbo").map(str::to_string),
            release: u.nonempty("release").map(str::to_string),
            methods: u.methods().into_iter().map(str::to_string).collect(),
            rules_applied: p
                .effective
                .applied
                .iter()
                .filter_map(|i| rules.get(*i))
                .map(|r| r.to_full_string())
                .collect(),
            url: u.to_full_string(),
            // An application-level provider has no node of its own: its instance's node name.
            node: match (&p.instance_path, p.discovery) {
                (Some(path), crate::registry::Discovery::Application) => {
                    path.rsplit('/').next().unwrap_or_default().to_string()
                }
                _ => p.node_name.clone(),
            },
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct ConsumerJson {
    pub address: String,
    pub application: Option<String>,
    pub url: String,
}

impl From<&DubboUrl> for ConsumerJson {
    fn from(u: &DubboUrl) -> Self {
        ConsumerJson {
            address: u.address(),
            application: u.application().map(str::to_string),
            url: u.to_full_string(),
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct RuleJson {
    /// `configurators` or `routers`
    pub category: &'static str,
    /// `registry` (a node under the category directory) or `config-center`
    pub source: &'static str,
    pub url: String,
    pub node: String,
    pub targets: Vec<RuleTarget>,
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct RuleTarget {
    pub address: String,
    pub applies: bool,
    pub reason: Option<String>,
}

impl From<&RuleView> for RuleJson {
    fn from(r: &RuleView) -> Self {
        RuleJson {
            category: r.category.dir(),
            source: if r.config_center.is_some() {
                "config-center"
            } else {
                "registry"
            },
            url: r.url.to_full_string(),
            node: r.node_name.clone(),
            targets: r
                .targets
                .iter()
                .map(|(address, scope)| RuleTarget {
                    address: address.clone(),
                    applies: *scope == RuleScope::Applies,
                    reason: match scope {
                        RuleScope::Applies => None,
                        RuleScope::Skipped(why) => Some(why.clone()),
                    },
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct MethodJson {
    pub name: String,
    pub parameter_types: Option<Vec<String>>,
    pub return_type: Option<String>,
}

impl From<crate::registry::metadata::KnownMethod> for MethodJson {
    fn from(m: crate::registry::metadata::KnownMethod) -> MethodJson {
        MethodJson {
            name: m.name,
            parameter_types: m.parameter_types,
            return_type: m.return_type,
        }
    }
}

/// One line of `-w -o jsonl`.
#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct WatchEvent {
    /// `ADDED`, `REMOVED` or `MODIFIED`
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `provider`, `consumer` or `rule`
    pub object: &'static str,
    pub service: String,
    pub time_ms: i64,
    pub address: Option<String>,
    /// Fields that changed, for MODIFIED providers.
    pub changed: Vec<String>,
    pub provider: Option<ProviderJson>,
    pub consumer: Option<ConsumerJson>,
    pub rule: Option<RuleJson>,
}

#[derive(Debug, Serialize)]
pub struct HostReport {
    pub schema_version: u32,
    pub registry: String,
    pub address: String,
    pub entries: Vec<HostEntry>,
}

#[derive(Debug, Serialize)]
pub struct HostEntry {
    /// `provider` or `consumer`
    pub role: &'static str,
    pub service: String,
    pub address: String,
    pub application: Option<String>,
    pub enabled: Option<bool>,
    pub url: String,
}

/// The result of a mutation (`disable`, `enable`, `weight`, `register`, `unregister`, `static`,
/// `dynamic`): the plan and what happened to it.
#[derive(Debug, Serialize)]
pub struct MutationJson {
    pub schema_version: u32,
    pub registry: String,
    /// `applied`, `dry_run` or `unchanged`.
    pub result: &'static str,
    pub dry_run: bool,
    pub applied: bool,
    /// One line: what changed, or what was already in the requested state.
    pub summary: String,
    pub plan: crate::registry::plan::Plan,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::model::test_views;

    /// The word-at-a-time checks agree with a byte loop and with serde_json's own escaping,
    /// for every byte value at every position of a word and of the tail.
    #[test]
    fn below_del_agrees_with_a_byte_loop() {
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut v = vec![b'a'; len];
                    v[at] = b;
                    assert_eq!(below_del(&v), v.iter().all(|b| *b < 0x7f), "{v:?}");
                    let escaped =
                        serde_json::to_string(std::str::from_utf8(&v).unwrap_or("")).unwrap();
                    if let Ok(s) = std::str::from_utf8(&v) {
                        let unescaped = escaped.len() == s.len() + 2 && below_del(&v);
                        assert_eq!(plain(&v), unescaped, "{v:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn json_escapes_what_a_terminal_would_execute_and_keeps_the_value() {
        let hostile = "csi\u{9b}31m del\u{7f} esc\u{1b}[2J rlo\u{202e} zw\u{200b} bom\u{feff} ls\u{2028} ok é ✓ 😀";
        let doc = serde_json::json!({ "k\u{85}ey": hostile, "list": [hostile] });
        for pretty in [false, true] {
            let text = to_string(&doc, pretty).unwrap();
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'
                    || crate::output::sanitize::is_invisible_format(c)),
                "{text:?}"
            );
            assert!(
                text.contains("csi\\u009b31m") && text.contains("rlo\\u202e"),
                "{text}"
            );
            assert!(
                text.contains("ok é ✓ 😀"),
                "printable text stays as it is: {text}"
            );
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, doc);
        }
        assert_eq!(
            to_string(&doc, true).unwrap(),
            serde_json::to_string_pretty(&doc)
                .unwrap()
                .replace('\u{9b}', "\\u009b")
                .replace('\u{7f}', "\\u007f")
                .replace('\u{85}', "\\u0085")
                .replace('\u{202e}', "\\u202e")
                .replace('\u{200b}', "\\u200b")
                .replace('\u{feff}', "\\ufeff")
                .replace('\u{2028}', "\\u2028"),
            "the layout is serde_json's own"
        );
    }

    #[test]
    fn provider_json_reports_the_warm_up_weight() {
        let now = 1_800_000_000_000;
        // Started 60 s ago with the default 10 min warm-up: 60000 / (600000 / 100) = 10.
        let url = format!(
            "dubbo://10.0.0.1:20880/com.x.A?interface=com.x.A&timestamp={}",
            now - 60_000
        );
        let view = &test_views("com.x.A", &[&url], &[])[0];
        let j = ProviderJson::from_view(&view.providers[0], &[], now);
        assert!(j.warming_up);
        assert_eq!((j.weight, j.current_weight), (100, 10));
        let later = ProviderJson::from_view(&view.providers[0], &[], now + 600_000);
        assert_eq!((later.warming_up, later.current_weight), (false, 100));
    }
}
