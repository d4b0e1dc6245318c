package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
)

// DossierRow is a stored dossier (hồ sơ). Revision increases on every change and makes two
// officials acting at once conflict instead of overwriting each other.
type DossierRow struct {
	ID                 int64
	Code               string
	ProcedureVersionID int64
	ProcedureCode      string
	ProcedureName      string
	VariantCode        string
	Channel            int // 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích
	SubjectKind        int // 0 công dân, 1 doanh nghiệp, 2 hộ kinh doanh

	ApplicantName      string
	ApplicantIDNumber  string
	ApplicantBirthDate time.Time // zero when not given
	ApplicantAddress   string
	ApplicantPhone     string
	ApplicantEmail     string

	ReceivingUnitID   int64
	ReceivingUnitPath string
	LeadUnitID        int64
	CurrentUnitID     int64
	CurrentUnitPath   string
	CurrentUserID     int64
	CalendarKey       string

	State          dossier.State
	NationalStatus dossier.NationalStatus
	Paper          bool
	FeeMode        dossier.FeeMode
	FeeAmount      int64
	FeesPaid       bool

	SubmittedAt, ReceivedAt, DueAt, OriginalDueAt, TransferDueAt time.Time
	ProcessedAt, ReturnedAt, PausedAt                            time.Time
	PausedMinutes                                                int64
	SupplementCount, ApologyCount                                int
	HasResult                                                    bool
	ResultNote, ResultFile                                       string

	Revision             int64
	CreatedAt, UpdatedAt time.Time
}

const dossierCols = `d.id, d.code, d.procedure_version_id, d.procedure_code, d.procedure_name, d.variant_code, d.channel,
	d.subject_kind, d.applicant_name, d.applicant_id_number, d.applicant_birth_date, d.applicant_address, d.applicant_phone,
	d.applicant_email, d.receiving_unit_id, d.receiving_unit_path, COALESCE(d.lead_unit_id, 0), d.current_unit_id,
	d.current_unit_path, COALESCE(d.current_user_id, 0), d.calendar_key, d.state, d.national_status, d.paper, d.fee_mode,
	d.fee_amount, d.fees_paid, d.submitted_at, d.received_at, d.due_at, d.original_due_at, d.transfer_due_at, d.processed_at,
	d.returned_at, d.paused_at, d.paused_minutes, d.supplement_count, d.apology_count, d.has_result, d.result_note,
	d.result_file, d.revision, d.created_at, d.updated_at`

// scanDossier scans the dossierCols of a row, then extra destinations for columns that follow.
func scanDossier(sc interface{ Scan(...any) error }, extra ...any) (*DossierRow, error) {
	var d DossierRow
	var state string
	dest := []any{&d.ID, &d.Code, &d.ProcedureVersionID, &d.ProcedureCode, &d.ProcedureName, &d.VariantCode, &d.Channel,
		&d.SubjectKind, &d.ApplicantName, &d.ApplicantIDNumber, tm(&d.ApplicantBirthDate), &d.ApplicantAddress, &d.ApplicantPhone,
		&d.ApplicantEmail, &d.ReceivingUnitID, &d.ReceivingUnitPath, &d.LeadUnitID, &d.CurrentUnitID,
		&d.CurrentUnitPath, &d.CurrentUserID, &d.CalendarKey, &state, &d.NationalStatus, &d.Paper, &d.FeeMode,
		&d.FeeAmount, &d.FeesPaid, tm(&d.SubmittedAt), tm(&d.ReceivedAt), tm(&d.DueAt), tm(&d.OriginalDueAt), tm(&d.TransferDueAt),
		tm(&d.ProcessedAt), tm(&d.ReturnedAt), tm(&d.PausedAt), &d.PausedMinutes, &d.SupplementCount, &d.ApologyCount,
		&d.HasResult, &d.ResultNote, &d.ResultFile, &d.Revision, tm(&d.CreatedAt), tm(&d.UpdatedAt)}
	err := sc.Scan(append(dest, extra...)...)
	d.State = dossier.State(state)
	return &d, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ErrUnknownDossier is the NotFound error for a dossier code that is not stored (or not visible:
// the service says the same for both, so that codes cannot be probed).
func ErrUnknownDossier(code string) error {
	return errs.New(errs.NotFound, "unknown_dossier", "Không tìm thấy hồ sơ mã "+code+".", "No dossier with code "+code+".")
}

// TakeDossierSequence takes the next daily sequence number of the receiving unit organID for the
// local date d (dossier.DailySequence), under a row lock held until the transaction ends: two
// transactions, in one process or in two on one PostgreSQL, never get the same number, and a
// number is never given twice even when the transaction that took it is later rolled back and
// retried (it then takes another). Errors: Conflict (sequence_date_backwards).
func (tx *Tx) TakeDossierSequence(ctx context.Context, organID string, d calendar.Date) (int, error) {
	// The unit's row exists after its first reception: lock and read it (one statement); only
	// the first time is it made (ON CONFLICT: two first receptions at once make one row).
	var day time.Time
	var next int
	lock := `SELECT seq_date, next FROM dossier_sequences WHERE organ_id = ?` + tx.forUpdate()
	err := tx.queryRow(ctx, lock, organID).Scan(tm(&day), &next)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.exec(ctx, `INSERT INTO dossier_sequences (organ_id, seq_date, next) VALUES (?, ?, 1) ON CONFLICT (organ_id) DO NOTHING`,
			organID, d.String()); err != nil {
			return 0, errs.Wrap(err, "dossier sequence")
		}
		err = tx.queryRow(ctx, lock, organID).Scan(tm(&day), &next)
	}
	if err != nil {
		return 0, errs.Wrap(err, "dossier sequence")
	}
	seqDate, err := calendar.ParseDate(day.Format(time.DateOnly))
	if err != nil {
		return 0, errs.Wrap(err, "dossier sequence")
	}
	n, after, err := dossier.DailySequence{Date: seqDate, Next: next}.Take(d)
	if err != nil {
		return 0, err
	}
	// The row is locked: the advance is sent with the next statement (writeLater).
	if err := tx.writeLater(ctx, statement{`UPDATE dossier_sequences SET seq_date = ?, next = ? WHERE organ_id = ?`,
		[]any{after.Date.String(), after.Next, organID}}); err != nil {
		return 0, errs.Wrap(err, "dossier sequence")
	}
	return n, nil
}

// InsertDossier stores a new dossier and sets its ID. A code already stored is a Conflict
// "duplicate_dossier_code" (never expected: codes come from TakeDossierSequence).
func (tx *Tx) InsertDossier(ctx context.Context, d *DossierRow) error {
	q, args := tx.dossierInsert(d)
	id, err := tx.insert(ctx, q, args...)
	if isUniqueViolation(err) {
		return errs.New(errs.Conflict, "duplicate_dossier_code", "Mã hồ sơ "+d.Code+" đã được cấp.", "Dossier code "+d.Code+" is taken.")
	}
	if err != nil {
		return errs.Wrap(err, "insert dossier")
	}
	d.ID, d.Revision = id, 1
	return nil
}

// dossierInsert is the statement storing a new dossier (without RETURNING).
func (tx *Tx) dossierInsert(d *DossierRow) (string, []any) {
	return `INSERT INTO dossiers (code, procedure_version_id, procedure_code, procedure_name, variant_code, channel,
		subject_kind, applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email,
		receiving_unit_id, receiving_unit_path, lead_unit_id, current_unit_id, current_unit_path, current_user_id, calendar_key,
		state, national_status, paper, fee_mode, fee_amount, fees_paid, submitted_at, received_at, due_at, original_due_at,
		transfer_due_at, processed_at, returned_at, paused_at, paused_minutes, supplement_count, apology_count, has_result,
		result_note, result_file, revision, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		[]any{d.Code, d.ProcedureVersionID, d.ProcedureCode, d.ProcedureName, d.VariantCode, d.Channel,
			d.SubjectKind, d.ApplicantName, d.ApplicantIDNumber, tx.date(d.ApplicantBirthDate), d.ApplicantAddress, d.ApplicantPhone, d.ApplicantEmail,
			d.ReceivingUnitID, d.ReceivingUnitPath, nullID(d.LeadUnitID), d.CurrentUnitID, d.CurrentUnitPath, nullID(d.CurrentUserID), d.CalendarKey,
			string(d.State), int(d.NationalStatus), d.Paper, int(d.FeeMode), d.FeeAmount, d.FeesPaid, tx.ts(d.SubmittedAt), tx.ts(d.ReceivedAt),
			tx.ts(d.DueAt), tx.ts(d.OriginalDueAt), tx.ts(d.TransferDueAt), tx.ts(d.ProcessedAt), tx.ts(d.ReturnedAt), tx.ts(d.PausedAt),
			d.PausedMinutes, d.SupplementCount, d.ApologyCount, d.HasResult, d.ResultNote, d.ResultFile, tx.ts(d.CreatedAt), tx.ts(d.UpdatedAt)}
}

// Dossier returns the dossier with the given code, or ErrUnknownDossier.
func (tx *Tx) Dossier(ctx context.Context, code string) (*DossierRow, error) {
	d, err := scanDossier(tx.queryRow(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE d.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownDossier(code)
	}
	return d, errs.Wrap(err, "dossier")
}

// UpdateDossier stores d over the stored dossier provided the stored revision is still
// d.Revision, and increments d.Revision. Otherwise (someone acted on the dossier meanwhile) it
// changes nothing and returns Conflict "dossier_changed". The code, procedure, applicant and
// receiving unit never change.
func (tx *Tx) UpdateDossier(ctx context.Context, d *DossierRow) error {
	res, err := tx.exec(ctx, `UPDATE dossiers SET lead_unit_id = ?, current_unit_id = ?, current_unit_path = ?, current_user_id = ?,
		state = ?, national_status = ?, paper = ?, fee_mode = ?, fee_amount = ?, fees_paid = ?, submitted_at = ?, received_at = ?,
		due_at = ?, original_due_at = ?, transfer_due_at = ?, processed_at = ?, returned_at = ?, paused_at = ?, paused_minutes = ?,
		supplement_count = ?, apology_count = ?, has_result = ?, result_note = ?, result_file = ?, revision = revision + 1,
		updated_at = ?
		WHERE id = ? AND revision = ?`,
		nullID(d.LeadUnitID), d.CurrentUnitID, d.CurrentUnitPath, nullID(d.CurrentUserID),
		string(d.State), int(d.NationalStatus), d.Paper, int(d.FeeMode), d.FeeAmount, d.FeesPaid, tx.ts(d.SubmittedAt), tx.ts(d.ReceivedAt),
		tx.ts(d.DueAt), tx.ts(d.OriginalDueAt), tx.ts(d.TransferDueAt), tx.ts(d.ProcessedAt), tx.ts(d.ReturnedAt), tx.ts(d.PausedAt), d.PausedMinutes,
		d.SupplementCount, d.ApologyCount, d.HasResult, d.ResultNote, d.ResultFile,
		tx.ts(d.UpdatedAt), d.ID, d.Revision)
	if err != nil {
		return errs.Wrap(err, "update dossier")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.New(errs.Conflict, "dossier_changed", "Hồ sơ "+d.Code+" vừa được người khác xử lý; vui lòng tải lại trang và thử lại.",
			"Dossier "+d.Code+" was changed by someone else meanwhile; reload and try again.")
	}
	d.Revision++
	return nil
}

// ComponentRow is a document handed in with a dossier.
type ComponentRow struct {
	Code                                    string
	Name                                    string
	Required                                bool
	Provided                                bool
	Originals, CertifiedCopies, Photocopies int
}

// componentCols are a component's columns but its dossier_id, componentValues their values.
const (
	componentCols = `component_code, name, required, provided, originals, certified_copies, photocopies`
	componentN    = 7
)

func componentValues(c ComponentRow) []any {
	return []any{c.Code, c.Name, c.Required, c.Provided, c.Originals, c.CertifiedCopies, c.Photocopies}
}

// InsertComponents stores the components of dossier id.
func (tx *Tx) InsertComponents(ctx context.Context, id int64, cs []ComponentRow) error {
	if len(cs) == 0 {
		return nil
	}
	// One statement for all of them.
	var b strings.Builder
	args := make([]any, 0, 8*len(cs))
	b.WriteString(`INSERT INTO dossier_components (dossier_id, ` + componentCols + `) VALUES `)
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, " + placeholders(componentN) + ")")
		args = append(append(args, id), componentValues(c)...)
	}
	if _, err := tx.exec(ctx, b.String(), args...); err != nil {
		return errs.Wrap(err, "insert component")
	}
	return nil
}

// SetComponentsProvided marks components of dossier id as handed in (a supplement).
func (tx *Tx) SetComponentsProvided(ctx context.Context, id int64, codes []string) error {
	for _, c := range codes {
		if _, err := tx.exec(ctx, `UPDATE dossier_components SET provided = ? WHERE dossier_id = ? AND component_code = ?`, true, id, c); err != nil {
			return errs.Wrap(err, "update component")
		}
	}
	return nil
}

// Components lists the components of dossier id in code order.
func (tx *Tx) Components(ctx context.Context, id int64) ([]ComponentRow, error) {
	rows, err := tx.query(ctx, `SELECT component_code, name, required, provided, originals, certified_copies, photocopies
		FROM dossier_components WHERE dossier_id = ? ORDER BY component_code`, id)
	if err != nil {
		return nil, errs.Wrap(err, "components")
	}
	defer rows.Close()
	var out []ComponentRow
	for rows.Next() {
		var c ComponentRow
		if err := rows.Scan(&c.Code, &c.Name, &c.Required, &c.Provided, &c.Originals, &c.CertifiedCopies, &c.Photocopies); err != nil {
			return nil, errs.Wrap(err, "components")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "components")
}

// StepRow is a row of the control sheet.
type StepRow struct {
	ID            int64
	DossierID     int64
	WorkflowIndex int // the step of the pinned version's workflow it carries out
	Name          string
	Role          string
	InterAgency   bool
	dossier.Step
}

// InsertStep stores a control-sheet row and sets its ID.
func (tx *Tx) InsertStep(ctx context.Context, s *StepRow) error {
	id, err := tx.insert(ctx, `INSERT INTO dossier_steps (dossier_id, `+stepCols+`) VALUES (?, `+placeholders(stepN)+`)`,
		append([]any{s.DossierID}, tx.stepValues(s)...)...)
	if err != nil {
		return errs.Wrap(err, "insert step")
	}
	s.ID = id
	return nil
}

// stepCols are a control-sheet row's columns but its id and dossier_id, stepValues their values.
const (
	stepCols = `no, workflow_index, name, role, inter_agency, from_unit_id, from_user_id, to_unit_id, to_user_id,
		allotted_value, allotted_unit, handed_at, due_at, done_at, status, outcome, note`
	stepN = 17
)

func (tx *Tx) stepValues(s *StepRow) []any {
	return []any{s.No, s.WorkflowIndex, s.Name, s.Role, s.InterAgency, nullID(s.FromUnitID), nullID(s.FromUserID),
		s.ToUnitID, nullID(s.ToUserID), s.Allotted.Value, string(s.Allotted.Unit), tx.ts(s.HandedAt), tx.ts(s.DueAt),
		tx.ts(s.DoneAt), string(s.Status), int(s.Outcome), s.Note}
}

// UpdateStep stores the changeable part of a control-sheet row: assignee, dates, status,
// outcome and note.
func (tx *Tx) UpdateStep(ctx context.Context, s *StepRow) error {
	_, err := tx.exec(ctx, `UPDATE dossier_steps SET to_user_id = ?, due_at = ?, done_at = ?, status = ?, outcome = ?, note = ? WHERE id = ?`,
		nullID(s.ToUserID), tx.ts(s.DueAt), tx.ts(s.DoneAt), string(s.Status), int(s.Outcome), s.Note, s.ID)
	return errs.Wrap(err, "update step")
}

// Steps lists the control sheet of dossier id in order.
func (tx *Tx) Steps(ctx context.Context, id int64) ([]*StepRow, error) {
	rows, err := tx.query(ctx, `SELECT id, dossier_id, no, workflow_index, name, role, inter_agency, COALESCE(from_unit_id, 0),
		COALESCE(from_user_id, 0), to_unit_id, COALESCE(to_user_id, 0), allotted_value, allotted_unit, handed_at, due_at, done_at,
		status, outcome, note FROM dossier_steps WHERE dossier_id = ? ORDER BY no`, id)
	if err != nil {
		return nil, errs.Wrap(err, "steps")
	}
	defer rows.Close()
	var out []*StepRow
	for rows.Next() {
		var s StepRow
		var unit, status string
		if err := rows.Scan(&s.ID, &s.DossierID, &s.No, &s.WorkflowIndex, &s.Name, &s.Role, &s.InterAgency, &s.FromUnitID,
			&s.FromUserID, &s.ToUnitID, &s.ToUserID, &s.Allotted.Value, &unit, tm(&s.HandedAt), tm(&s.DueAt), tm(&s.DoneAt),
			&status, &s.Outcome, &s.Note); err != nil {
			return nil, errs.Wrap(err, "steps")
		}
		s.Allotted.Unit, s.Status = calendar.Unit(unit), dossier.StepStatus(status)
		s.ReceivedAt = s.HandedAt
		out = append(out, &s)
	}
	return out, errs.Wrap(rows.Err(), "steps")
}

// EventRow is one entry of a dossier's timeline.
type EventRow struct {
	ID        int64
	DossierID int64
	At        time.Time
	ActorID   int64
	ActorName string
	Action    string
	From, To  dossier.State
	Reason    string
	Data      string // JSON: details the forms print
}

// InsertEvent appends to a dossier's timeline.
func (tx *Tx) InsertEvent(ctx context.Context, e *EventRow) error {
	id, err := tx.insert(ctx, `INSERT INTO dossier_events (dossier_id, `+eventCols+`) VALUES (?, `+placeholders(eventN)+`)`,
		append([]any{e.DossierID}, tx.eventValues(e)...)...)
	e.ID = id
	return errs.Wrap(err, "insert event")
}

// eventCols are a timeline event's columns but its id and dossier_id, eventValues their values.
const (
	eventCols = `at, actor_id, actor_name, action, from_state, to_state, reason, data`
	eventN    = 8
)

func (tx *Tx) eventValues(e *EventRow) []any {
	if e.Data == "" {
		e.Data = "{}"
	}
	return []any{tx.ts(e.At), nullID(e.ActorID), e.ActorName, e.Action, string(e.From), string(e.To), e.Reason, e.Data}
}

// Events lists the timeline of dossier id, oldest first.
func (tx *Tx) Events(ctx context.Context, id int64) ([]*EventRow, error) {
	rows, err := tx.query(ctx, `SELECT id, dossier_id, at, COALESCE(actor_id, 0), actor_name, action, from_state, to_state, reason, data
		FROM dossier_events WHERE dossier_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "events")
	}
	defer rows.Close()
	var out []*EventRow
	for rows.Next() {
		var e EventRow
		var from, to string
		if err := rows.Scan(&e.ID, &e.DossierID, tm(&e.At), &e.ActorID, &e.ActorName, &e.Action, &from, &to, &e.Reason, &e.Data); err != nil {
			return nil, errs.Wrap(err, "events")
		}
		e.From, e.To = dossier.State(from), dossier.State(to)
		out = append(out, &e)
	}
	return out, errs.Wrap(rows.Err(), "events")
}

// InboxFilter selects dossiers for an official's lists. Scopes is required: the unit paths the
// official may see (current unit under one of them).
type InboxFilter struct {
	Scopes []string
	// UserID keeps the dossiers assigned to this official.
	UserID int64
	// States keeps these states; empty means every open state (not closed, not returned).
	States []dossier.State
	// DueBefore keeps dossiers due before this instant (overdue, due soon).
	DueBefore time.Time
	// DueBeforeFor narrows DueBefore for the dossiers of some calendars: one whose calendar key
	// is in it is kept only when due before that instant too (due soon: one working day of its
	// own calendar).
	DueBeforeFor map[string]time.Time
	// ProcedureCode and Query (code or applicant ID prefix) narrow the list.
	ProcedureCode string
	Query         string
	// After is the keyset cursor: the (due_at, id) of the last row of the previous page.
	AfterDue time.Time
	AfterID  int64
	Limit    int
}

// openStates are the states an inbox lists by default.
var openStates = []dossier.State{dossier.Submitted, dossier.ReceptionSupplement, dossier.Received, dossier.InProcessing,
	dossier.InInterconnection, dossier.AwaitingSupplement, dossier.AwaitingPayment, dossier.WithdrawalRequested, dossier.ResultReady}

// Inbox lists dossiers by due date then id (no due date last), one page after the cursor.
func (tx *Tx) Inbox(ctx context.Context, f InboxFilter) ([]*DossierRow, error) {
	if len(f.Scopes) == 0 {
		return nil, nil
	}
	var where []string
	var args []any
	var scope []string
	for _, s := range f.Scopes {
		scope = append(scope, `d.current_unit_path LIKE ? ESCAPE '\'`)
		args = append(args, likePrefix(s))
	}
	where = append(where, "("+strings.Join(scope, " OR ")+")")
	states := f.States
	if len(states) == 0 {
		states = openStates
	}
	where = append(where, `d.state IN (`+strings.TrimSuffix(strings.Repeat("?,", len(states)), ",")+`)`)
	for _, s := range states {
		args = append(args, string(s))
	}
	if f.UserID != 0 {
		where = append(where, `d.current_user_id = ?`)
		args = append(args, f.UserID)
	}
	if !f.DueBefore.IsZero() {
		where = append(where, `d.due_at < ?`)
		args = append(args, tx.ts(f.DueBefore))
	}
	keys := slices.Sorted(maps.Keys(f.DueBeforeFor))
	for _, k := range keys {
		where = append(where, `NOT (d.calendar_key = ? AND d.due_at >= ?)`)
		args = append(args, k, tx.ts(f.DueBeforeFor[k]))
	}
	if f.ProcedureCode != "" {
		where = append(where, `d.procedure_code = ?`)
		args = append(args, f.ProcedureCode)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(d.code LIKE ? ESCAPE '\' OR d.applicant_id_number LIKE ? ESCAPE '\')`)
		args = append(args, likePrefix(q), likePrefix(q))
	}
	// Keyset: rows with a due date come first; the far-future sentinel orders those without.
	far := tx.ts(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
	due := `COALESCE(d.due_at, ?)`
	if f.AfterID != 0 {
		after := f.AfterDue
		if after.IsZero() {
			after = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		where = append(where, `(`+due+` > ? OR (`+due+` = ? AND d.id > ?))`)
		args = append(args, far, tx.ts(after), far, tx.ts(after), f.AfterID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	args = append(args, far, limit)
	rows, err := tx.query(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+due+`, d.id LIMIT ?`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "inbox")
	}
	defer rows.Close()
	var out []*DossierRow
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, errs.Wrap(err, "inbox")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "inbox")
}

// OpenDossiersOnCalendar lists open dossiers (clock running or paused) whose due date may depend
// on the calendar key: those received at a unit using it. It returns at most limit rows.
func (tx *Tx) OpenDossiersOnCalendar(ctx context.Context, key string, limit int) ([]*DossierRow, error) {
	rows, err := tx.query(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE d.calendar_key = ? AND d.state IN (?, ?, ?, ?, ?)
		ORDER BY d.due_at, d.id LIMIT ?`, key, string(dossier.Received), string(dossier.InProcessing), string(dossier.InInterconnection),
		string(dossier.AwaitingSupplement), string(dossier.AwaitingPayment), limit)
	if err != nil {
		return nil, errs.Wrap(err, "open dossiers")
	}
	defer rows.Close()
	var out []*DossierRow
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, errs.Wrap(err, "open dossiers")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "open dossiers")
}

// PublicDossier is what the public lookup shows of a dossier: no personal data.
type PublicDossier struct {
	ID                                                int64 // not public: for the lookup cache
	Code, ProcedureCode, ProcedureName, ReceivingUnit string
	State                                             dossier.State
	NationalStatus                                    dossier.NationalStatus
	ReceivedAt, DueAt, ProcessedAt, ReturnedAt        time.Time
}

// LookupPublicDossier reads the public part of dossier code in one statement outside any
// transaction (the public lookup is the busiest read). A draft is reported as unknown.
func (db *DB) LookupPublicDossier(ctx context.Context, code string) (*PublicDossier, error) {
	var p PublicDossier
	var state string
	err := db.SQL.QueryRowContext(ctx, db.q(`SELECT d.id, d.code, d.procedure_code, d.procedure_name, u.name, d.state, d.national_status,
		d.received_at, d.due_at, d.processed_at, d.returned_at
		FROM dossiers d JOIN units u ON u.id = d.receiving_unit_id WHERE d.code = ? AND d.state <> ?`), code, string(dossier.Draft)).
		Scan(&p.ID, &p.Code, &p.ProcedureCode, &p.ProcedureName, &p.ReceivingUnit, &state, &p.NationalStatus,
			tm(&p.ReceivedAt), tm(&p.DueAt), tm(&p.ProcessedAt), tm(&p.ReturnedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownDossier(code)
	}
	if err != nil {
		return nil, errs.Wrap(err, "lookup dossier")
	}
	p.State = dossier.State(state)
	return &p, nil
}
