package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// MaxFileSize is the largest file that may be attached to a dossier: 10 MiB (a scanned
// multi-page component at 200 dpi fits).
const MaxFileSize = 10 << 20

// FileTypes are the content types a dossier file may have, recognised from the content itself,
// never from the name or the type the uploader claims.
var FileTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// File kinds.
const (
	FileComponent = "component" // a component of the dossier, scanned at the desk or uploaded
	FileResult    = "result"    // the result issued (kết quả giải quyết)
)

// FileInput is a file to attach.
type FileInput struct {
	Kind          string
	ComponentCode string // for FileComponent: the component it belongs to
	Name          string
	Data          []byte
}

// SniffFile returns the content type of data if it is one of FileTypes. Errors: Invalid
// file_empty, file_too_large, file_type_not_allowed.
func SniffFile(data []byte) (string, error) {
	if len(data) == 0 {
		return "", errs.Invalidf("file", "file_empty", "Tệp rỗng.", "The file is empty.")
	}
	if len(data) > MaxFileSize {
		return "", errs.Invalidf("file", "file_too_large", fmt.Sprintf("Tệp quá lớn: tối đa %d MB.", MaxFileSize>>20),
			fmt.Sprintf("The file is too large: %d MB at most.", MaxFileSize>>20))
	}
	ct := http.DetectContentType(data)
	if ct == "application/pdf" && !bytes.HasPrefix(data, []byte("%PDF-")) {
		ct = ""
	}
	if !slices.Contains(FileTypes, ct) {
		return "", errs.Invalidf("file", "file_type_not_allowed", "Chỉ nhận tệp PDF, JPEG hoặc PNG.", "Only PDF, JPEG or PNG files are accepted.")
	}
	return ct, nil
}

// cleanFileName keeps the last path element of name, NFC-normalised, at most 200 characters.
func cleanFileName(name, contentType string) string {
	name = org.NormalizeText(path.Base(strings.ReplaceAll(name, `\`, "/")))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if name == "" || name == "." || name == "/" {
		name = "tep"
	}
	for utf8.RuneCountInString(name) > 200 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[contentType]
	if !strings.HasSuffix(strings.ToLower(name), ext) && !(ext == ".jpg" && strings.HasSuffix(strings.ToLower(name), ".jpeg")) {
		name += ext
	}
	return name
}

// AttachFile attaches a file to dossier code, stored once under its SHA-256. An official working
// on the dossier now (a role on its current unit) attaches components while it is open, and the
// result while it is being processed; the result file is then the dossier's result. Errors:
// Invalid (file_*, unknown_component, invalid_file_kind), Conflict (dossier_closed,
// result_not_now, dossier_changed), Forbidden, NotFound.
func (s *Service) AttachFile(ctx context.Context, code string, in FileInput) (*store.FileRow, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := dossier.ParseCode(strings.TrimSpace(code)); err != nil {
		return nil, err
	}
	if in.Kind != FileComponent && in.Kind != FileResult {
		return nil, errs.Invalidf("kind", "invalid_file_kind", "Loại tệp phải là component (thành phần hồ sơ) hoặc result (kết quả).",
			"kind must be component or result.")
	}
	ct, err := SniffFile(in.Data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(in.Data)
	hash := hex.EncodeToString(sum[:])
	var out *store.FileRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := tx.Dossier(ctx, strings.TrimSpace(code))
		if err != nil {
			return nil, err
		}
		if !canSeeDossier(a, d) {
			return nil, store.ErrUnknownDossier(d.Code)
		}
		roles := actingRoles(a, d)
		if !slices.ContainsFunc(roles, func(r org.Role) bool { return r != org.RoleSupervisor }) {
			return nil, errs.ErrForbidden
		}
		if d.State.Closed() || d.State == dossier.Draft {
			return nil, errs.New(errs.Conflict, "dossier_closed", "Hồ sơ đã kết thúc, không đính kèm thêm tệp.", "The dossier is closed.")
		}
		f := &store.FileRow{DossierID: d.ID, Kind: in.Kind, SHA256: hash, Size: int64(len(in.Data)), ContentType: ct,
			UploadedAt: s.clock.Now(), UploadedByID: a.UserID, UploadedBy: a.DisplayName()}
		switch in.Kind {
		case FileComponent:
			comps, err := tx.Components(ctx, d.ID)
			if err != nil {
				return nil, err
			}
			in.ComponentCode = strings.TrimSpace(in.ComponentCode)
			if !slices.ContainsFunc(comps, func(c store.ComponentRow) bool { return c.Code == in.ComponentCode }) {
				return nil, errs.Invalidf("component", "unknown_component", "Hồ sơ không có thành phần mã "+in.ComponentCode+".",
					"The dossier has no component "+in.ComponentCode+".")
			}
			f.ComponentCode = in.ComponentCode
		case FileResult:
			if d.State != dossier.InProcessing && d.State != dossier.InInterconnection && d.State != dossier.ResultReady {
				return nil, errs.New(errs.Conflict, "result_not_now", "Chỉ đính kèm kết quả khi hồ sơ đang được giải quyết.",
					"A result is attached while the dossier is being processed.")
			}
			d.ResultFile, d.UpdatedAt = hash, s.clock.Now()
			if err := tx.UpdateDossier(ctx, d); err != nil {
				return nil, err
			}
		}
		f.Name = cleanFileName(in.Name, ct)
		if err := tx.PutBlob(ctx, hash, ct, in.Data, s.clock.Now()); err != nil {
			return nil, err
		}
		if err := tx.InsertDossierFile(ctx, f); err != nil {
			return nil, err
		}
		if err := s.refreshStats(ctx, tx, d, nil); err != nil {
			return nil, err
		}
		out = f
		return []change{{Action: "dossier.attach_file", ObjectType: "dossier", ObjectID: d.ID, UnitPath: d.CurrentUnitPath,
			After: map[string]any{"code": d.Code, "file_id": f.ID, "kind": f.Kind, "component": f.ComponentCode, "name": f.Name,
				"sha256": hash, "size": f.Size}}}, nil
	})
	return out, err
}

// DossierFiles lists the files of dossier code the caller may see.
func (s *Service) DossierFiles(ctx context.Context, code string) ([]*store.FileRow, error) {
	det, err := s.Dossier(ctx, code)
	if err != nil {
		return nil, err
	}
	var out []*store.FileRow
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.DossierFiles(ctx, det.ID)
		return err
	})
	return out, err
}

// FileContent returns file id of dossier code with its content, for a caller who may see the
// dossier. Errors: NotFound.
func (s *Service) FileContent(ctx context.Context, code string, id int64) (*store.FileRow, []byte, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	if _, err := dossier.ParseCode(strings.TrimSpace(code)); err != nil {
		return nil, nil, err
	}
	var f *store.FileRow
	var data []byte
	err = s.read(ctx, func(tx *store.Tx) error {
		d, err := tx.Dossier(ctx, strings.TrimSpace(code))
		if err != nil {
			return err
		}
		if !canSeeDossier(a, d) {
			return store.ErrUnknownDossier(d.Code)
		}
		if f, err = tx.DossierFile(ctx, d.ID, id); err != nil {
			return err
		}
		data, err = tx.Blob(ctx, f.SHA256)
		return err
	})
	return f, data, err
}
