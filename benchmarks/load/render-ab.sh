#!/usr/bin/env bash
# Uncached renders, A/B (issue 13 item 5): one Lightbox server per jar given (each through
# ./lightbox serve, the launcher's JVM settings, --render-cache-bytes 0, so every request decodes
# and encodes again), optionally Orthanc 1.10.1 beside them, the load script's three render inputs
# (512² 16-bit CT, the same CT JPEG lossless SV1 by dcmcjpeg +e1, a 1024² 8-bit RGB), wrk at
# concurrency 1 and 4. Rounds alternate between the servers (the order rotates every round) so
# machine noise hits all alike.
#
# Usage: benchmarks/load/render-ab.sh JAR [JAR...]
#   env RENDERAB_WORK=DIR       inputs and scratch (default target/renderab; inputs are reused)
#       RENDERAB_DURATION=S     seconds per wrk run (default 5)
#       RENDERAB_ROUNDS=N       measured rounds (default 3); the report gives the median
#       RENDERAB_ORTHANC=1      measure Orthanc's /preview of the same files too
#       RENDERAB_GC=1           the servers log GC (-Xlog:gc); the report counts collections
#                               (young and full) per 40 renders
#
# Per server, image and concurrency it reports renders/s (wrk), server CPU per render
# (utime+stime from /proc/PID/stat over the wrk run ÷ requests: the steadier measure on a shared
# machine), GC collections per 40 renders, and each server's peak RSS (VmHWM) over the whole run.
# Every loop is bounded in count and every client call in time; servers are stopped by their PIDs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/load"
# shellcheck source=lib.sh
source "$here/lib.sh"
work="${RENDERAB_WORK:-$root/target/renderab}"
duration="${RENDERAB_DURATION:-5}"
rounds="${RENDERAB_ROUNDS:-3}"
orthanc="${RENDERAB_ORTHANC:-0}"
gc="${RENDERAB_GC:-0}"
corpus_ct="$root/../shared/corpus/pydicom/pydicom-data/693_UNCR.dcm"
images=(ct ct-jpeg-lossless rgb-1024)

die() { echo "render-ab.sh: error: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }
(($# >= 1)) || die "usage: render-ab.sh JAR [JAR...]"
(($# <= 4)) || die "at most 4 jars"
for j in "$@"; do [[ -f "$j" ]] || die "no jar $j"; done
[[ "$duration" =~ ^[0-9]+$ ]] && ((duration >= 1 && duration <= 120)) || die "RENDERAB_DURATION: 1..120"
[[ "$rounds" =~ ^[0-9]+$ ]] && ((rounds >= 1 && rounds <= 20)) || die "RENDERAB_ROUNDS: 1..20"
export PATH="$PATH:/usr/sbin"
for t in java wrk curl python3 dcmodify dcmcjpeg; do command -v "$t" >/dev/null || die "$t is missing"; done
[[ "$orthanc" != 1 ]] || command -v Orthanc >/dev/null || die "RENDERAB_ORTHANC=1 but Orthanc is missing"

run="$work/run"
raw="$work/raw"
pids=()
samplers=()
cleanup() {
  local status=$?
  set +e
  for p in "${samplers[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -KILL "$p"
  done
  rm -rf "$run"
  ((status == 0)) || echo "render-ab.sh: failed (exit $status); raw outputs in $raw" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- inputs (as run.sh makes them)
inputs="$work/inputs"
if [[ ! -f "$inputs/.complete-v1" ]]; then
  log "generating inputs in $inputs"
  rm -rf "$inputs" && mkdir -p "$inputs"
  if [[ -f "$corpus_ct" ]]; then cp "$corpus_ct" "$inputs/ct.dcm"; else python3 "$here/gen_dicom.py" ct "$inputs/ct.dcm"; fi
  chmod u+w "$inputs/ct.dcm"
  timeout 60 dcmodify -nb -q -gin -gse "$inputs/ct.dcm"
  cp "$inputs/ct.dcm" "$inputs/jpeg-src.dcm"
  timeout 60 dcmodify -nb -q -gin -gse "$inputs/jpeg-src.dcm"
  timeout 60 dcmcjpeg +e1 "$inputs/jpeg-src.dcm" "$inputs/ct-jpeg-lossless.dcm"
  rm "$inputs/jpeg-src.dcm"
  python3 "$here/gen_dicom.py" rgb "$inputs/rgb-1024.dcm"
  touch "$inputs/.complete-v1"
fi

# ---------------------------------------------------------------- servers
rm -rf "$run" "$raw" && mkdir -p "$run" "$raw"
wait_ready() { # name pid probe-command...; at most 60 s
  local name=$1 pid=$2; shift 2
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || die "$name exited during startup; see $run/$name.log"
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "$name not ready after 60 s"
}
upload() { # base-url file -> id
  local body
  body=$(curl -s -S --max-time 60 -X POST -H 'Content-Type: application/dicom' -H 'Expect:' -T "$2" "$1/instances") \
    || die "upload of $2 to $1 failed"
  python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d.get("id") or d["ID"])' "$body" \
    || die "upload of $2 to $1 answered $body"
}

names=()            # server names, in order: lb1..lbN [orthanc]
declare -A pid_of=() url_of=() jar_of=() path_of=()
n=0
for jar in "$@"; do
  n=$((n + 1)); name="lb$n"
  port=$(free_port)
  opts=""
  [[ "$gc" == 1 ]] && opts="-Xlog:gc:file=$run/$name.gc.log"
  LIGHTBOX_JAR="$jar" LIGHTBOX_JAVA_OPTS="$opts" "$root/lightbox" serve --host 127.0.0.1 --port "$port" \
    --data "$run/$name-data" --render-cache-bytes 0 --durability relaxed >"$run/$name.log" 2>&1 &
  pid_of[$name]=$!; pids+=("$!")
  wait_ready "$name" "${pid_of[$name]}" grep -q "Lightbox listening on http://127.0.0.1:$port/" "$run/$name.log"
  url_of[$name]="http://127.0.0.1:$port"; jar_of[$name]="$jar"
  for img in "${images[@]}"; do
    path_of[$name.$img]="/instances/$(upload "${url_of[$name]}" "$inputs/$img.dcm")/rendered"
  done
  names+=("$name")
done
if [[ "$orthanc" == 1 ]]; then
  port=$(free_port); dport=$(free_port)
  mkdir -p "$run/orthanc-db"
  cat >"$run/orthanc.json" <<EOF
{ "Name": "renderab", "StorageDirectory": "$run/orthanc-db", "IndexDirectory": "$run/orthanc-db",
  "HttpPort": $port, "DicomServerEnabled": false, "DicomPort": $dport, "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false, "HttpCompressionEnabled": false, "StorageCompression": false,
  "Plugins": [], "SaveJobs": false }
EOF
  Orthanc "$run/orthanc.json" >"$run/orthanc.log" 2>&1 &
  pid_of[orthanc]=$!; pids+=("$!")
  url_of[orthanc]="http://127.0.0.1:$port"
  wait_ready orthanc "${pid_of[orthanc]}" curl -sf --max-time 2 "${url_of[orthanc]}/system"
  for img in "${images[@]}"; do
    path_of[orthanc.$img]="/instances/$(upload "${url_of[orthanc]}" "$inputs/$img.dcm")/preview"
  done
  names+=(orthanc)
fi
# each server's first answer must be a PNG
for s in "${names[@]}"; do
  for img in "${images[@]}"; do
    code=$(curl -s --max-time 60 -o "$raw/$s.$img.png" -w '%{http_code} %{content_type}' "${url_of[$s]}${path_of[$s.$img]}")
    [[ "$code" == "200 image/png"* ]] || die "$s $img answered $code"
  done
done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
gc_counts() { # name -> "young full" so far
  local f="$run/$1.gc.log"
  [[ -f "$f" ]] || { echo "0 0"; return; }
  echo "$(grep -c 'Pause Young' "$f" || true) $(grep -c 'Pause Full' "$f" || true)"
}
hz=$(getconf CLK_TCK)

# measure KEY SERVER IMAGE CONC -> appends "rps cpu_ms young full requests" to $raw/KEY
measure() {
  local key=$1 s=$2 img=$3 conc=$4 out="$raw/wrk.$1.$RANDOM.txt"
  local c0 c1 g0 g1 threads=$((conc < 2 ? conc : 2))
  c0=$(cpu_ticks "${pid_of[$s]}"); g0=$(gc_counts "$s")
  timeout $((duration + 60)) wrk -t "$threads" -c "$conc" -d "${duration}s" --timeout 30s \
    "${url_of[$s]}${path_of[$s.$img]}" >"$out" 2>&1 || die "wrk failed: $(tail -c 300 "$out")"
  c1=$(cpu_ticks "${pid_of[$s]}"); g1=$(gc_counts "$s")
  ! grep -q 'Non-2xx' "$out" || die "$key: non-2xx answers: $(grep Non-2xx "$out")"
  local requests rps
  requests=$(awk '/requests in/ { print $1 }' "$out")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  set -- $g0 $g1
  awk -v rps="$rps" -v req="$requests" -v t=$((c1 - c0)) -v hz="$hz" -v y=$(($3 - $1)) -v f=$(($4 - $2)) \
    'BEGIN { printf "%.1f %.2f %d %d %d\n", rps, (req > 0 ? t * 1000 / hz / req : 0), y, f, req }' >>"$raw/$key"
}

log "warm-up: $duration s per server, image and concurrency"
for s in "${names[@]}"; do
  for img in "${images[@]}"; do
    for conc in 1 4; do measure "warmup.$s.$img.c$conc" "$s" "$img" "$conc"; done
  done
done
load_before=$(load_avg)
for ((r = 0; r < rounds; r++)); do
  log "round $((r + 1)) of $rounds (load average $(load_avg))"
  # rotate the server order every round
  order=("${names[@]:$((r % ${#names[@]}))}" "${names[@]:0:$((r % ${#names[@]}))}")
  for img in "${images[@]}"; do
    for conc in 1 4; do
      for s in "${order[@]}"; do measure "$s.$img.c$conc" "$s" "$img" "$conc"; done
    done
  done
done
load_after=$(load_avg)

# ---------------------------------------------------------------- report
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print 0 }'; }
col() { awk -v c="$2" '{ print $c }' "$raw/$1" | median; }
gc40() { # key -> "young/full per 40 renders" over all rounds
  awk '{ y += $3; f += $4; n += $5 } END { if (n) printf "%.1f / %.1f", y * 40 / n, f * 40 / n; else print "–" }' "$raw/$1"
}
report="$work/report.md"
{
  echo "Generated by \`benchmarks/load/render-ab.sh\` (RENDERAB_DURATION=$duration RENDERAB_ROUNDS=$rounds RENDERAB_ORTHANC=$orthanc RENDERAB_GC=$gc) on $(date -u '+%Y-%m-%d %H:%M UTC'); load average $load_before before the rounds, $load_after after."
  echo
  for s in "${names[@]}"; do
    if [[ $s == orthanc ]]; then echo "- orthanc: $(Orthanc --version 2>&1 | head -1)"; else echo "- $s: ${jar_of[$s]} ($(sha256sum "${jar_of[$s]}" | cut -c1-12))"; fi
  done
  echo
  echo "| image | c | server | renders/s (median) | CPU ms/render (median) | GC young / full per 40 renders | ÷ ${names[0]} (renders/s) | ÷ Orthanc |"
  echo "|---|---|---|---|---|---|---|---|"
  for img in "${images[@]}"; do
    for conc in 1 4; do
      base=$(col "${names[0]}.$img.c$conc" 1)
      orth=""
      [[ "$orthanc" == 1 ]] && orth=$(col "orthanc.$img.c$conc" 1)
      for s in "${names[@]}"; do
        rps=$(col "$s.$img.c$conc" 1)
        cpu=$(col "$s.$img.c$conc" 2)
        g="–"; [[ "$gc" == 1 && $s != orthanc ]] && g=$(gc40 "$s.$img.c$conc")
        vs=$(awk -v a="$rps" -v b="$base" 'BEGIN { printf "%.2f×", (b > 0 ? a / b : 0) }')
        vo="–"; [[ -n "$orth" && $s != orthanc ]] && vo=$(awk -v a="$rps" -v b="$orth" 'BEGIN { printf "%.2f×", (b > 0 ? a / b : 0) }')
        echo "| $img | $conc | $s | $rps | $cpu | $g | $vs | $vo |"
      done
    done
  done
  echo
  echo "Peak RSS (VmHWM over the whole run):"
  for s in "${names[@]}"; do
    echo "- $s: $(awk '/^VmHWM:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/${pid_of[$s]}/status")"
  done
  echo
  echo "Per-round raw values (renders/s, CPU ms/render, young GCs, full GCs, requests) are in $raw."
} >"$report"
cat "$report"
