//! Shell completions and man pages, generated from the clap definition so they cannot drift.
//!
//! Two kinds of completion script: the registration of the dynamic completer (the default; it
//! calls back into `svcctl` on TAB, which completes from the registry, see `crate::complete`)
//! and the static script clap writes ahead of time (`--static`: flags and subcommands only).

use std::path::Path;

use clap::CommandFactory;
use clap_complete::env::EnvCompleter;
use clap_complete::Shell;

use crate::cli::{Cli, CompletionsArgs};
use crate::complete::ENV_VAR;
use crate::error::{Error, Result};

use super::Ctx;

pub fn print(ctx: &mut Ctx, args: &CompletionsArgs) -> Result<()> {
    let buf = if args.static_ {
        static_script(args.shell)
    } else {
        registration(args.shell, &completer_path())?
    };
    ctx.out.write_str(&String::from_utf8_lossy(&buf))
}

/// How the registration calls svcctl back: as it was run (`svcctl` on PATH, or a path made
/// absolute), like `COMPLETE=SHELL svcctl` does.
fn completer_path() -> String {
    let Some(arg0) = std::env::args_os().next() else {
        return "svcctl".into();
    };
    let p = std::path::PathBuf::from(&arg0);
    let p = if p.components().count() > 1 {
        std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
    } else {
        p
    };
    p.to_string_lossy().into_owned()
}

fn env_completer(shell: Shell) -> Result<&'static dyn EnvCompleter> {
    Ok(match shell {
        Shell::Bash => &clap_complete::env::Bash,
        Shell::Zsh => &clap_complete::env::Zsh,
        Shell::Fish => &clap_complete::env::Fish,
        Shell::PowerShell => &clap_complete::env::Powershell,
        Shell::Elvish => &clap_complete::env::Elvish,
        other => return Err(Error::usage(format!("no completion support for {other}"))),
    })
}

/// The script a shell sources so TAB asks `completer` (dynamic completion).
pub fn registration(shell: Shell, completer: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    env_completer(shell)?
        .write_registration(ENV_VAR, "svcctl", "svcctl", completer, &mut buf)
        .map_err(|e| Error::other(format!("cannot write the {shell} registration: {e}")))?;
    Ok(buf)
}

/// clap's ahead-of-time script: subcommands, flags and fixed values, no registry.
pub fn static_script(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "svcctl", &mut buf);
    buf
}

const SHELLS: [(Shell, &str, &str); 5] = [
    (Shell::Bash, "svcctl.bash", "svcctl.bash"),
    (Shell::Zsh, "svcctl.zsh", "_svcctl"),
    (Shell::Fish, "svcctl.fish", "svcctl.fish"),
    (Shell::PowerShell, "svcctl.ps1", "_svcctl.ps1"),
    (Shell::Elvish, "svcctl.elv", "svcctl.elv"),
];

/// Every generated file as (relative path, contents), for writing and for the freshness test:
/// `completions/` holds the dynamic registrations (calling `svcctl` on PATH),
/// `completions/static/` clap's static scripts.
pub fn generated_files() -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for (shell, dynamic, fixed) in SHELLS {
        files.push((
            format!("completions/{dynamic}"),
            registration(shell, "svcctl")?,
        ));
        files.push((format!("completions/static/{fixed}"), static_script(shell)));
    }
    let cmd = Cli::command();
    files.push(("man/svcctl.1".to_string(), render_man(&cmd)?));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("svcctl-{}", sub.get_name());
        let sub = sub.clone().name(name.clone());
        files.push((format!("man/{name}.1"), render_man(&sub)?));
    }
    Ok(files)
}

fn render_man(cmd: &clap::Command) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render(&mut buf)
        .map_err(|e| Error::other(format!("cannot render man page: {e}")))?;
    Ok(buf)
}

pub fn generate(out_dir: &Path) -> Result<()> {
    for (rel, data) in generated_files()? {
        let path = out_dir.join(&rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, data)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
