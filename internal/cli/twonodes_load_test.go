package cli_test

import (
	"context"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/load"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestTwoNodesUnderReceptionLoad runs two `egov serve` on one PostgreSQL and receives dossiers
// at four desks through both at once, alternating: every reception is acknowledged, no code is
// given twice, every acknowledged dossier is stored whole, and the audit chain verifies.
// EGOV_LOAD_RECEPTIONS sets how many (default 300, sent at 150 a second).
func TestTwoNodesUnderReceptionLoad(t *testing.T) {
	t.Parallel()
	tg := &target{env: map[string]string{"EGOV_DATABASE_URL": storetest.NewPostgresURL(t), "EGOV_DATA": t.TempDir(), "EGOV_LOG_LEVEL": "warn"}}
	tokens := withDemoBase(t, tg)
	a, b := tg.serve(t), tg.serve(t)
	defer a.stop()
	defer b.stop()

	n := loadEnvInt("EGOV_LOAD_RECEPTIONS", 300)
	rate := 150.0
	w := world(t, tokens, a.url, b.url)
	res, err := load.Open{Name: "two nodes", Rate: rate, Duration: time.Duration(float64(n) / rate * float64(time.Second)), Mix: load.Mix{{Op: load.OpReceive, Weight: 1}}}.Run(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Op(load.OpReceive)
	t.Logf("%d receptions through 2 nodes: p50 %.1f ms, p99 %.1f ms, max %.1f ms", s.OK, s.P50, s.P99, s.Max)
	if s.Errors > 0 || s.OK != n {
		t.Errorf("%d of %d acknowledged: %s", s.OK, n, describeResult(res))
	}
	acks := w.Acked()
	byURL := map[string]int{}
	for _, a := range acks {
		byURL[a.URL]++
	}
	if byURL[a.url] == 0 || byURL[b.url] == 0 {
		t.Errorf("not both nodes received: %v", byURL)
	}
	checkReceptions(t, tg, codes(acks))
}
