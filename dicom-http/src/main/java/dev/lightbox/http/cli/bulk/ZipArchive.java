package dev.lightbox.http.cli.bulk;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The entries of a ZIP file as import sources. The archive is read with {@link ZipFile} (its
 * central directory, APPNOTE 4.3.12), so each entry is inflated as a stream when it is read and
 * never extracted to disk or held in memory. An entry is refused, and reported, when:
 * <ul>
 *   <li>its name could escape a folder if it were extracted ({@code ..} segments, absolute or
 *       drive-letter paths, NUL): nothing is extracted here, but such names mark a crafted
 *       archive and are not what an operator meant to import;</li>
 *   <li>its declared size exceeds the per-file limit, or it inflates more than
 *       {@link #MAX_RATIO} times its compressed size (a zip bomb);</li>
 *   <li>while streaming, it yields more or fewer bytes than its directory entry declares (a lying
 *       header cannot make the stream unbounded).</li>
 * </ul>
 * Nested archives are not opened (they are not DICOM and are skipped as such).
 */
final class ZipArchive implements AutoCloseable {
  /** Inflated/compressed above this is a zip bomb, not an image (DICOM rarely exceeds 20:1). */
  static final long MAX_RATIO = 1000;

  private final Path path;
  private final ZipFile zip;

  private ZipArchive(Path path, ZipFile zip) {
    this.path = path;
    this.zip = zip;
  }

  static ZipArchive open(Path path) throws IOException {
    return new ZipArchive(path, new ZipFile(path.toFile()));
  }

  /** True when the file starts with a ZIP local file header or an empty archive's end record. */
  static boolean looksLikeZip(byte[] head, int length) {
    return length >= 4 && head[0] == 'P' && head[1] == 'K'
        && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
  }

  /** Adds every acceptable file entry to {@code sources} and every refused one to problems. */
  void list(long maxEntryBytes, List<ImportSource> sources, Consumer<PlanProblem> problems) {
    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
      ZipEntry entry = e.nextElement();
      if (entry.isDirectory()) {
        continue;
      }
      String label = path + "!" + printable(entry.getName());
      String refusal = refusal(entry, maxEntryBytes);
      if (refusal != null) {
        problems.accept(new PlanProblem(label, refusal));
        continue;
      }
      sources.add(new Entry(label, entry, maxEntryBytes));
    }
  }

  private static String refusal(ZipEntry entry, long maxEntryBytes) {
    String name = entry.getName();
    String slashed = name.replace('\\', '/');
    if (name.indexOf('\0') >= 0 || slashed.startsWith("/")
        || (slashed.length() >= 2 && slashed.charAt(1) == ':')
        || ("/" + slashed + "/").contains("/../")) {
      return "unsafe entry name (absolute or with ..): refused";
    }
    long size = entry.getSize();
    if (size > maxEntryBytes) {
      return "entry of " + size + " bytes exceeds the per-file limit of " + maxEntryBytes;
    }
    long compressed = entry.getCompressedSize();
    if (size > 0 && compressed >= 0 && size > MAX_RATIO * Math.max(1, compressed)
        && size > (1L << 20)) {
      return "entry inflates " + size + " bytes from " + compressed + " (more than " + MAX_RATIO
          + ":1): refused as a zip bomb";
    }
    return null;
  }

  private static String printable(String name) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.toCharArray()) {
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return sb.length() > 300 ? sb.substring(0, 300) + "…" : sb.toString();
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  private final class Entry implements ImportSource {
    private final String label;
    private final ZipEntry entry;
    private final long limit;

    Entry(String label, ZipEntry entry, long maxEntryBytes) {
      this.label = label;
      this.entry = entry;
      this.limit = entry.getSize() >= 0 ? entry.getSize() : maxEntryBytes;
    }

    @Override
    public String label() {
      return label;
    }

    @Override
    public long size() {
      return Math.max(0, entry.getSize());
    }

    @Override
    public InputStream open() throws IOException {
      return new Exact(zip.getInputStream(entry), limit, entry.getSize() >= 0);
    }
  }

  /**
   * The entry's bytes, failing once more than {@code limit} arrive, and (when the size is declared)
   * at an end before it.
   */
  static final class Exact extends FilterInputStream {
    private final long limit;
    private final boolean declared;
    private long count;

    Exact(InputStream in, long limit, boolean declared) {
      super(in);
      this.limit = limit;
      this.declared = declared;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, (int) Math.min(len, Math.max(1, limit - count + 1)));
      if (n < 0) {
        if (declared && count != limit) {
          throw new IOException("the ZIP entry ends after " + count + " bytes but its directory "
              + "declares " + limit);
        }
        return n;
      }
      count += n;
      if (count > limit) {
        throw new IOException("the ZIP entry inflates past " + (declared
            ? "the " + limit + " bytes its directory declares" : "the per-file limit of " + limit
            + " bytes"));
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
