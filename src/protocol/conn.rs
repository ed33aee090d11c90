//! Long-lived, multiplexed Dubbo connections (tokio I/O).
//!
//! One TCP connection per provider carries many requests at once: callers register a oneshot
//! under a fresh request id and append their frame to the connection's outbox, a writer task
//! writes whatever has queued up with one syscall, and a reader task
//! splits the inbound stream into frames and completes whichever call owns each id. Responses may
//! come back in any order. The reader also answers provider heartbeats, sends our own heartbeats
//! when the line is idle, and honours readonly events.
//!
//! Any fatal condition (provider closed or reset the connection, sent non-Dubbo bytes or an
//! oversize frame) fails every in-flight call with the same clean error and marks the
//! connection closed; the [`Pool`] replaces closed connections on next use.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{oneshot, watch};
use tokio::task::AbortHandle;

use crate::protocol::coalesce::Policy;
use crate::protocol::dubbo::frame::{
    self, Event, Frame, FrameError, FrameSplitter, Header, Status,
};
use crate::protocol::dubbo::request::Invocation;
use crate::protocol::dubbo::response::{self, RemoteException, Response, RpcResult};
use crate::protocol::hessian2::Value;

/// Knobs for a connection. Defaults follow Dubbo's.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub connect_timeout: Duration,
    /// Send a heartbeat after this long without inbound bytes (Dubbo `heartbeat`, 60 s).
    pub heartbeat_interval: Duration,
    /// Give up on the connection after this long without inbound bytes (3 × heartbeat).
    pub idle_timeout: Duration,
    /// Largest body we send or accept (Dubbo `payload`, 8 MiB).
    pub payload_limit: usize,
    /// Let replies gather in the kernel while many calls are in flight
    /// ([`crate::protocol::coalesce`]): for closed-loop load runs, where CPU per call matters
    /// more than the last microseconds of one call's latency.
    pub coalesce_replies: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            connect_timeout: Duration::from_secs(3),
            heartbeat_interval: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(180),
            payload_limit: frame::DEFAULT_PAYLOAD_LIMIT,
            coalesce_replies: false,
        }
    }
}

impl ConnectOptions {
    /// Sets the heartbeat interval and the matching idle timeout (3×), as Dubbo derives it.
    pub fn with_heartbeat(mut self, interval: Duration) -> Self {
        self.heartbeat_interval = interval;
        self.idle_timeout = interval * 3;
        self
    }
}

/// The coarse class of a [`CallError`], for exit codes and retry decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCategory {
    Timeout,
    /// Refused, reset, closed, readonly, or not speaking Dubbo: another provider may work.
    Unreachable,
    /// The provider answered with a non-OK status byte.
    RemoteStatus,
    /// The service method threw.
    RemoteException,
    /// The provider answered but we cannot make sense of the answer.
    Decode,
    /// We refused to send (e.g. request over the payload limit).
    Request,
}

/// Why a call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CallError {
    #[error("connecting to {addr} timed out after {} ms", after.as_millis())]
    ConnectTimeout { addr: String, after: Duration },
    #[error("no response from {addr} within {} ms", after.as_millis())]
    Timeout { addr: String, after: Duration },
    #[error("cannot reach provider {addr}: {reason}")]
    Unreachable { addr: String, reason: String },
    #[error(
        "provider {addr} is shutting down (sent a readonly event); no new calls on this connection"
    )]
    Readonly { addr: String },
    // One line: a Java provider's message is a whole stack trace (full text: `message`).
    #[error("{}", crate::output::remote::status_line(status.as_byte(), status.name(), message.as_deref()))]
    RemoteStatus {
        status: Status,
        message: Option<String>,
    },
    #[error("provider threw {0}")]
    RemoteException(Box<RemoteException>),
    #[error("cannot decode the response from {addr}: {reason}")]
    Decode { addr: String, reason: String },
    #[error("cannot encode the request: {0}")]
    Encode(String),
    #[error("request body of {len} bytes exceeds the {limit}-byte payload limit")]
    RequestTooLarge { len: usize, limit: usize },
}

impl CallError {
    pub fn category(&self) -> ErrorCategory {
        match self {
            CallError::ConnectTimeout { .. } | CallError::Timeout { .. } => ErrorCategory::Timeout,
            CallError::Unreachable { .. } | CallError::Readonly { .. } => {
                ErrorCategory::Unreachable
            }
            CallError::RemoteStatus { .. } => ErrorCategory::RemoteStatus,
            CallError::RemoteException(_) => ErrorCategory::RemoteException,
            CallError::Decode { .. } => ErrorCategory::Decode,
            CallError::RequestTooLarge { .. } | CallError::Encode(_) => ErrorCategory::Request,
        }
    }

    /// The raw status byte, for non-OK status replies.
    pub fn status_byte(&self) -> Option<u8> {
        match self {
            CallError::RemoteStatus { status, .. } => Some(status.as_byte()),
            _ => None,
        }
    }
}

impl From<CallError> for crate::Error {
    fn from(e: CallError) -> Self {
        let message = e.to_string();
        match e.category() {
            ErrorCategory::Timeout => crate::Error::timeout(message),
            ErrorCategory::Unreachable => crate::Error::unreachable(message),
            ErrorCategory::RemoteStatus | ErrorCategory::RemoteException => {
                crate::Error::remote(message)
            }
            // A reply we cannot decode (garbage, oversize, bad Hessian) means this provider
            // cannot be used, like one that does not answer.
            ErrorCategory::Decode => crate::Error::unreachable(message),
            ErrorCategory::Request => crate::Error::usage(message),
        }
    }
}

/// Where the time of one call went (for `invoke -v`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallTiming {
    /// Set when this call had to open the connection.
    pub connect: Option<Duration>,
    pub encode: Duration,
    /// From handing the frame to the writer until the response frame arrived.
    pub round_trip: Duration,
    pub decode: Duration,
}

/// A successful exchange: the provider's result (value, null or exception) plus timing.
#[derive(Debug, Clone)]
pub struct Reply {
    pub result: RpcResult,
    pub timing: CallTiming,
}

impl Reply {
    /// The returned value (null for void), or the thrown exception as [`CallError::RemoteException`].
    pub fn into_value(self) -> Result<Value, CallError> {
        self.result.into_value().map_err(CallError::RemoteException)
    }
}

type PendingSender = oneshot::Sender<Result<Frame, CallError>>;

/// A call awaiting its response. Its deadline is kept here and enforced by the connection's
/// sweeper, not by a timer per call: at tens of thousands of calls a second, registering and
/// cancelling one timer each was a measurable share of the client's CPU.
struct Pending {
    tx: PendingSender,
    deadline: Instant,
    timeout: Duration,
}

/// How often the sweeper looks for calls past their deadline: a timeout fires at most this
/// much late.
const SWEEP_EVERY: Duration = Duration::from_millis(5);

/// Hashes request ids with one multiply instead of SipHash: three map operations per call.
/// Flooding is no concern, the map only ever holds ids this side chose.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[derive(Default)]
struct State {
    pending: HashMap<i64, Pending, std::hash::BuildHasherDefault<IdHasher>>,
    /// Set once; every later call fails with this error.
    closed: Option<CallError>,
    readonly: bool,
}

/// Frames waiting for the writer task. Callers append to one buffer and the writer takes all of
/// it at once, so requests made while the writer was busy (or not yet scheduled) go out in one
/// write syscall instead of one each.
#[derive(Default)]
struct Outbox {
    buf: Mutex<Vec<u8>>,
    ready: tokio::sync::Notify,
}

impl Outbox {
    fn push(&self, parts: &[&[u8]]) {
        let was_empty = {
            let mut buf = self.buf.lock().expect("outbox lock");
            let was_empty = buf.is_empty();
            for p in parts {
                buf.extend_from_slice(p);
            }
            was_empty
        };
        // A non-empty buffer already has a wake-up pending (or the writer is writing and will
        // look again): one notification per batch, not per frame.
        if was_empty {
            self.ready.notify_one();
        }
    }
}

/// State shared by the handle and the two I/O tasks (not the handle itself, so dropping the
/// last handle can stop the tasks).
struct Shared {
    addr: String,
    state: Mutex<State>,
    next_id: AtomicI64,
    closed_tx: watch::Sender<bool>,
    outbox: Outbox,
    /// Wakes the sweeper, which sleeps once the connection has been idle for a while (so an
    /// idle connection costs no wake-ups) and says so in `sweeper_asleep`; a call made while
    /// it is awake costs one atomic swap, not a wake-up.
    sweep: tokio::sync::Notify,
    sweeper_asleep: std::sync::atomic::AtomicBool,
    /// The body of the last reply [`Connection::call_checked`] found to be an answer (empty:
    /// none yet). A load run sends one request over and over, and a provider mostly answers
    /// it with the same bytes: the check's verdict depends on nothing but the body (of an OK
    /// Hessian2 reply), so a body equal to this one is compared, not parsed again.
    answered: Mutex<Vec<u8>>,
    /// `state.closed` is set: asked before every call of a load run, which need not take the
    /// state lock for it.
    closed: std::sync::atomic::AtomicBool,
    /// Set when the connection coalesces replies.
    coalesce: Option<Coalescing>,
}

/// A connection's reply coalescing: the policy, and the replies the reader has counted for the
/// sweeper's rate.
struct Coalescing {
    policy: Mutex<Policy>,
    replies: std::sync::atomic::AtomicU64,
}

impl Coalescing {
    /// Applies the policy for `pending` calls in flight to the socket, when it changes the mark.
    fn retune(&self, socket: &TcpStream, pending: usize) {
        let bytes = self.policy.lock().expect("coalesce lock").retune(pending);
        if let Some(bytes) = bytes {
            set_rcvlowat(socket, bytes);
        }
    }
}

/// Sets the socket's receive low-water mark. A failure only leaves replies uncoalesced.
/// Linux only: there, lowering the mark wakes a reader whose bytes now reach it, which the
/// policy's stall sweep relies on; elsewhere replies are not coalesced.
#[cfg(target_os = "linux")]
fn set_rcvlowat(socket: &TcpStream, bytes: usize) {
    use std::os::fd::AsRawFd;
    let value = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
    // SAFETY: the descriptor belongs to `socket`, which outlives the call, and the option value
    // is the c_int SO_RCVLOWAT takes, passed with its size.
    unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVLOWAT,
            std::ptr::from_ref(&value).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn set_rcvlowat(_socket: &TcpStream, _bytes: usize) {}

impl Shared {
    fn next_id(&self) -> i64 {
        // Wrapping into negatives is legal, as in Java.
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Marks the connection dead and fails every in-flight call with `err`.
    fn close(&self, err: CallError) {
        let drained: Vec<PendingSender> = {
            let mut st = self.state.lock().expect("state lock");
            if st.closed.is_none() {
                st.closed = Some(err.clone());
                self.closed.store(true, Ordering::Release);
            }
            st.pending.drain().map(|(_, p)| p.tx).collect()
        };
        for tx in drained {
            let _ = tx.send(Err(err.clone()));
        }
        let _ = self.closed_tx.send(true);
    }

    fn unreachable(&self, reason: impl Into<String>) -> CallError {
        CallError::Unreachable {
            addr: self.addr.clone(),
            reason: reason.into(),
        }
    }

    fn complete(&self, id: i64, result: Result<Frame, CallError>) {
        let pending = self.state.lock().expect("state lock").pending.remove(&id);
        // No entry: the call already timed out or was cancelled; the late response is dropped.
        if let Some(p) = pending {
            let _ = p.tx.send(result);
        }
    }
}

struct Inner {
    shared: Arc<Shared>,
    payload_limit: usize,
    tasks: [AbortHandle; 3],
}

impl Drop for Inner {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
        self.shared
            .close(self.shared.unreachable("connection handle dropped"));
    }
}

/// A multiplexed connection to one provider. Cheap to clone; the socket closes when the last
/// clone is dropped.
#[derive(Clone)]
pub struct Connection {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("addr", &self.inner.shared.addr)
            .field("in_flight", &self.in_flight())
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// Removes a pending entry if the call future is dropped or times out before completion.
struct PendingGuard<'a> {
    shared: &'a Shared,
    id: i64,
    /// Cleared once the call was answered: whatever answered it (the reader, the sweeper, a
    /// close) took the entry out first, and a second lookup per call would find nothing.
    armed: bool,
}

impl Drop for PendingGuard<'_> {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        self.shared
            .state
            .lock()
            .expect("state lock")
            .pending
            .remove(&self.id);
    }
}

impl Connection {
    /// Opens a TCP connection to `addr` ("host:port") and starts its I/O tasks.
    pub async fn connect(addr: &str, opts: &ConnectOptions) -> Result<Connection, CallError> {
        let stream =
            match tokio::time::timeout(opts.connect_timeout, TcpStream::connect(addr)).await {
                Err(_) => {
                    return Err(CallError::ConnectTimeout {
                        addr: addr.to_string(),
                        after: opts.connect_timeout,
                    })
                }
                Ok(Err(e)) => {
                    return Err(CallError::Unreachable {
                        addr: addr.to_string(),
                        reason: format!("connect failed: {e}"),
                    })
                }
                Ok(Ok(s)) => s,
            };
        let _ = stream.set_nodelay(true);
        Ok(Connection::from_stream(addr.to_string(), stream, opts))
    }

    /// Wraps an already connected stream.
    pub fn from_stream(addr: String, stream: TcpStream, opts: &ConnectOptions) -> Connection {
        let (read_half, write_half) = stream.into_split();
        let (closed_tx, closed_rx) = watch::channel(false);
        let shared = Arc::new(Shared {
            addr,
            state: Mutex::new(State::default()),
            next_id: AtomicI64::new(0),
            closed_tx,
            outbox: Outbox::default(),
            sweep: tokio::sync::Notify::new(),
            sweeper_asleep: std::sync::atomic::AtomicBool::new(true),
            answered: Mutex::new(Vec::new()),
            closed: std::sync::atomic::AtomicBool::new(false),
            coalesce: opts.coalesce_replies.then(|| Coalescing {
                policy: Mutex::new(Policy::default()),
                replies: std::sync::atomic::AtomicU64::new(0),
            }),
        });
        let writer = tokio::spawn(write_loop(shared.clone(), write_half, closed_rx.clone()));
        let sweeper = tokio::spawn(sweep_loop(shared.clone(), closed_rx.clone()));
        let reader = tokio::spawn(read_loop(
            shared.clone(),
            read_half,
            closed_rx,
            opts.clone(),
        ));
        Connection {
            inner: Arc::new(Inner {
                shared,
                payload_limit: opts.payload_limit,
                tasks: [
                    writer.abort_handle(),
                    reader.abort_handle(),
                    sweeper.abort_handle(),
                ],
            }),
        }
    }

    pub fn addr(&self) -> &str {
        &self.inner.shared.addr
    }

    pub fn is_closed(&self) -> bool {
        self.inner.shared.closed.load(Ordering::Acquire)
    }

    /// True after the provider sent a readonly event (it is shutting down).
    pub fn is_readonly(&self) -> bool {
        self.inner.shared.state.lock().expect("state lock").readonly
    }

    /// Number of calls awaiting a response.
    pub fn in_flight(&self) -> usize {
        self.inner
            .shared
            .state
            .lock()
            .expect("state lock")
            .pending
            .len()
    }

    /// Replies the receive low-water mark currently waits for; 1 when replies are not being
    /// coalesced ([`ConnectOptions::coalesce_replies`]).
    pub fn coalesced_replies(&self) -> usize {
        self.inner
            .shared
            .coalesce
            .as_ref()
            .map_or(1, |c| c.policy.lock().expect("coalesce lock").calls())
    }

    /// Closes the connection, failing in-flight calls.
    pub fn close(&self) {
        self.inner
            .shared
            .close(self.inner.shared.unreachable("connection closed locally"));
    }

    /// Sends one two-way request with an opaque (already encoded) body and waits for the
    /// response frame, at most `timeout`. On timeout the late response is discarded.
    pub async fn request(&self, body: Vec<u8>, timeout: Duration) -> Result<Frame, CallError> {
        self.request_slice(&body, timeout).await
    }

    async fn request_slice(&self, body: &[u8], timeout: Duration) -> Result<Frame, CallError> {
        let limit = self.inner.payload_limit;
        if body.len() > limit {
            return Err(CallError::RequestTooLarge {
                len: body.len(),
                limit,
            });
        }
        let shared = &*self.inner.shared;
        let id = shared.next_id();
        let (tx, rx) = oneshot::channel();
        {
            let mut st = shared.state.lock().expect("state lock");
            if let Some(err) = &st.closed {
                return Err(err.clone());
            }
            if st.readonly {
                return Err(CallError::Readonly {
                    addr: shared.addr.clone(),
                });
            }
            let pending = Pending {
                tx,
                deadline: Instant::now() + timeout,
                timeout,
            };
            st.pending.insert(id, pending);
        }
        // Pairs with the fence in `sweep_loop`: either it sees this call pending, or this sees
        // it asleep and wakes it. A lost wake-up would leave the call without a timeout.
        std::sync::atomic::fence(Ordering::SeqCst);
        if shared.sweeper_asleep.load(Ordering::SeqCst)
            && shared.sweeper_asleep.swap(false, Ordering::SeqCst)
        {
            shared.sweep.notify_one();
        }
        let mut guard = PendingGuard {
            shared,
            id,
            armed: true,
        };
        let header = Header::request(id, body.len() as u32).encode();
        shared.outbox.push(&[&header, body]);
        // The sender answers with the response, the sweeper's timeout, or the close error;
        // dropped unanswered only when the connection's tasks are gone.
        let answer = rx.await;
        guard.armed = false;
        match answer {
            Ok(result) => result,
            Err(_) => Err(self.closed_error()),
        }
    }

    fn closed_error(&self) -> CallError {
        let st = self.inner.shared.state.lock().expect("state lock");
        st.closed
            .clone()
            .unwrap_or_else(|| self.inner.shared.unreachable("connection closed"))
    }

    /// Encodes `invocation`, sends it and decodes the reply, timing each step. A thrown
    /// exception is a successful exchange ([`RpcResult::Exception`]); a non-OK status byte is
    /// [`CallError::RemoteStatus`].
    pub async fn call(
        &self,
        invocation: &Invocation,
        timeout: Duration,
    ) -> Result<Reply, CallError> {
        let t0 = Instant::now();
        let body = encode_body(invocation)?;
        let t1 = Instant::now();
        let frame = self.request_slice(&body, timeout).await?;
        let t2 = Instant::now();
        let result = self.decode(&frame)?;
        Ok(Reply {
            result,
            timing: CallTiming {
                connect: None,
                encode: t1 - t0,
                round_trip: t2 - t1,
                decode: t2.elapsed(),
            },
        })
    }

    /// A load run's call: the body already encoded ([`encode_body`]) once for the whole run
    /// (the request id lives in the frame header), no timing (the run times each call itself),
    /// and the reply checked, not built
    /// ([`response::check_response`]), unless it carries an exception, which is decoded in full
    /// and returned. A reply identical to the last answer is not checked again.
    pub async fn call_checked(
        &self,
        body: &[u8],
        timeout: Duration,
    ) -> Result<Option<Reply>, CallError> {
        let frame = self.request_slice(body, timeout).await?;
        let plain =
            frame.header.serialization_id == frame::HESSIAN2 && frame.header.status() == Status::Ok;
        let answered = &self.inner.shared.answered;
        if plain && !frame.body.is_empty() && *answered.lock().expect("answered lock") == frame.body
        {
            return Ok(None);
        }
        let checked = response::check_response(&frame).map_err(|e| CallError::Decode {
            addr: self.addr().to_string(),
            reason: e.to_string(),
        })?;
        match checked {
            response::Checked::Answered => {
                if plain {
                    *answered.lock().expect("answered lock") = frame.body;
                }
                Ok(None)
            }
            response::Checked::Decoded(Response::Status { status, message }) => {
                Err(CallError::RemoteStatus { status, message })
            }
            response::Checked::Decoded(Response::Result(result)) => Ok(Some(Reply {
                result,
                timing: CallTiming::default(),
            })),
        }
    }

    /// The result a response frame carries; a non-OK status is [`CallError::RemoteStatus`].
    fn decode(&self, frame: &Frame) -> Result<RpcResult, CallError> {
        let response = response::decode_response(frame).map_err(|e| CallError::Decode {
            addr: self.addr().to_string(),
            reason: e.to_string(),
        })?;
        match response {
            Response::Status { status, message } => {
                Err(CallError::RemoteStatus { status, message })
            }
            Response::Result(result) => Ok(result),
        }
    }

    /// `$echo` liveness check: returns what the provider echoed.
    pub async fn echo(
        &self,
        service: &crate::protocol::dubbo::request::ServiceRef,
        value: Value,
        timeout: Duration,
    ) -> Result<Value, CallError> {
        let inv = Invocation::echo(service.clone(), value, timeout);
        self.call(&inv, timeout).await?.into_value()
    }
}

async fn write_loop(
    shared: Arc<Shared>,
    mut socket: OwnedWriteHalf,
    mut closed: watch::Receiver<bool>,
) {
    // Swapped with the outbox's buffer each round, so both keep their capacity.
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            biased;
            _ = closed.wait_for(|c| *c) => break,
            () = shared.outbox.ready.notified() => {}
        }
        std::mem::swap(
            &mut *shared.outbox.buf.lock().expect("outbox lock"),
            &mut batch,
        );
        if !batch.is_empty() {
            if let Err(e) = socket.write_all(&batch).await {
                shared.close(shared.unreachable(format!("write failed: {e}")));
                break;
            }
            batch.clear();
        }
        // After the write, so the mark counts the calls just sent; woken with nothing to write
        // when the reader or the sweeper found the mark too high.
        if let Some(c) = &shared.coalesce {
            let pending = shared.state.lock().expect("state lock").pending.len();
            c.retune(socket.as_ref(), pending);
        }
        // One huge request (up to the payload limit) should not pin its memory for good.
        if batch.capacity() > 1 << 20 {
            batch = Vec::new();
        }
    }
    // Dropping the write half sends FIN; the reader sees the peer close in turn.
    let _ = socket.shutdown().await;
}

/// Ticks of an empty pending map after which the sweeper sleeps until the next call.
const SWEEPS_BEFORE_SLEEP: u32 = 200;

/// Fails the calls past their deadline, every [`SWEEP_EVERY`] while calls are being made.
async fn sweep_loop(shared: Arc<Shared>, mut closed: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(SWEEP_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut idle_ticks = 0u32;
    let mut last_sweep = (Instant::now(), 0u64);
    loop {
        if idle_ticks >= SWEEPS_BEFORE_SLEEP {
            shared.sweeper_asleep.store(true, Ordering::SeqCst);
            std::sync::atomic::fence(Ordering::SeqCst);
            // A call made between the last look and the store above found the sweeper awake and
            // did not notify: look once more before sleeping.
            if shared.state.lock().expect("state lock").pending.is_empty() {
                tokio::select! {
                    biased;
                    _ = closed.wait_for(|c| *c) => return,
                    () = shared.sweep.notified() => {}
                }
            } else {
                shared.sweeper_asleep.store(false, Ordering::SeqCst);
            }
            idle_ticks = 0;
            tick.reset();
        }
        tokio::select! {
            biased;
            _ = closed.wait_for(|c| *c) => return,
            _ = tick.tick() => {}
        }
        let now = Instant::now();
        if let Some(c) = &shared.coalesce {
            let replies = c.replies.load(Ordering::Relaxed);
            let mut policy = c.policy.lock().expect("coalesce lock");
            policy.sweep(replies - last_sweep.1, now - last_sweep.0);
            last_sweep = (now, replies);
            if policy.needs_retune(usize::MAX) {
                shared.outbox.ready.notify_one();
            }
        }
        let expired: Vec<Pending> = {
            let mut st = shared.state.lock().expect("state lock");
            if st.pending.is_empty() {
                idle_ticks += 1;
                continue;
            }
            idle_ticks = 0;
            let late: Vec<i64> = st
                .pending
                .iter()
                .filter(|(_, p)| p.deadline <= now)
                .map(|(id, _)| *id)
                .collect();
            late.iter().filter_map(|id| st.pending.remove(id)).collect()
        };
        for p in expired {
            let _ = p.tx.send(Err(CallError::Timeout {
                addr: shared.addr.clone(),
                after: p.timeout,
            }));
        }
    }
}

async fn read_loop(
    shared: Arc<Shared>,
    mut socket: OwnedReadHalf,
    mut closed: watch::Receiver<bool>,
    opts: ConnectOptions,
) {
    let mut splitter = FrameSplitter::new(opts.payload_limit);
    let mut buf = vec![0u8; 64 * 1024];
    let mut last_inbound = Instant::now();
    let mut last_heartbeat = last_inbound;
    // One ticker for the idle checks rather than a timeout around every read: a read that
    // waits would register and cancel a timer each time.
    let every = (opts.heartbeat_interval / 4).max(Duration::from_millis(1));
    let mut idle_check = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    idle_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let read = tokio::select! {
            _ = closed.wait_for(|c| *c) => return,
            _ = idle_check.tick() => None,
            r = socket.read(&mut buf) => Some(r),
        };
        let n = match read {
            None => {
                let quiet = last_inbound.elapsed();
                if quiet >= opts.idle_timeout {
                    let secs = quiet.as_secs_f64();
                    shared.close(shared.unreachable(format!(
                        "no data from provider for {secs:.1} s (heartbeats unanswered)"
                    )));
                    return;
                }
                if quiet >= opts.heartbeat_interval
                    && last_heartbeat.elapsed() >= opts.heartbeat_interval
                {
                    // Fire-and-forget: the reply only refreshes `last_inbound`.
                    let hb = frame::heartbeat_request(shared.next_id()).to_bytes();
                    shared.outbox.push(&[&hb]);
                    last_heartbeat = Instant::now();
                }
                continue;
            }
            Some(Ok(0)) => {
                shared.close(shared.unreachable("provider closed the connection"));
                return;
            }
            Some(Ok(n)) => n,
            Some(Err(e)) => {
                shared.close(shared.unreachable(format!("connection error: {e}")));
                return;
            }
        };
        last_inbound = Instant::now();
        splitter.push(&buf[..n]);
        let mut replies = 0u64;
        let mut smallest = usize::MAX;
        loop {
            match splitter.next_frame() {
                Ok(Some(f)) => {
                    if !f.header.is_request && !f.header.event {
                        replies += 1;
                        smallest = smallest.min(frame::HEADER_LEN + f.body.len());
                    }
                    handle_inbound(&shared, f)
                }
                Ok(None) => break,
                Err(e) => {
                    fail_on_frame_error(&shared, e);
                    return;
                }
            }
        }
        if let Some(c) = &shared.coalesce {
            c.replies.fetch_add(replies, Ordering::Relaxed);
            let pending = shared.state.lock().expect("state lock").pending.len();
            let mut policy = c.policy.lock().expect("coalesce lock");
            if replies > 0 {
                policy.saw_reply(smallest);
            }
            // The calls left may not reach the mark, and if no new call follows (the end of a
            // run) no write would lower it: the writer looks now.
            if policy.needs_retune(pending) {
                shared.outbox.ready.notify_one();
            }
        }
    }
}

fn fail_on_frame_error(shared: &Shared, e: FrameError) {
    if let FrameError::Oversize {
        request_id,
        is_request: false,
        ..
    } = &e
    {
        // The call that owns the oversize response gets the precise reason (Java reports
        // status 90 locally); the stream position is lost, so everything else fails too.
        shared.complete(
            *request_id,
            Err(CallError::Decode {
                addr: shared.addr.clone(),
                reason: e.to_string(),
            }),
        );
    }
    shared.close(shared.unreachable(e.to_string()));
}

fn handle_inbound(shared: &Shared, f: Frame) {
    if f.header.is_request {
        match f.event() {
            Some(Event::Heartbeat) if f.header.two_way => {
                let hb = frame::heartbeat_response(f.header.request_id).to_bytes();
                shared.outbox.push(&[&hb]);
            }
            Some(Event::Readonly) => shared.state.lock().expect("state lock").readonly = true,
            Some(Event::Writable) => shared.state.lock().expect("state lock").readonly = false,
            // One-way heartbeats and other events need nothing; providers never send us calls.
            _ => {}
        }
        return;
    }
    if f.header.event {
        // Reply to one of our heartbeats: receiving it was the point.
        return;
    }
    shared.complete(f.header.request_id, Ok(f));
}

/// The request body of `invocation`, as [`Connection::call_body`] takes it.
pub fn encode_body(invocation: &Invocation) -> Result<Vec<u8>, CallError> {
    invocation
        .encode_body()
        .map_err(|e| CallError::Encode(e.to_string()))
}

/// One connection slot; its lock makes concurrent first calls share one connect.
type Slot = Arc<tokio::sync::Mutex<Option<Connection>>>;

/// Connections keyed by provider address: connect once, reuse for every call. An address may
/// have several (lanes, as Dubbo's `connections` reference parameter opens), each its own socket.
#[derive(Default)]
pub struct Pool {
    opts: ConnectOptions,
    slots: Mutex<HashMap<String, Vec<Slot>>>,
}

impl Pool {
    pub fn new(opts: ConnectOptions) -> Pool {
        Pool {
            opts,
            slots: Mutex::new(HashMap::new()),
        }
    }

    pub fn options(&self) -> &ConnectOptions {
        &self.opts
    }

    /// The live connection to `addr`, opening one if there is none (or the old one died).
    /// Also returns the connect time when this call opened it.
    pub async fn get(&self, addr: &str) -> Result<(Connection, Option<Duration>), CallError> {
        self.get_lane(addr, 0).await
    }

    /// Like [`Pool::get`], for connection number `lane` (from 0) to `addr`: lanes are separate
    /// sockets, each opened on first use.
    pub async fn get_lane(
        &self,
        addr: &str,
        lane: usize,
    ) -> Result<(Connection, Option<Duration>), CallError> {
        let slot = {
            let mut slots = self.slots.lock().expect("pool lock");
            // Looked up by &str first: the key String is allocated once per address, not per call.
            let lanes = match slots.get_mut(addr) {
                Some(lanes) => lanes,
                None => slots.entry(addr.to_string()).or_default(),
            };
            if lanes.len() <= lane {
                lanes.resize_with(lane + 1, Slot::default);
            }
            lanes[lane].clone()
        };
        // Per-slot lock: concurrent first calls share one connect.
        let mut guard = slot.lock().await;
        if let Some(conn) = guard.as_ref() {
            if !conn.is_closed() {
                return Ok((conn.clone(), None));
            }
        }
        let t0 = Instant::now();
        let conn = Connection::connect(addr, &self.opts).await?;
        *guard = Some(conn.clone());
        Ok((conn, Some(t0.elapsed())))
    }

    /// Calls `invocation` on the provider at `addr`, connecting if needed.
    pub async fn call(
        &self,
        addr: &str,
        invocation: &Invocation,
        timeout: Duration,
    ) -> Result<Reply, CallError> {
        let (conn, connect) = self.get(addr).await?;
        let mut reply = conn.call(invocation, timeout).await?;
        reply.timing.connect = connect;
        Ok(reply)
    }

    /// Drops every pooled connection.
    pub fn clear(&self) {
        self.slots.lock().expect("pool lock").clear();
    }
}
