package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// Drafts of online submissions (hồ sơ nháp) and the form values of submitted dossiers.

// DraftRow is a dossier being prepared on the portal by a portal account. Data is the JSON the
// service keeps (values entered, their sources).
type DraftRow struct {
	ID            int64
	CitizenID     int64
	ProcedureCode string
	VariantCode   string
	UnitID        int64
	Data          string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// DraftFileRow is a file uploaded to a draft. Slot is a component code or "form.<field>".
type DraftFileRow struct {
	ID          int64
	DraftID     int64
	Slot        string
	Name        string
	SHA256      string
	Size        int64
	ContentType string
	UploadedAt  time.Time
}

// ErrUnknownDraft is the NotFound error for a draft that does not exist or is someone else's.
var ErrUnknownDraft = errs.New(errs.NotFound, "unknown_draft", "Không tìm thấy hồ sơ nháp.", "No such draft.")

// InsertDraft stores a new draft and sets its ID.
func (tx *Tx) InsertDraft(ctx context.Context, d *DraftRow) error {
	id, err := tx.insert(ctx, `INSERT INTO dossier_drafts (citizen_id, procedure_code, variant_code, unit_id, data, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.CitizenID, d.ProcedureCode, d.VariantCode, nullID(d.UnitID), d.Data, tx.ts(d.CreatedAt), tx.ts(d.UpdatedAt))
	d.ID = id
	return errs.Wrap(err, "insert draft")
}

// UpdateDraft stores the variant, unit and data of d.
func (tx *Tx) UpdateDraft(ctx context.Context, d *DraftRow) error {
	_, err := tx.exec(ctx, `UPDATE dossier_drafts SET variant_code = ?, unit_id = ?, data = ?, updated_at = ? WHERE id = ?`,
		d.VariantCode, nullID(d.UnitID), d.Data, tx.ts(d.UpdatedAt), d.ID)
	return errs.Wrap(err, "update draft")
}

const draftCols = `id, citizen_id, procedure_code, variant_code, COALESCE(unit_id, 0), data, created_at, updated_at`

func scanDraft(sc interface{ Scan(...any) error }) (*DraftRow, error) {
	var d DraftRow
	err := sc.Scan(&d.ID, &d.CitizenID, &d.ProcedureCode, &d.VariantCode, &d.UnitID, &d.Data, tm(&d.CreatedAt), tm(&d.UpdatedAt))
	return &d, err
}

// Draft returns draft id of portal account citizenID, or ErrUnknownDraft (also for another
// account's draft).
func (tx *Tx) Draft(ctx context.Context, citizenID, id int64) (*DraftRow, error) {
	return tx.draft(ctx, citizenID, id, "")
}

// LockDraft is Draft in a write transaction: the row stays locked until the transaction ends,
// so that a draft is submitted once.
func (tx *Tx) LockDraft(ctx context.Context, citizenID, id int64) (*DraftRow, error) {
	return tx.draft(ctx, citizenID, id, tx.forUpdate())
}

func (tx *Tx) draft(ctx context.Context, citizenID, id int64, lock string) (*DraftRow, error) {
	d, err := scanDraft(tx.queryRow(ctx, `SELECT `+draftCols+` FROM dossier_drafts WHERE id = ? AND citizen_id = ?`+lock, id, citizenID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownDraft
	}
	return d, errs.Wrap(err, "draft")
}

// Drafts lists the drafts of portal account citizenID, most recently changed first.
func (tx *Tx) Drafts(ctx context.Context, citizenID int64) ([]*DraftRow, error) {
	rows, err := tx.query(ctx, `SELECT `+draftCols+` FROM dossier_drafts WHERE citizen_id = ? ORDER BY updated_at DESC, id DESC LIMIT 200`, citizenID)
	if err != nil {
		return nil, errs.Wrap(err, "drafts")
	}
	defer rows.Close()
	var out []*DraftRow
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, errs.Wrap(err, "drafts")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "drafts")
}

// DeleteDraft removes a draft and its file rows (the blobs stay: they may be shared).
func (tx *Tx) DeleteDraft(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM draft_files WHERE draft_id = ?`, id); err != nil {
		return errs.Wrap(err, "delete draft files")
	}
	_, err := tx.exec(ctx, `DELETE FROM dossier_drafts WHERE id = ?`, id)
	return errs.Wrap(err, "delete draft")
}

// InsertDraftFile records f and sets its ID.
func (tx *Tx) InsertDraftFile(ctx context.Context, f *DraftFileRow) error {
	id, err := tx.insert(ctx, `INSERT INTO draft_files (draft_id, slot, name, sha256, size, content_type, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, f.DraftID, f.Slot, f.Name, f.SHA256, f.Size, f.ContentType, tx.ts(f.UploadedAt))
	f.ID = id
	return errs.Wrap(err, "insert draft file")
}

// DeleteDraftFile removes file id of draft draftID; false when there is none.
func (tx *Tx) DeleteDraftFile(ctx context.Context, draftID, id int64) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM draft_files WHERE draft_id = ? AND id = ?`, draftID, id)
	if err != nil {
		return false, errs.Wrap(err, "delete draft file")
	}
	n, err := res.RowsAffected()
	return n > 0, errs.Wrap(err, "delete draft file")
}

// DraftFiles lists the files of draft id in upload order.
func (tx *Tx) DraftFiles(ctx context.Context, id int64) ([]*DraftFileRow, error) {
	rows, err := tx.query(ctx, `SELECT id, draft_id, slot, name, sha256, size, content_type, uploaded_at FROM draft_files
		WHERE draft_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "draft files")
	}
	defer rows.Close()
	var out []*DraftFileRow
	for rows.Next() {
		var f DraftFileRow
		if err := rows.Scan(&f.ID, &f.DraftID, &f.Slot, &f.Name, &f.SHA256, &f.Size, &f.ContentType, tm(&f.UploadedAt)); err != nil {
			return nil, errs.Wrap(err, "draft files")
		}
		out = append(out, &f)
	}
	return out, errs.Wrap(rows.Err(), "draft files")
}

// SetDossierForm stores the application form values (JSON) dossier id was submitted with.
func (tx *Tx) SetDossierForm(ctx context.Context, id int64, data string) error {
	_, err := tx.exec(ctx, `INSERT INTO dossier_forms (dossier_id, data) VALUES (?, ?)`, id, data)
	return errs.Wrap(err, "set dossier form")
}

// DossierForm returns the form values (JSON) of dossier id, "" when it has none.
func (tx *Tx) DossierForm(ctx context.Context, id int64) (string, error) {
	var data string
	err := tx.queryRow(ctx, `SELECT data FROM dossier_forms WHERE dossier_id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return data, errs.Wrap(err, "dossier form")
}

// CodedForm is a dossier's code with its form values (JSON).
type CodedForm struct {
	Code string
	Data string
}

// CitizenForms returns the form values of portal account citizenID's latest dossiers (at most
// limit), newest first.
func (tx *Tx) CitizenForms(ctx context.Context, citizenID int64, limit int) ([]CodedForm, error) {
	rows, err := tx.query(ctx, `SELECT d.code, f.data FROM dossier_forms f JOIN dossiers d ON d.id = f.dossier_id
		WHERE d.owner_citizen_id = ? ORDER BY d.id DESC LIMIT ?`, citizenID, limit)
	if err != nil {
		return nil, errs.Wrap(err, "citizen forms")
	}
	defer rows.Close()
	var out []CodedForm
	for rows.Next() {
		var c CodedForm
		if err := rows.Scan(&c.Code, &c.Data); err != nil {
			return nil, errs.Wrap(err, "citizen forms")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "citizen forms")
}
