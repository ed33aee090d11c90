//! Load mode of `svcctl invoke` / `svcctl bench`: `-n` calls or `-z` duration with `-c` in
//! flight, optionally paced by `--rps`, reported ghz-style with a per-provider table.

use super::*;
use crate::output::load::LoadRun;
use crate::protocol::attempt::{Caller, Wire};
use crate::protocol::plan::triple_call;
use std::sync::Arc;

use crate::cluster::Candidate;

/// `svcctl bench` without `-n` or `-z` makes this many calls (as ghz does).
pub const BENCH_DEFAULT_REQUESTS: u64 = 200;

/// Under `--rps R` the `k`-th call (from 0) starts `k / R` seconds after the run started: a
/// fixed schedule shared by all workers, so the rate holds across `-c` workers, and a slow call
/// is caught up on by the next ones (as far as `-c` allows) rather than lowering the rate.
fn rps_slot(started: Instant, rps: f64, k: u64) -> Instant {
    started + Duration::from_secs_f64(k as f64 / rps)
}

/// Resolves on the first Ctrl-C (SIGINT), never if no handler can be installed. The handler is
/// installed when this is called, not when it is first polled.
fn interrupted() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let sig = signal(SignalKind::interrupt());
        async move {
            match sig {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await
            }
        }
    }
}

/// The live progress bar: on stderr, and only when stderr is a terminal (oha); `--no-progress`
/// turns it off. With `-n` it counts calls, with `-z` alone it fills with time.
fn progress_bar(
    a: &InvokeArgs,
    total: Option<u64>,
    deadline: Option<Duration>,
) -> Option<ProgressBar> {
    use std::io::IsTerminal;
    if a.no_progress || !std::io::stderr().is_terminal() {
        return None;
    }
    let (len, template) = match (total, deadline) {
        (Some(n), _) => (
            n,
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} calls {msg}",
        ),
        (None, Some(d)) => (
            u64::try_from(d.as_millis()).unwrap_or(u64::MAX),
            "{spinner} [{elapsed_precise}] {wide_bar} {msg}",
        ),
        (None, None) => return None,
    };
    let style = ProgressStyle::with_template(template).ok()?;
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr())
        .with_style(style.progress_chars("=> "));
    bar.enable_steady_tick(Duration::from_millis(100));
    Some(bar)
}

/// The requests of a run, one per candidate in the protocol it speaks: dubbo invocations (with
/// their typed form, for a provider that turns out to lack `$invoke`) and Triple calls. Built
/// before anything is sent, so argument errors come first.
pub(super) fn caller(
    a: &InvokeArgs,
    target: &Target,
    plan: &Plan,
    connect_timeout: Duration,
) -> Result<Caller> {
    // None when the calls are typed already.
    let typed_plan = (!plan.direct && !plan.ping).then(|| Plan {
        direct: true,
        ..plan.clone()
    });
    if target.any_triple() {
        if let Some(p) = plan
            .attachments
            .iter()
            .find_map(|(k, v)| crate::protocol::triple::attachment_problem(k, v))
        {
            return Err(Error::usage(p));
        }
    }
    let wires = target
        .protocols
        .iter()
        .zip(&target.services)
        .map(|(protocol, svc)| match protocol {
            Protocol::Dubbo => {
                let planned = plan.invocation(svc)?;
                // Arguments that do not convert for a typed call leave the run without one.
                let typed = typed_plan.as_ref().and_then(|t| t.invocation(svc).ok());
                Ok(Wire::dubbo(&planned, typed.as_ref()))
            }
            Protocol::Triple => Ok(Wire::triple(triple_call(
                svc,
                &plan.method,
                &plan.args,
                plan.timeout,
                &plan.attachments,
            ))),
        })
        .collect::<Result<Vec<_>>>()?;
    let caller =
        Caller::new(wires, connect_timeout, triple_mode(a)?, plan.timeout).map_err(Error::from)?;
    // Paced calls are few in flight and their latency is what is measured: only a closed loop
    // lets replies gather.
    let caller = caller.with_connections(usize::from(a.connections));
    Ok(if a.rps.is_none() {
        caller.with_coalesced_replies()
    } else {
        caller
    })
}

/// Load mode: `-n` calls (or for `-z`) with `-c` in flight, at most `--rps` a second, then a
/// ghz-style report. Ctrl-C stops early: the report is still printed (`stop_reason`
/// `interrupted`, calls in flight dropped) and svcctl exits 130.
///
/// Each provider is called in its own protocol (`caller`); balancers, cluster strategy,
/// statistics and report do not care which. When a dubbo provider rejects `$invoke`
/// (dubbo-js), every later dubbo call is sent typed; the calls that found out are repeated
/// typed and counted once, with the latency of the typed call.
pub(super) async fn load(
    ctx: &mut Ctx,
    a: &InvokeArgs,
    target: &Target,
    caller: Caller,
    invoker: &ClusterInvoker,
    balancer: LoadBalancer,
    method: &str,
) -> Result<()> {
    let deadline = match &a.duration {
        Some(d) => Some(parse_duration(d, "--duration")?),
        None => None,
    };
    let total = a.requests;
    if total.is_none() && deadline.is_none() {
        return Err(Error::usage("load mode needs -n N or -z DURATION")
            .with_hint("e.g. -n 1000 -c 8, or -z 30s --rps 100"));
    }
    let rps = match a.rps {
        Some(r) if !(r.is_finite() && r > 0.0) => {
            return Err(Error::usage(format!(
                "--rps {r}: expected a positive number of calls per second"
            )))
        }
        r => r,
    };
    let concurrency = a.concurrency.max(1);
    let lb_name = balancer.name().to_string();
    let shared_lb = SharedLoadBalancer::new(balancer);
    // `top --load` passes its own counters so the dashboard sees what the balancer sees.
    let stats: std::sync::Arc<crate::cluster::CallStats> =
        a.shared_stats.clone().unwrap_or_default();
    let issued = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut recorder = LoadRecorder::new();
    let now = now_ms();
    // Each candidate's row in the report, by candidate index.
    let slots: Arc<[crate::cluster::ProviderSlot]> = target
        .candidates
        .iter()
        .map(|c| recorder.expect_provider(&c.address, c.effective_weight(now)))
        .collect();
    let recorder = Arc::new(Mutex::new(recorder));
    let interrupt = interrupted();
    let bar = progress_bar(a, total, deadline);
    let started = Instant::now();
    let stop_at = deadline.map(|d| started + d);
    let verbose = ctx.global.verbose > 0;
    // Each worker is a task of its own, owning (shares of) what it uses: a call's completion
    // then wakes just that task. Workers inside this future instead were all behind its one
    // waker, which costs the runtime an extra trip through epoll for every batch of replies.
    let caller = Arc::new(caller);
    let candidates: Arc<[Candidate]> = target.candidates.clone().into();
    let invoker = Arc::new(invoker.clone());
    let method_name = method;
    let method: Arc<str> = method.into();
    let worker = |_w: usize| {
        let mut lb = shared_lb.clone();
        let (stats, issued, recorder) = (stats.clone(), issued.clone(), recorder.clone());
        let (caller, candidates) = (caller.clone(), candidates.clone());
        let (invoker, method, slots) = (invoker.clone(), method.clone(), slots.clone());
        async move {
            let stats: &crate::cluster::CallStats = &stats;
            let pairs: Vec<std::sync::OnceLock<_>> =
                candidates.iter().map(|_| Default::default()).collect();
            // Made once: a call only moves its clock (a context per call cost an allocation).
            let mut sctx = SelectContext::new(&method, now)
                .with_stats(stats)
                .with_pairs(&pairs);
            let mut rng = SmallRng::from_entropy();
            loop {
                if stop_at.is_some_and(|t| Instant::now() >= t) {
                    break;
                }
                let n = issued.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if total.is_some_and(|t| n >= t) {
                    break;
                }
                if let Some(r) = rps {
                    let due = rps_slot(started, r, n);
                    if stop_at.is_some_and(|t| due >= t) {
                        break;
                    }
                    tokio::time::sleep_until(due.into()).await;
                }
                let mut t0 = Instant::now();
                // The wall clock read once per run, advanced by the monotonic one already read:
                // a second clock read per call for the balancers' warm-up arithmetic is waste.
                sctx.now_ms = now + i64::try_from((t0 - started).as_millis()).unwrap_or(i64::MAX);
                let mut switched = false;
                let outcome = loop {
                    let o = invoker
                        .execute(&mut lb, &candidates, &sctx, &mut rng, |i| {
                            caller.attempt(i, &candidates[i].address)
                        })
                        .await;
                    let switch = match &o.result {
                        Err(ClusterError::Call(e)) if !switched => caller.switch_form(e),
                        _ => None,
                    };
                    let Some(first) = switch else {
                        break o;
                    };
                    if first {
                        super::super::verbose_line(
                            verbose,
                            "the provider does not accept $invoke; sending typed calls from now on",
                        );
                    }
                    switched = true;
                    t0 = Instant::now();
                };
                let latency = t0.elapsed();
                let last = outcome.answered_by().or(outcome.attempts.last());
                let provider: &str = last.map_or("-", |at| at.address.as_str());
                // Formatted only under -v: this runs for every call of the run.
                if verbose {
                    super::super::verbose_line(
                        verbose,
                        format!(
                            "call {}: {provider} {}",
                            n + 1,
                            match &outcome.result {
                                Ok(_) => "ok".to_string(),
                                Err(e) => format!("error: {e}"),
                            }
                        ),
                    );
                }
                let mut rec = recorder.lock().unwrap_or_else(|e| e.into_inner());
                for at in &outcome.attempts {
                    if matches!(at.outcome, crate::cluster::AttemptOutcome::Failed { .. }) {
                        rec.record_failed_attempt_at(slots[at.candidate]);
                    }
                }
                let slot = match last {
                    Some(at) => slots[at.candidate],
                    None => rec.slot(provider),
                };
                match &outcome.result {
                    Ok(_) => rec.record_at(slot, latency, SampleOutcome::Ok),
                    Err(ClusterError::Call(f)) => {
                        let status = f.label();
                        let message = f.to_string();
                        rec.record_at(
                            slot,
                            latency,
                            SampleOutcome::Error {
                                status: &status,
                                message: &message,
                            },
                        )
                    }
                    Err(e) => {
                        let message = e.to_string();
                        rec.record_at(
                            slot,
                            latency,
                            SampleOutcome::Error {
                                status: "NO_PROVIDER",
                                message: &message,
                            },
                        )
                    }
                }
            }
        }
    };
    // FuturesUnordered polls only the workers that were woken; `join_all` of up to 30 futures
    // polls every one of them on each wake-up.
    let mut workers = tokio::task::JoinSet::new();
    for w in 0..concurrency {
        workers.spawn(worker(w));
    }
    let all_done = async {
        while let Some(done) = workers.join_next().await {
            if let Err(e) = done {
                if e.is_panic() {
                    std::panic::resume_unwind(e.into_panic());
                }
            }
        }
    };
    let ticker = async {
        let Some(bar) = &bar else {
            return std::future::pending::<()>().await;
        };
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        loop {
            tick.tick().await;
            let (count, errors) = {
                let rec = recorder.lock().unwrap_or_else(|e| e.into_inner());
                (rec.count(), rec.error_count())
            };
            if total.is_some() {
                bar.set_position(count);
                bar.set_message(format!("({errors} errors)"));
            } else {
                let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                bar.set_position(ms.min(bar.length().unwrap_or(ms)));
                bar.set_message(format!("{count} calls ({errors} errors)"));
            }
        }
    };
    let was_interrupted = tokio::select! {
        () = all_done => false,
        () = interrupt => true,
        () = ticker => false,
    };
    let elapsed = started.elapsed();
    // Stopped early: the calls in flight are dropped, and waited for, so that their counters
    // are settled before the report reads them.
    workers.shutdown().await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let recorder = std::mem::take(&mut *recorder.lock().unwrap_or_else(|e| e.into_inner()));
    let reason = if was_interrupted {
        StopReason::Interrupted
    } else if total.is_some_and(|t| recorder.count() >= t) || deadline.is_none() {
        StopReason::Done
    } else {
        StopReason::Duration
    };
    let mut report = recorder.report(elapsed, reason);
    for (i, c) in target.candidates.iter().enumerate() {
        let (protocol, form) = caller.protocol_of(i, &c.address);
        report.set_protocol(
            &c.address,
            protocol,
            form.map(crate::protocol::triple::Form::name),
        );
    }
    // Every attempt's guard is dropped by now (finished, or cancelled with the workers), so
    // anything still counted in flight is a leak the balancers would keep seeing.
    report.active_at_end = stats
        .snapshot_all()
        .iter()
        .map(|(_, _, s)| u64::from(s.active))
        .sum();
    let run = LoadRun {
        service: &target.label,
        method: method_name,
        balancer: &lb_name,
        cluster: &a.cluster,
        concurrency,
        connections: caller.connections(),
        rps,
    };
    output::load::print_report(&mut ctx.out, &run, &report)?;
    if was_interrupted {
        return Err(Error::interrupted());
    }
    Ok(())
}
