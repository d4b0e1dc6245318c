package app

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// A portal account's own dossiers ("Hồ sơ của tôi"): those it submitted online (SubmitDossier
// with WithCitizen), which carry it as their owner account. Any other dossier, including one
// where the account's personal ID appears, is reported as not existing.

// citizenApplicant fills in the owner (chủ hồ sơ) of a portal account's own submission from its
// profile, and returns the account as stored now. Errors: Invalid profile_incomplete.
func (s *Service) citizenApplicant(ctx context.Context, c *CitizenAuth, in *SubmissionInput) (*citizen.Account, error) {
	var p *CitizenProfile
	err := s.read(ctx, func(tx *store.Tx) error {
		acc, err := tx.Citizen(ctx, c.Account.ID)
		if err != nil {
			return err
		}
		addrs, err := tx.CitizenAddresses(ctx, acc.ID)
		p = &CitizenProfile{Account: acc, Addresses: addrs}
		return err
	})
	if err != nil {
		return nil, err
	}
	acc := p.Account
	if acc.IDNumber() == "" {
		field, vi, en := "personal_id", "Hãy bổ sung số định danh cá nhân trong trang Tài khoản trước khi nộp hồ sơ.",
			"Add your personal identification number on the Account page before submitting."
		if acc.Kind == citizen.Business {
			field, vi, en = "tax_code", "Hãy bổ sung mã số thuế của doanh nghiệp trong trang Tài khoản trước khi nộp hồ sơ.",
				"Add the business's tax code on the Account page before submitting."
		}
		return nil, errs.Invalidf(field, "profile_incomplete", vi, en)
	}
	in.SubjectKind = acc.Kind.SubjectKind()
	in.Applicant = Applicant{Name: acc.FullName, IDNumber: acc.IDNumber(), Address: p.Current().String(), Phone: acc.Phone, Email: acc.Email}
	if !acc.BirthDate.IsZero() && acc.Kind == citizen.Person {
		in.Applicant.BirthDate = acc.BirthDate.Format(time.DateOnly)
	}
	return acc, nil
}

func isDesk(u *org.Unit) bool {
	return u.Kind == org.KindServiceCentre || u.Kind == org.KindOneStopDesk
}

// portalDesk checks the unit a portal account submits to: a service centre or one-stop desk in
// force today with an agency code. Errors: Invalid (unit_required, not_a_desk).
func (s *Service) portalDesk(ctx context.Context, unitID int64) (*org.Unit, error) {
	if unitID == 0 {
		return nil, errs.Invalidf("unit_id", "unit_required", "Hãy chọn nơi tiếp nhận hồ sơ.", "Choose where the dossier is received.")
	}
	var u *org.Unit
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.Unit(ctx, unitID)
		return err
	})
	if errs.KindOf(err) == errs.NotFound || (err == nil && (!isDesk(u) || u.OrganID == "" || !u.ValidOn(org.DateOf(s.clock.Now().In(vietnam))))) {
		return nil, errs.Invalidf("unit_id", "not_a_desk", "Nơi tiếp nhận đã chọn không phải là bộ phận một cửa đang hoạt động: hãy chọn trong danh sách.",
			"That is not a one-stop desk in operation: choose one from the list.")
	}
	return u, err
}

// PortalDesks lists the service centres and one-stop desks a portal account may submit to:
// in force today, with an agency code. Public.
func (s *Service) PortalDesks(ctx context.Context) ([]*org.Unit, error) {
	var all []*org.Unit
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		all, err = tx.Units(ctx, store.UnitFilter{On: org.DateOf(s.clock.Now().In(vietnam)),
			Kinds: []org.Kind{org.KindServiceCentre, org.KindOneStopDesk}, Limit: 5000})
		return err
	})
	out := all[:0]
	for _, u := range all {
		if u.OrganID != "" {
			out = append(out, u)
		}
	}
	return out, err
}

// OnlineProcedures lists the procedure versions in force today that are offered online (partly
// or fully, domain-vn §4.6). Public.
func (s *Service) OnlineProcedures(ctx context.Context) ([]*store.VersionRow, error) {
	var vs []*store.VersionRow
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		vs, _, err = tx.SearchVersions(ctx, store.ProcedureFilter{On: org.DateOf(s.clock.Now().In(vietnam)), Limit: 5000})
		return err
	})
	out := vs[:0]
	for _, v := range vs {
		if v.OnlineLevel != catalog.OnlineNone && v.OnlineLevel != "" {
			out = append(out, v)
		}
	}
	return out, err
}

// OnlineProcedure returns the version of a procedure in force today when it is offered online.
// Errors: NotFound (unknown_procedure, no_version_in_force), Invalid not_offered_online.
func (s *Service) OnlineProcedure(ctx context.Context, code string) (*store.VersionRow, error) {
	var v *store.VersionRow
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		v, err = versionOn(ctx, tx, strings.TrimSpace(code), org.DateOf(s.clock.Now().In(vietnam)))
		return err
	})
	if err != nil {
		return nil, err
	}
	if v.OnlineLevel == catalog.OnlineNone || v.OnlineLevel == "" {
		return nil, errs.Invalidf("procedure_code", "not_offered_online", "Thủ tục "+v.NationalCode+" chưa được cung cấp trực tuyến.",
			"The procedure is not offered online.")
	}
	return v, nil
}

// MyDossiers lists the signed-in portal account's own dossiers, newest first. Errors:
// Unauthorized.
func (s *Service) MyDossiers(ctx context.Context) ([]*store.DossierRow, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	var out []*store.DossierRow
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.CitizenDossiers(ctx, c.Account.ID, 500)
		return err
	})
	return out, err
}

// CitizenDossier is one of a portal account's dossiers as its owner sees it.
type CitizenDossier struct {
	*store.DossierRow
	Components []store.ComponentRow
	Events     []*store.EventRow
	Receiving  *org.Unit
	Files      []*store.FileRow
	// Timeline is the dossier's history in plain words for the applicant, oldest first.
	Timeline []TimelineEntry
	// DueNote explains the due date (or why there is none yet).
	DueNote string
	// Allowed are the actions the applicant may take now (withdraw, supplement, resubmit).
	Allowed []dossier.Action
	// Requested are the items of the open supplement request, if one is open.
	Requested []string
	// Form holds the application form values the dossier was submitted with.
	Form map[string]string
	// Version is the procedure version the dossier pinned.
	Version *store.VersionRow
	// Signed are the signed results in force, once the result is issued (MySignedResult).
	Signed []*store.SignatureRow
}

// MyDossier returns one of the signed-in portal account's own dossiers. Any other dossier is
// unknown_dossier, as for a code that does not exist. Errors: NotFound, Invalid (malformed code),
// Unauthorized.
func (s *Service) MyDossier(ctx context.Context, code string) (*CitizenDossier, error) {
	c, err := citizenOf(ctx)
	if err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, err
	}
	out := &CitizenDossier{}
	err = s.read(ctx, func(tx *store.Tx) error {
		d, err := tx.Dossier(ctx, code)
		if err != nil {
			return err
		}
		owner, err := tx.DossierOwner(ctx, d.ID)
		if err != nil {
			return err
		}
		if owner != c.Account.ID {
			return store.ErrUnknownDossier(code)
		}
		out.DossierRow = d
		if out.Components, err = tx.Components(ctx, d.ID); err != nil {
			return err
		}
		if out.Events, err = tx.Events(ctx, d.ID); err != nil {
			return err
		}
		if out.Receiving, err = tx.Unit(ctx, d.ReceivingUnitID); err != nil {
			return err
		}
		if out.Files, err = tx.DossierFiles(ctx, d.ID); err != nil {
			return err
		}
		if out.Version, err = tx.VersionByID(ctx, d.ProcedureVersionID); err != nil {
			return err
		}
		if hasResult(d.State) {
			sigs, err := tx.DossierSignatures(ctx, d.ID)
			if err != nil {
				return err
			}
			out.Signed = inForce(sigs)
		}
		form, err := tx.DossierForm(ctx, d.ID)
		if err != nil {
			return err
		}
		if form != "" {
			if err := json.Unmarshal([]byte(form), &out.Form); err != nil {
				return errs.Wrap(err, "dossier form")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out.Timeline = citizenTimeline(out.Events)
	out.DueNote = dueNote(out)
	out.Allowed = dossier.Allowed(snapshot(out.DossierRow, out.Components, dossier.Input{}), []org.Role{dossier.RoleApplicant}, now)
	if out.State == dossier.ReceptionSupplement || out.State == dossier.AwaitingSupplement {
		if e := lastRequest(out.Events); e != nil {
			out.Requested = eventItems(e)
		}
	}
	return out, nil
}

// Can reports whether the applicant may take action a now.
func (d *CitizenDossier) Can(a string) bool { return slices.Contains(d.Allowed, dossier.Action(a)) }
