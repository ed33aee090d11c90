#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs the real peers the tests use
# (ZooKeeper, Caucho Hessian, Node packages, the Triple peers), then lint and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh zookeeper hessian node tmux triple
# A toolchain installed just now by rustup is not on this shell's PATH yet.
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --all-targets --locked
