#!/usr/bin/env bash
# One command from a fresh Debian machine to svcctl looking at a realistic Dubbo registry:
# installs ZooKeeper (apt) if missing, builds svcctl, starts a throwaway ZooKeeper on
# 127.0.0.1:${SVCCTL_DEMO_PORT:-2181}, loads fixtures/demo-registry.txt, starts two demo
# providers of com.example.UserService and shop/com.example.OrderService:2.0.0 (svcctl-demo-provider, registered in that
# ZooKeeper on ports ${SVCCTL_DEMO_PROVIDER_PORTS:-20880 20881}) and runs `svcctl ls`.
# The first provider poses as Dubbo 2.7 (in-flight counts over telnet `count` on its Dubbo port),
# the others as Dubbo 3.2 with QoS metrics on ${SVCCTL_DEMO_QOS_PORT:-22222} (+1 for each further one).
# `scripts/demo.sh stop` stops the demo providers, ZooKeeper and the seeder.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${SVCCTL_DEMO_PORT:-2181}
PROVIDER_PORTS=${SVCCTL_DEMO_PROVIDER_PORTS:-20880 20881}
QOS_PORT=${SVCCTL_DEMO_QOS_PORT:-22222}
STATE=${TMPDIR:-/tmp}/svcctl-demo-$PORT

stop() {
  # Providers first: on SIGTERM they remove their own registrations while ZooKeeper is still up.
  for f in "$STATE"/provider-*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  for f in "$STATE/seed.pid" "$STATE/zk.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  rm -rf "$STATE"
}
if [ "${1:-}" = stop ]; then stop; echo "demo stopped"; exit 0; fi

scripts/install-deps.sh zookeeper
# A toolchain installed just now by rustup is not on this shell's PATH yet.
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
cargo build --release --bin svcctl --bin svcctl-demo-provider --example seed_demo
stop
mkdir -p "$STATE"
scripts/zk-start.sh "$PORT" "$STATE" >/dev/null
target/release/examples/seed_demo "127.0.0.1:$PORT" /dubbo > "$STATE/seed.log" 2>&1 &
echo $! > "$STATE/seed.pid"
for _ in $(seq 1 100); do grep -q seeded "$STATE/seed.log" 2>/dev/null && break; sleep 0.1; done
grep -q seeded "$STATE/seed.log" || { cat "$STATE/seed.log" >&2; exit 1; }

# Two instances of the demo provider, registered (with their metadata report) under /dubbo.
# Both register `executes` and `telnet=count`; only the 3.x one is asked over QoS (one QoS port
# per host is all `svcctl top` knows of, so two 3.x instances on one host would need more).
n=0
for p in $PROVIDER_PORTS; do
  n=$((n + 1))
  if [ "$n" = 1 ]; then
    kind=(--release 2.7.23)
  else
    kind=(--release 3.2.16 --qos-port $((QOS_PORT + n - 2)))
  fi
  target/release/svcctl-demo-provider --port "$p" --registry "127.0.0.1:$PORT" --root /dubbo \
    --instance "demo-$n" "${kind[@]}" > "$STATE/provider-$n.log" 2>&1 &
  echo $! > "$STATE/provider-$n.pid"
done
for i in $(seq 1 "$n"); do
  for _ in $(seq 1 100); do grep -q '^ready' "$STATE/provider-$i.log" 2>/dev/null && break; sleep 0.1; done
  grep -q '^ready' "$STATE/provider-$i.log" || {
    echo "demo provider $i did not start:" >&2; cat "$STATE/provider-$i.log" >&2; exit 1; }
done

export SVCCTL_REGISTRY="zookeeper://127.0.0.1:$PORT"
# `svcctl top` asks Dubbo 3 providers on QoS port 22222 unless told otherwise.
TOP_QOS=""
[ "$QOS_PORT" = 22222 ] || TOP_QOS=" --qos-port $QOS_PORT"
echo "\$ svcctl ls    (registry $SVCCTL_REGISTRY)"
target/release/svcctl ls
cat <<MSG

Try:  export SVCCTL_REGISTRY=$SVCCTL_REGISTRY
      target/release/svcctl show UserService                 # the two demo providers, signatures
      target/release/svcctl invoke UserService.getById '[1]'
      target/release/svcctl invoke OrderService.listOrders 1          # shop/com.example.OrderService:2.0.0
      target/release/svcctl bench UserService.whoami -n 1000 -c 8 --lb roundrobin
      target/release/svcctl show UserProfileService          # rules, disabled/reweighted providers
      target/release/svcctl ls -w          # then change the registry from another shell
      target/release/svcctl top UserService$TOP_QOS  # live ACTIVE per provider: demo-1 by telnet count, demo-2 by QoS metrics
      target/release/svcctl bench UserService.slow '[1500]' -n 64 -c 16   # (from another shell) calls to watch in flight
Stop: scripts/demo.sh stop
MSG
