package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// What the officials' back-office pages need besides the dossier engine: the units an official
// works on dossiers at, a work list narrowed to one of them, and each unit's overview figures.

// DossierUnits returns the units where the caller holds a role that works on dossiers (the
// units whose dossiers they see), each once, in the order of their grants. Errors: Unauthorized.
func (s *Service) DossierUnits(ctx context.Context) ([]org.Grant, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var out []org.Grant
	for _, g := range a.Grants {
		if slices.Contains(dossierRoles, g.Role) && !slices.ContainsFunc(out, func(x org.Grant) bool { return x.UnitID == g.UnitID }) {
			out = append(out, g)
		}
	}
	return out, nil
}

// visibleUnit returns the unit id when the caller sees dossiers there (it lies under one of their
// dossier scopes); any other unit is NotFound, as if it did not exist.
func (s *Service) visibleUnit(ctx context.Context, a *org.Actor, id int64) (*org.Unit, error) {
	var u *org.Unit
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.Unit(ctx, id)
		return err
	})
	if err == nil && !slices.ContainsFunc(dossierScopes(a), func(sc string) bool { return strings.HasPrefix(u.Path, sc) }) {
		err = errs.New(errs.NotFound, "unknown_unit", "Không tìm thấy đơn vị.", "No such unit.")
	}
	if errs.KindOf(err) == errs.NotFound {
		return nil, errs.Invalidf("unit", "unknown_unit", "Không tìm thấy đơn vị này trong phạm vi của bạn.", "No such unit within your scope.")
	}
	return u, err
}

// UnitInbox is Inbox narrowed to the dossiers at one unit the caller sees dossiers of (unitID 0
// is Inbox itself). Errors: as Inbox, and Invalid "unknown_unit" for a unit outside the caller's
// scope.
func (s *Service) UnitInbox(ctx context.Context, unitID int64, q InboxQuery) (*InboxPage, error) {
	a, err := actor(ctx)
	if err != nil || unitID == 0 {
		return s.Inbox(ctx, q)
	}
	u, err := s.visibleUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	// The same list, seen by the caller holding one role on that unit only.
	narrowed := &org.Actor{UserID: a.UserID, Username: a.Username, Grants: []org.Grant{{UnitID: u.ID, UnitPath: u.Path, UnitName: u.Name, Role: org.RoleSupervisor}}}
	return s.Inbox(WithActor(ctx, narrowed), q)
}

// UnitOverview is the overview (tổng quan) of the dossiers at one unit.
type UnitOverview struct {
	Unit org.Grant
	// Open counts open dossiers at the unit now, by state, in lifecycle order.
	Open      []StateCount
	OpenTotal int
	// DueSoon counts running dossiers due within one working day (overdue ones included);
	// Overdue those already past due.
	DueSoon, Overdue int
	// Received and ReturnedOnTime/ReturnedLate count the dossiers received at the unit this
	// month, and returned this month on time or late.
	Received, ReturnedOnTime, ReturnedLate int
	// Month is the first instant of the month counted (in Vietnam).
	Month time.Time
}

// StateCount is a number of dossiers in one state.
type StateCount struct {
	State dossier.State
	N     int
}

// monthBounds returns the current month in Vietnam: [first instant, first instant of the next).
func monthBounds(now time.Time) (time.Time, time.Time) {
	n := now.In(vietnam)
	from := time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, vietnam)
	return from, from.AddDate(0, 1, 0)
}

// DossierOverview computes, for each unit the caller sees dossiers of (DossierUnits), the open
// dossiers by state, those due soon and overdue, and those received and returned (on time, late)
// this month; one query per group of figures. Errors: Unauthorized.
func (s *Service) DossierOverview(ctx context.Context) ([]*UnitOverview, error) {
	units, err := s.DossierUnits(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	soon, err := builtinNational.Due(now, calendar.WorkingDaysOf(1))
	if err != nil {
		return nil, calErr(err, "now")
	}
	from, to := monthBounds(now)
	var out []*UnitOverview
	err = s.read(ctx, func(tx *store.Tx) error {
		for _, g := range units {
			o := &UnitOverview{Unit: g, Month: from}
			byState, err := tx.OpenByState(ctx, g.UnitPath)
			if err != nil {
				return err
			}
			for _, st := range dossier.States {
				if n := byState[st]; n > 0 {
					o.Open = append(o.Open, StateCount{st, n})
					o.OpenTotal += n
				}
			}
			if o.DueSoon, o.Overdue, err = tx.DueCounts(ctx, g.UnitPath, running, now, soon.Due); err != nil {
				return err
			}
			if o.Received, o.ReturnedOnTime, o.ReturnedLate, err = tx.PeriodCounts(ctx, g.UnitPath, from, to); err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

// PeriodQuery asks for the dossiers behind one of the month figures of a unit's overview.
type PeriodQuery struct {
	UnitID int64
	Kind   string // store.PeriodReceived, store.PeriodReturnedOnTime or store.PeriodReturnedLate
	Cursor string // the Next of the previous page, "" for the first
	Limit  int
}

// PeriodDossiers lists the dossiers received at a unit this month, or returned this month on
// time or late, in the order they were stored, with InboxPage's cursor. Errors: Invalid (unknown
// unit or figure, bad cursor), Unauthorized.
func (s *Service) PeriodDossiers(ctx context.Context, q PeriodQuery) (*InboxPage, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	u, err := s.visibleUnit(ctx, a, q.UnitID)
	if err != nil {
		return nil, err
	}
	f := store.PeriodFilter{Path: u.Path, Kind: q.Kind, Limit: q.Limit}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	if q.Cursor != "" {
		id, ok := atoi(q.Cursor)
		if !ok {
			return nil, errs.Invalidf("cursor", "invalid_cursor", "Con trỏ trang không hợp lệ.", "Invalid page cursor.")
		}
		f.AfterID = id
	}
	f.From, f.To = monthBounds(s.clock.Now())
	page := &InboxPage{}
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		page.Items, err = tx.PeriodDossiers(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(page.Items) == f.Limit {
		page.Next = itoa(page.Items[len(page.Items)-1].ID)
	}
	return page, nil
}

// OfficialNames returns the full names of the officials the control sheet of det names (the
// senders and assignees of its steps, and its current assignee), by user id. det is what Dossier
// returned to the same caller. Errors: Unauthorized.
func (s *Service) OfficialNames(ctx context.Context, det *DossierDetail) (map[int64]string, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	ids := []int64{det.CurrentUserID}
	for _, st := range det.Steps {
		ids = append(ids, st.FromUserID, st.ToUserID)
	}
	out := map[int64]string{}
	err := s.read(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			if _, done := out[id]; done || id == 0 {
				continue
			}
			u, err := tx.User(ctx, id)
			if errs.KindOf(err) == errs.NotFound {
				continue
			}
			if err != nil {
				return err
			}
			out[id] = u.FullName
		}
		return nil
	})
	return out, err
}
