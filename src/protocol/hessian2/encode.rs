//! Hessian 2 writer, byte-compatible with Caucho Hessian 4.0.38 `Hessian2Output.writeObject`.
//!
//! Compatibility goes down to Caucho's quirks: the "mill" double form, string chunks that never
//! end on a high surrogate, and binary chunk sizes. Caucho sizes binary chunks to fill its 8 KiB
//! output buffer, so the chunk boundaries depend on how full that buffer is; the encoder keeps a
//! model of the buffer fill level (`java_fill`) that follows Caucho's flush points exactly.
//!
//! Deliberate differences from Caucho:
//! - `-0.0` is written as `D` + 8 bytes; Caucho writes `5B` (0.0) and loses the sign.
//! - Identity-based shared references are never emitted; a [`Value::Ref`] is written as given.
//! - Two objects of the same class name with different field lists get separate class
//!   definitions (Caucho cannot produce that situation).
//! - Strings follow Caucho's `writeString(String)` buffer model; its `char[]` path flushes at
//!   slightly different fill levels, which could only move a later binary chunk boundary.

use std::collections::HashMap;

use super::Value;

/// Size of Caucho's `Hessian2Output` buffer (`Hessian2Output.SIZE`).
const JAVA_BUFFER: usize = 8192;
/// Longest string chunk Caucho writes, in UTF-16 units.
const STRING_CHUNK: usize = 0x8000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("reference to slot {index} but only {slots} lists/maps/objects were written so far")]
    DanglingRef { index: u32, slots: u32 },
    #[error("empty type name for a typed list or map")]
    EmptyTypeName,
    #[error("{what} has {len} entries, more than Hessian can describe")]
    TooLong { what: &'static str, len: usize },
}

/// One Hessian 2 stream. Class definitions and the type table are shared by every value written
/// to the same encoder, as in one Dubbo frame body.
#[derive(Debug, Default)]
pub struct Encoder {
    out: Vec<u8>,
    /// How many bytes Caucho would currently hold in its output buffer.
    java_fill: usize,
    types: HashMap<String, usize>,
    /// Class definitions by class name; each entry is (field names, definition index).
    classes: HashMap<String, Vec<(Vec<String>, usize)>>,
    class_count: usize,
    /// Lists, maps and objects written so far (the reader's ref slots).
    slots: u32,
}

impl Encoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn write(&mut self, value: &Value) -> Result<(), EncodeError> {
        match value {
            Value::Null => self.write_null(),
            Value::Bool(b) => self.write_bool(*b),
            Value::Int(i) => self.write_int(*i),
            Value::Long(l) => self.write_long(*l),
            Value::Double(d) => self.write_double(*d),
            Value::Date(ms) => self.write_date(*ms),
            Value::String(s) => self.write_string(s),
            Value::Binary(b) => self.write_binary(b),
            Value::List { type_name, items } => {
                self.write_list_begin(items.len(), type_name.as_deref())?;
                for item in items {
                    self.write(item)?;
                }
            }
            Value::Map { type_name, entries } => {
                self.write_map_begin(type_name.as_deref())?;
                for (k, v) in entries {
                    self.write(k)?;
                    self.write(v)?;
                }
                self.room_strict(32);
                self.put(b"Z");
            }
            Value::Object { class, fields } => {
                self.write_object_begin(class, fields)?;
                for (_, v) in fields {
                    self.write(v)?;
                }
            }
            Value::Ref(index) => {
                if *index >= self.slots {
                    return Err(EncodeError::DanglingRef {
                        index: *index,
                        slots: self.slots,
                    });
                }
                self.room_strict(16);
                self.put(&[0x51]);
                self.write_int(*index as i32);
            }
        }
        Ok(())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    fn put(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
        self.java_fill += bytes.len();
    }

    /// Caucho's `if (SIZE < _offset + n) flushBuffer();`
    fn room_strict(&mut self, n: usize) {
        if self.java_fill + n > JAVA_BUFFER {
            self.java_fill = 0;
        }
    }

    /// Caucho's `if (SIZE <= _offset + n) flushBuffer();`
    fn room_loose(&mut self, n: usize) {
        if self.java_fill + n >= JAVA_BUFFER {
            self.java_fill = 0;
        }
    }

    fn write_null(&mut self) {
        self.room_loose(16);
        self.put(b"N");
    }

    fn write_bool(&mut self, b: bool) {
        self.room_strict(16);
        self.put(if b { b"T" } else { b"F" });
    }

    fn write_int(&mut self, v: i32) {
        self.room_loose(16);
        if (-0x10..=0x2f).contains(&v) {
            self.put(&[(0x90 + v) as u8]);
        } else if (-0x800..=0x7ff).contains(&v) {
            self.put(&[(0xc8 + (v >> 8)) as u8, v as u8]);
        } else if (-0x40000..=0x3ffff).contains(&v) {
            self.put(&[(0xd4 + (v >> 16)) as u8, (v >> 8) as u8, v as u8]);
        } else {
            let b = v.to_be_bytes();
            self.put(&[b'I', b[0], b[1], b[2], b[3]]);
        }
    }

    fn write_long(&mut self, v: i64) {
        self.room_loose(16);
        if (-8..=15).contains(&v) {
            self.put(&[(0xe0 + v) as u8]);
        } else if (-0x800..=0x7ff).contains(&v) {
            self.put(&[(0xf8 + (v >> 8)) as u8, v as u8]);
        } else if (-0x40000..=0x3ffff).contains(&v) {
            self.put(&[(0x3c + (v >> 16)) as u8, (v >> 8) as u8, v as u8]);
        } else if let Ok(i) = i32::try_from(v) {
            let b = i.to_be_bytes();
            self.put(&[0x59, b[0], b[1], b[2], b[3]]);
        } else {
            let mut buf = [b'L'; 9];
            buf[1..].copy_from_slice(&v.to_be_bytes());
            self.put(&buf);
        }
    }

    fn write_double(&mut self, v: f64) {
        self.room_loose(16);
        // Rust's `as i32` saturates and maps NaN to 0, exactly like Java's (int) cast, so the
        // comparisons below reproduce Caucho's choices bit for bit.
        let int_value = v as i32;
        // -0.0 compares equal to 0 in Java too; Caucho then writes 5B and loses the sign.
        if int_value as f64 == v && !(v == 0.0 && v.is_sign_negative()) {
            match int_value {
                0 => return self.put(&[0x5b]),
                1 => return self.put(&[0x5c]),
                -0x80..=0x7f => return self.put(&[0x5d, int_value as u8]),
                -0x8000..=0x7fff => {
                    let b = (int_value as i16).to_be_bytes();
                    return self.put(&[0x5e, b[0], b[1]]);
                }
                _ => {}
            }
        }
        let mills = (v * 1000.0) as i32;
        if 0.001 * mills as f64 == v && !(v == 0.0 && v.is_sign_negative()) {
            let b = mills.to_be_bytes();
            return self.put(&[0x5f, b[0], b[1], b[2], b[3]]);
        }
        let mut buf = [b'D'; 9];
        buf[1..].copy_from_slice(&v.to_bits().to_be_bytes());
        self.put(&buf);
    }

    fn write_date(&mut self, ms: i64) {
        self.room_strict(32);
        if ms % 60_000 == 0 {
            if let Ok(minutes) = i32::try_from(ms / 60_000) {
                let b = minutes.to_be_bytes();
                return self.put(&[0x4b, b[0], b[1], b[2], b[3]]);
            }
        }
        let mut buf = [0x4a; 9];
        buf[1..].copy_from_slice(&ms.to_be_bytes());
        self.put(&buf);
    }

    fn write_string(&mut self, s: &str) {
        let units: Vec<u16> = s.encode_utf16().collect();
        self.room_loose(16);
        let mut rest = &units[..];
        while rest.len() > STRING_CHUNK {
            self.room_loose(16);
            let mut len = STRING_CHUNK;
            // A chunk must not end between the two halves of a surrogate pair.
            if (0xd800..=0xdbff).contains(&rest[len - 1]) {
                len -= 1;
            }
            self.put(&[b'R', (len >> 8) as u8, len as u8]);
            self.print_units(&rest[..len]);
            rest = &rest[len..];
        }
        self.room_loose(16);
        let len = rest.len();
        if len <= 31 {
            self.put(&[len as u8]);
        } else if len <= 1023 {
            self.put(&[0x30 + (len >> 8) as u8, len as u8]);
        } else {
            self.put(&[b'S', (len >> 8) as u8, len as u8]);
        }
        self.print_units(rest);
    }

    /// Each UTF-16 unit as 1–3 bytes; surrogates are encoded one by one (CESU-8), as Java does.
    fn print_units(&mut self, units: &[u16]) {
        for &u in units {
            self.room_loose(16);
            if u < 0x80 {
                self.put(&[u as u8]);
            } else if u < 0x800 {
                self.put(&[0xc0 | (u >> 6) as u8, 0x80 | (u & 0x3f) as u8]);
            } else {
                self.put(&[
                    0xe0 | (u >> 12) as u8,
                    0x80 | ((u >> 6) & 0x3f) as u8,
                    0x80 | (u & 0x3f) as u8,
                ]);
            }
        }
    }

    fn write_binary(&mut self, data: &[u8]) {
        let mut rest = data;
        while JAVA_BUFFER - self.java_fill - 3 < rest.len() {
            let mut len = JAVA_BUFFER - self.java_fill - 3;
            if len < 16 {
                self.java_fill = 0;
                len = (JAVA_BUFFER - 3).min(rest.len());
            }
            self.put(&[b'A', (len >> 8) as u8, len as u8]);
            self.put(&rest[..len]);
            rest = &rest[len..];
            self.java_fill = 0;
        }
        self.room_strict(16);
        let len = rest.len();
        if len <= 15 {
            self.put(&[0x20 + len as u8]);
        } else if len <= 1023 {
            self.put(&[0x34 + (len >> 8) as u8, len as u8]);
        } else {
            self.put(&[b'B', (len >> 8) as u8, len as u8]);
        }
        self.put(rest);
    }

    fn write_type(&mut self, type_name: &str) -> Result<(), EncodeError> {
        if type_name.is_empty() {
            return Err(EncodeError::EmptyTypeName);
        }
        self.room_strict(32);
        match self.types.get(type_name) {
            Some(&index) => self.write_int(index as i32),
            None => {
                self.types.insert(type_name.to_owned(), self.types.len());
                self.write_string(type_name);
            }
        }
        Ok(())
    }

    fn write_list_begin(&mut self, len: usize, type_name: Option<&str>) -> Result<(), EncodeError> {
        let len32 = i32::try_from(len).map_err(|_| EncodeError::TooLong { what: "list", len })?;
        self.slots += 1;
        self.room_strict(32);
        match (len <= 7, type_name) {
            (true, Some(t)) => {
                self.put(&[0x70 + len as u8]);
                self.write_type(t)?;
            }
            (true, None) => self.put(&[0x78 + len as u8]),
            (false, Some(t)) => {
                self.put(b"V");
                self.write_type(t)?;
                self.write_int(len32);
            }
            (false, None) => {
                self.put(b"X");
                self.write_int(len32);
            }
        }
        Ok(())
    }

    fn write_map_begin(&mut self, type_name: Option<&str>) -> Result<(), EncodeError> {
        self.slots += 1;
        self.room_strict(32);
        match type_name {
            Some(t) => {
                self.put(b"M");
                self.write_type(t)
            }
            None => {
                self.put(b"H");
                Ok(())
            }
        }
    }

    fn write_object_begin(
        &mut self,
        class: &str,
        fields: &[(String, Value)],
    ) -> Result<(), EncodeError> {
        let known = self.classes.get(class).and_then(|defs| {
            defs.iter()
                .find(|(names, _)| {
                    names.len() == fields.len()
                        && names.iter().zip(fields).all(|(a, (b, _))| a == b)
                })
                .map(|&(_, index)| index)
        });
        let index = match known {
            Some(index) => index,
            None => {
                let count = i32::try_from(fields.len()).map_err(|_| EncodeError::TooLong {
                    what: "class definition",
                    len: fields.len(),
                })?;
                let index = self.class_count;
                self.class_count += 1;
                let names: Vec<String> = fields.iter().map(|(n, _)| n.clone()).collect();
                self.classes
                    .entry(class.to_owned())
                    .or_default()
                    .push((names, index));
                self.room_strict(32);
                self.put(b"C");
                self.write_string(class);
                self.write_int(count);
                for (name, _) in fields {
                    self.write_string(name);
                }
                index
            }
        };
        self.slots += 1;
        self.room_strict(32);
        if index <= 15 {
            self.put(&[0x60 + index as u8]);
        } else {
            self.put(b"O");
            self.write_int(index as i32);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: &Value) -> Vec<u8> {
        let mut e = Encoder::new();
        e.write(v).unwrap();
        e.into_bytes()
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn ints_match_spec_examples() {
        for (v, want) in [
            (0, "90"),
            (-1, "8f"),
            (-16, "80"),
            (47, "bf"),
            (48, "c830"),
            (300, "c92c"),
            (-17, "c7ef"),
            (-2048, "c000"),
            (2047, "cfff"),
            (2048, "d40800"),
            (-262144, "d00000"),
            (262143, "d7ffff"),
            (262144, "4900040000"),
            (i32::MIN, "4980000000"),
        ] {
            assert_eq!(hex(&enc(&Value::Int(v))), want, "int {v}");
        }
    }

    #[test]
    fn longs_match_spec_examples() {
        for (v, want) in [
            (0, "e0"),
            (-1, "df"),
            (-8, "d8"),
            (15, "ef"),
            (16, "f810"),
            (-2048, "f000"),
            (2048, "3c0800"),
            (262144, "5900040000"),
            (1 << 31, "4c0000000080000000"),
            (1 << 40, "4c0000010000000000"),
        ] {
            assert_eq!(hex(&enc(&Value::Long(v))), want, "long {v}");
        }
    }

    #[test]
    fn doubles_follow_caucho_including_mill_form() {
        for (v, want) in [
            (0.0, "5b"),
            (1.0, "5c"),
            (-128.0, "5d80"),
            (127.0, "5d7f"),
            (-32768.0, "5e8000"),
            (12.25, "5f00002fda"),
            (1e300, "447e37e43c8800759c"),
            (-0.0, "448000000000000000"),
            (f64::INFINITY, "447ff0000000000000"),
        ] {
            assert_eq!(hex(&enc(&Value::Double(v))), want, "double {v}");
        }
        assert_eq!(enc(&Value::Double(f64::NAN))[0], b'D');
    }

    #[test]
    fn dates_use_minutes_when_exact() {
        assert_eq!(hex(&enc(&Value::Date(60_000))), "4b00000001");
        assert_eq!(hex(&enc(&Value::Date(1))), "4a0000000000000001");
    }

    #[test]
    fn strings_count_utf16_units_and_write_surrogates_separately() {
        assert_eq!(hex(&enc(&Value::string("hello"))), "0568656c6c6f");
        assert_eq!(hex(&enc(&Value::string("\u{1F600}"))), "02eda0bdedb880");
        assert_eq!(&enc(&Value::string("a".repeat(32)))[..2], &[0x30, 0x20]);
        assert_eq!(&enc(&Value::string("a".repeat(1024)))[..3], b"S\x04\x00");
    }

    #[test]
    fn long_strings_never_split_a_surrogate_pair() {
        let s = format!("a{}b", "\u{1F600}".repeat(34999));
        let bytes = enc(&Value::String(s));
        assert_eq!(bytes.len(), 210005);
        assert_eq!(&bytes[..3], b"R\x7f\xff");
        let second = 3 + 1 + 32766 * 3;
        assert_eq!(&bytes[second..second + 3], b"R\x80\x00");
        let last = second + 3 + 32768 * 3;
        assert_eq!(&bytes[last..last + 3], b"S\x11\x71");
    }

    #[test]
    fn user_object_and_class_reuse() {
        let user = |id: i64, name: &str| Value::Object {
            class: "com.example.User".into(),
            fields: vec![
                ("id".into(), Value::Long(id)),
                ("name".into(), Value::string(name)),
            ],
        };
        let list = Value::List {
            type_name: None,
            items: vec![user(1, "a"), user(2, "b")],
        };
        assert_eq!(
            hex(&enc(&list)),
            "7a4310636f6d2e6578616d706c652e5573657292026964046e616d6560e101616\
             0e20162"
                .replace(char::is_whitespace, "")
        );
    }

    #[test]
    fn maps_and_type_table() {
        let m = Value::Map {
            type_name: None,
            entries: vec![
                (Value::string("a"), Value::Int(1)),
                (Value::string("b"), Value::string("two")),
                (Value::string("c"), Value::Bool(true)),
            ],
        };
        assert_eq!(hex(&enc(&m)), "4801619101620374776f0163545a");
        let typed = |n| Value::List {
            type_name: Some("[int".into()),
            items: vec![Value::Int(n)],
        };
        let outer = Value::List {
            type_name: None,
            items: vec![typed(1), typed(2)],
        };
        assert_eq!(hex(&enc(&outer)), "7a71045b696e7491719092");
    }

    #[test]
    fn refs_must_point_backwards() {
        let mut e = Encoder::new();
        assert_eq!(
            e.write(&Value::Ref(0)),
            Err(EncodeError::DanglingRef { index: 0, slots: 0 })
        );
        let obj = Value::Object {
            class: "x.E".into(),
            fields: vec![("cause".into(), Value::Ref(0))],
        };
        let mut e = Encoder::new();
        e.write(&obj).unwrap();
        assert!(e.as_bytes().ends_with(&[0x60, 0x51, 0x90]));
    }

    #[test]
    fn binary_chunks_follow_the_java_buffer() {
        assert_eq!(
            hex(&enc(&Value::Binary(vec![0, 1, 2, 0xfe, 0xff]))),
            "25000102feff"
        );
        let bytes = enc(&Value::Binary(vec![7; 70000]));
        // 8 full-buffer chunks of 8189 bytes, then the remaining 4488 in a final chunk.
        assert_eq!(&bytes[..3], &[b'A', 0x1f, 0xfd]);
        let tail = 8 * (3 + 8189);
        assert_eq!(&bytes[tail..tail + 3], &[b'B', 0x11, 0x88]);
        assert_eq!(bytes.len(), tail + 3 + 70000 - 8 * 8189);
    }
}
