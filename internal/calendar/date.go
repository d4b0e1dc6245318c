package calendar

import (
	"fmt"
	"time"
)

// MinYear and MaxYear bound every date this package computes with: the lunar calendar, and with it
// the statutory fallback schedule, is correct for 1900–2100.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Date is a civil date (ngày dương lịch) without time or zone, written 2006-01-02. The zero Date
// is not a valid date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// D is shorthand for Date{Year: y, Month: m, Day: d}.
func D(y int, m time.Month, d int) Date { return Date{y, m, d} }

// ParseDate parses YYYY-MM-DD (exactly ten characters, a date that exists). It returns an *Error
// with code "invalid_date".
func ParseDate(s string) (Date, error) {
	bad := func() (Date, error) {
		return Date{}, errorf(CodeInvalidDate, "Ngày %q không hợp lệ, cần dạng NNNN-TT-NN (ví dụ 2025-01-29).", s)
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return bad()
	}
	num := func(t string) (int, bool) {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
			n = n*10 + int(t[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	dt := Date{y, time.Month(m), d}
	if !ok1 || !ok2 || !ok3 || !dt.Valid() {
		return bad()
	}
	return dt, nil
}

// MustParseDate is ParseDate for literals known to be valid; it panics on a bad date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the civil date of t in Vietnam (UTC+7).
func DateOf(t time.Time) Date {
	return dateFromDays(floorDiv(t.Unix()+vnOffset, 86400))
}

// Valid reports whether d is a date that exists in the proleptic Gregorian calendar.
func (d Date) Valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// vn formats d as dd/mm/yyyy, the way dates are written in Vietnamese prose.
func (d Date) vn() string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year) }

// AddDays returns d moved by n days (n may be negative).
func (d Date) AddDays(n int) Date { return dateFromDays(d.days() + int64(n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.days(), e.days()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysUntil returns the number of days from d to e (negative if e is before d).
func (d Date) DaysUntil(e Date) int { return int(e.days() - d.days()) }

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalText formats d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	x, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = x
	return nil
}

// inRange reports whether d lies within MinYear … MaxYear.
func (d Date) inRange() bool { return d.Year >= MinYear && d.Year <= MaxYear }

// days returns the number of days since 1970-01-01 (negative before).
func (d Date) days() int64 { return daysFromCivil(d.Year, d.Month, d.Day) }

func dateFromDays(z int64) Date {
	y, m, d := civilFromDays(z)
	return Date{y, m, d}
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func daysInYear(y int) int {
	if daysIn(y, time.February) == 29 {
		return 366
	}
	return 365
}

// daysFromCivil and civilFromDays convert between a proleptic Gregorian date and a day count
// from 1970-01-01 (the era-based algorithm published by H. Hinnant).
func daysFromCivil(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= time.February {
		yy--
	}
	era := floorDiv(yy, 400)
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (int, time.Month, int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(d)
}

// weekdayOf returns the weekday of a day count (1970-01-01 was a Thursday).
func weekdayOf(z int64) time.Weekday { return time.Weekday(floorMod(z+4, 7)) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
