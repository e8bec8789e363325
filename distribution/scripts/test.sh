#!/usr/bin/env bash
# Runs the whole test suite: unit tests, Pax Exam container tests and the multi-process system tests.
# Usage: distribution/scripts/test.sh [extra maven args]
set -euo pipefail
cd "$(dirname "$0")/../.."
. distribution/scripts/find-jdk.sh
# Real servers the tests start on loopback: Redis (the dmsg discovery store)
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing redis-server for the store tests" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; } >&2 \
    || { echo "error: the tests need redis-server and apt-get could not install it: install Redis 6+" >&2; exit 1; }
fi
echo "Using JDK at $JAVA_HOME and $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
exec mvn -B -ntp verify "$@"
