#!/usr/bin/env bash
# End-to-end headers sync, Mooring vs bitcoinj (issue 6): builds the bench jar and runs HeaderSyncBench.
# Usage: bench/header-sync.sh [HEADERS] [RUNS]   (defaults 200000 3)
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/jdk.sh
./mvnw -B -ntp -o -q -pl mooring-bench -am package -DskipTests -Dmooring.fuzz.skip=true
exec java -Xmx1g -cp mooring-bench/target/mooring-bench.jar io.mooring.bench.HeaderSyncBench "${1:-200000}" "${2:-3}"
