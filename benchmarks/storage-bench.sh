#!/usr/bin/env bash
# Storage benchmarks (docs/performance/storage.md): blob put/get on the filesystem store and on S3
# (s3proxy on loopback) next to cp/cat of the same files, and index inserts/lookups over 100k rows on
# SQLite and a durable throwaway PostgreSQL. Usage: benchmarks/storage-bench.sh [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/target/storage-bench}"
mkdir -p "$out"
work="$root/target/storage-bench-work"
rm -rf "$work" && mkdir -p "$work"

mvn -q -B -pl benchmarks -am package -DskipTests
mvn -q -B -pl dicom-storage test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/test-cp.txt" >/dev/null

echo "== physical limit: cp / cat of the same files (page cache warm, ext4 on the same disk)" | tee "$out/physical.txt"
for size in 524288 209715200; do
  head -c "$size" /dev/urandom >"$work/src-$size.bin"
  cat "$work/src-$size.bin" >/dev/null
  n=$(( size > 1000000 ? 5 : 200 ))
  for tool in "cp" "cp+sync" "cat"; do
    start=$(date +%s%N)
    for ((i = 0; i < n; i++)); do
      case $tool in
        cp) cp "$work/src-$size.bin" "$work/dst.bin" ;;
        cp+sync) cp "$work/src-$size.bin" "$work/dst.bin" && sync "$work/dst.bin" ;;
        cat) cat "$work/src-$size.bin" >/dev/null ;;
      esac
      rm -f "$work/dst.bin"
    done
    end=$(date +%s%N)
    awk -v t="$tool" -v s="$size" -v n="$n" -v ns="$((end - start))" \
      'BEGIN { ms = ns / n / 1e6; printf "%-8s size=%-10d %9.3f ms/op %8.0f MB/s\n", t, s, ms, s / 1e6 / (ms / 1e3) }' | tee -a "$out/physical.txt"
  done
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
java -jar "$jar" 'BlobStoreBench' -p size=524288 -f 1 -wi 3 -i 5 -w 2s -r 2s -jvmArgsAppend "$jvm" \
  -rf json -rff "$out/blob-small.json" | tee "$out/blob-small.txt"
java -jar "$jar" 'BlobStoreBench' -p size=209715200 -f 1 -wi 1 -i 3 -w 1s -r 1s -jvmArgsAppend "$jvm -Xmx4g" \
  -rf json -rff "$out/blob-large.json" | tee "$out/blob-large.txt"
java -jar "$jar" 'InstanceIndexBench' -f 1 -wi 2 -i 3 -w 2s -r 3s -jvmArgsAppend "$jvm" \
  -rf json -rff "$out/index.json" | tee "$out/index.txt"
