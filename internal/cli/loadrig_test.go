package cli_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/cli"
	"github.com/egov-vn/egov/internal/demo"
	"github.com/egov-vn/egov/internal/load"
	"github.com/egov-vn/egov/internal/org"
)

// runMainEnv makes the test binary behave as the egov program: the crash tests start it as a
// separate process that they can kill -9.
const runMainEnv = "EGOV_TEST_RUN_AS_EGOV"

func init() {
	if os.Getenv(runMainEnv) != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// loadEnvInt reads a scale from the environment (the long versions of the load tests).
func loadEnvInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// desks are demo reception officials at four one-stop desks: four daily counters.
var desks = []string{"badinh.tiepnhan", "hoankiem.tiepnhan", "caugiay.tiepnhan", "socson.tiepnhan"}

// withDemoBase loads the demo city (units, officials, catalogue; no dossiers) and returns API
// tokens of the desks.
func withDemoBase(t *testing.T, tg *target) []string {
	t.Helper()
	tg.mustRun(t, 0, "migrate")
	_, svc := tg.open(t)
	if _, err := demo.Load(app.WithActor(context.Background(), org.SystemActor), svc, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for _, u := range desks {
		tokens = append(tokens, strings.TrimSpace(tg.mustRun(t, 0, "token", "create", "--user", u).stdout))
	}
	return tokens
}

// process is `egov serve` running as a separate process.
type process struct {
	cmd  *exec.Cmd
	url  string
	logs *syncBuffer
	done chan error
}

// start starts `egov serve` as a separate process on a free port and waits until it listens.
func (tg *target) start(t *testing.T) *process {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0")
	cmd.Env = []string{runMainEnv + "=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range tg.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &process{cmd: cmd, logs: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stderr = p.logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urls <- strings.Replace(m[1], "localhost", "127.0.0.1", 1)
			}
		}
		io.Copy(io.Discard, out)
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() { p.kill() })
	select {
	case p.url = <-urls:
		return p
	case err := <-p.done:
		t.Fatalf("egov serve exited before listening: %v\n%s", err, p.logs)
	case <-time.After(60 * time.Second):
		p.kill()
		t.Fatalf("egov serve not listening after 60 s\n%s", p.logs)
	}
	return nil
}

// kill kills the process with SIGKILL (kill -9) and waits for it; a second call does nothing.
func (p *process) kill() {
	if p.cmd.ProcessState != nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
	}
}

// world connects the load client to servers.
func world(t *testing.T, tokens []string, urls ...string) *load.World {
	t.Helper()
	w, err := load.NewWorld(context.Background(), load.NewClient(10*time.Second), urls, tokens, nil, uint64(time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// codes are the codes of acknowledged receptions.
func codes(acks []load.Acknowledged) []string {
	var out []string
	for _, a := range acks {
		out = append(out, a.Code)
	}
	return out
}

// checkReceptions fails the test unless every acknowledged reception is stored and complete,
// every stored dossier is complete, no code is stored twice, and the audit chain verifies.
func checkReceptions(t *testing.T, tg *target, acked []string) {
	t.Helper()
	db, _ := tg.open(t)
	c, err := db.CheckReceptions(context.Background(), acked, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Clean() {
		t.Errorf("receptions: %s", c)
	}
	if c.Dossiers < len(acked) {
		t.Errorf("%d dossiers stored, %d acknowledged", c.Dossiers, len(acked))
	}
	r := tg.mustRun(t, 0, "audit", "verify")
	if !strings.Contains(r.stdout, "intact") {
		t.Errorf("audit verify: %s", r.stdout)
	}
	t.Logf("%d receptions acknowledged, %d dossiers stored and complete; %s", len(acked), c.Dossiers, strings.TrimSpace(strings.Split(r.stdout, "\n")[0]))
}

func describeResult(r *load.Result) string {
	var b strings.Builder
	for _, s := range r.Ops {
		fmt.Fprintf(&b, "%s: %d sent, %d ok, %d errors %v (first: %s); ", s.Op, s.Sent, s.OK, s.Errors, s.Statuses, s.FirstError)
	}
	return b.String()
}
