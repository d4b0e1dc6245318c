package catalog

import (
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
)

// calendarUnits maps the file format's unit names to the deadline engine's.
var calendarUnits = map[DurationUnit]calendar.Unit{
	WorkingDays:  calendar.WorkingDays,
	WorkingHours: calendar.WorkingHours,
	SameDay:      calendar.SameDay,
	CalendarDays: calendar.CalendarDays,
}

// Calendar returns d as the deadline engine's duration. A unit or cut-off Validate would refuse
// gives an Invalid error "invalid_duration".
func (d Duration) Calendar() (calendar.Duration, error) {
	u, ok := calendarUnits[d.Unit]
	bad := errs.Invalidf("duration", "invalid_duration", "Thời hạn "+d.String()+" không hợp lệ.", "The duration is not valid.")
	if !ok {
		return calendar.Duration{}, bad
	}
	cd := calendar.Duration{Value: d.Value, Unit: u}
	if d.Unit == SameDay {
		cd.Value = 0
		if d.Cutoff != "" {
			t, err := calendar.ParseTimeOfDay(d.Cutoff)
			if err != nil {
				return calendar.Duration{}, bad
			}
			cd.Cutoff = t
		}
	}
	if err := cd.Check(); err != nil {
		return calendar.Duration{}, bad
	}
	return cd, nil
}

// For returns the variant's legal duration for a channel: OnlineDuration for an online dossier
// when the variant has one, Duration otherwise.
func (vr *Variant) For(online bool) Duration {
	if online && vr.OnlineDuration != nil {
		return *vr.OnlineDuration
	}
	return vr.Duration
}

// Variant returns the variant with the given code, or nil. An empty code picks the only variant
// of a version that has exactly one.
func (v *Version) Variant(code string) *Variant {
	if code == "" && len(v.Variants) == 1 {
		return &v.Variants[0]
	}
	for i := range v.Variants {
		if v.Variants[i].Code == code {
			return &v.Variants[i]
		}
	}
	return nil
}
