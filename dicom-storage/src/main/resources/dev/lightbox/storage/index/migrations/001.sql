-- Version 1: instances and blob references (SQLite and PostgreSQL alike). Kept as it was released:
-- databases created by it are brought forward by the later migrations (Migrations.java).
-- Times are epoch milliseconds UTC; study_date is YYYYMMDD (PS3.5 DA) so text order is date order.
CREATE TABLE instances (
  sop_instance_uid    VARCHAR(64) NOT NULL PRIMARY KEY,
  study_instance_uid  VARCHAR(64) NOT NULL,
  series_instance_uid VARCHAR(64) NOT NULL,
  sop_class_uid       VARCHAR(64) NOT NULL,
  transfer_syntax_uid VARCHAR(64) NOT NULL,
  patient_id          TEXT NOT NULL,
  patient_name        TEXT NOT NULL,
  study_date          CHAR(8),
  modality            VARCHAR(16) NOT NULL,
  pixel_rows          INTEGER NOT NULL,
  pixel_columns       INTEGER NOT NULL,
  frame_count         INTEGER NOT NULL,
  size_bytes          BIGINT NOT NULL,
  sha256              CHAR(64) NOT NULL,
  blob_key            VARCHAR(96) NOT NULL,
  created_at          BIGINT NOT NULL,
  metadata_json       TEXT NOT NULL
);
CREATE INDEX instances_order ON instances (created_at, sop_instance_uid);
CREATE INDEX instances_patient ON instances (patient_id, created_at, sop_instance_uid);
CREATE INDEX instances_study ON instances (study_instance_uid, created_at, sop_instance_uid);
CREATE INDEX instances_series ON instances (series_instance_uid, created_at, sop_instance_uid);
CREATE INDEX instances_modality ON instances (modality, created_at, sop_instance_uid);
CREATE INDEX instances_study_date ON instances (study_date);
CREATE INDEX instances_blob ON instances (blob_key);
-- One row per blob that an ingest is writing or has written: inflight counts ingests between
-- acquireBlobLease and releaseBlobLease; lease_until bounds how long a crashed one protects the blob.
CREATE TABLE blob_refs (
  blob_key    VARCHAR(96) NOT NULL PRIMARY KEY,
  inflight    INTEGER NOT NULL,
  lease_until BIGINT NOT NULL
);
