#!/usr/bin/env bash
# JPEG 2000 (Part 1) and HTJ2K (Part 15) test inputs for dev.lightbox.dicom.codec.jpeg2000 tests
# and benchmarks.
#
# Usage: scripts/corpus/j2k.sh OUT_DIR   (writes OUT_DIR/j2k/, idempotent)
#
# python3 writes synthetic little-endian planar raw images (8, 12 and 16 bit, signed and
# unsigned, grey and RGB); opj_compress (OpenJPEG) encodes each with option sets that cover the
# progression orders, tiles, precincts, layers, code-block styles, ROI, both wavelets and the
# component transforms; opj_decompress decodes every codestream again as the reference.
# ojph_compress (OpenJPH) makes HTJ2K codestreams, decoded by ojph_expand as their reference.
#
# manifest.tsv: one case per line, tab-separated:
#   codestream  reference.rawl  source.rawl  width  height  components  precision  signed  kind
# kind = lossless (reference must equal the source too) or lossy. Paths relative to OUT_DIR/j2k.
set -euo pipefail
out="${1:?usage: j2k.sh OUT_DIR}/j2k"
stamp="$out/.complete-v5"
[[ -e "$stamp" ]] && exit 0

for tool in opj_compress opj_decompress ojph_compress ojph_expand python3; do
  command -v "$tool" >/dev/null || { echo "j2k.sh: $tool not found" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/src" "$out/enc" "$out/ref"
manifest="$out/manifest.tsv"
: >"$manifest"

# name width height components precision signed pattern
sources=(
  "gray8 256 200 1 8 u photo"
  "gray8_odd 67 41 1 8 u mixed"
  "gray12 300 180 1 12 u ct"
  "gray16 512 512 1 16 u ct"
  "signed16 160 120 1 16 s ct"
  "signed12 97 61 1 12 s mixed"
  "rgb8 257 129 3 8 u photo"
  "rgb16 64 48 3 16 u mixed"
  "gray1 64 40 1 1 u mixed"
  "gray4 65 37 1 4 u mixed"
)

python3 - "$out/src" "${sources[@]}" <<'PY'
import math, random, struct, sys
outdir = sys.argv[1]
for spec in sys.argv[2:]:
    name, w, h, n, prec, sgn, pattern = spec.split()
    w, h, n, prec = int(w), int(h), int(n), int(prec)
    rnd = random.Random(name)
    lo, hi = (-(1 << (prec - 1)), (1 << (prec - 1)) - 1) if sgn == "s" else (0, (1 << prec) - 1)
    vals = []
    for c in range(n):  # planar, as opj_compress reads raw input
        for y in range(h):
            for x in range(w):
                if pattern == "ct":
                    r = math.hypot(x - w / 2, y - h / 2)
                    v = lo + (hi - lo) // 16 if r > w * 0.45 else \
                        (lo + hi) // 2 + int((hi - lo) * 0.2 * math.sin(x / 23.0) * math.cos(y / 31.0))
                    v += rnd.randrange(-20, 21) if prec > 8 else 0
                elif pattern == "photo":
                    v = lo + int((hi - lo) * (0.5 + 0.4 * math.sin((x + 40 * c) / 37.0) * math.cos(y / 29.0)))
                    if (x // 64 + y // 64) % 3 == 0:
                        v = lo + 30 * c + 20
                    v += rnd.randrange(-3, 4)
                else:
                    band = (y * 7 // max(h, 1)) % 4
                    v = [lo + (hi - lo) * 3 // 5, lo + (x * (hi - lo)) // max(w - 1, 1),
                         rnd.randrange(lo, hi + 1), hi if (x + c) % 5 == 0 else lo][band]
                vals.append(max(lo, min(hi, v)))
    code = ("b" if sgn == "s" else "B") if prec <= 8 else ("h" if sgn == "s" else "H")
    with open("%s/%s.rawl" % (outdir, name), "wb") as f:
        f.write(struct.pack("<%d%s" % (len(vals), code), *vals))
PY

# option-set name and opj_compress options; "lossy" marks irreversible encodings
option_sets=(
  "lrcp|"
  "rlcp|-p RLCP -n 4"
  "rpcl_prec|-p RPCL -c [64,64],[32,32] -n 3"
  "pcrl_prec|-p PCRL -c [32,32],[32,32],[16,16] -n 4"
  "cprl_tiles|-p CPRL -t 100,90 -n 3"
  "tiles_off|-t 64,64 -d 5,3 -T 2,1 -n 2"
  "tileparts|-t 128,128 -TP R -p RLCP"
  "layers|-r 40,20,10,1 -n 5"
  "bypass|-M 1 -b 32,32"
  "reset|-M 2"
  "termall|-M 4"
  "causal|-M 8 -b 16,64"
  "predict|-M 16"
  "segsym|-M 32"
  "allstyles|-M 63 -n 2"
  "sop_eph|-SOP -EPH -r 20,5,1"
  "plt|-PLT -TLM"
  "roi|-ROI c=0,U=10 -n 4"
  "levels0|-n 1"
  "levels7|-n 7 -b 4,4"
  "irrev|-I lossy"
  "irrev_layers|-I -r 50,20,8 lossy"
  "irrev_tiles|-I -t 70,70 -p RPCL lossy"
  "irrev_roi|-I -ROI c=0,U=9 -q 40 lossy"
  "irrev_styles|-I -M 63 -q 30 lossy"
)

add_case() { # enc ref src w h n prec sgn kind
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$manifest"
}

for spec in "${sources[@]}"; do
  read -r name w h n prec sgn _ <<<"$spec"
  for set in "${option_sets[@]}"; do
    label="${set%%|*}"
    opts="${set#*|}"
    kind=lossless
    if [[ "$opts" == *lossy ]]; then
      kind=lossy
      opts="${opts% lossy}"
    fi
    # MCT only applies to three components; ROI only where the image is large enough.
    [[ $prec -lt 4 && $kind == lossy ]] && continue
    [[ $prec -eq 1 && "$label" == roi ]] && continue
    # OpenJPEG refuses more decomposition levels than the smaller side allows.
    [[ "$opts" == *"-n 7"* && ($w -lt 128 || $h -lt 128) ]] && continue
    [[ "$opts" == *"-n 5"* && ($w -lt 32 || $h -lt 32) ]] && continue
    [[ "$opts" == *"-n 4"* && ($w -lt 16 || $h -lt 16) ]] && continue
    enc="enc/$name.$label.j2k"
    mct=""; [[ $n -eq 3 ]] && mct="-mct 1"
    # shellcheck disable=SC2086
    if ! opj_compress -i "$out/src/$name.rawl" -F "$w,$h,$n,$prec,$sgn" -o "$out/$enc" $opts $mct \
        >/dev/null 2>"$out/enc/$name.$label.log"; then
      echo "j2k.sh: opj_compress failed for $name $label: $(tail -1 "$out/enc/$name.$label.log")" >&2
      exit 1
    fi
    ref="ref/$name.$label.rawl"
    opj_decompress -i "$out/$enc" -o "$out/$ref" >/dev/null
    add_case "$enc" "$ref" "src/$name.rawl" "$w" "$h" "$n" "$prec" "$sgn" "$kind"
  done
done

# Subsampled components (4:2:0-like 2x2 on components 1 and 2).
opj_compress -i "$out/src/rgb8.rawl" -F 257,129,3,8,u -o "$out/enc/rgb8.sub.j2k" -s 1,1,2,2,2,2 \
  >/dev/null 2>&1 || true

# --- HTJ2K (OpenJPH) -----------------------------------------------------------------------------
# ojph_compress reads PGM/PPM (8-16 bit) and raw YUV; 16-bit PGM is big endian. OpenJPH 0.9
# (Debian 12) cannot decode its own RGB codestreams with more than one precinct size, so the
# precinct case uses one size.
python3 - "$out/src" <<'PY'
import struct, sys
d = sys.argv[1]
def planar(name, w, h, n, prec, sgn):
    code = ("b" if sgn == "s" else "B") if prec <= 8 else ("h" if sgn == "s" else "H")
    data = open("%s/%s.rawl" % (d, name), "rb").read()
    vals = struct.unpack("<%d%s" % (w * h * n, code), data)
    return vals
for name, w, h, n, prec in [("gray8", 256, 200, 1, 8), ("gray12", 300, 180, 1, 12),
                            ("gray16", 512, 512, 1, 16), ("rgb8", 257, 129, 3, 8),
                            ("rgb16", 64, 48, 3, 16)]:
    vals = planar(name, w, h, n, prec, "u")
    maxval = (1 << prec) - 1
    magic = b"P5" if n == 1 else b"P6"
    ext = "pgm" if n == 1 else "ppm"
    out = bytearray(b"%s\n%d %d\n%d\n" % (magic, w, h, maxval))
    fmt = ">H" if prec > 8 else ">B"
    plane = w * h
    for i in range(plane):
        for c in range(n):
            out += struct.pack(fmt, vals[c * plane + i])
    open("%s/%s.%s" % (d, name, ext), "wb").write(out)
PY

ht_sets=(
  "ht_rev|-reversible true"
  "ht_rev_b32|-reversible true -block_size {32,32}"
  "ht_rev_rpcl|-reversible true -prog_order RPCL -precincts {128,128}"
  "ht_rev_cprl_tiles|-reversible true -prog_order CPRL -tile_size {128,100}"
  "ht_rev_b16x64|-reversible true -block_size {16,64} -num_decomps 3"
  "ht_irrev|-qstep 0.01 lossy"
  "ht_irrev_b32|-qstep 0.005 -block_size {32,32} lossy"
)
for spec in "gray8 256 200 1 8" "gray12 300 180 1 12" "gray16 512 512 1 16" "rgb8 257 129 3 8" \
    "rgb16 64 48 3 16"; do
  read -r name w h n prec <<<"$spec"
  ext=pgm; [[ $n -eq 3 ]] && ext=ppm
  for set in "${ht_sets[@]}"; do
    label="${set%%|*}"
    opts="${set#*|}"
    kind=lossless
    if [[ "$opts" == *lossy ]]; then
      kind=lossy
      opts="${opts% lossy}"
    fi
    enc="enc/$name.$label.j2c"
    # shellcheck disable=SC2086
    if ! ojph_compress -i "$out/src/$name.$ext" -o "$out/$enc" $opts \
        >"$out/enc/$name.$label.log" 2>&1; then
      echo "j2k.sh: ojph_compress failed for $name $label: $(tail -1 "$out/enc/$name.$label.log")" >&2
      exit 1
    fi
    ref="ref/$name.$label.$ext"
    # ojph_expand 0.9 reports a refused code-block on stderr and still exits 0.
    if ojph_expand -i "$out/$enc" -o "$out/$ref" 2>&1 | grep -qi error; then
      echo "j2k.sh: ojph_expand cannot decode $enc (OpenJPH precinct bug?)" >&2
      exit 1
    fi
    add_case "$enc" "$ref" "src/$name.rawl" "$w" "$h" "$n" "$prec" u "ht-$kind"
  done
done
# --- HT refinement passes (SigProp, MagRef) by construction --------------------------------------
# OpenJPH (and every encoder available here) writes the HT cleanup pass only. HtRefinementPassTest
# takes the cleanup segment of these single-code-block codestreams (no wavelet levels, one 64x64
# block), declares one more bit of precision and appends a SigProp + MagRef segment, so the
# refinement passes decode bit-plane 0 (T.814 §7.4, §7.5); opj_decompress is the reference.
mkdir -p "$out/ht"
python3 - "$out/ht" <<'PY'
import random, struct, sys
d = sys.argv[1]
for name, w, h, prec in [("refine8", 64, 64, 8), ("refine12", 61, 53, 12)]:
    rnd = random.Random(name)
    mid = 1 << (prec - 1)
    vals = []
    for y in range(h):
        for x in range(w):
            # zero coefficients (value mid) beside non-zero ones, so SigProp has members
            v = mid if (x // 3 + y // 5) % 3 == 0 or rnd.random() < 0.3 else \
                mid + rnd.randrange(-(mid // 2), mid // 2)
            vals.append(v)
    fmt = ">H" if prec > 8 else ">B"
    out = bytearray(b"P5\n%d %d\n%d\n" % (w, h, (1 << prec) - 1))
    for v in vals:
        out += struct.pack(fmt, v)
    open("%s/%s.pgm" % (d, name), "wb").write(out)
PY
for name in refine8 refine12; do
  ojph_compress -i "$out/ht/$name.pgm" -o "$out/ht/$name.cleanup.j2c" -reversible true \
    -num_decomps 0 -block_size "{64,64}" >/dev/null
done
# --- benchmark inputs ---------------------------------------------------------------------------
# The 512x512 16-bit CT frame of pydicom-data 693_J2KR.dcm (one fragment; gdcmraw writes its
# bytes), and the same image re-encoded as HTJ2K by ojph_compress.
corpus="${LIGHTBOX_CORPUS:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../../shared/corpus}"
mkdir -p "$out/bench"
if [[ -f "$corpus/pydicom/pydicom-data/693_J2KR.dcm" ]]; then
  command -v gdcmraw >/dev/null || { echo "j2k.sh: gdcmraw not found" >&2; exit 1; }
  gdcmraw -i "$corpus/pydicom/pydicom-data/693_J2KR.dcm" -o "$out/bench/ct693.j2k" -t 7fe0,0010
  opj_decompress -i "$out/bench/ct693.j2k" -o "$out/bench/ct693.pgm" >/dev/null
  ojph_compress -i "$out/bench/ct693.pgm" -o "$out/bench/ct693_ht.j2c" -reversible true >/dev/null
fi
touch "$stamp"
