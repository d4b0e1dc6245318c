package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/pay"
	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// aggregates are the statistics' aggregate tables as stored.
type aggregates struct {
	Counts, City, Procedures []stats.Counter
}

// statsSnapshot reads the facts and the aggregates as stored, checking that the city-wide and
// per-procedure tables are the detailed one summed.
func statsSnapshot(t *testing.T, db *store.DB) ([]*stats.Facts, aggregates) {
	t.Helper()
	var fs []*stats.Facts
	var ag aggregates
	err := db.Read(context.Background(), func(tx *store.Tx) (err error) {
		if fs, err = tx.AllStatsFacts(context.Background()); err != nil {
			return err
		}
		if ag.City, err = tx.StatsCityCounters(context.Background()); err != nil {
			return err
		}
		if ag.Procedures, err = tx.StatsProcedureCounters(context.Background()); err != nil {
			return err
		}
		ag.Counts, err = tx.StatsCounters(context.Background())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		for _, p := range []*time.Time{&f.ReceivedAt, &f.EndAt, &f.Deadline766, &f.DeadlineWT} {
			*p = p.UTC()
		}
	}
	// The city-wide table is the detailed one summed over units, procedures and fields.
	sum := map[stats.Counter]stats.Counter{}
	for _, c := range ag.Counts {
		k := c
		k.UnitPath, k.ProcedureCode, k.Field, k.N, k.WorkingMinutes, k.CalendarMinutes = "", "", "", 0, 0, 0
		s := sum[k]
		s.N, s.WorkingMinutes, s.CalendarMinutes = s.N+c.N, s.WorkingMinutes+c.WorkingMinutes, s.CalendarMinutes+c.CalendarMinutes
		sum[k] = s
	}
	if len(sum) != len(ag.City) {
		t.Fatalf("city aggregates: %d rows, the detailed ones sum to %d", len(ag.City), len(sum))
	}
	for _, c := range ag.City {
		k := c
		k.N, k.WorkingMinutes, k.CalendarMinutes = 0, 0, 0
		if s := sum[k]; s.N != c.N || s.WorkingMinutes != c.WorkingMinutes || s.CalendarMinutes != c.CalendarMinutes {
			t.Fatalf("city aggregate %+v, detailed sum %+v", c, s)
		}
	}
	// The per-procedure table is the detailed one summed over units and every column but the
	// level, field, procedure, month of reception, channel and gateway payment.
	procs := map[stats.Counter]int64{}
	for _, c := range ag.Counts {
		k := stats.Counter{Level: c.Level, Field: c.Field, ProcedureCode: c.ProcedureCode, RecvMonth: c.RecvMonth, Channel: c.Channel,
			PaidOnline: c.PaidOnline}
		procs[k] += c.N
	}
	if len(procs) != len(ag.Procedures) {
		t.Fatalf("procedure aggregates: %d rows, the detailed ones sum to %d", len(ag.Procedures), len(procs))
	}
	for _, c := range ag.Procedures {
		k := c
		k.N = 0
		if procs[k] != c.N || c.N <= 0 {
			t.Fatalf("procedure aggregate %+v, detailed sum %d", c, procs[k])
		}
	}
	return fs, ag
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

const testGatewaySecret = "STATS-TEST-SECRET"

// offerPayments configures the payment gateway (its pages are never fetched: the tests report
// payments as its IPN call does) and the bank account of VietQR transfers.
func offerPayments(svc *app.Service) {
	svc.SetPayments(app.PaymentSettings{
		Gateway: &pay.VNPAY{TmnCode: "EGOVTEST", Secret: testGatewaySecret, GatewayURL: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"},
		Bank:    app.BankAccount{BIN: "970415", Account: "113366668888", Holder: "UBND PHUONG HOAN KIEM", BankName: "VietinBank"}})
}

// gatewayReport is the gateway's signed report of payment p, a success or a failure, as its IPN
// call brings it.
func gatewayReport(p *store.PaymentRow, success bool) url.Values {
	code := "00"
	if !success {
		code = "24" // the payer cancelled
	}
	v := url.Values{"vnp_TmnCode": {"EGOVTEST"}, "vnp_TxnRef": {p.Reference}, "vnp_Amount": {strconv.FormatInt(p.Amount*100, 10)},
		"vnp_ResponseCode": {code}, "vnp_TransactionStatus": {code}, "vnp_TransactionNo": {"14" + strconv.FormatInt(p.ID, 10)},
		"vnp_BankCode": {"NCB"}}
	pay.SignValues(testGatewaySecret, v)
	return v
}

// startGatewayPayment starts a gateway payment of dossier code for the official ctx.
func startGatewayPayment(svc *app.Service, ctx context.Context, code string) (*store.PaymentRow, error) {
	sp, err := svc.CreatePayment(ctx, code, app.PayerAccess{}, app.NewPayment{Method: pay.MethodGateway, ReturnURL: "https://dichvucong.hanoi.gov.vn/thanh-toan/ket-qua", IPAddr: "203.0.113.7"})
	if err != nil {
		return nil, err
	}
	return sp.Payment, nil
}

// settle reports payment p as the gateway's IPN call does; an internal error fails the test.
func settle(t *testing.T, svc *app.Service, p *store.PaymentRow, success bool) pay.IPNAnswer {
	t.Helper()
	a, _ := svc.GatewayNotification(context.Background(), gatewayReport(p, success))
	if a == pay.IPNUnknownError || a == pay.IPNInvalidSignature {
		t.Fatalf("gateway report of %s: %v", p.Reference, a)
	}
	return a
}

// confirmTransfer confirms, as the official ctx, the VietQR transfer the dossier's payment page
// asks for.
func confirmTransfer(svc *app.Service, ctx context.Context, code string) error {
	info, err := svc.PaymentInfo(ctx, code, app.PayerAccess{})
	if err != nil {
		return err
	}
	if info.VietQR == nil {
		return errs.New(errs.Conflict, app.CodeNotAwaitingPayment, "", "nothing to transfer")
	}
	_, err = svc.ConfirmTransfer(ctx, code, app.TransferConfirmation{Reference: info.VietQR.Reference, Amount: info.VietQR.Amount,
		BankTransaction: "FT2606" + info.VietQR.Reference[len(info.VietQR.Reference)-4:]})
	return err
}

// rateByLink rates a returned dossier as the holder of its rating link would: the test writes a
// link token of its own, since the one sent with the return is only in the message.
func rateByLink(t *testing.T, db *store.DB, svc *app.Service, code string, score int) error {
	t.Helper()
	ctx := context.Background()
	token := "lien-ket-danh-gia-" + code
	h := sha256.Sum256([]byte(token))
	err := db.Write(ctx, func(tx *store.Tx) error {
		d, err := tx.Dossier(ctx, code)
		if err != nil {
			return err
		}
		return tx.SetRatingLink(ctx, d.ID, hex.EncodeToString(h[:]), time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.RateDossier(ctx, code, app.RatingInput{Score: score, Token: token})
	return err
}

// randomRun is the state of randomWork between batches.
type randomRun struct {
	db       *store.DB
	codes    []string
	pending  []*store.PaymentRow // gateway payments started and not yet reported
	scores   map[int]int         // ratings given, by score
	settled  map[string]int      // gateway successes and failures reported, transfers confirmed
	payments int                 // payment attempts, to take the ways of paying in turn
}

// randomWork runs n random operations on the two wards' dossiers: receptions at the desk and by
// post, online submissions accepted or refused, every action the state machine allows to
// whoever may take it (supplements, second supplements with a reason, payments, stops,
// withdrawals, apologies, results), files, fees paid through the payment gateway (reported as
// a success or a failure, sometimes after the dossier stopped awaiting payment) or by a VietQR
// transfer the desk confirms, and ratings of returned dossiers with every score, with the clock
// moving by hours to days, so that dossiers end early, on time and late over several months.
func randomWork(t *testing.T, w *dossierWorld, rng *rand.Rand, run *randomRun, n int) (done int) {
	t.Helper()
	svc := w.svc
	codes := &run.codes
	for range n {
		w.clk.Advance(time.Duration(rng.IntN(8*60)) * time.Minute)
		c := w.a
		if rng.IntN(2) == 1 {
			c = w.b
		}
		switch r := rng.IntN(10); {
		case r < 2 || len(*codes) < 3:
			in := reception("1.004873")
			if rng.IntN(3) == 0 {
				in.Channel = app.ChannelPost
			}
			in.Electronic = rng.IntN(2) == 0
			if d, err := svc.ReceiveDossier(c.desk, in); err == nil {
				*codes = append(*codes, d.Code)
				done++
			} else {
				t.Fatalf("receive: %v", err)
			}
		case r == 2:
			if d, err := svc.SubmitDossier(w.sys, submission("1.004873", c.centre.ID)); err == nil {
				*codes = append(*codes, d.Code)
				done++
			} else {
				t.Fatalf("submit: %v", err)
			}
		case r == 3 || r == 4:
			// Move one dossier along the usual path (to its return, or to a payment request),
			// so that enough of them reach the states where fees are paid and ratings given: one
			// of the latest, most of which were just received.
			code := (*codes)[len(*codes)-1-rng.IntN(min(5, len(*codes)))]
			path := []dossier.Action{dossier.ActionTransfer, dossier.ActionForward, dossier.ActionComplete, dossier.ActionReturn}
			if rng.IntN(2) == 0 {
				path = []dossier.Action{dossier.ActionTransfer, dossier.ActionRequestPayment}
			}
			actors := []context.Context{w.a.desk, w.a.officer, w.a.leader, w.b.desk, w.b.officer, w.b.leader}
			for _, act := range path {
				for _, ctx := range actors {
					_, err := svc.Act(ctx, code, app.ActionInput{Action: act, ResultNote: "Giấy xác nhận số 2/2026", Amount: 20000 + 10000*int64(rng.IntN(5))})
					if err == nil {
						done++
						break
					}
					if errs.KindOf(err) == errs.Internal {
						t.Fatalf("%s on %s: %v", act, code, err)
					}
				}
			}
		default:
			code := (*codes)[rng.IntN(len(*codes))]
			for _, ctx := range rng.Perm(8) {
				actors := []context.Context{w.a.desk, w.a.officer, w.a.leader, w.a.clerk, w.b.desk, w.b.officer, w.b.leader, w.b.clerk}
				det, err := svc.Dossier(actors[ctx], code)
				if err != nil {
					continue
				}
				if det.State == dossier.Returned && rng.IntN(4) > 0 {
					// The scores in turn, so that every one is given.
					score := 1 + (run.scores[1]+run.scores[2]+run.scores[3])%3
					if err := rateByLink(t, run.db, svc, code, score); err == nil {
						run.scores[score]++
						done++
					} else if errs.CodeOf(err) != "already_rated" {
						t.Fatalf("rate %s: %v", code, err)
					}
					break
				}
				if len(run.pending) > 0 && rng.IntN(8) == 0 {
					// A gateway report that comes late, maybe after the dossier was paid otherwise.
					i := rng.IntN(len(run.pending))
					p := run.pending[i]
					run.pending = append(run.pending[:i], run.pending[i+1:]...)
					success := rng.IntN(3) > 0
					if settle(t, svc, p, success) == pay.IPNConfirmed {
						run.settled["late gateway report"]++
						done++
					}
					break
				}
				if det.State == dossier.AwaitingPayment && rng.IntN(4) > 0 {
					// The ways of paying in turn: through the gateway (a success, a failure, or
					// a report that comes later or never), or by a transfer the desk confirms.
					run.payments++
					if run.payments%4 == 1 {
						for _, desk := range []context.Context{w.a.desk, w.b.desk} { // the receiving desk confirms
							if err := confirmTransfer(svc, desk, code); err == nil {
								run.settled["transfer"]++
								done++
								break
							} else if errs.KindOf(err) == errs.Internal {
								t.Fatalf("transfer for %s: %v", code, err)
							}
						}
						break
					}
					p, err := startGatewayPayment(svc, actors[ctx], code)
					if err != nil && errs.KindOf(err) == errs.Internal {
						t.Fatalf("gateway payment for %s: %v", code, err)
					}
					if err != nil {
						break
					}
					switch run.payments % 4 {
					case 2:
						run.pending = append(run.pending, p) // reported later, or never
					case 3:
						settle(t, svc, p, false)
						run.settled["gateway failure"]++
					default:
						settle(t, svc, p, true)
						run.settled["gateway success"]++
					}
					done++
					break
				}
				if len(det.Allowed) == 0 {
					continue
				}
				if rng.IntN(6) == 0 && !det.State.Closed() {
					kind, comp := app.FileComponent, "tp01"
					if det.State == dossier.InProcessing || det.State == dossier.ResultReady {
						if rng.IntN(2) == 0 {
							kind, comp = app.FileResult, ""
						}
					}
					if _, err := svc.AttachFile(actors[ctx], code, app.FileInput{Kind: kind, ComponentCode: comp, Name: "scan.pdf", Data: pdf}); err == nil {
						done++
						break
					}
				}
				act := det.Allowed[rng.IntN(len(det.Allowed))]
				in := app.ActionInput{Action: act, Reason: "Lý do ghi rõ bằng văn bản", Items: []string{"Bản sao giấy khai sinh"},
					ResultNote: "Giấy xác nhận số 1/2026", ExtraDays: 2, Amount: 50000}
				if rng.IntN(2) == 0 {
					in.OverrideReason = "Cần bổ sung thêm giấy tờ theo quy định"
				}
				if _, err := svc.Act(actors[ctx], code, in); err == nil {
					done++
				} else if errs.KindOf(err) == errs.Internal {
					t.Fatalf("%s on %s: %v", act, code, err)
				}
				break
			}
		}
	}
	return done
}

// TestStatsIncrementalEqualsRebuild: the aggregates kept in each dossier's transaction equal a
// recomputation from scratch after every batch of random operations, on both databases; the
// SQL reading of the aggregates equals the domain's, and every figure lists as many dossiers as
// it counts.
func TestStatsIncrementalEqualsRebuild(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		offerPayments(w.svc)
		rng := rand.New(rand.NewPCG(7, uint64(len(db.Dialect))))
		run := &randomRun{db: db, scores: map[int]int{}, settled: map[string]int{}}
		total := 0
		for batch := range 5 {
			total += randomWork(t, w, rng, run, 80)
			fs, cs := statsSnapshot(t, db)
			n, err := w.svc.RebuildStats(w.sys)
			if err != nil {
				t.Fatal(err)
			}
			fs2, cs2 := statsSnapshot(t, db)
			if n != len(fs2) || !reflect.DeepEqual(fs, fs2) || !reflect.DeepEqual(cs, cs2) {
				if !reflect.DeepEqual(cs.Procedures, cs2.Procedures) {
					t.Errorf("per-procedure aggregates: incremental %v\nrebuilt %v", cs.Procedures, cs2.Procedures)
				}
				for i := range min(len(fs), len(fs2)) {
					if !reflect.DeepEqual(fs[i], fs2[i]) {
						t.Errorf("dossier %d: incremental %+v\nrebuilt %+v", fs[i].DossierID, *fs[i], *fs2[i])
						break
					}
				}
				t.Fatalf("batch %d: incremental (%d facts, %d counters) differs from the rebuild (%d, %d)", batch, len(fs), len(cs.Counts),
					len(fs2), len(cs2.Counts))
			}
			checkReading(t, w, db, cs.Counts)
		}
		fs, _ := statsSnapshot(t, db)
		var late, ended, disliked, withFee, paidOnline, online int
		for _, f := range fs {
			if f.Channel == 2 {
				online++
			}
			if f.EndMonth != 0 {
				ended++
				if f.OutcomeWT == 3 {
					late++
				}
			}
			if f.Disliked {
				disliked++
			}
			if f.HasFee {
				withFee++
			}
			if f.PaidOnline {
				paidOnline++
			}
		}
		t.Logf("%s: %d operations, %d dossiers received, %d ended, %d of them late; ratings %v, %d disliked; %d with a fee, %d paid online; payments %v",
			db.Dialect, total, len(fs), ended, late, run.scores, disliked, withFee, paidOnline, run.settled)
		if len(fs) < 30 || ended < 10 || late == 0 || late == ended || online == 0 || online == len(fs) {
			t.Errorf("the random work did not cover enough: %d received (%d online), %d ended, %d late", len(fs), online, ended, late)
		}
		if run.scores[app.RatingSatisfied] == 0 || run.scores[app.RatingNeutral] == 0 || run.scores[app.RatingDissatisfied] == 0 ||
			paidOnline == 0 || paidOnline == withFee || run.settled["transfer"] == 0 || run.settled["gateway failure"] == 0 {
			t.Errorf("the random work did not cover ratings and payments enough: ratings %v, %d paid online of %d with a fee, payments %v",
				run.scores, paidOnline, withFee, run.settled)
		}
	})
}

// checkReading compares the SQL buckets with the domain's reading of every counter, for a few
// windows, and the drill-down lists with the figures.
func checkReading(t *testing.T, w *dossierWorld, db *store.DB, cs []stats.Counter) {
	t.Helper()
	ctx := context.Background()
	now := w.clk.Now()
	var periods []stats.Period
	for _, s := range []string{"2026", "2026-03", "2026-Q2", stats.MonthOf(now).String(), "2026-03.." + stats.MonthOf(now).String()} {
		p, err := stats.ParsePeriod(s)
		if err != nil {
			t.Fatal(err)
		}
		periods = append(periods, p)
	}
	for _, p := range periods {
		win := stats.WindowOf(p, now)
		var got []stats.Bucket
		err := db.Read(ctx, func(tx *store.Tx) (err error) {
			got, err = tx.StatsBuckets(ctx, store.StatsFilter{}, win)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[stats.Bucket]int64{}
		for _, c := range cs {
			b := win.BucketOf(c)
			if !b.Received && b.Standing == stats.Outside {
				continue
			}
			n, wm, cm := b.N, b.WorkingMinutes, b.CalendarMinutes
			b.N, b.WorkingMinutes, b.CalendarMinutes = 0, 0, 0
			want[b] += n
			_ = wm + cm
		}
		have := map[stats.Bucket]int64{}
		for _, b := range got {
			n := b.N
			b.N, b.WorkingMinutes, b.CalendarMinutes = 0, 0, 0
			have[b] += n
		}
		if !reflect.DeepEqual(want, have) {
			t.Fatalf("%s: SQL buckets %v, domain %v", p, have, want)
		}

		// The procedures with an online or a gateway-paid dossier, from the per-procedure table
		// (scopes without units) and from the detailed one (a scope of units: every unit here),
		// with every other filter.
		for _, f := range []store.StatsFilter{{}, {Level: "commune"}, {Level: "province"}, {ProcedureCode: "1.004873"},
			{ProcedureCode: "2.000635"}, {Field: procedureField(t, db, "1.004873")}, {Field: "Không có lĩnh vực này"}} {
			all := f
			all.Paths = []string{"/"}
			for _, read := range []func(*store.Tx, store.StatsFilter) ([]string, error){
				func(tx *store.Tx, f store.StatsFilter) ([]string, error) {
					return tx.StatsOnlineProcedures(ctx, f, win)
				},
				func(tx *store.Tx, f store.StatsFilter) ([]string, error) {
					return tx.StatsPaidOnlineProcedures(ctx, f, win)
				},
			} {
				var fast, detailed []string
				err := db.Read(ctx, func(tx *store.Tx) (err error) {
					if fast, err = read(tx, f); err != nil {
						return err
					}
					detailed, err = read(tx, all)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				slices.Sort(fast)
				slices.Sort(detailed)
				if !slices.Equal(fast, detailed) {
					t.Fatalf("%s %+v: procedures %v from the per-procedure table, %v from the detailed one", p, f, fast, detailed)
				}
			}
		}

		// The buckets of several windows in one query equal each window's own, from the city-wide
		// table and from the detailed one.
		wins := []stats.Window{win}
		for m := p.From; m <= p.To && m <= stats.MonthOf(now); m = m.Add(1) {
			mp, _ := stats.CustomPeriod(m, m)
			wins = append(wins, stats.WindowOf(mp, now))
		}
		for _, f := range []store.StatsFilter{{}, {Paths: []string{"/"}}, {Paths: []string{w.a.unit.Path}}} {
			err := db.Read(ctx, func(tx *store.Tx) error {
				many, err := tx.StatsBucketsByWindow(ctx, f, wins)
				if err != nil {
					return err
				}
				for i, wi := range wins {
					one, err := tx.StatsBuckets(ctx, f, wi)
					if err != nil {
						return err
					}
					if !sameBuckets(one, many[i]) {
						t.Errorf("%s %+v, window %d (%s..%s): one query per window %v, one for all %v", p, f, i, wi.M0, wi.M1, one, many[i])
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}

		// The trend's months read as each month's own report, for the city and a ward.
		for _, unit := range []int64{0, w.a.unit.ID} {
			tr, err := w.svc.Trend(ctx, app.StatsQuery{Period: p, UnitID: unit})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tr.Months {
				mp, _ := stats.CustomPeriod(m.Month, m.Month)
				mp.Kind = stats.PeriodMonth
				rep, err := w.svc.Indicators(ctx, app.StatsQuery{Period: mp, UnitID: unit})
				if err != nil {
					t.Fatal(err)
				}
				if got, want := stats.SituationOf(m.Report), stats.SituationOf(rep.Report); got != want || m.Report.Literal766 != rep.Literal766 ||
					m.Report.Disliked != rep.Disliked || m.Report.WithFee != rep.WithFee || m.Report.PaidOnline != rep.PaidOnline {
					t.Errorf("%s unit %d, trend month %s: %+v, the month's report %+v", p, unit, m.Month, got, want)
				}
			}
		}

		// Every 2.1 figure lists as many dossiers as it counts, in both modes, across pages.
		for _, mode := range []stats.Mode{stats.WorkingTime, stats.Literal766} {
			rep, err := w.svc.Indicators(ctx, app.StatsQuery{Period: p, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			prog := rep.WorkingTime
			if mode == stats.Literal766 {
				prog = rep.Literal766
			}
			for fig, n := range map[stats.Figure]int64{stats.FigTotal: prog.Total(), stats.FigEarly: prog.Early, stats.FigOnTime: prog.OnTime,
				stats.FigLate: prog.Late, stats.FigOpenOnTime: prog.OpenOnTime, stats.FigOpenLate: prog.OpenLate,
				stats.FigReceived: rep.Received, stats.FigOnline: rep.Online, stats.FigDisliked: rep.Disliked,
				stats.FigWithFee: rep.WithFee, stats.FigPaidOnline: rep.PaidOnline} {
				var listed int64
				var after int64
				for {
					page, err := w.svc.StatsDossiers(w.sys, app.StatsQuery{Period: p, Mode: mode}, fig, after, 7)
					if err != nil {
						t.Fatal(err)
					}
					listed += int64(len(page.Dossiers))
					if page.Next == 0 {
						break
					}
					after = page.Next
				}
				if listed != n {
					t.Errorf("%s %s %s: %d counted, %d listed", p, mode, fig, n, listed)
				}
			}
		}
	}
}

// sameBuckets says whether two lists hold the same buckets, in any order.
func sameBuckets(a, b []stats.Bucket) bool {
	key := func(bs []stats.Bucket) []string {
		var out []string
		for _, x := range bs {
			out = append(out, fmt.Sprintf("%+v", x))
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

// procedureField is the field of a procedure in the catalogue.
func procedureField(t *testing.T, db *store.DB, code string) string {
	t.Helper()
	var field string
	err := db.Read(context.Background(), func(tx *store.Tx) error {
		vs, err := tx.VersionsInForce(context.Background(), org.DateOf(time.Date(2026, 3, 2, 0, 0, 0, 0, vn)))
		for _, v := range vs {
			if v.NationalCode == code {
				field = v.Field
			}
		}
		return err
	})
	if err != nil || field == "" {
		t.Fatalf("field of %s: %q %v", code, field, err)
	}
	return field
}

// TestIndicatorsScopeAndErrors: a ward's report counts only its dossiers; reporting by current
// units adds a predecessor's; bad input gets a clear error and a stable code; drill-down lists
// are for officials and only show what they may see.
func TestIndicatorsScopeAndErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc := w.svc
		for range 3 {
			if _, err := svc.ReceiveDossier(w.a.desk, reception("1.004873")); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.ReceiveDossier(w.b.desk, reception("1.004873")); err != nil {
			t.Fatal(err)
		}
		p, _ := stats.ParsePeriod("2026-03")
		count := func(q app.StatsQuery) int64 {
			t.Helper()
			q.Period = p
			r, err := svc.Indicators(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			return r.Received
		}
		if n := count(app.StatsQuery{}); n != 4 {
			t.Errorf("city: %d received", n)
		}
		if n := count(app.StatsQuery{UnitID: w.a.unit.ID}); n != 3 {
			t.Errorf("ward A: %d received", n)
		}
		if n := count(app.StatsQuery{UnitID: w.a.unit.ID, Level: "province"}); n != 0 {
			t.Errorf("ward A at province level: %d", n)
		}
		if n := count(app.StatsQuery{Level: "commune", ProcedureCode: "1.004873"}); n != 4 {
			t.Errorf("communes, one procedure: %d", n)
		}
		// Ward B is merged into a new ward C: by current units, C counts B's history; B's own
		// figures stay B's.
		end, _ := org.ParseDate("2026-03-31")
		if err := svc.CloseUnit(w.sys, w.b.unit.ID, end); err != nil {
			t.Fatal(err)
		}
		from, _ := org.ParseDate("2026-04-01")
		c := &org.Unit{OrganID: "000.00.72.H24", GSOCode: "00072", Name: "Phường Ba Đình", Kind: org.KindCommune, ParentID: w.b.unit.ParentID, ValidFrom: from}
		if err := svc.CreateUnit(w.sys, c); err != nil {
			t.Fatal(err)
		}
		if err := svc.LinkSuccessor(w.sys, w.b.unit.ID, c.ID, false); err != nil {
			t.Fatal(err)
		}
		if n := count(app.StatsQuery{UnitID: c.ID, CurrentUnits: true}); n != 1 {
			t.Errorf("ward C by current units: %d received", n)
		}
		if n := count(app.StatsQuery{UnitID: c.ID}); n != 0 {
			t.Errorf("ward C by unit versions: %d received", n)
		}
		// Drill-down: for officials only, and only their dossiers.
		if _, err := svc.StatsDossiers(context.Background(), app.StatsQuery{Period: p}, stats.FigReceived, 0, 10); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("anonymous drill-down: %v", err)
		}
		page, err := svc.StatsDossiers(w.b.officer, app.StatsQuery{Period: p}, stats.FigReceived, 0, 10)
		if err != nil || len(page.Dossiers) != 1 {
			t.Errorf("ward B's official sees %v %v", page, err)
		}
		// Bad input.
		for _, c := range []struct {
			q    app.StatsQuery
			fig  stats.Figure
			code string
		}{
			{app.StatsQuery{Period: p, UnitID: 999999}, stats.FigReceived, stats.CodeUnknownUnit},
			{app.StatsQuery{Period: p, Level: "ward"}, stats.FigReceived, stats.CodeInvalidLevel},
			{app.StatsQuery{Period: p}, "bogus", stats.CodeUnknownFigure},
			{app.StatsQuery{}, stats.FigReceived, stats.CodeInvalidPeriod},
		} {
			_, err := svc.StatsDossiers(w.sys, c.q, c.fig, 0, 10)
			if c.fig == stats.FigReceived {
				_, err = svc.Indicators(context.Background(), c.q)
			}
			if errs.CodeOf(err) != c.code {
				t.Errorf("%+v: %v, want %s", c.q, err, c.code)
			}
		}
		// Publicity: the demo catalogue's online procedures out of all, for the city and a ward.
		pub, err := svc.Publicity(context.Background(), 0)
		if err != nil || pub.All.Total == 0 || pub.All.Online == 0 || pub.All.Online > pub.All.Total {
			t.Fatalf("publicity %+v %v", pub, err)
		}
		ward, err := svc.Publicity(context.Background(), w.a.unit.ID)
		if err != nil || len(ward.Lines) != 1 || ward.Lines[0].Level != "commune" || ward.All.Total > pub.All.Total {
			t.Fatalf("ward publicity %+v %v", ward, err)
		}
		t.Logf("publicity: %s; ward: %s", pub.All.Text(), ward.All.Text())
	})
}

// TestIndicatorsRatingsAndPayments computes 3.5, 3.6 and 5.4 for a handful of dossiers whose
// values are worked out by hand, on both databases.
//
// Ward A receives D1–D5 of 1.004873 (fee set case by case: 0 at reception) on Monday 02/03/2026;
// ward B receives D6 of 2.000635 (fixed fee 8.000 đ, paid at the desk). D1, D2 and D3 are asked
// for 50.000 đ: D1 pays through the gateway after a failed attempt; D2 starts a gateway payment,
// pays by a transfer the desk confirms, and the gateway reports its payment a success after the
// dossier went on (so D2 is paid online too); D3's gateway payment is never reported. D1, D2, D4
// and D6 are returned the same day, D5 on 16/03, late. Ratings: D2 hài lòng, D4 bình thường, D5
// không hài lòng in March, D1 không hài lòng on 06/04.
//
// March, read on 06/04: 6 received (2.1 denominator); late: D5, and D3 still waiting for its
// payment past its due date; disliked (counted in the reception month): D1 and D5, so 5.4 =
// (6 − 2 − 2) / 6 = 33,33 % (D5 subtracted twice). 3.6 = paid online D1, D2 / fee above 0 D1, D2,
// D3, D6 = 50 %. Ward A: 5.4 = (5 − 2 − 2) / 5 = 20 %, 3.6 = 2 / 3; 3.5 = one procedure paid
// online out of the commune procedures with fees. April: only D3 (open, late), no dislike
// received in April: 5.4 = 0 / 1; 3.6 has no dossier with a fee.
func TestIndicatorsRatingsAndPayments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc, a := w.svc, w.a
		offerPayments(svc)
		act := func(ctx context.Context, code string, in app.ActionInput) {
			t.Helper()
			if _, err := svc.Act(ctx, code, in); err != nil {
				t.Fatalf("%s %s: %v", in.Action, code, err)
			}
		}
		var d [7]string
		for i := 1; i <= 5; i++ {
			r, err := svc.ReceiveDossier(a.desk, reception("1.004873"))
			if err != nil {
				t.Fatal(err)
			}
			d[i] = r.Code
		}
		in6 := reception("2.000635")
		in6.Components, in6.FeesPaid = []string{"tp01", "tp02"}, true
		r6, err := svc.ReceiveDossier(w.b.desk, in6)
		if err != nil {
			t.Fatal(err)
		}
		d[6] = r6.Code
		for _, i := range []int{1, 2, 3} {
			act(a.desk, d[i], app.ActionInput{Action: dossier.ActionTransfer})
			act(a.officer, d[i], app.ActionInput{Action: dossier.ActionRequestPayment, Amount: 50000})
		}
		p, err := startGatewayPayment(svc, a.desk, d[1])
		if err != nil {
			t.Fatal(err)
		}
		if got := settle(t, svc, p, false); got != pay.IPNConfirmed {
			t.Fatalf("failure report: %v", got)
		}
		if p, err = startGatewayPayment(svc, a.desk, d[1]); err != nil {
			t.Fatal(err)
		}
		if got := settle(t, svc, p, true); got != pay.IPNConfirmed {
			t.Fatalf("success report: %v", got)
		}
		late2, err := startGatewayPayment(svc, a.desk, d[2])
		if err != nil {
			t.Fatal(err)
		}
		if err := confirmTransfer(svc, a.desk, d[2]); err != nil {
			t.Fatal(err)
		}
		if _, err := startGatewayPayment(svc, a.desk, d[3]); err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{1, 2} {
			act(a.officer, d[i], app.ActionInput{Action: dossier.ActionForward})
			act(a.leader, d[i], app.ActionInput{Action: dossier.ActionComplete, ResultNote: "Giấy xác nhận số 3/2026"})
			act(a.desk, d[i], app.ActionInput{Action: dossier.ActionReturn})
		}
		if got := settle(t, svc, late2, true); got != pay.IPNConfirmed {
			t.Fatalf("late success report: %v", got)
		}
		processToReturn(t, svc, a, d[4])
		processToReturn(t, svc, w.b, d[6])
		act(a.desk, d[5], app.ActionInput{Action: dossier.ActionTransfer})
		act(a.officer, d[5], app.ActionInput{Action: dossier.ActionForward})
		w.clk.Set(time.Date(2026, 3, 16, 9, 0, 0, 0, vn))
		act(a.leader, d[5], app.ActionInput{Action: dossier.ActionComplete, ResultNote: "Giấy xác nhận số 4/2026"})
		act(a.desk, d[5], app.ActionInput{Action: dossier.ActionReturn})
		for i, score := range map[int]int{2: app.RatingSatisfied, 4: app.RatingNeutral, 5: app.RatingDissatisfied} {
			if err := rateByLink(t, db, svc, d[i], score); err != nil {
				t.Fatal(err)
			}
		}
		w.clk.Set(time.Date(2026, 4, 6, 10, 0, 0, 0, vn))
		if err := rateByLink(t, db, svc, d[1], app.RatingDissatisfied); err != nil {
			t.Fatal(err)
		}

		type want struct {
			n, d int64
			pct  float64
			na   bool
		}
		check := func(period string, q app.StatsQuery, wants map[string]want) {
			t.Helper()
			q.Period, _ = stats.ParsePeriod(period)
			rep, err := svc.Indicators(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			for id, wv := range wants {
				v, _ := rep.Value(id)
				if v.Unavailable != "" || v.Numerator != wv.n || v.Denominator != wv.d || v.Percent != wv.pct || v.NA != wv.na {
					t.Errorf("%s %+v: %s = %d / %d (%.2f%%, N/A %v, %q), want %d / %d (%.2f%%)", period, q, id, v.Numerator, v.Denominator,
						v.Percent, v.NA, v.Note, wv.n, wv.d, wv.pct)
				}
			}
		}
		const communeFeeProcedures = 45 // commune procedures of the demo catalogue in force with a fixed or case-by-case fee
		check("2026-03", app.StatsQuery{}, map[string]want{"5.4": {2, 6, 33.33, false}, "3.6": {2, 4, 50, false}})
		check("2026-03", app.StatsQuery{UnitID: a.unit.ID}, map[string]want{"5.4": {1, 5, 20, false}, "3.6": {2, 3, 66.67, false},
			"3.5": {1, communeFeeProcedures, 2.22, false}})
		check("2026-03", app.StatsQuery{ProcedureCode: "1.004873"}, map[string]want{"3.5": {1, 1, 100, false}, "3.6": {2, 3, 66.67, false}})
		check("2026-03", app.StatsQuery{ProcedureCode: "2.000635"}, map[string]want{"3.5": {0, 1, 0, false}, "3.6": {0, 1, 0, false},
			"5.4": {1, 1, 100, false}})
		check("2026-04", app.StatsQuery{}, map[string]want{"5.4": {0, 1, 0, false}, "3.6": {0, 0, 0, true}})
		check("2026-04", app.StatsQuery{UnitID: a.unit.ID}, map[string]want{"3.5": {0, communeFeeProcedures, 0, false}})

		// The dossiers behind the new figures.
		march, _ := stats.ParsePeriod("2026-03")
		for fig, codes := range map[stats.Figure][]string{stats.FigDisliked: {d[1], d[5]}, stats.FigPaidOnline: {d[1], d[2]},
			stats.FigWithFee: {d[1], d[2], d[3], d[6]}} {
			page, err := svc.StatsDossiers(w.sys, app.StatsQuery{Period: march}, fig, 0, 50)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range page.Dossiers {
				got = append(got, x.Code)
			}
			if !reflect.DeepEqual(got, codes) {
				t.Errorf("%s lists %v, want %v", fig, got, codes)
			}
		}
		// The rebuild agrees.
		fs, cs := statsSnapshot(t, db)
		if _, err := svc.RebuildStats(w.sys); err != nil {
			t.Fatal(err)
		}
		if fs2, cs2 := statsSnapshot(t, db); !reflect.DeepEqual(fs, fs2) || !reflect.DeepEqual(cs, cs2) {
			t.Errorf("the rebuild differs from the figures kept incrementally")
		}
	})
}
