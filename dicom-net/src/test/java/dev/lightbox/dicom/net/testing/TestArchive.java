package dev.lightbox.dicom.net.testing;

import dev.lightbox.dicom.data.Dataset;
import dev.lightbox.dicom.data.DatasetBuilder;
import dev.lightbox.dicom.data.Element;
import dev.lightbox.dicom.data.Tag;
import dev.lightbox.dicom.io.DicomReader;
import dev.lightbox.dicom.io.ReadOptions;
import dev.lightbox.dicom.net.part10.Part10Instance;
import dev.lightbox.dicom.net.service.QueryProvider;
import dev.lightbox.dicom.net.service.QueryRequest;
import dev.lightbox.dicom.net.service.QueryRetrieveLevel;
import dev.lightbox.dicom.net.service.RetrieveProvider;
import dev.lightbox.dicom.net.service.RetrievableInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A test Query/Retrieve provider over a few Part 10 files: single value, wildcard (* ?) and UID
 * list matching of the keys given (PS3.4 C.2.2.2), one match per distinct entity at the level.
 * Records every request it sees. Deliberately simple: the real matching is the server's.
 */
public final class TestArchive implements QueryProvider, RetrieveProvider {
  private final List<Part10Instance> instances = new ArrayList<>();
  private final List<Dataset> headers = new ArrayList<>();
  public final List<QueryRequest> requests = new CopyOnWriteArrayList<>();
  /** Delay before each match is produced, so a test can cancel half-way. */
  public volatile long delayMillis;
  /** Set when the SCP closed the match stream (cancel or end). */
  public volatile boolean streamClosed;

  public TestArchive(List<Path> files) throws IOException {
    for (Path f : files) {
      instances.add(Part10Instance.open(f));
      headers.add(DicomReader.read(f, ReadOptions.headerOnly()).dataset());
    }
  }

  public List<Dataset> headers() {
    return headers;
  }

  @Override
  public Stream<Dataset> find(QueryRequest request) {
    requests.add(request);
    Map<String, Dataset> matches = new LinkedHashMap<>();
    for (Dataset h : headers) {
      if (matches(request.identifier(), h)) {
        matches.putIfAbsent(h.string(levelKey(request.level())).orElse(""),
            answer(request.identifier(), h));
      }
    }
    return matches.values().stream().peek(m -> pause()).onClose(() -> streamClosed = true);
  }

  private void pause() {
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public List<? extends RetrievableInstance> retrieve(QueryRequest request) {
    requests.add(request);
    List<RetrievableInstance> out = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      if (matches(request.identifier(), headers.get(i))) {
        out.add(delayed(instances.get(i)));
      }
    }
    return out;
  }

  /** The instance, opened only after {@link #delayMillis} (so a test can cancel in between). */
  private RetrievableInstance delayed(Part10Instance i) {
    return new RetrievableInstance() {
      @Override
      public String sopClassUid() {
        return i.sopClassUid();
      }

      @Override
      public String sopInstanceUid() {
        return i.sopInstanceUid();
      }

      @Override
      public String transferSyntaxUid() {
        return i.transferSyntaxUid();
      }

      @Override
      public java.io.InputStream openDataset() throws IOException {
        pause();
        return i.openDataset();
      }
    };
  }

  public static int levelKey(QueryRetrieveLevel level) {
    return switch (level) {
      case PATIENT -> Tag.PATIENT_ID;
      case STUDY -> Tag.STUDY_INSTANCE_UID;
      case SERIES -> Tag.SERIES_INSTANCE_UID;
      case IMAGE -> Tag.SOP_INSTANCE_UID;
    };
  }

  private static boolean matches(Dataset keys, Dataset h) {
    for (Element k : keys) {
      if (k.tag() == QueryRetrieveLevel.TAG || k.tag() == Tag.SPECIFIC_CHARACTER_SET
          || !(k.value() instanceof byte[])) {
        continue;
      }
      String key = keys.strings(k.tag()).isEmpty() ? "" : String.join("\\", keys.strings(k.tag()));
      if (key.isEmpty()) {
        continue; // universal matching
      }
      String value = String.join("\\", h.strings(k.tag()));
      boolean any = false;
      for (String alternative : key.split("\\\\")) {
        any |= value.matches(java.util.regex.Pattern.quote(alternative)
            .replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static Dataset answer(Dataset keys, Dataset h) {
    DatasetBuilder b = new DatasetBuilder();
    for (Element k : keys) {
      if (k.tag() == QueryRetrieveLevel.TAG) {
        b.add(k.tag(), k.vr(), k.value());
        continue;
      }
      Object value = h.element(k.tag()).map(Element::value).orElse(new byte[0]);
      b.add(k.tag(), k.vr(), value instanceof byte[] ? value : new byte[0]);
    }
    return b.build();
  }
}
