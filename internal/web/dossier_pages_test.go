package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// dossierRig is the rig with the demo catalogue and officials who process dossiers at communes A
// and B (the rig's reception officials receive at their service centres).
func dossierRig(t *testing.T, db *store.DB) *rig {
	t.Helper()
	r := newRig(t, db)
	r.loadCatalogue()
	for _, u := range []struct {
		name, full, unit string
		role             org.Role
	}{
		{"chuyenvien-a", "Ngô Văn Xử", "A", org.RoleProcessing},
		{"lanhdao-a", "Bùi Thị Duyệt", "A", org.RoleAgencyLeader},
		{"chuyenvien-b", "Trịnh Văn Khác", "B", org.RoleProcessing},
	} {
		created, err := r.svc.CreateUser(sys, app.NewUser{Username: u.name, FullName: u.full, Password: testPassword, UnitID: r.units[u.unit].ID, Roles: []org.Role{u.role}})
		if err != nil {
			t.Fatal(err)
		}
		r.users[u.name] = created
	}
	return r
}

// signIn returns a browser signed in as username (an official without a second factor).
func (r *rig) signIn(username string) *browser {
	r.t.Helper()
	b := r.browser()
	st, loc, _ := b.post("/login", url.Values{"username": {username}, "password": {testPassword}})
	if st == http.StatusSeeOther && strings.HasPrefix(loc, "/login/enrol") {
		// Leaders enrol a second factor at their first sign-in.
		_, _, page := b.get("/login/enrol")
		m := secretPattern.FindStringSubmatch(page)
		if m == nil {
			r.t.Fatalf("enrolment page of %s", username)
		}
		code, _ := auth.TOTPCode(strings.ReplaceAll(m[1], " ", ""), r.clock.Now())
		st, loc, _ = b.post("/login/enrol", url.Values{"code": {code}})
	}
	if st != http.StatusSeeOther || loc != "/home" {
		r.t.Fatalf("sign-in of %s: %d %s", username, st, loc)
	}
	return b
}

// actorCtx is the service context of an official.
func (r *rig) actorCtx(username string) context.Context {
	u := r.users[username]
	return app.WithActor(context.Background(), &org.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants})
}

// dossiers counts the stored dossiers.
func (r *rig) dossiers() int {
	r.t.Helper()
	var n int
	if err := r.db.SQL.QueryRow(`SELECT COUNT(*) FROM dossiers`).Scan(&n); err != nil {
		r.t.Fatal(err)
	}
	return n
}

// receive receives a dossier of procedure 1.004873 at commune A's centre through the service.
func (r *rig) receive() *store.DossierRow {
	r.t.Helper()
	d, err := r.svc.ReceiveDossier(r.actorCtx("reception-a"), app.ReceptionInput{ProcedureCode: "1.004873", Components: []string{"tp01", "tp02", "tp03"},
		Applicant: app.Applicant{Name: "Nguyễn Thị Hương", IDNumber: "001199012345", BirthDate: "1999-05-04", Address: "12 Hàng Bạc", Phone: "0912345678"}})
	if err != nil {
		r.t.Fatal(err)
	}
	return d
}

var revisionField = regexp.MustCompile(`name="revision" value="(\d+)"`)

// counterForm is a complete walk-in reception of procedure 1.004873 (Xác nhận tình trạng hôn nhân).
func counterForm() url.Values {
	return url.Values{"procedure": {"1.004873"}, "id_number": {"001199012345"}, "name": {"Nguyễn Thị Hương"},
		"birth_date": {"04/05/1999"}, "address": {"12 Hàng Bạc, Phường Ba Đình"}, "phone": {"0912345678"},
		"components": {"tp01", "tp02", "tp03"}}
}

func TestCounterReception(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := dossierRig(t, db)
		b := r.signIn("reception-a")

		_, _, page := b.get("/home")
		mustContain(t, "home", page, `href="/quay"`, `href="/ho-so"`, `href="/tong-quan"`)
		st, _, page := b.get("/quay?q=tinh+trang+hon+nhan")
		if st != http.StatusOK {
			t.Fatalf("search: %d", st)
		}
		mustContain(t, "search", page, `href="/quay?procedure=1.004873"`, "Cấp Giấy xác nhận tình trạng hôn nhân")
		// A procedure code typed in the search box opens the form at once.
		_, _, page = b.get("/quay?q=1.004873")
		mustContain(t, "form", page, `name="id_number"`, "autofocus", `name="components" value="tp01"`, "Tiếp nhận", "Trung tâm Phục vụ hành chính công phường Ba Đình",
			`<button type="submit" disabled hidden`)

		// Bad input: the form comes back with what was typed and the message at the field; nothing
		// is stored, no number is taken.
		for _, tc := range []struct {
			name   string
			change func(url.Values)
			status int
			msg    string
		}{
			{"unknown procedure", func(f url.Values) { f.Set("procedure", "1.999999") }, http.StatusBadRequest, "Không có thủ tục mã 1.999999"},
			{"malformed procedure", func(f url.Values) { f.Set("procedure", "abc") }, http.StatusBadRequest, "Mã thủ tục phải có dạng"},
			{"missing component", func(f url.Values) { f["components"] = []string{"tp01"} }, http.StatusConflict, "thành phần"},
			{"wrong ID number", func(f url.Values) { f.Set("id_number", "123") }, http.StatusBadRequest, "12 chữ số"},
			{"unknown province", func(f url.Values) { f.Set("id_number", "003199012345") }, http.StatusBadRequest, "tỉnh"},
			{"birth year against ID", func(f url.Values) { f.Set("birth_date", "04/05/1985") }, http.StatusBadRequest, "năm sinh"},
			{"bad birth date", func(f url.Values) { f.Set("birth_date", "31/02/1999") }, http.StatusBadRequest, "Ngày sinh không hợp lệ"},
			{"no name", func(f url.Values) { f.Set("name", " ") }, http.StatusBadRequest, "họ tên"},
		} {
			f := counterForm()
			tc.change(f)
			n, head := r.dossiers(), r.head()
			st, _, page := b.post("/quay", f)
			if st != tc.status {
				t.Errorf("%s: status %d, want %d", tc.name, st, tc.status)
			}
			text := html.UnescapeString(page)
			if !strings.Contains(strings.ToLower(text), strings.ToLower(tc.msg)) {
				t.Errorf("%s: message %q missing", tc.name, tc.msg)
			}
			mustContain(t, tc.name, text, `class="field-error"`, `value="12 Hàng Bạc, Phường Ba Đình"`, `value="0912345678"`)
			if r.dossiers() != n || r.head() != head {
				t.Errorf("%s stored something", tc.name)
			}
		}
		if got := r.dossiers(); got != 0 {
			t.Fatalf("%d dossiers after bad input", got)
		}

		// A complete form receives the dossier and lands on its page with the receipt to print.
		st, loc, _ := b.post("/quay", counterForm())
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/ho-so/001.01.90.H24-260302-0001") {
			t.Fatalf("reception: %d %s", st, loc)
		}
		st, _, page = b.get(loc)
		if st != http.StatusOK {
			t.Fatalf("dossier page: %d", st)
		}
		mustContain(t, "dossier page after reception", page, "Đã tiếp nhận hồ sơ", `href="/ho-so/001.01.90.H24-260302-0001/in/receipt.pdf"`,
			"In giấy tiếp nhận", "Được tiếp nhận", "mã trạng thái quốc gia 2", "Nguyễn Thị Hương",
			"Cấp Giấy xác nhận tình trạng hôn nhân", "Trung tâm Phục vụ hành chính công phường Ba Đình", "Phạm Thu Hà", "Chuyển hồ sơ đến cơ quan giải quyết")
		res, err := b.c.Get(r.srv.URL + "/ho-so/001.01.90.H24-260302-0001/in/receipt.pdf")
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 5)
		res.Body.Read(buf)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || string(buf) != "%PDF-" {
			t.Errorf("receipt: %d %s %q", res.StatusCode, res.Header.Get("Content-Type"), buf)
		}
		// Forms that have not happened are not there.
		if st, _, _ := b.get("/ho-so/001.01.90.H24-260302-0001/in/refusal.pdf"); st != http.StatusNotFound {
			t.Errorf("refusal of a received dossier: %d", st)
		}
		if st, _, _ := b.get("/ho-so/001.01.90.H24-260302-0001/in/receipt.txt"); st != http.StatusNotFound {
			t.Errorf("receipt.txt: %d", st)
		}
		// An official without the reception role has no counter.
		o := r.signIn("chuyenvien-a")
		if st, _, _ := o.get("/quay"); st != http.StatusForbidden {
			t.Errorf("counter for a processing official: %d", st)
		}
		if st, _, _ := o.post("/quay", counterForm()); st != http.StatusForbidden {
			t.Errorf("reception by a processing official: %d", st)
		}
		if _, _, page := o.get("/home"); strings.Contains(page, `href="/quay"`) || !strings.Contains(page, `href="/ho-so"`) {
			t.Error("menu of a processing official")
		}
		// An administrator without dossier roles sees no back office in the menu.
		if _, _, page := r.signIn("supervisor").get("/home"); !strings.Contains(page, `href="/tong-quan"`) {
			t.Error("a supervisor has no overview link")
		}
	})
}

func TestWorkList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := dossierRig(t, db)
		desk := r.signIn("reception-a")
		var codes []string
		for range 52 {
			codes = append(codes, r.receive().Code)
		}
		st, _, page := desk.get("/ho-so")
		if st != http.StatusOK {
			t.Fatalf("work list: %d", st)
		}
		mustContain(t, "work list", page, "Cần xử lý", "Được giao cho tôi", "Sắp đến hạn", `href="/ho-so?view=overdue"`, "Trang sau", codes[0],
			"Được tiếp nhận (2)", "Nguyễn Thị Hương")
		next := regexp.MustCompile(`href="([^"]*cursor=[^"]*)" rel="next"`).FindStringSubmatch(page)
		if next == nil {
			t.Fatal("no next page link")
		}
		_, _, page2 := desk.get(html.UnescapeString(next[1]))
		for _, c := range codes[50:] {
			if !strings.Contains(page2, c) || strings.Contains(page, c+`"`) {
				t.Errorf("%s not on the second page only", c)
			}
		}
		if strings.Contains(page2, codes[0]+`"`) || strings.Contains(page2, "Trang sau") {
			t.Error("second page repeats the first or goes on")
		}
		// Filters: by code, by ID number, by state, by procedure.
		_, _, page = desk.get("/ho-so?view=todo&q=" + url.QueryEscape(codes[7]))
		if strings.Count(page, `href="/ho-so/001.01`) != 1 || !strings.Contains(page, codes[7]) {
			t.Error("search by code")
		}
		_, _, page = desk.get("/ho-so?view=todo&state=in_processing")
		mustContain(t, "state filter", page, "Không có hồ sơ nào")
		_, _, page = desk.get("/ho-so?view=todo&procedure=1.001193")
		mustContain(t, "procedure filter", page, "Không có hồ sơ nào")
		// Bad filters: a clear message, status 400.
		for _, q := range []string{"view=all", "state=flying", "cursor=xyz", "period=year"} {
			st, _, page := desk.get("/ho-so?" + q)
			if st != http.StatusBadRequest || !strings.Contains(page, "không hợp lệ") {
				t.Errorf("%s: %d", q, st)
			}
		}
		// The desk official who received them has them assigned.
		_, _, page = desk.get("/ho-so?view=mine")
		mustContain(t, "mine", page, codes[0])
		// Due in three working days: nothing overdue yet; a week later all are, marked in words.
		_, _, page = desk.get("/ho-so?view=overdue")
		mustContain(t, "overdue now", page, "Không có hồ sơ nào")
		r.clock.Advance(7 * 24 * time.Hour)
		_, _, page = r.signIn("reception-a").get("/ho-so?view=overdue")
		mustContain(t, "overdue later", page, codes[0], `<strong class="flag-late">Quá hạn</strong>`)
	})
}

func TestDossierPageActions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := dossierRig(t, db)
		code := r.receive().Code
		path := "/ho-so/" + code
		desk, officer, leader := r.signIn("reception-a"), r.signIn("chuyenvien-a"), r.signIn("lanhdao-a")
		rev := func(b *browser) string {
			t.Helper()
			_, _, page := b.get(path)
			m := revisionField.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no action form on %s", path)
			}
			return m[1]
		}
		act := func(b *browser, f url.Values) (int, string) {
			t.Helper()
			st, loc, page := b.post(path+"/actions", f)
			if st == http.StatusSeeOther && !strings.HasPrefix(loc, path+"?xong=") {
				t.Errorf("redirect to %s", loc)
			}
			return st, html.UnescapeString(page)
		}
		// The desk transfers; the officer sees the dossier and its forward form.
		_, _, page := desk.get(path)
		mustContain(t, "desk page", page, `value="transfer"`, "Phiếu kiểm soát quá trình giải quyết hồ sơ", "1. ")
		if st, _ := act(desk, url.Values{"action": {"transfer"}, "revision": {rev(desk)}}); st != http.StatusSeeOther {
			t.Fatalf("transfer: %d", st)
		}
		_, _, page = officer.get(path)
		mustContain(t, "officer page", page, "Đang xử lý", `value="forward"`, `value="request_supplement"`, "Phường Ba Đình", "Ngô Văn Xử")
		old := rev(officer)
		if st, _ := act(officer, url.Values{"action": {"forward"}, "revision": {old}}); st != http.StatusSeeOther {
			t.Fatalf("forward: %d", st)
		}
		// A form shown before someone else acted: the conflict is told, nothing changes.
		head := r.head()
		st, page := act(leader, url.Values{"action": {"request_supplement"}, "revision": {old}, "items": {"Bản sao giấy khai sinh"}})
		if st != http.StatusConflict || !strings.Contains(page, "vừa được người khác xử lý") || !strings.Contains(page, "dossier_changed") {
			t.Errorf("stale form: %d", st)
		}
		if r.head() != head {
			t.Error("a stale form changed something")
		}
		// Missing what an action needs: the message is next to the field, nothing changes.
		for _, tc := range []struct {
			f   url.Values
			msg string
		}{
			{url.Values{"action": {"complete"}}, "Phải ghi kết quả giải quyết"},
			{url.Values{"action": {"stop"}}, "lý do"},
			{url.Values{"action": {"reschedule"}, "reason": {"Chờ xác minh"}}, "Hãy nhập ngày hẹn trả mới"},
			{url.Values{"action": {"reschedule"}, "reason": {"Chờ xác minh"}, "new_due_at": {"mai"}}, "Ngày hẹn trả mới không hợp lệ"},
			{url.Values{"action": {"request_payment"}, "amount": {"năm mươi nghìn"}}, "Số tiền không hợp lệ"},
			{url.Values{"action": {"fly"}}, "không tồn tại"},
			{url.Values{"action": {"return"}}, "Không thể"},
		} {
			tc.f.Set("revision", rev(leader))
			head := r.head()
			st, page := act(leader, tc.f)
			if st < 400 || !strings.Contains(strings.ToLower(page), strings.ToLower(tc.msg)) || !strings.Contains(page, `class="error-summary"`) {
				t.Errorf("%s: %d, want %q", tc.f.Get("action"), st, tc.msg)
			}
			if r.head() != head {
				t.Errorf("%s changed something", tc.f.Get("action"))
			}
		}
		// A supplement request, a reschedule: their forms appear among the prints.
		if st, _ := act(leader, url.Values{"action": {"request_supplement"}, "revision": {rev(leader)}, "items": {"Bản sao giấy khai sinh\nẢnh 4x6"}}); st != http.StatusSeeOther {
			t.Fatalf("request supplement: %d", st)
		}
		_, _, page = desk.get(path)
		mustContain(t, "awaiting supplement", page, "Yêu cầu bổ sung giấy tờ", "Đang tạm dừng", "/in/supplement.pdf", `value="supplement"`)
		if st, _ := act(desk, url.Values{"action": {"supplement"}, "revision": {rev(desk)}}); st != http.StatusSeeOther {
			t.Fatalf("supplement: %d", st)
		}
		if st, page := act(leader, url.Values{"action": {"reschedule"}, "revision": {rev(leader)}, "reason": {"Cần xác minh thêm tại nơi cư trú trước đây"}, "new_due_at": {"2026-03-10T16:00"}}); st != http.StatusSeeOther {
			t.Fatalf("reschedule: %d %s", st, page)
		}
		_, _, page = leader.get(path)
		mustContain(t, "after reschedule", page, "/in/apology.pdf", "10/03/2026 16:00", "Hẹn ban đầu", "Cần xác minh thêm")
		for _, form := range []string{"supplement", "apology", "control-sheet"} {
			res, err := leader.c.Get(r.srv.URL + path + "/in/" + form + ".pdf")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
				t.Errorf("%s: %d %s", form, res.StatusCode, res.Header.Get("Content-Type"))
			}
		}
		if st, _ := act(leader, url.Values{"action": {"complete"}, "revision": {rev(leader)}, "result_note": {"Giấy xác nhận số 12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("complete: %d", st)
		}
		if st, _ := act(desk, url.Values{"action": {"return"}, "revision": {rev(desk)}}); st != http.StatusSeeOther {
			t.Fatalf("return: %d", st)
		}
		_, _, page = desk.get(path + "?xong=return")
		mustContain(t, "returned", page, "Đã trả kết quả", "mã trạng thái quốc gia 10", "Đã thực hiện: Trả kết quả", "Trước hạn")
		if strings.Contains(page, `name="action"`) {
			t.Error("a returned dossier offers actions")
		}
	})
}

// An official of commune B can neither see nor act on commune A's dossier through any page, and
// every attempt changes nothing.
func TestDossierPagesScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := dossierRig(t, db)
		d := r.receive()
		path := "/ho-so/" + d.Code
		for _, who := range []string{"reception-b", "chuyenvien-b"} {
			b := r.signIn(who)
			head := r.head()
			for _, p := range []string{path, path + "/in/receipt.pdf", path + "/in/control-sheet.pdf"} {
				if st, _, page := b.get(p); st != http.StatusNotFound || strings.Contains(page, "Nguyễn Thị Hương") {
					t.Errorf("%s GET %s: %d", who, p, st)
				}
			}
			for _, f := range []url.Values{{"action": {"transfer"}}, {"action": {"forward"}}, {"action": {"stop"}, "reason": {"x"}}, {"action": {"transfer"}, "revision": {"1"}}} {
				if st, _, _ := b.post(path+"/actions", f); st != http.StatusNotFound {
					t.Errorf("%s %s: %d", who, f.Get("action"), st)
				}
			}
			for _, p := range []string{"/ho-so", "/ho-so?view=overdue", "/ho-so?q=" + d.Code, "/ho-so?q=001199012345", "/tong-quan"} {
				if _, _, page := b.get(p); strings.Contains(page, `href="/ho-so/`+d.Code) || strings.Contains(page, "Nguyễn Thị Hương") {
					t.Errorf("%s sees A's dossier at %s", who, p)
				}
			}
			unitA := fmt.Sprint(r.units["A"].ID)
			for _, p := range []string{"/ho-so?unit=" + unitA, "/ho-so?period=received&unit=" + unitA} {
				if st, _, page := b.get(p); st != http.StatusBadRequest || strings.Contains(page, `href="/ho-so/`+d.Code) {
					t.Errorf("%s %s: %d", who, p, st)
				}
			}
			if r.head() != head {
				t.Errorf("%s changed something", who)
			}
		}
		st, _, _ := r.signIn("reception-a").get(path)
		if st != http.StatusOK {
			t.Errorf("own dossier: %d", st)
		}
	})
}

func TestOverview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := dossierRig(t, db)
		a := []*store.DossierRow{r.receive(), r.receive(), r.receive()}
		// One goes all the way round on time, one is transferred and left to be late.
		ctx := func(u string) context.Context { return r.actorCtx(u) }
		must := func(_ *store.DossierRow, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(r.svc.Act(ctx("reception-a"), a[0].Code, app.ActionInput{Action: dossier.ActionTransfer}))
		must(r.svc.Act(ctx("chuyenvien-a"), a[0].Code, app.ActionInput{Action: dossier.ActionForward}))
		must(r.svc.Act(ctx("lanhdao-a"), a[0].Code, app.ActionInput{Action: dossier.ActionComplete, ResultNote: "Giấy xác nhận"}))
		must(r.svc.Act(ctx("reception-a"), a[0].Code, app.ActionInput{Action: dossier.ActionReturn}))
		must(r.svc.Act(ctx("reception-a"), a[1].Code, app.ActionInput{Action: dossier.ActionTransfer}))
		r.clock.Advance(5 * 24 * time.Hour)

		b := r.signIn("reception-a")
		st, _, page := b.get("/tong-quan")
		if st != http.StatusOK {
			t.Fatalf("overview: %d", st)
		}
		unit := fmt.Sprint(r.units["deskA"].ID)
		mustContain(t, "overview of the desk", page, "Trung tâm Phục vụ hành chính công phường Ba Đình",
			`href="/ho-so?view=todo&amp;unit=`+unit+`&amp;state=received">1</a>`,
			`href="/ho-so?view=overdue&amp;unit=`+unit+`">1</a>`,
			`href="/ho-so?period=received&amp;unit=`+unit+`">3</a>`,
			`href="/ho-so?period=returned_on_time&amp;unit=`+unit+`">1</a>`,
			`href="/ho-so?period=returned_late&amp;unit=`+unit+`">0</a>`)
		// The commune's processing official sees its whole subtree: the one in processing at the
		// commune and the one still at its centre, both overdue.
		_, _, page = r.signIn("chuyenvien-a").get("/tong-quan")
		unitA := fmt.Sprint(r.units["A"].ID)
		mustContain(t, "overview of the commune", page, `href="/ho-so?view=todo&amp;unit=`+unitA+`&amp;state=in_processing">1</a>`,
			`href="/ho-so?view=overdue&amp;unit=`+unitA+`">2</a>`)
		// Each number leads to its dossiers.
		_, _, page = b.get("/ho-so?view=overdue&unit=" + unit)
		mustContain(t, "overdue at the desk", page, a[2].Code)
		_, _, page = b.get("/ho-so?period=returned_on_time&unit=" + unit)
		if !strings.Contains(page, a[0].Code) || strings.Contains(page, a[1].Code) {
			t.Error("returned on time list")
		}
		_, _, page = b.get("/ho-so?period=received&unit=" + unit)
		mustContain(t, "received this month", page, a[0].Code, a[1].Code, a[2].Code)
		// Commune B's overview counts none of A's.
		_, _, page = r.signIn("reception-b").get("/tong-quan")
		if strings.Contains(page, ">1</a>") || strings.Contains(page, ">3</a>") {
			t.Error("B's overview counts A's dossiers")
		}
	})
}
