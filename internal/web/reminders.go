package web

import (
	"net/http"

	"github.com/egov-vn/egov/internal/app"
)

// homeListLimit is how many dossiers of each reminder list the home page names.
const homeListLimit = 5

// homeData is what the officials' home page shows besides their roles: the reminders.
type homeData struct {
	Reminders            *app.Reminders
	Overdue, DueSoon     []*app.Reminder // the first few of each list
	MoreOverdue, MoreDue int
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
