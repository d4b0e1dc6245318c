package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Legal references of the statutory schedule.
const (
	refArt112    = "Bộ luật Lao động 2019, Điều 112"
	refArt112Bis = "Bộ luật Lao động 2019, Điều 112 khoản 3"
)

// StatutoryHolidays proposes the public holidays of year under Labour Code 2019 Art. 112 (domain
// spec §10.1) for a Saturday–Sunday week, computed from the lunar calendar:
//
//   - Tết Dương lịch: 1 January;
//   - Tết Nguyên đán: five days, the last two days of the lunar year and mùng 1–3 (the pattern of
//     the official 2024–2026 schedules);
//   - Giỗ Tổ Hùng Vương: 10/3 lunar;
//   - Ngày Chiến thắng 30 April and Ngày Quốc tế Lao động 1 May;
//   - Quốc khánh: 2 September and one adjacent day: the adjacent weekday, or when both are
//     weekdays the one that joins the weekend (1/9 when 2/9 is a Tuesday, 3/9 when a Thursday),
//     else 3/9 (2021–2025 followed this rule; the Prime Minister decides each year);
//   - a compensatory day (nghỉ bù) on the next working day for each of these that falls on a
//     weekly day off (Art. 112.3).
//
// Days falling on a weekend are listed too (their names explain the compensatory days). Swapped
// days and make-up Saturdays are decided yearly and never proposed. Entries are sorted by date, of
// kind Holiday. year must lie in MinYear … MaxYear ("out_of_range").
func StatutoryHolidays(year int) ([]Entry, error) {
	if year < MinYear || year > MaxYear {
		return nil, errorf(CodeOutOfRange, "Năm %d nằm ngoài phạm vi %d–%d.", year, MinYear, MaxYear)
	}
	var off [7]bool
	off[time.Saturday], off[time.Sunday] = true, true
	return statutory(year, off), nil
}

// statutory is StatutoryHolidays for any weekly days off; year is in range.
func statutory(year int, weeklyOff [7]bool) []Entry {
	var hs []Entry
	add := func(d Date, name string) {
		hs = append(hs, Entry{Date: d, Kind: Holiday, Name: name, LegalRef: refArt112})
	}
	add(Date{year, time.January, 1}, "Tết Dương lịch")
	if tet, err := LunarNewYear(year); err == nil {
		for i := -2; i <= 2; i++ {
			add(tet.AddDays(i), "Tết Nguyên đán")
		}
	}
	if gio, err := FromLunar(LunarDate{Year: year, Month: 3, Day: 10}); err == nil {
		add(gio, "Giỗ Tổ Hùng Vương")
	}
	add(Date{year, time.April, 30}, "Ngày Chiến thắng")
	add(Date{year, time.May, 1}, "Ngày Quốc tế Lao động")
	national := Date{year, time.September, 2}
	add(nationalDayNeighbour(national, weeklyOff), "Quốc khánh")
	add(national, "Quốc khánh")
	slices.SortFunc(hs, func(a, b Entry) int { return a.Date.Compare(b.Date) })

	taken := make(map[Date]bool, len(hs)+4)
	for _, h := range hs {
		taken[h.Date] = true
	}
	n := len(hs)
	for _, h := range hs[:n] {
		if !weeklyOff[h.Date.Weekday()] {
			continue
		}
		d := h.Date.AddDays(1)
		for weeklyOff[d.Weekday()] || taken[d] {
			d = d.AddDays(1)
		}
		taken[d] = true
		hs = append(hs, Entry{Date: d, Kind: Holiday, Name: "Nghỉ bù " + h.Name, LegalRef: refArt112Bis})
	}
	slices.SortFunc(hs, func(a, b Entry) int { return a.Date.Compare(b.Date) })
	return hs
}

// nationalDayNeighbour picks the day adjacent to 2 September that is also off (see StatutoryHolidays).
func nationalDayNeighbour(national Date, weeklyOff [7]bool) Date {
	before, after := national.AddDays(-1), national.AddDays(1)
	bw, aw := !weeklyOff[before.Weekday()], !weeklyOff[after.Weekday()]
	switch {
	case bw && !aw:
		return before
	case bw && aw && weeklyOff[before.AddDays(-1).Weekday()] && !weeklyOff[after.AddDays(1).Weekday()]:
		return before
	}
	return after
}

// CheckAgainstLunar compares the entries that cal loads for year with the lunar calendar and
// returns warnings in Vietnamese, one per problem, naming the dates concerned; nil when all is
// consistent. It checks that the entries named after Tết lie around the lunar new year, that the
// Giỗ Tổ entry is on 10/3 lunar, that mùng 1–3 Tết and Giỗ Tổ (or its compensatory day) are days
// off, and that Tết gives five weekdays off. It never changes cal. A year without official data,
// or outside MinYear … MaxYear, gives one warning saying so.
func CheckAgainstLunar(cal *Calendar, year int) []string {
	if year < MinYear || year > MaxYear {
		return []string{fmt.Sprintf("Năm %d nằm ngoài phạm vi âm lịch hỗ trợ (%d–%d).", year, MinYear, MaxYear)}
	}
	if !slices.Contains(cal.Years, year) {
		return []string{fmt.Sprintf("Năm %d chưa có lịch nghỉ chính thức trong lịch «%s»: không có gì để đối chiếu với âm lịch.", year, cal.Name)}
	}
	var weeklyOff [7]bool
	for _, w := range cal.WeeklyOff {
		if w >= time.Sunday && w <= time.Saturday {
			weeklyOff[w] = true
		}
	}
	byDate := make(map[Date]Entry)
	for _, e := range cal.Entries {
		if e.Date.Year == year {
			byDate[e.Date] = e
		}
	}
	isOff := func(d Date) bool {
		if e, ok := byDate[d]; ok {
			return e.Kind.Off() || (e.Kind == MakeUpWorkday && !cal.CountMakeUpSaturday)
		}
		return weeklyOff[d.Weekday()]
	}
	tet, err1 := LunarNewYear(year)
	gio, err2 := FromLunar(LunarDate{Year: year, Month: 3, Day: 10})
	if err1 != nil || err2 != nil {
		return []string{fmt.Sprintf("Không tính được âm lịch năm %d.", year)}
	}

	var w []string
	warn := func(format string, args ...any) { w = append(w, fmt.Sprintf(format, args...)) }
	for _, e := range cal.Entries {
		if e.Date.Year != year || !e.Kind.Off() {
			continue
		}
		name := strings.ToLower(e.Name)
		switch {
		case strings.Contains(name, "tết") && !strings.Contains(name, "dương lịch"):
			if n := tet.DaysUntil(e.Date); n < -10 || n > 10 {
				warn("Ngày %s («%s») không nằm quanh Tết Nguyên đán: theo âm lịch, mùng 1 Tết năm %d là %s.",
					long(e.Date), e.Name, year, long(tet))
			}
		case strings.Contains(name, "giỗ tổ") || strings.Contains(name, "hùng vương"):
			if strings.Contains(name, "nghỉ bù") {
				if n := gio.DaysUntil(e.Date); !weeklyOff[gio.Weekday()] || n < 1 || n > 7 {
					warn("Ngày %s («%s») không khớp âm lịch: Giỗ Tổ Hùng Vương năm %d (10/3 âm lịch) là %s.",
						long(e.Date), e.Name, year, long(gio))
				}
			} else if e.Date != gio {
				warn("Ngày %s («%s») không phải 10/3 âm lịch: Giỗ Tổ Hùng Vương năm %d là %s.",
					long(e.Date), e.Name, year, long(gio))
			}
		}
	}
	for i := 0; i < 3; i++ {
		if d := tet.AddDays(i); !isOff(d) {
			warn("Mùng %d Tết Nguyên đán (%s) là ngày làm việc trong lịch đã nạp.", i+1, long(d))
		}
	}
	if !isOff(gio) {
		warn("Giỗ Tổ Hùng Vương (10/3 âm lịch, %s) là ngày làm việc trong lịch đã nạp.", long(gio))
	} else if weeklyOff[gio.Weekday()] {
		next := gio.AddDays(1)
		for weeklyOff[next.Weekday()] {
			next = next.AddDays(1)
		}
		if !isOff(next) {
			warn("Giỗ Tổ Hùng Vương (%s) trùng ngày nghỉ hằng tuần nhưng ngày làm việc kế tiếp %s không được nghỉ bù.",
				long(gio), long(next))
		}
	}
	weekdaysOff := 0
	for d := tet.AddDays(-10); !d.After(tet.AddDays(10)); d = d.AddDays(1) {
		if e, ok := byDate[d]; ok && e.Kind.Off() && !weeklyOff[d.Weekday()] {
			weekdaysOff++
		}
	}
	if weekdaysOff < 5 {
		warn("Chỉ có %d ngày nghỉ trong tuần quanh Tết Nguyên đán (mùng 1 là %s); Điều 112 Bộ luật Lao động quy định 5 ngày.",
			weekdaysOff, long(tet))
	}
	return w
}

// long formats d for warnings: weekday, dd/mm/yyyy and the ISO form.
func long(d Date) string {
	return fmt.Sprintf("%s %s (%s)", weekdayName(d.Weekday()), d.vn(), d)
}
