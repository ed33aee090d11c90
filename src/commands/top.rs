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

/// Dubbo's default QoS port.
pub const DEFAULT_QOS_PORT: u16 = 22222;

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
    if a.load.is_some() {
        return Err(Error::usage("--load is not available yet in this build"));
    }
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
    let live = LiveRegistry::start(registry, scope, true).await?;
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
    let probe = (!a.no_probe).then(|| ProbeConfig {
        qos_port: a.qos_port.or(target.qos_port).unwrap_or(DEFAULT_QOS_PORT),
        timeout,
    });
    let settings = Settings {
        registry_label: target.display(),
        read_only: target.read_only,
        target,
        refresh,
        color: color(ctx.global.color),
        focus,
        sources: Sources { probe, load: None },
    };
    if a.batch {
        batch::run(&mut ctx.out, live, settings, a.iterations).await
    } else {
        app::run(live, settings).await
    }
}
