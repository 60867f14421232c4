#!/usr/bin/env bash
# Load without loss, long form: UPLOADS (default 10000) distinct uploads plus attribute/render/
# download traffic at concurrency 16 against the shaded jar under -Xmx512m; zero 5xx; every file
# verified by sha256. Figures: dicom-http/target/reliability/load.properties.
# Usage: reliability/load.sh [UPLOADS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
uploads="${1:-10000}"
[[ -f dicom-http/target/lightbox.jar ]] || mvn -q -B -ntp -DskipTests package
mvn -q -B -ntp -pl dicom-http -am test -Dtest=LoadWithoutLossTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dlightbox.load.uploads="$uploads" \
  -Dlightbox.server.jar="$root/dicom-http/target/lightbox.jar"
cat dicom-http/target/reliability/load.properties
