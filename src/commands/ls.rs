//! `svcctl ls [PATTERN]`: one row per service key.

use crate::cli::LsArgs;
use crate::error::{Error, Result};
use crate::output::list::{self, print_list, ServiceRow};
use crate::output::{self, Format};
use crate::registry::live::LiveRegistry;
use crate::registry::model::services_of;
use crate::registry::scope::{Filter, Scope};

use super::{watch, Ctx};

fn filter_of(a: &LsArgs) -> Filter {
    Filter::new(a.pattern.as_deref(), a.app.clone(), a.host.clone())
}

pub async fn run(ctx: &mut Ctx, args: &LsArgs) -> Result<()> {
    if args.watch {
        return watch(ctx, args).await;
    }
    let filter = filter_of(args);
    let registry = ctx.registry().await?;
    let (names, apps) = registry
        .all_interfaces(|n| filter.interface_matches(n))
        .await?;
    let bar = output::progress(&ctx.out, names.len(), "reading services");
    let mut rows = Vec::new();
    let mut problems = apps.problems();
    let config_center = registry.config_center_index(&mut problems).await?;
    let root = registry.root().to_string();
    // One row per service, dropping the nodes as it goes.
    registry
        .scan_each(&names, false, &apps, |iface, n| {
            let views = services_of(&iface, registry.root(), &mut problems);
            rows.extend(
                views
                    .into_iter()
                    .map(|mut v| {
                        config_center.apply_to(&root, &mut v, &mut problems);
                        v
                    })
                    .filter(|v| filter.service_matches(v))
                    .map(|v| ServiceRow::from_view(&v)),
            );
            if let Some(b) = &bar {
                b.set_position(n as u64)
            }
        })
        .await?;
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let registry_name = registry.target.display();
    output::warn_problems(&problems);
    if rows.is_empty() {
        if args.pattern.is_some() || args.app.is_some() || args.host.is_some() {
            return Err(
                Error::not_found(format!("no service matches in {registry_name}"))
                    .with_hint("`svcctl ls` without filters lists everything"),
            );
        }
        eprintln!(
            "{}",
            list::nothing_registered(registry.root(), &registry_name)
        );
    }
    print_list(&mut ctx.out, &registry_name, &rows, &problems)
}

/// `ls -w`: the listing (unless `-o jsonl`, which replays it as events), then its changes.
async fn watch(ctx: &mut Ctx, args: &LsArgs) -> Result<()> {
    let registry = ctx.registry().await?;
    let mut bar = None;
    let live = LiveRegistry::start_with_progress(
        registry,
        Scope::All(filter_of(args)),
        false,
        |done, total| {
            let b =
                bar.get_or_insert_with(|| output::progress(&ctx.out, total, "reading services"));
            if let Some(b) = b {
                b.set_position(done as u64)
            }
        },
    )
    .await?;
    if let Some(Some(b)) = bar {
        b.finish_and_clear();
    }
    output::warn_problems(live.problems());
    if ctx.out.format != Format::Jsonl {
        // One view at a time: at 100,000 providers all views at once are ~100 MB, and the
        // allocator keeps that for the rest of the watch.
        let mut rows: Vec<ServiceRow> = live
            .state()
            .views_iter()
            .map(|v| ServiceRow::from_view(&v))
            .collect();
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        let registry_name = live.registry().target.display();
        print_list(&mut ctx.out, &registry_name, &rows, live.problems())?;
    }
    watch::follow(ctx, live).await
}
