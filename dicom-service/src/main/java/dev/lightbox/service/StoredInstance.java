package dev.lightbox.service;

import dev.lightbox.storage.index.InstanceRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored instance as services report it: its identity, the indexed patient/study/series
 * summary and where its bytes are known to be. A read-only view of the index row, so transports
 * never see the storage module's types.
 */
public final class StoredInstance {
  private final Tenant tenant;
  private final InstanceRecord record;

  private StoredInstance(Tenant tenant, InstanceRecord record) {
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.record = Objects.requireNonNull(record, "record");
  }

  /** For services: the view of {@code tenant}'s index row. */
  public static StoredInstance of(Tenant tenant, InstanceRecord record) {
    return new StoredInstance(tenant, record);
  }

  /** The tenant the instance belongs to (answers derived from it are cached per tenant). */
  public Tenant tenant() {
    return tenant;
  }

  InstanceRecord record() {
    return record;
  }

  public String sopInstanceUid() {
    return record.sopInstanceUid();
  }

  public String studyInstanceUid() {
    return record.studyInstanceUid();
  }

  public String seriesInstanceUid() {
    return record.seriesInstanceUid();
  }

  public String sopClassUid() {
    return record.sopClassUid();
  }

  public String transferSyntaxUid() {
    return record.transferSyntaxUid();
  }

  public String patientId() {
    return record.patientId();
  }

  public String patientName() {
    return record.patientName();
  }

  public Optional<LocalDate> studyDate() {
    return record.studyDate();
  }

  public String modality() {
    return record.modality();
  }

  public int rows() {
    return record.rows();
  }

  public int columns() {
    return record.columns();
  }

  /** Number of frames as indexed (0 when the instance is not an image). */
  public int frames() {
    return record.frames();
  }

  public long size() {
    return record.size();
  }

  /** SHA-256 of the stored bytes: a strong validator of everything derived from them. */
  public String sha256() {
    return record.sha256();
  }

  public Instant created() {
    return record.created();
  }

  /** The blob holding the original bytes (for services; meaningless to clients). */
  public String blobKey() {
    return record.blobKey();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredInstance other && other.record.equals(record);
  }

  @Override
  public int hashCode() {
    return record.hashCode();
  }

  @Override
  public String toString() {
    return "StoredInstance[" + record.sopInstanceUid() + ", sha256=" + record.sha256() + "]";
  }
}
