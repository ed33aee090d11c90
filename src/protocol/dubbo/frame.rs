//! Dubbo frame layer: the 16-byte header, status codes and an incremental frame splitter.
//!
//! Pure: no I/O. The splitter is fed whatever a socket read returned and hands out complete
//! frames; it enforces the payload limit on the header alone, so an oversize frame is refused
//! before any of its body is buffered.

use std::fmt;

/// The two magic bytes every Dubbo frame starts with.
pub const MAGIC: [u8; 2] = [0xDA, 0xBB];
/// Length of the fixed header in bytes.
pub const HEADER_LEN: usize = 16;
/// Dubbo's default payload limit (URL param `payload`): 8 MiB of body.
pub const DEFAULT_PAYLOAD_LIMIT: usize = 8 * 1024 * 1024;
/// Serialization (content type) id of Hessian2, the only one svcctl speaks.
pub const HESSIAN2: u8 = 2;

pub const FLAG_REQUEST: u8 = 0x80;
pub const FLAG_TWOWAY: u8 = 0x40;
pub const FLAG_EVENT: u8 = 0x20;
pub const SERIALIZATION_MASK: u8 = 0x1F;

/// The response status byte (header offset 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Ok,
    SerializationError,
    ClientTimeout,
    ServerTimeout,
    ChannelInactive,
    BadRequest,
    BadResponse,
    ServiceNotFound,
    ServiceError,
    ServerError,
    ClientError,
    ServerThreadpoolExhausted,
    Unknown(u8),
}

impl Status {
    pub const ALL_KNOWN: [Status; 12] = [
        Status::Ok,
        Status::SerializationError,
        Status::ClientTimeout,
        Status::ServerTimeout,
        Status::ChannelInactive,
        Status::BadRequest,
        Status::BadResponse,
        Status::ServiceNotFound,
        Status::ServiceError,
        Status::ServerError,
        Status::ClientError,
        Status::ServerThreadpoolExhausted,
    ];

    pub fn from_byte(b: u8) -> Status {
        match b {
            20 => Status::Ok,
            25 => Status::SerializationError,
            30 => Status::ClientTimeout,
            31 => Status::ServerTimeout,
            35 => Status::ChannelInactive,
            40 => Status::BadRequest,
            50 => Status::BadResponse,
            60 => Status::ServiceNotFound,
            70 => Status::ServiceError,
            80 => Status::ServerError,
            90 => Status::ClientError,
            100 => Status::ServerThreadpoolExhausted,
            other => Status::Unknown(other),
        }
    }

    pub fn as_byte(self) -> u8 {
        match self {
            Status::Ok => 20,
            Status::SerializationError => 25,
            Status::ClientTimeout => 30,
            Status::ServerTimeout => 31,
            Status::ChannelInactive => 35,
            Status::BadRequest => 40,
            Status::BadResponse => 50,
            Status::ServiceNotFound => 60,
            Status::ServiceError => 70,
            Status::ServerError => 80,
            Status::ClientError => 90,
            Status::ServerThreadpoolExhausted => 100,
            Status::Unknown(b) => b,
        }
    }

    /// The constant name used by Java's `Response` class.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::SerializationError => "SERIALIZATION_ERROR",
            Status::ClientTimeout => "CLIENT_TIMEOUT",
            Status::ServerTimeout => "SERVER_TIMEOUT",
            Status::ChannelInactive => "CHANNEL_INACTIVE",
            Status::BadRequest => "BAD_REQUEST",
            Status::BadResponse => "BAD_RESPONSE",
            Status::ServiceNotFound => "SERVICE_NOT_FOUND",
            Status::ServiceError => "SERVICE_ERROR",
            Status::ServerError => "SERVER_ERROR",
            Status::ClientError => "CLIENT_ERROR",
            Status::ServerThreadpoolExhausted => "SERVER_THREADPOOL_EXHAUSTED_ERROR",
            Status::Unknown(_) => "UNKNOWN",
        }
    }

    /// What the status means for someone reading an error message.
    pub fn description(self) -> &'static str {
        match self {
            Status::Ok => "the call was handled",
            Status::SerializationError => "the provider's response exceeded its payload limit",
            Status::ClientTimeout => "the request was not sent in time (client-side status)",
            Status::ServerTimeout => "no response arrived in time (client-side status)",
            Status::ChannelInactive => "the channel was inactive (client-side status)",
            Status::BadRequest => {
                "the provider could not decode the request (bad arguments, unknown method or descriptor, \
                 serialization not permitted, or payload over its limit)"
            }
            Status::BadResponse => "the provider failed to encode its response",
            Status::ServiceNotFound => "the service was not found",
            Status::ServiceError => {
                "the provider failed outside the service method (e.g. no exported service for this \
                 path/version/group, a filter rejected the call, or generic-call resolution failed)"
            }
            Status::ServerError => "the provider's executor failed to run the call",
            Status::ClientError => "client-side error (client-side status)",
            Status::ServerThreadpoolExhausted => "the provider's thread pool is exhausted",
            Status::Unknown(_) => "unknown status code",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.as_byte(), self.name())
    }
}

/// A decoded frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub is_request: bool,
    /// Requests only: the caller waits for a response.
    pub two_way: bool,
    /// Heartbeat or readonly event.
    pub event: bool,
    pub serialization_id: u8,
    /// Raw status byte; meaningful on responses only (requests carry 0).
    pub status: u8,
    pub request_id: i64,
    pub body_len: u32,
}

impl Header {
    /// A normal two-way Hessian2 request header.
    pub fn request(request_id: i64, body_len: u32) -> Header {
        Header {
            is_request: true,
            two_way: true,
            event: false,
            serialization_id: HESSIAN2,
            status: 0,
            request_id,
            body_len,
        }
    }

    /// A Hessian2 response header.
    pub fn response(request_id: i64, status: Status, body_len: u32) -> Header {
        Header {
            is_request: false,
            two_way: false,
            event: false,
            serialization_id: HESSIAN2,
            status: status.as_byte(),
            request_id,
            body_len,
        }
    }

    pub fn flag_byte(&self) -> u8 {
        let mut flag = self.serialization_id & SERIALIZATION_MASK;
        if self.is_request {
            flag |= FLAG_REQUEST;
            if self.two_way {
                flag |= FLAG_TWOWAY;
            }
        }
        if self.event {
            flag |= FLAG_EVENT;
        }
        flag
    }

    pub fn status(&self) -> Status {
        Status::from_byte(self.status)
    }

    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[0..2].copy_from_slice(&MAGIC);
        out[2] = self.flag_byte();
        out[3] = if self.is_request { 0 } else { self.status };
        out[4..12].copy_from_slice(&self.request_id.to_be_bytes());
        out[12..16].copy_from_slice(&self.body_len.to_be_bytes());
        out
    }

    /// Decodes a header. Checks the magic and the sign of the body length, nothing else.
    pub fn decode(bytes: &[u8; HEADER_LEN]) -> Result<Header, FrameError> {
        if bytes[0..2] != MAGIC {
            return Err(FrameError::BadMagic {
                prefix: bytes[..].to_vec(),
            });
        }
        let flag = bytes[2];
        let is_request = flag & FLAG_REQUEST != 0;
        let request_id = i64::from_be_bytes(bytes[4..12].try_into().expect("8 bytes"));
        let len = i32::from_be_bytes(bytes[12..16].try_into().expect("4 bytes"));
        if len < 0 {
            return Err(FrameError::NegativeLength {
                request_id,
                body_len: len,
            });
        }
        Ok(Header {
            is_request,
            two_way: is_request && flag & FLAG_TWOWAY != 0,
            event: flag & FLAG_EVENT != 0,
            serialization_id: flag & SERIALIZATION_MASK,
            status: if is_request { 0 } else { bytes[3] },
            request_id,
            body_len: len as u32,
        })
    }
}

/// One complete frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub header: Header,
    pub body: Vec<u8>,
}

impl Frame {
    pub fn new(mut header: Header, body: Vec<u8>) -> Frame {
        header.body_len = body.len() as u32;
        Frame { header, body }
    }

    /// Header followed by body, ready to write to a socket.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut header = self.header;
        header.body_len = self.body.len() as u32;
        let mut out = Vec::with_capacity(HEADER_LEN + self.body.len());
        out.extend_from_slice(&header.encode());
        out.extend_from_slice(&self.body);
        out
    }
}

/// Why a byte stream is not (or no longer) a valid Dubbo frame sequence. All of these are fatal
/// for the connection: after them the stream position is unknown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error(
        "peer is not speaking Dubbo: frame does not start with magic 0xdabb (got {})",
        describe_prefix(prefix)
    )]
    BadMagic { prefix: Vec<u8> },
    #[error("frame for request id {request_id} has a negative body length {body_len}")]
    NegativeLength { request_id: i64, body_len: i32 },
    #[error("frame for request id {request_id} has a {body_len}-byte body, over the {limit}-byte payload limit")]
    Oversize {
        request_id: i64,
        is_request: bool,
        body_len: u32,
        limit: usize,
    },
}

/// Renders the first bytes of a non-Dubbo reply: as text when it looks like telnet text
/// (so a user sees e.g. "Unsupported command"), else as hex.
fn describe_prefix(prefix: &[u8]) -> String {
    let printable = prefix
        .iter()
        .all(|b| b.is_ascii_graphic() || *b == b' ' || *b == b'\r' || *b == b'\n' || *b == b'\t');
    if printable && !prefix.is_empty() {
        format!("text {:?}", String::from_utf8_lossy(prefix))
    } else {
        let hex: Vec<String> = prefix.iter().map(|b| format!("{b:02x}")).collect();
        format!("bytes {}", hex.join(" "))
    }
}

/// Incremental frame splitter: push socket reads in, pull complete frames out.
///
/// Handles several frames in one read and a frame split across reads. The payload limit is
/// checked as soon as a header is complete, so an oversize body is never accumulated.
#[derive(Debug)]
pub struct FrameSplitter {
    buf: Vec<u8>,
    /// Start of unconsumed data in `buf` (compacted lazily to avoid shifting on every frame).
    start: usize,
    payload_limit: usize,
    /// Header of the frame whose body is still arriving.
    pending: Option<Header>,
}

impl Default for FrameSplitter {
    fn default() -> Self {
        FrameSplitter::new(DEFAULT_PAYLOAD_LIMIT)
    }
}

impl FrameSplitter {
    pub fn new(payload_limit: usize) -> FrameSplitter {
        FrameSplitter {
            buf: Vec::new(),
            start: 0,
            payload_limit,
            pending: None,
        }
    }

    pub fn payload_limit(&self) -> usize {
        self.payload_limit
    }

    /// Bytes received but not yet returned as part of a frame.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    pub fn push(&mut self, data: &[u8]) {
        if self.start > 0 && self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        } else if self.start > 64 * 1024 && self.start * 2 > self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(data);
    }

    /// The next complete frame, `Ok(None)` when more bytes are needed.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, FrameError> {
        let header = match self.pending {
            Some(h) => h,
            None => {
                let avail = &self.buf[self.start..];
                // Reject non-Dubbo data as early as the first two bytes allow.
                let check = avail.len().min(MAGIC.len());
                if avail[..check] != MAGIC[..check] {
                    // Keep enough to show a telnet-style text line to the user.
                    let shown = avail.len().min(64);
                    return Err(FrameError::BadMagic {
                        prefix: avail[..shown].to_vec(),
                    });
                }
                if avail.len() < HEADER_LEN {
                    return Ok(None);
                }
                let raw: &[u8; HEADER_LEN] = avail[..HEADER_LEN].try_into().expect("16 bytes");
                let header = Header::decode(raw)?;
                if header.body_len as usize > self.payload_limit {
                    return Err(FrameError::Oversize {
                        request_id: header.request_id,
                        is_request: header.is_request,
                        body_len: header.body_len,
                        limit: self.payload_limit,
                    });
                }
                self.start += HEADER_LEN;
                self.pending = Some(header);
                header
            }
        };
        let need = header.body_len as usize;
        if self.buf.len() - self.start < need {
            return Ok(None);
        }
        let body = self.buf[self.start..self.start + need].to_vec();
        self.start += need;
        self.pending = None;
        Ok(Some(Frame { header, body }))
    }
}

/// Body of a heartbeat (serialized Hessian null).
pub const HEARTBEAT_BODY: [u8; 1] = [0x4E];
/// Body of the readonly event a provider sends when it starts shutting down: H-str "R".
pub const READONLY_EVENT_BODY: [u8; 2] = [0x01, b'R'];
/// Body of the event that makes a channel writable again: H-str "W".
pub const WRITABLE_EVENT_BODY: [u8; 2] = [0x01, b'W'];

/// A heartbeat request: two-way event, body null. `da bb e2 00 <id> 00 00 00 01 4e`.
pub fn heartbeat_request(request_id: i64) -> Frame {
    let mut h = Header::request(request_id, 0);
    h.event = true;
    Frame::new(h, HEARTBEAT_BODY.to_vec())
}

/// The reply to a heartbeat request: event response, status 20, same id, body null.
pub fn heartbeat_response(request_id: i64) -> Frame {
    let mut h = Header::response(request_id, Status::Ok, 0);
    h.event = true;
    Frame::new(h, HEARTBEAT_BODY.to_vec())
}

/// The one-way readonly event ("R") a provider sends to its consumers on graceful shutdown.
pub fn readonly_event() -> Frame {
    let mut h = Header::request(0, 0);
    h.two_way = false;
    h.event = true;
    Frame::new(h, READONLY_EVENT_BODY.to_vec())
}

/// What an event frame means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Heartbeat,
    /// Provider is shutting down: send no new requests on this channel.
    Readonly,
    /// Provider accepts requests again.
    Writable,
    Other,
}

impl Frame {
    /// Classifies an event frame (None when the event bit is not set). Java treats any event
    /// whose body is serialized null as a heartbeat.
    pub fn event(&self) -> Option<Event> {
        if !self.header.event {
            return None;
        }
        Some(match self.body.as_slice() {
            b if b == HEARTBEAT_BODY => Event::Heartbeat,
            b if b == READONLY_EVENT_BODY => Event::Readonly,
            b if b == WRITABLE_EVENT_BODY => Event::Writable,
            _ => Event::Other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        let clean: String = s.chars().filter(|c| c.is_ascii_hexdigit()).collect();
        (0..clean.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&clean[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn worked_example_request_header_round_trips() {
        let bytes = hex("da bb c2 00 00 00 00 00 00 00 00 01 00 00 00 a2");
        let h = Header::request(1, 162);
        assert_eq!(h.encode().to_vec(), bytes);
        assert_eq!(h.flag_byte(), 0xC2);
        let decoded = Header::decode(bytes[..].try_into().unwrap()).unwrap();
        assert_eq!(decoded, h);
    }

    #[test]
    fn worked_example_reply_header() {
        let bytes = hex("da bb 02 14 00 00 00 00 00 00 00 01 00 00 00 1b");
        let h = Header::decode(bytes[..].try_into().unwrap()).unwrap();
        assert!(!h.is_request && !h.event && !h.two_way);
        assert_eq!(h.status(), Status::Ok);
        assert_eq!((h.request_id, h.body_len, h.serialization_id), (1, 27, 2));
        assert_eq!(Header::response(1, Status::Ok, 27).encode().to_vec(), bytes);
    }

    #[test]
    fn flag_values_match_spec() {
        let mut h = Header::request(0, 0);
        assert_eq!(h.flag_byte(), 0xC2);
        h.two_way = false;
        assert_eq!(h.flag_byte(), 0x82);
        h.two_way = true;
        h.event = true;
        assert_eq!(h.flag_byte(), 0xE2);
        let mut r = Header::response(0, Status::Ok, 0);
        assert_eq!(r.flag_byte(), 0x02);
        r.event = true;
        assert_eq!(r.flag_byte(), 0x22);
    }

    #[test]
    fn heartbeat_bytes_match_spec() {
        let id = 0x0102_0304_0506_0708;
        assert_eq!(
            heartbeat_request(id).to_bytes(),
            hex("da bb e2 00 01 02 03 04 05 06 07 08 00 00 00 01 4e")
        );
        assert_eq!(
            heartbeat_response(id).to_bytes(),
            hex("da bb 22 14 01 02 03 04 05 06 07 08 00 00 00 01 4e")
        );
        assert_eq!(heartbeat_request(1).event(), Some(Event::Heartbeat));
        assert_eq!(heartbeat_response(1).event(), Some(Event::Heartbeat));
        let ro = readonly_event();
        assert_eq!(ro.header.flag_byte(), 0xA2);
        assert_eq!(ro.event(), Some(Event::Readonly));
        assert_eq!(frame(1, b"\x4e").len(), 17);
        assert_eq!(Frame::new(Header::request(1, 0), vec![0x4e]).event(), None);
    }

    #[test]
    fn negative_request_ids_are_legal() {
        let h = Header::request(-5, 3);
        let d = Header::decode(&h.encode()).unwrap();
        assert_eq!(d.request_id, -5);
    }

    #[test]
    fn status_codes_round_trip_with_descriptions() {
        for s in Status::ALL_KNOWN {
            assert_eq!(Status::from_byte(s.as_byte()), s);
            assert!(!s.description().is_empty());
        }
        let codes: Vec<u8> = Status::ALL_KNOWN.iter().map(|s| s.as_byte()).collect();
        assert_eq!(codes, [20, 25, 30, 31, 35, 40, 50, 60, 70, 80, 90, 100]);
        assert_eq!(Status::from_byte(7), Status::Unknown(7));
        assert_eq!(Status::ServiceError.to_string(), "70 (SERVICE_ERROR)");
    }

    fn frame(id: i64, body: &[u8]) -> Vec<u8> {
        Frame::new(Header::response(id, Status::Ok, 0), body.to_vec()).to_bytes()
    }

    #[test]
    fn splitter_handles_merged_frames() {
        let mut data = frame(1, b"\x91\x05hello");
        data.extend(frame(2, b"\x4e"));
        data.extend(frame(3, b""));
        let mut s = FrameSplitter::default();
        s.push(&data);
        let ids: Vec<i64> = std::iter::from_fn(|| s.next_frame().unwrap())
            .map(|f| f.header.request_id)
            .collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(s.buffered(), 0);
    }

    #[test]
    fn splitter_handles_frames_split_at_every_byte() {
        let mut data = frame(7, b"\x91\x05hello");
        data.extend(frame(8, b"\x92"));
        let mut s = FrameSplitter::default();
        let mut got = Vec::new();
        for b in &data {
            s.push(std::slice::from_ref(b));
            while let Some(f) = s.next_frame().unwrap() {
                got.push(f);
            }
        }
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].body, b"\x91\x05hello");
        assert_eq!(got[1].header.request_id, 8);
    }

    #[test]
    fn splitter_rejects_oversize_before_body_arrives() {
        let mut s = FrameSplitter::new(10);
        let mut h = Header::response(9, Status::Ok, 0);
        h.body_len = 11;
        s.push(&h.encode());
        match s.next_frame() {
            Err(FrameError::Oversize {
                request_id: 9,
                body_len: 11,
                limit: 10,
                is_request: false,
            }) => {}
            other => panic!("{other:?}"),
        }
        // Exactly at the limit is fine.
        let mut s = FrameSplitter::new(10);
        s.push(&frame(1, &[0x4e; 10]));
        assert!(s.next_frame().unwrap().is_some());
    }

    #[test]
    fn splitter_rejects_telnet_text() {
        let mut s = FrameSplitter::default();
        s.push(b"Unsupported command: foo\r\ndubbo>");
        let err = s.next_frame().unwrap_err();
        assert!(matches!(err, FrameError::BadMagic { .. }));
        assert!(err.to_string().contains("Unsupported command"), "{err}");
        // Even one wrong byte is enough to decide.
        let mut s = FrameSplitter::default();
        s.push(b"\xda\x00");
        assert!(s.next_frame().is_err());
        let mut s = FrameSplitter::default();
        s.push(b"\xda");
        assert_eq!(s.next_frame().unwrap(), None);
    }

    #[test]
    fn negative_body_length_is_a_protocol_error() {
        let mut bytes = Header::response(1, Status::Ok, 0).encode();
        bytes[12..16].copy_from_slice(&(-1i32).to_be_bytes());
        let mut s = FrameSplitter::default();
        s.push(&bytes);
        assert!(matches!(
            s.next_frame(),
            Err(FrameError::NegativeLength { .. })
        ));
    }
}
