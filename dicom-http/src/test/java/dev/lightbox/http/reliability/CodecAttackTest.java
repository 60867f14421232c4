package dev.lightbox.http.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightbox.http.Corpus;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a small upload whose codec stream declares more samples than its DICOM header must
 * not let a render allocate beyond what the header (and so the render budget) allows — refused
 * on every render, the server unharmed ({@link AttackServer#assertUnharmed}).
 */
class CodecAttackTest extends AttackServerTest {

  @BeforeAll
  void start() throws Exception {
    server = AttackServer.start(tmp);
    server.storeOriginal("2.25.19.1", GeneratedDicom.build("2.25.19.1", 128, 128,
        new byte[128 * 128 * 2]));
  }

  @Test
  void aJpeg2000StreamLargerThanItsHeaderIsRefusedOnEveryRender() throws Exception {
    // pydicom-data's MR2_J2KR is a 1024x1024 JPEG 2000 frame; dcmodify makes its header say
    // 512x512, so the codestream's SIZ declares four times the samples the header allows. The
    // decoder refuses it before allocating (issue 18 item 4: no 4x slack).
    Path file = tmp.resolve("j2k-larger-than-header.dcm");
    Files.copy(Corpus.file("pydicom/pydicom-data/MR2_J2KR.dcm"), file,
        StandardCopyOption.REPLACE_EXISTING);
    Process p = new ProcessBuilder("dcmodify", "-nb", "-m", "(0028,0010)=512", "-m",
        "(0028,0011)=512", "-m", "(0008,0018)=2.25.19.9", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "dcmodify: " + out);
    assertEquals(201, server.upload(Files.readAllBytes(file), "").statusCode());
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = server.get("/instances/2.25.19.9/rendered");
      assertEquals(422, r.statusCode(), r.body());
      assertTrue(r.body().contains("1024"), r.body());
    }
  }
}
