#!/usr/bin/env bash
# Runs the whole test suite: unit tests, Pax Exam container tests and the multi-process system tests.
# Usage: distribution/scripts/test.sh [extra maven args]
set -euo pipefail
cd "$(dirname "$0")/../.."
. distribution/scripts/find-jdk.sh
echo "Using JDK at $JAVA_HOME and $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
exec mvn -B -ntp verify "$@"
