//! `cargo bench --bench top`: does `svcctl top` keep up with a busy registry?
//!
//! 10,000 services x 10 providers (+2 consumers each) in a real ZooKeeper, then two phases, each
//! with a writer making 500 registry changes/s for 60 s (40 % new providers, 40 % providers
//! leaving, 20 % override rules added or removed: disable, weight), on one session, bounded.
//! The tree keeps its size: a provider leaves with its override rules, and the rules (one
//! provider in twenty has one, made before the first phase) stay at that count, so RSS growth
//! over a long run (scripts/soak.sh) is svcctl's, not the data's.
//!
//! (a) the release binary `svcctl top -b -d 1s -o jsonl` as a child: time to the first snapshot
//!     (against `svcctl ls` on the same tree, the baseline), its CPU during the churn (as % of
//!     one core, from /proc/PID/stat), its peak RSS (wait4), the snapshot pace, and whether the
//!     last snapshot, once top caught up, equals a fresh read of ZooKeeper.
//! (b) the dashboard's own path in process, as `tui::app` runs it minus the terminal: the live
//!     view feeding `TopState::reduce`, a 160x48 frame drawn with `tui::view::draw` onto
//!     ratatui's TestBackend at most every 50 ms. Time from `LiveRegistry::start` to the first
//!     frame, frame time median/p99, reduce time, CPU, and the same final-model check.
//!
//! (s) `snapshot`, pure (no ZooKeeper, runs first; alone with SVCCTL_BENCH_PHASES=snapshot):
//!     the same tree built in memory as a `TopState` (the seeded providers, their override
//!     rules, and the tombstones and new rows of 10 s of churn), then what `top -b -o jsonl`
//!     does each interval: the tick, and one snapshot written to a sink as `top -b` writes it.
//!     ns per provider (best of SVCCTL_BENCH_SNAPSHOTS, default 10) and bytes per provider;
//!     then one `-o json` (indented) snapshot.
//!     Deterministic under `valgrind --tool=callgrind` (Ir per provider: run it with 1 and with
//!     3 snapshots and take half the difference).
//!
//! (m) `memory`, pure (no ZooKeeper; alone with SVCCTL_BENCH_PHASES=memory): the soak without
//!     I/O. The seeded tree as a `LiveState`, feeding a `TopState` as `top` does, under the
//!     writer's mix of changes at SVCCTL_BENCH_RATE for SVCCTL_BENCH_SIM_SECONDS of simulated
//!     time (default 1200; ticks each simulated second, a snapshot every 5). Every 60 simulated
//!     seconds: the bytes the program has allocated and not freed (a counting allocator), and
//!     glibc's view (mallinfo2). Tells a leak or a high-water mark in the model from memory
//!     that only the real process (ZooKeeper client, runtime, allocator) holds.
//!
//! "Equals the tree": the set of (service, address) of the providers shown (tombstones aside),
//! each with its state (enabled/disabled) and effective weight, against the providers and
//! override rules read from ZooKeeper after the writer stopped.
//!
//! Targets (issue 7): frame median < 10 ms, svcctl < 25 % of one core, peak RSS < 300 MB, no
//! change lost. `cargo test --all-targets` runs this without `--bench`: then 50 services, 2 s,
//! 100 changes/s, and a lost change fails the run. Knobs: SVCCTL_BENCH_SERVICES,
//! SVCCTL_BENCH_SECONDS, SVCCTL_BENCH_RATE, SVCCTL_BENCH_PHASES (`snapshot,batch,tui,watch`),
//! SVCCTL_BENCH_SNAPSHOTS, SVCCTL_BENCH_SIM_SECONDS,
//! SVCCTL_BENCH_ZK_HEAP (default 2g), SVCCTL_BENCH_BASELINE (other `svcctl` binaries, comma-
//! separated, that phases (a) and (w) run first on the same tree, for a before/after in one run).

#[path = "../tests/support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde::Deserialize;
use support::bulk::{self, build_registry, measure, median, quantile};
use support::seed::form_encode;
use support::ZkServer;
use svcctl::config::{self, Selection};
use svcctl::registry::live::LiveRegistry;
use svcctl::registry::scope::{Filter, Scope};
use svcctl::registry::url::DubboUrl;
use svcctl::registry::zk::Registry;
use svcctl::tui::app::registry_feed;
use svcctl::tui::event::{Event, RegistryUpdate};
use svcctl::tui::state::TopState;
use svcctl::tui::theme::Theme;
use svcctl::tui::view;
use tokio::sync::{mpsc, oneshot};
use zookeeper_client as zk;

const PROVIDERS: usize = 10;
const CONSUMERS: usize = 2;
/// Writer operations in flight at once: the writer never runs away from ZooKeeper.
const MAX_INFLIGHT: usize = 256;
/// The dashboard's fastest redraw (tui::app::MIN_FRAME).
const MIN_FRAME: Duration = Duration::from_millis(50);
const FRAME: (u16, u16) = (160, 48);
const NO_CONFIG: &str = "/nonexistent/svcctl-bench-config.toml";

struct Config {
    full: bool,
    services: usize,
    seconds: f64,
    rate: f64,
    batch: bool,
    tui: bool,
    /// `svcctl ls -w -o jsonl` under the same churn (the soak script runs it for 10 minutes).
    watch: bool,
    /// The in-memory snapshot measurement (no ZooKeeper).
    snapshot: bool,
    snapshots: usize,
    /// The in-memory soak (no ZooKeeper) and its simulated length.
    memory: bool,
    sim_seconds: usize,
    zk_heap: String,
    /// SVCCTL_BENCH_BASELINE: other `svcctl` binaries (comma-separated) the batch phase runs
    /// first, for a before/after in the same run.
    baselines: Vec<String>,
    /// How long top may take to show the final tree after the writer stopped.
    catch_up: Duration,
}

fn config() -> Config {
    let full = std::env::args().any(|a| a == "--bench");
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let num = |k: &str, full_v: f64, smoke_v: f64| {
        env(k)
            .map(|v| {
                v.parse::<f64>()
                    .unwrap_or_else(|_| panic!("{k}={v:?} is not a number"))
            })
            .unwrap_or(if full { full_v } else { smoke_v })
    };
    let phases =
        env("SVCCTL_BENCH_PHASES").unwrap_or_else(|| "snapshot,memory,batch,tui,watch".into());
    Config {
        full,
        services: num("SVCCTL_BENCH_SERVICES", 10_000.0, 50.0) as usize,
        seconds: num("SVCCTL_BENCH_SECONDS", 60.0, 2.0),
        rate: num("SVCCTL_BENCH_RATE", 500.0, 100.0),
        batch: phases.contains("batch"),
        tui: phases.contains("tui"),
        watch: phases.contains("watch"),
        snapshot: phases.contains("snapshot"),
        snapshots: num("SVCCTL_BENCH_SNAPSHOTS", 10.0, 2.0).max(1.0) as usize,
        memory: phases.contains("memory"),
        sim_seconds: num("SVCCTL_BENCH_SIM_SECONDS", 1200.0, 60.0).max(1.0) as usize,
        zk_heap: env("SVCCTL_BENCH_ZK_HEAP").unwrap_or_else(|| "2g".into()),
        baselines: env("SVCCTL_BENCH_BASELINE")
            .map(|v| {
                v.split(',')
                    .filter(|b| !b.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
        catch_up: Duration::from_secs(if full { 90 } else { 20 }),
    }
}

fn service_name(s: usize) -> String {
    format!("{}:1.0.0", bulk::interface(s))
}

// ---------------------------------------------------------------------------------------------
// The writer: registry changes at a fixed pace, and its book of what exists.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RuleKind {
    Disable,
    Weight,
}

type RuleKey = (usize, String, RuleKind);

/// What the writer knows of the tree, to pick valid changes (the final check reads ZooKeeper).
///
/// The tree is kept steady so a soak can tell a leak from data: providers come and go at the
/// same rate, a provider leaves together with its override rules, and the rules stay near
/// `rule_cap` (filled before the first phase by [`fill_rules`]).
struct Book {
    services: usize,
    /// Providers that exist: (service, address, node path).
    alive: Vec<(usize, String, String)>,
    /// Override rules that exist (settled, none in flight): their node path and their place in
    /// `rule_keys`.
    rules: HashMap<RuleKey, (usize, String)>,
    /// The keys of `rules`, to pick one at random.
    rule_keys: Vec<RuleKey>,
    /// Rules being created or deleted: not touched again until that is done, and their
    /// provider does not leave meanwhile.
    pending: HashSet<RuleKey>,
    rule_cap: usize,
    created: usize,
    rng: SmallRng,
}

impl Book {
    fn seeded(services: usize) -> Book {
        let mut alive = Vec::with_capacity(services * PROVIDERS);
        for s in 0..services {
            for p in 0..PROVIDERS {
                let host = bulk::seeded_host(s, p);
                let url = bulk::provider_url(s, &host, 20880, 1000 + p);
                alive.push((
                    s,
                    format!("{host}:20880"),
                    format!(
                        "/dubbo/{}/providers/{}",
                        bulk::interface(s),
                        form_encode(&url)
                    ),
                ));
            }
        }
        Book {
            services,
            alive,
            rules: HashMap::new(),
            rule_keys: Vec::new(),
            pending: HashSet::new(),
            // One provider in twenty has a rule: 5,000 at 100,000 providers.
            rule_cap: (services * PROVIDERS / 20).max(4),
            created: 0,
            rng: SmallRng::seed_from_u64(7),
        }
    }

    fn add_rule(&mut self, key: RuleKey, path: String) {
        self.rules.insert(key.clone(), (self.rule_keys.len(), path));
        self.rule_keys.push(key);
    }

    /// Takes a settled rule out of the book (its delete is about to be issued).
    fn take_rule(&mut self, key: &RuleKey) -> Option<String> {
        let (i, path) = self.rules.remove(key)?;
        self.rule_keys.swap_remove(i);
        if let Some(moved) = self.rule_keys.get(i) {
            self.rules.get_mut(moved).expect("indexed rule").0 = i;
        }
        Some(path)
    }

    fn rule_count(&self) -> usize {
        self.rules.len()
    }
}

const KINDS: [RuleKind; 2] = [RuleKind::Disable, RuleKind::Weight];

#[derive(Debug)]
enum Done {
    Created(usize, String, String),
    /// A provider left, with this many rules.
    Deleted(usize),
    RuleCreated(RuleKey, String),
    RuleDeleted(RuleKey),
    /// What failed, the rule it was about, and how many changes the operation held.
    Failed(String, Option<RuleKey>, usize),
}

#[derive(Debug, Default, Clone, Copy)]
struct WriterReport {
    /// Operations issued (a provider leaving with its rules is one operation).
    issued: usize,
    /// Node changes applied (that provider and each of its rules count one).
    applied: usize,
    failed: usize,
    creates: usize,
    deletes: usize,
    rules: usize,
    /// Rules deleted along with their provider (counted in `rules` too).
    rules_with_provider: usize,
    /// The tree when the writer started (as its book has it: settled, nothing in flight).
    start_providers: usize,
    start_rules: usize,
    /// Providers and override rules in ZooKeeper after the run, and the rules naming no
    /// provider.
    tree_providers: usize,
    tree_rules: usize,
    orphan_rules: usize,
    elapsed: Duration,
    /// This thread's CPU (the bench subtracts it from its own in the in-process phase).
    cpu: Duration,
    /// The longest the writer was behind its schedule.
    max_behind: Duration,
}

type OpFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Done> + Send>>;

fn rule_path(s: usize, addr: &str, kind: RuleKind, rng: &mut SmallRng) -> String {
    let iface = bulk::interface(s);
    let what = match kind {
        RuleKind::Disable => "disabled=true".to_string(),
        RuleKind::Weight => format!("weight={}", rng.gen_range(1..100)),
    };
    let url = format!("override://{addr}/{iface}?category=configurators&dynamic=false&enabled=true&version=1.0.0&{what}");
    format!("/dubbo/{iface}/configurators/{}", form_encode(&url))
}

fn delete_rule(client: &zk::Client, key: RuleKey, path: String) -> OpFuture {
    let client = client.clone();
    Box::pin(async move {
        match client.delete(&path, None).await {
            Ok(()) => Done::RuleDeleted(key),
            Err(e) => Done::Failed(format!("delete {path}: {e}"), Some(key), 1),
        }
    })
}

fn next_op(book: &mut Book, client: &zk::Client, report: &mut WriterReport) -> OpFuture {
    let opts = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    let roll = book.rng.gen_range(0..10);
    if roll >= 8 && book.rule_count() >= book.rule_cap {
        // At the cap: a rule goes, so the rule count stays bounded.
        let key = book.rule_keys[book.rng.gen_range(0..book.rule_keys.len())].clone();
        let path = book.take_rule(&key).expect("listed rule");
        book.pending.insert(key.clone());
        report.rules += 1;
        return delete_rule(client, key, path);
    }
    if roll >= 8 && !book.alive.is_empty() {
        let (s, addr, _) = book.alive[book.rng.gen_range(0..book.alive.len())].clone();
        let kind = if roll == 8 {
            RuleKind::Disable
        } else {
            RuleKind::Weight
        };
        let key = (s, addr.clone(), kind);
        if book.pending.insert(key.clone()) {
            report.rules += 1;
            if let Some(path) = book.take_rule(&key) {
                return delete_rule(client, key, path);
            }
            let path = rule_path(s, &addr, kind, &mut book.rng);
            let client = client.clone();
            return Box::pin(async move {
                match client.create(&path, b"", &opts).await {
                    Ok(_) => Done::RuleCreated(key, path),
                    Err(e) => Done::Failed(format!("create {path}: {e}"), Some(key), 1),
                }
            });
        }
    }
    if (4..8).contains(&roll) && !book.alive.is_empty() {
        // A provider with a rule change in flight stays (its rule would outlive it).
        let pick = (0..8)
            .map(|_| book.rng.gen_range(0..book.alive.len()))
            .find(|&i| {
                let (s, addr, _) = &book.alive[i];
                KINDS
                    .iter()
                    .all(|&k| !book.pending.contains(&(*s, addr.clone(), k)))
            });
        if let Some(i) = pick {
            let (s, addr, path) = book.alive.swap_remove(i);
            let rules: Vec<String> = KINDS
                .iter()
                .filter_map(|&k| book.take_rule(&(s, addr.clone(), k)))
                .collect();
            report.deletes += 1;
            report.rules += rules.len();
            report.rules_with_provider += rules.len();
            let client = client.clone();
            return Box::pin(async move {
                let n = rules.len();
                if n == 0 {
                    return match client.delete(&path, None).await {
                        Ok(()) => Done::Deleted(0),
                        Err(e) => Done::Failed(format!("delete {path}: {e}"), None, 1),
                    };
                }
                // The provider and its rules leave in one transaction.
                let mut multi = client.new_multi_writer();
                for r in &rules {
                    multi.add_delete(r, None).expect("delete op");
                }
                multi.add_delete(&path, None).expect("delete op");
                match multi.commit().await {
                    Ok(_) => Done::Deleted(n),
                    Err(e) => {
                        Done::Failed(format!("delete {path} and {n} rules: {e}"), None, n + 1)
                    }
                }
            });
        }
    }
    // A new provider on an address never used before, on a random service.
    let s = book.rng.gen_range(0..book.services);
    let c = book.created;
    book.created += 1;
    let host = format!("127.251.{}.{}", (c / 250) % 250, c % 250 + 1);
    let port = 20881 + (c / 62_500) as u16;
    let url = bulk::provider_url(s, &host, port, c);
    let path = format!(
        "/dubbo/{}/providers/{}",
        bulk::interface(s),
        form_encode(&url)
    );
    let addr = format!("{host}:{port}");
    report.creates += 1;
    let client = client.clone();
    Box::pin(async move {
        match client.create(&path, b"", &opts).await {
            Ok(_) => Done::Created(s, addr, path),
            Err(e) => Done::Failed(format!("create {path}: {e}"), None, 1),
        }
    })
}

fn settle(book: &mut Book, report: &mut WriterReport, done: Done) {
    match done {
        Done::Created(s, addr, path) => {
            book.alive.push((s, addr, path));
            report.applied += 1;
        }
        Done::Deleted(rules) => report.applied += 1 + rules,
        Done::RuleCreated(key, path) => {
            book.pending.remove(&key);
            book.add_rule(key, path);
            report.applied += 1;
        }
        Done::RuleDeleted(key) => {
            book.pending.remove(&key);
            report.applied += 1;
        }
        Done::Failed(why, key, changes) => {
            if report.failed < 3 {
                eprintln!("writer: {why}");
            }
            if let Some(k) = key {
                book.pending.remove(&k);
            }
            report.failed += changes;
        }
    }
}

/// Before the first phase: override rules up to the book's cap, on random providers, so every
/// phase starts on the tree size it keeps.
async fn fill_rules(addr: &str, book: &mut Book) {
    let client = zk::Client::connect(addr).await.expect("writer connects");
    let opts = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
    let mut inflight = FuturesUnordered::new();
    let mut tries = 0;
    while book.rule_count() + inflight.len() < book.rule_cap && tries < book.rule_cap * 4 {
        tries += 1;
        let (s, addr, _) = book.alive[book.rng.gen_range(0..book.alive.len())].clone();
        let kind = KINDS[book.rng.gen_range(0..2)];
        let key = (s, addr.clone(), kind);
        if book.rules.contains_key(&key) || !book.pending.insert(key.clone()) {
            continue;
        }
        let path = rule_path(s, &addr, kind, &mut book.rng);
        let client = client.clone();
        let opts = opts.clone();
        inflight.push(async move {
            client.create(&path, b"", &opts).await.expect("create rule");
            (key, path)
        });
        while inflight.len() >= MAX_INFLIGHT {
            let (key, path) = inflight.next().await.expect("in flight");
            book.pending.remove(&key);
            book.add_rule(key, path);
        }
    }
    while let Some((key, path)) = inflight.next().await {
        book.pending.remove(&key);
        book.add_rule(key, path);
    }
}

/// The tree as ZooKeeper has it: (service, address) -> what a provider shows, and how many
/// override rules exist.
type Tree = BTreeMap<(String, String), Shown>;

/// Makes `rate` changes a second for `seconds`, then reads the resulting tree from ZooKeeper.
async fn write(addr: &str, book: &mut Book, rate: f64, seconds: f64) -> (WriterReport, Tree) {
    let client = zk::Client::connect(addr).await.expect("writer connects");
    let cpu0 = thread_cpu();
    let mut report = WriterReport {
        start_providers: book.alive.len(),
        start_rules: book.rule_count(),
        ..Default::default()
    };
    let total = (rate * seconds).round() as usize;
    let start = tokio::time::Instant::now();
    let mut inflight: FuturesUnordered<OpFuture> = FuturesUnordered::new();
    for i in 0..total {
        let at = start + Duration::from_secs_f64(i as f64 / rate);
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(at) => break,
                Some(d) = inflight.next(), if !inflight.is_empty() => settle(book, &mut report, d),
            }
        }
        while inflight.len() >= MAX_INFLIGHT {
            let d = inflight.next().await.expect("in flight");
            settle(book, &mut report, d);
        }
        report.max_behind = report.max_behind.max(at.elapsed());
        inflight.push(next_op(book, &client, &mut report));
        report.issued += 1;
    }
    while let Some(d) = inflight.next().await {
        settle(book, &mut report, d);
    }
    report.elapsed = start.elapsed();
    let (tree, rules, orphans) = read_tree(&client, book.services).await;
    report.tree_providers = tree.len();
    report.tree_rules = rules;
    report.orphan_rules = orphans;
    report.cpu = thread_cpu() - cpu0;
    (report, tree)
}

type Written = (Book, WriterReport, Tree);

/// Runs the writer on the calling thread (own runtime, own session); the book comes back.
fn run_writer(addr: String, mut book: Book, rate: f64, seconds: f64) -> Written {
    let rt = support::runtime();
    let (report, tree) = rt.block_on(write(&addr, &mut book, rate, seconds));
    assert_eq!(
        report.orphan_rules, 0,
        "the writer left override rules naming no provider: the tree would grow"
    );
    (book, report, tree)
}

// ---------------------------------------------------------------------------------------------
// The model compared: what ZooKeeper has vs what top shows.

/// A provider as shown: state word and effective weight.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    state: String,
    weight: i32,
}

/// Every service's providers and override rules, read fresh. The rules the writer makes are
/// simple (one address, `disabled=true` or `weight=N`), so their effect is computed here
/// without svcctl's rule engine.
/// Also returns how many override rules there are, and how many of them name no provider (the
/// writer removes a provider's rules with it: any is a writer bug that grows the tree).
async fn read_tree(client: &zk::Client, services: usize) -> (Tree, usize, usize) {
    let mut out = BTreeMap::new();
    let (mut rule_count, mut orphans) = (0, 0);
    let all: Vec<usize> = (0..services).collect();
    for chunk in all.chunks(500) {
        let reads = chunk.iter().map(|&s| async move {
            let base = format!("/dubbo/{}", bulk::interface(s));
            let providers = client
                .list_children(&format!("{base}/providers"))
                .await
                .expect("read providers");
            let rules = client
                .list_children(&format!("{base}/configurators"))
                .await
                .expect("read configurators");
            (s, providers, rules)
        });
        for (s, providers, rules) in futures::future::join_all(reads).await {
            let mut disabled = HashSet::new();
            let mut weight = HashMap::new();
            let mut named = HashSet::new();
            rule_count += rules.len();
            for r in &rules {
                let url = DubboUrl::from_node_name(r).expect("rule parses");
                named.insert(url.address());
                if url.param("disabled") == Some("true") {
                    disabled.insert(url.address());
                }
                if let Some(w) = url.param("weight") {
                    weight.insert(url.address(), w.parse::<i32>().expect("weight"));
                }
            }
            for p in &providers {
                let address = DubboUrl::from_node_name(p)
                    .expect("provider parses")
                    .address();
                named.remove(&address);
                let shown = Shown {
                    state: if disabled.contains(&address) {
                        "disabled"
                    } else {
                        "enabled"
                    }
                    .into(),
                    weight: weight.get(&address).copied().unwrap_or(100),
                };
                out.insert((service_name(s), address), shown);
            }
            orphans += named.len();
        }
    }
    (out, rule_count, orphans)
}

#[derive(Debug, Default)]
struct Diff {
    missing: usize,
    extra: usize,
    wrong: usize,
    examples: Vec<String>,
}

impl Diff {
    fn same(&self) -> bool {
        self.missing + self.extra + self.wrong == 0
    }
}

fn compare(
    tree: &BTreeMap<(String, String), Shown>,
    got: &BTreeMap<(String, String), Shown>,
) -> Diff {
    let mut d = Diff::default();
    let example = |d: &mut Diff, s: String| {
        if d.examples.len() < 5 {
            d.examples.push(s);
        }
    };
    for (k, want) in tree {
        match got.get(k) {
            None => {
                d.missing += 1;
                example(&mut d, format!("missing {} {}", k.0, k.1));
            }
            Some(g) if g != want => {
                d.wrong += 1;
                example(
                    &mut d,
                    format!("{} {}: shown {g:?}, tree {want:?}", k.0, k.1),
                );
            }
            Some(_) => {}
        }
    }
    for k in got.keys().filter(|k| !tree.contains_key(*k)) {
        d.extra += 1;
        example(&mut d, format!("extra {} {}", k.0, k.1));
    }
    d
}

#[derive(Deserialize)]
struct Snapshot {
    providers: Vec<SnapshotProvider>,
}

#[derive(Deserialize)]
struct SnapshotProvider {
    service: String,
    address: String,
    state: String,
    weight: i32,
    removed: bool,
    registration: String,
}

/// Providers shown (tombstones aside) in a snapshot, and how many of them are still of unknown
/// registration: `top` reads the stats after its first view, between registry events.
fn unknown_registrations(line: &str) -> (usize, usize) {
    let snap: Snapshot = serde_json::from_str(line).expect("top -b -o jsonl prints JSON lines");
    let shown: Vec<&SnapshotProvider> = snap.providers.iter().filter(|p| !p.removed).collect();
    let unknown = shown.iter().filter(|p| p.registration == "unknown").count();
    (shown.len(), unknown)
}

fn snapshot_model(line: &str) -> BTreeMap<(String, String), Shown> {
    let snap: Snapshot = serde_json::from_str(line).expect("top -b -o jsonl prints JSON lines");
    snap.providers
        .into_iter()
        .filter(|p| !p.removed)
        .map(|p| {
            (
                (p.service, p.address),
                Shown {
                    state: p.state,
                    weight: p.weight,
                },
            )
        })
        .collect()
}

fn state_model(state: &TopState) -> BTreeMap<(String, String), Shown> {
    let mut out = BTreeMap::new();
    for (key, entry) in &state.data.services {
        for row in entry.providers.values().filter(|r| r.removed_ms.is_none()) {
            out.insert(
                (key.to_string(), row.address()),
                Shown {
                    state: row.state(state.now_ms).as_str().to_string(),
                    weight: row.provider.effective.weight,
                },
            );
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Measuring.

fn clock_tick() -> f64 {
    (unsafe { libc::sysconf(libc::_SC_CLK_TCK) }) as f64
}

/// utime + stime of a process so far, from /proc/PID/stat.
fn proc_cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc/PID/stat");
    // Fields after the command name (which may hold spaces) start at state, field 3.
    let rest = &stat[stat.rfind(')').expect("stat format") + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    Duration::from_secs_f64(ticks as f64 / clock_tick())
}

fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn rusage(who: libc::c_int) -> Duration {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn thread_cpu() -> Duration {
    rusage(libc::RUSAGE_THREAD)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "MET"
    } else {
        "NOT MET"
    }
}

fn print_writer(w: &WriterReport, rate: f64) {
    println!(
        "  writer: {} changes applied in {:.1}s = {:.0}/s (asked {rate:.0}/s; {} new providers, {} removed, {} rule changes; {} failed; at most {:.0} ms behind schedule)",
        w.applied,
        w.elapsed.as_secs_f64(),
        w.applied as f64 / w.elapsed.as_secs_f64(),
        w.creates,
        w.deletes,
        w.rules,
        w.failed,
        ms(w.max_behind)
    );
    println!(
        "  tree: {} providers + {} override rules at the start, {} + {} at the end ({} of its rules deleted with their provider; rules naming no provider: {})",
        w.start_providers,
        w.start_rules,
        w.tree_providers,
        w.tree_rules,
        w.rules_with_provider,
        w.orphan_rules
    );
}

fn print_diff(what: &str, d: &Diff, lag: Option<Duration>, tree: usize) {
    match lag {
        Some(l) => println!(
            "  no change lost: {what} equals the tree ({tree} providers) {:.1}s after the writer stopped: MET",
            l.as_secs_f64()
        ),
        None => {
            println!(
                "  no change lost: NOT MET: {what} differs from the tree ({tree} providers): {} missing, {} extra, {} with the wrong state/weight",
                d.missing, d.extra, d.wrong
            );
            for e in &d.examples {
                println!("    {e}");
            }
        }
    }
}

#[derive(Default)]
struct Lines {
    count: usize,
    first: Option<Instant>,
    /// Arrival times of every snapshot.
    times: Vec<Instant>,
    last: Option<(Instant, String)>,
    bytes: usize,
    /// The first snapshot in which every provider's registration is known.
    all_known: Option<Instant>,
}

struct BatchResult {
    lost: bool,
}

/// The same arguments and environment, another binary (or a script that execs one).
fn with_binary(cmd: &Command, bin: &str) -> Command {
    let mut out = Command::new(bin);
    out.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => out.env(k, v),
            None => out.env_remove(k),
        };
    }
    out
}

/// Phase (a): the real binary in batch mode.
fn batch_phase(
    cfg: &Config,
    addr: &str,
    book: Book,
    ls: Duration,
    bin: Option<&str>,
) -> (Book, BatchResult) {
    println!(
        "(a) svcctl top -b -d 1s -o jsonl, {:.0} changes/s for {:.0}s{}",
        cfg.rate,
        cfg.seconds,
        bin.map(|b| format!(", baseline {b}")).unwrap_or_default()
    );
    let spawned = Instant::now();
    let mut cmd = support::svcctl_cmd(&[
        "--registry",
        addr,
        "top",
        "-b",
        "-d",
        "1s",
        "-o",
        "jsonl",
        "--no-probe",
    ]);
    if let Some(b) = bin {
        cmd = with_binary(&cmd, b);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start svcctl top -b");
    let pid = child.id();
    let lines = Arc::new(Mutex::new(Lines::default()));
    let reader = {
        let lines = lines.clone();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 20, out);
            loop {
                let mut line = String::new();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let now = Instant::now();
                let mut l = lines.lock().unwrap();
                l.count += 1;
                l.first.get_or_insert(now);
                l.times.push(now);
                l.bytes = line.len();
                if l.all_known.is_none() && !line.contains(r#""registration":"unknown""#) {
                    l.all_known = Some(now);
                }
                l.last = Some((now, line));
            }
        })
    };
    let first_deadline = Instant::now() + Duration::from_secs(600);
    let first = loop {
        if let Some(t) = lines.lock().unwrap().first {
            break t;
        }
        assert!(
            Instant::now() < first_deadline,
            "svcctl top -b printed nothing in 10 minutes"
        );
        if let Ok(Some(status)) = child.try_wait() {
            panic!("svcctl top -b exited before its first snapshot: {status}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let ttff = first - spawned;
    let rss_start = proc_status_kib(pid, "VmRSS:").unwrap_or(0);
    // A couple of quiet snapshots first: steady state before the churn.
    std::thread::sleep(Duration::from_secs(2));
    let idle_cpu0 = proc_cpu(pid);
    let idle_t0 = Instant::now();
    std::thread::sleep(Duration::from_secs(if cfg.full { 5 } else { 1 }));
    let idle_cpu = (proc_cpu(pid) - idle_cpu0).as_secs_f64() / idle_t0.elapsed().as_secs_f64();

    let cpu0 = proc_cpu(pid);
    let t0 = Instant::now();
    let writer = {
        let (addr, rate, seconds) = (addr.to_string(), cfg.rate, cfg.seconds);
        std::thread::spawn(move || run_writer(addr, book, rate, seconds))
    };
    // The writer reports when its changes are done, then reads the tree: CPU is measured over
    // the changes only.
    let mut peak_rss = 0;
    let mut samples = vec![rss_start];
    let mut next_sample = Instant::now() + Duration::from_secs(30);
    while !writer.is_finished() {
        let rss = proc_status_kib(pid, "VmRSS:").unwrap_or(0);
        peak_rss = peak_rss.max(rss);
        if Instant::now() >= next_sample {
            samples.push(rss);
            next_sample += Duration::from_secs(30);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    samples.push(proc_status_kib(pid, "VmRSS:").unwrap_or(0));
    let (book, w, tree) = writer.join().expect("writer");
    let window = w.elapsed;
    let t1 = t0 + window;
    let cpu = proc_cpu(pid) - cpu0;
    // The tree read took a moment after t1: CPU over [t0, now] with the wall time to match.
    let cpu_share = cpu.as_secs_f64() / t0.elapsed().as_secs_f64();
    print_writer(&w, cfg.rate);

    // Wait for a snapshot that shows the final tree.
    let deadline = Instant::now() + cfg.catch_up;
    let mut seen = 0;
    let (mut diff, mut lag) = (Diff::default(), None);
    while Instant::now() < deadline {
        let last = {
            let l = lines.lock().unwrap();
            match &l.last {
                Some((t, line)) if l.count > seen && *t > t1 => {
                    seen = l.count;
                    Some((*t, line.clone()))
                }
                _ => None,
            }
        };
        match last {
            Some((t, line)) => {
                diff = compare(&tree, &snapshot_model(&line));
                if diff.same() {
                    lag = Some(t - t1);
                    break;
                }
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    unsafe { libc::kill(pid as libc::pid_t, libc::SIGINT) };
    let usage = bulk::wait_usage(child);
    let _ = reader.join();
    let l = lines.lock().unwrap();
    let in_window: Vec<Instant> = l
        .times
        .iter()
        .copied()
        .filter(|t| *t >= t0 && *t <= t1)
        .collect();
    let gaps: Vec<Duration> = in_window.windows(2).map(|w| w[1] - w[0]).collect();
    print_diff("the last snapshot", &diff, lag, tree.len());
    if let Some((_, last)) = &l.last {
        let (shown, unknown) = unknown_registrations(last);
        println!(
            "  static/dynamic still unknown in the last snapshot: {unknown} of {shown} providers: {}; every one known from the snapshot at {}",
            verdict(unknown == 0),
            l.all_known
                .map(|t| format!("{:.0} ms", ms(t - spawned)))
                .unwrap_or_else(|| "never".into())
        );
    }
    println!(
        "  time to first snapshot: {:.0} ms; svcctl ls on the same tree (baseline): {:.0} ms; ratio {:.2}x",
        ms(ttff),
        ms(ls),
        ttff.as_secs_f64() / ls.as_secs_f64()
    );
    println!(
        "  snapshots during the churn: {} in {:.0}s, interval median {:.0} ms, max {:.0} ms; last snapshot {:.1} MB",
        in_window.len(),
        window.as_secs_f64(),
        ms(if gaps.is_empty() { Duration::ZERO } else { median(gaps.clone()) }),
        ms(gaps.iter().max().copied().unwrap_or_default()),
        l.bytes as f64 / 1e6
    );
    println!(
        "  svcctl CPU during the churn: {:.1} % of one core (idle before it: {:.1} %) (target < 25 %): {}",
        cpu_share * 100.0,
        idle_cpu * 100.0,
        verdict(cpu_share < 0.25)
    );
    println!(
        "  svcctl CPU over its whole run: {:.1} s; RSS after the first snapshot {:.0} MB, highest seen {:.0} MB",
        usage.cpu.as_secs_f64(),
        rss_start as f64 / 1024.0,
        peak_rss as f64 / 1024.0
    );
    println!(
        "  svcctl peak RSS (wait4): {:.0} MB (target < 300 MB): {}",
        usage.max_rss_kib as f64 / 1024.0,
        verdict(usage.max_rss_kib < 300 * 1024)
    );
    let mb: Vec<String> = samples
        .iter()
        .map(|k| format!("{:.0}", *k as f64 / 1024.0))
        .collect();
    let (first, last) = (samples[0].max(1), *samples.last().unwrap_or(&0));
    println!(
        "  RSS every 30 s of the churn (MB): {}; last/first {:.2} (flat: <= 1.10): {}",
        mb.join(" "),
        last as f64 / first as f64,
        verdict(last as f64 <= first as f64 * 1.10)
    );
    (
        book,
        BatchResult {
            lost: lag.is_none(),
        },
    )
}

#[derive(Deserialize)]
struct WatchLine {
    #[serde(rename = "type")]
    kind: String,
    object: String,
    service: String,
    address: Option<String>,
    provider: Option<WatchProvider>,
}

#[derive(Deserialize)]
struct WatchProvider {
    enabled: bool,
    weight: i32,
    warming_up: bool,
}

/// Phase (w): `svcctl ls -w -o jsonl` follows the churn; replaying its events (the ADDED replay
/// of the start state, then every change) must give the tree. RSS is sampled every 30 s so a
/// long run (scripts/soak.sh) shows whether memory stays flat.
fn watch_phase(cfg: &Config, addr: &str, book: Book, bin: Option<&str>) -> (Book, bool) {
    println!(
        "(w) svcctl ls -w -o jsonl, {:.0} changes/s for {:.0}s{}",
        cfg.rate,
        cfg.seconds,
        bin.map(|b| format!(", baseline {b}")).unwrap_or_default()
    );
    let mut cmd = support::svcctl_cmd(&["--registry", addr, "ls", "-w", "-o", "jsonl"]);
    if let Some(b) = bin {
        cmd = with_binary(&cmd, b);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start svcctl ls -w");
    let pid = child.id();
    type Model = BTreeMap<(String, String), Shown>;
    let model: Arc<Mutex<(Model, usize, Option<Instant>)>> = Arc::default();
    let reader = {
        let model = model.clone();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let r = BufReader::with_capacity(1 << 20, out);
            for line in r.lines().map_while(Result::ok) {
                let Ok(ev) = serde_json::from_str::<WatchLine>(&line) else {
                    continue;
                };
                let mut m = model.lock().unwrap();
                m.1 += 1;
                m.2 = Some(Instant::now());
                if ev.object != "provider" {
                    continue;
                }
                let key = (ev.service, ev.address.unwrap_or_default());
                match (ev.kind.as_str(), ev.provider) {
                    ("REMOVED", _) => {
                        m.0.remove(&key);
                    }
                    (_, Some(p)) => {
                        let state = if !p.enabled {
                            "disabled"
                        } else if p.warming_up {
                            "warming up"
                        } else {
                            "enabled"
                        };
                        m.0.insert(
                            key,
                            Shown {
                                state: state.into(),
                                weight: p.weight,
                            },
                        );
                    }
                    _ => {}
                }
            }
        })
    };
    // The replay of the start state is done when the stream goes quiet.
    let t_start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let (n, last) = {
            let m = model.lock().unwrap();
            (m.1, m.2)
        };
        if n > 0 && last.is_some_and(|t| t.elapsed() > Duration::from_secs(2)) {
            break;
        }
        assert!(
            t_start.elapsed() < Duration::from_secs(600),
            "ls -w printed nothing"
        );
    }
    let replay = t_start.elapsed();
    let rss0 = proc_status_kib(pid, "VmRSS:").unwrap_or(0);
    let cpu0 = proc_cpu(pid);
    let t0 = Instant::now();
    let writer = {
        let (addr, rate, seconds) = (addr.to_string(), cfg.rate, cfg.seconds);
        std::thread::spawn(move || run_writer(addr, book, rate, seconds))
    };
    let mut samples = vec![rss0];
    let mut next_sample = Instant::now() + Duration::from_secs(30);
    while !writer.is_finished() {
        if Instant::now() >= next_sample {
            samples.push(proc_status_kib(pid, "VmRSS:").unwrap_or(0));
            next_sample += Duration::from_secs(30);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let (book, w, tree) = writer.join().expect("writer");
    let cpu_share = (proc_cpu(pid) - cpu0).as_secs_f64() / t0.elapsed().as_secs_f64();
    print_writer(&w, cfg.rate);
    let t1 = Instant::now();
    let deadline = t1 + cfg.catch_up;
    let mut diff = Diff::default();
    let mut lag = None;
    while Instant::now() < deadline {
        diff = compare(&tree, &model.lock().unwrap().0);
        if diff.same() {
            lag = Some(t1.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    samples.push(proc_status_kib(pid, "VmRSS:").unwrap_or(0));
    unsafe { libc::kill(pid as libc::pid_t, libc::SIGINT) };
    let usage = bulk::wait_usage(child);
    let _ = reader.join();
    print_diff("the replayed events", &diff, lag, tree.len());
    println!(
        "  start (list + ADDED replay): {:.1} s; events: {}",
        replay.as_secs_f64(),
        model.lock().unwrap().1
    );
    println!(
        "  svcctl CPU during the churn: {:.1} % of one core; peak RSS (wait4) {:.0} MB",
        cpu_share * 100.0,
        usage.max_rss_kib as f64 / 1024.0
    );
    let mb: Vec<String> = samples
        .iter()
        .map(|k| format!("{:.0}", *k as f64 / 1024.0))
        .collect();
    let (first, last) = (samples[0].max(1), *samples.last().unwrap_or(&0));
    println!(
        "  RSS every 30 s (MB): {}; last/first {:.2} (flat: <= 1.10): {}",
        mb.join(" "),
        last as f64 / first as f64,
        verdict(last as f64 <= first as f64 * 1.10)
    );
    (book, lag.is_none())
}

/// Phase (b): the dashboard's reducer and renderer in this process.
fn tui_phase(cfg: &Config, addr: &str, book: Book) -> (Book, bool) {
    println!(
        "(b) in process: LiveRegistry -> TopState::reduce -> tui::view::draw at {}x{} (TestBackend), {:.0} changes/s for {:.0}s",
        FRAME.0, FRAME.1, cfg.rate, cfg.seconds
    );
    let rt = support::runtime();
    rt.block_on(async {
        let target = config::resolve(&Selection {
            registry: Some(addr.to_string()),
            context: None,
            root: None,
            config_path: Some(NO_CONFIG.into()),
            connect_timeout: Some(Duration::from_secs(10)),
            read_only: false,
            tls: Default::default(),
        })
        .expect("target");
        let theme = Theme { color: true };
        let t_start = Instant::now();
        let registry = Registry::connect(&target).await.expect("connect");
        let live = LiveRegistry::start(registry, Scope::All(Filter::default()), true)
            .await
            .expect("live view starts");
        let t_live = t_start.elapsed();
        let mut state = TopState::new(target.display(), false, now_ms());
        state.refresh = Duration::from_secs(1);
        // As tui::app::initial_state loads it.
        state.load(live.state().views_iter(), now_ms());
        let t_loaded = t_start.elapsed();
        state.page = view::table_page(FRAME.1);
        let mut terminal = Terminal::new(TestBackend::new(FRAME.0, FRAME.1)).unwrap();
        terminal
            .draw(|f| view::draw(f, &state, &theme))
            .expect("draw");
        let ttff = t_start.elapsed();
        let (tx, mut rx) = mpsc::channel::<Event>(4096);
        let feed = tokio::spawn(registry_feed(live, tx));

        let (done_tx, mut done_rx) = oneshot::channel::<Written>();
        let cpu0 = rusage(libc::RUSAGE_SELF);
        let t0 = Instant::now();
        let writer = {
            let (addr, rate, seconds) = (addr.to_string(), cfg.rate, cfg.seconds);
            std::thread::spawn(move || {
                let _ = done_tx.send(run_writer(addr, book, rate, seconds));
            })
        };
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut last_draw = Instant::now() - MIN_FRAME;
        let mut dirty = true;
        let (mut draws, mut reduces) = (Vec::new(), Vec::new());
        let mut finished: Option<Written> = None;
        let mut cpu = Duration::ZERO;
        let mut churn_wall = Duration::ZERO;
        let mut deadline = None;
        let mut last_check = Instant::now();
        let (mut diff, mut lag) = (Diff::default(), None);
        let mut events_seen = 0usize;
        loop {
            if dirty && last_draw.elapsed() >= MIN_FRAME {
                let d0 = Instant::now();
                terminal
                    .draw(|f| view::draw(f, &state, &theme))
                    .expect("draw");
                if finished.is_none() {
                    draws.push(d0.elapsed());
                }
                last_draw = Instant::now();
                dirty = false;
            }
            if let Some((_, w, tree)) = &finished {
                if last_check.elapsed() >= Duration::from_millis(500) {
                    last_check = Instant::now();
                    diff = compare(tree, &state_model(&state));
                    if diff.same() {
                        lag = Some(t0.elapsed().saturating_sub(w.elapsed));
                        break;
                    }
                }
                if deadline.is_some_and(|d| Instant::now() > d) {
                    break;
                }
            }
            let wait = MIN_FRAME.saturating_sub(last_draw.elapsed());
            let mut events = Vec::new();
            tokio::select! {
                ev = rx.recv() => match ev {
                    Some(ev) => events.push(ev),
                    None => panic!("the live registry feed ended"),
                },
                _ = tick.tick() => events.push(Event::Tick),
                _ = tokio::time::sleep(wait), if dirty => {}
                _ = tokio::time::sleep(Duration::from_millis(100)), if !dirty => {}
                r = &mut done_rx, if finished.is_none() => {
                    let own = rusage(libc::RUSAGE_SELF) - cpu0;
                    let (book, w, tree) = r.expect("the writer thread failed");
                    // The writer's thread time is not the dashboard's.
                    cpu = own.saturating_sub(w.cpu);
                    churn_wall = t0.elapsed();
                    deadline = Some(Instant::now() + cfg.catch_up);
                    finished = Some((book, w, tree));
                    last_check = Instant::now() - Duration::from_secs(1);
                }
            }
            while events.len() < 10_000 {
                match rx.try_recv() {
                    Ok(ev) => events.push(ev),
                    Err(_) => break,
                }
            }
            for ev in events {
                if matches!(ev, Event::Registry(RegistryUpdate::Changes(_))) {
                    events_seen += 1;
                }
                let r0 = Instant::now();
                state.reduce(ev, now_ms());
                if finished.is_none() {
                    reduces.push(r0.elapsed());
                }
                dirty = true;
            }
        }
        feed.abort();
        let (book, w, tree) = finished.expect("writer finished");
        print_writer(&w, cfg.rate);
        print_diff("the dashboard's state", &diff, lag, tree.len());
        println!(
            "  time to first frame (LiveRegistry::start to the first draw): {:.0} ms (tree read {:.0} ms, views + reduce {:.0} ms, first draw {:.0} ms)",
            ms(ttff),
            ms(t_live),
            ms(t_loaded - t_live),
            ms(ttff - t_loaded)
        );
        let frame_median = quantile(draws.clone(), 0.5);
        println!(
            "  services view frame {}x{}: {} frames during the churn, median {:.2} ms, p99 {:.2} ms, max {:.2} ms (target median < 10 ms): {}",
            FRAME.0,
            FRAME.1,
            draws.len(),
            ms(frame_median),
            ms(quantile(draws.clone(), 0.99)),
            ms(draws.iter().max().copied().unwrap_or_default()),
            verdict(frame_median < Duration::from_millis(10))
        );
        let reduce_total: Duration = reduces.iter().sum();
        println!(
            "  reduce: {} events ({} registry change batches), median {:.3} ms, p99 {:.3} ms, {:.1} s in total",
            reduces.len(),
            events_seen,
            ms(quantile(reduces.clone(), 0.5)),
            ms(quantile(reduces.clone(), 0.99)),
            reduce_total.as_secs_f64()
        );
        let share = cpu.as_secs_f64() / churn_wall.as_secs_f64();
        println!(
            "  dashboard CPU during the churn (this process minus the writer thread): {:.1} % of one core (target < 25 %): {}",
            share * 100.0,
            verdict(share < 0.25)
        );
        // The other view: one service's providers.
        if let Some(key) = state.data.services.keys().next().cloned() {
            state.focus(key);
            let mut pv = Vec::new();
            for _ in 0..50 {
                let d0 = Instant::now();
                terminal
                    .draw(|f| view::draw(f, &state, &theme))
                    .expect("draw");
                pv.push(d0.elapsed());
            }
            println!(
                "  providers view frame {}x{}: median {:.2} ms, p99 {:.2} ms",
                FRAME.0,
                FRAME.1,
                ms(quantile(pv.clone(), 0.5)),
                ms(quantile(pv, 0.99))
            );
        }
        writer.join().expect("writer thread");
        (book, lag.is_some())
    })
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

// ---------------------------------------------------------------------------------------------
// (s) The snapshot alone, in memory.

/// The seeded tree as `top` holds it after 10 s of churn at 500 changes/s, without ZooKeeper:
/// the same node names (so the same URLs), one provider in twenty with an override rule,
/// then ~2,000 providers gone (tombstones) and ~2,000 new ones.
fn snapshot_state(services: usize, now: i64) -> TopState {
    use svcctl::registry::diff::{Change, ChangeKind};
    use svcctl::registry::model::{services_of, Category, InterfaceNode, Node, NodeStat};

    let stat = Some(NodeStat {
        ephemeral_owner: 0,
        ctime_ms: now - 3_600_000,
        mtime_ms: now - 3_600_000,
        version: 0,
    });
    let node = |url: &str| Node::new(form_encode(url), stat);
    let mut rng = SmallRng::seed_from_u64(11);
    let (interfaces, _) = seeded_interfaces(services, stat, &mut rng);
    let views: Vec<_> = interfaces
        .iter()
        .flat_map(|i| services_of(i, "/dubbo", &mut Vec::new()))
        .collect();
    let mut state = TopState::new("zookeeper://127.0.0.1:2181/dubbo".into(), false, now);
    let churn = (services * PROVIDERS / 50).max(1);
    let mut changes = Vec::with_capacity(2 * churn);
    for i in 0..churn {
        let v = &views[rng.gen_range(0..views.len())];
        let gone = v.providers[i % v.providers.len()].clone();
        changes.push(Change::Provider {
            kind: ChangeKind::Removed,
            service: v.key.clone(),
            provider: Box::new(gone),
            changed: vec![],
        });
        let s = rng.gen_range(0..services);
        let host = format!("127.{}.{}.{}", 201 + i / 65536 % 50, i / 256 % 256, i % 256);
        let url = bulk::provider_url(s, &host, 20880, 5000 + i);
        let view = services_of(
            &InterfaceNode {
                name: bulk::interface(s),
                nodes: [(Category::Providers, vec![node(&url)])].into(),
                ..Default::default()
            },
            "/dubbo",
            &mut Vec::new(),
        )
        .remove(0);
        changes.push(Change::Provider {
            kind: ChangeKind::Added,
            service: view.key,
            provider: Box::new(view.providers.into_iter().next().expect("one provider")),
            changed: vec![],
        });
    }
    state.load(views, now - 10_000);
    state.reduce(
        Event::Registry(RegistryUpdate::Changes(changes)),
        now - 5_000,
    );
    state
}

/// Counts what is written, like a pipe whose reader keeps up.
struct Counting(usize);

impl std::io::Write for Counting {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One interval of `top -b -o jsonl`, minus stdout: the tick, then the snapshot as
/// `tui::batch` writes it (`Out::json_line_with`). Returns the bytes written.
#[inline(never)]
fn snapshot_interval(state: &mut TopState, now: i64) -> usize {
    state.reduce(Event::Tick, now);
    let mut w = Counting(0);
    svcctl::output::top::write_jsonl(state, &mut w).expect("encode");
    std::io::Write::write_all(&mut w, b"\n").expect("write");
    w.0
}

/// `-o json`'s snapshot (indented, through serde and the terminal-safe formatter), as
/// `Out::json_as` writes it.
#[inline(never)]
fn snapshot_pretty(state: &TopState) -> usize {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, Counting(0));
    svcctl::output::json::write_into(&svcctl::output::top::snapshot(state), true, &mut w)
        .expect("encode");
    w.into_inner().map_err(|_| "flush").expect("flush").0
}

fn snapshot_phase(cfg: &Config) {
    let now = now_ms();
    let t = Instant::now();
    let mut state = snapshot_state(cfg.services, now);
    let providers: usize = state
        .data
        .services
        .values()
        .map(|e| e.providers.len())
        .sum();
    println!(
        "\n(s) snapshot in memory: {providers} providers (tombstones included), built in {:.1}s",
        t.elapsed().as_secs_f64()
    );
    let mut times = Vec::with_capacity(cfg.snapshots);
    let mut bytes = 0;
    for i in 0..cfg.snapshots {
        let t = Instant::now();
        bytes = snapshot_interval(&mut state, now + i as i64);
        times.push(t.elapsed());
    }
    let best = *times.iter().min().expect("one snapshot at least");
    let per = |d: Duration| d.as_nanos() as f64 / providers as f64;
    println!(
        "    tick + snapshot: best {:.0} ns/provider, median {:.0} ns/provider ({} runs), {:.1} ms each; {:.0} bytes/provider ({:.1} MB)",
        per(best),
        per(median(times.clone())),
        times.len(),
        ms(best),
        bytes as f64 / providers as f64,
        bytes as f64 / 1e6
    );
    let t = Instant::now();
    let bytes = snapshot_pretty(&state);
    println!(
        "    -o json (indented) snapshot: {:.0} ns/provider, {:.0} bytes/provider",
        per(t.elapsed()),
        bytes as f64 / providers as f64
    );
}

// ---------------------------------------------------------------------------------------------
// (m) The soak in memory.

/// The system allocator, counting the bytes and blocks in use: what the program holds,
/// whatever the allocator does with what it was given back.
struct CountingAlloc;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);
static LIVE_BLOCKS: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed to `System` unchanged; only the counters are added.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            LIVE_BYTES.fetch_add(l.size() as isize, Relaxed);
            LIVE_BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(l);
        if !p.is_null() {
            LIVE_BYTES.fetch_add(l.size() as isize, Relaxed);
            LIVE_BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE_BYTES.fetch_sub(l.size() as isize, Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            LIVE_BYTES.fetch_add(new as isize - l.size() as isize, Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// What the process holds at one moment of the in-memory soak.
#[derive(Clone, Copy)]
struct Heap {
    /// Bytes in use as the program asked for them, and the blocks they are in.
    bytes: f64,
    blocks: f64,
    /// glibc's in-use bytes (with its per-block overhead) and its free bytes inside the heap.
    glibc: f64,
    free: f64,
    /// The resident set, from /proc.
    rss: f64,
}

fn heap_now() -> Heap {
    // SAFETY: mallinfo2 only reads the allocator's statistics.
    let mi = unsafe { libc::mallinfo2() };
    Heap {
        bytes: LIVE_BYTES.load(Relaxed) as f64,
        blocks: LIVE_BLOCKS.load(Relaxed) as f64,
        glibc: (mi.uordblks + mi.hblkhd) as f64,
        free: mi.fordblks as f64,
        rss: proc_status_kib(std::process::id(), "VmRSS:").unwrap_or(0) as f64 * 1024.0,
    }
}

/// The seeded tree as ZooKeeper holds it before a phase: the interfaces with their providers,
/// consumers and one override rule per twenty providers; also the rules made, by provider.
fn seeded_interfaces(
    services: usize,
    stat: Option<svcctl::registry::model::NodeStat>,
    rng: &mut SmallRng,
) -> (
    Vec<svcctl::registry::model::InterfaceNode>,
    HashMap<(usize, String), String>,
) {
    use svcctl::registry::model::{Category, InterfaceNode, Node};
    let node = |url: &str| Node::new(form_encode(url), stat);
    let mut interfaces = Vec::with_capacity(services);
    let mut rules = HashMap::new();
    for s in 0..services {
        let iface = bulk::interface(s);
        let mut inode = InterfaceNode {
            name: iface.clone(),
            ..Default::default()
        };
        let hosts: Vec<String> = (0..PROVIDERS).map(|p| bulk::seeded_host(s, p)).collect();
        inode.nodes.insert(
            Category::Providers,
            hosts
                .iter()
                .enumerate()
                .map(|(p, h)| node(&bulk::provider_url(s, h, 20880, 1000 + p)))
                .collect(),
        );
        inode.nodes.insert(
            Category::Consumers,
            (0..CONSUMERS)
                .map(|c| node(&bulk::consumer_url(s, c)))
                .collect(),
        );
        let mut made = Vec::new();
        for host in &hosts {
            if !rng.gen_ratio(1, 20) {
                continue;
            }
            let addr = format!("{host}:20880");
            let name = sim_rule_name(s, &addr, rng);
            made.push(Node::new(name.clone(), stat));
            rules.insert((s, addr), name);
        }
        inode.nodes.insert(Category::Configurators, made);
        interfaces.push(inode);
    }
    (interfaces, rules)
}

/// A rule node's name (form-encoded), as the writer makes it: disable or a weight.
fn sim_rule_name(s: usize, addr: &str, rng: &mut SmallRng) -> String {
    let kind = if rng.gen_bool(0.5) {
        RuleKind::Disable
    } else {
        RuleKind::Weight
    };
    let path = rule_path(s, addr, kind, rng);
    path.rsplit('/').next().expect("a node name").to_string()
}

fn memory_phase(cfg: &Config) {
    use svcctl::registry::config_center::ConfigCenterIndex;
    use svcctl::registry::live::{LiveState, NodeChange};
    use svcctl::registry::model::{Category, Node, NodeStat};

    let t0 = now_ms();
    let seeded_stat = NodeStat {
        ephemeral_owner: 0,
        ctime_ms: t0 - 3_600_000,
        mtime_ms: t0 - 3_600_000,
        version: 0,
    };
    let stat = Some(seeded_stat);
    let mut rng = SmallRng::seed_from_u64(13);
    let (interfaces, mut rules) = seeded_interfaces(cfg.services, stat, &mut rng);
    // Providers that exist: (service, address, node name).
    let mut alive: Vec<(usize, String, String)> = interfaces
        .iter()
        .enumerate()
        .flat_map(|(s, i)| {
            i.nodes[&Category::Providers].iter().map(move |n| {
                let addr = n.url.as_ref().expect("seeded URL").address();
                (s, addr, n.name.clone())
            })
        })
        .collect();
    let mut rule_keys: Vec<(usize, String)> = rules.keys().cloned().collect();
    let rule_cap = rules.len().max(4);
    let names: Vec<String> = interfaces.iter().map(|i| i.name.clone()).collect();
    let mut live = LiveState::new(
        "/dubbo",
        Scope::All(Filter::new(None, None, None)),
        interfaces,
        ConfigCenterIndex::default(),
        Vec::new(),
    );
    let mut top = TopState::new("zookeeper://127.0.0.1:2181/dubbo".into(), false, t0);
    top.load(live.views_iter(), t0);
    let at_start = heap_now();
    println!(
        "\n(m) memory in process, no ZooKeeper: {} providers, {} rules, {} changes/s for {} simulated s",
        alive.len(),
        rules.len(),
        cfg.rate,
        cfg.sim_seconds
    );
    println!(
        "    at start: {:.1} MB in use ({:.0} blocks), glibc in use {:.1} MB, free in heap {:.1} MB, RSS {:.1} MB",
        at_start.bytes / 1e6,
        at_start.blocks,
        at_start.glibc / 1e6,
        at_start.free / 1e6,
        at_start.rss / 1e6
    );
    let wall = Instant::now();
    let mut created = 0usize;
    let mut applied = 0usize;
    let mut series = Vec::new();
    let per_step = cfg.rate / 100.0;
    let mut owed = 0.0;
    for step in 0..cfg.sim_seconds * 100 {
        let now = t0 + 10 * step as i64;
        owed += per_step;
        let mut changes = Vec::new();
        while owed >= 1.0 {
            owed -= 1.0;
            let roll = rng.gen_range(0..10);
            let mut ops: Vec<(usize, Category, NodeChange)> = Vec::new();
            if roll >= 8 {
                // As the writer: at the cap a rule goes; otherwise a random provider's rule is
                // toggled (deleted if it has one, made if not).
                let key = if rules.len() >= rule_cap {
                    rule_keys[rng.gen_range(0..rule_keys.len())].clone()
                } else {
                    let (s, addr, _) = &alive[rng.gen_range(0..alive.len())];
                    (*s, addr.clone())
                };
                if let Some(name) = rules.remove(&key) {
                    let i = rule_keys.iter().position(|k| *k == key).expect("indexed");
                    rule_keys.swap_remove(i);
                    ops.push((key.0, Category::Configurators, NodeChange::Deleted(name)));
                } else {
                    let name = sim_rule_name(key.0, &key.1, &mut rng);
                    let node = Node::new(name.clone(), stat);
                    ops.push((key.0, Category::Configurators, NodeChange::Created(node)));
                    rules.insert(key.clone(), name);
                    rule_keys.push(key);
                }
            } else if (4..8).contains(&roll) && !alive.is_empty() {
                let (s, addr, name) = alive.swap_remove(rng.gen_range(0..alive.len()));
                let key = (s, addr);
                if let Some(rule) = rules.remove(&key) {
                    let i = rule_keys.iter().position(|k| *k == key).expect("indexed");
                    rule_keys.swap_remove(i);
                    ops.push((s, Category::Configurators, NodeChange::Deleted(rule)));
                }
                ops.push((s, Category::Providers, NodeChange::Deleted(name)));
            } else {
                let s = rng.gen_range(0..cfg.services);
                let c = created;
                created += 1;
                let host = format!("127.251.{}.{}", (c / 250) % 250, c % 250 + 1);
                let port = 20881 + (c / 62_500) as u16;
                let name = form_encode(&bulk::provider_url(s, &host, port, c));
                let node = Node::new(
                    name.clone(),
                    Some(NodeStat {
                        ctime_ms: now,
                        mtime_ms: now,
                        ..seeded_stat
                    }),
                );
                ops.push((s, Category::Providers, NodeChange::Created(node)));
                alive.push((s, format!("{host}:{port}"), name));
            }
            for (s, category, change) in ops {
                applied += 1;
                changes.extend(live.apply(&names[s], category, change));
            }
        }
        if !changes.is_empty() {
            top.reduce(Event::Registry(RegistryUpdate::Changes(changes)), now);
        }
        if step % 100 == 99 {
            top.reduce(Event::Tick, now);
            if step % 500 == 499 {
                let mut w = Counting(0);
                svcctl::output::top::write_jsonl(&top, &mut w).expect("encode");
            }
        }
        if step % 6000 == 5999 || step + 1 == cfg.sim_seconds * 100 {
            series.push(((step + 1) / 100, heap_now()));
        }
    }
    let shown: usize = top.data.services.values().map(|e| e.providers.len()).sum();
    println!(
        "    {applied} node changes in {:.1} s of wall time; {} providers alive, {shown} rows shown (tombstones included), {} rules",
        wall.elapsed().as_secs_f64(),
        alive.len(),
        rules.len()
    );
    println!("    simulated s   in use MB   blocks     glibc in use MB   free in heap MB   RSS MB");
    for (t, h) in &series {
        println!(
            "    {t:>11}   {:>9.1}   {:>8.0}   {:>15.1}   {:>15.1}   {:>6.1}",
            h.bytes / 1e6,
            h.blocks,
            h.glibc / 1e6,
            h.free / 1e6,
            h.rss / 1e6
        );
    }
    if let Some((_, last)) = series.last() {
        let first = series.first().map(|(_, f)| *f).unwrap_or(at_start);
        println!(
            "    in use, last/start {:.3}, last/first sample {:.3}; RSS last/start {:.3}, last/first sample {:.3}",
            last.bytes / at_start.bytes,
            last.bytes / first.bytes,
            last.rss / at_start.rss,
            last.rss / first.rss
        );
    }
    let before = LIVE_BYTES.load(Relaxed);
    drop(top);
    let after_top = LIVE_BYTES.load(Relaxed);
    drop(live);
    let after_live = LIVE_BYTES.load(Relaxed);
    println!(
        "    held at the end: the dashboard state {:.1} MB, the live view {:.1} MB, the rest (this bench's book) {:.1} MB",
        (before - after_top) as f64 / 1e6,
        (after_top - after_live) as f64 / 1e6,
        after_live as f64 / 1e6
    );
}

fn main() {
    let cfg = config();
    if cfg.snapshot {
        snapshot_phase(&cfg);
    }
    if cfg.memory {
        memory_phase(&cfg);
    }
    if !(cfg.batch || cfg.watch || cfg.tui) {
        return;
    }
    let zk = ZkServer::start_with_heap(&cfg.zk_heap);
    let addr = zk.address();
    let t = Instant::now();
    support::runtime().block_on(async {
        build_registry(&zk.client().await, cfg.services, PROVIDERS, CONSUMERS).await
    });
    println!(
        "registry: {} services x {PROVIDERS} providers + {CONSUMERS} consumers, built in {:.1}s",
        cfg.services,
        t.elapsed().as_secs_f64()
    );
    let mut book = Book::seeded(cfg.services);
    support::runtime().block_on(fill_rules(&addr, &mut book));
    println!(
        "override rules: {} (kept near that: the tree stays the same size through the phases)",
        book.rule_count()
    );
    let svcctl = env!("CARGO_BIN_EXE_svcctl");
    let mut ls = Vec::new();
    for _ in 0..3 {
        let (d, u) = measure(
            Command::new(svcctl)
                .args(["--registry", &addr, "ls"])
                .env("SVCCTL_CONFIG", NO_CONFIG),
        );
        assert!(u.ok, "svcctl ls failed");
        ls.push(d);
    }
    let ls = median(ls);
    let mut ok = true;
    if cfg.batch {
        // A before/after in one run: each baseline binary (or a script exec'ing one, e.g. with
        // MALLOC_ARENA_MAX set) gets its own churn window on the same tree, then this build.
        for b in &cfg.baselines {
            let (next, r) = batch_phase(&cfg, &addr, book, ls, Some(b));
            book = next;
            ok &= !r.lost;
        }
        let (b, r) = batch_phase(&cfg, &addr, book, ls, None);
        book = b;
        ok &= !r.lost;
    }
    if cfg.watch {
        for b in &cfg.baselines {
            let (next, lost) = watch_phase(&cfg, &addr, book, Some(b));
            book = next;
            ok &= !lost;
        }
        let (b, lost) = watch_phase(&cfg, &addr, book, None);
        book = b;
        ok &= !lost;
    }
    if cfg.tui {
        let (b, caught_up) = tui_phase(&cfg, &addr, book);
        book = b;
        ok &= caught_up;
    }
    drop(book);
    if !ok {
        // A lost change is a bug, not a slow number: fail the run (and CI's smoke pass).
        eprintln!("top bench: a change was lost (see above)");
        std::process::exit(1);
    }
}
