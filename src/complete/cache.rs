//! A small on-disk cache of what completion read from the registry, so pressing TAB again
//! within a few seconds costs no round trip, and a registry that is down still completes from
//! the last list that was read.
//!
//! One JSON file per (registry, what) in `$XDG_CACHE_HOME/svcctl/complete` (else
//! `~/.cache/svcctl/complete`). Best effort throughout: a cache that cannot be read or written
//! just means asking the registry.

use std::path::PathBuf;
use std::time::Duration;

use md5::{Digest, Md5};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::config::RegistryTarget;

#[derive(Serialize, Deserialize)]
struct Entry<T> {
    written_ms: i64,
    value: T,
}

pub struct Cache {
    dir: Option<PathBuf>,
    ttl: Duration,
}

/// A cached value and whether it is younger than the TTL.
pub struct Cached<T> {
    pub value: T,
    pub fresh: bool,
}

impl Cache {
    pub fn new(ttl: Duration) -> Cache {
        Cache {
            dir: default_dir(),
            ttl,
        }
    }

    pub fn at(dir: PathBuf, ttl: Duration) -> Cache {
        Cache {
            dir: Some(dir),
            ttl,
        }
    }

    fn path(&self, target: &RegistryTarget, what: &str) -> Option<PathBuf> {
        // The registry's identity: hosts, chroot, root, and who is asking (digest), hashed so
        // no credential lands in a file name.
        let mut h = Md5::new();
        for part in [
            target.connect_string().as_str(),
            target.root.as_str(),
            target.digest.as_deref().unwrap_or(""),
            what,
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Some(self.dir.as_ref()?.join(format!("{hex}.json")))
    }

    pub fn get<T: DeserializeOwned>(
        &self,
        target: &RegistryTarget,
        what: &str,
        now_ms: i64,
    ) -> Option<Cached<T>> {
        let text = std::fs::read(self.path(target, what)?).ok()?;
        let e: Entry<T> = serde_json::from_slice(&text).ok()?;
        let age = now_ms.saturating_sub(e.written_ms);
        Some(Cached {
            value: e.value,
            fresh: (0..self.ttl.as_millis() as i64).contains(&age),
        })
    }

    pub fn put<T: Serialize>(&self, target: &RegistryTarget, what: &str, value: &T, now_ms: i64) {
        let Some(path) = self.path(target, what) else {
            return;
        };
        let Ok(text) = serde_json::to_vec(&Entry {
            written_ms: now_ms,
            value,
        }) else {
            return;
        };
        if let Some(dir) = path.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                return;
            }
        }
        // Write-then-rename: a TAB pressed meanwhile never reads half a file.
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

fn default_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("svcctl").join("complete"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(root: &str) -> RegistryTarget {
        crate::config::resolve(&crate::config::Selection {
            registry: Some("zookeeper://127.0.0.1:2181".into()),
            context: None,
            root: Some(root.into()),
            config_path: Some("/nonexistent/svcctl.toml".into()),
            connect_timeout: None,
            read_only: false,
            tls: Default::default(),
        })
        .unwrap()
    }

    #[test]
    fn fresh_then_stale_and_per_registry() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::at(dir.path().join("c"), Duration::from_secs(5));
        let t = target("/dubbo");
        assert!(c.get::<Vec<String>>(&t, "services", 1000).is_none());
        c.put(&t, "services", &vec!["a".to_string()], 1000);
        let hit = c.get::<Vec<String>>(&t, "services", 3000).unwrap();
        assert!(hit.fresh);
        assert_eq!(hit.value, vec!["a"]);
        let old = c.get::<Vec<String>>(&t, "services", 7000).unwrap();
        assert!(!old.fresh, "older than the TTL is stale, still usable");
        assert!(c
            .get::<Vec<String>>(&target("/other"), "services", 1000)
            .is_none());
        assert!(c.get::<Vec<String>>(&t, "providers", 1000).is_none());
        // A clock that went backwards does not make an entry fresh forever.
        assert!(!c.get::<Vec<String>>(&t, "services", 0).unwrap().fresh);
    }
}
