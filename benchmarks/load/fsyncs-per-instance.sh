#!/usr/bin/env bash
# fsyncs per durable upload (issues 13 and 15): for each jar, starts `serve --durability full` on a
# fresh data directory, attaches `strace -f -c -e trace=fsync,fdatasync` to every thread of the
# JVM and uploads COUNT distinct 512x512 CT files at CONCURRENCY, then counts fsync + fdatasync
# calls per upload. Two phases per jar:
#   new-shard   a fresh store: nearly every blob lands in a second-level shard directory
#               (sha256/ab/cd, 65536 of them) that does not exist yet
#   known-shard the same files again after deleting their instances (untraced): every shard
#               directory exists and this process has already made it durable
# At concurrency 1 every group commit is a batch of one, so the count is the cost of one upload
# on its own; higher concurrency shares the index commit and directory fsyncs of a batch.
# Usage: benchmarks/load/fsyncs-per-instance.sh [COUNT=100] [CONCURRENCY=1] [JAR...]
#        (default jars: this tree's dicom-http/target/lightbox.jar and /work/ab-main's, if built)
# Needs: java, curl, python3, strace, dcmodify (dcmtk).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/load"
# shellcheck source=lib.sh
source "$here/lib.sh"
count="${1:-100}"
conc="${2:-1}"
shift $(($# > 2 ? 2 : $#))
jars=("$@")
if ((${#jars[@]} == 0)); then
  jars=("$root/dicom-http/target/lightbox.jar")
  [[ -f /work/ab-main/dicom-http/target/lightbox.jar ]] && jars+=(/work/ab-main/dicom-http/target/lightbox.jar)
fi
for tool in java curl python3 strace dcmodify; do
  command -v "$tool" >/dev/null || { echo "fsyncs-per-instance: $tool not installed" >&2; exit 2; }
done
work="$(mktemp -d "${TMPDIR:-/tmp}/fsyncs.XXXXXX")"
server=0
tracer=0
cleanup() {
  # never `kill 0`: that would signal this script's whole process group
  ((tracer > 0)) && kill "$tracer" 2>/dev/null || true
  ((server > 0)) && kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/gen_dicom.py" ct "$work/template.dcm"
mkdir -p "$work/in"
for ((i = 1; i <= count; i++)); do cp "$work/template.dcm" "$work/in/$(printf %04d "$i").dcm"; done
timeout 300 dcmodify -nb -q -gin -gse "$work/in"/*.dcm

# upload_all PORT OUT: every input file, CONCURRENCY at a time; OUT gets one "code id" per upload
upload_all() {
  ls "$work/in"/*.dcm | xargs -P "$conc" -I{} sh -c "curl -s -X POST -H 'Content-Type: application/dicom' \
    -H 'Expect:' -T {} -w '\n%{http_code}\n' http://127.0.0.1:$1/instances | python3 -c '
import json, sys
lines = sys.stdin.read().strip().split(\"\n\")
code = lines[-1]
body = \"\n\".join(lines[:-1])
try:
    uid = json.loads(body).get(\"id\", \"-\")
except Exception:
    uid = \"-\"
print(code, uid)'" >"$2"
}

# traced PID LABEL PORT: uploads under strace, prints "fsync fdatasync ok"
traced() {
  local pid=$1 label=$2 port=$3
  strace -f -c -e trace=fsync,fdatasync -o "$work/strace-$label" -p "$pid" 2>"$work/strace-$label.err" &
  tracer=$!
  sleep 2 # strace attaches to every thread before the first upload
  upload_all "$port" "$work/codes-$label"
  kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true
  tracer=0
  local ok fs fds
  ok=$(awk '$1 == 200 || $1 == 201' "$work/codes-$label" | wc -l)
  fs=$(awk '$NF == "fsync" { print $4 }' "$work/strace-$label"); fs=${fs:-0}
  fds=$(awk '$NF == "fdatasync" { print $4 }' "$work/strace-$label"); fds=${fds:-0}
  echo "$fs $fds $ok"
}

echo "load average at start: $(load_avg); $count uploads per phase, concurrency $conc"
echo
echo "| jar | phase | 2xx | fsync | fdatasync | (fsync + fdatasync) per upload |"
echo "|---|---|---|---|---|---|"
for jar in "${jars[@]}"; do
  [[ -f "$jar" ]] || { echo "fsyncs-per-instance: $jar not built" >&2; exit 2; }
  name=$(basename "$(dirname "$(dirname "$(dirname "$jar")")")")
  port=$(free_port)
  data="$work/data-$name"
  java -Xmx512m -jar "$jar" serve --host 127.0.0.1 --port "$port" --data "$data" \
    --durability full >"$work/server-$name.log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
  read -r fs fds ok < <(traced "$server" "$name-new" "$port")
  awk -v j="$name" -v f="$fs" -v d="$fds" -v n="$ok" 'BEGIN { printf "| %s | new-shard | %d | %d | %d | %.2f |\n", j, n, f, d, n ? (f + d) / n : 0 }'
  awk '{ print $2 }' "$work/codes-$name-new" | while read -r id; do
    [[ "$id" == - ]] || curl -s -o /dev/null -X DELETE "http://127.0.0.1:$port/instances/$id"
  done
  read -r fs fds ok < <(traced "$server" "$name-known" "$port")
  awk -v j="$name" -v f="$fs" -v d="$fds" -v n="$ok" 'BEGIN { printf "| %s | known-shard | %d | %d | %d | %.2f |\n", j, n, f, d, n ? (f + d) / n : 0 }'
  kill "$server"; wait "$server" 2>/dev/null || true
  server=0
done
echo
echo "load average at end: $(load_avg)"
