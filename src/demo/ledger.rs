//! `com.example.LedgerService`: the demo's service for values that are easy to get wrong on the
//! way through JSON: BigDecimal amounts with their scale, BigInteger ledger numbers, dates and
//! timestamps, an enum, typed collections and a nested POJO.
//!
//! Arguments are realized the way Dubbo's `PojoUtils` realizes a generic call's arguments
//! (and hessian-lite a typed call's): a map becomes the declared bean, field by field, by the
//! field's declared type; a string for a `Date` must be `yyyy-MM-dd HH:mm:ss` (the provider's
//! zone, UTC here), as `CompatibleTypeUtils` parses it; an enum is found by constant name.
//! What does not fit fails the call, as it would in Java.

use super::services::{BadArgument, MethodDef, Returned, ServiceDef, Thrown};
use crate::protocol::hessian2::{java_decimal_text, Value};
use crate::registry::metadata::split_type_list;

pub const INVOICE: &str = "com.example.Invoice";
pub const INVOICE_LINE: &str = "com.example.InvoiceLine";
pub const INVOICE_STATUS: &str = "com.example.InvoiceStatus";

const STATUSES: [&str; 4] = ["DRAFT", "ISSUED", "PAID", "VOID"];

/// Bean properties of the ledger's POJOs in declaration order (TypeDefinitionBuilder's view).
pub fn pojo_fields(class: &str) -> Option<&'static [(&'static str, &'static str)]> {
    Some(match class {
        INVOICE => &[
            ("id", "long"),
            ("amount", "java.math.BigDecimal"),
            ("ledgerNo", "java.math.BigInteger"),
            ("issuedAt", "java.util.Date"),
            ("dueAt", "java.sql.Timestamp"),
            ("status", INVOICE_STATUS),
            ("lines", "java.util.List<com.example.InvoiceLine>"),
            ("tags", "java.util.Set<java.lang.String>"),
            ("weights", "java.util.Map<java.lang.String,java.lang.Long>"),
            ("currency", "char"),
            ("priority", "short"),
            ("discount", "float"),
            ("signature", "byte[]"),
        ],
        INVOICE_LINE => &[
            ("sku", "java.lang.String"),
            ("qty", "int"),
            ("price", "java.math.BigDecimal"),
        ],
        _ => return None,
    })
}

/// Constants of the ledger's enums.
pub fn enum_constants(class: &str) -> Option<&'static [&'static str]> {
    (class == INVOICE_STATUS).then_some(&STATUSES[..])
}

pub fn ledger_service() -> ServiceDef {
    ServiceDef {
        interface: "com.example.LedgerService",
        version: Some("1.0.0"),
        group: None,
        impl_class: "com.example.LedgerServiceImpl",
        methods: vec![
            MethodDef {
                name: "getInvoice",
                param_types: &["long"],
                return_type: INVOICE,
                handler: |_, a| {
                    let id = realize(arg(a, 0)?, "long", "arg0")?;
                    let Value::Long(id) = id else {
                        unreachable!("realized as long")
                    };
                    Ok(Ok(Returned::Value(invoice(id).unwrap_or(Value::Null))))
                },
            },
            MethodDef {
                name: "saveInvoice",
                param_types: &[INVOICE],
                return_type: INVOICE,
                // Hands back what it received, realized: what the consumer sent is what it reads.
                handler: |_, a| Ok(Ok(Returned::Value(realize(arg(a, 0)?, INVOICE, "arg0")?))),
            },
            MethodDef {
                name: "shiftDate",
                param_types: &["java.util.Date", "long"],
                return_type: "java.util.Date",
                handler: |_, a| {
                    let (Value::Date(d), Value::Long(by)) = (
                        realize(arg(a, 0)?, "java.util.Date", "arg0")?,
                        realize(arg(a, 1)?, "long", "arg1")?,
                    ) else {
                        return Ok(Ok(Returned::Value(Value::Null)));
                    };
                    Ok(Ok(Returned::Value(Value::Date(d.saturating_add(by)))))
                },
            },
            MethodDef {
                name: "total",
                param_types: &["java.util.List<java.math.BigDecimal>"],
                return_type: "java.math.BigDecimal",
                handler: |_, a| {
                    let list = realize(arg(a, 0)?, "java.util.List<java.math.BigDecimal>", "arg0")?;
                    let Value::List { items, .. } = list else {
                        return Ok(Ok(Returned::Value(Value::Null)));
                    };
                    let mut sum = Decimal::ZERO;
                    for v in &items {
                        let Some(text) = v.field("value").and_then(Value::as_str) else {
                            continue;
                        };
                        match Decimal::parse(text).and_then(|d| sum.add(d)) {
                            Some(s) => sum = s,
                            None => {
                                return Ok(Err(Thrown {
                                    class: "java.lang.ArithmeticException",
                                    message: "the demo adds up to 38 digits".into(),
                                    method: "total",
                                }))
                            }
                        }
                    }
                    Ok(Ok(Returned::Value(big_decimal(&sum.text()))))
                },
            },
            MethodDef {
                name: "nextStatus",
                param_types: &[INVOICE_STATUS],
                return_type: INVOICE_STATUS,
                handler: |_, a| {
                    let v = realize(arg(a, 0)?, INVOICE_STATUS, "arg0")?;
                    let name = v.field("name").and_then(Value::as_str).unwrap_or("DRAFT");
                    let i = STATUSES.iter().position(|s| *s == name).unwrap_or(0);
                    Ok(Ok(Returned::Value(status(
                        STATUSES[(i + 1).min(STATUSES.len() - 1)],
                    ))))
                },
            },
            MethodDef {
                name: "negate",
                param_types: &["java.math.BigInteger"],
                return_type: "java.math.BigInteger",
                handler: |_, a| {
                    let v = realize(arg(a, 0)?, "java.math.BigInteger", "arg0")?;
                    let Value::Object { class, mut fields } = v else {
                        return Ok(Ok(Returned::Value(Value::Null)));
                    };
                    for (name, f) in fields.iter_mut() {
                        if let (true, Value::Int(s)) = (name == "signum", &*f) {
                            *f = Value::Int(-s);
                        }
                    }
                    Ok(Ok(Returned::Value(Value::Object { class, fields })))
                },
            },
        ],
    }
}

fn arg(a: &[Value], i: usize) -> Result<&Value, BadArgument> {
    a.get(i)
        .ok_or_else(|| BadArgument(format!("missing argument {i}")))
}

/// 2024-05-01T12:00:00Z.
const MAY_1: i64 = 1_714_564_800_000;

fn big_decimal(text: &str) -> Value {
    Value::Object {
        class: "java.math.BigDecimal".into(),
        fields: vec![("value".into(), Value::string(text))],
    }
}

fn status(name: &str) -> Value {
    Value::Object {
        class: INVOICE_STATUS.into(),
        fields: vec![("name".into(), Value::string(name))],
    }
}

fn big_integer(digits: &str) -> Value {
    crate::protocol::hessian2::from_json(
        &serde_json::Value::String(digits.into()),
        Some("java.math.BigInteger"),
        crate::protocol::hessian2::ArgMode::Direct,
    )
    .unwrap_or(Value::Null)
}

fn line(sku: &str, qty: i32, price: &str) -> Value {
    Value::Object {
        class: INVOICE_LINE.into(),
        fields: vec![
            ("sku".into(), Value::string(sku)),
            ("qty".into(), Value::Int(qty)),
            ("price".into(), big_decimal(price)),
        ],
    }
}

/// Invoices 1–3: an everyday amount with a trailing zero, one beyond f64's 15–17 digits, and
/// a small one.
pub fn invoice(id: i64) -> Option<Value> {
    let (amount, ledger, status_name, lines) = match id {
        1 => (
            "4210.50",
            "12345678901234567890",
            "ISSUED",
            vec![line("sku-1", 2, "2000.00"), line("sku-2", 1, "210.50")],
        ),
        2 => (
            "12345678901234567.89",
            "98765432109876543210987654321",
            "DRAFT",
            vec![line("sku-3", 1, "12345678901234567.89")],
        ),
        3 => ("0.10", "7", "PAID", vec![]),
        _ => return None,
    };
    Some(Value::Object {
        class: INVOICE.into(),
        fields: vec![
            ("id".into(), Value::Long(id)),
            ("amount".into(), big_decimal(amount)),
            ("ledgerNo".into(), big_integer(ledger)),
            (
                "issuedAt".into(),
                Value::Date(MAY_1 + id * 86_400_000 + 123),
            ),
            (
                "dueAt".into(),
                Value::Object {
                    class: "java.sql.Timestamp".into(),
                    fields: vec![("value".into(), Value::Date(MAY_1 + (id + 30) * 86_400_000))],
                },
            ),
            ("status".into(), status(status_name)),
            (
                "lines".into(),
                Value::List {
                    type_name: None,
                    items: lines,
                },
            ),
            (
                "tags".into(),
                Value::List {
                    type_name: Some("java.util.HashSet".into()),
                    items: vec![Value::string("q2")],
                },
            ),
            (
                "weights".into(),
                Value::Map {
                    type_name: None,
                    entries: vec![(Value::string("risk"), Value::Long(9_007_199_254_740_993))],
                },
            ),
            ("currency".into(), Value::string("€")),
            ("priority".into(), Value::Int(id as i32)),
            ("discount".into(), Value::Double(0.25)),
            (
                "signature".into(),
                Value::Binary(vec![0xca, 0xfe, id as u8]),
            ),
        ],
    })
}

fn bad(path: &str, expected: &str, got: &Value) -> BadArgument {
    BadArgument(format!(
        "cannot realize {path} as {expected} from {}",
        describe(got)
    ))
}

fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string {s:?}"),
        Value::Object { class, .. } => format!("a {class}"),
        Value::Map { .. } => "a map".into(),
        Value::List { .. } => "a list".into(),
        Value::Date(_) => "a java.util.Date".into(),
        Value::Long(_) => "a java.lang.Long".into(),
        Value::Int(_) => "a java.lang.Integer".into(),
        Value::Double(_) => "a java.lang.Double".into(),
        Value::Bool(_) => "a java.lang.Boolean".into(),
        Value::Binary(_) => "a byte[]".into(),
        Value::Null => "null".into(),
        Value::Ref(_) => "a reference".into(),
    }
}

/// `PojoUtils.realize(value, type)` for the types the ledger uses: the Java value the method
/// would receive, as the typed Hessian value Java would write for it. `path` names the part
/// in errors (`arg0.lines[1].price`).
pub fn realize(v: &Value, ty: &str, path: &str) -> Result<Value, BadArgument> {
    let ty = ty.trim();
    if matches!(v, Value::Null) {
        return match ty {
            "long" | "int" | "short" | "float" | "char" => Err(bad(path, ty, v)),
            _ => Ok(Value::Null),
        };
    }
    let (raw, args) = match ty.split_once('<') {
        Some((r, g)) => (
            r.trim(),
            split_type_list(g.trim_end().trim_end_matches('>')),
        ),
        None => (ty, Vec::new()),
    };
    match raw {
        "long" | "java.lang.Long" => integer(v).map(Value::Long).ok_or_else(|| bad(path, ty, v)),
        "int" | "short" => {
            let max = if raw == "int" {
                i32::MAX as i64
            } else {
                i16::MAX as i64
            };
            integer(v)
                .filter(|n| (-max - 1..=max).contains(n))
                .map(|n| Value::Int(n as i32))
                .ok_or_else(|| bad(path, ty, v))
        }
        "float" => match v {
            Value::Double(d) => Ok(Value::Double(*d as f32 as f64)),
            Value::Int(i) => Ok(Value::Double(*i as f32 as f64)),
            _ => Err(bad(path, ty, v)),
        },
        "char" => match v {
            Value::String(s) if s.encode_utf16().count() == 1 => Ok(v.clone()),
            _ => Err(bad(path, ty, v)),
        },
        "java.lang.String" => match v {
            Value::String(_) => Ok(v.clone()),
            _ => Err(bad(path, ty, v)),
        },
        "byte[]" => match v {
            Value::Binary(_) => Ok(v.clone()),
            _ => Err(bad(path, ty, v)),
        },
        "java.math.BigDecimal" => {
            let text = match v {
                Value::Object { class, .. } if class == "java.math.BigDecimal" => {
                    v.field("value").and_then(Value::as_str).map(str::to_owned)
                }
                // CompatibleTypeUtils: `new BigDecimal(string)` / `new BigDecimal(number.toString())`.
                Value::String(s) => java_decimal_text(s),
                Value::Int(i) => Some(i.to_string()),
                Value::Long(l) => Some(l.to_string()),
                Value::Double(d) => java_decimal_text(&java_double_text(*d)),
                _ => None,
            };
            text.map(|t| big_decimal(&t))
                .ok_or_else(|| bad(path, ty, v))
        }
        "java.math.BigInteger" => match v {
            Value::Object { class, .. } if class == "java.math.BigInteger" => Ok(v.clone()),
            Value::String(s) if is_integer_text(s) => Ok(big_integer(s)),
            Value::Int(i) => Ok(big_integer(&i.to_string())),
            Value::Long(l) => Ok(big_integer(&l.to_string())),
            _ => Err(bad(path, ty, v)),
        },
        "java.util.Date" => date(v).map(Value::Date).ok_or_else(|| bad(path, ty, v)),
        "java.sql.Timestamp" => {
            let ms = match v {
                Value::Object { class, .. } if class == "java.sql.Timestamp" => {
                    match v.field("value") {
                        Some(Value::Date(ms)) => Some(*ms),
                        _ => None,
                    }
                }
                Value::Date(_) | Value::String(_) | Value::Long(_) => date(v),
                _ => None,
            };
            ms.map(|ms| Value::Object {
                class: "java.sql.Timestamp".into(),
                fields: vec![("value".into(), Value::Date(ms))],
            })
            .ok_or_else(|| bad(path, ty, v))
        }
        INVOICE_STATUS => {
            let name = match v {
                Value::String(s) => Some(s.as_str()),
                Value::Object { .. } | Value::Map { .. } => match v {
                    Value::Map { entries, .. } => entries
                        .iter()
                        .find(|(k, _)| k.as_str() == Some("name"))
                        .and_then(|(_, n)| n.as_str()),
                    _ => v.field("name").and_then(Value::as_str),
                },
                _ => None,
            };
            match name {
                Some(n) if STATUSES.contains(&n) => Ok(status(n)),
                _ => Err(BadArgument(format!(
                    "{path}: No enum constant {INVOICE_STATUS}.{}",
                    name.unwrap_or("?")
                ))),
            }
        }
        "java.util.List" | "java.util.Set" => {
            let Value::List { items, .. } = v else {
                return Err(bad(path, ty, v));
            };
            let elem = args
                .first()
                .map(String::as_str)
                .unwrap_or("java.lang.Object");
            let items = items
                .iter()
                .enumerate()
                .map(|(i, it)| realize(it, elem, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::List {
                type_name: (raw == "java.util.Set").then(|| "java.util.HashSet".into()),
                items,
            })
        }
        "java.util.Map" => {
            let Value::Map { entries, .. } = v else {
                return Err(bad(path, ty, v));
            };
            let kt = args
                .first()
                .map(String::as_str)
                .unwrap_or("java.lang.Object");
            let vt = args
                .get(1)
                .map(String::as_str)
                .unwrap_or("java.lang.Object");
            let entries = entries
                .iter()
                .map(|(k, val)| {
                    let at = format!("{path}.{}", k.as_str().unwrap_or("?"));
                    Ok((realize(k, kt, &at)?, realize(val, vt, &at)?))
                })
                .collect::<Result<Vec<_>, BadArgument>>()?;
            Ok(Value::Map {
                type_name: None,
                entries,
            })
        }
        "java.lang.Object" => Ok(v.clone()),
        class => match pojo_fields(class) {
            Some(fields) => realize_bean(v, class, fields, path),
            None => Err(bad(path, ty, v)),
        },
    }
}

/// A bean from a map (generic call) or an object (typed call): each declared property from the
/// entry of that name, realized by its type; unknown entries are ignored, missing ones default.
fn realize_bean(
    v: &Value,
    class: &str,
    fields: &[(&str, &str)],
    path: &str,
) -> Result<Value, BadArgument> {
    let lookup = |name: &str| -> Option<&Value> {
        match v {
            Value::Map { entries, .. } => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(name))
                .map(|(_, v)| v),
            Value::Object { .. } => v.field(name),
            _ => None,
        }
    };
    match v {
        Value::Map { .. } => {
            if let Some(named) = lookup("class").and_then(Value::as_str) {
                if named != class {
                    return Err(BadArgument(format!(
                        "{path}: class {named} is not a {class}"
                    )));
                }
            }
        }
        Value::Object { class: c, .. } if c == class => {}
        _ => return Err(bad(path, class, v)),
    }
    let mut out = Vec::with_capacity(fields.len());
    for (name, ty) in fields {
        let at = format!("{path}.{name}");
        let value = match lookup(name) {
            Some(f) => realize(f, ty, &at)?,
            None => default_of(ty),
        };
        out.push(((*name).to_owned(), value));
    }
    Ok(Value::Object {
        class: class.to_owned(),
        fields: out,
    })
}

fn default_of(ty: &str) -> Value {
    match ty {
        "long" => Value::Long(0),
        "int" | "short" => Value::Int(0),
        "float" => Value::Double(0.0),
        "char" => Value::string("\u{0}"),
        _ => Value::Null,
    }
}

fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Long(l) => Some(*l),
        Value::Int(i) => Some(*i as i64),
        Value::Double(d) if d.fract() == 0.0 && d.abs() < 9.2e18 => Some(*d as i64),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn is_integer_text(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

/// A `java.util.Date` the way PojoUtils gets one: a date as is, a number as epoch
/// milliseconds, a string only in `yyyy-MM-dd HH:mm:ss` (anything else is a ParseException).
fn date(v: &Value) -> Option<i64> {
    match v {
        Value::Date(ms) => Some(*ms),
        Value::Long(ms) => Some(*ms),
        Value::Int(ms) => Some(*ms as i64),
        Value::String(s) => parse_dubbo_date(s),
        _ => None,
    }
}

fn parse_dubbo_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let shape = b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().ok();
    let (y, mo, d, h, mi, sec) = (
        n(0..4)?,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    // Days from civil (Hinnant), UTC.
    let yy = if mo <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy.rem_euclid(400);
    let mp = if mo > 2 { mo - 3 } else { mo + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + sec * 1000)
}

/// `Double.toString` closely enough for `new BigDecimal(number.toString())`: the shortest
/// digits that round-trip (Rust and Java agree on those for the values the demo sees).
fn java_double_text(d: f64) -> String {
    format!("{d:?}")
}

/// A decimal as unscaled i128 and scale: enough for the demo's sums.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Decimal {
    unscaled: i128,
    scale: u32,
}

impl Decimal {
    const ZERO: Decimal = Decimal {
        unscaled: 0,
        scale: 0,
    };

    fn parse(text: &str) -> Option<Decimal> {
        let plain = java_decimal_text(text)?;
        if plain.contains('E') {
            return None;
        }
        let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
        Some(Decimal {
            unscaled: format!("{int}{frac}").parse().ok()?,
            scale: frac.len() as u32,
        })
    }

    /// `BigDecimal.add`: the result has the larger scale.
    fn add(self, o: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(o.scale);
        let up = |d: Decimal| d.unscaled.checked_mul(10i128.checked_pow(scale - d.scale)?);
        Some(Decimal {
            unscaled: up(self)?.checked_add(up(o)?)?,
            scale,
        })
    }

    fn text(&self) -> String {
        let digits = self.unscaled.unsigned_abs().to_string();
        let sign = if self.unscaled < 0 { "-" } else { "" };
        let s = self.scale as usize;
        if s == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = s + 1);
        let (a, b) = padded.split_at(padded.len() - s);
        format!("{sign}{a}.{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::Map {
            type_name: None,
            entries: entries
                .into_iter()
                .map(|(k, v)| (Value::string(k), v))
                .collect(),
        }
    }

    #[test]
    fn dates_realize_like_pojo_utils() {
        assert_eq!(
            realize(&Value::string("2024-05-01 12:00:00"), "java.util.Date", "a"),
            Ok(Value::Date(MAY_1))
        );
        assert_eq!(
            realize(&Value::Long(MAY_1), "java.util.Date", "a"),
            Ok(Value::Date(MAY_1))
        );
        // The ISO text svcctl used to send for a Date field: Java cannot parse it.
        let e = realize(
            &Value::string("2024-05-01T12:00:00.000Z"),
            "java.util.Date",
            "a.issuedAt",
        )
        .unwrap_err();
        assert!(e.0.contains("a.issuedAt"), "{e:?}");
    }

    #[test]
    fn beans_from_maps_by_field_type() {
        let m = map(vec![
            ("class", Value::string(INVOICE)),
            ("id", Value::Int(9)),
            ("amount", Value::string("1.50")),
            ("status", Value::string("PAID")),
            (
                "lines",
                Value::List {
                    type_name: None,
                    items: vec![map(vec![
                        ("qty", Value::Int(2)),
                        ("price", Value::Double(4210.5)),
                    ])],
                },
            ),
            ("unknown", Value::Bool(true)),
        ]);
        let v = realize(&m, INVOICE, "arg0").unwrap();
        assert_eq!(v.field("id"), Some(&Value::Long(9)));
        assert_eq!(v.field("amount"), Some(&big_decimal("1.50")));
        assert_eq!(v.field("status"), Some(&status("PAID")));
        let Some(Value::List { items, .. }) = v.field("lines") else {
            panic!()
        };
        // A double loses the scale, as `new BigDecimal(Double.toString(d))` does.
        assert_eq!(items[0].field("price"), Some(&big_decimal("4210.5")));
        assert!(realize(
            &map(vec![("status", Value::string("LOST"))]),
            INVOICE,
            "arg0"
        )
        .is_err());
        assert_eq!(
            invoice(1).map(|i| realize(&i, INVOICE, "x").unwrap()),
            invoice(1)
        );
    }

    #[test]
    fn decimals_add_with_the_larger_scale() {
        let d = |t| Decimal::parse(t).unwrap();
        assert_eq!(d("4210.50").add(d("0.5")).unwrap().text(), "4211.00");
        assert_eq!(d("-0.05").add(d("0.01")).unwrap().text(), "-0.04");
        assert_eq!(
            d("12345678901234567.89").add(d("1")).unwrap().text(),
            "12345678901234568.89"
        );
    }
}
