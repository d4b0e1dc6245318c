-- lookup_links hold the hashes of the link tokens sent to the applicant with each notification:
-- whoever holds one sees the dossier's details on the public lookup (/tra-cuu/{code}?t=…).
-- Each message gets its own token, so a link in an older message keeps working.
CREATE TABLE lookup_links (
    token_hash  TEXT PRIMARY KEY,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX lookup_links_dossier ON lookup_links(dossier_id);
