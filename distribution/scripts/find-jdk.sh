# Sourced by the other scripts: exports JAVA_HOME pointing at a JDK >= 25 (JAVA_HOME first, then /usr/lib/jvm).
jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
find_jdk() {
  local c v
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    v="$(jdk_major "$c")"
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME="$(find_jdk)"; then
  echo "error: no JDK 25 found (looked at \$JAVA_HOME and /usr/lib/jvm): install Temurin 25 and/or set JAVA_HOME" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
if ! command -v mvn >/dev/null 2>&1; then
  echo "Maven is missing: installing it with apt-get" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven; } >&2 \
    || { echo "error: Maven is not installed and apt-get could not install it: install Maven 3.8+" >&2; exit 1; }
fi
