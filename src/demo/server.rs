//! The demo provider's TCP server (tokio I/O): frames in, one task per request, frames out.
//! A connection whose first byte is not Dubbo's magic is a telnet console (`count`), as on a
//! 2.7 provider; with a QoS port set, a small HTTP/1.1 server serves `GET /metrics` there.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};

use super::dispatch::{dispatch, Answer};
use super::services::{catalog, CallContext, ServiceDef};
use super::stats::CallCounters;
use super::telnet::{self, Reply};
use crate::protocol::dubbo::frame::{
    self, Event, Frame, FrameSplitter, Status, DEFAULT_PAYLOAD_LIMIT,
};
use crate::protocol::dubbo::request::decode_request_body;
use crate::protocol::dubbo::response::{encode_result_frame, encode_status_frame, Outcome};

/// How the demo provider presents itself.
#[derive(Debug, Clone)]
pub struct DemoConfig {
    /// Shown by `whoami()`, so tests can tell instances apart.
    pub instance: String,
    pub application: String,
    /// Address advertised in URLs and messages.
    pub host: String,
    pub weight: Option<u32>,
    /// `warmup` URL parameter (ms): consumers ramp the weight up over this long after the
    /// provider starts (Dubbo's default when absent: 10 minutes). 0 turns warm-up off.
    pub warmup_ms: Option<u64>,
    /// Dubbo root node to register under (`/dubbo`, as Java's default).
    pub root: String,
    /// Print `call <interface>.<method>` on stdout for every request served (not heartbeats),
    /// so a test can see from the provider's side which calls reached it.
    pub log_calls: bool,
    /// `executes` URL parameter: the per-method limit of concurrent calls. As in Dubbo, it is
    /// what makes the telnet `count` counters move (ExecuteLimitFilter); calls over the limit
    /// are refused. `None`: no limit, and `count` shows zeros.
    pub executes: Option<u32>,
    /// `telnet` URL parameter: the console commands allowed (2.7.13+ allows none without it).
    pub telnet: Option<String>,
    /// `prompt` URL parameter: the console's prompt instead of Dubbo's (`<dubbo:protocol
    /// prompt="...">`).
    pub telnet_prompt: Option<String>,
    /// `release` URL parameter; a 3.x release makes svcctl ask the QoS metrics instead.
    pub release: String,
    /// QoS HTTP port serving `GET /metrics` (Dubbo 3's Prometheus page). `None`: no QoS.
    pub qos_port: Option<u16>,
    /// Refuse every QoS caller, as Dubbo does one it does not trust: HTTP 403 with a 3.x
    /// `release`, 2.7's `Foreign Ip Not Permitted.` on connect otherwise.
    pub qos_deny: bool,
    /// Interface-level nodes, an application instance, or both (Dubbo 3's register-mode).
    pub register_mode: super::instance::RegisterMode,
    /// With an application instance: write the `MetadataInfo` to the registry (`remote`)
    /// rather than only serving it from the MetadataService (`local`, Dubbo 3's default).
    pub metadata_remote: bool,
}

/// The demo's default `executes` limit: high enough never to refuse a test's load.
pub const DEFAULT_EXECUTES: u32 = 1000;

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            instance: "demo".into(),
            application: "svcctl-demo-provider".into(),
            host: "127.0.0.1".into(),
            weight: None,
            warmup_ms: None,
            root: "/dubbo".into(),
            log_calls: false,
            executes: Some(DEFAULT_EXECUTES),
            telnet: Some("count".into()),
            telnet_prompt: None,
            release: "2.7.23".into(),
            qos_port: None,
            qos_deny: false,
            register_mode: Default::default(),
            metadata_remote: false,
        }
    }
}

struct Shared {
    ctx: CallContext,
    services: Vec<ServiceDef>,
    /// Outbound queues of live connections (for readonly events on shutdown).
    conns: Mutex<HashMap<u64, mpsc::Sender<Frame>>>,
    next_conn: AtomicU64,
    /// Requests received (heartbeats and other events not counted).
    requests: AtomicU64,
    log_calls: bool,
    counters: CallCounters,
    executes: Option<u32>,
    telnet_allowed: Vec<String>,
    /// The console's prompt when configured; Dubbo's two otherwise.
    telnet_prompt: Option<String>,
    application: String,
    qos_deny: bool,
}

/// A running demo provider. Dropping it stops accepting; [`DemoProvider::shutdown`] also tells
/// connected consumers (readonly event) first.
pub struct DemoProvider {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    stop: watch::Sender<bool>,
    config: DemoConfig,
    qos_addr: Option<SocketAddr>,
}

impl DemoProvider {
    /// Binds `config.host:port` (0 = ephemeral) and starts serving; also the QoS port when
    /// `config.qos_port` is set (0 there also picks a free one).
    pub async fn bind(port: u16, config: DemoConfig) -> std::io::Result<DemoProvider> {
        let listener = TcpListener::bind((config.host.as_str(), port)).await?;
        let qos = match config.qos_port {
            Some(p) => Some(TcpListener::bind((config.host.as_str(), p)).await?),
            None => None,
        };
        Ok(DemoProvider::serve_with_qos(listener, qos, config))
    }

    /// Serves on an already bound listener (no QoS).
    pub fn serve(listener: TcpListener, config: DemoConfig) -> DemoProvider {
        DemoProvider::serve_with_qos(listener, None, config)
    }

    /// Serves on already bound listeners.
    pub fn serve_with_qos(
        listener: TcpListener,
        qos: Option<TcpListener>,
        config: DemoConfig,
    ) -> DemoProvider {
        let local_addr = listener
            .local_addr()
            .expect("bound listener has an address");
        let mut services = catalog();
        let metadata = config.register_mode.application_level().then(|| {
            let meta = super::instance::metadata(&config, &services, local_addr.port());
            Arc::new((
                meta.revision.clone(),
                super::instance::metadata_value(&meta),
            ))
        });
        if metadata.is_some() {
            services.push(super::instance::metadata_service(&config.application));
        }
        let shared = Arc::new(Shared {
            ctx: CallContext {
                instance: config.instance.clone(),
                host: config.host.clone(),
                port: local_addr.port(),
                metadata,
            },
            services,
            conns: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            log_calls: config.log_calls,
            counters: CallCounters::default(),
            executes: config.executes.filter(|n| *n > 0),
            telnet_allowed: config
                .telnet
                .as_deref()
                .unwrap_or("")
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            telnet_prompt: config.telnet_prompt.clone().filter(|p| !p.is_empty()),
            application: config.application.clone(),
            qos_deny: config.qos_deny,
        });
        let (stop, stop_rx) = watch::channel(false);
        let qos_addr = qos.and_then(|q| {
            let addr = q.local_addr().ok()?;
            // Refusing, a 2.x QoS writes its refusal on connect; 3.x answers HTTP 403.
            let refuse = (config.qos_deny && !config.release.starts_with('3'))
                .then_some(super::qos::FOREIGN_IP_REFUSAL);
            tokio::spawn(super::qos::serve(
                q,
                qos_handler(shared.clone()),
                refuse,
                stop_rx.clone(),
            ));
            Some(addr)
        });
        tokio::spawn(accept_loop(listener, shared.clone(), stop_rx));
        DemoProvider {
            shared,
            local_addr,
            stop,
            config,
            qos_addr,
        }
    }

    /// The QoS port, when QoS is on.
    pub fn qos_port(&self) -> Option<u16> {
        self.qos_addr.map(|a| a.port())
    }

    /// The live call counters (what `count` and `/metrics` report).
    pub fn counters(&self) -> &CallCounters {
        &self.shared.counters
    }

    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    /// "127.0.0.1:port" (an IPv6 host in brackets).
    pub fn addr(&self) -> String {
        self.local_addr.to_string()
    }

    pub fn config(&self) -> &DemoConfig {
        &self.config
    }

    pub fn services(&self) -> &[ServiceDef] {
        &self.shared.services
    }

    /// Requests received so far (calls, `$echo` included; heartbeats not).
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// Number of open consumer connections.
    pub fn connections(&self) -> usize {
        self.shared.conns.lock().expect("conns lock").len()
    }

    /// Sends the readonly event to every consumer (as a Java provider does on graceful
    /// shutdown), then stops accepting and closes all connections.
    pub async fn shutdown(self) {
        let senders: Vec<mpsc::Sender<Frame>> = self
            .shared
            .conns
            .lock()
            .expect("conns lock")
            .values()
            .cloned()
            .collect();
        for tx in senders {
            let _ = tx.send(frame::readonly_event()).await;
        }
        let _ = self.stop.send(true);
    }
}

impl Drop for DemoProvider {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            a = listener.accept() => a,
        };
        match accepted {
            Ok((stream, peer)) => {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, peer, shared.clone(), stop.clone()));
            }
            // Out of file descriptors and the like: keep serving existing connections.
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    }
}

/// The QoS answers: `/metrics` (Prometheus text), everything else 404; all 403 in deny mode.
fn qos_handler(shared: Arc<Shared>) -> super::qos::Handler {
    Arc::new(move |path: &str| {
        if shared.qos_deny {
            return super::qos::HttpReply::text(403, "Forbidden");
        }
        match path.split('?').next().unwrap_or("") {
            "/metrics" => super::qos::HttpReply {
                status: 200,
                content_type: "text/plain; version=0.0.4; charset=utf-8",
                body: super::stats::metrics_body(
                    &shared.application,
                    &shared.services,
                    &shared.counters,
                ),
            },
            _ => super::qos::HttpReply::text(404, "Not Found"),
        }
    })
}

async fn serve_connection(
    mut stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut buf = vec![0u8; 64 * 1024];
    // The first bytes tell Dubbo from telnet, as Dubbo's codec does.
    let first = tokio::select! {
        _ = stop.wait_for(|s| *s) => return,
        r = stream.read(&mut buf) => match r {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        },
    };
    if buf[0] != frame::MAGIC[0] {
        serve_console(stream, buf[..first].to_vec(), &shared, stop).await;
        return;
    }
    let (mut rd, mut wr) = stream.into_split();
    let (tx, mut rx) = mpsc::channel::<Frame>(256);
    let id = shared.next_conn.fetch_add(1, Ordering::Relaxed);
    shared
        .conns
        .lock()
        .expect("conns lock")
        .insert(id, tx.clone());

    let writer = tokio::spawn(async move {
        while let Some(f) = rx.recv().await {
            if wr.write_all(&f.to_bytes()).await.is_err() {
                break;
            }
        }
    });

    let mut splitter = FrameSplitter::new(DEFAULT_PAYLOAD_LIMIT);
    let peer = peer.to_string();
    let mut n = first;
    loop {
        splitter.push(&buf[..n]);
        if !drain_frames(&mut splitter, &shared, &tx, &peer) {
            break;
        }
        n = tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            r = rd.read(&mut buf) => match r {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            },
        };
    }
    shared.conns.lock().expect("conns lock").remove(&id);
    drop(tx);
    // Let queued replies (e.g. the readonly event) drain, then the socket closes.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), writer).await;
}

/// Handles every whole frame buffered; false when the connection must be dropped.
fn drain_frames(
    splitter: &mut FrameSplitter,
    shared: &Arc<Shared>,
    tx: &mpsc::Sender<Frame>,
    peer: &str,
) -> bool {
    loop {
        match splitter.next_frame() {
            Ok(Some(f)) => handle_frame(f, shared, tx, peer),
            Ok(None) => return true,
            // Garbage after a good frame or an oversize request: a 2.7 provider drops the channel.
            Err(_) => return false,
        }
    }
}

/// Longest console line accepted; a 2.7 provider has a similar bound on telnet input.
const MAX_CONSOLE_LINE: usize = 4096;

/// The telnet console: one answer per line, then the prompt.
async fn serve_console(
    mut stream: TcpStream,
    mut input: Vec<u8>,
    shared: &Shared,
    mut stop: watch::Receiver<bool>,
) {
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(end) = input.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = input.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let reply = telnet::answer(
                line.trim_end_matches(['\r', '\n']),
                &shared.telnet_allowed,
                &shared.services,
                &shared.counters,
                shared.executes.is_some(),
            );
            let custom = shared.telnet_prompt.as_deref();
            let out = match reply {
                Reply::Close => return,
                Reply::Prompt => custom.unwrap_or(telnet::FIRST_PROMPT).to_string(),
                Reply::Text(t) => format!("{t}\r\n{}", custom.unwrap_or(telnet::PROMPT)),
            };
            if stream.write_all(out.as_bytes()).await.is_err() {
                return;
            }
        }
        if input.len() > MAX_CONSOLE_LINE {
            return;
        }
        let n = tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            r = stream.read(&mut chunk) => match r {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            },
        };
        input.extend_from_slice(&chunk[..n]);
    }
}

fn handle_frame(f: Frame, shared: &Arc<Shared>, tx: &mpsc::Sender<Frame>, peer: &str) {
    if !f.header.is_request {
        return; // replies to heartbeats we never send; ignore
    }
    if let Some(event) = f.event() {
        if event == Event::Heartbeat && f.header.two_way {
            let _ = tx.try_send(frame::heartbeat_response(f.header.request_id));
        }
        return;
    }
    shared.requests.fetch_add(1, Ordering::Relaxed);
    let (shared, tx, peer) = (shared.clone(), tx.clone(), peer.to_string());
    // One task per request: a slow call must not hold up the others on this connection.
    tokio::spawn(async move {
        let id = f.header.request_id;
        let reply = match decode_request_body(&f.body) {
            Err(e) => Some(encode_status_frame(
                id,
                Status::BadRequest,
                &format!("Fail to decode request due to: java.io.IOException: {e}"),
            )),
            Ok(req) => {
                let (path, method) = call_target(&req);
                let counted = method != crate::protocol::dubbo::request::ECHO_METHOD
                    && shared.services.iter().any(|s| s.interface == path);
                // ExecuteLimitFilter: over the limit, refuse before counting the call.
                let started = if counted {
                    match shared.counters.try_begin(path, method, shared.executes) {
                        Some(s) => Some(s),
                        None => {
                            let reply = encode_status_frame(
                                id,
                                Status::ServiceError,
                                &executes_refusal(&shared, path, method),
                            );
                            if f.header.two_way {
                                let _ = tx.send(reply).await;
                            }
                            return;
                        }
                    }
                } else {
                    None
                };
                let (reply, failed) = match dispatch_logged(&shared, &req, &peer) {
                    Answer::Status(status, message) => {
                        (encode_status_frame(id, status, &message), true)
                    }
                    Answer::Result { result, delay } => {
                        if !delay.is_zero() {
                            tokio::time::sleep(delay).await;
                        }
                        // The demo counts a thrown exception as a failure in both reports, so
                        // errors/s has something to show (2.7's `count` counts only RPC-level
                        // failures).
                        let failed = matches!(result.outcome, Outcome::Exception(_));
                        let frame = encode_result_frame(id, &result).unwrap_or_else(|e| {
                            encode_status_frame(
                                id,
                                Status::BadResponse,
                                &format!("Fail to encode response: {e}"),
                            )
                        });
                        (frame, failed)
                    }
                };
                if let Some(s) = started {
                    shared.counters.end(s, failed);
                }
                Some(reply)
            }
        };
        if let (Some(reply), true) = (reply, f.header.two_way) {
            let _ = tx.send(reply).await;
        }
    });
}

/// What 2.7's ExecuteLimitFilter throws when a method is at its `executes` limit.
fn executes_refusal(shared: &Shared, path: &str, method: &str) -> String {
    format!(
        "org.apache.dubbo.rpc.RpcException: Failed to invoke method {method} in provider dubbo://{}:{}/{path}, \
         cause: The service using threads greater than <dubbo:service executes=\"{}\" /> limited.",
        shared.ctx.host,
        shared.ctx.port,
        shared.executes.unwrap_or(0)
    )
}

fn dispatch_logged(
    shared: &Shared,
    req: &crate::protocol::dubbo::request::DecodedRequest,
    peer: &str,
) -> Answer {
    if shared.log_calls {
        println!("call {}", call_label(req));
    }
    dispatch(&shared.ctx, &shared.services, req, peer)
}

/// Interface path and method of a request; for a generic call, the method it names (Dubbo's
/// GenericFilter runs before the filters that count).
fn call_target(req: &crate::protocol::dubbo::request::DecodedRequest) -> (&str, &str) {
    let path = req.attachment("path").unwrap_or(&req.path);
    let method = match (req.method.as_str(), req.args.first()) {
        ("$invoke" | "$invokeAsync", Some(crate::protocol::hessian2::Value::String(m))) => m,
        _ => &req.method,
    };
    (path, method)
}

/// `interface.method` of a request, safe to print.
fn call_label(req: &crate::protocol::dubbo::request::DecodedRequest) -> String {
    let (path, method) = call_target(req);
    crate::output::sanitize(&format!("{path}.{method}"))
}
