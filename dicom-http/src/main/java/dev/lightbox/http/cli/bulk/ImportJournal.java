package dev.lightbox.http.cli.bulk;

import dev.lightbox.storage.blob.Sha256;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The resume journal of {@code lightbox import}: the SHA-256 of every file the server acknowledged
 * (201 stored, or 200 already stored), one per line, appended and flushed as each acknowledgement
 * arrives. A later run skips files whose content hash is listed, so an interrupted import resumes
 * without sending anything again; a line torn by a kill is ignored (that file is simply sent once
 * more, and the server answers "already stored"). Content, not paths: a renamed or re-zipped file
 * is still recognised, and a changed file is sent.
 *
 * <p>One journal per server URL by default, under {@code $XDG_STATE_HOME/lightbox} (else
 * {@code ~/.local/state/lightbox}), so importing the same folder into another server sends it.
 */
public final class ImportJournal implements AutoCloseable {
  private static final Pattern LINE = Pattern.compile("[0-9a-f]{64}");

  private final Path file;
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final BufferedWriter out;

  private ImportJournal(Path file, Set<String> loaded, BufferedWriter out) {
    this.file = file;
    this.acknowledged.addAll(loaded);
    this.out = out;
  }

  /**
   * Opens (creating it and its folder when needed) the journal at {@code file}.
   *
   * @param fresh forget what it lists and start over (the file is truncated)
   */
  public static ImportJournal open(Path file, boolean fresh) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Set<String> loaded = new HashSet<>();
    if (!fresh && Files.exists(file)) {
      try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
        lines.map(String::strip).filter(l -> LINE.matcher(l).matches()).forEach(loaded::add);
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
    if (!fresh && Files.size(file) > 0 && !endsWithNewline(file)) {
      out.write('\n'); // a kill tore the last line: keep the next hash on a line of its own
    }
    if (Files.size(file) == 0) {
      // A line of its own: what a kill may have left half-written before it is not joined to it.
      out.write("# lightbox import journal: SHA-256 of every acknowledged file\n");
      out.flush();
    }
    return new ImportJournal(file, loaded, out);
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      ch.read(last, ch.size() - 1);
      return last.get(0) == '\n';
    }
  }

  /** The default journal for imports into {@code serverUrl}. */
  public static Path defaultFile(String serverUrl, java.util.Map<String, String> env) {
    String state = env.get("XDG_STATE_HOME");
    Path dir = state != null && !state.isBlank() ? Path.of(state, "lightbox")
        : Path.of(System.getProperty("user.home"), ".local", "state", "lightbox");
    String key = Sha256.of(serverUrl.strip().toLowerCase(Locale.ROOT)
        .replaceAll("/+$", "").getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    return dir.resolve("import-" + key + ".journal");
  }

  public Path file() {
    return file;
  }

  /** How many acknowledged hashes it lists. */
  public int size() {
    return acknowledged.size();
  }

  public boolean contains(String sha256) {
    return acknowledged.contains(sha256);
  }

  /** Records an acknowledgement (flushed to the file before this returns). */
  public void record(String sha256) throws IOException {
    if (!acknowledged.add(sha256)) {
      return;
    }
    synchronized (out) {
      out.write(sha256);
      out.write('\n');
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (out) {
      out.close();
    }
  }
}
