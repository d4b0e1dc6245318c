package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/load"
)

// TestBenchCitizensAndDashboard runs `egov bench` with the default mix against a server on a
// generated database: without portal accounts' tokens it stops before sending anything, naming
// the flag; with the tokens of `egov token create --citizens K` and a supervisor's, every
// operation of the mix (citizens' lists and the dashboard among them) is answered without error.
func TestBenchCitizensAndDashboard(t *testing.T) {
	tg := postgresTarget(t)
	tg.mustRun(t, 0, "gen", "--dossiers", "800", "--seed", "2")
	var officials strings.Builder
	for _, u := range []string{"badinh.tiepnhan", "badinh.chuyenvien", "giamsat"} {
		officials.WriteString(u + " " + tg.mustRun(t, 0, "token", "create", "--user", u).stdout)
	}
	dir := t.TempDir()
	tokens, citizens, out := filepath.Join(dir, "tokens"), filepath.Join(dir, "citizens"), filepath.Join(dir, "bench.json")
	if err := os.WriteFile(tokens, []byte(officials.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(citizens, []byte(tg.mustRun(t, 0, "token", "create", "--citizens", "20").stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	p := tg.start(t)
	args := []string{"bench", "--url", p.url, "--token-file", tokens, "--rate", "40", "--duration", "2s"}

	r := tg.mustRun(t, 1, args...)
	if !strings.Contains(r.stderr, "thao tác mine cần") || !strings.Contains(r.stderr, "--citizen-token-file") || strings.Contains(r.stdout, "mix (") {
		t.Errorf("without portal tokens: stdout %q, stderr %q", r.stdout, r.stderr)
	}

	r = tg.mustRun(t, 0, append(args, "--citizen-token-file", citizens, "--json", out)...)
	if !strings.Contains(r.stdout, "20 portal accounts") {
		t.Errorf("table:\n%s", r.stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep load.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	mix := rep.Phase(load.PhaseMix)
	if rep.Citizens != 20 || mix == nil || len(mix.Ops) != 7 {
		t.Fatalf("report: %s", b)
	}
	for _, s := range mix.Ops {
		if s.Errors != 0 || (s.OK == 0 && s.Op != load.OpAct) {
			t.Errorf("%s: %d sent, %d ok, %d errors (first: %s)", s.Op, s.Sent, s.OK, s.Errors, s.FirstError)
		}
	}
}
