//! How a provider's error text is shown. Java providers put a whole stack trace into the
//! message of a non-OK status (`StringUtils.toString(throwable)`), and exception messages can
//! span lines too: the error line keeps what identifies the failure, `-v` and `-o json` keep
//! everything.

use super::sanitize;
use crate::protocol::dubbo::response::RemoteException;

/// The message's first line, plus its last `Caused by:` when that adds something: the
/// outermost exception says where the call failed, the innermost cause usually says why.
pub fn summary(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else {
        return String::new();
    };
    let cause = text
        .lines()
        .rev()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("Caused by:"))
        .map(str::trim)
        .filter(|c| !c.is_empty() && !first.contains(c));
    match cause {
        // Java's RpcException(e.getMessage(), e) repeats the cause's message: name its class.
        Some(c) => match c.split_once(": ") {
            Some((class, message)) if first.ends_with(message.trim()) => {
                format!("{first} (caused by {class})")
            }
            _ => format!("{first} (caused by {c})"),
        },
        None => first.to_string(),
    }
}

/// The innermost cause of a thrown exception, as ` (caused by Class: first line)`, when it is
/// not already what `line` says; empty otherwise. Java's own `Caused by:` is the last one too.
pub fn exception_cause(line: &str, e: &RemoteException) -> String {
    let mut deepest = None;
    let mut at = e.cause.as_deref();
    while let Some(c) = at {
        deepest = Some(c);
        at = c.cause.as_deref();
    }
    let Some(c) = deepest else {
        return String::new();
    };
    let class = c.class.as_deref().unwrap_or("an exception");
    let message = summary(c.message.as_deref().unwrap_or(""));
    if message.is_empty() || line.ends_with(&message) {
        if line.contains(class) {
            return String::new();
        }
        return format!(" (caused by {class})");
    }
    format!(" (caused by {class}: {message})")
}

/// A thrown exception's cause chain for `-o json`, outermost first.
pub fn exception_causes(e: &RemoteException) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut at = e.cause.as_deref();
    while let Some(c) = at {
        out.push(serde_json::json!({"class": c.class, "message": c.message}));
        at = c.cause.as_deref();
    }
    out
}

/// The one-line description of a non-OK Dubbo status reply.
pub fn status_line(code: u8, name: &str, message: Option<&str>) -> String {
    match message.map(summary).filter(|m| !m.is_empty()) {
        Some(m) => format!("provider returned status {code} ({name}): {m}"),
        None => format!("provider returned status {code} ({name}) with no message"),
    }
}

/// Whether the full text says more than [`summary`] does (worth printing under `-v`).
pub fn has_more(text: &str) -> bool {
    text.trim().lines().nth(1).is_some()
}

/// The full text for a terminal: real line breaks, a tab indent as four spaces, every line
/// sanitised (the provider's text is as untrusted as the registry's).
pub fn full_text_lines(text: &str) -> Vec<String> {
    text.trim_end()
        .lines()
        .map(|l| {
            let indent = l.len() - l.trim_start_matches('\t').len();
            format!("{}{}", "    ".repeat(indent), sanitize(&l[indent..]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a Dubbo 2.7 provider sends with status 70 when GenericFilter cannot find the method.
    const JAVA_70: &str = "org.apache.dubbo.rpc.RpcException: java.lang.NoSuchMethodException: \
com.example.UserService.nope()\n\tat org.apache.dubbo.rpc.filter.GenericFilter.invoke(GenericFilter.java:140)\n\
\tat org.apache.dubbo.rpc.protocol.FilterNode.invoke(FilterNode.java:61)\n\
Caused by: java.lang.IllegalStateException: no method nope in com.example.UserService\n\
\tat org.apache.dubbo.common.utils.ReflectUtils.findMethodByMethodSignature(ReflectUtils.java:1040)\n\
\t... 25 more\n\
Caused by: java.lang.NoSuchMethodException: nope\n\
\t... 26 more\n";

    #[test]
    fn first_line_and_last_cause() {
        assert_eq!(
            summary(JAVA_70),
            "org.apache.dubbo.rpc.RpcException: java.lang.NoSuchMethodException: \
             com.example.UserService.nope() (caused by java.lang.NoSuchMethodException: nope)"
        );
        assert!(!summary(JAVA_70).contains('\n'));
    }

    #[test]
    fn a_cause_the_first_line_already_names_is_not_repeated() {
        let t = "org.apache.dubbo.rpc.RpcException: java.lang.NoSuchMethodException: x.y()\n\
                 \tat a.B.c(B.java:1)\nCaused by: java.lang.NoSuchMethodException: x.y()\n";
        assert_eq!(
            summary(t),
            "org.apache.dubbo.rpc.RpcException: java.lang.NoSuchMethodException: x.y()"
        );
    }

    #[test]
    fn a_cause_repeating_the_message_is_named_by_class() {
        let t = "org.apache.dubbo.rpc.RpcException: com.example.A.nope()\n\tat a.B.c(B.java:1)\n\
                 Caused by: java.lang.NoSuchMethodException: com.example.A.nope()\n\t... 5 more\n";
        assert_eq!(
            summary(t),
            "org.apache.dubbo.rpc.RpcException: com.example.A.nope() (caused by java.lang.NoSuchMethodException)"
        );
    }

    #[test]
    fn one_line_messages_stay_as_they_are() {
        assert_eq!(summary("boom"), "boom");
        assert_eq!(summary("\n  boom  \n"), "boom");
        assert_eq!(summary(""), "");
        assert!(!has_more("boom\n"));
        assert!(has_more(JAVA_70));
    }

    #[test]
    fn status_line_names_the_status() {
        assert_eq!(
            status_line(70, "SERVICE_ERROR", Some(JAVA_70))
                .lines()
                .count(),
            1
        );
        assert!(status_line(70, "SERVICE_ERROR", Some(JAVA_70)).starts_with(
            "provider returned status 70 (SERVICE_ERROR): org.apache.dubbo.rpc.RpcException"
        ));
        assert_eq!(
            status_line(40, "BAD_REQUEST", None),
            "provider returned status 40 (BAD_REQUEST) with no message"
        );
    }

    fn thrown(class: &str, message: &str, cause: Option<RemoteException>) -> RemoteException {
        let mut e = RemoteException::from_value(crate::protocol::hessian2::Value::Null);
        e.class = Some(class.into());
        e.message = Some(message.into());
        e.cause = cause.map(Box::new);
        e
    }

    #[test]
    fn a_thrown_exception_names_its_innermost_cause() {
        let root = thrown(
            "java.sql.SQLException",
            "connection refused\nat db:5432",
            None,
        );
        let mid = thrown("org.x.DaoException", "load failed", Some(root));
        let top = thrown("java.lang.RuntimeException", "getById(1) failed", Some(mid));
        let line = "java.lang.RuntimeException: getById(1) failed";
        assert_eq!(
            exception_cause(line, &top),
            " (caused by java.sql.SQLException: connection refused)"
        );
        assert_eq!(exception_causes(&top).len(), 2);
        assert_eq!(exception_cause(line, &thrown("A", "b", None)), "");
        // new RuntimeException(cause) repeats the cause's text: name the class only, or nothing.
        let wrapped = thrown(
            "java.lang.RuntimeException",
            "java.io.IOException: disk full",
            Some(thrown("java.io.IOException", "disk full", None)),
        );
        assert_eq!(
            exception_cause(
                "java.lang.RuntimeException: java.io.IOException: disk full",
                &wrapped
            ),
            ""
        );
    }

    #[test]
    fn full_text_keeps_lines_and_escapes_controls() {
        let lines = full_text_lines("a: b\n\tat x.Y(Y.java:1)\n\tevil\x1b[2J\n");
        assert_eq!(
            lines,
            vec!["a: b", "    at x.Y(Y.java:1)", "    evil\\x1b[2J"]
        );
    }
}
