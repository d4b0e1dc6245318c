package web

import (
	"net/http"
	"strconv"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
)

type calendarsData struct {
	Calendars []app.CalendarInfo
}

// calendarsPage lists the calendars.
func (s *Server) calendarsPage(w http.ResponseWriter, r *http.Request) {
	cs, err := s.svc.Calendars(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "calendars", &page{Title: "Lịch làm việc", Data: calendarsData{cs}})
}

type calendarEditData struct {
	Key     string
	Body    string
	Version int64
	Change  *app.CalendarChange
}

// calendarEditPage shows a calendar file for editing.
func (s *Server) calendarEditPage(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	body, version, err := s.svc.CalendarFile(r.Context(), key)
	if errs.KindOf(err) == errs.NotFound && key != app.NationalCalendar {
		body, version, err = "", 0, nil // a new calendar
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "calendar_edit", &page{Title: "Lịch " + key, Data: calendarEditData{Key: key, Body: body, Version: version}})
}

// calendarSubmit previews the change ("preview") or applies it ("confirm"): nothing is stored
// before the administrator has seen what changes.
func (s *Server) calendarSubmit(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	body := r.PostFormValue("body")
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	confirm := r.PostFormValue("action") == "confirm"
	ch, err := s.svc.PutCalendar(r.Context(), key, body, version, confirm)
	d := calendarEditData{Key: key, Body: body, Version: version, Change: ch}
	if err != nil {
		if k := errs.KindOf(err); k != errs.Invalid && k != errs.Conflict {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "calendar_edit", &page{Title: "Lịch " + key, Error: errs.Public(err), Data: d})
		return
	}
	if ch.Applied {
		http.Redirect(w, r, "/admin/calendars?done="+key, http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "calendar_edit", &page{Title: "Lịch " + key, Data: d})
}

// unitCalendar sets the calendar a unit uses.
func (s *Server) unitCalendar(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.svc.SetUnitCalendar(r.Context(), id, r.PostFormValue("calendar"))
	}
	if err != nil {
		if errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.NotFound && r.PostFormValue("calendar") != "" {
			s.renderUnit(w, r, statusOf(err), err, nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/units/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) apiUnitCalendar(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Calendar string `json:"calendar"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if err := s.svc.SetUnitCalendar(r.Context(), id, in.Calendar); err != nil {
		return 0, nil, err
	}
	key, err := s.svc.UnitCalendar(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"unit_id": id, "calendar": key}, nil
}
