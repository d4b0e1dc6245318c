package cli_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/mail/mailtest"
)

// citizenClient is one browser on the portal of a running egov serve: its own cookies, redirects
// not followed.
type citizenClient struct {
	t   *testing.T
	url string
	c   *http.Client
}

func newCitizen(t *testing.T, s *server) *citizenClient {
	jar, _ := cookiejar.New(nil)
	return &citizenClient{t: t, url: s.url, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var registrationToken = regexp.MustCompile(`=egr_[^;]*`)

// post posts a form and returns the answer as the citizen sees it: the status, where it leads,
// the cookies set (with the registration token, different at each registration, blanked) and the
// body.
func (c *citizenClient) post(path string, form url.Values) string {
	c.t.Helper()
	res, err := c.c.PostForm(c.url+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.Status + " → " + res.Header.Get("Location") + "\n" +
		registrationToken.ReplaceAllString(strings.Join(res.Header.Values("Set-Cookie"), "\n"), "=egr_…") + "\n" + string(body)
}

func (c *citizenClient) get(path string) (int, string) {
	c.t.Helper()
	res, err := c.c.Get(c.url + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// register fills in the registration form and returns the answer.
func (c *citizenClient) register(contact string) string {
	c.t.Helper()
	return c.post("/dang-ky", url.Values{"kind": {"person"}, "full_name": {"Phạm Thị Thu"}, "contact": {contact}, "password": {"Mat-khau-2025!"}})
}

// verify enters the code and checks that the citizen ends up signed in.
func (c *citizenClient) verify(code string) {
	c.t.Helper()
	if got := c.post("/dang-ky/xac-minh", url.Values{"code": {code}}); !strings.HasPrefix(got, "303 See Other → /tai-khoan?moi=1\n") {
		c.t.Fatalf("verify with %q: %s", code, got)
	}
	if st, body := c.get("/tai-khoan"); st != http.StatusOK || !strings.Contains(body, "Phạm Thị Thu") {
		c.t.Fatalf("not signed in after verifying: %d", st)
	}
}

var sixDigitCode = regexp.MustCompile(`\b\d{6}\b`)

// logged returns the text of the log lines with message msg and attribute to.
func logged(t *testing.T, log, msg, to string) []string {
	t.Helper()
	var out []string
	for line := range strings.Lines(log) {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg && rec["to"] == to {
			text, _ := rec["text"].(string)
			out = append(out, text)
		}
	}
	return out
}

// TestServeVerificationCodes registers on the portal of egov serve over HTTP, as citizens do:
// with EGOV_SMTP_URL the code arrives by email over a real SMTP conversation, a phone's code goes
// through the SMS gateway (the log), an address that has an account gets the same answer, and a
// mail server refusing the address changes nothing for the citizen but is logged. Without
// EGOV_SMTP_URL the emailed codes are written to the log, which serve says once.
func TestServeVerificationCodes(t *testing.T) {
	tg := sqliteTarget(t)
	tg.env["EGOV_LOG_LEVEL"] = "info"

	// No mail server: the code is in the log.
	s := tg.serve(t)
	if n := strings.Count(s.stderr.String(), "verification codes for email addresses are written to the log: EGOV_SMTP_URL is not set"); n != 1 {
		t.Errorf("said %d times at startup:\n%s", n, s.stderr)
	}
	anh := newCitizen(t, s)
	first := anh.register("anh@example.vn")
	if !strings.HasPrefix(first, "303 See Other → /dang-ky/xac-minh\n") {
		t.Fatalf("register: %s", first)
	}
	texts := logged(t, s.stderr.String(), "portal message (no gateway configured)", "anh@example.vn")
	if len(texts) != 1 || sixDigitCode.FindString(texts[0]) == "" {
		t.Fatalf("logged %q", texts)
	}
	anh.verify(sixDigitCode.FindString(texts[0]))
	if code := s.stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}

	// With a mail server.
	smtp := mailtest.Start(t)
	tg.env["EGOV_SMTP_URL"] = smtp.URL()
	tg.env["EGOV_MAIL_FROM"] = "Cổng dịch vụ công Hà Nội <noreply@hanoi.gov.vn>"
	s = tg.serve(t)
	defer s.stop()
	if strings.Contains(s.stderr.String(), "written to the log: EGOV_SMTP_URL") {
		t.Errorf("serve says the codes go to the log although a mail server is set")
	}
	thu := newCitizen(t, s)
	if got := thu.register("Thu.Pham@example.vn"); got != first {
		t.Errorf("the answer differs from the first registration's:\n%s\nwant\n%s", got, first)
	}
	msgs := smtp.Messages()
	if len(msgs) != 1 || msgs[0].Err != nil || strings.Join(msgs[0].To, ",") != "thu.pham@example.vn" {
		t.Fatalf("emails: %+v", msgs)
	}
	m := msgs[0]
	if m.Subject != "Mã xác minh tài khoản Cổng dịch vụ công" || !strings.Contains(m.Text, "15 phút") || !strings.Contains(m.Text, "15 minutes") ||
		!strings.Contains(m.Text, "hãy bỏ qua thư này") {
		t.Errorf("email %q:\n%s", m.Subject, m.Text)
	}
	if cte := m.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" && cte != "base64" {
		t.Errorf("body sent as %q", cte)
	}
	thu.verify(sixDigitCode.FindString(m.Text))
	if got := logged(t, s.stderr.String(), "portal message (no gateway configured)", "thu.pham@example.vn"); len(got) != 0 {
		t.Errorf("the emailed code is in the log too: %q", got)
	}

	// The address has an account now: someone registering it gets the very same answer; its
	// owner gets an email without a code.
	other := newCitizen(t, s)
	if got := other.register("thu.pham@example.vn"); got != first {
		t.Errorf("an existing account changes the answer:\n%s\nwant\n%s", got, first)
	}
	if msgs = smtp.Messages(); len(msgs) != 2 || sixDigitCode.MatchString(msgs[1].Text) || !strings.Contains(msgs[1].Text, "đã có tài khoản") {
		t.Errorf("second email: %d, %+v", len(msgs), msgs[len(msgs)-1])
	}

	// A phone: no email, the code goes through the SMS gateway (the log, as none is configured).
	hoa := newCitizen(t, s)
	if got := hoa.register("0912 345 678"); got != first {
		t.Errorf("the answer for a phone differs:\n%s", got)
	}
	if n := len(smtp.Messages()); n != 2 {
		t.Errorf("%d emails after registering a phone, want 2", n)
	}
	texts = logged(t, s.stderr.String(), "SMS (no SMS gateway configured)", "0912345678")
	if len(texts) != 1 || !strings.HasPrefix(texts[0], "Mã xác minh tài khoản Cổng dịch vụ công của bạn là ") {
		t.Fatalf("SMS %q", texts)
	}
	hoa.verify(sixDigitCode.FindString(texts[0]))

	// The mail server refuses the address (550): the same answer, the failure logged.
	smtp.Reject("khong-nhan@example.vn")
	if got := newCitizen(t, s).register("khong-nhan@example.vn"); got != first {
		t.Errorf("a refused email changes the answer:\n%s", got)
	}
	if n := len(smtp.Messages()); n != 2 {
		t.Errorf("%d emails accepted, want 2", n)
	}
	var failed bool
	for line := range strings.Lines(s.stderr.String()) {
		failed = failed || strings.Contains(line, `"msg":"send verification message"`) && strings.Contains(line, `"channel":"email"`) &&
			strings.Contains(line, "550") && strings.Contains(line, "khong-nhan@example.vn")
	}
	if !failed {
		t.Errorf("the refusal is not logged:\n%s", s.stderr)
	}
}
