package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

const sample = "\ufeff# thử\r\n" +
	"name: Lịch UBND phường Hoàn Kiếm\r\n" +
	"hours: 07:30-11:30 13:30-17:00\n" +
	"weekly-off: SUN t7\n" +
	"count-makeup-saturday: false\n" +
	"policy: civilCodeDays\n" +
	"unconfirmed: 2025-09-01 2025-12-30..2025-12-31\n" +
	"\n" +
	"2025-01-01\tholiday\tTết Dương lịch\tBộ luật Lao động 2019, Điều 112\n" +
	"2025-03-15 local-off  Ngày nghỉ của phường  \n" +
	"2025-04-26\tmake-up\tLàm bù\t\n" +
	"2026-05-19\tlocal-off\tKỷ niệm\t \n"

func TestParse(t *testing.T) {
	c, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := &Calendar{
		Name:                "Lịch UBND phường Hoàn Kiếm",
		TimeZone:            DefaultTimeZone,
		Periods:             []Period{{Clock(7, 30), Clock(11, 30)}, {Clock(13, 30), Clock(17, 0)}},
		WeeklyOff:           []time.Weekday{time.Sunday, time.Saturday},
		CountMakeUpSaturday: false,
		Policy:              CivilCodeDays,
		Years:               []int{2025, 2026}, // inferred from the entries
		Unconfirmed:         []DateRange{{D(2025, 9, 1), D(2025, 9, 1)}, {D(2025, 12, 30), D(2025, 12, 31)}},
		Entries: []Entry{
			{D(2025, 1, 1), Holiday, "Tết Dương lịch", "Bộ luật Lao động 2019, Điều 112"},
			{D(2025, 3, 15), LocalOff, "Ngày nghỉ của phường", ""},
			{D(2025, 4, 26), MakeUpWorkday, "Làm bù", ""},
			{D(2026, 5, 19), LocalOff, "Kỷ niệm", ""},
		},
	}
	if !c.Equal(want) {
		t.Fatalf("Parse = %+v\nwant  %+v", c, want)
	}
	var buf bytes.Buffer
	if err := c.Write(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	back, err := Parse(&buf)
	if err != nil || !back.Equal(c) {
		t.Fatalf("round trip: %v\n%s", err, out)
	}
	if !strings.Contains(out, "2025-01-01\tholiday\tTết Dương lịch\tBộ luật Lao động 2019, Điều 112\n") ||
		!strings.Contains(out, "weekly-off: sun sat\n") || !strings.Contains(out, "unconfirmed: 2025-09-01 2025-12-30..2025-12-31\n") {
		t.Errorf("Write:\n%s", out)
	}
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse(strings.NewReader("name: Tối thiểu\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Equal(New("Tối thiểu")) {
		t.Errorf("defaults: %+v", c)
	}
	c, err = Parse(strings.NewReader("name: x\nyears:\n2025-01-01\tholiday\tTết Dương lịch\n"))
	if err != nil || len(c.Years) != 0 {
		t.Errorf("explicit empty years: %+v, %v", c, err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		contains   string
	}{
		{"bad date", "name: x\n2025-13-01\tholiday\tA\n", 2, "2025-13-01"},
		{"impossible date", "name: x\n\n2025-02-29\tholiday\tA\n", 3, "2025-02-29"},
		{"bad kind", "name: x\n2025-01-01\tfeast\tA\n", 2, "feast"},
		{"missing name", "name: x\n2025-01-01\tholiday\n", 2, "3 hoặc 4 cột"},
		{"empty name", "name: x\n2025-01-01\tholiday\t\tLuật\n", 2, "không được để trống"},
		{"too many columns", "name: x\n2025-01-01\tholiday\tA\tB\tC\n", 2, "3 hoặc 4 cột"},
		{"duplicate date", "name: x\n2025-01-01\tholiday\tA\n2025-01-01\tlocal-off\tB\n", 3, "dòng 2"},
		{"make-up on a weekday", "name: x\n2025-04-25\tmake-up\tA\n", 2, "ngày nghỉ hằng tuần"},
		{"make-up after weekly-off change", "name: x\nweekly-off: sun\n2025-04-26\tmake-up\tA\n", 3, "ngày nghỉ hằng tuần"},
		{"unknown key", "name: x\ncolour: red\n", 2, "colour"},
		{"repeated key", "name: x\nname: y\n", 2, "name"},
		{"header after entries", "name: x\n2025-01-01\tholiday\tA\nyears: 2025\n", 3, "years"},
		{"no colon", "name: x\nholiday\n", 2, "khóa: giá trị"},
		{"bad hours", "name: x\nhours: 08:00-12:00 11:00-17:00\n", 2, "chồng lấn"},
		{"bad time", "name: x\nhours: 8h-12h\n", 2, "8h-12h"},
		{"bad weekday", "name: x\nweekly-off: sat funday\n", 2, "funday"},
		{"all week off", "name: x\nweekly-off: sun mon tue wed thu fri sat\n", 2, "bảy ngày"},
		{"bad bool", "name: x\ncount-makeup-saturday: maybe\n", 2, "maybe"},
		{"bad policy", "name: x\npolicy: fast\n", 2, "fast"},
		{"bad year", "name: x\nyears: 2025 MMXXVI\n", 2, "MMXXVI"},
		{"year out of range", "name: x\nyears: 1850\n", 2, "1850"},
		{"years not ascending", "name: x\nyears: 2026 2025\n", 2, "tăng dần"},
		{"bad range", "name: x\nunconfirmed: 2025-09-03..2025-09-01\n", 2, "ngày cuối trước ngày đầu"},
		{"bad zone", "name: x\nzone: Mars/Olympus\n", 2, "Mars/Olympus"},
		{"control character", "name: x\x01y\n", 1, "ký tự điều khiển"},
		{"date out of range", "name: x\n2101-01-01\tholiday\tA\n", 2, "2101-01-01"},
		{"no name line", "zone: Asia/Ho_Chi_Minh\n", 0, "name:"},
		{"empty file", "", 0, "name:"},
		{"line too long", "name: x\n# " + strings.Repeat("a", maxLine) + "\n", 2, "dài"},
	} {
		_, err := Parse(strings.NewReader(tc.text))
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: error %v is not an *Error", tc.name, err)
			continue
		}
		if e.Code != CodeInvalidFile || e.Line != tc.line || !strings.Contains(e.Message, tc.contains) {
			t.Errorf("%s: got %+v, want line %d containing %q", tc.name, e, tc.line, tc.contains)
		}
		if tc.line > 0 && !strings.HasPrefix(e.Message, "Dòng ") {
			t.Errorf("%s: message %q does not start with the line number", tc.name, e.Message)
		}
	}
}

func TestNationalData(t *testing.T) {
	c := National()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Name == "" || len(c.Years) != 3 || c.Years[0] != 2024 || c.Years[2] != 2026 || !c.CountMakeUpSaturday || c.policy() != WorkingTime {
		t.Errorf("National header: %+v", c)
	}
	var buf bytes.Buffer
	if err := c.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(&buf)
	if err != nil || !back.Equal(c) {
		t.Fatalf("National round trip: %v", err)
	}
	// National returns independent copies.
	c.Entries[0].Name = "changed"
	if National().Entries[0].Name == "changed" {
		t.Error("National shares its entries")
	}
}

func TestWriteInvalid(t *testing.T) {
	c := New("")
	if err := c.Write(&bytes.Buffer{}); ErrorCode(err) != CodeInvalidCalendar {
		t.Errorf("Write of an invalid calendar: %v", err)
	}
}

// FuzzParse: Parse never panics, fails only with an *Error, and whatever parses writes and
// re-parses to an equal calendar.
func FuzzParse(f *testing.F) {
	f.Add([]byte(nationalData))
	f.Add([]byte(sample))
	f.Add([]byte("name: x\n"))
	f.Add([]byte("name: x\nyears:\nunconfirmed: 2025-01-01..2025-01-02\n2025-01-01 holiday  A B  \n"))
	f.Add([]byte("name: a:b\nhours: 00:00-24:00\nweekly-off:\n2100-12-31\tlocal-off\tz\t\u00a0y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(bytes.NewReader(data))
		if err != nil {
			if ErrorCode(err) != CodeInvalidFile {
				t.Fatalf("error without code: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := c.Write(&buf); err != nil {
			t.Fatalf("Write of a parsed calendar: %v", err)
		}
		back, err := Parse(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("re-parse: %v\n%q", err, buf.String())
		}
		if !back.Equal(c) {
			t.Fatalf("round trip differs:\n%+v\n%+v", c, back)
		}
	})
}
