package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// UnitRow is one row of a units file: code,name,type,parent_code[,organ_id] (the columns of the
// GSO lists; organ_id, the agency code, is optional).
type UnitRow struct {
	Line       int
	Code       string
	Name       string
	Type       string
	ParentCode string
	OrganID    string
}

// ImportResult counts what an import did.
type ImportResult struct {
	Rows      int
	Created   int
	Closed    int
	Unchanged int
	Linked    int
}

// kindOfType maps a GSO unit type to a unit kind.
func kindOfType(t string) (org.Kind, bool) {
	switch t {
	case "Thành phố Trung ương", "Tỉnh":
		return org.KindCity, true
	case "Quận", "Huyện", "Thị xã", "Thành phố":
		return org.KindDistrict, true
	case "Phường", "Xã", "Thị trấn", "Đặc khu":
		return org.KindCommune, true
	}
	return "", false
}

func lineErr(line int, vi, en string) error {
	return errs.Invalidf(fmt.Sprintf("line %d", line), "invalid_row", fmt.Sprintf("Dòng %d: %s", line, vi), fmt.Sprintf("Line %d: %s", line, en))
}

var codePattern = regexp.MustCompile(`^(\d{2}|\d{3}|\d{5})$`)

// ParseUnitRows reads and checks a whole units file. The first bad row stops it with an Invalid
// error naming the line.
func ParseUnitRows(r io.Reader) ([]UnitRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, lineErr(1, "không đọc được dòng tiêu đề.", "cannot read the header.")
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	want := []string{"code", "name", "type", "parent_code"}
	if len(header) < 4 || len(header) > 5 || strings.Join(header[:4], ",") != strings.Join(want, ",") || (len(header) == 5 && header[4] != "organ_id") {
		return nil, lineErr(1, "tiêu đề phải là code,name,type,parent_code[,organ_id].", "the header must be code,name,type,parent_code[,organ_id].")
	}
	var rows []UnitRow
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, lineErr(line, "dòng CSV không hợp lệ: "+err.Error(), "malformed CSV: "+err.Error())
		}
		if len(rec) != len(header) {
			return nil, lineErr(line, fmt.Sprintf("cần %d cột, có %d.", len(header), len(rec)), fmt.Sprintf("want %d columns, got %d.", len(header), len(rec)))
		}
		row := UnitRow{Line: line, Code: strings.TrimSpace(rec[0]), Name: org.NormalizeText(rec[1]), Type: org.NormalizeText(rec[2]), ParentCode: strings.TrimSpace(rec[3])}
		if len(rec) == 5 {
			row.OrganID = strings.TrimSpace(rec[4])
		}
		if !codePattern.MatchString(row.Code) {
			return nil, lineErr(line, fmt.Sprintf("mã %q không phải mã đơn vị hành chính (2, 3 hoặc 5 chữ số).", row.Code), fmt.Sprintf("code %q is not a GSO code.", row.Code))
		}
		if row.Name == "" {
			return nil, lineErr(line, "thiếu tên đơn vị.", "missing name.")
		}
		if _, ok := kindOfType(row.Type); !ok {
			return nil, lineErr(line, fmt.Sprintf("loại đơn vị %q không được hỗ trợ.", row.Type), fmt.Sprintf("unknown unit type %q.", row.Type))
		}
		if row.OrganID != "" {
			if _, err := org.ParseOrganID(row.OrganID); err != nil {
				return nil, lineErr(line, errs.Public(err).Message, "invalid agency code.")
			}
		}
		if prev, dup := seen[row.Code]; dup {
			return nil, lineErr(line, fmt.Sprintf("mã %s trùng với dòng %d.", row.Code, prev), fmt.Sprintf("code %s repeats line %d.", row.Code, prev))
		}
		seen[row.Code] = line
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, lineErr(2, "tệp không có dòng dữ liệu nào.", "the file has no rows.")
	}
	for _, row := range rows {
		if row.ParentCode != "" {
			if _, ok := seen[row.ParentCode]; !ok {
				return nil, lineErr(row.Line, fmt.Sprintf("mã đơn vị cấp trên %s không có trong tệp.", row.ParentCode), fmt.Sprintf("parent code %s is not in the file.", row.ParentCode))
			}
		}
	}
	return rows, nil
}

// ImportUnits applies a units file as the state of the territories from day effective on: a row
// whose unit is in force unchanged is left alone; a changed one gets a new version from effective
// (the old version closes the day before); a territory in force under the file's root that the
// file no longer lists closes the day before. Running the same import twice changes nothing.
// Everything happens in one transaction: on any error nothing is imported. progress, if not nil,
// is called as rows are applied. Errors: Invalid (with the line), Forbidden.
func (s *Service) ImportUnits(ctx context.Context, rows []UnitRow, effective org.Date, progress func(done, total int)) (ImportResult, error) {
	a, err := actor(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		res = ImportResult{Rows: len(rows)}
		var changes []change
		dayBefore := effective.AddDays(-1)
		current := map[string]*org.Unit{} // GSO code -> version in force on effective day
		for _, k := range []org.Kind{org.KindCity, org.KindDistrict, org.KindCommune} {
			us, err := tx.Units(ctx, store.UnitFilter{On: effective, Kinds: []org.Kind{k}, Limit: 5000})
			if err != nil {
				return nil, err
			}
			for _, u := range us {
				current[u.GSOCode] = u
			}
		}
		ids := map[string]int64{} // code -> unit ID after this import
		listed := map[string]bool{}
		var root *org.Unit
		for i, row := range ordered(rows) {
			listed[row.Code] = true
			kind, _ := kindOfType(row.Type)
			var parentID int64
			if row.ParentCode != "" {
				parentID = ids[row.ParentCode]
			}
			u := &org.Unit{GSOCode: row.Code, Name: row.Name, Kind: kind, Category: row.Type, ParentID: parentID, ValidFrom: effective, OrganID: row.OrganID}
			if err := u.Validate(); err != nil {
				return nil, lineErr(row.Line, errs.Public(err).Message, err.Error())
			}
			cur := current[row.Code]
			if cur != nil && cur.Kind == kind && cur.Name == u.Name && cur.Category == u.Category && cur.ParentID == parentID && (u.OrganID == "" || cur.OrganID == u.OrganID) {
				ids[row.Code] = cur.ID
				res.Unchanged++
				if row.ParentCode == "" {
					root = cur
				}
				continue
			}
			if cur != nil {
				if !cur.ValidFrom.Before(effective.Time) {
					return nil, lineErr(row.Line, fmt.Sprintf("đơn vị %s đã được nhập với nội dung khác cho ngày hiệu lực %s.", row.Code, effective), "the unit was imported with other contents for this effective date.")
				}
				if !a.Can(org.PermManageUnits, cur.Path) {
					return nil, errs.ErrForbidden
				}
				before := viewUnit(cur)
				if err := tx.CloseUnit(ctx, cur.ID, dayBefore); err != nil {
					return nil, err
				}
				cur.ValidTo = dayBefore
				changes = append(changes, change{Action: "unit.close", ObjectType: "unit", ObjectID: cur.ID, UnitPath: cur.Path, Before: before, After: viewUnit(cur)})
				res.Closed++
			}
			parentPath := "/"
			if parentID != 0 {
				p, err := tx.Unit(ctx, parentID)
				if err != nil {
					return nil, err
				}
				parentPath = p.Path
			}
			if !a.Can(org.PermManageUnits, parentPath) {
				return nil, errs.ErrForbidden
			}
			if err := tx.InsertUnit(ctx, u, s.clock.Now()); err != nil {
				return nil, lineErr(row.Line, errs.Public(err).Message, err.Error())
			}
			ids[row.Code] = u.ID
			if row.ParentCode == "" {
				root = u
			}
			changes = append(changes, change{Action: "unit.create", ObjectType: "unit", ObjectID: u.ID, UnitPath: u.Path, After: viewUnit(u)})
			res.Created++
			if progress != nil && (i%50 == 0 || i == len(rows)-1) {
				progress(i+1, len(rows))
			}
		}
		// Territories under the root that the file no longer lists end the day before.
		if root != nil {
			for code, cur := range current {
				if listed[code] || !root.Contains(cur) || !cur.ValidFrom.Before(effective.Time) {
					continue
				}
				if !a.Can(org.PermManageUnits, cur.Path) {
					return nil, errs.ErrForbidden
				}
				before := viewUnit(cur)
				if err := tx.CloseUnit(ctx, cur.ID, dayBefore); err != nil {
					return nil, err
				}
				cur.ValidTo = dayBefore
				changes = append(changes, change{Action: "unit.close", ObjectType: "unit", ObjectID: cur.ID, UnitPath: cur.Path, Before: before, After: viewUnit(cur)})
				res.Closed++
			}
		}
		if progress != nil {
			progress(len(rows), len(rows))
		}
		return changes, nil
	})
	return res, err
}

// ordered returns rows with every parent before its children.
func ordered(rows []UnitRow) []UnitRow {
	done := map[string]bool{}
	out := make([]UnitRow, 0, len(rows))
	for len(out) < len(rows) {
		progressed := false
		for _, r := range rows {
			if done[r.Code] || (r.ParentCode != "" && !done[r.ParentCode]) {
				continue
			}
			done[r.Code] = true
			out = append(out, r)
			progressed = true
		}
		if !progressed { // a cycle: ParseUnitRows guarantees parents exist, so only a loop gets here
			for _, r := range rows {
				if !done[r.Code] {
					done[r.Code] = true
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// ReformRow is one row of a reform mapping: new_code,new_name,old_code,old_name,kind.
type ReformRow struct {
	Line             int
	NewCode, NewName string
	OldCode, OldName string
	Partial          bool
}

// ParseReformRows reads and checks a whole reform mapping file.
func ParseReformRows(r io.Reader) ([]ReformRow, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil || strings.TrimPrefix(strings.Join(header, ","), "\ufeff") != "new_code,new_name,old_code,old_name,kind" {
		return nil, lineErr(1, "tiêu đề phải là new_code,new_name,old_code,old_name,kind.", "the header must be new_code,new_name,old_code,old_name,kind.")
	}
	var rows []ReformRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, lineErr(line, "dòng CSV không hợp lệ: "+err.Error(), "malformed CSV: "+err.Error())
		}
		row := ReformRow{Line: line, NewCode: strings.TrimSpace(rec[0]), NewName: org.NormalizeText(rec[1]), OldCode: strings.TrimSpace(rec[2]), OldName: org.NormalizeText(rec[3])}
		switch strings.TrimSpace(rec[4]) {
		case "full":
		case "partial":
			row.Partial = true
		default:
			return nil, lineErr(line, fmt.Sprintf("kiểu sáp nhập %q phải là full hoặc partial.", rec[4]), "kind must be full or partial.")
		}
		if !codePattern.MatchString(row.NewCode) || !codePattern.MatchString(row.OldCode) {
			return nil, lineErr(line, "mã đơn vị hành chính không hợp lệ.", "invalid GSO code.")
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, lineErr(2, "tệp không có dòng dữ liệu nào.", "the file has no rows.")
	}
	return rows, nil
}

// ImportReform links each old territory (in force the day before effective) to the new one (in
// force on effective) per the mapping, then links each dissolved district to the successors of its
// communes. Names must match the stored versions, so a mapping for another date or province is
// refused. Idempotent; one transaction. Errors: Invalid (with the line), Forbidden.
func (s *Service) ImportReform(ctx context.Context, rows []ReformRow, effective org.Date) (ImportResult, error) {
	a, err := actor(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		res = ImportResult{Rows: len(rows)}
		var changes []change
		find := func(code string, on org.Date) (*org.Unit, error) {
			us, err := tx.Units(ctx, store.UnitFilter{On: on, GSOCode: code, Kinds: []org.Kind{org.KindCommune, org.KindDistrict}})
			if err != nil || len(us) == 0 {
				return nil, err
			}
			return us[0], nil
		}
		link := func(old, nu *org.Unit, partial bool) error {
			if !a.Can(org.PermManageUnits, old.Path) || !a.Can(org.PermManageUnits, nu.Path) {
				return errs.ErrForbidden
			}
			added, err := tx.AddSuccessor(ctx, old.ID, nu.ID, partial)
			if err != nil {
				return err
			}
			if added {
				res.Linked++
				changes = append(changes, change{Action: "unit.successor", ObjectType: "unit", ObjectID: old.ID, UnitPath: old.Path,
					After: map[string]any{"successor_id": nu.ID, "partial": partial}})
			} else {
				res.Unchanged++
			}
			return nil
		}
		dayBefore := effective.AddDays(-1)
		districtSucc := map[int64]map[int64]*org.Unit{}
		districts := map[int64]*org.Unit{}
		for _, row := range rows {
			old, err := find(row.OldCode, dayBefore)
			if err != nil {
				return nil, err
			}
			nu, err := find(row.NewCode, effective)
			if err != nil {
				return nil, err
			}
			if old == nil || old.Name != row.OldName || old.ValidTo != dayBefore {
				return nil, lineErr(row.Line, fmt.Sprintf("không có đơn vị %s %s hết hiệu lực ngày %s.", row.OldCode, row.OldName, dayBefore), "no such old unit ending the day before.")
			}
			if nu == nil || nu.Name != row.NewName || nu.ValidFrom != effective {
				return nil, lineErr(row.Line, fmt.Sprintf("không có đơn vị %s %s bắt đầu hiệu lực ngày %s.", row.NewCode, row.NewName, effective), "no such new unit starting on the effective day.")
			}
			if err := link(old, nu, row.Partial); err != nil {
				return nil, err
			}
			if old.ParentID != 0 {
				p, err := tx.Unit(ctx, old.ParentID)
				if err != nil {
					return nil, err
				}
				if p.Kind == org.KindDistrict && p.ValidTo == dayBefore {
					districts[p.ID] = p
					if districtSucc[p.ID] == nil {
						districtSucc[p.ID] = map[int64]*org.Unit{}
					}
					districtSucc[p.ID][nu.ID] = nu
				}
			}
		}
		for id, succ := range districtSucc {
			for _, nu := range succ {
				if err := link(districts[id], nu, true); err != nil {
					return nil, err
				}
			}
		}
		return changes, nil
	})
	return res, err
}
