// Package catalog is the administrative procedure catalogue (danh mục thủ tục hành chính): the
// procedures a city government handles, each as a list of dated, immutable versions, and the
// JSON file format they are imported from and exported to. It imports no storage and no HTTP.
//
// # Model
//
// A Procedure (thủ tục hành chính) is identified by its national code (mã TTHC, e.g. 1.001193,
// domain-vn §5.3). It holds Versions. A Version is what a dossier (hồ sơ) pins: the name, field,
// implementing levels, competent unit kind, online level, variants (trường hợp) with their
// durations, fees, required documents and internal workflow, the application form, the result,
// the legal basis and the publication decision (quyết định công bố), in force from EffectiveFrom
// to EffectiveTo inclusive.
//
// A version is a draft (editable), published (frozen: every edit attempt is refused with a
// Conflict error "version_published") or withdrawn. Publishing requires Validate to return no
// problem and no overlap with the procedure's other published versions. VersionOn picks the
// version in force on a day; a dossier received that day pins it (domain-vn rule V1), and keeps it
// when later versions are published.
//
// The 2025 reform (domain-vn §11, R11.5): district-level versions end on 2025-06-30 at the
// latest; their replacements at commune or city level start on 2025-07-01. Validate refuses a
// district-level version that is still in force after 2025-06-30.
//
// # Problems and errors
//
// Validation never stops at the first problem: Validate, Procedure.Validate and ParseFile return
// every Problem, each with the JSON path of the value it is about (e.g.
// "procedures[3].versions[0].variants[0].workflow[2].unit_kind"), a stable code and a message in
// Vietnamese and English. Publishable wraps the problems of a version into one errs.Invalid error
// with code "invalid_procedure" (an *InvalidError, which also carries the list).
//
// Problem codes (stable, part of the contract):
//
//	required               a required value is missing or empty
//	empty_name             a name or label is empty
//	invalid_code           a national code is not N.NNNNNN (first digit 1, 2 or 3)
//	invalid_local_code     a localised code is neither code.OrganID nor code.A00
//	invalid_organ_id       an agency identifier does not parse (domain-vn §5.2)
//	duplicate_code         two procedures, variants or components share a code; two versions a number
//	invalid_number         a version number below 1
//	invalid_status         a version status that is not draft, published or withdrawn
//	invalid_date           a date that is not YYYY-MM-DD
//	invalid_period         effective_to before effective_from
//	district_after_reform  a district-level version in force after 2025-06-30 (R11.5)
//	version_overlap        two published versions of one procedure in force on the same day
//	invalid_level          an implementing level that is not ministry, province, district or commune
//	unknown_unit_kind      a unit kind that org does not know
//	unknown_role           a role that org does not know
//	inter_agency_same_kind an inter-agency step at the competent unit's own kind
//	invalid_online_level   not none, partial or full (domain-vn §4.6)
//	invalid_result_kind    not paper_document, electronic_only or none
//	unknown_duration_unit  not working_days, working_hours, same_day or calendar_days
//	invalid_duration       negative, not finite, fractional calendar days, or a bad cut-off
//	invalid_step_duration  a workflow step not allotted in working time (days or hours)
//	workflow_too_long      the workflow's allotted working time exceeds the legal duration
//	invalid_fee_kind       not fixed, by_case or free
//	negative_fee           a fee amount below zero
//	invalid_fee            a fixed fee of 0 VND, or a free fee with an amount
//	invalid_count          a negative number of originals or copies
//	missing_legal_basis    no legal basis: a version cannot be published without one
//	unknown_field_type     a form field type the form engine does not know
//	invalid_field_name     a form field name that is not lower_snake_case
//	duplicate_field        two form fields share a name
//	choice_without_options a choice field without options
//	duplicate_option       two options of a choice field share a value
//	min_greater_than_max   a rule's minimum above its maximum
//	invalid_pattern        a pattern that is not a valid regular expression
//	rule_not_applicable    a rule that the field's type cannot use
//	invalid_rule           a rule value that cannot be used (negative length, bad date bound, bad file type)
//	unknown_field          a JSON key the format does not define, or a reference to no field
//	invalid_type           a JSON value of the wrong type
//	invalid_json           the input is not well-formed JSON (or too large, or nested too deep)
//	duplicate_key          a JSON object has the same key twice
//	unsupported_format     the file's "format" is not FormatV1
//
// The JSON format is described field by field in FORMAT.md beside this file.
//
// # Demo catalogue
//
// Demo returns a catalogue of Hà Nội procedures with real national codes, embedded from
// data/hanoi.json. Values that could not be confirmed against a public copy of the national
// catalogue carry "illustrative": true (see FORMAT.md for the rule). The city's level-1 agency
// code is not hard-coded: agency identifiers in the file contain the placeholder RootPlaceholder,
// replaced by File.Localize with the configured code.
package catalog
