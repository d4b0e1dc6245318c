package opendata

import (
	"slices"
	"strconv"
	"strings"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/org"
)

// Table is a dataset's rows. A value is a string, an int, an int64, a float64, a bool, a
// []string (a list) or nil (empty: unknown, not applicable, or withheld).
type Table struct {
	Columns []Column
	Rows    [][]any
}

// ProcedureTable is the procedure catalogue dataset: one row per variant of each version given
// (the versions in force), in the order given.
func ProcedureTable(versions []*catalog.Version) *Table {
	t := &Table{Columns: columnsOf(ProceduresName)}
	for _, v := range versions {
		local := v.LocalCode()
		if local == "" {
			local = v.LegacyLocalCode
		}
		var levels []string
		for _, l := range v.Levels {
			levels = append(levels, string(l))
		}
		var pub any
		if v.Publication != nil && v.Publication.Number != "" {
			pub = v.Publication.Number
		}
		for _, vr := range v.Variants {
			var onlineValue, onlineUnit any
			if vr.OnlineDuration != nil {
				onlineValue, onlineUnit = durationValue(*vr.OnlineDuration), string(vr.OnlineDuration.Unit)
			}
			var total int64
			byCase := false
			var fees []string
			for _, f := range vr.Fees {
				switch f.Kind {
				case catalog.FeeFixed:
					total += f.Amount
				case catalog.FeeByCase:
					byCase = true
				}
				if f.Description != "" {
					fees = append(fees, f.Description)
				}
			}
			illustrative := v.Illustrative || vr.Illustrative || len(v.IllustrativeFields) > 0
			t.Rows = append(t.Rows, []any{
				v.NationalCode, empty(local), v.Name, empty(v.Field), levels, empty(string(v.CompetentUnitKind)), string(v.OnlineLevel),
				v.Number, v.EffectiveFrom.String(), empty(v.EffectiveTo.String()), pub,
				vr.Code, vr.Name, durationValue(vr.Duration), string(vr.Duration.Unit), vr.Duration.String(), onlineValue, onlineUnit,
				total, byCase, fees, empty(string(v.ResultKind)), slices.Clone(v.Results), slices.Clone(v.LegalBasis), illustrative,
			})
		}
	}
	return t
}

// durationValue is a duration's number (nil for same_day, which has none).
func durationValue(d catalog.Duration) any {
	if d.Unit == catalog.SameDay {
		return nil
	}
	return d.Value
}

// UnitTable is the units dataset: every unit version given, with its successors.
func UnitTable(units []*org.Unit) *Table {
	t := &Table{Columns: columnsOf(UnitsName)}
	for _, u := range units {
		var parent any
		if u.ParentID != 0 {
			parent = u.ParentID
		}
		var all, partial []string
		for _, s := range u.Successors {
			id := strconv.FormatInt(s.UnitID, 10)
			all = append(all, id)
			if s.Partial {
				partial = append(partial, id)
			}
		}
		t.Rows = append(t.Rows, []any{u.ID, empty(u.OrganID), empty(u.GSOCode), u.Name, empty(u.ShortName), string(u.Kind), empty(u.Category),
			parent, u.ValidFrom.String(), empty(u.ValidTo.String()), all, partial})
	}
	return t
}

// Aggregate is one cell group of the monthly dossier figures: dossiers of one procedure at one
// receiving unit through one channel in one month. It holds counts only.
type Aggregate struct {
	Month         string // YYYY-MM, Vietnam time
	UnitID        int64
	UnitOrganID   string
	UnitName      string
	ProcedureCode string
	ProcedureName string
	Channel       int
	// Received counts the dossiers received (accepted at the desk) in the month.
	Received int
	// Processed counts the dossiers whose processing ended in the month; OnTime and Late split
	// them (QĐ 766 indicator 2.1).
	Processed, OnTime, Late int
}

// AggregateTable is the monthly figures dataset, with small counts withheld (MinCount): a count
// from 1 to MinCount−1 becomes nil, and when one of OnTime and Late is withheld so is the other,
// since it would be Processed minus the one shown.
func AggregateTable(as []Aggregate) *Table {
	t := &Table{Columns: columnsOf(MonthlyName)}
	for _, a := range as {
		onTime, late := withhold(a.OnTime), withhold(a.Late)
		if onTime == nil || late == nil {
			onTime, late = nil, nil
		}
		t.Rows = append(t.Rows, []any{a.Month, a.UnitID, empty(a.UnitOrganID), a.UnitName, a.ProcedureCode, a.ProcedureName, a.Channel,
			withhold(a.Received), withhold(a.Processed), onTime, late})
	}
	return t
}

// withhold returns n, or nil when n is a small count that could single somebody out.
func withhold(n int) any {
	if n > 0 && n < MinCount {
		return nil
	}
	return n
}

// empty is nil for "", else s.
func empty(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return s
}

func columnsOf(name string) []Column {
	for _, d := range Definitions() {
		if d.Name == name {
			return d.Columns
		}
	}
	panic("opendata: no dataset " + name)
}
