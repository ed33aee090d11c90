//! Seed corpora for the targets, from the project's own test inputs: the fixtures (registry
//! URLs, metadata reports, rule files, a metrics body), the Caucho-written Hessian corpus when
//! `tests/interop/hessian/gen.sh` has produced one, and frames built by svcctl's own encoders.

use std::path::Path;
use std::time::Duration;

use svcctl::protocol::dubbo::frame::{self, Frame, Header, Status};
use svcctl::protocol::dubbo::request::{Invocation, ServiceRef};
use svcctl::protocol::dubbo::response::{encode_result_frame, encode_status_frame, RpcResult};
use svcctl::protocol::hessian2::{Encoder, Value};
use svcctl::registry::url::form_encode;

/// Writes every target's seeds under `out/<target>/`. `repo` is the svcctl checkout;
/// `java_tsv` the Caucho corpus (hex in the second column), if generated.
pub fn write_all(repo: &Path, out: &Path, java_tsv: Option<&Path>) -> std::io::Result<()> {
    let mut hessian: Vec<Vec<u8>> = own_values().iter().map(encode).collect();
    if let Some(tsv) = java_tsv {
        for line in std::fs::read_to_string(tsv)?.lines() {
            if let Some(hex) = line.split('\t').nth(1) {
                hessian.push(unhex(hex));
            }
        }
    }
    save(out, "hessian", &hessian)?;

    let mut responses = Vec::new();
    let mut frames = Vec::new();
    for body in &hessian {
        // Status OK, then "value" (1) and the value, as a provider answers.
        let mut r = vec![Status::Ok.as_byte(), 0x91];
        r.extend_from_slice(body);
        responses.push(r);
    }
    for v in own_values() {
        for result in [
            RpcResult::value(v.clone()),
            RpcResult::value(v.clone())
                .with_attachments(vec![(Value::string("dubbo"), Value::string("2.0.2"))]),
        ] {
            let f = encode_result_frame(7, &result).expect("encode");
            let mut r = vec![Status::Ok.as_byte()];
            r.extend_from_slice(&f.body);
            responses.push(r);
            frames.push(f);
        }
        let inv = Invocation::generic(
            ServiceRef::new("com.example.UserProfileService").with_version("1.0.0"),
            "getById",
            Some(vec!["java.lang.Object".into()]),
            vec![v],
            Duration::from_secs(3),
        )
        .with_attachment("token", "t");
        frames.push(inv.encode_frame(9).expect("encode"));
    }
    let exception = encode_status_frame(3, Status::ServiceError, "java.lang.IllegalStateException");
    let mut r = vec![exception.header.status];
    r.extend_from_slice(&exception.body);
    responses.push(r);
    frames.push(exception);
    frames.push(frame::heartbeat_request(1));
    frames.push(frame::heartbeat_response(1));
    frames.push(frame::readonly_event());
    frames.push(Frame::new(Header::request(5, 0), Vec::new()));
    save(out, "dubbo_response", &responses)?;
    let requests: Vec<Vec<u8>> = frames
        .iter()
        .filter(|f| f.header.is_request && !f.header.event)
        .map(|f| f.body.clone())
        .collect();
    save(out, "dubbo_request", &requests)?;
    // Chunk-size byte first, then two frames back to back (a frame boundary inside a read).
    let streams: Vec<Vec<u8>> = frames
        .windows(2)
        .enumerate()
        .map(|(i, w)| {
            let mut s = vec![i as u8];
            s.extend(w[0].to_bytes());
            s.extend(w[1].to_bytes());
            s
        })
        .collect();
    save(out, "dubbo_frame", &streams)?;

    let fixtures = repo.join("fixtures");
    let mut urls = Vec::new();
    for file in ["demo-registry.txt", "hostile-registry.txt"] {
        for line in std::fs::read_to_string(fixtures.join(file))?.lines() {
            let mut words = line.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some("ephemeral" | "persistent"), Some(url), _) => {
                    urls.push(form_encode(url).into_bytes())
                }
                (Some("raw-persistent"), Some(_), Some(name)) => {
                    urls.push(name.as_bytes().to_vec())
                }
                _ => {}
            }
        }
    }
    save(out, "url", &urls)?;

    let metadata = fixtures.join("metadata");
    let mut rules = vec![
        br#"["override://0.0.0.0/com.example.A?disabled=true&category=configurators"]"#.to_vec(),
        // Anchors and aliases, which the loader expands by copying.
        b"key: a.B\nconfigs:\n- side: consumer\n  parameters: &p {weight: 5}\n- side: provider\n  parameters: *p\nx: &l [*p, *p]\ny: [*l, *l]\n".to_vec(),
    ];
    let mut reports = Vec::new();
    for entry in std::fs::read_dir(&metadata)? {
        let path = entry?.path();
        let data = std::fs::read(&path)?;
        match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") => rules.push(data),
            _ => reports.push(data),
        }
    }
    save(out, "config_rules", &rules)?;
    save(out, "metadata", &reports)?;

    let table = "+--------+-------+--------+--------+---------+-------+\r\n\
| method | total | failed | active | average | max   |\r\n\
+--------+-------+--------+--------+---------+-------+\r\n\
| pause  | 232   | 0      | 8      | 400ms   | 404ms |\r\n\
| greet  | 17    | 2      | 0      | 1ms     | 9ms   |\r\n\
+--------+-------+--------+--------+---------+-------+\r\n\r\ntelnet>";
    let telnet: Vec<Vec<u8>> = [
        table,
        "Command: count disabled for security reasons\r\ntelnet>",
        "No such service com.example.Nope\r\ntelnet>",
        "\r\nForeign Ip Not Permitted.\r\n",
        "Unsupported command: count\r\ndubbo>",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    save(out, "telnet", &telnet)?;

    save(
        out,
        "prometheus",
        &[std::fs::read(fixtures.join("metrics-dubbo-3.2.txt"))?],
    )?;
    Ok(())
}

/// Values covering every Hessian form our encoder writes.
fn own_values() -> Vec<Value> {
    let person = Value::Object {
        class: "com.example.User".into(),
        fields: vec![
            ("id".into(), Value::Long(42)),
            ("name".into(), Value::string("José 😀")),
            (
                "tags".into(),
                Value::List {
                    type_name: None,
                    items: vec![Value::string("a")],
                },
            ),
        ],
    };
    vec![
        Value::Null,
        Value::Bool(true),
        Value::Int(-17),
        Value::Int(1 << 20),
        Value::Long(i64::MIN),
        Value::Double(0.5),
        Value::Double(1e300),
        Value::Date(1_764_000_000_000),
        Value::string("x".repeat(40)),
        Value::Binary(vec![0, 1, 2, 255]),
        Value::List {
            type_name: Some("[int".into()),
            items: (0..10).map(Value::Int).collect(),
        },
        Value::Map {
            type_name: None,
            entries: vec![
                (Value::string("k"), Value::Int(1)),
                (Value::Int(2), Value::Null),
            ],
        },
        Value::Map {
            type_name: Some("java.util.TreeMap".into()),
            entries: vec![(Value::string("u"), person.clone())],
        },
        Value::List {
            type_name: None,
            items: vec![person.clone(), person, Value::Ref(0)],
        },
    ]
}

fn encode(v: &Value) -> Vec<u8> {
    let mut enc = Encoder::new();
    // A value the encoder refuses (the dangling Ref) is still a useful seed without it.
    if enc.write(v).is_err() {
        return vec![0x4e];
    }
    enc.into_bytes()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
        .collect()
}

fn save(out: &Path, target: &str, seeds: &[Vec<u8>]) -> std::io::Result<()> {
    let dir = out.join(target);
    std::fs::create_dir_all(&dir)?;
    for (i, s) in seeds.iter().enumerate() {
        std::fs::write(dir.join(format!("seed-{i:03}")), s)?;
    }
    Ok(())
}
