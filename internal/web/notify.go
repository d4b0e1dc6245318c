package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
)

// Satisfaction ratings (đánh giá mức độ hài lòng) by the applicant of a returned dossier, and the
// administrators' view of the notifications to applicants that could not be delivered.

// raterContext carries the signed-in portal account, if any, for the rating pages, which are
// public (the emailed link works without signing in).
func raterContext(r *http.Request) context.Context {
	if c := citizenFrom(r); c != nil {
		return app.WithCitizen(r.Context(), c)
	}
	return r.Context()
}

type ratingData struct {
	Rating  *app.RatingPage
	Token   string
	Score   int
	Comment string
	Max     int
}

// Scores lists the choices, in the order shown.
func (ratingData) Scores() []int {
	return []int{app.RatingSatisfied, app.RatingNeutral, app.RatingDissatisfied}
}

// Label is a score's name.
func (ratingData) Label(score int) string { return app.RatingLabel(score) }

// ratingPage: GET /danh-gia/{code}[?ma=TOKEN], the rating form, or the rating given.
func (s *Server) ratingPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("ma")
	p, err := s.svc.DossierRating(raterContext(r), r.PathValue("code"), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "rating", &page{Title: "Đánh giá mức độ hài lòng", Data: &ratingData{Rating: p, Token: token, Max: app.MaxRatingComment}})
}

// ratingSubmit: POST /danh-gia/{code} with score, comment and the link token ma.
func (s *Server) ratingSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errs.New(errs.Invalid, "invalid_form", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
		return
	}
	ctx, code := raterContext(r), r.PathValue("code")
	score, _ := strconv.Atoi(r.PostForm.Get("score"))
	in := app.RatingInput{Score: score, Comment: r.PostForm.Get("comment"), Token: r.PostForm.Get("ma")}
	_, err := s.svc.RateDossier(ctx, code, in)
	p, perr := s.svc.DossierRating(ctx, code, in.Token)
	if perr != nil || (err != nil && errs.KindOf(err) == errs.Internal) {
		if perr == nil {
			perr = err
		}
		s.fail(w, r, perr)
		return
	}
	d := &ratingData{Rating: p, Token: in.Token, Score: score, Comment: in.Comment, Max: app.MaxRatingComment}
	pg := &page{Title: "Đánh giá mức độ hài lòng", Data: d}
	if err != nil {
		pg.Error = errs.Public(err)
		s.render(w, r, statusOf(err), "rating", pg)
		return
	}
	pg.Notice = "Cảm ơn ông/bà đã đánh giá. Ý kiến của ông/bà giúp cơ quan phục vụ tốt hơn."
	s.render(w, r, http.StatusOK, "rating", pg)
}

// homeDelivery reads, for an administrator's home page, how many notifications are undelivered.
// A failure is logged and leaves the notice out.
func (s *Server) homeDelivery(r *http.Request) *app.NotifyHealth {
	h, err := s.svc.NotificationHealth(r.Context())
	if err != nil {
		s.log.Error("notification health", "err", err, "request_id", app.RequestIDFrom(r.Context()))
		return nil
	}
	return h
}

// notificationsPage: GET /admin/thong-bao, the notifications given up or waiting for a retry.
func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) {
	l, err := s.svc.UndeliveredNotifications(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := &page{Title: "Thông báo chưa gửi được", Data: l}
	if r.URL.Query().Get("gui-lai") != "" {
		pg.Notice = "Thông báo sẽ được gửi lại trong ít giây."
	}
	s.render(w, r, http.StatusOK, "notifications", pg)
}

// notificationRetry: POST /admin/thong-bao/{id}/gui-lai sends a given-up notification again.
func (s *Server) notificationRetry(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.svc.RetryNotification(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/thong-bao?gui-lai=1", http.StatusSeeOther)
}

// --- JSON API.

type ratingJSON struct {
	DossierCode string    `json:"dossier_code"`
	Score       int       `json:"score"`
	Label       string    `json:"label"`
	Comment     string    `json:"comment,omitempty"`
	RatedAt     time.Time `json:"rated_at"`
}

// apiRate: POST /api/v1/public/dossiers/{code}/rating.
func (s *Server) apiRate(r *http.Request) (int, any, error) {
	var in app.RatingInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	code := strings.TrimSpace(r.PathValue("code"))
	row, err := s.svc.RateDossier(raterContext(r), code, in)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, ratingJSON{DossierCode: code, Score: row.Score, Label: app.RatingLabel(row.Score), Comment: row.Comment, RatedAt: row.RatedAt}, nil
}

// apiRatings: GET /api/v1/ratings?from=YYYY-MM&to=YYYY-MM, the aggregates per unit and month.
func (s *Server) apiRatings(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	if from == "" {
		from = s.svc.Clock().Now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01")
	}
	if to == "" {
		to = from
	}
	rs, err := s.svc.RatingsByUnitMonth(r.Context(), from, to)
	if err != nil {
		return 0, nil, err
	}
	type row struct {
		*app.UnitMonthRatings
		Satisfied    int `json:"satisfied"`
		Neutral      int `json:"neutral"`
		Dissatisfied int `json:"dissatisfied"`
		Total        int `json:"total"`
	}
	out := []row{}
	for _, x := range rs {
		out = append(out, row{x, x.Satisfied, x.Neutral, x.Dissatisfied, x.Total()})
	}
	return http.StatusOK, map[string]any{"from": from, "to": to, "items": out}, nil
}

type notificationJSON struct {
	ID          int64     `json:"id"`
	DossierCode string    `json:"dossier_code"`
	Channel     string    `json:"channel"`
	Recipient   string    `json:"recipient"`
	Subject     string    `json:"subject,omitempty"`
	Status      string    `json:"status"`
	Attempts    int       `json:"attempts"`
	NextAt      time.Time `json:"next_at"`
	LastError   string    `json:"last_error"`
	CreatedAt   time.Time `json:"created_at"`
}

// apiUndelivered: GET /api/v1/notifications/undelivered.
func (s *Server) apiUndelivered(r *http.Request) (int, any, error) {
	l, err := s.svc.UndeliveredNotifications(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := []notificationJSON{}
	for _, n := range l {
		out = append(out, toNotification(n))
	}
	return http.StatusOK, map[string]any{"items": out}, nil
}

func toNotification(n *store.NotificationRow) notificationJSON {
	return notificationJSON{ID: n.ID, DossierCode: n.DossierCode, Channel: n.Channel, Recipient: n.Recipient, Subject: n.Subject,
		Status: n.Status, Attempts: n.Attempts, NextAt: n.NextAt, LastError: n.LastError, CreatedAt: n.CreatedAt}
}

// apiRetryNotification: POST /api/v1/notifications/{id}/retry.
func (s *Server) apiRetryNotification(r *http.Request) (int, any, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.svc.RetryNotification(r.Context(), id); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"done": true}, nil
}

var ratingCodeParam = []apiParam{{"code", "path", "string", "dossier code"}}
var ratingListParams = []apiParam{{"from", "query", "string", "first month, YYYY-MM (default this month)"}, {"to", "query", "string", "last month, YYYY-MM (default from)"}}

func init() {
	score := map[string]any{"type": "integer", "enum": []int{1, 2, 3}, "description": "1 hài lòng, 2 bình thường, 3 không hài lòng"}
	openAPISchemas["NewRating"] = obj(map[string]any{"score": score, "comment": map[string]any{"type": "string", "maxLength": app.MaxRatingComment},
		"token": map[string]any{"type": "string", "description": "the rating link token (ma=…) sent with the return"}}, "score")
	openAPISchemas["Rating"] = obj(map[string]any{"dossier_code": str, "score": score, "label": str, "comment": str, "rated_at": dt},
		"dossier_code", "score", "label", "rated_at")
	openAPISchemas["RatingList"] = obj(map[string]any{"from": str, "to": str, "items": arr(obj(map[string]any{"unit_id": num, "unit_path": str,
		"month": str, "satisfied": num, "neutral": num, "dissatisfied": num, "total": num}, "unit_id", "month", "satisfied", "neutral", "dissatisfied", "total"))},
		"from", "to", "items")
	openAPISchemas["NotificationList"] = obj(map[string]any{"items": arr(obj(map[string]any{"id": num, "dossier_code": str,
		"channel": map[string]any{"type": "string", "enum": []string{"email", "sms"}}, "recipient": str, "subject": str,
		"status": map[string]any{"type": "string", "enum": []string{"pending", "failed"}}, "attempts": num, "next_at": dt, "last_error": str,
		"created_at": dt}, "id", "dossier_code", "channel", "recipient", "status", "attempts"))}, "items")
}

// overviewRatings adds up this month's ratings under each unit of the overview.
func (s *Server) overviewRatings(r *http.Request, units []*app.UnitOverview) (map[int64]app.RatingSummary, error) {
	out := map[int64]app.RatingSummary{}
	if len(units) == 0 {
		return out, nil
	}
	month := units[0].Month.Format("2006-01")
	rs, err := s.svc.RatingsByUnitMonth(r.Context(), month, month)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		out[u.Unit.UnitID] = app.SumRatings(rs, u.Unit.UnitPath)
	}
	return out, nil
}
