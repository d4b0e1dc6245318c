package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/audit"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

var t0 = time.Date(2025, 7, 1, 1, 2, 3, 456789000, time.UTC)

func date(s string) org.Date { d, _ := org.ParseDate(s); return d }

func TestUnitsVersionsAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var city, ward, newWard *org.Unit
		err := db.Write(ctx, func(tx *store.Tx) error {
			city = &org.Unit{OrganID: "000.00.00.H24", GSOCode: "01", Name: "Thành phố Hà Nội", Kind: org.KindCity, ValidFrom: date("2020-01-01")}
			if err := tx.InsertUnit(ctx, city, t0); err != nil {
				return err
			}
			ward = &org.Unit{GSOCode: "00004", Name: "Phường Trúc Bạch", Kind: org.KindCommune, ParentID: city.ID, ValidFrom: date("2020-01-01"), ValidTo: date("2025-06-30")}
			if err := tx.InsertUnit(ctx, ward, t0); err != nil {
				return err
			}
			newWard = &org.Unit{GSOCode: "00004", Name: "Phường Ba Đình", Kind: org.KindCommune, ParentID: city.ID, ValidFrom: date("2025-07-01")}
			if err := tx.InsertUnit(ctx, newWard, t0); err != nil {
				return err
			}
			_, err := tx.AddSuccessor(ctx, ward.ID, newWard.ID, false)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Read(ctx, func(tx *store.Tx) error {
			for day, want := range map[string]string{"2025-06-30": "Phường Trúc Bạch", "2025-07-01": "Phường Ba Đình"} {
				us, err := tx.Units(ctx, store.UnitFilter{On: date(day), GSOCode: "00004"})
				if err != nil {
					return err
				}
				if len(us) != 1 || us[0].Name != want {
					t.Errorf("on %s code 00004 is %v, want %s", day, us, want)
				}
			}
			us, err := tx.Units(ctx, store.UnitFilter{Query: "phuong ba dinh"})
			if err != nil || len(us) != 1 || us[0].ID != newWard.ID {
				t.Errorf("folded search: %v %v", us, err)
			}
			u, err := tx.Unit(ctx, ward.ID)
			if err != nil || len(u.Successors) != 1 || u.Successors[0].Name != "Phường Ba Đình" {
				t.Errorf("successors: %+v %v", u, err)
			}
			if u.Path != city.Path+"2/" && u.Path == "" {
				t.Errorf("path %q", u.Path)
			}
			if !city.Contains(u) {
				t.Errorf("city %q does not contain %q", city.Path, u.Path)
			}
			if got, _ := tx.Units(ctx, store.UnitFilter{Under: ward.Path}); len(got) != 1 {
				t.Errorf("subtree of a leaf: %d units", len(got))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// A second current unit with the same agency code is refused.
		err = db.Write(ctx, func(tx *store.Tx) error {
			return tx.InsertUnit(ctx, &org.Unit{OrganID: "000.00.00.H24", GSOCode: "02", Name: "X", Kind: org.KindCity, ValidFrom: date("2020-01-01")}, t0)
		})
		if errs.CodeOf(err) != "duplicate_organ_id" {
			t.Errorf("duplicate organ id: %v", err)
		}
	})
}

func TestAuditChainConcurrentAppends(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 10; j++ {
					err := db.Write(ctx, func(tx *store.Tx) error {
						return tx.AppendAudit(ctx, &audit.Record{At: t0, Actor: "system", Action: "test.append", ObjectType: "test", ObjectID: "x", UnitPath: "/"})
					})
					if err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		v, problem, err := db.VerifyAudit(ctx)
		if err != nil || problem != nil || v.Count() != 80 {
			t.Fatalf("verify: count %d, problem %v, err %v", v.Count(), problem, err)
		}
		var rs []*audit.Record
		db.Read(ctx, func(tx *store.Tx) error {
			rs, err = tx.AuditRecords(ctx, store.AuditFilter{Limit: 1})
			return err
		})
		if len(rs) != 1 || rs[0].Seq != 80 || !rs[0].At.Equal(t0.Truncate(time.Microsecond)) {
			t.Errorf("newest record %+v", rs)
		}
	})
}

// TestReopenForBulk: a bulk pool writes to the same database, without waiting for the disk,
// and the two pools append to one audit chain.
func TestReopenForBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		bulk, err := db.ReopenForBulk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer bulk.Close()
		setting := "PRAGMA synchronous"
		if db.Dialect == store.Postgres {
			setting = "SHOW synchronous_commit"
		}
		var got, was string
		if err := bulk.SQL.QueryRow(setting).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL.QueryRow(setting).Scan(&was); err != nil {
			t.Fatal(err)
		}
		if (db.Dialect == store.Postgres && (got != "off" || was != "on")) || (db.Dialect == store.SQLite && (got != "1" || was != "2")) {
			t.Errorf("bulk pool %s = %s, the other %s", setting, got, was)
		}
		for _, d := range []*store.DB{bulk, db, bulk} {
			if err := d.Write(ctx, func(tx *store.Tx) error {
				return tx.AppendAudit(ctx, &audit.Record{At: t0, Actor: "system", Action: "test.append", ObjectType: "test", ObjectID: "x", UnitPath: "/"})
			}); err != nil {
				t.Fatal(err)
			}
		}
		if v, problem, err := db.VerifyAudit(ctx); err != nil || problem != nil || v.Count() != 3 {
			t.Fatalf("verify: %v %v %v", v, problem, err)
		}
	})
}
