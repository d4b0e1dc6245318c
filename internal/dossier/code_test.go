package dossier

import (
	"fmt"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
)

func TestFormatCode(t *testing.T) {
	tests := []struct {
		id   string
		unit string
		at   time.Time
		seq  int
		want string
		code string
		kind errs.Kind
	}{
		{"TV-CODE-01", "000.00.06.H56", time.Date(2023, 10, 27, 9, 0, 0, 0, vietnam), 361, "000.00.06.H56-231027-0361", "", ""},
		{"TV-CODE-02", "000.17.22.H56", time.Date(2021, 5, 31, 8, 0, 0, 0, vietnam), 1, "000.17.22.H56-210531-0001", "", ""},
		// R5.1b: 00:30 local on 01/01/2026 is 17:30 UTC on 31/12/2025.
		{"R5.1b local date", "000.00.00.H24", time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC), 1, "000.00.00.H24-260101-0001", "", ""},
		{"R5.1b same instant local", "000.00.00.H24", time.Date(2026, 1, 1, 0, 30, 0, 0, vietnam), 1, "000.00.00.H24-260101-0001", "", ""},
		{"R5.1b just before midnight", "000.00.00.H24", time.Date(2025, 12, 31, 16, 59, 59, 0, time.UTC), 12, "000.00.00.H24-251231-0012", "", ""},
		{"max seq", "000.00.00.H24", time.Date(2025, 7, 1, 9, 0, 0, 0, vietnam), 9999, "000.00.00.H24-250701-9999", "", ""},
		{"R5.1c overflow", "000.00.00.H24", time.Date(2025, 7, 1, 9, 0, 0, 0, vietnam), 10000, "", CodeDailySequenceExhausted, errs.Conflict},
		{"seq 0", "000.00.00.H24", time.Date(2025, 7, 1, 9, 0, 0, 0, vietnam), 0, "", CodeInvalidSequence, errs.Invalid},
		{"seq negative", "000.00.00.H24", time.Date(2025, 7, 1, 9, 0, 0, 0, vietnam), -1, "", CodeInvalidSequence, errs.Invalid},
		{"bad unit", "00.00.00.H41", time.Date(2025, 7, 1, 9, 0, 0, 0, vietnam), 1, "", "invalid_organ_id", errs.Invalid},
		{"shortened unit never generated", "H56.14", time.Date(2024, 8, 23, 9, 0, 0, 0, vietnam), 1, "", "invalid_organ_id", errs.Invalid},
		{"year 2100", "000.00.00.H24", time.Date(2100, 1, 1, 9, 0, 0, 0, vietnam), 1, "", CodeInvalidDate, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, err := FormatCode(tt.unit, tt.at, tt.seq)
			if tt.code != "" {
				if errs.CodeOf(err) != tt.code || errs.KindOf(err) != tt.kind {
					t.Fatalf("FormatCode = %q, %v; want %s (%s)", got, err, tt.code, tt.kind)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("FormatCode = %q, %v; want %q", got, err, tt.want)
			}
			c, err := ParseCode(got)
			if err != nil || c.String() != got || c.Unit != tt.unit || c.Seq != tt.seq || c.Date != LocalDate(tt.at) || c.Legacy {
				t.Errorf("ParseCode(%q) = %+v, %v", got, c, err)
			}
		})
	}
}

// TV-CODE-03: daily reset per unit.
func TestDailySequence(t *testing.T) {
	unit := "000.00.00.H24"
	var c DailySequence
	day1 := time.Date(2025, 7, 1, 8, 5, 0, 0, vietnam)
	day2 := time.Date(2025, 7, 2, 8, 5, 0, 0, vietnam)
	var got []string
	for _, at := range []time.Time{day1, day1.Add(time.Hour), day2, day2.Add(time.Minute)} {
		seq, next, err := c.Take(LocalDate(at))
		if err != nil {
			t.Fatal(err)
		}
		c = next
		code, err := FormatCode(unit, at, seq)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, code)
	}
	want := []string{unit + "-250701-0001", unit + "-250701-0002", unit + "-250702-0001", unit + "-250702-0002"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("codes = %v, want %v", got, want)
	}
	// The counter is keyed by the local date: 23:30 UTC on 01/07 is 06:30 on 02/07 in Hà Nội.
	c = DailySequence{Date: calendar.D(2025, 7, 1), Next: 40}
	if seq, next, _ := c.Take(LocalDate(time.Date(2025, 7, 1, 23, 30, 0, 0, time.UTC))); seq != 1 || next.Date != calendar.D(2025, 7, 2) || next.Next != 2 {
		t.Errorf("Take across local midnight = %d, %+v", seq, next)
	}
	// Gaps are tolerated: the counter carries on from Next.
	if seq, next, _ := c.Take(calendar.D(2025, 7, 1)); seq != 40 || next.Next != 41 {
		t.Errorf("Take same day = %d, %+v", seq, next)
	}
	// A date before the counter's date would reuse numbers of that day.
	if seq, next, err := c.Take(calendar.D(2025, 6, 30)); errs.CodeOf(err) != CodeSequenceDateBackwards || next != c || seq != 0 {
		t.Errorf("Take backwards = %d, %+v, %v", seq, next, err)
	}
}

func TestParseCode(t *testing.T) {
	valid := map[string]Code{
		"000.00.06.H56-231027-0361": {Unit: "000.00.06.H56", Date: calendar.D(2023, 10, 27), Seq: 361},
		"000.17.22.H56-210531-0001": {Unit: "000.17.22.H56", Date: calendar.D(2021, 5, 31), Seq: 1},
		"000.00.00.H24-240229-9999": {Unit: "000.00.00.H24", Date: calendar.D(2024, 2, 29), Seq: 9999},
	}
	for s, want := range valid {
		c, err := ParseCode(s)
		if err != nil || c != want || c.String() != s {
			t.Errorf("ParseCode(%q) = %+v, %v; want %+v", s, c, err, want)
		}
		if c, err := ParseCodeLenient(" " + s + "\t"); err != nil || c != want {
			t.Errorf("ParseCodeLenient(%q) = %+v, %v", s, c, err)
		}
	}
	invalid := []string{
		"000.00.06.H56-231027-361", // TV-CODE-06: sequence of 3 digits
		"H56.14-240823-0001",       // TV-CODE-07: shortened unit (lenient only)
		"000.00.06.H56-231027-00361",
		"000.00.06.H56-231027-0000", // sequences start at 1
		"000.00.06.H56-231332-0001", // no 32nd of the 13th month
		"000.00.06.H56-230229-0001", // 2023 is not a leap year
		"000.00.06.h56-231027-0361",
		"00.00.06.H56-231027-0361",
		"000.00.06.H5-231027-0361",
		"000.05.00.H24-231027-0001", // level 3 without level 2
		"000.00.06.H56 231027 0361",
		"000.00.06.H56-20231027-0361",
		" 000.00.06.H56-231027-0361",
		"000.00.06.H56-231027-0361\n",
		"",
	}
	for _, s := range invalid {
		c, err := ParseCode(s)
		if err == nil {
			t.Errorf("ParseCode(%q) = %+v, want error", s, c)
			continue
		}
		if errs.CodeOf(err) != CodeInvalidDossierCode || errs.KindOf(err) != errs.Invalid || errs.Public(err).Field != "code" {
			t.Errorf("ParseCode(%q): %v", s, err)
		}
	}
}

func TestParseCodeLenient(t *testing.T) {
	// TV-CODE-07: accepted for imports, kept as received, marked Legacy.
	c, err := ParseCodeLenient("H56.14-240823-0001")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Code{Unit: "H56.14", Date: calendar.D(2024, 8, 23), Seq: 1, Legacy: true}); c != want || c.String() != "H56.14-240823-0001" {
		t.Errorf("ParseCodeLenient = %+v", c)
	}
	for _, s := range []string{"H56-240823-0001", "H56.14.02.003-240823-0001"} {
		if c, err := ParseCodeLenient(s); err != nil || !c.Legacy || c.String() != s {
			t.Errorf("ParseCodeLenient(%q) = %+v, %v", s, c, err)
		}
	}
	for _, s := range []string{
		"000.00.06.H56-231027-361", // TV-CODE-06 stays invalid
		"H56.14-240823-001",
		"H56.14-240832-0001",
		"H56.14-240823-0000",
		"h56.14-240823-0001",
		"H5.14-240823-0001",
		"H56.14.1.2.3-240823-0001",
		"H56.1-240823-0001",
		"",
	} {
		if c, err := ParseCodeLenient(s); errs.CodeOf(err) != CodeInvalidDossierCode {
			t.Errorf("ParseCodeLenient(%q) = %+v, %v; want invalid", s, c, err)
		}
	}
}

type testFormat struct{ tt01 }

func (testFormat) Name() string                 { return "test" }
func (testFormat) EffectiveFrom() calendar.Date { return calendar.D(2026, 7, 1) }

// R5.1e: the format is chosen by the local reception date.
func TestFormatFor(t *testing.T) {
	if f := FormatFor(calendar.D(2025, 7, 1)); f.Name() != "TT01/2018" || f.MaxSeq() != 9999 {
		t.Errorf("FormatFor(2025-07-01) = %s", f.Name())
	}
	if d := TT01.EffectiveFrom(); d != calendar.D(2018, 11, 23) {
		t.Errorf("TT01 effective from %s", d)
	}
	if f := FormatFor(calendar.D(2010, 1, 1)); f != TT01 {
		t.Errorf("FormatFor before any format = %s, want the oldest", f.Name())
	}
	saved := codeFormats
	defer func() { codeFormats = saved }()
	codeFormats = []CodeFormat{TT01, testFormat{}}
	for d, want := range map[calendar.Date]string{
		calendar.D(2026, 6, 30): "TT01/2018",
		calendar.D(2026, 7, 1):  "test",
		calendar.D(2027, 1, 1):  "test",
	} {
		if got := FormatFor(d).Name(); got != want {
			t.Errorf("FormatFor(%s) = %s, want %s", d, got, want)
		}
	}
}
