//! A Debian ZooKeeper with a TLS port (`secureClientPort`, Netty connection factory) next to its
//! plain one, and a throwaway PKI made for it by scripts/tls-certs.sh with openssl.

use std::path::PathBuf;

use super::{free_port, project_dir, ZkServer};

/// The files scripts/tls-certs.sh makes (ca.pem, other-ca.pem/.key, server.pem/.key,
/// client.pem/.key), in a directory that lives as long as this value.
pub struct Pki {
    pub dir: tempfile::TempDir,
}

impl Pki {
    pub fn new() -> Pki {
        assert!(
            std::process::Command::new("openssl")
                .arg("version")
                .output()
                .is_ok_and(|o| o.status.success()),
            "the TLS tests need openssl: run scripts/install-deps.sh zookeeper (or apt-get install openssl)"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let out = std::process::Command::new("bash")
            .arg(project_dir().join("scripts/tls-certs.sh"))
            .arg(dir.path())
            .output()
            .expect("run scripts/tls-certs.sh");
        assert!(
            out.status.success(),
            "scripts/tls-certs.sh failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Pki { dir }
    }

    pub fn file(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A server with both ports: `server.port` plaintext, `secure_port` TLS.
pub struct TlsZk {
    pub server: ZkServer,
    pub secure_port: u16,
}

impl TlsZk {
    /// `client_auth` is ZooKeeper's `ssl.clientAuth`: `none`, `want` or `need`.
    pub fn start(pki: &Pki, client_auth: &str) -> TlsZk {
        assert!(
            std::path::Path::new("/usr/share/java/netty-codec.jar").exists(),
            "ZooKeeper's TLS port needs Netty: run scripts/install-deps.sh zookeeper (or apt-get install libnetty-java)"
        );
        let secure_port = free_port();
        let server = ZkServer::start_env(
            None,
            vec![
                ("ZK_SECURE_PORT".into(), secure_port.to_string()),
                ("ZK_TLS_DIR".into(), pki.dir.path().display().to_string()),
                ("ZK_CLIENT_AUTH".into(), client_auth.into()),
            ],
        );
        TlsZk {
            server,
            secure_port,
        }
    }

    pub fn tls_address(&self) -> String {
        format!("zookeeper+tls://127.0.0.1:{}", self.secure_port)
    }
}
