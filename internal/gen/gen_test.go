package gen_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/demo"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/gen"
	"github.com/egov-vn/egov/internal/ident"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

var vn = time.FixedZone("ICT", 7*3600)

// now is Monday 02/03/2026 15:00 in Hà Nội: the generated period spans the reform of July 2025.
var now = time.Date(2026, 3, 2, 15, 0, 0, 0, vn)

func demoService(t testing.TB, db *store.DB, clk clock.Clock) *app.Service {
	t.Helper()
	svc := app.New(db, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := demo.Load(context.Background(), svc, demo.Options{Password: "Mat-khau-Demo-2026"}); err != nil {
		t.Fatal(err)
	}
	return svc
}

func TestGenerateRefusesSQLite(t *testing.T) {
	svc := app.New(storetest.SQLite(t), clock.NewFixed(now), slog.New(slog.NewTextHandler(io.Discard, nil)))
	_, err := gen.Generate(app.WithActor(context.Background(), org.SystemActor), svc, gen.Options{N: 10})
	if errs.CodeOf(err) != "bulk_needs_postgres" {
		t.Fatalf("SQLite: got %v, want bulk_needs_postgres", err)
	}
}

func TestGenerate(t *testing.T) {
	db := storetest.Postgres(t)
	clk := clock.NewFixed(now)
	svc := demoService(t, db, clk)
	ctx := app.WithActor(context.Background(), org.SystemActor)

	if _, err := gen.Generate(app.WithActor(context.Background(), &org.Actor{UserID: 99, Username: "nobody"}), svc, gen.Options{N: 10}); errs.KindOf(err) != errs.Forbidden {
		t.Fatalf("an official without rights: got %v, want Forbidden", err)
	}

	const n = 4000
	var progress []int
	res, err := gen.Generate(ctx, svc, gen.Options{N: n, Seed: 7, Progress: func(d int) { progress = append(progress, d) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %d dossiers (%v … %v) in %v: %d steps, %d events, states %v, late %d",
		res.N, res.From, res.To, res.Elapsed, res.Steps, res.Events, res.States, res.Late)
	if len(progress) == 0 || progress[len(progress)-1] != n {
		t.Errorf("progress ended at %v, want %d", progress[len(progress)-1:], n)
	}
	if res.To != calendar.DateOf(now) {
		t.Errorf("last reception day %v, want today %v", res.To, calendar.DateOf(now))
	}

	sq := db.SQL
	var count, distinct int
	if err := sq.QueryRow(`SELECT count(*), count(DISTINCT code) FROM dossiers`).Scan(&count, &distinct); err != nil {
		t.Fatal(err)
	}
	if count != n || distinct != n {
		t.Fatalf("%d dossiers with %d distinct codes, want %d", count, distinct, n)
	}

	// Codes: well formed, dated on the day of reception (or of online submission), numbered
	// 1, 2, 3 … at each agency each day in the order of reception.
	rows, err := sq.Query(`SELECT d.code, u.organ_id, COALESCE(d.submitted_at, d.received_at), d.received_at, d.due_at, d.state, d.channel
		FROM dossiers d JOIN units u ON u.id = d.receiving_unit_id ORDER BY d.code`)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		organ string
		day   calendar.Date
	}
	national := calendar.National()
	seqs := map[key][]int{}
	states := map[dossier.State]int{}
	channels := map[int]int{}
	var lastToday key
	for rows.Next() {
		var code, organ, state string
		var first time.Time
		var received, due *time.Time
		var channel int
		if err := rows.Scan(&code, &organ, &first, &received, &due, &state, &channel); err != nil {
			t.Fatal(err)
		}
		c, err := dossier.ParseCode(code)
		if err != nil {
			t.Fatalf("code %q: %v", code, err)
		}
		if c.Unit != organ {
			t.Errorf("code %s: unit %s, received at %s", code, c.Unit, organ)
		}
		if c.Date != calendar.DateOf(first) {
			t.Errorf("code %s dated %v, first instant %v", code, c.Date, first.In(vn))
		}
		k := key{organ, c.Date}
		seqs[k] = append(seqs[k], c.Seq)
		if c.Date == calendar.DateOf(now) {
			lastToday = k
		}
		states[dossier.State(state)]++
		channels[channel]++
		if received != nil {
			l := received.In(vn)
			if !national.IsWorkingDay(calendar.DateOf(l)) || l.Hour() < 8 || l.Hour() >= 17 || (l.Hour() == 12) {
				t.Errorf("%s received %v: outside working hours", code, l)
			}
			if !received.Before(now) {
				t.Errorf("%s received %v, after now", code, l)
			}
			if due == nil || due.Before(*received) {
				t.Errorf("%s due %v before reception %v", code, due, l)
			}
		}
	}
	rows.Close()
	for k, s := range seqs {
		for i, x := range s {
			if x != i+1 {
				t.Fatalf("%v: sequence numbers %v, want 1 … %d", k, s, len(s))
			}
		}
	}

	// Distributions, roughly as intended.
	frac := func(s dossier.State) float64 { return float64(states[s]) / n }
	open := 0
	for _, s := range []dossier.State{dossier.Received, dossier.InProcessing, dossier.InInterconnection, dossier.AwaitingSupplement,
		dossier.AwaitingPayment, dossier.ResultReady, dossier.WithdrawalRequested, dossier.Submitted} {
		open += states[s]
	}
	t.Logf("states %v, channels %v", states, channels)
	if f := frac(dossier.Returned); f < 0.85 || f > 0.99 {
		t.Errorf("returned: %.3f of all, want most", f)
	}
	if open == 0 || states[dossier.InProcessing] == 0 || states[dossier.Refused] == 0 || states[dossier.Stopped] == 0 {
		t.Errorf("want some open, in processing, refused and stopped dossiers: %v", states)
	}
	if f := float64(open) / n; f > 0.1 {
		t.Errorf("open: %.3f of all, want a few percent", f)
	}
	if f := float64(res.Late) / n; f < 0.01 || f > 0.1 {
		t.Errorf("late: %.3f of all, want a few percent", f)
	}
	for _, c := range []int{app.ChannelDirect, app.ChannelOnline, app.ChannelPost} {
		if channels[c] == 0 {
			t.Errorf("no dossier on channel %d", c)
		}
	}
	var before, after, dept int
	if err := sq.QueryRow(`SELECT count(*) FILTER (WHERE received_at < '2025-07-01'), count(*) FILTER (WHERE received_at >= '2025-07-01'),
		count(*) FILTER (WHERE procedure_version_id IN (SELECT id FROM procedure_versions WHERE competent_unit_kind = 'department'))
		FROM dossiers`).Scan(&before, &after, &dept); err != nil {
		t.Fatal(err)
	}
	if before == 0 || after == 0 || dept == 0 {
		t.Errorf("received before the reform %d, after %d, department-level %d: want some of each", before, after, dept)
	}
	var steps, stepless, events int
	if err := sq.QueryRow(`SELECT (SELECT count(*) FROM dossier_steps), (SELECT count(*) FROM dossiers d WHERE d.received_at IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM dossier_steps s WHERE s.dossier_id = d.id)), (SELECT count(*) FROM dossier_events)`).Scan(&steps, &stepless, &events); err != nil {
		t.Fatal(err)
	}
	if steps != res.Steps || events != res.Events || stepless != 0 || steps < 3*n || events < 2*n {
		t.Errorf("%d steps (result %d), %d received dossiers without steps, %d events (result %d)", steps, res.Steps, stepless, events, res.Events)
	}

	// Every reference holds (the load may skip the per-row foreign-key checks).
	var dangling int
	if err := sq.QueryRow(`SELECT
		(SELECT count(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.id = d.current_unit_id)
			OR NOT EXISTS (SELECT 1 FROM units u WHERE u.id = d.receiving_unit_id)
			OR NOT EXISTS (SELECT 1 FROM procedure_versions v WHERE v.id = d.procedure_version_id)
			OR (d.current_user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = d.current_user_id))) +
		(SELECT count(*) FROM dossier_steps s WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.id = s.dossier_id)
			OR NOT EXISTS (SELECT 1 FROM units u WHERE u.id = s.to_unit_id)
			OR (s.to_user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.to_user_id))) +
		(SELECT count(*) FROM dossier_events e WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.id = e.dossier_id)) +
		(SELECT count(*) FROM dossiers d WHERE d.owner_citizen_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM citizens c WHERE c.id = d.owner_citizen_id))`).Scan(&dangling); err != nil {
		t.Fatal(err)
	}
	if dangling != 0 {
		t.Errorf("%d rows refer to nothing", dangling)
	}

	checkAccounts(t, db, svc, res)

	// A generated dossier reads back through the service, with its control sheet and timeline.
	var sample string
	if err := sq.QueryRow(`SELECT code FROM dossiers WHERE state = 'returned' ORDER BY id LIMIT 1`).Scan(&sample); err != nil {
		t.Fatal(err)
	}
	det, err := svc.Dossier(ctx, sample)
	if err != nil {
		t.Fatal(err)
	}
	if len(det.Steps) < 3 || len(det.Events) < 3 || det.Steps[len(det.Steps)-1].DoneAt.IsZero() {
		t.Errorf("dossier %s: %d steps, %d events", sample, len(det.Steps), len(det.Events))
	}

	// A real reception afterwards, today at an agency that received generated dossiers today,
	// takes the next number.
	if lastToday.organ == "" {
		t.Fatal("no dossier generated today")
	}
	us, err := svc.Units(ctx, store.UnitFilter{OrganID: lastToday.organ, On: org.DateOf(now)})
	if err != nil || len(us) != 1 {
		t.Fatalf("unit %s: %v %v", lastToday.organ, us, err)
	}
	desk, err := svc.CreateUser(ctx, app.NewUser{Username: "tiepnhan.gen", FullName: "Lê Thị Thu", Password: "Mat-khau-2026!", UnitID: us[0].ID, Roles: []org.Role{org.RoleReception}})
	if err != nil {
		t.Fatal(err)
	}
	deskCtx := app.WithActor(context.Background(), &org.Actor{UserID: desk.ID, Username: desk.Username, Grants: desk.Grants})
	d, err := svc.ReceiveDossier(deskCtx, app.ReceptionInput{ProcedureCode: "1.004873", UnitID: us[0].ID, Components: []string{"tp01", "tp02", "tp03"},
		Applicant: app.Applicant{Name: "Nguyễn Thị Hương", IDNumber: "001199012345", BirthDate: "1999-05-04", Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := dossier.ParseCode(d.Code)
	if want := len(seqs[lastToday]) + 1; c.Unit != lastToday.organ || c.Date != lastToday.day || c.Seq != want {
		t.Errorf("real reception got %s, want sequence %d of %v", d.Code, want, lastToday)
	}

	// A second generation into the same database continues every agency's numbering.
	res2, err := gen.Generate(ctx, svc, gen.Options{N: 500, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	if err := sq.QueryRow(`SELECT count(*), count(DISTINCT code) FROM dossiers`).Scan(&count, &distinct); err != nil {
		t.Fatal(err)
	}
	if count != n+1+res2.N || distinct != count {
		t.Errorf("after a second generation: %d dossiers, %d distinct codes", count, distinct)
	}
	var accounts int
	if err := sq.QueryRow(`SELECT count(*) FROM citizens`).Scan(&accounts); err != nil {
		t.Fatal(err)
	}
	if res2.Accounts == 0 || res2.FirstAccountID != res.FirstAccountID+int64(res.Accounts) || accounts != res.Accounts+res2.Accounts {
		t.Errorf("after a second generation: %d accounts, want %d + %d from %d", accounts, res.Accounts, res2.Accounts, res2.FirstAccountID)
	}
	d2, err := svc.ReceiveDossier(deskCtx, app.ReceptionInput{ProcedureCode: "1.004873", UnitID: us[0].ID, Components: []string{"tp01", "tp02", "tp03"},
		Applicant: app.Applicant{Name: "Trần Văn Nam", IDNumber: "001085012345", BirthDate: "1985-05-04", Phone: "0912345679"}})
	if err != nil {
		t.Fatal(err)
	}
	var higher int
	if err := sq.QueryRow(`SELECT count(*) FROM dossiers WHERE code LIKE $1 AND code > $2`, lastToday.organ+"-%", d2.Code).Scan(&higher); err != nil {
		t.Fatal(err)
	}
	if higher != 0 {
		t.Errorf("reception after the second generation got %s, below %d stored codes", d2.Code, higher)
	}

	// One audit record per generation, and the chain verifies.
	recs, err := svc.AuditRecords(ctx, store.AuditFilter{Action: "dossier.generate"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || !strings.Contains(recs[1].After, `"dossiers":4000`) || !strings.Contains(recs[1].After, `"seed":7`) || recs[1].Actor != "system" {
		t.Errorf("audit records: %+v", recs)
	}
	if _, problem, err := db.VerifyAudit(context.Background()); err != nil || problem != nil {
		t.Errorf("audit chain: %v %v", problem, err)
	}
}

// TestGenerateDeterministic checks that a seed fixes the data.
func TestGenerateDeterministic(t *testing.T) {
	digest := func() string {
		db := storetest.Postgres(t)
		svc := demoService(t, db, clock.NewFixed(now))
		ctx := app.WithActor(context.Background(), org.SystemActor)
		if _, err := gen.Generate(ctx, svc, gen.Options{N: 1500, Seed: 42, Workers: 3}); err != nil {
			t.Fatal(err)
		}
		var h string
		err := db.SQL.QueryRow(`SELECT md5(string_agg(concat_ws('|', d.code, d.procedure_code, d.variant_code, d.channel, d.applicant_name,
			d.applicant_id_number, r.organ_id, d.state, d.received_at, d.due_at, d.processed_at, d.returned_at,
			(SELECT count(*) FROM dossier_steps s WHERE s.dossier_id = d.id)), ',' ORDER BY d.code))
			FROM dossiers d JOIN units r ON r.id = d.receiving_unit_id`).Scan(&h)
		if err != nil {
			t.Fatal(err)
		}
		// The portal accounts, with those that own no dossier, and the owner of every dossier.
		var accounts string
		err = db.SQL.QueryRow(`SELECT md5(string_agg(concat_ws('|', c.id, c.kind, c.full_name, c.email, c.personal_id, c.birth_date, c.tax_code,
			c.representative, c.created_at, (SELECT string_agg(d.code, ' ' ORDER BY d.code) FROM dossiers d WHERE d.owner_citizen_id = c.id)), ',' ORDER BY c.id))
			FROM citizens c`).Scan(&accounts)
		if err != nil {
			t.Fatal(err)
		}
		return h + " " + accounts
	}
	if a, b := digest(), digest(); a != b {
		t.Errorf("same seed, different data: %s vs %s", a, b)
	}
}

// TestGenerateIndexes checks the three ways a load treats the indexes of the dossier tables and
// the portal accounts: a large
// load into a small database drops and builds them again and leaves exactly the same indexes and
// constraints; a small load into a larger database keeps them; a load that fails half-way leaves
// them as they were; a scratch run (the limit) stores nothing at all.
func TestGenerateIndexes(t *testing.T) {
	db := storetest.Postgres(t)
	svc := demoService(t, db, clock.NewFixed(now))
	ctx := app.WithActor(context.Background(), org.SystemActor)
	schema := func() string {
		t.Helper()
		var s string
		err := db.SQL.QueryRow(`SELECT string_agg(x, E'\n' ORDER BY x) FROM (
			SELECT indexdef AS x FROM pg_indexes WHERE tablename IN ('dossiers', 'dossier_steps', 'dossier_events', 'citizens')
			UNION ALL
			SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE conrelid IN ('dossiers'::regclass, 'dossier_steps'::regclass, 'dossier_events'::regclass, 'citizens'::regclass)) s`).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	count := func() (n int) {
		t.Helper()
		if err := db.SQL.QueryRow(`SELECT (SELECT count(*) FROM dossiers) + (SELECT count(*) FROM dossier_steps) + (SELECT count(*) FROM dossier_events) +
			(SELECT count(*) FROM citizens)`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := schema()
	if !strings.Contains(before, "dossiers_code_key") || !strings.Contains(before, "dossiers_open_current") || !strings.Contains(before, "citizens_email") {
		t.Fatalf("unexpected schema:\n%s", before)
	}

	// The limit: the same rows into scratch tables, rolled back.
	res, err := gen.Generate(ctx, svc, gen.Options{N: 800, Seed: 3, Scratch: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Elapsed <= 0 || res.Steps == 0 || res.Events == 0 {
		t.Errorf("scratch run: %+v", res)
	}
	var scratch int
	if err := db.SQL.QueryRow(`SELECT count(*) FROM pg_tables WHERE tablename LIKE 'scratch\_%'`).Scan(&scratch); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 || scratch != 0 {
		t.Errorf("after a scratch run: %d rows, %d scratch tables; want none", n, scratch)
	}

	// A load that fails half-way (cancelled after its first day) leaves the indexes.
	cctx, cancel := context.WithCancel(ctx)
	_, err = gen.Generate(cctx, svc, gen.Options{N: 3000, Seed: 3, Indexes: gen.IndexesRebuild, Progress: func(int) { cancel() }})
	cancel()
	if err == nil {
		t.Fatal("a cancelled load succeeded")
	}
	if got := schema(); got != before {
		t.Errorf("indexes after a failed load:\n%s\nwant:\n%s", got, before)
	}
	if n := count(); n != 0 {
		t.Errorf("a failed load left %d rows", n)
	}

	// A load into an empty database builds the indexes again: the same ones, and they work.
	res, err = gen.Generate(ctx, svc, gen.Options{N: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !res.IndexesRebuilt || res.IndexTime <= 0 {
		t.Errorf("a load into an empty database kept the indexes: %+v", res)
	}
	if got := schema(); got != before {
		t.Errorf("indexes after a load:\n%s\nwant:\n%s", got, before)
	}
	var code string
	if err := db.SQL.QueryRow(`SELECT code FROM dossiers ORDER BY id LIMIT 1`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.Exec(`UPDATE dossiers SET code = $1 WHERE id = (SELECT max(id) FROM dossiers)`, code); err == nil {
		t.Error("the rebuilt unique constraint on codes let a duplicate through")
	}
	if _, err := db.SQL.Exec(`UPDATE citizens SET email = (SELECT email FROM citizens ORDER BY id LIMIT 1) WHERE id = (SELECT max(id) FROM citizens)`); err == nil {
		t.Error("the rebuilt unique index on portal accounts' emails let a duplicate through")
	}

	// A smaller load into it keeps them.
	res, err = gen.Generate(ctx, svc, gen.Options{N: 100, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.IndexesRebuilt {
		t.Error("a load smaller than the table rebuilt the indexes")
	}
	if got := schema(); got != before {
		t.Errorf("indexes after a second load:\n%s\nwant:\n%s", got, before)
	}
	if _, problem, err := db.VerifyAudit(context.Background()); err != nil || problem != nil {
		t.Errorf("audit chain: %v %v", problem, err)
	}
}

// checkAccounts checks the portal accounts of the generation res: they own most online dossiers
// and nothing else; the applicant of each owned dossier is the account's person or business; most
// own one dossier, some a few, a few many; contacts are unique, well formed and in example.invalid;
// no password signs into them; ids are consecutive and the next registration follows them; and an
// account sees through the service exactly the dossiers it owns.
func checkAccounts(t *testing.T, db *store.DB, svc *app.Service, res *gen.Result) {
	t.Helper()
	sq := db.SQL
	var accounts, owned, online, ownedOnline, minID, maxID int64
	if err := sq.QueryRow(`SELECT (SELECT count(*) FROM citizens), (SELECT min(id) FROM citizens), (SELECT max(id) FROM citizens),
		count(*) FILTER (WHERE owner_citizen_id IS NOT NULL), count(*) FILTER (WHERE channel = 2),
		count(*) FILTER (WHERE channel = 2 AND owner_citizen_id IS NOT NULL) FROM dossiers`).Scan(&accounts, &minID, &maxID, &owned, &online, &ownedOnline); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d accounts own %d of %d online dossiers", accounts, owned, online)
	if accounts != int64(res.Accounts) || owned != int64(res.Owned) || owned != ownedOnline {
		t.Errorf("%d accounts (result %d) own %d dossiers (result %d), %d of them online", accounts, res.Accounts, owned, res.Owned, ownedOnline)
	}
	if f := float64(ownedOnline) / float64(online); f < 0.75 || f > 0.95 {
		t.Errorf("accounts own %.2f of the online dossiers, want most", f)
	}
	if minID != res.FirstAccountID || maxID-minID+1 != accounts {
		t.Errorf("account ids %d … %d for %d accounts from %d", minID, maxID, accounts, res.FirstAccountID)
	}
	var next int64
	if err := sq.QueryRow(`SELECT nextval(pg_get_serial_sequence('citizens', 'id'))`).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if next != maxID+1 {
		t.Errorf("the next account gets id %d, want %d", next, maxID+1)
	}
	if _, err := sq.Exec(`SELECT setval(pg_get_serial_sequence('citizens', 'id'), $1, false)`, next); err != nil {
		t.Fatal(err)
	}

	var mismatched, late, bad int
	if err := sq.QueryRow(`SELECT count(*) FROM dossiers d JOIN citizens c ON c.id = d.owner_citizen_id
		WHERE d.applicant_name <> c.full_name OR d.applicant_email IS DISTINCT FROM c.email OR d.applicant_phone <> ''
		OR d.applicant_id_number <> CASE c.kind WHEN 'business' THEN c.tax_code ELSE c.personal_id END
		OR d.subject_kind <> CASE c.kind WHEN 'business' THEN 1 ELSE 0 END
		OR d.applicant_birth_date IS DISTINCT FROM c.birth_date`).Scan(&mismatched); err != nil {
		t.Fatal(err)
	}
	if err := sq.QueryRow(`SELECT count(*) FROM citizens c WHERE c.created_at > (SELECT min(d.submitted_at) FROM dossiers d WHERE d.owner_citizen_id = c.id)`).Scan(&late); err != nil {
		t.Fatal(err)
	}
	if err := sq.QueryRow(`SELECT count(*) FROM citizens WHERE email NOT LIKE '%@example.invalid' OR phone IS NOT NULL OR password_hash <> '' OR disabled`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if mismatched != 0 || late != 0 || bad != 0 {
		t.Errorf("%d owned dossiers whose applicant is not the account, %d accounts registered after their first submission, %d with a contact, password or state not as made", mismatched, late, bad)
	}
	rows, err := sq.Query(`SELECT id, kind, full_name, email, personal_id, tax_code, representative FROM citizens`)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for rows.Next() {
		var id int64
		var kind, name, email, pid, tax, rep string
		if err := rows.Scan(&id, &kind, &name, &email, &pid, &tax, &rep); err != nil {
			t.Fatal(err)
		}
		kinds[kind]++
		if e, _, err := citizen.ParseContact(email); err != nil || e != email {
			t.Errorf("account %d: contact %q: %v", id, email, err)
		}
		if _, err := citizen.CheckName(name); err != nil || !utf8.ValidString(name) {
			t.Errorf("account %d: name %q: %v", id, name, err)
		}
		switch kind {
		case "person":
			if _, err := ident.ParsePersonalID(pid, now); err != nil {
				t.Errorf("account %d: personal ID %q: %v", id, pid, err)
			}
		case "business":
			if _, err := ident.ParseTaxCode(tax, ident.TaxCodeOptions{Now: now}); err != nil || rep == "" || !strings.HasPrefix(name, "Công ty") {
				t.Errorf("account %d: business %q, tax code %q (%v), representative %q", id, name, tax, err, rep)
			}
		}
	}
	rows.Close()

	// How many dossiers each account owns.
	rows, err = sq.Query(`SELECT c.id, c.email, count(d.id) FROM citizens c LEFT JOIN dossiers d ON d.owner_citizen_id = c.id
		GROUP BY c.id ORDER BY count(d.id) DESC, c.id`)
	if err != nil {
		t.Fatal(err)
	}
	spread := map[string]int{}
	var top string
	var topCount int
	for rows.Next() {
		var id int64
		var email string
		var n int
		if err := rows.Scan(&id, &email, &n); err != nil {
			t.Fatal(err)
		}
		if top == "" {
			top, topCount = email, n
		}
		switch {
		case n == 1:
			spread["1"]++
		case n >= 2 && n <= 5:
			spread["2-5"]++
		case n >= 30:
			spread["30+"]++
		}
	}
	rows.Close()
	t.Logf("accounts by kind %v, by dossiers owned %v; the most %d", kinds, spread, topCount)
	if float64(spread["1"]) < 0.5*float64(accounts) || spread["2-5"] < int(accounts)/20 || spread["30+"] == 0 || topCount > 250 || kinds["business"] == 0 {
		t.Errorf("accounts by dossiers owned %v (of %d; the most %d), by kind %v: want most with one, some with 2 to 5, a few with many", spread, accounts, topCount, kinds)
	}

	// No password signs into a generated account; the service lists an account's own dossiers.
	ctx := context.Background()
	for _, pw := range []string{"", "Mat-khau-Demo-2026"} {
		if _, _, err := svc.SignInCitizen(ctx, top, pw, "192.0.2.1", "test"); errs.CodeOf(err) != "invalid_credentials" {
			t.Errorf("sign-in to %s with %q: %v", top, pw, err)
		}
	}
	var acc *citizen.Account
	if err := db.Read(ctx, func(tx *store.Tx) (err error) {
		acc, _, err = tx.CitizenByContact(ctx, top, "")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	mine, err := svc.MyDossiers(app.WithCitizen(ctx, &app.CitizenAuth{Account: acc}))
	if err != nil || len(mine) != topCount {
		t.Errorf("%s sees %d dossiers (%v), owns %d", top, len(mine), err, topCount)
	}
}
