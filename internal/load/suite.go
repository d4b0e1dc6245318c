package load

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Suite is a whole measurement: the mix at a fixed rate, then (with Limits) the limits in the
// same run and the figures the targets are stated in.
type Suite struct {
	Rate        float64
	Duration    time.Duration
	Mix         Mix
	MaxInFlight int
	// Warmup, when positive, first sends the mix at Rate for that long without recording it:
	// servers just started on a database larger than memory answer from disk at first, and the
	// figures are meant for the steady state.
	Warmup time.Duration

	// Limits adds, in this order: the bare handler at the same rate (the latency floor); the
	// capacity of the bare handler and of public lookups (closed model, Workers for
	// CapacityDuration each); the bare handler and then public lookups alone at LookupShare of
	// the bare handler's capacity for ShareDuration; the capacity of receptions.
	Limits           bool
	Workers          int
	CapacityDuration time.Duration
	LookupShare      float64
	ShareDuration    time.Duration

	// RawInsertTPS is raw PostgreSQL's rate of a reception's inserts (pgbench, measured by the
	// caller), the limit for receptions; 0 when not measured.
	RawInsertTPS float64
	// PIDs are the servers' processes, for their resident memory.
	PIDs []int
	// Log gets a line as each phase starts.
	Log io.Writer
}

// Report is what a suite measured.
type Report struct {
	Date         string    `json:"date"`
	URLs         []string  `json:"urls"`
	Officials    int       `json:"officials"`
	Desks        int       `json:"desks"`
	Citizens     int       `json:"citizens"` // portal accounts`
	KnownCodes   int       `json:"known_codes"`
	LookupBytes  int       `json:"lookup_bytes"`
	Clients      int       `json:"spread_clients,omitempty"` // World.SpreadClients
	Phases       []*Result `json:"phases"`
	RawInsertTPS float64   `json:"raw_insert_tps,omitempty"`
	Memory       []Memory  `json:"memory,omitempty"`
	Targets      []Target  `json:"targets,omitempty"`
}

// Target is one of the stated targets and how the run compares.
type Target struct {
	Name   string  `json:"name"`
	Figure string  `json:"figure"`
	Value  float64 `json:"value"`
	Limit  float64 `json:"limit"`
	Ratio  float64 `json:"ratio"` // value ÷ limit
	Met    bool    `json:"met"`
}

// Phase returns the phase of that name, or nil.
func (r *Report) Phase(name string) *Result {
	for _, p := range r.Phases {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Phase names.
const (
	PhaseMix            = "mix"
	PhaseBareAtRate     = "bare-at-rate"
	PhaseBareCapacity   = "bare-capacity"
	PhaseLookupCapacity = "lookup-capacity"
	PhaseReceiveCap     = "receive-capacity"
	PhaseLookupAtShare  = "lookup-at-share"
	PhaseBareAtShare    = "bare-at-share"
)

// Run runs the suite against the world.
func (s Suite) Run(ctx context.Context, w *World) (*Report, error) {
	logf := func(format string, args ...any) {
		if s.Log != nil {
			fmt.Fprintf(s.Log, format+"\n", args...)
		}
	}
	check := s.Mix
	if s.Limits {
		check = append(slices.Clone(check), Share{OpLookup, 1}, Share{OpReceive, 1})
	}
	if err := w.Check(check); err != nil {
		return nil, err
	}
	mem := NewMemorySampler(s.PIDs)
	rep := &Report{Date: time.Now().Format(time.DateOnly), URLs: w.URLs, Officials: len(w.Officials), Desks: len(w.Desks()), Citizens: len(w.Citizens),
		KnownCodes: w.Codes(), LookupBytes: w.LookupSize(ctx), Clients: w.SpreadClients, RawInsertTPS: s.RawInsertTPS}
	run := func(p interface {
		Run(context.Context, *World) (*Result, error)
	}) error {
		r, err := p.Run(ctx, w)
		if err != nil {
			return err
		}
		rep.Phases = append(rep.Phases, r)
		return ctx.Err()
	}
	if s.Warmup > 0 {
		logf("warm-up: the mix at %g/s for %v, not recorded", s.Rate, s.Warmup)
		if _, err := (Open{Name: "warmup", Rate: s.Rate, Duration: s.Warmup, Mix: s.Mix, MaxInFlight: s.MaxInFlight}).Run(ctx, w); err != nil {
			return nil, err
		}
	}
	logf("mix %s at %g/s for %v against %s", s.Mix, s.Rate, s.Duration, strings.Join(w.URLs, ", "))
	if err := run(Open{Name: PhaseMix, Rate: s.Rate, Duration: s.Duration, Mix: s.Mix, MaxInFlight: s.MaxInFlight, Sample: mem.Sample}); err != nil {
		return nil, err
	}
	if s.Limits {
		b, err := StartBare(rep.LookupBytes)
		if err != nil {
			return nil, err
		}
		defer b.Close()
		bareURL := []string{b.URL}
		logf("bare handler (%d bytes) at %g/s for %v", rep.LookupBytes, s.Rate, s.Duration)
		if err := run(Open{Name: PhaseBareAtRate, URLs: bareURL, Rate: s.Rate, Duration: s.Duration, Mix: Mix{{OpBare, 1}}, MaxInFlight: s.MaxInFlight}); err != nil {
			return nil, err
		}
		logf("capacity, %d workers, %v each: bare handler, public lookup (reception at the end)", s.Workers, s.CapacityDuration)
		if err := run(Closed{Name: PhaseBareCapacity, URLs: bareURL, Op: OpBare, Workers: s.Workers, Duration: s.CapacityDuration}); err != nil {
			return nil, err
		}
		if err := run(Closed{Name: PhaseLookupCapacity, Op: OpLookup, Workers: s.Workers, Duration: s.CapacityDuration, Sample: mem.Sample}); err != nil {
			return nil, err
		}
		if bareCap := rep.Phase(PhaseBareCapacity).Op(OpBare).Throughput; s.LookupShare > 0 && bareCap > 0 {
			rate := s.LookupShare * bareCap
			// The floor at that rate: the same open model against the bare handler, which shows
			// what this machine and this tool give at that rate whatever the server.
			logf("bare handler at %.0f/s for %v", rate, s.ShareDuration)
			if err := run(Open{Name: PhaseBareAtShare, URLs: bareURL, Rate: rate, Duration: s.ShareDuration, Mix: Mix{{OpBare, 1}}, MaxInFlight: s.MaxInFlight}); err != nil {
				return nil, err
			}
			logf("public lookups alone at %.0f/s (%.0f%% of the bare handler's %.0f/s) for %v", rate, s.LookupShare*100, bareCap, s.ShareDuration)
			if err := run(Open{Name: PhaseLookupAtShare, Rate: rate, Duration: s.ShareDuration, Mix: Mix{{OpLookup, 1}}, MaxInFlight: s.MaxInFlight, Sample: mem.Sample}); err != nil {
				return nil, err
			}
		}
		// Receptions last: thousands of inserts leave PostgreSQL vacuuming and checkpointing for
		// a while after, work that is not the lookups' and would weigh on them.
		if err := run(Closed{Name: PhaseReceiveCap, Op: OpReceive, Workers: s.Workers, Duration: s.CapacityDuration, Sample: mem.Sample}); err != nil {
			return nil, err
		}
	}
	rep.Memory = mem.Figures()
	rep.Targets = rep.targets()
	return rep, nil
}

// The targets of the issue "Load, scale and crash".
const (
	InboxP95Target     = 50.0  // ms
	DashboardP95Target = 100.0 // ms: the city's yearly dashboard (BENCHMARKS.md, QĐ 766 indicators)
	LookupP99Target    = 20.0  // ms
	LookupShareTarget  = 0.30  // of the bare handler's throughput
	ReceptionShare     = 0.40  // of raw PostgreSQL's insert rate
	MemoryTargetKB     = 300e3 // KiB (300 MB as the kernel counts kB)
	memoryTargetLabel  = "300 MB"
	lookupTargetLabel  = "public lookup p99 at ≥30% of the bare handler's throughput"
	receiveTargetLabel = "receptions per second, ≥40% of raw PostgreSQL's inserts"
)

func (r *Report) targets() []Target {
	var out []Target
	if m := r.Phase(PhaseMix); m != nil {
		if s := m.Op(OpInbox); s != nil && s.OK > 0 {
			out = append(out, Target{Name: "officials' inbox p95 (mix)", Figure: "p95 ms", Value: s.P95, Limit: InboxP95Target,
				Ratio: s.P95 / InboxP95Target, Met: s.P95 <= InboxP95Target})
		}
		if s := m.Op(OpDashboard); s != nil && s.OK > 0 {
			out = append(out, Target{Name: "city's yearly dashboard p95 (mix)", Figure: "p95 ms", Value: s.P95, Limit: DashboardP95Target,
				Ratio: s.P95 / DashboardP95Target, Met: s.P95 <= DashboardP95Target})
		}
	}
	if p := r.Phase(PhaseLookupAtShare); p != nil {
		s := p.Op(OpLookup)
		bareCap := r.Phase(PhaseBareCapacity).Op(OpBare).Throughput
		got := s.Throughput / bareCap
		// Kept up: every request sent at the share's rate answered without error, at the rate it
		// was sent (the throughput, counted to the run's last answer, is a hair below it).
		kept := s.Errors == 0 && s.OK == s.Sent && p.Rate >= LookupShareTarget*bareCap*(1-1e-9) && s.Throughput >= 0.99*p.Rate
		out = append(out, Target{Name: lookupTargetLabel, Figure: "p99 ms", Value: s.P99, Limit: LookupP99Target,
			Ratio: s.P99 / LookupP99Target, Met: s.P99 <= LookupP99Target && kept})
		out = append(out, Target{Name: "public lookups served ÷ bare handler's capacity (lookup-at-share)", Figure: "share", Value: got,
			Limit: LookupShareTarget, Ratio: got / LookupShareTarget, Met: kept || got >= LookupShareTarget})
		if b := r.Phase(PhaseBareAtShare); b != nil && b.Op(OpBare).OK > 0 {
			bs := b.Op(OpBare)
			out = append(out, Target{Name: "(floor) bare handler p99 at the same rate, open model", Figure: "p99 ms", Value: bs.P99,
				Limit: LookupP99Target, Ratio: bs.P99 / LookupP99Target, Met: bs.P99 <= LookupP99Target})
		}
	}
	if p := r.Phase(PhaseReceiveCap); p != nil && r.RawInsertTPS > 0 {
		v := p.Op(OpReceive).Throughput
		out = append(out, Target{Name: receiveTargetLabel, Figure: "per s", Value: v, Limit: ReceptionShare * r.RawInsertTPS,
			Ratio: v / r.RawInsertTPS, Met: v >= ReceptionShare*r.RawInsertTPS})
	}
	for _, m := range r.Memory {
		if m.HWMKB == 0 {
			continue
		}
		out = append(out, Target{Name: fmt.Sprintf("resident memory of pid %d (VmHWM), ≤ %s", m.PID, memoryTargetLabel), Figure: "MB",
			Value: float64(m.HWMKB) / 1000, Limit: MemoryTargetKB / 1000, Ratio: float64(m.HWMKB) / MemoryTargetKB, Met: float64(m.HWMKB) <= MemoryTargetKB})
	}
	return out
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable prints the report as tables: every phase with each figure's ratio to its limit,
// the memory and the targets.
func (r *Report) WriteTable(out io.Writer) {
	fmt.Fprintf(out, "egov bench, %s: %s; %d officials (%d desks), %d portal accounts, %d known codes, lookup answer %d bytes\n",
		r.Date, strings.Join(r.URLs, " "), r.Officials, r.Desks, r.Citizens, r.KnownCodes, r.LookupBytes)
	if r.Clients > 0 {
		fmt.Fprintf(out, "public requests spread over %d clients (X-Forwarded-For in 198.18.0.0/15)\n", r.Clients)
	}
	floor := r.Phase(PhaseBareAtRate)
	for _, p := range r.Phases {
		how := fmt.Sprintf("open model, %.0f/s sent", p.Rate)
		if p.Model == "closed" {
			how = fmt.Sprintf("closed model, %d workers", p.Workers)
		}
		fmt.Fprintf(out, "\n%s (%s, %v)\n", p.Name, how, p.Elapsed.Round(time.Millisecond))
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "op\tsent\tok\terrors\tskipped\tper s\tp50 ms\tp95 ms\tp99 ms\tmax ms\tlimit\t")
		for _, s := range p.Ops {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t\n", s.Op, s.Sent, s.OK, s.Errors, s.Skipped,
				s.Throughput, s.P50, s.P95, s.P99, s.Max, r.ratio(p, s, floor))
		}
		tw.Flush()
		for _, s := range p.Ops {
			if s.Errors > 0 {
				fmt.Fprintf(out, "  %s errors by status %v; first: %s\n", s.Op, s.Statuses, s.FirstError)
			}
		}
	}
	if r.RawInsertTPS > 0 {
		fmt.Fprintf(out, "\nraw PostgreSQL, a reception's inserts (pgbench): %.1f transactions/s\n", r.RawInsertTPS)
	}
	if len(r.Memory) > 0 {
		fmt.Fprintln(out, "\nserver memory")
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "pid\tmax VmRSS MB\tVmHWM MB\t÷ 300 MB\t")
		for _, m := range r.Memory {
			fmt.Fprintf(tw, "%d\t%.1f\t%.1f\t%.2f\t\n", m.PID, float64(m.MaxRSSKB)/1000, float64(m.HWMKB)/1000, float64(m.HWMKB)/MemoryTargetKB)
		}
		tw.Flush()
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(out, "\ntargets")
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "target\tmeasured\tlimit\tratio\t")
		for _, t := range r.Targets {
			met := "MET"
			if !t.Met {
				met = "NOT MET"
			}
			fmt.Fprintf(tw, "%s\t%.2f %s\t%.2f\t%.2f\t%s\n", t.Name, t.Value, t.Figure, t.Limit, t.Ratio, met)
		}
		tw.Flush()
	}
}

// ratio describes an operation's figure against its limit: in the mix, the p99 against the bare
// handler's p99 at the same rate; in a capacity run, the throughput against the bare handler's
// (lookups) or raw PostgreSQL's (receptions).
func (r *Report) ratio(p *Result, s *OpStats, floor *Result) string {
	switch p.Name {
	case PhaseMix:
		if floor != nil && floor.Op(OpBare).P99 > 0 && s.OK > 0 {
			return fmt.Sprintf("p99 %.1f× bare", s.P99/floor.Op(OpBare).P99)
		}
	case PhaseLookupAtShare:
		if b := r.Phase(PhaseBareAtShare); b != nil && b.Op(OpBare).P99 > 0 && s.OK > 0 {
			return fmt.Sprintf("p99 %.1f× bare at this rate", s.P99/b.Op(OpBare).P99)
		}
	case PhaseLookupCapacity:
		if b := r.Phase(PhaseBareCapacity); b != nil && b.Op(OpBare).Throughput > 0 {
			return fmt.Sprintf("%.3f of bare", s.Throughput/b.Op(OpBare).Throughput)
		}
	case PhaseReceiveCap:
		if r.RawInsertTPS > 0 {
			return fmt.Sprintf("%.3f of raw PG", s.Throughput/r.RawInsertTPS)
		}
	case PhaseBareAtRate, PhaseBareCapacity, PhaseBareAtShare:
		return "(the limit)"
	}
	return "-"
}
