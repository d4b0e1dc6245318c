package store_test

import (
	"context"
	"testing"

	"github.com/egov-vn/egov/internal/audit"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// Writes sent with a transaction's next statement (the daily counter's advance, queued messages
// and lookup links, new statistics) are seen by the transaction's next read and committed with
// it; one that fails fails the whole transaction, whatever statement carried it, and nothing of
// the transaction is kept.
func TestWritesSentLater(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day, err := calendar.ParseDate("2026-03-02")
		if err != nil {
			t.Fatal(err)
		}
		const organ = "000.00.01.H24"
		take := func(tx *store.Tx, want int) error {
			t.Helper()
			n, err := tx.TakeDossierSequence(ctx, organ, day)
			if err == nil && n != want {
				t.Errorf("took %d, want %d", n, want)
			}
			return err
		}
		if err := db.Write(ctx, func(tx *store.Tx) error {
			for want := 1; want <= 3; want++ {
				if err := take(tx, want); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return take(tx, 4) }); err != nil {
			t.Fatal(err)
		}
		// A lookup link of a dossier that does not exist breaks its foreign key.
		err = db.Write(ctx, func(tx *store.Tx) error {
			if err := take(tx, 5); err != nil {
				return err
			}
			if err := tx.QueueNotifications(ctx, 987654321, "no-such-dossier", t0, nil); err != nil {
				return err
			}
			return take(tx, 6)
		})
		if err == nil {
			t.Fatal("a transaction with a failing write committed")
		}
		err = db.Write(ctx, func(tx *store.Tx) error {
			if err := tx.QueueNotifications(ctx, 987654321, "no-such-dossier", t0, nil); err != nil {
				return err
			}
			return nil // the commit sends it
		})
		if err == nil {
			t.Fatal("a failing write sent at commit committed")
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return take(tx, 5) }); err != nil {
			t.Fatal(err)
		}

		// With the audit record: the counter's advance goes with the head's lock; a failing
		// write kept for later fails the record and the transaction.
		audited := func() (n int) {
			t.Helper()
			if err := db.SQL.QueryRow(`SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		rec := func() *audit.Record {
			return &audit.Record{At: t0, Actor: "test", Action: "test.later", ObjectType: "test", ObjectID: "1", UnitPath: "/"}
		}
		if err := db.Write(ctx, func(tx *store.Tx) error {
			if err := take(tx, 6); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, rec())
		}); err != nil {
			t.Fatal(err)
		}
		n := audited()
		err = db.Write(ctx, func(tx *store.Tx) error {
			if err := take(tx, 7); err != nil {
				return err
			}
			if err := tx.QueueNotifications(ctx, 987654321, "no-such-dossier", t0, nil); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, rec())
		})
		if err == nil {
			t.Fatal("an audited transaction with a failing write committed")
		}
		if got := audited(); got != n {
			t.Errorf("audit records %d → %d after a failed transaction", n, got)
		}
		if err := db.Write(ctx, func(tx *store.Tx) error { return take(tx, 7) }); err != nil {
			t.Fatal(err)
		}
		if _, problem, err := db.VerifyAudit(ctx); err != nil || problem != nil {
			t.Errorf("audit chain: %v %v", problem, err)
		}
	})
}
