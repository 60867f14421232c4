package dev.lightbox.dicom.net.service;

import dev.lightbox.dicom.net.Uids;
import java.util.Optional;

/** The Query/Retrieve information models supported (PS3.4 C.6.1, C.6.2) and their SOP classes. */
public enum QueryRetrieveModel {
  PATIENT_ROOT(Uids.PATIENT_ROOT_FIND, Uids.PATIENT_ROOT_MOVE, Uids.PATIENT_ROOT_GET),
  STUDY_ROOT(Uids.STUDY_ROOT_FIND, Uids.STUDY_ROOT_MOVE, Uids.STUDY_ROOT_GET);

  private final String find;
  private final String move;
  private final String get;

  QueryRetrieveModel(String find, String move, String get) {
    this.find = find;
    this.move = move;
    this.get = get;
  }

  public String findSopClass() {
    return find;
  }

  public String moveSopClass() {
    return move;
  }

  public String getSopClass() {
    return get;
  }

  /** The model whose FIND, MOVE or GET SOP class is {@code uid}. */
  public static Optional<QueryRetrieveModel> ofSopClass(String uid) {
    for (QueryRetrieveModel m : values()) {
      if (m.find.equals(uid) || m.move.equals(uid) || m.get.equals(uid)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
