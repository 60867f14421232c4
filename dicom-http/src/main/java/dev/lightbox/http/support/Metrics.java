package dev.lightbox.http.support;

import dev.lightbox.service.OperationTimer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's metrics and their Prometheus text exposition (format 0.0.4): request counts by
 * (route template, method, status), request duration histograms by route, request and response
 * bytes, and store/index/render durations. Written by hand rather than with a metrics library: a
 * few counters and histograms do not justify another dependency tree. Thread-safe and lock-free on
 * the recording path.
 */
public final class Metrics implements OperationTimer {
  /** Seconds; covers a cached PNG (sub-millisecond) to a large upload. */
  static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
      2.5, 5, 10, 30, 60};

  private final ConcurrentHashMap<List<String>, LongAdder> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Histogram> durations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> bytesIn = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> bytesOut = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Operation, Histogram> operations = new ConcurrentHashMap<>();
  private final Map<String, LongSupplier> gauges = new TreeMap<>();

  /** A cumulative histogram with the fixed {@link #BUCKETS}. */
  static final class Histogram {
    final LongAdder[] counts = new LongAdder[BUCKETS.length];
    final DoubleAdder sum = new DoubleAdder();
    final LongAdder count = new LongAdder();

    Histogram() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double seconds) {
      for (int i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]) {
          counts[i].increment();
          break; // buckets are made cumulative when written
        }
      }
      sum.add(seconds);
      count.increment();
    }
  }

  /** Records one finished request; {@code route} is the matched template, never the raw path. */
  public void request(String route, String method, int status, long nanos, long in, long out) {
    requests.computeIfAbsent(List.of(route, method, Integer.toString(status)),
        k -> new LongAdder()).increment();
    durations.computeIfAbsent(route, k -> new Histogram()).observe(nanos / 1e9);
    bytesIn.computeIfAbsent(route, k -> new LongAdder()).add(Math.max(0, in));
    bytesOut.computeIfAbsent(route, k -> new LongAdder()).add(Math.max(0, out));
  }

  @Override
  public void record(Operation operation, long nanos) {
    operations.computeIfAbsent(operation, k -> new Histogram()).observe(nanos / 1e9);
  }

  /** Adds a gauge read at scrape time, e.g. the render cache size. */
  public synchronized void gauge(String name, LongSupplier value) {
    gauges.put(name, value);
  }

  /** The Prometheus text exposition of everything recorded so far. */
  public String scrape() {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("# HELP lightbox_http_requests_total HTTP requests by route template, method and "
        + "status.\n# TYPE lightbox_http_requests_total counter\n");
    for (Map.Entry<List<String>, LongAdder> e : sorted(requests).entrySet()) {
      List<String> k = e.getKey();
      sb.append("lightbox_http_requests_total{route=\"").append(escape(k.get(0)))
          .append("\",method=\"").append(escape(k.get(1))).append("\",status=\"")
          .append(k.get(2)).append("\"} ").append(e.getValue().sum()).append('\n');
    }
    sb.append("# HELP lightbox_http_request_duration_seconds Time from request start to response "
        + "end.\n# TYPE lightbox_http_request_duration_seconds histogram\n");
    for (Map.Entry<String, Histogram> e : new TreeMap<>(durations).entrySet()) {
      histogram(sb, "lightbox_http_request_duration_seconds",
          "route=\"" + escape(e.getKey()) + "\"", e.getValue());
    }
    counterByRoute(sb, "lightbox_http_request_bytes_total", "Request body bytes received.",
        bytesIn);
    counterByRoute(sb, "lightbox_http_response_bytes_total", "Response bytes sent.", bytesOut);
    for (Operation op : Operation.values()) {
      String name = "lightbox_" + op.name().toLowerCase(java.util.Locale.ROOT) + "_duration_seconds";
      sb.append("# HELP ").append(name).append(' ').append(help(op)).append('\n');
      sb.append("# TYPE ").append(name).append(" histogram\n");
      histogram(sb, name, "", operations.computeIfAbsent(op, k -> new Histogram()));
    }
    synchronized (this) {
      for (Map.Entry<String, LongSupplier> g : gauges.entrySet()) {
        sb.append("# TYPE ").append(g.getKey()).append(" gauge\n").append(g.getKey()).append(' ')
            .append(g.getValue().getAsLong()).append('\n');
      }
    }
    return sb.toString();
  }

  private static String help(Operation op) {
    return switch (op) {
      case STORE -> "Blob write plus index transaction per upload.";
      case INDEX -> "Index lookups and listings.";
      case RENDER -> "Rendering one frame (render cache misses).";
      case INGEST_RECEIVE -> "Reading one upload body from the client.";
      case INGEST_VALIDATE -> "Whole-file structure validation of one upload.";
      case INGEST_HASH -> "SHA-256 of one upload.";
      case INGEST_WRITE -> "Writing one upload to its spool file.";
      case INGEST_FSYNC -> "fsync of one upload's spool file (durability full).";
      case INGEST_PARSE -> "Header parse and metadata extraction of one upload.";
    };
  }

  private static void counterByRoute(StringBuilder sb, String name, String help,
      Map<String, LongAdder> values) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(" counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(values).entrySet()) {
      sb.append(name).append("{route=\"").append(escape(e.getKey())).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
  }

  private static void histogram(StringBuilder sb, String name, String labels, Histogram h) {
    String sep = labels.isEmpty() ? "" : labels + ",";
    long cumulative = 0;
    for (int i = 0; i < BUCKETS.length; i++) {
      cumulative += h.counts[i].sum();
      sb.append(name).append("_bucket{").append(sep).append("le=\"").append(BUCKETS[i])
          .append("\"} ").append(cumulative).append('\n');
    }
    long count = h.count.sum();
    sb.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(count)
        .append('\n');
    String braces = labels.isEmpty() ? "" : "{" + labels + "}";
    sb.append(name).append("_sum").append(braces).append(' ').append(h.sum.sum()).append('\n');
    sb.append(name).append("_count").append(braces).append(' ').append(count).append('\n');
  }

  private static Map<List<String>, LongAdder> sorted(Map<List<String>, LongAdder> m) {
    TreeMap<List<String>, LongAdder> t = new TreeMap<>((a, b) -> String.join("\u0000", a)
        .compareTo(String.join("\u0000", b)));
    t.putAll(m);
    return t;
  }

  /** Label value escaping of the text format: backslash, double quote and newline. */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
