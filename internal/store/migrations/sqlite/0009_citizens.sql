-- Citizen and business accounts of the portal (Cổng dịch vụ công), apart from officials' accounts.

-- citizens are the accounts. email and phone are the sign-in names (NULL when not given; each
-- unique). password_hash is '' for an account that signs in only through an identity provider.
CREATE TABLE citizens (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT NOT NULL CHECK (kind IN ('person', 'business')),
    full_name      TEXT NOT NULL,
    email          TEXT,
    phone          TEXT,
    password_hash  TEXT NOT NULL DEFAULT '',
    personal_id    TEXT NOT NULL DEFAULT '',
    birth_date     TEXT,
    tax_code       TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX citizens_email ON citizens(email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX citizens_phone ON citizens(phone) WHERE phone IS NOT NULL;

-- citizen_registrations are registrations waiting for the code sent to the email or phone.
-- taken marks one made with a contact that already has an account: it can never complete, but
-- answers exactly as the others do, so that registration does not tell who has an account.
CREATE TABLE citizen_registrations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash    TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    full_name     TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    password_hash TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    taken         INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    done_at       TEXT
);

-- citizen_identities link an account to a subject of an OpenID Connect provider.
CREATE TABLE citizen_identities (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    citizen_id INTEGER NOT NULL REFERENCES citizens(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX citizen_identities_citizen ON citizen_identities(citizen_id);

CREATE TABLE citizen_sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT NOT NULL UNIQUE,
    citizen_id   INTEGER NOT NULL REFERENCES citizens(id),
    method       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX citizen_sessions_citizen ON citizen_sessions(citizen_id);

-- citizen_addresses keep every address an account gave: the current one has no valid_to; an
-- old one ends the day it was changed.
CREATE TABLE citizen_addresses (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    citizen_id INTEGER NOT NULL REFERENCES citizens(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    detail     TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX citizen_addresses_citizen ON citizen_addresses(citizen_id, id);

-- owner_citizen_id is the portal account that submitted the dossier ("Hồ sơ của tôi").
ALTER TABLE dossiers ADD COLUMN owner_citizen_id INTEGER REFERENCES citizens(id);
CREATE INDEX dossiers_owner ON dossiers(owner_citizen_id, id);
