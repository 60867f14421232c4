package dev.lightbox.http.cli.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZIP guards of {@code lightbox import}: a zip bomb is refused from its directory record, an
 * entry whose directory record understates or overstates its inflated length fails while it is
 * read (APPNOTE 4.3.12: the uncompressed size at offset 24 of the central directory header).
 */
class ZipArchiveTest {
  @TempDir Path dir;

  Path zip(String name, byte[] content) throws IOException {
    Path z = dir.resolve("a.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
      out.putNextEntry(new ZipEntry(name));
      out.write(content);
      out.closeEntry();
    }
    return z;
  }

  /** Rewrites the uncompressed size of the first central directory header. */
  static void declareSize(Path zip, int size) throws IOException {
    byte[] b = Files.readAllBytes(zip);
    for (int i = b.length - 46; i >= 0; i--) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
        ByteBuffer.wrap(b, i + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(size);
        Files.write(zip, b);
        return;
      }
    }
    throw new AssertionError("no central directory header");
  }

  record Listed(List<ImportSource> sources, List<PlanProblem> problems) {}

  static Listed list(Path zip) throws IOException {
    List<ImportSource> sources = new ArrayList<>();
    List<PlanProblem> problems = new ArrayList<>();
    try (ZipArchive a = ZipArchive.open(zip)) {
      a.list(1L << 30, sources, problems::add);
      for (ImportSource s : sources) {
        try (InputStream in = s.open()) {
          in.readAllBytes();
        } catch (IOException e) {
          problems.add(new PlanProblem(s.label(), e.getMessage()));
        }
      }
    }
    return new Listed(sources, problems);
  }

  @Test
  void aZipBombIsRefusedBeforeAnythingIsInflated() throws Exception {
    // 16 MiB of zeros deflate to about 16 KiB: more than 1000:1.
    Listed l = list(zip("bomb.dcm", new byte[16 << 20]));
    assertEquals(0, l.sources().size());
    assertEquals(1, l.problems().size());
    assertTrue(l.problems().get(0).reason().contains("zip bomb"), l.problems().toString());
  }

  @Test
  void anEntryInflatingPastItsDeclaredSizeIsCutOff() throws Exception {
    byte[] content = new byte[5000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31 + i / 7);
    }
    Path z = zip("a.dcm", content);
    declareSize(z, 100);
    try (ZipArchive a = ZipArchive.open(z)) {
      List<ImportSource> sources = new ArrayList<>();
      a.list(1L << 30, sources, p -> { });
      assertEquals(100, sources.get(0).size());
      IOException e = assertThrows(IOException.class, () -> {
        try (InputStream in = sources.get(0).open()) {
          in.readAllBytes();
        }
      });
      assertTrue(e.getMessage().contains("inflates past the 100 bytes"), e.getMessage());
    }
  }

  @Test
  void anEntryShorterThanDeclaredFails() throws Exception {
    byte[] content = new byte[5000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 13 + i / 5);
    }
    Path z = zip("a.dcm", content);
    declareSize(z, 9000);
    Listed l = list(z);
    assertEquals(1, l.problems().size(), l.problems().toString());
    assertTrue(l.problems().get(0).reason().contains("ends after 5000 bytes but its directory "
        + "declares 9000"), l.problems().toString());
  }

  @Test
  void entryNamesThatWouldEscapeAreRefused() throws Exception {
    for (String name : List.of("../x.dcm", "/etc/x.dcm", "a/../../x.dcm", "C:\\x.dcm",
        "a\\..\\..\\x.dcm")) {
      Listed l = list(zip(name, new byte[] {1, 2, 3}));
      assertEquals(0, l.sources().size(), name);
      assertTrue(l.problems().get(0).reason().startsWith("unsafe entry name"), name);
    }
    assertEquals(1, list(zip("a/b..c/x.dcm", new byte[] {1})).sources().size(),
        "'..' inside a name is not a parent reference");
  }
}
