package cli_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/cli"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// server is a running `egov serve`.
type server struct {
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	stop   func() int // asks for a graceful shutdown (as SIGTERM does) and returns the exit code
}

var listening = regexp.MustCompile(`egov is listening on (http://\S+)`)

// serve starts the program's serve command on a free port and waits until it listens.
func (tg *target) serve(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), tg.getenv, strings.NewReader(""), s.stdout, s.stderr)
	}()
	s.stop = func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop within 15 s")
			return -1
		}
	}
	deadline := time.After(60 * time.Second)
	for {
		if m := listening.FindStringSubmatch(s.stdout.String()); m != nil {
			s.url = strings.Replace(m[1], "localhost", "127.0.0.1", 1)
			return s
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d before listening\nstdout: %s\nstderr: %s", code, s.stdout, s.stderr)
		case <-deadline:
			cancel()
			t.Fatalf("serve not listening after 60 s\nstderr: %s", s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

var passwordLine = regexp.MustCompile(`password:\s+(\S+)`)

// TestServeDemo loads the demo once per database and then drives the other commands against it:
// serve, users list, token create/list/revoke and audit verify.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, tg *target) {
		tg.env["EGOV_LOG_LEVEL"] = "info"
		tg.env["EGOV_DEMO_DOSSIERS"] = "40"
		began := time.Now()
		s := tg.serve(t, "--demo")
		t.Logf("serve --demo listening after %v", time.Since(began).Round(time.Millisecond))
		// The demo dossiers are made in the background, with progress and a last log line.
		for !strings.Contains(s.stderr.String(), `"msg":"demo dossiers loaded","dossiers":40`) {
			if time.Since(began) > time.Minute || strings.Contains(s.stderr.String(), `"level":"ERROR"`) {
				t.Fatalf("demo dossiers not loaded:\n%s", s.stderr)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(s.stdout.String(), "Demo dossiers: 40 of 40 (100%)") {
			t.Errorf("no progress on standard output:\n%s", s.stdout)
		}
		resp, err := http.Get(s.url + "/healthz")
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("healthz: %v %v", resp, err)
		}
		resp.Body.Close()
		// The demo catalogue is served to anyone.
		resp, err = http.Get(s.url + "/api/v1/procedures?q=dang+ky+khai+sinh")
		if err != nil {
			t.Fatal(err)
		}
		var list struct {
			Items []struct {
				Name      string `json:"name"`
				LocalCode string `json:"local_code"`
			} `json:"items"`
		}
		json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if len(list.Items) == 0 || list.Items[0].Name != "Đăng ký khai sinh" || list.Items[0].LocalCode != "1.001193.000.00.00.H24" {
			t.Errorf("demo catalogue search: %+v", list)
		}
		m := passwordLine.FindStringSubmatch(s.stdout.String())
		if m == nil || !strings.Contains(s.stdout.String(), "badinh.tiepnhan") {
			t.Fatalf("demo password and accounts not printed:\n%s", s.stdout)
		}
		password := m[1]
		if code := s.stop(); code != 0 {
			t.Fatalf("graceful stop: exit %d\n%s", code, s.stderr)
		}
		for _, msg := range []string{`"msg":"demo data loaded"`, `"procedures":73`, `"msg":"shutting down"`, `"msg":"stopped"`} {
			if !strings.Contains(s.stderr.String(), msg) {
				t.Errorf("log lacks %s:\n%s", msg, s.stderr)
			}
		}
		tg.env["EGOV_LOG_LEVEL"] = "warn"

		// A second start finds data: nothing is loaded and no password is printed again.
		s = tg.serve(t, "--demo")
		if strings.Contains(s.stdout.String(), "password") {
			t.Errorf("password printed on the second start:\n%s", s.stdout)
		}
		s.stop()

		_, svc := tg.open(t)
		if _, a, err := svc.SignIn(context.Background(), "badinh.tiepnhan", password, "127.0.0.1", "test"); err != nil || a.User.Username != "badinh.tiepnhan" {
			t.Errorf("sign in with the printed password: %v", err)
		}

		t.Run("users_list", func(t *testing.T) { testUsersList(t, tg) })
		t.Run("tokens", func(t *testing.T) { testTokens(t, tg) })

		r := tg.mustRun(t, 0, "audit", "verify")
		if !regexp.MustCompile(`intact: \d{4,} records\nhead: seq \d+ hash [0-9a-f]{64}`).MatchString(r.stdout) {
			t.Errorf("verify: %q", r.stdout)
		}
	})
}

// TestServeDemoCatalogueOnce: a database that has units but no catalogue (made before the demo
// had one) gets the demo catalogue at its next demo start, and never a second time.
func TestServeDemoCatalogueOnce(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, tg *target) {
		tg.mustRun(t, 0, "import", "units", dataFile("hanoi-units-2025-07.csv"), "--effective", "2025-07-01")
		tg.env["EGOV_LOG_LEVEL"] = "info"
		for i, want := range []bool{true, false} {
			s := tg.serve(t, "--demo")
			if code := s.stop(); code != 0 {
				t.Fatalf("stop: exit %d\n%s", code, s.stderr)
			}
			loaded := strings.Contains(s.stderr.String(), `"msg":"demo procedure catalogue loaded","procedures":73,"versions":139`)
			if loaded != want || strings.Contains(s.stdout.String(), "password") {
				t.Errorf("start %d: catalogue loaded %v, want %v\n%s", i+1, loaded, want, s.stderr)
			}
		}
		_, svc := tg.open(t)
		page, err := svc.Procedures(app.WithActor(context.Background(), org.SystemActor), store.ProcedureFilter{Limit: 1})
		if err != nil || page.Total != 139 {
			t.Errorf("versions stored: %d %v", page.Total, err)
		}
	})
}

func testUsersList(t *testing.T, tg *target) {
	r := tg.mustRun(t, 0, "users", "list", "--json")
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if len(raw) != 47 {
		t.Errorf("%d lines, want 47", len(raw))
	}
	for _, o := range raw {
		var keys []string
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if strings.Join(keys, ",") != "roles,unit_code,username" {
			t.Fatalf("keys %v", keys)
		}
	}
	type line struct {
		Username string   `json:"username"`
		UnitCode string   `json:"unit_code"`
		Roles    []string `json:"roles"`
	}
	var lines []line
	json.Unmarshal([]byte(r.stdout), &lines)
	got := map[string]line{}
	for _, l := range lines {
		got[l.Username] = l
	}
	for name, want := range map[string]line{
		"admin":              {"admin", "000.00.00.H24", []string{"admin"}},
		"badinh.tiepnhan":    {"badinh.tiepnhan", "001.01.90.H24", []string{"reception"}},
		"stp.truongphong":    {"stp.truongphong", "000.02.03.H24", []string{"division_leader"}},
		"qbadinh.chuyenvien": {"qbadinh.chuyenvien", "000.00.31.H24", []string{"processing"}},
	} {
		if g := got[name]; g.UnitCode != want.UnitCode || strings.Join(g.Roles, ",") != strings.Join(want.Roles, ",") {
			t.Errorf("%s: %+v, want %+v", name, g, want)
		}
	}

	// --unit filters by agency code or GSO code: the commune itself, not its service centre.
	for _, code := range []string{"000.01.90.H24", "00004"} {
		r = tg.mustRun(t, 0, "users", "list", "--json", "--unit", code)
		lines = nil
		json.Unmarshal([]byte(r.stdout), &lines)
		var names []string
		for _, l := range lines {
			names = append(names, l.Username)
		}
		if strings.Join(names, " ") != "badinh.chutich badinh.chuyenvien badinh.quantri badinh.truongphong badinh.vanthu" {
			t.Errorf("--unit %s: %v", code, names)
		}
	}
	r = tg.mustRun(t, 0, "users", "list")
	if !strings.Contains(r.stdout, "USERNAME") || !regexp.MustCompile(`admin\s+000\.00\.00\.H24\s+admin\s+Nguyễn Văn Hùng`).MatchString(r.stdout) {
		t.Errorf("table:\n%s", r.stdout)
	}
	r = tg.mustRun(t, cli.ExitError, "users", "list", "--unit", "000.77.77.H24")
	if !strings.Contains(r.stderr, "000.77.77.H24") {
		t.Errorf("unknown unit: %q", r.stderr)
	}
}

func testTokens(t *testing.T, tg *target) {
	_, svc := tg.open(t)
	ctx := context.Background()
	r := tg.mustRun(t, 0, "token", "create", "--user", "stp.chuyenvien", "--name", "ci", "--ttl", "30d")
	tok := strings.TrimSpace(r.stdout)
	a, err := svc.AuthenticateToken(ctx, tok)
	if err != nil || a.User.Username != "stp.chuyenvien" {
		t.Fatalf("token %q: %v", tok, err)
	}
	if d := time.Until(a.Token.ExpiresAt); d < 29*24*time.Hour || d > 30*24*time.Hour {
		t.Errorf("expires in %v", d)
	}
	r = tg.mustRun(t, 0, "token", "list", "--user", "stp.chuyenvien")
	id := strconv.FormatInt(a.Token.ID, 10)
	if !regexp.MustCompile(`(?m)^`+id+`\s+ci\s+.*active$`).MatchString(r.stdout) || strings.Contains(r.stdout, tok) {
		t.Errorf("list:\n%s", r.stdout)
	}
	tg.mustRun(t, 0, "token", "revoke", id)
	if _, err := svc.AuthenticateToken(ctx, tok); errs.KindOf(err) != errs.Unauthorized {
		t.Errorf("revoked token still works: %v", err)
	}
	r = tg.mustRun(t, cli.ExitError, "token", "revoke", id)
	if !strings.Contains(r.stderr, "thu hồi") {
		t.Errorf("second revoke: %q", r.stderr)
	}
	r = tg.mustRun(t, 0, "token", "create", "--user", "admin", "--ttl", "0")
	if a, err := svc.AuthenticateToken(ctx, strings.TrimSpace(r.stdout)); err != nil || !a.Token.ExpiresAt.IsZero() {
		t.Errorf("token without expiry: %v", err)
	}
	tg.mustRun(t, cli.ExitError, "token", "create", "--user", "nobody")
	tg.mustRun(t, cli.ExitUsage, "token", "create", "--user", "admin", "--ttl", "soon")
	tg.mustRun(t, cli.ExitUsage, "token", "create")
	tg.mustRun(t, cli.ExitUsage, "token", "revoke", "abc")

	// Portal tokens: a malformed contact is a usage error, named in both languages; an unknown
	// account an error; so are options that do not go together.
	r = tg.mustRun(t, cli.ExitUsage, "token", "create", "--citizen", "huong@")
	if !strings.Contains(r.stderr, `"huong@"`) || !strings.Contains(r.stderr, "Hãy nhập địa chỉ email") || !strings.Contains(r.stderr, "Enter an email address") {
		t.Errorf("malformed contact: %q", r.stderr)
	}
	r = tg.mustRun(t, cli.ExitError, "token", "create", "--citizen", "Huong@Example.invalid")
	if !strings.Contains(r.stderr, "Không có tài khoản công dân nào với huong@example.invalid") || !strings.Contains(r.stderr, "No portal account has huong@example.invalid") {
		t.Errorf("unknown account: %q", r.stderr)
	}
	r = tg.mustRun(t, cli.ExitError, "token", "create", "--citizens", "5")
	if !strings.Contains(r.stderr, "Không có tài khoản công dân nào sở hữu hồ sơ") || !strings.Contains(r.stderr, "No portal account owns a dossier") {
		t.Errorf("no owners: %q", r.stderr)
	}
	for _, args := range [][]string{{"--citizens", "0"}, {"--citizens", "10001"}, {"--citizen", "a@example.vn", "--citizens", "2"},
		{"--user", "admin", "--citizen", "a@example.vn"}, {"--citizen", "a@example.vn", "--ttl", "1d"}, {"--citizens", "2", "--name", "x"}} {
		tg.mustRun(t, cli.ExitUsage, append([]string{"token", "create"}, args...)...)
	}
}
