//! Plan builders against in-memory trees: tables of cases, no ZooKeeper.
// Case tables are tuples on purpose: one line per case reads better than a struct per table.
#![allow(clippy::type_complexity)]

use super::*;
use crate::registry::model::{Category, Node, NodeStat};

const IFACE: &str = "com.x.Demo";
const SESSION: i64 = 0x1234;

/// Provider URLs and whether each is ephemeral.
type Providers = Vec<(String, bool)>;

fn p(addr: &str, extra: &str) -> String {
    format!("dubbo://{addr}/com.x.Demo?application=demo&interface=com.x.Demo&methods=a,b&pid=7&side=provider&timestamp=1000&version=1.0.0{extra}")
}

fn ovr(addr: &str, params: &str) -> String {
    format!("override://{addr}/com.x.Demo?category=configurators&dynamic=false&enabled=true&version=1.0.0&{params}")
}

/// `(url, ephemeral)` providers and rule URLs → a tree (versions: 3 for every node).
fn tree(providers: &[(&str, bool)], rules: &[&str]) -> TreeState {
    let stat = |owner| {
        Some(NodeStat {
            ephemeral_owner: owner,
            ctime_ms: 0,
            mtime_ms: 0,
            version: 3,
        })
    };
    let mut t = TreeState::absent("/dubbo", IFACE);
    t.exists = true;
    t.dirs.insert(Category::Providers, 10);
    t.dirs.insert(Category::Configurators, 20);
    t.iface.nodes.insert(
        Category::Providers,
        providers
            .iter()
            .map(|(u, eph)| Node::new(form_encode(u), stat(if *eph { SESSION } else { 0 })))
            .collect(),
    );
    t.iface.nodes.insert(
        Category::Configurators,
        rules
            .iter()
            .map(|u| Node::new(form_encode(u), stat(0)))
            .collect(),
    );
    t
}

fn view(t: &TreeState) -> ServiceView {
    t.views().into_iter().next().expect("a service view")
}

fn sel(addrs: &[&str]) -> Selector {
    Selector {
        providers: addrs.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

/// The plan as `op decoded-url` lines, for compact assertions.
fn ops(plan: &Plan) -> Vec<String> {
    plan.ops
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o.op.as_str(),
                o.url.clone().unwrap_or_else(|| o.path.clone())
            )
        })
        .collect()
}

#[test]
fn disable_cases() {
    let a = "10.0.0.1:20880";
    let b = "10.0.0.2:20880";
    let disable_a = ovr(a, "disabled=true");
    // (case, providers, rules, target, expected ops, unchanged lines)
    let cases: Vec<(&str, Providers, Vec<String>, &str, Vec<String>, usize)> = vec![
        (
            "dynamic provider: the admin override",
            vec![(p(a, ""), true), (p(b, ""), true)],
            vec![],
            a,
            vec![format!("create {}", ovr_sorted(a, "disabled=true"))],
            0,
        ),
        (
            "already disabled by the same rule: unchanged",
            vec![(p(a, ""), true), (p(b, ""), true)],
            vec![disable_a.clone()],
            a,
            vec![],
            1,
        ),
        (
            "a disabled=false rule for the address is replaced",
            vec![(p(a, ""), true), (p(b, ""), true)],
            vec![ovr(a, "disabled=false")],
            a,
            vec![
                format!("delete {}", ovr(a, "disabled=false")),
                format!("create {}", ovr_sorted(a, "disabled=true")),
            ],
            0,
        ),
        (
            "a combined rule keeps its other parameters",
            vec![(p(a, ""), true), (p(b, ""), true)],
            vec![ovr(a, "disabled=false&weight=7")],
            a,
            vec![
                format!("delete {}", ovr(a, "disabled=false&weight=7")),
                format!("create {}", ovr_sorted(a, "weight=7")),
                format!("create {}", ovr_sorted(a, "disabled=true")),
            ],
            0,
        ),
        (
            "static provider: its node is rewritten with enabled=false",
            vec![(p(a, "&dynamic=false"), false), (p(b, ""), true)],
            vec![],
            a,
            vec![
                format!("delete {}", p(a, "&dynamic=false")),
                format!("create {}", sorted(&p(a, "&dynamic=false&enabled=false"))),
            ],
            0,
        ),
    ];
    for (name, providers, rules, target, want, unchanged) in cases {
        let providers: Vec<(&str, bool)> =
            providers.iter().map(|(u, e)| (u.as_str(), *e)).collect();
        let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
        let t = tree(&providers, &rules);
        let v = view(&t);
        let chosen = select(&v, &sel(&[target])).unwrap();
        let plan = disable(&t, &v, &chosen, false).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ops(&plan), want, "{name}");
        assert_eq!(plan.unchanged.len(), unchanged, "{name}");
        if !plan.is_empty() {
            assert_eq!(
                plan.changes,
                vec![format!("provider {target} disabled")],
                "{name}"
            );
            assert_eq!(
                plan.undo,
                vec![format!(
                    "svcctl enable com.x.Demo:1.0.0 --provider {target}"
                )],
                "{name}"
            );
            assert!(
                plan.guards
                    .iter()
                    .any(|g| g.path == "/dubbo/com.x.Demo/configurators" && g.cversion == Some(20)),
                "{name}: {:?}",
                plan.guards
            );
        }
    }
}

fn sorted(url: &str) -> String {
    let mut u = DubboUrl::parse(url).unwrap();
    u.sort_params();
    u.to_full_string()
}

fn ovr_sorted(addr: &str, params: &str) -> String {
    sorted(&ovr(addr, params))
}

#[test]
fn deletes_carry_the_version_read_and_paths_are_encoded() {
    let t = tree(
        &[
            (&p("10.0.0.1:20880", ""), true),
            (&p("10.0.0.2:20880", ""), true),
        ],
        &[&ovr("10.0.0.1:20880", "disabled=true")],
    );
    let v = view(&t);
    let plan = enable(&t, &v, &select(&v, &sel(&["10.0.0.1"])).unwrap()).unwrap();
    assert_eq!(plan.ops.len(), 1);
    let op = &plan.ops[0];
    assert_eq!(op.op, OpKind::Delete);
    assert_eq!(op.expected_version, Some(3));
    assert_eq!(
        op.path,
        format!(
            "/dubbo/com.x.Demo/configurators/{}",
            form_encode(&ovr("10.0.0.1:20880", "disabled=true"))
        )
    );
    assert!(op
        .display_path
        .starts_with("/dubbo/com.x.Demo/configurators/override://10.0.0.1:20880/"));
    assert_eq!(
        plan.undo,
        vec!["svcctl disable com.x.Demo:1.0.0 --provider 10.0.0.1:20880"]
    );
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["action"], "enable");
    assert_eq!(json["ops"][0]["op"], "delete");
    assert_eq!(json["ops"][0]["expected_version"], 3);
    assert!(json["ops"][0].get("data").is_none());
}

#[test]
fn enable_cases() {
    let a = "10.0.0.1:20880";
    let b = "10.0.0.2:20880";
    let live = vec![(p(a, ""), true), (p(b, ""), true)];
    let cases: Vec<(&str, Providers, Vec<String>, Vec<String>)> = vec![
        ("enabled already: unchanged", live.clone(), vec![], vec![]),
        (
            "the disabling rule is removed, nothing written",
            live.clone(),
            vec![ovr(a, "disabled=true")],
            vec![format!("delete {}", ovr(a, "disabled=true"))],
        ),
        (
            "a broader 0.0.0.0 rule stays; a disabled=false rule for the address wins over it",
            live.clone(),
            vec![ovr("0.0.0.0", "disabled=true")],
            vec![format!("create {}", ovr_sorted(a, "disabled=false"))],
        ),
        (
            "both: remove the address rule, and still counter the broad one",
            live.clone(),
            vec![ovr("0.0.0.0", "disabled=true"), ovr(a, "disabled=true")],
            vec![
                format!("delete {}", ovr(a, "disabled=true")),
                format!("create {}", ovr_sorted(a, "disabled=false")),
            ],
        ),
        (
            "static provider: enabled=false dropped from its node",
            vec![
                (p(a, "&dynamic=false&enabled=false"), false),
                (p(b, ""), true),
            ],
            vec![],
            vec![
                format!("delete {}", p(a, "&dynamic=false&enabled=false")),
                format!("create {}", sorted(&p(a, "&dynamic=false"))),
            ],
        ),
        (
            "dynamic provider registered with enabled=false: a disabled=false override",
            vec![(p(a, "&enabled=false"), true), (p(b, ""), true)],
            vec![],
            vec![format!("create {}", ovr_sorted(a, "disabled=false"))],
        ),
        (
            "a rule scoped to a consumer application is not ours to remove",
            live.clone(),
            vec![ovr(a, "disabled=true&application=billing")],
            vec![],
        ),
    ];
    for (name, providers, rules, want) in cases {
        let providers: Vec<(&str, bool)> =
            providers.iter().map(|(u, e)| (u.as_str(), *e)).collect();
        let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
        let t = tree(&providers, &rules);
        let v = view(&t);
        let plan = enable(&t, &v, &select(&v, &sel(&[a])).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ops(&plan), want, "{name}");
        // Whatever the plan, its simulated result is what `show` will report.
        assert!(
            plan.is_empty() || plan.changes == vec![format!("provider {a} enabled")],
            "{name}"
        );
    }
}

#[test]
fn config_center_rules_count_for_the_last_provider_rail() {
    // Two providers, but a config-center rule already takes 10.0.0.2 out: 10.0.0.1 is the last.
    let mut t = tree(
        &[
            (&p("10.0.0.1:20880", ""), true),
            (&p("10.0.0.2:20880", ""), true),
        ],
        &[],
    );
    let key = ServiceKey::new(IFACE, None, Some("1.0.0"));
    let yaml = "configVersion: v2.7\nscope: service\nkey: com.x.Demo:1.0.0\nconfigs:\n  - side: consumer\n    providerAddresses: [\"10.0.0.2:20880\"]\n    parameters: {disabled: true}\n";
    t.config_center.insert(
        crate::registry::config_center::service_rule_path("/dubbo", &key),
        crate::registry::config_center::parse_rules(yaml).unwrap(),
    );
    let v = view(&t);
    let e = disable(&t, &v, &select(&v, &sel(&["10.0.0.1"])).unwrap(), false).unwrap_err();
    assert_eq!(e.exit_code(), crate::exit::REFUSED, "{e}");
    // And the disabled one is already disabled: nothing to write.
    let plan = disable(&t, &v, &select(&v, &sel(&["10.0.0.2"])).unwrap(), false).unwrap();
    assert!(plan.ops.is_empty(), "{:?}", plan.ops);
    // svcctl writes registry rules, which Dubbo applies before the config center's: enabling
    // cannot win against that rule, and the plan builder says so instead of writing anything.
    let e = enable(&t, &v, &select(&v, &sel(&["10.0.0.2"])).unwrap()).unwrap_err();
    assert!(
        e.to_string().contains("another rule keeps it disabled"),
        "{e}"
    );
}

#[test]
fn last_provider_rail() {
    let t = tree(&[(&p("10.0.0.1:20880", ""), true)], &[]);
    let v = view(&t);
    let chosen = select(&v, &sel(&["10.0.0.1"])).unwrap();
    let e = disable(&t, &v, &chosen, false).unwrap_err();
    assert_eq!(e.exit_code(), crate::exit::REFUSED);
    assert!(e.to_string().contains("last enabled provider"));
    let forced = disable(&t, &v, &chosen, true).unwrap();
    assert_eq!(forced.ops.len(), 1);
    assert_eq!(forced.warnings.len(), 1);
    // Nothing enabled to begin with: no rail (and enable's undo needs --force).
    let t = tree(
        &[(&p("10.0.0.1:20880", ""), true)],
        &[&ovr("10.0.0.1:20880", "disabled=true")],
    );
    let v = view(&t);
    let plan = enable(&t, &v, &[0]).unwrap();
    assert!(plan.undo[0].ends_with("--force"), "{:?}", plan.undo);
}

#[test]
fn weight_parsing() {
    let cases: &[(&str, i32, Option<i32>)] = &[
        ("150", 100, Some(150)),
        ("x2", 100, Some(200)),
        ("*1.5", 100, Some(150)),
        ("/2", 100, Some(50)),
        ("/3", 100, Some(33)),
        ("+10", 100, Some(110)),
        ("-10", 100, Some(90)),
        ("-100", 100, None),
        ("0", 100, None),
        ("/1000", 100, None),
        ("x0", 100, None),
        ("x-1", 100, None),
        ("abc", 100, None),
        ("", 100, None),
        ("99999999999", 100, None),
        ("xNaN", 100, None),
        ("x1e308", 100, None),
    ];
    for (text, current, want) in cases {
        let got = WeightChange::parse(text)
            .and_then(|c| c.apply(*current))
            .ok();
        assert_eq!(got, *want, "{text:?} from {current}");
    }
    let e = WeightChange::parse("0").unwrap().apply(100).unwrap_err();
    assert_eq!(e.exit_code(), crate::exit::USAGE);
    assert!(e.hint().unwrap().contains("svcctl disable"));
}

#[test]
fn weight_cases() {
    let a = "10.0.0.1:20880";
    let b = "10.0.0.2:20880";
    let live = |extra: &str| vec![(p(a, extra), true), (p(b, ""), true)];
    let cases: Vec<(&str, Providers, Vec<String>, &str, Vec<String>)> = vec![
        (
            "set",
            live(""),
            vec![],
            "300",
            vec![format!("create {}", ovr_sorted(a, "weight=300"))],
        ),
        ("unchanged", live(""), vec![], "100", vec![]),
        (
            "replace an existing weight rule",
            live(""),
            vec![ovr(a, "weight=50")],
            "x3",
            vec![
                format!("delete {}", ovr(a, "weight=50")),
                format!("create {}", ovr_sorted(a, "weight=150")),
            ],
        ),
        (
            "relative back to the registered weight: just the removal",
            live(""),
            vec![ovr(a, "weight=50")],
            "x2",
            vec![format!("delete {}", ovr(a, "weight=50"))],
        ),
        (
            "back to the registered weight removes the rule",
            live("&weight=200"),
            vec![ovr(a, "weight=50")],
            "200",
            vec![format!("delete {}", ovr(a, "weight=50"))],
        ),
        (
            "back to the registered weight under a broad weight rule keeps an explicit one",
            live("&weight=200"),
            vec![ovr(a, "weight=50"), ovr("0.0.0.0", "weight=10")],
            "200",
            vec![
                format!("delete {}", ovr(a, "weight=50")),
                format!("create {}", ovr_sorted(a, "weight=200")),
            ],
        ),
        (
            "a disable in the same rule survives",
            live(""),
            vec![ovr(a, "disabled=true&weight=50")],
            "60",
            vec![
                format!("delete {}", ovr(a, "disabled=true&weight=50")),
                format!("create {}", ovr_sorted(a, "disabled=true")),
                format!("create {}", ovr_sorted(a, "weight=60")),
            ],
        ),
    ];
    for (name, providers, rules, w, want) in cases {
        let providers: Vec<(&str, bool)> =
            providers.iter().map(|(u, e)| (u.as_str(), *e)).collect();
        let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
        let t = tree(&providers, &rules);
        let v = view(&t);
        let chosen = select(&v, &sel(&[a])).unwrap();
        let plan = weight(&t, &v, &chosen, WeightChange::parse(w).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ops(&plan), want, "{name}");
    }
}

#[test]
fn weight_undo_groups_by_previous_weight() {
    let t = tree(
        &[
            (&p("10.0.0.1:20880", ""), true),
            (&p("10.0.0.2:20880", "&weight=200"), true),
            (&p("10.0.0.3:20880", ""), true),
        ],
        &[],
    );
    let v = view(&t);
    let plan = weight(&t, &v, &[0, 1, 2], WeightChange::parse("x2").unwrap()).unwrap();
    assert_eq!(
        plan.undo,
        vec![
            "svcctl weight com.x.Demo:1.0.0 100 --provider 10.0.0.1:20880 --provider 10.0.0.3:20880",
            "svcctl weight com.x.Demo:1.0.0 200 --provider 10.0.0.2:20880",
        ]
    );
}

#[test]
fn selection_cases() {
    let t = tree(
        &[
            (&p("10.0.0.1:20880", ""), true),
            (&p("10.0.0.1:20881", "&application=other"), true),
            (&p("10.0.0.2:20880", ""), true),
        ],
        &[],
    );
    let v = view(&t);
    let addrs = |s: &Selector| -> std::result::Result<Vec<String>, i32> {
        select(&v, s)
            .map(|ix| ix.iter().map(|&i| v.providers[i].url.address()).collect())
            .map_err(|e| e.exit_code())
    };
    let s = |providers: &[&str], hosts: &[&str], app: Option<&str>| Selector {
        providers: providers.iter().map(|x| x.to_string()).collect(),
        hosts: hosts.iter().map(|x| x.to_string()).collect(),
        app: app.map(str::to_string),
    };
    assert_eq!(
        addrs(&s(&["10.0.0.1:20880"], &[], None)),
        Ok(vec!["10.0.0.1:20880".into()])
    );
    assert_eq!(
        addrs(&s(&["10.0.0.1"], &[], None)),
        Ok(vec!["10.0.0.1:20880".into(), "10.0.0.1:20881".into()])
    );
    assert_eq!(
        addrs(&s(&[], &["10.0.0.1"], Some("demo"))),
        Ok(vec!["10.0.0.1:20880".into()])
    );
    assert_eq!(
        addrs(&s(&[], &[], Some("other"))),
        Ok(vec!["10.0.0.1:20881".into()])
    );
    assert_eq!(
        addrs(&s(&["10.0.0.1:20880", "10.0.0.1"], &[], None))
            .unwrap()
            .len(),
        2,
        "deduplicated"
    );
    assert_eq!(
        addrs(&s(&["10.0.0.9"], &[], None)),
        Err(crate::exit::NOT_FOUND)
    );
    assert_eq!(
        addrs(&s(&[], &[], Some("nope"))),
        Err(crate::exit::NOT_FOUND)
    );
    assert_eq!(addrs(&s(&[], &[], None)), Err(crate::exit::USAGE));
    for bad in [
        "10.0.0.1:0",
        "10.0.0.1:x",
        ":20880",
        "[::1",
        "a/b",
        "10.0.0.1:70000",
    ] {
        assert_eq!(
            addrs(&s(&[bad], &[], None)),
            Err(crate::exit::USAGE),
            "{bad}"
        );
    }
    assert_eq!(
        addrs(&s(&[], &["10.0.0.1:20880"], None)),
        Err(crate::exit::USAGE),
        "--host has no port"
    );
    let e = select(&v, &s(&["10.0.0.9"], &[], None)).unwrap_err();
    assert!(e
        .hint()
        .unwrap()
        .contains("10.0.0.1:20880, 10.0.0.1:20881, 10.0.0.2:20880"));
}

#[test]
fn register_and_unregister() {
    let a = "10.0.0.1:20880";
    let static3 = sorted(&p("10.0.0.3:20880", "&dynamic=false"));
    let t = tree(&[(&p(a, ""), true), (&static3, false)], &[]);
    let v = view(&t);
    // Templated from the registered provider: methods etc. carry over, process keys do not.
    let (url, warnings) = template_static_url(
        Some(&v),
        &v.key,
        "10.0.0.7",
        20880,
        &["weight=5".into(), "pid=".into()],
        42,
    )
    .unwrap();
    assert!(warnings.is_empty());
    assert_eq!(
        url.to_full_string(),
        "dubbo://10.0.0.7:20880/com.x.Demo?application=demo&dynamic=false&interface=com.x.Demo&methods=a,b&side=provider&timestamp=42&version=1.0.0&weight=5"
    );
    let plan = register_static(&t, url.clone()).unwrap();
    assert_eq!(ops(&plan), vec![format!("create {url}")]);
    assert_eq!(
        plan.undo,
        vec!["svcctl unregister com.x.Demo:1.0.0 --address 10.0.0.7:20880"]
    );
    // No template: a minimal URL and a warning.
    let key = ServiceKey::new("com.x.New", Some("g"), Some("2.0"));
    let (url, warnings) = template_static_url(None, &key, "h", 1, &[], 42).unwrap();
    assert_eq!(url.to_full_string(), "dubbo://h:1/com.x.New?dynamic=false&group=g&interface=com.x.New&side=provider&timestamp=42&version=2.0");
    assert_eq!(warnings.len(), 1);
    // A brand-new interface: the interface node and the directory are created first.
    let fresh = TreeState::absent("/dubbo", "com.x.New");
    let plan = register_static(&fresh, url).unwrap();
    assert_eq!(
        plan.ops.iter().map(|o| o.op).collect::<Vec<_>>(),
        vec![OpKind::Create; 3]
    );
    assert_eq!(plan.ops[0].path, "/dubbo/com.x.New");
    assert_eq!(plan.ops[1].path, "/dubbo/com.x.New/providers");
    let mut empty_zk = TreeState::absent("/dubbo", "com.x.New");
    empty_zk.missing_parents = vec!["/dubbo".into()];
    let plan = register_static(
        &empty_zk,
        plan.ops[2]
            .url
            .clone()
            .map(|u| DubboUrl::parse(&u).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(plan.ops[0].path, "/dubbo");
    assert_eq!(plan.ops.len(), 4);
    // Live address: refused with the pin hint; static address: refused.
    let e = register_static(
        &t,
        static_provider_url(DubboUrl::parse(&p(a, "&x=1")).unwrap()).unwrap(),
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), crate::exit::REFUSED);
    assert!(e.to_string().contains("session 0x1234"), "{e}");
    // Same static URL again: unchanged.
    let again = register_static(
        &t,
        static_provider_url(DubboUrl::parse(&static3).unwrap()).unwrap(),
    )
    .unwrap();
    assert!(again.is_empty(), "{:?}", again.ops);

    let e = unregister(&t, &v, "10.0.0.1", 20880, false).unwrap_err();
    assert_eq!(e.exit_code(), crate::exit::REFUSED);
    assert!(e.to_string().contains("session 0x1234"));
    let plan = unregister(&t, &v, "10.0.0.3", 20880, false).unwrap();
    assert_eq!(ops(&plan), vec![format!("delete {static3}")]);
    assert_eq!(plan.ops[0].expected_version, Some(3));
    assert!(plan.undo[0].starts_with("svcctl register --static 'dubbo://10.0.0.3:20880/"));
    assert_eq!(
        unregister(&t, &v, "10.0.0.9", 1, false)
            .unwrap_err()
            .exit_code(),
        crate::exit::NOT_FOUND
    );
}

#[test]
fn static_provider_url_validation() {
    for bad in [
        "override://10.0.0.1:20880/com.x.A?disabled=true",
        "consumer://10.0.0.1:20880/com.x.A",
        "dubbo://10.0.0.1/com.x.A",
        "dubbo://0.0.0.0:20880/com.x.A",
        "dubbo://10.0.0.1:20880/?application=x",
        "dubbo://10.0.0.1:20880/com.x.A?category=consumers",
    ] {
        let e = static_provider_url(DubboUrl::parse(bad).unwrap()).unwrap_err();
        assert_eq!(e.exit_code(), crate::exit::USAGE, "{bad}");
    }
    let u = static_provider_url(DubboUrl::parse("tri://h:50051/com.x.A?dynamic=true&b=1").unwrap())
        .unwrap();
    assert_eq!(
        u.to_full_string(),
        "tri://h:50051/com.x.A?b=1&dynamic=false&interface=com.x.A"
    );
    let mut u = DubboUrl::parse("dubbo://h:1/x").unwrap();
    for bad in ["noequals", "=v", "a&b=1", "k=v&w", "dynamic=true"] {
        assert!(apply_params(&mut u, &[bad.to_string()]).is_err(), "{bad}");
    }
}

#[test]
fn pin_and_unpin() {
    let a = "10.0.0.1:20880";
    let live = p(a, "&dynamic=true");
    let t = tree(&[(&live, true), (&p("10.0.0.2:20880", ""), true)], &[]);
    let v = view(&t);
    let chosen = select(&v, &sel(&[a])).unwrap();
    let plan = pin(&t, &v, &chosen).unwrap();
    let pinned = sorted(&p(a, "&dynamic=false"));
    assert_eq!(
        ops(&plan),
        vec![format!("check {live}"), format!("create {pinned}")]
    );
    assert_eq!(
        plan.ops[0].expected_version,
        Some(3),
        "the live node is checked, not written"
    );
    assert_ne!(
        form_encode(&pinned),
        form_encode(&live),
        "different node names: dynamic differs"
    );
    assert_eq!(
        plan.undo,
        vec!["svcctl dynamic com.x.Demo:1.0.0 --provider 10.0.0.1:20880"]
    );

    // A live URL that already says dynamic=false would give the pin the same name: refused.
    let odd = sorted(&p(a, "&dynamic=false"));
    let t2 = tree(&[(&odd, true), (&p("10.0.0.2:20880", ""), true)], &[]);
    let v2 = view(&t2);
    let e = pin(&t2, &v2, &select(&v2, &sel(&[a])).unwrap()).unwrap_err();
    assert_eq!(e.exit_code(), crate::exit::REFUSED);
    assert!(
        e.to_string().contains("same node name") && e.to_string().contains("0x1234"),
        "{e}"
    );

    // Unpin removes only the persistent node.
    let t3 = tree(
        &[
            (&live, true),
            (&pinned, false),
            (&p("10.0.0.2:20880", ""), true),
        ],
        &[],
    );
    let v3 = view(&t3);
    let chosen = select(&v3, &sel(&[a])).unwrap();
    let plan = unpin(&t3, &v3, &chosen, false).unwrap();
    assert_eq!(ops(&plan), vec![format!("delete {pinned}")]);
    assert!(pin(&t3, &v3, &chosen).unwrap().is_empty(), "already pinned");
    // Nothing live: unpin would unregister.
    let t4 = tree(&[(&pinned, false), (&p("10.0.0.2:20880", ""), true)], &[]);
    let v4 = view(&t4);
    let chosen = select(&v4, &sel(&[a])).unwrap();
    assert_eq!(
        unpin(&t4, &v4, &chosen, false).unwrap_err().exit_code(),
        crate::exit::REFUSED
    );
    assert_eq!(unpin(&t4, &v4, &chosen, true).unwrap().ops.len(), 1);
    // Two ports on one host: pin needs one address.
    let t5 = tree(&[(&live, true), (&p("10.0.0.1:20881", ""), true)], &[]);
    let v5 = view(&t5);
    let chosen = select(&v5, &sel(&["10.0.0.1"])).unwrap();
    assert_eq!(
        pin(&t5, &v5, &chosen).unwrap_err().exit_code(),
        crate::exit::USAGE
    );
}

#[test]
fn groups_are_carried_into_the_override() {
    let url = DubboUrl::parse(
        "dubbo://10.0.0.1:20880/com.x.Demo?group=shop&interface=com.x.Demo&version=2.0",
    )
    .unwrap();
    let o = admin_override(&url, &url.service_key(), ("disabled", "true"));
    assert_eq!(
        o.to_full_string(),
        "override://10.0.0.1:20880/com.x.Demo?category=configurators&disabled=true&dynamic=false&enabled=true&group=shop&version=2.0"
    );
    // What the rules engine (and `svcctl show`) make of it.
    assert!(!crate::registry::rules::effective(&url, &[o], None).enabled);
}

#[test]
fn shell_quoting() {
    assert_eq!(shell_quote("com.x.A:1.0"), "com.x.A:1.0");
    assert_eq!(
        shell_quote("dubbo://h:1/x?a=1&b=2"),
        "'dubbo://h:1/x?a=1&b=2'"
    );
    assert_eq!(shell_quote("it's"), "'it'\\''s'");
    assert_eq!(shell_quote(""), "''");
}

#[test]
fn unregister_url_names_the_key_and_address() {
    let (key, host, port) = unregister_url_target(
        "dubbo://10.0.0.8:20880/com.x.Demo?group=shop&version=1.0.0&application=demo",
    )
    .unwrap();
    assert_eq!(key.to_string(), "shop/com.x.Demo:1.0.0");
    assert_eq!((host.as_str(), port), ("10.0.0.8", 20880));
    for bad in [
        "override://10.0.0.8:20880/com.x.Demo?version=1.0.0",
        "dubbo://10.0.0.8/com.x.Demo?version=1.0.0",
        "dubbo://",
    ] {
        let e = unregister_url_target(bad).unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Usage, "{bad}: {e}");
    }
}

#[test]
fn view_of_key_is_exact() {
    let t = tree(&[(&p("10.0.0.1:20880", ""), false)], &[]);
    let key = ServiceKey::new(IFACE, None, Some("1.0.0"));
    assert_eq!(view_of_key(&t, &key).unwrap().key, key);
    let e = view_of_key(&t, &ServiceKey::new(IFACE, None, None)).unwrap_err();
    assert_eq!(e.kind(), crate::error::ErrorKind::NotFound);
    assert!(e.hint().unwrap().contains("com.x.Demo:1.0.0"), "{e:?}");
}
