#!/usr/bin/env bash
# Runs every Jazzer fuzz target of Lightbox for MINUTES each (default 2), one JVM per target, and
# prints a Markdown table (target, seconds, executions, coverage, findings) that is also written
# to target/reliability/fuzz-summary.md. Crashing inputs land in the targets' *Inputs/<method>/
# resource directories (commit them: the normal test run replays them). Exit 1 if any target found
# something. Usage: reliability/fuzz-all.sh [MINUTES|SECONDSs] [TARGET_REGEX]
# Each JVM runs with -Xmx256m (FUZZ_HEAP overrides) so that a decompression bomb is an
# OutOfMemoryError finding rather than a slow success; the decoder targets also cap what one input
# may allocate (AllocationCap).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
minutes="${1:-2}"
only="${2:-.}"
# MINUTES may also be given as seconds with an "s" suffix (30s); libFuzzer reads 0 as "forever".
if [[ "$minutes" =~ ^([0-9]+)s$ ]]; then seconds="${BASH_REMATCH[1]}"; else seconds=$((minutes * 60)); fi
if ((seconds < 1)); then echo "fuzz-all: duration must be at least 1 s" >&2; exit 2; fi
out="$root/target/reliability"
mkdir -p "$out"
targets=(
  "dicom-core DicomReaderFuzzTest#readOrRefuse"
  "dicom-core TagPathFuzzTest#parseOrRefuse"
  "dicom-core CodecFuzzTest#rle"
  "dicom-core CodecFuzzTest#jpegDct"
  "dicom-core CodecFuzzTest#jpegLs"
  "dicom-core CodecFuzzTest#jpegLossless"
  "dicom-core Jpeg2000FuzzTest#jpeg2000"
  "dicom-core Jpeg2000FuzzTest#htj2k"
  "dicom-core RenderFuzzTest#renderOrRefuse"
  "dicom-core PngEncoderFuzzTest#decodesToTheSamplesWritten"
  "dicom-http MultipartFuzzTest#readOrRefuse"
  "dicom-http MultipartFuzzTest#roundTrip"
  "dicom-net PduReaderFuzzTest#readOrRefuse"
  "dicom-net PduReaderFuzzTest#decodeCommandOrRefuse"
)
summary="$out/fuzz-summary.md"
{
  echo "| target | seconds | executions | coverage (edges) | findings |"
  echo "|---|---|---|---|---|"
} > "$summary"
found=0
for t in "${targets[@]}"; do
  module="${t%% *}"
  test="${t#* }"
  [[ "$test" =~ $only ]] || continue
  log="$out/fuzz-${test//#/-}.log"
  marker="$out/.started-${test//#/-}"
  touch "$marker"
  echo "fuzz-all: $test for ${seconds}s (log $log)" >&2
  # The annotation's maxDuration is the default; a libFuzzer -max_total_time given last wins.
  mvn -B -ntp -o -pl "$module" -am test -Pfuzz -Dtest="$test" \
      -DargLine="-Xmx${FUZZ_HEAP:-256m}" \
      -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      > "$log" 2>&1
  rc=$?
  # Jazzer writes crash-*/timeout-* files next to the seeds; note that it also writes the current
  # input there when the run is killed (SIGTERM), so an interrupted run is no evidence of a bug.
  new_inputs=$(find "$module/src/test/resources" -type f -newer "$marker" \( -name 'crash-*' \
      -o -name 'timeout-*' -o -name 'slow-unit-*' -o -name 'oom-*' \) | wc -l)
  done_line=$(grep -a -E "^Done [0-9]+ runs in [0-9]+ second" "$log" | tail -1)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$done_line")
  secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$done_line")
  cov=$(grep -a -oE "cov: [0-9]+" "$log" | tail -1 | sed 's/cov: //')
  if ((rc != 0)) || ((new_inputs > 0)); then
    findings="FINDING (exit $rc, $new_inputs new input file(s), see log)"
    found=1
  else
    findings="none"
  fi
  echo "| \`$test\` | ${secs:-?} | ${runs:-?} | ${cov:-?} | $findings |" >> "$summary"
done
cat "$summary"
exit $found
