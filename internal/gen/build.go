package gen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// The rates of the lifecycle, per dossier.
const (
	pRefusedOnline = 0.03  // online submissions refused at the desk
	pWithdrawn     = 0.006 // withdrawn by the applicant
	pStopped       = 0.005 // stopped as not eligible
	pStuck         = 0.003 // never finished: open long past the due date
	pLate          = 0.035 // finished after the due date
	pSupplement    = 0.07  // one supplement request during processing
	pPayment       = 0.25  // of dossiers with fees: a payment notice during processing
	pNeverPickedUp = 0.01  // result never collected
)

// builder builds the dossiers of one day at a time; each worker has its own.
type builder struct {
	w    *world
	opts Options
	r    *rand.Rand
	// per-day state
	out   *dayOut
	row   store.DossierRow
	steps []store.StepRow
	evs   []store.EventRow
	// the dossier's owner: a pool account, or (single) an account made for it
	owner  *account
	single bool
	acc    citizen.Account
}

func newBuilder(w *world, opts Options) *builder { return &builder{w: w, opts: opts} }

// item is a dossier before its lifecycle: where, what, when, how.
type item struct {
	dk      *desk
	v       *version
	vr      *catalog.Variant
	at      time.Time
	channel int
	seq     int
}

// day builds count dossiers received on day gd with ids from firstID. Its randomness depends only
// on the seed and the day, so that workers may build days in any order.
func (b *builder) day(index int, gd genDay, count int, firstID int64, start func(string, calendar.Date) int) *dayOut {
	b.r = rand.New(rand.NewPCG(b.opts.Seed, uint64(gd.date.Year*10000+int(gd.date.Month)*100+gd.date.Day)))
	out := &dayOut{index: index, date: gd.date, lastSeq: map[string]int{}, states: map[dossier.State]int{}}
	b.out = out
	if count == 0 {
		return out
	}
	byLevel, verByLevel, shares := b.w.dayPlan(gd.date)
	items := make([]item, 0, count)
	now := b.opts.Now
	for len(items) < count {
		l := levels[pick(b.r, shares, func(x float64) float64 { return x })]
		var it item
		if l == org.KindDepartment {
			it.v = pickW(b.r, verByLevel[l], func(v *version) float64 { return v.weight })
			it.dk = b.deptDesk(byLevel[l], it.v)
			if it.dk == nil {
				continue
			}
		} else {
			it.dk = pickW(b.r, byLevel[l], func(d *desk) float64 { return d.weight })
			it.v = pickW(b.r, verByLevel[l], func(v *version) float64 { return v.weight })
		}
		it.vr = &it.v.Variants[b.r.IntN(len(it.v.Variants))]
		it.at = b.receptionTime(gd.date)
		if gd.last && !it.at.Before(now) {
			it.at = now.Add(-time.Duration(1+b.r.IntN(3600)) * time.Second)
			if calendar.DateOf(it.at) != gd.date {
				continue
			}
		}
		online := onlineShare(index)
		switch x := b.r.Float64(); {
		case x < online && it.v.OnlineLevel != catalog.OnlineNone:
			it.channel = app.ChannelOnline
		case x < online+0.05:
			it.channel = app.ChannelPost
		default:
			it.channel = app.ChannelDirect
		}
		items = append(items, it)
	}
	// Sequence numbers follow reception order at each agency.
	slices.SortStableFunc(items, func(a, b item) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return int(a.dk.unit.ID - b.dk.unit.ID)
	})
	next := map[string]int{}
	for i := range items {
		organ := items[i].dk.unit.OrganID
		n, ok := next[organ]
		if !ok {
			n = start(organ, gd.date)
		}
		items[i].seq = n
		next[organ] = n + 1
		out.lastSeq[organ] = n
	}
	for i := range items {
		if err := b.dossier(&items[i], firstID+int64(i)); err != nil {
			out.err = err
			return out
		}
	}
	return out
}

// levels are the competent levels a dossier is drawn at, in the order of dayPlan's shares.
var levels = []org.Kind{org.KindCommune, org.KindDistrict, org.KindDepartment}

// dayPlan is what a day's dossiers are drawn from: the receiving desks and the procedure versions
// in force that day, by level, and the share of the dossiers at each level (of levels, not
// summing to 1 when a level has no desk or no version that day).
func (w *world) dayPlan(d calendar.Date) (byLevel map[org.Kind][]*desk, verByLevel map[org.Kind][]*version, shares []float64) {
	byLevel = map[org.Kind][]*desk{}
	for _, dk := range w.desks {
		if validOn(dk.unit, d) && (dk.level != org.KindDepartment || dk.parent.Kind == org.KindCity || dk.unit.Kind == org.KindDepartment) {
			byLevel[dk.level] = append(byLevel[dk.level], dk)
		}
	}
	verByLevel = map[org.Kind][]*version{}
	for _, v := range w.versions {
		if versionOn(v.VersionRow, d) {
			verByLevel[v.CompetentUnitKind] = append(verByLevel[v.CompetentUnitKind], v)
		}
	}
	shares = []float64{0.72, 0.14, 0.14}
	if len(byLevel[org.KindDistrict]) == 0 || len(verByLevel[org.KindDistrict]) == 0 {
		shares = []float64{0.86, 0, 0.14}
	}
	for i, l := range levels {
		if len(verByLevel[l]) == 0 || len(byLevel[l]) == 0 {
			shares[i] = 0
		}
	}
	return byLevel, verByLevel, shares
}

// onlineShare is the share of the dossiers of the index-th reception day submitted online, for
// the procedures that may be: 28% at the start, growing by 15 points a year.
func onlineShare(index int) float64 { return 0.28 + 0.3*float64(index)/730 }

// deptDesk is where a department-level dossier is received: the city's service centre when its
// workflow starts at a desk, else the department's own counter.
func (b *builder) deptDesk(desks []*desk, v *version) *desk {
	atDesk := len(v.Variants[0].Workflow) > 0 && isDesk(v.Variants[0].Workflow[0].UnitKind)
	var cands []*desk
	for _, d := range desks {
		if atDesk && d.parent.Kind == org.KindCity && d.unit.Kind != org.KindDepartment {
			cands = append(cands, d)
		}
		if !atDesk && d.unit.Kind == org.KindDepartment && v.dept != nil && d.unit.ID == v.dept.ID {
			cands = append(cands, d)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	return cands[b.r.IntN(len(cands))]
}

func isDesk(k org.Kind) bool { return k == org.KindOneStopDesk || k == org.KindServiceCentre }

// receptionTime is a working-hour instant of the day: three in five in the morning.
func (b *builder) receptionTime(d calendar.Date) time.Time {
	var min int
	if b.r.Float64() < 0.6 {
		min = 8*60 + b.r.IntN(4*60)
	} else {
		min = 13*60 + b.r.IntN(4*60)
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, vietnam).Add(time.Duration(min)*time.Minute + time.Duration(b.r.IntN(60))*time.Second)
}

// pick returns an index drawn with the given weights.
func pick[T any](r *rand.Rand, xs []T, weight func(T) float64) int {
	var sum float64
	for _, x := range xs {
		sum += weight(x)
	}
	t := r.Float64() * sum
	for i, x := range xs {
		t -= weight(x)
		if t < 0 {
			return i
		}
	}
	return len(xs) - 1
}

func pickW[T any](r *rand.Rand, xs []T, weight func(T) float64) T { return xs[pick(r, xs, weight)] }

// addW is t plus m working minutes on cal.
func addW(cal *calendar.Calendar, t time.Time, m int) time.Time {
	if m <= 0 {
		return t
	}
	r, err := cal.Due(t, calendar.WorkingHoursOf(float64(m)/60))
	if err != nil {
		return t.Add(time.Duration(m) * time.Minute)
	}
	return r.Due
}

// dossier builds one dossier's lifecycle up to Now and appends its rows.
func (b *builder) dossier(it *item, id int64) error {
	w, r, now := b.w, b.r, b.opts.Now
	calKey := w.calOf[it.dk.unit.ID]
	cal := w.cals[calKey]
	code, err := dossier.FormatCode(it.dk.unit.OrganID, it.at, it.seq)
	if err != nil {
		return err
	}
	dur, err := it.vr.For(it.channel == app.ChannelOnline).Calendar()
	if err != nil {
		return errs.Wrap(fmt.Errorf("%s: %w", it.v.NationalCode, err), "gen")
	}
	paper := it.channel != app.ChannelOnline
	plan, err := dossier.PlanReception(cal, it.at, dur, paper)
	if err != nil {
		return errs.Wrap(err, "gen")
	}
	lead := w.lead(it.dk, it.v)
	d := &b.row
	*d = store.DossierRow{ID: id, Code: code, ProcedureVersionID: it.v.ID, ProcedureCode: it.v.NationalCode, ProcedureName: it.v.Name,
		VariantCode: it.vr.Code, Channel: it.channel, ReceivingUnitID: it.dk.unit.ID, ReceivingUnitPath: it.dk.unit.Path,
		CurrentUnitID: it.dk.unit.ID, CurrentUnitPath: it.dk.unit.Path, CalendarKey: calKey, Paper: paper, Revision: 1}
	if lead != nil {
		d.LeadUnitID = lead.ID
	}
	b.owner, b.single = nil, false
	if it.channel == app.ChannelOnline {
		var owned bool
		b.owner, owned = b.ownerOf(it.v)
		b.single = owned && b.owner == nil
	}
	if b.owner != nil {
		b.owner.fill(d)
	} else {
		b.applicant(d, it)
	}
	var fees int64
	for _, f := range it.vr.Fees {
		if f.Kind == catalog.FeeFixed {
			fees += f.Amount
		}
	}
	if fees > 0 {
		d.FeeMode, d.FeeAmount, d.FeesPaid = dossier.FeeAtReception, fees, true
	} else {
		d.FeesPaid = true
	}
	b.steps, b.evs = b.steps[:0], b.evs[:0]
	desk := w.official(it.dk.unit.ID, org.RoleReception)

	// Online submissions: submitted a little before the desk took them up, some refused.
	if it.channel == app.ChannelOnline {
		d.SubmittedAt = it.at.Add(-time.Duration(2+r.IntN(180)) * time.Minute)
		if calendar.DateOf(d.SubmittedAt) != calendar.DateOf(it.at) {
			d.SubmittedAt = it.at.Add(-time.Duration(1+r.IntN(60)) * time.Second)
		}
		if b.single {
			// The person registers on the portal just before submitting.
			d.ApplicantPhone, d.ApplicantEmail = "", contact(d.ApplicantName, "hs"+strconv.FormatInt(d.ID, 10))
			b.acc = citizen.Account{Kind: citizen.Person, FullName: d.ApplicantName, Email: d.ApplicantEmail, PersonalID: d.ApplicantIDNumber,
				BirthDate: d.ApplicantBirthDate, CreatedAt: registeredBefore(r, d.SubmittedAt)}
		}
		b.event(d.SubmittedAt, nil, d.ApplicantName, dossier.ActionSubmit, dossier.Draft, dossier.Submitted, "")
		if r.Float64() < pRefusedOnline {
			d.State = dossier.Refused
			if it.at.After(now) {
				d.State = dossier.Submitted
			} else {
				b.event(it.at, desk, "", dossier.ActionRefuse, dossier.Submitted, dossier.Refused,
					"Hồ sơ không thuộc thẩm quyền giải quyết hoặc không đủ điều kiện tiếp nhận.")
			}
			d.CreatedAt, d.UpdatedAt = d.SubmittedAt, it.at
			return b.emit(d, false)
		}
	}
	d.ReceivedAt, d.DueAt, d.OriginalDueAt, d.TransferDueAt = it.at, plan.DueAt, plan.OriginalDueAt, plan.TransferDueAt
	d.CreatedAt = it.at
	if !d.SubmittedAt.IsZero() {
		d.CreatedAt = d.SubmittedAt
		b.event(it.at, desk, "", dossier.ActionAccept, dossier.Submitted, dossier.Received, "")
	} else {
		b.event(it.at, desk, "", dossier.ActionReceiveDirect, dossier.Initial, dossier.Received, "")
	}

	// The plan: processing ends at `processed` (on time for most, late for a few), the result is
	// collected at `returned`; pauses for a supplement or a payment push both (and the due date)
	// by their working time.
	total := 30
	if m, err := cal.WorkingMinutesBetween(it.at, plan.DueAt); err == nil && m > 30 {
		total = int(m)
	}
	fate := r.Float64()
	withdrawn, stopped := fate < pWithdrawn, fate >= pWithdrawn && fate < pWithdrawn+pStopped
	stuck := fate >= pWithdrawn+pStopped && fate < pWithdrawn+pStopped+pStuck
	late := r.Float64() < pLate
	var work int // working minutes from reception to the result
	if late {
		work = total + 30 + r.IntN(6*480)
	} else {
		work = int(float64(total) * (0.3 + 0.67*r.Float64()))
	}
	transfer := min(5+r.IntN(90), max(work/4, 1))
	var pauses []pause
	if r.Float64() < pSupplement {
		pauses = append(pauses, pause{at: transfer + int(float64(work-transfer)*(0.2+0.3*r.Float64())), length: 480 * (1 + r.IntN(8)), supplement: true})
	}
	if fees > 0 && r.Float64() < pPayment {
		pauses = append(pauses, pause{at: transfer + int(float64(work-transfer)*0.85), length: 240 + r.IntN(3*480)})
	}
	// Time on the working clock: minute m after reception, pauses included.
	at := func(m int) time.Time {
		shift := 0
		for _, p := range pauses {
			if m > p.at {
				shift += p.length
			}
		}
		return addW(cal, it.at, m+shift)
	}
	for _, p := range pauses {
		d.DueAt = addW(cal, d.DueAt, p.length)
		if p.supplement {
			d.SupplementCount = 1
		}
	}
	processed := at(work)
	end := work // the working minute where the story stops (withdrawal, stop, stuck)
	if withdrawn || stopped {
		end = transfer + int(float64(work-transfer)*(0.1+0.6*r.Float64()))
	}

	// The workflow: step 0 is the reception, the last the return at the desk; the middle steps
	// share the processing time in proportion to their allotted times.
	wf := it.vr.Workflow
	if len(wf) < 3 {
		wf = []catalog.WorkflowStep{{Name: "Tiếp nhận hồ sơ", UnitKind: it.dk.unit.Kind, Role: org.RoleReception},
			{Name: "Xử lý hồ sơ", UnitKind: it.v.CompetentUnitKind, Role: org.RoleProcessing, Allotted: catalog.Duration{Value: 1, Unit: catalog.WorkingDays}},
			{Name: "Trả kết quả", UnitKind: it.dk.unit.Kind, Role: org.RoleReception}}
	}
	middle := wf[1 : len(wf)-1]
	weights := make([]float64, len(middle))
	var sum float64
	for i, s := range middle {
		weights[i] = max(float64(s.Allotted.WorkingMinutes()), 1)
		sum += weights[i]
	}
	bounds := make([]int, len(middle)+1) // middle step i runs bounds[i] … bounds[i+1]
	bounds[0] = transfer
	for i := range middle {
		bounds[i+1] = bounds[i] + int(float64(work-transfer)*weights[i]/sum)
	}
	bounds[len(middle)] = work
	stuckStep := -1
	if stuck {
		stuckStep = r.IntN(len(middle))
		end = bounds[stuckStep] + 1
	}

	st := b.step(d, cal, 0, wf[0], it, it.dk.unit, nil, it.at, desk)
	b.finishStep(st, cal, it.at, "")
	state := dossier.Received
	from := it.dk.unit
	fromUser := desk
	var open *store.StepRow
	for i, s := range middle {
		handed := at(bounds[i])
		if handed.After(now) || bounds[i] >= end && (withdrawn || stopped) {
			break
		}
		unit := w.stepUnit(it.dk, it.v, s.UnitKind)
		user := w.official(unit.ID, s.Role)
		if i == 0 {
			b.event(handed, fromUser, "", dossier.ActionTransfer, dossier.Received, dossier.InProcessing, "")
		}
		st := b.step(d, cal, i+1, s, it, unit, from, handed, fromUser)
		st.FromUserID = userID(fromUser)
		st.ToUserID = userID(user)
		state = dossier.InProcessing
		if s.InterAgency {
			state = dossier.InInterconnection
		}
		d.CurrentUnitID, d.CurrentUnitPath, d.CurrentUserID = unit.ID, unit.Path, userID(user)
		open = st
		done := at(bounds[i+1])
		if i == stuckStep {
			break
		}
		// A pause inside this step.
		for _, p := range pauses {
			if p.at < bounds[i] || p.at >= bounds[i+1] {
				continue
			}
			pa := addW(cal, it.at, p.at+pauseShiftBefore(p.at, pauses))
			pb := addW(cal, pa, p.length)
			if pa.After(now) {
				continue
			}
			req, res, waiting := dossier.ActionRequestSupplement, dossier.ActionSupplement, dossier.AwaitingSupplement
			if !p.supplement {
				req, res, waiting = dossier.ActionRequestPayment, dossier.ActionPay, dossier.AwaitingPayment
			}
			b.event(pa, user, "", req, state, waiting, "")
			if pb.After(now) {
				state = waiting
				d.PausedAt = pa
				if p.supplement {
					st.Status = dossier.StepSupplementRequested
				} else {
					d.FeesPaid = false
				}
				break
			}
			if p.supplement {
				d.PausedMinutes += int64(p.length)
			}
			b.event(pb, nil, d.ApplicantName, res, waiting, state, "")
		}
		if state == dossier.AwaitingSupplement || state == dossier.AwaitingPayment {
			break
		}
		if (withdrawn || stopped) && bounds[i+1] >= end {
			break
		}
		if done.After(now) {
			if now.Sub(handed) > 30*time.Minute {
				st.Status = dossier.StepInProgress
			}
			break
		}
		b.finishStep(st, cal, done, "")
		open = nil
		from, fromUser = unit, user
	}
	switch {
	case withdrawn || stopped:
		ts := at(end)
		if ts.After(now) {
			break
		}
		if withdrawn {
			b.event(ts, nil, d.ApplicantName, dossier.ActionWithdraw, state, dossier.WithdrawalRequested, "Người nộp hồ sơ đề nghị rút hồ sơ.")
			state = dossier.WithdrawalRequested
			confirm := addW(cal, ts, 60+r.IntN(480))
			if confirm.After(now) {
				break
			}
			b.event(confirm, fromUser, "", dossier.ActionConfirmWithdrawal, state, dossier.Stopped, "Người nộp hồ sơ đề nghị rút hồ sơ.")
			ts = confirm
		} else {
			b.event(ts, fromUser, "", dossier.ActionStop, state, dossier.Stopped, "Hồ sơ không đủ điều kiện giải quyết theo quy định.")
		}
		state = dossier.Stopped
		d.ProcessedAt, d.CurrentUserID, d.PausedAt = ts, 0, time.Time{}
		if open != nil {
			b.finishStep(open, cal, ts, "Dừng xử lý")
		}
	case stuck, state != dossier.InProcessing && state != dossier.InInterconnection && state != dossier.Received:
		// still open where the loop left it
	case !processed.After(now) && open == nil:
		b.event(processed, fromUser, "", dossier.ActionComplete, state, dossier.ResultReady, "")
		state = dossier.ResultReady
		d.ProcessedAt, d.HasResult = processed, true
		d.ResultNote = "Đã giải quyết"
		if len(it.v.Results) > 0 {
			d.ResultNote = "Đã cấp " + it.v.Results[0]
		}
		last := wf[len(wf)-1]
		ret := b.step(d, cal, len(wf)-1, last, it, it.dk.unit, from, processed, fromUser)
		ret.ToUserID = userID(desk)
		d.CurrentUnitID, d.CurrentUnitPath, d.CurrentUserID = it.dk.unit.ID, it.dk.unit.Path, userID(desk)
		pickup := 5 + r.IntN(120)
		if it.channel != app.ChannelOnline {
			pickup = 30 + r.IntN(3*480)
		}
		returned := addW(cal, processed, pickup)
		if r.Float64() < pNeverPickedUp || returned.After(now) {
			break
		}
		b.finishStep(ret, cal, returned, "")
		b.event(returned, desk, "", dossier.ActionReturn, state, dossier.Returned, "")
		state = dossier.Returned
		d.ReturnedAt, d.CurrentUserID = returned, 0
		if fees > 0 && !d.FeesPaid {
			d.FeesPaid = true
		}
	}
	d.State = state
	d.UpdatedAt = b.evs[len(b.evs)-1].At
	isLate := false
	if !d.ProcessedAt.IsZero() && state != dossier.Stopped {
		isLate = cal.Compare(d.ProcessedAt, d.DueAt) == calendar.Late
	} else if d.ProcessedAt.IsZero() && now.After(d.DueAt) && state != dossier.AwaitingSupplement && state != dossier.AwaitingPayment {
		isLate = true
	}
	return b.emit(d, isLate)
}

// pause is a clock pause: it starts at working minute `at` after reception and lasts `length`
// working minutes.
type pause struct {
	at, length int
	supplement bool // a supplement request; else a payment notice
}

// pauseShiftBefore is the length of the pauses that start before working minute m.
func pauseShiftBefore(m int, ps []pause) int {
	s := 0
	for _, p := range ps {
		if p.at < m {
			s += p.length
		}
	}
	return s
}

// step opens control-sheet row no+1 for workflow step s at unit, handed over at `handed`.
func (b *builder) step(d *store.DossierRow, cal *calendar.Calendar, idx int, s catalog.WorkflowStep, it *item, unit, from *org.Unit, handed time.Time, by *org.User) *store.StepRow {
	allotted, err := s.Allotted.Calendar()
	if err != nil || s.Allotted.Unit == "" {
		allotted = calendar.WorkingHoursOf(0)
	}
	due := handed
	if allotted.Value > 0 || allotted.Unit == calendar.SameDay {
		if r, err := cal.Due(handed, allotted); err == nil {
			due = r.Due
		}
	}
	b.steps = append(b.steps, store.StepRow{DossierID: d.ID, WorkflowIndex: idx, Name: s.Name, Role: string(s.Role), InterAgency: s.InterAgency})
	st := &b.steps[len(b.steps)-1]
	st.Step = dossier.Step{No: len(b.steps), ToUnitID: unit.ID, Allotted: allotted, HandedAt: handed, DueAt: due, Status: dossier.StepAssigned}
	if from != nil {
		st.FromUnitID = from.ID
	}
	if idx == 0 {
		st.ToUserID = userID(by)
	}
	return st
}

func (b *builder) finishStep(st *store.StepRow, cal *calendar.Calendar, at time.Time, note string) {
	st.DoneAt, st.Status, st.Outcome, st.Note = at, dossier.StepDone, dossier.StepOutcome(cal, at, st.DueAt), note
}

// event appends a timeline entry by an official (or, when by is nil, by name).
func (b *builder) event(at time.Time, by *org.User, name string, a dossier.Action, from, to dossier.State, reason string) {
	e := store.EventRow{DossierID: b.row.ID, At: at, ActorName: name, Action: string(a), From: from, To: to, Reason: reason, Data: "{}"}
	if by != nil {
		e.ActorID, e.ActorName = by.ID, by.Username
	} else if name == "" {
		e.ActorName = "Cán bộ một cửa"
	}
	b.evs = append(b.evs, e)
}

// emit appends the dossier, its steps and its events to the day's chunk.
func (b *builder) emit(d *store.DossierRow, late bool) error {
	d.NationalStatus = d.State.National()
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = d.CreatedAt
	}
	c := &b.out.chunk
	switch {
	case b.single:
		b.acc.ID = int64(c.Accounts) // chunk-local, made an id by Rebase
		c.AppendCitizen(&b.acc, "", true)
		c.AppendDossier(d, b.acc.ID, true)
		b.out.owned++
	case b.owner != nil:
		c.AppendDossier(d, b.owner.ID, false)
		b.out.owned++
	default:
		c.AppendDossier(d, 0, false)
	}
	for i := range b.steps {
		c.Steps = store.AppendStepCopy(c.Steps, &b.steps[i])
	}
	for i := range b.evs {
		c.Events = store.AppendEventCopy(c.Events, &b.evs[i])
	}
	b.out.states[d.State]++
	b.out.steps += len(b.steps)
	b.out.events += len(b.evs)
	if late {
		b.out.late++
	}
	return nil
}

func userID(u *org.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// Applicants: invented Vietnamese names, personal ID numbers of people born in Hà Nội (province
// code 001) that pass the checksum-free structure of domain-vn §12, addresses in the unit.
var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Tạ", "Kiều", "Đào", "Mai", "Chu"}
	maleMiddle  = []string{"Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Tiến", "Xuân", "Công", "Mạnh", "Ngọc", "Anh"}
	femMiddle   = []string{"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Bích", "Diệu"}
	maleGiven   = []string{"Hùng", "Dũng", "Nam", "Long", "Tuấn", "Hải", "Sơn", "Thắng", "Cường", "Đức", "Hiếu", "Khánh", "Phong", "Quân", "Trung", "Việt", "Bình", "Minh", "Hoàng", "Tùng", "Kiên", "Lâm", "An", "Huy"}
	femGiven    = []string{"Hương", "Lan", "Mai", "Hoa", "Hằng", "Thảo", "Trang", "Linh", "Ngọc", "Phương", "Yến", "Nga", "Hà", "Thủy", "Loan", "Oanh", "Nhung", "Vân", "Anh", "Huyền", "My", "Giang", "Hạnh", "Quyên"}
	streets     = []string{"phố Hàng Bông", "phố Kim Mã", "đường Láng", "phố Huế", "đường Giải Phóng", "phố Đội Cấn", "đường Nguyễn Trãi", "phố Tây Sơn", "đường Cầu Giấy", "phố Bạch Mai", "đường Trường Chinh", "phố Chùa Bộc", "đường Hoàng Quốc Việt", "phố Thụy Khuê", "đường Lạc Long Quân", "thôn Đông", "thôn Đoài", "xóm Chùa", "xóm Giữa"}
)

func (b *builder) applicant(d *store.DossierRow, it *item) {
	r := b.r
	p := newPerson(r)
	d.ApplicantName, d.ApplicantIDNumber, d.ApplicantBirthDate = p.name, p.id, p.birth
	d.ApplicantPhone = fmt.Sprintf("09%08d", r.IntN(100_000_000))
	place := it.dk.parent.Name
	if it.dk.level == org.KindDepartment {
		place = "Hà Nội"
	}
	d.ApplicantAddress = fmt.Sprintf("Số %d, ngõ %d, %s, %s", 1+r.IntN(200), 1+r.IntN(300), streets[r.IntN(len(streets))], place)
	if it.channel == app.ChannelOnline && r.IntN(3) == 0 {
		d.ApplicantEmail = fmt.Sprintf("nguoidan%d@example.vn", r.IntN(10_000_000))
	}
}
