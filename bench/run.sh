#!/usr/bin/env bash
# Runs the JMH micro-benchmarks (secp256k1, Noise handshakes, Noise frames vs the raw JDK AEAD) and prints the
# table of docs/benchmarks.md. Benchmarks are not tests: `mvn verify` only builds bench/target/benchmarks.jar.
#
#   bench/run.sh                      # everything, ~3 minutes on 2 cores
#   bench/run.sh Secp256k1Bench       # extra arguments go to JMH (benchmark regexps, -p, -prof gc, ...)
#   JMH_OPTS="-f 2 -wi 8 -i 20 -w 1s -r 1s" bench/run.sh   # replaces all default run settings below
#   BENCH_REBUILD=1 bench/run.sh      # rebuild the jar first even if it looks up to date
#
# Output: bench/target/jmh.json (JMH's JSON), bench/target/jmh.txt (the table), bench/target/jmh.md (the table as
# Markdown, for docs/benchmarks.md). Re-print a table: java -cp bench/target/benchmarks.jar io.skywire.bench.Report
# [--markdown] bench/target/jmh.json
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
# shellcheck source=../distribution/scripts/find-jdk.sh
. "$ROOT/distribution/scripts/find-jdk.sh"

JAR="$HERE/target/benchmarks.jar"
OUT="$HERE/target"
# Modest settings for a 2-core machine: one fork, 6 s warm-up (the AEAD intrinsics need ~4 s to settle), 10 s
# measured per benchmark; 10 benchmarks take about 3 minutes.
DEFAULT_OPTS="-f 1 -wi 6 -i 10 -w 1s -r 1s"
# JMH copies this JVM's flags to its forks: a fixed heap (less GC resizing noise; the frame benchmarks allocate over 1 GB/s) and
# --sun-misc-unsafe-memory-access=allow (JMH 1.37 calls sun.misc.Unsafe, which JDK 25 warns about).
JVM_FLAGS=(-Xms1g -Xmx1g --sun-misc-unsafe-memory-access=allow)
read -r -a OPTS <<<"${JMH_OPTS:-$DEFAULT_OPTS}"

stale() {
  [ ! -f "$JAR" ] && return 0
  [ "${BENCH_REBUILD:-0}" = 1 ] && return 0
  [ -n "$(find "$HERE/src" "$HERE/pom.xml" "$ROOT/core/crypto/src/main" "$ROOT/core/crypto/pom.xml" -newer "$JAR" -print -quit)" ]
}
if stale; then
  echo "building $JAR (mvn -pl bench -am package -DskipTests) ..." >&2
  if ! (cd "$ROOT" && mvn -B -q -pl bench -am package -DskipTests); then
    echo "error: building the benchmark jar failed (see the Maven output above); fix the build, then rerun $0" >&2
    exit 1
  fi
fi

mkdir -p "$OUT"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
fam="$(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
mdl="$(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
machine="$(nproc) CPUs, ${cpu:-unknown CPU}${fam:+ (family $fam model $mdl)}, $(uname -sr), $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p)"
echo "machine: $machine" >&2
echo "running: java ${JVM_FLAGS[*]} -jar $JAR ${OPTS[*]} -rf json -rff $OUT/jmh.json $*" >&2

start=$(date +%s)
"$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" -jar "$JAR" "${OPTS[@]}" -rf json -rff "$OUT/jmh.json" "$@"
elapsed=$(( $(date +%s) - start ))

{
  echo "Skywire micro-benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), ${elapsed} s"
  echo "machine: $machine"
  "$JAVA_HOME/bin/java" -cp "$JAR" io.skywire.bench.Report "$OUT/jmh.json"
} | tee "$OUT/jmh.txt"
"$JAVA_HOME/bin/java" -cp "$JAR" io.skywire.bench.Report --markdown "$OUT/jmh.json" >"$OUT/jmh.md"
echo "results: $OUT/jmh.json, table: $OUT/jmh.txt, Markdown: $OUT/jmh.md" >&2
