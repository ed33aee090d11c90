//! The demo provider's TCP server (tokio I/O): frames in, one task per request, frames out.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};

use super::dispatch::{dispatch, Answer};
use super::services::{catalog, CallContext, ServiceDef};
use crate::protocol::dubbo::frame::{
    self, Event, Frame, FrameSplitter, Status, DEFAULT_PAYLOAD_LIMIT,
};
use crate::protocol::dubbo::request::decode_request_body;
use crate::protocol::dubbo::response::{encode_result_frame, encode_status_frame};

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
}

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
}

/// A running demo provider. Dropping it stops accepting; [`DemoProvider::shutdown`] also tells
/// connected consumers (readonly event) first.
pub struct DemoProvider {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    stop: watch::Sender<bool>,
    config: DemoConfig,
}

impl DemoProvider {
    /// Binds `127.0.0.1:port` (0 = ephemeral) and starts serving.
    pub async fn bind(port: u16, config: DemoConfig) -> std::io::Result<DemoProvider> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        Ok(DemoProvider::serve(listener, config))
    }

    /// Serves on an already bound listener.
    pub fn serve(listener: TcpListener, config: DemoConfig) -> DemoProvider {
        let local_addr = listener
            .local_addr()
            .expect("bound listener has an address");
        let shared = Arc::new(Shared {
            ctx: CallContext {
                instance: config.instance.clone(),
                host: config.host.clone(),
                port: local_addr.port(),
            },
            services: catalog(),
            conns: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            log_calls: config.log_calls,
        });
        let (stop, stop_rx) = watch::channel(false);
        tokio::spawn(accept_loop(listener, shared.clone(), stop_rx));
        DemoProvider {
            shared,
            local_addr,
            stop,
            config,
        }
    }

    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    /// "127.0.0.1:port".
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

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
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
    let mut buf = vec![0u8; 64 * 1024];
    let peer = peer.to_string();
    'conn: loop {
        let n = tokio::select! {
            _ = stop.wait_for(|s| *s) => break 'conn,
            r = rd.read(&mut buf) => match r {
                Ok(0) | Err(_) => break 'conn,
                Ok(n) => n,
            },
        };
        splitter.push(&buf[..n]);
        loop {
            match splitter.next_frame() {
                Ok(Some(f)) => handle_frame(f, &shared, &tx, &peer),
                Ok(None) => break,
                // Not Dubbo (telnet text) or an oversize request: a 2.7 provider drops the channel.
                Err(_) => break 'conn,
            }
        }
    }
    shared.conns.lock().expect("conns lock").remove(&id);
    drop(tx);
    // Let queued replies (e.g. the readonly event) drain, then the socket closes.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(1), writer).await;
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
            Ok(req) => match dispatch_logged(&shared, &req, &peer) {
                Answer::Status(status, message) => Some(encode_status_frame(id, status, &message)),
                Answer::Result { result, delay } => {
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    Some(encode_result_frame(id, &result).unwrap_or_else(|e| {
                        encode_status_frame(
                            id,
                            Status::BadResponse,
                            &format!("Fail to encode response: {e}"),
                        )
                    }))
                }
            },
        };
        if let (Some(reply), true) = (reply, f.header.two_way) {
            let _ = tx.send(reply).await;
        }
    });
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

/// `interface.method` of a request; for a generic call, the method it names.
fn call_label(req: &crate::protocol::dubbo::request::DecodedRequest) -> String {
    let path = req.attachment("path").unwrap_or(&req.path);
    let method = match (req.method.as_str(), req.args.first()) {
        ("$invoke" | "$invokeAsync", Some(crate::protocol::hessian2::Value::String(m))) => m,
        _ => &req.method,
    };
    crate::output::sanitize(&format!("{path}.{method}"))
}
