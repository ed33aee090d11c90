//! `svcctl weight SERVICE WEIGHT --provider ...`: per-address `weight=N` overrides, as
//! dubbo-admin writes them (in the config center for providers found by application).

use crate::cli::WeightArgs;
use crate::error::Result;
use crate::registry::apply;
use crate::registry::plan::{self, WeightChange};

use super::mutate::{choose_view, execute, load, preflight, selector};
use super::Ctx;

pub async fn run(ctx: &mut Ctx, args: &WeightArgs) -> Result<()> {
    // Parse before connecting: a typo in the weight needs no registry.
    let change = WeightChange::parse(&args.weight)?;
    let target = preflight(ctx, &args.flags)?;
    let (registry, tree, resolved) = load(&target, &args.service, &args.key).await?;
    let (view, chosen) = choose_view(&tree, &resolved, &selector(&args.select), true)?;
    let plan = match apply::read_config_center_for(&registry, &tree, &view, &chosen).await? {
        Some(cc) => plan::config_center::weight(&tree, &cc, &view, &chosen, change)?,
        None => plan::weight(&tree, &view, &chosen, change)?,
    };
    execute(ctx, &registry, plan, &args.flags).await
}
