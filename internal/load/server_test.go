package load_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/demo"
	"github.com/egov-vn/egov/internal/gen"
	"github.com/egov-vn/egov/internal/load"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store/storetest"
	"github.com/egov-vn/egov/internal/web"
)

// TestCitizensAndDashboardAgainstAServer drives a real egov (the Hà Nội demo city, generated
// dossiers with their portal accounts, on PostgreSQL) with the operations of citizens signed in
// to the portal and of leaders: each portal account lists exactly the dossiers the database says
// it owns; mine, dashboard and publicdash all answer 200 in an open-model run; an operation whose
// tokens are missing stops the run before any request.
func TestCitizensAndDashboardAgainstAServer(t *testing.T) {
	db := storetest.Postgres(t)
	svc := app.New(db, clock.System{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	sys := app.WithActor(context.Background(), org.SystemActor)
	if _, err := demo.Load(sys, svc, demo.Options{Password: "Mat-khau-Demo-2026"}); err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Generate(sys, svc, gen.Options{N: 2000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RebuildStats(sys); err != nil {
		t.Fatal(err)
	}
	token := func(user string) string {
		tok, _, err := svc.CreateToken(sys, user, "load test", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	desk, officer, supervisor := token("badinh.tiepnhan"), token("badinh.chuyenvien"), token("giamsat")
	top, err := svc.CreateTopOwnerTokens(sys, 6)
	if err != nil || len(top) != 6 {
		t.Fatalf("%d portal tokens: %v", len(top), err)
	}
	var citizens []string
	for _, c := range top {
		citizens = append(citizens, c.Token)
	}
	srv := httptest.NewServer(web.New(svc, web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"}))
	defer srv.Close()
	ctx := context.Background()
	client := load.NewClient(10 * time.Second)

	// Missing tokens stop the run at once, naming what is missing.
	w, err := load.NewWorld(ctx, client, []string{srv.URL}, []string{desk}, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	for op, want := range map[string]string{load.OpMine: "--citizen-token-file", load.OpDashboard: "giamsat"} {
		_, err := load.Open{Name: "missing", Rate: 10, Duration: time.Second, Mix: load.Mix{{Op: load.OpLookup, Weight: 1}, {Op: op, Weight: 1}}}.Run(ctx, w)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "thao tác "+op+" cần") {
			t.Errorf("%s without its tokens: %v", op, err)
		}
	}
	if _, err := (load.Suite{Rate: 10, Duration: time.Second, Mix: load.Mix{{Op: load.OpMine, Weight: 1}}}).Run(ctx, w); err == nil {
		t.Error("a suite with mine and no portal account ran")
	}
	if err := w.AddCitizens(ctx, []string{"egc_nosuchtoken"}); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("an unknown portal token: %v", err)
	}

	w, err = load.NewWorld(ctx, client, []string{srv.URL}, []string{desk, officer, supervisor}, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddCitizens(ctx, citizens); err != nil {
		t.Fatal(err)
	}
	if l := w.Leaders(); len(l) != 1 || l[0].Username != "giamsat" || len(w.Workers()) != 2 || len(w.Desks()) != 1 {
		t.Errorf("leaders %v, %d workers, %d desks", l, len(w.Workers()), len(w.Desks()))
	}
	// Each account sees its own dossiers, all of them and nothing else.
	for i, c := range w.Citizens {
		rows, err := db.SQL.Query(`SELECT code FROM dossiers WHERE owner_citizen_id = $1 ORDER BY id DESC`, top[i].Account.ID)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				t.Fatal(err)
			}
			codes = append(codes, code)
		}
		rows.Close()
		if len(codes) != top[i].Dossiers || !slices.Equal(c.Codes, codes) {
			t.Errorf("%s lists %d dossiers, owns %d (%d counted when its token was made)", top[i].Account.Contact(), len(c.Codes), len(codes), top[i].Dossiers)
		}
	}
	if top[0].Dossiers < 10 {
		t.Errorf("the top owner owns %d dossiers", top[0].Dossiers)
	}

	mix, err := load.ParseMix("mine=4,dashboard=2,publicdash=1,inbox=1")
	if err != nil {
		t.Fatal(err)
	}
	res, err := load.Open{Name: "citizens and leaders", Rate: 40, Duration: time.Second, Mix: mix}.Run(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{load.OpMine, load.OpDashboard, load.OpPublicDashboard, load.OpInbox} {
		s := res.Op(op)
		if s == nil || s.Sent == 0 || s.OK != s.Sent || s.Skipped != 0 {
			t.Errorf("%s: %+v", op, s)
		}
	}
	if err := w.Check(mustMix(t, load.DefaultMix)); err != nil {
		t.Errorf("the default mix with a desk, an official, a supervisor and portal accounts: %v", err)
	}
}

func mustMix(t *testing.T, s string) load.Mix {
	t.Helper()
	m, err := load.ParseMix(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
