package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/vntext"
)

// ProcedureRow is a stored procedure (thủ tục hành chính): its identity and its versions, oldest
// first.
type ProcedureRow struct {
	ID              int64
	NationalCode    string
	Agency          string
	LegacyLocalCode string
	Illustrative    bool
	Sources         []string
	Versions        []*VersionRow
}

// VersionRow is a stored procedure version. Revision increases on every change and guards
// concurrent edits of a draft.
type VersionRow struct {
	catalog.Version
	ID          int64
	ProcedureID int64
	Revision    int64
	UpdatedAt   time.Time
	UpdatedBy   string
	PublishedAt time.Time // zero for a draft
}

// Catalog returns the procedure in the domain's form.
func (p *ProcedureRow) Catalog() *catalog.Procedure {
	c := &catalog.Procedure{NationalCode: p.NationalCode, Agency: p.Agency, LegacyLocalCode: p.LegacyLocalCode,
		Illustrative: p.Illustrative, Sources: p.Sources}
	for _, v := range p.Versions {
		c.Versions = append(c.Versions, v.Clone())
	}
	return c
}

// Version returns the version with the given number, or nil.
func (p *ProcedureRow) Version(number int) *VersionRow {
	for _, v := range p.Versions {
		if v.Number == number {
			return v
		}
	}
	return nil
}

// ErrUnknownProcedure is the NotFound error for a procedure code that is not in the catalogue.
func ErrUnknownProcedure(code string) error {
	return errs.New(errs.NotFound, "unknown_procedure", "Không có thủ tục mã "+code+" trong danh mục.",
		"No procedure with code "+code+" in the catalogue.")
}

const versionCols = `v.id, v.procedure_id, v.revision, v.updated_at, v.updated_by, v.published_at, v.body,
	p.national_code, p.agency, p.legacy_local_code`

func scanVersion(sc interface{ Scan(...any) error }) (*VersionRow, error) {
	var v VersionRow
	var body, code, agency, legacy string
	if err := sc.Scan(&v.ID, &v.ProcedureID, &v.Revision, tm(&v.UpdatedAt), &v.UpdatedBy, tm(&v.PublishedAt), &body,
		&code, &agency, &legacy); err != nil {
		return nil, err
	}
	var vj catalog.VersionJSON
	if err := json.Unmarshal([]byte(body), &vj); err != nil {
		return nil, errs.Wrap(err, "decode procedure version")
	}
	cv, err := vj.Version(code, agency, legacy)
	if err != nil {
		return nil, errs.Wrap(err, "decode procedure version")
	}
	v.Version = cv
	return &v, nil
}

// Procedure returns the procedure with the given national code and all its versions, or
// ErrUnknownProcedure. With lock, the procedure row is locked for the rest of a write
// transaction, so that two publishers of one procedure run one after the other.
func (tx *Tx) Procedure(ctx context.Context, code string, lock bool) (*ProcedureRow, error) {
	var p ProcedureRow
	var sources string
	q := `SELECT id, national_code, agency, legacy_local_code, illustrative, sources FROM procedures WHERE national_code = ?`
	if lock {
		q += tx.forUpdate()
	}
	err := tx.queryRow(ctx, q, code).Scan(&p.ID, &p.NationalCode, &p.Agency, &p.LegacyLocalCode, &p.Illustrative, &sources)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownProcedure(code)
	}
	if err != nil {
		return nil, errs.Wrap(err, "procedure")
	}
	_ = json.Unmarshal([]byte(sources), &p.Sources)
	rows, err := tx.query(ctx, `SELECT `+versionCols+` FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id
		WHERE v.procedure_id = ? ORDER BY v.number`, p.ID)
	if err != nil {
		return nil, errs.Wrap(err, "procedure versions")
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, errs.Wrap(err, "procedure versions")
		}
		p.Versions = append(p.Versions, v)
	}
	return &p, errs.Wrap(rows.Err(), "procedure versions")
}

// ProcedureCodes lists every procedure's national code in order.
func (tx *Tx) ProcedureCodes(ctx context.Context) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT national_code FROM procedures ORDER BY national_code`)
	if err != nil {
		return nil, errs.Wrap(err, "procedure codes")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, errs.Wrap(err, "procedure codes")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "procedure codes")
}

// VersionStamp names one stored version of a procedure and what its decoded form depends on:
// the version's revision (raised by every change) and the procedure's codes and agency. Two
// reads with equal stamps decode to equal versions.
type VersionStamp struct {
	ID              int64
	Revision        int64
	NationalCode    string
	Agency          string
	LegacyLocalCode string
}

// VersionStamps returns the stamps of the procedure's versions in number order, in one statement
// that reads no version body (none for a procedure without versions), or ErrUnknownProcedure.
func (tx *Tx) VersionStamps(ctx context.Context, code string) ([]VersionStamp, error) {
	rows, err := tx.query(ctx, `SELECT COALESCE(v.id, 0), COALESCE(v.revision, 0), p.national_code, p.agency, p.legacy_local_code
		FROM procedures p LEFT JOIN procedure_versions v ON v.procedure_id = p.id
		WHERE p.national_code = ? ORDER BY v.number`, code)
	if err != nil {
		return nil, errs.Wrap(err, "procedure versions")
	}
	defer rows.Close()
	found := false
	var out []VersionStamp
	for rows.Next() {
		var st VersionStamp
		if err := rows.Scan(&st.ID, &st.Revision, &st.NationalCode, &st.Agency, &st.LegacyLocalCode); err != nil {
			return nil, errs.Wrap(err, "procedure versions")
		}
		found = true
		if st.ID != 0 {
			out = append(out, st)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "procedure versions")
	}
	if !found {
		return nil, ErrUnknownProcedure(code)
	}
	return out, nil
}

// VersionByID returns one stored version (the one a dossier pinned), or a NotFound error.
func (tx *Tx) VersionByID(ctx context.Context, id int64) (*VersionRow, error) {
	v, err := scanVersion(tx.queryRow(ctx, `SELECT `+versionCols+` FROM procedure_versions v
		JOIN procedures p ON p.id = v.procedure_id WHERE v.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "unknown_procedure_version", "Không có phiên bản thủ tục này.", "No such procedure version.")
	}
	return v, errs.Wrap(err, "procedure version")
}

// PutProcedure inserts a procedure's identity, or updates it when the national code exists, and
// returns its id. Versions are stored separately.
func (tx *Tx) PutProcedure(ctx context.Context, p *ProcedureRow, now time.Time) (int64, error) {
	sources, _ := json.Marshal(p.Sources)
	if p.Sources == nil {
		sources = []byte("[]")
	}
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM procedures WHERE national_code = ?`, p.NationalCode).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id, err = tx.insert(ctx, `INSERT INTO procedures (national_code, agency, legacy_local_code, illustrative, sources, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, p.NationalCode, p.Agency, p.LegacyLocalCode, p.Illustrative, string(sources), tx.ts(now), tx.ts(now))
		return id, errs.Wrap(err, "insert procedure")
	case err != nil:
		return 0, errs.Wrap(err, "procedure")
	}
	_, err = tx.exec(ctx, `UPDATE procedures SET agency = ?, legacy_local_code = ?, illustrative = ?, sources = ?, updated_at = ? WHERE id = ?`,
		p.Agency, p.LegacyLocalCode, p.Illustrative, string(sources), tx.ts(now), id)
	return id, errs.Wrap(err, "update procedure")
}

// versionColumns derives the searchable columns from a version.
func versionColumns(v *catalog.Version) (levels, body string, err error) {
	var ls []string
	for _, l := range v.Levels {
		ls = append(ls, string(l))
	}
	levels = "," + strings.Join(ls, ",") + ","
	b, err := json.Marshal(v.JSON())
	return levels, string(b), err
}

// InsertVersion stores a new version of procedure procID and returns its id. The number must be
// new for the procedure (else Conflict "duplicate_version").
func (tx *Tx) InsertVersion(ctx context.Context, procID int64, v *catalog.Version, by string, now time.Time) (int64, error) {
	levels, body, err := versionColumns(v)
	if err != nil {
		return 0, errs.Wrap(err, "encode version")
	}
	var published any
	if v.Status != catalog.StatusDraft {
		published = tx.ts(now)
	}
	id, err := tx.insert(ctx, `INSERT INTO procedure_versions (procedure_id, number, status, effective_from, effective_to, name, field,
		levels, competent_unit_kind, online_level, search_text, body, revision, updated_at, updated_by, published_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
		procID, v.Number, string(v.Status), tx.date(v.EffectiveFrom.Time), tx.date(v.EffectiveTo.Time), v.Name, v.Field,
		levels, string(v.CompetentUnitKind), string(v.OnlineLevel), catalog.SearchText(v), body, tx.ts(now), by, published)
	if isUniqueViolation(err) {
		return 0, errs.New(errs.Conflict, "duplicate_version", "Thủ tục đã có phiên bản số này.", "The procedure already has a version with this number.")
	}
	return id, errs.Wrap(err, "insert version")
}

// UpdateVersion stores v over the stored version id whose revision is still revision, and returns
// the new revision; a different stored revision (someone saved meanwhile) gives Conflict
// "version_changed". The caller (the service, through catalog's lifecycle rules) guarantees that a
// published version changes only its status and end date.
func (tx *Tx) UpdateVersion(ctx context.Context, id int64, v *catalog.Version, revision int64, by string, now time.Time) (int64, error) {
	levels, body, err := versionColumns(v)
	if err != nil {
		return 0, errs.Wrap(err, "encode version")
	}
	var published any
	if v.Status != catalog.StatusDraft {
		published = tx.ts(now)
	}
	res, err := tx.exec(ctx, `UPDATE procedure_versions SET status = ?, effective_from = ?, effective_to = ?, name = ?, field = ?,
		levels = ?, competent_unit_kind = ?, online_level = ?, search_text = ?, body = ?, revision = revision + 1,
		updated_at = ?, updated_by = ?, published_at = COALESCE(published_at, ?)
		WHERE id = ? AND revision = ?`,
		string(v.Status), tx.date(v.EffectiveFrom.Time), tx.date(v.EffectiveTo.Time), v.Name, v.Field,
		levels, string(v.CompetentUnitKind), string(v.OnlineLevel), catalog.SearchText(v), body,
		tx.ts(now), by, published, id, revision)
	if err != nil {
		return 0, errs.Wrap(err, "update version")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, errs.New(errs.Conflict, "version_changed", "Phiên bản này vừa được người khác thay đổi, vui lòng tải lại.",
			"The version changed meanwhile; reload it.")
	}
	return revision + 1, nil
}

// ProcedureFilter selects versions for the catalogue's lists.
type ProcedureFilter struct {
	// Query is free text, folded (diacritics and đ ignored); every word must occur.
	Query string
	Level catalog.Level
	Field string
	// UnitKind is the competent unit kind.
	UnitKind org.Kind
	// Online, when set, keeps versions of that online level.
	Online catalog.OnlineLevel
	// On keeps published versions in force that day. When zero, Status filters instead
	// ("" = every status: the administrators' list).
	On     org.Date
	Status catalog.Status
	Limit  int
	Offset int
}

func (f *ProcedureFilter) where(tx *Tx) (string, []any) {
	var where []string
	var args []any
	for _, w := range strings.Fields(vntext.Fold(f.Query)) {
		where = append(where, `v.search_text LIKE ? ESCAPE '\'`)
		args = append(args, "%"+strings.TrimSuffix(likePrefix(w), "%")+"%")
	}
	if f.Level != "" {
		where = append(where, `v.levels LIKE ?`)
		args = append(args, "%,"+string(f.Level)+",%")
	}
	if f.Field != "" {
		where = append(where, `v.field = ?`)
		args = append(args, f.Field)
	}
	if f.UnitKind != "" {
		where = append(where, `v.competent_unit_kind = ?`)
		args = append(args, string(f.UnitKind))
	}
	if f.Online != "" {
		where = append(where, `v.online_level = ?`)
		args = append(args, string(f.Online))
	}
	if !f.On.IsZero() {
		where = append(where, `v.status = 'published' AND v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to >= ?)`)
		args = append(args, tx.date(f.On.Time), tx.date(f.On.Time))
	} else if f.Status != "" {
		where = append(where, `v.status = ?`)
		args = append(args, string(f.Status))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// SearchVersions returns one page of the versions f selects, ordered by folded name, code and number,
// and how many there are in all.
func (tx *Tx) SearchVersions(ctx context.Context, f ProcedureFilter) ([]*VersionRow, int, error) {
	where, args := f.where(tx)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM procedure_versions v`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(err, "count versions")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := tx.query(ctx, `SELECT `+versionCols+` FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id`+where+
		` ORDER BY v.search_text, p.national_code, v.number LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, errs.Wrap(err, "search versions")
	}
	defer rows.Close()
	var out []*VersionRow
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, 0, errs.Wrap(err, "search versions")
		}
		out = append(out, v)
	}
	return out, total, errs.Wrap(rows.Err(), "search versions")
}

// FieldCount is a field (lĩnh vực) and how many versions a filter selects in it.
type FieldCount struct {
	Field string
	Count int
}

// ProcedureFields counts the versions f selects by field (f.Field and paging are ignored).
func (tx *Tx) ProcedureFields(ctx context.Context, f ProcedureFilter) ([]FieldCount, error) {
	f.Field = ""
	where, args := f.where(tx)
	rows, err := tx.query(ctx, `SELECT v.field, COUNT(*) FROM procedure_versions v`+where+` GROUP BY v.field`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "procedure fields")
	}
	defer rows.Close()
	var out []FieldCount
	for rows.Next() {
		var fc FieldCount
		if err := rows.Scan(&fc.Field, &fc.Count); err != nil {
			return nil, errs.Wrap(err, "procedure fields")
		}
		out = append(out, fc)
	}
	return out, errs.Wrap(rows.Err(), "procedure fields")
}
