#!/usr/bin/env bash
# Times the C/C++ reference decoders on the JPEG 2000 / HTJ2K benchmark inputs, for comparison
# with Jpeg2000DecodeBenchmark and HtDecodeBenchmark (docs/performance.md).
#
# Usage: scripts/bench/j2k-tools.sh [RUNS]   (after scripts/corpus/j2k.sh target/generated-corpus)
#
# opj_decompress prints its own "decode time" (codestream decode, no file I/O); ojph_expand prints
# "Elapsed time" (decode plus writing the PGM). The minimum over RUNS runs is reported, in ms.
# "CPU" lines: user + system CPU time of the whole process (python3 getrusage), minimum over RUNS,
# and of the same tool on a 64x64 codestream as its start-up cost; on a loaded machine this is the
# figure to compare with benchmarks' CpuTimeComparison (a thread's CPU time, no waiting).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$root/target/generated-corpus/j2k"
runs="${1:-20}"
for tool in opj_decompress ojph_expand; do
  command -v "$tool" >/dev/null || { echo "j2k-tools.sh: $tool not found" >&2; exit 1; }
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

best() { sort -g | head -1; }

for f in bench/ct693.j2k enc/gray16.lrcp.j2k enc/rgb8.lrcp.j2k enc/gray16.irrev.j2k; do
  t=$(for _ in $(seq "$runs"); do
    opj_decompress -i "$dir/$f" -o "$tmp/o.rawl" 2>&1 | sed -n 's/^decode time: \([0-9]*\) ms/\1/p'
  done | best)
  echo "opj_decompress $f: $t ms"
done
for f in bench/ct693_ht.j2c enc/gray16.ht_rev.j2c enc/rgb8.ht_rev.j2c; do
  ext=pgm; [[ $f == *rgb* ]] && ext=ppm
  t=$(for _ in $(seq "$runs"); do
    ojph_expand -i "$dir/$f" -o "$tmp/o.$ext" 2>&1 | sed -n 's/^Elapsed time = \([0-9.]*\)/\1/p'
  done | best)
  echo "ojph_expand $f: $(awk -v s="$t" 'BEGIN { printf "%.2f", s * 1000 }') ms"
  t=$(for _ in $(seq "$runs"); do
    opj_decompress -i "$dir/$f" -o "$tmp/o.rawl" 2>&1 | sed -n 's/^decode time: \([0-9]*\) ms/\1/p'
  done | best)
  echo "opj_decompress $f: $t ms"
done
cpu() {
  python3 - "$runs" "$@" <<'PY'
import resource, subprocess, sys
best = 1e9
for _ in range(int(sys.argv[1])):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    best = min(best, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
print("%.1f" % (best * 1000))
PY
}
small="$dir/ht/refine8.cleanup.j2c"
echo "CPU opj_decompress bench/ct693.j2k: $(cpu opj_decompress -i "$dir/bench/ct693.j2k" -o "$tmp/o.rawl") ms (start-up on 64x64: $(cpu opj_decompress -i "$small" -o "$tmp/s.rawl") ms)"
echo "CPU ojph_expand bench/ct693_ht.j2c: $(cpu ojph_expand -i "$dir/bench/ct693_ht.j2c" -o "$tmp/o.pgm") ms (start-up on 64x64: $(cpu ojph_expand -i "$small" -o "$tmp/s.pgm") ms)"
