package web_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// openDataRig is the rig with the demo catalogue (and a draft that must not be published), a
// unit closed in the 2025 reform with its successor, and dossiers received at ward A's centre.
// It returns the personal data and codes of the dossiers, which no download may contain.
func openDataRig(t *testing.T, db *store.DB) (*rig, []string) {
	r := newRig(t, db)
	withDossierStaff(t, r)
	if _, err := r.svc.NewDraft(sys, "1.004873"); err != nil {
		t.Fatal(err)
	}
	if err := r.svc.LinkSuccessor(sys, r.units["oldB"].ID, r.units["B"].ID, false); err != nil {
		t.Fatal(err)
	}
	desk := r.tokens["reception-a"]
	var secrets []string
	receive := func(i, channel int) string {
		in := walkIn()
		name, idNumber, phone := fmt.Sprintf("Trần Thị Mười %c", 'A'+i), fmt.Sprintf("0011990123%02d", 40+i), fmt.Sprintf("09123456%02d", i)
		in["applicant"] = map[string]any{"name": name, "id_number": idNumber, "birth_date": "1999-05-04",
			"address": "12 Hàng Bạc, Phường Hoàn Kiếm", "phone": phone}
		in["channel"] = channel
		if channel == app.ChannelOnline {
			in["unit_id"] = r.units["deskA"].ID
		}
		st, d := r.call(desk, "POST", "/api/v1/dossiers", in)
		if st != http.StatusCreated {
			t.Fatalf("reception: %d %v", st, d)
		}
		code := d["code"].(string)
		secrets = append(secrets, name, idNumber, phone, code, "Hàng Bạc")
		return code
	}
	// Three at the counter (shown), one by post (a cell of one: withheld), one online submission
	// not yet accepted (never received: not counted).
	var direct []string
	for i := range 3 {
		direct = append(direct, receive(i, app.ChannelDirect))
	}
	receive(3, app.ChannelPost)
	receive(4, app.ChannelOnline)
	// The three direct ones end their processing at 00:30 on 1 April, Vietnam time (after the
	// due date): they count in April, late.
	for _, code := range direct {
		if _, err := db.SQL.Exec(`UPDATE dossiers SET processed_at = '2026-03-31T17:30:00.000000Z' WHERE code = '` + code + `'`); err != nil {
			t.Fatal(err)
		}
	}
	return r, secrets
}

// download fetches a file anonymously and checks its content type.
func (r *rig) download(path, wantType string) string {
	r.t.Helper()
	st, ct, b := r.fetch("", path)
	if st != http.StatusOK || !strings.HasPrefix(ct, wantType) {
		r.t.Fatalf("%s: %d %s %s", path, st, ct, b)
	}
	return string(b)
}

// csvRows parses a CSV download: BOM first, then RFC 4180 records.
func csvRows(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\uFEFF") {
		t.Fatalf("no byte order mark: %q", body[:min(len(body), 20)])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %s in %v", name, header)
	return -1
}

// TestOpenDataDownloads downloads every dataset as CSV and JSON and checks headers, rows,
// diacritics, the absence of personal data and the suppression of small counts.
func TestOpenDataDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, secrets := openDataRig(t, db)

		// The procedure catalogue: the versions in force on 2 March 2026, one row per variant, no draft.
		f, err := catalog.Demo()
		if err != nil {
			t.Fatal(err)
		}
		procs, err := f.Catalog()
		if err != nil {
			t.Fatal(err)
		}
		variants := 0
		for _, p := range procs {
			for _, v := range p.Versions {
				if v.Status == catalog.StatusPublished && v.InForce(date("2026-03-02")) {
					variants += len(v.Variants)
				}
			}
		}
		recs := csvRows(t, r.download("/du-lieu-mo/thu-tuc-hanh-chinh.csv", "text/csv"))
		if strings.Join(recs[0][:4], ",") != "procedure_code,local_code,name,field" || len(recs)-1 != variants {
			t.Fatalf("catalogue: header %v, %d rows, want %d", recs[0], len(recs)-1, variants)
		}
		code, name, version, local := column(t, recs[0], "procedure_code"), column(t, recs[0], "name"), column(t, recs[0], "version"), column(t, recs[0], "local_code")
		found := false
		for _, rec := range recs[1:] {
			if rec[code] == "1.004873" {
				found = true
				if rec[name] != "Cấp Giấy xác nhận tình trạng hôn nhân" || rec[version] != "2" || !strings.HasSuffix(rec[local], ".H24") {
					t.Errorf("1.004873 (diacritics kept, the published version, not the draft 3): %v", rec)
				}
			}
		}
		if !found {
			t.Error("1.004873 missing")
		}

		// The units: every version, the closed ward with its successor.
		recs = csvRows(t, r.download("/du-lieu-mo/don-vi-hanh-chinh.csv", "text/csv"))
		if strings.Join(recs[0], ",") != "id,organ_id,gso_code,name,short_name,kind,category,parent_id,valid_from,valid_to,successor_ids,partial_successor_ids" || len(recs)-1 != len(r.units) {
			t.Fatalf("units: %v", recs)
		}
		for _, rec := range recs[1:] {
			if rec[0] == id(r.units["oldB"].ID) && (rec[3] != "Phường Hàng Trống" || rec[2] != "00073" || rec[9] != "2025-06-30" || rec[10] != id(r.units["B"].ID)) {
				t.Errorf("closed ward: %v", rec)
			}
			if rec[0] == id(r.units["B"].ID) && (rec[9] != "" || rec[10] != "" || rec[7] != id(r.units["city"].ID)) {
				t.Errorf("successor ward: %v", rec)
			}
		}

		// The monthly figures: March's receptions at the centre, April's late processing, the
		// postal one withheld, the online submission absent.
		recs = csvRows(t, r.download("/du-lieu-mo/ho-so-theo-thang.csv", "text/csv"))
		want := [][]string{
			{"month", "unit_id", "unit_organ_id", "unit_name", "procedure_code", "procedure_name", "channel", "received", "processed", "processed_on_time", "processed_late"},
			{"2026-03", id(r.units["deskA"].ID), "001.01.90.H24", "Trung tâm Phục vụ hành chính công phường Ba Đình", "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "1", "3", "0", "0", "0"},
			{"2026-03", id(r.units["deskA"].ID), "001.01.90.H24", "Trung tâm Phục vụ hành chính công phường Ba Đình", "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "3", "", "0", "0", "0"},
			{"2026-04", id(r.units["deskA"].ID), "001.01.90.H24", "Trung tâm Phục vụ hành chính công phường Ba Đình", "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "1", "0", "3", "0", "3"},
		}
		if fmt.Sprint(recs) != fmt.Sprint(want) {
			t.Errorf("monthly figures:\n got %q\nwant %q", recs, want)
		}

		// JSON: the same rows as records; a withheld count is null.
		var doc struct {
			Dataset string           `json:"dataset"`
			License string           `json:"license_id"`
			Fields  []map[string]any `json:"fields"`
			Records []map[string]any `json:"records"`
		}
		body := r.download("/du-lieu-mo/ho-so-theo-thang.json", "application/json")
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Dataset != "ho-so-theo-thang" || doc.License != "CC-BY-4.0" || len(doc.Fields) != 11 || len(doc.Records) != 3 {
			t.Fatalf("json: %s", body)
		}
		if v, ok := doc.Records[1]["received"]; !ok || v != nil || doc.Records[0]["received"] != 3.0 || doc.Records[2]["processed_late"] != 3.0 {
			t.Errorf("json records: %v", doc.Records)
		}
		var all strings.Builder
		all.WriteString(body)
		for _, p := range []string{"thu-tuc-hanh-chinh", "don-vi-hanh-chinh"} {
			b := r.download("/du-lieu-mo/"+p+".json", "application/json")
			var d struct {
				Records []map[string]any `json:"records"`
			}
			if err := json.Unmarshal([]byte(b), &d); err != nil || len(d.Records) == 0 {
				t.Errorf("%s.json: %v %.200s", p, err, b)
			}
			all.WriteString(b)
			all.WriteString(r.download("/du-lieu-mo/"+p+".csv", "text/csv"))
		}
		all.WriteString(r.download("/du-lieu-mo/ho-so-theo-thang.csv", "text/csv"))
		for _, s := range secrets {
			if strings.Contains(all.String(), s) {
				t.Errorf("a download contains %q", s)
			}
		}
		if !strings.Contains(all.String(), "Phường Hàng Trống") {
			t.Error("diacritics are kept in JSON")
		}

		for _, p := range []string{"/du-lieu-mo/khong-co.csv", "/du-lieu-mo/thu-tuc-hanh-chinh.xlsx", "/du-lieu-mo/khong-co"} {
			if st, _, _ := r.fetch("", p); st != http.StatusNotFound {
				t.Errorf("%s: %d", p, st)
			}
		}
	})
}

// ckan calls the CKAN API anonymously and returns the status and the decoded envelope.
func (r *rig) ckan(method, action string, body string) (int, map[string]any) {
	r.t.Helper()
	var st int
	var out map[string]any
	if method == "GET" {
		st, out = r.call("", "GET", "/api/3/action/"+action, nil)
	} else {
		st, out = r.call("", "POST", "/api/3/action/"+action, body)
	}
	if _, ok := out["help"]; !ok {
		r.t.Errorf("%s: no help in %v", action, out)
	}
	return st, out
}

func ckanErrType(out map[string]any) string {
	e, _ := out["error"].(map[string]any)
	s, _ := e["__type"].(string)
	return s
}

// TestCKANActionAPI checks the CKAN subset: envelopes, fields harvesters read, and CKAN's errors.
func TestCKANActionAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, _ := openDataRig(t, db)

		st, out := r.ckan("GET", "package_list", "")
		if st != 200 || out["success"] != true || fmt.Sprint(out["result"]) != "[thu-tuc-hanh-chinh don-vi-hanh-chinh ho-so-theo-thang]" {
			t.Errorf("package_list: %d %v", st, out)
		}
		st, out = r.ckan("GET", "package_list?limit=1&offset=1", "")
		if st != 200 || fmt.Sprint(out["result"]) != "[don-vi-hanh-chinh]" {
			t.Errorf("package_list paged: %d %v", st, out)
		}

		st, out = r.ckan("GET", "package_show?id=ho-so-theo-thang", "")
		pkg, _ := out["result"].(map[string]any)
		if st != 200 || out["success"] != true || pkg["name"] != "ho-so-theo-thang" || pkg["license_id"] != "CC-BY-4.0" ||
			pkg["license_title"] == "" || !strings.Contains(pkg["notes"].(string), "không có tên") || pkg["metadata_modified"] == "" {
			t.Fatalf("package_show: %d %v", st, out)
		}
		if o := pkg["organization"].(map[string]any); o["name"] != "uy-ban-nhan-dan-thanh-pho-ha-noi" || pkg["owner_org"] != o["id"] {
			t.Errorf("organization: %v", pkg["organization"])
		}
		tags := pkg["tags"].([]any)
		if len(tags) == 0 || tags[0].(map[string]any)["name"] != "thống kê" {
			t.Errorf("tags: %v", tags)
		}
		res := pkg["resources"].([]any)
		if len(res) != 2 {
			t.Fatalf("resources: %v", res)
		}
		for i, want := range [][2]string{{"CSV", "text/csv"}, {"JSON", "application/json"}} {
			rs := res[i].(map[string]any)
			u, _ := rs["url"].(string)
			if rs["format"] != want[0] || rs["mimetype"] != want[1] || rs["last_modified"] == "" || rs["name"] == "" || !strings.HasPrefix(u, r.srv.URL+"/du-lieu-mo/ho-so-theo-thang.") {
				t.Errorf("resource %d: %v", i, rs)
			}
			if st, _, _ := r.fetch("", strings.TrimPrefix(u, r.srv.URL)); st != 200 {
				t.Errorf("resource url %s: %d", u, st)
			}
		}
		extras := map[string]string{}
		for _, e := range pkg["extras"].([]any) {
			m := e.(map[string]any)
			extras[m["key"].(string)] = m["value"].(string)
		}
		if extras["temporal_start"] != "2026-03-02" || extras["frequency"] == "" || extras["spatial_text"] != "Thành phố Hà Nội" || extras["title_en"] == "" {
			t.Errorf("extras: %v", extras)
		}
		// By id too, and by POST with a JSON body.
		st, out = r.ckan("POST", "package_show", `{"id": "`+pkg["id"].(string)+`"}`)
		if st != 200 || out["result"].(map[string]any)["name"] != "ho-so-theo-thang" {
			t.Errorf("package_show by id, POST: %d %v", st, out)
		}

		// Errors as CKAN gives them.
		for _, c := range []struct {
			method, action, body string
			status               int
			typ                  string
		}{
			{"GET", "package_show?id=khong-co", "", 404, "Not Found Error"},
			{"GET", "package_show", "", 409, "Validation Error"},
			{"GET", "package_search?rows=abc", "", 409, "Validation Error"},
			{"GET", "package_search?start=-1", "", 409, "Validation Error"},
			{"GET", "package_list?limit=x", "", 409, "Validation Error"},
			{"GET", "organization_show?id=khong-co", "", 404, "Not Found Error"},
			{"GET", "package_create", "", 400, "Bad Request"},
			{"POST", "package_show", `{"id": `, 400, "Bad Request"},
		} {
			st, out := r.ckan(c.method, c.action, c.body)
			if st != c.status || out["success"] != false || ckanErrType(out) != c.typ || out["error"].(map[string]any)["message"] == "" {
				t.Errorf("%s %s: %d %v", c.method, c.action, st, out)
			}
		}
		if _, out := r.ckan("GET", "package_search?rows=abc", ""); fmt.Sprint(out["error"].(map[string]any)["rows"]) != "[Invalid integer]" {
			t.Errorf("validation error names the field: %v", out)
		}

		// Search: folded words over titles, descriptions and tags; rows and start page.
		st, out = r.ckan("GET", "package_search?q="+url.QueryEscape("thu tuc hanh chinh"), "")
		sr, _ := out["result"].(map[string]any)
		if st != 200 || sr["count"] != 2.0 || len(sr["results"].([]any)) != 2 {
			t.Errorf("search: %d count %v", st, sr["count"])
		}
		st, out = r.ckan("GET", "package_search?q="+url.QueryEscape("sắp xếp"), "")
		sr, _ = out["result"].(map[string]any)
		if st != 200 || sr["count"] != 1.0 || sr["results"].([]any)[0].(map[string]any)["name"] != "don-vi-hanh-chinh" {
			t.Errorf("search sắp xếp: %d %v", st, out)
		}
		st, out = r.ckan("GET", "package_search?rows=1&start=2", "")
		sr, _ = out["result"].(map[string]any)
		if st != 200 || sr["count"] != 3.0 || len(sr["results"].([]any)) != 1 || sr["results"].([]any)[0].(map[string]any)["name"] != "ho-so-theo-thang" {
			t.Errorf("search paged: %d %v", st, out)
		}
		st, out = r.ckan("GET", "package_search?q=zzz", "")
		if sr, _ = out["result"].(map[string]any); st != 200 || sr["count"] != 0.0 || len(sr["results"].([]any)) != 0 {
			t.Errorf("search nothing: %d %v", st, out)
		}

		st, out = r.ckan("GET", "organization_list", "")
		if st != 200 || fmt.Sprint(out["result"]) != "[uy-ban-nhan-dan-thanh-pho-ha-noi]" {
			t.Errorf("organization_list: %d %v", st, out)
		}
		st, out = r.ckan("GET", "organization_list?all_fields=true", "")
		if os, _ := out["result"].([]any); st != 200 || len(os) != 1 || os[0].(map[string]any)["title"] != "Ủy ban nhân dân Thành phố Hà Nội" {
			t.Errorf("organization_list all_fields: %d %v", st, out)
		}
		st, out = r.ckan("GET", "status_show", "")
		if s, _ := out["result"].(map[string]any); st != 200 || s["ckan_version"] == "" || s["site_url"] != r.srv.URL {
			t.Errorf("status_show: %d %v", st, out)
		}
	})
}

// TestOpenDataCatalogueAndPages checks the DCAT-AP document and the public pages.
func TestOpenDataCatalogueAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, _ := openDataRig(t, db)
		var doc map[string]any
		if err := json.Unmarshal([]byte(r.download("/du-lieu-mo/catalog.jsonld", "application/ld+json")), &doc); err != nil {
			t.Fatal(err)
		}
		ctx, _ := doc["@context"].(map[string]any)
		if ctx["dcat"] != "http://www.w3.org/ns/dcat#" || ctx["dct"] != "http://purl.org/dc/terms/" || doc["@type"] != "dcat:Catalog" {
			t.Fatalf("catalogue: %v", doc)
		}
		datasets, _ := doc["dcat:dataset"].([]any)
		if len(datasets) != 3 {
			t.Fatalf("datasets: %v", datasets)
		}
		for _, x := range datasets {
			d := x.(map[string]any)
			for _, k := range []string{"@id", "dct:title", "dct:description", "dct:publisher", "dct:license", "dcat:distribution",
				"dct:accrualPeriodicity", "dct:temporal", "dct:spatial", "dcat:keyword", "dct:modified"} {
				if d[k] == nil {
					t.Errorf("%v lacks %s", d["@id"], k)
				}
			}
			langs := map[string]bool{}
			for _, t := range d["dct:title"].([]any) {
				langs[t.(map[string]any)["@language"].(string)] = t.(map[string]any)["@value"] != ""
			}
			if !langs["vi"] || !langs["en"] {
				t.Errorf("titles in vi and en: %v", d["dct:title"])
			}
			for _, y := range d["dcat:distribution"].([]any) {
				dist := y.(map[string]any)
				if dist["dcat:accessURL"] == nil || dist["dcat:downloadURL"] == nil || dist["dcat:mediaType"] == nil || dist["@type"] != "dcat:Distribution" {
					t.Errorf("distribution: %v", dist)
				}
			}
		}

		st, page := r.get("/du-lieu-mo")
		if st != 200 || !strings.Contains(page, "Danh mục thủ tục hành chính đang có hiệu lực") || !strings.Contains(page, `href="/du-lieu-mo/ho-so-theo-thang.csv"`) ||
			!strings.Contains(page, `href="/du-lieu-mo/catalog.jsonld"`) || !strings.Contains(page, `lang="vi"`) || strings.Contains(page, "<script") {
			t.Errorf("list page: %d\n%s", st, page)
		}
		st, page = r.get("/du-lieu-mo?lang=en")
		if st != 200 || !strings.Contains(page, "Administrative procedures in force") {
			t.Errorf("list page in English: %d", st)
		}
		st, page = r.get("/du-lieu-mo/don-vi-hanh-chinh")
		if st != 200 || !strings.Contains(page, "successor_ids") || !strings.Contains(page, "Creative Commons") || !strings.Contains(page, "Nghị định 47/2020/NĐ-CP") {
			t.Errorf("dataset page: %d\n%s", st, page)
		}
	})
}
