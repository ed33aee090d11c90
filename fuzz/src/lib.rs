//! Fuzz targets for every decoder of untrusted bytes in svcctl, shared by the AFL++ harness
//! binaries in `src/bin/` (one per target) and by `scripts/fuzz.sh`.
//!
//! Each target only demands "no panic, no hang, no huge allocation": the decoders return
//! errors for bad input, and what they return is not checked here (their unit tests do that).
//! The global allocator aborts on any single allocation far larger than the input could
//! justify, so a length field trusted before it is checked shows up as a crash.

pub mod seeds;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use svcctl::protocol::dubbo::frame::{Frame, FrameSplitter, Header, Status};
use svcctl::protocol::dubbo::{request, response};
use svcctl::protocol::hessian2::{self, Decoder, Value};
use svcctl::registry::url::{DubboUrl, ServiceKey};
use svcctl::registry::{config_center, instance, metadata};

/// Largest single allocation allowed for the current input (0 = no input running).
static BUDGET: AtomicUsize = AtomicUsize::new(0);
/// Bytes live now, and the most any one input may hold at once: many small copies (a shared
/// reference expanded everywhere it is used) add up without any one allocation being large.
static LIVE: AtomicUsize = AtomicUsize::new(0);
const MAX_LIVE: usize = 512 << 20;

/// Aborts on one allocation over [`BUDGET`]. A decoder that sizes a buffer from a declared
/// length must bound it by the bytes actually present; anything past a generous multiple of the
/// input is such a bug.
pub struct BoundedAlloc;

unsafe impl GlobalAlloc for BoundedAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        check(layout.size(), layout.size());
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        check(layout.size(), layout.size());
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        check(new_size, new_size.saturating_sub(layout.size()));
        LIVE.fetch_sub(layout.size().saturating_sub(new_size), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

fn check(size: usize, growth: usize) {
    let live = LIVE.fetch_add(growth, Ordering::Relaxed) + growth;
    let budget = BUDGET.load(Ordering::Relaxed);
    if budget != 0 && (size > budget || live > MAX_LIVE) {
        // No formatting here: it would allocate inside the allocator.
        let msg = b"fuzz: over the memory budget for this input (a length trusted unchecked, or too much held)\n";
        use std::io::Write;
        // stderr is unbuffered; a failed write is of no consequence before an abort.
        let _ = std::io::stderr().write_all(msg);
        std::process::abort();
    }
}

/// Runs `f` on `data` with the allocation budget armed: a fixed slack plus a multiple of the
/// input generous enough for every legitimate expansion (a decoded `Value` is larger than the
/// byte that encoded it; a Hessian ref copies a whole subtree, bounded by the node limit).
pub fn run(data: &[u8], f: impl FnOnce(&[u8])) {
    let per_byte = 4 * std::mem::size_of::<Value>();
    BUDGET.store(
        (1 << 20) + data.len().saturating_mul(per_byte),
        Ordering::Relaxed,
    );
    f(data);
    BUDGET.store(0, Ordering::Relaxed);
}

/// A fuzz target: any bytes in, no panic out.
pub type Target = fn(&[u8]);

/// All targets by name, for the harness and the script.
pub const TARGETS: &[(&str, Target)] = &[
    ("hessian", hessian),
    ("dubbo_frame", dubbo_frame),
    ("dubbo_response", dubbo_response),
    ("dubbo_request", dubbo_request),
    ("url", url),
    ("config_rules", config_rules),
    ("metadata", metadata_report),
    ("telnet", telnet),
    ("prometheus", prometheus),
];

/// A Hessian 2 stream of values, as one Dubbo body is: read until the end or the first error,
/// and render each value the way `invoke` prints it.
pub fn hessian(data: &[u8]) {
    let mut dec = Decoder::new(data);
    while !dec.is_empty() {
        let before = dec.position();
        match dec.read() {
            Ok(v) => {
                let _ = hessian2::to_json(&v);
                assert!(dec.position() > before, "read consumed nothing");
            }
            Err(_) => break,
        }
    }
}

/// A byte stream from a provider: split into frames in read-sized chunks (the first byte picks
/// the chunk size, so frames straddling reads are covered), then decode each body as the
/// connection would.
pub fn dubbo_frame(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(first % 32) + 1;
    let mut splitter = FrameSplitter::new(64 * 1024);
    for piece in rest.chunks(chunk) {
        splitter.push(piece);
        loop {
            match splitter.next_frame() {
                Ok(Some(frame)) => body_of(&frame),
                Ok(None) => break,
                Err(_) => return,
            }
        }
    }
}

fn body_of(frame: &Frame) {
    let _ = frame.event();
    if frame.header.is_request {
        let _ = request::decode_request_body(&frame.body);
    } else if let Ok(response::Response::Result(r)) = response::decode_response(frame) {
        if let Err(e) = r.into_value() {
            let _ = e.to_string();
        }
    }
}

/// A response body after a valid header: the first byte is the status.
pub fn dubbo_response(data: &[u8]) {
    let Some((&status, body)) = data.split_first() else {
        return;
    };
    let header = Header::response(1, Status::from_byte(status), body.len() as u32);
    let frame = Frame::new(header, body.to_vec());
    if let Ok(response::Response::Result(r)) = response::decode_response(&frame) {
        let _ = r.attachment("dubbo");
        if let Err(e) = r.into_value() {
            let _ = e.to_string();
        }
    }
}

/// A request body as the demo provider receives it.
pub fn dubbo_request(data: &[u8]) {
    if let Ok(req) = request::decode_request_body(data) {
        let _ = req.attachment("path");
    }
}

/// A ZooKeeper node name under `/dubbo/<iface>/providers`, and what `ls`/`show` derive from it.
pub fn url(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(u) = DubboUrl::from_node_name(text) {
        let _ = u.service_key();
        let _ = u.address();
        let _ = u.methods();
        let _ = u.weight();
        let _ = u.warmup_ms();
        let _ = u.timestamp_ms();
        let _ = u.duplicate_keys();
        let _ = u.to_node_name();
        let _ = svcctl::registry::url::path_problem(&u.to_full_string());
    }
    let _ = ServiceKey::parse(text);
}

/// A config-center rule document (YAML, or a JSON list of override URLs).
pub fn config_rules(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = config_center::parse_rules(text);
    }
}

/// Metadata reports: a full service definition (with `$ref` types, then the `invoke --template`
/// skeleton of every parameter type), an instance record and a Dubbo 3 `MetadataInfo`.
pub fn metadata_report(data: &[u8]) {
    if let Some(def) = metadata::parse_service_definition(data) {
        let mut notes = Vec::new();
        for m in &def.methods {
            for t in &m.parameter_types {
                let _ = metadata::json_skeleton(t, &def.types, &mut notes);
            }
        }
        for t in &def.types {
            let _ = metadata::json_skeleton(&t.name, &def.types, &mut notes);
        }
    }
    let _ = metadata::parse_instance_revision(data);
    let key = ServiceKey::new("com.example.UserService", None, None);
    let _ = metadata::parse_metadata_info(data, &key);
    let _ = metadata::parse_mapping(data);
    // Both mapping forms: the bytes as Dubbo 3's content and, split on newlines, as 2.7 children.
    let children: Vec<String> = String::from_utf8_lossy(data)
        .lines()
        .map(str::to_string)
        .collect();
    let mut problems = Vec::new();
    let _ = metadata::mapped_applications(
        "/dubbo",
        "com.example.UserService",
        Some(data),
        Some(&children),
        &mut problems,
    );
    // Application-level discovery: the same bytes as an instance node and as the MetadataInfo
    // of its revision, turned into provider URLs.
    let mut entry = instance::parse_app(
        "/services",
        "app",
        vec![("10.0.0.1:20880".into(), data.to_vec(), None)],
    );
    let revisions = entry.revisions();
    let docs = revisions
        .into_iter()
        .map(|r| (r, instance::MetadataSource::Registry(data.to_vec())))
        .collect();
    instance::add_metadata(&mut entry, "/dubbo", "app", docs);
    let mut index = instance::AppIndex::default();
    index.apps.insert("app".into(), entry);
    for nodes in index.providers_by_interface().values() {
        for n in nodes {
            if let Ok(u) = &n.url {
                let _ = u.to_node_name();
            }
        }
    }
    if let Ok(info) = instance::MetadataInfo::parse(data) {
        let _ = info.services.len();
    }
}

/// A telnet `count` reply from a Dubbo 2.7 provider.
pub fn telnet(data: &[u8]) {
    let _ = svcctl::protocol::telnet::reply_complete(data);
    let _ = svcctl::protocol::telnet::parse_count_reply(data);
}

/// A Prometheus text exposition from a 3.x QoS port.
pub fn prometheus(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let exp = svcctl::protocol::prometheus::parse(&text);
    for s in &exp.samples {
        let _ = s.label("method");
    }
}
