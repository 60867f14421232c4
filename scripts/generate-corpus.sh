#!/usr/bin/env bash
# Generates DICOM test inputs with dcmtk and GDCM into the directory given as $1 by running every
# scripts/corpus/*.sh with the output directory as its argument. Each part writes into its own
# subdirectory and is idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: generate-corpus.sh OUT_DIR}"
mkdir -p "$out"
for part in "$here"/corpus/*.sh; do
  [[ -e "$part" ]] || continue
  bash "$part" "$out"
done
