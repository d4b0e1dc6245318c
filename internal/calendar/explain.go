package calendar

import (
	"fmt"
	"strings"
	"time"
)

// SkippedDay is a non-working day between the reception and the due date, and why it is off.
type SkippedDay struct {
	Date Date
	// Reason is the entry's name ("Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương") or, for a weekly
	// day off, the weekday ("Thứ Bảy", "Chủ nhật").
	Reason string
	Kind   Kind // the entry's kind, or "" for a weekly day off
	// Provisional is true when the day comes from the statutory proposal, not an official schedule.
	Provisional bool
}

// Result is a due date with its explanation, so that officials and citizens see why.
type Result struct {
	Start      time.Time // the reception instant, in the calendar's zone
	ClockStart time.Time // the instant the clock starts from (§6.2)
	Normalized bool      // the reception was outside working time and the clock start moved
	Due        time.Time // the due instant (ngày hẹn trả)
	Duration   Duration
	Policy     Policy
	// Skipped lists the non-working days from the reception day to the due day that the
	// computation passed over, in order (for CalendarDays: those before the clock start and those
	// that moved the end of the period).
	Skipped []SkippedDay
	// Provisional is true when a day from the reception to the due day has no official schedule;
	// Notes then say which year or range, in Vietnamese.
	Provisional bool
	Notes       []string
}

// Explain renders r in Vietnamese, one fact per line, e.g.
//
//	Tiếp nhận: 10:00 Thứ Bảy 08/03/2025 (ngoài giờ làm việc, bắt đầu tính từ 08:00 Thứ Hai 10/03/2025).
//	Thời hạn: 1 ngày làm việc.
//	Hạn trả kết quả: 08:00 Thứ Ba 11/03/2025.
//	Ngày không tính: Thứ Bảy 08/03/2025 (Thứ Bảy); Chủ nhật 09/03/2025 (Chủ nhật).
func (r Result) Explain() string {
	var b strings.Builder
	b.WriteString("Tiếp nhận: " + instant(r.Start))
	if r.Normalized {
		b.WriteString(" (ngoài giờ làm việc, bắt đầu tính từ " + instant(r.ClockStart) + ")")
	}
	b.WriteString(".\nThời hạn: " + r.Duration.String())
	if r.Policy == CivilCodeDays && r.Duration.Unit == WorkingDays {
		b.WriteString(", không tính ngày tiếp nhận, hết hạn vào cuối ngày làm việc cuối cùng")
	}
	b.WriteString(".\nHạn trả kết quả: " + instant(r.Due) + ".\n")
	if len(r.Skipped) > 0 {
		b.WriteString("Ngày không tính: ")
		for i, d := range r.Skipped {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s %s (%s", weekdayName(d.Date.Weekday()), d.Date.vn(), d.Reason)
			if d.Provisional && d.Kind != "" {
				b.WriteString(", tạm tính")
			}
			b.WriteString(")")
		}
		b.WriteString(".\n")
	}
	for _, n := range r.Notes {
		b.WriteString(n + "\n")
	}
	return b.String()
}

var weekdayNames = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// weekdayName returns the Vietnamese name of w ("Thứ Hai" … "Chủ nhật").
func weekdayName(w time.Weekday) string {
	if w < time.Sunday || w > time.Saturday {
		return fmt.Sprintf("ngày %d", int(w))
	}
	return weekdayNames[w]
}

// instant formats t as "15:04 Thứ Hai 02/01/2006" (with seconds when not zero).
func instant(t time.Time) string {
	layout := "15:04"
	if t.Second() != 0 || t.Nanosecond() != 0 {
		layout = "15:04:05"
	}
	return t.Format(layout) + " " + weekdayName(t.Weekday()) + " " + t.Format("02/01/2006")
}
