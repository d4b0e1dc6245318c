package ident

import (
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

var now2025 = time.Date(2025, 9, 1, 10, 0, 0, 0, vietnam)

func TestProvinces(t *testing.T) {
	ps := Provinces()
	if len(ps) != 63 {
		t.Fatalf("got %d provinces, want 63", len(ps))
	}
	if ps[0] != (Province{"001", "Hà Nội"}) || ps[62] != (Province{"096", "Cà Mau"}) {
		t.Errorf("first/last = %v / %v", ps[0], ps[62])
	}
	for _, p := range ps {
		if len(p.Code) != 3 || p.Code[0] != '0' || !allDigits(p.Code) || p.Name == "" {
			t.Errorf("bad province %+v", p)
		}
	}
	for code, name := range map[string]string{
		"002": "Hà Giang", "004": "Cao Bằng", "008": "Tuyên Quang", "010": "Lào Cai", "020": "Lạng Sơn",
		"022": "Quảng Ninh", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
		"033": "Hưng Yên", "034": "Thái Bình", "036": "Nam Định", "038": "Thanh Hóa", "040": "Nghệ An",
		"048": "Đà Nẵng", "079": "Thành phố Hồ Chí Minh", "092": "Cần Thơ",
	} {
		if p, ok := LookupProvince(code); !ok || p.Name != name {
			t.Errorf("LookupProvince(%s) = %v, %v; want %s", code, p, ok, name)
		}
	}
	for _, code := range []string{"000", "003", "028", "097", "099", "1", "01", "0001"} {
		if _, ok := LookupProvince(code); ok {
			t.Errorf("LookupProvince(%q) ok, want unknown", code)
		}
	}
}

func TestParsePersonalID(t *testing.T) {
	tests := []struct {
		id, in   string
		now      time.Time
		code     string // "" = valid
		province string
		male     bool
		year     int
	}{
		{"TV-ID-01", "001203012345", now2025, "", "Hà Nội", true, 2003},
		{"TV-ID-03", "038087042028", now2025, "", "Thanh Hóa", true, 1987},
		{"TV-ID-04 length", "00120301234", now2025, CodeInvalidPersonalID, "", false, 0},
		{"TV-ID-04 non-digit", "001A03012345", now2025, CodeInvalidPersonalID, "", false, 0},
		{"TV-ID-04 space", "001 203012345", now2025, CodeInvalidPersonalID, "", false, 0},
		{"TV-ID-05", "999203012345", now2025, CodeUnknownProvince, "", false, 0},
		{"female 1900s", "079195000001", now2025, "", "Thành phố Hồ Chí Minh", false, 1995},
		{"female 2000s", "096305000001", now2025, "", "Cà Mau", false, 2005},
		{"male 1900", "001000000001", now2025, "", "Hà Nội", true, 1900},
		{"birth this year", "001225000001", now2025, "", "Hà Nội", true, 2025},
		{"birth next year", "001226000001", now2025, CodeInvalidPersonalID, "", false, 0},
		{"2100s", "001400000001", now2025, CodeInvalidPersonalID, "", false, 0},
		{"2100s zero now", "001500000001", time.Time{}, "", "Hà Nội", false, 2100},
		{"2300s zero now", "001999000001", time.Time{}, "", "Hà Nội", false, 2399},
		// New year in Vietnam while it is still the old year in UTC.
		{"year edge local", "001226000001", time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC), "", "Hà Nội", true, 2026},
		{"year edge utc", "001226000001", time.Date(2025, 12, 31, 16, 59, 0, 0, time.UTC), CodeInvalidPersonalID, "", false, 0},
		{"Hà Tây (merged 2008) not a code", "028090000001", now2025, CodeUnknownProvince, "", false, 0},
		{"CMND 9 digits", "012345678", now2025, CodeInvalidPersonalID, "", false, 0},
		{"empty", "", now2025, CodeInvalidPersonalID, "", false, 0},
		{"13 digits", "0012030123456", now2025, CodeInvalidPersonalID, "", false, 0},
		{"leading space", " 001203012345", now2025, CodeInvalidPersonalID, "", false, 0},
		{"full-width digits", "００１２０３０１２３４５", now2025, CodeInvalidPersonalID, "", false, 0},
		{"dashes", "001-203-012345", now2025, CodeInvalidPersonalID, "", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p, err := ParsePersonalID(tt.in, tt.now)
			if tt.code != "" {
				if err == nil {
					t.Fatalf("ParsePersonalID(%q) = %+v, want error %s", tt.in, p, tt.code)
				}
				checkErr(t, err, errs.Invalid, tt.code, "personal_id")
				return
			}
			if err != nil {
				t.Fatalf("ParsePersonalID(%q): %v", tt.in, err)
			}
			if p.Number != tt.in || p.String() != tt.in || p.Province.Name != tt.province || p.Province.Code != tt.in[:3] || p.Male != tt.male || p.BirthYear != tt.year {
				t.Errorf("ParsePersonalID(%q) = %+v; want %s male=%v %d", tt.in, p, tt.province, tt.male, tt.year)
			}
		})
	}
}

func TestLegacyCMNDMessage(t *testing.T) {
	_, err := ParsePersonalID("012345678", now2025)
	if e := errs.Public(err); !strings.Contains(e.Message, "giấy tờ cũ") {
		t.Errorf("message %q should say a CMND is a legacy document", e.Message)
	}
	if !IsLegacyIDCard("012345678") || IsLegacyIDCard("001203012345") || IsLegacyIDCard("01234567a") {
		t.Error("IsLegacyIDCard")
	}
}

func TestCheckBirthDate(t *testing.T) {
	p, err := ParsePersonalID("001203012345", now2025)
	if err != nil {
		t.Fatal(err)
	}
	// TV-ID-07: declared 2002-05-01 against 2003.
	err = p.CheckBirthDate(time.Date(2002, 5, 1, 0, 0, 0, 0, time.UTC))
	checkErr(t, err, errs.Invalid, CodeBirthYearMismatch, "birth_date")
	if !IsWarning(err) {
		t.Error("birth year mismatch should be a warning")
	}
	if !strings.Contains(errs.Public(err).Message, "2002") || !strings.Contains(errs.Public(err).Message, "2003") {
		t.Errorf("message should name both years: %s", errs.Public(err).Message)
	}
	if err := p.CheckBirthDate(time.Date(2003, 12, 31, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Errorf("matching year: %v", err)
	}
	if err := p.CheckBirthDate(time.Date(2003, 1, 1, 0, 0, 0, 0, vietnam)); err != nil {
		t.Errorf("matching year in Vietnam: %v", err)
	}
	if IsWarning(nil) {
		t.Error("IsWarning(nil)")
	}
	_, err = ParsePersonalID("999203012345", now2025)
	if IsWarning(err) {
		t.Error("an unknown province is not a warning")
	}
}

func TestParseTaxCode(t *testing.T) {
	tests := []struct {
		id, in   string
		opts     TaxCodeOptions
		code     string
		branch   string
		personal bool
	}{
		{"TV-ID-08", "0100109106", TaxCodeOptions{}, "", "", false},
		{"TV-ID-09", "0100109107", TaxCodeOptions{}, CodeTaxCodeChecksum, "", false},
		{"TV-ID-10", "0100109106-001", TaxCodeOptions{}, "", "001", false},
		{"TV-ID-11", "0100109106-000", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"TV-ID-15 9 digits", "010010910", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"TV-ID-15 11 digits", "01001091061", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"TV-ID-16", "001203012345", TaxCodeOptions{}, "", "", true},
		{"TV-ID-16 with now", "001203012345", TaxCodeOptions{Now: now2025}, "", "", true},
		{"remainder 10 gives 0", "0300123450", TaxCodeOptions{}, "", "", false},
		{"remainder 10 other digit", "0300123451", TaxCodeOptions{}, CodeTaxCodeChecksum, "", false},
		{"remainder 0 rejected (S = 0)", "0000000000", TaxCodeOptions{}, CodeTaxCodeChecksum, "", false},
		{"remainder 0 accepted", "0000000000", TaxCodeOptions{AcceptRemainderZero: true}, "", "", false},
		{"remainder 0 accepted wrong digit", "0000000001", TaxCodeOptions{AcceptRemainderZero: true}, CodeTaxCodeChecksum, "", false},
		{"branch 999", "0100109106-999", TaxCodeOptions{}, "", "999", false},
		{"branch bad checksum", "0100109107-001", TaxCodeOptions{}, CodeTaxCodeChecksum, "", false},
		{"branch 2 digits", "0100109106-01", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"branch 4 digits", "0100109106-0001", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"branch letters", "0100109106-00A", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"branch empty", "0100109106-", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"two branches", "0100109106-001-002", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"13 digits no dash", "0100109106001", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"space", "0100109106 -001", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"letters", "01001O9106", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"empty", "", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
		{"personal unknown province", "999203012345", TaxCodeOptions{}, CodeUnknownProvince, "", false},
		{"personal future year", "001226000001", TaxCodeOptions{Now: now2025}, CodeInvalidPersonalID, "", false},
		{"personal with branch", "001203012345-001", TaxCodeOptions{}, CodeInvalidTaxCode, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			tc, err := ParseTaxCode(tt.in, tt.opts)
			if tt.code != "" {
				if err == nil {
					t.Fatalf("ParseTaxCode(%q) = %+v, want error %s", tt.in, tc, tt.code)
				}
				checkErr(t, err, errs.Invalid, tt.code, "tax_code")
				return
			}
			if err != nil {
				t.Fatalf("ParseTaxCode(%q): %v", tt.in, err)
			}
			if tc.String() != tt.in || tc.Branch != tt.branch || tc.Personal != tt.personal || tc.IsBranch() != (tt.branch != "") {
				t.Errorf("ParseTaxCode(%q) = %+v", tt.in, tc)
			}
			if p := tc.Parent(); p.Branch != "" || p.Base != tc.Base {
				t.Errorf("Parent = %+v", p)
			}
		})
	}
}

func TestTaxCodeCheckDigit(t *testing.T) {
	tests := []struct {
		n9     string
		accept bool
		digit  int
		ok     bool
	}{
		{"010010910", false, 6, true}, // S = 114, r = 4 (TV-ID-08)
		{"030012345", false, 0, true}, // S = 186, r = 10
		{"000000000", false, 0, false},
		{"000000000", true, 0, true},
		{"100000000", false, 1, true}, // S = 31, r = 9
		{"00000000a", false, 0, false},
		{"01001091", false, 0, false},
	}
	for _, tt := range tests {
		d, ok := TaxCodeCheckDigit(tt.n9, tt.accept)
		if d != tt.digit || ok != tt.ok {
			t.Errorf("TaxCodeCheckDigit(%q, %v) = %d, %v; want %d, %v", tt.n9, tt.accept, d, ok, tt.digit, tt.ok)
		}
	}
	// Every valid 10-digit code parses, every other last digit fails.
	for _, n9 := range []string{"010010910", "030012345", "100000000", "987654321", "123456789"} {
		d, ok := TaxCodeCheckDigit(n9, false)
		for last := range 10 {
			s := n9 + string(rune('0'+last))
			_, err := ParseTaxCode(s, TaxCodeOptions{})
			if want := ok && last == d; (err == nil) != want {
				t.Errorf("ParseTaxCode(%s) err = %v, want valid=%v", s, err, want)
			}
		}
	}
}

func checkErr(t *testing.T, err error, kind errs.Kind, code, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want error %s, got nil", code)
	}
	if errs.KindOf(err) != kind || errs.CodeOf(err) != code {
		t.Fatalf("error %v: kind %s code %s, want %s %s", err, errs.KindOf(err), errs.CodeOf(err), kind, code)
	}
	e := errs.Public(err)
	if e.Field != field || e.Message == "" || e.English == "" {
		t.Errorf("error %v: field %q, want %q; messages %q / %q", err, e.Field, field, e.Message, e.English)
	}
}

func FuzzParsePersonalID(f *testing.F) {
	for _, s := range []string{"001203012345", "038087042028", "00120301234", "001A03012345", "001 203012345", "999203012345", "012345678", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePersonalID(s, now2025)
		if err != nil {
			if code := errs.CodeOf(err); code != CodeInvalidPersonalID && code != CodeUnknownProvince {
				t.Fatalf("ParsePersonalID(%q): unexpected code %s", s, code)
			}
			return
		}
		if p.Number != s || len(s) != 12 || !allDigits(s) || p.BirthYear > 2025 || p.BirthYear < 1900 || p.BirthYear%100 != int(s[4]-'0')*10+int(s[5]-'0') {
			t.Fatalf("ParsePersonalID(%q) = %+v", s, p)
		}
		if q, ok := LookupProvince(s[:3]); !ok || q != p.Province {
			t.Fatalf("province of %q = %+v", s, p.Province)
		}
		if p.CheckBirthDate(time.Date(p.BirthYear, 6, 1, 0, 0, 0, 0, time.UTC)) != nil {
			t.Fatalf("own birth year rejected for %q", s)
		}
	})
}

func FuzzParseTaxCode(f *testing.F) {
	for _, s := range []string{"0100109106", "0100109107", "0100109106-001", "0100109106-000", "010010910", "01001091061", "001203012345", "0300123450", "0000000000"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, accept bool) {
		tc, err := ParseTaxCode(s, TaxCodeOptions{AcceptRemainderZero: accept})
		if err != nil {
			switch errs.CodeOf(err) {
			case CodeInvalidTaxCode, CodeTaxCodeChecksum, CodeInvalidPersonalID, CodeUnknownProvince:
			default:
				t.Fatalf("ParseTaxCode(%q): unexpected code %s", s, errs.CodeOf(err))
			}
			return
		}
		if tc.String() != s {
			t.Fatalf("round trip %q -> %q", s, tc.String())
		}
		if tc.Personal {
			if _, err := ParsePersonalID(tc.Base, time.Time{}); err != nil || tc.Branch != "" {
				t.Fatalf("personal tax code %q: %v", s, err)
			}
			return
		}
		d, ok := TaxCodeCheckDigit(tc.Base[:9], accept)
		if !ok || int(tc.Base[9]-'0') != d || tc.Branch == "000" {
			t.Fatalf("accepted %q with wrong check digit or branch", s)
		}
	})
}
