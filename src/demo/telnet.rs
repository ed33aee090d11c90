//! The demo provider's telnet console on its Dubbo port (pure): one line in, the text a 2.7
//! provider would print out. Only `count` is implemented, gated by the `telnet` command list as
//! 2.7.13+ gates it (live-stats spec §1); other commands get 2.7's "Unsupported command".

use super::services::ServiceDef;
use super::stats::{count_table, CallCounters};

/// The prompt after a command.
pub const PROMPT: &str = "telnet>";
/// The prompt answering an empty line.
pub const FIRST_PROMPT: &str = "dubbo>";

/// What to do with one console line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Print this, then the prompt.
    Text(String),
    /// Just the prompt (empty line).
    Prompt,
    /// `exit`/`quit`: close the connection.
    Close,
}

/// Answers one line (without its line ending). `allowed` is the provider's `telnet` list;
/// `counting` is false when no `executes` limit is set, so every counter stays 0 as in Dubbo.
pub fn answer(
    line: &str,
    allowed: &[String],
    services: &[ServiceDef],
    counters: &CallCounters,
    counting: bool,
) -> Reply {
    let line = line.trim();
    if line.is_empty() {
        return Reply::Prompt;
    }
    let (cmd, args) = line.split_once(' ').unwrap_or((line, ""));
    if cmd == "exit" || cmd == "quit" {
        return Reply::Close;
    }
    if cmd != "count" {
        return Reply::Text(format!("Unsupported command: {cmd}"));
    }
    if !allowed.iter().any(|c| c == cmd) {
        return Reply::Text(format!(
            "Command: {cmd} disabled for security reasons, please enable support by listing the commands through 'telnet'"
        ));
    }
    let mut words = args.split_whitespace();
    let Some(name) = words.next() else {
        return Reply::Text("Please input service name, eg: \r\ncount XxxService\r\ncount XxxService xxxMethod\r\ncount XxxService xxxMethod 10\r\n".into());
    };
    let method = words.next();
    let Some(service) = services.iter().find(|s| names(s).iter().any(|n| n == name)) else {
        return Reply::Text(format!("No such service {name}"));
    };
    if let Some(m) = method {
        if !service.method_names().contains(&m) {
            return Reply::Text(format!("No such method {m} in service {name}"));
        }
    }
    let empty = CallCounters::default();
    let source = if counting { counters } else { &empty };
    Reply::Text(count_table(service, source, method))
}

/// What `count` accepts for a service: simple name, full name, path and service key.
fn names(s: &ServiceDef) -> Vec<String> {
    let simple = s.interface.rsplit('.').next().unwrap_or(s.interface);
    let mut key = String::new();
    if let Some(g) = s.group {
        key.push_str(g);
        key.push('/');
    }
    key.push_str(s.interface);
    if let Some(v) = s.version {
        key.push(':');
        key.push_str(v);
    }
    vec![simple.to_string(), s.interface.to_string(), key]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::services::catalog;

    fn count(line: &str, allowed: &[&str], counting: bool) -> Reply {
        let c = CallCounters::default();
        let _inflight = c.begin("com.example.OrderService", "count");
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        answer(line, &allowed, &catalog(), &c, counting)
    }

    #[test]
    fn count_by_any_name_and_the_gate() {
        for name in [
            "OrderService",
            "com.example.OrderService",
            "shop/com.example.OrderService:2.0.0",
        ] {
            match count(&format!("count {name}"), &["ls", "count"], true) {
                Reply::Text(t) => assert!(t.contains("| count "), "{t}"),
                other => panic!("{other:?}"),
            }
        }
        let Reply::Text(t) = count("count OrderService count", &["count"], true) else {
            panic!()
        };
        assert!(t.contains("| 1      |"), "in flight shows: {t}");
        let Reply::Text(t) = count("count OrderService count", &["count"], false) else {
            panic!()
        };
        assert!(!t.contains("| 1      |"), "no executes, no counting: {t}");
        assert_eq!(
            count("count OrderService", &["ls"], true),
            Reply::Text("Command: count disabled for security reasons, please enable support by listing the commands through 'telnet'".into())
        );
        assert_eq!(
            count("count Nope", &["count"], true),
            Reply::Text("No such service Nope".into())
        );
        assert_eq!(count("", &[], true), Reply::Prompt);
        assert_eq!(count("exit", &[], true), Reply::Close);
        assert_eq!(
            count("ls -l", &["count"], true),
            Reply::Text("Unsupported command: ls".into())
        );
    }
}
