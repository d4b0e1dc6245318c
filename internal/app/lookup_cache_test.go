package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestLookupCache checks the public lookup cache: a change made through the same server shows at
// once; a change made through another server on the same database shows when the answer expires,
// not before and not later, and well before when the server follows the audit log
// (FollowChanges); an unknown code is not remembered, so a dossier received a moment after a
// failed lookup is found at once.
func TestLookupCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc := w.svc
		svc.EnableLookupCache(5 * time.Second)
		// The other server: the same database, its own cache.
		other := app.New(db, w.clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		other.EnableLookupCache(5 * time.Second)
		ctx := context.Background()
		state := func(s *app.Service, code string) dossier.State {
			t.Helper()
			p, err := s.LookupDossier(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			return p.State
		}

		d, err := svc.ReceiveDossier(w.a.desk, reception("1.004873"))
		if err != nil {
			t.Fatal(err)
		}
		if got := state(svc, d.Code); got != dossier.Received {
			t.Fatalf("after reception: %s", got)
		}
		if got := state(other, d.Code); got != dossier.Received {
			t.Fatalf("the other server after reception: %s", got)
		}

		// Through this server: shown at once here; the other server still has its answer.
		if _, err := svc.Act(w.a.desk, d.Code, app.ActionInput{Action: dossier.ActionTransfer}); err != nil {
			t.Fatal(err)
		}
		if got := state(svc, d.Code); got != dossier.InProcessing {
			t.Errorf("this server right after the transfer: %s, want %s", got, dossier.InProcessing)
		}
		w.clk.Advance(4 * time.Second)
		if got := state(other, d.Code); got != dossier.Received {
			t.Errorf("the other server within 5 s: %s, want its kept answer %s", got, dossier.Received)
		}
		w.clk.Advance(time.Second)
		if got := state(other, d.Code); got != dossier.InProcessing {
			t.Errorf("the other server after 5 s: %s, want %s", got, dossier.InProcessing)
		}

		// A third server follows the audit log: a change through the first shows there within
		// its polling interval, long before its answers expire.
		third := app.New(db, w.clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		third.EnableLookupCache(time.Hour)
		fctx, stop := context.WithCancel(ctx)
		followed := third.FollowChanges(fctx, 10*time.Millisecond)
		defer func() { stop(); <-followed }()
		if got := state(third, d.Code); got != dossier.InProcessing {
			t.Fatalf("the third server: %s", got)
		}
		w.clk.Advance(30 * time.Minute)
		if _, err := svc.Act(w.a.leader, d.Code, app.ActionInput{Action: dossier.ActionRequestSupplement, Items: []string{"Bản sao giấy khai sinh"}}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for state(third, d.Code) == dossier.InProcessing && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if got := state(third, d.Code); got != dossier.AwaitingSupplement {
			t.Errorf("the following server shows %s 5 s after the change, want %s", got, dossier.AwaitingSupplement)
		}

		// Unknown codes are not kept.
		code, err := dossier.FormatCode(w.a.centre.OrganID, w.clk.Now(), 2)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.LookupDossier(ctx, code); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("lookup of %s before it exists: %v", code, err)
		}
		d2, err := other.ReceiveDossier(w.a.desk, reception("1.004873"))
		if err != nil {
			t.Fatal(err)
		}
		if d2.Code != code {
			t.Fatalf("second dossier %s, want %s", d2.Code, code)
		}
		if got := state(svc, code); got != dossier.Received {
			t.Errorf("a dossier received after a failed lookup: %s", got)
		}
	})
}
