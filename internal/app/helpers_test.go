package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

var vn = time.FixedZone("ICT", 7*3600)

func newService(db *store.DB) *app.Service {
	return app.New(db, clock.NewFixed(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)), slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// rootAdminActor creates the city and an administrator of it, and returns that actor.
func rootAdminActor(t *testing.T, svc *app.Service) *org.Actor {
	t.Helper()
	sys := app.WithActor(context.Background(), org.SystemActor)
	d, _ := org.ParseDate("2020-01-01")
	city := &org.Unit{OrganID: "000.00.00.H24", GSOCode: "01", Name: "Thành phố Hà Nội", Kind: org.KindCity, ValidFrom: d}
	if err := svc.CreateUnit(sys, city); err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUser(sys, app.NewUser{Username: "root-admin", FullName: "Quản Trị", Password: "Mat-khau-2025!", UnitID: city.ID, Roles: []org.Role{org.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	return &org.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants}
}
