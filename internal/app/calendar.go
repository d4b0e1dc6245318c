package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// NationalCalendar is the key of the default calendar: the built-in national schedule, unless an
// administrator stored a replacement under this key.
const NationalCalendar = "national"

var calendarKeyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// calendarCache keeps parsed calendars by key and version: parsing and indexing happen once per
// change, not per request.
type calendarCache struct {
	mu sync.Mutex
	m  map[string]cachedCalendar
}

type cachedCalendar struct {
	version int64
	cal     *calendar.Calendar
}

var builtinNational = calendar.National()

// calErr turns a calendar package error into an Invalid error with the same code.
func calErr(err error, field string) error {
	var ce *calendar.Error
	if errors.As(err, &ce) {
		return &errs.Error{Kind: errs.Invalid, Code: ce.Code, Message: ce.Message, English: ce.Message, Field: field}
	}
	return err
}

// CalendarInfo describes an available calendar.
type CalendarInfo struct {
	Key       string
	Name      string
	Years     []int
	Version   int64 // 0 for the built-in one
	UpdatedAt time.Time
	UpdatedBy string
}

// Calendar returns the calendar stored under key ("" means national), or the built-in national
// calendar when none is stored under "national". Errors: NotFound (unknown_calendar), Invalid.
func (s *Service) Calendar(ctx context.Context, key string) (*calendar.Calendar, error) {
	if key == "" {
		key = NationalCalendar
	}
	if !calendarKeyPattern.MatchString(key) {
		return nil, errs.Invalidf("calendar", "unknown_calendar", "Không có lịch làm việc tên "+key+".", "No calendar named "+key+".")
	}
	if s.offline {
		if key == NationalCalendar {
			return builtinNational, nil
		}
		return nil, errs.New(errs.NotFound, "unknown_calendar", "Không có lịch làm việc tên "+key+" (chỉ có lịch quốc gia khi không dùng cơ sở dữ liệu).", "No calendar named "+key+" (only the national one without a database).")
	}
	var cal *calendar.Calendar
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		cal, err = s.calendarIn(ctx, tx, key)
		return err
	})
	return cal, err
}

// parsed returns the calendar of a stored row, parsed once per version.
func (c *calendarCache) parsed(row *store.CalendarRow) (*calendar.Calendar, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[row.Name]; ok && e.version == row.Version {
		return e.cal, nil
	}
	cal, err := calendar.Parse(strings.NewReader(row.Body))
	if err != nil {
		return nil, errs.Wrap(err, "stored calendar "+row.Name)
	}
	if c.m == nil {
		c.m = map[string]cachedCalendar{}
	}
	c.m[row.Name] = cachedCalendar{row.Version, cal}
	return cal, nil
}

// calendarIn is Calendar inside tx: one light statement (the stored version), and the body only
// when it changed since last parsed. A write transaction must use it rather than Calendar, which
// would take a second connection from the pool while tx holds one: with every connection held
// by such transactions, none could go on. tx must not have changed the calendar (see
// calendarAt).
func (s *Service) calendarIn(ctx context.Context, tx *store.Tx, key string) (*calendar.Calendar, error) {
	if key == "" {
		key = NationalCalendar
	}
	version, err := tx.CalendarVersion(ctx, key)
	if err != nil {
		return nil, err
	}
	return s.calendarAt(ctx, tx, key, version)
}

// calendarAt is Calendar inside tx when the stored version of the calendar is known (0: none is
// stored under key): the body is read and parsed only when the cache holds another version. tx
// must not have changed the calendar (what it read would be kept even if tx rolled back).
func (s *Service) calendarAt(ctx context.Context, tx *store.Tx, key string, version int64) (*calendar.Calendar, error) {
	if version == 0 {
		if key == NationalCalendar {
			return builtinNational, nil
		}
		return nil, errs.New(errs.NotFound, "unknown_calendar", "Không có lịch làm việc tên "+key+".", "No calendar named "+key+".")
	}
	s.cals.mu.Lock()
	e, ok := s.cals.m[key]
	s.cals.mu.Unlock()
	if ok && e.version == version {
		return e.cal, nil
	}
	row, err := tx.Calendar(ctx, key)
	if err != nil {
		return nil, err
	}
	return s.cals.parsed(row)
}

// Calendars lists the available calendars: the national one (built-in or stored) and the others.
func (s *Service) Calendars(ctx context.Context) ([]CalendarInfo, error) {
	var rows []*store.CalendarRow
	if err := s.read(ctx, func(tx *store.Tx) (err error) { rows, err = tx.Calendars(ctx); return err }); err != nil {
		return nil, err
	}
	out := []CalendarInfo{{Key: NationalCalendar, Name: builtinNational.Name, Years: builtinNational.Years}}
	for _, r := range rows {
		cal, err := s.Calendar(ctx, r.Name)
		if err != nil {
			return nil, err
		}
		info := CalendarInfo{Key: r.Name, Name: cal.Name, Years: cal.Years, Version: r.Version, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy}
		if r.Name == NationalCalendar {
			out[0] = info
		} else {
			out = append(out, info)
		}
	}
	return out, nil
}

// CalendarFile returns the text file of a calendar and its version (0 for the built-in one).
func (s *Service) CalendarFile(ctx context.Context, key string) (string, int64, error) {
	cal, err := s.Calendar(ctx, key)
	if err != nil {
		return "", 0, err
	}
	var version int64
	if cal != builtinNational {
		s.read(ctx, func(tx *store.Tx) error {
			if row, err := tx.Calendar(ctx, keyOr(key)); err == nil {
				version = row.Version
			}
			return nil
		})
	}
	var b strings.Builder
	if err := cal.Write(&b); err != nil {
		return "", 0, errs.Wrap(err, "write calendar")
	}
	return b.String(), version, nil
}

func keyOr(k string) string {
	if k == "" {
		return NationalCalendar
	}
	return k
}

// Due computes the due instant of a duration started at start on the calendar key. The result
// explains itself and is marked provisional where official data is missing. Errors: Invalid
// (invalid_duration, out_of_range, …), NotFound (unknown_calendar).
func (s *Service) Due(ctx context.Context, key string, start time.Time, d calendar.Duration) (calendar.Result, error) {
	cal, err := s.Calendar(ctx, key)
	if err != nil {
		return calendar.Result{}, err
	}
	r, err := cal.Due(start, d)
	if err != nil {
		return r, calErr(err, "duration")
	}
	return r, nil
}

// YearSchedule is one year's dated entries of a calendar.
type YearSchedule struct {
	Year        int
	Entries     []calendar.Entry
	Provisional bool   // no official data: the statutory proposal from the lunar calendar
	Note        string // Vietnamese, e.g. "Chưa có lịch nghỉ chính thức năm 2027…"
	Warnings    []string
	Lines       []HolidayLine
}

// Holidays returns the dated entries of a year on the calendar key, in date order. For a year
// without official data it returns the statutory schedule computed from the lunar calendar,
// marked provisional with a note, and never a silently wrong list. Errors: Invalid
// (out_of_range), NotFound.
func (s *Service) Holidays(ctx context.Context, key string, year int) (YearSchedule, error) {
	cal, err := s.Calendar(ctx, key)
	if err != nil {
		return YearSchedule{}, err
	}
	ys := YearSchedule{Year: year}
	official := false
	for _, y := range cal.Years {
		official = official || y == year
	}
	if official {
		for _, e := range cal.Entries {
			if e.Date.Year == year {
				ys.Entries = append(ys.Entries, e)
			}
		}
		for _, r := range cal.Unconfirmed {
			if r.From.Year == year || r.To.Year == year {
				ys.Provisional = true
				ys.Note = fmt.Sprintf("Khoảng %s chưa có thông báo chính thức; ngày nghỉ trong khoảng này là tạm tính theo Bộ luật Lao động.", r)
			}
		}
		ys.Warnings = calendar.CheckAgainstLunar(cal, year)
		ys.Lines = holidayLines(cal, ys.Entries)
		return ys, nil
	}
	entries, err := calendar.StatutoryHolidays(year)
	if err != nil {
		return ys, calErr(err, "year")
	}
	ys.Provisional = true
	ys.Note = fmt.Sprintf("Chưa có lịch nghỉ chính thức năm %d; danh sách dưới đây là lịch tạm tính theo Bộ luật Lao động 2019, Điều 112 và âm lịch.", year)
	ys.Entries = entries
	ys.Lines = holidayLines(cal, entries)
	return ys, nil
}

// HolidayLine is one day that differs from the usual week: a weekday without work ("off") or a
// make-up working day ("workday").
type HolidayLine struct {
	Date calendar.Date
	Kind string // "off" or "workday"
	Name string
}

// holidayLines keeps the entries that change a day's status: days off that fall on a usual
// working weekday, and make-up working days.
func holidayLines(cal *calendar.Calendar, entries []calendar.Entry) []HolidayLine {
	var out []HolidayLine
	for _, e := range entries {
		weeklyOff := slices.Contains(cal.WeeklyOff, e.Date.Weekday())
		switch {
		case e.Kind == calendar.MakeUpWorkday:
			out = append(out, HolidayLine{e.Date, "workday", e.Name})
		case e.Kind.Off() && !weeklyOff:
			out = append(out, HolidayLine{e.Date, "off", e.Name})
		}
	}
	slices.SortStableFunc(out, func(a, b HolidayLine) int { return a.Date.Compare(b.Date) })
	return out
}

// CalendarChange is what storing a calendar file would change.
type CalendarChange struct {
	Key      string
	Added    []calendar.Entry
	Removed  []calendar.Entry
	Warnings []string // disagreements with the lunar calendar, per year
	// Moves lists the open dossiers on this calendar whose due date the change would move
	// (they keep their remaining working time; pauses and reschedules included). They are moved,
	// each with a timeline entry and an audit record, only on confirmation.
	Moves   []DueMove
	Applied bool
	Version int64
}

// DueMove is an open dossier's due date before and after a calendar change.
type DueMove struct {
	Code     string
	DueAt    time.Time
	NewDueAt time.Time
}

// PutCalendar previews, and with confirm stores, a calendar file under key. The preview lists the
// dated entries added and removed and the lunar-calendar warnings; nothing is stored without
// confirm, and the stored version must still be expectVersion (0 when storing a new key or the
// first replacement of the built-in national calendar). Only administrators of a root unit may
// change calendars. Errors: Invalid (with the file line), Forbidden, Conflict (calendar_changed).
func (s *Service) PutCalendar(ctx context.Context, key, body string, expectVersion int64, confirm bool) (*CalendarChange, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System && !rootAdmin(a) {
		return nil, errs.ErrForbidden
	}
	if !calendarKeyPattern.MatchString(key) {
		return nil, errs.Invalidf("key", "invalid_calendar_key", "Mã lịch gồm 2–63 ký tự: chữ thường không dấu, chữ số, gạch ngang.", "Calendar keys are 2–63 lowercase letters, digits or '-'.")
	}
	cal, err := calendar.Parse(strings.NewReader(body))
	if err != nil {
		return nil, calErr(err, "body")
	}
	var old *calendar.Calendar
	if old, err = s.Calendar(ctx, key); errs.KindOf(err) == errs.NotFound || errs.KindOf(err) == errs.Invalid {
		old, err = calendar.New(cal.Name), nil
	}
	if err != nil {
		return nil, err
	}
	ch := &CalendarChange{Key: key}
	oldSet := map[calendar.Entry]bool{}
	for _, e := range old.Entries {
		oldSet[e] = true
	}
	newSet := map[calendar.Entry]bool{}
	for _, e := range cal.Entries {
		newSet[e] = true
		if !oldSet[e] {
			ch.Added = append(ch.Added, e)
		}
	}
	for _, e := range old.Entries {
		if !newSet[e] {
			ch.Removed = append(ch.Removed, e)
		}
	}
	for _, y := range cal.Years {
		ch.Warnings = append(ch.Warnings, calendar.CheckAgainstLunar(cal, y)...)
	}
	moves, err := s.dueMoves(ctx, key, old, cal)
	if err != nil {
		return nil, err
	}
	ch.Moves = moves
	if !confirm {
		return ch, nil
	}
	var b strings.Builder
	if err := cal.Write(&b); err != nil {
		return nil, calErr(err, "body")
	}
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		v, err := tx.PutCalendar(ctx, &store.CalendarRow{Name: key, Body: b.String(), UpdatedAt: s.clock.Now(), UpdatedBy: a.Name()}, expectVersion)
		if err != nil {
			return nil, err
		}
		ch.Version = v
		changes := []change{{Action: "calendar.put", ObjectType: "calendar", UnitPath: "/",
			After: map[string]any{"key": key, "version": v, "added": len(ch.Added), "removed": len(ch.Removed), "dossiers_moved": len(moves)}}}
		moved, err := s.applyDueMoves(ctx, tx, a, key, moves, cal)
		if err != nil {
			return nil, err
		}
		return append(changes, moved...), nil
	})
	if err != nil {
		return nil, err
	}
	ch.Applied = true
	return ch, nil
}

// rootAdmin reports whether the actor administers a root unit (a scope one level deep).
func rootAdmin(a *org.Actor) bool {
	for _, s := range a.Scopes(org.PermManageUnits) {
		if strings.Count(s, "/") == 2 {
			return true
		}
	}
	return false
}

// Offline returns a service with no database, for commands that only need the built-in
// national calendar (Calendar, Due, Holidays, CalendarFile of "national"). Any method that needs
// storage fails.
func Offline(log *slog.Logger) *Service {
	return &Service{clock: clock.System{}, log: log, Issuer: "egov", offline: true}
}

// UnitCalendar returns the key of the calendar a unit uses: its own, or its nearest ancestor's,
// or the national one.
func (s *Service) UnitCalendar(ctx context.Context, unitID int64) (string, error) {
	var key string
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		key, err = tx.UnitCalendarName(ctx, unitID)
		return err
	})
	if key == "" {
		key = NationalCalendar
	}
	return key, err
}

// SetUnitCalendar makes a unit (and the units under it that have none of their own) use the
// calendar key; "" returns it to its parent's. The caller must administer the unit. Errors:
// Forbidden, NotFound (unit, unknown_calendar).
func (s *Service) SetUnitCalendar(ctx context.Context, unitID int64, key string) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if key != "" {
		if _, err := s.Calendar(ctx, key); err != nil {
			return err
		}
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		u, err := tx.Unit(ctx, unitID)
		if err != nil {
			return nil, err
		}
		if !a.Can(org.PermManageUnits, u.Path) {
			return nil, errs.ErrForbidden
		}
		before, err := tx.UnitCalendarName(ctx, unitID)
		if err != nil {
			return nil, err
		}
		if err := tx.SetUnitCalendar(ctx, unitID, key); err != nil {
			return nil, err
		}
		return []change{{Action: "unit.calendar", ObjectType: "unit", ObjectID: unitID, UnitPath: u.Path,
			Before: map[string]string{"calendar": before}, After: map[string]string{"calendar": key}}}, nil
	})
}

// dueMoves lists the open dossiers on calendar key whose due date differs under next: each keeps
// the working time from its reception to its current due (so supplement pauses and a
// reschedule stay counted), laid out on the new calendar.
func (s *Service) dueMoves(ctx context.Context, key string, old, next *calendar.Calendar) ([]DueMove, error) {
	if s.offline {
		return nil, nil
	}
	var rows []*store.DossierRow
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		rows, err = tx.OpenDossiersOnCalendar(ctx, key, 1_000_000)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []DueMove
	for _, d := range rows {
		if d.ReceivedAt.IsZero() || d.DueAt.IsZero() {
			continue
		}
		w, err := old.WorkingTimeBetween(d.ReceivedAt, d.DueAt)
		if err != nil {
			continue // outside the calendar's range: left alone, never guessed
		}
		r, err := next.Due(d.ReceivedAt, calendar.WorkingHoursOf(w.Hours()))
		if err != nil {
			continue
		}
		if !r.Due.Equal(d.DueAt) {
			out = append(out, DueMove{Code: d.Code, DueAt: d.DueAt, NewDueAt: r.Due})
		}
	}
	return out, nil
}

// applyDueMoves moves the due dates of a confirmed calendar change, with a timeline entry and an
// audit record for each dossier. A dossier that changed since the preview is moved from its
// current state only if it is still open and still on this calendar.
func (s *Service) applyDueMoves(ctx context.Context, tx *store.Tx, a *org.Actor, key string, moves []DueMove, cal *calendar.Calendar) ([]change, error) {
	now := s.clock.Now()
	var out []change
	for _, m := range moves {
		d, err := tx.Dossier(ctx, m.Code)
		if err != nil {
			return nil, err
		}
		if d.CalendarKey != key || !d.DueAt.Equal(m.DueAt) {
			continue
		}
		before := d.DueAt
		if d.OriginalDueAt.Equal(d.DueAt) {
			d.OriginalDueAt = m.NewDueAt
		}
		d.DueAt, d.UpdatedAt = m.NewDueAt, now
		if err := tx.UpdateDossier(ctx, d); err != nil {
			return nil, err
		}
		data := fmt.Sprintf(`{"calendar":%q,"previous_due_at":%q,"due_at":%q}`, key, before.Format(time.RFC3339), m.NewDueAt.Format(time.RFC3339))
		if err := tx.InsertEvent(ctx, &store.EventRow{DossierID: d.ID, At: now, ActorID: a.UserID, ActorName: a.DisplayName(),
			Action: "calendar_change", From: d.State, To: d.State, Reason: "Thay đổi lịch làm việc " + key, Data: data}); err != nil {
			return nil, err
		}
		if err := s.refreshStats(ctx, tx, d, cal); err != nil {
			return nil, err
		}
		out = append(out, change{Action: "dossier.due_moved", ObjectType: "dossier", ObjectID: d.ID, UnitPath: d.CurrentUnitPath,
			Before: map[string]any{"code": d.Code, "due_at": before}, After: map[string]any{"code": d.Code, "due_at": m.NewDueAt, "calendar": key}})
	}
	return out, nil
}
