#!/usr/bin/env bash
# Coverage-guided fuzzing of svcctl's decoders of untrusted bytes with AFL++ (cargo-afl, stable
# toolchain). Not part of CI: it runs for minutes per target. CI runs the quick property checks
# in tests/decoder_props.rs instead.
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]      default: all targets, 600 s each, one at a time
#
# Targets (fuzz/src/lib.rs): hessian dubbo_frame dubbo_response dubbo_request url config_rules
# metadata telnet prometheus. Seeds come from the project's test inputs (fixtures/, the Caucho
# Hessian corpus of tests/interop when Java and Caucho are installed, frames built by svcctl's
# own encoders). Findings land in $FUZZ_OUT/<target>/default/{crashes,hangs}; replay one with
#   $CARGO_TARGET_DIR/release/svcctl-fuzz TARGET FILE
# The script exits non-zero when any target found a crash or a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
target=${1:-all}
secs=${2:-600}
out=${FUZZ_OUT:-$repo/fuzz/out}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/fuzz/target}
all_targets=(hessian dubbo_frame dubbo_response dubbo_request url config_rules metadata telnet prometheus)
if [ "$target" = all ]; then
    targets=("${all_targets[@]}")
else
    targets=("$target")
fi

if ! cargo afl --version >/dev/null 2>&1; then
    cargo install --locked cargo-afl --version 0.18.2
fi
# Builds AFL++ itself (afl-fuzz and the runtime) once per toolchain; a second call says so.
if ! log=$(cargo afl config --build 2>&1); then
    grep -q "already built" <<<"$log" || { echo "$log" >&2; exit 1; }
fi

(cd fuzz && nice cargo afl build --release --locked)
bin=$CARGO_TARGET_DIR/release/svcctl-fuzz

seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$out"
java_tsv=()
if bash tests/interop/hessian/gen.sh "$out/interop" >"$out.gen.log" 2>&1; then
    java_tsv=("$out/interop/java.tsv")
else
    echo "fuzz.sh: no Caucho corpus (see $out.gen.log); seeding Hessian from svcctl's encoder only" >&2
fi
"$bin" --seeds "$repo" "$seeds" "${java_tsv[@]}"

# No core dumps to wait for (core_pattern may pipe them away), no CPU pinning on a shared box.
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1

status=0
for t in "${targets[@]}"; do
    echo "== $t: ${secs}s" >&2
    rm -rf "${out:?}/$t"
    # -t: an input taking over a second is a hang.
    nice -n 10 cargo afl fuzz -V "$secs" -t 1000 -i "$seeds/$t" -o "$out/$t" -- "$bin" "$t" \
        >"$out/$t.log" 2>&1 || { echo "fuzz.sh: afl-fuzz failed for $t (see $out/$t.log)" >&2; status=1; continue; }
    stats=$out/$t/default/fuzzer_stats
    field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
    crashes=$(field saved_crashes)
    hangs=$(field saved_hangs)
    printf '%-15s execs %-10s execs/s %-8s corpus %-6s edges %-12s crashes %s hangs %s\n' \
        "$t" "$(field execs_done)" "$(field execs_per_sec)" "$(field corpus_count)" \
        "$(field edges_found)/$(field total_edges) ($(field bitmap_cvg))" "$crashes" "$hangs"
    if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
        status=1
    fi
done
exit $status
