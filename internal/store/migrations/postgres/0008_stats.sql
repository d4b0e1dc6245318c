-- Statistics (internal/stats): the facts of each received dossier that the QĐ 766 indicators
-- read, and their sums by month. Both are kept in the transaction that changes a dossier, and
-- rebuilt from the dossiers by `egov stats rebuild` (needed after `egov gen`, which writes
-- dossiers directly). Months are yyyymm in Vietnam; 0 is "none".

-- stats_dossiers holds one row per received dossier: stats.Facts.
CREATE TABLE stats_dossiers (
    dossier_id       BIGINT PRIMARY KEY REFERENCES dossiers(id),
    unit_id          BIGINT NOT NULL,
    unit_path        TEXT NOT NULL,
    level            TEXT NOT NULL,
    procedure_code   TEXT NOT NULL,
    field            TEXT NOT NULL,
    channel          INTEGER NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    recv_month       INTEGER NOT NULL,
    end_at           TIMESTAMPTZ,
    end_month        INTEGER NOT NULL,
    outcome_766      INTEGER NOT NULL,
    outcome_wt       INTEGER NOT NULL,
    deadline_766     TIMESTAMPTZ NOT NULL,
    deadline_wt      TIMESTAMPTZ NOT NULL,
    dl_766_month     INTEGER NOT NULL,
    dl_wt_month      INTEGER NOT NULL,
    completed        BOOLEAN NOT NULL DEFAULT FALSE,
    working_minutes  BIGINT NOT NULL DEFAULT 0,
    calendar_minutes BIGINT NOT NULL DEFAULT 0,
    paper_result     BOOLEAN NOT NULL DEFAULT FALSE,
    e_result         BOOLEAN NOT NULL DEFAULT FALSE,
    digitised        BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX stats_dossiers_recv ON stats_dossiers(recv_month, dossier_id);
CREATE INDEX stats_dossiers_open_wt ON stats_dossiers(dl_wt_month) WHERE end_month = 0;
CREATE INDEX stats_dossiers_open_766 ON stats_dossiers(dl_766_month) WHERE end_month = 0;

-- stats_counts is the number of stats_dossiers rows sharing every column but the dossier and its
-- instants (stats.Counter), with the sums of their processing times.
CREATE TABLE stats_counts (
    unit_path        TEXT NOT NULL,
    level            TEXT NOT NULL,
    procedure_code   TEXT NOT NULL,
    field            TEXT NOT NULL,
    channel          INTEGER NOT NULL,
    recv_month       INTEGER NOT NULL,
    end_month        INTEGER NOT NULL,
    outcome_766      INTEGER NOT NULL,
    outcome_wt       INTEGER NOT NULL,
    dl_766_month     INTEGER NOT NULL,
    dl_wt_month      INTEGER NOT NULL,
    completed        BOOLEAN NOT NULL DEFAULT FALSE,
    paper_result     BOOLEAN NOT NULL DEFAULT FALSE,
    e_result         BOOLEAN NOT NULL DEFAULT FALSE,
    digitised        BOOLEAN NOT NULL DEFAULT FALSE,
    n                BIGINT NOT NULL,
    working_minutes  BIGINT NOT NULL DEFAULT 0,
    calendar_minutes BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX stats_counts_key ON stats_counts(unit_path, level, procedure_code, field, channel, recv_month, end_month,
    outcome_766, outcome_wt, dl_766_month, dl_wt_month, completed, paper_result, e_result, digitised);
CREATE INDEX stats_counts_recv ON stats_counts(recv_month);
CREATE INDEX stats_counts_online ON stats_counts(channel, recv_month, procedure_code);

-- stats_city_counts is stats_counts summed over units, procedures and fields: what the city-wide
-- figures (optionally of one level) read, a few thousand rows whatever the number of dossiers.
CREATE TABLE stats_city_counts (
    level            TEXT NOT NULL,
    channel          INTEGER NOT NULL,
    recv_month       INTEGER NOT NULL,
    end_month        INTEGER NOT NULL,
    outcome_766      INTEGER NOT NULL,
    outcome_wt       INTEGER NOT NULL,
    dl_766_month     INTEGER NOT NULL,
    dl_wt_month      INTEGER NOT NULL,
    completed        BOOLEAN NOT NULL DEFAULT FALSE,
    paper_result     BOOLEAN NOT NULL DEFAULT FALSE,
    e_result         BOOLEAN NOT NULL DEFAULT FALSE,
    digitised        BOOLEAN NOT NULL DEFAULT FALSE,
    n                BIGINT NOT NULL,
    working_minutes  BIGINT NOT NULL DEFAULT 0,
    calendar_minutes BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX stats_city_counts_key ON stats_city_counts(level, channel, recv_month, end_month, outcome_766, outcome_wt,
    dl_766_month, dl_wt_month, completed, paper_result, e_result, digitised);
