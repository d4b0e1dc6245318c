package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/vntext"
)

// The procedure catalogue (danh mục thủ tục hành chính). Anyone may read what is published; only
// an administrator of the city (catalog.manage over a root unit) or the system imports, edits,
// publishes and withdraws, and sees drafts.

// mayManageCatalog reports whether a may change the catalogue.
func mayManageCatalog(a *org.Actor) bool {
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	for _, sc := range a.Scopes(org.PermManageCatalog) {
		if strings.Count(sc, "/") == 2 {
			return true
		}
	}
	return false
}

// CanManageCatalog reports whether the actor in ctx may import, edit and publish procedures.
func (s *Service) CanManageCatalog(ctx context.Context) bool { return mayManageCatalog(ActorFrom(ctx)) }

func (s *Service) catalogManager(ctx context.Context) (*org.Actor, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !mayManageCatalog(a) {
		return nil, errs.ErrForbidden
	}
	return a, nil
}

// ProcedurePage is one page of a catalogue list.
type ProcedurePage struct {
	Versions []*store.VersionRow
	Total    int
	Fields   []store.FieldCount // counts by field under the same filter (without the field itself)
}

// Procedures lists the catalogue. For the public (and every official) only published versions
// in force on f.On (today when zero) are listed; a catalogue manager may instead set f.Status or
// leave f.On zero with f.Status "" to list every version. Errors: Invalid (bad level or online
// level).
func (s *Service) Procedures(ctx context.Context, f store.ProcedureFilter) (*ProcedurePage, error) {
	if f.Level != "" && !f.Level.Valid() {
		return nil, errs.Invalidf("level", "invalid_level", "Cấp thực hiện không hợp lệ: dùng commune, district, province hoặc ministry.",
			"Unknown level: use commune, district, province or ministry.")
	}
	if f.Online != "" && !f.Online.Valid() {
		return nil, errs.Invalidf("online", "invalid_online_level", "Mức dịch vụ trực tuyến không hợp lệ: dùng none, partial hoặc full.",
			"Unknown online level: use none, partial or full.")
	}
	if f.UnitKind != "" && !f.UnitKind.Valid() {
		return nil, errs.Invalidf("unit_kind", "unknown_unit_kind", "Loại cơ quan không hợp lệ.", "Unknown unit kind.")
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, errs.Invalidf("status", "invalid_status", "Trạng thái không hợp lệ: dùng draft, published hoặc withdrawn.",
			"Unknown status: use draft, published or withdrawn.")
	}
	if len([]rune(f.Query)) > 200 {
		return nil, errs.Invalidf("q", "query_too_long", "Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).", "The search text is too long (200 characters at most).")
	}
	if !mayManageCatalog(ActorFrom(ctx)) || (f.On.IsZero() && f.Status == catalog.StatusPublished) {
		f.Status = ""
		if f.On.IsZero() {
			f.On = org.DateOf(s.clock.Now())
		}
	}
	page := &ProcedurePage{}
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		if page.Versions, page.Total, err = tx.SearchVersions(ctx, f); err != nil {
			return err
		}
		page.Fields, err = tx.ProcedureFields(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(page.Fields, func(a, b store.FieldCount) int {
		return strings.Compare(vntext.Fold(a.Field), vntext.Fold(b.Field))
	})
	return page, nil
}

// Procedure returns a procedure with its versions. Drafts are included only for a catalogue
// manager. Errors: NotFound (unknown_procedure, also for a procedure with nothing published).
func (s *Service) Procedure(ctx context.Context, code string) (*store.ProcedureRow, error) {
	code = strings.TrimSpace(code)
	if national, _, _, ok := catalog.ParseLocalCode(code); ok {
		code = national
	}
	if !catalog.ValidNationalCode(code) {
		return nil, errs.Invalidf("code", "invalid_code", "Mã thủ tục phải có dạng N.NNNNNN (ví dụ 1.001193).",
			"A procedure code looks like N.NNNNNN (e.g. 1.001193).")
	}
	var p *store.ProcedureRow
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		p, err = tx.Procedure(ctx, code, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !mayManageCatalog(ActorFrom(ctx)) {
		p.Versions = slices.DeleteFunc(p.Versions, func(v *store.VersionRow) bool { return v.Status == catalog.StatusDraft })
		if len(p.Versions) == 0 {
			return nil, store.ErrUnknownProcedure(code)
		}
	}
	return p, nil
}

// CurrentVersion returns the version of p in force on day d, else the latest published one,
// else the latest of any status (for a manager's view), or nil.
func CurrentVersion(p *store.ProcedureRow, d org.Date) *store.VersionRow {
	var latestPublished, latest *store.VersionRow
	for _, v := range p.Versions {
		if v.InForce(d) {
			return v
		}
		if v.Status == catalog.StatusPublished {
			latestPublished = v
		}
		latest = v
	}
	if latestPublished != nil {
		return latestPublished
	}
	return latest
}

// CatalogImport says what an import did.
type CatalogImport struct {
	ProceduresCreated int `json:"procedures_created"`
	ProceduresUpdated int `json:"procedures_updated"`
	VersionsCreated   int `json:"versions_created"`
	VersionsUpdated   int `json:"versions_updated"`
	Unchanged         int `json:"versions_unchanged"`
}

// ImportProcedures stores a parsed catalogue file (catalog.ParseFile) in one transaction:
// identities are created or updated, versions not yet stored are added, stored drafts are
// replaced, and stored published or withdrawn versions must be identical (they are frozen).
// Importing the same file twice changes nothing the second time. root is the city's level-1
// agency code that replaces catalog.RootPlaceholder; "" takes it from the root unit's agency
// code. Every problem (with its JSON path) is reported in one *catalog.InvalidError and nothing
// is stored. Errors: Invalid, Forbidden.
func (s *Service) ImportProcedures(ctx context.Context, f *catalog.File, root string) (*CatalogImport, error) {
	a, err := s.catalogManager(ctx)
	if err != nil {
		return nil, err
	}
	if root == "" {
		if root, err = s.organRoot(ctx); err != nil {
			return nil, err
		}
	}
	if root != "" {
		if err := f.Localize(root); err != nil {
			return nil, err
		}
	}
	procs, err := f.Catalog()
	if err != nil {
		return nil, err
	}
	res := &CatalogImport{}
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		*res = CatalogImport{}
		now := s.clock.Now()
		var problems []catalog.Problem
		var changes []change
		for i, p := range procs {
			path := fmt.Sprintf("procedures[%d]", i)
			stored, err := tx.Procedure(ctx, p.NationalCode, true)
			if errs.KindOf(err) == errs.NotFound {
				stored, err = &store.ProcedureRow{}, nil
			}
			if err != nil {
				return nil, err
			}
			// The procedure as it will be: stored versions, replaced or joined by the file's.
			merged := &catalog.Procedure{NationalCode: p.NationalCode, Agency: p.Agency, LegacyLocalCode: p.LegacyLocalCode}
			type plan struct {
				v      catalog.Version
				stored *store.VersionRow
			}
			var plans []plan
			seen := map[int]bool{}
			for j := range p.Versions {
				v := p.Versions[j]
				seen[v.Number] = true
				old := stored.Version(v.Number)
				switch {
				case old == nil:
					plans = append(plans, plan{v: v})
				case sameVersion(&old.Version, &v):
					res.Unchanged++
				case old.Status != catalog.StatusDraft:
					problems = append(problems, catalog.Problem{Path: fmt.Sprintf("%s.versions[%d]", path, j), Code: catalog.CodeVersionPublished,
						Message: fmt.Sprintf("Phiên bản %d của thủ tục %s đã công bố, không được thay đổi; hãy nhập một phiên bản mới.", v.Number, p.NationalCode),
						English: fmt.Sprintf("Version %d of %s is published and frozen; import a new version instead.", v.Number, p.NationalCode)})
				default:
					plans = append(plans, plan{v: v, stored: old})
				}
				merged.Versions = append(merged.Versions, v)
			}
			for _, old := range stored.Versions {
				if !seen[old.Number] {
					merged.Versions = append(merged.Versions, old.Clone())
				}
			}
			slices.SortFunc(merged.Versions, func(x, y catalog.Version) int { return x.Number - y.Number })
			for _, pr := range merged.Validate() {
				pr.Path = path + "." + pr.Path
				problems = append(problems, pr)
			}
			if len(problems) > 0 {
				continue
			}
			row := &store.ProcedureRow{NationalCode: p.NationalCode, Agency: p.Agency, LegacyLocalCode: p.LegacyLocalCode,
				Illustrative: p.Illustrative, Sources: p.Sources}
			procID, err := tx.PutProcedure(ctx, row, now)
			if err != nil {
				return nil, err
			}
			if stored.ID == 0 {
				res.ProceduresCreated++
			} else if len(plans) > 0 {
				res.ProceduresUpdated++
			}
			for _, pl := range plans {
				v := pl.v
				if pl.stored == nil {
					id, err := tx.InsertVersion(ctx, procID, &v, a.Name(), now)
					if err != nil {
						return nil, err
					}
					res.VersionsCreated++
					changes = append(changes, change{Action: "procedure.version.import", ObjectType: "procedure_version", ObjectID: id,
						UnitPath: "/", After: v.JSON()})
					continue
				}
				if _, err := tx.UpdateVersion(ctx, pl.stored.ID, &v, pl.stored.Revision, a.Name(), now); err != nil {
					return nil, err
				}
				res.VersionsUpdated++
				changes = append(changes, change{Action: "procedure.version.import", ObjectType: "procedure_version", ObjectID: pl.stored.ID,
					UnitPath: "/", Before: pl.stored.JSON(), After: v.JSON()})
			}
		}
		if len(problems) > 0 {
			return nil, catalog.Problems(problems)
		}
		return changes, nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// sameVersion reports whether two versions have the same file form.
func sameVersion(a, b *catalog.Version) bool {
	x, _ := json.Marshal(a.JSON())
	y, _ := json.Marshal(b.JSON())
	return string(x) == string(y)
}

// organRoot returns the level-1 agency code of the root unit in force today ("H24"), or "" when
// there is none with an agency code.
func (s *Service) organRoot(ctx context.Context) (string, error) {
	var root string
	err := s.read(ctx, func(tx *store.Tx) error {
		units, err := tx.Units(ctx, store.UnitFilter{On: org.DateOf(s.clock.Now()), Kinds: []org.Kind{org.KindCity}, Limit: 10})
		if err != nil {
			return err
		}
		for _, u := range units {
			if u.ParentID != 0 || u.OrganID == "" {
				continue
			}
			if id, err := org.ParseOrganID(u.OrganID); err == nil {
				root = id.Level1
				return nil
			}
		}
		return nil
	})
	return root, err
}

// ExportProcedures returns the whole catalogue, every version of every procedure, in code order.
// Errors: Forbidden.
func (s *Service) ExportProcedures(ctx context.Context) ([]*catalog.Procedure, error) {
	if _, err := s.catalogManager(ctx); err != nil {
		return nil, err
	}
	var out []*catalog.Procedure
	err := s.read(ctx, func(tx *store.Tx) error {
		codes, err := tx.ProcedureCodes(ctx)
		if err != nil {
			return err
		}
		for _, c := range codes {
			p, err := tx.Procedure(ctx, c, false)
			if err != nil {
				return err
			}
			out = append(out, p.Catalog())
		}
		return nil
	})
	return out, err
}

// NewDraft starts a new draft of a procedure, copied from its latest version, and returns it.
// There is at most one draft at a time: when one exists, it is returned. Errors: NotFound,
// Forbidden.
func (s *Service) NewDraft(ctx context.Context, code string) (*store.VersionRow, error) {
	a, err := s.catalogManager(ctx)
	if err != nil {
		return nil, err
	}
	var out *store.VersionRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		p, err := tx.Procedure(ctx, code, true)
		if err != nil {
			return nil, err
		}
		for _, v := range p.Versions {
			if v.Status == catalog.StatusDraft {
				out = v
				return nil, nil
			}
		}
		d, err := catalog.NewDraft(p.Catalog().Versions)
		if err != nil {
			return nil, err
		}
		id, err := tx.InsertVersion(ctx, p.ID, &d, a.Name(), s.clock.Now())
		if err != nil {
			return nil, err
		}
		out = &store.VersionRow{Version: d, ID: id, ProcedureID: p.ID, Revision: 1, UpdatedAt: s.clock.Now(), UpdatedBy: a.Name()}
		return []change{{Action: "procedure.draft.create", ObjectType: "procedure_version", ObjectID: id, UnitPath: "/", After: d.JSON()}}, nil
	})
	return out, err
}

// DraftSaved is the outcome of saving a draft: the new revision and the problems that would keep
// it from being published (a draft may be saved with problems).
type DraftSaved struct {
	Version  *store.VersionRow
	Problems []catalog.Problem
}

// SaveDraft replaces the content of draft number of procedure code with vj, provided the stored
// revision is still revision (else Conflict "version_changed"). The number, status and identity
// are kept whatever vj says. Errors: NotFound, Forbidden, Conflict (version_published when the
// version is no longer a draft), Invalid (malformed dates).
func (s *Service) SaveDraft(ctx context.Context, code string, number int, revision int64, vj catalog.VersionJSON) (*DraftSaved, error) {
	a, err := s.catalogManager(ctx)
	if err != nil {
		return nil, err
	}
	out := &DraftSaved{}
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		p, err := tx.Procedure(ctx, code, true)
		if err != nil {
			return nil, err
		}
		old := p.Version(number)
		if old == nil {
			return nil, errUnknownVersion(code, number)
		}
		next, err := vj.Version(p.NationalCode, p.Agency, p.LegacyLocalCode)
		if err != nil {
			return nil, err
		}
		v := old.Version.Clone()
		if err := v.Edit(func(d *catalog.Version) { *d = next }); err != nil {
			return nil, err
		}
		rev, err := tx.UpdateVersion(ctx, old.ID, &v, revision, a.Name(), s.clock.Now())
		if err != nil {
			return nil, err
		}
		out.Version = &store.VersionRow{Version: v, ID: old.ID, ProcedureID: p.ID, Revision: rev, UpdatedAt: s.clock.Now(), UpdatedBy: a.Name()}
		out.Problems = v.Validate()
		return []change{{Action: "procedure.draft.save", ObjectType: "procedure_version", ObjectID: old.ID, UnitPath: "/",
			Before: old.JSON(), After: v.JSON()}}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PublishVersion publishes draft number of procedure code, which freezes it. A published version
// without an end that the new one follows is closed the day before the new one starts. Errors:
// Invalid (*catalog.InvalidError with every problem), Conflict (version_overlap,
// version_published, version_changed), NotFound, Forbidden.
func (s *Service) PublishVersion(ctx context.Context, code string, number int, revision int64) (*store.VersionRow, error) {
	a, err := s.catalogManager(ctx)
	if err != nil {
		return nil, err
	}
	var out *store.VersionRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		p, err := tx.Procedure(ctx, code, true)
		if err != nil {
			return nil, err
		}
		row := p.Version(number)
		if row == nil {
			return nil, errUnknownVersion(code, number)
		}
		if revision != 0 && row.Revision != revision {
			return nil, errs.New(errs.Conflict, "version_changed", "Phiên bản này vừa được người khác thay đổi, vui lòng tải lại.",
				"The version changed meanwhile; reload it.")
		}
		now := s.clock.Now()
		var changes []change
		// Close the open-ended predecessor the draft follows.
		draft := row.Clone()
		var others []catalog.Version
		for _, o := range p.Versions {
			if o.Number == number {
				continue
			}
			ov := o.Clone()
			if ov.Status == catalog.StatusPublished && ov.EffectiveTo.IsZero() && !draft.EffectiveFrom.IsZero() &&
				ov.EffectiveFrom.Before(draft.EffectiveFrom.Time) {
				before := ov.JSON()
				if err := ov.Close(draft.EffectiveFrom.AddDays(-1)); err != nil {
					return nil, err
				}
				if _, err := tx.UpdateVersion(ctx, o.ID, &ov, o.Revision, a.Name(), now); err != nil {
					return nil, err
				}
				changes = append(changes, change{Action: "procedure.version.close", ObjectType: "procedure_version", ObjectID: o.ID,
					UnitPath: "/", Before: before, After: ov.JSON()})
			}
			others = append(others, ov)
		}
		if err := draft.Publish(others); err != nil {
			return nil, err
		}
		rev, err := tx.UpdateVersion(ctx, row.ID, &draft, row.Revision, a.Name(), now)
		if err != nil {
			return nil, err
		}
		out = &store.VersionRow{Version: draft, ID: row.ID, ProcedureID: p.ID, Revision: rev, UpdatedAt: now, UpdatedBy: a.Name(), PublishedAt: now}
		return append(changes, change{Action: "procedure.version.publish", ObjectType: "procedure_version", ObjectID: row.ID,
			UnitPath: "/", Before: map[string]any{"status": row.Status}, After: map[string]any{"status": draft.Status,
				"effective_from": draft.EffectiveFrom.String(), "effective_to": draft.EffectiveTo.String()}}), nil
	})
	return out, err
}

// WithdrawVersion takes published version number of procedure code out of use; dossiers that
// pinned it keep it. Errors: Conflict (illegal_transition), NotFound, Forbidden.
func (s *Service) WithdrawVersion(ctx context.Context, code string, number int) error {
	a, err := s.catalogManager(ctx)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		p, err := tx.Procedure(ctx, code, true)
		if err != nil {
			return nil, err
		}
		row := p.Version(number)
		if row == nil {
			return nil, errUnknownVersion(code, number)
		}
		v := row.Clone()
		if err := v.Withdraw(); err != nil {
			return nil, err
		}
		if _, err := tx.UpdateVersion(ctx, row.ID, &v, row.Revision, a.Name(), s.clock.Now()); err != nil {
			return nil, err
		}
		return []change{{Action: "procedure.version.withdraw", ObjectType: "procedure_version", ObjectID: row.ID, UnitPath: "/",
			Before: map[string]any{"status": row.Status}, After: map[string]any{"status": v.Status}}}, nil
	})
}

// VersionDiff compares version number of procedure code with the published version it would
// replace (the one in force on its first day, else the latest published one before it). Base is
// nil when there is nothing to compare with. Errors: NotFound, Forbidden.
func (s *Service) VersionDiff(ctx context.Context, code string, number int) (base *store.VersionRow, changes []catalog.Change, err error) {
	p, err := s.Procedure(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	v := p.Version(number)
	if v == nil {
		return nil, nil, errUnknownVersion(code, number)
	}
	for _, o := range p.Versions {
		if o.Number == number || o.Status != catalog.StatusPublished {
			continue
		}
		if !v.EffectiveFrom.IsZero() && o.InForce(v.EffectiveFrom) {
			base = o
			break
		}
		if o.Number < number {
			base = o
		}
	}
	if base == nil {
		return nil, nil, nil
	}
	return base, catalog.Diff(&base.Version, &v.Version), nil
}

// DryRun is what would happen to a dossier received now under a version: its due date with the
// explanation, and each workflow step's due.
type DryRun struct {
	Variant    *catalog.Variant
	Online     bool
	ReceivedAt time.Time
	CalendarID string
	Due        calendar.Result
	Steps      []DryRunStep
	// Fits reports whether the last step is due no later than the dossier.
	Fits bool
}

// DryRunStep is one workflow step of a dry run.
type DryRunStep struct {
	Step  catalog.WorkflowStep
	Start time.Time
	Due   time.Time
}

// DryRunVersion computes, on the calendar of unitID (the national one when 0), when a dossier
// received at `at` under version number of procedure code, variant variantCode, would be due and
// when each step of its workflow would be due if every step took its whole allotted time. It
// stores nothing. Errors: NotFound (procedure, version, variant, unit), Invalid.
func (s *Service) DryRunVersion(ctx context.Context, code string, number int, variantCode string, unitID int64, online bool, at time.Time) (*DryRun, error) {
	p, err := s.Procedure(ctx, code)
	if err != nil {
		return nil, err
	}
	v := p.Version(number)
	if v == nil {
		return nil, errUnknownVersion(code, number)
	}
	vr := v.Variant(variantCode)
	if vr == nil {
		return nil, errs.Invalidf("variant", "unknown_variant", "Thủ tục không có trường hợp "+variantCode+".", "The procedure has no variant "+variantCode+".")
	}
	key := NationalCalendar
	if unitID != 0 {
		if key, err = s.UnitCalendar(ctx, unitID); err != nil {
			return nil, err
		}
	}
	cal, err := s.Calendar(ctx, key)
	if err != nil {
		return nil, err
	}
	d, err := vr.For(online).Calendar()
	if err != nil {
		return nil, err
	}
	plan, err := dossier.PlanReception(cal, at, d, !online)
	if err != nil {
		return nil, calErr(err, "at")
	}
	out := &DryRun{Variant: vr, Online: online, ReceivedAt: at, CalendarID: key, Due: plan.Due, Fits: true}
	start := plan.Due.ClockStart
	for _, st := range vr.Workflow {
		ad, err := st.Allotted.Calendar()
		if err != nil {
			return nil, err
		}
		due, err := dossier.StepDue(cal, start, ad)
		if err != nil {
			return nil, calErr(err, "at")
		}
		out.Steps = append(out.Steps, DryRunStep{Step: st, Start: start, Due: due})
		start = due
	}
	if n := len(out.Steps); n > 0 && !plan.Due.Due.IsZero() && out.Steps[n-1].Due.After(plan.Due.Due) {
		out.Fits = false
	}
	return out, nil
}

// versionOn returns the published version of procedure code in force on day d, the one a dossier
// received that day pins. Errors: NotFound (unknown_procedure, no_version_in_force).
func versionOn(ctx context.Context, tx *store.Tx, code string, d org.Date) (*store.VersionRow, error) {
	p, err := tx.Procedure(ctx, code, false)
	if err != nil {
		return nil, err
	}
	for _, v := range p.Versions {
		if v.InForce(d) {
			return v, nil
		}
	}
	return nil, errNoVersionInForce(code, d)
}

// errUnknownVersion is the NotFound error for a version number a procedure does not have.
func errUnknownVersion(code string, number int) error {
	return errs.New(errs.NotFound, "unknown_version", fmt.Sprintf("Thủ tục %s không có phiên bản %d.", code, number),
		fmt.Sprintf("Procedure %s has no version %d.", code, number))
}
