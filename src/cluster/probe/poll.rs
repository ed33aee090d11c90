//! The probes (tokio I/O): telnet `count` on a Dubbo port, `GET /metrics` on a QoS port, and a
//! poller that asks many targets at once with bounded concurrency. Every probe has an overall
//! deadline and a size cap, so a provider that accepts and never answers, or answers forever,
//! costs one timeout and some bounded memory, never a stalled screen.

use std::collections::HashMap;
use std::time::Duration;

use futures::stream::{self, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::counters::{from_count_table, from_metrics, wanted_family};
use super::source::{MetricsEndpoint, Source};
use super::{clean, ProbeError, ProbeReport, ProbeTarget};
use crate::protocol::prometheus::{parse_filtered, Exposition};
use crate::protocol::telnet::{
    parse_count_reply_with, reply_complete_with, CountReply, MethodCount, Prompts,
};

/// Limits of one poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollOptions {
    /// Probes in flight at once.
    pub concurrency: usize,
    /// Deadline of one probe: connect, ask and read the whole answer.
    pub timeout: Duration,
    /// Largest telnet answer read (a `count` table is a few hundred bytes per method).
    pub max_telnet_bytes: usize,
    /// Largest metrics body read (a JVM with many services prints a few hundred KiB).
    pub max_metrics_bytes: usize,
}

impl Default for PollOptions {
    fn default() -> Self {
        PollOptions {
            concurrency: 16,
            timeout: Duration::from_millis(1500),
            max_telnet_bytes: 256 * 1024,
            max_metrics_bytes: 8 * 1024 * 1024,
        }
    }
}

fn timeout_ms(d: Duration) -> u64 {
    d.as_millis().min(u64::MAX as u128) as u64
}

/// Sends `count <service>` to a Dubbo port and reads the reply up to the next prompt (or the
/// end of the stream), within `timeout` and `max_bytes`.
pub async fn telnet_count(
    addr: &str,
    service: &str,
    timeout: Duration,
    max_bytes: usize,
) -> Result<Vec<MethodCount>, ProbeError> {
    telnet_counts(addr, &[service], None, timeout, max_bytes)
        .await
        .pop()
        .unwrap_or_else(|| Err(ProbeError::Unexpected("nothing asked".into())))
}

/// Asks `count` for each of `services` in turn on one connection to a Dubbo port (a provider
/// exporting many services costs one connection, not one each). One result per service, in
/// order. A reply ends at Dubbo's prompt or at `prompt`, the provider's own. The whole exchange
/// has `timeout`; each reply at most `max_bytes`.
pub async fn telnet_counts(
    addr: &str,
    services: &[&str],
    prompt: Option<&str>,
    timeout: Duration,
    max_bytes: usize,
) -> Vec<Result<Vec<MethodCount>, ProbeError>> {
    let deadline = tokio::time::Instant::now() + timeout;
    let prompts = Prompts::with(prompt);
    let timed_out = ProbeError::Timeout(timeout_ms(timeout));
    let connected = match tokio::time::timeout_at(deadline, TcpStream::connect(addr)).await {
        Err(_) => Err(timed_out.clone()),
        Ok(Err(e)) => Err(ProbeError::Connect {
            addr: clean(addr),
            message: e.to_string(),
        }),
        Ok(Ok(s)) => Ok(s),
    };
    let mut stream = match connected {
        Ok(s) => s,
        Err(e) => return services.iter().map(|_| Err(e.clone())).collect(),
    };
    let _ = stream.set_nodelay(true);
    // Once the connection is unusable, what is left is not asked.
    let mut broken: Option<ProbeError> = None;
    let mut out = Vec::with_capacity(services.len());
    for service in services {
        // A service name with a line break would smuggle a second command.
        if service.is_empty() || service.chars().any(|c| c.is_control() || c == ' ') {
            out.push(Err(ProbeError::Unexpected(format!(
                "not a service name: {}",
                clean(service)
            ))));
            continue;
        }
        if let Some(e) = &broken {
            out.push(Err(e.clone()));
            continue;
        }
        let exchange = count_exchange(&mut stream, addr, service, prompts, max_bytes);
        match tokio::time::timeout_at(deadline, exchange).await {
            Err(_) => {
                out.push(Err(timed_out.clone()));
                broken = Some(timed_out.clone());
            }
            Ok(Err(e)) => {
                broken = Some(ProbeError::Unexpected(format!(
                    "not asked: an earlier command on the connection failed ({e})"
                )));
                out.push(Err(e));
            }
            Ok(Ok((reply, closed))) => {
                out.push(interpret_count(&reply, prompts));
                if closed {
                    broken = Some(ProbeError::Unexpected(
                        "not asked: the provider closed the connection after an earlier command"
                            .into(),
                    ));
                }
            }
        }
    }
    out
}

fn interpret_count(reply: &[u8], prompts: Prompts<'_>) -> Result<Vec<MethodCount>, ProbeError> {
    match parse_count_reply_with(reply, prompts) {
        CountReply::Table(rows) => Ok(rows),
        CountReply::Disabled(m) => Err(ProbeError::Disabled(clean(&m))),
        CountReply::NoSuchService(m) => Err(ProbeError::NoSuchService(clean(&m))),
        CountReply::Forbidden(m) => Err(ProbeError::Forbidden(clean(&m))),
        CountReply::Unsupported(m) => Err(ProbeError::Unexpected(clean(&m))),
        CountReply::Other(m) if m.is_empty() => Err(ProbeError::Unexpected(
            "the connection closed without a reply (not a Dubbo 2.x port?)".into(),
        )),
        CountReply::Other(m) => Err(ProbeError::Unexpected(clean(&m))),
    }
}

/// One `count` command and its reply; `true` with it when the provider closed the stream.
async fn count_exchange(
    stream: &mut TcpStream,
    addr: &str,
    service: &str,
    prompts: Prompts<'_>,
    max_bytes: usize,
) -> Result<(Vec<u8>, bool), ProbeError> {
    let io_err = |e: std::io::Error| ProbeError::Io {
        addr: clean(addr),
        message: e.to_string(),
    };
    // The command goes out at once: a Dubbo port says nothing until it has seen text (it cannot
    // tell telnet from the binary protocol before), and a greeting prompt, if any, is skipped
    // by `reply_complete`.
    stream
        .write_all(format!("count {service}\r\n").as_bytes())
        .await
        .map_err(io_err)?;
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    loop {
        let n = match stream.read(&mut chunk).await {
            Ok(n) => n,
            // A reset after the answer (2.7's QoS closes after "Foreign Ip Not Permitted.").
            Err(_) if !buf.is_empty() => 0,
            Err(e) => return Err(io_err(e)),
        };
        if n == 0 {
            return Ok((buf, true));
        }
        if buf.len() + n > max_bytes {
            return Err(ProbeError::TooLarge(max_bytes));
        }
        buf.extend_from_slice(&chunk[..n]);
        if reply_complete_with(&buf, prompts) {
            return Ok((buf, false));
        }
    }
}

/// A reusable HTTP client for metrics endpoints: no proxy (QoS is reached directly), no TLS.
pub fn http_client() -> Result<reqwest::Client, ProbeError> {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(1)
        .build()
        .map_err(|e| ProbeError::Unexpected(format!("cannot set up HTTP: {e}")))
}

/// `GET`s a metrics page and parses the `dubbo_provider_*` families in it, within `timeout`
/// and `max_bytes`.
pub async fn fetch_metrics(
    client: &reqwest::Client,
    endpoint: &MetricsEndpoint,
    timeout: Duration,
    max_bytes: usize,
) -> Result<Exposition, ProbeError> {
    let url = endpoint.url();
    let deadline = tokio::time::Instant::now() + timeout;
    let body = match tokio::time::timeout_at(deadline, fetch_body(client, &url, max_bytes)).await {
        Err(_) => return Err(ProbeError::Timeout(timeout_ms(timeout))),
        Ok(Ok(body)) => body,
        // 2.7's QoS refuses an untrusted caller before any HTTP, with a line of text and a
        // close; the HTTP client only sees a malformed answer. Look at what the port says.
        Ok(Err(e @ ProbeError::Io { .. })) => {
            let sniff = tokio::time::timeout_at(deadline, first_words(endpoint)).await;
            return match sniff {
                Ok(Some(t)) if t.contains("Foreign Ip Not Permitted") => {
                    Err(ProbeError::Forbidden(clean(&t)))
                }
                _ => Err(e),
            };
        }
        Ok(Err(e)) => return Err(e),
    };
    let text = String::from_utf8_lossy(&body);
    if text.contains("Foreign Ip Not Permitted") {
        return Err(ProbeError::Forbidden(clean(text.trim())));
    }
    Ok(parse_filtered(&text, wanted_family))
}

/// What a port writes on connect, unasked (at most 512 bytes, until it closes).
async fn first_words(endpoint: &MetricsEndpoint) -> Option<String> {
    let mut s = TcpStream::connect((endpoint.host.as_str(), endpoint.port))
        .await
        .ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 512];
    while buf.len() < 512 {
        match s.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    Some(String::from_utf8_lossy(&buf).into_owned())
}

async fn fetch_body(
    client: &reqwest::Client,
    url: &str,
    max_bytes: usize,
) -> Result<Vec<u8>, ProbeError> {
    let mut resp = client
        .get(url)
        .header("accept", "text/plain;version=0.0.4")
        .send()
        .await
        .map_err(|e| {
            if e.is_connect() {
                ProbeError::Connect {
                    addr: clean(url),
                    message: error_chain(&e),
                }
            } else {
                ProbeError::Io {
                    addr: clean(url),
                    message: error_chain(&e),
                }
            }
        })?;
    let status = resp.status().as_u16();
    if status == 403 {
        return Err(ProbeError::Forbidden(format!(
            "HTTP 403 from {}",
            clean(url)
        )));
    }
    if !(200..300).contains(&status) {
        return Err(ProbeError::Http {
            status,
            url: clean(url),
        });
    }
    if resp.content_length().is_some_and(|n| n > max_bytes as u64) {
        return Err(ProbeError::TooLarge(max_bytes));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| ProbeError::Io {
        addr: clean(url),
        message: error_chain(&e),
    })? {
        if body.len() + chunk.len() > max_bytes {
            return Err(ProbeError::TooLarge(max_bytes));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// reqwest's top-level message is "error sending request"; the cause says what happened.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    clean(&msg)
}

/// Polls targets with one HTTP client kept between polls (cheap to clone: the client is shared).
#[derive(Debug, Clone)]
pub struct Prober {
    http: reqwest::Client,
    options: PollOptions,
}

/// One network exchange; several targets share it: all services of one Dubbo port (one
/// connection, one `count` each), all services behind one QoS port (one GET).
enum Job {
    Telnet {
        addr: String,
        services: Vec<String>,
        prompt: Option<String>,
    },
    Metrics(MetricsEndpoint),
}

enum JobResult {
    Telnet(Vec<Result<Vec<MethodCount>, ProbeError>>),
    Metrics(Result<Exposition, ProbeError>),
}

impl Prober {
    pub fn new(options: PollOptions) -> Result<Prober, ProbeError> {
        Ok(Prober {
            http: http_client()?,
            options,
        })
    }

    pub fn options(&self) -> &PollOptions {
        &self.options
    }

    /// Probes every target once and returns one report per target, in the targets' order.
    /// Targets without a source are answered from their reason, without I/O; the services
    /// of one Dubbo port share one connection, those behind one metrics endpoint one GET.
    /// Takes at most about `ceil(exchanges / concurrency) × timeout`.
    pub async fn poll(&self, targets: &[ProbeTarget]) -> Vec<ProbeReport> {
        let mut jobs: Vec<Job> = Vec::new();
        let mut telnet_jobs: HashMap<String, usize> = HashMap::new();
        let mut metrics_jobs: HashMap<MetricsEndpoint, usize> = HashMap::new();
        // Per target: its job and its place in it, or the reason it has none.
        let job_of: Vec<Result<(usize, usize), String>> = targets
            .iter()
            .map(|t| match &t.source {
                Source::None { reason } => Err(reason.clone()),
                Source::Telnet {
                    addr,
                    service,
                    prompt,
                } => {
                    // One port, one console: its services share the prompt.
                    let j = *telnet_jobs.entry(addr.clone()).or_insert_with(|| {
                        jobs.push(Job::Telnet {
                            addr: addr.clone(),
                            services: Vec::new(),
                            prompt: prompt.clone(),
                        });
                        jobs.len() - 1
                    });
                    let Job::Telnet { services, .. } = &mut jobs[j] else {
                        return Err("internal: job kinds mixed".into());
                    };
                    let k = match services.iter().position(|s| s == service) {
                        Some(k) => k,
                        None => {
                            services.push(service.clone());
                            services.len() - 1
                        }
                    };
                    Ok((j, k))
                }
                Source::Metrics(e) => {
                    let j = *metrics_jobs.entry(e.clone()).or_insert_with(|| {
                        jobs.push(Job::Metrics(e.clone()));
                        jobs.len() - 1
                    });
                    Ok((j, 0))
                }
            })
            .collect();
        let opts = &self.options;
        let mut results: Vec<(usize, JobResult)> = stream::iter(jobs.into_iter().enumerate())
            .map(|(i, job)| async move {
                let r = match job {
                    Job::Telnet {
                        addr,
                        services,
                        prompt,
                    } => {
                        let names: Vec<&str> = services.iter().map(String::as_str).collect();
                        JobResult::Telnet(
                            telnet_counts(
                                &addr,
                                &names,
                                prompt.as_deref(),
                                opts.timeout,
                                opts.max_telnet_bytes,
                            )
                            .await,
                        )
                    }
                    Job::Metrics(e) => JobResult::Metrics(
                        fetch_metrics(&self.http, &e, opts.timeout, opts.max_metrics_bytes).await,
                    ),
                };
                (i, r)
            })
            .buffer_unordered(opts.concurrency.max(1))
            .collect()
            .await;
        results.sort_by_key(|(i, _)| *i);
        targets
            .iter()
            .zip(job_of)
            .map(|(t, job)| {
                let result = match job {
                    Err(reason) => Err(ProbeError::NoSource(reason)),
                    Ok((j, k)) => match &results[j].1 {
                        JobResult::Telnet(rs) => match rs.get(k) {
                            Some(r) => r.as_deref().map(from_count_table).map_err(Clone::clone),
                            None => Err(ProbeError::Unexpected("internal: reply missing".into())),
                        },
                        JobResult::Metrics(Ok(body)) => {
                            from_metrics(body, &t.service, t.application.as_deref())
                        }
                        JobResult::Metrics(Err(e)) => Err(e.clone()),
                    },
                };
                ProbeReport {
                    target: t.clone(),
                    result,
                }
            })
            .collect()
    }
}
