package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// dashRig is a rig with three dossiers received on 2 March 2026 (two at ward A's desk, one by
// post at ward B's) and the clock moved to mid-May, so that March has dossiers in processing
// past their due date.
func dashRig(t *testing.T, db *store.DB) (*rig, []string) {
	r := newRig(t, db)
	withDossierStaff(t, r)
	var codes []string
	for k, desk := range []string{"reception-a", "reception-a", "reception-b"} {
		in := walkIn()
		if k == 2 {
			in["channel"] = 3
		}
		st, d := r.call(r.tokens[desk], "POST", "/api/v1/dossiers", in)
		if st != http.StatusCreated {
			t.Fatalf("reception: %d %v", st, d)
		}
		codes = append(codes, d["code"].(string))
	}
	r.clock.Set(time.Date(2026, 5, 15, 3, 0, 0, 0, time.UTC))
	return r, codes
}

// report is the stats service's report, to compare the pages with.
func (r *rig) report(period string, unit int64) *app.StatsReport {
	r.t.Helper()
	p, err := stats.ParsePeriod(period)
	if err != nil {
		r.t.Fatal(err)
	}
	rep, err := r.svc.Indicators(context.Background(), app.StatsQuery{Period: p, UnitID: unit})
	if err != nil {
		r.t.Fatal(err)
	}
	return rep
}

var (
	svgPattern = regexp.MustCompile(`(?s)<svg .*?</svg>`)
	tagPattern = regexp.MustCompile(`<[^>]+>`)
	rowPattern = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cellRe     = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
)

// rows returns the text of the cells of every row in the part of body after marker.
func rows(body, marker string) [][]string {
	i := strings.Index(body, marker)
	if i < 0 {
		return nil
	}
	part := body[i:]
	if j := strings.Index(part, "</table>"); j >= 0 {
		part = part[:j]
	}
	var out [][]string
	for _, m := range rowPattern.FindAllStringSubmatch(part, -1) {
		var cells []string
		for _, c := range cellRe.FindAllStringSubmatch(m[1], -1) {
			cells = append(cells, strings.TrimSpace(html.UnescapeString(tagPattern.ReplaceAllString(c[1], ""))))
		}
		out = append(out, cells)
	}
	return out
}

func findRow(rs [][]string, first string) []string {
	for _, r := range rs {
		if len(r) > 0 && (r[0] == first || len(r) > 1 && r[1] == first) {
			return r
		}
	}
	return nil
}

// TestPublicDashboard: the public page shows the service's figures for the city and a unit, its
// charts are accessible SVG followed by the same numbers, it shows no applicant data, bad filters
// get 400 and a Vietnamese message, and its tables download as CSV and XLSX.
func TestPublicDashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, codes := dashRig(t, db)
		b := r.browser()
		st, _, body := b.get("/cong-khai?period=2026-03")
		if st != http.StatusOK {
			t.Fatalf("dashboard: %d\n%s", st, body)
		}
		rep := r.report("2026-03", 0)
		sit := stats.SituationOf(rep.Report)
		if rep.Received != 3 || sit.OpenLate+sit.OpenOnTime != 3 {
			t.Fatalf("service figures: %+v", sit)
		}
		pub, err := r.svc.Publicity(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Tháng 03/2026", "Toàn thành phố", pub.All.Text(), "Phường Ba Đình", "Phường Hoàn Kiếm",
			"Xếp hạng đơn vị", "Hồ sơ quá hạn theo đơn vị", `<span class="v">3</span>`} {
			if !strings.Contains(body, html.EscapeString(want)) && !strings.Contains(body, want) {
				t.Errorf("public dashboard lacks %q", want)
			}
		}
		// No personal data, no dossier codes, no links to dossiers.
		for _, no := range append([]string{"Nguyễn Thị Hương", "001199012345", "0912345678", "Hàng Bạc", "/ho-so/", "/bang-dieu-khien/ho-so"}, codes...) {
			if strings.Contains(body, no) {
				t.Errorf("public dashboard shows %q", no)
			}
		}

		// The charts: well-formed SVG images with a title and a description.
		svgs := svgPattern.FindAllString(body, -1)
		if len(svgs) < 3 {
			t.Fatalf("%d charts", len(svgs))
		}
		for _, s := range svgs {
			d := xml.NewDecoder(strings.NewReader(html.UnescapeString(strings.ReplaceAll(s, "&amp;", "&amp;amp;"))))
			var root *xml.StartElement
			hasTitle, hasDesc := false, false
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("chart is not well-formed XML: %v\n%s", err, s)
				}
				if e, ok := tok.(xml.StartElement); ok {
					if root == nil {
						e := e.Copy()
						root = &e
					}
					hasTitle = hasTitle || e.Name.Local == "title"
					hasDesc = hasDesc || e.Name.Local == "desc"
				}
			}
			role := ""
			for _, a := range root.Attr {
				if a.Name.Local == "role" {
					role = a.Value
				}
			}
			if root.Name.Local != "svg" || role != "img" || !hasTitle || !hasDesc {
				t.Errorf("chart: root %s role %q title %v desc %v", root.Name.Local, role, hasTitle, hasDesc)
			}
		}
		// The trend table after the charts has the service's numbers for March; the volume chart
		// draws the same ones.
		trend := rows(body, `id="trend-table"`)
		march := findRow(trend, "03/2026")
		if march == nil || march[1] != "3" || march[2] != stats.Thousands(sit.Handled) || march[3] != stats.Thousands(sit.Late+sit.OpenLate) {
			t.Errorf("trend row for March: %v, want received 3, situation %+v", march, sit)
		}
		if len(trend) != 13 { // the header and twelve months to March
			t.Errorf("trend rows: %d", len(trend))
		}
		if !strings.Contains(svgs[0], ">3</text>") {
			t.Error("the volume chart does not draw March's 3 dossiers")
		}
		// Rankings: ward A has two dossiers, ward B one, as the service counts them.
		repA, repB := r.report("2026-03", r.units["A"].ID), r.report("2026-03", r.units["B"].ID)
		rank := rows(body, "<caption>Xã, phường</caption>")
		rowA, rowB := findRow(rank, "Phường Ba Đình"), findRow(rank, "Phường Hoàn Kiếm")
		if rowA == nil || rowA[2] != stats.Thousands(repA.WorkingTime.Total()) || rowB == nil || rowB[2] != stats.Thousands(repB.WorkingTime.Total()) {
			t.Errorf("rankings: A %v B %v", rowA, rowB)
		}
		pointsA, _ := repA.Points()
		if rowA != nil && rowA[5] != format2(pointsA) {
			t.Errorf("score of A: %v, want %v", rowA[5], pointsA)
		}

		// One unit: the figures of the unit.
		st, _, body = b.get("/cong-khai?period=2026-03&unit=" + id(r.units["B"].ID))
		if st != http.StatusOK || !strings.Contains(body, "<strong>Phường Hoàn Kiếm</strong>") || !strings.Contains(body, `<span class="v">1</span>`) {
			t.Errorf("ward B: %d", st)
		}
		// A range of months from the form.
		if st, _, body = b.get("/cong-khai?period=2026&from=2026-01&to=2026-04"); st != http.StatusOK || !strings.Contains(body, "Từ tháng 01/2026 đến tháng 04/2026") {
			t.Errorf("range: %d", st)
		}

		// Bad filters: 400 and a Vietnamese message, the form still there.
		for _, c := range []struct{ path, want string }{
			{"/cong-khai?period=2026-13", "không hợp lệ"},
			{"/cong-khai?from=2026-06&to=2026-01", "trước tháng bắt đầu"},
			{"/cong-khai?from=2019-01&to=2026-01", "quá 5 năm"},
			{"/cong-khai?period=2026&unit=999999", "Không có đơn vị"},
			{"/cong-khai?period=2026&level=ward", "không hợp lệ"},
		} {
			st, _, body := b.get(c.path)
			if st != http.StatusBadRequest || !strings.Contains(body, c.want) || !strings.Contains(body, `id="f-period"`) {
				t.Errorf("%s: %d, want 400 with %q", c.path, st, c.want)
			}
		}

		// Exports: CSV that parses, with the page's numbers; XLSX that opens with its sheet.
		st, ct, data := r.fetch("", "/cong-khai/xuat?period=2026-03&table=rankings&format=csv")
		if st != http.StatusOK || !strings.HasPrefix(ct, "text/csv") {
			t.Fatalf("csv: %d %s", st, ct)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatalf("csv: %v", err)
		}
		if len(recs) < 3 || recs[0][1] != "Đơn vị" || findRow(recs[1:], "Phường Ba Đình") == nil || findRow(recs[1:], "Phường Ba Đình")[3] != "2" {
			t.Errorf("csv: %v", recs)
		}
		st, _, data = r.fetch("", "/cong-khai/xuat?period=2026-03&table=trend&format=csv")
		recs, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
		if st != http.StatusOK || err != nil || findRow(recs, "2026-03") == nil || findRow(recs, "2026-03")[1] != "3" {
			t.Errorf("trend csv: %d %v %v", st, err, recs)
		}
		for _, table := range []string{"rankings", "trend", "late"} {
			st, ct, data = r.fetch("", "/cong-khai/xuat?period=2026-03&table="+table+"&format=xlsx")
			if st != http.StatusOK || !strings.Contains(ct, "spreadsheetml") {
				t.Fatalf("xlsx %s: %d %s", table, st, ct)
			}
			sheet := xlsxSheet(t, data)
			if table == "rankings" && !strings.Contains(sheet, "Phường Ba Đình") {
				t.Errorf("xlsx rankings lacks the ward")
			}
		}
		if st, _, _ := r.fetch("", "/cong-khai/xuat?period=2026-03&table=indicators&format=csv"); st != http.StatusBadRequest {
			t.Errorf("the indicator table is for officials: %d", st)
		}
		if st, _, _ := r.fetch("", "/cong-khai/xuat?period=2026-03&table=trend&format=pdf"); st != http.StatusBadRequest {
			t.Errorf("unknown format: %d", st)
		}
	})
}

func format2(f float64) string { return stats.DecimalVN(f) }

// xlsxSheet opens a workbook and returns its first sheet's XML.
func xlsxSheet(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("xlsx is not a zip: %v", err)
	}
	for _, f := range z.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatal("xlsx without xl/worksheets/sheet1.xml")
	return ""
}

// TestLeaderDashboard: an official sees the figures of the units they work at, the QĐ 766
// table with scores and KPI 2.1 in both modes, every number linking to the dossiers behind it; a
// unit outside their units is refused; the periodic report reads back with its rows and total.
func TestLeaderDashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, codes := dashRig(t, db)
		if st, loc, _ := r.browser().get("/bang-dieu-khien"); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Errorf("anonymous: %d %s", st, loc)
		}
		sup := r.signIn("supervisor")
		st, _, body := sup.get("/bang-dieu-khien?period=2026-03")
		if st != http.StatusOK {
			t.Fatalf("supervisor: %d\n%s", st, body)
		}
		rep := r.report("2026-03", 0)
		lit := r.report("2026-03", 0).Literal766
		for _, want := range []string{"Chỉ số theo Quyết định 766/QĐ-TTg", "Chỉ số 2.1 theo hai cách tính", "Tỷ lệ TTHC cung cấp DVCTT",
			"/bang-dieu-khien/bao-cao?", "figure=received", "figure=kpi21_open_late", "mode=literal766"} {
			if !strings.Contains(body, html.EscapeString(want)) && !strings.Contains(body, want) {
				t.Errorf("leaders' dashboard lacks %q", want)
			}
		}
		kpi := rows(body, `id="h-kpi21"`)
		if row := findRow(kpi, "Đang xử lý quá hạn"); row == nil || row[1] != stats.Thousands(rep.WorkingTime.OpenLate) || row[2] != stats.Thousands(lit.OpenLate) {
			t.Errorf("KPI 2.1 open late: %v, want %d / %d", row, rep.WorkingTime.OpenLate, lit.OpenLate)
		}
		ind := rows(body, `id="h-766"`)
		v33, _ := rep.Value("3.3")
		if row := findRow(ind, "3.3"); row == nil || row[3] != stats.Thousands(v33.Denominator) {
			t.Errorf("indicator 3.3: %v", row)
		}
		v35, _ := rep.Value("3.5")
		if row := findRow(ind, "3.5"); row == nil || row[2] != stats.Thousands(v35.Numerator) || row[3] != stats.Thousands(v35.Denominator) {
			t.Errorf("indicator 3.5: %v, want %d / %d", row, v35.Numerator, v35.Denominator)
		}

		// Drill-down: the number of received dossiers links to the three dossiers.
		link := regexp.MustCompile(`href="(/bang-dieu-khien/ho-so\?[^"]*figure=received[^"]*)"`).FindStringSubmatch(body)
		if link == nil {
			t.Fatal("no link behind the received number")
		}
		st, _, list := sup.get(html.UnescapeString(link[1]))
		if st != http.StatusOK {
			t.Fatalf("drill-down: %d", st)
		}
		for _, c := range codes {
			if !strings.Contains(list, `href="/ho-so/`+c+`"`) {
				t.Errorf("drill-down lacks %s", c)
			}
		}
		if st, _, _ := sup.get("/bang-dieu-khien/ho-so?period=2026-03&figure=nope"); st != http.StatusBadRequest {
			t.Errorf("unknown figure: %d", st)
		}

		// Ward B's desk sees ward B only, and not ward A.
		desk := r.signIn("reception-b")
		st, _, body = desk.get("/bang-dieu-khien?period=2026-03")
		if st != http.StatusOK || !strings.Contains(body, `<span class="v">1</span>`) {
			t.Errorf("ward B's desk: %d", st)
		}
		if st, _, body = desk.get("/bang-dieu-khien?period=2026-03&unit=" + id(r.units["A"].ID)); st != http.StatusForbidden || !strings.Contains(body, "đơn vị mình phụ trách") {
			t.Errorf("ward B's desk on ward A: %d", st)
		}
		st, _, list = desk.get("/bang-dieu-khien/ho-so?period=2026-03&figure=received")
		if st != http.StatusOK || strings.Contains(list, codes[0]) || !strings.Contains(list, codes[2]) {
			t.Errorf("ward B's desk drill-down: %d", st)
		}

		// Exports of the indicator table.
		st, _, data := r.fetch(r.tokens["supervisor"], "/bang-dieu-khien/xuat?period=2026-03&table=indicators&format=csv")
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
		if st != http.StatusOK || err != nil || findRow(recs, "3.3") == nil || findRow(recs, "3.3")[3] != stats.Thousands(v33.Denominator) {
			t.Errorf("indicators csv: %d %v %v", st, err, recs)
		}

		// The periodic report: PDF and XLSX with a row per ward and the total.
		st, ct, data := r.fetch(r.tokens["supervisor"], "/bang-dieu-khien/bao-cao?period=2026-03&format=pdf")
		if st != http.StatusOK || ct != "application/pdf" {
			t.Fatalf("report: %d %s %s", st, ct, data)
		}
		text := pdfToText(t, data)
		sit := stats.SituationOf(rep.Report)
		for _, want := range []string{"BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "Tháng 03/2026", "THÀNH PHỐ HÀ NỘI",
			"Phường Ba Đình", "Phường Hoàn Kiếm", "Tổng cộng", "Trang 1/1"} {
			if !strings.Contains(text, want) {
				t.Errorf("report lacks %q:\n%s", want, text)
			}
		}
		total := regexp.MustCompile(`Tổng cộng\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)`).FindStringSubmatch(text)
		if total == nil || total[1] != stats.Thousands(sit.Total) || total[5] != stats.Thousands(sit.Post) {
			t.Errorf("total row %v, want %+v", total, sit)
		}
		ward := regexp.MustCompile(`Phường Ba Đình\s+(\d+)`).FindStringSubmatch(text)
		if ward == nil || ward[1] != "2" {
			t.Errorf("ward A's row: %v", ward)
		}
		st, _, data = r.fetch(r.tokens["supervisor"], "/bang-dieu-khien/bao-cao?period=2026-03&format=xlsx")
		if st != http.StatusOK || !strings.Contains(xlsxSheet(t, data), "Tổng cộng") {
			t.Errorf("report xlsx: %d", st)
		}
		if st, _, _ := r.fetch(r.tokens["supervisor"], "/bang-dieu-khien/bao-cao?period=2019-01..2026-01&format=pdf"); st != http.StatusBadRequest {
			t.Errorf("report over five years: %d", st)
		}
	})
}
