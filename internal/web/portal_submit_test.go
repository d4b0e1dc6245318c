package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// Files as a phone would send them: a small PDF, a PNG, a JPEG, and two impostors.
var (
	scanPDF  = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	photoPNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 64)...)
	photoJPG = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{1}, 64)...)
	htmlPDF  = []byte("<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.4</body></html>")
	zipFile  = append([]byte("PK\x03\x04"), bytes.Repeat([]byte{2}, 64)...)
)

// upload posts one file as a multipart form with the browser's cookies.
func (b *browser) upload(path string, fields map[string]string, name string, data []byte) (int, string, string) {
	b.r.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", b.r.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.r.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), html.UnescapeString(string(body))
}

// citizenWithProfile registers a person with a personal ID, a birth date and an address in ward A.
func citizenWithProfile(t *testing.T, r *rig, o *portalOutbox, name, contact, pid, birth string) *browser {
	t.Helper()
	b := register(t, r, o, "person", name, contact)
	if st, _, body := b.post("/tai-khoan/thong-tin", url.Values{"full_name": {name}, "personal_id": {pid}, "birth_date": {birth}}); st != 303 {
		t.Fatalf("profile: %d %s", st, body)
	}
	if st, _, _ := b.post("/tai-khoan/dia-chi", url.Values{"unit_id": {id(r.units["A"].ID)}, "detail": {"12 phố Đội Cấn"}}); st != 303 {
		t.Fatalf("address: %d", st)
	}
	return b
}

var draftPath = regexp.MustCompile(`^/nop-ho-so/ban-nhap/(\d+)/nguoi-nop$`)

// startDraft starts a draft of procedure 1.004873 and returns its base path.
func startDraft(t *testing.T, b *browser) string {
	t.Helper()
	st, loc, body := b.post("/nop-ho-so/1.004873", url.Values{"variant": {"chung"}})
	if st != 303 || !draftPath.MatchString(loc) {
		t.Fatalf("start: %d %s %s", st, loc, body)
	}
	return strings.TrimSuffix(loc, "/nguoi-nop")
}

func residenceForm(r *rig, phone string) url.Values {
	return url.Values{"applicant_name": {"Nguyễn Văn An"}, "applicant_personal_id": {"001203012345"}, "phone": {phone},
		"request": {"Xác nhận thông tin về cư trú để bổ sung hồ sơ xin việc"}, "residence": {"12 phố Đội Cấn"},
		"residence.unit": {id(r.units["A"].ID)}}
}

// submitThroughWizard walks a draft through every step to submission and returns the code.
func submitThroughWizard(t *testing.T, r *rig, b *browser) string {
	t.Helper()
	base := startDraft(t, b)
	must303 := func(what string, st int, loc, body, want string) {
		t.Helper()
		if st != 303 || loc != want {
			t.Fatalf("%s: %d %s, want 303 %s\n%s", what, st, loc, want, body)
		}
	}
	st, loc, body := b.post(base+"/nguoi-nop", url.Values{"applicant.name": {"Nguyễn Văn An"}, "applicant.id_number": {"001203012345"},
		"applicant.birth_date": {"2003-01-15"}, "applicant.address": {"12 phố Đội Cấn, Phường Ba Đình"}, "applicant.phone": {"0912345678"}})
	must303("applicant", st, loc, body, base+"/to-khai")
	st, loc, body = b.post(base+"/to-khai", residenceForm(r, "0912345678"))
	must303("form", st, loc, body, base+"/giay-to")
	for slot, f := range map[string][]byte{"tp01": scanPDF, "tp02": photoPNG, "tp03": photoJPG} {
		st, loc, body = b.upload(base+"/giay-to/tai-len", map[string]string{"component": slot}, slot+".bin", f)
		must303("upload "+slot, st, loc, body, base+"/giay-to#file."+slot)
	}
	st, loc, body = b.post(base+"/noi-nhan", url.Values{"unit_id": {id(r.units["deskA"].ID)}})
	must303("desk", st, loc, body, base+"/xem-lai")
	st, loc, body = b.post(base+"/xem-lai", nil)
	if st != 303 || !strings.HasPrefix(loc, "/ho-so-cua-toi/") || !strings.HasSuffix(loc, "?ok=nop") {
		t.Fatalf("submit: %d %s %s", st, loc, body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(loc, "/ho-so-cua-toi/"), "?ok=nop")
}

// TestPortalWizard submits a dossier through the wizard's pages: pre-filled values with their
// sources, bad input refused by its field with nothing stored, files checked by their content,
// a draft resumed from "Hồ sơ của tôi", the dossier with its code and what happens next, a second
// draft pre-filled from the first dossier, and another account that finds none of it.
func TestPortalWizard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, o := newPortalRig(t, db, nil)
		b := citizenWithProfile(t, r, o, "Nguyễn Văn An", "an@example.vn", "001203012345", "2003-01-15")

		// Choose: search, then the variant.
		if _, _, body := b.get("/nop-ho-so?q=" + url.QueryEscape("tinh trang hon nhan")); !strings.Contains(body, `href="/nop-ho-so/1.004873"`) {
			t.Error("search without diacritics does not find the procedure")
		}
		if _, _, body := b.get("/nop-ho-so?q=khong-co-thu-tuc-nay"); strings.Contains(body, `href="/nop-ho-so/1.`) {
			t.Error("a search for nothing lists procedures")
		}
		if st, _, body := b.get("/nop-ho-so/1.004873"); st != 200 || !strings.Contains(body, `name="variant"`) {
			t.Fatalf("variant page: %d", st)
		}
		base := startDraft(t, b)

		// The applicant, pre-filled from the profile.
		_, _, body := b.get(base + "/nguoi-nop")
		body = html.UnescapeString(body)
		for _, want := range []string{`value="Nguyễn Văn An"`, `value="001203012345"`, `value="2003-01-15"`, "Từ hồ sơ cá nhân", "Bước 1/5"} {
			if !strings.Contains(body, want) {
				t.Errorf("applicant page lacks %s", want)
			}
		}
		head := r.head()
		st, _, body := b.post(base+"/nguoi-nop", url.Values{"applicant.name": {"Nguyễn Văn An"}, "applicant.id_number": {"999203012345"}})
		if st != 400 || !strings.Contains(body, `href="#applicant.id_number"`) || !strings.Contains(body, `id="applicant.id_number-error"`) {
			t.Errorf("bad personal ID: %d", st)
		}
		if r.head() != head {
			t.Error("a refused step stored something")
		}
		st, loc, body := b.post(base+"/nguoi-nop", url.Values{"applicant.name": {"Nguyễn Văn An"}, "applicant.id_number": {"001203012345"},
			"applicant.birth_date": {"2003-01-15"}, "applicant.phone": {"0912345678"}, "luu": {"1"}})
		if st != 303 || loc != "/ho-so-cua-toi?da-luu=1" {
			t.Fatalf("save and leave: %d %s %s", st, loc, body)
		}
		// Resumed from "Hồ sơ của tôi".
		if _, _, body := b.get("/ho-so-cua-toi"); !strings.Contains(body, base+"/nguoi-nop") || !strings.Contains(body, "Hồ sơ nháp") {
			t.Error("my dossiers does not offer to resume the draft")
		}
		if _, _, body := b.get(base + "/nguoi-nop"); !strings.Contains(body, `value="0912345678"`) {
			t.Error("the saved phone is not shown on resuming")
		}

		// The form, generated from the schema, with bad input per its rules.
		_, _, body = b.get(base + "/to-khai")
		body = html.UnescapeString(body)
		for _, want := range []string{`name="request"`, `name="residence.unit"`, `name="phone"`, `aria-required="true"`, "Từ hồ sơ cá nhân", r.units["A"].Name} {
			if !strings.Contains(body, want) {
				t.Errorf("form page lacks %s", want)
			}
		}
		for _, c := range []struct {
			key, value, code, field string
		}{
			{"phone", "12345", "field_pattern_mismatch", "phone"},
			{"request", "ngắn", "field_too_short", "request"},
			{"applicant_personal_id", "0012030123", "invalid_personal_id", "applicant_personal_id"},
			{"residence.unit", "", "field_required", "residence.unit"},
			{"residence.unit", id(r.units["oldB"].ID), "invalid_address_unit", "residence.unit"},
			{"applicant_name", "", "field_required", "applicant_name"},
		} {
			f := residenceForm(r, "0912345678")
			f.Set(c.key, c.value)
			head := r.head()
			st, _, body := b.post(base+"/to-khai", f)
			if st != 400 || !strings.Contains(body, c.code) || !strings.Contains(body, `href="#`+c.field+`"`) || !strings.Contains(body, `id="`+c.field+`-error"`) {
				t.Errorf("%s=%q: %d, want 400 %s by #%s", c.key, c.value, st, c.code, c.field)
			}
			if c.value != "" && !strings.Contains(html.UnescapeString(body), `value="`+c.value+`"`) && c.key != "residence.unit" {
				t.Errorf("%s: the value typed is not shown again", c.key)
			}
			if r.head() != head {
				t.Errorf("%s: a refused form stored something", c.key)
			}
		}
		if _, _, body := b.get(base + "/to-khai"); strings.Contains(body, `value="12345"`) {
			t.Error("a refused value was stored")
		}
		if st, loc, _ := b.post(base+"/to-khai", residenceForm(r, "0912345678")); st != 303 || loc != base+"/giay-to" {
			t.Fatalf("form: %d %s", st, loc)
		}

		// Files: checked by their content, a field's error by its input.
		for _, c := range []struct {
			name string
			data []byte
			code string
		}{
			{"to-khai.pdf", htmlPDF, "file_type_not_allowed"},
			{"anh.zip", zipFile, "file_type_not_allowed"},
			{"lon.pdf", append(append([]byte{}, scanPDF...), make([]byte, app.MaxFileSize)...), "file_too_large"},
			{"rong.pdf", nil, "file_empty"},
		} {
			head := r.head()
			st, _, body := b.upload(base+"/giay-to/tai-len", map[string]string{"component": "tp01"}, c.name, c.data)
			if st != 400 || !strings.Contains(body, c.code) || !strings.Contains(body, `href="#file.tp01"`) || !strings.Contains(body, `id="file.tp01-error"`) {
				t.Errorf("%s: %d, want 400 %s by #file.tp01", c.name, st, c.code)
			}
			if r.head() != head {
				t.Errorf("%s: a refused file was stored", c.name)
			}
		}
		if st, _, body := b.upload(base+"/giay-to/tai-len", map[string]string{"component": "tp99"}, "a.pdf", scanPDF); st != 400 || !strings.Contains(body, "unknown_component") {
			t.Errorf("unknown component: %d", st)
		}
		st, _, _ = b.upload(base+"/giay-to/tai-len", map[string]string{"component": "tp01"}, "giay-to-1.pdf", scanPDF)
		if st != 303 {
			t.Fatalf("upload: %d", st)
		}
		// A required component without a file keeps the draft from being submitted.
		if st, _, _ := b.post(base+"/noi-nhan", url.Values{"unit_id": {id(r.units["A"].ID)}}); st != 400 {
			t.Errorf("a commune as desk: %d", st)
		}
		if st, loc, _ := b.post(base+"/noi-nhan", url.Values{"unit_id": {id(r.units["deskA"].ID)}}); st != 303 || loc != base+"/xem-lai" {
			t.Fatalf("desk: %d %s", st, loc)
		}
		st, _, body = b.post(base+"/xem-lai", nil)
		if st != 400 || !strings.Contains(body, "component_file_required") || !strings.Contains(body, base+"/giay-to") {
			t.Errorf("submitted without the required files: %d", st)
		}
		b.upload(base+"/giay-to/tai-len", map[string]string{"component": "tp02"}, "anh.png", photoPNG)
		b.upload(base+"/giay-to/tai-len", map[string]string{"component": "tp03"}, "anh.jpg", photoJPG)
		_, _, body = b.get(base + "/xem-lai")
		for _, want := range []string{"giay-to-1.pdf", r.units["deskA"].Name, "Xác nhận thông tin về cư trú", "Nộp hồ sơ"} {
			if !strings.Contains(html.UnescapeString(body), want) && !strings.Contains(body, want) {
				t.Errorf("review lacks %s", want)
			}
		}
		st, loc, body = b.post(base+"/xem-lai", nil)
		if st != 303 || !strings.HasSuffix(loc, "?ok=nop") {
			t.Fatalf("submit: %d %s %s", st, loc, body)
		}
		code := strings.TrimSuffix(strings.TrimPrefix(loc, "/ho-so-cua-toi/"), "?ok=nop")
		if code != "001.01.90.H24-260302-0001" {
			t.Errorf("code %s", code)
		}
		_, _, body = b.get(loc)
		body = html.UnescapeString(body)
		for _, want := range []string{"Mới đăng ký", "Việc tiếp theo", "Đã nộp hồ sơ", "giay-to-1.pdf", "Bạn đã nộp hồ sơ trực tuyến", "3 ngày làm việc"} {
			if !strings.Contains(body, want) {
				t.Errorf("dossier page lacks %s", want)
			}
		}
		if st, _, _ := b.get(base + "/nguoi-nop"); st != 404 {
			t.Errorf("the submitted draft is still there: %d", st)
		}
		// The dossier has its files, stored by their hash.
		ctx := app.WithActor(context.Background(), org.SystemActor)
		files, err := r.svc.DossierFiles(ctx, code)
		if err != nil || len(files) != 3 {
			t.Fatalf("files: %v %d", err, len(files))
		}
		if _, data, err := r.svc.FileContent(ctx, code, files[0].ID); err != nil || !bytes.Equal(data, scanPDF) {
			t.Errorf("file content: %v", err)
		}
		if st, _, body := b.get("/ho-so-cua-toi/" + code + "/tep/" + id(files[0].ID)); st != 200 || body != string(scanPDF) {
			t.Errorf("file download: %d", st)
		}

		// A second draft: pre-filled from the first dossier where the profile has nothing.
		base2 := startDraft(t, b)
		_, _, body = b.get(base2 + "/nguoi-nop")
		if !strings.Contains(body, "Từ hồ sơ "+code) || !strings.Contains(body, `value="0912345678"`) {
			t.Error("the phone is not pre-filled from the earlier dossier")
		}
		_, _, body = b.get(base2 + "/to-khai")
		body = html.UnescapeString(body)
		if !strings.Contains(body, "Xác nhận thông tin về cư trú để bổ sung hồ sơ xin việc") || !strings.Contains(body, "Từ hồ sơ "+code) {
			t.Error("the form is not pre-filled from the earlier dossier")
		}

		// Another account finds none of it.
		other := citizenWithProfile(t, r, o, "Trần Thị Bình", "binh@example.vn", "001185012345", "1985-02-02")
		for _, p := range []string{"/ho-so-cua-toi/" + code, base2 + "/nguoi-nop", base2 + "/xem-lai", "/ho-so-cua-toi/" + code + "/tep/" + id(files[0].ID)} {
			if st, _, _ := other.get(p); st != 404 {
				t.Errorf("GET %s by another account: %d", p, st)
			}
		}
		head = r.head()
		for _, p := range []string{base2 + "/nguoi-nop", base2 + "/xem-lai", base2 + "/xoa", "/ho-so-cua-toi/" + code + "/rut"} {
			if st, _, _ := other.post(p, url.Values{"reason": {"x"}, "applicant.name": {"X"}}); st != 404 {
				t.Errorf("POST %s by another account: %d", p, st)
			}
		}
		if st, _, _ := other.upload(base2+"/giay-to/tai-len", map[string]string{"component": "tp01"}, "a.pdf", scanPDF); st != 404 {
			t.Errorf("upload to another's draft: %d", st)
		}
		if r.head() != head {
			t.Error("another account changed something")
		}
		if _, _, body := other.get("/ho-so-cua-toi"); strings.Contains(body, code) || strings.Contains(body, base2) {
			t.Error("another account lists the dossier or the draft")
		}
	})
}

// officerToken makes a processing officer of ward A and returns an API token.
func officerToken(t *testing.T, r *rig) string {
	t.Helper()
	if _, err := r.svc.CreateUser(sys, app.NewUser{Username: "officer-a", FullName: "Hoàng Văn Xử", Password: testPassword,
		UnitID: r.units["A"].ID, Roles: []org.Role{org.RoleProcessing}}); err != nil {
		t.Fatal(err)
	}
	tok, _, err := r.svc.CreateToken(sys, "officer-a", "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestPortalAPI does through the portal's JSON API what the pages do: a draft created, saved with
// bad and good values, files uploaded, submitted; then a supplement requested during processing
// is answered by upload (the clock resumes and the due date moves by the pause, §6.6), and a
// second dossier is withdrawn; another account gets 404 on everything.
func TestPortalAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, o := newPortalRig(t, db, nil)
		b := citizenWithProfile(t, r, o, "Nguyễn Văn An", "an@example.vn", "001203012345", "2003-01-15")
		tok := cookieOf(b, "egov_portal")
		if !strings.HasPrefix(tok, "egc_") {
			t.Fatalf("portal token %q", tok)
		}
		if st, _ := r.call(tok, "GET", "/api/v1/units", nil); st != 401 {
			t.Errorf("a portal token on the officials' API: %d", st)
		}
		if st, _ := r.call(r.tokens["reception-a"], "GET", "/api/v1/portal/dossiers", nil); st != 401 {
			t.Errorf("an official's token on the portal API: %d", st)
		}

		submit := func() string {
			t.Helper()
			st, d := r.call(tok, "POST", "/api/v1/portal/drafts", map[string]any{"procedure_code": "1.004873"})
			if st != 201 {
				t.Fatalf("create draft: %d %v", st, d)
			}
			did := id(int64(d["id"].(float64)))
			if src := d["sources"].(map[string]any); src["applicant.name"] != "profile" {
				t.Errorf("sources %v", src)
			}
			head := r.head()
			st, e := r.call(tok, "PUT", "/api/v1/portal/drafts/"+did, map[string]any{"values": map[string]string{"phone": "12"}})
			if st != 400 || e["error"].(map[string]any)["field"] != "phone" || e["error"].(map[string]any)["code"] != "field_pattern_mismatch" {
				t.Errorf("bad phone: %d %v", st, e)
			}
			if st, e := r.call(tok, "PUT", "/api/v1/portal/drafts/"+did, map[string]any{"values": map[string]string{"nope": "x"}}); st != 400 || e["error"].(map[string]any)["code"] != "unknown_field" {
				t.Errorf("unknown key: %d %v", st, e)
			}
			if r.head() != head {
				t.Error("a refused update stored something")
			}
			vals := map[string]string{"applicant.phone": "0912345678"}
			for k, v := range residenceForm(r, "0912345678") {
				vals[k] = v[0]
			}
			desk := r.units["deskA"].ID
			if st, d := r.call(tok, "PUT", "/api/v1/portal/drafts/"+did, map[string]any{"values": vals, "unit_id": desk, "complete": "all"}); st != 200 {
				t.Fatalf("update: %d %v", st, d)
			}
			if st, e := r.call(tok, "POST", "/api/v1/portal/drafts/"+did+"/submit", nil); st != 400 || e["error"].(map[string]any)["code"] != "component_file_required" {
				t.Errorf("submit without files: %d %v", st, e)
			}
			if st, e := r.upload(tok, "/api/v1/portal/drafts/"+did+"/files", map[string]string{"component": "tp01"}, "gia.pdf", htmlPDF); st != 400 || e["error"].(map[string]any)["code"] != "file_type_not_allowed" {
				t.Errorf("HTML as PDF: %d %v", st, e)
			}
			for _, c := range []string{"tp01", "tp02", "tp03", "form.documents"} {
				if st, e := r.upload(tok, "/api/v1/portal/drafts/"+did+"/files", map[string]string{"component": c}, c+".pdf", scanPDF); st != 201 {
					t.Fatalf("upload %s: %d %v", c, st, e)
				}
			}
			st, d = r.call(tok, "POST", "/api/v1/portal/drafts/"+did+"/submit", nil)
			if st != 201 || d["state"] != "submitted" || d["due_note"] == "" {
				t.Fatalf("submit: %d %v", st, d)
			}
			if st, _ := r.call(tok, "GET", "/api/v1/portal/drafts/"+did, nil); st != 404 {
				t.Errorf("submitted draft still there: %d", st)
			}
			return d["code"].(string)
		}
		code := submit()
		st, list := r.call(tok, "GET", "/api/v1/portal/dossiers", nil)
		if st != 200 || len(list["dossiers"].([]any)) != 1 {
			t.Fatalf("list: %d %v", st, list)
		}

		// The desk accepts (09:00 Monday 2 March 2026: due Thursday 09:00), transfers; the officer
		// asks for a supplement at 10:00.
		desk, officer := r.tokens["reception-a"], officerToken(t, r)
		for _, a := range []string{"accept", "transfer"} {
			if st, d := r.call(desk, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": a}); st != 200 {
				t.Fatalf("%s: %d %v", a, st, d)
			}
		}
		r.clock.Advance(time.Hour)
		if st, d := r.call(officer, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "request_supplement",
			"items": []string{"Bản sao giấy khai sinh có chứng thực"}, "reason": "Giấy khai sinh chụp bị mờ"}); st != 200 {
			t.Fatalf("request_supplement: %d %v", st, d)
		}
		st, d := r.call(tok, "GET", "/api/v1/portal/dossiers/"+code, nil)
		if st != 200 || d["state"] != "awaiting_supplement" || !containsAny(d["allowed"].([]any), "supplement") {
			t.Fatalf("awaiting: %d %v", st, d)
		}
		due0, _ := time.Parse(time.RFC3339, d["due_at"].(string))
		if want := time.Date(2026, 3, 5, 2, 0, 0, 0, time.UTC); !due0.Equal(want) {
			t.Errorf("due %s, want %s", due0, want)
		}
		if !strings.Contains(d["due_note"].(string), "tạm dừng") {
			t.Errorf("due note: %v", d["due_note"])
		}
		tl := d["timeline"].([]any)
		last := tl[len(tl)-1].(map[string]any)
		if last["from_officials"] != true || last["message"] != "Giấy khai sinh chụp bị mờ" || !strings.Contains(last["text"].(string), "bổ sung") {
			t.Errorf("timeline: %v", last)
		}
		// Nothing uploaded yet: the supplement is refused.
		if st, e := r.call(tok, "POST", "/api/v1/portal/dossiers/"+code+"/supplement", map[string]any{}); st != 400 || e["error"].(map[string]any)["code"] != "supplement_files_required" {
			t.Errorf("empty supplement: %d %v", st, e)
		}
		// A day later (8 working hours of pause) the applicant uploads and sends it.
		r.clock.Advance(24 * time.Hour)
		// The session ended while idle: sign in again.
		if st, _, _ := b.post("/dang-nhap", url.Values{"contact": {"an@example.vn"}, "password": {testPassword}}); st != 303 {
			t.Fatalf("sign-in: %d", st)
		}
		tok = cookieOf(b, "egov_portal")
		if st, e := r.upload(tok, "/api/v1/portal/dossiers/"+code+"/files", map[string]string{"component": "tp02"}, "khai-sinh.pdf", scanPDF); st != 201 {
			t.Fatalf("upload: %d %v", st, e)
		}
		st, d = r.call(tok, "POST", "/api/v1/portal/dossiers/"+code+"/supplement", map[string]any{"note": "Đã chụp lại rõ hơn"})
		if st != 200 || d["state"] != "in_processing" {
			t.Fatalf("supplement: %d %v", st, d)
		}
		due1, _ := time.Parse(time.RFC3339, d["due_at"].(string))
		if want := due0.Add(24 * time.Hour); !due1.Equal(want) {
			t.Errorf("due after the supplement %s, want %s (one working day later)", due1, want)
		}
		if st, e := r.upload(tok, "/api/v1/portal/dossiers/"+code+"/files", map[string]string{"component": "tp02"}, "x.pdf", scanPDF); st != 409 || e["error"].(map[string]any)["code"] != "not_awaiting_supplement" {
			t.Errorf("upload when not awaiting: %d %v", st, e)
		}

		// Withdraw, with a reason, on the page.
		if st, _, body := b.post("/ho-so-cua-toi/"+code+"/rut", url.Values{"reason": {""}}); st != 400 || !strings.Contains(body, `href="#reason"`) {
			t.Errorf("withdraw without a reason: %d", st)
		}
		if st, loc, body := b.post("/ho-so-cua-toi/"+code+"/rut", url.Values{"reason": {"Tôi đã chuyển nơi ở khác"}}); st != 303 || loc != "/ho-so-cua-toi/"+code+"?ok=rut" {
			t.Fatalf("withdraw: %d %s %s", st, loc, body)
		}
		_, _, body := b.get("/ho-so-cua-toi/" + code)
		body = html.UnescapeString(body)
		for _, want := range []string{"Công dân yêu cầu rút hồ sơ", "Bạn đã đề nghị rút hồ sơ", "Tôi đã chuyển nơi ở khác", "Giấy khai sinh chụp bị mờ", "Đã chụp lại rõ hơn"} {
			if !strings.Contains(body, want) {
				t.Errorf("dossier page lacks %s", want)
			}
		}
		if st, e := r.call(tok, "POST", "/api/v1/portal/dossiers/"+code+"/withdraw", map[string]any{"reason": "lần nữa"}); st != 409 || e["error"].(map[string]any)["code"] != "illegal_transition" {
			t.Errorf("second withdrawal: %d %v", st, e)
		}

		// A reception supplement answered on the page: back to Submitted.
		code2 := submit()
		if st, d := r.call(desk, "POST", "/api/v1/dossiers/"+code2+"/actions", map[string]any{"action": "request_reception_supplement", "reason": "Thiếu trang 2 của tờ khai"}); st != 200 {
			t.Fatalf("reception supplement: %d %v", st, d)
		}
		_, _, body = b.get("/ho-so-cua-toi/" + code2)
		if !strings.Contains(html.UnescapeString(body), "Thiếu trang 2 của tờ khai") || !strings.Contains(body, `action="/ho-so-cua-toi/`+code2+`/tep"`) {
			t.Error("the page does not show the request and the upload form")
		}
		if st, _, body := b.upload("/ho-so-cua-toi/"+code2+"/tep", map[string]string{"component": "tp01"}, "a.pdf", htmlPDF); st != 400 || !strings.Contains(body, `href="#file.tp01"`) {
			t.Errorf("HTML as PDF on the page: %d", st)
		}
		if st, _, _ := b.upload("/ho-so-cua-toi/"+code2+"/tep", map[string]string{"component": "tp01"}, "trang-2.pdf", scanPDF); st != 303 {
			t.Fatalf("upload on the page: %d", st)
		}
		if st, _, body := b.post("/ho-so-cua-toi/"+code2+"/bo-sung", url.Values{"note": {"Đã bổ sung trang 2"}}); st != 303 {
			t.Fatalf("resubmit on the page: %d %s", st, body)
		}
		if st, d := r.call(tok, "GET", "/api/v1/portal/dossiers/"+code2, nil); st != 200 || d["state"] != "submitted" {
			t.Errorf("after resubmission: %d %v", st, d["state"])
		}

		// Another account: 404 on everything.
		other := citizenWithProfile(t, r, o, "Trần Thị Bình", "binh@example.vn", "001185012345", "1985-02-02")
		otok := cookieOf(other, "egov_portal")
		st, d = r.call(otok, "POST", "/api/v1/portal/drafts", map[string]any{"procedure_code": "1.004873"})
		if st != 201 {
			t.Fatalf("draft: %d", st)
		}
		odid := id(int64(d["id"].(float64)))
		head := r.head()
		for _, c := range []struct {
			token, method, path string
			body                any
		}{
			{otok, "GET", "/api/v1/portal/dossiers/" + code, nil},
			{otok, "POST", "/api/v1/portal/dossiers/" + code2 + "/withdraw", map[string]any{"reason": "x"}},
			{otok, "POST", "/api/v1/portal/dossiers/" + code2 + "/supplement", map[string]any{}},
			{otok, "GET", "/api/v1/portal/dossiers/" + code + "/files/1", nil},
			{tok, "GET", "/api/v1/portal/drafts/" + odid, nil},
			{tok, "PUT", "/api/v1/portal/drafts/" + odid, map[string]any{"values": map[string]string{"phone": "0912345678"}}},
			{tok, "POST", "/api/v1/portal/drafts/" + odid + "/submit", nil},
			{tok, "DELETE", "/api/v1/portal/drafts/" + odid, nil},
		} {
			if st, e := r.call(c.token, c.method, c.path, c.body); st != 404 {
				t.Errorf("%s %s by another account: %d %v", c.method, c.path, st, e)
			}
		}
		if st, _ := r.upload(otok, "/api/v1/portal/dossiers/"+code2+"/files", map[string]string{"component": "tp01"}, "a.pdf", scanPDF); st != 404 {
			t.Errorf("upload to another's dossier: %d", st)
		}
		if st, _ := r.upload(tok, "/api/v1/portal/drafts/"+odid+"/files", map[string]string{"component": "tp01"}, "a.pdf", scanPDF); st != 404 {
			t.Errorf("upload to another's draft: %d", st)
		}
		if r.head() != head {
			t.Error("another account changed something")
		}
		if _, l := r.call(otok, "GET", "/api/v1/portal/dossiers", nil); len(l["dossiers"].([]any)) != 0 {
			t.Error("another account lists dossiers")
		}

		// The OpenAPI document describes the portal's operations.
		_, doc := r.call("", "GET", "/api/v1/openapi.json", nil)
		paths := doc["paths"].(map[string]any)
		for _, p := range []string{"/api/v1/portal/dossiers", "/api/v1/portal/dossiers/{code}", "/api/v1/portal/drafts", "/api/v1/portal/drafts/{id}",
			"/api/v1/portal/drafts/{id}/files", "/api/v1/portal/drafts/{id}/submit", "/api/v1/portal/dossiers/{code}/supplement",
			"/api/v1/portal/dossiers/{code}/withdraw", "/api/v1/portal/dossiers/{code}/files"} {
			if paths[p] == nil {
				t.Errorf("OpenAPI lacks %s", p)
			}
		}
		schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
		for _, s := range []string{"Draft", "DraftUpdate", "PortalDossier", "PortalFileUpload", "DossierFile"} {
			if schemas[s] == nil {
				t.Errorf("OpenAPI lacks schema %s", s)
			}
		}
	})
}
