package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/mail/mailtest"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

var ratingLink = regexp.MustCompile(`https?://[^/\s]+(/danh-gia/[^?\s"]+)\?ma=([A-Za-z0-9_-]+)`)

// returnDossier takes a dossier received at commune A's centre to its return.
func (r *rig) returnDossier(code string) {
	r.t.Helper()
	for _, s := range []struct {
		who string
		in  app.ActionInput
	}{
		{"reception-a", app.ActionInput{Action: dossier.ActionTransfer}},
		{"chuyenvien-a", app.ActionInput{Action: dossier.ActionForward}},
		{"lanhdao-a", app.ActionInput{Action: dossier.ActionComplete, ResultNote: "Giấy xác nhận số 12/2026"}},
		{"reception-a", app.ActionInput{Action: dossier.ActionReturn}},
	} {
		if _, err := r.svc.Act(r.actorCtx(s.who), code, s.in); err != nil {
			r.t.Fatalf("%s: %v", s.in.Action, err)
		}
	}
}

// TestRatingPagesAndDelivery: the applicant rates through the emailed link, once, with clear
// errors for bad input; the overview shows the month's ratings; administrators see a notification
// the mail server refused on their home page and in their list, and nobody else does.
func TestRatingPagesAndDelivery(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := dossierRig(t, db)
		srv := mailtest.Start(t)
		cfg, _ := mail.ParseURL(srv.URL(), "noreply@hanoi.gov.vn")
		r.svc.SetNotifications(app.NotifySettings{Mailer: mail.NewSender(cfg), BaseURL: r.srv.URL})
		in := app.ReceptionInput{ProcedureCode: "1.004873", Components: []string{"tp01", "tp02", "tp03"},
			Applicant: app.Applicant{Name: "Nguyễn Thị Hương", IDNumber: "001199012345", Email: "huong@example.vn"}}
		d, err := r.svc.ReceiveDossier(r.actorCtx("reception-a"), in)
		if err != nil {
			t.Fatal(err)
		}
		r.returnDossier(d.Code)
		if _, err := r.svc.DeliverNotifications(context.Background()); err != nil {
			t.Fatal(err)
		}
		msgs := srv.Messages()
		m := ratingLink.FindStringSubmatch(msgs[len(msgs)-1].Text)
		if m == nil {
			t.Fatalf("no rating link in %s", msgs[len(msgs)-1].Text)
		}
		path, token := m[1], m[2]

		anon := r.browser()
		if st, _, _ := anon.get(path); st != http.StatusNotFound {
			t.Errorf("rating page without the link: %d", st)
		}
		st, _, page := anon.get(path + "?ma=" + token)
		if st != http.StatusOK || !strings.Contains(page, `name="score"`) || !strings.Contains(page, "Hài lòng") {
			t.Fatalf("rating page: %d %s", st, page)
		}
		st, _, page = anon.post(path, url.Values{"ma": {token}, "comment": {"Tốt"}})
		if st != http.StatusBadRequest || !strings.Contains(page, "Hãy chọn một mức") || !strings.Contains(page, "invalid_score") {
			t.Errorf("no score: %d", st)
		}
		st, _, page = anon.post(path, url.Values{"ma": {token}, "score": {"1"}, "comment": {"Cán bộ  nhiệt tình"}})
		if st != http.StatusOK || !strings.Contains(page, "Cảm ơn ông/bà đã đánh giá") || !strings.Contains(page, "Cán bộ nhiệt tình") {
			t.Fatalf("rating: %d %s", st, page)
		}
		st, _, page = anon.post(path, url.Values{"ma": {token}, "score": {"3"}})
		if st != http.StatusConflict || !strings.Contains(html.UnescapeString(page), "đã được đánh giá") {
			t.Errorf("second rating: %d", st)
		}
		if st, body := r.call("", "POST", "/api/v1/public/dossiers/"+d.Code+"/rating", map[string]any{"score": 2, "token": token}); st != http.StatusConflict {
			t.Errorf("second rating through the API: %d %v", st, body)
		}
		st, body := r.call(r.tokens["supervisor"], "GET", "/api/v1/ratings?from=2026-03", nil)
		if items, _ := body["items"].([]any); st != 200 || len(items) != 1 || items[0].(map[string]any)["satisfied"] != float64(1) {
			t.Errorf("ratings API: %d %v", st, body)
		}
		if _, _, page := r.signIn("supervisor").get("/tong-quan"); !strings.Contains(page, "Mức độ hài lòng của người dân trong tháng") || !strings.Contains(page, "100% / 1") {
			t.Errorf("overview without the ratings")
		}

		// A refused delivery shows to administrators of the unit, not to the desk.
		srv.Reject("lan@example.vn")
		in.Applicant.Email = "lan@example.vn"
		if _, err := r.svc.ReceiveDossier(r.actorCtx("reception-a"), in); err != nil {
			t.Fatal(err)
		}
		if _, err := r.svc.DeliverNotifications(context.Background()); err != nil {
			t.Fatal(err)
		}
		admin := r.signIn("admin-a")
		if _, _, page := admin.get("/home"); !strings.Contains(page, "0 đã dừng gửi, 1 đang chờ gửi lại") {
			t.Errorf("home page of the administrator lacks the delivery notice")
		}
		if _, _, page := admin.get("/admin/thong-bao"); !strings.Contains(page, "lan@example.vn") || !strings.Contains(page, "550") {
			t.Errorf("undelivered list: %s", page)
		}
		if _, _, page := r.signIn("admin-b").get("/home"); strings.Contains(page, `id="delivery"`) {
			t.Error("commune B's administrator sees commune A's notifications")
		}
		desk := r.signIn("reception-a")
		if _, _, page := desk.get("/home"); strings.Contains(page, `id="delivery"`) {
			t.Error("the desk sees the delivery notice")
		}
		if st, _, _ := desk.get("/admin/thong-bao"); st != http.StatusForbidden {
			t.Errorf("the desk opened the list: %d", st)
		}
	})
}
