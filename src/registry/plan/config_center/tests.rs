//! Config-center plans against in-memory state: no ZooKeeper. Each written document is read
//! back with the reader `svcctl show` uses, and chains of plans are applied to the state so
//! that undo and idempotence are checked on what the plan would really leave.

use std::sync::Arc;

use super::*;
use crate::registry::model::{Node, NodeStat};
use crate::registry::plan::Selector;
use crate::registry::url::form_encode;

const IFACE: &str = "com.x.Demo";
const DIR: &str = "/dubbo/config/dubbo";
const DOC: &str = "/dubbo/config/dubbo/com.x.Demo:1.0.0:.configurators";
const APP_DOC: &str = "/dubbo/config/dubbo/demo.configurators";
const A: &str = "10.0.0.2:20880";
const B: &str = "10.0.0.3:20880";
const I: &str = "10.0.0.1:20880";

fn url(addr: &str) -> String {
    format!("dubbo://{addr}/com.x.Demo?application=demo&interface=com.x.Demo&methods=a,b&side=provider&version=1.0.0")
}

fn stat(version: i32, owner: i64) -> Option<NodeStat> {
    Some(NodeStat {
        ephemeral_owner: owner,
        ctime_ms: 0,
        mtime_ms: 0,
        version,
    })
}

/// Application-level instances at `apps` and live interface-level providers at `ifaces`.
fn tree(apps: &[&str], ifaces: &[&str]) -> TreeState {
    let mut t = TreeState::absent("/dubbo", IFACE);
    if !ifaces.is_empty() {
        t.exists = true;
        t.dirs.insert(Category::Providers, 10);
        t.iface.nodes.insert(
            Category::Providers,
            ifaces
                .iter()
                .map(|a| Node::new(form_encode(&url(a)), stat(0, 0x99)))
                .collect(),
        );
    }
    t.iface.instances = apps
        .iter()
        .map(|a| Node {
            name: format!("demo/{a}/dubbo/{IFACE}"),
            url: DubboUrl::parse(&url(a)).map(Arc::new),
            stat: stat(0, 0x77),
        })
        .collect();
    t
}

fn view(t: &TreeState) -> ServiceView {
    t.views().into_iter().next().expect("a service view")
}

fn chosen(v: &ServiceView, addrs: &[&str]) -> Vec<usize> {
    crate::registry::plan::select(
        v,
        &Selector {
            providers: addrs.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        },
    )
    .unwrap()
}

/// The config center with the service's document (version 7) and the application's.
fn cc(service: Option<&str>, app: Option<&str>) -> ConfigCenterState {
    ConfigCenterState {
        dir: DIR.into(),
        dir_cversion: Some(4),
        missing_parents: Vec::new(),
        documents: vec![
            Document {
                path: APP_DOC.into(),
                node: app.map(|t| (t.to_string(), 2)),
            },
            Document {
                path: DOC.into(),
                node: service.map(|t| (t.to_string(), 7)),
            },
        ],
    }
}

/// The state after committing `plan`: its document operations and registry rule nodes.
fn commit(t: &TreeState, c: &ConfigCenterState, plan: &Plan) -> (TreeState, ConfigCenterState) {
    let mut t = t.clone();
    let mut c = c.clone();
    for op in &plan.ops {
        if op.path == DOC {
            let doc = c.documents.last_mut().unwrap();
            doc.node = match op.op {
                OpKind::Delete => None,
                OpKind::Create | OpKind::SetData => Some((
                    op.content.clone().unwrap(),
                    doc.node.as_ref().map_or(0, |n| n.1 + 1),
                )),
                OpKind::Check => doc.node.clone(),
            };
            continue;
        }
        let dir = t.dir(Category::Configurators);
        let Some(name) = op.path.strip_prefix(&format!("{dir}/")) else {
            continue;
        };
        let rules = t.iface.nodes.entry(Category::Configurators).or_default();
        match op.op {
            OpKind::Create => rules.push(Node::new(name.to_string(), stat(0, 0))),
            OpKind::Delete => rules.retain(|n| n.name != name),
            _ => {}
        }
        t.exists = true;
        t.dirs.entry(Category::Configurators).or_insert(0);
    }
    (t, c)
}

/// The service's document as the reader sees it, and the state it gives provider `addr` as a
/// consumer that finds it by application computes it.
fn seen_by_app(c: &ConfigCenterState, addr: &str) -> Effective {
    let layers: Vec<(String, Vec<DubboUrl>)> = c
        .documents
        .iter()
        .filter_map(|d| Some((d.path.clone(), parse_rules(&d.node.as_ref()?.0).unwrap())))
        .collect();
    rules::effective_layered(&DubboUrl::parse(&url(addr)).unwrap(), &[], &layers, None)
}

fn content(plan: &Plan) -> String {
    plan.ops
        .iter()
        .find(|o| o.path == DOC)
        .and_then(|o| o.content.clone())
        .unwrap_or_default()
}

fn kinds(plan: &Plan) -> Vec<(&'static str, String)> {
    plan.ops
        .iter()
        .map(|o| {
            (
                o.op.as_str(),
                o.url.clone().unwrap_or_else(|| o.path.clone()),
            )
        })
        .collect()
}

const WRITTEN: &str = "configVersion: v2.7
scope: service
key: \"com.x.Demo:1.0.0\"
enabled: true
configs:
  - side: consumer
    addresses:
      - 0.0.0.0
    providerAddresses:
      - \"10.0.0.2:20880\"
    parameters:
      disabled: true
";

#[test]
fn disable_creates_the_service_document_and_enable_removes_it() {
    let t = tree(&[A, B], &[]);
    let v = view(&t);
    let mut c = cc(None, None);
    c.missing_parents = vec!["/dubbo/config".into(), DIR.into()];
    c.dir_cversion = None;
    let plan = disable(&t, &c, &v, &chosen(&v, &[A]), false).unwrap();
    assert_eq!(
        kinds(&plan),
        vec![
            ("create", "/dubbo/config".to_string()),
            ("create", DIR.to_string()),
            ("create", DOC.to_string()),
        ]
    );
    assert_eq!(content(&plan), WRITTEN);
    assert_eq!(plan.ops[2].data, WRITTEN.as_bytes());
    assert_eq!(plan.changes, vec![format!("provider {A} disabled")]);
    assert_eq!(
        plan.undo,
        vec![format!("svcctl enable com.x.Demo:1.0.0 --provider {A}")]
    );
    assert_eq!(
        plan.guards,
        vec![Guard {
            path: DIR.into(),
            cversion: None
        }]
    );
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    let (t2, c2) = commit(&t, &c, &plan);
    assert!(!seen_by_app(&c2, A).enabled);
    assert!(seen_by_app(&c2, B).enabled, "only the selected provider");

    // Again: nothing to do.
    let again = disable(&t2, &c2, &v, &chosen(&v, &[A]), false).unwrap();
    assert!(again.ops.is_empty() && again.guards.is_empty());
    assert_eq!(
        again.unchanged,
        vec![format!("provider {A} already disabled")]
    );

    // The undo: the item goes, and with it the document (version checked).
    let back = enable(&t2, &c2, &v, &chosen(&v, &[A])).unwrap();
    assert_eq!(kinds(&back), vec![("delete", DOC.to_string())]);
    assert_eq!(back.ops[0].expected_version, Some(0));
    assert_eq!(back.changes, vec![format!("provider {A} enabled")]);
    assert_eq!(
        back.undo,
        vec![format!("svcctl disable com.x.Demo:1.0.0 --provider {A}")]
    );
    let (_, c3) = commit(&t2, &c2, &back);
    assert_eq!(c3.documents[1].node, None);
    assert!(seen_by_app(&c3, A).enabled);
}

const FOREIGN: &str = "# written by dubbo-admin
configVersion: v2.7
scope: service
key: com.x.Demo:1.0.0
enabled: true
configs:
  - side: consumer
    addresses: [0.0.0.0]
    applications: [billing]
    parameters: {timeout: 5000}
";

#[test]
fn other_items_and_keys_survive_disable_and_enable() {
    let t = tree(&[A, B], &[]);
    let v = view(&t);
    let c = cc(Some(FOREIGN), None);
    let plan = disable(&t, &c, &v, &chosen(&v, &[A]), false).unwrap();
    assert_eq!(kinds(&plan), vec![("set_data", DOC.to_string())]);
    assert_eq!(plan.ops[0].expected_version, Some(7));
    let text = content(&plan);
    let rules = parse_rules(&text).unwrap();
    assert_eq!(rules.len(), 2, "{text}");
    assert_eq!(rules[0].param("timeout"), Some("5000"));
    assert_eq!(rules[0].param("application"), Some("billing"));
    assert!(
        plan.warnings.iter().any(|w| w.contains("comments")),
        "{:?}",
        plan.warnings
    );
    let (t2, c2) = commit(&t, &c, &plan);
    assert!(!seen_by_app(&c2, A).enabled);

    let back = enable(&t2, &c2, &v, &chosen(&v, &[A])).unwrap();
    assert_eq!(kinds(&back), vec![("set_data", DOC.to_string())]);
    let rules = parse_rules(&content(&back)).unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].param("timeout"), Some("5000"));
    assert!(
        back.warnings.is_empty(),
        "svcctl's own text is not reformatted: {:?}",
        back.warnings
    );
}

#[test]
fn enable_under_a_broader_rule_adds_a_re_enabling_item() {
    let t = tree(&[A, B], &[]);
    let v = view(&t);
    // A service-wide disable, and application rules the plan reads (and checks).
    let broad = "configVersion: v2.7\nscope: service\nkey: com.x.Demo:1.0.0\nconfigs:\n  - side: consumer\n    addresses: [0.0.0.0]\n    parameters: {disabled: true}\n";
    let app = "configVersion: v2.7\nscope: application\nkey: demo\nconfigs:\n  - side: consumer\n    parameters: {timeout: 5000}\n";
    let c = cc(Some(broad), Some(app));
    let plan = enable(&t, &c, &v, &chosen(&v, &[A])).unwrap();
    assert_eq!(
        kinds(&plan),
        vec![
            ("check", APP_DOC.to_string()),
            ("set_data", DOC.to_string())
        ]
    );
    assert_eq!(plan.ops[0].expected_version, Some(2));
    assert!(
        content(&plan).contains("disabled: false"),
        "{}",
        content(&plan)
    );
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("still disabled by") && w.contains(DOC)),
        "{:?}",
        plan.warnings
    );
    let (_, c2) = commit(&t, &c, &plan);
    assert!(seen_by_app(&c2, A).enabled);
    assert!(!seen_by_app(&c2, B).enabled, "the broader rule is kept");
    // Disabling it again replaces the re-enabling item rather than stacking a contradiction.
    let (t2, _) = commit(&t, &c, &plan);
    let again = disable(&t2, &c2, &v, &chosen(&v, &[A]), true).unwrap();
    let text = content(&again);
    assert_eq!(text.matches("providerAddresses").count(), 1, "{text}");
    assert!(!text.contains("disabled: false"), "{text}");
    let (_, c3) = commit(&t2, &c2, &again);
    assert!(!seen_by_app(&c3, A).enabled);
    // The undo line disables it again (the service went from zero enabled providers).
    assert_eq!(
        plan.undo,
        vec![format!(
            "svcctl disable com.x.Demo:1.0.0 --provider {A} --force"
        )]
    );
}

#[test]
fn weight_replaces_its_item_and_the_registered_weight_removes_it() {
    let t = tree(&[A, B], &[]);
    let v = view(&t);
    let c = cc(None, None);
    let plan = weight(&t, &c, &v, &chosen(&v, &[A]), WeightChange::Set(200)).unwrap();
    assert!(content(&plan).contains("weight: 200"), "{}", content(&plan));
    assert_eq!(
        plan.changes,
        vec![format!("provider {A} weight 100 -> 200")]
    );
    assert_eq!(
        plan.undo,
        vec![format!("svcctl weight com.x.Demo:1.0.0 100 --provider {A}")]
    );
    let (t2, c2) = commit(&t, &c, &plan);
    assert_eq!(seen_by_app(&c2, A).weight, 200);
    let same = weight(&t2, &c2, &v, &chosen(&v, &[A]), WeightChange::Set(200)).unwrap();
    assert!(same.ops.is_empty());
    assert_eq!(
        same.unchanged,
        vec![format!("provider {A} weight already 200")]
    );

    let doubled = weight(&t2, &c2, &v, &chosen(&v, &[A]), WeightChange::Times(2.0)).unwrap();
    let (t3, c3) = commit(&t2, &c2, &doubled);
    assert_eq!(seen_by_app(&c3, A).weight, 400);
    let text = &c3.documents[1].node.as_ref().unwrap().0;
    assert_eq!(text.matches("providerAddresses").count(), 1, "{text}");

    let reset = weight(&t3, &c3, &v, &chosen(&v, &[A]), WeightChange::Set(100)).unwrap();
    assert_eq!(kinds(&reset), vec![("delete", DOC.to_string())]);
}

#[test]
fn documents_svcctl_cannot_edit_safely_are_refused() {
    let t = tree(&[A, B], &[]);
    let v = view(&t);
    let json = r#"["override://0.0.0.0/com.x.Demo?version=1.0.0&weight=5"]"#;
    let cases = [
        (json, "JSON list"),
        ("key: com.x.Demo:1.0.0\nconfigs: [\n", "does not parse"),
        ("key: com.x.Demo:1.0.0\n", "configs"),
        (
            "key: com.x.Demo:1.0.0\nconfigs: []\n---\nkey: other\nconfigs: []\n",
            "2 YAML documents",
        ),
    ];
    for (text, why) in cases {
        let err = disable(&t, &cc(Some(text), None), &v, &chosen(&v, &[A]), false).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(why) && msg.contains(DOC) && msg.contains("nothing was written"),
            "{text:?}: {msg}"
        );
    }
    // A document switched off as a whole would not carry the new item: the simulation says so.
    let off =
        "configVersion: v2.7\nscope: service\nkey: com.x.Demo:1.0.0\nenabled: false\nconfigs: []\n";
    let err = disable(&t, &cc(Some(off), None), &v, &chosen(&v, &[A]), false).unwrap_err();
    assert!(
        err.to_string().contains("keeps it enabled") && err.to_string().contains("by application"),
        "{err}"
    );
}

#[test]
fn the_last_provider_consumers_find_by_application_needs_force() {
    let t = tree(&[A], &[]);
    let v = view(&t);
    let err = disable(&t, &cc(None, None), &v, &chosen(&v, &[A]), false).unwrap_err();
    assert!(err.to_string().contains("last enabled provider"), "{err}");
    let forced = disable(&t, &cc(None, None), &v, &chosen(&v, &[A]), true).unwrap();
    assert!(forced
        .warnings
        .iter()
        .any(|w| w.contains("last enabled provider") && w.contains("--force")));
}

#[test]
fn a_provider_registered_both_ways_is_changed_in_both_places() {
    // A is registered at both levels, I at interface level only, B at application level only.
    let t = tree(&[A, B], &[A, I]);
    let v = view(&t);
    assert_eq!(
        v.providers.iter().map(|p| p.discovery).collect::<Vec<_>>(),
        vec![
            Discovery::Interface,
            Discovery::Both,
            Discovery::Application
        ]
    );
    let c = cc(None, None);
    let plan = disable(&t, &c, &v, &chosen(&v, &[A]), false).unwrap();
    let registry_override = "override://10.0.0.2:20880/com.x.Demo?category=configurators&disabled=true&dynamic=false&enabled=true&version=1.0.0";
    let k = kinds(&plan);
    assert!(
        k.contains(&("create", registry_override.to_string())),
        "{k:?}"
    );
    assert!(k.contains(&("create", DOC.to_string())), "{k:?}");
    assert_eq!(plan.changes, vec![format!("provider {A} disabled")]);
    let (t2, c2) = commit(&t, &c, &plan);
    assert!(!seen_by_app(&c2, A).enabled);
    let registry_rules: Vec<DubboUrl> = t2
        .iface
        .nodes(Category::Configurators)
        .iter()
        .map(|n| DubboUrl::clone(n.url.as_ref().unwrap()))
        .collect();
    let a = DubboUrl::parse(&url(A)).unwrap();
    assert!(
        !rules::effective(&a, &registry_rules, None).enabled,
        "a consumer reading only the registry sees it disabled too"
    );

    // Enabling removes both.
    let back = enable(&t2, &c2, &v, &chosen(&v, &[A])).unwrap();
    let k = kinds(&back);
    assert!(
        k.contains(&("delete", registry_override.to_string())),
        "{k:?}"
    );
    assert!(k.contains(&("delete", DOC.to_string())), "{k:?}");
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);

    // With the interface-only provider too, consumers that find providers by interface would
    // have none left.
    let both = disable(&t, &c, &v, &chosen(&v, &[A, I]), false).unwrap_err();
    assert!(both.to_string().contains("last enabled provider"), "{both}");
    let forced = disable(&t, &c, &v, &chosen(&v, &[A, I]), true).unwrap();
    let k = kinds(&forced);
    assert!(
        k.iter()
            .any(|(_, u)| u.starts_with("override://10.0.0.1:20880/")),
        "the interface-only provider gets today's registry override: {k:?}"
    );
    assert!(
        !content(&forced).contains("10.0.0.1"),
        "{}",
        content(&forced)
    );
}

#[test]
fn only_application_level_selections_need_the_config_center() {
    let t = tree(&[A], &[I]);
    let v = view(&t);
    assert!(!needed(&v, &chosen(&v, &[I])));
    assert!(needed(&v, &chosen(&v, &[A])));
    assert_eq!(
        document_paths("/dubbo", &v),
        vec![APP_DOC.to_string(), DOC.to_string()]
    );
}
