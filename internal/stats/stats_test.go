package stats

import (
	"errors"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
)

func at(day, hour, min int) time.Time { return time.Date(2025, 3, day, hour, min, 0, 0, vietnam) }

// kpiVector is domain-vn §13.7: 3-working-day procedures, period March 2025, read at 31/03 23:59.
func kpiVector() []Dossier {
	supp := func(from, to time.Time) []Event {
		return []Event{{At: from, From: dossier.InProcessing, To: dossier.AwaitingSupplement},
			{At: to, From: dossier.AwaitingSupplement, To: dossier.InProcessing}}
	}
	return []Dossier{
		{ID: 1, State: dossier.ResultReady, ReceivedAt: at(3, 9, 0), OriginalDueAt: at(6, 9, 0), ProcessedAt: at(5, 15, 0)},
		{ID: 2, State: dossier.ResultReady, ReceivedAt: at(3, 9, 0), OriginalDueAt: at(6, 9, 0), ProcessedAt: at(6, 8, 30)},
		{ID: 3, State: dossier.Returned, ReceivedAt: at(3, 9, 0), OriginalDueAt: at(6, 9, 0), ProcessedAt: at(6, 10, 0), ReturnedAt: at(7, 9, 0)},
		{ID: 4, State: dossier.ResultReady, ReceivedAt: at(10, 9, 0), OriginalDueAt: at(13, 9, 0), DueAt: at(18, 9, 0),
			ProcessedAt: at(17, 9, 0), SupplementCount: 1, Events: supp(at(11, 9, 0), at(14, 9, 0))},
		{ID: 5, State: dossier.Refused}, // submitted 20/03, refused at reception: never received
		{ID: 6, State: dossier.InProcessing, ReceivedAt: at(25, 9, 0), OriginalDueAt: at(28, 9, 0)},
		{ID: 7, State: dossier.InProcessing, ReceivedAt: at(27, 9, 0), OriginalDueAt: time.Date(2025, 4, 1, 9, 0, 0, 0, vietnam)},
		{ID: 8, State: dossier.ResultReady, ReceivedAt: at(12, 9, 0), OriginalDueAt: at(17, 9, 0), ProcessedAt: at(14, 16, 0),
			SupplementCount: 2, Events: append(supp(at(12, 10, 0), at(12, 14, 0)), supp(at(13, 9, 0), at(13, 15, 0))...)},
	}
}

func TestKPI21Vector(t *testing.T) {
	cal := calendar.National()
	var counters []Counter
	want := map[int64][2]calendar.Outcome{ // literal766, workingTime
		1: {calendar.Early, calendar.Early}, 2: {calendar.OnTime, calendar.OnTime}, 3: {calendar.Late, calendar.Late},
		4: {calendar.Late, calendar.Early}, 8: {calendar.Late, calendar.Late},
	}
	for _, d := range kpiVector() {
		f, ok, err := Classify(d, cal)
		if err != nil {
			t.Fatal(err)
		}
		if ok != (d.ID != 5) {
			t.Fatalf("K%d: received = %v", d.ID, ok)
		}
		if !ok {
			continue
		}
		if w, ended := want[d.ID]; ended && (f.Outcome766 != w[0] || f.OutcomeWT != w[1]) {
			t.Errorf("K%d: outcomes %v/%v, want %v/%v", d.ID, f.Outcome766, f.OutcomeWT, w[0], w[1])
		}
		counters = append(counters, CounterOf(f))
	}
	p, err := ParsePeriod("2025-03")
	if err != nil {
		t.Fatal(err)
	}
	w := WindowOf(p, time.Date(2025, 4, 15, 10, 0, 0, 0, vietnam))
	if w.Current || !w.At.Equal(p.End()) {
		t.Fatalf("window %+v", w)
	}
	var tl Tally
	tl.Window = w
	for _, c := range counters {
		tl.Buckets = append(tl.Buckets, w.BucketOf(c))
	}
	for _, mode := range []Mode{WorkingTime, Literal766} {
		tl.Mode = mode
		r := tl.Compute()
		v, _ := r.Value("2.1")
		// Working time: K1, K2, K4 processed in time, K7 in processing within its due: 4 of 7.
		// Literal: K4 is late by the calendar subtraction: 3 of 7.
		good, pct := int64(4), 57.14
		if mode == Literal766 {
			good, pct = 3, 42.86
		}
		if v.Numerator != good || v.Denominator != 7 || v.Percent != pct {
			t.Errorf("%s: 2.1 = %d/%d %.2f%%, want %d/7 %.2f%%", mode, v.Numerator, v.Denominator, v.Percent, good, pct)
		}
		prog := r.WorkingTime
		if mode == Literal766 {
			prog = r.Literal766
		}
		if prog.OpenLate != 1 || prog.OpenOnTime != 1 {
			t.Errorf("%s: in processing %+v, want K6 late and K7 in time", mode, prog)
		}
	}
}

// TestCurrentPeriod: while the period runs, dossiers in processing are judged at now; those due
// this month need the exact instant.
func TestCurrentPeriod(t *testing.T) {
	p, _ := ParsePeriod("2025")
	now := at(26, 10, 0)
	w := WindowOf(p, now)
	if !w.Current || w.Now != 202503 {
		t.Fatalf("window %+v", w)
	}
	f, _, err := Classify(kpiVector()[5], calendar.National()) // K6, due 28/03
	if err != nil {
		t.Fatal(err)
	}
	if b := w.BucketOf(CounterOf(f)); b.Standing != Open || b.LateWT != Exact {
		t.Fatalf("bucket %+v", b)
	}
	if b := WindowOf(p, time.Date(2025, 4, 2, 0, 0, 0, 0, vietnam)).BucketOf(CounterOf(f)); b.LateWT != Overdue {
		t.Fatalf("in April K6 is overdue: %+v", b)
	}
}

func TestScore(t *testing.T) {
	for _, c := range []struct{ rate, full, want float64 }{
		{90, 80, 10}, {80, 80, 10}, {40, 80, 5}, {0, 80, 0}, {45, 90, 5},
	} {
		if got := Score(c.rate, c.full, 10); got != c.want {
			t.Errorf("Score(%v, %v, 10) = %v, want %v", c.rate, c.full, got, c.want)
		}
	}
	v := value("3.1", 1427, 1839)
	if v.Text() != "1.427 / 1.839 (77,60%)" || v.ScoreRatio != 77.6/80 {
		t.Errorf("3.1 text %q score %v", v.Text(), v.ScoreRatio)
	}
}

func TestParsePeriod(t *testing.T) {
	for s, want := range map[string][2]Month{"2025": {202501, 202512}, "2025-Q2": {202504, 202506}, "2025-03": {202503, 202503},
		"2024-11..2025-02": {202411, 202502}, "2021-01..2025-12": {202101, 202512}} {
		p, err := ParsePeriod(s)
		if err != nil || p.From != want[0] || p.To != want[1] || p.String() != s {
			t.Errorf("%s: %+v %v", s, p, err)
		}
	}
	for s, code := range map[string]string{"2025-13": CodeInvalidPeriod, "2025-Q5": CodeInvalidPeriod, "x": CodeInvalidPeriod,
		"2025-06..2025-01": CodeInvalidPeriod, "2020-01..2025-01": CodePeriodTooLong} {
		_, err := ParsePeriod(s)
		var e *errs.Error
		if !errors.As(err, &e) || e.Code != code || e.Kind != errs.Invalid || e.Message == "" {
			t.Errorf("%s: %v, want %s", s, err, code)
		}
	}
	p, _ := ParsePeriod("2025-Q1")
	if p.Label() != "Quý I/2025" || !p.End().Equal(time.Date(2025, 4, 1, 0, 0, 0, 0, vietnam)) {
		t.Errorf("%s %v", p.Label(), p.End())
	}
}

// TestSatisfactionFloor: 5.4 subtracts a dossier both late and disliked twice, as the formula
// adds the two rates, and is not shown below 0 %.
func TestSatisfactionFloor(t *testing.T) {
	p, _ := ParsePeriod("2026-03")
	w := WindowOf(p, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	tally := Tally{Window: w, Buckets: []Bucket{
		{Received: true, Standing: Ended, Outcome766: calendar.Late, OutcomeWT: calendar.Late, Disliked: true, N: 2},
		{Received: true, Standing: Ended, Outcome766: calendar.OnTime, OutcomeWT: calendar.OnTime, N: 2},
	}}
	v, _ := tally.Compute().Value("5.4")
	if v.Numerator != 0 || v.Denominator != 4 || v.Percent != 0 {
		t.Errorf("2 late and disliked of 4: %+v", v)
	}
	tally.Buckets[1].N = 6
	if v, _ := tally.Compute().Value("5.4"); v.Numerator != 4 || v.Percent != 50 {
		t.Errorf("2 late and disliked of 8: %+v", v)
	}
}
