//! Hessian 2 reader for everything hessian-lite and Caucho write (spec §4.1), bounded against
//! hostile input.
//!
//! Values are first decoded into an arena of nodes and then turned into [`Value`] trees. The
//! arena is what makes shared references cheap to resolve: a `Q` ref to a finished value is
//! expanded by re-materialising the target node (counted against the node budget), a ref to a
//! value that is still open (a cycle) becomes [`Value::Ref`]. The arena, the class definitions
//! and the type table live as long as the decoder, because one Dubbo frame is one Hessian stream
//! and later values may refer to earlier ones.

use std::rc::Rc;

use super::Value;

/// Resource bounds for one decoder (one frame).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum nesting of lists, maps and objects.
    pub max_depth: usize,
    /// Maximum number of values produced, including the copies made for shared references.
    pub max_nodes: usize,
    /// Maximum bytes of strings, binaries, type, class and field names produced. Counting
    /// values is not enough: every object instance carries its class's names and every shared
    /// reference copies its strings, so a few bytes on the wire can stand for megabytes.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_nodes: 1_000_000,
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("hessian: {kind} at byte {offset}")]
pub struct DecodeError {
    /// Offset of the byte where decoding failed, from the start of the decoder's input.
    pub offset: usize,
    pub kind: DecodeErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeErrorKind {
    #[error("input ends while reading {expected}")]
    UnexpectedEnd { expected: &'static str },
    #[error("unexpected byte 0x{byte:02x}, expected {expected}")]
    UnexpectedByte { byte: u8, expected: &'static str },
    #[error("declared length {declared} of {what} exceeds the {remaining} bytes left")]
    LengthTooLarge {
        what: &'static str,
        declared: i64,
        remaining: usize,
    },
    #[error("nesting deeper than {limit}")]
    TooDeep { limit: usize },
    #[error("more than {limit} values (shared references included)")]
    TooManyNodes { limit: usize },
    #[error("more than {limit} bytes of strings and names (shared references and repeated class names included)")]
    TooManyBytes { limit: usize },
    #[error("invalid UTF-8 in string")]
    InvalidUtf8,
    #[error("reference to slot {index}, only {slots} defined")]
    BadRef { index: i64, slots: usize },
    #[error("object of class definition {index}, only {defs} defined")]
    BadClassDef { index: i64, defs: usize },
    #[error("type reference {index}, only {types} types defined")]
    BadTypeRef { index: i64, types: usize },
    /// Only from a [`Decoder::moving`] decoder: decode the input again without it.
    #[error("back-reference to a value already moved out (decode again without `moving`)")]
    MovedRef,
}

#[derive(Debug)]
struct ClassDef {
    name: String,
    fields: Vec<String>,
}

type NodeId = usize;

#[derive(Debug)]
enum Node {
    Scalar(Value),
    List {
        type_name: Option<String>,
        items: Vec<NodeId>,
    },
    Map {
        type_name: Option<String>,
        entries: Vec<(NodeId, NodeId)>,
    },
    Object {
        def: Rc<ClassDef>,
        values: Vec<NodeId>,
    },
    /// `open` = the target was still being decoded when the ref was read (a cycle).
    Ref {
        slot: u32,
        open: bool,
    },
    /// Placeholder for a container whose children are being decoded.
    Pending,
}

pub struct Decoder<'a> {
    input: &'a [u8],
    pos: usize,
    limits: Limits,
    nodes: Vec<Node>,
    /// Ref slot → node id, with whether the value is finished.
    slots: Vec<(NodeId, bool)>,
    classes: Vec<Rc<ClassDef>>,
    types: Vec<String>,
    depth: usize,
    /// Values produced so far, arena nodes plus copies made by resolving refs.
    produced: usize,
    /// See [`Decoder::moving`].
    moving: bool,
    /// Some node was moved out of the arena.
    moved: bool,
    /// The stream holds a back-reference to a finished value, which materializes its target
    /// again: from then on nothing may be moved out.
    closed_refs: bool,
    /// Bytes of text and binary produced so far (see [`Limits::max_bytes`]).
    produced_bytes: usize,
    /// Set by [`Decoder::check`]: values are parsed and validated but not kept.
    checking: bool,
    /// Ref slots opened while checking (they are counted, not kept in `slots`).
    checked_slots: usize,
    /// Types defined while checking, counted like `checked_slots` (from `types.len()`).
    checked_types: usize,
    /// Values per instance of each class defined while checking (indexes after `classes`).
    checked_arities: Arities,
}

/// The arities of the classes defined while checking. A reply defines one class or a few, so
/// the first ones are kept inline: an allocation per checked reply was a measurable share of a
/// load run's call.
#[derive(Debug, Default)]
struct Arities {
    inline: [usize; 4],
    len: usize,
    more: Vec<usize>,
}

impl Arities {
    fn push(&mut self, arity: usize) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = arity,
            None => self.more.push(arity),
        }
        self.len += 1;
    }

    fn get(&self, i: usize) -> Option<usize> {
        if i >= self.len {
            return None;
        }
        Some(match self.inline.get(i) {
            Some(&a) => a,
            None => self.more[i - self.inline.len()],
        })
    }
}

impl<'a> Decoder<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        Decoder {
            input,
            pos: 0,
            limits: Limits::default(),
            nodes: Vec::new(),
            slots: Vec::new(),
            classes: Vec::new(),
            types: Vec::new(),
            depth: 0,
            produced: 0,
            moving: false,
            moved: false,
            closed_refs: false,
            produced_bytes: 0,
            checking: false,
            checked_slots: 0,
            checked_types: 0,
            checked_arities: Arities::default(),
        }
    }

    /// Moves decoded strings and containers out of the decoder's arena into the returned
    /// values instead of copying them (one allocation and copy fewer per string). As long as
    /// the stream has no back-references nothing is lost; should a later value refer back to
    /// one already moved out, `read` fails with [`DecodeErrorKind::MovedRef`] and the caller
    /// decodes the input again without this.
    pub fn moving(mut self) -> Self {
        self.moving = true;
        self
    }

    /// Replaces the default [`Limits`]; call before the first `read`.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Decodes the next value of the stream.
    pub fn read(&mut self) -> Result<Value, DecodeError> {
        if self.checking {
            // The values checked before were not kept, so a reference back to one of them
            // could not be resolved.
            return Err(self.err(DecodeErrorKind::MovedRef));
        }
        self.depth = 0;
        let root = self.node()?;
        let start = self.pos;
        self.materialize(root, 0, false)
            .map_err(|kind| DecodeError {
                offset: start,
                kind,
            })
    }

    /// Parses and validates the next value of the stream exactly as [`Decoder::read`] parses
    /// it (the same errors at the same offsets), without building it: no string, list or map is
    /// allocated. What `read` checks only while building (the [`Limits`] on expanded references
    /// and produced bytes) is not checked. A load run needs to know that a reply is well formed,
    /// not its value. After a `check`, `read` on the same decoder fails.
    pub fn check(&mut self) -> Result<(), DecodeError> {
        if !self.checking {
            // Values read before stay referable by their slots, classes and types.
            self.checked_slots = self.slots.len();
            self.checked_types = self.types.len();
            self.checking = true;
        }
        self.depth = 0;
        self.skip_node()
    }

    /// The next value when it is an int, without building a [`Value`]; any other value is an
    /// error (use [`Decoder::read`] to learn what it is).
    pub fn read_int(&mut self) -> Result<i32, DecodeError> {
        self.int("int")
    }

    /// The tag byte of the next value, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.input.len()
    }

    fn err(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError {
            offset: self.pos,
            kind,
        }
    }

    fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    fn peek(&self, expected: &'static str) -> Result<u8, DecodeError> {
        self.input
            .get(self.pos)
            .copied()
            .ok_or_else(|| self.err(DecodeErrorKind::UnexpectedEnd { expected }))
    }

    fn byte(&mut self, expected: &'static str) -> Result<u8, DecodeError> {
        let b = self.peek(expected)?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize, expected: &'static str) -> Result<&'a [u8], DecodeError> {
        if n > self.remaining() {
            self.pos = self.input.len();
            return Err(self.err(DecodeErrorKind::UnexpectedEnd { expected }));
        }
        let s = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self, expected: &'static str) -> Result<[u8; N], DecodeError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, expected)?);
        Ok(a)
    }

    fn u16(&mut self, expected: &'static str) -> Result<usize, DecodeError> {
        Ok(u16::from_be_bytes(self.array(expected)?) as usize)
    }

    /// Rejects a declared element/byte count that the rest of the input cannot possibly hold,
    /// before anything is allocated for it.
    fn check_len(
        &self,
        what: &'static str,
        declared: i64,
        min_bytes_each: usize,
    ) -> Result<usize, DecodeError> {
        let remaining = self.remaining();
        match usize::try_from(declared) {
            Ok(n) if n.saturating_mul(min_bytes_each) <= remaining => Ok(n),
            _ => Err(self.err(DecodeErrorKind::LengthTooLarge {
                what,
                declared,
                remaining,
            })),
        }
    }

    fn push(&mut self, node: Node) -> Result<NodeId, DecodeError> {
        self.count(1).map_err(|kind| self.err(kind))?;
        self.nodes.push(node);
        Ok(self.nodes.len() - 1)
    }

    fn count_bytes(&mut self, n: usize) -> Result<(), DecodeErrorKind> {
        self.produced_bytes = self.produced_bytes.saturating_add(n);
        if self.produced_bytes > self.limits.max_bytes {
            return Err(DecodeErrorKind::TooManyBytes {
                limit: self.limits.max_bytes,
            });
        }
        Ok(())
    }

    fn count(&mut self, n: usize) -> Result<(), DecodeErrorKind> {
        self.produced += n;
        if self.produced > self.limits.max_nodes {
            return Err(DecodeErrorKind::TooManyNodes {
                limit: self.limits.max_nodes,
            });
        }
        Ok(())
    }

    fn scalar(&mut self, v: Value) -> Result<NodeId, DecodeError> {
        self.push(Node::Scalar(v))
    }

    /// An H-int as used for lengths and indices: any int encoding.
    fn int(&mut self, expected: &'static str) -> Result<i32, DecodeError> {
        let b = self.byte(expected)?;
        self.int_from(b, expected)
    }

    fn int_from(&mut self, b: u8, expected: &'static str) -> Result<i32, DecodeError> {
        Ok(match b {
            0x80..=0xbf => b as i32 - 0x90,
            0xc0..=0xcf => ((b as i32 - 0xc8) << 8) | self.byte(expected)? as i32,
            0xd0..=0xd7 => {
                let [b1, b2] = self.array(expected)?;
                ((b as i32 - 0xd4) << 16) | ((b1 as i32) << 8) | b2 as i32
            }
            b'I' => i32::from_be_bytes(self.array(expected)?),
            _ => {
                self.pos -= 1;
                return Err(self.err(DecodeErrorKind::UnexpectedByte { byte: b, expected }));
            }
        })
    }

    /// A string where the grammar requires one (class and field names, type names).
    fn string(&mut self, expected: &'static str) -> Result<String, DecodeError> {
        let b = self.byte(expected)?;
        match b {
            0x00..=0x1f | 0x30..=0x33 | b'R' | b'S' => self.string_from(b),
            _ => {
                self.pos -= 1;
                Err(self.err(DecodeErrorKind::UnexpectedByte { byte: b, expected }))
            }
        }
    }

    /// The length in characters of the string chunk tagged `b`, and whether it is the last,
    /// once the input is known to hold that many bytes at least.
    fn string_chunk(&mut self, b: u8) -> Result<(usize, bool), DecodeError> {
        let (len, last) = match b {
            0x00..=0x1f => (b as usize, true),
            0x30..=0x33 => (
                (((b - 0x30) as usize) << 8) | self.byte("string length")? as usize,
                true,
            ),
            b'S' => (self.u16("string length")?, true),
            b'R' => (self.u16("string chunk length")?, false),
            _ => {
                self.pos -= 1;
                return Err(self.err(DecodeErrorKind::UnexpectedByte {
                    byte: b,
                    expected: "string chunk",
                }));
            }
        };
        self.check_len("string", len as i64, 1)?;
        Ok((len, last))
    }

    /// Reads all chunks of a string whose first tag byte is `b`: UTF-16 units first, then one
    /// conversion, so surrogate pairs split across chunks still join.
    fn string_from(&mut self, mut b: u8) -> Result<String, DecodeError> {
        let mut units: Vec<u16> = Vec::new();
        loop {
            let (len, last) = self.string_chunk(b)?;
            // Fast path for the usual case, a one-chunk ASCII string: its bytes are its UTF-16
            // units and its UTF-8 alike (check_len made sure they are all there).
            if last && units.is_empty() {
                let bytes = &self.input[self.pos..self.pos + len];
                if bytes.is_ascii() {
                    self.pos += len;
                    return Ok(std::str::from_utf8(bytes)
                        .expect("ASCII is UTF-8")
                        .to_owned());
                }
            }
            units.reserve(len);
            for _ in 0..len {
                units.push(self.utf16_unit()?);
            }
            if last {
                break;
            }
            b = self.byte("string chunk")?;
        }
        Ok(char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect())
    }

    /// [`Decoder::string_from`] when checking: the same validation, nothing kept.
    fn skip_string_from(&mut self, mut b: u8) -> Result<(), DecodeError> {
        loop {
            let (len, last) = self.string_chunk(b)?;
            let bytes = &self.input[self.pos..self.pos + len];
            if bytes.is_ascii() {
                self.pos += len;
            } else {
                for _ in 0..len {
                    self.utf16_unit()?;
                }
            }
            if last {
                return Ok(());
            }
            b = self.byte("string chunk")?;
        }
    }

    /// One UTF-16 unit written as 1–3 bytes (modified UTF-8 / CESU-8). Four-byte UTF-8 is
    /// rejected, as Java's reader does.
    fn utf16_unit(&mut self) -> Result<u16, DecodeError> {
        let start = self.pos;
        let b0 = self.byte("string character")? as u16;
        let (extra, init) = match b0 {
            0x00..=0x7f => return Ok(b0),
            0xc0..=0xdf => (1, b0 & 0x1f),
            0xe0..=0xef => (2, b0 & 0x0f),
            _ => {
                self.pos = start;
                return Err(self.err(DecodeErrorKind::InvalidUtf8));
            }
        };
        let mut u = init;
        for _ in 0..extra {
            let b = self.byte("string character")? as u16;
            if b & 0xc0 != 0x80 {
                self.pos = start;
                return Err(self.err(DecodeErrorKind::InvalidUtf8));
            }
            u = (u << 6) | (b & 0x3f);
        }
        Ok(u)
    }

    /// One binary chunk header (`b` is its first byte): the chunk's length and whether it is
    /// the last; shared by reading and checking so both accept the same bytes.
    fn binary_chunk(&mut self, b: u8) -> Result<(usize, bool), DecodeError> {
        let (len, last) = match b {
            0x20..=0x2f => ((b - 0x20) as usize, true),
            0x34..=0x37 => (
                (((b - 0x34) as usize) << 8) | self.byte("binary length")? as usize,
                true,
            ),
            b'B' => (self.u16("binary length")?, true),
            b'A' => (self.u16("binary chunk length")?, false),
            _ => {
                self.pos -= 1;
                return Err(self.err(DecodeErrorKind::UnexpectedByte {
                    byte: b,
                    expected: "binary chunk",
                }));
            }
        };
        self.check_len("binary", len as i64, 1)?;
        Ok((len, last))
    }

    fn binary_from(&mut self, mut b: u8) -> Result<Vec<u8>, DecodeError> {
        let mut data = Vec::new();
        loop {
            let (len, last) = self.binary_chunk(b)?;
            data.extend_from_slice(self.take(len, "binary data")?);
            if last {
                return Ok(data);
            }
            b = self.byte("binary chunk")?;
        }
    }

    /// [`Decoder::binary_from`] when checking.
    fn skip_binary_from(&mut self, mut b: u8) -> Result<(), DecodeError> {
        loop {
            let (len, last) = self.binary_chunk(b)?;
            self.take(len, "binary data")?;
            if last {
                return Ok(());
            }
            b = self.byte("binary chunk")?;
        }
    }

    /// A list or map type: a string (appended to the type table) or an index into the table.
    fn type_name(&mut self) -> Result<String, DecodeError> {
        let b = self.peek("type")?;
        if matches!(b, 0x00..=0x1f | 0x30..=0x33 | b'R' | b'S') {
            let t = self.string("type")?;
            self.types.push(t.clone());
            return Ok(t);
        }
        let index = self.int("type reference")?;
        usize::try_from(index)
            .ok()
            .and_then(|i| self.types.get(i).cloned())
            .ok_or_else(|| {
                self.err(DecodeErrorKind::BadTypeRef {
                    index: index as i64,
                    types: self.types.len(),
                })
            })
    }

    fn class_def(&mut self) -> Result<(), DecodeError> {
        let name = self.string("class name")?;
        let count = self.int("field count")?;
        let count = self.check_len("class definition", count as i64, 1)?;
        let mut fields = Vec::with_capacity(count);
        for _ in 0..count {
            fields.push(self.string("field name")?);
        }
        // hessian-lite's compact java.time mode writes a definition without fields and then one
        // long per instance; give that long a name so instances decode like ordinary objects.
        if fields.is_empty() {
            match name.as_str() {
                "java.time.LocalDate" => fields.push("epochDay".to_owned()),
                "java.time.LocalTime" => fields.push("nanoOfDay".to_owned()),
                _ => {}
            }
        }
        self.classes.push(Rc::new(ClassDef { name, fields }));
        Ok(())
    }

    /// [`Decoder::class_def`] when checking: the same validation, only the arity kept.
    fn skip_class_def(&mut self) -> Result<(), DecodeError> {
        let name_at = self.pos;
        self.skip_string("class name")?;
        let name_end = self.pos;
        let count = self.int("field count")?;
        let count = self.check_len("class definition", count as i64, 1)?;
        for _ in 0..count {
            self.skip_string("field name")?;
        }
        let arity = if count == 0 {
            // The compact java.time forms (see `class_def`) are told by their name.
            let name = Decoder::new(&self.input[name_at..name_end]).string("class name")?;
            usize::from(matches!(
                name.as_str(),
                "java.time.LocalDate" | "java.time.LocalTime"
            ))
        } else {
            count
        };
        self.checked_arities.push(arity);
        Ok(())
    }

    /// [`Decoder::string`] when checking.
    fn skip_string(&mut self, expected: &'static str) -> Result<(), DecodeError> {
        let b = self.byte(expected)?;
        match b {
            0x00..=0x1f | 0x30..=0x33 | b'R' | b'S' => self.skip_string_from(b),
            _ => {
                self.pos -= 1;
                Err(self.err(DecodeErrorKind::UnexpectedByte { byte: b, expected }))
            }
        }
    }

    /// Starts a list, map or object: reserves its node and its ref slot (pre-order).
    fn open(&mut self) -> Result<(NodeId, usize), DecodeError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.err(DecodeErrorKind::TooDeep {
                limit: self.limits.max_depth,
            }));
        }
        let id = self.push(Node::Pending)?;
        self.slots.push((id, false));
        Ok((id, self.slots.len() - 1))
    }

    fn close(&mut self, id: NodeId, slot: usize, node: Node) -> NodeId {
        self.nodes[id] = node;
        self.slots[slot].1 = true;
        self.depth -= 1;
        id
    }

    fn list_fixed(&mut self, type_name: Option<String>, len: i64) -> Result<NodeId, DecodeError> {
        let (id, slot) = self.open()?;
        let len = self.check_len("list", len, 1)?;
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(self.node()?);
        }
        Ok(self.close(id, slot, Node::List { type_name, items }))
    }

    fn list_variable(&mut self, type_name: Option<String>) -> Result<NodeId, DecodeError> {
        let (id, slot) = self.open()?;
        let mut items = Vec::new();
        while self.peek("list element or end")? != b'Z' {
            items.push(self.node()?);
        }
        self.pos += 1;
        Ok(self.close(id, slot, Node::List { type_name, items }))
    }

    fn map(&mut self, typed: bool) -> Result<NodeId, DecodeError> {
        let (id, slot) = self.open()?;
        let type_name = if typed { Some(self.type_name()?) } else { None };
        let mut entries = Vec::new();
        while self.peek("map key or end")? != b'Z' {
            let k = self.node()?;
            let v = self.node()?;
            entries.push((k, v));
        }
        self.pos += 1;
        Ok(self.close(id, slot, Node::Map { type_name, entries }))
    }

    fn object(&mut self, index: i32) -> Result<NodeId, DecodeError> {
        let def = usize::try_from(index)
            .ok()
            .and_then(|i| self.classes.get(i).cloned())
            .ok_or_else(|| {
                self.err(DecodeErrorKind::BadClassDef {
                    index: index as i64,
                    defs: self.classes.len(),
                })
            })?;
        let (id, slot) = self.open()?;
        let fields = def.fields.len();
        let mut values = Vec::with_capacity(fields);
        for _ in 0..fields {
            values.push(self.node()?);
        }
        Ok(self.close(id, slot, Node::Object { def, values }))
    }

    fn node(&mut self) -> Result<NodeId, DecodeError> {
        loop {
            let b = self.byte("value")?;
            let v = match b {
                b'C' => {
                    self.class_def()?;
                    continue;
                }
                b'N' => Value::Null,
                b'T' => Value::Bool(true),
                b'F' => Value::Bool(false),
                0x80..=0xd7 | b'I' => Value::Int(self.int_from(b, "int")?),
                0xd8..=0xef => Value::Long(b as i64 - 0xe0),
                0xf0..=0xff => Value::Long((((b as i64) - 0xf8) << 8) | self.byte("long")? as i64),
                0x38..=0x3f => {
                    let [b1, b2] = self.array("long")?;
                    Value::Long((((b as i64) - 0x3c) << 16) | ((b1 as i64) << 8) | b2 as i64)
                }
                0x59 => Value::Long(i32::from_be_bytes(self.array("long")?) as i64),
                b'L' => Value::Long(i64::from_be_bytes(self.array("long")?)),
                0x5b => Value::Double(0.0),
                0x5c => Value::Double(1.0),
                0x5d => Value::Double(self.byte("double")? as i8 as f64),
                0x5e => Value::Double(i16::from_be_bytes(self.array("double")?) as f64),
                // Caucho and hessian-lite read this as int milli-units, not as the float32
                // the Hessian 2 draft describes.
                0x5f => Value::Double(0.001 * i32::from_be_bytes(self.array("double")?) as f64),
                b'D' => Value::Double(f64::from_bits(u64::from_be_bytes(self.array("double")?))),
                0x4a => Value::Date(i64::from_be_bytes(self.array("date")?)),
                0x4b => Value::Date(i32::from_be_bytes(self.array("date")?) as i64 * 60_000),
                0x00..=0x1f | 0x30..=0x33 | b'R' | b'S' => Value::String(self.string_from(b)?),
                0x20..=0x2f | 0x34..=0x37 | b'A' | b'B' => Value::Binary(self.binary_from(b)?),
                b'H' => return self.map(false),
                b'M' => return self.map(true),
                b'O' => {
                    let index = self.int("class definition index")?;
                    return self.object(index);
                }
                0x60..=0x6f => return self.object((b - 0x60) as i32),
                0x70..=0x77 => {
                    let t = self.type_name()?;
                    return self.list_fixed(Some(t), (b - 0x70) as i64);
                }
                0x78..=0x7f => return self.list_fixed(None, (b - 0x78) as i64),
                b'V' => {
                    let t = self.type_name()?;
                    let len = self.int("list length")?;
                    return self.list_fixed(Some(t), len as i64);
                }
                b'X' => {
                    let len = self.int("list length")?;
                    return self.list_fixed(None, len as i64);
                }
                b'U' => {
                    let t = self.type_name()?;
                    return self.list_variable(Some(t));
                }
                b'W' => return self.list_variable(None),
                b'Q' => {
                    let index = self.int("reference index")?;
                    let slots = self.slots.len();
                    let slot = usize::try_from(index)
                        .ok()
                        .filter(|&i| i < slots)
                        .ok_or_else(|| {
                            self.err(DecodeErrorKind::BadRef {
                                index: index as i64,
                                slots,
                            })
                        })?;
                    let open = !self.slots[slot].1;
                    if !open {
                        if self.moved {
                            return Err(self.err(DecodeErrorKind::MovedRef));
                        }
                        self.closed_refs = true;
                    }
                    return self.push(Node::Ref {
                        slot: slot as u32,
                        open,
                    });
                }
                _ => {
                    self.pos -= 1;
                    return Err(self.err(DecodeErrorKind::UnexpectedByte {
                        byte: b,
                        expected: "value",
                    }));
                }
            };
            return self.scalar(v);
        }
    }

    /// [`Decoder::node`] when checking: the same grammar, the same errors at the same offsets,
    /// and the same counts (a value per scalar, reference and container, a slot per container),
    /// but no value, node or name is made. Kept apart from `node` so that neither pays for the
    /// other's mode at every value.
    fn skip_node(&mut self) -> Result<(), DecodeError> {
        loop {
            let b = self.byte("value")?;
            match b {
                b'C' => {
                    self.skip_class_def()?;
                    continue;
                }
                b'N' | b'T' | b'F' | 0xd8..=0xef | 0x5b | 0x5c => {}
                0x80..=0xd7 | b'I' => {
                    self.int_from(b, "int")?;
                }
                0xf0..=0xff => {
                    self.byte("long")?;
                }
                0x38..=0x3f => {
                    self.take(2, "long")?;
                }
                0x59 => {
                    self.take(4, "long")?;
                }
                b'L' => {
                    self.take(8, "long")?;
                }
                0x5d => {
                    self.byte("double")?;
                }
                0x5e => {
                    self.take(2, "double")?;
                }
                0x5f => {
                    self.take(4, "double")?;
                }
                b'D' => {
                    self.take(8, "double")?;
                }
                0x4a => {
                    self.take(8, "date")?;
                }
                0x4b => {
                    self.take(4, "date")?;
                }
                0x00..=0x1f | 0x30..=0x33 | b'R' | b'S' => self.skip_string_from(b)?,
                0x20..=0x2f | 0x34..=0x37 | b'A' | b'B' => self.skip_binary_from(b)?,
                b'H' => return self.skip_map(false),
                b'M' => return self.skip_map(true),
                b'O' => {
                    let index = self.int("class definition index")?;
                    return self.skip_object(index);
                }
                0x60..=0x6f => return self.skip_object((b - 0x60) as i32),
                0x70..=0x77 => {
                    self.skip_type_name()?;
                    return self.skip_list_fixed((b - 0x70) as i64);
                }
                0x78..=0x7f => return self.skip_list_fixed((b - 0x78) as i64),
                b'V' => {
                    self.skip_type_name()?;
                    let len = self.int("list length")?;
                    return self.skip_list_fixed(len as i64);
                }
                b'X' => {
                    let len = self.int("list length")?;
                    return self.skip_list_fixed(len as i64);
                }
                b'U' => {
                    self.skip_type_name()?;
                    return self.skip_list_variable();
                }
                b'W' => return self.skip_list_variable(),
                b'Q' => {
                    let index = self.int("reference index")?;
                    let slots = self.checked_slots;
                    if !usize::try_from(index).is_ok_and(|i| i < slots) {
                        return Err(self.err(DecodeErrorKind::BadRef {
                            index: index as i64,
                            slots,
                        }));
                    }
                }
                _ => {
                    self.pos -= 1;
                    return Err(self.err(DecodeErrorKind::UnexpectedByte {
                        byte: b,
                        expected: "value",
                    }));
                }
            }
            return self.count(1).map_err(|kind| self.err(kind));
        }
    }

    /// [`Decoder::open`] when checking: the container is counted and takes a slot.
    fn skip_open(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.err(DecodeErrorKind::TooDeep {
                limit: self.limits.max_depth,
            }));
        }
        self.count(1).map_err(|kind| self.err(kind))?;
        self.checked_slots += 1;
        Ok(())
    }

    /// [`Decoder::type_name`] when checking: a new type is counted, a reference looked up.
    fn skip_type_name(&mut self) -> Result<(), DecodeError> {
        let b = self.peek("type")?;
        if matches!(b, 0x00..=0x1f | 0x30..=0x33 | b'R' | b'S') {
            self.skip_string("type")?;
            self.checked_types += 1;
            return Ok(());
        }
        let index = self.int("type reference")?;
        let types = self.checked_types;
        if usize::try_from(index).is_ok_and(|i| i < types) {
            Ok(())
        } else {
            Err(self.err(DecodeErrorKind::BadTypeRef {
                index: index as i64,
                types,
            }))
        }
    }

    fn skip_list_fixed(&mut self, len: i64) -> Result<(), DecodeError> {
        self.skip_open()?;
        let len = self.check_len("list", len, 1)?;
        for _ in 0..len {
            self.skip_node()?;
        }
        self.depth -= 1;
        Ok(())
    }

    fn skip_list_variable(&mut self) -> Result<(), DecodeError> {
        self.skip_open()?;
        while self.peek("list element or end")? != b'Z' {
            self.skip_node()?;
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(())
    }

    fn skip_map(&mut self, typed: bool) -> Result<(), DecodeError> {
        self.skip_open()?;
        if typed {
            self.skip_type_name()?;
        }
        while self.peek("map key or end")? != b'Z' {
            self.skip_node()?;
            self.skip_node()?;
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(())
    }

    fn skip_object(&mut self, index: i32) -> Result<(), DecodeError> {
        // Classes read before the check come first, then those defined while checking.
        let read = self.classes.len();
        let arity = usize::try_from(index)
            .ok()
            .and_then(|i| match i.checked_sub(read) {
                None => Some(self.classes[i].fields.len()),
                Some(j) => self.checked_arities.get(j),
            });
        let Some(arity) = arity else {
            return Err(self.err(DecodeErrorKind::BadClassDef {
                index: index as i64,
                defs: read + self.checked_arities.len,
            }));
        };
        self.skip_open()?;
        for _ in 0..arity {
            self.skip_node()?;
        }
        self.depth -= 1;
        Ok(())
    }

    /// Builds the value of `id`. `copy` is set inside an expanded ref, whose nodes were counted
    /// once when decoded and count again as copies.
    fn materialize(
        &mut self,
        id: NodeId,
        depth: usize,
        copy: bool,
    ) -> Result<Value, DecodeErrorKind> {
        if self.moving && !self.closed_refs {
            return self.materialize_moved(id, depth);
        }
        if copy {
            self.count(1)?;
        }
        if depth > self.limits.max_depth {
            return Err(DecodeErrorKind::TooDeep {
                limit: self.limits.max_depth,
            });
        }
        let bytes = match &self.nodes[id] {
            Node::Scalar(Value::String(t)) => t.len(),
            Node::Scalar(Value::Binary(b)) => b.len(),
            Node::List { type_name, .. } | Node::Map { type_name, .. } => {
                type_name.as_ref().map_or(0, String::len)
            }
            Node::Object { def, .. } => {
                def.name.len() + def.fields.iter().map(String::len).sum::<usize>()
            }
            _ => 0,
        };
        self.count_bytes(bytes)?;
        Ok(match &self.nodes[id] {
            Node::Scalar(v) => v.clone(),
            Node::Ref { slot, open: true } => Value::Ref(*slot),
            Node::Ref { slot, open: false } => {
                let target = self.slots[*slot as usize].0;
                return self.materialize(target, depth, true);
            }
            Node::List { type_name, items } => {
                let type_name = type_name.clone();
                let items = items.clone();
                let items = items
                    .into_iter()
                    .map(|i| self.materialize(i, depth + 1, copy))
                    .collect::<Result<_, _>>()?;
                Value::List { type_name, items }
            }
            Node::Map { type_name, entries } => {
                let type_name = type_name.clone();
                let entries = entries.clone();
                let entries = entries
                    .into_iter()
                    .map(|(k, v)| {
                        Ok((
                            self.materialize(k, depth + 1, copy)?,
                            self.materialize(v, depth + 1, copy)?,
                        ))
                    })
                    .collect::<Result<_, _>>()?;
                Value::Map { type_name, entries }
            }
            Node::Object { def, values } => {
                let def = def.clone();
                let values = values.clone();
                let fields = def
                    .fields
                    .iter()
                    .zip(values)
                    .map(|(name, v)| Ok((name.clone(), self.materialize(v, depth + 1, copy)?)))
                    .collect::<Result<_, _>>()?;
                Value::Object {
                    class: def.name.clone(),
                    fields,
                }
            }
            Node::Pending => unreachable!("materialize runs only on finished values"),
        })
    }

    /// [`Decoder::materialize`] for a stream without back-references to finished values: every
    /// node is materialized once, so it is taken out of the arena rather than cloned.
    fn materialize_moved(&mut self, id: NodeId, depth: usize) -> Result<Value, DecodeErrorKind> {
        if depth > self.limits.max_depth {
            return Err(DecodeErrorKind::TooDeep {
                limit: self.limits.max_depth,
            });
        }
        self.moved = true;
        Ok(
            match std::mem::replace(&mut self.nodes[id], Node::Pending) {
                Node::Scalar(v) => v,
                Node::Ref { slot, open: true } => Value::Ref(slot),
                // Neither can happen without closed refs (each node has one parent); an error, not a
                // panic, should that ever be wrong.
                Node::Ref { open: false, .. } | Node::Pending => {
                    return Err(DecodeErrorKind::MovedRef)
                }
                Node::List { type_name, items } => Value::List {
                    type_name,
                    items: items
                        .into_iter()
                        .map(|i| self.materialize_moved(i, depth + 1))
                        .collect::<Result<_, _>>()?,
                },
                Node::Map { type_name, entries } => Value::Map {
                    type_name,
                    entries: entries
                        .into_iter()
                        .map(|(k, v)| {
                            Ok((
                                self.materialize_moved(k, depth + 1)?,
                                self.materialize_moved(v, depth + 1)?,
                            ))
                        })
                        .collect::<Result<_, _>>()?,
                },
                Node::Object { def, values } => Value::Object {
                    class: def.name.clone(),
                    fields: def
                        .fields
                        .iter()
                        .zip(values)
                        .map(|(name, v)| Ok((name.clone(), self.materialize_moved(v, depth + 1)?)))
                        .collect::<Result<_, _>>()?,
                },
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::hessian2::Encoder;

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn dec(hex: &str) -> Result<Value, DecodeError> {
        Decoder::new(&unhex(hex)).read()
    }

    fn s(v: &str) -> Value {
        Value::string(v)
    }

    #[test]
    fn scalar_forms() {
        for (hex, want) in [
            ("90", Value::Int(0)),
            ("c7ef", Value::Int(-17)),
            ("d40800", Value::Int(2048)),
            ("4980000000", Value::Int(i32::MIN)),
            ("df", Value::Long(-1)),
            ("f810", Value::Long(16)),
            ("380000", Value::Long(-262144)),
            ("59ffffffff", Value::Long(-1)),
            ("4c0000010000000000", Value::Long(1 << 40)),
            ("5b", Value::Double(0.0)),
            ("5d80", Value::Double(-128.0)),
            ("5e8000", Value::Double(-32768.0)),
            ("5f00002fda", Value::Double(12.25)),
            ("4b00000001", Value::Date(60_000)),
            ("4a0000000000000001", Value::Date(1)),
            ("4e", Value::Null),
            ("54", Value::Bool(true)),
            ("46", Value::Bool(false)),
            ("00", s("")),
            ("3003616263", s("abc")),
            ("5300026869", s("hi")),
            ("02eda0bdedb880", s("\u{1F600}")),
            ("01c280", s("\u{80}")),
            ("25000102feff", Value::Binary(vec![0, 1, 2, 0xfe, 0xff])),
            ("3400", Value::Binary(vec![])),
        ] {
            assert_eq!(dec(hex).unwrap(), want, "{hex}");
        }
    }

    #[test]
    fn chunked_strings_join_surrogates_across_chunks() {
        // R chunk ending on a high surrogate, final chunk starting with the low one.
        assert_eq!(dec("520002 61 eda0bd 01 edb880").unwrap(), s("a\u{1F600}"));
        assert_eq!(
            dec("520001 61 420000").unwrap_err().kind,
            DecodeErrorKind::UnexpectedByte {
                byte: 0x42,
                expected: "string chunk"
            }
        );
        // Unpaired surrogate → replacement character.
        assert_eq!(dec("01 eda0bd").unwrap(), s("\u{FFFD}"));
        // Four-byte UTF-8 is not what Java writes or reads.
        assert_eq!(
            dec("01 f09f9880").unwrap_err().kind,
            DecodeErrorKind::InvalidUtf8
        );
        assert_eq!(
            dec("01 c0").unwrap_err().kind,
            DecodeErrorKind::UnexpectedEnd {
                expected: "string character"
            }
        );
        assert_eq!(
            dec("01 c041").unwrap_err().kind,
            DecodeErrorKind::InvalidUtf8
        );
    }

    #[test]
    fn chunked_binary() {
        assert_eq!(
            dec("410002 0102 410001 03 21 04").unwrap(),
            Value::Binary(vec![1, 2, 3, 4])
        );
    }

    #[test]
    fn all_list_and_map_forms() {
        let ints = |t: Option<&str>| Value::List {
            type_name: t.map(Into::into),
            items: vec![Value::Int(1), Value::Int(2)],
        };
        assert_eq!(dec("7a 91 92").unwrap(), ints(None));
        assert_eq!(dec("58 92 91 92").unwrap(), ints(None));
        assert_eq!(dec("57 91 92 5a").unwrap(), ints(None));
        assert_eq!(dec("72 04 5b696e74 91 92").unwrap(), ints(Some("[int")));
        assert_eq!(dec("56 04 5b696e74 92 91 92").unwrap(), ints(Some("[int")));
        assert_eq!(dec("55 04 5b696e74 91 92 5a").unwrap(), ints(Some("[int")));
        let map = dec("4d 11 6a6176612e7574696c2e547265654d6170 91 0161 5a").unwrap();
        assert_eq!(
            map,
            Value::Map {
                type_name: Some("java.util.TreeMap".into()),
                entries: vec![(Value::Int(1), s("a"))]
            }
        );
    }

    #[test]
    fn type_table_is_shared_by_lists_and_maps_across_reads() {
        let bytes = unhex("72 04 5b696e74 91 92  4d 90 5a  71 90 93");
        let mut d = Decoder::new(&bytes);
        d.read().unwrap();
        assert_eq!(
            d.read().unwrap(),
            Value::Map {
                type_name: Some("[int".into()),
                entries: vec![]
            }
        );
        assert_eq!(
            d.read().unwrap(),
            Value::List {
                type_name: Some("[int".into()),
                items: vec![Value::Int(3)]
            }
        );
        assert!(d.is_empty());
        assert_eq!(d.position(), bytes.len());
    }

    #[test]
    fn class_definitions_anywhere_and_reused() {
        // Spec §4.6 example, then a second instance in a later read, then C inside a list.
        let bytes = unhex(
            "43 10 636f6d2e6578616d706c652e55736572 92 046e616d65 03616765 60 0161 93
             60 0162 94
             79 43 01 78 91 01 76 61 0178",
        );
        let user = |n: &str, a| Value::Object {
            class: "com.example.User".into(),
            fields: vec![("name".into(), s(n)), ("age".into(), Value::Int(a))],
        };
        let mut d = Decoder::new(&bytes);
        assert_eq!(d.read().unwrap(), user("a", 3));
        assert_eq!(d.read().unwrap(), user("b", 4));
        let x = Value::Object {
            class: "x".into(),
            fields: vec![("v".into(), s("x"))],
        };
        assert_eq!(
            d.read().unwrap(),
            Value::List {
                type_name: None,
                items: vec![x]
            }
        );
        assert_eq!(
            Decoder::new(&unhex("62")).read().unwrap_err().kind,
            DecodeErrorKind::BadClassDef { index: 2, defs: 0 }
        );
    }

    #[test]
    fn refs_clone_finished_values_and_keep_cycles() {
        // [ {a:1}, Q1 ]: slot 0 = list, slot 1 = map.
        let v = dec("7a 48 0161 91 5a 51 91").unwrap();
        let m = Value::Map {
            type_name: None,
            entries: vec![(s("a"), Value::Int(1))],
        };
        assert_eq!(
            v,
            Value::List {
                type_name: None,
                items: vec![m.clone(), m]
            }
        );
        // Throwable-like object whose cause is itself.
        let v = dec("43 01 45 92 01 6d 05 6361757365 60 0168 51 90").unwrap();
        assert_eq!(
            v,
            Value::Object {
                class: "E".into(),
                fields: vec![("m".into(), s("h")), ("cause".into(), Value::Ref(0))]
            }
        );
        // Typed arrays take slots too: [[int [1], Q1] → second element is a copy of the array.
        let v = dec("7a 71 04 5b696e74 91 51 91").unwrap();
        let arr = Value::List {
            type_name: Some("[int".into()),
            items: vec![Value::Int(1)],
        };
        assert_eq!(
            v,
            Value::List {
                type_name: None,
                items: vec![arr.clone(), arr]
            }
        );
        assert_eq!(
            dec("51 90").unwrap_err().kind,
            DecodeErrorKind::BadRef { index: 0, slots: 0 }
        );
    }

    #[test]
    fn refs_persist_across_reads() {
        let bytes = unhex("79 91 51 90");
        let mut d = Decoder::new(&bytes);
        let first = d.read().unwrap();
        assert_eq!(d.read().unwrap(), first);
    }

    #[test]
    fn moving_decoder_agrees_with_copying_one_or_refuses_moved_refs() {
        // Without back-references (an object with a class definition, strings, a map, a cycle)
        // moving gives the same values, read after read.
        for input in [
            "43 01 45 92 01 6d 05 6361757365 60 0168 51 90",
            "7a 48 0161 91 5a 03 616263",
            "7a 48 0161 91 5a 51 91",
        ] {
            let bytes = unhex(input);
            let (mut copying, mut moving) = (Decoder::new(&bytes), Decoder::new(&bytes).moving());
            while !copying.is_empty() {
                assert_eq!(moving.read().unwrap(), copying.read().unwrap(), "{input}");
            }
            assert!(moving.is_empty());
        }
        // A later read referring back to a value moved out by an earlier one is refused, so
        // the caller can decode again copying.
        let bytes = unhex("79 91 51 90");
        let mut d = Decoder::new(&bytes).moving();
        d.read().unwrap();
        assert_eq!(d.read().unwrap_err().kind, DecodeErrorKind::MovedRef);
    }

    #[test]
    fn lengths_are_checked_before_allocating() {
        let e = dec("58 49 7fffffff").unwrap_err();
        assert_eq!(
            e.kind,
            DecodeErrorKind::LengthTooLarge {
                what: "list",
                declared: i32::MAX as i64,
                remaining: 0
            }
        );
        assert_eq!(e.offset, 6);
        assert!(matches!(
            dec("53 ffff 61").unwrap_err().kind,
            DecodeErrorKind::LengthTooLarge { .. }
        ));
        assert!(matches!(
            dec("42 ffff 61").unwrap_err().kind,
            DecodeErrorKind::LengthTooLarge { .. }
        ));
        assert!(matches!(
            dec("58 8f").unwrap_err().kind,
            DecodeErrorKind::LengthTooLarge { declared: -1, .. }
        ));
    }

    #[test]
    fn depth_is_limited() {
        let bytes = vec![0x79; 100_000];
        assert_eq!(
            Decoder::new(&bytes).read().unwrap_err().kind,
            DecodeErrorKind::TooDeep { limit: 256 }
        );
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(Decoder::new(&unhex("79 79 79 90"))
            .with_limits(limits)
            .read()
            .is_ok());
        assert!(Decoder::new(&unhex("79 79 79 79 90"))
            .with_limits(limits)
            .read()
            .is_err());
    }

    #[test]
    fn exponential_ref_expansion_hits_the_node_budget() {
        // Each list holds two refs to the previous one: 2^40 nodes if expanded naively.
        let mut bytes = unhex("79 90");
        for i in 0..40 {
            bytes.extend_from_slice(&unhex("7a 51"));
            bytes.push(0x90 + i);
            bytes.push(0x51);
            bytes.push(0x90 + i);
        }
        let mut d = Decoder::new(&bytes);
        d.read().unwrap();
        let mut last = Ok(Value::Null);
        while !d.is_empty() && last.is_ok() {
            last = d.read();
        }
        assert_eq!(
            last.unwrap_err().kind,
            DecodeErrorKind::TooManyNodes { limit: 1_000_000 }
        );
    }

    /// Found while fuzzing (by review, confirmed by replaying it through the fuzz harness):
    /// 135 KB of objects whose class has 64 KiB names made 517 MB of `Value`s, because every
    /// instance copies the names; shared refs to a long string did the same. Both now stop at
    /// the byte budget.
    #[test]
    fn repeated_names_and_shared_strings_hit_the_byte_budget() {
        fn s(n: usize) -> Vec<u8> {
            let mut v = vec![0x53, (n >> 8) as u8, n as u8];
            v.extend(std::iter::repeat_n(b'a', n));
            v
        }
        let limits = Limits {
            max_bytes: 1 << 20,
            ..Limits::default()
        };
        let mut objects = [vec![0x43], s(65535), vec![0x91], s(65535)].concat();
        objects.extend_from_slice(&[0x58, 0x49, 0, 0, 0x07, 0xd0]); // a list of 2000
        objects.extend(std::iter::repeat_n([0x60, 0x90], 2000).flatten());
        let mut refs = vec![0x58, 0x49, 0, 0, 0x07, 0xd1, 0x79];
        refs.extend(s(65535));
        refs.extend(std::iter::repeat_n([0x51, 0x91], 2000).flatten());
        for bytes in [&objects, &refs] {
            assert_eq!(
                Decoder::new(bytes)
                    .with_limits(limits)
                    .read()
                    .unwrap_err()
                    .kind,
                DecodeErrorKind::TooManyBytes { limit: 1 << 20 }
            );
        }
        // Under the budget the same shapes decode.
        let mut few = [vec![0x43], s(65535), vec![0x91], s(65535), vec![0x7d]].concat();
        few.extend(std::iter::repeat_n([0x60, 0x90], 5).flatten());
        match Decoder::new(&few).with_limits(limits).read() {
            Ok(Value::List { items, .. }) => assert_eq!(items.len(), 5),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unexpected_bytes_name_the_offset() {
        let e = dec("7a 91 40").unwrap_err();
        assert_eq!(e.offset, 2);
        assert_eq!(
            e.kind,
            DecodeErrorKind::UnexpectedByte {
                byte: 0x40,
                expected: "value"
            }
        );
        assert_eq!(
            e.to_string(),
            "hessian: unexpected byte 0x40, expected value at byte 2"
        );
        assert_eq!(
            dec("").unwrap_err().kind,
            DecodeErrorKind::UnexpectedEnd { expected: "value" }
        );
        assert_eq!(
            dec("5a").unwrap_err().kind,
            DecodeErrorKind::UnexpectedByte {
                byte: 0x5a,
                expected: "value"
            }
        );
    }

    #[test]
    fn compact_java_time_carries_one_long() {
        let v = dec("43 13 6a6176612e74696d652e4c6f63616c44617465 90 60 3c4d6e").unwrap();
        assert_eq!(
            v,
            Value::Object {
                class: "java.time.LocalDate".into(),
                fields: vec![("epochDay".into(), Value::Long(19822))]
            }
        );
    }

    /// xorshift64*: deterministic pseudo-random bytes without a dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn decode_all(bytes: &[u8]) {
        let limits = Limits {
            max_depth: 64,
            max_nodes: 20_000,
            ..Limits::default()
        };
        let mut d = Decoder::new(bytes).with_limits(limits);
        for _ in 0..8 {
            if d.is_empty() || d.read().is_err() {
                break;
            }
        }
    }

    #[test]
    fn never_panics_on_random_truncated_or_mutated_input() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut seed = Encoder::new();
        let user = Value::Object {
            class: "com.example.User".into(),
            fields: vec![
                ("id".into(), Value::Long(7)),
                (
                    "tags".into(),
                    Value::List {
                        type_name: Some("java.util.HashSet".into()),
                        items: vec![Value::string("x\u{1F600}"), Value::Date(1_700_000_000_123)],
                    },
                ),
            ],
        };
        for v in [
            user.clone(),
            Value::Map {
                type_name: Some("java.util.TreeMap".into()),
                entries: vec![(Value::Int(1), user)],
            },
            Value::Binary(vec![9; 40]),
            Value::Double(3.25),
            Value::string("a".repeat(40)),
        ] {
            seed.write(&v).unwrap();
        }
        let seed = seed.into_bytes();
        for round in 0..20_000 {
            let bytes: Vec<u8> = match round % 3 {
                0 => (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
                1 => seed[..rng.below(seed.len() + 1)].to_vec(),
                _ => {
                    let mut b = seed.clone();
                    for _ in 0..1 + rng.below(4) {
                        let i = rng.below(b.len());
                        b[i] = rng.next() as u8;
                    }
                    b
                }
            };
            decode_all(&bytes);
        }
    }
}
