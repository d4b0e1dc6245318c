package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/cli"
)

// TestAuditVerifyTampering edits the stored log through SQL in each way an attacker might and
// checks that `egov audit verify` fails with exit status 3, naming the first bad record.
func TestAuditVerifyTampering(t *testing.T) {
	t.Parallel()
	// Six units: six audit records, seq 1 to 6.
	units := head + "00007,Phường Cống Vị,Phường,001\r\n"
	for _, c := range []struct {
		name string
		sql  []string
		want string
	}{
		{"edited", []string{`UPDATE audit_log SET after_json = '{"name":"Phường Giả"}' WHERE seq = 3`},
			"BROKEN at record 3: contents altered"},
		{"middle_deleted", []string{`DELETE FROM audit_log WHERE seq = 3`},
			"BROKEN at record 3: missing"},
		{"swapped", []string{
			`UPDATE audit_log SET seq = -3 WHERE seq = 3`,
			`UPDATE audit_log SET seq = 3 WHERE seq = 4`,
			`UPDATE audit_log SET seq = 4 WHERE seq = -3`},
			"BROKEN at record 3: not linked"},
		{"last_deleted", []string{`DELETE FROM audit_log WHERE seq = 6`},
			"BROKEN at record 6: log ends at record 5 but the head says 6"},
	} {
		t.Run(c.name, func(t *testing.T) {
			each(t, func(t *testing.T, tg *target) {
				tg.mustRun(t, 0, "import", "units", writeFile(t, "units.csv", units), "--effective", "2025-01-01")
				r := tg.mustRun(t, 0, "audit", "verify")
				if !strings.Contains(r.stdout, "intact: 6 records\nhead: seq 6 hash ") {
					t.Fatalf("before tampering: %q", r.stdout)
				}
				db, _ := tg.open(t)
				for _, q := range c.sql {
					if _, err := db.SQL.ExecContext(context.Background(), q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				r = tg.run(t, "audit", "verify")
				if r.code != cli.ExitBroken || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stdout, "intact") {
					t.Errorf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", r.code, cli.ExitBroken, c.want, r.stdout, r.stderr)
				}
			})
		})
	}
}
