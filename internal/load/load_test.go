package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseMixAndSchedule(t *testing.T) {
	m, err := ParseMix("lookup=3, inbox=1,act=0")
	if err != nil || m.String() != "lookup=3,inbox=1" {
		t.Fatalf("%v %v", m, err)
	}
	if got := strings.Join(m.schedule(), ","); strings.Count(got, "lookup") != 3 || strings.Count(got, "inbox") != 1 {
		t.Errorf("schedule %s", got)
	}
	for _, bad := range []string{"", "lookup", "lookup=x", "lookup=-1"} {
		if _, err := ParseMix(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestOpenModelCountsTheStall: a server that stalls once for 300 ms while requests keep
// arriving shows the stall in the latency of every request that arrived during it, measured
// from its intended start, not only in the one that hit it.
func TestOpenModelCountsTheStall(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 10 {
			time.Sleep(300 * time.Millisecond)
		}
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	w := &World{URLs: []string{srv.URL}, Client: NewClient(5 * time.Second), Gets: map[string]string{}}
	res, err := Open{Name: "stall", URLs: []string{srv.URL}, Rate: 100, Duration: time.Second, Mix: Mix{{OpBare, 1}}, MaxInFlight: 1}.Run(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Op(OpBare)
	if s.OK != 100 || s.Errors != 0 {
		t.Fatalf("%+v", s)
	}
	// About 30 requests arrived during the stall, waiting behind it: p95 is well above a
	// round trip, and the max near the stall.
	if s.P95 < 50 || s.Max < 250 {
		t.Errorf("stall hidden: p95 %.1f ms, max %.1f ms", s.P95, s.Max)
	}
}
