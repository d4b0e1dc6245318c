package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// form posts a form as a page would, with a bearer token.
func (r *rig) form(token, path string, v url.Values) (int, string, string) {
	r.t.Helper()
	st, h, body := r.send(token, "POST", path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
	return st, h.Get("Location"), body
}

// TestCatalogueAdministrationForbidden: the administrators' operations refuse a commune
// administrator and a receptionist (403) and an anonymous caller (401), and change nothing.
func TestCatalogueAdministrationForbidden(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		r.loadCatalogue()
		file, _ := os.ReadFile(filepath.Join("..", "catalog", "data", "hanoi.json"))
		for _, tc := range []struct {
			method, path string
			body         any
		}{
			{"POST", "/api/v1/procedures/import", string(file)},
			{"GET", "/api/v1/procedures/export", nil},
			{"POST", "/api/v1/procedures/1.001193/drafts", nil},
			{"PUT", "/api/v1/procedures/1.001193/versions/2", map[string]any{"revision": 1, "version": map[string]any{"name": "x"}}},
			{"GET", "/api/v1/procedures/1.001193/versions/2/diff", nil},
			{"POST", "/api/v1/procedures/1.001193/versions/2/dry-run", map[string]any{}},
			{"POST", "/api/v1/procedures/1.001193/versions/2/publish", map[string]any{"revision": 1}},
			{"POST", "/api/v1/procedures/1.001193/versions/2/withdraw", nil},
		} {
			for _, who := range []string{"admin-a", "reception-a", ""} {
				want := http.StatusForbidden
				if who == "" {
					want = http.StatusUnauthorized
				}
				before := r.head()
				st, body := r.call(r.tokens[who], tc.method, tc.path, tc.body)
				if st != want || errCode(body) == "" {
					t.Errorf("%s %s as %q: %d %v, want %d", tc.method, tc.path, who, st, body, want)
				}
				if r.head() != before {
					t.Errorf("%s %s as %q changed something", tc.method, tc.path, who)
				}
			}
		}
		// The pages too.
		for _, p := range []struct{ method, path string }{{"GET", "/admin/procedures"}, {"GET", "/admin/procedures/1.001193"},
			{"POST", "/admin/procedures/1.001193/drafts"}, {"POST", "/admin/procedures/1.001193/versions/2/withdraw"}} {
			before := r.head()
			var st int
			if p.method == "GET" {
				st, _, _ = r.send(r.tokens["admin-a"], "GET", p.path, "", nil)
			} else {
				st, _, _ = r.form(r.tokens["admin-a"], p.path, url.Values{"confirm": {"1"}})
			}
			if st != http.StatusForbidden || r.head() != before {
				t.Errorf("page %s %s as a commune administrator: %d", p.method, p.path, st)
			}
		}
		if st, h, _ := r.send("", "GET", "/admin/procedures", "", nil); st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
			t.Errorf("anonymous administration page: %d", st)
		}
	})
}

// TestCatalogueImportAPI: a bad file is refused with every problem and nothing is stored; the
// demo file (over 1 MiB) imports once, then changes nothing; the export imports back unchanged.
func TestCatalogueImportAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		tok := r.tokens["city-admin"]
		file, err := os.ReadFile(filepath.Join("..", "catalog", "data", "hanoi.json"))
		if err != nil {
			t.Fatal(err)
		}
		broken := strings.Replace(string(file), `"national_code": "1.001193"`, `"national_code": "1.1193"`, 1)
		broken = strings.Replace(broken, `"unit": "same_day"`, `"unit": "fortnights"`, 1)
		before := r.head()
		st, _, raw := r.send(tok, "POST", "/api/v1/procedures/import", "application/json", strings.NewReader(broken))
		var body map[string]any
		json.Unmarshal([]byte(raw), &body)
		if st != http.StatusBadRequest || errCode(body) != "invalid_procedure" {
			t.Fatalf("broken file: %d %.300s", st, raw)
		}
		problems := body["problems"].([]any)
		paths := map[string]bool{}
		for _, p := range problems {
			m := p.(map[string]any)
			paths[m["path"].(string)] = true
			if m["message"] == "" || m["code"] == "" {
				t.Errorf("problem without message or code: %v", m)
			}
		}
		if !paths["procedures[0].national_code"] || !paths["procedures[0].versions[0].variants[0].duration.unit"] {
			t.Errorf("problem paths: %v", paths)
		}
		if r.head() != before {
			t.Error("a refused import changed something")
		}
		if _, list := r.call("", "GET", "/api/v1/procedures", nil); list["total"].(float64) != 0 {
			t.Errorf("a refused import stored %v procedures", list["total"])
		}
		// Not JSON at all.
		if st, _, _ := r.send(tok, "POST", "/api/v1/procedures/import", "text/plain", strings.NewReader("x")); st != http.StatusBadRequest {
			t.Errorf("text/plain: %d", st)
		}

		st, _, raw = r.send(tok, "POST", "/api/v1/procedures/import?organ_root=H24", "application/json", bytes.NewReader(file))
		json.Unmarshal([]byte(raw), &body)
		if st != http.StatusOK || body["procedures_created"].(float64) != 73 || body["versions_created"].(float64) != 139 {
			t.Fatalf("import: %d %s", st, raw)
		}
		st, _, raw = r.send(tok, "POST", "/api/v1/procedures/import", "application/json", bytes.NewReader(file))
		json.Unmarshal([]byte(raw), &body)
		if st != http.StatusOK || body["versions_created"].(float64) != 0 || body["versions_unchanged"].(float64) != 139 {
			t.Errorf("second import: %d %s", st, raw)
		}
		st, _, export := r.send(tok, "GET", "/api/v1/procedures/export", "", nil)
		if st != http.StatusOK || !strings.Contains(export, `"format":"egov-procedures/1"`) {
			t.Fatalf("export: %d %.200s", st, export)
		}
		st, _, raw = r.send(tok, "POST", "/api/v1/procedures/import", "application/json", strings.NewReader(export))
		if st != http.StatusOK || !strings.Contains(raw, `"versions_unchanged":139`) {
			t.Errorf("re-import of the export: %d %s", st, raw)
		}
	})
}

// TestCatalogueDraftLifecycleAPI: draft → save → diff → dry run → publish → withdraw through the
// API.
func TestCatalogueDraftLifecycleAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		r.loadCatalogue()
		tok := r.tokens["city-admin"]
		st, draft := r.call(tok, "POST", "/api/v1/procedures/1.001193/drafts", nil)
		if st != http.StatusOK || draft["number"].(float64) != 3 || draft["status"] != "draft" {
			t.Fatalf("new draft: %d %v", st, draft)
		}
		// The draft has no start yet: a problem, with its path.
		if !strings.Contains(mustJSON(draft["problems"]), `"path":"effective_from"`) {
			t.Errorf("draft problems: %v", draft["problems"])
		}
		// Asking again returns the same draft.
		if _, again := r.call(tok, "POST", "/api/v1/procedures/1.001193/drafts", nil); again["number"].(float64) != 3 {
			t.Errorf("second draft: %v", again)
		}
		// Administrators see the draft and the revisions; the public does not.
		if _, p := r.call(tok, "GET", "/api/v1/procedures/1.001193", nil); len(p["versions"].([]any)) != 3 || len(p["version_info"].([]any)) != 3 {
			t.Errorf("administrator's view: %v", p["version_info"])
		}
		if _, p := r.call("", "GET", "/api/v1/procedures/1.001193", nil); len(p["versions"].([]any)) != 2 {
			t.Errorf("the public sees the draft")
		}
		// The list of drafts is the administrators'; others get what is in force.
		if _, l := r.call(tok, "GET", "/api/v1/procedures?status=draft", nil); l["total"].(float64) != 1 || l["items"].([]any)[0].(map[string]any)["status"] != "draft" {
			t.Errorf("drafts for an administrator: %v", l)
		}
		if _, l := r.call(tok, "GET", "/api/v1/procedures?status=all&limit=1", nil); l["total"].(float64) != 140 {
			t.Errorf("every version for an administrator: %v", l["total"])
		}
		if _, l := r.call(r.tokens["admin-a"], "GET", "/api/v1/procedures?status=draft&limit=100", nil); l["total"].(float64) < 60 || strings.Contains(mustJSON(l["items"]), `"status":"draft"`) {
			t.Errorf("a commune administrator sees drafts: %v", l["total"])
		}
		if st, l := r.call(tok, "GET", "/api/v1/procedures?status=draft&on=2026-03-02", nil); st != 400 || errCode(l) != "invalid_parameter" {
			t.Errorf("status with on: %d %v", st, l)
		}

		version := draft["version"].(map[string]any)
		version["effective_from"] = "2026-04-01"
		variant := version["variants"].([]any)[0].(map[string]any)
		variant["fees"] = []any{map[string]any{"kind": "fixed", "amount": 8000, "description": "Lệ phí đăng ký khai sinh"}}
		rev := draft["revision"]
		// Unknown keys and frozen versions are refused.
		if st, body := r.call(tok, "PUT", "/api/v1/procedures/1.001193/versions/3", map[string]any{"revision": rev, "version": map[string]any{"colour": "red"}}); st != 400 || errCode(body) != "unknown_field" {
			t.Errorf("unknown key: %d %v", st, body)
		}
		if st, body := r.call(tok, "PUT", "/api/v1/procedures/1.001193/versions/2", map[string]any{"revision": 1, "version": version}); st != 409 || errCode(body) != "version_published" {
			t.Errorf("edit of a published version: %d %v", st, body)
		}
		st, saved := r.call(tok, "PUT", "/api/v1/procedures/1.001193/versions/3", map[string]any{"revision": rev, "version": version})
		if st != http.StatusOK || len(saved["problems"].([]any)) != 0 || saved["revision"].(float64) != rev.(float64)+1 {
			t.Fatalf("save: %d %v", st, saved)
		}
		if st, body := r.call(tok, "PUT", "/api/v1/procedures/1.001193/versions/3", map[string]any{"revision": rev, "version": version}); st != 409 || errCode(body) != "version_changed" {
			t.Errorf("stale save: %d %v", st, body)
		}
		st, diff := r.call(tok, "GET", "/api/v1/procedures/1.001193/versions/3/diff", nil)
		if st != http.StatusOK || diff["base"].(float64) != 2 || !strings.Contains(mustJSON(diff["changes"]), `"path":"variants[0].fees[0].amount"`) {
			t.Errorf("diff: %d %v", st, diff)
		}
		// Received Wednesday 29/04/2026 at 16:00, after the cut-off: 30/04, 01/05 and the weekend
		// are off, so the same-day procedure is due on Monday 04/05.
		st, run := r.call(tok, "POST", "/api/v1/procedures/1.001193/versions/3/dry-run", map[string]any{"at": "2026-04-29T16:00:00+07:00", "unit_id": r.units["deskA"].ID})
		if st != http.StatusOK || !strings.HasPrefix(run["due_at"].(string), "2026-05-04") || len(run["steps"].([]any)) != 5 || run["explanation"] == "" {
			t.Errorf("dry run: %d %v", st, run)
		}
		for body, code := range map[string]string{`{"at": "29/04/2026"}`: "invalid_date", `{"variant": "khong-co"}`: "unknown_variant", `{"unit_id": 999999}`: "unit_not_found"} {
			st, res := r.call(tok, "POST", "/api/v1/procedures/1.001193/versions/3/dry-run", body)
			if st < 400 || st >= 500 || errCode(res) != code {
				t.Errorf("dry run %s: %d %v, want %s", body, st, res, code)
			}
		}
		before := r.head()
		if st, body := r.call(tok, "POST", "/api/v1/procedures/1.001193/versions/3/publish", map[string]any{"revision": rev}); st != 409 || errCode(body) != "version_changed" || r.head() != before {
			t.Errorf("publish with a stale revision: %d %v", st, body)
		}
		st, pub := r.call(tok, "POST", "/api/v1/procedures/1.001193/versions/3/publish", map[string]any{"revision": saved["revision"]})
		if st != http.StatusOK || pub["status"] != "published" {
			t.Fatalf("publish: %d %v", st, pub)
		}
		_, p := r.call("", "GET", "/api/v1/procedures/1.001193", nil)
		if vs := p["versions"].([]any); len(vs) != 3 || vs[1].(map[string]any)["effective_to"] != "2026-03-31" {
			t.Errorf("after publishing: %v", vs)
		}
		if _, page := r.get("/thu-tuc/1.001193?on=2026-04-02"); !strings.Contains(page, "8.000 đồng") || !strings.Contains(page, "Phiên bản 3: từ 01/04/2026") {
			t.Error("the public page does not show the new version from its first day")
		}
		if st, body := r.call(tok, "POST", "/api/v1/procedures/1.001193/versions/3/publish", map[string]any{"revision": 0}); st != 409 || errCode(body) != "version_published" {
			t.Errorf("second publish: %d %v", st, body)
		}
		st, w := r.call(tok, "POST", "/api/v1/procedures/1.001193/versions/3/withdraw", nil)
		if st != http.StatusOK || w["status"] != "withdrawn" {
			t.Errorf("withdraw: %d %v", st, w)
		}
		if st, body := r.call(tok, "POST", "/api/v1/procedures/1.001193/versions/3/withdraw", nil); st != 409 || errCode(body) != "illegal_transition" {
			t.Errorf("second withdraw: %d %v", st, body)
		}
		if st, body := r.call(tok, "GET", "/api/v1/procedures/1.001193/versions/9/diff", nil); st != 404 || errCode(body) != "unknown_version" {
			t.Errorf("unknown version: %d %v", st, body)
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestCatalogueAdministrationPages: the same lifecycle on the pages, each refusal changing nothing.
func TestCatalogueAdministrationPages(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		r.loadCatalogue()
		tok := r.tokens["city-admin"]
		get := func(path string) string {
			t.Helper()
			st, _, page := r.send(tok, "GET", path, "", nil)
			if st != http.StatusOK {
				t.Fatalf("GET %s: %d", path, st)
			}
			return page
		}
		page := get("/admin/procedures?q=khai+sinh")
		mustContain(t, "administration list", page, "Đăng ký khai sinh", "Đã công bố", `href="/admin/procedures/1.001193?v=2"`)
		st, loc, _ := r.form(tok, "/admin/procedures/1.001193/drafts", nil)
		if st != http.StatusSeeOther || loc != "/admin/procedures/1.001193?v=3&created=1#editor" {
			t.Fatalf("create draft: %d %s", st, loc)
		}
		page = get("/admin/procedures?status=draft")
		mustContain(t, "draft list", page, "1 phiên bản", "Bản nháp")
		page = get("/admin/procedures/1.001193?v=3&created=1")
		mustContain(t, "draft page", page, "Đã tạo bản nháp", "Cần sửa trước khi công bố", "effective_from", `name="body"`, "Lưu bản nháp", "Công bố phiên bản 3")

		// Malformed JSON: refused, the text kept, nothing changed.
		before := r.head()
		st, _, page = r.form(tok, "/admin/procedures/1.001193/versions/3", url.Values{"revision": {"1"}, "body": {`{"name": "Đăng ký khai sinh",`}})
		if st != http.StatusBadRequest || !strings.Contains(page, "Nội dung JSON không hợp lệ") || !strings.Contains(page, "Đăng ký khai sinh&#34;,") || r.head() != before {
			t.Errorf("malformed JSON: %d", st)
		}
		st, _, page = r.form(tok, "/admin/procedures/1.001193/versions/3", url.Values{"revision": {"1"}, "body": {`{"name": "x", "mau": 1}`}})
		if st != http.StatusBadRequest || !strings.Contains(page, `Khóa &#34;mau&#34;`) || r.head() != before {
			t.Errorf("unknown key: %d", st)
		}

		// Save a valid draft from its JSON.
		_, body := r.call(tok, "GET", "/api/v1/procedures/1.001193", nil)
		v := body["versions"].([]any)[2].(map[string]any)
		v["effective_from"] = "2026-04-01"
		v["variants"].([]any)[0].(map[string]any)["fees"] = []any{map[string]any{"kind": "fixed", "amount": 8000}}
		st, loc, _ = r.form(tok, "/admin/procedures/1.001193/versions/3", url.Values{"revision": {"1"}, "body": {mustJSON(v)}})
		if st != http.StatusSeeOther || loc != "/admin/procedures/1.001193?v=3&saved=1#editor" {
			t.Fatalf("save: %d %s", st, loc)
		}
		// A stale revision is refused with a Vietnamese message.
		st, _, page = r.form(tok, "/admin/procedures/1.001193/versions/3", url.Values{"revision": {"1"}, "body": {mustJSON(v)}})
		if st != http.StatusConflict || !strings.Contains(page, "vừa được người khác thay đổi") {
			t.Errorf("stale save: %d", st)
		}
		page = get("/admin/procedures/1.001193?v=3&saved=1")
		mustContain(t, "saved draft", page, "Đã lưu bản nháp", "Bản nháp hợp lệ, có thể công bố", "So sánh với phiên bản 2",
			"variants[0].fees[0].amount", "<ins>8000</ins>", "variants[0].fees[0].kind", "<del>free</del>")
		// Dry run: a GET form, nothing stored.
		before = r.head()
		page = get("/admin/procedures/1.001193?v=3&run=1&variant=chung&unit=" + id(r.units["deskA"].ID) + "&online=0&at=2026-04-29T16:00")
		mustContain(t, "dry run", page, "Hồ sơ tiếp nhận lúc 29/04/2026 16:00 sẽ có hạn trả 04/05/2026", "Tiếp nhận:", "Trả kết quả", "Lãnh đạo cơ quan")
		if st, _, page := r.send(tok, "GET", "/admin/procedures/1.001193?v=3&run=1&at=sáng+mai", "", nil); st != http.StatusBadRequest || !strings.Contains(page, "Thời điểm tiếp nhận không hợp lệ") {
			t.Errorf("bad dry-run instant: %d", st)
		}
		if r.head() != before {
			t.Error("a dry run changed something")
		}
		// Publish, then withdraw only with the confirmation ticked.
		st, loc, _ = r.form(tok, "/admin/procedures/1.001193/versions/3/publish", url.Values{"revision": {"2"}})
		if st != http.StatusSeeOther || !strings.Contains(loc, "published=1") {
			t.Fatalf("publish: %d %s", st, loc)
		}
		before = r.head()
		st, _, page = r.form(tok, "/admin/procedures/1.001193/versions/3/withdraw", nil)
		if st != http.StatusBadRequest || !strings.Contains(page, "Hãy đánh dấu ô xác nhận") || r.head() != before {
			t.Errorf("withdraw without confirmation: %d", st)
		}
		st, loc, _ = r.form(tok, "/admin/procedures/1.001193/versions/3/withdraw", url.Values{"confirm": {"1"}})
		if st != http.StatusSeeOther || !strings.Contains(loc, "withdrawn=1") {
			t.Errorf("withdraw: %d %s", st, loc)
		}
		page = get("/admin/procedures/1.001193?v=3")
		mustContain(t, "withdrawn version", page, "Đã thu hồi", "Tạo bản nháp")
		// A draft that breaks rules can be saved; publishing it is refused with every problem.
		r.form(tok, "/admin/procedures/1.001193/drafts", nil)
		_, body = r.call(tok, "GET", "/api/v1/procedures/1.001193", nil)
		v = body["versions"].([]any)[3].(map[string]any)
		v["legal_basis"] = []any{}
		v["levels"] = []any{"county"}
		if st, loc, _ := r.form(tok, "/admin/procedures/1.001193/versions/4", url.Values{"revision": {"1"}, "body": {mustJSON(v)}}); st != http.StatusSeeOther {
			t.Fatalf("save a draft with problems: %d %s", st, loc)
		}
		before = r.head()
		st, _, page = r.form(tok, "/admin/procedures/1.001193/versions/4/publish", url.Values{"revision": {"2"}})
		if st != http.StatusBadRequest || !strings.Contains(page, "levels[0]") || !strings.Contains(page, "legal_basis") || r.head() != before {
			t.Errorf("publish a draft with problems: %d", st)
		}
	})
}

// TestCatalogueOpenAPI: the catalogue operations are documented, the public ones without
// security, and every schema they refer to exists.
func TestCatalogueOpenAPI(t *testing.T) {
	t.Parallel()
	r := newRig(t, storetest.SQLite(t))
	_, doc := r.call("", "GET", "/api/v1/openapi.json", nil)
	paths := doc["paths"].(map[string]any)
	for path, method := range map[string]string{"/api/v1/procedures": "get", "/api/v1/procedures/{code}": "get"} {
		op, _ := paths[path].(map[string]any)[method].(map[string]any)
		if op == nil || len(op["security"].([]any)) != 0 {
			t.Errorf("%s %s: not documented as public: %v", method, path, op)
		}
	}
	for _, path := range []string{"/api/v1/procedures/import", "/api/v1/procedures/export", "/api/v1/procedures/{code}/drafts",
		"/api/v1/procedures/{code}/versions/{number}", "/api/v1/procedures/{code}/versions/{number}/diff",
		"/api/v1/procedures/{code}/versions/{number}/dry-run", "/api/v1/procedures/{code}/versions/{number}/publish",
		"/api/v1/procedures/{code}/versions/{number}/withdraw"} {
		if paths[path] == nil {
			t.Errorf("%s is not documented", path)
		}
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				if name := strings.TrimPrefix(ref, "#/components/schemas/"); schemas[name] == nil {
					t.Errorf("dangling reference %s", ref)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
}
