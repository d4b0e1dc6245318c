-- The procedure catalogue (internal/catalog): a procedure's identity, and its versions with the
-- whole version as JSON (catalog.VersionJSON) beside the columns that lists filter and search by.
-- A published or withdrawn version's body never changes (the store refuses it); only its
-- effective_to may be set once, when a replacement is published.
CREATE TABLE procedures (
    id                BIGSERIAL PRIMARY KEY,
    national_code     TEXT NOT NULL UNIQUE,
    agency            TEXT NOT NULL DEFAULT '',
    legacy_local_code TEXT NOT NULL DEFAULT '',
    illustrative      BOOLEAN NOT NULL DEFAULT FALSE,
    sources           TEXT NOT NULL DEFAULT '[]',
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE procedure_versions (
    id                  BIGSERIAL PRIMARY KEY,
    procedure_id        BIGINT NOT NULL REFERENCES procedures(id),
    number              INTEGER NOT NULL,
    status              TEXT NOT NULL,
    effective_from      DATE,
    effective_to        DATE,
    name                TEXT NOT NULL,
    field               TEXT NOT NULL,
    -- levels is the implementing levels as ",commune,district," so that one LIKE filters.
    levels              TEXT NOT NULL,
    competent_unit_kind TEXT NOT NULL,
    online_level        TEXT NOT NULL,
    -- search_text is vntext.Fold of the name, codes and field (catalog.SearchText).
    search_text         TEXT NOT NULL,
    body                TEXT NOT NULL,
    revision            BIGINT NOT NULL DEFAULT 1,
    updated_at          TIMESTAMPTZ NOT NULL,
    updated_by          TEXT NOT NULL,
    published_at        TIMESTAMPTZ,
    UNIQUE (procedure_id, number)
);
CREATE INDEX procedure_versions_status ON procedure_versions(status, effective_from);
CREATE INDEX procedure_versions_field ON procedure_versions(field);
