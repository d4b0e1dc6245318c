package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/store/storetest"
	"github.com/egov-vn/egov/internal/web"
)

// TestForwardedClientsOverHTTP: behind a trusted proxy each client named by X-Forwarded-For gets
// its own public-lookup budget (60 at once, then 429 with Retry-After), and the session and the
// audit record of a sign-in name the client; without trusted proxies the header is ignored and
// every client behind the peer shares its budget; a value written by the client (leftmost, or
// sent by an untrusted peer) never changes whose budget is spent.
func TestForwardedClientsOverHTTP(t *testing.T) {
	r := newRig(t, storetest.SQLite(t))
	serve := func(trusted string) *httptest.Server {
		t.Helper()
		tp, err := web.ParseTrustedProxies(trusted)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(web.New(r.svc, web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test", TrustedProxies: tp}))
		t.Cleanup(srv.Close)
		return srv
	}
	lookup := func(srv *httptest.Server, xff string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+"/tra-cuu", nil)
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		io.Copy(io.Discard, res.Body)
		return res.StatusCode, res.Header.Get("Retry-After")
	}
	// exhaust spends xff's budget: 60 lookups answered (a few more if the refill of one a second
	// comes in between), then 429 with Retry-After.
	exhaust := func(srv *httptest.Server, xff string) {
		t.Helper()
		for i := 1; i <= 200; i++ {
			st, retry := lookup(srv, xff)
			if st == http.StatusOK {
				continue
			}
			if st != http.StatusTooManyRequests || retry == "" || i <= 60 {
				t.Fatalf("%q: request %d: %d, Retry-After %q; want 200 for the first 60, then 429 with Retry-After", xff, i, st, retry)
			}
			return
		}
		t.Fatalf("%q: no 429 after 200 lookups", xff)
	}
	const clientA, clientB = "198.51.100.10", "203.0.113.20"

	t.Run("trusted proxy", func(t *testing.T) {
		srv := serve("127.0.0.1,::1")
		exhaust(srv, clientA)
		if st, _ := lookup(srv, clientB); st != http.StatusOK {
			t.Errorf("client B after A's limit: %d, want 200", st)
		}
		// A's own further requests, with a forged leftmost value, or behind one more proxy.
		for _, xff := range []string{clientA, "192.0.2.99, " + clientA, clientA + ", 127.0.0.1"} {
			if st, _ := lookup(srv, xff); st != http.StatusTooManyRequests {
				t.Errorf("%q: %d, want 429 (client A's budget)", xff, st)
			}
		}
		// The proxy's own budget is untouched.
		if st, _ := lookup(srv, ""); st != http.StatusOK {
			t.Errorf("the proxy itself: %d, want 200", st)
		}

		// A sign-in through the proxy: the session and the audit record name the client.
		req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(url.Values{"username": {"reception-a"}, "password": {testPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "192.0.2.99, "+clientB)
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", res.StatusCode)
		}
		ss, err := r.svc.Sessions(r.actorCtx("reception-a"), r.users["reception-a"].ID)
		if err != nil || len(ss) != 1 || ss[0].IP != clientB {
			t.Errorf("session: %+v %v, want one from %s", ss, err, clientB)
		}
		var after string
		if err := r.db.SQL.QueryRowContext(context.Background(), "SELECT after_json FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&after); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(after, `"ip":"`+clientB+`"`) {
			t.Errorf("audit record of the sign-in: %s, want ip %s", after, clientB)
		}
	})

	t.Run("no trusted proxy", func(t *testing.T) {
		srv := serve("")
		exhaust(srv, clientA)
		for _, xff := range []string{clientB, "", "192.0.2.99, " + clientB} {
			if st, _ := lookup(srv, xff); st != http.StatusTooManyRequests {
				t.Errorf("%q after A's limit: %d, want 429 (X-Forwarded-For ignored: one budget)", xff, st)
			}
		}
	})

	t.Run("untrusted peer", func(t *testing.T) {
		// Trusting a proxy range that is not this peer: the peer's header is not believed.
		srv := serve("10.0.0.0/8")
		exhaust(srv, "")
		for _, xff := range []string{clientA, clientA + ", 10.0.0.1", "192.0.2.99, " + clientB} {
			if st, _ := lookup(srv, xff); st != http.StatusTooManyRequests {
				t.Errorf("%q from an untrusted peer: %d, want 429 (the peer's budget)", xff, st)
			}
		}
	})
}
