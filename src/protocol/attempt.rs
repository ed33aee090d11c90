//! One attempt of a call on one provider, in the protocol that provider speaks. Load mode (and
//! through it `top --load` and `bench`) hands [`Caller::attempt`] to the cluster layer, so the
//! balancers, the cluster strategies, the call statistics and the report treat dubbo and Triple
//! providers alike, also when one service has providers of both.
//!
//! A protocol is one [`Wire`] variant with its own request (encoded once for the whole run) and
//! its own error type; [`AttemptError`] carries either error with the retry rules and the status
//! label each protocol defines.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::cluster::Retryable;

use super::conn::{encode_body, CallError, ConnectOptions, Connection, ErrorCategory, Pool, Reply};
use super::dubbo::frame::Status;
use super::dubbo::request::{Invocation, GENERIC_METHOD};
use super::dubbo::response::Outcome;
use super::triple::{self, code, TripleError};

/// What one dubbo attempt can fail with: an RPC failure, the provider has no generic service
/// (not retried: the typed fallback follows), or the method threw (not retried).
#[derive(Debug)]
pub enum Failure {
    Call(CallError),
    NoGeneric(CallError),
    Thrown(Box<Reply>),
}

impl Retryable for Failure {
    fn is_retryable(&self) -> bool {
        match self {
            Failure::Call(e) => !matches!(
                e.category(),
                ErrorCategory::RemoteException | ErrorCategory::Request
            ),
            Failure::NoGeneric(_) | Failure::Thrown(_) => false,
        }
    }

    fn is_business(&self) -> bool {
        matches!(self, Failure::Thrown(_))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Call(e) | Failure::NoGeneric(e) => e.fmt(f),
            Failure::Thrown(r) => match &r.result.outcome {
                Outcome::Exception(e) => write!(f, "provider threw {e}"),
                _ => f.write_str("provider threw an exception"),
            },
        }
    }
}

impl Failure {
    /// Short label for load-mode status distributions.
    pub fn status_label(&self) -> String {
        match self {
            Failure::Thrown(_) => "BIZ_EXCEPTION".into(),
            Failure::Call(CallError::RemoteStatus { status, .. })
            | Failure::NoGeneric(CallError::RemoteStatus { status, .. }) => status.name().into(),
            Failure::Call(e) | Failure::NoGeneric(e) => match e.category() {
                ErrorCategory::Timeout => "TIMEOUT".into(),
                ErrorCategory::Unreachable => "NETWORK".into(),
                ErrorCategory::Decode => "DECODE".into(),
                _ => "CLIENT".into(),
            },
        }
    }

    /// Classifies a call error; a generic call the provider rejected as such becomes
    /// `NoGeneric`, so the cluster does not retry it and the caller can fall back to a typed call.
    pub fn from_call(inv: &Invocation, e: CallError) -> Failure {
        Failure::classify(inv.method == GENERIC_METHOD, e)
    }

    fn classify(generic: bool, e: CallError) -> Failure {
        if generic && lacks_generic(&e) {
            Failure::NoGeneric(e)
        } else {
            Failure::Call(e)
        }
    }

    /// The reply as a failure when it carries a thrown exception.
    fn check(reply: Reply) -> Result<Reply, Failure> {
        if matches!(reply.result.outcome, Outcome::Exception(_)) {
            Err(Failure::Thrown(Box::new(reply)))
        } else {
            Ok(reply)
        }
    }
}

/// Whether the provider rejected `$invoke` itself (the dubbo-js provider has no generic service
/// and answers SERVICE_NOT_FOUND), so a typed call may work.
pub fn lacks_generic(e: &CallError) -> bool {
    let CallError::RemoteStatus { status, message } = e else {
        return false;
    };
    let msg = message.as_deref().unwrap_or("").to_ascii_lowercase();
    // Java's "Not found exported service" names the whole service (wrong group/version/port),
    // and it mentions `$invoke` only because that was the method called: not a missing generic.
    *status == Status::ServiceNotFound
        || (matches!(status, Status::BadRequest | Status::ServiceError)
            && msg.contains("not found")
            && msg.contains("$invoke")
            && !msg.contains("not found exported service"))
}

/// Calls `inv` on `addr` once; a thrown exception is a [`Failure::Thrown`].
pub async fn dubbo_attempt(
    pool: &Pool,
    addr: &str,
    inv: &Invocation,
    timeout: Duration,
) -> Result<Reply, Failure> {
    let reply = pool
        .call(addr, inv, timeout)
        .await
        .map_err(|e| Failure::from_call(inv, e))?;
    Failure::check(reply)
}

impl Retryable for TripleError {
    fn is_retryable(&self) -> bool {
        TripleError::is_retryable(self)
    }

    /// A status other than "unavailable" or a deadline is the method's (or the provider's)
    /// answer; a refused or malformed request is not, though it stops the retries too.
    fn is_business(&self) -> bool {
        matches!(self, TripleError::Status { code, .. }
            if !matches!(*code, code::UNAVAILABLE | code::DEADLINE_EXCEEDED))
    }
}

/// A dubbo request body, encoded once for a whole run (every call of it sends the same bytes).
#[derive(Debug)]
pub struct Encoded {
    body: Result<Vec<u8>, CallError>,
    generic: bool,
}

impl Encoded {
    fn new(inv: &Invocation) -> Encoded {
        Encoded {
            body: encode_body(inv),
            generic: inv.method == GENERIC_METHOD,
        }
    }

    async fn call(&self, conn: &Connection, timeout: Duration) -> Result<(), Failure> {
        let body = self
            .body
            .as_ref()
            .map_err(|e| Failure::classify(self.generic, e.clone()))?;
        match conn.call_checked(body, timeout).await {
            Ok(None) => Ok(()),
            Ok(Some(reply)) => Failure::check(reply).map(drop),
            Err(e) => Err(Failure::classify(self.generic, e)),
        }
    }
}

/// How one provider is called.
#[derive(Debug)]
pub enum Wire {
    /// The dubbo protocol: the planned invocation, and the typed form of it to switch to once a
    /// provider turns out to lack `$invoke` (none when the plan is typed already).
    Dubbo {
        planned: Encoded,
        typed: Option<Encoded>,
    },
    /// Triple, prepared once for the run; the form (gRPC or JSON) is the client's to choose and
    /// remember per provider. Boxed: a prepared call (header maps, URLs) is most of a kilobyte.
    Triple(Box<triple::Prepared>),
}

impl Wire {
    pub fn dubbo(planned: &Invocation, typed: Option<&Invocation>) -> Wire {
        Wire::Dubbo {
            planned: Encoded::new(planned),
            typed: typed.map(Encoded::new),
        }
    }

    pub fn triple(call: triple::Call) -> Wire {
        Wire::Triple(Box::new(triple::Prepared::new(call)))
    }

    pub fn is_triple(&self) -> bool {
        matches!(self, Wire::Triple(_))
    }
}

/// Why an attempt failed, in the terms of the provider's protocol.
#[derive(Debug)]
pub enum AttemptError {
    Dubbo(Failure),
    Triple(TripleError),
}

impl fmt::Display for AttemptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptError::Dubbo(e) => e.fmt(f),
            AttemptError::Triple(e) => e.fmt(f),
        }
    }
}

impl Retryable for AttemptError {
    fn is_retryable(&self) -> bool {
        match self {
            AttemptError::Dubbo(e) => e.is_retryable(),
            AttemptError::Triple(e) => Retryable::is_retryable(e),
        }
    }

    fn is_business(&self) -> bool {
        match self {
            AttemptError::Dubbo(e) => e.is_business(),
            AttemptError::Triple(e) => e.is_business(),
        }
    }
}

impl AttemptError {
    /// The label of the status distribution: a dubbo status name (`BIZ_EXCEPTION` for a thrown
    /// exception), a gRPC status name, or `TIMEOUT`/`NETWORK`/`DECODE`/`CLIENT` for either.
    pub fn label(&self) -> String {
        match self {
            AttemptError::Dubbo(e) => e.status_label(),
            AttemptError::Triple(e) => e.label(),
        }
    }
}

/// The calls of one run, one [`Wire`] per candidate (same order), with the connections they
/// share: a dubbo pool and, when a provider speaks Triple, a Triple client.
pub struct Caller {
    wires: Vec<Wire>,
    pool: Pool,
    /// Each candidate's open dubbo connections, by index: a call finds one without hashing the
    /// address or awaiting the pool's per-address lock (the pool is asked only to connect).
    conns: Vec<Lanes>,
    triple: Option<triple::Client>,
    /// Dubbo calls go out typed from now on (a provider rejected `$invoke`).
    typed_now: AtomicBool,
    timeout: Duration,
}

/// A candidate's dubbo connections: one, or `--connections N` taken in turn, as Dubbo's
/// `DubboInvoker` takes its `connections` clients.
struct Lanes {
    slots: Box<[std::sync::Mutex<Option<Connection>>]>,
    next: std::sync::atomic::AtomicUsize,
}

impl Lanes {
    fn new(n: usize) -> Lanes {
        Lanes {
            slots: (0..n.max(1)).map(|_| std::sync::Mutex::new(None)).collect(),
            next: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The lane the next call takes.
    fn pick(&self) -> usize {
        match self.slots.len() {
            1 => 0,
            n => self.next.fetch_add(1, Ordering::Relaxed) % n,
        }
    }
}

impl fmt::Debug for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Caller")
            .field("wires", &self.wires.len())
            .field("triple", &self.triple.is_some())
            .finish()
    }
}

impl Caller {
    /// `timeout` bounds each dubbo call (a Triple call carries its own).
    pub fn new(
        wires: Vec<Wire>,
        connect_timeout: Duration,
        triple_mode: triple::Mode,
        timeout: Duration,
    ) -> Result<Caller, TripleError> {
        let triple = if wires.iter().any(Wire::is_triple) {
            Some(triple::Client::new(triple_mode, connect_timeout)?)
        } else {
            None
        };
        Ok(Caller {
            conns: wires.iter().map(|_| Lanes::new(1)).collect(),
            wires,
            pool: Pool::new(ConnectOptions {
                connect_timeout,
                ..ConnectOptions::default()
            }),
            triple,
            typed_now: AtomicBool::new(false),
            timeout,
        })
    }

    /// Makes the dubbo connections coalesce replies ([`crate::protocol::coalesce`]): for
    /// closed-loop load runs, not for paced ones, whose latency is the point.
    pub fn with_coalesced_replies(mut self) -> Caller {
        self.pool = Pool::new(ConnectOptions {
            coalesce_replies: true,
            ..self.pool.options().clone()
        });
        self
    }

    /// Opens `n` dubbo connections to each provider (on first use) and spreads calls over them
    /// in turn: a provider serves each connection on one of its I/O threads, so one connection
    /// can leave a multi-core provider's other threads idle under load.
    pub fn with_connections(mut self, n: usize) -> Caller {
        self.conns = self.wires.iter().map(|_| Lanes::new(n)).collect();
        self
    }

    /// Dubbo connections per provider ([`Caller::with_connections`]).
    pub fn connections(&self) -> usize {
        self.conns.first().map_or(1, |l| l.slots.len())
    }

    /// One call of candidate `index`'s request to `addr`.
    pub async fn attempt(&self, index: usize, addr: &str) -> Result<(), AttemptError> {
        match &self.wires[index] {
            Wire::Dubbo { planned, typed } => {
                let encoded = match typed {
                    Some(t) if self.typed_now.load(Ordering::Relaxed) => t,
                    _ => planned,
                };
                let conn = self
                    .connection(index, addr)
                    .await
                    .map_err(|e| AttemptError::Dubbo(Failure::classify(encoded.generic, e)))?;
                encoded
                    .call(&conn, self.timeout)
                    .await
                    .map_err(AttemptError::Dubbo)
            }
            Wire::Triple(call) => {
                let client = self
                    .triple
                    .as_ref()
                    .expect("a Triple wire has a Triple client");
                // Boxed: hyper's call state is kilobytes, and every dubbo attempt would carry
                // (and copy, at each await above it) a future that large.
                Box::pin(client.call_checked(addr, call))
                    .await
                    .map_err(AttemptError::Triple)
            }
        }
    }

    /// Candidate `index`'s connection to `addr`: the cached one while it is open, else the
    /// pool's (which connects when needed).
    async fn connection(&self, index: usize, addr: &str) -> Result<Connection, CallError> {
        let lanes = &self.conns[index];
        let lane = lanes.pick();
        let slot = &lanes.slots[lane];
        if let Some(conn) = slot.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            if !conn.is_closed() {
                return Ok(conn.clone());
            }
        }
        // Boxed: connecting is a few hundred bytes of future state (a timed TCP connect), which
        // every call's future would carry, and copy at each move, to be used once.
        let (conn, _) = Box::pin(self.pool.get_lane(addr, lane)).await?;
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(conn.clone());
        Ok(conn)
    }

    /// The protocol candidate `index` is called in (`dubbo` or `tri`) and, for Triple, the
    /// form in use with `addr`: what a report says of each provider.
    pub fn protocol_of(&self, index: usize, addr: &str) -> (&'static str, Option<triple::Form>) {
        match &self.wires[index] {
            Wire::Dubbo { .. } => ("dubbo", None),
            Wire::Triple(_) => (
                "tri",
                self.triple.as_ref().and_then(|t| t.form_in_use(addr)),
            ),
        }
    }

    /// After a call failed with `e`: whether it is worth making again in another form, which
    /// every later call then uses too (a provider rejected `$invoke`, and typed requests are at
    /// hand). `Some(true)` only for the call that made the switch.
    pub fn switch_form(&self, e: &AttemptError) -> Option<bool> {
        let AttemptError::Dubbo(Failure::NoGeneric(_)) = e else {
            return None;
        };
        let has_typed = self
            .wires
            .iter()
            .any(|w| matches!(w, Wire::Dubbo { typed: Some(_), .. }));
        has_typed.then(|| !self.typed_now.swap(true, Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::dubbo::request::ServiceRef;

    fn status(code: u32) -> TripleError {
        TripleError::Status {
            code,
            message: "m".into(),
            http: 200,
            form: triple::Form::Grpc,
        }
    }

    #[test]
    fn each_protocol_keeps_its_retry_rules_and_labels() {
        let thrown = AttemptError::Triple(status(code::INTERNAL));
        assert!(!thrown.is_retryable() && thrown.is_business());
        assert_eq!(thrown.label(), "INTERNAL");
        let draining = AttemptError::Triple(status(code::UNAVAILABLE));
        assert!(draining.is_retryable() && !draining.is_business());
        assert_eq!(draining.label(), "UNAVAILABLE");
        let refused = AttemptError::Triple(TripleError::Request("bad header".into()));
        assert!(!refused.is_retryable() && !refused.is_business());
        assert_eq!(refused.label(), "CLIENT");

        let down = AttemptError::Dubbo(Failure::Call(CallError::Unreachable {
            addr: "a:1".into(),
            reason: "refused".into(),
        }));
        assert!(down.is_retryable() && !down.is_business());
        assert_eq!(down.label(), "NETWORK");
        assert_eq!(down.to_string(), "cannot reach provider a:1: refused");
    }

    #[test]
    fn only_a_rejected_generic_call_switches_dubbo_calls_to_typed() {
        let sref = ServiceRef::new("com.x.A");
        let t = Duration::from_secs(1);
        let generic = Invocation::generic(sref.clone(), "m", None, vec![], t);
        let typed = Invocation::direct(sref, "m", "", vec![], t);
        let tri = triple::Call::new("com.x.A", "m", &[], t);
        let caller = Caller::new(
            vec![Wire::dubbo(&generic, Some(&typed)), Wire::triple(tri)],
            t,
            triple::Mode::Auto,
            t,
        )
        .unwrap();
        let rejected = || {
            AttemptError::Dubbo(Failure::from_call(
                &generic,
                CallError::RemoteStatus {
                    status: Status::ServiceNotFound,
                    message: None,
                },
            ))
        };
        assert_eq!(caller.switch_form(&AttemptError::Triple(status(12))), None);
        assert_eq!(caller.switch_form(&rejected()), Some(true));
        assert_eq!(caller.switch_form(&rejected()), Some(false));

        let no_fallback =
            Caller::new(vec![Wire::dubbo(&typed, None)], t, triple::Mode::Auto, t).unwrap();
        assert_eq!(no_fallback.switch_form(&rejected()), None);
        assert!(no_fallback.triple.is_none());
    }
}
