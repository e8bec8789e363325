#!/usr/bin/env bash
# The dmsg end-to-end benchmark (not a test): throughput client -> our dmsg server -> client against raw loopback TCP
# and a plain TCP relay measured in the same run, stream and session handshakes per second, and server heap per idle
# stream and session (server in its own JVM, -Xmx512m). Prints tables and writes bench/target/dmsg-e2e.md.
#
#   bench/dmsg-e2e.sh                                   # everything, ~3-4 minutes on 2 cores
#   bench/dmsg-e2e.sh --sections throughput --reps 9    # harness options (see --help)
#   CC=cubic bench/dmsg-e2e.sh                          # TCP congestion control pinned in the namespace (default bbr)
#   NETNS=0 bench/dmsg-e2e.sh                           # no network namespace: the host's loopback and setting
#
# As root (and with `ip netns`), the run happens in a network namespace of its own whose congestion control is
# pinned: loopback TCP speed depends on it (iperf3 here: ~13 Gbit/s under BBR, ~53 Gbit/s under CUBIC). The
# namespace is deleted on exit. Otherwise the host's setting is used and reported.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
# shellcheck source=../distribution/scripts/find-jdk.sh
. "$ROOT/distribution/scripts/find-jdk.sh"

JAR="$HERE/target/benchmarks.jar"
CC="${CC:-bbr}"
# The harness JVM holds both clients (20 000 stream ends in the memory part): give it room so that only the server's
# heap is the limit under test.
HARNESS_JVM=(-Xms2g -Xmx2g --sun-misc-unsafe-memory-access=allow)

stale() {
  [ ! -f "$JAR" ] && return 0
  [ "${BENCH_REBUILD:-0}" = 1 ] && return 0
  [ -n "$(find "$HERE/src" "$HERE/pom.xml" "$ROOT/core/crypto/src/main" "$ROOT/core/dmsg/src/main" \
      "$ROOT/core/crypto/pom.xml" "$ROOT/core/dmsg/pom.xml" -newer "$JAR" -print -quit)" ]
}
if stale; then
  echo "building $JAR (mvn -pl bench -am package -DskipTests) ..." >&2
  if ! (cd "$ROOT" && mvn -B -q -pl bench -am package -DskipTests); then
    echo "error: building the benchmark jar failed (see the Maven output above); fix the build, then rerun $0" >&2
    exit 1
  fi
fi
mkdir -p "$HERE/target"

run=("$JAVA_HOME/bin/java" "${HARNESS_JVM[@]}" -cp "$JAR" io.skywire.bench.DmsgE2E --out "$HERE/target" "$@")

NS=""
ALLOWED_BEFORE=""
cleanup() {
  if [ -n "$NS" ]; then
    ip netns del "$NS" 2>/dev/null || true
  fi
  if [ -n "$ALLOWED_BEFORE" ]; then
    sysctl -qw net.ipv4.tcp_allowed_congestion_control="$ALLOWED_BEFORE" || true
    ALLOWED_BEFORE=""
  fi
}
trap cleanup EXIT INT TERM

# A namespace other than the host's may only pick a congestion control from the host's allowed list
# (net.ipv4.tcp_allowed_congestion_control, often just "reno bbr"): add ours for the run and restore the list after.
pin_cc() {
  ip netns exec "$NS" sysctl -qw net.ipv4.tcp_congestion_control="$CC" 2>/dev/null && return 0
  local allowed
  allowed="$(cat /proc/sys/net/ipv4/tcp_allowed_congestion_control)"
  case " $allowed " in *" $CC "*) return 1 ;; esac
  ALLOWED_BEFORE="$allowed"
  echo "allowing congestion control $CC for the run (host list was: $allowed)" >&2
  sysctl -qw net.ipv4.tcp_allowed_congestion_control="$allowed $CC" || return 1
  ip netns exec "$NS" sysctl -qw net.ipv4.tcp_congestion_control="$CC"
}

if [ "${NETNS:-1}" = 1 ] && [ "$(id -u)" = 0 ] && command -v ip >/dev/null 2>&1; then
  NS="skywire-bench-$$"
  if ip netns add "$NS" 2>/dev/null && ip -n "$NS" link set lo up && pin_cc; then
    echo "network namespace $NS, TCP congestion control pinned to $CC" >&2
    cd "$ROOT"
    rc=0
    ip netns exec "$NS" "${run[@]}" || rc=$?
    exit $rc
  fi
  echo "warning: could not set up a network namespace with congestion control $CC; using the host's" \
       "($(cat /proc/sys/net/ipv4/tcp_congestion_control 2>/dev/null || echo unknown))" >&2
  cleanup
  NS=""
else
  echo "no network namespace (needs root and ip netns, or NETNS=0 was given); host congestion control:" \
       "$(cat /proc/sys/net/ipv4/tcp_congestion_control 2>/dev/null || echo unknown)" >&2
fi
cd "$ROOT"
"${run[@]}"
