#!/usr/bin/env bash
# Builds Skywire if needed and runs it on an embedded local network on this machine, with no internet:
#   - `skywire svc local`: dmsg discovery (127.0.0.1:9090) and a dmsg server (127.0.0.1:8081) in one process,
#     writing local-services.json;
#   - visor2 in the background and visor1 in the foreground with the Gogo shell, both configured from that file
#     by `skywire cli config gen --svcconf`, both running the example hello app.
# Ctrl-C (or Ctrl-D in the shell) stops visor1; the script then stops visor2 and the services.
# Usage: distribution/scripts/local-network.sh [--rebuild] [extra visor1 flags, e.g. -l debug]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
. distribution/scripts/find-jdk.sh
dist="$repo/distribution/target/skywire"
if [ "${1:-}" = "--rebuild" ]; then shift; rm -rf "$dist"; fi
if [ ! -x "$dist/bin/skywire" ]; then
  echo ">>> building Skywire (first run only; about a minute)"
  mvn -B -ntp -q -DskipTests install
fi
sky="$dist/bin/skywire"
net="$repo/distribution/target/local-network"
mkdir -p "$net"

for port in 9090 8081 3435 3436; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: 127.0.0.1:$port is in use (another local network running?): stop it and try again" >&2
    exit 1
  fi
done

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

cd "$net"
echo ">>> starting the dmsg deployment (skywire svc local; log: $net/services.log)"
"$sky" svc local -o local-services.json >"$net/services.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do
  if grep -q "listening on 127.0.0.1:8081" "$net/services.log" 2>/dev/null; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "error: skywire svc local exited:" >&2; cat "$net/services.log" >&2; exit 1
  fi
  sleep 0.2
done

hello_jar="$(ls "$dist"/examples/hello-app-*.jar | sort -V | tail -n 1)"
for v in visor1 visor2; do
  mkdir -p "$net/$v/apps"
  if [ ! -f "$net/$v/skywire-config.json" ]; then
    "$sky" cli config gen --svcconf "$net/local-services.json" -o "$net/$v/skywire-config.json" >/dev/null 2>&1
    echo ">>> generated $net/$v/skywire-config.json"
  fi
  cp -f "$hello_jar" "$net/$v/apps/hello-app.jar.tmp"
  mv -f "$net/$v/apps/hello-app.jar.tmp" "$net/$v/apps/hello-app.jar"
done
# visor2 needs its own CLI endpoint
sed -i 's/"cli_addr": "localhost:3435"/"cli_addr": "localhost:3436"/' "$net/visor2/skywire-config.json"
pk2="$(sed -n 's/^  "pk": "\([0-9a-f]*\)".*/\1/p' "$net/visor2/skywire-config.json")"

echo ">>> starting visor2 in the background (log: $net/visor2/visor.log)"
(cd "$net/visor2" && exec "$sky" visor -c skywire-config.json --no-shell >visor.log 2>&1) &
pids+=($!)

cat <<TOUR
>>> starting visor1 in $net/visor1 (Ctrl-C stops the local network)
    In the g! shell try:   visor:status   app:ls   hello:greet you
                           hello:greet you $pk2 dmsg      (visor2's app, over dmsg)
                           app:stop hello   lb
    In another terminal:   $sky cli visor info                     (visor1; --rpc localhost:3436 for visor2)
                           $sky dmsg curl dmsg://$pk2:80/health
TOUR
cd "$net/visor1"
set +e
"$sky" visor -c skywire-config.json "$@"
code=$?
exit $code
