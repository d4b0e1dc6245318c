package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// FileRow is a file attached to a dossier: a scanned or uploaded component, or the result.
type FileRow struct {
	ID            int64
	DossierID     int64
	Kind          string // "component" or "result"
	ComponentCode string
	Name          string
	SHA256        string
	Size          int64
	ContentType   string
	UploadedAt    time.Time
	UploadedByID  int64
	UploadedBy    string
}

// PutBlob stores data under its SHA-256 unless that content is already stored (content-addressed:
// the same bytes are kept once).
func (tx *Tx) PutBlob(ctx context.Context, sha256, contentType string, data []byte, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, sha256, len(data), contentType, data, tx.ts(now))
	return errs.Wrap(err, "put blob")
}

// Blob returns the content stored under sha256, or NotFound.
func (tx *Tx) Blob(ctx context.Context, sha256 string) ([]byte, error) {
	var b []byte
	err := tx.queryRow(ctx, `SELECT data FROM blobs WHERE sha256 = ?`, sha256).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrNotFound
	}
	return b, errs.Wrap(err, "blob")
}

// InsertDossierFile records f and sets its ID.
func (tx *Tx) InsertDossierFile(ctx context.Context, f *FileRow) error {
	id, err := tx.insert(ctx, `INSERT INTO dossier_files (dossier_id, kind, component_code, name, sha256, size, content_type,
		uploaded_at, uploaded_by_id, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.DossierID, f.Kind, f.ComponentCode,
		f.Name, f.SHA256, f.Size, f.ContentType, tx.ts(f.UploadedAt), nullID(f.UploadedByID), f.UploadedBy)
	f.ID = id
	return errs.Wrap(err, "insert dossier file")
}

const fileCols = `id, dossier_id, kind, component_code, name, sha256, size, content_type, uploaded_at, COALESCE(uploaded_by_id, 0), uploaded_by`

func scanFile(sc interface{ Scan(...any) error }) (*FileRow, error) {
	var f FileRow
	err := sc.Scan(&f.ID, &f.DossierID, &f.Kind, &f.ComponentCode, &f.Name, &f.SHA256, &f.Size, &f.ContentType, tm(&f.UploadedAt),
		&f.UploadedByID, &f.UploadedBy)
	return &f, err
}

// DossierFiles lists the files of dossier id in the order they were attached.
func (tx *Tx) DossierFiles(ctx context.Context, id int64) ([]*FileRow, error) {
	rows, err := tx.query(ctx, `SELECT `+fileCols+` FROM dossier_files WHERE dossier_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "dossier files")
	}
	defer rows.Close()
	var out []*FileRow
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, errs.Wrap(err, "dossier files")
		}
		out = append(out, f)
	}
	return out, errs.Wrap(rows.Err(), "dossier files")
}

// DossierFile returns file fileID of dossier id, or NotFound.
func (tx *Tx) DossierFile(ctx context.Context, id, fileID int64) (*FileRow, error) {
	f, err := scanFile(tx.queryRow(ctx, `SELECT `+fileCols+` FROM dossier_files WHERE dossier_id = ? AND id = ?`, id, fileID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "unknown_file", "Hồ sơ không có tệp này.", "The dossier has no such file.")
	}
	return f, errs.Wrap(err, "dossier file")
}
