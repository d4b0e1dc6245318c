package calendar

import (
	"strings"
	"testing"
	"time"
)

// at returns y-m-d h:mi in Vietnam.
func at(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, vietnam)
}

// national2 returns the national calendar with a deadline policy and make-up switch.
func national2(p Policy, countMakeUp bool) *Calendar {
	c := National()
	c.Policy = p
	c.CountMakeUpSaturday = countMakeUp
	return c
}

type dueCase struct {
	id    string
	start time.Time
	dur   Duration
	want  time.Time
}

func runDue(t *testing.T, c *Calendar, cases []dueCase) {
	t.Helper()
	for _, tc := range cases {
		r, err := c.Due(tc.start, tc.dur)
		if err != nil {
			t.Errorf("%s: Due(%s, %s): %v", tc.id, tc.start, tc.dur, err)
			continue
		}
		if !r.Due.Equal(tc.want) {
			t.Errorf("%s: Due(%s, %s) = %s, want %s\n%s", tc.id, instant(tc.start), tc.dur, instant(r.Due), instant(tc.want), r.Explain())
		}
		if r.Due.Location() != vietnam {
			t.Errorf("%s: result zone %v", tc.id, r.Due.Location())
		}
	}
}

// TestWorkedExamples checks every worked example of spec §6.8 and vector of §13.2 (Model A).
func TestWorkedExamples(t *testing.T) {
	runDue(t, National(), []dueCase{
		{"E1", at(2025, 3, 3, 9, 0), WorkingDaysOf(3), at(2025, 3, 6, 9, 0)},
		{"E2", at(2025, 3, 7, 16, 30), WorkingDaysOf(1), at(2025, 3, 10, 16, 30)},
		{"E3", at(2025, 3, 3, 8, 0), WorkingDaysOf(1), at(2025, 3, 4, 8, 0)},
		{"E4", at(2025, 3, 8, 10, 0), WorkingDaysOf(1), at(2025, 3, 11, 8, 0)},
		{"E5", at(2025, 3, 4, 12, 30), WorkingDaysOf(0.5), at(2025, 3, 5, 8, 0)},
		{"E6", at(2025, 3, 4, 17, 45), WorkingDaysOf(2), at(2025, 3, 7, 8, 0)},
		{"E9", at(2025, 4, 29, 9, 0), WorkingDaysOf(2), at(2025, 5, 6, 9, 0)},
		{"E10", at(2025, 4, 25, 9, 0), WorkingDaysOf(1), at(2025, 4, 26, 9, 0)},
		{"E12", at(2025, 12, 31, 10, 0), WorkingDaysOf(1), at(2026, 1, 5, 10, 0)},
		{"E19", at(2025, 3, 3, 9, 0), WorkingDaysOf(15), at(2025, 3, 24, 9, 0)},
		{"E21", at(2025, 3, 4, 10, 0), WorkingHoursOf(4), at(2025, 3, 4, 15, 0)},
		{"E23", at(2025, 3, 4, 14, 59), SameDayBy(0), at(2025, 3, 4, 17, 0)},
		{"TV-DL-27", at(2025, 3, 3, 9, 0), WorkingDaysOf(0), at(2025, 3, 3, 9, 0)},
	})
}

// TestModelB checks the Model B counterparts of §6.8 and more cases of the same rule.
func TestModelB(t *testing.T) {
	runDue(t, national2(CivilCodeDays, true), []dueCase{
		{"E1-B", at(2025, 3, 3, 9, 0), WorkingDaysOf(3), at(2025, 3, 6, 17, 0)},
		{"E3-B", at(2025, 3, 3, 8, 0), WorkingDaysOf(1), at(2025, 3, 4, 17, 0)},
		{"E4-B", at(2025, 3, 8, 10, 0), WorkingDaysOf(1), at(2025, 3, 11, 17, 0)},
		{"E6-B: after hours is received the next day", at(2025, 3, 4, 17, 45), WorkingDaysOf(2), at(2025, 3, 7, 17, 0)},
		{"Tết-B", at(2025, 1, 24, 10, 0), WorkingDaysOf(3), at(2025, 2, 5, 17, 0)},
		{"half day rounds up", at(2025, 3, 4, 9, 0), WorkingDaysOf(0.5), at(2025, 3, 5, 17, 0)},
		{"zero is a no-op", at(2025, 3, 4, 9, 0), WorkingDaysOf(0), at(2025, 3, 4, 9, 0)},
		{"hours keep Model A", at(2025, 3, 4, 10, 0), WorkingHoursOf(4), at(2025, 3, 4, 15, 0)},
		{"make-up Saturday counted", at(2025, 4, 25, 9, 0), WorkingDaysOf(1), at(2025, 4, 26, 17, 0)},
	})
}

func TestDueMoreCases(t *testing.T) {
	runDue(t, National(), []dueCase{
		// Tết crossings.
		{"Tết 2025", at(2025, 1, 24, 10, 0), WorkingDaysOf(3), at(2025, 2, 5, 10, 0)},
		{"Tết 2024 with compensatory days", at(2024, 2, 7, 14, 0), WorkingDaysOf(1), at(2024, 2, 15, 14, 0)},
		{"Tết 2026", at(2026, 2, 13, 16, 0), WorkingDaysOf(2), at(2026, 2, 24, 16, 0)},
		{"received during Tết", at(2025, 1, 29, 10, 0), WorkingDaysOf(1), at(2025, 2, 4, 8, 0)},
		// Odd starts.
		{"lunch", at(2025, 3, 4, 12, 30), WorkingDaysOf(1), at(2025, 3, 5, 13, 0)},
		{"exactly noon", at(2025, 3, 4, 12, 0), WorkingHoursOf(1), at(2025, 3, 4, 14, 0)},
		{"before opening", at(2025, 3, 4, 6, 15), WorkingDaysOf(1), at(2025, 3, 5, 8, 0)},
		{"17:30 Friday", at(2025, 3, 7, 17, 30), WorkingDaysOf(1), at(2025, 3, 11, 8, 0)},
		{"exactly 17:00", at(2025, 3, 7, 17, 0), WorkingHoursOf(2), at(2025, 3, 10, 10, 0)},
		{"on a holiday", at(2025, 4, 30, 9, 0), WorkingDaysOf(2), at(2025, 5, 7, 8, 0)},
		{"on Giỗ Tổ 2026 compensatory day", at(2026, 4, 27, 9, 0), WorkingDaysOf(1), at(2026, 4, 29, 8, 0)},
		{"seconds are kept", time.Date(2025, 3, 3, 9, 0, 30, 0, vietnam), WorkingDaysOf(1), time.Date(2025, 3, 4, 9, 0, 30, 0, vietnam)},
		{"UTC input", time.Date(2025, 3, 3, 2, 0, 0, 0, time.UTC), WorkingDaysOf(3), at(2025, 3, 6, 9, 0)},
		// Fractions and hours.
		{"half a day from 09:00", at(2025, 3, 4, 9, 0), WorkingDaysOf(0.5), at(2025, 3, 4, 14, 0)},
		{"1.5 days", at(2025, 3, 3, 9, 0), WorkingDaysOf(1.5), at(2025, 3, 4, 14, 0)},
		{"ends at noon: canonical 13:00", at(2025, 3, 4, 11, 0), WorkingHoursOf(1), at(2025, 3, 4, 13, 0)},
		{"ends at 17:00: canonical next day", at(2025, 3, 4, 16, 0), WorkingHoursOf(1), at(2025, 3, 5, 8, 0)},
		{"hours over a weekend", at(2025, 3, 7, 16, 0), WorkingHoursOf(3), at(2025, 3, 10, 10, 0)},
		{"2 WD 30/4 2024 bridge", at(2024, 4, 26, 10, 0), WorkingDaysOf(2), at(2024, 5, 3, 10, 0)},
		{"make-up Saturday 2024", at(2024, 5, 3, 10, 0), WorkingDaysOf(1), at(2024, 5, 4, 10, 0)},
		{"received on a make-up Saturday", at(2025, 4, 26, 10, 0), WorkingDaysOf(1), at(2025, 4, 28, 10, 0)},
		{"Quốc khánh 2025", at(2025, 8, 29, 10, 0), WorkingDaysOf(1), at(2025, 9, 3, 10, 0)},
		// Same day (§6.5).
		{"same day at 15:00 sharp", at(2025, 3, 4, 15, 0), SameDayBy(0), at(2025, 3, 4, 17, 0)},
		{"same day after 15:00", time.Date(2025, 3, 4, 15, 0, 1, 0, vietnam), SameDayBy(0), at(2025, 3, 5, 17, 0)},
		{"same day Friday 16:00", at(2025, 3, 7, 16, 0), SameDayBy(0), at(2025, 3, 10, 17, 0)},
		{"same day Saturday", at(2025, 3, 8, 9, 0), SameDayBy(0), at(2025, 3, 10, 17, 0)},
		{"same day before opening", at(2025, 3, 4, 7, 0), SameDayBy(0), at(2025, 3, 4, 17, 0)},
		{"same day at lunch", at(2025, 3, 4, 12, 30), SameDayBy(0), at(2025, 3, 4, 17, 0)},
		{"same day after hours", at(2025, 3, 4, 17, 30), SameDayBy(0), at(2025, 3, 5, 17, 0)},
		{"same day before a holiday", at(2025, 4, 29, 16, 0), SameDayBy(0), at(2025, 5, 5, 17, 0)},
		{"same day before a make-up Saturday", at(2025, 4, 25, 15, 30), SameDayBy(0), at(2025, 4, 26, 17, 0)},
		{"same day, 11:00 cut-off", at(2025, 3, 4, 11, 30), SameDayBy(Clock(11, 0)), at(2025, 3, 5, 17, 0)},
		// Calendar days (§6.3).
		{"calendar days", at(2025, 3, 3, 10, 0), CalendarDaysOf(3), at(2025, 3, 6, 17, 0)},
		{"calendar days ending on Saturday", at(2025, 3, 3, 10, 0), CalendarDaysOf(5), at(2025, 3, 10, 17, 0)},
		{"calendar days ending on a holiday", at(2025, 4, 21, 9, 0), CalendarDaysOf(9), at(2025, 5, 5, 17, 0)},
		{"calendar days ending on a make-up Saturday", at(2025, 4, 24, 10, 0), CalendarDaysOf(2), at(2025, 4, 26, 17, 0)},
		{"calendar days through Tết", at(2025, 1, 20, 9, 0), CalendarDaysOf(10), at(2025, 2, 3, 17, 0)},
		{"calendar days from a Saturday", at(2025, 3, 8, 10, 0), CalendarDaysOf(1), at(2025, 3, 11, 17, 0)},
		{"zero calendar days", at(2025, 3, 8, 10, 0), CalendarDaysOf(0), at(2025, 3, 10, 8, 0)},
	})
}

func TestMakeUpSaturdayOff(t *testing.T) {
	runDue(t, national2(WorkingTime, false), []dueCase{
		{"E10 without make-up", at(2025, 4, 25, 9, 0), WorkingDaysOf(1), at(2025, 4, 28, 9, 0)},
		{"2024 without make-up", at(2024, 5, 3, 10, 0), WorkingDaysOf(1), at(2024, 5, 6, 10, 0)},
		{"received on an uncounted make-up day", at(2025, 4, 26, 10, 0), WorkingDaysOf(1), at(2025, 4, 29, 8, 0)},
		{"same day before an uncounted make-up day", at(2025, 4, 25, 15, 30), SameDayBy(0), at(2025, 4, 28, 17, 0)},
		{"calendar days ending on an uncounted make-up day", at(2025, 4, 24, 10, 0), CalendarDaysOf(2), at(2025, 4, 28, 17, 0)},
	})
	c := national2(WorkingTime, false)
	info, err := c.Day(D(2025, 4, 26))
	if err != nil || info.Working || !strings.Contains(info.Reason, "Thứ Bảy") || info.Kind != MakeUpWorkday {
		t.Errorf("Day(2025-04-26) without make-up = %+v, %v", info, err)
	}
}

func TestCalendarVectors(t *testing.T) {
	c := National()
	for _, tc := range []struct {
		id   string
		date Date
		want bool
	}{
		{"TV-CAL-01", D(2024, 5, 4), true},
		{"TV-CAL-02", D(2024, 4, 29), false},
		{"TV-CAL-03", D(2025, 1, 27), false},
		{"TV-CAL-03", D(2025, 1, 28), false},
		{"TV-CAL-03", D(2025, 1, 29), false},
		{"TV-CAL-03", D(2025, 1, 30), false},
		{"TV-CAL-03", D(2025, 1, 31), false},
		{"TV-CAL-04", D(2025, 2, 3), true},
		{"TV-CAL-05", D(2025, 4, 26), true},
		{"weekend", D(2025, 3, 8), false},
		{"2026 swap", D(2026, 1, 2), false},
		{"2026 make-up", D(2026, 1, 10), true},
		{"Giỗ Tổ 2026 compensatory", D(2026, 4, 27), false},
		{"Tết 2024 compensatory", D(2024, 2, 14), false},
		{"after Tết 2024", D(2024, 2, 15), true},
	} {
		if got := c.IsWorkingDay(tc.date); got != tc.want {
			t.Errorf("%s: IsWorkingDay(%s) = %v, want %v", tc.id, tc.date, got, tc.want)
		}
	}
	info, _ := c.Day(D(2026, 4, 27))
	if info.Reason != "Nghỉ bù Giỗ Tổ Hùng Vương" || info.Kind != Holiday || info.Provisional {
		t.Errorf("Day(2026-04-27) = %+v", info)
	}
	info, _ = c.Day(D(2025, 2, 1))
	if info.Reason != "Thứ Bảy" || info.Kind != "" {
		t.Errorf("Day(2025-02-01) = %+v", info)
	}
	if !c.Official(D(2025, 6, 1)) || c.Official(D(2026, 9, 1)) || c.Official(D(2027, 1, 4)) {
		t.Error("Official")
	}
}

func TestExplain(t *testing.T) {
	r, err := National().Due(at(2025, 1, 24, 10, 0), WorkingDaysOf(3))
	if err != nil {
		t.Fatal(err)
	}
	want := []SkippedDay{
		{D(2025, 1, 25), "Thứ Bảy", "", false},
		{D(2025, 1, 26), "Chủ nhật", "", false},
		{D(2025, 1, 27), "Tết Nguyên đán", Holiday, false},
		{D(2025, 1, 28), "Tết Nguyên đán", Holiday, false},
		{D(2025, 1, 29), "Tết Nguyên đán", Holiday, false},
		{D(2025, 1, 30), "Tết Nguyên đán", Holiday, false},
		{D(2025, 1, 31), "Tết Nguyên đán", Holiday, false},
		{D(2025, 2, 1), "Thứ Bảy", "", false},
		{D(2025, 2, 2), "Chủ nhật", "", false},
	}
	if len(r.Skipped) != len(want) {
		t.Fatalf("Skipped = %+v", r.Skipped)
	}
	for i := range want {
		if r.Skipped[i] != want[i] {
			t.Errorf("Skipped[%d] = %+v, want %+v", i, r.Skipped[i], want[i])
		}
	}
	if r.Normalized || r.Provisional || len(r.Notes) > 0 {
		t.Errorf("flags: %+v", r)
	}
	text := r.Explain()
	for _, s := range []string{"10:00 Thứ Sáu 24/01/2025", "3 ngày làm việc", "10:00 Thứ Tư 05/02/2025", "Thứ Hai 27/01/2025 (Tết Nguyên đán)"} {
		if !strings.Contains(text, s) {
			t.Errorf("Explain() lacks %q:\n%s", s, text)
		}
	}

	r, _ = National().Due(at(2026, 4, 24, 10, 0), WorkingDaysOf(1))
	if len(r.Skipped) != 3 || r.Skipped[2] != (SkippedDay{D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương", Holiday, false}) {
		t.Errorf("Giỗ Tổ 2026 skipped = %+v", r.Skipped)
	}
	if !r.Due.Equal(at(2026, 4, 28, 10, 0)) {
		t.Errorf("due %s", r.Due)
	}

	r, _ = National().Due(at(2025, 3, 8, 10, 0), WorkingDaysOf(1))
	if !r.Normalized || !r.ClockStart.Equal(at(2025, 3, 10, 8, 0)) || !strings.Contains(r.Explain(), "ngoài giờ làm việc") {
		t.Errorf("normalisation not reported: %+v", r)
	}

	r, _ = National().Due(at(2025, 4, 21, 9, 0), CalendarDaysOf(9))
	var dates []string
	for _, d := range r.Skipped {
		dates = append(dates, d.Date.String())
	}
	if got := strings.Join(dates, " "); got != "2025-04-30 2025-05-01 2025-05-02 2025-05-03 2025-05-04" {
		t.Errorf("calendar days skipped %s", got)
	}
}

func TestProvisional(t *testing.T) {
	c := National()
	r, err := c.Due(at(2027, 3, 1, 9, 0), WorkingDaysOf(1))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Provisional || len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "chưa có lịch nghỉ chính thức năm 2027") {
		t.Fatalf("2027 result not provisional: %+v", r)
	}
	if !r.Due.Equal(at(2027, 3, 2, 9, 0)) {
		t.Errorf("due %s", r.Due)
	}
	// Crossing into 2027 from official data.
	r, _ = c.Due(at(2026, 12, 30, 9, 0), WorkingDaysOf(3))
	if !r.Provisional || !r.Due.Equal(at(2027, 1, 5, 9, 0)) {
		t.Errorf("crossing into 2027: %+v", r)
	}
	// Tết 2027 (mùng 1 = Sat 06/02/2027) from the statutory proposal.
	r, _ = c.Due(at(2027, 2, 3, 9, 0), WorkingDaysOf(1))
	if !r.Due.Equal(at(2027, 2, 11, 9, 0)) || !r.Provisional {
		t.Errorf("Tết 2027: %s\n%s", instant(r.Due), r.Explain())
	}
	if !strings.Contains(r.Explain(), "Tết Nguyên đán, tạm tính") {
		t.Errorf("explanation lacks the provisional mark:\n%s", r.Explain())
	}
	// Quốc khánh 2026 is unconfirmed.
	r, _ = c.Due(at(2026, 8, 31, 9, 0), WorkingDaysOf(1))
	if !r.Provisional || !strings.Contains(strings.Join(r.Notes, " "), "29/08/2026") {
		t.Errorf("Quốc khánh 2026 not provisional: %+v", r)
	}
	// Official data is not provisional.
	for _, s := range []time.Time{at(2026, 8, 24, 9, 0), at(2026, 10, 1, 9, 0), at(2024, 1, 2, 9, 0)} {
		if r, _ := c.Due(s, WorkingDaysOf(3)); r.Provisional {
			t.Errorf("%s: provisional %v", s, r.Notes)
		}
	}
}

func TestDueErrors(t *testing.T) {
	c := National()
	start := at(2025, 3, 3, 9, 0)
	for _, tc := range []struct {
		name  string
		start time.Time
		dur   Duration
		code  string
	}{
		{"negative", start, WorkingDaysOf(-1), CodeInvalidDuration},
		{"NaN", start, WorkingDaysOf(nan()), CodeInvalidDuration},
		{"too large", start, WorkingDaysOf(MaxDays + 1), CodeInvalidDuration},
		{"fractional calendar days", start, Duration{Value: 1.5, Unit: CalendarDays}, CodeInvalidDuration},
		{"unknown unit", start, Duration{Value: 1, Unit: "fortnight"}, CodeUnknownUnit},
		{"empty unit", start, Duration{Value: 1}, CodeUnknownUnit},
		{"bad cut-off", start, SameDayBy(Clock(25, 0)), CodeInvalidDuration},
		{"zero time", time.Time{}, WorkingDaysOf(1), CodeOutOfRange},
		{"before 1900", at(1899, 12, 29, 9, 0), WorkingDaysOf(1), CodeOutOfRange},
		{"beyond 2100", at(2100, 12, 30, 9, 0), WorkingDaysOf(5), CodeOutOfRange},
	} {
		_, err := c.Due(tc.start, tc.dur)
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: error %v, want code %s", tc.name, err, tc.code)
			continue
		}
		if msg := err.(*Error).Message; msg == "" || !strings.HasSuffix(msg, ".") {
			t.Errorf("%s: message %q", tc.name, msg)
		}
	}
	bad := National()
	bad.Periods = nil
	if _, err := bad.Due(start, WorkingDaysOf(1)); ErrorCode(err) != CodeInvalidCalendar {
		t.Errorf("invalid calendar: %v", err)
	}
}

func nan() float64 {
	var z float64
	return z / z
}

func TestCompare(t *testing.T) {
	a := National()
	b := national2(CivilCodeDays, true)
	for _, tc := range []struct {
		name      string
		c         *Calendar
		done, due time.Time
		want      Outcome
	}{
		{"earlier working day", a, at(2025, 3, 5, 16, 0), at(2025, 3, 6, 9, 0), Early},
		{"same day, before due", a, at(2025, 3, 6, 8, 30), at(2025, 3, 6, 9, 0), OnTime},
		{"exactly due", a, at(2025, 3, 6, 9, 0), at(2025, 3, 6, 9, 0), OnTime},
		{"a minute late", a, at(2025, 3, 6, 9, 1), at(2025, 3, 6, 9, 0), Late},
		{"due day, after due", a, at(2025, 3, 6, 16, 0), at(2025, 3, 6, 9, 0), Late},
		{"after hours the day before", a, at(2025, 3, 5, 17, 30), at(2025, 3, 6, 9, 0), OnTime},
		{"before opening on the due day", a, at(2025, 3, 6, 7, 0), at(2025, 3, 6, 9, 0), OnTime},
		{"weekend after due", a, at(2025, 3, 8, 10, 0), at(2025, 3, 7, 16, 0), Late},
		{"weekend before a Monday due", a, at(2025, 3, 8, 10, 0), at(2025, 3, 10, 16, 30), OnTime},
		{"Friday before a Monday due", a, at(2025, 3, 7, 16, 59), at(2025, 3, 10, 16, 30), Early},
		{"E3 due 08:00: the day before", a, at(2025, 3, 3, 16, 0), at(2025, 3, 4, 8, 0), Early},
		{"E3 due 08:00: at 17:00 the day before", a, at(2025, 3, 3, 17, 0), at(2025, 3, 4, 8, 0), OnTime},
		{"E3 due 08:00: a second late", a, time.Date(2025, 3, 4, 8, 0, 1, 0, vietnam), at(2025, 3, 4, 8, 0), Late},
		{"Model B 17:00: same day", b, at(2025, 3, 6, 16, 59), at(2025, 3, 6, 17, 0), OnTime},
		{"Model B 17:00: at 17:30", b, at(2025, 3, 6, 17, 30), at(2025, 3, 6, 17, 0), OnTime},
		{"Model B 17:00: the day before", b, at(2025, 3, 5, 16, 0), at(2025, 3, 6, 17, 0), Early},
		{"Model B 17:00: next morning", b, at(2025, 3, 7, 8, 1), at(2025, 3, 6, 17, 0), Late},
		{"across Tết", a, at(2025, 1, 31, 10, 0), at(2025, 2, 3, 9, 0), OnTime},
		{"before Tết", a, at(2025, 1, 24, 16, 0), at(2025, 2, 3, 9, 0), Early},
	} {
		if got := tc.c.Compare(tc.done, tc.due); got != tc.want {
			t.Errorf("%s: Compare(%s, %s) = %v, want %v", tc.name, instant(tc.done), instant(tc.due), got, tc.want)
		}
	}
	if Early.Label() != "Trước hạn" || OnTime.Label() != "Đúng hạn" || Late.Label() != "Quá hạn" {
		t.Error("labels")
	}
	// Fallback for instants out of range.
	if got := a.Compare(time.Time{}, at(2025, 3, 6, 9, 0)); got != Early {
		t.Errorf("fallback: %v", got)
	}
}

func TestWorkingMinutesBetween(t *testing.T) {
	c := National()
	for _, tc := range []struct {
		a, b time.Time
		want int64
	}{
		{at(2025, 3, 5, 10, 0), at(2025, 3, 17, 9, 0), 3780},
		{at(2025, 3, 17, 9, 0), at(2025, 3, 5, 10, 0), -3780},
		{at(2025, 3, 4, 10, 0), at(2025, 3, 4, 15, 0), 240},
		{at(2025, 3, 3, 17, 30), at(2025, 3, 4, 8, 0), 0},
		{at(2025, 3, 7, 12, 0), at(2025, 3, 10, 13, 0), 480},
		{at(2025, 1, 24, 8, 0), at(2025, 2, 3, 8, 0), 480},
		{at(2024, 12, 31, 8, 0), at(2026, 1, 1, 8, 0), 0}, // checked below against the count of working days
	} {
		got, err := c.WorkingMinutesBetween(tc.a, tc.b)
		if err != nil {
			t.Fatal(err)
		}
		if tc.want == 0 && tc.a.Year() == 2024 {
			n := int64(0)
			for d := D(2024, 12, 31); d.Before(D(2026, 1, 1)); d = d.AddDays(1) {
				if c.IsWorkingDay(d) {
					n++
				}
			}
			tc.want = n * 480
		}
		if got != tc.want {
			t.Errorf("WorkingMinutesBetween(%s, %s) = %d, want %d", instant(tc.a), instant(tc.b), got, tc.want)
		}
	}
}

// TestPauses checks example P1 of §6.6 and the rules around it.
func TestPauses(t *testing.T) {
	c := National()
	r, err := c.Due(at(2025, 3, 3, 9, 0), WorkingDaysOf(10))
	if err != nil || !r.Due.Equal(at(2025, 3, 17, 9, 0)) {
		t.Fatalf("P1 due = %s, %v", r.Due, err)
	}
	rem, _ := c.WorkingMinutesBetween(at(2025, 3, 5, 10, 0), r.Due)
	if rem != 3780 {
		t.Errorf("remaining = %d min, want 3780", rem)
	}
	ext, err := c.ExtendForPauses(r.Due, []Pause{{From: at(2025, 3, 5, 10, 0), To: at(2025, 3, 12, 14, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	if !ext.Due.Equal(at(2025, 3, 24, 13, 0)) || !ext.OriginalDue.Equal(at(2025, 3, 17, 9, 0)) {
		t.Errorf("P1 extension = %+v", ext)
	}
	if ext.PausedWorkingTime != 43*time.Hour || ext.MultipleRequests || ext.Provisional {
		t.Errorf("P1 paused = %s, %+v", ext.PausedWorkingTime, ext)
	}

	// Two pauses equal the two applied one after the other; the order of the list does not matter.
	p1 := Pause{at(2025, 3, 4, 9, 0), at(2025, 3, 4, 15, 0)}
	p2 := Pause{at(2025, 3, 10, 10, 0), at(2025, 3, 12, 10, 0)}
	both, err := c.ExtendForPauses(r.Due, []Pause{p2, p1})
	if err != nil {
		t.Fatal(err)
	}
	one, _ := c.ExtendForPauses(r.Due, []Pause{p1})
	two, _ := c.ExtendForPauses(one.Due, []Pause{p2})
	if !both.Due.Equal(two.Due) || !both.MultipleRequests || both.PausedWorkingTime != 5*time.Hour+16*time.Hour {
		t.Errorf("two pauses: %+v vs %s", both, two.Due)
	}
	// A request after the due instant does not extend it.
	late, _ := c.ExtendForPauses(r.Due, []Pause{{at(2025, 3, 18, 9, 0), at(2025, 3, 20, 9, 0)}})
	if !late.Due.Equal(r.Due) || len(late.Notes) != 1 {
		t.Errorf("late request: %+v", late)
	}
	// No pause: unchanged, even for a Model B due at 17:00.
	same, _ := c.ExtendForPauses(at(2025, 3, 6, 17, 0), nil)
	if !same.Due.Equal(at(2025, 3, 6, 17, 0)) {
		t.Errorf("no pause: %s", same.Due)
	}
	for _, ps := range [][]Pause{
		{{From: at(2025, 3, 5, 10, 0)}},
		{{From: at(2025, 3, 5, 10, 0), To: at(2025, 3, 4, 10, 0)}},
		{{at(2025, 3, 4, 9, 0), at(2025, 3, 6, 9, 0)}, {at(2025, 3, 5, 9, 0), at(2025, 3, 7, 9, 0)}},
	} {
		if _, err := c.ExtendForPauses(r.Due, ps); ErrorCode(err) != CodeInvalidPause {
			t.Errorf("ExtendForPauses(%v) error = %v", ps, err)
		}
	}
	if got := SupplementDeadline(at(2025, 3, 5, 10, 0), 5); !got.Equal(at(2025, 3, 10, 10, 0)) {
		t.Errorf("SupplementDeadline = %s", got)
	}
}

func TestNormalize(t *testing.T) {
	c := National()
	for _, tc := range []struct{ in, want time.Time }{
		{at(2025, 3, 4, 7, 0), at(2025, 3, 4, 8, 0)},
		{at(2025, 3, 4, 9, 0), at(2025, 3, 4, 9, 0)},
		{at(2025, 3, 4, 12, 0), at(2025, 3, 4, 13, 0)},
		{at(2025, 3, 4, 12, 59), at(2025, 3, 4, 13, 0)},
		{at(2025, 3, 4, 17, 0), at(2025, 3, 5, 8, 0)},
		{at(2025, 3, 8, 9, 0), at(2025, 3, 10, 8, 0)},
		{at(2025, 4, 29, 17, 1), at(2025, 5, 5, 8, 0)},
	} {
		if got, err := c.Normalize(tc.in); err != nil || !got.Equal(tc.want) {
			t.Errorf("Normalize(%s) = %s, %v; want %s", instant(tc.in), got, err, instant(tc.want))
		}
	}
}

// TestOtherHours runs the rules on the Thanh Hóa hours (07:00–11:30, 13:30–17:00) with a
// weekly-off list of Sunday only, as data.
func TestOtherHours(t *testing.T) {
	c := New("Thử nghiệm")
	c.Periods = []Period{{Clock(7, 0), Clock(11, 30)}, {Clock(13, 30), Clock(17, 0)}}
	c.WeeklyOff = []time.Weekday{time.Sunday}
	c.Years = []int{2025}
	runDue(t, c, []dueCase{
		{"half day", at(2025, 3, 4, 7, 0), WorkingDaysOf(0.5), at(2025, 3, 4, 11, 0)},
		{"over lunch", at(2025, 3, 4, 11, 0), WorkingHoursOf(1), at(2025, 3, 4, 14, 0)},
		{"Saturday works", at(2025, 3, 7, 9, 0), WorkingDaysOf(1), at(2025, 3, 8, 9, 0)},
		{"Saturday to Monday", at(2025, 3, 8, 9, 0), WorkingDaysOf(1), at(2025, 3, 10, 9, 0)},
		{"same day", at(2025, 3, 8, 14, 0), SameDayBy(0), at(2025, 3, 8, 17, 0)},
	})
}

// TestOtherZone runs a calendar in a zone loaded from the time package.
func TestOtherZone(t *testing.T) {
	c := New("UTC")
	c.TimeZone = "UTC"
	c.Years = []int{2025}
	r, err := c.Due(time.Date(2025, 3, 7, 16, 0, 0, 0, time.UTC), WorkingHoursOf(2))
	if err != nil || !r.Due.Equal(time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)) || r.Due.Location() != time.UTC {
		t.Errorf("UTC calendar: %s, %v", r.Due, err)
	}
	if got := c.Compare(time.Date(2025, 3, 10, 8, 30, 0, 0, time.UTC), r.Due); got != OnTime {
		t.Errorf("UTC compare: %v", got)
	}
}
