package app

import (
	"context"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
)

// The views of "my work" (công việc của tôi).
const (
	ViewTodo    = "todo"     // every open dossier at the official's units
	ViewMine    = "mine"     // assigned to the official
	ViewDueSoon = "due_soon" // due within one working day, clock running
	ViewOverdue = "overdue"  // past due, clock running
)

// InboxQuery asks for one page of an official's work list.
type InboxQuery struct {
	View          string
	ProcedureCode string
	Query         string // a dossier code or applicant ID number prefix
	State         dossier.State
	// Cursor is the opaque value of InboxPage.Next; "" for the first page.
	Cursor string
	Limit  int
}

// InboxPage is one page of a work list, with the cursor of the next page ("" when last).
type InboxPage struct {
	Items []*store.DossierRow
	Next  string
}

var running = []dossier.State{dossier.Received, dossier.InProcessing, dossier.InInterconnection}

// Inbox lists the dossiers at the units where the caller works (and those they received), due
// first, with keyset pagination: only what the caller's units and roles allow. Errors: Invalid
// (bad view, state or cursor), Unauthorized.
func (s *Service) Inbox(ctx context.Context, q InboxQuery) (*InboxPage, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	f := store.InboxFilter{Scopes: dossierScopes(a), ProcedureCode: strings.TrimSpace(q.ProcedureCode), Query: q.Query, Limit: q.Limit}
	if f.Limit < 0 || f.Limit > 200 {
		return nil, errs.Invalidf("limit", "invalid_limit", "Số dòng mỗi trang từ 1 đến 200.", "limit must be 1 to 200.")
	}
	now := s.clock.Now()
	switch q.View {
	case "", ViewTodo:
	case ViewMine:
		f.UserID = a.UserID
	case ViewDueSoon:
		f.States = running // the bounds are read with the list below
	case ViewOverdue:
		f.DueBefore, f.States = now, running
	default:
		return nil, errs.Invalidf("view", "invalid_view", "Danh sách không hợp lệ: dùng todo, mine, due_soon hoặc overdue.",
			"Unknown view: use todo, mine, due_soon or overdue.")
	}
	if q.State != "" {
		if !q.State.Valid() || q.State == dossier.Initial {
			return nil, errs.Invalidf("state", "invalid_state", "Trạng thái hồ sơ không hợp lệ.", "Unknown dossier state.")
		}
		f.States = []dossier.State{q.State}
	}
	if q.Cursor != "" {
		due, id, ok := parseCursor(q.Cursor)
		if !ok {
			return nil, errs.Invalidf("cursor", "invalid_cursor", "Con trỏ trang không hợp lệ.", "Invalid page cursor.")
		}
		f.AfterDue, f.AfterID = due, id
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	page := &InboxPage{}
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		if q.View == ViewDueSoon {
			if f.DueBefore, f.DueBeforeFor, err = s.dueSoonBounds(ctx, tx, now); err != nil {
				return err
			}
		}
		page.Items, err = tx.Inbox(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(page.Items) == f.Limit {
		last := page.Items[len(page.Items)-1]
		page.Next = formatCursor(last.DueAt, last.ID)
	}
	return page, nil
}

// dueSoonBounds are the instants before which a dossier is due within one working day of its
// own calendar: the latest of them, and for the calendars whose instant is earlier, theirs (a
// local day off tomorrow brings a ward's dossiers due the day after into the list only where
// the ward's calendar has that day off).
func (s *Service) dueSoonBounds(ctx context.Context, tx *store.Tx, now time.Time) (time.Time, map[string]time.Time, error) {
	cals := map[string]*calendar.Calendar{NationalCalendar: builtinNational}
	rows, err := tx.Calendars(ctx)
	if err != nil {
		return time.Time{}, nil, err
	}
	for _, r := range rows {
		if cals[r.Name], err = s.calendarAt(ctx, tx, r.Name, r.Version); err != nil {
			return time.Time{}, nil, err
		}
	}
	bounds := map[string]time.Time{}
	var latest time.Time
	for key, cal := range cals {
		r, err := cal.Due(now, calendar.WorkingDaysOf(1))
		if err != nil {
			return time.Time{}, nil, calErr(err, "view")
		}
		bounds[key] = r.Due
		if r.Due.After(latest) {
			latest = r.Due
		}
	}
	for key, b := range bounds {
		if !b.Before(latest) {
			delete(bounds, key)
		}
	}
	return latest, bounds, nil
}

func formatCursor(due time.Time, id int64) string {
	d := "-"
	if !due.IsZero() {
		d = due.UTC().Format("20060102T150405.000000")
	}
	return d + "." + itoa(id)
}

func parseCursor(s string) (time.Time, int64, bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return time.Time{}, 0, false
	}
	id, ok := atoi(s[i+1:])
	if !ok || id <= 0 {
		return time.Time{}, 0, false
	}
	if s[:i] == "-" {
		return time.Time{}, id, true
	}
	t, err := time.Parse("20060102T150405.000000", s[:i])
	return t, id, err == nil
}

func itoa(n int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

func atoi(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// PublicDossier is what anyone may learn of a dossier from its code: no personal data.
type PublicDossier = store.PublicDossier

// LookupDossier answers the public lookup (tra cứu hồ sơ) without login. With the lookup cache
// (EnableLookupCache) the answer may be shared with other callers, who must not change it, and a
// change made through another server may show only when it expires. Errors: Invalid (malformed
// code), NotFound.
func (s *Service) LookupDossier(ctx context.Context, code string) (*PublicDossier, error) {
	code = strings.TrimSpace(code)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, err
	}
	var epoch uint64
	if s.lookups != nil {
		if p, ok := s.lookups.get(code); ok {
			return p, nil
		}
		epoch = s.lookups.epoch()
	}
	// One statement, no transaction: the public lookup is the busiest read.
	p, err := s.db.LookupPublicDossier(ctx, code)
	if err == nil && s.lookups != nil {
		s.lookups.put(p, epoch)
	}
	return p, err
}
