package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

func TestHomeReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		r.loadCatalogue()
		u := r.users["reception-a"]
		desk := app.WithActor(context.Background(), &org.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants})
		receive := func(paper bool) string {
			d, err := r.svc.ReceiveDossier(desk, app.ReceptionInput{ProcedureCode: "1.004873", Components: []string{"tp01", "tp02", "tp03"},
				Electronic: !paper, Applicant: app.Applicant{Name: "Nguyễn Thị Hương", IDNumber: "001199012345"}})
			if err != nil {
				t.Fatal(err)
			}
			return d.Code
		}
		// Monday 02/03/2026 09:00: a paper dossier (to be transferred by 17:00 the same day) and an
		// electronic one (result due in 3 working days, Thursday 09:00), both left at the desk.
		paper, online := receive(true), receive(false)
		r.clock.Set(time.Date(2026, 3, 4, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))) // Wednesday 10:00

		b := r.browser()
		if st, loc, _ := b.post("/login", url.Values{"username": {"reception-a"}, "password": {testPassword}}); st != http.StatusSeeOther || loc != "/home" {
			t.Fatalf("login: %d %s", st, loc)
		}
		st, _, body := b.get("/home")
		if st != http.StatusOK {
			t.Fatalf("home: %d", st)
		}
		for _, want := range []string{
			"1 hồ sơ sắp đến hạn, 1 hồ sơ quá hạn",
			`<a href="/ho-so/` + paper + `">` + paper + `</a>`,
			`<a href="/ho-so/` + online + `">` + online + `</a>`,
			"Quá hạn 1 ngày 2 giờ làm việc", // Monday 17:00 → Wednesday 10:00: Tuesday and two hours
			"Còn 7 giờ làm việc",            // Wednesday 10:00 → Thursday 09:00
			"Chuyển hồ sơ đến cơ quan giải quyết",
			`href="/ho-so?view=overdue"`,
			`href="/ho-so?view=due_soon"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("home lacks %q", want)
			}
		}
		if i, j := strings.Index(body, paper), strings.Index(body, online); i < 0 || j < 0 || i > j {
			t.Errorf("the overdue dossier should come first")
		}

		// The API says the same.
		st, res := r.call(r.tokens["reception-a"], "GET", "/api/v1/reminders", nil)
		over, _ := res["overdue"].([]any)
		soon, _ := res["due_soon"].([]any)
		if st != http.StatusOK || len(over) != 1 || len(soon) != 1 {
			t.Fatalf("api: %d %v", st, res)
		}
		if o := over[0].(map[string]any); o["code"] != paper || o["working_minutes_late"] != float64(600) || o["status"] != "Quá hạn 1 ngày 2 giờ làm việc" || o["step_due"] != true {
			t.Errorf("api overdue: %v", o)
		}
		if st, res := r.call(r.tokens["reception-b"], "GET", "/api/v1/reminders", nil); st != http.StatusOK || len(res["overdue"].([]any))+len(res["due_soon"].([]any)) != 0 {
			t.Errorf("api for ward B: %d %v", st, res)
		}

		// Another ward's desk is reminded of nothing, and is told so.
		b2 := r.browser()
		if st, _, _ := b2.post("/login", url.Values{"username": {"reception-b"}, "password": {testPassword}}); st != http.StatusSeeOther {
			t.Fatalf("login b: %d", st)
		}
		_, _, body = b2.get("/home")
		if strings.Contains(body, paper) || strings.Contains(body, online) || strings.Contains(body, "hồ sơ quá hạn</h2>") {
			t.Errorf("ward B's home shows ward A's dossiers")
		}
		if !strings.Contains(body, "Không có hồ sơ nào của bạn sắp đến hạn hoặc quá hạn.") {
			t.Errorf("ward B's home does not say there is nothing due")
		}

		// In English too, lateness is said in words.
		_, _, body = b.get("/home?lang=en")
		if !strings.Contains(body, "Due within one working day: 1, overdue: 1") || !strings.Contains(body, "Overdue by 1 d 2 h of working time") {
			t.Errorf("English home:\n%s", body)
		}
	})
}
