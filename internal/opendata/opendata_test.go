package opendata_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/opendata"
	"github.com/egov-vn/egov/internal/org"
)

func TestCSVIsExcelFriendlyRFC4180(t *testing.T) {
	u := &org.Unit{ID: 7, GSOCode: "00070", Name: `Phường "Hoàn Kiếm", cũ`, Kind: org.KindCommune, Category: "Phường",
		ParentID: 1, ValidFrom: date("2020-01-01"), ValidTo: date("2025-06-30"),
		Successors: []org.Successor{{UnitID: 9}, {UnitID: 12, Partial: true}}}
	formula := &org.Unit{ID: 8, Name: "=HYPERLINK(1)", Kind: org.KindDivision, ValidFrom: date("2025-07-01")}
	tab := opendata.UnitTable([]*org.Unit{u, formula})
	var b bytes.Buffer
	if err := opendata.WriteCSV(&b, tab); err != nil {
		t.Fatal(err)
	}
	raw := b.String()
	if !strings.HasPrefix(raw, "\uFEFFid,organ_id,gso_code,name,") || !strings.Contains(raw, "\r\n") {
		t.Fatalf("BOM, header and CRLF expected: %q", raw)
	}
	if !strings.Contains(raw, `"Phường ""Hoàn Kiếm"", cũ"`) {
		t.Errorf("quotes and commas are quoted as RFC 4180 says: %q", raw)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[1][3] != `Phường "Hoàn Kiếm", cũ` || recs[1][10] != "9; 12" || recs[1][11] != "12" || recs[1][9] != "2025-06-30" {
		t.Errorf("rows: %q", recs)
	}
	if recs[2][3] != "'=HYPERLINK(1)" || recs[2][7] != "" {
		t.Errorf("a formula is defused and an empty parent is empty: %q", recs[2])
	}
}

func TestSmallCountsAreWithheld(t *testing.T) {
	tab := opendata.AggregateTable([]opendata.Aggregate{
		{Month: "2026-03", UnitID: 1, UnitName: "A", ProcedureCode: "1.000001", ProcedureName: "X", Channel: 1, Received: 5, Processed: 4, OnTime: 3, Late: 1},
		{Month: "2026-03", UnitID: 1, UnitName: "A", ProcedureCode: "1.000002", ProcedureName: "Y", Channel: 2, Received: 2, Processed: 0},
		{Month: "2026-03", UnitID: 1, UnitName: "A", ProcedureCode: "1.000003", ProcedureName: "Z", Channel: 2, Received: 3, Processed: 6, OnTime: 6, Late: 0},
	})
	got := func(r, c int) any { return tab.Rows[r][c] }
	// Columns: 7 received, 8 processed, 9 on time, 10 late.
	if got(0, 7) != 5 || got(0, 8) != 4 || got(0, 9) != nil || got(0, 10) != nil {
		t.Errorf("late 1 is withheld, and on time with it (else 4−3 gives it away): %v", tab.Rows[0])
	}
	if got(1, 7) != nil || got(1, 8) != 0 {
		t.Errorf("2 received is withheld, 0 is not: %v", tab.Rows[1])
	}
	if got(2, 7) != 3 || got(2, 9) != 6 || got(2, 10) != 0 {
		t.Errorf("3 and more are shown: %v", tab.Rows[2])
	}
	d := opendata.Definitions()[2]
	var b bytes.Buffer
	if err := opendata.WriteJSON(&b, d, tab); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Dataset string           `json:"dataset"`
		Fields  []map[string]any `json:"fields"`
		Records []map[string]any `json:"records"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if doc.Dataset != opendata.MonthlyName || len(doc.Fields) != 11 || len(doc.Records) != 3 {
		t.Fatalf("json: %s", b.String())
	}
	if v, ok := doc.Records[1]["received"]; !ok || v != nil {
		t.Errorf("a withheld count is null: %v", doc.Records[1])
	}
	if !regexp.MustCompile(`\{"month":"2026-03","unit_id":1,`).Match(b.Bytes()) {
		t.Errorf("keys in column order: %s", b.String())
	}
}

func TestSlugAndSearch(t *testing.T) {
	if s := opendata.Slug("Ủy ban nhân dân Thành phố Hà Nội"); s != "uy-ban-nhan-dan-thanh-pho-ha-noi" {
		t.Errorf("slug %q", s)
	}
	ds := opendata.Definitions()
	if !ds[0].Matches("thu tuc") || !ds[0].Matches("Thủ tục phí") || ds[0].Matches("sáp nhập") || !ds[1].Matches("reorganisation") {
		t.Error("search folds diacritics and needs every word")
	}
	if ds[0].ID() == ds[1].ID() || ds[0].ID() != opendata.Definitions()[0].ID() {
		t.Error("ids are stable and distinct")
	}
}

func date(s string) org.Date { d, _ := org.ParseDate(s); return d }
