-- Signed electronic results: the signing keys of the development CA and of each agency, and the
-- results signed with them (kết quả điện tử đã ký số).

-- signing_keys holds the development root ('ca', one) and one key per agency ('agency', one per
-- unit). The private key is sealed (AES-256-GCM) under the installation's signing secret, which
-- is never stored here; a real key configured by file is not stored at all.
CREATE TABLE signing_keys (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('ca', 'agency')),
    unit_id    BIGINT REFERENCES units(id),
    subject    TEXT NOT NULL,
    serial     TEXT NOT NULL UNIQUE,
    cert_der   BYTEA NOT NULL,
    key_sealed BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    not_after  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX signing_keys_one_ca ON signing_keys(kind) WHERE kind = 'ca';
CREATE UNIQUE INDEX signing_keys_one_per_unit ON signing_keys(unit_id) WHERE kind = 'agency';

-- signatures: one signed result. code is the random verification code of the QR link
-- (/xac-thuc/{code}); sha256 names the signed PDF in blobs; source_sha256 what was stamped
-- (the result file attached, or the result notice egov made). A revoked result keeps its row.
CREATE TABLE signatures (
    id            BIGSERIAL PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    dossier_id    BIGINT NOT NULL REFERENCES dossiers(id),
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    agency        TEXT NOT NULL,
    organ_id      TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL REFERENCES blobs(sha256),
    source        TEXT NOT NULL CHECK (source IN ('result_file', 'notice')),
    source_sha256 TEXT NOT NULL,
    name          TEXT NOT NULL,
    cert_serial   TEXT NOT NULL,
    signed_at     TIMESTAMPTZ NOT NULL,
    signed_by_id  BIGINT REFERENCES users(id),
    signed_by     TEXT NOT NULL,
    revoked_at    TIMESTAMPTZ,
    revoke_reason TEXT NOT NULL DEFAULT '',
    revoked_by_id BIGINT REFERENCES users(id),
    revoked_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX signatures_dossier ON signatures(dossier_id, id);
CREATE INDEX signatures_sha256 ON signatures(sha256);
