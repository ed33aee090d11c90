#!/usr/bin/env bash
# Installs what svcctl's demo and tests need, only when missing. Parts: zookeeper, hessian, node, tmux,
# triple (dubbo-python in .peers/venv and the dubbo-js Triple packages).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
apt_pkgs=()
# dubbo-python needs Python 3.11 or newer.
python_for_triple() {
  for p in python3.13 python3.12 python3.11 python3; do
    if command -v $p >/dev/null && $p -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v $p; return 0
    fi
  done
  return 1
}
for part in "$@"; do
  case "$part" in
    zookeeper) [ -f /usr/share/java/zookeeper.jar ] || apt_pkgs+=(zookeeper)
               # The TLS tests: ZooKeeper's Netty connection factory, and openssl for a throwaway CA.
               [ -f /usr/share/java/netty-codec.jar ] || apt_pkgs+=(libnetty-java)
               command -v openssl >/dev/null || apt_pkgs+=(openssl)
               # An independent YAML reader for the config-center documents svcctl writes.
               python3 -c 'import yaml' 2>/dev/null || apt_pkgs+=(python3 python3-yaml) ;;
    hessian) [ -f /usr/share/java/hessian.jar ] || apt_pkgs+=(libhessian-java)
             # The invoke bench's Dubbo-shaped Java consumer runs on Netty, as Dubbo 2.7 does.
             [ -f /usr/share/java/netty-codec.jar ] || apt_pkgs+=(libnetty-java)
             command -v javac >/dev/null || apt_pkgs+=(default-jdk-headless) ;;
    tmux) command -v tmux >/dev/null || apt_pkgs+=(tmux) ;;
    node) command -v npm >/dev/null || apt_pkgs+=(nodejs npm)
          for t in g++ make python3; do command -v $t >/dev/null || apt_pkgs+=("$t"); done ;;
    triple) command -v npm >/dev/null || apt_pkgs+=(nodejs npm)
            python_for_triple >/dev/null || apt_pkgs+=(python3 python3-venv) ;;
  esac
done
command -v java >/dev/null || apt_pkgs+=(default-jre-headless)
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  echo "installing: ${apt_pkgs[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
fi
if ! command -v cargo >/dev/null; then
  echo "installing the Rust toolchain (rustup)" >&2
  curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy --component rustfmt
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
# The test command runs `cargo fmt --check` and clippy.
if command -v rustup >/dev/null && ! { cargo fmt --version && cargo clippy --version; } >/dev/null 2>&1; then
  rustup component add clippy rustfmt
fi
for part in "$@"; do
  js=tests/interop/js
  # Reinstall when the lock file changed since the last install (a stamp records which one).
  if [ "$part" = node ] && [ -f $js/package-lock.json ] && ! cmp -s $js/package-lock.json $js/node_modules/.svcctl-installed-lock; then
    # The native ZooKeeper client of the dubbo-js packages builds against the system Node headers.
    (cd $js && npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.svcctl-installed-lock)
  fi
done
for part in "$@"; do
  [ "$part" = triple ] || continue
  # dubbo-python, in a venv of its own (a project-local, ignored directory).
  want='apache-dubbo[zookeeper]==3.0.0b1'
  venv=.peers/venv
  if ! [ -x $venv/bin/python ] || [ "$(cat $venv/.svcctl-installed 2>/dev/null)" != "$want" ]; then
    py=$(python_for_triple) || { echo "no Python >= 3.11 for dubbo-python" >&2; exit 1; }
    rm -rf $venv && "$py" -m venv $venv
    $venv/bin/pip install -q --disable-pip-version-check "$want"
    echo "$want" > $venv/.svcctl-installed
  fi
  tjs=tests/interop/triple/js
  if ! cmp -s $tjs/package-lock.json $tjs/node_modules/.svcctl-installed-lock; then
    (cd $tjs && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.svcctl-installed-lock)
  fi
done
