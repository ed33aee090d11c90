//! Provider-side request handling (pure): exporter lookup, `$echo`, generic `$invoke`
//! resolution, direct calls, and turning handler outcomes into Dubbo results the way a Java
//! 2.7 provider does.

use std::time::Duration;

use super::services::{generalize, CallContext, MethodDef, Returned, ServiceDef, Thrown};
use crate::protocol::dubbo::frame::Status;
use crate::protocol::dubbo::request::{
    DecodedRequest, DEFAULT_VERSION, ECHO_DESCRIPTOR, ECHO_METHOD, GENERIC_ASYNC_METHOD,
    GENERIC_DESCRIPTOR, GENERIC_METHOD,
};
use crate::protocol::dubbo::response::{
    supports_response_attachments, RemoteException, RpcResult, GENERIC_EXCEPTION_CLASS,
};
use crate::protocol::hessian2::Value;

/// What to answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Status 20 with this result, sent after `delay`.
    Result { result: RpcResult, delay: Duration },
    /// A non-OK status with its message.
    Status(Status, String),
}

/// Versions that mean "no version" in Dubbo's exporter key.
fn normalize_version(v: Option<&str>) -> Option<&str> {
    v.filter(|v| !v.is_empty() && *v != DEFAULT_VERSION && *v != "*")
}

fn exporter_key(group: Option<&str>, path: &str, version: Option<&str>, port: u16) -> String {
    let mut k = String::new();
    if let Some(g) = group.filter(|g| !g.is_empty()) {
        k.push_str(g);
        k.push('/');
    }
    k.push_str(path);
    if let Some(v) = normalize_version(version) {
        k.push(':');
        k.push_str(v);
    }
    format!("{k}:{port}")
}

/// Handles one decoded request.
pub fn dispatch(
    ctx: &CallContext,
    services: &[ServiceDef],
    req: &DecodedRequest,
    peer: &str,
) -> Answer {
    // Path and group come from the attachments (they override the body), as in Java.
    let path = req.attachment("path").unwrap_or(&req.path);
    let group = req.attachment("group");
    let version = req.attachment("version").or(req.version.as_deref());
    let wanted = exporter_key(group, path, version, ctx.port);
    let Some(service) = services
        .iter()
        .find(|s| exporter_key(s.group, s.interface, s.version, ctx.port) == wanted)
    else {
        let exported: Vec<String> = services
            .iter()
            .map(|s| exporter_key(s.group, s.interface, s.version, ctx.port))
            .collect();
        return Answer::Status(
            Status::ServiceError,
            format!(
                "org.apache.dubbo.remoting.RemotingException: Not found exported service: {wanted} in [{}], may be \
                 version or group mismatch , channel: consumer: {peer} --> provider: {}:{}, message:RpcInvocation \
                 [methodName={}, parameterTypesDesc={}]",
                exported.join(", "),
                ctx.host,
                ctx.port,
                req.method,
                req.descriptor
            ),
        );
    };
    let with_attachments = supports_response_attachments(&req.dubbo_version);
    let finish = |result: RpcResult, delay: Duration| {
        let result = if with_attachments {
            result.with_attachments(vec![(Value::string("dubbo"), Value::string("2.0.2"))])
        } else {
            result
        };
        Answer::Result { result, delay }
    };

    if req.method == ECHO_METHOD && req.descriptor == ECHO_DESCRIPTOR {
        return finish(RpcResult::value(req.args[0].clone()), Duration::ZERO);
    }
    if (req.method == GENERIC_METHOD || req.method == GENERIC_ASYNC_METHOD)
        && req.descriptor == GENERIC_DESCRIPTOR
    {
        return match invoke_generic(ctx, service, &req.args) {
            Ok((result, delay)) => finish(result, delay),
            Err(message) => Answer::Status(Status::ServiceError, filter_failure(&message)),
        };
    }
    let Some(method) = service
        .methods
        .iter()
        .find(|m| m.name == req.method && m.descriptor() == req.descriptor)
    else {
        // Dubbo 3.x rejects an unknown name+descriptor while decoding the request.
        return Answer::Status(
            Status::BadRequest,
            format!(
                "Fail to decode request due to: java.lang.IllegalArgumentException: Service not found:{}, {}",
                service.interface, req.method
            ),
        );
    };
    match (method.handler)(ctx, &req.args) {
        Ok(Ok(returned)) => {
            let (value, delay) = split(returned);
            finish(RpcResult::value(value), delay)
        }
        Ok(Err(thrown)) => finish(
            RpcResult::exception(RemoteException::from_value(throwable(service, &thrown))),
            Duration::ZERO,
        ),
        Err(bad) => Answer::Status(
            Status::BadRequest,
            format!(
                "Fail to decode request due to: java.lang.IllegalArgumentException: {}",
                bad.0
            ),
        ),
    }
}

fn split(r: Returned) -> (Value, Duration) {
    match r {
        Returned::Value(v) => (v, Duration::ZERO),
        Returned::After(d, v) => (v, d),
    }
}

/// GenericFilter: resolve `(name, types, args)` to a method, call it, generalize the result.
/// Resolution failures are thrown by the filter, so they surface as status 70 (the `Err`).
fn invoke_generic(
    ctx: &CallContext,
    service: &ServiceDef,
    args: &[Value],
) -> Result<(RpcResult, Duration), String> {
    let name = args[0].as_str().unwrap_or_default().trim();
    let candidates: Vec<&MethodDef> = service.methods.iter().filter(|m| m.name == name).collect();
    let method = match &args[1] {
        Value::Null => match candidates.as_slice() {
            [] => return Err(no_such_method(service, name, &[])),
            [one] => *one,
            _ => {
                return Err(format!(
                    "java.lang.IllegalStateException: Not unique method for method name({name}) in interface({})",
                    service.interface
                ))
            }
        },
        Value::List { items, .. } => {
            let types: Vec<&str> = items.iter().map(|t| t.as_str().unwrap_or("")).collect();
            // Java matches classes: generic arguments are not part of a parameter type.
            let erased = |t: &str| t.split('<').next().unwrap_or(t).trim().to_string();
            match candidates.iter().find(|m| {
                m.param_types.len() == types.len()
                    && m.param_types.iter().zip(&types).all(|(a, b)| erased(a) == erased(b))
            }) {
                Some(m) => *m,
                None => return Err(no_such_method(service, name, &types)),
            }
        }
        _ => return Err("java.lang.IllegalArgumentException: parameter types must be a String[]".into()),
    };
    let call_args: Vec<Value> = match &args[2] {
        Value::Null => vec![Value::Null; method.param_types.len()],
        Value::List { items, .. } => items.clone(),
        _ => {
            return Err("java.lang.IllegalArgumentException: arguments must be an Object[]".into())
        }
    };
    if call_args.len() != method.param_types.len() {
        return Err(
            "org.apache.dubbo.rpc.RpcException: GenericFilter#invoke args.length != types.length, please check your params"
                .into(),
        );
    }
    match (method.handler)(ctx, &call_args) {
        Ok(Ok(returned)) => {
            let (value, delay) = split(returned);
            Ok((RpcResult::value(generalize(&value)), delay))
        }
        // 2.7 wraps exceptions of generic calls in GenericException.
        Ok(Err(thrown)) => Ok((
            RpcResult::exception(RemoteException::from_value(generic_exception(
                service, &thrown,
            ))),
            Duration::ZERO,
        )),
        // PojoUtils could not realize the arguments: the filter throws.
        Err(bad) => Err(format!("java.lang.IllegalArgumentException: {}", bad.0)),
    }
}

/// The status-70 message of an exception GenericFilter throws, as a Java provider sends it
/// (`StringUtils.toString(throwable)`: the whole stack trace as text). 2.7 wraps a
/// NoSuchMethodException in an RpcException, so that one has a `Caused by:`.
fn filter_failure(message: &str) -> String {
    const FRAMES: &str = "\tat org.apache.dubbo.rpc.filter.GenericFilter.invoke(GenericFilter.java:139)\n\
\tat org.apache.dubbo.rpc.protocol.ProtocolFilterWrapper$1.invoke(ProtocolFilterWrapper.java:81)\n\
\tat org.apache.dubbo.rpc.protocol.dubbo.DubboProtocol$1.reply(DubboProtocol.java:152)\n\
\tat org.apache.dubbo.remoting.exchange.support.header.HeaderExchangeHandler.handleRequest(HeaderExchangeHandler.java:102)\n\
\tat org.apache.dubbo.remoting.transport.dispatcher.ChannelEventRunnable.run(ChannelEventRunnable.java:57)\n\
\tat java.lang.Thread.run(Thread.java:750)\n";
    match message.strip_prefix("java.lang.NoSuchMethodException: ") {
        Some(detail) => format!(
            "org.apache.dubbo.rpc.RpcException: {detail}\n{FRAMES}Caused by: {message}\n\
             \tat org.apache.dubbo.common.utils.ReflectUtils.findMethodByMethodSignature(ReflectUtils.java:1033)\n\
             \tat org.apache.dubbo.rpc.filter.GenericFilter.invoke(GenericFilter.java:87)\n\t... 5 more\n"
        ),
        None => format!("{message}\n{FRAMES}"),
    }
}

fn no_such_method(service: &ServiceDef, name: &str, types: &[&str]) -> String {
    format!(
        "java.lang.NoSuchMethodException: {}.{name}({})",
        service.interface,
        types.join(", ")
    )
}

fn stack_trace(service: &ServiceDef, method: &str) -> Value {
    let short = service
        .impl_class
        .rsplit('.')
        .next()
        .unwrap_or(service.impl_class);
    let frame = |class: &str, m: &str, file: Option<&str>, line: i32| Value::Object {
        class: "java.lang.StackTraceElement".into(),
        fields: vec![
            ("declaringClass".into(), Value::string(class)),
            ("methodName".into(), Value::string(m)),
            (
                "fileName".into(),
                file.map(Value::string).unwrap_or(Value::Null),
            ),
            ("lineNumber".into(), Value::Int(line)),
        ],
    };
    Value::List {
        type_name: Some("[java.lang.StackTraceElement".into()),
        items: vec![
            frame(
                service.impl_class,
                method,
                Some(&format!("{short}.java")),
                42,
            ),
            frame(
                "org.apache.dubbo.common.bytecode.Wrapper1",
                "invokeMethod",
                None,
                -1,
            ),
            frame(
                "org.apache.dubbo.rpc.proxy.javassist.JavassistProxyFactory$1",
                "doInvoke",
                Some("JavassistProxyFactory.java"),
                47,
            ),
        ],
    }
}

fn empty_suppressed() -> Value {
    // The JDK's shared empty list (Throwable.SUPPRESSED_SENTINEL).
    Value::List {
        type_name: Some("java.util.Collections$UnmodifiableRandomAccessList".into()),
        items: vec![],
    }
}

/// The thrown exception as Java's Hessian writes a Throwable: `cause` refers to the object
/// itself (ref slot 0: the exception is the first list/map/object of the response body).
pub fn throwable(service: &ServiceDef, thrown: &Thrown) -> Value {
    Value::Object {
        class: thrown.class.into(),
        fields: vec![
            (
                "detailMessage".into(),
                Value::String(thrown.message.clone()),
            ),
            ("cause".into(), Value::Ref(0)),
            ("stackTrace".into(), stack_trace(service, thrown.method)),
            ("suppressedExceptions".into(), empty_suppressed()),
        ],
    }
}

/// Dubbo 2.7's `GenericException(cause)`: message = the cause's toString-ish text, plus the
/// original class and message.
fn generic_exception(service: &ServiceDef, thrown: &Thrown) -> Value {
    Value::Object {
        class: GENERIC_EXCEPTION_CLASS.into(),
        fields: vec![
            (
                "detailMessage".into(),
                Value::String(format!("{}: {}", thrown.class, thrown.message)),
            ),
            ("cause".into(), Value::Ref(0)),
            ("stackTrace".into(), stack_trace(service, thrown.method)),
            ("suppressedExceptions".into(), empty_suppressed()),
            ("exceptionClass".into(), Value::string(thrown.class)),
            (
                "exceptionMessage".into(),
                Value::String(thrown.message.clone()),
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::services::catalog;
    use crate::protocol::dubbo::request::{decode_request_body, Invocation, ServiceRef};
    use crate::protocol::dubbo::response::{ExceptionForm, Outcome};

    fn ctx() -> CallContext {
        CallContext {
            instance: "a".into(),
            host: "127.0.0.1".into(),
            port: 20880,
            metadata: None,
        }
    }

    fn run(inv: Invocation) -> Answer {
        let req = decode_request_body(&inv.encode_body().unwrap()).unwrap();
        dispatch(&ctx(), &catalog(), &req, "127.0.0.1:5000")
    }

    fn users() -> ServiceRef {
        ServiceRef::new("com.example.UserService").with_version("1.0.0")
    }

    fn value_of(a: Answer) -> Value {
        match a {
            Answer::Result { result, .. } => result.into_value().expect("a value"),
            other => panic!("{other:?}"),
        }
    }

    const T: Duration = Duration::from_secs(1);

    #[test]
    fn direct_call_returns_typed_pojo() {
        let v = value_of(run(Invocation::direct(
            users(),
            "getById",
            "J",
            vec![Value::Long(1)],
            T,
        )));
        let Value::Object { class, .. } = &v else {
            panic!("{v:?}")
        };
        assert_eq!(class, "com.example.User");
        assert_eq!(v.field("name"), Some(&Value::string("alice")));
    }

    #[test]
    fn generic_call_returns_generalized_map_and_resolves_overloads() {
        let v = value_of(run(Invocation::generic(
            users(),
            "getById",
            None,
            vec![Value::Int(2)],
            T,
        )));
        assert!(matches!(v, Value::Map { .. }));
        let greet = |types: Vec<&str>, args: Vec<Value>| {
            run(Invocation::generic(
                users(),
                "greet",
                Some(types.into_iter().map(String::from).collect()),
                args,
                T,
            ))
        };
        assert_eq!(
            value_of(greet(vec!["int"], vec![Value::Int(3)])),
            Value::string("Hello, number 3!")
        );
        assert_eq!(
            value_of(greet(vec!["java.lang.String"], vec![Value::string("x")])),
            Value::string("Hello, x!")
        );
        match run(Invocation::generic(
            users(),
            "greet",
            None,
            vec![Value::string("x")],
            T,
        )) {
            Answer::Status(Status::ServiceError, m) => {
                assert!(m.contains("Not unique method"), "{m}")
            }
            other => panic!("{other:?}"),
        }
        match greet(vec!["long"], vec![Value::Int(3)]) {
            Answer::Status(Status::ServiceError, m) => {
                assert!(m.contains("NoSuchMethodException"), "{m}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_service_is_70_unknown_method_is_40() {
        match run(Invocation::direct(
            ServiceRef::new("com.example.UserService"),
            "whoami",
            "",
            vec![],
            T,
        )) {
            Answer::Status(Status::ServiceError, m) => {
                assert!(m.contains("Not found exported service"), "{m}")
            }
            other => panic!("{other:?}"),
        }
        match run(Invocation::direct(users(), "nope", "", vec![], T)) {
            Answer::Status(Status::BadRequest, m) => {
                assert!(m.contains("Service not found"), "{m}")
            }
            other => panic!("{other:?}"),
        }
        // Grouped service needs the group attachment.
        let orders = ServiceRef::new("com.example.OrderService").with_version("2.0.0");
        assert!(matches!(
            run(Invocation::direct(orders.clone(), "count", "", vec![], T)),
            Answer::Status(..)
        ));
        let v = value_of(run(Invocation::direct(
            orders.with_group("shop"),
            "count",
            "",
            vec![],
            T,
        )));
        assert_eq!(v, Value::Int(6));
    }

    #[test]
    fn exceptions_direct_and_generic() {
        let Answer::Result { result, .. } = run(Invocation::direct(
            users(),
            "failOnDemand",
            "Z",
            vec![Value::Bool(true)],
            T,
        )) else {
            panic!()
        };
        let Outcome::Exception(e) = result.outcome else {
            panic!()
        };
        assert_eq!(e.form, ExceptionForm::Throwable);
        assert_eq!(
            e.class.as_deref(),
            Some("java.lang.IllegalArgumentException")
        );
        let Answer::Result { result, .. } = run(Invocation::generic(
            users(),
            "failOnDemand",
            None,
            vec![Value::Bool(true)],
            T,
        )) else {
            panic!()
        };
        let Outcome::Exception(e) = result.outcome else {
            panic!()
        };
        assert_eq!(e.wrapper_class.as_deref(), Some(GENERIC_EXCEPTION_CLASS));
        assert_eq!(
            e.class.as_deref(),
            Some("java.lang.IllegalArgumentException")
        );
    }

    #[test]
    fn echo_returns_argument() {
        assert_eq!(
            value_of(run(Invocation::echo(users(), Value::string("ok"), T))),
            Value::string("ok")
        );
    }
}
