package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/mail/mailtest"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// lockedBuffer is a log destination safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var codeNow = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

func loggedService(db *store.DB) (*app.Service, *lockedBuffer) {
	logs := &lockedBuffer{}
	return app.New(db, clock.NewFixed(codeNow), slog.New(slog.NewJSONHandler(logs, nil))), logs
}

func registerWith(t *testing.T, svc *app.Service, ctx context.Context, contact string) (string, string) {
	t.Helper()
	tok, to, err := svc.Register(ctx, app.RegistrationInput{Kind: citizen.Person, FullName: "Lê Thị Lan", Contact: contact, Password: "Mat-khau-2025!"})
	if err != nil {
		t.Fatalf("register %s: %v", contact, err)
	}
	return tok, to
}

// TestVerificationEmails sends the codes as egov serve does, over a real SMTP conversation: an
// email in Vietnamese then English with the code and its validity, an SMS for a phone, a notice
// without a code to an address that has an account, and a refused email that is logged and
// changes nothing for the citizen.
func TestVerificationEmails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, logs := loggedService(db)
		srv := mailtest.Start(t)
		cfg, err := mail.ParseURL(srv.URL(), "Cổng dịch vụ công Hà Nội <noreply@hanoi.gov.vn>")
		if err != nil {
			t.Fatal(err)
		}
		sms := &smsBox{}
		svc.SetCodeSender(app.NewCodeSender(mail.NewSender(cfg), sms, slog.New(slog.NewJSONHandler(logs, nil))))
		ctx := context.Background()

		tok, to := registerWith(t, svc, ctx, "Lan.Le@Example.vn")
		msgs := srv.Messages()
		if len(msgs) != 1 || msgs[0].Err != nil || len(msgs[0].To) != 1 || msgs[0].To[0] != to {
			t.Fatalf("messages to %s: %+v", to, msgs)
		}
		m := msgs[0]
		if m.Subject != "Mã xác minh tài khoản Cổng dịch vụ công" {
			t.Errorf("subject %q", m.Subject)
		}
		if d, err := m.Header.Date(); err != nil || !d.Equal(codeNow) {
			t.Errorf("date %v %v, want the service's clock", d, err)
		}
		code := codePattern.FindString(m.Text)
		vi, en, ok := strings.Cut(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n--\n")
		if code == "" || !ok {
			t.Fatalf("no code or no English part:\n%s", m.Text)
		}
		for _, s := range []string{code, "15 phút", "Không cung cấp mã này cho bất kỳ ai", "Nếu bạn không yêu cầu mã này, hãy bỏ qua thư này"} {
			if !strings.Contains(vi, s) {
				t.Errorf("the Vietnamese part lacks %q:\n%s", s, vi)
			}
		}
		for _, s := range []string{code, "15 minutes", "If you did not ask for this code, ignore this email"} {
			if !strings.Contains(en, s) {
				t.Errorf("the English part lacks %q:\n%s", s, en)
			}
		}
		if _, _, err := svc.VerifyRegistration(ctx, tok, code, "127.0.0.1", "test"); err != nil {
			t.Fatalf("verify with the emailed code: %v", err)
		}
		if len(sms.to(to)) != 0 {
			t.Errorf("an email address got an SMS")
		}

		// A phone gets an SMS, no email.
		tok, phone := registerWith(t, svc, ctx, "0987 654 321")
		if got := sms.to(phone); len(got) != 1 || !strings.Contains(got[0], "hiệu lực 15 phút") || len(srv.Messages()) != 1 {
			t.Fatalf("SMS %q, emails %d", got, len(srv.Messages()))
		}
		if _, _, err := svc.VerifyRegistration(ctx, tok, codePattern.FindString(sms.to(phone)[0]), "", ""); err != nil {
			t.Fatalf("verify with the texted code: %v", err)
		}

		// The address has an account now: the same answer, an email that says so and carries no code.
		tok, again := registerWith(t, svc, ctx, "lan.le@example.vn")
		msgs = srv.Messages()
		if again != to || tok == "" || len(msgs) != 2 {
			t.Fatalf("second registration: %q %q, %d emails", again, tok, len(msgs))
		}
		if m := msgs[1]; codePattern.MatchString(m.Text) || !strings.Contains(m.Text, "đã có tài khoản") ||
			!strings.Contains(m.Text, "already has an account") || m.Subject != "Đăng ký tài khoản Cổng dịch vụ công bằng email của bạn" {
			t.Errorf("notice to an existing account: %q\n%s", m.Subject, m.Text)
		}

		// The mail server refuses the address: the registration answers as usual, the failure is
		// logged.
		srv.Reject("tu-choi@example.vn")
		if tok, to := registerWith(t, svc, ctx, "tu-choi@example.vn"); tok == "" || to != "tu-choi@example.vn" {
			t.Errorf("refused email changed the answer: %q %q", tok, to)
		}
		if !strings.Contains(logs.String(), `"msg":"send verification message","channel":"email"`) || !strings.Contains(logs.String(), "550") {
			t.Errorf("the refusal is not logged:\n%s", logs)
		}
		if len(srv.Messages()) != 2 {
			t.Errorf("%d emails accepted, want 2", len(srv.Messages()))
		}
	})
}

// TestVerificationSendBounded: the sender gets a context that outlives the request but ends
// after app.CodeSendTimeout; without a mail server the emails go to the log, the texts to LogSMS.
func TestVerificationSendBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, logs := loggedService(db)
		ctx, cancel := context.WithCancel(context.Background())
		svc.SetCodeSender(func(sctx context.Context, m app.CodeMessage) error {
			cancel() // the request is gone
			dl, ok := sctx.Deadline()
			switch {
			case !ok || time.Until(dl) > app.CodeSendTimeout || time.Until(dl) < app.CodeSendTimeout-5*time.Second:
				t.Errorf("deadline %v, want about %v from now", dl, app.CodeSendTimeout)
			case sctx.Err() != nil:
				t.Errorf("sending stopped with the request: %v", sctx.Err())
			}
			return nil
		})
		registerWith(t, svc, ctx, "han@example.vn")

		ctx = context.Background()
		svc.SetCodeSender(app.NewCodeSender(nil, nil, slog.New(slog.NewJSONHandler(logs, nil))))
		registerWith(t, svc, ctx, "hoa@example.vn")
		registerWith(t, svc, ctx, "0912 000 111")
		out := logs.String()
		if !strings.Contains(out, `"msg":"portal message (no gateway configured)","to":"hoa@example.vn","subject":"Mã xác minh tài khoản Cổng dịch vụ công"`) {
			t.Errorf("the email is not logged:\n%s", out)
		}
		if !strings.Contains(out, `"msg":"SMS (no SMS gateway configured)","to":"0912000111","text":"Mã xác minh tài khoản Cổng dịch vụ công của bạn là `) {
			t.Errorf("the SMS is not logged:\n%s", out)
		}
	})
}
