package dev.lightbox.http.auth;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit log (docs/security.md): one JSON line per access to instance data and per refused
 * request, saying who (token id or OIDC subject, tenant, client address) did what (action,
 * method, route, the UIDs in the path) with which outcome (status, reason) under which request
 * id. It never holds PHI: no patient names, no query strings, no attribute values, and path
 * values only when they have the form of a UID.
 *
 * <p>Like the access log, lines are queued and written by one daemon thread, so a request never
 * waits for the disk. If the queue is full the entry is dropped, counted, and the count is
 * written as its own line when the writer catches up.
 */
public final class AuditLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
  private static final int CAPACITY = 65_536;
  static final long DRAIN_INTERVAL_MS = 20;

  /**
   * One audited request.
   *
   * @param event {@code access} (the request reached its handler) or {@code refused}
   * @param subject token id or OIDC subject; null when no credential was accepted
   * @param tenant the principal's tenant; null when refused before authentication
   * @param action see {@link AuditAction}; {@code none} for refused requests to other routes
   * @param uids UID path parameters by name (studyInstanceUid, seriesInstanceUid, …)
   * @param reason why it was refused ({@code missing}, {@code revoked}, {@code scope:write},
   *     {@code rate-limited}, …); null for access events
   */
  public record Event(Instant time, String event, String subject, String tenant, String client,
      String action, String method, String route, Map<String, String> uids, int status,
      String reason, String requestId) {}

  private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Writer out;
  private final boolean closeOut;
  private final Thread writer;
  private volatile boolean closed;

  AuditLog(Writer out, boolean closeOut) {
    this.out = out;
    this.closeOut = closeOut;
    this.writer = new Thread(this::drain, "lightbox-audit-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** The audit log {@code audit} names: a file (appended, created readable by its owner only). */
  public static AuditLog open(AccessConfig.Audit audit) throws IOException {
    if (audit.file().isEmpty()) {
      return new AuditLog(new OutputStreamWriter(nonClosing(System.err), StandardCharsets.UTF_8),
          false);
    }
    Path file = audit.file().get().toAbsolutePath();
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    if (!Files.exists(file) && file.getFileSystem().supportedFileAttributeViews()
        .contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    }
    return new AuditLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
  }

  /** Queues {@code e}; never blocks. */
  public void record(Event e) {
    if (closed || !queue.offer(e)) {
      dropped.incrementAndGet();
    }
  }

  /** Entries that could not be queued. */
  public long dropped() {
    return dropped.get();
  }

  private void drain() {
    List<Event> batch = new ArrayList<>();
    long reported = 0;
    while (true) {
      try {
        Thread.sleep(DRAIN_INTERVAL_MS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(batch);
      try {
        for (Event e : batch) {
          out.write(line(e));
          out.write('\n');
        }
        long lost = dropped.get();
        if (lost != reported) {
          out.write("{\"time\":\"" + Instant.now() + "\",\"event\":\"dropped\",\"count\":"
              + (lost - reported) + "}\n");
          reported = lost;
        }
        if (!batch.isEmpty()) {
          out.flush();
        }
      } catch (IOException ex) {
        LOG.log(Level.ERROR, "writing the audit log failed: " + ex.getMessage());
      }
      batch.clear();
      if (closed && queue.isEmpty()) {
        return;
      }
    }
  }

  /** The JSON line of {@code e} (no trailing newline). */
  static String line(Event e) {
    StringWriter text = new StringWriter(256);
    try (JsonWriter w = new JsonWriter(text)) {
      w.setHtmlSafe(false);
      w.beginObject();
      w.name("time").value(e.time().toString());
      w.name("event").value(e.event());
      w.name("subject").value(e.subject());
      w.name("tenant").value(e.tenant());
      w.name("client").value(e.client());
      w.name("action").value(e.action());
      w.name("method").value(e.method());
      w.name("route").value(e.route());
      w.name("uids").beginObject();
      for (Map.Entry<String, String> u : e.uids().entrySet()) {
        w.name(u.getKey()).value(u.getValue());
      }
      w.endObject();
      w.name("status").value(e.status());
      w.name("reason").value(e.reason());
      w.name("requestId").value(e.requestId());
      w.endObject();
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
    return text.toString();
  }

  /** Writes what is queued and stops the writer (and closes the file). */
  @Override
  public void close() {
    // No interrupt: it would close a file channel the writer is writing to; it polls the flag.
    closed = true;
    try {
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      out.flush();
      if (closeOut) {
        out.close();
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the audit log failed: " + e.getMessage());
    }
  }

  private static OutputStream nonClosing(OutputStream s) {
    return new java.io.FilterOutputStream(s) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
