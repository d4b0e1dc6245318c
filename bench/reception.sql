-- One reception's statements, as egov runs them in one transaction (app.Service.ReceiveDossier
-- and store.Tx.AppendAudit), without egov: the limit its receptions are compared with.
-- Run by scripts/pgbench-reception on a throw-away copy of a database holding egov's data:
-- pgbench -M prepared -f bench/reception.sql -D unit=… -D path=… -D version=… -D user=… -D organs=N
-- Each client takes numbers from one of N counters (as N desks would) and every transaction
-- appends to the one audit chain, as egov's receptions do.
\set organ :client_id % :organs
\set yy random(50, 99)
\set idn random(0, 999999)
BEGIN;
SELECT id, status, body FROM procedure_versions WHERE id = :version;
INSERT INTO dossier_sequences (organ_id, seq_date, next) VALUES ('PGBENCH-' || :organ, current_date, 1) ON CONFLICT (organ_id) DO NOTHING;
SELECT next FROM dossier_sequences WHERE organ_id = 'PGBENCH-' || :organ FOR UPDATE \gset
UPDATE dossier_sequences SET seq_date = current_date, next = :next + 1 WHERE organ_id = 'PGBENCH-' || :organ;
INSERT INTO dossiers (code, procedure_version_id, procedure_code, procedure_name, variant_code, channel,
	subject_kind, applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email,
	receiving_unit_id, receiving_unit_path, lead_unit_id, current_unit_id, current_unit_path, current_user_id, calendar_key,
	state, national_status, paper, fee_mode, fee_amount, fees_paid, submitted_at, received_at, due_at, original_due_at,
	transfer_due_at, processed_at, returned_at, paused_at, paused_minutes, supplement_count, apology_count, has_result,
	result_note, result_file, revision, created_at, updated_at)
	VALUES ('PGBENCH-' || :organ || '-' || :next, :version, '1.004873', 'Cấp Giấy xác nhận tình trạng hôn nhân', 'chung', 1,
	0, 'Nguyễn Thị Hương', '0010' || :yy || lpad(:idn::text, 6, '0'), '1990-05-04', '12 Hàng Bạc, Phường Hoàn Kiếm', '0912345678', '',
	:unit, :path, NULL, :unit, :path, :user, 'national',
	'received', 2, true, 0, 0, true, NULL, now(), now() + interval '3 days', now() + interval '3 days',
	now() + interval '4 hours', NULL, NULL, NULL, 0, 0, 0, false, '', '', 1, now(), now()) RETURNING id \gset
INSERT INTO dossier_components (dossier_id, component_code, name, required, provided, originals, certified_copies, photocopies)
	VALUES (:id, 'tp01', 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', true, true, 1, 0, 0);
INSERT INTO dossier_components (dossier_id, component_code, name, required, provided, originals, certified_copies, photocopies)
	VALUES (:id, 'tp02', 'Giấy tờ chứng minh nhân thân', true, true, 0, 0, 1);
INSERT INTO dossier_components (dossier_id, component_code, name, required, provided, originals, certified_copies, photocopies)
	VALUES (:id, 'tp03', 'Giấy tờ chứng minh tình trạng hôn nhân', false, true, 0, 1, 0);
INSERT INTO dossier_steps (dossier_id, no, workflow_index, name, role, inter_agency, from_unit_id, from_user_id, to_unit_id,
	to_user_id, allotted_value, allotted_unit, handed_at, due_at, done_at, status, outcome, note)
	VALUES (:id, 1, 0, 'Tiếp nhận, kiểm tra hồ sơ', 'reception', false, NULL, NULL, :unit, :user, 2, 'workingHour', now(),
	now() + interval '2 hours', now(), 'done', 2, '') RETURNING id;
INSERT INTO dossier_events (dossier_id, at, actor_id, actor_name, action, from_state, to_state, reason, data)
	VALUES (:id, now(), :user, 'Nguyễn Thị Thanh Hằng', 'receive_direct', '', 'received', '', '{}') RETURNING id;
SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE \gset
INSERT INTO audit_log (seq, at, actor_id, actor, action, object_type, object_id, unit_path, before_json, after_json, request_id, prev_hash, hash)
	VALUES (:seq + 1, now(), :user, 'pgbench', 'dossier.receive_direct', 'dossier', :id, :path, '',
	'{"code":"PGBENCH","procedure":"1.004873","state":"received"}', 'pgbench', :hash, encode(sha256(convert_to(:hash || :id, 'UTF8')), 'hex'));
UPDATE audit_head SET seq = :seq + 1, hash = encode(sha256(convert_to(:hash || :id, 'UTF8')), 'hex') WHERE id = 1;
COMMIT;
