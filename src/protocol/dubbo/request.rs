//! Request bodies (pure): building them on the consumer side, decoding them on the provider side,
//! and an annotated hex dump for `invoke --dry-run`.
//!
//! Body layout (one Hessian stream): dubbo version, path, version, method, descriptor, one value
//! per descriptor entry, attachments map.

use std::fmt::Write as _;
use std::time::Duration;

use crate::protocol::dubbo::frame::{
    Frame, Header, FLAG_EVENT, FLAG_REQUEST, FLAG_TWOWAY, HEADER_LEN,
};
use crate::protocol::hessian2::{DecodeError, Decoder, EncodeError, Encoder, Value};

/// What Java 2.6.3+/2.7/3.x send as body item 1; it also makes providers attach response
/// attachments (response types 3–5).
pub const DUBBO_PROTOCOL_VERSION: &str = "2.0.2";
/// Version sent when the service has none, as Java consumers do.
pub const DEFAULT_VERSION: &str = "0.0.0";
pub const GENERIC_METHOD: &str = "$invoke";
pub const GENERIC_ASYNC_METHOD: &str = "$invokeAsync";
pub const GENERIC_DESCRIPTOR: &str = "Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/Object;";
pub const ECHO_METHOD: &str = "$echo";
pub const ECHO_DESCRIPTOR: &str = "Ljava/lang/Object;";

/// Which exported service a call addresses: interface (= path), version and group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServiceRef {
    pub interface: String,
    pub version: Option<String>,
    pub group: Option<String>,
}

impl ServiceRef {
    pub fn new(interface: impl Into<String>) -> ServiceRef {
        ServiceRef {
            interface: interface.into(),
            version: None,
            group: None,
        }
    }

    pub fn with_version(mut self, version: impl Into<String>) -> ServiceRef {
        self.version = Some(version.into()).filter(|v: &String| !v.is_empty());
        self
    }

    pub fn with_group(mut self, group: impl Into<String>) -> ServiceRef {
        self.group = Some(group.into()).filter(|g: &String| !g.is_empty());
        self
    }

    /// The version as sent on the wire ("0.0.0" when none).
    pub fn wire_version(&self) -> &str {
        self.version.as_deref().unwrap_or(DEFAULT_VERSION)
    }

    /// Dubbo's service key `[group/]interface[:version]`.
    pub fn key(&self) -> String {
        let mut k = String::new();
        if let Some(g) = &self.group {
            k.push_str(g);
            k.push('/');
        }
        k.push_str(&self.interface);
        if let Some(v) = &self.version {
            k.push(':');
            k.push_str(v);
        }
        k
    }
}

/// One call, before encoding.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub service: ServiceRef,
    pub method: String,
    /// JVM parameter descriptor, e.g. `Ljava/lang/String;J`; "" for no-arg methods.
    pub descriptor: String,
    pub args: Vec<Value>,
    /// Sent as the `timeout` attachment (the provider uses it for its own bookkeeping).
    pub timeout: Duration,
    /// Extra string attachments (user-supplied, `generic`, `token`, …) in insertion order.
    pub attachments: Vec<(String, String)>,
}

impl Invocation {
    /// A direct (typed) call: real method name and descriptor, arguments already in their exact
    /// wire types.
    pub fn direct(
        service: ServiceRef,
        method: impl Into<String>,
        descriptor: impl Into<String>,
        args: Vec<Value>,
        timeout: Duration,
    ) -> Invocation {
        Invocation {
            service,
            method: method.into(),
            descriptor: descriptor.into(),
            args,
            timeout,
            attachments: Vec::new(),
        }
    }

    /// A generic call `$invoke(method, types, args)`; `types = None` sends null (the provider
    /// then requires the method name to be unique).
    pub fn generic(
        service: ServiceRef,
        method: impl Into<String>,
        types: Option<Vec<String>>,
        args: Vec<Value>,
        timeout: Duration,
    ) -> Invocation {
        let types = match types {
            Some(t) => Value::List {
                type_name: Some("[string".into()),
                items: t.into_iter().map(Value::String).collect(),
            },
            None => Value::Null,
        };
        let args = Value::List {
            type_name: Some("[object".into()),
            items: args,
        };
        let mut inv = Invocation::direct(
            service,
            GENERIC_METHOD,
            GENERIC_DESCRIPTOR,
            vec![Value::String(method.into()), types, args],
            timeout,
        );
        inv.set_attachment("generic", "true");
        inv
    }

    /// `$echo(value)`: liveness check that also verifies path/version/group.
    pub fn echo(service: ServiceRef, value: Value, timeout: Duration) -> Invocation {
        Invocation::direct(service, ECHO_METHOD, ECHO_DESCRIPTOR, vec![value], timeout)
    }

    /// Adds or replaces an attachment.
    pub fn set_attachment(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let (key, value) = (key.into(), value.into());
        match self.attachments.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.attachments.push((key, value)),
        }
    }

    pub fn with_attachment(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Invocation {
        self.set_attachment(key, value);
        self
    }

    /// The attachments as sent: path, interface, version, group (when set), timeout, then the
    /// extra ones (which may override the standard keys, in place). All values are strings
    /// because 2.6 providers cast them to String.
    pub fn wire_attachments(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = vec![
            ("path".into(), self.service.interface.clone()),
            ("interface".into(), self.service.interface.clone()),
            ("version".into(), self.service.wire_version().to_string()),
        ];
        if let Some(g) = &self.service.group {
            out.push(("group".into(), g.clone()));
        }
        out.push(("timeout".into(), self.timeout.as_millis().to_string()));
        for (k, v) in &self.attachments {
            match out.iter_mut().find(|(ok, _)| ok == k) {
                Some(slot) => slot.1 = v.clone(),
                None => out.push((k.clone(), v.clone())),
            }
        }
        out
    }

    /// The body items in wire order, each with a human label (used by encoding and the dump).
    pub fn body_items(&self) -> Vec<(String, Value)> {
        let mut items = vec![
            (
                "dubbo protocol version".to_string(),
                Value::string(DUBBO_PROTOCOL_VERSION),
            ),
            (
                "service path".to_string(),
                Value::string(self.service.interface.clone()),
            ),
            (
                "service version".to_string(),
                Value::string(self.service.wire_version()),
            ),
            (
                "method name".to_string(),
                Value::string(self.method.clone()),
            ),
            (
                "parameter descriptor".to_string(),
                Value::string(self.descriptor.clone()),
            ),
        ];
        let param_types = parse_descriptor(&self.descriptor).unwrap_or_default();
        for (i, arg) in self.args.iter().enumerate() {
            let label = match (self.method.as_str(), param_types.get(i)) {
                (GENERIC_METHOD, _) if self.descriptor == GENERIC_DESCRIPTOR => [
                    "generic: method name",
                    "generic: parameter types",
                    "generic: arguments",
                ]
                .get(i)
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("argument {i}")),
                (_, Some(t)) => format!("argument {i} ({t})"),
                (_, None) => format!("argument {i}"),
            };
            items.push((label, arg.clone()));
        }
        let entries = self
            .wire_attachments()
            .into_iter()
            .map(|(k, v)| (Value::String(k), Value::String(v)))
            .collect();
        items.push((
            "attachments".to_string(),
            Value::Map {
                type_name: None,
                entries,
            },
        ));
        items
    }

    /// The request body: one Hessian stream.
    pub fn encode_body(&self) -> Result<Vec<u8>, EncodeError> {
        let mut enc = Encoder::new();
        for (_, v) in self.body_items() {
            enc.write(&v)?;
        }
        Ok(enc.into_bytes())
    }

    /// A complete two-way request frame.
    pub fn encode_frame(&self, request_id: i64) -> Result<Frame, EncodeError> {
        Ok(Frame::new(
            Header::request(request_id, 0),
            self.encode_body()?,
        ))
    }
}

/// Splits a JVM parameter descriptor into one descriptor per parameter
/// (`Ljava/lang/String;J[I` → `["Ljava/lang/String;", "J", "[I"]`).
pub fn parse_descriptor(desc: &str) -> Result<Vec<String>, String> {
    let bytes = desc.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i] == b'[' {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'Z' | b'B' | b'C' | b'S' | b'I' | b'J' | b'F' | b'D' | b'V') => i += 1,
            Some(b'L') => match desc[i..].find(';') {
                Some(end) if end > 1 => i += end + 1,
                _ => {
                    return Err(format!(
                        "unterminated class name at offset {i} in descriptor {desc:?}"
                    ))
                }
            },
            Some(c) => {
                return Err(format!(
                    "unexpected {:?} at offset {i} in descriptor {desc:?}",
                    *c as char
                ))
            }
            None => {
                return Err(format!(
                    "array without component type in descriptor {desc:?}"
                ))
            }
        }
        out.push(desc[start..i].to_string());
    }
    Ok(out)
}

/// A request body as a provider sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedRequest {
    pub dubbo_version: String,
    pub path: String,
    /// As sent (Java consumers send "0.0.0" when unversioned; may be null).
    pub version: Option<String>,
    pub method: String,
    pub descriptor: String,
    pub args: Vec<Value>,
    pub attachments: Vec<(Value, Value)>,
}

impl DecodedRequest {
    /// A string attachment by key.
    pub fn attachment(&self, key: &str) -> Option<&str> {
        self.attachments
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .and_then(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RequestDecodeError {
    #[error(transparent)]
    Hessian(#[from] DecodeError),
    #[error("{item} must be a string")]
    NotAString { item: &'static str },
    #[error("bad parameter descriptor: {0}")]
    Descriptor(String),
    #[error("attachments must be a map")]
    AttachmentsNotAMap,
}

/// Decodes a request body (provider side).
pub fn decode_request_body(body: &[u8]) -> Result<DecodedRequest, RequestDecodeError> {
    let mut dec = Decoder::new(body);
    let mut string =
        |item: &'static str, nullable: bool| -> Result<Option<String>, RequestDecodeError> {
            match dec.read()? {
                Value::String(s) => Ok(Some(s)),
                Value::Null if nullable => Ok(None),
                _ => Err(RequestDecodeError::NotAString { item }),
            }
        };
    let dubbo_version = string("dubbo version", true)?.unwrap_or_default();
    let path = string("service path", false)?.unwrap_or_default();
    let version = string("service version", true)?;
    let method = string("method name", false)?.unwrap_or_default();
    let descriptor = string("parameter descriptor", true)?.unwrap_or_default();
    let params = parse_descriptor(&descriptor).map_err(RequestDecodeError::Descriptor)?;
    let mut args = Vec::with_capacity(params.len());
    for _ in &params {
        args.push(dec.read()?);
    }
    // Old consumers may omit the map entirely.
    let attachments = if dec.is_empty() {
        Vec::new()
    } else {
        match dec.read()? {
            Value::Map { entries, .. } => entries,
            Value::Null => Vec::new(),
            _ => return Err(RequestDecodeError::AttachmentsNotAMap),
        }
    };
    Ok(DecodedRequest {
        dubbo_version,
        path,
        version,
        method,
        descriptor,
        args,
        attachments,
    })
}

// ---------------------------------------------------------------------------------------------
// Annotated dump

/// A hex dump of the complete request frame with each header field and body item labelled,
/// for `invoke --dry-run`.
pub fn annotated_dump(request_id: i64, invocation: &Invocation) -> Result<String, EncodeError> {
    // Encode item by item on one encoder so offsets are exact (class defs and the type table
    // are shared across items, just as in the real body).
    let mut enc = Encoder::new();
    let mut spans = Vec::new();
    for (label, value) in invocation.body_items() {
        let start = enc.as_bytes().len();
        enc.write(&value)?;
        spans.push((label, summarize(&value), start, enc.as_bytes().len()));
    }
    let body = enc.into_bytes();
    let frame = Frame::new(Header::request(request_id, 0), body);
    let bytes = frame.to_bytes();
    let h = &frame.header;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "request frame: {} bytes (16-byte header + {}-byte body)",
        bytes.len(),
        frame.body.len()
    );
    let flag = h.flag_byte();
    let mut flag_names = Vec::new();
    for (bit, name) in [
        (FLAG_REQUEST, "request"),
        (FLAG_TWOWAY, "two-way"),
        (FLAG_EVENT, "event"),
    ] {
        if flag & bit != 0 {
            flag_names.push(name);
        }
    }
    let header_rows: [(usize, usize, String); 5] = [
        (0, 2, "magic".into()),
        (
            2,
            3,
            format!(
                "flag: {}, serialization id {} (hessian2)",
                flag_names.join(", "),
                h.serialization_id
            ),
        ),
        (3, 4, "status (unused in requests)".into()),
        (4, 12, format!("request id = {}", h.request_id)),
        (12, 16, format!("body length = {}", h.body_len)),
    ];
    let _ = writeln!(out, "-- header --");
    for (start, end, label) in header_rows {
        dump_rows(&mut out, &bytes, start, end, &label);
    }
    let _ = writeln!(out, "-- body (one hessian2 stream) --");
    for (label, summary, start, end) in spans {
        dump_rows(
            &mut out,
            &bytes,
            HEADER_LEN + start,
            HEADER_LEN + end,
            &format!("{label}: {summary}"),
        );
    }
    Ok(out)
}

/// Writes `bytes[start..end]` as rows of up to 16 bytes; the label goes on the first row.
fn dump_rows(out: &mut String, bytes: &[u8], start: usize, end: usize, label: &str) {
    const PER_ROW: usize = 16;
    let mut offset = start;
    let mut first = true;
    loop {
        let row_end = (offset + PER_ROW).min(end);
        let hex: Vec<String> = bytes[offset..row_end]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let ascii: String = bytes[offset..row_end]
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        let note = if first { label } else { "" };
        let _ = writeln!(
            out,
            "{offset:06x}  {:<47}  {:<16}  {note}",
            hex.join(" "),
            ascii
        );
        first = false;
        offset = row_end;
        if offset >= end {
            break;
        }
    }
}

/// A one-line rendering of a value for dump labels (truncated).
fn summarize(v: &Value) -> String {
    let mut s = String::new();
    summarize_into(v, &mut s, 0);
    if s.chars().count() > 160 {
        s = s.chars().take(157).collect::<String>() + "...";
    }
    s
}

fn summarize_into(v: &Value, out: &mut String, depth: usize) {
    if depth > 4 {
        out.push('…');
        return;
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(&b.to_string()),
        Value::Int(i) => {
            let _ = write!(out, "int {i}");
        }
        Value::Long(l) => {
            let _ = write!(out, "long {l}");
        }
        Value::Double(d) => {
            let _ = write!(out, "double {d}");
        }
        Value::Date(ms) => {
            let _ = write!(out, "date {ms} ms");
        }
        Value::String(s) => {
            let _ = write!(out, "{s:?}");
        }
        Value::Binary(b) => {
            let _ = write!(out, "binary[{}]", b.len());
        }
        Value::List { type_name, items } => {
            if let Some(t) = type_name {
                let _ = write!(out, "{t} ");
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                summarize_into(item, out, depth + 1);
            }
            out.push(']');
        }
        Value::Map { type_name, entries } => {
            if let Some(t) = type_name {
                let _ = write!(out, "{t} ");
            }
            out.push('{');
            for (i, (k, val)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match k {
                    Value::String(s) => out.push_str(s),
                    other => summarize_into(other, out, depth + 1),
                }
                out.push('=');
                match val {
                    Value::String(s) => out.push_str(s),
                    other => summarize_into(other, out, depth + 1),
                }
            }
            out.push('}');
        }
        Value::Object { class, fields } => {
            let _ = write!(out, "{class} {{");
            for (i, (k, val)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{k}: ");
                summarize_into(val, out, depth + 1);
            }
            out.push('}');
        }
        Value::Ref(i) => {
            let _ = write!(out, "ref #{i}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        let clean: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
        (0..clean.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&clean[i..i + 2], 16).unwrap())
            .collect()
    }

    /// H-str of a short ASCII string: length byte + bytes.
    fn hs(s: &str) -> Vec<u8> {
        assert!(s.len() < 32);
        let mut v = vec![s.len() as u8];
        v.extend_from_slice(s.as_bytes());
        v
    }

    fn worked_example() -> Invocation {
        Invocation::direct(
            ServiceRef::new("com.example.DemoService"),
            "sayHello",
            "Ljava/lang/String;",
            vec![Value::string("world")],
            Duration::from_millis(3000),
        )
    }

    #[test]
    fn worked_example_request_byte_for_byte() {
        let mut body = Vec::new();
        for s in [
            "2.0.2",
            "com.example.DemoService",
            "0.0.0",
            "sayHello",
            "Ljava/lang/String;",
            "world",
        ] {
            body.extend(hs(s));
        }
        body.push(0x48);
        for s in [
            "path",
            "com.example.DemoService",
            "interface",
            "com.example.DemoService",
            "version",
            "0.0.0",
            "timeout",
            "3000",
        ] {
            body.extend(hs(s));
        }
        body.push(0x5a);
        let mut expected = hex("da bb c2 00 00 00 00 00 00 00 00 01 00 00 00 a2");
        expected.extend(&body);
        assert_eq!(body.len(), 162);
        let frame = worked_example().encode_frame(1).unwrap();
        assert_eq!(frame.to_bytes(), expected);
    }

    #[test]
    fn group_version_and_user_attachments() {
        let svc = ServiceRef::new("com.example.OrderService")
            .with_version("2.0.0")
            .with_group("shop");
        let inv = Invocation::direct(svc.clone(), "count", "", vec![], Duration::from_secs(1))
            .with_attachment("trace", "abc")
            .with_attachment("timeout", "99");
        let att = inv.wire_attachments();
        let keys: Vec<&str> = att.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["path", "interface", "version", "group", "timeout", "trace"]
        );
        assert_eq!(att[4].1, "99");
        assert_eq!(svc.key(), "shop/com.example.OrderService:2.0.0");
        // No-arg method: descriptor "" and no argument items.
        let decoded = decode_request_body(&inv.encode_body().unwrap()).unwrap();
        assert_eq!(decoded.version.as_deref(), Some("2.0.0"));
        assert_eq!(decoded.descriptor, "");
        assert!(decoded.args.is_empty());
        assert_eq!(decoded.attachment("group"), Some("shop"));
        assert_eq!(decoded.attachment("trace"), Some("abc"));
    }

    #[test]
    fn generic_invoke_wire_shape() {
        let inv = Invocation::generic(
            ServiceRef::new("com.example.DemoService"),
            "sayHello",
            Some(vec!["java.lang.String".into()]),
            vec![Value::string("world")],
            Duration::from_secs(3),
        );
        let body = inv.encode_body().unwrap();
        let mut expected_args = hs("$invoke");
        expected_args.extend([0x30, 0x38]);
        expected_args.extend(GENERIC_DESCRIPTOR.as_bytes());
        expected_args.extend(hs("sayHello"));
        expected_args.push(0x71);
        expected_args.extend(hs("[string"));
        expected_args.extend(hs("java.lang.String"));
        expected_args.push(0x71);
        expected_args.extend(hs("[object"));
        expected_args.extend(hs("world"));
        assert!(
            body.windows(expected_args.len())
                .any(|w| w == expected_args),
            "generic args not found in body"
        );
        let decoded = decode_request_body(&body).unwrap();
        assert_eq!(decoded.method, "$invoke");
        assert_eq!(decoded.args.len(), 3);
        assert_eq!(decoded.attachment("generic"), Some("true"));

        let untyped = Invocation::generic(
            ServiceRef::new("x.Y"),
            "m",
            None,
            vec![],
            Duration::from_secs(1),
        );
        let decoded = decode_request_body(&untyped.encode_body().unwrap()).unwrap();
        assert_eq!(decoded.args[1], Value::Null);
    }

    #[test]
    fn echo_shape() {
        let inv = Invocation::echo(
            ServiceRef::new("x.Y"),
            Value::string("ok"),
            Duration::from_secs(1),
        );
        let decoded = decode_request_body(&inv.encode_body().unwrap()).unwrap();
        assert_eq!(
            (decoded.method.as_str(), decoded.descriptor.as_str()),
            ("$echo", "Ljava/lang/Object;")
        );
        assert_eq!(decoded.args, [Value::string("ok")]);
    }

    #[test]
    fn descriptor_parsing() {
        assert_eq!(
            parse_descriptor("Ljava/lang/String;J[I").unwrap(),
            ["Ljava/lang/String;", "J", "[I"]
        );
        assert_eq!(
            parse_descriptor("[[Lcom/x/Outer$Inner;Z").unwrap(),
            ["[[Lcom/x/Outer$Inner;", "Z"]
        );
        assert!(parse_descriptor("").unwrap().is_empty());
        assert!(parse_descriptor("Ljava/lang/String").is_err());
        assert!(parse_descriptor("[").is_err());
        assert!(parse_descriptor("Q").is_err());
    }

    #[test]
    fn decode_rejects_garbage_bodies() {
        assert!(decode_request_body(&[]).is_err());
        assert!(decode_request_body(&[0x91]).is_err());
    }

    #[test]
    fn annotated_dump_names_fields_and_items() {
        let dump = annotated_dump(1, &worked_example()).unwrap();
        assert!(dump.starts_with("request frame: 178 bytes"), "{dump}");
        for needle in [
            "000000  da bb",
            "magic",
            "flag: request, two-way, serialization id 2 (hessian2)",
            "request id = 1",
            "body length = 162",
            "000010  05 32 2e 30 2e 32",
            "dubbo protocol version: \"2.0.2\"",
            "argument 0 (Ljava/lang/String;): \"world\"",
            "attachments: {path=com.example.DemoService",
        ] {
            assert!(dump.contains(needle), "missing {needle:?} in\n{dump}");
        }
    }
}
