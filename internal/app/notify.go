package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	htmltemplate "html/template"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Notifications to the applicant (thông báo cho người nộp hồ sơ): every change of a dossier's
// state, and a new appointment, is told to the applicant by email and by SMS, at the email address
// and phone number on the dossier and those of the portal account that owns it.
//
// The messages are written to an outbox (store.NotificationRow) in the transaction of the action
// itself: an action rolled back sends nothing, and one committed is sent even when the process
// stops right after. DeliverNotifications, run in a loop by egov serve (RunNotifications), sends
// them: each message is claimed under a lease, so that several egov processes on one PostgreSQL
// send it once, retried with a growing delay when the mail server or SMS gateway fails, and given
// up after notifyMaxAttempts, which administrators see on their home page and at
// /admin/thong-bao. Delivery is at least once: a process that stops between the handing over of a
// message and its recording sends it again after the lease.

// SMSGateway sends one text message to a phone number. To plug in a real SMS gateway (a carrier's
// SMS brandname API, for example), implement SendSMS with its HTTP API, returning an error when
// the gateway does not accept the message (a notification is then retried), and return it from
// smsGateway in egov serve's wiring (internal/cli/notify.go), which gives it to SetNotifications
// and to NewCodeSender.
type SMSGateway interface {
	SendSMS(ctx context.Context, phone, text string) error
}

// LogSMS is the SMS gateway used when none is configured: it writes each message to the log.
type LogSMS struct{ Log *slog.Logger }

// SendSMS logs the message.
func (g LogSMS) SendSMS(_ context.Context, phone, text string) error {
	g.Log.Info("SMS (no SMS gateway configured)", "to", phone, "text", text)
	return nil
}

// NotifySettings configure the notifications to applicants.
type NotifySettings struct {
	// Mailer sends the emails; nil sends none (and writes none to the outbox).
	Mailer Mailer
	// SMS sends the text messages; nil logs them (LogSMS).
	SMS SMSGateway
	// BaseURL is the site's public address, for the links in the messages.
	BaseURL string
}

// SetNotifications turns the notifications to applicants on. A service without them (the default,
// and the demo data generator) writes nothing to the outbox.
func (s *Service) SetNotifications(n NotifySettings) {
	if n.SMS == nil {
		n.SMS = LogSMS{Log: s.log}
	}
	n.BaseURL = strings.TrimRight(strings.TrimSpace(n.BaseURL), "/")
	if n.BaseURL == "" {
		n.BaseURL = "http://localhost:8080"
	}
	s.notify = &n
}

// Outbox delivery: the lease of a claimed message, the attempts, and the delay before a retry.
const (
	notifyLease       = 5 * time.Minute
	notifyMaxAttempts = 8
	notifyFirstDelay  = time.Minute
	notifyMaxDelay    = 6 * time.Hour
	notifyBatch       = 50
)

// retryDelay is the wait after the n-th failed attempt: 1, 2, 4 … minutes, at most notifyMaxDelay.
func retryDelay(n int) time.Duration {
	d := notifyFirstDelay
	for i := 1; i < n && d < notifyMaxDelay; i++ {
		d *= 2
	}
	return min(d, notifyMaxDelay)
}

// notifyEvent writes to the outbox, inside the action's transaction, the messages telling the
// applicant of d about ev. It is called by every action that records a timeline event; an event
// that neither changes the state nor sets a new appointment sends nothing.
func (s *Service) notifyEvent(ctx context.Context, tx *store.Tx, d *store.DossierRow, ev *store.EventRow) error {
	return s.notifyEventOf(ctx, tx, d, ev, nil)
}

// notifyReceived is notifyEvent for a dossier just received at the desk in tx: no portal account
// owns it yet, and its receiving unit recv is in hand, so neither is read.
func (s *Service) notifyReceived(ctx context.Context, tx *store.Tx, d *store.DossierRow, ev *store.EventRow, recv *org.Unit) error {
	return s.notifyEventOf(ctx, tx, d, ev, recv)
}

// notifyEventOf is notifyEvent; a non-nil recv is d's receiving unit and means that d has no
// owning portal account.
func (s *Service) notifyEventOf(ctx context.Context, tx *store.Tx, d *store.DossierRow, ev *store.EventRow, recv *org.Unit) error {
	n := s.notify
	if n == nil || (ev.From == ev.To && ev.Action != string(dossier.ActionReschedule)) {
		return nil
	}
	emails, phones := []string{}, []string{}
	add := func(list *[]string, v string) {
		v = strings.TrimSpace(v)
		for _, x := range *list {
			if strings.EqualFold(x, v) {
				return
			}
		}
		if v != "" {
			*list = append(*list, v)
		}
	}
	add(&emails, d.ApplicantEmail)
	add(&phones, d.ApplicantPhone)
	var owner int64
	if recv == nil {
		var err error
		if owner, err = tx.DossierOwner(ctx, d.ID); err != nil {
			return err
		}
	}
	if owner != 0 {
		acc, err := tx.Citizen(ctx, owner)
		if err != nil {
			return err
		}
		add(&emails, acc.Email)
		add(&phones, acc.Phone)
	}
	if n.Mailer == nil {
		emails = nil
	}
	if len(emails) == 0 && len(phones) == 0 {
		return nil
	}
	if recv == nil {
		var err error
		if recv, err = tx.Unit(ctx, d.ReceivingUnitID); err != nil {
			return err
		}
	}
	v := noticeView(d, ev, recv, n.BaseURL, owner != 0)
	// The lookup link shows the details to whoever holds it (LookupDossierDetails); it is
	// stored with the messages below.
	lookupToken := newLookupToken()
	v.LookupURL += "?t=" + lookupToken
	if ev.To == dossier.Returned {
		// The applicant rates the service through this link (RateDossier).
		var b [24]byte
		rand.Read(b[:])
		token := base64.RawURLEncoding.EncodeToString(b[:])
		if err := tx.SetRatingLink(ctx, d.ID, hashToken(token), ev.At); err != nil {
			return err
		}
		v.RatingURL = n.BaseURL + "/danh-gia/" + url.PathEscape(d.Code) + "?ma=" + token
	}
	var text, html strings.Builder
	if err := noticeText.Execute(&text, v); err != nil {
		return errs.Wrap(err, "notice text")
	}
	if err := noticeHTML.Execute(&html, v); err != nil {
		return errs.Wrap(err, "notice html")
	}
	var rows []*store.NotificationRow
	row := func(channel, to, subject, body, htmlBody string) {
		rows = append(rows, &store.NotificationRow{EventID: ev.ID, DossierID: d.ID, Channel: channel, Recipient: to,
			Subject: subject, Text: body, HTML: htmlBody, NextAt: ev.At, CreatedAt: ev.At})
	}
	for _, to := range emails {
		row(store.ChannelEmail, to, v.Subject, text.String(), html.String())
	}
	for _, to := range phones {
		row(store.ChannelSMS, to, "", v.sms(), "")
	}
	return tx.QueueNotifications(ctx, d.ID, hashToken(lookupToken), ev.At, rows)
}

// notice is what a message about an event says.
type notice struct {
	Name, Code, Procedure, Unit string
	Subject                     string
	What                        string // what happened
	Reason                      string // the reason or the items asked for, if any
	Next                        string // what the applicant should do now
	Due                         string // the appointment for the result, "" when none applies
	MyURL, LookupURL, RatingURL string
	Site                        string
}

func (v *notice) sms() string {
	s := "Hồ sơ " + v.Code + ": " + v.What
	if v.Due != "" {
		s += " Hẹn trả kết quả: " + v.Due + "."
	}
	if v.RatingURL != "" {
		return s + " Đánh giá mức độ hài lòng: " + v.RatingURL
	}
	return s + " Tra cứu: " + v.LookupURL
}

// noticeView says in plain words what happened to d with ev and what the applicant does next.
func noticeView(d *store.DossierRow, ev *store.EventRow, recv *org.Unit, base string, owned bool) *notice {
	v := &notice{Name: d.ApplicantName, Code: d.Code, Procedure: d.ProcedureName, Unit: recv.Name, Reason: ev.Reason, Site: base,
		LookupURL: base + "/tra-cuu/" + url.PathEscape(d.Code)}
	if owned {
		v.MyURL = base + "/ho-so-cua-toi/" + url.PathEscape(d.Code)
	}
	var data map[string]any
	json.Unmarshal([]byte(ev.Data), &data)
	if items, ok := data["items"].([]any); ok && len(items) > 0 {
		var xs []string
		for _, it := range items {
			if s, ok := it.(string); ok && s != "" {
				xs = append(xs, s)
			}
		}
		if len(xs) > 0 {
			v.Reason = strings.Join(xs, "; ")
		}
	}
	short := ev.To.Label()
	switch {
	case ev.Action == string(dossier.ActionReschedule):
		short = "hẹn lại ngày trả kết quả"
		v.What = "Cơ quan giải quyết chưa trả được kết quả đúng hẹn, xin lỗi ông/bà và hẹn lại ngày trả kết quả."
		v.Next = "Ông/bà không cần làm gì thêm; kết quả sẽ được trả theo ngày hẹn mới dưới đây."
	case ev.To == dossier.Submitted:
		short = "đã gửi"
		v.What = "Hồ sơ nộp trực tuyến đã được gửi đến " + recv.Name + "."
		v.Next = "Bộ phận một cửa sẽ kiểm tra hồ sơ; ông/bà sẽ nhận được thông báo khi hồ sơ được tiếp nhận hoặc cần bổ sung."
	case ev.To == dossier.ReceptionSupplement:
		short = "cần bổ sung trước khi tiếp nhận"
		v.What = "Bộ phận một cửa đề nghị bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận."
		v.Next = "Bổ sung các giấy tờ được nêu dưới đây, trực tuyến hoặc tại " + recv.Name + "."
	case ev.To == dossier.Refused:
		short = "không được tiếp nhận"
		v.What = "Hồ sơ không được tiếp nhận."
		v.Next = "Xem lý do dưới đây. Nếu cần, ông/bà có thể nộp hồ sơ mới hoặc liên hệ " + recv.Name + "."
	case ev.To == dossier.Received:
		short = "đã tiếp nhận"
		v.What = "Hồ sơ đã được tiếp nhận tại " + recv.Name + "."
		v.Next = "Ông/bà không cần làm gì thêm; hồ sơ đang được giải quyết và sẽ có kết quả theo ngày hẹn."
	case ev.To == dossier.InProcessing:
		short = "đang giải quyết"
		v.What = "Hồ sơ đang được cơ quan có thẩm quyền giải quyết."
		v.Next = "Ông/bà không cần làm gì thêm."
	case ev.To == dossier.InInterconnection:
		short = "đang giải quyết liên thông"
		v.What = "Hồ sơ được chuyển đến cơ quan phối hợp để giải quyết liên thông."
		v.Next = "Ông/bà không cần làm gì thêm."
	case ev.To == dossier.AwaitingSupplement:
		short = "cần bổ sung"
		v.What = "Cơ quan giải quyết đề nghị bổ sung hồ sơ. Thời hạn giải quyết tạm dừng cho đến khi ông/bà bổ sung."
		v.Next = "Nộp bổ sung các giấy tờ được nêu dưới đây tại " + recv.Name + " (hoặc trực tuyến nếu hồ sơ nộp trực tuyến)."
	case ev.To == dossier.AwaitingPayment:
		short = "chờ nộp phí, lệ phí"
		v.What = "Hồ sơ đang chờ thực hiện nghĩa vụ tài chính (phí, lệ phí) với số tiền " + vnd(d.FeeAmount) + "."
		v.Next = "Nộp phí, lệ phí tại " + recv.Name + " hoặc theo hướng dẫn thanh toán trực tuyến; hồ sơ được giải quyết tiếp sau khi nộp."
	case ev.To == dossier.WithdrawalRequested:
		short = "đề nghị rút hồ sơ"
		v.What = "Đã ghi nhận đề nghị rút hồ sơ."
		v.Next = "Chờ cơ quan giải quyết xác nhận việc rút hồ sơ."
	case ev.To == dossier.Stopped:
		short = "dừng giải quyết"
		v.What = "Hồ sơ đã dừng giải quyết."
		v.Next = "Xem lý do dưới đây; nếu cần, liên hệ " + recv.Name + "."
	case ev.To == dossier.ResultReady:
		short = "đã có kết quả"
		v.What = "Hồ sơ đã có kết quả giải quyết."
		v.Next = "Mời ông/bà đến " + recv.Name + " để nhận kết quả (mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả, giấy tờ tùy thân)."
		v.Reason = ""
	case ev.To == dossier.Returned:
		short = "đã trả kết quả"
		v.What = "Kết quả giải quyết hồ sơ đã được trả cho ông/bà."
		v.Next = "Mời ông/bà đánh giá mức độ hài lòng với việc giải quyết hồ sơ qua đường dẫn dưới đây."
		v.Reason = ""
	default:
		v.What = "Hồ sơ chuyển sang trạng thái: " + ev.To.Label() + "."
		v.Next = "Ông/bà không cần làm gì thêm."
	}
	if !d.DueAt.IsZero() && (ev.To.ClockRunning() || ev.To == dossier.ResultReady) {
		v.Due = vnTime(d.DueAt)
	}
	v.Subject = "Hồ sơ " + d.Code + ": " + short
	return v
}

// vnd writes an amount of đồng with dots between thousands.
func vnd(n int64) string {
	s := itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String() + " đồng"
}

var noticeText = texttemplate.Must(texttemplate.New("text").Parse(`Kính gửi ông/bà {{.Name}},

{{.What}}

Mã hồ sơ: {{.Code}}
Thủ tục: {{.Procedure}}
Nơi tiếp nhận: {{.Unit}}
{{- if .Due}}
Ngày hẹn trả kết quả: {{.Due}}
{{- end}}
{{- if .Reason}}
Nội dung: {{.Reason}}
{{- end}}

Việc cần làm: {{.Next}}
{{if .RatingURL}}
Đánh giá mức độ hài lòng: {{.RatingURL}}
{{end}}{{if .MyURL}}
Xem hồ sơ trong mục "Hồ sơ của tôi": {{.MyURL}}
{{- end}}
Tra cứu tình trạng hồ sơ: {{.LookupURL}}

--
Thư này do hệ thống một cửa điện tử {{.Site}} tự động gửi. Vui lòng không trả lời thư này.
`))

var noticeHTML = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.45; color: #1a1a1a">
<p>Kính gửi ông/bà {{.Name}},</p>
<p><strong>{{.What}}</strong></p>
<table cellpadding="4" cellspacing="0" style="border-collapse: collapse">
<tr><th align="left">Mã hồ sơ</th><td>{{.Code}}</td></tr>
<tr><th align="left">Thủ tục</th><td>{{.Procedure}}</td></tr>
<tr><th align="left">Nơi tiếp nhận</th><td>{{.Unit}}</td></tr>
{{if .Due}}<tr><th align="left">Ngày hẹn trả kết quả</th><td><strong>{{.Due}}</strong></td></tr>{{end}}
{{if .Reason}}<tr><th align="left">Nội dung</th><td>{{.Reason}}</td></tr>{{end}}
</table>
<p><strong>Việc cần làm:</strong> {{.Next}}</p>
{{if .RatingURL}}<p><a href="{{.RatingURL}}">Đánh giá mức độ hài lòng</a></p>{{end}}
<ul>
{{if .MyURL}}<li><a href="{{.MyURL}}">Xem hồ sơ trong mục “Hồ sơ của tôi”</a></li>{{end}}
<li><a href="{{.LookupURL}}">Tra cứu tình trạng hồ sơ</a></li>
</ul>
<hr>
<p style="color: #555; font-size: 0.9em">Thư này do hệ thống một cửa điện tử <a href="{{.Site}}">{{.Site}}</a> tự động gửi. Vui lòng không trả lời thư này.</p>
</body></html>
`))

// NotifyRun is what one round of delivery did.
type NotifyRun struct {
	Sent, Retrying, Failed int
}

// DeliverNotifications sends the messages of the outbox that are due now, in batches, until none
// is left, and records each outcome. Messages on a channel this process cannot send (email without
// a mailer) are left to a process that can. Errors are the database's; a message that could not be
// sent is counted, scheduled again and logged.
func (s *Service) DeliverNotifications(ctx context.Context) (NotifyRun, error) {
	var run NotifyRun
	n := s.notify
	if n == nil {
		return run, nil
	}
	channels := []string{store.ChannelSMS}
	if n.Mailer != nil {
		channels = append(channels, store.ChannelEmail)
	}
	for ctx.Err() == nil {
		now := s.clock.Now()
		var batch []*store.NotificationRow
		err := s.db.Write(ctx, func(tx *store.Tx) (err error) {
			batch, err = tx.ClaimNotifications(ctx, channels, now, now.Add(notifyLease), notifyBatch)
			return err
		})
		if err != nil || len(batch) == 0 {
			return run, err
		}
		// In the order of the events (an UPDATE … RETURNING keeps no order).
		slices.SortFunc(batch, func(a, b *store.NotificationRow) int { return cmp.Compare(a.ID, b.ID) })
		for _, m := range batch {
			var sendErr error
			switch m.Channel {
			case store.ChannelEmail:
				sendErr = n.Mailer.Send(ctx, &mail.Message{To: m.Recipient, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Date: s.clock.Now()})
			case store.ChannelSMS:
				sendErr = n.SMS.SendSMS(ctx, m.Recipient, m.Text)
			}
			done := s.clock.Now()
			err := s.db.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
				if sendErr == nil {
					return tx.MarkNotificationSent(ctx, m.ID, done)
				}
				final := m.Attempts >= notifyMaxAttempts
				return tx.MarkNotificationFailed(ctx, m.ID, sendErr.Error(), done.Add(retryDelay(m.Attempts)), final)
			})
			if err != nil {
				return run, err
			}
			switch {
			case sendErr == nil:
				run.Sent++
			case m.Attempts >= notifyMaxAttempts:
				run.Failed++
				s.log.Error("notification given up", "id", m.ID, "channel", m.Channel, "attempts", m.Attempts, "err", sendErr)
			default:
				run.Retrying++
				s.log.Warn("notification not sent; retrying later", "id", m.ID, "channel", m.Channel, "attempts", m.Attempts, "err", sendErr)
			}
		}
	}
	return run, ctx.Err()
}

// RunNotifications delivers the outbox every interval until ctx ends. A database error is logged
// and the next round waits longer, up to a minute.
func (s *Service) RunNotifications(ctx context.Context, every time.Duration) {
	wait := every
	for {
		_, err := s.DeliverNotifications(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			s.log.Error("notifications", "err", err)
			wait = min(wait*2, time.Minute)
		default:
			wait = every
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// NotifyHealth is what administrators see of the notifications not delivered.
type NotifyHealth struct {
	Retrying int // failed at least once, to be tried again
	Failed   int // given up
}

// notifyScopes are the unit paths where the actor administers notifications: where they hold
// the administrator role.
func notifyScopes(a *org.Actor) []string {
	if a.System {
		return []string{"/"}
	}
	var out []string
	for _, g := range a.Grants {
		if g.Role == org.RoleAdmin {
			out = append(out, g.UnitPath)
		}
	}
	return out
}

// NotificationHealth counts the undelivered notifications of dossiers received in the units the
// caller administers; nil for an official who administers none. Errors: Unauthorized.
func (s *Service) NotificationHealth(ctx context.Context) (*NotifyHealth, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	scopes := notifyScopes(a)
	if len(scopes) == 0 {
		return nil, nil
	}
	h := &NotifyHealth{}
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		h.Retrying, h.Failed, err = tx.NotificationCounts(ctx, scopes)
		return err
	})
	return h, err
}

// UndeliveredNotifications lists, newest first, the notifications given up or waiting for a retry
// of dossiers received in the units the caller administers. Errors: Forbidden, Unauthorized.
func (s *Service) UndeliveredNotifications(ctx context.Context) ([]*store.NotificationRow, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	scopes := notifyScopes(a)
	if len(scopes) == 0 {
		return nil, errs.ErrForbidden
	}
	var out []*store.NotificationRow
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.Notifications(ctx, store.NotificationFilter{Undelivered: true, Scopes: scopes, Limit: 200})
		return err
	})
	return out, err
}

// RetryNotification sends a notification that was given up again, from its first attempt.
// Errors: NotFound (unknown_notification: none given up with that id in the caller's units),
// Forbidden, Unauthorized.
func (s *Service) RetryNotification(ctx context.Context, id int64) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	scopes := notifyScopes(a)
	if len(scopes) == 0 {
		return errs.ErrForbidden
	}
	return s.write(ctx, func(tx *store.Tx) ([]change, error) {
		ok, err := tx.RetryNotification(ctx, id, scopes, s.clock.Now())
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errs.New(errs.NotFound, "unknown_notification", "Không có thông báo gửi không thành công với mã này.",
				"No undelivered notification with this id.")
		}
		return []change{{Action: "notification.retry", ObjectType: "notification", ObjectID: id, After: map[string]any{"status": store.NotificationPending}}}, nil
	})
}
