//! Fills a ZooKeeper with a registry described in the fixture format (see fixtures/README.md):
//!
//! ```text
//! ephemeral  <decoded URL>          provider/consumer registered by a live session
//! persistent <decoded URL>          static registration or admin rule
//! raw-persistent <dir> <node name>  a node name exactly as given (hostile data); `\u{XXXX}`
//!                                   stands for that character
//! data <path> <file>                node with the file's bytes (metadata reports)
//! ephemeral-data <path> <file>      the same, owned by the session (Dubbo 3 instances)
//! ```
//! In paths, `$ROOT` is the registry root and `$SERVICES` where Dubbo 3 application instances
//! live for that root (`/services` for `/dubbo`).
//! The URL's category (`providers` unless `category=` or the protocol says otherwise) decides
//! the directory, as Dubbo does.
#![allow(dead_code)]

use zookeeper_client as zk;

#[derive(Debug, Clone)]
pub enum Entry {
    Url {
        ephemeral: bool,
        url: String,
    },
    Raw {
        dir: String,
        name: String,
    },
    Data {
        path: String,
        file: String,
        ephemeral: bool,
    },
}

pub fn parse(text: &str) -> Vec<Entry> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (kind, rest) = l
                .split_once(char::is_whitespace)
                .expect("fixture line needs a kind");
            let rest = rest.trim();
            match kind {
                "ephemeral" | "persistent" => Entry::Url {
                    ephemeral: kind == "ephemeral",
                    url: rest.to_string(),
                },
                "raw-persistent" => {
                    let (dir, name) = rest
                        .split_once(char::is_whitespace)
                        .expect("raw-persistent DIR NAME");
                    Entry::Raw {
                        dir: dir.to_string(),
                        name: unescape(name.trim()),
                    }
                }
                "data" | "ephemeral-data" => {
                    let (path, file) = rest
                        .split_once(char::is_whitespace)
                        .expect("data PATH FILE");
                    Entry::Data {
                        path: path.to_string(),
                        file: file.trim().to_string(),
                        ephemeral: kind == "ephemeral-data",
                    }
                }
                other => panic!("unknown fixture kind {other:?}"),
            }
        })
        .collect()
}

/// Replaces `\u{XXXX}` with the character, so fixtures can name invisible characters visibly.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\\u{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let end = after.find('}').expect("unterminated \\u{ in fixture");
        let code = u32::from_str_radix(&after[..end], 16).expect("hex in \\u{}");
        out.push(char::from_u32(code).expect("a Unicode scalar value"));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A fixture path with `$ROOT` and `$SERVICES` filled in for `root`.
pub fn expand(path: &str, root: &str) -> String {
    path.replace(
        "$SERVICES",
        &svcctl::registry::instance::services_root(root),
    )
    .replace("$ROOT", root)
}

/// Java's `URLEncoder.encode`, as the registry writes node names.
pub use svcctl::registry::url::form_encode;

/// `<root>/<interface>/<category>` for a decoded URL.
pub fn dir_for(root: &str, url: &str) -> String {
    let (proto, rest) = url.split_once("://").unwrap();
    let path = rest.split_once('/').map(|(_, p)| p).unwrap_or("");
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let param = |k: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(str::to_string))
    };
    let iface = param("interface").unwrap_or_else(|| path.to_string());
    let category = param("category").unwrap_or_else(|| {
        match proto {
            "consumer" => "consumers",
            "override" => "configurators",
            "route" | "condition" => "routers",
            _ => "providers",
        }
        .to_string()
    });
    format!("{root}/{iface}/{category}")
}

/// Runs `op` again while it fails for want of a connection, up to 10 s. A server that stalls
/// past the client's connection timeout (1.6 s with the 200 ms tick of tests/support/ensemble.rs,
/// seen with three ZooKeeper JVMs on a loaded 2-core machine) fails the request in flight with
/// no answer either way; the session lives on, and ZooKeeper's advice is to retry. Callers
/// accept the result a retried request can find (NodeExists after a create, NoNode after a
/// delete).
pub async fn retrying<T, F, Fut>(op: F) -> Result<T, zk::Error>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, zk::Error>>,
{
    let t0 = std::time::Instant::now();
    loop {
        match op().await {
            Err(zk::Error::ConnectionLoss | zk::Error::Custom(_))
                if t0.elapsed() < std::time::Duration::from_secs(10) =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            r => return r,
        }
    }
}

pub async fn ensure_path(client: &zk::Client, path: &str) {
    let mut cur = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        cur.push('/');
        cur.push_str(part);
        let opts = zk::CreateMode::Persistent.with_acls(zk::Acls::anyone_all());
        match retrying(|| client.create(&cur, b"", &opts)).await {
            Ok(_) | Err(zk::Error::NodeExists) => {}
            Err(e) => panic!("create {cur}: {e}"),
        }
    }
}

pub async fn create(client: &zk::Client, path: &str, data: &[u8], ephemeral: bool) {
    let parent = &path[..path.rfind('/').unwrap()];
    ensure_path(client, parent).await;
    let mode = if ephemeral {
        zk::CreateMode::Ephemeral
    } else {
        zk::CreateMode::Persistent
    };
    let opts = mode.with_acls(zk::Acls::anyone_all());
    match retrying(|| client.create(path, data, &opts)).await {
        Ok(_) | Err(zk::Error::NodeExists) => {}
        Err(e) => panic!("create {path}: {e}"),
    }
}

/// Seeds `entries` under `root`. Ephemeral nodes belong to `client`'s session: keep it alive as
/// long as they should exist.
pub async fn seed(client: &zk::Client, root: &str, entries: &[Entry], base_dir: &std::path::Path) {
    ensure_path(client, root).await;
    for e in entries {
        match e {
            Entry::Url { ephemeral, url } => {
                let dir = dir_for(root, url);
                create(
                    client,
                    &format!("{dir}/{}", form_encode(url)),
                    b"",
                    *ephemeral,
                )
                .await;
                // Java providers create the configurators directory next to providers.
                if dir.ends_with("/providers") {
                    ensure_path(client, &dir.replace("/providers", "/configurators")).await;
                }
            }
            Entry::Raw { dir, name } => {
                create(client, &format!("{root}/{dir}/{name}"), b"", false).await
            }
            Entry::Data {
                path,
                file,
                ephemeral,
            } => {
                let data = std::fs::read(base_dir.join(file))
                    .unwrap_or_else(|e| panic!("read {file}: {e}"));
                create(client, &expand(path, root), &data, *ephemeral).await
            }
        }
    }
}
