package mail

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	from := "egov Hà Nội <noreply@hanoi.gov.vn>"
	good := []struct {
		url        string
		host       string
		port       int
		user, pass string
		implicit   bool
		plain      bool
	}{
		{"smtp://mailer:s%40cret@mail.hanoi.gov.vn:587", "mail.hanoi.gov.vn", 587, "mailer", "s@cret", false, false},
		{"smtp://mail.hanoi.gov.vn", "mail.hanoi.gov.vn", 587, "", "", false, false},
		{"smtps://mailer:pw@mail.hanoi.gov.vn", "mail.hanoi.gov.vn", 465, "mailer", "pw", true, false},
		{"smtp://127.0.0.1:2525?tls=none", "127.0.0.1", 2525, "", "", false, true},
		{"smtp://localhost:25?tls=none", "localhost", 25, "", "", false, true},
		{"smtp://[::1]:25?tls=none", "::1", 25, "", "", false, true},
	}
	for _, g := range good {
		c, err := ParseURL(g.url, from)
		if err != nil {
			t.Errorf("%s: %v", g.url, err)
			continue
		}
		if c.Host != g.host || c.Port != g.port || c.Username != g.user || c.Password != g.pass || c.ImplicitTLS != g.implicit || c.Plain != g.plain {
			t.Errorf("%s: %+v", g.url, c)
		}
		if c.From.Name != "egov Hà Nội" || c.From.Address != "noreply@hanoi.gov.vn" {
			t.Errorf("from %+v", c.From)
		}
	}
	bad := []struct{ url, from, want string }{
		{"smtp://mail.hanoi.gov.vn?tls=none", from, "loopback"},
		{"smtps://127.0.0.1?tls=none", from, "unknown SMTP URL parameter"},
		{"http://mail.hanoi.gov.vn", from, "scheme"},
		{"smtp://:25", from, "no host"},
		{"smtp://mail.hanoi.gov.vn:99999", from, "port"},
		{"smtp://mail.hanoi.gov.vn", "", "--mail-from"},
		{"smtp://mail.hanoi.gov.vn", "not an address", "sender address"},
		{"smtp://u:p@host:25\x7f", from, "does not parse"},
	}
	for _, b := range bad {
		_, err := ParseURL(b.url, b.from)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: %v, want an error about %s", b.url, err, b.want)
		}
		if err != nil && strings.Contains(err.Error(), "p@host") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}
