//! The Dubbo URL model as it appears in ZooKeeper node names. Pure: no I/O.
//!
//! A node name is a form-encoded URL (`URLEncoder.encode(url.toFullString())` in Java,
//! `encodeURIComponent` in dubbo-js). Decoding it once gives `protocol://host:port/path?k=v&…`.
//! Java writes parameter values unencoded; dubbo-js encodes them once more (`method=a%2Cb`), so
//! values are percent-decoded a second time when they contain a valid escape.

use std::fmt;

/// Why a node name is not a usable URL. The raw name is kept by the caller for display.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("invalid percent-encoding at byte {0}")]
    BadEscape(usize),
    #[error("decoded name is not UTF-8")]
    NotUtf8,
    #[error("no '://' separator")]
    NoScheme,
    #[error("invalid port {0:?}")]
    BadPort(String),
    #[error("empty host")]
    EmptyHost,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DubboUrl {
    pub protocol: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub host: String,
    /// 0 when the URL has no port (Java's convention, which override rules rely on).
    pub port: u16,
    pub path: String,
    /// Parameters in the order written. Duplicates are kept; lookups see the last one, as Java's
    /// map-based parser does.
    pub params: Params,
}

/// A URL's parameters, in the order written, in one buffer. A provider registers fifteen or
/// more; as a pair of `String`s each they cost three allocations and ~110 bytes a parameter,
/// which at 100,000 providers was most of `top`'s memory. Here: the text once, plus 8 bytes a
/// parameter.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Params {
    /// Keys and values back to back, without separators.
    text: String,
    /// Where each key, then its value, ends in `text`: parameter `i` is the key
    /// `text[ends[2i-1]..ends[2i]]` (from 0 for the first) and the value up to `ends[2i+1]`.
    ends: Vec<u32>,
}

impl Params {
    pub fn new() -> Params {
        Params::default()
    }

    pub fn len(&self) -> usize {
        self.ends.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Parameter `i` as (key, value).
    pub fn get(&self, i: usize) -> Option<(&str, &str)> {
        if i >= self.len() {
            return None;
        }
        let (start, mid, end) = self.bounds(i);
        Some((&self.text[start..mid], &self.text[mid..end]))
    }

    fn bounds(&self, i: usize) -> (usize, usize, usize) {
        let start = if i == 0 { 0 } else { self.ends[2 * i - 1] } as usize;
        (
            start,
            self.ends[2 * i] as usize,
            self.ends[2 * i + 1] as usize,
        )
    }

    /// The value of the last parameter named `key` (Java's map keeps the last one). Compares
    /// bytes and makes a `str` of the match only: `top -b` looks up a handful of parameters
    /// of every provider every second.
    pub fn last(&self, key: &str) -> Option<&str> {
        self.last_index(key)
            .and_then(|i| self.get(i))
            .map(|(_, v)| v)
    }

    /// Where [`Params::last`] finds `key`: for a caller that reads the same parameter of a
    /// URL again and again (see `tui::state::ProviderRow`).
    pub fn last_index(&self, key: &str) -> Option<usize> {
        let text = self.text.as_bytes();
        (0..self.len()).rev().find(|&i| {
            let (start, mid, _) = self.bounds(i);
            &text[start..mid] == key.as_bytes()
        })
    }

    pub fn iter(&self) -> ParamsIter<'_> {
        ParamsIter {
            params: self,
            front: 0,
            back: self.len(),
        }
    }

    /// Appends a parameter (a key already present stays: lookups see the last one).
    pub fn push(&mut self, key: &str, value: &str) {
        let end = |t: &String| u32::try_from(t.len()).expect("a URL under 4 GiB");
        self.text.push_str(key);
        self.ends.push(end(&self.text));
        self.text.push_str(value);
        self.ends.push(end(&self.text));
    }

    /// Keeps the parameters `keep(key, value)` says yes to, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        let kept: Vec<bool> = self.iter().map(|(k, v)| keep(k, v)).collect();
        if kept.iter().all(|k| *k) {
            return;
        }
        let rest: Params = self
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(p, _)| p)
            .collect();
        *self = rest;
    }

    /// Sorts by key, keeping the written order of equal keys.
    pub fn sort_by_key(&mut self) {
        let mut pairs: Vec<(&str, &str)> = self.iter().collect();
        if pairs.windows(2).all(|w| w[0].0 <= w[1].0) {
            return;
        }
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        let sorted: Params = pairs.into_iter().collect();
        *self = sorted;
    }

    /// Gives back spare capacity: a parsed URL lives as long as the registry view holds it.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Params {
        let mut p = Params::new();
        for (k, v) in iter {
            p.push(k.as_ref(), v.as_ref());
        }
        p
    }
}

impl From<Vec<(String, String)>> for Params {
    fn from(v: Vec<(String, String)>) -> Params {
        v.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Params {
    type Item = (&'a str, &'a str);
    type IntoIter = ParamsIter<'a>;
    fn into_iter(self) -> ParamsIter<'a> {
        self.iter()
    }
}

/// The parameters of a [`Params`] as (key, value), in order (and backwards, for last-wins lookups).
pub struct ParamsIter<'a> {
    params: &'a Params,
    front: usize,
    back: usize,
}

impl<'a> Iterator for ParamsIter<'a> {
    type Item = (&'a str, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.params.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.back - self.front, Some(self.back - self.front))
    }
}

impl DoubleEndedIterator for ParamsIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.params.get(self.back)
    }
}

impl ExactSizeIterator for ParamsIter<'_> {}

/// Percent-decodes `s`; with `plus_is_space`, `+` becomes a space (form decoding).
pub fn percent_decode(s: &str, plus_is_space: bool) -> Result<String, UrlError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(UrlError::BadEscape(i))?;
                let hi = (hex[0] as char)
                    .to_digit(16)
                    .ok_or(UrlError::BadEscape(i))?;
                let lo = (hex[1] as char)
                    .to_digit(16)
                    .ok_or(UrlError::BadEscape(i))?;
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| UrlError::NotUtf8)
}

/// Java `URLEncoder.encode(s, "UTF-8")`: unreserved `A-Z a-z 0-9 . - * _`, space as `+`,
/// everything else `%XX` with uppercase hex of the UTF-8 bytes.
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl DubboUrl {
    /// Parses a ZooKeeper node name (form-encoded URL).
    pub fn from_node_name(name: &str) -> Result<DubboUrl, UrlError> {
        let decoded = percent_decode(name, true)?;
        DubboUrl::parse(&decoded)
    }

    /// Parses a decoded URL string: `protocol://[user[:pass]@]host[:port][/path][?query]`.
    pub fn parse(s: &str) -> Result<DubboUrl, UrlError> {
        let s = s.trim();
        let (protocol, rest) = s.split_once("://").ok_or(UrlError::NoScheme)?;
        let (before_query, query) = match rest.split_once('?') {
            Some((a, q)) => (a, q),
            None => (rest, ""),
        };
        let (authority, path) = match before_query.split_once('/') {
            Some((a, p)) => (a, p),
            None => (before_query, ""),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (username, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((n, p)) => (Some(n.to_string()), Some(p.to_string())),
                None => (Some(u.to_string()), None),
            },
            None => (None, None),
        };
        let (host, port) = split_host_port(hostport)?;
        let mut params = Params::new();
        params.text.reserve(query.len());
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = k.trim();
            if k.is_empty() {
                continue;
            }
            params.push(k, &second_decode(v.trim()));
        }
        params.shrink_to_fit();
        Ok(DubboUrl {
            protocol: protocol.to_string(),
            username,
            password,
            host,
            port,
            path: path.to_string(),
            params,
        })
    }

    /// Builds a URL with parameters sorted by key, as Java writes them.
    pub fn new(
        protocol: &str,
        host: &str,
        port: u16,
        path: &str,
        params: Vec<(String, String)>,
    ) -> DubboUrl {
        let mut url = DubboUrl {
            protocol: protocol.to_string(),
            username: None,
            password: None,
            host: host.to_string(),
            port,
            path: path.to_string(),
            params: params.into(),
        };
        url.sort_params();
        url
    }

    pub fn sort_params(&mut self) {
        self.params.sort_by_key();
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.last(key)
    }

    /// A parameter that is present and not empty.
    pub fn nonempty(&self, key: &str) -> Option<&str> {
        self.param(key).filter(|v| !v.is_empty())
    }

    pub fn bool_param(&self, key: &str) -> Option<bool> {
        self.param(key)
            .map(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    pub fn set_param(&mut self, key: &str, value: &str) {
        self.params.retain(|k, _| k != key);
        self.params.push(key, value);
    }

    pub fn remove_param(&mut self, key: &str) {
        self.params.retain(|k, _| k != key);
    }

    /// Keys that occur more than once (hostile or buggy writers).
    pub fn duplicate_keys(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        let mut dups: Vec<&str> = Vec::new();
        for (k, _) in &self.params {
            if seen.contains(&k) {
                if !dups.contains(&k) {
                    dups.push(k);
                }
            } else {
                seen.push(k);
            }
        }
        dups
    }

    /// The interface name: the `interface` parameter wins over the path (dubbo-js omits it);
    /// dubbo-python's Triple URLs have neither and name the service only in `service=`.
    pub fn interface(&self) -> &str {
        self.nonempty("interface")
            .or(Some(self.path.as_str()).filter(|p| !p.is_empty()))
            .or_else(|| self.nonempty("service"))
            .unwrap_or("")
    }

    /// Whether this provider speaks Triple (Dubbo 3's HTTP/2 protocol) rather than dubbo.
    pub fn is_triple(&self) -> bool {
        self.protocol == "tri"
    }

    /// The path a Triple call is addressed to (`POST /<service>/<method>`): the registered path,
    /// which Java sets to the interface, or the interface when the URL has none.
    pub fn triple_service(&self) -> &str {
        if self.path.is_empty() {
            self.interface()
        } else {
            self.path.as_str()
        }
    }

    pub fn group(&self) -> Option<&str> {
        self.nonempty("group")
    }

    /// The service version; `0.0.0` means none, as Dubbo's service key does.
    pub fn version(&self) -> Option<&str> {
        self.nonempty("version").filter(|v| *v != "0.0.0")
    }

    pub fn service_key(&self) -> ServiceKey {
        ServiceKey::new(self.interface(), self.group(), self.version())
    }

    /// `host:port`, or `host` when there is no port. An IPv6 host is put back in brackets, as
    /// Dubbo writes it: unbracketed, `fe80::1:20880` could not be connected to, and a URL
    /// written with it would read back as a host without a port.
    pub fn address(&self) -> String {
        HostPort::new(&self.host, self.port).to_string()
    }

    /// Method names from `methods=a,b` (Java) or `method=a,b` (dubbo-js).
    pub fn methods(&self) -> Vec<&str> {
        self.nonempty("methods")
            .or_else(|| self.nonempty("method"))
            .map(|m| {
                m.split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty() && *m != "*")
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn application(&self) -> Option<&str> {
        self.nonempty("application")
    }

    pub fn category(&self) -> Option<&str> {
        self.nonempty("category")
    }

    pub fn timestamp_ms(&self) -> Option<i64> {
        self.param("timestamp").and_then(|t| t.trim().parse().ok())
    }

    pub fn weight(&self) -> Option<i32> {
        self.param("weight").and_then(|w| w.trim().parse().ok())
    }

    pub fn warmup_ms(&self) -> i64 {
        self.param("warmup")
            .and_then(|w| w.trim().parse().ok())
            .unwrap_or(DEFAULT_WARMUP_MS)
    }

    /// The decoded form, `protocol://host:port/path?k=v&…`, parameters in stored order.
    pub fn to_full_string(&self) -> String {
        let mut s = format!("{}://", self.protocol);
        if let Some(u) = &self.username {
            s.push_str(u);
            if let Some(p) = &self.password {
                s.push(':');
                s.push_str(p);
            }
            s.push('@');
        }
        s.push_str(&self.address());
        s.push('/');
        s.push_str(&self.path);
        if !self.params.is_empty() {
            s.push('?');
            let q: Vec<String> = self
                .params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            s.push_str(&q.join("&"));
        }
        s
    }

    /// The ZooKeeper node name for this URL, as Java's registry writes it.
    pub fn to_node_name(&self) -> String {
        form_encode(&self.to_full_string())
    }
}

impl fmt::Display for DubboUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_full_string())
    }
}

/// Whether a name read from the registry can be used as one ZooKeeper path segment: ZooKeeper
/// rejects control characters and some code points, and `/`, `.` or `..` would walk elsewhere
/// in the tree. Registry data is written by anyone, so names are checked before use in paths.
pub fn is_path_segment(s: &str) -> bool {
    segment_name_problem(s).is_none()
}

/// Why `s` cannot be one path segment ([`is_path_segment`]), for a report naming it.
pub fn segment_name_problem(s: &str) -> Option<&'static str> {
    if s.contains('/') {
        Some("a /")
    } else {
        segment_problem(s)
    }
}

/// Characters ZooKeeper refuses in a path. The server checks UTF-16 units, so everything
/// outside the Basic Multilingual Plane (a surrogate pair there) is refused too.
fn refused_in_path(c: char) -> bool {
    c.is_control() || ('\u{e000}'..='\u{f8ff}').contains(&c) || c >= '\u{fff0}'
}

fn segment_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        Some("an empty segment")
    } else if s == "." || s == ".." {
        Some("a relative segment (. or ..)")
    } else if s.chars().any(char::is_control) {
        Some("a control character")
    } else if s.chars().any(refused_in_path) {
        Some("a private-use or non-BMP character")
    } else {
        None
    }
}

/// Why ZooKeeper would refuse `path` (the client rejects it before sending and the server
/// would too), or `None` when it is a valid absolute path. Paths built from registry data
/// (groups, versions, applications, interface names) are checked with this before any request,
/// so one hostile registration reads as a problem with that registration, never as an outage.
pub fn path_problem(path: &str) -> Option<&'static str> {
    if path == "/" {
        return None;
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Some("no leading /");
    };
    rest.split('/').find_map(segment_problem)
}

/// `HOST[:PORT]` as a person types it: an IPv6 literal in brackets (`[fe80::1]:20880`,
/// `[::1]`), or bare and then without a port (`::1`). The port is not checked here; the error
/// says what is malformed.
pub fn split_address(s: &str) -> Result<(&str, Option<&str>), &'static str> {
    if let Some(rest) = s.strip_prefix('[') {
        let (h, after) = rest.split_once(']').ok_or("unclosed '['")?;
        return match after.strip_prefix(':') {
            Some(p) => Ok((h, Some(p))),
            None if after.is_empty() => Ok((h, None)),
            None => Err("unexpected text after ']'"),
        };
    }
    Ok(match s.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, Some(p)),
        _ => (s, None),
    })
}

/// An address as Dubbo writes one: `host:port`, an IPv6 host in brackets (`[::1]:20880`), and
/// no `:port` for port 0. Displayed, so it can be written into a line without a `String`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostPort<'a> {
    host: &'a str,
    port: u16,
}

impl<'a> HostPort<'a> {
    pub fn new(host: &'a str, port: u16) -> HostPort<'a> {
        HostPort { host, port }
    }
}

impl fmt::Display for HostPort<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A host already in brackets (as typed) is not bracketed twice.
        if self.host.contains(':') && !self.host.starts_with('[') {
            write!(f, "[{}]", self.host)?;
        } else {
            f.write_str(self.host)?;
        }
        match self.port {
            0 => Ok(()),
            port => write!(f, ":{port}"),
        }
    }
}

pub const DEFAULT_WARMUP_MS: i64 = 600_000;
pub const DEFAULT_WEIGHT: i32 = 100;

fn split_host_port(hostport: &str) -> Result<(String, u16), UrlError> {
    // Bracketed IPv6 literal: [::1]:20880
    if let Some(rest) = hostport.strip_prefix('[') {
        let (h, after) = rest.split_once(']').ok_or(UrlError::EmptyHost)?;
        let port = match after.strip_prefix(':') {
            Some(p) => parse_port(p)?,
            None => 0,
        };
        return Ok((h.to_string(), port));
    }
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, parse_port(p)?),
        _ => (hostport, 0),
    };
    if host.is_empty() {
        return Err(UrlError::EmptyHost);
    }
    Ok((host.to_string(), port))
}

fn parse_port(p: &str) -> Result<u16, UrlError> {
    if p.is_empty() {
        return Ok(0);
    }
    p.parse().map_err(|_| UrlError::BadPort(p.to_string()))
}

/// dubbo-js encodes values a second time; Java values never contain `%`, so a value with a valid
/// escape is decoded once more and anything else is kept verbatim (never lose data).
fn second_decode(v: &str) -> String {
    if v.contains('%') {
        if let Ok(d) = percent_decode(v, false) {
            return d;
        }
    }
    v.to_string()
}

/// Dubbo's service identity: `group/interface:version`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceKey {
    pub interface: String,
    pub group: Option<String>,
    pub version: Option<String>,
}

impl ServiceKey {
    pub fn new(interface: &str, group: Option<&str>, version: Option<&str>) -> ServiceKey {
        let clean = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        ServiceKey {
            interface: interface.to_string(),
            group: clean(group),
            version: clean(version).filter(|v| v != "0.0.0"),
        }
    }

    /// Parses `group/interface:version`, `interface:version`, `group/interface` or `interface`.
    pub fn parse(s: &str) -> ServiceKey {
        let (group, rest) = match s.split_once('/') {
            Some((g, r)) => (Some(g), r),
            None => (None, s),
        };
        let (iface, version) = match rest.split_once(':') {
            Some((i, v)) => (i, Some(v)),
            None => (rest, None),
        };
        ServiceKey::new(iface, group, version)
    }

    /// The interface's simple name: `UserService` for `com.example.UserService`.
    pub fn short_name(&self) -> &str {
        self.interface.rsplit('.').next().unwrap_or(&self.interface)
    }
}

impl fmt::Display for ServiceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(g) = &self.group {
            write!(f, "{g}/")?;
        }
        f.write_str(&self.interface)?;
        if let Some(v) = &self.version {
            write!(f, ":{v}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Java 2.7 provider, from the wire spec §6.2.
    const JAVA_27: &str = "dubbo%3A%2F%2F10.0.0.5%3A20880%2Fcom.example.DemoService%3Fanyhost%3Dtrue%26application%3Ddemo-provider%26deprecated%3Dfalse%26dubbo%3D2.0.2%26dynamic%3Dtrue%26generic%3Dfalse%26interface%3Dcom.example.DemoService%26methods%3DsayHello%2CsayHelloAsync%26pid%3D4242%26release%3D2.7.8%26side%3Dprovider%26timestamp%3D1700000000000";

    // dubbo-js provider (peers.md §2): `method=` with a %2C list, double-encoded; no interface=.
    const DUBBO_JS: &str = "dubbo%3A%2F%2F127.0.0.1%3A20880%2Fcom.example.UserService%3Fgroup%3D%26version%3D1.0.0%26method%3DgetById%252CgetMap%252Cecho%26side%3Dprovider%26pid%3D4242%26generic%3Dfalse%26protocol%3Ddubbo%26dynamic%3Dtrue%26category%3Dproviders%26anyhost%3Dtrue%26timestamp%3D1700000000001";

    #[test]
    fn params_keep_order_duplicates_and_empty_parts() {
        let mut p: Params = [("b", "2"), ("a", ""), ("", "x"), ("b", "3")]
            .into_iter()
            .collect();
        assert_eq!(p.len(), 4);
        assert_eq!(p.get(1), Some(("a", "")));
        assert_eq!(p.get(2), Some(("", "x")));
        assert_eq!(p.get(4), None);
        let back: Vec<_> = p.iter().rev().collect();
        assert_eq!(back, vec![("b", "3"), ("", "x"), ("a", ""), ("b", "2")]);
        assert_eq!(
            format!("{p:?}"),
            r#"[("b", "2"), ("a", ""), ("", "x"), ("b", "3")]"#
        );
        p.sort_by_key();
        let sorted: Vec<_> = p.iter().collect();
        assert_eq!(sorted, vec![("", "x"), ("a", ""), ("b", "2"), ("b", "3")]);
        p.retain(|k, v| k != "b" || v == "3");
        let kept: Vec<_> = p.iter().collect();
        assert_eq!(kept, vec![("", "x"), ("a", ""), ("b", "3")]);
        // Equal pairs, equal params, however they were built.
        assert_eq!(p.last("b"), Some("3"));
        assert_eq!(p.last(""), Some("x"));
        assert_eq!(p.last("c"), None);
        let mut q = Params::new();
        q.push("", "x");
        q.push("a", "");
        q.push("b", "3");
        assert_eq!(p, q);
        q.retain(|k, _| k != "a");
        assert_ne!(p, q);
        assert!(Params::new().is_empty());
    }

    #[test]
    fn set_param_replaces_every_earlier_value() {
        let mut u = DubboUrl::parse("dubbo://h:1/p?weight=1&x=y&weight=2").unwrap();
        assert_eq!(u.weight(), Some(2));
        u.set_param("weight", "7");
        let all: Vec<_> = u.params.iter().collect();
        assert_eq!(all, vec![("x", "y"), ("weight", "7")]);
        u.remove_param("x");
        assert_eq!(u.to_full_string(), "dubbo://h:1/p?weight=7");
    }

    #[test]
    fn parses_java_dialect() {
        let u = DubboUrl::from_node_name(JAVA_27).unwrap();
        assert_eq!(u.protocol, "dubbo");
        assert_eq!(u.host, "10.0.0.5");
        assert_eq!(u.port, 20880);
        assert_eq!(u.path, "com.example.DemoService");
        assert_eq!(u.interface(), "com.example.DemoService");
        assert_eq!(u.methods(), vec!["sayHello", "sayHelloAsync"]);
        assert_eq!(u.application(), Some("demo-provider"));
        assert_eq!(u.param("release"), Some("2.7.8"));
        assert_eq!(u.timestamp_ms(), Some(1_700_000_000_000));
        assert_eq!(u.service_key().to_string(), "com.example.DemoService");
        assert_eq!(u.params.len(), 12);
    }

    #[test]
    fn parses_dubbo_js_dialect() {
        let u = DubboUrl::from_node_name(DUBBO_JS).unwrap();
        assert_eq!(u.interface(), "com.example.UserService");
        assert_eq!(u.methods(), vec!["getById", "getMap", "echo"]);
        assert_eq!(u.group(), None, "empty group= means no group");
        assert_eq!(u.version(), Some("1.0.0"));
        assert_eq!(u.param("protocol"), Some("dubbo"));
        assert_eq!(u.category(), Some("providers"));
        assert_eq!(u.service_key().to_string(), "com.example.UserService:1.0.0");
    }

    #[test]
    fn node_name_round_trip_matches_java_encoding() {
        let u = DubboUrl::from_node_name(JAVA_27).unwrap();
        assert_eq!(u.to_node_name(), JAVA_27);
    }

    #[test]
    fn form_encoding_matches_url_encoder() {
        assert_eq!(form_encode("a b*c.d-e_f~g"), "a+b*c.d-e_f%7Eg");
        assert_eq!(form_encode("é"), "%C3%A9");
        assert_eq!(form_encode("://?&=,"), "%3A%2F%2F%3F%26%3D%2C");
    }

    #[test]
    fn service_key_forms() {
        let k = ServiceKey::parse("shop/com.example.OrderService:2.0.0");
        assert_eq!(k.group.as_deref(), Some("shop"));
        assert_eq!(k.version.as_deref(), Some("2.0.0"));
        assert_eq!(k.short_name(), "OrderService");
        assert_eq!(ServiceKey::parse("com.x.A:0.0.0").to_string(), "com.x.A");
        assert_eq!(ServiceKey::parse("com.x.A").to_string(), "com.x.A");
    }

    #[test]
    fn override_url_without_port_has_port_zero() {
        let u = DubboUrl::parse("override://0.0.0.0/com.x.A?category=configurators&disabled=true")
            .unwrap();
        assert_eq!(u.port, 0);
        assert_eq!(u.host, "0.0.0.0");
        assert_eq!(u.address(), "0.0.0.0");
    }

    #[test]
    fn hostile_names_are_errors_not_panics() {
        assert_eq!(
            DubboUrl::from_node_name("dubbo%3A%2F%2Fhost%ZZ"),
            Err(UrlError::BadEscape(18))
        );
        assert_eq!(
            DubboUrl::from_node_name("abc%"),
            Err(UrlError::BadEscape(3))
        );
        assert_eq!(DubboUrl::from_node_name("%FF%FE"), Err(UrlError::NotUtf8));
        assert_eq!(
            DubboUrl::from_node_name("just-a-name"),
            Err(UrlError::NoScheme)
        );
        assert!(matches!(
            DubboUrl::parse("dubbo://h:99999/x"),
            Err(UrlError::BadPort(_))
        ));
        assert_eq!(DubboUrl::parse("dubbo://:1/x"), Err(UrlError::EmptyHost));
        let long = format!("dubbo://h:1/x?k={}", "v".repeat(100_000));
        assert_eq!(
            DubboUrl::parse(&long).unwrap().param("k").unwrap().len(),
            100_000
        );
    }

    #[test]
    fn duplicate_parameters_keep_all_and_last_wins() {
        let u = DubboUrl::parse("dubbo://h:1/x?weight=1&weight=7&a=1").unwrap();
        assert_eq!(u.weight(), Some(7));
        assert_eq!(u.params.len(), 3);
        assert_eq!(u.duplicate_keys(), vec!["weight"]);
    }

    #[test]
    fn unknown_parameters_are_kept_and_bad_second_escapes_verbatim() {
        let u = DubboUrl::parse("dubbo://h:1/x?x-custom=a%2Cb&pct=100%&k").unwrap();
        assert_eq!(u.param("x-custom"), Some("a,b"));
        assert_eq!(u.param("pct"), Some("100%"));
        assert_eq!(u.param("k"), Some(""));
    }

    #[test]
    fn ipv6_and_userinfo() {
        let u = DubboUrl::parse("dubbo://admin:secret@[fe80::1]:20880/com.x.A?a=1").unwrap();
        assert_eq!(u.host, "fe80::1");
        assert_eq!(u.port, 20880);
        assert_eq!(u.username.as_deref(), Some("admin"));
        assert_eq!(u.password.as_deref(), Some("secret"));
        assert_eq!(u.address(), "[fe80::1]:20880");
    }

    #[test]
    fn an_ipv6_url_written_back_reads_the_same() {
        let u = DubboUrl::parse("dubbo://[::1]:20880/com.x.A?interface=com.x.A").unwrap();
        assert_eq!(
            u.to_full_string(),
            "dubbo://[::1]:20880/com.x.A?interface=com.x.A"
        );
        let again = DubboUrl::from_node_name(&u.to_node_name()).unwrap();
        assert_eq!((again.host.as_str(), again.port), ("::1", 20880));
        let no_port = DubboUrl::new("override", "fe80::2", 0, "com.x.A", vec![]);
        assert_eq!(no_port.address(), "[fe80::2]");
        let back = DubboUrl::parse(&no_port.to_full_string()).unwrap();
        assert_eq!((back.host.as_str(), back.port), ("fe80::2", 0));
        assert_eq!(DubboUrl::new("dubbo", "h", 0, "", vec![]).address(), "h");
        // Typed already bracketed, it is not bracketed twice.
        assert_eq!(HostPort::new("[::1]", 9).to_string(), "[::1]:9");
    }

    #[test]
    fn typed_addresses_split_as_printed() {
        assert_eq!(
            split_address("10.0.0.1:20880"),
            Ok(("10.0.0.1", Some("20880")))
        );
        assert_eq!(split_address("10.0.0.1"), Ok(("10.0.0.1", None)));
        assert_eq!(split_address("[::1]:20880"), Ok(("::1", Some("20880"))));
        assert_eq!(split_address("[::1]"), Ok(("::1", None)));
        assert_eq!(split_address("fe80::2"), Ok(("fe80::2", None)));
        assert!(split_address("[::1").is_err() && split_address("[::1]x").is_err());
    }

    #[test]
    fn path_segments() {
        assert!(is_path_segment("user-service") && is_path_segment("库存"));
        for bad in ["", ".", "..", "a/b", "x\u{1}y", "\u{e000}"] {
            assert!(!is_path_segment(bad), "{bad:?}");
        }
    }

    #[test]
    fn zookeeper_paths() {
        for ok in [
            "/",
            "/dubbo",
            "/dubbo/com.x.A/providers",
            "/dubbo/config/dubbo/com.x.A:1.0.0:.configurators",
            "/库存",
        ] {
            assert_eq!(path_problem(ok), None, "{ok:?}");
        }
        for (bad, why) in [
            (
                "/dubbo/metadata/com.x.A/1.0.0/g\u{1b}[31m/provider/app",
                "a control character",
            ),
            ("/dubbo/x\u{9b}y", "a control character"),
            ("/dubbo/x\u{7f}", "a control character"),
            ("/dubbo//x", "an empty segment"),
            ("/dubbo/x/", "an empty segment"),
            ("/dubbo/../x", "a relative segment (. or ..)"),
            ("/dubbo/\u{e000}", "a private-use or non-BMP character"),
            ("/dubbo/😀", "a private-use or non-BMP character"),
            ("dubbo", "no leading /"),
            ("", "no leading /"),
        ] {
            assert_eq!(path_problem(bad), Some(why), "{bad:?}");
        }
        // Bidi and zero-width characters are legal in ZooKeeper: they are escaped on output.
        assert_eq!(path_problem("/dubbo/evil\u{202e}txt\u{200b}"), None);
    }

    // dubbo-python 3.0.0b1 (live-stats.md §4): no path, no interface, no methods.
    const PYTHON_TRI: &str =
        "tri%3A%2F%2F127.0.0.1%3A50051%3Fservice%3Dorg.apache.dubbo.samples.Greeter";

    #[test]
    fn parses_dubbo_python_triple_url() {
        let u = DubboUrl::from_node_name(PYTHON_TRI).unwrap();
        assert_eq!(u.protocol, "tri");
        assert!(u.is_triple());
        assert_eq!((u.host.as_str(), u.port), ("127.0.0.1", 50051));
        assert_eq!(u.path, "");
        assert_eq!(u.interface(), "org.apache.dubbo.samples.Greeter");
        assert_eq!(u.triple_service(), "org.apache.dubbo.samples.Greeter");
        assert!(u.methods().is_empty());
        assert_eq!(
            u.service_key().to_string(),
            "org.apache.dubbo.samples.Greeter"
        );
    }

    #[test]
    fn parses_java_triple_url() {
        let u = DubboUrl::parse(
            "tri://10.0.0.7:50052/com.x.Greeter?application=g&interface=com.x.Greeter&methods=greet,bye&release=3.3.1&side=provider&version=1.0.0",
        )
        .unwrap();
        assert!(u.is_triple());
        assert_eq!(u.interface(), "com.x.Greeter");
        assert_eq!(u.triple_service(), "com.x.Greeter");
        assert_eq!(u.methods(), vec!["greet", "bye"]);
        assert_eq!(u.service_key().to_string(), "com.x.Greeter:1.0.0");
        let dubbo = DubboUrl::parse("dubbo://h:1/com.x.A").unwrap();
        assert!(!dubbo.is_triple());
        // Neither path, interface nor service: nothing to name.
        assert_eq!(DubboUrl::parse("tri://h:1").unwrap().interface(), "");
    }

    #[test]
    fn version_zero_is_no_version() {
        let u = DubboUrl::parse("dubbo://h:1/x?version=0.0.0").unwrap();
        assert_eq!(u.version(), None);
    }
}
