#!/usr/bin/env bash
# Makes a throwaway PKI for the TLS tests with openssl: a CA, a server certificate for 127.0.0.1
# and localhost, a client certificate, and a second, unrelated CA (with its own self-signed
# certificate and key) for the "wrong CA" cases. usage: scripts/tls-certs.sh DIR
# DIR gets ca.pem, other-ca.pem/.key, server.pem/.key, server-keystore.pem (key then
# certificate, the PEM keystore ZooKeeper reads), client.pem/.key, and other-server.pem/.key and
# other-server-keystore.pem: a server certificate like server.pem but signed by the other CA.
set -euo pipefail
DIR=${1:?dir}
mkdir -p "$DIR"; cd "$DIR"
ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 2 \
    -subj "/CN=svcctl test $1" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}
# leaf NAME SUBJECT_ALT_NAMES EXTENDED_KEY_USAGE [SIGNING_CA]
leaf() {
  local signer=${4:-ca}
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=%s\nbasicConstraints=CA:FALSE\n' "$2" "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$signer.pem" -CAkey "$signer.key" -CAcreateserial -out "$1.pem" -days 2 \
    -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
ca ca
ca other-ca
leaf server "IP:127.0.0.1,DNS:localhost" serverAuth
leaf client "DNS:svcctl-test-client" clientAuth
leaf other-server "IP:127.0.0.1,DNS:localhost" serverAuth other-ca
cat server.key server.pem > server-keystore.pem
cat other-server.key other-server.pem > other-server-keystore.pem
