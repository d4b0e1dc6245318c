-- Foundation: units, officials, sessions, API tokens, sign-in throttling, the audit log.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    organ_id    TEXT NOT NULL DEFAULT '',
    gso_code    TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    short_name  TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER REFERENCES units(id),
    path        TEXT NOT NULL DEFAULT '',
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX units_path ON units(path);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_gso ON units(gso_code, valid_from);
CREATE UNIQUE INDEX units_organ_current ON units(organ_id) WHERE valid_to IS NULL AND organ_id <> '';

CREATE TABLE unit_successors (
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    successor_id INTEGER NOT NULL REFERENCES units(id),
    partial      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, successor_id)
);
CREATE INDEX unit_successors_successor ON unit_successors(successor_id);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    username       TEXT NOT NULL UNIQUE,
    full_name      TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT NOT NULL DEFAULT '',
    totp_enabled   INTEGER NOT NULL DEFAULT 0,
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE grants (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    role       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, unit_id, role)
);
CREATE INDEX grants_unit ON grants(unit_id);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    mfa_ok       INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_attempts (
    username     TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TEXT,
    updated_at   TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER NOT NULL,
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
CREATE INDEX audit_log_path ON audit_log(unit_path, seq);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, seq);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
