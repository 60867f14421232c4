#!/usr/bin/env bash
# What access control costs (issue 14, target: at most 5 % more): the same jar, two servers on
# 127.0.0.1 at once, one with --auth none and one with --auth required, both writing the audit log
# to a file (so the difference is authentication itself). Rounds alternate between the servers so
# machine noise hits both alike. Two workloads:
#   - hot attribute GET: GET /instances/{id}/attributes/PatientName (answered on the I/O thread),
#     wrk -t1 -c4;
#   - upload: POST /instances of the same CT file (39 KiB, "already stored" after the first), wrk
#     with a Lua body, -t1 -c2.
# A third server, a second `--auth none` ("control"), runs every round too: its ratio to the first
# is what two identical servers differ by on this machine (JIT, placement, noise), the resolution
# any auth-vs-none ratio can be read with.
# Each workload first runs AUTHCOST_WARMUP times untimed on every server (JIT warm-up), then the
# measured rounds; the last rows of each workload are the medians of its rounds.
# For each round: requests/s from wrk and server CPU µs per request (utime+stime from
# /proc/PID/stat over the round ÷ requests), the steadier measure on a shared machine.
#
# Usage: benchmarks/load/auth-cost.sh
#   env AUTHCOST_JAR=FILE    the jar to measure (default dicom-http/target/lightbox.jar; built by
#                            `mvn -q -B -DskipTests package -pl dicom-http -am` when missing)
#       AUTHCOST_DURATION=S  seconds per wrk round (default 5)
#       AUTHCOST_ROUNDS=N    measured rounds per server and workload (default 5)
#       AUTHCOST_WARMUP=N    untimed warm-up runs per server and workload (default 4)
# Needs java, wrk, curl. Servers are stopped by their own PIDs on any exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=lib.sh
source "$root/benchmarks/load/lib.sh"
jar="${AUTHCOST_JAR:-$root/dicom-http/target/lightbox.jar}"
duration="${AUTHCOST_DURATION:-5}"
rounds="${AUTHCOST_ROUNDS:-5}"
warmups="${AUTHCOST_WARMUP:-4}"
ct="$root/../shared/corpus/pydicom/test_files/CT_small.dcm"
sop="1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"

die() { echo "auth-cost.sh: error: $*" >&2; exit 1; }
for t in java wrk curl; do command -v "$t" >/dev/null || die "$t is missing"; done
[[ -f "$ct" ]] || die "corpus file $ct is missing"
[[ "$duration" =~ ^[0-9]+$ ]] && ((duration >= 1 && duration <= 120)) || die "AUTHCOST_DURATION: 1..120"
[[ "$rounds" =~ ^[0-9]+$ ]] && ((rounds >= 1 && rounds <= 20)) || die "AUTHCOST_ROUNDS: 1..20"
[[ "$warmups" =~ ^[0-9]+$ ]] && ((warmups <= 20)) || die "AUTHCOST_WARMUP: 0..20"
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -q -B -DskipTests package -pl dicom-http -am) || die "build failed"
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

jvm=(-Xms32m -Xmx224m -XX:+UseSerialGC -Xss512k)

# start NAME AUTH PORT: starts a server and sets $started to its PID. Not called in a command
# substitution: a subshell's `pids+=` would never reach cleanup, and the servers would outlive the
# script.
start() {
  local name=$1 auth=$2 port=$3
  java "${jvm[@]}" -jar "$jar" serve --port "$port" --data "$work/$name" --auth "$auth" \
    --audit-log "$work/$name-audit.log" --durability relaxed >"$work/$name.out" 2>"$work/$name.err" &
  started=$!
  pids+=("$started")
  local i
  for i in $(seq 1 300); do
    curl -fsS --max-time 1 "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return
    sleep 0.1
  done
  die "$name did not start: $(tail -3 "$work/$name.err")"
}

mkdir -p "$work/none" "$work/auth" "$work/ctl"
token=$(java -jar "$jar" token create --data "$work/auth" --tenant bench --scope read,write)
[[ "$token" == lbx_* ]] || die "token create printed '$token'"
port_none=$(free_port); start none none "$port_none"; pid_none=$started
port_auth=$(free_port); start auth required "$port_auth"; pid_auth=$started
port_ctl=$(free_port); start ctl none "$port_ctl"; pid_ctl=$started
auth_header="Authorization: Bearer $token"

for target in "none $port_none" "auth $port_auth" "ctl $port_ctl"; do
  set -- $target
  h=(); [[ $1 == auth ]] && h=(-H "$auth_header")
  code=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "${h[@]}" -H 'Content-Type: application/dicom' \
    --data-binary @"$ct" "http://127.0.0.1:$2/instances")
  [[ $code == 201 ]] || die "$1: first upload answered $code"
  code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "${h[@]}" "http://127.0.0.1:$2/instances/$sop/attributes/PatientName")
  [[ $code == 200 ]] || die "$1: attribute GET answered $code"
done
# Refusals are real: without the token the auth server answers 401.
code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port_auth/instances/$sop/attributes/PatientName")
[[ $code == 401 ]] || die "auth server answered $code without a token"

cat >"$work/upload.lua" <<EOF
local f = assert(io.open("$ct", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/dicom"
EOF

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
tick=$(getconf CLK_TCK)

round() { # name port pid workload -> "rps cpu_us_per_request"
  local name=$1 port=$2 pid=$3 workload=$4 args=(-t1 -d"${duration}s" --timeout 10s)
  [[ $name == auth ]] && args+=(-H "$auth_header")
  local url
  if [[ $workload == get ]]; then
    args+=(-c4); url="http://127.0.0.1:$port/instances/$sop/attributes/PatientName"
  else
    args+=(-c2 -s "$work/upload.lua"); url="http://127.0.0.1:$port/instances"
  fi
  local before after out requests non2xx
  before=$(cpu_ticks "$pid")
  out=$(timeout $((duration + 30)) wrk "${args[@]}" "$url")
  after=$(cpu_ticks "$pid")
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
  [[ -z "$non2xx" ]] || die "$name $workload: $non2xx non-2xx answers"
  awk -v r="$requests" -v d="$duration" -v c=$((after - before)) -v t="$tick" \
    'BEGIN { printf "%.0f %.1f\n", r / d, c / t * 1e6 / r }'
}

warm() { # name port workload: an untimed run so both JITs are warm before anything counts
  local args=(-t1 -c4 -d"${duration}s" --timeout 10s)
  [[ $1 == auth ]] && args+=(-H "$auth_header")
  if [[ $3 == get ]]; then
    timeout $((duration + 30)) wrk "${args[@]}" "http://127.0.0.1:$2/instances/$sop/attributes/PatientName" >/dev/null
  else
    timeout $((duration + 30)) wrk "${args[@]}" -s "$work/upload.lua" "http://127.0.0.1:$2/instances" >/dev/null
  fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ratio_cell() { awk -v r="$1" 'BEGIN { printf "%+.1f %%", (r - 1) * 100 }'; }

echo "| workload | round | --auth none req/s | none CPU µs/req | --auth required req/s | required CPU µs/req | control (none) req/s | control CPU µs/req |"
echo "|---|---|---|---|---|---|---|---|"
for workload in get upload; do
  for _ in $(seq 1 "$warmups"); do
    warm none "$port_none" "$workload"; warm auth "$port_auth" "$workload"; warm ctl "$port_ctl" "$workload"
  done
  : >"$work/$workload.none"; : >"$work/$workload.auth"; : >"$work/$workload.ctl"
  for r in $(seq 1 "$rounds"); do
    # Rotate which server goes first, so a drift in machine load does not favour one.
    case $((r % 3)) in
      1) a=$(round none "$port_none" "$pid_none" "$workload"); b=$(round auth "$port_auth" "$pid_auth" "$workload")
         c=$(round ctl "$port_ctl" "$pid_ctl" "$workload") ;;
      2) b=$(round auth "$port_auth" "$pid_auth" "$workload"); c=$(round ctl "$port_ctl" "$pid_ctl" "$workload")
         a=$(round none "$port_none" "$pid_none" "$workload") ;;
      0) c=$(round ctl "$port_ctl" "$pid_ctl" "$workload"); a=$(round none "$port_none" "$pid_none" "$workload")
         b=$(round auth "$port_auth" "$pid_auth" "$workload") ;;
    esac
    echo "$a" >>"$work/$workload.none"; echo "$b" >>"$work/$workload.auth"; echo "$c" >>"$work/$workload.ctl"
    echo "| $workload | $r | ${a% *} | ${a#* } | ${b% *} | ${b#* } | ${c% *} | ${c#* } |"
  done
  # Per-round ratios (X ÷ none of the same round), then their median: rounds run back to back,
  # so each ratio shares the machine's load of its moment; the ratios are what to quote.
  paste -d' ' "$work/$workload.none" "$work/$workload.auth" | awk '{ print $4 / $2 }' >"$work/$workload.ratio"
  paste -d' ' "$work/$workload.none" "$work/$workload.ctl" | awk '{ print $4 / $2 }' >"$work/$workload.ctlratio"
  mn=$(cut -d' ' -f2 "$work/$workload.none" | median); ma=$(cut -d' ' -f2 "$work/$workload.auth" | median)
  mc=$(cut -d' ' -f2 "$work/$workload.ctl" | median)
  echo "| $workload | **median of per-round CPU ratios to none** | | | | $(ratio_cell "$(median <"$work/$workload.ratio")") | | $(ratio_cell "$(median <"$work/$workload.ctlratio")") |"
  echo "| $workload | **median** | $(cut -d' ' -f1 "$work/$workload.none" | median) | $mn | $(cut -d' ' -f1 "$work/$workload.auth" | median) | $ma ($(ratio_cell "$(awk -v a="$ma" -v n="$mn" 'BEGIN { print a / n }')")) | $(cut -d' ' -f1 "$work/$workload.ctl" | median) | $mc ($(ratio_cell "$(awk -v a="$mc" -v n="$mn" 'BEGIN { print a / n }')")) |"
done
echo
echo "audit lines written: none $(wc -l <"$work/none-audit.log"), required $(wc -l <"$work/auth-audit.log"), control $(wc -l <"$work/ctl-audit.log")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
