package dev.lightbox.dicom.net.service;

import java.util.Optional;

/** Query/Retrieve Level (0008,0052) values (PS3.4 C.6.1.1, C.6.2.1). */
public enum QueryRetrieveLevel {
  PATIENT, STUDY, SERIES, IMAGE;

  /** Query/Retrieve Level (0008,0052). */
  public static final int TAG = 0x00080052;

  public static Optional<QueryRetrieveLevel> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (QueryRetrieveLevel l : values()) {
      if (l.name().equals(value.strip())) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code model} has this level: Study Root has no PATIENT level (PS3.4 C.6.2). */
  public boolean existsIn(QueryRetrieveModel model) {
    return model != QueryRetrieveModel.STUDY_ROOT || this != PATIENT;
  }
}
