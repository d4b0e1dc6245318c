-- Foundation: units, officials, sessions, API tokens, sign-in throttling, the audit log.

CREATE TABLE units (
    id          BIGSERIAL PRIMARY KEY,
    organ_id    TEXT NOT NULL DEFAULT '',
    gso_code    TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    short_name  TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    parent_id   BIGINT REFERENCES units(id),
    path        TEXT NOT NULL DEFAULT '',
    valid_from  DATE NOT NULL,
    valid_to    DATE,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX units_path ON units(path text_pattern_ops);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_gso ON units(gso_code, valid_from);
CREATE UNIQUE INDEX units_organ_current ON units(organ_id) WHERE valid_to IS NULL AND organ_id <> '';

CREATE TABLE unit_successors (
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    successor_id BIGINT NOT NULL REFERENCES units(id),
    partial      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (unit_id, successor_id)
);
CREATE INDEX unit_successors_successor ON unit_successors(successor_id);

CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    full_name      TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT NOT NULL DEFAULT '',
    totp_enabled   BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step BIGINT NOT NULL DEFAULT 0,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE grants (
    user_id    BIGINT NOT NULL REFERENCES users(id),
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    role       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, unit_id, role)
);
CREATE INDEX grants_unit ON grants(unit_id);

CREATE TABLE sessions (
    id           BIGSERIAL PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    mfa_ok       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           BIGSERIAL PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_attempts (
    username     TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    unit_path   TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json  TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_path ON audit_log(unit_path text_pattern_ops, seq);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, seq);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
