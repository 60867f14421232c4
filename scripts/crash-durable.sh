#!/usr/bin/env bash
# Durable ingest crash proof (issues 13 and 15): KILLS (default 20) SIGKILLs of the real server
# (filesystem blobs + SQLite, `--durability full`, group commit on: the defaults) during 8
# concurrent uploads; after every restart each acknowledged upload must read back with its
# SHA-256, and at the end the sweeper leaves blob store and index in exact agreement
# (CrashConsistencyTest#filesystemAndSqliteSurviveSigkill). Figures:
# dicom-http/target/reliability/crash-filesystem-sqlite.properties.
# Usage: scripts/crash-durable.sh [KILLS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
kills="${1:-20}"
[[ -f dicom-http/target/lightbox.jar ]] || mvn -q -B -ntp -o -pl dicom-http -am package -DskipTests
mvn -q -B -ntp -o -pl dicom-http -am test -Dtest='CrashConsistencyTest#filesystemAndSqliteSurviveSigkill' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dlightbox.crash.kills="$kills" \
  -Dlightbox.server.jar="$root/dicom-http/target/lightbox.jar"
cat dicom-http/target/reliability/crash-filesystem-sqlite.properties
