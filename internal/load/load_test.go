package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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

// TestSpreadClients: with SpreadClients the public requests (lookup, page) carry X-Forwarded-For
// naming the spread clients in turn, from 198.18.0.1; officials' requests never do, and without
// it no request does.
func TestSpreadClients(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path+" "+r.Header.Get("X-Forwarded-For"))
		mu.Unlock()
		w.Write([]byte(`{"items":[]}`))
	}))
	defer srv.Close()
	w, err := NewWorld(context.Background(), NewClient(5*time.Second), []string{srv.URL}, []string{"tok"}, []string{"C1"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	send := func(o op) {
		t.Helper()
		if _, err := o(ctx, w, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	seen = nil
	mu.Unlock()
	send(lookup)
	send(inbox)
	w.SpreadClients = 3
	for _, o := range []op{lookup, page, inbox, lookup, lookup} {
		send(o)
	}
	want := []string{
		"/api/v1/public/dossiers/C1 ", "/api/v1/inbox ", // off
		"/api/v1/public/dossiers/C1 198.18.0.1", "/tra-cuu/C1 198.18.0.2", "/api/v1/inbox ",
		"/api/v1/public/dossiers/C1 198.18.0.3", "/api/v1/public/dossiers/C1 198.18.0.1",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
	// The whole range: the 256th client and the last.
	w.SpreadClients = MaxSpreadClients
	w.spread.Store(255)
	if got := w.forwardedFor(); got != "198.18.1.0" {
		t.Errorf("256th client: %s", got)
	}
	w.spread.Store(MaxSpreadClients - 1)
	if got := w.forwardedFor(); got != "198.19.255.254" {
		t.Errorf("last client: %s", got)
	}
	if got := w.forwardedFor(); got != "198.18.0.1" {
		t.Errorf("after the last client: %s", got)
	}
}
