package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// processToReturn takes a received dossier of commune c through processing to its return.
func processToReturn(t *testing.T, svc *app.Service, c commune, code string) {
	t.Helper()
	for _, s := range []struct {
		ctx context.Context
		in  app.ActionInput
	}{
		{c.desk, app.ActionInput{Action: dossier.ActionTransfer}},
		{c.officer, app.ActionInput{Action: dossier.ActionForward}},
		{c.leader, app.ActionInput{Action: dossier.ActionComplete, ResultNote: "Giấy xác nhận số 12/2026"}},
		{c.desk, app.ActionInput{Action: dossier.ActionReturn}},
	} {
		if _, err := svc.Act(s.ctx, code, s.in); err != nil {
			t.Fatalf("%s: %v", s.in.Action, err)
		}
	}
}

var ratingLink = regexp.MustCompile(`/danh-gia/([^?\s"]+)\?ma=([A-Za-z0-9_-]+)`)

// TestRatings: only the owner account or the holder of the link emailed with the return rates,
// only after the return, once; bad input changes nothing; the aggregates per unit and month
// count what was given, in the caller's scope.
func TestRatings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc := w.svc
		sms := &smsBox{}
		srv := mailTo(t, svc, sms)
		o := newOutbox(svc)
		huong := registerCitizen(t, svc, o, citizen.Person, "Nguyễn Thị Hương", "huong@example.vn")
		cuong := registerCitizen(t, svc, o, citizen.Person, "Lê Văn Cường", "cuong@example.vn")
		if _, err := svc.UpdateMyProfile(huong, citizen.Profile{FullName: "Nguyễn Thị Hương", PersonalID: "001199012345", BirthDate: "1999-05-04"}); err != nil {
			t.Fatal(err)
		}
		d, err := svc.SubmitDossier(huong, app.SubmissionInput{ProcedureCode: "1.004873", Components: []string{"tp01", "tp02", "tp03"}, UnitID: w.a.centre.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(w.a.desk, d.Code, app.ActionInput{Action: dossier.ActionAccept}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RateDossier(huong, d.Code, app.RatingInput{Score: app.RatingSatisfied}); errs.CodeOf(err) != "not_returned" {
			t.Errorf("rated before the return: %v", err)
		}
		processToReturn(t, svc, w.a, d.Code)

		// The emails to the owner link to Hồ sơ của tôi; the return's carries the rating link.
		deliver(t, svc)
		msgs := received(t, srv, "huong@example.vn")
		if len(msgs) != 5 {
			t.Fatalf("%d emails to the owner, want 5 (submitted, received, in processing, result ready, returned; none for the forward)", len(msgs))
		}
		last := msgs[len(msgs)-1]
		if !strings.Contains(last.Text, "https://dichvucong.hanoi.gov.vn/ho-so-cua-toi/"+d.Code) || !strings.Contains(last.Subject, "đã trả kết quả") {
			t.Errorf("return email:\n%s", last.Text)
		}
		link := ratingLink.FindStringSubmatch(last.Text)
		if link == nil || link[1] != d.Code {
			t.Fatalf("no rating link in:\n%s", last.Text)
		}

		if _, err := svc.RateDossier(cuong, d.Code, app.RatingInput{Score: app.RatingSatisfied}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another citizen rated: %v", err)
		}
		if _, err := svc.RateDossier(context.Background(), d.Code, app.RatingInput{Score: app.RatingSatisfied, Token: "sai-ma"}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("a wrong link rated: %v", err)
		}
		for _, bad := range []struct {
			in   app.RatingInput
			code string
		}{
			{app.RatingInput{Score: 0}, "invalid_score"},
			{app.RatingInput{Score: 4}, "invalid_score"},
			{app.RatingInput{Score: 1, Comment: strings.Repeat("ý", 1001)}, "comment_too_long"},
		} {
			if _, err := svc.RateDossier(huong, d.Code, bad.in); errs.CodeOf(err) != bad.code {
				t.Errorf("%+v: %v, want %s", bad.in, err, bad.code)
			}
		}
		if p, err := svc.DossierRating(huong, d.Code, ""); err != nil || p.Rating != nil || p.State != dossier.Returned {
			t.Fatalf("before rating: %+v %v", p, err)
		}
		r, err := svc.RateDossier(huong, d.Code, app.RatingInput{Score: app.RatingSatisfied, Comment: "  Cán bộ\u00a0 nhiệt tình,\n hướng dẫn rõ ràng  "})
		if err != nil {
			t.Fatal(err)
		}
		if r.Comment != "Cán bộ nhiệt tình, hướng dẫn rõ ràng" || r.Month != "2026-03" {
			t.Errorf("stored rating: %+v", r)
		}
		// Once: neither the owner nor the link rates again.
		if _, err := svc.RateDossier(huong, d.Code, app.RatingInput{Score: app.RatingDissatisfied}); errs.CodeOf(err) != "already_rated" {
			t.Errorf("second rating: %v", err)
		}
		if _, err := svc.RateDossier(context.Background(), d.Code, app.RatingInput{Score: app.RatingDissatisfied, Token: link[2]}); errs.CodeOf(err) != "already_rated" {
			t.Errorf("second rating through the link: %v", err)
		}

		// A dossier received at the counter is rated through the emailed link by anyone holding it.
		in := reception("1.004873")
		in.Applicant.Email = "lan@example.vn"
		d2, err := svc.ReceiveDossier(w.a.desk, in)
		if err != nil {
			t.Fatal(err)
		}
		processToReturn(t, svc, w.a, d2.Code)
		deliver(t, svc)
		lm := received(t, srv, "lan@example.vn")
		link2 := ratingLink.FindStringSubmatch(lm[len(lm)-1].Text)
		if link2 == nil {
			t.Fatal("no rating link for the counter dossier")
		}
		if _, err := svc.RateDossier(context.Background(), d2.Code, app.RatingInput{Score: app.RatingDissatisfied, Token: link2[2]}); err != nil {
			t.Fatal(err)
		}
		// One in the other ward, whose applicant gave no email: the link came by SMS.
		d3, err := svc.ReceiveDossier(w.b.desk, reception("1.004873"))
		if err != nil {
			t.Fatal(err)
		}
		processToReturn(t, svc, w.b, d3.Code)
		deliver(t, svc)
		texts := sms.to("0912345678")
		link3 := ratingLink.FindStringSubmatch(texts[len(texts)-1])
		if link3 == nil || link3[1] != d3.Code {
			t.Fatalf("no rating link in the SMS %q", texts[len(texts)-1])
		}
		if _, err := svc.RateDossier(context.Background(), d3.Code, app.RatingInput{Score: app.RatingNeutral, Token: link3[2]}); err != nil {
			t.Fatal(err)
		}

		all, err := svc.RatingsByUnitMonth(w.sys, "2026-01", "2026-12")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].UnitID != w.a.centre.ID || all[0].Month != "2026-03" || all[0].Satisfied != 1 || all[0].Dissatisfied != 1 || all[0].Neutral != 0 ||
			all[1].UnitID != w.b.centre.ID || all[1].Neutral != 1 || all[1].Total() != 1 {
			t.Errorf("aggregates: %+v %+v", all[0], all[len(all)-1])
		}
		if sum := app.SumRatings(all, w.a.unit.Path); sum.Total() != 2 || sum.SatisfiedPercent() != 50 {
			t.Errorf("sum under ward A: %+v", sum)
		}
		if l, err := svc.RatingsByUnitMonth(w.b.leader, "2026-03", "2026-03"); err != nil || len(l) != 1 || l[0].UnitID != w.b.centre.ID {
			t.Errorf("ward B sees ward A's ratings: %+v %v", l, err)
		}
		if l, err := svc.RatingsByUnitMonth(w.sys, "2026-04", "2026-05"); err != nil || len(l) != 0 {
			t.Errorf("other months: %+v %v", l, err)
		}
		if _, err := svc.RatingsByUnitMonth(w.sys, "2026-13", "2026-12"); errs.CodeOf(err) != "invalid_month" {
			t.Errorf("bad month: %v", err)
		}
	})
}
