package dev.lightbox.http.dicomweb;

import dev.lightbox.http.testing.Ci;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expected values from dcmtk ({@code dcmdump}), never from Lightbox: attribute values and the raw
 * pixel items ({@code dcmdump +W}). Absent dcmtk: skip locally, fail under CI.
 */
public final class Dcmtk {
  private static final Pattern VALUE = Pattern.compile("^\\([0-9a-f]{4},[0-9a-f]{4}\\) \\w\\w \\[(.*)\\]");

  private Dcmtk() {}

  /** The value of a top-level attribute as dcmdump prints it (e.g. {@code "0020,000d"}). */
  public static String value(Path file, String tag) throws Exception {
    String out = run(List.of("dcmdump", "-q", "-Un", "+P", tag, file.toString()));
    for (String line : out.split("\n")) {
      Matcher m = VALUE.matcher(line.strip());
      if (m.find()) {
        return m.group(1);
      }
    }
    return "";
  }

  /** The bytes of pixel item {@code item} (0 = offset table) or of native pixel data. */
  public static byte[] pixelItem(Path file, int item, Path dir) throws Exception {
    run(List.of("dcmdump", "-q", "+W", dir.toString(), file.toString()));
    Path raw = dir.resolve(file.getFileName() + "." + item + ".raw");
    if (!Files.exists(raw)) {
      raw = dir.resolve(file.getFileName() + ".raw");
    }
    return Files.readAllBytes(raw);
  }

  /**
   * The bytes of a top-level OB value as {@code dcmdump +L} prints them ({@code 00\01\ff…}),
   * e.g. {@code "0043,1029"}.
   */
  public static byte[] obValue(Path file, String tag) throws Exception {
    String out = run(List.of("dcmdump", "-q", "+L", "+P", tag, file.toString())).strip();
    Matcher m = Pattern.compile("^\\([0-9a-f]{4},[0-9a-f]{4}\\) OB ([0-9a-f\\\\]+)").matcher(out);
    if (!m.find()) {
      throw new AssertionError("dcmdump printed no OB value for " + tag + ": " + out);
    }
    String[] hex = m.group(1).split("\\\\");
    byte[] bytes = new byte[hex.length];
    for (int i = 0; i < hex.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex[i], 16);
    }
    return bytes;
  }

  /** The number of pixel items ({@code dcmdump +W} files) of an encapsulated file, offset table included. */
  public static int pixelItemCount(Path file, Path dir) throws Exception {
    run(List.of("dcmdump", "-q", "+W", dir.toString(), file.toString()));
    int n = 0;
    while (Files.exists(dir.resolve(file.getFileName() + "." + n + ".raw"))) {
      n++;
    }
    return n;
  }

  static String run(List<String> command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      Ci.cannotRun(command.get(0) + " (dcmtk) is not installed: " + e.getMessage());
      throw e;
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(command + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
