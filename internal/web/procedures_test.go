package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// loadCatalogue imports the demo catalogue as the system, under the level-1 code H24.
func (r *rig) loadCatalogue() {
	r.t.Helper()
	f, err := catalog.Demo()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.svc.ImportProcedures(sys, f, "H24"); err != nil {
		r.t.Fatal(err)
	}
}

// get fetches a page anonymously and returns the status and the body.
func (r *rig) get(path string) (int, string) {
	r.t.Helper()
	res, err := http.Get(r.srv.URL + path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// send makes a request with a bearer token (none when ""), a content type and a raw body, and
// does not follow redirects.
func (r *rig) send(token, method, path, contentType string, body io.Reader) (int, http.Header, string) {
	r.t.Helper()
	req, _ := http.NewRequest(method, r.srv.URL+path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	if e == nil || e["message"] == "" {
		return ""
	}
	c, _ := e["code"].(string)
	return c
}

// TestCataloguePublicSearch: anyone finds "Đăng ký khai sinh" by typing "dang ky khai sinh", on
// the page and through the API, on both databases.
func TestCataloguePublicSearch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		r.loadCatalogue()
		st, page := r.get("/thu-tuc?q=dang+ky+khai+sinh")
		if st != http.StatusOK {
			t.Fatalf("search page: %d", st)
		}
		mustContain(t, "search page", page, `<a href="/thu-tuc/1.001193">Đăng ký khai sinh</a>`, "Trực tuyến toàn trình", "trong ngày",
			`value="dang ky khai sinh"`, `value="2026-03-02"`, "Hộ tịch (")
		if strings.Contains(page, "Đăng ký thường trú") {
			t.Error("search page lists an unrelated procedure")
		}
		st, body := r.call("", "GET", "/api/v1/procedures?q=dang%20ky%20khai%20sinh", nil)
		if st != http.StatusOK {
			t.Fatalf("search API: %d %v", st, body)
		}
		items := body["items"].([]any)
		if len(items) == 0 || body["total"].(float64) < 1 || len(body["fields"].([]any)) == 0 {
			t.Fatalf("search API: %v", body)
		}
		first := items[0].(map[string]any)
		if first["name"] != "Đăng ký khai sinh" || first["code"] != "1.001193" || first["local_code"] != "1.001193.000.00.00.H24" ||
			first["online_level"] != "full" || first["number"].(float64) != 2 || first["effective_from"] != "2025-07-01" {
			t.Errorf("first item: %v", first)
		}
		v := first["variants"].([]any)[0].(map[string]any)
		if d := v["duration"].(map[string]any); d["unit"] != "same_day" || !strings.HasPrefix(d["text"].(string), "trong ngày") {
			t.Errorf("variant: %v", v)
		}

		// Filters: the level before the reform, the date, the field, the competent unit, the
		// online level, paging.
		if _, body := r.call("", "GET", "/api/v1/procedures?level=district", nil); body["total"].(float64) != 0 {
			t.Errorf("district procedures in force today: %v", body["total"])
		}
		if _, body := r.call("", "GET", "/api/v1/procedures?level=district&on=2025-03-01", nil); body["total"].(float64) < 10 {
			t.Errorf("district procedures on 2025-03-01: %v", body["total"])
		}
		_, all := r.call("", "GET", "/api/v1/procedures?limit=100", nil)
		_, civil := r.call("", "GET", "/api/v1/procedures?field=H%E1%BB%99%20t%E1%BB%8Bch&limit=100", nil)
		var civilCount float64
		for _, f := range all["fields"].([]any) {
			if f.(map[string]any)["field"] == "Hộ tịch" {
				civilCount = f.(map[string]any)["count"].(float64)
			}
		}
		if civilCount == 0 || civil["total"].(float64) != civilCount {
			t.Errorf("field Hộ tịch: count %v, filtered %v", civilCount, civil["total"])
		}
		_, byKind := r.call("", "GET", "/api/v1/procedures?unit_kind=department&online=full&limit=100", nil)
		for _, it := range byKind["items"].([]any) {
			m := it.(map[string]any)
			if m["competent_unit_kind"] != "department" || m["online_level"] != "full" {
				t.Errorf("filtered item %v", m)
			}
		}
		_, p2 := r.call("", "GET", "/api/v1/procedures?limit=5&offset=5", nil)
		if len(p2["items"].([]any)) != 5 || p2["total"] != all["total"] {
			t.Errorf("paging: %d items, total %v", len(p2["items"].([]any)), p2["total"])
		}
		st, page = r.get("/thu-tuc?on=2025-03-01&page=2")
		mustContain(t, "page 2 before the reform", page, "Trang 2 /", "Cấp huyện (đến 30/6/2025)", `rel="prev"`, "?on=2025-03-01", "áp dụng ngày 01/03/2025")
		if st != http.StatusOK {
			t.Errorf("page 2: %d", st)
		}
		// A bad filter on the page: the form again, with a Vietnamese message.
		st, page = r.get("/thu-tuc?on=2025-02-30")
		if st != http.StatusBadRequest || !strings.Contains(page, "Ngày áp dụng không hợp lệ") {
			t.Errorf("bad date on the page: %d", st)
		}
		st, page = r.get("/thu-tuc?level=county")
		if st != http.StatusBadRequest || !strings.Contains(page, "Cấp thực hiện không hợp lệ") {
			t.Errorf("bad level on the page: %d", st)
		}
	})
}

func TestProcedurePage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		r.loadCatalogue()
		// A copy of a birth certificate: fixed fee, components, durations, online hint.
		st, page := r.get("/thu-tuc/2.000635")
		if st != http.StatusOK {
			t.Fatalf("procedure page: %d", st)
		}
		mustContain(t, "procedure page", page,
			"Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh", "2.000635.000.00.00.H24", "8.000 đồng",
			"Thành phần hồ sơ", "Bản sao chứng thực", "Bản chụp", "Thời hạn giải quyết", "Căn cứ pháp lý", "Quyết định công bố",
			"Nơi nộp hồ sơ", "Trung tâm Phục vụ hành chính công phường, xã", "Các phiên bản", "minh họa",
			`href="/thu-tuc/2.000635?print=1"`, "Nộp trực tuyến")
		// Đăng ký khai sinh: free, same day.
		_, page = r.get("/thu-tuc/1.001193")
		mustContain(t, "birth registration", page, "Miễn phí", "trong ngày (tiếp nhận sau 15:00 trả ngày làm việc tiếp theo)",
			"Tờ khai đăng ký khai sinh", "Bắt buộc", "Giấy khai sinh", "123/2015/NĐ-CP", "dichvucong.gov.vn")
		// The version in force on an earlier day, and an older version by number.
		_, page = r.get("/thu-tuc/1.001193?on=2025-03-01")
		mustContain(t, "before the reform", page, "Phiên bản 1: từ 01/01/2024 đến 30/06/2025", "Bộ phận Một cửa")
		_, page = r.get("/thu-tuc/1.001193?version=1")
		mustContain(t, "version 1", page, "Phiên bản 1: từ 01/01/2024")
		_, page = r.get("/thu-tuc/1.001193?on=2023-05-01")
		mustContain(t, "a day before any version", page, "Không có phiên bản nào có hiệu lực ngày 01/05/2023")
		// A local code leads to the same page; English on request.
		if st, page := r.get("/thu-tuc/1.001193.000.00.00.H24?lang=en"); st != http.StatusOK || !strings.Contains(page, "Processing time") || !strings.Contains(page, "Free") {
			t.Errorf("local code, English: %d", st)
		}
		// The print layout: no navigation, no footer, the print date, a clean handout.
		st, page = r.get("/thu-tuc/2.000635?print=1")
		if st != http.StatusOK {
			t.Fatalf("print: %d", st)
		}
		mustContain(t, "print view", page, `class="print-view"`, "In ngày 02/03/2026", "8.000 đồng", "Thành phần hồ sơ",
			`href="/thu-tuc/2.000635"`)
		for _, absent := range []string{`<nav class="main"`, "<footer>", `class="skip"`} {
			if strings.Contains(page, absent) {
				t.Errorf("print view has %s", absent)
			}
		}
		css, _ := staticCSS(t, r)
		mustContain(t, "stylesheet", css, "@media print", "size: A4")
		// Unknown and malformed codes, unknown versions.
		for path, want := range map[string]int{"/thu-tuc/1.999999": 404, "/thu-tuc/khai-sinh": 400, "/thu-tuc/1.001193?version=9": 404, "/thu-tuc/1.001193?on=hôm-nay": 400} {
			if st, _ := r.get(path); st != want {
				t.Errorf("%s: %d, want %d", path, st, want)
			}
		}
		// The catalogue is linked from the public pages and the officials' home.
		_, page = r.get("/lich-lam-viec")
		mustContain(t, "public page", page, `href="/thu-tuc"`)
		st, _, home := r.send(r.tokens["reception-a"], "GET", "/home", "", nil)
		if st != http.StatusOK || !strings.Contains(home, `href="/thu-tuc"`) {
			t.Errorf("officials' home: %d", st)
		}
		_, _, home = r.send(r.tokens["city-admin"], "GET", "/home", "", nil)
		mustContain(t, "city administrator's home", home, `href="/admin/procedures"`)
	})
}

func staticCSS(t *testing.T, r *rig) (string, int) {
	t.Helper()
	st, body := r.get("/static/egov.css")
	return body, st
}

// TestCatalogueAPIBadInput: bad parameters get 400 or 404 with a stable code and a Vietnamese
// message.
func TestCatalogueAPIBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		r.loadCatalogue()
		for _, tc := range []struct {
			path   string
			status int
			code   string
		}{
			{"/api/v1/procedures?level=county", 400, "invalid_level"},
			{"/api/v1/procedures?on=2025-13-01", 400, "invalid_date"},
			{"/api/v1/procedures?on=01/07/2025", 400, "invalid_date"},
			{"/api/v1/procedures?limit=0", 400, "invalid_parameter"},
			{"/api/v1/procedures?limit=101", 400, "invalid_parameter"},
			{"/api/v1/procedures?limit=nhiều", 400, "invalid_parameter"},
			{"/api/v1/procedures?offset=-1", 400, "invalid_parameter"},
			{"/api/v1/procedures?online=maybe", 400, "invalid_online_level"},
			{"/api/v1/procedures?unit_kind=ministry", 400, "unknown_unit_kind"},
			{"/api/v1/procedures?status=lost", 400, "invalid_status"},
			{"/api/v1/procedures?q=" + strings.Repeat("a", 201), 400, "query_too_long"},
			{"/api/v1/procedures/1.999999", 404, "unknown_procedure"},
			{"/api/v1/procedures/9.001193", 400, "invalid_code"},
			{"/api/v1/procedures/khai-sinh", 400, "invalid_code"},
		} {
			st, body := r.call("", "GET", tc.path, nil)
			if st != tc.status || errCode(body) != tc.code {
				t.Errorf("%s: %d %v, want %d %s", tc.path, st, body, tc.status, tc.code)
			}
		}
		// One procedure: every visible version in the file form, with the local code.
		st, body := r.call("", "GET", "/api/v1/procedures/1.001193", nil)
		if st != http.StatusOK || body["local_code"] != "1.001193.000.00.00.H24" || body["national_code"] != "1.001193" || body["version_info"] != nil {
			t.Fatalf("procedure: %d %v", st, body)
		}
		vs := body["versions"].([]any)
		if len(vs) != 2 || vs[1].(map[string]any)["effective_from"] != "2025-07-01" || vs[0].(map[string]any)["effective_to"] != "2025-06-30" {
			t.Errorf("versions: %v", vs)
		}
	})
}
