package dossier

import (
	"fmt"
	"strings"
)

// Diagram renders the transition table as a Mermaid stateDiagram-v2: each state with its
// identifier, national code and Vietnamese name, each row as an edge labelled with its action,
// the condition that selects it and the names of its guards. Initial is drawn as the start [*]; closed states
// lead to the end [*]. STATES.md holds its output, and a test keeps the file in step with the table.
func Diagram() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	for _, s := range States {
		if s == Initial {
			continue
		}
		n := "–"
		if s.National() != 0 {
			n = fmt.Sprintf("%d", s.National())
		}
		fmt.Fprintf(&b, "    state \"%s · %s · %s\" as %s\n", mermaidID(s), n, s.Label(), mermaidID(s))
	}
	for _, r := range table {
		label := string(r.Action)
		if r.WhenDoc != "" {
			label += " [" + r.WhenDoc + "]"
		}
		var gs []string
		for _, g := range r.Guards {
			gs = append(gs, g.Name)
		}
		if len(gs) > 0 {
			label += " (" + strings.Join(gs, ", ") + ")"
		}
		fmt.Fprintf(&b, "    %s --> %s : %s\n", mermaidID(r.From), mermaidID(r.To), label)
	}
	for _, s := range States {
		if s.Closed() {
			fmt.Fprintf(&b, "    %s --> [*]\n", mermaidID(s))
		}
	}
	return b.String()
}

// mermaidID is the diagram identifier of s: its Go name.
func mermaidID(s State) string {
	if s == Initial {
		return "[*]"
	}
	return goNames[s]
}

var goNames = map[State]string{
	Draft: "Draft", Submitted: "Submitted", ReceptionSupplement: "ReceptionSupplement", Refused: "Refused",
	Received: "Received", InProcessing: "InProcessing", InInterconnection: "InInterconnection",
	AwaitingSupplement: "AwaitingSupplement", AwaitingPayment: "AwaitingPayment",
	WithdrawalRequested: "WithdrawalRequested", Stopped: "Stopped", ResultReady: "ResultReady", Returned: "Returned",
}
