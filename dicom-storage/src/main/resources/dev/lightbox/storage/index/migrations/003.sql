-- Version 3: access tokens (docs/security.md). Only a SHA-256 of each secret is kept, never the
-- secret. Times are epoch milliseconds UTC; last_used_at, expires_at and revoked_at are NULL
-- until used, when the token never expires, and while it is not revoked. scopes is a comma list.
CREATE TABLE tokens (
  token_id     VARCHAR(32) NOT NULL PRIMARY KEY,
  secret_hash  VARCHAR(64) NOT NULL UNIQUE,
  name         VARCHAR(64) UNIQUE,
  tenant       VARCHAR(64) NOT NULL,
  scopes       VARCHAR(64) NOT NULL,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT,
  expires_at   BIGINT,
  revoked_at   BIGINT
);
