package dev.lightbox.storage.index;

import dev.lightbox.storage.StorageException;
import dev.lightbox.storage.StorageException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * {@link InstanceIndex} over JDBC, shared by SQLite and PostgreSQL; the SQL is portable except for
 * {@link Dialect}'s row locks. Build one with {@link SqliteInstanceIndex} or
 * {@link PostgresInstanceIndex}.
 */
public final class JdbcInstanceIndex implements InstanceIndex {

  private static final String COLUMNS = InstanceRows.COLUMNS;
  private static final String ORDER = " ORDER BY created_at, sop_instance_uid";
  private static final DateTimeFormatter DA = InstanceRows.DA;

  private final DataSource dataSource;
  private final Closeable onClose;
  private final Dialect dialect;
  private final String description;
  /** SQLite allows one writer; serialising in-process avoids SQLITE_BUSY storms between threads. */
  private final ReentrantLock writeLock;
  private final Duration writeLockTimeout;

  JdbcInstanceIndex(DataSource dataSource, Closeable onClose, Dialect dialect, String description,
      boolean serializeWrites, Duration writeLockTimeout) {
    this.dataSource = dataSource;
    this.onClose = onClose;
    this.dialect = dialect;
    this.description = description;
    this.writeLock = serializeWrites ? new ReentrantLock(true) : null;
    this.writeLockTimeout = writeLockTimeout;
  }

  /** Applies pending migrations; called once by the factories. */
  void migrate() throws StorageException {
    write("migrate schema", c -> Migrations.migrate(c, dialect, description));
  }

  @Override
  public InsertOutcome insertIfAbsent(InstanceRecord r) throws StorageException {
    return write("insert " + r.sopInstanceUid(), c -> {
      // A bounded loop: a conflicting row can be deleted between our INSERT and SELECT.
      for (int attempt = 0; attempt < 3; attempt++) {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO instances (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sop_instance_uid) DO NOTHING")) {
          InstanceRows.bind(p, r);
          if (p.executeUpdate() == 1) {
            return new InsertOutcome(true, r);
          }
        }
        Optional<InstanceRecord> existing = find(c, r.sopInstanceUid(), "");
        if (existing.isPresent()) {
          return new InsertOutcome(false, existing.get());
        }
      }
      throw new StorageException(Reason.IO, description + ": insert " + r.sopInstanceUid()
          + " kept racing with deletes; retry");
    });
  }

  @Override
  public Optional<InstanceRecord> replace(InstanceRecord r, String expectedSha256) throws StorageException {
    return write("replace " + r.sopInstanceUid(), c -> {
      Optional<InstanceRecord> old = find(c, r.sopInstanceUid(), dialect.forUpdate());
      if (old.isEmpty() || !old.get().sha256().equals(expectedSha256)) {
        return Optional.empty();
      }
      try (PreparedStatement p = c.prepareStatement("UPDATE instances SET study_instance_uid = ?, "
          + "series_instance_uid = ?, sop_class_uid = ?, transfer_syntax_uid = ?, patient_id = ?, "
          + "patient_name = ?, study_date = ?, modality = ?, pixel_rows = ?, pixel_columns = ?, "
          + "frame_count = ?, size_bytes = ?, sha256 = ?, blob_key = ?, created_at = ?, metadata_json = ? "
          + "WHERE sop_instance_uid = ? AND sha256 = ?")) {
        int i = InstanceRows.bindFrom(p, 1, r);
        p.setString(i++, r.sopInstanceUid());
        p.setString(i, expectedSha256);
        return p.executeUpdate() == 1 ? old : Optional.<InstanceRecord>empty();
      }
    });
  }

  @Override
  public Optional<InstanceRecord> find(String sopInstanceUid) throws StorageException {
    return read("find " + sopInstanceUid, c -> find(c, sopInstanceUid, ""));
  }

  private Optional<InstanceRecord> find(Connection c, String uid, String lock) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM instances WHERE sop_instance_uid = ?" + lock)) {
      p.setString(1, uid);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(InstanceRows.row(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public InstancePage list(InstanceQuery q) throws StorageException {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    q.patientId().ifPresent(v -> filter(where, args, "patient_id = ?", v));
    q.studyInstanceUid().ifPresent(v -> filter(where, args, "study_instance_uid = ?", v));
    q.seriesInstanceUid().ifPresent(v -> filter(where, args, "series_instance_uid = ?", v));
    q.modality().ifPresent(v -> filter(where, args, "modality = ?", v));
    q.studyDateFrom().ifPresent(v -> filter(where, args, "study_date >= ?", DA.format(v)));
    q.studyDateTo().ifPresent(v -> filter(where, args, "study_date <= ?", DA.format(v)));
    return read("list", c -> {
      List<InstanceRecord> items = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM instances" + where + ORDER + " LIMIT ? OFFSET ?")) {
        int i = 1;
        for (String a : args) {
          p.setString(i++, a);
        }
        p.setInt(i++, q.limit());
        p.setLong(i, q.offset());
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            items.add(InstanceRows.row(rs));
          }
        }
      }
      long total;
      try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM instances" + where)) {
        for (int i = 0; i < args.size(); i++) {
          p.setString(i + 1, args.get(i));
        }
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      return new InstancePage(items, total, q.limit(), q.offset());
    });
  }

  private static void filter(StringBuilder where, List<String> args, String clause, String value) {
    where.append(" AND ").append(clause);
    args.add(value);
  }

  @Override
  public Optional<InstanceRecord> delete(String sopInstanceUid) throws StorageException {
    return write("delete " + sopInstanceUid, c -> {
      Optional<InstanceRecord> old = find(c, sopInstanceUid, dialect.forUpdate());
      if (old.isPresent()) {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM instances WHERE sop_instance_uid = ?")) {
          p.setString(1, sopInstanceUid);
          p.executeUpdate();
        }
      }
      return old;
    });
  }

  @Override
  public boolean isBlobReferenced(String blobKey) throws StorageException {
    return read("isBlobReferenced " + blobKey, c -> referenced(c, blobKey));
  }

  private static boolean referenced(Connection c, String blobKey) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM instances WHERE blob_key = ? LIMIT 1")) {
      p.setString(1, blobKey);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public void acquireBlobLease(String blobKey, Instant until) throws StorageException {
    write("acquireBlobLease " + blobKey, c -> {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO blob_refs (blob_key, inflight, lease_until) "
          + "VALUES (?, 1, ?) ON CONFLICT (blob_key) DO UPDATE SET inflight = blob_refs.inflight + 1, "
          + "lease_until = CASE WHEN blob_refs.lease_until > excluded.lease_until "
          + "THEN blob_refs.lease_until ELSE excluded.lease_until END")) {
        p.setString(1, blobKey);
        p.setLong(2, until.toEpochMilli());
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void releaseBlobLease(String blobKey) throws StorageException {
    write("releaseBlobLease " + blobKey, c -> {
      try (PreparedStatement p = c.prepareStatement("UPDATE blob_refs SET inflight = "
          + "CASE WHEN inflight > 0 THEN inflight - 1 ELSE 0 END WHERE blob_key = ?")) {
        p.setString(1, blobKey);
        p.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public boolean deleteBlobIfUnreferenced(String blobKey, Instant now, BlobDeletion deletion)
      throws StorageException {
    return write("deleteBlobIfUnreferenced " + blobKey, c -> {
      // Make sure a row exists to lock, then delete it only under both conditions. A concurrent
      // acquireBlobLease blocks on this row until we commit, i.e. until the blob is gone.
      try (PreparedStatement p = c.prepareStatement("INSERT INTO blob_refs (blob_key, inflight, lease_until) "
          + "VALUES (?, 0, 0) ON CONFLICT (blob_key) DO NOTHING")) {
        p.setString(1, blobKey);
        p.executeUpdate();
      }
      int deleted;
      try (PreparedStatement p = c.prepareStatement("DELETE FROM blob_refs WHERE blob_key = ? "
          + "AND (inflight = 0 OR lease_until < ?) "
          + "AND NOT EXISTS (SELECT 1 FROM instances WHERE blob_key = ?)")) {
        p.setString(1, blobKey);
        p.setLong(2, now.toEpochMilli());
        p.setString(3, blobKey);
        deleted = p.executeUpdate();
      }
      if (deleted == 1) {
        deletion.delete();
        return true;
      }
      return false;
    });
  }

  @Override
  public long count() throws StorageException {
    return read("count", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM instances");
          ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public void check() throws StorageException {
    read("check", c -> {
      try (PreparedStatement p = c.prepareStatement("SELECT 1"); ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    });
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      onClose.close();
    } catch (IOException ignored) {
      // closing a pool does not fail in a way the caller could act on
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException, StorageException;
  }

  /**
   * Runs a read. A pooled connection that the server dropped (restart, failover) fails on first
   * use; the pool discards it, and one retry on a fresh connection is always safe for a read.
   */
  private <T> T read(String op, SqlWork<T> work) throws StorageException {
    for (int attempt = 0; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        return work.run(c);
      } catch (SQLException e) {
        if (attempt == 0 && SqlFailures.isStaleConnection(e)) {
          continue;
        }
        throw SqlFailures.translate(description, op, e);
      }
    }
  }

  /**
   * Runs one transaction. A stale pooled connection is retried once on a fresh one, but only when
   * the failure came before COMMIT was sent, so the transaction certainly did not happen.
   */
  private <T> T write(String op, SqlWork<T> work) throws StorageException {
    lockForWrite(op);
    try {
      for (int attempt = 0; ; attempt++) {
        boolean committing = false;
        try (Connection c = dataSource.getConnection()) {
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            committing = true;
            c.commit();
            return result;
          } catch (SQLException | StorageException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
          } finally {
            resetQuietly(c);
          }
        } catch (SQLException e) {
          if (attempt == 0 && !committing && SqlFailures.isStaleConnection(e)) {
            continue;
          }
          throw SqlFailures.translate(description, op, e);
        }
      }
    } finally {
      if (writeLock != null) {
        writeLock.unlock();
      }
    }
  }

  private void lockForWrite(String op) throws StorageException {
    if (writeLock == null) {
      return;
    }
    try {
      if (!writeLock.tryLock(writeLockTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StorageException(Reason.TIMEOUT, description + ": " + op
            + " timed out after " + writeLockTimeout.toMillis() + " ms waiting for the writer lock");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(Reason.TIMEOUT, description + ": " + op + " interrupted", e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the database discards the transaction itself
    }
  }

  private static void resetQuietly(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the pool discards broken connections
    }
  }
}
