#!/usr/bin/env bash
# Generates RLE Lossless test inputs into OUT_DIR/rle/ (idempotent).
#
#   gen/NAME.raw.dcm   uncompressed source, written with dump2dcm from generated pixel values
#   gen/NAME.rle.dcm   the same encoded by dcmcrle: tests compare the two exactly
#   corpus/NAME.dcm    dcmdrle's decode of each RLE file in the shared corpus (the oracle for it)
#
# Needs dcmtk (dump2dcm, dcmcrle, dcmdrle) and python3 (standard library only). Fails loudly on a
# missing tool or corpus and on any failed encode or reference decode, except the corpus files in
# known_bad; counts.tsv records the cases for the tests to assert.
set -euo pipefail
out="${1:?usage: rle.sh OUT_DIR}/rle"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${LIGHTBOX_CORPUS:-$root/../shared/corpus}"
for tool in dump2dcm dcmcrle dcmdrle python3; do
  command -v "$tool" >/dev/null || { echo "rle.sh: $tool not found" >&2; exit 1; }
done
[[ -d "$corpus/pydicom" ]] || { echo "rle.sh: shared corpus not found at $corpus" >&2; exit 1; }

# make_native BASE rows cols spp bits signed planar frames: writes BASE.bin (pixel bytes, little
# endian) and BASE.dump (a dump2dcm description that reads them). The pattern mixes flat areas
# (replicate runs), gradients and pseudo-random noise (literal runs).
make_native() {
  python3 - "$@" <<'PY'
import random, struct, sys
base, rows, cols, spp, bits, signed, planar, frames = sys.argv[1], *map(int, sys.argv[2:])
rng = random.Random(rows * 1000003 + cols * 1009 + spp * 31 + bits)
top = (1 << bits) - 1
def value(f, y, x, c):
    if (x // 8 + y // 8 + c) % 3 == 0:
        v = (f * 977 + c * 4099) & top                      # flat block
    elif (x + y) % 5 == 0:
        v = rng.randrange(top + 1)                           # noise
    else:
        v = ((x * 37 + y * 101 + f * 11 + c * 5) * (top // 509 + 1)) & top  # gradient
    return v
fmt = {8: "B", 16: "<H", 32: "<I"}[bits]
out = bytearray()
for f in range(frames):
    px = [[[value(f, y, x, c) for c in range(spp)] for x in range(cols)] for y in range(rows)]
    if planar:
        for c in range(spp):
            for y in range(rows):
                for x in range(cols):
                    out += struct.pack(fmt, px[y][x][c])
    else:
        for y in range(rows):
            for x in range(cols):
                for c in range(spp):
                    out += struct.pack(fmt, px[y][x][c])
if len(out) % 2:
    out += b"\0"
open(base + ".bin", "wb").write(out)
photometric = "RGB" if spp == 3 else "MONOCHROME2"
vr = "OB" if bits == 8 else "OW"
lines = [
    "(0002,0010) UI =LittleEndianExplicit",
    "(0008,0016) UI =SecondaryCaptureImageStorage",
    "(0008,0018) UI 1.2.826.0.1.3680043.10.1399.%d.%d.%d.%d" % (rows, cols, spp * 100 + bits, frames),
    "(0008,0060) CS OT",
    "(0010,0010) PN Lightbox^Test",
    "(0020,000d) UI 1.2.826.0.1.3680043.10.1399.1",
    "(0020,000e) UI 1.2.826.0.1.3680043.10.1399.1.1",
    "(0028,0002) US %d" % spp,
    "(0028,0004) CS %s" % photometric,
]
if frames > 1:
    lines.append("(0028,0008) IS %d" % frames)
lines += [
    "(0028,0010) US %d" % rows,
    "(0028,0011) US %d" % cols,
    "(0028,0100) US %d" % bits,
    "(0028,0101) US %d" % bits,
    "(0028,0102) US %d" % (bits - 1),
    "(0028,0103) US %d" % signed,
]
if spp == 3:
    lines.insert(9, "(0028,0006) US %d" % planar)
lines.append("(7fe0,0010) %s =%s.bin" % (vr, base))
open(base + ".dump", "w").write("\n".join(lines) + "\n")
PY
}

mkdir -p "$out/gen" "$out/corpus"
stamp="$out/.done-v2"
[[ -e "$stamp" ]] && exit 0
rm -rf "$out/gen" "$out/corpus"
mkdir -p "$out/gen" "$out/corpus"

# name rows cols spp bits signed planar frames
specs=(
  "grey8_64x48 48 64 1 8 0 0 1"
  "grey8_1x1 1 1 1 8 0 0 1"
  "grey8_3x7 7 3 1 8 0 0 1"
  "grey16u_65x33 33 65 1 16 0 0 1"
  "grey16s_40x30 30 40 1 16 1 0 1"
  "grey16u_512x512 512 512 1 16 0 0 1"
  "grey8_multiframe 20 17 1 8 0 0 3"
  "grey16_multiframe 9 11 1 16 0 0 4"
  "grey32_13x5 5 13 1 32 0 0 1"
  "rgb8_interleaved 31 29 3 8 0 0 1"
  "rgb8_planar 31 29 3 8 0 1 1"
  "rgb8_multiframe 8 9 3 8 0 0 2"
  "rgb16_10x6 6 10 3 16 0 0 1"
)
for spec in "${specs[@]}"; do
  read -r name rows cols spp bits signed planar frames <<<"$spec"
  make_native "$out/gen/$name" "$rows" "$cols" "$spp" "$bits" "$signed" "$planar" "$frames"
  dump2dcm +E "$out/gen/$name.dump" "$out/gen/$name.raw.dcm"
  if ! dcmcrle "$out/gen/$name.raw.dcm" "$out/gen/$name.rle.dcm" 2>"$out/gen/$name.log"; then
    echo "rle.sh: dcmcrle could not encode $name:" >&2
    cat "$out/gen/$name.log" >&2
    exit 1
  fi
  rm -f "$out/gen/$name.dump" "$out/gen/$name.bin"
done

# Corpus RLE files dcmdrle cannot decode, checked by hand: Bits Allocated 1 (segmentation masks),
# which dcmtk does not support (nor Lightbox: DcmtkRenderConformanceTest lists them).
known_bad=(liver_rle.dcm liver_nonbyte_aligned_rle.dcm)
for f in "$corpus"/pydicom/*/*; do
  b="$(basename "$f")"
  [[ "$b" =~ [Rr][Ll][Ee] && "$b" == *.dcm ]] || continue
  if ! dcmdrle "$f" "$out/corpus/$b" 2>"$out/corpus/$b.log"; then
    if [[ " ${known_bad[*]} " == *" $b "* ]]; then
      rm -f "$out/corpus/$b" "$out/corpus/$b.log"
      continue
    fi
    echo "rle.sh: dcmdrle failed on $b:" >&2
    cat "$out/corpus/$b.log" >&2
    exit 1
  fi
  rm -f "$out/corpus/$b.log"
done
printf 'generated\t%s\ncorpus\t%s\n' "$(find "$out/gen" -name '*.rle.dcm' | wc -l)" \
  "$(find "$out/corpus" -name '*.dcm' | wc -l)" >"$out/counts.tsv"
touch "$stamp"
