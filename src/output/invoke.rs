//! The text and JSON of a single `svcctl invoke`: the result on stdout (alone, or in the
//! `-o json` envelope), and on stderr what `-v` adds (attempts, attachments, timing), the
//! remote exception block, and the error line with what to try.

use std::time::Duration;

use serde_json::{json, Value as Json};

use super::json::SCHEMA_VERSION;
use super::{remote, sanitize, Out};
use crate::cluster::invoke::{Answer, Called, Request};
use crate::cluster::{Attempt, AttemptOutcome, ClusterError, SelectionPath};
use crate::error::{Error, Result};
use crate::protocol::attempt::{AttemptError, Failure};
use crate::protocol::conn::{CallError, CallTiming, Reply};
use crate::protocol::dubbo::request::annotated_dump;
use crate::protocol::dubbo::response::{ExceptionForm, Outcome, RemoteException};
use crate::protocol::hessian2::to_json;
use crate::protocol::triple::{self, code, Mode, TripleError};
use crate::registry::target::{Protocol, Target};

/// A `-v` line on stderr.
fn note(verbose: bool, msg: impl AsRef<str>) {
    if verbose {
        eprintln!("svcctl: {}", sanitize(msg.as_ref()));
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// `--template`: the skeleton on stdout stays valid input; the notes (other enum constants)
/// go to stderr.
pub fn template(out: &mut Out, skeleton: &Json, notes: &[String]) -> Result<()> {
    for n in notes {
        eprintln!("svcctl: {}", sanitize(n));
    }
    out.json_as(skeleton, true)
}

/// The `-v` line on what is about to be called.
pub fn plan_line(
    target: &Target,
    method: &str,
    types: Option<&[String]>,
    types_source: &str,
) -> String {
    let tri = target
        .protocols
        .iter()
        .filter(|p| **p == Protocol::Triple)
        .count();
    let split = match tri {
        0 => String::new(),
        n => format!(" ({} dubbo, {n} tri)", target.protocols.len() - n),
    };
    format!(
        "{}.{method}: {} candidate provider(s){split}; parameter types: {} ({types_source})",
        target.label,
        target.candidates.len(),
        types
            .map(|t| t.join(","))
            .unwrap_or_else(|| "unknown".into())
    )
}

/// What `--dry-run` shows of the request candidate `index` would be sent.
pub struct DryRun<'a> {
    pub target: &'a Target,
    pub method: &'a str,
    pub index: usize,
    pub request: &'a Request,
    /// How the balancer picked it.
    pub path: SelectionPath,
    pub balancer: &'a str,
    pub weight: i32,
    pub triple_mode: Mode,
}

/// `--dry-run`: the chosen provider, then the frame (dubbo, annotated hex) or the request of
/// each form (Triple).
pub fn dry_run(out: &mut Out, d: &DryRun<'_>) -> Result<()> {
    let c = &d.target.candidates[d.index];
    // How the balancer came to this provider, for either protocol.
    let picked = format!(
        "{} by {}, weight {}; {} candidate(s)",
        serde_json::to_value(d.path)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        d.balancer,
        d.weight,
        d.target.candidates.len()
    );
    let lines = match d.request {
        Request::Dubbo(inv) => {
            let mut lines = vec![format!(
                "target: dubbo://{}/{} (method {}; {picked})",
                c.address,
                d.target.services[d.index].key(),
                d.method,
            )];
            let dump = annotated_dump(1, inv)
                .map_err(|e| Error::usage(format!("cannot encode the request: {e}")))?;
            lines.extend(dump.lines().map(str::to_string));
            lines
        }
        Request::Triple(call) => {
            let forms = match d.triple_mode {
                Mode::Auto => "grpc, then json if refused",
                Mode::Grpc => "grpc",
                Mode::Json => "json",
            };
            let mut lines = vec![
                format!(
                    "target: tri://{}{} (form: {forms}; {picked})",
                    c.address,
                    call.path(),
                ),
                format!("POST {}", call.path()),
                format!(
                    "grpc: content-type: {}, te: trailers, grpc-timeout: {}",
                    triple::grpc::CONTENT_TYPE,
                    triple::grpc_timeout(call.timeout)
                ),
                "json: content-type: application/json".to_string(),
            ];
            for (k, v) in call.extra_headers() {
                lines.push(format!("{k}: {v}"));
            }
            lines.push(format!("body: {}", String::from_utf8_lossy(&call.body)));
            lines
        }
    };
    for l in lines {
        out.line(&sanitize(&l))?;
    }
    Ok(())
}

/// A finished call, with what the output needs to know about how it was made.
pub struct Invoked<'a> {
    pub target: &'a Target,
    pub method: &'a str,
    pub called: &'a Called,
    pub ping: bool,
    /// Whether the parameter types were known (else a failure hints at `--types`).
    pub types_known: bool,
}

/// Prints the outcome of a call: the result (or the envelope) on stdout, diagnostics on
/// stderr; a call that did not answer with a value becomes the error svcctl exits with.
pub fn call_result(out: &mut Out, verbose: bool, r: &Invoked<'_>) -> Result<()> {
    let Invoked { target, method, .. } = *r;
    let called = r.called;
    let outcome = &called.outcome;
    if let Some(why) = &called.fallback {
        note(
            verbose,
            format!("the provider does not accept $invoke ({why}); retrying as a typed call"),
        );
    }
    // Failover may cross protocols: each attempt names the one it was made in.
    for (n, at) in outcome.attempts.iter().enumerate() {
        note(
            verbose,
            format!(
                "attempt {}: {}://{} — {} → {} in {}",
                n + 1,
                target.protocols[at.candidate].scheme(),
                at.address,
                at.choice,
                describe_outcome(at),
                ms(at.elapsed)
            ),
        );
    }
    let shown = outcome
        .answered_by()
        .or(outcome.attempts.last())
        .map(|at| at.candidate);
    if verbose {
        if let Some(Request::Dubbo(inv)) = shown.map(|i| &called.requests[i]) {
            let sent: Vec<String> = inv
                .wire_attachments()
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            note(
                verbose,
                format!(
                    "call: {} {}{}",
                    inv.method,
                    inv.descriptor,
                    if called.fallback.is_some() {
                        " (typed fallback)"
                    } else {
                        ""
                    }
                ),
            );
            note(verbose, format!("attachments sent: {}", sent.join(", ")));
        }
    }
    if let Some(at) = outcome.answered_by() {
        note(
            verbose,
            format!(
                "answered by {}://{}",
                target.protocols[at.candidate].scheme(),
                at.address
            ),
        );
    }
    let provider = shown.map(|i| target.candidates[i].address.clone());
    let protocol = shown
        .map(|i| target.protocols[i])
        .or(target.protocols.first().copied());
    let attempts: Vec<Json> = outcome
        .attempts
        .iter()
        .map(|at| {
            let mut v = serde_json::to_value(at).unwrap_or(Json::Null);
            if let Json::Object(m) = &mut v {
                m.insert(
                    "protocol".into(),
                    json!(target.protocols[at.candidate].scheme()),
                );
            }
            v
        })
        .collect();
    let envelope = |status: &str, form: Option<&str>, extra: (&str, Json)| {
        let mut m = serde_json::Map::new();
        m.insert("schema_version".into(), json!(SCHEMA_VERSION));
        m.insert("provider".into(), json!(provider));
        m.insert("protocol".into(), json!(protocol.map(Protocol::scheme)));
        if protocol == Some(Protocol::Triple) {
            m.insert("triple_form".into(), json!(form));
        }
        m.insert("service".into(), json!(target.label));
        m.insert("method".into(), json!(method));
        m.insert("status".into(), json!(status));
        m.insert(
            "elapsed_ms".into(),
            json!(called.elapsed.as_secs_f64() * 1000.0),
        );
        m.insert("attempts".into(), Json::Array(attempts.clone()));
        m.insert(extra.0.into(), extra.1);
        Json::Object(m)
    };
    let failure = match &outcome.result {
        Ok(answer) => {
            let (value, form) = match answer {
                Some(Answer::Dubbo(reply)) => {
                    log_reply(verbose, reply);
                    let value = match &reply.result.outcome {
                        Outcome::Value(v) => to_json(v),
                        _ => Json::Null,
                    };
                    (value, None)
                }
                Some(Answer::Triple(reply)) => {
                    note(verbose, format!("triple form: {}", reply.form.name()));
                    let received: Vec<String> = reply
                        .header_lines()
                        .iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    note(verbose, format!("received: {}", received.join(", ")));
                    (reply.value.clone(), Some(reply.form.name()))
                }
                None => {
                    if let Some(e) = &outcome.swallowed {
                        note(verbose, format!("failsafe swallowed: {e}"));
                    }
                    (Json::Null, None)
                }
            };
            if out.is_json() {
                out.json(&envelope("ok", form, ("result", value)))?;
            } else {
                out.json(&value)?;
            }
            return Ok(());
        }
        Err(e) => e,
    };
    match failure {
        ClusterError::Call(AttemptError::Dubbo(Failure::Thrown(reply))) => {
            log_reply(verbose, reply);
            let ex = match &reply.result.outcome {
                Outcome::Exception(e) => Some(e),
                _ => None,
            };
            if out.is_json() {
                let stack: Vec<String> = ex
                    .map(|e| e.stack.iter().map(|f| f.to_string()).collect())
                    .unwrap_or_default();
                let causes = ex.map(remote::exception_causes).unwrap_or_default();
                out.json(&envelope(
                    "exception",
                    None,
                    (
                        "exception",
                        json!({
                            "class": ex.and_then(|e| e.class.clone()),
                            "message": ex.and_then(|e| e.message.clone()),
                            "stack": stack,
                            "causes": causes
                        }),
                    ),
                ))?;
            }
            if let Some(e) = ex {
                if let Some(m) = &e.message {
                    full_text(verbose, "exception message", m);
                }
                stack_frames(verbose, e);
            }
            Err(Error::remote(format!(
                "{}.{method}: {}",
                target.label,
                ex.map(exception_line)
                    .unwrap_or_else(|| "remote exception".into())
            )))
        }
        ClusterError::Call(AttemptError::Dubbo(Failure::Call(c) | Failure::NoGeneric(c))) => {
            // A non-OK status keeps the provider's whole text for -v and the JSON document.
            let status = match c {
                CallError::RemoteStatus { status, message } => Some((*status, message.clone())),
                _ => None,
            };
            if let Some((_, Some(m))) = &status {
                full_text(verbose, "provider message", m);
            }
            let hint = match c {
                CallError::RemoteStatus { message, .. } if !r.ping => {
                    status_hint(message.as_deref().unwrap_or(""), r.types_known)
                }
                _ => None,
            };
            let err = Error::from(c.clone());
            let err = match hint {
                Some(h) => err.with_hint(h),
                None => err,
            };
            if out.is_json() {
                let mut error = json!({"kind": err.kind().name(), "message": err.to_string()});
                if let Some((s, m)) = &status {
                    error["status"] = json!(s.name());
                    error["status_code"] = json!(s.as_byte());
                    error["provider_message"] = json!(m);
                }
                out.json(&envelope("error", None, ("error", error)))?;
            }
            Err(err)
        }
        ClusterError::Call(AttemptError::Triple(e)) => {
            let err = triple_error(target, method, e);
            if out.is_json() {
                let mut error = json!({"kind": err.kind().name(), "message": err.to_string()});
                if let TripleError::Status {
                    code,
                    message,
                    http,
                    form,
                } = e
                {
                    error["grpc_status"] = json!(code);
                    error["grpc_status_name"] = json!(triple::code_name(*code));
                    error["grpc_message"] = json!(message);
                    error["http_status"] = json!(http);
                    error["triple_form"] = json!(form.name());
                }
                out.json(&envelope("error", None, ("error", error)))?;
            }
            Err(err)
        }
        ClusterError::NoProvider | ClusterError::ForkTimeout(_) => {
            let err = match failure {
                ClusterError::ForkTimeout(d) => {
                    Error::timeout(format!("no forked provider answered within {}", ms(*d)))
                }
                _ => Error::unreachable("no provider available"),
            };
            if out.is_json() {
                let error = json!({"kind": err.kind().name(), "message": err.to_string()});
                out.json(&envelope("error", None, ("error", error)))?;
            }
            Err(err)
        }
    }
}

/// A failed Triple call as svcctl's error, named after the method, with what to try.
fn triple_error(target: &Target, method: &str, e: &TripleError) -> Error {
    let err = Error::from(e.clone());
    let message = format!("{}.{method}: {}", target.label, err.message());
    let err = Error::new(err.kind(), message);
    match e {
        TripleError::Status {
            http: 415,
            form: triple::Form::Grpc,
            ..
        } => err.with_hint("the provider refuses gRPC framing: try --triple-mode json (or auto)"),
        TripleError::Status {
            http: 415,
            form: triple::Form::Json,
            ..
        } => err.with_hint(
            "the provider does not take Triple's unary JSON form: try --triple-mode grpc (or auto)",
        ),
        TripleError::Status {
            code: code::UNIMPLEMENTED,
            ..
        } => err.with_hint(
            "the provider has no such service or method (or not in this group/version): check `svcctl show`",
        ),
        _ => err,
    }
}

/// What to try after a non-OK status, from what the provider said.
pub fn status_hint(message: &str, types_known: bool) -> Option<&'static str> {
    if message.contains("Not found exported service") {
        Some("the provider does not export this group/version: pass --group/--version as registered (the message lists what it exports)")
    } else if !types_known {
        Some("if the method is overloaded or unknown, check `svcctl show` and pass --types")
    } else {
        None
    }
}

pub fn describe_outcome(at: &Attempt) -> String {
    match &at.outcome {
        AttemptOutcome::Ok => "ok".into(),
        AttemptOutcome::BusinessError { message } => format!("exception: {message}"),
        AttemptOutcome::Failed { message } => format!("failed: {message}"),
        AttemptOutcome::Cancelled => "cancelled".into(),
    }
}

/// With `-v`, the attachments and the timing of a dubbo reply.
fn log_reply(verbose: bool, reply: &Reply) {
    if !verbose {
        return;
    }
    let received = match &reply.result.attachments {
        Some(list) => list
            .iter()
            .map(|(k, v)| format!("{}={}", to_json(k), to_json(v)))
            .collect::<Vec<_>>()
            .join(", "),
        None => "(none)".into(),
    };
    note(verbose, format!("attachments received: {received}"));
    let CallTiming {
        connect,
        encode,
        round_trip,
        decode,
    } = reply.timing;
    note(
        verbose,
        format!(
            "timing: connect {}, encode {}, round trip {}, decode {}",
            connect.map(ms).unwrap_or_else(|| "(reused)".into()),
            ms(encode),
            ms(round_trip),
            ms(decode)
        ),
    );
}

/// With `-v`, the first stack frames of a remote exception (the error line names the exception).
fn stack_frames(verbose: bool, e: &RemoteException) {
    if verbose {
        for f in e.stack.iter().take(8) {
            eprintln!("    at {}", sanitize(&f.to_string()));
        }
        if e.stack.len() > 8 {
            eprintln!("    ... {} more", e.stack.len() - 8);
        }
    }
}

/// With `-v`, a provider's multi-line text in full (the error line has its summary).
fn full_text(verbose: bool, what: &str, text: &str) {
    if verbose && remote::has_more(text) {
        eprintln!("svcctl: {what}:");
        for line in remote::full_text_lines(text) {
            eprintln!("    {line}");
        }
    }
}

/// The first line printed for a thrown exception.
pub fn exception_line(e: &RemoteException) -> String {
    let message = remote::summary(e.message.as_deref().unwrap_or(""));
    match (&e.class, e.form) {
        (Some(class), _) => {
            let line = format!("{class}: {message}");
            let cause = remote::exception_cause(&line, e);
            format!("remote exception: {line}{cause}")
        }
        // dubbo-js sends only the message, as a string, where a Throwable belongs.
        (None, ExceptionForm::PlainString) => {
            format!("remote exception (a plain string, no class): {message}")
        }
        (None, _) => format!("remote exception of unexpected shape: {}", to_json(&e.raw)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::hessian2::Value;

    #[test]
    fn plain_string_exceptions_have_no_class_placeholder() {
        let e = RemoteException::from_value(Value::string("no such user -1"));
        assert_eq!(
            exception_line(&e),
            "remote exception (a plain string, no class): no such user -1"
        );
    }

    #[test]
    fn hints_follow_what_the_provider_said() {
        let exported = "RemotingException: Not found exported service: com.x.A:20880 in [com.x.A:1.0.0:20880], may be version or group mismatch";
        assert!(status_hint(exported, true)
            .unwrap()
            .contains("--group/--version"));
        assert!(status_hint("boom", false).unwrap().contains("--types"));
        assert_eq!(status_hint("boom", true), None);
    }

    /// A dubbo attempt that failed, then a Triple one that answered: the envelope names the
    /// Triple provider and its form, each attempt its own protocol, and the value is the result.
    #[test]
    fn a_failover_across_protocols_names_each_attempts_protocol() {
        use crate::cluster::invoke::Called;
        use crate::cluster::{Candidate, Choice, ClusterOutcome};
        use crate::protocol::dubbo::request::ServiceRef;
        use crate::registry::target::Target;
        let target = Target {
            label: "com.x.A".into(),
            candidates: vec![
                Candidate::new("10.0.0.1:20880"),
                Candidate::new("10.0.0.2:50051"),
            ],
            services: vec![ServiceRef::new("com.x.A"), ServiceRef::new("com.x.A")],
            signatures: None,
            types: Vec::new(),
            protocols: vec![Protocol::Dubbo, Protocol::Triple],
        };
        let attempt = |candidate: usize, outcome| Attempt {
            candidate,
            address: target.candidates[candidate].address.clone(),
            choice: Choice {
                balancer: "random",
                path: SelectionPath::Balancer,
                weight: 100,
                active: 0,
            },
            outcome,
            elapsed: Duration::from_millis(2),
        };
        let reply = triple::Reply {
            value: json!("hi"),
            form: triple::Form::Grpc,
            headers: Default::default(),
            trailers: None,
        };
        let called = Called {
            outcome: ClusterOutcome {
                result: Ok(Some(Answer::Triple(reply))),
                attempts: vec![
                    attempt(
                        0,
                        AttemptOutcome::Failed {
                            message: "cannot reach provider 10.0.0.1:20880: refused".into(),
                        },
                    ),
                    attempt(1, AttemptOutcome::Ok),
                ],
                swallowed: None,
            },
            requests: Vec::new(),
            fallback: None,
            elapsed: Duration::from_millis(5),
        };
        let invoked = Invoked {
            target: &target,
            method: "get",
            called: &called,
            ping: false,
            types_known: false,
        };
        let mut out = Out::capture(super::super::Format::Json);
        call_result(&mut out, false, &invoked).unwrap();
        let doc: Json = serde_json::from_str(&out.captured()).unwrap();
        assert_eq!(doc["provider"], "10.0.0.2:50051", "{doc}");
        assert_eq!(doc["protocol"], "tri", "{doc}");
        assert_eq!(doc["triple_form"], "grpc", "{doc}");
        assert_eq!(doc["result"], "hi", "{doc}");
        assert_eq!(doc["attempts"][0]["protocol"], "dubbo", "{doc}");
        assert_eq!(doc["attempts"][0]["outcome"]["kind"], "failed", "{doc}");
        assert_eq!(doc["attempts"][1]["protocol"], "tri", "{doc}");

        // Plain output: the value alone.
        let mut out = Out::capture(super::super::Format::Table);
        call_result(&mut out, false, &invoked).unwrap();
        assert_eq!(out.captured().trim(), "\"hi\"");
    }
}
