-- Dossiers (hồ sơ) of the one-stop shop (internal/dossier).

-- dossier_sequences is each receiving unit's daily counter (dossier.DailySequence), taken under a
-- row lock so that several egov processes never hand out the same code.
CREATE TABLE dossier_sequences (
    organ_id  TEXT PRIMARY KEY,
    seq_date  DATE NOT NULL,
    next      INTEGER NOT NULL
);

CREATE TABLE dossiers (
    id                   BIGSERIAL PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE,
    procedure_version_id BIGINT NOT NULL REFERENCES procedure_versions(id),
    procedure_code       TEXT NOT NULL,
    procedure_name       TEXT NOT NULL,
    variant_code         TEXT NOT NULL,
    channel              INTEGER NOT NULL,
    subject_kind         INTEGER NOT NULL,
    applicant_name       TEXT NOT NULL,
    applicant_id_number  TEXT NOT NULL,
    applicant_birth_date DATE,
    applicant_address    TEXT NOT NULL DEFAULT '',
    applicant_phone      TEXT NOT NULL DEFAULT '',
    applicant_email      TEXT NOT NULL DEFAULT '',
    receiving_unit_id    BIGINT NOT NULL REFERENCES units(id),
    receiving_unit_path  TEXT NOT NULL,
    lead_unit_id         BIGINT REFERENCES units(id),
    -- current_unit_* is where the dossier is now (the open step's unit); scopes and inboxes use it.
    current_unit_id      BIGINT NOT NULL REFERENCES units(id),
    current_unit_path    TEXT NOT NULL,
    current_user_id      BIGINT REFERENCES users(id),
    calendar_key         TEXT NOT NULL,
    state                TEXT NOT NULL,
    national_status      INTEGER NOT NULL,
    paper                BOOLEAN NOT NULL DEFAULT FALSE,
    fee_mode             INTEGER NOT NULL DEFAULT 0,
    fee_amount           BIGINT NOT NULL DEFAULT 0,
    fees_paid            BOOLEAN NOT NULL DEFAULT FALSE,
    submitted_at         TIMESTAMPTZ,
    received_at          TIMESTAMPTZ,
    due_at               TIMESTAMPTZ,
    original_due_at      TIMESTAMPTZ,
    transfer_due_at      TIMESTAMPTZ,
    processed_at         TIMESTAMPTZ,
    returned_at          TIMESTAMPTZ,
    paused_at            TIMESTAMPTZ,
    paused_minutes       BIGINT NOT NULL DEFAULT 0,
    supplement_count     INTEGER NOT NULL DEFAULT 0,
    apology_count        INTEGER NOT NULL DEFAULT 0,
    has_result           BOOLEAN NOT NULL DEFAULT FALSE,
    result_note          TEXT NOT NULL DEFAULT '',
    result_file          TEXT NOT NULL DEFAULT '',
    revision             BIGINT NOT NULL DEFAULT 1,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossiers_current ON dossiers(current_unit_path text_pattern_ops, due_at, id);
CREATE INDEX dossiers_receiving ON dossiers(receiving_unit_path text_pattern_ops, received_at);
CREATE INDEX dossiers_assignee ON dossiers(current_user_id, due_at, id);
CREATE INDEX dossiers_state_due ON dossiers(state, due_at);
CREATE INDEX dossiers_applicant ON dossiers(applicant_id_number);

-- dossier_components are the documents handed in (thành phần hồ sơ), as ticked at reception.
CREATE TABLE dossier_components (
    dossier_id       BIGINT NOT NULL REFERENCES dossiers(id),
    component_code   TEXT NOT NULL,
    name             TEXT NOT NULL,
    required         BOOLEAN NOT NULL,
    provided         BOOLEAN NOT NULL,
    originals        INTEGER NOT NULL DEFAULT 0,
    certified_copies INTEGER NOT NULL DEFAULT 0,
    photocopies      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dossier_id, component_code)
);

-- dossier_steps is the control sheet (Phiếu kiểm soát, Mẫu 05): one row per handover.
CREATE TABLE dossier_steps (
    id              BIGSERIAL PRIMARY KEY,
    dossier_id      BIGINT NOT NULL REFERENCES dossiers(id),
    no              INTEGER NOT NULL,
    workflow_index  INTEGER NOT NULL,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL,
    inter_agency    BOOLEAN NOT NULL DEFAULT FALSE,
    from_unit_id    BIGINT REFERENCES units(id),
    from_user_id    BIGINT REFERENCES users(id),
    to_unit_id      BIGINT NOT NULL REFERENCES units(id),
    to_user_id      BIGINT REFERENCES users(id),
    allotted_value  DOUBLE PRECISION NOT NULL,
    allotted_unit   TEXT NOT NULL,
    handed_at       TIMESTAMPTZ NOT NULL,
    due_at          TIMESTAMPTZ NOT NULL,
    done_at         TIMESTAMPTZ,
    status          TEXT NOT NULL,
    outcome         INTEGER NOT NULL DEFAULT 0,
    note            TEXT NOT NULL DEFAULT '',
    UNIQUE (dossier_id, no)
);
CREATE INDEX dossier_steps_open ON dossier_steps(to_unit_id, status, due_at);

-- dossier_events is the dossier's timeline: every action, with the reason and the details the
-- forms print (supplement items, refusal reasons, the new appointment).
CREATE TABLE dossier_events (
    id          BIGSERIAL PRIMARY KEY,
    dossier_id  BIGINT NOT NULL REFERENCES dossiers(id),
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, id);
