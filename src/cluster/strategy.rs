//! Cluster strategies (spec §7.7–§7.8): what a call does when its provider fails, and the
//! record of every attempt so `invoke -v` can say which provider answered and why.

use std::fmt;
use std::future::Future;
use std::str::FromStr;
use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};
use rand::Rng;

use super::balance::{Balance, SelectContext, UnknownName};
use super::candidate::Candidate;

/// What the cluster layer needs to know about a failed call. The protocol layer implements it
/// for its own error type (or uses [`CallError`]).
pub trait Retryable {
    /// True for failures of the transport or the RPC machinery (connection refused/reset,
    /// timeout, non-OK response status): another provider may do better. False for a business
    /// exception thrown by the service method: the provider answered, and retrying elsewhere
    /// would repeat the same business logic (possibly a non-idempotent write).
    fn is_retryable(&self) -> bool;

    /// True when the failure is the provider's answer (a business exception), which counts as
    /// answered in the statistics and the attempt log. By default that is every non-retryable
    /// failure; an implementation may also have failures that stop the retries without being
    /// an answer (e.g. the provider rejected the form of the call).
    fn is_business(&self) -> bool {
        !self.is_retryable()
    }
}

/// A ready-made call error for callers without their own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("network error: {0}")]
    Network(String),
    #[error("timeout: {0}")]
    Timeout(String),
    /// A response with a status other than OK (20); `code` is the Dubbo status byte.
    #[error("status {code}: {message}")]
    Status { code: u8, message: String },
    /// The service method threw; the message is the exception's rendering.
    #[error("{0}")]
    Business(String),
}

impl Retryable for CallError {
    fn is_retryable(&self) -> bool {
        !matches!(self, CallError::Business(_))
    }
}

/// The `cluster` URL parameter values supported here (`failback` and `available` are not).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cluster {
    /// Dubbo's default.
    #[default]
    Failover,
    Failfast,
    Failsafe,
    Forking,
    Broadcast,
}

impl Cluster {
    pub const ALL: [Cluster; 5] = [
        Cluster::Failover,
        Cluster::Failfast,
        Cluster::Failsafe,
        Cluster::Forking,
        Cluster::Broadcast,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Cluster::Failover => "failover",
            Cluster::Failfast => "failfast",
            Cluster::Failsafe => "failsafe",
            Cluster::Forking => "forking",
            Cluster::Broadcast => "broadcast",
        }
    }
}

impl fmt::Display for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Cluster {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Cluster::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownName {
                what: "cluster strategy",
                given: s.to_owned(),
                choices: Cluster::ALL.iter().map(|c| c.name()).collect(),
            })
    }
}

/// Strategy parameters, with Dubbo's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterOptions {
    /// failover: extra attempts after the first (`retries`, default 2); below 0 means none.
    pub retries: i32,
    /// forking: providers called at once (`forks`, default 2); ≤ 0 or ≥ the provider count
    /// means all of them.
    pub forks: i32,
    /// forking: give up when no provider answered within this (`timeout`, default 1000 ms).
    /// `None` waits for every fork to finish; `Some` needs a Tokio runtime with time enabled.
    pub fork_timeout: Option<Duration>,
    /// broadcast: stop calling further providers once this percentage of them failed
    /// (`broadcast.fail.percent`, 0–100, default 100 = call everyone).
    pub broadcast_fail_percent: u8,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            retries: 2,
            forks: 2,
            fork_timeout: Some(Duration::from_millis(1000)),
            broadcast_fail_percent: 100,
        }
    }
}

/// How a provider came to be chosen for an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectionPath {
    /// It was the only candidate.
    Only,
    /// The balancer picked it outright.
    Balancer,
    /// The balancer's first pick had already been tried; it was picked again among the
    /// untried candidates.
    AmongUntried,
    /// Every candidate had been tried; the balancer picked among those.
    AmongTried,
    /// Reselection found nothing; the candidate after the original pick was taken.
    NextInList,
    /// Strategies that call every candidate (broadcast, forking with forks ≥ count).
    Everyone,
}

/// Why an attempt went to its provider: the balancer, the route to the choice, and the
/// figures the balancer saw.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Choice {
    pub balancer: &'static str,
    pub path: SelectionPath,
    /// Effective weight (after warm-up) at selection time.
    pub weight: i32,
    /// Calls in flight to this provider for this method at selection time.
    pub active: u32,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match self.path {
            SelectionPath::Only => "only provider".to_owned(),
            SelectionPath::Balancer => format!("chosen by {}", self.balancer),
            SelectionPath::AmongUntried => {
                format!("chosen by {} among untried providers", self.balancer)
            }
            SelectionPath::AmongTried => format!(
                "chosen by {} again among tried providers (none left untried)",
                self.balancer
            ),
            SelectionPath::NextInList => "next in list after a failed reselection".to_owned(),
            SelectionPath::Everyone => "every provider is called".to_owned(),
        };
        write!(f, "{how} (weight {}, active {})", self.weight, self.active)
    }
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AttemptOutcome {
    /// The provider returned a value.
    Ok,
    /// The provider answered with a business exception (not retried).
    BusinessError { message: String },
    /// A retryable failure (network, timeout, non-OK status).
    Failed { message: String },
    /// Abandoned unfinished: another fork answered first, or the forking timeout hit.
    Cancelled,
}

impl AttemptOutcome {
    /// The provider produced an answer, value or business exception.
    pub fn answered(&self) -> bool {
        matches!(
            self,
            AttemptOutcome::Ok | AttemptOutcome::BusinessError { .. }
        )
    }
}

/// One call to one provider.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Attempt {
    /// Index into the candidate slice given to `execute`.
    pub candidate: usize,
    pub address: String,
    pub choice: Choice,
    pub outcome: AttemptOutcome,
    #[serde(rename = "elapsed_ms", serialize_with = "serialize_ms")]
    pub elapsed: Duration,
}

fn serialize_ms<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

/// Why a clustered call produced no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterError<E> {
    /// The candidate list was empty.
    NoProvider,
    /// The error that ended the call: a business exception, failfast's only failure, the last
    /// failure of failover or forking, or the last failure of a broadcast.
    Call(E),
    /// forking: nobody answered within the timeout.
    ForkTimeout(Duration),
}

impl<E: fmt::Display> fmt::Display for ClusterError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClusterError::NoProvider => f.write_str("no provider available"),
            ClusterError::Call(e) => e.fmt(f),
            ClusterError::ForkTimeout(d) => write!(
                f,
                "no forked provider answered within {}",
                humantime::format_duration(*d)
            ),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for ClusterError<E> {}

/// Result of a clustered call plus the story of how it went.
#[derive(Debug)]
pub struct ClusterOutcome<T, E> {
    /// `Ok(Some(value))` on success; `Ok(None)` only from failsafe after swallowing a failure.
    pub result: Result<Option<T>, ClusterError<E>>,
    /// Every attempt, in the order the providers were called (forking: selection order).
    pub attempts: Vec<Attempt>,
    /// failsafe: the failure it swallowed.
    pub swallowed: Option<E>,
}

impl<T, E> ClusterOutcome<T, E> {
    fn new(result: Result<Option<T>, ClusterError<E>>, attempts: Vec<Attempt>) -> Self {
        ClusterOutcome {
            result,
            attempts,
            swallowed: None,
        }
    }

    /// The attempt whose provider answered, if any (for broadcast, the last one that did).
    pub fn answered_by(&self) -> Option<&Attempt> {
        self.attempts.iter().rev().find(|a| a.outcome.answered())
    }
}

/// Dubbo's reselection sample size for large provider lists (`reselect.count`).
const RESELECT_COUNT: usize = 10;

/// Picks a candidate, avoiding those in `tried` (§7.7): one candidate → it; otherwise the
/// balancer's pick unless already tried, else the balancer over the untried ones (all of them
/// up to 10 candidates, else a random sample of 10), else over the tried ones, else the
/// candidate after the original pick. `None` only when `candidates` is empty.
pub fn select_excluding<B, R>(
    balancer: &mut B,
    candidates: &[Candidate],
    ctx: &SelectContext<'_>,
    rng: &mut R,
    tried: &[usize],
) -> Option<(usize, SelectionPath)>
where
    B: Balance + ?Sized,
    R: Rng + ?Sized,
{
    match candidates.len() {
        0 => return None,
        1 => return Some((0, SelectionPath::Only)),
        _ => {}
    }
    let pick = balancer.select(candidates, ctx, rng)?;
    if !tried.contains(&pick) {
        return Some((pick, SelectionPath::Balancer));
    }
    let untried: Vec<usize> = if candidates.len() <= RESELECT_COUNT {
        (0..candidates.len())
            .filter(|i| !tried.contains(i))
            .collect()
    } else {
        let mut sample = Vec::with_capacity(RESELECT_COUNT);
        for _ in 0..RESELECT_COUNT {
            let i = rng.gen_range(0..candidates.len());
            if !tried.contains(&i) && !sample.contains(&i) {
                sample.push(i);
            }
        }
        sample
    };
    if let Some(i) = select_among(balancer, candidates, ctx, rng, &untried) {
        return Some((i, SelectionPath::AmongUntried));
    }
    let mut tried_here: Vec<usize> = Vec::new();
    for &i in tried {
        if i < candidates.len() && !tried_here.contains(&i) {
            tried_here.push(i);
        }
    }
    if let Some(i) = select_among(balancer, candidates, ctx, rng, &tried_here) {
        return Some((i, SelectionPath::AmongTried));
    }
    Some(((pick + 1) % candidates.len(), SelectionPath::NextInList))
}

/// Runs the balancer over the subset `indexes` of `candidates`, mapping the answer back.
fn select_among<B, R>(
    balancer: &mut B,
    candidates: &[Candidate],
    ctx: &SelectContext<'_>,
    rng: &mut R,
    indexes: &[usize],
) -> Option<usize>
where
    B: Balance + ?Sized,
    R: Rng + ?Sized,
{
    let subset: Vec<Candidate> = indexes.iter().map(|&i| candidates[i].clone()).collect();
    balancer
        .select(&subset, ctx, rng)
        .and_then(|j| indexes.get(j).copied())
}

/// A cluster strategy with its options: the thing that runs a call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterInvoker {
    pub cluster: Cluster,
    pub options: ClusterOptions,
}

/// The candidates a failover call has tried, on the stack for the usual few attempts: a list
/// on the heap was an allocation per call.
#[derive(Default)]
struct Tried {
    inline: [usize; 4],
    len: usize,
    spilled: Vec<usize>,
}

impl Tried {
    fn push(&mut self, index: usize) {
        if self.spilled.is_empty() && self.len < self.inline.len() {
            self.inline[self.len] = index;
            self.len += 1;
            return;
        }
        if self.spilled.is_empty() {
            self.spilled.extend_from_slice(&self.inline[..self.len]);
        }
        self.spilled.push(index);
    }

    fn as_slice(&self) -> &[usize] {
        if self.spilled.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spilled
        }
    }
}

/// Records an attempt's bookkeeping around the call: in-flight counters (when the context has
/// statistics) and elapsed time.
struct AttemptRunner<'c, 'a> {
    candidates: &'c [Candidate],
    ctx: &'c SelectContext<'a>,
    balancer: &'static str,
}

impl AttemptRunner<'_, '_> {
    fn choice(&self, index: usize, path: SelectionPath) -> Choice {
        let c = &self.candidates[index];
        Choice {
            balancer: self.balancer,
            path,
            weight: c.effective_weight(self.ctx.now_ms),
            active: self.ctx.active_of(index, c),
        }
    }

    fn attempt(&self, index: usize, choice: Choice) -> Attempt {
        Attempt {
            candidate: index,
            address: self.candidates[index].address.clone(),
            choice,
            outcome: AttemptOutcome::Cancelled,
            elapsed: Duration::ZERO,
        }
    }

    /// Starts the call for `index`; the returned future finishes the statistics guard. If the
    /// future is dropped unfinished the guard counts the call as cancelled.
    fn run<T, E, Fut>(
        &self,
        index: usize,
        call: Fut,
    ) -> impl Future<Output = (Result<T, E>, Duration)>
    where
        Fut: Future<Output = Result<T, E>>,
        E: Retryable,
    {
        let guard = self.ctx.begin(index, &self.candidates[index]);
        async move {
            let started = Instant::now();
            let result = call.await;
            let elapsed = started.elapsed();
            if let Some(guard) = guard {
                // A business exception is an answer: Dubbo's RpcStatus counts it as succeeded.
                let answered = match &result {
                    Ok(_) => true,
                    Err(e) => e.is_business(),
                };
                guard.finish(answered, elapsed);
            }
            (result, elapsed)
        }
    }
}

fn outcome_of<T, E: Retryable + fmt::Display>(result: &Result<T, E>) -> AttemptOutcome {
    match result {
        Ok(_) => AttemptOutcome::Ok,
        Err(e) if e.is_business() => AttemptOutcome::BusinessError {
            message: e.to_string(),
        },
        Err(e) => AttemptOutcome::Failed {
            message: e.to_string(),
        },
    }
}

impl ClusterInvoker {
    pub fn new(cluster: Cluster) -> Self {
        ClusterInvoker {
            cluster,
            options: ClusterOptions::default(),
        }
    }

    pub fn with_options(mut self, options: ClusterOptions) -> Self {
        self.options = options;
        self
    }

    /// Runs one logical call against `candidates` according to the strategy.
    ///
    /// `call(i)` performs the RPC on `candidates[i]`. When `ctx.stats` is set, each attempt is
    /// counted there (in flight while running, then succeeded/failed/cancelled), which is what
    /// `leastactive` and `shortestresponse` feed on. The candidate list is fixed for the whole
    /// call; failover does not re-list providers between attempts.
    pub async fn execute<B, R, F, Fut, T, E>(
        &self,
        balancer: &mut B,
        candidates: &[Candidate],
        ctx: &SelectContext<'_>,
        rng: &mut R,
        mut call: F,
    ) -> ClusterOutcome<T, E>
    where
        B: Balance + ?Sized,
        R: Rng + ?Sized,
        F: FnMut(usize) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        E: Retryable + fmt::Display,
    {
        if candidates.is_empty() {
            return ClusterOutcome::new(Err(ClusterError::NoProvider), Vec::new());
        }
        let runner = AttemptRunner {
            candidates,
            ctx,
            balancer: balancer.name(),
        };
        match self.cluster {
            Cluster::Failover => {
                let attempts = usize::try_from(self.options.retries.saturating_add(1))
                    .unwrap_or(0)
                    .max(1);
                self.failover(attempts, balancer, &runner, rng, &mut call)
                    .await
            }
            Cluster::Failfast => self.failover(1, balancer, &runner, rng, &mut call).await,
            Cluster::Failsafe => {
                let mut outcome = self.failover(1, balancer, &runner, rng, &mut call).await;
                // Only RPC failures are swallowed; a business exception is the provider's
                // answer and reaches the caller, as in Dubbo.
                if let Err(ClusterError::Call(e)) = &outcome.result {
                    if e.is_retryable() {
                        if let Err(ClusterError::Call(e)) =
                            std::mem::replace(&mut outcome.result, Ok(None))
                        {
                            outcome.swallowed = Some(e);
                        }
                    }
                }
                outcome
            }
            Cluster::Forking => self.forking(balancer, &runner, rng, &mut call).await,
            Cluster::Broadcast => self.broadcast(&runner, &mut call).await,
        }
    }

    /// Up to `max_attempts` sequential attempts on distinct providers while failures are
    /// retryable (failfast and failsafe are the one-attempt case).
    async fn failover<B, R, F, Fut, T, E>(
        &self,
        max_attempts: usize,
        balancer: &mut B,
        runner: &AttemptRunner<'_, '_>,
        rng: &mut R,
        call: &mut F,
    ) -> ClusterOutcome<T, E>
    where
        B: Balance + ?Sized,
        R: Rng + ?Sized,
        F: FnMut(usize) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        E: Retryable + fmt::Display,
    {
        let mut tried = Tried::default();
        let mut attempts = Vec::with_capacity(max_attempts);
        let mut last_error = None;
        for _ in 0..max_attempts {
            let Some((index, path)) = select_excluding(
                balancer,
                runner.candidates,
                runner.ctx,
                rng,
                tried.as_slice(),
            ) else {
                break;
            };
            tried.push(index);
            let mut attempt = runner.attempt(index, runner.choice(index, path));
            let (result, elapsed) = runner.run(index, call(index)).await;
            attempt.outcome = outcome_of(&result);
            attempt.elapsed = elapsed;
            attempts.push(attempt);
            match result {
                Ok(value) => return ClusterOutcome::new(Ok(Some(value)), attempts),
                Err(e) if !e.is_retryable() => {
                    return ClusterOutcome::new(Err(ClusterError::Call(e)), attempts)
                }
                Err(e) => last_error = Some(e),
            }
        }
        let error = last_error.map_or(ClusterError::NoProvider, ClusterError::Call);
        ClusterOutcome::new(Err(error), attempts)
    }

    /// `forks` distinct providers at once; the first answer wins and the others are dropped.
    async fn forking<B, R, F, Fut, T, E>(
        &self,
        balancer: &mut B,
        runner: &AttemptRunner<'_, '_>,
        rng: &mut R,
        call: &mut F,
    ) -> ClusterOutcome<T, E>
    where
        B: Balance + ?Sized,
        R: Rng + ?Sized,
        F: FnMut(usize) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        E: Retryable + fmt::Display,
    {
        let n = runner.candidates.len();
        let forks = usize::try_from(self.options.forks).unwrap_or(0);
        let mut chosen: Vec<(usize, SelectionPath)> = Vec::new();
        if forks == 0 || forks >= n {
            chosen.extend((0..n).map(|i| (i, SelectionPath::Everyone)));
        } else {
            let mut tried: Vec<usize> = Vec::with_capacity(forks);
            // select_excluding prefers untried candidates, so this ends after `forks` rounds;
            // the bound only guards against a balancer that keeps answering the same index.
            for _ in 0..forks * 4 + n {
                if chosen.len() == forks {
                    break;
                }
                if let Some((i, path)) =
                    select_excluding(balancer, runner.candidates, runner.ctx, rng, &tried)
                {
                    if !tried.contains(&i) {
                        tried.push(i);
                        chosen.push((i, path));
                    }
                }
            }
        }

        let mut attempts: Vec<Attempt> = chosen
            .iter()
            .map(|&(i, path)| runner.attempt(i, runner.choice(i, path)))
            .collect();
        let started = Instant::now();
        let mut running: FuturesUnordered<_> = chosen
            .iter()
            .enumerate()
            .map(|(slot, &(i, _))| {
                let fut = runner.run(i, call(i));
                async move {
                    let (result, elapsed) = fut.await;
                    (slot, result, elapsed)
                }
            })
            .collect();
        let deadline = self
            .options
            .fork_timeout
            .map(|t| (t, tokio::time::Instant::now() + t));

        let mut failures = 0;
        let mut last_error = None;
        let result = loop {
            let next = match deadline {
                Some((timeout, at)) => match tokio::time::timeout_at(at, running.next()).await {
                    Ok(next) => next,
                    Err(_) => break Err(ClusterError::ForkTimeout(timeout)),
                },
                None => running.next().await,
            };
            let Some((slot, result, elapsed)) = next else {
                // Every fork finished without an answer.
                break Err(last_error.map_or(ClusterError::NoProvider, ClusterError::Call));
            };
            attempts[slot].outcome = outcome_of(&result);
            attempts[slot].elapsed = elapsed;
            match result {
                Ok(value) => break Ok(Some(value)),
                Err(e) if !e.is_retryable() => break Err(ClusterError::Call(e)),
                Err(e) => {
                    failures += 1;
                    last_error = Some(e);
                    if failures == chosen.len() {
                        break Err(last_error.map_or(ClusterError::NoProvider, ClusterError::Call));
                    }
                }
            }
        };
        // Dropping the losers cancels them (their statistics guards record the cancellation).
        drop(running);
        let abandoned_after = started.elapsed();
        for a in &mut attempts {
            if a.outcome == AttemptOutcome::Cancelled {
                a.elapsed = abandoned_after;
            }
        }
        ClusterOutcome::new(result, attempts)
    }

    /// Every provider in list order; any failure fails the call (after the others were still
    /// called, unless the failure threshold stops it early). The value is the last one.
    async fn broadcast<F, Fut, T, E>(
        &self,
        runner: &AttemptRunner<'_, '_>,
        call: &mut F,
    ) -> ClusterOutcome<T, E>
    where
        F: FnMut(usize) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        E: Retryable + fmt::Display,
    {
        let n = runner.candidates.len();
        let percent = usize::from(self.options.broadcast_fail_percent.min(100));
        // Dubbo computes n × percent / 100 and stops when failures reach it; at 0 % it means
        // "stop at the first failure" (Dubbo's check never fires then, contrary to its docs).
        let stop_after = (n * percent / 100).max(1);
        let mut attempts = Vec::with_capacity(n);
        let mut failures = 0;
        let mut last_error = None;
        let mut last_value = None;
        for index in 0..n {
            let mut attempt = runner.attempt(index, runner.choice(index, SelectionPath::Everyone));
            let (result, elapsed) = runner.run(index, call(index)).await;
            attempt.outcome = outcome_of(&result);
            attempt.elapsed = elapsed;
            attempts.push(attempt);
            match result {
                Ok(value) => last_value = Some(value),
                // Business exceptions count as failures here, as in Dubbo.
                Err(e) => {
                    failures += 1;
                    last_error = Some(e);
                    if failures >= stop_after {
                        break;
                    }
                }
            }
        }
        let result = match last_error {
            Some(e) => Err(ClusterError::Call(e)),
            None => Ok(last_value),
        };
        ClusterOutcome::new(result, attempts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::balance::{BalancerKind, LoadBalancer};
    use crate::cluster::stats::CallStats;
    use futures::executor::block_on;
    use rand::rngs::SmallRng;
    use rand::SeedableRng;
    use std::sync::{Arc, Mutex};

    /// What a fake provider does when called.
    #[derive(Clone, Copy)]
    enum Behaviour {
        Answer(&'static str),
        Fail,
        Throw,
        /// Answer after a delay (Tokio time).
        Slow(u64, &'static str),
        /// Fail after a delay (Tokio time).
        SlowFail(u64),
    }
    use Behaviour::*;

    struct Fake {
        behaviours: Vec<Behaviour>,
        calls: Arc<Mutex<Vec<usize>>>,
    }

    impl Fake {
        fn new(behaviours: &[Behaviour]) -> Self {
            Fake {
                behaviours: behaviours.to_vec(),
                calls: Arc::default(),
            }
        }

        fn candidates(&self) -> Vec<Candidate> {
            (0..self.behaviours.len())
                .map(|i| Candidate::new(format!("10.0.0.{i}:20880")))
                .collect()
        }

        fn calls(&self) -> Vec<usize> {
            self.calls.lock().unwrap().clone()
        }

        fn call(
            &self,
        ) -> impl FnMut(usize) -> futures::future::BoxFuture<'static, Result<String, CallError>>
        {
            let behaviours = self.behaviours.clone();
            let calls = Arc::clone(&self.calls);
            move |i| {
                calls.lock().unwrap().push(i);
                let b = behaviours[i];
                Box::pin(async move {
                    match b {
                        Answer(v) => Ok(v.to_owned()),
                        Fail => Err(CallError::Network(format!("connection refused by {i}"))),
                        Throw => Err(CallError::Business(format!("IllegalStateException at {i}"))),
                        Slow(ms, v) => {
                            tokio::time::sleep(Duration::from_millis(ms)).await;
                            Ok(v.to_owned())
                        }
                        SlowFail(ms) => {
                            tokio::time::sleep(Duration::from_millis(ms)).await;
                            Err(CallError::Timeout(format!("{i} timed out")))
                        }
                    }
                })
            }
        }
    }

    fn invoker(cluster: Cluster, edit: impl FnOnce(&mut ClusterOptions)) -> ClusterInvoker {
        let mut options = ClusterOptions::default();
        edit(&mut options);
        ClusterInvoker::new(cluster).with_options(options)
    }

    fn run(
        invoker: &ClusterInvoker,
        fake: &Fake,
        kind: BalancerKind,
        seed: u64,
    ) -> ClusterOutcome<String, CallError> {
        let cands = fake.candidates();
        let ctx = SelectContext::new("sayHello", 0);
        let mut balancer = LoadBalancer::new(kind);
        let mut rng = SmallRng::seed_from_u64(seed);
        block_on(invoker.execute(&mut balancer, &cands, &ctx, &mut rng, fake.call()))
    }

    fn distinct(v: &[usize]) -> bool {
        let mut s = v.to_vec();
        s.sort_unstable();
        s.dedup();
        s.len() == v.len()
    }

    #[test]
    fn names_parse_and_list_choices() {
        for c in Cluster::ALL {
            assert_eq!(c.name().parse::<Cluster>(), Ok(c));
        }
        assert_eq!("FailFast".parse::<Cluster>(), Ok(Cluster::Failfast));
        assert_eq!(
            "failback".parse::<Cluster>().unwrap_err().to_string(),
            "unknown cluster strategy \"failback\"; expected one of: failover, failfast, \
             failsafe, forking, broadcast"
        );
        assert_eq!(Cluster::default(), Cluster::Failover);
        let o = ClusterOptions::default();
        assert_eq!((o.retries, o.forks), (2, 2));
    }

    #[test]
    fn failover_retries_exactly_retries_times_on_distinct_providers() {
        for seed in 0..20 {
            let fake = Fake::new(&[Fail, Fail, Fail, Fail, Fail]);
            let out = run(
                &ClusterInvoker::new(Cluster::Failover),
                &fake,
                BalancerKind::Random,
                seed,
            );
            let calls = fake.calls();
            assert_eq!(calls.len(), 3, "1 attempt + 2 retries");
            assert!(distinct(&calls), "{calls:?}");
            assert_eq!(
                out.attempts.iter().map(|a| a.candidate).collect::<Vec<_>>(),
                calls
            );
            assert!(matches!(
                out.result,
                Err(ClusterError::Call(CallError::Network(_)))
            ));
            assert!(out
                .attempts
                .iter()
                .all(|a| matches!(a.outcome, AttemptOutcome::Failed { .. })));
            assert_eq!(out.attempts[0].choice.path, SelectionPath::Balancer);
        }
    }

    #[test]
    fn failover_honours_retries_option() {
        let fake = Fake::new(&[Fail; 6]);
        run(
            &invoker(Cluster::Failover, |o| o.retries = 4),
            &fake,
            BalancerKind::RoundRobin,
            1,
        );
        assert_eq!(fake.calls().len(), 5);
        assert!(distinct(&fake.calls()));
        for retries in [0, -3] {
            let fake = Fake::new(&[Fail; 3]);
            run(
                &invoker(Cluster::Failover, |o| o.retries = retries),
                &fake,
                BalancerKind::Random,
                1,
            );
            assert_eq!(fake.calls().len(), 1, "retries {retries}");
        }
    }

    #[test]
    fn failover_stops_at_first_success_and_says_who_answered() {
        // Round robin over equal weights goes 0, 1, 2: two failures, then the answer.
        let fake = Fake::new(&[Fail, Fail, Answer("hi"), Answer("other")]);
        let out = run(
            &ClusterInvoker::new(Cluster::Failover),
            &fake,
            BalancerKind::RoundRobin,
            0,
        );
        assert_eq!(out.result, Ok(Some("hi".to_owned())));
        assert_eq!(fake.calls(), [0, 1, 2]);
        let who = out.answered_by().unwrap();
        assert_eq!(who.address, "10.0.0.2:20880");
        assert_eq!(who.choice.balancer, "roundrobin");
        assert_eq!(who.choice.weight, 100);
        assert_eq!(
            who.choice.to_string(),
            "chosen by roundrobin (weight 100, active 0)"
        );
    }

    #[test]
    fn failover_does_not_retry_business_errors() {
        for seed in 0..10 {
            let fake = Fake::new(&[Throw, Throw, Throw]);
            let out = run(
                &ClusterInvoker::new(Cluster::Failover),
                &fake,
                BalancerKind::Random,
                seed,
            );
            assert_eq!(fake.calls().len(), 1);
            assert!(matches!(
                out.result,
                Err(ClusterError::Call(CallError::Business(_)))
            ));
            assert!(matches!(
                out.attempts[0].outcome,
                AttemptOutcome::BusinessError { .. }
            ));
            assert!(out.answered_by().is_some());
        }
    }

    #[test]
    fn tried_list_keeps_every_index_past_its_inline_room() {
        let mut tried = Tried::default();
        assert!(tried.as_slice().is_empty());
        for i in [3, 1, 4, 1, 5, 9] {
            tried.push(i);
        }
        assert_eq!(tried.as_slice(), [3, 1, 4, 1, 5, 9]);
    }

    #[test]
    fn failover_with_fewer_providers_than_attempts_reuses_tried_ones() {
        let fake = Fake::new(&[Fail, Fail]);
        let out = run(
            &ClusterInvoker::new(Cluster::Failover),
            &fake,
            BalancerKind::Random,
            3,
        );
        let calls = fake.calls();
        assert_eq!(calls.len(), 3);
        assert_ne!(
            calls[0], calls[1],
            "second attempt goes to the untried provider"
        );
        assert_eq!(out.attempts[2].choice.path, SelectionPath::AmongTried);

        let fake = Fake::new(&[Fail]);
        let out = run(
            &ClusterInvoker::new(Cluster::Failover),
            &fake,
            BalancerKind::Random,
            3,
        );
        assert_eq!(fake.calls(), [0, 0, 0]);
        assert!(out
            .attempts
            .iter()
            .all(|a| a.choice.path == SelectionPath::Only));
    }

    #[test]
    fn failfast_makes_a_single_attempt() {
        let fake = Fake::new(&[Fail, Fail, Fail]);
        let out = run(
            &ClusterInvoker::new(Cluster::Failfast),
            &fake,
            BalancerKind::Random,
            5,
        );
        assert_eq!(fake.calls().len(), 1);
        assert_eq!(out.attempts.len(), 1);
        assert!(matches!(
            out.result,
            Err(ClusterError::Call(CallError::Network(_)))
        ));
    }

    #[test]
    fn failsafe_swallows_rpc_failures_but_not_business_errors() {
        let fake = Fake::new(&[Fail, Fail]);
        let out = run(
            &ClusterInvoker::new(Cluster::Failsafe),
            &fake,
            BalancerKind::Random,
            5,
        );
        assert_eq!(fake.calls().len(), 1);
        assert_eq!(out.result, Ok(None));
        assert!(matches!(out.swallowed, Some(CallError::Network(_))));
        assert!(matches!(
            out.attempts[0].outcome,
            AttemptOutcome::Failed { .. }
        ));

        let fake = Fake::new(&[Throw, Throw]);
        let out = run(
            &ClusterInvoker::new(Cluster::Failsafe),
            &fake,
            BalancerKind::Random,
            5,
        );
        assert!(matches!(
            out.result,
            Err(ClusterError::Call(CallError::Business(_)))
        ));
        assert!(out.swallowed.is_none());

        let fake = Fake::new(&[Answer("a"), Answer("a")]);
        let out = run(
            &ClusterInvoker::new(Cluster::Failsafe),
            &fake,
            BalancerKind::Random,
            5,
        );
        assert_eq!(out.result, Ok(Some("a".to_owned())));
    }

    #[test]
    fn empty_candidates_mean_no_provider() {
        for cluster in Cluster::ALL {
            let fake = Fake::new(&[]);
            let out = run(
                &ClusterInvoker::new(cluster),
                &fake,
                BalancerKind::Random,
                0,
            );
            assert_eq!(out.result, Err(ClusterError::NoProvider), "{cluster}");
            assert!(out.attempts.is_empty());
        }
    }

    #[test]
    fn broadcast_calls_everyone_in_order_and_returns_the_last_value() {
        let fake = Fake::new(&[Answer("a"), Answer("b"), Answer("c")]);
        let out = run(
            &ClusterInvoker::new(Cluster::Broadcast),
            &fake,
            BalancerKind::Random,
            0,
        );
        assert_eq!(fake.calls(), [0, 1, 2]);
        assert_eq!(out.result, Ok(Some("c".to_owned())));
        assert!(out
            .attempts
            .iter()
            .all(|a| a.choice.path == SelectionPath::Everyone));
    }

    #[test]
    fn broadcast_fails_if_any_fails_after_calling_everyone() {
        let fake = Fake::new(&[Answer("a"), Fail, Answer("c")]);
        let out = run(
            &ClusterInvoker::new(Cluster::Broadcast),
            &fake,
            BalancerKind::Random,
            0,
        );
        assert_eq!(fake.calls(), [0, 1, 2]);
        assert!(matches!(
            out.result,
            Err(ClusterError::Call(CallError::Network(_)))
        ));
        // Business exceptions count as failures too; the last failure is reported.
        let fake = Fake::new(&[Fail, Throw, Answer("c")]);
        let out = run(
            &ClusterInvoker::new(Cluster::Broadcast),
            &fake,
            BalancerKind::Random,
            0,
        );
        assert!(matches!(
            out.result,
            Err(ClusterError::Call(CallError::Business(_)))
        ));
    }

    #[test]
    fn broadcast_fail_percent_stops_early() {
        // 4 providers × 50 % = stop at the 2nd failure.
        let fake = Fake::new(&[Fail, Answer("b"), Fail, Answer("d")]);
        run(
            &invoker(Cluster::Broadcast, |o| o.broadcast_fail_percent = 50),
            &fake,
            BalancerKind::Random,
            0,
        );
        assert_eq!(fake.calls(), [0, 1, 2]);
        // 0 % = stop at the first failure.
        let fake = Fake::new(&[Answer("a"), Fail, Answer("c")]);
        run(
            &invoker(Cluster::Broadcast, |o| o.broadcast_fail_percent = 0),
            &fake,
            BalancerKind::Random,
            0,
        );
        assert_eq!(fake.calls(), [0, 1]);
    }

    async fn run_async(
        invoker: &ClusterInvoker,
        fake: &Fake,
        stats: &CallStats,
    ) -> ClusterOutcome<String, CallError> {
        let cands = fake.candidates();
        let ctx = SelectContext::new("sayHello", 0).with_stats(stats);
        let mut balancer = LoadBalancer::new(BalancerKind::RoundRobin);
        let mut rng = SmallRng::seed_from_u64(0);
        invoker
            .execute(&mut balancer, &cands, &ctx, &mut rng, fake.call())
            .await
    }

    #[tokio::test]
    async fn forking_first_success_wins_and_losers_are_cancelled() {
        // Fork 0 fails on its first poll, so its outcome is settled before fork 1 answers.
        let fake = Fake::new(&[Fail, Slow(40, "second"), Slow(2000, "late")]);
        let stats = CallStats::new();
        let out = run_async(&invoker(Cluster::Forking, |o| o.forks = 0), &fake, &stats).await;
        assert_eq!(out.result, Ok(Some("second".to_owned())));
        let mut calls = fake.calls();
        calls.sort_unstable();
        assert_eq!(calls, [0, 1, 2]);
        let outcomes: Vec<_> = out.attempts.iter().map(|a| a.outcome.clone()).collect();
        assert!(matches!(outcomes[0], AttemptOutcome::Failed { .. }));
        assert_eq!(outcomes[1], AttemptOutcome::Ok);
        assert_eq!(outcomes[2], AttemptOutcome::Cancelled);
        assert_eq!(out.answered_by().unwrap().candidate, 1);
        // The abandoned call left the in-flight count and was counted as cancelled.
        let late = stats.get("10.0.0.2:20880", "sayHello");
        assert_eq!((late.active, late.cancelled), (0, 1));
        assert_eq!(stats.get("10.0.0.0:20880", "sayHello").failed, 1);
        assert_eq!(stats.get("10.0.0.1:20880", "sayHello").succeeded, 1);
    }

    #[tokio::test]
    async fn forking_calls_forks_distinct_providers() {
        let fake = Fake::new(&[Fail, Fail, Fail, Fail, Fail]);
        let out = run_async(
            &invoker(Cluster::Forking, |o| o.forks = 3),
            &fake,
            &CallStats::new(),
        )
        .await;
        let calls = fake.calls();
        assert_eq!(calls.len(), 3);
        assert!(distinct(&calls));
        // All forks failed: the call fails with one of their errors.
        assert!(matches!(
            out.result,
            Err(ClusterError::Call(CallError::Network(_)))
        ));
    }

    #[tokio::test]
    async fn forking_reports_the_last_failure_when_all_fail() {
        let fake = Fake::new(&[SlowFail(20), Fail]);
        let out = run_async(
            &ClusterInvoker::new(Cluster::Forking),
            &fake,
            &CallStats::new(),
        )
        .await;
        assert!(matches!(
            out.result,
            Err(ClusterError::Call(CallError::Timeout(_)))
        ));
        assert!(out.answered_by().is_none());
    }

    #[tokio::test]
    async fn forking_times_out() {
        let fake = Fake::new(&[Slow(5000, "a"), Slow(5000, "b")]);
        let opts = |o: &mut ClusterOptions| o.fork_timeout = Some(Duration::from_millis(30));
        let out = run_async(&invoker(Cluster::Forking, opts), &fake, &CallStats::new()).await;
        assert_eq!(
            out.result,
            Err(ClusterError::ForkTimeout(Duration::from_millis(30)))
        );
        assert!(out
            .attempts
            .iter()
            .all(|a| a.outcome == AttemptOutcome::Cancelled));
        assert_eq!(
            out.result.unwrap_err().to_string(),
            "no forked provider answered within 30ms"
        );
    }

    #[test]
    fn attempts_are_counted_in_stats() {
        let fake = Fake::new(&[Fail, Fail, Answer("x")]);
        let stats = CallStats::new();
        let cands = fake.candidates();
        let ctx = SelectContext::new("m", 0).with_stats(&stats);
        let mut balancer = LoadBalancer::new(BalancerKind::RoundRobin);
        let mut rng = SmallRng::seed_from_u64(0);
        let out = block_on(ClusterInvoker::default().execute(
            &mut balancer,
            &cands,
            &ctx,
            &mut rng,
            fake.call(),
        ));
        assert_eq!(out.result, Ok(Some("x".to_owned())));
        let totals: Vec<_> = cands
            .iter()
            .map(|c| {
                let s = stats.get(&c.key, "m");
                (s.active, s.succeeded, s.failed)
            })
            .collect();
        assert_eq!(totals, [(0, 0, 1), (0, 0, 1), (0, 1, 0)]);
    }

    /// Always answers index 0: shows the reselection paths.
    struct Stubborn;
    impl Balance for Stubborn {
        fn name(&self) -> &'static str {
            "stubborn"
        }
        fn select<R: Rng + ?Sized>(
            &mut self,
            candidates: &[Candidate],
            _: &SelectContext<'_>,
            _: &mut R,
        ) -> Option<usize> {
            (!candidates.is_empty()).then_some(0)
        }
    }

    #[test]
    fn selection_excludes_tried_providers() {
        let cands: Vec<_> = (0..4).map(|i| Candidate::new(format!("h{i}:1"))).collect();
        let ctx = SelectContext::new("m", 0);
        let mut rng = SmallRng::seed_from_u64(0);
        let mut b = Stubborn;
        let sel = |tried: &[usize], rng: &mut SmallRng, b: &mut Stubborn| {
            select_excluding(b, &cands, &ctx, rng, tried).unwrap()
        };
        assert_eq!(sel(&[], &mut rng, &mut b), (0, SelectionPath::Balancer));
        // Index 0 tried: the balancer runs over [1, 2, 3] and answers its first → 1.
        assert_eq!(
            sel(&[0], &mut rng, &mut b),
            (1, SelectionPath::AmongUntried)
        );
        assert_eq!(
            sel(&[0, 1], &mut rng, &mut b),
            (2, SelectionPath::AmongUntried)
        );
        assert_eq!(
            sel(&[3, 0, 1, 2], &mut rng, &mut b),
            (3, SelectionPath::AmongTried)
        );
        // Untried picks are taken as they are.
        assert_eq!(sel(&[2], &mut rng, &mut b), (0, SelectionPath::Balancer));
    }

    #[test]
    fn selection_over_large_lists_samples_untried() {
        let cands: Vec<_> = (0..50).map(|i| Candidate::new(format!("h{i}:1"))).collect();
        let ctx = SelectContext::new("m", 0);
        let mut rng = SmallRng::seed_from_u64(9);
        let tried: Vec<usize> = (0..25).collect();
        for _ in 0..200 {
            let (i, path) =
                select_excluding(&mut Stubborn, &cands, &ctx, &mut rng, &tried).unwrap();
            assert!(i >= 25, "picked tried {i}");
            assert_eq!(path, SelectionPath::AmongUntried);
        }
    }

    #[test]
    fn execute_future_is_send_for_spawned_load_workers() {
        fn assert_send<T: Send>(_: &T) {}
        let fake = Fake::new(&[Answer("a")]);
        let cands = fake.candidates();
        let stats = CallStats::new();
        let args = vec!["x".to_owned()];
        let ctx = SelectContext::new("m", 0)
            .with_stats(&stats)
            .with_arguments(&args);
        let mut balancer = crate::cluster::SharedLoadBalancer::default();
        let mut rng = SmallRng::seed_from_u64(0);
        let invoker = ClusterInvoker::new(Cluster::Forking);
        let fut = invoker.execute(&mut balancer, &cands, &ctx, &mut rng, fake.call());
        assert_send(&fut);
    }

    #[test]
    fn attempts_serialize_with_snake_case_fields() {
        let fake = Fake::new(&[Fail]);
        let out = run(
            &invoker(Cluster::Failover, |o| o.retries = 0),
            &fake,
            BalancerKind::Random,
            0,
        );
        let json = serde_json::to_value(&out.attempts[0]).unwrap();
        assert_eq!(json["candidate"], 0);
        assert_eq!(json["address"], "10.0.0.0:20880");
        assert_eq!(json["choice"]["path"], "only");
        assert_eq!(json["choice"]["balancer"], "random");
        assert_eq!(json["outcome"]["kind"], "failed");
        assert_eq!(
            json["outcome"]["message"],
            "network error: connection refused by 0"
        );
        assert!(json["elapsed_ms"].is_f64());
    }
}
