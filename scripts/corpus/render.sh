#!/usr/bin/env bash
# Generates rendering test inputs into OUT_DIR/render/ (idempotent).
#
#   src/NAME.dcm          uncompressed original (dump2dcm from generated values, or a corpus copy
#                         converted to explicit VR little endian)
#   twins/NAME.SYNTAX.dcm the same pixels in each lossless syntax, encoded by dcmtk or GDCM:
#                         jpeg-sv1 (dcmcjpeg +e1, .70), jpeg-p14 (dcmcjpeg +el, .57), jpegls
#                         (dcmcjpls, .80), jpegls-gdcm (gdcmconv --jpegls), rle (dcmcrle), j2k
#                         (gdcmconv --j2k, .90 lossless), deflate (dcmconv +td, .1.99)
#   ref/NAME.minmax.png   dcmj2pnm +on +Wm           (our VoiPreference.MIN_MAX)
#   ref/NAME.file.png     dcmj2pnm +on +Wi 1         (the file's first window; only when present)
#   ref/NAME.window.png   dcmj2pnm +on +Ww C W       (requested LINEAR window, C/W in windows.tsv)
#   ref/NAME.window16.png dcmj2pnm +on2 +Ww C W      (the same window, 16-bit output)
#   ref/NAME.fK.png       dcmj2pnm +on +Wm +F K      (frame K, multi-frame sources only)
#   windows.tsv           NAME, center, width used for the requested-window references
#   skipped.txt           encoder runs that failed (the tests list them, they never hide one)
#   bench/ct512.SYNTAX.dcm  512×512 12-bit CT (rescale, window) native and in each lossless
#                         syntax, and bench/rgb1024.dcm (1024×1024 RGB): JMH inputs only
#
# Needs dcmtk (dump2dcm, dcmcjpeg, dcmcjpls, dcmcrle, dcmconv, dcmj2pnm), gdcmconv, python3.
set -euo pipefail
out="${1:?usage: render.sh OUT_DIR}/render"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${LIGHTBOX_CORPUS:-$root/../shared/corpus}"
for tool in dump2dcm dcmcjpeg dcmcjpls dcmcrle dcmconv dcmj2pnm gdcmconv python3; do
  command -v "$tool" >/dev/null || { echo "render.sh: $tool not found" >&2; exit 1; }
done
[[ -d "$corpus/pydicom" ]] || { echo "render.sh: shared corpus not found at $corpus" >&2; exit 1; }
stamp="$out/.done-v2"
[[ -e "$stamp" ]] && exit 0
rm -rf "$out"
mkdir -p "$out/src" "$out/twins" "$out/ref" "$out/tmp"

# make_image NAME rows cols spp bits_stored signed photometric frames rescale window
# (rescale "slope\intercept" or -, window "center\width" or -): writes NAME.bin and NAME.dump.
# The picture is CT-like: a smooth disc on a background, a gradient and some noise, spread over
# the whole stored range so every window and bit depth is exercised.
make_image() {
  python3 - "$@" <<'PY'
import math, random, struct, sys, zlib
base, rows, cols, spp, stored, signed, photo, frames, rescale, window = sys.argv[1:]
rows, cols, spp, stored, signed, frames = map(int, (rows, cols, spp, stored, signed, frames))
alloc = 8 if stored <= 8 else 16
# A fixed seed per image shape: str hashes are salted per process (PYTHONHASHSEED), so hash()
# would give different images, and different test inputs, on every run.
rng = random.Random(zlib.crc32(repr((rows, cols, stored, signed, photo, frames)).encode()))
lo, hi = (-(1 << (stored - 1)), (1 << (stored - 1)) - 1) if signed else (0, (1 << stored) - 1)
span = hi - lo
out = bytearray()
for f in range(frames):
    for y in range(rows):
        for x in range(cols):
            dx, dy = (x - cols / 2) / cols, (y - rows / 2 - f * 2) / rows
            r = math.hypot(dx, dy)
            t = 0.15 + 0.6 * max(0.0, 1 - r * 2.2) + 0.2 * (x / cols) + 0.05 * rng.random()
            t += 0.1 * math.sin(x / 5.0 + f) * (r < 0.3)
            for c in range(spp):
                v = lo + int(min(1.0, max(0.0, t + 0.07 * c)) * span)
                v = max(lo, min(hi, v))
                if alloc == 8:
                    out += struct.pack("B", v & 0xff)
                else:
                    out += struct.pack("<H", v & 0xffff)  # sign bits above Bits Stored set
if len(out) % 2:
    out += b"\0"
open(base + ".bin", "wb").write(out)
lines = [
    "(0002,0010) UI =LittleEndianExplicit",
    "(0008,0016) UI =SecondaryCaptureImageStorage",
    "(0008,0018) UI 1.2.826.0.1.3680043.10.1399.3.%d" % (abs(hash(base)) % 10**9),
    "(0008,0060) CS OT",
    "(0010,0010) PN Render^Test",
    "(0020,000d) UI 1.2.826.0.1.3680043.10.1399.3",
    "(0020,000e) UI 1.2.826.0.1.3680043.10.1399.3.1",
    "(0028,0002) US %d" % spp,
    "(0028,0004) CS %s" % photo,
]
if spp == 3:
    lines.append("(0028,0006) US 0")
if frames > 1:
    lines.append("(0028,0008) IS %d" % frames)
lines += [
    "(0028,0010) US %d" % rows,
    "(0028,0011) US %d" % cols,
    "(0028,0100) US %d" % alloc,
    "(0028,0101) US %d" % stored,
    "(0028,0102) US %d" % (stored - 1),
    "(0028,0103) US %d" % signed,
]
if window != "-":
    c, w = window.split("\\")
    lines += ["(0028,1050) DS %s" % c, "(0028,1051) DS %s" % w]
if rescale != "-":
    s, i = rescale.split("\\")
    lines += ["(0028,1052) DS %s" % i, "(0028,1053) DS %s" % s, "(0028,1054) LO HU"]
lines.append("(7fe0,0010) %s =%s.bin" % ("OB" if alloc == 8 else "OW", base))
open(base + ".dump", "w").write("\n".join(lines) + "\n")
PY
}

# name rows cols spp stored signed photometric frames rescale window   requested-window C W
specs=(
  "u8 48 64 1 8 0 MONOCHROME2 1 - -                                     128 100"
  "u12_window 64 60 1 12 0 MONOCHROME2 1 - 1800\\1200                   2000 3000"
  "s12_rescale_window 60 64 1 12 1 MONOCHROME2 1 1\\-1024 -600\\1500     -1000 1800"
  "u16_rescale 50 70 1 16 0 MONOCHROME2 1 2\\-100 -                     40000 60000"
  "s16_window 70 50 1 16 1 MONOCHROME2 1 - 0\\40000                     -5000 30000"
  "u10_mono1 40 56 1 10 0 MONOCHROME1 1 - -                             500 600"
  "u12_multiframe 40 48 1 12 0 MONOCHROME2 5 1\\0 -                     2048 2048"
  "rgb8 40 52 3 8 0 RGB 1 - -                                           128 256"
)
: >"$out/windows.tsv"
: >"$out/skipped.txt"
for spec in "${specs[@]}"; do
  read -r name rows cols spp stored signed photo frames rescale window wc ww <<<"$spec"
  make_image "$out/tmp/$name" "$rows" "$cols" "$spp" "$stored" "$signed" "$photo" "$frames" \
    "$rescale" "$window"
  dump2dcm +E "$out/tmp/$name.dump" "$out/src/$name.dcm"
  printf '%s\t%s\t%s\n' "$name" "$wc" "$ww" >>"$out/windows.tsv"
done

# Corpus sources converted to explicit VR little endian (the CT has a window and a rescale).
dcmconv +te "$corpus/pydicom/test_files/CT_small.dcm" "$out/src/ct_small.dcm"
dcmconv +te "$corpus/pydicom/test_files/MR_small.dcm" "$out/src/mr_small.dcm"
printf 'ct_small\t40\t400\nmr_small\t600\t1200\n' >>"$out/windows.tsv"

encode() { # syntax src dst
  case "$1" in
    jpeg-sv1) dcmcjpeg +e1 "$2" "$3" ;;
    jpeg-p14) dcmcjpeg +el "$2" "$3" ;;
    jpegls) dcmcjpls +el "$2" "$3" 2>/dev/null || dcmcjpls "$2" "$3" ;;
    jpegls-gdcm) gdcmconv --jpegls "$2" "$3" ;;
    rle) dcmcrle "$2" "$3" ;;
    j2k) gdcmconv --j2k "$2" "$3" ;;
    deflate) dcmconv +td "$2" "$3" ;;
  esac
}

for src in "$out"/src/*.dcm; do
  name="$(basename "$src" .dcm)"
  for syntax in jpeg-sv1 jpeg-p14 jpegls jpegls-gdcm rle j2k deflate; do
    if ! encode "$syntax" "$src" "$out/twins/$name.$syntax.dcm" >"$out/tmp/log" 2>&1; then
      printf '%s\t%s\t%s\n' "$name" "$syntax" "$(head -c 200 "$out/tmp/log" | tr '\n\t' '  ')" \
        >>"$out/skipped.txt"
      rm -f "$out/twins/$name.$syntax.dcm"
    fi
  done
  dcmj2pnm +on +Wm "$src" "$out/ref/$name.minmax.png"
  if dcmdump +P 0028,1050 "$src" | grep -q 'WindowCenter'; then
    dcmj2pnm +on +Wi 1 "$src" "$out/ref/$name.file.png"
  fi
  read -r _ wc ww < <(grep -P "^$name\t" "$out/windows.tsv")
  dcmj2pnm +on +Ww "$wc" "$ww" "$src" "$out/ref/$name.window.png"
  dcmj2pnm +on2 +Ww "$wc" "$ww" "$src" "$out/ref/$name.window16.png"
  frames="$(dcmdump +P 0028,0008 "$src" | sed -n 's/.*\[\([0-9]*\)\].*/\1/p')"
  if [[ -n "$frames" && "$frames" -gt 1 ]]; then
    for ((k = 1; k <= frames; k++)); do
      dcmj2pnm +on +Wm +F "$k" "$src" "$out/ref/$name.f$k.png"
    done
  fi
done
# Benchmark inputs (benchmarks/.../bench/render): kept apart so the tests stay quick.
mkdir -p "$out/bench"
make_image "$out/tmp/ct512" 512 512 1 12 0 MONOCHROME2 1 "1\\-1024" "40\\400"
dump2dcm +E "$out/tmp/ct512.dump" "$out/bench/ct512.native.dcm"
for syntax in jpeg-sv1 jpegls rle j2k; do
  encode "$syntax" "$out/bench/ct512.native.dcm" "$out/bench/ct512.$syntax.dcm"
done
make_image "$out/tmp/rgb1024" 1024 1024 3 8 0 RGB 1 - -
dump2dcm +E "$out/tmp/rgb1024.dump" "$out/bench/rgb1024.dcm"
dcmj2pnm +on "$out/bench/ct512.native.dcm" "$out/bench/ct512.dcmtk.png"
rm -rf "$out/tmp"
printf 'sources\t%s\ntwins\t%s\n' "$(find "$out/src" -name '*.dcm' | wc -l)" \
  "$(find "$out/twins" -name '*.dcm' | wc -l)" >"$out/counts.tsv"
touch "$stamp"
