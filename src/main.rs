use clap::Parser;

fn main() {
    let cli = svcctl::cli::Cli::parse();
    std::process::exit(svcctl::main_with(cli));
}
