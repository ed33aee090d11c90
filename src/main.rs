use clap::Parser;

fn main() {
    // A shell asking for completions (COMPLETE=bash ...) is answered here, before parsing.
    svcctl::complete::run_if_requested();
    let cli = svcctl::cli::Cli::parse();
    std::process::exit(svcctl::main_with(cli));
}
