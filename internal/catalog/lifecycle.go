package catalog

import (
	"fmt"
	"slices"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// Error codes of the lifecycle functions (besides CodeInvalidProcedure).
const (
	CodeVersionPublished  = "version_published"  // Conflict: the version is published or withdrawn, hence frozen
	CodeVersionOverlap    = "version_overlap"    // Conflict: another published version is in force on some of the same days
	CodeIllegalTransition = "illegal_transition" // Conflict: e.g. withdrawing a draft
	CodeNoVersion         = "no_version"         // Invalid: a new draft needs an existing version to copy
)

// CheckEditable returns nil for a draft and a Conflict error with code "version_published" for a
// published or withdrawn version: those are frozen, a change needs a new draft (NewDraft).
func (v *Version) CheckEditable() error {
	if v.Status == StatusDraft {
		return nil
	}
	return errs.New(errs.Conflict, CodeVersionPublished,
		fmt.Sprintf("Phiên bản %d đã công bố nên không thể sửa; hãy tạo phiên bản nháp mới.", v.Number),
		fmt.Sprintf("Version %d is published and cannot be edited; create a new draft.", v.Number))
}

// Edit applies change to a copy of the draft v and stores the result in v. The version's number,
// status and identity (codes, agency) are kept whatever change does. A published or withdrawn
// version is not changed and the error is CheckEditable's.
func (v *Version) Edit(change func(draft *Version)) error {
	if err := v.CheckEditable(); err != nil {
		return err
	}
	d := v.Clone()
	change(&d)
	d.Number, d.Status = v.Number, v.Status
	d.NationalCode, d.Agency, d.LegacyLocalCode = v.NationalCode, v.Agency, v.LegacyLocalCode
	*v = d
	return nil
}

// Publish freezes the draft v: it must pass Validate (else *InvalidError, code
// "invalid_procedure") and must not be in force on a day when another published version of the
// same procedure is (others may include v itself; else Conflict "version_overlap"). A version
// that is not a draft gives Conflict "version_published". On success v.Status is published; on
// error v is unchanged.
func (v *Version) Publish(others []Version) error {
	if err := v.CheckEditable(); err != nil {
		return err
	}
	if err := v.Publishable(); err != nil {
		return err
	}
	if err := CheckOverlap(v, others); err != nil {
		return err
	}
	v.Status = StatusPublished
	return nil
}

// Withdraw takes a published version out of use (status withdrawn). Dossiers that pinned it keep
// it. Any other status gives Conflict "illegal_transition".
func (v *Version) Withdraw() error {
	if v.Status != StatusPublished {
		return errs.New(errs.Conflict, CodeIllegalTransition,
			fmt.Sprintf("Chỉ thu hồi được phiên bản đã công bố (phiên bản %d đang ở trạng thái %s).", v.Number, v.Status),
			fmt.Sprintf("Only a published version can be withdrawn (version %d is %s).", v.Number, v.Status))
	}
	v.Status = StatusWithdrawn
	return nil
}

// Close ends a published version on day last (inclusive): the one change allowed to a published
// version, made when a replacement is published (e.g. R11.5: last = 2025-06-30). last must not be
// before EffectiveFrom, and a version that already ends earlier cannot be extended: both give
// Invalid "invalid_period". A draft is simply edited; Close on a withdrawn version gives Conflict
// "illegal_transition".
func (v *Version) Close(last org.Date) error {
	switch {
	case v.Status == StatusWithdrawn:
		return errs.New(errs.Conflict, CodeIllegalTransition, "Phiên bản đã thu hồi.", "The version is withdrawn.")
	case last.Before(v.EffectiveFrom.Time):
		return errs.Invalidf("effective_to", "invalid_period",
			fmt.Sprintf("Ngày hết hiệu lực %s trước ngày có hiệu lực %s.", last, v.EffectiveFrom),
			fmt.Sprintf("Effective-to %s precedes effective-from %s.", last, v.EffectiveFrom))
	case v.Status == StatusPublished && !v.EffectiveTo.IsZero() && last.After(v.EffectiveTo.Time):
		return errs.Invalidf("effective_to", "invalid_period",
			fmt.Sprintf("Không thể kéo dài hiệu lực của phiên bản đã công bố quá ngày %s.", v.EffectiveTo),
			fmt.Sprintf("A published version cannot be extended past %s.", v.EffectiveTo))
	}
	v.EffectiveTo = last
	return nil
}

// NewDraft returns a new draft copied from the latest version (the highest number) of versions:
// number latest+1, status draft, no publication decision, EffectiveFrom the day after the
// latest's EffectiveTo (zero when the latest is open-ended: the editor sets it, and the latest
// version is closed with Close when the draft is published) and no EffectiveTo. An empty list
// gives Invalid "no_version".
func NewDraft(versions []Version) (Version, error) {
	if len(versions) == 0 {
		return Version{}, errs.Invalidf("versions", CodeNoVersion,
			"Chưa có phiên bản nào để sao chép.", "There is no version to copy.")
	}
	latest := &versions[0]
	for i := range versions {
		if versions[i].Number > latest.Number {
			latest = &versions[i]
		}
	}
	d := latest.Clone()
	d.Number = latest.Number + 1
	d.Status = StatusDraft
	d.Publication = nil
	d.EffectiveFrom = org.Date{}
	if !latest.EffectiveTo.IsZero() {
		d.EffectiveFrom = latest.EffectiveTo.AddDays(1)
	}
	d.EffectiveTo = org.Date{}
	return d, nil
}

// CheckOverlap returns a Conflict error "version_overlap" when v is in force on a day when a
// published version among others (other than v's number) is, and nil otherwise.
func CheckOverlap(v *Version, others []Version) error {
	for i := range others {
		o := &others[i]
		if o.Number == v.Number || o.Status != StatusPublished || !overlaps(v, o) {
			continue
		}
		return errs.New(errs.Conflict, CodeVersionOverlap,
			fmt.Sprintf("Phiên bản %d có hiệu lực trùng thời gian với phiên bản %d đã công bố (%s).", v.Number, o.Number, period(o)),
			fmt.Sprintf("Version %d overlaps published version %d (%s).", v.Number, o.Number, period(o)))
	}
	return nil
}

func period(v *Version) string {
	if v.EffectiveTo.IsZero() {
		return "từ " + v.EffectiveFrom.String()
	}
	return v.EffectiveFrom.String() + " – " + v.EffectiveTo.String()
}

// overlaps reports whether a and b are in force on a common day (a zero EffectiveTo is open).
func overlaps(a, b *Version) bool {
	if !a.EffectiveTo.IsZero() && a.EffectiveTo.Before(b.EffectiveFrom.Time) {
		return false
	}
	if !b.EffectiveTo.IsZero() && b.EffectiveTo.Before(a.EffectiveFrom.Time) {
		return false
	}
	return true
}

// InForce reports whether v is published and in force on day d.
func (v *Version) InForce(d org.Date) bool {
	if v.Status != StatusPublished || v.EffectiveFrom.IsZero() || d.Before(v.EffectiveFrom.Time) {
		return false
	}
	return v.EffectiveTo.IsZero() || !d.After(v.EffectiveTo.Time)
}

// VersionOn returns the published version in force on day d, the one a dossier received that day
// pins, and false when there is none. Drafts and withdrawn versions are never picked. Published
// versions do not overlap (Publish checks it); should they, the highest number wins.
func VersionOn(versions []Version, d org.Date) (*Version, bool) {
	var best *Version
	for i := range versions {
		if versions[i].InForce(d) && (best == nil || versions[i].Number > best.Number) {
			best = &versions[i]
		}
	}
	return best, best != nil
}

// Clone returns a deep copy of v: changing the copy never changes v.
func (v *Version) Clone() Version {
	c := *v
	c.Levels = slices.Clone(v.Levels)
	c.Results = slices.Clone(v.Results)
	c.LegalBasis = slices.Clone(v.LegalBasis)
	c.IllustrativeFields = slices.Clone(v.IllustrativeFields)
	if v.Publication != nil {
		p := *v.Publication
		c.Publication = &p
	}
	if v.Form != nil {
		f := v.Form.clone()
		c.Form = &f
	}
	if v.Variants != nil {
		c.Variants = make([]Variant, len(v.Variants))
		for i := range v.Variants {
			c.Variants[i] = v.Variants[i].clone()
		}
	}
	return c
}

func (vr *Variant) clone() Variant {
	c := *vr
	if vr.OnlineDuration != nil {
		d := *vr.OnlineDuration
		c.OnlineDuration = &d
	}
	c.Fees = slices.Clone(vr.Fees)
	c.Workflow = slices.Clone(vr.Workflow)
	c.Components = slices.Clone(vr.Components)
	for i := range c.Components {
		if t := c.Components[i].Template; t != nil {
			tt := *t
			c.Components[i].Template = &tt
		}
	}
	return c
}

func (f *FormSchema) clone() FormSchema {
	c := *f
	c.Fields = slices.Clone(f.Fields)
	for i := range c.Fields {
		fd := &c.Fields[i]
		fd.Options = slices.Clone(fd.Options)
		if fd.Help != nil {
			h := *fd.Help
			fd.Help = &h
		}
		if fd.Rules != nil {
			r := *fd.Rules
			r.Min, r.Max = clonePtr(r.Min), clonePtr(r.Max)
			r.MinLength, r.MaxLength = clonePtr(r.MinLength), clonePtr(r.MaxLength)
			fd.Rules = &r
		}
		if fd.Address != nil {
			a := *fd.Address
			fd.Address = &a
		}
		if fd.File != nil {
			fs := *fd.File
			fs.Types = slices.Clone(fs.Types)
			fd.File = &fs
		}
	}
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
