//! `invoke` on Triple providers: the JSON arguments go out as JSON and the result comes back as
//! JSON, through the same balancer and cluster strategy as dubbo calls. Load mode over Triple
//! (or over both protocols) is `load.rs`, with the requests built here.

use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use rand::SeedableRng;
use serde_json::{json, Value as Json};

use crate::cli::InvokeArgs;
use crate::cluster::{
    Cluster, ClusterError, ClusterInvoker, ClusterOptions, LoadBalancer, SelectContext,
};
use crate::error::{Error, Result};
use crate::output::{self, json::SCHEMA_VERSION};
use crate::protocol::plan::triple_call;
use crate::protocol::triple::{self, code, Call, Client, Mode, TripleError};

use super::{describe_outcome, ms, now_ms, Ctx, Target};

/// What `invoke` worked out before it knew the providers speak Triple.
pub(super) struct Setup {
    pub method: String,
    pub args: Vec<Json>,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub attachments: Vec<(String, String)>,
    pub balancer: LoadBalancer,
    pub cluster: Cluster,
}

/// Options of the dubbo protocol that mean nothing to a Triple call. `--types` is refused only
/// when every provider speaks Triple: in a load over both protocols it types the dubbo calls.
pub(super) fn refuse_dubbo_only(a: &InvokeArgs, all_triple: bool) -> Result<()> {
    let unsupported = if a.ping {
        Some("--ping")
    } else if a.direct {
        Some("--direct")
    } else if a.types.is_some() && all_triple {
        Some("--types")
    } else {
        None
    };
    match unsupported {
        Some(what) => Err(
            Error::usage(format!("{what} is not available for Triple providers")).with_hint(
                "Triple calls take JSON arguments as they are; --triple-mode selects only the Triple providers of a service",
            ),
        ),
        None => Ok(()),
    }
}

/// `--triple-mode`, auto when not given.
pub(super) fn mode(a: &InvokeArgs) -> Result<Mode> {
    match &a.triple_mode {
        Some(m) => m.parse().map_err(Error::usage),
        None => Ok(Mode::Auto),
    }
}

pub(super) async fn run(ctx: &mut Ctx, a: &InvokeArgs, target: &Target, s: Setup) -> Result<()> {
    refuse_dubbo_only(a, true)?;
    let mode = mode(a)?;
    let calls: Vec<Call> = target
        .services
        .iter()
        .map(|svc| triple_call(svc, &s.method, &s.args, s.timeout, &s.attachments))
        .collect();
    if a.dry_run {
        return dry_run(ctx, target, &calls, mode);
    }
    let client = Client::new(mode, s.connect_timeout).map_err(Error::from)?;
    let invoker = ClusterInvoker::new(s.cluster).with_options(ClusterOptions {
        retries: a.retries,
        forks: a.forks.unwrap_or(2),
        fork_timeout: Some(s.timeout),
        ..ClusterOptions::default()
    });
    let hash_args: Vec<String> = s
        .args
        .iter()
        .map(|j| match j {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let mut rng = SmallRng::from_entropy();
    let mut lb = s.balancer;
    let started = Instant::now();
    let outcome = {
        let stats = crate::cluster::CallStats::new();
        let sctx = SelectContext::new(&s.method, now_ms())
            .with_stats(&stats)
            .with_arguments(&hash_args);
        let cands = &target.candidates;
        let client = &client;
        let calls = &calls;
        invoker
            .execute(&mut lb, cands, &sctx, &mut rng, |i| {
                client.call(&cands[i].address, &calls[i])
            })
            .await
    };
    let elapsed = started.elapsed();
    for (n, at) in outcome.attempts.iter().enumerate() {
        ctx.verbose(format!(
            "attempt {}: tri://{} — {} → {} in {}",
            n + 1,
            at.address,
            at.choice,
            describe_outcome(at),
            ms(at.elapsed)
        ));
    }
    let provider = outcome
        .answered_by()
        .or(outcome.attempts.last())
        .map(|at| target.candidates[at.candidate].address.clone());
    let attempts: Vec<Json> = outcome
        .attempts
        .iter()
        .map(|at| serde_json::to_value(at).unwrap_or(Json::Null))
        .collect();
    let envelope = |status: &str, form: Option<&str>, extra: (&str, Json)| {
        let mut m = serde_json::Map::new();
        m.insert("schema_version".into(), json!(SCHEMA_VERSION));
        m.insert("provider".into(), json!(provider));
        m.insert("protocol".into(), json!("tri"));
        m.insert("triple_form".into(), json!(form));
        m.insert("service".into(), json!(target.label));
        m.insert("method".into(), json!(s.method));
        m.insert("status".into(), json!(status));
        m.insert("elapsed_ms".into(), json!(elapsed.as_secs_f64() * 1000.0));
        m.insert("attempts".into(), Json::Array(attempts.clone()));
        m.insert(extra.0.into(), extra.1);
        Json::Object(m)
    };
    match outcome.result {
        Ok(reply) => {
            let (value, form) = match reply {
                Some(r) => {
                    ctx.verbose(format!("triple form: {}", r.form.name()));
                    let received: Vec<String> = r
                        .header_lines()
                        .iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    ctx.verbose(format!("received: {}", received.join(", ")));
                    (r.value, Some(r.form.name()))
                }
                None => {
                    if let Some(e) = &outcome.swallowed {
                        ctx.verbose(format!("failsafe swallowed: {e}"));
                    }
                    (Json::Null, None)
                }
            };
            if ctx.out.is_json() {
                ctx.out.json(&envelope("ok", form, ("result", value)))?;
            } else {
                ctx.out.json(&value)?;
            }
            Ok(())
        }
        Err(e) => {
            let err = match &e {
                ClusterError::Call(c) => {
                    let err = Error::from(c.clone());
                    let message = format!("{}.{}: {}", target.label, s.method, err.message());
                    let err = Error::new(err.kind(), message);
                    match c {
                        TripleError::Status {
                            http: 415,
                            form: triple::Form::Grpc,
                            ..
                        } => err.with_hint(
                            "the provider refuses gRPC framing: try --triple-mode json (or auto)",
                        ),
                        TripleError::Status {
                            http: 415,
                            form: triple::Form::Json,
                            ..
                        } => err.with_hint(
                            "the provider does not take Triple's unary JSON form: try --triple-mode grpc (or auto)",
                        ),
                        TripleError::Status { code: code::UNIMPLEMENTED, .. } => err.with_hint(
                            "the provider has no such service or method (or not in this group/version): check `svcctl show`",
                        ),
                        _ => err,
                    }
                }
                ClusterError::NoProvider => Error::unreachable("no provider available"),
                ClusterError::ForkTimeout(d) => {
                    Error::timeout(format!("no forked provider answered within {}", ms(*d)))
                }
            };
            if ctx.out.is_json() {
                let mut error = json!({"kind": err.kind().name(), "message": err.to_string()});
                if let ClusterError::Call(TripleError::Status {
                    code,
                    message,
                    http,
                    form,
                }) = &e
                {
                    error["grpc_status"] = json!(code);
                    error["grpc_status_name"] = json!(triple::code_name(*code));
                    error["grpc_message"] = json!(message);
                    error["http_status"] = json!(http);
                    error["triple_form"] = json!(form.name());
                }
                ctx.out.json(&envelope("error", None, ("error", error)))?;
            }
            Err(err)
        }
    }
}

/// `--dry-run`: the chosen provider and the request each form would send.
fn dry_run(ctx: &mut Ctx, target: &Target, calls: &[Call], mode: Mode) -> Result<()> {
    let (i, c) = match target.candidates.first() {
        Some(c) => (0, c),
        None => return Err(Error::unreachable("no provider")),
    };
    let call = &calls[i];
    let forms = match mode {
        Mode::Auto => "grpc, then json if refused",
        Mode::Grpc => "grpc",
        Mode::Json => "json",
    };
    let mut lines = vec![
        format!(
            "target: tri://{}{} (form: {forms}; {} candidate(s))",
            c.address,
            call.path(),
            target.candidates.len()
        ),
        format!("POST {}", call.path()),
        format!(
            "grpc: content-type: {}, te: trailers, grpc-timeout: {}",
            triple::grpc::CONTENT_TYPE,
            triple::grpc_timeout(call.timeout)
        ),
        "json: content-type: application/json".to_string(),
    ];
    for (k, v) in call.extra_headers() {
        lines.push(format!("{k}: {v}"));
    }
    lines.push(format!("body: {}", String::from_utf8_lossy(&call.body)));
    for l in lines {
        ctx.out.line(&output::sanitize(&l))?;
    }
    ctx.verbose("dry run: nothing was sent");
    Ok(())
}
