//! Dubbo 3 application-level discovery against a real ZooKeeper and real providers: a demo
//! provider (dubbo protocol) and a dubbo-node provider (Triple) registered only as one
//! application instance exporting both protocols, the way a Dubbo 3 provider with
//! `register-mode=instance` writes it (instance JSON, mapping, metadata revision; templates in
//! fixtures/app-discovery/). Every verb must see them like interface-level providers, say which
//! kind they are, and reach them.

mod support;

use std::process::Stdio;
use std::sync::atomic::{AtomicU32, Ordering};

use support::demo::DemoProcess;
use support::seed::{self, form_encode};
use support::{
    next_event, project_dir, service, svcctl, svcctl_watching, ChildGuard, Run, ZkServer,
};

fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "/{prefix}{}x{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

const APP: &str = "users-app";
const REVISION: &str = "9f3e2d1c0b0a0908";

/// The two real providers and the registry root their instance is written under.
struct AppRegistered {
    rt: tokio::runtime::Runtime,
    client: zookeeper_client::Client,
    root: String,
    demo: DemoProcess,
    _js: ChildGuard,
    js_port: u16,
}

/// A runtime for the test's own ZooKeeper session. The session owns the ephemeral instance
/// nodes and must stay alive while the test blocks on svcctl's output: its pings need a runtime
/// that runs in the background, not only inside `block_on`.
fn background_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

fn template(name: &str, vars: &[(&str, String)]) -> Vec<u8> {
    let mut text = std::fs::read_to_string(project_dir().join("fixtures/app-discovery").join(name))
        .unwrap_or_else(|e| panic!("read fixtures/app-discovery/{name}: {e}"));
    for (k, v) in vars {
        text = text.replace(&format!("{{{{{k}}}}}"), v);
    }
    assert!(
        !text.contains("{{"),
        "unfilled placeholder in {name}: {text}"
    );
    text.into_bytes()
}

/// How the services are mapped to their application.
#[derive(Clone, Copy, PartialEq)]
enum Mapping {
    /// Dubbo 3: `<root>/mapping/<interface>`, the applications comma-separated.
    Dubbo3,
    /// Dubbo 2.7: `<root>/config/mapping/<interface>/<application>` (fixture).
    Dubbo27,
}

impl AppRegistered {
    /// Starts the providers and registers them as one application instance. `storage` is the
    /// instance's `dubbo.metadata.storage-type`; with `publish_metadata` false the revision's
    /// document is not written (as with `local` storage and no metadata report).
    fn start(storage: &str, publish_metadata: bool) -> AppRegistered {
        Self::start_mapped(storage, publish_metadata, Mapping::Dubbo3)
    }

    fn start_mapped(storage: &str, publish_metadata: bool, mapping: Mapping) -> AppRegistered {
        let demo = DemoProcess::start(&[]);
        let (js, js_port) = support::peers::start_js_provider();
        let root = unique("appdisc");
        let rt = background_runtime();
        let client = rt.block_on(ZkServer::shared().client());
        let s = AppRegistered {
            rt,
            client,
            root,
            demo,
            _js: js,
            js_port,
        };
        let vars = s.vars(storage);
        s.rt.block_on(async {
            seed::ensure_path(&s.client, &s.root).await;
            match mapping {
                Mapping::Dubbo3 => {
                    for iface in ["com.example.UserService", "com.example.JsGreeter"] {
                        let path = format!("{}/mapping/{iface}", s.root);
                        seed::create(&s.client, &path, APP.as_bytes(), false).await;
                    }
                }
                Mapping::Dubbo27 => {
                    let fixtures = project_dir().join("fixtures");
                    let text = std::fs::read_to_string(
                        fixtures.join("app-discovery/dubbo-2.7-mapping.txt"),
                    )
                    .unwrap();
                    seed::seed(&s.client, &s.root, &seed::parse(&text), &fixtures).await;
                }
            }
            if publish_metadata {
                let path = format!("{}/metadata/{APP}/{REVISION}", s.root);
                seed::create(&s.client, &path, &template("metadata.json", &vars), false).await;
            }
        });
        s.add_instance(storage);
        s
    }

    fn vars(&self, storage: &str) -> Vec<(&'static str, String)> {
        self.vars_of(APP, storage)
    }

    fn vars_of(&self, app: &str, storage: &str) -> Vec<(&'static str, String)> {
        vec![
            ("APP", app.to_string()),
            ("PORT", self.demo.port.to_string()),
            ("TRI_PORT", self.js_port.to_string()),
            ("REVISION", REVISION.to_string()),
            ("STORAGE", storage.to_string()),
        ]
    }

    fn instance_path(&self) -> String {
        format!("{}/services/{APP}/127.0.0.1:{}", self.root, self.demo.port)
    }

    fn add_instance(&self, storage: &str) {
        let data = template("instance.json", &self.vars(storage));
        self.rt.block_on(seed::create(
            &self.client,
            &self.instance_path(),
            &data,
            true,
        ));
    }

    /// Registers another application serving the same providers (remote metadata), mapped to
    /// nothing yet; returns its instance path.
    fn add_app(&self, app: &str) -> String {
        let vars = self.vars_of(app, "remote");
        let path = format!("{}/services/{app}/127.0.0.1:{}", self.root, self.demo.port);
        self.rt.block_on(async {
            let meta = format!("{}/metadata/{app}/{REVISION}", self.root);
            seed::create(
                &self.client,
                &meta,
                &template("metadata.json", &vars),
                false,
            )
            .await;
            seed::create(&self.client, &path, &template("instance.json", &vars), true).await;
        });
        path
    }

    /// Adds a Dubbo 2.7 mapping child of `iface` for `app`.
    fn map27(&self, iface: &str, app: &str) {
        let path = format!("{}/config/mapping/{iface}/{app}", self.root);
        self.rt
            .block_on(seed::create(&self.client, &path, b"1764002000000", false));
    }

    fn remove_instance(&self) {
        self.rt
            .block_on(self.client.delete(&self.instance_path(), None))
            .unwrap();
    }

    /// Also registers the demo provider's UserService interface-level (Dubbo 3's default
    /// `register-mode=all` writes both).
    fn add_interface_level(&self) {
        let url = format!(
            "dubbo://127.0.0.1:{}/com.example.UserService?application={APP}&interface=com.example.UserService&methods=getById,findByName,greet,updateEmail&release=3.2.9&side=provider&timestamp=1764002000000&version=1.0.0",
            self.demo.port
        );
        let path = format!(
            "{}/com.example.UserService/providers/{}",
            self.root,
            form_encode(&url)
        );
        self.rt
            .block_on(seed::create(&self.client, &path, b"", true));
    }

    fn run(&self, args: &[&str]) -> Run {
        let registry = ZkServer::shared().address();
        let mut all = vec!["--registry", &registry, "--root", &self.root];
        all.extend_from_slice(args);
        svcctl(&all)
    }
}

fn ok(r: &Run) {
    assert_eq!(
        r.code, 0,
        "exit {}\nstdout:\n{}\nstderr:\n{}",
        r.code, r.stdout, r.stderr
    );
}

#[test]
fn application_only_services_are_listed_shown_found_and_called() {
    let s = AppRegistered::start("remote", true);
    let dubbo_addr = s.demo.addr();
    let tri_addr = format!("127.0.0.1:{}", s.js_port);

    let ls = s.run(&["ls", "-o", "json"]);
    ok(&ls);
    assert!(ls.stderr.is_empty(), "no problems expected: {}", ls.stderr);
    let list = ls.json();
    for key in ["com.example.UserService:1.0.0", "com.example.JsGreeter"] {
        let svc = service(&list, key);
        assert_eq!(svc["discovery"], "application", "{svc}");
        assert_eq!(svc["providers"]["total"], 1, "{svc}");
        assert_eq!(svc["applications"], serde_json::json!([APP]), "{svc}");
    }
    let table = s.run(&["ls"]);
    ok(&table);
    let row = table
        .stdout
        .lines()
        .find(|l| l.contains("com.example.UserService"))
        .unwrap_or_else(|| panic!("{}", table.stdout));
    assert!(row.contains("application"), "{row}");

    let show = s.run(&["show", "UserService", "-o", "json"]);
    ok(&show);
    let doc = show.json();
    assert_eq!(doc["discovery"], "application");
    let p = &doc["providers"][0];
    assert_eq!(p["address"], dubbo_addr.as_str(), "{p}");
    assert_eq!(p["protocol"], "dubbo");
    assert_eq!(p["discovery"], "application");
    assert_eq!(p["instance"], s.instance_path().as_str());
    assert_eq!(
        p["registration"], "dynamic",
        "the instance node is ephemeral"
    );
    let methods: Vec<&str> = doc["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(methods.contains(&"getById"), "{doc}");

    let tri = s.run(&["show", "JsGreeter", "-o", "json"]);
    ok(&tri);
    let p = &tri.json()["providers"][0];
    assert_eq!(
        (p["address"].as_str(), p["protocol"].as_str()),
        (Some(tri_addr.as_str()), Some("tri")),
        "the tri service's port comes from dubbo.endpoints: {p}"
    );

    let host = s.run(&["host", "127.0.0.1", "-o", "json"]);
    ok(&host);
    let entries = host.json()["entries"].as_array().unwrap().len();
    assert!(entries >= 2, "{}", host.stdout);

    // The calls reach the real providers.
    let before = s.demo.calls();
    let r = s.run(&["invoke", "UserService.getById", "[42]", "-o", "json"]);
    ok(&r);
    assert_eq!(r.json()["provider"], dubbo_addr.as_str(), "{}", r.stdout);
    assert!(!r.json()["result"].is_null(), "{}", r.stdout);
    assert_eq!(s.demo.calls(), before + 1);
    let r = s.run(&["invoke", "JsGreeter.greet", "[\"app\"]", "-o", "json"]);
    ok(&r);
    assert_eq!(r.json()["result"], "hi app", "{}", r.stdout);

    // Load mode over both protocols' application-level providers.
    for target in ["UserService.getById", "JsGreeter.greet"] {
        let args = if target.starts_with("User") {
            "[7]"
        } else {
            "[\"x\"]"
        };
        let r = s.run(&["invoke", target, args, "-n", "40", "-c", "4", "-o", "json"]);
        ok(&r);
        let report = r.json();
        assert_eq!(report["ok_count"], 40, "{target}: {report}");
        assert_eq!(report["error_count"], 0, "{target}: {report}");
    }
}

#[test]
fn a_provider_registered_both_ways_is_one_provider() {
    let s = AppRegistered::start("remote", true);
    s.add_interface_level();
    let show = s.run(&["show", "UserService", "-o", "json"]);
    ok(&show);
    let doc = show.json();
    let providers = doc["providers"].as_array().unwrap();
    assert_eq!(providers.len(), 1, "{doc}");
    assert_eq!(providers[0]["discovery"], "both");
    assert_eq!(doc["discovery"], "both");
    // The interface-level node is the one kept: it is a real node name.
    assert!(providers[0]["node"]
        .as_str()
        .unwrap()
        .starts_with("dubbo%3A%2F%2F"));
    let list = s.run(&["ls", "-o", "json"]);
    ok(&list);
    assert_eq!(
        service(&list.json(), "com.example.UserService:1.0.0")["discovery"],
        "both"
    );
    assert_eq!(
        service(&list.json(), "com.example.JsGreeter")["discovery"],
        "application"
    );
}

#[test]
fn metadata_kept_only_in_the_provider_is_reported() {
    let s = AppRegistered::start("local", false);
    let ls = s.run(&["ls", "-o", "json"]);
    ok(&ls);
    let problems = ls.json()["problems"].clone();
    let text = problems.to_string();
    assert!(
        text.contains(&format!("/metadata/{APP}/{REVISION}"))
            && text.contains("storage-type local"),
        "{problems}"
    );
    assert!(ls.stderr.contains("storage-type local"), "{}", ls.stderr);
}

/// Instances arriving and leaving are followed by `show -w`, and `top -b` lists the provider.
#[test]
fn watch_and_top_follow_instances() {
    let s = AppRegistered::start("remote", true);
    let registry = ZkServer::shared().address();
    let (child, rx) = svcctl_watching(
        &[
            "--registry",
            &registry,
            "--root",
            &s.root,
            "show",
            "UserService",
            "-w",
            "-o",
            "jsonl",
        ],
        Stdio::null(),
    );
    let first = next_event(&rx);
    assert_eq!(
        (first["type"].as_str(), first["object"].as_str()),
        (Some("ADDED"), Some("provider")),
        "{first}"
    );
    assert_eq!(first["provider"]["discovery"], "application", "{first}");

    s.remove_instance();
    let gone = next_event(&rx);
    assert_eq!(gone["type"], "REMOVED", "{gone}");
    assert_eq!(gone["address"], s.demo.addr().as_str(), "{gone}");

    s.add_instance("remote");
    let back = next_event(&rx);
    assert_eq!(back["type"], "ADDED", "{back}");

    // Registered interface-level too: the same provider, now of kind both.
    s.add_interface_level();
    let both = next_event(&rx);
    assert_eq!(both["type"], "MODIFIED", "{both}");
    assert_eq!(both["provider"]["discovery"], "both", "{both}");
    drop(child);

    let top = s.run(&["top", "-b", "-n", "1", "-o", "json", "--timeout", "300ms"]);
    ok(&top);
    let doc = top.json();
    let text = doc.to_string();
    assert!(
        text.contains(&s.demo.addr()) && text.contains(&format!("127.0.0.1:{}", s.js_port)),
        "{doc:#}"
    );
}

/// Two demo providers registered only as instances of one application, their metadata in the
/// registry (`register-mode`, `metadata-storage` as `extra` says), and a ZooKeeper session for
/// the test's own reads and writes.
struct TwoInstances {
    rt: tokio::runtime::Runtime,
    client: zookeeper_client::Client,
    root: String,
    a: DemoProcess,
    b: DemoProcess,
}

impl TwoInstances {
    fn start(mode: &str) -> TwoInstances {
        let root = unique("appcc");
        let zk = ZkServer::shared().address();
        let extra = ["--register-mode", mode, "--metadata-storage", "remote"];
        let a = DemoProcess::registered(&zk, &root, "i1", &extra);
        let b = DemoProcess::registered(&zk, &root, "i2", &extra);
        let rt = background_runtime();
        let client = rt.block_on(ZkServer::shared().client());
        TwoInstances {
            rt,
            client,
            root,
            a,
            b,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        run_at(&self.root, args)
    }

    /// The service's rule document in the config center.
    fn doc_path(&self) -> String {
        format!(
            "{}/config/dubbo/com.example.UserService:1.0.0:.configurators",
            self.root
        )
    }

    /// The document's text and data version, `None` when absent.
    fn doc(&self) -> Option<(String, i32)> {
        match self.rt.block_on(self.client.get_data(&self.doc_path())) {
            Ok((d, stat)) => Some((String::from_utf8(d).unwrap(), stat.version)),
            Err(zookeeper_client::Error::NoNode) => None,
            Err(e) => panic!("read {}: {e}", self.doc_path()),
        }
    }

    fn write_doc(&self, text: &str) {
        let path = self.doc_path();
        self.rt.block_on(async {
            if self.client.check_stat(&path).await.unwrap().is_some() {
                self.client
                    .set_data(&path, text.as_bytes(), None)
                    .await
                    .unwrap();
            } else {
                seed::create(&self.client, &path, text.as_bytes(), false).await;
            }
        });
    }

    /// `(enabled, weight)` of a UserService provider, by `svcctl show`.
    fn state_of(&self, addr: &str) -> (bool, i64) {
        let all = support::shown_providers(&self.run(&["show", "UserService", "-o", "json"]));
        let (enabled, weight, _) = all
            .get(addr)
            .unwrap_or_else(|| panic!("{addr} not in {all:?}"));
        (*enabled, *weight)
    }
}

/// Runs the `undo:` line a mutation printed, as a user would paste it (with `--yes`: no
/// terminal to confirm on).
fn run_undo(r: &Run) -> Run {
    let line = r
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("undo: svcctl "))
        .unwrap_or_else(|| panic!("no undo line in:\n{}", r.stdout));
    assert!(!line.contains('\''), "quoted words need a shell: {line}");
    let mut args: Vec<&str> = line.split_whitespace().collect();
    args.push("--yes");
    svcctl(&args)
}

/// `text` as PyYAML (Debian's python3-yaml, installed by scripts/install-deps.sh) loads it, as
/// JSON: an independent reading of the documents svcctl writes.
fn pyyaml(text: &str) -> serde_json::Value {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 (scripts/install-deps.sh zookeeper installs it with python3-yaml)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "PyYAML refused the document: {out:?}\n{text}"
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// An unrelated rule already in the service's document: it must survive every edit.
const BILLING_RULE: &str = "configVersion: v2.7
scope: service
key: com.example.UserService:1.0.0
enabled: true
configs:
- side: consumer
  addresses: [0.0.0.0]
  applications: [billing]
  parameters: {timeout: 5000}
";

/// Providers found only by application are disabled and re-enabled with a consumer-side item in
/// the service's config-center document, which svcctl's reader, `show` and `invoke` honour; a
/// rule already there survives both; a dry run writes nothing; the undo line restores it.
#[test]
fn disable_and_enable_an_application_only_provider_through_the_config_center() {
    use svcctl::registry::config_center::parse_rules;
    let s = TwoInstances::start("instance");
    let (a, b) = (s.a.addr(), s.b.addr());
    let kinds: Vec<String> = {
        let r = s.run(&["show", "UserService", "-o", "json"]);
        ok(&r);
        r.json()["providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["discovery"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds, ["application", "application"]);
    s.write_doc(BILLING_RULE);
    let seeded = s.doc().unwrap();

    let dry = s.run(&["disable", "UserService", "--provider", &a, "--dry-run"]);
    ok(&dry);
    assert!(
        dry.stdout.contains("dry run")
            && dry.stdout.contains(&s.doc_path())
            && dry.stdout.contains("providerAddresses:")
            && dry.stdout.contains(&format!("\"{a}\"")),
        "{}",
        dry.stdout
    );
    let dry_json = s.run(&[
        "disable",
        "UserService",
        "--provider",
        &a,
        "--dry-run",
        "-o",
        "json",
    ]);
    ok(&dry_json);
    let op = &dry_json.json()["plan"]["ops"][0];
    assert_eq!(op["op"], "set_data", "{op}");
    assert_eq!(op["path"], s.doc_path().as_str());
    assert!(op["content"].as_str().unwrap().contains("billing"), "{op}");
    assert_eq!(s.doc(), Some(seeded.clone()), "a dry run writes nothing");

    let r = s.run(&["disable", "UserService", "--provider", &a, "--yes"]);
    ok(&r);
    assert!(
        r.stdout.contains(&format!("provider {a} disabled")),
        "{}",
        r.stdout
    );
    let (text, version) = s.doc().unwrap();
    assert_eq!(version, seeded.1 + 1);
    let rules = parse_rules(&text).unwrap();
    assert_eq!(rules.len(), 2, "{text}");
    assert_eq!(rules[0].param("application"), Some("billing"), "{text}");
    assert_eq!(
        rules[1].param("providerAddresses"),
        Some(a.as_str()),
        "{text}"
    );
    assert_eq!(rules[1].param("disabled"), Some("true"), "{text}");
    assert_eq!(rules[1].param("side"), Some("consumer"), "{text}");
    // The same document as a YAML library we did not write reads it (Dubbo reads it with
    // SnakeYAML): the rule's keys, the billing item kept, and ours with typed values.
    let doc = pyyaml(&text);
    assert_eq!(doc["scope"], "service", "{doc}");
    assert_eq!(doc["key"], "com.example.UserService:1.0.0", "{doc}");
    assert_eq!(doc["configs"][0]["applications"][0], "billing", "{doc}");
    let item = &doc["configs"][1];
    assert_eq!(item["side"], "consumer", "{doc}");
    assert_eq!(item["addresses"], serde_json::json!(["0.0.0.0"]), "{doc}");
    assert_eq!(item["providerAddresses"], serde_json::json!([a]), "{doc}");
    assert_eq!(
        item["parameters"],
        serde_json::json!({"disabled": true}),
        "a boolean, not a string: {doc}"
    );
    assert!(!s.state_of(&a).0, "show sees it disabled");
    assert!(s.state_of(&b).0);

    // invoke honours the config center: every call goes to the other provider.
    let before = s.a.calls();
    for _ in 0..4 {
        let call = s.run(&["invoke", "UserService.getById", "[1]", "-o", "json"]);
        ok(&call);
        assert_eq!(call.json()["provider"], b.as_str(), "{}", call.stdout);
    }
    assert_eq!(s.a.calls(), before, "the disabled provider got no call");

    let again = s.run(&["disable", "UserService", "--provider", &a, "--yes"]);
    ok(&again);
    assert!(
        again.stdout.contains("already disabled: unchanged"),
        "{}",
        again.stdout
    );
    assert_eq!(s.doc().unwrap().1, version, "a second run writes nothing");

    // The undo line: the item goes, the billing rule stays.
    ok(&run_undo(&r));
    let (text, _) = s.doc().unwrap();
    let rules = parse_rules(&text).unwrap();
    assert_eq!(rules.len(), 1, "{text}");
    assert_eq!(rules[0].param("timeout"), Some("5000"), "{text}");
    assert!(s.state_of(&a).0);

    // A document svcctl created is removed with its last item.
    s.rt.block_on(s.client.delete(&s.doc_path(), None)).unwrap();
    ok(&s.run(&["disable", "UserService", "--provider", &a, "--yes"]));
    assert!(s.doc().is_some());
    let back = s.run(&["enable", "UserService", "--provider", &a, "--yes"]);
    ok(&back);
    assert_eq!(s.doc(), None, "{}", back.stdout);
    assert!(s.state_of(&a).0);
}

/// `weight` writes a weight item; its undo (back to the registered weight) removes it again.
#[test]
fn weight_of_an_application_only_provider_through_the_config_center() {
    let s = TwoInstances::start("instance");
    let a = s.a.addr();
    let r = s.run(&["weight", "UserService", "300", "--provider", &a, "--yes"]);
    ok(&r);
    assert!(s.doc().unwrap().0.contains("weight: 300"), "{:?}", s.doc());
    assert_eq!(s.state_of(&a), (true, 300));
    let twice = s.run(&["weight", "UserService", "300", "--provider", &a, "--yes"]);
    ok(&twice);
    assert!(twice.stdout.contains("unchanged"), "{}", twice.stdout);
    ok(&run_undo(&r));
    assert_eq!(s.state_of(&a), (true, 100));
    assert_eq!(s.doc(), None);
}

/// The document changing between the plan's read and its commit makes the plan stale: nothing
/// is written, the other writer's text stays. Also when the document appeared meanwhile.
#[test]
fn a_concurrent_edit_of_the_rule_document_is_a_conflict() {
    use svcctl::registry::{apply, plan};
    let s = TwoInstances::start("instance");
    let target = svcctl::config::resolve(&svcctl::config::Selection {
        registry: Some(ZkServer::shared().address()),
        root: Some(s.root.clone()),
        config_path: Some("/nonexistent/svcctl.toml".into()),
        ..Default::default()
    })
    .unwrap();
    let registry =
        s.rt.block_on(svcctl::registry::zk::Registry::connect(&target))
            .unwrap();
    let make_plan = || {
        s.rt.block_on(async {
            let mut tree = apply::read_tree(&registry, "com.example.UserService")
                .await
                .unwrap();
            let iface = registry
                .read_interface("com.example.UserService", false)
                .await
                .unwrap()
                .unwrap();
            tree.iface.instances = iface.instances;
            let view = tree
                .views()
                .into_iter()
                .find(|v| v.key.version.as_deref() == Some("1.0.0"))
                .unwrap();
            let chosen = plan::select(
                &view,
                &plan::Selector {
                    providers: vec![s.a.addr()],
                    ..Default::default()
                },
            )
            .unwrap();
            let paths = plan::config_center::document_paths(&tree.root, &view);
            let cc = apply::read_config_center(&registry, paths).await.unwrap();
            plan::config_center::disable(&tree, &cc, &view, &chosen, false).unwrap()
        })
    };

    // 1. Absent when read, created by someone else before the commit.
    let stale = make_plan();
    s.write_doc(BILLING_RULE);
    let e = s.rt.block_on(apply::apply(&registry, &stale)).unwrap_err();
    assert_eq!(e.exit_code(), svcctl::exit::CONFLICT, "{e}");
    assert!(e.to_string().contains("nothing was written"), "{e}");
    assert_eq!(s.doc().unwrap().0, BILLING_RULE);

    // 2. Edited by someone else after the read: the data version no longer matches.
    let stale = make_plan();
    let edited = BILLING_RULE.replace("5000", "6000");
    s.write_doc(&edited);
    let e = s.rt.block_on(apply::apply(&registry, &stale)).unwrap_err();
    assert_eq!(e.exit_code(), svcctl::exit::CONFLICT, "{e}");
    assert!(e.to_string().contains("was modified"), "{e}");
    assert_eq!(s.doc().unwrap().0, edited, "the other edit stands");

    // A fresh plan keeps that edit.
    s.rt.block_on(apply::apply(&registry, &make_plan()))
        .unwrap();
    let text = s.doc().unwrap().0;
    assert!(
        text.contains("6000") && text.contains("disabled: true"),
        "{text}"
    );
}

/// A document svcctl cannot rewrite without losing something is refused, never overwritten.
#[test]
fn rule_documents_svcctl_cannot_edit_are_left_alone() {
    let s = TwoInstances::start("instance");
    let a = s.a.addr();
    for (text, why) in [
        (
            r#"["override://0.0.0.0/com.example.UserService?version=1.0.0&timeout=5"]"#,
            "JSON list",
        ),
        (
            "key: com.example.UserService:1.0.0\nconfigs: [\n",
            "does not parse",
        ),
    ] {
        s.write_doc(text);
        let r = s.run(&["disable", "UserService", "--provider", &a, "--yes"]);
        assert_eq!(r.code, 9, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains(why) && r.stderr.contains(&s.doc_path()),
            "{}",
            r.stderr
        );
        assert_eq!(s.doc().unwrap().0, text);
    }
}

/// Pinning and unregistering act on registry nodes, which an application-only provider does not
/// have: refused, pointing at what does work.
#[test]
fn static_and_unregister_refuse_application_only_providers() {
    let s = TwoInstances::start("instance");
    let a = s.a.addr();
    for args in [
        vec!["static", "UserService", "--provider", &a, "--yes"],
        vec!["unregister", "UserService", "--address", &a, "--yes"],
    ] {
        let r = s.run(&args);
        assert_eq!(
            r.code, 2,
            "{args:?}\nstdout:\n{}\nstderr:\n{}",
            r.stdout, r.stderr
        );
        assert!(
            r.stderr.contains("only at application level") && r.stderr.contains("svcctl disable"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(s.doc(), None);
}

/// Registered both ways (`register-mode=all`): the registry override for consumers that find
/// the provider by interface and the config-center item for those that find it by application,
/// in one commit; enable removes both.
#[test]
fn a_provider_registered_both_ways_is_changed_in_both_places() {
    let s = TwoInstances::start("all");
    let a = s.a.addr();
    let configurators = format!("{}/com.example.UserService/configurators", s.root);
    let rules = || {
        s.rt.block_on(s.client.list_children(&configurators))
            .unwrap_or_default()
            .into_iter()
            .map(|n| svcctl::registry::url::percent_decode(&n, true).unwrap())
            .collect::<Vec<_>>()
    };
    let r = s.run(&["disable", "UserService", "--provider", &a, "--yes"]);
    ok(&r);
    let written = rules();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(
        written[0].starts_with(&format!("override://{a}/com.example.UserService?")),
        "{written:?}"
    );
    assert!(s.doc().unwrap().0.contains(&a), "{:?}", s.doc());
    assert!(!s.state_of(&a).0);
    ok(&run_undo(&r));
    assert!(rules().is_empty(), "{:?}", rules());
    assert_eq!(s.doc(), None);
    assert!(s.state_of(&a).0);
}

fn run_at(root: &str, args: &[&str]) -> Run {
    let registry = ZkServer::shared().address();
    let mut all = vec!["--registry", &registry, "--root", root];
    all.extend_from_slice(args);
    svcctl(&all)
}

/// The demo provider registered the Dubbo 3 way with `storage-type local` (the default): the
/// registry holds no metadata, so svcctl asks the instance's MetadataService, then calls.
#[test]
fn local_metadata_is_asked_of_the_metadata_service() {
    let root = unique("applocal");
    let zk = ZkServer::shared().address();
    let demo = DemoProcess::registered(&zk, &root, "i1", &["--register-mode", "instance"]);
    let ls = run_at(&root, &["ls", "-o", "json"]);
    ok(&ls);
    assert!(ls.stderr.is_empty(), "{}", ls.stderr);
    let list = ls.json();
    let keys: Vec<&str> = list["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "com.example.LedgerService:1.0.0",
            "shop/com.example.OrderService:2.0.0",
            "com.example.UserService:1.0.0"
        ],
        "the MetadataService is exported, not registered: {list:#}"
    );
    for s in list["services"].as_array().unwrap() {
        assert_eq!(s["discovery"], "application", "{s}");
    }
    let asked = demo.calls();
    assert!(asked >= 1, "ls asked the MetadataService");

    let r = run_at(
        &root,
        &["invoke", "UserService.getById", "[42]", "-o", "json"],
    );
    ok(&r);
    assert_eq!(r.json()["provider"], demo.addr().as_str());
    assert_eq!(r.json()["result"]["id"], 42, "{}", r.stdout);
}

/// `register-mode=all` with remote metadata: both trees, the document in the registry (so no
/// MetadataService call), one provider per service of kind both.
#[test]
fn register_mode_all_with_remote_metadata_is_both() {
    let root = unique("appall");
    let zk = ZkServer::shared().address();
    let demo = DemoProcess::registered(
        &zk,
        &root,
        "i1",
        &["--register-mode", "all", "--metadata-storage", "remote"],
    );
    let before = demo.calls();
    let ls = run_at(&root, &["ls", "-o", "json"]);
    ok(&ls);
    assert!(ls.stderr.is_empty(), "{}", ls.stderr);
    let list = ls.json();
    let services = list["services"].as_array().unwrap();
    assert_eq!(services.len(), 3, "{list:#}");
    for s in services {
        assert_eq!(s["discovery"], "both", "{s}");
        assert_eq!(s["providers"]["total"], 1, "{s}");
    }
    assert_eq!(
        demo.calls(),
        before,
        "remote metadata is read from the registry, not asked for"
    );
}

/// Dubbo 2.7 maps an interface to its applications in the config center, one child per
/// application; with no Dubbo 3 mapping node at all, `show` and `invoke` must find the service
/// (by a short name too) and its application-level providers through it.
#[test]
fn a_dubbo_2_7_mapping_alone_is_followed() {
    let s = AppRegistered::start_mapped("remote", true, Mapping::Dubbo27);
    let mapping3 = format!("{}/mapping", s.root);
    assert_eq!(
        s.rt.block_on(s.client.check_stat(&mapping3)).unwrap(),
        None,
        "no Dubbo 3 mapping in this registry"
    );
    let show = s.run(&["show", "UserService", "-o", "json"]);
    ok(&show);
    assert!(show.stderr.is_empty(), "{}", show.stderr);
    let doc = show.json();
    assert_eq!(doc["discovery"], "application", "{doc}");
    let providers = doc["providers"].as_array().unwrap();
    assert_eq!(providers.len(), 1, "{doc}");
    assert_eq!(providers[0]["address"], s.demo.addr().as_str());
    assert_eq!(providers[0]["instance"], s.instance_path().as_str());
    let methods: Vec<&str> = doc["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(methods.contains(&"getById"), "{doc}");

    let tri = s.run(&["show", "com.example.JsGreeter", "-o", "json"]);
    ok(&tri);
    assert_eq!(
        tri.json()["providers"][0]["protocol"],
        "tri",
        "{}",
        tri.stdout
    );

    let ls = s.run(&["ls", "-o", "json"]);
    ok(&ls);
    for key in ["com.example.UserService:1.0.0", "com.example.JsGreeter"] {
        assert_eq!(service(&ls.json(), key)["discovery"], "application");
    }

    let before = s.demo.calls();
    let r = s.run(&["invoke", "UserService.getById", "[42]", "-o", "json"]);
    ok(&r);
    assert_eq!(r.json()["provider"], s.demo.addr().as_str(), "{}", r.stdout);
    assert_eq!(s.demo.calls(), before + 1);
}

/// Both forms present: the applications are the union of the two, so a provider mapped only the
/// 2.7 way sits next to one mapped the Dubbo 3 way, and one mapped both ways is read once.
#[test]
fn both_mapping_forms_are_united() {
    let s = AppRegistered::start("remote", true);
    let legacy = s.add_app("users-legacy-app");
    let instances = |s: &AppRegistered| -> Vec<String> {
        let show = s.run(&["show", "UserService", "-o", "json"]);
        ok(&show);
        let mut v: Vec<String> = show.json()["providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["instance"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        instances(&s),
        [s.instance_path()],
        "users-legacy-app is mapped to nothing yet"
    );
    s.map27("com.example.UserService", "users-legacy-app");
    s.map27("com.example.UserService", APP);
    let mut want = vec![s.instance_path(), legacy];
    want.sort();
    assert_eq!(instances(&s), want);
}

/// The Dubbo 3 mapping's content is free text: names that cannot be one node name are reported
/// against the mapping node, escaped, and never read; the good names still are.
#[test]
fn hostile_mapped_names_are_reported() {
    let s = AppRegistered::start("remote", true);
    let path = format!("{}/mapping/com.example.UserService", s.root);
    s.rt.block_on(s.client.set_data(
        &path,
        format!("..,{APP},esc\x1b[2Jape,,../services").as_bytes(),
        None,
    ))
    .unwrap();
    let show = s.run(&["show", "UserService", "-o", "json"]);
    ok(&show);
    let doc = show.json();
    assert_eq!(doc["providers"].as_array().unwrap().len(), 1, "{doc}");
    let problems: Vec<(String, String)> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_string(),
                p["error"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for name in ["\"..\"", "\"esc\x1b[2Jape\"", "\"\"", "\"../services\""] {
        assert!(
            problems
                .iter()
                .any(|(p, e)| *p == path && e.contains(name) && e.contains("not followed")),
            "{name}: {problems:#?}"
        );
    }
    assert!(!show.stderr.contains('\x1b'), "{}", show.stderr);
    assert!(show.stderr.contains("esc\\x1b[2Jape"), "{}", show.stderr);
    let text = s.run(&["show", "UserService"]);
    ok(&text);
    assert!(!text.stdout.contains('\x1b') && !text.stderr.contains('\x1b'));
}

/// SIGSTOPs a process until dropped.
struct Stopped(u32);

impl Stopped {
    fn new(pid: u32) -> Stopped {
        let ok = std::process::Command::new("kill")
            .args(["-STOP", &pid.to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -STOP {pid}");
        Stopped(pid)
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-CONT", &self.0.to_string()])
            .status();
    }
}

/// In watch mode a new mapping child is news: an application whose metadata could not be had
/// when it was first read (its MetadataService not answering: a provider still starting) is read
/// again when a mapping names it, as a provider writes its mapping once it serves. Nothing else
/// in the registry changes here, so without the mapping the service would never appear.
#[test]
fn a_new_mapping_child_makes_the_service_appear_in_watch_mode() {
    let zk = ZkServer::shared().address();
    // The demo registers itself elsewhere; its instance (local metadata: only its MetadataService
    // has it) is copied to the watched root, with no mapping there.
    let scratch = unique("appmapscratch");
    let demo = DemoProcess::registered(&zk, &scratch, "i1", &["--register-mode", "instance"]);
    let app = "svcctl-demo-provider";
    let root = unique("appmapwatch");
    let rt = background_runtime();
    let client = rt.block_on(ZkServer::shared().client());
    let services = |r: &str| svcctl::registry::instance::services_root(r);
    let id = format!("127.0.0.1:{}", demo.port);
    let (data, _) = rt
        .block_on(client.get_data(&format!("{}/{app}/{id}", services(&scratch))))
        .unwrap();
    rt.block_on(async {
        seed::ensure_path(&client, &root).await;
        seed::create(
            &client,
            &format!("{}/{app}/{id}", services(&root)),
            &data,
            true,
        )
        .await;
    });

    let stopped = Stopped::new(demo.pid());
    let (mut child, events) = svcctl_watching(
        &[
            "--registry",
            &zk,
            "--root",
            &root,
            "ls",
            "-w",
            "-o",
            "jsonl",
        ],
        Stdio::piped(),
    );
    let mut errors = std::io::BufReader::new(child.child().stderr.take().unwrap());
    // Blocks until the first read is done: its problems are printed before any change.
    let mut problem = String::new();
    std::io::BufRead::read_line(&mut errors, &mut problem).unwrap();
    assert!(problem.contains(app), "{problem}");
    drop(stopped);
    assert!(
        events
            .recv_timeout(std::time::Duration::from_millis(1500))
            .is_err(),
        "nothing in the registry changed yet"
    );

    let mapping = format!("{root}/config/mapping/com.example.UserService/{app}");
    rt.block_on(seed::create(&client, &mapping, b"1764002000000", false));
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let ev = next_event(&events);
        assert_eq!(
            (ev["type"].as_str(), ev["object"].as_str()),
            (Some("ADDED"), Some("provider")),
            "{ev}"
        );
        assert_eq!(ev["provider"]["discovery"], "application", "{ev}");
        assert_eq!(ev["address"], demo.addr().as_str(), "{ev}");
        seen.push(ev["service"].as_str().unwrap().to_string());
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "com.example.LedgerService:1.0.0",
            "com.example.UserService:1.0.0",
            "shop/com.example.OrderService:2.0.0"
        ]
    );
}
