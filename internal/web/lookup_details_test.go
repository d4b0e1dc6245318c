package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/mail/mailtest"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

var lookupLink = regexp.MustCompile(`https?://[^/\s]+(/tra-cuu/[^?\s"]+\?t=[A-Za-z0-9_-]+)`)

// lookupRequest makes an anonymous request with a fixed request id (pages show it), and returns
// the status, the headers and the body.
func lookupRequest(t *testing.T, r *rig, method, path, contentType, body string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, r.srv.URL+path, strings.NewReader(body))
	req.Header.Set("X-Request-Id", "tra-cuu-kiem-thu")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// TestLookupDetails: the public lookup shows the status to anyone; the timeline and the due date
// explained only with the applicant's ID number or the link from a notification, never the ID
// number or the address; a wrong ID number or token gets exactly the answer an unknown code gets,
// in the page and the API; and the limits answer 429 in Vietnamese with Retry-After.
func TestLookupDetails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := dossierRig(t, db)
		smtp := mailtest.Start(t)
		mcfg, _ := mail.ParseURL(smtp.URL(), "noreply@hanoi.gov.vn")
		r.svc.SetNotifications(app.NotifySettings{Mailer: mail.NewSender(mcfg), BaseURL: r.srv.URL})
		d, err := r.svc.ReceiveDossier(r.actorCtx("reception-a"), app.ReceptionInput{ProcedureCode: "1.004873", Components: []string{"tp01", "tp02", "tp03"},
			Applicant: app.Applicant{Name: "Nguyễn Thị Hương", IDNumber: "001199012345", BirthDate: "1999-05-04", Address: "12 Hàng Bạc", Phone: "0912345678", Email: "huong@example.vn"}})
		if err != nil {
			t.Fatal(err)
		}
		code := d.Code
		const unknown = "001.01.90.H24-260302-0999"
		private := []string{"001199012345", "12 Hàng Bạc", "0912345678", "huong@example.vn", "1999"}
		page := func(method, path string, form url.Values) (int, http.Header, string) {
			t.Helper()
			if form == nil {
				return lookupRequest(t, r, method, path, "", "")
			}
			return lookupRequest(t, r, method, path, "application/x-www-form-urlencoded", form.Encode())
		}

		// Anyone: the status, no details, nothing personal.
		st, _, body := page("GET", "/tra-cuu/"+code, nil)
		if st != http.StatusOK || !strings.Contains(body, "Được tiếp nhận") || strings.Contains(body, "Chi tiết quá trình giải quyết") {
			t.Fatalf("status lookup: %d", st)
		}
		for _, p := range private {
			if strings.Contains(body, p) {
				t.Errorf("the status lookup shows %q", p)
			}
		}

		// The right ID number (typed with spaces): the details, still nothing personal.
		st, _, body = page("POST", "/tra-cuu", url.Values{"ma": {code}, "so_dinh_danh": {" 0011 9901 2345 "}})
		if st != http.StatusOK {
			t.Fatalf("details with the ID number: %d %s", st, body)
		}
		for _, want := range []string{"Chi tiết quá trình giải quyết", "Hồ sơ đã được nhận tại bộ phận một cửa.", "Ngày hẹn trả kết quả là",
			"tính theo ngày làm việc: không tính thứ Bảy, Chủ nhật"} {
			if !strings.Contains(body, want) {
				t.Errorf("details lack %q", want)
			}
		}
		for _, p := range private {
			if strings.Contains(body, p) {
				t.Errorf("the details show %q", p)
			}
		}

		// A wrong ID number: the very page an unknown code gets, with or without an ID number.
		same := func(a, b string) string { return strings.ReplaceAll(a, b, "CODE") }
		// main is the page's main content: the footer's language link repeats the address asked.
		main := func(s string) string {
			if i, j := strings.Index(s, "<main"), strings.Index(s, "</main>"); i >= 0 && j > i {
				return s[i:j]
			}
			return s
		}
		st1, _, wrong := page("POST", "/tra-cuu", url.Values{"ma": {code}, "so_dinh_danh": {"001199012346"}})
		st2, _, none := page("POST", "/tra-cuu", url.Values{"ma": {unknown}, "so_dinh_danh": {"001199012346"}})
		st3, _, plain := page("GET", "/tra-cuu/"+unknown, nil)
		if st1 != http.StatusNotFound || st2 != st1 || st3 != st1 {
			t.Errorf("wrong ID %d, unknown code with an ID %d, unknown code %d: want 404 each", st1, st2, st3)
		}
		if same(wrong, code) != same(none, unknown) || main(same(none, unknown)) != main(same(plain, unknown)) {
			t.Errorf("a wrong ID number is told apart from an unknown code:\n%s\n----\n%s", same(wrong, code), same(plain, unknown))
		}
		if !strings.Contains(wrong, "Không tìm thấy hồ sơ mã "+code) || strings.Contains(wrong, "Được tiếp nhận") {
			t.Errorf("wrong ID page: %s", wrong)
		}

		// The link sent with the notification shows the details; a made-up token does not.
		if _, err := r.svc.DeliverNotifications(context.Background()); err != nil {
			t.Fatal(err)
		}
		msgs := smtp.Messages()
		if len(msgs) == 0 {
			t.Fatal("no notification")
		}
		m := lookupLink.FindStringSubmatch(msgs[0].Text)
		if m == nil {
			t.Fatalf("no lookup link in %s", msgs[0].Text)
		}
		if st, _, body := page("GET", m[1], nil); st != http.StatusOK || !strings.Contains(body, "Chi tiết quá trình giải quyết") {
			t.Errorf("lookup link: %d", st)
		}
		st1, _, wrong = page("GET", "/tra-cuu/"+code+"?t=bia-dat-ra-khong-co-that", nil)
		st2, _, none = page("GET", "/tra-cuu/"+unknown+"?t=bia-dat-ra-khong-co-that", nil)
		if st1 != http.StatusNotFound || st2 != st1 || same(wrong, code) != same(none, unknown) || main(same(none, unknown)) != main(same(plain, unknown)) {
			t.Errorf("a made-up token: %d / %d\n%s\n----\n%s", st1, st2, same(wrong, code), same(none, unknown))
		}

		// The API: the same rules, the same answer for a wrong ID number as for an unknown code.
		api := func(c, id string) (int, string) {
			t.Helper()
			b, _ := json.Marshal(map[string]string{"id_number": id})
			st, _, body := lookupRequest(t, r, "POST", "/api/v1/public/dossiers/"+c+"/details", "application/json", string(b))
			return st, body
		}
		st, body = api(code, "001199012345")
		var det struct {
			Status   string `json:"status"`
			DueNote  string `json:"due_note"`
			Timeline []struct {
				Text string `json:"text"`
			} `json:"timeline"`
		}
		json.Unmarshal([]byte(body), &det)
		if st != http.StatusOK || det.Status != "received" || !strings.HasPrefix(det.DueNote, "Ngày hẹn trả kết quả là") || len(det.Timeline) != 1 {
			t.Errorf("API details: %d %s", st, body)
		}
		for _, p := range private {
			if strings.Contains(body, p) {
				t.Errorf("the API details show %q", p)
			}
		}
		st1, wrong = api(code, "001199012346")
		st2, none = api(unknown, "001199012346")
		if st1 != http.StatusNotFound || st2 != st1 || same(wrong, code) != same(none, unknown) || !strings.Contains(wrong, "unknown_dossier") {
			t.Errorf("API wrong ID %d %s, unknown code %d %s", st1, wrong, st2, none)
		}

		// The same work whether the code exists or not: one read, then the comparison. Timed in
		// the service (the limits would stop a loop over HTTP); a loose bound, the machine is shared.
		median := func(c string) time.Duration {
			var ds []time.Duration
			for range 40 {
				start := time.Now()
				if _, err := r.svc.LookupDossierDetails(context.Background(), c, app.LookupProofInput{IDNumber: "001199012346"}); err == nil {
					t.Fatal("a wrong ID number was accepted")
				}
				ds = append(ds, time.Since(start))
			}
			slices.Sort(ds)
			return ds[len(ds)/2]
		}
		known, unk := median(code), median(unknown)
		t.Logf("wrong ID number: %s for an existing code, %s for an unknown one (medians of 40)", known, unk)
		if known > 4*unk || unk > 4*known {
			t.Errorf("timing tells an existing code apart: %s vs %s", known, unk)
		}

		// The limit on attempts with an ID number: 429, in Vietnamese, with Retry-After.
		var hit bool
		for i := 0; i < 15 && !hit; i++ {
			st, h, body := page("POST", "/tra-cuu", url.Values{"ma": {code}, "so_dinh_danh": {"001199012346"}})
			if st == http.StatusTooManyRequests {
				hit = true
				if h.Get("Retry-After") == "" || !strings.Contains(body, "Bạn đã thử quá nhiều lần") {
					t.Errorf("429 page: Retry-After %q\n%s", h.Get("Retry-After"), body)
				}
			}
		}
		if !hit {
			t.Error("no limit on ID number attempts")
		}
		// The status API shares the lookup's limit per IP.
		hit = false
		for i := 0; i < 70 && !hit; i++ {
			st, h, body := lookupRequest(t, r, "GET", "/api/v1/public/dossiers/"+code, "", "")
			if st == http.StatusTooManyRequests {
				hit = true
				var e struct {
					Error struct{ Code, Message string }
				}
				json.Unmarshal([]byte(body), &e)
				if h.Get("Retry-After") == "" || e.Error.Code != "rate_limited" || !strings.Contains(e.Error.Message, "Bạn đã thử quá nhiều lần") {
					t.Errorf("429 API: Retry-After %q %s", h.Get("Retry-After"), body)
				}
			} else if st != http.StatusOK {
				t.Fatalf("status API: %d %s", st, body)
			}
		}
		if !hit {
			t.Error("the status API is not limited")
		}
		if st, h, _ := page("GET", "/tra-cuu/"+code, nil); st != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
			t.Errorf("the page after the API used the limit up: %d", st)
		}
	})
}
