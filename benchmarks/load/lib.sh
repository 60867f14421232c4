# Shared helpers of the load scripts (run.sh, dicomweb.sh, dimse.sh, auth-cost.sh, stow-vs-own.sh,
# ingest-breakdown.sh); sourced, never run. The RSS functions expect the caller to define
# `raw` (folder of raw outputs), the array `samplers` (PIDs its cleanup kills) and `record KEY VALUE`.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ns() { date +%s%N; }
load_avg() { awk '{ print $1 }' /proc/loadavg; }

# rss_start PID FILE [MAX_SAMPLES]: reset VmHWM with clear_refs 5 (Linux >= 4.0) where writable,
# and sample VmRSS at 20 Hz into FILE as the fallback (at most MAX_SAMPLES x 50 ms; default 12000,
# 10 minutes). Values in kB; rss_stop turns them into MiB.
rss_start() {
  local pid=$1 file=$2 max_samples=${3:-12000}
  rss_reset=0
  { echo 5 >"/proc/$pid/clear_refs"; } 2>/dev/null && rss_reset=1
  (
    max=0
    for ((n = 0; n < max_samples; n++)); do
      kb=""
      [[ -r "/proc/$pid/status" ]] || break
      while read -r k v _; do if [[ "$k" == VmRSS: ]]; then kb=$v; fi; done <"/proc/$pid/status" 2>/dev/null || true
      if [[ -n "$kb" ]] && ((kb > max)); then max=$kb; echo "$max" >"$file"; fi
      sleep 0.05
    done
  ) &
  sampler_pid=$!; samplers+=("$sampler_pid")
}

# rss_stop KEY PID FILE: stops the sampler and records the phase's peak in MiB (VmHWM when it was
# reset before the phase, else the sampled maximum).
rss_stop() {
  local key=$1 pid=$2 file=$3 hwm sampled
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
  sampled=$(cat "$file" 2>/dev/null || echo 0)
  echo "$key: VmHWM ${hwm} kB (reset before the phase: $([[ $rss_reset == 1 ]] && echo yes || echo no)), max sampled VmRSS ${sampled} kB" >>"$raw/rss.txt"
  local kb=$sampled
  [[ $rss_reset == 1 ]] && ((hwm > kb)) && kb=$hwm
  record "$key" "$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')"
}

# rss_now PID: the current VmRSS in MiB.
rss_now() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
