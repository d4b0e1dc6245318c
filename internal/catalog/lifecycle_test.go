package catalog

import (
	"errors"
	"testing"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

func TestPublishedVersionIsFrozen(t *testing.T) {
	v := validVersion()
	if err := v.Publish(nil); err != nil {
		t.Fatal(err)
	}
	if v.Status != StatusPublished {
		t.Fatalf("status %s", v.Status)
	}
	err := v.Edit(func(d *Version) { d.Name = "Tên khác" })
	if errs.KindOf(err) != errs.Conflict || errs.CodeOf(err) != CodeVersionPublished {
		t.Fatalf("edit of a published version: %v", err)
	}
	if v.Name != "Cấp Giấy xác nhận tình trạng hôn nhân" {
		t.Errorf("published version changed: %q", v.Name)
	}
	if err := v.Publish(nil); errs.CodeOf(err) != CodeVersionPublished {
		t.Errorf("publishing twice: %v", err)
	}
	if err := v.Withdraw(); err != nil || v.Status != StatusWithdrawn {
		t.Fatalf("withdraw: %v %s", err, v.Status)
	}
	if err := v.Edit(func(d *Version) {}); errs.CodeOf(err) != CodeVersionPublished {
		t.Errorf("edit of a withdrawn version: %v", err)
	}
	if err := v.Withdraw(); errs.CodeOf(err) != CodeIllegalTransition {
		t.Errorf("withdrawing twice: %v", err)
	}
}

func TestEditDraft(t *testing.T) {
	v := validVersion()
	err := v.Edit(func(d *Version) {
		d.Name = "Tên mới"
		d.Number, d.Status, d.NationalCode = 99, StatusPublished, "2.000000"
		d.Variants[0].Fees[1].Amount = 10000
	})
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "Tên mới" || v.Variants[0].Fees[1].Amount != 10000 {
		t.Errorf("edit not applied: %+v", v)
	}
	if v.Number != 1 || v.Status != StatusDraft || v.NationalCode != "1.004873" {
		t.Errorf("edit changed identity: %d %s %s", v.Number, v.Status, v.NationalCode)
	}
}

func TestPublishRequiresValidation(t *testing.T) {
	v := validVersion()
	v.Variants[0].Workflow[1].Allotted = Duration{Value: 5, Unit: WorkingDays}
	err := v.Publish(nil)
	var ie *InvalidError
	if !errors.As(err, &ie) || ie.Problems[0].Code != "workflow_too_long" {
		t.Fatalf("want invalid_procedure with workflow_too_long, got %v", err)
	}
	if v.Status != StatusDraft {
		t.Errorf("failed publish changed status to %s", v.Status)
	}
}

func TestPublishRefusesOverlap(t *testing.T) {
	old := validVersion()
	old.Status, old.EffectiveFrom = StatusPublished, day("2024-01-01")
	draft := validVersion()
	draft.Number = 2
	err := draft.Publish([]Version{*old})
	if errs.KindOf(err) != errs.Conflict || errs.CodeOf(err) != CodeVersionOverlap {
		t.Fatalf("overlapping publish: %v", err)
	}
	if err := old.Close(day("2025-06-30")); err != nil {
		t.Fatal(err)
	}
	if err := draft.Publish([]Version{*old, *draft}); err != nil {
		t.Fatalf("after closing the old version: %v", err)
	}
	// A withdrawn or draft version never blocks.
	other := validVersion()
	other.Number, other.Status = 3, StatusWithdrawn
	if err := CheckOverlap(old, []Version{*other}); err != nil {
		t.Errorf("withdrawn version blocks: %v", err)
	}
}

func TestClose(t *testing.T) {
	v := validVersion()
	v.Status = StatusPublished
	if err := v.Close(day("2025-06-30")); errs.CodeOf(err) != "invalid_period" {
		t.Errorf("closing before the start: %v", err)
	}
	if err := v.Close(day("2025-12-31")); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(day("2026-12-31")); errs.CodeOf(err) != "invalid_period" {
		t.Errorf("extending a published version: %v", err)
	}
	if err := v.Close(day("2025-09-30")); err != nil || v.EffectiveTo.String() != "2025-09-30" {
		t.Errorf("shortening: %v %s", err, v.EffectiveTo)
	}
}

func TestNewDraft(t *testing.T) {
	if _, err := NewDraft(nil); errs.CodeOf(err) != CodeNoVersion {
		t.Errorf("no versions: %v", err)
	}
	v1 := validVersion()
	v1.Status, v1.EffectiveFrom, v1.EffectiveTo = StatusPublished, day("2024-01-01"), day("2025-06-30")
	v2 := validVersion()
	v2.Number, v2.Status = 2, StatusPublished
	d, err := NewDraft([]Version{*v2, *v1})
	if err != nil {
		t.Fatal(err)
	}
	if d.Number != 3 || d.Status != StatusDraft || d.Publication != nil || !d.EffectiveFrom.IsZero() {
		t.Errorf("draft from an open version: %d %s %v %s", d.Number, d.Status, d.Publication, d.EffectiveFrom)
	}
	// The copy is deep: editing the draft leaves the published version alone.
	d.Variants[0].Fees[0].Description = "khác"
	d.Variants[0].Components[0].Template.Name = "khác"
	d.Form.Fields[4].Rules.Max = ptr(99.0)
	d.Form.Fields[3].Options[0].Value = "khac-nua"
	if v2.Variants[0].Fees[0].Description == "khác" || v2.Variants[0].Components[0].Template.Name == "khác" ||
		*v2.Form.Fields[4].Rules.Max == 99 || v2.Form.Fields[3].Options[0].Value != "ket-hon" {
		t.Error("the draft shares memory with the version it was copied from")
	}
	d1, _ := NewDraft([]Version{*v1})
	if d1.EffectiveFrom.String() != "2025-07-01" {
		t.Errorf("draft after a closed version starts %s", d1.EffectiveFrom)
	}
}

func TestVersionOn(t *testing.T) {
	district := validVersion()
	district.Status, district.Levels, district.CompetentUnitKind = StatusPublished, []Level{LevelDistrict}, org.KindDistrict
	district.EffectiveFrom, district.EffectiveTo = day("2024-01-01"), day("2025-06-30")
	commune := validVersion()
	commune.Number, commune.Status = 2, StatusPublished
	draft := validVersion()
	draft.Number, draft.EffectiveFrom = 3, day("2026-01-01")
	versions := []Version{*district, *commune, *draft}
	for _, tc := range []struct {
		day    string
		number int
	}{{"2023-12-31", 0}, {"2024-01-01", 1}, {"2025-06-30", 1}, {"2025-07-01", 2}, {"2026-02-01", 2}} {
		v, ok := VersionOn(versions, day(tc.day))
		switch {
		case tc.number == 0 && ok:
			t.Errorf("%s: got version %d, want none", tc.day, v.Number)
		case tc.number != 0 && (!ok || v.Number != tc.number):
			t.Errorf("%s: got %v %v, want version %d", tc.day, v, ok, tc.number)
		}
	}
}

func TestDemoVersionOnReformDays(t *testing.T) {
	f, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	procs, err := f.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*Procedure{}
	for _, p := range procs {
		byCode[p.NationalCode] = p
	}
	for _, tc := range []struct {
		code            string
		before, after   Level
		beforeK, afterK org.Kind
	}{
		{"1.001612", LevelDistrict, LevelCommune, org.KindDistrict, org.KindCommune}, // Đăng ký thành lập hộ kinh doanh
		{"1.013225", LevelDistrict, LevelCommune, org.KindDistrict, org.KindCommune}, // Cấp giấy phép xây dựng
		{"1.001193", LevelCommune, LevelCommune, org.KindCommune, org.KindCommune},   // Đăng ký khai sinh
	} {
		p := byCode[tc.code]
		if p == nil {
			t.Fatalf("%s missing from the demo", tc.code)
		}
		v1, ok1 := VersionOn(p.Versions, day("2025-06-30"))
		v2, ok2 := VersionOn(p.Versions, day("2025-07-01"))
		if !ok1 || !ok2 || v1 == v2 {
			t.Fatalf("%s: versions %v %v", tc.code, v1, v2)
		}
		if !v1.HasLevel(tc.before) || v1.CompetentUnitKind != tc.beforeK || v1.EffectiveTo.String() != "2025-06-30" {
			t.Errorf("%s on 2025-06-30: %v %s until %s", tc.code, v1.Levels, v1.CompetentUnitKind, v1.EffectiveTo)
		}
		if !v2.HasLevel(tc.after) || v2.CompetentUnitKind != tc.afterK || v2.EffectiveFrom.String() != "2025-07-01" {
			t.Errorf("%s on 2025-07-01: %v %s from %s", tc.code, v2.Levels, v2.CompetentUnitKind, v2.EffectiveFrom)
		}
	}
}
