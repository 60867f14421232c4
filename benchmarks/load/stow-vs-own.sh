#!/usr/bin/env bash
# STOW-RS against the own upload route (issue 12: "STOW-RS of 300 CT instances in one request: at
# least the throughput of the own upload route"), measured so that neither route is favoured:
#   - the same 300 CT files (the corpus CT 693_UNCR.dcm, 512x512 16-bit, or gen_dicom.py's CT when
#     the corpus is absent), each its own SOP Instance UID, one study and series per set;
#   - STOW-RS: ONE request, multipart/related; type="application/dicom", streamed from disk by
#     curl (-T, Content-Length, no Expect);
#   - own route: 300 POST /instances of application/dicom, streamed the same way by ONE curl
#     process over ONE keep-alive connection, one request after the other. Concurrency 1 on both
#     sides: a single client stream, as STOW's one request is;
#   - every round runs a fresh server (fresh data directory), warms both routes up (30 instances
#     each, untimed), then times both routes. The first route timed after the warm-up pays more
#     CPU (JIT, first group commits), so the order alternates between rounds (STOWBENCH_ORDER);
#   - reported per route: instances/s (wall, client side) and server CPU per instance (utime +
#     stime of the server process from /proc/PID/stat, before and after each timed upload).
# Usage: benchmarks/load/stow-vs-own.sh JAR LABEL [serve args...]
#   JAR    a lightbox.jar (e.g. dicom-http/target/lightbox.jar, or an A/B jar of main)
#   LABEL  names the result file target/stowbench/LABEL.txt
#   serve args are passed to `lightbox serve` (e.g. --durability relaxed); default durability full
# Environment: STOWBENCH_ROUNDS (default 4), STOWBENCH_ORDER alternate|stow-first|own-first
#   (default alternate: odd rounds STOW first), STOWBENCH_JAVA_OPTS (e.g.
#   -Dlightbox.stow.partsInFlight=1), STOWBENCH_COUNT (default 300).
# Needs: java, curl, python3, dcmodify (dcmtk). Every server is stopped by its own PID on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benchmarks/load"
# shellcheck source=lib.sh
source "$here/lib.sh"
die() { echo "stow-vs-own.sh: error: $*" >&2; exit 1; }
(($# >= 2)) || die "usage: stow-vs-own.sh JAR LABEL [serve args...]"
jar=$(realpath "$1"); label=$2; shift 2
serve_args=("$@")
rounds="${STOWBENCH_ROUNDS:-4}"
order="${STOWBENCH_ORDER:-alternate}"
count="${STOWBENCH_COUNT:-300}"
warm=30
java_opts="${STOWBENCH_JAVA_OPTS:-}"
[[ -f "$jar" ]] || die "no jar $jar"
[[ "$rounds" =~ ^[0-9]+$ ]] && ((rounds >= 1 && rounds <= 50)) || die "STOWBENCH_ROUNDS must be 1..50"
[[ "$count" =~ ^[0-9]+$ ]] && ((count >= 1 && count <= 5000)) || die "STOWBENCH_COUNT must be 1..5000"
case "$order" in alternate|stow-first|own-first) ;; *) die "STOWBENCH_ORDER must be alternate, stow-first or own-first" ;; esac
for tool in java curl python3 dcmodify; do command -v "$tool" >/dev/null || die "$tool not installed"; done

out_dir="$root/target/stowbench"
work="$out_dir/work-$label"
result="$out_dir/$label.txt"
mkdir -p "$out_dir"
rm -rf "$work" && mkdir -p "$work"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- inputs
template="$root/../shared/corpus/pydicom/pydicom-data/693_UNCR.dcm"
if [[ -f "$template" ]]; then cp "$template" "$work/template.dcm"; else python3 "$here/gen_dicom.py" ct "$work/template.dcm"; fi
chmod u+w "$work/template.dcm"
new_uid() { python3 -c 'import uuid; print("2.25." + str(uuid.uuid4().int))'; }
# one_series DIR N: N copies of the template in one new study and series, each its own SOP UID
one_series() {
  local dir=$1 n=$2 i
  mkdir -p "$dir"
  for ((i = 1; i <= n; i++)); do cp "$work/template.dcm" "$dir/$(printf %04d "$i").dcm"; done
  timeout 300 dcmodify -nb -q -gin -m "(0020,000d)=$(new_uid)" -m "(0020,000e)=$(new_uid)" "$dir"/*.dcm
}
boundary="lightbox-stowbench-7f3a"
stow_type="multipart/related; type=\"application/dicom\"; boundary=$boundary"
related_body() { # FILES... > body (PS3.18 §8.6.1.2: each part has its Content-Type)
  local f
  for f in "$@"; do
    printf -- '--%s\r\nContent-Type: application/dicom\r\n\r\n' "$boundary"
    cat "$f"
    printf '\r\n'
  done
  printf -- '--%s--\r\n' "$boundary"
}
# Each round's server is fresh, so every round can reuse the same sets.
one_series "$work/stow" "$count"
one_series "$work/own" "$count"
one_series "$work/warm-stow" "$warm"
one_series "$work/warm-own" "$warm"
related_body "$work/stow"/*.dcm >"$work/stow.body"
related_body "$work/warm-stow"/*.dcm >"$work/warm-stow.body"

# ---------------------------------------------------------------- measuring
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# stow BASE BODY N: one POST; prints "ok" when HTTP 200 and N instances referenced
stow() {
  local base=$1 body=$2 n=$3 code stored
  code=$(curl -s -S --max-time 900 -X POST -T "$body" -H "Content-Type: $stow_type" \
    -H 'Accept: application/dicom+json' -H 'Expect:' -o "$work/stow-answer.json" -w '%{http_code}' \
    "$base/dicomweb/studies") || code=000
  stored=$(python3 -c 'import json, sys
try:
    print(len(json.load(open(sys.argv[1])).get("00081199", {}).get("Value", [])))
except Exception:
    print(0)' "$work/stow-answer.json")
  [[ "$code" == 200 && "$stored" == "$n" ]] && echo ok || echo "HTTP $code, $stored of $n referenced"
}

# own BASE DIR N: one curl, one keep-alive connection, POST /instances per file in turn
own() {
  local base=$1 dir=$2 n=$3 cfg="$work/own.cfg" f ok
  : >"$cfg"
  for f in "$dir"/*.dcm; do
    printf 'url = "%s/instances"\nupload-file = "%s"\nrequest = "POST"\nheader = "Content-Type: application/dicom"\nheader = "Expect:"\nsilent\nshow-error\nmax-time = 60\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' "$base" "$f" >>"$cfg"
  done
  timeout 900 curl -K "$cfg" >"$work/own.codes" 2>>"$work/own.errors" || true
  ok=$(grep -cE '^20[01]$' "$work/own.codes" || true)
  [[ "$ok" == "$n" ]] && echo ok || echo "$ok of $n uploads answered 200/201"
}

# timed ROUTE ROUND BASE: one timed upload of the route's set; appends a result line
timed() {
  local route=$1 round=$2 base=$3 c0 c1 t0 t1 status
  c0=$(cpu_ticks "$server"); t0=$(now_ns)
  if [[ "$route" == stow ]]; then status=$(stow "$base" "$work/stow.body" "$count")
  else status=$(own "$base" "$work/own" "$count"); fi
  t1=$(now_ns); c1=$(cpu_ticks "$server")
  [[ "$status" == ok ]] || die "round $round, $route: $status"
  awk -v r="$round" -v route="$route" -v n="$count" -v ns=$((t1 - t0)) -v cpu=$((c1 - c0)) -v hz="$ticks" \
    -v load="$(load_avg)" 'BEGIN { printf "round %d %s %.1f inst/s %.2f ms-cpu/inst load %s\n", r, route, n / (ns / 1e9), cpu * 1000 / hz / n, load }' \
    | tee -a "$result"
}

{
  echo "# stow-vs-own.sh $label: jar $jar, serve ${serve_args[*]:-(defaults)}, JAVA_OPTS '${java_opts}'"
  echo "# $count CT instances ($(stat -c %s "$work/template.dcm") bytes each), $rounds rounds, order $order, $(date -u +%FT%TZ), $(nproc) cores"
} | tee "$result"

for ((round = 1; round <= rounds; round++)); do
  port=$(free_port)
  data="$work/data"
  rm -rf "$data"
  # shellcheck disable=SC2086
  java -Xmx512m $java_opts -jar "$jar" serve --host 127.0.0.1 --port "$port" --data "$data" \
    --max-upload-bytes 4294967296 "${serve_args[@]}" >"$work/server.log" 2>&1 &
  server=$!
  for ((i = 0; i < 600; i++)); do
    kill -0 "$server" 2>/dev/null || die "server exited during startup: $(tail -5 "$work/server.log")"
    grep -q "Lightbox listening on http://127.0.0.1:$port/" "$work/server.log" && break
    sleep 0.1
  done
  base="http://127.0.0.1:$port"
  [[ $(stow "$base" "$work/warm-stow.body" "$warm") == ok ]] || die "warm-up STOW failed"
  [[ $(own "$base" "$work/warm-own" "$warm") == ok ]] || die "warm-up own uploads failed"
  first=stow
  if [[ "$order" == own-first ]] || [[ "$order" == alternate && $((round % 2)) == 0 ]]; then first=own; fi
  if [[ "$first" == stow ]]; then timed stow "$round" "$base"; timed own "$round" "$base"
  else timed own "$round" "$base"; timed stow "$round" "$base"; fi
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done

# summary: medians over the rounds, and the ratio STOW / own of the median rates
awk '/^round/ { rate[$3] = rate[$3] " " $4; cpu[$3] = cpu[$3] " " $6 }
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    s = median(rate["stow"]); o = median(rate["own"])
    printf "summary: STOW median %.1f inst/s, %.2f ms CPU/inst; own median %.1f inst/s, %.2f ms CPU/inst; STOW/own %.2fx\n",
      s, median(cpu["stow"]), o, median(cpu["own"]), s / o
  }' "$result" | tee -a "$result"
