package dev.lightbox.bench.net;

import dev.lightbox.dicom.net.AcceptancePolicy;
import dev.lightbox.dicom.net.dimse.Command;
import dev.lightbox.dicom.net.dimse.CommandFormatException;
import dev.lightbox.dicom.net.dimse.Commands;
import dev.lightbox.dicom.net.pdu.AssociateRequest;
import dev.lightbox.dicom.net.pdu.PDataTf;
import dev.lightbox.dicom.net.pdu.Pdu;
import dev.lightbox.dicom.net.pdu.PduLimits;
import dev.lightbox.dicom.net.pdu.PduReader;
import dev.lightbox.dicom.net.pdu.PduWriter;
import dev.lightbox.dicom.net.pdu.Pdv;
import dev.lightbox.dicom.net.pdu.PresentationContext;
import dev.lightbox.dicom.net.pdu.UserInformation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The upper layer's per-message costs (PS3.8, PS3.7): reading an A-ASSOCIATE-RQ proposing 128
 * storage contexts (what storescu sends), reading a full 256 KiB P-DATA-TF, and a C-STORE-RQ
 * command set encoded and decoded. In-memory, no sockets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PduBenchmark {
  private byte[] associateRequest;
  private byte[] pData;
  private Command store;

  @Setup
  public void build() {
    List<PresentationContext> contexts = new ArrayList<>();
    List<String> sopClasses = AcceptancePolicy.storageSopClasses();
    for (int i = 0; i < 128; i++) {
      contexts.add(new PresentationContext(2 * i + 1, sopClasses.get(i),
          List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2")));
    }
    associateRequest = PduWriter.encode(new AssociateRequest(1, "LIGHTBOX", "STORESCU",
        AssociateRequest.DICOM_APPLICATION_CONTEXT, contexts,
        new UserInformation(16384, "1.2.3.4", "BENCH", 0, 0, List.of())));
    pData = PduWriter.encode(new PDataTf(List.of(new Pdv(1, false, false,
        new byte[256 * 1024 - 6]))));
    store = Commands.store(1, "1.2.840.10008.5.1.4.1.1.2",
        "1.2.826.0.1.3680043.10.1399.31.29.308.1", "", 0);
  }

  @Benchmark
  public Pdu readAssociateRequest128Contexts() throws IOException {
    return new PduReader(new ByteArrayInputStream(associateRequest), PduLimits.defaults()).read();
  }

  @Benchmark
  public Pdu readPData256KiB() throws IOException {
    return new PduReader(new ByteArrayInputStream(pData), PduLimits.defaults()).read();
  }

  @Benchmark
  public Command encodeDecodeStoreCommand() throws CommandFormatException {
    return Command.decode(store.encode());
  }
}
