import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Vr;
import dev.lightbox.dicom.net.Association;
import dev.lightbox.dicom.net.AssociationOptions;
import dev.lightbox.dicom.net.DimseClient;
import dev.lightbox.dicom.net.RemoteAe;
import dev.lightbox.dicom.net.ServiceRegistry;
import dev.lightbox.dicom.net.Uids;
import dev.lightbox.dicom.net.dimse.Status;
import dev.lightbox.dicom.net.scu.ProposedContexts;
import dev.lightbox.dicom.net.scu.QueryRetrieveScu;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The C-FIND latency loop of benchmarks/load/dimse.sh: Study Root C-FINDs at STUDY level over one
 * association, each timed from the C-FIND-RQ to the final response (every match received), so
 * the numbers hold the SCP's work and the network, not a process start per query as repeated
 * findscu runs would. The same client measures Lightbox and Orthanc.
 *
 * <p>Run as a single-file program against the Lightbox jar (which carries dicom-net):
 * {@code java -cp lightbox.jar benchmarks/load/FindLoop.java HOST PORT CALLED_AE ITERATIONS
 * WARMUP}. Prints one line per query: {@code query=NAME matches=N p50_ms=.. p90_ms=.. p99_ms=..
 * mean_ms=..}; a failure status or a count that changes between runs exits 1.
 */
public final class FindLoop {
  private FindLoop() {}

  /** Return keys of a study list (PS3.4 C.6.2.1.2), empty: the SCP fills them in. */
  private static DatasetBuilder studyList() {
    DatasetBuilder b = new DatasetBuilder();
    b.addString(0x00080052, Vr.CS, "STUDY");
    for (Object[] k : new Object[][] {{0x00080020, Vr.DA}, {0x00080030, Vr.TM},
        {0x00080050, Vr.SH}, {0x00080061, Vr.CS}, {0x00081030, Vr.LO}, {0x00100010, Vr.PN},
        {0x00100020, Vr.LO}, {0x0020000D, Vr.UI}, {0x00201208, Vr.IS}}) {
      b.addBytes((Integer) k[0], (Vr) k[1], new byte[0]);
    }
    return b;
  }

  private static Dataset with(int tag, Vr vr, String value) {
    // DatasetBuilder keeps the last value given for a tag
    return studyList().addString(tag, vr, value).build();
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: FindLoop HOST PORT CALLED_AE ITERATIONS WARMUP");
      System.exit(2);
    }
    RemoteAe remote = new RemoteAe(args[2], args[0], Integer.parseInt(args[1]));
    int iterations = Integer.parseInt(args[3]);
    int warmup = Integer.parseInt(args[4]);
    Map<String, Dataset> queries = new java.util.LinkedHashMap<>();
    queries.put("all-studies", studyList().build());
    queries.put("patient-id", with(0x00100020, Vr.LO, "BENCH-042"));
    queries.put("name-wildcard", with(0x00100010, Vr.PN, "Bench^P04*"));
    queries.put("date-range", with(0x00080020, Vr.DA, "20200101-20200331"));
    AssociationOptions options = AssociationOptions.defaults()
        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5));
    Association a = DimseClient.open(remote, "FINDBENCH", new ProposedContexts()
        .add(Uids.STUDY_ROOT_FIND, Uids.EXPLICIT_VR_LITTLE_ENDIAN).build(), List.of(), options,
        ServiceRegistry.none());
    try {
      for (Map.Entry<String, Dataset> q : queries.entrySet()) {
        long[] nanos = new long[iterations];
        int expected = -1;
        for (int i = -warmup; i < iterations; i++) {
          int[] matches = {0};
          long start = System.nanoTime();
          Status s = QueryRetrieveScu.find(a, Uids.STUDY_ROOT_FIND, q.getValue(), m -> {
            matches[0]++;
            return true;
          });
          long took = System.nanoTime() - start;
          if (!s.isSuccess()) {
            System.err.println(q.getKey() + ": final status " + s);
            System.exit(1);
          }
          if (expected >= 0 && matches[0] != expected) {
            System.err.println(q.getKey() + ": " + matches[0] + " matches, earlier " + expected);
            System.exit(1);
          }
          expected = matches[0];
          if (i >= 0) {
            nanos[i] = took;
          }
        }
        Arrays.sort(nanos);
        System.out.printf("query=%s matches=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f mean_ms=%.2f%n",
            q.getKey(), expected, ms(pct(nanos, 50)), ms(pct(nanos, 90)), ms(pct(nanos, 99)),
            ms((long) Arrays.stream(nanos).average().orElse(0)));
      }
    } finally {
      a.release();
    }
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
