package web

import (
	"net/http"
	"time"

	"github.com/egov-vn/egov/internal/app"
)

// homeListLimit is how many dossiers of each reminder list the home page names.
const homeListLimit = 5

// homeData is what the officials' home page shows besides their roles: the reminders.
type homeData struct {
	Reminders            *app.Reminders
	Overdue, DueSoon     []*app.Reminder // the first few of each list
	MoreOverdue, MoreDue int
	// Delivery counts, for administrators, the notifications to applicants not delivered.
	Delivery *app.NotifyHealth
}

// homeReminders reads the signed-in official's reminders for the home page. A failure is
// logged and leaves the notice out: the home page still works.
func (s *Server) homeReminders(r *http.Request) homeData {
	rem, err := s.svc.Reminders(r.Context())
	if err != nil {
		s.log.Error("home reminders", "err", err, "request_id", app.RequestIDFrom(r.Context()))
		return homeData{}
	}
	d := homeData{Reminders: rem, Overdue: rem.Overdue, DueSoon: rem.DueSoon}
	if len(d.Overdue) > homeListLimit {
		d.MoreOverdue, d.Overdue = len(d.Overdue)-homeListLimit, d.Overdue[:homeListLimit]
	}
	if len(d.DueSoon) > homeListLimit {
		d.MoreDue, d.DueSoon = len(d.DueSoon)-homeListLimit, d.DueSoon[:homeListLimit]
	}
	return d
}

// reminderJSON is a reminder in the API.
type reminderJSON struct {
	Code          string    `json:"code"`
	ProcedureCode string    `json:"procedure_code"`
	ProcedureName string    `json:"procedure_name"`
	Step          string    `json:"step"`
	Due           time.Time `json:"due"`
	StepDue       bool      `json:"step_due"`
	DossierDueAt  time.Time `json:"dossier_due_at,omitzero"`
	MinutesLeft   int64     `json:"working_minutes_left,omitempty"`
	MinutesLate   int64     `json:"working_minutes_late,omitempty"`
	Status        string    `json:"status"`
	StatusEN      string    `json:"status_en"`
}

type remindersJSON struct {
	At      time.Time      `json:"at"`
	DueSoon []reminderJSON `json:"due_soon"`
	Overdue []reminderJSON `json:"overdue"`
}

func toReminders(rs []*app.Reminder) []reminderJSON {
	out := []reminderJSON{}
	for _, r := range rs {
		out = append(out, reminderJSON{Code: r.Code, ProcedureCode: r.ProcedureCode, ProcedureName: r.ProcedureName, Step: r.Step,
			Due: r.Due, StepDue: r.StepDue, DossierDueAt: r.DossierDueAt, MinutesLeft: int64(r.Left / time.Minute),
			MinutesLate: int64(r.Late / time.Minute), Status: r.Status(), StatusEN: r.StatusEN()})
	}
	return out
}

// apiReminders is the home page's notice in JSON.
func (s *Server) apiReminders(r *http.Request) (int, any, error) {
	rem, err := s.svc.Reminders(r.Context())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, remindersJSON{At: rem.At, DueSoon: toReminders(rem.DueSoon), Overdue: toReminders(rem.Overdue)}, nil
}

func init() {
	item := obj(map[string]any{"code": str, "procedure_code": str, "procedure_name": str, "step": str, "due": dt, "step_due": bl,
		"dossier_due_at": dt, "working_minutes_left": num, "working_minutes_late": num, "status": str, "status_en": str},
		"code", "procedure_code", "procedure_name", "step", "due", "step_due", "status", "status_en")
	openAPISchemas["Reminders"] = obj(map[string]any{"at": dt, "due_soon": arr(item), "overdue": arr(item)}, "at", "due_soon", "overdue")
}
