-- Notifications to applicants (thông báo cho người nộp hồ sơ) and satisfaction ratings
-- (đánh giá mức độ hài lòng).

-- notifications is the outbox: one row per message to send about a dossier event, written in the
-- transaction that made the event, so that an action rolled back sends nothing and one committed
-- is sent even if the process stops right after. A sender claims due rows by moving next_at past a
-- lease (FOR UPDATE SKIP LOCKED, so that several egov processes never claim the same row), then
-- marks them sent, or schedules the next attempt with a growing delay, or gives up (failed) after
-- the last attempt. The unique key makes the message of an event on a channel to an address exist
-- once. body_text and body_html are emptied once the message is sent.
CREATE TABLE notifications (
    id          BIGSERIAL PRIMARY KEY,
    event_id    BIGINT NOT NULL REFERENCES dossier_events(id),
    dossier_id  BIGINT NOT NULL REFERENCES dossiers(id),
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    body_text   TEXT NOT NULL,
    body_html   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     TIMESTAMPTZ NOT NULL,
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ,
    UNIQUE (event_id, channel, recipient)
);
CREATE INDEX notifications_due ON notifications(status, next_at);
CREATE INDEX notifications_dossier ON notifications(dossier_id, id);

-- rating_links hold the hash of the link token that lets whoever holds it rate a returned
-- dossier (printed on, or emailed with, the return).
CREATE TABLE rating_links (
    dossier_id  BIGINT PRIMARY KEY REFERENCES dossiers(id),
    token_hash  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- ratings: one per dossier. score 1 hài lòng, 2 bình thường, 3 không hài lòng. month (YYYY-MM,
-- Vietnam time, of the rating) and the receiving unit are kept for the aggregates per unit and
-- month. citizen_id is the portal account that rated, NULL when rated through the link.
CREATE TABLE ratings (
    dossier_id          BIGINT PRIMARY KEY REFERENCES dossiers(id),
    receiving_unit_id   BIGINT NOT NULL REFERENCES units(id),
    receiving_unit_path TEXT NOT NULL,
    month               TEXT NOT NULL,
    score               INTEGER NOT NULL CHECK (score IN (1, 2, 3)),
    comment             TEXT NOT NULL DEFAULT '',
    citizen_id          BIGINT REFERENCES citizens(id),
    rated_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX ratings_unit_month ON ratings(receiving_unit_path, month);
