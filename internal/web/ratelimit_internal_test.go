package web

import (
	"strconv"
	"testing"
	"time"
)

// TestLimiterSweep: past sweepAbove keys, the idle buckets are dropped, but the walk over them
// happens at most once per sweepEvery, not on every attempt.
func TestLimiterSweep(t *testing.T) {
	l := newLimiter(time.Millisecond, 1)
	fill := func(prefix string) {
		long := time.Now().Add(-time.Minute)
		for i := range sweepAbove + 1 {
			l.seen[prefix+strconv.Itoa(i)] = &bucket{last: long}
		}
	}
	fill("a")
	if ok, _ := l.allow("x"); !ok || len(l.seen) != 1 {
		t.Fatalf("first sweep: allowed %v, %d buckets left, want 1", ok, len(l.seen))
	}
	fill("b")
	if ok, _ := l.allow("y"); !ok || len(l.seen) != sweepAbove+3 {
		t.Fatalf("a second walk within %v: %d buckets, want %d", sweepEvery, len(l.seen), sweepAbove+3)
	}
	l.swept = l.swept.Add(-sweepEvery)
	if ok, _ := l.allow("z"); !ok || len(l.seen) > 3 {
		t.Fatalf("after %v: %d buckets left, want x, y and z at most", sweepEvery, len(l.seen))
	}
}
