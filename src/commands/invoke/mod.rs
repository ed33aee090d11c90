//! `svcctl invoke SERVICE.METHOD [ARGS]`: resolve the providers in the registry (or take
//! `--provider`), pick parameter types, convert the JSON arguments, and call through the cluster
//! layer with a generic `$invoke` (falling back to a typed call when the provider lacks
//! `$invoke`). Also `--dry-run`, `--ping` and load mode (`-n`/`-c`/`-z`).

use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::rngs::SmallRng;
use rand::SeedableRng;
use serde_json::{json, Value as Json};

use crate::cli::InvokeArgs;
use crate::cluster::{
    render_text, select_excluding, Attempt, Balance, Cluster, ClusterError, ClusterInvoker,
    ClusterOptions, LoadBalancer, LoadRecorder, SampleOutcome, SelectContext, SharedLoadBalancer,
    StopReason,
};
use crate::config::parse_duration;
use crate::error::{Error, Result};
use crate::output::{self, json::SCHEMA_VERSION};
use crate::protocol::attempt::{dubbo_attempt, Failure};
use crate::protocol::conn::{CallError, CallTiming, ConnectOptions, Pool, Reply};
use crate::protocol::dubbo::request::annotated_dump;
use crate::protocol::dubbo::response::{ExceptionForm, Outcome, RemoteException};
use crate::protocol::hessian2::to_json;
use crate::protocol::plan::{type_catalog, Plan};
use crate::registry::target::{split_method, Protocol, Query, Target};

use super::{now_ms, Ctx};

mod load;
mod triple;

pub use load::BENCH_DEFAULT_REQUESTS;

/// What to try after a non-OK status, from what the provider said.
fn status_hint(message: &str, types_known: bool) -> Option<&'static str> {
    if message.contains("Not found exported service") {
        Some("the provider does not export this group/version: pass --group/--version as registered (the message lists what it exports)")
    } else if !types_known {
        Some("if the method is overloaded or unknown, check `svcctl show` and pass --types")
    } else {
        None
    }
}

fn read_args(a: &InvokeArgs) -> Result<Vec<Json>> {
    let text = match (&a.args, &a.data) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(d)) => Some(if d == "@-" || d == "-" {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Error::usage(format!("cannot read arguments from stdin: {e}")))?;
            s
        } else if let Some(path) = d.strip_prefix('@') {
            std::fs::read_to_string(path)
                .map_err(|e| Error::usage(format!("cannot read arguments from {path}: {e}")))?
        } else {
            d.clone()
        }),
        (None, None) => None,
    };
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let json: Json = serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!("arguments are not valid JSON: {e}")).with_hint(
            "pass a JSON array of arguments, e.g. '[1, \"two\"]' (quote it for the shell)",
        )
    })?;
    Ok(match json {
        Json::Array(items) => items,
        one => vec![one],
    })
}

fn parse_attachments(list: &[String]) -> Result<Vec<(String, String)>> {
    list.iter()
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(Error::usage(format!(
                "--attachment {kv:?}: expected KEY=VALUE"
            ))),
        })
        .collect()
}

pub async fn run(ctx: &mut Ctx, a: &InvokeArgs) -> Result<()> {
    let (service, method) = split_method(&a.target, a.ping)?;
    let args = read_args(a)?;
    let timeout = parse_duration(&a.timeout, "--timeout")?;
    let connect_timeout = match &ctx.global.connect_timeout {
        Some(t) => parse_duration(t, "--connect-timeout")?,
        None => Duration::from_secs(3),
    };
    let attachments = parse_attachments(&a.attachments)?;
    let balancer: LoadBalancer =
        a.lb.parse()
            .map_err(|e: crate::cluster::UnknownName| Error::usage(e.to_string()))?;
    let cluster: Cluster = a
        .cluster
        .parse()
        .map_err(|e: crate::cluster::UnknownName| Error::usage(e.to_string()))?;
    // A dry run of load mode shows the one request a single call would send.
    let load_mode = (a.requests.is_some() || a.duration.is_some() || a.rps.is_some()) && !a.dry_run;
    let query = Query {
        service: &service,
        group: a.group.as_deref(),
        version: a.version.as_deref(),
        triple_asked: a.triple_mode.is_some(),
        mixed: load_mode,
    };
    let target = match &a.provider {
        Some(addr) => Target::direct(addr, &query)?,
        None => Target::resolve(&ctx.registry().await?, &query).await?,
    };
    if a.template {
        let (skeleton, notes) = target.template(a.types.as_deref(), &method)?;
        // The template on stdout stays valid input; the other enum constants go to stderr.
        for n in &notes {
            eprintln!("svcctl: {}", output::sanitize(n));
        }
        return ctx.out.json_as(&skeleton, true);
    }
    let all_triple = target.all_triple();
    if all_triple && !load_mode {
        return triple::run(
            ctx,
            a,
            &target,
            triple::Setup {
                method,
                args,
                timeout,
                connect_timeout,
                attachments,
                balancer,
                cluster,
            },
        )
        .await;
    }
    if target.any_triple() {
        triple::refuse_dubbo_only(a, all_triple)?;
    }
    let (types, types_source) = if a.ping || all_triple {
        (None, "-")
    } else {
        target.choose_types(a.types.as_deref(), &method, args.len())?
    };
    if !a.ping && !all_triple {
        ctx.verbose(format!(
            "{}.{method}: {} candidate provider(s); parameter types: {} ({types_source})",
            target.label,
            target.candidates.len(),
            types
                .as_ref()
                .map(|t| t.join(","))
                .unwrap_or_else(|| "unknown".into())
        ));
    }
    let mut plan = Plan {
        method: method.clone(),
        args,
        types,
        direct: a.direct,
        ping: a.ping,
        timeout,
        attachments,
        catalog: type_catalog(&target.types),
    };
    let invoker = ClusterInvoker::new(cluster).with_options(ClusterOptions {
        retries: a.retries,
        forks: a.forks.unwrap_or(2),
        fork_timeout: Some(timeout),
        ..ClusterOptions::default()
    });
    if load_mode {
        let caller = load::caller(a, &target, &plan, connect_timeout)?;
        return load::load(ctx, a, &target, &caller, &invoker, balancer, &method).await;
    }
    // Convert once up front so argument errors are reported before anything is sent.
    let mut invocations = target
        .services
        .iter()
        .map(|s| plan.invocation(s))
        .collect::<Result<Vec<_>>>()?;
    let pool = Pool::new(ConnectOptions {
        connect_timeout,
        ..ConnectOptions::default()
    });
    let hash_args = plan.hash_arguments();
    let mut rng = SmallRng::from_entropy();

    if a.dry_run {
        let mut lb = balancer;
        let sctx = SelectContext::new(&method, now_ms()).with_arguments(&hash_args);
        let (i, path) = select_excluding(&mut lb, &target.candidates, &sctx, &mut rng, &[])
            .ok_or_else(|| Error::unreachable("no provider"))?;
        let c = &target.candidates[i];
        ctx.out.line(&output::sanitize(&format!(
            "target: dubbo://{}/{} (method {method}; {} by {}, weight {}; {} candidate(s))",
            c.address,
            target.services[i].key(),
            serde_json::to_value(path)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            lb.name(),
            c.effective_weight(now_ms()),
            target.candidates.len()
        )))?;
        let dump = annotated_dump(1, &invocations[i])
            .map_err(|e| Error::usage(format!("cannot encode the request: {e}")))?;
        for line in dump.lines() {
            ctx.out.line(&output::sanitize(line))?;
        }
        ctx.verbose("dry run: nothing was sent");
        return Ok(());
    }

    let started = Instant::now();
    let mut lb = balancer;
    let mut outcome = {
        let stats = crate::cluster::CallStats::new();
        let sctx = SelectContext::new(&method, now_ms())
            .with_stats(&stats)
            .with_arguments(&hash_args);
        let invs = &invocations;
        let pool = &pool;
        let cands = &target.candidates;
        invoker
            .execute(&mut lb, cands, &sctx, &mut rng, |i| {
                dubbo_attempt(pool, &cands[i].address, &invs[i], timeout)
            })
            .await
    };
    let mut fell_back = false;
    if !a.direct && !a.ping {
        if let Err(ClusterError::Call(f)) = &outcome.result {
            if matches!(f, Failure::NoGeneric(_)) {
                ctx.verbose(format!(
                    "the provider does not accept $invoke ({f}); retrying as a typed call"
                ));
                plan.direct = true;
                invocations = target
                    .services
                    .iter()
                    .map(|s| plan.invocation(s))
                    .collect::<Result<Vec<_>>>()?;
                let mut earlier = std::mem::take(&mut outcome.attempts);
                let stats = crate::cluster::CallStats::new();
                let sctx = SelectContext::new(&method, now_ms())
                    .with_stats(&stats)
                    .with_arguments(&hash_args);
                let invs = &invocations;
                let pool = &pool;
                let cands = &target.candidates;
                outcome = invoker
                    .execute(&mut lb, cands, &sctx, &mut rng, |i| {
                        dubbo_attempt(pool, &cands[i].address, &invs[i], timeout)
                    })
                    .await;
                earlier.append(&mut outcome.attempts);
                outcome.attempts = earlier;
                fell_back = true;
            }
        }
    }
    let elapsed = started.elapsed();
    let verbose = ctx.global.verbose > 0;
    for (n, at) in outcome.attempts.iter().enumerate() {
        ctx.verbose(format!(
            "attempt {}: {} — {} → {} in {}",
            n + 1,
            at.address,
            at.choice,
            describe_outcome(at),
            ms(at.elapsed)
        ));
    }
    let answered = outcome.answered_by().map(|at| at.candidate);
    if verbose {
        if let Some(i) = answered.or(outcome.attempts.last().map(|at| at.candidate)) {
            let sent: Vec<String> = invocations[i]
                .wire_attachments()
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            ctx.verbose(format!(
                "call: {} {}{}",
                invocations[i].method,
                invocations[i].descriptor,
                if fell_back { " (typed fallback)" } else { "" }
            ));
            ctx.verbose(format!("attachments sent: {}", sent.join(", ")));
        }
    }
    let provider = answered
        .or(outcome.attempts.last().map(|at| at.candidate))
        .map(|i| target.candidates[i].address.clone());
    let attempts_json: Vec<Json> = outcome
        .attempts
        .iter()
        .map(|at| serde_json::to_value(at).unwrap_or(Json::Null))
        .collect();
    let envelope = |status: &str, extra: (&str, Json)| {
        let mut m = serde_json::Map::new();
        m.insert("schema_version".into(), json!(SCHEMA_VERSION));
        m.insert("provider".into(), json!(provider));
        m.insert("service".into(), json!(target.label));
        m.insert("method".into(), json!(method));
        m.insert("status".into(), json!(status));
        m.insert("elapsed_ms".into(), json!(elapsed.as_secs_f64() * 1000.0));
        m.insert("attempts".into(), Json::Array(attempts_json.clone()));
        m.insert(extra.0.into(), extra.1);
        Json::Object(m)
    };
    match outcome.result {
        Ok(reply) => {
            let value = match reply {
                Some(reply) => {
                    log_reply(ctx, &reply);
                    match reply.result.outcome {
                        Outcome::Value(v) => to_json(&v),
                        _ => Json::Null,
                    }
                }
                None => {
                    if let Some(e) = &outcome.swallowed {
                        ctx.verbose(format!("failsafe swallowed: {e}"));
                    }
                    Json::Null
                }
            };
            if ctx.out.is_json() {
                ctx.out.json(&envelope("ok", ("result", value)))?;
            } else {
                ctx.out.json(&value)?;
            }
            Ok(())
        }
        Err(ClusterError::Call(Failure::Thrown(reply))) => {
            log_reply(ctx, &reply);
            let ex = match &reply.result.outcome {
                Outcome::Exception(e) => Some(e.clone()),
                _ => None,
            };
            let (class, message) = ex
                .as_ref()
                .map(|e| (e.class.clone(), e.message.clone()))
                .unwrap_or((None, None));
            if ctx.out.is_json() {
                let stack: Vec<String> = ex
                    .as_ref()
                    .map(|e| e.stack.iter().map(|f| f.to_string()).collect())
                    .unwrap_or_default();
                let causes = ex
                    .as_ref()
                    .map(output::remote::exception_causes)
                    .unwrap_or_default();
                ctx.out.json(&envelope(
                    "exception",
                    (
                        "exception",
                        json!({"class": class, "message": message, "stack": stack, "causes": causes}),
                    ),
                ))?;
            }
            if let Some(e) = &ex {
                if let Some(m) = &e.message {
                    print_full_text(ctx, "exception message", m);
                }
                print_stack(ctx, e);
            }
            Err(Error::remote(format!(
                "{}.{method}: {}",
                target.label,
                ex.as_ref()
                    .map(exception_line)
                    .unwrap_or_else(|| "remote exception".into())
            )))
        }
        Err(e) => {
            // A non-OK status keeps the provider's whole text for -v and the JSON document.
            let status = match &e {
                ClusterError::Call(Failure::Call(c) | Failure::NoGeneric(c)) => match c {
                    CallError::RemoteStatus { status, message } => Some((*status, message.clone())),
                    _ => None,
                },
                _ => None,
            };
            if let Some((_, Some(m))) = &status {
                print_full_text(ctx, "provider message", m);
            }
            let err = match e {
                ClusterError::Call(Failure::Call(c) | Failure::NoGeneric(c)) => {
                    let hint = match &c {
                        CallError::RemoteStatus { message, .. } if !a.ping => {
                            status_hint(message.as_deref().unwrap_or(""), plan.types.is_some())
                        }
                        _ => None,
                    };
                    let e = Error::from(c);
                    match hint {
                        Some(h) => e.with_hint(h),
                        None => e,
                    }
                }
                ClusterError::Call(Failure::Thrown(_)) => unreachable!("handled above"),
                ClusterError::NoProvider => Error::unreachable("no provider available"),
                ClusterError::ForkTimeout(d) => {
                    Error::timeout(format!("no forked provider answered within {}", ms(d)))
                }
            };
            if ctx.out.is_json() {
                let mut error = json!({"kind": err.kind().name(), "message": err.to_string()});
                if let Some((s, m)) = &status {
                    error["status"] = json!(s.name());
                    error["status_code"] = json!(s.as_byte());
                    error["provider_message"] = json!(m);
                }
                ctx.out.json(&envelope("error", ("error", error)))?;
            }
            Err(err)
        }
    }
}

fn describe_outcome(at: &Attempt) -> String {
    use crate::cluster::AttemptOutcome as O;
    match &at.outcome {
        O::Ok => "ok".into(),
        O::BusinessError { message } => format!("exception: {message}"),
        O::Failed { message } => format!("failed: {message}"),
        O::Cancelled => "cancelled".into(),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn log_reply(ctx: &Ctx, reply: &Reply) {
    if ctx.global.verbose == 0 {
        return;
    }
    let received = match &reply.result.attachments {
        Some(list) => list
            .iter()
            .map(|(k, v)| format!("{}={}", to_json(k), to_json(v)))
            .collect::<Vec<_>>()
            .join(", "),
        None => "(none)".into(),
    };
    ctx.verbose(format!("attachments received: {received}"));
    let CallTiming {
        connect,
        encode,
        round_trip,
        decode,
    } = reply.timing;
    ctx.verbose(format!(
        "timing: connect {}, encode {}, round trip {}, decode {}",
        connect.map(ms).unwrap_or_else(|| "(reused)".into()),
        ms(encode),
        ms(round_trip),
        ms(decode)
    ));
}

/// With `-v`, the first stack frames of a remote exception (the error line names the exception).
fn print_stack(ctx: &Ctx, e: &RemoteException) {
    if ctx.global.verbose > 0 {
        for f in e.stack.iter().take(8) {
            eprintln!("    at {}", output::sanitize(&f.to_string()));
        }
        if e.stack.len() > 8 {
            eprintln!("    ... {} more", e.stack.len() - 8);
        }
    }
}

/// With `-v`, a provider's multi-line text in full (the error line has its summary).
fn print_full_text(ctx: &Ctx, what: &str, text: &str) {
    if ctx.global.verbose > 0 && output::remote::has_more(text) {
        eprintln!("svcctl: {what}:");
        for line in output::remote::full_text_lines(text) {
            eprintln!("    {line}");
        }
    }
}

/// The first line printed for a thrown exception.
fn exception_line(e: &RemoteException) -> String {
    let message = output::remote::summary(e.message.as_deref().unwrap_or(""));
    match (&e.class, e.form) {
        (Some(class), _) => {
            let line = format!("{class}: {message}");
            let cause = output::remote::exception_cause(&line, e);
            format!("remote exception: {line}{cause}")
        }
        // dubbo-js sends only the message, as a string, where a Throwable belongs.
        (None, ExceptionForm::PlainString) => {
            format!("remote exception (a plain string, no class): {message}")
        }
        (None, _) => format!("remote exception of unexpected shape: {}", to_json(&e.raw)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Retryable;
    use crate::protocol::attempt::lacks_generic;
    use crate::protocol::dubbo::frame::Status;
    use crate::protocol::dubbo::request::{Invocation, ServiceRef};
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
        assert!(status_hint(exported, true)
            .unwrap()
            .contains("--group/--version"));
        assert!(status_hint("boom", false).unwrap().contains("--types"));
        assert_eq!(status_hint("boom", true), None);
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

    #[test]
    fn plain_string_exceptions_have_no_class_placeholder() {
        let e = RemoteException::from_value(Value::string("no such user -1"));
        assert_eq!(
            exception_line(&e),
            "remote exception (a plain string, no class): no such user -1"
        );
    }
}
