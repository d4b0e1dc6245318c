package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
)

// durationFrom reads exactly one of days=N, hours=N, same_day=1 or calendar_days=N (N may be
// fractional for days and hours, e.g. 0.5) from a query.
func durationFrom(q url.Values) (calendar.Duration, error) {
	var d calendar.Duration
	n := 0
	num := func(name string) (float64, error) {
		v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(q.Get(name)), ",", ".", 1), 64)
		if err != nil {
			return 0, errs.Invalidf(name, "invalid_duration", "Thời hạn "+q.Get(name)+" không phải là số.", "The duration is not a number.")
		}
		if v < 0 {
			return 0, errs.Invalidf(name, "invalid_duration", "Thời hạn không được âm.", "The duration must not be negative.")
		}
		return v, nil
	}
	for _, name := range []string{"days", "hours", "calendar_days"} {
		if q.Get(name) == "" {
			continue
		}
		n++
		v, err := num(name)
		if err != nil {
			return d, err
		}
		switch name {
		case "days":
			d = calendar.WorkingDaysOf(v)
		case "hours":
			d = calendar.WorkingHoursOf(v)
		default:
			if v != float64(int(v)) {
				return d, errs.Invalidf(name, "invalid_duration", "Số ngày theo lịch phải là số nguyên.", "Calendar days must be whole.")
			}
			d = calendar.CalendarDaysOf(int(v))
		}
	}
	if v := q.Get("same_day"); v != "" && v != "0" && v != "false" {
		n++
		d = calendar.SameDayBy(calendar.Clock(15, 0))
	}
	if n != 1 {
		return d, errs.Invalidf("days", "invalid_duration", "Cần đúng một thời hạn: days, hours, same_day hoặc calendar_days.", "Give exactly one of days, hours, same_day or calendar_days.")
	}
	if err := d.Check(); err != nil {
		return d, calendarErr(err, "days")
	}
	return d, nil
}

func calendarErr(err error, field string) error {
	if ce, ok := err.(*calendar.Error); ok {
		return errs.Invalidf(field, ce.Code, ce.Message, ce.Message)
	}
	return err
}

type skippedJSON struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

func dueJSON(r calendar.Result) map[string]any {
	skipped := []skippedJSON{}
	for _, s := range r.Skipped {
		skipped = append(skipped, skippedJSON{s.Date.String(), s.Reason})
	}
	notes := r.Notes
	if notes == nil {
		notes = []string{}
	}
	return map[string]any{"start": r.Start.Format(time.RFC3339), "clock_start": r.ClockStart.Format(time.RFC3339), "normalized": r.Normalized,
		"due": r.Due.Format(time.RFC3339), "provisional": r.Provisional, "skipped": skipped, "notes": notes, "explanation": r.Explain()}
}

// apiCalendarDue: GET /api/v1/calendar/due?from=RFC3339&days=N[&calendar=KEY], public.
func (s *Server) apiCalendarDue(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	from, err := time.Parse(time.RFC3339, q.Get("from"))
	if err != nil {
		return 0, nil, errs.Invalidf("from", "invalid_date", "Thời điểm bắt đầu phải theo RFC 3339, ví dụ 2025-03-03T09:00:00+07:00.", "from must be RFC 3339, e.g. 2025-03-03T09:00:00+07:00.")
	}
	d, err := durationFrom(q)
	if err != nil {
		return 0, nil, err
	}
	res, err := s.svc.Due(r.Context(), q.Get("calendar"), from, d)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, dueJSON(res), nil
}

func yearFrom(q url.Values, now time.Time) (int, error) {
	v := q.Get("year")
	if v == "" {
		return now.In(vietnam).Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < calendar.MinYear || y > calendar.MaxYear {
		return 0, errs.Invalidf("year", "invalid_year", "Năm phải từ "+strconv.Itoa(calendar.MinYear)+" đến "+strconv.Itoa(calendar.MaxYear)+".", "Year out of range.")
	}
	return y, nil
}

// apiCalendarHolidays: GET /api/v1/calendar/holidays?year=YYYY[&calendar=KEY], public.
func (s *Server) apiCalendarHolidays(r *http.Request) (int, any, error) {
	year, err := yearFrom(r.URL.Query(), s.svc.Clock().Now())
	if err != nil {
		return 0, nil, err
	}
	ys, err := s.svc.Holidays(r.Context(), r.URL.Query().Get("calendar"), year)
	if err != nil {
		return 0, nil, err
	}
	days := []map[string]string{}
	for _, l := range ys.Lines {
		days = append(days, map[string]string{"date": l.Date.String(), "kind": l.Kind, "name": l.Name})
	}
	warnings := ys.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	return http.StatusOK, map[string]any{"year": ys.Year, "provisional": ys.Provisional, "note": ys.Note, "days": days, "warnings": warnings}, nil
}

func (s *Server) apiCalendars(r *http.Request) (int, any, error) {
	cs, err := s.svc.Calendars(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := []map[string]any{}
	for _, c := range cs {
		out = append(out, map[string]any{"key": c.Key, "name": c.Name, "years": c.Years, "version": c.Version})
	}
	return http.StatusOK, map[string]any{"calendars": out}, nil
}

func (s *Server) apiCalendarFile(r *http.Request) (int, any, error) {
	body, version, err := s.svc.CalendarFile(r.Context(), r.PathValue("key"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"key": r.PathValue("key"), "version": version, "body": body}, nil
}

func entriesJSON(es []calendar.Entry) []map[string]string {
	out := []map[string]string{}
	for _, e := range es {
		out = append(out, map[string]string{"date": e.Date.String(), "kind": string(e.Kind), "name": e.Name, "legal_ref": e.LegalRef})
	}
	return out
}

// apiPutCalendar previews ({"confirm": false}) or applies a calendar file.
func (s *Server) apiPutCalendar(r *http.Request) (int, any, error) {
	var in struct {
		Body    string `json:"body"`
		Version int64  `json:"version"`
		Confirm bool   `json:"confirm"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	ch, err := s.svc.PutCalendar(r.Context(), r.PathValue("key"), in.Body, in.Version, in.Confirm)
	if err != nil {
		return 0, nil, err
	}
	warnings := ch.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	moves := []map[string]any{}
	for _, m := range ch.Moves {
		moves = append(moves, map[string]any{"code": m.Code, "due_at": m.DueAt.In(vietnam), "new_due_at": m.NewDueAt.In(vietnam)})
	}
	return http.StatusOK, map[string]any{"key": ch.Key, "applied": ch.Applied, "version": ch.Version, "added": entriesJSON(ch.Added),
		"removed": entriesJSON(ch.Removed), "warnings": warnings, "dossiers_moved": moves}, nil
}

type calendarPage struct {
	Form     url.Values
	Result   *calendar.Result
	Schedule app.YearSchedule
	Year     int
}

// calendarPublic is the public page where anyone computes an appointment date and sees why, and
// reads the year's days off. A plain GET form: no script needed.
func (s *Server) calendarPublic(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	now := s.svc.Clock().Now().In(vietnam)
	p := &page{Title: "Tính ngày hẹn trả kết quả"}
	d := calendarPage{Form: q}
	if q.Get("date") == "" {
		d.Form = url.Values{"date": {now.Format(time.DateOnly)}, "time": {now.Format("15:04")}, "value": {"5"}, "unit": {"days"}}
	} else {
		from, err := time.ParseInLocation("2006-01-02 15:04", q.Get("date")+" "+q.Get("time"), vietnam)
		if err != nil {
			p.Error = errs.Public(errs.Invalidf("date", "invalid_date", "Ngày giờ tiếp nhận không hợp lệ.", "Invalid reception date or time."))
		} else {
			unit := q.Get("unit")
			dq := url.Values{}
			switch unit {
			case "days", "hours", "calendar_days":
				dq.Set(unit, q.Get("value"))
			case "same_day":
				dq.Set("same_day", "1")
			default:
				dq.Set("days", "")
			}
			dur, err := durationFrom(dq)
			if err == nil {
				var res calendar.Result
				if res, err = s.svc.Due(r.Context(), "", from, dur); err == nil {
					d.Result = &res
				}
			}
			if err != nil {
				p.Error = errs.Public(err)
			}
		}
	}
	year, err := yearFrom(q, now)
	if err != nil {
		year, p.Error = now.Year(), errs.Public(err)
	}
	d.Year = year
	if d.Schedule, err = s.svc.Holidays(r.Context(), "", year); err != nil {
		s.fail(w, r, err)
		return
	}
	p.Data = d
	status := http.StatusOK
	if p.Error != nil {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "calendar", p)
}
