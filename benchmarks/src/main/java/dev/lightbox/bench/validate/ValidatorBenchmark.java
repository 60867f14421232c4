package dev.lightbox.bench.validate;

import dev.lightbox.bench.reader.SyntheticDicom;
import dev.lightbox.dicom.io.DicomParseException;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.validate.StreamingValidator;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of whole-file validation at ingest (issue 13): the {@link StreamingValidator} alone, fed
 * 64 KiB slices as the upload spool feeds it, and the spool loop itself (write the body to a file
 * and SHA-256 it, as {@code UploadSpool} does) with and without the validator on the same buffers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ValidatorBenchmark {
  private static final int SLICE = 64 * 1024;
  private Path dir;
  private byte[] ct;
  private byte[] multiframe;
  private byte[] elementRich;

  @Setup(Level.Trial)
  public void createFiles() throws Exception {
    dir = Files.createTempDirectory("lightbox-validator-bench");
    Path ctFile = dir.resolve("ct.dcm");
    Path mfFile = dir.resolve("mf.dcm");
    SyntheticDicom.writeImage(ctFile, 1);
    SyntheticDicom.writeImage(mfFile, 40);
    ct = Files.readAllBytes(ctFile);
    multiframe = Files.readAllBytes(mfFile);
    Method rich = SyntheticDicom.class.getDeclaredMethod("elementRich", int.class);
    rich.setAccessible(true);
    elementRich = (byte[]) rich.invoke(null, 20_000);
    System.out.printf("%nfiles: ct %d bytes, multiframe %d bytes, element-rich %d bytes%n",
        ct.length, multiframe.length, elementRich.length);
  }

  @TearDown(Level.Trial)
  public void deleteFiles() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Validator alone, 512×512 16-bit CT (0.5 MB). */
  @Benchmark
  public long validateCt() throws DicomParseException {
    return validate(ct);
  }

  /** Validator alone, 40 frames of 512×512 (21 MB): pixel data is passed, not read. */
  @Benchmark
  public long validateMultiframe21MB() throws DicomParseException {
    return validate(multiframe);
  }

  /** Validator alone, 20,000 sequence items: the per-element cost. */
  @Benchmark
  public long validateElementRich() throws DicomParseException {
    return validate(elementRich);
  }

  /** Spool loop (file write + SHA-256) of the CT, without validation. */
  @Benchmark
  public long spoolCt() throws Exception {
    return spool(ct, false);
  }

  /** Spool loop of the CT with the validator fed the same buffers. */
  @Benchmark
  public long spoolCtValidated() throws Exception {
    return spool(ct, true);
  }

  /** Spool loop of the 21 MB file, without validation. */
  @Benchmark
  public long spoolMultiframe21MB() throws Exception {
    return spool(multiframe, false);
  }

  /** Spool loop of the 21 MB file with validation. */
  @Benchmark
  public long spoolMultiframe21MBValidated() throws Exception {
    return spool(multiframe, true);
  }

  private static long validate(byte[] file) throws DicomParseException {
    StreamingValidator v = new StreamingValidator(ReadOptions.defaults());
    for (int off = 0; off < file.length; off += SLICE) {
      v.update(file, off, Math.min(SLICE, file.length - off));
    }
    v.finish();
    return v.received();
  }

  private long spool(byte[] body, boolean validate)
      throws IOException, NoSuchAlgorithmException, DicomParseException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    StreamingValidator v = validate ? new StreamingValidator(ReadOptions.defaults()) : null;
    Path file = Files.createTempFile(dir, "upload-", ".part");
    byte[] buf = new byte[SLICE];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int off = 0; off < body.length; off += SLICE) {
        int n = Math.min(SLICE, body.length - off);
        System.arraycopy(body, off, buf, 0, n); // the socket read
        if (v != null) {
          v.update(buf, 0, n);
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    if (v != null) {
      v.finish();
    }
    Files.delete(file);
    return sha.digest()[0];
  }
}
