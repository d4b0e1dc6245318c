package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/mail/mailtest"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// smsBox is an SMS gateway that keeps what it is given.
type smsBox struct {
	mu   sync.Mutex
	msgs map[string][]string
}

func (b *smsBox) SendSMS(_ context.Context, phone, text string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.msgs == nil {
		b.msgs = map[string][]string{}
	}
	b.msgs[phone] = append(b.msgs[phone], text)
	return nil
}

func (b *smsBox) to(phone string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.msgs[phone])
}

// mailTo starts an SMTP server for the test and turns notifications on through it.
func mailTo(t *testing.T, svc *app.Service, sms app.SMSGateway) *mailtest.Server {
	t.Helper()
	srv := mailtest.Start(t)
	cfg, err := mail.ParseURL(srv.URL(), "Một cửa điện tử Hà Nội <noreply@hanoi.gov.vn>")
	if err != nil {
		t.Fatal(err)
	}
	svc.SetNotifications(app.NotifySettings{Mailer: mail.NewSender(cfg), SMS: sms, BaseURL: "https://dichvucong.hanoi.gov.vn/"})
	return srv
}

func deliver(t *testing.T, svc *app.Service) app.NotifyRun {
	t.Helper()
	run, err := svc.DeliverNotifications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// received returns the messages the server accepted for addr, checking that they decode.
func received(t *testing.T, srv *mailtest.Server, addr string) []*mailtest.Message {
	t.Helper()
	var out []*mailtest.Message
	for _, m := range srv.Messages() {
		if m.Err != nil {
			t.Fatalf("message does not decode: %v", m.Err)
		}
		if slices.Contains(m.To, addr) {
			out = append(out, m)
		}
	}
	return out
}

// TestNotifyApplicant: each state change sends the applicant exactly one email, in Vietnamese with
// its diacritics intact, saying what happened, what to do, the due date and the links, and one
// SMS; a refused delivery is retried later and shows to administrators meanwhile; an action
// rolled back sends nothing.
func TestNotifyApplicant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		sms := &smsBox{}
		srv := mailTo(t, w.svc, sms)
		in := reception("1.004873")
		in.Applicant.Email = "huong@example.vn"
		d, err := w.svc.ReceiveDossier(w.a.desk, in)
		if err != nil {
			t.Fatal(err)
		}
		if run := deliver(t, w.svc); run.Sent != 2 || run.Retrying != 0 {
			t.Errorf("first delivery: %+v", run)
		}
		msgs := received(t, srv, "huong@example.vn")
		if len(msgs) != 1 {
			t.Fatalf("%d emails after the reception", len(msgs))
		}
		m := msgs[0]
		if want := "Hồ sơ " + d.Code + ": đã tiếp nhận"; m.Subject != want {
			t.Errorf("subject %q, want %q", m.Subject, want)
		}
		for _, want := range []string{"Kính gửi ông/bà Nguyễn Thị Hương", "Hồ sơ đã được tiếp nhận tại Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm.",
			"Ngày hẹn trả kết quả: 09:00 ngày 05/03/2026", "Việc cần làm: Ông/bà không cần làm gì thêm",
			"https://dichvucong.hanoi.gov.vn/tra-cuu/" + d.Code} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("text lacks %q:\n%s", want, m.Text)
			}
		}
		if strings.Contains(m.Text, "/ho-so-cua-toi/") {
			t.Error("a dossier received at the counter links to Hồ sơ của tôi")
		}
		// The lookup link carries a token that shows the details (LookupDossierDetails).
		if !strings.Contains(m.HTML, `href="https://dichvucong.hanoi.gov.vn/tra-cuu/`+d.Code+`?t=`) || !strings.Contains(m.HTML, "09:00 ngày 05/03/2026") {
			t.Errorf("html:\n%s", m.HTML)
		}
		if s := sms.to("0912345678"); len(s) != 1 || !strings.Contains(s[0], d.Code+": Hồ sơ đã được tiếp nhận") {
			t.Errorf("SMS: %q", s)
		}
		// Once only.
		if run := deliver(t, w.svc); run != (app.NotifyRun{}) {
			t.Errorf("second delivery: %+v", run)
		}

		// A step without a state change sends nothing; a transfer sends one.
		w.clk.Advance(time.Hour)
		if _, err := w.svc.Act(w.a.desk, d.Code, app.ActionInput{Action: dossier.ActionTransfer}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Act(w.a.officer, d.Code, app.ActionInput{Action: dossier.ActionForward}); err != nil {
			t.Fatal(err)
		}
		deliver(t, w.svc)
		if n := len(received(t, srv, "huong@example.vn")); n != 2 {
			t.Errorf("%d emails after a transfer and a forward, want 2", n)
		}

		// The mail server refuses: the message waits, administrators see it, a later try sends it.
		srv.Reject("huong@example.vn")
		if _, err := w.svc.Act(w.a.leader, d.Code, app.ActionInput{Action: dossier.ActionRequestSupplement, Items: []string{"Bản sao giấy khai sinh"}}); err != nil {
			t.Fatal(err)
		}
		if run := deliver(t, w.svc); run.Sent != 1 || run.Retrying != 1 {
			t.Errorf("delivery refused: %+v", run)
		}
		if h, err := w.svc.NotificationHealth(w.sys); err != nil || h.Retrying != 1 || h.Failed != 0 {
			t.Errorf("health: %+v %v", h, err)
		}
		if l, err := w.svc.UndeliveredNotifications(w.sys); err != nil || len(l) != 1 || l[0].DossierCode != d.Code || !strings.Contains(l[0].LastError, "550") {
			t.Errorf("undelivered list: %v %+v", err, l)
		}
		if h, err := w.svc.NotificationHealth(w.a.desk); err != nil || h != nil {
			t.Errorf("the desk sees the delivery health: %+v %v", h, err)
		}
		if run := deliver(t, w.svc); run != (app.NotifyRun{}) {
			t.Errorf("retried before its time: %+v", run)
		}
		srv.Accept("huong@example.vn")
		w.clk.Advance(90 * time.Second)
		if run := deliver(t, w.svc); run.Sent != 1 {
			t.Errorf("retry: %+v", run)
		}
		msgs = received(t, srv, "huong@example.vn")
		if len(msgs) != 3 || !strings.Contains(msgs[2].Text, "Nội dung: Bản sao giấy khai sinh") || !strings.Contains(msgs[2].Subject, "cần bổ sung") {
			t.Fatalf("after the retry: %d emails", len(msgs))
		}
		if h, _ := w.svc.NotificationHealth(w.sys); h.Retrying != 0 || h.Failed != 0 {
			t.Errorf("health after the retry: %+v", h)
		}

		// An action rolled back sends nothing.
		if err := w.svc.ActThenFail(w.a.desk, d.Code, app.ActionInput{Action: dossier.ActionSupplement, Items: []string{"tp02"}}); err == nil {
			t.Fatal("the failing action did not fail")
		}
		if run := deliver(t, w.svc); run != (app.NotifyRun{}) {
			t.Errorf("a rolled-back action sent: %+v", run)
		}
		if det, _ := w.svc.Dossier(w.a.desk, d.Code); det.State != dossier.AwaitingSupplement {
			t.Errorf("state after the rollback: %s", det.State)
		}
	})
}

// TestNotifyGivesUp: a message refused at every attempt is given up after the last and counted
// as failed; an administrator sends it again.
func TestNotifyGivesUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		srv := mailTo(t, w.svc, &smsBox{})
		srv.Reject("huong@example.vn")
		in := reception("1.004873")
		in.Applicant.Email, in.Applicant.Phone = "huong@example.vn", ""
		if _, err := w.svc.ReceiveDossier(w.a.desk, in); err != nil {
			t.Fatal(err)
		}
		var failed int
		for range 8 {
			failed += deliver(t, w.svc).Failed
			w.clk.Advance(7 * time.Hour)
		}
		h, _ := w.svc.NotificationHealth(w.sys)
		if failed != 1 || h.Failed != 1 || h.Retrying != 0 {
			t.Fatalf("after 8 refusals: failed %d, health %+v", failed, h)
		}
		l, _ := w.svc.UndeliveredNotifications(w.sys)
		srv.Accept("huong@example.vn")
		if err := w.svc.RetryNotification(w.a.desk, l[0].ID); err == nil {
			t.Error("the desk retried a notification")
		}
		if err := w.svc.RetryNotification(w.sys, l[0].ID); err != nil {
			t.Fatal(err)
		}
		if run := deliver(t, w.svc); run.Sent != 1 || len(received(t, srv, "huong@example.vn")) != 1 {
			t.Errorf("after the retry: %+v", run)
		}
	})
}

var codeInSubject = regexp.MustCompile(`\d{3}\.\d{2}\.\d{2}\.H24-\d{6}-\d{4}`)

// TestNotifyTwoProcesses: two egov processes (services with their own connection pools) draining
// one database at once send each message exactly once.
func TestNotifyTwoProcesses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		srv := mailTo(t, w.svc, &smsBox{})
		const n = 24
		want := map[string]bool{}
		for i := range n {
			in := reception("1.004873")
			in.Applicant.Email, in.Applicant.Phone = fmt.Sprintf("nguoi%d@example.vn", i), ""
			d, err := w.svc.ReceiveDossier(w.a.desk, in)
			if err != nil {
				t.Fatal(err)
			}
			want[d.Code] = true
		}
		db2, err := db.Reopen(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		other := app.New(db2, w.clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		cfg, _ := mail.ParseURL(srv.URL(), "noreply@hanoi.gov.vn")
		other.SetNotifications(app.NotifySettings{Mailer: mail.NewSender(cfg), SMS: &smsBox{}, BaseURL: "https://dichvucong.hanoi.gov.vn"})
		var wg sync.WaitGroup
		var mu sync.Mutex
		sent := 0
		for _, s := range []*app.Service{w.svc, other, w.svc, other} {
			wg.Go(func() {
				run, err := s.DeliverNotifications(context.Background())
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				sent += run.Sent
				mu.Unlock()
			})
		}
		wg.Wait()
		got := map[string]int{}
		for _, m := range srv.Messages() {
			got[codeInSubject.FindString(m.Subject)]++
		}
		if sent != n || len(got) != n {
			t.Errorf("sent %d, %d distinct dossiers, want %d", sent, len(got), n)
		}
		for code, k := range got {
			if k != 1 || !want[code] {
				t.Errorf("dossier %q: %d emails", code, k)
			}
		}
	})
}
