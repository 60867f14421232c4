package dev.lightbox.http.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 6: a real OutOfMemoryError in a CLI command (a valid 4096² 16-bit image rendered
 * by a JVM with a 48 MiB heap) is one line on stderr and exit 3, not a stack trace and exit 1,
 * which docs/cli.md reserves for "not found".
 */
class OutOfMemoryExitTest {
  @TempDir Path dir;

  @Test
  void renderingBeyondTheHeapIsOneLineAndExitThree() throws Exception {
    Path big = dir.resolve("big.dcm");
    writeNative16BitImage(big, 4096, 4096);
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx48m", "-cp", System.getProperty("java.class.path"),
        Lightbox.class.getName(), "render", big.toString(), dir.resolve("out.png").toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "render did not finish");
    assertEquals(3, p.exitValue(), output);
    List<String> lines = output.lines().toList();
    assertEquals(1, lines.size(), output);
    assertTrue(lines.get(0).startsWith("lightbox: out of memory"), output);
    assertFalse(output.contains("\tat "), output);
  }

  /** Part 10, explicit VR little endian, MONOCHROME2 16-bit, a ramp of pixel values. */
  private static void writeNative16BitImage(Path file, int rows, int columns) throws IOException {
    CliTest.Bytes meta = new CliTest.Bytes()
        .el(0x0002, 0x0001, "OB", new byte[] {0, 1})
        .el(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII));
    CliTest.Bytes head = new CliTest.Bytes().raw(new byte[128]).raw("DICM".getBytes(
        StandardCharsets.US_ASCII))
        .el(0x0002, 0x0000, "UL", le32(meta.size())).raw(meta.toByteArray())
        .el(0x0008, 0x0018, "UI", "1.2.3.4\0".getBytes(StandardCharsets.US_ASCII))
        .el(0x0028, 0x0002, "US", le16(1))
        .el(0x0028, 0x0004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII))
        .el(0x0028, 0x0010, "US", le16(rows))
        .el(0x0028, 0x0011, "US", le16(columns))
        .el(0x0028, 0x0100, "US", le16(16))
        .el(0x0028, 0x0101, "US", le16(16))
        .el(0x0028, 0x0102, "US", le16(15))
        .el(0x0028, 0x0103, "US", le16(0))
        .tag(0x7FE0, 0x0010).raw('O', 'W', 0, 0).u32(2L * rows * columns);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(head.toByteArray());
      byte[] row = new byte[2 * columns];
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < columns; x++) {
          row[2 * x] = (byte) (x + y);
          row[2 * x + 1] = (byte) ((x + y) >> 8);
        }
        out.write(row);
      }
    }
  }

  private static byte[] le16(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8)};
  }

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }
}
