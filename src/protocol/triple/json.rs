//! Triple's unary JSON form (`application/json`, the argument array as the body) on reqwest.
//! HTTP/2 with prior knowledge first, since every Triple server speaks it (dubbo-js's HTTP/2
//! server speaks nothing else); a server that refuses the HTTP/2 preface gets HTTP/1.1.

use std::time::Duration;

use super::{json_error, parse_result, Call, Form, Reply, TripleError};

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

    pub async fn call(&self, addr: &str, call: &Call) -> Result<Reply, TripleError> {
        match self.send(&self.h2, addr, call).await {
            // A refused connection or a timeout would fail over HTTP/1.1 as well.
            Err(Sent::Transport(e)) if !e.is_timeout() && !e.is_connect() => {
                match self.send(&self.h1, addr, call).await {
                    Ok(r) => Ok(r),
                    Err(Sent::Transport(_)) => Err(transport(addr, call, &e)),
                    Err(Sent::Done(e)) => Err(e),
                }
            }
            Err(Sent::Transport(e)) => Err(transport(addr, call, &e)),
            Err(Sent::Done(e)) => Err(e),
            Ok(r) => Ok(r),
        }
    }

    async fn send(&self, client: &reqwest::Client, addr: &str, call: &Call) -> Result<Reply, Sent> {
        let mut req = client
            .post(format!("http://{addr}{}", call.path()))
            .header("content-type", "application/json")
            .timeout(call.timeout)
            .body(call.body.clone());
        for (k, v) in call.extra_headers() {
            req = req.header(k, v);
        }
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
        let value = parse_result(addr, &body).map_err(Sent::Done)?;
        Ok(Reply {
            value,
            form: Form::Json,
            headers,
            trailers: None,
        })
    }
}

enum Sent {
    /// No HTTP answer: connection, protocol or timeout.
    Transport(reqwest::Error),
    Done(TripleError),
}

fn transport(addr: &str, call: &Call, e: &reqwest::Error) -> TripleError {
    if e.is_timeout() {
        return TripleError::Timeout {
            addr: addr.to_string(),
            after: call.timeout,
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
