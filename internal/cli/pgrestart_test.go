package cli_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/load"
)

// cluster is a PostgreSQL server of the test's own, in a temporary directory.
type cluster struct {
	bin, dir, url string
	port          int
	asPostgres    bool // root runs the server as the postgres account (initdb refuses root)
}

// newCluster initdb's and starts a private PostgreSQL, stopped and removed when the test ends. It
// skips the test when no PostgreSQL server programs are installed (CI has them).
func newCluster(t *testing.T) *cluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("initdb is required in CI (apt-get install postgresql)")
		}
		t.Skip("initdb not found under /usr/lib/postgresql/*/bin: the PostgreSQL restart test needs the server programs")
	}
	sort.Strings(bins)
	c := &cluster{bin: filepath.Dir(bins[len(bins)-1]), asPostgres: os.Geteuid() == 0}
	dir, err := os.MkdirTemp("", "egov-pgrestart-")
	if err != nil {
		t.Fatal(err)
	}
	c.dir = dir
	t.Cleanup(func() {
		c.pgctl(t, "stop", "-m", "immediate")
		os.RemoveAll(dir)
	})
	if c.asPostgres {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres account to run a private PostgreSQL")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if out, err := c.cmd("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.pgctl(t, "start")
	c.url = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
	return c
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *cluster) cmd(prog string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, prog)
	if c.asPostgres {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

// pgctl runs pg_ctl start or stop (with its extra arguments) and waits for it.
func (c *cluster) pgctl(t *testing.T, action string, args ...string) {
	t.Helper()
	all := []string{action, "-D", c.data(), "-w", "-t", "60"}
	if action == "start" {
		all = append(all, "-l", filepath.Join(c.dir, "log"),
			"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=50", c.port, c.dir))
	}
	if out, err := c.cmd("pg_ctl", append(all, args...)...).CombinedOutput(); err != nil && action == "start" {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		t.Fatalf("pg_ctl %s: %v\n%s\n%s", action, err, out, log)
	}
}

// TestPostgresRestartDuringLoad stops PostgreSQL abruptly (pg_ctl stop -m immediate, as a crash
// of the database server) in the middle of a reception load and starts it again: egov serve
// reconnects by itself, receptions succeed again without an operator, and every acknowledged
// one is stored whole with the audit chain intact.
func TestPostgresRestartDuringLoad(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	tg := &target{env: map[string]string{"EGOV_DATABASE_URL": c.url, "EGOV_DATA": t.TempDir(), "EGOV_LOG_LEVEL": "error"}}
	tokens := withDemoBase(t, tg)
	s := tg.serve(t)
	defer s.stop()
	w := world(t, tokens, s.url)
	ctx := context.Background()

	done := make(chan *load.Result, 1)
	go func() {
		res, err := load.Open{Name: "through the restart", Rate: 60, Duration: 4 * time.Second, Mix: load.Mix{{Op: load.OpReceive, Weight: 1}}}.Run(ctx, w)
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	time.Sleep(1200 * time.Millisecond)
	c.pgctl(t, "stop", "-m", "immediate")
	time.Sleep(500 * time.Millisecond)
	c.pgctl(t, "start")
	during := <-done
	t.Logf("through the restart: %s", describeResult(during))
	if during.Op(load.OpReceive).OK == 0 {
		t.Fatal("no reception acknowledged")
	}
	// While the database is down the answer says so (503 with Retry-After), not an internal error.
	// (A request caught at the instant the server dies may still see an error we cannot classify;
	// more than two such is a regression.)
	if st := during.Op(load.OpReceive).Statuses; st["500"] > 2 || st["503"] == 0 {
		n := st["500"]
		t.Errorf("%d receptions answered 500 during the outage: %v (first error: %s)", n, st, during.Op(load.OpReceive).FirstError)
	}

	// Without anyone touching egov, it serves again: readiness first, then receptions with no error.
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(s.url + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready 30 s after PostgreSQL came back: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	after, err := load.Open{Name: "after the restart", Rate: 60, Duration: 2 * time.Second, Mix: load.Mix{{Op: load.OpReceive, Weight: 1}}}.Run(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if s := after.Op(load.OpReceive); s.Errors > 0 || s.OK == 0 {
		t.Errorf("after the restart: %s", describeResult(after))
	}
	checkReceptions(t, tg, codes(w.Acked()))
}
