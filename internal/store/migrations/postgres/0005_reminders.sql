-- Reminders (nhắc việc): the daily email digest of due-soon and overdue dossiers.

-- reminder_digests records, per official and local day, that the day's digest was claimed for
-- sending (claimed_at) and, once the mail server accepted it, sent (sent_at). A run claims the
-- row in its own transaction before sending, so two egov processes, or a restart, never send the
-- same day's digest twice. Delivery is at most once: a crash between the claim and the send
-- leaves a row with sent_at NULL and that digest is not sent that day; an error reported by the
-- mail server deletes the claim, so a later run of the same day (egov remind) sends it.
CREATE TABLE reminder_digests (
    user_id    BIGINT NOT NULL REFERENCES users(id),
    day        DATE NOT NULL,
    items      INTEGER NOT NULL,
    claimed_at TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, day)
);
