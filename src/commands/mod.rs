//! One file per verb. Commands compute values and hand them to `output`; they never print
//! directly except through [`Out`].

pub mod completions;
pub mod context;
pub mod host;
pub mod invoke;
pub mod ls;
pub mod mutate;
pub mod pin;
pub mod register;
pub mod show;
pub mod top;
pub mod watch;
pub mod weight;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::{self, RegistryTarget, Selection};
use crate::error::Result;
use crate::output::Out;
use crate::registry::zk::Registry;

/// What every command gets: the global flags and the output sink.
pub struct Ctx {
    pub global: GlobalArgs,
    pub out: Out,
}

impl Ctx {
    pub fn new(global: GlobalArgs, out: Out) -> Ctx {
        Ctx { global, out }
    }

    pub fn selection(&self) -> Result<Selection> {
        Ok(Selection {
            registry: self.global.registry.clone(),
            context: self.global.context.clone(),
            root: self.global.root.clone(),
            config_path: self.global.config.clone(),
            connect_timeout: match &self.global.connect_timeout {
                Some(t) => Some(config::parse_duration(t, "--connect-timeout")?),
                None => None,
            },
            read_only: self.global.read_only,
            tls: config::TlsSettings {
                ca: self.global.tls_ca.clone(),
                cert: self.global.tls_cert.clone(),
                key: self.global.tls_key.clone(),
            },
        })
    }

    pub fn target(&self) -> Result<RegistryTarget> {
        config::resolve(&self.selection()?)
    }

    pub async fn registry(&self) -> Result<Registry> {
        Registry::connect(&self.target()?).await
    }

    /// Diagnostics for `-v`, on stderr so stdout stays machine-readable.
    pub fn verbose(&self, msg: impl AsRef<str>) {
        verbose_line(self.global.verbose > 0, msg);
    }
}

/// A `-v` line on stderr, for code that runs apart from the [`Ctx`] (load-mode workers).
pub fn verbose_line(on: bool, msg: impl AsRef<str>) {
    if on {
        eprintln!("svcctl: {}", crate::output::sanitize(msg.as_ref()));
    }
}

pub async fn dispatch(cli: Cli, out: Out) -> Result<Out> {
    let mut ctx = Ctx::new(cli.global, out);
    match cli.command {
        Command::Ls(a) => ls::run(&mut ctx, &a).await?,
        Command::Show(a) => show::run(&mut ctx, &a).await?,
        Command::Host(a) => host::run(&mut ctx, &a).await?,
        Command::Top(a) => top::run(&mut ctx, &a).await?,
        Command::Invoke(a) => invoke::run(&mut ctx, &a).await?,
        Command::Bench(mut a) => {
            if a.requests.is_none() && a.duration.is_none() {
                a.requests = Some(invoke::BENCH_DEFAULT_REQUESTS);
            }
            invoke::run(&mut ctx, &a).await?
        }
        Command::Disable(a) => mutate::toggle(&mut ctx, &a, false).await?,
        Command::Enable(a) => mutate::toggle(&mut ctx, &a, true).await?,
        Command::Weight(a) => weight::run(&mut ctx, &a).await?,
        Command::Register(a) => register::register(&mut ctx, &a).await?,
        Command::Unregister(a) => register::unregister(&mut ctx, &a).await?,
        Command::Pin(a) => pin::run(&mut ctx, &a, true).await?,
        Command::Unpin(a) => pin::run(&mut ctx, &a, false).await?,
        Command::Context(c) => context::run(&mut ctx, &c)?,
        Command::Completions(a) => completions::print(&mut ctx, &a)?,
        Command::Generate(a) => completions::generate(&a.out_dir)?,
    }
    Ok(ctx.out)
}

/// Milliseconds since the Unix epoch, the clock Dubbo timestamps use.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
