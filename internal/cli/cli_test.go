package cli_test

import (
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/cli"
)

func TestUsage(t *testing.T) {
	t.Parallel()
	tg := sqliteTarget(t)
	for _, c := range []struct {
		args []string
		code int
		out  string // expected in stdout (exit 0) or stderr
	}{
		{nil, cli.ExitUsage, "Commands:"},
		{[]string{"help"}, cli.ExitOK, "Commands:"},
		{[]string{"--help"}, cli.ExitOK, "Commands:"},
		{[]string{"frobnicate"}, cli.ExitUsage, `unknown command "frobnicate"`},
		{[]string{"help", "serve"}, cli.ExitOK, "EGOV_SHUTDOWN_TIMEOUT"},
		{[]string{"help", "import"}, cli.ExitOK, "egov import reform FILE.csv --effective DATE"},
		{[]string{"help", "token"}, cli.ExitOK, "egov token revoke ID"},
		{[]string{"help", "users"}, cli.ExitOK, "unit_code"},
		{[]string{"help", "audit"}, cli.ExitOK, "exits with status 3"},
		{[]string{"help", "migrate"}, cli.ExitOK, "EGOV_DATABASE_URL"},
		{[]string{"serve", "--help"}, cli.ExitOK, "--organ-root"},
		{[]string{"version"}, cli.ExitOK, "egov "},
		{[]string{"import"}, cli.ExitUsage, "units, reform or procedures"},
		{[]string{"help", "import"}, cli.ExitOK, "egov import procedures FILE.json"},
		{[]string{"help", "export"}, cli.ExitOK, "egov export procedures [--output FILE]"},
		{[]string{"import", "procedures"}, cli.ExitUsage, "missing the catalogue file"},
		{[]string{"import", "procedures", "x.json", "--organ-root", "HN"}, cli.ExitUsage, "--organ-root"},
		{[]string{"export"}, cli.ExitUsage, "procedures"},
		{[]string{"export", "units"}, cli.ExitUsage, `cannot export "units"`},
		{[]string{"import", "units"}, cli.ExitUsage, "missing the CSV file"},
		{[]string{"import", "units", "x.csv"}, cli.ExitUsage, "--effective DATE is required"},
		{[]string{"import", "units", "x.csv", "--effective", "1/7/2025"}, cli.ExitUsage, "YYYY-MM-DD"},
		{[]string{"import", "units", "no-such-file.csv", "--effective", "2025-07-01"}, cli.ExitError, "no-such-file.csv"},
		{[]string{"audit"}, cli.ExitUsage, "verify"},
		{[]string{"users", "list", "extra"}, cli.ExitUsage, "unexpected arguments: extra"},
		{[]string{"serve", "--organ-root", "HN"}, cli.ExitUsage, "--organ-root"},
		{[]string{"serve", "--log-level", "loud"}, cli.ExitUsage, "--log-level"},
		{[]string{"serve", "--trusted-proxies", "127.0.0.1, 10.0.0.0/33"}, cli.ExitUsage, `--trusted-proxies: "10.0.0.0/33" is not an IP address or a CIDR`},
		{[]string{"help", "serve"}, cli.ExitOK, "EGOV_TRUSTED_PROXIES"},
		{[]string{"migrate", "--bogus"}, cli.ExitUsage, "bogus"},
	} {
		r := tg.run(t, c.args...)
		where := r.stderr
		if c.code == cli.ExitOK {
			where = r.stdout
		}
		if r.code != c.code || !strings.Contains(where, c.out) {
			t.Errorf("egov %s: exit %d, want %d with %q\nstdout: %s\nstderr: %s", strings.Join(c.args, " "), r.code, c.code, c.out, r.stdout, r.stderr)
		}
	}
}

func TestEnvironment(t *testing.T) {
	t.Parallel()
	tg := sqliteTarget(t)
	r := tg.mustRun(t, 0, "migrate")
	if !strings.Contains(r.stdout, "applied 0001_foundation.sql") {
		t.Errorf("first migrate: %q", r.stdout)
	}
	r = tg.mustRun(t, 0, "migrate")
	if !strings.Contains(r.stdout, "up to date") {
		t.Errorf("second migrate: %q", r.stdout)
	}
	// A flag wins over its variable; a variable that does not parse is a usage error.
	tg.env["EGOV_DEMO"] = "perhaps"
	if r := tg.run(t, "serve"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, "EGOV_DEMO") {
		t.Errorf("bad EGOV_DEMO: %+v", r)
	}
	delete(tg.env, "EGOV_DEMO")
	tg.env["EGOV_TRUSTED_PROXIES"] = "127.0.0.1,proxy.local"
	if r := tg.run(t, "serve"); r.code != cli.ExitUsage || !strings.Contains(r.stderr, `"proxy.local"`) {
		t.Errorf("bad EGOV_TRUSTED_PROXIES: %+v", r)
	}
	delete(tg.env, "EGOV_TRUSTED_PROXIES")
	tg.env["EGOV_ORGAN_ROOT"] = "bad"
	if r := tg.run(t, "serve", "--organ-root", "H01", "--addr", "256.0.0.1:1"); r.code != cli.ExitError || strings.Contains(r.stderr, "organ-root") {
		t.Errorf("--organ-root must win over EGOV_ORGAN_ROOT: %+v", r)
	}
}
