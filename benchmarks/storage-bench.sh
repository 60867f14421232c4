#!/usr/bin/env bash
# Storage benchmarks (docs/performance/storage.md): blob put/get on the filesystem store and on S3
# (s3proxy on loopback) next to cp/cat of the same files, and index inserts/lookups over 100k rows on
# SQLite and a durable throwaway PostgreSQL. Usage: benchmarks/storage-bench.sh [OUT_DIR] [blob|index|all]
# INDEX_ROWS=10000 benchmarks/storage-bench.sh OUT index   runs the index part over 10 000 instances.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/target/storage-bench}"
what="${2:-all}"
mkdir -p "$out"
work="$root/target/storage-bench-work"
rm -rf "$work" && mkdir -p "$work"

mvn -q -B -pl benchmarks -am package -DskipTests
mvn -q -B -pl dicom-storage test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/test-cp.txt" >/dev/null

echo "== physical limit: cp / cat / sha256sum of the same files (page cache warm, ext4, same disk)" | tee "$out/physical.txt"
# Each measurement runs one process over n files so process start-up does not dominate 0.5 MB.
for size in 524288 209715200; do
  n=$(( size > 1000000 ? 3 : 200 ))
  mkdir -p "$work/src-$size" "$work/dst"
  for ((i = 0; i < n; i++)); do head -c "$size" /dev/urandom >"$work/src-$size/f$i"; done
  cat "$work/src-$size"/* >/dev/null
  for tool in "cp" "cp+sync" "cat" "sha256sum"; do
    rm -f "$work/dst"/*
    start=$(date +%s%N)
    case $tool in
      cp) cp -t "$work/dst" "$work/src-$size"/* ;;
      cp+sync) cp -t "$work/dst" "$work/src-$size"/* && sync "$work/dst"/* ;;
      cat) cat "$work/src-$size"/* >/dev/null ;;
      sha256sum) sha256sum "$work/src-$size"/* >/dev/null ;;
    esac
    end=$(date +%s%N)
    awk -v t="$tool" -v s="$size" -v n="$n" -v ns="$((end - start))" \
      'BEGIN { ms = ns / n / 1e6; printf "%-9s size=%-10d %9.3f ms/file %8.0f MB/s\n", t, s, ms, s / 1e6 / (ms / 1e3) }' | tee -a "$out/physical.txt"
  done
  rm -rf "$work/src-$size" "$work/dst"
done

# S3 server (s3proxy, in-memory backend) and a durable PostgreSQL, both on loopback.
port=$(( 20000 + RANDOM % 40000 ))
java -Xmx6g -cp "$root/dicom-storage/target/test-classes:$root/dicom-storage/target/classes:$(cat "$work/test-cp.txt")" \
  dev.lightbox.storage.testing.S3ServerMain "$port" >"$work/s3proxy.log" 2>&1 &
s3pid=$!
source scripts/postgres-test-cluster.sh
LIGHTBOX_TEST_POSTGRES_DURABLE=1 start_test_postgres "$work/pg"
cleanup() { kill "$s3pid" 2>/dev/null || true; stop_test_postgres; }
trap cleanup EXIT
for _ in $(seq 100); do grep -q ready "$work/s3proxy.log" && break; sleep 0.2; done

jar="$root/benchmarks/target/benchmarks.jar"
jvm="-Dlightbox.bench.dir=$work -Dlightbox.bench.s3=http://127.0.0.1:$port"
if [[ $what != index ]]; then
java -jar "$jar" 'BlobStoreBench' -p size=524288 -f 1 -wi 3 -i 5 -w 2s -r 2s -jvmArgsAppend "$jvm" \
  -rf json -rff "$out/blob-small.json" | tee "$out/blob-small.txt"
java -jar "$jar" 'BlobStoreBench' -p size=209715200 -f 1 -wi 1 -i 3 -w 1s -r 1s -jvmArgsAppend "$jvm -Xmx4g" \
  -rf json -rff "$out/blob-large.json" | tee "$out/blob-large.txt"
fi
[[ $what == blob ]] && exit 0
java -jar "$jar" 'InstanceIndexBench' -p rows="${INDEX_ROWS:-100000}" -f 1 -wi 2 -i 3 -w 2s -r 3s -jvmArgsAppend "$jvm" \
  -rf json -rff "$out/index.json" | tee "$out/index.txt"
