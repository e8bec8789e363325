#!/usr/bin/env bash
# Builds Skywire if needed and runs it on an embedded local network on this machine.
# So far the network is one visor with the example app; the dmsg deployment joins it with the dmsg work.
# Usage: distribution/scripts/local-network.sh [--rebuild] [extra visor flags, e.g. -l debug]
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
net="$repo/distribution/target/local-network"
mkdir -p "$net/visor1/apps"
cd "$net/visor1"
if [ ! -f skywire-config.json ]; then
  "$dist/bin/skywire" cli config gen -o skywire-config.json >/dev/null
  echo ">>> generated $net/visor1/skywire-config.json"
fi
cp -f "$dist"/examples/hello-app-*.jar apps/hello-app.jar.tmp && mv -f apps/hello-app.jar.tmp apps/hello-app.jar
cat <<TOUR
>>> starting the visor in $net/visor1 (Ctrl-C stops it)
    In the g! shell try:   visor:status   app:ls   hello:greet you   app:stop hello   lb
    In another terminal:   $dist/bin/skywire cli visor info
                           $dist/bin/skywire cli visor app ls
TOUR
exec "$dist/bin/skywire" visor -c skywire-config.json "$@"
