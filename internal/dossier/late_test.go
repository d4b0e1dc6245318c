package dossier

import (
	"testing"
	"time"
)

// On time ⇔ End ≤ NgayHenTra; an unprocessed dossier is late only while its clock runs past the due.
func TestLate(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	due := time.Date(2026, 3, 5, 9, 0, 0, 0, vn)
	for _, c := range []struct {
		name      string
		s         State
		processed time.Time
		now       time.Time
		late      bool
	}{
		{"processed exactly at the due", Returned, due, due.Add(48 * time.Hour), false},
		{"processed a minute after, returned days later", Returned, due.Add(time.Minute), due.Add(72 * time.Hour), true},
		{"processed early, returned late", Returned, due.Add(-time.Hour), due.Add(72 * time.Hour), false},
		{"in processing at the due", InProcessing, time.Time{}, due, false},
		{"in processing past the due", InProcessing, time.Time{}, due.Add(time.Second), true},
		{"waiting for a supplement past the due (clock paused)", AwaitingSupplement, time.Time{}, due.Add(time.Hour), false},
	} {
		if got := Late(c.s, due, c.processed, c.now); got != c.late {
			t.Errorf("%s: late %v", c.name, got)
		}
	}
	if Late(Submitted, time.Time{}, time.Time{}, due) {
		t.Error("a dossier without a due date is late")
	}
}
