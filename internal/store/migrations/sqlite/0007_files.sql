-- Files: content-addressed blobs and the files attached to dossiers (scanned components, results).

-- blobs holds each distinct content once, under its SHA-256 (hex). Blobs are never changed or
-- deleted while a row refers to them.
CREATE TABLE blobs (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE dossier_files (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id     INTEGER NOT NULL REFERENCES dossiers(id),
    kind           TEXT NOT NULL CHECK (kind IN ('component', 'result')),
    component_code TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES blobs(sha256),
    size           INTEGER NOT NULL,
    content_type   TEXT NOT NULL,
    uploaded_at    TEXT NOT NULL,
    uploaded_by_id INTEGER REFERENCES users(id),
    uploaded_by    TEXT NOT NULL
);
CREATE INDEX dossier_files_dossier ON dossier_files(dossier_id, id);
