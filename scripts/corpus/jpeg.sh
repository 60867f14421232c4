#!/usr/bin/env bash
# Generates JPEG (DCT, Huffman) test inputs into OUT_DIR/jpeg/ (idempotent).
#
#   src/NAME.dcm      uncompressed sources (dump2dcm from generated pixel values)
#   gen/NAME.dcm      JPEG-compressed by dcmcjpeg (+eb baseline, +ee extended 8/12-bit), or by
#                     cjpeg (restart intervals, 4:2:0, h1v2, non-interleaved scans, odd sizes)
#                     and wrapped by img2dcm
#   gen/NAME.ref.dcm  dcmdjpeg +cn decode of gen/NAME.dcm: the oracle (no colour conversion)
#   corpus/NAME.ref.dcm  dcmdjpeg +cn decode of each DCT JPEG file in the shared corpus
#
# Needs dcmtk, python3 (standard library) and cjpeg (Debian libjpeg-turbo-progs, installed by
# scripts/test.sh). Fails loudly: a missing tool or corpus, or any failed encode or reference
# decode, stops the script. counts.tsv records the cases for the tests to assert.
set -euo pipefail
out="${1:?usage: jpeg.sh OUT_DIR}/jpeg"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${LIGHTBOX_CORPUS:-$root/../shared/corpus}"
for tool in dump2dcm dcmcjpeg dcmdjpeg dcmdump img2dcm cjpeg python3; do
  command -v "$tool" >/dev/null || { echo "jpeg.sh: $tool not found" >&2; exit 1; }
done
[[ -d "$corpus/pydicom" ]] || { echo "jpeg.sh: shared corpus not found at $corpus" >&2; exit 1; }
stamp="$out/.done-v2"
[[ -e "$stamp" ]] && exit 0
rm -rf "$out"
mkdir -p "$out/src" "$out/gen" "$out/corpus"

# make_image BASE rows cols spp bits: BASE.bin (little endian pixels) + BASE.dump for dump2dcm,
# and BASE.pnm (8-bit only) for cjpeg. Smooth shading, hard edges and a little noise: the mix
# that exercises every coefficient range.
make_image() {
  python3 - "$@" <<'PY'
import math, random, struct, sys
base, rows, cols, spp, bits = sys.argv[1], *map(int, sys.argv[2:])
rng = random.Random(rows * 7919 + cols * 31 + spp * 3 + bits)
top = (1 << bits) - 1
def value(y, x, c):
    v = 0.5 + 0.3 * math.sin(x / (5.0 + 3 * c) + c) * math.cos(y / 7.0)
    if (x // 16 + y // 16) % 4 == 1:
        v += 0.25 - 0.1 * c
    v += 0.1 * (x / max(cols, 1)) - 0.05 * (y / max(rows, 1))
    v += rng.uniform(-0.02, 0.02)
    return max(0, min(top, int(round(v * top))))
px = [[[value(y, x, c) for c in range(spp)] for x in range(cols)] for y in range(rows)]
fmt = "B" if bits == 8 else "<H"
raw = bytearray()
for y in range(rows):
    for x in range(cols):
        for c in range(spp):
            raw += struct.pack(fmt, px[y][x][c])
if len(raw) % 2:
    raw += b"\0"
open(base + ".bin", "wb").write(raw)
if bits == 8:
    kind = b"P6" if spp == 3 else b"P5"
    with open(base + ".pnm", "wb") as f:
        f.write(kind + b"\n%d %d\n255\n" % (cols, rows))
        f.write(bytes(v for row in px for p in row for v in p))
alloc = 8 if bits == 8 else 16
lines = [
    "(0002,0010) UI =LittleEndianExplicit",
    "(0008,0016) UI =SecondaryCaptureImageStorage",
    "(0008,0018) UI 1.2.826.0.1.3680043.10.1399.2.%d.%d.%d.%d" % (rows, cols, spp, bits),
    "(0008,0060) CS OT",
    "(0010,0010) PN Lightbox^Test",
    "(0020,000d) UI 1.2.826.0.1.3680043.10.1399.2",
    "(0020,000e) UI 1.2.826.0.1.3680043.10.1399.2.1",
    "(0028,0002) US %d" % spp,
    "(0028,0004) CS %s" % ("RGB" if spp == 3 else "MONOCHROME2"),
]
if spp == 3:
    lines.append("(0028,0006) US 0")
lines += [
    "(0028,0010) US %d" % rows,
    "(0028,0011) US %d" % cols,
    "(0028,0100) US %d" % alloc,
    "(0028,0101) US %d" % bits,
    "(0028,0102) US %d" % (bits - 1),
    "(0028,0103) US 0",
    "(7fe0,0010) %s =%s.bin" % ("OB" if alloc == 8 else "OW", base),
]
open(base + ".dump", "w").write("\n".join(lines) + "\n")
PY
}

# name rows cols spp bits
for spec in "grey8 200 256 1 8" "grey8_odd 37 53 1 8" "grey12 512 512 1 12" "grey12_odd 45 71 1 12" \
            "rgb8 160 224 3 8" "rgb8_odd 35 51 3 8" "rgb8_512 512 512 3 8" "rgb8_1x1 1 1 3 8" \
            "grey8_3x7 7 3 1 8"; do
  read -r name rows cols spp bits <<<"$spec"
  make_image "$out/src/$name" "$rows" "$cols" "$spp" "$bits"
  dump2dcm +E "$out/src/$name.dump" "$out/src/$name.dcm"
  rm -f "$out/src/$name.dump" "$out/src/$name.bin"
done

cj() { # name source options...: dcmcjpeg case
  local name="$1" src="$2"; shift 2
  dcmcjpeg "$@" "$out/src/$src.dcm" "$out/gen/$name.dcm" ||
    { echo "jpeg.sh: dcmcjpeg $* failed for $name" >&2; exit 1; }
}
for q in 50 75 90 100; do
  cj "baseline_grey8_q$q" grey8 +eb +q "$q"
done
cj baseline_grey8_odd grey8_odd +eb
cj baseline_grey8_3x7 grey8_3x7 +eb
cj baseline_grey8_stdtables grey8 +eb -ho
cj extended_grey8 grey8 +ee +q 85
cj extended_grey12_q75 grey12 +ee +q 75
cj extended_grey12_q95 grey12 +ee +q 95
cj extended_grey12_q100 grey12 +ee +q 100
cj extended_grey12_odd grey12_odd +ee
cj baseline_rgb8_444 rgb8 +eb +s4
cj baseline_rgb8_422 rgb8 +eb +s2
cj baseline_rgb8_422_full rgb8 +eb +n2
cj baseline_rgb8_411_full rgb8 +eb +n1 +q 60
cj baseline_rgb8_odd_422 rgb8_odd +eb +s2
cj baseline_rgb8_odd_411 rgb8_odd +eb +n1
cj baseline_rgb8_1x1_422 rgb8_1x1 +eb +s2
cj baseline_rgb8_512_422 rgb8_512 +eb +s2
cj baseline_rgb8_as_rgb rgb8 +eb +cr +s4
cj extended_rgb8_422 rgb8 +ee +s2

printf '0;\n1;\n2;\n' >"$out/src/noninterleaved.scans"
  ij() { # name source cjpeg-options...: cjpeg case wrapped by img2dcm
    local name="$1" src="$2"; shift 2
    if cjpeg "$@" -outfile "$out/src/$name.jpg" "$out/src/$src.pnm" &&
       img2dcm -q -i JPEG "$out/src/$name.jpg" "$out/gen/$name.dcm"; then :; else
      echo "jpeg.sh: cjpeg $* failed for $name" >&2; exit 1
    fi
  }
  ij cjpeg_grey8_restart_rows grey8 -quality 80 -restart 1
  ij cjpeg_grey8_restart_blocks grey8_odd -quality 80 -restart 3B
  ij cjpeg_rgb8_420 rgb8 -quality 85 -sample 2x2
  ij cjpeg_rgb8_420_odd rgb8_odd -quality 85 -sample 2x2
  ij cjpeg_rgb8_420_restart rgb8 -quality 85 -sample 2x2 -restart 2B
  ij cjpeg_rgb8_h1v2 rgb8 -quality 85 -sample 1x2
  ij cjpeg_rgb8_h4v1 rgb8_odd -quality 85 -sample 4x1
  ij cjpeg_rgb8_h2v2_odd_restart rgb8_odd -quality 70 -sample 2x2 -restart 1
  ij cjpeg_rgb8_noninterleaved rgb8 -quality 85 -sample 2x1 -scans "$out/src/noninterleaved.scans"
  ij cjpeg_rgb8_noninterleaved_restart rgb8_odd -quality 85 -sample 2x2 -restart 1 \
     -scans "$out/src/noninterleaved.scans"
  ij cjpeg_rgb8_1x1_420 rgb8_1x1 -sample 2x2
  ij cjpeg_grey8_3x7 grey8_3x7 -quality 95
  ij cjpeg_grey8_q10 grey8 -quality 10

for f in "$out"/gen/*.dcm; do
  [[ "$f" == *.ref.dcm ]] && continue
  dcmdjpeg +cn "$f" "${f%.dcm}.ref.dcm" || { echo "jpeg.sh: dcmdjpeg failed on $f" >&2; exit 1; }
done

# Shared-corpus DCT files dcmdjpeg cannot decode, each checked by hand (reason after the name).
known_bad=(
)
for f in "$corpus"/pydicom/*/*.dcm; do
  ts="$(dcmdump -q +P 0002,0010 "$f" 2>/dev/null | head -1 || true)"
  [[ "$ts" == *"=JPEGBaseline"* || "$ts" == *"=JPEGExtended"* ]] || continue
  base="$(basename "${f%.dcm}")"
  if ! dcmdjpeg +cn "$f" "$out/corpus/$base.ref.dcm" 2>"$out/corpus/$base.log"; then
    if [[ " ${known_bad[*]} " == *" $base "* ]]; then
      rm -f "$out/corpus/$base.ref.dcm"
      echo "$base" >>"$out/known-bad.txt"
      continue
    fi
    echo "jpeg.sh: dcmdjpeg failed on corpus file $f:" >&2
    cat "$out/corpus/$base.log" >&2
    exit 1
  fi
done
printf 'generated\t%s\ncorpus\t%s\n' "$(find "$out/gen" -name '*.ref.dcm' | wc -l)" \
  "$(find "$out/corpus" -name '*.ref.dcm' | wc -l)" >"$out/counts.tsv"
touch "$stamp"
