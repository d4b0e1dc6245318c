package catalog

import (
	"encoding/json"
	"testing"
)

func TestDiffFeeAndComponent(t *testing.T) {
	a := validVersion()
	b := a.Clone()
	b.Variants[0].Fees[1].Amount = 10000
	b.Variants[0].Components = append(b.Variants[0].Components, Component{Code: "tp03", Name: "Văn bản ủy quyền", Originals: 1})
	changes := Diff(a, &b)
	if len(changes) != 2 {
		t.Fatalf("want 2 changes, got %+v", changes)
	}
	fee := changes[1]
	if changes[0].Path == "variants[0].fees[1].amount" {
		fee = changes[0]
	}
	if fee.Path != "variants[0].fees[1].amount" || fee.Kind != Changed ||
		fee.Old != json.Number("8000") || fee.New != json.Number("10000") {
		t.Errorf("fee change %+v", fee)
	}
	var comp Change
	for _, c := range changes {
		if c.Path == "variants[0].components[2]" {
			comp = c
		}
	}
	if comp.Kind != Added || comp.Old != nil || comp.New.(map[string]any)["code"] != "tp03" {
		t.Errorf("component change %+v in %+v", comp, changes)
	}
}

func TestDiffMatchesByCode(t *testing.T) {
	a := validVersion()
	b := a.Clone()
	// Insert a component first and drop the second: matched by code, not by position.
	b.Variants[0].Components = []Component{{Code: "tp00", Name: "Đơn đề nghị", Originals: 1}, b.Variants[0].Components[0]}
	b.Number, b.Status = 2, StatusPublished // never reported
	b.EffectiveFrom = day("2026-01-01")
	b.Form.Fields[0].Label.En = "Full name"
	got := map[string]ChangeKind{}
	for _, c := range Diff(a, &b) {
		got[c.Path] = c.Kind
	}
	want := map[string]ChangeKind{
		"variants[0].components[0]": Added,
		"variants[0].components[1]": Removed, // index in a
		"effective_from":            Changed,
		"form.fields[0].label.en":   Added,
	}
	if len(got) != len(want) {
		t.Fatalf("changes %v, want %v", got, want)
	}
	for p, k := range want {
		if got[p] != k {
			t.Errorf("%s: %s, want %s (all: %v)", p, got[p], k, got)
		}
	}
	if d := Diff(a, a); d != nil {
		t.Errorf("a version differs from itself: %v", d)
	}
}
