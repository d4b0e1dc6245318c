package org

import (
	"fmt"
	"regexp"

	"github.com/egov-vn/egov/internal/errs"
)

// OrganID is a mã định danh điện tử cơ quan: the 13-character agency identifier
// V1V2V3.Z1Z2.Y1Y2.MX1X2 of QĐ 20/2020 and QCVN 102:2016 (domain-vn §5.2).
//
//   - Level1 (MX1X2): a letter and two digits, G.. for central bodies, H.. for provinces;
//   - Level2 (Y1Y2): a unit under level 1, "00" if none;
//   - Level3 (Z1Z2): a unit under level 2, "00" if none;
//   - Level4 (V1V2V3): a unit under level 3, "000" if none.
type OrganID struct {
	Level1 string
	Level2 string
	Level3 string
	Level4 string
}

var organIDPattern = regexp.MustCompile(`^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z]\d{2})$`)

// ParseOrganID parses s strictly. It returns an Invalid error with code "invalid_organ_id" when
// s is not of the form 000.00.00.A00, or when a lower level is set under an empty higher level
// (e.g. 000.05.00.H24, which names a level-3 unit with no level-2 parent).
func ParseOrganID(s string) (OrganID, error) {
	m := organIDPattern.FindStringSubmatch(s)
	if m == nil {
		return OrganID{}, errs.Invalidf("organ_id", "invalid_organ_id",
			fmt.Sprintf("Mã định danh cơ quan %q không đúng định dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 (ví dụ 000.00.00.H24).", s),
			fmt.Sprintf("Agency code %q is not of the form 000.00.00.H24.", s))
	}
	id := OrganID{Level4: m[1], Level3: m[2], Level2: m[3], Level1: m[4]}
	if (id.Level2 == "00" && (id.Level3 != "00" || id.Level4 != "000")) || (id.Level3 == "00" && id.Level4 != "000") {
		return OrganID{}, errs.Invalidf("organ_id", "invalid_organ_id",
			fmt.Sprintf("Mã định danh cơ quan %q có cấp dưới nhưng thiếu cấp trên.", s),
			fmt.Sprintf("Agency code %q sets a lower level under an empty higher level.", s))
	}
	return id, nil
}

// String formats the identifier as V1V2V3.Z1Z2.Y1Y2.MX1X2.
func (o OrganID) String() string {
	return o.Level4 + "." + o.Level3 + "." + o.Level2 + "." + o.Level1
}

// Depth is the number of levels set: 1 for a ministry or province, up to 4.
func (o OrganID) Depth() int {
	switch {
	case o.Level4 != "000":
		return 4
	case o.Level3 != "00":
		return 3
	case o.Level2 != "00":
		return 2
	default:
		return 1
	}
}

// Parent is the identifier one level up, and false for a level-1 identifier.
func (o OrganID) Parent() (OrganID, bool) {
	p := o
	switch o.Depth() {
	case 4:
		p.Level4 = "000"
	case 3:
		p.Level3 = "00"
	case 2:
		p.Level2 = "00"
	default:
		return OrganID{}, false
	}
	return p, true
}
