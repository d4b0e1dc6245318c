-- Online submission drafts (hồ sơ nháp) of portal accounts, and the application form values of
-- submitted dossiers.

-- dossier_drafts are dossiers being prepared on the portal. A draft has no code (a code is
-- assigned at submission, domain-vn §5.1), so it is kept apart from dossiers; submitting it
-- creates the dossier and deletes the draft. data is JSON: the values entered and where each
-- pre-filled value came from.
CREATE TABLE dossier_drafts (
    id             BIGSERIAL PRIMARY KEY,
    citizen_id     BIGINT NOT NULL REFERENCES citizens(id),
    procedure_code TEXT NOT NULL,
    variant_code   TEXT NOT NULL,
    unit_id        BIGINT REFERENCES units(id),
    data           TEXT NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossier_drafts_citizen ON dossier_drafts(citizen_id, id);

-- draft_files are the files uploaded to a draft: slot is a component code, or "form." and the
-- name of a file field of the application form.
CREATE TABLE draft_files (
    id           BIGSERIAL PRIMARY KEY,
    draft_id     BIGINT NOT NULL REFERENCES dossier_drafts(id),
    slot         TEXT NOT NULL,
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    size         BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX draft_files_draft ON draft_files(draft_id, id);

-- dossier_forms keep the application form values a dossier was submitted with (JSON object).
CREATE TABLE dossier_forms (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers(id),
    data       TEXT NOT NULL
);
