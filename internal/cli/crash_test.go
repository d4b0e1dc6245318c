package cli_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/load"
)

// TestCrashDuringReceptions kills `egov serve` with SIGKILL at random moments while desks receive
// dossiers through it, and starts it again, many times: every reception the client saw
// acknowledged is stored whole, no dossier is half stored, no code is given twice, and the audit
// chain verifies. EGOV_CRASH_KILLS sets how many kills (default 20).
func TestCrashDuringReceptions(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, tg *target) {
		tokens := withDemoBase(t, tg)
		kills := loadEnvInt("EGOV_CRASH_KILLS", 20)
		rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
		var acked []string
		var cut int // requests cut off by a kill (no answer)
		for i := 0; i < kills; i++ {
			p := tg.start(t)
			w := world(t, tokens, p.url)
			burst := time.Duration(150+rnd.IntN(300)) * time.Millisecond
			var res *load.Result
			var wg sync.WaitGroup
			ctx, stop := context.WithCancel(context.Background())
			wg.Go(func() {
				var err error
				res, err = load.Closed{Name: "burst", Op: load.OpReceive, Workers: 8, Duration: time.Minute}.Run(ctx, w)
				if err != nil {
					t.Error(err)
				}
			})
			time.Sleep(burst) // the kill lands at a random moment of the burst
			p.kill()
			time.Sleep(20 * time.Millisecond) // the requests in flight fail
			stop()
			wg.Wait()
			acked = append(acked, codes(w.Acked())...)
			if s := res.Op(load.OpReceive); s != nil {
				cut += s.Errors
			}
		}
		// Once more, a clean start: the desks go on receiving, with new codes.
		p := tg.start(t)
		w := world(t, tokens, p.url)
		res, err := load.Closed{Name: "after", Op: load.OpReceive, Workers: 4, Duration: 300 * time.Millisecond}.Run(context.Background(), w)
		if err != nil {
			t.Fatal(err)
		}
		if s := res.Op(load.OpReceive); s.Errors > 0 || s.OK == 0 {
			t.Errorf("after the last restart: %s", describeResult(res))
		}
		acked = append(acked, codes(w.Acked())...)
		p.kill()
		t.Logf("%d kills; %d requests without an answer (cut off by a kill, or refused while the server was down)", kills, cut)
		if len(acked) < kills {
			t.Errorf("only %d receptions acknowledged over %d runs: the bursts did not load the server", len(acked), kills)
		}
		checkReceptions(t, tg, acked)
	})
}
