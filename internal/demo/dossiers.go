package demo

import (
	"container/heap"
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/vntext"
)

// Demo dossiers: a history of the one-stop shop made by replaying it. LoadDossiers runs its own
// app.Service on the same database with a clock.Fixed that it moves through the last eighteen
// months, and acts as the demo officials, each with their real roles, through ReceiveDossier and
// Act: every code, due date, control-sheet row, timeline entry and audit record is the one the
// service itself computes. Nothing is written to the database any other way.
//
// Each dossier is received at a desk where the demo has a reception official (the four wards'
// service centres from 1 July 2025, the dissolved Phường Quán Thánh's one-stop desk before, the
// city's service centre for two department procedures), on a working day and at an office hour,
// busier on Mondays and before Tết. Its script follows the workflow of the procedure version in
// force that day: transfer, the steps of the ward or department, inter-agency (liên thông) steps
// at the departments for land registration and the birth-residence-insurance package, the result,
// its return. A seeded generator (math/rand/v2, DossierSeed) decides the variations: supplement
// requests (a few twice), payment notices, late results (a few percent, more at the busier wards),
// most of them with an apology and a new appointment issued before the due date, withdrawals,
// stops, results never collected, dossiers left waiting for the applicant and a few forgotten in
// an inbox. Actions that would fall after now are not taken, so the newest dossiers are still open.
// The same seed, now and count give the same dossiers, codes included.

// DossierSeed seeds the demo dossiers.
const DossierSeed uint64 = 20250701

// DossierMonths is how far back before now the demo dossiers are received.
const DossierMonths = 18

// DossierStats is what LoadDossiers made.
type DossierStats struct {
	Received int                   // dossiers received
	Actions  int                   // actions taken on them after reception
	States   map[dossier.State]int // dossiers per state at the end
	// Late counts dossiers processed after their due date (before any new appointment);
	// Apologies those rescheduled with an apology; Supplements those asked to supplement;
	// InterAgency those sent to another agency (liên thông).
	Late, Apologies, Supplements, InterAgency int
	// Online counts dossiers submitted online (accepted, asked to complete or refused at the desk).
	Online   int
	From, To time.Time // the first and last reception
	Elapsed  time.Duration
}

// LoadDossiers receives n demo dossiers over the DossierMonths months before now and processes
// them up to now, through the service as described above, into a database holding the demo city
// (Load) and nothing else of the one-stop shop. progress, if not nil, is called after each
// reception with the number received so far and n. It fails on the first action the service
// refuses, naming the dossier and the action; the dossiers before it stay.
//
// It takes about six service calls per dossier, each its own transaction, on a connection pool of
// its own whose commits do not wait for the disk (store.DB.ReopenForBulk): see the README for the
// time 20,000 take.
func LoadDossiers(ctx context.Context, db *store.DB, now time.Time, n int, progress func(done, total int)) (*DossierStats, error) {
	return loadDossiers(ctx, db, now, n, DossierSeed, progress)
}

func loadDossiers(ctx context.Context, db *store.DB, now time.Time, n int, seed uint64, progress func(done, total int)) (*DossierStats, error) {
	began := time.Now()
	stats := &DossierStats{States: map[dossier.State]int{}}
	if n <= 0 {
		return stats, nil
	}
	// Generated data need not wait for the disk at every commit: a pool of its own that does not.
	bulk, err := db.ReopenForBulk(ctx)
	if err != nil {
		return nil, err
	}
	defer bulk.Close()
	clk := clock.NewFixed(now)
	g := &gen{
		svc:   app.New(bulk, clk, slog.New(slog.DiscardHandler)),
		clk:   clk,
		rng:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		end:   now,
		stats: stats,
	}
	if err := g.setup(ctx); err != nil {
		return nil, err
	}
	if err := g.schedule(n); err != nil {
		return nil, err
	}
	if err := g.run(ctx, progress); err != nil {
		return nil, err
	}
	for _, p := range g.plans {
		if p.row != nil {
			stats.States[p.row.State]++
		}
	}
	stats.Elapsed = time.Since(began)
	return stats, nil
}

// agent is a demo official acting with their own roles.
type agent struct {
	ctx  context.Context
	user *org.User
}

// deskSpec names the officials of a receiving desk by username.
type deskSpec struct {
	reception, processing, divLeader, leader, clerk string
	weight                                          float64 // dossiers received, relative
	late                                            float64 // share of results late
	streets                                         []string
}

// deskSpecs are the desks that receive demo dossiers: the busiest ward has the most late results.
var deskSpecs = []deskSpec{
	{"caugiay.tiepnhan", "caugiay.chuyenvien", "caugiay.truongphong", "caugiay.chutich", "caugiay.vanthu", 1.35, 0.065,
		[]string{"đường Cầu Giấy", "phố Trần Thái Tông", "phố Duy Tân", "đường Xuân Thủy", "phố Nguyễn Khánh Toàn", "phố Trung Kính", "phố Dịch Vọng Hậu"}},
	{"badinh.tiepnhan", "badinh.chuyenvien", "badinh.truongphong", "badinh.chutich", "badinh.vanthu", 1.2, 0.035,
		[]string{"phố Quán Thánh", "phố Đội Cấn", "phố Kim Mã", "phố Liễu Giai", "phố Ngọc Hà", "phố Phan Đình Phùng", "phố Hoàng Hoa Thám"}},
	{"hoankiem.tiepnhan", "hoankiem.chuyenvien", "hoankiem.truongphong", "hoankiem.chutich", "hoankiem.vanthu", 1.1, 0.04,
		[]string{"phố Hàng Bạc", "phố Hàng Đào", "phố Lò Sứ", "phố Hàng Bông", "phố Đinh Tiên Hoàng", "phố Hàng Gai", "phố Mã Mây"}},
	{"socson.tiepnhan", "socson.chuyenvien", "socson.truongphong", "socson.chutich", "socson.vanthu", 0.7, 0.025,
		[]string{"thôn Đông Xuân", "thôn Hậu Dưỡng", "thôn Thạch Lỗi", "tổ dân phố Đồng Đò", "thôn Xuân Dục", "tổ dân phố Miếu Thờ"}},
	{"pquanthanh.tiepnhan", "pquanthanh.chuyenvien", "", "pquanthanh.chutich", "pquanthanh.vanthu", 0.6, 0.03,
		[]string{"phố Quán Thánh", "phố Hàng Bún", "phố Phan Đình Phùng", "phố Nguyễn Trường Tộ", "phố Yên Ninh"}},
	{"ttpvhcc.tiepnhan", "", "", "ttpvhcc.giamdoc", "", 0.45, 0.02, nil},
}

// weighted is a procedure and how often a desk receives it, relative.
type weighted struct {
	code   string
	weight float64
}

// communeMix is what a ward's desk receives: certifications and civil status most of all.
var communeMix = []weighted{
	{"2.000815", 16}, {"2.000884", 7}, {"2.001035", 2.5}, {"2.000942", 1}, {"2.001019", 0.4}, {"2.001016", 0.3},
	{"2.001406", 0.6}, {"2.000913", 0.3}, {"2.000927", 0.2}, {"2.001008", 0.3}, {"2.000992", 0.2},
	{"1.001193", 7}, {"1.000656", 2}, {"1.000894", 2.5}, {"1.004873", 7}, {"2.000635", 4}, {"1.001022", 0.4},
	{"1.000689", 0.4}, {"1.004859", 1.5}, {"1.004884", 0.5}, {"1.004746", 0.2}, {"1.005461", 0.2}, {"1.004837", 0.2},
	{"1.004845", 0.1}, {"1.004772", 0.3}, {"2.002516", 1}, {"2.000528", 0.3}, {"2.000806", 0.4}, {"1.001766", 0.1},
	{"2.000779", 0.1}, {"2.000748", 0.1}, {"2.000986", 1.2},
	{"1.004222", 5}, {"1.004194", 5}, {"1.002755", 1}, {"1.003197", 1}, {"1.010028", 0.5}, {"1.010041", 3},
	{"1.003677", 0.5}, {"2.001159", 1}, {"1.010038", 0.5},
	{"1.012564", 1}, {"1.014061", 3}, {"1.014062", 1}, {"1.014063", 2.5}, {"1.014064", 1},
	{"1.001612", 1.5}, {"2.000720", 0.8}, {"1.001570", 0.4}, {"1.001266", 0.4}, {"2.000575", 0.2},
	{"1.013225", 1.2}, {"1.013229", 0.5}, {"1.013226", 0.3}, {"1.013227", 0.2}, {"1.013228", 0.1},
	{"1.013978", 2}, {"1.012812", 0.3}, {"1.013067", 1}, {"1.011607", 0.3}, {"1.001776", 0.8}, {"1.001699", 0.3},
}

// cityMix is what the city's service centre receives for the departments that have demo officials:
// judicial records (Sở Tư pháp) and driving licences (Sở Xây dựng).
var cityMix = []weighted{{"3.000333", 7}, {"3.000347", 3}}

// cityLeads names the leader of the department that decides each procedure of cityMix; the demo
// has no processing official at department level, so the director does every step.
var cityLeads = map[string]string{"3.000333": "stp.giamdoc", "3.000347": "sxd.giamdoc"}

// partners names, for the inter-agency steps (by workflow index) of a procedure, the official of
// the department that does it.
var partners = map[string]map[int]string{
	"1.013978": {2: "snnmt.chuyenvien", 3: "stc.chuyenvien"}, // land registry branch, then the tax step
	"2.000986": {2: "catp.chuyenvien", 3: "syt.giamdoc"},     // residence registration, then health insurance
}

// householdProcedures are filed by household businesses (SubjectKind 2).
var householdProcedures = []string{"1.001612", "2.000720", "1.001570", "1.001266", "2.000575"}

// desk is a receiving unit with its officials.
type desk struct {
	spec                                            deskSpec
	unit                                            *org.Unit // the one-stop desk or service centre
	territory                                       *org.Unit // its ward, or the city
	cal                                             *calendar.Calendar
	reception, processing, divLeader, leader, clerk *agent
	mix                                             []weighted
	city                                            bool
	results                                         map[int]int // result numbers issued, by year
}

// gen generates the dossiers.
type gen struct {
	svc    *app.Service
	clk    *clock.Fixed
	rng    *rand.Rand
	end    time.Time
	stats  *DossierStats
	agents map[string]*agent
	desks  []*desk
	procs  map[string]*store.ProcedureRow
	plans  []*plan
	queue  jobs
	pushed int
}

func (g *gen) setup(ctx context.Context) error {
	sys := app.WithActor(ctx, org.SystemActor)
	users, err := g.svc.Users(sys, store.UserFilter{Limit: 1000})
	if err != nil {
		return err
	}
	g.agents = map[string]*agent{}
	for _, u := range users {
		if !u.Disabled && len(u.Grants) > 0 {
			g.agents[u.Username] = &agent{ctx: app.WithActor(ctx, &org.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants}), user: u}
		}
	}
	g.procs = map[string]*store.ProcedureRow{}
	for _, w := range slices.Concat(communeMix, cityMix) {
		p, err := g.svc.Procedure(sys, w.code)
		if errs.KindOf(err) == errs.NotFound {
			continue
		}
		if err != nil {
			return err
		}
		g.procs[w.code] = p
	}
	for _, sp := range deskSpecs {
		rec := g.agents[sp.reception]
		if rec == nil {
			continue
		}
		d := &desk{spec: sp, reception: rec, processing: g.agents[sp.processing], divLeader: g.agents[sp.divLeader],
			leader: g.agents[sp.leader], clerk: g.agents[sp.clerk], results: map[int]int{}}
		det, err := g.svc.Unit(sys, rec.user.Grants[0].UnitID)
		if err != nil {
			return err
		}
		d.unit, d.territory = det.Unit, det.Parent
		if d.territory == nil {
			continue
		}
		d.city = d.territory.Kind == org.KindCity
		if d.city {
			d.mix = cityMix
		} else {
			if d.processing == nil || d.leader == nil || d.clerk == nil {
				continue
			}
			d.mix = communeMix
		}
		if d.cal, err = g.calendarOf(sys, d.unit.ID); err != nil {
			return err
		}
		g.desks = append(g.desks, d)
	}
	if len(g.desks) == 0 {
		return errs.New(errs.Conflict, "no_demo_desks", "Không có bộ phận tiếp nhận nào của dữ liệu mẫu để tạo hồ sơ mẫu.",
			"No demo desk with officials to receive demo dossiers.")
	}
	return nil
}

func (g *gen) calendarOf(ctx context.Context, unitID int64) (*calendar.Calendar, error) {
	key, err := g.svc.UnitCalendar(ctx, unitID)
	if err != nil {
		return nil, err
	}
	return g.svc.Calendar(ctx, key)
}

// slot is one desk on one working day, with how busy it is.
type slot struct {
	d      *desk
	day    calendar.Date
	weight float64
}

// schedule picks the desk, day and time of each reception and queues them, oldest first.
func (g *gen) schedule(n int) error {
	vn := clock.Vietnam
	first := calendar.DateOf(g.end.In(vn).AddDate(0, -DossierMonths, 0))
	last := calendar.DateOf(g.end.In(vn))
	var slots []slot
	var total float64
	for _, d := range g.desks {
		for day := first; !day.After(last); day = day.AddDays(1) {
			od := org.DateOf(day.In(vn))
			if !d.unit.ValidOn(od) || !d.cal.IsWorkingDay(day) || !g.offers(d, od) {
				continue
			}
			w := d.spec.weight * dayWeight(day, first, last)
			slots = append(slots, slot{d, day, w})
			total += w
		}
	}
	if len(slots) == 0 {
		return nil
	}
	cum := make([]float64, len(slots))
	acc := 0.0
	for i, s := range slots {
		acc += s.weight
		cum[i] = acc
	}
	type reception struct {
		d  *desk
		at time.Time
	}
	recs := make([]reception, 0, n)
	for tries := 0; len(recs) < n && tries < 100*n; tries++ {
		i, _ := slices.BinarySearch(cum, g.rng.Float64()*total)
		s := slots[min(i, len(slots)-1)]
		at := g.officeTime(s.day)
		if !at.Before(g.end) {
			continue
		}
		recs = append(recs, reception{s.d, at})
	}
	if len(recs) == 0 {
		return nil
	}
	slices.SortStableFunc(recs, func(a, b reception) int { return a.at.Compare(b.at) })
	fates := g.dealFates(len(recs))
	for i, r := range recs {
		p := &plan{g: g, d: r.d, fate: fates[i]}
		g.plans = append(g.plans, p)
		g.push(r.at, p)
	}
	g.stats.From, g.stats.To = recs[0].at, recs[len(recs)-1].at
	return nil
}

// offers reports whether desk d receives some procedure of its mix on day.
func (g *gen) offers(d *desk, day org.Date) bool {
	for _, w := range d.mix {
		if pr := g.procs[w.code]; pr != nil {
			for _, v := range pr.Versions {
				if v.InForce(day) && v.CompetentUnitKind == d.competent() {
					return true
				}
			}
		}
	}
	return false
}

// competent is the kind of unit that decides the procedures d receives.
func (d *desk) competent() org.Kind {
	if d.city {
		return org.KindDepartment
	}
	return org.KindCommune
}

// dayWeight is how busy a day is: a slow growth over the period, Mondays busiest and Fridays
// quieter, the weeks before Tết busy and those after it quiet, summer a little busier.
func dayWeight(day, first, last calendar.Date) float64 {
	w := 1 + 0.25*float64(first.DaysUntil(day))/float64(max(1, first.DaysUntil(last)))
	switch day.Weekday() {
	case time.Monday:
		w *= 1.25
	case time.Friday:
		w *= 0.85
	case time.Saturday, time.Sunday: // a make-up working day
		w *= 0.6
	}
	switch day.Month {
	case time.January:
		w *= 1.3
	case time.February:
		w *= 0.75
	case time.June, time.July, time.August:
		w *= 1.1
	}
	return w
}

// officeTime is a reception instant on day: mostly in the morning, never in the last quarter hour
// of a period.
func (g *gen) officeTime(day calendar.Date) time.Time {
	var minute int
	if g.rng.Float64() < 0.62 {
		minute = 8*60 + g.rng.IntN(225) // 08:00–11:44
	} else {
		minute = 13*60 + g.rng.IntN(225) // 13:00–16:44
	}
	return day.In(clock.Vietnam).Add(time.Duration(minute)*time.Minute + time.Duration(g.rng.IntN(60))*time.Second)
}

// fate is how a dossier's story ends, besides the usual return of its result.
type fate int

const (
	fateReturned               fate = iota
	fateUncollected                 // the result waits at the desk
	fateStopped                     // the leader stops it (not eligible)
	fateWithdrawn                   // withdrawn on the applicant's request, confirmed
	fateWithdrawalPending           // withdrawal requested, not yet confirmed
	fateSupplementAbandoned         // the applicant never supplements
	fateSupplementStopped           // … and the leader stops it later
	fatePaymentPending              // the applicant never pays
	fateStalledReceived             // never transferred
	fateStalledProcessing           // forgotten at a step
	fateStalledInterconnection      // forgotten at another agency
)

// fateShares are the shares of the fates other than fateReturned; each occurs at least once
// when there are enough dossiers.
// refusalReasons are why a desk refuses an online submission (Mẫu 03).
var refusalReasons = []string{
	"Thủ tục không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận; đề nghị nộp tại cơ quan có thẩm quyền.",
	"Hồ sơ nộp trùng với hồ sơ đang được giải quyết.",
	"Giấy tờ đính kèm không đọc được và người nộp đã được hướng dẫn nộp lại hồ sơ mới.",
}

var fateShares = []struct {
	f     fate
	share float64
}{
	{fateUncollected, 0.010}, {fateStopped, 0.010}, {fateWithdrawn, 0.012}, {fateWithdrawalPending, 0.002},
	{fateSupplementAbandoned, 0.004}, {fateSupplementStopped, 0.006}, {fatePaymentPending, 0.003},
	{fateStalledReceived, 0.0015}, {fateStalledProcessing, 0.004}, {fateStalledInterconnection, 0.0015},
}

// dealFates returns the fates of n dossiers in reception order.
func (g *gen) dealFates(n int) []fate {
	out := make([]fate, n)
	i := 0
	for _, fs := range fateShares {
		k := int(math.Round(fs.share * float64(n)))
		if n >= 50 {
			k = max(k, 1)
		}
		for ; k > 0 && i < n; k-- {
			out[i] = fs.f
			i++
		}
	}
	g.rng.Shuffle(n, func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}

// The kinds of wait before a move.
type waitKind int

const (
	waitWork         waitKind = iota // an official's work: a share of the time left before the due
	waitTransfer                     // the desk hands the dossier over
	waitApplicant                    // the applicant supplements
	waitPayment                      // the applicant pays
	waitPickup                       // the applicant collects the result
	waitConfirm                      // an official confirms a withdrawal
	waitAbandon                      // the supplement deadline passes
	waitLateTransfer                 // a paper dossier handed over late
)

// move is one action of a dossier's script.
type move struct {
	who  *agent
	in   app.ActionInput
	wait waitKind
	at   int // the workflow step the dossier is at when the move is made
}

// plan is one dossier: its procedure, its script and how far it went.
type plan struct {
	g       *gen
	d       *desk
	fate    fate
	v       *store.VersionRow
	vr      *catalog.Variant
	lead    *agent // the department director for the city's procedures
	leadID  int64  // the department's unit
	in      app.ReceptionInput
	row     *store.DossierRow
	moves   []move
	next    int
	late    bool
	extra   time.Duration // working time past the due, for a late one
	apology bool          // a late one apologises before its due if its leader holds it then
	dueKPI  time.Time     // the due the result is measured against
	counted bool
	online  bool // submitted online: the desk accepts, asks to complete or refuses it first
}

// receive picks the procedure and applicant and receives the dossier at the desk now.
func (p *plan) receive() error {
	g, d := p.g, p.d
	now := g.clk.Now()
	today := org.DateOf(now)
	needIA := p.fate == fateStalledInterconnection
	for try := 0; ; try++ {
		if try > 2000 {
			return errs.New(errs.Conflict, "no_demo_procedure", "Không có thủ tục nào để tạo hồ sơ mẫu tại "+d.unit.Name+".",
				"No procedure for demo dossiers at "+d.unit.Name+".")
		}
		code := pick(g.rng, d.mix)
		if needIA && try < 200 && partners[code] == nil {
			continue
		}
		pr := g.procs[code]
		if pr == nil {
			continue
		}
		var v *store.VersionRow
		for _, x := range pr.Versions {
			if x.InForce(today) {
				v = x
			}
		}
		if v == nil || v.CompetentUnitKind != d.competent() || len(v.Variants) == 0 {
			continue
		}
		vr := &v.Variants[0]
		if len(v.Variants) > 1 && g.rng.Float64() < 0.3 {
			vr = &v.Variants[1+g.rng.IntN(len(v.Variants)-1)]
		}
		if len(vr.Workflow) < 3 || !p.staffed(code, vr) {
			continue
		}
		p.v, p.vr = v, vr
		break
	}
	if needIA && partners[p.v.NationalCode] == nil {
		p.fate = fateStalledProcessing
	}
	p.in = g.reception(p, now)
	var row *store.DossierRow
	var err error
	p.online = p.v.OnlineLevel != catalog.OnlineNone && !needIA && p.fate != fateStalledReceived && g.rng.Float64() < g.onlineShare(now)
	if p.online {
		// Through the connected portal: the desk's account records the submission.
		row, err = g.svc.SubmitDossier(d.reception.ctx, app.SubmissionInput{ProcedureCode: p.in.ProcedureCode, Variant: p.in.Variant,
			SubjectKind: p.in.SubjectKind, Applicant: p.in.Applicant, Components: p.in.Components, UnitID: p.in.UnitID})
		g.stats.Online++
	} else {
		row, err = g.svc.ReceiveDossier(d.reception.ctx, p.in)
	}
	if err != nil {
		return fmt.Errorf("demo dossier %d (%s at %s, %s): %w", len(g.plans), p.v.NationalCode, d.unit.Name, now.Format(time.DateTime), err)
	}
	p.row, p.dueKPI = row, row.DueAt
	g.stats.Received++
	p.late = g.rng.Float64() < d.spec.late
	if p.late {
		p.apology = g.rng.Float64() < 0.6
		hours := 1 + g.rng.ExpFloat64()*10 // mostly within two working days
		p.extra = time.Duration(min(hours, 60) * float64(time.Hour))
	}
	p.script()
	return nil
}

// staffed reports whether every step of the workflow has a demo official to do it.
func (p *plan) staffed(code string, vr *catalog.Variant) bool {
	g := p.g
	if p.d.city {
		p.lead = g.agents[cityLeads[code]]
		if p.lead == nil {
			return false
		}
		p.leadID = p.lead.user.Grants[0].UnitID
		return true
	}
	for i, w := range vr.Workflow {
		if w.InterAgency && g.agents[partners[code][i]] == nil {
			return false
		}
	}
	return true
}

func pick(rng *rand.Rand, ws []weighted) string {
	var total float64
	for _, w := range ws {
		total += w.weight
	}
	x := rng.Float64() * total
	for _, w := range ws {
		if x -= w.weight; x < 0 {
			return w.code
		}
	}
	return ws[len(ws)-1].code
}

// agentFor is the official who does workflow step i.
func (p *plan) agentFor(i int) *agent {
	w := p.vr.Workflow[i]
	if w.InterAgency {
		return p.g.agents[partners[p.v.NationalCode][i]]
	}
	if p.d.city {
		return p.lead
	}
	switch w.Role {
	case org.RoleAgencyLeader:
		return p.d.leader
	case org.RoleDivisionLeader:
		if p.d.divLeader != nil {
			return p.d.divLeader
		}
		return p.d.leader
	case org.RoleClerk:
		return p.d.clerk
	}
	return p.d.processing
}

// leaderOf is the leader who may stop or reschedule the dossier while it is at unit id, or nil.
func (p *plan) leaderOf(id int64) *agent {
	switch {
	case p.d.city && id == p.leadID:
		return p.lead
	case id == p.d.unit.ID || id == p.d.territory.ID:
		return p.d.leader
	}
	return nil
}

// script writes the dossier's moves: the workflow, then the variations.
func (p *plan) script() {
	g, d, wf := p.g, p.d, p.vr.Workflow
	last := len(wf) - 1
	var ms []move
	tr := move{who: d.reception, in: app.ActionInput{Action: dossier.ActionTransfer}, wait: waitTransfer}
	if d.city {
		tr.in.ToUnitID = p.leadID
	}
	if p.row.Paper && g.rng.Float64() < 0.01 {
		tr.wait = waitLateTransfer
	}
	ms = append(ms, tr)
	at, holder := 1, p.agentFor(1)
	lastIA := 0
	senderTurn := false // back from another agency at the official who sent it
	for {
		next := at + 1
		work := move{who: holder, wait: waitWork, at: at}
		switch {
		case wf[at].InterAgency && !senderTurn:
			work.in.Action = dossier.ActionCoopReturn
			lastIA = at
			ms = append(ms, work)
			if next < last && !wf[next].InterAgency {
				at, holder = next, p.agentFor(next)
			} else {
				// Back to the official who sent it, who sends it on or completes it.
				holder, senderTurn = p.agentFor(1), true
			}
			continue
		case next < last && wf[next].InterAgency:
			work.in = app.ActionInput{Action: dossier.ActionSendToCoop, ToUnitID: p.g.agents[partners[p.v.NationalCode][next]].user.Grants[0].UnitID}
			ms = append(ms, work)
			at, holder, senderTurn = next, p.agentFor(next), false
			continue
		case next >= last:
			work.in = app.ActionInput{Action: dossier.ActionComplete, ResultNote: p.resultNote()}
			ms = append(ms, work)
		default:
			work.in.Action = dossier.ActionForward
			ms = append(ms, work)
			at, holder = next, p.agentFor(next)
			continue
		}
		break
	}
	ms = append(ms, move{who: d.reception, in: app.ActionInput{Action: dossier.ActionReturn}, wait: waitPickup, at: last})
	p.moves = ms

	// Supplements, asked by the official of the first step.
	sup := 0
	switch {
	case p.fate == fateSupplementAbandoned || p.fate == fateSupplementStopped:
		sup = 1
	case g.rng.Float64() < 0.06*d.spec.weight:
		sup = 1
		if g.rng.Float64() < 0.06 {
			sup = 2
		}
	}
	first := p.firstWorkAt(1)
	for k := range sup {
		i := first + 2*k // a second request after the first one's supplement
		req := move{who: p.agentFor(1), wait: waitWork, at: 1, in: app.ActionInput{Action: dossier.ActionRequestSupplement, Items: p.supplementItems()}}
		if k == 1 {
			req.in.OverrideReason = "Hồ sơ bổ sung lần trước vẫn chưa đầy đủ theo quy định; yêu cầu bổ sung lần thứ hai và tính quá hạn theo quy định."
		}
		back := move{who: d.reception, wait: waitApplicant, at: 1, in: app.ActionInput{Action: dossier.ActionSupplement, Items: p.componentCodes(false)}}
		switch {
		case k == 0 && p.fate == fateSupplementAbandoned:
			p.moves = slices.Insert(p.moves[:i], i, req)
		case k == 0 && p.fate == fateSupplementStopped:
			stop := move{who: p.leaderOf(p.leadOrTerritory()), wait: waitAbandon, at: 1,
				in: app.ActionInput{Action: dossier.ActionStop, Reason: "Quá thời hạn bổ sung hồ sơ nhưng người nộp không bổ sung, hoàn thiện hồ sơ theo yêu cầu; dừng giải quyết hồ sơ."}}
			p.moves = slices.Insert(p.moves[:i], i, req, stop)
		default:
			p.moves = slices.Insert(p.moves, i, req, back)
		}
	}

	// A payment notice: the fee not collected at the desk, or financial obligations by case.
	pay := !p.row.FeesPaid || p.fate == fatePaymentPending
	if !pay && p.row.FeeAmount == 0 {
		byCase := slices.ContainsFunc(p.vr.Fees, func(f catalog.Fee) bool { return f.Kind == catalog.FeeByCase })
		pay = byCase && (g.rng.Float64() < 0.12 || (lastIA > 0 && g.rng.Float64() < 0.8))
	}
	if pay && p.complete() >= 0 {
		step := 1
		if lastIA > 0 {
			step = lastIA + 1
		}
		i := p.firstWorkAt(step)
		req := move{who: p.agentFor(step), wait: waitWork, at: step, in: app.ActionInput{Action: dossier.ActionRequestPayment, Amount: p.amount()}}
		paid := move{who: d.reception, wait: waitPayment, at: step, in: app.ActionInput{Action: dossier.ActionPay}}
		if p.fate == fatePaymentPending {
			p.moves = slices.Insert(p.moves[:i], i, req)
		} else {
			p.moves = slices.Insert(p.moves, i, req, paid)
		}
	}

	switch p.fate {
	case fateUncollected:
		p.moves = p.moves[:len(p.moves)-1]
	case fateStopped:
		i := p.firstWorkAt(1)
		p.moves = append(p.moves[:i], move{who: p.leaderOf(p.leadOrTerritory()), wait: waitWork, at: 1,
			in: app.ActionInput{Action: dossier.ActionStop, Reason: pickString(g.rng, stopReasons)}})
	case fateWithdrawn, fateWithdrawalPending:
		i := g.rng.IntN(p.complete() + 1)
		ms := append(p.moves[:i:i], move{who: d.reception, wait: waitWork, at: p.moves[i].at,
			in: app.ActionInput{Action: dossier.ActionWithdraw, Reason: pickString(g.rng, withdrawReasons)}})
		if p.fate == fateWithdrawn {
			ms = append(ms, move{who: d.reception, wait: waitConfirm, at: p.moves[i].at, in: app.ActionInput{Action: dossier.ActionConfirmWithdrawal}})
		}
		p.moves = ms
	case fateStalledReceived:
		p.moves = nil
	case fateStalledProcessing:
		// Stop before a move made while the dossier is at the lead agency.
		var at []int
		for i := 1; i <= p.complete(); i++ {
			if !wf[p.moves[i].at].InterAgency && p.moves[i].wait == waitWork {
				at = append(at, i)
			}
		}
		p.moves = p.moves[:at[g.rng.IntN(len(at))]]
	case fateStalledInterconnection:
		for i, m := range p.moves {
			if m.in.Action == dossier.ActionSendToCoop {
				p.moves = p.moves[:i+1]
				break
			}
		}
	}
	if p.online {
		p.deskFirst()
	}
}

// onlineShare is the share of dossiers submitted online at t: growing from a tenth to a third over
// the demo's months, as online public services spread.
func (g *gen) onlineShare(t time.Time) float64 {
	start := g.end.AddDate(0, -DossierMonths, 0)
	span := g.end.Sub(start)
	return 0.1 + 0.25*float64(t.Sub(start))/float64(span)
}

// deskFirst puts the desk's decision on an online submission before the script: most are
// accepted, some are asked to be completed first (then resubmitted and accepted), a few refused.
func (p *plan) deskFirst() {
	g, d := p.g, p.d
	accept := move{who: d.reception, wait: waitTransfer, in: app.ActionInput{Action: dossier.ActionAccept}}
	switch x := g.rng.Float64(); {
	case x < 0.04:
		p.moves = []move{{who: d.reception, wait: waitTransfer, in: app.ActionInput{Action: dossier.ActionRefuse,
			Reason: pickString(g.rng, refusalReasons)}}}
		return
	case x < 0.10:
		ask := move{who: d.reception, wait: waitTransfer, in: app.ActionInput{Action: dossier.ActionRequestReceptionSupplement, Items: p.supplementItems()}}
		again := move{who: d.reception, wait: waitApplicant, in: app.ActionInput{Action: dossier.ActionResubmit, Items: p.componentCodes(false)}}
		p.moves = append([]move{ask, again, accept}, p.moves...)
	default:
		p.moves = append([]move{accept}, p.moves...)
	}
}

func (p *plan) leadOrTerritory() int64 {
	if p.d.city {
		return p.leadID
	}
	return p.d.territory.ID
}

// firstWorkAt is the index of the first official's move at workflow step at.
func (p *plan) firstWorkAt(at int) int {
	for i, m := range p.moves {
		if m.at == at && m.wait == waitWork {
			return i
		}
	}
	return len(p.moves) - 1
}

// complete is the index of the complete move, or -1.
func (p *plan) complete() int {
	return slices.IndexFunc(p.moves, func(m move) bool { return m.in.Action == dossier.ActionComplete })
}

// run takes the queued receptions and moves in time order, up to the end.
func (g *gen) run(ctx context.Context, progress func(done, total int)) error {
	total := len(g.plans)
	for g.queue.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		j := heap.Pop(&g.queue).(job)
		g.clk.Set(j.at)
		p := j.p
		if p.row == nil {
			if err := p.receive(); err != nil {
				return err
			}
			if progress != nil {
				progress(g.stats.Received, total)
			}
		} else if err := p.act(); err != nil {
			return err
		}
		if p.next < len(p.moves) {
			if at := p.when(); at.Before(g.end) {
				g.push(at, p)
			}
		}
	}
	return nil
}

// act makes the next move.
func (p *plan) act() error {
	g := p.g
	m := p.moves[p.next]
	p.next++
	now := g.clk.Now()
	if m.in.Action == dossier.ActionTransfer && p.row.Paper && now.After(p.row.TransferDueAt) {
		m.in.Reason = "Hồ sơ giấy chuyển chậm do khối lượng hồ sơ tiếp nhận trong ngày lớn; bộ phận tiếp nhận chuyển bù ngay đầu ngày làm việc tiếp theo."
	}
	if m.who == nil {
		return fmt.Errorf("demo dossier %s: nobody to %s", p.row.Code, m.in.Action)
	}
	row, err := g.svc.Act(m.who.ctx, p.row.Code, m.in)
	if err != nil {
		return fmt.Errorf("demo dossier %s (%s, %s): %s by %s at %s: %w", p.row.Code, p.v.NationalCode, p.row.State, m.in.Action,
			m.who.user.Username, now.In(clock.Vietnam).Format(time.DateTime), err)
	}
	p.row = row
	g.stats.Actions++
	switch m.in.Action {
	case dossier.ActionReschedule:
		g.stats.Apologies++
		return nil
	case dossier.ActionRequestSupplement:
		if row.SupplementCount == 1 {
			g.stats.Supplements++
		}
	case dossier.ActionSendToCoop:
		if !p.counted {
			p.counted = true
			g.stats.InterAgency++
		}
	case dossier.ActionComplete:
		if now.After(p.dueKPI) {
			g.stats.Late++
		}
	}
	if row.ApologyCount == 0 {
		p.dueKPI = row.DueAt
	}
	return nil
}

// when is the instant of the next move.
func (p *plan) when() time.Time {
	g, cal := p.g, p.d.cal
	now := g.clk.Now()
	m := p.moves[p.next]
	var t time.Time
	switch m.wait {
	case waitTransfer:
		if p.row.Paper {
			t = addWorking(cal, now, g.minutes(10, 120))
		} else {
			t = addWorking(cal, now, g.minutes(3, 40))
		}
	case waitLateTransfer:
		t = addWorking(cal, now, g.minutes(9*60, 14*60))
	case waitApplicant:
		t = addWorking(cal, now, g.minutes(4*60, 80*60))
	case waitPayment:
		t = addWorking(cal, now, g.minutes(60, 24*60))
	case waitPickup:
		switch x := g.rng.Float64(); {
		case x < 0.55:
			t = addWorking(cal, now, g.minutes(5, 8*60))
		case x < 0.9:
			t = addWorking(cal, now, g.minutes(8*60, 40*60))
		default:
			t = addWorking(cal, now, g.minutes(40*60, 120*60))
		}
	case waitConfirm:
		t = addWorking(cal, now, g.minutes(20, 12*60))
	case waitAbandon:
		t = addWorking(cal, now, g.minutes(80*60, 160*60))
	default:
		t = p.workDone(now)
		if r := p.apologyBefore(now, t); !r.IsZero() {
			return r
		}
	}
	return t.Add(time.Duration(g.rng.IntN(60)) * time.Second)
}

// workDone is when the official's move now waiting is made: a share of the working time left
// before the due (or past it, for a late dossier) divided among the moves left.
func (p *plan) workDone(now time.Time) time.Time {
	g, cal := p.g, p.d.cal
	k := 0
	for _, m := range p.moves[p.next:] {
		if m.wait == waitWork {
			k++
		}
	}
	target := p.dueKPI
	if p.row.ApologyCount > 0 && !p.late {
		target = p.row.DueAt
	}
	if p.late {
		target = addWorking(cal, target, p.extra)
	}
	left, err := cal.WorkingTimeBetween(now, target)
	if err != nil || left < 10*time.Minute {
		return addWorking(cal, now, g.minutes(5, 30))
	}
	var share float64
	switch {
	case k <= 1 && p.late:
		share = 1
	case k <= 1:
		share = 0.2 + 0.78*g.rng.Float64()
	default:
		share = (0.3 + 0.7*g.rng.Float64()) / float64(k)
	}
	return addWorking(cal, now, max(time.Duration(share*float64(left)), 3*time.Minute))
}

// apologyBefore inserts, for a late dossier that apologises, the leader's reschedule before the
// original due when the move at t would pass it, and returns the reschedule's instant (else zero).
func (p *plan) apologyBefore(now, t time.Time) time.Time {
	if !p.apology || p.row.ApologyCount > 0 {
		return time.Time{}
	}
	due := p.row.OriginalDueAt
	if t.Before(due) {
		return time.Time{}
	}
	leader := p.leaderOf(p.row.CurrentUnitID)
	if leader == nil {
		return time.Time{}
	}
	p.apology = false
	left, err := p.d.cal.WorkingTimeBetween(now, due)
	ahead := p.g.minutes(30, 4*60)
	if err != nil || left <= ahead+5*time.Minute {
		return time.Time{}
	}
	days := float64(2 + p.g.rng.IntN(4))
	p.moves = slices.Insert(p.moves, p.next, move{who: leader, wait: waitWork, at: p.moves[p.next].at,
		in: app.ActionInput{Action: dossier.ActionReschedule, Reason: pickString(p.g.rng, latenessReasons), ExtraDays: days}})
	return addWorking(p.d.cal, now, left-ahead)
}

// minutes is a random duration between lo and hi minutes.
func (g *gen) minutes(lo, hi int) time.Duration {
	return time.Duration(lo+g.rng.IntN(hi-lo+1)) * time.Minute
}

// addWorking is t plus d of working time.
func addWorking(cal *calendar.Calendar, t time.Time, d time.Duration) time.Time {
	r, err := cal.Due(t, calendar.WorkingHoursOf(d.Hours()))
	if err != nil {
		return t.Add(d)
	}
	return r.Due
}

// job is a dossier's next reception or move, at an instant; seq keeps equal instants in the
// order they were queued.
type job struct {
	at  time.Time
	seq int
	p   *plan
}

type jobs []job

func (q jobs) Len() int { return len(q) }
func (q jobs) Less(i, j int) bool {
	if c := q[i].at.Compare(q[j].at); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}
func (q jobs) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *jobs) Push(x any)   { *q = append(*q, x.(job)) }
func (q *jobs) Pop() any {
	old := *q
	j := old[len(old)-1]
	*q = old[:len(old)-1]
	return j
}

func (g *gen) push(at time.Time, p *plan) {
	g.pushed++
	heap.Push(&g.queue, job{at: at, seq: g.pushed, p: p})
}

// reception is what the applicant hands in at the desk.
func (g *gen) reception(p *plan, now time.Time) app.ReceptionInput {
	in := app.ReceptionInput{ProcedureCode: p.v.NationalCode, Variant: p.vr.Code, UnitID: p.d.unit.ID, Channel: app.ChannelDirect,
		Components: p.componentCodes(true)}
	if g.rng.Float64() < 0.12 {
		in.Channel = app.ChannelPost
	}
	in.Electronic = g.rng.Float64() < 0.45
	in.FeesPaid = g.rng.Float64() < 0.85
	if slices.Contains(householdProcedures, p.v.NationalCode) {
		in.SubjectKind = 2
	}
	in.Applicant = g.applicant(p.d, now)
	return in
}

// componentCodes are the documents handed in: every required one, and each optional one by chance
// (all of them with all).
func (p *plan) componentCodes(optional bool) []string {
	var out []string
	for _, c := range p.vr.Components {
		if c.Required || !optional || p.g.rng.Float64() < 0.5 {
			out = append(out, c.Code)
		}
	}
	return out
}

// supplementItems say what to supplement: one or two of the documents.
func (p *plan) supplementItems() []string {
	cs := p.vr.Components
	var out []string
	for range 1 + p.g.rng.IntN(2) {
		c := cs[p.g.rng.IntN(len(cs))]
		item := pickString(p.g.rng, supplementTemplates) + ": " + clip(lowerFirst(c.Name), 160)
		if !slices.Contains(out, item) {
			out = append(out, item)
		}
	}
	return out
}

// amount is the sum a payment notice asks for: the fee, or a financial obligation by case.
func (p *plan) amount() int64 {
	if p.row.FeeAmount > 0 {
		return 0
	}
	if p.v.NationalCode == "1.013978" {
		return int64(500+p.g.rng.IntN(30000)) * 1000
	}
	return int64(10+p.g.rng.IntN(190)) * 1000
}

// resultNote names the result issued, numbered per desk and year.
func (p *plan) resultNote() string {
	year := p.g.clk.Now().In(clock.Vietnam).Year()
	p.d.results[year]++
	name := "Văn bản giải quyết thủ tục hành chính"
	if len(p.v.Results) > 0 && p.v.Results[0] != "" {
		name = p.v.Results[0]
	}
	return fmt.Sprintf("%s số %d/%d", clip(name, 200), p.d.results[year], year)
}

var (
	stopReasons = []string{
		"Qua thẩm định, hồ sơ không đủ điều kiện giải quyết theo quy định; trả lại hồ sơ kèm văn bản nêu rõ lý do.",
		"Qua xác minh, thông tin kê khai trong hồ sơ không đúng với thực tế; dừng giải quyết và thông báo cho người nộp.",
		"Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan; hướng dẫn người nộp đến cơ quan có thẩm quyền.",
	}
	withdrawReasons = []string{
		"Người nộp hồ sơ có đơn đề nghị rút hồ sơ để bổ sung giấy tờ và nộp lại sau.",
		"Người nộp hồ sơ đề nghị rút hồ sơ do không còn nhu cầu giải quyết.",
		"Người nộp hồ sơ đề nghị rút hồ sơ để điều chỉnh thông tin kê khai.",
	}
	latenessReasons = []string{
		"Hồ sơ cần xác minh thêm thông tin tại cơ quan, đơn vị liên quan nên chưa thể trả kết quả đúng hẹn.",
		"Số lượng hồ sơ tiếp nhận trong kỳ tăng cao, công chức thụ lý chưa hoàn thành thẩm định đúng thời hạn.",
		"Đang chờ ý kiến phối hợp của cơ quan có liên quan để hoàn thiện kết quả giải quyết.",
	}
	supplementTemplates = []string{
		"Bổ sung bản chính để đối chiếu",
		"Nộp lại bản sao có chứng thực, bản đã nộp không rõ nét",
		"Kê khai lại đầy đủ, đúng mẫu",
	}
)

func pickString(rng *rand.Rand, xs []string) string { return xs[rng.IntN(len(xs))] }

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// Invented applicants: common family names by frequency, middle and given names by gender.
var (
	familyNames = []weighted{{"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9.5}, {"Phạm", 7}, {"Hoàng", 5}, {"Vũ", 4}, {"Phan", 4},
		{"Đặng", 2}, {"Bùi", 2}, {"Đỗ", 2}, {"Ngô", 1.3}, {"Dương", 1}, {"Lý", 0.5}, {"Đinh", 1}, {"Trịnh", 1}, {"Hà", 0.8},
		{"Đào", 0.8}, {"Lương", 0.6}, {"Tạ", 0.4}, {"Kiều", 0.3}, {"Chu", 0.4}, {"Mai", 0.5}, {"Cao", 0.5}, {"Lưu", 0.4}}
	maleMiddle   = []string{"Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Ngọc", "Tiến", "Mạnh", "Duy", "Hoàng", "Anh", "Trọng"}
	femaleMiddle = []string{"Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Thị Thu", "Thị Minh", "Diệu", "Bảo"}
	maleGiven    = []string{"Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Khoa", "Long",
		"Minh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hoàng", "Đạt", "Kiên"}
	femaleGiven = []string{"Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Loan",
		"Mai", "My", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Uyên", "Vân", "Yến", "Thủy", "Hiền", "Ngân"}
	// provinceCodes are where applicants' births were registered (PPP of the personal ID): Hà Nội
	// most, then the provinces around it.
	provinceCodes = []weighted{{"001", 72}, {"034", 3}, {"036", 3}, {"035", 2}, {"038", 3}, {"040", 3}, {"030", 2},
		{"033", 2}, {"027", 2}, {"031", 1}, {"037", 1}, {"026", 2}, {"025", 2}, {"024", 1}, {"019", 1}}
	phonePrefixes = []string{"090", "091", "093", "094", "096", "097", "098", "086", "088", "032", "033", "034", "035", "036",
		"037", "038", "039", "070", "077", "079", "081", "083", "085"}
)

// applicant invents the chủ hồ sơ of a dossier received at d on now.
func (g *gen) applicant(d *desk, now time.Time) app.Applicant {
	rng := g.rng
	male := rng.IntN(2) == 0
	var name string
	if male {
		name = pick(rng, familyNames) + " " + pickString(rng, maleMiddle) + " " + pickString(rng, maleGiven)
	} else {
		name = pick(rng, familyNames) + " " + pickString(rng, femaleMiddle) + " " + pickString(rng, femaleGiven)
	}
	year := now.In(clock.Vietnam).Year() - 18 - rng.IntN(60)
	birth := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365))
	gender := 0
	if year >= 2000 {
		gender = 2
	}
	if !male {
		gender++
	}
	id := fmt.Sprintf("%s%d%02d%06d", pick(rng, provinceCodes), gender, year%100, rng.IntN(1000000))
	ap := app.Applicant{Name: name, IDNumber: id, BirthDate: birth.Format(time.DateOnly),
		Phone: pickString(rng, phonePrefixes) + fmt.Sprintf("%07d", rng.IntN(10000000))}
	ap.Address = g.address(d)
	if rng.Float64() < 0.3 {
		ap.Email = strings.ReplaceAll(vntext.Fold(name), " ", ".") + fmt.Sprintf("%02d", year%100) + "@gmail.com"
	}
	return ap
}

// address invents a home in the desk's ward, or anywhere in the four wards for the city's centre.
func (g *gen) address(d *desk) string {
	ward, streets := d.territory.Name, d.spec.streets
	if d.city || len(streets) == 0 {
		for _, o := range g.desks {
			if !o.city && len(o.spec.streets) > 0 && o.unit.ValidTo.IsZero() && g.rng.IntN(2) == 0 {
				ward, streets = o.territory.Name, o.spec.streets
				break
			}
		}
	}
	if len(streets) == 0 {
		return "Thành phố Hà Nội"
	}
	street := pickString(g.rng, streets)
	if strings.HasPrefix(street, "thôn") || strings.HasPrefix(street, "tổ") {
		return fmt.Sprintf("%s, %s, Thành phố Hà Nội", upperFirst(street), ward)
	}
	if g.rng.IntN(3) == 0 {
		return fmt.Sprintf("Số %d ngõ %d %s, %s, Thành phố Hà Nội", 1+g.rng.IntN(60), 1+g.rng.IntN(200), street, ward)
	}
	return fmt.Sprintf("Số %d %s, %s, Thành phố Hà Nội", 1+g.rng.IntN(250), street, ward)
}

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
