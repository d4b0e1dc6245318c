// Package stats is the indicators of Quyết định 766/QĐ-TTg (domain-vn §8) for egov's dossiers
// and catalogue: their definitions and formulas, the scoring rule, reporting periods, and the
// facts each dossier contributes (Classify) to the monthly aggregates the store keeps (Counter).
// It imports no storage and no HTTP and never reads the wall clock.
//
// How a report is made: every received dossier has Facts, recomputed in the transaction that
// changes it; the aggregates are the sums of Facts by key (Counter); a period read at an instant
// (Window) turns the aggregates into a few Buckets, and Tally.Compute applies the formulas. A
// figure's dossiers are the Facts that fall in the same bucket, so that every number can list
// the dossiers behind it.
//
// Error codes (all Invalid): invalid_period, period_too_long, invalid_kpi_mode, invalid_level,
// unknown_figure, invalid_cursor; the service adds unknown_unit (NotFound).
package stats
