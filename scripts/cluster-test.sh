#!/usr/bin/env bash
# Cluster proof with separate processes (issue 16; docs/operations.md "Cluster"): a throwaway
# PostgreSQL, one s3proxy process with a filesystem backend and 3 `lightbox serve` processes on
# loopback, driven by scripts/cluster/driver.py (Python 3 standard library). It checks
# read-your-writes on every node, same-UID upload races, SIGKILLs under load with no acknowledged
# upload lost, orphan sweeping, a rolling restart under load with zero failed requests, and an
# online backup/restore. One PASS/FAIL line per check; exit status 1 if any failed.
#
# Usage: scripts/cluster-test.sh [--kills N] [--bench [--bench-uploads N] …]   (driver options)
#   --bench   instead of the checks, upload throughput of 1 node vs 3 (docs/performance.md)
#
# Bounded: every wait in the driver has a timeout, the whole run is capped by CLUSTER_TEST_TIMEOUT
# (default 600 s), and every process is stopped by its own PID on any exit (trap below): the
# driver writes the PID of each process it starts to WORK/pids/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

command -v python3 >/dev/null || { echo "cluster-test: python3 is required" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/lightbox-cluster.XXXXXX")"
chmod 755 "$work" # the PostgreSQL server runs as user postgres when we are root
driver_pid=""
pg_started=""

cleanup() {
  local rc=$? f pid
  trap - EXIT INT TERM
  if [[ -n "$driver_pid" ]] && kill -0 "$driver_pid" 2>/dev/null; then
    kill -TERM "$driver_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$driver_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$driver_pid" 2>/dev/null || true
  fi
  # Whatever the driver started and did not stop (it stops everything on a normal exit).
  for f in "$work"/pids/*.pid; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    kill -KILL "$pid" 2>/dev/null || true
  done
  [[ -n "$pg_started" ]] && stop_test_postgres
  if [[ $rc -ne 0 ]]; then
    echo "cluster-test: failed (exit $rc); logs kept in $work/logs" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$SECONDS
jar="$root/dicom-http/target/lightbox.jar"
if [[ ! -f "$jar" ]]; then
  echo "cluster-test: building $jar" >&2
  mvn -B -ntp -q -pl dicom-http -am package -DskipTests
fi
# s3proxy runs from the classpath the storage tests already resolve (same version, Maven Central),
# cached under target/ until a pom changes.
cp_file="$root/target/cluster-test/s3proxy.classpath"
if [[ ! -s "$cp_file" || "$root/pom.xml" -nt "$cp_file" || "$root/dicom-storage/pom.xml" -nt "$cp_file" ]]; then
  mkdir -p "$(dirname "$cp_file")"
  mvn -B -ntp -q -o -pl dicom-storage dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >/dev/null 2>&1 \
    || mvn -B -ntp -q -pl dicom-storage dependency:build-classpath -Dmdep.includeScope=test \
         -Dmdep.outputFile="$cp_file" >/dev/null
fi

source scripts/postgres-test-cluster.sh
start_test_postgres "$work/pg"
pg_started=1

timeout_s="${CLUSTER_TEST_TIMEOUT:-600}"
echo "cluster-test: work directory $work, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
set +e
timeout --signal=TERM --kill-after=20 "$timeout_s" python3 -u scripts/cluster/driver.py \
  --work "$work" --jar "$jar" --s3-classpath "$(cat "$cp_file")" \
  --s3-launcher "$root/scripts/cluster/S3FilesystemProxy.java" \
  --postgres-url "$LIGHTBOX_TEST_POSTGRES_URL" --pg-bin "$LIGHTBOX_TEST_POSTGRES_BIN" "$@" &
driver_pid=$!
wait "$driver_pid"
rc=$?
set -e
driver_pid=""
echo "cluster-test: $((SECONDS - t0)) s in all, exit $rc" >&2
exit "$rc"
