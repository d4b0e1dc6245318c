package calendar

import (
	"fmt"
	"math"
	"sync/atomic"
)

// The Vietnamese lunar calendar (âm lịch) is computed astronomically for the meridian of UTC+7, as
// published by Hồ Ngọc Đức: a month starts on the local day of a new moon; lunar month 11 is the
// one that contains the winter solstice; a lunar year between two months 11 that has 13 months
// gets a leap month (tháng nhuận), the first month after month 11 in which no major solar term
// (trung khí: the sun entering a multiple of 30° of longitude) begins. New moons use the full
// series of J. Meeus, "Astronomical Algorithms" (ch. 49) with ΔT from Espenak and Meeus; the
// sun's apparent longitude uses Meeus ch. 25. Because Vietnam computes at UTC+7 and China at
// UTC+8, a few dates differ from the Chinese calendar (Tết 1968, 1985, 2007, 2030 …).
//
// Vietnam has used UTC+7 since 1968; before that the calendar in use followed UTC+8 (and the Huế
// court's own computation), so a handful of pre-1968 dates of the historical calendar differ from
// this computation (e.g. Tết 1965 was 02/02, computed here as 01/02). Three new moons of
// 2054–2085 fall within 30 seconds of local midnight, below the uncertainty of ΔT: the starts of
// those months (not Tết, Giỗ Tổ or any leap month) are predictions either way.
//
// The package uses the lunar calendar only to propose the statutory holidays of a year without an
// official schedule and to warn about inconsistent data (domain spec §10.3): official schedules are
// always loaded as data.

// LunarDate is a date of the Vietnamese lunar calendar.
type LunarDate struct {
	Year  int  // the lunar year, numbered as the solar year in which its Tết (1/1) falls
	Month int  // 1 … 12
	Day   int  // 1 … 30
	Leap  bool // the month is a leap month (tháng nhuận), repeating the number of the month before
}

// String formats l as d/m/yyyy, with " nhuận" after the month of a leap month (10/3/2025, 1/6 nhuận/2025).
func (l LunarDate) String() string {
	if l.Leap {
		return fmt.Sprintf("%d/%d nhuận/%d", l.Day, l.Month, l.Year)
	}
	return fmt.Sprintf("%d/%d/%d", l.Day, l.Month, l.Year)
}

// ToLunar converts a solar date to the Vietnamese lunar calendar. d must lie in MinYear … MaxYear;
// otherwise the error has code "out_of_range" ("invalid_date" if d does not exist).
func ToLunar(d Date) (LunarDate, error) {
	if !d.Valid() {
		return LunarDate{}, errorf(CodeInvalidDate, "Ngày %s không tồn tại.", d)
	}
	if !d.inRange() {
		return LunarDate{}, outOfRange(d)
	}
	jd := d.days() + unixJDN
	b := lunarBlockOf(d.Year)
	if jd >= b.start[b.n] {
		b = lunarBlockOf(d.Year + 1)
	}
	i := b.n - 1
	for jd < b.start[i] {
		i--
	}
	m, leap := b.month(i)
	y := b.year
	if m >= 11 {
		y--
	}
	return LunarDate{Year: y, Month: m, Day: int(jd-b.start[i]) + 1, Leap: leap}, nil
}

// FromLunar converts a Vietnamese lunar date to the solar calendar. It returns an error with code
// "invalid_lunar_date" when the date does not exist (a leap flag on a month that is not leap that
// year, day 30 of a 29-day month …) and "out_of_range" when the solar date would fall outside
// MinYear … MaxYear.
func FromLunar(l LunarDate) (Date, error) {
	bad := func() (Date, error) {
		return Date{}, errorf(CodeInvalidLunarDate, "Ngày âm lịch %s không tồn tại.", l)
	}
	if l.Year < MinYear-1 || l.Year > MaxYear || l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return bad()
	}
	by := l.Year
	if l.Month >= 11 {
		by++ // months 11 and 12 start the block that leads to the next Tết
	}
	b := lunarBlockOf(by)
	for i := 0; i < b.n; i++ {
		m, leap := b.month(i)
		if m != l.Month || leap != l.Leap {
			continue
		}
		if l.Month < 11 && m >= 11 {
			continue
		}
		if int64(l.Day) > b.start[i+1]-b.start[i] {
			return bad()
		}
		d := dateFromDays(b.start[i] + int64(l.Day) - 1 - unixJDN)
		if !d.inRange() {
			return Date{}, outOfRange(d)
		}
		return d, nil
	}
	return bad()
}

// LunarNewYear returns the solar date of Tết Nguyên đán (1/1 of the lunar year) in the given year.
func LunarNewYear(year int) (Date, error) {
	return FromLunar(LunarDate{Year: year, Month: 1, Day: 1})
}

// LeapMonth returns the number of the leap month of the lunar year, or 0 if it has none. year must
// lie in MinYear … MaxYear-1 (the last leap month of MaxYear may fall after the supported range).
func LeapMonth(year int) (int, error) {
	if year < MinYear || year >= MaxYear {
		return 0, errorf(CodeOutOfRange, "Năm %d nằm ngoài phạm vi %d–%d.", year, MinYear, MaxYear-1)
	}
	if b := lunarBlockOf(year); b.leap > 0 {
		if m, _ := b.month(b.leap); m <= 10 {
			return m, nil
		}
	}
	if b := lunarBlockOf(year + 1); b.leap > 0 {
		if m, _ := b.month(b.leap); m >= 11 {
			return m, nil
		}
	}
	return 0, nil
}

const (
	lunarZone    = 7.0           // hours east of UTC for which the calendar is computed
	synodicMonth = 29.530588861  // mean length of a lunation, days
	newMoon2000  = 2451550.09766 // Julian ephemeris day of the mean new moon numbered 0 (2000-01-06)
	unixJDN      = 2440588       // Julian day number of 1970-01-01
	lunarFirst   = MinYear - 1   // first cached block
	lunarLast    = MaxYear + 2   // last cached block
	degree       = math.Pi / 180
	termArc      = math.Pi / 6 // 30°: the sun's longitude between two major terms
)

// lunarBlock is the run of lunar months from month 11 of lunar year year-1 (the month of the winter
// solstice of solar year year-1) up to, not including, month 11 of lunar year year. It holds 12
// months, or 13 when one of them is a leap month.
type lunarBlock struct {
	year  int
	n     int       // number of months, 12 or 13
	leap  int       // index of the leap month, or -1
	start [14]int64 // Julian day numbers of the month starts; start[n] is the next block's start
}

// month returns the number of the i-th month of the block and whether it is the leap month.
func (b *lunarBlock) month(i int) (int, bool) {
	j := i
	if b.leap >= 0 && i >= b.leap {
		j--
	}
	return (j+10)%12 + 1, i == b.leap
}

var lunarBlocks [lunarLast - lunarFirst + 1]atomic.Pointer[lunarBlock]

// lunarBlockOf returns the block that ends just before month 11 of year (cached).
func lunarBlockOf(year int) *lunarBlock {
	if year < lunarFirst || year > lunarLast {
		return computeBlock(year)
	}
	p := &lunarBlocks[year-lunarFirst]
	if b := p.Load(); b != nil {
		return b
	}
	b := computeBlock(year)
	p.Store(b)
	return b
}

func computeBlock(year int) *lunarBlock {
	first, next := solsticeMonth(year-1), solsticeMonth(year)
	b := &lunarBlock{year: year, n: 12, leap: -1}
	if next-first > 365 {
		b.n = 13
	}
	k := lunation(first)
	for i := 0; i < b.n; i++ {
		b.start[i] = newMoonDay(k + i)
	}
	b.start[b.n] = next
	if b.n == 13 {
		for i := 1; i < b.n; i++ {
			if majorTerm(b.start[i]) == majorTerm(b.start[i+1]) {
				b.leap = i // no major term begins during month i
				break
			}
		}
	}
	return b
}

// solsticeMonth returns the Julian day number of the first day of the lunar month that contains
// the winter solstice of solar year y (lunar month 11).
func solsticeMonth(y int) int64 {
	dec31 := Date{y, 12, 31}.days() + unixJDN
	k := int(math.Floor((float64(dec31) - newMoon2000) / synodicMonth))
	start := newMoonDay(k)
	// The sun past 270° when the month begins means the solstice fell in the month before.
	if majorTerm(start) >= 9 {
		start = newMoonDay(k - 1)
	}
	return start
}

// lunation returns the number of the new moon nearest to the day with Julian day number jdn.
func lunation(jdn int64) int {
	return int(math.Floor((float64(jdn)-newMoon2000)/synodicMonth + 0.5))
}

// newMoonDay returns the Julian day number of the local (UTC+7) day of the k-th new moon.
func newMoonDay(k int) int64 {
	return int64(math.Floor(newMoon(k) + 0.5 + lunarZone/24))
}

// majorTerm returns which 30° sector (0 … 11, 0 = from the March equinox) the sun is in at local
// midnight at the start of the day with Julian day number jdn.
func majorTerm(jdn int64) int {
	return int(sunLongitude(float64(jdn)-0.5-lunarZone/24) / termArc)
}

// newMoon returns the instant (Julian day, universal time) of the k-th new moon counted from the
// one of 2000-01-06 (Meeus, "Astronomical Algorithms", 2nd ed., ch. 49, with all periodic and
// planetary terms; accurate to well under a minute).
func newMoon(k int) float64 {
	n := float64(k)
	t := n / 1236.85 // Julian centuries from J2000.0
	t2, t3, t4 := t*t, t*t*t, t*t*t*t
	jde := newMoon2000 + synodicMonth*n + 0.00015437*t2 - 0.000000150*t3 + 0.00000000073*t4
	e := 1 - 0.002516*t - 0.0000074*t2 // eccentricity of the Earth's orbit
	m := (2.5534 + 29.10535670*n - 0.0000014*t2 - 0.00000011*t3) * degree
	mm := (201.5643 + 385.81693528*n + 0.0107582*t2 + 0.00001238*t3 - 0.000000058*t4) * degree
	f := (160.7108 + 390.67050284*n - 0.0016118*t2 - 0.00000227*t3 + 0.000000011*t4) * degree
	node := (124.7746 - 1.56375588*n + 0.0020672*t2 + 0.00000215*t3) * degree
	sin := math.Sin
	jde += -0.40720*sin(mm) + 0.17241*e*sin(m) + 0.01608*sin(2*mm) + 0.01039*sin(2*f) +
		0.00739*e*sin(mm-m) - 0.00514*e*sin(mm+m) + 0.00208*e*e*sin(2*m) - 0.00111*sin(mm-2*f) -
		0.00057*sin(mm+2*f) + 0.00056*e*sin(2*mm+m) - 0.00042*sin(3*mm) + 0.00042*e*sin(m+2*f) +
		0.00038*e*sin(m-2*f) - 0.00024*e*sin(2*mm-m) - 0.00017*sin(node) - 0.00007*sin(mm+2*m) +
		0.00004*sin(2*mm-2*f) + 0.00004*sin(3*m) + 0.00003*sin(mm+m-2*f) + 0.00003*sin(2*mm+2*f) -
		0.00003*sin(mm+m+2*f) + 0.00003*sin(mm-m+2*f) - 0.00002*sin(mm-m-2*f) - 0.00002*sin(3*mm+m) +
		0.00002*sin(4*mm)
	for _, p := range planetaryTerms {
		jde += p.amp * sin((p.a+p.b*n+p.c*t2)*degree)
	}
	return jde - deltaT(jde)
}

// planetaryTerms are the additional corrections of Meeus ch. 49: amplitude (days) and the argument
// a + b·k + c·T² in degrees.
var planetaryTerms = [...]struct{ amp, a, b, c float64 }{
	{0.000325, 299.77, 0.107408, -0.009173},
	{0.000165, 251.88, 0.016321, 0},
	{0.000164, 251.83, 26.651886, 0},
	{0.000126, 349.42, 36.412478, 0},
	{0.000110, 84.66, 18.206239, 0},
	{0.000062, 141.74, 53.303771, 0},
	{0.000060, 207.14, 2.453732, 0},
	{0.000056, 154.84, 7.306860, 0},
	{0.000047, 34.52, 27.261239, 0},
	{0.000042, 207.19, 0.121824, 0},
	{0.000040, 291.34, 1.844379, 0},
	{0.000037, 161.72, 24.198154, 0},
	{0.000035, 239.56, 25.513099, 0},
	{0.000023, 331.55, 3.592518, 0},
}

// deltaT returns TT − UT in days at the Julian day jd, from the polynomial expressions of
// Espenak and Meeus (2006) for 1860–2150.
func deltaT(jd float64) float64 {
	y := 2000 + (jd-2451544.5)/365.2425
	var s float64 // seconds
	switch {
	case y < 1900:
		t := y - 1860
		s = 7.62 + 0.5737*t - 0.251754*t*t + 0.01680668*t*t*t - 0.0004473624*t*t*t*t + t*t*t*t*t/233174
	case y < 1920:
		t := y - 1900
		s = -2.79 + 1.494119*t - 0.0598939*t*t + 0.0061966*t*t*t - 0.000197*t*t*t*t
	case y < 1941:
		t := y - 1920
		s = 21.20 + 0.84493*t - 0.076100*t*t + 0.0020936*t*t*t
	case y < 1961:
		t := y - 1950
		s = 29.07 + 0.407*t - t*t/233 + t*t*t/2547
	case y < 1986:
		t := y - 1975
		s = 45.45 + 1.067*t - t*t/260 - t*t*t/718
	case y < 2005:
		t := y - 2000
		s = 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*t*t*t + 0.000651814*t*t*t*t + 0.00002373599*t*t*t*t*t
	case y < 2050:
		t := y - 2000
		s = 62.92 + 0.32217*t + 0.005589*t*t
	default:
		u := (y - 1820) / 100
		s = -20 + 32*u*u - 0.5628*(2150-y)
	}
	return s / 86400
}

// sunLongitude returns the sun's apparent ecliptic longitude, in radians within [0, 2π), at the
// instant jd (Julian day, universal time); Meeus ch. 25, accurate to about 0.01°.
func sunLongitude(jd float64) float64 {
	t := (jd + deltaT(jd) - 2451545.0) / 36525 // Julian centuries (TT) from J2000.0
	t2 := t * t
	anomaly := (357.52911 + 35999.05029*t - 0.0001537*t2) * degree
	mean := 280.46646 + 36000.76983*t + 0.0003032*t2
	centre := (1.914602-0.004817*t-0.000014*t2)*math.Sin(anomaly) +
		(0.019993-0.000101*t)*math.Sin(2*anomaly) + 0.000289*math.Sin(3*anomaly)
	omega := (125.04 - 1934.136*t) * degree
	lon := mean + centre - 0.00569 - 0.00478*math.Sin(omega) // aberration and nutation
	lon = math.Mod(lon*degree, 2*math.Pi)
	if lon < 0 {
		lon += 2 * math.Pi
	}
	return lon
}
