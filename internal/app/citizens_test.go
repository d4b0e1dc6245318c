package app_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// outbox keeps the messages the service sends to emails and phones.
type outbox struct {
	mu   sync.Mutex
	msgs map[string][]string
}

func newOutbox(svc *app.Service) *outbox {
	o := &outbox{msgs: map[string][]string{}}
	svc.SetCodeSender(func(_ context.Context, m app.CodeMessage) error {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.msgs[m.To] = append(o.msgs[m.To], m.Text)
		return nil
	})
	return o
}

var codePattern = regexp.MustCompile(`\b(\d{6})\b`)

// code returns the code in the last message sent to to, or "".
func (o *outbox) code(to string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	m := o.msgs[to]
	if len(m) == 0 {
		return ""
	}
	return codePattern.FindString(m[len(m)-1])
}

// registerCitizen registers and verifies an account and returns its context.
func registerCitizen(t *testing.T, svc *app.Service, o *outbox, kind citizen.Kind, name, contact string) context.Context {
	t.Helper()
	tok, to, err := svc.Register(context.Background(), app.RegistrationInput{Kind: kind, FullName: name, Contact: contact, Password: "Mat-khau-2025!"})
	if err != nil {
		t.Fatal(err)
	}
	_, a, err := svc.VerifyRegistration(context.Background(), tok, o.code(to), "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	return app.WithCitizen(context.Background(), a)
}

// TestCitizenRegistration: bad input is refused with its code and stores nothing; a registration
// for a contact that has an account answers as any other but can never complete; the code
// completes it once; sign-in does not tell unknown contacts from wrong passwords, and locks.
func TestCitizenRegistration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		o := newOutbox(svc)
		ctx := context.Background()
		for _, c := range []struct {
			in   app.RegistrationInput
			code string
		}{
			{app.RegistrationInput{Kind: "x", FullName: "Nguyễn Văn A", Contact: "a@example.vn", Password: "Mat-khau-2025!"}, "invalid_account_kind"},
			{app.RegistrationInput{Kind: citizen.Person, FullName: "A", Contact: "a@example.vn", Password: "Mat-khau-2025!"}, "invalid_name"},
			{app.RegistrationInput{Kind: citizen.Person, FullName: "Nguyễn Văn A", Contact: "a@example", Password: "Mat-khau-2025!"}, "invalid_contact"},
			{app.RegistrationInput{Kind: citizen.Person, FullName: "Nguyễn Văn A", Contact: "0123", Password: "Mat-khau-2025!"}, "invalid_contact"},
			{app.RegistrationInput{Kind: citizen.Person, FullName: "Nguyễn Văn A", Contact: "0212345678", Password: "Mat-khau-2025!"}, "invalid_contact"},
			{app.RegistrationInput{Kind: citizen.Person, FullName: "Nguyễn Văn A", Contact: "a@example.vn", Password: "short1"}, "weak_password"},
			{app.RegistrationInput{Kind: citizen.Person, FullName: "Nguyễn Văn A", Contact: "a@example.vn", Password: "abcdefghijkl"}, "weak_password"},
			{app.RegistrationInput{Kind: citizen.Person, FullName: "Nguyễn Văn A", Contact: "0912345678", Password: "x912345678y"}, "weak_password"},
		} {
			if _, _, err := svc.Register(ctx, c.in); errs.CodeOf(err) != c.code || errs.KindOf(err) != errs.Invalid {
				t.Errorf("%+v: got %v, want %s", c.in, err, c.code)
			}
		}
		if len(o.msgs) != 0 {
			t.Fatalf("messages sent for refused registrations: %v", o.msgs)
		}

		// A phone written with +84 and spaces is one account.
		tok, to, err := svc.Register(ctx, app.RegistrationInput{Kind: citizen.Person, FullName: "  Trần   Thị Bích ", Contact: "+84 912 345 678", Password: "Mat-khau-2025!"})
		if err != nil || to != "0912345678" {
			t.Fatalf("register: %v %q", err, to)
		}
		if _, _, err := svc.VerifyRegistration(ctx, tok, "000000", "", ""); errs.CodeOf(err) != "invalid_code" {
			t.Errorf("wrong code: %v", err)
		}
		tokS, a, err := svc.VerifyRegistration(ctx, tok, o.code(to), "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if a.Account.FullName != "Trần Thị Bích" || a.Account.Phone != "0912345678" || !strings.HasPrefix(tokS, "egc_") {
			t.Errorf("account %+v token %s", a.Account, tokS)
		}
		// The code works once.
		if _, _, err := svc.VerifyRegistration(ctx, tok, o.code(to), "", ""); errs.CodeOf(err) != "invalid_code" {
			t.Errorf("code used twice: %v", err)
		}

		// Registering the same phone again: the same answer, no code sent, nothing to complete.
		tok2, to2, err := svc.Register(ctx, app.RegistrationInput{Kind: citizen.Person, FullName: "Kẻ Giả Mạo", Contact: "0912 345 678", Password: "Khac-hoan-toan-9"})
		if err != nil || to2 != to || tok2 == "" {
			t.Fatalf("duplicate registration answered differently: %v %q", err, to2)
		}
		if strings.Contains(o.msgs[to][len(o.msgs[to])-1], "Mã xác minh") {
			t.Error("a code was sent for a contact that has an account")
		}
		for _, guess := range []string{"123456", o.code(to)} {
			if _, _, err := svc.VerifyRegistration(ctx, tok2, guess, "", ""); errs.CodeOf(err) != "invalid_code" {
				t.Errorf("duplicate registration completed with %q: %v", guess, err)
			}
		}

		// Sign-in: a wrong password and an unknown contact give the same error.
		if _, _, err := svc.SignInCitizen(ctx, "0912345678", "Sai-mat-khau-1", "", ""); errs.CodeOf(err) != "invalid_credentials" {
			t.Errorf("wrong password: %v", err)
		}
		if _, _, err := svc.SignInCitizen(ctx, "khong-co@example.vn", "Sai-mat-khau-1", "", ""); errs.CodeOf(err) != "invalid_credentials" {
			t.Errorf("unknown contact: %v", err)
		}
		if _, _, err := svc.SignInCitizen(ctx, "84912345678", "Mat-khau-2025!", "", ""); err != nil {
			t.Errorf("sign-in with 84…: %v", err)
		}
		// Five failures lock the contact, known or not.
		for range 5 {
			svc.SignInCitizen(ctx, "khong-co@example.vn", "Sai-mat-khau-1", "", "")
		}
		if _, _, err := svc.SignInCitizen(ctx, "khong-co@example.vn", "Sai-mat-khau-1", "", ""); errs.KindOf(err) != errs.TooMany {
			t.Errorf("no lock after failures: %v", err)
		}

		// Sessions: listed, and ended by their holder only.
		cctx := app.WithCitizen(ctx, a)
		other := registerCitizen(t, svc, o, citizen.Person, "Lê Văn Cường", "cuong@example.vn")
		sessions, err := svc.CitizenSessions(cctx)
		if err != nil || len(sessions) != 2 {
			t.Fatalf("sessions: %v %d", err, len(sessions))
		}
		if err := svc.RevokeCitizenSession(other, sessions[0].ID); errs.CodeOf(err) != "session_not_found" {
			t.Errorf("another account ended a session: %v", err)
		}
		if err := svc.SignOutCitizen(cctx); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AuthenticateCitizen(ctx, tokS); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("session works after sign-out: %v", err)
		}
		if v, p, err := db.VerifyAudit(ctx); err != nil || p != nil || v == nil {
			t.Errorf("audit chain: %v %v", err, p)
		}
	})
}

// TestCitizenProfile: profile and address changes are validated (§12) and audited; old addresses
// are kept with the day they changed.
func TestCitizenProfile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc := w.svc
		o := newOutbox(svc)
		person := registerCitizen(t, svc, o, citizen.Person, "Nguyễn Thị Hương", "huong@example.vn")
		biz := registerCitizen(t, svc, o, citizen.Business, "Công ty TNHH Sen Vàng", "0987654321")

		for _, c := range []struct {
			ctx   context.Context
			p     citizen.Profile
			code  string
			field string
		}{
			{person, citizen.Profile{FullName: "Nguyễn Thị Hương", PersonalID: "00119901234"}, "invalid_personal_id", "personal_id"},
			{person, citizen.Profile{FullName: "Nguyễn Thị Hương", PersonalID: "999199012345"}, "unknown_province", "personal_id"},
			{person, citizen.Profile{FullName: "Nguyễn Thị Hương", PersonalID: "001199012345", BirthDate: "1998-05-04"}, "birth_year_mismatch", "birth_date"},
			{person, citizen.Profile{FullName: "Nguyễn Thị Hương", BirthDate: "2099-01-01"}, "invalid_birth_date", "birth_date"},
			{person, citizen.Profile{FullName: "Nguyễn Thị Hương", TaxCode: "0100109106"}, "tax_code_for_business", "tax_code"},
			{biz, citizen.Profile{FullName: "Công ty TNHH Sen Vàng", TaxCode: "0100109107", Representative: "Phạm Văn Dũng"}, "tax_code_checksum", "tax_code"},
			{biz, citizen.Profile{FullName: "Công ty TNHH Sen Vàng", TaxCode: "0100109106"}, "invalid_representative", "representative"},
		} {
			_, err := svc.UpdateMyProfile(c.ctx, c.p)
			if e := errs.Public(err); e.Code != c.code || e.Field != c.field || e.Kind != errs.Invalid {
				t.Errorf("%+v: got %v (field %q), want %s on %s", c.p, err, e.Field, c.code, c.field)
			}
		}
		before, _ := svc.AuditRecords(w.sys, store.AuditFilter{Limit: 1000})
		if _, err := svc.UpdateMyProfile(person, citizen.Profile{FullName: "Nguyễn Thị Hương", PersonalID: "001199012345", BirthDate: "1999-05-04"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateMyProfile(biz, citizen.Profile{FullName: "Công ty TNHH Sen Vàng", TaxCode: "0100109106-001", Representative: "Phạm Văn Dũng"}); err != nil {
			t.Fatal(err)
		}
		recs, _ := svc.AuditRecords(w.sys, store.AuditFilter{Limit: 1000})
		var found int
		for _, r := range recs[:len(recs)-len(before)] {
			if r.Action == "citizen.profile" && strings.HasPrefix(r.Actor, "citizen:") && strings.Contains(r.After, "001199012345") && strings.Contains(r.Before, `"full_name"`) {
				found++
			}
			if r.Action == "citizen.profile" && strings.Contains(r.After, "0100109106-001") {
				found++
			}
		}
		if found != 2 || len(recs)-len(before) != 2 {
			t.Errorf("profile changes audited %d times in %d records", found, len(recs)-len(before))
		}

		// Addresses: a commune in force; the old one is kept with the day it changed.
		if _, err := svc.SetMyAddress(person, w.a.centre.ID, "12 Hàng Bạc"); errs.CodeOf(err) != "invalid_address_unit" {
			t.Errorf("a service centre as address: %v", err)
		}
		if _, err := svc.SetMyAddress(person, w.a.unit.ID, "  "); errs.CodeOf(err) != "invalid_address" {
			t.Errorf("empty detail: %v", err)
		}
		if _, err := svc.SetMyAddress(person, w.a.unit.ID, "12 Hàng Bạc"); err != nil {
			t.Fatal(err)
		}
		w.clk.Set(time.Date(2026, 4, 1, 9, 0, 0, 0, vn))
		if _, err := svc.SetMyAddress(person, w.b.unit.ID, "5 Tràng Thi"); err != nil {
			t.Fatal(err)
		}
		p, err := svc.MyProfile(person)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Addresses) != 2 || p.Current().UnitID != w.b.unit.ID || p.Addresses[1].ValidTo.String() != "2026-04-01" || p.Addresses[1].ValidFrom.String() != "2026-03-02" {
			t.Errorf("addresses: %+v %+v", p.Addresses[0], p.Addresses[len(p.Addresses)-1])
		}
		units, err := svc.AddressUnits(person)
		if err != nil || len(units) != 2 {
			t.Errorf("address units: %v %d", err, len(units))
		}
	})
}

// TestCitizenDossiers: a portal account submits online with its profile as the owner's data; it
// sees its own dossiers only; an official's context cannot act as a citizen and the other way.
func TestCitizenDossiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc := w.svc
		o := newOutbox(svc)
		huong := registerCitizen(t, svc, o, citizen.Person, "Nguyễn Thị Hương", "huong@example.vn")
		cuong := registerCitizen(t, svc, o, citizen.Person, "Lê Văn Cường", "cuong@example.vn")
		in := app.SubmissionInput{ProcedureCode: "1.004873", Components: []string{"tp01", "tp02", "tp03"}, UnitID: w.a.centre.ID}
		if _, err := svc.SubmitDossier(huong, in); errs.CodeOf(err) != "profile_incomplete" {
			t.Errorf("submitted without a personal ID: %v", err)
		}
		if _, err := svc.UpdateMyProfile(huong, citizen.Profile{FullName: "Nguyễn Thị Hương", PersonalID: "001199012345", BirthDate: "1999-05-04"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetMyAddress(huong, w.a.unit.ID, "12 Hàng Bạc"); err != nil {
			t.Fatal(err)
		}
		bad := in
		bad.UnitID = w.a.unit.ID
		if _, err := svc.SubmitDossier(huong, bad); errs.CodeOf(err) != "not_a_desk" {
			t.Errorf("submitted to a commune itself: %v", err)
		}
		d, err := svc.SubmitDossier(huong, in)
		if err != nil {
			t.Fatal(err)
		}
		if d.ApplicantName != "Nguyễn Thị Hương" || d.ApplicantIDNumber != "001199012345" || d.ApplicantAddress != "12 Hàng Bạc, Phường Hoàn Kiếm" || d.Channel != app.ChannelOnline {
			t.Errorf("dossier owner data: %+v", d)
		}
		// A dossier received at the counter for the same person is not the account's.
		if _, err := svc.ReceiveDossier(w.a.desk, reception("1.004873")); err != nil {
			t.Fatal(err)
		}
		mine, err := svc.MyDossiers(huong)
		if err != nil || len(mine) != 1 || mine[0].Code != d.Code {
			t.Fatalf("my dossiers: %v %d", err, len(mine))
		}
		if got, err := svc.MyDossier(huong, d.Code); err != nil || got.Receiving.ID != w.a.centre.ID {
			t.Errorf("my dossier: %v", err)
		}
		if _, err := svc.MyDossier(cuong, d.Code); errs.CodeOf(err) != "unknown_dossier" {
			t.Errorf("another citizen's dossier: %v", err)
		}
		if l, err := svc.MyDossiers(cuong); err != nil || len(l) != 0 {
			t.Errorf("another citizen's list: %v %d", err, len(l))
		}
		// The desk sees the submission and its timeline names the citizen.
		det, err := svc.Dossier(w.a.desk, d.Code)
		if err != nil || det.Events[0].ActorName != "Nguyễn Thị Hương" {
			t.Errorf("desk view: %v", err)
		}
		// Contexts do not cross: an official is no citizen, a citizen no official.
		if _, err := svc.MyDossiers(w.a.desk); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("an official listed citizen dossiers: %v", err)
		}
		if _, err := svc.Dossier(huong, d.Code); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("a citizen used the officials' dossier view: %v", err)
		}
		if _, err := svc.ReceiveDossier(huong, reception("1.004873")); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("a citizen received at the counter: %v", err)
		}
		both := app.WithCitizen(w.a.desk, app.CitizenFrom(huong))
		if app.ActorFrom(both) != nil {
			t.Error("a citizen context still carries the official")
		}
		if _, err := svc.UpdateMyProfile(app.WithActor(context.Background(), org.SystemActor), citizen.Profile{FullName: "X Y"}); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("the system edited a citizen profile: %v", err)
		}
	})
}
