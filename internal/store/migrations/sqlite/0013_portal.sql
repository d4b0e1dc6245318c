-- Online submission drafts (hồ sơ nháp) of portal accounts, and the application form values of
-- submitted dossiers.

-- dossier_drafts are dossiers being prepared on the portal. A draft has no code (a code is
-- assigned at submission, domain-vn §5.1), so it is kept apart from dossiers; submitting it
-- creates the dossier and deletes the draft. data is JSON: the values entered and where each
-- pre-filled value came from.
CREATE TABLE dossier_drafts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    citizen_id     INTEGER NOT NULL REFERENCES citizens(id),
    procedure_code TEXT NOT NULL,
    variant_code   TEXT NOT NULL,
    unit_id        INTEGER REFERENCES units(id),
    data           TEXT NOT NULL DEFAULT '{}',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX dossier_drafts_citizen ON dossier_drafts(citizen_id, id);

-- draft_files are the files uploaded to a draft: slot is a component code, or "form." and the
-- name of a file field of the application form.
CREATE TABLE draft_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id     INTEGER NOT NULL REFERENCES dossier_drafts(id),
    slot         TEXT NOT NULL,
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX draft_files_draft ON draft_files(draft_id, id);

-- dossier_forms keep the application form values a dossier was submitted with (JSON object).
CREATE TABLE dossier_forms (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id),
    data       TEXT NOT NULL
);
