package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.S3Proxies;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.storage.blob.BlobInfo;
import dev.lightbox.storage.blob.BlobKey;
import dev.lightbox.storage.blob.FileSystemBlobStore;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code lightbox verify}: a corrupted blob and a deleted one are reported (and their rows kept,
 * even with --repair), an orphan older than the grace is reported and removed only with --repair,
 * a young unreferenced blob is left alone; the exit code says which. On the filesystem store and
 * on S3 (s3proxy).
 */
class VerifyCommandTest {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Uploads {@code file}; returns the upload answer (id, sha256). */
  JsonObject upload(LightboxServer server, Path file) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl().replaceAll("/+$", "")
        + "/instances")).header("Content-Type", "application/dicom")
        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  Path blobFile(Path data, String sha256) throws Exception {
    try (Stream<Path> files = Files.walk(data.resolve("blobs"))) {
      return files.filter(p -> p.getFileName().toString().equals(sha256)).findFirst()
          .orElseThrow();
    }
  }

  @Test
  void reportsCorruptAndMissingBlobsAndRepairsOnlyOrphans() throws Exception {
    Path data = dir.resolve("data");
    JsonObject ct;
    JsonObject j2k;
    JsonObject mr;
    try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data))) {
      ct = upload(server, Corpus.pydicom("CT_small.dcm"));
      j2k = upload(server, Corpus.pydicom("JPEG2000.dcm"));
      mr = upload(server, Corpus.pydicom("MR_small.dcm"));
    }
    CliTest.Run clean = CliTest.run("verify", "--data", data.toString(), "--progress", "plain");
    assertEquals(0, clean.exit(), clean.out() + clean.err());
    assertTrue(clean.out().contains("instances checked: 3"), clean.out());
    assertTrue(clean.err().contains("verify: 3/3 instances"), clean.err());

    // Flip one byte of CT_small's blob; delete JPEG2000's; leave MR_small's intact.
    Path ctBlob = blobFile(data, ct.get("sha256").getAsString());
    byte[] bytes = Files.readAllBytes(ctBlob);
    bytes[bytes.length - 1] ^= 0x01;
    Files.delete(ctBlob);
    Files.write(ctBlob, bytes);
    Files.delete(blobFile(data, j2k.get("sha256").getAsString()));
    // An orphan two hours old (a crash between blob and row) and one written just now.
    BlobInfo orphan;
    BlobInfo young;
    try (FileSystemBlobStore store = FileSystemBlobStore.open(data.resolve("blobs"))) {
      orphan = store.put(new ByteArrayInputStream("left by a crash".getBytes()));
      young = store.put(new ByteArrayInputStream("an upload in flight".getBytes()));
    }
    Files.setLastModifiedTime(blobFile(data, orphan.sha256()),
        FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    CliTest.Run damaged = CliTest.run("verify", "--data", data.toString(), "--progress", "none");
    assertEquals(VerifyCommand.EXIT_DAMAGED, damaged.exit(), damaged.out() + damaged.err());
    String out = damaged.out();
    assertTrue(out.contains("  damaged:           2"), out);
    assertTrue(out.contains(ct.get("id").getAsString() + " (tenant default): hash mismatch"), out);
    assertTrue(out.contains(j2k.get("id").getAsString() + " (tenant default): missing blob"), out);
    assertFalse(out.contains(mr.get("id").getAsString()), out);
    assertTrue(out.contains("  orphans:           1 (0 removed)"), out);
    assertTrue(out.contains(BlobKey.ofSha256(orphan.sha256()).value()), out);
    assertFalse(out.contains(young.sha256()), "a young blob is not an orphan: " + out);
    assertTrue(Files.exists(blobFile(data, orphan.sha256())), "no repair without --repair");

    CliTest.Run repaired = CliTest.run("verify", "--data", data.toString(), "--progress",
        "none", "--repair");
    assertEquals(VerifyCommand.EXIT_DAMAGED, repaired.exit(), repaired.out());
    assertTrue(repaired.out().contains("  orphans:           1 (1 removed)"), repaired.out());
    try (FileSystemBlobStore store = FileSystemBlobStore.open(data.resolve("blobs"))) {
      assertFalse(store.exists(orphan.key()), "orphan removed");
      assertTrue(store.exists(young.key()), "young unreferenced blob kept");
    }
    // The damaged rows are still in the index, still reported.
    CliTest.Run again = CliTest.run("verify", "--data", data.toString(), "--progress", "none");
    assertEquals(VerifyCommand.EXIT_DAMAGED, again.exit());
    assertTrue(again.out().contains("instances checked: 3"), again.out());
    assertTrue(again.out().contains("  orphans:           0 (0 removed)"), again.out());
  }

  @Test
  void orphansAloneExitSixUntilRepaired() throws Exception {
    Path data = dir.resolve("data");
    try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data))) {
      upload(server, Corpus.pydicom("CT_small.dcm"));
    }
    BlobInfo orphan;
    try (FileSystemBlobStore store = FileSystemBlobStore.open(data.resolve("blobs"))) {
      orphan = store.put(new ByteArrayInputStream("orphan".getBytes()));
    }
    Files.setLastModifiedTime(blobFile(data, orphan.sha256()),
        FileTime.from(Instant.now().minus(Duration.ofMinutes(20))));
    // Default grace 60 min: a 20 minute old blob is young. With a 10 minute grace it is an orphan.
    assertEquals(0, CliTest.run("verify", "--data", data.toString(), "--progress", "none").exit());
    assertEquals(VerifyCommand.EXIT_ORPHANS, CliTest.run("verify", "--data", data.toString(),
        "--progress", "none", "--sweep-grace-minutes", "10").exit());
    assertEquals(0, CliTest.run("verify", "--data", data.toString(), "--progress", "none",
        "--sweep-grace-minutes", "10", "--repair").exit());
    CliTest.Run after = CliTest.run("verify", "--data", data.toString(), "--progress", "none",
        "--sweep-grace-minutes", "10");
    assertEquals(0, after.exit(), after.out());
  }

  @Test
  void missingDataDirectoryIsAUsageError() {
    CliTest.Run r = CliTest.run("verify", "--data", dir.resolve("nope").toString());
    assertEquals(Lightbox.EXIT_USAGE, r.exit());
    assertEquals("lightbox: no data directory " + dir.resolve("nope")
        + " (give --data or LIGHTBOX_DATA)\n", r.err());
  }

  @Test
  void scrubsAnS3BlobStore() throws Exception {
    String access = "verify-access";
    String secret = "verify-secret-key";
    S3Proxy proxy = S3Proxies.start("scrub", access, secret);
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    Map<String, String> env = Map.of("LIGHTBOX_S3_ACCESS_KEY", access,
        "LIGHTBOX_S3_SECRET_KEY", secret);
    try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(access, secret))).build()) {
      Path data = dir.resolve("data");
      JsonObject ct;
      JsonObject mr;
      try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
          .withDataDir(data).withServices(s -> s.withS3("scrub", Optional.of(endpoint),
              "us-east-1", true, Optional.of(access), Optional.of(secret))))) {
        ct = upload(server, Corpus.pydicom("CT_small.dcm"));
        mr = upload(server, Corpus.pydicom("MR_small.dcm"));
      }
      // Same key, other bytes (what bit rot or a bad copy looks like); and one object deleted.
      s3.putObject(b -> b.bucket("scrub").key(BlobKey.ofSha256(ct.get("sha256").getAsString())
          .value()), RequestBody.fromString("not what was stored"));
      s3.deleteObject(b -> b.bucket("scrub").key(BlobKey.ofSha256(mr.get("sha256")
          .getAsString()).value()));

      VerifyCommand cmd = new VerifyCommand();
      new CommandLine(cmd).parseArgs("--data", data.toString(), "--s3-endpoint",
          endpoint.toString(), "--s3-bucket", "scrub", "--progress", "none");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = cmd.run(new PrintWriter(out), new PrintWriter(err), env);
      assertEquals(VerifyCommand.EXIT_DAMAGED, exit, out + "\n" + err);
      assertTrue(out.toString().contains(ct.get("id").getAsString() + " (tenant default): size mismatch"),
          out.toString());
      assertTrue(out.toString().contains(mr.get("id").getAsString() + " (tenant default): missing blob"),
          out.toString());
      assertTrue(out.toString().startsWith("verify s3:"), out.toString());
    } finally {
      proxy.stop();
    }
  }
}
