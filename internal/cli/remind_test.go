package cli_test

import (
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/mail/mailtest"
)

func TestRemindCommand(t *testing.T) {
	each(t, func(t *testing.T, tg *target) {
		// Without a mail server the command says so.
		r := tg.mustRun(t, 1, "remind")
		if !strings.Contains(r.stderr, "EGOV_SMTP_URL is not set") {
			t.Errorf("stderr: %s", r.stderr)
		}
		// Plain SMTP only to a loopback server; a sender is required.
		tg.env["EGOV_SMTP_URL"] = "smtp://mail.example.vn:25?tls=none"
		if r := tg.mustRun(t, 2, "remind", "--mail-from", "noreply@hanoi.gov.vn"); !strings.Contains(r.stderr, "loopback") {
			t.Errorf("stderr: %s", r.stderr)
		}
		srv := mailtest.Start(t)
		tg.env["EGOV_SMTP_URL"] = srv.URL()
		if r := tg.mustRun(t, 2, "remind"); !strings.Contains(r.stderr, "--mail-from") {
			t.Errorf("stderr: %s", r.stderr)
		}
		// Nobody has anything due: nothing is sent.
		tg.env["EGOV_MAIL_FROM"] = "Một cửa điện tử Hà Nội <noreply@hanoi.gov.vn>"
		r = tg.mustRun(t, 0, "remind")
		if !strings.Contains(r.stdout, ": 0 sent, 0 refused by the mail server, 0 already sent today") || len(srv.Messages()) != 0 {
			t.Errorf("stdout: %s", r.stdout)
		}
		// The help names the settings.
		r = tg.mustRun(t, 0, "help", "remind")
		for _, s := range []string{"EGOV_SMTP_URL", "--mail-from", "--reminder-time", "--public-url"} {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("help lacks %s", s)
			}
		}
	})
}

func TestServeRemindersOffWithoutSMTP(t *testing.T) {
	tg := sqliteTarget(t)
	tg.env["EGOV_LOG_LEVEL"] = "info"
	s := tg.serve(t)
	if code := s.stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if n := strings.Count(s.stderr.String(), "reminder emails are off: EGOV_SMTP_URL is not set"); n != 1 {
		t.Errorf("logged %d times:\n%s", n, s.stderr)
	}
	// With a mail server, the daily sending is scheduled and stops with the server.
	srv := mailtest.Start(t)
	tg.env["EGOV_SMTP_URL"] = srv.URL()
	tg.env["EGOV_MAIL_FROM"] = "noreply@hanoi.gov.vn"
	s = tg.serve(t, "--reminder-time", "23:59")
	if code := s.stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, s.stderr)
	}
	if !strings.Contains(s.stderr.String(), "reminder emails scheduled") {
		t.Errorf("not scheduled:\n%s", s.stderr)
	}
	if r := tg.run(t, "serve", "--reminder-time", "7h30"); r.code != 2 || !strings.Contains(r.stderr, "--reminder-time") {
		t.Errorf("bad time: %d %s", r.code, r.stderr)
	}
}
