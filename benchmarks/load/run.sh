#!/usr/bin/env bash
# Lightbox HTTP server load benchmark (issue 5): Lightbox next to Orthanc (and nginx for the
# download limit, and a bare Undertow handler for the attribute-GET floor, issue 13) in one run,
# same files, same clients, concurrency 1 and 4, all on 127.0.0.1.
#
# Usage: benchmarks/load/run.sh
#   env LOADBENCH_WORK=DIR      inputs and scratch (default target/loadbench; inputs are reused)
#       LOADBENCH_DURATION=S    seconds per wrk run (default 10)
#       LOADBENCH_DOC=FILE      report path (default docs/performance/http.md)
#       LOADBENCH_SKIP_BUILD=1  reuse dicom-http/target/lightbox.jar
#       LOADBENCH_JAR=FILE      benchmark this Lightbox jar instead (no build)
#       LOADBENCH_LIGHTBOX_ARGS="..."  extra `lightbox serve` flags, e.g. "--render-cache-bytes 0"
#
# What it does
#   1. When run as root, installs the missing Debian tools with apt-get: orthanc, nginx-light, wrk,
#      curl, dcmtk. NOTE: on a machine with a working init system the packages' postinst scripts
#      start the system orthanc (port 8042) and nginx (port 80) services; the benchmark does not use
#      them (stop them yourself if they disturb the numbers). Not root and a tool missing -> error.
#   2. Builds Lightbox (mvn -q -B -DskipTests package).
#   3. Generates inputs under $LOADBENCH_WORK/inputs: 2 x 300 distinct 512x512 16-bit CT files
#      (one set per upload concurrency, so no upload is an "already stored"), a 1024x1024 RGB file,
#      a JPEG-lossless CT (dcmcjpeg +e1), a 200 MB and a 2 GB multi-frame native file (streamed to
#      disk by gen_dicom.py).
#   4. Starts Lightbox through the ./lightbox launcher (its default JVM settings, docs/performance.md
#      "Memory"), Orthanc (own config, own storage, no DICOM server, no auth), nginx (own prefix,
#      pid, logs; serves the 200 MB file) and the HTTP floor (UndertowFloor.java: bare Undertow
#      answering Lightbox's PatientName answer bytes from its I/O thread), and for the upload
#      batches only the upload floor (UploadFloor.java: bare Undertow writing each body to a new
#      file, nothing else), each on a free 127.0.0.1 port, and stops each by its own PID on any exit.
#   5. Measures with curl (uploads, downloads) and wrk (GETs) at concurrency 1 and 4 (uploads also 8), samples
#      Lightbox RSS (VmHWM after clear_refs, plus a VmRSS sampler) while uploading and downloading
#      the 200 MB and 2 GB files and over the whole run (a 10 Hz VmRSS sampler), prints a Markdown
#      table and writes it to $LOADBENCH_DOC.
# Every loop is bounded in count, every client call in time (timeout / --max-time).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/load"
# shellcheck source=lib.sh
source "$here/lib.sh"
work="${LOADBENCH_WORK:-$root/target/loadbench}"
duration="${LOADBENCH_DURATION:-10}"
doc="${LOADBENCH_DOC:-$root/docs/performance/http.md}"
ct_count=300
mid_frames=400    # 400 x 512 KiB = 200 MiB of pixel data
big_frames=4096   # 4096 x 512 KiB = 2 GiB of pixel data
corpus_ct="$root/../shared/corpus/pydicom/pydicom-data/693_UNCR.dcm"
command_line="benchmarks/load/run.sh${LOADBENCH_DURATION:+ (LOADBENCH_DURATION=$duration)}"

die() { echo "run.sh: error: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }
[[ "$duration" =~ ^[0-9]+$ ]] && ((duration >= 1 && duration <= 300)) || die "LOADBENCH_DURATION must be 1..300"

# ---------------------------------------------------------------- tools
declare -A tool_package=([Orthanc]=orthanc [nginx]=nginx-light [wrk]=wrk [curl]=curl
  [dcmodify]=dcmtk [dcmcjpeg]=dcmtk [dcmdump]=dcmtk [python3]=python3 [java]=openjdk-17-jdk-headless [mvn]=maven)
missing=()
for t in "${!tool_package[@]}"; do
  command -v "$t" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$t" >/dev/null 2>&1 || missing+=("${tool_package[$t]}")
done
export PATH="$PATH:/usr/sbin"
if ((${#missing[@]})); then
  packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
  [[ $(id -u) -eq 0 ]] || die "missing tools; install the Debian packages: $packages"
  log "installing $packages"
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q $packages >&2 \
    || { timeout 600 apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q $packages >&2; } \
    || die "apt-get install $packages failed"
fi

# ---------------------------------------------------------------- cleanup
run="$work/run"
raw="$work/raw"
pids=()
samplers=()
www=""
cleanup() {
  local status=$?
  set +e
  for p in "${samplers[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && { echo "run.sh: PID $p ignored SIGTERM for 10 s, sending SIGKILL" >&2; kill -KILL "$p"; }
  done
  [[ -n "$www" && -d "$www" ]] && rm -rf "$www"
  rm -rf "$run" # server storage (holds copies of the 2 GB file)
  ((status == 0)) || echo "run.sh: failed (exit $status); raw outputs in $raw" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---------------------------------------------------------------- build
jar="${LOADBENCH_JAR:-$root/dicom-http/target/lightbox.jar}"
if [[ -z "${LOADBENCH_JAR:-}" ]] && [[ "${LOADBENCH_SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  log "building Lightbox"
  (cd "$root" && timeout 1800 mvn -q -B -DskipTests package) || die "maven build failed"
fi
[[ -f "$jar" ]] || die "no $jar after the build"

# ---------------------------------------------------------------- inputs
inputs="$work/inputs"
marker="$inputs/.complete-v1"
# ct_set NAME COUNT: $inputs/NAME holds COUNT copies of the CT template, each with a new SOP
# Instance and Series UID (dcmodify -gin -gse; -nb: no .bak copies), and a marker when complete.
ct_set() {
  local dir="$inputs/$1" count=$2 i
  rm -rf "$dir" && mkdir -p "$dir"
  for ((i = 1; i <= count; i++)); do cp "$inputs/ct-template.dcm" "$dir/$(printf %04d "$i").dcm"; done
  timeout 300 dcmodify -nb -q -gin -gse "$dir"/*.dcm
  touch "$dir/.complete-$count"
}
# ensure_ct_set NAME COUNT: ct_set unless that set is already complete
ensure_ct_set() { [[ -f "$inputs/$1/.complete-$2" ]] || ct_set "$1" "$2"; }
if [[ ! -f "$marker" ]]; then
  log "generating inputs in $inputs"
  rm -rf "$inputs" && mkdir -p "$inputs"
  if [[ -f "$corpus_ct" ]]; then
    cp "$corpus_ct" "$inputs/ct-template.dcm"
  else
    python3 "$here/gen_dicom.py" ct "$inputs/ct-template.dcm"
  fi
  chmod u+w "$inputs/ct-template.dcm"
  ct_set ct-c1 "$ct_count"
  ct_set ct-c4 "$ct_count"
  cp "$inputs/ct-template.dcm" "$inputs/ct-jpeg-src.dcm"
  timeout 60 dcmodify -nb -q -gin -gse "$inputs/ct-jpeg-src.dcm"
  timeout 60 dcmcjpeg +e1 "$inputs/ct-jpeg-src.dcm" "$inputs/ct-jpeg-lossless.dcm"   # JPEG Lossless SV1, 1.2.840.10008.1.2.4.70
  rm "$inputs/ct-jpeg-src.dcm"
  python3 "$here/gen_dicom.py" rgb "$inputs/rgb-1024.dcm"
  python3 "$here/gen_dicom.py" multiframe "$inputs/mf-200m.dcm" "$mid_frames"
  python3 "$here/gen_dicom.py" multiframe "$inputs/mf-2g.dcm" "$big_frames"
  uids=$(for f in "$inputs"/ct-c1/*.dcm "$inputs"/ct-c4/*.dcm; do dcmdump -q +P 0008,0018 "$f"; done | sort -u | wc -l)
  ((uids == 2 * ct_count)) || die "expected $((2 * ct_count)) distinct SOP Instance UIDs in the CT sets, found $uids"
  touch "$marker"
fi
# A third set of distinct CT files warms both servers up before anything is timed (a JVM server
# in service has compiled its ingest path; Orthanc, native code, needs no warm-up but gets the
# same files). 900 new instances: code that runs a few times per upload reaches C2 only after
# 1,000-2,500 uploads (Tier4InvocationThreshold 5000), and re-sending stored files ("already
# stored") does not warm the insert path. Concurrency 8 (issue 13's durable group-commit row) gets
# its own set too. Each is generated on its own so existing inputs are reused.
warm_count=$((3 * ct_count))
ensure_ct_set ct-warm "$warm_count"
ensure_ct_set ct-c8 "$ct_count"
# A second 200 MB file (own UIDs), uploaded unmeasured before the measured one: see "200 MB file".
[[ -f "$inputs/mf-200m-warm.dcm" ]] || python3 "$here/gen_dicom.py" multiframe "$inputs/mf-200m-warm.dcm" "$mid_frames"
sop_uid() { dcmdump -q +P 0008,0018 "$1" | sed -n 's/.*\[\(.*\)\].*/\1/p'; }
ct_one="$inputs/ct-c1/0001.dcm"

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
# The launcher execs java, so $! is the server JVM's PID; LIGHTBOX_JAR skips its build check.
LIGHTBOX_JAR="$jar" "$root/lightbox" serve --host 127.0.0.1 --port "$lb_port" --data "$run/lightbox-data" \
  --max-upload-bytes 4294967296 ${LOADBENCH_LIGHTBOX_ARGS:-} >"$run/lightbox.log" 2>&1 &
lb_pid=$!; pids+=("$lb_pid")
wait_ready lightbox "$lb_pid" grep -q "Lightbox listening on http://127.0.0.1:$lb_port/" "$run/lightbox.log"
lb="http://127.0.0.1:$lb_port"
lb_jvm_flags=$(tr '\0' ' ' <"/proc/$lb_pid/cmdline" | sed 's/ -jar .*//; s/^[^ ]* //')
# Peak RSS over the whole run: a 10 Hz VmRSS sampler for as long as the server lives (at most 2 h).
(
  max=0
  for ((n = 0; n < 72000; n++)); do
    kb=""
    while read -r k v _; do if [[ "$k" == VmRSS: ]]; then kb=$v; fi; done <"/proc/$lb_pid/status" 2>/dev/null || break
    if [[ -n "$kb" ]] && ((kb > max)); then max=$kb; echo "$max" >"$run/rss.whole-run"; fi
    sleep 0.1
  done
) &
samplers+=($!)

or_port=$(free_port); or_dicom_port=$(free_port)
mkdir -p "$run/orthanc-db"
cat >"$run/orthanc.json" <<EOF
{
  "Name": "lightbox-loadbench",
  "StorageDirectory": "$run/orthanc-db",
  "IndexDirectory": "$run/orthanc-db",
  "HttpPort": $or_port,
  "DicomServerEnabled": false,
  "DicomPort": $or_dicom_port,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "HttpCompressionEnabled": false,
  "StorageCompression": false,
  "Plugins": [],
  "SaveJobs": false
}
EOF
Orthanc "$run/orthanc.json" >"$run/orthanc.log" 2>&1 &
or_pid=$!; pids+=("$or_pid")
or="http://127.0.0.1:$or_port"
wait_ready orthanc "$or_pid" curl -sf --max-time 2 "$or/system"

# nginx runs unprivileged files from a world-readable temp root (workers may run as nobody).
www=$(mktemp -d /tmp/lightbox-loadbench-www.XXXXXX)
chmod 755 "$www"
ln "$inputs/mf-200m.dcm" "$www/mf-200m.dcm" 2>/dev/null || cp "$inputs/mf-200m.dcm" "$www/mf-200m.dcm"
chmod 644 "$www/mf-200m.dcm"
ng_port=$(free_port)
mkdir -p "$run/nginx/tmp"
cat >"$run/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $run/nginx/nginx.pid;
error_log $run/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type application/dicom;
  client_body_temp_path $run/nginx/tmp/body;
  proxy_temp_path $run/nginx/tmp/proxy;
  fastcgi_temp_path $run/nginx/tmp/fastcgi;
  uwsgi_temp_path $run/nginx/tmp/uwsgi;
  scgi_temp_path $run/nginx/tmp/scgi;
  server { listen 127.0.0.1:$ng_port; root $www; }
}
EOF
nginx -p "$run/nginx" -e "$run/nginx/error.log" -c "$run/nginx/nginx.conf" >"$run/nginx.log" 2>&1 &
ng_pid=$!; pids+=("$ng_pid")
ng="http://127.0.0.1:$ng_port"
wait_ready nginx "$ng_pid" curl -sf --max-time 2 -r 0-0 -o /dev/null "$ng/mf-200m.dcm"
log "Lightbox $lb (PID $lb_pid), Orthanc $or (PID $or_pid), nginx $ng (PID $ng_pid)"

# ---------------------------------------------------------------- results
declare -A R=()      # key -> number, or "missing: reason"
notes=()             # extra lines for the report
rawsum="$raw/summary.txt"
: >"$rawsum"
record() { R[$1]=$2; printf '%s = %s\n' "$1" "$2" >>"$rawsum"; }

# the last upload refusal, shortened for a table cell
refusal() { tail -n 1 "$raw/upload-errors.txt" 2>/dev/null | sed 's/.*answered \([0-9]*\).*"detail":"\([^"]\{0,120\}\).*/HTTP \1: \2/' | tr -d '|'; }

# upload_one URL FILE -> prints the server's id for the instance (Lightbox "id", Orthanc "ID")
upload_one() {
  local body
  body=$(curl -s -S --max-time 600 -X POST -H 'Content-Type: application/dicom' -H 'Expect:' \
    -T "$2" -w '\n%{http_code}' "$1/instances") || return 1
  local code=${body##*$'\n'}
  [[ "$code" == 200 || "$code" == 201 ]] || { local text=${body%$'\n'*}; echo "upload of $(basename "$2") answered $code: ${text:0:300}" | tr '\n' ' ' >&2; echo >&2; return 1; }
  python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d.get("id") or d["ID"])' "${body%$'\n'*}"
}

# upload_batch NAME URL DIR CONCURRENCY -> records uploads/s; one keep-alive curl process per connection
upload_batch() {
  local name=$1 url=$2 dir=$3 conc=$4 files i
  files=("$dir"/*.dcm)
  local cfgdir="$run/upload-$name-c$conc"
  mkdir -p "$cfgdir"
  for ((i = 0; i < conc; i++)); do : >"$cfgdir/$i.cfg"; done
  for ((i = 0; i < ${#files[@]}; i++)); do
    printf 'url = "%s/instances"\nupload-file = "%s"\nrequest = "POST"\nheader = "Content-Type: application/dicom"\nheader = "Expect:"\nsilent\nshow-error\nmax-time = 60\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' \
      "$url" "${files[$i]}" >>"$cfgdir/$((i % conc)).cfg"
  done
  local start end cpids=()
  start=$(now_ns)
  for ((i = 0; i < conc; i++)); do
    timeout 600 curl -K "$cfgdir/$i.cfg" >"$cfgdir/$i.codes" 2>>"$cfgdir/errors" & cpids+=($!)
  done
  for p in "${cpids[@]}"; do wait "$p" || true; done
  end=$(now_ns)
  local ok total
  ok=$(cat "$cfgdir"/*.codes | grep -cE '^20[01]$' || true)
  total=$(cat "$cfgdir"/*.codes | wc -l)
  {
    echo "upload $name c=$conc: $ok of ${#files[@]} answered 200/201 in $(( (end - start) / 1000000 )) ms"
    echo "  status counts: $(sort "$cfgdir"/*.codes | uniq -c | tr '\n' ' ')"
  } >>"$raw/uploads.txt"
  if ((ok != ${#files[@]})); then
    record "upload.$name.c$conc" "missing: $ok of ${#files[@]} uploads succeeded ($total answers; $(head -c 200 "$cfgdir/errors" | tr '\n' ' '))"
  else
    record "upload.$name.c$conc" "$(awk -v n="$ok" -v ns="$((end - start))" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')"
  fi
}

# wrk_rate KEY URL CONCURRENCY -> records requests/s, or why not
wrk_rate() {
  local key=$1 url=$2 conc=$3 code threads out
  code=$(curl -s --max-time 60 -o "$raw/$key.probe" -w '%{http_code}' "$url" || echo 000)
  if [[ "$code" != 200 ]]; then
    record "$key" "missing: HTTP $code $(head -c 200 "$raw/$key.probe" | tr -c '[:print:]' ' ')"
    return 0
  fi
  threads=$((conc < 2 ? conc : 2))
  out="$raw/$key.wrk.txt"
  if ! timeout $((duration + 60)) wrk -t "$threads" -c "$conc" -d "${duration}s" --timeout 30s --latency "$url" >"$out" 2>&1; then
    record "$key" "missing: wrk failed ($(tail -c 200 "$out" | tr '\n' ' '))"
    return 0
  fi
  local rps bad
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  if [[ -n "$bad" ]]; then
    record "$key" "missing: $bad non-2xx answers during the wrk run"
  else
    record "$key" "$(printf '%.1f' "$rps")"
  fi
  { echo "--- $key: wrk -t $threads -c $conc -d ${duration}s $url"; grep -E 'Latency|Req/Sec|requests in|Requests/sec|Transfer/sec|Socket errors|  50%|  99%' "$out"; } >>"$raw/wrk-summary.txt"
}

# download_rate KEY URL BYTES CONCURRENCY -> records MB/s (10^6 bytes/s); c=1: median of 5 after a warm-up,
# c>1: CONCURRENCY parallel curls, aggregate bytes / wall time, median of 3 rounds
download_rate() {
  local key=$1 url=$2 bytes=$3 conc=$4 r i speeds=() line
  curl -s --max-time 300 -o /dev/null "$url" || true   # warm-up (page cache, JIT)
  for ((r = 0; r < (conc == 1 ? 5 : 3); r++)); do
    local start end cpids=() ok=1
    start=$(now_ns)
    for ((i = 0; i < conc; i++)); do
      curl -s -S --max-time 300 -o /dev/null -w '%{http_code} %{size_download} %{speed_download}\n' "$url" \
        >"$run/dl.$i" 2>&1 & cpids+=($!)
    done
    for p in "${cpids[@]}"; do wait "$p" || ok=0; done
    end=$(now_ns)
    for ((i = 0; i < conc; i++)); do
      line=$(cat "$run/dl.$i")
      echo "$key round $r: $line" >>"$raw/downloads.txt"
      [[ "$line" == "200 $bytes "* ]] || ok=0
    done
    if ((ok == 0)); then record "$key" "missing: download failed ($(cat "$run"/dl.* | head -c 200 | tr '\n' ' '))"; return 0; fi
    speeds+=("$(awk -v b="$((bytes * conc))" -v ns="$((end - start))" 'BEGIN { printf "%.1f", b / (ns / 1e9) / 1e6 }')")
  done
  echo "$key wall-clock MB/s per round: ${speeds[*]}" >>"$raw/downloads.txt"
  record "$key" "$(printf '%s\n' "${speeds[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
}


# ---------------------------------------------------------------- measurements
record "rss.lightbox.idle" "$(rss_now "$lb_pid")"
record "rss.orthanc.idle" "$(rss_now "$or_pid")"

# The upload floor (UploadFloor.java, mode "file"): bare Undertow that only receives each body into
# a new file, no hash, no parse, no index, no fsync. No store on this stack and disk can upload
# faster; it runs only during the upload batches.
uf_port=$(free_port)
java -Xmx64m -XX:+UseSerialGC -cp "$jar" "$here/UploadFloor.java" file "$uf_port" "$run/upload-floor-data" \
  >"$run/upload-floor.log" 2>&1 &
uf_pid=$!; pids+=("$uf_pid")
wait_ready upload-floor "$uf_pid" grep -q "upload floor listening on $uf_port" "$run/upload-floor.log"
uf="http://127.0.0.1:$uf_port"

log "warm-up: $warm_count other CT files to each server, concurrency 2 (untimed)"
upload_batch lightbox "$lb" "$inputs/ct-warm" 2
upload_batch orthanc "$or" "$inputs/ct-warm" 2
upload_batch floor "$uf" "$inputs/ct-warm" 2
unset 'R[upload.lightbox.c2]' 'R[upload.orthanc.c2]' 'R[upload.floor.c2]'
for conc in 1 4 8; do
  log "upload of $ct_count CT files, concurrency $conc"
  upload_batch lightbox "$lb" "$inputs/ct-c$conc" "$conc"
  upload_batch orthanc "$or" "$inputs/ct-c$conc" "$conc"
  upload_batch floor "$uf" "$inputs/ct-c$conc" "$conc"
done
kill "$uf_pid" 2>/dev/null || true
wait "$uf_pid" 2>/dev/null || true
record "rss.lightbox.after-uploads" "$(rss_now "$lb_pid")"

log "uploading the single test images"
lb_ct=$(upload_one "$lb" "$ct_one") || die "Lightbox upload of $ct_one failed"
or_ct=$(upload_one "$or" "$ct_one") || die "Orthanc upload of $ct_one failed"
# The HTTP floor answers every request with the bytes Lightbox answers PatientName with.
curl -sf --max-time 30 -o "$run/attr-body.json" "$lb/instances/$lb_ct/attributes/PatientName" \
  || die "Lightbox did not answer the PatientName attribute of $lb_ct"
fl_port=$(free_port)
java -Xmx64m -cp "$jar" "$here/UndertowFloor.java" "$fl_port" "$run/attr-body.json" >"$run/floor.log" 2>&1 &
fl_pid=$!; pids+=("$fl_pid")
wait_ready floor "$fl_pid" grep -q "floor listening on $fl_port" "$run/floor.log"
fl="http://127.0.0.1:$fl_port"
log "HTTP floor $fl (PID $fl_pid)"
declare -A lb_ids=() or_ids=() lb_refused=() or_refused=()
for img in rgb-1024 ct-jpeg-lossless; do
  lb_ids[$img]=$(upload_one "$lb" "$inputs/$img.dcm" 2>>"$raw/upload-errors.txt") || lb_ids[$img]=""
  [[ -n "${lb_ids[$img]}" ]] || lb_refused[$img]=$(refusal)
  or_ids[$img]=$(upload_one "$or" "$inputs/$img.dcm" 2>>"$raw/upload-errors.txt") || or_ids[$img]=""
  [[ -n "${or_ids[$img]}" ]] || or_refused[$img]=$(refusal)
done

for conc in 1 4; do
  log "attribute GETs, concurrency $conc"
  wrk_rate "attr.floor.c$conc" "$fl/instances/$lb_ct/attributes/PatientName" "$conc"
  wrk_rate "attr.lightbox.c$conc" "$lb/instances/$lb_ct/attributes/PatientName" "$conc"
  wrk_rate "attr.orthanc.c$conc" "$or/instances/$or_ct/content/0010-0010" "$conc"
  wrk_rate "attr-rows.lightbox.c$conc" "$lb/instances/$lb_ct/attributes/Rows" "$conc"
  wrk_rate "attr-rows.orthanc.c$conc" "$or/instances/$or_ct/content/0028-0010" "$conc"
  wrk_rate "dataset.lightbox.c$conc" "$lb/instances/$lb_ct/attributes" "$conc"
  wrk_rate "dataset.orthanc.c$conc" "$or/instances/$or_ct/tags?simplify" "$conc"
  log "rendered PNG GETs, concurrency $conc"
  wrk_rate "render-ct.lightbox.c$conc" "$lb/instances/$lb_ct/rendered" "$conc"
  wrk_rate "render-ct.orthanc.c$conc" "$or/instances/$or_ct/preview" "$conc"
  for img in rgb-1024 ct-jpeg-lossless; do
    if [[ -n "${lb_ids[$img]}" ]]; then
      wrk_rate "render-$img.lightbox.c$conc" "$lb/instances/${lb_ids[$img]}/rendered" "$conc"
    else
      record "render-$img.lightbox.c$conc" "missing: upload refused (${lb_refused[$img]})"
    fi
    if [[ -n "${or_ids[$img]}" ]]; then
      wrk_rate "render-$img.orthanc.c$conc" "$or/instances/${or_ids[$img]}/preview" "$conc"
    else
      record "render-$img.orthanc.c$conc" "missing: upload refused (${or_refused[$img]})"
    fi
  done
done

mid_bytes=$(stat -c %s "$inputs/mf-200m.dcm")
big_bytes=$(stat -c %s "$inputs/mf-2g.dcm")
log "200 MB file: upload (RSS) and downloads"
# The first large upload a server takes compiles its large-body path once (measured: +8 MiB peak
# on the first 200 MB upload, +0 on a second one and on a 2 GB one), so each server first gets
# another 200 MB file, unmeasured: the 200 MB and 2 GB rows then compare file sizes only. The
# whole-run peak still includes it. sync: its writeback must not overlap the measured phases.
upload_one "$lb" "$inputs/mf-200m-warm.dcm" >/dev/null 2>>"$raw/upload-errors.txt" || true
upload_one "$or" "$inputs/mf-200m-warm.dcm" >/dev/null 2>>"$raw/upload-errors.txt" || true
sync
rss_start "$lb_pid" "$run/rss.sample"
lb_mid=$(upload_one "$lb" "$inputs/mf-200m.dcm" 2>>"$raw/upload-errors.txt") || lb_mid=""
rss_stop rss.lightbox.upload-200m "$lb_pid" "$run/rss.sample"
[[ -n "$lb_mid" ]] || R[rss.lightbox.upload-200m]="missing: upload refused ($(refusal))"
rss_start "$or_pid" "$run/rss.sample"
or_mid=$(upload_one "$or" "$inputs/mf-200m.dcm" 2>>"$raw/upload-errors.txt") || or_mid=""
rss_stop rss.orthanc.upload-200m "$or_pid" "$run/rss.sample"
[[ -n "$or_mid" ]] || R[rss.orthanc.upload-200m]="missing: upload refused ($(refusal))"
for conc in 1 4; do
  if [[ -n "$lb_mid" ]]; then
    rss_start "$lb_pid" "$run/rss.sample"
    download_rate "download.lightbox.c$conc" "$lb/instances/$lb_mid/file" "$mid_bytes" "$conc"
    rss_stop "rss.lightbox.download-200m.c$conc" "$lb_pid" "$run/rss.sample"
  else
    record "download.lightbox.c$conc" "missing: upload refused"
    record "rss.lightbox.download-200m.c$conc" "missing: upload refused"
  fi
  if [[ -n "$or_mid" ]]; then
    rss_start "$or_pid" "$run/rss.sample"
    download_rate "download.orthanc.c$conc" "$or/instances/$or_mid/file" "$mid_bytes" "$conc"
    rss_stop "rss.orthanc.download-200m.c$conc" "$or_pid" "$run/rss.sample"
  else
    record "download.orthanc.c$conc" "missing: upload refused"
  fi
  download_rate "download.nginx.c$conc" "$ng/mf-200m.dcm" "$mid_bytes" "$conc"
done

log "2 GB file: Lightbox upload and download (RSS)"
rss_start "$lb_pid" "$run/rss.sample"
start=$(now_ns)
if lb_big=$(upload_one "$lb" "$inputs/mf-2g.dcm" 2>>"$raw/upload-errors.txt"); then
  end=$(now_ns)
  echo "Lightbox upload of the 2 GB file: $(( (end - start) / 1000000 )) ms" >>"$raw/downloads.txt"
  rss_stop rss.lightbox.upload-2g "$lb_pid" "$run/rss.sample"
  rss_start "$lb_pid" "$run/rss.sample"
  line=$(curl -s -S --max-time 600 -o /dev/null -w '%{http_code} %{size_download} %{speed_download}' "$lb/instances/$lb_big/file" || true)
  echo "Lightbox download of the 2 GB file: $line" >>"$raw/downloads.txt"
  rss_stop rss.lightbox.download-2g "$lb_pid" "$run/rss.sample"
  [[ "$line" == "200 $big_bytes "* ]] || R[rss.lightbox.download-2g]="missing: download answered $line"
else
  rss_stop rss.lightbox.upload-2g "$lb_pid" "$run/rss.sample"
  R[rss.lightbox.upload-2g]="missing: upload refused ($(refusal))"
  R[rss.lightbox.download-2g]="missing: upload refused"
fi

record "rss.lightbox.whole-run" "$(awk '{ printf "%.0f", $1 / 1024 }' "$run/rss.whole-run" 2>/dev/null || echo 0)"
record "rss.lightbox.end" "$(rss_now "$lb_pid")"

# ---------------------------------------------------------------- report
is_num() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
cell() { local v=${R[$1]:-missing: not measured}; if is_num "$v"; then echo "$v"; else echo "— (${v#missing: })"; fi; }
ratio() { # a b -> "a/b" with two decimals, or –
  local a=${R[$1]:-x} b=${R[$2]:-x}
  is_num "$a" && is_num "$b" && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }' || echo "–"
}
verdict() { # ratio threshold
  is_num "$1" && awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "yes" : "no") }' || echo "n/a"
}
table="$run/table.md"
{
  echo "| Measurement | c | Lightbox | Orthanc | nginx / HTTP floor | Lightbox ÷ reference | Target | Met |"
  echo "|---|---|---|---|---|---|---|---|"
  for conc in 1 4 8; do
    r=$(ratio "upload.lightbox.c$conc" "upload.orthanc.c$conc")
    f=$(ratio "upload.floor.c$conc" "upload.orthanc.c$conc")
    echo "| Upload, 300 CT 512×512 (req/s) ⁴ | $conc | $(cell "upload.lightbox.c$conc") | $(cell "upload.orthanc.c$conc") | $(cell "upload.floor.c$conc") | ${r}× Orthanc (floor ${f}×) | ≥ 3× Orthanc | $(verdict "$r" 3) |"
  done
  for conc in 1 4; do
    r=$(ratio "attr.lightbox.c$conc" "attr.orthanc.c$conc")
    f=$(ratio "attr.lightbox.c$conc" "attr.floor.c$conc")
    pct=$(is_num "$f" && awk -v r="$f" 'BEGIN { printf "%.0f%%", r * 100 }' || echo "–")
    # issue 13: >= 70 % of the floor at both; ahead of Orthanc at 4, within 10 % of it at 1
    need=$([[ $conc == 1 ]] && echo 0.9 || echo 1)
    met="n/a"
    if is_num "$f" && is_num "$r"; then
      met=$(awk -v f="$f" -v r="$r" -v n="$need" 'BEGIN { print (f >= 0.7 && r >= n ? "yes" : "no") }')
    fi
    echo "| Attribute GET, PatientName (req/s) ¹ | $conc | $(cell "attr.lightbox.c$conc") | $(cell "attr.orthanc.c$conc") | $(cell "attr.floor.c$conc") | $pct of floor, ${r}× Orthanc | ≥ 70% of floor, ≥ ${need}× Orthanc | $met |"
  done
  for conc in 1 4; do
    r=$(ratio "attr-rows.lightbox.c$conc" "attr-rows.orthanc.c$conc")
    echo "| Attribute GET, Rows (req/s) ² | $conc | $(cell "attr-rows.lightbox.c$conc") | $(cell "attr-rows.orthanc.c$conc") | | ${r}× Orthanc | ≥ 5× Orthanc | $(verdict "$r" 5) |"
  done
  for conc in 1 4; do
    r=$(ratio "dataset.lightbox.c$conc" "dataset.orthanc.c$conc")
    echo "| Whole dataset as JSON (req/s) ³ | $conc | $(cell "dataset.lightbox.c$conc") | $(cell "dataset.orthanc.c$conc") | | ${r}× Orthanc | (context) | |"
  done
  for img in ct rgb-1024 ct-jpeg-lossless; do
    case $img in
      ct) label="Rendered PNG, CT 512×512 16-bit (req/s)" ;;
      rgb-1024) label="Rendered PNG, RGB 1024×1024 (req/s)" ;;
      ct-jpeg-lossless) label="Rendered PNG, CT 512×512 JPEG lossless (req/s)" ;;
    esac
    # issue 13: uncached (first-view) 1024² RGB renders >= 3x Orthanc (deflate-bound), all else 5x
    want=5
    [[ $img == rgb-1024 && " ${LOADBENCH_LIGHTBOX_ARGS:-} " == *" --render-cache-bytes 0 "* ]] && want=3
    for conc in 1 4; do
      r=$(ratio "render-$img.lightbox.c$conc" "render-$img.orthanc.c$conc")
      echo "| $label | $conc | $(cell "render-$img.lightbox.c$conc") | $(cell "render-$img.orthanc.c$conc") | | ${r}× Orthanc | ≥ ${want}× Orthanc | $(verdict "$r" "$want") |"
    done
  done
  for conc in 1 4; do
    r=$(ratio "download.lightbox.c$conc" "download.nginx.c$conc")
    pct=$(is_num "$r" && awk -v r="$r" 'BEGIN { printf "%.0f%%", r * 100 }' || echo "–")
    echo "| Download, 200 MB file (MB/s, aggregate) | $conc | $(cell "download.lightbox.c$conc") | $(cell "download.orthanc.c$conc") | $(cell "download.nginx.c$conc") | $pct of nginx | ≥ 90% of nginx | $(verdict "$r" 0.9) |"
  done
  rss_row() { # label lightbox-key orthanc-key
    local v=${R[$2]:-x} met="n/a"
    is_num "$v" && met=$(awk -v v="$v" 'BEGIN { print (v < 300 ? "yes" : "no") }')
    echo "| $1 | 1 | $(cell "$2") | ${3:+$(cell "$3")} | | | < 300 MB | $met |"
  }
  rss_row "Peak RSS, uploading 200 MB (MiB)" rss.lightbox.upload-200m rss.orthanc.upload-200m
  rss_row "Peak RSS, downloading 200 MB (MiB)" rss.lightbox.download-200m.c1 rss.orthanc.download-200m.c1
  rss_row "Peak RSS, uploading 2 GB (MiB)" rss.lightbox.upload-2g ""
  rss_row "Peak RSS, downloading 2 GB (MiB)" rss.lightbox.download-2g ""
  rss_row "Peak RSS, whole run (MiB)" rss.lightbox.whole-run ""
} >"$table"

echo
cat "$table"
echo

version() { "$@" 2>&1 | head -1 | tr -d '\r'; }
# Before the report is opened for writing: the report file itself must not count as a change.
source_commit="$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && git diff --quiet HEAD 2>/dev/null || echo "+uncommitted")"
mkdir -p "$(dirname "$doc")"
{
  cat <<EOF
# HTTP server load benchmark (issue 5)

Generated by \`$command_line\` on $(date -u '+%Y-%m-%d %H:%M UTC') from commit
\`$source_commit\`.

**Machine:** $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM,
Linux $(uname -r). Clients and servers share these cores. **This machine is shared with other
agents' builds and tests, so these numbers are noisy; the lead reruns the script on a quiet
machine before any of them is quoted as a result.**

**Software:** $(version java -version); Lightbox through \`./lightbox serve\` (JVM flags: \`$lb_jvm_flags\`); Orthanc $(Orthanc --version 2>&1 | awk 'NR == 1 { print $NF }') (Debian
package, default threads, no plugins, HTTP compression off, storage compression off);
$(version nginx -v) (2 workers, sendfile); $(version wrk --version | cut -d' ' -f1-2); $(version curl --version | cut -d' ' -f1-2).

## Results

$(cat "$table")

¹ Orthanc keeps PatientName in its SQLite index ("main DICOM tags"), so its answer needs no
file access. ² Rows is not an Orthanc main tag at instance level, so Orthanc reads the stored
file (or its parsed-file cache) for it. ³ Lightbox \`/instances/{uid}/attributes\` (DICOM JSON) and Orthanc
\`/instances/{id}/tags?simplify\`; not a target, shown because "attribute GET" is sometimes
measured this way. ⁴ The upload floor column is bare Undertow writing each body to a new file and
nothing else (see Method); "floor N×" is that floor's rate ÷ Orthanc's.

Ratios are Lightbox ÷ Orthanc (uploads, GETs) or Lightbox ÷ nginx (download). "—" marks a
measurement that could not be taken; the reason is in brackets. Peak RSS is the server's
resident set: VmHWM reset with \`/proc/PID/clear_refs\` before each phase (root only) and a 20 Hz
VmRSS sampler; the larger of the two is reported. Lightbox idle RSS $(cell rss.lightbox.idle) MiB
at start, $(cell rss.lightbox.after-uploads) MiB after the $((3 * ct_count)) timed uploads, $(cell rss.lightbox.end) MiB at the end; Orthanc idle $(cell rss.orthanc.idle) MiB.
Flat in file size means the 2 GB rows should be close to the 200 MB rows. The JVM keeps heap it
has touched once, so a peak after the uploads includes the heap those uploads grew.

## Method

- Inputs (generated under \`target/loadbench/inputs\`): 2 × 300 copies of a 512×512 16-bit CT
  slice ($( [[ -f "$corpus_ct" ]] && echo "pydicom-data \`693_UNCR.dcm\`" || echo "synthetic, \`gen_dicom.py ct\`"))
  with new SOP Instance and Series UIDs (\`dcmodify -gin -gse\`), one set per upload
  concurrency so every upload stores a new instance; a 1024×1024 RGB secondary capture
  (\`gen_dicom.py rgb\`); the CT compressed with \`dcmcjpeg +e1\` (JPEG Lossless SV1);
  multi-frame 512×512 16-bit native files of $mid_frames frames ($mid_bytes bytes) and $big_frames frames
  ($big_bytes bytes), streamed to disk by \`gen_dicom.py multiframe\`.
- Upload: the 300 files split round-robin over c \`curl -K\` processes, each sending its files
  one after another on one keep-alive connection (\`POST /instances\`, \`Content-Type:
  application/dicom\`); rate = 300 ÷ wall-clock time; every answer must be 200/201. Before
  the first timed upload each server gets a third set of $((3 * ct_count)) distinct CT files at
  concurrency 2, untimed (JIT warm-up of Lightbox's ingest path; the same files go to Orthanc).
- Upload floor ⁴: the same upload batches, right after Orthanc's, against
  \`benchmarks/load/UploadFloor.java file\`: bare Undertow (from the Lightbox jar, Lightbox's
  64 KiB buffers) receiving each body on a worker into a new file, with no hash, no parse, no
  index and no fsync, and answering 201. "floor N×" is its rate over Orthanc's: an upload target
  above it cannot be met by any store on this stack and disk, durable or not.
- HTTP floor: the same wrk settings against \`benchmarks/load/UndertowFloor.java\`, bare Undertow
  (same version, from the Lightbox jar) answering every request from its I/O thread with the
  bytes and content type of Lightbox's PatientName answer: what this stack can answer at best.
- Attribute GET: \`wrk -t min(c,2) -c c -d ${duration}s\` on Lightbox
  \`/instances/{uid}/attributes/PatientName\` and \`.../attributes/Rows\` (DICOM JSON of one
  attribute) and Orthanc \`/instances/{id}/content/0010-0010\` and \`.../content/0028-0010\`
  (the raw value).
- Rendered: the same wrk settings on Lightbox \`/instances/{uid}/rendered\` (PNG, default
  windowing) and Orthanc \`/instances/{id}/preview\` (PNG). A probe GET must answer 200 first.
- Download: \`curl -o /dev/null\` of the 200 MB file from Lightbox \`/instances/{uid}/file\`,
  Orthanc \`/instances/{id}/file\` and nginx (static file); after one warm-up, c=1 is the median
  of 5 runs, c=4 the median of 3 rounds of 4 parallel curls (aggregate bytes ÷ wall time).
- 200 MB upload: before the measured upload each server gets another 200 MB file (own UIDs),
  unmeasured, then \`sync\` (its writeback must not overlap the measurements). A server's first
  large upload compiles its large-body path once (+8 MiB of peak RSS on the first 200 MB upload,
  none on a second one or on a 2 GB one, measured with Lightbox), and the 200 MB and 2 GB rows
  are there to compare file sizes. The whole-run peak includes it.
- 2 GB: one \`curl -T\` upload (streamed, Content-Length known) and one download, Lightbox only
  (Orthanc holds whole files in memory, so it is not run on 2 GB here).

## Raw tool output (summary)

\`\`\`
$(cat "$rawsum")
\`\`\`

\`\`\`
$(cat "$raw/uploads.txt" 2>/dev/null)
$(cat "$raw/downloads.txt" 2>/dev/null)
$(cat "$raw/rss.txt" 2>/dev/null)
\`\`\`

\`\`\`
$(cat "$raw/wrk-summary.txt" 2>/dev/null)
\`\`\`
EOF
} >"$doc"
log "report written to $doc (full raw outputs in $work/raw)"
