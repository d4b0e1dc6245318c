package load

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Share is one operation of a mix and its weight.
type Share struct {
	Op     string
	Weight int
}

// Mix is the share of each operation in the requests sent.
type Mix []Share

// DefaultMix is a working day seen from the server: citizens looking up their dossiers by code
// and, signed in to the portal, listing their own; officials working through their inboxes and
// dossiers; desks receiving and handing on; now and then a leader reading the city's dashboard.
// It needs officials' tokens with a desk, an official who works on dossiers and a supervisor or
// an agency leader, and portal accounts' tokens.
const DefaultMix = "lookup=45,mine=10,inbox=15,dossier=12,receive=10,act=6,dashboard=2"

// ParseMix reads "lookup=50,inbox=15,…".
func ParseMix(s string) (Mix, error) {
	var m Mix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, w, ok := strings.Cut(part, "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil || n < 0 || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("mix %q: want NAME=WEIGHT,… with whole weights", part)
		}
		if n > 0 {
			m = append(m, Share{strings.TrimSpace(name), n})
		}
	}
	if len(m) == 0 {
		return nil, errors.New("empty mix")
	}
	return m, nil
}

func (m Mix) String() string {
	var parts []string
	for _, s := range m {
		parts = append(parts, s.Op+"="+strconv.Itoa(s.Weight))
	}
	return strings.Join(parts, ",")
}

// schedule is the mix spread evenly over a cycle of the total weight: the i-th request of the
// run is schedule[i % len] (a deterministic interleaving, so a short run has the mix too).
func (m Mix) schedule() []string {
	total := 0
	for _, s := range m {
		total += s.Weight
	}
	out := make([]string, 0, total)
	credit := make([]int, len(m))
	for range total {
		best := 0
		for j, s := range m {
			credit[j] += s.Weight
			if credit[j] > credit[best] {
				best = j
			}
		}
		credit[best] -= total
		out = append(out, m[best].Op)
	}
	return out
}

// Open is an open-model run: requests arrive at Rate per second for Duration, each at its
// intended instant whatever happened to the earlier ones, and latency is measured from that
// instant. A server that stalls therefore shows the whole wait of every request that arrived
// meanwhile (no coordinated omission). MaxInFlight bounds the requests outstanding; a request
// beyond it waits for a slot, and the wait counts in its latency.
type Open struct {
	Name        string
	URLs        []string // alternated; nil: the world's
	Rate        float64
	Duration    time.Duration
	Mix         Mix
	MaxInFlight int
	// Sample, when set, is called about every 100 ms during the run (e.g. to read the servers'
	// memory).
	Sample func()
}

// Run runs the open-model phase.
func (p Open) Run(ctx context.Context, w *World) (*Result, error) {
	if p.Rate <= 0 || p.Duration <= 0 {
		return nil, errors.New("rate and duration must be positive")
	}
	ops, sched, err := p.resolve(w)
	if err != nil {
		return nil, err
	}
	urls := p.URLs
	if urls == nil {
		urls = w.URLs
	}
	if p.MaxInFlight <= 0 {
		p.MaxInFlight = 1000
	}
	res := newResult(p.Name, "open", p.Mix)
	res.Rate = p.Rate
	n := int(p.Rate * p.Duration.Seconds())
	interval := max(time.Nanosecond, time.Duration(float64(time.Second)/p.Rate))
	// MaxInFlight workers take the requests in order; a request waits in the queue while they
	// are all busy, and the wait counts. Workers made once, not a goroutine per request: at
	// tens of thousands of requests a second, making goroutines and growing their stacks cost
	// this tool as much CPU as the requests themselves, CPU the servers share.
	type job struct {
		i        int
		intended time.Time
	}
	jobs := make(chan job, min(n, 4*p.MaxInFlight))
	var wg sync.WaitGroup
	for range min(p.MaxInFlight, n) {
		wg.Go(func() {
			for j := range jobs {
				if ctx.Err() != nil {
					continue // cut off: neither sent nor counted
				}
				name := sched[j.i%len(sched)]
				st, err := ops[name](ctx, w, urls[j.i%len(urls)])
				if ctx.Err() != nil && err != nil {
					continue // cut off by the end of the run: not an answer
				}
				res.record(name, st, err, time.Since(j.intended))
			}
		})
	}
	stopSample := startSampler(p.Sample)
	start := time.Now()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	// The pacer hands out every request whose instant has come, then sleeps until the next one:
	// one wake-up per batch, however late the wake-up (each request's latency still counts from
	// its own instant).
send:
	for i := 0; i < n; {
		due := min(n, int(time.Since(start)/interval)+1)
		for ; i < due; i++ {
			select {
			case jobs <- job{i, start.Add(time.Duration(i) * interval)}:
			case <-ctx.Done():
				break send
			}
		}
		if i == n {
			break
		}
		timer.Reset(time.Until(start.Add(time.Duration(i) * interval)))
		select {
		case <-timer.C:
		case <-ctx.Done():
			break send
		}
	}
	close(jobs)
	wg.Wait()
	stopSample()
	res.Elapsed = time.Since(start)
	// Throughput counts until the last answer: a server that falls behind answers the last
	// requests late, and the rate it kept up with is lower than the rate sent.
	res.finish(res.Elapsed)
	return res, nil
}

func (p Open) resolve(w *World) (map[string]op, []string, error) {
	ops := map[string]op{}
	for _, s := range p.Mix {
		o, err := w.op(s.Op)
		if err != nil {
			return nil, nil, err
		}
		ops[s.Op] = o
	}
	return ops, p.Mix.schedule(), nil
}

// Closed is a closed-model run: Workers send one request after another as fast as answers come,
// for Duration. It measures capacity (the most requests per second), not latency under a load.
type Closed struct {
	Name     string
	URLs     []string
	Op       string
	Workers  int
	Duration time.Duration
	Sample   func()
}

// Run runs the closed-model phase.
func (p Closed) Run(ctx context.Context, w *World) (*Result, error) {
	o, err := w.op(p.Op)
	if err != nil {
		return nil, err
	}
	urls := p.URLs
	if urls == nil {
		urls = w.URLs
	}
	if p.Workers <= 0 {
		p.Workers = 1
	}
	res := newResult(p.Name, "closed", Mix{{p.Op, 1}})
	res.Workers = p.Workers
	ctx, cancel := context.WithTimeout(ctx, p.Duration)
	defer cancel()
	var wg sync.WaitGroup
	stopSample := startSampler(p.Sample)
	start := time.Now()
	for k := 0; k < p.Workers; k++ {
		wg.Go(func() {
			for i := k; ctx.Err() == nil; i += p.Workers {
				t := time.Now()
				st, err := o(ctx, w, urls[i%len(urls)])
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the run: not an answer
				}
				res.record(p.Op, st, err, time.Since(t))
			}
		})
	}
	wg.Wait()
	stopSample()
	res.Elapsed = time.Since(start)
	res.finish(res.Elapsed)
	return res, nil
}

func startSampler(fn func()) (stop func()) {
	if fn == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			fn()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait(); fn() }
}

// Result is what one phase measured.
type Result struct {
	Name    string        `json:"name"`
	Model   string        `json:"model"` // open or closed
	Mix     string        `json:"mix"`
	Rate    float64       `json:"rate,omitempty"`    // open: requests per second sent
	Workers int           `json:"workers,omitempty"` // closed
	Elapsed time.Duration `json:"elapsed_ns"`
	Ops     []*OpStats    `json:"ops"`

	mu    sync.Mutex
	byOp  map[string]*OpStats
	order []string
}

// OpStats are the figures of one operation in one phase. Latencies are in milliseconds.
type OpStats struct {
	Op         string         `json:"op"`
	Sent       int            `json:"sent"`
	OK         int            `json:"ok"`
	Errors     int            `json:"errors"`
	Skipped    int            `json:"skipped"`
	Statuses   map[string]int `json:"statuses,omitempty"` // errors by HTTP status ("0": no answer)
	FirstError string         `json:"first_error,omitempty"`
	Throughput float64        `json:"throughput"` // successful requests per second
	P50        float64        `json:"p50_ms"`
	P95        float64        `json:"p95_ms"`
	P99        float64        `json:"p99_ms"`
	Max        float64        `json:"max_ms"`

	lat []time.Duration // of the successful requests
}

func newResult(name, model string, m Mix) *Result {
	r := &Result{Name: name, Model: model, Mix: m.String(), byOp: map[string]*OpStats{}}
	for _, s := range m {
		r.byOp[s.Op] = &OpStats{Op: s.Op, Statuses: map[string]int{}}
		r.order = append(r.order, s.Op)
	}
	return r
}

func (r *Result) record(name string, status int, err error, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.byOp[name]
	switch {
	case errors.Is(err, errSkipped):
		s.Skipped++
		return
	case err != nil:
		s.Sent++
		s.Errors++
		s.Statuses[strconv.Itoa(status)]++
		if s.FirstError == "" {
			s.FirstError = err.Error()
		}
	default:
		s.Sent++
		s.OK++
		s.lat = append(s.lat, d)
	}
}

func (r *Result) finish(window time.Duration) {
	for _, name := range r.order {
		s := r.byOp[name]
		sort.Slice(s.lat, func(i, j int) bool { return s.lat[i] < s.lat[j] })
		s.P50, s.P95, s.P99 = ms(quantile(s.lat, 0.50)), ms(quantile(s.lat, 0.95)), ms(quantile(s.lat, 0.99))
		if len(s.lat) > 0 {
			s.Max = ms(s.lat[len(s.lat)-1])
		}
		if window > 0 {
			s.Throughput = float64(s.OK) / window.Seconds()
		}
		if len(s.Statuses) == 0 {
			s.Statuses = nil
		}
		r.Ops = append(r.Ops, s)
	}
}

// Op returns the figures of one operation, or nil.
func (r *Result) Op(name string) *OpStats {
	for _, s := range r.Ops {
		if s.Op == name {
			return s
		}
	}
	return nil
}

// quantile is the nearest-rank quantile of sorted durations.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
