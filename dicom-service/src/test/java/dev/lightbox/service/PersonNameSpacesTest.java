package dev.lightbox.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import dev.lightbox.service.metadata.MetadataService;
import dev.lightbox.service.query.QueryResult;
import dev.lightbox.service.query.RetrieveLinks;
import dev.lightbox.service.query.SearchRequest;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PS3.5 Table 6.2-1 (PN): leading and trailing spaces of name components are insignificant
 * (docs/dicomweb.md, "Person names"). A name stored as {@code " Doe ^  John "} is the same name as
 * {@code "Doe^John"} on the attribute route, in the stored metadata and in QIDO, both as a key and
 * in the answer.
 */
class PersonNameSpacesTest {
  private static final String SPACED = " Doe ^  John ";

  @TempDir Path data;
  Services services;

  @BeforeEach
  void open() throws Exception {
    services = Services.open(ServiceConfig.defaults().withDataDir(data)
        .withDurability("relaxed"), OperationTimer.NONE);
    services.ingest().ingest(Tenant.DEFAULT, new ByteArrayInputStream(
        TestInstances.ct("1.2.3.500", 2, 2, 1, 1, SPACED)), false);
  }

  @AfterEach
  void close() {
    services.close();
  }

  @Test
  void theAttributeRouteAndTheMetadataGiveTheNameWithoutComponentSpaces() throws Exception {
    JsonObject single = services.metadata().attribute(Tenant.DEFAULT, "1.2.3.500",
        MetadataService.parsePath("PatientName"), p -> "/x/" + p);
    assertEquals("[{\"Alphabetic\":\"Doe^John\"}]", single.get("Value").toString());
    JsonObject all = json(services.metadata().attributes(Tenant.DEFAULT, "1.2.3.500", p -> "/x/" + p));
    assertEquals("[{\"Alphabetic\":\"Doe^John\"}]",
        all.getAsJsonObject("00100010").get("Value").toString());
  }

  @Test
  void qidoMatchesAndAnswersTheNameWithoutComponentSpaces() throws Exception {
    for (String key : new String[] {"Doe^John", SPACED, "Doe ^John", "Doe^Jo*"}) {
      QueryResult result = services.query().search(Tenant.DEFAULT, new SearchRequest(
          SearchRequest.Level.STUDY, List.of(Map.entry("PatientName", key)), List.of(), false,
          10, 0), LINKS);
      assertEquals(1, result.matches().size(), "PatientName=" + key);
      JsonObject row = json(result.matches().get(0));
      JsonArray value = row.getAsJsonObject("00100010").getAsJsonArray("Value");
      assertEquals("[{\"Alphabetic\":\"Doe^John\"}]", value.toString(), "answer for " + key);
    }
    assertEquals(0, services.query().search(Tenant.DEFAULT, new SearchRequest(SearchRequest.Level.STUDY,
        List.of(Map.entry("PatientName", "Doe^Johnny")), List.of(), false, 10, 0), LINKS)
        .matches().size());
  }

  private static final RetrieveLinks LINKS = new RetrieveLinks() {
    @Override
    public String study(String study) {
      return "/s/" + study;
    }

    @Override
    public String series(String study, String series) {
      return "/s/" + study + "/" + series;
    }

    @Override
    public String instance(String study, String series, String instance) {
      return "/s/" + study + "/" + series + "/" + instance;
    }
  };

  private static JsonObject json(JsonWritable doc) throws Exception {
    StringWriter text = new StringWriter();
    doc.writeTo(new JsonWriter(text));
    return JsonParser.parseString(text.toString()).getAsJsonObject();
  }
}
