// Package gen fills a database with realistic generated dossiers (hồ sơ) for demonstrations and
// load tests: `egov gen --dossiers N`. It draws from what is stored (the units, the published
// procedure catalogue, the officials, the calendars), so it runs after the base data are loaded
// (demo.Load), and writes with PostgreSQL's COPY in one transaction. A load larger than what the
// tables hold drops their secondary indexes and unique constraints and builds them again before
// it commits (Options.Indexes); Options.Scratch measures the limit its rate is compared with.
//
// What the rows look like: dossiers received over the last months (24 by default) on working
// days at working hours, more in the morning and slowly growing over time; at the one-stop desks
// of communes and wards (and of districts before the July 2025 reform), at the city's service
// centre and at departments that receive directly, weighted by the unit's size; procedures in
// force at the desk's level that day, weighted by how often they are asked for; direct, online
// and postal channels (online growing); due dates from the pinned version's duration with the
// unit's working-day calendar. Most dossiers are returned; the recent ones are still in progress
// at some workflow step, a few waiting for a supplement or a payment, a few refused, withdrawn or
// stopped; a few percent are finished late and a few are stuck past their due date. Each has its
// control sheet (dossier_steps) up to where it is and a few timeline events. Most online dossiers
// belong to generated portal accounts (see accounts.go), stored in the same transaction: most own
// one dossier, some a few, a few businesses and frequent users many.
//
// Codes follow TT 01/2018 (domain-vn §5.1) and never collide with codes given before or after:
// the load locks the daily counters of every receiving agency, continues after the highest
// stored sequence of each agency and day, and leaves every counter at or after the last number
// it used, all in the transaction that stores the rows. The same seed gives the same data.
package gen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/audit"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Options configures a generation.
type Options struct {
	// N is the number of dossiers, at least 1.
	N int
	// Seed fixes the data: the same seed, base data and Now give the same dossiers.
	Seed uint64
	// Now is the instant the data describe: every dossier is received before it.
	Now time.Time
	// Months is how far back reception dates go (default 24).
	Months int
	// Workers is how many goroutines build rows (default GOMAXPROCS).
	Workers int
	// Progress, when set, is called with the number of dossiers stored so far.
	Progress func(done int)
	// Indexes says whether the secondary indexes of the dossier tables are dropped for the load
	// and built again at its end (default IndexesAuto).
	Indexes IndexMode
	// Building, when set, is called once the rows are stored, before the indexes are built again.
	Building func()
	// Scratch measures the limit instead of loading: the same rows go into index-free copies of
	// the dossier tables made for the run, and everything is rolled back (nothing is stored, no
	// dossier id is taken; the control-sheet and event id sequences keep a gap). Result.Elapsed is then what writing the rows costs by itself.
	Scratch bool
}

// IndexMode chooses how a load treats the secondary indexes of the dossier tables.
type IndexMode int

const (
	// IndexesAuto builds them again after the load when the tables hold fewer dossiers than the
	// load adds (a new or small database), and keeps them otherwise.
	IndexesAuto IndexMode = iota
	// IndexesKeep maintains them row by row: readers of a running server go on during the load.
	IndexesKeep
	// IndexesRebuild drops them for the load and builds them again at its end: several times
	// faster, but readers of the dossier tables wait until the load commits.
	IndexesRebuild
)

// Result tells what a generation stored.
type Result struct {
	N        int
	From, To calendar.Date // the first and last reception days
	FirstID  int64         // the dossiers' ids are FirstID … FirstID+N-1
	States   map[dossier.State]int
	Late     int // finished after their due date, or open past it
	// Accounts are the portal accounts made (ids FirstAccountID … FirstAccountID+Accounts-1),
	// owning Owned of the dossiers.
	Accounts       int
	FirstAccountID int64
	Owned          int
	Steps          int
	Events         int
	Elapsed        time.Duration
	// IndexesRebuilt tells whether the secondary indexes were dropped and built again, which took
	// IndexTime of Elapsed.
	IndexesRebuilt bool
	IndexTime      time.Duration
}

// Generate stores opts.N generated dossiers. The caller must be the system or an administrator
// of the whole city. Errors: Invalid ("bulk_needs_postgres" on SQLite, "gen_needs_base_data",
// "invalid_count"), Forbidden, Unauthorized, Conflict "daily_sequence_exhausted" when more than
// 9999 dossiers would fall on one agency's day.
func Generate(ctx context.Context, svc *app.Service, opts Options) (*Result, error) {
	began := time.Now()
	a := app.ActorFrom(ctx)
	if a == nil {
		return nil, errs.ErrUnauthorized
	}
	db := svc.DB()
	if db.Dialect != store.Postgres {
		return nil, store.ErrBulkNeedsPostgres
	}
	if opts.N < 1 || opts.N > 100_000_000 {
		return nil, errs.Invalidf("dossiers", "invalid_count", "Số hồ sơ cần sinh từ 1 đến 100 000 000.", "The number of dossiers must be 1 to 100,000,000.")
	}
	if opts.Months <= 0 {
		opts.Months = 24
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Now.IsZero() {
		opts.Now = svc.Clock().Now()
	}
	w, err := loadWorld(ctx, svc, db, opts.Seed)
	if err != nil {
		return nil, err
	}
	if !a.System && !a.Can(org.PermManageUnits, w.city.Path) {
		return nil, errs.ErrForbidden
	}
	days := w.days(opts.Now, opts.Months)
	if len(days) == 0 {
		return nil, errs.Invalidf("database", "gen_needs_base_data", "Không có ngày làm việc nào có đơn vị tiếp nhận trong khoảng thời gian sinh dữ liệu.",
			"No working day of the period has a receiving unit in force.")
	}
	counts := allocate(opts.N, days)
	res := &Result{N: opts.N, From: days[0].date, To: days[len(days)-1].date, States: map[dossier.State]int{}}

	var organs []string
	seen := map[string]bool{}
	for _, d := range w.desks {
		if !seen[d.unit.OrganID] {
			seen[d.unit.OrganID] = true
			organs = append(organs, d.unit.OrganID)
		}
	}
	slices.Sort(organs)

	err = db.LoadDossiers(ctx, func(l *store.DossierLoad) error {
		counters, err := l.LockSequences(ctx, organs)
		if err != nil {
			return err
		}
		used, err := l.UsedSequences(ctx, res.From)
		if err != nil {
			return err
		}
		first := int64(1)
		if opts.Scratch {
			if err := l.UseScratchTables(ctx); err != nil {
				return err
			}
		} else if first, err = l.ReserveDossierIDs(ctx, opts.N); err != nil {
			return err
		}
		res.FirstID = first
		firstAccount := int64(1)
		if !opts.Scratch {
			if firstAccount, err = l.LockCitizenIDs(ctx); err != nil {
				return err
			}
		}
		res.FirstAccountID = firstAccount
		rebuild := opts.Indexes == IndexesRebuild && !opts.Scratch
		if opts.Indexes == IndexesAuto && !opts.Scratch {
			if rebuild, err = l.HasFewerDossiersThan(ctx, opts.N); err != nil {
				return err
			}
		}
		var buildIndexes func(context.Context) error
		if rebuild {
			if buildIndexes, err = l.DeferIndexes(ctx); err != nil {
				return err
			}
			res.IndexesRebuilt = true
		}
		start := func(organ string, d calendar.Date) int {
			n := used[store.SeqKey{OrganID: organ, Date: d}] + 1
			if c := counters[organ]; c.Date == d {
				n = max(n, c.Next)
			}
			return n
		}
		w.owners = w.makeOwners(opts.Seed, days, counts, firstAccount)
		pool := w.owners.chunk()
		if err := l.Copy(ctx, pool); err != nil {
			return err
		}
		res.Accounts = pool.Accounts
		last := map[string]dossier.DailySequence{} // organ → the last day used and the number after it
		err = w.run(ctx, opts, days, counts, first, start, func(out *dayOut) error {
			out.chunk.Rebase(firstAccount + int64(res.Accounts))
			if err := l.Copy(ctx, &out.chunk); err != nil {
				return err
			}
			res.Accounts += out.chunk.Accounts
			res.Owned += out.owned
			for organ, n := range out.lastSeq {
				last[organ] = dossier.DailySequence{Date: out.date, Next: n + 1}
			}
			for s, n := range out.states {
				res.States[s] += n
			}
			res.Late += out.late
			res.Steps += out.steps
			res.Events += out.events
			return nil
		})
		if err != nil {
			return err
		}
		if opts.Scratch {
			res.Elapsed = time.Since(began)
			return errScratch
		}
		changed := map[string]dossier.DailySequence{}
		for organ, s := range last {
			c := counters[organ]
			switch {
			case s.Date.After(c.Date):
				changed[organ] = s
			case s.Date == c.Date && s.Next > c.Next:
				changed[organ] = s
			}
		}
		if err := l.SetSequences(ctx, changed); err != nil {
			return err
		}
		if err := l.TakeCitizenIDs(ctx, firstAccount, res.Accounts); err != nil {
			return err
		}
		if buildIndexes != nil {
			if opts.Building != nil {
				opts.Building()
			}
			t0 := time.Now()
			if err := buildIndexes(ctx); err != nil {
				return err
			}
			res.IndexTime = time.Since(t0)
		}
		after, _ := json.Marshal(map[string]any{"dossiers": opts.N, "seed": opts.Seed, "from": res.From.String(), "to": res.To.String(),
			"first_id": first, "last_id": first + int64(opts.N) - 1, "accounts": res.Accounts, "first_account_id": firstAccount, "owned": res.Owned})
		return l.Tx().AppendAudit(ctx, &audit.Record{At: svc.Clock().Now(), ActorID: a.UserID, Actor: a.Name(), Action: "dossier.generate",
			ObjectType: "dossier", ObjectID: fmt.Sprintf("%d-%d", first, first+int64(opts.N)-1), UnitPath: w.city.Path,
			RequestID: app.RequestIDFrom(ctx), After: string(after)})
	})
	if opts.Scratch && errors.Is(err, errScratch) {
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(began)
	return res, nil
}

// errScratch ends a scratch load, so that it rolls back.
var errScratch = errors.New("scratch load: roll back")

// genDay is a reception day with its relative volume.
type genDay struct {
	date   calendar.Date
	weight float64
	last   bool // today: receptions only until now
}

// days lists the working days of the period that have a receiving unit in force, with their
// weights: slowly growing over the period, busier on Mondays, quieter on Fridays.
func (w *world) days(now time.Time, months int) []genDay {
	cal := w.cals[w.calOf[w.desks[0].unit.ID]]
	to := calendar.DateOf(now)
	local := now.In(vietnam)
	if local.Hour() < 9 { // too early for today's receptions
		to = to.AddDays(-1)
	}
	fromT := now.In(vietnam).AddDate(0, -months, 0)
	from := calendar.D(fromT.Year(), fromT.Month(), fromT.Day()).AddDays(1)
	var out []genDay
	total := from.DaysUntil(to) + 1
	for i, d := 0, from; !d.After(to); i, d = i+1, d.AddDays(1) {
		if !cal.IsWorkingDay(d) {
			continue
		}
		open := false
		for _, dk := range w.desks {
			if validOn(dk.unit, d) {
				open = true
				break
			}
		}
		if !open {
			continue
		}
		wt := 1 + 0.4*float64(i)/float64(total)
		switch d.Weekday() {
		case time.Monday:
			wt *= 1.15
		case time.Friday:
			wt *= 0.9
		}
		out = append(out, genDay{date: d, weight: wt})
	}
	if len(out) > 0 && out[len(out)-1].date == calendar.DateOf(now) {
		out[len(out)-1].last = true
		out[len(out)-1].weight *= math.Min(1, float64(local.Hour()*60+local.Minute()-8*60)/(9*60))
	}
	return out
}

// allocate splits n over the days in proportion to their weights (largest remainders).
func allocate(n int, days []genDay) []int {
	var sum float64
	for _, d := range days {
		sum += d.weight
	}
	out := make([]int, len(days))
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(days))
	left := n
	for i, d := range days {
		x := float64(n) * d.weight / sum
		out[i] = int(x)
		left -= out[i]
		rems[i] = rem{i, x - float64(out[i])}
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for k := 0; k < left; k++ {
		out[rems[k%len(rems)].i]++
	}
	return out
}

// dayOut is one day's rows, ready to store.
type dayOut struct {
	index   int
	date    calendar.Date
	chunk   store.CopyChunk
	lastSeq map[string]int
	states  map[dossier.State]int
	late    int
	owned   int // dossiers owned by a portal account
	steps   int
	events  int
	err     error
}

// run builds the days on opts.Workers goroutines and hands them to store in day order, with at
// most a few days in memory at once.
func (w *world) run(ctx context.Context, opts Options, days []genDay, counts []int, firstID int64,
	start func(string, calendar.Date) int, save func(*dayOut) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	base := make([]int64, len(days))
	id := firstID
	for i := range days {
		base[i] = id
		id += int64(counts[i])
	}
	jobs := make(chan int)
	results := make(chan *dayOut, opts.Workers*2)
	slots := make(chan struct{}, opts.Workers*3) // days built but not stored yet
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newBuilder(w, opts)
			for i := range jobs {
				out := b.day(i, days[i], counts[i], base[i], start)
				select {
				case results <- out:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range days {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	pending := map[int]*dayOut{}
	next, done := 0, 0
	for out := range results {
		pending[out.index] = out
		for pending[next] != nil {
			o := pending[next]
			delete(pending, next)
			next++
			<-slots
			if o.err != nil {
				return o.err
			}
			if err := save(o); err != nil {
				return err
			}
			done += o.chunk.N
			if opts.Progress != nil {
				opts.Progress(done)
			}
		}
	}
	if next != len(days) {
		if err := ctx.Err(); err != nil {
			return err
		}
		return errs.Wrap(fmt.Errorf("generated %d of %d days", next, len(days)), "gen")
	}
	return nil
}

var vietnam = time.FixedZone("ICT", 7*3600)
