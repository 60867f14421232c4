package dev.lightbox.storage.ingest;

import dev.lightbox.storage.index.AttributeValues;
import dev.lightbox.storage.index.IndexedAttribute;
import dev.lightbox.storage.index.InstanceRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * What the caller extracted from a DICOM file for the index (this module does not parse DICOM):
 * the transfer syntax it is stored in, the {@link IndexedAttribute} values (which must include the
 * SOP Instance, Study Instance, Series Instance and SOP Class UIDs), and the metadata document kept
 * beside the row ({@link dev.lightbox.storage.index.InstanceIndex#metadata}).
 *
 * @param replace store over an existing instance with different content instead of refusing
 */
public record IngestRequest(String transferSyntaxUid, AttributeValues values, String metadataDocument,
    boolean replace) {

  public IngestRequest {
    Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(metadataDocument, "metadataDocument");
  }

  /** The SOP Instance UID, or "" when the values lack it (the record then refuses them). */
  public String sopInstanceUid() {
    return values.getOrEmpty(IndexedAttribute.SOP_INSTANCE_UID);
  }

  /** The same request asking to replace conflicting content. */
  public IngestRequest withReplace(boolean newReplace) {
    return new IngestRequest(transferSyntaxUid, values, metadataDocument, newReplace);
  }

  /** The index row for this request stored as {@code blobKey}; validates the UIDs (PS3.5 §9.1). */
  InstanceRecord toRecord(String blobKey, long size, String sha256, Instant created) {
    return InstanceRecord.of(transferSyntaxUid, size, sha256, blobKey, created, values);
  }
}
