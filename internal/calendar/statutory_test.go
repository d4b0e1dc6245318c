package calendar

import (
	"strings"
	"testing"
	"time"
)

// offWeekdays returns the weekdays (Monday–Friday) of year that entries make a day off.
func offWeekdays(entries []Entry, year int, skip func(Entry) bool) map[Date]bool {
	m := make(map[Date]bool)
	for _, e := range entries {
		w := e.Date.Weekday()
		if e.Date.Year == year && e.Kind.Off() && w != time.Saturday && w != time.Sunday && !skip(e) {
			m[e.Date] = true
		}
	}
	return m
}

// TestStatutoryMatchesOfficial: the statutory proposal gives exactly the weekdays off of the
// official schedules, apart from the swapped days (and the unconfirmed Quốc khánh 2026).
func TestStatutoryMatchesOfficial(t *testing.T) {
	nat := National()
	for _, year := range []int{2024, 2025, 2026} {
		hs, err := StatutoryHolidays(year)
		if err != nil {
			t.Fatal(err)
		}
		sept := func(e Entry) bool { return year == 2026 && e.Date.Month == time.September }
		got := offWeekdays(hs, year, sept)
		want := offWeekdays(nat.Entries, year, func(e Entry) bool { return e.Kind == SwapOff || sept(e) })
		if len(got) != len(want) {
			t.Errorf("%d: statutory %v, official %v", year, got, want)
		}
		for d := range want {
			if !got[d] {
				t.Errorf("%d: official day off %s missing from the statutory proposal", year, d)
			}
		}
	}
}

func TestStatutoryRules(t *testing.T) {
	has := func(hs []Entry, date, name string) bool {
		for _, e := range hs {
			if e.Date.String() == date && e.Name == name && e.Kind == Holiday {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		year       int
		date, name string
	}{
		// Quốc khánh's adjacent day, as decided 2021–2025.
		{2021, "2021-09-03", "Quốc khánh"}, // Thursday → Friday
		{2022, "2022-09-01", "Quốc khánh"}, // Friday → Thursday
		{2023, "2023-09-01", "Quốc khánh"}, // Saturday → Friday, and Monday compensatory
		{2023, "2023-09-04", "Nghỉ bù Quốc khánh"},
		{2024, "2024-09-03", "Quốc khánh"}, // Monday → Tuesday
		{2025, "2025-09-01", "Quốc khánh"}, // Tuesday → Monday
		// Compensatory days.
		{2022, "2022-05-02", "Nghỉ bù Ngày Chiến thắng"}, // 30/4 Saturday
		{2022, "2022-05-03", "Nghỉ bù Ngày Quốc tế Lao động"},
		{2023, "2023-01-02", "Nghỉ bù Tết Dương lịch"},
		{2023, "2023-01-25", "Nghỉ bù Tết Nguyên đán"}, // Tết 2023: 20–26/01
		{2023, "2023-01-26", "Nghỉ bù Tết Nguyên đán"},
		{2026, "2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương"},
		{2026, "2026-02-20", "Nghỉ bù Tết Nguyên đán"},
		{2024, "2024-02-13", "Nghỉ bù Tết Nguyên đán"},
		{2024, "2024-02-14", "Nghỉ bù Tết Nguyên đán"},
		// Tết: the two last days of the lunar year and mùng 1–3.
		{2025, "2025-01-27", "Tết Nguyên đán"},
		{2025, "2025-01-31", "Tết Nguyên đán"},
		{2024, "2024-04-18", "Giỗ Tổ Hùng Vương"},
	} {
		hs, _ := StatutoryHolidays(c.year)
		if !has(hs, c.date, c.name) {
			t.Errorf("StatutoryHolidays(%d) lacks %s %q", c.year, c.date, c.name)
		}
	}
	hs, _ := StatutoryHolidays(2025)
	if len(hs) != 11 {
		t.Errorf("2025 (no compensatory day) has %d entries, want the 11 days of Art. 112", len(hs))
	}
	for i := 1; i < len(hs); i++ {
		if !hs[i-1].Date.Before(hs[i].Date) {
			t.Errorf("not sorted: %s, %s", hs[i-1].Date, hs[i].Date)
		}
	}
	if _, err := StatutoryHolidays(2101); ErrorCode(err) != CodeOutOfRange {
		t.Errorf("2101: %v", err)
	}
}

func TestCheckAgainstLunar(t *testing.T) {
	nat := National()
	for _, y := range []int{2024, 2025, 2026} {
		if w := CheckAgainstLunar(nat, y); len(w) != 0 {
			t.Errorf("%d: unexpected warnings %q", y, w)
		}
	}
	if w := CheckAgainstLunar(nat, 2027); len(w) != 1 || !strings.Contains(w[0], "2027") {
		t.Errorf("2027: %q", w)
	}

	// A Tết day typed one month late.
	tampered := National()
	for i, e := range tampered.Entries {
		if e.Date == D(2025, 1, 29) {
			tampered.Entries[i].Date = D(2025, 2, 28)
		}
	}
	before := tampered.Clone()
	w := CheckAgainstLunar(tampered, 2025)
	joined := strings.Join(w, "\n")
	for _, s := range []string{"28/02/2025 (2025-02-28)", "«Tết Nguyên đán»", "Mùng 1 Tết Nguyên đán (Thứ Tư 29/01/2025 (2025-01-29))", "Chỉ có 4 ngày"} {
		if !strings.Contains(joined, s) {
			t.Errorf("warnings lack %q:\n%s", s, joined)
		}
	}
	if !tampered.Equal(before) {
		t.Error("CheckAgainstLunar changed the calendar")
	}

	// Giỗ Tổ a day late, and its 2026 compensatory day removed.
	tampered = National()
	var kept []Entry
	for _, e := range tampered.Entries {
		switch e.Date {
		case D(2025, 4, 7):
			e.Date = D(2025, 4, 8)
		case D(2026, 4, 27):
			continue
		}
		kept = append(kept, e)
	}
	tampered.Entries = kept
	w = CheckAgainstLunar(tampered, 2025)
	if joined = strings.Join(w, "\n"); !strings.Contains(joined, "2025-04-08") || !strings.Contains(joined, "Giỗ Tổ Hùng Vương (10/3 âm lịch, Thứ Hai 07/04/2025 (2025-04-07)) là ngày làm việc") {
		t.Errorf("Giỗ Tổ 2025 warnings:\n%s", joined)
	}
	w = CheckAgainstLunar(tampered, 2026)
	if joined = strings.Join(w, "\n"); !strings.Contains(joined, "không được nghỉ bù") || !strings.Contains(joined, "2026-04-27") {
		t.Errorf("Giỗ Tổ 2026 warnings:\n%s", joined)
	}
}
