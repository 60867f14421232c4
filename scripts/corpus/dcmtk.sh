#!/usr/bin/env bash
# Generates the reader's conformance corpus into OUT_DIR/dcmtk/: variants of shared-corpus files in
# every dataset encoding (implicit VR LE, explicit VR LE/BE, deflated, defined and undefined
# lengths) made with dcmtk's dcmconv and GDCM's gdcmconv, a dump2dcm-built file exercising
# UC/UR/UT/OV/SV/UV/OL/OD/OF, UN, private tags, nested sequences and UTF-8, a dcmodify'd charset
# file, and for each X.dcm its reference X.json from dcm2json. Idempotent: skipped when the
# stamp matches this script. Files dcm2json cannot convert are dropped and listed in skipped.txt,
# which GeneratedCorpusConformanceTest compares with its expected list; a missing tool or corpus
# stops the script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?usage: dcmtk.sh OUT_DIR}/dcmtk"
corpus="${LIGHTBOX_CORPUS:-$root/../shared/corpus}"
stamp="$out/.stamp"
want="$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
for tool in dcmconv dcm2json dump2dcm dcmodify gdcmconv; do
  command -v "$tool" >/dev/null || { echo "dcmtk.sh: $tool not installed" >&2; exit 1; }
done
if [[ ! -d "$corpus/pydicom" ]]; then
  echo "dcmtk.sh: shared corpus not found at $corpus" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out/src"
: > "$out/skipped.txt"

# Sources: image headers, nested sequences (RT plan, SR), private sequences, charsets.
sources=(
  test_files/CT_small.dcm test_files/MR_small.dcm test_files/rtplan.dcm test_files/reportsi.dcm
  test_files/nested_priv_SQ.dcm test_files/priv_SQ.dcm test_files/rtstruct.dcm
  test_files/UN_sequence.dcm
  charset_files/chrX1.dcm charset_files/chrX2.dcm charset_files/chrFren.dcm
  charset_files/chrRuss.dcm charset_files/chrGerm.dcm charset_files/chrArab.dcm
)
for s in "${sources[@]}"; do
  cp "$corpus/pydicom/$s" "$out/src/$(basename "$s")"
done

# Every VR dcmtk can write, private tags, UN, nested undefined-length sequences, UTF-8 names.
cat > "$out/src/vrs.dump" <<'DUMP'
(0008,0005) CS [ISO_IR 192]
(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
(0008,0018) UI [1.2.826.0.1.3680043.2.1143.7]
(0008,0119) UC [a long code value that is allowed to be very long]
(0008,0120) UR [http://example.com/path?query=1]
(0008,1115) SQ (Sequence with undefined length #=2)
  (fffe,e000) na (Item with undefined length #=2)
    (0008,1140) SQ (Sequence with undefined length #=1)
      (fffe,e000) na (Item with undefined length #=1)
        (0008,1155) UI [1.2.3.4.5]
      (fffe,e00d) na (ItemDelimitationItem)
    (fffe,e0dd) na (SequenceDelimitationItem)
    (0020,000e) UI [1.2.3.4]
  (fffe,e00d) na (ItemDelimitationItem)
  (fffe,e000) na (Item with undefined length #=1)
    (0020,000e) UI [1.2.3.5]
  (fffe,e00d) na (ItemDelimitationItem)
(fffe,e0dd) na (SequenceDelimitationItem)
(0009,0010) LO [LIGHTBOX TEST]
(0009,1001) UN 01\02\03\04
(0009,1002) OV 0102030405060708
(0009,1003) SV -9000000000000000\42
(0009,1004) UV 18446744073709551615
(0009,1005) OL 01020304
(0009,1006) OD 1.5
(0009,1007) OF 2.5
(0009,1008) SL -70000
(0009,1009) SS -3
(0009,100a) FD 3.25
(0009,100b) FL 0.5
(0009,100c) AT (0010,0010)\(7fe0,0010)
(0010,0010) PN [Müller^Zoë=山田^太郎=やまだ^たろう]
(0010,0020) LO [ID-1]
(0010,1010) AS [045Y]
(0016,0008) UC [first\second]
(0020,0013) IS [42]
(0028,1050) DS [40\-600.5]
(0040,a160) UT [Unlimited text\with a backslash]
(0072,0081) OV 0807060504030201
(0072,0082) SV -1\1
(0072,0083) UV 1\2\18446744073709551615
DUMP
dump2dcm -q +te "$out/src/vrs.dump" "$out/src/vrs.dcm"
rm "$out/src/vrs.dump"

# A charset change made with dcmodify: UTF-8 name and free text in an existing image.
cp "$out/src/MR_small.dcm" "$out/src/MR_utf8.dcm"
dcmodify -q -nb -i "(0008,0005)=ISO_IR 192" -i "(0010,0010)=Gräf^Jörg=郑^伟" \
  -i "(0010,4000)=Bemerkung: größer als üblich" "$out/src/MR_utf8.dcm"

reference() {  # $1 = file; writes $1 minus .dcm plus .json, or drops the file
  local f="$1" json="${1%.dcm}.json"
  if dcm2json -q "$f" "$json" 2>/dev/null && iconv -f UTF-8 -t UTF-8 "$json" >/dev/null 2>&1; then
    return 0
  fi
  echo "$(basename "$f"): dcm2json failed or wrote invalid UTF-8" >> "$out/skipped.txt"
  rm -f "$f" "$json"
}

for src in "$out"/src/*.dcm; do
  name="$(basename "${src%.dcm}")"
  dcmconv -q +ti      "$src" "$out/${name}.dcmconv-ti.dcm"
  dcmconv -q +te      "$src" "$out/${name}.dcmconv-te.dcm"
  dcmconv -q +tb      "$src" "$out/${name}.dcmconv-tb.dcm"
  dcmconv -q +td      "$src" "$out/${name}.dcmconv-td.dcm"
  dcmconv -q +te -e   "$src" "$out/${name}.dcmconv-te-undef.dcm"
  dcmconv -q +ti -e   "$src" "$out/${name}.dcmconv-ti-undef.dcm"
  gdcmconv -M "$src" "$out/${name}.gdcm-implicit.dcm" 2>/dev/null ||
    echo "${name}.gdcm-implicit.dcm: gdcmconv -M failed" >> "$out/skipped.txt"
  gdcmconv -X "$src" "$out/${name}.gdcm-explicit.dcm" 2>/dev/null ||
    echo "${name}.gdcm-explicit.dcm: gdcmconv -X failed" >> "$out/skipped.txt"
done
rm -rf "$out/src"
for f in "$out"/*.dcm; do
  reference "$f"
done
# The tests assert these counts and the exact skipped.txt, so no failure goes unnoticed.
printf 'files\t%s\nskipped\t%s\n' "$(ls "$out"/*.dcm | wc -l)" "$(wc -l < "$out/skipped.txt")" \
  > "$out/counts.tsv"
echo "$want" > "$stamp"
echo "dcmtk.sh: $(ls "$out"/*.dcm | wc -l) files in $out" >&2
