//! The gRPC form of Triple over HTTP/2 with prior knowledge (h2c), on hyper's HTTP/2 client:
//! reqwest cannot show trailers, and the status of a gRPC reply lives there.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http2::{self, SendRequest};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, Uri};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

use super::{
    check_result, code, decode_grpc_message, frame_message, grpc_timeout, parse_result,
    unframe_message, Call, Form, Reply, TripleError,
};

/// What the gRPC form sends as its content type; peers answer with any `application/grpc*`.
pub const CONTENT_TYPE: &str = "application/grpc+json";

const GRPC_STATUS: HeaderName = HeaderName::from_static("grpc-status");
const GRPC_MESSAGE: HeaderName = HeaderName::from_static("grpc-message");
const GRPC_ENCODING: HeaderName = HeaderName::from_static("grpc-encoding");
const GRPC_TIMEOUT: HeaderName = HeaderName::from_static("grpc-timeout");

/// One HTTP/2 connection per provider, opened on first use and replaced once closed.
pub struct Connections {
    connect_timeout: Duration,
    /// Looked up by every call: a plain lock, held for the lookup only.
    open: std::sync::Mutex<HashMap<String, SendRequest<Full<Bytes>>>>,
    /// Held while connecting, so that the calls that find no connection open one, not one each.
    connecting: Mutex<()>,
}

/// What every call of one [`Call`] sends in this form, built once: the headers (or why they
/// cannot be built, which each call then reports), the framed body, and the URI of the
/// provider it was last sent to.
#[derive(Debug)]
pub struct Template {
    path: String,
    headers: Result<HeaderMap, TripleError>,
    body: Bytes,
    uri: OnceLock<(String, Uri)>,
}

impl Template {
    pub fn new(call: &Call) -> Template {
        let body = Bytes::from(frame_message(&call.body));
        Template {
            path: call.path(),
            headers: headers(call, body.len()),
            body,
            uri: OnceLock::new(),
        }
    }

    /// The request for the provider at `addr`; the same checks, in the same order, as
    /// building it with `http`'s request builder.
    fn request(&self, addr: &str) -> Result<Request<Full<Bytes>>, TripleError> {
        let headers = self.headers.as_ref().map_err(Clone::clone)?;
        let uri = match self.uri.get() {
            Some((a, uri)) if a == addr => uri.clone(),
            _ => {
                let uri = Uri::try_from(format!("http://{addr}{}", self.path))
                    .map_err(|e| TripleError::Request(format!("{}: {e}", self.path)))?;
                let _ = self.uri.set((addr.to_string(), uri.clone()));
                uri
            }
        };
        let mut r = Request::new(Full::new(self.body.clone()));
        *r.method_mut() = Method::POST;
        *r.uri_mut() = uri;
        *r.headers_mut() = headers.clone();
        Ok(r)
    }
}

/// The request headers: content type, `te`, the timeout, group, version and attachments, and
/// the body's length (which hyper would add).
fn headers(call: &Call, body_len: usize) -> Result<HeaderMap, TripleError> {
    let mut h = HeaderMap::new();
    h.append(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static(CONTENT_TYPE),
    );
    h.append(hyper::header::TE, HeaderValue::from_static("trailers"));
    let timeout = HeaderValue::try_from(grpc_timeout(call.timeout))
        .map_err(|e| TripleError::Request(format!("grpc-timeout: {e}")))?;
    h.append(GRPC_TIMEOUT, timeout);
    for (k, v) in call.extra_headers() {
        let name = HeaderName::from_bytes(k.as_bytes())
            .map_err(|_| TripleError::Request(format!("{k:?} is not a valid header name")))?;
        let value = HeaderValue::from_str(&v)
            .map_err(|_| TripleError::Request(format!("{k}: {v:?} is not a valid header value")))?;
        h.append(name, value);
    }
    if !h.contains_key(hyper::header::CONTENT_LENGTH) {
        h.append(hyper::header::CONTENT_LENGTH, HeaderValue::from(body_len));
    }
    Ok(h)
}

impl Connections {
    pub fn new(connect_timeout: Duration) -> Connections {
        Connections {
            connect_timeout,
            open: std::sync::Mutex::new(HashMap::new()),
            connecting: Mutex::new(()),
        }
    }

    fn live(&self, addr: &str) -> Option<SendRequest<Full<Bytes>>> {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.get(addr).filter(|s| !s.is_closed()).cloned()
    }

    async fn sender(&self, addr: &str) -> Result<SendRequest<Full<Bytes>>, TripleError> {
        if let Some(s) = self.live(addr) {
            return Ok(s);
        }
        let _connecting = self.connecting.lock().await;
        if let Some(s) = self.live(addr) {
            return Ok(s);
        }
        let unreachable = |reason: String| TripleError::Unreachable {
            addr: addr.to_string(),
            reason,
        };
        let stream = tokio::time::timeout(self.connect_timeout, TcpStream::connect(addr))
            .await
            .map_err(|_| TripleError::ConnectTimeout {
                addr: addr.to_string(),
                after: self.connect_timeout,
            })?
            .map_err(|e| unreachable(e.to_string()))?;
        let _ = stream.set_nodelay(true);
        let (sender, conn) = tokio::time::timeout(
            self.connect_timeout,
            http2::handshake(TokioExecutor::new(), TokioIo::new(stream)),
        )
        .await
        .map_err(|_| TripleError::ConnectTimeout {
            addr: addr.to_string(),
            after: self.connect_timeout,
        })?
        .map_err(|e| unreachable(format!("HTTP/2 handshake failed: {}", describe(&e))))?;
        // The connection task ends when the peer closes or every sender is dropped.
        tokio::spawn(async move {
            let _ = conn.await;
        });
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(addr.to_string(), sender.clone());
        Ok(sender)
    }

    /// One unary call in the gRPC form, bounded by `timeout` from connect to trailers. The
    /// reply's value is decoded when `decode`, else only checked (load mode drops it).
    pub async fn call(
        &self,
        addr: &str,
        template: &Template,
        timeout: Duration,
        decode: bool,
    ) -> Result<Option<Reply>, TripleError> {
        let request = template.request(addr)?;
        let work = async {
            let mut sender = self.sender(addr).await?;
            sender.ready().await.map_err(|e| TripleError::Unreachable {
                addr: addr.to_string(),
                reason: describe(&e),
            })?;
            let response = sender.send_request(request).await.map_err(|e| {
                let reason = describe(&e);
                // hyper reports bytes that are no HTTP/2 frames (an HTTP/1.1 server's answer
                // to the preface) as a connection-level protocol error.
                if reason.contains("connection error") {
                    TripleError::NotHttp2 {
                        addr: addr.to_string(),
                        reason,
                    }
                } else {
                    TripleError::Unreachable {
                        addr: addr.to_string(),
                        reason,
                    }
                }
            })?;
            let (parts, body) = response.into_parts();
            let collected = body.collect().await.map_err(|e| TripleError::Unreachable {
                addr: addr.to_string(),
                reason: format!("the reply broke off: {}", describe(&e)),
            })?;
            let trailers = collected.trailers().cloned();
            let bytes = collected.to_bytes();
            let http = parts.status.as_u16();
            let value = check(
                addr,
                http,
                &parts.headers,
                trailers.as_ref(),
                &bytes,
                decode,
            )?;
            Ok(value.map(|value| Reply {
                value,
                form: Form::Grpc,
                headers: parts.headers,
                trailers,
            }))
        };
        match tokio::time::timeout(timeout, work).await {
            Ok(r) => r,
            Err(_) => Err(TripleError::Timeout {
                addr: addr.to_string(),
                after: timeout,
            }),
        }
    }
}

/// hyper's messages are terse; the source says what happened.
fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// Reads a finished gRPC exchange: the status from the trailers, else from the headers (a
/// trailers-only reply), else from the HTTP status; the one message on success.
pub fn interpret(
    addr: &str,
    http: u16,
    headers: HeaderMap,
    trailers: Option<HeaderMap>,
    body: &[u8],
) -> Result<Reply, TripleError> {
    let value = check(addr, http, &headers, trailers.as_ref(), body, true)?.unwrap_or_default();
    Ok(Reply {
        value,
        form: Form::Grpc,
        headers,
        trailers,
    })
}

/// [`interpret`] without keeping the reply: the same errors, and the value only when `decode`
/// (else the message is only checked to be JSON).
fn check(
    addr: &str,
    http: u16,
    headers: &HeaderMap,
    trailers: Option<&HeaderMap>,
    body: &[u8],
    decode: bool,
) -> Result<Option<serde_json::Value>, TripleError> {
    let source = match trailers {
        Some(t) if t.contains_key(GRPC_STATUS) => t,
        _ => headers,
    };
    let status = source.get(GRPC_STATUS).map(|v| {
        std::str::from_utf8(v.as_bytes())
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
    });
    let code = match status {
        Some(Some(c)) => c,
        Some(None) => {
            return Err(TripleError::Decode {
                addr: addr.to_string(),
                reason: "grpc-status is not a number".into(),
            })
        }
        None if http != 200 => super::code_from_http(http),
        None => {
            return Err(TripleError::Decode {
                addr: addr.to_string(),
                reason: "the reply has no grpc-status (not a gRPC server?)".into(),
            })
        }
    };
    if code != code::OK || http != 200 {
        let message = source
            .get(GRPC_MESSAGE)
            .map(|v| decode_grpc_message(v.as_bytes()))
            .unwrap_or_default();
        let message = if message.is_empty() && http != 200 {
            format!("HTTP {http}")
        } else {
            message
        };
        return Err(TripleError::Status {
            code: if code == code::OK {
                code::UNKNOWN
            } else {
                code
            },
            message,
            http,
            form: Form::Grpc,
        });
    }
    let content_type = headers
        .get(hyper::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/grpc") {
        return Err(TripleError::Decode {
            addr: addr.to_string(),
            reason: format!("unexpected content type {content_type:?} for a gRPC reply"),
        });
    }
    let encoding = headers.get(GRPC_ENCODING).and_then(|v| v.to_str().ok());
    let message = unframe_message(body, encoding).map_err(|e| TripleError::Decode {
        addr: addr.to_string(),
        reason: e.to_string(),
    })?;
    if decode {
        parse_result(addr, message).map(Some)
    } else {
        check_result(addr, message).map(|()| None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        m
    }

    #[test]
    fn success_reads_the_message_of_any_grpc_type() {
        let h = map(&[("content-type", "application/grpc+data")]);
        let t = map(&[("grpc-status", "0")]);
        let r = interpret("a:1", 200, h, Some(t), &frame_message(br#""hi""#)).unwrap();
        assert_eq!(r.value, serde_json::json!("hi"));
        assert_eq!(r.form, Form::Grpc);
    }

    #[test]
    fn trailers_only_errors_come_from_the_headers() {
        let h = map(&[
            ("content-type", "application/grpc"),
            ("grpc-status", "13"),
            ("grpc-message", "Invoke method failed: boom"),
        ]);
        let e = interpret("a:1", 200, h, None, b"").unwrap_err();
        assert_eq!(e.grpc_code(), Some(13));
        assert_eq!(
            e.to_string(),
            "grpc-status 13 (INTERNAL): Invoke method failed: boom"
        );
    }

    #[test]
    fn trailer_status_wins_and_is_percent_decoded() {
        let h = map(&[("content-type", "application/grpc+json")]);
        let t = map(&[("grpc-status", "5"), ("grpc-message", "no%20user%2042")]);
        let e = interpret("a:1", 200, h, Some(t), b"").unwrap_err();
        assert_eq!(e.to_string(), "grpc-status 5 (NOT_FOUND): no user 42");
    }

    #[test]
    fn http_errors_without_grpc_status() {
        let e = interpret("a:1", 415, HeaderMap::new(), None, b"").unwrap_err();
        assert!(super::super::wants_json_form(&e));
        assert_eq!(e.grpc_code(), Some(12));
        let e = interpret("a:1", 503, HeaderMap::new(), None, b"").unwrap_err();
        assert_eq!(e.grpc_code(), Some(14));
        let e = interpret(
            "a:1",
            200,
            map(&[("content-type", "text/html")]),
            None,
            b"<html>",
        )
        .unwrap_err();
        assert!(matches!(e, TripleError::Decode { .. }), "{e:?}");
    }

    #[test]
    fn bad_bodies_are_decode_errors() {
        let h = map(&[("content-type", "application/grpc")]);
        let t = map(&[("grpc-status", "0")]);
        for body in [
            b"".to_vec(),
            vec![0, 0, 0, 0, 9, b'x'],
            frame_message(b"{nope"),
        ] {
            let e = interpret("a:1", 200, h.clone(), Some(t.clone()), &body).unwrap_err();
            assert!(matches!(e, TripleError::Decode { .. }), "{e:?}");
        }
        let t = map(&[("grpc-status", "zero")]);
        assert!(matches!(
            interpret("a:1", 200, h, Some(t), b""),
            Err(TripleError::Decode { .. })
        ));
    }

    #[test]
    fn requests_carry_the_grpc_headers() {
        let mut c = Call::new(
            "com.x.G",
            "greet",
            &[serde_json::json!(1)],
            Duration::from_secs(2),
        );
        c.version = Some("1.0.0".into());
        let r = Template::new(&c).request("127.0.0.1:9").unwrap();
        assert_eq!(r.uri(), "http://127.0.0.1:9/com.x.G/greet");
        assert_eq!(r.headers()["content-type"], CONTENT_TYPE);
        assert_eq!(r.headers()["te"], "trailers");
        assert_eq!(r.headers()["grpc-timeout"], "2000m");
        assert_eq!(r.headers()["tri-service-version"], "1.0.0");
        c.attachments = vec![("bad key".into(), "v".into())];
        assert!(matches!(
            Template::new(&c).request("127.0.0.1:9"),
            Err(TripleError::Request(_))
        ));
    }
}
