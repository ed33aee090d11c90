//! Loads `fixtures/demo-registry.txt` into a ZooKeeper and keeps the session open, so the
//! ephemeral (dynamic) registrations stay registered until this process is stopped.
//! usage: cargo run --example seed_demo -- [HOST:PORT] [ROOT]

#[path = "../tests/support/seed.rs"]
mod seed;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let address = args.next().unwrap_or_else(|| "127.0.0.1:2181".to_string());
    let root = args.next().unwrap_or_else(|| "/dubbo".to_string());
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let text = std::fs::read_to_string(base.join("demo-registry.txt"))
        .expect("read fixtures/demo-registry.txt");
    let client = match zookeeper_client::Client::connect(&address).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("seed_demo: cannot connect to ZooKeeper at {address}: {e}");
            std::process::exit(7);
        }
    };
    seed::seed(&client, &root, &seed::parse(&text), &base).await;
    println!("seeded {root} at {address}; holding the session (Ctrl-C to drop the dynamic registrations)");
    let _ = tokio::signal::ctrl_c().await;
}
