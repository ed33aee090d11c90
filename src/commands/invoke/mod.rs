//! `svcctl invoke SERVICE.METHOD [ARGS]`: reads the flags, resolves the target in the registry
//! (or takes `--provider`), plans the request, and hands the call to the cluster layer and its
//! result to `output::invoke`. Also `--dry-run`, `--ping`, `--template` and load mode
//! (`-n`/`-c`/`-z`, in `load.rs`).

// Some of these are for load.rs, which takes them through `use super::*`.
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::rngs::SmallRng;
use rand::SeedableRng;
use serde_json::Value as Json;

use crate::cli::InvokeArgs;
use crate::cluster::invoke::{self as single, Setup};
use crate::cluster::{
    Balance, Cluster, ClusterError, ClusterInvoker, ClusterOptions, LoadBalancer, LoadRecorder,
    SampleOutcome, SelectContext, SharedLoadBalancer, StopReason,
};
use crate::config::parse_duration;
use crate::error::{Error, Result};
use crate::output;
use crate::output::invoke::{DryRun, Invoked};
use crate::protocol::plan::{type_catalog, Plan};
use crate::protocol::triple::Mode;
use crate::registry::target::{split_method, Protocol, Query, Target};

use super::{now_ms, Ctx};

mod load;

pub use load::BENCH_DEFAULT_REQUESTS;

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

/// Options of the dubbo protocol that mean nothing to a Triple call. `--types` is refused only
/// when every provider speaks Triple: where some speak dubbo it types the dubbo calls.
fn refuse_dubbo_only(a: &InvokeArgs, all_triple: bool) -> Result<()> {
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
fn triple_mode(a: &InvokeArgs) -> Result<Mode> {
    match &a.triple_mode {
        Some(m) => m.parse().map_err(Error::usage),
        None => Ok(Mode::Auto),
    }
}

/// The flags every call needs, read and checked before the registry is asked anything.
struct Options {
    timeout: Duration,
    connect_timeout: Duration,
    attachments: Vec<(String, String)>,
    balancer: LoadBalancer,
    invoker: ClusterInvoker,
}

fn options(ctx: &Ctx, a: &InvokeArgs) -> Result<Options> {
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
    let invoker = ClusterInvoker::new(cluster).with_options(ClusterOptions {
        retries: a.retries,
        forks: a.forks.unwrap_or(2),
        fork_timeout: Some(timeout),
        ..ClusterOptions::default()
    });
    Ok(Options {
        timeout,
        connect_timeout,
        attachments,
        balancer,
        invoker,
    })
}

/// What to send, from the flags and what the registry said: the Triple mode (and the refusal
/// of dubbo-only options) when some provider speaks Triple, the parameter types for dubbo ones.
fn plan(
    ctx: &Ctx,
    a: &InvokeArgs,
    target: &Target,
    method: &str,
    args: Vec<Json>,
    o: &Options,
) -> Result<(Plan, Mode)> {
    let all_triple = target.all_triple();
    let mode = if target.any_triple() {
        refuse_dubbo_only(a, all_triple)?;
        triple_mode(a)?
    } else {
        Mode::Auto
    };
    let (types, types_source) = if a.ping || all_triple {
        (None, "-")
    } else {
        target.choose_types(a.types.as_deref(), method, args.len())?
    };
    if !a.ping && !all_triple {
        ctx.verbose(output::invoke::plan_line(
            target,
            method,
            types.as_deref(),
            types_source,
        ));
    }
    let plan = Plan {
        method: method.to_string(),
        args,
        types,
        direct: a.direct,
        ping: a.ping,
        timeout: o.timeout,
        attachments: o.attachments.clone(),
        catalog: type_catalog(&target.types),
    };
    Ok((plan, mode))
}

pub async fn run(ctx: &mut Ctx, a: &InvokeArgs) -> Result<()> {
    let (service, method) = split_method(&a.target, a.ping)?;
    let args = read_args(a)?;
    let o = options(ctx, a)?;
    let query = Query {
        service: &service,
        group: a.group.as_deref(),
        version: a.version.as_deref(),
        triple_asked: a.triple_mode.is_some(),
        dubbo_asked: a.ping || a.direct,
    };
    let target = match &a.provider {
        Some(addr) => Target::direct(addr, &query)?,
        None => {
            let mut problems = Vec::new();
            let resolved = Target::resolve(&ctx.registry().await?, &query, &mut problems).await;
            output::warn_problems(&problems);
            resolved?
        }
    };
    if a.template {
        let (skeleton, notes) = target.template(a.types.as_deref(), &method)?;
        return output::invoke::template(&mut ctx.out, &skeleton, &notes);
    }
    let (mut plan, mode) = plan(ctx, a, &target, &method, args, &o)?;
    // A dry run of load mode shows the one request a single call would send.
    if (a.requests.is_some() || a.duration.is_some() || a.rps.is_some()) && !a.dry_run {
        let caller = load::caller(a, &target, &plan, o.connect_timeout)?;
        return load::load(ctx, a, &target, caller, &o.invoker, o.balancer, &method).await;
    }
    // Converted once up front so argument errors are reported before anything is sent.
    let requests = single::requests(&target, &plan)?;
    if a.dry_run {
        let mut lb = o.balancer;
        let (index, path) =
            single::choose(&mut lb, &target, &method, &plan.hash_arguments(), now_ms())
                .ok_or_else(|| Error::unreachable("no provider"))?;
        output::invoke::dry_run(
            &mut ctx.out,
            &DryRun {
                target: &target,
                method: &method,
                index,
                request: &requests[index],
                path,
                balancer: lb.name(),
                weight: target.candidates[index].effective_weight(now_ms()),
                triple_mode: mode,
            },
        )?;
        ctx.verbose("dry run: nothing was sent");
        return Ok(());
    }
    let setup = Setup {
        invoker: &o.invoker,
        balancer: o.balancer,
        connect_timeout: o.connect_timeout,
        triple_mode: mode,
        clock: now_ms,
    };
    let called = single::call(&target, &mut plan, requests, setup).await?;
    let result = Invoked {
        target: &target,
        method: &method,
        called: &called,
        ping: a.ping,
        types_known: plan.types.is_some(),
    };
    output::invoke::call_result(&mut ctx.out, ctx.global.verbose > 0, &result)
}
