package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Reminders (nhắc việc): officials are told of the dossiers they must act on that are due within
// one working day or overdue, on their home page and in a daily email digest.
//
// A dossier is on an official's reminders when its clock runs (received, in processing or at a
// cooperating agency; not paused for a supplement or a payment) and the official must act on it:
// it is assigned to them, or it is assigned to nobody and they hold, over its current unit, the
// role its open step calls for (reception for a dossier received at the desk and not yet
// transferred), within the units where they may see dossiers (as in Inbox). A dossier assigned to
// a colleague is the colleague's.
//
// What is due is the earliest of the dossier's due (hạn trả kết quả), its open step's due (hạn
// của bước) and, for a paper dossier still at the desk, its transfer due. Urgency is decided on
// the dossier's working-day calendar (dossier.UrgencyOf).

// Reminder is one dossier an official must act on soon.
type Reminder struct {
	Code          string
	ProcedureCode string
	ProcedureName string
	Step          string    // what is to be done now: the open step, or the transfer from the desk
	DossierDueAt  time.Time // the dossier's due (hẹn trả)
	Due           time.Time // the earliest due: the one the reminder is about
	StepDue       bool      // Due is the step's (or the transfer's), not the dossier's
	Urgency       dossier.Urgency
	// Left is the working time left before Due (due soon); Late the working time past it (overdue).
	Left, Late time.Duration
	workingDay time.Duration
}

// Status says in Vietnamese how late the dossier is, or how much working time is left, e.g.
// "Quá hạn 1 ngày 2 giờ làm việc" or "Còn 3 giờ 30 phút làm việc".
func (r *Reminder) Status() string {
	if r.Urgency == dossier.Overdue {
		return "Quá hạn " + workingText(r.Late, r.workingDay, "ngày", "giờ", "phút", "dưới 1 phút") + " làm việc"
	}
	if r.Left <= 0 {
		return "Đến hạn ngay bây giờ"
	}
	return "Còn " + workingText(r.Left, r.workingDay, "ngày", "giờ", "phút", "dưới 1 phút") + " làm việc"
}

// StatusEN is Status in English.
func (r *Reminder) StatusEN() string {
	if r.Urgency == dossier.Overdue {
		return "Overdue by " + workingText(r.Late, r.workingDay, "d", "h", "min", "under a minute") + " of working time"
	}
	if r.Left <= 0 {
		return "Due now"
	}
	return workingText(r.Left, r.workingDay, "d", "h", "min", "under a minute") + " of working time left"
}

// DueLabel names the due the reminder is about, in Vietnamese.
func (r *Reminder) DueLabel() string {
	if r.StepDue {
		return "Hạn của bước"
	}
	return "Hạn trả kết quả"
}

// DueLabelEN is DueLabel in English.
func (r *Reminder) DueLabelEN() string {
	if r.StepDue {
		return "Step due"
	}
	return "Result due"
}

// workingText writes d as working days of perDay, hours and minutes: "1 ngày 2 giờ".
func workingText(d, perDay time.Duration, day, hour, minute, under string) string {
	if d < time.Minute {
		return under
	}
	if perDay <= 0 {
		perDay = 8 * time.Hour
	}
	var parts []string
	if n := d / perDay; n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, day))
		d -= n * perDay
	}
	if h := d / time.Hour; h > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", h, hour))
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", m, minute))
	}
	return strings.Join(parts, " ")
}

// Reminders is what an official is reminded of at an instant.
type Reminders struct {
	At      time.Time
	Overdue []*Reminder // most overdue first
	DueSoon []*Reminder // soonest first
}

// Empty reports whether there is nothing to remind of.
func (r *Reminders) Empty() bool { return r == nil || len(r.Overdue)+len(r.DueSoon) == 0 }

// Count is the number of dossiers reminded of.
func (r *Reminders) Count() int {
	if r == nil {
		return 0
	}
	return len(r.Overdue) + len(r.DueSoon)
}

// Reminders returns the dossiers the signed-in official must act on that are due within one
// working day or overdue now (see the rules above). Errors: Unauthorized.
func (s *Service) Reminders(ctx context.Context) (*Reminders, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if a.System {
		return &Reminders{At: now}, nil // the system acts on no dossier by itself
	}
	c, err := s.dueCandidates(ctx, now, store.DueFilter{Scopes: dossierScopes(a), UserID: a.UserID})
	if err != nil {
		return nil, err
	}
	return c.remindersOf(a, now), nil
}

// candidates are the dossiers that may be on someone's reminders, with their calendars.
type candidates struct {
	rows []*store.DueRow
	cals map[string]*calendar.Calendar
}

// dueCandidates loads the dossiers selected by f that are, or whose open step is, due within one
// working day on the calendar of any running dossier: a superset that remindersOf narrows
// dossier by dossier on its own calendar.
func (s *Service) dueCandidates(ctx context.Context, now time.Time, f store.DueFilter) (*candidates, error) {
	c := &candidates{cals: map[string]*calendar.Calendar{}}
	var keys []string
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		keys, err = tx.RunningCalendarKeys(ctx)
		return err
	})
	if err != nil || len(keys) == 0 {
		return c, err
	}
	var before time.Time
	for _, k := range keys {
		cal, err := s.Calendar(ctx, k)
		if err != nil {
			s.log.Warn("reminders: dossiers on an unknown calendar are counted on the national one", "calendar", k, "err", err)
			cal = builtinNational
		}
		c.cals[k] = cal
		r, err := cal.Due(now, calendar.WorkingDaysOf(1))
		if err != nil {
			return nil, calErr(err, "now")
		}
		// A due stored in another form of the same working instant (17:00 for the next 08:00) is
		// earlier on the wall clock, never later.
		if r.Due.After(before) {
			before = r.Due
		}
	}
	f.Before = before.Add(time.Second)
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		c.rows, err = tx.DueDossiers(ctx, f)
		return err
	})
	return c, err
}

// transferStep names what a dossier received at the desk and not yet transferred waits for.
const transferStep = "Chuyển hồ sơ đến cơ quan giải quyết"

// remindersOf returns a's reminders among the candidates at now.
func (c *candidates) remindersOf(a *org.Actor, now time.Time) *Reminders {
	out := &Reminders{At: now}
	for _, r := range c.rows {
		d := r.DossierRow
		if !d.State.ClockRunning() || !d.PausedAt.IsZero() || !mustAct(a, r) {
			continue
		}
		cal := c.cals[d.CalendarKey]
		if cal == nil {
			cal = builtinNational
		}
		rem := &Reminder{Code: d.Code, ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName, DossierDueAt: d.DueAt,
			Due: d.DueAt, workingDay: dossier.WorkingDay(cal)}
		switch {
		case r.Step != nil:
			rem.Step = r.Step.Name
			if !r.Step.DueAt.IsZero() && (rem.Due.IsZero() || r.Step.DueAt.Before(rem.Due)) {
				rem.Due, rem.StepDue = r.Step.DueAt, true
			}
		case d.State == dossier.Received:
			rem.Step = transferStep
			if !d.TransferDueAt.IsZero() && (rem.Due.IsZero() || d.TransferDueAt.Before(rem.Due)) {
				rem.Due, rem.StepDue = d.TransferDueAt, true
			}
		}
		if rem.Due.IsZero() {
			continue
		}
		u, left, err := dossier.UrgencyOf(cal, now, rem.Due)
		if err != nil {
			continue // a due outside the calendar's years: nothing sensible to say
		}
		rem.Urgency = u
		switch u {
		case dossier.Overdue:
			rem.Late = -left
			out.Overdue = append(out.Overdue, rem)
		case dossier.DueSoon:
			rem.Left = left
			out.DueSoon = append(out.DueSoon, rem)
		}
	}
	byDue := func(x, y *Reminder) int {
		if c := x.Due.Compare(y.Due); c != 0 {
			return c
		}
		return strings.Compare(x.Code, y.Code)
	}
	slices.SortFunc(out.Overdue, byDue)
	slices.SortFunc(out.DueSoon, byDue)
	return out
}

// mustAct reports whether a must act on the dossier now: it is assigned to them, or to nobody
// and they hold the role of its open step over its current unit; always within what they may see.
func mustAct(a *org.Actor, r *store.DueRow) bool {
	if a == nil || a.System || !canSeeDossier(a, r.DossierRow) {
		return false
	}
	if r.CurrentUserID != 0 {
		return r.CurrentUserID == a.UserID
	}
	role := org.RoleReception
	if r.Step != nil && r.Step.Role != "" {
		role = org.Role(r.Step.Role)
	}
	return slices.Contains(rolesOn(a, r.CurrentUnitPath), role)
}

// Digest is one official's reminders for the daily email.
type Digest struct {
	User      *org.User
	Reminders *Reminders
}

// Digests returns the reminders of every enabled official with an email address who has
// something due within one working day or overdue now, by user id. Only the system actor may
// ask. Errors: Forbidden, Unauthorized.
func (s *Service) Digests(ctx context.Context) ([]Digest, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System {
		return nil, errs.ErrForbidden
	}
	now := s.clock.Now()
	c, err := s.dueCandidates(ctx, now, store.DueFilter{Scopes: []string{"/"}})
	if err != nil || len(c.rows) == 0 {
		return nil, err
	}
	var out []Digest
	var after int64
	for {
		var users []*org.User
		err := s.read(ctx, func(tx *store.Tx) (err error) {
			users, err = tx.UsersWithEmail(ctx, after, 500)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if r := c.remindersOf(actorOf(u), now); !r.Empty() {
				out = append(out, Digest{User: u, Reminders: r})
			}
		}
		if len(users) < 500 {
			return out, nil
		}
		after = users[len(users)-1].ID
	}
}

// Mailer delivers one email; it returns nil once the mail server accepted it. *mail.Sender is
// one.
type Mailer interface {
	Send(ctx context.Context, m *mail.Message) error
}

// DigestRun is what one sending of the daily digests did.
type DigestRun struct {
	Day calendar.Date // the local day of the run (of the national calendar's zone)
	// Sent digests were accepted by the mail server; Failed ones were refused (their claim is
	// given up, so a later run of the day may send them); AlreadySent ones had been claimed by an
	// earlier run of the day, here or in another egov process; NotWorkingDay ones were not sent
	// because the day is not a working day on the official's calendar.
	Sent, Failed, AlreadySent, NotWorkingDay int
}

// SendDigests sends today's reminder digest to every official who has something due within one
// working day or overdue, on a working day of the calendar of their first unit, at most once
// per official and day across restarts and egov processes: each digest is claimed in its own
// transaction before it is sent (store.ClaimDigest). Delivery is at most once: should egov stop
// between a claim and the mail server's answer, that digest is not sent that day (the reminders
// are still on the official's home page). baseURL is the site's address for the links. One audit
// record tells how many were sent and failed, when any was. Only the system actor may send.
// Errors: Forbidden, Unauthorized, and those of the database; a refused email is counted, not
// returned.
func (s *Service) SendDigests(ctx context.Context, m Mailer, baseURL string) (*DigestRun, error) {
	digests, err := s.Digests(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	run := &DigestRun{Day: builtinNational.DateOf(now)}
	cals := map[int64]*calendar.Calendar{}
	for _, d := range digests {
		if ctx.Err() != nil {
			break
		}
		cal, err := s.userCalendar(ctx, d.User, cals)
		if err != nil {
			return nil, err
		}
		day := cal.DateOf(now)
		if !cal.IsWorkingDay(day) {
			run.NotWorkingDay++
			continue
		}
		var claimed bool
		err = s.db.Write(ctx, func(tx *store.Tx) (err error) {
			claimed, err = tx.ClaimDigest(ctx, d.User.ID, day, d.Reminders.Count(), now)
			return err
		})
		if err != nil {
			return nil, err
		}
		if !claimed {
			run.AlreadySent++
			continue
		}
		msg, err := digestMessage(d, baseURL, now)
		if err == nil {
			err = m.Send(ctx, msg)
		}
		if err != nil {
			s.log.Warn("reminders: digest not sent", "user", d.User.Username, "err", err)
			run.Failed++
			if err := s.db.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.ReleaseDigest(ctx, d.User.ID, day) }); err != nil {
				return nil, err
			}
			continue
		}
		run.Sent++
		if err := s.db.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error { return tx.MarkDigestSent(ctx, d.User.ID, day, s.clock.Now()) }); err != nil {
			return nil, err
		}
	}
	if run.Sent+run.Failed > 0 {
		err = s.write(context.WithoutCancel(ctx), func(tx *store.Tx) ([]change, error) {
			return []change{{Action: "reminders.send", ObjectType: "reminder_digests",
				ObjectID: int64(run.Day.Year*10000 + int(run.Day.Month)*100 + run.Day.Day),
				After:    map[string]any{"day": run.Day.String(), "sent": run.Sent, "failed": run.Failed, "already_sent": run.AlreadySent}}}, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return run, nil
}

// userCalendar is the calendar of the unit of u's first grant (the national one without grants).
func (s *Service) userCalendar(ctx context.Context, u *org.User, cache map[int64]*calendar.Calendar) (*calendar.Calendar, error) {
	if len(u.Grants) == 0 {
		return s.Calendar(ctx, NationalCalendar)
	}
	id := u.Grants[0].UnitID
	if c, ok := cache[id]; ok {
		return c, nil
	}
	_, cal, err := s.unitCalendar(ctx, id)
	if err != nil {
		return nil, err
	}
	cache[id] = cal
	return cal, nil
}
