#!/usr/bin/env bash
# The long reliability run (issue 6): crash consistency with KILLS SIGKILLs per mode (default 20),
# load without loss with UPLOADS uploads (default 10000), then every fuzz target for FUZZ_MINUTES
# each (default 10; 0 skips fuzzing and reports target/reliability/fuzz-summary.md as it is,
# e.g. from a separate reliability/fuzz-all.sh run). Builds the shaded jar first; writes the figures into docs/reliability.md
# between the "long-run figures" markers. Exit status non-zero if anything failed or was lost.
# Usage: reliability/run-long.sh [KILLS] [UPLOADS] [FUZZ_MINUTES]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
kills="${1:-20}"
uploads="${2:-10000}"
fuzz_minutes="${3:-10}"
out="$root/target/reliability"
mkdir -p "$out"
status=0
started="$(date -u +%Y-%m-%dT%H:%MZ)"
mvn -q -B -ntp -DskipTests package || exit 1
rm -f dicom-http/target/reliability/*.properties
reliability/crash.sh "$kills" > "$out/crash.log" 2>&1 || { status=1; echo "crash run FAILED (see $out/crash.log)" >&2; }
reliability/load.sh "$uploads" > "$out/load.log" 2>&1 || { status=1; echo "load run FAILED (see $out/load.log)" >&2; }
if ((fuzz_minutes > 0)); then
  reliability/fuzz-all.sh "$fuzz_minutes" > "$out/fuzz.log" 2>&1 || { status=1; echo "fuzzing found something (see $out/fuzz.log)" >&2; }
fi

prop() { grep -h "^$2=" "$1" 2>/dev/null | cut -d= -f2; }
block="$out/figures.md"
{
  echo "Last long run: $started, \`reliability/run-long.sh $kills $uploads $fuzz_minutes\` on $(nproc) cores, exit status $status."
  echo
  echo "| crash mode | kills survived | upload attempts | acknowledged (2xx) | in-doubt but complete | index rows = blobs | orphans swept | verified reads | lost |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for f in dicom-http/target/reliability/crash-*.properties; do
    [[ -f "$f" ]] || continue
    echo "| $(prop "$f" mode) | $(prop "$f" kills) | $(prop "$f" attempted) | $(prop "$f" acknowledged) | $(prop "$f" inDoubtStored) | $(prop "$f" indexRows) = $(prop "$f" blobs) | $(prop "$f" orphansSwept) | $(prop "$f" verifiedReads) | $(prop "$f" lost) |"
  done
  echo
  l=dicom-http/target/reliability/load.properties
  if [[ -f "$l" ]]; then
    echo "Load: $(prop $l uploads) uploads, $(prop $l requests) requests in $(prop $l seconds) s ($(prop $l requestsPerSecond) req/s, $(prop $l uploadsPerSecond) uploads/s) at concurrency $(prop $l concurrency); 5xx: $(prop $l fivexx); verified by sha256: $(prop $l verified); lost: $(prop $l lost); server at the end: $(prop $l serverRssMibAtEnd) MiB RSS, $(prop $l serverFdsAtEnd) fds."
    echo
    echo "| request | count | p50 ms | p95 ms | p99 ms |"
    echo "|---|---|---|---|---|"
    for k in upload attribute render download verify; do
      echo "| $k | $(prop $l $k.count) | $(prop $l $k.p50ms) | $(prop $l $k.p95ms) | $(prop $l $k.p99ms) |"
    done
    echo
  fi
  echo "Fuzzing (reliability/fuzz-all.sh; per-target durations in the table):"
  echo
  cat "$out/fuzz-summary.md" 2>/dev/null
} > "$block"
doc=docs/reliability.md
awk -v block="$block" '
  /<!-- long-run figures: begin -->/ { print; while ((getline line < block) > 0) print line; skip = 1; next }
  /<!-- long-run figures: end -->/ { skip = 0 }
  !skip { print }
' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
cat "$block"
exit $status
