//! Turning what the user typed (`UserService`, `com.example.UserService`, `shop/com.x.Order:2.0.0`)
//! into interface names, and matching `ls` patterns. Pure.

use super::model::interface_of_node;
use super::url::ServiceKey;
use crate::error::{Error, Result};

/// The interface a user's SERVICE argument names, plus any group/version it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedService {
    /// The child name under the registry root (encoded form).
    pub node: String,
    pub interface: String,
    pub group: Option<String>,
    pub version: Option<String>,
}

/// Resolves SERVICE against the interface node names under the root: a full interface, a service
/// key, or a unique simple name (case-insensitive). Ambiguity and absence are errors that name
/// the candidates.
pub fn resolve_service(input: &str, nodes: &[String]) -> Result<ResolvedService> {
    let key = ServiceKey::parse(input.trim());
    let decoded: Vec<(String, String)> = nodes
        .iter()
        .map(|n| (n.clone(), interface_of_node(n)))
        .collect();
    let found = |node: &str, iface: &str| ResolvedService {
        node: node.to_string(),
        interface: iface.to_string(),
        group: key.group.clone(),
        version: key.version.clone(),
    };
    if let Some((n, i)) = decoded.iter().find(|(_, i)| *i == key.interface) {
        return Ok(found(n, i));
    }
    let wanted = key.interface.to_ascii_lowercase();
    let by_simple: Vec<&(String, String)> = decoded
        .iter()
        .filter(|(_, i)| {
            let simple = i.rsplit('.').next().unwrap_or(i).to_ascii_lowercase();
            simple == wanted || i.to_ascii_lowercase() == wanted
        })
        .collect();
    match by_simple.as_slice() {
        [(n, i)] => Ok(found(n, i)),
        [] => {
            let mut near: Vec<&str> = decoded
                .iter()
                .filter(|(_, i)| i.to_ascii_lowercase().contains(&wanted))
                .map(|(_, i)| i.as_str())
                .collect();
            near.truncate(8);
            let hint = if near.is_empty() {
                "`svcctl ls` lists the registered services".to_string()
            } else {
                format!("did you mean: {}", near.join(", "))
            };
            Err(Error::not_found(format!("no service {input:?} in the registry")).with_hint(hint))
        }
        many => {
            let names: Vec<&str> = many.iter().map(|(_, i)| i.as_str()).collect();
            Err(Error::not_found(format!(
                "{input:?} is ambiguous: {} services match: {}",
                names.len(),
                names.join(", ")
            ))
            .with_hint("use the full interface name"))
        }
    }
}

/// A case-insensitive `ls` pattern: a glob when it has `*`, `?` or `[`, else a substring.
#[derive(Debug, Clone)]
pub struct Pattern {
    text: String,
    glob: bool,
}

impl Pattern {
    pub fn new(p: &str) -> Pattern {
        Pattern {
            text: p.to_lowercase(),
            glob: p.contains(['*', '?', '[']),
        }
    }

    pub fn matches(&self, s: &str) -> bool {
        let s = s.to_lowercase();
        if self.glob {
            let p: Vec<char> = self.text.chars().collect();
            let t: Vec<char> = s.chars().collect();
            glob_match(&p, &t)
        } else {
            s.contains(&self.text)
        }
    }
}

/// Iterative glob with backtracking to the last `*`: linear-ish, no recursion, so hostile
/// patterns cannot blow the stack.
fn glob_match(p: &[char], t: &[char]) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = class_match(&p[pi..], t[ti]) {
                        if matched {
                            pi += next;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                c if c == t[ti] => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// `[abc]` / `[a-z]` / `[!x]` at the start of `p`: (matched, pattern length), or None if unclosed.
fn class_match(p: &[char], c: char) -> Option<(bool, usize)> {
    let end = p.iter().skip(1).position(|&x| x == ']')? + 1;
    let body = &p[1..end];
    let (negate, body) = match body.first() {
        Some('!') | Some('^') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut i = 0;
    let mut hit = false;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            hit |= body[i] <= c && c <= body[i + 2];
            i += 3;
        } else {
            hit |= body[i] == c;
            i += 1;
        }
    }
    Some((hit != negate, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes() -> Vec<String> {
        [
            "com.example.UserService",
            "com.example.OrderService",
            "org.other.UserService",
            "com.example.Billing",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    #[test]
    fn resolves_full_short_and_key() {
        assert_eq!(
            resolve_service("com.example.OrderService", &nodes())
                .unwrap()
                .interface,
            "com.example.OrderService"
        );
        assert_eq!(
            resolve_service("orderservice", &nodes()).unwrap().interface,
            "com.example.OrderService"
        );
        let k = resolve_service("shop/com.example.OrderService:2.0.0", &nodes()).unwrap();
        assert_eq!(
            (k.group.as_deref(), k.version.as_deref()),
            (Some("shop"), Some("2.0.0"))
        );
        let short_key = resolve_service("Billing:1.0", &nodes()).unwrap();
        assert_eq!(short_key.interface, "com.example.Billing");
        assert_eq!(short_key.version.as_deref(), Some("1.0"));
    }

    #[test]
    fn ambiguous_short_name_lists_candidates() {
        let e = resolve_service("UserService", &nodes()).unwrap_err();
        assert_eq!(e.exit_code(), crate::exit::NOT_FOUND);
        let msg = e.to_string();
        assert!(
            msg.contains("ambiguous")
                && msg.contains("com.example.UserService")
                && msg.contains("org.other.UserService")
        );
    }

    #[test]
    fn unknown_service_suggests() {
        let e = resolve_service("Order", &nodes()).unwrap_err();
        assert!(e.hint().unwrap().contains("com.example.OrderService"));
        let e = resolve_service("Nothing", &nodes()).unwrap_err();
        assert!(e.hint().unwrap().contains("svcctl ls"));
    }

    #[test]
    fn patterns() {
        assert!(Pattern::new("user").matches("com.example.UserService"));
        assert!(Pattern::new("*.User*").matches("com.example.UserService"));
        assert!(!Pattern::new("*.User").matches("com.example.UserService"));
        assert!(Pattern::new("com.?xample.*").matches("com.example.A"));
        assert!(Pattern::new("[co]om.*").matches("com.x"));
        assert!(!Pattern::new("[!c]om.*").matches("com.x"));
        assert!(Pattern::new("*a[*").matches("xa[y"));
        let evil = Pattern::new(&"*a".repeat(50));
        assert!(!evil.matches(&"a".repeat(40)));
    }
}
