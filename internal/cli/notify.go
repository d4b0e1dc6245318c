package cli

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/mail"
)

// notifyEvery is how often egov serve looks for notifications to deliver.
const notifyEvery = 10 * time.Second

// startNotifications turns on the notifications to applicants and delivers them in the background
// until the returned function is called. Emails go through sender (none when it is nil); text
// messages through the SMS gateway, which is the log until a real one is plugged in here with
// app.NotifySettings.SMS (any type with a SendSMS method).
func startNotifications(ctx context.Context, svc *app.Service, sender *mail.Sender, baseURL string, log *slog.Logger) func() {
	n := app.NotifySettings{BaseURL: baseURL}
	if sender != nil {
		n.Mailer = sender
	} else {
		log.Info("notification emails are off: EGOV_SMTP_URL is not set")
	}
	svc.SetNotifications(n)
	nctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { svc.RunNotifications(nctx, notifyEvery) })
	return func() { stop(); wg.Wait() }
}
