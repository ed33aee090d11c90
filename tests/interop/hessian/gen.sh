#!/usr/bin/env bash
# Generates the Hessian 2 cross-check corpora into OUTDIR:
#   java.tsv  written by Caucho Hessian 4.0.38 (Debian libhessian-java)
#   js.tsv    written by hessian.js 2.11.0 (npm, pinned in tests/interop/js/package-lock.json)
# Line format and description schema: see java/Corpus.java.
set -euo pipefail

out=${1:?usage: gen.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
js_dir=$(cd "$here/../js" && pwd)
jar=${HESSIAN_JAR:-/usr/share/java/hessian.jar}

missing=()
for tool in java javac node npm; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -f "$jar" ] || missing+=("$jar")
if [ ${#missing[@]} -gt 0 ]; then
    echo "gen.sh: missing ${missing[*]}." >&2
    echo "Install: apt-get install -y openjdk-17-jdk-headless libhessian-java nodejs npm" >&2
    echo "         (cd tests/interop/js && npm ci)" >&2
    exit 2
fi

mkdir -p "$out/classes"
javac -nowarn -d "$out/classes" -cp "$jar" "$here/java/Corpus.java" "$here/java/MetadataInfo.java"
# Caucho reflects into JDK classes (Throwable, BigInteger, collections); Java 17 needs the opens.
java --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.base/java.math=ALL-UNNAMED \
    -cp "$jar:$out/classes" com.example.Corpus "$out/java.tsv" "$out/typed.tsv" "$out/types.json"

if [ ! -d "$js_dir/node_modules/hessian.js" ]; then
    (cd "$js_dir" && npm_config_nodedir=/usr npm ci --no-audit --no-fund >&2)
fi
NODE_PATH="$js_dir/node_modules" node "$here/js/corpus.js" "$out/js.tsv"
