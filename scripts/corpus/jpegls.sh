#!/usr/bin/env bash
# JPEG-LS test inputs for dev.lightbox.dicom.codec.jpegls tests and benchmarks.
#
# Usage: scripts/corpus/jpegls.sh OUT_DIR   (writes OUT_DIR/jpegls/, idempotent)
#
# Sources: uncompressed files from the shared pydicom corpus (converted to explicit VR little
# endian) and synthetic images made here (python3 writes raw samples, dump2dcm wraps them). Each
# source is encoded with dcmcjpls (lossless and near-lossless, every interleave mode, custom
# thresholds) and every encoded file is decoded again with dcmdjpls (the CharLS reference).
# The pydicom JPEG-LS files are decoded with dcmdjpls as well.
#
# manifest.tsv lists one test case per line: encoded-file <TAB> reference-file <TAB> kind
#   kind = lossless (reference is the uncompressed source) or reference (reference is the
#   dcmdjpls output of the encoded file). Paths are relative to OUT_DIR/jpegls.
#
# Low-bit near-lossless (2..7 bits): dcmcjpls (CharLS 1.x) codes MAXVAL < 128 with non-standard
# default thresholds and writes no LSE segment; those streams are cases too, and only dcmdjpls
# (the same CharLS) is accepted as their reference.
#
# Fails loudly: a missing tool, a missing corpus file or an encoder/decoder failure stops the
# script, except the encodes listed in known_bad below (dcmtk 3.6.7 bugs, each with its reason).
# counts.tsv records the number of cases per group for the tests to assert.
set -euo pipefail
out="${1:?usage: jpegls.sh OUT_DIR}/jpegls"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="${LIGHTBOX_CORPUS:-$here/../../../shared/corpus}"
stamp="$out/.complete-v8"
[[ -e "$stamp" ]] && exit 0

for tool in dcmcjpls dcmdjpls dcmconv dump2dcm dcmdump gdcmconv python3; do
  command -v "$tool" >/dev/null || { echo "jpegls.sh: $tool not found" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/src" "$out/enc" "$out/ref" "$out/corpus" "$out/raw"
manifest="$out/manifest.tsv"
: >"$manifest"

# Decodes $1 to explicit VR little endian $2 with dcmdjpls, or with GDCM when dcmtk's older
# CharLS rejects the stream (it fails on some streams its own encoder writes).
reference_decode() {
  dcmdjpls -q +te "$1" "$2" 2>/dev/null && return 0
  gdcmconv --raw -i "$1" -o "$2" && return 0
  return 1
}

# --- synthetic sources -------------------------------------------------------------------------
# name rows cols samples bitsAllocated bitsStored pattern
synthetic=(
  "gray8_1x1 1 1 1 8 8 mixed"
  "gray8_3x7 3 7 1 8 8 mixed"
  "gray8_257x129 129 257 1 8 8 mixed"
  "gray8_flat 64 64 1 8 8 flat"
  "gray8_noise 64 80 1 8 8 noise"
  "gray4_33x17 17 33 1 8 4 mixed"
  "gray2_41x29 29 41 1 8 2 mixed"
  "gray3_41x29 29 41 1 8 3 mixed"
  "gray5_41x29 29 41 1 8 5 mixed"
  "gray6_41x29 29 41 1 8 6 mixed"
  "gray7_41x29 29 41 1 8 7 mixed"
  "gray6_noise 23 37 1 8 6 noise"
  "gray7_noise 23 37 1 8 7 noise"
  "gray12_257x129 129 257 1 16 12 mixed"
  "gray16_ct512 512 512 1 16 16 ct"
  "gray16_full 97 131 1 16 16 mixed"
  "rgb8_1x1 1 1 3 8 8 mixed"
  "rgb8_3x7 3 7 3 8 8 mixed"
  "rgb8_257x129 129 257 3 8 8 mixed"
  "rgb8_512 512 512 3 8 8 photo"
)

python3 - "$out/raw" "${synthetic[@]}" <<'PY'
import math, random, struct, sys
outdir = sys.argv[1]
for spec in sys.argv[2:]:
    name, rows, cols, spp, alloc, stored, pattern = spec.split()
    rows, cols, spp, alloc, stored = map(int, (rows, cols, spp, alloc, stored))
    maxval = (1 << stored) - 1
    rnd = random.Random(name)
    vals = []
    for y in range(rows):
        for x in range(cols):
            for c in range(spp):
                if pattern == "flat":
                    v = 77 if y < rows // 2 else 200
                elif pattern == "noise":
                    v = rnd.randrange(maxval + 1)
                elif pattern == "ct":
                    # Body-like disc with smooth interior, noise and an air background.
                    r = math.hypot(x - cols / 2, y - rows / 2)
                    if r > cols * 0.45:
                        v = 0
                    else:
                        v = 1000 + int(300 * math.sin(x / 23.0) * math.cos(y / 31.0))
                        v += rnd.randrange(-20, 21)
                        if r < cols * 0.1:
                            v += 1200
                    v = max(0, min(maxval, v))
                elif pattern == "photo":
                    v = int(127 + 100 * math.sin((x + 40 * c) / 37.0) * math.cos(y / 29.0))
                    if (x // 64 + y // 64) % 3 == 0:
                        v = 30 * c + 20
                    v = max(0, min(maxval, v + rnd.randrange(-3, 4)))
                else:
                    # mixed: flat bands (run mode), ramps and noise (regular mode), extremes.
                    band = (y * 7 // max(rows, 1)) % 4
                    if band == 0:
                        v = (maxval * 3) // 5
                    elif band == 1:
                        v = (x * maxval) // max(cols - 1, 1)
                    elif band == 2:
                        v = rnd.randrange(maxval + 1)
                    else:
                        v = maxval if (x + c) % 5 == 0 else 0
                vals.append(v)
    fmt = "<%d%s" % (len(vals), "B" if alloc == 8 else "H")
    data = struct.pack(fmt, *vals)
    if len(data) % 2:
        data += b"\0"
    with open("%s/%s.raw" % (outdir, name), "wb") as f:
        f.write(data)
PY

for spec in "${synthetic[@]}"; do
  read -r name rows cols spp alloc stored pattern <<<"$spec"
  vr=OW; [[ $alloc == 8 ]] && vr=OB
  photo=MONOCHROME2; [[ $spp == 3 ]] && photo=RGB
  {
    echo "(0008,0016) UI =SecondaryCaptureImageStorage"
    echo "(0008,0018) UI 2.25.$(printf '%s' "$name" | cksum | cut -d' ' -f1)"
    echo "(0008,0060) CS OT"
    echo "(0028,0002) US $spp"
    echo "(0028,0004) CS $photo"
    [[ $spp == 3 ]] && echo "(0028,0006) US 0"
    echo "(0028,0010) US $rows"
    echo "(0028,0011) US $cols"
    echo "(0028,0100) US $alloc"
    echo "(0028,0101) US $stored"
    echo "(0028,0102) US $((stored - 1))"
    echo "(0028,0103) US 0"
    echo "(7fe0,0010) $vr =$out/raw/$name.raw"
  } >"$out/raw/$name.dump"
  dump2dcm -q +te "$out/raw/$name.dump" "$out/src/$name.dcm"
done

# --- corpus sources (uncompressed, converted to explicit VR little endian) ----------------------
corpus_sources=(
  test_files/CT_small.dcm test_files/MR_small.dcm test_files/SC_rgb_small_odd.dcm
  pydicom-data/OBXXXX1A.dcm pydicom-data/SC_rgb.dcm pydicom-data/US1_UNCR.dcm
  pydicom-data/693_UNCR.dcm pydicom-data/mlut_18.dcm pydicom-data/SC_rgb_16bit.dcm
  pydicom-data/emri_small.dcm pydicom-data/gdcm-US-ALOKA-16.dcm
)
if [[ -d "$corpus/pydicom" ]]; then
  for rel in "${corpus_sources[@]}"; do
    f="$corpus/pydicom/$rel"
    [[ -e "$f" ]] || { echo "jpegls.sh: missing corpus file $f" >&2; exit 1; }
    dcmconv -q +te "$f" "$out/src/$(basename "$f" .dcm).dcm"
  done
else
  echo "jpegls.sh: no corpus at $corpus" >&2
  exit 1
fi

# --- encode every source with every variant, decode with dcmdjpls -------------------------------
variants=(
  "ll|+el"
  "ll_in|+el +in"
  "ll_is|+el +is"
  "ll_il|+el +il"
  "nl1|+en +md 1"
  "nl2_in|+en +md 2 +in"
  "nl3_is|+en +md 3 +is"
  "nl5_il|+en +md 5 +il"
  "ll_thr|+el +t1 5 +t2 11 +t3 40 +rs 32"
  "nl2_thr|+en +md 2 +t1 9 +t2 19 +t3 50 +rs 100"
  "ll_cooked|+el +pc"
)
# Encodes dcmtk 3.6.7 cannot make, as globs over NAME.TAG, each with the failure seen by hand.
# Anything else that fails stops the script, and the tests assert the resulting counts.
known_bad=(
  "693_UNCR.nl*" "CT_small.nl*" "MR_small.nl*" "mlut_18.nl*"  # signed: "Unsupported pixel representation for near-lossless"
  "OBXXXX1A.nl*" "gdcm-US-ALOKA-16.nl*"  # "Unsupported photometric interpretation for near-lossless"
  "693_UNCR.ll_cooked" "mlut_18.ll_cooked"  # dcmcjpls aborts on a CharLS assertion (ModRange / DoRegular)
  "gray8_noise.ll_cooked" "SC_rgb_small_odd.nl3_is"  # streams neither dcmdjpls nor GDCM decodes
  "gray[2-5]_*.nl*"  # CharLS 1.x: "Codec received unsupported compression parameters" below 6 bits
)
is_known_bad() {
  local k
  for k in "${known_bad[@]}"; do
    # shellcheck disable=SC2053
    [[ "$1" == $k ]] && return 0
  done
  return 1
}
: >"$out/known-bad.txt"

# encode REFERENCE-DECODER SOURCE-NAME TAG OPTIONS...: one case (plus a lossless one for ll*),
# a listed known failure, or a loud failure.
encode() {
  local decoder="$1" name="$2" tag="$3"; shift 3
  local enc="enc/$name.$tag.dcm" ref="ref/$name.$tag.dcm" log="$out/enc/$name.$tag.log"
  if dcmcjpls -q "$@" "$out/src/$name.dcm" "$out/$enc" 2>"$log" \
      && "$decoder" "$out/$enc" "$out/$ref" 2>>"$log"; then
    if is_known_bad "$name.$tag"; then
      echo "jpegls.sh: $name.$tag is listed as known bad but now works: update known_bad" >&2
      exit 1
    fi
    if [[ $tag == ll* ]]; then
      printf '%s\t%s\tlossless\n' "$enc" "src/$name.dcm" >>"$manifest"
    fi
    printf '%s\t%s\treference\n' "$enc" "$ref" >>"$manifest"
  elif is_known_bad "$name.$tag"; then
    echo "$name.$tag" >>"$out/known-bad.txt"
  else
    echo "jpegls.sh: dcmcjpls $* or $decoder failed for $name.$tag:" >&2
    cat "$log" >&2
    exit 1
  fi
}

# Only dcmdjpls: the CharLS the encoder was built with, so its thresholds are the reference.
dcmdjpls_only() {
  dcmdjpls -q +te "$1" "$2"
}

for src in "$out"/src/*.dcm; do
  name="$(basename "$src" .dcm)"
  if [[ $name =~ ^gray[2-7]_ ]]; then
    continue # the low-bit sources get their own variants below
  fi
  for v in "${variants[@]}"; do
    tag="${v%%|*}"; opts="${v#*|}"
    # shellcheck disable=SC2086
    encode reference_decode "$name" "$tag" $opts
  done
done

# --- 2..7-bit sources: lossless and every NEAR up to MAXVAL/2 (at most 3) ----------------------
for src in "$out"/src/gray[2-7]_*.dcm; do
  name="$(basename "$src" .dcm)"
  bits="${name:4:1}"
  maxval=$(((1 << bits) - 1))
  encode dcmdjpls_only "$name" ll +el
  for near in 1 2 3; do
    ((near <= maxval / 2)) || continue
    encode dcmdjpls_only "$name" "nl$near" +en +md "$near"
  done
done

# --- JPEG-LS files of the pydicom corpus, decoded by dcmdjpls ------------------------------------
if [[ -d "$corpus/pydicom" ]]; then
  for f in "$corpus"/pydicom/*/*; do
    base="$(basename "$f")"
    [[ "$base" =~ ^JLS[LN]_.*\.dcm$ || "$base" =~ [Jj][Pp][Ee][Gg]-?[Ll][Ss] || "$base" =~ jls ]] || continue
    ref="corpus/${base%.dcm}.ref.dcm"
    if reference_decode "$f" "$out/$ref"; then
      printf '%s\t%s\treference\n' "$f" "$ref" >>"$manifest"
    else
      echo "jpegls.sh: neither dcmdjpls nor GDCM decodes corpus file $base" >&2
      exit 1
    fi
  done
fi

# --- raw codestreams for the JMH benchmark (dev.lightbox.bench.jpegls) ---------------------------
# dcmdump +W writes each pixel item to a file: item 0 is the offset table, item 1 the one fragment.
mkdir -p "$out/bench"
for pair in "gray16_ct512.ll:ct16_512_lossless" "rgb8_512.ll:rgb8_512_lossless_ilv1" \
  "rgb8_512.ll_is:rgb8_512_lossless_ilv2" "gray16_ct512.ll_thr:ct16_512_lossless_lse" \
  "693_UNCR.ll:ct_real_512_lossless" "US1_UNCR.ll:us_rgb_640x480_lossless"; do
  enc="$out/enc/${pair%%:*}.dcm"
  [[ -e "$enc" ]] || continue
  rm -rf "$out/bench/tmp" && mkdir -p "$out/bench/tmp"
  dcmdump -q +W "$out/bench/tmp" "$enc" >/dev/null
  mv "$out/bench/tmp/$(basename "$enc").1.raw" "$out/bench/${pair##*:}.jls"
  cp "$enc" "$out/bench/${pair##*:}.dcm"
done
rm -rf "$out/bench/tmp"

total=$(wc -l <"$manifest")
lowbit=$(grep -c -E '^enc/gray[2-7]_' "$manifest")
printf 'total\t%s\nlowbit\t%s\nknown-bad\t%s\n' "$total" "$lowbit" \
  "$(wc -l <"$out/known-bad.txt")" >"$out/counts.tsv"
touch "$stamp"
echo "jpegls.sh: $total cases in $manifest ($lowbit low-bit)" >&2
