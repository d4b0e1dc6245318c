package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/mail"
	"github.com/egov-vn/egov/internal/org"
)

const aboutRemind = `Sends today's reminder digests now: each official with an email address who has dossiers due
within one working day or overdue gets one email listing them, on a working day of their unit's
calendar. A digest already sent today (by egov serve at --reminder-time, or an earlier run, on
any egov process sharing the database) is not sent again; one refused by the mail server is.

The mail server is EGOV_SMTP_URL (environment only, as it holds a password):
  smtp://user:password@host:587     STARTTLS required
  smtps://user:password@host:465    TLS from the start
  smtp://127.0.0.1:2525?tls=none    no TLS, allowed to a loopback server only`

// mailConfig is how emails are sent. The SMTP URL is read from the environment only,
// so that its password never shows in the process list.
type mailConfig struct {
	from         string
	reminderTime string
	baseURL      string
	getenv       func(string) string
}

// addMailFlags adds the flags of the commands that send mail.
func addMailFlags(f *flagSet, c *mailConfig) {
	c.getenv = f.getenv
	f.EnvOnly("EGOV_SMTP_URL", "mail server for the emails (reminders, notifications to applicants, portal verification codes), e.g. smtp://user:password@host:587 (STARTTLS), smtps://… (TLS); unset: no emails (verification codes are written to the log)")
	f.String(&c.from, "mail-from", "EGOV_MAIL_FROM", "", "ADDRESS", `sender of the emails, e.g. "Một cửa điện tử Hà Nội <noreply@hanoi.gov.vn>"`)
	f.String(&c.reminderTime, "reminder-time", "EGOV_REMINDER_TIME", "07:30", "HH:MM", "local time (Asia/Ho_Chi_Minh) at which egov serve sends the daily reminder emails on working days")
	f.String(&c.baseURL, "public-url", "EGOV_PUBLIC_URL", "", "URL", "the site's public address (e.g. https://dichvucong.hanoi.gov.vn), for links in emails and the QR codes of receipts; unset: http://localhost:8080 in emails, and the address each request came to on receipts")
}

// linkBase is the address emails link to.
func (c *mailConfig) linkBase() string {
	if b := strings.TrimSpace(c.baseURL); b != "" {
		return b
	}
	return "http://localhost:8080"
}

// smtpURL is the SMTP URL, "" when mail is off.
func (c *mailConfig) smtpURL() string { return strings.TrimSpace(c.getenv("EGOV_SMTP_URL")) }

// at parses --reminder-time.
func (c *mailConfig) at() (calendar.TimeOfDay, error) {
	t, err := calendar.ParseTimeOfDay(c.reminderTime)
	if err != nil {
		return 0, usageError{fmt.Sprintf("--reminder-time %q: want HH:MM, e.g. 07:30", c.reminderTime)}
	}
	return t, nil
}

// sender returns the mail sender, or nil when EGOV_SMTP_URL is not set.
func (c *mailConfig) sender() (*mail.Sender, error) {
	if c.smtpURL() == "" {
		return nil, nil
	}
	cfg, err := mail.ParseURL(c.smtpURL(), c.from)
	if err != nil {
		return nil, usageError{"EGOV_SMTP_URL / --mail-from: " + err.Error()}
	}
	return mail.NewSender(cfg), nil
}

func remindFlags(e *env) (*flagSet, *storeConfig, *mailConfig) {
	c, m := &storeConfig{}, &mailConfig{}
	f := newFlagSet("remind", "egov remind [flags]", aboutRemind, e)
	addStoreFlags(f, c)
	addMailFlags(f, m)
	return f, c, m
}

// runRemind sends today's digests at once.
func runRemind(ctx context.Context, e *env, args []string) error {
	f, c, m := remindFlags(e)
	pos, err := f.Parse(args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	sender, err := m.sender()
	if err != nil {
		return err
	}
	if sender == nil {
		return errors.New("EGOV_SMTP_URL is not set: no mail server to send the reminders through")
	}
	db, svc, err := c.openService(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	run, err := svc.SendDigests(app.WithActor(ctx, org.SystemActor), sender, m.linkBase())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Reminders of %s: %d sent, %d refused by the mail server, %d already sent today, %d not sent (not a working day).\n",
		run.Day, run.Sent, run.Failed, run.AlreadySent, run.NotWorkingDay)
	if run.Failed > 0 {
		return fmt.Errorf("%d reminder emails were refused by the mail server (see the log); run egov remind again to retry them", run.Failed)
	}
	return nil
}

// catchUpUntil is the local time until which egov serve, started after --reminder-time, still
// sends that day's digests at once: the end of the default working day.
const catchUpUntil = 17 * time.Hour

// nextReminder returns when the digests are next due after now (Vietnam time) for the daily
// time at. On the first run (catchUp), a start later than at but before 17:00 the same day
// sends at once.
func nextReminder(now time.Time, at calendar.TimeOfDay, catchUp bool) time.Time {
	local := now.In(clock.Vietnam)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, clock.Vietnam)
	today := midnight.Add(time.Duration(at) * time.Minute)
	switch {
	case local.Before(today):
		return today
	case catchUp && local.Before(midnight.Add(catchUpUntil)):
		return local
	}
	return time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, clock.Vietnam).Add(time.Duration(at) * time.Minute)
}

// remindDaily sends the digests every day at `at` until ctx ends. Whether the day is a working
// day, and whether a digest was already sent, SendDigests decides.
func remindDaily(ctx context.Context, svc *app.Service, sender app.Mailer, at calendar.TimeOfDay, baseURL string, log *slog.Logger) {
	sys := app.WithActor(ctx, org.SystemActor)
	catchUp := true
	from := svc.Clock().Now()
	for {
		next := nextReminder(from, at, catchUp)
		catchUp = false
		log.Info("reminder emails scheduled", "at", next.Format(time.RFC3339))
		t := time.NewTimer(next.Sub(svc.Clock().Now()))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		run, err := svc.SendDigests(sys, sender, baseURL)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Error("reminder emails", "err", err)
		default:
			log.Info("reminder emails", "day", run.Day.String(), "sent", run.Sent, "failed", run.Failed,
				"already_sent", run.AlreadySent, "not_working_day", run.NotWorkingDay)
		}
		// The next run comes after this one, even should the timer have fired a hair early.
		from = svc.Clock().Now()
		if after := next.Add(time.Second); from.Before(after) {
			from = after
		}
	}
}
