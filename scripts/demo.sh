#!/usr/bin/env bash
# One command from a fresh Debian machine to svcctl looking at a realistic Dubbo registry:
# installs ZooKeeper (apt) if missing, builds svcctl, starts a throwaway ZooKeeper on
# 127.0.0.1:${SVCCTL_DEMO_PORT:-2181}, loads fixtures/demo-registry.txt and runs `svcctl ls`.
# `scripts/demo.sh stop` stops the demo ZooKeeper and seeder.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${SVCCTL_DEMO_PORT:-2181}
STATE=${TMPDIR:-/tmp}/svcctl-demo-$PORT

stop() {
  for f in "$STATE/seed.pid" "$STATE/zk.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  rm -rf "$STATE"
}
if [ "${1:-}" = stop ]; then stop; echo "demo stopped"; exit 0; fi

scripts/install-deps.sh zookeeper
cargo build --release --bin svcctl --example seed_demo
stop
mkdir -p "$STATE"
scripts/zk-start.sh "$PORT" "$STATE" >/dev/null
target/release/examples/seed_demo "127.0.0.1:$PORT" /dubbo > "$STATE/seed.log" 2>&1 &
echo $! > "$STATE/seed.pid"
for _ in $(seq 1 100); do grep -q seeded "$STATE/seed.log" 2>/dev/null && break; sleep 0.1; done
grep -q seeded "$STATE/seed.log" || { cat "$STATE/seed.log" >&2; exit 1; }

export SVCCTL_REGISTRY="zookeeper://127.0.0.1:$PORT"
echo "\$ svcctl ls    (registry $SVCCTL_REGISTRY)"
target/release/svcctl ls
cat <<MSG

Try:  export SVCCTL_REGISTRY=$SVCCTL_REGISTRY
      target/release/svcctl show UserService
      target/release/svcctl ls -w          # then change the registry from another shell
Stop: scripts/demo.sh stop
MSG
