package catalog

import (
	"testing"

	"github.com/egov-vn/egov/internal/calendar"
)

// Every variant of the demo catalogue converts to a duration the deadline engine accepts, with
// the unit it names.
func TestDemoDurationsConvert(t *testing.T) {
	f, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	procs, err := f.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	want := map[DurationUnit]calendar.Unit{WorkingDays: calendar.WorkingDays, WorkingHours: calendar.WorkingHours,
		SameDay: calendar.SameDay, CalendarDays: calendar.CalendarDays}
	n := 0
	for _, p := range procs {
		for _, v := range p.Versions {
			for _, vr := range v.Variants {
				for _, d := range []Duration{vr.Duration, vr.For(true)} {
					cd, err := d.Calendar()
					if err != nil {
						t.Fatalf("%s %s: %v", p.NationalCode, vr.Code, err)
					}
					if cd.Unit != want[d.Unit] {
						t.Fatalf("%s: unit %s became %s", p.NationalCode, d.Unit, cd.Unit)
					}
					n++
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d durations", n)
	}
	if _, err := (Duration{Unit: "weeks", Value: 1}).Calendar(); err == nil {
		t.Fatal("unknown unit accepted")
	}
	if _, err := (Duration{Unit: SameDay, Cutoff: "25:00"}).Calendar(); err == nil {
		t.Fatal("bad cut-off accepted")
	}
	if cd, _ := (Duration{Unit: SameDay, Cutoff: "11:00"}).Calendar(); cd.Cutoff != calendar.Clock(11, 0) {
		t.Fatalf("cut-off %v", cd.Cutoff)
	}
}
