package dev.lightbox.http.dicomweb;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.lightbox.service.ServiceException;
import dev.lightbox.service.StoredInstance;
import dev.lightbox.service.ingest.BatchOutcome;
import dev.lightbox.service.ingest.IngestOutcome;
import java.util.Optional;

/**
 * The Store Instances Response Module of a STOW-RS answer (PS3.18 §10.5.3, Table 10.5.3-1) in the
 * DICOM JSON model: Retrieve URL (0008,1190) of the study, Referenced SOP Sequence (0008,1199)
 * with the class, instance, Retrieve URL and any Warning Reason (0008,1196) of each stored
 * instance, and Failed SOP Sequence (0008,1198) with the Referenced SOP Class and Instance UIDs
 * (when the refused part's header names them) and the Failure Reason (0008,1197) of each refused
 * one.
 */
final class StowResponse {
  private StowResponse() {}

  static JsonObject of(BatchOutcome batch, Optional<String> study, DicomWebLinks links) {
    JsonArray referenced = new JsonArray();
    JsonArray failed = new JsonArray();
    String onlyStudy = study.orElse(null);
    boolean oneStudy = true;
    for (BatchOutcome.Item item : batch.items()) {
      if (item.succeeded()) {
        IngestOutcome outcome = item.outcome().orElseThrow();
        StoredInstance i = outcome.instance();
        if (onlyStudy == null) {
          onlyStudy = i.studyInstanceUid();
        } else if (!onlyStudy.equals(i.studyInstanceUid())) {
          oneStudy = false;
        }
        JsonObject ref = new JsonObject();
        ref.add("00081150", value("UI", i.sopClassUid()));
        ref.add("00081155", value("UI", i.sopInstanceUid()));
        ref.add("00081190", value("UR", links.instance(i)));
        if (!outcome.warnings().isEmpty()) {
          ref.add("00081196", number("US", DicomWebErrors.COERCION_OF_DATA_ELEMENTS));
        }
        referenced.add(ref);
      } else {
        ServiceException e = item.failure().orElseThrow();
        JsonObject f = new JsonObject();
        // The SOP Instance Reference Macro of the failed instance, as far as its bytes tell it;
        // a part that is not DICOM has neither UID and its item carries the reason alone.
        item.reference().sopClassUid().ifPresent(uid -> f.add("00081150", value("UI", uid)));
        item.reference().sopInstanceUid().ifPresent(uid -> f.add("00081155", value("UI", uid)));
        f.add("00081197", number("US", DicomWebErrors.failureReason(e.failure())));
        failed.add(f);
      }
    }
    JsonObject body = new JsonObject();
    if (onlyStudy != null && oneStudy) {
      body.add("00081190", value("UR", links.study(onlyStudy)));
    }
    if (failed.size() > 0) {
      body.add("00081198", sequence(failed));
    }
    if (referenced.size() > 0) {
      body.add("00081199", sequence(referenced));
    }
    return body;
  }

  private static JsonObject value(String vr, String v) {
    JsonObject o = new JsonObject();
    o.addProperty("vr", vr);
    JsonArray a = new JsonArray();
    a.add(v);
    o.add("Value", a);
    return o;
  }

  private static JsonObject number(String vr, int v) {
    JsonObject o = new JsonObject();
    o.addProperty("vr", vr);
    JsonArray a = new JsonArray();
    a.add(v);
    o.add("Value", a);
    return o;
  }

  private static JsonObject sequence(JsonArray items) {
    JsonObject o = new JsonObject();
    o.addProperty("vr", "SQ");
    o.add("Value", items);
    return o;
  }
}
