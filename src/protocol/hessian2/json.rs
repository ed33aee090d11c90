//! JSON ⇄ Hessian values for the CLI (spec §5.3, §5.4), and JVM descriptors for declared types
//! (§2.3, §5.2). Pure functions, no I/O.

use base64::Engine;
use serde_json::{Map, Number, Value as Json};

use super::Value;

/// How arguments will be invoked: through `$invoke` (the provider realizes maps into POJOs) or
/// directly with the real method descriptor (values must already be the exact Java wire types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgMode {
    Generic,
    Direct,
}

/// A JSON argument that does not fit its declared Java type. `path` locates the offending part
/// inside the argument (`""` for the argument itself, e.g. `[2].id`); the caller adds which
/// argument it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}expected {expected}, got {got}", if path.is_empty() { String::new() } else { format!("at {path}: ") })]
pub struct ArgError {
    pub path: String,
    pub expected: String,
    pub got: String,
}

impl ArgError {
    fn new(path: &str, expected: impl Into<String>, got: &Json) -> Self {
        ArgError {
            path: path.to_owned(),
            expected: expected.into(),
            got: describe(got),
        }
    }
}

fn describe(j: &Json) -> String {
    let text = j.to_string();
    let text = if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    };
    let kind = match j {
        Json::Null => return "null".into(),
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    };
    format!("{kind} {text}")
}

// ------------------------------------------------------------------------------------------
// Hessian → JSON
// ------------------------------------------------------------------------------------------

/// Renders a decoded value as JSON (spec §5.4).
pub fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Long(l) => Json::from(*l),
        Value::Double(d) => double_json(*d),
        Value::Date(ms) => Json::String(iso_datetime(*ms)),
        Value::String(s) => Json::String(s.clone()),
        Value::Binary(b) => Json::String(base64::engine::general_purpose::STANDARD.encode(b)),
        Value::List { items, .. } => Json::Array(items.iter().map(to_json).collect()),
        Value::Map { entries, .. } => map_json(entries),
        Value::Object { class, fields } => object_json(class, fields),
        Value::Ref(slot) => serde_json::json!({ "$ref": slot }),
    }
}

fn double_json(d: f64) -> Json {
    match Number::from_f64(d) {
        Some(n) => Json::Number(n),
        None if d.is_nan() => Json::String("NaN".into()),
        None if d > 0.0 => Json::String("Infinity".into()),
        None => Json::String("-Infinity".into()),
    }
}

fn map_json(entries: &[(Value, Value)]) -> Json {
    let keys: Option<Vec<String>> = entries.iter().map(|(k, _)| scalar_key(k)).collect();
    if let Some(keys) = keys {
        let mut obj = Map::new();
        for (key, (_, v)) in keys.into_iter().zip(entries) {
            obj.insert(key, to_json(v));
        }
        // Fewer keys than entries means two keys collided after stringification.
        if obj.len() == entries.len() {
            return Json::Object(obj);
        }
    }
    Json::Array(
        entries
            .iter()
            .map(|(k, v)| serde_json::json!({ "key": to_json(k), "value": to_json(v) }))
            .collect(),
    )
}

fn scalar_key(k: &Value) -> Option<String> {
    Some(match k {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Long(l) => l.to_string(),
        Value::Date(ms) => iso_datetime(*ms),
        Value::Double(d) => match double_json(*d) {
            Json::String(s) => s,
            n => n.to_string(),
        },
        _ => return None,
    })
}

fn object_json(class: &str, fields: &[(String, Value)]) -> Json {
    if let Some(j) = special_object(class, fields) {
        return j;
    }
    let mut obj = Map::new();
    obj.insert("class".into(), Json::String(class.to_owned()));
    for (name, v) in fields {
        obj.insert(name.clone(), to_json(v));
    }
    Json::Object(obj)
}

fn field<'a>(fields: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn int_field(fields: &[(String, Value)], name: &str) -> Option<i64> {
    match field(fields, name)? {
        Value::Int(i) => Some(*i as i64),
        Value::Long(l) => Some(*l),
        _ => None,
    }
}

/// Java types with a natural JSON form; `None` renders the object generically.
fn special_object(class: &str, fields: &[(String, Value)]) -> Option<Json> {
    let simple = class.rsplit(['.', '$']).next().unwrap_or(class);
    match class {
        "java.math.BigDecimal" => return field(fields, "value")?.as_str().map(big_decimal_json),
        "java.math.BigInteger" => return big_integer_json(fields),
        "java.sql.Date" | "java.sql.Time" | "java.sql.Timestamp" => {
            return match field(fields, "value")? {
                Value::Date(ms) => Some(Json::String(iso_datetime(*ms))),
                _ => None,
            }
        }
        _ => {}
    }
    if fields.len() == 1 && fields[0].0 == "name" {
        if let Value::String(name) = &fields[0].1 {
            return Some(Json::String(name.clone()));
        }
    }
    if matches!(simple, "ByteHandle" | "ShortHandle" | "FloatHandle")
        && fields.len() == 1
        && fields[0].0 == "_value"
    {
        return Some(to_json(&fields[0].1));
    }
    if let Some(s) = java_time_text(class, fields) {
        return Some(Json::String(s));
    }
    if field(fields, "detailMessage").is_some() && field(fields, "stackTrace").is_some() {
        return Some(throwable_json(class, fields));
    }
    None
}

/// A BigDecimal always renders as a JSON number with exactly the digits of Java's
/// `BigDecimal.toString()`: the scale survives (`4210.50`, `1E+10`) and nothing goes through
/// f64, so what svcctl prints it also accepts back. Text that is not a decimal (hostile peer)
/// stays a string rather than producing invalid JSON.
fn big_decimal_json(text: &str) -> Json {
    match java_decimal_text(text) {
        Some(t) => exact_number(&t),
        None => Json::String(text.to_owned()),
    }
}

/// A JSON number with exactly this text (`arbitrary_precision` keeps it verbatim).
fn exact_number(text: &str) -> Json {
    match text.parse::<Number>() {
        Ok(n) => Json::Number(n),
        Err(_) => Json::String(text.to_owned()),
    }
}

/// `new BigDecimal(text).toString()`: the same unscaled value and scale, written the way Java
/// writes it (plain when the scale is non-negative and the adjusted exponent is at least -6,
/// otherwise scientific with `E+n`/`E-n`). `None` when `text` is not a decimal number.
pub(crate) fn java_decimal_text(text: &str) -> Option<String> {
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => {
            let e = &rest[i + 1..];
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (&rest[..i], e.parse::<i64>().ok()?)
        }
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let all = format!("{int}{frac}");
    let coeff = match all.trim_start_matches('0') {
        "" => "0",
        c => c,
    };
    let scale = frac.len() as i64 - exp;
    // Java refuses scales outside the int range; so do we rather than print nonsense.
    i32::try_from(scale).ok()?;
    let sign = if neg && coeff != "0" { "-" } else { "" };
    if scale == 0 {
        return Some(format!("{sign}{coeff}"));
    }
    let adjusted = -scale + (coeff.len() as i64 - 1);
    if scale > 0 && adjusted >= -6 {
        let point = coeff.len() as i64 - scale;
        return Some(if point > 0 {
            let (a, b) = coeff.split_at(point as usize);
            format!("{sign}{a}.{b}")
        } else {
            format!("{sign}0.{}{coeff}", "0".repeat((-point) as usize))
        });
    }
    let (first, tail) = coeff.split_at(1);
    let dot = if tail.is_empty() { "" } else { "." };
    let plus = if adjusted >= 0 { "+" } else { "" };
    Some(format!("{sign}{first}{dot}{tail}E{plus}{adjusted}"))
}

/// (negative, significant digits without leading/trailing zeros, exponent of the last digit).
fn normalize_decimal(text: &str) -> Option<(bool, String, i64)> {
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty()
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let digits = format!("{int}{frac}");
    let mut exp = exp - frac.len() as i64;
    let trimmed = digits.trim_start_matches('0');
    let significant = trimmed.trim_end_matches('0');
    exp += (trimmed.len() - significant.len()) as i64;
    if significant.is_empty() {
        return Some((false, String::new(), 0));
    }
    Some((neg, significant.to_owned(), exp))
}

fn big_integer_json(fields: &[(String, Value)]) -> Option<Json> {
    let signum = int_field(fields, "signum")?;
    let Value::List { items, .. } = field(fields, "mag")? else {
        return None;
    };
    let mut words = Vec::with_capacity(items.len());
    for w in items {
        match w {
            Value::Int(i) => words.push(*i as u32),
            _ => return None,
        }
    }
    let magnitude = words_to_decimal(&words);
    let text = if signum < 0 && magnitude != "0" {
        format!("-{magnitude}")
    } else {
        magnitude
    };
    Some(exact_number(&text))
}

/// Decimal digits of a big-endian base-2^32 magnitude.
fn words_to_decimal(words: &[u32]) -> String {
    let mut words: Vec<u32> = words.iter().copied().skip_while(|&w| w == 0).collect();
    let mut groups = Vec::new();
    while !words.is_empty() {
        let mut rem = 0u64;
        for w in words.iter_mut() {
            let cur = (rem << 32) | *w as u64;
            *w = (cur / 1_000_000_000) as u32;
            rem = cur % 1_000_000_000;
        }
        groups.push(rem as u32);
        let zeros = words.iter().take_while(|&&w| w == 0).count();
        words.drain(..zeros);
    }
    match groups.split_last() {
        None => "0".into(),
        Some((first, rest)) => {
            let mut s = first.to_string();
            for g in rest.iter().rev() {
                s.push_str(&format!("{g:09}"));
            }
            s
        }
    }
}

fn throwable_json(class: &str, fields: &[(String, Value)]) -> Json {
    let mut obj = Map::new();
    obj.insert("class".into(), Json::String(class.to_owned()));
    obj.insert(
        "message".into(),
        field(fields, "detailMessage").map_or(Json::Null, to_json),
    );
    for (name, v) in fields {
        if !matches!(
            name.as_str(),
            "detailMessage" | "cause" | "stackTrace" | "suppressedExceptions" | "depth"
        ) {
            obj.insert(name.clone(), to_json(v));
        }
    }
    match field(fields, "cause") {
        // JDK Throwables point `cause` at themselves when there is none.
        None | Some(Value::Null) | Some(Value::Ref(_)) => {}
        Some(cause) => {
            obj.insert("cause".into(), to_json(cause));
        }
    }
    if let Some(Value::List { items, .. }) = field(fields, "suppressedExceptions") {
        if !items.is_empty() {
            obj.insert(
                "suppressed".into(),
                Json::Array(items.iter().map(to_json).collect()),
            );
        }
    }
    let frames = match field(fields, "stackTrace") {
        Some(Value::List { items, .. }) => items.iter().map(stack_frame).collect(),
        _ => Vec::new(),
    };
    obj.insert("stackTrace".into(), Json::Array(frames));
    Json::Object(obj)
}

/// `StackTraceElement.toString()` without the module/class-loader prefix.
fn stack_frame(frame: &Value) -> Json {
    let Value::Object { fields, .. } = frame else {
        return to_json(frame);
    };
    let text = |n| field(fields, n).and_then(Value::as_str);
    let class = text("declaringClass").unwrap_or("?");
    let method = text("methodName").unwrap_or("?");
    let line = int_field(fields, "lineNumber").unwrap_or(-1);
    let location = match (text("fileName"), line) {
        (_, -2) => "Native Method".to_owned(),
        (Some(file), l) if l >= 0 => format!("{file}:{l}"),
        (Some(file), _) => file.to_owned(),
        (None, _) => "Unknown Source".to_owned(),
    };
    Json::String(format!("{class}.{method}({location})"))
}

/// ISO text (as `toString()` on the Java side prints it) for hessian-lite's java.time handles
/// and its compact java.time encoding.
fn java_time_text(class: &str, fields: &[(String, Value)]) -> Option<String> {
    let int = |n| int_field(fields, n);
    let nested = |n| match field(fields, n)? {
        Value::Object { class, fields } => java_time_text(class, fields),
        Value::Long(l) if class.starts_with("java.time.") => match n {
            "date" => Some(iso_date(*l)),
            _ => Some(iso_time(*l)),
        },
        _ => None,
    };
    let simple = class.rsplit('.').next().unwrap_or(class);
    let is_handle = class.contains(".java8.") && simple.ends_with("Handle");
    if class == "java.time.LocalDate" {
        return Some(iso_date(int("epochDay")?));
    }
    if class == "java.time.LocalTime" {
        return Some(iso_time(int("nanoOfDay")?));
    }
    if class == "java.time.LocalDateTime" {
        return Some(format!("{}T{}", nested("date")?, nested("time")?));
    }
    if !is_handle {
        return None;
    }
    Some(match simple {
        "LocalDateHandle" => format!(
            "{}-{:02}-{:02}",
            year_text(int("year")?),
            int("month")?,
            int("day")?
        ),
        "LocalTimeHandle" => time_text(int("hour")?, int("minute")?, int("second")?, int("nano")?),
        "LocalDateTimeHandle" => format!("{}T{}", nested("date")?, nested("time")?),
        "InstantHandle" => {
            let secs = int("seconds")?;
            let nanos = int("nanos")?;
            let days = secs.div_euclid(86_400);
            let sod = secs.rem_euclid(86_400);
            let (h, m, s) = (sod / 3600, sod / 60 % 60, sod % 60);
            format!(
                "{}T{:02}:{:02}:{:02}{}Z",
                iso_date(days),
                h,
                m,
                s,
                fraction(nanos)
            )
        }
        "ZoneOffsetHandle" => offset_text(int("seconds")?),
        "ZoneIdHandle" => field(fields, "zoneId")?.as_str()?.to_owned(),
        "OffsetDateTimeHandle" => format!("{}{}", nested("dateTime")?, nested("offset")?),
        "OffsetTimeHandle" => format!("{}{}", nested("localTime")?, nested("zoneOffset")?),
        "ZonedDateTimeHandle" => {
            let offset = nested("offset")?;
            let zone = field(fields, "zoneId")
                .and_then(Value::as_str)
                .unwrap_or(&offset)
                .to_owned();
            let suffix = if zone == offset {
                String::new()
            } else {
                format!("[{zone}]")
            };
            format!("{}{}{}", nested("dateTime")?, offset, suffix)
        }
        "YearHandle" => year_text(int("year")?),
        "YearMonthHandle" => format!("{}-{:02}", year_text(int("year")?), int("month")?),
        "MonthDayHandle" => format!("--{:02}-{:02}", int("month")?, int("day")?),
        "PeriodHandle" => {
            let (y, m, d) = (int("years")?, int("months")?, int("days")?);
            if (y, m, d) == (0, 0, 0) {
                "P0D".to_owned()
            } else {
                let part = |v: i64, unit: char| {
                    if v == 0 {
                        String::new()
                    } else {
                        format!("{v}{unit}")
                    }
                };
                format!("P{}{}{}", part(y, 'Y'), part(m, 'M'), part(d, 'D'))
            }
        }
        "DurationHandle" => duration_text(int("seconds")?, int("nanos")?),
        _ => return None,
    })
}

fn year_text(y: i64) -> String {
    if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("+{y}")
    }
}

/// `LocalTime.toString()`: seconds only when non-zero, fraction in groups of three digits.
fn time_text(h: i64, m: i64, s: i64, nano: i64) -> String {
    let mut t = format!("{h:02}:{m:02}");
    if s > 0 || nano > 0 {
        t.push_str(&format!(":{s:02}{}", fraction(nano)));
    }
    t
}

fn fraction(nano: i64) -> String {
    if nano <= 0 {
        String::new()
    } else if nano % 1_000_000 == 0 {
        format!(".{:03}", nano / 1_000_000)
    } else if nano % 1000 == 0 {
        format!(".{:06}", nano / 1000)
    } else {
        format!(".{nano:09}")
    }
}

fn offset_text(secs: i64) -> String {
    if secs == 0 {
        return "Z".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    let mut t = format!("{sign}{:02}:{:02}", a / 3600, a / 60 % 60);
    if a % 60 != 0 {
        t.push_str(&format!(":{:02}", a % 60));
    }
    t
}

/// `Duration.toString()`, e.g. `PT1H2M3.5S`.
fn duration_text(seconds: i64, nanos: i64) -> String {
    if seconds == 0 && nanos == 0 {
        return "PT0S".into();
    }
    let total = seconds as i128 * 1_000_000_000 + nanos as i128;
    let neg = total < 0;
    let abs = total.unsigned_abs();
    let (whole, frac) = ((abs / 1_000_000_000) as u64, (abs % 1_000_000_000) as u64);
    let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60);
    let sign = if neg { "-" } else { "" };
    let mut t = "PT".to_owned();
    if h > 0 {
        t.push_str(&format!("{sign}{h}H"));
    }
    if m > 0 {
        t.push_str(&format!("{sign}{m}M"));
    }
    if s > 0 || frac > 0 {
        let digits = format!("{frac:09}");
        let digits = digits.trim_end_matches('0');
        t.push_str(&format!(
            "{sign}{s}{}{digits}S",
            if digits.is_empty() { "" } else { "." }
        ));
    }
    t
}

fn iso_time(nano_of_day: i64) -> String {
    let secs = nano_of_day / 1_000_000_000;
    time_text(
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        nano_of_day % 1_000_000_000,
    )
}

fn iso_date(epoch_day: i64) -> String {
    let (y, m, d) = civil_from_days(epoch_day);
    format!("{}-{m:02}-{d:02}", year_text(y))
}

/// `2024-05-01T12:00:00.000Z`.
fn iso_datetime(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (h, m, s, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    format!("{}T{h:02}:{m:02}:{s:02}.{milli:03}Z", iso_date(days))
}

/// Proleptic Gregorian calendar date of a day count from 1970-01-01 (Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ------------------------------------------------------------------------------------------
// JSON → Hessian
// ------------------------------------------------------------------------------------------

/// Converts a JSON argument into the Hessian value for its declared Java type (spec §5.3).
/// `declared` is a Java type name as in metadata or `--types` (`long`, `java.util.List<Long>`,
/// `int[]`); `None` or `java.lang.Object` infers the type from the JSON. Anywhere in the JSON,
/// `{"$type": "<java type>", "$value": …}` overrides the declared or inferred type.
pub fn from_json(json: &Json, declared: Option<&str>, mode: ArgMode) -> Result<Value, ArgError> {
    from_json_typed(json, declared, mode, &TypeCatalog::default())
}

/// [`from_json`] that also knows the fields and enum constants of the classes in `catalog`, so
/// the fields of a POJO argument are encoded by their declared Java types too.
pub fn from_json_typed(
    json: &Json,
    declared: Option<&str>,
    mode: ArgMode,
    catalog: &TypeCatalog,
) -> Result<Value, ArgError> {
    let ty = match declared {
        Some(name) => Some(TypeRef::parse(name).map_err(|e| ArgError {
            path: String::new(),
            expected: "a Java type name".into(),
            got: format!("{name:?} ({e})"),
        })?),
        None => None,
    };
    Converter { mode, catalog }.convert(json, ty.as_ref(), "")
}

/// What is known about Java classes beyond their names (from the metadata report): bean
/// properties with their declared types, or enum constants.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeCatalog {
    classes: std::collections::HashMap<String, ClassShape>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassShape {
    /// Field name → declared Java type name (`long`, `java.util.List<com.x.Line>`).
    pub fields: Vec<(String, String)>,
    /// Non-empty for an enum.
    pub enum_constants: Vec<String>,
}

impl TypeCatalog {
    /// Adds a class; canonical (`com.x.Outer.Inner`) and binary (`com.x.Outer$Inner`) names
    /// both find it.
    pub fn insert(&mut self, class: &str, shape: ClassShape) {
        self.classes.insert(class.replace('$', "."), shape);
    }

    pub fn get(&self, class: &str) -> Option<&ClassShape> {
        self.classes.get(&class.replace('$', "."))
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }
}

/// A parsed declared type: erased name, generic arguments and array dimensions.
#[derive(Debug, Clone, PartialEq)]
struct TypeRef {
    name: String,
    args: Vec<TypeRef>,
    dims: usize,
}

impl TypeRef {
    fn parse(text: &str) -> Result<TypeRef, String> {
        let mut p = TypeParser {
            s: text.as_bytes(),
            i: 0,
        };
        let t = p.ty()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("unexpected {:?}", &text[p.i..]));
        }
        Ok(t)
    }

    fn component(&self) -> TypeRef {
        TypeRef {
            dims: self.dims - 1,
            ..self.clone()
        }
    }

    fn arg(&self, i: usize) -> Option<&TypeRef> {
        self.args
            .get(i)
            .filter(|a| a.name != "?" && a.name != "java.lang.Object")
    }
}

struct TypeParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl TypeParser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn ty(&mut self) -> Result<TypeRef, String> {
        self.ws();
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'$' | b'_' | b'?'))
        {
            self.i += 1;
        }
        if start == self.i {
            return Err("missing type name".into());
        }
        let mut name = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        // `? extends X` / `? super X`: the bound is what matters for conversion.
        if name == "?" {
            self.ws();
            for kw in ["extends", "super"] {
                if self.s[self.i..].starts_with(kw.as_bytes()) {
                    self.i += kw.len();
                    return self.ty();
                }
            }
        }
        let mut args = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'<') {
            self.i += 1;
            loop {
                args.push(self.ty()?);
                self.ws();
                match self.s.get(self.i) {
                    Some(b',') => self.i += 1,
                    Some(b'>') => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err("unbalanced '<'".into()),
                }
            }
        }
        let mut dims = 0;
        loop {
            self.ws();
            if self.s[self.i..].starts_with(b"[]") {
                self.i += 2;
                dims += 1;
            } else if self.s[self.i..].starts_with(b"...") {
                self.i += 3;
                dims += 1;
            } else {
                break;
            }
        }
        if !name.contains('.')
            && matches!(
                name.as_str(),
                "String"
                    | "Integer"
                    | "Long"
                    | "Short"
                    | "Byte"
                    | "Double"
                    | "Float"
                    | "Boolean"
                    | "Character"
                    | "Object"
            )
        {
            name = format!("java.lang.{name}");
        }
        Ok(TypeRef { name, args, dims })
    }
}

struct Converter<'a> {
    mode: ArgMode,
    catalog: &'a TypeCatalog,
}

fn child(path: &str, key: impl std::fmt::Display, index: bool) -> String {
    if index {
        format!("{path}[{key}]")
    } else if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Converter<'_> {
    fn convert(&self, j: &Json, ty: Option<&TypeRef>, path: &str) -> Result<Value, ArgError> {
        if let Json::Object(o) = j {
            if let (Some(Json::String(t)), Some(v)) = (o.get("$type"), o.get("$value")) {
                let hinted = TypeRef::parse(t).map_err(|e| ArgError {
                    path: path.to_owned(),
                    expected: "a Java type name in $type".into(),
                    got: format!("{t:?} ({e})"),
                })?;
                return self.convert(v, Some(&hinted), path);
            }
        }
        let Some(ty) = ty.filter(|t| t.dims > 0 || t.name != "java.lang.Object") else {
            return self.infer(j, path);
        };
        if ty.dims > 0 {
            return self.array(j, ty, path);
        }
        let name = ty.name.as_str();
        let nullable = !matches!(
            name,
            "long" | "int" | "short" | "byte" | "double" | "float" | "boolean" | "char"
        );
        if j.is_null() {
            return if nullable {
                Ok(Value::Null)
            } else {
                Err(ArgError::new(path, name, j))
            };
        }
        match name {
            "long" | "java.lang.Long" => {
                integer(j, path, "long", i64::MIN, i64::MAX).map(Value::Long)
            }
            "int" | "java.lang.Integer" => {
                integer(j, path, "int", i32::MIN as i64, i32::MAX as i64)
                    .map(|v| Value::Int(v as i32))
            }
            "short" | "java.lang.Short" => {
                integer(j, path, "short", i16::MIN as i64, i16::MAX as i64)
                    .map(|v| Value::Int(v as i32))
            }
            "byte" | "java.lang.Byte" => integer(j, path, "byte", i8::MIN as i64, i8::MAX as i64)
                .map(|v| Value::Int(v as i32)),
            "double" | "java.lang.Double" => double(j, path, name).map(Value::Double),
            "float" => float(j, path, name, false).map(Value::Double),
            "java.lang.Float" => float(j, path, name, true).map(Value::Double),
            "boolean" | "java.lang.Boolean" => match j {
                Json::Bool(b) => Ok(Value::Bool(*b)),
                _ => Err(ArgError::new(path, name, j)),
            },
            "char" | "java.lang.Character" => match j {
                Json::String(s) if s.encode_utf16().count() == 1 => Ok(Value::String(s.clone())),
                _ => Err(ArgError::new(
                    path,
                    format!("{name} (a one-character string)"),
                    j,
                )),
            },
            "java.lang.String" | "java.lang.CharSequence" => match j {
                Json::String(s) => Ok(Value::String(s.clone())),
                _ => Err(ArgError::new(path, "string", j)),
            },
            "java.math.BigDecimal" => big_decimal(j, path),
            "java.math.BigInteger" => big_integer(j, path),
            "java.util.Date" => date(j, path, name).map(Value::Date),
            // hessian-lite's SqlDateSerializer: an object of the class with the instant as `value`.
            "java.sql.Timestamp" | "java.sql.Date" | "java.sql.Time" => {
                date(j, path, name).map(|ms| Value::Object {
                    class: name.to_owned(),
                    fields: vec![("value".into(), Value::Date(ms))],
                })
            }
            "java.time.LocalDate" | "java.time.LocalTime" | "java.time.LocalDateTime" => {
                self.java_time(j, name, path)
            }
            "java.util.List"
            | "java.util.Collection"
            | "java.util.ArrayList"
            | "java.lang.Iterable" => self.list(j, None, ty.arg(0), path),
            "java.util.Set" | "java.util.HashSet" => {
                self.list(j, Some("java.util.HashSet"), ty.arg(0), path)
            }
            "java.util.LinkedList" | "java.util.TreeSet" | "java.util.LinkedHashSet" => {
                self.list(j, Some(name), ty.arg(0), path)
            }
            "java.util.Map" | "java.util.HashMap" => self.map(j, None, ty, path),
            "java.util.LinkedHashMap"
            | "java.util.TreeMap"
            | "java.util.concurrent.ConcurrentHashMap" => self.map(j, Some(name), ty, path),
            _ => self.class_value(j, name, path),
        }
    }

    /// No usable declared type: choose the Java type from the JSON shape (spec §5.3 table).
    fn infer(&self, j: &Json, path: &str) -> Result<Value, ArgError> {
        Ok(match j {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::String(s) => Value::String(s.clone()),
            Json::Number(n) => {
                let text = n.to_string();
                if let Some(i) = n.as_i64() {
                    match i32::try_from(i) {
                        Ok(v) => Value::Int(v),
                        Err(_) => Value::Long(i),
                    }
                } else if is_plain_integer(&text) {
                    big_integer_value(&text)
                } else {
                    // `1e400` parses (the text is kept) but is no double: refuse, not infinity.
                    Value::Double(double(j, path, "a number within double range")?)
                }
            }
            Json::Array(items) => Value::List {
                type_name: None,
                items: items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.convert(v, None, &child(path, i, true)))
                    .collect::<Result<_, _>>()?,
            },
            Json::Object(o) => match o.get("class") {
                Some(Json::String(class)) => self.pojo(o, class, path)?,
                _ => self.plain_map(o, path)?,
            },
        })
    }

    fn plain_map(&self, o: &Map<String, Json>, path: &str) -> Result<Value, ArgError> {
        Ok(Value::Map {
            type_name: None,
            entries: o
                .iter()
                .map(|(k, v)| {
                    Ok((
                        Value::String(k.clone()),
                        self.convert(v, None, &child(path, k, false))?,
                    ))
                })
                .collect::<Result<_, _>>()?,
        })
    }

    /// A POJO given as a JSON object: a map that keeps any `class` entry (generic mode: the
    /// provider's PojoUtils realizes it) or an object of `class` (direct mode). Fields the
    /// catalog knows are converted by their declared types, the others inferred.
    fn pojo(&self, o: &Map<String, Json>, class: &str, path: &str) -> Result<Value, ArgError> {
        let shape = self.catalog.get(class);
        let mut entries = Vec::with_capacity(o.len());
        for (k, v) in o {
            if k == "class" {
                if self.mode == ArgMode::Generic {
                    entries.push((k.clone(), Value::String(class.to_owned())));
                }
                continue;
            }
            // A type name from the registry that does not parse is treated as unknown.
            let declared = shape
                .and_then(|s| s.fields.iter().find(|(n, _)| n == k))
                .and_then(|(_, t)| TypeRef::parse(t).ok());
            let mut value = self.convert(v, declared.as_ref(), &child(path, k, false))?;
            // Java's field serializer writes any java.util.Date subclass field as a plain date
            // (and its field deserializer rebuilds the subclass); a map entry, which PojoUtils
            // only copies into the setter, must keep the subclass object.
            if self.mode == ArgMode::Direct {
                if let Value::Object { class, fields } = &value {
                    if class.starts_with("java.sql.") && fields.len() == 1 {
                        if let (_, Value::Date(ms)) = &fields[0] {
                            value = Value::Date(*ms);
                        }
                    }
                }
            }
            entries.push((k.clone(), value));
        }
        Ok(match self.mode {
            // Metadata names nested classes canonically (`Outer.Inner`); Java loads `Outer$Inner`.
            ArgMode::Direct => Value::Object {
                class: binary_class_name(class),
                fields: entries,
            },
            ArgMode::Generic => Value::Map {
                type_name: None,
                entries: entries
                    .into_iter()
                    .map(|(k, v)| (Value::String(k), v))
                    .collect(),
            },
        })
    }

    /// A declared class we have no special rule for: a POJO, or an enum given by name.
    fn class_value(&self, j: &Json, class: &str, path: &str) -> Result<Value, ArgError> {
        if let Some(shape) = self
            .catalog
            .get(class)
            .filter(|s| !s.enum_constants.is_empty())
        {
            return self.enum_value(j, class, &shape.enum_constants, path);
        }
        match j {
            Json::Object(o) => {
                let class = o.get("class").and_then(Json::as_str).unwrap_or(class);
                self.pojo(o, class, path)
            }
            // A string for a class type can only sensibly be an enum constant.
            Json::String(s) => Ok(self.enum_constant(class, s)),
            _ => Err(ArgError::new(path, format!("object ({class})"), j)),
        }
    }

    /// An enum constant by name (also `{"name": …}`, the direct-mode rendering), checked
    /// against the constants the metadata report lists.
    fn enum_value(
        &self,
        j: &Json,
        class: &str,
        constants: &[String],
        path: &str,
    ) -> Result<Value, ArgError> {
        let name = match j {
            Json::String(s) => Some(s.as_str()),
            Json::Object(o) => o.get("name").and_then(Json::as_str),
            _ => None,
        };
        match name {
            Some(n) if constants.iter().any(|c| c == n) => Ok(self.enum_constant(class, n)),
            _ => Err(ArgError::new(
                path,
                format!("a constant of enum {class} ({})", constants.join(", ")),
                j,
            )),
        }
    }

    fn enum_constant(&self, class: &str, name: &str) -> Value {
        match self.mode {
            // PojoUtils turns the name into the constant (`Enum.valueOf`).
            ArgMode::Generic => Value::String(name.to_owned()),
            ArgMode::Direct => Value::Object {
                class: binary_class_name(class),
                fields: vec![("name".into(), Value::String(name.to_owned()))],
            },
        }
    }

    fn list(
        &self,
        j: &Json,
        type_name: Option<&str>,
        elem: Option<&TypeRef>,
        path: &str,
    ) -> Result<Value, ArgError> {
        let Json::Array(items) = j else {
            return Err(ArgError::new(path, "array", j));
        };
        Ok(Value::List {
            type_name: type_name.map(str::to_owned),
            items: items
                .iter()
                .enumerate()
                .map(|(i, v)| self.convert(v, elem, &child(path, i, true)))
                .collect::<Result<_, _>>()?,
        })
    }

    fn map(
        &self,
        j: &Json,
        type_name: Option<&str>,
        ty: &TypeRef,
        path: &str,
    ) -> Result<Value, ArgError> {
        let Json::Object(o) = j else {
            return Err(ArgError::new(path, "object (map)", j));
        };
        let key_type = ty.arg(0);
        let value_type = ty.arg(1);
        let entries = o
            .iter()
            .map(|(k, v)| {
                let p = child(path, k, false);
                let key = match key_type.map(|t| t.name.as_str()) {
                    // JSON keys are strings; numeric key types take the key's number.
                    Some(
                        "long" | "java.lang.Long" | "int" | "java.lang.Integer" | "short"
                        | "java.lang.Short" | "byte" | "java.lang.Byte" | "double"
                        | "java.lang.Double" | "float" | "java.lang.Float",
                    ) => {
                        let n: Json = serde_json::from_str(k).map_err(|_| ArgError {
                            path: p.clone(),
                            expected: format!(
                                "a numeric key ({})",
                                key_type.map_or("", |t| &t.name)
                            ),
                            got: format!("key {k:?}"),
                        })?;
                        self.convert(&n, key_type, &p)?
                    }
                    _ => self.convert(&Json::String(k.clone()), key_type, &p)?,
                };
                Ok((key, self.convert(v, value_type, &p)?))
            })
            .collect::<Result<_, _>>()?;
        Ok(Value::Map {
            type_name: type_name.map(str::to_owned),
            entries,
        })
    }

    fn array(&self, j: &Json, ty: &TypeRef, path: &str) -> Result<Value, ArgError> {
        let component = ty.component();
        if component.dims == 0 {
            match (component.name.as_str(), j) {
                ("byte", Json::String(s)) => {
                    return base64::engine::general_purpose::STANDARD
                        .decode(s)
                        .map(Value::Binary)
                        .map_err(|_| {
                            ArgError::new(path, "byte[] (base64 string or array of numbers)", j)
                        });
                }
                ("byte", Json::Array(items)) => {
                    return items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            integer(v, &child(path, i, true), "byte", -128, 255).map(|b| b as u8)
                        })
                        .collect::<Result<_, _>>()
                        .map(Value::Binary);
                }
                ("char", Json::String(s)) => return Ok(Value::String(s.clone())),
                _ => {}
            }
        }
        self.list(j, Some(&array_type_name(ty)), Some(&component), path)
    }

    fn java_time(&self, j: &Json, name: &str, path: &str) -> Result<Value, ArgError> {
        let Json::String(s) = j else {
            return Err(ArgError::new(path, format!("{name} (ISO string)"), j));
        };
        if self.mode == ArgMode::Generic {
            return Ok(Value::String(s.clone()));
        }
        let bad = || {
            ArgError::new(
                path,
                format!("{name} (ISO-8601, e.g. 2024-05-01T12:00:00)"),
                j,
            )
        };
        let handle = |simple: &str, fields: Vec<(&str, Value)>| Value::Object {
            class: format!("com.alibaba.com.caucho.hessian.io.java8.{simple}"),
            fields: fields.into_iter().map(|(n, v)| (n.to_owned(), v)).collect(),
        };
        let date = |t: &str| {
            let (y, m, d) = parse_date(t).ok_or_else(bad)?;
            Ok::<_, ArgError>(handle(
                "LocalDateHandle",
                vec![
                    ("year", Value::Int(y as i32)),
                    ("month", Value::Int(m as i32)),
                    ("day", Value::Int(d as i32)),
                ],
            ))
        };
        let time = |t: &str| {
            let (h, m, s, n) = parse_time(t).ok_or_else(bad)?;
            Ok::<_, ArgError>(handle(
                "LocalTimeHandle",
                vec![
                    ("hour", Value::Int(h as i32)),
                    ("minute", Value::Int(m as i32)),
                    ("second", Value::Int(s as i32)),
                    ("nano", Value::Int(n as i32)),
                ],
            ))
        };
        match name {
            "java.time.LocalDate" => date(s),
            "java.time.LocalTime" => time(s),
            _ => {
                let (d, t) = s.split_once('T').ok_or_else(bad)?;
                Ok(handle(
                    "LocalDateTimeHandle",
                    vec![("date", date(d)?), ("time", time(t)?)],
                ))
            }
        }
    }
}

/// Hessian list type string for an array type (spec §4.4).
fn array_type_name(ty: &TypeRef) -> String {
    let component = match (ty.dims, ty.name.as_str()) {
        (1, "java.lang.String") => "string".to_owned(),
        (1, "java.lang.Object") => "object".to_owned(),
        (1, "java.util.Date") => "date".to_owned(),
        (_, name) => binary_class_name(name),
    };
    format!("{}{component}", "[".repeat(ty.dims))
}

fn integer(j: &Json, path: &str, expected: &str, min: i64, max: i64) -> Result<i64, ArgError> {
    let n = match j {
        Json::Number(n) => exact_integer(&n.to_string()),
        _ => None,
    };
    n.and_then(|v| i64::try_from(v).ok())
        .filter(|v| (min..=max).contains(v))
        .ok_or_else(|| ArgError::new(path, expected, j))
}

/// The integer a JSON number's text denotes exactly (`5`, `5.0`, `1e3`), without f64; `None`
/// for fractions and for magnitudes beyond i128.
fn exact_integer(text: &str) -> Option<i128> {
    let (neg, digits, exp) = normalize_decimal(text)?;
    if digits.is_empty() {
        return Some(0);
    }
    if exp < 0 || digits.len() as i64 + exp > 38 {
        return None;
    }
    let v: i128 = format!("{digits}{}", "0".repeat(exp as usize))
        .parse()
        .ok()?;
    Some(if neg { -v } else { v })
}

fn double(j: &Json, path: &str, expected: &str) -> Result<f64, ArgError> {
    match j {
        Json::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .ok_or_else(|| ArgError::new(path, expected, j)),
        Json::String(s) if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") => {
            Ok(s.replace("Infinity", "inf").parse().unwrap_or(f64::NAN))
        }
        _ => Err(ArgError::new(path, expected, j)),
    }
}

/// A Java `float` as Hessian carries it: a double holding the float's value. Primitive floats
/// (fields, `float[]`) are widened as they are; a boxed `Float` goes through its decimal text,
/// as hessian-lite writes it. Both narrow back to the same float on the provider.
fn float(j: &Json, path: &str, expected: &str, boxed: bool) -> Result<f64, ArgError> {
    let d = double(j, path, expected)?;
    let f = d as f32;
    if d.is_finite() && !f.is_finite() {
        return Err(ArgError::new(
            path,
            format!("{expected} (out of float range)"),
            j,
        ));
    }
    Ok(if boxed && f.is_finite() {
        f.to_string().parse().unwrap_or(f as f64)
    } else {
        f as f64
    })
}

fn big_decimal(j: &Json, path: &str) -> Result<Value, ArgError> {
    let text = match j {
        Json::Number(n) => java_decimal_text(&n.to_string()),
        Json::String(s) => java_decimal_text(s.trim()),
        _ => None,
    };
    let Some(text) = text else {
        return Err(ArgError::new(
            path,
            "java.math.BigDecimal (number or decimal string)",
            j,
        ));
    };
    Ok(Value::Object {
        class: "java.math.BigDecimal".into(),
        fields: vec![("value".into(), Value::String(text))],
    })
}

fn big_integer(j: &Json, path: &str) -> Result<Value, ArgError> {
    let text = match j {
        Json::Number(n) => integer_text(&n.to_string()),
        Json::String(s) => integer_text(s.trim()),
        _ => None,
    };
    match text {
        Some(t) => Ok(big_integer_value(&t)),
        None => Err(ArgError::new(
            path,
            "java.math.BigInteger (integer or digit string)",
            j,
        )),
    }
}

/// The plain decimal digits (with `-`) of a number text that denotes an integer exactly,
/// whatever its size (`12`, `-3.0`, `1E+30`).
fn integer_text(text: &str) -> Option<String> {
    let (neg, digits, exp) = normalize_decimal(text)?;
    if digits.is_empty() {
        return Some("0".into());
    }
    // A bound on the digits we are willing to write out keeps `1e999999999` from allocating.
    if exp < 0 || digits.len() as i64 + exp > 10_000 {
        return None;
    }
    Some(format!(
        "{}{digits}{}",
        if neg { "-" } else { "" },
        "0".repeat(exp as usize)
    ))
}

/// BigInteger's cache fields (JDK 9+ names), between `signum` and `mag` on the wire.
const BIG_INTEGER_CACHES: [&str; 4] = [
    "bitCountPlusOne",
    "bitLengthPlusOne",
    "lowestSetBitPlusTwo",
    "firstNonzeroIntNumPlusTwo",
];

/// BigInteger as the generic serializer writes it: `signum` and the big-endian u32 `mag`.
fn big_integer_value(text: &str) -> Value {
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    // Little-endian base-2^32 accumulation of the decimal digits.
    let mut words: Vec<u32> = Vec::new();
    for b in digits.bytes() {
        let mut carry = (b - b'0') as u64;
        for w in words.iter_mut() {
            let cur = *w as u64 * 10 + carry;
            *w = cur as u32;
            carry = cur >> 32;
        }
        if carry > 0 {
            words.push(carry as u32);
        }
    }
    while words.last() == Some(&0) {
        words.pop();
    }
    let signum = if words.is_empty() {
        0
    } else if neg {
        -1
    } else {
        1
    };
    // Field for field what the JDK 17 serializer writes (primitives first, then `mag`); the four
    // lazily computed caches are 0 = "not computed yet", and a provider on another JDK ignores
    // names it does not have.
    let mut fields = vec![("signum".to_owned(), Value::Int(signum))];
    for cache in BIG_INTEGER_CACHES {
        fields.push((cache.to_owned(), Value::Int(0)));
    }
    fields.push((
        "mag".into(),
        Value::List {
            type_name: Some("[int".into()),
            items: words.iter().rev().map(|&w| Value::Int(w as i32)).collect(),
        },
    ));
    Value::Object {
        class: "java.math.BigInteger".into(),
        fields,
    }
}

/// Epoch milliseconds from a number or a date-time text: ISO-8601 with a `Z`/`±hh:mm` offset
/// or without (UTC), Dubbo's `yyyy-MM-dd HH:mm:ss` (UTC), or a bare date (midnight UTC).
fn date(j: &Json, path: &str, type_name: &str) -> Result<i64, ArgError> {
    let bad = || {
        ArgError::new(
            path,
            format!(
                "{type_name} (epoch milliseconds, ISO-8601 like 2024-05-01T12:00:00.000Z, or 2024-05-01 12:00:00)"
            ),
            j,
        )
    };
    match j {
        Json::Number(_) => integer(
            j,
            path,
            &format!("{type_name} (epoch milliseconds)"),
            i64::MIN,
            i64::MAX,
        ),
        Json::String(s) => parse_iso_datetime(s.trim()).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// Digits with an optional `-`, nothing else: a JSON integer too big for i64.
fn is_plain_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn parse_iso_datetime(s: &str) -> Option<i64> {
    let (date_part, rest) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let (y, m, d) = parse_date(date_part)?;
    let (time_part, offset_secs) = if let Some(t) = rest.strip_suffix(['Z', 'z']) {
        (t, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (sign, off) = (if &rest[i..=i] == "-" { -1 } else { 1 }, &rest[i + 1..]);
        let (oh, om) = off
            .split_once(':')
            .unwrap_or((off.get(..2)?, off.get(2..).unwrap_or("0")));
        (
            &rest[..i],
            sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60),
        )
    } else {
        (rest, 0)
    };
    let (h, mi, sec, nano) = if time_part.is_empty() {
        (0, 0, 0, 0)
    } else {
        parse_time(time_part)?
    };
    let secs = days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_secs;
    secs.checked_mul(1000)?.checked_add(nano / 1_000_000)
}

fn parse_date(s: &str) -> Option<(i64, i64, i64)> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let mut parts = body.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((if neg { -y } else { y }, m, d))
}

fn parse_time(s: &str) -> Option<(i64, i64, i64, i64)> {
    let (hms, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut parts = hms.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let sec: i64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    if parts.next().is_some() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let nano = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse().ok()?
    };
    (h < 24 && m < 60 && sec < 60).then_some((h, m, sec, nano))
}

// ------------------------------------------------------------------------------------------
// Descriptors
// ------------------------------------------------------------------------------------------

/// JVM descriptor of a Java type name (spec §2.3): `long` → `J`, `java.lang.String` →
/// `Ljava/lang/String;`, `int[]` → `[I`, `java.util.List<com.x.User>` → `Ljava/util/List;`.
/// Canonical nested names (`com.x.Outer.Inner`) become binary names (`com/x/Outer$Inner`).
pub fn java_descriptor(type_name: &str) -> Result<String, ArgError> {
    let ty = TypeRef::parse(type_name).map_err(|e| ArgError {
        path: String::new(),
        expected: "a Java type name".into(),
        got: format!("{type_name:?} ({e})"),
    })?;
    let element = match ty.name.as_str() {
        "boolean" => "Z".to_owned(),
        "byte" => "B".to_owned(),
        "char" => "C".to_owned(),
        "short" => "S".to_owned(),
        "int" => "I".to_owned(),
        "long" => "J".to_owned(),
        "float" => "F".to_owned(),
        "double" => "D".to_owned(),
        "void" if ty.dims == 0 => "V".to_owned(),
        name => format!("L{};", binary_class_name(name).replace('.', "/")),
    };
    Ok(format!("{}{element}", "[".repeat(ty.dims)))
}

/// The type name `$invoke` expects in its `types` array: generics erased, `[]` kept, nested
/// classes in binary form.
pub fn erased_type_name(type_name: &str) -> Result<String, ArgError> {
    let ty = TypeRef::parse(type_name).map_err(|e| ArgError {
        path: String::new(),
        expected: "a Java type name".into(),
        got: format!("{type_name:?} ({e})"),
    })?;
    Ok(format!(
        "{}{}",
        binary_class_name(&ty.name),
        "[]".repeat(ty.dims)
    ))
}

/// Canonical → binary class name: segments after the first capitalised one are nested classes.
fn binary_class_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_class = false;
    for (i, seg) in name.split('.').enumerate() {
        if i > 0 {
            out.push(if in_class { '$' } else { '.' });
        }
        out.push_str(seg);
        in_class |= seg.chars().next().is_some_and(char::is_uppercase);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(class: &str, fields: Vec<(&str, Value)>) -> Value {
        Value::Object {
            class: class.into(),
            fields: fields.into_iter().map(|(n, v)| (n.into(), v)).collect(),
        }
    }

    fn s(v: &str) -> Value {
        Value::string(v)
    }

    fn list(t: Option<&str>, items: Vec<Value>) -> Value {
        Value::List {
            type_name: t.map(Into::into),
            items,
        }
    }

    #[test]
    fn scalars_to_json() {
        assert_eq!(
            to_json(&Value::Long(i64::MAX)),
            json!(9223372036854775807i64)
        );
        assert_eq!(to_json(&Value::Double(f64::NAN)), json!("NaN"));
        assert_eq!(
            to_json(&Value::Double(f64::NEG_INFINITY)),
            json!("-Infinity")
        );
        assert_eq!(to_json(&Value::Double(2.5)), json!(2.5));
        assert_eq!(
            to_json(&Value::Date(1_714_564_800_000)),
            json!("2024-05-01T12:00:00.000Z")
        );
        assert_eq!(to_json(&Value::Date(-1)), json!("1969-12-31T23:59:59.999Z"));
        assert_eq!(to_json(&Value::Binary(vec![0, 1, 2])), json!("AAEC"));
        assert_eq!(to_json(&Value::Ref(3)), json!({"$ref": 3}));
    }

    #[test]
    fn maps_with_non_string_keys() {
        let m = |entries| Value::Map {
            type_name: None,
            entries,
        };
        assert_eq!(
            to_json(&m(vec![(Value::Int(1), s("a")), (Value::Long(2), s("b"))])),
            json!({"1": "a", "2": "b"})
        );
        // "1" and 1 collide after stringification → key/value pairs.
        assert_eq!(
            to_json(&m(vec![(Value::Int(1), s("a")), (s("1"), s("b"))])),
            json!([{"key": 1, "value": "a"}, {"key": "1", "value": "b"}])
        );
        let key = obj("com.x.K", vec![("id", Value::Int(1))]);
        assert_eq!(
            to_json(&m(vec![(key, s("v"))])),
            json!([{"key": {"class": "com.x.K", "id": 1}, "value": "v"}])
        );
    }

    #[test]
    fn objects_and_special_java_types() {
        let user = obj(
            "com.example.User",
            vec![("id", Value::Long(1)), ("name", s("a"))],
        );
        let rendered = to_json(&user);
        assert_eq!(
            rendered,
            json!({"class": "com.example.User", "id": 1, "name": "a"})
        );
        assert_eq!(
            rendered.as_object().unwrap().keys().next().unwrap(),
            "class"
        );
        // BigDecimal: always a JSON number with Java's toString() digits, scale kept.
        let dec =
            |t: &str| to_json(&obj("java.math.BigDecimal", vec![("value", s(t))])).to_string();
        assert_eq!(dec("123.456"), "123.456");
        assert_eq!(dec("4210.50"), "4210.50");
        // serde_json writes the exponent marker in lower case; digits and scale are Java's.
        assert_eq!(dec("1E+10"), "1e+10");
        assert_eq!(dec("-1E-8"), "-1e-8");
        assert_eq!(dec("42"), "42");
        assert_eq!(
            dec("0.1000000000000000055511151231257827"),
            "0.1000000000000000055511151231257827"
        );
        assert_eq!(dec("12345678901234567890.5"), "12345678901234567890.5");
        assert_eq!(dec("not a number"), "\"not a number\"");
        let big = |signum, mag: Vec<i32>| {
            to_json(&obj(
                "java.math.BigInteger",
                vec![
                    ("signum", Value::Int(signum)),
                    ("bitCountPlusOne", Value::Int(0)),
                    (
                        "mag",
                        list(Some("[int"), mag.into_iter().map(Value::Int).collect()),
                    ),
                ],
            ))
        };
        assert_eq!(
            big(1, vec![-1420514932, -350287150]).to_string(),
            "12345678901234567890"
        );
        assert_eq!(big(-1, vec![5]), json!(-5));
        assert_eq!(big(0, vec![]), json!(0));
        assert_eq!(
            to_json(&obj("com.example.Status", vec![("name", s("ACTIVE"))])),
            json!("ACTIVE")
        );
        assert_eq!(
            to_json(&obj(
                "java.sql.Timestamp",
                vec![("value", Value::Date(1_700_000_000_123))]
            )),
            json!("2023-11-14T22:13:20.123Z")
        );
        assert_eq!(
            to_json(&obj(
                "com.caucho.hessian.io.ByteHandle",
                vec![("_value", Value::Int(5))]
            )),
            json!(5)
        );
    }

    #[test]
    fn java_time_handles_render_like_to_string() {
        let j8 = |simple: &str, fields| {
            obj(
                &format!("com.alibaba.com.caucho.hessian.io.java8.{simple}"),
                fields,
            )
        };
        let date = j8(
            "LocalDateHandle",
            vec![
                ("year", Value::Int(2024)),
                ("month", Value::Int(5)),
                ("day", Value::Int(1)),
            ],
        );
        let time = j8(
            "LocalTimeHandle",
            vec![
                ("hour", Value::Int(12)),
                ("minute", Value::Int(0)),
                ("second", Value::Int(1)),
                ("nano", Value::Int(500_000_000)),
            ],
        );
        assert_eq!(to_json(&date), json!("2024-05-01"));
        assert_eq!(to_json(&time), json!("12:00:01.500"));
        let dt = j8("LocalDateTimeHandle", vec![("date", date), ("time", time)]);
        assert_eq!(to_json(&dt), json!("2024-05-01T12:00:01.500"));
        let instant = j8(
            "InstantHandle",
            vec![
                ("seconds", Value::Long(1_714_564_800)),
                ("nanos", Value::Int(0)),
            ],
        );
        assert_eq!(to_json(&instant), json!("2024-05-01T12:00:00Z"));
        let dur = j8(
            "DurationHandle",
            vec![
                ("seconds", Value::Long(3723)),
                ("nanos", Value::Int(500_000_000)),
            ],
        );
        assert_eq!(to_json(&dur), json!("PT1H2M3.5S"));
        let compact = obj(
            "java.time.LocalDate",
            vec![("epochDay", Value::Long(19844))],
        );
        assert_eq!(to_json(&compact), json!("2024-05-01"));
        let compact_dt = obj(
            "java.time.LocalDateTime",
            vec![
                ("date", Value::Long(19844)),
                ("time", Value::Long(43_200_000_000_000)),
            ],
        );
        assert_eq!(to_json(&compact_dt), json!("2024-05-01T12:00"));
    }

    #[test]
    fn throwables() {
        let frame = obj(
            "java.lang.StackTraceElement",
            vec![
                ("declaringClass", s("com.example.Svc")),
                ("methodName", s("call")),
                ("fileName", s("Svc.java")),
                ("lineNumber", Value::Int(42)),
            ],
        );
        let inner = obj(
            "java.lang.IllegalStateException",
            vec![
                ("detailMessage", s("inner")),
                ("cause", Value::Ref(1)),
                (
                    "stackTrace",
                    list(Some("[java.lang.StackTraceElement"), vec![]),
                ),
                ("suppressedExceptions", list(None, vec![])),
            ],
        );
        let outer = obj(
            "org.apache.dubbo.rpc.RpcException",
            vec![
                ("code", Value::Int(4)),
                ("detailMessage", s("outer")),
                ("cause", inner),
                (
                    "stackTrace",
                    list(Some("[java.lang.StackTraceElement"), vec![frame]),
                ),
                ("suppressedExceptions", list(None, vec![])),
            ],
        );
        assert_eq!(
            to_json(&outer),
            json!({
                "class": "org.apache.dubbo.rpc.RpcException",
                "message": "outer",
                "code": 4,
                "cause": {"class": "java.lang.IllegalStateException", "message": "inner", "stackTrace": []},
                "stackTrace": ["com.example.Svc.call(Svc.java:42)"]
            })
        );
    }

    fn direct(j: Json, t: &str) -> Result<Value, ArgError> {
        from_json(&j, Some(t), ArgMode::Direct)
    }

    #[test]
    fn declared_scalars() {
        assert_eq!(direct(json!(5), "long"), Ok(Value::Long(5)));
        assert_eq!(direct(json!(5), "java.lang.Long"), Ok(Value::Long(5)));
        assert_eq!(direct(json!(5), "int"), Ok(Value::Int(5)));
        assert_eq!(direct(json!(-300), "short"), Ok(Value::Int(-300)));
        assert_eq!(direct(json!(1), "double"), Ok(Value::Double(1.0)));
        assert_eq!(direct(json!("x"), "char"), Ok(s("x")));
        assert_eq!(direct(json!(null), "java.lang.Long"), Ok(Value::Null));
        let e = direct(json!("5"), "long").unwrap_err();
        assert_eq!(
            e,
            ArgError {
                path: String::new(),
                expected: "long".into(),
                got: "string \"5\"".into()
            }
        );
        assert_eq!(e.to_string(), "expected long, got string \"5\"");
        assert!(direct(json!(40000), "short").is_err());
        assert!(direct(json!(null), "int").is_err());
        assert!(direct(json!(1.5), "int").is_err());
        assert_eq!(
            direct(json!(1_714_564_800_000i64), "java.util.Date"),
            Ok(Value::Date(1_714_564_800_000))
        );
        assert_eq!(
            direct(json!("2024-05-01T12:00:00.000Z"), "java.util.Date"),
            Ok(Value::Date(1_714_564_800_000))
        );
        assert_eq!(
            direct(json!("2024-05-01T14:00:00+02:00"), "java.util.Date"),
            Ok(Value::Date(1_714_564_800_000))
        );
        assert_eq!(
            direct(json!("123.45"), "java.math.BigDecimal"),
            Ok(obj("java.math.BigDecimal", vec![("value", s("123.45"))]))
        );
        assert_eq!(
            direct(json!("-12345678901234567890"), "java.math.BigInteger"),
            Ok(obj(
                "java.math.BigInteger",
                vec![
                    ("signum", Value::Int(-1)),
                    ("bitCountPlusOne", Value::Int(0)),
                    ("bitLengthPlusOne", Value::Int(0)),
                    ("lowestSetBitPlusTwo", Value::Int(0)),
                    ("firstNonzeroIntNumPlusTwo", Value::Int(0)),
                    (
                        "mag",
                        list(
                            Some("[int"),
                            vec![Value::Int(-1420514932), Value::Int(-350287150)]
                        )
                    ),
                ]
            ))
        );
    }

    #[test]
    fn declared_collections_and_generics() {
        assert_eq!(
            direct(json!([1, 2]), "java.util.List<java.lang.Long>"),
            Ok(list(None, vec![Value::Long(1), Value::Long(2)]))
        );
        assert_eq!(
            direct(json!([1]), "java.util.Set<Integer>"),
            Ok(list(Some("java.util.HashSet"), vec![Value::Int(1)]))
        );
        assert_eq!(
            direct(json!([1, 2]), "long[]"),
            Ok(list(Some("[long"), vec![Value::Long(1), Value::Long(2)]))
        );
        assert_eq!(
            direct(json!(["a"]), "java.lang.String[]"),
            Ok(list(Some("[string"), vec![s("a")]))
        );
        assert_eq!(
            direct(json!([[1]]), "int[][]"),
            Ok(list(
                Some("[[int"),
                vec![list(Some("[int"), vec![Value::Int(1)])]
            ))
        );
        assert_eq!(
            direct(json!("AAEC"), "byte[]"),
            Ok(Value::Binary(vec![0, 1, 2]))
        );
        assert_eq!(
            direct(
                json!({"7": 1}),
                "java.util.Map<java.lang.Long, java.lang.Long>"
            ),
            Ok(Value::Map {
                type_name: None,
                entries: vec![(Value::Long(7), Value::Long(1))]
            })
        );
        let e = direct(json!([1, "x"]), "java.util.List<java.lang.Long>").unwrap_err();
        assert_eq!(e.path, "[1]");
        assert_eq!(e.to_string(), "at [1]: expected long, got string \"x\"");
    }

    #[test]
    fn objects_by_mode() {
        let user = json!({"class": "com.example.User", "id": 1, "name": "a"});
        assert_eq!(
            from_json(&user, None, ArgMode::Direct),
            Ok(obj(
                "com.example.User",
                vec![("id", Value::Int(1)), ("name", s("a"))]
            ))
        );
        let generic = from_json(&user, None, ArgMode::Generic).unwrap();
        assert_eq!(
            generic,
            Value::Map {
                type_name: None,
                entries: vec![
                    (s("class"), s("com.example.User")),
                    (s("id"), Value::Int(1)),
                    (s("name"), s("a"))
                ]
            }
        );
        assert_eq!(
            direct(json!({"id": 1}), "com.example.User"),
            Ok(obj("com.example.User", vec![("id", Value::Int(1))]))
        );
        assert_eq!(
            direct(json!("ACTIVE"), "com.example.Status"),
            Ok(obj("com.example.Status", vec![("name", s("ACTIVE"))]))
        );
        assert_eq!(
            from_json(
                &json!("ACTIVE"),
                Some("com.example.Status"),
                ArgMode::Generic
            ),
            Ok(s("ACTIVE"))
        );
        let hinted = from_json(
            &json!({"a": {"$type": "long", "$value": 5}}),
            None,
            ArgMode::Direct,
        )
        .unwrap();
        assert_eq!(
            hinted,
            Value::Map {
                type_name: None,
                entries: vec![(s("a"), Value::Long(5))]
            }
        );
    }

    #[test]
    fn inferred_numbers() {
        let infer = |j: Json| from_json(&j, None, ArgMode::Generic).unwrap();
        assert_eq!(infer(json!(5)), Value::Int(5));
        assert_eq!(infer(json!(5_000_000_000i64)), Value::Long(5_000_000_000));
        assert_eq!(infer(json!(2.5)), Value::Double(2.5));
        assert_eq!(
            infer(json!(u64::MAX)),
            big_integer_value("18446744073709551615")
        );
        assert_eq!(
            to_json(&infer(json!(u64::MAX))).to_string(),
            "18446744073709551615"
        );
        let beyond: Json = serde_json::from_str("123456789012345678901234567890").unwrap();
        assert_eq!(
            to_json(&infer(beyond)).to_string(),
            "123456789012345678901234567890"
        );
        assert!(from_json(&parsed("1e400"), None, ArgMode::Generic).is_err());
        let exact: Json = serde_json::from_str("9007199254740993").unwrap();
        assert_eq!(infer(exact), Value::Long(9_007_199_254_740_993));
        assert_eq!(
            to_json(&Value::Long(9_007_199_254_740_993)).to_string(),
            "9007199254740993"
        );
        assert_eq!(
            from_json(&json!(1), Some("java.lang.Object"), ArgMode::Direct),
            Ok(Value::Int(1))
        );
    }

    #[test]
    fn java_time_arguments() {
        let v = direct(json!("2024-05-01T12:00:01.5"), "java.time.LocalDateTime").unwrap();
        assert_eq!(to_json(&v), json!("2024-05-01T12:00:01.500"));
        assert_eq!(
            from_json(
                &json!("2024-05-01"),
                Some("java.time.LocalDate"),
                ArgMode::Generic
            ),
            Ok(s("2024-05-01"))
        );
    }

    #[test]
    fn java_decimal_text_is_bigdecimal_to_string() {
        for (input, java) in [
            ("4210.50", "4210.50"),
            ("12345678901234567.89", "12345678901234567.89"),
            ("1e10", "1E+10"),
            ("1E+10", "1E+10"),
            ("0.00000001", "1E-8"),
            ("0.000001", "0.000001"),
            ("-0.0000001", "-1E-7"),
            ("123.4e-2", "1.234"),
            ("1.50e1", "15.0"),
            ("-0", "0"),
            ("-0.00", "0.00"),
            ("007", "7"),
            ("12e3", "1.2E+4"),
            ("0E+3", "0E+3"),
            (".5", "0.5"),
            ("+3", "3"),
        ] {
            assert_eq!(java_decimal_text(input).as_deref(), Some(java), "{input}");
        }
        for bad in [
            "",
            "-",
            "1.2.3",
            "1e",
            "1e+",
            "abc",
            "1_0",
            "NaN",
            "1e99999999999",
        ] {
            assert_eq!(java_decimal_text(bad), None, "{bad:?}");
        }
    }

    fn parsed(text: &str) -> Json {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn exact_numbers_in() {
        let dec = |text: &str| {
            direct(parsed(text), "java.math.BigDecimal")
                .unwrap()
                .field("value")
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        assert_eq!(
            dec("12345678901234567.89").as_deref(),
            Some("12345678901234567.89")
        );
        assert_eq!(dec("4210.50").as_deref(), Some("4210.50"));
        assert_eq!(dec("\"1e3\"").as_deref(), Some("1E+3"));
        assert_eq!(
            direct(parsed("9007199254740993"), "long"),
            Ok(Value::Long(9_007_199_254_740_993))
        );
        assert_eq!(
            direct(parsed("9223372036854775807"), "java.lang.Long"),
            Ok(Value::Long(i64::MAX))
        );
        assert!(direct(parsed("9223372036854775808"), "long").is_err());
        assert_eq!(direct(parsed("5.0"), "int"), Ok(Value::Int(5)));
        assert_eq!(direct(parsed("1e3"), "int"), Ok(Value::Int(1000)));
        assert!(direct(parsed("1.5"), "long").is_err());
        let big = direct(
            parsed("123456789012345678901234567890"),
            "java.math.BigInteger",
        )
        .unwrap();
        assert_eq!(to_json(&big).to_string(), "123456789012345678901234567890");
        assert_eq!(
            to_json(&direct(parsed("1E+20"), "java.math.BigInteger").unwrap()).to_string(),
            "100000000000000000000"
        );
        assert!(direct(parsed("1.5"), "java.math.BigInteger").is_err());
        // Round trip through the output form keeps the digits and the scale.
        let out = to_json(&direct(parsed("4210.50"), "java.math.BigDecimal").unwrap());
        assert_eq!(out.to_string(), "4210.50");
        assert_eq!(
            direct(out, "java.math.BigDecimal").unwrap(),
            direct(parsed("4210.50"), "java.math.BigDecimal").unwrap()
        );
    }

    #[test]
    fn floats_and_dates_by_declared_type() {
        assert_eq!(
            direct(json!(0.1), "float"),
            Ok(Value::Double(0.1f32 as f64))
        );
        assert_eq!(
            direct(json!(0.1), "java.lang.Float"),
            Ok(Value::Double(0.1))
        );
        assert!(direct(json!(1e39), "float").is_err());
        assert!(direct(parsed("1e400"), "double").is_err());
        let ms = 1_714_564_800_000;
        for text in [
            "2024-05-01T12:00:00.000Z",
            "2024-05-01T12:00:00Z",
            "2024-05-01T12:00:00",
            "2024-05-01 12:00:00",
            "2024-05-01T14:00:00+02:00",
            "2024-05-01T07:00:00-0500",
        ] {
            assert_eq!(
                direct(json!(text), "java.util.Date"),
                Ok(Value::Date(ms)),
                "{text}"
            );
        }
        assert_eq!(direct(json!(ms), "java.util.Date"), Ok(Value::Date(ms)));
        assert_eq!(
            from_json(
                &json!("2024-05-01 12:00:00"),
                Some("java.util.Date"),
                ArgMode::Generic
            ),
            Ok(Value::Date(ms))
        );
        assert_eq!(
            direct(json!("2024-05-01T12:00:00.123Z"), "java.sql.Timestamp"),
            Ok(obj(
                "java.sql.Timestamp",
                vec![("value", Value::Date(ms + 123))]
            ))
        );
        let e = direct(json!("May 1st"), "java.util.Date").unwrap_err();
        assert!(e.expected.contains("ISO-8601"), "{e}");
        assert!(direct(json!("2024-13-01"), "java.util.Date").is_err());
    }

    fn invoice_catalog() -> TypeCatalog {
        let mut c = TypeCatalog::default();
        let fields = |f: &[(&str, &str)]| {
            f.iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect()
        };
        c.insert(
            "com.x.Invoice",
            ClassShape {
                fields: fields(&[
                    ("id", "long"),
                    ("amount", "java.math.BigDecimal"),
                    ("issuedAt", "java.util.Date"),
                    ("status", "com.x.Invoice.Status"),
                    ("lines", "java.util.List<com.x.Line>"),
                    ("sign", "char"),
                    ("blob", "byte[]"),
                    ("weights", "java.util.Map<java.lang.String, java.lang.Long>"),
                ]),
                enum_constants: vec![],
            },
        );
        c.insert(
            "com.x.Line",
            ClassShape {
                fields: fields(&[("qty", "short"), ("price", "java.math.BigDecimal")]),
                enum_constants: vec![],
            },
        );
        c.insert(
            "com.x.Invoice$Status",
            ClassShape {
                fields: vec![],
                enum_constants: vec!["DRAFT".into(), "PAID".into()],
            },
        );
        c
    }

    #[test]
    fn pojo_fields_follow_the_catalog() {
        let c = invoice_catalog();
        let input = json!({
            "class": "com.x.Invoice", "id": 7, "amount": parsed("4210.50"),
            "issuedAt": "2024-05-01T12:00:00.000Z", "status": "PAID",
            "lines": [{"qty": 2, "price": "9.99"}], "sign": "€", "blob": "AAEC",
            "weights": {"a": 1}, "extra": 1
        });
        let dec = |t: &str| obj("java.math.BigDecimal", vec![("value", s(t))]);
        let generic = from_json_typed(&input, Some("com.x.Invoice"), ArgMode::Generic, &c).unwrap();
        let entry = |v: &Value, k: &str| match v {
            Value::Map { entries, .. } => entries
                .iter()
                .find(|(key, _)| key.as_str() == Some(k))
                .map(|(_, v)| v.clone()),
            _ => None,
        };
        assert_eq!(entry(&generic, "class"), Some(s("com.x.Invoice")));
        assert_eq!(entry(&generic, "id"), Some(Value::Long(7)));
        assert_eq!(entry(&generic, "amount"), Some(dec("4210.50")));
        assert_eq!(
            entry(&generic, "issuedAt"),
            Some(Value::Date(1_714_564_800_000))
        );
        assert_eq!(entry(&generic, "status"), Some(s("PAID")));
        assert_eq!(entry(&generic, "sign"), Some(s("€")));
        assert_eq!(entry(&generic, "blob"), Some(Value::Binary(vec![0, 1, 2])));
        assert_eq!(entry(&generic, "extra"), Some(Value::Int(1)));
        let lines = entry(&generic, "lines").unwrap();
        let Value::List { items, .. } = &lines else {
            panic!("{lines:?}")
        };
        assert_eq!(entry(&items[0], "qty"), Some(Value::Int(2)));
        assert_eq!(entry(&items[0], "price"), Some(dec("9.99")));
        assert_eq!(
            entry(&generic, "weights"),
            Some(Value::Map {
                type_name: None,
                entries: vec![(s("a"), Value::Long(1))]
            })
        );

        let typed = from_json_typed(&input, Some("com.x.Invoice"), ArgMode::Direct, &c).unwrap();
        assert_eq!(typed.field("class"), None);
        assert_eq!(
            typed.field("status"),
            Some(&obj("com.x.Invoice$Status", vec![("name", s("PAID"))]))
        );
        let Some(Value::List { items, .. }) = typed.field("lines") else {
            panic!()
        };
        assert_eq!(
            items[0],
            obj(
                "com.x.Line",
                vec![("qty", Value::Int(2)), ("price", dec("9.99"))]
            )
        );

        // A POJO inside an untyped slot is still typed by its `class`.
        let any = from_json_typed(
            &json!([{"class": "com.x.Line", "qty": 1, "price": 1}]),
            Some("java.util.List"),
            ArgMode::Generic,
            &c,
        )
        .unwrap();
        let Value::List { items, .. } = any else {
            panic!()
        };
        assert_eq!(entry(&items[0], "price"), Some(dec("1")));
    }

    #[test]
    fn refusals_name_the_path_and_the_type() {
        let c = invoice_catalog();
        let bad = |j: Json| {
            from_json_typed(&j, Some("com.x.Invoice"), ArgMode::Generic, &c)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            bad(json!({"status": "LOST"})),
            "at status: expected a constant of enum com.x.Invoice.Status (DRAFT, PAID), got string \"LOST\""
        );
        assert!(bad(json!({"issuedAt": "yesterday"}))
            .starts_with("at issuedAt: expected java.util.Date"));
        assert!(
            bad(json!({"lines": [{"qty": 40000}]})).starts_with("at lines[0].qty: expected short")
        );
        assert!(bad(json!({"lines": [{"price": "ten"}]}))
            .starts_with("at lines[0].price: expected java.math.BigDecimal"));
        assert!(bad(json!({"sign": "ab"})).starts_with("at sign: expected char"));
        assert!(bad(json!({"blob": "%%"})).starts_with("at blob: expected byte[]"));
        assert!(bad(json!({"weights": {"a": "x"}})).starts_with("at weights.a: expected long"));
        assert!(bad(json!({"id": 1.5})).starts_with("at id: expected long"));
        assert!(bad(json!(5)).starts_with("expected object (com.x.Invoice)"));
    }

    #[test]
    fn descriptors() {
        for (t, d) in [
            ("long", "J"),
            ("int", "I"),
            ("boolean", "Z"),
            ("void", "V"),
            ("java.lang.String", "Ljava/lang/String;"),
            ("String", "Ljava/lang/String;"),
            ("int[]", "[I"),
            ("long[][]", "[[J"),
            ("java.lang.String[]", "[Ljava/lang/String;"),
            ("java.util.List<com.x.User>", "Ljava/util/List;"),
            (
                "java.util.Map<java.lang.String, java.util.List<java.lang.Long>>",
                "Ljava/util/Map;",
            ),
            ("com.x.Outer.Inner", "Lcom/x/Outer$Inner;"),
            ("com.x.Outer$Inner", "Lcom/x/Outer$Inner;"),
        ] {
            assert_eq!(java_descriptor(t).unwrap(), d, "{t}");
        }
        assert!(java_descriptor("").is_err());
        assert!(java_descriptor("java.util.List<").is_err());
        assert_eq!(
            erased_type_name("java.util.List<com.x.User>[]").unwrap(),
            "java.util.List[]"
        );
        assert_eq!(
            erased_type_name("com.x.Outer.Inner").unwrap(),
            "com.x.Outer$Inner"
        );
    }
}
