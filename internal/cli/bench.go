package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/load"
)

const aboutBench = `Drives running egov servers over the JSON API with a realistic mix of requests and prints
latency percentiles (p50, p95, p99, max), throughput and errors per operation.

Requests arrive at --rate per second for --duration (an open model): each is sent at its intended
instant whatever became of the earlier ones, and its latency counts from that instant, so a server
that stalls shows the whole wait (no coordinated omission). With several --url, requests alternate
between the servers. The tool keeps at most 64 connections to each server, as a reverse proxy keeps
a pool to the servers behind it; a request that finds them all busy waits, and the wait counts.

Operations of --mix: lookup (public lookup of a known code, no token), page (the public lookup
page), mine (a citizen signed in to the portal lists their own dossiers), inbox (an official's work
list), dossier (an official opens a dossier of their inbox), receive (a desk receives a walk-in
dossier), act (the desk hands on a dossier it received in this run), dashboard (a leader reads the
city's QĐ 766 indicators of the current year, GET /api/v1/stats/indicators), publicdash (the public
dashboard page /cong-khai, no token), and any NAME given with --get NAME=PATH (an authenticated
GET by any official).

Officials' tokens come from --token-file, one a line ('egov token create --user NAME'); blank lines
and lines starting with # are skipped, and a line may carry labels before the token. Accounts
holding the reception role receive; accounts with a role that works on dossiers (any but
supervisor alone) read their inbox and open dossiers; supervisors (e.g. giamsat), or when there is
none agency leaders, read the dashboard. Portal accounts' tokens come from --citizen-token-file in
the same format ('egov token create --citizens K' prints such lines). An operation of the mix
whose tokens are missing stops the run before it starts. Codes for public lookups come from the
officials' inboxes, from --codes (one a line) and from the receptions of the run.

With --limits the run also measures, in the same run: a bare net/http handler (started by the tool,
answering a fixed JSON of a public lookup's size) at the same rate; the capacity (closed model,
--workers each for --capacity-duration) of the bare handler, of public lookups and of receptions;
and public lookups alone at --lookup-share of the bare handler's capacity. --raw-tps gives raw
PostgreSQL's rate of a reception's inserts (scripts/pgbench-reception) for the ratio of receptions.
Every figure is printed with its ratio to its limit, and the targets as met or not.

The servers limit public lookups per client IP (60 at once, then one a second), and every request
of this tool comes from one address. With --spread-clients N the public lookups (API and page)
carry an X-Forwarded-For naming one of N addresses of 198.18.0.0/15 (RFC 2544's range for
benchmarks), the next one each request, so that the lookups measure the server rather than its
limiter. The servers believe the header only when started with --trusted-proxies including this
tool's address (e.g. egov serve --trusted-proxies 127.0.0.1,::1).`

// runBench drives servers with load.
func runBench(ctx context.Context, e *env, args []string) error {
	var urls, pids, gets multiFlag
	var tokenFile, citizenFile, codesFile, mixText, jsonFile, procedure, components string
	var rate, share, rawTPS float64
	var duration, capDuration, shareDuration, warmup, timeout time.Duration
	var workers, inFlight, spread int
	var limits bool
	var seed int
	f := newFlagSet("bench", "egov bench --url URL --token-file FILE [flags]", aboutBench, e)
	f.fs.Var(&urls, "url", "")
	f.docs = append(f.docs, flagDoc{"url", "URL", "", `"http://127.0.0.1:8080"`, "a server's base URL; repeat for several servers (alternated)"})
	f.String(&tokenFile, "token-file", "", "", "FILE", "officials' API tokens, one a line (required)")
	f.String(&citizenFile, "citizen-token-file", "", "", "FILE", "portal accounts' session tokens, one a line (for mine)")
	f.String(&codesFile, "codes", "", "", "FILE", "known dossier codes for public lookups, one a line")
	f.String(&mixText, "mix", "", load.DefaultMix, "MIX", "operations and their weights")
	f.fs.Var(&gets, "get", "")
	f.docs = append(f.docs, flagDoc{"get", "NAME=PATH", "", "", "an extra authenticated GET operation for the mix; repeatable"})
	rateFlag(f, &rate, "rate", 50, "requests per second sent")
	f.Duration(&duration, "duration", "", 30*time.Second, "how long requests are sent")
	f.String(&procedure, "procedure", "", load.DefaultReception.ProcedureCode, "CODE", "procedure of the receptions")
	f.String(&components, "components", "", strings.Join(load.DefaultReception.Components, ","), "CODES", "components handed in at reception")
	f.String(&jsonFile, "json", "", "", "FILE", "also write the figures as JSON to FILE")
	f.fs.Var(&pids, "pid", "")
	f.docs = append(f.docs, flagDoc{"pid", "PID", "", "", "a server's process id, to report its resident memory (VmRSS, VmHWM); repeatable"})
	f.Bool(&limits, "limits", "", false, "also measure the limits and the capacities in the same run")
	f.Int(&workers, "workers", "", 16, "N", "with --limits, concurrent requests of the capacity runs")
	f.Duration(&capDuration, "capacity-duration", "", 10*time.Second, "with --limits, length of each capacity run")
	rateFlag(f, &share, "lookup-share", 0.30, "with --limits, share of the bare handler's capacity sent as public lookups")
	f.Duration(&shareDuration, "share-duration", "", 10*time.Second, "with --limits, length of the lookup run at that share")
	f.Duration(&warmup, "warmup", "", 0, "first send the mix for this long without recording it (servers just started on a large database)")
	rateFlag(f, &rawTPS, "raw-tps", 0, "raw PostgreSQL's transactions per second of a reception's inserts, the limit for receptions")
	f.Int(&inFlight, "max-in-flight", "", 2000, "N", "requests outstanding at most; later ones wait, and the wait counts in their latency")
	f.Duration(&timeout, "timeout", "", 30*time.Second, "time limit of one request")
	f.Int(&seed, "seed", "", 1, "N", "random seed of the choices of codes, officials and applicants")
	f.Int(&spread, "spread-clients", "", 0, "N", fmt.Sprintf("public lookups appear to come from N clients (X-Forwarded-For in 198.18.0.0/15, at most %d); the servers must run with --trusted-proxies including this tool's address; 0: off", load.MaxSpreadClients))
	pos, err := f.Parse(args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	if len(urls) == 0 {
		urls = multiFlag{"http://127.0.0.1:8080"}
	}
	mix, err := load.ParseMix(mixText)
	if err != nil {
		return usageError{err.Error()}
	}
	if rate <= 0 || duration <= 0 {
		return usageError{"--rate and --duration must be positive"}
	}
	if spread < 0 || spread > load.MaxSpreadClients {
		return usageError{fmt.Sprintf("--spread-clients must be between 0 and %d", load.MaxSpreadClients)}
	}
	if tokenFile == "" {
		return usageError{"missing --token-file"}
	}
	tokens, err := readLines(tokenFile, true)
	if err != nil {
		return err
	}
	var codes []string
	if codesFile != "" {
		if codes, err = readLines(codesFile, false); err != nil {
			return err
		}
	}
	var pidList []int
	for _, p := range pids {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 {
			return usageError{fmt.Sprintf("--pid %q: want a process id", p)}
		}
		pidList = append(pidList, n)
	}
	client := load.NewClient(timeout)
	w, err := load.NewWorld(ctx, client, urls, tokens, codes, uint64(seed))
	if err != nil {
		return err
	}
	if citizenFile != "" {
		citizens, err := readLines(citizenFile, true)
		if err != nil {
			return err
		}
		if err := w.AddCitizens(ctx, citizens); err != nil {
			return err
		}
	}
	w.SpreadClients = spread
	w.Reception = load.Reception{ProcedureCode: procedure, Components: strings.Split(components, ",")}
	for _, g := range gets {
		name, path, ok := strings.Cut(g, "=")
		if !ok || name == "" || !strings.HasPrefix(path, "/") {
			return usageError{fmt.Sprintf("--get %q: want NAME=/path", g)}
		}
		w.Gets[name] = path
	}
	rep, err := load.Suite{Rate: rate, Duration: duration, Mix: mix, MaxInFlight: inFlight, Warmup: warmup, Limits: limits, Workers: workers,
		CapacityDuration: capDuration, LookupShare: share, ShareDuration: shareDuration, RawInsertTPS: rawTPS, PIDs: pidList,
		Log: e.stderr}.Run(ctx, w)
	if err != nil {
		return err
	}
	rep.WriteTable(e.stdout)
	if jsonFile != "" {
		fh, err := os.Create(jsonFile)
		if err != nil {
			return err
		}
		if err := rep.WriteJSON(fh); err != nil {
			fh.Close()
			return err
		}
		return fh.Close()
	}
	return nil
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// rateFlag adds a float flag.
func rateFlag(f *flagSet, p *float64, name string, def float64, usage string) {
	f.fs.Float64Var(p, name, def, usage)
	f.docs = append(f.docs, flagDoc{name, "N", "", strconv.FormatFloat(def, 'g', -1, 64), usage})
}

// readLines reads the non-blank lines of a file that do not start with #. With last, only the
// last field of each line is kept (a label may come first).
func readLines(path string, last bool) ([]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if fields := strings.Fields(l); last {
			l = fields[len(fields)-1]
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no lines", path)
	}
	return out, nil
}
