package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/demo"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

func date(s string) org.Date { d, _ := org.ParseDate(s); return d }

func TestLoad(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := app.New(db, clock.NewFixed(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)), slog.New(slog.NewTextHandler(io.Discard, nil)))
		res, err := demo.Load(ctx, svc, demo.Options{OrganRoot: "H24"})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("demo loaded in %v: %d unit versions, %d accounts", res.Elapsed, res.Units, len(res.Accounts))
		if org.ValidatePassword(res.Password) != nil {
			t.Errorf("weak demo password %q", res.Password)
		}

		count := func(on string, kinds ...org.Kind) int {
			f := store.UnitFilter{Kinds: kinds, Limit: 5000}
			if on != "" {
				f.On = date(on)
			}
			us, err := svc.Units(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return len(us)
		}
		for _, c := range []struct {
			on   string
			kind org.Kind
			want int
		}{
			{"", org.KindCity, 1},
			{"2025-06-30", org.KindDistrict, 30},
			{"2025-07-01", org.KindDistrict, 0},
			{"2025-06-30", org.KindCommune, 526},
			{"2025-07-01", org.KindCommune, 126},
			{"2025-07-01", org.KindDepartment, 18},
			{"2025-06-30", org.KindOneStopDesk, 30 + 526},
			{"2025-07-01", org.KindOneStopDesk, 0},
			{"2025-06-30", org.KindServiceCentre, 1},
			{"2025-07-01", org.KindServiceCentre, 126 + 1},
			{"2025-07-01", org.KindDivision, 9},
		} {
			if got := count(c.on, c.kind); got != c.want {
				t.Errorf("%s on %q: %d, want %d", c.kind, c.on, got, c.want)
			}
		}
		if got := count(""); got != res.Units {
			t.Errorf("%d unit versions stored, Load says %d", got, res.Units)
		}

		// The illustrative agency codes follow the documented scheme.
		for organ, name := range map[string]string{
			"000.00.00.H24": "Thành phố Hà Nội",
			"000.00.31.H24": "Quận Ba Đình",
			"000.01.31.H24": "Phường Phúc Xá",
			"001.01.31.H24": "Bộ phận Một cửa phường Phúc Xá",
			"000.99.31.H24": "Bộ phận Một cửa quận Ba Đình",
			"000.01.90.H24": "Phường Ba Đình",
			"001.01.90.H24": "Trung tâm Phục vụ hành chính công phường Ba Đình",
			"000.27.91.H24": "Xã Hương Sơn", // commune 126: Y = 1, ZZ = 27
			"000.00.03.H24": "Sở Tư pháp",
			"000.02.03.H24": "Phòng Hành chính tư pháp",
			"000.00.19.H24": "Trung tâm Phục vụ hành chính công thành phố Hà Nội",
		} {
			us, err := svc.Units(ctx, store.UnitFilter{OrganID: organ})
			if err != nil || len(us) != 1 || us[0].Name != name {
				t.Errorf("%s: %v %v, want %s", organ, us, err, name)
			}
		}

		// Every district is linked to successors; desks live as long as their territory.
		districts, _ := svc.UnitTree(ctx, date("2025-06-30"), []org.Kind{org.KindDistrict})
		for _, d := range districts {
			if len(d.Successors) == 0 {
				t.Errorf("district %s has no successor", d.Name)
			}
		}
		desk, _ := svc.Units(ctx, store.UnitFilter{OrganID: "000.99.31.H24"})
		if len(desk) == 1 && desk[0].ValidTo != date("2025-06-30") {
			t.Errorf("district desk valid to %v", desk[0].ValidTo)
		}

		// Every role is present, every account signs in with the one password.
		sys := app.WithActor(ctx, org.SystemActor)
		users, err := svc.Users(sys, store.UserFilter{})
		if err != nil || len(users) != len(res.Accounts) {
			t.Fatalf("%d users (%v), want %d", len(users), err, len(res.Accounts))
		}
		roles := map[org.Role]bool{}
		for _, u := range users {
			for _, g := range u.Grants {
				roles[g.Role] = true
			}
		}
		for _, r := range org.Roles {
			if !roles[r] {
				t.Errorf("no demo official has role %s", r)
			}
		}
		for _, name := range []string{"admin", "badinh.tiepnhan", "qbadinh.chuyenvien"} {
			if _, a, err := svc.SignIn(ctx, name, res.Password, "127.0.0.1", "test"); err != nil {
				t.Errorf("sign in %s: %v", name, err)
			} else if name == "admin" && a.Step != app.StepEnrol {
				t.Errorf("admin step %q, want enrolment of a second factor", a.Step)
			}
		}

		// Every change is audited and the chain is intact.
		v, problem, err := db.VerifyAudit(ctx)
		if err != nil || problem != nil {
			t.Fatalf("audit: %v %v", err, problem)
		}
		if v.Count() < int64(res.Units+len(res.Accounts)) {
			t.Errorf("%d audit records for %d units and %d accounts", v.Count(), res.Units, len(res.Accounts))
		}

		// The procedure catalogue is there, localised under the root, and found by folded search.
		if res.Procedures != 73 || res.Versions != 139 {
			t.Errorf("catalogue: %d procedures, %d versions", res.Procedures, res.Versions)
		}
		p, err := svc.Procedure(ctx, "1.001193")
		if err != nil {
			t.Fatal(err)
		}
		if lc := p.Catalog().LocalCode(); lc != "1.001193.000.00.00.H24" {
			t.Errorf("local code %q", lc)
		}
		page, err := svc.Procedures(ctx, store.ProcedureFilter{Query: "dang ky khai sinh"})
		if err != nil || page.Total == 0 || page.Versions[0].Name != "Đăng ký khai sinh" {
			t.Errorf("search: %v %v", page, err)
		}
		// Loading the catalogue again loads nothing.
		if imp, err := demo.LoadCatalogue(ctx, svc, "H24"); imp != nil || err != nil {
			t.Errorf("second catalogue load: %+v %v", imp, err)
		}

		// A second load is refused.
		if _, err := demo.Load(ctx, svc, demo.Options{}); errs.CodeOf(err) != "not_empty" {
			t.Errorf("second load: %v", err)
		}
	})
}

func TestLoadRejectsBadRoot(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	svc := app.New(db, clock.System{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, root := range []string{"h24", "H2", "HN1", "000.00.00.H24"} {
		if _, err := demo.Load(context.Background(), svc, demo.Options{OrganRoot: root}); errs.CodeOf(err) != "invalid_organ_id" {
			t.Errorf("root %q: %v", root, err)
		}
	}
}

func TestNewPassword(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 50 {
		p, err := demo.NewPassword()
		if err != nil || org.ValidatePassword(p) != nil || len(p) != 14 || seen[p] {
			t.Fatalf("%q %v", p, err)
		}
		seen[p] = true
	}
}
