#!/usr/bin/env bash
# DICOMweb benchmark (issue 12): Lightbox's /dicomweb beside Orthanc with its DICOMweb plugin, in
# one run, same files, same clients, all on 127.0.0.1. Server start/stop, RSS sampling and wrk
# handling follow benchmarks/load/run.sh (which benchmarks the own API; this script does not
# change it).
#
# Usage: benchmarks/load/dicomweb.sh
#   env DWBENCH_WORK=DIR       inputs and scratch (default target/dicomweb-bench; inputs are reused)
#       DWBENCH_DURATION=S     seconds per wrk run (default 10)
#       DWBENCH_DOC=FILE       report path (default docs/performance/dicomweb.md)
#       DWBENCH_SKIP_BUILD=1   reuse dicom-http/target/lightbox.jar
#       DWBENCH_JAR=FILE       benchmark this Lightbox jar instead (no build)
#       DWBENCH_NODE_MODULES=DIR  dicomweb-client + xhr2 (default target/dicomweb-node/node_modules;
#                              installed there by scripts/dicomweb-clients.sh when missing)
#
# What it measures (targets from issue 12)
#   - QIDO-RS GET /studies p50, metadata of a 300-instance series p50, one frame rendered p50
#     (wrk --latency, concurrency 1): Lightbox at most 1/3 of Orthanc's. The rendered frame is
#     measured twice: repeated (wrk; Lightbox answers repeats from its render cache) and cold
#     (curl, 50 different instances, each rendered once).
#   - STOW-RS of 300 CT instances (512x512 16-bit) in one multipart/related request, on both
#     servers, and Lightbox's own upload route (300 POST /instances on one keep-alive connection):
#     STOW at least the own route's throughput.
#   - Lightbox RSS during a 200 MB and a 2 GB STOW (one part, chunked request body) and a WADO-RS
#     retrieve of each study (transfer-syntax=*): flat means the 2 GB peaks are close to the 200 MB
#     ones. Orthanc is not run on these (it holds whole files in memory).
#   - The dicomweb-client Node checks of DicomWebClientTest (dicom-http/src/test/node/
#     dicomweb-client-test.mjs) against both servers with DICOMWEB_KEEP_GOING=1: counts and the
#     failed checks are listed, so differences between the two servers are visible.
# Every loop is bounded in count, every client call in time (timeout / --max-time). Each server is
# stopped by its own PID on any exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/load"
# shellcheck source=lib.sh
source "$here/lib.sh"
work="${DWBENCH_WORK:-$root/target/dicomweb-bench}"
duration="${DWBENCH_DURATION:-10}"
doc="${DWBENCH_DOC:-$root/docs/performance/dicomweb.md}"
modules="${DWBENCH_NODE_MODULES:-$root/target/dicomweb-node/node_modules}"
ct_count=300
warm_count=60      # 30 by STOW, 30 by the own route, to each server, before the timed runs
warm_seconds=3     # an untimed wrk run of each URL before its timed one
cold_renders=50
mid_frames=400    # 400 x 512 KiB = 200 MiB of pixel data
big_frames=4096   # 4096 x 512 KiB = 2 GiB of pixel data
corpus="$root/../shared/corpus"
corpus_ct="$corpus/pydicom/pydicom-data/693_UNCR.dcm"
plugin=/usr/share/orthanc/plugins/libOrthancDicomWeb.so
command_line="benchmarks/load/dicomweb.sh${DWBENCH_DURATION:+ (DWBENCH_DURATION=$duration)}"

die() { echo "dicomweb.sh: error: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }
[[ "$duration" =~ ^[0-9]+$ ]] && ((duration >= 1 && duration <= 300)) || die "DWBENCH_DURATION must be 1..300"

# ---------------------------------------------------------------- tools
export PATH="$PATH:/usr/sbin"
declare -A tool_package=([Orthanc]=orthanc [wrk]=wrk [curl]=curl [dcmodify]=dcmtk [dcmdump]=dcmtk
  [python3]=python3 [java]=openjdk-17-jre-headless [mvn]=maven [node]=nodejs [npm]=npm)
missing=()
for t in "${!tool_package[@]}"; do command -v "$t" >/dev/null 2>&1 || missing+=("${tool_package[$t]}"); done
[[ -f "$plugin" ]] || missing+=(orthanc-dicomweb)
if ((${#missing[@]})); then
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  [[ $(id -u) -eq 0 ]] || die "missing tools; install the Debian packages: $packages"
  log "installing $packages"
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q $packages >&2 \
    || { timeout 600 apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q $packages >&2; } \
    || die "apt-get install $packages failed"
fi
[[ -f "$plugin" ]] || die "no $plugin after installing orthanc-dicomweb"
if [[ ! -d "$modules/dicomweb-client" || ! -d "$modules/xhr2" ]]; then
  log "installing dicomweb-client into $(dirname "$modules")"
  timeout 600 bash "$root/scripts/dicomweb-clients.sh" "$(dirname "$modules")" >&2 || die "scripts/dicomweb-clients.sh failed"
fi

# ---------------------------------------------------------------- cleanup
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
    kill -0 "$p" 2>/dev/null && { echo "dicomweb.sh: PID $p ignored SIGTERM for 10 s, sending SIGKILL" >&2; kill -KILL "$p"; }
  done
  rm -rf "$run" # server storage (holds copies of the 2 GB file)
  ((status == 0)) || echo "dicomweb.sh: failed (exit $status); raw outputs in $raw" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

new_uid() { python3 -c 'import uuid; print("2.25." + str(uuid.uuid4().int))'; }

# ---------------------------------------------------------------- build
jar="${DWBENCH_JAR:-$root/dicom-http/target/lightbox.jar}"
if [[ -z "${DWBENCH_JAR:-}" ]] && [[ "${DWBENCH_SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  log "building Lightbox"
  (cd "$root" && timeout 1800 mvn -q -B -DskipTests package -pl dicom-http -am) || die "maven build failed"
fi
[[ -f "$jar" ]] || die "no $jar after the build"

# ---------------------------------------------------------------- inputs
inputs="$work/inputs"
marker="$inputs/.complete-v1"
# one_series DIR: 300 copies of the CT in one new study and series, each its own SOP Instance UID
one_series() {
  local dir=$1 study series i
  mkdir -p "$dir"
  study=$(new_uid); series=$(new_uid)
  for ((i = 1; i <= ct_count; i++)); do cp "$inputs/ct-template.dcm" "$dir/$(printf %04d "$i").dcm"; done
  timeout 300 dcmodify -nb -q -gin -m "(0020,000d)=$study" -m "(0020,000e)=$series" "$dir"/*.dcm
}
if [[ ! -f "$marker" ]]; then
  log "generating inputs in $inputs"
  rm -rf "$inputs" && mkdir -p "$inputs"
  if [[ -f "$corpus_ct" ]]; then cp "$corpus_ct" "$inputs/ct-template.dcm"; else python3 "$here/gen_dicom.py" ct "$inputs/ct-template.dcm"; fi
  chmod u+w "$inputs/ct-template.dcm"
  one_series "$inputs/stow"   # STOW-RS to both servers
  one_series "$inputs/own"    # the own upload route (and Orthanc's /instances, so both hold the same studies)
  python3 "$here/gen_dicom.py" multiframe "$inputs/mf-200m.dcm" "$mid_frames"
  python3 "$here/gen_dicom.py" multiframe "$inputs/mf-2g.dcm" "$big_frames"
  for set in stow own; do
    n=$(for f in "$inputs/$set"/*.dcm; do dcmdump -q +P 0008,0018 "$f"; done | sort -u | wc -l)
    ((n == ct_count)) || die "expected $ct_count distinct SOP Instance UIDs in $set, found $n"
  done
  touch "$marker"
fi
# warm-up instances (their own study): the JIT of both routes is warm before anything is timed
if [[ ! -f "$inputs/warm/.complete" ]]; then
  rm -rf "$inputs/warm"
  ct_count=$warm_count one_series "$inputs/warm"
  touch "$inputs/warm/.complete"
fi
tag_of() { dcmdump -q +P "$2" "$1" | sed -n 's/.*\[\(.*\)\].*/\1/p'; }
study=$(tag_of "$inputs/stow/0001.dcm" 0020,000d)
series=$(tag_of "$inputs/stow/0001.dcm" 0020,000e)
boundary="lightbox-dwbench-7f3a"

# multipart/related body of the files given (PS3.18 §8.6.1.2: every part has its Content-Type)
related_body() {
  local f
  for f in "$@"; do
    printf -- '--%s\r\nContent-Type: application/dicom\r\n\r\n' "$boundary"
    cat "$f"
    printf '\r\n'
  done
  printf -- '--%s--\r\n' "$boundary"
}
stow_type="multipart/related; type=\"application/dicom\"; boundary=$boundary"
[[ -f "$inputs/stow-300.body" ]] || related_body "$inputs/stow"/*.dcm >"$inputs/stow-300.body"
[[ -f "$inputs/warm-stow.body" ]] || related_body $(ls "$inputs/warm"/*.dcm | head -n $((warm_count / 2))) >"$inputs/warm-stow.body"
mkdir -p "$inputs/warm-own"
ls "$inputs/warm"/*.dcm | tail -n $((warm_count / 2)) | while read -r f; do ln -f "$f" "$inputs/warm-own/" 2>/dev/null || cp "$f" "$inputs/warm-own/"; done

# ---------------------------------------------------------------- servers
rm -rf "$run" "$raw" && mkdir -p "$run" "$raw"
wait_ready() { # name pid probe-command...; at most 60 s
  local name=$1 pid=$2; shift 2
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || die "$name exited during startup; see $run/$name.log"
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "$name not ready after 60 s; see $run/$name.log"
}

lb_port=$(free_port)
java -Xmx512m -jar "$jar" serve --host 127.0.0.1 --port "$lb_port" --data "$run/lightbox-data" \
  --max-upload-bytes 4294967296 >"$run/lightbox.log" 2>&1 &
lb_pid=$!; pids+=("$lb_pid")
wait_ready lightbox "$lb_pid" grep -q "Lightbox listening on http://127.0.0.1:$lb_port/" "$run/lightbox.log"
lb="http://127.0.0.1:$lb_port"
lbw="$lb/dicomweb"

or_port=$(free_port); or_dicom_port=$(free_port)
mkdir -p "$run/orthanc-db"
cat >"$run/orthanc.json" <<EOF
{
  "Name": "lightbox-dwbench",
  "StorageDirectory": "$run/orthanc-db",
  "IndexDirectory": "$run/orthanc-db",
  "HttpPort": $or_port,
  "DicomServerEnabled": false,
  "DicomPort": $or_dicom_port,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "HttpCompressionEnabled": false,
  "StorageCompression": false,
  "Plugins": [ "$plugin" ],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": true, "WadoRoot": "/wado" },
  "SaveJobs": false
}
EOF
Orthanc "$run/orthanc.json" >"$run/orthanc.log" 2>&1 &
or_pid=$!; pids+=("$or_pid")
or="http://127.0.0.1:$or_port"
orw="$or/dicom-web"
wait_ready orthanc "$or_pid" curl -sf --max-time 2 "$orw/studies"
log "Lightbox $lb (PID $lb_pid), Orthanc $or (PID $or_pid, DICOMweb plugin $(dpkg-query -W -f '${Version}' orthanc-dicomweb 2>/dev/null || echo '?'))"

# ---------------------------------------------------------------- results
declare -A R=()
rawsum="$raw/summary.txt"
: >"$rawsum"
record() { R[$1]=$2; printf '%s = %s\n' "$1" "$2" >>"$rawsum"; }

# stow KEY BASE BODY-FILE EXPECTED: one POST of the multipart body; records instances/s
stow() {
  local key=$1 url=$2 body=$3 expected=$4 start end out code
  start=$(now_ns)
  out=$(curl -s -S --max-time 900 -X POST -H "Content-Type: $stow_type" -H 'Accept: application/dicom+json' \
    -H 'Expect:' --data-binary @"$body" -o "$raw/$key.json" -w '%{http_code}' "$url/studies") || out=000
  end=$(now_ns)
  code=$out
  local stored
  stored=$(python3 -c 'import json, sys
try:
    d = json.load(open(sys.argv[1]))
    print(len(d.get("00081199", {}).get("Value", [])))
except Exception:
    print(0)' "$raw/$key.json")
  echo "$key: HTTP $code, $stored instances referenced, $(( (end - start) / 1000000 )) ms" >>"$raw/stow.txt"
  if [[ "$code" != 200 || "$stored" != "$expected" ]]; then
    record "$key" "missing: HTTP $code, $stored of $expected stored"
  else
    record "$key" "$(awk -v n="$expected" -v ns="$((end - start))" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')"
  fi
}

# upload_each KEY URL DIR: one keep-alive curl posting each file to URL/instances; records files/s
upload_each() {
  local key=$1 url=$2 dir=$3 cfg="$run/$1.cfg" f start end ok
  : >"$cfg"
  for f in "$dir"/*.dcm; do
    printf 'url = "%s/instances"\nupload-file = "%s"\nrequest = "POST"\nheader = "Content-Type: application/dicom"\nheader = "Expect:"\nsilent\nshow-error\nmax-time = 60\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' "$url" "$f" >>"$cfg"
  done
  start=$(now_ns)
  timeout 900 curl -K "$cfg" >"$run/$key.codes" 2>>"$raw/upload-errors.txt" || true
  end=$(now_ns)
  ok=$(grep -cE '^20[01]$' "$run/$key.codes" || true)
  echo "$key: $ok of $ct_count answered 200/201 in $(( (end - start) / 1000000 )) ms" >>"$raw/stow.txt"
  if ((ok != ct_count)); then record "$key" "missing: $ok of $ct_count uploads succeeded"
  else record "$key" "$(awk -v n="$ok" -v ns="$((end - start))" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')"; fi
}

# wrk_p50 KEY URL [ACCEPT]: wrk at concurrency 1; records the p50 latency in ms
wrk_p50() {
  local key=$1 url=$2 accept=${3:-} code out
  code=$(curl -s --max-time 120 ${accept:+-H "Accept: $accept"} -o "$raw/$key.probe" -w '%{http_code}' "$url" || echo 000)
  if [[ "$code" != 200 ]]; then
    record "$key" "missing: HTTP $code $(head -c 200 "$raw/$key.probe" | tr -c '[:print:]' ' ')"
    return 0
  fi
  out="$raw/$key.wrk.txt"
  timeout $((warm_seconds + 120)) wrk -t 1 -c 1 -d "${warm_seconds}s" --timeout 60s \
    ${accept:+-H "Accept: $accept"} "$url" >"$raw/$key.warmup.txt" 2>&1 || true
  if ! timeout $((duration + 120)) wrk -t 1 -c 1 -d "${duration}s" --timeout 60s --latency \
      ${accept:+-H "Accept: $accept"} "$url" >"$out" 2>&1; then
    record "$key" "missing: wrk failed ($(tail -c 200 "$out" | tr '\n' ' '))"
    return 0
  fi
  local bad p50
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  p50=$(awk '$1 == "50%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$out")
  if [[ -n "$bad" ]]; then record "$key" "missing: $bad non-2xx answers during the wrk run"
  elif [[ -z "$p50" ]]; then record "$key" "missing: no latency distribution in the wrk output"
  else record "$key" "$p50"; fi
  { echo "--- $key: wrk -t 1 -c 1 -d ${duration}s --latency $url"; grep -E 'Latency|requests in|Requests/sec|  50%|  99%' "$out"; } >>"$raw/wrk-summary.txt"
}

# cold_p50 KEY URL-PREFIX URL-SUFFIX SOP-UID...: one GET per instance; records the p50 in ms
cold_p50() {
  local key=$1 prefix=$2 suffix=$3; shift 3
  local sop times=() line fails=0
  for sop in "$@"; do
    line=$(curl -s --max-time 120 -H 'Accept: image/jpeg' -o /dev/null -w '%{http_code} %{time_total}' "$prefix/$sop$suffix" || echo "000 0")
    [[ "$line" == 200\ * ]] || { fails=$((fails + 1)); continue; }
    times+=("${line#* }")
  done
  echo "$key: ${#times[@]} answered 200, $fails failed; seconds: ${times[*]}" >>"$raw/cold.txt"
  if ((fails > 0 || ${#times[@]} == 0)); then record "$key" "missing: $fails of $# renders failed"; return 0; fi
  record "$key" "$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] * 1000 }')"
}


# ---------------------------------------------------------------- measurements
record rss.lightbox.idle "$(rss_now "$lb_pid")"

log "warm-up: $((warm_count / 2)) instances by STOW and $((warm_count / 2)) by the own route, each server"
stow warm-stow.lightbox "$lbw" "$inputs/warm-stow.body" $((warm_count / 2))
stow warm-stow.orthanc "$orw" "$inputs/warm-stow.body" $((warm_count / 2))
ct_count=$((warm_count / 2)) upload_each warm-own.lightbox "$lb" "$inputs/warm-own"
ct_count=$((warm_count / 2)) upload_each warm-own.orthanc "$or" "$inputs/warm-own"
log "STOW-RS of $ct_count CT instances in one request"
stow stow.lightbox "$lbw" "$inputs/stow-300.body" "$ct_count"
stow stow.orthanc "$orw" "$inputs/stow-300.body" "$ct_count"
log "own upload route, $ct_count POST /instances (and the same files into Orthanc's /instances)"
upload_each own.lightbox "$lb" "$inputs/own"
upload_each own.orthanc "$or" "$inputs/own"

log "QIDO, metadata and rendered p50 (wrk, c=1, ${duration}s each)"
wrk_p50 qido.lightbox "$lbw/studies" application/dicom+json
wrk_p50 qido.orthanc "$orw/studies" application/dicom+json
wrk_p50 metadata.lightbox "$lbw/studies/$study/series/$series/metadata" application/dicom+json
wrk_p50 metadata.orthanc "$orw/studies/$study/series/$series/metadata" application/dicom+json
one_sop=$(tag_of "$inputs/stow/0150.dcm" 0008,0018)
frame="studies/$study/series/$series/instances/$one_sop/frames/1/rendered"
wrk_p50 rendered.lightbox "$lbw/$frame" image/jpeg
wrk_p50 rendered.orthanc "$orw/$frame" image/jpeg
cold_sops=()
for f in $(ls "$inputs/stow"/*.dcm | awk -v n="$cold_renders" 'NR % 6 == 1 && c < n { print; c++ }'); do cold_sops+=("$(tag_of "$f" 0008,0018)"); done
cold_p50 rendered-cold.lightbox "$lbw/studies/$study/series/$series/instances" /frames/1/rendered "${cold_sops[@]}"
cold_p50 rendered-cold.orthanc "$orw/studies/$study/series/$series/instances" /frames/1/rendered "${cold_sops[@]}"

log "dicomweb-client checks against both servers"
client_files=("$corpus/pydicom/test_files/CT_small.dcm" "$corpus/pydicom/pydicom-data/emri_small.dcm"
  "$corpus/pydicom/test_files/MR_small_jpeg_ls_lossless.dcm" "$corpus/pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm")
client_run() { # KEY BASE ROOT
  local key=$1 out="$raw/client-$1.txt"
  DICOMWEB_ROOT=$3 DICOMWEB_KEEP_GOING=1 timeout 600 node "$root/dicom-http/src/test/node/dicomweb-client-test.mjs" \
    "$2" "$modules" "${client_files[@]}" >"$out" 2>&1 || echo "node exited $?" >>"$out"
  record "client.$key.passed" "$(sed -n 's/^checks passed: //p' "$out" | tail -1)"
  record "client.$key.failed" "$(sed -n 's/^checks failed: //p' "$out" | tail -1)"
}
client_run lightbox "$lb" /dicomweb
client_run orthanc "$or" /dicom-web

log "RSS: 200 MB and 2 GB STOW (one chunked part) and study retrieve"
big_study() { # KEY FILE
  local key=$1 file=$2 code st line
  st=$(tag_of "$file" 0020,000d)
  rss_start "$lb_pid" "$run/rss.sample"
  code=$( { related_body "$file"; } | curl -s -S --max-time 900 -X POST -H "Content-Type: $stow_type" \
    -H 'Expect:' -T - -o "$raw/$key.stow.json" -w '%{http_code}' "$lbw/studies" || echo 000)
  rss_stop "rss.stow-$key" "$lb_pid" "$run/rss.sample"
  echo "STOW of $(basename "$file") ($(stat -c %s "$file") bytes, chunked): HTTP $code" >>"$raw/stow.txt"
  [[ "$code" == 200 ]] || { R[rss.stow-$key]="missing: STOW answered $code"; R[rss.retrieve-$key]="missing: not stored"; return 0; }
  rss_start "$lb_pid" "$run/rss.sample"
  line=$(curl -s -S --max-time 900 -H 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*' \
    -o /dev/null -w '%{http_code} %{size_download} %{speed_download}' "$lbw/studies/$st" || true)
  rss_stop "rss.retrieve-$key" "$lb_pid" "$run/rss.sample"
  echo "retrieve of study $st: $line" >>"$raw/stow.txt"
  [[ "$line" == 200\ * ]] || R[rss.retrieve-$key]="missing: retrieve answered $line"
}
big_study 200m "$inputs/mf-200m.dcm"
big_study 2g "$inputs/mf-2g.dcm"

# ---------------------------------------------------------------- report
is_num() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
cell() { local v=${R[$1]:-missing: not measured}; if is_num "$v"; then echo "$v"; else echo "— (${v#missing: })"; fi; }
ratio() {
  local a=${R[$1]:-x} b=${R[$2]:-x}
  is_num "$a" && is_num "$b" && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }' || echo "–"
}
at_most() { is_num "$1" && awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "yes" : "no") }' || echo "n/a"; }
at_least() { is_num "$1" && awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "yes" : "no") }' || echo "n/a"; }
table="$run/table.md"
{
  echo "| Measurement | Lightbox | Orthanc + DICOMweb | Lightbox ÷ reference | Target | Met |"
  echo "|---|---|---|---|---|---|"
  r=$(ratio qido.lightbox qido.orthanc)
  echo "| QIDO-RS \`GET /studies\`, p50 (ms) | $(cell qido.lightbox) | $(cell qido.orthanc) | ${r}× Orthanc | ≤ 0.33× | $(at_most "$r" 0.334) |"
  r=$(ratio metadata.lightbox metadata.orthanc)
  echo "| WADO-RS metadata, 300-instance series, p50 (ms) | $(cell metadata.lightbox) | $(cell metadata.orthanc) | ${r}× Orthanc | ≤ 0.33× | $(at_most "$r" 0.334) |"
  r=$(ratio rendered.lightbox rendered.orthanc)
  echo "| One frame rendered (JPEG), repeated, p50 (ms) ¹ | $(cell rendered.lightbox) | $(cell rendered.orthanc) | ${r}× Orthanc | ≤ 0.33× | $(at_most "$r" 0.334) |"
  r=$(ratio rendered-cold.lightbox rendered-cold.orthanc)
  echo "| One frame rendered (JPEG), $cold_renders different instances once each, p50 (ms) | $(cell rendered-cold.lightbox) | $(cell rendered-cold.orthanc) | ${r}× Orthanc | ≤ 0.33× | $(at_most "$r" 0.334) |"
  r=$(ratio stow.lightbox stow.orthanc)
  echo "| STOW-RS, $ct_count CT in one request (instances/s) | $(cell stow.lightbox) | $(cell stow.orthanc) | ${r}× Orthanc | (context) | |"
  r=$(ratio stow.lightbox own.lightbox)
  echo "| Own upload route, $ct_count × \`POST /instances\` (instances/s) ² | $(cell own.lightbox) | $(cell own.orthanc) | STOW ÷ own route: ${r} | STOW ≥ own route | $(at_least "$r" 1) |"
  echo "| Peak RSS, STOW of 200 MB (MiB) | $(cell rss.stow-200m) | | | | |"
  r=$(ratio rss.stow-2g rss.stow-200m)
  echo "| Peak RSS, STOW of 2 GB (MiB) | $(cell rss.stow-2g) | | 2 GB ÷ 200 MB: ${r} | flat (≤ 1.25) | $(at_most "$r" 1.25) |"
  echo "| Peak RSS, retrieve of the 200 MB study (MiB) | $(cell rss.retrieve-200m) | | | | |"
  r=$(ratio rss.retrieve-2g rss.retrieve-200m)
  echo "| Peak RSS, retrieve of the 2 GB study (MiB) | $(cell rss.retrieve-2g) | | 2 GB ÷ 200 MB: ${r} | flat (≤ 1.25) | $(at_most "$r" 1.25) |"
  echo "| dicomweb-client checks passed / failed | $(cell client.lightbox.passed) / $(cell client.lightbox.failed) | $(cell client.orthanc.passed) / $(cell client.orthanc.failed) | | | |"
} >"$table"
echo; cat "$table"; echo

version() { "$@" 2>&1 | head -1 | tr -d '\r'; }
mkdir -p "$(dirname "$doc")"
{
  cat <<EOF
# DICOMweb benchmark beside Orthanc + DICOMweb plugin (issue 12)

Generated by \`$command_line\` on $(date -u '+%Y-%m-%d %H:%M UTC') from commit
\`$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && git diff --quiet HEAD 2>/dev/null || echo "+uncommitted")\`.

**Machine:** $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM,
Linux $(uname -r); load average at the end $(cut -d' ' -f1-3 /proc/loadavg). Clients and servers share these cores.
**The machine is shared with other agents' builds and tests, so these numbers are noisy; rerun
the script on a quiet machine before quoting any of them.**

**Software:** $(version java -version); Lightbox with \`-Xmx512m\`; Orthanc $(Orthanc --version 2>&1 | awk 'NR == 1 { print $NF }') with
orthanc-dicomweb $(dpkg-query -W -f '${Version}' orthanc-dicomweb 2>/dev/null || echo '?') (Debian packages, default settings, HTTP and storage compression off);
$(version wrk --version | cut -d' ' -f1-2); $(version curl --version | cut -d' ' -f1-2); Node $(node --version).

## Results

$(cat "$table")

¹ wrk repeats one URL: Lightbox answers repeats from its render cache (as it does for a viewer
that asks twice); the cold row renders each of $cold_renders instances once. ² Lightbox \`POST
/instances\` and Orthanc \`POST /instances\`, one file per request on one keep-alive connection.
Both servers hold the same studies (two of 300 instances, two warm-up halves of 30) when QIDO
and metadata are measured.

Ratios of latencies: Lightbox ÷ Orthanc (lower is better; the target is ≤ 1/3). "—" marks a
measurement that could not be taken; the reason is in brackets. Peak RSS is Lightbox's resident
set: VmHWM reset with \`/proc/PID/clear_refs\` before each phase (root only) and a 20 Hz VmRSS
sampler, the larger of the two. Lightbox idle RSS $(cell rss.lightbox.idle) MiB at start.

## Method

- Inputs (under \`target/dicomweb-bench/inputs\`): two sets of $ct_count copies of a 512×512 16-bit CT
  slice ($( [[ -f "$corpus_ct" ]] && echo "pydicom-data \`693_UNCR.dcm\`" || echo "synthetic, \`gen_dicom.py ct\`")), each set one new study and
  series, every file its own SOP Instance UID (\`dcmodify -gin -m\`); multi-frame 512×512 16-bit
  native files of $mid_frames and $big_frames frames (\`gen_dicom.py multiframe\`).
- STOW-RS: one \`curl --data-binary\` of the prebuilt \`multipart/related; type="application/dicom"\`
  body (${ct_count} parts) to \`/studies\`; the answer must be 200 and reference $ct_count instances.
- Warm-up (untimed): $((warm_count / 2)) instances of another study by STOW-RS and $((warm_count / 2)) by
  \`POST /instances\` to each server before the timed uploads, and a ${warm_seconds} s wrk run of each URL
  before its timed run, so neither server is measured with a cold JIT or cold caches.
- Latencies: \`wrk -t 1 -c 1 -d ${duration}s --latency\` with the \`Accept\` shown, p50 of its
  distribution: \`GET {root}/studies\` (\`application/dicom+json\`),
  \`{root}/studies/{s}/series/{se}/metadata\`, \`{root}/studies/{s}/series/{se}/instances/{i}/frames/1/rendered\`
  (\`image/jpeg\`); roots \`/dicomweb\` (Lightbox) and \`/dicom-web\` (Orthanc). Cold renders:
  \`curl\` \`time_total\` of one GET per instance.
- RSS: one STOW per file as a single part, sent chunked from a pipe (\`curl -T -\`), then a
  WADO-RS retrieve of its study with \`transfer-syntax=*\` to \`/dev/null\`.
- Client checks: \`dicom-http/src/test/node/dicomweb-client-test.mjs\` (dicomweb-client 0.11.3, the
  checks of DicomWebClientTest, expected values from dcmdump) on CT_small, emri_small,
  MR_small_jpeg_ls_lossless and SC_rgb_jpeg_dcmtk, with \`DICOMWEB_KEEP_GOING=1\`.

## dicomweb-client checks that failed

Lightbox:
\`\`\`
$(grep '^FAILED' "$raw/client-lightbox.txt" 2>/dev/null || echo "(none)")
\`\`\`

Orthanc + DICOMweb plugin:
\`\`\`
$(grep '^FAILED' "$raw/client-orthanc.txt" 2>/dev/null || echo "(none)")
\`\`\`

## Raw tool output (summary)

\`\`\`
$(cat "$rawsum")
$(cat "$raw/stow.txt" 2>/dev/null)
$(cat "$raw/rss.txt" 2>/dev/null)
\`\`\`

\`\`\`
$(cat "$raw/wrk-summary.txt" 2>/dev/null)
\`\`\`
EOF
} >"$doc"
log "report written to $doc (raw outputs in $raw)"
