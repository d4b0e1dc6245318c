package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/demo"
	"github.com/egov-vn/egov/internal/gen"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

const aboutGen = `Fills a PostgreSQL database with generated dossiers that look real, for demonstrations and
load tests: received over the last --months months on working days at the one-stop desks of Hà Nội's
communes and wards (and districts before the July 2025 reform), the city's service centre and the
departments, for procedures of the stored catalogue, with their control sheets and timelines;
most returned, the recent ones in progress, a few late, refused, withdrawn or stopped. Most online
dossiers belong to generated portal accounts (most own one dossier, some a few, a few businesses
and frequent users 50 to 200), written in the same transaction; their applicant is the account's
person or business. Their email is under example.invalid, a name that never exists, and they
have no password: nobody can sign into them ('egov token create --citizens K' gives a load test
portal tokens for the accounts owning the most). The accounts table is locked against
registrations until the load ends.

The database must hold units and the procedure catalogue. An empty database first gets the Hà Nội
demo data (as 'egov serve --demo' loads them; the demo password is printed once), and a database
without a catalogue gets the demo catalogue. Dossier codes continue every agency's daily numbering
and the counters are left after them, so later receptions never reuse a code. All rows, the
counters and one audit record are stored in one transaction; receptions at the same agencies wait
until it ends. The same --seed on the same base data and day gives the same dossiers. The
statistics of the QĐ 766 indicators are then rebuilt (as 'egov stats rebuild' does).

--indexes rebuild drops the secondary indexes of the dossier tables for the load and builds them
again before it commits: several times faster, but readers of those tables (a running server's
inboxes and lookups) wait until the load ends. --indexes keep maintains them row by row. The
default, auto, rebuilds when the database holds fewer dossiers than the load adds.

--with-limit first measures the limit the rate is compared with: the same rows (the first
1,000,000 at most) written into index-free copies of the dossier tables made for the
measurement, then rolled back; the rate of the load is then printed also as a ratio to it.

PostgreSQL only (EGOV_DATABASE_URL): rows are written with COPY.`

// runGen generates dossiers.
func runGen(ctx context.Context, e *env, args []string) error {
	var c storeConfig
	var count, seed, months, organRoot, indexes string
	var withLimit bool
	f := newFlagSet("gen", "egov gen --dossiers N [flags]", aboutGen, e)
	f.String(&count, "dossiers", "", "", "N", "how many dossiers to generate (required)")
	f.String(&seed, "seed", "", "1", "N", "the random seed: the same seed gives the same dossiers")
	f.String(&months, "months", "", "24", "N", "how many months back reception dates go")
	f.String(&indexes, "indexes", "", "auto", "MODE", "auto, keep or rebuild: how the dossier tables' secondary indexes are kept during the load")
	f.Bool(&withLimit, "with-limit", "", false, "measure first how fast the same rows are written into index-free scratch tables (rolled back)")
	f.String(&organRoot, "organ-root", "EGOV_ORGAN_ROOT", demo.DefaultOrganRoot, "CODE", "the city's level-1 agency code for the demo base data, when they are loaded")
	addStoreFlags(f, &c)
	pos, err := f.Parse(args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 {
		return usageError{fmt.Sprintf("--dossiers %q: want a positive number", count)}
	}
	sd, err := strconv.ParseUint(seed, 10, 64)
	if err != nil {
		return usageError{fmt.Sprintf("--seed %q: want a non-negative number", seed)}
	}
	m, err := strconv.Atoi(months)
	if err != nil || m < 1 || m > 120 {
		return usageError{fmt.Sprintf("--months %q: want 1 to 120", months)}
	}
	modes := map[string]gen.IndexMode{"auto": gen.IndexesAuto, "keep": gen.IndexesKeep, "rebuild": gen.IndexesRebuild}
	mode, ok := modes[indexes]
	if !ok {
		return usageError{fmt.Sprintf("--indexes %q: want auto, keep or rebuild", indexes)}
	}
	if c.databaseURL() == "" {
		return store.ErrBulkNeedsPostgres
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	db, svc, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = app.WithActor(ctx, org.SystemActor)
	if _, err := loadDemo(ctx, e, svc, log, organRoot); err != nil {
		return err
	}
	bar := newProgressBar(e.stderr, n)
	var limit *gen.Result
	if withLimit {
		ln := min(n, 1_000_000)
		bar := newProgressBar(e.stderr, ln)
		fmt.Fprintln(e.stderr, "Đo giới hạn: ghi các dòng vào bảng tạm không chỉ mục rồi hủy… / Measuring the limit: the rows into index-free scratch tables, rolled back…")
		limit, err = gen.Generate(ctx, svc, gen.Options{N: ln, Seed: sd, Months: m, Progress: bar.update, Scratch: true})
		bar.finish()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Giới hạn (%d hồ sơ vào bảng không chỉ mục, đã hủy): %.0f hồ sơ/giây. / Limit (%d dossiers into index-free tables, rolled back): %.0f dossiers/s in %s.\n",
			ln, limitRate(limit), ln, limitRate(limit), limit.Elapsed.Round(time.Millisecond))
	}
	building := func() {
		bar.finish()
		fmt.Fprintln(e.stderr, "Đang dựng lại chỉ mục của các bảng hồ sơ… / Building the dossier tables' indexes…")
	}
	res, err := gen.Generate(ctx, svc, gen.Options{N: n, Seed: sd, Months: m, Progress: bar.update, Indexes: mode, Building: building})
	bar.finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã sinh %d hồ sơ (tiếp nhận từ %s đến %s) trong %s: %.0f hồ sơ/giây, %d dòng phiếu kiểm soát, %d sự kiện.\n",
		res.N, res.From, res.To, res.Elapsed.Round(time.Millisecond), float64(res.N)/res.Elapsed.Seconds(), res.Steps, res.Events)
	fmt.Fprintf(e.stdout, "Generated %d dossiers (received %s to %s) in %s: %.0f dossiers/s; ids %d to %d; %d late.\n",
		res.N, res.From, res.To, res.Elapsed.Round(time.Millisecond), float64(res.N)/res.Elapsed.Seconds(),
		res.FirstID, res.FirstID+int64(res.N)-1, res.Late)
	fmt.Fprintf(e.stdout, "%d tài khoản cổng dịch vụ công (mã %d đến %d) sở hữu %d hồ sơ nộp trực tuyến. / %d portal accounts (ids %d to %d) own %d online dossiers.\n",
		res.Accounts, res.FirstAccountID, res.FirstAccountID+int64(res.Accounts)-1, res.Owned,
		res.Accounts, res.FirstAccountID, res.FirstAccountID+int64(res.Accounts)-1, res.Owned)
	if res.IndexesRebuilt {
		fmt.Fprintf(e.stdout, "Chỉ mục dựng lại trong %s (đã tính trong thời gian trên). / Indexes built again in %s (included above).\n",
			res.IndexTime.Round(time.Millisecond), res.IndexTime.Round(time.Millisecond))
	}
	if limit != nil {
		r := float64(res.N) / res.Elapsed.Seconds() / limitRate(limit)
		fmt.Fprintf(e.stdout, "Tỉ lệ so với giới hạn: %.2f. / Ratio to the limit: %.2f.\n", r, r)
	}
	// The dossiers were written directly: the indicators' statistics are recomputed from them.
	return rebuildStats(ctx, e, svc)
}

// limitRate is the dossiers per second of a scratch run.
func limitRate(r *gen.Result) float64 { return float64(r.N) / r.Elapsed.Seconds() }

// progressBar is one line on a terminal, rewritten in place: how many, how fast, how long still.
type progressBar struct {
	w          io.Writer
	total      int
	began      time.Time
	lastUpdate time.Time
	done       int
	finished   bool
}

func newProgressBar(w io.Writer, total int) *progressBar {
	return &progressBar{w: w, total: total, began: time.Now()}
}

func (p *progressBar) update(done int) {
	p.done = done
	now := time.Now()
	if now.Sub(p.lastUpdate) < 200*time.Millisecond && done < p.total {
		return
	}
	p.lastUpdate = now
	el := now.Sub(p.began).Seconds()
	rate := float64(done) / max(el, 1e-9)
	eta := "?"
	if rate > 0 {
		eta = time.Duration(float64(p.total-done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	const width = 30
	filled := width * done / max(p.total, 1)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = '.'
		if i < filled {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\r[%s] %d/%d hồ sơ  %.0f/s  còn %s   ", bar, done, p.total, rate, eta)
}

// finish ends the line; calling it again does nothing.
func (p *progressBar) finish() {
	if !p.lastUpdate.IsZero() && !p.finished {
		fmt.Fprintln(p.w)
	}
	p.finished = true
}
