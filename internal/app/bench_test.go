package app_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// BenchmarkReception measures walk-in receptions at one unit, each a whole transaction: the
// pinned version, the locked daily counter, the dossier, its components, the control-sheet row,
// the timeline entry and the audit record. It reports receptions per second, sequential and with
// eight concurrent desks.
//
//	go test ./internal/app -run '^$' -bench Reception -benchtime 2000x
func BenchmarkReception(b *testing.B) {
	for _, dbc := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		for _, par := range []int{1, 8} {
			b.Run(dbc.name+"/desks="+itoa(par), func(b *testing.B) {
				w := newDossierWorld(b, dbc.open(b))
				var n atomic.Int64
				in := reception("1.004873")
				b.SetParallelism(par)
				b.ResetTimer()
				start := time.Now()
				if par == 1 {
					for range b.N {
						receiveOne(b, w, &n, in)
					}
				} else {
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							receiveOne(b, w, &n, in)
						}
					})
				}
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "receptions/s")
			})
		}
	}
}

func receiveOne(b *testing.B, w *dossierWorld, n *atomic.Int64, in app.ReceptionInput) {
	if n.Add(1)%5000 == 0 {
		w.clk.Advance(24 * time.Hour) // a unit receives at most 9999 dossiers a day
	}
	if _, err := w.svc.ReceiveDossier(w.a.desk, in); err != nil {
		b.Error(err)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

// BenchmarkLookup measures the public lookup of a dossier by its code (the busiest read), with
// eight concurrent callers.
//
//	go test ./internal/app -run '^$' -bench Lookup
func BenchmarkLookup(b *testing.B) {
	for _, dbc := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(dbc.name, func(b *testing.B) {
			w := newDossierWorld(b, dbc.open(b))
			var codes []string
			for range 50 {
				d, err := w.svc.ReceiveDossier(w.a.desk, reception("1.004873"))
				if err != nil {
					b.Fatal(err)
				}
				codes = append(codes, d.Code)
			}
			var i atomic.Int64
			b.SetParallelism(4)
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := w.svc.LookupDossier(w.sys, codes[i.Add(1)%int64(len(codes))]); err != nil {
						b.Error(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "lookups/s")
		})
	}
}
