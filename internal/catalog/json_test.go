package catalog

import (
	"bytes"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/errs"
)

// smallFile is a valid catalogue file with three procedures.
const smallFile = `{
  "format": "egov-procedures/1",
  "procedures": [
    {
      "national_code": "1.001193",
      "agency": "000.00.00.{root}",
      "versions": [
        {
          "number": 1, "status": "published", "effective_from": "2025-07-01",
          "name": "Đăng ký khai sinh", "field": "Hộ tịch", "levels": ["commune"],
          "competent_unit_kind": "commune", "online_level": "full", "result_kind": "paper_document",
          "legal_basis": ["60/2014/QH13"],
          "variants": [
            {
              "code": "chung", "name": "Trường hợp chung",
              "duration": {"value": 0, "unit": "same_day", "cutoff": "15:00"},
              "fees": [{"kind": "free"}],
              "workflow": [
                {"name": "Tiếp nhận", "unit_kind": "service_centre", "role": "reception", "allotted": {"value": 1, "unit": "working_hours"}},
                {"name": "Thẩm định", "unit_kind": "commune", "role": "processing", "allotted": {"value": 4, "unit": "working_hours"}, "inter_agency": false},
                {"name": "Ký", "unit_kind": "commune", "role": "agency_leader", "allotted": {"value": 1, "unit": "working_hours"}}
              ]
            }
          ]
        }
      ]
    },
    {
      "national_code": "1.000894",
      "versions": [
        {
          "number": 1, "status": "draft", "effective_from": "2025-07-01",
          "name": "Đăng ký kết hôn", "field": "Hộ tịch", "levels": ["commune"],
          "competent_unit_kind": "commune", "online_level": "partial", "result_kind": "paper_document",
          "legal_basis": ["60/2014/QH13"],
          "variants": [{"code": "chung", "name": "Trường hợp chung", "duration": {"value": 5, "unit": "working_days"}}],
          "form": {"fields": [
            {"name": "ceremony", "type": "choice", "label": {"vi": "Hình thức"}, "options": [{"value": "a", "label": {"vi": "A"}}]}
          ]}
        }
      ]
    },
    {
      "national_code": "1.012784",
      "local_code": "1.012784.H21",
      "versions": [
        {
          "number": 1, "status": "published", "effective_from": "2025-07-01",
          "name": "Tách thửa hoặc hợp thửa đất", "field": "Đất đai", "levels": ["province"],
          "competent_unit_kind": "department", "online_level": "partial", "result_kind": "paper_document",
          "legal_basis": ["31/2024/QH15"],
          "variants": [{"code": "chung", "name": "Trường hợp chung", "duration": {"value": 22, "unit": "working_days"}}]
        }
      ]
    }
  ]
}`

func mustParse(t *testing.T, s string) *File {
	t.Helper()
	f, ps := ParseFile(strings.NewReader(s))
	if ps != nil {
		t.Fatalf("problems: %v", ps)
	}
	return f
}

func problemSet(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path+" "+p.Code)
	}
	sort.Strings(out)
	return out
}

func TestParseFileValid(t *testing.T) {
	f := mustParse(t, smallFile)
	procs, err := f.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(procs) != 3 || procs[0].Versions[0].Variants[0].Duration.Cutoff != "15:00" {
		t.Fatalf("decoded %+v", procs)
	}
	if procs[2].LegacyLocalCode != "1.012784.H21" || procs[2].LocalCode() != "" {
		t.Errorf("short local code: %q %q", procs[2].LegacyLocalCode, procs[2].LocalCode())
	}
	if err := f.Localize("H24"); err != nil {
		t.Fatal(err)
	}
	procs, _ = f.Catalog()
	if got := procs[0].LocalCode(); got != "1.001193.000.00.00.H24" {
		t.Errorf("local code after Localize: %q", got)
	}
	if err := f.Localize("24"); errs.CodeOf(err) != "invalid_organ_id" {
		t.Errorf("bad root: %v", err)
	}
}

func TestParseFileLongLocalCode(t *testing.T) {
	in := strings.Replace(smallFile, `"local_code": "1.012784.H21"`, `"local_code": "1.012784.000.00.00.H21"`, 1)
	f := mustParse(t, in)
	if f.Procedures[2].Agency != "000.00.00.H21" || f.Procedures[2].LocalCode != "" {
		t.Errorf("long local code not moved to agency: %+v", f.Procedures[2])
	}
	in = strings.Replace(smallFile, `"local_code": "1.012784.H21"`, `"local_code": "1.001193.H21"`, 1)
	if _, ps := ParseFile(strings.NewReader(in)); len(ps) != 1 || ps[0].Path != "procedures[2].local_code" || ps[0].Code != "invalid_local_code" {
		t.Errorf("mismatched local code: %v", ps)
	}
}

// TestParseFileReportsEveryProblem imports a file with five different problems: every one is
// reported with its path, and nothing is returned.
func TestParseFileReportsEveryProblem(t *testing.T) {
	in := smallFile
	// 1. an unknown key
	in = strings.Replace(in, `"number": 1, "status": "published", "effective_from": "2025-07-01",
          "name": "Đăng ký khai sinh"`, `"number": 1, "status": "published", "effective_from": "2025-07-01", "colour": "blue",
          "name": "Đăng ký khai sinh"`, 1)
	// 2. a value of the wrong type
	in = strings.Replace(in, `"inter_agency": false`, `"inter_agency": "no"`, 1)
	// 3. an unknown unit kind
	in = strings.Replace(in, `{"name": "Ký", "unit_kind": "commune"`, `{"name": "Ký", "unit_kind": "ward"`, 1)
	// 4. a malformed form schema
	in = strings.Replace(in, `"options": [{"value": "a", "label": {"vi": "A"}}]`, `"options": []`, 1)
	// 5. a duplicate code
	in = strings.Replace(in, `"national_code": "1.012784",
      "local_code": "1.012784.H21",`, `"national_code": "1.001193",`, 1)
	f, ps := ParseFile(strings.NewReader(in))
	if f != nil {
		t.Error("a file with problems was returned")
	}
	want := []string{
		"procedures[0].versions[0].colour unknown_field",
		"procedures[0].versions[0].variants[0].workflow[1].inter_agency invalid_type",
		"procedures[0].versions[0].variants[0].workflow[2].unit_kind unknown_unit_kind",
		"procedures[1].versions[0].form.fields[0].options choice_without_options",
		"procedures[2].national_code duplicate_code",
	}
	if got := problemSet(ps); !reflect.DeepEqual(got, want) {
		t.Fatalf("problems:\n got %q\nwant %q", got, want)
	}
	for _, p := range ps {
		if p.Message == "" || p.English == "" {
			t.Errorf("no message: %+v", p)
		}
	}
}

func TestParseFileStrict(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"not JSON", `{"format": `, []string{" invalid_json"}},
		{"trailing data", `{"format": "egov-procedures/1", "procedures": []} []`, []string{" invalid_json"}},
		{"not an object", `[1, 2]`, []string{" invalid_type"}},
		{"wrong format", `{"format": "egov-procedures/2", "procedures": []}`, []string{"format unsupported_format"}},
		{"no format", `{"procedures": []}`, []string{"format required"}},
		{"duplicate key", `{"format": "egov-procedures/1", "format": "egov-procedures/1", "procedures": []}`, []string{"format duplicate_key"}},
		{"unknown keys everywhere", `{"format": "egov-procedures/1", "x": 1, "procedures": [{"national_code": "1.001193", "y": 2, "versions": []}]}`,
			[]string{"procedures[0].versions required", "procedures[0].y unknown_field", "x unknown_field"}},
		{"procedures not a list", `{"format": "egov-procedures/1", "procedures": {}}`, []string{"procedures invalid_type"}},
		{"fraction for an integer", `{"format": "egov-procedures/1", "procedures": [{"national_code": "1.001193", "versions": [{"number": 1.5}]}]}`,
			[]string{"procedures[0].versions[0].number invalid_type"}},
		{"bad dates are not also missing", `{"format": "egov-procedures/1", "procedures": [{"national_code": "1.001193", "versions": [{"effective_from": "1/7/2025"}]}]}`,
			[]string{"procedures[0].versions[0].effective_from invalid_date"}},
		{"too deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), []string{" invalid_json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ps := ParseFile(strings.NewReader(tc.in))
			if f != nil {
				t.Error("file returned")
			}
			got := problemSet(ps)
			// Only check the listed problems; a broken version also misses its required fields.
			for _, w := range tc.want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("missing %q in %q", w, got)
				}
			}
			if strings.HasPrefix(tc.name, "bad dates") {
				for _, g := range got {
					if strings.HasPrefix(g, "procedures[0].versions[0].effective_from ") && g != tc.want[0] {
						t.Errorf("date reported twice: %q", got)
					}
				}
			}
		})
	}
}

func TestDemoCatalogue(t *testing.T) {
	f, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	procs, err := f.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(procs) < 60 {
		t.Fatalf("%d procedures, want at least 60", len(procs))
	}
	levels := map[Level]int{}
	confirmed, districtEnds, replaced := 0, 0, 0
	byField := map[string]int{}
	for _, p := range procs {
		if !strings.Contains(p.Agency, RootPlaceholder) {
			t.Errorf("%s: agency %q does not use the placeholder", p.NationalCode, p.Agency)
		}
		if !p.Illustrative {
			confirmed++
		}
		for i := range p.Versions {
			v := &p.Versions[i]
			if v.Status != StatusPublished {
				t.Errorf("%s v%d is %s", p.NationalCode, v.Number, v.Status)
			}
			byField[v.Field]++
			for _, l := range v.Levels {
				levels[l]++
			}
			if v.HasLevel(LevelDistrict) {
				if v.EffectiveTo.String() != "2025-06-30" {
					t.Errorf("%s v%d: district version ends %s", p.NationalCode, v.Number, v.EffectiveTo)
				}
				districtEnds++
				next, ok := VersionOn(p.Versions, day("2025-07-01"))
				if !ok || next.HasLevel(LevelDistrict) || (!next.HasLevel(LevelCommune) && !next.HasLevel(LevelProvince)) {
					t.Errorf("%s: no commune or city replacement from 2025-07-01", p.NationalCode)
				} else {
					replaced++
				}
			}
		}
		if !p.Illustrative && len(p.Sources) == 0 {
			t.Errorf("%s: confirmed values without a source", p.NationalCode)
		}
	}
	if levels[LevelCommune] == 0 || levels[LevelDistrict] < 10 || levels[LevelProvince] < 5 {
		t.Errorf("levels %v", levels)
	}
	if districtEnds != replaced || replaced < 10 {
		t.Errorf("%d district versions, %d replaced", districtEnds, replaced)
	}
	if confirmed < 60 {
		t.Errorf("only %d procedures with confirmed codes", confirmed)
	}
	if bytes.Contains(demoFile, []byte("H24")) {
		t.Error("the demo data hard-codes H24")
	}
	t.Logf("%d procedures (%d with confirmed codes), levels %v, fields %v", len(procs), confirmed, levels, byField)
}

// TestDemoRoundTrip: ParseFile → WriteFile → ParseFile gives the same file, and writing is stable.
func TestDemoRoundTrip(t *testing.T) {
	f1, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	procs, err := f1.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	var out1 bytes.Buffer
	if err := WriteFile(&out1, procs); err != nil {
		t.Fatal(err)
	}
	f2, ps := ParseFile(bytes.NewReader(out1.Bytes()))
	if ps != nil {
		t.Fatalf("exported file does not parse: %v", ps[:min(5, len(ps))])
	}
	if !reflect.DeepEqual(f1, f2) {
		for i := range f1.Procedures {
			if !reflect.DeepEqual(f1.Procedures[i], f2.Procedures[i]) {
				t.Fatalf("procedure %s differs after a round trip", f1.Procedures[i].NationalCode)
			}
		}
		t.Fatal("files differ after a round trip")
	}
	procs2, _ := f2.Catalog()
	var out2 bytes.Buffer
	if err := WriteFile(&out2, procs2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
		t.Error("writing the same catalogue twice gives different bytes")
	}
	if !bytes.Contains(out1.Bytes(), []byte(`"name": "Đăng ký khai sinh"`)) {
		t.Error("export escapes or loses Vietnamese text")
	}
}

func TestCatalogRejectsBrokenFile(t *testing.T) {
	f := mustParse(t, smallFile)
	f.Procedures[0].Versions[0].EffectiveFrom = "2025-13-01"
	_, err := f.Catalog()
	var ie *InvalidError
	if !errors.As(err, &ie) || ie.Problems[0].Path != "procedures[0].versions[0].effective_from" {
		t.Fatalf("want invalid date, got %v", err)
	}
}

func FuzzParseFile(f *testing.F) {
	f.Add([]byte(smallFile))
	f.Add(demoFile[:4096])
	f.Add([]byte(`{"format":"egov-procedures/1","procedures":[{"national_code":"1.001193","versions":[{"number":1e400}]}]}`))
	f.Add([]byte(`{"format":"egov-procedures/1","procedures":[{"versions":[{"variants":[{"duration":{"value":-0,"unit":"same_day","cutoff":"24:00"},"workflow":[{"allotted":null}]}],"form":{"fields":[{"type":"choice","rules":{"pattern":"(","min":2,"max":1}}]}}]}]}`))
	f.Add([]byte(`[[[[{"a":`))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, ps := ParseFile(bytes.NewReader(data))
		if (file == nil) == (len(ps) == 0) {
			t.Fatalf("file %v with %d problems", file != nil, len(ps))
		}
		if file != nil {
			procs, err := file.Catalog()
			if err != nil {
				t.Fatalf("parsed file does not convert: %v", err)
			}
			var buf bytes.Buffer
			if err := WriteFile(&buf, procs); err != nil {
				t.Fatal(err)
			}
			if _, ps := ParseFile(&buf); ps != nil {
				t.Fatalf("exported file does not parse: %v", ps)
			}
		}
	})
}
