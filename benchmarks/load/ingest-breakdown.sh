#!/usr/bin/env bash
# Where the time of one upload goes (issue 13 item 2): uploads N distinct 512x512 CT files at
# concurrency C into a fresh `lightbox serve --durability full`, with group commit on and off
# (-Dlightbox.ingest.groupCommit=false), and prints uploads/s plus the mean per upload of every
# phase the server measures (/metrics): receive, validate, hash, write, fsync (spool file),
# parse, store (blob link + directory fsync + index commits, incl. waiting for the batch).
# Usage: benchmarks/load/ingest-breakdown.sh [COUNT=200] [CONCURRENCY=8]
# Needs: java, curl, python3, dcmodify (dcmtk). Builds dicom-http/target/lightbox.jar if missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/load"
# shellcheck source=lib.sh
source "$here/lib.sh"
count="${1:-200}"
conc="${2:-8}"
jar="$root/dicom-http/target/lightbox.jar"
for tool in java curl python3 dcmodify; do
  command -v "$tool" >/dev/null || { echo "ingest-breakdown: $tool not installed" >&2; exit 2; }
done
[[ -f "$jar" ]] || (cd "$root" && mvn -q -B -o -pl dicom-http -am package -DskipTests)
work="$(mktemp -d "${TMPDIR:-/tmp}/ingest-breakdown.XXXXXX")"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

python3 "$here/gen_dicom.py" ct "$work/template.dcm"
mkdir -p "$work/in"
for ((i = 1; i <= count; i++)); do cp "$work/template.dcm" "$work/in/$(printf %04d "$i").dcm"; done
timeout 300 dcmodify -nb -q -gin -gse "$work/in"/*.dcm


run_once() { # LABEL JAVA_OPTS
  local label=$1 opts=$2 port data
  port=$(free_port)
  data="$work/data-$label"
  java -Xmx512m $opts -jar "$jar" serve --host 127.0.0.1 --port "$port" --data "$data" \
    --durability full >"$work/server-$label.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
  local start end
  start=$(date +%s%N)
  ls "$work/in"/*.dcm | xargs -P "$conc" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
    -X POST -H 'Content-Type: application/dicom' -H 'Expect:' -T {} \
    "http://127.0.0.1:$port/instances" >"$work/codes-$label"
  end=$(date +%s%N)
  curl -s "http://127.0.0.1:$port/metrics" >"$work/metrics-$label"
  kill "$server"; wait "$server" 2>/dev/null || true
  python3 - "$label" "$work/metrics-$label" "$work/codes-$label" "$start" "$end" "$conc" <<'PY'
import sys, re
label, metrics, codes, start, end, conc = sys.argv[1:]
ok = sum(1 for c in open(codes) if c.strip() in ("200", "201"))
secs = (int(end) - int(start)) / 1e9
sums, counts = {}, {}
for line in open(metrics):
    m = re.match(r'lightbox_(ingest_\w+|store)_duration_seconds_(sum|count) (\S+)', line)
    if m:
        (sums if m.group(2) == "sum" else counts)[m.group(1)] = float(m.group(3))
order = ["ingest_receive", "ingest_validate", "ingest_hash", "ingest_write", "ingest_fsync",
         "ingest_parse", "store"]
cells = []
for k in order:
    n = counts.get(k, 0)
    cells.append("%.2f" % (1000 * sums.get(k, 0) / n) if n else "-")
print("| %s | %s | %d/%d | %.1f | %s |" % (label, conc, ok, sum(1 for _ in open(codes)),
      ok / secs, " | ".join(cells)))
PY
}

echo "| run | concurrency | 2xx | uploads/s | receive ms | validate ms | hash ms | write ms | fsync ms | parse ms | store ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
run_once per-upload-fsync "-Dlightbox.ingest.groupCommit=false"
run_once group-commit ""
