//! TLS to ZooKeeper: the client's trust and identity from PEM files, and, when no session could
//! be had, why. The client library reports only that no member gave a session (a TLS failure
//! is a lost connection to it), so after a failed connect svcctl repeats the handshake itself,
//! once per member, to tell an untrusted certificate, a missing client certificate or a
//! plain-vs-TLS port mismatch from an outage.

use std::io::Read;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{AlertDescription, CertificateError, ClientConfig, DigitallySignedStruct};
use rustls::{RootCertStore, SignatureScheme};
use zookeeper_client as zk;

use crate::config::{RegistryTarget, TlsSettings};
use crate::error::{Error, Result};

/// Where the CA bundle of the common distributions is, for TLS without `--tls-ca`.
const SYSTEM_BUNDLES: [&str; 3] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
];

/// The TLS material, read and checked: the options for the client, and the same trust and
/// identity for svcctl's own diagnostic handshake.
pub struct Tls {
    pub options: zk::TlsOptions,
    probe: Arc<ClientConfig>,
    /// Where the trusted CAs come from, for messages.
    ca: String,
    /// The client certificate file, if one is sent.
    cert: Option<String>,
}

fn read(path: &Path, what: &str, flag: &str) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::usage(format!(
            "cannot read the TLS {what} file {}: {e}",
            path.display()
        ))
        .with_hint(if e.kind() == std::io::ErrorKind::InvalidData {
            format!("{flag} names a PEM file (-----BEGIN ...-----); convert DER with `openssl x509 -inform der`")
        } else {
            format!("{flag} names a PEM file; check the path and that svcctl may read it")
        })
    })
}

fn certificates(
    text: &str,
    path: &str,
    what: &str,
    flag: &str,
) -> Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_slice_iter(text.as_bytes())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| {
            Error::usage(format!("the TLS {what} file {path} is not valid PEM: {e}"))
                .with_hint(format!("{flag} names a PEM file of X.509 certificates"))
        })?;
    if certs.is_empty() {
        return Err(Error::usage(format!(
            "the TLS {what} file {path} holds no certificate (-----BEGIN CERTIFICATE-----)"
        ))
        .with_hint(format!("{flag} names a PEM file of X.509 certificates")));
    }
    Ok(certs)
}

/// Reads and checks the files of `settings`: a file that is missing, not PEM, or a key that
/// does not belong to its certificate is a usage error naming the file, before any connection.
pub fn load(settings: &TlsSettings) -> Result<Tls> {
    let (ca_text, ca) = match &settings.ca {
        Some(p) => (read(p, "CA", "--tls-ca")?, p.display().to_string()),
        None => {
            let Some(bundle) = SYSTEM_BUNDLES.iter().find(|b| Path::new(b).exists()) else {
                return Err(Error::usage(
                    "TLS needs the CA of the ZooKeeper servers' certificates, and this system has no CA bundle",
                )
                .with_hint("name the CA's PEM file with --tls-ca FILE (or tls_ca in the context)"));
            };
            let p = Path::new(bundle);
            (read(p, "CA", "--tls-ca")?, format!("the system's {bundle}"))
        }
    };
    let mut roots = RootCertStore::empty();
    let (added, _) =
        roots.add_parsable_certificates(certificates(&ca_text, &ca, "CA", "--tls-ca")?);
    if added == 0 {
        return Err(Error::usage(format!(
            "the TLS CA file {ca} holds no usable CA certificate"
        ))
        .with_hint(
            "--tls-ca names the PEM file of the CA that signed the ZooKeeper servers' certificates",
        ));
    }
    let builder = ClientConfig::builder().with_root_certificates(roots);
    let mut options = zk::TlsOptions::new()
        .with_pem_ca(&ca_text)
        .map_err(|e| Error::usage(format!("the TLS CA file {ca} was refused: {e}")))?;
    let (probe, cert) = match (&settings.cert, &settings.key) {
        (Some(cert_path), Some(key_path)) => {
            let cert_text = read(cert_path, "client certificate", "--tls-cert")?;
            let key_text = read(key_path, "client key", "--tls-key")?;
            let cert = cert_path.display().to_string();
            let key = key_path.display().to_string();
            let chain = certificates(&cert_text, &cert, "client certificate", "--tls-cert")?;
            let pk = PrivateKeyDer::from_pem_slice(key_text.as_bytes()).map_err(|e| {
                Error::usage(format!("the TLS client key file {key} holds no usable private key ({e})"))
                    .with_hint("--tls-key names the PEM private key (-----BEGIN PRIVATE KEY-----) of --tls-cert")
            })?;
            let config = builder.with_client_auth_cert(chain, pk).map_err(|e| {
                Error::usage(format!(
                    "the TLS client key {key} does not go with the certificate {cert} ({e})"
                ))
                .with_hint("--tls-key must be the private key of the certificate in --tls-cert")
            })?;
            options = options
                .with_pem_identity(&cert_text, &key_text)
                .map_err(|e| {
                    Error::usage(format!(
                        "the TLS client certificate {cert} was refused: {e}"
                    ))
                })?;
            (config, Some(cert))
        }
        _ => (builder.with_no_client_auth(), None),
    };
    Ok(Tls {
        options,
        probe: Arc::new(probe),
        ca,
        cert,
    })
}

/// Why one diagnostic handshake ended, as far as it got.
#[derive(Debug)]
pub enum Probe {
    /// The handshake completed, and the server waited for the session request.
    Fine,
    /// No TCP connection, or no usable address: the client's own message says enough.
    Unreached,
    /// No answer within the budget (a hung server, not a TLS matter).
    Silent,
    /// The peer closed the connection, during the handshake or right after it.
    Closed {
        handshaking: bool,
    },
    /// TLS refused by either side.
    Tls(rustls::Error),
    Other(String),
}

/// What a failed connect was, when a diagnostic handshake can say.
#[derive(Debug, PartialEq)]
pub enum Finding {
    /// Plaintext to a port that speaks TLS.
    TlsPort,
    /// TLS to a port that closes on a ClientHello: a plaintext ZooKeeper port.
    PlainPort,
    /// The server's certificate is not signed by a trusted CA (or expired, revoked...).
    Untrusted(String),
    /// The server's certificate does not name the host it was reached by.
    WrongName,
    /// The server ended the handshake for want of a client certificate.
    ClientCertRequired(String),
    /// The server refused the client certificate sent.
    ClientCertRefused(String),
    /// The handshake completed, then the server hung up without a word.
    ClosedAfterHandshake,
    Failed(String),
}

/// The marker the plaintext probe's verifier fails with: the peer sent a certificate.
const SPEAKS_TLS: &str = "svcctl probe: the server sent a TLS certificate";

/// Reads the probe's outcome. `tls` says whether svcctl connected with TLS.
pub fn classify(tls: bool, sent_cert: bool, probe: &Probe) -> Option<Finding> {
    if !tls {
        // The plaintext session failed; a server that answers a ClientHello is a TLS port.
        return match probe {
            Probe::Tls(rustls::Error::General(m)) if m == SPEAKS_TLS => Some(Finding::TlsPort),
            Probe::Tls(rustls::Error::AlertReceived(_)) => Some(Finding::TlsPort),
            _ => None,
        };
    }
    match probe {
        Probe::Fine | Probe::Unreached | Probe::Silent => None,
        Probe::Closed { handshaking: true } => Some(Finding::PlainPort),
        Probe::Closed { handshaking: false } => Some(Finding::ClosedAfterHandshake),
        Probe::Tls(rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        )) => Some(Finding::WrongName),
        Probe::Tls(e @ rustls::Error::InvalidCertificate(_)) => {
            Some(Finding::Untrusted(e.to_string()))
        }
        Probe::Tls(rustls::Error::AlertReceived(a)) if refuses_client(*a) => Some(if sent_cert {
            Finding::ClientCertRefused(format!("{a:?}"))
        } else {
            Finding::ClientCertRequired(format!("{a:?}"))
        }),
        Probe::Tls(rustls::Error::InvalidMessage(_)) => Some(Finding::PlainPort),
        Probe::Tls(e) => Some(Finding::Failed(e.to_string())),
        Probe::Other(e) => Some(Finding::Failed(e.clone())),
    }
}

/// Alerts a server sends when it will not have the client's certificate (or its absence).
fn refuses_client(a: AlertDescription) -> bool {
    matches!(
        a,
        AlertDescription::CertificateRequired
            | AlertDescription::BadCertificate
            | AlertDescription::UnsupportedCertificate
            | AlertDescription::CertificateRevoked
            | AlertDescription::CertificateExpired
            | AlertDescription::CertificateUnknown
            | AlertDescription::UnknownCA
            | AlertDescription::AccessDenied
            | AlertDescription::HandshakeFailure
    )
}

/// The error for a finding at member `addr` (`host:port`).
pub fn finding_error(f: &Finding, addr: &str, target: &RegistryTarget, tls: Option<&Tls>) -> Error {
    let reg = target.display();
    let ca = tls.map_or("", |t| t.ca.as_str());
    let (detail, hint) = match f {
        Finding::TlsPort => (
            format!("{addr} speaks TLS (a secureClientPort) and this connection is plaintext"),
            format!("use zookeeper+tls://{addr} with --tls-ca FILE (the CA of the server's certificate), or the server's plaintext clientPort"),
        ),
        Finding::PlainPort => (
            format!("{addr} closed the connection during the TLS handshake: it looks like a plaintext ZooKeeper port"),
            format!("use zookeeper://{addr} without TLS, or the server's TLS port (secureClientPort)"),
        ),
        Finding::Untrusted(why) => (
            format!("the TLS certificate of {addr} is not trusted ({why})"),
            format!("--tls-ca (or tls_ca in the context) must name the CA that signed the server's certificate; trusted now: {ca}"),
        ),
        Finding::WrongName => (
            format!("the TLS certificate of {addr} is not valid for that name"),
            "connect by a host name or IP address the certificate lists (its subjectAltName)".to_string(),
        ),
        Finding::ClientCertRequired(alert) => (
            format!("{addr} requires a TLS client certificate (the handshake ended with {alert})"),
            "give one with --tls-cert FILE --tls-key FILE (or tls_cert / tls_key in the context)".to_string(),
        ),
        Finding::ClientCertRefused(alert) => (
            format!(
                "{addr} refused the TLS client certificate {} ({alert})",
                tls.and_then(|t| t.cert.as_deref()).unwrap_or("sent")
            ),
            "the client certificate must be signed by a CA in the server's ssl.trustStore".to_string(),
        ),
        Finding::ClosedAfterHandshake => (
            format!("{addr} closed the TLS connection right after the handshake"),
            "the server may require a client certificate (--tls-cert/--tls-key) or refuse the one sent; see its log".to_string(),
        ),
        Finding::Failed(why) => (
            format!("the TLS handshake with {addr} failed: {why}"),
            "check --tls-ca/--tls-cert/--tls-key and the server's ssl.* settings".to_string(),
        ),
    };
    Error::registry(format!("cannot connect to ZooKeeper at {reg}: {detail}")).with_hint(hint)
}

/// A verifier that fails as soon as the server shows a certificate: the plaintext probe only
/// asks whether the port speaks TLS.
#[derive(Debug)]
struct SpeaksTls(Vec<SignatureScheme>);

impl ServerCertVerifier for SpeaksTls {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Err(rustls::Error::General(SPEAKS_TLS.into()))
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General(SPEAKS_TLS.into()))
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General(SPEAKS_TLS.into()))
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.clone()
    }
}

fn speaks_tls_config() -> Arc<ClientConfig> {
    let builder = ClientConfig::builder();
    let schemes = builder
        .crypto_provider()
        .signature_verification_algorithms
        .supported_schemes();
    Arc::new(
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(SpeaksTls(schemes)))
            .with_no_client_auth(),
    )
}

fn probe_error(e: std::io::Error, handshaking: bool) -> Probe {
    use std::io::ErrorKind as K;
    if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        return Probe::Tls(tls.clone());
    }
    match e.kind() {
        K::UnexpectedEof | K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
            Probe::Closed { handshaking }
        }
        K::WouldBlock | K::TimedOut => Probe::Silent,
        _ => Probe::Other(e.to_string()),
    }
}

/// One TLS handshake with `addr` (`host:port`) within `budget`, then a short wait for an alert
/// (TLS 1.3 servers refuse a client certificate after the handshake).
fn handshake(addr: &str, config: Arc<ClientConfig>, budget: Duration) -> Probe {
    let Some((host, _)) = addr.rsplit_once(':') else {
        return Probe::Unreached;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let (Ok(name), Some(sa)) = (
        ServerName::try_from(host.to_string()),
        addr.to_socket_addrs().ok().and_then(|mut a| a.next()),
    ) else {
        return Probe::Unreached;
    };
    let Ok(mut sock) = TcpStream::connect_timeout(&sa, budget) else {
        return Probe::Unreached;
    };
    let _ = sock.set_read_timeout(Some(budget));
    let _ = sock.set_write_timeout(Some(budget));
    let mut conn = match rustls::ClientConnection::new(config, name) {
        Ok(c) => c,
        Err(e) => return Probe::Other(e.to_string()),
    };
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut sock) {
            return probe_error(e, true);
        }
    }
    let _ = sock.set_read_timeout(Some(budget.min(Duration::from_millis(500))));
    match rustls::Stream::new(&mut conn, &mut sock).read(&mut [0u8; 1]) {
        Ok(0) => Probe::Closed { handshaking: false },
        Ok(_) => Probe::Fine,
        Err(e) => match probe_error(e, false) {
            Probe::Silent => Probe::Fine,
            other => other,
        },
    }
}

/// After a connect that failed before its deadline: the handshake of each member in turn, until
/// one says what is wrong or `until` passes. `None`: nothing TLS-specific to say.
pub async fn diagnose(
    target: &RegistryTarget,
    tls: Option<&Tls>,
    per_member: Duration,
    until: Instant,
) -> Option<Error> {
    let members: Vec<String> = target
        .hosts
        .split(',')
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .collect();
    let config = tls.map_or_else(speaks_tls_config, |t| t.probe.clone());
    let (on, sent_cert) = (tls.is_some(), tls.is_some_and(|t| t.cert.is_some()));
    let found = tokio::task::spawn_blocking(move || {
        for m in members {
            let left = until.saturating_duration_since(Instant::now());
            if left < Duration::from_millis(50) {
                break;
            }
            let probe = handshake(&m, config.clone(), left.min(per_member));
            if let Some(f) = classify(on, sent_cert, &probe) {
                return Some((m, f));
            }
        }
        None
    })
    .await
    .ok()
    .flatten()?;
    Some(finding_error(&found.1, &found.0, target, tls))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plaintext_failure_is_blamed_on_tls_only_when_the_port_speaks_it() {
        let seen = Probe::Tls(rustls::Error::General(SPEAKS_TLS.into()));
        assert_eq!(classify(false, false, &seen), Some(Finding::TlsPort));
        let alert = Probe::Tls(rustls::Error::AlertReceived(
            AlertDescription::HandshakeFailure,
        ));
        assert_eq!(classify(false, false, &alert), Some(Finding::TlsPort));
        for p in [
            Probe::Closed { handshaking: true },
            Probe::Silent,
            Probe::Unreached,
            Probe::Tls(rustls::Error::General("other".into())),
        ] {
            assert_eq!(classify(false, false, &p), None, "{p:?}");
        }
    }

    #[test]
    fn tls_failures_are_named() {
        use rustls::Error as E;
        let c = |sent, p| classify(true, sent, &p);
        assert_eq!(c(false, Probe::Fine), None);
        assert_eq!(c(false, Probe::Silent), None);
        assert_eq!(c(false, Probe::Unreached), None);
        assert_eq!(
            c(false, Probe::Closed { handshaking: true }),
            Some(Finding::PlainPort)
        );
        assert_eq!(
            c(
                false,
                Probe::Tls(E::InvalidMessage(
                    rustls::InvalidMessage::InvalidContentType
                ))
            ),
            Some(Finding::PlainPort)
        );
        assert_eq!(
            c(false, Probe::Closed { handshaking: false }),
            Some(Finding::ClosedAfterHandshake)
        );
        assert!(matches!(
            c(false, Probe::Tls(E::InvalidCertificate(CertificateError::UnknownIssuer))),
            Some(Finding::Untrusted(why)) if why.contains("UnknownIssuer")
        ));
        assert_eq!(
            c(
                false,
                Probe::Tls(E::InvalidCertificate(CertificateError::NotValidForName))
            ),
            Some(Finding::WrongName)
        );
        let alert = || Probe::Tls(E::AlertReceived(AlertDescription::BadCertificate));
        assert!(matches!(
            c(false, alert()),
            Some(Finding::ClientCertRequired(_))
        ));
        assert!(matches!(
            c(true, alert()),
            Some(Finding::ClientCertRefused(_))
        ));
        assert!(matches!(
            c(
                false,
                Probe::Tls(E::AlertReceived(AlertDescription::ProtocolVersion))
            ),
            Some(Finding::Failed(_))
        ));
    }

    #[test]
    fn bad_files_are_usage_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.pem");
        let junk = dir.path().join("junk.pem");
        std::fs::write(&junk, "not a certificate\n").unwrap();
        let settings = |ca: &Path| TlsSettings {
            ca: Some(ca.to_path_buf()),
            ..Default::default()
        };
        for (path, says) in [(&missing, "cannot read"), (&junk, "holds no certificate")] {
            let e = load(&settings(path)).err().expect("an error");
            assert_eq!(e.exit_code(), crate::exit::USAGE);
            assert!(
                e.message().contains(says) && e.message().contains(&path.display().to_string()),
                "{e:?}"
            );
        }
    }
}
