//! Registry mutations against a real ZooKeeper: one test per safety rail, the round trips through
//! `svcctl show`, and the exact nodes compared with what dubbo-admin writes. Each test seeds its
//! own `--root`, so they share one server and run in parallel.

mod support;

use std::collections::BTreeMap;

use support::seed::{self, form_encode};
use support::{svcctl, Run, ZkServer};
use zookeeper_client as zk;

const IFACE: &str = "com.example.DemoService";

/// Two live (ephemeral) providers, one static (persistent, dynamic=false) provider, and a
/// separate service with a single live provider for the last-provider rail.
const FIXTURE: &str = "
ephemeral dubbo://10.0.0.1:20880/com.example.DemoService?anyhost=true&application=demo&dubbo=2.0.2&dynamic=true&interface=com.example.DemoService&methods=hello,bye&pid=101&release=2.7.23&side=provider&timestamp=1764000000000&version=1.0.0
ephemeral dubbo://10.0.0.2:20880/com.example.DemoService?anyhost=true&application=demo&dubbo=2.0.2&dynamic=true&interface=com.example.DemoService&methods=hello,bye&pid=102&release=2.7.23&side=provider&timestamp=1764000000001&version=1.0.0&weight=200
persistent dubbo://10.0.0.3:20880/com.example.DemoService?application=demo&dubbo=2.0.2&dynamic=false&interface=com.example.DemoService&methods=hello,bye&release=2.7.23&side=provider&timestamp=1764000000002&version=1.0.0
ephemeral dubbo://10.0.0.9:20880/com.example.LonelyService?application=lonely&dubbo=2.0.2&interface=com.example.LonelyService&methods=ping&pid=109&side=provider&timestamp=1764000000003
";

/// A seeded root. Holds the ZooKeeper session that owns the ephemeral providers; a
/// multi-threaded runtime keeps that session alive (pinging) while svcctl runs.
struct Env {
    root: String,
    rt: tokio::runtime::Runtime,
    client: zk::Client,
}

fn setup(name: &str) -> Env {
    let server = ZkServer::shared();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let client = rt.block_on(server.client());
    let root = format!("/mut-{name}");
    let entries = seed::parse(FIXTURE);
    rt.block_on(seed::seed(
        &client,
        &root,
        &entries,
        &support::project_dir().join("fixtures"),
    ));
    Env { root, rt, client }
}

/// One node of a dump: data and the stat fields that any write would change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snap {
    data: Vec<u8>,
    czxid: i64,
    mzxid: i64,
    version: i32,
    cversion: i32,
    ephemeral_owner: i64,
}

impl Env {
    fn run(&self, args: &[&str]) -> Run {
        let server = ZkServer::shared();
        let mut full = vec![
            "--registry",
            server.address().leak(),
            "--root",
            self.root.as_str(),
        ];
        full.extend_from_slice(args);
        svcctl(&full)
    }

    fn path(&self, category: &str) -> String {
        format!("{}/{IFACE}/{category}", self.root)
    }

    /// Every node under the root with its data and stat, read back from ZooKeeper.
    fn dump(&self) -> BTreeMap<String, Snap> {
        self.rt.block_on(async {
            let mut out = BTreeMap::new();
            let mut stack = vec![self.root.clone()];
            while let Some(p) = stack.pop() {
                let (data, st) = self.client.get_data(&p).await.unwrap();
                out.insert(
                    p.clone(),
                    Snap {
                        data,
                        czxid: st.czxid,
                        mzxid: st.mzxid,
                        version: st.version,
                        cversion: st.cversion,
                        ephemeral_owner: st.ephemeral_owner,
                    },
                );
                for c in self.client.list_children(&p).await.unwrap() {
                    stack.push(format!("{p}/{c}"));
                }
            }
            out
        })
    }

    fn children(&self, category: &str) -> Vec<String> {
        let mut c = self
            .rt
            .block_on(self.client.list_children(&self.path(category)))
            .unwrap_or_default();
        c.sort();
        c
    }

    fn decoded_children(&self, category: &str) -> Vec<String> {
        self.children(category)
            .iter()
            .map(|n| svcctl::registry::url::percent_decode(n, true).unwrap())
            .collect()
    }

    /// `svcctl show -o json` → address → (enabled, weight, registration).
    fn show(&self) -> BTreeMap<String, (bool, i64, String)> {
        support::shown_providers(&self.run(&["show", IFACE, "--version", "1.0.0", "-o", "json"]))
    }
}

fn ok(r: &Run) {
    assert_eq!(
        r.code, 0,
        "expected success\nstdout:\n{}\nstderr:\n{}",
        r.stdout, r.stderr
    );
}

#[test]
fn dry_run_leaves_the_tree_byte_for_byte_unchanged() {
    let env = setup("dry-run");
    let before = env.dump();
    let runs = [
        env.run(&[
            "disable",
            "DemoService",
            "--provider",
            "10.0.0.1:20880",
            "--dry-run",
        ]),
        env.run(&[
            "disable",
            "DemoService",
            "--provider",
            "10.0.0.3:20880",
            "--dry-run",
        ]),
        env.run(&[
            "weight",
            "DemoService",
            "x2",
            "--host",
            "10.0.0.2",
            "--dry-run",
        ]),
        env.run(&[
            "static",
            "DemoService",
            "--provider",
            "10.0.0.1:20880",
            "--dry-run",
        ]),
        env.run(&[
            "register",
            "--static",
            "DemoService",
            "--address",
            "10.0.0.7:20880",
            "--dry-run",
        ]),
        env.run(&[
            "unregister",
            "DemoService",
            "--address",
            "10.0.0.3:20880",
            "--dry-run",
        ]),
    ];
    for r in &runs {
        ok(r);
        assert!(
            r.stdout.contains("(dry run)"),
            "no (dry run) marker:\n{}",
            r.stdout
        );
        assert!(
            !r.stdout.contains("undo:"),
            "a dry run has nothing to undo:\n{}",
            r.stdout
        );
    }
    assert!(runs[0]
        .stdout
        .contains("provider 10.0.0.1:20880 disabled (dry run)"));
    let json = env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--dry-run",
        "-o",
        "json",
    ]);
    ok(&json);
    let doc = json.json();
    assert_eq!(doc["result"], "dry_run");
    assert_eq!(doc["plan"]["action"], "disable");
    assert_eq!(doc["plan"]["ops"][0]["op"], "create");
    assert_eq!(env.dump(), before, "a dry run wrote to ZooKeeper");
}

#[test]
fn without_a_terminal_yes_is_required() {
    let env = setup("no-tty");
    let before = env.dump();
    let r = env.run(&["disable", "DemoService", "--provider", "10.0.0.1:20880"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--yes required when not running interactively"),
        "{}",
        r.stderr
    );
    assert!(
        r.elapsed.as_secs() < 10,
        "must fail fast, never wait for input"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn read_only_flag_and_context_refuse() {
    let env = setup("read-only");
    let before = env.dump();
    let r = env.run(&[
        "--read-only",
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("--read-only is set"), "{}", r.stderr);

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let server = ZkServer::shared();
    std::fs::write(
        &config,
        format!(
            "[contexts.prod]\nregistry = \"zookeeper://{}\"\nroot = \"{}\"\nread_only = true\n",
            server.address(),
            env.root
        ),
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let r = svcctl(&[
        "--config",
        cfg,
        "--context",
        "prod",
        "weight",
        "DemoService",
        "300",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(
        r.stderr.contains("context prod is read-only"),
        "{}",
        r.stderr
    );
    // A dry run is a read: allowed, with a warning.
    let r = svcctl(&[
        "--config",
        cfg,
        "--context",
        "prod",
        "weight",
        "DemoService",
        "300",
        "--provider",
        "10.0.0.1:20880",
        "--dry-run",
    ]);
    ok(&r);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert_eq!(env.dump(), before);
}

#[test]
fn last_enabled_provider_is_refused_unless_forced() {
    let env = setup("last");
    let before = env.dump();
    let r = env.run(&[
        "disable",
        "LonelyService",
        "--provider",
        "10.0.0.9",
        "--yes",
    ]);
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("last enabled provider"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(env.dump(), before);

    let r = env.run(&[
        "disable",
        "LonelyService",
        "--provider",
        "10.0.0.9",
        "--yes",
        "--force",
    ]);
    ok(&r);
    assert!(r.stderr.contains("warning"), "{}", r.stderr);
    let show = env.run(&["show", "LonelyService", "-o", "json"]);
    assert_eq!(show.json()["providers"][0]["enabled"], false);
    // The undo of an enable that revives the service must pass the rail too.
    let r = env.run(&["enable", "LonelyService", "--provider", "10.0.0.9", "--yes"]);
    ok(&r);
    assert!(
        r.stdout.contains(
            "undo: svcctl disable com.example.LonelyService --provider 10.0.0.9:20880 --force"
        ),
        "{}",
        r.stdout
    );

    // Disabling all providers of a service at once trips it as well.
    let r = env.run(&["disable", "DemoService", "--app", "demo", "--yes"]);
    assert_eq!(r.code, 9, "{}", r.stderr);
}

#[test]
fn second_run_is_unchanged() {
    let env = setup("idempotent");
    let r = env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(
        r.stdout.contains("provider 10.0.0.1:20880 disabled"),
        "{}",
        r.stdout
    );
    let after_first = env.dump();
    let r = env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(
        r.stdout.contains("already disabled: unchanged"),
        "{}",
        r.stdout
    );
    let r = env.run(&[
        "weight",
        "DemoService",
        "200",
        "--provider",
        "10.0.0.2:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(
        r.stdout.contains("weight already 200: unchanged"),
        "{}",
        r.stdout
    );
    assert_eq!(env.dump(), after_first);
}

#[test]
fn disable_enable_and_weight_show_up_in_show() {
    let env = setup("show");
    let r = env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(
        r.stdout.contains(&format!(
            "undo: svcctl enable com.example.DemoService:1.0.0 --provider 10.0.0.1:20880 --registry zookeeper://{} --root {}",
            ZkServer::shared().address(),
            env.root
        )),
        "{}",
        r.stdout
    );
    let table = env.run(&["show", IFACE, "--version", "1.0.0"]);
    let line = table
        .stdout
        .lines()
        .find(|l| l.starts_with("10.0.0.1:20880"))
        .unwrap();
    assert!(line.contains("DISABLED"), "{line}");
    assert!(!env.show()["10.0.0.1:20880"].0);

    ok(&env.run(&[
        "enable",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]));
    assert!(env.show()["10.0.0.1:20880"].0);
    assert!(
        env.children("configurators").is_empty(),
        "enable removes the disable rule"
    );

    // Static provider: its own node is rewritten with enabled=false, then without it.
    ok(&env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.3:20880",
        "--yes",
    ]));
    let s = env.show();
    assert_eq!(s["10.0.0.3:20880"], (false, 100, "static".to_string()));
    assert!(env
        .decoded_children("providers")
        .iter()
        .any(|u| u.starts_with("dubbo://10.0.0.3:20880/") && u.contains("enabled=false")));
    ok(&env.run(&[
        "enable",
        "DemoService",
        "--provider",
        "10.0.0.3:20880",
        "--yes",
    ]));
    assert_eq!(
        env.show()["10.0.0.3:20880"],
        (true, 100, "static".to_string())
    );
    assert!(!env
        .decoded_children("providers")
        .iter()
        .any(|u| u.contains("enabled=")));

    let r = env.run(&[
        "weight",
        "DemoService",
        "x2",
        "--provider",
        "10.0.0.2:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(r.stdout.contains("weight 200 -> 400"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "undo: svcctl weight com.example.DemoService:1.0.0 200 --provider 10.0.0.2:20880"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(env.show()["10.0.0.2:20880"].1, 400);
    ok(&env.run(&[
        "weight",
        "DemoService",
        "-50",
        "--provider",
        "10.0.0.2:20880",
        "--yes",
    ]));
    assert_eq!(env.show()["10.0.0.2:20880"].1, 350);
    // Back to its registered weight: the override goes away.
    ok(&env.run(&[
        "weight",
        "DemoService",
        "200",
        "--provider",
        "10.0.0.2:20880",
        "--yes",
    ]));
    assert_eq!(env.show()["10.0.0.2:20880"].1, 200);
    assert!(
        env.children("configurators").is_empty(),
        "{:?}",
        env.decoded_children("configurators")
    );

    let r = env.run(&[
        "weight",
        "DemoService",
        "/1000",
        "--provider",
        "10.0.0.2:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("svcctl disable"), "{}", r.stderr);
}

/// What dubbo-admin writes for the same actions, from its source (apache/dubbo-admin, commit
/// c99b040d, the 2.6 console): `dubbo-admin/src/main/java/com/alibaba/dubbo/governance/service/impl/ProviderServiceImpl.java`
/// `disableProvider` saves an Override with `params = "disabled=true"`, `enabled = true`, the
/// provider's address and service key; `setWeight` saves one with `params = "weight=N"`.
/// `dubbo-admin/src/main/java/com/alibaba/dubbo/registry/common/domain/Override.java#toUrl` adds
/// `category=configurators`, `enabled`, `dynamic=false`, and the group/version split from the
/// service key; Dubbo's ZookeeperRegistry names the node `URL.encode(url.toFullString())`, with
/// the parameters in sorted order. The newer console (0.x, `OverrideServiceImpl#registerWeight`
/// via `WeightToOverrideAdapter`) registers the same weight URL for 2.6 consumers.
#[test]
fn nodes_match_what_dubbo_admin_writes() {
    let env = setup("admin");
    ok(&env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]));
    let admin_disable = "override://10.0.0.1:20880/com.example.DemoService?category=configurators&disabled=true&dynamic=false&enabled=true&version=1.0.0";
    assert_eq!(
        env.children("configurators"),
        vec![form_encode(admin_disable)]
    );
    // Persistent, as Dubbo creates dynamic=false URLs.
    let node = format!(
        "{}/{}",
        env.path("configurators"),
        form_encode(admin_disable)
    );
    let st = env
        .rt
        .block_on(env.client.check_stat(&node))
        .unwrap()
        .unwrap();
    assert_eq!(st.ephemeral_owner, 0);

    ok(&env.run(&[
        "enable",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]));
    ok(&env.run(&[
        "weight",
        "DemoService",
        "300",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]));
    let admin_weight = "override://10.0.0.1:20880/com.example.DemoService?category=configurators&dynamic=false&enabled=true&version=1.0.0&weight=300";
    assert_eq!(
        env.decoded_children("configurators"),
        vec![admin_weight.to_string()]
    );
}

#[test]
fn enable_writes_disabled_false_only_against_a_broader_rule() {
    let env = setup("broader");
    // An operator disabled the whole service with a 0.0.0.0 rule.
    let broad = "override://0.0.0.0/com.example.DemoService?category=configurators&disabled=true&dynamic=false&enabled=true&version=1.0.0";
    env.rt.block_on(seed::create(
        &env.client,
        &format!("{}/{}", env.path("configurators"), form_encode(broad)),
        b"",
        false,
    ));
    let r = env.run(&[
        "enable",
        "DemoService",
        "--provider",
        "10.0.0.2:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(
        r.stderr.contains("still disabled by override://0.0.0.0"),
        "{}",
        r.stderr
    );
    let mut expected = vec![
        broad.to_string(),
        "override://10.0.0.2:20880/com.example.DemoService?category=configurators&disabled=false&dynamic=false&enabled=true&version=1.0.0".to_string(),
    ];
    expected.sort();
    assert_eq!(env.decoded_children("configurators"), expected);
    let s = env.show();
    assert!(s["10.0.0.2:20880"].0);
    assert!(
        !s["10.0.0.1:20880"].0,
        "the broader rule still applies to the others"
    );
    // Disabling again replaces the disabled=false rule instead of stacking a contradicting one,
    // and writes an explicit per-address rule: "disable X" holds even if the broad rule goes.
    ok(&env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.2:20880",
        "--yes",
        "--force",
    ]));
    assert_eq!(
        env.decoded_children("configurators"),
        vec![
            broad.to_string(),
            "override://10.0.0.2:20880/com.example.DemoService?category=configurators&disabled=true&dynamic=false&enabled=true&version=1.0.0".to_string(),
        ]
    );
}

#[test]
fn a_concurrent_change_is_a_conflict_and_nothing_is_half_written() {
    use svcctl::registry::{apply, plan};
    let env = setup("conflict");
    let server = ZkServer::shared();
    let target = svcctl::config::resolve(&svcctl::config::Selection {
        registry: Some(server.address()),
        root: Some(env.root.clone()),
        config_path: Some("/nonexistent/svcctl.toml".into()),
        ..Default::default()
    })
    .unwrap();
    env.rt.block_on(async {
        let registry = svcctl::registry::zk::Registry::connect(&target).await.unwrap();
        let sel = plan::Selector { providers: vec!["10.0.0.3:20880".into()], ..Default::default() };

        // 1. Someone adds a rule after the read: the children guard catches it.
        let tree = apply::read_tree(&registry, IFACE).await.unwrap();
        let view = tree.views().into_iter().find(|v| v.key.version.as_deref() == Some("1.0.0")).unwrap();
        let chosen = plan::select(&view, &sel).unwrap();
        let stale = plan::disable(&tree, &view, &chosen, false).unwrap();
        let rule = "override://0.0.0.0/com.example.DemoService?category=configurators&dynamic=false&enabled=true&timeout=900&version=1.0.0";
        seed::create(&env.client, &format!("{}/{}", env.path("configurators"), form_encode(rule)), b"", false).await;
        let before = env_dump(&env.client, &env.root).await;
        let e = apply::apply(&registry, &stale).await.unwrap_err();
        assert_eq!(e.exit_code(), svcctl::exit::CONFLICT, "{e}");
        assert!(e.to_string().contains("nothing was written"), "{e}");
        assert!(e.hint().unwrap().contains("re-run"));
        assert_eq!(env_dump(&env.client, &env.root).await, before);

        // 2. Someone modifies the static node the plan rewrites (its data version changes, the
        // children do not): the multi-op's version check fails and its create is rolled back.
        let tree = apply::read_tree(&registry, IFACE).await.unwrap();
        let view = tree.views().into_iter().find(|v| v.key.version.as_deref() == Some("1.0.0")).unwrap();
        let chosen = plan::select(&view, &sel).unwrap();
        let stale = plan::disable(&tree, &view, &chosen, false).unwrap();
        assert_eq!(stale.ops.iter().map(|o| o.op).collect::<Vec<_>>(), vec![plan::OpKind::Delete, plan::OpKind::Create]);
        env.client.set_data(&stale.ops[0].path, b"touched", None).await.unwrap();
        let before = env_dump(&env.client, &env.root).await;
        let e = apply::apply(&registry, &stale).await.unwrap_err();
        assert_eq!(e.exit_code(), svcctl::exit::CONFLICT, "{e}");
        assert!(e.to_string().contains("was modified"), "{e}");
        assert_eq!(env_dump(&env.client, &env.root).await, before, "half-written plan");

        // Re-planning from a fresh read works.
        let tree = apply::read_tree(&registry, IFACE).await.unwrap();
        let view = tree.views().into_iter().find(|v| v.key.version.as_deref() == Some("1.0.0")).unwrap();
        let chosen = plan::select(&view, &sel).unwrap();
        apply::apply(&registry, &plan::disable(&tree, &view, &chosen, false).unwrap()).await.unwrap();
    });
    assert!(!env.show()["10.0.0.3:20880"].0);
}

async fn env_dump(client: &zk::Client, root: &str) -> BTreeMap<String, (Vec<u8>, i32, i32)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_string()];
    while let Some(p) = stack.pop() {
        let (data, st) = client.get_data(&p).await.unwrap();
        out.insert(p.clone(), (data, st.version, st.cversion));
        for c in client.list_children(&p).await.unwrap() {
            stack.push(format!("{p}/{c}"));
        }
    }
    out
}

#[test]
fn unregister_refuses_a_live_providers_ephemeral_node() {
    let env = setup("unregister");
    let before = env.dump();
    let r = env.run(&[
        "unregister",
        "DemoService",
        "--address",
        "10.0.0.1:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 9, "{}", r.stderr);
    let session = format!("{}", env.client.session_id());
    assert!(
        r.stderr.contains(&format!("session {session}")),
        "owner {session} not named:\n{}",
        r.stderr
    );
    assert!(r.stderr.contains("svcctl disable"), "{}", r.stderr);
    assert_eq!(env.dump(), before);

    let r = env.run(&[
        "unregister",
        "DemoService",
        "--address",
        "10.9.9.9:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("10.0.0.1:20880"),
        "names what exists: {}",
        r.stderr
    );

    let r = env.run(&[
        "unregister",
        "DemoService",
        "--address",
        "10.0.0.3:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(
        r.stdout
            .contains("undo: svcctl register --static 'dubbo://10.0.0.3:20880/"),
        "{}",
        r.stdout
    );
    assert!(!env.show().contains_key("10.0.0.3:20880"));
}

#[test]
fn unregister_takes_the_url_register_took() {
    let env = setup("unregister-url");
    let url = "dubbo://10.0.0.8:20880/com.example.DemoService?application=demo&interface=com.example.DemoService&methods=hello&version=1.0.0";
    ok(&env.run(&["register", "--static", url, "--yes"]));
    assert_eq!(env.show()["10.0.0.8:20880"].2, "static");
    let before = env.dump();

    // Same safety as SERVICE --address: dry run writes nothing, --yes is required without a
    // terminal, a live provider's node is refused.
    let r = env.run(&["unregister", url, "--dry-run"]);
    ok(&r);
    assert!(
        r.stdout.contains(
            "provider 10.0.0.8:20880 unregistered (static registration removed) (dry run)"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(env.dump(), before, "a dry run wrote to ZooKeeper");
    let r = env.run(&["unregister", url]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    let live = "dubbo://10.0.0.1:20880/com.example.DemoService?version=1.0.0";
    let r = env.run(&["unregister", live, "--yes"]);
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("session {}", env.client.session_id())),
        "{}",
        r.stderr
    );
    // The URL names its service key exactly: without version= it is another key.
    let r = env.run(&[
        "unregister",
        "dubbo://10.0.0.8:20880/com.example.DemoService?application=demo",
        "--yes",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("com.example.DemoService:1.0.0"),
        "{}",
        r.stderr
    );
    // A URL already has its address.
    let r = env.run(&["unregister", url, "--address", "10.0.0.8:20880", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = env.run(&[
        "unregister",
        "override://10.0.0.8:20880/com.example.DemoService",
        "--yes",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(env.dump(), before, "refusals wrote to ZooKeeper");

    let r = env.run(&["unregister", url, "--yes"]);
    ok(&r);
    assert!(
        r.stdout
            .contains("undo: svcctl register --static 'dubbo://10.0.0.8:20880/"),
        "{}",
        r.stdout
    );
    assert!(!env.show().contains_key("10.0.0.8:20880"));
    assert!(
        env.show().contains_key("10.0.0.1:20880"),
        "the live provider stays"
    );
}

#[test]
fn register_static_copies_a_registered_provider() {
    let env = setup("register");
    let r = env.run(&[
        "register",
        "--static",
        "DemoService",
        "--address",
        "10.0.0.7:20881",
        "--param",
        "weight=50",
        "--yes",
    ]);
    ok(&r);
    let url = env
        .decoded_children("providers")
        .into_iter()
        .find(|u| u.starts_with("dubbo://10.0.0.7:20881/"))
        .expect("registered node");
    for want in [
        "application=demo",
        "methods=hello,bye",
        "version=1.0.0",
        "dynamic=false",
        "weight=50",
        "interface=com.example.DemoService",
    ] {
        assert!(url.contains(want), "{want} missing in {url}");
    }
    assert!(!url.contains("pid="), "process keys are not copied: {url}");
    assert_eq!(
        env.show()["10.0.0.7:20881"],
        (true, 50, "static".to_string())
    );
    // The same registration again is unchanged (only its timestamp would differ); a different
    // one at that address is refused; a live address is refused with the pin hint.
    let r = env.run(&[
        "register",
        "--static",
        "DemoService",
        "--address",
        "10.0.0.7:20881",
        "--param",
        "weight=50",
        "--yes",
    ]);
    ok(&r);
    assert!(
        r.stdout
            .contains("already registered statically: unchanged"),
        "{}",
        r.stdout
    );
    let r = env.run(&[
        "register",
        "--static",
        "DemoService",
        "--address",
        "10.0.0.7:20881",
        "--yes",
    ]);
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("svcctl unregister"), "{}", r.stderr);
    let r = env.run(&[
        "register",
        "--static",
        "DemoService",
        "--address",
        "10.0.0.1:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 9, "{}", r.stderr);
    assert!(r.stderr.contains("svcctl static"), "{}", r.stderr);
    // A full URL for a brand-new service.
    let r = env.run(&[
        "register",
        "--static",
        "dubbo://10.0.0.8:20880/com.example.NewService?application=new&methods=a",
        "--yes",
    ]);
    ok(&r);
    let show = env.run(&["show", "com.example.NewService", "-o", "json"]);
    assert_eq!(show.json()["providers"][0]["registration"], "static");
    let r = env.run(&["register", "DemoService", "--address", "10.0.0.7:1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn static_dynamic_round_trip_never_touches_the_live_node() {
    let env = setup("pin");
    let live_name = env
        .children("providers")
        .into_iter()
        .find(|n| n.contains("10.0.0.1%3A20880"))
        .unwrap();
    let live_path = format!("{}/{live_name}", env.path("providers"));
    let stat = |env: &Env| {
        env.rt
            .block_on(env.client.check_stat(&live_path))
            .unwrap()
            .expect("live node")
    };
    let before = stat(&env);
    assert_ne!(before.ephemeral_owner, 0);

    let r = env.run(&[
        "static",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(r.stderr.contains("twice its share"), "{}", r.stderr);
    let pinned: Vec<String> = env
        .decoded_children("providers")
        .into_iter()
        .filter(|u| u.starts_with("dubbo://10.0.0.1:20880/"))
        .collect();
    assert_eq!(pinned.len(), 2, "{pinned:?}");
    assert!(pinned
        .iter()
        .any(|u| u.contains("dynamic=false") && u.contains("pid=101")));
    let again = env.run(&[
        "static",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    ok(&again);
    assert!(
        again.stdout.contains("already static: unchanged"),
        "{}",
        again.stdout
    );

    let r = env.run(&[
        "dynamic",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    ok(&r);
    let after = stat(&env);
    assert_eq!(
        (
            after.czxid,
            after.mzxid,
            after.version,
            after.ephemeral_owner
        ),
        (
            before.czxid,
            before.mzxid,
            before.version,
            before.ephemeral_owner
        )
    );
    assert_eq!(
        env.decoded_children("providers")
            .iter()
            .filter(|u| u.starts_with("dubbo://10.0.0.1:20880/"))
            .count(),
        1
    );
    let r = env.run(&[
        "dynamic",
        "DemoService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    ok(&r);
    assert!(r.stdout.contains("unchanged"), "{}", r.stdout);
    // The static-only provider: removing its "pin" would unregister it.
    let r = env.run(&[
        "dynamic",
        "DemoService",
        "--provider",
        "10.0.0.3:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 9, "{}", r.stderr);
}

#[test]
fn selection_errors_name_what_exists() {
    let env = setup("select");
    let r = env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.5:20880",
        "--yes",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("10.0.0.1:20880, 10.0.0.2:20880, 10.0.0.3:20880"),
        "{}",
        r.stderr
    );
    let r = env.run(&["disable", "DemoService", "--app", "nope", "--yes"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("demo"), "{}", r.stderr);
    let r = env.run(&["disable", "DemoService", "--yes"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = env.run(&[
        "disable",
        "DemoService",
        "--provider",
        "10.0.0.1:99999",
        "--yes",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = env.run(&[
        "weight",
        "DemoService",
        "abc",
        "--provider",
        "10.0.0.1",
        "--yes",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = env.run(&[
        "disable",
        "NoSuchService",
        "--provider",
        "10.0.0.1",
        "--yes",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
}

/// The confirmation prompt on a real terminal (a pty from util-linux `script`): "n" aborts with
/// exit 10 and writes nothing; the prompt names the registry.
#[test]
fn prompt_defaults_to_no_and_names_the_registry() {
    support::require_script();
    let env = setup("prompt");
    let before = env.dump();
    let server = ZkServer::shared();
    let cmd = format!(
        "{} --registry {} --root {} disable DemoService --provider 10.0.0.1:20880",
        env!("CARGO_BIN_EXE_svcctl"),
        server.address(),
        env.root
    );
    let mut child = std::process::Command::new("/usr/bin/script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("SVCCTL_CONFIG", "/nonexistent/svcctl-test-config.toml")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(10), "{text}");
    assert!(
        text.contains(&format!(
            "Apply 1 change to zookeeper://{} root {}?",
            server.address(),
            env.root
        )),
        "{text}"
    );
    assert!(text.contains("[y/N]"), "{text}");
    assert_eq!(env.dump(), before);
}
