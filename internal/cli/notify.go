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

// smsGateway is the SMS gateway egov serve sends every text message through (verification codes
// and notifications to applicants): the log, until a real gateway is plugged in here (any type
// with app.SMSGateway's SendSMS method).
func smsGateway(log *slog.Logger) app.SMSGateway { return app.LogSMS{Log: log} }

// startMessaging wires how svc reaches citizens, as egov serve does, and returns the function that
// stops the background delivery: the portal's verification codes (setCodeSender) and the
// notifications to applicants (startNotifications). Emails go through sender, nil when no mail
// server is configured; text messages through sms.
func startMessaging(ctx context.Context, svc *app.Service, sender *mail.Sender, sms app.SMSGateway, baseURL string, log *slog.Logger) func() {
	setCodeSender(svc, sender, sms, log)
	return startNotifications(ctx, svc, sender, sms, baseURL, log)
}

// setCodeSender makes svc send the portal's verification codes at once: to email addresses
// through sender, to phones through sms. Without a mail server (sender nil) the emails are
// written to the log, which is said once here.
func setCodeSender(svc *app.Service, sender *mail.Sender, sms app.SMSGateway, log *slog.Logger) {
	var mailer app.Mailer
	if sender != nil {
		mailer = sender
	} else {
		log.Info("verification codes for email addresses are written to the log: EGOV_SMTP_URL is not set")
	}
	svc.SetCodeSender(app.NewCodeSender(mailer, sms, log))
}

// startNotifications turns on the notifications to applicants and delivers them in the background
// until the returned function is called. Emails go through sender (none when it is nil); text
// messages through sms.
func startNotifications(ctx context.Context, svc *app.Service, sender *mail.Sender, sms app.SMSGateway, baseURL string, log *slog.Logger) func() {
	n := app.NotifySettings{BaseURL: baseURL, SMS: sms}
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
