//! One call of `svcctl invoke`, through the balancer and the cluster strategy, each candidate
//! called in the protocol it speaks: with dubbo and tri:// providers the balancer picks among
//! all of them, and failover may go from one protocol to the other.
//!
//! Unlike the rest of this layer it does I/O: it is where the cluster meets the protocol
//! clients. Load mode's counterpart is `protocol::attempt`, which drops replies unread; a single
//! call keeps them for the output.

use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use rand::SeedableRng;

use super::{
    select_excluding, CallStats, ClusterError, ClusterInvoker, ClusterOutcome, LoadBalancer,
    SelectContext, SelectionPath,
};
use crate::error::{Error, Result};
use crate::protocol::attempt::{dubbo_attempt, AttemptError, Failure};
use crate::protocol::conn::{ConnectOptions, Pool, Reply};
use crate::protocol::dubbo::request::Invocation;
use crate::protocol::plan::Plan;
use crate::protocol::triple::{self, Client, Mode};
use crate::registry::target::{Protocol, Target};

/// What one candidate is sent.
#[derive(Debug)]
pub enum Request {
    Dubbo(Invocation),
    Triple(triple::Call),
}

/// What a provider answered, in its protocol.
#[derive(Debug)]
pub enum Answer {
    Dubbo(Reply),
    Triple(triple::Reply),
}

/// The request of each candidate of `target` (same order), every argument converted (and every
/// attachment checked) before anything is sent, so that such errors do not depend on which
/// provider the balancer picks.
pub fn requests(target: &Target, plan: &Plan) -> Result<Vec<Request>> {
    if target.any_triple() {
        if let Some(p) = plan
            .attachments
            .iter()
            .find_map(|(k, v)| triple::attachment_problem(k, v))
        {
            return Err(Error::usage(p));
        }
    }
    target
        .protocols
        .iter()
        .zip(&target.services)
        .map(|(protocol, svc)| match protocol {
            Protocol::Dubbo => plan.invocation(svc).map(Request::Dubbo),
            Protocol::Triple => Ok(Request::Triple(plan.triple_call(svc))),
        })
        .collect()
}

/// The candidate a call would go to first, chosen the way the call chooses it (`--dry-run`).
pub fn choose(
    lb: &mut LoadBalancer,
    target: &Target,
    method: &str,
    hash_args: &[String],
    now_ms: i64,
) -> Option<(usize, SelectionPath)> {
    let sctx = SelectContext::new(method, now_ms).with_arguments(hash_args);
    let mut rng = SmallRng::from_entropy();
    select_excluding(lb, &target.candidates, &sctx, &mut rng, &[])
}

/// How a call went.
#[derive(Debug)]
pub struct Called {
    pub outcome: ClusterOutcome<Answer, AttemptError>,
    /// The requests of the last round (typed ones after a fallback).
    pub requests: Vec<Request>,
    /// Why the call was repeated typed: a provider rejected `$invoke`.
    pub fallback: Option<String>,
    pub elapsed: Duration,
}

/// How to make a call.
pub struct Setup<'a> {
    pub invoker: &'a ClusterInvoker,
    pub balancer: LoadBalancer,
    pub connect_timeout: Duration,
    /// `--triple-mode`, for the Triple candidates.
    pub triple_mode: Mode,
    /// Epoch milliseconds, for warm-up weights (the cluster layer never reads the clock).
    pub clock: fn() -> i64,
}

/// Calls `requests` (from [`requests`]) on `target`'s candidates. When a dubbo provider
/// rejects the generic `$invoke` (dubbo-js has no generic service), the call is made once more
/// with typed requests, through the same balancer; both rounds' attempts are kept, in order.
pub async fn call(
    target: &Target,
    plan: &mut Plan,
    requests: Vec<Request>,
    setup: Setup<'_>,
) -> Result<Called> {
    let pool = Pool::new(ConnectOptions {
        connect_timeout: setup.connect_timeout,
        ..ConnectOptions::default()
    });
    let client = if target.any_triple() {
        Some(Client::new(setup.triple_mode, setup.connect_timeout).map_err(Error::from)?)
    } else {
        None
    };
    let wires = Wires {
        pool: &pool,
        client: client.as_ref(),
        timeout: plan.timeout,
    };
    let hash_args = plan.hash_arguments();
    let mut rng = SmallRng::from_entropy();
    let mut lb = setup.balancer;
    let started = Instant::now();
    let round = Round {
        invoker: setup.invoker,
        target,
        method: &plan.method,
        hash_args: &hash_args,
        clock: setup.clock,
    };
    let mut outcome = round.run(&mut lb, &mut rng, &requests, &wires).await;
    let mut requests = requests;
    let mut fallback = None;
    if !plan.direct && !plan.ping {
        if let Err(ClusterError::Call(AttemptError::Dubbo(f @ Failure::NoGeneric(_)))) =
            &outcome.result
        {
            fallback = Some(f.to_string());
            let typed = Plan {
                direct: true,
                ..plan.clone()
            };
            requests = self::requests(target, &typed)?;
            let mut earlier = std::mem::take(&mut outcome.attempts);
            outcome = round.run(&mut lb, &mut rng, &requests, &wires).await;
            earlier.append(&mut outcome.attempts);
            outcome.attempts = earlier;
            plan.direct = true;
        }
    }
    Ok(Called {
        outcome,
        requests,
        fallback,
        elapsed: started.elapsed(),
    })
}

/// The connections a call's attempts share.
struct Wires<'a> {
    pool: &'a Pool,
    client: Option<&'a Client>,
    timeout: Duration,
}

impl Wires<'_> {
    async fn attempt(&self, addr: &str, request: &Request) -> Result<Answer, AttemptError> {
        match request {
            Request::Dubbo(inv) => dubbo_attempt(self.pool, addr, inv, self.timeout)
                .await
                .map(Answer::Dubbo)
                .map_err(AttemptError::Dubbo),
            Request::Triple(call) => {
                let client = self.client.expect("a Triple candidate has a Triple client");
                client
                    .call(addr, call)
                    .await
                    .map(Answer::Triple)
                    .map_err(AttemptError::Triple)
            }
        }
    }
}

/// One pass of the cluster strategy over the candidates.
struct Round<'a> {
    invoker: &'a ClusterInvoker,
    target: &'a Target,
    method: &'a str,
    hash_args: &'a [String],
    clock: fn() -> i64,
}

impl Round<'_> {
    async fn run(
        &self,
        lb: &mut LoadBalancer,
        rng: &mut SmallRng,
        requests: &[Request],
        wires: &Wires<'_>,
    ) -> ClusterOutcome<Answer, AttemptError> {
        let stats = CallStats::new();
        let sctx = SelectContext::new(self.method, (self.clock)())
            .with_stats(&stats)
            .with_arguments(self.hash_args);
        let cands = &self.target.candidates;
        self.invoker
            .execute(lb, cands, &sctx, rng, |i| {
                wires.attempt(&cands[i].address, &requests[i])
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Retryable;
    use crate::protocol::attempt::lacks_generic;
    use crate::protocol::conn::CallError;
    use crate::protocol::dubbo::frame::Status;
    use crate::protocol::dubbo::request::ServiceRef;
    use crate::protocol::hessian2::Value;

    #[test]
    fn a_missing_service_is_not_a_missing_generic_service() {
        let status = |status, m: &str| CallError::RemoteStatus {
            status,
            message: Some(m.to_string()),
        };
        let exported = "RemotingException: Not found exported service: com.x.A:20880 in [com.x.A:1.0.0:20880], may be version or group mismatch, message:RpcInvocation [methodName=$invoke, ...]";
        assert!(!lacks_generic(&status(Status::ServiceError, exported)));
        assert!(lacks_generic(&status(
            Status::ServiceNotFound,
            "Service not found with com.x.A and $invoke"
        )));
        assert!(lacks_generic(&status(
            Status::BadRequest,
            "Service not found:com.x.A, $invoke"
        )));
    }

    fn status(status: Status, m: &str) -> CallError {
        CallError::RemoteStatus {
            status,
            message: Some(m.into()),
        }
    }

    #[test]
    fn detects_providers_without_generic_invoke() {
        assert!(lacks_generic(&status(Status::ServiceNotFound, "")));
        assert!(lacks_generic(&status(
            Status::ServiceError,
            "Service not found: com.example.UserService method $invoke"
        )));
        assert!(!lacks_generic(&status(
            Status::ServiceError,
            "Not unique method for greet"
        )));
        assert!(!lacks_generic(&CallError::Timeout {
            addr: "a:1".into(),
            after: Duration::from_millis(1)
        }));
    }

    /// The dubbo-js provider answers `$invoke` with SERVICE_NOT_FOUND. That must end the failover
    /// loop at once (it used to be retried `--retries` times before the typed fallback), while
    /// the same status for a typed call stays an ordinary, retryable failure.
    #[test]
    fn rejected_generic_call_is_not_retried() {
        let sref = ServiceRef::new("com.example.UserService").with_version("1.0.0");
        let t = Duration::from_secs(1);
        let generic = Invocation::generic(sref.clone(), "getById", None, vec![], t);
        let typed = Invocation::direct(sref, "getById", "J", vec![Value::Long(42)], t);
        let not_found = || {
            status(
                Status::ServiceNotFound,
                "SERVICE_NOT_FOUND#Service not found with com.example.UserService and $invoke",
            )
        };
        let f = Failure::from_call(&generic, not_found());
        assert!(matches!(f, Failure::NoGeneric(_)));
        assert!(!f.is_retryable());
        assert!(!f.is_business(), "not an answer of the method");
        assert_eq!(f.status_label(), "SERVICE_NOT_FOUND");
        let f = Failure::from_call(&typed, not_found());
        assert!(matches!(f, Failure::Call(_)));
        assert!(f.is_retryable());
        let f = Failure::from_call(&generic, status(Status::ServerError, "boom"));
        assert!(matches!(f, Failure::Call(_)));
    }

    /// Each candidate gets its request in its own protocol: the dubbo one a generic `$invoke`
    /// of the converted arguments, the Triple one the JSON as given, at the path it registered.
    #[test]
    fn each_candidate_is_sent_its_own_protocol() {
        use crate::cluster::Candidate;
        let t = Duration::from_secs(1);
        let target = Target {
            label: "com.x.A".into(),
            candidates: vec![
                Candidate::new("10.0.0.1:20880"),
                Candidate::new("10.0.0.1:50051"),
            ],
            services: vec![
                ServiceRef::new("com.x.A").with_version("1.0"),
                ServiceRef::new("a.v1.A").with_version("1.0"),
            ],
            signatures: None,
            types: Vec::new(),
            protocols: vec![Protocol::Dubbo, Protocol::Triple],
        };
        let plan = Plan {
            method: "get".into(),
            args: vec![serde_json::json!(42)],
            types: Some(vec!["long".into()]),
            direct: false,
            ping: false,
            timeout: t,
            attachments: vec![("k".into(), "v".into())],
            catalog: Default::default(),
        };
        let r = requests(&target, &plan).unwrap();
        let Request::Dubbo(inv) = &r[0] else {
            panic!("{r:?}")
        };
        assert_eq!(inv.method, "$invoke");
        let Request::Triple(call) = &r[1] else {
            panic!("{r:?}")
        };
        assert_eq!(call.path(), "/a.v1.A/get");
        assert_eq!(call.body, b"[42]");
        assert_eq!(call.version.as_deref(), Some("1.0"));
        assert_eq!(call.attachments, [("k".to_string(), "v".to_string())]);
        // Typed, the dubbo request carries the descriptor; an argument that does not fit the
        // declared type fails before anything is sent.
        let typed = Plan {
            direct: true,
            ..plan.clone()
        };
        let Request::Dubbo(inv) = &requests(&target, &typed).unwrap()[0] else {
            panic!()
        };
        assert_eq!((inv.method.as_str(), inv.descriptor.as_str()), ("get", "J"));
        let bad = Plan {
            args: vec![serde_json::json!("x")],
            ..typed
        };
        assert!(requests(&target, &bad).is_err());
    }
}
