#!/usr/bin/env bash
# Soak (issue 9; not part of CI): `svcctl ls -w` and `svcctl top -b` against 100,000 providers
# (10,000 services x 10) in a real ZooKeeper with 500 registry changes/s, each for SECONDS
# (default 600). Prints, per phase, whether a change was lost, CPU, RSS every 30 s, and the tree's
# size at start and end (the writer keeps it steady, so RSS growth is svcctl's, not the data's);
# first the same churn in memory, without ZooKeeper, for twice as long (bench phase m): bytes in
# use, the heap's free space and RSS, which tell the model's growth from the allocator's.
# usage: scripts/soak.sh [SECONDS] [SERVICES]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh zookeeper
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi
SVCCTL_BENCH_SECONDS=${1:-600} SVCCTL_BENCH_SERVICES=${2:-10000} SVCCTL_BENCH_PHASES=memory,watch,batch \
  SVCCTL_BENCH_SIM_SECONDS=$((2 * ${1:-600})) \
  exec cargo bench --bench top
