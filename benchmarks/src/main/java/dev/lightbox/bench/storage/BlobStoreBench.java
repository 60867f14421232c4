package dev.lightbox.bench.storage;

import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.BlobStore;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import dev.lightbox.storage.blob.S3BlobStore;
import dev.lightbox.storage.blob.S3Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Put/get of one object on the filesystem store and on S3. Time per operation; throughput in MB/s
 * is size / time (see docs/performance/storage.md). S3 needs {@code -Dlightbox.bench.s3=http://…}
 * pointing at a server with bucket {@code bench} and credentials {@code bench}/{@code bench-secret}
 * (benchmarks/storage-bench.sh starts s3proxy for it); without it the s3 cases are skipped.
 *
 * <p>{@code put} streams the file through put(InputStream): hash, temp file, fsync, rename (S3:
 * multipart to a tmp object, server-side copy) — the full cost of an upload. {@code putFile} is the
 * server's path when the upload already sits in a hashed temp file (filesystem: fsync + hard link;
 * S3: upload straight to the content address). Both start from an absent blob. {@code get} reads
 * the whole blob through open(); {@code getZeroCopy} hands the file to FileChannel.transferTo
 * (towards /dev/null the kernel elides the copy, so this shows the store adds no user-space copy,
 * not a network rate).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BlobStoreBench {

  @Param({"524288", "209715200"})
  public int size;

  @Param({"fs", "s3"})
  public String store;

  private Path dir;
  private Path source;
  private String sha;
  private BlobStore blobs;
  private BlobKey key;
  private FileChannel devNull;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory(Path.of(System.getProperty("lightbox.bench.dir", "target")), "blobbench");
    source = dir.resolve("source.bin");
    byte[] chunk = new byte[1 << 20];
    Random rnd = new Random(size);
    try (var out = Files.newOutputStream(source)) {
      for (long left = size; left > 0; left -= chunk.length) {
        rnd.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
    if (store.equals("fs")) {
      blobs = FileSystemBlobStore.open(dir.resolve("store"));
    } else {
      String endpoint = System.getProperty("lightbox.bench.s3");
      if (endpoint == null) {
        throw new IllegalStateException("s3 case skipped: -Dlightbox.bench.s3 not set");
      }
      blobs = S3BlobStore.open(S3Config.selfHosted(java.net.URI.create(endpoint), "bench", "bench", "bench-secret"));
    }
    try (InputStream in = Files.newInputStream(source)) {
      BlobInfo info = blobs.put(in);
      key = info.key();
      sha = info.sha256();
    }
    devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    devNull.close();
    blobs.close();
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Removes the blob before each put so every put writes it anew (not the "already there" path). */
  @State(Scope.Thread)
  public static class Fresh {
    @Setup(Level.Invocation)
    public void deleteBlob(BlobStoreBench bench) throws IOException {
      bench.blobs.delete(bench.key);
    }
  }

  @Benchmark
  public BlobInfo put(Fresh fresh) throws IOException {
    try (InputStream in = Files.newInputStream(source)) {
      return blobs.put(in);
    }
  }

  @Benchmark
  public BlobInfo putFile(Fresh fresh) throws IOException {
    return blobs.putFile(source, sha);
  }

  /** Re-uploading content the store already has (the idempotent path). */
  @Benchmark
  public BlobInfo putFileExisting() throws IOException {
    return blobs.putFile(source, sha);
  }

  @Benchmark
  public long get(Blackhole bh) throws IOException {
    byte[] buf = new byte[256 * 1024];
    long total = 0;
    try (InputStream in = blobs.open(key)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        bh.consume(buf);
      }
    }
    return total;
  }

  @Benchmark
  public long getZeroCopy() throws IOException {
    Path p = blobs.localPath(key).orElse(null);
    if (p == null) {
      return -1; // not a filesystem store
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long sent = 0;
      long n = ch.size();
      while (sent < n) {
        sent += ch.transferTo(sent, n - sent, devNull);
      }
      return sent;
    }
  }
}
