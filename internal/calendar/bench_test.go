package calendar

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// benchStarts returns n reception instants spread over 2025, inside and outside working hours.
func benchStarts(n int) []time.Time {
	r := rand.New(rand.NewPCG(11, 12))
	out := make([]time.Time, n)
	for i := range out {
		out[i] = randomStart(r)
		out[i] = time.Date(2025, out[i].Month(), min(out[i].Day(), 28), out[i].Hour(), out[i].Minute(), 0, 0, vietnam)
	}
	return out
}

func benchDue(b *testing.B, c *Calendar, d Duration) {
	starts := benchStarts(256)
	if _, err := c.Due(starts[0], d); err != nil { // index the years outside the timing
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Due(starts[i&255], d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDue20WorkingDays: the full result (due instant, skipped days, provisional check).
func BenchmarkDue20WorkingDays(b *testing.B) { benchDue(b, National(), WorkingDaysOf(20)) }

func BenchmarkDue20WorkingDaysModelB(b *testing.B) {
	benchDue(b, national2(CivilCodeDays, true), WorkingDaysOf(20))
}

func BenchmarkDue4WorkingHours(b *testing.B) { benchDue(b, National(), WorkingHoursOf(4)) }

func BenchmarkDueSameDay(b *testing.B) { benchDue(b, National(), SameDayBy(0)) }

func BenchmarkDue30CalendarDays(b *testing.B) { benchDue(b, National(), CalendarDaysOf(30)) }

func BenchmarkDue250WorkingDaysAcrossYears(b *testing.B) { benchDue(b, National(), WorkingDaysOf(250)) }

func BenchmarkCompare(b *testing.B) {
	c := National()
	starts := benchStarts(256)
	due := at(2025, 6, 16, 9, 0)
	c.Compare(starts[0], due)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Compare(starts[i&255], due)
	}
}

func BenchmarkWorkingMinutesBetween(b *testing.B) {
	c := National()
	starts := benchStarts(256)
	end := at(2026, 6, 16, 9, 0)
	c.WorkingMinutesBetween(starts[0], end)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.WorkingMinutesBetween(starts[i&255], end); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseNational(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(strings.NewReader(nationalData)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexYear builds a year index for a year without official data (statutory schedule
// from the lunar calendar), as the first computation touching that year does.
func BenchmarkIndexYear(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c := National()
		if _, err := c.Day(D(2030, 1, 1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLunarYear computes one lunar year from the astronomy (uncached).
func BenchmarkLunarYear(b *testing.B) {
	for i := 0; i < b.N; i++ {
		computeBlock(1900 + i%200)
	}
}
