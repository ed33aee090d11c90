//! The demo provider's QoS port (tokio I/O): a minimal HTTP/1.1 server, one request per
//! connection, enough for `GET /metrics` the way Dubbo 3's QoS serves it over HTTP.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpReply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
}

impl HttpReply {
    pub fn text(status: u16, body: &str) -> HttpReply {
        HttpReply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.to_string(),
        }
    }
}

/// Request path (with query) → answer.
pub type Handler = Arc<dyn Fn(&str) -> HttpReply + Send + Sync>;

/// Largest request head read; QoS requests are a line and a few headers.
const MAX_HEAD: usize = 16 * 1024;

/// What Dubbo 2.7's QoS writes, before reading anything, to a caller it does not accept
/// (`acceptForeignIp=false`), then closes.
pub const FOREIGN_IP_REFUSAL: &str = "\r\nForeign Ip Not Permitted.\r\n";

/// Serves `listener` until `stop`. With `refuse_on_connect`, every connection gets that text
/// and is closed, as 2.7's QoS treats untrusted callers.
pub async fn serve(
    listener: TcpListener,
    handler: Handler,
    refuse_on_connect: Option<&'static str>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            a = listener.accept() => a,
        };
        match accepted {
            Ok((mut stream, _)) => {
                if let Some(text) = refuse_on_connect {
                    tokio::spawn(async move {
                        let _ = stream.write_all(text.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    });
                    continue;
                }
                let handler = handler.clone();
                tokio::spawn(async move {
                    // A client that never finishes its request costs one task for 10 s.
                    let _ =
                        tokio::time::timeout(Duration::from_secs(10), serve_one(stream, handler))
                            .await;
                });
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

async fn serve_one(mut stream: TcpStream, handler: Handler) {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            let _ = respond(
                &mut stream,
                &HttpReply::text(431, "Request Header Fields Too Large"),
            )
            .await;
            return;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut parts = text.lines().next().unwrap_or("").split(' ');
    let reply = match (parts.next(), parts.next()) {
        (Some("GET"), Some(path)) => handler(path),
        (Some(_), Some(_)) => HttpReply::text(405, "Method Not Allowed"),
        _ => HttpReply::text(400, "Bad Request"),
    };
    let _ = respond(&mut stream, &reply).await;
}

async fn respond(stream: &mut TcpStream, reply: &HttpReply) -> std::io::Result<()> {
    let reason = match reply.status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(reply.body.as_bytes()).await?;
    stream.shutdown().await
}
