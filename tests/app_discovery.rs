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

/// Registration control writes rules that consumers finding a provider by application never
/// read: an application-only provider is refused, naming the config center; once the provider
/// is also registered interface-level it can be planned.
#[test]
fn registration_control_refuses_application_only_providers() {
    let s = AppRegistered::start("remote", true);
    let addr = s.demo.addr();
    let r = s.run(&["disable", "UserService", "--provider", &addr, "--yes"]);
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("only at application level") && r.stderr.contains("config center"),
        "{}",
        r.stderr
    );
    let configurators = format!("{}/com.example.UserService/configurators", s.root);
    let written =
        s.rt.block_on(s.client.list_children(&configurators))
            .unwrap_or_default();
    assert!(written.is_empty(), "nothing may be written: {written:?}");

    s.add_interface_level();
    let r = s.run(&[
        "disable",
        "UserService",
        "--provider",
        &addr,
        "--dry-run",
        "--force",
    ]);
    ok(&r);
    assert!(r.stdout.contains("dry run"), "{}", r.stdout);
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
