#!/usr/bin/env bash
# Inbound-connection benchmark: for each N (default: 1000 10000) starts a fresh regtest node as its own process on
# 127.0.0.1 (free ports, temp datadir), measures its heap after a full GC, opens N inbound peers with
# `mooring loadtest` (a separate process) that handshake and idle, checks getconnectioncount, measures the heap
# again after a full GC while the peers idle, and prints handshakes/s, p50/p99 latency and heap per idle peer.
#
# usage: bench/inbound-load.sh [N ...]
# env:   NODE_XMX (node heap, default 2g), TOOL_XMX (load tool heap, default 1g), TOOL_EXTRA_OPTS, CONCURRENCY (default 256),
#        IDLE (seconds the peers stay after the handshakes, default 20), NODE_EXTRA_OPTS (more node JVM flags),
#        RESULTS (append one JSON line per run to this file)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bin/jdk.sh
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
NODE_XMX=${NODE_XMX:-2g}
TOOL_XMX=${TOOL_XMX:-1g}
CONCURRENCY=${CONCURRENCY:-256}
IDLE=${IDLE:-20}

# Each process holds N sockets plus its own files; raise the soft limit to the hard one (inherited by both).
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ]; then ulimit -n "$hard" 2>/dev/null || echo "bench: could not raise ulimit -n to $hard" >&2; fi
echo "bench: open-file limit $(ulimit -n) per process; nproc $(nproc); JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)" >&2

# Build once (package, never install); bin/mooring then finds the jar fresh and does not rebuild.
echo "bench: building ..." >&2
./mvnw -B -ntp -q package -DskipTests -Dmaven.test.skip.exec=true -pl mooring-tools -am >&2
jar="$root/mooring-tools/target/mooring.jar"
jvm_flags="--enable-native-access=ALL-UNNAMED"
if [ "$(mooring_java_major "$JAVA_HOME")" -ge 23 ]; then jvm_flags="$jvm_flags --sun-misc-unsafe-memory-access=allow"; fi
if MOORING_JAVA_OPTS="-Xmx256m" bin/mooring --help 2>/dev/null | grep -q '^ *loadtest '; then
  loadtest=(env "MOORING_JAVA_OPTS=-Xmx$TOOL_XMX ${TOOL_EXTRA_OPTS:-}" bin/mooring loadtest)
else
  # Not registered in MooringCli yet: run the command class directly from the same jar.
  loadtest=("$JAVA_HOME/bin/java" $jvm_flags "-Xmx$TOOL_XMX" ${TOOL_EXTRA_OPTS:-} -cp "$jar" io.mooring.tools.LoadTestCommand)
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Heap used (KiB) of $1 after a full GC.
heap_used_kib() {
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info | sed -n 's/.*heap.* used \([0-9][0-9]*\)K.*/\1/p' | head -n 1
}

node_pid=""
datadir=""
cleanup() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then kill "$node_pid" 2>/dev/null || true; fi
  if [ -n "$datadir" ]; then rm -rf "$datadir"; fi
}
trap cleanup EXIT

summaries=()
for n in "${sizes[@]}"; do
  datadir=$(mktemp -d /tmp/mooring-bench.XXXXXX)
  p2p=$(free_port)
  rpc=$(free_port)
  maxconn=$((n + 11 + 100))
  rpccmd=(bin/mooring rpc -regtest "-datadir=$datadir" "-rpcport=$rpc")
  MOORING_JAVA_OPTS="-Xmx$NODE_XMX ${NODE_EXTRA_OPTS:-}" bin/mooring node -regtest "-datadir=$datadir" \
      -bind=127.0.0.1 "-port=$p2p" "-rpcport=$rpc" "-maxconnections=$maxconn" -printtoconsole=0 \
      >"$datadir/node.out" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 120); do
    if "${rpccmd[@]}" getconnectioncount >/dev/null 2>&1; then break; fi
    kill -0 "$node_pid" 2>/dev/null || { echo "bench: node exited:" >&2; cat "$datadir/node.out" >&2; exit 1; }
    sleep 0.5
  done
  before=$(heap_used_kib "$node_pid")
  echo "bench: N=$n node pid $node_pid on 127.0.0.1:$p2p (maxconnections=$maxconn), heap used after GC: $before KiB" >&2

  "${loadtest[@]}" --connect "127.0.0.1:$p2p" --peers "$n" --concurrency "$CONCURRENCY" --idle "$IDLE" --json \
      >"$datadir/load.json" 2>"$datadir/load.err" &
  load_pid=$!
  # The tool says on stderr when the handshakes are done and the peers idle.
  while kill -0 "$load_pid" 2>/dev/null && ! grep -q idling "$datadir/load.err"; do sleep 0.2; done
  count=$("${rpccmd[@]}" getconnectioncount)
  after=$(heap_used_kib "$node_pid")
  count_after=$("${rpccmd[@]}" getconnectioncount)
  wait "$load_pid" || true
  cat "$datadir/load.err" >&2
  json=$(cat "$datadir/load.json")
  echo "bench: N=$n load result: $json" >&2
  "${rpccmd[@]}" stop >/dev/null
  wait "$node_pid" || true
  node_pid=""

  per_peer=$(awk -v a="$after" -v b="$before" -v n="$n" 'BEGIN { printf "%.2f", (a - b) / n }')
  field() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, d))' "$json" "$1"; }
  hps=$(field 'round(handshakes_per_second)')
  completed=$(field 'completed')
  p50=$(field 'latency_ms["p50"]')
  p99=$(field 'latency_ms["p99"]')
  wall=$(field 'wall_seconds')
  fails=$(field 'failures')
  line="N=$n completed=$completed connected=$count/$count_after wall=${wall}s handshakes/s=$hps p50=${p50}ms p99=${p99}ms heap_before=${before}KiB heap_after=${after}KiB heap/peer=${per_peer}KiB failures=$fails"
  echo "$line"
  summaries+=("$line")
  if [ -n "${RESULTS:-}" ]; then
    printf '{"n":%d,"connections":%s,"heap_before_kib":%s,"heap_after_kib":%s,"heap_per_peer_kib":%s,"load":%s}\n' \
        "$n" "$count" "$before" "$after" "$per_peer" "$json" >>"$RESULTS"
  fi
  rm -rf "$datadir"
  datadir=""
done
echo "bench: summary" >&2
printf '%s\n' "${summaries[@]}" >&2
