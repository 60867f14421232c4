package dev.lightbox.dicom.net.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lightbox.dicom.net.dimse.Command;
import dev.lightbox.dicom.net.dimse.CommandFormatException;
import dev.lightbox.dicom.net.pdu.AssociateAccept;
import dev.lightbox.dicom.net.pdu.AssociateRequest;
import dev.lightbox.dicom.net.pdu.Pdu;
import dev.lightbox.dicom.net.pdu.PduFormatException;
import dev.lightbox.dicom.net.pdu.PduLimits;
import dev.lightbox.dicom.net.pdu.PduReader;
import dev.lightbox.dicom.net.pdu.PduWriter;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Fuzz targets for what a peer controls byte for byte: the PDU reader (PS3.8 §9.3) and the command
 * set decoder (PS3.7 §E.1). Any input yields PDUs or one typed refusal; never another exception,
 * an allocation beyond the limits, or a hang. Parsed association PDUs survive a write/read round
 * trip unchanged. Small limits keep each run cheap.
 */
class PduReaderFuzzTest {
  private static final PduLimits LIMITS = new PduLimits(4096, 65536);

  @FuzzTest(maxDuration = "2m")
  void readOrRefuse(byte[] input) throws IOException {
    PduReader reader = new PduReader(new ByteArrayInputStream(input), LIMITS);
    for (int i = 0; i < 64; i++) {
      Pdu pdu;
      try {
        pdu = reader.read();
      } catch (EOFException | PduFormatException expected) {
        return; // end of input, or refused with a typed error naming PDU type and offset
      }
      if (pdu instanceof AssociateRequest || pdu instanceof AssociateAccept) {
        Pdu again = new PduReader(new ByteArrayInputStream(PduWriter.encode(pdu)), LIMITS)
            .read();
        if (!again.equals(pdu)) {
          throw new AssertionError("round trip changed " + pdu + " into " + again);
        }
      }
    }
  }

  @FuzzTest(maxDuration = "2m")
  void decodeCommandOrRefuse(byte[] input) {
    try {
      Command c = Command.decode(input);
      Command again = Command.decode(c.encode());
      if (again.field() != c.field() || !again.toString().equals(c.toString())) {
        throw new AssertionError("round trip changed " + c + " into " + again);
      }
    } catch (CommandFormatException expected) {
      // refused with a typed error naming tag and offset
    }
  }
}
