package web_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/sign"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// withSigning turns signing on with development keys under a fresh secret.
func withSigning(t *testing.T, r *rig) {
	t.Helper()
	secret := make([]byte, 32)
	rand.Read(secret)
	if err := r.svc.SetSigning(app.SigningConfig{Secret: secret, VerifyBase: r.srv.URL + "/xac-thuc/"}); err != nil {
		t.Fatal(err)
	}
	if err := r.svc.EnsureSigningCA(sys); err != nil {
		t.Fatal(err)
	}
}

// pdfsig runs poppler's pdfsig on a PDF and returns what it says.
func pdfsig(t *testing.T, doc []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdfsig"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdfsig is required in CI")
		}
		t.Skip("pdfsig not installed")
	}
	f := t.TempDir() + "/ket-qua.pdf"
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("pdfsig", f).CombinedOutput()
	return string(out)
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestSignedResults: completing a dossier signs its result (the attached PDF, stamped) with the
// issuing agency's key; our verifier and pdfsig accept it, and the stamp reads back; a changed
// byte, another CA's signature and a non-PDF are told apart; only the agency's leader revokes,
// and verification says "đã thu hồi" from then on.
func TestSignedResults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		withSigning(t, r)
		desk, officer, leader := r.tokens["reception-a"], r.tokens["officer-a"], r.tokens["leader-a"]

		// Dossier 1: the result PDF is attached, then the result is issued.
		_, d := r.call(desk, "POST", "/api/v1/dossiers", walkIn())
		code := d["code"].(string)
		r.call(desk, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "transfer"})
		_, _, resultPDF := r.fetch(desk, "/api/v1/dossiers/"+code+"/forms/receipt.pdf")
		if st, e := r.upload(officer, "/api/v1/dossiers/"+code+"/files", map[string]string{"kind": "result"}, "Giấy xác nhận.pdf", resultPDF); st != http.StatusCreated {
			t.Fatalf("result file: %d %v", st, e)
		}
		if st, e := r.call(leader, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "complete", "result_note": "Giấy xác nhận số 12/2026"}); st != http.StatusOK {
			t.Fatalf("complete: %d %v", st, e)
		}
		st, list := r.call(desk, "GET", "/api/v1/dossiers/"+code+"/signatures", nil)
		sigs, _ := list["signatures"].([]any)
		if st != http.StatusOK || len(sigs) != 1 {
			t.Fatalf("signatures: %d %v", st, list)
		}
		sig := sigs[0].(map[string]any)
		vcode, agency := sig["verify_code"].(string), sig["agency"].(string)
		if len(vcode) != 16 || agency == "" || sig["revoked"] != false {
			t.Errorf("signature: %v", sig)
		}
		st, ct, signed := r.fetch(desk, sig["file_url"].(string))
		if st != http.StatusOK || ct != "application/pdf" {
			t.Fatalf("signed file: %d %s", st, ct)
		}
		if st, _, _ := r.fetch(r.tokens["reception-b"], sig["file_url"].(string)); st != http.StatusNotFound {
			t.Errorf("another commune downloads the signed result: %d", st)
		}
		if dir := os.Getenv("EGOV_SIGN_SHOTS"); dir != "" {
			os.MkdirAll(dir, 0o755)
			os.WriteFile(dir+"/result-file-signed-"+string(db.Dialect)+".pdf", signed, 0o644)
		}

		// Our verifier, through the API (no sign-in) …
		verify := func(doc []byte) (int, map[string]any) {
			t.Helper()
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			if doc != nil {
				fw, _ := mw.CreateFormFile("file", "ket-qua.pdf")
				fw.Write(doc)
			}
			mw.Close()
			res, err := http.Post(r.srv.URL+"/api/v1/verify", mw.FormDataContentType(), &buf)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out map[string]any
			json.NewDecoder(res.Body).Decode(&out)
			return res.StatusCode, out
		}
		st, v := verify(signed)
		if st != http.StatusOK || v["status"] != "valid" || v["valid"] != true || v["whole_document"] != true || v["trusted"] != true ||
			v["agency"] != agency || v["record"] == nil || v["record"].(map[string]any)["verify_code"] != vcode {
			t.Errorf("verify: %d %v", st, v)
		}
		// … and poppler's.
		if out := pdfsig(t, signed); !strings.Contains(out, "Signature is Valid.") || !strings.Contains(out, "Total document signed") || !strings.Contains(out, agency) {
			t.Errorf("pdfsig:\n%s", out)
		}
		// The stamp is text on the last page, over the result as it was.
		text := flat(pdfToText(t, signed))
		for _, want := range []string{"Đã ký số bởi " + agency, "/xac-thuc/" + vcode, "GIẤY TIẾP NHẬN HỒ SƠ", code} {
			if !strings.Contains(text, want) {
				t.Errorf("signed PDF lacks %q:\n%s", want, text)
			}
		}

		// One byte changed: both verifiers say no.
		bad := bytes.Clone(signed)
		k := bytes.Index(bad, []byte("/Creator"))
		bad[k+2] = 'X'
		if st, v := verify(bad); st != http.StatusOK || v["status"] != "invalid" || v["valid"] != false {
			t.Errorf("tampered: %d %v", st, v)
		}
		if out := pdfsig(t, bad); strings.Contains(out, "Signature is Valid.") {
			t.Errorf("pdfsig on the tampered file:\n%s", out)
		}
		// Signed by a certificate of another CA (made here).
		otherCA, _ := sign.NewRootCA("CA lạ", time.Now())
		stranger, _ := sign.IssueAgency(otherCA, sign.Agency{Name: "Ủy ban nhân dân phường Ba Đình", OrganID: "000.01.90.H24"}, time.Now())
		forged, err := sign.Sign(resultPDF, stranger, sign.Info{Name: "Ủy ban nhân dân phường Ba Đình", Time: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if st, v := verify(forged); st != http.StatusOK || v["status"] != "unknown_ca" || v["valid"] != true || v["trusted"] != false ||
			!strings.Contains(v["message"].(string), "không do cơ quan được công nhận") {
			t.Errorf("another CA: %d %v", st, v)
		}
		if st, v := verify(resultPDF); st != http.StatusOK || v["status"] != "not_signed" {
			t.Errorf("unsigned: %d %v", st, v)
		}
		// Not a PDF: a clear error, on the API and on the page.
		if st, e := verify([]byte("<html>không phải PDF</html>")); st != http.StatusBadRequest || errCode(e) != "not_pdf" || !strings.Contains(errMessage(e), "Chỉ xác thực được tệp PDF") {
			t.Errorf("not a PDF: %d %v", st, e)
		}
		if st, e := verify(nil); st != http.StatusBadRequest || errCode(e) != "file_missing" {
			t.Errorf("no file: %d %v", st, e)
		}
		st, page := r.postFile("/xac-thuc", "anh.pdf", []byte("\x89PNG\r\n\x1a\nabc"))
		if st != http.StatusBadRequest || !strings.Contains(page, "Chỉ xác thực được tệp PDF") {
			t.Errorf("page, not a PDF: %d", st)
		}
		st, page = r.postFile("/xac-thuc", "ket-qua.pdf", signed)
		if st != http.StatusOK || !strings.Contains(page, "Hợp lệ") || !strings.Contains(page, "Đang có hiệu lực") || !strings.Contains(page, agency) {
			t.Errorf("page, valid: %d\n%s", st, page)
		}
		st, page = r.postFile("/xac-thuc", "ket-qua.pdf", forged)
		if st != http.StatusOK || !strings.Contains(page, "Không hợp lệ") || !strings.Contains(page, "không do cơ quan được công nhận") {
			t.Errorf("page, forged: %d", st)
		}
		// The QR link shows the record without an upload, and no personal data.
		st, page = r.get("/xac-thuc/" + vcode)
		if st != http.StatusOK || !strings.Contains(page, code) || !strings.Contains(page, "Đang có hiệu lực") || strings.Contains(page, "Hương") {
			t.Errorf("QR page: %d", st)
		}
		if st, _ := r.get("/xac-thuc/AAAAAAAAAAAAAAAA"); st != http.StatusNotFound {
			t.Errorf("unknown code: %d", st)
		}

		// Revocation: another commune's official is told it does not exist, the desk (who sees
		// the dossier but does not lead the agency) may not, the leader may.
		revoke := "/api/v1/signatures/" + vcode + "/revoke"
		before := r.head()
		for _, tc := range []struct {
			who  string
			body any
			st   int
			code string
		}{
			{"reception-b", map[string]any{"reason": "Thử"}, http.StatusNotFound, "unknown_signature"},
			{"admin-b", map[string]any{"reason": "Thử"}, http.StatusNotFound, "unknown_signature"},
			{"reception-a", map[string]any{"reason": "Thử"}, http.StatusForbidden, "forbidden"},
			{"leader-a", map[string]any{"reason": "  "}, http.StatusBadRequest, "reason_required"},
		} {
			if st, e := r.call(r.tokens[tc.who], "POST", revoke, tc.body); st != tc.st || errCode(e) != tc.code || errMessage(e) == "" {
				t.Errorf("%s revokes: %d %v, want %d %s", tc.who, st, e, tc.st, tc.code)
			}
		}
		if r.head() != before {
			t.Error("a refused revocation changed something")
		}
		st, rv := r.call(leader, "POST", revoke, map[string]any{"reason": "Cấp nhầm người, đã cấp lại"})
		if st != http.StatusOK || rv["revoked"] != true || rv["revoke_reason"] != "Cấp nhầm người, đã cấp lại" {
			t.Fatalf("revoke: %d %v", st, rv)
		}
		if r.head() == before {
			t.Error("the revocation is not audited")
		}
		if st, e := r.call(leader, "POST", revoke, map[string]any{"reason": "Lần nữa"}); st != http.StatusConflict || errCode(e) != "already_revoked" {
			t.Errorf("revoke twice: %d %v", st, e)
		}
		if st, v := verify(signed); st != http.StatusOK || v["status"] != "revoked" || v["record"].(map[string]any)["revoke_reason"] != "Cấp nhầm người, đã cấp lại" {
			t.Errorf("verify revoked: %d %v", st, v)
		}
		st, page = r.get("/xac-thuc/" + vcode)
		if st != http.StatusOK || !strings.Contains(page, "đã thu hồi") || !strings.Contains(page, "Cấp nhầm người, đã cấp lại") {
			t.Errorf("QR page after revocation: %d", st)
		}
		st, page = r.postFile("/xac-thuc", "ket-qua.pdf", signed)
		if st != http.StatusOK || !strings.Contains(page, "Đã thu hồi") || !strings.Contains(page, "Cấp nhầm người") {
			t.Errorf("page, revoked: %d", st)
		}

		// Dossier 2: no result file; the result notice egov writes is stamped and signed. Signing
		// it again on request gives a second signed result.
		_, d2 := r.call(desk, "POST", "/api/v1/dossiers", walkIn())
		code2 := d2["code"].(string)
		if st, e := r.call(desk, "POST", "/api/v1/dossiers/"+code2+"/sign", nil); st != http.StatusConflict || errCode(e) != "result_not_ready" {
			t.Errorf("sign before the result: %d %v", st, e)
		}
		r.call(desk, "POST", "/api/v1/dossiers/"+code2+"/actions", map[string]any{"action": "transfer"})
		r.call(leader, "POST", "/api/v1/dossiers/"+code2+"/actions", map[string]any{"action": "complete", "result_note": "Giấy xác nhận số 13/2026"})
		st, again := r.call(officer, "POST", "/api/v1/dossiers/"+code2+"/sign", nil)
		if st != http.StatusCreated || again["verify_code"] == nil {
			t.Fatalf("sign again: %d %v", st, again)
		}
		if st, e := r.call(r.tokens["reception-b"], "POST", "/api/v1/dossiers/"+code2+"/sign", nil); st != http.StatusNotFound {
			t.Errorf("another commune signs: %d %v", st, e)
		}
		_, list = r.call(desk, "GET", "/api/v1/dossiers/"+code2+"/signatures", nil)
		if n := len(list["signatures"].([]any)); n != 2 {
			t.Errorf("%d signed results, want 2", n)
		}
		_, _, notice := r.fetch(desk, again["file_url"].(string))
		text = flat(pdfToText(t, notice))
		for _, want := range []string{"THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ", code2, "Nguyễn Thị Hương", "Giấy xác nhận số 13/2026", "Đã ký số bởi"} {
			if !strings.Contains(text, want) {
				t.Errorf("notice lacks %q:\n%s", want, text)
			}
		}
		if st, v := verify(notice); v["status"] != "valid" {
			t.Errorf("notice: %d %v", st, v)
		}
		if dir := os.Getenv("EGOV_SIGN_SHOTS"); dir != "" {
			os.WriteFile(dir+"/notice-signed-"+string(db.Dialect)+".pdf", notice, 0o644)
		}
		// On the dossier page: the signed results, "ký số kết quả", and revocation from the
		// verification page's form.
		b := r.signIn("leader-a")
		_, _, page = b.get("/ho-so/" + code2)
		if !strings.Contains(page, "Kết quả điện tử đã ký số") || !strings.Contains(page, again["verify_code"].(string)) || !strings.Contains(page, `action="/ho-so/`+code2+`/ky-so"`) {
			t.Error("the dossier page does not list the signed results")
		}
		if st, loc, _ := b.post("/ho-so/"+code2+"/ky-so", url.Values{}); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/ho-so/"+code2) {
			t.Errorf("sign from the page: %d %s", st, loc)
		}
		vc2 := again["verify_code"].(string)
		_, _, page = b.get("/xac-thuc/" + vc2)
		if !strings.Contains(page, `action="/xac-thuc/`+vc2+`/thu-hoi"`) {
			t.Error("no revocation form for the leader")
		}
		if st, loc, _ := b.post("/xac-thuc/"+vc2+"/thu-hoi", url.Values{"reason": {"Sai nội dung"}}); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/xac-thuc/"+vc2) {
			t.Errorf("revoke from the page: %d %s", st, loc)
		}
		if _, _, page = b.get("/xac-thuc/" + vc2); !strings.Contains(page, "Sai nội dung") || !strings.Contains(page, "đã thu hồi") {
			t.Error("the page does not show the revocation")
		}
		if st, _ := r.get("/xac-thuc"); st != http.StatusOK {
			t.Errorf("verification page: %d", st)
		}
		if st, doc := r.call("", "GET", "/api/v1/openapi.json", nil); st != http.StatusOK || doc["paths"].(map[string]any)["/api/v1/verify"] == nil {
			t.Errorf("openapi: %d", st)
		}
	})
}

// postFile posts a file to a public page as a browser form does and returns the status and page.
func (r *rig) postFile(path, name string, data []byte) (int, string) {
	r.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", r.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res.StatusCode, b.String()
}
