package dev.lightbox.bench.write;

import dev.lightbox.bench.reader.SyntheticDicom;
import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.TransferSyntax;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.FileByteSource;
import dev.lightbox.dicom.io.ParseResult;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.write.DicomWriter;
import dev.lightbox.dicom.write.WriteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * Writer cost for a 512×512 16-bit CT (0.5 MB): Part 10 in the same syntax with the pixel data
 * streamed from the file (the DICOMweb/DIMSE path: parse with bulk references, write), the same
 * with the pixels in memory, transcoded to implicit VR LE, deflated, and a header-only dataset
 * (what a DIMSE identifier or a metadata-only write costs). Output goes to a discarding stream
 * except for {@link #headerToBytes}, which builds the byte array a DIMSE PDU would carry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WriterBenchmark {
  private Path dir;
  private FileByteSource source;
  private ParseResult streamed;
  private ParseResult inMemory;
  private Dataset header;
  private final OutputStream sink = OutputStream.nullOutputStream();
  private final WriteOptions options = WriteOptions.defaults();

  @Setup(Level.Trial)
  public void createFile() throws IOException {
    dir = Files.createTempDirectory("lightbox-writer-bench");
    Path ct = dir.resolve("ct.dcm");
    long size = SyntheticDicom.writeImage(ct, 1);
    source = FileByteSource.open(ct);
    streamed = DicomReader.read(source, ReadOptions.defaults());
    inMemory = DicomReader.read(Files.readAllBytes(ct),
        ReadOptions.defaults().withBulkThreshold(Integer.MAX_VALUE));
    header = DicomReader.read(ct, ReadOptions.headerOnly()).dataset();
    System.out.printf("%nct %d bytes, %d header attributes%n", size, header.size());
  }

  @TearDown(Level.Trial)
  public void deleteFile() throws IOException {
    source.close();
    Files.deleteIfExists(dir.resolve("ct.dcm"));
    Files.deleteIfExists(dir);
  }

  /** Same syntax, pixel data (a reference) copied from the file in 64 KiB chunks. */
  @Benchmark
  public void ctStreamedFromFile() throws IOException {
    DicomWriter.writeFile(sink, streamed.fileMeta(), streamed.dataset(),
        streamed.transferSyntax(), source, options);
  }

  /** Same syntax, every value in memory. */
  @Benchmark
  public void ctInMemory() throws IOException {
    DicomWriter.writeFile(sink, inMemory.fileMeta(), inMemory.dataset(),
        inMemory.transferSyntax(), null, options);
  }

  /** Explicit VR LE → implicit VR LE (no byte swapping, headers change). */
  @Benchmark
  public void ctToImplicit() throws IOException {
    DicomWriter.writeFile(sink, inMemory.fileMeta(), inMemory.dataset(),
        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, null, options);
  }

  /** Explicit VR LE → explicit VR BE (every 16-bit pixel swapped). */
  @Benchmark
  public void ctToBigEndian() throws IOException {
    DicomWriter.writeFile(sink, inMemory.fileMeta(), inMemory.dataset(),
        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, null, options);
  }

  /** Deflated explicit VR LE (PS3.5 §A.5), default level: deflate dominates. */
  @Benchmark
  public void ctDeflated() throws IOException {
    DicomWriter.writeFile(sink, inMemory.fileMeta(), inMemory.dataset(),
        TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, null, options);
  }

  /** The CT's header (no pixel data) as a bare implicit VR LE dataset to a discarding stream. */
  @Benchmark
  public void headerOnly() throws IOException {
    DicomWriter.writeDataset(sink, header, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, null,
        options);
  }

  /** The same into a byte array, as a DIMSE identifier is built. */
  @Benchmark
  public byte[] headerToBytes() throws IOException {
    return DicomWriter.datasetBytes(header, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
  }
}
