//! Dubbo 3's Triple protocol, unary calls with JSON arguments, in its two wire forms. Both are
//! `POST /<service>/<method>`:
//!
//! - the gRPC form over HTTP/2 with prior knowledge: `application/grpc+json`, the JSON argument
//!   array in one length-prefixed message, the status in the trailers (or in the headers of a
//!   trailers-only reply) — see [`grpc`];
//! - Triple's unary JSON form (Dubbo 3.3's HTTP form, dubbo-js): `application/json`, the
//!   argument array as the body, the HTTP status plus a JSON error body — see [`json`].
//!
//! This file holds the pure parts (framing, status codes, `grpc-message` decoding, the choice of
//! form); the submodules do the I/O.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::Value as Json;

pub mod grpc;
pub mod json;

/// Which wire form to use (`--triple-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The gRPC form first; the JSON form when the provider refuses gRPC's content type.
    #[default]
    Auto,
    Grpc,
    Json,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Mode, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Mode::Auto),
            "grpc" => Ok(Mode::Grpc),
            "json" => Ok(Mode::Json),
            other => Err(format!(
                "unknown Triple mode {other:?}: expected auto, grpc or json"
            )),
        }
    }
}

/// A wire form actually used for a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Grpc,
    Json,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::Grpc => "grpc",
            Form::Json => "json",
        }
    }
}

/// gRPC status codes svcctl treats specially.
pub mod code {
    pub const OK: u32 = 0;
    pub const DEADLINE_EXCEEDED: u32 = 4;
    pub const UNIMPLEMENTED: u32 = 12;
    pub const INTERNAL: u32 = 13;
    pub const UNAVAILABLE: u32 = 14;
    pub const UNKNOWN: u32 = 2;
}

/// The canonical upper-case name of a gRPC status code.
pub fn code_name(code: u32) -> &'static str {
    const NAMES: [&str; 17] = [
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    ];
    NAMES.get(code as usize).copied().unwrap_or("UNKNOWN_CODE")
}

/// The code of a Connect-style error body's string code (`"not_found"`), as dubbo-js may send it.
fn code_from_name(name: &str) -> Option<u32> {
    let upper = name.trim().to_ascii_uppercase();
    (0..17).find(|&c| code_name(c) == upper)
}

/// One Triple call: where it goes and what it carries.
#[derive(Debug, Clone)]
pub struct Call {
    /// The path's first segment: the service as the provider registered it.
    pub service: String,
    pub method: String,
    pub group: Option<String>,
    pub version: Option<String>,
    /// Sent as request headers.
    pub attachments: Vec<(String, String)>,
    /// The JSON argument array, serialised once.
    pub body: Vec<u8>,
    pub timeout: Duration,
}

impl Call {
    pub fn new(service: &str, method: &str, args: &[Json], timeout: Duration) -> Call {
        Call {
            service: service.to_string(),
            method: method.to_string(),
            group: None,
            version: None,
            attachments: Vec::new(),
            body: serde_json::to_vec(args).unwrap_or_else(|_| b"[]".to_vec()),
            timeout,
        }
    }

    /// `/<service>/<method>`, each percent-encoded beyond what Java names hold: the service
    /// comes from registry data, and a `?`, `#` or `/` in it must not change where the call goes.
    pub fn path(&self) -> String {
        format!(
            "/{}/{}",
            path_segment(&self.service),
            path_segment(&self.method)
        )
    }

    /// The headers both forms send besides the content type: group, version, attachments.
    /// Attachment keys are lower-cased, as HTTP/2 requires.
    pub fn extra_headers(&self) -> Vec<(String, String)> {
        let mut h = Vec::new();
        if let Some(g) = &self.group {
            h.push(("tri-service-group".to_string(), g.clone()));
        }
        if let Some(v) = &self.version {
            h.push(("tri-service-version".to_string(), v.clone()));
        }
        for (k, v) in &self.attachments {
            h.push((k.to_ascii_lowercase(), v.clone()));
        }
        h
    }
}

fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' | b'$' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Headers svcctl writes itself, or HTTP/2 forbids: an attachment must not replace them.
const RESERVED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "content-encoding",
    "te",
    "host",
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
    "tri-service-group",
    "tri-service-version",
];

/// Why an attachment cannot travel as a request header, if it cannot.
pub fn attachment_problem(key: &str, value: &str) -> Option<String> {
    let k = key.to_ascii_lowercase();
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if k.is_empty() || !k.chars().all(token) {
        Some(format!("attachment {key:?}: not a valid HTTP header name"))
    } else if RESERVED_HEADERS.contains(&k.as_str()) || k.starts_with("grpc-") {
        Some(format!(
            "attachment {key:?}: svcctl sets this header itself (use --group/--version/--timeout)"
        ))
    } else if value.chars().any(|c| c.is_control() && c != '\t') {
        Some(format!(
            "attachment {key:?}: a control character in the value"
        ))
    } else {
        None
    }
}

/// A successful call.
#[derive(Debug, Clone)]
pub struct Reply {
    pub value: Json,
    pub form: Form,
    /// Response headers and (gRPC form) trailers, kept as received: load mode drops them
    /// unread, so they are turned into text only for `-v` ([`Reply::header_lines`]).
    pub headers: hyper::HeaderMap,
    pub trailers: Option<hyper::HeaderMap>,
}

impl Reply {
    /// Headers, then trailers, as `(name, value)` text.
    pub fn header_lines(&self) -> Vec<(String, String)> {
        [Some(&self.headers), self.trailers.as_ref()]
            .into_iter()
            .flatten()
            .flat_map(|m| m.iter())
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect()
    }
}

/// Why a Triple call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TripleError {
    #[error("connecting to {addr} timed out after {} ms", after.as_millis())]
    ConnectTimeout { addr: String, after: Duration },
    #[error("no response from {addr} within {} ms", after.as_millis())]
    Timeout { addr: String, after: Duration },
    #[error("cannot reach provider {addr}: {reason}")]
    Unreachable { addr: String, reason: String },
    /// The peer answered the HTTP/2 preface with something else (an HTTP/1.1-only server).
    #[error("provider {addr} does not speak HTTP/2 with prior knowledge (h2c): {reason}")]
    NotHttp2 { addr: String, reason: String },
    /// A gRPC status, from the trailers, the headers, or a JSON error body.
    #[error("{}", status_line(*code, message))]
    Status {
        code: u32,
        message: String,
        /// The HTTP status it came with.
        http: u16,
        form: Form,
    },
    #[error("cannot decode the response from {addr}: {reason}")]
    Decode { addr: String, reason: String },
    #[error("cannot build the request: {0}")]
    Request(String),
}

/// `grpc-status 13 (INTERNAL): message`, on one line.
fn status_line(code: u32, message: &str) -> String {
    let summary = crate::output::remote::summary(message);
    if summary.is_empty() {
        format!("grpc-status {code} ({})", code_name(code))
    } else {
        format!("grpc-status {code} ({}): {summary}", code_name(code))
    }
}

impl TripleError {
    /// Whether another provider might answer (failover): not when the call itself was refused.
    pub fn is_retryable(&self) -> bool {
        match self {
            TripleError::Status { code, .. } => {
                matches!(*code, code::UNAVAILABLE | code::DEADLINE_EXCEEDED)
            }
            TripleError::Request(_) => false,
            _ => true,
        }
    }

    pub fn grpc_code(&self) -> Option<u32> {
        match self {
            TripleError::Status { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// A short label for status distributions.
    pub fn label(&self) -> String {
        match self {
            TripleError::Status { code, .. } => code_name(*code).to_string(),
            TripleError::ConnectTimeout { .. } | TripleError::Timeout { .. } => "TIMEOUT".into(),
            TripleError::Unreachable { .. } | TripleError::NotHttp2 { .. } => "NETWORK".into(),
            TripleError::Decode { .. } => "DECODE".into(),
            TripleError::Request(_) => "CLIENT".into(),
        }
    }
}

impl From<TripleError> for crate::Error {
    fn from(e: TripleError) -> Self {
        let message = e.to_string();
        match &e {
            TripleError::Status { code, .. } => match *code {
                code::UNIMPLEMENTED => crate::Error::not_found(message),
                code::DEADLINE_EXCEEDED => crate::Error::timeout(message),
                code::UNAVAILABLE => crate::Error::unreachable(message),
                _ => crate::Error::remote(message),
            },
            TripleError::ConnectTimeout { .. } | TripleError::Timeout { .. } => {
                crate::Error::timeout(message)
            }
            TripleError::Unreachable { .. }
            | TripleError::NotHttp2 { .. }
            | TripleError::Decode { .. } => crate::Error::unreachable(message),
            TripleError::Request(_) => crate::Error::usage(message),
        }
    }
}

/// One gRPC length-prefixed message: flag 0 (not compressed), big-endian length, the bytes.
pub fn frame_message(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(5 + message.len());
    out.push(0);
    out.extend_from_slice(&(message.len() as u32).to_be_bytes());
    out.extend_from_slice(message);
    out
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the reply has no message")]
    Empty,
    #[error("the reply is cut short: {have} of {want} bytes")]
    Truncated { have: usize, want: usize },
    #[error("the reply is compressed ({0}) although no compression was offered")]
    Compressed(String),
    #[error("the reply holds {0} messages; a unary call has one")]
    Several(usize),
    #[error("invalid message flag {0:#04x}")]
    BadFlag(u8),
}

/// The one message of a unary gRPC body.
pub fn unframe_message<'a>(body: &'a [u8], encoding: Option<&str>) -> Result<&'a [u8], FrameError> {
    if body.is_empty() {
        return Err(FrameError::Empty);
    }
    let mut messages = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        if rest.len() < 5 {
            return Err(FrameError::Truncated {
                have: rest.len(),
                want: 5,
            });
        }
        match rest[0] {
            0 => {}
            1 => {
                return Err(FrameError::Compressed(
                    encoding.unwrap_or("unknown encoding").to_string(),
                ))
            }
            f => return Err(FrameError::BadFlag(f)),
        }
        let len = u32::from_be_bytes([rest[1], rest[2], rest[3], rest[4]]) as usize;
        let want = 5 + len;
        if rest.len() < want {
            return Err(FrameError::Truncated {
                have: rest.len(),
                want,
            });
        }
        messages.push(&rest[5..want]);
        rest = &rest[want..];
    }
    match messages.as_slice() {
        [one] => Ok(one),
        many => Err(FrameError::Several(many.len())),
    }
}

/// `grpc-message` as gRPC encodes it: percent-encoded UTF-8. Peers differ (dubbo-python sends
/// raw spaces), so anything that is not a valid escape is kept as is and bad UTF-8 is replaced.
pub fn decode_grpc_message(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' && i + 2 < raw.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(raw[i + 1]), hex(raw[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `grpc-timeout` header value: milliseconds (rounded up) while they fit gRPC's eight
/// digits, else coarser units.
pub fn grpc_timeout(d: Duration) -> String {
    let millis = d.as_micros().div_ceil(1_000).max(1);
    for (per_unit, unit) in [(1, 'm'), (1_000, 'S'), (60_000, 'M'), (3_600_000, 'H')] {
        let n = millis.div_ceil(per_unit);
        if n < 100_000_000 {
            return format!("{n}{unit}");
        }
    }
    "99999999H".into()
}

/// The gRPC status of an HTTP reply that carries none (gRPC's HTTP-to-status mapping).
pub fn code_from_http(status: u16) -> u32 {
    match status {
        200 => code::UNKNOWN,
        400 => code::INTERNAL,
        401 => 16,
        403 => 7,
        404 => code::UNIMPLEMENTED,
        408 => code::DEADLINE_EXCEEDED,
        415 => code::UNIMPLEMENTED,
        429 | 502 | 503 | 504 => code::UNAVAILABLE,
        _ => code::UNKNOWN,
    }
}

/// Whether a gRPC-form failure means the provider does not take gRPC framing and the JSON form
/// should be tried: HTTP 415, UNIMPLEMENTED saying the content type is not supported, or a
/// server without HTTP/2 (the JSON form also goes over HTTP/1.1).
pub fn wants_json_form(e: &TripleError) -> bool {
    match e {
        TripleError::NotHttp2 { .. } => true,
        TripleError::Status {
            code,
            message,
            http,
            ..
        } => {
            let m = message.to_ascii_lowercase();
            *http == 415
                || (*code == code::UNIMPLEMENTED
                    && (m.contains("content type") || m.contains("content-type")))
        }
        _ => false,
    }
}

/// The status of a JSON-form error reply: the body's `status` (dubbo-js) or `code` (Connect:
/// a name or a number), else the HTTP status mapped; the body's `message`, else the body text.
pub fn json_error(http: u16, body: &[u8]) -> (u32, String) {
    let parsed: Option<serde_json::Map<String, Json>> = serde_json::from_slice(body).ok();
    let from_body = parsed.as_ref().and_then(|m| {
        let code = match m.get("status").or_else(|| m.get("code"))? {
            Json::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            Json::String(s) => code_from_name(s).or_else(|| s.trim().parse().ok()),
            _ => None,
        }?;
        let message = m
            .get("message")
            .map(|v| match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default();
        Some((code, message))
    });
    from_body.unwrap_or_else(|| {
        let text = String::from_utf8_lossy(body).trim().to_string();
        let message = if text.is_empty() {
            format!("HTTP {http}")
        } else {
            format!("HTTP {http}: {text}")
        };
        (code_from_http(http), message)
    })
}

/// The reply's JSON value.
pub fn parse_result(addr: &str, bytes: &[u8]) -> Result<Json, TripleError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Json::Null);
    }
    serde_json::from_slice(bytes).map_err(|e| not_json(addr, e))
}

/// [`parse_result`] for a reply nobody reads (load mode): the same verdict, and the same error,
/// without building the value.
pub fn check_result(addr: &str, bytes: &[u8]) -> Result<(), TripleError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    serde_json::from_slice::<Skip>(bytes)
        .map(drop)
        .map_err(|e| not_json(addr, e))
}

fn not_json(addr: &str, e: serde_json::Error) -> TripleError {
    TripleError::Decode {
        addr: addr.to_string(),
        reason: format!("the result is not JSON: {e}"),
    }
}

/// Any JSON value, parsed and dropped. Not `serde::de::IgnoredAny`: serde_json skips that
/// with a laxer scanner of its own (a lone surrogate or bad UTF-8 in a string passes, a
/// trailing comma gets another message), and a checked reply must be refused exactly when
/// decoding it would fail, with the same message.
struct Skip;

impl<'de> serde::Deserialize<'de> for Skip {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Skip, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> serde::de::Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// A call made many times (load mode), with what does not change from one call to the next
/// built once: the checks of its attachments, and each form's headers, body and URL.
#[derive(Debug)]
pub struct Prepared {
    call: Call,
    /// Why the attachments cannot be sent, if they cannot.
    problem: Option<String>,
    grpc: grpc::Template,
    json: json::Template,
}

impl Prepared {
    pub fn new(call: Call) -> Prepared {
        Prepared {
            problem: call
                .attachments
                .iter()
                .find_map(|(k, v)| attachment_problem(k, v)),
            grpc: grpc::Template::new(&call),
            json: json::Template::new(&call),
            call,
        }
    }

    pub fn call(&self) -> &Call {
        &self.call
    }
}

/// Triple calls to any number of providers: one HTTP/2 connection per provider for the gRPC
/// form, reqwest for the JSON form, and the form that worked remembered per provider.
pub struct Client {
    grpc: grpc::Connections,
    json: json::JsonClient,
    learned: Mutex<HashMap<String, Form>>,
    mode: Mode,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("triple::Client")
            .field("mode", &self.mode)
            .finish()
    }
}

/// The form to try first for a provider, and whether a refusal may switch to the other.
pub fn first_form(mode: Mode, learned: Option<Form>) -> (Form, bool) {
    match mode {
        Mode::Grpc => (Form::Grpc, false),
        Mode::Json => (Form::Json, false),
        Mode::Auto => match learned {
            Some(f) => (f, false),
            None => (Form::Grpc, true),
        },
    }
}

impl Client {
    pub fn new(mode: Mode, connect_timeout: Duration) -> Result<Client, TripleError> {
        Ok(Client {
            grpc: grpc::Connections::new(connect_timeout),
            json: json::JsonClient::new(connect_timeout)?,
            learned: Mutex::new(HashMap::new()),
            mode,
        })
    }

    fn learned(&self, addr: &str) -> Option<Form> {
        self.learned
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(addr)
            .copied()
    }

    fn learn(&self, addr: &str, form: Form) {
        self.learned
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(addr.to_string(), form);
    }

    /// The form calls to `addr` use: the forced one, or the one learned from an answer (`None`
    /// while nothing was answered in automatic mode).
    pub fn form_in_use(&self, addr: &str) -> Option<Form> {
        match self.mode {
            Mode::Grpc => Some(Form::Grpc),
            Mode::Json => Some(Form::Json),
            Mode::Auto => self.learned(addr),
        }
    }

    /// Calls `call` on the provider at `addr` (`host:port`).
    pub async fn call(&self, addr: &str, call: &Call) -> Result<Reply, TripleError> {
        let prepared = Prepared::new(call.clone());
        let reply = self.exchange(addr, &prepared, true).await?;
        Ok(reply.expect("a decoded call has a reply"))
    }

    /// Calls a prepared call on `addr` and drops the reply, only checked (load mode): the
    /// same errors as [`Client::call`].
    pub async fn call_checked(&self, addr: &str, prepared: &Prepared) -> Result<(), TripleError> {
        self.exchange(addr, prepared, false).await.map(drop)
    }

    async fn exchange(
        &self,
        addr: &str,
        p: &Prepared,
        decode: bool,
    ) -> Result<Option<Reply>, TripleError> {
        if let Some(problem) = &p.problem {
            return Err(TripleError::Request(problem.clone()));
        }
        // Only automatic mode learns: a forced form needs no look-up per call.
        let learned = match self.mode {
            Mode::Auto => self.learned(addr),
            _ => None,
        };
        let (form, may_switch) = first_form(self.mode, learned);
        let timeout = p.call.timeout;
        let first = match form {
            Form::Grpc => self.grpc.call(addr, &p.grpc, timeout, decode).await,
            Form::Json => self.json.call(addr, &p.json, timeout, decode).await,
        };
        match first {
            Err(e) if may_switch && wants_json_form(&e) => {
                let reply = self.json.call(addr, &p.json, timeout, decode).await;
                if reply.is_ok() {
                    self.learn(addr, Form::Json);
                }
                reply
            }
            Ok(r) => {
                if may_switch {
                    self.learn(addr, form);
                }
                Ok(r)
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_one_message() {
        let f = frame_message(br#"["world"]"#);
        assert_eq!(&f[..5], &[0, 0, 0, 0, 9]);
        assert_eq!(&f[5..], br#"["world"]"#);
        assert_eq!(unframe_message(&f, None), Ok(&br#"["world"]"#[..]));
        let empty = frame_message(b"");
        assert_eq!(empty, vec![0, 0, 0, 0, 0]);
        assert_eq!(unframe_message(&empty, None), Ok(&b""[..]));
    }

    #[test]
    fn refuses_bad_bodies() {
        assert_eq!(unframe_message(b"", None), Err(FrameError::Empty));
        assert_eq!(
            unframe_message(&[0, 0, 0], None),
            Err(FrameError::Truncated { have: 3, want: 5 })
        );
        assert_eq!(
            unframe_message(&[0, 0, 0, 0, 4, b'a'], None),
            Err(FrameError::Truncated { have: 6, want: 9 })
        );
        assert_eq!(
            unframe_message(&[1, 0, 0, 0, 0], Some("gzip")),
            Err(FrameError::Compressed("gzip".into()))
        );
        assert_eq!(
            unframe_message(&[7, 0, 0, 0, 0], None),
            Err(FrameError::BadFlag(7))
        );
        let mut two = frame_message(b"1");
        two.extend(frame_message(b"2"));
        assert_eq!(unframe_message(&two, None), Err(FrameError::Several(2)));
    }

    #[test]
    fn grpc_messages_are_percent_decoded_leniently() {
        assert_eq!(
            decode_grpc_message(b"no%20such%20user%3A%20%E4%BD%A0"),
            "no such user: 你"
        );
        // dubbo-python sends raw spaces; a lone or bad escape stays.
        assert_eq!(
            decode_grpc_message(b"Invoke method failed: 100% sure"),
            "Invoke method failed: 100% sure"
        );
        assert_eq!(decode_grpc_message(b"50%"), "50%");
        assert_eq!(decode_grpc_message(b"a%2"), "a%2");
        assert_eq!(decode_grpc_message(b"%zz"), "%zz");
        assert_eq!(decode_grpc_message(b"%FF"), "\u{fffd}");
    }

    #[test]
    fn timeouts_fit_eight_digits() {
        assert_eq!(grpc_timeout(Duration::from_millis(3000)), "3000m");
        assert_eq!(grpc_timeout(Duration::from_micros(1500)), "2m");
        assert_eq!(grpc_timeout(Duration::ZERO), "1m");
        assert_eq!(grpc_timeout(Duration::from_secs(200_000)), "200000S");
        assert_eq!(
            grpc_timeout(Duration::from_secs(100_000_000 * 60)),
            "1666667H"
        );
    }

    fn status(code: u32, message: &str, http: u16) -> TripleError {
        TripleError::Status {
            code,
            message: message.into(),
            http,
            form: Form::Grpc,
        }
    }

    #[test]
    fn statuses_map_to_exit_codes() {
        use crate::exit;
        let exit_of = |e: TripleError| crate::Error::from(e).exit_code();
        assert_eq!(exit_of(status(12, "no method", 200)), exit::NOT_FOUND);
        assert_eq!(exit_of(status(4, "deadline", 200)), exit::TIMEOUT);
        assert_eq!(exit_of(status(14, "draining", 200)), exit::UNREACHABLE);
        assert_eq!(exit_of(status(13, "boom", 200)), exit::REMOTE);
        assert_eq!(exit_of(status(2, "?", 500)), exit::REMOTE);
        assert_eq!(
            exit_of(TripleError::Timeout {
                addr: "a:1".into(),
                after: Duration::from_secs(1)
            }),
            exit::TIMEOUT
        );
        let line = status(13, "Invoke method failed: boom\n  at x", 200).to_string();
        assert_eq!(
            line,
            "grpc-status 13 (INTERNAL): Invoke method failed: boom"
        );
        assert_eq!(
            status(12, "", 404).to_string(),
            "grpc-status 12 (UNIMPLEMENTED)"
        );
    }

    #[test]
    fn json_form_after_content_type_refusals_only() {
        assert!(wants_json_form(&status(12, "", 415)));
        assert!(wants_json_form(&status(
            12,
            "Content type not supported: application/grpc+json",
            200
        )));
        assert!(!wants_json_form(&status(12, "Method not found", 200)));
        assert!(!wants_json_form(&status(13, "content type", 200)));
        assert!(wants_json_form(&TripleError::NotHttp2 {
            addr: "a:1".into(),
            reason: "frame with invalid size".into()
        }));
        assert!(!wants_json_form(&TripleError::Unreachable {
            addr: "a:1".into(),
            reason: "refused".into()
        }));
        assert_eq!(first_form(Mode::Auto, None), (Form::Grpc, true));
        assert_eq!(
            first_form(Mode::Auto, Some(Form::Json)),
            (Form::Json, false)
        );
        assert_eq!(
            first_form(Mode::Grpc, Some(Form::Json)),
            (Form::Grpc, false)
        );
        assert_eq!(first_form(Mode::Json, None), (Form::Json, false));
        assert_eq!("JSON".parse::<Mode>(), Ok(Mode::Json));
        assert!("h3".parse::<Mode>().is_err());
    }

    #[test]
    fn json_error_bodies() {
        assert_eq!(
            json_error(500, br#"{"status":13,"message":"internal error"}"#),
            (13, "internal error".to_string())
        );
        assert_eq!(
            json_error(404, br#"{"code":"not_found","message":"no user"}"#),
            (5, "no user".to_string())
        );
        assert_eq!(json_error(404, b""), (12, "HTTP 404".to_string()));
        assert_eq!(json_error(503, b"busy"), (14, "HTTP 503: busy".to_string()));
        assert_eq!(code_from_http(418), code::UNKNOWN);
    }

    #[test]
    fn a_checked_result_fails_exactly_when_decoding_it_would() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let bodies: Vec<Vec<u8>> = [
            &b""[..],
            b" \n\t",
            br#""hi bench""#,
            br#"{"a":[1,2.5,-3,true,null,{"b":"\u00e9\n"}],"a":{}}"#,
            b"18446744073709551616",
            b"1e400",
            b"-1e400",
            b"{nope",
            b"[1,]",
            b"[1 2]",
            br#"{"a" 1}"#,
            br#"{"a":1,}"#,
            br#""\x""#,
            br#""\ud800""#,
            b"\"\xff\"",
            b"\"unterminated",
            b"nul",
            b"01",
            br#""a" b"#,
        ]
        .iter()
        .map(|b| b.to_vec())
        .chain([nested(100).into_bytes(), nested(200).into_bytes()])
        .collect();
        let mut refused = 0;
        for body in &bodies {
            let full = parse_result("a:1", body)
                .map(drop)
                .map_err(|e| e.to_string());
            let checked = check_result("a:1", body).map_err(|e| e.to_string());
            refused += usize::from(full.is_err());
            assert_eq!(checked, full, "{:?}", String::from_utf8_lossy(body));
        }
        // Most are broken (and IgnoredAny would pass the bad surrogate and UTF-8): the
        // comparison covers the errors, not only successes.
        assert_eq!(refused, 13);
    }

    #[test]
    fn attachments_must_be_plain_headers() {
        assert_eq!(attachment_problem("Trace-Id", "abc"), None);
        for k in [
            "te",
            "Content-Type",
            "grpc-timeout",
            "tri-service-version",
            "",
            "a b",
            ":path",
        ] {
            assert!(attachment_problem(k, "v").is_some(), "{k:?}");
        }
        assert!(attachment_problem("x", "a\nb").is_some());
        let e = TripleError::Request(attachment_problem("te", "x").unwrap());
        assert_eq!(crate::Error::from(e).exit_code(), crate::exit::USAGE);
    }

    #[test]
    fn calls_carry_group_version_and_attachments_as_headers() {
        let mut c = Call::new(
            "com.x.Greeter",
            "greet",
            &[serde_json::json!("w")],
            Duration::from_secs(1),
        );
        c.group = Some("g".into());
        c.version = Some("1.0.0".into());
        c.attachments = vec![("Trace-Id".into(), "7".into())];
        assert_eq!(c.path(), "/com.x.Greeter/greet");
        let hostile = Call::new("a/b?c#d e", "m$1", &[], Duration::from_secs(1));
        assert_eq!(hostile.path(), "/a%2Fb%3Fc%23d%20e/m$1");
        assert_eq!(c.body, br#"["w"]"#);
        assert_eq!(
            c.extra_headers(),
            vec![
                ("tri-service-group".to_string(), "g".to_string()),
                ("tri-service-version".to_string(), "1.0.0".to_string()),
                ("trace-id".to_string(), "7".to_string()),
            ]
        );
    }
}
