package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
)

// Bulk loading of dossiers (the data generator, `egov gen`): PostgreSQL's COPY in one transaction
// on one connection. Rows are encoded in COPY's binary format by the caller (CopyChunk's
// AppendCitizen and AppendDossier, AppendStepCopy, AppendEventCopy), so that encoding can run on
// every core while one connection streams the bytes. The portal accounts that own generated
// dossiers are loaded the same way, in the same transaction.

// ErrBulkNeedsPostgres is returned by LoadDossiers on SQLite.
var ErrBulkNeedsPostgres = errs.New(errs.Invalid, "bulk_needs_postgres",
	"Sinh dữ liệu hàng loạt chỉ chạy trên PostgreSQL (đặt EGOV_DATABASE_URL).",
	"Bulk generation runs on PostgreSQL only (set EGOV_DATABASE_URL).")

// DossierLoad is a bulk load in progress: one PostgreSQL transaction on one connection.
type DossierLoad struct {
	tx     *Tx
	conn   *sql.Conn
	prefix string // "scratch_" after UseScratchTables
}

// LoadDossiers runs fn in one PostgreSQL transaction and commits when fn returns nil; otherwise
// nothing fn stored remains (sequence values taken by ReserveDossierIDs are not given back, which
// only leaves a gap). Errors: Invalid "bulk_needs_postgres" on SQLite, and fn's.
func (db *DB) LoadDossiers(ctx context.Context, fn func(l *DossierLoad) error) (err error) {
	if db.Dialect != Postgres {
		return ErrBulkNeedsPostgres
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return errs.Wrap(err, "bulk connection")
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return errs.Wrap(err, "begin")
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	// Large loads: do not wait for the WAL flush of every commit (there is one), and give the
	// index builds of COPY room.
	if _, err = sqlTx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
		return errs.Wrap(err, "bulk settings")
	}
	// Every reference a generated row holds (units, users, procedure versions, its own dossier)
	// comes from rows read in this transaction that are never deleted, so a role that may (a
	// superuser) skips the per-row foreign-key triggers for this transaction only, as pg_restore
	// --disable-triggers does: they dominate the cost of COPY.
	var super bool
	if err = sqlTx.QueryRowContext(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super); err != nil {
		return errs.Wrap(err, "bulk settings")
	}
	if super {
		if _, err = sqlTx.ExecContext(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
			return errs.Wrap(err, "bulk settings")
		}
	}
	tx := &Tx{tx: sqlTx, db: db}
	if err = tx.finish(ctx, fn(&DossierLoad{tx: tx, conn: conn})); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return errs.Wrap(err, "commit")
	}
	return nil
}

// Tx is the load's transaction, for the ordinary store methods (AppendAudit …).
func (l *DossierLoad) Tx() *Tx { return l.tx }

// LockSequences locks the daily counters (dossier_sequences) of the given agencies until the load
// ends, creating those that do not exist, and returns them. A reception at one of these agencies
// waits for the load, and then continues from the counter the load leaves.
func (l *DossierLoad) LockSequences(ctx context.Context, organIDs []string) (map[string]dossier.DailySequence, error) {
	if len(organIDs) == 0 {
		return map[string]dossier.DailySequence{}, nil
	}
	// Not-yet-used counters are created with a date far in the past, which Take treats like a
	// new counter (any later date starts at 1).
	if _, err := l.tx.exec(ctx, `INSERT INTO dossier_sequences (organ_id, seq_date, next)
		SELECT o, DATE '2000-01-01', 1 FROM unnest(?::text[]) AS o ON CONFLICT (organ_id) DO NOTHING`, organIDs); err != nil {
		return nil, errs.Wrap(err, "lock sequences")
	}
	rows, err := l.tx.query(ctx, `SELECT organ_id, seq_date, next FROM dossier_sequences WHERE organ_id = ANY(?::text[])
		ORDER BY organ_id FOR UPDATE`, organIDs)
	if err != nil {
		return nil, errs.Wrap(err, "lock sequences")
	}
	defer rows.Close()
	out := map[string]dossier.DailySequence{}
	for rows.Next() {
		var organ string
		var day time.Time
		var next int
		if err := rows.Scan(&organ, &day, &next); err != nil {
			return nil, errs.Wrap(err, "lock sequences")
		}
		out[organ] = dossier.DailySequence{Date: calendar.D(day.Year(), day.Month(), day.Day()), Next: next}
	}
	return out, errs.Wrap(rows.Err(), "lock sequences")
}

// SeqKey is an agency's day, as dossier codes carry it.
type SeqKey struct {
	OrganID string
	Date    calendar.Date
}

// UsedSequences returns, for every agency and day from the date from on, the highest sequence
// number of the stored dossier codes (codes given by receptions or by an earlier load). Call it
// after LockSequences, so that no reception adds codes meanwhile.
func (l *DossierLoad) UsedSequences(ctx context.Context, from calendar.Date) (map[SeqKey]int, error) {
	// Codes are OrganID-YYMMDD-XXXX; the date part sorts like the date within 2000–2099.
	yymmdd := fmt.Sprintf("%02d%02d%02d", from.Year%100, int(from.Month), from.Day)
	rows, err := l.tx.query(ctx, `SELECT split_part(code, '-', 1), split_part(code, '-', 2), max(split_part(code, '-', 3)::int)
		FROM dossiers WHERE code ~ '^[0-9.A-Z]+-[0-9]{6}-[0-9]{4}$' AND split_part(code, '-', 2) >= ? GROUP BY 1, 2`, yymmdd)
	if err != nil {
		return nil, errs.Wrap(err, "used sequences")
	}
	defer rows.Close()
	out := map[SeqKey]int{}
	for rows.Next() {
		var organ, day string
		var seq int
		if err := rows.Scan(&organ, &day, &seq); err != nil {
			return nil, errs.Wrap(err, "used sequences")
		}
		y, _ := strconv.Atoi(day[:2])
		m, _ := strconv.Atoi(day[2:4])
		d, _ := strconv.Atoi(day[4:])
		out[SeqKey{organ, calendar.D(2000+y, time.Month(m), d)}] = seq
	}
	return out, errs.Wrap(rows.Err(), "used sequences")
}

// ReserveDossierIDs takes n consecutive dossier ids and returns the first. It locks the dossiers
// table against other writers (readers go on) until the load ends, so that the block is not
// interleaved with receptions; take the counters first (LockSequences), as receptions do.
func (l *DossierLoad) ReserveDossierIDs(ctx context.Context, n int) (int64, error) {
	if n <= 0 {
		return 0, nil
	}
	if _, err := l.tx.exec(ctx, `LOCK TABLE dossiers IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return 0, errs.Wrap(err, "lock dossiers")
	}
	var first int64
	if err := l.tx.queryRow(ctx, `SELECT nextval(pg_get_serial_sequence('dossiers', 'id'))`).Scan(&first); err != nil {
		return 0, errs.Wrap(err, "reserve ids")
	}
	if _, err := l.tx.exec(ctx, `SELECT setval(pg_get_serial_sequence('dossiers', 'id'), ?)`, first+int64(n)-1); err != nil {
		return 0, errs.Wrap(err, "reserve ids")
	}
	return first, nil
}

// LockCitizenIDs locks the portal accounts table (citizens) against other writers until the load
// ends (a registration or a first sign-in through an identity provider waits; readers go on
// unless DeferIndexes drops the accounts' indexes, which locks them out too) and
// returns the first account id the load may use: the load's accounts take first, first+1, … and
// TakeCitizenIDs moves the id sequence past them before the load commits.
func (l *DossierLoad) LockCitizenIDs(ctx context.Context) (int64, error) {
	if _, err := l.tx.exec(ctx, `LOCK TABLE citizens IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return 0, errs.Wrap(err, "lock citizens")
	}
	var first int64
	if err := l.tx.queryRow(ctx, `SELECT nextval(pg_get_serial_sequence('citizens', 'id'))`).Scan(&first); err != nil {
		return 0, errs.Wrap(err, "citizen ids")
	}
	return first, nil
}

// TakeCitizenIDs leaves the account id sequence after the n ids from first (after
// LockCitizenIDs): the next account registered gets first+n.
func (l *DossierLoad) TakeCitizenIDs(ctx context.Context, first int64, n int) error {
	_, err := l.tx.exec(ctx, `SELECT setval(pg_get_serial_sequence('citizens', 'id'), ?, false)`, first+int64(n))
	return errs.Wrap(err, "citizen ids")
}

// bulkTables are the tables a load writes, whose secondary indexes DeferIndexes may drop (the
// accounts' unique emails are random-order insertions into a B-tree: 5% of a load's time).
var bulkTables = []string{"dossiers", "dossier_steps", "dossier_events", "citizens"}

// HasFewerDossiersThan tells whether the dossiers table holds fewer than n rows. It reads at
// most n rows' worth of the primary key, so it stays cheap next to a load of n dossiers.
func (l *DossierLoad) HasFewerDossiersThan(ctx context.Context, n int) (bool, error) {
	var have int
	if err := l.tx.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM dossiers LIMIT ?) s`, n).Scan(&have); err != nil {
		return false, errs.Wrap(err, "count dossiers")
	}
	return have < n, nil
}

// DeferIndexes drops the indexes of the tables the load writes (dossiers, dossier_steps,
// dossier_events, citizens) for the rest of the load, and returns the function that builds them again
// from their stored definitions, to be called after the last Copy and before the load commits.
// Dropped are every index that is not a primary key and that no foreign key depends on, read
// from the catalogue so that an index a later migration adds is included; a unique constraint
// is dropped and added again as a constraint, which checks its rows when it is added (a
// duplicate fails the load). Building an index once from sorted rows costs a fraction of
// maintaining it row by row, so this pays off when the load is large next to what the tables
// already hold. Dropping takes an exclusive lock on the four tables: readers (portal sign-ins
// included) wait until the load commits. Everything is in the load's transaction: a failed or abandoned load leaves the
// indexes as they were.
func (l *DossierLoad) DeferIndexes(ctx context.Context) (rebuild func(context.Context) error, err error) {
	rows, err := l.tx.query(ctx, `SELECT t.relname, c.relname, pg_get_indexdef(i.indexrelid), k.conname, pg_get_constraintdef(k.oid)
		FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid
		JOIN pg_class t ON t.oid = i.indrelid
		LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('u', 'x')
		WHERE t.relname = ANY(?::text[]) AND t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
		  AND NOT i.indisprimary
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
		ORDER BY t.relname, c.relname`, bulkTables)
	if err != nil {
		return nil, errs.Wrap(err, "defer indexes")
	}
	type index struct {
		table, name, def string
		constraint       sql.NullString
		constraintDef    sql.NullString
	}
	var idx []index
	for rows.Next() {
		var x index
		if err := rows.Scan(&x.table, &x.name, &x.def, &x.constraint, &x.constraintDef); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "defer indexes")
		}
		idx = append(idx, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "defer indexes")
	}
	// Statements from the catalogue's own text, run as they are (no placeholders).
	run := func(ctx context.Context, what, stmt string) error {
		if _, err := l.tx.tx.ExecContext(ctx, stmt); err != nil {
			return errs.Wrap(err, what)
		}
		return nil
	}
	for _, x := range idx {
		stmt := `DROP INDEX ` + quoteIdent(x.name)
		if x.constraint.Valid {
			stmt = `ALTER TABLE ` + quoteIdent(x.table) + ` DROP CONSTRAINT ` + quoteIdent(x.constraint.String)
		}
		if err := run(ctx, "drop index "+x.name, stmt); err != nil {
			return nil, err
		}
	}
	return func(ctx context.Context) error {
		// Sorting in memory rather than on disk: a setting of this transaction only.
		if err := run(ctx, "index settings", `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
			return err
		}
		for _, x := range idx {
			stmt := x.def
			if x.constraint.Valid {
				stmt = `ALTER TABLE ` + quoteIdent(x.table) + ` ADD CONSTRAINT ` + quoteIdent(x.constraint.String) + ` ` + x.constraintDef.String
			}
			if err := run(ctx, "build index "+x.name, stmt); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// UseScratchTables makes the rest of the load write into new tables made like its own
// (bulkTables: the same columns, NOT NULL constraints and
// defaults, but no index, key, foreign key or trigger), created in the load's transaction. Writing the same
// rows there measures what storing them costs by itself (heap and write-ahead log), the limit a
// load's rate is compared with. The caller must end the load with an error, so that the
// transaction rolls back and the tables are gone. The control-sheet and event ids the rows take
// come from the real tables' sequences, which a rollback does not give back: a gap in those ids.
func (l *DossierLoad) UseScratchTables(ctx context.Context) error {
	for _, t := range bulkTables {
		if _, err := l.tx.tx.ExecContext(ctx, `CREATE TABLE `+quoteIdent("scratch_"+t)+` (LIKE `+quoteIdent(t)+` INCLUDING DEFAULTS)`); err != nil {
			return errs.Wrap(err, "scratch tables")
		}
	}
	l.prefix = "scratch_"
	return nil
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// SetSequences stores the counters (after LockSequences).
func (l *DossierLoad) SetSequences(ctx context.Context, seqs map[string]dossier.DailySequence) error {
	for organ, s := range seqs {
		if _, err := l.tx.exec(ctx, `UPDATE dossier_sequences SET seq_date = ?, next = ? WHERE organ_id = ?`,
			s.Date.String(), s.Next, organ); err != nil {
			return errs.Wrap(err, "set sequences")
		}
	}
	return nil
}

// CopyChunk is a batch of rows in PostgreSQL's binary COPY format: portal accounts, dossiers and
// their control-sheet rows and timeline entries, as AppendCitizen, AppendDossier, AppendStepCopy
// and AppendEventCopy write them. The dossiers must carry ids reserved by ReserveDossierIDs; steps
// and events refer to them. Accounts carry ids from LockCitizenIDs, given either when the row is
// written or, for accounts written as chunk-local, by Rebase once the chunk's place in the load is
// known.
type CopyChunk struct {
	Citizens, Dossiers, Steps, Events []byte
	// N counts the dossiers, Accounts the portal accounts.
	N, Accounts int

	localCitizens []int // positions in Citizens of chunk-local account ids
	localOwners   []int // positions in Dossiers of chunk-local owner ids
}

// Reset empties the chunk for reuse.
func (c *CopyChunk) Reset() {
	c.Citizens, c.Dossiers, c.Steps, c.Events, c.N, c.Accounts = c.Citizens[:0], c.Dossiers[:0], c.Steps[:0], c.Events[:0], 0, 0
	c.localCitizens, c.localOwners = c.localCitizens[:0], c.localOwners[:0]
}

// AppendCitizen appends a as one row of COPY citizens, with a.ID, stored with passwordHash ("" for
// an account without a password, that no password signs into). With local, a.ID is the account's
// number within the chunk, from 0, which Rebase turns into its id.
func (c *CopyChunk) AppendCitizen(a *citizen.Account, passwordHash string, local bool) {
	at := len(c.Citizens)
	if at == 0 {
		at = len(copyHeader)
	}
	c.Citizens = AppendCitizenCopy(c.Citizens, a, passwordHash)
	if local {
		c.localCitizens = append(c.localCitizens, at+2+4) // after the field count and the id's length
	}
	c.Accounts++
}

// AppendDossier appends d as one row of COPY dossiers, owned by the portal account owner (0 for
// none). With localOwner, owner is the chunk-local number of an account of this chunk (see
// AppendCitizen).
func (c *CopyChunk) AppendDossier(d *DossierRow, owner int64, localOwner bool) {
	c.Dossiers = appendDossierCopy(c.Dossiers, d, owner, localOwner)
	if localOwner {
		c.localOwners = append(c.localOwners, len(c.Dossiers)-8) // the owner is the row's last field
	}
	c.N++
}

// Rebase gives the chunk-local accounts their ids, first, first+1, … in the order they were
// appended, in their rows and in those of the dossiers they own. Call it once, before Copy.
func (c *CopyChunk) Rebase(first int64) {
	for _, buf := range []struct {
		b   []byte
		pos []int
	}{{c.Citizens, c.localCitizens}, {c.Dossiers, c.localOwners}} {
		for _, p := range buf.pos {
			v := int64(binary.BigEndian.Uint64(buf.b[p:]))
			binary.BigEndian.PutUint64(buf.b[p:], uint64(v+first))
		}
	}
}

const (
	copyDossiers = `COPY %sdossiers (id, code, procedure_version_id, procedure_code, procedure_name, variant_code, channel,
		subject_kind, applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email,
		receiving_unit_id, receiving_unit_path, lead_unit_id, current_unit_id, current_unit_path, current_user_id, calendar_key,
		state, national_status, paper, fee_mode, fee_amount, fees_paid, submitted_at, received_at, due_at, original_due_at,
		transfer_due_at, processed_at, returned_at, paused_at, paused_minutes, supplement_count, apology_count, has_result,
		result_note, result_file, revision, created_at, updated_at, owner_citizen_id) FROM STDIN`
	copySteps = `COPY %sdossier_steps (dossier_id, no, workflow_index, name, role, inter_agency, from_unit_id,
		from_user_id, to_unit_id, to_user_id, allotted_value, allotted_unit, handed_at, due_at, done_at, status, outcome, note) FROM STDIN`
	copyEvents   = `COPY %sdossier_events (dossier_id, at, actor_id, actor_name, action, from_state, to_state, reason, data) FROM STDIN`
	copyCitizens = `COPY %scitizens (id, kind, full_name, email, phone, password_hash, personal_id, birth_date, tax_code,
		representative, disabled, created_at, updated_at) FROM STDIN`
)

// Copy stores a chunk: its portal accounts, its dossiers, then their control-sheet rows and
// timeline entries.
func (l *DossierLoad) Copy(ctx context.Context, c *CopyChunk) error {
	return l.conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn().PgConn()
		for _, part := range []struct {
			sql  string
			data []byte
		}{{copyCitizens, c.Citizens}, {copyDossiers, c.Dossiers}, {copySteps, c.Steps}, {copyEvents, c.Events}} {
			if len(part.data) == 0 {
				continue
			}
			r := io.MultiReader(bytes.NewReader(part.data), bytes.NewReader(copyTrailer))
			if _, err := pc.CopyFrom(ctx, r, fmt.Sprintf(part.sql, l.prefix)+" WITH (FORMAT binary)"); err != nil {
				return errs.Wrap(err, "copy")
			}
		}
		return nil
	})
}

// appendDossierCopy appends d as one row of COPY dossiers, with its ID, owned by the portal account
// owner: NULL for 0 unless ownerSet (a chunk-local id may be 0).
func appendDossierCopy(b []byte, d *DossierRow, owner int64, ownerSet bool) []byte {
	b = cpRow(b, 45)
	b = cpInt8(b, d.ID)
	b = cpText(b, d.Code)
	b = cpInt8(b, d.ProcedureVersionID)
	b = cpText(b, d.ProcedureCode)
	b = cpText(b, d.ProcedureName)
	b = cpText(b, d.VariantCode)
	b = cpInt4(b, d.Channel)
	b = cpInt4(b, d.SubjectKind)
	b = cpText(b, d.ApplicantName)
	b = cpText(b, d.ApplicantIDNumber)
	b = cpDate(b, d.ApplicantBirthDate)
	b = cpText(b, d.ApplicantAddress)
	b = cpText(b, d.ApplicantPhone)
	b = cpText(b, d.ApplicantEmail)
	b = cpInt8(b, d.ReceivingUnitID)
	b = cpText(b, d.ReceivingUnitPath)
	b = cpID(b, d.LeadUnitID)
	b = cpInt8(b, d.CurrentUnitID)
	b = cpText(b, d.CurrentUnitPath)
	b = cpID(b, d.CurrentUserID)
	b = cpText(b, d.CalendarKey)
	b = cpText(b, string(d.State))
	b = cpInt4(b, int(d.NationalStatus))
	b = cpBool(b, d.Paper)
	b = cpInt4(b, int(d.FeeMode))
	b = cpInt8(b, d.FeeAmount)
	b = cpBool(b, d.FeesPaid)
	for _, t := range []time.Time{d.SubmittedAt, d.ReceivedAt, d.DueAt, d.OriginalDueAt, d.TransferDueAt, d.ProcessedAt, d.ReturnedAt, d.PausedAt} {
		b = cpTime(b, t)
	}
	b = cpInt8(b, d.PausedMinutes)
	b = cpInt4(b, d.SupplementCount)
	b = cpInt4(b, d.ApologyCount)
	b = cpBool(b, d.HasResult)
	b = cpText(b, d.ResultNote)
	b = cpText(b, d.ResultFile)
	b = cpInt8(b, max(d.Revision, 1))
	b = cpTime(b, d.CreatedAt)
	b = cpTime(b, d.UpdatedAt)
	if ownerSet {
		return cpInt8(b, owner)
	}
	return cpID(b, owner)
}

// AppendCitizenCopy appends a as one row of COPY citizens, with its ID, stored with passwordHash.
// Its updated_at is its CreatedAt.
func AppendCitizenCopy(b []byte, a *citizen.Account, passwordHash string) []byte {
	b = cpRow(b, 13)
	b = cpInt8(b, a.ID)
	b = cpText(b, string(a.Kind))
	b = cpText(b, a.FullName)
	b = cpNullText(b, a.Email)
	b = cpNullText(b, a.Phone)
	b = cpText(b, passwordHash)
	b = cpText(b, a.PersonalID)
	b = cpDate(b, a.BirthDate)
	b = cpText(b, a.TaxCode)
	b = cpText(b, a.Representative)
	b = cpBool(b, a.Disabled)
	b = cpTime(b, a.CreatedAt)
	return cpTime(b, a.CreatedAt)
}

// AppendStepCopy appends s as one row of COPY dossier_steps.
func AppendStepCopy(b []byte, s *StepRow) []byte {
	b = cpRow(b, 18)
	b = cpInt8(b, s.DossierID)
	b = cpInt4(b, s.No)
	b = cpInt4(b, s.WorkflowIndex)
	b = cpText(b, s.Name)
	b = cpText(b, s.Role)
	b = cpBool(b, s.InterAgency)
	b = cpID(b, s.FromUnitID)
	b = cpID(b, s.FromUserID)
	b = cpInt8(b, s.ToUnitID)
	b = cpID(b, s.ToUserID)
	b = binary.BigEndian.AppendUint32(b, 8)
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(s.Allotted.Value))
	b = cpText(b, string(s.Allotted.Unit))
	b = cpTime(b, s.HandedAt)
	b = cpTime(b, s.DueAt)
	b = cpTime(b, s.DoneAt)
	b = cpText(b, string(s.Status))
	b = cpInt4(b, int(s.Outcome))
	return cpText(b, s.Note)
}

// AppendEventCopy appends e as one row of COPY dossier_events.
func AppendEventCopy(b []byte, e *EventRow) []byte {
	b = cpRow(b, 9)
	b = cpInt8(b, e.DossierID)
	b = cpTime(b, e.At)
	b = cpID(b, e.ActorID)
	b = cpText(b, e.ActorName)
	b = cpText(b, e.Action)
	b = cpText(b, string(e.From))
	b = cpText(b, string(e.To))
	b = cpText(b, e.Reason)
	data := e.Data
	if data == "" {
		data = "{}"
	}
	return cpText(b, data)
}

// PostgreSQL's binary COPY format: a header, then per row the number of fields and each field as
// its length (-1 for NULL) and its binary value; a trailer ends the stream. Binary values spare
// the server the parsing of text (timestamps above all), which is most of the cost of COPY.

var (
	copyHeader  = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	copyTrailer = []byte{0xff, 0xff}
	pgEpoch     = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
)

func cpRow(b []byte, fields int) []byte {
	if len(b) == 0 {
		b = append(b, copyHeader...)
	}
	return binary.BigEndian.AppendUint16(b, uint16(fields))
}

func cpNull(b []byte) []byte { return binary.BigEndian.AppendUint32(b, 0xffffffff) }

func cpText(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// cpNullText writes s, or NULL for "".
func cpNullText(b []byte, s string) []byte {
	if s == "" {
		return cpNull(b)
	}
	return cpText(b, s)
}

func cpInt8(b []byte, n int64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(n))
}

func cpInt4(b []byte, n int) []byte {
	b = binary.BigEndian.AppendUint32(b, 4)
	return binary.BigEndian.AppendUint32(b, uint32(int32(n)))
}

func cpID(b []byte, id int64) []byte {
	if id == 0 {
		return cpNull(b)
	}
	return cpInt8(b, id)
}

func cpBool(b []byte, v bool) []byte {
	b = binary.BigEndian.AppendUint32(b, 1)
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// cpTime writes a timestamptz: microseconds since 2000-01-01 UTC.
func cpTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return cpNull(b)
	}
	return cpInt8(b, t.Sub(pgEpoch).Microseconds())
}

// cpDate writes a date (its Y-M-D): days since 2000-01-01.
func cpDate(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return cpNull(b)
	}
	days := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Sub(pgEpoch).Hours() / 24
	b = binary.BigEndian.AppendUint32(b, 4)
	return binary.BigEndian.AppendUint32(b, uint32(int32(math.Round(days))))
}
