package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// withDossierStaff adds the demo catalogue and ward A's processing officials (clerk, officer,
// chairman) with API tokens to the rig.
func withDossierStaff(t *testing.T, r *rig) {
	t.Helper()
	r.loadCatalogue()
	for _, u := range []struct {
		name, full string
		role       org.Role
	}{{"clerk-a", "Ngô Văn Thư", org.RoleClerk}, {"officer-a", "Hoàng Văn Xử", org.RoleProcessing}, {"leader-a", "Bùi Văn Chủ", org.RoleAgencyLeader}} {
		created, err := r.svc.CreateUser(sys, app.NewUser{Username: u.name, FullName: u.full, Password: testPassword, UnitID: r.units["A"].ID, Roles: []org.Role{u.role}})
		if err != nil {
			t.Fatal(err)
		}
		r.users[u.name] = created
		tok, rec, err := r.svc.CreateToken(sys, u.name, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		r.tokens[u.name], r.tokenIDs[u.name] = tok, rec.ID
	}
}

func walkIn() map[string]any {
	return map[string]any{"procedure_code": "1.004873", "components": []string{"tp01", "tp02", "tp03"},
		"applicant": map[string]any{"name": "Nguyễn Thị Hương", "id_number": "001199012345", "birth_date": "1999-05-04",
			"address": "12 Hàng Bạc, Phường Hoàn Kiếm", "phone": "0912345678"}}
}

// fetch makes an authenticated GET and returns the status, content type and body.
func (r *rig) fetch(token, path string) (int, string, []byte) {
	r.t.Helper()
	req, _ := http.NewRequest("GET", r.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), b
}

func pdfToText(t *testing.T, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is required in CI")
		}
		t.Skip("pdftotext not installed")
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestDossierAPI walks a dossier through the API: reception, reading, the inbox, actions with
// the illegal and the stale one refused without change, the forms, the register and the public
// lookup.
func TestDossierAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		desk := r.tokens["reception-a"]

		st, d := r.call(desk, "POST", "/api/v1/dossiers", walkIn())
		if st != http.StatusCreated {
			t.Fatalf("reception: %d %v", st, d)
		}
		code, _ := d["code"].(string)
		if code != "001.01.90.H24-260302-0001" || d["status"] != "received" || d["national_status"] != 2.0 ||
			d["received_at"] != "2026-03-02T09:00:00+07:00" || d["due_at"] != "2026-03-05T09:00:00+07:00" {
			t.Errorf("reception answer: %v", d)
		}

		st, det := r.call(desk, "GET", "/api/v1/dossiers/"+code, nil)
		if st != http.StatusOK || det["procedure_code"] != "1.004873" || len(det["components"].([]any)) != 3 || len(det["steps"].([]any)) != 1 {
			t.Fatalf("dossier: %d %v", st, det)
		}
		if allowed := det["allowed_actions"].([]any); !containsAny(allowed, "transfer") {
			t.Errorf("the desk may transfer now: %v", allowed)
		}
		st, inbox := r.call(desk, "GET", "/api/v1/inbox?view=todo", nil)
		if st != http.StatusOK || len(inbox["items"].([]any)) != 1 {
			t.Errorf("inbox: %d %v", st, inbox)
		}

		// Not allowed now: 409 illegal_transition, nothing changes.
		before := r.head()
		st, e := r.call(desk, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "return"})
		if st != http.StatusConflict || errCode(e) != "illegal_transition" || !strings.Contains(errMessage(e), "trạng thái") {
			t.Errorf("illegal action: %d %v", st, e)
		}
		// Decided on an old page: 409 dossier_changed.
		st, e = r.call(desk, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "transfer", "revision": 99})
		if st != http.StatusConflict || errCode(e) != "dossier_changed" {
			t.Errorf("stale revision: %d %v", st, e)
		}
		if r.head() != before {
			t.Error("refused actions changed something")
		}
		st, moved := r.call(desk, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "transfer", "revision": det["revision"]})
		if st != http.StatusOK || moved["status"] != "in_processing" || moved["current_unit_id"] != float64(r.units["A"].ID) {
			t.Fatalf("transfer: %d %v", st, moved)
		}
		st, units := r.call(r.tokens["officer-a"], "GET", "/api/v1/dossiers/"+code+"/next-units", nil)
		if st != http.StatusOK {
			t.Errorf("next units: %d %v", st, units)
		}

		// Forms: the receipt carries the code, the applicant and the lookup address.
		st, ct, pdf := r.fetch(desk, "/api/v1/dossiers/"+code+"/forms/receipt.pdf")
		if st != http.StatusOK || ct != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Fatalf("receipt: %d %s", st, ct)
		}
		text := pdfToText(t, pdf)
		for _, want := range []string{code, "Nguyễn Thị Hương", "GIẤY TIẾP NHẬN HỒ SƠ", "Phạm Thu Hà"} {
			if !strings.Contains(text, want) {
				t.Errorf("receipt lacks %q:\n%s", want, text)
			}
		}
		if st, _, pdf := r.fetch(desk, "/api/v1/dossiers/"+code+"/forms/control-sheet.pdf"); st != http.StatusOK || !strings.Contains(pdfToText(t, pdf), "PHIẾU KIỂM SOÁT") {
			t.Errorf("control sheet: %d", st)
		}
		for _, p := range []string{"/forms/refusal.pdf", "/forms/nothing.pdf", "/forms/receipt"} {
			if st, _, _ := r.fetch(desk, "/api/v1/dossiers/"+code+p); st != http.StatusNotFound {
				t.Errorf("%s: %d", p, st)
			}
		}

		// The register of ward A's centre, as PDF and XLSX.
		ledger := "/api/v1/units/" + id(r.units["deskA"].ID) + "/ledger?from=2026-03-01&to=2026-03-31"
		st, ct, pdf = r.fetch(desk, ledger)
		if st != http.StatusOK || ct != "application/pdf" {
			t.Fatalf("ledger pdf: %d %s", st, ct)
		}
		if text := pdfToText(t, pdf); !strings.Contains(text, "SỔ THEO DÕI HỒ SƠ") || !strings.Contains(text, "001.01.90.H24-") || !strings.Contains(text, "260302-0001") {
			t.Errorf("ledger pdf:\n%s", text)
		}
		st, ct, book := r.fetch(desk, ledger+"&format=xlsx")
		if st != http.StatusOK || !strings.Contains(ct, "spreadsheetml") || !bytes.HasPrefix(book, []byte("PK")) {
			t.Errorf("ledger xlsx: %d %s", st, ct)
		}
		for _, q := range []string{"?from=2026-03-31&to=2026-03-01", "?from=2025-01-01&to=2026-03-01", "?from=hôm-qua&to=2026-03-01", "?from=2026-03-01&to=2026-03-31&format=doc"} {
			st, e := r.call(desk, "GET", "/api/v1/units/"+id(r.units["deskA"].ID)+"/ledger"+q, nil)
			if st != http.StatusBadRequest || errCode(e) == "" || errMessage(e) == "" {
				t.Errorf("ledger %s: %d %v", q, st, e)
			}
		}

		// Public lookup: status and dates, no personal data, no sign-in.
		st, ct, body := r.fetch("", "/api/v1/public/dossiers/"+code)
		if st != http.StatusOK || !strings.Contains(ct, "json") || !strings.Contains(string(body), `"status":"in_processing"`) {
			t.Errorf("public lookup: %d %s", st, body)
		}
		for _, secret := range []string{"Hương", "001199012345", "0912345678", "Hàng Bạc"} {
			if strings.Contains(string(body), secret) {
				t.Errorf("public lookup shows %q", secret)
			}
		}
		if st, _, _ := r.fetch("", "/api/v1/public/dossiers/001.01.90.H24-260302-0099"); st != http.StatusNotFound {
			t.Errorf("unknown code: %d", st)
		}
		if st, _, _ := r.fetch("", "/api/v1/public/dossiers/abc"); st != http.StatusBadRequest {
			t.Errorf("malformed code: %d", st)
		}
		if st, _, page := r.fetch("", "/tra-cuu/"+code); st != http.StatusOK || !strings.Contains(string(page), "Đang giải quyết") && !strings.Contains(string(page), code) || strings.Contains(string(page), "Hương") {
			t.Errorf("lookup page: %d", st)
		}

		// Online submission: a code, no due date; the desk accepts it and the clock starts.
		in := walkIn()
		in["channel"] = 2
		in["unit_id"] = r.units["deskA"].ID
		st, on := r.call(desk, "POST", "/api/v1/dossiers", in)
		if st != http.StatusCreated || on["status"] != "submitted" || on["national_status"] != 1.0 || on["due_at"] != nil {
			t.Fatalf("online submission: %d %v", st, on)
		}
		st, acc := r.call(desk, "POST", "/api/v1/dossiers/"+on["code"].(string)+"/actions", map[string]any{"action": "accept"})
		if st != http.StatusOK || acc["status"] != "received" || acc["due_at"] == nil {
			t.Errorf("accept: %d %v", st, acc)
		}
	})
}

// TestDossierAPIBadInput: every malformed reception or action gets a Vietnamese message and a
// stable code, takes no dossier number and changes nothing.
func TestDossierAPIBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		desk := r.tokens["reception-a"]
		with := func(f func(m map[string]any)) map[string]any { m := walkIn(); f(m); return m }
		for _, tc := range []struct {
			body any
			st   int
			code string
		}{
			{with(func(m map[string]any) { m["procedure_code"] = "9.999999" }), http.StatusNotFound, "unknown_procedure"},
			{with(func(m map[string]any) { m["components"] = []string{"tp01"} }), http.StatusConflict, "components_missing"},
			{with(func(m map[string]any) { m["components"] = []string{"tp01", "tp02", "tp03", "tp99"} }), http.StatusBadRequest, "unknown_component"},
			{with(func(m map[string]any) { m["applicant"].(map[string]any)["id_number"] = "001199012346x" }), http.StatusBadRequest, "invalid_personal_id"},
			{with(func(m map[string]any) {
				m["subject_kind"] = 1
				m["applicant"].(map[string]any)["id_number"] = "0101243151"
			}), http.StatusBadRequest, "tax_code_checksum"},
			{with(func(m map[string]any) { m["channel"] = 7 }), http.StatusBadRequest, "invalid_channel"},
			{with(func(m map[string]any) { m["unit_id"] = r.units["deskB"].ID }), http.StatusForbidden, "forbidden"},
			{with(func(m map[string]any) { m["colour"] = "đỏ" }), http.StatusBadRequest, "invalid_json"},
			{`{"procedure_code": "1.004873",`, http.StatusBadRequest, "invalid_json"},
			{`[]`, http.StatusBadRequest, "invalid_json"},
		} {
			before, n := r.head(), r.dossiers()
			st, e := r.call(desk, "POST", "/api/v1/dossiers", tc.body)
			if st != tc.st || (tc.code != "invalid_json" && errCode(e) != tc.code) || errCode(e) == "" || errMessage(e) == "" {
				t.Errorf("%v: %d %v, want %d %s", tc.body, st, e, tc.st, tc.code)
			}
			if r.head() != before || r.dossiers() != n {
				t.Errorf("%v changed something", tc.body)
			}
		}
		// A good reception after all that gets number 0001: no number was spent on bad input.
		st, d := r.call(desk, "POST", "/api/v1/dossiers", walkIn())
		if st != http.StatusCreated || !strings.HasSuffix(d["code"].(string), "-0001") {
			t.Errorf("first good reception: %d %v", st, d)
		}
		code := d["code"].(string)
		for _, tc := range []struct {
			body any
			st   int
			code string
		}{
			{map[string]any{"action": "fly"}, http.StatusBadRequest, "unknown_action"},
			{map[string]any{"action": "refuse", "reason": "x"}, http.StatusConflict, "illegal_transition"},
			{map[string]any{"action": "transfer", "to_unit_id": "A"}, http.StatusBadRequest, "invalid_json"},
			{map[string]any{}, http.StatusBadRequest, "unknown_action"},
		} {
			before := r.head()
			st, e := r.call(desk, "POST", "/api/v1/dossiers/"+code+"/actions", tc.body)
			if st != tc.st || errCode(e) != tc.code || errMessage(e) == "" {
				t.Errorf("%v: %d %v, want %d %s", tc.body, st, e, tc.st, tc.code)
			}
			if r.head() != before {
				t.Errorf("%v changed something", tc.body)
			}
		}
		for _, p := range []string{"/api/v1/inbox?view=everything", "/api/v1/inbox?limit=0", "/api/v1/inbox?cursor=zzz", "/api/v1/inbox?state=flying",
			"/api/v1/dossiers/not-a-code", "/api/v1/dossiers/" + code + "/next-units?back=maybe"} {
			if st, e := r.call(desk, "GET", p, nil); st != http.StatusBadRequest || errMessage(e) == "" {
				t.Errorf("%s: %d %v", p, st, e)
			}
		}
	})
}

// TestDossierAPIScope: ward B's desk, ward A's administrator (no dossier role) and anyone
// without a token can neither see nor act on ward A's dossier through any endpoint.
func TestDossierAPIScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		_, d := r.call(r.tokens["reception-a"], "POST", "/api/v1/dossiers", walkIn())
		code := d["code"].(string)
		ledgerA := "/api/v1/units/" + id(r.units["deskA"].ID) + "/ledger?from=2026-03-01&to=2026-03-31"
		for _, who := range []string{"reception-b", "admin-a", ""} {
			want := http.StatusNotFound
			if who == "" {
				want = http.StatusUnauthorized
			}
			for _, tc := range []struct {
				method, path string
				body         any
				want         int
			}{
				{"GET", "/api/v1/dossiers/" + code, nil, want},
				{"POST", "/api/v1/dossiers/" + code + "/actions", map[string]any{"action": "transfer"}, want},
				{"GET", "/api/v1/dossiers/" + code + "/next-units", nil, want},
				{"GET", "/api/v1/dossiers/" + code + "/forms/receipt.pdf", nil, want},
				{"GET", ledgerA, nil, map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[who == ""]},
				{"POST", "/api/v1/dossiers", func() any { m := walkIn(); m["unit_id"] = r.units["deskA"].ID; return m }(), map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[who == ""]},
			} {
				before, n := r.head(), r.dossiers()
				st, e := r.call(r.tokens[who], tc.method, tc.path, tc.body)
				if st != tc.want || errCode(e) == "" || errMessage(e) == "" {
					t.Errorf("%s %s %s: %d %v, want %d", who, tc.method, tc.path, st, e, tc.want)
				}
				if r.head() != before || r.dossiers() != n {
					t.Errorf("%s %s %s changed something", who, tc.method, tc.path)
				}
			}
			if who != "" {
				if st, inbox := r.call(r.tokens[who], "GET", "/api/v1/inbox", nil); st != http.StatusOK || len(inbox["items"].([]any)) != 0 {
					t.Errorf("%s inbox: %d %v", who, st, inbox)
				}
			}
		}
		// The city supervisor sees it but may not act.
		if st, _ := r.call(r.tokens["supervisor"], "GET", "/api/v1/dossiers/"+code, nil); st != http.StatusOK {
			t.Errorf("supervisor reads: %d", st)
		}
		if st, e := r.call(r.tokens["supervisor"], "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "transfer"}); st != http.StatusForbidden && st != http.StatusConflict {
			t.Errorf("supervisor acts: %d %v", st, e)
		}
	})
}

func containsAny(xs []any, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func errMessage(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	c, _ := e["message"].(string)
	return c
}

// upload posts a multipart file with its kind and component.
func (r *rig) upload(token, path string, fields map[string]string, name string, data []byte) (int, map[string]any) {
	r.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", r.srv.URL+path, &buf)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// TestDossierFiles: scanned components and the result are stored once by content hash and
// come back byte for byte as sandboxed downloads; an empty, oversized or disguised file, an
// unknown component, a result before processing and another ward's desk are refused without
// change.
func TestDossierFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		desk := r.tokens["reception-a"]
		_, d := r.call(desk, "POST", "/api/v1/dossiers", walkIn())
		code := d["code"].(string)
		_, _, scan := r.fetch(desk, "/api/v1/dossiers/"+code+"/forms/receipt.pdf") // a real PDF to stand for a scan
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
		files := "/api/v1/dossiers/" + code + "/files"

		blobs := func() int {
			var n int
			r.db.SQL.QueryRow(`SELECT COUNT(*) FROM blobs`).Scan(&n)
			return n
		}
		for _, tc := range []struct {
			who    string
			fields map[string]string
			name   string
			data   []byte
			st     int
			code   string
		}{
			{"reception-a", map[string]string{"kind": "component", "component": "tp01"}, "", nil, http.StatusBadRequest, "file_missing"},
			{"reception-a", map[string]string{"kind": "component", "component": "tp01"}, "rong.pdf", []byte{}, http.StatusBadRequest, "file_empty"},
			{"reception-a", map[string]string{"kind": "component", "component": "tp01"}, "trang.pdf", []byte("<html><script>alert(1)</script></html>"), http.StatusBadRequest, "file_type_not_allowed"},
			{"reception-a", map[string]string{"kind": "component", "component": "tp01"}, "lon.pdf", append([]byte("%PDF-1.7\n"), make([]byte, 10<<20)...), http.StatusBadRequest, "file_too_large"},
			{"reception-a", map[string]string{"kind": "component", "component": "tp99"}, "to-khai.pdf", scan, http.StatusBadRequest, "unknown_component"},
			{"reception-a", map[string]string{"kind": "anh"}, "to-khai.pdf", scan, http.StatusBadRequest, "invalid_file_kind"},
			{"reception-a", map[string]string{"kind": "result"}, "ket-qua.pdf", scan, http.StatusConflict, "result_not_now"},
			{"reception-b", map[string]string{"kind": "component", "component": "tp01"}, "to-khai.pdf", scan, http.StatusNotFound, "unknown_dossier"},
		} {
			before, nb := r.head(), blobs()
			st, e := r.upload(r.tokens[tc.who], files, tc.fields, tc.name, tc.data)
			if st != tc.st || errCode(e) != tc.code || errMessage(e) == "" {
				t.Errorf("%s %v %s: %d %v, want %d %s", tc.who, tc.fields, tc.name, st, e, tc.st, tc.code)
			}
			if r.head() != before || blobs() != nb {
				t.Errorf("%s %v %s changed something", tc.who, tc.fields, tc.name)
			}
		}

		st, f := r.upload(desk, files, map[string]string{"kind": "component", "component": "tp01"}, `C:\Scan\Tờ khai.pdf`, scan)
		if st != http.StatusCreated || f["name"] != "Tờ khai.pdf" || f["content_type"] != "application/pdf" {
			t.Fatalf("upload: %d %v", st, f)
		}
		// The same content again is one blob; a PNG claimed as PDF is stored as the PNG it is.
		r.upload(desk, files, map[string]string{"kind": "component", "component": "tp03"}, "to-khai-ban-2.pdf", scan)
		st, p := r.upload(desk, files, map[string]string{"kind": "component", "component": "tp02"}, "anh.pdf", png)
		if st != http.StatusCreated || p["content_type"] != "image/png" || p["name"] != "anh.pdf.png" {
			t.Errorf("png: %d %v", st, p)
		}
		if n := blobs(); n != 2 {
			t.Errorf("%d blobs, want 2", n)
		}
		_, det := r.call(desk, "GET", "/api/v1/dossiers/"+code, nil)
		if n := len(det["files"].([]any)); n != 3 {
			t.Errorf("dossier lists %d files", n)
		}
		req, _ := http.NewRequest("GET", r.srv.URL+f["url"].(string), nil)
		req.Header.Set("Authorization", "Bearer "+desk)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Equal(got, scan) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") ||
			!strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download: %d bytes, headers %v", len(got), res.Header)
		}
		if st, _, _ := r.fetch(r.tokens["reception-b"], f["url"].(string)); st != http.StatusNotFound {
			t.Errorf("another ward downloads: %d", st)
		}

		// The result, once the dossier is being processed.
		r.call(desk, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "transfer"})
		if st, e := r.upload(r.tokens["officer-a"], files, map[string]string{"kind": "result"}, "ket-qua.pdf", scan); st != http.StatusCreated {
			t.Errorf("result: %d %v", st, e)
		}
	})
}

// TestDossierPageFiles: an official attaches a scan on the dossier page (a multipart form, no
// script) and downloads it back; a disguised file is refused on the page with its message.
func TestDossierPageFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := dossierRig(t, db)
		d := r.receive()
		b := r.signIn("reception-a")
		_, _, page := b.get("/ho-so/" + d.Code)
		if !strings.Contains(page, `enctype="multipart/form-data"`) || !strings.Contains(page, "Chưa có tệp nào.") {
			t.Fatal("the dossier page offers no upload")
		}
		send := func(name string, data []byte) (int, string, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("kind", "component")
			mw.WriteField("component", "tp01")
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write(data)
			mw.Close()
			req, _ := http.NewRequest("POST", r.srv.URL+"/ho-so/"+d.Code+"/files", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			res, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			return res.StatusCode, res.Header.Get("Location"), string(body)
		}
		before := r.head()
		if st, _, body := send("to-khai.pdf", []byte("<html>không phải PDF</html>")); st != http.StatusBadRequest || !strings.Contains(body, "Chỉ nhận tệp PDF, JPEG hoặc PNG.") {
			t.Errorf("disguised file: %d", st)
		}
		if r.head() != before {
			t.Error("a refused upload changed something")
		}
		scan, err := r.svc.DossierForm(r.actorCtx("reception-a"), d.Code, "receipt", app.FormOptions{})
		if err != nil {
			t.Fatal(err)
		}
		st, loc, _ := send("Tờ khai.pdf", scan)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/ho-so/"+d.Code) {
			t.Fatalf("upload: %d %s", st, loc)
		}
		_, _, page = b.get("/ho-so/" + d.Code)
		m := regexp.MustCompile(`href="(/ho-so/[^"]+/tep/\d+)" download>Tờ khai.pdf<`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the file is not listed on the page")
		}
		res, err := b.c.Get(r.srv.URL + m[1])
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Equal(got, scan) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("download: %d bytes, %v", len(got), res.Header)
		}
		if st, _, _ := r.signIn("chuyenvien-b").get(m[1]); st != http.StatusNotFound {
			t.Errorf("another commune downloads: %d", st)
		}
	})
}
