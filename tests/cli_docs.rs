//! The clap definition is the one source of `--help`, completions and man pages: check it is
//! consistent and that the committed files are what it generates today.

use clap::CommandFactory;
use svcctl::cli::Cli;

#[test]
fn cli_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn committed_completions_and_man_pages_are_fresh() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (rel, data) in svcctl::commands::completions::generated_files().unwrap() {
        match std::fs::read(root.join(&rel)) {
            Ok(committed) if committed == data => {}
            _ => stale.push(rel),
        }
    }
    assert!(
        stale.is_empty(),
        "stale or missing: {stale:?}; run `cargo run -- generate --out-dir .` and commit"
    );
}

#[test]
fn help_documents_exit_codes() {
    let help = Cli::command().render_long_help().to_string();
    for (code, _) in svcctl::exit::TABLE {
        assert!(
            help.contains(&format!("  {code:>3}  ")),
            "exit code {code} missing from --help"
        );
    }
}
