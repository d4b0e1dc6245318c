package app_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

func date(s string) org.Date { d, _ := org.ParseDate(s); return d }

func TestBulkCreate(t *testing.T) {
	hash, err := auth.HashPassword("Mat-khau-2025!")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := app.New(db, clock.NewFixed(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)), slog.New(slog.NewTextHandler(io.Discard, nil)))
		sys := app.WithActor(context.Background(), org.SystemActor)
		city := &org.Unit{OrganID: "000.00.00.H24", GSOCode: "01", Name: "Thành phố Hà Nội", Kind: org.KindCity, ValidFrom: date("2025-01-01")}
		if err := svc.CreateUnits(sys, []*org.Unit{city}); err != nil {
			t.Fatal(err)
		}
		old := &org.Unit{GSOCode: "001", Name: "Quận Ba Đình", Kind: org.KindDistrict, ParentID: city.ID, ValidFrom: date("2025-01-01"), ValidTo: date("2025-06-30")}
		ward := &org.Unit{OrganID: "000.01.90.H24", GSOCode: "00004", Name: "Phường Ba Đình", Kind: org.KindCommune, ParentID: city.ID, ValidFrom: date("2025-07-01")}
		if err := svc.CreateUnits(sys, []*org.Unit{old, ward}); err != nil {
			t.Fatal(err)
		}
		if old.ID == 0 || ward.Path != city.Path+strconv.FormatInt(ward.ID, 10)+"/" {
			t.Fatalf("ids and paths not set: %+v %+v", old, ward)
		}

		// One bad unit stops the batch: nothing of it is stored, and the error says which.
		before := count(t, svc)
		err := svc.CreateUnits(sys, []*org.Unit{
			{Name: "Bộ phận Một cửa quận Ba Đình", Kind: org.KindOneStopDesk, ParentID: old.ID, ValidFrom: date("2025-01-01"), ValidTo: date("2025-06-30")},
			{Name: "Bộ phận Một cửa muộn", Kind: org.KindOneStopDesk, ParentID: old.ID, ValidFrom: date("2025-08-01")},
		})
		if errs.CodeOf(err) != "parent_not_valid" || !strings.Contains(errs.Public(err).Message, "Mục 2") {
			t.Errorf("batch with a bad unit: %v", err)
		}
		if got := count(t, svc); got != before {
			t.Errorf("%d units after a failed batch, %d before", got, before)
		}

		// The system may record officials of a dissolved unit; an administrator may not.
		users, err := svc.ImportUsers(sys, []app.NewUser{
			{Username: "admin", FullName: "Nguyễn Văn Hùng", UnitID: city.ID, Roles: []org.Role{org.RoleAdmin}},
			{Username: "cu.chuyenvien", FullName: "Trần Văn Tùng", UnitID: old.ID, Roles: []org.Role{org.RoleProcessing}},
		}, hash)
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 2 || users[1].Grants[0].UnitID != old.ID {
			t.Fatalf("users %+v", users)
		}
		if _, _, err := svc.SignIn(context.Background(), "cu.chuyenvien", "Mat-khau-2025!", "127.0.0.1", "test"); err != nil {
			t.Errorf("sign in with the shared hash: %v", err)
		}
		admin := app.WithActor(context.Background(), &org.Actor{UserID: users[0].ID, Username: "admin", Grants: users[0].Grants})
		_, err = svc.ImportUsers(admin, []app.NewUser{{Username: "moi", FullName: "Lê Thị Mới", UnitID: old.ID, Roles: []org.Role{org.RoleReception}}}, hash)
		if errs.CodeOf(err) != "unit_closed" {
			t.Errorf("admin granting on a closed unit: %v", err)
		}
		_, err = svc.ImportUsers(sys, []app.NewUser{
			{Username: "hop.le", FullName: "Hợp Lệ", UnitID: ward.ID, Roles: []org.Role{org.RoleClerk}},
			{Username: "admin", FullName: "Trùng Tên", UnitID: ward.ID, Roles: []org.Role{org.RoleClerk}},
		}, hash)
		if errs.CodeOf(err) != "username_taken" {
			t.Errorf("duplicate username: %v", err)
		}
		if all, _ := svc.Users(sys, store.UserFilter{}); len(all) != 2 {
			t.Errorf("%d users after a failed batch, want 2", len(all))
		}
		if _, err := svc.ImportUsers(sys, []app.NewUser{{Username: "x.y", FullName: "X", UnitID: ward.ID, Roles: []org.Role{org.RoleClerk}}}, "plain"); errs.CodeOf(err) != "invalid_password_hash" {
			t.Errorf("plain-text hash accepted: %v", err)
		}
		if _, err := svc.ImportUsers(context.Background(), nil, hash); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("anonymous import: %v", err)
		}

		byID, err := svc.UnitsByID(sys, []int64{city.ID, ward.ID, 999999})
		if err != nil || len(byID) != 2 || byID[ward.ID].OrganID != "000.01.90.H24" {
			t.Errorf("UnitsByID: %v %v", byID, err)
		}

		if _, problem, err := db.VerifyAudit(context.Background()); err != nil || problem != nil {
			t.Errorf("audit: %v %v", err, problem)
		}
	})
}

func count(t *testing.T, svc *app.Service) int {
	us, err := svc.Units(context.Background(), store.UnitFilter{Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	return len(us)
}
