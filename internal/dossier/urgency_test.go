package dossier

import (
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
)

func TestUrgencyOf(t *testing.T) {
	cal := calendar.National()
	tests := []struct {
		name     string
		now, due time.Time
		want     Urgency
		left     time.Duration
	}{
		// Across a weekend: Friday afternoon, a step due Monday 09:00 has 3 working hours left.
		{"Friday afternoon, due Monday 09:00", local(2026, 3, 6, 15, 0), local(2026, 3, 9, 9, 0), DueSoon, 3 * time.Hour},
		{"Friday 09:00 exactly one working day before", local(2026, 3, 6, 9, 0), local(2026, 3, 9, 9, 0), DueSoon, 8 * time.Hour},
		{"Friday 08:59 more than a working day before", local(2026, 3, 6, 8, 59), local(2026, 3, 9, 9, 0), NotYetDue, 8*time.Hour + time.Minute},
		{"Thursday afternoon, due Monday 09:00", local(2026, 3, 5, 15, 0), local(2026, 3, 9, 9, 0), NotYetDue, 11 * time.Hour},
		{"Saturday, due Monday 09:00", local(2026, 3, 7, 10, 0), local(2026, 3, 9, 9, 0), DueSoon, time.Hour},
		// Across the 30/04–01/05/2026 holidays (Thursday, Friday) and the weekend.
		{"Wednesday before 30/04, due Monday 04/05 09:00", local(2026, 4, 29, 14, 0), local(2026, 5, 4, 9, 0), DueSoon, 4 * time.Hour},
		{"Tuesday before 30/04, due Monday 04/05 09:00", local(2026, 4, 28, 14, 0), local(2026, 5, 4, 9, 0), NotYetDue, 12 * time.Hour},
		// Overdue is decided on working time: after 17:00 a due of 17:00 has not passed yet.
		{"due Friday 17:00, Friday 17:30", local(2026, 3, 6, 17, 30), local(2026, 3, 6, 17, 0), DueSoon, 0},
		{"due Friday 16:00, Saturday", local(2026, 3, 7, 10, 0), local(2026, 3, 6, 16, 0), Overdue, -time.Hour},
		{"due Friday 16:00, Monday 10:00", local(2026, 3, 9, 10, 0), local(2026, 3, 6, 16, 0), Overdue, -3 * time.Hour},
		{"due at now", local(2026, 3, 9, 10, 0), local(2026, 3, 9, 10, 0), DueSoon, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, left, err := UrgencyOf(cal, tt.now, tt.due)
			if err != nil {
				t.Fatal(err)
			}
			if u != tt.want || left != tt.left {
				t.Errorf("got %d with %s left, want %d with %s", u, left, tt.want, tt.left)
			}
		})
	}
	if d := WorkingDay(cal); d != 8*time.Hour {
		t.Errorf("working day %s", d)
	}
}
