//! Triple's unary JSON form (`application/json`, the argument array as the body) on reqwest.
//! HTTP/2 with prior knowledge first, since every Triple server speaks it (dubbo-js's HTTP/2
//! server speaks nothing else); a server that refuses the HTTP/2 preface gets HTTP/1.1.

use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::{check_result, json_error, parse_result, Call, Form, Reply, TripleError};

/// What every call of one [`Call`] sends in this form, built once: the headers, the body, and
/// the URL of the provider it was last sent to. Headers reqwest would refuse are left to be
/// added per call as before, so that such a call fails exactly as it did.
#[derive(Debug)]
pub struct Template {
    path: String,
    extra: Vec<(String, String)>,
    headers: Option<HeaderMap>,
    body: Bytes,
    url: OnceLock<(String, reqwest::Url)>,
}

impl Template {
    pub fn new(call: &Call) -> Template {
        let extra = call.extra_headers();
        let mut headers = HeaderMap::new();
        headers.append(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        let all_valid = extra.iter().all(|(k, v)| {
            match (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                (Ok(k), Ok(v)) => {
                    headers.append(k, v);
                    true
                }
                _ => false,
            }
        });
        Template {
            path: call.path(),
            extra,
            headers: all_valid.then_some(headers),
            body: Bytes::from(call.body.clone()),
            url: OnceLock::new(),
        }
    }

    /// The URL for `addr`, parsed once; `None` when it would not parse (the request builder
    /// then reports it, as before).
    fn url(&self, addr: &str) -> Option<reqwest::Url> {
        if let Some((a, url)) = self.url.get() {
            if a == addr {
                return Some(url.clone());
            }
        }
        let url = reqwest::Url::parse(&format!("http://{addr}{}", self.path)).ok()?;
        if !url.has_host() {
            return None;
        }
        let _ = self.url.set((addr.to_string(), url.clone()));
        Some(url)
    }
}

pub struct JsonClient {
    h2: reqwest::Client,
    h1: reqwest::Client,
}

fn client(connect_timeout: Duration, h2: bool) -> Result<reqwest::Client, TripleError> {
    let b = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .no_proxy()
        .tcp_nodelay(true);
    let b = if h2 {
        b.http2_prior_knowledge()
    } else {
        b.http1_only()
    };
    b.build()
        .map_err(|e| TripleError::Request(format!("cannot set up the HTTP client: {e}")))
}

impl JsonClient {
    pub fn new(connect_timeout: Duration) -> Result<JsonClient, TripleError> {
        Ok(JsonClient {
            h2: client(connect_timeout, true)?,
            h1: client(connect_timeout, false)?,
        })
    }

    /// One call in the JSON form: the reply's value decoded when `decode`, else only checked.
    pub async fn call(
        &self,
        addr: &str,
        t: &Template,
        timeout: Duration,
        decode: bool,
    ) -> Result<Option<Reply>, TripleError> {
        match self.send(&self.h2, addr, t, timeout, decode).await {
            // A refused connection or a timeout would fail over HTTP/1.1 as well.
            Err(Sent::Transport(e)) if !e.is_timeout() && !e.is_connect() => {
                match self.send(&self.h1, addr, t, timeout, decode).await {
                    Ok(r) => Ok(r),
                    Err(Sent::Transport(_) | Sent::TimedOut) => Err(transport(addr, timeout, &e)),
                    Err(Sent::Done(e)) => Err(e),
                }
            }
            Err(Sent::Transport(e)) => Err(transport(addr, timeout, &e)),
            Err(Sent::TimedOut) => Err(TripleError::Timeout {
                addr: addr.to_string(),
                after: timeout,
            }),
            Err(Sent::Done(e)) => Err(e),
            Ok(r) => Ok(r),
        }
    }

    /// One attempt over `client`, bounded by `timeout` from sending to the end of the body.
    /// tokio's timer rather than reqwest's per-request timeout, which boxes a timer for every
    /// request and polls it once more for each piece of the body.
    async fn send(
        &self,
        client: &reqwest::Client,
        addr: &str,
        t: &Template,
        timeout: Duration,
        decode: bool,
    ) -> Result<Option<Reply>, Sent> {
        tokio::time::timeout(timeout, self.exchange(client, addr, t, decode))
            .await
            .unwrap_or(Err(Sent::TimedOut))
    }

    async fn exchange(
        &self,
        client: &reqwest::Client,
        addr: &str,
        t: &Template,
        decode: bool,
    ) -> Result<Option<Reply>, Sent> {
        let req = match (&t.headers, t.url(addr)) {
            (Some(headers), Some(url)) => client
                .request(reqwest::Method::POST, url)
                .headers(headers.clone()),
            _ => {
                let mut req = client
                    .post(format!("http://{addr}{}", t.path))
                    .header("content-type", "application/json");
                for (k, v) in &t.extra {
                    req = req.header(k, v);
                }
                req
            }
        };
        let req = req.body(t.body.clone());
        let mut response = req.send().await.map_err(Sent::Transport)?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(Sent::Transport)?;
        if status != 200 {
            let (code, message) = json_error(status, &body);
            return Err(Sent::Done(TripleError::Status {
                code,
                message,
                http: status,
                form: Form::Json,
            }));
        }
        if !decode {
            return check_result(addr, &body).map(|()| None).map_err(Sent::Done);
        }
        let value = parse_result(addr, &body).map_err(Sent::Done)?;
        Ok(Some(Reply {
            value,
            form: Form::Json,
            headers,
            trailers: None,
        }))
    }
}

enum Sent {
    /// No HTTP answer: connection (or its timeout) or protocol.
    Transport(reqwest::Error),
    /// No answer within the call's timeout.
    TimedOut,
    Done(TripleError),
}

fn transport(addr: &str, timeout: Duration, e: &reqwest::Error) -> TripleError {
    if e.is_timeout() {
        return TripleError::Timeout {
            addr: addr.to_string(),
            after: timeout,
        };
    }
    let mut reason = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        reason.push_str(": ");
        reason.push_str(&c.to_string());
        cause = c.source();
    }
    TripleError::Unreachable {
        addr: addr.to_string(),
        reason,
    }
}
