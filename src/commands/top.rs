//! `svcctl top`: resolve what to watch, start the live registry view and the sources, then hand
//! over to the dashboard (`tui::app`) or batch mode (`tui::batch`).

use std::io::IsTerminal;

use crate::cli::TopArgs;
use crate::config::parse_duration;
use crate::error::{Error, ErrorKind, Result};
use crate::output::ColorChoice;
use crate::registry::live::LiveRegistry;
use crate::registry::resolve::resolve_service;
use crate::registry::scope::{Filter, Scope};
use crate::tui::app::{self, Settings};
use crate::tui::batch;
use crate::tui::sources::{ProbeConfig, Sources};

use super::Ctx;

use crate::cluster::probe::DEFAULT_QOS_PORT;

fn color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

pub async fn run(ctx: &mut Ctx, a: &TopArgs) -> Result<()> {
    let terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if !a.batch && !terminal {
        return Err(Error::usage("svcctl top needs a terminal").with_hint(
            "use `svcctl top -b` (add -o jsonl for JSON) for scripts, or `svcctl ls -w -o jsonl` for a change stream",
        ));
    }
    let refresh = parse_duration(&a.delay, "--delay")?;
    let timeout = parse_duration(&a.timeout, "--timeout")?;
    let target = ctx.target()?;
    let registry = crate::registry::zk::Registry::connect(&target).await?;
    let names = registry.list_interfaces().await?;
    let filter = || Filter::new(a.target.as_deref(), a.app.clone(), a.host.clone());
    // A SERVICE that resolves (as `show` resolves it) opens on its providers; anything else is
    // a pattern over the services.
    let (scope, narrowed) = match &a.target {
        Some(t) => match resolve_service(t, &names) {
            Ok(r) => (
                Scope::Service {
                    node: r.node,
                    group: a.key.group.clone().or(r.group),
                    version: a.key.version.clone().or(r.version),
                },
                true,
            ),
            Err(e) if matches!(e.kind(), ErrorKind::NotFound) => (Scope::All(filter()), false),
            Err(e) => return Err(e),
        },
        None => (Scope::All(filter()), false),
    };
    // The first frame comes before the providers' stats (static/dynamic), which follow.
    let live = LiveRegistry::start_stats_later(registry, scope).await?;
    // Only a narrowed target can open on one service. (Holding a copy of every view here kept
    // ~400 MB alive for the whole run at 100,000 providers.)
    let focus = if narrowed {
        match live.views().as_slice() {
            [one] => Some(one.key.clone()),
            _ => None,
        }
    } else {
        None
    };
    let (load, load_sampler) = match &a.load {
        Some(spec) => {
            let Some(key) = &focus else {
                return Err(Error::usage(
                    "--load needs a SERVICE that resolves to one service key",
                )
                .with_hint("name the service, e.g. `svcctl top UserService --load 'getById [42]'`, with --group/--version if it has several"));
            };
            let args = load_args(a, key, spec)?;
            let stats = std::sync::Arc::new(crate::cluster::CallStats::new());
            let sampler = crate::tui::sources::load_sampler(stats.clone(), key.clone());
            let mut args = args;
            args.shared_stats = Some(stats);
            let global = ctx.global.clone();
            let run: app::LoadRun = Box::pin(async move {
                // The run's own report has nowhere to go while the dashboard owns the screen.
                let mut lctx = Ctx::new(
                    global,
                    crate::output::Out::capture(crate::output::Format::Table),
                );
                super::invoke::run(&mut lctx, &args).await.map_err(|e| {
                    format!(
                        "load stopped: {e}{}",
                        e.hint().map(|h| format!(" ({h})")).unwrap_or_default()
                    )
                })
            });
            (Some(run), Some(sampler))
        }
        None => (None, None),
    };
    let probe = match a.no_probe {
        true => None,
        false => Some(ProbeConfig::new(
            a.qos_port.or(target.qos_port).unwrap_or(DEFAULT_QOS_PORT),
            timeout,
        )?),
    };
    let settings = Settings {
        registry_label: target.display(),
        read_only: target.read_only,
        target,
        refresh,
        color: color(ctx.global.color),
        focus,
        sources: Sources {
            probe,
            load: load_sampler,
        },
        load,
    };
    if a.batch {
        batch::run(&mut ctx.out, live, settings, a.iterations).await
    } else {
        app::run(live, settings).await
    }
}

/// The `invoke` arguments of `--load 'METHOD ARGS'`: parsed by the same clap definition, so the
/// load runs exactly as `svcctl invoke SERVICE.METHOD ARGS -z ... -c C` would.
fn load_args(
    a: &TopArgs,
    key: &crate::registry::url::ServiceKey,
    spec: &str,
) -> Result<crate::cli::InvokeArgs> {
    let spec = spec.trim();
    let (method, json) = match spec.split_once(char::is_whitespace) {
        Some((m, rest)) => (m, Some(rest.trim())),
        None => (spec, None),
    };
    if method.is_empty() || method.contains('.') && method.ends_with('.') {
        return Err(
            Error::usage(format!("--load {spec:?}: expected 'METHOD [JSON ARGS]'"))
                .with_hint("e.g. --load 'getById [42]'"),
        );
    }
    let mut argv: Vec<String> = vec![
        "svcctl".into(),
        "invoke".into(),
        format!("{}.{method}", key.interface),
    ];
    if let Some(j) = json.filter(|j| !j.is_empty()) {
        argv.push(j.to_string());
    }
    argv.extend(
        [
            "-z",
            "100000h",
            "-c",
            &a.concurrency.to_string(),
            "--lb",
            &a.lb,
            "--cluster",
            &a.cluster,
            "--timeout",
            &a.timeout,
            "--no-progress",
        ]
        .map(String::from),
    );
    if let Some(r) = a.rps {
        argv.extend(["--rps".to_string(), r.to_string()]);
    }
    if let Some(g) = &key.group {
        argv.extend(["--group".to_string(), g.clone()]);
    }
    if let Some(v) = &key.version {
        argv.extend(["--version".to_string(), v.clone()]);
    }
    use clap::Parser;
    match crate::cli::Cli::try_parse_from(&argv) {
        Ok(crate::cli::Cli {
            command: crate::cli::Command::Invoke(args),
            ..
        }) => Ok(args),
        Ok(_) => Err(Error::other("--load: could not build the invoke arguments")),
        Err(e) => Err(Error::usage(format!(
            "--load {spec:?}: {}",
            e.to_string().lines().next().unwrap_or("bad arguments")
        ))),
    }
}
