//! `svcctl static` (pin a live provider as a persistent `dynamic=false` node) and
//! `svcctl dynamic` (remove the pin, leaving the provider's own ephemeral registration).

use crate::cli::PinArgs;
use crate::error::Result;
use crate::registry::plan::{self, Selector};

use super::mutate::{choose_view, execute, load, preflight};
use super::Ctx;

pub async fn run(ctx: &mut Ctx, args: &PinArgs, pin: bool) -> Result<()> {
    plan::parse_address(&args.provider, "--provider")?;
    let target = preflight(ctx, &args.flags)?;
    let (registry, tree, resolved) = load(&target, &args.service, &args.key).await?;
    let sel = Selector {
        providers: vec![args.provider.clone()],
        ..Default::default()
    };
    let (view, chosen) = choose_view(&tree, &resolved, &sel, false)?;
    let plan = if pin {
        plan::pin(&tree, &view, &chosen)?
    } else {
        plan::unpin(&tree, &view, &chosen, args.flags.force)?
    };
    execute(ctx, &registry, plan, &args.flags).await
}
