# Sourced by bin/test, bin/mooring and .ci/run: finds a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is >= 21, else the newest JDK >= 21 under /usr/lib/jvm (or $MOORING_JVM_DIR).
# Mooring compiles with --release 21, so any JDK from 21 upwards builds and runs it.

mooring_java_major() {
  # Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
  local home="$1" v=""
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  v=${v#1.}
  printf '%s\n' "${v%%[.+-]*}"
}

mooring_find_jdk() {
  local need=21 best="" best_major=0 dir home major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(mooring_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$need" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
      return 0
    fi
  fi
  dir=${MOORING_JVM_DIR:-/usr/lib/jvm}
  for home in "$dir"/*; do
    [ -d "$home" ] && [ ! -L "$home" ] || continue
    [ -x "$home/bin/javac" ] || continue
    major=$(mooring_java_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$need" ] && [ "$major" -gt "$best_major" ]; then
      best=$home; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "mooring: no JDK >= $need found." >&2
    echo "  JAVA_HOME=${JAVA_HOME:-<unset>} is not a JDK >= $need, and $dir holds none." >&2
    echo "  Install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

mooring_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9 on JDK >= 23 warns about sun.misc.Unsafe; this flag silences it (older JDKs would reject it).
if [ "$(mooring_java_major "$JAVA_HOME")" -ge 23 ]; then
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
