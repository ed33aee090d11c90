//! Secrets and ACLs against a real ZooKeeper: digest credentials never printed, the config file
//! private (0600) and a warning when it is not, and a mutation that a node's ACL forbids refused
//! clearly with nothing written. (That no mutation deletes another session's ephemeral node is
//! tested in tests/mutations.rs.)

mod support;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use support::seed;
use support::{svcctl, Run, ZkServer};
use zookeeper_client as zk;

const USER: &str = "ops";
const SECRET: &str = "s3cret-Pa55word";

const FIXTURE: &str = "
ephemeral dubbo://10.0.0.1:20880/com.example.AclService?application=acl&dynamic=true&interface=com.example.AclService&methods=ping&side=provider&timestamp=1764000000000&version=1.0.0
ephemeral dubbo://10.0.0.2:20880/com.example.AclService?application=acl&dynamic=true&interface=com.example.AclService&methods=ping&side=provider&timestamp=1764000000000&version=1.0.0
persistent dubbo://10.0.0.3:20880/com.example.AclService?application=acl&dynamic=false&interface=com.example.AclService&methods=ping&side=provider&timestamp=1764000000000&version=1.0.0
";

struct Env {
    rt: tokio::runtime::Runtime,
    /// Anonymous: seeds the tree and owns the ephemeral providers.
    client: zk::Client,
    /// Authenticated as USER:SECRET.
    admin: zk::Client,
    root: String,
    dir: tempfile::TempDir,
}

fn setup(root: &str) -> Env {
    let server = ZkServer::shared();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (client, admin) = rt.block_on(async {
        let client = server.client().await;
        seed::seed(
            &client,
            root,
            &seed::parse(FIXTURE),
            &support::project_dir().join("fixtures"),
        )
        .await;
        let admin = zk::Client::connector()
            .with_auth("digest", format!("{USER}:{SECRET}").as_bytes())
            .connect(&server.address())
            .await
            .unwrap();
        (client, admin)
    });
    Env {
        rt,
        client,
        admin,
        root: root.to_string(),
        dir: tempfile::tempdir().unwrap(),
    }
}

impl Env {
    fn config(&self) -> PathBuf {
        self.dir.path().join("svcctl").join("config.toml")
    }

    /// svcctl with this test's config file.
    fn run(&self, args: &[&str]) -> Run {
        let cfg = self.config();
        let mut all = vec!["--config", cfg.to_str().unwrap()];
        all.extend_from_slice(args);
        let r = svcctl(&all);
        for (name, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            assert!(
                !text.contains(SECRET),
                "the password leaked on {name} of `{}`:\n{text}",
                args.join(" ")
            );
        }
        r
    }

    fn set_context(&self, name: &str, extra: &[&str]) {
        let server = format!("zookeeper://{}", ZkServer::shared().address());
        let mut args = vec![
            "context",
            "set",
            name,
            "--server",
            &server,
            "--dubbo-root",
            &self.root,
        ];
        args.extend_from_slice(extra);
        let r = self.run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }

    /// Every node under the root with its data, version and child version.
    fn dump(&self) -> BTreeMap<String, (Vec<u8>, i32, i32, i64)> {
        self.rt.block_on(async {
            let mut out = BTreeMap::new();
            let mut stack = vec![self.root.clone()];
            while let Some(p) = stack.pop() {
                let (data, st) = self.admin.get_data(&p).await.unwrap();
                out.insert(p.clone(), (data, st.version, st.cversion, st.mzxid));
                for c in self.admin.list_children(&p).await.unwrap() {
                    stack.push(format!("{p}/{c}"));
                }
            }
            out
        })
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Directories where anyone may read and delete but only the digest user may create: a
/// static provider's `disable` (delete the node, create its rewritten URL, in one multi-op)
/// would half-succeed if the multi-op were not atomic.
#[test]
fn a_mutation_the_acl_forbids_is_refused_and_writes_nothing() {
    let env = setup("/sec_acl");
    let providers = format!("{}/com.example.AclService/providers", env.root);
    let configurators = format!("{}/com.example.AclService/configurators", env.root);
    env.rt.block_on(async {
        let acl = [
            zk::Acl::new(
                zk::Permission::READ | zk::Permission::DELETE,
                zk::AuthId::anyone(),
            ),
            zk::Acl::new(zk::Permission::ALL, zk::AuthId::authed()),
        ];
        for dir in [&providers, &configurators] {
            env.admin.set_acl(dir, &acl, None).await.unwrap();
        }
    });
    let zk_address = ZkServer::shared().address();
    let anonymous = |args: &[&str]| {
        let mut all = vec![
            "--registry",
            zk_address.as_str(),
            "--root",
            env.root.as_str(),
        ];
        all.extend_from_slice(args);
        env.run(&all)
    };
    // The plan is delete + create: the delete alone would be allowed.
    let plan = anonymous(&[
        "disable",
        "AclService",
        "--provider",
        "10.0.0.3:20880",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let ops: Vec<String> = plan.json()["plan"]["ops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["op"].as_str().unwrap().to_string())
        .collect();
    assert!(
        ops.contains(&"delete".to_string()) && ops.contains(&"create".to_string()),
        "{ops:?}"
    );

    let before = env.dump();
    let r = anonymous(&[
        "disable",
        "AclService",
        "--provider",
        "10.0.0.3:20880",
        "--yes",
    ]);
    assert_eq!(r.code, svcctl::exit::REFUSED, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("the ACL of {providers} does not allow it"))
            && r.stderr.contains("nothing was written")
            && r.stderr.contains("hint:")
            && r.stderr.contains("--digest user:password"),
        "{}",
        r.stderr
    );
    assert_eq!(
        env.dump(),
        before,
        "a refused plan leaves the tree as it was"
    );

    // A dynamic provider: the override rule cannot be created.
    let r = anonymous(&[
        "disable",
        "AclService",
        "--provider",
        "10.0.0.1:20880",
        "--yes",
    ]);
    assert_eq!(r.code, svcctl::exit::REFUSED, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("the ACL of {configurators}")),
        "{}",
        r.stderr
    );
    assert_eq!(env.dump(), before);

    // With credentials that hold the right, the same change goes through.
    env.set_context("ops", &["--digest", &format!("{USER}:{SECRET}")]);
    let ok = env.run(&[
        "disable",
        "AclService",
        "--provider",
        "10.0.0.3:20880",
        "--yes",
    ]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert_ne!(env.dump(), before);
    let shown = env.run(&["show", "AclService", "-o", "json"]).json();
    let static_provider = shown["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["address"] == "10.0.0.3:20880")
        .unwrap()
        .clone();
    assert_eq!(static_provider["enabled"], false);
    drop(env.client);
}

#[test]
fn the_config_file_is_private_and_an_exposed_one_is_reported() {
    let env = setup("/sec_file");
    env.set_context("prod", &["--digest", &format!("{USER}:{SECRET}")]);
    let cfg = env.config();
    assert_eq!(mode(&cfg), 0o600, "created owner-only");
    assert_eq!(mode(cfg.parent().unwrap()), 0o700, "its new directory too");
    let quiet = env.run(&["context", "show"]);
    assert!(!quiet.stderr.contains("warning"), "{}", quiet.stderr);

    chmod(&cfg, 0o644);
    let warned = env.run(&["context", "show"]);
    assert_eq!(warned.code, 0, "{}", warned.stderr);
    assert_eq!(
        warned.stderr.matches("readable by others").count(),
        1,
        "one warning per run: {}",
        warned.stderr
    );
    assert!(
        warned.stderr.contains("mode 0644")
            && warned
                .stderr
                .contains(&format!("chmod 600 {}", cfg.display())),
        "{}",
        warned.stderr
    );
    // Commands that only read the file warn too.
    let ls = env.run(&["ls"]);
    assert!(ls.stderr.contains("readable by others"), "{}", ls.stderr);

    // Rewriting it makes it private again.
    env.set_context("staging", &[]);
    assert_eq!(mode(&cfg), 0o600);
    assert!(!env
        .run(&["context", "ls"])
        .stderr
        .contains("readable by others"));

    // Nothing secret in it: no warning, whatever the mode.
    env.run(&["context", "delete", "prod"]);
    chmod(&cfg, 0o644);
    let plain = env.run(&["context", "ls"]);
    assert!(
        !plain.stderr.contains("readable by others"),
        "{}",
        plain.stderr
    );
}

#[test]
fn credentials_never_appear_in_output_errors_or_json() {
    let env = setup("/sec_out");
    // Only the digest user may read this service.
    env.rt.block_on(async {
        let opts = zk::CreateMode::Persistent.with_acls(zk::Acls::creator_all());
        let name = seed::form_encode(
            "dubbo://10.1.1.1:20880/com.example.Secret?application=vault&interface=com.example.Secret&side=provider",
        );
        let base = format!("{}/com.example.Secret", env.root);
        for p in [base.clone(), format!("{base}/providers"), format!("{base}/providers/{name}")] {
            env.admin.create(&p, b"", &opts).await.unwrap();
        }
    });
    env.set_context("prod", &["--digest", &format!("{USER}:{SECRET}")]);
    let zk_address = ZkServer::shared().address();
    let in_address = format!("zookeeper://{USER}:{SECRET}@{zk_address}");
    let r = env.run(&[
        "context",
        "set",
        "inline",
        "--server",
        &in_address,
        "--dubbo-root",
        &env.root,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Everything below runs through Env::run, which fails on any output holding the password.
    for args in [
        &["context", "ls"][..],
        &["context", "ls", "-o", "json"],
        &["context", "show"],
        &["context", "show", "-o", "json"],
        &["--context", "inline", "context", "show", "-o", "json"],
        &["-v", "ls"],
        &["ls", "-o", "json"],
        &["show", "Secret"],
        &["show", "Secret", "-o", "json"],
        &["host", "10.1.1.1", "-o", "json"],
        &[
            "disable",
            "Secret",
            "--provider",
            "10.1.1.1",
            "--dry-run",
            "--force",
        ],
        &[
            "disable",
            "Secret",
            "--provider",
            "10.1.1.1",
            "--dry-run",
            "--force",
            "-o",
            "json",
        ],
    ] {
        let r = env.run(args);
        assert_eq!(r.code, 0, "`{}`: {}", args.join(" "), r.stderr);
    }
    let listed = env.run(&["context", "ls"]).stdout;
    assert!(
        listed.contains(&format!("zookeeper://{USER}:***@{zk_address}")),
        "{listed}"
    );
    let shown = env.run(&["context", "show", "-o", "json"]).json();
    assert_eq!(shown["digest"], true);

    // Credentials in the address are used as digest auth, as Dubbo does, and never shown.
    let inline = env.run(&["--context", "inline", "ls", "-o", "name"]);
    // Without them, reading the service is refused (exit 7, see the last case below).
    assert_eq!(inline.code, 0, "{}", inline.stderr);
    assert!(
        inline.stdout.contains("com.example.Secret\n"),
        "{}",
        inline.stdout
    );
    let flag = env.run(&[
        "--registry",
        &in_address,
        "--root",
        &env.root,
        "show",
        "Secret",
        "-o",
        "json",
    ]);
    assert_eq!(flag.code, 0, "{}", flag.stderr);
    assert_eq!(
        flag.json()["registry"],
        format!("zookeeper://{zk_address} root {}", env.root)
    );

    // Errors: a dead port, an invalid port, a bad root, a missing service, an exhausted retry.
    let dead = format!("zookeeper://{USER}:{SECRET}@127.0.0.1:1");
    let r = env.run(&["--registry", &dead, "--connect-timeout", "1s", "ls"]);
    assert_eq!(r.code, svcctl::exit::REGISTRY, "{}", r.stderr);
    let bad_port = format!("zookeeper://{USER}:{SECRET}@127.0.0.1:99999");
    let r = env.run(&["--registry", &bad_port, "ls"]);
    assert_eq!(r.code, svcctl::exit::USAGE, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("{USER}:***@")), "{}", r.stderr);
    let r = env.run(&["--context", "prod", "--root", "/a//b", "ls"]);
    assert_eq!(r.code, svcctl::exit::USAGE, "{}", r.stderr);
    let r = env.run(&["--context", "prod", "show", "NoSuchService", "-o", "json"]);
    assert_eq!(r.code, svcctl::exit::NOT_FOUND, "{}", r.stderr);
    // Wrong credentials are refused with a hint, and the password used is not echoed.
    let wrong = format!("zookeeper://{USER}:{SECRET}x@{zk_address}");
    let r = env.run(&["--registry", &wrong, "--root", &env.root, "show", "Secret"]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("refused access") && r.stderr.contains("credentials in use"),
        "{}",
        r.stderr
    );
}
