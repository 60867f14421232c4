package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.lightbox.http.Corpus;
import dev.lightbox.http.LightboxServer;
import dev.lightbox.http.ServerConfig;
import dev.lightbox.http.cli.bulk.ImportJournal;
import dev.lightbox.http.cli.bulk.Importer;
import dev.lightbox.http.cli.bulk.SourcePlan;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightbox import} against an in-process server: folders, ZIP files and a DICOMDIR set
 * (pydicom's TINY_ALPHA, whose DICOMDIR dcmdump shows with 50 Referenced File IDs), the files it
 * must report and go past, resuming an interrupted import, and the bearer token.
 */
class ImportCommandTest {
  /** dcmdump TINY_ALPHA/DICOMDIR: 50 IMAGE records, each with a Referenced File ID (0004,1500). */
  static final int TINY_ALPHA_IMAGES = 50;

  @TempDir Path dir;
  LightboxServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(dir.resolve("data")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The TINY_ALPHA set (DICOMDIR, 50 CT images, a README) copied where the test may change it. */
  Path tinyAlpha() throws IOException {
    Path src = Corpus.dir("pydicom/test_files/dicomdirtests/TINY_ALPHA");
    Path dst = dir.resolve("TINY_ALPHA");
    try (Stream<Path> files = Files.walk(src)) {
      for (Path p : files.toList()) {
        Path to = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return dst;
  }

  List<Path> images(Path tinyAlpha) throws IOException {
    try (Stream<Path> files = Files.walk(tinyAlpha)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().startsWith("IM")).sorted().toList();
    }
  }

  @Test
  void importsFoldersZipsAndDicomdirsAndReportsWhatItCannotImport() throws Exception {
    Path set = tinyAlpha();
    List<Path> images = images(set);
    assertEquals(TINY_ALPHA_IMAGES, images.size());

    // A folder: two pydicom files, a non-DICOM text, a truncated file, a broken link, a FIFO.
    Path folder = Files.createDirectories(dir.resolve("folder/sub"));
    Files.copy(Corpus.pydicom("CT_small.dcm"), folder.resolve("ct.dcm"));
    Files.copy(Corpus.pydicom("JPEG2000.dcm"), folder.resolve("j2k.dcm"));
    Files.writeString(folder.resolve("notes.txt"), "not DICOM at all\n".repeat(50));
    byte[] mr = Files.readAllBytes(Corpus.pydicom("MR_small.dcm"));
    Files.write(folder.resolve("cut.dcm"), java.util.Arrays.copyOf(mr, mr.length / 2));
    Files.createSymbolicLink(folder.resolve("gone.dcm"), dir.resolve("nowhere.dcm"));
    Path fifo = folder.resolve("pipe.dcm");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");

    // A ZIP: 10 TINY_ALPHA images in folders, a text file, and an entry with a path trick.
    Path zip = dir.resolve("set.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Path p : images.subList(0, 10)) {
        z.putNextEntry(new ZipEntry("export/" + set.relativize(p).toString()));
        Files.copy(p, z);
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry("readme.txt"));
      z.write("hello".getBytes(StandardCharsets.US_ASCII));
      z.closeEntry();
      z.putNextEntry(new ZipEntry("../../etc/evil.dcm"));
      z.write(mr);
      z.closeEntry();
    }

    CliTest.Run run = CliTest.run("import", "--url", server.baseUrl(), "--parallel", "3",
        "--progress", "plain", "--journal", dir.resolve("journal").toString(),
        folder.getParent().toString(), zip.toString(), set.resolve("DICOMDIR").toString());

    assertEquals(ImportCommand.EXIT_SOME_FAILED, run.exit(), run.out() + run.err());
    // 2 pydicom files + 50 images. 10 images are both in the ZIP and under the DICOMDIR: sent
    // once, the copy is skipped as already sent (journal), or, when both copies were in flight at
    // once, sent twice and answered "already stored" for one of them.
    assertEquals(2 + TINY_ALPHA_IMAGES, instancesOnServer());
    assertEquals(52, count(run.out(), "stored"), run.out());
    assertEquals(10, count(run.out(), "already stored") + count(run.out(), "already sent"),
        run.out());
    assertEquals(52 + count(run.out(), "already stored"), uploads("201") + uploads("200"));
    assertEquals(2, count(run.out(), "not DICOM"), run.out()); // notes.txt, readme.txt
    assertEquals(4, count(run.out(), "failed"), run.out());
    // The server's reason, as lightbox dump would give it (docs/http-api.md: 422 malformed-dicom).
    assertTrue(run.out().contains("cut.dcm: HTTP 422: Length"), run.out());
    assertTrue(run.out().contains("gone.dcm: broken symbolic link"), run.out());
    assertTrue(run.out().contains("pipe.dcm: not a regular file"), run.out());
    assertTrue(run.out().contains("evil.dcm: unsafe entry name"), run.out());
    assertTrue(run.err().contains("import: 100% 68/68 files"), run.err());
  }

  @Test
  void interruptedImportResumesWithoutSendingAgain() throws Exception {
    Path set = tinyAlpha();
    Path journal = dir.resolve("journal");
    Path folder = set.resolve("PT000000");
    List<Path> images = images(set);

    // First run: stopped after 7 acknowledged files, as Ctrl-C does (Importer#cancel).
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicReference<Importer> first = new AtomicReference<>();
    Importer.Result r;
    try (SourcePlan plan = SourcePlan.of(List.of(folder), 1 << 30);
        ImportJournal j = ImportJournal.open(journal, false)) {
      first.set(Importer.to(URI.create(server.baseUrl()), Optional.empty(), j, false, 1, s -> {
        if (acknowledged.incrementAndGet() == 7) {
          first.get().cancel();
        }
      }));
      r = first.get().run(plan);
    }
    assertTrue(r.cancelled(), "stopped early");
    assertEquals(7, r.tally().stored());
    assertEquals(7, uploads("201"));
    assertEquals(7, instancesOnServer());

    CliTest.Run second = CliTest.run("import", "--url", server.baseUrl(), "--progress", "none",
        "--journal", journal.toString(), folder.toString());
    assertEquals(0, second.exit(), second.out() + second.err());
    assertEquals(7, count(second.out(), "already sent"), second.out());
    assertEquals(TINY_ALPHA_IMAGES - 7, count(second.out(), "stored"), second.out());
    // The server saw each file exactly once over both runs: nothing acknowledged was sent again.
    assertEquals(TINY_ALPHA_IMAGES, uploads("201"));
    assertEquals(0, uploads("200"));
    assertEquals(images.size(), instancesOnServer());

    // Without the journal (another machine), --check-server finds every file stored: no upload.
    CliTest.Run third = CliTest.run("import", "--url", server.baseUrl(), "--progress", "none",
        "--journal", dir.resolve("other-journal").toString(), "--check-server", folder.toString());
    assertEquals(0, third.exit(), third.out() + third.err());
    assertEquals(TINY_ALPHA_IMAGES, count(third.out(), "already stored"), third.out());
    assertEquals(TINY_ALPHA_IMAGES, uploads("201"));
    assertEquals(0, uploads("200"));
  }

  /**
   * The import process is killed (SIGKILL: no shutdown hook, nothing flushed on the way out) after
   * a few acknowledgements; the next run sends only what the journal does not list.
   */
  @Test
  void killedImportProcessResumesFromItsJournal() throws Exception {
    Path set = tinyAlpha();
    Path journal = dir.resolve("journal");
    Path folder = set.resolve("PT000000");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        Lightbox.class.getName(), "import", "--url", server.baseUrl(), "--parallel", "1",
        "--progress", "none", "--journal", journal.toString(), folder.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    try {
      while (hashes(journal) < 5) {
        assertTrue(child.isAlive(), "the import ended before it could be killed: "
            + Files.readString(dir.resolve("child.log")));
        assertTrue(System.nanoTime() < deadline, "no acknowledgement within 60 s");
        Thread.sleep(5);
      }
    } finally {
      child.destroyForcibly().waitFor();
    }
    Thread.sleep(500); // an upload whose body had fully arrived may still be committing
    long journaled = hashes(journal);
    long sentBefore = uploads("201") + uploads("200");
    assertTrue(journaled >= 5 && journaled < TINY_ALPHA_IMAGES, "killed mid-way: " + journaled);

    CliTest.Run second = CliTest.run("import", "--url", server.baseUrl(), "--progress", "none",
        "--journal", journal.toString(), folder.toString());
    assertEquals(0, second.exit(), second.out() + second.err());
    assertEquals(journaled, count(second.out(), "already sent"), second.out());
    // Only what the journal did not list went out again: at most the one file in flight at the
    // kill was stored without its acknowledgement reaching the journal ("already stored").
    assertEquals(TINY_ALPHA_IMAGES - journaled, uploads("201") + uploads("200") - sentBefore);
    assertTrue(count(second.out(), "already stored") <= 1, second.out());
    assertEquals(TINY_ALPHA_IMAGES, uploads("201"));
    assertEquals(TINY_ALPHA_IMAGES, instancesOnServer());
  }

  static long hashes(Path journal) throws IOException {
    if (!Files.exists(journal)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(journal)) {
      return lines.filter(l -> l.matches("[0-9a-f]{64}")).count();
    }
  }

  @Test
  void sendsTheBearerTokenAndStopsWhenTheServerRefusesIt() throws Exception {
    List<String> authorizations = new ArrayList<>();
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/", exchange -> {
      synchronized (authorizations) {
        authorizations.add(String.valueOf(exchange.getRequestHeaders()
            .getFirst("Authorization")));
      }
      exchange.getRequestBody().readAllBytes();
      byte[] body = ("{\"type\":\"https://lightbox.dev/problems/unauthorized\",\"title\":"
          + "\"Unauthorized\",\"status\":401,\"detail\":\"the token is not valid\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
      exchange.sendResponseHeaders(401, body.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(body);
      }
    });
    fake.start();
    try {
      Path set = tinyAlpha();
      CliTest.Run run = CliTest.run("import", "--url", "http://127.0.0.1:"
          + fake.getAddress().getPort(), "--token", "s3cret", "--parallel", "1", "--progress",
          "none", "--journal", dir.resolve("j").toString(), set.resolve("DICOMDIR").toString());
      assertEquals(ImportCommand.EXIT_SERVER, run.exit(), run.out() + run.err());
      assertEquals(List.of("Bearer s3cret"), authorizations, "one request, then it stopped");
      assertTrue(run.err().contains("lightbox: import stopped: the server refused the upload "
          + "(401): HTTP 401: the token is not valid"), run.err());

      // The token from the environment (kept out of ps), the URL too.
      ImportCommand fromEnv = new ImportCommand();
      new picocli.CommandLine(fromEnv).parseArgs("--parallel", "1", "--progress", "none",
          "--journal", dir.resolve("j2").toString(), set.resolve("DICOMDIR").toString());
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      int exit = fromEnv.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err),
          java.util.Map.of("LIGHTBOX_URL", "http://127.0.0.1:" + fake.getAddress().getPort(),
              "LIGHTBOX_TOKEN", "from-env"));
      assertEquals(ImportCommand.EXIT_SERVER, exit, out + "\n" + err);
      assertEquals(List.of("Bearer s3cret", "Bearer from-env"), authorizations);
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void usageErrorsAreOneLineAndExitTwo() {
    CliTest.Run missing = CliTest.run("import", "--url", server.baseUrl(),
        dir.resolve("absent").toString());
    assertEquals(Lightbox.EXIT_USAGE, missing.exit());
    assertEquals("lightbox: no such file or folder: " + dir.resolve("absent") + "\n",
        missing.err());
    CliTest.Run badUrl = CliTest.run("import", "--url", "ftp://x", dir.toString());
    assertEquals(Lightbox.EXIT_USAGE, badUrl.exit());
    assertEquals("lightbox: --url must be an http:// or https:// URL, got ftp://x\n",
        badUrl.err());
  }

  /** The number after "  NAME:" in the summary. */
  static long count(String summary, String name) {
    Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(name) + ": +(\\d+)").matcher(summary);
    assertTrue(m.find(), "no '" + name + "' line in\n" + summary);
    return Long.parseLong(m.group(1));
  }

  /** The server's URL without the trailing slash {@code baseUrl()} has. */
  String base() {
    return server.baseUrl().replaceAll("/+$", "");
  }

  long instancesOnServer() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base()
        + "/instances?limit=1")).build(), HttpResponse.BodyHandlers.ofString());
    JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
    return o.get("total").getAsLong();
  }

  /** POST /instances answered with {@code status}, from the server's own request counter. */
  long uploads(String status) throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create(base() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("lightbox_http_requests_total\\{route=\"/instances\",method="
        + "\"POST\",status=\"" + status + "\"\\} (\\d+)").matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
