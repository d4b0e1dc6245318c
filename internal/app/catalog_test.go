package app_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

func demoFile(t *testing.T) *catalog.File {
	t.Helper()
	f, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func countAudit(t *testing.T, svc *app.Service, ctx context.Context) int {
	t.Helper()
	recs, err := svc.AuditRecords(ctx, store.AuditFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

func TestCatalogImportSearchPublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		admin := rootAdminActor(t, svc)
		ctx := app.WithActor(context.Background(), admin)
		anon := context.Background()

		// An official of a commune may not import.
		sys := app.WithActor(context.Background(), org.SystemActor)
		d, _ := org.ParseDate("2025-07-01")
		ward := &org.Unit{OrganID: "000.00.01.H24", GSOCode: "00070", Name: "Phường Hoàn Kiếm", Kind: org.KindCommune, ParentID: 1, ValidFrom: d}
		if err := svc.CreateUnit(sys, ward); err != nil {
			t.Fatal(err)
		}
		wardAdmin, err := svc.CreateUser(sys, app.NewUser{Username: "ward-admin", FullName: "Lê Văn Tư", Password: "Mat-khau-2025!", UnitID: ward.ID, Roles: []org.Role{org.RoleAdmin}})
		if err != nil {
			t.Fatal(err)
		}
		wardCtx := app.WithActor(context.Background(), &org.Actor{UserID: wardAdmin.ID, Username: wardAdmin.Username, Grants: wardAdmin.Grants})
		if _, err := svc.ImportProcedures(wardCtx, demoFile(t), ""); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("commune administrator imported the city catalogue: %v", err)
		}

		res, err := svc.ImportProcedures(ctx, demoFile(t), "")
		if err != nil {
			t.Fatal(err)
		}
		if res.ProceduresCreated < 60 || res.VersionsCreated < res.ProceduresCreated {
			t.Fatalf("import: %+v", res)
		}
		audits := countAudit(t, svc, ctx)
		// Importing the same file again changes nothing and writes no audit record.
		again, err := svc.ImportProcedures(ctx, demoFile(t), "")
		if err != nil {
			t.Fatal(err)
		}
		if again.VersionsCreated+again.VersionsUpdated+again.ProceduresCreated != 0 || again.Unchanged != res.VersionsCreated {
			t.Fatalf("second import: %+v", again)
		}
		if n := countAudit(t, svc, ctx); n != audits {
			t.Fatalf("second import wrote %d audit records", n-audits)
		}

		// Search ignores diacritics and đ/d, identically on both databases.
		for _, q := range []string{"dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "Đăng ký khai sinh", "khai  sinh dang"} {
			page, err := svc.Procedures(anon, store.ProcedureFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, v := range page.Versions {
				if v.Name == "Đăng ký khai sinh" {
					found = true
				}
				if !strings.Contains(strings.ToLower(v.Name), "khai sinh") {
					t.Errorf("%q found %q", q, v.Name)
				}
			}
			if !found {
				t.Errorf("%q did not find Đăng ký khai sinh (%d results)", q, page.Total)
			}
		}
		// The public list shows only what is in force today (2026-03-02): no district level.
		page, err := svc.Procedures(anon, store.ProcedureFilter{Level: catalog.LevelDistrict})
		if err != nil || page.Total != 0 {
			t.Fatalf("district procedures in force in 2026: %d %v", page.Total, err)
		}
		old, err := svc.Procedures(anon, store.ProcedureFilter{Level: catalog.LevelDistrict, On: mustDay(t, "2025-03-01")})
		if err != nil || old.Total < 10 {
			t.Fatalf("district procedures on 2025-03-01: %d %v", old.Total, err)
		}
		if _, err := svc.Procedures(anon, store.ProcedureFilter{Level: "county"}); errs.CodeOf(err) != "invalid_level" {
			t.Fatalf("bad level: %v", err)
		}
		all, err := svc.Procedures(anon, store.ProcedureFilter{Limit: 500})
		if err != nil || all.Total < 60 || len(all.Fields) < 5 {
			t.Fatalf("all: %d fields %d %v", all.Total, len(all.Fields), err)
		}

		// A draft: edited, diffed against the published version, dry-run, published.
		if _, err := svc.NewDraft(anon, "1.001193"); errs.KindOf(err) != errs.Unauthorized {
			t.Fatalf("anonymous draft: %v", err)
		}
		draft, err := svc.NewDraft(ctx, "1.001193")
		if err != nil {
			t.Fatal(err)
		}
		if draft.Status != catalog.StatusDraft {
			t.Fatalf("draft status %s", draft.Status)
		}
		// The public does not see drafts.
		pub, err := svc.Procedure(anon, "1.001193")
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range pub.Versions {
			if v.Status == catalog.StatusDraft {
				t.Fatal("public sees a draft")
			}
		}
		vj := draft.JSON()
		vj.EffectiveFrom = "2026-04-01"
		vj.Variants[0].Fees = []catalog.Fee{{Kind: catalog.FeeFixed, Amount: 8000, Description: "Lệ phí đăng ký khai sinh"}}
		saved, err := svc.SaveDraft(ctx, "1.001193", draft.Number, draft.Revision, vj)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveDraft(ctx, "1.001193", draft.Number, draft.Revision, vj); errs.CodeOf(err) != "version_changed" {
			t.Fatalf("stale save: %v", err)
		}
		base, changes, err := svc.VersionDiff(ctx, "1.001193", draft.Number)
		if err != nil || base == nil {
			t.Fatalf("diff: %v %v", base, err)
		}
		var sawFee bool
		for _, c := range changes {
			if strings.Contains(c.Path, "fees") {
				sawFee = true
			}
		}
		if !sawFee {
			t.Fatalf("diff lacks the fee: %+v", changes)
		}
		run, err := svc.DryRunVersion(ctx, "1.001193", draft.Number, "", 0, false, time.Date(2026, 4, 29, 16, 0, 0, 0, vn))
		if err != nil {
			t.Fatal(err)
		}
		if run.Due.Due.IsZero() || len(run.Steps) == 0 {
			t.Fatalf("dry run: %+v", run)
		}
		// 29/04/2026 16:00, after the 15:00 cut-off: the next working day is Monday 04/05 (30/04,
		// 01/05 and the weekend off).
		if got := run.Due.Due.In(vn).Format("2006-01-02"); got != "2026-05-04" {
			t.Errorf("same-day dossier received 29/04/2026 16:00 due %s\n%s", got, run.Due.Explain())
		}
		if _, err := svc.PublishVersion(ctx, "1.001193", draft.Number, saved.Version.Revision); err != nil {
			t.Fatal(err)
		}
		p, err := svc.Procedure(anon, "1.001193")
		if err != nil {
			t.Fatal(err)
		}
		prev := p.Version(draft.Number - 1)
		if prev.EffectiveTo.String() != "2026-03-31" {
			t.Errorf("the replaced version ends %s, want 2026-03-31", prev.EffectiveTo)
		}
		// Published is frozen.
		if _, err := svc.SaveDraft(ctx, "1.001193", draft.Number, saved.Version.Revision+1, vj); errs.CodeOf(err) != catalog.CodeVersionPublished {
			t.Fatalf("edit of a published version: %v", err)
		}
		// Export and re-import is a no-op.
		procs, err := svc.ExportProcedures(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := catalog.WriteFile(&buf, procs); err != nil {
			t.Fatal(err)
		}
		f, problems := catalog.ParseFile(&buf)
		if problems != nil {
			t.Fatal(problems)
		}
		round, err := svc.ImportProcedures(ctx, f, "")
		if err != nil || round.VersionsCreated+round.VersionsUpdated != 0 {
			t.Fatalf("re-import of the export: %+v %v", round, err)
		}
	})
}

// A bad import reports every problem with its path and stores nothing.
func TestCatalogImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := app.WithActor(context.Background(), rootAdminActor(t, svc))
		f := demoFile(t)
		// Break two procedures deep inside the file: a changed published version later in the file
		// must not leave the earlier ones stored.
		if _, err := svc.ImportProcedures(ctx, f, ""); err != nil {
			t.Fatal(err)
		}
		before := countAudit(t, svc, ctx)
		f2 := demoFile(t)
		f2.Procedures[0].Versions[0].Name = "Đăng ký khai sinh (sửa)"
		f2.Procedures[5].Versions[0].Variants[0].Fees = append(f2.Procedures[5].Versions[0].Variants[0].Fees, catalog.Fee{Kind: catalog.FeeFixed, Amount: 1})
		_, err := svc.ImportProcedures(ctx, f2, "")
		var inv *catalog.InvalidError
		if !errors.As(err, &inv) || len(inv.Problems) != 2 {
			t.Fatalf("want 2 problems, got %v", err)
		}
		if inv.Problems[0].Path != "procedures[0].versions[0]" || inv.Problems[1].Path != "procedures[5].versions[0]" {
			t.Errorf("paths: %+v", inv.Problems)
		}
		if n := countAudit(t, svc, ctx); n != before {
			t.Fatalf("a refused import wrote %d audit records", n-before)
		}
		p, _ := svc.Procedure(ctx, f2.Procedures[0].NationalCode)
		if p.Versions[0].Name == "Đăng ký khai sinh (sửa)" {
			t.Fatal("refused import changed a version")
		}
	})
}

func mustDay(t *testing.T, s string) org.Date {
	t.Helper()
	d, err := org.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
