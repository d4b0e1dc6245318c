// Package mail sends email through an SMTP server named by a URL. It knows nothing of what the
// messages say: the service layer writes them, this package delivers them.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email with a plain-text and an HTML part carrying the same content.
type Message struct {
	To     string // address
	ToName string // display name, may have diacritics
	// Subject, Text and HTML are UTF-8; they are MIME-encoded when sent.
	Subject string
	Text    string
	HTML    string
	Date    time.Time
}

// Config is where and how to send mail.
type Config struct {
	Host     string
	Port     int
	Username string
	Password string
	// ImplicitTLS connects with TLS from the start (smtps://); otherwise STARTTLS is required,
	// unless Plain.
	ImplicitTLS bool
	// Plain sends without TLS; only allowed to a loopback server (a local relay, tests).
	Plain bool
	From  *netmail.Address
}

// ParseURL reads an SMTP URL and a sender address:
//
//	smtp://user:password@host:587     STARTTLS required (default port 587)
//	smtps://user:password@host:465    TLS from the start (default port 465)
//	smtp://127.0.0.1:2525?tls=none    no TLS; only to a loopback address (a local relay, tests)
//
// The user name and password are optional (no authentication) and percent-encoded in the URL.
// from is an address with an optional display name, e.g. "egov Hà Nội <noreply@hanoi.gov.vn>".
func ParseURL(raw, from string) (*Config, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New("the SMTP URL does not parse") // the error would repeat the password
	}
	c := &Config{Host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		c.Port = 587
	case "smtps":
		c.Port, c.ImplicitTLS = 465, true
	default:
		return nil, fmt.Errorf("SMTP URL scheme %q: want smtp or smtps", u.Scheme)
	}
	if c.Host == "" {
		return nil, errors.New("the SMTP URL has no host")
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port < 1 || c.Port > 65535 {
			return nil, fmt.Errorf("SMTP port %q is not valid", p)
		}
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	for k, v := range u.Query() {
		switch {
		case k == "tls" && len(v) == 1 && v[0] == "none" && u.Scheme == "smtp":
			if !loopback(c.Host) {
				return nil, fmt.Errorf("tls=none is allowed only to a loopback server, not %s", c.Host)
			}
			c.Plain = true
		default:
			return nil, fmt.Errorf("unknown SMTP URL parameter %s=%s (only tls=none, with smtp://, to a loopback server)", k, strings.Join(v, ","))
		}
	}
	if strings.TrimSpace(from) == "" {
		return nil, errors.New("a sender address (--mail-from) is required to send mail")
	}
	if c.From, err = netmail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("sender address %q: %v", from, err)
	}
	return c, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Sender delivers messages with the configuration it was made with. It is safe for concurrent
// use: every Send opens its own connection.
type Sender struct {
	cfg Config
}

// NewSender returns a sender for cfg.
func NewSender(cfg *Config) *Sender { return &Sender{cfg: *cfg} }

// Send delivers one message: it returns nil once the server accepted it for delivery.
func (s *Sender) Send(ctx context.Context, m *Message) error {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := msg.FromFormat(s.cfg.From.Name, s.cfg.From.Address); err != nil {
		return fmt.Errorf("sender address: %w", err)
	}
	if err := msg.AddToFormat(m.ToName, m.To); err != nil {
		return fmt.Errorf("recipient address %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	if m.Date.IsZero() {
		msg.SetDate()
	} else {
		msg.SetDateWithValue(m.Date)
	}
	msg.SetMessageID()
	msg.SetUserAgent("egov")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(30 * time.Second),
		gomail.WithTLSConfig(&tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12})}
	switch {
	case s.cfg.Plain:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case s.cfg.ImplicitTLS:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.cfg.Username),
			gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("mail client: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("send to %s: %w", m.To, err)
	}
	return nil
}
