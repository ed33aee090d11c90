//! Quick property checks of every decoder of untrusted bytes, cheap enough for every CI run
//! (the long coverage-guided runs are `scripts/fuzz.sh`):
//!   - arbitrary bytes, and valid encodings with random damage, never panic a decoder;
//!   - the validating parse of load mode (`Decoder::check`, `check_response`) rejects only what
//!     decoding rejects, at the same offset, and accepts whatever decoding accepts;
//!   - a length field is never trusted before it is checked: a header announcing ~2^31
//!     elements on a few bytes of input does not make the decoder reserve memory for them.
//!
//! Inputs come from a seeded RNG, so a failure names a seed that reproduces it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use svcctl::protocol::dubbo::frame::{Frame, FrameSplitter, Header, Status};
use svcctl::protocol::dubbo::request::{decode_request_body, Invocation, ServiceRef};
use svcctl::protocol::dubbo::response::{
    check_response, decode_response, encode_result_frame, Checked, Outcome, Response, RpcResult,
};
use svcctl::protocol::hessian2::{to_json, Decoder, Encoder, Value};
use svcctl::protocol::{prometheus, telnet};
use svcctl::registry::url::{form_encode, DubboUrl};
use svcctl::registry::{config_center, metadata, ServiceKey};

/// Records, per thread, the largest single allocation request and the peak of bytes live, so
/// a test can tell what a decoder reserved without a platform memory API.
struct Tracking;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(size: usize) {
    let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
    grow(size as isize);
}

fn grow(delta: isize) {
    let _ = LIVE.try_with(|l| {
        l.set(l.get() + delta);
        let _ = PEAK.try_with(|p| p.set(p.get().max(l.get())));
    });
}

unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = LARGEST.try_with(|l| l.set(l.get().max(new_size)));
        grow(new_size as isize - layout.size() as isize);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        grow(-(layout.size() as isize));
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOC: Tracking = Tracking;

/// The largest single allocation `f` makes.
fn largest_allocation(f: impl FnOnce()) -> usize {
    LARGEST.with(|l| l.set(0));
    f();
    LARGEST.with(|l| l.get())
}

fn hessian_stream(data: &[u8]) {
    let mut dec = Decoder::new(data);
    while !dec.is_empty() {
        let before = dec.position();
        match dec.read() {
            Ok(v) => {
                let _ = to_json(&v);
                assert!(
                    dec.position() > before,
                    "a successful read consumed nothing"
                );
            }
            Err(_) => break,
        }
    }
}

fn frames(data: &[u8], chunk: usize) {
    let mut splitter = FrameSplitter::new(64 * 1024);
    for piece in data.chunks(chunk.max(1)) {
        splitter.push(piece);
        loop {
            match splitter.next_frame() {
                Ok(Some(f)) if f.header.is_request => {
                    let _ = decode_request_body(&f.body);
                }
                Ok(Some(f)) => {
                    let _ = f.event();
                    let _ = decode_response(&f);
                }
                Ok(None) => break,
                Err(_) => return,
            }
        }
    }
}

fn response_body(status: u8, body: &[u8]) {
    let header = Header::response(1, Status::from_byte(status), body.len() as u32);
    let _ = decode_response(&Frame::new(header, body.to_vec()));
}

fn text_decoders(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(u) = DubboUrl::from_node_name(&text) {
        let _ = (u.service_key(), u.address(), u.methods(), u.weight());
        let _ = u.to_node_name();
    }
    let _ = config_center::parse_rules(&text);
    if let Some(def) = metadata::parse_service_definition(data) {
        let mut notes = Vec::new();
        for t in &def.types {
            let _ = metadata::json_skeleton(&t.name, &def.types, &mut notes);
        }
    }
    let _ = metadata::parse_metadata_info(data, &ServiceKey::new("a.B", None, None));
    let _ = telnet::parse_count_reply(data);
    let _ = telnet::reply_complete(data);
    let _ = prometheus::parse(&text);
}

/// Valid inputs of each decoder, to damage: the fuzzers' seeds in miniature.
fn valid_hessian() -> Vec<Vec<u8>> {
    let user = Value::Object {
        class: "com.example.User".into(),
        fields: vec![
            ("id".into(), Value::Long(7)),
            ("name".into(), Value::string("Zoë 😀")),
        ],
    };
    let values = [
        Value::Int(-3),
        Value::Long(1 << 40),
        Value::Double(2.5),
        Value::string("x".repeat(70)),
        Value::Binary(vec![1; 20]),
        Value::List {
            type_name: Some("[int".into()),
            items: (0..9).map(Value::Int).collect(),
        },
        Value::Map {
            type_name: None,
            entries: vec![(Value::string("k"), user.clone())],
        },
        Value::List {
            type_name: None,
            items: vec![user.clone(), user],
        },
    ];
    values
        .iter()
        .map(|v| {
            let mut e = Encoder::new();
            e.write(v).unwrap();
            e.into_bytes()
        })
        .collect()
}

fn valid_frames() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for body in valid_hessian() {
        let mut dec = Decoder::new(&body);
        let v = dec.read().unwrap();
        let result = RpcResult::value(v.clone())
            .with_attachments(vec![(Value::string("dubbo"), Value::string("2.0.2"))]);
        let mut s = encode_result_frame(3, &result).unwrap().to_bytes();
        let inv = Invocation::generic(
            ServiceRef::new("com.example.UserService").with_version("1.0.0"),
            "get",
            Some(vec!["java.lang.Object".into()]),
            vec![v],
            Duration::from_secs(1),
        );
        s.extend(inv.encode_frame(4).unwrap().to_bytes());
        out.push(s);
    }
    out
}

fn valid_text() -> Vec<Vec<u8>> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = vec![
        form_encode("dubbo://10.0.0.1:20880/a.B?interface=a.B&methods=x,y&weight=5&version=1.0")
            .into_bytes(),
        b"| method | total | failed | active | average | max |\r\n| m | 1 | 0 | 0 | 2ms | 3ms |\r\ntelnet>"
            .to_vec(),
        br#"["override://0.0.0.0/a.B?disabled=true"]"#.to_vec(),
    ];
    for f in [
        "metrics-dubbo-3.2.txt",
        "metadata/user-service.json",
        "metadata/hostile-definition.json",
        "metadata/shipment-shop.configurators.yaml",
        "metadata/inventory-metadata-info.json",
    ] {
        let mut data = std::fs::read(fixtures.join(f)).unwrap();
        // Long documents make each damaged copy slow in a debug build; the head has every shape.
        data.truncate(4096);
        out.push(data);
    }
    out
}

/// A copy of `valid` with a few random byte edits (overwrite, insert, delete, truncate).
fn damage(rng: &mut SmallRng, valid: &[u8]) -> Vec<u8> {
    let mut v = valid.to_vec();
    for _ in 0..rng.gen_range(1..=4) {
        let at = rng.gen_range(0..=v.len());
        match rng.gen_range(0..4) {
            0 if at < v.len() => v[at] = rng.gen(),
            1 => v.insert(at, rng.gen()),
            2 if at < v.len() => {
                v.remove(at);
            }
            _ => v.truncate(at),
        }
    }
    v
}

fn random_bytes(rng: &mut SmallRng, max: usize) -> Vec<u8> {
    let len = rng.gen_range(0..=max);
    (0..len).map(|_| rng.gen()).collect()
}

#[test]
fn arbitrary_bytes_never_panic_a_decoder() {
    for seed in 0..6000u64 {
        let mut rng = SmallRng::seed_from_u64(seed);
        let data = random_bytes(&mut rng, 64);
        let run = std::panic::catch_unwind(|| {
            hessian_stream(&data);
            response_body(data.first().copied().unwrap_or(20), &data);
            let _ = decode_request_body(&data);
            // Behind a valid magic, so the bytes reach the header and body code.
            let mut framed = vec![0xda, 0xbb];
            framed.extend_from_slice(&data);
            frames(&framed, 1 + seed as usize % 7);
            text_decoders(&data);
        });
        assert!(run.is_ok(), "seed {seed}: input {data:02x?} panicked");
    }
}

#[test]
fn damaged_valid_inputs_never_panic_a_decoder() {
    let hessian = valid_hessian();
    let frame_streams = valid_frames();
    let text = valid_text();
    for seed in 0..3000u64 {
        let mut rng = SmallRng::seed_from_u64(seed);
        let h = damage(&mut rng, &hessian[seed as usize % hessian.len()]);
        let f = damage(
            &mut rng,
            &frame_streams[seed as usize % frame_streams.len()],
        );
        let t = damage(&mut rng, &text[seed as usize % text.len()]);
        let run = std::panic::catch_unwind(|| {
            hessian_stream(&h);
            response_body(20, &h);
            let _ = decode_request_body(&h);
            frames(&f, 1 + seed as usize % 13);
            text_decoders(&t);
        });
        assert!(
            run.is_ok(),
            "seed {seed} panicked on one of:\n hessian {h:02x?}\n frames {f:02x?}\n text {:?}",
            String::from_utf8_lossy(&t)
        );
    }
}

/// The most bytes live at once while `f` runs, above what was live before it.
fn peak_live(f: impl FnOnce()) -> usize {
    let base = LIVE.with(|l| l.get());
    PEAK.with(|p| p.set(base));
    f();
    (PEAK.with(|p| p.get()) - base).max(0) as usize
}

/// Small inputs that stand for a lot: object instances repeating a class's 64 KiB names, and
/// shared refs to a 64 KiB string (each copied where it is used). Unbounded, these 135 KB and
/// 70 KB inputs made 517 MB and 260 MB of values; the decoder's byte budget (64 MiB) stops them.
#[test]
fn small_inputs_cannot_decode_to_huge_values() {
    fn s(n: usize) -> Vec<u8> {
        let mut v = vec![0x53, (n >> 8) as u8, n as u8];
        v.extend(std::iter::repeat_n(b'a', n));
        v
    }
    let mut objects = [vec![0x43], s(65535), vec![0x91], s(65535)].concat();
    objects.extend_from_slice(&[0x58, 0x49, 0, 0, 0x07, 0xd0]);
    objects.extend(std::iter::repeat_n([0x60, 0x90], 2000).flatten());
    let mut refs = vec![0x58, 0x49, 0, 0, 0x07, 0xd1, 0x79];
    refs.extend(s(65535));
    refs.extend(std::iter::repeat_n([0x51, 0x91], 2000).flatten());
    for (what, input) in [("objects", &objects), ("shared refs", &refs)] {
        let mut result = None;
        let peak = peak_live(|| result = Some(Decoder::new(input).read()));
        assert!(result.unwrap().is_err(), "{what}: decoded");
        assert!(
            peak < 100 << 20,
            "{what}: a {}-byte input held {peak} bytes at once",
            input.len()
        );
    }
}

/// Hessian headers whose length field announces ~2^31 of something, on inputs of a few bytes.
#[test]
fn announced_lengths_are_not_trusted_before_the_bytes_arrive() {
    let huge = [0x49, 0x7f, 0xff, 0xff, 0xff]; // int 2^31-1
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "fixed untyped list",
            [&[0x58][..], &huge, &[0x91; 4]].concat(),
        ),
        (
            "fixed typed list",
            [&[0x56, 0x04, b'[', b'i', b'n', b't'][..], &huge, &[0x91]].concat(),
        ),
        (
            "class definition",
            [&[0x43, 0x01, b'A'][..], &huge, &[0x01, b'f']].concat(),
        ),
        (
            "string",
            vec![0x53, 0xff, 0xff, b'a', b'b', b'c', b'd', b'e', b'f', b'g'],
        ),
        ("binary", vec![0x42, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7]),
        (
            "string chunk",
            vec![0x52, 0xff, 0xff, b'a', 0x53, 0xff, 0xff, b'b', b'c', b'd'],
        ),
    ];
    // The measurement itself sees a reservation of the kind these checks look for.
    let probe = largest_allocation(|| drop(Vec::<u8>::with_capacity(1 << 20)));
    assert!(probe >= 1 << 20, "allocation tracking saw {probe} bytes");
    for (what, input) in &cases {
        let mut result = None;
        let largest = largest_allocation(|| {
            result = Some(Decoder::new(input).read());
        });
        assert!(
            result.as_ref().unwrap().is_err(),
            "{what}: {input:02x?} decoded: {result:?}"
        );
        assert!(
            largest < 64 * 1024,
            "{what}: a {}-byte input made the decoder reserve {largest} bytes",
            input.len()
        );
    }

    // A frame header announcing a 2 GiB body, with no payload limit to stop it: the splitter
    // must wait for the bytes rather than reserve room for them.
    let mut header = vec![0xda, 0xbb, 0x02, 20, 0, 0, 0, 0, 0, 0, 0, 1];
    header.extend_from_slice(&0x7fff_ffffu32.to_be_bytes());
    header.extend_from_slice(b"abcd");
    let mut splitter = FrameSplitter::new(usize::MAX);
    let largest = largest_allocation(|| {
        splitter.push(&header);
        assert_eq!(splitter.next_frame(), Ok(None));
    });
    assert!(
        largest < 64 * 1024,
        "a frame header announcing 2 GiB made the splitter reserve {largest} bytes"
    );
}

/// `check` against `read` on one input: the same verdict on the grammar (an error at the same
/// offset), the same end; `read` may fail where `check` does not only by building too much.
fn check_agrees_with_read(data: &[u8]) -> Result<(), String> {
    let mut reader = Decoder::new(data);
    let mut checker = Decoder::new(data);
    while !reader.is_empty() {
        let read = reader.read();
        let checked = checker.check();
        match (&read, &checked) {
            (Ok(_), Ok(())) if reader.position() == checker.position() => {}
            (Ok(_), Ok(())) => {
                return Err(format!(
                    "read ended at {}, check at {}",
                    reader.position(),
                    checker.position()
                ))
            }
            (Err(r), Err(c)) if r == c => return Ok(()),
            (Err(r), Ok(())) if r.to_string().contains("more than") => return Ok(()),
            _ => return Err(format!("read {read:?}, check {checked:?}")),
        }
    }
    Ok(())
}

/// `check_response` against `decode_response`: a reply decoding accepts is accepted (as an
/// answer when it carries a value or null), and a reply it rejects is not one decoding accepts.
fn check_response_agrees(status: u8, body: &[u8]) -> Result<(), String> {
    let header = Header::response(1, Status::from_byte(status), body.len() as u32);
    let frame = Frame::new(header, body.to_vec());
    let decoded = decode_response(&frame);
    let checked = check_response(&frame);
    match (&decoded, &checked) {
        (Ok(Response::Result(r)), Ok(Checked::Answered))
            if !matches!(r.outcome, Outcome::Exception(_)) =>
        {
            Ok(())
        }
        (Ok(Response::Result(r)), Ok(Checked::Decoded(Response::Result(c))))
            if matches!(r.outcome, Outcome::Exception(_))
                && matches!(c.outcome, Outcome::Exception(_)) =>
        {
            Ok(())
        }
        (Ok(Response::Status { .. }), Ok(Checked::Decoded(Response::Status { .. }))) => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        // Attachments given as a reference are not resolved by the check.
        (Err(_), Ok(Checked::Answered)) if body.contains(&b'Q') => Ok(()),
        _ => Err(format!("decode {decoded:?}, check {checked:?}")),
    }
}

#[test]
fn checking_a_reply_parses_what_decoding_parses() {
    let valid = valid_hessian();
    for v in &valid {
        check_agrees_with_read(v).unwrap();
        let mut reply = vec![0x91]; // RESPONSE_VALUE
        reply.extend_from_slice(v);
        check_response_agrees(20, &reply).unwrap();
        assert!(matches!(
            check_response(&Frame::new(
                Header::response(1, Status::Ok, reply.len() as u32),
                reply.clone()
            )),
            Ok(Checked::Answered)
        ));
    }
    for seed in 0..6000u64 {
        let mut rng = SmallRng::seed_from_u64(seed);
        let data = if seed % 2 == 0 {
            random_bytes(&mut rng, 64)
        } else {
            damage(&mut rng, &valid[seed as usize % valid.len()])
        };
        if let Err(e) = check_agrees_with_read(&data) {
            panic!("seed {seed}: {data:02x?}: {e}");
        }
        // A result type first (0-5), so most inputs reach the value and attachments.
        let mut reply = vec![0x90 + (seed % 6) as u8];
        reply.extend_from_slice(&data);
        for (status, body) in [(20, &reply), (20, &data), (70, &data)] {
            if let Err(e) = check_response_agrees(status, body) {
                panic!("seed {seed}: status {status} body {body:02x?}: {e}");
            }
        }
    }
}
