//! Cross-checks the Hessian 2 codec against implementations we did not write: Caucho Hessian
//! 4.0.38 (Java) and hessian.js 2.11.0. `tests/interop/hessian/gen.sh` has each of them write a
//! corpus of cases, every case with a hand-written description of the value (schema in
//! `tests/interop/hessian/java/Corpus.java`). For every case:
//!   (a) our decoder on Java's bytes gives the described value;
//!   (b) our encoder on the described value gives Java's bytes, byte for byte;
//!   (c) our decoder on hessian.js's bytes gives the described value.
//! A second corpus (`typed.tsv`) has Caucho write Java values next to the JSON a user would type
//! for them and the declared Java type: converting that JSON by the type must give Java's bytes,
//! and rendering Java's bytes must give the JSON svcctl documents as its output form.
//! The test fails (never skips) when the generators cannot run.

use std::path::Path;
use std::process::Command;

use serde_json::Value as Json;
use svcctl::protocol::hessian2::{
    from_json_typed, to_json, ArgMode, ClassShape, Decoder, Encoder, TypeCatalog, Value,
};
use svcctl::registry::metadata::parse_types;

/// Java cases whose bytes our encoder deliberately does not reproduce.
const ENCODE_EXEMPT: &[(&str, &str)] = &[(
    "str_lone_surrogate",
    "the unpaired surrogate decodes to U+FFFD, which encodes as EF BF BD",
)];

struct Case {
    source: &'static str,
    name: String,
    bytes: Vec<u8>,
    /// What decoding must produce.
    decoded: Vec<Value>,
    /// What to feed the encoder (shared values as `Value::Ref`, as the writer emitted them).
    encoded: Vec<Value>,
}

fn generate(dir: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/hessian/gen.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(dir)
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "the Hessian corpus generators failed ({}); they need Java 17 + Caucho Hessian and Node + npm:\n  \
         apt-get install -y openjdk-17-jdk-headless libhessian-java nodejs npm\n  \
         (cd tests/interop/js && npm ci)\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn load(source: &'static str, path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|line| {
            let mut parts = line.splitn(3, '\t');
            let (name, hex, desc) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let desc: Json = serde_json::from_str(desc)
                .unwrap_or_else(|e| panic!("{name}: bad description: {e}"));
            let (decoded, encoded) = match desc.get("stream") {
                Some(Json::Array(items)) => items.iter().map(|d| build(name, d)).unzip(),
                _ => {
                    let (d, e) = build(name, &desc);
                    (vec![d], vec![e])
                }
            };
            Case {
                source,
                name: name.to_owned(),
                bytes: unhex(hex),
                decoded,
                encoded,
            }
        })
        .collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Turns a description into (value as decoded, value as encoded).
fn build(case: &str, d: &Json) -> (Value, Value) {
    let same = |v: Value| (v.clone(), v);
    let bad = || -> ! { panic!("{case}: unknown description {d}") };
    let obj = match d {
        Json::Null => return same(Value::Null),
        Json::Bool(b) => return same(Value::Bool(*b)),
        Json::Object(o) => o,
        _ => bad(),
    };
    let num = |k: &str| {
        obj[k]
            .as_i64()
            .unwrap_or_else(|| panic!("{case}: {k} must be an integer"))
    };
    let type_name = |k: &str| obj[k].as_str().map(str::to_owned);
    if obj.contains_key("int") {
        same(Value::Int(num("int") as i32))
    } else if obj.contains_key("long") {
        same(Value::Long(num("long")))
    } else if let Some(t) = obj.get("double") {
        let t = t.as_str().unwrap();
        same(Value::Double(
            t.parse()
                .unwrap_or_else(|_| panic!("{case}: bad double {t}")),
        ))
    } else if obj.contains_key("date") {
        same(Value::Date(num("date")))
    } else if let Some(s) = obj.get("str") {
        let s = match s {
            Json::String(s) => s.clone(),
            Json::Array(parts) => parts
                .iter()
                .map(|p| {
                    p[0].as_str()
                        .unwrap()
                        .repeat(p[1].as_u64().unwrap() as usize)
                })
                .collect(),
            _ => bad(),
        };
        same(Value::String(s))
    } else if let Some(h) = obj.get("bin") {
        same(Value::Binary(unhex(h.as_str().unwrap())))
    } else if obj.contains_key("binseq") {
        same(Value::Binary(
            (0..num("binseq")).map(|i| (i % 251) as u8).collect(),
        ))
    } else if obj.contains_key("list") {
        let (d, e) = obj["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| build(case, i))
            .unzip();
        (
            Value::List {
                type_name: type_name("list"),
                items: d,
            },
            Value::List {
                type_name: type_name("list"),
                items: e,
            },
        )
    } else if obj.contains_key("map") {
        let (d, e): (Vec<_>, Vec<_>) = obj["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|kv| {
                let (kd, ke) = build(case, &kv[0]);
                let (vd, ve) = build(case, &kv[1]);
                ((kd, vd), (ke, ve))
            })
            .unzip();
        (
            Value::Map {
                type_name: type_name("map"),
                entries: d,
            },
            Value::Map {
                type_name: type_name("map"),
                entries: e,
            },
        )
    } else if let Some(class) = obj.get("object") {
        let class = class.as_str().unwrap().to_owned();
        let (d, e) = obj["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let name = f[0].as_str().unwrap().to_owned();
                let (vd, ve) = build(case, &f[1]);
                ((name.clone(), vd), (name, ve))
            })
            .unzip();
        (
            Value::Object {
                class: class.clone(),
                fields: d,
            },
            Value::Object { class, fields: e },
        )
    } else if obj.contains_key("ref") {
        let slot = Value::Ref(num("ref") as u32);
        match obj.get("value") {
            Some(v) => (build(case, v).0, slot),
            None => same(slot),
        }
    } else {
        bad()
    }
}

/// Compares with doubles by bit pattern, so NaN equals NaN and -0.0 differs from 0.0.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Double(x), Value::Double(y)) => x.to_bits() == y.to_bits(),
        (
            Value::List {
                type_name: t1,
                items: i1,
            },
            Value::List {
                type_name: t2,
                items: i2,
            },
        ) => t1 == t2 && i1.len() == i2.len() && i1.iter().zip(i2).all(|(x, y)| same_value(x, y)),
        (
            Value::Map {
                type_name: t1,
                entries: e1,
            },
            Value::Map {
                type_name: t2,
                entries: e2,
            },
        ) => {
            t1 == t2
                && e1.len() == e2.len()
                && e1
                    .iter()
                    .zip(e2)
                    .all(|((k1, v1), (k2, v2))| same_value(k1, k2) && same_value(v1, v2))
        }
        (
            Value::Object {
                class: c1,
                fields: f1,
            },
            Value::Object {
                class: c2,
                fields: f2,
            },
        ) => {
            c1 == c2
                && f1.len() == f2.len()
                && f1
                    .iter()
                    .zip(f2)
                    .all(|((n1, v1), (n2, v2))| n1 == n2 && same_value(v1, v2))
        }
        _ => a == b,
    }
}

fn short(v: &dyn std::fmt::Debug) -> String {
    let s = format!("{v:?}");
    if s.len() > 400 {
        format!(
            "{}… ({} chars)",
            &s[..s.char_indices().nth(400).map_or(s.len(), |(i, _)| i)],
            s.len()
        )
    } else {
        s
    }
}

fn check_decode(case: &Case, failures: &mut Vec<String>) {
    // Load mode's validating parse accepts every value Caucho writes, and ends where `read` ends.
    let mut c = Decoder::new(&case.bytes);
    for i in 0..case.decoded.len() {
        if let Err(e) = c.check() {
            failures.push(format!(
                "{}/{} check value {i}: {e}",
                case.source, case.name
            ));
        }
    }
    if !c.is_empty() {
        failures.push(format!(
            "{}/{}: {} bytes left after checking",
            case.source,
            case.name,
            case.bytes.len() - c.position()
        ));
    }
    let mut d = Decoder::new(&case.bytes);
    for (i, want) in case.decoded.iter().enumerate() {
        match d.read() {
            Ok(got) if same_value(&got, want) => {}
            Ok(got) => failures.push(format!(
                "{}/{} decode value {i}:\n    got  {}\n    want {}",
                case.source,
                case.name,
                short(&got),
                short(want)
            )),
            Err(e) => failures.push(format!(
                "{}/{} decode value {i}: {e}",
                case.source, case.name
            )),
        }
    }
    if !d.is_empty() {
        failures.push(format!(
            "{}/{}: {} bytes left after decoding",
            case.source,
            case.name,
            case.bytes.len() - d.position()
        ));
    }
}

fn check_encode(case: &Case, failures: &mut Vec<String>) {
    let mut e = Encoder::new();
    for v in &case.encoded {
        if let Err(err) = e.write(v) {
            failures.push(format!("{}/{} encode: {err}", case.source, case.name));
            return;
        }
    }
    let got = e.into_bytes();
    if got != case.bytes {
        let at = got
            .iter()
            .zip(&case.bytes)
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(case.bytes.len()));
        let from = at.saturating_sub(8);
        failures.push(format!(
            "{}/{} encode differs at byte {at} (lengths {} vs java {}):\n    ours {}\n    java {}",
            case.source,
            case.name,
            got.len(),
            case.bytes.len(),
            hex(&got[from..(at + 24).min(got.len())]),
            hex(&case.bytes[from..(at + 24).min(case.bytes.len())])
        ));
    }
}

#[test]
fn hessian_codec_agrees_with_caucho_and_hessian_js() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path());
    let java = load("java", &dir.path().join("java.tsv"));
    let js = load("js", &dir.path().join("js.tsv"));
    assert!(java.len() >= 100, "only {} Java cases", java.len());
    // Corpus.java's seeded random values (`gen_N`): encoded byte for byte like Caucho too.
    let generated = java.iter().filter(|c| c.name.starts_with("gen_")).count();
    assert!(generated >= 300, "only {generated} generated Java cases");
    assert!(!js.is_empty(), "no hessian.js cases");

    let mut failures = Vec::new();
    check_metadata_info(&java);
    let typed = check_typed(dir.path(), &mut failures);
    for case in &java {
        check_decode(case, &mut failures);
        if !ENCODE_EXEMPT.iter().any(|(n, _)| *n == case.name) {
            check_encode(case, &mut failures);
        }
    }
    for case in &js {
        check_decode(case, &mut failures);
    }
    for (name, why) in ENCODE_EXEMPT {
        assert!(
            java.iter().any(|c| c.name == *name),
            "exempted case {name} ({why}) is not in the corpus"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} Java + {} hessian.js cases disagree:\n{}",
        failures.len(),
        java.len(),
        js.len(),
        failures.join("\n")
    );
    eprintln!(
        "hessian interop: {} Java cases (decode + encode, {} encode exemptions), {} hessian.js cases (decode), \
         {typed} typed JSON cases (convert + encode, decode + render)",
        java.len(),
        ENCODE_EXEMPT.len(),
        js.len()
    );
}

/// A Dubbo 3 `MetadataInfo` as Caucho writes it (what a MetadataService returns) is understood
/// by the application-level discovery: one dubbo provider of UserService 1.0.0 on the
/// instance's host at the service's port, its methods from the params.
fn check_metadata_info(java: &[Case]) {
    use svcctl::registry::instance::{self, MetadataInfo};
    let case = java
        .iter()
        .find(|c| c.name == "dubbo_metadata_info")
        .expect("the corpus has dubbo_metadata_info");
    let value = Decoder::new(&case.bytes).read().unwrap();
    let info = MetadataInfo::from_json(&to_json(&value)).unwrap();
    assert_eq!(info.services.len(), 1, "{info:?}");
    let svc = &info.services[0];
    assert_eq!(
        (
            svc.name.as_str(),
            svc.group.as_deref(),
            svc.version.as_deref(),
            svc.port
        ),
        ("com.example.UserService", None, Some("1.0.0"), Some(20880))
    );
    let inst = instance::Instance::parse(
        "users-app",
        "10.1.2.3:20880",
        br#"{"address":"10.1.2.3","port":20880}"#,
        None,
    )
    .unwrap();
    let url = instance::provider_url(&inst, svc);
    assert_eq!(url.address(), "10.1.2.3:20880");
    assert_eq!(
        url.service_key().to_string(),
        "com.example.UserService:1.0.0"
    );
    assert_eq!(url.methods(), vec!["findByName", "getById"]);
    assert_eq!(url.application(), Some("users-app"));
}

/// The typed corpus: JSON by declared type → Java's bytes, and Java's bytes → documented JSON.
fn check_typed(dir: &Path, failures: &mut Vec<String>) -> usize {
    let types: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.join("types.json")).expect("types.json"))
            .expect("types.json is JSON");
    let mut catalog = TypeCatalog::default();
    for t in parse_types(&types) {
        catalog.insert(
            &t.name,
            ClassShape {
                fields: t.properties,
                enum_constants: t.enum_constants,
            },
        );
    }
    let text = std::fs::read_to_string(dir.join("typed.tsv")).expect("typed.tsv");
    let mut count = 0;
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, hexbytes, declared, input, output] = cols[..] else {
            panic!("typed.tsv: bad line {line:?}");
        };
        count += 1;
        let java = unhex(hexbytes);
        let input: Json = serde_json::from_str(input).unwrap_or_else(|e| panic!("{name}: {e}"));
        let output: Json = serde_json::from_str(output).unwrap_or_else(|e| panic!("{name}: {e}"));
        match from_json_typed(&input, Some(declared), ArgMode::Direct, &catalog) {
            Ok(v) => {
                let mut e = Encoder::new();
                match e.write(&v) {
                    Ok(()) if e.as_bytes() == java.as_slice() => {}
                    Ok(()) => failures.push(format!(
                        "typed/{name}: {input} as {declared} encodes differently:\n    ours {}\n    java {hexbytes}",
                        hex(e.as_bytes())
                    )),
                    Err(err) => failures.push(format!("typed/{name}: encode: {err}")),
                }
            }
            Err(err) => failures.push(format!(
                "typed/{name}: {input} as {declared} refused: {err}"
            )),
        }
        match Decoder::new(&java).read() {
            // Number equality is textual (arbitrary_precision): digits and scale must match.
            Ok(v) if to_json(&v) == output => {}
            Ok(v) => failures.push(format!(
                "typed/{name}: renders as {}, documented {output}",
                to_json(&v)
            )),
            Err(err) => failures.push(format!("typed/{name}: decode: {err}")),
        }
    }
    assert!(count >= 30, "only {count} typed cases");
    count
}
