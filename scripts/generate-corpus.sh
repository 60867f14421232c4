#!/usr/bin/env bash
# Generates DICOM test inputs with dcmtk and GDCM into the directory given as $1.
# Filled in by the codec and conformance work; idempotent (skips when the stamp is current).
set -euo pipefail
out="${1:?usage: generate-corpus.sh OUT_DIR}"
mkdir -p "$out"
