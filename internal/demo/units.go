package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// codeScheme gives the agency code of each row of a units file (code,name,type,parent_code),
// in row order.
type codeScheme func(l *loader, rows [][]string) ([]string, error)

// importUnits reads an embedded units file, adds the organ_id column computed by scheme, and
// imports it with app.ParseUnitRows and ImportUnits: the code path of `egov import units`.
func (l *loader) importUnits(ctx context.Context, name string, effective org.Date, scheme codeScheme) error {
	raw, err := files.ReadFile(name)
	if err != nil {
		return errs.Wrap(err, "demo data")
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil || len(recs) < 2 {
		return errs.Wrap(fmt.Errorf("%s: %v", name, err), "demo data")
	}
	codes, err := scheme(l, recs[1:])
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(append(recs[0][:4:4], "organ_id"))
	for i, rec := range recs[1:] {
		w.Write(append(rec[:4:4], codes[i]))
	}
	w.Flush()
	rows, err := app.ParseUnitRows(&buf)
	if err != nil {
		return err
	}
	res, err := l.svc.ImportUnits(ctx, rows, effective, nil)
	l.res.Units += res.Created
	return err
}

// codesBefore numbers the districts 31, 32, … in file order and the communes of each district
// 01, 02, … in file order.
func codesBefore(l *loader, rows [][]string) ([]string, error) {
	root := ""
	district := map[string]int{} // district GSO code -> DD
	communes := map[string]int{} // district GSO code -> communes numbered so far
	out := make([]string, len(rows))
	for i, r := range rows {
		code, parent := r[0], r[3]
		switch {
		case parent == "":
			root = code
			out[i] = l.code(0, 0, 0)
		case parent == root:
			district[code] = 31 + len(district)
			out[i] = l.code(0, 0, district[code])
		default:
			dd, ok := district[parent]
			if !ok {
				return nil, fmt.Errorf("demo data: commune %s listed before its district %s", code, parent)
			}
			communes[parent]++
			out[i] = l.code(0, communes[parent], dd)
		}
	}
	return out, nil
}

// codesAfter numbers the communes after the reform i = 1, 2, … in file order as 000.ZZ.9Y.
func codesAfter(l *loader, rows [][]string) ([]string, error) {
	out := make([]string, len(rows))
	i := 0
	for k, r := range rows {
		if r[3] == "" {
			out[k] = l.code(0, 0, 0)
			continue
		}
		i++
		out[k] = l.code(0, (i-1)%99+1, 90+(i-1)/99)
	}
	return out, nil
}

// importReform links the old territories to their successors.
func (l *loader) importReform(ctx context.Context) error {
	raw, err := files.ReadFile(reformMap)
	if err != nil {
		return errs.Wrap(err, "demo data")
	}
	rows, err := app.ParseReformRows(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	_, err = l.svc.ImportReform(ctx, rows, reformDay)
	return err
}

// department is one of the city's departments (sở, ban, ngành), with its divisions (phòng).
type department struct {
	Name      string
	ShortName string
	Divisions []string
}

// departments are the city's specialised agencies under their names from 2025 (after the
// merger of departments in March 2025), and the city police, a central agency's local branch
// that handles many procedures at the one-stop desks. Their numbers in the agency codes follow
// this order.
var departments = []department{
	{"Văn phòng Ủy ban nhân dân thành phố Hà Nội", "VP", nil},
	{"Sở Nội vụ", "SNV", nil},
	{"Sở Tư pháp", "STP", []string{"Văn phòng Sở", "Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"}},
	{"Sở Tài chính", "STC", nil},
	{"Sở Xây dựng", "SXD", []string{"Văn phòng Sở", "Phòng Quản lý hoạt động xây dựng", "Phòng Quản lý nhà và thị trường bất động sản"}},
	{"Sở Y tế", "SYT", []string{"Văn phòng Sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược"}},
	{"Sở Giáo dục và Đào tạo", "SGDĐT", nil},
	{"Sở Công Thương", "SCT", nil},
	{"Sở Nông nghiệp và Môi trường", "SNNMT", nil},
	{"Sở Văn hóa và Thể thao", "SVHTT", nil},
	{"Sở Du lịch", "SDL", nil},
	{"Sở Khoa học và Công nghệ", "SKHCN", nil},
	{"Sở Dân tộc và Tôn giáo", "SDTTG", nil},
	{"Sở Quy hoạch - Kiến trúc", "SQHKT", nil},
	{"Sở Ngoại vụ", "SNgV", nil},
	{"Thanh tra thành phố Hà Nội", "TTTP", nil},
	{"Ban Quản lý các Khu công nghiệp và chế xuất Hà Nội", "BQLKCN", nil},
	{"Công an thành phố Hà Nội", "CATP", nil}, // a vertical agency (ngành dọc) that receives dossiers at the centres
}

// cityCentreName is the city's public administration service centre.
const cityCentreName = "Trung tâm Phục vụ hành chính công thành phố Hà Nội"

// agencies creates the departments and the city's service centre, a one-stop desk under every
// district and pre-reform commune (in force as long as its territory), a service centre under
// every commune after the reform, and then the divisions of some departments.
func (l *loader) agencies(ctx context.Context) error {
	city, err := l.unit(ctx, "01", startDay)
	if err != nil {
		return err
	}
	var batch []*org.Unit
	depts := make([]*org.Unit, len(departments))
	for i, d := range departments {
		depts[i] = &org.Unit{OrganID: l.code(0, 0, i+1), Name: d.Name, ShortName: d.ShortName, Kind: org.KindDepartment, ParentID: city.ID, ValidFrom: startDay}
		batch = append(batch, depts[i])
	}
	batch = append(batch, &org.Unit{OrganID: l.code(0, 0, len(departments)+1), Name: cityCentreName, ShortName: "TTPVHCC",
		Kind: org.KindServiceCentre, ParentID: city.ID, ValidFrom: startDay})

	before, err := l.svc.Units(ctx, store.UnitFilter{On: reformDay.AddDays(-1), Kinds: []org.Kind{org.KindDistrict, org.KindCommune}, Limit: 5000})
	if err != nil {
		return err
	}
	after, err := l.svc.Units(ctx, store.UnitFilter{On: reformDay, Kinds: []org.Kind{org.KindCommune}, Limit: 5000})
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, t := range append(before, after...) {
		if seen[t.ID] { // a territory unchanged by the reform is in both lists
			continue
		}
		seen[t.ID] = true
		u := &org.Unit{Kind: org.KindOneStopDesk, Name: "Bộ phận Một cửa " + lowerFirst(t.Name), ShortName: "BPMC",
			ParentID: t.ID, ValidFrom: t.ValidFrom, ValidTo: t.ValidTo}
		if t.ValidFrom == reformDay {
			u.Kind, u.Name, u.ShortName = org.KindServiceCentre, "Trung tâm Phục vụ hành chính công "+lowerFirst(t.Name), "TTPVHCC"
		}
		id, err := org.ParseOrganID(t.OrganID)
		if err != nil {
			return err
		}
		if id.Depth() == 2 { // a district: its desk is a level-3 unit
			id.Level3 = "99"
		} else {
			id.Level4 = "001"
		}
		u.OrganID = id.String()
		batch = append(batch, u)
	}
	if err := l.svc.CreateUnits(ctx, batch); err != nil {
		return err
	}
	l.res.Units += len(batch)

	var divisions []*org.Unit
	for i, d := range departments {
		for k, name := range d.Divisions {
			divisions = append(divisions, &org.Unit{OrganID: l.code(0, k+1, i+1), Name: name, Kind: org.KindDivision, ParentID: depts[i].ID, ValidFrom: startDay})
		}
	}
	if err := l.svc.CreateUnits(ctx, divisions); err != nil {
		return err
	}
	l.res.Units += len(divisions)
	return nil
}

// unit returns the territory with the given GSO code in force on day d.
func (l *loader) unit(ctx context.Context, gso string, d org.Date) (*org.Unit, error) {
	us, err := l.svc.Units(ctx, store.UnitFilter{On: d, GSOCode: gso, Kinds: []org.Kind{org.KindCity, org.KindDistrict, org.KindCommune}})
	if err != nil {
		return nil, err
	}
	if len(us) != 1 {
		return nil, errs.Wrap(fmt.Errorf("demo data: %d units with GSO code %s on %s", len(us), gso, d), "demo")
	}
	return us[0], nil
}

// child returns the direct child of parent of the given kind in force on d, named name (or the
// only one of that kind when name is "").
func (l *loader) child(ctx context.Context, parent *org.Unit, kind org.Kind, name string, d org.Date) (*org.Unit, error) {
	us, err := l.svc.Units(ctx, store.UnitFilter{On: d, ParentID: parent.ID, Kinds: []org.Kind{kind}})
	if err != nil {
		return nil, err
	}
	var found []*org.Unit
	for _, u := range us {
		if name == "" || u.Name == name {
			found = append(found, u)
		}
	}
	if len(found) != 1 {
		return nil, errs.Wrap(fmt.Errorf("demo data: %d units %q of kind %s under %s", len(found), name, kind, parent.Name), "demo")
	}
	return found[0], nil
}

// lowerFirst lowers the first letter of a territory's name for use inside another name:
// "Phường Ba Đình" -> "phường Ba Đình".
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
