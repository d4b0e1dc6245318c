package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// FormatV1 is the value of File.Format for this version of the file format (FORMAT.md).
const FormatV1 = "egov-procedures/1"

// RootPlaceholder stands for the city's level-1 agency code (e.g. H24, domain-vn §5.2) in agency
// identifiers, so that catalogue files do not hard-code it. File.Localize replaces it.
const RootPlaceholder = "{root}"

// File is a catalogue file: the JSON format of import and export, described in FORMAT.md.
type File struct {
	Format     string          `json:"format"`
	Procedures []ProcedureJSON `json:"procedures"`
}

// ProcedureJSON is a procedure in a File.
type ProcedureJSON struct {
	NationalCode string `json:"national_code"`
	// Agency is the OrganID of the publishing agency, possibly with RootPlaceholder.
	Agency string `json:"agency,omitempty"`
	// LocalCode is accepted on input: the long form sets Agency (and is then dropped), the short
	// form (1.012784.H21) is kept as is.
	LocalCode    string        `json:"local_code,omitempty"`
	Illustrative bool          `json:"illustrative,omitempty"`
	Sources      []string      `json:"sources,omitempty"`
	Versions     []VersionJSON `json:"versions"`
}

// VersionJSON is a version in a File. Dates are YYYY-MM-DD.
type VersionJSON struct {
	Number             int              `json:"number"`
	Status             Status           `json:"status"`
	EffectiveFrom      string           `json:"effective_from"`
	EffectiveTo        string           `json:"effective_to,omitempty"`
	Name               string           `json:"name"`
	Field              string           `json:"field"`
	Levels             []Level          `json:"levels"`
	CompetentUnitKind  org.Kind         `json:"competent_unit_kind"`
	OnlineLevel        OnlineLevel      `json:"online_level"`
	ResultKind         ResultKind       `json:"result_kind"`
	Results            []string         `json:"results,omitempty"`
	LegalBasis         []string         `json:"legal_basis"`
	Publication        *PublicationJSON `json:"publication,omitempty"`
	Variants           []Variant        `json:"variants"`
	Form               *FormSchema      `json:"form,omitempty"`
	Note               string           `json:"note,omitempty"`
	Illustrative       bool             `json:"illustrative,omitempty"`
	IllustrativeFields []string         `json:"illustrative_fields,omitempty"`
}

// PublicationJSON is a publication decision in a File.
type PublicationJSON struct {
	Number       string `json:"number"`
	Date         string `json:"date,omitempty"`
	Illustrative bool   `json:"illustrative,omitempty"`
}

// ParseFile reads a catalogue file strictly and checks everything: JSON syntax, unknown keys and
// values of the wrong type (each a problem with its path), the format, dates, every rule of
// Procedure.Validate and codes used by two procedures. It returns the file (long local codes
// moved into agency) and nil, or nil and every problem found: an import with a problem imports
// nothing.
func ParseFile(r io.Reader) (*File, []Problem) {
	var c collector
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	switch {
	case err != nil:
		c.add("", "invalid_json", "Không đọc được tệp: "+err.Error(), "The file cannot be read: "+err.Error())
		return nil, c.list
	case len(data) > MaxFileSize:
		c.add("", "invalid_json", fmt.Sprintf("Tệp lớn hơn %d MB.", MaxFileSize>>20), fmt.Sprintf("The file is larger than %d MB.", MaxFileSize>>20))
		return nil, c.list
	}
	root, ok := parseTree(data, &c)
	if !ok {
		return nil, c.list
	}
	var f File
	assign(root, reflect.ValueOf(&f).Elem(), "", &c)
	switch {
	case root.kind != jObject:
		// reported by assign
	case f.Format == "":
		c.add("format", "required", fmt.Sprintf("Cần khai báo \"format\": %q.", FormatV1), fmt.Sprintf("\"format\": %q is required.", FormatV1))
	case f.Format != FormatV1:
		c.add("format", "unsupported_format",
			fmt.Sprintf("Định dạng %q không được hỗ trợ (cần %q).", f.Format, FormatV1),
			fmt.Sprintf("Format %q is not supported (want %q).", f.Format, FormatV1))
	}
	f.normalize()
	procs := f.convert(&c)
	// Rules are checked on what could be decoded; a value already reported as undecodable is not
	// reported again (an unreadable date is not also a missing one).
	bad := make([]string, 0, len(c.list))
	for _, p := range c.list {
		bad = append(bad, p.Path)
	}
	var rules collector
	seen := map[string]int{}
	for i, p := range procs {
		path := idx("procedures", i)
		p.validate(&rules, path)
		if p.NationalCode == "" {
			continue
		}
		if j, dup := seen[p.NationalCode]; dup {
			rules.add(join(path, "national_code"), "duplicate_code",
				fmt.Sprintf("Mã TTHC %s đã có ở procedures[%d].", p.NationalCode, j),
				fmt.Sprintf("National code %s is already used by procedures[%d].", p.NationalCode, j))
			continue
		}
		seen[p.NationalCode] = i
	}
	for _, p := range rules.list {
		if !under(p.Path, bad) {
			c.list = append(c.list, p)
		}
	}
	if len(c.list) > 0 {
		return nil, c.list
	}
	return &f, nil
}

// under reports whether path is one of paths or lies inside one of them.
func under(path string, paths []string) bool {
	for _, p := range paths {
		if p == "" || path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
			return true
		}
	}
	return false
}

// normalize moves long local codes into Agency.
func (f *File) normalize() {
	for i := range f.Procedures {
		p := &f.Procedures[i]
		if p.LocalCode == "" {
			continue
		}
		n, agency, short, ok := ParseLocalCode(p.LocalCode)
		if ok && !short && n == p.NationalCode && (p.Agency == "" || p.Agency == agency) {
			p.Agency, p.LocalCode = agency, ""
		}
	}
}

// Catalog converts the file to procedures. It returns an *InvalidError when the file breaks a
// rule (never for a file returned by ParseFile).
func (f *File) Catalog() ([]*Procedure, error) {
	var c collector
	f.normalize()
	procs := f.convert(&c)
	for i, p := range procs {
		p.validate(&c, idx("procedures", i))
	}
	if len(c.list) > 0 {
		return nil, newInvalidError(c.list)
	}
	return procs, nil
}

var levelOne = regexp.MustCompile(`^[A-Z]\d{2}$`)

// Localize replaces RootPlaceholder in every agency identifier with root, the city's level-1
// code (a letter and two digits, e.g. the derived H24 for Hà Nội). It returns an Invalid error
// "invalid_organ_id" for a malformed root and changes nothing then.
func (f *File) Localize(root string) error {
	if !levelOne.MatchString(root) {
		return errs.Invalidf("root", "invalid_organ_id",
			fmt.Sprintf("Mã cấp 1 %q không đúng dạng một chữ hoa và hai chữ số (ví dụ H24).", root),
			fmt.Sprintf("Level-1 code %q is not a capital letter and two digits (e.g. H24).", root))
	}
	for i := range f.Procedures {
		f.Procedures[i].Agency = strings.ReplaceAll(f.Procedures[i].Agency, RootPlaceholder, root)
	}
	return nil
}

func (f *File) convert(c *collector) []*Procedure {
	procs := make([]*Procedure, 0, len(f.Procedures))
	for i := range f.Procedures {
		pj := &f.Procedures[i]
		path := idx("procedures", i)
		p := &Procedure{NationalCode: pj.NationalCode, Agency: pj.Agency, Illustrative: pj.Illustrative,
			Sources: pj.Sources}
		if pj.LocalCode != "" {
			n, agency, short, ok := ParseLocalCode(pj.LocalCode)
			switch {
			case ok && short && n == pj.NationalCode:
				p.LegacyLocalCode = pj.LocalCode
			case ok && !short && n == pj.NationalCode:
				if pj.Agency != "" && pj.Agency != agency {
					c.add(join(path, "local_code"), "invalid_local_code",
						fmt.Sprintf("Mã %q khác cơ quan công bố %s.", pj.LocalCode, pj.Agency),
						fmt.Sprintf("Local code %q disagrees with agency %s.", pj.LocalCode, pj.Agency))
				}
				p.Agency = agency
			default:
				c.add(join(path, "local_code"), "invalid_local_code",
					fmt.Sprintf("Mã TTHC áp dụng tại địa phương %q không khớp mã %s.", pj.LocalCode, pj.NationalCode),
					fmt.Sprintf("Local code %q does not match national code %s.", pj.LocalCode, pj.NationalCode))
			}
		}
		for j := range pj.Versions {
			v := pj.Versions[j].version(c, join(path, idx("versions", j)))
			v.NationalCode, v.Agency, v.LegacyLocalCode = p.NationalCode, p.Agency, p.LegacyLocalCode
			p.Versions = append(p.Versions, v)
		}
		procs = append(procs, p)
	}
	return procs
}

func parseDate(c *collector, path, s string) org.Date {
	if s == "" {
		return org.Date{}
	}
	d, err := org.ParseDate(s)
	if err != nil || d.String() != s {
		c.add(path, "invalid_date",
			fmt.Sprintf("Ngày %q không hợp lệ, cần dạng NNNN-TT-NN (ví dụ 2025-07-01).", s),
			fmt.Sprintf("Date %q is not valid, expected YYYY-MM-DD.", s))
		return org.Date{}
	}
	return d
}

func (vj *VersionJSON) version(c *collector, path string) Version {
	v := Version{
		Number: vj.Number, Status: vj.Status,
		EffectiveFrom: parseDate(c, join(path, "effective_from"), vj.EffectiveFrom),
		EffectiveTo:   parseDate(c, join(path, "effective_to"), vj.EffectiveTo),
		Name:          vj.Name, Field: vj.Field, Levels: vj.Levels, CompetentUnitKind: vj.CompetentUnitKind,
		OnlineLevel: vj.OnlineLevel, ResultKind: vj.ResultKind, Results: vj.Results, LegalBasis: vj.LegalBasis,
		Variants: vj.Variants, Form: vj.Form, Note: vj.Note,
		Illustrative: vj.Illustrative, IllustrativeFields: vj.IllustrativeFields,
	}
	if vj.Publication != nil {
		v.Publication = &Publication{Number: vj.Publication.Number, Illustrative: vj.Publication.Illustrative,
			Date: parseDate(c, join(path, "publication.date"), vj.Publication.Date)}
	}
	return v.Clone()
}

// JSON returns the file form of the procedure.
func (p *Procedure) JSON() ProcedureJSON {
	pj := ProcedureJSON{NationalCode: p.NationalCode, Agency: p.Agency, LocalCode: p.LegacyLocalCode,
		Illustrative: p.Illustrative, Sources: p.Sources}
	for i := range p.Versions {
		pj.Versions = append(pj.Versions, p.Versions[i].JSON())
	}
	return pj
}

// JSON returns the file form of the version (without the procedure's identity).
func (v *Version) JSON() VersionJSON {
	c := v.Clone()
	vj := VersionJSON{
		Number: c.Number, Status: c.Status, EffectiveFrom: c.EffectiveFrom.String(), EffectiveTo: c.EffectiveTo.String(),
		Name: c.Name, Field: c.Field, Levels: c.Levels, CompetentUnitKind: c.CompetentUnitKind,
		OnlineLevel: c.OnlineLevel, ResultKind: c.ResultKind, Results: c.Results, LegalBasis: c.LegalBasis,
		Variants: c.Variants, Form: c.Form, Note: c.Note,
		Illustrative: c.Illustrative, IllustrativeFields: c.IllustrativeFields,
	}
	if c.Publication != nil {
		vj.Publication = &PublicationJSON{Number: c.Publication.Number, Date: c.Publication.Date.String(),
			Illustrative: c.Publication.Illustrative}
	}
	return vj
}

// WriteFile writes procs as a catalogue file (format FormatV1, two-space indentation, UTF-8 text
// unescaped). ParseFile reads it back to equal procedures.
func WriteFile(w io.Writer, procs []*Procedure) error {
	f := File{Format: FormatV1, Procedures: make([]ProcedureJSON, 0, len(procs))}
	for _, p := range procs {
		f.Procedures = append(f.Procedures, p.JSON())
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&f); err != nil {
		return errs.Wrap(err, "encode catalogue")
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return errs.Wrap(err, "write catalogue")
	}
	return nil
}

// Version converts the file form of a version back, with the procedure's identity given. Only the
// dates are checked (an *InvalidError "invalid_procedure" with paths relative to the version);
// call Validate for the rest.
func (vj *VersionJSON) Version(nationalCode, agency, legacyLocalCode string) (Version, error) {
	c := &collector{}
	v := vj.version(c, "")
	if len(c.list) > 0 {
		return Version{}, newInvalidError(c.list)
	}
	v.NationalCode, v.Agency, v.LegacyLocalCode = nationalCode, agency, legacyLocalCode
	return v, nil
}
