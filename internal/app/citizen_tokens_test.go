package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestCitizenTokens: only the system opens a portal session for an account without its
// password; the token acts as the account (its own dossiers, nothing else), is listed among its
// sessions and audited; the accounts owning the most dossiers come first.
func TestCitizenTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc := w.svc
		o := newOutbox(svc)
		huong := app.CitizenFrom(registerCitizen(t, svc, o, citizen.Person, "Nguyễn Thị Hương", "huong@example.vn")).Account
		cuong := app.CitizenFrom(registerCitizen(t, svc, o, citizen.Person, "Lê Văn Cường", "0912345678")).Account
		var codes []string
		for i, owner := range []int64{cuong.ID, huong.ID, huong.ID, 0} {
			d, err := svc.ReceiveDossier(w.a.desk, reception("1.004873"))
			if err != nil {
				t.Fatal(err)
			}
			codes = append(codes, d.Code)
			if owner != 0 {
				if err := db.Write(context.Background(), func(tx *store.Tx) error { return tx.SetDossierOwner(context.Background(), d.ID, owner) }); err != nil {
					t.Fatalf("dossier %d: %v", i, err)
				}
			}
		}

		for _, c := range []struct {
			ctx  context.Context
			kind errs.Kind
		}{{context.Background(), errs.Unauthorized}, {w.a.desk, errs.Forbidden}, {w.a.leader, errs.Forbidden},
			{app.WithCitizen(context.Background(), &app.CitizenAuth{Account: huong}), errs.Unauthorized}} {
			if _, err := svc.CreateCitizenToken(c.ctx, "huong@example.vn"); errs.KindOf(err) != c.kind {
				t.Errorf("CreateCitizenToken: got %v, want %v", err, c.kind)
			}
			if _, err := svc.CreateTopOwnerTokens(c.ctx, 1); errs.KindOf(err) != c.kind {
				t.Errorf("CreateTopOwnerTokens: got %v, want %v", err, c.kind)
			}
		}
		for contact, code := range map[string]string{"huong": "invalid_contact", "nobody@example.vn": "account_not_found", "0987654321": "account_not_found"} {
			if _, err := svc.CreateCitizenToken(w.sys, contact); errs.CodeOf(err) != code {
				t.Errorf("contact %q: got %v, want %s", contact, err, code)
			}
		}
		for _, k := range []int{0, -1, app.MaxTopOwnerTokens + 1} {
			if _, err := svc.CreateTopOwnerTokens(w.sys, k); errs.CodeOf(err) != "invalid_count" {
				t.Errorf("%d tokens: got %v, want invalid_count", k, err)
			}
		}

		tok, err := svc.CreateCitizenToken(w.sys, " +84 912 345 678 ")
		if err != nil {
			t.Fatal(err)
		}
		if tok.Account.ID != cuong.ID || !strings.HasPrefix(tok.Token, "egc_") || tok.Session.Method != app.SessionMethodSystem {
			t.Fatalf("token %+v", tok)
		}
		a, err := svc.AuthenticateCitizen(context.Background(), tok.Token)
		if err != nil || a.Account.ID != cuong.ID {
			t.Fatalf("the token authenticates %v: %v", a, err)
		}
		cctx := app.WithCitizen(context.Background(), a)
		mine, err := svc.MyDossiers(cctx)
		if err != nil || len(mine) != 1 || mine[0].Code != codes[0] {
			t.Errorf("the account's dossiers: %v %v", mine, err)
		}
		sessions, err := svc.CitizenSessions(cctx)
		if err != nil || len(sessions) != 2 || sessions[0].Method == sessions[1].Method {
			t.Errorf("sessions: %+v %v", sessions, err)
		}
		recs, err := svc.AuditRecords(w.sys, store.AuditFilter{Action: "citizen.token_create"})
		if err != nil || len(recs) != 1 || recs[0].Actor != "system" || !strings.Contains(recs[0].After, `"contact":"0912345678"`) {
			t.Errorf("audit: %+v %v", recs, err)
		}

		top, err := svc.CreateTopOwnerTokens(w.sys, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 2 || top[0].Account.ID != huong.ID || top[0].Dossiers != 2 || top[1].Account.ID != cuong.ID || top[1].Dossiers != 1 {
			t.Fatalf("top owners: %+v", top)
		}
		for _, x := range top {
			a, err := svc.AuthenticateCitizen(context.Background(), x.Token)
			if err != nil {
				t.Fatal(err)
			}
			mine, err := svc.MyDossiers(app.WithCitizen(context.Background(), a))
			if err != nil || len(mine) != x.Dossiers {
				t.Errorf("%s sees %d dossiers (%v), owns %d", x.Account.Contact(), len(mine), err, x.Dossiers)
			}
		}
		if top, err := svc.CreateTopOwnerTokens(w.sys, 1); err != nil || len(top) != 1 || top[0].Account.ID != huong.ID {
			t.Errorf("the top owner: %+v %v", top, err)
		}
		if recs, _ := svc.AuditRecords(w.sys, store.AuditFilter{Action: "citizen.token_create"}); len(recs) != 4 {
			t.Errorf("%d audit records, want one per token (4)", len(recs))
		}
		if _, problem, err := db.VerifyAudit(context.Background()); err != nil || problem != nil {
			t.Errorf("audit chain: %v %v", problem, err)
		}
	})
}
