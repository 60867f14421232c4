package dev.lightbox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing entries carry the indexed summary a browser needs to group and label instances. */
class ListItemTest {
  @TempDir Path data;

  @Test
  void listItemsCarryPatientStudyAndImageSummary() throws Exception {
    try (LightboxServer server = LightboxServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(data))) {
      TestClient client = new TestClient(server.baseUrl());
      assertEquals(201, client.upload(Corpus.pydicom("CT_small.dcm")).statusCode());
      JsonObject item = TestClient.json(client.get("/instances?Modality=CT"))
          .getAsJsonArray("items").get(0).getAsJsonObject();
      // Expected values read from dcmdump of CT_small.dcm.
      assertEquals("1CT1", item.get("patientId").getAsString());
      assertEquals("CompressedSamples^CT1", item.get("patientName").getAsString());
      assertEquals("2004-01-19", item.get("studyDate").getAsString());
      assertEquals("CT", item.get("modality").getAsString());
      assertEquals(128, item.get("rows").getAsInt());
      assertEquals(128, item.get("columns").getAsInt());
      assertEquals(1, item.get("frames").getAsInt());
    }
  }
}
