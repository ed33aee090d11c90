//! Connection tests against the in-process demo provider and tiny hand-rolled raw TCP servers
//! that misbehave on purpose.

use std::time::{Duration, Instant};

use svcctl::demo::{DemoConfig, DemoProvider};
use svcctl::protocol::conn::{CallError, ConnectOptions, Connection, ErrorCategory, Pool};
use svcctl::protocol::dubbo::frame::{self, Frame, FrameSplitter, Header, Status};
use svcctl::protocol::dubbo::response::{encode_result_frame, Outcome, RpcResult};
use svcctl::protocol::dubbo::{Invocation, ServiceRef};
use svcctl::protocol::hessian2::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const T: Duration = Duration::from_secs(5);

fn users() -> ServiceRef {
    ServiceRef::new("com.example.UserService").with_version("1.0.0")
}

fn slow(ms: i64) -> Invocation {
    Invocation::direct(users(), "slow", "J", vec![Value::Long(ms)], T)
}

fn whoami() -> Invocation {
    Invocation::direct(users(), "whoami", "", vec![], T)
}

async fn demo() -> DemoProvider {
    DemoProvider::bind(
        0,
        DemoConfig {
            instance: "test-a".into(),
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap()
}

async fn connect(addr: &str) -> Connection {
    Connection::connect(addr, &ConnectOptions::default())
        .await
        .unwrap()
}

/// Reads one complete frame from a raw socket.
async fn read_frame(sock: &mut TcpStream, splitter: &mut FrameSplitter) -> Option<Frame> {
    let mut buf = [0u8; 4096];
    loop {
        if let Some(f) = splitter.next_frame().unwrap() {
            return Some(f);
        }
        let n = sock.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        splitter.push(&buf[..n]);
    }
}

/// A one-connection raw server running `behaviour` on the accepted socket.
async fn raw_server<F, Fut>(behaviour: F) -> String
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        behaviour(sock).await;
    });
    addr
}

#[tokio::test]
async fn direct_and_generic_calls_and_echo() {
    let p = demo().await;
    let c = connect(&p.addr()).await;
    let v = c.call(&whoami(), T).await.unwrap().into_value().unwrap();
    assert_eq!(v, Value::String(format!("test-a@127.0.0.1:{}", p.port())));

    let reply = c
        .call(
            &Invocation::direct(users(), "getById", "J", vec![Value::Long(1)], T),
            T,
        )
        .await
        .unwrap();
    assert!(
        reply.result.attachment("dubbo").is_some(),
        "2.0.2 requests get response attachments"
    );
    assert!(matches!(reply.into_value().unwrap(), Value::Object { .. }));

    let generic = Invocation::generic(users(), "findByName", None, vec![Value::string("ali")], T);
    let Value::List { items, .. } = c.call(&generic, T).await.unwrap().into_value().unwrap() else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert!(
        matches!(&items[0], Value::Map { .. }),
        "generic results are generalized"
    );

    let echoed = c.echo(&users(), Value::string("ping"), T).await.unwrap();
    assert_eq!(echoed, Value::string("ping"));
}

#[tokio::test]
async fn remote_status_and_exception_errors() {
    let p = demo().await;
    let c = connect(&p.addr()).await;
    let err = c
        .call(
            &Invocation::direct(ServiceRef::new("com.example.Nope"), "x", "", vec![], T),
            T,
        )
        .await
        .unwrap_err();
    assert_eq!(err.category(), ErrorCategory::RemoteStatus);
    assert_eq!(err.status_byte(), Some(70));
    assert!(
        err.to_string().contains("Not found exported service"),
        "{err}"
    );

    let err = c
        .call(&Invocation::direct(users(), "nope", "", vec![], T), T)
        .await
        .unwrap_err();
    assert_eq!(err.status_byte(), Some(40));

    let reply = c
        .call(
            &Invocation::direct(users(), "failOnDemand", "Z", vec![Value::Bool(true)], T),
            T,
        )
        .await
        .unwrap();
    let Outcome::Exception(e) = &reply.result.outcome else {
        panic!()
    };
    assert_eq!(
        e.class.as_deref(),
        Some("java.lang.IllegalArgumentException")
    );
    assert!(!e.stack.is_empty());
    let err = reply.into_value().unwrap_err();
    assert_eq!(err.category(), ErrorCategory::RemoteException);
    let app_err: svcctl::Error = err.into();
    assert_eq!(app_err.exit_code(), svcctl::exit::REMOTE);
}

#[tokio::test]
async fn concurrent_calls_are_multiplexed_and_answered_out_of_order() {
    let p = demo().await;
    let c = connect(&p.addr()).await;
    let t0 = Instant::now();
    let slow_call = {
        let c = c.clone();
        tokio::spawn(async move {
            let r = c.call(&slow(400), T).await.unwrap();
            (Instant::now(), r.into_value().unwrap())
        })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(c.in_flight(), 1);
    let w = whoami();
    let fast: Vec<_> = futures::future::join_all((0..10).map(|_| c.call(&w, T))).await;
    let fast_done = Instant::now();
    assert!(fast.iter().all(|r| r.is_ok()));
    let (slow_done, slow_value) = slow_call.await.unwrap();
    assert_eq!(slow_value, Value::Long(400));
    assert!(
        fast_done < slow_done,
        "fast calls must not wait behind the slow one"
    );
    assert!(t0.elapsed() < Duration::from_millis(1500));
    assert_eq!(p.connections(), 1, "all calls share one TCP connection");
    assert_eq!(c.in_flight(), 0);
}

#[tokio::test]
async fn per_call_timeout_discards_late_response() {
    let p = demo().await;
    let c = connect(&p.addr()).await;
    let t0 = Instant::now();
    let err = c
        .call(&slow(300), Duration::from_millis(80))
        .await
        .unwrap_err();
    assert!(matches!(err, CallError::Timeout { .. }), "{err:?}");
    assert_eq!(err.category(), ErrorCategory::Timeout);
    assert!(t0.elapsed() < Duration::from_millis(250));
    assert_eq!(c.in_flight(), 0);
    // The late reply arrives and is dropped; the connection stays usable.
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert!(!c.is_closed());
    assert!(c.call(&whoami(), T).await.is_ok());
}

#[tokio::test]
async fn provider_closing_mid_call_fails_every_in_flight_call() {
    let addr = raw_server(|mut sock| async move {
        let mut s = FrameSplitter::default();
        // Wait for two requests, then hang up without answering.
        read_frame(&mut sock, &mut s).await;
        read_frame(&mut sock, &mut s).await;
        drop(sock);
    })
    .await;
    let c = connect(&addr).await;
    let w = whoami();
    let (a, b) = tokio::join!(c.call(&w, T), c.call(&w, T));
    for r in [a, b] {
        let err = r.unwrap_err();
        assert_eq!(err.category(), ErrorCategory::Unreachable, "{err:?}");
        assert!(err.to_string().contains("closed"), "{err}");
    }
    assert!(c.is_closed());
    let err = c.call(&whoami(), T).await.unwrap_err();
    assert_eq!(err.category(), ErrorCategory::Unreachable);
}

#[tokio::test]
async fn garbage_reply_is_a_protocol_error() {
    let addr = raw_server(|mut sock| async move {
        let mut s = FrameSplitter::default();
        read_frame(&mut sock, &mut s).await;
        let _ = sock
            .write_all(b"Unsupported command: hello\r\ndubbo>")
            .await;
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await;
    let c = connect(&addr).await;
    let err = c.call(&whoami(), T).await.unwrap_err();
    assert_eq!(err.category(), ErrorCategory::Unreachable);
    let text = err.to_string();
    assert!(
        text.contains("not speaking Dubbo") && text.contains("Unsupported command"),
        "{text}"
    );
    assert!(c.is_closed());
}

#[tokio::test]
async fn truncated_frame_then_close() {
    let addr = raw_server(|mut sock| async move {
        let mut s = FrameSplitter::default();
        let req = read_frame(&mut sock, &mut s).await.unwrap();
        let full = encode_result_frame(
            req.header.request_id,
            &RpcResult::value(Value::string("hello")),
        )
        .unwrap();
        let bytes = full.to_bytes();
        let _ = sock.write_all(&bytes[..bytes.len() - 3]).await;
        drop(sock);
    })
    .await;
    let c = connect(&addr).await;
    let err = c.call(&whoami(), T).await.unwrap_err();
    assert_eq!(err.category(), ErrorCategory::Unreachable, "{err:?}");
}

#[tokio::test]
async fn oversize_response_is_refused_before_its_body_arrives() {
    let addr = raw_server(|mut sock| async move {
        let mut s = FrameSplitter::default();
        let req = read_frame(&mut sock, &mut s).await.unwrap();
        let mut h = Header::response(req.header.request_id, Status::Ok, 0);
        h.body_len = 10_000;
        // Only the header: the client must not wait for the body.
        let _ = sock.write_all(&h.encode()).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    })
    .await;
    let opts = ConnectOptions {
        payload_limit: 1024,
        ..ConnectOptions::default()
    };
    let c = Connection::connect(&addr, &opts).await.unwrap();
    let t0 = Instant::now();
    let err = c.call(&whoami(), T).await.unwrap_err();
    assert!(t0.elapsed() < Duration::from_secs(2));
    assert_eq!(err.category(), ErrorCategory::Decode, "{err:?}");
    assert!(err.to_string().contains("payload limit"), "{err}");
    assert!(c.is_closed());
}

#[tokio::test]
async fn request_over_payload_limit_is_not_sent() {
    let p = demo().await;
    let opts = ConnectOptions {
        payload_limit: 64,
        ..ConnectOptions::default()
    };
    let c = Connection::connect(&p.addr(), &opts).await.unwrap();
    let big = Invocation::echo(users(), Value::String("x".repeat(100)), T);
    let err = c.call(&big, T).await.unwrap_err();
    assert!(matches!(err, CallError::RequestTooLarge { .. }), "{err:?}");
    assert!(!c.is_closed());
}

#[tokio::test]
async fn heartbeats_are_sent_when_idle_and_answered_both_ways() {
    let (seen_tx, mut seen_rx) = tokio::sync::mpsc::unbounded_channel::<Frame>();
    let addr = raw_server(move |mut sock| async move {
        let mut s = FrameSplitter::default();
        // The provider pings first (as 2.6 providers do) and expects the reply.
        sock.write_all(&frame::heartbeat_request(777).to_bytes())
            .await
            .unwrap();
        while let Some(f) = read_frame(&mut sock, &mut s).await {
            if f.header.is_request && f.event() == Some(frame::Event::Heartbeat) {
                sock.write_all(&frame::heartbeat_response(f.header.request_id).to_bytes())
                    .await
                    .unwrap();
            }
            let _ = seen_tx.send(f);
        }
    })
    .await;
    let opts = ConnectOptions::default().with_heartbeat(Duration::from_millis(100));
    let c = Connection::connect(&addr, &opts).await.unwrap();
    let first = tokio::time::timeout(T, seen_rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        !first.header.is_request && first.header.event,
        "reply to the provider's heartbeat: {first:?}"
    );
    assert_eq!(first.header.request_id, 777);
    assert_eq!(first.header.status(), Status::Ok);
    let mut ours = 0;
    while ours < 2 {
        let f = tokio::time::timeout(T, seen_rx.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(f.to_bytes()[2], 0xE2, "heartbeat request flag");
        assert_eq!(f.body, [0x4E]);
        ours += 1;
    }
    assert!(
        !c.is_closed(),
        "answered heartbeats keep the connection open"
    );
}

#[tokio::test]
async fn silent_provider_is_dropped_after_idle_timeout() {
    let addr = raw_server(|sock| async move {
        // Accept and say nothing, ever.
        tokio::time::sleep(Duration::from_secs(5)).await;
        drop(sock);
    })
    .await;
    let opts = ConnectOptions::default().with_heartbeat(Duration::from_millis(50));
    let c = Connection::connect(&addr, &opts).await.unwrap();
    let err = c.call(&whoami(), Duration::from_secs(3)).await.unwrap_err();
    assert_eq!(err.category(), ErrorCategory::Unreachable, "{err:?}");
    assert!(err.to_string().contains("no data from provider"), "{err}");
}

#[tokio::test]
async fn readonly_event_stops_new_calls() {
    let p = demo().await;
    let c = connect(&p.addr()).await;
    assert!(c.call(&whoami(), T).await.is_ok());
    p.shutdown().await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(c.is_readonly() || c.is_closed());
    let err = c.call(&whoami(), T).await.unwrap_err();
    assert_eq!(err.category(), ErrorCategory::Unreachable, "{err:?}");
}

#[tokio::test]
async fn pool_connects_once_and_replaces_dead_connections() {
    let p = demo().await;
    let pool = Pool::new(ConnectOptions::default());
    let first = pool.call(&p.addr(), &whoami(), T).await.unwrap();
    assert!(first.timing.connect.is_some());
    let second = pool.call(&p.addr(), &whoami(), T).await.unwrap();
    assert!(
        second.timing.connect.is_none(),
        "second call reuses the connection"
    );
    assert!(second.timing.round_trip > Duration::ZERO);
    assert_eq!(p.connections(), 1);
    let (conn, _) = pool.get(&p.addr()).await.unwrap();
    conn.close();
    let third = pool.call(&p.addr(), &whoami(), T).await.unwrap();
    assert!(
        third.timing.connect.is_some(),
        "a closed connection is replaced"
    );
}

#[tokio::test]
async fn refused_connection_is_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    drop(listener);
    let err = Connection::connect(&addr, &ConnectOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.category(), ErrorCategory::Unreachable);
    let app: svcctl::Error = err.into();
    assert_eq!(app.exit_code(), svcctl::exit::UNREACHABLE);
}

#[tokio::test]
async fn grouped_service_and_null_result() {
    let p = demo().await;
    let c = connect(&p.addr()).await;
    let orders = ServiceRef::new("com.example.OrderService")
        .with_version("2.0.0")
        .with_group("shop");
    let v = c
        .call(&Invocation::direct(orders, "count", "", vec![], T), T)
        .await
        .unwrap()
        .into_value()
        .unwrap();
    assert_eq!(v, Value::Int(6));
    // Null result (unknown user) comes back as type 5 (null + attachments).
    let r = c
        .call(
            &Invocation::direct(users(), "getById", "J", vec![Value::Long(999)], T),
            T,
        )
        .await
        .unwrap();
    assert_eq!(r.result.outcome, Outcome::Null);
    assert_eq!(r.result.response_type(), 5);
}

/// Call deadlines are enforced by the connection's sweeper, which sleeps when the connection
/// has been idle: a call made after it fell asleep must still time out, on time.
#[tokio::test]
async fn timeouts_fire_after_the_connection_was_idle() {
    let addr = raw_server(|mut sock| async move {
        // Read everything, answer nothing.
        let mut buf = [0u8; 4096];
        while sock.read(&mut buf).await.map(|n| n > 0).unwrap_or(false) {}
    })
    .await;
    let conn = connect(&addr).await;
    for pause in [Duration::ZERO, Duration::from_millis(1500)] {
        tokio::time::sleep(pause).await;
        let t0 = Instant::now();
        // Bounded from outside: a sweeper that slept through the call would never fail it.
        let err = tokio::time::timeout(T, conn.call(&whoami(), Duration::from_millis(100)))
            .await
            .expect("the call's own timeout fired")
            .unwrap_err();
        let took = t0.elapsed();
        assert!(matches!(err, CallError::Timeout { .. }), "{err:?}");
        assert!(
            took >= Duration::from_millis(100) && took < Duration::from_millis(600),
            "after a {pause:?} pause the timeout took {took:?}"
        );
        assert_eq!(conn.in_flight(), 0);
    }
}

/// Load mode's checked calls compare a reply with the last one found to be an answer before
/// parsing it; only an identical OK Hessian2 body may skip the parse. A damaged body after a
/// good one, or a good body in another serialization, must still be refused.
#[tokio::test]
async fn checked_calls_parse_every_reply_that_differs() {
    let good = encode_result_frame(0, &RpcResult::value(Value::string("same"))).unwrap();
    let mut damaged = good.body.clone();
    damaged.pop();
    let mut other_serialization = good.header;
    other_serialization.serialization_id = 3;
    let script = vec![
        (good.header, good.body.clone()),
        (good.header, good.body.clone()),
        (good.header, damaged),
        (good.header, good.body.clone()),
        (other_serialization, good.body.clone()),
    ];
    let addr = raw_server(|mut sock| async move {
        let mut s = FrameSplitter::default();
        for (mut header, body) in script {
            let Some(req) = read_frame(&mut sock, &mut s).await else {
                return;
            };
            header.request_id = req.header.request_id;
            let reply = Frame::new(header, body).to_bytes();
            sock.write_all(&reply).await.unwrap();
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await;
    let c = connect(&addr).await;
    let body = svcctl::protocol::conn::encode_body(&whoami()).unwrap();
    let mut verdicts = Vec::new();
    for _ in 0..5 {
        verdicts.push(match c.call_checked(&body, T).await {
            Ok(None) => "answered".to_string(),
            Ok(Some(_)) => "exception".to_string(),
            Err(e) => format!("{:?}", e.category()),
        });
    }
    assert_eq!(
        verdicts,
        ["answered", "answered", "Decode", "answered", "Decode"]
    );
}

/// A connection that coalesces replies (load mode's) raises its receive low-water mark while
/// many fast calls stream, and still delivers a lone reply promptly once the others turn slow:
/// the mark then waits for replies that are not coming, and the sweep that sees none drops it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coalesced_replies_never_hold_a_reply_behind_slow_calls() {
    let p = demo().await;
    let opts = ConnectOptions {
        coalesce_replies: true,
        ..ConnectOptions::default()
    };
    let c = Connection::connect(&p.addr(), &opts).await.unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let highest = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(1));
    let streams: Vec<_> = (0..48)
        .map(|_| {
            let (c, stop, highest) = (c.clone(), stop.clone(), highest.clone());
            tokio::spawn(async move {
                let w = whoami();
                let mut calls = 0u32;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    c.call(&w, T).await.unwrap().into_value().unwrap();
                    highest.fetch_max(c.coalesced_replies(), std::sync::atomic::Ordering::Relaxed);
                    calls += 1;
                }
                calls
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let slow_calls: Vec<_> = (0..16)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { c.call(&slow(3000), T).await.map(|_| Instant::now()) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut streamed = 0;
    for s in streams {
        streamed += s.await.unwrap();
    }
    let raised = highest.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        raised > 1,
        "48 streams of fast calls ({streamed} calls) never raised the mark"
    );
    assert_eq!(
        c.in_flight(),
        16,
        "only the slow calls are left (the streams' last calls must not wait for them)"
    );
    let t0 = Instant::now();
    let lone = c.call(&whoami(), T).await.unwrap();
    let waited = t0.elapsed();
    assert!(lone.into_value().is_ok());
    assert!(
        waited < Duration::from_millis(1000),
        "a lone reply waited {waited:?} behind 16 calls of 3 s (mark was up to {raised} replies)"
    );
    for s in slow_calls {
        let done = s.await.unwrap().unwrap();
        assert!(
            done > t0 + waited,
            "the slow calls answer after the lone one"
        );
    }
    assert_eq!(
        c.coalesced_replies(),
        1,
        "nothing in flight: the mark is off"
    );
}
