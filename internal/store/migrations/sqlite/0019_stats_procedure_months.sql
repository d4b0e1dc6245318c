-- Indicators 3.2 and 3.5 list the procedures with a dossier received in the period that was
-- submitted online (3.2) or paid through the payment gateway (3.5). Read from stats_counts, the
-- city-wide list was a DISTINCT over every unit's monthly counters: about 300,000 rows for a
-- year at 10 million dossiers, 90–120 ms. stats_procedure_months is stats_counts summed over
-- units and over everything but the procedure, its level and field, the month of reception, the
-- channel and the gateway payment: a few thousand rows a year whatever the number of dossiers.
-- It is kept in the same transactions as stats_counts (a row is deleted when its count reaches
-- 0) and rebuilt with them by `egov stats rebuild`; a report limited to units reads stats_counts.
CREATE TABLE stats_procedure_months (
    level          TEXT NOT NULL,
    field          TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    recv_month     INTEGER NOT NULL,
    channel        INTEGER NOT NULL,
    paid_online    INTEGER NOT NULL DEFAULT 0,
    n              BIGINT NOT NULL
);
CREATE UNIQUE INDEX stats_procedure_months_key ON stats_procedure_months(level, field, procedure_code, recv_month, channel,
    paid_online);
CREATE INDEX stats_procedure_months_online ON stats_procedure_months(channel, recv_month, procedure_code);
CREATE INDEX stats_procedure_months_paid ON stats_procedure_months(recv_month, procedure_code) WHERE paid_online;

INSERT INTO stats_procedure_months (level, field, procedure_code, recv_month, channel, paid_online, n)
SELECT level, field, procedure_code, recv_month, channel, paid_online, COUNT(*)
FROM stats_dossiers
GROUP BY level, field, procedure_code, recv_month, channel, paid_online;
