//! Shell completions and man pages, generated from the clap definition so they cannot drift.

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Error, Result};

use super::Ctx;

pub fn print(ctx: &mut Ctx, shell: Shell) -> Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "svcctl", &mut buf);
    ctx.out.write_str(&String::from_utf8_lossy(&buf))
}

/// Every generated file as (relative path, contents), for writing and for the freshness test.
pub fn generated_files() -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "svcctl.bash"),
        (Shell::Zsh, "_svcctl"),
        (Shell::Fish, "svcctl.fish"),
        (Shell::PowerShell, "_svcctl.ps1"),
        (Shell::Elvish, "svcctl.elv"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "svcctl", &mut buf);
        files.push((format!("completions/{name}"), buf));
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
