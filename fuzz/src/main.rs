//! AFL++ harness: `svcctl-fuzz TARGET` reads inputs the fuzzer feeds it (persistent mode) and
//! runs the named target from the library. Without AFL (`svcctl-fuzz TARGET FILE...`) it runs
//! the files once each, to replay a crash or check the seeds.

use svcctl_fuzz::{run, BoundedAlloc, TARGETS};

#[global_allocator]
static ALLOC: BoundedAlloc = BoundedAlloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_default();
    if name == "--seeds" {
        // svcctl-fuzz --seeds REPO OUT [JAVA_TSV]
        let repo = args.next().expect("REPO");
        let out = args.next().expect("OUT");
        let tsv = args.next();
        svcctl_fuzz::seeds::write_all(
            repo.as_ref(),
            out.as_ref(),
            tsv.as_deref().map(std::path::Path::new),
        )
        .expect("write seeds");
        return;
    }
    let Some(&(_, target)) = TARGETS.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "usage: svcctl-fuzz TARGET [FILE...]; targets: {}",
            names.join(" ")
        );
        std::process::exit(2);
    };
    let files: Vec<String> = args.collect();
    if files.is_empty() {
        afl::fuzz!(|data: &[u8]| run(data, target));
    } else {
        for f in files {
            let data = std::fs::read(&f).unwrap_or_else(|e| panic!("{f}: {e}"));
            run(&data, target);
        }
    }
}
