#!/usr/bin/env bash
# `lightbox import` against plain parallel curl (docs/performance.md "Bulk import"): each client
# sends every regular file under DIR to its own fresh server (embedded stores, durability full,
# the launcher's JVM settings) on a free loopback port; the wall time of the client is reported
# as files/s and MB/s over the files the server acknowledged or refused, the same set for both.
#
# Usage: scripts/bench/import-vs-curl.sh DIR [PARALLEL]   (after mvn package: uses the built jar)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:?usage: import-vs-curl.sh DIR [PARALLEL]}"
parallel="${2:-4}"
jar="$root/dicom-http/target/lightbox.jar"
[[ -f "$jar" ]] || { echo "import-vs-curl.sh: $jar missing: mvn -pl dicom-http -am package -DskipTests" >&2; exit 1; }
tmp="$(mktemp -d)"
pid=""
stop() { if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$tmp"' EXIT

start() {
  rm -rf "$tmp/data" && mkdir -p "$tmp/data"
  : >"$tmp/server.log"
  LIGHTBOX_JAR="$jar" "$root/lightbox" serve --port 0 --data "$tmp/data" >"$tmp/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    url="$(sed -n 's#^Lightbox listening on \(http://[^ ]*\).*#\1#p' "$tmp/server.log")"
    [[ -n "$url" ]] && { url="${url%/}"; return 0; }
    sleep 0.1
  done
  cat "$tmp/server.log" >&2; exit 1
}

files=$(find "$dir" -type f | wc -l)
mb=$(find "$dir" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')
echo "input: $dir, $files files, $mb MB, parallel $parallel"

report() { # name seconds
  awk -v n="$1" -v s="$2" -v f="$files" -v m="$mb" \
    'BEGIN { printf "%-16s %6.2f s  %7.1f files/s  %6.1f MB/s\n", n, s, f / s, m / s }'
}

start
t0=$(date +%s.%N)
LIGHTBOX_JAR="$jar" "$root/lightbox" import "$dir" --url "$url" --parallel "$parallel" \
  --progress none --fresh --journal "$tmp/journal" >"$tmp/import.out" || true
t1=$(date +%s.%N)
stop
report "lightbox import" "$(echo "$t1 - $t0" | bc -l)"
sed -n '2,8p' "$tmp/import.out"

start
t0=$(date +%s.%N)
find "$dir" -type f -print0 | xargs -0 -P "$parallel" -I{} curl -s -o /dev/null \
  -H 'Content-Type: application/dicom' --data-binary @{} "$url/instances"
t1=$(date +%s.%N)
stop
report "xargs -P curl" "$(echo "$t1 - $t0" | bc -l)"
