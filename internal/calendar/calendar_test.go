package calendar

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	if err := New("Lịch thử").Validate(); err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, tc := range []struct {
		name     string
		change   func(c *Calendar)
		contains string
	}{
		{"empty name", func(c *Calendar) { c.Name = "" }, "Tên lịch"},
		{"padded name", func(c *Calendar) { c.Name = " x" }, "khoảng trắng"},
		{"newline in name", func(c *Calendar) { c.Name = "a\nb" }, "ký tự điều khiển"},
		{"bad utf-8", func(c *Calendar) { c.Name = "\xff" }, "UTF-8"},
		{"no zone", func(c *Calendar) { c.TimeZone = "" }, "Múi giờ"},
		{"no periods", func(c *Calendar) { c.Periods = nil }, "giờ làm việc"},
		{"empty period", func(c *Calendar) { c.Periods = []Period{{Clock(8, 0), Clock(8, 0)}} }, "08:00-08:00"},
		{"period past midnight", func(c *Calendar) { c.Periods = []Period{{Clock(8, 0), Clock(25, 0)}} }, "00:00–24:00"},
		{"overlap", func(c *Calendar) { c.Periods = []Period{{Clock(13, 0), Clock(17, 0)}, {Clock(8, 0), Clock(12, 0)}} }, "chồng lấn"},
		{"duplicate weekday", func(c *Calendar) { c.WeeklyOff = []time.Weekday{time.Sunday, time.Sunday} }, "Chủ nhật"},
		{"bad weekday", func(c *Calendar) { c.WeeklyOff = []time.Weekday{9} }, "không hợp lệ"},
		{"bad policy", func(c *Calendar) { c.Policy = "fast" }, "fast"},
		{"year out of range", func(c *Calendar) { c.Years = []int{2101} }, "2101"},
		{"years unsorted", func(c *Calendar) { c.Years = []int{2026, 2025} }, "tăng dần"},
		{"bad range", func(c *Calendar) { c.Unconfirmed = []DateRange{{D(2025, 2, 1), D(2025, 1, 1)}} }, "ngày cuối"},
		{"bad entry date", func(c *Calendar) { c.Entries = []Entry{{D(2025, 2, 30), Holiday, "A", ""}} }, "2025-02-30"},
		{"bad kind", func(c *Calendar) { c.Entries = []Entry{{D(2025, 2, 3), "party", "A", ""}} }, "party"},
		{"entry without name", func(c *Calendar) { c.Entries = []Entry{{D(2025, 2, 3), Holiday, "", ""}} }, "Tên ngày nghỉ"},
		{"tab in legal ref", func(c *Calendar) { c.Entries = []Entry{{D(2025, 2, 3), Holiday, "A", "a\tb"}} }, "Căn cứ pháp lý"},
		{"make-up on a weekday", func(c *Calendar) { c.Entries = []Entry{{D(2025, 2, 3), MakeUpWorkday, "A", ""}} }, "ngày nghỉ hằng tuần"},
		{"duplicate date", func(c *Calendar) {
			c.Entries = []Entry{{D(2025, 2, 3), Holiday, "A", ""}, {D(2025, 2, 3), LocalOff, "B", ""}}
		}, "hai lần"},
	} {
		c := National()
		tc.change(c)
		err := c.Validate()
		e, ok := err.(*Error)
		if !ok || e.Code != CodeInvalidCalendar || !strings.Contains(e.Message, tc.contains) {
			t.Errorf("%s: Validate() = %v, want invalid_calendar containing %q", tc.name, err, tc.contains)
		}
	}
}

func TestCloneEqual(t *testing.T) {
	a := National()
	b := a.Clone()
	if !a.Equal(b) {
		t.Fatal("clone differs")
	}
	b.Entries[0].Name = "x"
	b.Periods[0].Start = 0
	if a.Entries[0].Name == "x" || a.Periods[0].Start == 0 || a.Equal(b) {
		t.Error("clone shares data")
	}
	c := a.Clone()
	c.Policy = ""
	if !c.Equal(a) {
		t.Error("empty policy should equal workingTime")
	}
	// A clone of an indexed calendar is indexed afresh.
	_ = a.IsWorkingDay(D(2025, 1, 1))
	d := a.Clone()
	d.Entries = nil
	if !d.IsWorkingDay(D(2025, 1, 1)) || a.IsWorkingDay(D(2025, 1, 1)) {
		t.Error("clone index")
	}
}

func TestDate(t *testing.T) {
	for _, s := range []string{"2025-01-29", "2024-02-29", "1900-01-01", "2100-12-31", "0001-01-01"} {
		d, err := ParseDate(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2025-1-29", "2025/01/29", "2025-02-29", "2025-00-10", "2025-01-32", "20250129", " 2025-01-29", "+025-01-29"} {
		if _, err := ParseDate(s); ErrorCode(err) != CodeInvalidDate {
			t.Errorf("ParseDate(%q) error = %v", s, err)
		}
	}
	if D(2025, 1, 29).Weekday() != time.Wednesday || D(1970, 1, 1).Weekday() != time.Thursday || D(1900, 1, 1).Weekday() != time.Monday {
		t.Error("Weekday")
	}
	if D(2024, 12, 31).AddDays(1) != D(2025, 1, 1) || D(2024, 3, 1).AddDays(-1) != D(2024, 2, 29) {
		t.Error("AddDays")
	}
	if D(2025, 1, 1).DaysUntil(D(2026, 1, 1)) != 365 || !D(2025, 1, 1).Before(D(2025, 1, 2)) || D(2025, 1, 1).Compare(D(2025, 1, 1)) != 0 {
		t.Error("DaysUntil, Before, Compare")
	}
	// Every day of the range converts both ways like the time package does.
	for d, tm := D(1900, 1, 1), time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year <= 2100; d, tm = d.AddDays(1), tm.AddDate(0, 0, 1) {
		if d.Year != tm.Year() || d.Month != tm.Month() || d.Day != tm.Day() || d.Weekday() != tm.Weekday() {
			t.Fatalf("%s vs %s", d, tm)
		}
	}
	if got := DateOf(time.Date(2025, 1, 28, 17, 30, 0, 0, time.UTC)); got != D(2025, 1, 29) {
		t.Errorf("DateOf = %s", got)
	}
	b, _ := json.Marshal(struct{ D Date }{D(2025, 4, 30)})
	var back struct{ D Date }
	if string(b) != `{"D":"2025-04-30"}` || json.Unmarshal(b, &back) != nil || back.D != D(2025, 4, 30) {
		t.Errorf("JSON: %s %v", b, back)
	}
	if json.Unmarshal([]byte(`{"D":"30/04/2025"}`), &back) == nil {
		t.Error("JSON accepted a bad date")
	}
}

func TestTimeOfDay(t *testing.T) {
	for _, s := range []string{"00:00", "08:00", "12:30", "23:59", "24:00"} {
		v, err := ParseTimeOfDay(s)
		if err != nil || v.String() != s {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v", s, v, err)
		}
	}
	for _, s := range []string{"", "8:00", "24:01", "25:00", "12:60", "12-30", "ab:cd"} {
		if _, err := ParseTimeOfDay(s); ErrorCode(err) != CodeInvalidTime {
			t.Errorf("ParseTimeOfDay(%q) error = %v", s, err)
		}
	}
}

func TestDayErrors(t *testing.T) {
	c := National()
	if _, err := c.Day(D(2025, 2, 29)); ErrorCode(err) != CodeInvalidDate {
		t.Errorf("Day(2025-02-29): %v", err)
	}
	if _, err := c.Day(D(2101, 1, 1)); ErrorCode(err) != CodeOutOfRange {
		t.Errorf("Day(2101-01-01): %v", err)
	}
	if c.IsWorkingDay(D(1899, 12, 29)) {
		t.Error("IsWorkingDay out of range")
	}
	info, err := c.Day(D(2030, 2, 4)) // mùng 3 Tết 2030 (Tết is 02/02/2030), provisional
	if err != nil || info.Working || !info.Provisional || info.Reason != "Tết Nguyên đán" {
		t.Errorf("Day(2030-02-04) = %+v, %v", info, err)
	}
	if got := c.DateOf(time.Date(2025, 1, 28, 17, 0, 0, 0, time.UTC)); got != D(2025, 1, 29) {
		t.Errorf("DateOf = %s", got)
	}
	if err := (&Error{Code: "x", Message: "y"}); err.Error() != "x: y" {
		t.Error(err.Error())
	}
}

// TestConcurrentUse indexes one calendar from many goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	c := National()
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func(g int) {
			for i := 0; i < 200; i++ {
				start := at(2024+i%5, time.Month(1+i%12), 1+g, 9, 0)
				if _, err := c.Due(start, WorkingDaysOf(float64(i%30))); err != nil {
					t.Error(err)
				}
			}
			done <- true
		}(g)
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}

func TestYearOfDay(t *testing.T) {
	for d := minDay; d <= maxDay; d++ {
		y, _, _ := civilFromDays(d)
		if got := yearOfDay(d); got != y {
			t.Fatalf("yearOfDay(%s) = %d", dateFromDays(d), got)
		}
	}
}
