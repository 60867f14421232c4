#!/usr/bin/env bash
# Generates lossless JPEG (ITU-T T.81 process 14, SOF3) test inputs into OUT_DIR/jpeg-lossless/
# (idempotent).
#
#   src/NAME.dcm          uncompressed sources (dump2dcm from generated pixel values)
#   gen/NAME.dcm          compressed by dcmcjpeg: +e1 (…4.70, selection value 1) or +el +sv K
#                         (…4.57, predictor K = 1..7), with +pt T point transforms
#   gen/NAME.ref.dcm      dcmdjpeg decode of gen/NAME.dcm: the oracle
#   corpus/NAME.ref.dcm   dcmdjpeg decode of each lossless JPEG file of the shared corpus that has
#                         pixel data
#   counts.tsv            generated / corpus case counts (the tests assert them)
#
# Needs dcmtk and python3. Fails loudly on a missing tool or corpus, or any failed encode/decode.
set -euo pipefail
out="${1:?usage: jpeg-lossless.sh OUT_DIR}/jpeg-lossless"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${LIGHTBOX_CORPUS:-$root/../shared/corpus}"
for tool in dump2dcm dcmcjpeg dcmdjpeg dcmdump python3; do
  command -v "$tool" >/dev/null || { echo "jpeg-lossless.sh: $tool not found" >&2; exit 1; }
done
[[ -d "$corpus/pydicom" ]] ||
  { echo "jpeg-lossless.sh: shared corpus not found at $corpus" >&2; exit 1; }
stamp="$out/.done-v1"
[[ -e "$stamp" ]] && exit 0
rm -rf "$out"
mkdir -p "$out/src" "$out/gen" "$out/corpus"

# make_image BASE rows cols spp bits signed: BASE.bin + BASE.dump for dump2dcm. Smooth shading,
# hard edges, a ramp and noise over the whole range: every difference category gets used.
make_image() {
  python3 - "$@" <<'PY'
import math, random, struct, sys
base = sys.argv[1]
rows, cols, spp, bits, signed = map(int, sys.argv[2:])
rng = random.Random(rows * 7919 + cols * 31 + spp * 3 + bits * 101 + signed)
top = (1 << bits) - 1
def value(y, x, c):
    v = 0.5 + 0.3 * math.sin(x / (5.0 + 3 * c) + c) * math.cos(y / 7.0)
    if (x // 16 + y // 16) % 4 == 1:
        v += 0.25 - 0.1 * c
    v += 0.1 * (x / max(cols, 1)) - 0.05 * (y / max(rows, 1))
    v += rng.uniform(-0.04, 0.04)
    if (x * 13 + y * 7) % 97 == 0:
        v = 1.0 if (x + y) % 2 else 0.0  # isolated extremes: the largest differences
    return max(0, min(top, int(round(v * top))))
alloc = 8 if bits <= 8 else 16
raw = bytearray()
for y in range(rows):
    for x in range(cols):
        for c in range(spp):
            v = value(y, x, c)
            if signed:
                v -= 1 << (bits - 1)
            raw += struct.pack("B" if alloc == 8 else "<H", v & ((1 << alloc) - 1))
if len(raw) % 2:
    raw += b"\0"
open(base + ".bin", "wb").write(raw)
lines = [
    "(0002,0010) UI =LittleEndianExplicit",
    "(0008,0016) UI =SecondaryCaptureImageStorage",
    "(0008,0018) UI 1.2.826.0.1.3680043.10.1399.4.%d.%d.%d.%d.%d" % (rows, cols, spp, bits, signed),
    "(0008,0060) CS OT",
    "(0010,0010) PN Lightbox^Lossless",
    "(0020,000d) UI 1.2.826.0.1.3680043.10.1399.4",
    "(0020,000e) UI 1.2.826.0.1.3680043.10.1399.4.1",
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
    "(0028,0103) US %d" % signed,
    "(7fe0,0010) %s =%s.bin" % ("OB" if alloc == 8 else "OW", base),
]
open(base + ".dump", "w").write("\n".join(lines) + "\n")
PY
}

# name rows cols spp bits signed
for spec in "grey8 64 80 1 8 0" "grey12 100 128 1 12 0" "grey16 72 64 1 16 0" \
            "grey16s 40 56 1 16 1" "grey12s 40 48 1 12 1" "rgb8 48 64 3 8 0" \
            "grey6 30 40 1 6 0" "grey10 33 45 1 10 0" "grey8_1x1 1 1 1 8 0" "grey12_3x7 7 3 1 12 0" \
            "rgb8_odd 13 11 3 8 0"; do
  read -r name rows cols spp bits signed <<<"$spec"
  make_image "$out/src/$name" "$rows" "$cols" "$spp" "$bits" "$signed"
  dump2dcm +E "$out/src/$name.dump" "$out/src/$name.dcm"
  rm -f "$out/src/$name.dump" "$out/src/$name.bin"
done

cj() { # name source options...: one dcmcjpeg case
  local name="$1" src="$2"; shift 2
  dcmcjpeg "$@" "$out/src/$src.dcm" "$out/gen/$name.dcm" ||
    { echo "jpeg-lossless.sh: dcmcjpeg $* failed for $name" >&2; exit 1; }
}
# Every predictor (T.81 Table H.1) on 8-, 12- and 16-bit grey and on RGB.
for sv in 1 2 3 4 5 6 7; do
  for src in grey8 grey12 grey16 rgb8; do
    cj "p14_sv${sv}_$src" "$src" +el +sv "$sv"
  done
done
# Point transforms (T.81 §H.1.2.1: Pt shifts the initial prediction and the output).
cj p14_sv1_pt1_grey8 grey8 +el +sv 1 +pt 1
cj p14_sv4_pt2_grey12 grey12 +el +sv 4 +pt 2
cj p14_sv6_pt4_grey16 grey16 +el +sv 6 +pt 4
cj p14_sv7_pt3_grey12 grey12 +el +sv 7 +pt 3
cj p14_sv5_pt1_rgb8 rgb8 +el +sv 5 +pt 1
cj p14_sv2_pt11_grey12 grey12 +el +sv 2 +pt 11
# Selection value 1 (…4.70) on every other source: signed, 6/10-bit, tiny and odd sizes.
for src in grey8 grey12 grey16 grey16s grey12s rgb8 grey6 grey10 grey8_1x1 grey12_3x7 rgb8_odd; do
  cj "sv1_$src" "$src" +e1
done
cj p14_sv7_grey16s grey16s +el +sv 7
cj p14_sv6_grey6 grey6 +el +sv 6

for f in "$out"/gen/*.dcm; do
  [[ "$f" == *.ref.dcm ]] && continue
  dcmdjpeg "$f" "${f%.dcm}.ref.dcm" ||
    { echo "jpeg-lossless.sh: dcmdjpeg failed on $f" >&2; exit 1; }
done

# Shared-corpus lossless JPEG files (…4.57 and …4.70) that carry pixel data.
for f in "$corpus"/pydicom/*/*.dcm; do
  ts="$(dcmdump -q +P 0002,0010 "$f" 2>/dev/null | head -1 || true)"
  [[ "$ts" == *"=JPEGLossless"* ]] || continue
  pixels="$(dcmdump -q +P 7fe0,0010 "$f" 2>/dev/null || true)"
  [[ -n "$pixels" ]] || continue # no pixel data (UN_sequence.dcm): nothing to decode
  base="$(basename "${f%.dcm}")"
  if ! dcmdjpeg "$f" "$out/corpus/$base.ref.dcm" 2>"$out/corpus/$base.log"; then
    echo "jpeg-lossless.sh: dcmdjpeg failed on corpus file $f:" >&2
    cat "$out/corpus/$base.log" >&2
    exit 1
  fi
done
printf 'generated\t%s\ncorpus\t%s\n' "$(find "$out/gen" -name '*.ref.dcm' | wc -l)" \
  "$(find "$out/corpus" -name '*.ref.dcm' | wc -l)" >"$out/counts.tsv"
touch "$stamp"
