//! Response bodies (pure): decoding them on the consumer side, encoding them on the provider side.
//!
//! A status ≠ 20 body is one Hessian string. A status-20 body starts with the response type as a
//! Hessian int (0–5) followed by value / exception / attachments.

use std::fmt;

use crate::protocol::dubbo::frame::{Frame, Header, Status, HESSIAN2};
use crate::protocol::hessian2::{
    DecodeError, DecodeErrorKind, Decoder, EncodeError, Encoder, Value,
};

pub const RESPONSE_WITH_EXCEPTION: i32 = 0;
pub const RESPONSE_VALUE: i32 = 1;
pub const RESPONSE_NULL_VALUE: i32 = 2;
pub const RESPONSE_WITH_EXCEPTION_WITH_ATTACHMENTS: i32 = 3;
pub const RESPONSE_VALUE_WITH_ATTACHMENTS: i32 = 4;
pub const RESPONSE_NULL_VALUE_WITH_ATTACHMENTS: i32 = 5;

/// Class Dubbo 2.7 wraps exceptions in for generic (`$invoke`) calls.
pub const GENERIC_EXCEPTION_CLASS: &str = "com.alibaba.dubbo.rpc.service.GenericException";

/// What a response frame says.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Status ≠ 20: the provider did not run the method (or failed around it).
    Status {
        status: Status,
        message: Option<String>,
    },
    /// Status 20: the method ran.
    Result(RpcResult),
}

/// The outcome of a method that ran.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Value(Value),
    /// Null return or void.
    Null,
    Exception(RemoteException),
}

/// A status-20 result with the provider's response attachments (types 3–5; `None` for 0–2).
#[derive(Debug, Clone, PartialEq)]
pub struct RpcResult {
    pub outcome: Outcome,
    pub attachments: Option<Vec<(Value, Value)>>,
}

impl RpcResult {
    pub fn value(value: Value) -> RpcResult {
        let outcome = if value == Value::Null {
            Outcome::Null
        } else {
            Outcome::Value(value)
        };
        RpcResult {
            outcome,
            attachments: None,
        }
    }

    pub fn exception(exception: RemoteException) -> RpcResult {
        RpcResult {
            outcome: Outcome::Exception(exception),
            attachments: None,
        }
    }

    pub fn with_attachments(mut self, attachments: Vec<(Value, Value)>) -> RpcResult {
        self.attachments = Some(attachments);
        self
    }

    /// The response type byte this result is encoded with.
    pub fn response_type(&self) -> i32 {
        let with = self.attachments.is_some();
        match (&self.outcome, with) {
            (Outcome::Exception(_), false) => RESPONSE_WITH_EXCEPTION,
            (Outcome::Value(_), false) => RESPONSE_VALUE,
            (Outcome::Null, false) => RESPONSE_NULL_VALUE,
            (Outcome::Exception(_), true) => RESPONSE_WITH_EXCEPTION_WITH_ATTACHMENTS,
            (Outcome::Value(_), true) => RESPONSE_VALUE_WITH_ATTACHMENTS,
            (Outcome::Null, true) => RESPONSE_NULL_VALUE_WITH_ATTACHMENTS,
        }
    }

    /// The value (null for void), or the exception.
    pub fn into_value(self) -> Result<Value, Box<RemoteException>> {
        match self.outcome {
            Outcome::Value(v) => Ok(v),
            Outcome::Null => Ok(Value::Null),
            Outcome::Exception(e) => Err(Box::new(e)),
        }
    }

    /// A response attachment by string key.
    pub fn attachment(&self, key: &str) -> Option<&Value> {
        self.attachments
            .as_ref()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }
}

/// How the provider put the exception on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExceptionForm {
    /// A Java Throwable object (what Java providers send).
    Throwable,
    /// A plain string where a Throwable belongs (dubbo-js providers do this).
    PlainString,
    /// Anything else (a map, a number, …); see `raw`.
    Other,
}

/// One `java.lang.StackTraceElement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackFrame {
    pub declaring_class: String,
    pub method_name: String,
    pub file_name: Option<String>,
    pub line_number: i32,
}

impl fmt::Display for StackFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}(", self.declaring_class, self.method_name)?;
        match (&self.file_name, self.line_number) {
            (_, -2) => write!(f, "Native Method)"),
            (Some(file), n) if n >= 0 => write!(f, "{file}:{n})"),
            (Some(file), _) => write!(f, "{file})"),
            (None, _) => write!(f, "Unknown Source)"),
        }
    }
}

/// An exception thrown by the service method, in whatever form it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteException {
    pub form: ExceptionForm,
    /// The exception's Java class (for a 2.7 generic-call wrapper: the wrapped class).
    pub class: Option<String>,
    pub message: Option<String>,
    pub stack: Vec<StackFrame>,
    /// The cause, when it is a different exception (the JDK's `cause == this` is dropped).
    pub cause: Option<Box<RemoteException>>,
    /// Set when the provider wrapped the real exception (e.g. GenericException).
    pub wrapper_class: Option<String>,
    /// The value as received, for JSON output.
    pub raw: Value,
}

impl RemoteException {
    /// Interprets whatever value followed response type 0/3.
    pub fn from_value(raw: Value) -> RemoteException {
        match &raw {
            Value::String(s) => RemoteException {
                form: ExceptionForm::PlainString,
                class: None,
                message: Some(s.clone()),
                stack: Vec::new(),
                cause: None,
                wrapper_class: None,
                raw,
            },
            Value::Object { .. } => Self::from_throwable(raw, 0),
            _ => RemoteException {
                form: ExceptionForm::Other,
                class: None,
                message: None,
                stack: Vec::new(),
                cause: None,
                wrapper_class: None,
                raw,
            },
        }
    }

    fn from_throwable(raw: Value, depth: usize) -> RemoteException {
        let Value::Object { class, .. } = &raw else {
            return Self::from_value(raw);
        };
        let text = |name: &str| raw.field(name).and_then(Value::as_str).map(str::to_string);
        let mut class = Some(class.clone());
        let mut message = text("detailMessage");
        let mut wrapper_class = None;
        // 2.7 generic calls wrap the real exception; surface the real class and message.
        if let Some(real) = text("exceptionClass") {
            wrapper_class = class.take();
            class = Some(real);
            message = text("exceptionMessage").or(message);
        }
        let stack = match raw.field("stackTrace") {
            Some(Value::List { items, .. }) => items.iter().filter_map(stack_frame).collect(),
            _ => Vec::new(),
        };
        // A cycle (cause == this) decodes as Value::Ref; only a real, distinct cause is kept.
        let cause = match raw.field("cause") {
            Some(c @ Value::Object { .. }) if depth < 8 => {
                Some(Box::new(Self::from_throwable(c.clone(), depth + 1)))
            }
            _ => None,
        };
        RemoteException {
            form: ExceptionForm::Throwable,
            class,
            message,
            stack,
            cause,
            wrapper_class,
            raw,
        }
    }
}

fn stack_frame(v: &Value) -> Option<StackFrame> {
    let text = |name: &str| v.field(name).and_then(Value::as_str).map(str::to_string);
    let line_number = match v.field("lineNumber") {
        Some(Value::Int(n)) => *n,
        Some(Value::Long(n)) => *n as i32,
        _ => -1,
    };
    Some(StackFrame {
        declaring_class: text("declaringClass")?,
        method_name: text("methodName").unwrap_or_default(),
        file_name: text("fileName"),
        line_number,
    })
}

impl fmt::Display for RemoteException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.class, &self.message) {
            (Some(c), Some(m)) => write!(f, "{c}: {}", crate::output::remote::summary(m)),
            (Some(c), None) => write!(f, "{c}"),
            (None, Some(m)) => write!(
                f,
                "an exception (sent as a plain string): {}",
                crate::output::remote::summary(m)
            ),
            (None, None) => write!(f, "an exception of unexpected shape: {:?}", self.raw),
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResponseDecodeError {
    #[error(transparent)]
    Hessian(#[from] DecodeError),
    #[error("response uses serialization id {0}, expected 2 (hessian2)")]
    Serialization(u8),
    #[error("response type must be an int 0-5, got {0}")]
    UnknownResultType(String),
    #[error("response attachments must be a map")]
    AttachmentsNotAMap,
}

/// Decodes a (non-event) response frame.
pub fn decode_response(frame: &Frame) -> Result<Response, ResponseDecodeError> {
    match decode_response_with(frame, true) {
        // A back-reference to a value already moved out: rare, so decode again copying.
        Err(ResponseDecodeError::Hessian(e)) if e.kind == DecodeErrorKind::MovedRef => {
            decode_response_with(frame, false)
        }
        r => r,
    }
}

fn decode_response_with(frame: &Frame, moving: bool) -> Result<Response, ResponseDecodeError> {
    if frame.header.serialization_id != HESSIAN2 {
        return Err(ResponseDecodeError::Serialization(
            frame.header.serialization_id,
        ));
    }
    let status = frame.header.status();
    let mut dec = Decoder::new(&frame.body);
    if moving {
        dec = dec.moving();
    }
    if status != Status::Ok {
        // The message is a courtesy: a status error stays a status error even if it is unreadable.
        let message = match dec.read() {
            Ok(Value::String(s)) => Some(s),
            _ => None,
        };
        return Ok(Response::Status { status, message });
    }
    let kind = match dec.read()? {
        Value::Int(k) => k,
        other => return Err(ResponseDecodeError::UnknownResultType(format!("{other:?}"))),
    };
    let outcome = match kind {
        RESPONSE_WITH_EXCEPTION | RESPONSE_WITH_EXCEPTION_WITH_ATTACHMENTS => {
            Outcome::Exception(RemoteException::from_value(dec.read()?))
        }
        RESPONSE_VALUE | RESPONSE_VALUE_WITH_ATTACHMENTS => Outcome::Value(dec.read()?),
        RESPONSE_NULL_VALUE | RESPONSE_NULL_VALUE_WITH_ATTACHMENTS => Outcome::Null,
        other => return Err(ResponseDecodeError::UnknownResultType(other.to_string())),
    };
    let attachments = if kind >= RESPONSE_WITH_EXCEPTION_WITH_ATTACHMENTS {
        match dec.read()? {
            Value::Map { entries, .. } => Some(entries),
            Value::Null => Some(Vec::new()),
            _ => return Err(ResponseDecodeError::AttachmentsNotAMap),
        }
    } else {
        None
    };
    Ok(Response::Result(RpcResult {
        outcome,
        attachments,
    }))
}

/// What [`check_response`] found.
#[derive(Debug)]
pub enum Checked {
    /// A value or null, well formed; not built.
    Answered,
    /// A status error or a thrown exception, decoded in full: their text is what is reported.
    Decoded(Response),
}

/// [`decode_response`] for a load run, which needs to know whether a call succeeded, not what
/// it returned: a value (and the attachments) is parsed and validated without being built
/// ([`Decoder::check`]); a status error or an exception is decoded in full. Whatever
/// `decode_response` accepts is accepted here.
pub fn check_response(frame: &Frame) -> Result<Checked, ResponseDecodeError> {
    if frame.header.serialization_id != HESSIAN2 {
        return Err(ResponseDecodeError::Serialization(
            frame.header.serialization_id,
        ));
    }
    if frame.header.status() != Status::Ok {
        return decode_response(frame).map(Checked::Decoded);
    }
    let mut dec = Decoder::new(&frame.body);
    let Ok(kind) = dec.read_int() else {
        // Not an int: the full decoder says what it is instead, in its own words.
        return decode_response(frame).map(Checked::Decoded);
    };
    match kind {
        RESPONSE_WITH_EXCEPTION | RESPONSE_WITH_EXCEPTION_WITH_ATTACHMENTS => {
            return decode_response(frame).map(Checked::Decoded)
        }
        RESPONSE_VALUE | RESPONSE_VALUE_WITH_ATTACHMENTS => dec.check()?,
        RESPONSE_NULL_VALUE | RESPONSE_NULL_VALUE_WITH_ATTACHMENTS => {}
        other => return Err(ResponseDecodeError::UnknownResultType(other.to_string())),
    }
    if kind >= RESPONSE_WITH_EXCEPTION_WITH_ATTACHMENTS {
        // A map, null, or a reference (to what may be a map: not resolved here).
        if !matches!(dec.peek_tag(), Some(b'H' | b'M' | b'N' | b'Q')) {
            return Err(ResponseDecodeError::AttachmentsNotAMap);
        }
        dec.check()?;
    }
    Ok(Checked::Answered)
}

/// Whether a provider answers with types 3–5 for a request carrying `dubbo_version`
/// (Java 2.7/3.x rule: "2.0.2" ≤ v ≤ "2.0.99").
pub fn supports_response_attachments(dubbo_version: &str) -> bool {
    let parts: Vec<Option<u32>> = dubbo_version.split('.').map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [Some(2), Some(0), Some(patch)] => (2..=99).contains(patch),
        _ => false,
    }
}

/// A status-20 response frame carrying `result` (provider side).
pub fn encode_result_frame(request_id: i64, result: &RpcResult) -> Result<Frame, EncodeError> {
    let mut enc = Encoder::new();
    enc.write(&Value::Int(result.response_type()))?;
    match &result.outcome {
        Outcome::Value(v) => enc.write(v)?,
        Outcome::Exception(e) => enc.write(&e.raw)?,
        Outcome::Null => {}
    }
    if let Some(att) = &result.attachments {
        enc.write(&Value::Map {
            type_name: None,
            entries: att.clone(),
        })?;
    }
    Ok(Frame::new(
        Header::response(request_id, Status::Ok, 0),
        enc.into_bytes(),
    ))
}

/// A non-OK status response frame with its message (provider side).
pub fn encode_status_frame(request_id: i64, status: Status, message: &str) -> Frame {
    let mut enc = Encoder::new();
    enc.write(&Value::string(message))
        .expect("a string always encodes");
    Frame::new(Header::response(request_id, status, 0), enc.into_bytes())
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

    fn frame_from(bytes: &[u8]) -> Frame {
        let mut s = crate::protocol::dubbo::FrameSplitter::default();
        s.push(bytes);
        s.next_frame().unwrap().unwrap()
    }

    fn dubbo_attachment() -> Vec<(Value, Value)> {
        vec![(Value::string("dubbo"), Value::string("2.0.2"))]
    }

    #[test]
    fn attachments_referring_back_to_the_value_still_decode() {
        // Type 4, value [1] (slot 0), attachments {"dubbo": Q0}: the moving decoder has given
        // the list away when the ref comes, so the response is decoded again copying.
        let body = hex("94 79 91 48 05 647562626f 51 90 5a");
        let f = Frame::new(
            crate::protocol::dubbo::frame::Header::response(1, Status::Ok, 0),
            body,
        );
        let Response::Result(r) = decode_response(&f).unwrap() else {
            panic!()
        };
        let list = Value::List {
            type_name: None,
            items: vec![Value::Int(1)],
        };
        assert_eq!(r.outcome, Outcome::Value(list.clone()));
        assert_eq!(r.attachment("dubbo"), Some(&list));
    }

    #[test]
    fn worked_example_reply() {
        let mut bytes = hex("da bb 02 14 00 00 00 00 00 00 00 01 00 00 00 1b 94 0b");
        bytes.extend(b"Hello world");
        bytes.extend(hex("48 05"));
        bytes.extend(b"dubbo");
        bytes.push(0x05);
        bytes.extend(b"2.0.2");
        bytes.push(0x5a);
        let f = frame_from(&bytes);
        let Response::Result(r) = decode_response(&f).unwrap() else {
            panic!()
        };
        assert_eq!(r.outcome, Outcome::Value(Value::string("Hello world")));
        assert_eq!(r.attachment("dubbo"), Some(&Value::string("2.0.2")));
        // And the provider-side encoder produces the same bytes.
        let ours =
            RpcResult::value(Value::string("Hello world")).with_attachments(dubbo_attachment());
        assert_eq!(encode_result_frame(1, &ours).unwrap().to_bytes(), bytes);
    }

    #[test]
    fn all_six_response_types_round_trip() {
        let exc = RemoteException::from_value(Value::string("boom"));
        let cases = vec![
            RpcResult::exception(exc.clone()),
            RpcResult::value(Value::Int(5)),
            RpcResult::value(Value::Null),
            RpcResult::exception(exc).with_attachments(dubbo_attachment()),
            RpcResult::value(Value::Long(7)).with_attachments(dubbo_attachment()),
            RpcResult::value(Value::Null).with_attachments(vec![]),
        ];
        for (kind, r) in cases.into_iter().enumerate() {
            assert_eq!(r.response_type(), kind as i32);
            let f = encode_result_frame(9, &r).unwrap();
            assert_eq!(f.body[0], 0x90 + kind as u8);
            assert_eq!(decode_response(&f).unwrap(), Response::Result(r));
        }
    }

    #[test]
    fn status_responses_carry_the_message() {
        let f = encode_status_frame(3, Status::ServiceError, "Not found exported service: x");
        assert_eq!(f.header.status, 70);
        assert_eq!(
            decode_response(&f).unwrap(),
            Response::Status {
                status: Status::ServiceError,
                message: Some("Not found exported service: x".into())
            }
        );
        let mut null_body = f.clone();
        null_body.body = vec![0x4e];
        assert_eq!(
            decode_response(&null_body).unwrap(),
            Response::Status {
                status: Status::ServiceError,
                message: None
            }
        );
    }

    #[test]
    fn unknown_result_type_is_an_error() {
        let mut f = encode_result_frame(1, &RpcResult::value(Value::Int(1))).unwrap();
        f.body[0] = 0x96;
        assert!(matches!(
            decode_response(&f),
            Err(ResponseDecodeError::UnknownResultType(_))
        ));
        f.header.serialization_id = 3;
        assert!(matches!(
            decode_response(&f),
            Err(ResponseDecodeError::Serialization(3))
        ));
    }

    fn throwable(class: &str, message: &str) -> Value {
        let frame = |m: &str, line: i32| Value::Object {
            class: "java.lang.StackTraceElement".into(),
            fields: vec![
                (
                    "declaringClass".into(),
                    Value::string("com.example.UserServiceImpl"),
                ),
                ("methodName".into(), Value::string(m)),
                ("fileName".into(), Value::string("UserServiceImpl.java")),
                ("lineNumber".into(), Value::Int(line)),
            ],
        };
        Value::Object {
            class: class.into(),
            fields: vec![
                ("detailMessage".into(), Value::string(message)),
                ("cause".into(), Value::Ref(0)),
                (
                    "stackTrace".into(),
                    Value::List {
                        type_name: Some("[java.lang.StackTraceElement".into()),
                        items: vec![frame("failOnDemand", 42), frame("invoke", -2)],
                    },
                ),
                (
                    "suppressedExceptions".into(),
                    Value::List {
                        type_name: Some(
                            "java.util.Collections$UnmodifiableRandomAccessList".into(),
                        ),
                        items: vec![],
                    },
                ),
            ],
        }
    }

    #[test]
    fn throwable_exception_with_self_cause() {
        let r = RpcResult::exception(RemoteException::from_value(throwable(
            "java.lang.IllegalArgumentException",
            "bad",
        )))
        .with_attachments(dubbo_attachment());
        let f = encode_result_frame(1, &r).unwrap();
        let Response::Result(back) = decode_response(&f).unwrap() else {
            panic!()
        };
        let Outcome::Exception(e) = back.outcome else {
            panic!()
        };
        assert_eq!(e.form, ExceptionForm::Throwable);
        assert_eq!(
            e.class.as_deref(),
            Some("java.lang.IllegalArgumentException")
        );
        assert_eq!(e.message.as_deref(), Some("bad"));
        assert!(e.cause.is_none(), "self-referencing cause must be dropped");
        assert_eq!(e.stack.len(), 2);
        assert_eq!(
            e.stack[0].to_string(),
            "com.example.UserServiceImpl.failOnDemand(UserServiceImpl.java:42)"
        );
        assert_eq!(
            e.stack[1].to_string(),
            "com.example.UserServiceImpl.invoke(Native Method)"
        );
        assert_eq!(e.to_string(), "java.lang.IllegalArgumentException: bad");
    }

    #[test]
    fn generic_exception_wrapper_surfaces_real_class() {
        let Value::Object { fields, .. } = throwable(
            GENERIC_EXCEPTION_CLASS,
            "java.lang.IllegalArgumentException: bad",
        ) else {
            panic!()
        };
        let mut fields = fields;
        fields.push((
            "exceptionClass".into(),
            Value::string("java.lang.IllegalArgumentException"),
        ));
        fields.push(("exceptionMessage".into(), Value::string("bad")));
        let e = RemoteException::from_value(Value::Object {
            class: GENERIC_EXCEPTION_CLASS.into(),
            fields,
        });
        assert_eq!(
            e.class.as_deref(),
            Some("java.lang.IllegalArgumentException")
        );
        assert_eq!(e.wrapper_class.as_deref(), Some(GENERIC_EXCEPTION_CLASS));
        assert_eq!(e.message.as_deref(), Some("bad"));
    }

    #[test]
    fn dubbo_js_string_exception() {
        // What dubbo-js sends for a thrown Error: type 3, a plain string, attachments.
        let mut body = vec![0x93, 0x10];
        body.extend(b"no such user -1!");
        body.extend(hex("48 05"));
        body.extend(b"dubbo");
        body.push(0x05);
        body.extend(b"2.0.2");
        body.push(0x5a);
        let f = Frame::new(Header::response(1, Status::Ok, 0), body);
        let Response::Result(r) = decode_response(&f).unwrap() else {
            panic!()
        };
        let e = r.into_value().unwrap_err();
        assert_eq!(e.form, ExceptionForm::PlainString);
        assert_eq!(e.message.as_deref(), Some("no such user -1!"));
        assert!(e.to_string().contains("plain string"));
    }

    #[test]
    fn response_attachment_version_rule() {
        assert!(supports_response_attachments("2.0.2"));
        assert!(supports_response_attachments("2.0.99"));
        assert!(!supports_response_attachments("2.0.1"));
        assert!(!supports_response_attachments("2.6.2"));
        assert!(!supports_response_attachments(""));
    }
}
