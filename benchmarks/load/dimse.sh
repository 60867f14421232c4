#!/usr/bin/env bash
# DIMSE benchmark (issue 15): Lightbox's DICOM listener beside Orthanc's, in one run, same files,
# same clients, all on 127.0.0.1. Server start/stop and RSS sampling follow benchmarks/load/run.sh.
#
# Usage: benchmarks/load/dimse.sh
#   env DIMSEBENCH_WORK=DIR        inputs and scratch (default target/dimse-bench; inputs are reused)
#       DIMSEBENCH_DOC=FILE        report path (default docs/performance/dimse.md)
#       DIMSEBENCH_ITERATIONS=N    timed C-FINDs per query and server (default 200, after 20 untimed)
#       DIMSEBENCH_SKIP_BUILD=1    reuse dicom-http/target/lightbox.jar
#       DIMSEBENCH_JAR=FILE        benchmark this Lightbox jar instead (no build)
#       DIMSEBENCH_BIG_FILE=FILE   use this 2 GB instance (e.g. run.sh's target/loadbench/inputs/
#                                  mf-2g.dcm) instead of generating one
#
# What it measures (targets from issue 15)
#   - storescu of 300 distinct 512x512 16-bit CT images over ONE association into Lightbox (durable
#     default: every acknowledged instance fsynced) and into Orthanc: images/s, Lightbox >= 2x.
#     50 other CT images go to each server first, untimed (JIT, caches, connection setup).
#   - C-FIND at STUDY level (Study Root) over 10,000 stored instances (100 studies of 100 small CT
#     slices, gen_dicom.py archive, stored by 4 storescu associations per server): per-query time
#     from C-FIND-RQ to the final response, measured by FindLoop.java (our SCU, one association,
#     the same client for both servers) for four queries: every study (a study list), one
#     PatientID, a PatientName wildcard, a StudyDate range. p50 of Lightbox <= 1/3 of Orthanc's.
#   - Lightbox RSS while a 2 GB instance (4096 frames of 512x512x16 bit, streamed to disk by
#     gen_dicom.py) arrives by C-STORE: flat means close to the peak while storing the 300 CT
#     images. Orthanc is not run on it (it holds whole instances in memory).
# Every loop is bounded in count, every client call in time (timeout, dcmtk's -to/-ta/-td). Each
# server is stopped by its own PID on any exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/load"
# shellcheck source=lib.sh
source "$here/lib.sh"
work="${DIMSEBENCH_WORK:-$root/target/dimse-bench}"
doc="${DIMSEBENCH_DOC:-$root/docs/performance/dimse.md}"
iterations="${DIMSEBENCH_ITERATIONS:-200}"
warmup=20
ct_count=300
ct_warm=50
archive_instances=10000
archive_studies=100
archive_shards=4
big_frames=4096   # 4096 x 512 KiB = 2 GiB of pixel data
corpus_ct="$root/../shared/corpus/pydicom/pydicom-data/693_UNCR.dcm"
command_line="benchmarks/load/dimse.sh${DIMSEBENCH_ITERATIONS:+ (DIMSEBENCH_ITERATIONS=$iterations)}"

die() { echo "dimse.sh: error: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }
[[ "$iterations" =~ ^[0-9]+$ ]] && ((iterations >= 10 && iterations <= 5000)) || die "DIMSEBENCH_ITERATIONS must be 10..5000"

# ---------------------------------------------------------------- tools
export PATH="$PATH:/usr/sbin"
declare -A tool_package=([Orthanc]=orthanc [curl]=curl [storescu]=dcmtk [dcmodify]=dcmtk
  [dcmdump]=dcmtk [python3]=python3 [java]=openjdk-17-jdk-headless [mvn]=maven)
missing=()
for t in "${!tool_package[@]}"; do command -v "$t" >/dev/null 2>&1 || missing+=("${tool_package[$t]}"); done
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
cleanup() {
  local status=$?
  set +e
  for p in "${samplers[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && { echo "dimse.sh: PID $p ignored SIGTERM for 10 s, sending SIGKILL" >&2; kill -KILL "$p"; }
  done
  rm -rf "$run" # server storage (holds a copy of the 2 GB file)
  ((status == 0)) || echo "dimse.sh: failed (exit $status); raw outputs in $raw" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---------------------------------------------------------------- build
jar="${DIMSEBENCH_JAR:-$root/dicom-http/target/lightbox.jar}"
if [[ -z "${DIMSEBENCH_JAR:-}" ]] && [[ "${DIMSEBENCH_SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
  log "building Lightbox"
  (cd "$root" && timeout 1800 mvn -q -B -DskipTests package -pl dicom-http -am) || die "maven build failed"
fi
[[ -f "$jar" ]] || die "no $jar after the build"

# ---------------------------------------------------------------- inputs
inputs="$work/inputs"
marker="$inputs/.complete-v1"
if [[ ! -f "$marker" ]]; then
  log "generating inputs in $inputs"
  rm -rf "$inputs" && mkdir -p "$inputs/ct" "$inputs/ct-warm"
  if [[ -f "$corpus_ct" ]]; then cp "$corpus_ct" "$inputs/ct-template.dcm"; else timeout 300 python3 "$here/gen_dicom.py" ct "$inputs/ct-template.dcm"; fi
  chmod u+w "$inputs/ct-template.dcm"
  for ((i = 1; i <= ct_count; i++)); do cp "$inputs/ct-template.dcm" "$inputs/ct/$(printf %04d "$i").dcm"; done
  for ((i = 1; i <= ct_warm; i++)); do cp "$inputs/ct-template.dcm" "$inputs/ct-warm/$(printf %04d "$i").dcm"; done
  # new SOP Instance and Series UID per file; -nb: no .bak copies
  timeout 300 dcmodify -nb -q -gin -gse "$inputs/ct"/*.dcm "$inputs/ct-warm"/*.dcm
  n=$(for f in "$inputs"/ct/*.dcm "$inputs"/ct-warm/*.dcm; do timeout 60 dcmdump -q +P 0008,0018 "$f"; done | sort -u | wc -l)
  ((n == ct_count + ct_warm)) || die "expected $((ct_count + ct_warm)) distinct SOP Instance UIDs, found $n"
  timeout 600 python3 "$here/gen_dicom.py" archive "$inputs/archive" "$archive_instances" "$archive_studies" "$archive_shards"
  n=$(find "$inputs/archive" -name '*.dcm' | wc -l)
  ((n == archive_instances)) || die "expected $archive_instances archive files, found $n"
  touch "$marker"
fi
big="${DIMSEBENCH_BIG_FILE:-$inputs/mf-2g.dcm}"
if [[ ! -f "$big" ]]; then
  log "generating the 2 GB instance $big"
  timeout 1200 python3 "$here/gen_dicom.py" multiframe "$big.part" "$big_frames" && mv "$big.part" "$big"
fi
big_bytes=$(stat -c %s "$big")
big_uid=$(timeout 120 dcmdump -q +P 0008,0018 "$big" | sed -n 's/.*\[\(.*\)\].*/\1/p')
[[ -n "$big_uid" ]] || die "no SOP Instance UID in $big"

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
load_start=$(uptime)

lb_port=$(free_port); lb_dicom=$(free_port)
# The launcher execs java, so $! is the server JVM's PID; LIGHTBOX_JAR skips its build check.
LIGHTBOX_JAR="$jar" "$root/lightbox" serve --host 127.0.0.1 --port "$lb_port" --data "$run/lightbox-data" \
  --dicom-port "$lb_dicom" --ae-title LIGHTBOX --max-upload-bytes 4294967296 >"$run/lightbox.log" 2>&1 &
lb_pid=$!; pids+=("$lb_pid")
wait_ready lightbox "$lb_pid" grep -q "DICOM (DIMSE) listening on port $lb_dicom" "$run/lightbox.log"
lb_jvm_flags=$(tr '\0' ' ' <"/proc/$lb_pid/cmdline" | sed 's/ -jar .*//; s/^[^ ]* //')

or_port=$(free_port); or_dicom=$(free_port)
mkdir -p "$run/orthanc-db"
cat >"$run/orthanc.json" <<EOF
{
  "Name": "lightbox-dimsebench",
  "StorageDirectory": "$run/orthanc-db",
  "IndexDirectory": "$run/orthanc-db",
  "HttpPort": $or_port,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "StorageCompression": false,
  "Plugins": [],
  "SaveJobs": false,
  "DicomServerEnabled": true,
  "DicomAet": "ORTHANC",
  "DicomPort": $or_dicom,
  "DicomCheckCalledAet": false,
  "DicomAlwaysAllowEcho": true,
  "DicomAlwaysAllowStore": true,
  "DicomAlwaysAllowFind": true
}
EOF
Orthanc "$run/orthanc.json" >"$run/orthanc.log" 2>&1 &
or_pid=$!; pids+=("$or_pid")
wait_ready orthanc "$or_pid" timeout 10 echoscu -to 5 -aec ORTHANC 127.0.0.1 "$or_dicom"
log "Lightbox DICOM 127.0.0.1:$lb_dicom (PID $lb_pid), Orthanc DICOM 127.0.0.1:$or_dicom (PID $or_pid)"

# ---------------------------------------------------------------- results
declare -A R=()      # key -> number, or "missing: reason"
rawsum="$raw/summary.txt"
: >"$rawsum"
record() { R[$1]=$2; printf '%s = %s\n' "$1" "$2" >>"$rawsum"; }

# storescu_files NAME AE PORT SECONDS FILES... -> prints the number of Success responses; the
# whole storescu output goes to $raw/NAME.log. One association for all the files.
storescu_files() {
  local name=$1 ae=$2 port=$3 seconds=$4; shift 4
  timeout "$seconds" storescu -v -to 30 -ta 30 -td 600 -aet BENCHSCU -aec "$ae" 127.0.0.1 "$port" "$@" \
    >"$raw/$name.log" 2>&1 || echo "storescu $name exited $?" >>"$raw/$name.log"
  grep -c 'Received Store Response (Success)' "$raw/$name.log" || true
}

# store_rate KEY AE PORT DIR -> records images/s of one storescu association over DIR/*.dcm
store_rate() {
  local key=$1 ae=$2 port=$3 dir=$4 files start end ok
  files=("$dir"/*.dcm)
  start=$(now_ns)
  ok=$(storescu_files "$key" "$ae" "$port" 900 "${files[@]}")
  end=$(now_ns)
  echo "$key: $ok of ${#files[@]} stored in $(( (end - start) / 1000000 )) ms (load $(load_avg))" >>"$raw/stores.txt"
  if ((ok != ${#files[@]})); then
    record "$key" "missing: $ok of ${#files[@]} stored ($(grep -m1 -iE 'error|fail|status' "$raw/$key.log" | head -c 150 | tr '|' ' '))"
  else
    record "$key" "$(awk -v n="$ok" -v ns="$((end - start))" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')"
  fi
}

# store_archive KEY AE PORT -> one storescu per shard at once; records images/s (fixture, not a target)
store_archive() {
  local key=$1 ae=$2 port=$3 start end total=0 spids=() s
  start=$(now_ns)
  for ((s = 0; s < archive_shards; s++)); do
    ( timeout 1800 storescu -v -to 30 -ta 30 -td 600 -aet BENCHSCU -aec "$ae" +sd 127.0.0.1 "$port" \
        "$inputs/archive/shard-$s" >"$raw/$key.$s.log" 2>&1 || echo "storescu exited $?" >>"$raw/$key.$s.log" ) &
    spids+=($!)
  done
  for p in "${spids[@]}"; do wait "$p" || true; done
  end=$(now_ns)
  for ((s = 0; s < archive_shards; s++)); do
    total=$((total + $(grep -c 'Received Store Response (Success)' "$raw/$key.$s.log" || true)))
  done
  echo "$key: $total of $archive_instances stored by $archive_shards associations in $(( (end - start) / 1000000 )) ms (load $(load_avg))" >>"$raw/stores.txt"
  ((total == archive_instances)) || die "$key: only $total of $archive_instances archive instances stored; see $raw/$key.*.log"
  record "$key" "$(awk -v n="$total" -v ns="$((end - start))" 'BEGIN { printf "%.1f", n / (ns / 1e9) }')"
}


# ---------------------------------------------------------------- measurements
record "rss.lightbox.idle" "$(rss_now "$lb_pid")"

log "warm-up: $ct_warm CT images to each server (untimed)"
for target in "lightbox LIGHTBOX $lb_dicom" "orthanc ORTHANC $or_dicom"; do
  read -r name ae port <<<"$target"
  ok=$(storescu_files "warm.$name" "$ae" "$port" 600 "$inputs/ct-warm"/*.dcm)
  ((ok == ct_warm)) || die "warm-up into $name stored $ok of $ct_warm; see $raw/warm.$name.log"
done

log "storescu of $ct_count CT images over one association"
rss_start "$lb_pid" "$run/rss.sample" 24000  # a 2 GB C-STORE may take minutes
store_rate store.lightbox LIGHTBOX "$lb_dicom" "$inputs/ct"
rss_stop rss.lightbox.store-ct "$lb_pid" "$run/rss.sample"
store_rate store.orthanc ORTHANC "$or_dicom" "$inputs/ct"

log "storing the $archive_instances-instance C-FIND fixture ($archive_shards associations per server)"
store_archive archive.lightbox LIGHTBOX "$lb_dicom"
store_archive archive.orthanc ORTHANC "$or_dicom"

log "C-FIND loop: $iterations timed queries of each kind per server (after $warmup untimed)"
queries=(all-studies patient-id name-wildcard date-range)
for target in "lightbox LIGHTBOX $lb_dicom" "orthanc ORTHANC $or_dicom"; do
  read -r name ae port <<<"$target"
  out="$raw/find.$name.txt"
  echo "load before: $(load_avg)" >"$out.load"
  if timeout 900 java -Xmx128m -cp "$jar" "$here/FindLoop.java" 127.0.0.1 "$port" "$ae" "$iterations" "$warmup" \
      >"$out" 2>"$raw/find.$name.err"; then
    for q in "${queries[@]}"; do
      line=$(grep "^query=$q " "$out" || true)
      [[ -n "$line" ]] || { record "find.$q.$name" "missing: no result line"; continue; }
      record "find.$q.$name" "$(sed -n 's/.* p50_ms=\([0-9.]*\) .*/\1/p' <<<"$line")"
      record "find.$q.$name.matches" "$(sed -n 's/.* matches=\([0-9]*\) .*/\1/p' <<<"$line")"
      record "find.$q.$name.p90" "$(sed -n 's/.* p90_ms=\([0-9.]*\) .*/\1/p' <<<"$line")"
    done
  else
    for q in "${queries[@]}"; do record "find.$q.$name" "missing: FindLoop failed ($(head -c 200 "$raw/find.$name.err" | tr '\n|' '  '))"; done
  fi
  echo "load after: $(load_avg)" >>"$out.load"
done
# Cross-check with dcmtk's client: findscu --repeat 41 minus --repeat 1 over one association,
# divided by 40, is the per-query time of the PatientID query without process start-up.
# TCP_NODELAY=1 is dcmtk's own environment switch for Nagle's algorithm: findscu 3.6.7 leaves
# Nagle on and writes each PDU header and PDV in separate write()s, so without it every query
# waits for the server's delayed ACK (~40 ms on Linux) on either server, which measures the
# client's socket setting, not the server.
for target in "lightbox LIGHTBOX $lb_dicom" "orthanc ORTHANC $or_dicom"; do
  read -r name ae port <<<"$target"
  declare -A took=()
  for rep in 1 41; do
    start=$(now_ns)
    TCP_NODELAY=1 timeout 300 findscu -S -to 30 -ta 30 -td 60 --repeat "$rep" -aet BENCHSCU -aec "$ae" -k QueryRetrieveLevel=STUDY \
      -k PatientID=BENCH-042 -k StudyInstanceUID 127.0.0.1 "$port" >"$raw/findscu.$name.$rep.log" 2>&1 \
      || echo "findscu exited $?" >>"$raw/findscu.$name.$rep.log"
    took[$rep]=$(( $(now_ns) - start ))
  done
  if grep -q "findscu exited" "$raw/findscu.$name".*.log; then
    record "findscu.$name" "missing: findscu failed ($(grep -h -m1 -iE 'error|fail' "$raw/findscu.$name".*.log | head -c 150 | tr '|' ' '))"
  else
    record "findscu.$name" "$(awk -v a="${took[41]}" -v b="${took[1]}" 'BEGIN { printf "%.2f", (a - b) / 40 / 1e6 }')"
  fi
done
for q in "${queries[@]}"; do
  a=${R[find.$q.lightbox.matches]:-x} b=${R[find.$q.orthanc.matches]:-y}
  [[ "$a" == "$b" ]] || record "find.$q.lightbox" "missing: $a matches, Orthanc $b (answers differ)"
done

log "2 GB instance by C-STORE into Lightbox (RSS)"
rss_start "$lb_pid" "$run/rss.sample" 24000  # a 2 GB C-STORE may take minutes
start=$(now_ns)
ok=$(storescu_files store-2g LIGHTBOX "$lb_dicom" 1800 "$big")
end=$(now_ns)
rss_stop rss.lightbox.store-2g "$lb_pid" "$run/rss.sample"
echo "store-2g: $ok of 1 stored in $(( (end - start) / 1000000 )) ms ($big_bytes bytes)" >>"$raw/stores.txt"
if ((ok != 1)); then
  R[rss.lightbox.store-2g]="missing: the 2 GB C-STORE failed ($(grep -m1 -iE 'error|fail|status' "$raw/store-2g.log" | head -c 150 | tr '|' ' '))"
else
  record "store-2g.mbps" "$(awk -v b="$big_bytes" -v ns="$((end - start))" 'BEGIN { printf "%.1f", b / (ns / 1e9) / 1e6 }')"
  code=$(curl -s --max-time 60 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$lb_port/instances/$big_uid" || echo 000)
  [[ "$code" == 200 ]] || R[rss.lightbox.store-2g]="missing: stored instance answered HTTP $code"
fi
record "rss.lightbox.end" "$(rss_now "$lb_pid")"

log "context: the same storescu into a second Lightbox with --durability relaxed (no fsync)"
lr_dicom=$(free_port); lr_port=$(free_port)
LIGHTBOX_JAR="$jar" "$root/lightbox" serve --host 127.0.0.1 --port "$lr_port" --data "$run/lightbox-relaxed" \
  --dicom-port "$lr_dicom" --durability relaxed >"$run/lightbox-relaxed.log" 2>&1 &
lr_pid=$!; pids+=("$lr_pid")
wait_ready lightbox-relaxed "$lr_pid" grep -q "DICOM (DIMSE) listening on port $lr_dicom" "$run/lightbox-relaxed.log"
ok=$(storescu_files warm.lightbox-relaxed LIGHTBOX "$lr_dicom" 600 "$inputs/ct-warm"/*.dcm)
((ok == ct_warm)) || die "warm-up into the relaxed Lightbox stored $ok of $ct_warm"
store_rate store.lightbox-relaxed LIGHTBOX "$lr_dicom" "$inputs/ct"
kill -TERM "$lr_pid" 2>/dev/null || true
load_end=$(uptime)

# ---------------------------------------------------------------- report
is_num() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
cell() { local v=${R[$1]:-missing: not measured}; if is_num "$v"; then echo "$v"; else echo "— (${v#missing: })"; fi; }
ratio() { # key-a key-b -> a/b with two decimals, or –
  local a=${R[$1]:-x} b=${R[$2]:-x}
  is_num "$a" && is_num "$b" && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }' || echo "–"
}
table="$run/table.md"
{
  echo "| Measurement | Lightbox | Orthanc | Lightbox ÷ Orthanc | Target | Met |"
  echo "|---|---|---|---|---|---|"
  r=$(ratio store.lightbox store.orthanc)
  met=$(is_num "$r" && awk -v r="$r" 'BEGIN { print (r >= 2 ? "yes" : "no") }' || echo "n/a")
  echo "| storescu, $ct_count CT 512×512, one association (images/s) | $(cell store.lightbox) | $(cell store.orthanc) | ${r}× | ≥ 2× | $met |"
  for q in "${queries[@]}"; do
    case $q in
      all-studies) label="every study (universal)" ;;
      patient-id) label="PatientID=BENCH-042" ;;
      name-wildcard) label="PatientName=Bench^P04*" ;;
      date-range) label="StudyDate=20200101-20200331" ;;
    esac
    r=$(ratio "find.$q.lightbox" "find.$q.orthanc")
    met=$(is_num "$r" && awk -v r="$r" 'BEGIN { print (r <= 1 / 3 ? "yes" : "no") }' || echo "n/a")
    echo "| C-FIND STUDY p50 (ms), $label, ${R[find.$q.lightbox.matches]:-?} matches | $(cell "find.$q.lightbox") | $(cell "find.$q.orthanc") | ${r}× | ≤ 0.33× | $met |"
  done
  r=$(ratio findscu.lightbox findscu.orthanc)
  met=$(is_num "$r" && awk -v r="$r" 'BEGIN { print (r <= 1 / 3 ? "yes" : "no") }' || echo "n/a")
  echo "| cross-check: findscu --repeat, PatientID=BENCH-042, per query (ms) | $(cell findscu.lightbox) | $(cell findscu.orthanc) | ${r}× | ≤ 0.33× | $met |"
  echo "| context: storescu as above into Lightbox --durability relaxed (images/s) | $(cell store.lightbox-relaxed) | $(cell store.orthanc) | $(ratio store.lightbox-relaxed store.orthanc)× | (context) | |"
  echo "| Fixture load, $archive_instances small instances, $archive_shards associations (images/s) | $(cell archive.lightbox) | $(cell archive.orthanc) | $(ratio archive.lightbox archive.orthanc)× | (context) | |"
  echo "| Peak RSS, storing the $ct_count CT images (MiB) | $(cell rss.lightbox.store-ct) | | | (reference) | |"
  v=${R[rss.lightbox.store-2g]:-x} ref=${R[rss.lightbox.store-ct]:-x}
  met="n/a"
  if is_num "$v" && is_num "$ref"; then met=$(awk -v v="$v" -v r="$ref" 'BEGIN { print (v < 300 && v <= r + 64 ? "yes" : "no") }'); fi
  echo "| Peak RSS, a 2 GB instance arriving by C-STORE (MiB) | $(cell rss.lightbox.store-2g) | | | flat: < 300 MB and ≤ CT peak + 64 MiB | $met |"
} >"$table"

echo
cat "$table"
echo

noisy="no"
for l in "$load_start" "$load_end"; do
  one=$(sed -n 's/.*load average: \([0-9.]*\),.*/\1/p' <<<"$l")
  is_num "$one" && awk -v l="$one" 'BEGIN { exit !(l > 2) }' && noisy="yes"
done
version() { "$@" 2>&1 | head -1 | tr -d '\r'; }
mkdir -p "$(dirname "$doc")"
{
  cat <<EOF
# DIMSE benchmark (issue 15)

Generated by \`$command_line\` on $(date -u '+%Y-%m-%d %H:%M UTC') from commit
\`$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && git diff --quiet HEAD 2>/dev/null || echo "+uncommitted")\`
(jar \`${jar#$root/}\`).

**Machine:** $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM,
Linux $(uname -r). Clients and servers share these cores. \`uptime\` at the start:
\`$load_start\`; at the end: \`$load_end\`.
$(if [[ $noisy == yes ]]; then echo "**The load average was above 2 (other builds and tests on the machine), so these numbers are
noisy; rerun the script on a quiet machine before quoting them.**"; else echo "The load average stayed at or below 2."; fi)

**Software:** $(version java -version); Lightbox through \`./lightbox serve --dicom-port N\`
(durable default: every acknowledged instance fsynced; JVM flags: \`$lb_jvm_flags\`); Orthanc
$(Orthanc --version 2>&1 | awk 'NR == 1 { print $NF }') (Debian package, default threads and index settings, no plugins, storage
compression off); dcmtk $(storescu --version 2>&1 | awk 'NR == 1 { print $3 }').

## Results

$(cat "$table")

Ratios are Lightbox ÷ Orthanc: above 1 is better for images/s, below 1 is better for latency.
"—" marks a measurement that could not be taken; the reason is in brackets. Lightbox RSS idle
$(cell rss.lightbox.idle) MiB at start, $(cell rss.lightbox.end) MiB at the end. The 2 GB C-STORE ran at $(cell store-2g.mbps) MB/s
(storescu reading the file, the network, spooling, parsing and fsync included).

## Method

- storescu: \`storescu -v -aet BENCHSCU -aec AET 127.0.0.1 PORT FILES...\` with the $ct_count files as
  arguments (one association, one presentation context, Explicit VR Little Endian as the files
  are stored); rate = $ct_count ÷ wall-clock time of the storescu process; every file must be
  answered Success. $ct_count copies of a 512×512 16-bit CT slice
  ($( [[ -f "$corpus_ct" ]] && echo "pydicom-data \`693_UNCR.dcm\`" || echo "synthetic, \`gen_dicom.py ct\`")) with new SOP Instance and Series UIDs
  (\`dcmodify -gin -gse\`); $ct_warm more of them went to each server first, untimed.
- C-FIND fixture: \`gen_dicom.py archive DIR $archive_instances $archive_studies $archive_shards\`: $archive_studies studies of
  $((archive_instances / archive_studies)) 16×16 CT instances (two series each), one patient per study (PatientID BENCH-000…,
  PatientName Bench^P000…), StudyDates a week apart from 2020-01-01; stored into each server by
  $archive_shards storescu processes at once (\`+sd\`, one association each). Each server then holds
  $((archive_instances + ct_count + ct_warm)) instances in $((archive_studies + 1)) studies (the CT images share one study).
- C-FIND latency: \`java -cp lightbox.jar benchmarks/load/FindLoop.java 127.0.0.1 PORT AET
  $iterations $warmup\`: one association, Study Root FIND at STUDY level with the return keys of a study
  list (StudyDate, StudyTime, AccessionNumber, ModalitiesInStudy, StudyDescription, PatientName,
  PatientID, StudyInstanceUID, NumberOfStudyRelatedInstances) and one matching key per query;
  each query timed from sending the C-FIND-RQ until the final response (all matches received);
  $warmup untimed runs per query first, then $iterations timed. The match counts of both servers must be equal.
- Cross-check of the C-FIND numbers with dcmtk's client: \`TCP_NODELAY=1 findscu -S --repeat N -k
  QueryRetrieveLevel=STUDY -k PatientID=BENCH-042 -k StudyInstanceUID\` with N = 41 and N = 1
  (one association each); (time of 41 − time of 1) ÷ 40 is the per-query time without the
  process start. \`TCP_NODELAY=1\` is dcmtk's environment switch that turns Nagle's algorithm
  off in findscu; without it dcmtk 3.6.7 writes the PDU header and the PDV in two writes and every
  query waits out the server's delayed ACK (≈40 ms) on both servers alike.
- Context for the storescu row: a second Lightbox started with \`--durability relaxed\` (page
  cache only, no fsync) gets the same warm-up and the same 300 files; it is stopped afterwards.
- 2 GB: \`storescu -td 600 ... FILE\` of a $big_frames-frame 512×512 16-bit multi-frame instance
  ($big_bytes bytes, \`gen_dicom.py multiframe\`) into Lightbox; the server's peak resident set
  during the transfer (VmHWM reset with \`/proc/PID/clear_refs\` where writable, and a 20 Hz
  VmRSS sampler; the larger is reported) compared with the peak while the $ct_count CT images arrived.

## Raw output (summary)

\`\`\`
$(cat "$rawsum")
\`\`\`

\`\`\`
$(cat "$raw/stores.txt" 2>/dev/null)
$(cat "$raw/rss.txt" 2>/dev/null)
$(for n in lightbox orthanc; do echo "FindLoop $n:"; cat "$raw/find.$n.txt" "$raw/find.$n.txt.load" 2>/dev/null; done)
\`\`\`
EOF
} >"$doc"
log "report written to $doc (full raw outputs in $raw)"
