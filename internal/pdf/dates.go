package pdf

import (
	"fmt"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/clock"
)

// Dates and times are printed in Vietnam time (UTC+7) whatever the location of the time.Time, the
// way administrative documents write them (NĐ 30/2020 Phụ lục I): a day below 10 and the months
// January and February take a leading zero ("ngày 05 tháng 02 năm 2025", "ngày 15 tháng 3 năm
// 2025"). A zero time prints the blank of a paper form, with dots to fill in by hand.

// The blanks printed for a zero time.
const (
	blankDate     = "ngày …… tháng …… năm ……"
	blankDateTime = "…… giờ …… phút, " + blankDate
)

// LongDate writes t as "ngày 05 tháng 3 năm 2025".
func LongDate(t time.Time) string {
	if t.IsZero() {
		return blankDate
	}
	t = t.In(clock.Vietnam)
	return dayMonthYear(t.Year(), t.Month(), t.Day())
}

// LongDateTime writes t as "08 giờ 30 phút, ngày 05 tháng 3 năm 2025".
func LongDateTime(t time.Time) string {
	if t.IsZero() {
		return blankDateTime
	}
	t = t.In(clock.Vietnam)
	return fmt.Sprintf("%02d giờ %02d phút, %s", t.Hour(), t.Minute(), dayMonthYear(t.Year(), t.Month(), t.Day()))
}

// PlaceDate writes the place and date line of a document: "Hà Nội, ngày 05 tháng 3 năm 2025".
// An empty place gives the date alone, capitalised.
func PlaceDate(place string, t time.Time) string {
	if place == "" {
		return "N" + LongDate(t)[1:]
	}
	return place + ", " + LongDate(t)
}

// ShortDate writes t as "05/03/2025", or "" for the zero time.
func ShortDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(clock.Vietnam)
	return fmt.Sprintf("%02d/%02d/%04d", t.Day(), int(t.Month()), t.Year())
}

// ShortDateTime writes t as "08:30 05/03/2025", or "" for the zero time.
func ShortDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(clock.Vietnam)
	return fmt.Sprintf("%02d:%02d %02d/%02d/%04d", t.Hour(), t.Minute(), t.Day(), int(t.Month()), t.Year())
}

// civilDate writes a civil date as "05/03/2025", or "" for the zero date.
func civilDate(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

func dayMonthYear(y int, m time.Month, d int) string {
	month := fmt.Sprint(int(m))
	if m <= time.February {
		month = fmt.Sprintf("%02d", int(m))
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", d, month, y)
}
