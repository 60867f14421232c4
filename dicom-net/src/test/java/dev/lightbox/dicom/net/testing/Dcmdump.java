package dev.lightbox.dicom.net.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;

/** dcmtk's dcmdump as the oracle for "same dataset". */
public final class Dcmdump {
  private Dcmdump() {}

  /**
   * {@link #dataset} of many files with one dcmdump run ({@code +F} headers split the output), in
   * the order given: process start-up dominates the cost of small files.
   */
  public static java.util.List<String> datasets(java.util.List<Path> files) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("dcmdump", "+F",
        "+L"));
    files.forEach(f -> command.add(f.toString()));
    Processes.Result r = Processes.run(Duration.ofSeconds(120), command);
    assertEquals(0, r.exitCode(), r.output());
    String[] parts = r.output().split("(?m)^# dcmdump \\(\\d+/\\d+\\): .*$");
    java.util.List<String> out = new java.util.ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      out.add(datasetSection(parts[i], files.get(i - 1)));
    }
    assertEquals(files.size(), out.size(), "one dump per file");
    return out;
  }

  /**
   * The data set part of {@code dcmdump +L} (everything after "# Dicom-Data-Set"), without Data
   * Set Trailing Padding (FFFC,FFFC), which PS3.10 §7.2 lets any application drop (storescu does).
   */
  public static String dataset(Path file) throws Exception {
    return datasetSection(dump(file), file);
  }

  private static String datasetSection(String out, Path file) {
    int at = out.indexOf("# Dicom-Data-Set");
    if (at < 0) {
      throw new AssertionError("dcmdump printed no data set for " + file + ":\n" + out);
    }
    StringBuilder kept = new StringBuilder();
    for (String line : out.substring(at).split("\n")) {
      if (!line.startsWith("(fffc,fffc)")) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  /** The transfer syntax UID in the file's meta information, as dcmdump reads it. */
  public static String transferSyntax(Path file) throws Exception {
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "dcmdump", "-Un", "+P", "0002,0010",
        "-q", file.toString());
    String line = r.output().strip();
    int open = line.indexOf('[');
    int close = line.indexOf(']');
    if (open < 0 || close < open) {
      throw new AssertionError("no (0002,0010) in " + file + ": " + line);
    }
    return line.substring(open + 1, close).replace("\0", "").strip();
  }

  /**
   * dcm2json of the file (the DICOM JSON model, PS3.18 Annex F): content without encoding, and
   * without Data Set Trailing Padding (see {@link #dataset}).
   */
  public static com.google.gson.JsonElement json(Path file) throws Exception {
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "dcm2json", file.toString());
    assertEquals(0, r.exitCode(), r.output());
    com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(r.output())
        .getAsJsonObject();
    o.remove("FFFCFFFC");
    return o;
  }

  public static String dump(Path file) throws Exception {
    Processes.Result r = Processes.run(Duration.ofSeconds(60), "dcmdump", "+L", file.toString());
    assertEquals(0, r.exitCode(), r.output());
    return r.output();
  }
}
