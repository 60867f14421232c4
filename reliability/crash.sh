#!/usr/bin/env bash
# Crash consistency, long form: KILLS (default 20) SIGKILLs per mode against the shaded jar, for
# filesystem+SQLite and S3+PostgreSQL (a throwaway PostgreSQL cluster is started, as in
# scripts/test.sh). Figures: dicom-http/target/reliability/crash-*.properties.
# Usage: reliability/crash.sh [KILLS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
kills="${1:-20}"
[[ -f dicom-http/target/lightbox.jar ]] || mvn -q -B -ntp -DskipTests package
if [[ -z "${LIGHTBOX_TEST_POSTGRES_URL:-}" ]]; then
  source scripts/postgres-test-cluster.sh
  start_test_postgres "$root/target/pg-crash"
  trap stop_test_postgres EXIT
fi
mvn -q -B -ntp -pl dicom-http -am test -Dtest=CrashConsistencyTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dlightbox.crash.kills="$kills" \
  -Dlightbox.server.jar="$root/dicom-http/target/lightbox.jar"
cat dicom-http/target/reliability/crash-*.properties
