-- Statistics fed by ratings and payments: a dossier rated "không hài lòng" (indicator 5.4), a
-- dossier whose fee is above 0 (3.6 denominator) and one paid through the payment gateway (3.5
-- and 3.6 numerators) are three more facts of each received dossier, and three more columns of
-- the aggregates' keys. The rating's and the payment's transactions refresh them; this migration
-- sets them for the dossiers already counted and sums the aggregates again.

ALTER TABLE stats_dossiers ADD COLUMN disliked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_dossiers ADD COLUMN has_fee INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_dossiers ADD COLUMN paid_online INTEGER NOT NULL DEFAULT 0;

ALTER TABLE stats_counts ADD COLUMN disliked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_counts ADD COLUMN has_fee INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_counts ADD COLUMN paid_online INTEGER NOT NULL DEFAULT 0;
DROP INDEX stats_counts_key;
CREATE UNIQUE INDEX stats_counts_key ON stats_counts(unit_path, level, procedure_code, field, channel, recv_month, end_month,
    outcome_766, outcome_wt, dl_766_month, dl_wt_month, completed, paper_result, e_result, digitised, disliked, has_fee,
    paid_online);

ALTER TABLE stats_city_counts ADD COLUMN disliked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_city_counts ADD COLUMN has_fee INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_city_counts ADD COLUMN paid_online INTEGER NOT NULL DEFAULT 0;
DROP INDEX stats_city_counts_key;
CREATE UNIQUE INDEX stats_city_counts_key ON stats_city_counts(level, channel, recv_month, end_month, outcome_766, outcome_wt,
    dl_766_month, dl_wt_month, completed, paper_result, e_result, digitised, disliked, has_fee, paid_online);

-- The facts as internal/store/stats.go reads them (StatsInputOf): a rating of score 3; a paid
-- gateway payment (a VietQR transfer confirmed from the bank statement is not one); a fee above 0.
UPDATE stats_dossiers SET
    disliked = EXISTS (SELECT 1 FROM ratings r WHERE r.dossier_id = stats_dossiers.dossier_id AND r.score = 3),
    paid_online = EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = stats_dossiers.dossier_id
        AND p.method = 'gateway' AND p.state = 'paid'),
    has_fee = EXISTS (SELECT 1 FROM dossiers d WHERE d.id = stats_dossiers.dossier_id AND d.fee_amount > 0)
        OR EXISTS (SELECT 1 FROM payments p WHERE p.dossier_id = stats_dossiers.dossier_id
        AND p.method = 'gateway' AND p.state = 'paid');

DELETE FROM stats_counts;
INSERT INTO stats_counts (unit_path, level, procedure_code, field, channel, recv_month, end_month, outcome_766, outcome_wt,
    dl_766_month, dl_wt_month, completed, paper_result, e_result, digitised, disliked, has_fee, paid_online, n, working_minutes,
    calendar_minutes)
SELECT unit_path, level, procedure_code, field, channel, recv_month, end_month, outcome_766, outcome_wt, dl_766_month,
    dl_wt_month, completed, paper_result, e_result, digitised, disliked, has_fee, paid_online, COUNT(*),
    SUM(CASE WHEN completed THEN working_minutes ELSE 0 END), SUM(CASE WHEN completed THEN calendar_minutes ELSE 0 END)
FROM stats_dossiers
GROUP BY unit_path, level, procedure_code, field, channel, recv_month, end_month, outcome_766, outcome_wt, dl_766_month,
    dl_wt_month, completed, paper_result, e_result, digitised, disliked, has_fee, paid_online;

DELETE FROM stats_city_counts;
INSERT INTO stats_city_counts (level, channel, recv_month, end_month, outcome_766, outcome_wt, dl_766_month, dl_wt_month,
    completed, paper_result, e_result, digitised, disliked, has_fee, paid_online, n, working_minutes, calendar_minutes)
SELECT level, channel, recv_month, end_month, outcome_766, outcome_wt, dl_766_month, dl_wt_month, completed, paper_result,
    e_result, digitised, disliked, has_fee, paid_online, COUNT(*), SUM(CASE WHEN completed THEN working_minutes ELSE 0 END),
    SUM(CASE WHEN completed THEN calendar_minutes ELSE 0 END)
FROM stats_dossiers
GROUP BY level, channel, recv_month, end_month, outcome_766, outcome_wt, dl_766_month, dl_wt_month, completed, paper_result,
    e_result, digitised, disliked, has_fee, paid_online;
