package dossier

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite STATES.md from the transition table")

// statesDoc renders STATES.md: the diagram and the tables it is drawn from.
func statesDoc() string {
	var b strings.Builder
	b.WriteString(`# Dossier states

The life of a dossier (hồ sơ): internal states, their national status code (TrangThaiHoSo of the
National Public Service Portal, domain-vn §4.1) and the allowed transitions (§4.2). This file is
generated from the transition table in ` + "`transition.go`" + `; do not edit it by hand. After changing the
table run:

    go test ./internal/dossier -run TestStatesDoc -update

Each state shows its identifier, national code ("–" = not synced) and Vietnamese name; each edge
its action, the condition that selects it when one action has two targets, and its guards.

` + "```mermaid\n")
	b.WriteString(Diagram())
	b.WriteString("```\n\n## States\n\n| State | National code | Name | Terminal | Clock |\n|---|---|---|---|---|\n")
	for _, s := range States {
		n := "–"
		if s.National() != 0 {
			n = fmt.Sprintf("%d %s", s.National(), s.National().Name())
		}
		term := ""
		switch {
		case s.Closed():
			term = "closed"
		case s.Terminal():
			term = "yes"
		}
		clock := "–"
		switch {
		case s.ClockRunning():
			clock = "running"
		case s == AwaitingSupplement || s == AwaitingPayment:
			clock = "paused"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", s, n, s.Label(), term, clock)
	}
	b.WriteString("\n## Transitions\n\nAnything not listed is refused with `illegal_transition`.\n\n| From | Action | To | Roles | Guards |\n|---|---|---|---|---|\n")
	for _, r := range table {
		roles := make([]string, len(r.Roles))
		for i, role := range r.Roles {
			roles[i] = string(role)
		}
		var gs []string
		for _, g := range r.Guards {
			gs = append(gs, g.Name)
		}
		action := "`" + string(r.Action) + "`"
		if r.WhenDoc != "" {
			action += " (" + r.WhenDoc + ")"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", r.From, action, r.To, strings.Join(roles, ", "), strings.Join(gs, ", "))
	}
	b.WriteString("\n## Guards\n\nInput guards check what the actor supplies; `Allowed` skips them so the button is shown.\n\n| Guard | Checks | Error codes | Input |\n|---|---|---|---|\n")
	seen := map[string]bool{}
	for _, r := range table {
		for _, g := range r.Guards {
			if seen[g.Name] {
				continue
			}
			seen[g.Name] = true
			input := ""
			if g.Input {
				input = "yes"
			}
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s |\n", g.Name, g.Doc, strings.Join(g.Codes, "`, `"), input)
		}
	}
	b.WriteString("| G4 | no stop or withdrawal once in 9 or 10: no such row exists (checked when the package loads) | `illegal_transition` | |\n")
	return b.String()
}

func TestStatesDoc(t *testing.T) {
	want := statesDoc()
	if *update {
		if err := os.WriteFile("STATES.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("STATES.md")
	if err != nil {
		t.Fatalf("%v (run go test ./internal/dossier -run TestStatesDoc -update)", err)
	}
	if string(got) != want {
		t.Fatal("STATES.md is out of date with the transition table: run go test ./internal/dossier -run TestStatesDoc -update")
	}
}

func TestDiagram(t *testing.T) {
	d := Diagram()
	if !strings.HasPrefix(d, "stateDiagram-v2\n") {
		t.Fatalf("not a state diagram:\n%s", d)
	}
	for _, want := range []string{
		`state "ResultReady · 9 · Đã xử lý xong" as ResultReady`,
		`state "Draft · – · Nháp" as Draft`,
		"[*] --> Draft : create\n",
		"[*] --> Received : receive_direct (G1)\n",
		"Submitted --> Received : accept (G1)\n",
		"AwaitingPayment --> ResultReady : pay [result issued]\n",
		"InProcessing --> InProcessing : reschedule (G5, lateness_reason)\n",
		"Returned --> [*]\n",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("diagram lacks %q", want)
		}
	}
	if edges := strings.Count(d, " --> ") - strings.Count(d, "--> [*]"); edges != len(table) {
		t.Errorf("%d edges, table has %d rows", edges, len(table))
	}
	for _, s := range States {
		if s != Initial && !strings.Contains(d, " as "+mermaidID(s)+"\n") {
			t.Errorf("state %s missing", s)
		}
	}
}
