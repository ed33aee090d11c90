//! The gRPC form of Triple over HTTP/2 with prior knowledge (h2c), on the h2 crate (the HTTP/2
//! of hyper and reqwest): reqwest cannot show trailers, and the status of a gRPC reply lives
//! there. h2 itself rather than hyper's client: hyper hands every request to its connection
//! task through a channel and spawns a task per request to await the response, which was a
//! fifth of the client's instructions per call; with h2 the calling task opens the stream and
//! awaits its response itself.

use std::collections::HashMap;
use std::future::poll_fn;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use h2::client::SendRequest;
use h2::RecvStream;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, Uri};
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

/// The HTTP/2 settings of hyper's client, which this form used before: windows large enough
/// that replies never wait for a WINDOW_UPDATE, and no server push.
fn builder() -> h2::client::Builder {
    let mut b = h2::client::Builder::new();
    b.initial_max_send_streams(100)
        .initial_window_size(2 * 1024 * 1024)
        .initial_connection_window_size(5 * 1024 * 1024)
        .max_frame_size(16 * 1024)
        .max_header_list_size(16 * 1024)
        .max_send_buffer_size(1024 * 1024)
        .max_local_error_reset_streams(Some(1024))
        .enable_push(false);
    b
}

/// An open connection, and whether its task has ended (the peer closed it, or it failed).
struct Open {
    sender: SendRequest<Bytes>,
    closed: Arc<AtomicBool>,
}

/// One HTTP/2 connection per provider, opened on first use and replaced once closed.
pub struct Connections {
    connect_timeout: Duration,
    /// Looked up by every call: a plain lock, held for the lookup only.
    open: std::sync::Mutex<HashMap<String, Open>>,
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
    fn request(&self, addr: &str) -> Result<Request<()>, TripleError> {
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
        let mut r = Request::new(());
        *r.method_mut() = Method::POST;
        *r.uri_mut() = uri;
        *r.headers_mut() = headers.clone();
        Ok(r)
    }
}

/// The request headers: content type, `te`, the timeout, group, version and attachments, and
/// the body's length (as hyper added it).
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

    fn live(&self, addr: &str) -> Option<SendRequest<Bytes>> {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.get(addr)
            .filter(|o| !o.closed.load(Ordering::Acquire))
            .map(|o| o.sender.clone())
    }

    async fn sender(&self, addr: &str) -> Result<SendRequest<Bytes>, TripleError> {
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
            builder().handshake::<_, Bytes>(stream),
        )
        .await
        .map_err(|_| TripleError::ConnectTimeout {
            addr: addr.to_string(),
            after: self.connect_timeout,
        })?
        .map_err(|e| unreachable(format!("HTTP/2 handshake failed: {}", describe(&e))))?;
        let closed = Arc::new(AtomicBool::new(false));
        let ended = closed.clone();
        // The connection task ends when the peer closes or fails the connection.
        tokio::spawn(async move {
            let _ = conn.await;
            ended.store(true, Ordering::Release);
        });
        self.open.lock().unwrap_or_else(|e| e.into_inner()).insert(
            addr.to_string(),
            Open {
                sender: sender.clone(),
                closed,
            },
        );
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
            poll_fn(|cx| sender.poll_ready(cx))
                .await
                .map_err(|e| sent_error(addr, &e))?;
            let (response, mut stream) = sender
                .send_request(request, false)
                .map_err(|e| sent_error(addr, &e))?;
            stream
                .send_data(template.body.clone(), true)
                .map_err(|e| sent_error(addr, &e))?;
            let response = response.await.map_err(|e| sent_error(addr, &e))?;
            let (parts, mut body) = response.into_parts();
            let broke_off = |e: h2::Error| TripleError::Unreachable {
                addr: addr.to_string(),
                reason: format!("the reply broke off: {}", describe(&e)),
            };
            let collected = collect(&mut body).await.map_err(broke_off)?;
            let trailers = poll_fn(|cx| body.poll_trailers(cx))
                .await
                .map_err(broke_off)?;
            let http = parts.status.as_u16();
            let value = check(
                addr,
                http,
                &parts.headers,
                trailers.as_ref(),
                collected.as_slice(),
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

/// A failure to send, or to get an answer: h2 reports bytes that are no HTTP/2 frames (an
/// HTTP/1.1 server's answer to the preface) as a connection-level protocol error.
fn sent_error(addr: &str, e: &h2::Error) -> TripleError {
    let reason = describe(e);
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
}

/// A reply body: nearly always one DATA frame, kept without a copy.
enum Collected {
    Empty,
    One(Bytes),
    Many(Vec<u8>),
}

impl Collected {
    fn as_slice(&self) -> &[u8] {
        match self {
            Collected::Empty => &[],
            Collected::One(b) => b,
            Collected::Many(v) => v,
        }
    }
}

/// Reads the body to its end, handing each frame's bytes back to the flow-control window.
async fn collect(body: &mut RecvStream) -> Result<Collected, h2::Error> {
    let mut collected = Collected::Empty;
    while let Some(chunk) = poll_fn(|cx| body.poll_data(cx)).await {
        let chunk = chunk?;
        let _ = body.flow_control().release_capacity(chunk.len());
        collected = match collected {
            Collected::Empty => Collected::One(chunk),
            Collected::One(first) => {
                let mut v = Vec::with_capacity(first.len() + chunk.len());
                v.extend_from_slice(&first);
                v.extend_from_slice(&chunk);
                Collected::Many(v)
            }
            Collected::Many(mut v) => {
                v.extend_from_slice(&chunk);
                Collected::Many(v)
            }
        };
    }
    Ok(collected)
}

/// The transport's messages are terse; the source says what happened.
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
