package dev.lightbox.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.dicom.net.service.ScpServices;
import dev.lightbox.dicom.net.testing.Processes;
import dev.lightbox.dicom.net.testing.Processes.Result;
import dev.lightbox.dicom.net.testing.Tools;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dcmtk's echoscu against our acceptor (PS3.4 Annex A; rejects per PS3.8 Table 9-21). */
class DcmtkEchoTest {
  private DimseServer server;

  @BeforeEach
  void start() throws Exception {
    Tools.requireTool("echoscu");
    server = DimseServer.start(AcceptorConfig.of("LIGHTBOX")
            .withCallingAeAllowed(ae -> !ae.equals("BANNED")),
        ScpServices.builder().build(), InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void echoscuGetsSuccess() throws Exception {
    Result r = Processes.run(Duration.ofSeconds(30), "echoscu", "-v", "-aec", "LIGHTBOX",
        "-aet", "ECHOSCU", "127.0.0.1", String.valueOf(server.port()));
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Received Echo Response (Success)"), r.output());
    assertTrue(r.output().contains("Releasing Association"), r.output());
  }

  @Test
  void unknownCalledAeIsRejectedPermanentlyByTheServiceUser() throws Exception {
    Result r = Processes.run(Duration.ofSeconds(30), "echoscu", "-v", "-aec", "SOMEONE_ELSE",
        "127.0.0.1", String.valueOf(server.port()));
    assertNotEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Called AE Title Not Recognized"), r.output());
    assertTrue(r.output().contains("Rejected Permanent"), r.output());
  }

  @Test
  void callingAeNotAllowedIsRejected() throws Exception {
    Result r = Processes.run(Duration.ofSeconds(30), "echoscu", "-v", "-aec", "LIGHTBOX",
        "-aet", "BANNED", "127.0.0.1", String.valueOf(server.port()));
    assertNotEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
  }

  @Test
  void aRequestorFromAnAddressTheCheckRefusesIsRejected() throws Exception {
    server.close();
    server = DimseServer.start(AcceptorConfig.of("LIGHTBOX")
            .withCallingPeerAllowed((ae, address) -> !address.isLoopbackAddress()),
        ScpServices.builder().build(), InetAddress.getLoopbackAddress(), 0);
    Result r = Processes.run(Duration.ofSeconds(30), "echoscu", "-v", "-aec", "LIGHTBOX",
        "-aet", "ECHOSCU", "127.0.0.1", String.valueOf(server.port()));
    assertNotEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
  }
}
