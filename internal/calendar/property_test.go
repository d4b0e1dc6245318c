package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The reference implementations below follow the pseudo-code of spec §6.2–§6.5 literally, one
// period at a time, using only IsWorkingDay and the periods; the indexed arithmetic must agree.

func refNormalize(c *Calendar, t time.Time) time.Time {
	t = t.In(vietnam)
	for {
		d := DateOf(t)
		midnight := d.In(vietnam)
		if c.IsWorkingDay(d) {
			sod := t.Sub(midnight)
			for _, p := range c.Periods {
				start, end := time.Duration(p.Start)*time.Minute, time.Duration(p.End)*time.Minute
				if sod < start {
					return midnight.Add(start)
				}
				if sod < end {
					return t
				}
			}
		}
		t = d.AddDays(1).In(vietnam)
	}
}

func refPeriodEnd(c *Calendar, t time.Time) time.Time {
	midnight := DateOf(t).In(vietnam)
	sod := t.Sub(midnight)
	for _, p := range c.Periods {
		if end := time.Duration(p.End) * time.Minute; sod < end {
			return midnight.Add(end)
		}
	}
	panic("not inside a period")
}

func refAddWorking(c *Calendar, t time.Time, m time.Duration) time.Time {
	t = refNormalize(c, t)
	for {
		end := refPeriodEnd(c, t)
		if m < end.Sub(t) {
			return t.Add(m)
		}
		m -= end.Sub(t)
		t = refNormalize(c, end)
	}
}

func refEndOfDay(d Date) time.Time { return d.In(vietnam).Add(17 * time.Hour) }

func refNextWorking(c *Calendar, d Date) Date {
	for d = d.AddDays(1); !c.IsWorkingDay(d); d = d.AddDays(1) {
	}
	return d
}

func refDue(c *Calendar, start time.Time, d Duration) time.Time {
	start = start.In(vietnam)
	switch d.Unit {
	case SameDay:
		n := refNormalize(c, start)
		cut := DateOf(start).In(vietnam).Add(time.Duration(d.cutoff()) * time.Minute)
		if DateOf(n) != DateOf(start) || start.After(cut) {
			return refEndOfDay(refNextWorking(c, DateOf(start)))
		}
		return refEndOfDay(DateOf(start))
	case CalendarDays:
		n := refNormalize(c, start)
		if d.Value == 0 {
			return n
		}
		day := DateOf(n).AddDays(int(d.Value))
		for !c.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		return refEndOfDay(day)
	}
	m := d.workingTime(8 * time.Hour)
	if d.Unit == WorkingDays && c.policy() == CivilCodeDays && d.Value > 0 {
		day := DateOf(refNormalize(c, start))
		for k := 0; k < int(d.Value+0.999999); k++ {
			day = refNextWorking(c, day)
		}
		return refEndOfDay(day)
	}
	return refAddWorking(c, start, m)
}

// randomStart returns an instant in 2024–2026, often on a period boundary or just beside it.
func randomStart(r *rand.Rand) time.Time {
	day := D(2024, 1, 1).AddDays(r.IntN(3 * 365))
	var sod time.Duration
	if r.IntN(3) == 0 {
		edges := []int{0, 7*60 + 59, 8 * 60, 8*60 + 1, 11*60 + 59, 12 * 60, 12*60 + 30, 13 * 60, 14*60 + 59, 15 * 60, 15*60 + 1, 16*60 + 59, 17 * 60, 17*60 + 30, 23*60 + 59}
		sod = time.Duration(edges[r.IntN(len(edges))]) * time.Minute
	} else {
		sod = time.Duration(r.IntN(24*60)) * time.Minute
	}
	if r.IntN(10) == 0 {
		sod += time.Duration(r.IntN(60)) * time.Second
	}
	return day.In(vietnam).Add(sod)
}

func randomDuration(r *rand.Rand) Duration {
	switch r.IntN(6) {
	case 0:
		return WorkingHoursOf(float64(r.IntN(400)) / 4)
	case 1:
		return CalendarDaysOf(r.IntN(60))
	case 2:
		return SameDayBy(0)
	}
	return WorkingDaysOf(float64(r.IntN(30*8)) / 8)
}

func propertyCalendars() map[string]*Calendar {
	return map[string]*Calendar{
		"A":            National(),
		"A no make-up": national2(WorkingTime, false),
		"B":            national2(CivilCodeDays, true),
	}
}

func TestDueMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for name, c := range propertyCalendars() {
		for i := 0; i < 3000; i++ {
			start, dur := randomStart(r), randomDuration(r)
			got, err := c.Due(start, dur)
			if err != nil {
				t.Fatalf("%s: Due(%s, %s): %v", name, start, dur, err)
			}
			if want := refDue(c, start, dur); !got.Due.Equal(want) {
				t.Fatalf("%s: Due(%s, %s) = %s, reference %s", name, instant(start), dur, instant(got.Due), instant(want))
			}
		}
	}
}

// TestDueCanonicalForm: under Model A a due instant is inside a working period of a working day,
// never at a period end; every other rule ends at the end of a working day.
func TestDueCanonicalForm(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for name, c := range propertyCalendars() {
		for i := 0; i < 3000; i++ {
			start, dur := randomStart(r), randomDuration(r)
			res, err := c.Due(start, dur)
			if err != nil {
				t.Fatal(err)
			}
			due := res.Due
			day := DateOf(due)
			sod := due.Sub(day.In(vietnam))
			if !c.IsWorkingDay(day) {
				t.Fatalf("%s: Due(%s, %s) = %s on a non-working day", name, instant(start), dur, instant(due))
			}
			modelA := dur.Unit == WorkingHours || (dur.Unit == WorkingDays && (c.policy() == WorkingTime || dur.Value == 0)) ||
				(dur.Unit == CalendarDays && dur.Value == 0)
			if modelA {
				inside := (sod >= 8*time.Hour && sod < 12*time.Hour) || (sod >= 13*time.Hour && sod < 17*time.Hour)
				if !inside {
					t.Fatalf("%s: Due(%s, %s) = %s is not in canonical form", name, instant(start), dur, instant(due))
				}
			} else if sod != 17*time.Hour {
				t.Fatalf("%s: Due(%s, %s) = %s is not the end of a working day", name, instant(start), dur, instant(due))
			}
			if due.Before(start) {
				t.Fatalf("%s: due %s before start %s", name, instant(due), instant(start))
			}
			if got := c.Compare(due, due); got != OnTime {
				t.Fatalf("Compare(due, due) = %v", got)
			}
		}
	}
}

func TestDueMonotonic(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for name, c := range propertyCalendars() {
		for i := 0; i < 3000; i++ {
			s1, s2 := randomStart(r), randomStart(r)
			if s2.Before(s1) {
				s1, s2 = s2, s1
			}
			dur := randomDuration(r)
			d1, err1 := c.Due(s1, dur)
			d2, err2 := c.Due(s2, dur)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if d2.Due.Before(d1.Due) {
				t.Fatalf("%s: not monotonic in start: Due(%s)=%s > Due(%s)=%s for %s", name, instant(s1), instant(d1.Due), instant(s2), instant(d2.Due), dur)
			}
			// Monotonic in N.
			more := dur
			more.Value += float64(r.IntN(40)) / 8
			if dur.Unit == CalendarDays {
				more.Value = float64(int(more.Value))
			}
			d3, err := c.Due(s1, more)
			if err != nil {
				t.Fatal(err)
			}
			if d3.Due.Before(d1.Due) {
				t.Fatalf("%s: not monotonic in N: Due(%s, %s)=%s > Due(%s, %s)=%s", name, instant(s1), dur, instant(d1.Due), instant(s1), more, instant(d3.Due))
			}
		}
	}
}

// TestDueAdditive: adding a then b equals adding a+b, for working-time units under Model A, and
// the working time between a start and its due is the duration.
func TestDueAdditive(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range []*Calendar{National(), national2(WorkingTime, false)} {
		for i := 0; i < 3000; i++ {
			start := randomStart(r)
			unit := WorkingHours
			a, b := float64(r.IntN(200))/4, float64(r.IntN(200))/4
			if r.IntN(2) == 0 {
				unit, a, b = WorkingDays, float64(r.IntN(120))/8, float64(r.IntN(120))/8
			}
			ra, _ := c.Due(start, Duration{Value: a, Unit: unit})
			rab, _ := c.Due(ra.Due, Duration{Value: b, Unit: unit})
			rsum, err := c.Due(start, Duration{Value: a + b, Unit: unit})
			if err != nil {
				t.Fatal(err)
			}
			if !rab.Due.Equal(rsum.Due) {
				t.Fatalf("Due(Due(%s, %v), %v) = %s, Due(%s, %v) = %s (%s)", instant(start), a, b, instant(rab.Due), instant(start), a+b, instant(rsum.Due), unit)
			}
			want := Duration{Value: a + b, Unit: unit}.workingTime(8 * time.Hour)
			if got, err := c.WorkingTimeBetween(start, rsum.Due); err != nil || got != want {
				t.Fatalf("WorkingTimeBetween(%s, %s) = %s, want %s", instant(start), instant(rsum.Due), got, want)
			}
		}
	}
}

// TestCompareProperties: a result one minute of working time after due is late; a result on an
// earlier working day is early; and an empty pause changes nothing.
func TestCompareProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	c := National()
	for i := 0; i < 2000; i++ {
		res, _ := c.Due(randomStart(r), WorkingDaysOf(float64(1+r.IntN(80))/8))
		after, _ := c.Due(res.Due, WorkingHoursOf(1.0/60))
		if got := c.Compare(after.Due, res.Due); got != Late {
			t.Fatalf("Compare(%s, %s) = %v, want late", instant(after.Due), instant(res.Due), got)
		}
		prevDay := res.Due.Add(-24 * time.Hour)
		for !c.IsWorkingDay(DateOf(prevDay)) {
			prevDay = prevDay.Add(-24 * time.Hour)
		}
		early := DateOf(prevDay).In(vietnam).Add(10 * time.Hour)
		if got := c.Compare(early, res.Due); got != Early {
			t.Fatalf("Compare(%s, %s) = %v, want early", instant(early), instant(res.Due), got)
		}
		ext, err := c.ExtendForPauses(res.Due, []Pause{{res.ClockStart, res.ClockStart}})
		if err != nil || !ext.Due.Equal(res.Due) {
			t.Fatalf("empty pause moved %s to %s (%v)", instant(res.Due), instant(ext.Due), err)
		}
	}
}
