package cli

import (
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/clock"
)

func TestNextReminder(t *testing.T) {
	at := calendar.Clock(7, 30)
	vn := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, clock.Vietnam) }
	tests := []struct {
		now     time.Time
		catchUp bool
		want    time.Time
	}{
		{vn(4, 6, 0), true, vn(4, 7, 30)},   // before the time: today at 07:30
		{vn(4, 7, 30), false, vn(5, 7, 30)}, // just ran: tomorrow
		{vn(4, 9, 15), true, vn(4, 9, 15)},  // started late in the morning: at once
		{vn(4, 9, 15), false, vn(5, 7, 30)}, // after the day's run: tomorrow
		{vn(4, 18, 0), true, vn(5, 7, 30)},  // started in the evening: tomorrow, no evening email
		// In UTC the day may differ: 23:00 UTC on the 3rd is 06:00 on the 4th in Hà Nội.
		{time.Date(2026, 3, 3, 23, 0, 0, 0, time.UTC), true, vn(4, 7, 30)},
	}
	for _, tt := range tests {
		if got := nextReminder(tt.now, at, tt.catchUp); !got.Equal(tt.want) {
			t.Errorf("nextReminder(%s, catch up %v) = %s, want %s", tt.now, tt.catchUp, got, tt.want)
		}
	}
}
