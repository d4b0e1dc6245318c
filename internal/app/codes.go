package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/egov-vn/egov/internal/mail"
)

// Verification messages (mã xác minh): the one-time messages a portal registration sends to the
// email address or mobile number it gives, carrying a six-digit code, or telling the owner of a
// contact that already has an account that someone tried to register it. They are sent at once,
// not through the notifications' outbox: the citizen waits for the code on the next page, and a
// code is worth nothing once RegistrationTTL has passed.

// CodeSendTimeout is the longest the sending of one verification message may hold up the answer
// to the citizen; a message not handed over by then is given up and the failure logged.
const CodeSendTimeout = 10 * time.Second

// CodeMessage is one verification message.
type CodeMessage struct {
	// To is the normalised email address or mobile number; Email says which it is.
	To    string
	Email bool
	// Subject is an email's subject, in Vietnamese; "" for a text message.
	Subject string
	// Text is the whole message: for an email the plain-text body, in Vietnamese then English;
	// for a phone a short text in Vietnamese.
	Text string
	// Date is when the message was written, on the service's clock.
	Date time.Time
}

// CodeSender delivers one verification message. It returns nil once the mail server or the SMS
// gateway accepted the message, and an error otherwise; it should give up when ctx ends.
type CodeSender func(ctx context.Context, m CodeMessage) error

// SetCodeSender sets how verification messages are delivered; NewCodeSender makes the one egov
// serve uses. Without one, the messages are written to the log (an installation without a mail
// server or SMS gateway).
func (s *Service) SetCodeSender(f CodeSender) { s.codeSender = f }

// NewCodeSender returns the CodeSender that sends the messages to email addresses through mailer
// and those to phones through sms. A nil mailer (no mail server configured) writes the emails to
// log instead, as a service without a CodeSender does; a nil sms is LogSMS on log.
func NewCodeSender(mailer Mailer, sms SMSGateway, log *slog.Logger) CodeSender {
	if sms == nil {
		sms = LogSMS{Log: log}
	}
	return func(ctx context.Context, m CodeMessage) error {
		switch {
		case !m.Email:
			return sms.SendSMS(ctx, m.To, m.Text)
		case mailer == nil:
			logCodeMessage(log, m)
			return nil
		default:
			return mailer.Send(ctx, &mail.Message{To: m.To, Subject: m.Subject, Text: m.Text, Date: m.Date})
		}
	}
}

// logCodeMessage writes a message that no gateway delivers to the log.
func logCodeMessage(log *slog.Logger, m CodeMessage) {
	log.Info("portal message (no gateway configured)", "to", m.To, "subject", m.Subject, "text", m.Text)
}

// sendCode delivers m through the CodeSender, waiting at most CodeSendTimeout, even when the
// request that asked for it has gone. A failure is logged, never returned: the citizen's answer
// must not depend on it.
func (s *Service) sendCode(ctx context.Context, m CodeMessage) {
	if s.codeSender == nil {
		logCodeMessage(s.log, m)
		return
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), CodeSendTimeout)
	defer cancel()
	if err := s.codeSender(sctx, m); err != nil {
		channel := "sms"
		if m.Email {
			channel = "email"
		}
		s.log.Error("send verification message", "channel", channel, "request_id", RequestIDFrom(ctx), "err", err)
	}
}

// registrationMessage is the message a registration sends to its email or phone: the code, or,
// when code is "" (the contact already has an account), a notice that carries none.
func registrationMessage(email, phone, code string, at time.Time) CodeMessage {
	minutes := int(RegistrationTTL / time.Minute)
	m := CodeMessage{To: email + phone, Email: email != "", Date: at}
	switch {
	case phone != "" && code != "":
		m.Text = fmt.Sprintf("Mã xác minh tài khoản Cổng dịch vụ công của bạn là %s (hiệu lực %d phút). Không cung cấp mã này cho bất kỳ ai.", code, minutes)
	case phone != "":
		m.Text = "Có người vừa đăng ký tài khoản Cổng dịch vụ công bằng số " + phone +
			", nhưng số này đã có tài khoản. Nếu là bạn, hãy đăng nhập bằng tài khoản đó; nếu không, hãy bỏ qua tin này."
	case code != "":
		m.Subject = "Mã xác minh tài khoản Cổng dịch vụ công"
		m.Text = fmt.Sprintf(codeEmail, code, minutes)
	default:
		m.Subject = "Đăng ký tài khoản Cổng dịch vụ công bằng email của bạn"
		m.Text = fmt.Sprintf(takenEmail, email)
	}
	return m
}

// codeEmail is the body of the email carrying a code: %[1]s the code, %[2]d its minutes.
const codeEmail = `Xin chào,

Mã xác minh tài khoản Cổng dịch vụ công của bạn là:

    %[1]s

Hãy nhập mã này vào trang "Nhập mã xác minh" để hoàn tất việc đăng ký. Mã có hiệu lực trong %[2]d phút và chỉ dùng được một lần. Không cung cấp mã này cho bất kỳ ai, kể cả người xưng là cán bộ.

Nếu bạn không yêu cầu mã này, hãy bỏ qua thư này: tài khoản chỉ được tạo khi mã được nhập.

Thư này do hệ thống tự động gửi, xin đừng trả lời.

--
Your verification code for the Public Service Portal (Cổng dịch vụ công) is %[1]s.

Enter it on the "Enter the verification code" page to finish registering. It is valid for %[2]d minutes and works once. Do not give it to anyone, not even someone who says they are an official.

If you did not ask for this code, ignore this email: no account is made unless the code is entered.

This email was sent automatically; please do not reply.
`

// takenEmail is the body of the email to an address that already has an account: %[1]s the
// address.
const takenEmail = `Xin chào,

Có người vừa đăng ký tài khoản Cổng dịch vụ công bằng địa chỉ email %[1]s, nhưng địa chỉ này đã có tài khoản nên không có tài khoản mới nào được tạo.

Nếu là bạn, hãy đăng nhập bằng tài khoản đã có. Nếu không phải bạn, hãy bỏ qua thư này: tài khoản của bạn không bị thay đổi.

Thư này do hệ thống tự động gửi, xin đừng trả lời.

--
Someone just registered on the Public Service Portal (Cổng dịch vụ công) with the email address %[1]s, but this address already has an account, so no new account was made.

If it was you, sign in with your existing account. If it was not, ignore this email: your account has not changed.

This email was sent automatically; please do not reply.
`
