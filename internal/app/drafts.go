package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Drafts of online submissions (hồ sơ nháp): a portal account prepares a dossier step by step
// (procedure and variant, the application form, the files of each component, the receiving
// desk), each step saved, and submits it. A draft has no code: the code is assigned at
// submission (domain-vn §3.3, §5.1; the transition table's create and submit rows), so drafts
// are kept apart from dossiers, and submitting one creates the dossier in state Submitted and
// deletes the draft. Only the account that made a draft sees it; for anyone else it does not
// exist.

// The applicant's values of a draft (chủ hồ sơ, domain-vn §3.3), keyed as the fields of the
// errors checkApplicant returns.
const (
	KeyName      = "applicant.name"
	KeyIDNumber  = "applicant.id_number"
	KeyBirthDate = "applicant.birth_date"
	KeyAddress   = "applicant.address"
	KeyPhone     = "applicant.phone"
	KeyEmail     = "applicant.email"
)

// ApplicantKeys lists the applicant's keys in the order the form shows them.
var ApplicantKeys = []string{KeyName, KeyIDNumber, KeyBirthDate, KeyAddress, KeyPhone, KeyEmail}

// SourceProfile is the source of a value pre-filled from the account's profile; other sources
// are the codes of the account's earlier dossiers.
const SourceProfile = "profile"

// Draft is a dossier being prepared on the portal.
type Draft struct {
	ID            int64
	ProcedureCode string
	VariantCode   string
	UnitID        int64 // the receiving desk, 0 until chosen
	// Values are the applicant's values (Key*) and the form's (by field name).
	Values map[string]string
	// Sources say where a pre-filled value came from: SourceProfile or a dossier code. A value
	// the applicant changed has no source.
	Sources   map[string]string
	Files     []*store.DraftFileRow
	CreatedAt time.Time
	UpdatedAt time.Time

	Version *store.VersionRow
	Variant *catalog.Variant
}

// Form is the draft's application form, nil when the version has none.
func (d *Draft) Form() *catalog.FormSchema { return d.Version.Form }

// FilesOf returns the draft's files in slot (a component code or "form.<field>").
func (d *Draft) FilesOf(slot string) []*store.DraftFileRow {
	var out []*store.DraftFileRow
	for _, f := range d.Files {
		if f.Slot == slot {
			out = append(out, f)
		}
	}
	return out
}

// FormFileSlot is the slot of the files of a form's file field.
func FormFileSlot(field string) string { return "form." + field }

type draftData struct {
	Values  map[string]string `json:"values"`
	Sources map[string]string `json:"sources,omitempty"`
}

// keys lists the value keys the draft accepts.
func (d *Draft) keys() []string {
	return append(slices.Clone(ApplicantKeys), formKeys(d.Version.Form)...)
}

// DraftStart starts a draft: the procedure (national code) and its variant ("" for a version
// with one variant).
type DraftStart struct {
	ProcedureCode string `json:"procedure_code"`
	Variant       string `json:"variant,omitempty"`
}

func pickVariant(v *store.VersionRow, code string) (*catalog.Variant, error) {
	if code == "" && len(v.Variants) == 1 {
		return &v.Variants[0], nil
	}
	if vr := v.Variant(code); vr != nil {
		return vr, nil
	}
	return nil, errs.Invalidf("variant", "unknown_variant", "Hãy chọn trường hợp của bạn trong danh sách.", "Choose one of the procedure's variants.")
}

// CreateDraft starts a draft of the signed-in account for a procedure offered online, with the
// values pre-filled from the account's profile and earlier dossiers. Errors: Unauthorized,
// NotFound (unknown_procedure, no_version_in_force), Invalid (not_offered_online,
// unknown_variant).
func (s *Service) CreateDraft(ctx context.Context, in DraftStart) (*Draft, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	v, err := s.OnlineProcedure(ctx, in.ProcedureCode)
	if err != nil {
		return nil, err
	}
	vr, err := pickVariant(v, strings.TrimSpace(in.Variant))
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	d := &Draft{ProcedureCode: v.NationalCode, VariantCode: vr.Code, Version: v, Variant: vr, CreatedAt: now, UpdatedAt: now}
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		if err := s.prefill(ctx, tx, c.Account.ID, d); err != nil {
			return nil, err
		}
		row := &store.DraftRow{CitizenID: c.Account.ID, ProcedureCode: d.ProcedureCode, VariantCode: d.VariantCode,
			Data: jsonOf(draftData{d.Values, d.Sources}), CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertDraft(ctx, row); err != nil {
			return nil, err
		}
		d.ID = row.ID
		return []change{{Action: "draft.create", ObjectType: "dossier_draft", ObjectID: row.ID,
			After: map[string]any{"procedure": d.ProcedureCode, "variant": d.VariantCode}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// prefill fills in d's values from the account's profile and its latest dossiers: the
// applicant's data from the profile, else from the latest dossier that has it; the form's
// fields from the latest dossier with a value under the same key (and the applicant's name,
// personal ID, phone and email for the form fields named so, from the profile).
func (s *Service) prefill(ctx context.Context, tx *store.Tx, citizenID int64, d *Draft) error {
	d.Values, d.Sources = map[string]string{}, map[string]string{}
	acc, err := tx.Citizen(ctx, citizenID)
	if err != nil {
		return err
	}
	addrs, err := tx.CitizenAddresses(ctx, citizenID)
	if err != nil {
		return err
	}
	addr := (&CitizenProfile{Account: acc, Addresses: addrs}).Current().String()
	birth := ""
	if !acc.BirthDate.IsZero() && acc.Kind == citizen.Person {
		birth = acc.BirthDate.Format(time.DateOnly)
	}
	profile := map[string]string{KeyName: acc.FullName, KeyIDNumber: acc.IDNumber(), KeyBirthDate: birth, KeyAddress: addr,
		KeyPhone: acc.Phone, KeyEmail: acc.Email,
		"applicant_name": acc.FullName, "applicant_personal_id": acc.PersonalID, "phone": acc.Phone, "email": acc.Email}
	set := func(k, v, src string) {
		if v != "" && d.Values[k] == "" {
			d.Values[k], d.Sources[k] = v, src
		}
	}
	keys := d.keys()
	for _, k := range keys {
		set(k, profile[k], SourceProfile)
	}
	earlier, err := tx.CitizenDossiers(ctx, citizenID, 20)
	if err != nil {
		return err
	}
	for _, e := range earlier {
		set(KeyName, e.ApplicantName, e.Code)
		set(KeyIDNumber, e.ApplicantIDNumber, e.Code)
		if !e.ApplicantBirthDate.IsZero() {
			set(KeyBirthDate, e.ApplicantBirthDate.Format(time.DateOnly), e.Code)
		}
		set(KeyAddress, e.ApplicantAddress, e.Code)
		set(KeyPhone, e.ApplicantPhone, e.Code)
		set(KeyEmail, e.ApplicantEmail, e.Code)
	}
	forms, err := tx.CitizenForms(ctx, citizenID, 20)
	if err != nil {
		return err
	}
	for _, f := range forms {
		var vals map[string]string
		if json.Unmarshal([]byte(f.Data), &vals) != nil {
			continue
		}
		for _, k := range keys[len(ApplicantKeys):] {
			set(k, vals[k], f.Code)
		}
	}
	return nil
}

// loadDraft reads draft id of the account in tx, with its version and files.
func (s *Service) loadDraft(ctx context.Context, tx *store.Tx, citizenID, id int64, lock bool) (*Draft, error) {
	get := tx.Draft
	if lock {
		get = tx.LockDraft
	}
	row, err := get(ctx, citizenID, id)
	if err != nil {
		return nil, err
	}
	v, err := versionOn(ctx, tx, row.ProcedureCode, org.DateOf(s.clock.Now().In(vietnam)))
	if err != nil {
		return nil, err
	}
	var data draftData
	if err := json.Unmarshal([]byte(row.Data), &data); err != nil {
		return nil, errs.Wrap(err, "draft data")
	}
	d := &Draft{ID: row.ID, ProcedureCode: row.ProcedureCode, VariantCode: row.VariantCode, UnitID: row.UnitID, Values: data.Values,
		Sources: data.Sources, CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt, Version: v, Variant: v.Variant(row.VariantCode)}
	if d.Values == nil {
		d.Values = map[string]string{}
	}
	if d.Sources == nil {
		d.Sources = map[string]string{}
	}
	if d.Variant == nil {
		// The version in force changed and no longer has the variant: choose again.
		d.Variant = &v.Variants[0]
		d.VariantCode = d.Variant.Code
	}
	d.Files, err = tx.DraftFiles(ctx, row.ID)
	return d, err
}

// MyDraft returns one of the signed-in account's drafts. Errors: Unauthorized, NotFound
// (unknown_draft, also for another account's draft).
func (s *Service) MyDraft(ctx context.Context, id int64) (*Draft, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	var d *Draft
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		d, err = s.loadDraft(ctx, tx, c.Account.ID, id, false)
		return err
	})
	return d, err
}

// MyDrafts lists the signed-in account's drafts, most recently changed first (without files).
func (s *Service) MyDrafts(ctx context.Context) ([]*Draft, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Draft
	err = s.read(ctx, func(tx *store.Tx) error {
		rows, err := tx.Drafts(ctx, c.Account.ID)
		if err != nil {
			return err
		}
		for _, r := range rows {
			d, err := s.loadDraft(ctx, tx, c.Account.ID, r.ID, false)
			if errs.KindOf(err) == errs.NotFound {
				continue // the procedure is no longer in force
			}
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// DraftUpdate changes a draft. Nil fields are left as they are; Values replace the values of
// the keys given ("" clears one).
type DraftUpdate struct {
	Variant *string           `json:"variant,omitempty"`
	Values  map[string]string `json:"values,omitempty"`
	UnitID  *int64            `json:"unit_id,omitempty"`
	// Complete asks for part of the values to be complete: "applicant" (the applicant's name and
	// ID), "form" (the form's required fields) or "all". Otherwise only the values given are
	// checked; SubmitDraft checks everything.
	Complete string `json:"complete,omitempty"`
}

// UpdateDraft saves a step of a draft of the signed-in account, all or nothing: a value that
// breaks the form's rules (or domain-vn §12 for IDs) is refused with an Invalid error naming its
// key, and nothing is stored. Errors: Unauthorized, NotFound (unknown_draft), Invalid
// (unknown_field, field_*, invalid_*, unknown_variant, unit_required, not_a_desk).
func (s *Service) UpdateDraft(ctx context.Context, id int64, in DraftUpdate) (*Draft, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	if in.UnitID != nil && *in.UnitID != 0 {
		if _, err := s.portalDesk(ctx, *in.UnitID); err != nil {
			return nil, err
		}
	}
	units, err := s.addressUnitSet(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var d *Draft
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		if d, err = s.loadDraft(ctx, tx, c.Account.ID, id, true); err != nil {
			return nil, err
		}
		if in.Variant != nil {
			vr, err := pickVariant(d.Version, strings.TrimSpace(*in.Variant))
			if err != nil {
				return nil, err
			}
			d.Variant, d.VariantCode = vr, vr.Code
		}
		if in.UnitID != nil {
			d.UnitID = *in.UnitID
		}
		keys := d.keys()
		for _, k := range slices.Sorted(maps.Keys(in.Values)) {
			if !slices.Contains(keys, k) {
				return nil, errs.Invalidf(k, "unknown_field", "Tờ khai không có trường "+k+".", "The form has no field "+k+".")
			}
			v := org.NormalizeText(in.Values[k])
			if v != d.Values[k] {
				delete(d.Sources, k)
			}
			if v == "" {
				delete(d.Values, k)
			} else {
				d.Values[k] = v
			}
		}
		if !slices.Contains([]string{"", "applicant", "form", "all"}, in.Complete) {
			return nil, errs.Invalidf("complete", "invalid_complete", "complete phải là applicant, form hoặc all.", "complete must be applicant, form or all.")
		}
		if err := s.checkDraftValues(d, in.Complete, now, units); err != nil {
			return nil, err
		}
		d.UpdatedAt = now
		if err := tx.UpdateDraft(ctx, &store.DraftRow{ID: d.ID, VariantCode: d.VariantCode, UnitID: d.UnitID,
			Data: jsonOf(draftData{d.Values, d.Sources}), UpdatedAt: now}); err != nil {
			return nil, err
		}
		return []change{{Action: "draft.update", ObjectType: "dossier_draft", ObjectID: d.ID,
			After: map[string]any{"variant": d.VariantCode, "unit_id": d.UnitID, "keys": slices.Sorted(maps.Keys(in.Values))}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// addressUnitSet returns whether a unit may be picked for an address: a commune or ward in force
// today.
func (s *Service) addressUnitSet(ctx context.Context) (func(int64) bool, error) {
	us, err := s.AddressUnits(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[int64]bool{}
	for _, u := range us {
		ids[u.ID] = true
	}
	return func(id int64) bool { return ids[id] }, nil
}

// checkDraftValues checks the applicant's values and the form's. complete requires what a
// submission needs.
func (s *Service) checkDraftValues(d *Draft, part string, now time.Time, unitOK func(int64) bool) error {
	complete := part == "applicant" || part == "all"
	ap := d.applicant()
	if complete || ap.Name != "" || ap.IDNumber != "" {
		full := ap
		if !complete {
			// Check what is given; the rest is asked for when the step is completed.
			if full.Name == "" {
				full.Name = "-"
			}
		}
		if complete || full.IDNumber != "" {
			if _, err := checkApplicant(&full, d.subjectKind(), now); err != nil {
				return err
			}
		}
	}
	if ap.BirthDate != "" && ap.IDNumber == "" {
		if d, err := org.ParseDate(ap.BirthDate); err != nil || d.After(now) {
			return errs.Invalidf(KeyBirthDate, "invalid_birth_date", "Ngày sinh không hợp lệ (dạng NNNN-TT-NN, không sau hôm nay).",
				"The birth date is not valid (YYYY-MM-DD, not in the future).")
		}
	}
	if len([]rune(ap.Address)) > 500 || len(ap.Phone) > 20 || len(ap.Email) > 200 {
		return errs.Invalidf(KeyAddress, "text_too_long", "Địa chỉ, số điện thoại hoặc email quá dài.", "Address, phone or email too long.")
	}
	return checkForm(d.Version.Form, d.Values, part == "form" || part == "all", now, unitOK)
}

func (d *Draft) applicant() Applicant {
	v := d.Values
	return Applicant{Name: v[KeyName], IDNumber: v[KeyIDNumber], BirthDate: v[KeyBirthDate], Address: v[KeyAddress], Phone: v[KeyPhone], Email: v[KeyEmail]}
}

// subjectKind is 1 (doanh nghiệp) when the ID given is a tax code, 0 (công dân) otherwise.
func (d *Draft) subjectKind() int {
	id := d.Values[KeyIDNumber]
	if len(id) == 10 || strings.Contains(id, "-") {
		return 1
	}
	return 0
}

// slotOf checks a file slot of d and returns the file field it belongs to (nil for a component).
func (d *Draft) slotOf(slot string) (*catalog.FormField, error) {
	if name, ok := strings.CutPrefix(slot, "form."); ok && d.Version.Form != nil {
		for i, f := range d.Version.Form.Fields {
			if f.Name == name && f.Type == catalog.FieldFile {
				return &d.Version.Form.Fields[i], nil
			}
		}
	}
	if slices.ContainsFunc(d.Variant.Components, func(c catalog.Component) bool { return c.Code == slot }) {
		return nil, nil
	}
	return nil, errs.Invalidf("slot", "unknown_component", "Hồ sơ không có thành phần "+slot+".", "The dossier has no component "+slot+".")
}

// checkUpload sniffs a file for slot and applies a file field's own limits.
func checkUpload(data []byte, slot string, field *catalog.FormField) (string, error) {
	ct, err := SniffFile(data)
	if err != nil {
		return "", fieldErr(err, "file."+slot)
	}
	if field != nil && field.File != nil {
		if len(field.File.Types) > 0 && !slices.ContainsFunc(fileExt[ct], func(e string) bool { return slices.Contains(field.File.Types, e) }) {
			return "", errs.Invalidf("file."+slot, "file_type_not_allowed", "Trường này chỉ nhận tệp "+strings.ToUpper(strings.Join(field.File.Types, ", "))+".",
				"Only "+strings.Join(field.File.Types, ", ")+" files are accepted here.")
		}
		if field.File.MaxSizeBytes > 0 && int64(len(data)) > field.File.MaxSizeBytes {
			return "", errs.Invalidf("file."+slot, "file_too_large", fmt.Sprintf("Tệp quá lớn: tối đa %d KB.", field.File.MaxSizeBytes>>10),
				fmt.Sprintf("The file is too large: %d KB at most.", field.File.MaxSizeBytes>>10))
		}
	}
	return ct, nil
}

// MaxDraftFiles is the most files a draft may hold.
const MaxDraftFiles = 40

// AttachDraftFile uploads a file to a draft of the signed-in account, in slot (a component
// code of the draft's variant, or "form.<field>" for a file field of its form). The content is
// recognised from its bytes (PDF, JPEG or PNG, MaxFileSize at most) and stored once under its
// SHA-256. Errors: Unauthorized, NotFound (unknown_draft), Invalid (file_empty, file_too_large,
// file_type_not_allowed with field "file.<slot>", unknown_component, too_many_files).
func (s *Service) AttachDraftFile(ctx context.Context, id int64, slot, name string, data []byte) (*store.DraftFileRow, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	slot = strings.TrimSpace(slot)
	now := s.clock.Now()
	var out *store.DraftFileRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := s.loadDraft(ctx, tx, c.Account.ID, id, true)
		if err != nil {
			return nil, err
		}
		field, err := d.slotOf(slot)
		if err != nil {
			return nil, err
		}
		ct, err := checkUpload(data, slot, field)
		if err != nil {
			return nil, err
		}
		if len(d.Files) >= MaxDraftFiles {
			return nil, errs.Invalidf("file."+slot, "too_many_files", fmt.Sprintf("Hồ sơ đã có %d tệp, không tải thêm được.", MaxDraftFiles),
				"The draft holds the most files allowed.")
		}
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])
		if err := tx.PutBlob(ctx, hash, ct, data, now); err != nil {
			return nil, err
		}
		out = &store.DraftFileRow{DraftID: d.ID, Slot: slot, Name: cleanFileName(name, ct), SHA256: hash, Size: int64(len(data)),
			ContentType: ct, UploadedAt: now}
		if err := tx.InsertDraftFile(ctx, out); err != nil {
			return nil, err
		}
		if err := tx.UpdateDraft(ctx, &store.DraftRow{ID: d.ID, VariantCode: d.VariantCode, UnitID: d.UnitID,
			Data: jsonOf(draftData{d.Values, d.Sources}), UpdatedAt: now}); err != nil {
			return nil, err
		}
		return []change{{Action: "draft.attach_file", ObjectType: "dossier_draft", ObjectID: d.ID,
			After: map[string]any{"file_id": out.ID, "slot": slot, "name": out.Name, "sha256": hash, "size": out.Size}}}, nil
	})
	return out, err
}

// RemoveDraftFile removes a file from a draft of the signed-in account. Errors: Unauthorized,
// NotFound (unknown_draft, unknown_file).
func (s *Service) RemoveDraftFile(ctx context.Context, id, fileID int64) error {
	c, err := citizenOf(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		if _, err := tx.LockDraft(ctx, c.Account.ID, id); err != nil {
			return nil, err
		}
		ok, err := tx.DeleteDraftFile(ctx, id, fileID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errs.New(errs.NotFound, "unknown_file", "Hồ sơ nháp không có tệp này.", "The draft has no such file.")
		}
		return []change{{Action: "draft.remove_file", ObjectType: "dossier_draft", ObjectID: id, After: map[string]any{"file_id": fileID}}}, nil
	})
}

// DeleteDraft deletes a draft of the signed-in account. Errors: Unauthorized, NotFound.
func (s *Service) DeleteDraft(ctx context.Context, id int64) error {
	c, err := citizenOf(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		if _, err := tx.LockDraft(ctx, c.Account.ID, id); err != nil {
			return nil, err
		}
		return []change{{Action: "draft.delete", ObjectType: "dossier_draft", ObjectID: id}}, tx.DeleteDraft(ctx, id)
	})
}

// DraftFileContent returns a file of a draft of the signed-in account with its content.
func (s *Service) DraftFileContent(ctx context.Context, id, fileID int64) (*store.DraftFileRow, []byte, error) {
	d, err := s.MyDraft(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range d.Files {
		if f.ID == fileID {
			var data []byte
			err := s.read(ctx, func(tx *store.Tx) (err error) {
				data, err = tx.Blob(ctx, f.SHA256)
				return err
			})
			return f, data, err
		}
	}
	return nil, nil, errs.New(errs.NotFound, "unknown_file", "Hồ sơ nháp không có tệp này.", "The draft has no such file.")
}

// checkSubmittable returns the first thing keeping a draft from being submitted, or nil.
func (s *Service) checkSubmittable(d *Draft, now time.Time, unitOK func(int64) bool) error {
	if err := s.checkDraftValues(d, "all", now, unitOK); err != nil {
		return err
	}
	for _, comp := range d.Variant.Components {
		if comp.Required && len(d.FilesOf(comp.Code)) == 0 {
			return errs.Invalidf("file."+comp.Code, "component_file_required", "Hãy tải lên tệp của giấy tờ bắt buộc: "+comp.Name+".",
				"Upload the file of the required document: "+comp.Name+".")
		}
	}
	if f := d.Version.Form; f != nil {
		for _, x := range f.Fields {
			if x.Type == catalog.FieldFile && x.Required && len(d.FilesOf(FormFileSlot(x.Name))) == 0 {
				return errs.Invalidf("file."+FormFileSlot(x.Name), "component_file_required", "Hãy tải lên tệp: "+lowerFirst(x.Label.Vi)+".",
					"Upload the file: "+x.Label.En+".")
			}
		}
	}
	if d.UnitID == 0 {
		return errs.Invalidf("unit_id", "unit_required", "Hãy chọn nơi tiếp nhận hồ sơ.", "Choose where the dossier is received.")
	}
	return nil
}

// SubmitDraft submits a draft of the signed-in account: everything is checked again (the form
// complete, a file for each required component and required file field, the desk), then in one
// transaction the dossier is created in state Submitted with its code (§5.1), the files and the
// form values move to it, and the draft is deleted. Errors: Unauthorized, NotFound
// (unknown_draft), Invalid (as UpdateDraft, component_file_required, unit_required,
// not_a_desk), Conflict (draft_changed).
func (s *Service) SubmitDraft(ctx context.Context, id int64) (*store.DossierRow, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	d, err := s.MyDraft(ctx, id)
	if err != nil {
		return nil, err
	}
	units, err := s.addressUnitSet(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if err := s.checkSubmittable(d, now, units); err != nil {
		return nil, err
	}
	unit, err := s.portalDesk(ctx, d.UnitID)
	if err != nil {
		return nil, err
	}
	calKey, _, err := s.unitCalendar(ctx, unit.ID)
	if err != nil {
		return nil, err
	}
	var out *store.DossierRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		cur, err := s.loadDraft(ctx, tx, c.Account.ID, id, true)
		if err != nil {
			return nil, err
		}
		if err := s.checkSubmittable(cur, now, units); err != nil {
			return nil, err
		}
		if cur.UnitID != unit.ID {
			return nil, errs.New(errs.Conflict, "draft_changed", "Hồ sơ nháp vừa được thay đổi ở nơi khác: hãy xem lại rồi nộp.",
				"The draft changed meanwhile: review it and submit again.")
		}
		acc, err := tx.Citizen(ctx, c.Account.ID)
		if err != nil {
			return nil, err
		}
		ap := cur.applicant()
		birth, err := checkApplicant(&ap, cur.subjectKind(), now)
		if err != nil {
			return nil, err
		}
		var comps []string
		for _, comp := range cur.Variant.Components {
			if len(cur.FilesOf(comp.Code)) > 0 {
				comps = append(comps, comp.Code)
			}
		}
		row, ch, err := s.recordSubmission(ctx, tx, submission{in: SubmissionInput{ProcedureCode: cur.ProcedureCode, Variant: cur.VariantCode,
			SubjectKind: cur.subjectKind(), Applicant: ap, Components: comps, UnitID: unit.ID},
			birth: birth, unit: unit, calKey: calKey, actor: citizenActor(acc), owner: acc, now: now})
		if err != nil {
			return nil, err
		}
		for _, f := range cur.Files {
			if _, err := cur.slotOf(f.Slot); err != nil {
				continue // a component of another variant
			}
			if err := tx.InsertDossierFile(ctx, &store.FileRow{DossierID: row.ID, Kind: FileComponent, ComponentCode: f.Slot, Name: f.Name,
				SHA256: f.SHA256, Size: f.Size, ContentType: f.ContentType, UploadedAt: f.UploadedAt, UploadedBy: acc.FullName}); err != nil {
				return nil, err
			}
		}
		form := map[string]string{}
		for _, k := range formKeys(cur.Version.Form) {
			if v := cur.Values[k]; v != "" {
				form[k] = v
			}
		}
		if err := tx.SetDossierForm(ctx, row.ID, jsonOf(form)); err != nil {
			return nil, err
		}
		if err := tx.DeleteDraft(ctx, cur.ID); err != nil {
			return nil, err
		}
		ch.After.(map[string]any)["draft_id"] = cur.ID
		ch.After.(map[string]any)["files"] = len(cur.Files)
		out = row
		return []change{ch}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DraftID parses a draft identifier from a path. Errors: NotFound unknown_draft.
func DraftID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, store.ErrUnknownDraft
	}
	return id, nil
}
